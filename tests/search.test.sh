#!/bin/sh
# The search box in a real headless Chromium: typing part of a name,
# alias, address or provider lists the compound, from the static index,
# and so do the forms people really type: a generic ending (华黎小区),
# traditional characters (華黎), pinyin in full or as initials (heping,
# hpxc), spaces, punctuation and full-width letters.  The page is opened
# from the built folder with ?q=, which the script reads like typed
# input.  Without JavaScript the form is still there and the listing by
# pinyin initial reaches every compound.  Skipped where Chromium is not
# installed.

: "${GONGSHI:?GONGSHI must name the gongshi binary}"
chromium=$(command -v chromium || command -v chromium-browser)
if [ -z "$chromium" ]; then
	echo "skip - search: chromium is not installed (scripts/deps.sh --test)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/city"
cp -R content layouts "$work/city/"
# A name with punctuation and spaces in it, as some are registered.
sed 's/^name: 玉函雅居$/name: "玉函 · 雅居"/' \
    content/compounds/shizhong/yuhan-yaju.yaml \
    >"$work/city/content/compounds/shizhong/yuhan-yaju.yaml"
if ! "$GONGSHI" build -C "$work/city" -o "$work/site" >"$work/log" 2>&1; then
	echo "not ok - search: the demo city builds"
	sed 's/^/    /' "$work/log"
	exit 0
fi

# search QUERY: the result links the page shows for QUERY.
search() {
	q=$(printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')
	timeout 60 "$chromium" --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$work/profile" --allow-file-access-from-files \
	    --virtual-time-budget=5000 --dump-dom \
	    "file://$work/site/index.html?q=$q" 2>/dev/null |
	    grep -o 'href="\./c/[a-z0-9-]*/"' | sed 's/.*c\/\(.*\)\/"/\1/'
}

expect() {	# expect WHAT QUERY ID: searching QUERY lists ID
	if search "$2" | grep -qx "$3"; then
		echo "ok - search: $1 '$2' finds $3"
	else
		echo "not ok - search: $1 '$2' finds $3"
		search "$2" | sed 's/^/    got: /'
	fi
}

expect "part of a name" "和平" heping-xincun
expect "an alias" "华夏山青" huaxia-diyuan
expect "part of an address" "洪家楼" xingfuyuan
expect "part of a provider's name" "山青物业" huaxia-diyuan
expect "a name with a generic ending" "华黎小区" huali-huayuan
expect "a name with another ending" "和平新村小区" heping-xincun
expect "traditional characters" "華黎" huali-huayuan
expect "traditional characters and an ending" "華黎社區" huali-huayuan
expect "full pinyin" "heping" heping-xincun
expect "pinyin initials" "hpxc" heping-xincun
expect "pinyin being typed" "yanzis" yanzishan-xiaoqu
expect "upper-case full-width pinyin" "ＨＰＸＣ" heping-xincun
expect "a space inside a name" "和平 新村" heping-xincun
expect "punctuation inside a name" "和平·新村" heping-xincun
expect "full-width brackets" "（和平新村）" heping-xincun
expect "a name written with punctuation, typed without" "玉函雅居" yuhan-yaju
expect "pinyin of a name written with punctuation" "yhyj" yuhan-yaju

# The first result is the best one: a name that starts with the query
# comes before a name in which it only appears in pinyin.
first=$(search "xingfu" | head -n 1)
if [ "$first" = xingfu-jiayuan ] || [ "$first" = xingfuyuan ]; then
	echo "ok - search: 'xingfu' lists a 兴福/幸福 compound first"
else
	echo "not ok - search: 'xingfu' lists a 兴福/幸福 compound first (got '$first')"
fi
n=$(search "zzzz" | wc -l)
if [ "$n" -eq 0 ]; then
	echo "ok - search: letters that spell no name list nothing"
else
	echo "not ok - search: letters that spell no name list nothing ($n results)"
fi

# Without JavaScript: the form is shown and submits to the listing,
# whose pages reach every compound.  Headless Chromium prints nothing
# with scripts disabled (its dump needs them), so the reader without
# JavaScript is a copy of the site with every script element removed:
# what Chromium then shows is what such a reader gets.
cp -R "$work/site" "$work/nojs"
find "$work/nojs" -name '*.html' -exec sed -i '/<script/d' {} +
nojs() {
	timeout 60 "$chromium" --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$work/profile" --dump-dom \
	    "file://$work/nojs/${1#"$work/site/"}" 2>/dev/null
}
nojs "$work/site/index.html" >"$work/index.dom"
if grep -q '<form id="search"[^>]*action="\./names/"' "$work/index.dom" &&
    ! grep -q '<form id="search"[^>]*hidden' "$work/index.dom" &&
    grep -q '<input id="q" name="q"' "$work/index.dom" &&
    grep -q '<button type="submit">' "$work/index.dom"; then
	echo "ok - search: without JavaScript the form is shown and submits to names/"
else
	echo "not ok - search: without JavaScript the form is shown and submits to names/"
	grep -o '<form id="search"[^>]*>' "$work/index.dom" | sed 's/^/    /'
fi
nojs "$work/site/names/index.html" |
    grep -o 'href="\.\./names/[a-z0-9]*/"' | sed 's/.*names\/\(.*\)\/"/\1/' \
    >"$work/groups"
: >"$work/listed"
while read -r g; do
	nojs "$work/site/names/$g/index.html" |
	    grep -o 'href="\.\./\.\./c/[a-z0-9-]*/"' |
	    sed 's/.*c\/\(.*\)\/"/\1/' >>"$work/listed"
done <"$work/groups"
sort "$work/listed" >"$work/listed.sorted"
ls content/compounds/*/ | grep '\.yaml$' | sed 's/\.yaml$//' | sort \
    >"$work/all"
if [ -s "$work/all" ] && cmp -s "$work/all" "$work/listed.sorted"; then
	echo "ok - search: without JavaScript the listing by initial reaches every compound once"
else
	echo "not ok - search: without JavaScript the listing by initial reaches every compound once"
	diff "$work/all" "$work/listed.sorted" | sed 's/^/    /'
fi
if grep -qx h "$work/groups" &&
    grep -q 'heping-xincun' "$work/site/names/h/index.html" &&
    grep -q 'huali-huayuan' "$work/site/names/h/index.html"; then
	echo "ok - search: 和平新村 and 华黎花园 are listed under H"
else
	echo "not ok - search: 和平新村 and 华黎花园 are listed under H"
fi

n=$(search "不存在的小区名" | wc -l)
if [ "$n" -eq 0 ]; then
	echo "ok - search: a name nobody has lists nothing"
else
	echo "not ok - search: a name nobody has lists nothing ($n results)"
fi
