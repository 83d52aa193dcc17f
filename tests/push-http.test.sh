#!/bin/sh
# publish --push over HTTP with a login, as offices push to a central
# repository over HTTPS with a user name and a password (or token).
# The bare central repository, with the gongshi hook, is served by git
# http-backend behind lighttpd on loopback, with HTTP basic auth.
# lighttpd decodes chunked request bodies for CGI (libgit2 sends its
# pushes chunked; python3's http.server does not decode them).  The
# credentials come from the URL or from git's own credential helpers
# (`git credential fill`), in a temporary HOME.
: "${GONGSHI:?GONGSHI must name the gongshi binary}"
. tests/lib/keys.sh
need_tools push-http git ssh-keygen timeout /usr/bin/python3
work=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
group=push-http
. tests/lib.sh
git_sandbox

# The web server and git's CGI program are what this group judges
# with: missing, the group fails (scripts/deps.sh --test installs them).
lighttpd=$(command -v lighttpd || echo /usr/sbin/lighttpd)
backend=$(git --exec-path)/git-http-backend
for tool in "$lighttpd" "$backend"; do
	if [ ! -x "$tool" ]; then
		notok "$tool is installed (sh scripts/deps.sh --test)"
		exit 1
	fi
done

LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}
export LSAN_OPTIONS

keys=$work/keys
make_keys "$keys" city wuye yewei
city=$work/city
mkdir -p "$city"
cp -R content layouts "$city/"
test_parties "$keys" >"$city/content/parties.yaml"

mkdir -p "$work/srv"
git init -q --bare -b main "$work/srv/central.git"
"$GONGSHI" --lang en hook install --trust "$keys/city.pub" \
    "$work/srv/central.git" >"$work/out" 2>&1 ||
    notok "hook install" "$(cat "$work/out")"
printf 'office:s3cret\n' >"$work/users"

# serve: lighttpd on a port the kernel just said was free; another
# program may take it first, so a server that dies is tried again.
# Every request's header is logged (error.log).
serve() {
	port=$(free_port)
	cat >"$work/lighttpd.conf" <<CONF
server.document-root = "$work/srv"
server.bind = "127.0.0.1"
server.port = $port
server.modules = ("mod_alias", "mod_auth", "mod_authn_file", "mod_cgi",
    "mod_setenv")
server.errorlog = "$work/error.log"
debug.log-request-header = "enable"
alias.url = ("/git" => "$backend")
\$HTTP["url"] =~ "^/git" {
	cgi.assign = ("" => "")
	setenv.set-environment = ("GIT_PROJECT_ROOT" => "$work/srv",
	    "GIT_HTTP_EXPORT_ALL" => "", "HOME" => "$work/home",
	    "GIT_CONFIG_NOSYSTEM" => "1")
}
auth.backend = "plain"
auth.backend.plain.userfile = "$work/users"
auth.require = ("/git" => ("method" => "basic", "realm" => "central",
    "require" => "valid-user"))
CONF
	"$lighttpd" -D -f "$work/lighttpd.conf" >"$work/server.log" 2>&1 &
	server_pid=$!
	base=http://127.0.0.1:$port/git
	url=$base/central.git
	served "http://office:s3cret@127.0.0.1:$port/git/central.git" \
	    "$server_pid"
}
serve_retry serve "lighttpd serves the central repository over HTTP" \
    "$work/server.log" "$work/error.log"
ok "lighttpd serves the central repository over HTTP, with a login"
goodurl=http://office:s3cret@127.0.0.1:$port/git/central.git
badurl=http://office:wrong@127.0.0.1:$port/git/central.git

yz=content/compounds/lixia/yanzishan-xiaoqu.yaml
hp=content/compounds/lixia/heping-xincun.yaml

