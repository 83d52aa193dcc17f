#!/bin/sh
# What `make bench` runs, from the top of the source tree:
#
#	GONGSHI=/abs/gongshi BENCHBIN=/abs/build/bench sh bench/run.sh
#
# For each size in BENCH_SIZES, makes a synthetic city with bench/gencity
# into bench/out/city-N (once: again only when it is missing, when
# gencity is newer, or for another BENCH_SEED), times commands on it with
# bench/measure and prints one table: runs, min and median wall seconds,
# peak RSS.  Then a summary of how each row's cost grows from one size to
# the next.
#
# Environment: BENCH_SIZES compounds per city ("1000 10000 100000"),
# RUNS runs per command (5 below 10,000 compounds, 3 from there up),
# BENCH_SEED (1), BENCH_REVISIONS earlier revisions of the publish
# repository (1000), BENCH_OUT where cities, sites and results go
# (bench/out; another, such as bench/out/b, lets two runs go side by
# side); BENCH_BOARDS_N compounds in the street whose boards are printed
# (200), BOARDS_RUNS runs of that (1: it takes minutes).  A subset:
# BENCH_SIZES=1000 RUNS=1 make bench.
#
# To time another command, add one line to bench_size() below:
#
#	bench_cmd "label" "$GONGSHI" build -C "$city" ...
#	bench_cmd -b "shell command" "label" ...	(run before each run,
#						 untimed: rm -rf, an edit)
#
# Its median goes into the summary by label.  A number that is not a
# time (a ratio, bytes per compound) goes in with bench_value.
#
# Exits 1 when a measured command did not exit 0, 2 on a setup error.

set -u
: "${GONGSHI:?set GONGSHI to the gongshi binary}"
: "${BENCHBIN:?set BENCHBIN to the folder holding gencity and measure}"
SIZES=${BENCH_SIZES:-1000 10000 100000}
SEED=${BENCH_SEED:-1}
REVS=${BENCH_REVISIONS:-1000}
# The day gencity's dates are relative to (TODAY in gencity.c): checks
# judge dates against it, so results do not drift with the calendar.
TODAY=2026-11-27
AUTHOR="bench <bench@example.cn>"
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
for n in $SIZES; do
	case $n in
	''|*[!0-9]*) echo "bench: BENCH_SIZES: '$n' is not a number" >&2
		exit 2 ;;
	esac
done

out=${BENCH_OUT:-bench/out}
mkdir -p "$out" || exit 2
results=$out/results.tsv	# size, label, value, peak MiB, kind
: >"$results" || exit 2

row() {
	printf '%-34s %5s %9s %9s %9s\n' "$@"
}

# Split a line of `measure -t` (runs, min, median, peak MiB, status).
fields() {
	IFS='	' read -r runs_done min med mib st <<EOF
$1
EOF
}

# bench_cmd [-b PREP] LABEL CMD [ARG ...]: time CMD $runs times (PREP,
# a shell command, before each) and print its row; its median is left
# in $med ("" when it failed).
failed=0
bench_cmd() {
	prep=
	if [ "$1" = -b ]; then
		prep=$2
		shift 2
	fi
	label=$1
	shift
	if [ -n "$prep" ]; then
		res=$("$BENCHBIN/measure" -t -r "$runs" -b "$prep" -- "$@") ||
		    failed=$((failed + 1))
	else
		res=$("$BENCHBIN/measure" -t -r "$runs" -- "$@") ||
		    failed=$((failed + 1))
	fi
	st= med=
	fields "$res"
	if [ -z "$st" ]; then
		med=
		row "$label" "-" "failed" "-" "-"
		return
	fi
	row "$label" "$runs_done" "$min" "$med" "$mib"
	printf '%s\t%s\t%s\t%s\tt\n' "$N" "$label" "$med" "$mib" >>"$results"
	if [ "$st" != 0 ]; then
		med=
		# Show why, from one more run with its output kept.
		echo "  exit status $st; the last lines of its output:"
		"$@" </dev/null 2>&1 | tail -n 20 | sed 's/^/    /'
	fi
}

