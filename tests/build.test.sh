#!/bin/sh
# gongshi build: determinism, the site left alone by failed builds,
# unchanged files keeping their mtime, open data formats, and hostile
# strings in every kind of field coming out inert.

: "${GONGSHI:?GONGSHI must name the gongshi binary}"
top=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
group=build
. tests/lib.sh


city=$work/city
mkdir -p "$city"
cp -R content layouts private "$city/"

# Same content, same bytes.
"$GONGSHI" build -C "$city" -o "$work/a" >"$work/log" 2>&1
status=$?
"$GONGSHI" build -C "$city" -o "$work/b" >>"$work/log" 2>&1
if [ $status -eq 0 ] && diff -r "$work/a" "$work/b" >"$work/diff" 2>&1; then
	ok "twice gives byte-identical sites"
else
	notok "twice gives byte-identical sites" "status $status"
	sed 's/^/    /' "$work/log" "$work/diff" | head -20
fi

for p in index.html 404.html sitemap.xml search-index.json \
    data/compounds.csv data/fees.csv departments/index.html \
    c/heping-xincun/index.html c/heping-xincun/record.json \
    area/370102/index.html area/370102010003/index.html \
    pages/about/index.html assets/style.css; do
	check "writes $p" test -s "$work/a/$p"
done
check "no temporary folder is left beside the site" \
    sh -c "! ls -a '$work' | grep -q '^\\.a\\.tmp-'"
check "CSV files start with a UTF-8 BOM" sh -c "
	for f in '$work/a'/data/*.csv; do
		[ \"\$(head -c 3 \"\$f\" | od -An -tx1 | tr -d ' ')\" = efbbbf ] ||
		    exit 1
	done"
# Line breaks inside a quoted cell (a notice's body) are the cell's own.
check "CSV records end in CRLF" python3 -c "
import glob, re, sys
for f in glob.glob('$work/a/data/*.csv'):
    text = open(f, encoding='utf-8-sig', newline='').read()
    bare = re.sub(r'\"(?:[^\"]|\"\")*\"', '', text)
    if not text.endswith('\r\n') or re.search(r'(?<!\r)\n', bare):
        sys.exit(f)
"
check "schema 2 open data: every new list has its file" sh -c "
	for f in accounts common_revenue shared_utilities complaints fund_draws; do
		test -s '$work/a/data/'\$f.csv || exit 1
	done"
check "fees.csv tells fees apart by applies_to, with base and float" grep -q \
    '^huaxia-diyuan,华夏帝苑,地面机动车停放服务费,110.00,元/辆·月,政府指导价,,住宅小区机动车停放服务收费指导意见（示例）,2024-04-01,,100.00,20,在小区地面停放车辆的业主或使用人,2024-02-28,' \
    "$work/a/data/fees.csv"
check "accounts.csv: an entry per row, money exact" grep -q \
    '^huaxia-diyuan,华夏帝苑,2025,expense,物业服务企业酬金（收入的8%）,691856.00,93.6' \
    "$work/a/data/accounts.csv"
check "common_revenue.csv: carried forward and a source's cost" sh -c "
	grep -q '^huaxia-diyuan,华夏帝苑,2026-Q3,华夏帝苑业主共有资金账户（示例）,carried_forward,,98680.00,,' '$work/a/data/common_revenue.csv' &&
	grep -q ',source,地面临时停车,41600.00,3200.00,' '$work/a/data/common_revenue.csv'"
check "fees.csv holds every fee exactly" sh -c "
	grep -q '^heping-xincun,和平新村,物业服务费,0.30,' '$work/a/data/fees.csv'"
check "record.json keeps money exact" grep -q '"balance":1064500.40' \
    "$work/a/c/heping-xincun/record.json"
check "the compound page shows money to the fen" grep -q '1,064,500.40' \
    "$work/a/c/heping-xincun/index.html"
check "phones are tel: links" grep -q 'href=tel:053100003101>' \
    "$work/a/c/heping-xincun/index.html"
check "sitemap lists compounds with absolute URLs" grep -q \
    '<loc>https://wygs.example.cn/c/heping-xincun/</loc>' \
    "$work/a/sitemap.xml"
check "the search index has every compound" sh -c "
	[ \$(grep -c '^\\[\\|^,\\[' '$work/a/search-index.json') -eq \
	    \$(find '$city/content/compounds' -name '*.yaml' | wc -l) ]"

# A failed build must leave the published site exactly as it was.  Its
# messages are read as people see them by default: in Chinese, each at
# its place, the key named with its label.
snapshot "$work/a" >"$work/before"
cp "$city/content/compounds/lixia/heping-xincun.yaml" "$work/saved.yaml"
sed -i 's/^  balance: .*/  balance: 1.00/' \
    "$city/content/compounds/lixia/heping-xincun.yaml"
