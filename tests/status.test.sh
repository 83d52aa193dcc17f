#!/bin/sh
# Status and supervision (status.c, supervision.c), through the built
# demo city: what is overdue and since when on the compound page, the
# boards and the supervision pages; the as-of day in data/status.json;
# completeness and ranking in the CSV and Excel files; a page that
# changes only when its own status does; the same bytes twice; area and
# supervision pages under 250 KB for a synthetic city of 2,000
# compounds (bench/gencity); and the status block in a printed board
# (skipped without Chromium and pdftotext).

: "${GONGSHI:?GONGSHI must name the gongshi binary}"
case $GONGSHI in
/*)	;;
*)	GONGSHI=$(pwd)/$GONGSHI ;;
esac
top=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
group=status
. tests/lib.sh

city=$work/city
mkdir -p "$city"
cp -R "$top/content" "$top/layouts" "$city/"
build() {	# build OUT [--today DAY]
	out=$1
	shift
	"$GONGSHI" build -C "$city" -o "$out" "$@" >"$work/log" 2>&1 ||
	    { notok "the demo city builds ($*)" "$(cat "$work/log")"; exit 0; }
}
has() {		# has FILE TEXT NAME
	if grep -qF -- "$2" "$1"; then ok "$3"; else notok "$3" \
	    "$1 lacks: $2"; fi
}
hasnt() {
	if grep -qF -- "$2" "$1"; then notok "$3" "$1 has: $2"; else ok "$3"; fi
}

# Without --today, status is as of the newest data_as_of (2026-11-20).
build "$work/a"
site=$work/a
has "$site/data/status.json" '"as_of": "2026-11-20"' \
    "data/status.json names the as-of day: the newest data_as_of"
yz=$site/c/yanzishan-xiaoqu/index.html
has "$yz" '<li data-since="2026-10-01">物业服务合同已于2026年9月30日到期' \
    "燕子山小区: the contract ended on 2026-09-30, overdue since 10-01"
has "$yz" '逾期未更新的公示（1项）' "燕子山小区: one item overdue"
has "$site/c/heping-xincun/index.html" \
    '本页信息截至2026年10月31日，没有逾期未更新的公示事项。' \
    "和平新村: nothing overdue, said with the data's date"
hasnt "$yz" '2026年11月20日' "the page never names the as-of day"
has "$site/c/yanzishan-xiaoqu/board.html" \
    '<th>逾期事项<td>物业服务合同已于2026年9月30日到期' \
    "燕子山小区's board carries the item"
has "$site/c/heping-xincun/board.html" '没有逾期未更新的公示事项' \
    "和平新村's board says nothing is overdue"

# Supervision pages and the area pages' links to them.
sv=$site/area/370102/supervision
check "every area has a supervision page with CSV and Excel files" sh -c "
	for a in '$site'/area/*/; do
		for f in index.html compounds.csv overdue.csv supervision.xlsx; do
			[ -f \"\$a/supervision/\$f\" ] || { echo \"\$a: no \$f\"; exit 1; }
		done
		grep -q 'supervision/\">公示监督' \"\$a/index.html\" ||
		    { echo \"\$a: no link\"; exit 1; }
	done"
has "$sv/index.html" '统计截至</span> <strong><time datetime="2026-11-20">2026年11月20日' \
    "the supervision page names the as-of day"
has "$sv/index.html" '小区 <strong>2</strong> 个，其中有逾期事项的 <strong>1</strong> 个' \
    "the district's counts"
has "$sv/index.html" '<th scope="row">物业服务合同到期</th><td>1</td>' \
    "the district's items by kind"
check "compounds ranked: as complete, fewer overdue first" sh -c "
	cut -d, -f1-3,5,10 '$sv/compounds.csv' | tail -n +2 | tr -d '\r' >'$work/rank'
	printf '%s\n' '1,heping-xincun,和平新村,91%,0' \
	    '2,yanzishan-xiaoqu,燕子山小区,91%,1' | diff - '$work/rank'"
check "streets ranked likewise" sh -c "
	cut -d, -f1-3,7 '$sv/areas.csv' | tail -n +2 | tr -d '\r' >'$work/rank'
	printf '%s\n' '1,370102010,建筑新村街道,100%' '2,370102012,燕山街道,0%' |
	    diff - '$work/rank'"
has "$sv/overdue.csv" 'yanzishan-xiaoqu,燕子山小区,历下区 燕山街道 燕子山社区,物业服务合同到期,2026-10-01,' \
    "the overdue CSV: one row per item, with its first overdue day"
has "$site/c/heping-xincun/index.html" '应公示的12个栏目已公示11个，未公示：共有部分经营收益' \
    "completeness on the compound page names what is missing"
hasnt "$site/area/370102/index.html" 'href="../../c/' \
    "a district page lists its streets, not every compound"
has "$site/area/370102010003/index.html" 'c/heping-xincun/' \
    "a community page lists its compounds"

# The city's own page, for the city's officials: every compound, the
# districts ranked.
has "$site/index.html" 'href="./supervision/">公示监督' \
    "the home page links the city's supervision page"
has "$site/supervision/index.html" '小区 <strong>9</strong> 个，其中有逾期事项的 <strong>1</strong> 个' \
    "the city's counts take every compound"
check "the city's districts ranked, all five" sh -c "
	[ \$(tail -n +2 '$site/supervision/areas.csv' | wc -l) = 5 ] &&
	grep -q '^[0-9],370102,历下区,' '$site/supervision/areas.csv' &&
	[ -f '$site/supervision/supervision.xlsx' ]"

if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
	check "the workbook holds what the CSV files hold" /usr/bin/python3 - \
	    "$sv" <<'PY'
import csv, sys, openpyxl
d = sys.argv[1]
wb = openpyxl.load_workbook(d + "/supervision.xlsx")
assert wb.sheetnames == ["小区排名", "逾期事项", "下辖区域排名"], wb.sheetnames
for name, f in zip(wb.sheetnames, ["compounds", "overdue", "areas"]):
    rows = list(csv.reader(open(d + "/" + f + ".csv", encoding="utf-8-sig")))
    got = [["" if c is None else str(c) for c in r]
           for r in wb[name].iter_rows(values_only=True)]
    got = [r + [""] * (len(rows[0]) - len(r)) for r in got]
    assert got == rows, (name, got, rows)
print("ok")
PY
else
	echo "skip - status: the workbook (no python3 openpyxl)"
fi

# A later day: the page changes when its status does, and only then.
build "$work/b" --today 2026-11-25
check "a page whose status did not change keeps its bytes" \
    cmp "$work/a/c/yanzishan-xiaoqu/index.html" \
    "$work/b/c/yanzishan-xiaoqu/index.html"
build "$work/c" --today 2027-06-01
hp=$work/c/c/heping-xincun/index.html
has "$hp" '<li data-since="2027-04-30">公示信息截至2026年10月31日，自2027年4月30日起已超过180天未更新' \
    "和平新村 on 2027-06-01: data older than 180 days, since 2027-04-30"
hasnt "$hp" '任期已于' \
    "和平新村's 物业管理委员会 term is not an owners' committee's"
has "$work/c/c/xingfu-jiayuan/index.html" \
    '公示信息截至2026年11月5日，自2027年5月5日起已超过180天未更新' \
    "幸福家园 on 2027-06-01: its data too"
hasnt "$hp" '2027年6月1日' "the page never names --today"
has "$work/c/data/status.json" '"as_of": "2027-06-01"' "--today sets the as-of day"
(cd "$city" && "$GONGSHI" --lang en check --today 2027-06-01) >"$work/check" 2>&1
check "the check warns of the same items" sh -c "
	grep -q 'heping-xincun.yaml.*data_as_of.*213 days old' '$work/check' &&
	! grep -q 'heping-xincun.yaml.*term ended' '$work/check'"
build "$work/d" --today 2027-09-10
has "$work/d/c/xingfu-jiayuan/index.html" \
    '<li data-since="2027-09-01">业主委员会任期已于2027年8月31日届满' \
    "幸福家园 on 2027-09-10: the owners' committee's term ended on 08-31"
has "$work/d/area/370104/supervision/index.html" \
    '<th scope="row">业主委员会任期届满</th><td>1</td>' \
    "and its district counts it"

# publish: the site is as of the day it is published, in Beijing time.
git_sandbox
pub=$work/pub
mkdir -p "$pub"
cp -R "$top/content" "$top/layouts" "$pub/"
(cd "$pub" && "$GONGSHI" publish -m "首次公示" \
    --author "测试员 <tester@example.cn>") >"$work/log" 2>&1
day=$(date -u -d "@$(( $(date +%s) + 8 * 3600 ))" +%Y-%m-%d)
check "publish: status is as of the day it is published (+08:00)" \
    grep -q "\"as_of\": \"$day\"" "$pub/site/data/status.json"

# Same content, same bytes.
build "$work/a2"
check "two builds give the same supervision files, byte for byte" \
    sh -c "diff -r '$work/a/area' '$work/a2/area' &&
	diff -r '$work/a/supervision' '$work/a2/supervision'"
check "and the same data/status.json" cmp "$work/a/data/status.json" \
    "$work/a2/data/status.json"

# 2,000 compounds: no area or supervision page over 250 KB.
if cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -o "$work/gencity" \
    "$top/bench/gencity.c" 2>"$work/cc" &&
    "$work/gencity" -n 2000 "$work/big" >/dev/null 2>&1; then
	cp -R "$top/layouts" "$work/big/"
	"$GONGSHI" build -C "$work/big" -o "$work/bigsite" --today 2026-11-27 \
	    >"$work/log" 2>&1 || notok "the city of 2,000 builds" "$(tail -3 "$work/log")"
	find "$work/bigsite/area" "$work/bigsite/supervision" -name '*.html' \
	    -size +250k >"$work/large"
	n=$(find "$work/bigsite/area" -path '*/supervision/*' -name index.html | wc -l)
	if [ ! -s "$work/large" ] && [ "$n" -gt 230 ] &&
	    [ -f "$work/bigsite/supervision/20/index.html" ]; then
		ok "2,000 compounds: $n area and supervision pages, none over 250 KB"
	else
		notok "2,000 compounds: no area page over 250 KB" \
		    "$(cat "$work/large")" "$n supervision pages"
	fi
	# Issue 13: a compound's files (page, board, record.json) at most
	# 30 KB (30,720 bytes) on average.
	nc=$(find "$work/bigsite/c" -mindepth 1 -maxdepth 1 -type d | wc -l)
	per=$(find "$work/bigsite/c" -mindepth 2 -type f -printf '%s\n' |
	    awk -v n="$nc" '{ s += $1 } END { printf "%d", n ? s / n : 0 }')
	if [ "$nc" -eq 2000 ] && [ "$per" -gt 20000 ] && [ "$per" -le 30720 ]; then
		ok "2,000 compounds: $per bytes of files a compound, at most 30 KB"
	else
		notok "2,000 compounds: at most 30 KB of files a compound" \
		    "$nc compounds, $per bytes each"
	fi
else
	notok "bench/gencity builds and makes a city" "$(cat "$work/cc")"
fi

# The printed board.
chromium=$(command -v chromium || command -v chromium-browser)
if [ -z "$chromium" ] || ! command -v pdftotext >/dev/null 2>&1; then
	echo "skip - status: the printed board (no chromium or pdftotext)"
	exit 0
fi
# The badge script, for readers after the record's next due day.
hp=$work/a/c/heping-xincun/index.html
has "$hp" 'data-next="2027-04-30"' \
    "和平新村 carries its next due day (data older than 180 days)"
sed 's/data-next="2027-04-30"/data-next="2020-01-01"/' "$hp" \
    >"$work/a/c/heping-xincun/later.html"
"$chromium" --headless --no-sandbox --dump-dom \
    "file://$work/a/c/heping-xincun/later.html" 2>/dev/null >"$work/dom"
has "$work/dom" '<p class="status status-later" role="note">按本页公示信息中的日期，自2020年1月1日起' \
    "status.js: once the next due day has come, the page says so"
"$chromium" --headless --no-sandbox --dump-dom "file://$hp" 2>/dev/null \
    >"$work/dom"
hasnt "$work/dom" 'status-later' "status.js: before it, nothing is added"

"$GONGSHI" boards --pdf -C "$city" -o "$work/p" yanzishan-xiaoqu \
    >"$work/log" 2>&1
pdftotext -raw -f 1 -l 1 "$work/p/c/yanzishan-xiaoqu/board.pdf" - \
    2>/dev/null | tr -d ' \t\r\n\f' >"$work/text"
has "$work/text" '逾期事项物业服务合同已于2026年9月30日到期' \
    "the printed board's first sheet says the contract ended"
