#!/bin/sh
# What readers see of the history: content publications only, each
# change as a Chinese sentence with units and dates, times in the
# site's zone, /changes/ paginated, every area's changes page and Atom
# feed (read back by a real Atom parser, python3-feedparser), the
# compound page's 最近变化, publish --date (read back by the git CLI),
# and the demo city's replayed history.
: "${GONGSHI:?GONGSHI must name the gongshi binary}"
if ! command -v git >/dev/null 2>&1; then
	echo "skip - changes: git is not installed (scripts/deps.sh --test)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
group=changes
. tests/lib.sh
git_sandbox
OFFICE="历下区建筑新村街道物业管理办公室 <jzxc@example.cn>"

city=$work/city
mkdir -p "$city"
cp -R content layouts "$city/"
# One office, no parties.yaml: the author is shown, nothing is claimed
# (signed publications: tests/verify.test.sh).
rm -f "$city/content/parties.yaml"
heping=$city/content/compounds/lixia/heping-xincun.yaml
pub() { (cd "$city" && "$GONGSHI" --lang en publish --author "$OFFICE" "$@") \
    >"$work/pub.log" 2>&1; }

pub -m "首次公示" --date 2026-01-12T09:30
check "publish --date exits 0" grep -q '^published ' "$work/pub.log"
check "git reads back the date given, in the site's zone (+08:00)" test \
    "$(git -C "$city" log -1 --format=%ad --date=iso-strict)" = \
    2026-01-12T09:30:00+08:00
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-01/' "$heping"
pub -m "早于上次" --date 2026-01-01
check "publish --date before the last revision is refused" sh -c "
	grep -q 'before the last revision' '$work/pub.log' &&
	[ \$(git -C '$city' rev-list --count HEAD) = 1 ]"
pub -m "错误日期" --date 2026-02-30T10:00
check "publish --date refuses a day that does not exist" grep -q \
    "error: --date '2026-02-30T10:00'" "$work/pub.log"
git -C "$city" checkout -q -- content

# A fee goes up from a date; then a source-code commit and a
# layouts-only publication, which readers must never see.
sed -i 's/^    amount: 0.30$/    amount: 0.35/; s/^    since: 2024-07-01$/    since: 2027-01-01\n    announced_on: 2026-08-01/' \
    "$heping"
sed -i 's/^  - lixia-scjg$/  - jinan-zhujian/' "$heping"
pub -m "调整物业服务费" --date 2026-08-03T15:00
mkdir -p "$city/src"
echo 'int main(void) { return 0; }' >"$city/src/x.c"
git -C "$city" add src/x.c
git -C "$city" -c user.name=维护者 -c user.email=dev@example.cn commit -q \
    --date=2026-08-04T10:00:00+08:00 -m "render.c: money() is money_n()"
echo '<!-- x -->' >>"$city/layouts/footer.mustache"
pub -m "layout tweak" --date 2026-08-05T10:00
check "the layouts-only publication is a commit" test \
    "$(git -C "$city" rev-list --count HEAD)" = 4
(cd "$city" && "$GONGSHI" --lang en build -o "$city/site") >/dev/null 2>&1
site=$city/site
check "/changes/ lists only the two content publications" test \
    "$(grep -c 'class="card revision"' "$site/changes/index.html")" = 2
check "feed.xml has only the two content publications" test \
    "$(grep -c '<entry>' "$site/feed.xml")" = 2
check "no source-code or layout commit is shown anywhere" sh -c "
	! grep -rq 'money_n\|layout tweak\|footer.mustache' '$site' &&
	! (cd '$city' && '$GONGSHI' log) | grep -q 'money_n\|layout tweak'"
check "gongshi log shows the two publications" test \
    "$(cd "$city" && "$GONGSHI" log | grep -c '^[0-9a-f]\{12\}  ')" = 2
sentence='和平新村：物业服务费由每月每平方米0.30元调整为0.35元，2027年1月1日起执行'
check "the feed says the change as a sentence with unit and date" grep -q \
    "$sentence" "$site/feed.xml"
check "the history page says it too, without the record's name" grep -q \
    '<li>物业服务费由每月每平方米0.30元调整为0.35元，2027年1月1日起执行</li>' \
    "$site/c/heping-xincun/history/index.html"
check "diff --json keeps the typed machine form" sh -c "
	cd '$city' && '$GONGSHI' diff --json HEAD~3 HEAD~2 | grep -q \
	    '\"field\": \"fees\[物业服务费\].amount\", \"label\": \"收费项目及标准「物业服务费」 · 收费标准\", \"old\": \"0.30\", \"new\": \"0.35\"'"
check "pages show times in +08:00 with a machine-readable datetime" grep -q \
    '<time datetime="2026-08-03T15:00:00+08:00">2026年8月3日 15:00</time>' \
    "$site/changes/index.html"
