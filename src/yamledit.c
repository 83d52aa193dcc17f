/*
 * Changing a YAML record as a person would: see yamledit.h.
 *
 * Rendering walks the editable tree beside the original text.  What did
 * not change is never touched; a changed value is rewritten between its
 * own first and last byte; a removed key or list entry takes its lines
 * with it; an added one is written as new lines after its neighbours, at
 * their indentation and in their style.  Where a change cannot be made
 * line by line (a flow collection {…} gaining a key, a first key sharing
 * its line with a list's dash), the smallest collection holding it is
 * written anew.  Each change is an edit of a byte range; the edits never
 * overlap, and are applied in order.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "arena.h"
#include "buf.h"
#include "yamledit.h"

/* ---- the editable tree ---- */

static struct mnode *
new_mnode(struct mdoc *d, enum node_kind kind, const struct cellref *cell)
{
	struct mnode	*m = arena_calloc(d->arena, 1, sizeof(*m));

	m->kind = kind;
	if (cell != NULL)
		m->cell = *cell;
	return m;
}

static void
add_kid(struct mdoc *d, struct mnode *m, const char *key,
    const struct node *korig, const struct node *vorig, struct mnode *v)
{
	struct mentry	*nv;

	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 8;
		nv = arena_alloc(d->arena, m->cap * sizeof(*nv));
		if (m->n > 0)
			memcpy(nv, m->kids, m->n * sizeof(*nv));
		m->kids = nv;
	}
	m->kids[m->n].key = key;
	m->kids[m->n].korig = korig;
	m->kids[m->n].vorig = vorig;
	m->kids[m->n].v = v;
	m->n++;
	if (v != NULL)
		v->parent = m;
}

static struct mnode *
from_node(struct mdoc *d, const struct node *n)
{
	struct mnode	*m;
	size_t		 i;

	m = new_mnode(d, n->kind == NODE_ALIAS ? NODE_SCALAR : n->kind, NULL);
	m->orig = n;
	m->flow = n->flow;
	switch (n->kind) {
	case NODE_MAP:
		for (i = 0; i + 1 < n->n; i += 2)
			add_kid(d, m, n->kids[i]->kind == NODE_SCALAR ?
			    n->kids[i]->s : "", n->kids[i], n->kids[i + 1],
			    from_node(d, n->kids[i + 1]));
		break;
	case NODE_SEQ:
		for (i = 0; i < n->n; i++)
			add_kid(d, m, NULL, NULL, n->kids[i],
			    from_node(d, n->kids[i]));
		break;
	default:
		m->text = n->s != NULL ? n->s : "";
		break;
	}
	return m;
}

void
mdoc_open(struct mdoc *d, const char *text, size_t len,
    const struct node *root, struct arena *a)
{
	d->text = text;
	d->len = len;
	d->arena = a;
	d->root = from_node(d, root);
}

void
mdoc_new(struct mdoc *d, struct arena *a)
{
	d->text = NULL;
	d->len = 0;
	d->arena = a;
	d->root = new_mnode(d, NODE_MAP, NULL);
}

static void
mark_dirty(struct mnode *m)
{
	for (; m != NULL; m = m->parent)
		m->dirty = 1;
}

struct mnode *
mnode_scalar(struct mdoc *d, const char *text, enum ftype type,
    const struct cellref *cell)
{
	struct mnode	*m = new_mnode(d, NODE_SCALAR, cell);

	m->text = arena_strdup(d->arena, text);
	m->type = type;
	m->changed = 1;
	return m;
}

struct mnode *
mnode_map(struct mdoc *d, const struct schema *sc, const struct cellref *cell)
{
	struct mnode	*m = new_mnode(d, NODE_MAP, cell);

	m->sc = sc;
	return m;
}

struct mnode *
mnode_seq(struct mdoc *d, const struct cellref *cell)
{
	return new_mnode(d, NODE_SEQ, cell);
}

