#!/bin/sh
# Printable notice boards, printed by a real headless Chromium and read
# back with poppler and zbar: the paper size, one PDF page per sheet the
# layout drew (so nothing overflowed a sheet), every phone number and fee
# of the record in the PDF's text, a 60-building compound continued over
# several sheets with its table header repeated, the QR code decoding to
# the compound's address, A4 landscape, `--pdf` without Chromium, an
# unknown id, and a later build keeping or dropping board.pdf; printing
# at scale: boards printed together and cut, community and street PDFs,
# reprinting only what changed, the same bytes twice, and the fallback
# when a combined document's pages are off.
#
# Text is read with `pdftotext -raw` (content-stream order: Chromium
# paints a table cell by cell, row by row, so a cell's lines stay
# together and a row's cells follow each other) and compared with all
# whitespace removed, since table cells break their lines anywhere.
# Skipped where Chromium, poppler-utils, zbar-tools or a CJK font is
# missing (sh scripts/deps.sh --test installs them).

: "${GONGSHI:?GONGSHI must name the gongshi binary}"
case $GONGSHI in
/*)	;;
*/*)	GONGSHI=$(pwd)/$GONGSHI ;;
*)	GONGSHI=$(command -v "$GONGSHI") ;;
esac

# What gongshi itself would run: $GONGSHI_CHROMIUM, else these on PATH.
if [ -n "${GONGSHI_CHROMIUM:-}" ]; then
	[ -x "$GONGSHI_CHROMIUM" ] && chromium=$GONGSHI_CHROMIUM
else
	chromium=$(command -v chromium || command -v chromium-browser ||
	    command -v google-chrome || command -v google-chrome-stable)
fi
missing=
[ -n "${chromium:-}" ] || missing="$missing chromium"
for t in pdfinfo pdftotext pdftoppm; do
	command -v $t >/dev/null 2>&1 || { missing="$missing poppler-utils"; break; }
done
command -v zbarimg >/dev/null 2>&1 || missing="$missing zbar-tools"
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null)" ]
then
	missing="$missing fonts-noto-cjk"
fi
if [ -n "$missing" ]; then
	echo "skip - boards: missing$missing (sh scripts/deps.sh --test)"
	exit 0
fi

top=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
group=boards
. tests/lib.sh

indent() { sed 's/^/    /' "$@" | head -30; }
squash() { tr -d ' \t\r\n\f'; }	# all whitespace out

city=$work/city
site=$work/site
mkdir -p "$city"
cp -R "$top/content" "$top/layouts" "$top/private" "$city/"
base_url=$(sed -n 's/^base_url:[[:space:]]*"\{0,1\}\([^"[:space:]]*\).*/\1/p' \
    "$city/content/site.yaml")
case $base_url in */) ;; *) base_url=$base_url/ ;; esac

# A compound with 60 buildings: 和平新村 with its grid replaced by rows
# N号楼, grid member 1370000NNNN and steward 1360000NNNN.
big=liushi-lou
bigyaml=$city/content/compounds/lixia/$big.yaml
awk '/^grid:/ { skip = 1; next } skip && /^[a-z]/ { skip = 0 } !skip' \
    "$city/content/compounds/lixia/heping-xincun.yaml" |
    sed -e "s/^id: .*/id: $big/" -e 's/^name: .*/name: 六十楼小区/' \
    -e 's/^aliases: .*/aliases: [六十楼]/' >"$bigyaml"
{
	echo 'grid:'
	i=1
	while [ $i -le 60 ]; do
		n=$(printf %04d $i)
		printf '  - building: %s号楼\n' $i
		printf '    grid_member: {name: 网格某, phone: 1370000%s}\n' "$n"
		printf '    steward: {name: 管家某, phone: 1360000%s}\n' "$n"
		i=$((i + 1))
	done
} >>"$bigyaml"

# A compound whose first sheet the older layout left half empty: the
# service board's first table, then a short table that did not fit
# whole, which used to move to a sheet of its own.
fill=tianchong
fillyaml=$city/content/compounds/lixia/$fill.yaml
awk '/^(fees|services):/ { skip = 1; next } skip && /^[a-z]/ { skip = 0 } !skip' \
    "$city/content/compounds/lixia/heping-xincun.yaml" |
    sed -e "s/^id: .*/id: $fill/" -e 's/^name: .*/name: 填充小区/' \
    -e 's/^aliases: .*/aliases: [填充]/' -e '/^service_room:/d' \
    -e 's/, filed_on: [0-9-]*//' >"$fillyaml"
{
	echo 'fees: 未公示'
	echo 'services:'
	for i in 1 2 3 4 5 6 7 8 9; do
		echo "  - {category: 服务$i, standard: 第${i}项服务标准}"
	done
} >>"$fillyaml"

# The same city on A4 landscape, for later.
city4=$work/city-a4
cp -R "$city" "$city4"
printf 'board: {paper: A4, orientation: landscape}\n' \
    >>"$city4/content/site.yaml"

if ! "$GONGSHI" build -C "$city" -o "$site" >"$work/log" 2>&1; then
	notok "the demo city with a 60-building compound builds"
	indent "$work/log"
	exit 0
fi
ok "the demo city with a 60-building compound builds"

printed="heping-xincun huali-huayuan quanxin-yuan xingfuyuan $big $fill"
# shellcheck disable=SC2086
"$GONGSHI" boards --pdf -C "$city" -o "$site" $printed >"$work/log" 2>&1
status=$?
nopdf=
for id in $printed; do
	[ -s "$site/c/$id/board.pdf" ] || nopdf="$nopdf $id"
done
if [ $status -eq 0 ] && [ -z "$nopdf" ]; then
	ok "boards --pdf prints c/ID/board.pdf for $(echo "$printed" | wc -w) compounds"
else
	notok "boards --pdf prints c/ID/board.pdf for each compound" \
	    "status $status; no PDF for:$nopdf"
	indent "$work/log"
	exit 0
fi

# field ID KEY: the first top-level string KEY of ID's record.json.
field() {
	sed -n "s/^\"$2\":\"\\(.*\\)\",\\{0,1\\}\$/\\1/p" \
	    "$S/c/$1/record.json" | head -1
}

