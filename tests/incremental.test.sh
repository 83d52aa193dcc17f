#!/bin/sh
# The build cache (.gongshi/): a randomized sequence of edits on a copy
# of the demo city, each followed by `build` and `check` with the cache
# and, on a copy of the same state, with --no-cache and from scratch;
# the sites, the diagnostics and the exit statuses must be identical.
# The sequence is fixed by a seed (printed; INCREMENTAL_SEED varies it,
# INCREMENTAL_STEPS lengthens it).  Also: a build with nothing changed
# leaves the site untouched (same folder, same stamp), and --no-cache
# neither reads nor writes the cache.

: "${GONGSHI:?GONGSHI must name the gongshi binary}"
if ! command -v git >/dev/null 2>&1; then
	echo "skip - incremental: git is not installed (scripts/deps.sh --test)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
group=incremental
. tests/lib.sh
git_sandbox
AUTHOR="测试员 <tester@example.cn>"
seed=${INCREMENTAL_SEED:-20261130}
steps=${INCREMENTAL_STEPS:-16}
echo "# incremental: seed $seed, $steps steps (INCREMENTAL_SEED=$seed to replay)"

city=$work/city
mkdir -p "$city"
cp -R content layouts "$city/"
TODAY=2026-11-30
LANGOPT="--lang zh"

# g DIR ARGS...: gongshi in DIR (so that paths in messages are alike).
g() {
	(cd "$1" && shift && "$GONGSHI" $LANGOPT "$@")
}

# rand N: a number in [0, N) from the seeded sequence, in $r.
rand() {
	seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
	r=$(( (seed / 65536) % $1 ))
}

# pick: a compound record of the city, at random, in $f.
pick() {
	set -- $(cd "$city" && find content/compounds -name '*.yaml' |
	    LC_ALL=C sort)
	rand $#
	shift $r
	f=$1
}

inode() { stat -c %i "$1" 2>/dev/null || echo none; }

# A publication first: a repository, a HEAD and a published site.
g "$city" publish --all -m "首次公示" --author "$AUTHOR" \
    --date 2026-11-01T09:00 >"$work/log" 2>&1
check "the city is published" test $? -eq 0

# Nothing changed: the second build is the cache's, and touches nothing.
g "$city" build --today $TODAY >"$work/a1" 2>&1
s1=$?
ino=$(inode "$city/site")
# A real build over a site rewrites the manifest beside it (journal.c).
mino=$(inode "$city/.site.manifest")
stamp=$(stat -c %y "$city/site/.gongshi-site")
snapshot "$city/site" >"$work/snap1"
g "$city" build --today $TODAY >"$work/a2" 2>&1
s2=$?
check "a build makes a cache entry" test -s "$city/.gongshi/build"
check "a no-change build exits as the first did" test $s1 -eq $s2
check "a no-change build keeps the site folder (no new tree swapped in)" \
    test "$(inode "$city/site")" = "$ino"
check "a no-change build leaves the manifest beside the site" \
    test "$(inode "$city/.site.manifest")" = "$mino"
check "a no-change build leaves the stamp untouched" \
    test "$(stat -c %y "$city/site/.gongshi-site")" = "$stamp"
snapshot "$city/site" >"$work/snap2"
check "a no-change build leaves every file and its mtime" \
    cmp -s "$work/snap1" "$work/snap2"
g "$city" build --today $TODAY --no-cache >"$work/a3" 2>&1
check "a no-change build says what a real build over the site says" \
    cmp "$work/a2" "$work/a3"
check "--no-cache builds for real (the manifest is written again)" \
    test "$(inode "$city/.site.manifest")" != "$mino"
mino=$(inode "$city/.site.manifest")
cp "$city/.gongshi/build" "$work/entry"
check "a real build keeps the records' parsed trees" \
    test -s "$city/.gongshi/trees"
cp "$city/.gongshi/trees" "$work/trees"
cp "$city/content/site.yaml" "$work/site.yaml"
echo "# a comment" >>"$city/content/site.yaml"
g "$city" build --today $TODAY --no-cache >/dev/null 2>&1
check "--no-cache does not write the cache" \
    cmp -s "$city/.gongshi/build" "$work/entry"
