#!/bin/sh
# The search box in a real headless Chromium: typing part of a name,
# alias, address or provider lists the compound, from the static index.
# The page is opened from the built folder with ?q=, which the script
# reads like typed input.  Skipped where Chromium is not installed.

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
n=$(search "不存在的小区名" | wc -l)
if [ "$n" -eq 0 ]; then
	echo "ok - search: a name nobody has lists nothing"
else
	echo "not ok - search: a name nobody has lists nothing ($n results)"
fi
