#!/bin/sh
# Nothing a publisher types can destroy data or leave the site behind
# the history: one case (or a few) per problem of issue 8, each of which
# reproduced on the code before it was fixed.  Interruptions (kill -9,
# Ctrl-C, a full disk, a failed rename) are in crash.test.sh.

# gongshi runs with --lang en here: these cases read its English
# messages (tests/check.test.sh and tests/i18n.test.sh read its Chinese).
: "${GONGSHI:?GONGSHI must name the gongshi binary}"
for tool in git flock; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "not ok - safety: $tool is not installed (scripts/deps.sh --test)"
		exit 0
	fi
done
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
group=safety
. tests/lib.sh
git_sandbox
AUTHOR="测试员 <tester@example.cn>"

# fresh NAME: a copy of the demo city in $work/NAME, not yet published.
fresh() {
	rm -rf "${work:?}/$1"
	mkdir -p "$work/$1"
	cp -R content layouts "$work/$1/"
}

# --- 1. -o never replaces what it must not ----------------------------
fresh one
city=$work/one
(cd "$city" && git init -q -b main . && git add -A && git -c user.name=x \
    -c user.email=x@x commit -qm init)
mkdir -p "$HOME/documents" && echo keep >"$HOME/documents/letter.txt"
mkdir -p "$work/www" && echo keep >"$work/www/index.php"
for o in content layouts .git . "$HOME" "$work/www" content/compounds \
    layouts/assets .git/objects /; do
	tree "$city" >"$work/before"
	tree "$HOME" >>"$work/before"
	tree "$work/www" >>"$work/before"
	(cd "$city" && "$GONGSHI" --lang en build -o "$o") >"$work/log" 2>&1
	status=$?
	tree "$city" >"$work/after"
	tree "$HOME" >>"$work/after"
	tree "$work/www" >>"$work/after"
	if [ $status -eq 2 ] && cmp -s "$work/before" "$work/after" &&
	    grep -q 'output folder' "$work/log"; then
		ok "-o $o is refused and nothing is touched"
	else
		notok "-o $o is refused and nothing is touched" "status $status"
		sed 's/^/    /' "$work/log" | head -5
		diff "$work/before" "$work/after" | head -5 | sed 's/^/    /'
	fi
done
check "a refused folder gets no lock file beside it" sh -c "
	! ls -a '$work' | grep -q '^\\.www\\.lock\$' &&
	! ls -a '$HOME/..' | grep -q 'lock\$'"
mkdir -p "$work/empty"
check "-o an empty folder builds the site there" sh -c "
	(cd '$city' && '$GONGSHI' --lang en build -o '$work/empty') >/dev/null 2>&1 &&
	test -f '$work/empty/index.html' && test -f '$work/empty/.gongshi-site'"
check "-o a site gongshi built is replaced" sh -c "
	(cd '$city' && '$GONGSHI' --lang en build -o '$work/empty') >/dev/null 2>&1"
# A site from before stamps existed: every file a build always writes.
rm "$work/empty/.gongshi-site"
check "-o a site built before stamps existed is replaced" sh -c "
	(cd '$city' && '$GONGSHI' --lang en build -o '$work/empty') >/dev/null 2>&1 &&
	test -f '$work/empty/.gongshi-site'"
(cd "$city" && "$GONGSHI" --lang en publish -m x --author "$AUTHOR" -o content) \
    >"$work/log" 2>&1
