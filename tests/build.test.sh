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
cp -R content layouts "$city/"

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
	for f in '$work/a/data/compounds.csv' '$work/a/data/fees.csv'; do
		[ \"\$(head -c 3 \"\$f\" | od -An -tx1 | tr -d ' ')\" = efbbbf ] ||
		    exit 1
	done"
check "CSV lines end in CRLF" sh -c "
	[ \"\$(grep -c \"\$(printf '\\r')\$\" '$work/a/data/fees.csv')\" = \
	    \"\$(wc -l <'$work/a/data/fees.csv')\" ]"
check "fees.csv holds every fee exactly" sh -c "
	grep -q '^heping-xincun,和平新村,物业服务费,0.30,' '$work/a/data/fees.csv'"
check "record.json keeps money exact" grep -q '"balance": 1064500.40' \
    "$work/a/c/heping-xincun/record.json"
check "the compound page shows money to the fen" grep -q '1,064,500.40' \
    "$work/a/c/heping-xincun/index.html"
check "phones are tel: links" grep -q 'href="tel:053100003101"' \
    "$work/a/c/heping-xincun/index.html"
check "sitemap lists compounds with absolute URLs" grep -q \
    '<loc>https://wygs.example.cn/c/heping-xincun/</loc>' \
    "$work/a/sitemap.xml"
check "the search index has every compound" sh -c "
	[ \$(grep -c '^\\[\\|^,\\[' '$work/a/search-index.json') -eq \
	    \$(find '$city/content/compounds' -name '*.yaml' | wc -l) ]"

# A failed build must leave the published site exactly as it was.
snapshot "$work/a" >"$work/before"
cp "$city/content/compounds/lixia/heping-xincun.yaml" "$work/saved.yaml"
sed -i 's/^  balance: .*/  balance: 1.00/' \
    "$city/content/compounds/lixia/heping-xincun.yaml"
"$GONGSHI" build -C "$city" -o "$work/a" >"$work/log" 2>&1
status=$?
snapshot "$work/a" >"$work/after"
if [ $status -eq 1 ] && cmp -s "$work/before" "$work/after" &&
    grep -q 'error: balance' "$work/log"; then
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
    grep -q '^layouts/compound.mustache:1:1: error: ' "$work/log"; then
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
if [ $status -eq 1 ] && grep -q "no layout named 'no-such-partial'" \
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
cp -R content layouts "$many/"
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
