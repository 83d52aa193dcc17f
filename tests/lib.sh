# Helpers for the shell test groups, sourced after setting $group (the
# prefix of every case) and $work (a scratch folder).

ok() { echo "ok - $group: $1"; }
notok() {
	echo "not ok - $group: $1"
	shift
	for l in "$@"; do
		echo "    $l"
	done
}

# check NAME COMMAND...: one case from a command's exit status, with
# its output shown when it fails.
check() {
	name=$1
	shift
	if "$@" >"$work/check.out" 2>&1; then
		ok "$name"
	else
		notok "$name"
		sed 's/^/    /' "$work/check.out" | head -30
	fi
}

# Every file of a site with its bytes' checksum and its mtime.
snapshot() {
	(cd "$1" && find . -type f | sort | while read -r f; do
		printf '%s %s %s\n' "$f" "$(cksum <"$f")" "$(stat -c %Y "$f")"
	done)
}
