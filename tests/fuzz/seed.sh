#!/bin/sh
# Seeds a fuzz corpus from the project's own test inputs:
#
#	sh tests/fuzz/seed.sh NAME DIR
#
#   record    every YAML record and page under content/, tests/check/
#             and tests/build/, each behind the byte that tells the
#             harness which file of the city it replaces
#   template  every layout in layouts/
#   markdown  every Markdown page under content/ and tests/
#   values    the scalars the unit tests and golden cases turn on
#   xlsx      the workbooks the reader's unit tests read
#   import    cell edits to the exported demo city
#   pinyin    the start of the installed Rime dictionary, when there is
#             one, and the saved inputs
#   urlpath   every path the serve test asks for, good and hostile
#   cache     the saved inputs only
#   printrecord  the saved inputs only
#   manifest  the manifest a build of the demo city leaves (with
#             ./gongshi or $GONGSHI, when built)
#   memo      the page memo (.gongshi/pages) a build of the demo city
#             leaves, and the saved inputs
#   trees     the tree cache (.gongshi/trees) a check of the demo city
#             leaves, whole and each record's tree, and the saved inputs
#   verdicts  the saved inputs only
#   deltas    the cache of tree differences (.gongshi/deltas) the
#             demo city's replayed history leaves, whole and its lines
#             alone, and the saved inputs
#   sshkey    every public key line of a parties.yaml under content/ and
#             tests/, and the saved inputs (a commit's SSH signature
#             among them)
# Run from the top of the source tree.  Existing seeds are overwritten,
# the rest of DIR (what the fuzzer found) is left alone.

set -eu
name=$1
dir=$2
mkdir -p "$dir"

# put PREFIX FILE: FILE's bytes behind PREFIX (printf format) as a seed.
put() {
	sum=$(cksum <"$2" | cut -d ' ' -f 1)
	{ printf "$1"; cat "$2"; } >"$dir/seed-$sum-$(basename "$2")"
}

case $name in
record)
	find content tests/check tests/build -type f \
	    \( -name '*.yaml' -o -name '*.md' \) | sort |
	while read -r f; do
		case $f in
		*/compounds/*.yaml)	put '\000' "$f" ;;
		*/site.yaml)		put '\001' "$f" ;;
		*/areas.yaml)		put '\002' "$f" ;;
		*/departments.yaml)	put '\003' "$f" ;;
		*/pages/*.md)		put '\004' "$f" ;;
		esac
	done
	;;
template)
	for f in layouts/*.mustache; do
		put '' "$f"
	done
	;;
markdown)
	find content tests/check tests/build -type f -name '*.md' | sort |
	while read -r f; do
		put '' "$f"
	done
	;;
values)
	i=0
	while IFS= read -r v; do
		i=$((i + 1))
		printf '%s' "$v" >"$dir/seed-value-$i"
	done <<'EOF'
0.60
1234.5
999999999999.99
1,000
1e3
-1
2026-02-28
2024-02-29
1900-01-01
2026-02-30
0531-88001234
0531-88001234-8021
13800000000
400-000-0000
12345
91370102000000000N
91110000600037341L
heping-xincun
Heping
和平新村　
javascript:alert(1)
https://wygs.example.cn/c/x/
=HYPERLINK("x")
<script>alert(1)</script>
EOF
	printf '\033[31mred\033[0m\n' >"$dir/seed-value-escape"
	printf 'a\342\200\256b' >"$dir/seed-value-bidi"
	printf '\302\233x' >"$dir/seed-value-c1"
	printf '\377\376' >"$dir/seed-value-bad-utf8"
	;;
xlsx)
	for f in tests/xlsx/*.xlsx tests/fuzz/xlsx/*; do
		put '' "$f"
	done
	;;
pinyin)
	f=/usr/share/rime-data/pinyin_simp.dict.yaml
	if [ -r "$f" ]; then
		head -c 65536 "$f" >"$dir/seed-pinyin-head"
	fi
	;;
import)
	# Cell edits to the exported demo city: [sheet][row][col][kind]
	# [length][text]; kinds 0 text, 1 number, 2 date number.
	printf '\010\004\006\001\0051.955' >"$dir/seed-import-money"
	printf '\005\003\006\000\010未公示' >"$dir/seed-import-undisclosed"
	printf '\002\003\004\002\00545627' >"$dir/seed-import-date"
	printf '\010\377\003\000\001\061\010\377\004\000\002ab' \
	    >"$dir/seed-import-new-row"
	printf '\004\004\007\000\012a: b\n- c' >"$dir/seed-import-yaml"
	;;
urlpath)
	# Each path tests/serve.test.sh sends, from its code.
	grep -o "[\"' ]/[^\"' ]*" tests/serve.test.sh | cut -c2- | sort -u |
	while IFS= read -r p; do
		sum=$(printf '%s' "$p" | cksum | cut -d ' ' -f 1)
		printf '%s' "$p" >"$dir/seed-path-$sum"
	done
	;;
printrecord)
	# The saved inputs (tests/fuzz/printrecord/): a record of printed
	# boards as boards --pdf writes it.
	:
	;;
cache)
	# The saved inputs (tests/fuzz/cache/) are cache files that builds
	# and checks of the demo city wrote, and a truncated one.
	:
	;;
deltas)
	# The demo city published twice: behind a byte 0 the whole file,
	# behind a byte 1 its lines (the harness makes the header).
	tmp=$(mktemp -d)
	cp -R content layouts "$tmp/"
	bin=${GONGSHI:-$PWD/gongshi}
	if (cd "$tmp" && "$bin" publish -m one --author "t <t@example.cn>" &&
	    sed -i 's/^data_as_of: .*/data_as_of: 2026-11-02/' \
	    content/compounds/lixia/heping-xincun.yaml &&
	    "$bin" publish --all -m two --author "t <t@example.cn>") \
	    >/dev/null 2>&1 && [ -f "$tmp/.gongshi/deltas" ]; then
		{ printf '\000'; cat "$tmp/.gongshi/deltas"; } \
		    >"$dir/seed-deltas-whole"
		{ printf '\001'; tail -n +2 "$tmp/.gongshi/deltas"; } \
		    >"$dir/seed-deltas-lines"
	fi
	rm -rf "$tmp"
	;;