# dept_phone ID: the phone of department ID in departments.yaml.
dept_phone() {
	awk -v want="$1" '
	match($0, /(^|[ \t{,])id:[ \t]*"?[a-z0-9-]+/) {
		s = substr($0, RSTART, RLENGTH)
		sub(/.*id:[ \t]*"?/, "", s)
		cur = s
	}
	cur == want && match($0, /phone:[ \t]*"?[0-9-]+/) {
		s = substr($0, RSTART, RLENGTH)
		sub(/phone:[ \t]*"?/, "", s)
		print s
		exit
	}' "$C/content/departments.yaml"
}

# hotlines: the city's hotline phones from site.yaml.
hotlines() {
	sed -n '/^hotlines:/,/^[a-z]/p' "$C/content/site.yaml" |
	    grep -o 'phone:[[:space:]]*"\{0,1\}[0-9-]*' |
	    sed 's/phone:[[:space:]]*"\{0,1\}//'
}

# phones ID: every phone the record gives or names: provider hotlines,
# manager, local supervision entries, grid members, stewards, committee,
# contractors (all the "phone"-like keys of record.json), the departments
# the record names by id, and the city hotlines.
phones() {
	grep -o '"\(hotline_24h\|complaint_phone\|phone\)":"[^"]*"' \
	    "$S/c/$1/record.json" | sed 's/.*:"\(.*\)"/\1/'
	python3 -c '
import json, sys
for d in json.load(open(sys.argv[1])).get("supervision", []):
    if isinstance(d, str):
        print(d)' "$S/c/$1/record.json" |
	    while read -r d; do
		p=$(dept_phone "$d")
		echo "${p:-(no phone found for department $d)}"
	    done
	hotlines
}

# fees ID: one line per fee: item, amount as the board shows it
# (thousands separators, two decimals) and unit, without spaces.
fees() {
	python3 -c '
import json, sys
def commas(a):
    i, dot, f = a.partition(".")
    out = ""
    while len(i) > 3:
        out, i = "," + i[-3:] + out, i[:-3]
    return i + out + dot + f
fees = json.load(open(sys.argv[1]), parse_float=str).get("fees", [])
for f in fees if isinstance(fees, list) else []:
    print(f.get("item", "") + commas(str(f.get("amount", ""))) +
          f.get("unit", ""))' \
	    "$S/c/$1/record.json" | squash_lines
}
squash_lines() { sed 's/[[:space:]]//g'; }

# The board titles, and whether ID should have the fourth one.
titles() {
	echo 物业服务信息公示
	echo 物业管理监管职责及投诉受理电话公示
	echo 业主自治工作信息公示
	if grep -q '^"\(maintenance_fund\|common_revenue\)":' \
	    "$S/c/$1/record.json"; then
		echo 专项维修资金及共有部分经营收益公示
	fi
}
all_titles='物业服务信息公示 物业管理监管职责及投诉受理电话公示
业主自治工作信息公示 专项维修资金及共有部分经营收益公示'

near() {	# near A B: |A - B| <= 2
	awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d <= 2 && d >= -2) }'
}

# check_board C S ID W H WHAT [QR]: the printed board of ID in site S built
# from city C, on paper W x H points; with QR also its first page's QR code
# (rasterising a page is the slow part, so only where it adds something).
check_board() {
	C=$1 S=$2 id=$3 W=$4 H=$5 what=$6 qr=${7:-}
	pdf=$S/c/$id/board.pdf
	html=$S/c/$id/board.html

	# Paper size and one page per sheet.
	pdfinfo "$pdf" >"$work/info" 2>&1
	size=$(sed -n 's/^Page size:[[:space:]]*\([0-9.]*\) x \([0-9.]*\) pts.*/\1 \2/p' \
	    "$work/info")
	pages=$(sed -n 's/^Pages:[[:space:]]*\([0-9]*\).*/\1/p' "$work/info")
	sheets=$(grep -o '<section class=sheet ' "$html" | wc -l)
	# shellcheck disable=SC2086
	if [ -n "$size" ] && near ${size% *} "$W" && near ${size#* } "$H"; then
		ok "$tag$id: the PDF is $what ($size pts)"
	else
		notok "$tag$id: the PDF is $what ($W x $H pts)" \
		    "pdfinfo says: ${size:-nothing} pts"
	fi
	if [ -n "$pages" ] && [ "$pages" -eq "$sheets" ] && [ "$sheets" -gt 0 ]
	then
		ok "$tag$id: $pages PDF pages for $sheets sheets"
	else
		notok "$tag$id: one PDF page per sheet" \
		    "board.html has $sheets sheets, the PDF ${pages:-no} pages" \
		    "(more pages than sheets: a sheet overflowed its paper)"
	fi

	pdftotext -raw "$pdf" - 2>/dev/null | squash >"$work/text"

	# Every phone.
	phones "$id" | sort -u >"$work/phones"
	lost=
	while read -r p; do
		grep -qF -- "$p" "$work/text" || lost="$lost $p"
	done <"$work/phones"
	n=$(wc -l <"$work/phones")
	if [ -z "$lost" ] && [ "$n" -gt 0 ]; then
		ok "$tag$id: all $n phone numbers are in the PDF text"
	else
		notok "$tag$id: every phone number is in the PDF text" \
		    "$n expected; missing:${lost:- (none expected?)}"
	fi

	# Every fee: its item, then its amount and unit as the board shows.
	fees "$id" >"$work/fees"
	lost=
	while read -r f; do
		grep -qF -- "$f" "$work/text" || lost="$lost $f"
	done <"$work/fees"
	n=$(wc -l <"$work/fees")
	if [ -z "$lost" ]; then
		ok "$tag$id: all $n fees are in the PDF text with their amounts"
	else
		notok "$tag$id: every fee is in the PDF text with its amount" \
		    "missing:$lost"
	fi

	# The boards it should have, and no other.
	titles "$id" >"$work/titles"
	bad=
	for t in $all_titles; do
		if grep -qx "$t" "$work/titles"; then
			grep -qF "$t" "$work/text" || bad="$bad missing:$t"
		else
			! grep -qF "$t" "$work/text" || bad="$bad extra:$t"
		fi
	done
	if [ -z "$bad" ]; then
		ok "$tag$id: its $(wc -l <"$work/titles") boards and no other"
	else
		notok "$tag$id: its boards and no other" "$bad"
	fi

	# Every page: name, a board title, data date, revision, page
	# number, the hotlines and the compound's address.
	name=$(field "$id" name)
	date=$(field "$id" data_as_of)	# YYYY-MM-DD; boards print words
	date=$(echo "$date" | awk -F- '{ printf "%d年%d月%d日", $1, $2, $3 }')
	rev=$(sed -n 's/.*公示编号 \([0-9a-f]\{1,\}\).*/\1/p' "$html" | head -1)
	hot=$(hotlines | tr '\n' ' ')
	bad=
	p=1
	while [ -n "$pages" ] && [ $p -le "$pages" ]; do
		pdftotext -raw -f $p -l $p "$pdf" - 2>/dev/null | squash \
		    >"$work/page"
		miss=
		for want in "$name" "数据截至$date" "公示编号$rev" \
		    "第$p/${pages}页" "${base_url}c/$id/" $hot; do
			grep -qF -- "$want" "$work/page" || miss="$miss $want"
		done
		t=0
		for want in $all_titles; do
			grep -qF "$want" "$work/page" && t=1
		done
		[ $t -eq 1 ] || miss="$miss (a board title)"
		[ -z "$miss" ] || bad="$bad page $p lacks$miss;"
		p=$((p + 1))
	done
	if [ -z "$bad" ] && [ -n "$rev" ]; then
		ok "$tag$id: every page has name, title, date, revision $rev, page number, hotlines, address"
	else
		notok "$tag$id: every page has name, title, date, revision, page number, hotlines, address" \
		    "${bad:-no revision in board.html}"
	fi

	# The QR code of the first page.
	[ -n "$qr" ] || return 0
	pdftoppm -r 150 -f 1 -l 1 -singlefile -png "$pdf" "$work/qr" 2>/dev/null
	got=$(zbarimg --raw -q "$work/qr.png" 2>/dev/null)
	if [ "$got" = "${base_url}c/$id/" ]; then
		ok "$tag$id: the QR code on page 1 reads $got"
	else
		notok "$tag$id: the QR code on page 1 reads ${base_url}c/$id/" \
		    "zbarimg read: '${got:-nothing}'"
	fi
}

tag=
for id in $printed; do
	case $id in heping-xincun|"$big") qr=QR ;; *) qr= ;; esac
	check_board "$city" "$site" "$id" 841.9 1190.6 "A3 portrait" $qr
