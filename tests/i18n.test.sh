#!/bin/sh
# Chinese first: which language gongshi speaks (--lang, LC_ALL,
# LC_MESSAGES, LANG, as text), that it finds its catalogue from the
# source tree and when installed, that every message it can print has
# its Chinese, and that publish, diff and log speak Chinese by default.
# Only C locales need be installed (Debian's default).

: "${GONGSHI:?GONGSHI must name the gongshi binary}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
group=i18n
. tests/lib.sh

# lang NAME WANT [VAR=VALUE ...] -- ARGS: gongshi ARGS with only the
# given locale variables set must speak WANT (zh or en).  An unknown
# command is reported before anything is read, in either language.
lang() {
	name=$1 want=$2
	shift 2
	set -- env -u LC_ALL -u LC_MESSAGES -u LANG -u LANGUAGE "$@"
	"$@" >"$work/lang.out" 2>&1
	if [ "$want" = zh ]; then
		grep -q "^gongshi: 错误：没有“nosuch”这个命令$" "$work/lang.out"
	else
		grep -q "^gongshi: error: unknown command 'nosuch'$" \
		    "$work/lang.out"
	fi
	if [ $? -eq 0 ]; then
		ok "$name"
	else
		notok "$name" "$(head -n 2 "$work/lang.out")"
	fi
}
lang "no locale variable at all: Chinese" zh "$GONGSHI" nosuch
lang "LC_ALL=C.UTF-8 (servers, the tests): Chinese" zh \
    LC_ALL=C.UTF-8 "$GONGSHI" nosuch
lang "LC_ALL=C: Chinese" zh LC_ALL=C "$GONGSHI" nosuch
lang "LC_ALL=POSIX: Chinese" zh LC_ALL=POSIX "$GONGSHI" nosuch
lang "LANG=zh_CN.UTF-8, not generated here: Chinese" zh \
    LANG=zh_CN.UTF-8 "$GONGSHI" nosuch
lang "LANG=en_US.UTF-8: English" en LANG=en_US.UTF-8 "$GONGSHI" nosuch
lang "LC_MESSAGES=en_GB.UTF-8 beats LANG=zh_CN.UTF-8" en \
    LC_MESSAGES=en_GB.UTF-8 LANG=zh_CN.UTF-8 "$GONGSHI" nosuch
lang "LC_ALL=C.UTF-8 beats LANG=en_US.UTF-8" zh \
    LC_ALL=C.UTF-8 LANG=en_US.UTF-8 "$GONGSHI" nosuch
lang "LC_ALL=en_US.UTF-8 beats LC_MESSAGES and LANG" en \
    LC_ALL=en_US.UTF-8 LC_MESSAGES=zh_CN.UTF-8 LANG=zh_CN.UTF-8 \
    "$GONGSHI" nosuch
lang "an empty LC_ALL is passed over" en LC_ALL= LANG=en_US.UTF-8 \
    "$GONGSHI" nosuch
lang "--lang en beats LC_ALL=C.UTF-8" en LC_ALL=C.UTF-8 \
    "$GONGSHI" --lang en nosuch
lang "--lang zh beats LC_ALL=en_US.UTF-8" zh LC_ALL=en_US.UTF-8 \
    "$GONGSHI" --lang zh nosuch
lang "--lang=en_US.UTF-8 is English" en "$GONGSHI" --lang=en_US.UTF-8 nosuch
lang "--lang zh_CN.UTF-8 is Chinese" zh LANG=en_US.UTF-8 \
    "$GONGSHI" --lang zh_CN.UTF-8 nosuch
lang "--lang after the command counts too" en "$GONGSHI" nosuch --lang en
lang "LANGUAGE=zh does not make --lang en Chinese" en LANGUAGE=zh_CN:zh \
    LC_ALL=C.UTF-8 "$GONGSHI" --lang en nosuch
lang "LANGUAGE=en does not make the default English" zh LANGUAGE=en \
    LC_ALL=C.UTF-8 "$GONGSHI" nosuch

"$GONGSHI" --lang fr check >"$work/out" 2>&1
check "--lang fr: exit 2, said in Chinese" sh -c "
	[ $? -eq 2 ] && grep -qx 'gongshi: 错误：--lang：不支持“fr”；请用 zh（中文）或 en（英文）' \
	    '$work/out'"
