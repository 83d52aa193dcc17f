#!/bin/sh
# gongshi hook: the central repository refuses pushes to main that
# rewrite history, break parties.yaml's rules or carry invalid content.
# libgit2's local transport runs no server hooks, so the central bare
# repository is served by git daemon on loopback, and pushed to with
# the git CLI and with gongshi publish --push.  Real keys made by
# ssh-keygen in a temporary folder.  The hook speaks Chinese (it is
# installed with --lang zh); the cases read its messages.
: "${GONGSHI:?GONGSHI must name the gongshi binary}"
. tests/lib/keys.sh
need_tools hook git ssh-keygen /usr/bin/python3
work=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
group=hook
. tests/lib.sh
git_sandbox

# expect NAME WANT-STATUS PATTERN... (tests/lib/keys.sh): the last
# push's status and output.
gongshi=$(cd "$(dirname "$GONGSHI")" && pwd)/$(basename "$GONGSHI")
# Under the sanitizers: libgit2 1.5's own leak (tests/lsan.supp).
LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}
export LSAN_OPTIONS

keys=$work/keys
make_keys "$keys" city wuye yewei

city=$work/city
mkdir -p "$city"
cp -R content layouts "$city/"
test_parties "$keys" >"$city/content/parties.yaml"

# The central repository, with the hook, served on a free loopback port.
mkdir -p "$work/srv"
git init -q --bare -b main "$work/srv/central.git"
if "$GONGSHI" --lang en hook install --trust "$keys/city.pub" \
    "$work/srv/central.git" >"$work/out" 2>&1 && [ -x "$work/srv/central.git/hooks/pre-receive" ] &&
    grep -q "$gongshi" "$work/srv/central.git/hooks/pre-receive"; then
	ok "hook install writes a pre-receive hook calling this gongshi"
else
	notok "hook install writes a pre-receive hook calling this gongshi" \
	    "$(cat "$work/out")"
fi
# Another, pinning no key; and one pinning a key that is not the city's.
git init -q --bare -b main "$work/srv/open.git"
"$GONGSHI" --lang en hook install "$work/srv/open.git" >/dev/null 2>&1
git init -q --bare -b main "$work/srv/pinned.git"
"$GONGSHI" --lang en hook install --trust "$keys/wuye.pub" \
    "$work/srv/pinned.git" >/dev/null 2>&1
"$GONGSHI" --lang en hook install "$work/srv/open.git" >"$work/out" 2>&1
got=$?
expect "hook install again over its own hook: done" 0 "installed"
git init -q --bare -b main "$work/foreign.git"
printf '#!/bin/sh\nexit 0\n' >"$work/foreign.git/hooks/pre-receive"
"$GONGSHI" --lang en hook install "$work/foreign.git" >"$work/out" 2>&1
got=$?
grep -q "exit 0" "$work/foreign.git/hooks/pre-receive" || got=99
expect "hook install over another program's hook: refused, that hook kept" 2 \
    "already there"
git init -q "$work/plain"
"$GONGSHI" --lang en hook install "$work/plain" >"$work/out" 2>&1; got=$?
if [ "$got" -eq 2 ] && grep -q "bare" "$work/out"; then
	ok "hook install refuses a repository with a working folder"
else
	notok "hook install refuses a repository with a working folder" \
	    "exit $got" "$(cat "$work/out")"
fi

# serve: git daemon on a free port (tests/lib.sh: serve_retry).
serve() {
	port=$(free_port)
	git daemon --reuseaddr --listen=127.0.0.1 --port="$port" \
	    --base-path="$work/srv" --export-all --enable=receive-pack \
	    "$work/srv" >"$work/daemon.log" 2>&1 &
	server_pid=$!
	url=git://127.0.0.1:$port/central.git
	served "$url" "$server_pid"
}
serve_retry serve "git daemon serves the central repository" \
    "$work/daemon.log"

yz=content/compounds/lixia/yanzishan-xiaoqu.yaml
hp=content/compounds/lixia/heping-xincun.yaml