done

# The 60 buildings: every row, every phone, continued sheets.
S=$site C=$city
pdf=$site/c/$big/board.pdf
pdftotext -raw "$pdf" - 2>/dev/null | squash >"$work/text"
lost=
i=1
while [ $i -le 60 ]; do
	n=$(printf %04d $i)
	# The building with its grid member's phone, so 1号楼 cannot be
	# found inside 11号楼.
	grep -qF "${i}号楼网格某1370000$n" "$work/text" || lost="$lost ${i}号楼"
	i=$((i + 1))
done
if [ -z "$lost" ]; then
	ok "$big: all 60 buildings are in the PDF text"
else
	notok "$big: all 60 buildings are in the PDF text" "missing:$lost"
fi
lost=
i=1
while [ $i -le 60 ]; do
	n=$(printf %04d $i)
	grep -qF "1370000$n" "$work/text" || lost="$lost 1370000$n"
	grep -qF "1360000$n" "$work/text" || lost="$lost 1360000$n"
	i=$((i + 1))
done
if [ -z "$lost" ]; then
	ok "$big: all 120 grid member and steward phones are in the PDF text"
else
	notok "$big: all 120 grid member and steward phones are in the PDF text" \
	    "missing:$lost"
fi
pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages:[[:space:]]*//p')
cont=0 heads=0 headpages=
p=1
while [ $p -le "${pages:-0}" ]; do
	pdftotext -raw -f $p -l $p "$pdf" - 2>/dev/null | squash >"$work/page"
	grep -qF '物业管理监管职责及投诉受理电话公示（续）' "$work/page" &&
	    cont=$((cont + 1))
	if grep -qF '楼栋网格员红色管家' "$work/page"; then
		heads=$((heads + 1))
		headpages="$headpages $p"
	fi
	p=$((p + 1))
done
if [ $cont -ge 1 ]; then
	ok "$big: the supervision board continues on $cont sheet(s) titled （续）"
else
	notok "$big: the supervision board continues on a sheet titled （续）" \
	    "no page has 物业管理监管职责及投诉受理电话公示（续）"
fi
if [ $heads -ge 2 ]; then
	ok "$big: the grid table header (楼栋 网格员 红色管家) repeats on pages$headpages"
else
	notok "$big: the grid table header (楼栋 网格员 红色管家) repeats" \
	    "found on pages:${headpages:- none}"
fi
# The QR code on a continued sheet too.
pdftoppm -r 150 -f "${pages:-1}" -l "${pages:-1}" -singlefile -png "$pdf" \
    "$work/qr" 2>/dev/null
got=$(zbarimg --raw -q "$work/qr.png" 2>/dev/null)
if [ "$got" = "${base_url}c/$big/" ]; then
	ok "$big: the QR code on the last page ($pages) reads $got"
else
	notok "$big: the QR code on the last page reads ${base_url}c/$big/" \
	    "zbarimg read: '${got:-nothing}'"
fi

# A4 landscape.
site4=$work/site-a4
if "$GONGSHI" build -C "$city4" -o "$site4" >"$work/log" 2>&1 &&
    "$GONGSHI" boards --pdf -C "$city4" -o "$site4" heping-xincun \
    >>"$work/log" 2>&1 && [ -s "$site4/c/heping-xincun/board.pdf" ]; then
	ok "A4 landscape: builds and prints"
	tag="A4 landscape, "
	check_board "$city4" "$site4" heping-xincun 841.9 595.3 "A4 landscape" QR
else
	notok "A4 landscape: builds and prints"
	indent "$work/log"
fi

# Boards written into a folder of their own, not a built site, still
# have their shared stylesheet: the same sheets as the site's board.
alone=$work/boards-alone
if "$GONGSHI" boards --pdf -C "$city4" -o "$alone" heping-xincun \
    >"$work/log" 2>&1 && [ -s "$alone/assets/board.css" ] &&
    grep -q 'href="../../assets/board.css"' \
    "$alone/c/heping-xincun/board.html" &&
    [ -s "$site4/c/heping-xincun/board.pdf" ] &&
    [ "$(pdfinfo "$alone/c/heping-xincun/board.pdf" | grep -E '^Pages|^Page size')" = \
    "$(pdfinfo "$site4/c/heping-xincun/board.pdf" | grep -E '^Pages|^Page size')" ]
then
	ok "boards written outside a site bring assets/board.css and print the same sheets"
else
	notok "boards written outside a site bring assets/board.css" \
	    "$(ls "$alone/assets" 2>&1 | tr '\n' ' ')"
	indent "$work/log"
fi

# --pdf without Chromium anywhere: exit 2, say so, write nothing.
env -u GONGSHI_CHROMIUM PATH=/usr/bin/nonexistent-dir \
    "$GONGSHI" boards --pdf -C "$city" -o "$work/nochrome" quanxin-yuan \
    >"$work/log" 2>&1
status=$?
if [ $status -eq 2 ] && grep -qi chromium "$work/log" &&
    [ ! -e "$work/nochrome/c/quanxin-yuan/board.pdf" ]; then
	ok "--pdf without Chromium exits 2 and says Chromium is needed"
else
	notok "--pdf without Chromium exits 2 and says Chromium is needed" \
	    "status $status"
	indent "$work/log"
fi

# An unknown id.
"$GONGSHI" boards -C "$city" -o "$work/unknown" no-such-compound \
    >"$work/log" 2>&1
