/*
 * The semantic diff: what changed between two versions of a record,
 * field by field, with the Chinese labels of the schema tables.  Lists
 * are matched by their natural keys (a fee by its item, a grid row by
 * its building, a member by role and name), never by position, so
 * inserting a row does not make every later row look changed.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "gongshi.h"
#include "diff.h"

/*
 * A value as people read it, for what names a list element and for the
 * one-line summary of an element that came or went: labels, not values.
 */
static const char *
show(struct changes *cs, enum ftype type, const struct gs_val *v)
{
	if (v == NULL || v->s == NULL)
		return NULL;
	buf_truncate(&cs->tmp, 0);
	format_value(&cs->tmp, type, v->n, v->s, FORM_HUMAN);
	return arena_strdup(&cs->scratch, cs->tmp.p);
}

/*
 * A text built while comparing (a label path, a key) kept for a change.
 * Such texts live in cs->scratch, which each record's comparison
 * reuses: nearly all the fields compared are equal, and a history of
 * 1,000 revisions made 20 MB of paths no change named.
 */
static const char *
keep(struct changes *cs, const char *s)
{
	return s != NULL ? arena_strdup(cs->arena, s) : NULL;
}

/* A field's value, kept typed until it is shown. */
static struct change_value
typed(enum ftype type, const struct gs_val *v)
{
	struct change_value cv;

	cv.type = type;
	cv.s = v != NULL ? v->s : NULL;
	cv.n = v != NULL ? v->n : 0;
	return cv;
}

/* A text (a summary or a name) as a change's value; NULL: absent. */
static struct change_value
text(const char *s)
{
	struct change_value cv;

	cv.type = FT_TEXT;
	cv.s = s;
	cv.n = 0;
	return cv;
}

static const struct change_value none = { FT_TEXT, NULL, 0 };

static int
same(enum ftype type, const struct gs_val *a, const struct gs_val *b)
{
	if ((a->s == NULL) != (b->s == NULL))
		return 0;
	if (a->s == NULL)
		return 1;
	if (a->pos.undisclosed || b->pos.undisclosed)
		return a->pos.undisclosed == b->pos.undisclosed;
	switch (type) {
	case FT_MONEY:
	case FT_DECIMAL:
	case FT_PERCENT:
	case FT_COUNT:
	case FT_DATE:
		return a->n == b->n;
	default:
		return strcmp(a->s, b->s) == 0;
	}
}

static void
add(struct changes *cs, enum change_kind kind, const char *what,
    const char *path, struct change_value old, struct change_value new)
{
	struct change	*c;

	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 16;
		cs->v = xrealloc(cs->v, cs->cap * sizeof(*cs->v));
	}
	c = &cs->v[cs->n++];
	c->record = cs->record;
	c->record_name = cs->record_name;
	c->kind = kind;
	c->what = keep(cs, what);
	c->path = keep(cs, path);
	c->old = old;
	c->new = new;
	c->elem = cs->elem;
	c->elem_old = cs->elem_old;
	c->elem_new = cs->elem_new;
	c->elem_name = keep(cs, cs->elem_name);
}

/* Enters a list element (either side may be NULL); returns the outer. */
static void
enter(struct changes *cs, const struct schema *sc, const void *a,
    const void *b, const char *name, struct changes *saved)
{
	saved->elem = cs->elem;
	saved->elem_old = cs->elem_old;
	saved->elem_new = cs->elem_new;
	saved->elem_name = cs->elem_name;
	cs->elem = sc;
	cs->elem_old = a;
	cs->elem_new = b;
	cs->elem_name = name;
}

static void
leave(struct changes *cs, const struct changes *saved)
{
	cs->elem = saved->elem;
	cs->elem_old = saved->elem_old;
	cs->elem_new = saved->elem_new;
	cs->elem_name = saved->elem_name;
}

static const char *
join_path(struct changes *cs, const char *base, const char *sep,
    const char *part)
{
	if (base == NULL || *base == '\0')
		return part;
	return arena_printf(&cs->scratch, "%s%s%s", base, sep, part);
}