# as DIR WHO -m MESSAGE [more publish arguments]: a signed publication.
as() {
	dir=$1 who=$2
	shift 2
	(cd "$dir" && "$GONGSHI" --lang en publish --quiet --all \
	    --author "$who <$who@example.cn>" --sign-key "$keys/$who" "$@") \
	    >"$work/publish.log" 2>&1 ||
	    { echo "# publish as $who failed:"; sed 's/^/#   /' "$work/publish.log"; }
}
remote_main() {
	git ls-remote "$url" refs/heads/main | cut -f 1
}
# push DIR [git push arguments]: the git CLI's push, said into $work/out.
push() {
	dir=$1
	shift
	git -C "$dir" push "$url" "$@" >"$work/out" 2>&1
}
# refused NAME PATTERN...: the push was refused, main did not move.
refused() {
	name=$1
	shift
	before=$(remote_main)
	push "$city" main; got=$?
	[ "$(remote_main)" = "$before" ] || got=99
	expect "$name" 1 "pre-receive hook declined" "$@"
	git -C "$city" reset -q --hard "$before"
}

as "$city" city -m "设立发布单位，首次公示"
push "$city" main; got=$?
[ "$(remote_main)" = "$(git -C "$city" rev-parse HEAD)" ] || got=99
expect "the city's first signed publication lands in the central repository" 0

