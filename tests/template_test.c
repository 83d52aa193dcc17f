/*
 * What the mustache spec does not cover: parse errors and their
 * places, reuse of a parsed template, the partial cache and depth
 * limit, the view, and each escaper on hostile input.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"

#include "tap.h"

static int
same(const char *what, const char *got, size_t gotlen, const char *want)
{
	int	 pass;

	if (got == NULL)
		got = "";
	pass = gotlen == strlen(want) && memcmp(got, want, gotlen) == 0;
	tap(pass, "%s", what);
	if (!pass) {
		tap_visible("expected:", want, strlen(want));
		tap_visible("got:", got, gotlen);
	}
	return pass;
}

/*
 * Partials for the tests: name, source, name, source…  A source of
 * NULL makes the loader fail.  calls counts what the set asked for.
 */
struct pairs {
	const char *const *v;
	int		 calls;
};

static int
load_pairs(void *arg, const char *name, struct tpl_source *src,
    struct buf *msg)
{
	struct pairs	*pp = arg;
	size_t		 i;

	pp->calls++;
	for (i = 0; pp->v[i] != NULL; i += 2) {
		if (strcmp(pp->v[i], name) != 0)
			continue;
		if (pp->v[i + 1] == NULL) {
			buf_puts(msg, "disk on fire");
			return -1;
		}
		buf_printf(&src->path, "layouts/%s.mustache", name);
		buf_puts(&src->text, pp->v[i + 1]);
		return 1;
	}
	return 0;
}

/* Parses and renders src, giving the output or the formatted error. */
static int
render(const char *src, const struct tval *view, struct tpl_set *set,
    tpl_escfn esc, struct buf *out)
{
	struct tpl_err	 err = { 0 };
	struct tpl	*t;
	int		 rc = -1;

	buf_truncate(out, 0);
	if ((t = tpl_parse("t", src, strlen(src), &err)) != NULL)
		rc = tpl_render(t, set, view, esc, out, &err);
	if (rc == -1) {
		buf_truncate(out, 0);
		tpl_err_format(&err, out);
	}
	tpl_free(t);
	tpl_err_free(&err);
	return rc;
}

static void
parse_errors(void)
{
	static const struct {
		const char	*src;
		const char	*want;
	} cases[] = {
		{ "{{#a}}x", "t:1:1: error: \"{{#a}}\" is never closed" },
		{ "a\n  {{#a}}{{/b}}", "t:2:9: error: \"/b\" does not close "
		    "\"#a\" opened at 2:3" },
		{ "x {{y", "t:1:3: error: unclosed tag: no \"}}\" after "
		    "\"{{\"" },
		{ "{{{x}}", "t:1:1: error: unclosed tag: no \"}}}\" after "
		    "\"{{{\"" },
		{ "ab\n\n{{=a=}}", "t:3:1: error: bad delimiters \"a\": want "
		    "two, such as {{=<% %>=}}" },
		{ "{{= a b c =}}", "t:1:1: error: bad delimiters \"a b c\": "
		    "want two, such as {{=<% %>=}}" },
		{ "{{}}", "t:1:1: error: empty tag" },
		{ "{{/x}}", "t:1:1: error: \"/x\" closes nothing" },
		{ "{{a b}}", "t:1:1: error: bad tag name \"a b\": names have "
		    "no spaces" },
		{ "{{a..b}}", "t:1:1: error: bad name \"a..b\": empty part "
		    "between dots" },
		{ "{{a.}}", "t:1:1: error: bad name \"a.\": empty part "
		    "between dots" },
		/* Columns count characters, as libyaml's do. */
		{ "济南市{{/x}}", "t:1:4: error: \"/x\" closes nothing" },
		{ "a\r\nb\r\n  {{#x}}", "t:3:3: error: \"{{#x}}\" is never "
		    "closed" },
		{ "{{=<% %>=}}\n<%#a%>", "t:2:1: error: \"<%#a%>\" is never "
		    "closed" },
		{ "{{# a }}{{=<% %>=}}", "t:1:1: error: \"{{# a }}\" is never "
		    "closed" },
		{ "{{<p}}{{$b}}x{{/p}}", "t:1:14: error: \"/p\" does not "
		    "close \"$b\" opened at 1:7" },
	};
	struct buf	 out = { 0 };
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = render(cases[i].src, NULL, NULL, NULL, &out);
		if (rc != -1)
			tap(0, "parse error %zu: parsed", i);
		else
			same(cases[i].want, out.p, out.len, cases[i].want);
	}
	buf_free(&out);
}