check "nor the tree cache, though a file changed" \
    cmp -s "$city/.gongshi/trees" "$work/trees"
cp "$work/site.yaml" "$city/content/site.yaml"
check "git does not see the cache" sh -c "
	[ -z \"\$(git -C '$city' status --porcelain --ignored=no)\" ]"
# The manifest as it is now: the --no-cache build above replaced the
# one read before it, whose freed inode a new file may take again.
mino=$(inode "$city/.site.manifest")
g "$city" build --today 2026-12-01 >"$work/a4" 2>&1
check "another --today is another build" \
    test "$(inode "$city/.site.manifest")" != "$mino"

# edit KIND: one change to the city, as a clerk or a layout author.
edit() {
	case $1 in
	fee)	# a new amount, one more digit
		pick
		sed -i '0,/^    amount: \([0-9]*\)\./s//    amount: 1\1./' \
		    "$city/$f" ;;
	same-size)	# same size, inode and mtime: only ctime tells
		y=$city/content/site.yaml
		m=$(stat -c %.9Y "$y")
		# written in place (cat >), so the inode stays too
		if grep -q '^title: .*公开' "$y"; then
			sed '/^title:/s/公开/公示/' "$y" >"$work/t"
		else
			sed '/^title:/s/公示/公开/' "$y" >"$work/t"
		fi
		cat "$work/t" >"$y"
		touch -d "@$m" "$y" ;;
	rename)
		pick
		sed -i "s/^name: \\(.*\\)\$/name: \\1$r/" "$city/$f" ;;
	move)	# to another compound's community
		pick
		to=$(grep '^community:' "$city/$f")
		pick
		sed -i "s/^community: .*\$/$to/" "$city/$f" ;;
	delete)
		pick
		if [ "$(find "$city/content/compounds" -name '*.yaml' |
		    wc -l)" -gt 4 ]; then
			rm "$city/$f"
		fi ;;
	add)
		pick
		n=$(basename "$f" .yaml)-$r
		sed "s/^id: .*\$/id: $n/" "$city/$f" \
		    >"$city/$(dirname "$f")/$n.yaml" ;;
	layout)
		rand 3
		case $r in
		0) sed -i 's|</footer>|<!-- edit '"$seed"' --></footer>|' \
		    "$city/layouts/footer.mustache" ;;
		1) echo "/* edit $seed */" >>"$city/layouts/assets/style.css" ;;
		2) sed -i '1s|^|{{! edit '"$seed"' }}|' \
		    "$city/layouts/compound.mustache" ;;
		esac ;;
	site)
		sed -i "s/^title: \\(.*\\)\$/title: \\1$r/" \
		    "$city/content/site.yaml" ;;
	invalid)	# an error, fixed by the next step
		[ -f "$work/fixme.path" ] && edit fix	# one at a time
		pick
		cp "$city/$f" "$work/fixme"
		echo "$f" >"$work/fixme.path"
		sed -i '0,/^    amount: .*$/s//    amount: 三毛/' "$city/$f" ;;
	fix)
		if [ -f "$work/fixme.path" ]; then
			cp "$work/fixme" "$city/$(cat "$work/fixme.path")"
			rm "$work/fixme.path"
		fi ;;
	touch)
		pick
		touch "$city/$f" ;;
	corrupt)
		rand 4
		case $r in
		0) printf 'garbage' >"$city/.gongshi/build" ;;
		1) head -c 100 "$city/.gongshi/build" >"$work/t" &&
		   cp "$work/t" "$city/.gongshi/build" ;;
		2) rm -f "$city/.gongshi/build" "$city/.gongshi/check" ;;
		3) sed -i 's/^status 0$/status 1/' "$city/.gongshi/build" ;;
		esac ;;
	wait)	# let every file age past the racy window
		sleep 3 ;;
	publish)
		g "$city" publish --all -m "第 $step 步" --author "$AUTHOR" \
		    --date 2026-11-02T09:00 >/dev/null 2>&1 ;;
	lang)
		if [ "$LANGOPT" = "--lang zh" ]; then
			LANGOPT="--lang en"
		else
			LANGOPT="--lang zh"
		fi ;;
	site-gone)
		rm -rf "$city/site" ;;
	memo-corrupt)	# the page memo damaged, and a record changed
		edit fee
		if [ -f "$city/.gongshi/pages" ]; then
			rand 4
			case $r in
			0) printf 'garbage' >"$city/.gongshi/pages" ;;
			1) head -c 300 "$city/.gongshi/pages" >"$work/t" &&
			   cp "$work/t" "$city/.gongshi/pages" ;;
			2) # one blob id changed: the checksum no longer holds
			   sed -i '2s/^\(.\{41\}\)./\10/' \
			       "$city/.gongshi/pages" ;;
			3) rm -f "$city/.gongshi/pages" ;;
			esac
		fi ;;
	trees-corrupt)	# the tree cache damaged, and a record changed
		edit fee
		t=$city/.gongshi/trees
		if [ -f "$t" ]; then
			rand 4
			case $r in
			0) printf 'garbage' >"$t" ;;
			1) head -c 3000 "$t" >"$work/t" && cp "$work/t" "$t" ;;
			2) # a byte in the middle: that entry's check fails
			   printf 'Z' | dd of="$t" bs=1 conv=notrunc \
			       seek=$(($(wc -c <"$t") / 2)) 2>/dev/null ;;
			3) rm -f "$t" ;;
			esac
		fi ;;
	memo-stale)	# an older memo back in place, and a record changed
		edit fee
		if [ -f "$work/memo.old" ]; then
			cp "$work/memo.old" "$city/.gongshi/pages"
		fi ;;
	tamper)	# a page changed behind gongshi's back, and a record
		pick
		id=$(sed -n 's/^id: *//p' "$city/$f")
		[ -f "$city/site/c/$id/index.html" ] &&
		    echo '<!-- tampered -->' >>"$city/site/c/$id/index.html"
		edit fee ;;
	area-office)	# a street's office: its area pages, not the records
		if grep -q '0531-00001021' "$city/content/areas.yaml"; then
			sed -i 's/0531-00001021/0531-00001029/' \
			    "$city/content/areas.yaml"
		else
			sed -i 's/0531-00001029/0531-00001021/' \
			    "$city/content/areas.yaml"
		fi ;;
	none)	;;
	esac
	# Kept for memo-stale: a memo some steps old.
	if [ -f "$city/.gongshi/pages" ]; then
		rand 2
		[ $r -eq 0 ] && cp "$city/.gongshi/pages" "$work/memo.old"
	fi
}

