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

# free_port: a loopback port the kernel just said was free (another
# program may take it first: see serve_retry).
free_port() {
	/usr/bin/python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# served URL PID: waits (up to 10 s) until the git CLI reads URL;
# fails at once when the server PID has died.
served() {
	i=0
	until git ls-remote "$1" >/dev/null 2>&1; do
		kill -0 "$2" 2>/dev/null || return 1
		i=$((i + 1))
		[ "$i" -le 100 ] || return 1
		sleep 0.1
	done
}

# serve_retry START NAME LOG...: runs START (which starts a server in
# the background, sets $server_pid, and returns 0 once it serves) up to
# five times, on new ports; after that the case NAME fails with the
# LOG files, and the group ends.
serve_retry() {
	start=$1 name=$2
	shift 2
	tries=0
	until "$start"; do
		[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
		server_pid=
		tries=$((tries + 1))
		if [ "$tries" -ge 5 ]; then
			notok "$name" "$(cat "$@" 2>/dev/null)"
			exit 1
		fi
	done
}
