#!/bin/sh
# Makes bench/out/hist: the synthetic city as a git repository with
# 1,000 revisions (the first with everything, then 999 that each change
# one record), using git fast-import so that it takes seconds.
#   sh bench/history.sh CITY OUT [REVISIONS]
# With GONGSHI set, the first revision is that program's publish, as a
# city's first publication is: its personal mobiles sealed into the
# private book, so that later revisions change records as they are
# published (the synthetic city has mobiles; without it, the first
# publish after these revisions seals every record at once).
set -eu
city=$(cd "$1" && pwd)
mkdir -p "$(dirname "$2")"
out=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
revs=${3:-1000}

rm -rf "$out" "$out.tmp"
mkdir -p "$out.tmp"
cp -R "$city/content" "$city/layouts" "$out.tmp/"
cd "$out.tmp"
git init -q -b main .
printf '/site/\n' >>.git/info/exclude
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.cn
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.cn
export GIT_AUTHOR_DATE='1767225600 +0800' GIT_COMMITTER_DATE='1767225600 +0800'
if [ -n "${GONGSHI:-}" ]; then
	site=$(mktemp -d)
	"$GONGSHI" publish -C . --lang en --quiet --all -m "revision 1" \
	    --author "bench <bench@example.cn>" --date 2026-01-01T08:00 \
	    -o "$site/site" >"$site/log" 2>&1 || { tail -n 5 "$site/log"; exit 2; }
	rm -rf "$site" .gongshi
	git add -A layouts
	git diff --cached --quiet || git commit -q -m "layouts"
else
	git add -A content layouts
	git commit -q -m "revision 1"
fi
find content/compounds -name '*.yaml' | sort >../files.list
n=$(wc -l <../files.list)
i=2
t=1767225600
{
	while [ "$i" -le "$revs" ]; do
		f=$(sed -n "$(( (i * 7919) % n + 1 ))p" ../files.list)
		t=$((t + 3600))
		d=$(printf '%02d' $((i % 28 + 1)))
		body=$(sed "s/^data_as_of: .*/data_as_of: 2026-10-$d/" "$f")
		printf 'commit refs/heads/main\n'
		printf 'committer bench <bench@example.cn> %s +0800\n' "$t"
		printf 'data <<EOM\nrevision %s\nEOM\n' "$i"
		[ "$i" -eq 2 ] && printf 'from refs/heads/main^0\n'
		printf 'M 100644 inline %s\ndata <<EOD\n%s\nEOD\n\n' "$f" "$body"
		i=$((i + 1))
	done
} | git fast-import --quiet
git reset -q --hard main
rm -f ../files.list
mv "$out.tmp" "$out"
