#!/bin/sh
# What `make bench` runs, from the top of the source tree:
#
#	GONGSHI=/abs/gongshi BENCHBIN=/abs/build/bench sh bench/run.sh
#
# Generates a synthetic city with bench/gencity into bench/out/city (once:
# again only when it is missing, when gencity is newer, or for another
# BENCH_N or BENCH_SEED), then times commands on it with bench/measure and
# prints one row per command: runs, min and median wall seconds, peak RSS.
#
# Environment: RUNS runs per command (5), BENCH_N compounds (10000),
# BENCH_SEED (1); BENCH_BOARDS_N compounds in the street whose boards
# are printed (200), BOARDS_RUNS runs of that (1: it takes minutes).  To time another command, add one line at the bottom:
#
#	bench_cmd "label" "$GONGSHI" build -C "$city" ...
#
# Exits 1 when a measured command did not exit 0, 2 on a setup error.

set -u
: "${GONGSHI:?set GONGSHI to the gongshi binary}"
: "${BENCHBIN:?set BENCHBIN to the folder holding gencity and measure}"
RUNS=${RUNS:-5}
N=${BENCH_N:-10000}
SEED=${BENCH_SEED:-1}
# The day gencity's dates are relative to (TODAY in gencity.c): checks
# judge dates against it, so results do not drift with the calendar.
TODAY=2026-11-27
TZ=UTC
LC_ALL=C.UTF-8
export TZ LC_ALL

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
for b in "$GONGSHI" "$BENCHBIN/gencity" "$BENCHBIN/measure"; do
	if [ ! -x "$b" ]; then
		echo "bench: $b: not built" >&2
		exit 2
	fi
done

out=bench/out
city=$out/city
stamp=$city/.gencity	# "n=N seed=S" of the city beside it

row() {
	printf '%-28s %5s %9s %9s %9s\n' "$@"
}

# Split a line of `measure -t` (runs, min, median, peak MiB, status).
fields() {
	IFS='	' read -r runs min med mib st <<EOF
$1
EOF
}

# bench_cmd LABEL CMD [ARG ...]: time CMD RUNS times and print its row.
failed=0
bench_cmd() {
	label=$1
	shift
	res=$("$BENCHBIN/measure" -t -r "$RUNS" -- "$@") ||
	    failed=$((failed + 1))
	st=
	fields "$res"
	if [ -z "$st" ]; then
		row "$label" "-" "failed" "-" "-"
		return
	fi
	row "$label" "$runs" "$min" "$med" "$mib"
	if [ "$st" != 0 ]; then
		# Show why, from one more run with its output kept.
		echo "  exit status $st; the last lines of its output:"
		"$@" </dev/null 2>&1 | tail -n 20 | sed 's/^/    /'
	fi
}

want="n=$N seed=$SEED"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] ||
    [ -n "$(find "$BENCHBIN/gencity" -newer "$stamp")" ]; then
	# Write beside it, then rename: an interrupted run leaves no
	# half city that would pass for a fresh one.
	rm -rf "$city" "$city.tmp" || exit 2
	mkdir -p "$out" || exit 2
	if ! res=$("$BENCHBIN/measure" -v -t -r 1 -- \
	    "$BENCHBIN/gencity" -n "$N" -s "$SEED" "$city.tmp"); then
		rm -rf "$city.tmp"
		echo "bench: gencity failed" >&2
		exit 2
	fi
	{ echo "$want" >"$city.tmp/.gencity" && mv "$city.tmp" "$city"; } ||
	    exit 2
	fields "$res"
	echo "generated $city ($want) in $min s"
fi
files=$(find "$city/content" -type f | wc -l | tr -d ' ')
bytes=$(find "$city/content" -type f -exec cat {} + | wc -c | tr -d ' ')
mib=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "content: $N compounds, $files files, $bytes bytes ($mib MiB)"
echo