/* Sections nested past the limit fail instead of exhausting the stack. */
static void
deep_nesting(void)
{
	struct buf	 src = { 0 }, out = { 0 };
	int		 i, rc;

	for (i = 0; i < 5000; i++)
		buf_puts(&src, "{{#a}}");
	rc = render(src.p, NULL, NULL, NULL, &out);
	tap(rc == -1 && strstr(out.p, "nested more than 100 deep") != NULL,
	    "5000 nested sections: parse error, no stack overflow");
	buf_free(&src);
	buf_free(&out);
}

static void
render_errors(void)
{
	static const char *const v[] = {
		"broken", "ok\n  {{#x}}",
		"failing", NULL,
		NULL
	};
	struct pairs	 pp = { v, 0 };
	struct tpl_set	*set = tpl_set_new(load_pairs, &pp);
	struct buf	 out = { 0 };
	struct tpl_err	 err = { 0 };
	struct tpl	*t;
	int		 rc;

	render("a{{>broken}}b", NULL, set, NULL, &out);
	same("a partial that does not parse: error names its path",
	    out.p, out.len, "layouts/broken.mustache:2:3: error: "
	    "\"{{#x}}\" is never closed");
	render("a{{>failing}}b", NULL, set, NULL, &out);
	same("a loader failure: error carries its message, and the name "
	    "when the loader gave no path", out.p, out.len,
	    "failing: error: disk on fire");

	/* On failure the output is left as it was. */
	t = tpl_parse("t", "x{{>broken}}", 12, &err);
	buf_truncate(&out, 0);
	buf_puts(&out, "kept");
	rc = tpl_render(t, set, NULL, NULL, &out, &err);
	tap(rc == -1 && out.len == 4 && strcmp(out.p, "kept") == 0,
	    "failed render leaves the output buffer as it was");
	rc = tpl_set_resolve(set, t, &err);
	tap(rc == -1 && err.line == 2 && err.col == 3 &&
	    strcmp(err.file, "layouts/broken.mustache") == 0,
	    "tpl_set_resolve reports a broken partial with its place");
	tpl_free(t);
	tpl_err_free(&err);
	buf_free(&out);
	tpl_set_free(set);
}

static void
reuse(void)
{
	struct arena	 a = { 0 };
	struct tpl_err	 err = { 0 };
	struct buf	 out = { 0 }, want = { 0 };
	struct tpl	*t;
	struct tval	*v, *tags;
	const char	*src = "<li id=\"n{{n}}\">{{name}}{{#even}} even"
	    "{{/even}}{{^even}} odd{{/even}}:{{#tags}} {{.}}{{/tags}}</li>";
	int		 i, bad = 0;

	t = tpl_parse("list", src, strlen(src), &err);
	for (i = 0; t != NULL && i < 1000; i++) {
		v = tv_map(&a);
		tv_set(v, "n", tv_strf(&a, "%d", i));
		tv_set(v, "name", tv_strf(&a, "<b>%d</b>", i * 7));
		tv_set(v, "even", tv_bool(i % 2 == 0));
		tags = tv_list(&a);
		tv_push(tags, tv_strf(&a, "t%d", i % 3));
		if (i % 5 == 0)
			tv_push(tags, tv_str(&a, "five"));
		tv_set(v, "tags", tags);
		buf_truncate(&out, 0);
		buf_truncate(&want, 0);
		buf_printf(&want, "<li id=\"n%d\">&lt;b&gt;%d&lt;/b&gt; %s: "
		    "t%d%s</li>", i, i * 7, i % 2 == 0 ? "even" : "odd",
		    i % 3, i % 5 == 0 ? " five" : "");
		if (tpl_render(t, NULL, v, NULL, &out, &err) != 0 ||
		    strcmp(out.p, want.p) != 0) {
			if (bad++ == 0) {
				tap_visible("expected:", want.p, want.len);
				tap_visible("got:", out.p, out.len);
			}
		}
		arena_reset(&a);
	}
	tap(t != NULL && bad == 0, "one parse, 1000 renders with different "
	    "data (%d wrong)", bad);
	tpl_free(t);
	tpl_err_free(&err);
	buf_free(&out);
	buf_free(&want);
	arena_free(&a);
}