"$GONGSHI" build -C "$city" -o "$work/a" >"$work/log" 2>&1
status=$?
snapshot "$work/a" >"$work/after"
if [ $status -eq 1 ] && cmp -s "$work/before" "$work/after" &&
    grep -q '错误：maintenance_fund.balance（账面余额）：1.00 不等于' \
    "$work/log" && grep -q '^gongshi: 错误：网站未生成' "$work/log"; then
	ok "invalid content: exit 1, site untouched"
else
	notok "invalid content: exit 1, site untouched" "status $status"
	sed 's/^/    /' "$work/log" | head
	diff "$work/before" "$work/after" | head | sed 's/^/    /'
fi
cp "$work/saved.yaml" "$city/content/compounds/lixia/heping-xincun.yaml"

cp "$city/layouts/compound.mustache" "$work/saved.mustache"
printf '{{#c}}\n{{name}}\n' >"$city/layouts/compound.mustache"
"$GONGSHI" build -C "$city" -o "$work/a" >"$work/log" 2>&1
status=$?
snapshot "$work/a" >"$work/after"
if [ $status -eq 1 ] && cmp -s "$work/before" "$work/after" &&
    grep -q '^layouts/compound.mustache:1:1: 错误：“{{#c}}”始终没有闭合$' \
    "$work/log"; then
	ok "broken layout: exit 1 with its place, site untouched"
else
	notok "broken layout: exit 1 with its place, site untouched" \
	    "status $status"
	sed 's/^/    /' "$work/log" | head
fi
cp "$work/saved.mustache" "$city/layouts/compound.mustache"

printf '{{<base}}{{$main}}{{>no-such-partial}}{{/main}}{{/base}}\n' \
    >"$city/layouts/page.mustache.new"
cp "$city/layouts/page.mustache" "$work/saved.page"
mv "$city/layouts/page.mustache.new" "$city/layouts/page.mustache"
"$GONGSHI" build -C "$city" -o "$work/a" >"$work/log" 2>&1
status=$?
if [ $status -eq 1 ] && grep -q '没有名为“no-such-partial”的模板' \
    "$work/log"; then
	ok "a missing partial is an error, not an empty string"
else
	notok "a missing partial is an error, not an empty string" \
	    "status $status"
	sed 's/^/    /' "$work/log" | head
fi
cp "$work/saved.page" "$city/layouts/page.mustache"

# Unchanged files keep their time; changed ones get a new one.
find "$work/a" -type f -exec touch -d '2001-01-01 00:00:00' {} +
sed -i 's/^data_as_of: .*/data_as_of: 2026-11-01/' \
    "$city/content/compounds/tianqiao/huali-huayuan.yaml"
"$GONGSHI" build -C "$city" -o "$work/a" >"$work/log" 2>&1
old=$(date -d '2001-01-01 00:00:00' +%s)
if [ "$(stat -c %Y "$work/a/c/heping-xincun/index.html")" = "$old" ] &&
    [ "$(stat -c %Y "$work/a/assets/style.css")" = "$old" ] &&
    [ "$(stat -c %Y "$work/a/c/huali-huayuan/index.html")" != "$old" ]; then
	ok "unchanged files keep their mtime, changed ones do not"
else
	notok "unchanged files keep their mtime, changed ones do not"
	sed 's/^/    /' "$work/log" | head
fi