kinds="fee same-size rename move delete add layout site invalid touch
corrupt wait publish lang site-gone memo-corrupt memo-stale tamper area-office
trees-corrupt none"
set -- $kinds
nkinds=$#
bad=0
step=1
while [ $step -le $steps ]; do
	if [ -f "$work/fixme.path" ]; then
		kind=fix
	else
		rand $nkinds
		kind=$(echo $kinds | cut -d' ' -f$((r + 1)))
	fi
	edit $kind
	# The same state, copied before building: no cache, and scratch.
	rm -rf "$work/B" "$work/fresh"
	cp -a "$city" "$work/B"
	was=$(inode "$city/site")
	wasm=$(inode "$city/.site.manifest")
	g "$city" build --today $TODAY >"$work/outA" 2>&1
	sa=$?
	g "$work/B" build --today $TODAY --no-cache >"$work/outB" 2>&1
	sb=$?
	g "$work/B" build --today $TODAY --no-cache -o "$work/fresh" \
	    >/dev/null 2>&1
	g "$city" check --today $TODAY >"$work/chkA" 2>&1
	ca=$?
	g "$work/B" check --today $TODAY --no-cache >"$work/chkB" 2>&1
	cb=$?
	what="step $step ($kind)"
	if [ $sa -ne $sb ] || ! cmp -s "$work/outA" "$work/outB"; then
		notok "$what: build says the same with the cache as without" \
		    "exit $sa with, $sb without" "$(diff "$work/outA" \
		    "$work/outB" | head -10)"
		bad=1
	fi
	if [ -d "$city/site" ] || [ -d "$work/B/site" ]; then
		if ! diff -r "$city/site" "$work/B/site" >"$work/d" 2>&1; then
			notok "$what: the site is the same with the cache" \
			    "$(head -10 "$work/d")"
			bad=1
		fi
	fi
	if [ $sa -eq 0 ] && ! diff -r "$city/site" "$work/fresh" \
	    >"$work/d" 2>&1; then
		notok "$what: the site is the same as one built from scratch" \
		    "$(head -10 "$work/d")"
		bad=1
	fi
	if [ $ca -ne $cb ] || ! cmp -s "$work/chkA" "$work/chkB"; then
		notok "$what: check says the same with the cache as without" \
		    "exit $ca with, $cb without" "$(diff "$work/chkA" \
		    "$work/chkB" | head -10)"
		bad=1
	fi
	# A real build swaps a new folder in, or (journal) a new manifest.
	if [ "$kind" = publish ] && [ "$(inode "$city/site")" = "$was" ] &&
	    [ "$(inode "$city/.site.manifest")" = "$wasm" ]; then
		notok "$what: the build after a publish was not a real one"
		bad=1
	fi
	# A real build swaps a new folder in, or (journal) a new manifest.
	if [ "$kind" = same-size ] && [ "$(inode "$city/site")" = "$was" ] &&
	    [ "$(inode "$city/.site.manifest")" = "$wasm" ]; then
		notok "$what: a same-size, same-mtime edit was not seen"
		bad=1
	fi
	step=$((step + 1))