remote_main() {
	git -C "$work/srv/central.git" rev-parse -q --verify refs/heads/main
}
# pub DIR WHO REMOTE -m MESSAGE: publish --push with no terminal, in
# Chinese (the default), said into $work/out.
pub() {
	dir=$1 who=$2 remote=$3
	shift 3
	(cd "$dir" && "$GONGSHI" publish --all \
	    --author "$who <$who@example.cn>" --sign-key "$keys/$who" \
	    --push "$remote" "$@") >"$work/out" 2>&1 </dev/null
}
# landed: the central main is this folder's HEAD, as git sees it.
landed() {
	[ "$(git ls-remote "$goodurl" refs/heads/main | cut -f 1)" = \
	    "$(git -C "$1" rev-parse HEAD)" ]
}

pub "$city" city "$goodurl" -m "设立发布单位，首次公示"; got=$?
landed "$city" || got=99
expect "publish --push over HTTP, the password in the URL: lands" 0
# A wrong password: refused, said in Chinese; the revision stays here.
sed -i 's/^    amount: 0.55$/    amount: 0.60/' "$city/$yz"
before=$(remote_main)
pub "$city" wuye "$badurl" -m "调整物业服务费"; got=$?
[ "$(remote_main)" = "$before" ] || got=99
[ "$(git -C "$city" log -1 --format=%s)" = "调整物业服务费" ] || got=98
grep -q "amount: 0.60" "$city/$yz" || got=97
grep -q "office:wrong" "$work/out" && got=96
expect "a wrong password in the URL: refused in Chinese, the revision kept" 2 \
    "拒绝了登录" "用户名或密码"

# git's credential helper: a store file in this HOME; the remote's URL
# carries no login.
git -C "$city" remote add central "$url"
git config --global credential.helper store
printf 'http://office:s3cret@127.0.0.1%%3a%s\n' "$port" \
    >"$HOME/.git-credentials"
pub "$city" wuye central -m "再次推送"; got=$?
landed "$city" || got=99
expect "publish --push with the login from git's credential store: lands" 0 \
    "推送到"

# A wrong password in the store: refused, and git's helper told (git
# credential reject takes it out of the store).
printf 'http://office:old@127.0.0.1%%3a%s\n' "$port" >"$HOME/.git-credentials"
sed -i 's/^    amount: 0.60$/    amount: 0.61/' "$city/$yz"
before=$(remote_main)
pub "$city" wuye central -m "旧密码"; got=$?
[ "$(remote_main)" = "$before" ] || got=99
[ "$(git -C "$city" log -1 --format=%s)" = "旧密码" ] || got=98
grep -q "office:old" "$HOME/.git-credentials" && got=97
expect "a stale password in git's store: refused, the store told, the revision kept" 2 \
    "拒绝了登录"