status=$?
if [ $status -eq 1 ] && grep -q 'no-such-compound' "$work/log"; then
	ok "an unknown id exits 1 and names it"
else
	notok "an unknown id exits 1 and names it" "status $status"
	indent "$work/log"
fi

# A build keeps a PDF whose board is unchanged, drops one whose is not.
for id in $printed; do
	cksum <"$site/c/$id/board.pdf" >"$work/$id.sum"
done
"$GONGSHI" build -C "$city" -o "$site" >"$work/log" 2>&1
status=$?
lost=
for id in $printed; do
	[ -f "$site/c/$id/board.pdf" ] &&
	    [ "$(cksum <"$site/c/$id/board.pdf")" = "$(cat "$work/$id.sum")" ] ||
	    lost="$lost $id"
done
if [ $status -eq 0 ] && [ -z "$lost" ]; then
	ok "build keeps board.pdf of unchanged boards"
else
	notok "build keeps board.pdf of unchanged boards" \
	    "status $status; lost or changed:$lost"
	indent "$work/log"
fi
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-01/' \
    "$city/content/compounds/shizhong/quanxin-yuan.yaml"
"$GONGSHI" build -C "$city" -o "$site" >"$work/log" 2>&1
status=$?
if [ $status -eq 0 ] && [ ! -e "$site/c/quanxin-yuan/board.pdf" ] &&
    [ -f "$site/c/heping-xincun/board.pdf" ]; then
	ok "build drops board.pdf when the record changed, keeps the others"
else
	notok "build drops board.pdf when the record changed, keeps the others" \
	    "status $status; quanxin-yuan/board.pdf $( [ -e "$site/c/quanxin-yuan/board.pdf" ] && echo kept || echo gone)," \
	    "heping-xincun/board.pdf $( [ -e "$site/c/heping-xincun/board.pdf" ] && echo kept || echo gone)"
	indent "$work/log"
fi

# Printing at scale: many boards in one Chromium document, cut per
# compound; one PDF per community and per street; only changed boards
# printed again; the same bytes from two clean runs; a batch whose pages
# do not come out as laid out printed board by board.  和平新村's
# community gets two more compounds, 甲苑 (first by id) and 乙苑 (last).
pcity=$work/pcity
mkdir -p "$pcity"
cp -R "$top/content" "$top/layouts" "$top/private" "$pcity/"
hp=$pcity/content/compounds/lixia/heping-xincun.yaml
sed -e 's/^id: .*/id: aaa-jiayuan/' -e 's/^name: .*/name: 甲苑/' \
    -e 's/^aliases: .*/aliases: [甲苑小区]/' "$hp" \
    >"$pcity/content/compounds/lixia/aaa-jiayuan.yaml"
sed -e 's/^id: .*/id: zzz-yiyuan/' -e 's/^name: .*/name: 乙苑/' \
    -e 's/^aliases: .*/aliases: [乙苑小区]/' "$hp" \
    >"$pcity/content/compounds/lixia/zzz-yiyuan.yaml"
street=370102010
comm=370102010003
ids=$(cd "$pcity/content/compounds" && find . -name '*.yaml' |
    sed 's|.*/||; s|\.yaml$||' | sort)

# pages PDF: its page count.
pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages:[[:space:]]*//p'; }
# first_lines PDF: the first line of each page's text, repeats joined.
first_lines() {
	np=$(pages "$1")
	p=1
	while [ "$p" -le "${np:-0}" ]; do
		pdftotext -raw -f $p -l $p "$1" - 2>/dev/null | sed -n '/[^[:space:]]/{p;q;}'
		p=$((p + 1))
	done | uniq | tr '\n' ' '
}
# pdfsnap SITE: every PDF with its checksum and mtime.
pdfsnap() {
	(cd "$1" && find . -name '*.pdf' | sort | while read -r f; do
		printf '%s %s %s\n' "$f" "$(cksum <"$f")" "$(stat -c %Y "$f")"
	done)
}

"$GONGSHI" --lang en boards --pdf -C "$pcity" -o "$work/p1" >"$work/plog" 2>&1
status=$?
sheets_ok=yes
for id in $ids; do
	want=$(grep -c '<section class=sheet ' "$work/p1/c/$id/board.html")
	got=$(pages "$work/p1/c/$id/board.pdf")
	[ "$want" = "$got" ] || sheets_ok="$sheets_ok; $id: $got pages, $want sheets"
done
if [ $status -eq 0 ] && [ "$sheets_ok" = yes ] &&
    grep -q "printed 11 board PDFs, kept 0" "$work/plog"; then
	ok "boards printed together and cut: each compound's PDF has its sheets"
else
	notok "boards printed together and cut: each compound's PDF has its sheets" \
	    "status $status; $sheets_ok"
	indent "$work/plog"
fi
# The cut PDFs are still read as boards: text and QR code of 乙苑.
pdftotext -raw "$work/p1/c/zzz-yiyuan/board.pdf" - 2>/dev/null | squash \
    >"$work/ptext"
pdftoppm -r 150 -f 1 -l 1 -singlefile -png "$work/p1/c/zzz-yiyuan/board.pdf" \
    "$work/pqr" 2>/dev/null
qr=$(zbarimg -q --raw "$work/pqr.png" 2>/dev/null | head -1)
if grep -q '乙苑' "$work/ptext" && [ "$qr" = "${base_url}c/zzz-yiyuan/" ]; then
	ok "a board cut from a combined document has its text and its own QR code"
else
	notok "a board cut from a combined document has its text and its own QR code" \
	    "QR: '$qr', want '${base_url}c/zzz-yiyuan/'"
fi

# The street's and the community's PDFs: all their compounds' pages,
# in order by id.
sp=$work/p1/boards/$street/board.pdf
cp_=$work/p1/boards/$street/$comm.pdf
sum=0
for id in aaa-jiayuan heping-xincun zzz-yiyuan; do
	sum=$((sum + $(pages "$work/p1/c/$id/board.pdf")))
done
order=$(first_lines "$sp")
if [ -f "$sp" ] && [ -f "$cp_" ] && [ "$(pages "$sp")" = "$sum" ] &&
    [ "$(pages "$cp_")" = "$sum" ] && [ "$order" = "甲苑 和平新村 乙苑 " ]; then
	ok "boards/STREET/board.pdf and boards/STREET/COMMUNITY.pdf: $sum pages, compounds in order"
else
	notok "boards/STREET/board.pdf and boards/STREET/COMMUNITY.pdf: the sum of pages, compounds in order" \
	    "street $(pages "$sp") pages, community $(pages "$cp_"), want $sum;" \
	    "names by page: $order"
