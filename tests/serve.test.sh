#!/bin/sh
# gongshi serve, over real HTTP with curl on a free loopback port: the
# preview folder equals a build, types, 304s, HEAD, 405, redirects and
# 404s, path traversal and links out of the preview refused, live
# reload after an edit (also in a new folder, also saved by rename),
# the error page for content and layout errors and back, and Ctrl-C.
# Waits are polls with a deadline, never a fixed sleep.

: "${GONGSHI:?GONGSHI must name the gongshi binary}"
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
group=serve
. tests/lib.sh

if ! command -v curl >/dev/null 2>&1; then
	echo "skip - $group: curl is not installed"
	exit 0
fi

city=$work/city
mkdir -p "$city"
cp -R content layouts "$city/"
git_sandbox
git init -q "$city"
rec=$city/content/compounds/lixia/heping-xincun.yaml

# until SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds,
# or fails after SECONDS.
until_ok() {
	limit=$(( $1 * 10 ))
	shift
	i=0
	while [ "$i" -lt "$limit" ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# get PATH [curl options...]: the body, to standard output.
get() {
	p=$1
	shift
	curl -s --path-as-is -m 30 "$@" "$url${p#/}"
}
# code PATH [curl options...]: the status and the content type.
code() {
	p=$1
	shift
	curl -s --path-as-is -m 30 -o /dev/null \
	    -w '%{http_code} %{content_type}' "$@" "$url${p#/}"
}
gen() { get /__gongshi/wait | tr -d '\n'; }
has_url() { grep -q 'http://127\.0\.0\.1:[0-9][0-9]*/' "$work/log"; }

"$GONGSHI" serve -C "$city" --port 0 >"$work/log" 2>&1 &
pid=$!
if until_ok 30 has_url; then
	ok "prints the address it serves"
else
	notok "prints the address it serves" "$(cat "$work/log")"
	exit 1
fi
url=$(grep -o 'http://127\.0\.0\.1:[0-9][0-9]*/' "$work/log" | head -1)
port=${url#http://127.0.0.1:}
port=${port%/}
built() { [ "$(gen)" != 0 ]; }
check "builds the preview" until_ok 60 built

# The preview is what `gongshi build` writes, byte for byte; no site/.
"$GONGSHI" build -C "$city" -o "$work/ref" >/dev/null 2>&1
check "the preview folder equals a build's" \
    diff -r "$work/ref" "$city/.gongshi/preview"
check "the published site/ is not written" test ! -e "$city/site"
check "git ignores the preview" git -C "$city" check-ignore -q .gongshi/preview

# Types.
for pair in "/ text/html; charset=utf-8" \
    "/index.html text/html; charset=utf-8" \
    "/assets/style.css text/css; charset=utf-8" \
    "/search-index.json application/json; charset=utf-8" \
    "/data/compounds.csv text/csv; charset=utf-8" \
    "/sitemap.xml application/xml; charset=utf-8" \
    "/assets/favicon.svg image/svg+xml; charset=utf-8"; do
	p=${pair%% *}
	want="200 ${pair#* }"
	got=$(code "$p")
	if [ "$got" = "$want" ]; then
		ok "$p: $want"
	else
		notok "$p: $want" "got $got"
	fi
done
x=$(cd "$city/.gongshi/preview" && find . -name '*.xlsx' | head -1)
check "an .xlsx is a spreadsheet" sh -c "[ \"\$(curl -s -o /dev/null \
    -w '%{content_type}' '$url${x#./}')\" = \
    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet ]"
x=$(cd "$city/.gongshi/preview" && find . -name '*.pdf' | head -1)
if [ -n "$x" ]; then
	check "a .pdf is application/pdf" sh -c "[ \"\$(curl -s -o /dev/null \
	    -w '%{content_type}' '$url${x#./}')\" = application/pdf ]"
fi
check "a non-HTML file is sent as built" sh -c \
    "curl -s '${url}assets/style.css' | cmp -s - '$city/.gongshi/preview/assets/style.css'"

# HTML gets the reload script as it is sent, never in the folder.
check "pages get the reload script" sh -c \
    "curl -s '$url' | grep -q '/__gongshi/wait'"
check "the preview folder has no reload script" sh -c \
    "! grep -rq '__gongshi' '$city/.gongshi/preview'"
check "the page is the built page plus the script" sh -c \
    "curl -s '$url' | sed '/^<script>\\/\\* gongshi serve/,/^<\\/script>\$/d' |
    cmp -s - '$city/.gongshi/preview/index.html'"

# Revalidation and HEAD.
etag=$(curl -s -D - -o /dev/null "$url" | tr -d '\r' |
    sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
check "pages have an ETag" test -n "$etag"
check "If-None-Match gives 304" sh -c \
    "[ \"\$(curl -s -o /dev/null -w '%{http_code}' \
    -H 'If-None-Match: $etag' '$url')\" = 304 ]"
check "another ETag gives 200" sh -c \
    "[ \"\$(curl -s -o /dev/null -w '%{http_code}' \
    -H 'If-None-Match: \"nope\"' '$url')\" = 200 ]"
lm=$(curl -s -D - -o /dev/null "${url}assets/style.css" | tr -d '\r' |
    sed -n 's/^[Ll]ast-[Mm]odified: //p')
check "files have a Last-Modified" test -n "$lm"
check "If-Modified-Since gives 304" sh -c \
    "[ \"\$(curl -s -o /dev/null -w '%{http_code}' \
    -H 'If-Modified-Since: $lm' '${url}assets/style.css')\" = 304 ]"
check "an older If-Modified-Since gives 200" sh -c \
    "[ \"\$(curl -s -o /dev/null -w '%{http_code}' \
    -H 'If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT' \
    '${url}assets/style.css')\" = 200 ]"
head=$(curl -s -I "${url}assets/style.css" | tr -d '\r')
len=$(echo "$head" | sed -n 's/^[Cc]ontent-[Ll]ength: //p')
size=$(wc -c <"$city/.gongshi/preview/assets/style.css")
if echo "$head" | grep -q '^HTTP/1.1 200' && [ "$len" = "$size" ] &&
    [ "$(curl -s -X HEAD -m 5 "${url}assets/style.css" 2>/dev/null | wc -c)" = 0 ]
then
	ok "HEAD: 200, the length, no body"
else
	notok "HEAD: 200, the length, no body" "$head"
fi

# Only GET and HEAD.
for m in POST PUT DELETE OPTIONS; do
	h=$(curl -s -D - -o /dev/null -X "$m" -d x "$url" | tr -d '\r')
	if echo "$h" | grep -q '^HTTP/1.1 405' &&
	    echo "$h" | grep -q '^Allow: GET, HEAD'; then
		ok "$m: 405 with Allow"
	else
		notok "$m: 405 with Allow" "$h"
	fi
done

# Folders and missing files.
h=$(curl -s -D - -o /dev/null "${url}c/heping-xincun" | tr -d '\r')
if echo "$h" | grep -q '^HTTP/1.1 301' &&
    echo "$h" | grep -q '^Location: /c/heping-xincun/$'; then
	ok "a folder without its / is redirected to it"
else
	notok "a folder without its / is redirected to it" "$h"
fi
check "a folder serves its index.html" sh -c \
    "[ \"\$(curl -s -o /dev/null -w '%{http_code}' \
    '${url}c/heping-xincun/')\" = 200 ]"
check "a missing page: 404" sh -c \
    "[ \"\$(curl -s -o /dev/null -w '%{http_code}' '${url}no/such/page')\" \
    = 404 ]"
check "a missing page shows the site's 404.html" sh -c \
    "curl -s '${url}no/such/page' | grep -q '页面未找到'"

# Traversal: nothing outside the preview folder, however asked.
echo SECRET-BYTES-1 >"$city/.gongshi/secret.txt"
echo SECRET-BYTES-2 >"$city/secret.txt"
ln -s "$city/secret.txt" "$city/.gongshi/preview/leak.txt"
ln -s "$city" "$city/.gongshi/preview/leakdir"
ln -s ../secret.txt "$city/.gongshi/preview/assets/rel.txt"
for p in /../secret.txt /../../secret.txt /c/../../secret.txt \
    /%2e%2e/secret.txt /%2E%2E/%2E%2E/secret.txt /%2e%2e%2fsecret.txt \
    /%2E%2E%2F%2E%2E%2Fsecret.txt /..%2fsecret.txt /..%2F..%2Fsecret.txt \
    /%252e%252e/secret.txt /%252e%252e%252fsecret.txt /.%2e/secret.txt \
    '/..\secret.txt' '/%5c..%5csecret.txt' /%00 /index.html%00.png \
    '//etc/passwd' /etc/passwd /leak.txt /leakdir/secret.txt \
    /leakdir/.gongshi/secret.txt /assets/rel.txt /leakdir/ /leakdir; do
	out=$(curl -s --path-as-is -m 10 -D "$work/h" "$url${p#/}")
	st=$(head -1 "$work/h" | tr -d '\r' | cut -d' ' -f2)
	case "$st:$out" in
	*SECRET-BYTES*|*root:*)
		notok "$p is refused" "status $st, and the file's bytes" ;;
	400:*|404:*)
		ok "$p is refused ($st)" ;;
	*)
		notok "$p is refused" "status $st" ;;
	esac
done
rm -f "$city/.gongshi/preview/leak.txt" "$city/.gongshi/preview/leakdir" \
    "$city/.gongshi/preview/assets/rel.txt"

# Live reload: a waiting request answers after an edit, and the page
# has the new text.
g=$(gen)
curl -s -m 30 "${url}__gongshi/wait?gen=$g" >"$work/wait" &
waiter=$!
sleep 0.2	# lets the request arrive; the answer is polled below
sed -i 's/^name: 和平新村$/name: 和平新村改名/' "$rec"
answered() { ! kill -0 "$waiter" 2>/dev/null; }
if until_ok 10 answered && [ -s "$work/wait" ] &&
    [ "$(tr -d '\n' <"$work/wait")" != "$g" ]; then
	ok "an edit answers the waiting reload request"
else
	notok "an edit answers the waiting reload request" \
	    "gen $g, answer $(cat "$work/wait")"
fi
wait "$waiter" 2>/dev/null
renamed() { get /c/heping-xincun/ | grep -q 和平新村改名; }
check "the page shows the edit" until_ok 10 renamed
check "the preview still equals a build after the edit" sh -c \
    "'$GONGSHI' build -C '$city' -o '$work/ref2' >/dev/null 2>&1 &&
    diff -r '$work/ref2' '$city/.gongshi/preview'"

# An editor that saves by writing a new file and renaming it.
sed 's/^name: 和平新村改名$/name: 和平新村再改/' "$rec" >"$work/new.yaml"
mv "$work/new.yaml" "$city/content/compounds/lixia/.heping.tmp"
mv "$city/content/compounds/lixia/.heping.tmp" "$rec"
again() { get /c/heping-xincun/ | grep -q 和平新村再改; }
check "a save by rename is seen" until_ok 10 again

# A folder made while serving is watched too.
mkdir "$city/content/compounds/newarea"
sed 's/^id: heping-xincun$/id: heping-erqi/' "$rec" \
    >"$city/content/compounds/newarea/heping-erqi.yaml"
fresh() { [ "$(code /c/heping-erqi/)" = "200 text/html; charset=utf-8" ]; }
check "a record in a new folder is built" until_ok 10 fresh
sed -i 's/^name: 和平新村再改$/name: 和平二期/' \
    "$city/content/compounds/newarea/heping-erqi.yaml"
second() { get /c/heping-erqi/ | grep -q 和平二期; }
check "an edit in the new folder is seen" until_ok 10 second

# Errors: every page shows them with path:line:col, then the site again.
cp "$rec" "$work/good.yaml"
sed -i 's/^  households: .*/  households: <i>很多<\/i>/' "$rec"
line=$(grep -n '^  households:' "$rec" | cut -d: -f1)
where="content/compounds/lixia/heping-xincun.yaml:$line:15:"
broken() { get /c/heping-xincun/ | grep -qF "$where"; }
if until_ok 10 broken; then
	ok "an invalid record: the page lists it with path:line:col"
else
	notok "an invalid record: the page lists it with path:line:col" \
	    "$(get /c/heping-xincun/ | head -40)"
fi
check "every page shows the errors" sh -c \
    "curl -s '${url}departments/' | grep -qF '$where'"
check "the error page escapes what it quotes" sh -c \
    "curl -s '$url' | grep -qF '&lt;i&gt;很多&lt;/i&gt;' &&
    ! curl -s '$url' | grep -qF '<i>很多'"
check "the error page reloads itself" sh -c \
    "curl -s '$url' | grep -q '/__gongshi/wait'"
check "the error page is not cached" sh -c \
    "curl -s -D - -o /dev/null '$url' | grep -qi '^Cache-Control: no-store'"
"$GONGSHI" check -C "$city" 2>&1 | grep -F "$where" >"$work/msg"
check "the message is the one check prints" sh -c \
    "test -s '$work/msg' && curl -s '$url' | sed 's/<[^>]*>//g' |
    sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/\"/g; s/&#39;/'\\''/g; s/&amp;/\\&/g' |
    grep -qxF -f '$work/msg'"
cp "$work/good.yaml" "$rec"
fixed() { get /c/heping-xincun/ | grep -q 和平新村再改; }
check "fixed: the site again" until_ok 10 fixed

# A layout error likewise.
cp "$city/layouts/404.mustache" "$work/404.mustache"
echo '{{#oops}}' >>"$city/layouts/404.mustache"
lbroken() { get / | grep -q 'layouts/404.mustache:[0-9]*:[0-9]*:'; }
check "a layout error: the page lists it" until_ok 10 lbroken
cp "$work/404.mustache" "$city/layouts/404.mustache"
lfixed() { get / | grep -q '__gongshi' && ! get / | grep -q 'layouts/404'; }
check "layout fixed: the site again" until_ok 10 lfixed

# Options.
"$GONGSHI" serve -C "$city" --port "$port" >"$work/busy" 2>&1
check "a port in use: exit 2" test $? -eq 2
"$GONGSHI" serve -C "$city" --port 99999 >"$work/bad" 2>&1
check "a bad port: exit 2" test $? -eq 2
"$GONGSHI" serve -C "$city" --bind nowhere >"$work/bad" 2>&1
check "a bad address: exit 2" test $? -eq 2

# Ctrl-C: stops, exit 0, the port is free.
kill -INT "$pid"
gone() { ! kill -0 "$pid" 2>/dev/null; }
if until_ok 10 gone; then
	wait "$pid"
	status=$?
	pid=
	check "Ctrl-C stops it with status 0" test "$status" -eq 0
else
	notok "Ctrl-C stops it with status 0" "still running"
fi
curl -s -m 5 "$url" >/dev/null 2>&1
check "the port is free afterwards" test $? -eq 7
check "nothing is left beside the preview" sh -c \
    "! ls -a '$city/.gongshi' | grep -q '\\.tmp-'"
