/*
 * Parsing Mustache templates into a tree of struct op: the spec's core
 * modules and its optional inheritance module (parents and blocks); no
 * lambdas.  Whitespace rules are settled here wherever they can be:
 * standalone lines are cut out of the literal text, and the indentation
 * a standalone partial, parent or block adds is stored on its op.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "template.h"
#include "tplops.h"

#define NEST_MAX	100	/* sections, parents, blocks in each other */
#define REPARSE_MAX	256	/* see parse_block() */

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
		buf_vprintf(&p->err->msg, _(fmt), ap);
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
		op->keys[k].hash = tpl_hash(s, len);
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
