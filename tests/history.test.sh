#!/bin/sh
# gongshi publish, diff and log on real repositories in temporary
# folders, with the git CLI as the independent reader of what libgit2
# wrote (git log, git show, git fsck, git ls-tree).

# gongshi runs with --lang en here: these cases read its English
# messages (tests/check.test.sh and tests/i18n.test.sh read its Chinese).
: "${GONGSHI:?GONGSHI must name the gongshi binary}"
if ! command -v git >/dev/null 2>&1; then
	echo "skip - history: git is not installed (scripts/deps.sh --test)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
group=history
. tests/lib.sh
git_sandbox
AUTHOR="测试员 <tester@example.cn>"


city=$work/city
mkdir -p "$city"
cp -R content layouts "$city/"
heping=$city/content/compounds/lixia/heping-xincun.yaml

# First publish: the repository is created; one commit; no site in it.
(cd "$city" && "$GONGSHI" --lang en publish -m "首次公示" --author "$AUTHOR") \
    >"$work/log" 2>&1
check "first publish exits 0" test $? -eq 0
check "it created the repository" test -d "$city/.git"
check "git log shows one commit by the author" sh -c "
	[ \"\$(git -C '$city' rev-list --count HEAD)\" = 1 ] &&
	[ \"\$(git -C '$city' log -1 --format='%an <%ae>')\" = '$AUTHOR' ]"
check "the commit holds content/ and layouts/, not site/" sh -c "
	git -C '$city' ls-tree -r --name-only HEAD >'$work/tree' &&
	grep -q '^content/compounds/lixia/heping-xincun.yaml\$' '$work/tree' &&
	grep -q '^layouts/compound.mustache\$' '$work/tree' &&
	! grep -q '^site/' '$work/tree'"
check "git fsck finds the repository sound" git -C "$city" fsck --strict
check "publish copies a notice's attachment from the commit to the site" \
    cmp content/files/2024-03-18-xuanpin-biaojue.pdf \
    "$city/site/files/2024-03-18-xuanpin-biaojue.pdf"
check "the work tree is clean after publishing" sh -c "
	[ -z \"\$(git -C '$city' status --porcelain)\" ]"

# Change a fee, diff, publish, and read it back.
sed -i 's/^    amount: 0.30$/    amount: 0.35/' "$heping"
(cd "$city" && "$GONGSHI" --lang en diff) >"$work/diff" 2>&1
check "diff shows the fee change with its label" grep -q \
    '收费项目及标准「物业服务费」 · 收费标准: 0.30 → 0.35' "$work/diff"
check "diff warns of a new amount with an unchanged since" grep -q \
    'heping-xincun.yaml:33:13: warning: fees\[1\].amount（收费标准）: the standard for 物业服务费 changes from 0.30 to 0.35 yuan, but fees\[1\].since（执行日期） stays 2024-07-01' \
    "$work/diff"
# A new since, but too soon after the day it is published; then posted
# in time (announced_on); the checks judge the new side against HEAD.
sed -i 's/^    since: 2024-07-01$/    since: 2026-12-07/' "$heping"
(cd "$city" && "$GONGSHI" --lang en diff --today 2026-11-27) >"$work/diffsoon" 2>&1
check "diff warns of a new standard applying within 30 days" grep -q \
    'warning: fees\[1\].since（执行日期）: the standard for 物业服务费 changes from 0.30 to 0.35 yuan on 2026-12-07, only 10 days after it is published (2026-11-27)' \
    "$work/diffsoon"
sed -i 's/^    since: 2026-12-07$/    since: 2026-12-07\n    announced_on: 2026-11-01/' \
    "$heping"
(cd "$city" && "$GONGSHI" --lang en diff --today 2026-11-27) >"$work/diffok" 2>&1
check "no warning once the standard was posted a month ahead" sh -c "
	! grep -q 'the standard for' '$work/diffok'"
sed -i '/^    announced_on: 2026-11-01$/d; s/^    since: 2026-12-07$/    since: 2024-07-01/' \
    "$heping"
(cd "$city" && "$GONGSHI" --lang en diff --json) >"$work/diff.json" 2>&1
check "diff --json gives field, old and new" grep -q \
    '"field": "fees\[物业服务费\].amount", "label": "收费项目及标准「物业服务费」 · 收费标准", "old": "0.30", "new": "0.35"' \
    "$work/diff.json"
# Money keeps its type until shown: people read 1,064,500.40, tools
# 1064500.40, as in record.json; labels are the ones boards and pages
# use.
sed -i 's/^  interest: 96500.40$/  interest: 96501.40/; s/^  balance: 1064500.40$/  balance: 1064501.40/' \
    "$heping"
(cd "$city" && "$GONGSHI" --lang en diff) >"$work/diff" 2>&1
check "diff shows money for people, with the board's label" grep -q \
    '专项维修资金 · 账面余额: 1,064,500.40 → 1,064,501.40' "$work/diff"
(cd "$city" && "$GONGSHI" --lang en diff --json) >"$work/diff.json" 2>&1
check "diff --json gives money as record.json does" grep -q \
    '"label": "专项维修资金 · 累计增值收益", "old": "96500.40", "new": "96501.40"' \
    "$work/diff.json"
check "the board names that field the same way" grep -q '累计增值收益' \
    "$city/site/c/heping-xincun/board.html"
sed -i 's/^  interest: 96501.40$/  interest: 96500.40/; s/^  balance: 1064501.40$/  balance: 1064500.40/' \
    "$heping"
(cd "$city" && "$GONGSHI" --lang en publish -m "调整物业服务费" --author "$AUTHOR") \
    >"$work/log" 2>&1
check "second publish exits 0" test $? -eq 0
check "publish warns of the fee's unchanged since, and publishes" grep -q \
    'warning: fees\[1\].amount（收费标准）: the standard for 物业服务费 changes from 0.30 to 0.35 yuan, but fees\[1\].since（执行日期） stays 2024-07-01' \
    "$work/log"
check "git log shows two commits in a line" sh -c "
	[ \"\$(git -C '$city' rev-list --count HEAD)\" = 2 ] &&
	[ \"\$(git -C '$city' rev-list --merges --count HEAD)\" = 0 ]"
check "the message starts with MESSAGE and lists the field change" sh -c "
	git -C '$city' log -1 --format=%B >'$work/msg' &&
	[ \"\$(head -n 1 '$work/msg')\" = '调整物业服务费' ] &&
	grep -q '和平新村 (heping-xincun)' '$work/msg' &&
	grep -q '~ 收费项目及标准「物业服务费」 · 收费标准: 0.30 → 0.35' '$work/msg'"
check "git show touches only the changed record" sh -c "
	[ \"\$(git -C '$city' show --name-only --format= HEAD)\" = \
	    content/compounds/lixia/heping-xincun.yaml ]"
(cd "$city" && "$GONGSHI" --lang en diff HEAD~1 HEAD) >"$work/diff2" 2>&1
check "diff REV REV compares two commits" grep -q '0.30 → 0.35' "$work/diff2"
(cd "$city" && "$GONGSHI" --lang en diff) >"$work/diff3" 2>&1
check "diff after publishing says no changes" grep -qx 'no changes' \
    "$work/diff3"

head=$(git -C "$city" rev-parse HEAD)
short=$(echo "$head" | cut -c1-12)
page=$city/site/c/heping-xincun/history/index.html
check "the history page lists both revisions" sh -c "
	grep -q '调整物业服务费' '$page' && grep -q '首次公示' '$page'"
check "the history page shows old and new value, with the unit" grep -q \
    '物业服务费由每月每平方米0.30元调整为0.35元' "$page"
# The commits were made under TZ=UTC; readers see Beijing time.
utc_hm=$(git -C "$city" log -1 --format=%ad --date=format-local:%H:%M)
bj_hm=$(TZ=Asia/Shanghai git -C "$city" log -1 --format=%ad \
    --date=format-local:%H:%M 2>/dev/null)
check "times shown to readers are Beijing time, whatever TZ published" \
    sh -c "grep -q '+08:00\">[0-9]*年[0-9]*月[0-9]*日 $bj_hm</time>' '$page' &&
	{ [ '$utc_hm' = '$bj_hm' ] || ! grep -q '日 $utc_hm</time>' '$page'; }"
check "the compound page shows its current revision" grep -q \
    "公示版本 <code>$short</code>" "$city/site/c/heping-xincun/index.html"
check "the board shows the commit it was printed from" grep -q \
    "公示编号 $short" "$city/site/c/heping-xincun/board.html"
check "gongshi boards prints the same commit on the board" sh -c "
	(cd '$city' && '$GONGSHI' --lang en boards heping-xincun) >/dev/null 2>&1 &&
	grep -q '公示编号 $short' '$city/site/c/heping-xincun/board.html'"
check "an untouched compound shows the first revision" grep -q \
    "公示版本 <code>$(git -C "$city" rev-parse HEAD~1 | cut -c1-12)</code>" \
    "$city/site/c/huali-huayuan/index.html"
check "/changes/ lists the latest revision first" sh -c "
	grep -o 'r-[0-9a-f]*' '$city/site/changes/index.html' | head -n 1 |
	    grep -qx 'r-$short'"
check "feed.xml has one entry per revision, with the commit id" sh -c "
	[ \$(grep -c '<entry>' '$city/site/feed.xml') -eq 2 ] &&
	grep -q 'urn:gongshi:commit:$head' '$city/site/feed.xml'"
(cd "$city" && "$GONGSHI" --lang en log heping-xincun) >"$work/glog" 2>&1
check "log ID lists the revisions touching the compound" sh -c "
	[ \$(grep -c '^[0-9a-f]\{12\}  ' '$work/glog') -eq 2 ] &&
	grep -q '0.30 → 0.35' '$work/glog'"
(cd "$city" && "$GONGSHI" --lang en log huali-huayuan) >"$work/glog2" 2>&1
check "log ID leaves out revisions that did not touch it" sh -c "
	[ \$(grep -c '^[0-9a-f]\{12\}  ' '$work/glog2') -eq 1 ]"
(cd "$city" && "$GONGSHI" --lang en log --json) >"$work/glog.json" 2>&1
check "log --json names every commit" sh -c "
	grep -q '\"commit\": \"$head\"' '$work/glog.json'"
(cd "$city" && "$GONGSHI" --lang en log) >"$work/logbj" 2>&1
check "log shows Beijing time too" grep -q "  [0-9-]* $bj_hm +0800  " \
    "$work/logbj"
sed -i 's/^utc_offset: "+08:00"$/utc_offset: "+09:00"/' "$city/content/site.yaml"
(cd "$city" && "$GONGSHI" --lang en log) >"$work/log9" 2>&1
check "log follows site.yaml's utc_offset" grep -q ' +0900  ' "$work/log9"
sed -i 's/^utc_offset: "+09:00"$/utc_offset: "+08:00"/' "$city/content/site.yaml"

# Nothing to publish.
(cd "$city" && "$GONGSHI" --lang en publish -m "再次发布" --author "$AUTHOR") \
    >"$work/log" 2>&1
status=$?
check "nothing to publish: exit 0, a clear message, no commit" sh -c "
	[ $status -eq 0 ] && grep -q 'nothing to publish' '$work/log' &&
	[ \"\$(git -C '$city' rev-parse HEAD)\" = '$head' ]"

# Invalid content: no commit, site untouched.
snapshot "$city/site" >"$work/before"
cp "$heping" "$work/saved.yaml"
sed -i 's/^  balance: .*/  balance: 1.00/' "$heping"
(cd "$city" && "$GONGSHI" --lang en publish -m "错误" --author "$AUTHOR") \
    >"$work/log" 2>&1
status=$?
snapshot "$city/site" >"$work/after"
check "invalid content: exit 1, no commit, site untouched" sh -c "
	[ $status -eq 1 ] && grep -q 'error: maintenance_fund.balance' '$work/log' &&
	[ \"\$(git -C '$city' rev-parse HEAD)\" = '$head' ] &&
	cmp -s '$work/before' '$work/after'"
cp "$work/saved.yaml" "$heping"

# No author anywhere: a clear error, no commit.
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-01/' "$heping"
(cd "$city" && "$GONGSHI" --lang en publish -m "无作者") >"$work/log" 2>&1
status=$?
check "no author: exit 2 with what to do, no commit" sh -c "
	[ $status -eq 2 ] && grep -q 'no author' '$work/log' &&
	grep -q -- '--author' '$work/log' &&
	[ \"\$(git -C '$city' rev-parse HEAD)\" = '$head' ]"
check "the author may come from git config" sh -c "
	git -C '$city' config user.name '配置作者' &&
	git -C '$city' config user.email 'cfg@example.cn' &&
	(cd '$city' && '$GONGSHI' --lang en publish -m '改数据日期') >/dev/null 2>&1 &&
	[ \"\$(git -C '$city' log -1 --format='%an')\" = '配置作者' ]"

# The lock is the kernel's: what a crashed run left in the file (its
# pid, or nothing at all) never blocks anyone, and nobody deletes it.
head=$(git -C "$city" rev-parse HEAD)
echo 2147483646 >"$city/.git/gongshi.lock"
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-02/' "$heping"
(cd "$city" && "$GONGSHI" --lang en publish -m "锁" --author "$AUTHOR") \
    >"$work/log" 2>&1
check "a lock file left by a dead process does not block publishing" sh -c "
	[ \"\$(git -C '$city' rev-parse HEAD~1)\" = '$head' ] &&
	grep -q '^published ' '$work/log' && test -f '$city/.git/gongshi.lock'"
: >"$city/.git/gongshi.lock"
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-01/' "$heping"
(cd "$city" && "$GONGSHI" --lang en publish -m "空锁" --author "$AUTHOR") \
    >"$work/log" 2>&1
check "an empty lock file does not block publishing either" grep -q \
    '^published ' "$work/log"

# A lock held by a live process: the publisher waits, gives up, says
# so, and leaves the other's lock alone.
if command -v flock >/dev/null 2>&1; then
	head=$(git -C "$city" rev-parse HEAD)
	flock "$city/.git/gongshi.lock" sleep 4 &
	holder=$!
	sleep 0.5
	sed -i 's/^data_as_of: .*/data_as_of: 2026-11-02/' "$heping"
	(cd "$city" && GONGSHI_LOCK_WAIT=1 "$GONGSHI" --lang en publish -m "忙" \
	    --author "$AUTHOR") >"$work/log" 2>&1
	status=$?
	check "a held lock: exit 2 with 'busy', nothing published" sh -c "
		[ $status -eq 2 ] && grep -q 'busy' '$work/log' &&
		[ \"\$(git -C '$city' rev-parse HEAD)\" = '$head' ]"
	check "a publisher that gives up leaves the holder's lock held" sh -c "
		test -f '$city/.git/gongshi.lock' &&
		! flock -n '$city/.git/gongshi.lock' true"
	wait $holder
	(cd "$city" && "$GONGSHI" --lang en publish -m "不忙" --author "$AUTHOR") \
	    >"$work/log" 2>&1
	check "once the holder is gone, publishing works" grep -q \
	    '^published ' "$work/log"
else
	echo "not ok - history: flock (util-linux) is needed to hold a lock"
fi

# Two publishers at once, each publishing their own record in a folder
# they share: both end in one linear history, each commit holding only
# its publisher's record under its publisher's name.
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-03/' "$heping"
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-04/' \
    "$city/content/compounds/tianqiao/huali-huayuan.yaml"
(cd "$city" && "$GONGSHI" --lang en publish -m "甲" --author "甲 <a@example.cn>" \
    heping-xincun) >"$work/a.log" 2>&1 &
pa=$!
(cd "$city" && "$GONGSHI" --lang en publish -m "乙" --author "乙 <b@example.cn>" \
    huali-huayuan) >"$work/b.log" 2>&1 &
pb=$!
wait $pa
sa=$?
wait $pb
sb=$?
check "racing publishers both finish" sh -c "[ $sa -eq 0 ] && [ $sb -eq 0 ]" 
check "the history stays linear and sound" sh -c "
	[ \"\$(git -C '$city' rev-list --merges --count HEAD)\" = 0 ] &&
	git -C '$city' fsck --strict"
check "no change was lost" sh -c "
	git -C '$city' show HEAD:content/compounds/lixia/heping-xincun.yaml |
	    grep -q '^data_as_of: 2026-11-03' &&
	git -C '$city' show HEAD:content/compounds/tianqiao/huali-huayuan.yaml |
	    grep -q '^data_as_of: 2026-11-04'"
check "each commit holds only its publisher's record" sh -c "
	for c in HEAD HEAD~1; do
		a=\$(git -C '$city' log -1 --format=%an \$c)
		f=\$(git -C '$city' show --name-only --format= \$c)
		case \$a in
		甲) [ \"\$f\" = content/compounds/lixia/heping-xincun.yaml ] ;;
		乙) [ \"\$f\" = content/compounds/tianqiao/huali-huayuan.yaml ] ;;
		*) false ;;
		esac || exit 1
	done"

# The rendered site on its own branch, for git-pull deploys.
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-05/' "$heping"
(cd "$city" && "$GONGSHI" --lang en publish -m "站点分支" --author "$AUTHOR" \
    --site-branch site) >"$work/log" 2>&1
check "--site-branch commits the site to that branch only" sh -c "
	git -C '$city' ls-tree -r --name-only site >'$work/stree' &&
	grep -qx 'c/heping-xincun/index.html' '$work/stree' &&
	grep -qx 'feed.xml' '$work/stree' &&
	! git -C '$city' ls-tree -r --name-only HEAD | grep -q '^site/' &&
	git -C '$city' fsck --strict"

# The repository is never looked for above the folder.
mkdir -p "$city/sub"
cp -R content layouts "$city/sub/"
(cd "$city/sub" && "$GONGSHI" --lang en publish -m "子目录" --author "$AUTHOR") \
    >"$work/log" 2>&1
check "a folder inside a repository gets its own repository" sh -c "
	test -d '$city/sub/.git' &&
	[ \"\$(git -C '$city/sub' rev-list --count HEAD)\" = 1 ]"

# A repository copied elsewhere (a backup restored, a new machine): the
# index's stat no longer matches any file.  Publishing learns the files'
# stat again, so that the next publish does not hash every record; git's
# plumbing, which never refreshes, is the judge.
cp -a "$city" "$work/copy"
sed -i 's/^    amount: 0.35$/    amount: 0.36/' \
    "$work/copy/content/compounds/lixia/heping-xincun.yaml"
(cd "$work/copy" && "$GONGSHI" --lang en publish -m "复制后" \
    --author "$AUTHOR") >"$work/log" 2>&1
check "a copied repository publishes" test $? -eq 0
check "and its index knows every file's stat again" sh -c "
	[ -z \"\$(git -C '$work/copy' diff-files --name-only)\" ]"

# What publish records is what is on disk, however it got there: a
# record moved into a new folder, one deleted, a layout file in a new
# folder.  The index and the commit agree with the files (git status,
# git ls-tree).  A locked index (git killed part-way) costs time only.
moves=$work/moves
mkdir -p "$moves"
cp -R content layouts "$moves/"
rm -f "$moves/content/parties.yaml"
mpub() { (cd "$moves" && "$GONGSHI" --lang en publish --all \
    --author "$AUTHOR" "$@") >"$work/log" 2>&1; }
mpub -m "首次"
mkdir -p "$moves/content/compounds/lixia/jiefang" "$moves/layouts/assets/more"
mv "$moves/content/compounds/lixia/heping-xincun.yaml" \
    "$moves/content/compounds/lixia/jiefang/"
rm "$moves/content/compounds/lixia/yanzishan-xiaoqu.yaml"
printf 'x\n' >"$moves/layouts/assets/more/note.txt"
mpub -m "搬动"
check "a record moved into a new folder, one deleted and a new layout folder publish" \
    grep -q '^published ' "$work/log"
check "and the commit holds the files on disk, no more, no less" sh -c "
	git -C '$moves' ls-tree -r --name-only HEAD >'$work/mtree' &&
	grep -qx 'content/compounds/lixia/jiefang/heping-xincun.yaml' '$work/mtree' &&
	grep -qx 'layouts/assets/more/note.txt' '$work/mtree' &&
	! grep -q 'yanzishan-xiaoqu\|lixia/heping-xincun' '$work/mtree' &&
	[ -z \"\$(git -C '$moves' status --porcelain)\" ]"
: >"$moves/.git/index.lock"
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-02/' \
    "$moves/content/compounds/lixia/jiefang/heping-xincun.yaml"
mpub -m "索引被锁"
check "with git's index locked the change still publishes" sh -c "
	grep -q '^published ' '$work/log' &&
	git -C '$moves' show HEAD:content/compounds/lixia/jiefang/heping-xincun.yaml |
	    grep -qx 'data_as_of: 2026-11-02'"
rm -f "$moves/.git/index.lock"
