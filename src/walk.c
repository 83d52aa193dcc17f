/*
 * From node tree to typed records: one walker, driven by the tables of
 * schema.c, that enforces types, required keys, unknown and duplicate
 * keys for every kind of record, and reads 未公示 where a compound
 * record may say it.
 */
#include <stddef.h>
#include <string.h>

#include "bounds.h"
#include "arena.h"
#include "diag.h"
#include "i18n.h"
#include "scalar.h"
#include "node.h"
#include "schema.h"
#include "tplops.h"
#include "gongshi.h"

/* What a node is, in words, as "not %s" ends a message. */
static const char *
kind_name(const struct node *n)
{
	switch (n->kind) {
	case NODE_MAP:
		return _("a mapping of keys");
	case NODE_SEQ:
		return _("a list");
	case NODE_ALIAS:
		return _("an alias");
	default:
		return n->len ? _("a single value") : _("nothing");
	}
}

/* The row of the key at the end of path (see key_name), or NULL. */
static const struct field *
field_at(const struct schema *sc, const char *path)
{
	const struct field *f = NULL;
	size_t		 n;

	while (sc != NULL && *path != '\0') {
		n = strcspn(path, ".[");
		for (f = sc->fields; f->key != NULL; f++)
			if (strlen(f->key) == n && strncmp(f->key, path, n) == 0)
				break;
		if (f->key == NULL)
			return NULL;
		path += n;
		if (*path == '[')
			path += strcspn(path, "]") + (strchr(path, ']') != NULL);
		if (*path == '.')
			path++;
		sc = f->sub;
	}
	return *path == '\0' ? f : NULL;
}

const struct schema *
schema_at(const struct schema *root, const char *path)
{
	const struct field *f = field_at(root, path);

	return f != NULL ? f->sub : NULL;
}

void
key_name(struct buf *b, const struct schema *root, const char *path)
{
	const struct field *f = field_at(root, path);

	buf_puts(b, path);
	if (f != NULL)
		buf_printf(b, "（%s）", f->label);
}

/*
 * The key being read, named as key_name() names it, with extra (a key
 * not in the tables) after it if not NULL: in w->name until the next
 * call.
 */
static const char *
here(struct walker *w, const char *extra)
{
	size_t	 i, depth = w->depth < WALK_DEPTH ? w->depth : WALK_DEPTH;

	buf_truncate(&w->name, 0);
	for (i = 0; i < depth; i++) {
		buf_printf(&w->name, "%s%s", i ? "." : "", w->path[i].f->key);
		if (w->path[i].index > 0)
			buf_printf(&w->name, "[%zu]", w->path[i].index);
	}
	if (extra != NULL)
		buf_printf(&w->name, "%s%s", w->depth ? "." : "", extra);
	else if (depth > 0)
		buf_printf(&w->name, "（%s）", w->path[depth - 1].f->label);
	return w->name.p;
}

/* Steps into key f while reading its value; leave() steps out. */
static void
enter(struct walker *w, const struct field *f)
{
	if (w->depth < WALK_DEPTH)
		w->path[w->depth].f = f, w->path[w->depth].index = 0;
	w->depth++;
}

static void
leave(struct walker *w)
{
	w->depth--;
}

/* The entry being read of the list one stands in, from 1. */
static void
entry(struct walker *w, size_t i)
{
	if (w->depth > 0 && w->depth <= WALK_DEPTH)
		w->path[w->depth - 1].index = i;
}

static void err(struct walker *, const struct node *, const char *, ...)
	    PRINTF_LIKE(3, 4);

static void
err(struct walker *w, const struct node *n, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vadd(w->diags, gs_file_name(w->fid), n->line, n->col, SEV_ERROR, fmt, ap);
	va_end(ap);
}

/* What an absent F_APART struct reads as: every key absent. */
static const union {
	max_align_t	 align;
	unsigned char	 zeros[APART_MAX];
} no_struct;

const void *
field_value(const void *base, const struct field *f)
{
	const void	*p = (const char *)base + f->off;

	if (!(f->flags & F_APART))
		return p;
	p = *(void *const *)p;
	return p != NULL ? p : no_struct.zeros;
}

void *
field_value_mut(void *base, const struct field *f)
{
	void		*p = (char *)base + f->off;

	return f->flags & F_APART ? *(void **)p : p;
}

/* Where the walker fills field f: an F_APART struct is made first. */
static unsigned char *
field_place(struct walker *w, const struct field *f, void *base)
{
	unsigned char	*p = (unsigned char *)base + f->off;
	void		**apart = (void **)(void *)p;

	if (f->type != FT_STRUCT || !(f->flags & F_APART))
		return p;
	if (*apart == NULL)
		*apart = arena_calloc(w->arena, 1, f->sub->size);
	return *apart;
}