check "the publisher shown is the office" grep -q \
    '发布单位：历下区建筑新村街道物业管理办公室' "$site/changes/index.html"
check "the compound page shows its revision's date in Chinese" grep -q \
    '于<time datetime="2026-08-03T15:00:00+08:00">2026年8月3日 15:00</time>发布' \
    "$site/c/heping-xincun/index.html"

check "a supervising department is named, not given by its id" sh -c "
	grep -q '删除监管部门「历下区市场监督管理局」' '$site/changes/index.html' &&
	grep -q '新增监管部门「济南市住房和城乡建设局」' '$site/changes/index.html' &&
	! grep -q 'lixia-scjg' '$site/feed.xml'"

# Per area: 历下区 (370102) holds 和平新村, 历城区 (370112) does not.
check "each area has its changes page and feed" sh -c "
	test -f '$site/area/370102/changes/index.html' &&
	test -f '$site/area/370102010003/feed.xml' &&
	test -f '$site/area/370112/feed.xml'"
check "/changes/ narrows to each district's changes page" sh -c "
	grep -q 'href=\"../area/370102/changes/\"' '$site/changes/index.html' &&
	grep -q 'href=\"../area/370112/changes/\"' '$site/changes/index.html'"
check "a district's changes page narrows to its streets" grep -q \
    'href=\"../../../area/370102010/changes/\"' \
    "$site/area/370102/changes/index.html"
check "an area's page lists its compounds' changes" grep -q \
    '物业服务费由每月每平方米0.30元' "$site/area/370102/changes/index.html"
check "an area's feed leaves out other areas' changes" sh -c "
	grep -q '$sentence' '$site/area/370102010/feed.xml' &&
	! grep -q '物业服务费由' '$site/area/370112/feed.xml' &&
	grep -q '华夏帝苑：首次公示' '$site/area/370112/feed.xml'"

# 最近变化: the last 90 days before the page's day.
(cd "$city" && "$GONGSHI" build --today 2026-10-31 -o "$work/s89") >/dev/null 2>&1
(cd "$city" && "$GONGSHI" build --today 2026-11-01 -o "$work/s90") >/dev/null 2>&1
check "最近变化 shows a change 89 days old, with its date" grep -q \
    '<li><time datetime="2026-08-03">2026年8月3日</time>：物业服务费由' \
    "$work/s89/c/heping-xincun/index.html"
check "最近变化 leaves out a change 90 days old" sh -c "
	! grep -q 'id=recent-h>' '$work/s90/c/heping-xincun/index.html'"
check "without --today, the last publication's day is the page's" grep -q \
    'id=recent-h>' "$site/c/heping-xincun/index.html"
check "the service board shows the latest change with its date" grep -q \
    '2026年8月3日：物业服务费由每月每平方米0.30元调整为0.35元' \
    "$site/c/heping-xincun/board.html"

# Pagination: 60 content commits (made with the git CLI) past one page.
i=0
while [ $i -lt 60 ]; do
	i=$((i + 1))
	d=$(printf '2026-09-%02d' $(( (i % 28) + 1 )))
	sed -i "s/^data_as_of: .*/data_as_of: $d/" "$heping"
	git -C "$city" -c user.name=测试街道办 -c user.email=t@example.cn \
	    commit -q -a --date="2026-09-01T00:$(printf %02d $i):00+08:00" \
	    -m "第${i}次"