# bench_value LABEL VALUE: a row that is a number, not a time.
bench_value() {
	printf '%-34s %s\n' "$1" "$2"
	printf '%s\t%s\t%s\t-\tx\n' "$N" "$1" "$2" >>"$results"
}

# ratio A B: A / B to two places, or "-".
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
	    if (a == "" || b == "" || b + 0 <= 0) print "-"
	    else printf "%.2f\n", a / b }'
}

# make_city: $city holds gencity's city of $N compounds.
make_city() {
	stamp=$city/.gencity	# "n=N seed=S" of the city beside it
	want="n=$N seed=$SEED"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
	    [ -z "$(find "$BENCHBIN/gencity" -newer "$stamp")" ]; then
		return 0
	fi
	# Write beside it, then rename: an interrupted run leaves no half
	# city that would pass for a fresh one.
	rm -rf "$city" "$city.tmp" || return 1
	if ! res=$("$BENCHBIN/measure" -v -t -r 1 -- \
	    "$BENCHBIN/gencity" -n "$N" -s "$SEED" "$city.tmp"); then
		rm -rf "$city.tmp"
		echo "bench: gencity failed" >&2
		return 1
	fi
	{ echo "$want" >"$city.tmp/.gencity" && mv "$city.tmp" "$city"; } ||
	    return 1
	fields "$res"
	echo "generated $city ($want) in $min s"
}

# publish: one publish of every change in $hist.
publish() {
	"$GONGSHI" publish -C "$hist" --lang en -m "bench" --all \
	    --author "$AUTHOR" --today "$TODAY"
}

