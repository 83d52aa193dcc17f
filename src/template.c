/*
 * Rendering Mustache templates, and template sets.
 *
 * A template is parsed once (tplparse.c) and rendered many times.
 * Rendering keeps the current indentation and writes it lazily, just
 * before the first output that follows a newline of template text, so
 * data that contains newlines is never re-indented and a partial's last
 * newline does not leave stray indentation.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "template.h"
#include "tplops.h"

/*
 * Errors.
 */

void
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

void
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
		buf_vprintf(&r->err->msg, _(fmt), ap);
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
		i = tv_map_pos(st->v, op->keys[0].s, op->keys[0].len,
		    op->keys[0].hash);
		if (i != NOWHERE) {
			v = st->v->u.map.kv[i].val;
			break;
		}
	}
	for (k = 1; k < op->nkeys && v != NULL; k++) {
		if (v->type != TV_MAP)
			return NULL;
		i = tv_map_pos(v, op->keys[k].s, op->keys[k].len,
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
		    r->out->len - r->start > r->max_out) {
			if (r->steps > r->max_steps)
				return rerr(r, t, op, "this renders more than "
				    "%zu tags; does a section repeat inside "
				    "itself?", r->max_steps);
			return rerr(r, t, op, "this renders more than %zu "
			    "bytes; does a section repeat inside itself?",
			    r->max_out);
		}
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
		    _("cannot load this template"));
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
	uint32_t	 h = tpl_hash(name, strlen(name));

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
	uint32_t	 h = tpl_hash(name, strlen(name));

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
				    _("cannot load this template"));
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
