/*
 * Runs the official Mustache spec through the template engine, one
 * "ok" or "not ok" line per case.  The spec's YAML files (MIT, their
 * licence beside them) live in tests/mustache-spec/, so every clone
 * runs them; $MUSTACHE_SPEC names another copy.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "template.h"

#include "tap.h"

static const char *const files[] = {
	"comments.yml",
	"delimiters.yml",
	"interpolation.yml",
	"inverted.yml",
	"partials.yml",
	"sections.yml",
	"~inheritance.yml",
	NULL
};

struct partials {
	yaml_document_t	*doc;
	yaml_node_t	*map;		/* name: template, or NULL */
};

static yaml_node_t *
get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t *pair;
	yaml_node_t	*k;

	if (map == NULL || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (pair = map->data.mapping.pairs.start;
	    pair < map->data.mapping.pairs.top; pair++) {
		k = yaml_document_get_node(doc, pair->key);
		if (k != NULL && k->type == YAML_SCALAR_NODE &&
		    k->data.scalar.length == strlen(key) &&
		    memcmp(k->data.scalar.value, key, strlen(key)) == 0)
			return yaml_document_get_node(doc, pair->value);
	}
	return NULL;
}

static const char *
text(yaml_node_t *n, size_t *len)
{
	if (n == NULL || n->type != YAML_SCALAR_NODE) {
		*len = 0;
		return "";
	}
	*len = n->data.scalar.length;
	return (const char *)n->data.scalar.value;
}

static int
is_word(const char *s, size_t n, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strlen(*words) == n && memcmp(s, *words, n) == 0)
			return 1;
	return 0;
}

/*
 * The view builder, not the engine, formats numbers; the spec expects
 * YAML's reading of them, so a decimal loses its trailing zeros
 * (1.210 prints as 1.21) and integers stay as written.
 */
static struct tval *
number(struct arena *a, const char *s, size_t n)
{
	size_t	 i = 0, dot;

	if (i < n && s[i] == '-')
		i++;
	if (i == n || s[i] < '0' || s[i] > '9')
		return NULL;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == n)
		return tv_strn(a, s, n);
	if (s[i] != '.' || i + 1 == n)
		return NULL;
	dot = i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i != n)
		return NULL;
	while (n > dot + 1 && s[n - 1] == '0')
		n--;
	if (n == dot + 1)
		n = dot;
	return tv_strn(a, s, n);
}

static const struct tval *
build(yaml_document_t *doc, yaml_node_t *n, struct arena *a)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL",
		NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE",
		NULL };
	yaml_node_item_t *item;
	yaml_node_pair_t *pair;
	struct tval	*v;
	const char	*s;
	char		*key;
	size_t		 len;

	if (n == NULL)
		return tv_null();
	switch (n->type) {
	case YAML_SCALAR_NODE:
		s = text(n, &len);
		if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
			return tv_strn(a, s, len);
		if (is_word(s, len, nulls))
			return tv_null();
		if (is_word(s, len, trues))
			return tv_bool(1);
		if (is_word(s, len, falses))
			return tv_bool(0);
		if ((v = number(a, s, len)) != NULL)
			return v;
		return tv_strn(a, s, len);
	case YAML_SEQUENCE_NODE:
		v = tv_list(a);
		for (item = n->data.sequence.items.start;
		    item < n->data.sequence.items.top; item++)
			tv_push(v, build(doc,
			    yaml_document_get_node(doc, *item), a));
		return v;
	case YAML_MAPPING_NODE:
		v = tv_map(a);
		for (pair = n->data.mapping.pairs.start;
		    pair < n->data.mapping.pairs.top; pair++) {
			s = text(yaml_document_get_node(doc, pair->key), &len);
			key = arena_strndup(a, s, len);
			tv_set(v, key, build(doc,
			    yaml_document_get_node(doc, pair->value), a));
		}
		return v;
	default:
		return tv_null();
	}
}