# bench_size N: one city, one table.
bench_size() {
	N=$1
	city=$out/city-$N
	site=$out/site-$N
	copy=$out/copy-$N
	hist=$out/hist-$N
	if [ -n "${RUNS:-}" ]; then
		runs=$RUNS
	elif [ "$N" -ge 10000 ]; then
		runs=3
	else
		runs=5
	fi
	make_city || exit 2
	files=$(find "$city/content" -type f | wc -l | tr -d ' ')
	bytes=$(find "$city/content" -type f -exec cat {} + | wc -c | tr -d ' ')
	echo
	echo "$N compounds: $files files, $(awk -v b="$bytes" \
	    'BEGIN { printf "%.1f", b / 1048576 }') MiB of content; $runs runs each"
	# The city renders through the project's own default layouts.
	rm -rf "$city/layouts" && cp -R layouts "$city/layouts" || exit 2
	first=$(find "$city/content/compounds" -name '*.yaml' | sort | head -n 1)

	row "command" "runs" "min s" "median s" "peak MiB"
	# --no-cache: the work itself, every run (the cache in .gongshi/
	# would answer all runs but the first).
	bench_cmd "gongshi check" "$GONGSHI" check -C "$city" --today "$TODAY" \
	    --no-cache

	# From scratch: into a folder that does not exist, every run.
	bench_cmd -b "rm -rf '$site'" "gongshi build (from scratch)" \
	    "$GONGSHI" build -C "$city" -o "$site" --today "$TODAY" --no-cache
	full=$med
	# What writing the same files costs at least, timed in the same run.
	bench_cmd -b "rm -rf '$copy'" "cp -r of the site" cp -r "$site" "$copy"
	rm -rf "$copy"
	bench_value "  full build / cp -r" "$(ratio "$full" "$med")"
	bench_cmd "gongshi build (no change, no cache)" "$GONGSHI" build \
	    -C "$city" -o "$site" --today "$TODAY" --no-cache
	# Nothing changed since a build and a check that filled the cache:
	# what a clerk waits for when re-running.
	"$GONGSHI" build -C "$city" -o "$site" --today "$TODAY" >/dev/null 2>&1
	"$GONGSHI" check -C "$city" --today "$TODAY" >/dev/null 2>&1
	bench_cmd "gongshi build (no change)" "$GONGSHI" build -C "$city" \
	    -o "$site" --today "$TODAY"
	bench_cmd "gongshi check (no change)" "$GONGSHI" check -C "$city" \
	    --today "$TODAY"
	cp "$first" "$out/first.yaml" || exit 2
	# One record changed: the check cache misses, the other records'
	# parsed trees are the tree cache's (.gongshi/trees).
	bench_cmd -b "sh bench/edit-one.sh '$first'" \
	    "gongshi check (1 record changed)" "$GONGSHI" check -C "$city" \
	    --today "$TODAY"
	bench_cmd -b "sh bench/edit-one.sh '$first'" \
	    "gongshi build (1 record changed)" "$GONGSHI" build -C "$city" \
	    -o "$site" --today "$TODAY"
	cp "$out/first.yaml" "$first" || exit 2

	# Workbooks: the city exported; imported as it is (read and
	# compared with every record); and with one fee changed, which also
	# checks the city as it would become (--dry-run, so every run does
	# the same).
	book=$out/city-$N.xlsx
	bench_cmd "gongshi export" "$GONGSHI" export -C "$city" --force \
	    -o "$book" --today "$TODAY"
	bench_cmd "gongshi import (unchanged)" "$GONGSHI" import -C "$city" \
	    "$book" --today "$TODAY"
	rm -rf "$out/city1" && mkdir -p "$out/city1" &&
	    cp -R "$city/content" "$city/layouts" "$out/city1/" || exit 2
	f=$(find "$out/city1/content/compounds" -name '*.yaml' | sort | head -n 1)
	sed -i '0,/amount: [0-9.]*/s//amount: 9.99/' "$f"
	"$GONGSHI" export -C "$out/city1" --force -o "$out/city1.xlsx" \
	    --today "$TODAY" >/dev/null 2>&1 || exit 2
	bench_cmd "gongshi import (1 change)" "$GONGSHI" import -C "$city" \
	    --dry-run "$out/city1.xlsx" --today "$TODAY"
	rm -rf "$out/city1" "$out/city1.xlsx"

	# Publishing one changed record into a repository of $REVS
	# revisions, its site already built by a first publish.
	if [ ! -d "$hist/.git" ] ||
	    [ -n "$(find "$city/.gencity" -newer "$hist/.git/HEAD")" ]; then
		sh bench/history.sh "$city" "$hist" "$REVS" || exit 2
	fi
	rm -rf "$hist/layouts" && cp -R layouts "$hist/layouts" || exit 2
	hf=$(find "$hist/content/compounds" -name '*.yaml' | sort | head -n 1)
	{ sh bench/edit-one.sh "$hf" && publish; } >"$out/publish.log" 2>&1 ||
	    { failed=$((failed + 1)); tail -n 5 "$out/publish.log"; }
	revs=$(git -C "$hist" rev-list --count HEAD)
	bench_cmd -b "sh bench/edit-one.sh '$hf'" \
	    "gongshi publish (1 record)" "$GONGSHI" publish -C "$hist" \
	    --lang en -m "bench" --all --author "$AUTHOR" --today "$TODAY"
	# One more, split into phases (GONGSHI_TIMING): what publishing
	# costs (lock, tree, check of the tree read back, commit, ref) and
	# what the site build costs (history and render, swap).
	{ sh bench/edit-one.sh "$hf" && GONGSHI_TIMING=1 publish; } \
	    >"$out/publish.log" 2>&1 ||
	    { failed=$((failed + 1)); tail -n 5 "$out/publish.log"; }
	awk -v revs="$revs" '/^timing:/ { t[$2] = $3; order[n++] = $2 }
	    END {
		if (n == 0) exit
		pub = t["lock"] + t["tree"] + t["check"] + t["commit"] + \
		    t["ref+index"]
		site = t["build"] + t["swap"]
		printf "  publish phases (%d earlier revisions):", revs
		for (i = 0; i < n; i++) printf " %s %.3f", order[i], t[order[i]]
		printf "\n  publishing without the site %.3f s; site build %.3f s\n",
		    pub, site
	    }' "$out/publish.log"

	# What one compound's folder costs (issue 13: at most 30 KB on
	# average): du -sb of site/c over the compounds, then the files
	# alone by name.
	cdir=$site/c
	if [ -d "$cdir" ]; then
		nc=$(find "$cdir" -mindepth 1 -maxdepth 1 -type d | wc -l |
		    tr -d ' ')
		total=$(du -sb "$cdir" | cut -f 1)
		echo "  compound folders: $nc, $((total / (nc > 0 ? nc : 1)))" \
		    "bytes each (du -sb site/c / $nc); files per compound:"
		find "$cdir" -type f -printf '%f %s\n' | awk -v n="$nc" '
		    { s[$1] += $2; all += $2 }
		    END {
			for (f in s) printf "    %-14s %7.0f bytes\n", f, s[f] / n
			printf "    %-14s %7.0f bytes\n", "(all files)", all / n
		    }' | sort
	fi

	idx=$site/search-index.json
	if [ -f "$idx" ]; then
		echo "  search index: $(wc -c <"$idx" | tr -d ' ') bytes," \
		    "$(gzip -9 <"$idx" | wc -c | tr -d ' ') gzip -9"
	fi
}

