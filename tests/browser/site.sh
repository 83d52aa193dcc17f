# Sourced by the browser test groups (layout, a11y), after setting
# $group and $work: builds the demo city with a published history into
# $work/site and sets $pages, one KIND=PATH per page kind to judge.
# A new page kind is one more line here.

pages="index=/
area=/area/370102/
street=/area/370102010/
community=/area/370102010003/
supervision=/area/370102/supervision/
supervision-city=/supervision/
area-changes=/area/370102/changes/
compound=/c/heping-xincun/@table.grid-table
compound-self-managed=/c/yanzishan-xiaoqu/
departments=/departments/
department=/departments/jinan-zhujian/
changes=/changes/
history=/c/heping-xincun/history/
page=/pages/complaints/
notfound=/no/such/page/
boards=/boards/
boards-street=/boards/370102010/
names=/names/
names-letter=/names/h/"

# Printed pages: judged by axe, not at phone width (a board is an A3 sheet;
# tests/boards.test.sh judges it on paper).
print_pages="board=/c/heping-xincun/board.html"

# build_site: 0 when $work/site holds the demo city, published twice
# (so history and changes pages exist).
build_site() {
	mkdir -p "$work/city" "$work/home"
	cp -R content layouts "$work/city/"
	(
		export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1
		cd "$work/city" &&
		"$GONGSHI" publish -m "首次公示" \
		    --author "物业管理科 <wyk@example.cn>" -o "$work/site" &&
		sed -i 's/^data_as_of: .*/data_as_of: 2026-11-20/' \
		    content/compounds/lixia/heping-xincun.yaml &&
		"$GONGSHI" publish -m "更新和平新村" \
		    --author "物业管理科 <wyk@example.cn>" -o "$work/site"
	) >"$work/build.log" 2>&1
}

# browser_tools: 0 when node and chromium are there; else prints skip.
browser_tools() {
	if ! command -v node >/dev/null 2>&1; then
		echo "skip - $group: node is not installed (scripts/deps.sh --test)"
		return 1
	fi
	CHROMIUM=$(command -v chromium || command -v chromium-browser)
	if [ -z "$CHROMIUM" ]; then
		echo "skip - $group: chromium is not installed (scripts/deps.sh --test)"
		return 1
	fi
	export CHROMIUM
}