static int
load_partial(void *arg, const char *name, struct tpl_source *src,
    struct buf *msg)
{
	struct partials	*pp = arg;
	yaml_node_t	*n;
	const char	*s;
	size_t		 len;

	(void)msg;
	if ((n = get(pp->doc, pp->map, name)) == NULL)
		return 0;
	s = text(n, &len);
	buf_put(&src->text, s, len);
	return 1;
}

static void
run_case(const char *file, yaml_document_t *doc, yaml_node_t *tc)
{
	struct partials	 pp;
	struct arena	 a = { 0 };
	struct tpl_err	 err = { 0 };
	struct buf	 out = { 0 }, again = { 0 }, msg = { 0 };
	struct tpl_set	*set;
	struct tpl	*t;
	const struct tval *view;
	const char	*name, *src, *want;
	size_t		 namelen, srclen, wantlen;
	int		 pass, rc;

	name = text(get(doc, tc, "name"), &namelen);
	src = text(get(doc, tc, "template"), &srclen);
	want = text(get(doc, tc, "expected"), &wantlen);
	pp.doc = doc;
	pp.map = get(doc, tc, "partials");
	set = tpl_set_new(load_partial, &pp);
	view = build(doc, get(doc, tc, "data"), &a);

	rc = -1;
	if ((t = tpl_parse("template", src, srclen, &err)) != NULL) {
		rc = tpl_render(t, set, view, esc_html, &out, &err);
		/* A parsed template must render the same every time. */
		if (rc == 0 && (tpl_render(t, set, view, esc_html, &again,
		    &err) != 0 || again.len != out.len ||
		    memcmp(again.p, out.p, out.len) != 0))
			rc = -2;
	}
	pass = rc == 0 && out.len == wantlen &&
	    memcmp(out.p, want, wantlen) == 0;
	printf("%s - %s: %.*s\n", pass ? "ok" : "not ok", file,
	    (int)namelen, name);
	if (!pass) {
		tap_visible("template:", src, srclen);
		tap_visible("expected:", want, wantlen);
		if (rc == -1) {
			tpl_err_format(&err, &msg);
			printf("    error:    %s\n", msg.p);
		} else if (rc == -2)
			printf("    error:    second rendering differs\n");
		else
			tap_visible("got:", out.p, out.len);
	}
	tpl_free(t);
	tpl_set_free(set);
	tpl_err_free(&err);
	buf_free(&out);
	buf_free(&again);
	buf_free(&msg);
	arena_free(&a);
}

static void
run_file(const char *dir, const char *file)
{
	yaml_parser_t	 parser;
	yaml_document_t	 doc;
	yaml_node_t	*tests;
	yaml_node_item_t *item;
	struct buf	 path = { 0 };
	FILE		*f;

	buf_printf(&path, "%s/%s", dir, file);
	if ((f = fopen(path.p, "rb")) == NULL) {
		printf("not ok - %s: cannot open %s\n", file, path.p);
		buf_free(&path);
		return;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		printf("not ok - %s: %s at line %zu\n", file,
		    parser.problem != NULL ? parser.problem : "bad YAML",
		    parser.problem_mark.line + 1);
		yaml_parser_delete(&parser);
		fclose(f);
		buf_free(&path);
		return;
	}
	tests = get(&doc, yaml_document_get_root_node(&doc), "tests");
	if (tests == NULL || tests->type != YAML_SEQUENCE_NODE)
		printf("not ok - %s: no tests in it\n", file);
	else
		for (item = tests->data.sequence.items.start;
		    item < tests->data.sequence.items.top; item++)
			run_case(file, &doc,
			    yaml_document_get_node(&doc, *item));
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(f);
	buf_free(&path);
}

int
main(void)
{
	const char	*dir = getenv("MUSTACHE_SPEC");
	struct stat	 st;
	size_t		 i;

	if (dir == NULL || *dir == '\0')
		dir = "tests/mustache-spec";
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		printf("not ok - mustache spec: %s not found\n", dir);
		return 1;
	}
	for (i = 0; files[i] != NULL; i++)
		run_file(dir, files[i]);
	return 0;
}
