#!/bin/sh
# Golden diagnostics: each tests/check/cases/NAME/ is laid over a copy of
# the valid city in tests/check/base/, then `gongshi check` must print
# exactly NAME/expected in English (--lang en) and NAME/expected.zh in
# Chinese, the language it speaks by default (its output, then "exit N").
#
# A case folder may hold:
#   content/...  files laid over the base (added or replaced)
#   remove       base paths to delete, one per line
#   setup        a sh script run inside the copy, for inputs that are
#                better generated than committed (huge or binary files)
#   args         extra arguments for gongshi check
#   expected     the golden output in English
#   expected.zh  the same in Chinese
# UPDATE=1 rewrites expected files from the current output: review the
# diff before committing it.

: "${GONGSHI:?GONGSHI must name the gongshi binary}"
top=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for case in tests/check/cases/*/; do
	name=$(basename "$case")
	dir="$work/$name"
	mkdir -p "$dir"
	cp -R tests/check/base/content "$dir/"
	[ -d "$case/content" ] && cp -R "$case/content" "$dir/"
	if [ -f "$case/remove" ]; then
		while read -r p; do
			[ -n "$p" ] && rm -rf "${dir:?}/$p"
		done <"$case/remove"
	fi
	[ -f "$case/setup" ] && (cd "$dir" && sh "$top/$case/setup")
	args=
	[ -f "$case/args" ] && args=$(cat "$case/args")
	for lang in en zh; do
		if [ "$lang" = en ]; then
			golden=$case/expected
			set -- --lang en
		else
			golden=$case/expected.zh
			set --
		fi
		# shellcheck disable=SC2086
		(cd "$dir" && timeout 30 "$GONGSHI" check --today 2026-11-27 \
		    "$@" $args) >"$work/out" 2>&1
		echo "exit $?" >>"$work/out"
		if [ "${UPDATE:-}" = 1 ]; then
			cp "$work/out" "$golden"
		fi
		if [ ! -f "$golden" ]; then
			echo "not ok - check $name ($lang): no $golden file"
			sed 's/^/    /' "$work/out"
		elif cmp -s "$work/out" "$golden"; then
			echo "ok - check $name ($lang)"
		else
			echo "not ok - check $name ($lang)"
			diff -u "$golden" "$work/out" | sed 's/^/    /'
		fi
	done
done

# The base itself must be valid, or every case above proves little.
if (cd tests/check/base && "$GONGSHI" check --today 2026-11-27 --strict) \
    >"$work/out" 2>&1; then
	echo "ok - check base city is valid and has no warnings"
else
	echo "not ok - check base city is valid and has no warnings"
	sed 's/^/    /' "$work/out"
fi