const struct node *
map_get(const struct node *map, const char *key)
{
	size_t	 i;

	if (map == NULL || map->kind != NODE_MAP)
		return NULL;
	for (i = 0; i + 1 < map->n; i += 2)
		if (map->kids[i]->kind == NODE_SCALAR &&
		    strcmp(map->kids[i]->s, key) == 0)
			return map->kids[i + 1];
	return NULL;
}

static int
is_space_at(const char *p, const char *end)
{
	if (p >= end)
		return 0;
	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		return 1;
	/* U+3000 IDEOGRAPHIC SPACE, common when typing Chinese. */
	return end - p >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0 ? 3 : 0;
}

static int
is_space_before(const char *start, const char *p)
{
	if (p <= start)
		return 0;
	if (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '\r')
		return 1;
	return p - start >= 3 && memcmp(p - 3, "\xE3\x80\x80", 3) == 0 ? 3 : 0;
}

/* start..start+len in the arena, or the copy this file made already. */
static const char *
text_once(struct walker *w, const char *start, size_t len)
{
	size_t		 slot;
	char		*p;

	if (len > WALK_SEEN_LEN)
		return arena_strndup(w->arena, start, len);
	slot = tpl_hash(start, len) & (WALK_SEEN - 1);
	if (w->seen->v[slot].s != NULL && w->seen->v[slot].len == len &&
	    memcmp(w->seen->v[slot].s, start, len) == 0)
		return w->seen->v[slot].s;
	p = arena_strndup(w->arena, start, len);
	w->seen->v[slot].s = p;
	w->seen->v[slot].len = len;
	return p;
}

/* The value of f's list that start..end spells, or NULL. */
static const char *
enum_text(const struct field *f, const char *start, const char *end)
{
	size_t		 i, len = (size_t)(end - start);

	for (i = 0; f->values[i] != NULL; i++)
		if (strncmp(f->values[i], start, len) == 0 &&
		    f->values[i][len] == '\0')
			return f->values[i];
	return NULL;
}

