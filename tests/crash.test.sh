#!/bin/sh
# Every way a publish can be stopped: kill -9 at chosen points and at
# random moments, Ctrl-C, a full disk, a failed rename.  After each one:
#   - the content is exactly as the user left it (publish never writes
#     it);
#   - the history is sound (git fsck --strict) and HEAD is the old
#     revision or the one new commit;
#   - once the next command has run (check, which only reads), the site
#     is wholly the old one or wholly the new one, and says which
#     (.gongshi-site);
#   - the next `gongshi publish` works and leaves the site at HEAD, the
#     index clean and no temporary folder behind; or the message says
#     exactly what to do.
# CRASH_RUNS (default 12) random kills and as many Ctrl-Cs; run with
# CRASH_RUNS=100 to try harder.  FAULTLIB (build/fault.so, from make
# test) stops gongshi at exact points; tests/fault/fault.c says how.

# gongshi runs with --lang en here: these cases read its English
# messages (tests/check.test.sh and tests/i18n.test.sh read its Chinese).
: "${GONGSHI:?GONGSHI must name the gongshi binary}"
: "${FAULTLIB:?FAULTLIB must name build/fault.so}"
for tool in git unshare; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "not ok - crash: $tool is not installed (scripts/deps.sh --test)"
		exit 0
	fi
done
RUNS=${CRASH_RUNS:-12}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
group=crash
. tests/lib.sh
git_sandbox
# The fault library is not built with sanitizers; let ASan builds load it.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS
AUTHOR="测试员 <tester@example.cn>"

# The published city every attempt starts from, and what it looks like.
base=$work/base
mkdir -p "$base"
cp -R content layouts "$base/"
(cd "$base" && "$GONGSHI" --lang en publish -m 首次公示 --author "$AUTHOR") \
    >"$work/log" 2>&1 || { echo "not ok - crash: setup"; cat "$work/log"; exit 0; }
base_head=$(git -C "$base" rev-parse HEAD)
tree "$base/site" >"$work/old-site"
sed -i 's/^    amount: 0.30$/    amount: 0.35/' \
    "$base/content/compounds/lixia/heping-xincun.yaml"
tree "$base/content" >"$work/content"

# fresh: $run is a copy of the base with one unpublished fee change.
run=$work/run
fresh() {
	rm -rf "$run" "$work/ref"
	cp -a "$base" "$run"
}

# judge NAME STATUS: the invariants after an attempt that may have been
# stopped anywhere, then the repair by the next publish.
judge() {
	name=$1
	why=
	# A site whose update was committed is finished by the next
	# command, even one that only reads (src/journal.c).
	(cd "$run" && "$GONGSHI" --lang en check) >/dev/null 2>&1
	[ "$(tree "$run/content")" = "$(cat "$work/content")" ] ||
	    why="$why content changed;"
	git -C "$run" fsck --strict >/dev/null 2>&1 || why="$why fsck failed;"
	head=$(git -C "$run" rev-parse HEAD)
	if [ "$head" != "$base_head" ] &&
	    [ "$(git -C "$run" rev-parse HEAD~1)" != "$base_head" ]; then
		why="$why HEAD is neither the old nor one new commit;"
	fi
	shown=$(sed -n 's/^revision //p' "$run/site/.gongshi-site" 2>/dev/null)
	if [ "$shown" = "$base_head" ]; then
		[ "$(tree "$run/site")" = "$(cat "$work/old-site")" ] ||
		    why="$why the site says old but is not wholly old;"
	elif [ "$shown" = "$head" ]; then
		# publish builds as of its day in Beijing time (status.c).
		day=$(date -u -d "@$(( $(date +%s) + 8 * 3600 ))" +%Y-%m-%d)
		(cd "$run" && "$GONGSHI" --lang en build --today "$day" \
		    -o "$work/ref") >/dev/null 2>&1
		[ "$(tree "$run/site")" = "$(tree "$work/ref")" ] ||
		    why="$why the site says new but is not wholly new;"
	else
		why="$why the site shows '$shown', neither old nor HEAD;"
	fi
	# The next publish mends whatever was left.
	(cd "$run" && "$GONGSHI" --lang en publish -m 再次 --author "$AUTHOR") \
	    >"$work/next.log" 2>&1 || why="$why the next publish failed;"
	head=$(git -C "$run" rev-parse HEAD)
	grep -qx "revision $head" "$run/site/.gongshi-site" &&
	    grep -qx 'content published' "$run/site/.gongshi-site" ||
	    why="$why after it the site is not at HEAD;"
	git -C "$run" show HEAD:content/compounds/lixia/heping-xincun.yaml |
	    grep -q '^    amount: 0.35$' || why="$why the change was lost;"
	# git's own index.lock is left for a person to judge (git does the
	# same); the message must then say exactly what to do.
	if [ -n "$(git -C "$run" status --porcelain 2>/dev/null)" ] &&
	    ! grep -q "If no git command is running, remove it (rm .*index.lock)" \
	    "$work/next.log"; then
		why="$why git status is not clean;"
	fi
	ls -a "$run" | grep -q 'tmp-\|\.site\.journal' &&
	    why="$why a temporary folder is left;"
	if [ -z "$why" ]; then
		ok "$name"
	else
		notok "$name" "$why"
		sed 's/^/    attempt: /' "$work/attempt.log" | tail -n 5
		sed 's/^/    next: /' "$work/next.log" | tail -n 5
	fi
}

