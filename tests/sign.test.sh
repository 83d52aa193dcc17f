#!/bin/sh
# Signed publications: gongshi publish --sign-key (or git's
# user.signingKey with gpg.format=ssh) signs the commit as `git commit
# -S` does, so the git CLI's `git verify-commit`, with an allowed
# signers file, accepts it.  Keys are made by ssh-keygen in a temporary
# folder; none is kept.  A failure to sign publishes nothing.

# gongshi runs with --lang en here, where cases read its messages.
: "${GONGSHI:?GONGSHI must name the gongshi binary}"
. tests/lib/keys.sh
need_tools sign git ssh-keygen
work=$(mktemp -d)
agent=
trap '[ -n "$agent" ] && kill "$agent" 2>/dev/null; rm -rf "$work"' EXIT
group=sign
. tests/lib.sh
git_sandbox
AUTHOR="示例物业 <wuye@example.cn>"

keys=$work/keys
make_keys "$keys" wuye other
ssh-keygen -q -t ed25519 -N 'a passphrase' -C locked -f "$keys/locked"
ssh-keygen -q -t rsa -b 2048 -N '' -C rsa -f "$keys/rsa"
{
	allowed_signer wuye@example.cn "$keys/wuye.pub"
	allowed_signer wuye@example.cn "$keys/rsa.pub"
} >"$work/allowed"
allowed_signer wuye@example.cn "$keys/other.pub" >"$work/allowed-other"

city=$work/city
mkdir -p "$city"
cp -R content layouts "$city/"
heping=$city/content/compounds/lixia/heping-xincun.yaml

verify() {	# verify ALLOWED REV
	git -C "$city" -c gpg.ssh.allowedSignersFile="$1" verify-commit "$2"
}
publish() {
	(cd "$city" && "$GONGSHI" --lang en publish --quiet --author \
	    "$AUTHOR" "$@")
}
# edit: a change to publish (the record's notice, a free text).
n=0
edit() {
	n=$((n + 1))
	sed -i "s/^notice: .*/notice: 第 $n 次更正/" "$heping"
	grep -q "^notice: 第 $n 次更正" "$heping" ||
	    printf 'notice: 第 %s 次更正\n' "$n" >>"$heping"
}

publish -m "首次公示" --sign-key "$keys/wuye" >"$work/log" 2>&1
check "publish --sign-key exits 0" test $? -eq 0
check "git verify-commit accepts the signature" verify "$work/allowed" HEAD
check "the signature is in the gpgsig header, as git writes it" sh -c "
	git -C '$city' cat-file commit HEAD >'$work/raw' &&
	grep -q '^gpgsig -----BEGIN SSH SIGNATURE-----\$' '$work/raw' &&
	grep -q '^ -----END SSH SIGNATURE-----\$' '$work/raw' &&
	! grep -q '^ \$' '$work/raw'"