done
(cd "$city" && "$GONGSHI" --lang en build -o "$city/site") >/dev/null 2>&1
n=$(cat "$site"/changes/index.html "$site"/changes/*/index.html 2>/dev/null |
    grep -c 'class="card revision"')
check "/changes/ pages hold all 62 publications" test "$n" = 62
check "/changes/ has a next page and page 3 a previous one" sh -c "
	grep -q 'rel=\"next\" href=\"../changes/2/\"' '$site/changes/index.html' &&
	grep -q 'rel=\"prev\" href=\"../../changes/2/\"' '$site/changes/3/index.html'"
check "an area's changes are paginated too" test -f \
    "$site/area/370102/changes/2/index.html"

# 最近变化 on a phone's first screen: at most 5 revisions, each at most
# 3 sentences (as the board); the history page keeps them all.
recent=$work/recent
sed -n '/id=recent-h>/,/<\/section>/p' "$site/c/heping-xincun/index.html" \
    >"$recent"
check "最近变化 lists the 5 newest of 60 revisions and says how many more" \
    sh -c "[ \$(grep -c '<li><time' '$recent') = 5 ] &&
	grep -q '只列出最近5次，另有5[0-9]次' '$recent' &&
	grep -q '第60次' '$site/c/heping-xincun/history/index.html' &&
	grep -q '第1次' '$site/c/heping-xincun/history/index.html'"
sed -i -e 's/0531-/0530-/g' \
    -e 's/amount: \([0-9]*\)\.\([0-9]*\)/amount: 1\1.\2/g' "$heping"
git -C "$city" -c user.name=测试街道办 -c user.email=t@example.cn \
    commit -q -a --date="2026-09-02T08:00:00+08:00" -m "电话全部更换"
(cd "$city" && "$GONGSHI" --lang en build -o "$city/site") >/dev/null 2>&1
grep '2026年9月2日' "$site/c/heping-xincun/index.html" >"$recent"
check "a revision of 9 changes gives 3 sentences, then 等9项" sh -c "
	[ \$(grep -o '；' '$recent' | wc -l) = 2 ] &&
	grep -q '；[^；]*等9项' '$recent'"

# A first publication of many compounds stays a small page and entry.
big=$work/big
mkdir -p "$big"
cp -R content layouts "$big/"
i=0
while [ $i -lt 70 ]; do
	i=$((i + 1))
	sed "s/^id: heping-xincun$/id: copy-$i/; s/^name: 和平新村$/name: 副本$i/" \
	    "$big/content/compounds/lixia/heping-xincun.yaml" \
	    >"$big/content/compounds/lixia/copy-$i.yaml"
done
(cd "$big" && "$GONGSHI" --lang en publish -m "全市初次发布" --author "$OFFICE") \
    >"$work/big.log" 2>&1
check "a revision of 79 compounds shows 30 and says how many more" sh -c "
	[ \$(grep -c '<h3>' '$big/site/changes/index.html') = 30 ] &&
	grep -q '另有 5[0-9] 个小区或文件的改动' '$big/site/changes/index.html'"
check "its feed entry keeps 60 sentences and says how many more" sh -c "
	grep -q '……另有[0-9]*项改动' '$big/site/feed.xml' &&
	[ \$(grep -c '：首次公示\$' '$big/site/feed.xml') -le 60 ]"
check "each compound's history page still shows its own" grep -q \
    '<li>首次公示</li>' "$big/site/c/copy-70/history/index.html"

# Every feed parses as Atom and every entry has content.
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import feedparser' 2>/dev/null; then
	/usr/bin/python3 - "$site" >"$work/atom" 2>&1 <<'PY'
import feedparser, glob, os, sys
site = sys.argv[1]
feeds = [os.path.join(site, "feed.xml")] + sorted(glob.glob(os.path.join(site, "area", "*", "feed.xml")))
bad = 0
for f in feeds:
    d = feedparser.parse(f)
    if d.bozo or d.version != "atom10":
        print("not atom:", f, d.get("bozo_exception")); bad += 1; continue
    for e in d.entries:
        text = "".join(c.value for c in e.get("content", []))
        if not text.strip() or not e.get("updated") or not e.get("author"):
            print("entry without content:", f, e.get("id")); bad += 1
print("feeds", len(feeds), "bad", bad)
PY
	check "feedparser reads every feed as Atom, each entry with content" \
	    grep -q 'feeds [1-9][0-9]* bad 0$' "$work/atom"
else
	echo "not ok - changes: python3-feedparser is needed (scripts/deps.sh --test)"
fi

# Each page names the revision its own content last changed in, never
# the head: a publication changing one compound leaves the pages of
# the others byte for byte as they were.
(cd "$city" && "$GONGSHI" --lang en build -o "$site") >/dev/null 2>&1
first=$(git -C "$city" rev-list --max-parents=0 HEAD | cut -c1-12)
cp "$site/c/yanzishan-xiaoqu/index.html" "$work/yz.before"
cp "$site/pages/about/index.html" "$work/about.before"
cp "$site/names/index.html" "$work/names.before"
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-20/' "$heping"
pub -m "更新数据日期" heping-xincun --date 2026-11-20T10:00
last=$(git -C "$city" rev-parse --short=12 HEAD)
check "the changed compound's page names the revision it changed in" grep -q \
    "class=page-revision>.*<code>$last</code>" "$site/c/heping-xincun/index.html"
check "its community's page too" grep -q \
    "class=page-revision>.*<code>$last</code>" \
    "$site/area/$(sed -n 's/^community: "\{0,1\}\([0-9]*\).*/\1/p' "$heping")/index.html"
check "an untouched compound's page names its own older revision" grep -q \
    "class=page-revision>.*<code>$first</code>" \
    "$site/c/yanzishan-xiaoqu/index.html"
check "an untouched compound's page is the same bytes after the publication" \
    cmp "$work/yz.before" "$site/c/yanzishan-xiaoqu/index.html"
check "a Markdown page is the same bytes after the publication" \
    cmp "$work/about.before" "$site/pages/about/index.html"
# Pages listing compounds (the city's supervision, the boards' lists,
# the names under its initial) changed with heping-xincun; the 404 page
# did not, nor did the names' index, which shows names alone.
for f in supervision/index.html names/h/index.html boards/index.html; do
	check "$f names the revision a listed compound changed in" grep -q \
	    "class=page-revision>.*<code>$last</code>" "$site/$f"
done
check "the names' index is the same bytes when no name changed" \
    cmp "$work/names.before" "$site/names/index.html"
check "the 404 page names site.yaml's revision, not the head" grep -q \
    "class=page-revision>.*<code>$first</code>" "$site/404.html"
check "a board is numbered with the revision its compound changed in" \
    grep -q "公示编号 $last" "$site/c/heping-xincun/board.html"
check "an untouched compound's board keeps its number" \
    grep -q "公示编号 $first" "$site/c/yanzishan-xiaoqu/board.html"
# The departments are on every board's second sheet.
sed -i '0,/^    phone: .*/s//    phone: 0531-00002999/' "$city/content/departments.yaml"
pub -m "更新投诉电话" content/departments.yaml --date 2026-11-21T10:00
dlast=$(git -C "$city" rev-parse --short=12 HEAD)
check "a department's new phone renumbers every board" grep -q \
    "公示编号 $dlast" "$site/c/yanzishan-xiaoqu/board.html"
check "of the pages, only revision.json and the feed name the head" sh -c "
	grep -q '\"commit\": \"$(git -C "$city" rev-parse HEAD)\"' '$site/revision.json' &&
	! grep -rl '$(git -C "$city" rev-parse HEAD)' '$site' | grep -v 'revision.json\|feed.xml\|changes/\|/history/\|gongshi-site'"

# The demo city's history, replayed.
if command -v patch >/dev/null 2>&1; then
	if GONGSHI=$GONGSHI sh scripts/demo-history.sh "$work/demo" \
	    "$work/demosite" >"$work/demo.log" 2>&1; then
		ok "the demo history replays"
	else
		notok "the demo history replays" "$(tail -5 "$work/demo.log")"
	fi
	steps=$(ls -d demo/history/[0-9]*/ | wc -l)
	check "the demo repository has one revision per step" test \
	    "$(git -C "$work/demo" rev-list --count HEAD)" = "$steps"
	# The demo ships parties.yaml with sample keys whose private halves
	# were deleted: its replayed publications are unsigned, and say so.
	check "the demo's /changes/ shows every step, unsigned, by offices" sh -c "
		[ \$(grep -c 'class=\"card revision\"' '$work/demosite/changes/index.html') = $steps ] &&
		grep -q '自称“济南市住房和城乡建设局物业管理处”' '$work/demosite/changes/index.html'"
	check "the demo's step adding parties.yaml says what it starts, not 首次公示" sh -c "
		grep -q '发布单位：公布发布单位名单，此后各单位的公示须签名发布' '$work/demosite/feed.xml' &&
		grep -q '公布发布单位名单，此后各单位的公示须签名发布' '$work/demosite/changes/index.html'"
	check "the demo ends at content/ as it is" diff -r content "$work/demo/content"
	# The last step adds parties.yaml, unsigned (its private keys were
	# thrown away): verify says so, as the README shows, and judges
	# none of the steps before it.
	if command -v ssh-keygen >/dev/null 2>&1; then
		"$GONGSHI" --lang en verify -C "$work/demo" >"$work/verify" 2>&1
		got=$?
		check "verify on the demo: only the unsigned step adding parties.yaml" sh -c "
			[ $got -eq 1 ] &&
			grep -q 'first added in revision .* without the signature' '$work/verify' &&
			grep -q 'before parties.yaml existed, not checked: $((steps - 1))' '$work/verify' &&
			grep -q 'violations: 2, in revisions: 1' '$work/verify'"
	else
		echo "not ok - changes: ssh-keygen is needed to verify the demo (scripts/deps.sh --test)"
	fi
	check "the demo's records carry no real phone numbers" sh -c "
		! grep -rhoE '0531-[1-9][0-9]{7}|1[3-9][0-9]{9}' demo/history |
		    grep -v '^1[3-9][0-9]0000'"
else
	echo "not ok - changes: patch is needed to replay the demo (scripts/deps.sh)"
fi

# A renamed compound changes what the names' index shows (its groups'
# first characters and counts): it names that revision.
sed -i 's/^name: 和平新村$/name: 和平新村小区/' "$heping"
pub -m "更正小区名称" heping-xincun --date 2026-11-25T10:00
rlast=$(git -C "$city" rev-parse --short=12 HEAD)
check "a rename: the names' index names its revision" grep -q \
    "class=page-revision>.*<code>$rlast</code>" "$site/names/index.html"