# Hostile strings in every kind of field.
hostile=$work/hostile
mkdir -p "$hostile"
cp -R tests/check/base/content layouts "$hostile/"
cp -R tests/build/hostile/content "$hostile/"
"$GONGSHI" build -C "$hostile" -o "$work/h" >"$work/log" 2>&1
status=$?
check "hostile city builds" test $status -eq 0
if [ $status -ne 0 ]; then
	sed 's/^/    /' "$work/log" | head -20
fi
h=$work/h
check "no record string becomes a script" sh -c \
    "! grep -ril --include='*.html' '<script>alert\\|<script>x' '$h'"
check "no record string becomes an event handler" sh -c \
    "! grep -ril --include='*.html' '<img src=x onerror\\|\" onmouseover=\"' '$h'"
check "no javascript:, vbscript: or data: link survives" sh -c \
    "! grep -riE --include='*.html' '(href|src)=\"[[:space:]]*(javascript|vbscript|data):' '$h'"
check "Markdown raw HTML is omitted" sh -c \
    "! grep -ril --include='*.html' '<iframe\\|<b onclick' '$h'"
check "hostile text is still shown, escaped" grep -q \
    '&lt;script&gt;alert(1)&lt;/script&gt;' "$work/h/c/evil/index.html"
check "the search index cannot close a script element" sh -c \
    "! grep -q '</script\\|<script' '$work/h/search-index.json'"
check "CSV cells cannot run as formulas" grep -q \
    "\"'=HYPERLINK" "$work/h/data/fees.csv"

# Many compounds are read and rendered by several threads: the bytes
# must be those of a run on one thread.
many=$work/many
mkdir -p "$many"
cp -R content layouts private "$many/"
i=1
while [ $i -le 150 ]; do
	sed "s/^id: heping-xincun/id: copy-$i/; s/^name: 和平新村/name: 和平新村$i/" \
	    content/compounds/lixia/heping-xincun.yaml \
	    >"$many/content/compounds/lixia/copy-$i.yaml"
	i=$((i + 1))
done
GONGSHI_THREADS=4 "$GONGSHI" build -C "$many" -o "$work/m4" >"$work/log" 2>&1
s4=$?
GONGSHI_THREADS=1 "$GONGSHI" build -C "$many" -o "$work/m1" >>"$work/log" 2>&1
s1=$?
if [ $s4 -eq 0 ] && [ $s1 -eq 0 ] && diff -r "$work/m4" "$work/m1" >"$work/diff" 2>&1 &&
    [ "$(find "$work/m4/c" -name board.html | wc -l)" -eq 159 ]; then
	ok "threaded and single-threaded builds of 159 compounds are identical"
else
	notok "threaded and single-threaded builds of 159 compounds are identical" \
	    "status $s4 $s1"
	sed 's/^/    /' "$work/log" "$work/diff" | head -20
fi

# Schema 2: every new section of tests/check/schema2/full.yaml reaches
# the compound page, record.json and the diff labels, as people read it.
s2=$work/s2
mkdir -p "$s2"
cp -R tests/check/base/content layouts "$s2/"
cp tests/check/schema2/full.yaml "$s2/content/compounds/"
cp -R tests/check/private "$s2/"
mkdir -p "$s2/content/files"
cp tests/check/schema2/files/2026-02-09-biaojue.pdf "$s2/content/files/"
if "$GONGSHI" build -C "$s2" -o "$work/s2site" --today 2026-10-22 \
    >"$work/log" 2>&1; then
	ok "schema 2: the full record builds"
else
	notok "schema 2: the full record builds"
	sed 's/^/    /' "$work/log"
fi
page=$work/s2site/c/full/index.html
json=$work/s2site/c/full/record.json
has() {	# has TEXT WHAT: the page holds TEXT
	check "schema 2 page: $2" grep -qF -- "$1" "$page"
}
has '<dt>公示单位<dd>测试物业服务有限公司、和平新村社区居民委员会<' \
    "公示单位, joined"
has '<dt>物业服务等级<dd>二级<' "物业服务等级"
has '<dt>客服主管<dd>王某 <a href=tel:13800000001>' \
    "the provider's other staff"