struct mnode *
mmap_get(const struct mnode *map, const char *key)
{
	size_t	 i;

	if (map == NULL || map->kind != NODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (map->kids[i].v != NULL && strcmp(map->kids[i].key, key) == 0)
			return map->kids[i].v;
	return NULL;
}

void
mmap_set(struct mdoc *d, struct mnode *map, const char *key,
    struct mnode *value)
{
	size_t	 i;

	for (i = 0; i < map->n; i++)
		if (map->kids[i].v != NULL && strcmp(map->kids[i].key, key) == 0) {
			map->kids[i].v = value;
			value->parent = map;
			mark_dirty(value);
			return;
		}
	add_kid(d, map, arena_strdup(d->arena, key), NULL, NULL, value);
	map->structural = 1;
	mark_dirty(value);
}

/*
 * Removes entry i of m: one read from the file stays, valueless, so that
 * its lines go; one added since goes as if never added, so that every
 * new entry rendering meets has a value.  Returns whether it stayed.
 */
static int
drop_kid(struct mnode *m, size_t i)
{
	m->structural = 1;
	mark_dirty(m);
	if (m->kids[i].vorig != NULL) {
		m->kids[i].v = NULL;
		return 1;
	}
	memmove(&m->kids[i], &m->kids[i + 1],
	    (m->n - i - 1) * sizeof(*m->kids));
	m->n--;
	return 0;
}

void
mmap_remove(struct mnode *map, const char *key)
{
	size_t	 i;

	for (i = 0; i < map->n; i++)
		if (map->kids[i].v != NULL &&
		    strcmp(map->kids[i].key, key) == 0 && !drop_kid(map, i))
			i--;
}

void
mseq_append(struct mdoc *d, struct mnode *seq, struct mnode *value)
{
	add_kid(d, seq, NULL, NULL, NULL, value);
	seq->structural = 1;
	mark_dirty(value);
}

/* Only an entry read from the file: import numbers the added ones. */
void
mseq_remove(struct mnode *seq, size_t i)
{
	if (i < seq->n && seq->kids[i].v != NULL &&
	    seq->kids[i].vorig != NULL)
		drop_kid(seq, i);
}

void
mseq_set(struct mnode *seq, size_t i, struct mnode *value)
{
	if (i < seq->n && seq->kids[i].v != NULL) {
		seq->kids[i].v = value;
		value->parent = seq;
		mark_dirty(value);
	}
}

/* Whether m is a collection that holds nothing now but did or was new. */
static int
emptied(const struct mnode *m)
{
	size_t	 i;

	if (m->kind == NODE_SCALAR || !(m->dirty || m->orig == NULL))
		return 0;
	for (i = 0; i < m->n; i++)
		if (m->kids[i].v != NULL)
			return 0;
	return 1;
}

void
mnode_prune(struct mnode *m)
{
	size_t	 i;

	if (m->kind == NODE_SCALAR || !(m->dirty || m->orig == NULL))
		return;
	for (i = 0; i < m->n; i++) {
		if (m->kids[i].v == NULL)
			continue;
		mnode_prune(m->kids[i].v);
		if (emptied(m->kids[i].v) && !drop_kid(m, i))
			i--;
	}
}

void
mscalar_set(struct mnode *m, const char *text, enum ftype type,
    const struct cellref *cell)
{
	m->text = text;
	m->type = type;
	m->changed = 1;
	if (cell != NULL)
		m->cell = *cell;
	mark_dirty(m);
}

const char *
mscalar_text(const struct mnode *m)
{
	return m->text != NULL ? m->text : "";
}

/* ---- writing values anew ---- */

struct edit {
	size_t		 start, end;	/* the original bytes replaced */
	size_t		 seq;		/* order among edits at one place */
	struct buf	 text;
	struct mark	*marks;		/* off relative to text */
	size_t		 nmarks, capmarks;
};

struct render {
	const struct mdoc *d;
	struct edit	*v;
	size_t		 n, cap;
	struct edit	*cur;		/* the edit being written */
};

static struct edit *
begin_edit(struct render *r, size_t start, size_t end)
{
	struct edit	*e;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	e = &r->v[r->n];
	memset(e, 0, sizeof(*e));
	e->start = start;
	e->end = end;
	e->seq = r->n++;
	r->cur = e;
	return e;
}

static void
mark(struct render *r, const struct mnode *m)
{
	struct edit	*e = r->cur;

	if (m->cell.sheet == NULL)
		return;
	if (e->nmarks == e->capmarks) {
		e->capmarks = e->capmarks ? e->capmarks * 2 : 4;
		e->marks = xrealloc(e->marks, e->capmarks * sizeof(*e->marks));
	}
	e->marks[e->nmarks].off = e->text.len;
	e->marks[e->nmarks].cell = m->cell;
	e->nmarks++;
}

static void
spaces(struct buf *b, unsigned n)
{
	while (n-- > 0)
		buf_putc(b, ' ');
}

/* Words other YAML readers take for booleans or null. */
static int
looks_special(const char *s)
{
	static const char *const words[] = { "true", "false", "yes", "no",
	    "on", "off", "null", "y", "n", "~", NULL };
	size_t	 i;

	for (i = 0; words[i] != NULL; i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	return 0;
}

/*
 * The length of a character at s that YAML readers take as a line break
 * or a byte-order mark (U+0085, U+2028, U+2029, U+FEFF), or a C1
 * control: written raw, the record loader refuses them; escaped in
 * double quotes, they are data, which the check then tells about.
 */
static size_t
odd_char(const char *s, const char **escape)
{
	/* C1 controls, which the record loader refuses written raw. */
	static const char *const c1[32] = {
		"\\x80", "\\x81", "\\x82", "\\x83", "\\x84", "\\x85",
		"\\x86", "\\x87", "\\x88", "\\x89", "\\x8A", "\\x8B",
		"\\x8C", "\\x8D", "\\x8E", "\\x8F", "\\x90", "\\x91",
		"\\x92", "\\x93", "\\x94", "\\x95", "\\x96", "\\x97",
		"\\x98", "\\x99", "\\x9A", "\\x9B", "\\x9C", "\\x9D",
		"\\x9E", "\\x9F"
	};
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] == 0xC2 && u[1] == 0x85) {
		*escape = "\\N";
		return 2;
	}
	if (u[0] == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F) {
		*escape = c1[u[1] - 0x80];
		return 2;
	}
	if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9)) {
		*escape = u[2] == 0xA8 ? "\\L" : "\\P";
		return 3;
	}
	if (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		*escape = "\\uFEFF";
		return 3;
	}
	return 0;
}