done
if [ $bad -eq 0 ]; then
	ok "$steps random edits: the same sites, messages and exit statuses with the cache, without it and from scratch"
fi

# Every kind at least once, in a fixed order, whatever the seed.
bad=0
for kind in $kinds fix; do
	edit $kind
	rm -rf "$work/B"
	cp -a "$city" "$work/B"
	g "$city" build --today $TODAY >"$work/outA" 2>&1
	sa=$?
	g "$work/B" build --today $TODAY --no-cache >"$work/outB" 2>&1
	sb=$?
	same=1
	if [ -d "$city/site" ] || [ -d "$work/B/site" ]; then
		diff -r "$city/site" "$work/B/site" >/dev/null 2>&1 || same=0
	fi
	if [ $sa -ne $sb ] || ! cmp -s "$work/outA" "$work/outB" ||
	    [ $same -eq 0 ]; then
		notok "every kind: $kind differs with the cache" \
		    "exit $sa with, $sb without" \
		    "$(diff "$work/outA" "$work/outB" | head -5)" \
		    "$(diff -r "$city/site" "$work/B/site" 2>&1 | head -5)"
		bad=1
	fi
done
[ $bad -eq 0 ] && ok "each kind of edit once: the same with the cache as without"

# The page memo (.gongshi/pages): a change to one record changes the
# fingerprints of that compound's pages and of the workbooks it is in,
# and no other compound's; a layout's change changes every page's.
memo=$city/.gongshi/pages
# From the shipped city again: the random edits may have left an error
# (a deleted compound that parties.yaml still names).
rm -rf "$city/content" "$city/layouts" "$city/site" "$work/fixme.path"
cp -R content layouts "$city/"
g "$city" build --today $TODAY >/dev/null 2>&1
set -- $(cd "$city" && find content/compounds -name '*.yaml' | LC_ALL=C sort)
f1=$1 f2=$2
id1=$(sed -n 's/^id: *//p' "$city/$f1")
id2=$(sed -n 's/^id: *//p' "$city/$f2")
fp() { grep " $1\$" "$memo" | cut -c1-64; }
books() { grep '\.xlsx$' "$memo" | LC_ALL=C sort -k3; }
a1=$(fp "c/$id1/index.html") a2=$(fp "c/$id2/index.html")
b2=$(fp "c/$id2/board.html")
k1=$(fp "c/$id1/") k2=$(fp "c/$id2/")
books >"$work/books1"
check "the memo knows each compound's page" test -n "$a1" -a -n "$a2" -a -n "$b2"
check "the memo knows the workbooks" test "$(wc -l <"$work/books1")" -ge 3
sed -i '0,/^    amount: \([0-9]*\)\./s//    amount: 1\1./' "$city/$f1"
g "$city" build --today $TODAY >/dev/null 2>&1
check "a changed record's page has a new fingerprint" \
    test "$(fp "c/$id1/index.html")" != "$a1"