/* Fills v from a scalar node of the field's type; reports if invalid. */
static void
set_scalar(struct walker *w, const struct field *f, enum ftype type,
    const struct node *n, struct gs_val *v)
{
	const char	*start, *end, *why = NULL;
	int		 k;
	size_t		 i;
	int64_t		 num = 0, first;

	if (n->kind == NODE_ALIAS)
		return;		/* already reported where it was read */
	if (n->kind != NODE_SCALAR) {
		err(w, n, "%s must be a single value, not %s", here(w, NULL),
		    kind_name(n));
		return;
	}
	/* Only a scalar has text: a list or mapping has no n->s. */
	start = n->s;
	end = n->s + n->len;
	/* A quoted "\0" would cut the text short where C strings end. */
	if (memchr(n->s, '\0', n->len) != NULL) {
		err(w, n, "%s: the control character U+0000 is not allowed",
		    here(w, NULL));
		return;
	}
	if (type == FT_MARKDOWN && n->len > MARKDOWN_MAX) {
		err(w, n, "%s is %zu bytes; Markdown fields may have at "
		    "most %d KiB", here(w, NULL), n->len, MARKDOWN_MAX / 1024);
		return;
	}
	while ((k = is_space_at(start, end)) > 0)
		start += k;
	while ((k = is_space_before(start, end)) > 0)
		end -= k;
	if (start == end) {
		err(w, n, "%s is empty; give a value or remove the key",
		    here(w, NULL));
		return;
	}
	if (type == FT_MARKDOWN)
		start = n->s, end = n->s + n->len;
	/* One of an enum's values is that value's own string: a city's
	 * records repeat a few of them some hundred thousand times. */
	v->s = type == FT_ENUM ? enum_text(f, start, end) : NULL;
	if (v->s == NULL)
		v->s = text_once(w, start, (size_t)(end - start));
	gs_pos_set(&v->pos, w->fid, n->line, n->col);

	switch (type) {
	case FT_TEXT:
	case FT_MARKDOWN:
		why = check_text(v->s, type == FT_MARKDOWN, &w->msg);
		break;
	case FT_ID:
		why = check_id(v->s, &w->msg);
		break;
	case FT_DATE:
		why = parse_date(v->s, &num, &w->msg);
		break;
	case FT_MONEY:
	case FT_DECIMAL:
		why = parse_hundredths(v->s, type == FT_MONEY, &num, &w->msg);
		break;
	case FT_COUNT:
		why = parse_count(v->s, &num, &w->msg);
		break;
	case FT_PHONE:
		why = check_phone(v->s, w->shorts, &w->msg);
		break;
	case FT_USCC:
		why = check_uscc(v->s, &w->msg);
		break;
	case FT_ENUM:
		for (i = 0; f->values[i] != NULL; i++)
			if (strcmp(v->s, f->values[i]) == 0)
				break;
		if (f->values[i] == NULL) {
			buf_truncate(&w->name, 0);
			for (i = 0; f->values[i] != NULL; i++)
				buf_printf(&w->name, "%s%s", i ? C_("between "
				    "listed values", " ") : "", f->values[i]);
			buf_truncate(&w->msg, 0);
			buf_printf(&w->msg, _("'%s' is not one of: %s"), v->s,
			    w->name.p);
			why = w->msg.p;
		}
		num = (int64_t)i;
		break;
	case FT_CODE:
		for (i = 0; v->s[i] >= '0' && v->s[i] <= '9'; i++)
			continue;
		buf_truncate(&w->msg, 0);
		if (v->s[i] != '\0')
			buf_printf(&w->msg, _("'%s' is not an area code; codes "
			    "are digits only"), v->s);
		else if (f->len != 0 && i != f->len)
			buf_printf(&w->msg, ngettext("'%s' has %zu digit; it "
			    "must have %u", "'%s' has %zu digits; it must have "
			    "%u", i), v->s, i, f->len);
		else if (f->len == 0 && i != 6 && i != 9 && i != 12)
			buf_printf(&w->msg, _("'%s' is not an area code (6 "
			    "digits for a district, 9 for a street, 12 for a "
			    "community)"), v->s);
		why = w->msg.len ? w->msg.p : NULL;
		break;
	case FT_URL:
		buf_truncate(&w->msg, 0);
		if (strncmp(v->s, "https://", 8) != 0 &&
		    strncmp(v->s, "http://", 7) != 0)
			buf_printf(&w->msg, _("'%s' must start with https:// "
			    "or http://"), v->s);
		else if (strpbrk(v->s, " \t\n\"'<>\\") != NULL)
			buf_printf(&w->msg, _("'%s' must not contain spaces, "
			    "quotes, '<', '>' or '\\'"), v->s);
		else if (v->s[strcspn(v->s, ":") + 3] == '/' ||
		    v->s[strcspn(v->s, ":") + 3] == '\0')
			buf_printf(&w->msg, _("'%s' has no host name after "
			    "the scheme"), v->s);
		else if (v->s[strlen(v->s) - 1] != '/')
			v->s = arena_printf(w->arena, "%s/", v->s);
		why = w->msg.len ? w->msg.p : NULL;
		break;
	case FT_LINK:
		why = check_link(v->s, &w->msg);
		break;
	case FT_PERIOD:
		why = parse_period(v->s, &first, &num, &w->msg);
		break;
	case FT_PERCENT:
		why = parse_percent(v->s, &num, &w->msg);
		break;
	case FT_DIGITS:
		for (i = 0; v->s[i] >= '0' && v->s[i] <= '9'; i++)
			continue;
		buf_truncate(&w->msg, 0);
		if (v->s[i] != '\0' || i < 3 || i > 6)
			buf_printf(&w->msg, _("'%s' is not a short service "
			    "number (3 to 6 digits)"), v->s);
		why = w->msg.len ? w->msg.p : NULL;
		break;
	default:
		break;
	}
	if (why != NULL) {
		/* TRANSLATORS: a key, then what is wrong with its value. */
		err(w, n, "%s: %s", here(w, NULL), why);
		v->s = NULL;
		return;
	}
	v->n = num;
}

static void walk_map(struct walker *, const struct node *,
	    const struct schema *, void *);

static void
set_list(struct walker *w, const struct field *f, const struct node *n,
    struct gs_list *l)
{
	size_t		 i, size;
	const struct node *item;
	unsigned char	*elem;

	gs_pos_set(&l->pos, w->fid, n->line, n->col);
	size = f->type == FT_LIST ? f->sub->size : sizeof(struct gs_val);
	if (n->n > 0) {
		l->v = arena_calloc(w->arena, n->n, size);
		l->n = n->n;
	} else if (f->flags & F_NONEMPTY)
		err(w, n, "%s must have at least one entry", here(w, NULL));
	for (i = 0; i < n->n; i++) {
		item = n->kids[i];
		elem = (unsigned char *)l->v + i * size;
		entry(w, i + 1);
		if (f->type == FT_VLIST)
			set_scalar(w, f, f->elem, item, (struct gs_val *)elem);
		else if (item->kind == NODE_SCALAR && f->sub->scalar != NULL) {
			gs_pos_set((struct gs_pos *)elem, w->fid, item->line,
			    item->col);
			set_scalar(w, f->sub->scalar, f->sub->scalar->type, item,
			    (struct gs_val *)(elem + f->sub->scalar->off));
		} else
			walk_map(w, item, f->sub, elem);
	}
	entry(w, 0);
}

