#!/bin/sh
# Runs every test group and prints one closing line "N passed, M failed".
#
# A group is a compiled program in $TESTBIN (from tests/NAME.c) or a
# script tests/NAME.test.sh.  Each prints one line per case:
#   ok - description
#   not ok - description      (then any detail lines, indented)
#   skip - description
# Groups run from the top of the source tree under TZ=UTC LC_ALL=C.UTF-8.

TZ=UTC
LC_ALL=C.UTF-8
export TZ LC_ALL GONGSHI TESTBIN FAULTLIB SAN

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT

passed=0 failed=0 skipped=0
run_group() {
	name=$1
	shift
	# A group that hangs fails after GROUP_TIMEOUT seconds, instead of
	# holding the whole run (and CI) for ever.
	timeout -k 10 "${GROUP_TIMEOUT:-1200}" "$@" >"$log" 2>&1
	status=$?
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		echo "not ok - $name did not finish in ${GROUP_TIMEOUT:-1200} s" \
		    >>"$log"
	fi
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	s=$(grep -c '^skip ' "$log")
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		# A group that dies without saying why is one failure.
		echo "not ok - $name exited with status $status" >>"$log"
		f=1
	fi
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	printf '%-28s %4d passed %3d failed %3d skipped\n' "$name" "$p" "$f" "$s"
	if [ "$f" -ne 0 ]; then
		grep -A20 '^not ok ' "$log" | sed 's/^/    /' | head -200
	fi
}

for t in "$TESTBIN"/*; do
	[ -x "$t" ] || continue
	run_group "$(basename "$t")" "$t"
done
for t in tests/*.test.sh; do
	[ -f "$t" ] || continue
	run_group "$(basename "$t" .test.sh)" sh "$t"
done

if [ "$skipped" -ne 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
