#!/bin/sh
# Personal data that can be taken back (issue 14, item 5): the public
# repository and its history hold no personal mobile number, while the
# site and boards show them from the private contact book; a changed
# number is said as 联系电话已更新; gongshi forget takes a number off
# everything public without rewriting the history.  git's CLI is the
# independent reader of what was committed.

: "${GONGSHI:?GONGSHI must name the gongshi binary}"
if ! command -v git >/dev/null 2>&1 || ! command -v patch >/dev/null 2>&1
then
	echo "skip - privacy: git and patch are needed (scripts/deps.sh --test)"
	exit 0
fi
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
group=privacy
. tests/lib.sh
git_sandbox
AUTHOR="测试员 <tester@example.cn>"
# A Chinese mobile as a whole number (not inside a longer run of
# digits, such as a credit code's).
MOBILE='(^|[^0-9])1[3-9][0-9]{9}([^0-9]|$)'

# What a clone of repository $1 gives anyone, on standard output: every
# reachable blob's bytes, every path, and every commit's people and
# message.  (Object names are left out: their hex digits hold runs that
# look like numbers.)
all_objects() {
	git -C "$1" rev-list --objects --all | cut -d' ' -f1 |
	    git -C "$1" cat-file --batch-check='%(objectname) %(objecttype)' |
	    awk '$2 == "blob" { print $1 }' |
	    git -C "$1" cat-file --batch='%(objecttype)'
	git -C "$1" rev-list --objects --all | cut -s -d' ' -f2-
	git -C "$1" log --all --format='%an %ae%n%cn %ce%n%B'
}

# The scan finds a mobile where one was committed with plain git.
control=$work/control
git init -q "$control"
mkdir -p "$control/content"
printf 'steward: {name: 某某, phone: 13900000000}\n' >"$control/content/x.yaml"
git -C "$control" add content
git -C "$control" -c user.name=x -c user.email=x@example.cn \
    commit -q -m "明文号码"
all_objects "$control" >"$work/control.out"
check "the scan finds a mobile committed with plain git" \
    grep -aqE "$MOBILE" "$work/control.out"

# The demo city's history, replayed as scripts/demo-history.sh does.
demo=$work/demo
site=$work/site
if GONGSHI=$GONGSHI sh scripts/demo-history.sh "$demo" "$site" \
    >"$work/demo.log" 2>&1; then
	ok "the demo history replays"
else
	notok "the demo history replays" "$(tail -5 "$work/demo.log")"
fi
all_objects "$demo" >"$work/objects"
check "the demo history has objects to scan" test -s "$work/objects"
check "no object in the demo's history holds a personal mobile" sh -c "
	! grep -aqE '$MOBILE' '$work/objects'"
check "the demo's records hold seals" \
    git -C "$demo" grep -q -E '私密-[0-9a-f]{12}' HEAD -- content
