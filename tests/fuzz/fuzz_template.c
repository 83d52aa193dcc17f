/*
 * libFuzzer harness: the Mustache engine.
 *
 * The input is a template, optionally followed by a NUL byte and a
 * second template that becomes the partial "p".  The partial "self" is
 * the first template again (recursion up to TPL_MAXDEPTH), "broken"
 * makes the loader fail, and every other name is missing.  The template
 * is parsed, its partials resolved, and rendered against a view that
 * has every kind of value, through the HTML or the JSON escaper.
 *
 * Besides crashes, hangs and sanitizer reports, it fails when a parse
 * error has a place beyond the template, when a failed render leaves
 * output behind, or when HTML-escaped output of a template without
 * markup of its own lets markup through from the view.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"

#include "fuzz.h"

struct parts {
	const char	*main, *partial;
	size_t		 mainlen, partiallen;
};

static int
load(void *arg, const char *name, struct tpl_source *src, struct buf *msg)
{
	const struct parts *p = arg;

	if (strcmp(name, "p") == 0 && p->partial != NULL) {
		buf_put(&src->text, p->partial, p->partiallen);
		return 1;
	}
	if (strcmp(name, "self") == 0) {
		buf_put(&src->text, p->main, p->mainlen);
		return 1;
	}
	if (strcmp(name, "broken") == 0) {
		buf_puts(msg, "cannot read it");
		return -1;
	}
	return 0;
}

/* One view with strings (hostile ones too), booleans, lists and maps. */
static const struct tval *
make_view(struct arena *a)
{
	struct tval	*root = tv_map(a), *list = tv_list(a), *item, *nested;
	int		 i;

	tv_set(root, "name", tv_str(a, "<b>\"和平\" & 'x'</b>"));
	tv_set(root, "empty", tv_str(a, ""));
	tv_set(root, "zero", tv_str(a, "0"));
	tv_set(root, "yes", tv_bool(1));
	tv_set(root, "no", tv_bool(0));
	tv_set(root, "nothing", tv_null());
	for (i = 0; i < 3; i++) {
		item = tv_map(a);
		tv_set(item, "n", tv_strf(a, "%d", i));
		tv_set(item, "html", tv_str(a, "<script>alert(1)</script>"));
		tv_push(list, item);
	}
	tv_set(root, "list", list);
	tv_set(root, "empty_list", tv_list(a));
	nested = tv_map(a);
	tv_set(nested, "deeper", root);		/* a cycle through the view */
	tv_set(root, "a", nested);
	return root;
}

static int
has(const char *s, size_t len, const char *what)
{
	size_t	 n = strlen(what), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(s + i, what, n) == 0)
			return 1;
	return 0;
}

/* No markup, raw tags or delimiter changes of the template's own. */
static int
plain(const struct parts *p)
{
	static const char *const marks[] = { "<", "&", "{{{", "=" };
	size_t	 i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (has(p->main, p->mainlen, marks[i]) ||
		    (p->partial != NULL &&
		    has(p->partial, p->partiallen, marks[i])))
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena	 a;
	static const struct tval *view;
	struct parts	 parts;
	struct tpl_err	 err;
	struct tpl_set	*set;
	struct tpl	*t;
	struct buf	 out = { 0 };
	const char	*nul;
	int		 rc;

	if (view == NULL)
		view = make_view(&a);
	memset(&parts, 0, sizeof(parts));
	parts.main = (const char *)data;
	parts.mainlen = size;
	if ((nul = memchr(data, '\0', size)) != NULL) {
		parts.mainlen = (size_t)(nul - (const char *)data);
		parts.partial = nul + 1;
		parts.partiallen = size - parts.mainlen - 1;
	}
	memset(&err, 0, sizeof(err));
	set = tpl_set_new(load, &parts);
	/* The budget works the same at any size; a small one keeps the
	 * fuzzer from spending seconds on each input that reaches it. */
	tpl_set_budget(set, 100000, 4 * 1024 * 1024);
	t = tpl_parse("t", parts.main, parts.mainlen, &err);
	if (t == NULL) {
		if (err.line == 0 || err.line > parts.mainlen + 1 ||
		    err.col == 0)
			abort();	/* a parse error must have its place */
	} else if (tpl_set_resolve(set, t, &err) == 0) {
		buf_puts(&out, "kept");
		rc = tpl_render(t, set, view, size % 2 ? esc_json : esc_html,
		    &out, &err);
		if (rc == -1 && strcmp(out.p, "kept") != 0)
			abort();	/* a failed render must leave out alone */
		if (rc == 0 && size % 2 == 0 && plain(&parts) &&
		    memchr(out.p, '<', out.len) != NULL)
			abort();	/* markup from the view got through */
	}
	tpl_err_format(&err, &out);
	tpl_err_free(&err);
	tpl_free(t);
	tpl_set_free(set);
	buf_free(&out);
	return 0;
}