check "publish -o content is refused before anything is committed" sh -c "
	grep -q 'is the content folder' '$work/log' &&
	[ \"\$(git -C '$city' rev-list --count HEAD)\" = 1 ]"
(cd "$city" && "$GONGSHI" --lang en boards -o layouts) >"$work/log" 2>&1
check "boards -o layouts is refused" sh -c "
	grep -q 'is the layouts folder' '$work/log' &&
	[ -z \"\$(git -C '$city' status --porcelain layouts)\" ]"

# --- 2. a linked record is refused, never published unversioned -------
fresh two
city=$work/two
(cd "$city" && "$GONGSHI" --lang en publish -m 首次 --author "$AUTHOR") >/dev/null 2>&1
mv "$city/content/compounds/lixia/heping-xincun.yaml" "$work/outside.yaml"
ln -s "$work/outside.yaml" "$city/content/compounds/lixia/heping-xincun.yaml"
(cd "$city" && "$GONGSHI" --lang en check) >"$work/log" 2>&1
status=$?
check "check: a linked record is an error at its path" sh -c "
	[ $status -eq 1 ] && grep -q \
	    '^content/compounds/lixia/heping-xincun.yaml:1:1: error: is a link' \
	    '$work/log'"
head=$(git -C "$city" rev-parse HEAD)
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-02/' "$work/outside.yaml"
(cd "$city" && "$GONGSHI" --lang en publish -m 链接 --author "$AUTHOR") \
    >"$work/log" 2>&1
status=$?
check "publish: a linked record is not published" sh -c "
	[ $status -eq 1 ] && grep -q 'is a link' '$work/log' &&
	[ \"\$(git -C '$city' rev-parse HEAD)\" = '$head' ]"
(cd "$city" && "$GONGSHI" --lang en build) >"$work/log" 2>&1
check "build: a linked record is not built" sh -c "
	[ $? -ne 0 ] || exit 1
	! grep -q 2026-11-02 '$city/site/c/heping-xincun/index.html'"
rm "$city/content/compounds/lixia/heping-xincun.yaml"
mv "$work/outside.yaml" "$city/content/compounds/lixia/heping-xincun.yaml"
mv "$city/content" "$work/content-elsewhere"
ln -s "$work/content-elsewhere" "$city/content"
(cd "$city" && "$GONGSHI" --lang en check) >"$work/log" 2>&1
status=$?
check "a content folder that is a link is refused, saying what to do" sh -c "
	[ $status -eq 2 ] && grep -q 'content: is a link' '$work/log'"
rm "$city/content"
mv "$work/content-elsewhere" "$city/content"
ln -s ../layouts/base.mustache "$city/content/compounds/x.yaml"
(cd "$city" && "$GONGSHI" --lang en check) >"$work/log" 2>&1
check "a link named like a record is refused" grep -q \
    "content/compounds/x.yaml:1:1: error: is a link to '../layouts/base.mustache'" \
    "$work/log"
rm "$city/content/compounds/x.yaml"

# --- 3, 4. the lock: see history.test.sh ------------------------------

# --- 5. the site is never left behind the history ---------------------
fresh five
city=$work/five
heping=$city/content/compounds/lixia/heping-xincun.yaml
(cd "$city" && "$GONGSHI" --lang en publish -m 首次 --author "$AUTHOR") >/dev/null 2>&1
check "a published site says which revision it shows" sh -c "
	grep -qx \"revision \$(git -C '$city' rev-parse HEAD)\" \
	    '$city/site/.gongshi-site' &&
	grep -qx 'content published' '$city/site/.gongshi-site'"
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-02/' "$heping"
(cd "$city" && "$GONGSHI" --lang en build) >"$work/log" 2>&1
check "a site built from unpublished edits says so" sh -c "
	grep -qx 'content unpublished-changes' '$city/site/.gongshi-site' &&
	grep -q 'not published' '$work/log'"
(cd "$city" && "$GONGSHI" --lang en check) >"$work/log" 2>&1
check "check points out a site showing unpublished changes" grep -q \
    'shows changes that are not published' "$work/log"
git -C "$city" checkout -q -- content
(cd "$city" && "$GONGSHI" --lang en publish) >"$work/log" 2>&1
check "publish with nothing to publish rebuilds such a site, without -m" \
    sh -c "grep -q 'rebuilt the site' '$work/log' &&
	grep -qx 'content published' '$city/site/.gongshi-site' &&
	! grep -q 2026-11-02 '$city/site/c/heping-xincun/index.html'"
(cd "$city" && "$GONGSHI" --lang en publish) >"$work/log" 2>&1
check "and then it has nothing to do" grep -q \
    '^nothing to publish: the content is as last published' "$work/log"
# A build started while a publish holds the lock waits for it.
flock "$city/.git/gongshi.lock" sleep 3 &
holder=$!
sleep 0.5
(cd "$city" && GONGSHI_LOCK_WAIT=1 "$GONGSHI" --lang en build) >"$work/log" 2>&1
status=$?
check "a build waits for a running publish (and says busy after)" sh -c "
	[ $status -eq 2 ] && grep -q busy '$work/log'"
wait $holder
# The history moved without the site (git commit by hand, say).
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-03/' "$heping"
git -C "$city" -c user.name=x -c user.email=x@x commit -qam 手工提交
for cmd in check diff log; do
	(cd "$city" && "$GONGSHI" --lang en $cmd) >"$work/log" 2>&1
	check "$cmd says the site is behind its history" grep -q \
	    'behind its history' "$work/log"
done
(cd "$city" && "$GONGSHI" --lang en publish) >"$work/log" 2>&1
check "publish brings a site behind its history up to date" sh -c "
	grep -q 'rebuilt the site' '$work/log' &&
	grep -qx \"revision \$(git -C '$city' rev-parse HEAD)\" \
	    '$city/site/.gongshi-site' &&
	grep -q 2026-11-03 '$city/site/c/heping-xincun/index.html'"
check "publish -m with nothing to publish says so and exits 0" sh -c "
	(cd '$city' && '$GONGSHI' --lang en publish -m 无 --author '$AUTHOR') \
	    >'$work/log' 2>&1 && grep -q '^nothing to publish' '$work/log'"

# --- 6. a linked output folder; a mount point --------------------------
fresh six
city=$work/six
mkdir -p "$work/srv/www"
ln -s "$work/srv/www" "$city/site"
(cd "$city" && "$GONGSHI" --lang en build) >"$work/log" 2>&1
check "a linked site folder is built where it points; the link stays" sh -c "
	test -L '$city/site' && test -f '$work/srv/www/index.html' &&
	test -f '$work/srv/www/.gongshi-site'"
ino=$(stat -c %i "$work/srv/www")
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-02/' \
    "$city/content/compounds/lixia/heping-xincun.yaml"
(cd "$city" && "$GONGSHI" --lang en build) >"$work/log" 2>&1
# A rebuild updates the site in place through a journal beside the
# folder pointed to (src/journal.c), never beside the link.
check "a rebuild updates the folder it points to in place; the link stays" sh -c "
	test -L '$city/site' && grep -q 2026-11-02 \
	    '$work/srv/www/c/heping-xincun/index.html' &&
	[ \"\$(stat -c %i '$work/srv/www')\" = '$ino' ] &&
	test -f '$work/srv/.www.manifest' &&
	! ls -a '$work/srv' '$city' | grep -q 'tmp-\|journal'"
if unshare -m true 2>/dev/null; then
	mkdir -p "$work/mnt"
	unshare -m sh -c "
		mount -t tmpfs -o size=8m tmpfs '$work/mnt' &&
		cd '$city' && '$GONGSHI' --lang en build -o '$work/mnt'" >"$work/log" 2>&1
	status=$?
	check "a mount point is refused with what to do instead" sh -c "
		[ $status -eq 2 ] && grep -q 'is a mount point' '$work/log' &&
		grep -q 'site' '$work/log'"
else
	echo "not ok - safety: unshare -m (util-linux, as root) is needed to test a mount point"
fi

# --- 7. layouts are read with limits ----------------------------------
fresh seven
city=$work/seven
ln -sf /dev/zero "$city/layouts/footer.mustache"
(cd "$city" && timeout 20 "$GONGSHI" --lang en build -o "$work/s7") >"$work/log" 2>&1
status=$?
check "a layout linked to /dev/zero is refused, quickly" sh -c "
	[ $status -eq 1 ] && grep -q 'footer.mustache is a link' '$work/log'"
rm "$city/layouts/footer.mustache"
mkfifo "$city/layouts/footer.mustache"
(cd "$city" && timeout 20 "$GONGSHI" --lang en build -o "$work/s7") >"$work/log" 2>&1
status=$?
check "a FIFO layout is refused without hanging" sh -c "
	[ $status -eq 1 ] && grep -q 'not a regular file' '$work/log'"
rm "$city/layouts/footer.mustache"
head -c 2000000 /dev/zero | tr '\0' x >"$city/layouts/footer.mustache"
(cd "$city" && "$GONGSHI" --lang en build -o "$work/s7") >"$work/log" 2>&1
status=$?
check "a layout over 1 MiB is refused" sh -c "
	[ $status -eq 1 ] && grep -q 'larger than 1024 KiB' '$work/log'"
cp layouts/footer.mustache "$city/layouts/footer.mustache"
# Sections over a list inside each other multiply: 25 deep over three
# pages would render for ever.  A budget stops the build, at the place.
{
	i=0; while [ $i -lt 25 ]; do printf '{{#site.pages}}'; i=$((i + 1)); done
	printf 'x'
	i=0; while [ $i -lt 25 ]; do printf '{{/site.pages}}'; i=$((i + 1)); done
	echo
} >"$city/layouts/footer.mustache"
(cd "$city" && timeout 120 "$GONGSHI" --lang en build -o "$work/s7") >"$work/log" 2>&1
status=$?
check "a layout that would render for ever stops the build at its place" sh -c "
	[ $status -eq 1 ] && grep -q '^layouts/footer.mustache:1:[0-9]*: error: this renders more than' \
	    '$work/log'"
cp layouts/footer.mustache "$city/layouts/footer.mustache"
ln -s /etc/passwd "$city/layouts/assets/passwd"
(cd "$city" && "$GONGSHI" --lang en build -o "$work/s7") >"$work/log" 2>&1
status=$?
check "a linked asset is refused, not silently left out" sh -c "
	[ $status -eq 1 ] && grep -q '^layouts/assets/passwd:1:1: error: is a link' \
	    '$work/log'"
rm "$city/layouts/assets/passwd"

# --- 8. temporary folders of killed runs are cleaned up ---------------
fresh eight
city=$work/eight
mkdir -p "$city/.site.tmp-AAAAAA/c" "$city/.site.tmp-BBBBBB.old"
echo x >"$city/.site.tmp-AAAAAA/c/index.html"
(cd "$city" && "$GONGSHI" --lang en build) >"$work/log" 2>&1
check "leftover temporary folders are removed by the next build" sh -c "
	! ls -a '$city' | grep -q 'tmp-' &&
	grep -q 'removed 2 temporary folders' '$work/log'"

# --- 9. undefined behaviour: tests/fuzz/record/, run by fuzz-record ---

# --- 10. terminal escapes in file names -------------------------------
fresh ten
city=$work/ten
esc=$(printf '\033')
cp "$city/content/compounds/lixia/heping-xincun.yaml" \
    "$city/content/compounds/${esc}[2J${esc}]0;pwned$(printf '\007').yaml"
(cd "$city" && "$GONGSHI" --lang en check) >"$work/log" 2>&1
check "an escape sequence in a file name reaches the terminal as text" sh -c "
	grep -q 'content/compounds/\\\\x1B\\[2J\\\\x1B\\]0;pwned\\\\x07.yaml' '$work/log' &&
	! grep -q \"\$(printf '\\033')\" '$work/log' &&
	! grep -q \"\$(printf '\\007')\" '$work/log'"
rm -f "$city/content/compounds/${esc}"*

# --- 11. messages that say what happened ------------------------------
fresh eleven
city=$work/eleven
printf '{{<base}}{{$main}}{{> ../../etc/passwd}}{{/main}}{{/base}}\n' \
    >"$city/layouts/page.mustache"
(cd "$city" && "$GONGSHI" --lang en build) >"$work/log" 2>&1
check "a partial named with .. is reported at the layout line naming it" grep -q \
    "^layouts/page.mustache:1:19: error: '../../etc/passwd' is not a layout name" \
    "$work/log"
cp layouts/page.mustache "$city/layouts/page.mustache"
(cd "$city" && "$GONGSHI" --lang en publish -m 首次 --author "$AUTHOR") >/dev/null 2>&1
head=$(git -C "$city" rev-parse HEAD)
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-02/' \
    "$city/content/compounds/lixia/heping-xincun.yaml"
if [ -n "${FAULTLIB:-}" ] && [ -f "$FAULTLIB" ]; then
	(cd "$city" && ASAN_OPTIONS=verify_asan_link_order=0 \
	    LD_PRELOAD="$FAULTLIB" FAULT_FAIL=refs/heads/main \
	    "$GONGSHI" --lang en publish -m 失败 --author "$AUTHOR") >"$work/log" 2>&1
	status=$?
	check "a failed ref write says that nothing was published" sh -c "
		[ $status -eq 2 ] && grep -q 'nothing was published' '$work/log' &&
		[ \"\$(git -C '$city' rev-parse HEAD)\" = '$head' ] &&
		grep -qx 'revision $head' '$city/site/.gongshi-site'"
else
	echo "not ok - safety: FAULTLIB (build/fault.so) is missing"
fi

# --- 12. history never parses a blob larger than a record -------------
fresh twelve
city=$work/twelve
rec=$city/content/compounds/lixia/heping-xincun.yaml
(cd "$city" && "$GONGSHI" --lang en publish -m 首次 --author "$AUTHOR") >/dev/null 2>&1
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-02/' "$rec"
# A comment changes nothing in the record, so were the 50 MB blob
# parsed, its one real change would show field by field.
head -c 50000000 /dev/zero | tr '\0' '#' | fold -w 100 >>"$rec"
git -C "$city" -c user.name=x -c user.email=x@x commit -qam 巨大
for cmd in "log heping-xincun" "diff HEAD~1 HEAD"; do
	(cd "$city" && timeout 20 "$GONGSHI" --lang en $cmd) >"$work/log" 2>&1
	status=$?
	check "$cmd: a 50 MB record in the history is not parsed" sh -c "
		[ $status -eq 0 ] && grep -q '和平新村\\|heping-xincun' '$work/log' &&
		! grep -q '数据截至' '$work/log'"
done
(cd "$city" && timeout 60 "$GONGSHI" --lang en publish) >"$work/log" 2>&1
status=$?
check "publish refuses to build from such a revision, saying why" sh -c "
	[ $status -eq 1 ] && grep -q 'a record file may have at most 1 MiB' \
	    '$work/log'"

# --- 13. a shared folder: one publisher, one record --------------------
fresh thirteen
city=$work/thirteen
(cd "$city" && "$GONGSHI" --lang en publish -m 首次 --author "$AUTHOR") >/dev/null 2>&1
head=$(git -C "$city" rev-parse HEAD)
sed -i 's/^    amount: 0.30$/    amount: 0.35/' \
    "$city/content/compounds/lixia/heping-xincun.yaml"
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-04/' \
    "$city/content/compounds/tianqiao/huali-huayuan.yaml"
(cd "$city" && "$GONGSHI" --lang en publish -m 调整物业服务费 --author "甲 <a@x.cn>") \
    >"$work/log" 2>&1
status=$?
check "several changed records and no choice: nothing is committed" sh -c "
	[ $status -eq 2 ] && [ \"\$(git -C '$city' rev-parse HEAD)\" = '$head' ]"
check "and the message lists them and says how to choose" sh -c "
	grep -q 'heping-xincun' '$work/log' && grep -q 'huali-huayuan' '$work/log' &&
	grep -q -- '--all' '$work/log'"
(cd "$city" && "$GONGSHI" --lang en publish -m 调整物业服务费 --author "甲 <a@x.cn>" \
    heping-xincun) >"$work/log" 2>&1
check "publish ID commits only that record" sh -c "
	[ \"\$(git -C '$city' show --name-only --format= HEAD)\" = \
	    content/compounds/lixia/heping-xincun.yaml ] &&
	[ \"\$(git -C '$city' log -1 --format=%an)\" = 甲 ]"
check "the site shows the published record, not the other's edit" sh -c "
	grep -q '0.35' '$city/site/c/heping-xincun/index.html' &&
	! grep -q '2026-11-04' '$city/site/c/huali-huayuan/index.html' &&
	grep -qx 'content published' '$city/site/.gongshi-site'"
check "the other's edit stays, unpublished, for them to publish" sh -c "
	(cd '$city' && '$GONGSHI' --lang en diff) | grep -q '华黎花园' &&
	[ \"\$(git -C '$city' status --porcelain)\" = \
	    ' M content/compounds/tianqiao/huali-huayuan.yaml' ]"
(cd "$city" && "$GONGSHI" --lang en publish -m x --author "$AUTHOR" no-such-thing) \
    >"$work/log" 2>&1
check "a name that matches nothing is an error, not a silent no-op" sh -c "
	[ \$? -ne 0 ] || true; grep -q \"nothing is named 'no-such-thing'\" '$work/log'"
(cd "$city" && "$GONGSHI" --lang en publish -m 全部 --author "$AUTHOR" --all) \
    >"$work/log" 2>&1
check "--all publishes every change" sh -c "
	grep -q '^published ' '$work/log' &&
	[ -z \"\$(git -C '$city' status --porcelain)\" ]"

# --- 14. areas.yaml grows with the city: a bound of its own ------------
# 100,000 compounds list about 1.7 MB of areas; one record stays at 1 MiB.
fresh fourteen
city=$work/fourteen
head -c 1500000 /dev/zero | tr '\0' '#' | fold -w 100 >>"$city/content/areas.yaml"
(cd "$city" && "$GONGSHI" --lang en check) >"$work/log" 2>&1
status=$?
check "an areas.yaml over 1 MiB is read" sh -c "
	[ $status -eq 0 ] && ! grep -q 'MiB' '$work/log'"
rec=$city/content/compounds/lixia/heping-xincun.yaml
cp "$rec" "$work/rec.yaml"
head -c 1500000 /dev/zero | tr '\0' '#' | fold -w 100 >>"$rec"
(cd "$city" && "$GONGSHI" --lang en check) >"$work/log" 2>&1
status=$?
check "a compound record over 1 MiB is still refused" sh -c "
	[ $status -eq 1 ] && grep -q \
	    '^content/compounds/lixia/heping-xincun.yaml:1:1: error: file is [0-9]* bytes; a record file may have at most 1 MiB' \
	    '$work/log'"
cp "$work/rec.yaml" "$rec"

# A position packs its line and column (gongshi.h): far lines of a
# record still name their place, and the rare file that could go past
# what a position holds is refused rather than placed wrongly.
{ awk 'BEGIN { for (i = 0; i < 400000; i++) print "#" }'
  sed 's/^data_as_of: .*/data_as_of: 2026-02-30/' "$work/rec.yaml"; } >"$rec"
(cd "$city" && "$GONGSHI" --lang en check) >"$work/log" 2>&1
status=$?
check "an error 400,000 lines down a record is shown at its line" sh -c "
	[ $status -eq 1 ] && grep -q 	    '^content/compounds/lixia/heping-xincun.yaml:400010:13: error: ' 	    '$work/log'"
cp "$work/rec.yaml" "$rec"
cp "$city/content/areas.yaml" "$work/areas.yaml"
head -c 2100000 /dev/zero | tr '\0' '#' >>"$city/content/areas.yaml"
(cd "$city" && "$GONGSHI" check) >"$work/log" 2>&1
status=$?
lines=$(wc -l <"$work/areas.yaml")
check "an areas.yaml line of over 2 MB is refused at that line" sh -c "
	[ $status -eq 1 ] && grep -q 	    '^content/areas.yaml:$((lines + 1)):1: 错误：这一行超过 2097150 字节；请拆成较短的几行' 	    '$work/log'"
cp "$work/areas.yaml" "$city/content/areas.yaml"
awk 'BEGIN { for (i = 0; i < 4200000; i++) print "#" }' \
    >>"$city/content/areas.yaml"
(cd "$city" && "$GONGSHI" check) >"$work/log" 2>&1
status=$?
check "an areas.yaml of over 4,194,303 lines is refused" sh -c "
	[ $status -eq 1 ] && grep -q 	    '^content/areas.yaml:4194303:1: 错误：文件超过 4194303 行；请拆分文件，或每行多写一些内容' 	    '$work/log'"
cp "$work/areas.yaml" "$city/content/areas.yaml"
head -c 68000000 /dev/zero | tr '\0' '#' | fold -w 100 >>"$city/content/areas.yaml"
(cd "$city" && "$GONGSHI" check) >"$work/log" 2>&1
status=$?
check "an areas.yaml over 64 MiB is refused, in Chinese, at its path" sh -c "
	[ $status -eq 1 ] && grep -q \
	    '^content/areas.yaml:1:1: 错误：文件有 [0-9]* 字节；areas.yaml 列出全市的区划，最多 64 MiB' \
	    '$work/log'"
