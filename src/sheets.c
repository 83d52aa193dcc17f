/*
 * The workbook's shape, derived once from the schema tables (see
 * sheets.h), and the walk that finds a record's rows for a sheet.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "node.h"
#include "scalar.h"
#include "schema.h"
#include "sheets.h"
#include "gongshi.h"

#define SHEETS_MAX	40

static struct sheet_def	 defs[SHEETS_MAX];
static size_t		 ndefs;
static pthread_once_t	 built = PTHREAD_ONCE_INIT;

/* Tabs for nested lists, whose own labels alone would be ambiguous. */
static const struct {
	const char	*path, *name;
} nested_names[] = {
	{ "provider.staff", "其他负责人员" },
	{ "accounts.income", "资金收支-收入" },
	{ "accounts.expense", "资金收支-支出" },
	{ "common_revenue.sources", "经营收益-来源" },
	{ "common_revenue.uses", "经营收益-使用" },
	{ "maintenance_fund.draws", "维修资金使用明细" },
	{ "owners_committee.members", "业委会成员" },
	{ "owners_committee.decisions", "业委会决议" },
	{ "owners_committee.decisions.vote.options", "决议表决选项" },
	{ "owners_committee.documents", "业委会文件" },
	{ "owners_committee.meetings", "业委会会议" },
	{ "notices.attachments", "公告附件" },
	{ "notices.vote.options", "公告表决选项" },
};

/* Names live as long as the program: the table is built once. */
static const char *
keep(struct buf *b)
{
	return buf_detach(b);
}

static void
add_col(struct sheet_def *d, struct sheet_col *c)
{
	if (d->ncols < SHEET_COLS_MAX)
		d->cols[d->ncols++] = *c;
}

static void add_sheet(const struct field *const *steps, unsigned nsteps);

/*
 * The columns of the values of schema sc, under the mappings subs (their
 * keys and labels prefix the column's); lists found on the way become
 * sheets of their own, under steps.
 */
static void
add_values(struct sheet_def *d, const struct schema *sc,
    const struct field **subs, unsigned nsubs,
    const struct field *const *steps, unsigned nsteps)
{
	const struct field *f;
	const struct field *next[SHEET_STEPS_MAX];
	struct sheet_col col;
	struct buf	 key = { 0 }, header = { 0 };
	unsigned	 i;

	/* A supervision entry may be a department's id alone: that id
	 * comes first, as it names the entry. */
	if (nsubs == 0 && sc->scalar != NULL) {
		memset(&col, 0, sizeof(col));
		col.kind = COL_VALUE;
		col.key = sc->scalar->key;
		col.header = sc->scalar->label;
		col.f = sc->scalar;
		col.is_ref = 1;
		add_col(d, &col);
	}
	for (f = sc->fields; f->key != NULL; f++) {
		/* The record's sections get sheets of their own. */
		if (f->type == FT_STRUCT && nsteps == 0 && nsubs == 0) {
			add_sheet(&f, 1);
			continue;
		}
		if (f->type == FT_LIST) {
			if (nsteps + nsubs + 1 > SHEET_STEPS_MAX)
				continue;
			if (nsteps > 0)
				memcpy(next, steps, nsteps * sizeof(*next));
			if (nsubs > 0)
				memcpy(next + nsteps, subs,
				    nsubs * sizeof(*next));
			next[nsteps + nsubs] = f;
			add_sheet(next, nsteps + nsubs + 1);
			continue;
		}
		if (f->type == FT_STRUCT) {
			if (nsubs < SHEET_SUBS_MAX) {
				subs[nsubs] = f;
				add_values(d, f->sub, subs, nsubs + 1, steps,
				    nsteps);
			}
			continue;
		}
		memset(&col, 0, sizeof(col));
		for (i = 0; i < nsubs; i++) {
			buf_printf(&key, "%s.", subs[i]->key);
			/* 任期·任期开始 says 任期 twice: 任期开始 is enough. */
			if (i + 1 < nsubs || strncmp(f->label, subs[i]->label,
			    strlen(subs[i]->label)) != 0)
				buf_printf(&header, "%s·", subs[i]->label);
		}
		buf_puts(&key, f->key);
		buf_puts(&header, f->label);
		col.kind = d->nsteps == 0 && strcmp(f->key, "id") == 0 ?
		    COL_ID : COL_VALUE;
		col.key = keep(&key);
		col.header = keep(&header);
		col.f = f;
		if (nsubs > 0)
			memcpy(col.subs, subs, nsubs * sizeof(*subs));
		col.nsubs = nsubs;
		add_col(d, &col);
	}
}

