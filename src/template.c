/*
 * Mustache templates: the spec's core modules and its optional
 * inheritance module (parents and blocks); no lambdas.
 *
 * A template is parsed once into a tree of struct op and rendered many
 * times.  Whitespace rules are settled while parsing wherever they can
 * be: standalone lines are cut out of the literal text, and the
 * indentation a standalone partial, parent or block adds is stored on
 * its op.  Rendering keeps the current indentation and writes it
 * lazily, just before the first output that follows a newline of
 * template text, so data that contains newlines is never re-indented
 * and a partial's last newline does not leave stray indentation.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"

#define NEST_MAX	100	/* sections, parents, blocks in each other */
#define REPARSE_MAX	256	/* see parse_block() */
#define MAP_LINEAR	8	/* maps this small are scanned, not hashed */
#define NOWHERE		SIZE_MAX

/* FNV-1a: keys are short, and only equality is ever asked. */
static uint32_t
fnv(const char *s, size_t n)
{
	uint32_t	 h = 2166136261u;

	while (n-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

/*
 * The view.
 */

static const struct tval tv_null_v = { .type = TV_NULL };
static const struct tval tv_false_v = { .type = TV_FALSE };
static const struct tval tv_true_v = { .type = TV_TRUE };

const struct tval *
tv_null(void)
{
	return &tv_null_v;
}

const struct tval *
tv_bool(int b)
{
	return b ? &tv_true_v : &tv_false_v;
}

/* A string that is not copied: s must live as long as the view. */
struct tval *
tv_ref(struct arena *a, const char *s, size_t n)
{
	struct tval	*v = arena_calloc(a, 1, sizeof(*v));

	v->type = TV_STR;
	v->u.str.p = s;
	v->u.str.len = n;
	return v;
}

struct tval *
tv_strn(struct arena *a, const char *s, size_t n)
{
	return tv_ref(a, arena_strndup(a, s, n), n);
}

struct tval *
tv_str(struct arena *a, const char *s)
{
	return tv_strn(a, s, strlen(s));
}

struct tval *
tv_strf(struct arena *a, const char *fmt, ...)
{
	struct buf	 b = { 0 };
	struct tval	*v;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	v = tv_strn(a, b.p != NULL ? b.p : "", b.len);
	buf_free(&b);
	return v;
}

struct tval *
tv_list(struct arena *a)
{
	struct tval	*v = arena_calloc(a, 1, sizeof(*v));

	v->type = TV_LIST;
	v->u.list.a = a;
	return v;
}

/*
 * Arrays in the arena grow by doubling; the old copy is left behind,
 * which costs at most as much again as the final array.
 */
void
tv_push(struct tval *l, const struct tval *v)
{
	const struct tval **nv;
	size_t		 cap;

	if (l == NULL || l->type != TV_LIST)
		return;
	if (l->u.list.n == l->u.list.cap) {
		cap = l->u.list.cap ? l->u.list.cap * 2 : 4;
		nv = arena_calloc(l->u.list.a, cap, sizeof(*nv));
		if (l->u.list.n > 0)
			memcpy(nv, l->u.list.v, l->u.list.n * sizeof(*nv));
		l->u.list.v = nv;
		l->u.list.cap = cap;
	}
	l->u.list.v[l->u.list.n++] = v != NULL ? v : &tv_null_v;
}

struct tval *
tv_map(struct arena *a)
{
	struct tval	*v = arena_calloc(a, 1, sizeof(*v));

	v->type = TV_MAP;
	v->u.map.a = a;
	return v;
}

/*
 * Small maps are scanned comparing the stored hashes first, which is
 * as fast as hashing for a handful of keys; past MAP_LINEAR keys an
 * open-addressing index keeps lookups O(1), since a page's view may
 * hold fifty keys and every tag looks in every map on the stack.
 */
static size_t
map_pos(const struct tval *m, const char *k, size_t n, uint32_t h)
{
	const struct tv_pair *p;
	size_t		 i, mask;
	uint32_t	 s;

	if (m->u.map.slot == NULL) {
		for (i = 0; i < m->u.map.n; i++) {
			p = &m->u.map.kv[i];
			if (p->hash == h && p->keylen == n &&
			    memcmp(p->key, k, n) == 0)
				return i;
		}
		return NOWHERE;
	}
	mask = m->u.map.nslot - 1;
	for (i = h & mask; (s = m->u.map.slot[i]) != 0; i = (i + 1) & mask) {
		p = &m->u.map.kv[s - 1];
		if (p->hash == h && p->keylen == n &&
		    memcmp(p->key, k, n) == 0)
			return s - 1;
	}
	return NOWHERE;
}

static void
map_slot(struct tval *m, size_t i)
{
	size_t	 mask = m->u.map.nslot - 1, j;

	for (j = m->u.map.kv[i].hash & mask; m->u.map.slot[j] != 0;
	    j = (j + 1) & mask)
		continue;
	m->u.map.slot[j] = (uint32_t)(i + 1);
}

static void
map_reindex(struct tval *m)
{
	size_t	 i, nslot = 32;

	while (nslot < m->u.map.n * 4)
		nslot *= 2;
	m->u.map.slot = arena_calloc(m->u.map.a, nslot, sizeof(uint32_t));
	m->u.map.nslot = nslot;
	for (i = 0; i < m->u.map.n; i++)
		map_slot(m, i);
}

/* Sets key to v, replacing an earlier value in place. */
void
tv_set(struct tval *m, const char *key, const struct tval *v)
{
	struct tv_pair	*kv;
	size_t		 n, i, cap;
	uint32_t	 h;

	if (m == NULL || m->type != TV_MAP)
		return;
	if (v == NULL)
		v = &tv_null_v;
	n = strlen(key);
	h = fnv(key, n);
	if ((i = map_pos(m, key, n, h)) != NOWHERE) {
		m->u.map.kv[i].val = v;
		return;
	}
	if (m->u.map.n == m->u.map.cap) {
		cap = m->u.map.cap ? m->u.map.cap * 2 : 8;
		kv = arena_calloc(m->u.map.a, cap, sizeof(*kv));
		if (m->u.map.n > 0)
			memcpy(kv, m->u.map.kv, m->u.map.n * sizeof(*kv));
		m->u.map.kv = kv;
		m->u.map.cap = cap;
	}
	i = m->u.map.n++;
	kv = &m->u.map.kv[i];
	kv->key = arena_strndup(m->u.map.a, key, n);
	kv->keylen = n;
	kv->hash = h;
	kv->val = v;
	if (m->u.map.n <= MAP_LINEAR)
		return;
	if (m->u.map.slot == NULL || m->u.map.n * 2 > m->u.map.nslot)
		map_reindex(m);
	else
		map_slot(m, i);
}

const struct tval *
tv_get(const struct tval *m, const char *key)
{
	size_t	 n, i;

	if (m == NULL || m->type != TV_MAP)
		return NULL;
	n = strlen(key);
	i = map_pos(m, key, n, fnv(key, n));
	return i == NOWHERE ? NULL : m->u.map.kv[i].val;
}

/*
 * The spec leaves the empty string to the host language; it is falsey
 * here (as in mustache.js) so {{#phone}}<a href="tel:…">{{/phone}}
 * writes no empty link.  "0" is a non-empty string and so truthy.
 */
int
tv_truthy(const struct tval *v)
{
	if (v == NULL)
		return 0;
	switch (v->type) {
	case TV_TRUE:
	case TV_MAP:
		return 1;
	case TV_STR:
		return v->u.str.len > 0;
	case TV_LIST:
		return v->u.list.n > 0;
	default:
		return 0;
	}
}

/*
 * Errors.
 */

static void err_set(struct tpl_err *, const char *, unsigned, unsigned,
	    const char *, ...) PRINTF_LIKE(5, 6);

static void
err_set(struct tpl_err *e, const char *file, unsigned line, unsigned col,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*f;

	if (e == NULL)
		return;
	f = xstrdup(file != NULL ? file : "");
	free(e->file);
	e->file = f;
	e->line = line;
	e->col = col;
	buf_truncate(&e->msg, 0);
	va_start(ap, fmt);
	buf_vprintf(&e->msg, fmt, ap);
	va_end(ap);
}

static void
err_copy(struct tpl_err *dst, const struct tpl_err *src)
{
	err_set(dst, src->file, src->line, src->col, "%s",
	    src->msg.p != NULL ? src->msg.p : "");
}

void
tpl_err_format(const struct tpl_err *e, struct buf *b)
{
	const char	*msg = e->msg.p != NULL ? e->msg.p : "";
	const char	*file = e->file != NULL ? e->file : "";

	if (e->line > 0)
		buf_printf(b, "%s:%u:%u: error: %s", file, e->line, e->col,
		    msg);
	else
		buf_printf(b, "%s: error: %s", file, msg);
}

void
tpl_err_free(struct tpl_err *e)
{
	free(e->file);
	e->file = NULL;
	e->line = e->col = 0;
	buf_free(&e->msg);
}

/*
 * The parsed form.
 */

enum optype {
	OP_TEXT,	/* literal text */
	OP_VAR,		/* {{name}}: escaped */
	OP_RAW,		/* {{{name}}} or {{&name}}: as is */
	OP_SECTION,	/* {{#name}}…{{/name}} */
	OP_INVERTED,	/* {{^name}}…{{/name}} */
	OP_PARTIAL,	/* {{>name}} */
	OP_PARENT,	/* {{<name}}…{{/name}} */
	OP_BLOCK	/* {{$name}}…{{/name}} */
};

/* One part of a dotted name, hashed once here rather than per lookup. */
struct key {
	const char	*s;
	size_t		 len;
	uint32_t	 hash;
};

struct op {
	struct op	*next;
	enum optype	 type;
	unsigned	 line, col;	/* of the tag, for messages */
	const char	*s;		/* the text, or the tag's name */
	size_t		 len;		/* (NUL-terminated too) */
	struct key	*keys;		/* the name split at dots, */
	size_t		 nkeys;		/* 0 for the implicit iterator */
	struct op	*kids;		/* section body, block default,
					 * or a parent's argument blocks */
	const char	*indent;	/* what a standalone partial, parent
					 * or block adds to each line */
	size_t		 indentlen;
	int		 standalone;
};

struct tpl {
	struct arena	 a;		/* everything below lives here */
	const char	*name;		/* for messages */
	struct op	*ops;
};

/*
 * The parser.
 */

/* What encloses the tags being read, which decides whitespace rules. */
enum scope {
	IN_TOP,		/* the template itself */
	IN_SECTION,	/* {{#x}} or {{^x}} */
	IN_PARENT,	/* directly in {{<x}}: only blocks count there */
	IN_ARG,		/* an argument block: {{$x}} right in a parent */
	IN_BLOCK	/* a parameter block: {{$x}} anywhere else */
};

struct tag {
	size_t		 at;		/* offset of the open delimiter */
	size_t		 end;		/* just past the close delimiter */
	int		 sigil;		/* # ^ / > < $ ! = & { or 0 */
	const char	*name;		/* the content, trimmed */
	size_t		 namelen;
	unsigned	 line, col;
};

/* The intrinsic indentation of a block, dropped from its lines. */
struct strip {
	const char	*s;
	size_t		 len;
};

struct parser {
	struct tpl	*t;
	struct tpl_err	*err;
	const char	*src;
	size_t		 len;
	size_t		 pos;		/* where scanning resumes */
	size_t		 tagend;	/* end of the last tag, or of the
					 * line it stood alone on */
	const char	*otag, *ctag;	/* the current delimiters */
	size_t		 olen, clen;
	struct buf	 text;		/* literal text not yet an op */
	size_t		 textls;	/* where in text the line starts */
	struct strip	 strip[NEST_MAX];	/* outermost first */
	size_t		 nstrip;
	int		 depth;
	int		 reparses;
	size_t		 lcpos;		/* line counting is done to here */
	unsigned	 lcline, lccol;
};

struct list {
	struct op	*head;
	struct op	**tail;
};

/* Line and column (in characters, as libyaml counts) of an offset. */
static void
place(struct parser *p, size_t off, unsigned *line, unsigned *col)
{
	const unsigned char *u = (const unsigned char *)p->src;

	if (off < p->lcpos) {
		p->lcpos = 0;
		p->lcline = p->lccol = 1;
	}
	for (; p->lcpos < off; p->lcpos++) {
		if (u[p->lcpos] == '\n') {
			p->lcline++;
			p->lccol = 1;
		} else if ((u[p->lcpos] & 0xc0) != 0x80)
			p->lccol++;
	}
	*line = p->lcline;
	*col = p->lccol;
}

static int perr(struct parser *, size_t, const char *, ...)
	    PRINTF_LIKE(3, 4);

static int
perr(struct parser *p, size_t off, const char *fmt, ...)
{
	unsigned	 line, col;
	va_list		 ap;

	place(p, off, &line, &col);
	if (p->err != NULL) {
		err_set(p->err, p->t->name, line, col, "%s", "");
		va_start(ap, fmt);
		buf_vprintf(&p->err->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t
find(const struct parser *p, size_t from, const char *s, size_t n)
{
	const char	*cur, *q, *end = p->src + p->len;

	if (from > p->len)
		return NOWHERE;
	for (cur = p->src + from; (size_t)(end - cur) >= n; cur = q + 1) {
		q = memchr(cur, s[0], (size_t)(end - cur) - n + 1);
		if (q == NULL)
			break;
		if (memcmp(q, s, n) == 0)
			return (size_t)(q - p->src);
	}
	return NOWHERE;
}

/* Skips the intrinsic indentation of the enclosing blocks at a line start. */
static size_t
skip_strip(const struct parser *p, size_t a, size_t b)
{
	size_t	 k;

	for (k = 0; k < p->nstrip; k++) {
		if (b - a < p->strip[k].len ||
		    memcmp(p->src + a, p->strip[k].s, p->strip[k].len) != 0)
			break;
		a += p->strip[k].len;
	}
	return a;
}

/* Adds src[a, b) to the pending text. */
static void
put_text(struct parser *p, size_t a, size_t b)
{
	const char	*nl;
	size_t		 e;

	for (;;) {
		if (a == 0 || p->src[a - 1] == '\n') {
			a = skip_strip(p, a, b);
			p->textls = p->text.len;
		}
		if (a >= b)
			break;
		nl = memchr(p->src + a, '\n', b - a);
		e = nl != NULL ? (size_t)(nl - p->src) + 1 : b;
		buf_put(&p->text, p->src + a, e - a);
		a = e;
		if (nl == NULL)
			break;
	}
}

/*
 * Removes the whitespace before a standalone tag on its line from the
 * pending text, keeping a copy when the tag needs it as indentation.
 */
static void
cut(struct parser *p, const char **ws, size_t *wslen)
{
	size_t	 ls = p->textls <= p->text.len ? p->textls : p->text.len;

	if (ws != NULL) {
		*wslen = p->text.len - ls;
		*ws = *wslen == 0 ? "" :
		    arena_strndup(&p->t->a, p->text.p + ls, *wslen);
	}
	buf_truncate(&p->text, ls);
}

static struct op *
newop(struct parser *p, enum optype type, const struct tag *tg)
{
	struct op	*op = arena_calloc(&p->t->a, 1, sizeof(*op));

	op->type = type;
	if (tg != NULL) {
		op->line = tg->line;
		op->col = tg->col;
		op->s = arena_strndup(&p->t->a, tg->name, tg->namelen);
		op->len = tg->namelen;
	}
	return op;
}

static void
append(struct list *l, struct op *op)
{
	*l->tail = op;
	l->tail = &op->next;
}

static void
append_text(struct parser *p, struct list *l, const char *s, size_t n)
{
	struct op	*op;

	if (n == 0)
		return;
	op = newop(p, OP_TEXT, NULL);
	op->s = s;
	op->len = n;
	append(l, op);
}

/* Turns the pending text into an op. */
static void
flush(struct parser *p, struct list *l)
{
	if (p->text.len == 0)
		return;
	append_text(p, l, arena_strndup(&p->t->a, p->text.p, p->text.len),
	    p->text.len);
	buf_truncate(&p->text, 0);
	p->textls = NOWHERE;
}

/*
 * Only whitespace between the start of the line and the tag at off,
 * and no other tag on the line before it.
 */
static int
left_clear(const struct parser *p, size_t off)
{
	size_t	 i = off;

	while (i > p->tagend && is_blank(p->src[i - 1]))
		i--;
	if (i > p->tagend)
		return p->src[i - 1] == '\n';
	return i == 0 || p->src[i - 1] == '\n';
}

/* Only whitespace after off up to the line end, which *le is set past. */
static int
right_clear(const struct parser *p, size_t off, size_t *le)
{
	while (off < p->len && is_blank(p->src[off]))
		off++;
	if (off == p->len) {
		*le = off;
		return 1;
	}
	if (p->src[off] == '\n') {
		*le = off + 1;
		return 1;
	}
	if (p->src[off] == '\r' && off + 1 < p->len &&
	    p->src[off + 1] == '\n') {
		*le = off + 2;
		return 1;
	}
	return 0;
}

static int
scan_tag(struct parser *p, size_t at, struct tag *tg)
{
	static const char sigils[] = "#^/><$!=&{";
	size_t		 s = at + p->olen, e, cend, i;
	int		 c, want;

	memset(tg, 0, sizeof(*tg));
	tg->at = at;
	place(p, at, &tg->line, &tg->col);
	c = s < p->len ? (unsigned char)p->src[s] : 0;
	if (c != 0 && strchr(sigils, c) != NULL) {
		tg->sigil = c;
		s++;
	}
	if (tg->sigil == '{' || tg->sigil == '=') {
		/* The content ends at a '}' or '=' right before the close. */
		want = tg->sigil == '{' ? '}' : '=';
		for (e = s; (e = find(p, e, p->ctag, p->clen)) != NOWHERE; e++)
			if (e > s && p->src[e - 1] == want)
				break;
		if (e == NOWHERE)
			return perr(p, at, "unclosed tag: no \"%c%.*s\" after "
			    "\"%.*s%c\"", want, (int)p->clen, p->ctag,
			    (int)p->olen, p->otag, tg->sigil);
		cend = e - 1;
	} else {
		if ((e = find(p, s, p->ctag, p->clen)) == NOWHERE)
			return perr(p, at, "unclosed tag: no \"%.*s\" after "
			    "\"%.*s\"", (int)p->clen, p->ctag, (int)p->olen,
			    p->otag);
		cend = e;
	}
	tg->end = e + p->clen;
	while (s < cend && is_space(p->src[s]))
		s++;
	while (cend > s && is_space(p->src[cend - 1]))
		cend--;
	tg->name = p->src + s;
	tg->namelen = cend - s;
	if (tg->sigil == '!' || tg->sigil == '=')
		return 0;
	if (tg->namelen == 0)
		return perr(p, at, "empty tag");
	for (i = 0; i < tg->namelen; i++)
		if (is_space(tg->name[i]))
			return perr(p, at, "bad tag name \"%.*s\": names "
			    "have no spaces", (int)tg->namelen, tg->name);
	return 0;
}

/* {{=<% %>=}}: two delimiters without whitespace or '=' in them. */
static int
set_delims(struct parser *p, const struct tag *tg)
{
	const char	*s = tg->name;
	size_t		 n = tg->namelen, i = 0, a, b;

	while (i < n && !is_space(s[i]) && s[i] != '=')
		i++;
	a = i;
	while (i < n && is_space(s[i]))
		i++;
	b = i;
	while (i < n && !is_space(s[i]) && s[i] != '=')
		i++;
	if (a == 0 || b == a || i == b || i != n)
		return perr(p, tg->at, "bad delimiters \"%.*s\": want two, "
		    "such as {{=<%% %%>=}}", (int)n, s);
	p->otag = s;
	p->olen = a;
	p->ctag = s + b;
	p->clen = i - b;
	return 0;
}

static int
set_keys(struct parser *p, const struct tag *tg, struct op *op)
{
	const char	*s = op->s, *dot;	/* the copy: src may go */
	size_t		 n = op->len, k, i, len;

	if (n == 1 && s[0] == '.')
		return 0;
	for (op->nkeys = 1, i = 0; i < n; i++)
		if (s[i] == '.')
			op->nkeys++;
	op->keys = arena_calloc(&p->t->a, op->nkeys, sizeof(*op->keys));
	for (k = 0; k < op->nkeys; k++) {
		dot = memchr(s, '.', n);
		len = dot != NULL ? (size_t)(dot - s) : n;
		if (len == 0)
			return perr(p, tg->at, "bad name \"%.*s\": empty "
			    "part between dots", (int)tg->namelen, tg->name);
		op->keys[k].s = s;
		op->keys[k].len = len;
		op->keys[k].hash = fnv(s, len);
		if (dot != NULL)
			len++;
		s += len;
		n -= len;
	}
	if (s[-1] == '.')
		return perr(p, tg->at, "bad name \"%.*s\": empty part "
		    "between dots", (int)tg->namelen, tg->name);
	return 0;
}

static int parse_seq(struct parser *, enum scope, const struct tag *, int,
	    struct op **, int *);

/* Reads up to the tag closing open; *rc tells whether it ends its line. */
static int
parse_kids(struct parser *p, enum scope in, const struct tag *open,
    int openlc, struct op **kids, int *rc)
{
	int	 r;

	if (++p->depth > NEST_MAX)
		return perr(p, open->at, "sections, parents and blocks "
		    "nested more than %d deep", NEST_MAX);
	r = parse_seq(p, in, open, openlc, kids, rc);
	p->depth--;
	return r;
}

static int
push_strip(struct parser *p, const struct tag *tg, const char *s, size_t n)
{
	if (p->nstrip == NEST_MAX)
		return perr(p, tg->at, "blocks nested more than %d deep",
		    NEST_MAX);
	p->strip[p->nstrip].s = s;
	p->strip[p->nstrip].len = n;
	p->nstrip++;
	return 0;
}

/*
 * The intrinsic indentation of a block whose tag ends its line: the
 * whitespace starting the next line, less what enclosing blocks drop.
 */
static void
intrinsic(const struct parser *p, size_t le, const char **s, size_t *n)
{
	size_t	 i = skip_strip(p, le, p->len), j = i;

	while (j < p->len && is_blank(p->src[j]))
		j++;
	*s = p->src + i;
	*n = j - i;
}

static int
parse_section(struct parser *p, struct list *l, const struct tag *tg,
    int lc, int rc, size_t le)
{
	struct op	*op;
	int		 crc;

	op = newop(p, tg->sigil == '#' ? OP_SECTION : OP_INVERTED, tg);
	if (set_keys(p, tg, op) == -1)
		return -1;
	if (lc && rc)
		cut(p, NULL, NULL);
	p->pos = p->tagend = lc && rc ? le : tg->end;
	flush(p, l);
	if (parse_kids(p, IN_SECTION, tg, lc, &op->kids, &crc) == -1)
		return -1;
	append(l, op);
	return 0;
}

/*
 * {{<name}}: a parent element stands alone when its open tag starts its
 * line and its close tag ends one; its leading whitespace then indents
 * the parent template.  Inside, only blocks matter.
 */
static int
parse_parent(struct parser *p, struct list *l, const struct tag *tg,
    int lc, int rc, size_t le)
{
	struct op	*op, *kids, *k, *next, **tail;
	const char	*ws = "";
	size_t		 wslen = 0;
	int		 crc;

	op = newop(p, OP_PARENT, tg);
	if (lc)
		cut(p, &ws, &wslen);
	p->pos = p->tagend = rc ? le : tg->end;
	flush(p, l);
	if (parse_kids(p, IN_PARENT, tg, lc, &kids, &crc) == -1)
		return -1;
	tail = &op->kids;
	for (k = kids; k != NULL; k = next) {
		next = k->next;
		if (k->type == OP_BLOCK) {
			*tail = k;
			tail = &k->next;
		}
	}
	*tail = NULL;
	if (lc && crc) {
		op->standalone = 1;
		op->indent = ws;
		op->indentlen = wslen;
	} else if (lc && !rc)
		append_text(p, l, ws, wslen);
	append(l, op);
	return 0;
}

/*
 * An argument block, {{$name}} directly inside a parent.  What precedes
 * it is the parent's and ignored.  When the tag ends its line, the line
 * end belongs to the tag, and the indentation of the next line is the
 * block's own, dropped from each of its lines so that the parent's
 * indentation can replace it.
 */
static int
parse_arg(struct parser *p, struct list *l, const struct tag *tg, int rc,
    size_t le)
{
	struct op	*op;
	const char	*s = "";
	size_t		 n = 0;
	int		 crc, r;

	op = newop(p, OP_BLOCK, tg);
	flush(p, l);
	if (rc)
		intrinsic(p, le, &s, &n);
	p->pos = p->tagend = rc ? le : tg->end;
	if (push_strip(p, tg, s, n) == -1)
		return -1;
	r = parse_kids(p, IN_ARG, tg, 0, &op->kids, &crc);
	p->nstrip--;
	if (r == -1)
		return -1;
	append(l, op);
	return 0;
}

/*
 * A parameter block, {{$name}} outside a parent.  It stands alone when
 * its open tag starts a line and its close tag ends one.  Then, if the
 * open tag is alone on its line, the next line's indentation is the
 * block's intrinsic indentation: dropped from its default content and
 * added back, to whatever content is expanded, when rendering.
 * Otherwise the whitespace before the open tag indents the content.
 *
 * Whether the close tag ends its line is known only once the block is
 * read, so the content is read assuming it does, and read again if
 * not.  Blocks of that shape nested in each other could make this
 * exponential, hence REPARSE_MAX.
 */
static int
parse_block(struct parser *p, struct list *l, const struct tag *tg,
    int lc, int rc, size_t le)
{
	struct op	*op;
	const char	*ws = "", *s, *otag, *ctag;
	size_t		 wslen = 0, n, olen, clen;
	int		 crc, r;

	op = newop(p, OP_BLOCK, tg);
	if (lc)
		cut(p, &ws, &wslen);
	flush(p, l);
	if (!(lc && rc)) {
		p->pos = p->tagend = tg->end;
		if (parse_kids(p, IN_BLOCK, tg, lc, &op->kids, &crc) == -1)
			return -1;
		if (lc && crc) {
			op->standalone = 1;
			op->indent = ws;
			op->indentlen = wslen;
		} else
			append_text(p, l, ws, wslen);
		append(l, op);
		return 0;
	}

	p->pos = p->tagend = le;
	intrinsic(p, le, &s, &n);
	otag = p->otag;
	olen = p->olen;
	ctag = p->ctag;
	clen = p->clen;
	if (push_strip(p, tg, s, n) == -1)
		return -1;
	r = parse_kids(p, IN_BLOCK, tg, 1, &op->kids, &crc);
	p->nstrip--;
	if (r == -1)
		return -1;
	if (crc) {
		op->standalone = 1;
		op->indent = arena_strndup(&p->t->a, s, n);
		op->indentlen = n;
	} else {
		if (++p->reparses > REPARSE_MAX)
			return perr(p, tg->at, "too many blocks to re-indent; "
			    "end their close tags' lines after them");
		p->pos = p->tagend = le;
		p->otag = otag;
		p->olen = olen;
		p->ctag = ctag;
		p->clen = clen;
		buf_truncate(&p->text, 0);
		p->textls = NOWHERE;
		if (parse_kids(p, IN_BLOCK, tg, 1, &op->kids, &crc) == -1)
			return -1;
	}
	append(l, op);
	return 0;
}

/* Consumes a close tag; what is cut around it depends on the scope. */
static void
close_tag(struct parser *p, enum scope in, int openlc, int lc, int rc,
    size_t le, const struct tag *tg)
{
	size_t	 e;

	switch (in) {
	case IN_ARG:
		/* Like the end of a template; the rest is the parent's. */
		if (lc)
			cut(p, NULL, NULL);
		p->pos = tg->end;
		break;
	case IN_PARENT:
		if (lc && rc)
			cut(p, NULL, NULL);
		p->pos = rc && (lc || openlc) ? le : tg->end;
		break;
	case IN_BLOCK:
		if (lc && rc) {
			cut(p, NULL, NULL);
			p->pos = le;
		} else if (rc && openlc) {
			/*
			 * A standalone block whose close tag is not alone
			 * on its line keeps the line end: the content it
			 * expands to replaces the tags, not the line.
			 */
			for (e = tg->end; e < p->len &&
			    is_blank(p->src[e]); e++)
				continue;
			p->pos = e;
		} else
			p->pos = tg->end;
		break;
	default:
		if (lc && rc)
			cut(p, NULL, NULL);
		p->pos = lc && rc ? le : tg->end;
		break;
	}
	p->tagend = p->pos;
}

static int
parse_seq(struct parser *p, enum scope in, const struct tag *open,
    int openlc, struct op **kids, int *closerc)
{
	struct list	 l = { NULL, &l.head };
	struct tag	 tg;
	struct op	*op;
	size_t		 at, le = 0;
	int		 lc, rc, r = 0;

	*kids = NULL;
	*closerc = 0;
	for (;;) {
		at = find(p, p->pos, p->otag, p->olen);
		if (at == NOWHERE) {
			put_text(p, p->pos, p->len);
			p->pos = p->len;
			if (open != NULL)
				return perr(p, open->at, "\"%.*s\" is never "
				    "closed", (int)(open->end - open->at),
				    p->src + open->at);
			flush(p, &l);
			*kids = l.head;
			return 0;
		}
		put_text(p, p->pos, at);
		if (scan_tag(p, at, &tg) == -1)
			return -1;
		lc = left_clear(p, at);
		rc = right_clear(p, tg.end, &le);
		switch (tg.sigil) {
		case '!':
		case '=':
			if (tg.sigil == '=' && set_delims(p, &tg) == -1)
				return -1;
			if (lc && rc)
				cut(p, NULL, NULL);
			p->pos = p->tagend = lc && rc ? le : tg.end;
			break;
		case '/':
			if (open == NULL)
				return perr(p, at, "\"/%.*s\" closes nothing",
				    (int)tg.namelen, tg.name);
			if (tg.namelen != open->namelen ||
			    memcmp(tg.name, open->name, tg.namelen) != 0)
				return perr(p, at, "\"/%.*s\" does not close "
				    "\"%c%.*s\" opened at %u:%u",
				    (int)tg.namelen, tg.name, open->sigil,
				    (int)open->namelen, open->name,
				    open->line, open->col);
			close_tag(p, in, openlc, lc, rc, le, &tg);
			flush(p, &l);
			*kids = l.head;
			*closerc = rc;
			return 0;
		case '#':
		case '^':
			r = parse_section(p, &l, &tg, lc, rc, le);
			break;
		case '<':
			r = parse_parent(p, &l, &tg, lc, rc, le);
			break;
		case '$':
			if (in == IN_PARENT)
				r = parse_arg(p, &l, &tg, rc, le);
			else
				r = parse_block(p, &l, &tg, lc, rc, le);
			break;
		case '>':
			op = newop(p, OP_PARTIAL, &tg);
			if (lc && rc) {
				cut(p, &op->indent, &op->indentlen);
				op->standalone = 1;
			}
			p->pos = p->tagend = lc && rc ? le : tg.end;
			flush(p, &l);
			append(&l, op);
			break;
		default:
			op = newop(p, tg.sigil == 0 ? OP_VAR : OP_RAW, &tg);
			if (set_keys(p, &tg, op) == -1)
				return -1;
			p->pos = p->tagend = tg.end;
			flush(p, &l);
			append(&l, op);
			break;
		}
		if (r == -1)
			return -1;
	}
}

struct tpl *
tpl_parse(const char *name, const char *src, size_t len,
    struct tpl_err *err)
{
	struct arena	 a = { 0 };
	struct parser	 p;
	struct tpl	*t;
	int		 rc, r;

	t = arena_calloc(&a, 1, sizeof(*t));
	t->a = a;	/* from here on only t->a allocates */
	t->name = arena_strdup(&t->a, name != NULL ? name : "");
	memset(&p, 0, sizeof(p));
	p.t = t;
	p.err = err;
	p.src = src != NULL ? src : "";
	p.len = src != NULL ? len : 0;
	p.otag = "{{";
	p.ctag = "}}";
	p.olen = p.clen = 2;
	p.textls = NOWHERE;
	p.lcline = p.lccol = 1;
	r = parse_seq(&p, IN_TOP, NULL, 0, &t->ops, &rc);
	buf_free(&p.text);
	if (r == -1) {
		tpl_free(t);
		return NULL;
	}
	return t;
}

void
tpl_free(struct tpl *t)
{
	struct arena	 a;

	if (t == NULL)
		return;
	a = t->a;	/* t itself lives in the arena */
	arena_free(&a);
}

const char *
tpl_name(const struct tpl *t)
{
	return t->name;
}

/*
 * Rendering.
 */

/* The argument blocks of the parent tags being expanded. */
struct frame {
	const struct op		*args;
	const struct tpl	*owner;	/* where they were written */
	const struct frame	*up;	/* the parent tag around it */
};

/* The context stack, kept on the C stack. */
struct stack {
	const struct tval	*v;
	const struct stack	*up;
};

/*
 * Template sets: partials by name, each loaded and parsed at most once.
 * A missing or broken partial is remembered too, so a page rendered
 * ten thousand times asks the loader once.  Defined here because a
 * rendering reads the set's budget.
 */
enum { ENT_OK, ENT_MISSING, ENT_BROKEN };

struct entry {
	char		*name;		/* NULL: free slot */
	uint32_t	 hash;
	int		 state;
	struct tpl	*tpl;		/* ENT_OK */
	struct tpl_err	 err;		/* ENT_BROKEN */
	int		 walked;	/* seen by tpl_set_resolve() */
};

struct tpl_set {
	tpl_loader	 load;
	void		*arg;
	struct entry	*tab;		/* open addressing */
	size_t		 cap;		/* power of two */
	size_t		 n;
	size_t		 loads;		/* calls to load */
	size_t		 max_steps;	/* 0: TPL_MAXSTEPS */
	size_t		 max_out;	/* 0: TPL_MAXOUT */
};

struct render {
	struct tpl_set	*set;
	tpl_escfn	 esc;
	struct buf	*out;
	struct tpl_err	*err;
	struct buf	 indent;	/* written after template newlines */
	int		 pend;		/* output ends in a template newline */
	int		 depth;		/* expansions inside each other */
	size_t		 steps;		/* operations done, for the budget */
	size_t		 max_steps;	/* the budget: TPL_MAXSTEPS, */
	size_t		 max_out;	/* TPL_MAXOUT, or the set's */
	size_t		 start;		/* out->len when rendering began */
};

static int rerr(struct render *, const struct tpl *, const struct op *,
	    const char *, ...) PRINTF_LIKE(4, 5);

static int
rerr(struct render *r, const struct tpl *t, const struct op *op,
    const char *fmt, ...)
{
	va_list	 ap;

	if (r->err != NULL) {
		err_set(r->err, t->name, op->line, op->col, "%s", "");
		va_start(ap, fmt);
		buf_vprintf(&r->err->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void
emit_text(struct render *r, const char *s, size_t n)
{
	const char	*nl;
	size_t		 k;

	if (r->indent.len == 0) {
		buf_put(r->out, s, n);
		if (n > 0)
			r->pend = s[n - 1] == '\n';
		return;
	}
	while (n > 0) {
		if (r->pend) {
			buf_put(r->out, r->indent.p, r->indent.len);
			r->pend = 0;
		}
		nl = memchr(s, '\n', n);
		k = nl != NULL ? (size_t)(nl - s) + 1 : n;
		buf_put(r->out, s, k);
		s += k;
		n -= k;
		r->pend = nl != NULL;
	}
}

/*
 * Only strings have text.  Booleans, lists and maps write nothing: an
 * absent value is false in the view, and must not print "false" on a
 * public page when a template interpolates it unguarded.
 */
static void
emit_data(struct render *r, const struct tval *v, int escape)
{
	const char	*s;
	size_t		 n;

	if (v == NULL || v->type != TV_STR)
		return;
	s = v->u.str.p;
	n = v->u.str.len;
	if (n == 0)
		return;
	if (r->pend) {
		buf_put(r->out, r->indent.p, r->indent.len);
		r->pend = 0;
	}
	if (escape)
		r->esc(r->out, s, n);
	else
		buf_put(r->out, s, n);
}

/*
 * The first part of a name is looked up from the top of the stack
 * down; the others only in what the part before resolved to.
 */
static const struct tval *
lookup(const struct op *op, const struct stack *st)
{
	const struct tval *v = NULL;
	size_t		 i, k;

	if (op->nkeys == 0)
		return st != NULL ? st->v : NULL;
	for (; st != NULL; st = st->up) {
		if (st->v->type != TV_MAP)
			continue;
		i = map_pos(st->v, op->keys[0].s, op->keys[0].len,
		    op->keys[0].hash);
		if (i != NOWHERE) {
			v = st->v->u.map.kv[i].val;
			break;
		}
	}
	for (k = 1; k < op->nkeys && v != NULL; k++) {
		if (v->type != TV_MAP)
			return NULL;
		i = map_pos(v, op->keys[k].s, op->keys[k].len,
		    op->keys[k].hash);
		v = i != NOWHERE ? v->u.map.kv[i].val : NULL;
	}
	return v;
}

static int render_seq(struct render *, const struct tpl *,
	    const struct op *, const struct stack *, const struct frame *);

/* Renders ops of t in the indentation op adds when standalone. */
static int
indented(struct render *r, const struct op *op, const struct tpl *t,
    const struct op *ops, const struct stack *st, const struct frame *f)
{
	size_t	 old = r->indent.len;
	int	 rv;

	if (op->standalone)
		buf_put(&r->indent, op->indent, op->indentlen);
	r->depth++;
	rv = render_seq(r, t, ops, st, f);
	r->depth--;
	buf_truncate(&r->indent, old);
	return rv;
}

/* A partial, or a parent whose arguments are already in f. */
static int
expand(struct render *r, const struct tpl *t, const struct op *op,
    const struct stack *st, const struct frame *f)
{
	const struct tpl *pt;

	if (r->depth >= TPL_MAXDEPTH)
		return rerr(r, t, op, "\"%s\" nested more than %d deep; "
		    "does it include itself?", op->s, TPL_MAXDEPTH);
	if (r->set == NULL)
		return 0;
	switch (tpl_set_get(r->set, op->s, &pt, r->err)) {
	case -1:
		return -1;
	case 0:
		return 0;	/* missing partials render as nothing */
	}
	return indented(r, op, pt, pt->ops, st, f);
}

/*
 * A block writes the argument the outermost parent passed for it, so a
 * template overrides what its parent passes on to the grandparent, or
 * else its default content.
 */
static int
block(struct render *r, const struct tpl *t, const struct op *op,
    const struct stack *st, const struct frame *f)
{
	const struct op	*arg = NULL, *a;
	const struct tpl *owner = t;
	const struct frame *fr;

	for (fr = f; fr != NULL; fr = fr->up) {
		for (a = fr->args; a != NULL; a = a->next)
			if (a->len == op->len &&
			    memcmp(a->s, op->s, op->len) == 0)
				break;
		if (a != NULL) {
			arg = a;
			owner = fr->owner;
		}
	}
	if (arg == NULL)
		return indented(r, op, t, op->kids, st, f);
	/* An argument can hold the very block it fills. */
	if (r->depth >= TPL_MAXDEPTH)
		return rerr(r, t, op, "block \"%s\" nested more than %d deep; "
		    "does it include itself?", op->s, TPL_MAXDEPTH);
	return indented(r, op, owner, arg->kids, st, f);
}

static int
render_seq(struct render *r, const struct tpl *t, const struct op *op,
    const struct stack *st, const struct frame *f)
{
	const struct tval *v;
	struct stack	 top;
	struct frame	 nf;
	size_t		 i;

	for (; op != NULL; op = op->next) {
		/* Sections inside sections over a list multiply: 25 deep
		 * over three items would never end.  A budget stops them. */
		if (++r->steps > r->max_steps ||
		    r->out->len - r->start > r->max_out)
			return rerr(r, t, op, "this renders more than %zu %s; "
			    "does a section repeat inside itself?",
			    r->steps > r->max_steps ? r->max_steps : r->max_out,
			    r->steps > r->max_steps ? "tags" : "bytes");
		switch (op->type) {
		case OP_TEXT:
			emit_text(r, op->s, op->len);
			break;
		case OP_VAR:
		case OP_RAW:
			emit_data(r, lookup(op, st), op->type == OP_VAR);
			break;
		case OP_SECTION:
			v = lookup(op, st);
			if (!tv_truthy(v))
				break;
			top.up = st;
			if (v->type != TV_LIST) {
				top.v = v;
				if (render_seq(r, t, op->kids, &top, f) == -1)
					return -1;
				break;
			}
			for (i = 0; i < v->u.list.n; i++) {
				top.v = v->u.list.v[i];
				if (render_seq(r, t, op->kids, &top, f) == -1)
					return -1;
			}
			break;
		case OP_INVERTED:
			if (!tv_truthy(lookup(op, st)) &&
			    render_seq(r, t, op->kids, st, f) == -1)
				return -1;
			break;
		case OP_PARTIAL:
			if (expand(r, t, op, st, f) == -1)
				return -1;
			break;
		case OP_PARENT:
			nf.args = op->kids;
			nf.owner = t;
			nf.up = f;
			if (expand(r, t, op, st, &nf) == -1)
				return -1;
			break;
		case OP_BLOCK:
			if (block(r, t, op, st, f) == -1)
				return -1;
			break;
		}
	}
	return 0;
}

/*
 * Appends the rendering to out; on failure out is left as it was and
 * err says why.  esc escapes {{name}} (NULL: esc_html); set finds
 * partials (NULL: every partial is missing).
 */
int
tpl_render(const struct tpl *t, struct tpl_set *set, const struct tval *view,
    tpl_escfn esc, struct buf *out, struct tpl_err *err)
{
	struct render	 r;
	struct stack	 root = { view, NULL };
	size_t		 start = out->len;
	int		 rv;

	memset(&r, 0, sizeof(r));
	r.set = set;
	r.esc = esc != NULL ? esc : esc_html;
	r.out = out;
	r.err = err;
	r.pend = 1;
	r.start = out->len;
	r.max_steps = set != NULL && set->max_steps ? set->max_steps :
	    TPL_MAXSTEPS;
	r.max_out = set != NULL && set->max_out ? set->max_out : TPL_MAXOUT;
	buf_put(out, "", 0);
	rv = render_seq(&r, t, t->ops, view != NULL ? &root : NULL, NULL);
	buf_free(&r.indent);
	if (rv == -1)
		buf_truncate(out, start);
	return rv;
}

/* Template sets (struct tpl_set, above). */

struct tpl_set *
tpl_set_new(tpl_loader load, void *arg)
{
	struct tpl_set	*s = xcalloc(1, sizeof(*s));

	s->load = load;
	s->arg = arg;
	s->cap = 16;
	s->tab = xcalloc(s->cap, sizeof(*s->tab));
	return s;
}

static void
ent_clear(struct entry *e)
{
	tpl_free(e->tpl);
	tpl_err_free(&e->err);
	e->tpl = NULL;
}

void
tpl_set_free(struct tpl_set *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->cap; i++) {
		if (s->tab[i].name == NULL)
			continue;
		free(s->tab[i].name);
		ent_clear(&s->tab[i]);
	}
	free(s->tab);
	free(s);
}

/* The entry for name, or the free slot where it would go. */
static struct entry *
ent_slot(const struct tpl_set *s, const char *name, uint32_t h)
{
	size_t	 mask = s->cap - 1, i;

	for (i = h & mask; s->tab[i].name != NULL; i = (i + 1) & mask)
		if (s->tab[i].hash == h && strcmp(s->tab[i].name, name) == 0)
			break;
	return &s->tab[i];
}

/* Makes room for one more entry, keeping the table at most half full. */
static void
ent_grow(struct tpl_set *s)
{
	struct entry	*old = s->tab, *e;
	size_t		 oldcap = s->cap, i;

	if ((s->n + 1) * 2 <= s->cap)
		return;
	s->cap *= 2;
	s->tab = xcalloc(s->cap, sizeof(*s->tab));
	for (i = 0; i < oldcap; i++) {
		if (old[i].name == NULL)
			continue;
		e = ent_slot(s, old[i].name, old[i].hash);
		*e = old[i];
	}
	free(old);
}

/* Asks the loader for name and parses what it gives. */
static void
ent_load(struct tpl_set *s, const char *name, struct entry *e)
{
	struct tpl_source src;
	struct buf	 msg = { 0 };
	const char	*path;
	int		 rc;

	memset(&src, 0, sizeof(src));
	s->loads++;
	rc = s->load != NULL ? s->load(s->arg, name, &src, &msg) : 0;
	path = src.path.len > 0 ? src.path.p : name;
	if (rc > 0 && src.tpl != NULL) {
		e->state = ENT_OK;
		e->tpl = src.tpl;
	} else if (rc > 0) {
		e->tpl = tpl_parse(path, src.text.p, src.text.len, &e->err);
		e->state = e->tpl != NULL ? ENT_OK : ENT_BROKEN;
	} else if (rc == 0) {
		e->state = ENT_MISSING;
		tpl_free(src.tpl);
	} else {
		e->state = ENT_BROKEN;
		err_set(&e->err, path, 0, 0, "%s", msg.len > 0 ? msg.p :
		    "cannot load this template");
		tpl_free(src.tpl);
	}
	buf_free(&src.text);
	buf_free(&src.path);
	buf_free(&msg);
}

/* The entry for name, asking the loader the first time. */
static struct entry *
ent_get(struct tpl_set *s, const char *name)
{
	struct entry	 ne, *e;
	uint32_t	 h = fnv(name, strlen(name));

	e = ent_slot(s, name, h);
	if (e->name != NULL)
		return e;
	memset(&ne, 0, sizeof(ne));
	ent_load(s, name, &ne);
	/* The loader may have added entries itself: look again. */
	ent_grow(s);
	e = ent_slot(s, name, h);
	if (e->name != NULL) {
		ent_clear(&ne);
		return e;
	}
	ne.name = xstrdup(name);
	ne.hash = h;
	*e = ne;
	s->n++;
	return e;
}

/* Parses src as name, replacing any template of that name. */
int
tpl_set_add(struct tpl_set *s, const char *name, const char *src,
    size_t len, struct tpl_err *err)
{
	struct tpl	*t;
	struct entry	*e;
	uint32_t	 h = fnv(name, strlen(name));

	if ((t = tpl_parse(name, src, len, err)) == NULL)
		return -1;
	ent_grow(s);
	e = ent_slot(s, name, h);
	if (e->name != NULL)
		ent_clear(e);
	else {
		e->name = xstrdup(name);
		e->hash = h;
		s->n++;
	}
	e->state = ENT_OK;
	e->tpl = t;
	e->walked = 0;
	return 0;
}

/* Returns 1 and sets *t, 0 when there is no such template, or -1. */
int
tpl_set_get(struct tpl_set *s, const char *name, const struct tpl **t,
    struct tpl_err *err)
{
	struct entry	*e = ent_get(s, name);

	*t = NULL;
	switch (e->state) {
	case ENT_OK:
		*t = e->tpl;
		return 1;
	case ENT_MISSING:
		return 0;
	default:
		err_copy(err, &e->err);
		return -1;
	}
}

/*
 * A partial that could not be loaded at all has no place of its own
 * (its name may be "../../etc/passwd"): it is reported at the tag in
 * the template t that names it, where the user has to change it.
 */
static void
walk(struct tpl_set *s, const struct tpl *t, const struct op *op,
    struct tpl_err *err, int *failed)
{
	struct entry	*e;

	for (; op != NULL; op = op->next) {
		if (op->type == OP_PARTIAL || op->type == OP_PARENT) {
			e = ent_get(s, op->s);
			if (e->state == ENT_BROKEN && !*failed &&
			    e->err.line == 0)
				err_set(err, t->name, op->line, op->col, "%s",
				    e->err.msg.p ? e->err.msg.p :
				    "cannot load this template");
			else if (e->state == ENT_BROKEN && !*failed)
				err_copy(err, &e->err);
			if (e->state == ENT_BROKEN) {
				*failed = 1;
			} else if (e->state == ENT_OK && !e->walked) {
				/* e may move while its partials load. */
				e->walked = 1;
				walk(s, e->tpl, e->tpl->ops, err, failed);
			}
		}
		if (op->kids != NULL)
			walk(s, t, op->kids, err, failed);
	}
}

/*
 * Loads every partial t can reach, so that rendering afterwards only
 * reads the set and may run in several threads at once.  Fails, naming
 * the first, when one cannot be loaded or parsed.
 */
int
tpl_set_resolve(struct tpl_set *s, const struct tpl *t, struct tpl_err *err)
{
	int	 failed = 0;

	walk(s, t, t->ops, err, &failed);
	return failed ? -1 : 0;
}

/* A smaller budget for what is rendered with s (tests and fuzzing). */
void
tpl_set_budget(struct tpl_set *s, size_t steps, size_t bytes)
{
	s->max_steps = steps;
	s->max_out = bytes;
}

size_t
tpl_set_loads(const struct tpl_set *s)
{
	return s->loads;
}