# The city renders through the project's own default layouts.
rm -rf "$city/layouts" && cp -R layouts "$city/layouts" || exit 2

row "command" "runs" "min s" "median s" "peak MiB"
bench_cmd "gongshi check" "$GONGSHI" check -C "$city" --today "$TODAY"
# The first run writes every file; the others find them unchanged and
# link them, as a rebuild after one edit would.
rm -rf "$out/site"
bench_cmd "gongshi build" "$GONGSHI" build -C "$city" -o "$out/site" \
    --today "$TODAY"
# Workbooks: the city exported; imported as it is (read and compared
# with every record); and with one fee changed, which also checks the
# city as it would become (--dry-run, so every run does the same).
book=$out/city.xlsx
bench_cmd "gongshi export" "$GONGSHI" export -C "$city" --force -o "$book" \
    --today "$TODAY"
bench_cmd "gongshi import (unchanged)" "$GONGSHI" import -C "$city" "$book" \
    --today "$TODAY"
rm -rf "$out/city1" && mkdir -p "$out/city1" &&
    cp -R "$city/content" "$city/layouts" "$out/city1/" || exit 2
f=$(find "$out/city1/content/compounds" -name '*.yaml' | sort | head -n 1)
sed -i '0,/amount: [0-9.]*/s//amount: 9.99/' "$f"
"$GONGSHI" export -C "$out/city1" --force -o "$out/city1.xlsx" \
    --today "$TODAY" >/dev/null 2>&1 || exit 2
bench_cmd "gongshi import (1 change)" "$GONGSHI" import -C "$city" \
    --dry-run "$out/city1.xlsx" --today "$TODAY"
# Publishing one changed record into a repository of 1,000 revisions.
# GONGSHI_TIMING splits the run into phases: what publishing costs
# (lock, tree, check of the tree read back, commit, ref) and what the
# site build costs (history and render, swap).
hist=$out/hist
if [ ! -d "$hist/.git" ] || [ -n "$(find "$city/.gencity" -newer "$hist/.git/HEAD")" ]; then
	sh bench/history.sh "$city" "$hist" 1000 || exit 2
fi
rm -rf "$hist/layouts" && cp -R layouts "$hist/layouts" || exit 2
f=$(find "$hist/content/compounds" -name '*.yaml' | sort | head -n 1)
# A day that differs from the last run's, so that there is a change.
day=$(git -C "$hist" rev-list --count HEAD | awk '{printf "%02d", $1 % 28 + 1}')
sed -i "s/^data_as_of: .*/data_as_of: 2026-11-$day/" "$f"
(cd "$hist" && GONGSHI_TIMING=1 "$GONGSHI" publish --lang en -m "bench" --all \
    --author "bench <bench@example.cn>" --today "$TODAY") \
    >"$out/publish.log" 2>&1 || { failed=$((failed + 1)); tail -n 5 "$out/publish.log"; }
echo
echo "publish one changed record, 10,000 compounds, $(git -C "$hist" rev-list --count HEAD) revisions:"
awk '/^timing:/ { t[$2] = $3; order[n++] = $2 }
    END {
	pub = t["lock"] + t["tree"] + t["check"] + t["commit"] + t["ref+index"]
	site = t["build"] + t["swap"]
	for (i = 0; i < n; i++) printf "  %-12s %6.3f s\n", order[i], t[order[i]]
	printf "  publishing (without the site build) %.3f s; site build %.3f s\n", pub, site
    }' "$out/publish.log"

idx=$out/site/search-index.json
if [ -f "$idx" ]; then
	echo
	echo "search index: $(wc -c <"$idx" | tr -d ' ') bytes," \
	    "$(gzip -9 <"$idx" | wc -c | tr -d ' ') gzip -9"
fi

