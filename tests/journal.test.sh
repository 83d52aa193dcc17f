#!/bin/sh
# Updating a site in place through a journal (src/journal.c, output.c):
#   - a build over a site touches only what changed, keeps the rest's
#     inode and mtime, removes what it no longer makes, and gives the
#     same bytes as a build into a new folder;
#   - the manifest beside the site is only a cache: damaged, lying or
#     missing, the output is the same; a file edited behind gongshi's
#     back is rewritten;
#   - kill -9 at every step of putting a site in place (FAULT_NTH, see
#     tests/fault/fault.c): once the next command has run, the site is
#     wholly the old one or wholly the new one, and nothing is left
#     beside it.
: "${GONGSHI:?GONGSHI must name the gongshi binary}"
: "${FAULTLIB:?FAULTLIB must name build/fault.so}"
if ! command -v git >/dev/null 2>&1; then
	echo "not ok - journal: git is not installed (scripts/deps.sh --test)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
group=journal
. tests/lib.sh
git_sandbox
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS
AUTHOR="测试员 <tester@example.cn>"
DAY=2026-11-30

g() { "$GONGSHI" --lang en "$@"; }

# state DIR: every folder, file and checksum: what "old" and "new" mean.
state() {
	(cd "$1" && find . -type d | LC_ALL=C sort &&
	    find . ! -type d -exec cksum {} + | LC_ALL=C sort)
}

# leftovers DIR: what gongshi may have left beside DIR/site, if anything.
leftovers() {
	ls -a "$1" | grep -E '^\.site\.(tmp-|journal|manifest\.tmp)' || true
}

# The published city, built as of $DAY; then an edit that changes a fee
# (files rewritten) and removes a compound (files and folders removed).
base=$work/base
mkdir -p "$base"
cp -R content layouts "$base/"
if ! (cd "$base" && g publish -m 首次公示 --author "$AUTHOR" &&
    g build --today "$DAY") >"$work/log" 2>&1; then
	echo "not ok - journal: setup"
	sed 's/^/    /' "$work/log" | tail -n 5
	exit 0
fi
state "$base/site" >"$work/old"
sed -i 's/^    amount: 0.30$/    amount: 0.35/' \
    "$base/content/compounds/lixia/heping-xincun.yaml"
rm "$base/content/compounds/licheng/xingfuyuan.yaml"
(cd "$base" && g build --today "$DAY" -o "$work/new") >"$work/log" 2>&1
state "$work/new" >"$work/new.state"

run=$work/run
fresh() {
	rm -rf "$run"
	cp -a "$base" "$run"
}

# same NAME: the site in $run is the new one, and nothing is beside it.
same() {
	why=
	state "$run/site" | cmp -s - "$work/new.state" ||
	    why="the site differs from a build into a new folder;"
	[ -z "$(leftovers "$run")" ] || why="$why left: $(leftovers "$run");"
	if [ -z "$why" ]; then
		ok "$1"
	else
		notok "$1" "$why"
		state "$run/site" | diff - "$work/new.state" | head -n 6 |
		    sed 's/^/    /'
	fi
}

# --- what a build over a site does -------------------------------------
fresh
(cd "$run/site" && find . -type f -exec stat -c '%n %i %Y' {} + |
    LC_ALL=C sort) >"$work/before"
(cd "$run" && g build --today "$DAY") >"$work/log" 2>&1
same "a build over a site gives the bytes of a build into a new folder"
check "it says how many files were unchanged" \
    grep -q 'built .*, [1-9][0-9]* unchanged' "$work/log"
# Files of the old site that the new one has with the same bytes.
(cd "$run/site" && find . -type f -exec stat -c '%n %i %Y' {} + |
    LC_ALL=C sort) >"$work/after"
kept=$(cd "$work/new" && find . -type f | LC_ALL=C sort | while read -r f; do
	[ -f "$base/site/$f" ] && cmp -s "$f" "$base/site/$f" && echo "$f"
done)
check "unchanged files keep their inode and modification time" sh -c '
	n=0
	for f in $1; do
		grep -q "^$f " "$2" || continue
		[ "$(grep "^$f " "$2")" = "$(grep "^$f " "$3")" ] || {
			echo "$f: $(grep "^$f " "$2") / $(grep "^$f " "$3")"
			exit 1
		}
		n=$((n + 1))
	done
	[ "$n" -gt 100 ]' - "$kept" "$work/before" "$work/after"