git -C "$city" push "git://127.0.0.1:$port/pinned.git" main >"$work/out" 2>&1
got=$?
[ -z "$(git ls-remote "git://127.0.0.1:$port/pinned.git")" ] || got=99
expect "a history whose parties.yaml another key added: refused where --trust pins" 1 \
    "pre-receive hook declined" "--trust"
git -C "$city" push "git://127.0.0.1:$port/open.git" main >"$work/out" 2>&1
got=$?
[ "$(git ls-remote "git://127.0.0.1:$port/open.git" main | cut -f 1)" = \
    "$(git -C "$city" rev-parse HEAD)" ] || got=99
expect "the same history where no key is pinned: lands" 0

sed -i 's/^    amount: 0.55$/    amount: 0.60/' "$city/$yz"
as "$city" wuye -m "调整物业服务费"
push "$city" main; got=$?
[ "$(remote_main)" = "$(git -C "$city" rev-parse HEAD)" ] || got=99
expect "a company changing its own fees, signed: lands, and the hook says so" 0 \
    "remote: .*已接受"

sed -i 's/^    amount: 0.30$/    amount: 0.90/' "$city/$hp"
as "$city" wuye -m "越权修改别的小区"
refused "a company changing another compound: refused, record named" \
    "heping-xincun" "测试泉安物业 (wuye)" "拒绝"

sed -i 's/{role: 主任, name: 石某}/{role: 主任, name: 冒某}/' "$city/$yz"
as "$city" wuye -m "越权修改业委会"
refused "a company changing the committee's section: refused, field named" \
    "yanzishan-xiaoqu · owners_committee"

sed -i 's/^    amount: 0.60$/    amount: 0.65/' "$city/$yz"
(cd "$city" && "$GONGSHI" --lang en publish --quiet --all \
    --author "无名 <x@example.cn>" -m "未签名的修改") >/dev/null 2>&1
refused "an unsigned revision: refused, the changed field named" \
    "yanzishan-xiaoqu · fees" "未签名"

# History rewritten: the last revision replaced, then forced.
git -C "$city" -c user.name=x -c user.email=x@example.cn \
    commit -q --amend -m "改写历史" --no-gpg-sign
before=$(remote_main)
push "$city" --force main; got=$?
[ "$(remote_main)" = "$before" ] || got=99
expect "a force-push rewriting history: refused" 1 \
    "pre-receive hook declined" "改写"
git -C "$city" reset -q --hard "$before"

push "$city" :main; got=$?
[ "$(remote_main)" = "$before" ] || got=99
expect "deleting main: refused" 1 "删除"

# A merge, of revisions that change nothing (so nothing else is wrong).
git -C "$city" -c user.name=x -c user.email=x@example.cn \
    commit -q --allow-empty -m "甲" --no-gpg-sign
git -C "$city" branch -q side HEAD~1
git -C "$city" -c user.name=x -c user.email=x@example.cn \
    commit-tree -p HEAD -p side -m "合并" "HEAD^{tree}" >"$work/merge"
git -C "$city" reset -q --hard "$(cat "$work/merge")"
git -C "$city" branch -q -D side
refused "a merge: refused, the history stays one line" "合并"

# Invalid content, signed by the city (so within every scope): committed
# with the git CLI, since publish would not commit it.
sed -i 's/^    amount: 0.60$/    amount: 六毛/' "$city/$yz"
git -C "$city" add "$yz"
git -C "$city" -c user.name=city -c user.email=city@example.cn \
    -c gpg.format=ssh -c user.signingKey="$keys/city" \
    commit -q -S -m "错误的金额"
refused "invalid content, signed: refused, file and line named" \
    "yanzishan-xiaoqu.yaml:30"

# A personal mobile committed with the git CLI (publish would have moved
# it into the private contact book): it must not enter the history.
sed -i 's/manager: {name: 孟某, phone: 私密-[0-9a-f]*}/manager: {name: 孟某, phone: 13800009999}/' "$city/$yz"
git -C "$city" add "$yz"
git -C "$city" -c user.name=city -c user.email=city@example.cn \
    -c gpg.format=ssh -c user.signingKey="$keys/city" \
    commit -q -S -m "明文手机号码"
refused "a personal mobile in a record, signed: refused, place named" \
    "yanzishan-xiaoqu.yaml:22:.*13800009999"

# publish --push: office A (the company) in $city, office B (the city
# itself) in a clone of the central repository.
git -C "$city" remote add central "$url"
b=$work/office-b
git clone -q "$url" "$b"
# pub DIR WHO REMOTE -m MESSAGE: publish --push, said into $work/out.
pub() {
	dir=$1 who=$2 remote=$3
	shift 3
	(cd "$dir" && "$GONGSHI" --lang en publish --all \
	    --author "$who <$who@example.cn>" --sign-key "$keys/$who" \
	    --push "$remote" "$@") >"$work/out" 2>&1
}
# linear: the central main has no merges, and holds both messages.
linear() {
	git -C "$work/srv/central.git" log --format=%s main >"$work/log"
	[ "$(git -C "$work/srv/central.git" rev-list --merges main | wc -l)" \
	    -eq 0 ] && grep -q "$1" "$work/log" && grep -q "$2" "$work/log"
}

sed -i 's/^    amount: 0.60$/    amount: 0.62/' "$city/$yz"
pub "$city" wuye central -m "物业费再调整"; got=$?
[ "$(remote_main)" = "$(git -C "$city" rev-parse HEAD)" ] || got=99
expect "publish --push: a signed change lands, and the folder matches" 0 \
    "pushed"

# B has not fetched A's revision: its publish must be replayed on it.
sed -i 's/^    amount: 0.30$/    amount: 0.35/' "$b/$hp"
pub "$b" city origin -m "市里调整和平新村"; got=$?
[ "$(remote_main)" = "$(git -C "$b" rev-parse HEAD)" ] || got=99
linear "物业费再调整" "市里调整和平新村" || got=98
grep -q "amount: 0.62" "$b/$yz" || got=97
grep -q "$(git -C "$b" rev-parse HEAD)" "$b/site/.gongshi-site" || got=96
expect "publish --push behind the central main: replayed, signed, lands" 0 \
    "moved on"
echo "city@example.cn namespaces=\"git\" $(cat "$keys/city.pub")" \
    >"$work/allowed"
if git -C "$b" -c gpg.ssh.allowedSignersFile="$work/allowed" \
    verify-commit HEAD >"$work/out" 2>&1; then
	ok "the replayed revision is signed again: git verify-commit accepts it"
else
	notok "the replayed revision is signed again: git verify-commit accepts it" \
	    "$(cat "$work/out")"
fi

# The same record changed in both: a conflict, nothing changes here.
sed -i 's/^    amount: 0.62$/    amount: 0.63/' "$city/$yz"
git -C "$city" fetch -q central
(cd "$city" && "$GONGSHI" --lang en publish --quiet --all --author \
    "wuye <wuye@example.cn>" --sign-key "$keys/wuye" -m "先在本地发布") \
    >/dev/null 2>&1
sed -i 's/^    amount: 0.62$/    amount: 0.64/' "$b/$yz"
pub "$b" city origin -m "市里也改燕子山"
local_b=$(git -C "$b" rev-parse HEAD)
pub "$city" wuye central -m "物业费第三次调整"; got=$?
[ "$(git -C "$city" rev-parse HEAD)" != "$(remote_main)" ] || got=99
grep -q "amount: 0.63" "$city/$yz" || got=98
expect "publish --push when the central repository changed the same record: conflict named" 1 \
    "conflict" "yanzishan-xiaoqu"
git -C "$city" reset -q --hard central/main

# A push the hook refuses: said with the central repository's words;
# the local revision stays.
sed -i 's/^    amount: 0.35$/    amount: 0.95/' "$city/$hp"
pub "$city" wuye central -m "越权修改别的小区"; got=$?
[ "$(remote_main)" != "$(git -C "$city" rev-parse HEAD)" ] || got=99
expect "publish --push refused by the hook: why, and the revision kept" 1 \
    "remote: .*heping-xincun" "refused"
git -C "$city" reset -q --hard central/main

# Two offices at once: both land, one after the other, linear.
git -C "$city" fetch -q central && git -C "$city" reset -q --hard central/main
git -C "$b" fetch -q origin && git -C "$b" reset -q --hard origin/main
sed -i '30s/amount: .*$/amount: 0.66/' "$city/$yz"
sed -i '33s/amount: .*$/amount: 0.40/' "$b/$hp"
(cd "$city" && "$GONGSHI" --lang en publish --all --author \
    "wuye <wuye@example.cn>" --sign-key "$keys/wuye" --push central \
    -m "同时发布甲") >"$work/a.out" 2>&1 &
pa=$!
(cd "$b" && "$GONGSHI" --lang en publish --all --author \
    "city <city@example.cn>" --sign-key "$keys/city" --push origin \
    -m "同时发布乙") >"$work/b.out" 2>&1 &
pb=$!
wait "$pa"; sa=$?
wait "$pb"; sb=$?
cat "$work/a.out" "$work/b.out" >"$work/out"
got=$((sa + sb))
linear "同时发布甲" "同时发布乙" || { got=99; cat "$work/log" >>"$work/out"; }
expect "two offices pushing at once: both land, history linear" 0 "moved on"

# Unpublished edits in a file the central repository changed: the
# folder is not overwritten, and nothing is pushed.
sed -i '33s/amount: .*$/amount: 0.45/' "$b/$hp"
pub "$b" city origin -m "市里再调和平新村" >/dev/null 2>&1
git -C "$city" fetch -q central
before=$(remote_main)
sed -i '33s/amount: .*$/amount: 0.99/' "$city/$hp"
sed -i '30s/amount: .*$/amount: 0.67/' "$city/$yz"
(cd "$city" && "$GONGSHI" --lang en publish --author "wuye <wuye@example.cn>" \
    --sign-key "$keys/wuye" --push central -m "只发布燕子山" \
    yanzishan-xiaoqu) >"$work/out" 2>&1; got=$?
[ "$(remote_main)" = "$before" ] || got=99
grep -q "amount: 0.99" "$city/$hp" || got=98
expect "publish --push over unpublished edits to a file others changed: stops, edits kept" 2 \
    "heping-xincun.yaml" "unpublished edits"

# --push with a URL instead of a remote's name.
open=git://127.0.0.1:$port/open.git
(cd "$city" && "$GONGSHI" --lang en publish --author "wuye <wuye@example.cn>" \
    --sign-key "$keys/wuye" --push "$open" yanzishan-xiaoqu) \
    >"$work/out" 2>&1; got=$?
[ "$(git ls-remote "$open" main | cut -f 1)" = \
    "$(git -C "$city" rev-parse HEAD)" ] || got=99
expect "publish --push to a URL: lands there" 0 "pushed"

# --push to the central repository's folder on this disk: libgit2's local
# transport would write there with no hook, so it is refused before
# anything is committed, by path and by a remote that names the path.
sed -i '30s/amount: .*$/amount: 0.68/' "$city/$yz"
here=$(git -C "$city" rev-parse HEAD)
before=$(remote_main)
(cd "$city" && "$GONGSHI" --lang en publish --author "wuye <wuye@example.cn>" \
    --sign-key "$keys/wuye" --push "$work/srv/central.git" \
    -m "本机路径" yanzishan-xiaoqu) >"$work/out" 2>&1; got=$?
[ "$(git -C "$city" rev-parse HEAD)" = "$here" ] || got=99
[ "$(remote_main)" = "$before" ] || got=98
expect "publish --push to a folder on this disk: refused, nothing committed" 2 \
    "is a folder on this machine"
git -C "$city" remote add disk "file://$work/srv/central.git"
(cd "$city" && "$GONGSHI" publish --author "wuye <wuye@example.cn>" \
    --sign-key "$keys/wuye" --push disk -m "本机路径" yanzishan-xiaoqu) \
    >"$work/out" 2>&1; got=$?
[ "$(git -C "$city" rev-parse HEAD)" = "$here" ] || got=99
expect "publish --push to a remote that names a folder: refused in Chinese" 2 \
    "本机上的文件夹"