/* Whether s may be written as a plain scalar where it goes. */
static int
plain_ok(const char *s, int flow)
{
	size_t	 n = strlen(s), i;
	const char *esc;

	for (i = 0; i < n; i++)
		if (odd_char(s + i, &esc) > 0)
			return 0;
	if (n == 0 || strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0]) != NULL ||
	    s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == ':' ||
	    strstr(s, ": ") != NULL || strstr(s, " #") != NULL ||
	    looks_special(s))
		return 0;
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
		if (flow && strchr(",[]{}", s[i]) != NULL)
			return 0;
	}
	return 1;
}

static void
double_quoted(struct buf *b, const char *s)
{
	const char	*esc;
	size_t		 k;

	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if ((k = odd_char(s, &esc)) > 0) {
			buf_puts(b, esc);
			s += k - 1;
			continue;
		}
		switch (*s) {
		case '"':
			buf_puts(b, "\\\"");
			break;
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		default:
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				buf_printf(b, "\\x%02X", (unsigned char)*s);
			else
				buf_putc(b, *s);
		}
	}
	buf_putc(b, '"');
}

/* A literal block fits text whose lines start with no space. */
static int
literal_ok(const char *s)
{
	const char	*p, *esc;

	if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n')
		return 0;
	for (p = s; *p != '\0'; p++) {
		if (*p == '\n' && (p[1] == ' ' || p[1] == '\t'))
			return 0;
		if (odd_char(p, &esc) > 0)
			return 0;
		if (((unsigned char)*p < 0x20 && *p != '\n') || *p == 0x7f)
			return 0;
	}
	return 1;
}

/*
 * A scalar, in a flow collection or not; a literal block's lines at
 * indent.  A value as it was written keeps its quoting.
 */