static int
present(const struct field *f, const void *p)
{
	if (f->type == FT_STRUCT)
		return ((const struct gs_pos *)p)->fid != 0;
	if (f->type == FT_LIST || f->type == FT_VLIST)
		return ((const struct gs_list *)p)->n > 0;
	return ((const struct gs_val *)p)->s != NULL;
}

/* The text that names a list element: its key fields, or its id. */
static const char *
element_key(struct changes *cs, const struct schema *sc, const void *e)
{
	const struct field *f;
	const struct gs_val *v;
	const char	*key = NULL;
	unsigned	 i;

	if (sc->scalar != NULL && (v = (const struct gs_val *)
	    ((const char *)e + sc->scalar->off))->s != NULL)
		return v->s;
	for (i = 0, f = sc->fields; f->key != NULL && i < (sc->nkey ?
	    sc->nkey : 1); f++, i++) {
		v = (const struct gs_val *)((const char *)e + f->off);
		/* An absent second part (a fee's applies_to) adds nothing,
		 * so schema 1 keys stay as they were. */
		if (v->s != NULL || i == 0)
			key = join_path(cs, key, " ", show(cs, f->type, v) ?
			    show(cs, f->type, v) : "");
	}
	return key ? key : "";
}

/* A one-line summary of an element that came or went. */
static const char *
element_text(struct changes *cs, const struct schema *sc, const void *e)
{
	const struct field *f;
	const char	*sum = NULL, *v;

	if (sc->scalar != NULL && ((const struct gs_val *)
	    ((const char *)e + sc->scalar->off))->s != NULL)
		return ((const struct gs_val *)((const char *)e +
		    sc->scalar->off))->s;
	for (f = sc->fields; f->key != NULL; f++) {
		if (f->type == FT_STRUCT || f->type == FT_LIST ||
		    f->type == FT_VLIST)
			continue;
		if ((v = show(cs, f->type, (const struct gs_val *)
		    ((const char *)e + f->off))) != NULL)
			sum = join_path(cs, sum, " ", v);
	}
	return sum ? sum : "";
}

static void diff_fields(struct changes *, const struct schema *,
	    const void *, const void *, const char *, const char *);

static void
diff_vlist(struct changes *cs, const struct field *f, const struct gs_list *a,
    const struct gs_list *b, const char *what, const char *path)
{
	size_t	 i, j;
	const struct gs_val *x, *y;

	for (i = 0; i < a->n; i++) {
		x = GS_AT(*a, struct gs_val, i);
		for (j = 0; j < b->n; j++)
			if (same(f->elem, x, GS_AT(*b, struct gs_val, j)))
				break;
		if (j == b->n && x->s != NULL)
			add(cs, CH_REMOVED, what, path, typed(f->elem, x), none);
	}
	for (j = 0; j < b->n; j++) {
		y = GS_AT(*b, struct gs_val, j);
		for (i = 0; i < a->n; i++)
			if (same(f->elem, GS_AT(*a, struct gs_val, i), y))
				break;
		if (i == a->n && y->s != NULL)
			add(cs, CH_ADDED, what, path, none, typed(f->elem, y));
	}
}

/*
 * Elements are matched by key; with repeated keys, the k-th of a key
 * on one side matches the k-th on the other.
 */