check "new files are 0644 and folders 0755" sh -c "
	[ -z \"\$(find '$run/site' -type f ! -perm 644)\" ] &&
	[ -z \"\$(find '$run/site' -type d ! -perm 755)\" ]"
check "no manifest or journal inside the published site" sh -c "
	! ls -a '$run/site' | grep -q 'manifest\\|journal'"
check "the manifest is beside the site" test -s "$run/.site.manifest"
check "git status ignores the manifest and the journal" sh -c "
	mkdir '$run/.site.journal' && : >'$run/.site.journal/s0' &&
	! git -C '$run' status --porcelain --untracked-files=all |
	    grep -q '\.site' &&
	rm -r '$run/.site.journal'"

(cd "$run/site" && find . -type f -exec stat -c '%n %i %Y %Z' {} + |
    LC_ALL=C sort) >"$work/before"
(cd "$run" && g build --today "$DAY") >"$work/log" 2>&1
(cd "$run/site" && find . -type f -exec stat -c '%n %i %Y %Z' {} + |
    LC_ALL=C sort) >"$work/after"
check "a build with nothing changed touches no file" cmp "$work/before" \
    "$work/after"

# Behind gongshi's back: a stray file, an empty folder, a page edited
# with its size and modification time kept, one edited plainly.
echo junk >"$run/site/stray.html"
mkdir -p "$run/site/empty/deeper"
f=$run/site/index.html
touch -r "$f" "$work/stamp"
sed -i '0,/<title>/s/<title>/<titlf>/' "$f"
touch -r "$work/stamp" "$f"
echo '<!-- edited -->' >>"$run/site/404.html"
(cd "$run" && g build --today "$DAY") >"$work/log" 2>&1
same "edits, stray files and empty folders behind gongshi's back are undone"

# Folders the manifest knows: one whose stat is the one it took is not
# read again, its entries taken from the manifest.  Only a folder whose
# mtime was old when listed is known so, hence the backdating.  Each
# build is given a stray file at the top to remove, so it lists.
find "$run/site" -type d -exec touch -d '2020-01-01 00:00' {} +
# The folders in area/ changed just now: named, their stat not trusted.
find "$run/site/area" -mindepth 1 -type d -exec touch {} +
echo junk >"$run/site/stray1.html"
(cd "$run" && GONGSHI_TIMING=1 g build --today "$DAY") >"$work/log" 2>&1
same "a stray file in backdated folders is removed"
echo junk >"$run/site/stray2.html"
(cd "$run" && GONGSHI_TIMING=1 g build --today "$DAY") >"$work/log" 2>&1
same "a known folder whose folders changed just before it was listed"
check "folders whose stat is the manifest's are not read again" \
    grep -q 'swap: [0-9]* folders read, [1-9][0-9]* known' "$work/log"
# Behind its back, deep in known folders: a stray file, a stray folder
# with a file, an empty folder, a file where a folder was.
d=$(cd "$run/site/c" && ls | head -n 1)
echo junk >"$run/site/c/$d/stray.html"
mkdir -p "$run/site/c/$d/extra/deeper" "$run/site/assets/empty"
echo junk >"$run/site/c/$d/extra/deeper/x.html"
echo junk >"$run/site/stray3.html"
(cd "$run" && GONGSHI_TIMING=1 g build --today "$DAY") >"$work/log" 2>&1
same "stray files and folders deep in known folders are removed"
find "$run/site" -type d -exec touch -d '2020-01-01 00:00' {} +
echo junk >"$run/site/stray4.html"
(cd "$run" && g build --today "$DAY") >"$work/log" 2>&1
rm -rf "$run/site/c/$d"
echo junk >"$run/site/c/$d"
(cd "$run" && g build --today "$DAY") >"$work/log" 2>&1
same "a file where a known folder was is replaced by the folder"

# The manifest is a cache: damaged, lying or gone, the bytes decide.
sed -i '2s/^[0-9a-f]/-/; 3s/ [0-9]* / 7 /; $d' "$run/.site.manifest"
printf 'junk\n' >>"$run/.site.manifest"
echo '<!-- edited -->' >>"$run/site/index.html"
(cd "$run" && g build --today "$DAY") >"$work/log" 2>&1
same "a damaged manifest gives the same site"
# A manifest saying another file's hash for a file it knows the stat of.
h=$(sed -n '3p' "$run/.site.manifest" | cut -d' ' -f1)
sed -i "4s/^[0-9a-f-]* /$h /" "$run/.site.manifest"
(cd "$run" && g build --today "$DAY") >"$work/log" 2>&1
same "a manifest with a wrong hash gives the same site"
check "and is mended" sh -c "
	! sed -n 4p '$run/.site.manifest' | grep -q '^$h '"
rm "$run/.site.manifest"
echo '<!-- edited -->' >>"$run/site/index.html"
(cd "$run" && g build --today "$DAY") >"$work/log" 2>&1
same "no manifest gives the same site"
check "and a manifest is written again" test -s "$run/.site.manifest"

# What a killed run left, uncommitted: thrown away by the next writer.
mkdir "$run/.site.journal"
echo half >"$run/.site.journal/s0"
printf 'gongshi-journal 1\nR 0 index.html\nend\n' \
    >"$run/.site.journal/journal.new"
(cd "$run" && g build --today "$DAY") >"$work/log" 2>&1
same "an uncommitted journal is thrown away"
check "and the next build says so" grep -q 'removed the unfinished update' \
    "$work/log"

# --- kill -9 at every step of putting the site in place ----------------
# Every rename, unlink and rmdir in the city, in turn: the staged
# manifest and journal, the commit, each removal and move, the manifest.
# The first four (up to just after the commit) always, then every
# JOURNAL_STRIDE-th (4; 1 tries all, some 60 on the demo city).
stride=${JOURNAL_STRIDE:-4}
n=1
old=0 new=0 bad=0 tried=0
while [ "$n" -le 400 ]; do
	if [ "$n" -gt 4 ] && [ $((n % stride)) -ne 0 ]; then
		n=$((n + 1))
		continue
	fi
	tried=$((tried + 1))
	fresh
	(cd "$run" && exec env LD_PRELOAD="$FAULTLIB" \
	    FAULT_KILL_BEFORE="$run/" FAULT_NTH="$n" "$GONGSHI" --lang en \
	    build --today "$DAY") >"$work/attempt.log" 2>&1
	status=$?
	[ "$status" -eq 0 ] && break	# no n-th step: it finished
	# A command that only reads finishes a committed update.
	(cd "$run" && g check) >"$work/next.log" 2>&1
	now=$(state "$run/site")
	if [ "$now" = "$(cat "$work/old")" ]; then
		old=$((old + 1))
	elif [ "$now" = "$(cat "$work/new.state")" ]; then
		new=$((new + 1))
	else
		bad=$((bad + 1))
		notok "kill -9 before step $n" "after check the site is " \
		    "neither wholly old nor wholly new (exit $status)"
		state "$run/site" | diff - "$work/new.state" | head -n 6 |
		    sed 's/^/    /'
		sed 's/^/    next: /' "$work/next.log" | tail -n 3
	fi
	if [ -n "$(leftovers "$run")" ]; then
		bad=$((bad + 1))
		notok "kill -9 before step $n" "left: $(leftovers "$run")"
	fi
	(cd "$run" && g build --today "$DAY") >"$work/next.log" 2>&1
	state "$run/site" | cmp -s - "$work/new.state" || {
		bad=$((bad + 1))
		notok "kill -9 before step $n" "the next build is not the new site"
	}
	n=$((n + 1))
done
if [ "$bad" -eq 0 ] && [ "$old" -gt 0 ] && [ "$new" -gt 0 ] &&
    [ "$status" -eq 0 ]; then
	ok "kill -9 before $((tried - 1)) steps of putting the site in place: old $old times, new $new times, then mended"
elif [ "$bad" -eq 0 ]; then
	notok "kill -9 at every step" "old $old, new $new, last exit $status"
fi
