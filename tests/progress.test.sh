#!/bin/sh
# The progress line (src/progress.c) as a person at a terminal sees it:
# each command runs under a pseudo-terminal made by util-linux's
# script(1).  On a terminal the line appears, with its count, and is
# cleared before anything else is printed and at the end; taking the
# line out leaves exactly what a run with standard error in a file
# prints; with standard error in a file, GONGSHI_PROGRESS=0 or --quiet
# nothing of it is written; the site built is the same bytes.  No case
# depends on how fast the machine is: the first line is drawn when a
# stage begins, later ones at most ten times a second.

: "${GONGSHI:?GONGSHI must name the gongshi binary}"
group=progress
if ! command -v script >/dev/null 2>&1 ||
    ! script -qec true /dev/null </dev/null >/dev/null 2>&1; then
	echo "skip - $group: no script(1) or no pseudo-terminal here" \
	    "(util-linux, scripts/deps.sh --test)"
	exit 0
fi
if ! command -v perl >/dev/null 2>&1; then
	echo "skip - $group: perl is not installed"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. tests/lib.sh
git_sandbox
TODAY=2026-11-27

city=$work/city
mkdir -p "$city"
cp -R content layouts "$city/"
n=$(find "$city/content/compounds" -name '*.yaml' | wc -l | tr -d ' ')

# tty OUT CMD: runs the shell command CMD with standard error on a
# pseudo-terminal (standard output thrown away) and keeps what the
# terminal received in OUT.
tty() {
	out=$1
	shift
	script -qec "$* >/dev/null" /dev/null </dev/null >"$out" 2>&1
}

# plain FILE: what FILE holds without the progress line: every "\r...
# ESC[K" taken out, and the terminal's "\r\n" back to "\n".
plain() {
	perl -0777 -pe 's/\r[^\r\n]*\e\[K//g; s/\r\n/\n/g' "$1"
}

# has FILE TEXT: FILE (bytes, as written) holds TEXT (a Perl regex).
has() {
	perl -0777 -ne "exit(/$2/ ? 0 : 1)" "$1"
}