static void
diff_list(struct changes *cs, const struct field *f, const struct gs_list *a,
    const struct gs_list *b, const char *what, const char *path)
{
	const struct schema *sc = f->sub;
	struct changes	 outer;
	const char	*ka, **kb, *ew, *ep;
	unsigned char	*used;
	size_t		 i, j;
	const void	*ea, *eb;

	/* Each key once: matching compares every pair. */
	used = b->n ? arena_calloc(&cs->scratch, b->n, 1) : NULL;
	kb = b->n ? arena_calloc(&cs->scratch, b->n, sizeof(*kb)) : NULL;
	for (j = 0; j < b->n; j++)
		kb[j] = element_key(cs, sc, (const char *)b->v + j * sc->size);
	for (i = 0; i < a->n; i++) {
		ea = (const char *)a->v + i * sc->size;
		ka = element_key(cs, sc, ea);
		for (j = 0; j < b->n; j++)
			if (!used[j] && strcmp(ka, kb[j]) == 0)
				break;
		ew = arena_printf(&cs->scratch, "%s「%s」", what, ka);
		ep = arena_printf(&cs->scratch, "%s[%s]", path, ka);
		if (j == b->n) {
			enter(cs, sc, ea, NULL, ka, &outer);
			add(cs, CH_REMOVED, ew, ep,
			    text(keep(cs, element_text(cs, sc, ea))), none);
			leave(cs, &outer);
			continue;
		}
		used[j] = 1;
		eb = (const char *)b->v + j * sc->size;
		enter(cs, sc, ea, eb, ka, &outer);
		diff_fields(cs, sc, ea, eb, ew, ep);
		leave(cs, &outer);
	}
	for (j = 0; j < b->n; j++) {
		if (used[j])
			continue;
		eb = (const char *)b->v + j * sc->size;
		enter(cs, sc, NULL, eb, kb[j], &outer);
		add(cs, CH_ADDED,
		    arena_printf(&cs->scratch, "%s「%s」", what, kb[j]),
		    arena_printf(&cs->scratch, "%s[%s]", path, kb[j]), none,
		    text(keep(cs, element_text(cs, sc, eb))));
		leave(cs, &outer);
	}
}

static void
diff_fields(struct changes *cs, const struct schema *sc, const void *a,
    const void *b, const char *what, const char *path)
{
	const struct field *f;
	const char	*pa, *pb, *w, *p;

	for (f = sc->fields; f->key != NULL; f++) {
		pa = field_value(a, f);
		pb = field_value(b, f);
		if (!present(f, pa) && !present(f, pb))
			continue;
		w = join_path(cs, what, " · ", f->label);
		p = join_path(cs, path, ".", f->key);
		switch (f->type) {
		case FT_STRUCT:
			diff_fields(cs, f->sub, pa, pb, w, p);
			break;
		case FT_LIST:
			diff_list(cs, f, (const struct gs_list *)pa,
			    (const struct gs_list *)pb, w, p);
			break;
		case FT_VLIST:
			diff_vlist(cs, f, (const struct gs_list *)pa,
			    (const struct gs_list *)pb, w, p);
			break;
		default:
			if (!same(f->type, (const struct gs_val *)pa,
			    (const struct gs_val *)pb))
				add(cs, CH_CHANGED, w, p, typed(f->type,
				    (const struct gs_val *)pa), typed(f->type,
				    (const struct gs_val *)pb));
			break;
		}
	}
}

/*
 * Appends what changed from a to b, records of schema sc (either may be
 * NULL: the record was added or removed), under the record's name.
 */
void
diff_record(struct changes *cs, const char *record, const char *name,
    const struct schema *sc, const void *a, const void *b)
{
	cs->record = record;
	cs->record_name = name;
	cs->elem = NULL;
	cs->elem_old = cs->elem_new = NULL;
	cs->elem_name = NULL;
	arena_reset(&cs->scratch);
	if (a == NULL && b == NULL)
		return;
	if (a == NULL)
		add(cs, CH_ADDED, name, "", none, text(name));
	else if (b == NULL)
		add(cs, CH_REMOVED, name, "", text(name), none);
	else
		diff_fields(cs, sc, a, b, NULL, NULL);
}

/* A note that a file changed whose fields are not compared. */
void
diff_note(struct changes *cs, const char *record, const char *name,
    enum change_kind kind)
{
	cs->record = record;
	cs->record_name = name;
	cs->elem = NULL;
	cs->elem_old = cs->elem_new = NULL;
	cs->elem_name = NULL;
	add(cs, kind, name, "", none, none);
}

void
changes_free(struct changes *cs)
{
	free(cs->v);
	buf_free(&cs->tmp);
	arena_free(&cs->scratch);
	cs->v = NULL;
	cs->n = cs->cap = 0;
}

/* A change's value in the given form, in b (reset), or NULL if absent. */
const char *
change_show(struct buf *b, const struct change_value *v, enum form form)
{
	if (v->s == NULL)
		return NULL;
	buf_truncate(b, 0);
	buf_put(b, "", 0);	/* a string even when it formats to nothing */
	format_value(b, v->type, v->n, v->s, form);
	return b->p;
}