/* Whether text is the literal 未公示, spaces (full-width too) aside. */
int
text_is_undisclosed(const char *s, size_t len)
{
	const char	*start = s, *end = s + len;
	int		 k;

	while ((k = is_space_at(start, end)) > 0)
		start += k;
	while ((k = is_space_before(start, end)) > 0)
		end -= k;
	return (size_t)(end - start) == strlen(gs_undisclosed) &&
	    memcmp(start, gs_undisclosed, strlen(gs_undisclosed)) == 0;
}

static int
is_undisclosed(const struct node *n)
{
	return n->kind == NODE_SCALAR && text_is_undisclosed(n->s, n->len);
}

/*
 * 未公示 where a compound record requires a value (schema 2): given, with
 * no value, and said once, so the office knows readers will see it.
 */
static void
set_undisclosed(struct walker *w, const struct field *f,
    const struct node *n, unsigned char *p)
{
	struct gs_pos	*pos;

	switch (f->type) {
	case FT_STRUCT:
		pos = (struct gs_pos *)p;
		break;
	case FT_LIST:
	case FT_VLIST:
		pos = &((struct gs_list *)p)->pos;
		break;
	default:
		((struct gs_val *)p)->s = gs_undisclosed;
		((struct gs_val *)p)->n = 0;
		pos = &((struct gs_val *)p)->pos;
		break;
	}
	gs_pos_set(pos, w->fid, n->line, n->col);
	pos->undisclosed = 1;
	w->undisclosed++;
	diag_add(w->diags, gs_file_name(w->fid), n->line, n->col, SEV_WARNING, "%s is "
	    "未公示: readers will see that it is not disclosed, and the "
	    "record counts as incomplete", here(w, NULL));
}

/* One mapping where a list may stand: a list of one, marked so. */
static void
set_one(struct walker *w, const struct field *f, const struct node *n,
    struct gs_list *l)
{
	gs_pos_set(&l->pos, w->fid, n->line, n->col);
	l->v = arena_calloc(w->arena, 1, f->sub->size);
	l->n = 1;
	l->one = true;
	walk_map(w, n, f->sub, l->v);
}

static void
set_field(struct walker *w, const struct field *f, const struct node *n,
    void *base)
{
	unsigned char	*p;

	if (n->kind == NODE_ALIAS)
		return;
	if (is_undisclosed(n)) {
		if (w->compound && (f->flags & (F_REQUIRED | F_DISCLOSE)) &&
		    !(f->flags & F_IDENTITY)) {
			set_undisclosed(w, f, n, field_place(w, f, base));
			return;
		}
		if (f->flags & F_IDENTITY) {
			err(w, n, "%s cannot be 未公示: a record must say "
			    "which compound it is and when its data are from",
			    here(w, NULL));
			return;
		}
		if (w->compound)
			err(w, n, "%s is optional: leave it out rather "
			    "than write 未公示, which stands only where a "
			    "value is required", here(w, NULL));
		else
			err(w, n, "%s: 未公示 stands only in compound "
			    "records; give the value", here(w, NULL));
		return;
	}
	p = field_place(w, f, base);
	switch (f->type) {
	case FT_STRUCT:
		walk_map(w, n, f->sub, p);
		break;
	case FT_LIST:
	case FT_VLIST:
		if (n->kind == NODE_MAP && (f->flags & F_ONE_OR_LIST)) {
			set_one(w, f, n, (struct gs_list *)p);
			break;
		}
		if (n->kind != NODE_SEQ) {
			if (n->kind == NODE_SCALAR && n->len == 0)
				err(w, n, "%s is empty; give a value or "
				    "remove the key", here(w, NULL));
			else
				err(w, n, "%s must be a list (one '- ' "
				    "entry per line, or [a, b]), not %s",
				    here(w, NULL), kind_name(n));
			break;
		}
		set_list(w, f, n, (struct gs_list *)p);
		break;
	default:
		set_scalar(w, f, f->type, n, (struct gs_val *)p);
		break;
	}
}

/* "did you mean" for an unknown key: a close key here, or the same key
 * one level down (a key put at the wrong level). */
