# Keys and parties for what signs: the sign, verify and hook test
# groups, and bench/verify.sh.  Real keys, made by ssh-keygen in a
# temporary folder and never kept.  Sourced; only functions, so it may
# be sourced before $work exists (need_tools runs first of all).

# need_tools GROUP TOOL...: the whole group is skipped, saying which,
# when a tool it judges with is missing.
need_tools() {
	_group=$1
	shift
	for _tool in "$@"; do
		if ! command -v "$_tool" >/dev/null 2>&1; then
			echo "skip - $_group: $_tool is not installed (scripts/deps.sh --test)"
			exit 0
		fi
	done
}

# make_keys DIR NAME...: for each NAME an ed25519 key without a
# passphrase, DIR/NAME and DIR/NAME.pub, commented NAME-test.
make_keys() {
	_dir=$1
	shift
	mkdir -p "$_dir" || return 1
	for _k in "$@"; do
		ssh-keygen -q -t ed25519 -N '' -C "$_k-test" -f "$_dir/$_k" ||
		    return 1
	done
}

# party ID NAME KIND PUBFILE [FIELD VALUE]...: one entry of
# parties.yaml with the key line of PUBFILE; each FIELD VALUE becomes
# "FIELD: VALUE" (compounds "[yanzishan-xiaoqu]", areas '["370102"]').
party() {
	printf '  - id: %s\n    name: %s\n    kind: %s\n    keys: ["%s"]\n' \
	    "$1" "$2" "$3" "$(cat "$4")"
	shift 4
	while [ $# -ge 2 ]; do
		printf '    %s: %s\n' "$1" "$2"
		shift 2
	done
}

# test_parties KEYS: parties.yaml for the demo city as the tests sign
# it, with the keys KEYS/city, KEYS/wuye and KEYS/yewei: the city
# (shi), 燕子山小区's company (wuye: its fees and accounts) and its
# owners' committee (yewei: the committee and notices).  More entries
# may follow (party).
test_parties() {
	echo "parties:"
	party shi 测试市住建局 市 "$1/city.pub"
	party wuye 测试泉安物业 物业服务企业 "$1/wuye.pub" \
	    compounds "[yanzishan-xiaoqu]" \
	    sections "[provider, fees, accounts, common_revenue, data_as_of]"
	party yewei 测试燕子山业委会 业主委员会 "$1/yewei.pub" \
	    compounds "[yanzishan-xiaoqu]" \
	    sections "[owners_committee, notices]"
}

# allowed_signer PRINCIPAL PUBFILE: a line of git's allowed signers file.
allowed_signer() {
	printf '%s %s\n' "$1" "$(cat "$2")"
}

# expect NAME WANT PATTERN...: one case from the last command's status
# ($got, WANT wanted) and what it said ($work/out, every PATTERN in it).
expect() {
	name=$1 want=$2
	shift 2
	good=1
	[ "$got" -eq "$want" ] || good=0
	for pat in "$@"; do
		grep -q -- "$pat" "$work/out" || good=0
	done
	if [ "$good" = 1 ]; then
		ok "$name"
	else
		notok "$name" "exit $got, wanted $want" "$(cat "$work/out")"
	fi
}