static void
emit_scalar(struct render *r, const struct mnode *m, int flow,
    unsigned indent)
{
	struct buf	*b = &r->cur->text;
	const struct node *o = m->orig;
	const char	*s = mscalar_text(m), *p, *nl;

	mark(r, m);
	if (o != NULL && !m->changed && o->kind == NODE_SCALAR &&
	    (o->style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	    o->style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ||
	    (o->style == YAML_PLAIN_SCALAR_STYLE && plain_ok(s, flow))) &&
	    memchr(r->d->text + o->start, '\n', o->end - o->start) == NULL) {
		buf_put(b, r->d->text + o->start, o->end - o->start);
		return;
	}
	/* Digits that name an area stay text in any YAML reader. */
	if (m->type == FT_CODE && s[0] != '\0' &&
	    strspn(s, "0123456789") == strlen(s)) {
		double_quoted(b, s);
		return;
	}
	if (!flow && strchr(s, '\n') != NULL && literal_ok(s)) {
		buf_puts(b, "|");
		for (p = s; *p != '\0'; p = nl + 1) {
			nl = strchr(p, '\n');
			if (nl == NULL)
				nl = p + strlen(p);
			buf_putc(b, '\n');
			if (nl > p) {
				spaces(b, indent);
				buf_put(b, p, (size_t)(nl - p));
			}
			if (*nl == '\0')
				break;
		}
		return;
	}
	if (plain_ok(s, flow))
		buf_puts(b, s);
	else
		double_quoted(b, s);
}

static void emit_flow(struct render *, const struct mnode *);
static void emit_block_map(struct render *, const struct mnode *, unsigned,
	    int);
static void emit_block_seq(struct render *, const struct mnode *, unsigned,
	    int);

static size_t
live_kids(const struct mnode *m)
{
	size_t	 i, n = 0;

	for (i = 0; i < m->n; i++)
		n += m->kids[i].v != NULL;
	return n;
}

/* Short mappings and lists of single values read best on one line. */
static int
wants_flow(const struct mnode *m)
{
	size_t	 i, len = 0;
	const struct mnode *v;

	if (m->orig != NULL && m->orig->kind == m->kind)
		return m->orig->flow;
	for (i = 0; i < m->n; i++) {
		if ((v = m->kids[i].v) == NULL)
			continue;
		if (v->kind != NODE_SCALAR || strchr(mscalar_text(v), '\n'))
			return 0;
		len += strlen(mscalar_text(v)) +
		    (m->kids[i].key ? strlen(m->kids[i].key) + 4 : 2);
	}
	return len <= 72;
}

static void
emit_flow(struct render *r, const struct mnode *m)
{
	struct buf	*b = &r->cur->text;
	size_t		 i;
	int		 first = 1;

	if (m->kind == NODE_SCALAR) {
		emit_scalar(r, m, 1, 0);
		return;
	}
	mark(r, m);
	buf_putc(b, m->kind == NODE_MAP ? '{' : '[');
	for (i = 0; i < m->n; i++) {
		if (m->kids[i].v == NULL)
			continue;
		if (!first)
			buf_puts(b, ", ");
		first = 0;
		if (m->kind == NODE_MAP)
			buf_printf(b, "%s: ", m->kids[i].key);
		emit_flow(r, m->kids[i].v);
	}
	buf_putc(b, m->kind == NODE_MAP ? '}' : ']');
}

/* What follows "key:" for value v, the key at column indent. */
static void
emit_after_key(struct render *r, const struct mnode *v, unsigned indent)
{
	struct buf	*b = &r->cur->text;

	if (v->kind == NODE_SCALAR) {
		buf_putc(b, ' ');
		emit_scalar(r, v, 0, indent + 2);
	} else if (live_kids(v) == 0 || wants_flow(v)) {
		buf_putc(b, ' ');
		emit_flow(r, v);
	} else {
		buf_putc(b, '\n');
		spaces(b, indent + 2);
		if (v->kind == NODE_MAP)
			emit_block_map(r, v, indent + 2, 1);
		else
			emit_block_seq(r, v, indent + 2, 1);
	}
}

/* A list entry after its "- ", its contents at column indent. */
static void
emit_item(struct render *r, const struct mnode *v, unsigned indent,
    int flow)
{
	if (v->kind == NODE_SCALAR)
		emit_scalar(r, v, 0, indent);
	else if (flow || live_kids(v) == 0 || v->kind == NODE_SEQ ||
	    wants_flow(v))
		emit_flow(r, v);
	else
		emit_block_map(r, v, indent, 1);
}

/* A new mapping's keys in the schema's order, others as they stand. */
static size_t
key_rank(const struct mnode *m, const char *key)
{
	const struct field *f;
	size_t		 i = 0;

	if (m->sc == NULL || key == NULL)
		return 0;
	for (f = m->sc->fields; f->key != NULL; f++, i++)
		if (strcmp(f->key, key) == 0)
			return i + 1;
	if (m->sc->scalar != NULL && strcmp(m->sc->scalar->key, key) == 0)
		return 0;
	return i + 1;
}