for n in $SIZES; do
	bench_size "$n"
done

# How cost grows: each row's median at every size, and its ratio to the
# size before (10 times the compounds at 10 times the cost is linear).
echo
echo "how cost grows with the city (median s; x: times the size before):"
awk -F '\t' -v sizes="$SIZES" '
    BEGIN { ns = split(sizes, size, " ") }
    {
	if (!($2 in seen)) { seen[$2] = 1; label[nl++] = $2 }
	v[$1, $2] = $3; kind[$2] = $5
	if ($5 == "t" && $4 + 0 > peak[$1]) peak[$1] = $4 + 0
    }
    function num(n) {
	s = sprintf("%d", n); o = ""
	while (length(s) > 3) {
	    o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3)
	}
	return s o
    }
    END {
	printf "%-34s", "compounds"
	for (i = 1; i <= ns; i++)
	    printf " %9s%s", num(size[i]), (i > 1 ? sprintf(" %6s", "x") : "")
	printf "\n"
	for (j = 0; j < nl; j++) {
	    l = label[j]
	    printf "%-34s", l
	    for (i = 1; i <= ns; i++) {
		cur = ((size[i], l) in v) ? v[size[i], l] : "-"
		printf " %9s", cur
		if (i == 1) continue
		prev = ((size[i - 1], l) in v) ? v[size[i - 1], l] : "-"
		if (kind[l] == "t" && cur != "-" && prev != "-" && prev + 0 > 0)
		    printf " %6.1f", cur / prev
		else
		    printf " %6s", ""
	    }
	    printf "\n"
	}
	printf "%-34s", "peak MiB (largest row)"
	for (i = 1; i <= ns; i++) {
	    cur = (size[i] in peak) ? peak[size[i]] : 0
	    prev = (i > 1 && (size[i - 1] in peak)) ? peak[size[i - 1]] : 0
	    printf " %9s", (cur > 0 ? sprintf("%.1f", cur) : "-")
	    if (i > 1)
		printf " %6s", (cur > 0 && prev > 0 ? \
		    sprintf("%.1f", cur / prev) : "")
	}
	printf "\n"
    }' "$results"

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
	runs=${BOARDS_RUNS:-1}
	N=street-$BOARDS_N
	res=
	bench_cmd "boards --pdf ($BOARDS_N, fresh)" sh -c 'rm -rf "$1/.gongshi" "$1/site" &&
	    exec "$2" boards --pdf -C "$1" -o "$1/site" --today "$3"' sh \
	    "$street" "$GONGSHI" "$TODAY"
	awk -v n="$BOARDS_N" -v t="$med" 'BEGIN { if (t > 0)
	    printf "  %.2f boards per second (median %s s)\n", n / t, t }'
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
		want=$(grep -c '<section class=sheet ' "$h")
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
