#!/bin/sh
# Accessibility: axe-core, run in a real headless Chromium, finds no
# violation on any page kind (tests/browser/site.sh lists them).  The
# axe-core package comes from npm (tests/browser/package-lock.json,
# installed by `sh scripts/deps.sh --test`); without it, node or
# Chromium the group is skipped.

: "${GONGSHI:?GONGSHI must name the gongshi binary}"
group=a11y
. tests/browser/site.sh
browser_tools || exit 0
if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
	echo "skip - $group: axe-core is not installed (cd tests/browser && npm ci)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! build_site; then
	echo "not ok - $group: the demo city builds and publishes"
	sed 's/^/    /' "$work/build.log"
	exit 0
fi
# shellcheck disable=SC2086 # one argument per page kind
timeout 300 node tests/browser/check.js axe "$work/site" $pages $print_pages
