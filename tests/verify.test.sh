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

# has FILE PATTERN...: every pattern is in the site's FILE.
has() {
	f=$city/site/$1
	shift
	for pat in "$@"; do
		grep -q -- "$pat" "$f" || { echo "missing in $f: $pat"; return 1; }
	done
}
# hasnt FILE PATTERN: the pattern is not in the site's FILE.
hasnt() {
	! grep -q -- "$2" "$city/site/$1" || { echo "found in $1: $2"; return 1; }
}
check "site without parties.yaml: the author as the publisher" \
    has changes/index.html "发布单位：区物业办 ·"
check "site without parties.yaml: no signature claim on a page" \
    hasnt changes/index.html "签名"
check "site without parties.yaml: none in the feed" \
    hasnt feed.xml "signature="
check "site without parties.yaml: revision.json says none is required" \
    has revision.json '"signature": "none"' '"signature_words": "不要求签名"'
saved_head=$(git -C "$city" rev-parse HEAD)
cp "$city/site/feed.xml" "$work/saved-feed.xml"

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

# A revision committed elsewhere in UTC: its time is shown in the
# site's zone (Beijing time), as the site shows it.
sed -i 's/^    amount: 0.60$/    amount: 0.65/' "$yz"
git -C "$city" add content
GIT_COMMITTER_DATE=2026-11-27T02:00:00+00:00 git -C "$city" \
    -c user.name=外地 -c user.email=x@example.cn commit -q \
    --date=2026-11-27T02:00:00+00:00 -m "在UTC时区提交"
verify HEAD~1..HEAD; got=$?
expect "verify shows a revision's time in the site's zone, not the commit's" 1 \
    "(2026-11-27 10:00)"
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

# On the site: each revision names the party that signed it and says
# whether the signature held, by verify's rules.  The history so far
# ends with the forged revision; three more are added: unsigned, out of
# the signer's scope, and signed with a key no party lists.
sed -i 's/^    amount: 0.70$/    amount: 0.75/' "$yz"
(cd "$city" && "$GONGSHI" --lang en publish --quiet --all \
    --author "无名 <x@example.cn>" -m "未签名的修改") >/dev/null 2>&1
unsigned=$(git -C "$city" rev-parse --short=12 HEAD)
sed -i 's/^    amount: 0.30$/    amount: 0.90/' "$hp"
as wuye -m "越权修改别的小区"
scope=$(git -C "$city" rev-parse --short=12 HEAD)
sed -i 's/^    amount: 0.75$/    amount: 0.80/' "$yz"
as other -m "陌生钥匙签名的修改"
unknown=$(git -C "$city" rev-parse --short=12 HEAD)
(cd "$city" && "$GONGSHI" --lang en build --quiet) >"$work/out" 2>&1
# card ID: a revision's card on /changes/, from its id to its end.
card() {
	sed -n "/id=\"r-$1\"/,/<\/li>\$/p" "$city/site/changes/index.html" \
	    >"$work/card"
}
card "$(git -C "$city" rev-parse --short=12 HEAD~5)"
check "site: a party's revision within its scope: the party, 签名已核验" \
    grep -q "发布单位：<strong>测试泉安物业</strong>（✓ 签名已核验）" "$work/card"
card "$(git -C "$city" rev-parse --short=12 HEAD~6)"
check "site: the city adding parties.yaml: the city, 签名已核验" \
    grep -q "发布单位：<strong>测试市住建局</strong>（✓ 签名已核验）" "$work/card"
card "$unsigned"
check "site: an unsigned revision: 未签名, the publisher not confirmed" \
    grep -q "发布单位：<strong>无法确认</strong>（未签名；自称“无名”）" "$work/card"
card "$scope"
check "site: a revision beyond the signer's scope is shown as such" \
    grep -q "测试泉安物业</strong>（签名已核验，但<strong>本次改动超出该单位的发布权限" \
    "$work/card"
card "$unknown"
check "site: a key no party lists: 签名无法核验" \
    grep -q "无法确认</strong>（签名无法核验；自称“other”）" "$work/card"
card "$(git -C "$city" rev-parse --short=12 HEAD~3)"
check "site: the forged revision: 签名无法核验" grep -q "签名无法核验" "$work/card"
check "site: the first revision, before parties.yaml: its author, no claim" \
    grep -q "发布单位：区物业办 · 版本" "$city/site/changes/index.html"
check "site: the changes page explains what 签名已核验 means" \
    grep -q 'id="sig-help"' "$city/site/changes/index.html"
sed -n "/id=\"r-$scope\"/,/<\/li>\$/p" \
    "$city/site/c/heping-xincun/history/index.html" >"$work/card"
check "site: the compound's history page shows the out-of-scope revision" \
    grep -q "超出该单位的发布权限" "$work/card"
check "site: the compound page names who published its revision, and how" \
    grep -q "公示版本 <code>$unknown</code>，other于.*（签名无法核验）" \
    "$city/site/c/yanzishan-xiaoqu/index.html"

