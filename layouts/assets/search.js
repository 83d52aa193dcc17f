/* Compound search for the home page: loads search-index.json once and
 * filters it as the user types.  Results are built with DOM methods. */
(function () {
	"use strict";
	var form = document.getElementById("search");
	if (!form || !window.fetch || !document.querySelector)
		return;
	var input = document.getElementById("q");
	var status = document.getElementById("search-status");
	var list = document.getElementById("search-results");
	var root = form.getAttribute("data-root") || "./";
	var url = root + (form.getAttribute("data-index") || "search-index.json");
	var MAX = 50;
	var rows = null, loading = null, timer = 0;

	form.hidden = false;

	function norm(s) {
		return String(s || "").toLowerCase().replace(/\s+/g, " ").trim();
	}

	function load() {
		if (!loading)
			loading = fetch(url).then(function (r) {
				if (!r.ok)
					throw new Error(r.status);
				return r.json();
			}).then(function (j) {
				var f = {}, i;
				for (i = 0; i < j.fields.length; i++)
					f[j.fields[i]] = i;
				rows = j.rows.map(function (r) {
					var names = norm(r[f.name] + "|" + (r[f.aliases] || ""));
					return {
						id: r[f.id], name: r[f.name], area: r[f.area] || "",
						names: names,
						all: names + "|" + norm(r[f.address]) + "|" +
						    norm(r[f.provider]) + "|" + norm(r[f.area])
					};
				});
				run();
			}).catch(function () {
				loading = null;
				say("搜索暂时无法使用，请在下方按区县浏览。");
			});
		return loading;
	}

	function say(t) {
		status.textContent = t;
	}

	function run() {
		var q = norm(input.value), terms, hits = [], i, k, r, ok;
		while (list.firstChild)
			list.removeChild(list.firstChild);
		if (!q) {
			say("");
			return;
		}
		if (!rows) {
			say("正在加载小区名录……");
			load();
			return;
		}
		terms = q.split(" ");
		for (i = 0; i < rows.length; i++) {
			r = rows[i];
			for (ok = true, k = 0; ok && k < terms.length; k++)
				ok = r.all.indexOf(terms[k]) !== -1;
			if (ok)
				hits.push({ r: r, rank: r.names.indexOf(q) === 0 ? 0 :
				    r.names.indexOf(q) !== -1 ? 1 : 2, i: i });
		}
		hits.sort(function (a, b) { return a.rank - b.rank || a.i - b.i; });
		for (i = 0; i < hits.length && i < MAX; i++)
			list.appendChild(item(hits[i].r));
		if (!hits.length)
			say("未找到“" + input.value.trim() + "”。请换个关键词，或在下方按区县浏览。");
		else if (hits.length > MAX)
			say("找到 " + hits.length + " 个小区，显示前 " + MAX + " 个，请输入更多文字缩小范围。");
		else
			say("找到 " + hits.length + " 个小区。");
	}

	function item(r) {
		var li = document.createElement("li");
		var a = document.createElement("a");
		var n = document.createElement("span");
		var m = document.createElement("span");
		a.href = root + "c/" + encodeURIComponent(r.id) + "/";
		n.className = "r-name";
		n.textContent = r.name;
		m.className = "r-meta";
		m.textContent = r.area;
		a.appendChild(n);
		a.appendChild(m);
		li.appendChild(a);
		return li;
	}

	function later() {
		clearTimeout(timer);
		timer = setTimeout(run, 120);
	}

	input.addEventListener("focus", load);
	input.addEventListener("input", function (e) {
		if (!e.isComposing)
			later();
	});
	input.addEventListener("compositionend", later);
	form.addEventListener("submit", function (e) {
		e.preventDefault();
		run();
		var first = list.querySelector("a");
		if (first)
			first.focus();
	});
	var m = /[?&]q=([^&]*)/.exec(location.search);
	if (m)
		try {
			input.value = decodeURIComponent(m[1].replace(/\+/g, " "));
		} catch (e) {}
	if (input.value)
		run();
})();
