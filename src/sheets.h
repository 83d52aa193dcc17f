/*
 * The workbook's shape (sheets.c): the record contract laid out as
 * sheets and columns, derived from the schema tables, so export and
 * import always agree and a new key in SCHEMA.md appears in both.
 *
 * A sheet holds one row per compound (基本信息 and each section that is
 * a mapping) or one row per list entry.  Its columns are: the compound
 * id and name, one 序号 column per list level (1-based positions, the
 * outer list first), then every single value of the entry, with nested
 * mappings flattened ("manager.phone").  Nested lists get sheets of
 * their own.  Row 1 holds the Chinese headers, row 2 the keys, which
 * import reads, so columns may be moved or hidden.
 */
#ifndef SHEETS_H
#define SHEETS_H

#include <stddef.h>
#include <stdint.h>

#include "schema.h"

struct buf;
struct node;

#define SHEET_STEPS_MAX	4	/* sections and lists from record to entry */
#define SHEET_SUBS_MAX	3	/* mappings from entry to value */
#define SHEET_COLS_MAX	40

enum col_kind {
	COL_ID,		/* the compound's id */
	COL_NAME,	/* its name: informative outside 基本信息 */
	COL_INDEX,	/* 序号 of list level .level */
	COL_VALUE	/* a value of the entry */
};

struct sheet_col {
	enum col_kind	 kind;
	unsigned	 level;		/* COL_INDEX: which list level */
	const char	*key;		/* row 2: "amount", "manager.phone",
					   "#fees" for an index */
	const char	*header;	/* row 1, Chinese */
	const struct field *f;		/* COL_VALUE: the value's field */
	const struct field *subs[SHEET_SUBS_MAX]; /* mappings down to it */
	unsigned	 nsubs;
	int		 is_ref;	/* supervision's department id: the
					   entry may be that id alone */
};

struct sheet_def {
	const char	*name;		/* the tab, Chinese, unique */
	const char	*path;		/* "fees", "provider.staff"; "" root */
	const struct field *steps[SHEET_STEPS_MAX];	/* sections and
					   lists from the record down */
	unsigned	 nsteps;
	unsigned	 nlevels;	/* lists among the steps */
	const struct schema *sc;	/* the entry's schema */
	struct sheet_col cols[SHEET_COLS_MAX];
	unsigned	 ncols;
};

const struct sheet_def *sheet_defs(size_t *n);
const struct sheet_def *sheet_by_name(const char *name);

/*
 * The value node of column col in an entry (NULL when absent), and
 * whether a mapping on the way says 未公示 for all it holds.
 */
const struct node *sheet_value(const struct sheet_col *,
	    const struct node *entry, int *undisclosed);
int	 node_is_undisclosed(const struct node *);

/*
 * One row of a record: the entry node (NULL for a section that is
 * absent) and its 1-based positions in each list level.
 */
struct sheet_row {
	const struct node *entry;
	const struct node *parent;	/* the list (or section mapping)
					   holding it */
	unsigned	 index[SHEET_STEPS_MAX];
	int		 undisclosed;	/* the list itself says 未公示 */
};

typedef int	(*sheet_row_fn)(const struct sheet_def *,
	    const struct sheet_row *, void *arg);
int	 sheet_rows(const struct sheet_def *, const struct node *record,
	    sheet_row_fn, void *arg);

/*
 * Money, decimals, percentages, counts and dates: the types a cell holds
 * as a number, compared as their values (1.8 and 1.80 are one amount).
 */
int	 ftype_typed(enum ftype);
const char *parse_typed(enum ftype, const char *s, int64_t *n,
	    struct buf *msg);

#endif /* !SHEETS_H */