/* Moves the column of key to the front, under header. */
static void
front(struct sheet_def *d, const char *key, const char *header)
{
	struct sheet_col col;
	unsigned	 k;

	for (k = 0; k < d->ncols && strcmp(d->cols[k].key, key) != 0; k++)
		;
	if (k == d->ncols)
		return;
	col = d->cols[k];
	free((char *)col.header);	/* made by add_values() */
	col.header = header;
	memmove(&d->cols[1], &d->cols[0], k * sizeof(col));
	d->cols[0] = col;
}

static void
add_sheet(const struct field *const *steps, unsigned nsteps)
{
	struct sheet_def *d;
	struct sheet_col col;
	const struct field *subs[SHEET_SUBS_MAX];
	struct buf	 path = { 0 }, b = { 0 };
	unsigned	 i, level = 0;
	size_t		 k;

	if (ndefs == SHEETS_MAX)
		return;
	d = &defs[ndefs++];
	if (nsteps > 0)
		memcpy(d->steps, steps, nsteps * sizeof(*steps));
	d->nsteps = nsteps;
	for (i = 0; i < nsteps; i++) {
		buf_printf(&path, "%s%s", i ? "." : "", steps[i]->key);
		if (steps[i]->type == FT_LIST)
			d->nlevels++;
	}
	d->path = path.p != NULL ? keep(&path) : "";
	d->sc = nsteps ? steps[nsteps - 1]->sub : &schema_compound;
	d->name = nsteps ? steps[nsteps - 1]->label : "基本信息";
	for (k = 0; k < sizeof(nested_names) / sizeof(*nested_names); k++)
		if (strcmp(nested_names[k].path, d->path) == 0)
			d->name = nested_names[k].name;

	if (nsteps > 0) {
		memset(&col, 0, sizeof(col));
		col.kind = COL_ID;
		col.key = "@id";
		col.header = "小区编号";
		add_col(d, &col);
		col.kind = COL_NAME;
		col.key = "@name";
		col.header = "小区名称";
		add_col(d, &col);
	}
	for (i = 0; i < nsteps; i++) {
		if (steps[i]->type != FT_LIST)
			continue;
		memset(&col, 0, sizeof(col));
		col.kind = COL_INDEX;
		col.level = level++;
		buf_printf(&b, "#%s", steps[i]->key);
		col.key = keep(&b);
		if (d->nlevels == 1 || i == nsteps - 1)
			col.header = "序号";
		else {
			buf_printf(&b, "%s序号", steps[i]->label);
			col.header = keep(&b);
		}
		add_col(d, &col);
	}
	/* Sheets of nested lists come after this one. */
	add_values(d, d->sc, subs, 0, steps, nsteps);
	/* 基本信息 starts like every sheet: 小区编号, 小区名称. */
	if (nsteps == 0) {
		front(d, "name", "小区名称");
		front(d, "id", "小区编号");
	}
}

static void
build(void)
{
	add_sheet(NULL, 0);
}

const struct sheet_def *
sheet_defs(size_t *n)
{
	pthread_once(&built, build);
	*n = ndefs;
	return defs;
}

const struct sheet_def *
sheet_by_name(const char *name)
{
	size_t	 i, n;
	const struct sheet_def *d = sheet_defs(&n);

	for (i = 0; i < n; i++)
		if (strcmp(d[i].name, name) == 0)
			return &d[i];
	return NULL;
}

int
node_is_undisclosed(const struct node *n)
{
	return n != NULL && n->kind == NODE_SCALAR &&
	    text_is_undisclosed(n->s, n->len);
}

