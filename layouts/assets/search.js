/* Compound search: loads search-index.json once and filters it as the
 * user types.  It forgives what people type: full-width letters, spaces
 * and punctuation, traditional characters (the index's "fold" pairs),
 * a generic ending such as 小区 or 花园, and pinyin in full or as
 * initials (the index's "py" readings: heping, hpxc).  Results are built
 * with DOM methods.  Without JavaScript the form submits to the static
 * listing (names/). */
(function () {
	"use strict";
	var form = document.getElementById("search");
	if (!form || !window.fetch || !document.querySelector || !Array.from)
		return;
	var input = document.getElementById("q");
	var status = document.getElementById("search-status");
	var list = document.getElementById("search-results");
	var root = form.getAttribute("data-root") || "./";
	var url = root + (form.getAttribute("data-index") || "search-index.json");
	var MAX = 50;
	/* Endings a reader may add or swap: 华黎小区 finds 华黎花园. */
	var ENDS = ["小区", "社区", "花园", "家园", "新村", "公寓", "宿舍",
	    "大院", "小苑", "苑", "园", "村", "庭", "居", "府", "院"];
	var PY_ENDS = ["xiaoqu", "shequ", "huayuan", "jiayuan", "xq", "sq"];
	/* Spaces and punctuation, ASCII and CJK alike (after width()). */
	var PUNCT = /[\s!-\/:-@\[-`{-~\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u3000-\u303f\u30fb\ufe10-\ufe1f\ufe30-\ufe4f\uff5f-\uff65]+/g;
	var rows = null, loading = null, timer = 0, fold = {}, py = {};

	/* Full-width letters and digits to ASCII, lower case. */
	function width(s) {
		return String(s || "").replace(/[\uff01-\uff5e]/g, function (c) {
			return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
		}).toLowerCase();
	}

	function norm(s) {
		return Array.from(width(s).replace(PUNCT, "")).map(function (c) {
			return fold[c] || c;
		}).join("");
	}

	function strip(q, ends) {
		var again = true, i, e;
		while (again)
			for (again = false, i = 0; i < ends.length; i++) {
				e = ends[i];
				if (q.length - e.length >= 2 &&
				    q.slice(-e.length) === e) {
					q = q.slice(0, -e.length);
					again = true;
				}
			}
		return q;
	}

	function load() {
		if (!loading)
			loading = fetch(url).then(function (r) {
				if (!r.ok)
					throw new Error(r.status);
				return r.json();
			}).then(function (j) {
				var f = {}, i, pairs = Array.from(j.fold || "");
				for (i = 0; i + 1 < pairs.length; i += 2)
					fold[pairs[i]] = pairs[i + 1];
				py = j.py || {};
				for (i = 0; i < j.fields.length; i++)
					f[j.fields[i]] = i;
				rows = j.rows.map(function (r) {
					var area = (j.areas || [])[r[f.area]] || "";
					var keys = [r[f.name]].concat(String(
					    r[f.aliases] || "").split("|")).map(norm)
					    .filter(function (k) { return k; });
					return {
						id: r[f.id], name: r[f.name], area: area,
						keys: keys,
						all: keys.concat(norm(r[f.address]),
						    norm((j.providers || [])[r[f.provider]]),
						    norm(area))
						    .join("\u0001")
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

	/* The readings of each character of key; a letter or digit reads
	 * as itself. */
	function readings(key) {
		return Array.from(key).map(function (c) {
			if (py[c])
				return py[c].split(" ");
			return /[a-z0-9]/.test(c) ? [c] : [];
		});
	}

	/* Does q (letters) spell a run of a name's characters (R, their
	 * readings), each by a full reading, its initial (zh, ch, sh count
	 * as one) or, at the end, the start of a reading?  Runs for every
	 * name at each keystroke: no strings are made, and a state that
	 * failed once is not tried again. */
	var memo = new Uint8Array(256);
	function pinyin(R, q) {
		var n = R.length, L = q.length, need = n * (L + 1), s;
		if (memo.length < need)
			memo = new Uint8Array(need * 2);
		else
			memo.fill(0, 0, need);
		function m(ci, qi) {
			var k = ci * (L + 1) + qi, i, j, r, rs;
			if (qi === L)
				return true;
			if (ci === n || memo[k])
				return false;
			memo[k] = 1;
			rs = R[ci];
			for (i = 0; i < rs.length; i++) {
				r = rs[i];
				for (j = 0; j < r.length && qi + j < L &&
				    r.charCodeAt(j) === q.charCodeAt(qi + j); j++)
					;
				if (j === 0)
					continue;
				if (qi + j === L)	/* q ends in this reading */
					return true;
				if (j === r.length && m(ci + 1, qi + j))
					return true;
				if (j >= 2 && r.length > 2 && r.charAt(1) === "h" &&
				    m(ci + 1, qi + 2))
					return true;
				if (m(ci + 1, qi + 1))
					return true;
			}
			return false;
		}
		for (s = 0; s < n; s++)
			if (m(s, 0))
				return true;
		return false;
	}

	/* 0 a name starts with q, 1 contains it, 2 contains it less its
	 * ending, 3 spells it in pinyin, 4 every word is somewhere; -1. */
	function rank(r, q, qs, letters, terms) {
		var i, k, best = -1;
		for (i = 0; i < r.keys.length; i++) {
			k = r.keys[i];
			if (k.indexOf(q) === 0)
				return 0;
			if (k.indexOf(q) !== -1)
				best = 1;
			else if (best !== 1 && qs !== q && k.indexOf(qs) !== -1)
				best = 2;
		}
		if (best !== -1)
			return best;
		if (letters) {
			if (!r.R) {	/* once, at the first pinyin query */
				r.R = r.keys.map(readings);
				r.first = 0;	/* letters a reading starts with */
				r.R.forEach(function (R) {
					R.forEach(function (rs) {
						rs.forEach(function (x) {
							r.first |= 1 << (x.charCodeAt(0) & 31);
						});
					});
				});
			}
			for (i = 0; r.first & 1 << (q.charCodeAt(0) & 31) &&
			    i < r.R.length; i++)
				if (pinyin(r.R[i], q) ||
				    (letters !== q && pinyin(r.R[i], letters)))
					return 3;
		}
		for (i = 0; i < terms.length; i++)
			if (r.all.indexOf(terms[i]) === -1)
				return -1;
		return 4;
	}

	function run() {
		var raw = input.value, q = norm(raw), hits = [], i, k, terms, qs;
		var letters = /^[a-z]{2,}$/.test(q) ? strip(q, PY_ENDS) : "";
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
		terms = width(raw).split(PUNCT).map(function (t) {
			return strip(norm(t), ENDS);
		}).filter(function (t) { return t; });
		qs = strip(q, ENDS);
		for (i = 0; i < rows.length; i++) {
			k = rank(rows[i], q, qs, letters, terms);
			if (k !== -1)
				hits.push({ r: rows[i], rank: k, i: i });
		}
		hits.sort(function (a, b) { return a.rank - b.rank || a.i - b.i; });
		for (i = 0; i < hits.length && i < MAX; i++)
			list.appendChild(item(hits[i].r));
		if (!hits.length)
			say("未找到“" + raw.trim() + "”。请换个关键词，或在下方按区县浏览。");
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
