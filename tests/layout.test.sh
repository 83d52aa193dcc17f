#!/bin/sh
# Large text on a small phone, in a real headless Chromium: every page
# kind at 360 CSS px wide with the browser's text size at 200 % scrolls
# only up and down, no element sticks out of the screen, nothing the
# page loads is missing (stylesheet, favicon), and the grid table keeps
# its header in view.  tests/browser/check.js does the judging; the
# page kinds are listed in tests/browser/site.sh.

: "${GONGSHI:?GONGSHI must name the gongshi binary}"
group=layout
. tests/browser/site.sh
browser_tools || exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! build_site; then
	echo "not ok - $group: the demo city builds and publishes"
	sed 's/^/    /' "$work/build.log"
	exit 0
fi
# shellcheck disable=SC2086 # one argument per page kind
timeout 300 node tests/browser/check.js layout "$work/site" $pages
