#!/bin/sh
# What `make fuzz` runs, from the top of the source tree:
#
#	FUZZBIN=build-fuzz/fuzz FUZZ_SECONDS=60 sh tests/fuzz/run.sh NAME...
#
# For each harness NAME, a working corpus in build-fuzz/corpus/NAME is
# seeded from the project's own test inputs (tests/fuzz/seed.sh) and the
# saved inputs in tests/fuzz/NAME/, then the harness runs for
# FUZZ_SECONDS.  The corpus is kept between runs, so fuzzing longer is
# just running again, or with a larger FUZZ_SECONDS:
#
#	make fuzz FUZZ_SECONDS=3600
#
# A crash is written to build-fuzz/crashes/NAME-*: copy it into
# tests/fuzz/NAME/ once fixed, and `make test` replays it from then on.
# Prints executions and executions per second per harness; exits 1 if
# any harness found a crash.

set -u
: "${FUZZBIN:?set FUZZBIN to the folder of the built harnesses}"
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
mkdir -p build-fuzz/crashes build-fuzz/logs || exit 2

status=0
for name in "$@"; do
	corpus=build-fuzz/corpus/$name
	mkdir -p "$corpus" || exit 2
	sh tests/fuzz/seed.sh "$name" "$corpus" || exit 2
	[ -d "tests/fuzz/$name" ] && cp "tests/fuzz/$name"/* "$corpus/" 2>/dev/null
	dict=
	[ -f "tests/fuzz/$name.dict" ] && dict=-dict=tests/fuzz/$name.dict
	log=build-fuzz/logs/$name.log
	# As long as what each parser meets: a scalar, a layout, a record.
	case $name in
	values)		max_len=1024 ;;
	template)	max_len=16384 ;;
	*)		max_len=65536 ;;
	esac
	# shellcheck disable=SC2086
	"$FUZZBIN/fuzz_$name" -max_total_time="$FUZZ_SECONDS" -timeout=30 \
	    -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 \
	    -artifact_prefix="build-fuzz/crashes/$name-" $dict "$corpus" \
	    >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	units=$(find "$corpus" -type f | wc -l | tr -d ' ')
	if [ "$rc" -eq 0 ]; then
		printf '%-10s %12s executions %8s/s  corpus %6s  no crashes\n' \
		    "$name" "${execs:-?}" "${rate:-?}" "$units"
	else
		printf '%-10s %12s executions %8s/s  corpus %6s  FAILED (exit %s)\n' \
		    "$name" "${execs:-?}" "${rate:-?}" "$units" "$rc"
		grep -E 'ERROR|SUMMARY|property failed|bad diagnostic|Test unit written' \
		    "$log" | head -n 10 | sed 's/^/    /'
		status=1
	fi
done
exit $status