static void
unknown_key(struct walker *w, const struct node *k, const struct schema *sc)
{
	const struct field *f, *best = NULL, *g;
	size_t		 d, bestd = SIZE_MAX, klen = strlen(k->s);

	for (f = sc->fields; f->key != NULL; f++) {
		d = edit_distance(k->s, f->key);
		if (d < bestd && (d <= 2 || (klen >= 3 &&
		    strncmp(k->s, f->key, klen) == 0)) && d < strlen(f->key)) {
			bestd = d;
			best = f;
		}
	}
	if (best != NULL) {
		err(w, k, "unknown key %s (did you mean %s?)", here(w, k->s),
		    best->key);
		return;
	}
	for (f = sc->fields; f->key != NULL; f++) {
		if (f->sub == NULL)
			continue;
		for (g = f->sub->fields; g->key != NULL; g++)
			if (strcmp(g->key, k->s) == 0) {
				/* The name of where it belongs, then
				 * of the key itself. */
				enter(w, f);
				buf_truncate(&w->msg, 0);
				buf_puts(&w->msg, here(w, NULL));
				leave(w);
				err(w, k, "unknown key %s (it belongs under %s)",
				    here(w, k->s), w->msg.p);
				return;
			}
	}
	err(w, k, "unknown key %s", here(w, k->s));
}

#define FIELDS_MAX	32	/* more than any table has (compound: 22) */

/* Whether a top-level key is read (walker.only). */
static int
reads_key(const struct walker *w, const char *key)
{
	const char *const *k;

	if (w->only == NULL)
		return 1;
	for (k = w->only; *k != NULL; k++)
		if (strcmp(*k, key) == 0)
			return 1;
	return 0;
}

static void
walk_map(struct walker *w, const struct node *n, const struct schema *sc,
    void *base)
{
	const struct node *seen[FIELDS_MAX] = { 0 };
	const struct field *f;
	const struct node *k;
	struct gs_pos	*pos = base;
	size_t		 i, fi;

	/* The position says the key was given, even with a bad value, so
	 * that a required section is not also reported missing. */
	gs_pos_set(pos, w->fid, n->line, n->col);
	if (n->kind != NODE_MAP) {
		if (n->kind == NODE_SCALAR && n->len == 0)
			err(w, n, "%s is empty; give its keys or remove it",
			    here(w, NULL));
		else if (n->kind != NODE_ALIAS)
			err(w, n, "%s must be a mapping of keys, not %s",
			    here(w, NULL), kind_name(n));
		return;
	}
	for (i = 0; i + 1 < n->n; i += 2) {
		k = n->kids[i];
		if (k->kind != NODE_SCALAR) {
			if (k->kind != NODE_ALIAS)
				err(w, k, "keys must be plain text, not %s",
				    kind_name(k));
			continue;
		}
		if (memchr(k->s, '\0', k->len) != NULL) {
			err(w, k, "a key contains the control character "
			    "U+0000");
			continue;
		}
		for (fi = 0, f = sc->fields; f->key != NULL; f++, fi++)
			if (strcmp(f->key, k->s) == 0)
				break;
		if (f->key == NULL) {
			unknown_key(w, k, sc);
			continue;
		}
		if (w->depth == 0 && !reads_key(w, f->key))
			continue;
		enter(w, f);
		if (seen[fi] != NULL)
			err(w, k, "duplicate key %s (first given at line %u, "
			    "column %u)", here(w, NULL), seen[fi]->line,
			    seen[fi]->col);
		else {
			seen[fi] = k;
			set_field(w, f, n->kids[i + 1], base);
		}
		leave(w);
	}
	for (fi = 0, f = sc->fields; f->key != NULL; f++, fi++)
		if ((f->flags & F_REQUIRED) && seen[fi] == NULL &&
		    (w->depth > 0 || reads_key(w, f->key))) {
			enter(w, f);
			err(w, n, "missing required key %s", here(w, NULL));
			leave(w);
		}
}

/* Checks a whole record against a schema and fills base. */
void
walk_record(struct walker *w, const struct node *root,
    const struct schema *sc, void *base)
{
	if (root->kind != NODE_MAP && !(root->kind == NODE_SCALAR &&
	    root->len == 0)) {
		err(w, root, "the record must be a mapping of keys ('key: "
		    "value' lines), not %s", kind_name(root));
		return;
	}
	w->compound = sc == &schema_compound;
	w->depth = 0;
	walk_map(w, root, sc, base);
}

void
walker_free(struct walker *w)
{
	buf_free(&w->msg);
	buf_free(&w->name);
}