verdicts)
	# The saved inputs (tests/fuzz/verdicts/): .gongshi/signatures as a
	# build writes it, and broken ones.
	:
	;;
manifest)
	# A manifest as a build leaves it beside the demo site.
	tmp=$(mktemp -d)
	cp -R content layouts "$tmp/"
	bin=${GONGSHI:-$PWD/gongshi}	# $PWD before the cd below
	if (cd "$tmp" && "$bin" build --today 2026-11-30) \
	    >/dev/null 2>&1; then
		cp "$tmp/.site.manifest" "$dir/seed-manifest-demo"
	fi
	rm -rf "$tmp"
	;;
memo)
	# The page memo a build of the demo city leaves.
	tmp=$(mktemp -d)
	cp -R content layouts "$tmp/"
	bin=${GONGSHI:-$PWD/gongshi}	# $PWD before the cd below
	if (cd "$tmp" && "$bin" build --today 2026-11-30) \
	    >/dev/null 2>&1; then
		cp "$tmp/.gongshi/pages" "$dir/seed-memo-demo"
	fi
	rm -rf "$tmp"
	;;
trees)
	# The tree cache a check of the demo city leaves: behind a byte 1,
	# its entries (the harness writes the header); behind a byte 0,
	# each entry's tree, found by the lengths in the entries' heads.
	tmp=$(mktemp -d)
	cp -R content layouts "$tmp/"
	bin=${GONGSHI:-$PWD/gongshi}
	if (cd "$tmp" && "$bin" check --today 2026-11-30) \
	    >/dev/null 2>&1 && [ -f "$tmp/.gongshi/trees" ]; then
		tail -c +47 "$tmp/.gongshi/trees" >"$tmp/entries"
		{ printf '\001'; cat "$tmp/entries"; } >"$dir/seed-trees-demo"
		off=0
		size=$(wc -c <"$tmp/entries")
		while [ $((off + 32)) -le "$size" ]; do
			len=$(od -An -tu4 -j $((off + 20)) -N4 "$tmp/entries" |
			    tr -d ' ')
			{ printf '\000'; tail -c +$((off + 33)) "$tmp/entries" |
			    head -c "$len"; } >"$dir/seed-tree-$off"
			off=$((off + 32 + len))
		done
	fi
	rm -rf "$tmp"
	;;
sshkey)
	# Each key line (the text between quotes, or after "- ").
	find content tests -type f -name parties.yaml | sort |
	xargs -r grep -ho '\(ssh\|ecdsa\|sk\)-[^"]*' | sort -u |
	while IFS= read -r k; do
		sum=$(printf '%s' "$k" | cksum | cut -d ' ' -f 1)
		printf '%s' "$k" >"$dir/seed-key-$sum"
	done
	;;
*)
	echo "seed.sh: no seeds for '$name'" >&2
	exit 2
	;;
esac
