#!/bin/sh
# gongshi export and import: the workbook round trip over the whole demo
# city, edits made by openpyxl and by LibreOffice itself, errors told at
# their cells with nothing written, new and removed records, and the
# workbooks of the site's open data.

: "${GONGSHI:?GONGSHI must name the gongshi binary}"
top=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
group=import
. tests/lib.sh
PY=/usr/bin/python3
HOME=$work/home
export HOME
mkdir -p "$HOME"

fresh() {
	rm -rf "$work/city"
	mkdir -p "$work/city"
	cp -R content layouts "$work/city/"
}

# The city's records with their checksums: what "unchanged" compares.
records() {
	(cd "$work/city/content" && find . -type f | LC_ALL=C sort |
	    while read -r f; do printf '%s %s\n' "$f" "$(cksum <"$f")"; done)
}

# changes NAME: the records' changes since fresh, as a unified diff
# against the golden tests/import/NAME.diff.
changes() {
	(cd "$work" && diff -ruN "$top/content" city/content |
	    sed -E -e "s|^--- $top/content|--- content|" \
	    -e 's|^\+\+\+ city/content|+++ content|' \
	    -e 's/^(---|\+\+\+) ([^\t]*)\t.*/\1 \2/' \
	    -e "s|^diff -ruN $top/content/([^ ]*) city/content/.*|diff \1|") \
	    >"$work/$1.diff"
	if [ -n "$UPDATE" ]; then
		cp "$work/$1.diff" "tests/import/$1.diff"
	fi
	if diff -u "tests/import/$1.diff" "$work/$1.diff" >"$work/d" 2>&1; then
		ok "$2"
	else
		notok "$2"
		sed 's/^/    /' "$work/d" | head -40
	fi
}

fresh
"$GONGSHI" export -C "$work/city" -o "$work/book.xlsx" >"$work/log" 2>&1
check "export writes the workbook" test -s "$work/book.xlsx"
check "the workbook is a zip with the parts Excel needs" $PY -c "
import sys, zipfile
names = zipfile.ZipFile('$work/book.xlsx').namelist()
sys.exit(0 if {'xl/workbook.xml', 'xl/styles.xml', '[Content_Types].xml',
    'xl/worksheets/sheet2.xml'} <= set(names) else names)"
"$GONGSHI" export -C "$work/city" -o "$work/book2.xlsx" >/dev/null 2>&1
check "the same records give the same bytes" cmp "$work/book.xlsx" \
    "$work/book2.xlsx"
"$GONGSHI" export -C "$work/city" -o "$work/book.xlsx" >"$work/log" 2>&1
st=$?
check "export does not replace a workbook without --force" sh -c "
	[ $st -eq 2 ] && cmp '$work/book.xlsx' '$work/book2.xlsx'"
check "export --force replaces it" "$GONGSHI" export -C "$work/city" \
    --force -o "$work/book.xlsx"

# What the workbook says, read by openpyxl as Excel would show it.
$PY - "$work/book.xlsx" >"$work/shape" 2>&1 <<'PYEOF'
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
names = wb.sheetnames
fails = []
def need(cond, what):
    if not cond:
        fails.append(what)
need(names[0] == "说明", "说明 first")
for n in ["基本信息", "物业服务企业", "收费项目及标准", "专项维修资金",
          "业主自治组织", "网格员与红色管家", "物业服务资金收支情况",
          "公共水电费分摊", "公告", "投诉处理情况", "专业服务单位"]:
    need(n in names, "sheet " + n)
ws = wb["收费项目及标准"]
k = [c.value for c in ws[2]]
need(ws.freeze_panes == "D3", "frozen headers: %s" % ws.freeze_panes)
need(ws["A1"].value == "小区编号" and k[0] == "@id", "headers and keys")
r = [r for r in range(3, ws.max_row + 1)
     if ws.cell(r, 1).value == "huaxia-diyuan" and ws.cell(r, 3).value == 1][0]
amount = ws.cell(r, k.index("amount") + 1)
need(amount.value == 1.85 and amount.number_format == "0.00", "money")
since = ws.cell(r, k.index("since") + 1)
need(isinstance(since.value, datetime.datetime) and
     since.number_format == "yyyy-mm-dd", "dates as dates")
dv = [d for d in ws.data_validations.dataValidation
      if d.formula1 and "市场调节价" in d.formula1]