static void
partial_cache(void)
{
	static const char *const v[] = {
		"item", "<i>{{.}}</i>",
		NULL
	};
	struct pairs	 pp = { v, 0 };
	struct tpl_set	*set = tpl_set_new(load_pairs, &pp);
	struct arena	 a = { 0 };
	struct tval	*view, *items;
	struct buf	 out = { 0 };
	int		 i, rc;

	view = tv_map(&a);
	items = tv_list(&a);
	for (i = 0; i < 10000; i++)
		tv_push(items, tv_strf(&a, "%d", i % 10));
	tv_set(view, "items", items);
	rc = render("{{#items}}{{>item}}{{>nope}}{{/items}}", view, set,
	    NULL, &out);
	tap(rc == 0 && out.len == 10000 * strlen("<i>0</i>"),
	    "a partial used 10,000 times renders each time");
	tap(pp.calls == 2 && tpl_set_loads(set) == 2, "... and is loaded "
	    "and parsed once, a missing one looked for once (%d loads)",
	    pp.calls);
	render("{{>item}}{{>nope}}", view, set, NULL, &out);
	tap(pp.calls == 2, "later renders do not ask the loader again");
	buf_free(&out);
	arena_free(&a);
	tpl_set_free(set);
}

static void
resolve(void)
{
	static const char *const v[] = {
		"a", "A{{>b}}",
		"b", "B{{<c}}{{$x}}{{>d}}{{/x}}{{/c}}",
		"c", "C{{$x}}{{/x}}",
		"d", "D{{>a}}",
		NULL
	};
	struct pairs	 pp = { v, 0 };
	struct tpl_set	*set = tpl_set_new(load_pairs, &pp);
	struct tpl_err	 err = { 0 };
	struct tpl	*t;
	struct buf	 out = { 0 };

	t = tpl_parse("t", "{{>a}}", 6, &err);
	tap(tpl_set_resolve(set, t, &err) == 0 && pp.calls == 4,
	    "tpl_set_resolve loads every reachable partial once, through "
	    "parents and blocks (%d loads)", pp.calls);
	tpl_render(t, set, NULL, NULL, &out, &err);
	tap(pp.calls == 4, "rendering after resolve does not load");
	tpl_free(t);
	tpl_err_free(&err);
	buf_free(&out);
	tpl_set_free(set);
}

static void
given_tpl(void)
{
	struct tpl_set	*set;
	struct tpl_err	 err = { 0 };
	struct buf	 out = { 0 };

	set = tpl_set_new(NULL, NULL);
	tap(tpl_set_add(set, "p", "[{{x}}]", 7, &err) == 0 &&
	    tpl_set_add(set, "p", "({{x}})", 7, &err) == 0,
	    "tpl_set_add registers, and replaces, a template");
	render("{{>p}}{{>q}}", NULL, set, NULL, &out);
	same("... which partials then find; no loader means missing is "
	    "empty", out.p, out.len, "()");
	tpl_set_free(set);
	tpl_err_free(&err);
	buf_free(&out);
}