check "the contact book is not in the repository" sh -c "
	! git -C '$demo' ls-files --error-unmatch private/contacts.yaml \
	    2>/dev/null &&
	[ -z \"\$(git -C '$demo' status --porcelain)\" ]"
check "the site shows the numbers, as links to dial" sh -c "
	grep -q 'tel:13800006001' '$site/c/huaxia-diyuan/index.html' &&
	grep -q '13800006001' '$site/c/huaxia-diyuan/board.html' &&
	! grep -rq '私密-' '$site/c/huaxia-diyuan/index.html'"
# 1号楼's steward changed in the third step: name and number.
check "the history says that the steward's number changed, not to what" sh -c "
	grep -q '红色管家的联系电话已更新' '$site/feed.xml' &&
	grep -q '联系电话已更新' '$site/c/heping-xincun/history/index.html' &&
	(cd '$demo' && '$GONGSHI' log heping-xincun) | grep -q '电话: 联系电话已更新'"
check "no history page or feed shows a personal mobile" sh -c "
	! grep -rlE '$MOBILE' '$site/changes' '$site/feed.xml' \
	    '$site/c/heping-xincun/history' '$site/area'"

# A clerk types a new number over a seal, and publishes.
city=$work/city
mkdir -p "$city"
cp -R "$demo/content" "$demo/layouts" "$demo/private" "$city/"
rec=$city/content/compounds/licheng/huaxia-diyuan.yaml
(cd "$city" && "$GONGSHI" --lang en publish -m "首次" --author "$AUTHOR") \
    >"$work/log" 2>&1
sed -i '0,/manager: {name: 曹某, phone: 私密-[0-9a-f]*}/s//manager: {name: 曹某, phone: 13912345678}/' "$rec"
(cd "$city" && "$GONGSHI" --lang en check) >"$work/check.log" 2>&1
check "check names the new mobile at its place" grep -q \
    "content/compounds/licheng/huaxia-diyuan.yaml:[0-9]*:[0-9]*: note: 13912345678 is a personal mobile number" \
    "$work/check.log"
(cd "$city" && "$GONGSHI" --lang en publish -m "换项目负责人电话" \
    --author "$AUTHOR") >"$work/log" 2>&1
check "publish moves it into the contact book" sh -c "
	grep -q 'moved 1 personal phone number into the private contact book' '$work/log' &&
	grep -q ': 13912345678\$' '$city/private/contacts.yaml' &&
	! grep -q 13912345678 '$rec' &&
	grep -q 'manager: {name: 曹某, phone: 私密-' '$rec'"
all_objects "$city" >"$work/objects"
check "the new number is in no object of the history" sh -c "
	! grep -aqE '$MOBILE' '$work/objects'"
check "the diff says only that the number changed" sh -c "
	(cd '$city' && '$GONGSHI' diff HEAD~1 HEAD) >'$work/diff' &&
	grep -q '项目负责人 · 电话: 联系电话已更新' '$work/diff' &&
	! grep -qE '$MOBILE|私密-' '$work/diff' &&
	git -C '$city' log -1 --format=%B | grep -q 联系电话已更新"
check "the site shows the new number" \
    grep -q 'tel:13912345678' "$city/site/c/huaxia-diyuan/index.html"
(cd "$city" && "$GONGSHI" --lang en publish -m "站点分支" --author "$AUTHOR" \
    --site-branch site) >"$work/log" 2>&1
rc=$?
check "--site-branch is refused while the site shows personal numbers" sh -c "
	[ $rc = 2 ] && grep -q 'keep them in git for ever' '$work/log' &&
	! git -C '$city' rev-parse -q --verify refs/heads/site"

# A person asks for their number to be deleted (个人信息保护法 第四十七条).
head=$(git -C "$city" rev-parse HEAD)
check "the caches kept the number check read before it was sealed" \
    grep -rqa 13912345678 "$city/.gongshi"
(cd "$city" && "$GONGSHI" --lang en forget 13800006001) >"$work/log" 2>&1
rc=$?
check "forget empties the caches that held numbers as typed" sh -c "
	! grep -rqa 13912345678 '$city/.gongshi'"
check "forget takes the number out of the book and rebuilds" sh -c "
	[ $rc = 0 ] && grep -q 'took 13800006001 out of the contact book' '$work/log' &&
	! grep -q 13800006001 '$city/private/contacts.yaml'"
check "the book and the names are rewritten readable by their owner only" sh -c "
	[ \$(stat -c %a '$city/private/contacts.yaml') = 600 ] &&
	[ \$(stat -c %a '$city/private/forgotten.yaml') = 600 ]"
check "forget says where the person is still named" grep -q \
    "content/compounds/licheng/huaxia-diyuan.yaml:[0-9]*:[0-9]*: warning: 私密-[0-9a-f]* is still here" \
    "$work/log"
check "the number is nowhere in the site: pages, boards, data, search" sh -c "
	! grep -rq 13800006001 '$city/site'"
check "other numbers are still shown" \
    grep -q 'tel:13912345678' "$city/site/c/huaxia-diyuan/index.html"
check "the history was not rewritten" \
    test "$(git -C "$city" rev-parse HEAD)" = "$head"
# The person's successor replaces them, and is published.
sed -i 's/grid_member: {name: 常某, phone: 私密-[0-9a-f]*}/grid_member: {name: 新某, phone: 13800006099}/' "$rec"
(cd "$city" && "$GONGSHI" --lang en publish -m "更换网格员" \
    --author "$AUTHOR") >"$work/log" 2>&1
check "forget took back the name written beside the number" \
    grep -qx -- '- "常某"' "$city/private/forgotten.yaml"
check "after the successor is published the person is nowhere in the site" sh -c "
	! grep -rq 常某 '$city/site' && ! grep -rq 13800006001 '$city/site' &&
	grep -q '姓名由（已删除的姓名）改为新某' '$city/site/c/huaxia-diyuan/index.html' &&
	grep -q 'tel:13800006099' '$city/site/c/huaxia-diyuan/index.html'"
all_objects "$city" >"$work/objects"
check "still no personal mobile in the history" sh -c "
	! grep -aqE '$MOBILE' '$work/objects'"

# The scan for mobiles does not read again a record whose stat it saw
# clean (.gongshi/scanned); an edit that keeps a record's size and
# mtime is still found, by its ctime.
find "$city/content" -name '*.yaml' -exec touch -d '2020-01-01 00:00' {} +
(cd "$city" && "$GONGSHI" --lang en publish -m "无变化" --author "$AUTHOR") \
    >"$work/log" 2>&1
check "the scan lists the records it found clean" \
    grep -q '^- .* content/compounds/licheng/huaxia-diyuan.yaml$' \
    "$city/.gongshi/scanned"
touch -r "$rec" "$work/stamp"
size=$(wc -c <"$rec")
# A seal is 19 bytes, as a quoted mobile and six spaces are.
sed -i '0,/phone: 私密-[0-9a-f]\{12\}/s//phone: "13912340077"      /' "$rec"
touch -r "$work/stamp" "$rec"
check "the edit kept the record's size and mtime" sh -c "
	[ $size = \$(wc -c <'$rec') ] && [ ! '$rec' -nt '$work/stamp' ] &&
	grep -q 13912340077 '$rec'"
(cd "$city" && "$GONGSHI" --lang en publish -m "改电话" --author "$AUTHOR") \
    >"$work/log" 2>&1
check "a mobile typed into a record of the same size and mtime is sealed" sh -c "
	grep -q 'moved 1 personal phone number' '$work/log' &&
	! grep -q 13912340077 '$rec' &&
	git -C '$city' log -1 --format=%s | grep -q 改电话"
all_objects "$city" >"$work/objects"
check "and is in no object of the history" sh -c "
	! grep -aqE '$MOBILE' '$work/objects'"

# Wrong uses say what to do.
(cd "$city" && "$GONGSHI" --lang en forget 0531-86001001) >"$work/log" 2>&1
rc=$?
check "forget refuses what is not a mobile" sh -c "
	[ $rc = 2 ] && grep -q 'is neither a mobile number' '$work/log'"
printf '私密-zz: 138\n' >>"$city/private/contacts.yaml"
(cd "$city" && "$GONGSHI" --lang en build --no-cache) >"$work/log" 2>&1
rc=$?
check "a damaged contact book is told at its line, and nothing is built" sh -c "
	[ $rc != 0 ] &&
	grep -q 'private/contacts.yaml:[0-9]*:1: error: .私密-zz. is not a seal' '$work/log'"