need(dv and dv[0].type == "list", "enum drop-down")
ws = wb["物业服务企业"]
k = [c.value for c in ws[2]]
for r in range(3, ws.max_row + 1):
    for key in ("uscc", "hotline_24h", "manager.phone"):
        v = ws.cell(r, k.index(key) + 1).value
        need(v is None or isinstance(v, str), "%s as text" % key)
need(ws.column_dimensions["C"].width > 20, "a column sized to its text")
ws = wb["说明"]
need(any((c.value or "").startswith("导出范围：") for c in ws["A"]), "scope")
print("\n".join(fails) if fails else "shape ok")
PYEOF
check "headers, frozen panes, money, dates, drop-downs, text codes" \
    grep -qx 'shape ok' "$work/shape"
[ -s "$work/shape" ] && ! grep -qx 'shape ok' "$work/shape" &&
    sed 's/^/    /' "$work/shape"

# Round trips change no byte.
before=$(records)
"$GONGSHI" import -C "$work/city" "$work/book.xlsx" >"$work/log" 2>&1
st=$?
check "export then import changes nothing in the whole city" sh -c "
	[ $st -eq 0 ] && [ '$before' = \"\$(cd '$work/city/content' && find . -type f | LC_ALL=C sort | while read -r f; do printf '%s %s\n' \"\$f\" \"\$(cksum <\"\$f\")\"; done)\" ]"
mkdir -p "$work/lo"
cp "$work/book.xlsx" "$work/lo/in.xlsx"
(cd "$work/lo" && soffice -env:UserInstallation=file://$work/lo/profile \
    --headless --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir out \
    in.xlsx >/dev/null 2>&1)
check "LibreOffice saves the workbook" test -s "$work/lo/out/in.xlsx"
"$GONGSHI" import -C "$work/city" "$work/lo/out/in.xlsx" >"$work/log" 2>&1
st=$?
check "as LibreOffice saved it, import changes nothing" sh -c "
	[ $st -eq 0 ] && [ '$before' = \"\$(cd '$work/city/content' && find . -type f | LC_ALL=C sort | while read -r f; do printf '%s %s\n' \"\$f\" \"\$(cksum <\"\$f\")\"; done)\" ]"

# Edits by openpyxl.
$PY tests/import/edit.py edits "$work/book.xlsx" "$work/edits.xlsx"
"$GONGSHI" import -C "$work/city" "$work/edits.xlsx" >"$work/log" 2>&1
check "an edited workbook imports" grep -q 'huaxia-diyuan' "$work/log"
changes openpyxl "openpyxl's edits change exactly those lines"
"$GONGSHI" check -C "$work/city" >"$work/log" 2>&1
check "the records it wrote pass the check" sh -c "[ $? -eq 0 ]"
"$GONGSHI" export -C "$work/city" --force -o "$work/again.xlsx" \
    >/dev/null 2>&1
snap=$(records)
"$GONGSHI" import -C "$work/city" "$work/again.xlsx" >/dev/null 2>&1
check "a second round trip after the edits changes nothing" \
    test "$snap" = "$(records)"

# Edits by LibreOffice itself.
fresh
$PY tests/import/lo_edit.py "$work/book.xlsx" "$work/lo-edit.xlsx" \
    "$work/lo/profile2" >"$work/log" 2>&1
check "LibreOffice edits the workbook" test -s "$work/lo-edit.xlsx"
"$GONGSHI" import -C "$work/city" "$work/lo-edit.xlsx" >"$work/log" 2>&1
changes libreoffice "LibreOffice's edits change exactly those lines"

# Errors: told at their cells; nothing written.
fresh
before=$(records)
$PY tests/import/edit.py errors "$work/book.xlsx" "$work/errors.xlsx"
"$GONGSHI" import -C "$work/city" "$work/errors.xlsx" >"$work/log" 2>&1
st=$?
check "a workbook with errors exits 1" test "$st" -eq 1
check "and writes nothing" test "$before" = "$(records)"
for cell in 收费项目及标准!F7 物业服务企业!D3 收费项目及标准!G3 \
    物业服务企业!E5 专项维修资金!C3; do
	check "the error at $cell is told there" grep -q \
	    "errors.xlsx:$cell: " "$work/log"
done
check "each names the row's compound" sh -c "
	grep 'errors.xlsx:收费项目及标准!F7: ' '$work/log' | grep -q huaxia-diyuan"
# Golden diagnostics, in Chinese (the default) and in English.
for lang in zh en; do
	"$GONGSHI" import -C "$work/city" --lang "$lang" "$work/errors.xlsx" \
	    2>&1 | sed "s|$work/||g" >"$work/errors.$lang"
	if [ -n "$UPDATE" ]; then
		cp "$work/errors.$lang" "tests/import/errors.$lang"
	fi
	if diff -u "tests/import/errors.$lang" "$work/errors.$lang" \
	    >"$work/d" 2>&1; then
		ok "the errors read as tests/import/errors.$lang says"
	else
		notok "the errors read as tests/import/errors.$lang says"
		sed 's/^/    /' "$work/d" | head -30
	fi
done

# A list said to be 未公示 on one row may have no other rows.
$PY tests/import/edit.py undisclosed-list "$work/book.xlsx" "$work/undisc.xlsx"
"$GONGSHI" import -C "$work/city" "$work/undisc.xlsx" >"$work/log" 2>&1
st=$?
check "a list that is 未公示 beside other rows is an error at its 序号" sh -c "
	[ $st -eq 1 ] && grep -q 'undisc.xlsx:收费项目及标准!C5: ' '$work/log'"
check "and nothing is written" test "$before" = "$(records)"

# A new compound, in its district's folder.
$PY tests/import/edit.py new "$work/book.xlsx" "$work/new.xlsx"
"$GONGSHI" import -C "$work/city" --dry-run "$work/new.xlsx" \
    >"$work/log" 2>&1
check "--dry-run writes nothing" sh -c "
	[ $? -eq 0 ] && [ ! -e '$work/city/content/compounds/lixia/xin-yuan.yaml' ]"
"$GONGSHI" import -C "$work/city" "$work/new.xlsx" >"$work/log" 2>&1
changes new "a new row of 基本信息 becomes a new record beside its district's"

# A compound left out of the workbook.
fresh
$PY tests/import/edit.py drop "$work/book.xlsx" "$work/drop.xlsx"
"$GONGSHI" import -C "$work/city" "$work/drop.xlsx" >"$work/log" 2>&1
check "a compound missing from the workbook is left alone" test -f \
    "$work/city/content/compounds/tianqiao/huali-huayuan.yaml"
"$GONGSHI" import -C "$work/city" --delete "$work/drop.xlsx" \
    >"$work/log" 2>&1
check "--delete removes it" test ! -e \
    "$work/city/content/compounds/tianqiao/huali-huayuan.yaml"

# A district's workbook: --delete only within what it holds.
fresh
"$GONGSHI" export -C "$work/city" -o "$work/lixia.xlsx" 370102 \
    >"$work/log" 2>&1
check "export of one district" $PY -c "
import openpyxl, sys
ws = openpyxl.load_workbook('$work/lixia.xlsx')['基本信息']
ids = {ws.cell(r, 1).value for r in range(3, ws.max_row + 1)}
sys.exit(0 if ids == {'heping-xincun', 'yanzishan-xiaoqu'} else ids)"
"$GONGSHI" import -C "$work/city" --delete "$work/lixia.xlsx" \
    >"$work/log" 2>&1
check "importing it with --delete leaves other districts alone" \
    test -f "$work/city/content/compounds/licheng/huaxia-diyuan.yaml"
"$GONGSHI" export -C "$work/city" -o "$work/x.xlsx" 379999 >"$work/log" 2>&1
check "an unknown area code is refused" test $? -eq 2

# Not a workbook.
printf 'id,name\n' >"$work/not.xlsx"
"$GONGSHI" import -C "$work/city" "$work/not.xlsx" >"$work/log" 2>&1
check "a file that is not a workbook is refused at its name" sh -c "
	[ $? -eq 1 ] && grep -q 'not.xlsx' '$work/log'"

# The site's open data.
"$GONGSHI" build -C "$work/city" -o "$work/site" >"$work/log" 2>&1
check "the site has data/compounds.xlsx" test -s "$work/site/data/compounds.xlsx"
check "and one workbook per district" test -s \
    "$work/site/data/districts/370102.xlsx"
"$GONGSHI" build -C "$work/city" -o "$work/site" >"$work/log" 2>&1
check "a build over that site keeps every district's workbook" sh -c "
	for d in 370102 370103 370104 370105 370112; do
		test -s '$work/site/data/districts/'\$d.xlsx || exit 1
	done"
"$GONGSHI" import -C "$work/city" "$work/site/data/compounds.xlsx" \
    >"$work/log" 2>&1
check "the site's workbook imports without a change" grep -q \
    'nothing to change\|无需修改\|没有需要' "$work/log"