has 'href=tel:053100000001,801>0531-00000001-801</a>' \
    "an extension is dialled after a pause"
has '物业服务合同（业主共同决定选聘）' "the contract kind in words"
has '<h3>合同履行情况</h3>' "the contract's performance report"
has '物业服务费（住宅）' "a fee's applies_to beside its item"
has '基准价 0.55 元，浮动幅度 ±10%' "base price and float range"
has '<th>价格管理形式<th>收费形式<' \
    "the fee columns' terms"
check "schema 2 page: accounts: a year in words" grep -qx '<p>统计期间：2025年度' "$page"
has '<dd>250,000.00 元<' "accounts: income less expense"
has '<p>统计期间：2026年第三季度</p>' "revenue: the newest period open"
has '<summary>统计期间：2026年第二季度</summary>' \
    "revenue: older periods folded"
has '<div><dt>结余<dd>5,700.00 元</div>' \
    "revenue: carried forward + sources - uses - manager's share"
has '<td class=num>5,500.00</td>' \
    "revenue: a source's net of its cost"
has '<td>2026年7月至9月<' "utilities: a month range"
has 'href="https://fund.example.cn/query">维修资金分户账查询</a>' \
    "fund: the ledger lookup link"
has '应急使用（经主管部门审批）' "fund: an emergency draw says so"
has '费用分摊：1号楼业主按建筑面积分摊。' "fund: a draw's allocation"
has '至 2027-04-11' "contractors: inspection validity"
has '646 人（79.07%）' "votes: turnout with two decimals"
has '411 人（63.62%）' "votes: for, as a share of voted"
has '92,508.76 平方米（80.20%）' "votes: area and its share"
has '<h3>会议</h3>' "committee meetings"
has '<a class=file href="../../files/2026-02-09-biaojue.pdf">盖章扫描件</a>' \
    "a notice links its attachment"
check "the attachment is copied to the site, byte for byte" cmp \
    tests/check/schema2/files/2026-02-09-biaojue.pdf \
    "$work/s2site/files/2026-02-09-biaojue.pdf"
has '<a href="https://wygs.example.cn/docs/guiyue.pdf">管理规约</a>' \
    "committee documents, linked"
has '13 件（92.86%）' "complaints: resolved and its share"
has '<aside class=current-notice ' "a current notice is pinned (--today)"
has '综合评价<strong class=total>91.5</strong>分' \
    "evaluation: 综合评价 … 分"
check "schema 2 record.json keeps every new section" sh -c "
	for k in published_by accounts shared_utilities complaints notices \
	    staff float_pct lookup_url valid_until meetings vote; do
		grep -q \"\\\"\$k\\\"\" '$json' || { echo \$k; exit 1; }
	done"
check "schema 2 record.json: percent and period in machine form" sh -c "
	grep -q '\"collection_rate\":92.5' '$json' &&
	grep -q '\"period\":\"2026-Q3\"' '$json'"
check "schema 1 common_revenue stays one object in record.json" \
    grep -q '"common_revenue":{' "$work/a/c/yanzishan-xiaoqu/record.json"

# Markdown tables (cmark-gfm's extension), kept safe: a cell's raw HTML
# is omitted and a javascript: link emptied.
has '<th>楼栋</th>' "a notice's pipe table is a table"
s2h=$work/s2h
mkdir -p "$s2h"
cp -R tests/check/base/content layouts "$s2h/"
sed 's/^      | 1号楼 | 8:00—12:00 |$/      | <script>alert(1)<\/script> | [点此](javascript:alert(1)) |/' \
    tests/check/schema2/full.yaml >"$s2h/content/compounds/full.yaml"
cp -R "$s2/content/files" "$s2h/content/"
"$GONGSHI" build -C "$s2h" -o "$work/s2hsite" >"$work/log" 2>&1
hp=$work/s2hsite/c/full/index.html
check "a table cell's raw HTML is omitted" sh -c "
	grep -q '<td><!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --></td>' '$hp' &&
	! grep -q '<script>alert' '$hp'"