# No helper knows a login.  A terminal is there, with someone at it who
# would answer, but it is not gongshi's standard input: git must not
# prompt on it, and nothing is pushed.
git config --global --unset credential.helper
# at_terminal STDIN -m MESSAGE: publish --push in a pseudo-terminal,
# where whoever prompts for a user name or a password is answered
# "office" and the right password; STDIN is gongshi's.
at_terminal() {
	(cd "$city" && timeout 50 /usr/bin/python3 -c '
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp("sh", ["sh", "-c", sys.argv[1]])
seen = b""
while True:
    try:
        b = os.read(fd, 4096)
    except OSError:
        break
    if not b:
        break
    sys.stdout.buffer.write(b)
    seen += b
    if seen.rstrip().endswith(b":") and b"Username for" in seen[-200:]:
        os.write(fd, b"office\n"); seen = b""
    elif seen.rstrip().endswith(b":") and b"Password for" in seen[-200:]:
        os.write(fd, b"s3cret\n"); seen = b""
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
' "'$GONGSHI' publish --all --author 'wuye <wuye@example.cn>' \
	    --sign-key '$keys/wuye' --push central -m '$3' $1") \
	    >"$work/out" 2>&1 </dev/null
}
at_terminal "</dev/null" -m nologin; got=$?
[ "$(remote_main)" = "$before" ] || got=99
expect "no login anywhere, a terminal but not on stdin: no prompt, said in Chinese" 2 \
    "凭据助手"

# Without git, nobody can be asked: said so.
mkdir -p "$work/nogit"
ln -s "$(command -v ssh-keygen)" "$work/nogit/ssh-keygen"
(cd "$city" && PATH=$work/nogit "$GONGSHI" publish --all \
    --author "wuye <wuye@example.cn>" --sign-key "$keys/wuye" \
    --push central -m nogit) >"$work/out" 2>&1 </dev/null; got=$?
[ "$(remote_main)" = "$before" ] || got=99
expect "git not installed: said in Chinese, nothing pushed" 2 "安装 git"

# gongshi at the terminal: git's own prompt asks, and the push lands.
at_terminal "" -m typed; got=$?
landed "$city" || got=99
expect "at a terminal, git's own prompt asks for the login: lands" 0

# A helper that knows the login (as a desktop keyring would), then the
# store: git credential approve saves the good login in the store.
git config --global credential.helper \
    '!f() { test "$1" = get && printf "username=office\npassword=s3cret\n"; }; f'
git config --global --add credential.helper store
: >"$HOME/.git-credentials"
pub "$city" wuye central -m "钥匙串里的密码"; got=$?
landed "$city" || got=99
grep -q "office:s3cret@127.0.0.1" "$HOME/.git-credentials" || got=98
expect "a login from a helper: lands, and git credential approve stores it" 0

# credential-cache: git credential approve starts its daemon, which
# outlives git; gongshi must not wait for it.
git config --global --unset-all credential.helper
git config --global credential.helper \
    '!f() { test "$1" = get && printf "username=office\npassword=s3cret\n"; }; f'
git config --global --add credential.helper 'cache --timeout=120'
sed -i '30s/amount: .*$/amount: 0.62/' "$city/$yz"
start=$(date +%s)
pub "$city" wuye central -m "缓存里的密码"; got=$?
landed "$city" || got=99
[ $(($(date +%s) - start)) -lt 30 ] || got=98
git credential-cache exit >/dev/null 2>&1
expect "a login approved into credential-cache, whose daemon stays: no wait" 0
git config --global --unset-all credential.helper
git config --global credential.helper store

# The hook's refusal travels back over HTTP.
sed -i 's/^    amount: 0.30$/    amount: 0.90/' "$city/$hp"
before=$(remote_main)
pub "$city" wuye central -m "越权修改别的小区"; got=$?
[ "$(remote_main)" = "$before" ] || got=99
[ "$(git -C "$city" log -1 --format=%s)" = "越权修改别的小区" ] || got=98
expect "publish --push over HTTP refused by the hook: its words, the revision kept" 1 \
    "remote: .*heping-xincun" "拒绝"
git -C "$city" reset -q --hard "$before"

sed -i '30s/amount: .*$/amount: 0.65/' "$city/$yz"
(cd "$city" && "$GONGSHI" --lang en publish --quiet --all \
    --author "无名 <x@example.cn>" -m "未签名的修改") >/dev/null 2>&1
pub "$city" wuye central -m "unused"; got=$?
[ "$(remote_main)" = "$before" ] || got=99
expect "an unsigned revision pushed over HTTP: refused by the hook" 1 \
    "remote: .*未签名"
git -C "$city" reset -q --hard "$before"

# The git CLI, forcing a rewritten history over HTTP (its pack chunked:
# a tiny post buffer).
git -C "$city" -c user.name=x -c user.email=x@example.cn \
    commit -q --amend -m "改写历史" --no-gpg-sign
git -C "$city" -c http.postBuffer=1024 push --force central main \
    >"$work/out" 2>&1; got=$?
[ "$(remote_main)" = "$before" ] || got=99
expect "the git CLI forcing a rewritten history over HTTP: refused by the hook" 1 \
    "pre-receive hook declined" "改写"

# libgit2 sent its pushes chunked (lighttpd takes the whole body before
# it starts git http-backend, so git sees it as a plain one).
if grep -A8 'POST /git/central.git/git-receive-pack' "$work/error.log" |
    grep -qi 'Transfer-Encoding: chunked'; then
	ok "libgit2's pushes come chunked, and the server takes them"
else
	notok "libgit2's pushes come chunked, and the server takes them" \
	    "$(grep -A8 'POST /git/central.git/git-receive-pack' "$work/error.log")"
fi
