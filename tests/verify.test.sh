#!/bin/sh
# gongshi verify: every revision that changed content is signed by a
# party of parties.yaml as it stood in the parent, and stays within
# that party's scope.  Real keys made by ssh-keygen in a temporary
# folder; revisions made by gongshi publish --sign-key, and forged ones
# by the git CLI.

# gongshi runs with --lang en here, where cases read its messages.
: "${GONGSHI:?GONGSHI must name the gongshi binary}"
. tests/lib/keys.sh
need_tools verify git ssh-keygen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
group=verify
. tests/lib.sh
git_sandbox

keys=$work/keys
make_keys "$keys" city street wuye yewei other

city=$work/city
mkdir -p "$city"
cp -R content layouts "$city/"
rm -f "$city/content/parties.yaml"
yz=$city/content/compounds/lixia/yanzishan-xiaoqu.yaml
hp=$city/content/compounds/lixia/heping-xincun.yaml

{
	test_parties "$keys"
	party yanshan 测试燕山街道 街道 "$keys/street.pub" areas '["370102012"]'
} >"$work/parties.yaml"

# as WHO -m MESSAGE [more publish arguments]: a signed publication.
as() {
	who=$1
	shift
	(cd "$city" && "$GONGSHI" --lang en publish --quiet --all \
	    --author "$who <$who@example.cn>" --sign-key "$keys/$who" "$@") \
	    >"$work/publish.log" 2>&1 ||
	    { echo "# publish as $who failed:"; sed 's/^/#   /' "$work/publish.log"; }
}
verify() {
	(cd "$city" && "$GONGSHI" --lang en verify "$@") >"$work/out" 2>&1
}
# undo: forget the last revision (a rejected one), content included.
undo() {
	git -C "$city" reset -q --hard HEAD~1
}
# expect NAME STATUS PATTERN... (tests/lib/keys.sh): verify's exit
# status and what it says.

(cd "$city" && "$GONGSHI" --lang en publish --quiet \
    --author "区物业办 <wy@example.cn>" -m "首次公示") >/dev/null 2>&1
verify; got=$?
expect "without parties.yaml nothing is enforced, and it says so" 0 \
    "nothing is enforced"

cp "$work/parties.yaml" "$city/content/parties.yaml"
as other -m "冒充市里添加发布单位"
verify; got=$?
expect "parties.yaml first added with a key it does not list: refused, no anchor" 1 \
    "no party in parties.yaml" "trust anchor: none; .* first added in revision"
undo

cp "$work/parties.yaml" "$city/content/parties.yaml"
as wuye -m "物业自己添加发布单位"
verify; got=$?
expect "parties.yaml first added by a company, not a 市 party: refused, no anchor" 1 \
    "kind 市" "wuye" "trust anchor: none"
undo

cp "$work/parties.yaml" "$city/content/parties.yaml"
as city -m "设立发布单位"
verify; got=$?
fp=$(ssh-keygen -l -E sha256 -f "$keys/city.pub" | cut -d ' ' -f 2)
expect "the city adds parties.yaml: accepted, with its key's fingerprint" 0 \
    "trust anchor" "$fp" "测试市住建局"
verify --trust "$keys/city.pub"; got=$?
expect "--trust with the city's key: accepted" 0 "$fp"
verify --trust "$keys/other.pub"; got=$?
expect "--trust with another key: refused" 1 "--trust"

sed -i 's/^    amount: 0.55$/    amount: 0.60/' "$yz"
as wuye -m "调整物业服务费"
verify HEAD~1..HEAD; got=$?
expect "a company changing its own compound's fees: accepted" 0 \
    "violations: 0,"

sed -i 's/^    amount: 0.30$/    amount: 0.90/' "$hp"
as wuye -m "越权修改别的小区"
verify HEAD~1..HEAD; got=$?
expect "the company changing another compound: refused, record named" 1 \
    "测试泉安物业 (wuye)" "heping-xincun" "not among its compounds"
undo

sed -i 's/{role: 主任, name: 石某}/{role: 主任, name: 冒某}/' "$yz"
as wuye -m "越权修改业委会"
verify HEAD~1..HEAD; got=$?
expect "the company changing the committee's section: refused, field named" 1 \
    "yanzishan-xiaoqu · owners_committee" "may not change owners_committee"
undo

sed -i 's/{role: 主任, name: 石某}/{role: 主任, name: 石某某}/' "$yz"
as yewei -m "业委会更正主任姓名"
verify HEAD~1..HEAD; got=$?
expect "the committee changing its own section: accepted" 0 "violations: 0,"

sed -i 's/^    amount: 0.60$/    amount: 0.65/' "$yz"
(cd "$city" && "$GONGSHI" --lang en publish --quiet --all \
    --author "无名 <x@example.cn>" -m "未签名的修改") >/dev/null 2>&1
verify HEAD~1..HEAD; got=$?
expect "an unsigned revision: refused as not signed" 1 "not signed"
undo

sed -i 's/compounds: \[yanzishan-xiaoqu\]$/compounds: [yanzishan-xiaoqu, heping-xincun]/' \
    "$city/content/parties.yaml"
as wuye -m "物业给自己加权限"
verify HEAD~1..HEAD; got=$?
expect "a party widening its own scope in parties.yaml: refused" 1 \
    "content/parties.yaml" "kind 市"
undo

sed -i 's/^    amount: 0.60$/    amount: 0.70/' "$yz"
as street -m "街道修改辖区小区收费"
verify HEAD~1..HEAD; got=$?
expect "a street changing a compound in its area: accepted" 0 "violations: 0,"

# A forged revision: a signed commit's bytes changed after signing,
# with its signature kept, put on the branch with the git CLI.
git -C "$city" cat-file commit HEAD |
    sed 's/^街道修改辖区小区收费$/街道修改辖区小区收费（改）/' >"$work/forged"
forged=$(git -C "$city" hash-object -t commit -w "$work/forged")
git -C "$city" update-ref refs/heads/main "$forged"
verify HEAD~1..HEAD; got=$?
expect "a forged signature (commit changed after signing): refused" 1 \
    "does not verify"

# The whole history: the forged revision is the one violation.
verify; got=$?
expect "the whole history: one revision refused, named" 1 \
    "in revisions: 1$" "$(git -C "$city" rev-parse --short=12 HEAD)"

# Without ssh-keygen nothing can be checked: said once, status 2.
mkdir -p "$work/bin"
ln -s "$(command -v git)" "$work/bin/git"
(PATH=$work/bin; export PATH; cd "$city" && "$GONGSHI" --lang en verify) \
    >"$work/out" 2>&1; got=$?
expect "without ssh-keygen: one error saying to install openssh-client" 2 \
    "apt-get install openssh-client"