# clean FILE: every line drawn is followed by another drawing or a
# clear ("\r"), and the last thing drawn is a clear: nothing printed
# after it lands on the end of a progress line.
clean() {
	perl -0777 -ne '
	    while (/\r([^\r\n]*)\e\[K/g) {
		$last = $1;
		exit 1 if $1 ne "" && substr($_, pos, 1) ne "\r";
	    }
	    exit(defined $last && $last eq "" ? 0 : 1)' "$1"
}

g="$GONGSHI check -C $city --today $TODAY"

tty "$work/check.tty" "$g"
if has "$work/check.tty" "\\r读取记录  0\\/$n 个小区  0%\\e\\[K" &&
    has "$work/check.tty" "\\r检查记录  0\\/$n 个小区  0%\\e\\[K"; then
	ok "check on a terminal: reading and checking, with the count"
else
	notok "check on a terminal: reading and checking, with the count" \
	    "$(cat -v "$work/check.tty" | head -n 5)"
fi
check "check on a terminal: every line is cleared before what follows" \
    clean "$work/check.tty"
check "each stage clears its line when it ends, not only when more is said" \
    has "$work/check.tty" "\\r读取记录[^\\r\\n]*\\e\\[K\\r\\e\\[K\\r检查记录"

tty "$work/check.tty2" "$g 2>$work/check.err"
"$GONGSHI" check -C "$city" --today "$TODAY" 2>"$work/check.file" >/dev/null
check "standard error in a file (under a terminal): nothing of the line" \
    cmp "$work/check.err" "$work/check.file"
plain "$work/check.tty" >"$work/check.plain"
check "without the line, the terminal shows what a file receives" \
    cmp "$work/check.plain" "$work/check.file"
check "the summary is there, on its own line" \
    grep -q "^$n 个小区，" "$work/check.plain"

tty "$work/off.tty" "GONGSHI_PROGRESS=0 $g"
if ! grep -q "$(printf '\033')" "$work/off.tty" &&
    grep -q "^$n 个小区，" "$work/off.tty"; then
	ok "GONGSHI_PROGRESS=0: no progress line, the rest as it was"
else
	notok "GONGSHI_PROGRESS=0: no progress line, the rest as it was" \
	    "$(cat -v "$work/off.tty" | head -n 5)"
fi

tty "$work/dumb.tty" "TERM=dumb $g"
if ! grep -q "$(printf '\033')" "$work/dumb.tty" &&
    grep -q "^$n 个小区，" "$work/dumb.tty"; then
	ok "TERM=dumb (cannot erase a line): no progress line"
else
	notok "TERM=dumb (cannot erase a line): no progress line" \
	    "$(cat -v "$work/dumb.tty" | head -n 5)"
fi

tty "$work/quiet.tty" "$g --quiet"
if ! grep -q "$(printf '\033')" "$work/quiet.tty" &&
    ! grep -q "个小区，" "$work/quiet.tty" &&
    grep -q "警告" "$work/quiet.tty"; then
	ok "--quiet: no progress line and no notes; warnings still shown"
else
	notok "--quiet: no progress line and no notes; warnings still shown" \
	    "$(cat -v "$work/quiet.tty" | head -n 5)"
fi

# A record with errors: every diagnostic starts on a clean line.
bad=$work/bad
cp -R "$city" "$bad"
f=$(find "$bad/content/compounds" -name '*.yaml' | sort | head -n 1)
sed -i 's/^data_as_of: .*/data_as_of: 2026-13-45/' "$f"
tty "$work/bad.tty" "$GONGSHI check -C $bad --today $TODAY"
"$GONGSHI" check -C "$bad" --today "$TODAY" 2>"$work/bad.file" >/dev/null
plain "$work/bad.tty" >"$work/bad.plain"
if grep -q "错误" "$work/bad.file" && clean "$work/bad.tty" &&
    cmp -s "$work/bad.plain" "$work/bad.file"; then
	ok "errors on a terminal: each on a clean line, as in a file"
else
	notok "errors on a terminal: each on a clean line, as in a file" \
	    "$(cat -v "$work/bad.tty" | head -n 5)"
fi

# build: the pages are rendered with the line on; the site is the same
# bytes as one built with standard error in a file.
tty "$work/build.tty" "$GONGSHI build -C $city -o $work/site1 --today $TODAY"
"$GONGSHI" build -C "$city" -o "$work/site2" --today "$TODAY" \
    >/dev/null 2>&1
check "build on a terminal: rendering shows its count" \
    has "$work/build.tty" "\\r生成网站  0\\/$n 个小区  0%\\e\\[K"
check "build on a terminal: cleared at the end" clean "$work/build.tty"
tree "$work/site1" >"$work/site1.tree"
tree "$work/site2" >"$work/site2.tree"
check "build on a terminal: the same site, byte for byte" \
    cmp "$work/site1.tree" "$work/site2.tree"

# boards: the notice boards written again into that site.
tty "$work/boards.tty" "$GONGSHI boards -C $city -o $work/site1 --today $TODAY"
if has "$work/boards.tty" "\\r生成公示栏  0\\/$n 张公示栏  0%\\e\\[K" &&
    clean "$work/boards.tty"; then
	ok "boards on a terminal: boards written with the count"
else
	notok "boards on a terminal: boards written with the count" \
	    "$(cat -v "$work/boards.tty" | head -n 5)"
fi

# export and import of the same workbook.
tty "$work/export.tty" "$GONGSHI export -C $city -o $work/book.xlsx --today $TODAY"
check "export on a terminal: records exported with the count" \
    has "$work/export.tty" "\\r导出记录  0\\/$n 个小区  0%\\e\\[K"
tty "$work/import.tty" "$GONGSHI import -C $city $work/book.xlsx --today $TODAY"
if has "$work/import.tty" "\\r读取工作簿  0 行\\e\\[K" &&
    has "$work/import.tty" "\\r比对表格行  0\\/[0-9,]+ 行  0%\\e\\[K" &&
    clean "$work/import.tty"; then
	ok "import on a terminal: the workbook read and its rows compared"
else
	notok "import on a terminal: the workbook read and its rows compared" \
	    "$(cat -v "$work/import.tty" | head -n 5)"
fi

# publish: reading the history the pages show.
if command -v git >/dev/null 2>&1; then
	tty "$work/publish.tty" "cd $city && $GONGSHI publish -m 首次公示" \
	    "--author 'T <t@example.cn>' --today $TODAY"
	if has "$work/publish.tty" "\\r读取发布历史  0 个版本\\e\\[K" &&
	    clean "$work/publish.tty" && [ -d "$city/.git" ]; then
		ok "publish on a terminal: history read with a count"
	else
		notok "publish on a terminal: history read with a count" \
		    "$(cat -v "$work/publish.tty" | head -n 5)"
	fi
else
	echo "skip - $group: publish (git is not installed)"
fi
