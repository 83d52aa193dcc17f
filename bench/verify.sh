#!/bin/sh
# Times `gongshi verify` on a signed history: the synthetic city as a
# repository of REVISIONS revisions, the first unsigned (before
# parties.yaml), the second adding parties.yaml signed by the city's
# key, then one record changed per revision, each signed (by git
# commit-tree -S, as git signs with SSH keys) by a district party whose
# areas cover every compound.  Keys are made in a temporary folder.
#
#	GONGSHI=/abs/gongshi sh bench/verify.sh CITY OUT [REVISIONS]
#
# CITY is a city bench/gencity made (bench/out/city-10000 after
# `make bench`, or `build/bench/gencity -n 10000 DIR`).  Prints the
# wall time of verify over the whole history and its last line.
#
# Measured 2026-11-30 on the shared 2-core machine, 10,000 compounds,
# 1,001 revisions (975 changing content): 14.9 s (36.6 s before the
# checks were started with posix_spawn instead of fork; without
# ssh-keygen's own time, 200 revisions take 1.3 s).
#
# Then times two builds of the site, which shows every revision's
# verdict.  Measured 2026-12-01, 1,000 compounds, 1,001 revisions:
# verify 16.6 s; the first build (every signature checked) 28.4 s; the
# second (the 1,001 verdicts remembered in .gongshi/signatures) 4.7 s.
set -eu
: "${GONGSHI:?set GONGSHI to the gongshi binary}"
city=$(cd "$1" && pwd)
out=$2
revs=${3:-1000}
top=$(cd "$(dirname "$0")/.." && pwd)

[ -d "$city/layouts" ] || cp -R "$top/layouts" "$city/"
sh "$top/bench/history.sh" "$city" "$out.unsigned" "$revs"
. "$top/tests/lib/keys.sh"
keys=$(mktemp -d)
trap 'rm -rf "$keys"' EXIT
make_keys "$keys" city district
areas=$(grep -o '^  - code: "[0-9]*"' "$city/content/areas.yaml" |
    grep -o '[0-9]*' | sed 's/.*/"&"/' | paste -sd, -)
{
	echo "parties:"
	party shi 示例市住建局 市 "$keys/city.pub"
	party qu 示例区住建局 区县 "$keys/district.pub" areas "[$areas]"
} >"$keys/parties.yaml"

rm -rf "$out"
git clone -q "$out.unsigned" "$out"
cd "$out"
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.cn
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.cn
git config gpg.format ssh
# Re-sign the history: the first revision as it is, then parties.yaml
# added to every later tree.
first=$(git rev-list --max-parents=0 HEAD)
pblob=$(git hash-object -w "$keys/parties.yaml")
head=$first
key=city
git rev-list --reverse HEAD | tail -n +2 | while read -r c; do
	rm -f .git/index.tmp
	GIT_INDEX_FILE=.git/index.tmp git read-tree "$c"
	GIT_INDEX_FILE=.git/index.tmp git update-index --add --cacheinfo \
	    "100644,$pblob,content/parties.yaml"
	tree=$(GIT_INDEX_FILE=.git/index.tmp git write-tree)
	if [ "$head" = "$first" ]; then	# parties.yaml alone, by the city
		base=$(git rev-parse "$first^{tree}")
		rm -f .git/index.tmp
		GIT_INDEX_FILE=.git/index.tmp git read-tree "$base"
		GIT_INDEX_FILE=.git/index.tmp git update-index --add \
		    --cacheinfo "100644,$pblob,content/parties.yaml"
		ptree=$(GIT_INDEX_FILE=.git/index.tmp git write-tree)
		head=$(git -c user.signingKey="$keys/city" commit-tree -S \
		    "$ptree" -p "$head" -m "设立发布单位")
	fi
	head=$(git -c user.signingKey="$keys/district" commit-tree -S \
	    "$tree" -p "$head" -m "$(git log -1 --format=%s "$c")")
	echo "$head" >.git/bench-head
done
rm -f .git/index.tmp
git update-ref refs/heads/main "$(cat .git/bench-head)"
git reset -q --hard main
rm -rf "$out.unsigned"
echo "revisions: $(git rev-list --count HEAD)"
start=$(date +%s.%N)
"$GONGSHI" --lang en verify --trust "$keys/city.pub" >"$keys/verify.out" 2>&1 ||
    { cat "$keys/verify.out"; exit 1; }
end=$(date +%s.%N)
tail -n 1 "$keys/verify.out"
echo "verify: $(echo "$end - $start" | bc) s"

# The site shows every revision's verdict: the first build checks each
# signature (remembered in .gongshi/signatures), a second one only
# reads them back.
rm -f .gongshi/signatures
for run in "first build (every signature checked)" \
    "second build (verdicts remembered)"; do
	start=$(date +%s.%N)
	"$GONGSHI" --lang en build --quiet --no-cache -o "$keys/site" \
	    >"$keys/build.out" 2>&1 || { cat "$keys/build.out"; exit 1; }
	end=$(date +%s.%N)
	echo "$run: $(echo "$end - $start" | bc) s"
done
echo "verdicts remembered: $(($(wc -l <.gongshi/signatures) - 1))"