check "a table cell's javascript: link is emptied" sh -c "
	grep -q '<a href=\"\">点此</a>' '$hp' && ! grep -qi 'href=\"javascript' '$hp'"

# 未公示: readers see that a value was not disclosed, never 0.00 or a
# default, and no total is made of the rest.
ud=$work/ud
mkdir -p "$ud"
cp -R tests/check/base/content layouts "$ud/"
cp tests/check/schema2/undisclosed.yaml "$ud/content/compounds/"
"$GONGSHI" build -C "$ud" -o "$work/udsite" >"$work/log" 2>&1
up=$work/udsite/c/undisclosed/index.html
uj=$work/udsite/c/undisclosed/record.json
check "未公示: the record builds, with warnings only" test -s "$up"
check "未公示: a fund figure reads 未公示, never 0.00" sh -c "
	grep -q '<dt>账面余额<dd>未公示<' '$up' &&
	grep -q '<dt>累计增值收益<dd>未公示<' '$up' &&
	! grep -q '<dd>0.00 元<' '$up'"
check "未公示: no revenue total is made of the rest" \
    grep -q '<div><dt>收入合计<dd>未公示</div>' "$up"
check "未公示: fees, provider and supervision say so" sh -c "
	grep -q '收费项目及标准<strong>未公示</strong>' '$up' &&
	grep -q '暂未公示物业服务企业信息' '$up' &&
	grep -q '监管部门<strong>未公示</strong>' '$up'"
check "未公示: no 管理方式 when the record gives no profile" sh -c "
	! grep -q '管理方式为\|<dt>管理方式<' '$up'"
check "未公示: no evaluation total from two of three scores" \
    grep -q '综合评价<strong class=total>未公示</strong>（满分' "$up"
check "未公示: the committee's state is neither 已成立 nor 未成立" \
    grep -q '<div><dt>状态<dd>未公示</div>' "$up"
check "未公示: record.json says 未公示 as a string, never a number" sh -c "
	grep -q '\"balance\":\"未公示\"' '$uj' &&
	grep -q '\"provider\":\"未公示\"' '$uj' &&
	grep -q '\"fees\":\"未公示\"' '$uj'"

# site.yaml stale_days: the page's warning follows the threshold.
cp -R "$s2" "$work/s2s"
printf 'stale_days: {data: 20}\n' >>"$work/s2s/content/site.yaml"
"$GONGSHI" build -C "$work/s2s" -o "$work/s2ssite" --today 2026-11-27 \
    >"$work/log" 2>&1
check "a page past site.yaml's stale_days says how old, in days" grep -q \
    '已超过20天未更新' "$work/s2ssite/c/full/index.html"

# Every open-data CSV reads back as a table: one header, every row as
# wide as it, whatever the text holds (commas, quotes, line breaks).
check "every CSV in data/ parses, every row as wide as its header" \
    python3 -c "
import csv, glob, sys
for f in glob.glob('$work/a/data/*.csv'):
    rows = list(csv.reader(open(f, encoding='utf-8-sig', newline='')))
    if len(rows) < 1 or len(set(len(r) for r in rows)) != 1:
        sys.exit(f)
"
check "notices.csv keeps a notice's table inside one quoted cell" python3 -c "
import csv
rows = list(csv.reader(open('$work/a/data/notices.csv', encoding='utf-8-sig', newline='')))
assert len(rows) == 4 and '| 楼栋 | 停水时间 |' in rows[1][5], rows[1]
"
check "未公示: the page says how many values were not disclosed" \
    grep -q '本页有 9 项信息未公示' "$up"
check "未公示: the area's list marks the compound incomplete" \
    grep -q '9 项未公示' "$work/udsite/area/370102010003/index.html"
check "未公示: the fees section stands where fees do, not in the contents" \
    sh -c "awk '/<nav class=toc /,/<\\/nav>/' '$up' | grep -q '#fees' &&
	! awk '/<nav class=toc /,/<\\/nav>/' '$up' | grep -q '<section'"
check "未公示: an amount in a list reads 未公示, never 0.00" \
    grep -q '<td class=num>未公示<' "$up"