check "git log %G? says good (G)" sh -c "
	[ \"\$(git -C '$city' -c gpg.ssh.allowedSignersFile='$work/allowed' \
	    log -1 --format=%G?)\" = G ]"
check "git verify-commit refuses it against another key" sh -c "
	! git -C '$city' -c gpg.ssh.allowedSignersFile='$work/allowed-other' \
	    verify-commit HEAD"
check "git fsck finds the repository sound" git -C "$city" fsck --strict

# A tampered commit: the same bytes with another message, and the same
# signature, must not verify.
git -C "$city" cat-file commit HEAD | sed 's/^首次公示$/首次公示（改）/' \
    >"$work/tampered"
forged=$(git -C "$city" hash-object -t commit -w "$work/tampered")
check "the tampered copy differs from the signed commit" sh -c "
	[ -n '$forged' ] && [ '$forged' != \"\$(git -C '$city' rev-parse HEAD)\" ]"
check "git verify-commit refuses a commit changed after signing" sh -c "
	! git -C '$city' -c gpg.ssh.allowedSignersFile='$work/allowed' \
	    verify-commit '$forged' 2>'$work/err' &&
	grep -qi 'bad\\|verif' '$work/err'"

# RSA keys sign as well (ssh-keygen picks rsa-sha2-512).
edit
publish -m "第二次" --sign-key "$keys/rsa" >"$work/log" 2>&1
check "publish with an RSA key exits 0" test $? -eq 0
check "git verify-commit accepts the RSA signature" \
    verify "$work/allowed" HEAD

# git's own configuration: gpg.format=ssh and user.signingKey.
git -C "$city" config gpg.format ssh
git -C "$city" config user.signingKey "$keys/wuye"
edit
publish -m "按 git 配置签名" >"$work/log" 2>&1
check "publish signs with user.signingKey when gpg.format is ssh" sh -c "
	[ $? -eq 0 ] && git -C '$city' -c \
	    gpg.ssh.allowedSignersFile='$work/allowed' verify-commit HEAD"
git -C "$city" config --unset user.signingKey
git -C "$city" config --unset gpg.format
edit
publish -m "不签名" >"$work/log" 2>&1
check "without a key or the configuration, the revision is unsigned" sh -c "
	[ $? -eq 0 ] && ! git -C '$city' cat-file commit HEAD |
	    grep -q '^gpgsig'"

# Failures publish nothing: HEAD stays, the site stays, and the message
# says what to do.
edit
head=$(git -C "$city" rev-parse HEAD)
before=$(tree "$city/site" | cksum)
fails() {	# fails NAME PATTERN ARGS...: refused, nothing published
	name=$1 pattern=$2
	shift 2
	publish -m "不应发布" "$@" >"$work/log" 2>&1
	status=$?
	if [ "$status" -ne 0 ] &&
	    [ "$(git -C "$city" rev-parse HEAD)" = "$head" ] &&
	    [ "$(tree "$city/site" | cksum)" = "$before" ] &&
	    grep -q "$pattern" "$work/log" &&
	    grep -q "nothing was published" "$work/log"; then
		ok "$name"
	else
		notok "$name" "exit $status" "$(cat "$work/log")"
	fi
}
fails "a missing key file is refused before any work" \
    "cannot be read" --sign-key "$keys/nosuch"
fails "a key with a passphrase and no agent: says to use ssh-add" \
    "ssh-add" --sign-key "$keys/locked"
fails "a file that is no key: ssh-keygen's reason is given" \
    "could not sign" --sign-key "$work/allowed"
(PATH=/nonexistent; export PATH; publish -m "不应发布" --sign-key \
    "$keys/wuye") >"$work/log" 2>&1
if grep -q "openssh-client" "$work/log" &&
    [ "$(git -C "$city" rev-parse HEAD)" = "$head" ]; then
	ok "without ssh-keygen: says to install openssh-client"
else
	notok "without ssh-keygen: says to install openssh-client" \
	    "$(cat "$work/log")"
fi
git -C "$city" config gpg.format ssh
git -C "$city" config user.signingKey "$work/nosuch"
fails "a user.signingKey file that is not there is refused" \
    "user.signingKey" 
git -C "$city" config user.signingKey "key::$(cat "$keys/wuye.pub")"
(unset SSH_AUTH_SOCK; publish -m "不应发布") >"$work/log" 2>&1
if grep -q "ssh-agent" "$work/log" &&
    [ "$(git -C "$city" rev-parse HEAD)" = "$head" ]; then
	ok "a literal key without ssh-agent: says to start it and ssh-add"
else
	notok "a literal key without ssh-agent: says to start it and ssh-add" \
	    "$(cat "$work/log")"
fi

# A literal key (key::…) signs through ssh-agent, as git does.
if command -v ssh-agent >/dev/null 2>&1 && command -v ssh-add >/dev/null 2>&1
then
	SSH_AUTH_SOCK=$work/agent.sock
	export SSH_AUTH_SOCK
	ssh-agent -a "$SSH_AUTH_SOCK" >"$work/agent.out" 2>&1
	agent=$(sed -n 's/.*SSH_AGENT_PID=\([0-9]*\).*/\1/p' "$work/agent.out")
	ssh-add -q "$keys/wuye" 2>/dev/null
	publish -m "经 ssh-agent 签名" >"$work/log" 2>&1
	check "a literal key in user.signingKey signs through ssh-agent" sh -c "
		[ $? -eq 0 ] && git -C '$city' -c \
		    gpg.ssh.allowedSignersFile='$work/allowed' verify-commit HEAD"
	[ -n "$agent" ] && kill "$agent" 2>/dev/null
	agent=
else
	echo "skip - sign: ssh-agent is not installed"
fi