"$GONGSHI" check --lang >"$work/out" 2>&1
check "--lang with no value: exit 2, with the usage" sh -c "
	[ $? -eq 2 ] && grep -q '^gongshi: 错误：选项 --lang 需要一个值$' \
	    '$work/out' && grep -q '^用法：gongshi check' '$work/out'"
# An option's value is never taken for --lang: here --today gets it.
"$GONGSHI" check --today --lang en >"$work/out" 2>&1
check "an option's value is not taken for --lang" sh -c "
	[ $? -eq 2 ] && grep -q '^gongshi: 错误：--today：“--lang”不是日期' \
	    '$work/out'"
"$GONGSHI" check --colour >"$work/out" 2>&1
check "an unknown option is said by gongshi, in Chinese" sh -c "
	[ $? -eq 2 ] && grep -qx 'gongshi: 错误：check 命令不接受选项 --colour' \
	    '$work/out'"
"$GONGSHI" --help >"$work/zh.help" 2>&1
"$GONGSHI" --help --lang en >"$work/en.help" 2>&1
check "--help in Chinese, and in English with --lang en" sh -c "
	grep -q '^用法：gongshi check \[-C 目录\]' '$work/zh.help' &&
	grep -q '^usage: gongshi check \[-C dir\]' '$work/en.help' &&
	grep -q -- '--lang zh（中文）或 --lang en（英文）' '$work/zh.help'"