fi
other=$(find "$work/p1/boards" -name '*.pdf' | wc -l)
if [ "$other" -eq 18 ]; then
	ok "one PDF per street and per community: $other"
else
	notok "one PDF per street and per community" "$other PDFs, want 18"
fi
if ! find "$work/p1" -name '*.pdf' -exec grep -l -a 'CreationDate\|ModDate' {} + |
    grep -q .; then
	ok "no PDF carries the time it was printed"
else
	notok "no PDF carries the time it was printed"
fi

# A second clean run (no record) gives the same bytes.
rm -rf "$pcity/.gongshi"
"$GONGSHI" boards --pdf -C "$pcity" -o "$work/p2" >"$work/plog" 2>&1
status=$?
differ=$(cd "$work/p1" && find . -name '*.pdf' | sort | while read -r f; do
	cmp -s "$f" "$work/p2/$f" || echo "$f"
done)
if [ $status -eq 0 ] && [ -z "$differ" ]; then
	ok "two clean runs print the same bytes"
else
	notok "two clean runs print the same bytes" "status $status; differ: $differ"
	indent "$work/plog"
fi

# Nothing changed: nothing printed, nothing touched.
pdfsnap "$work/p2" >"$work/snap1"
"$GONGSHI" --lang en boards --pdf -C "$pcity" -o "$work/p2" >"$work/plog" 2>&1
status=$?
pdfsnap "$work/p2" >"$work/snap2"
if [ $status -eq 0 ] && cmp -s "$work/snap1" "$work/snap2" &&
    grep -q "printed 0 board PDFs, kept 11 unchanged; 0 community" "$work/plog"; then
	ok "with nothing changed, boards --pdf prints nothing and touches no PDF"
else
	notok "with nothing changed, boards --pdf prints nothing and touches no PDF" \
	    "status $status"
	diff "$work/snap1" "$work/snap2" | indent
	indent "$work/plog"
fi

# One record changed: its community printed again (all its boards, in
# one document, so that every PDF is what a clean run prints) and its
# street's PDF put together again; every other PDF untouched.
sleep 1	# mtimes in seconds
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-02/' \
    "$pcity/content/compounds/lixia/zzz-yiyuan.yaml"
"$GONGSHI" --lang en boards --pdf -C "$pcity" -o "$work/p2" >"$work/plog" 2>&1
status=$?
pdfsnap "$work/p2" >"$work/snap3"
changed=$(diff "$work/snap2" "$work/snap3" | sed -n 's/^> \.\/\([^ ]*\) .*/\1/p' |
    sort | tr '\n' ' ')
want="boards/$street/$comm.pdf boards/$street/board.pdf c/aaa-jiayuan/board.pdf c/heping-xincun/board.pdf c/zzz-yiyuan/board.pdf "
if [ $status -eq 0 ] && [ "$changed" = "$want" ] &&
    grep -q "printed 3 board PDFs, kept 10 unchanged; 2 community" "$work/plog" &&
    [ "$(first_lines "$work/p2/boards/$street/board.pdf")" = "甲苑 和平新村 乙苑 " ] &&
    pdftotext "$work/p2/c/zzz-yiyuan/board.pdf" - 2>/dev/null | squash |
    grep -q '2026年11月2日'; then
	ok "one record changed: only its community and street printed again"
else
	notok "one record changed: only its community and street printed again" \
	    "status $status; changed: $changed; want: $want"
	indent "$work/plog"
fi

# The record has one line a PDF, however often a PDF was printed.
dups=$(awk '{ print $3 }' "$pcity/.gongshi/boards-pdf" | sort | uniq -d)
lines=$(wc -l <"$pcity/.gongshi/boards-pdf")
if [ -z "$dups" ] && [ "$lines" -eq 29 ]; then
	ok "the record of printed PDFs has one line each: $lines"
else
	notok "the record of printed PDFs has one line each" \
	    "$lines lines; twice: $dups"
fi

# ... and every PDF, the compounds', the community's and the street's,
# has the bytes of a clean run of the changed records.
rm -rf "$pcity/.gongshi"
"$GONGSHI" boards --pdf -C "$pcity" -o "$work/p4" >"$work/plog" 2>&1
status=$?
differ=$(cd "$work/p4" && find . -name '*.pdf' | sort | while read -r f; do
	cmp -s "$f" "$work/p2/$f" || echo "$f"
done)
n4=$(find "$work/p4" -name '*.pdf' | wc -l)
if [ $status -eq 0 ] && [ -z "$differ" ] && [ "$n4" -eq 29 ]; then
	ok "a changed board reprinted: every PDF byte-identical to a clean run"
else
	notok "a changed board reprinted: every PDF byte-identical to a clean run" \
	    "status $status; $n4 PDFs; differ: $differ"
	indent "$work/plog"
fi

# boards --pdf ID: the other boards of its community are printed with
# it, from the site's boards, and its community's and street's PDFs
# are there after it.
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-03/' \
    "$pcity/content/compounds/lixia/zzz-yiyuan.yaml"
"$GONGSHI" --lang en boards --pdf -C "$pcity" -o "$work/p4" zzz-yiyuan \
    >"$work/plog" 2>&1
status=$?
n4=$(find "$work/p4" -name '*.pdf' | wc -l)
if [ $status -eq 0 ] && [ "$n4" -eq 29 ] &&
    grep -q "printed 3 board PDFs, kept 0 unchanged; 2 community" "$work/plog" &&
    [ "$(first_lines "$work/p4/boards/$street/$comm.pdf")" = "甲苑 和平新村 乙苑 " ]; then
	ok "boards --pdf ID prints its whole community, its PDFs all there"
else
	notok "boards --pdf ID prints its whole community, its PDFs all there" \
	    "status $status; $n4 PDFs"
	indent "$work/plog"
fi

# A combined document whose pages do not come out as laid out: said,
# and its boards printed one by one, each with its own sheets.
rm -rf "$pcity/.gongshi"
GONGSHI_PRINT_FAULT=pages "$GONGSHI" boards --pdf -C "$pcity" -o "$work/p3" \
    >"$work/plog" 2>&1
status=$?
sheets_ok=yes
for id in $ids; do
	want=$(grep -c '<section class=sheet ' "$work/p3/c/$id/board.html")
	got=$(pages "$work/p3/c/$id/board.pdf")
	[ "$want" = "$got" ] || sheets_ok="$sheets_ok; $id: $got pages, $want sheets"
done
if [ $status -eq 0 ] && [ "$sheets_ok" = yes ] &&
    grep -q '合在一起打印.*与排版的.*页不符；改为逐个打印' "$work/plog" &&
    [ "$(pages "$work/p3/boards/$street/board.pdf")" = "$sum" ]; then
	ok "pages off in the combined document: said in Chinese, boards printed one by one"