# gongshi log says the same at a terminal, and in its JSON.
(cd "$city" && "$GONGSHI" --lang en log) >"$work/log" 2>&1
check "log: who signed each revision, and whether it held" sh -c "
	grep -q '^    \[signed by 测试泉安物业, verified\]' '$work/log' &&
	grep -q '^    \[signed by 测试泉安物业, verified, but it changed what' '$work/log' &&
	grep -q '^    \[not signed\]' '$work/log' &&
	grep -q '^    \[signed with a key no party lists\]' '$work/log' &&
	grep -q '^    \[the signature does not verify\]' '$work/log'"
(cd "$city" && "$GONGSHI" --lang zh log heping-xincun) \
    >"$work/log" 2>&1
check "log of one compound, in Chinese: the out-of-scope revision" grep -q \
    "^    \[签名已核验，发布单位：测试泉安物业；但本次改动超出该单位的发布权限" \
    "$work/log"
(cd "$city" && "$GONGSHI" log --json) >"$work/log.json" 2>&1
check "log --json: each revision's publisher and signature" sh -c "
	grep -q '\"commit\": \"$(git -C "$city" rev-parse HEAD)\".*\"publisher\": \"other\", \"signature\": \"unknown_key\"' '$work/log.json' &&
	grep -q '\"publisher\": \"测试泉安物业\", \"signature\": \"verified\"' '$work/log.json' &&
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' '$work/log.json'"
head=$(git -C "$city" rev-parse HEAD)
parent=$(git -C "$city" rev-parse HEAD~1)
{
	echo "{"
	echo "  \"commit\": \"$head\","
	echo "  \"parent\": \"$parent\","
	echo "  \"date\": \"$(date -u -d "@$(($(git -C "$city" log -1 --format=%at HEAD) + 28800))" +%Y-%m-%dT%H:%M:%S+08:00)\","
	echo "  \"publisher\": \"other\","
	echo "  \"author\": \"other\","
	echo "  \"signature\": \"unknown_key\","
	echo "  \"signature_words\": \"签名无法核验\","
	echo "  \"last_publication\": \"$head\","
	echo "  \"unpublished_changes\": false"
	echo "}"
} >"$work/want.json"
check "revision.json: the head commit, its parent, date, publisher, signature" \
    diff "$work/want.json" "$city/site/revision.json"
check "feed: the head, and each entry's commit, parent and signature" \
    has feed.xml "<gongshi:head commit=\"$head\" parent=\"$parent\"/>" \
    "<gongshi:commit id=\"$head\" parent=\"$parent\" signature=\"unknown_key\"/>" \
    'signature="out_of_scope"' 'signature="forged"' 'signature="unsigned"' \
    'signature="verified"' "发布单位：测试泉安物业（签名已核验）" \
    'rel="related" type="application/json" href="[^"]*revision.json"'
check "feed: an area's feed names its entries' commits" \
    has area/370102/feed.xml 'gongshi:commit id='
check "feed: an area's feed does not name the head (it changes only with its own)" \
    hasnt area/370102/feed.xml 'gongshi:head'
old=$(sed -n 's/.*<gongshi:head commit="\([0-9a-f]*\)".*/\1/p' "$work/saved-feed.xml")
check "feed chain: the saved feed's head is what was published then" \
    test "$old" = "$saved_head"
check "feed chain: the saved feed's head is an ancestor of today's" \
    git -C "$city" merge-base --is-ancestor "$old" "$head"

# The verdicts are remembered: built again without ssh-keygen, the
# same bytes; and the same again when every one is checked anew.
cp "$city/site/changes/index.html" "$work/changes.1"
cp "$city/site/revision.json" "$work/revision.1"
(PATH=$work/bin; export PATH; cd "$city" && "$GONGSHI" --lang en build \
    --quiet --no-cache) >"$work/out" 2>&1
check "signatures remembered: a build without ssh-keygen shows the same" \
    cmp "$work/changes.1" "$city/site/changes/index.html"
rm -f "$city/.gongshi/signatures"
(cd "$city" && "$GONGSHI" --lang en build --quiet --no-cache) >"$work/out" 2>&1
check "revision.json: the same bytes when every signature is checked anew" \
    cmp "$work/revision.1" "$city/site/revision.json"
rm -f "$city/.gongshi/signatures"
(PATH=$work/bin; export PATH; cd "$city" && "$GONGSHI" --lang en build \
    --quiet --no-cache) >"$work/out" 2>&1
check "without ssh-keygen, nothing remembered: 签名暂未核验, still built" \
    grep -q "签名暂未核验" "$city/site/changes/index.html"

# A rewritten history: a feed saved before shows it.
cp "$city/site/feed.xml" "$work/saved-feed.xml"
git -C "$city" reset -q --hard HEAD~2
sed -i 's/^    amount: 0.75$/    amount: 0.50/' "$yz"
(cd "$city" && "$GONGSHI" --lang en publish --quiet --all \
    --author "改写者 <x@example.cn>" -m "改写") >/dev/null 2>&1
new=$(sed -n 's/.*<gongshi:head commit="\([0-9a-f]*\)".*/\1/p' "$city/site/feed.xml")
old=$(sed -n 's/.*<gongshi:head commit="\([0-9a-f]*\)".*/\1/p' "$work/saved-feed.xml")
check "feed chain: after history is rewritten, the saved head is no ancestor" \
    sh -c "test -n '$new' && test '$new' != '$old' &&
	! git -C '$city' merge-base --is-ancestor '$old' '$new'"