const struct node *
sheet_value(const struct sheet_col *c, const struct node *entry,
    int *undisclosed)
{
	const struct node *n = entry;
	unsigned	 i;

	*undisclosed = 0;
	if (!c->is_ref && node_is_undisclosed(n)) {
		*undisclosed = 1;	/* the whole section */
		return NULL;
	}
	if (c->is_ref)
		return n != NULL && n->kind == NODE_SCALAR ? n :
		    map_get(n, c->f->key);
	for (i = 0; i < c->nsubs && n != NULL; i++) {
		n = map_get(n, c->subs[i]->key);
		if (node_is_undisclosed(n)) {
			*undisclosed = 1;
			return NULL;
		}
	}
	return n != NULL ? map_get(n, c->f->key) : NULL;
}

/*
 * Walks steps[i…] from the mapping n, calling fn for each entry
 * reached.  A sheet of sections (no lists) has one row per record,
 * even when the section is absent or 未公示, so that a clerk sees where
 * to fill it in; lists that are absent have no rows, and a list that
 * says 未公示 has one row saying so, on its own sheet.
 */
static int
rows_from(const struct sheet_def *d, unsigned i, const struct node *n,
    const struct node *parent, struct sheet_row *row, unsigned level,
    sheet_row_fn fn, void *arg)
{
	const struct field *f;
	const struct node *child;
	size_t		 k;
	int		 rc;

	if (i == d->nsteps) {
		row->entry = n;
		row->parent = parent;
		row->undisclosed = 0;
		return fn(d, row, arg);
	}
	f = d->steps[i];
	child = n != NULL && n->kind == NODE_MAP ? map_get(n, f->key) : NULL;
	if (f->type == FT_STRUCT) {
		if (d->nlevels > 0 && (child == NULL ||
		    child->kind != NODE_MAP))
			return 0;
		return rows_from(d, i + 1, child, n, row, level, fn, arg);
	}
	if (child == NULL)
		return 0;
	if (node_is_undisclosed(child)) {
		if (i + 1 != d->nsteps)
			return 0;
		memset(&row->index[level], 0,
		    (SHEET_STEPS_MAX - level) * sizeof(*row->index));
		row->entry = NULL;
		row->parent = child;
		row->undisclosed = 1;
		return fn(d, row, arg);
	}
	if (child->kind == NODE_MAP && (f->flags & F_ONE_OR_LIST)) {
		row->index[level] = 1;
		return rows_from(d, i + 1, child, child, row, level + 1, fn,
		    arg);
	}
	if (child->kind != NODE_SEQ)
		return 0;
	for (k = 0; k < child->n; k++) {
		row->index[level] = (unsigned)k + 1;
		if ((rc = rows_from(d, i + 1, child->kids[k], child, row,
		    level + 1, fn, arg)) != 0)
			return rc;
	}
	return 0;
}

int
sheet_rows(const struct sheet_def *d, const struct node *record,
    sheet_row_fn fn, void *arg)
{
	struct sheet_row row;

	memset(&row, 0, sizeof(row));
	if (d->nsteps == 0) {
		row.entry = record;
		return fn(d, &row, arg);
	}
	return rows_from(d, 0, record, NULL, &row, 0, fn, arg);
}

int
ftype_typed(enum ftype t)
{
	return t == FT_MONEY || t == FT_DECIMAL || t == FT_PERCENT ||
	    t == FT_COUNT || t == FT_DATE;
}

/* Parses s of a typed type into n; NULL, or why not (in msg). */
const char *
parse_typed(enum ftype t, const char *s, int64_t *n, struct buf *msg)
{
	switch (t) {
	case FT_MONEY:
		return parse_hundredths(s, true, n, msg);
	case FT_DECIMAL:
		return parse_hundredths(s, false, n, msg);
	case FT_PERCENT:
		return parse_percent(s, n, msg);
	case FT_COUNT:
		return parse_count(s, n, msg);
	case FT_DATE:
		return parse_date(s, n, msg);
	default:
		return NULL;
	}
}
