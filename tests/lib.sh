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

# git_sandbox: no user or system git configuration may leak into a test
# (every author is given); HOME becomes $work/home.
git_sandbox() {
	HOME=$work/home
	XDG_CONFIG_HOME=$work/home/.config
	GIT_CONFIG_NOSYSTEM=1
	export HOME XDG_CONFIG_HOME GIT_CONFIG_NOSYSTEM
	mkdir -p "$HOME"
}

# tree DIR: every file and link under DIR with its checksum or target,
# sorted: what "untouched", "wholly old" and "wholly new" compare.
tree() {
	(cd "$1" && find . \( -type f -o -type l \) | LC_ALL=C sort |
	while read -r f; do
		if [ -L "$f" ]; then
			printf '%s -> %s\n' "$f" "$(readlink "$f")"
		else
			printf '%s %s\n' "$f" "$(cksum <"$f")"
		fi
	done)
}