static void
emit_block_map(struct render *r, const struct mnode *m, unsigned indent,
    int inline_first)
{
	struct buf	*b = &r->cur->text;
	size_t		*order, i, j, t;
	int		 first = 1;

	order = xcalloc(m->n ? m->n : 1, sizeof(*order));
	for (i = 0; i < m->n; i++)
		order[i] = i;
	if (m->orig == NULL)	/* insertion sort: stable, and short */
		for (i = 1; i < m->n; i++)
			for (j = i; j > 0 && key_rank(m, m->kids[order[j]].key) <
			    key_rank(m, m->kids[order[j - 1]].key); j--) {
				t = order[j];
				order[j] = order[j - 1];
				order[j - 1] = t;
			}
	mark(r, m);
	for (i = 0; i < m->n; i++) {
		const struct mentry *e = &m->kids[order[i]];

		if (e->v == NULL)
			continue;
		if (!first || !inline_first) {
			buf_putc(b, '\n');
			spaces(b, indent);
		}
		first = 0;
		buf_printf(b, "%s:", e->key);
		emit_after_key(r, e->v, indent);
	}
	free(order);
}

static void
emit_block_seq(struct render *r, const struct mnode *m, unsigned indent,
    int inline_first)
{
	struct buf	*b = &r->cur->text;
	size_t		 i;
	int		 first = 1;

	mark(r, m);
	for (i = 0; i < m->n; i++) {
		if (m->kids[i].v == NULL)
			continue;
		if (!first || !inline_first) {
			buf_putc(b, '\n');
			spaces(b, indent);
		}
		first = 0;
		buf_puts(b, "- ");
		emit_item(r, m->kids[i].v, indent + 2, 0);
	}
}

/* ---- edits of the original text ---- */

/* Where a value's own text ends: a block collection's END event lies
 * at the next token, past comments that belong to what follows. */
static size_t
content_end(const struct node *n)
{
	if (n->kind == NODE_SCALAR || n->kind == NODE_ALIAS || n->flow ||
	    n->n == 0)
		return n->end;
	return content_end(n->kids[n->n - 1]);
}

static size_t
line_start(const char *t, size_t p)
{
	while (p > 0 && t[p - 1] != '\n')
		p--;
	return p;
}

/* Just after the line break ending the line that holds p - 1. */
static size_t
line_after(const char *t, size_t len, size_t p)
{
	if (p > 0 && t[p - 1] == '\n')
		return p;
	while (p < len && t[p] != '\n')
		p++;
	return p < len ? p + 1 : len;
}

/* Whether only spaces, and at most a list's dash, precede p on its line. */
static int
starts_line(const char *t, size_t p, int dash)
{
	size_t	 q = line_start(t, p);

	while (q < p && t[q] == ' ')
		q++;
	if (dash) {
		if (q >= p || t[q] != '-')
			return 0;
		q++;
		while (q < p && t[q] == ' ')
			q++;
	}
	return q == p;
}

/* Begins an edit that inserts whole lines at p. */
static void
begin_lines(struct render *r, size_t p)
{
	begin_edit(r, p, p);
	if (p == r->d->len && p > 0 && r->d->text[p - 1] != '\n')
		buf_putc(&r->cur->text, '\n');
}

static void walk(struct render *, const struct mnode *, int flow,
	    unsigned indent);

/* Writes block collection m anew where it stands. */
static void
rewrite_in_place(struct render *r, const struct mnode *m)
{
	const struct node *o = m->orig;
	unsigned	 col = o->col - 1;

	begin_edit(r, o->start, content_end(o));
	if (m->kind == NODE_MAP)
		emit_block_map(r, m, col, 1);
	else
		emit_block_seq(r, m, col, 1);
	if (r->d->text[content_end(o) - 1] == '\n')
		buf_putc(&r->cur->text, '\n');
}

/* The value vorig of a key at column indent becomes v, of another kind
 * or newly made. */
