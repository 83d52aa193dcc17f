#!/bin/sh
# Replays the demo city's publications (demo/history/) into a repository
# of its own, so that its site shows a history that reads like a real
# office's rather than this project's own commits:
#   sh scripts/demo-history.sh [REPO [SITE]]     (build/demo, site)
# Each step demo/history/NN-*/ has a message, an author (an office) and
# a date (YYYY-MM-DDTHH:MM, in the site's utc_offset), and, past the
# first, change.patch: what that publication changed in content/.  The
# last step ends at content/ as it is: the first publication is
# content/ with every later patch taken back, newest first.  Then each
# step is published with `gongshi publish --date`, and the site is
# built from the repository into SITE.  The repository's history holds
# no personal mobile number (see README, 个人信息): the records hold
# seals, and private/ gives the site and boards the numbers.
set -eu

gongshi=${GONGSHI:-./gongshi}
repo=${1:-build/demo}
site=${2:-site}
steps=$(ls -d demo/history/[0-9]*/ | LC_ALL=C sort)

rm -rf "$repo"
mkdir -p "$repo"
cp -R content layouts "$repo/"
# The demo's private contact book (its personal phones, which the
# published history holds only as seals): a real office keeps its
# private/ out of every public repository.
cp -R private "$repo/"
printf '*\n' >"$repo/private/.gitignore"
for step in $(printf '%s\n' $steps | LC_ALL=C sort -r); do
	if [ -f "$step/change.patch" ]; then
		patch -s -R -p0 -d "$repo" <"$step/change.patch"
	fi
done
for step in $steps; do
	if [ -f "$step/change.patch" ]; then
		patch -s -p0 -d "$repo" <"$step/change.patch"
	fi
	"$gongshi" publish -C "$repo" --all -m "$(cat "$step/message")" \
	    --author "$(cat "$step/author")" --date "$(cat "$step/date")" \
	    -o "$repo/site"
done
# The replay must end at content/ as it is.
if ! diff -r content "$repo/content" >/dev/null; then
	echo "demo-history: the replay does not end at content/ (a patch in" \
	    "demo/history/ no longer matches it)" >&2
	exit 1
fi
"$gongshi" build -C "$repo" -o "$site"