# attempt [VAR=VALUE ...]: one publish under the fault library.
attempt() {
	(cd "$run" && env LD_PRELOAD="$FAULTLIB" "$@" "$GONGSHI" --lang en publish \
	    -m 调整物业服务费 --author "$AUTHOR") >"$work/attempt.log" 2>&1
}

# --- kill -9 and failures at the exact points that matter -------------
fresh
attempt FAULT_KILL_BEFORE=refs/heads/main
judge "kill -9 just before the branch moves"
fresh
attempt FAULT_KILL_AFTER=refs/heads/main
check "kill -9 just after the branch moves leaves the site behind" sh -c "
	grep -qx 'revision $base_head' '$run/site/.gongshi-site' &&
	[ \"\$(git -C '$run' rev-parse HEAD)\" != '$base_head' ]"
(cd "$run" && "$GONGSHI" --lang en check) >"$work/log" 2>&1
check "and the next command says so, with what to do" sh -c "
	grep -q 'behind its history' '$work/log' &&
	grep -q 'gongshi publish' '$work/log'"
judge "kill -9 just after the branch moves"
# The site is updated in place through a journal (src/journal.c): the
# second rename naming journal.new is its commit (the first writes it).
COMMIT="rename:.site.journal/journal.new FAULT_NTH=2"
fresh
attempt FAULT_KILL_BEFORE=$COMMIT
judge "kill -9 just before the site's journal is committed"
fresh
attempt FAULT_KILL_AFTER=$COMMIT
judge "kill -9 just after the site's journal is committed"
fresh
attempt FAULT_KILL_BEFORE=rename:.site.journal/s FAULT_NTH=3
judge "kill -9 while the journal is carried out"
fresh
attempt FAULT_KILL_BEFORE=rename:.site.manifest.tmp
judge "kill -9 just before the manifest is put in place"
fresh
attempt FAULT_KILL_AFTER=rename:.git/index
judge "kill -9 just after the index is written"
fresh
attempt FAULT_KILL_BEFORE=rename:.git/index
judge "kill -9 while the index is written"
check "a stale index.lock is named, with the command that removes it" grep -q \
    'If no git command is running, remove it (rm .*\.git/index\.lock)' \
    "$work/next.log"
fresh
attempt FAULT_FAIL=refs/heads/main
status=$?
check "a failed ref write: exit 2, nothing published, said so" sh -c "
	[ $status -eq 2 ] && grep -q 'nothing was published' '$work/attempt.log'"
judge "a failed ref write"
fresh
attempt FAULT_FAIL=$COMMIT
status=$?
check "a failed site swap: exit 2, saying the revision is published and what to do" sh -c "
	[ $status -eq 2 ] && grep -q 'published [0-9a-f]\\{12\\}, but' \
	    '$work/attempt.log' && grep -q 'run .gongshi publish. again' \
	    '$work/attempt.log'"
judge "a failed site swap"

# --- kill -9 and Ctrl-C at random moments ------------------------------
# How long one publish takes here, to spread the moments over it.
fresh
start=$(date +%s%N)
attempt >/dev/null 2>&1
took=$(( ($(date +%s%N) - start) / 1000000 ))
i=1
while [ "$i" -le "$RUNS" ]; do
	for sig in KILL INT; do
		fresh
		# Spread over the publish: a different moment each time.
		salt=0
		[ "$sig" = INT ] && salt=3571
		ms=$(( (i * 7919 + salt) % (took * 11 / 10 + 1) ))
		(cd "$run" && exec "$GONGSHI" --lang en publish -m 调整物业服务费 \
		    --author "$AUTHOR") >"$work/attempt.log" 2>&1 &
		pid=$!
		sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
		kill -s "$sig" "$pid" 2>/dev/null
		wait "$pid"
		judge "SIG$sig after $ms ms (of $took)"
	done
	i=$((i + 1))
done

# --- a full disk, at several points of a publish ------------------------
# A small tmpfs in a mount namespace of our own; a filler file leaves
# only so much room, so the publish runs out while writing objects, the
# index or the site.  Then the room comes back and publish must work.
cat >"$work/full.sh" <<'EOF'
# Runs in a mount namespace of its own: W work folder, B the base city.
set -u
mount -t tmpfs -o size=24m tmpfs "$W/full" || exit 3
for room in 0 8 64 256 700 1500; do
	city=$W/full/city
	rm -rf "$city" "$W/full/filler"
	cp -a "$B" "$city"
	free=$(df -k --output=avail "$W/full" | tail -n 1)
	if [ "$free" -gt "$room" ]; then
		head -c $(( (free - room) * 1024 )) /dev/zero \
		    >"$W/full/filler" 2>/dev/null
	fi
	(cd "$city" && "$GONGSHI" --lang en publish -m 满 --author "$AUTHOR") \
	    >"$W/full.$room.log" 2>&1
	echo "$?" >"$W/full.$room.status"
	git -C "$city" rev-parse HEAD >"$W/full.$room.head"
	sed -n 's/^revision //p' "$city/site/.gongshi-site" \
	    >"$W/full.$room.shown" 2>/dev/null
	(cd "$city/content" && find . -type f | LC_ALL=C sort |
	    while read -r f; do printf '%s %s\n' "$f" "$(cksum <"$f")"; done
	) >"$W/full.$room.content"
	git -C "$city" fsck --strict >/dev/null 2>&1
	echo "$?" >"$W/full.$room.fsck"
	rm -f "$W/full/filler"
	(cd "$city" && "$GONGSHI" --lang en publish -m 满 --author "$AUTHOR") \
	    >"$W/full.$room.next" 2>&1
	echo "$?" >>"$W/full.$room.status"
	h=$(git -C "$city" rev-parse HEAD)
	grep -qx "revision $h" "$city/site/.gongshi-site"
	echo "$?" >>"$W/full.$room.status"
done
umount "$W/full"
EOF
mkdir -p "$work/full"
if ! W=$work B=$base AUTHOR=$AUTHOR unshare -m sh "$work/full.sh" \
    >"$work/full.log" 2>&1; then
	notok "a full disk" "could not make a small file system:"
	sed 's/^/    /' "$work/full.log" | head -5
else
	for room in 0 8 64 256 700 1500; do
		first=$(sed -n 1p "$work/full.$room.status")
		next=$(sed -n 2p "$work/full.$room.status")
		atnext=$(sed -n 3p "$work/full.$room.status")
		head=$(cat "$work/full.$room.head")
		shown=$(cat "$work/full.$room.shown")
		why=
		cmp -s "$work/full.$room.content" "$work/content" ||
		    why="$why content changed;"
		[ "$(cat "$work/full.$room.fsck")" = 0 ] || why="$why fsck failed;"
		if [ "$first" != 0 ]; then
			grep -q 'full\|No space left' "$work/full.$room.log" ||
			    why="$why the message does not say the disk is full;"
			grep -q 'nothing was published\|publish. again\|site was left as it was\|not published' \
			    "$work/full.$room.log" ||
			    why="$why the message does not say what happened;"
		fi
		[ "$shown" = "$base_head" ] || [ "$shown" = "$head" ] ||
		    why="$why the site shows neither the old nor HEAD;"
		[ "$next" = 0 ] && [ "$atnext" = 0 ] ||
		    why="$why publishing with room again did not mend it;"
		if [ -z "$why" ]; then
			ok "a full disk with ${room} KiB free (first publish exit $first)"
		else
			notok "a full disk with ${room} KiB free" "$why"
			sed 's/^/    /' "$work/full.$room.log" | tail -n 4
			sed 's/^/    next: /' "$work/full.$room.next" | tail -n 3
		fi
	done
fi