static void
replace_value(struct render *r, const struct node *vorig,
    const struct mnode *v, unsigned indent)
{
	const char	*t = r->d->text;
	size_t		 s = vorig->start, e = content_end(vorig);

	while (s > 0 && (t[s - 1] == ' ' || t[s - 1] == '\t' ||
	    t[s - 1] == '\n' || t[s - 1] == '\r'))
		s--;
	if (s > 0 && t[s - 1] == ':') {
		begin_edit(r, s, e);
		emit_after_key(r, v, indent);
	} else {
		/* A comment stands between key and value: write the value
		 * where the old one began, at its column. */
		begin_edit(r, vorig->start, e);
		if (v->kind == NODE_SCALAR)
			emit_scalar(r, v, 0, vorig->col - 1);
		else if (v->kind == NODE_MAP && !wants_flow(v))
			emit_block_map(r, v, vorig->col - 1, 1);
		else if (v->kind == NODE_SEQ && !wants_flow(v))
			emit_block_seq(r, v, vorig->col - 1, 1);
		else
			emit_flow(r, v);
	}
	if (t[e - 1] == '\n')
		buf_putc(&r->cur->text, '\n');
}

/* Where a new key of block mapping m goes: after the last key before it
 * in the schema's order, or after the last key. */
static size_t
insert_point(const struct render *r, const struct mnode *m, const char *key)
{
	size_t		 i, rank = key_rank(m, key), best = 0, found = 0, last = 0;
	size_t		 k;

	for (i = 0; i < m->n; i++) {
		if (m->kids[i].vorig == NULL)
			continue;
		last = i + 1;
		k = key_rank(m, m->kids[i].key);
		if (k < rank && k >= best) {
			best = k;
			found = i + 1;
		}
	}
	i = (found ? found : last) - 1;
	return line_after(r->d->text, r->d->len,
	    content_end(m->kids[i].vorig));
}

static void
walk_block_map(struct render *r, const struct mnode *m)
{
	const char	*t = r->d->text;
	unsigned	 indent = m->orig->col - 1;
	size_t		 i, s;
	const struct mentry *e;

	/* Keys that cannot go line by line: the whole mapping anew. */
	for (i = 0; i < m->n; i++) {
		e = &m->kids[i];
		if (e->korig != NULL && e->v == NULL &&
		    !starts_line(t, e->korig->start, 0)) {
			rewrite_in_place(r, m);
			return;
		}
	}
	if (live_kids(m) == 0) {	/* emptied: the caller prunes it */
		rewrite_in_place(r, m);
		return;
	}
	for (i = 0; i < m->n; i++) {
		e = &m->kids[i];
		if (e->korig != NULL && e->v == NULL) {
			s = line_start(t, e->korig->start);
			begin_edit(r, s, line_after(t, r->d->len,
			    content_end(e->vorig)));
		} else if (e->korig != NULL && e->v->orig != e->vorig)
			replace_value(r, e->vorig, e->v, indent);
		else if (e->korig != NULL)
			walk(r, e->v, 0, indent + 2);
		else {
			begin_lines(r, insert_point(r, m, e->key));
			spaces(&r->cur->text, indent);
			buf_printf(&r->cur->text, "%s:", e->key);
			emit_after_key(r, e->v, indent);
			buf_putc(&r->cur->text, '\n');
		}
	}
}

static void
walk_block_seq(struct render *r, const struct mnode *m)
{
	const char	*t = r->d->text;
	unsigned	 indent = m->orig->col - 1;
	size_t		 i, last = 0;
	const struct mentry *e;
	int		 flow = 0;

	for (i = 0; i < m->n; i++) {
		e = &m->kids[i];
		if (e->vorig != NULL && e->v == NULL &&
		    !starts_line(t, e->vorig->start, 1)) {
			rewrite_in_place(r, m);
			return;
		}
		if (e->vorig != NULL) {
			last = i + 1;
			flow = e->vorig->kind != NODE_SCALAR && e->vorig->flow;
		}
	}
	if (live_kids(m) == 0 || last == 0) {
		rewrite_in_place(r, m);
		return;
	}
	for (i = 0; i < m->n; i++) {
		e = &m->kids[i];
		if (e->vorig != NULL && e->v == NULL)
			begin_edit(r, line_start(t, e->vorig->start),
			    line_after(t, r->d->len, content_end(e->vorig)));
		else if (e->vorig != NULL && e->v->orig != e->vorig) {
			begin_edit(r, e->vorig->start, content_end(e->vorig));
			emit_item(r, e->v, indent + 2, flow);
			if (t[content_end(e->vorig) - 1] == '\n')
				buf_putc(&r->cur->text, '\n');
		} else if (e->vorig != NULL)
			walk(r, e->v, 0, indent + 2);
		else {
			begin_lines(r, line_after(t, r->d->len,
			    content_end(m->kids[last - 1].vorig)));
			spaces(&r->cur->text, indent);
			buf_puts(&r->cur->text, "- ");
			emit_item(r, e->v, indent + 2, flow);
			buf_putc(&r->cur->text, '\n');
		}
	}
}