else
	notok "pages off in the combined document: said in Chinese, boards printed one by one" \
	    "status $status; $sheets_ok"
	indent "$work/plog"
fi

# Schema 2 on the boards, read back from the printed PDF: the record in
# tests/check/schema2/full.yaml, printed as of a day its notice is up.
s2=$work/s2
mkdir -p "$s2"
cp -R "$top/tests/check/base/content" "$top/layouts" "$s2/"
cp "$top/tests/check/schema2/full.yaml" "$s2/content/compounds/"
cp -R "$top/tests/check/private" "$s2/"
mkdir -p "$s2/content/files"
cp "$top/tests/check/schema2/files/2026-02-09-biaojue.pdf" "$s2/content/files/"
if "$GONGSHI" boards --pdf --today 2026-10-22 -C "$s2" -o "$work/s2site" full \
    >"$work/log" 2>&1 && [ -s "$work/s2site/c/full/board.pdf" ]; then
	ok "schema 2: boards --pdf prints the full record"
else
	notok "schema 2: boards --pdf prints the full record"
	indent "$work/log"
fi
pdftotext -raw "$work/s2site/c/full/board.pdf" - 2>/dev/null | squash \
    >"$work/s2.txt"
printed() {	# printed TEXT WHAT: the PDF holds TEXT (whitespace aside)
	if grep -qF -- "$(printf '%s' "$1" | squash)" "$work/s2.txt"; then
		ok "schema 2 board: $2"
	else
		notok "schema 2 board: $2" "no '$1' in the PDF's text"
	fi
}
printed '公示编号' "the content version reads 公示编号"
printed '合同期限 2024年7月1日至2027年6月30日' "dates in words"
printed '物业服务合同（业主共同决定选聘）' "the contract kind in full"
printed '价格管理形式 收费形式' "the fee columns' terms"
printed '0.60 元/平方米·月（基准价0.55元，浮动±10%）' \
    "a fee within its base price and float"
printed '物业服务费（住宅）' "a fee's applies_to"
printed '收费对象：业主或物业使用人' "收费对象"
printed '至2027年4月11日' "inspection validity"
printed '综合评价91.5分，处理方式：自行整改' "the evaluation result"
printed '街道社区党组织评价 28 30' "the evaluation's parts by name"
printed '【停水停电】关于10月25日计划停水的通知 2026年10月20日至2026年10月25日' \
    "a current notice"
printed '公示单位 测试物业服务有限公司、和平新村社区居民委员会 公示日期 2026年10月31日' \
    "公示单位 with 公示日期"
printed '物业服务资金收支情况（2025年度）' "accounts, the year in words"
printed '收入合计1,540,000.00元，支出合计1,290,000.00元，结余250,000.00元；物业费收缴率92.5%' \
    "accounts' totals"
printed '共有部分经营收益（2026年第三季度）' "revenue, the quarter in words"
printed '上期结余1,000.00 元；物业服务人管理费用600.00 元' \
    "revenue carried forward and the manager's share"
printed '二次供水电费 2026年7月至9月 1,000.00 624 按户均摊 1.60' \
    "shared utilities"
printed '分户账查询 https://fund.example.cn/query' "the fund ledger lookup"
printed '应急使用（经主管部门审批）' "an emergency draw"
printed '参与表决646人（79.07%）、92,508.76平方米（80.20%），同意411人（63.62%）' \
    "a decision's vote, with shares to two decimals"
printed '审议年度公共收益使用方案 2026年3月6日' "meetings, dates in words"
printed '管理规约 可在本小区网页查阅' "documents"
s2pages=$(pdfinfo "$work/s2site/c/full/board.pdf" 2>/dev/null |
    sed -n 's/^Pages:[[:space:]]*//p')
s2sheets=$(grep -c '<section class=sheet ' "$work/s2site/c/full/board.html")
if [ -n "$s2pages" ] && [ "$s2pages" = "$s2sheets" ]; then
	ok "schema 2 board: one PDF page per sheet ($s2pages), nothing overflows"
else
	notok "schema 2 board: one PDF page per sheet" \
	    "$s2pages pages, $s2sheets sheets"
fi

# 未公示 on the printed board: said, never 0.00, no made-up totals.
cp "$top/tests/check/schema2/undisclosed.yaml" "$s2/content/compounds/"
if "$GONGSHI" boards --pdf -C "$s2" -o "$work/s2site" undisclosed \
    >"$work/log" 2>&1; then
	pdftotext -raw "$work/s2site/c/undisclosed/board.pdf" - 2>/dev/null |
	    squash >"$work/ud.txt"
	for want in '说明物业服务企业信息未公示' '收费项目及标准未公示' \
	    '账面余额未公示' '累计增值收益未公示' '综合评价未公示' \
	    '成立情况未公示' '合同类型未公示'; do
		if grep -qF "$want" "$work/ud.txt"; then
			ok "未公示 board: $want"
		else
			notok "未公示 board: $want" "not in the PDF's text"
		fi
	done
	if grep -Eq '(^|[^0-9,])0\.00元' "$work/ud.txt"; then
		notok "未公示 board: no figure printed as 0.00"
	else
		ok "未公示 board: no figure printed as 0.00"
	fi
else
	notok "未公示: boards --pdf prints the record"
	indent "$work/log"
fi

# The record's single notice is on the service board, always, as text.
pdftotext -raw "$site/c/heping-xincun/board.pdf" - 2>/dev/null | squash \
    >"$work/hp.txt"
if grep -qF '停水通知（示例）' "$work/hp.txt" &&
    grep -qF '和平新村21号楼至30号楼暂停供水' "$work/hp.txt" &&
    ! grep -qF '**' "$work/hp.txt"; then
	ok "the notice is printed on the service board, as plain text"
else
	notok "the notice is printed on the service board, as plain text"
fi

# --- Sheets filled, words and numbers whole, paper matching the page ---

# The build above dropped quanxin-yuan's PDF (its record changed): print
# it again.
"$GONGSHI" boards --pdf -C "$city" -o "$site" quanxin-yuan >"$work/log" 2>&1 ||
    { notok "boards --pdf prints quanxin-yuan again"; indent "$work/log"; }

