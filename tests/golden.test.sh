#!/bin/sh
# Golden HTML: the demo city in content/, built through the default
# layouts, must come out exactly as tests/golden/site/.  One case per
# file, so a change shows where it landed.  UPDATE=1 replaces the golden
# copy with the current output: review `git diff` before committing.

: "${GONGSHI:?GONGSHI must name the gongshi binary}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
golden=tests/golden/site

mkdir -p "$work/city"
cp -R content layouts private "$work/city/"
if ! "$GONGSHI" build -C "$work/city" -o "$work/site" >"$work/log" 2>&1; then
	echo "not ok - golden: the demo city builds"
	sed 's/^/    /' "$work/log"
	exit 0
fi
echo "ok - golden: the demo city builds"
if [ "${UPDATE:-}" = 1 ]; then
	rm -rf "$golden"
	mkdir -p "$(dirname "$golden")"
	cp -R "$work/site" "$golden"
fi
( cd "$golden" 2>/dev/null && find . -type f; cd "$work/site" && find . -type f ) |
    sort -u | while read -r f; do
	f=${f#./}
	if [ ! -f "$golden/$f" ]; then
		echo "not ok - golden: $f is new (UPDATE=1 to accept)"
	elif [ ! -f "$work/site/$f" ]; then
		echo "not ok - golden: $f is no longer written"
	elif cmp -s "$golden/$f" "$work/site/$f"; then
		echo "ok - golden: $f"
	else
		echo "not ok - golden: $f differs"
		diff -u "$golden/$f" "$work/site/$f" | head -40 | sed 's/^/    /'
	fi
done