/* Whether a flow collection can keep its bytes but for some values. */
static int
flow_in_place(const struct mnode *m)
{
	size_t	 i;

	if (m->structural)
		return 0;
	for (i = 0; i < m->n; i++)
		if (m->kids[i].v != NULL && (m->kids[i].v->orig !=
		    m->kids[i].vorig || (m->kids[i].v->kind != NODE_SCALAR &&
		    !flow_in_place(m->kids[i].v))))
			return 0;
	return 1;
}

/* Edits for m, which was read from the file; indent is where a literal
 * block's lines go. */
static void
walk(struct render *r, const struct mnode *m, int flow, unsigned indent)
{
	const struct node *o = m->orig;
	size_t		 i;

	if (!m->dirty && !m->changed)
		return;
	if (m->kind == NODE_SCALAR) {
		begin_edit(r, o->start, o->end);
		emit_scalar(r, m, flow, indent);
		if (o->end > o->start && r->d->text[o->end - 1] == '\n' &&
		    (r->cur->text.len == 0 ||
		    r->cur->text.p[r->cur->text.len - 1] != '\n'))
			buf_putc(&r->cur->text, '\n');
		return;
	}
	if (o->flow) {
		if (!flow_in_place(m)) {
			begin_edit(r, o->start, o->end);
			emit_flow(r, m);
			return;
		}
		for (i = 0; i < m->n; i++)
			walk(r, m->kids[i].v, 1, 0);
		return;
	}
	if (m->kind == NODE_MAP)
		walk_block_map(r, m);
	else
		walk_block_seq(r, m);
}

static int
cmp_edit(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
add_marks(struct marks *ms, const struct edit *e, size_t base)
{
	size_t	 i;

	for (i = 0; i < e->nmarks; i++) {
		if (ms->n == ms->cap) {
			ms->cap = ms->cap ? ms->cap * 2 : 32;
			ms->v = xrealloc(ms->v, ms->cap * sizeof(*ms->v));
		}
		ms->v[ms->n].off = base + e->marks[i].off;
		ms->v[ms->n].end = base + e->text.len;
		ms->v[ms->n].cell = e->marks[i].cell;
		/* The edit's start, for places before its first mark. */
		ms->v[ms->n].start = base;
		ms->n++;
	}
}

void
mdoc_render(const struct mdoc *d, struct buf *out, struct marks *ms)
{
	struct render	 r;
	size_t		 i, pos = 0;

	memset(&r, 0, sizeof(r));
	r.d = d;
	buf_truncate(out, 0);
	if (d->text == NULL) {
		begin_edit(&r, 0, 0);
		emit_block_map(&r, d->root, 0, 1);
		buf_putc(&r.cur->text, '\n');
	} else
		walk(&r, d->root, 0, 0);
	if (r.n > 1)
		qsort(r.v, r.n, sizeof(*r.v), cmp_edit);
	for (i = 0; i < r.n; i++) {
		if (r.v[i].start < pos)		/* never: edits are disjoint */
			abort();
		if (d->text != NULL)
			buf_put(out, d->text + pos, r.v[i].start - pos);
		add_marks(ms, &r.v[i], out->len);
		buf_put(out, r.v[i].text.p ? r.v[i].text.p : "",
		    r.v[i].text.len);
		pos = r.v[i].end;
	}
	if (d->text != NULL)
		buf_put(out, d->text + pos, d->len - pos);
	for (i = 0; i < r.n; i++) {
		buf_free(&r.v[i].text);
		free(r.v[i].marks);
	}
	free(r.v);
}

const struct cellref *
marks_find(const struct marks *ms, size_t off)
{
	const struct mark *best = NULL;
	size_t		 i;

	for (i = 0; i < ms->n; i++) {
		if (off < ms->v[i].start || off >= ms->v[i].end)
			continue;
		if (ms->v[i].off <= off || best == NULL)
			best = &ms->v[i];
	}
	return best != NULL ? &best->cell : NULL;
}