static void
depth_limit(void)
{
	static const char *const v[] = {
		"self", "x{{>self}}",
		"ping", "{{>pong}}",
		"pong", "{{>ping}}",
		"p", "{{$a}}{{/a}}",
		NULL
	};
	struct pairs	 pp = { v, 0 };
	struct tpl_set	*set = tpl_set_new(load_pairs, &pp);
	struct buf	 out = { 0 };
	int		 rc;

	rc = render("{{>self}}", NULL, set, NULL, &out);
	tap(rc == -1, "a partial including itself stops with an error");
	same("... that names the tag and the limit", out.p, out.len,
	    "layouts/self.mustache:1:2: error: \"self\" nested more than 64 "
	    "deep; does it include itself?");
	rc = render("{{>ping}}", NULL, set, NULL, &out);
	tap(rc == -1 && strstr(out.p, "nested more than 64 deep") != NULL,
	    "mutually recursive partials stop too");
	rc = render("{{<p}}{{$a}}[{{$a}}{{/a}}]{{/a}}{{/p}}", NULL, set,
	    NULL, &out);
	tap(rc == -1 && strstr(out.p, "block \"a\" nested more than 64") !=
	    NULL, "an argument that holds its own block stops too");
	buf_free(&out);
	tpl_set_free(set);
}

static void
indentation(void)
{
	static const char *const v[] = {
		"outer", "x\n  {{>inner}}\nw\n",
		"inner", "y\nz\n",
		"crlf", "a\r\nb\r\n",
		"page",
		    "<main>\n  {{$body}}\n  default\n  {{/body}}\n</main>\n",
		NULL
	};
	struct pairs	 pp = { v, 0 };
	struct tpl_set	*set = tpl_set_new(load_pairs, &pp);
	struct arena	 a = { 0 };
	struct buf	 out = { 0 };
	struct tval	*view = tv_map(&a);

	tv_set(view, "data", tv_str(&a, "1\n2"));
	render("  {{>outer}}\n", view, set, NULL, &out);
	same("standalone partials in partials add up their indentation",
	    out.p, out.len, "  x\n    y\n    z\n  w\n");
	render("<pre>\n\t{{>crlf}}\r\n</pre>", view, set, NULL, &out);
	same("CRLF lines are indented and the tag's CRLF removed",
	    out.p, out.len, "<pre>\n\ta\r\n\tb\r\n</pre>");
	render("{{<page}}\n  {{$body}}\n    <p>{{data}}</p>\n  {{/body}}\n"
	    "{{/page}}\n", view, set, NULL, &out);
	same("a block argument is re-indented to where the parent puts it; "
	    "data is not", out.p, out.len, "<main>\n  <p>1\n2</p>\n"
	    "</main>\n");
	buf_free(&out);
	arena_free(&a);
	tpl_set_free(set);
}