check "--version is the same in both" sh -c "
	[ \"\$('$GONGSHI' --version)\" = \"\$('$GONGSHI' --lang en --version)\" ]"

# The catalogue is found beside the program as built, without
# installing: a copy of the program elsewhere has none (unless one is
# installed under its PREFIX), so it falls back to the English ids.
mkdir -p "$work/elsewhere"
cp "$GONGSHI" "$work/elsewhere/gongshi"
"$work/elsewhere/gongshi" nosuch >"$work/out" 2>&1
if [ -f /usr/local/share/locale/zh_CN/LC_MESSAGES/gongshi.mo ]; then
	echo "skip - $group: a gongshi catalogue is installed in /usr/local"
else
	check "the catalogue comes from the source tree, not from elsewhere" \
	    grep -qx "gongshi: error: unknown command 'nosuch'" "$work/out"
fi

# Both man pages name every command and long option the usage names:
# a new option must reach the Chinese page as well as the English one.
# In man(7) an option is written \-\-name, in mdoc Fl \-name.
for page in gongshi.1 gongshi.zh_CN.1; do
	sed 's/\\-/-/g; s/\\f[BIRP]//g; s/Fl -/--/g' "$page" >"$work/page"
	missing=
	for w in $(grep -o -- '--[a-z][a-z-]*' "$work/en.help" | sort -u); do
		grep -q -- "$w" "$work/page" || missing="$missing $w"
	done
	for w in $(sed -n 's/^.*gongshi \([a-z][a-z]*\).*$/\1/p' \
	    "$work/en.help" | sort -u); do
		grep -q "$w" "$work/page" || missing="$missing $w"
	done
	check "$page names every command and option of the usage" \
	    test -z "$missing"
	[ -z "$missing" ] || echo "# $page lacks:$missing"
done

# make install puts the catalogue and the Chinese man page under
# PREFIX; the installed program finds its catalogue from there, with
# no source tree beside it.  It installs the program under test, which
# is built already (./gongshi, or build-san-CC/gongshi beside its own
# build/ folder), so nothing is built here.
if [ "$GONGSHI" = "$(pwd)/gongshi" ]; then
	built="O=build BIN=gongshi"
else
	built="O=$(dirname "$GONGSHI") BIN=$GONGSHI"
fi
dest=$work/dest
# shellcheck disable=SC2086
env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s install $built \
    DESTDIR="$dest" >"$work/install.log" 2>&1
check "make install DESTDIR=... succeeds" sh -c "
	[ $? -eq 0 ] && cmp -s '$GONGSHI' '$dest/usr/local/bin/gongshi'"
check "it installs the catalogue under PREFIX/share/locale" \
    test -f "$dest/usr/local/share/locale/zh_CN/LC_MESSAGES/gongshi.mo"
check "it installs both man pages" sh -c "
	test -f '$dest/usr/local/share/man/man1/gongshi.1' &&
	test -f '$dest/usr/local/share/man/zh_CN/man1/gongshi.1' &&
	grep -q '^\\.SH 名称' '$dest/usr/local/share/man/zh_CN/man1/gongshi.1'"
LC_ALL=C.UTF-8 "$dest/usr/local/bin/gongshi" nosuch >"$work/out" 2>&1
check "the installed program speaks Chinese" \
    grep -qx 'gongshi: 错误：没有“nosuch”这个命令' "$work/out"
# shellcheck disable=SC2086
env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s uninstall $built \
    DESTDIR="$dest" >>"$work/install.log" 2>&1
check "make uninstall removes the catalogue and the man pages" sh -c "
	[ -z \"\$(find '$dest' -type f)\" ]"

# Every message in the sources has its Chinese: a template made now
# from the sources must have nothing po/zh_CN.po lacks, and the
# catalogue no fuzzy or untranslated entry.
env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s pot POT="$work/now.pot" \
    >"$work/pot.log" 2>&1
check "every message in the sources is translated (msgcmp)" \
    msgcmp po/zh_CN.po "$work/now.pot"
msgfmt -c --statistics -o /dev/null po/zh_CN.po >"$work/stats" 2>&1
check "msgfmt -c: no error, no fuzzy, no untranslated entry" sh -c "
	grep -qx '[0-9]* translated messages\\.' '$work/stats'"

# The notes of build, publish, diff and log, in Chinese by default.
if ! command -v git >/dev/null 2>&1; then
	echo "skip - $group: git is not installed (scripts/deps.sh --test)"
	exit 0
fi
git_sandbox
city=$work/city
mkdir -p "$city"
cp -R content layouts "$city/"
heping=$city/content/compounds/lixia/heping-xincun.yaml
(cd "$city" && "$GONGSHI" check --today 2026-11-27) >"$work/out" 2>&1
check "check: the summary counts in Chinese" \
    grep -qx '9 个小区，17 个文件：0 个错误，1 个警告' "$work/out"
(cd "$city" && "$GONGSHI" --lang en check --today 2026-11-27) \
    >"$work/out" 2>&1
check "check --lang en: the summary in English, with its plurals" \
    grep -qx '9 compounds, 17 files: 0 errors, 1 warning' "$work/out"
(cd "$city" && "$GONGSHI" build -o "$work/site") >"$work/out" 2>&1
check "build says what it built, in Chinese" \
    grep -q "^已生成 $work/site：[0-9]* 个文件，[0-9]* 字节" "$work/out"
(cd "$city" && "$GONGSHI" publish -m "首次公示" \
    --author "测试员 <tester@example.cn>") >"$work/out" 2>&1
check "publish says what it did, in Chinese" sh -c "
	grep -q '^已在 \\. 新建 git 版本库\$' '$work/out' &&
	grep -q '^已发布 [0-9a-f]\\{12\\}：[0-9]* 项改动\$' '$work/out'"
sed -i 's/^    amount: 0.30$/    amount: 0.35/' "$heping"
(cd "$city" && "$GONGSHI" diff --today 2026-11-27) >"$work/out" 2>&1
check "diff warns in Chinese, with positional arguments in their places" \
    grep -q '^content/compounds/lixia/heping-xincun.yaml:33:13: 警告：fees\[1\]\.amount（收费标准）：物业服务费的收费标准由 0\.30 元调整为 0\.35 元，但 fees\[1\]\.since（执行日期）仍是 2024-07-01；' \
    "$work/out"
check "diff keeps decimal points and the data's own words" \
    grep -q '收费标准: 0.30 → 0.35$' "$work/out"
git -C "$city" checkout -q -- content
(cd "$city" && "$GONGSHI" diff) >"$work/out" 2>&1
check "diff with nothing changed says so in Chinese" grep -qx '没有改动' \
    "$work/out"
(cd "$city" && "$GONGSHI" log nosuch-compound) >"$work/out" 2>&1
check "log says no revision touches it, in Chinese" \
    grep -qx '没有涉及这个小区的版本' "$work/out"
(cd "$city" && "$GONGSHI" publish -m "无改动") >"$work/out" 2>&1
check "publish with nothing to do says so in Chinese" \
    grep -qx '没有需要发布的内容：内容与最近一次发布时相同' "$work/out"
(cd "$city" && "$GONGSHI" diff --json) >"$work/json" 2>&1
(cd "$city" && "$GONGSHI" --lang en diff --json) >"$work/json.en" 2>&1
check "JSON output is the same in both languages" cmp -s "$work/json" \
    "$work/json.en"