# fill PDF: one line "PAGE PERCENT LAST" per page: how much of the space
# between the sheet's header (its 公示编号 line) and its footer (the first
# hotline's number) the content fills, measured on the words' boxes that
# pdftotext -bbox gives, and LAST 1 when the page ends its board (the
# next page's title carries no （续）).
first_hotline=$(S=$site C=$city hotlines | head -1)
fill() {
	pages=$(pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages:[[:space:]]*//p')
	p=1
	while [ $p -le "${pages:-0}" ]; do
		if [ $p -eq "$pages" ]; then
			echo 1
		else
			pdftotext -raw -f $((p + 1)) -l $((p + 1)) "$1" - \
			    2>/dev/null | squash | grep -qF '公示（续）' &&
			    echo 0 || echo 1
		fi
		p=$((p + 1))
	done >"$work/last"
	pdftotext -bbox "$1" - 2>/dev/null | awk -v hot="$2" -v lastf="$work/last" '
	function flush() {
		if (page == 0)
			return
		getline last <lastf
		if (top == "" || foot == "" || foot <= top)
			printf "%d ? %d\n", page, last
		else
			printf "%d %d %d\n", page, 100 * (bottom - top) / (foot - top), last
	}
	/<page / { flush(); page++; top = ""; foot = ""; bottom = 0; n = 0; next }
	/<word / {
		split($0, f, "\"")
		w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w)
		n++; y0[n] = f[4] + 0; y1[n] = f[8] + 0
		if (w == "公示编号") top = f[8] + 0
		if (w == hot && foot == "") foot = f[4] + 0
	}
	/<\/page>/ {
		for (i = 1; i <= n; i++)
			if (top != "" && foot != "" && y0[i] > top &&
			    y1[i] < foot && y1[i] > bottom)
				bottom = y1[i]
	}
	END { flush() }'
}

# Every sheet but the last of its board is at least 60 % full.
check_fill() {	# check_fill PDF NAME
	fill "$1" "$first_hotline" >"$work/fill"
	bad=$(awk '$2 == "?" || ($3 == 0 && $2 < 60) { printf " page %s: %s%%", $1, $2 }' \
	    "$work/fill")
	all=$(awk '{ printf " %s%s", $2, $3 ? "|" : "" }' "$work/fill")
	if [ -z "$bad" ] && [ -s "$work/fill" ]; then
		ok "$2: every sheet but a board's last is at least 60% full:$all"
	else
		notok "$2: every sheet but a board's last is at least 60% full" \
		    "under 60%:$bad (all:$all; | ends a board)"
	fi
}
for id in $printed; do
	check_fill "$site/c/$id/board.pdf" "$id"
done
check_fill "$work/s2site/c/full/board.pdf" "schema 2 full"
check_fill "$site4/c/heping-xincun/board.pdf" "A4 landscape, heping-xincun"

# 和平新村 took 9 sheets: buildings sharing a grid member and steward
# share a row, and sheets fill before the next starts.
n=$(pdfinfo "$site/c/heping-xincun/board.pdf" 2>/dev/null |
    sed -n 's/^Pages:[[:space:]]*//p')
sup=0
p=1
while [ $p -le "${n:-0}" ]; do
	pdftotext -raw -f $p -l $p "$site/c/heping-xincun/board.pdf" - \
	    2>/dev/null | squash | grep -qF '物业管理监管职责及投诉受理电话公示' &&
	    sup=$((sup + 1))
	p=$((p + 1))
done
if [ -n "$n" ] && [ "$n" -le 8 ] && [ "$sup" -le 2 ]; then
	ok "heping-xincun: $n sheets (was 9), the supervision board $sup (was 4)"
else
	notok "heping-xincun: at most 8 sheets (was 9), the supervision board 2 (was 4)" \
	    "${n:-no} pages, $sup for the supervision board"
fi
pdftotext -raw "$site/c/heping-xincun/board.pdf" - 2>/dev/null | squash \
    >"$work/hp.txt"
if grep -qF '1号楼至4号楼刘某13800001001徐某13900001001' "$work/hp.txt"; then
	ok "heping-xincun: buildings 1-4 with the same people share a row"
else
	notok "heping-xincun: buildings 1-4 with the same people share a row" \
	    "no 1号楼至4号楼 刘某 13800001001 徐某 13900001001"
fi

# Headers and numbers on one line: every table header of every board,
# and every figure (79.07%, 1,540,000.00, 2026年10月31日, phones) found
# whole on a line of the PDF's text, not split as 计费方/式 or 7 / 9.07%.
whole_words() {	# whole_words PDF HTML NAME
	pdftotext -raw "$1" - 2>/dev/null >"$work/raw"
	{
		grep -o '<thead><tr>.*</thead>' "$2" | sed 's/<th>/\n/g' |
		    sed 's/<.*//; /^$/d'
		grep -o '<td>[^<]*' "$2" | sed 's/<[^>]*>//g' |
		    grep -oE '[0-9][0-9,.]*%|[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?|[0-9]+\.[0-9]{2}|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日|[0-9]{3,4}-[0-9]{5,8}(-[0-9]+)?|1[0-9]{10}'
	} | sort -u >"$work/words"
	lost=
	while read -r w; do
		grep -qF -- "$w" "$work/raw" || lost="$lost $w"
	done <"$work/words"
	n=$(wc -l <"$work/words")
	if [ -z "$lost" ] && [ "$n" -gt 0 ]; then
		ok "$3: $n headers and figures each whole on one line"
	else
		notok "$3: every header and figure whole on one line" \
		    "split or missing:$lost"
	fi
}
for id in heping-xincun quanxin-yuan huali-huayuan xingfuyuan; do
	whole_words "$site/c/$id/board.pdf" "$site/c/$id/board.html" "$id"
done
whole_words "$work/s2site/c/full/board.pdf" "$work/s2site/c/full/board.html" \
    "schema 2 full"
if grep -qF '参与表决646人（79.07%）' "$work/raw"; then
	ok "schema 2 full: 参与表决646人（79.07%） on one line"
else
	notok "schema 2 full: 参与表决646人（79.07%） on one line" \
	    "$(grep -F '9.07%' "$work/raw" | head -2)"
fi

# A column empty in every row of a table is dropped: no table of any
# board has one (its continued parts counted together), and 泉馨苑's
# fees, none with a 收费形式, have no such column.  The board leaves
# out the optional </td> and </tr>: a row is what lies between two
# <tr>, whatever line breaks its cells hold.
empty_columns() {	# empty_columns HTML: "TITLE:COLUMN" for each
	tr '\n' '\r' <"$1" |
	sed 's/<tr>/\n<tr>/g; s/<h2>/\n<h2>/g; s/<\/table>/\n/g' | awk '
	/^<h2>/ { t = $0; sub(/<\/h2>.*/, "", t); gsub(/<[^>]*>|（续）/, "", t)
		next }
	/^<tr><th>.*<\/thead>/ {
		n = split($0, h, "<th>")
		for (i = 2; i <= n; i++) {
			x = h[i]; sub(/<.*/, "", x); head[t, i - 1] = x
		}
		cols[t] = n - 1; seen[t] = 1
	}
	/^<tr><td>/ {
		n = split($0, c, "<td>")
		for (i = 2; i <= n; i++) {
			x = c[i]; sub(/<.*/, "", x); gsub(/\r/, "", x)
			if (x != "") full[t, i - 1] = 1
		}
	}
	END {
		for (t in seen)
			for (i = 1; i <= cols[t]; i++)
				if (!((t, i) in full))
					print t ":" head[t, i]
	}'
}
bad=
for id in $printed; do
	e=$(empty_columns "$site/c/$id/board.html" | tr '\n' ' ')
	[ -z "$e" ] || bad="$bad $id: $e;"