static void
view(void)
{
	struct arena	 a = { 0 };
	struct buf	 out = { 0 }, want = { 0 }, src = { 0 };
	struct tval	*v, *big;
	char		 key[16];
	int		 i, good = 1;

	v = tv_map(&a);
	tv_set(v, "empty", tv_str(&a, ""));
	tv_set(v, "zero", tv_str(&a, "0"));
	tv_set(v, "list", tv_list(&a));
	tv_set(v, "map", tv_map(&a));
	tv_set(v, "yes", tv_bool(1));
	tv_set(v, "no", tv_bool(0));
	tv_set(v, "nil", tv_null());
	render("[{{#empty}}E{{/empty}}{{^empty}}not-E{{/empty}}]"
	    "[{{#zero}}Z{{/zero}}][{{#map}}M{{/map}}][{{^list}}no-L{{/list}}]"
	    "[{{list}}{{map}}{{nil}}][{{yes}} {{no}}]", v, NULL, NULL, &out);
	same("empty string falsey, \"0\" and maps truthy, lists and maps "
	    "print nothing, booleans print nothing", out.p, out.len,
	    "[not-E][Z][M][no-L][][ ]");

	/* A map big enough to be hashed, looked up from a template. */
	big = tv_map(&a);
	for (i = 0; i < 50; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		tv_set(big, key, tv_strf(&a, "v%d", i));
		buf_printf(&src, "{{%s}},", key);
		buf_printf(&want, "v%d,", i);
	}
	tv_set(big, "k7", tv_str(&a, "seven"));
	tv_set(big, "k42", tv_str(&a, "forty-two"));
	for (i = 0; i < 50; i++)
		if (big->u.map.kv[i].val->type != TV_STR)
			good = 0;
	tap(good && big->u.map.n == 50 && strcmp(big->u.map.kv[7].key,
	    "k7") == 0 && tv_get(big, "k49") != NULL &&
	    tv_get(big, "k50") == NULL, "50-key map: tv_set replaces in "
	    "place, keeps order, tv_get finds every key");
	buf_truncate(&want, 0);
	for (i = 0; i < 50; i++) {
		if (i == 7)
			buf_puts(&want, "seven,");
		else if (i == 42)
			buf_puts(&want, "forty-two,");
		else
			buf_printf(&want, "v%d,", i);
	}
	render(src.p, big, NULL, NULL, &out);
	same("50-key map: every key found from a template", out.p, out.len,
	    want.p);

	render("你好，{{name}}！{{#name}}【{{.}}】{{/name}}",
	    tv_get(v, "nil"), NULL, NULL, &out);
	same("a null view renders as empty", out.p, out.len, "你好，！");
	v = tv_map(&a);
	tv_set(v, "name", tv_str(&a, "济南 & 泉城"));
	render("你好，{{name}}！{{#name}}【{{.}}】{{/name}}", v, NULL, NULL,
	    &out);
	same("multi-byte UTF-8 in templates and data passes through",
	    out.p, out.len, "你好，济南 &amp; 泉城！【济南 &amp; 泉城】");
	v = tv_map(&a);
	tv_set(v, "t", tv_str(&a, "</script>\"\n"));
	render("{\"t\": \"{{t}}\", \"raw\": \"{{{t}}}\"}", v, NULL, esc_json,
	    &out);
	same("the escaper is chosen per render: esc_json", out.p, out.len,
	    "{\"t\": \"\\u003c/script\\u003e\\\"\\n\", \"raw\": "
	    "\"</script>\"\n\"}");
	buf_free(&out);
	buf_free(&want);
	buf_free(&src);
	arena_free(&a);
}

static void
esc(const char *what, tpl_escfn fn, const char *in, size_t inlen,
    const char *want)
{
	struct buf	 out = { 0 };

	fn(&out, in, inlen);
	same(what, out.p, out.len, want);
	buf_free(&out);
}

#define ESC(fn, in, want)	esc(#fn " " #in, fn, in, sizeof(in) - 1, want)