# Boards printed to PDF for one street of 200 compounds (gencity -S 1),
# from scratch each run (no PDFs, no record), then with nothing changed,
# then with one record changed;
# the PDFs then read back as tests/boards.test.sh does: one page per
# sheet laid out, the text, a QR code.  Needs Chromium, poppler, zbar.
BOARDS_N=${BENCH_BOARDS_N:-200}
street=$out/street$BOARDS_N
if ! command -v chromium >/dev/null 2>&1 && [ -z "${GONGSHI_CHROMIUM:-}" ]; then
	echo
	echo "boards --pdf: skipped (no chromium)"
else
	if [ ! -d "$street/content" ] ||
	    [ -n "$(find "$BENCHBIN/gencity" -newer "$street/content")" ]; then
		rm -rf "$street" &&
		    "$BENCHBIN/gencity" -n "$BOARDS_N" -S 1 "$street" >/dev/null ||
		    exit 2
	fi
	rm -rf "$street/layouts" && cp -R layouts "$street/layouts" || exit 2
	echo
	RUNS_WAS=$RUNS
	RUNS=${BOARDS_RUNS:-1}
	res=
	bench_cmd "boards --pdf ($BOARDS_N, fresh)" sh -c 'rm -rf "$1/.gongshi" "$1/site" &&
	    exec "$2" boards --pdf -C "$1" -o "$1/site" --today "$3"' sh \
	    "$street" "$GONGSHI" "$TODAY"
	awk -v n="$BOARDS_N" -v t="$med" 'BEGIN { if (t > 0)
	    printf "  %.2f boards per second (median %s s)\n", n / t, t }'
	RUNS=$RUNS_WAS
	bench_cmd "boards --pdf (no change)" "$GONGSHI" boards --pdf -C "$street" \
	    -o "$street/site" --today "$TODAY"
	# One record changed (its date, flipped each run): its community
	# printed again and the street joined again.
	one=$(find "$street/content/compounds" -name '*.yaml' | sort | head -n 1)
	cp "$one" "$out/one.yaml" || exit 2
	bench_cmd "boards --pdf (one changed)" sh -c 'if grep -q "^data_as_of: 2026-10-01" "$1"
	    then sed -i "s/^data_as_of: .*/data_as_of: 2026-10-02/" "$1"
	    else sed -i "s/^data_as_of: .*/data_as_of: 2026-10-01/" "$1"; fi &&
	    exec "$2" boards --pdf -C "$3" -o "$3/site" --today "$4"' sh \
	    "$one" "$GONGSHI" "$street" "$TODAY"
	cp "$out/one.yaml" "$one" || exit 2
	"$GONGSHI" boards --pdf -C "$street" -o "$street/site" --today "$TODAY" \
	    >/dev/null 2>&1
	bad=0
	for h in "$street"/site/c/*/board.html; do
		want=$(grep -c 'class="sheet"' "$h")
		got=$(pdfinfo "${h%.html}.pdf" 2>/dev/null |
		    sed -n 's/^Pages:[[:space:]]*//p')
		[ "$want" = "$got" ] || bad=$((bad + 1))
	done
	first=$(ls "$street"/site/c | head -n 1)
	pdftoppm -r 150 -f 1 -l 1 -singlefile -png \
	    "$street/site/c/$first/board.pdf" "$out/qr" 2>/dev/null
	qr=$(zbarimg -q --raw "$out/qr.png" 2>/dev/null | head -n 1)
	text=$(pdftotext "$street/site/c/$first/board.pdf" - 2>/dev/null | wc -c)
	echo "  $bad of $BOARDS_N PDFs with pages not as laid out; QR of $first: ${qr:-none};" \
	    "$text bytes of text; street PDF $(pdfinfo "$street"/site/boards/*/board.pdf 2>/dev/null |
	    sed -n 's/^Pages:[[:space:]]*//p') pages," \
	    "$(du -sh "$street/site/boards" | cut -f1)"
	[ "$bad" -eq 0 ] && [ -n "$qr" ] || failed=$((failed + 1))
fi

[ "$failed" -eq 0 ]