done
e=$(empty_columns "$work/s2site/c/full/board.html" | tr '\n' ' ')
[ -z "$e" ] || bad="$bad full: $e;"
if [ -z "$bad" ] &&
    grep -q '<th>收费项目<' "$site/c/quanxin-yuan/board.html" &&
    ! grep -q '<th>收费形式<' "$site/c/quanxin-yuan/board.html"
then
	ok "no board has a column empty in every row (泉馨苑 without 收费形式)"
else
	notok "no board has a column empty in every row" \
	    "${bad:-quanxin-yuan still has 收费形式 or lost its fees}"
fi

# 未公示 where the web page says it: a building without a steward.
if grep -qF '8号楼刘某13800001001未公示' "$work/hp.txt" &&
    grep -A3 -E '>8号楼($|<)' "$site/c/heping-xincun/index.html" |
    grep -qF '<span class=none>未公示</span>'; then
	ok "heping-xincun: 8号楼's steward is 未公示 on paper as on the page"
else
	notok "heping-xincun: 8号楼's steward is 未公示 on paper as on the page" \
	    "$(grep -o '8号楼[^号]*' "$work/hp.txt" | head -1)"
fi
pdftotext -raw "$site/c/huali-huayuan/board.pdf" - 2>/dev/null | squash \
    >"$work/hl.txt"
if grep -qF '1号楼至7号楼田某13800003001未公示' "$work/hl.txt"; then
	ok "huali-huayuan: stewards not given print 未公示, not a blank column"
else
	notok "huali-huayuan: stewards not given print 未公示, not a blank column"
fi

# The self-managed compound's first sheet: who to call.
pdftotext -raw -f 1 -l 1 "$site/c/quanxin-yuan/board.pdf" - 2>/dev/null |
    squash >"$work/qx1.txt"
phone=$(python3 -c '
import json, sys
oc = json.load(open(sys.argv[1])).get("owners_committee")
print(oc.get("phone", "") if isinstance(oc, dict) else "")' \
    "$site/c/quanxin-yuan/record.json")
if [ -n "$phone" ] && grep -qF "业主委员会电话$phone" "$work/qx1.txt"; then
	ok "quanxin-yuan (业主自管): sheet 1 has 业主委员会电话 $phone"
else
	notok "quanxin-yuan (业主自管): sheet 1 has the committee's phone" \
	    "phone '${phone:-not found in record.json}' not on page 1"
fi

# The notice and the evaluation, schema 1 (schema 2 is checked above).
if grep -qF '考核评价（2025年度）' "$work/hp.txt" &&
    grep -qF '综合评价86.5分' "$work/hp.txt" &&
    grep -qF '和平新村21号楼至30号楼暂停供水' "$work/hp.txt"; then
	ok "heping-xincun: the evaluation and the notice are printed"
else
	notok "heping-xincun: the evaluation and the notice are printed"
fi

# One <main> per board document, however many sheets.
n=$(grep -c '<main' "$site/c/heping-xincun/board.html")
if [ "$n" -eq 1 ]; then
	ok "board.html has one <main> for all its sheets"
else
	notok "board.html has one <main> for all its sheets" "$n <main>"
fi

# The QR code's path once per document, not once per sheet (the codes
# on the first and last sheets are read back above).
n=$(grep -o '<path stroke="#000" d="M[0-9]' "$site/c/heping-xincun/board.html" | wc -l)
if [ "$n" -eq 1 ]; then
	ok "board.html holds the QR code's path once for all its sheets"
else
	notok "board.html holds the QR code's path once" "$n copies"
fi

# --- Reaching the boards ---

if grep -q 'href="[./]*boards/"' "$site/index.html" &&
    grep -q 'href="[./]*boards/"' "$site/c/heping-xincun/index.html"; then
	ok "the menu links /boards/ on every page kind checked"
else
	notok "the menu links /boards/" "no href to boards/ in index.html or a compound page"
fi
if grep -q 'href=board.html>打印公示牌' \
    "$site/c/heping-xincun/index.html"; then
	ok "the compound page links its board as 打印公示牌"
else
	notok "the compound page links its board as 打印公示牌"
fi
b=$site/boards/index.html
if grep -qF 'A3竖版' "$b" && grep -qF '背景图形' "$b" &&
    grep -qF '纵向' "$b" && ! grep -q 'gongshi boards\|--pdf\|portrait\|<code>' "$b"; then
	ok "/boards/ tells office staff A3竖版 and how to print, no command line"
else
	notok "/boards/ tells office staff A3竖版 and how to print, no command line"
fi
lost=
for id in heping-xincun quanxin-yuan huali-huayuan; do
	grep -rqF "c/$id/board.html" "$site/boards/"*/index.html ||
	    lost="$lost $id"
done
if [ -z "$lost" ]; then
	ok "/boards/CODE/ (a street) links the compounds' boards"
else
	notok "/boards/CODE/ (a street) links the compounds' boards" "missing:$lost"
fi

# /boards/ does not grow with the city: no page over 250 KB at 2,000
# compounds (bench/gencity's synthetic city).
gencity=${TESTBIN:+${TESTBIN%/*}/bench/gencity}
if [ -z "$gencity" ] || [ ! -x "$gencity" ]; then
	notok "/boards/ at 2,000 compounds" "no bench/gencity (make build/bench/gencity)"
elif "$gencity" -n 2000 "$work/big" >/dev/null 2>&1 &&
    cp -R "$top/layouts" "$work/big/" &&
    "$GONGSHI" build -C "$work/big" -o "$work/bigsite" >"$work/log" 2>&1; then
	most=$(find "$work/bigsite/boards" -name '*.html' -exec wc -c {} + |
	    grep -v ' total$' | sort -n | tail -1)
	size=$(echo "$most" | awk '{ print $1 }')
	if [ -n "$size" ] && [ "$size" -le 256000 ] &&
	    [ "$(find "$work/bigsite/boards" -name index.html | wc -l)" -gt 1 ]
	then
		ok "/boards/ at 2,000 compounds: largest page $size bytes"
	else
		notok "/boards/ at 2,000 compounds: no page over 250 KB" \
		    "largest: ${most:-none}"
	fi
else
	notok "/boards/ at 2,000 compounds: the synthetic city builds"
	indent "$work/log"
fi