static void
escapers(void)
{
	ESC(esc_html, "<script>alert(1)</script>",
	    "&lt;script&gt;alert(1)&lt;/script&gt;");
	ESC(esc_html, "\" onmouseover=\"x", "&quot; onmouseover=&quot;x");
	ESC(esc_html, "'", "&#39;");
	ESC(esc_html, "a&b", "a&amp;b");
	ESC(esc_html, "济南市<泉城>", "济南市&lt;泉城&gt;");
	ESC(esc_html, "", "");

	ESC(esc_css, "</style><script>", "\\3c /style\\3e \\3c script\\3e ");
	ESC(esc_css, "a\"b\\c", "a\\22 b\\5c c");
	ESC(esc_css, "x\ny\x1f" "z", "x\\a y\\1f z");
	ESC(esc_css, "市民服务热线 12345", "市民服务热线 12345");

	ESC(esc_xml, "it's <b>", "it&apos;s &lt;b&gt;");
	ESC(esc_xml, "a\x01" "b\x1f" "c\td\ne\r", "abc\td\ne\r");
	ESC(esc_xml, "物业&服务", "物业&amp;服务");

	ESC(esc_href, "javascript:alert(1)", "javascript%3Aalert(1)");
	ESC(esc_href, "JaVaScRiPt:alert(1)", "JaVaScRiPt%3Aalert(1)");
	ESC(esc_href, " javascript:alert(1)", "%20javascript:alert(1)");
	ESC(esc_href, "java\tscript:alert(1)", "java%09script:alert(1)");
	ESC(esc_href, "data:text/html,<script>alert(1)</script>",
	    "data%3Atext/html,%3Cscript%3Ealert(1)%3C/script%3E");
	ESC(esc_href, "vbscript:x", "vbscript%3Ax");
	ESC(esc_href, "\" onmouseover=\"x", "%22%20onmouseover=%22x");
	ESC(esc_href, "'><script>", "%27%3E%3Cscript%3E");
	ESC(esc_href, "https://wygs.example.cn/a b?q=1&r=2#top",
	    "https://wygs.example.cn/a%20b?q=1&amp;r=2#top");
	ESC(esc_href, "HTTPS://x.cn/", "HTTPS://x.cn/");
	ESC(esc_href, "mailto:a@b.cn", "mailto:a@b.cn");
	ESC(esc_href, "tel:0531-88001234", "tel:0531-88001234");
	ESC(esc_href, "/小区/历下", "/%E5%B0%8F%E5%8C%BA/%E5%8E%86%E4%B8%8B");
	ESC(esc_href, "/a%20b/100%", "/a%20b/100%25");
	ESC(esc_href, "../x.html", "../x.html");
	ESC(esc_href, "a:b/c", "a%3Ab/c");

	ESC(esc_json, "</script><!--", "\\u003c/script\\u003e\\u003c!--");
	ESC(esc_json, "\x01\x1f\n\t\r", "\\u0001\\u001f\\n\\t\\r");
	ESC(esc_json, "\"\\'&", "\\\"\\\\\\u0027\\u0026");
	ESC(esc_json, "泉城\xe2\x80\xa8|\xe2\x80\xa9|\xe2\x80\x94",
	    "泉城\\u2028|\\u2029|\xe2\x80\x94");
	ESC(esc_json, "end\xe2", "end\xe2");
	esc("esc_json keeps NUL as \\u0000", esc_json, "a\0b", 3,
	    "a\\u0000b");

	ESC(esc_csv, "=HYPERLINK(\"http://evil\",\"x\")",
	    "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
	ESC(esc_csv, "@SUM(A1:A9)", "\"'@SUM(A1:A9)\"");
	ESC(esc_csv, "+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\"");
	ESC(esc_csv, "-2+3", "\"'-2+3\"");
	ESC(esc_csv, "\tx", "\"'\tx\"");
	ESC(esc_csv, "\rx", "\"'\rx\"");
	ESC(esc_csv, "-12.5", "-12.5");
	ESC(esc_csv, "+86", "+86");
	ESC(esc_csv, "a,b", "\"a,b\"");
	ESC(esc_csv, "say \"hi\"", "\"say \"\"hi\"\"\"");
	ESC(esc_csv, "line1\nline2", "\"line1\nline2\"");
	ESC(esc_csv, "line1\r\nline2", "\"line1\r\nline2\"");
	ESC(esc_csv, " lead", "\" lead\"");
	ESC(esc_csv, "trail ", "\"trail \"");
	ESC(esc_csv, "plain text", "plain text");
	ESC(esc_csv, "物业,服务", "\"物业,服务\"");
	ESC(esc_csv, "", "");
}

int
main(void)
{
	parse_errors();
	deep_nesting();
	render_errors();
	reuse();
	partial_cache();
	resolve();
	given_tpl();
	depth_limit();
	indentation();
	view();
	escapers();
	return 0;
}