check "another compound's pages keep theirs" \
    test "$(fp "c/$id2/index.html")" = "$a2" -a \
    "$(fp "c/$id2/board.html")" = "$b2"
check "a changed record's inputs have a new key" \
    test -n "$k1" -a "$(fp "c/$id1/")" != "$k1"
check "another compound's inputs keep their key" \
    test -n "$k2" -a "$(fp "c/$id2/")" = "$k2"
books >"$work/books2"
check "one record changes the city's and its district's workbooks, no other" \
    test "$(paste -d' ' "$work/books1" "$work/books2" |
    awk '$1 != $4' | wc -l)" -le 2 -a \
    "$(paste -d' ' "$work/books1" "$work/books2" | awk '$1 != $4' |
    wc -l)" -ge 1
sed -i 's|</footer>|<!-- memo --></footer>|' "$city/layouts/footer.mustache"
g "$city" build --today $TODAY >/dev/null 2>&1
check "a layout's change gives every page a new fingerprint" \
    test "$(fp "c/$id2/index.html")" != "$a2" -a \
    "$(fp "c/$id2/board.html")" != "$b2"
rm -rf "$work/B"
cp -a "$city" "$work/B"
printf 'gongshi-memo 1 0000\n' >"$memo"
sed -i '0,/^    amount: \([0-9]*\)\./s//    amount: 1\1./' "$city/$f2" "$work/B/$f2"
g "$city" build --today $TODAY >"$work/outA" 2>&1
g "$work/B" build --today $TODAY --no-cache >"$work/outB" 2>&1
check "a damaged memo: the same site as without the cache" \
    diff -r "$city/site" "$work/B/site"
check "a damaged memo is written anew" test "$(fp "c/$id2/index.html")" != ""

# A compound's pages are kept, views unbuilt, when its key (its record,
# its history, its areas' counts and everything that is not a record)
# is the last build's; each of these reaches them without its record.
# scratch WHAT ARGS...: the site built with the cache is the one built
# without it, from nothing.
scratch() {
	what=$1
	shift
	g "$city" build "$@" >/dev/null 2>&1
	rm -rf "$work/fresh"
	g "$city" build "$@" --no-cache -o "$work/fresh" >/dev/null 2>&1
	check "$what: the same site as one built from scratch" \
	    diff -r "$city/site" "$work/fresh"
}
# A layout may show what the shipped one does not: its areas' counts.
sed -i '1s|^|<!-- {{c.community.ncompounds}} {{c.street.ncompounds}} -->|' \
    "$city/layouts/compound.mustache"
g "$city" build --today $TODAY >/dev/null 2>&1
# Another compound in id2's community: its count on id2's page.
com2=$(grep '^community:' "$city/$f2")
sed -e "s/^id: .*\$/id: ${id2}-nb/" -e "s/^community: .*\$/$com2/" \
    "$city/$f1" >"$city/$(dirname "$f2")/${id2}-nb.yaml"
scratch "a neighbour added" --today $TODAY
rm "$city/$(dirname "$f2")/${id2}-nb.yaml"
scratch "the neighbour gone" --today $TODAY
scratch "another day" --today 2027-06-30
scratch "no day given"
for p in "$city"/content/pages/*.md; do
	sed -i 's/^title: \(.*\)$/title: \1（改）/' "$p"
	break
done
scratch "a page's title (every page's navigation)" --today $TODAY
mkdir -p "$city/private"
printf -- '- 不存在的姓名\n' >"$city/private/forgotten.yaml"
scratch "a name forgotten" --today $TODAY
rm -f "$city/private/forgotten.yaml"
scratch "no name forgotten" --today $TODAY

# publish_both MESSAGE DATE: publishes the city, and a copy of it with
# --no-cache in $work/B; their exit statuses in $pa and $pb.
publish_both() {
	rm -rf "$work/B"
	cp -a "$city" "$work/B"
	g "$city" publish --all -m "$1" --author "$AUTHOR" --date "$2" \
	    >"$work/outA" 2>&1
	pa=$?
	g "$work/B" publish --all -m "$1" --author "$AUTHOR" --date "$2" \
	    --no-cache >"$work/outB" 2>&1
	pb=$?
}

# publish uses the memo too: the same site with it as without.
sed -i '0,/^    amount: \([0-9]*\)\./s//    amount: 1\1./' "$city/$f1"
publish_both 备忘 2026-11-03T09:00
check "publish says the same with the memo as without" \
    sh -c "[ $pa -eq 0 ] && [ $pa -eq $pb ] && cmp -s '$work/outA' '$work/outB'"
check "publish makes the same site with the memo as without" \
    diff -r "$city/site" "$work/B/site"
# publish reads only the records whose trees the cache lacks; one whose
# cached tree then fails its check is read after all.  Every tree in the
# cache has its last byte changed (the entries' heads are left whole).
sed -i '0,/^    amount: \([0-9]*\)\./s//    amount: 1\1./' "$city/$f1"
t=$city/.gongshi/trees
size=$(wc -c <"$t")
off=46
n=0
while [ $((off + 32)) -le "$size" ]; do
	len=$(od -An -tu4 -j $((off + 20)) -N4 "$t" | tr -d ' ')
	off=$((off + 32 + len))
	printf '\377' | dd of="$t" bs=1 conv=notrunc seek=$((off - 1)) \
	    2>/dev/null
	n=$((n + 1))
done
publish_both 坏树 2026-11-03T10:00
check "publish with every cached tree damaged ($n) says the same as without" \
    sh -c "[ $n -gt 10 ] && [ $pa -eq 0 ] && [ $pa -eq $pb ] &&
	cmp -s '$work/outA' '$work/outB'"
check "and makes the same site" diff -r "$city/site" "$work/B/site"
check "and the same commit" test "$(git -C "$city" rev-parse HEAD^{tree})" = \
    "$(git -C "$work/B" rev-parse HEAD^{tree})"

# A record built, then published unchanged: its bytes are the memo's,
# its history is not, and its pages say the new revision.
sed -i '0,/^    amount: \([0-9]*\)\./s//    amount: 1\1./' "$city/$f2"
g "$city" build --today 2026-11-04 >/dev/null 2>&1	# publish's day
rm -rf "$work/B"
cp -a "$city" "$work/B"
g "$city" publish --all -m "备忘二" --author "$AUTHOR" \
    --date 2026-11-04T09:00 >/dev/null 2>&1
g "$work/B" publish --all -m "备忘二" --author "$AUTHOR" \
    --date 2026-11-04T09:00 --no-cache >/dev/null 2>&1
check "a record built before its publication: the same site as without the memo" \
    diff -r "$city/site" "$work/B/site"

# A street office's phone: its area pages and its compounds' boards
# change, the compound pages' bytes do not (their views may: the view
# is hashed whole, so the memo may render more than changed, never less).
f3=content/compounds/lixia/heping-xincun.yaml	# as shipped, in that street
cp "$f3" "$city/$f3"
g "$city" build --today $TODAY >/dev/null 2>&1
id3=$(sed -n 's/^id: *//p' "$city/$f3")
c3=$(stat -c %Y.%i "$city/site/c/$id3/index.html")
s3=$(fp "area/370102010/index.html")
if grep -q '0531-00001021' "$city/content/areas.yaml"; then
	sed -i 's/0531-00001021/0531-00001029/' "$city/content/areas.yaml"
else
	sed -i 's/0531-00001029/0531-00001021/' "$city/content/areas.yaml"
fi
rm -rf "$work/B"
cp -a "$city" "$work/B"
g "$city" build --today $TODAY >/dev/null 2>&1
g "$work/B" build --today $TODAY --no-cache >/dev/null 2>&1
check "a street's office: its area page has a new fingerprint" \
    test -n "$s3" -a "$(fp "area/370102010/index.html")" != "$s3"
check "a street's office: its compound's page is left as it was" \
    test "$(stat -c %Y.%i "$city/site/c/$id3/index.html")" = "$c3"
check "a street's office: the same site as without the cache" \
    diff -r "$city/site" "$work/B/site"
