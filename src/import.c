/*
 * gongshi import: a workbook that clerks edited (laid out as sheets.h
 * says, read by xlsxread.c) back into the YAML records.
 *
 * Each compound in the workbook's 基本信息 is compared with its record,
 * value by value and as its type reads (1.8 and 1.80 are one amount),
 * and only what differs is changed, in place (yamledit.c): comments,
 * key order and untouched lines stay.  Cells are checked as they are
 * read, then the records as they would become are checked as `gongshi
 * check` does, from memory over the content folder; anything wrong is
 * told at its cell, and nothing is written unless all is right.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "bounds.h"
#include "build.h"
#include "commands.h"
#include "content.h"
#include "format.h"
#include "node.h"
#include "progress.h"
#include "scalar.h"
#include "schema.h"
#include "sheets.h"
#include "xlsxread.h"
#include "workbook.h"
#include "yamledit.h"
#include "gongshi.h"
#include "i18n.h"
#include "import.h"

#define BOOK_MAX	((size_t)256 * 1024 * 1024)	/* a workbook file */
#define INSTRUCTIONS	"说明"

/* A sheet of the workbook that gongshi knows. */
struct sheet_in {
	const struct sheet_def *def;
	const struct xsheet *xs;
	unsigned	 col[SHEET_COLS_MAX];	/* def's column k is the
						   sheet's col[k]; 0: absent */
	unsigned	 idcol;		/* the sheet's column of 小区编号 */
	unsigned	 ixcol;		/* of the last 序号; else idcol */
};

/* A row of such a sheet. */
struct wrow {		/* 48 bytes: a city's workbook has 400,000 */
	const struct sheet_in *in;
	const char	*id;
	uint32_t	 row;
	unsigned	 index[SHEET_STEPS_MAX];	/* 0: none given */
	int		 undisclosed;	/* its list says 未公示 */
	uint32_t	 first, ncells;	/* its cells in in->xs (at most
					   XLSX_MAX_CELLS) */
};

/* One record's new text, and where its values came from. */
struct change {
	const char	*rel;
	const char	*id;
	char		*text;		/* NULL: removed */
	size_t		 len;
	struct marks	 marks;
	int		 is_new;
	char		*orig;		/* the bytes it was made from */
	size_t		 origlen;
};

/* Entries of lists: their list, place, and the 序号 they were given. */
struct slots {
	struct slot {
		const struct mnode *seq;
		unsigned	 typed;
		size_t		 slot;
	}		*v;
	size_t		 n, cap;
};

struct importer {
	struct ctx	 c;
	const struct opts *o;
	const char	*book;		/* as the user named it */
	struct arena	 arena;		/* the workbook and new values */
	struct arena	*values;	/* where read_value puts them, or NULL */
	struct xbook	 xb;
	struct sheet_in	*sheets;
	size_t		 nsheets;
	struct wrow	*rows;
	size_t		 nrows, caprows;
	struct change	*changes;
	size_t		 nchanges, capchanges;
	char		**scope;	/* area codes exported; NULL: all */
	size_t		 nscope;
	int		 scope_known;
	size_t		 nerrors;	/* at cells */
	const struct gs_compound **by_id;	/* the records, by id */
	struct slots	 added;		/* entries added to lists, by the
					   序号 a clerk gave them */
	struct slots	 seen;		/* entries a row has named */
};

static void cell_error(struct importer *, const struct sheet_in *,
	    uint32_t row, unsigned col, const char *id, const char *, ...)
	    PRINTF_LIKE(6, 7);

static void
cell_error(struct importer *im, const struct sheet_in *in, uint32_t row,
    unsigned col, const char *id, const char *fmt, ...)
{
	struct buf	 msg = { 0 };
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, _(fmt), ap);
	va_end(ap);
	if (id != NULL)
		diag_add_cell(&im->c.diags, im->book, in->xs->name, row,
		    col ? col : 1, SEV_ERROR, "%s (compound %s)", msg.p, id);
	else
		diag_add_cell(&im->c.diags, im->book, in->xs->name, row,
		    col ? col : 1, SEV_ERROR, "%s", msg.p);
	im->nerrors++;
	buf_free(&msg);
}

/* ---- reading the workbook ---- */

/* The cell of a row at the sheet's column col, or NULL. */
static const struct xcell *
row_cell(const struct wrow *r, unsigned col)
{
	size_t	 i;

	if (col == 0)
		return NULL;
	for (i = 0; i < r->ncells; i++)
		if (r->in->xs->cells[r->first + i].col == col)
			return &r->in->xs->cells[r->first + i];
	return NULL;
}

/*
 * Text without spaces or line breaks around it; CR LF as LF.  Text that
 * is clean already, as nearly every cell is, is returned as it is (s
 * must then end at len), not copied: at 10,000 compounds the copies
 * were 36 MB of an import's peak.
 */
static const char *
clean_text(struct arena *a, const char *s, size_t len)
{
	char	*out, *p;
	size_t	 i;

	while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\n' ||
	    *s == '\r'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	/* U+3000 IDEOGRAPHIC SPACE around a value is a typing slip too. */
	while (len >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
		s += 3, len -= 3;
	while (len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0)
		len -= 3;
	if (s[len] == '\0' && memchr(s, '\r', len) == NULL)
		return s;
	out = p = arena_alloc(a, len + 1);
	for (i = 0; i < len; i++)
		if (s[i] != '\r')
			*p++ = s[i];
		else if (i + 1 < len && s[i + 1] != '\n')
			*p++ = '\n';
	*p = '\0';
	return out;
}

/*
 * A number cell as the shortest decimal that reads back as the same
 * double: what the clerk typed (1.85, not 1.8500000000000001).  NULL
 * when it would need an exponent, or more digits than a double keeps.
 */
static const char *
number_text(const char *xml, char *buf, size_t size)
{
	double	 v;
	char	*end;
	int	 prec;

	errno = 0;
	v = strtod(xml, &end);
	if (*end != '\0' || errno != 0 || !isfinite(v))
		return NULL;
	/* 10 reads back from "1e+01" too: look on for a plain form. */
	for (prec = 1; prec <= 15; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v && strchr(buf, 'e') == NULL)
			return buf;
	}
	return NULL;
}

/* Whether s is UTF-8 throughout (expat gives nothing else; a fuzzer
 * or a broken writer might). */
static int
is_utf8(const char *s, size_t len)
{
	uint32_t cp;
	size_t	 i = 0, k;

	while (i < len) {
		if ((k = utf8_len((const unsigned char *)s + i, len - i,
		    &cp)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* A cell's text for an identifier or a 序号: strings, or whole numbers. */
static const char *
plain_text(struct importer *im, const struct xcell *x)
{
	char	 num[64];
	const char *t;

	if (x == NULL)
		return NULL;
	if (x->kind == XC_STRING && is_utf8(x->text, x->len))
		return clean_text(&im->arena, x->text, x->len);
	if (x->kind == XC_NUMBER &&
	    (t = number_text(x->text, num, sizeof(num))) != NULL)
		return arena_strdup(&im->arena, t);
	return NULL;
}

/* The 导出范围 line that export writes into 说明. */
static void
read_scope(struct importer *im, const struct xsheet *xs)
{
	size_t	 i, n = strlen(SCOPE_PREFIX);
	char	*p, *tok, *save;

	for (i = 0; i < xs->n; i++) {
		if (xs->cells[i].kind != XC_STRING ||
		    strncmp(xs->cells[i].text, SCOPE_PREFIX, n) != 0)
			continue;
		im->scope_known = 1;
		p = arena_strdup(&im->arena, xs->cells[i].text + n);
		for (tok = strtok_r(p, " ", &save); tok != NULL;
		    tok = strtok_r(NULL, " ", &save)) {
			if (strspn(tok, "0123456789") != strlen(tok))
				continue;	/* 全部, or a name */
			im->scope = xrealloc(im->scope,
			    (im->nscope + 1) * sizeof(*im->scope));
			im->scope[im->nscope++] = tok;
		}
		return;
	}
}

static void
push_row(struct importer *im, const struct wrow *r)
{
	if (im->nrows == im->caprows) {
		im->caprows = im->caprows ? im->caprows * 2 : 1024;
		im->rows = xrealloc(im->rows, im->caprows * sizeof(*im->rows));
	}
	im->rows[im->nrows++] = *r;
}

/* Reads the 序号 cells of row r; -1 after telling what is wrong. */
static int
read_indexes(struct importer *im, struct wrow *r)
{
	const struct sheet_def *def = r->in->def;
	const struct sheet_col *c;
	const struct xcell *x;
	const char	*t;
	unsigned	 k;
	char		*end;
	unsigned long	 v;

	for (k = 0; k < def->ncols; k++) {
		c = &def->cols[k];
		if (c->kind != COL_INDEX)
			continue;
		x = row_cell(r, r->in->col[k]);
		if (x == NULL) {
			if (c->level + 1 < def->nlevels) {
				cell_error(im, r->in, r->row, r->in->col[k],
				    r->id, "give the 序号 of the entry this "
				    "row belongs to");
				return -1;
			}
			continue;	/* a new entry, added last */
		}
		t = plain_text(im, x);
		if (t != NULL && strcmp(t, gs_undisclosed) == 0 &&
		    c->level + 1 == def->nlevels) {
			r->undisclosed = 1;
			continue;
		}
		errno = 0;
		v = t != NULL ? strtoul(t, &end, 10) : 0;
		if (t == NULL || *t == '\0' || *end != '\0' || errno != 0 ||
		    v == 0 || v > 1000000 || t[0] == '-' || t[0] == '+') {
			cell_error(im, r->in, r->row, r->in->col[k], r->id,
			    c->level + 1 == def->nlevels ? "序号 must be a "
			    "whole number from 1 (the entry's place in its "
			    "list), or 未公示 for a list not disclosed" :
			    "序号 must be a whole number from 1 (the place of "
			    "the entry this row belongs to)");
			return -1;
		}
		r->index[c->level] = (unsigned)v;
	}
	return 0;
}

/* The rows of one known sheet. */
static void
read_rows(struct importer *im, const struct sheet_in *in)
{
	const struct xsheet *xs = in->xs;
	const struct xcell *x;
	struct wrow	 r;
	size_t		 i = 0, j, k;
	unsigned	 idcol = in->idcol;

	while (i < xs->n && xs->cells[i].row <= 2)
		i++;
	/* Room for this sheet's rows at once: doubling would leave up
	 * to half of a city's 300,000 rows' room unused. */
	for (j = i, k = 0; j < xs->n; j++)
		k += j == i || xs->cells[j].row != xs->cells[j - 1].row;
	if (im->caprows - im->nrows < k) {
		im->caprows = im->nrows + k;
		im->rows = xrealloc(im->rows, im->caprows * sizeof(*im->rows));
	}
	while (i < xs->n) {
		memset(&r, 0, sizeof(r));
		r.in = in;
		r.row = xs->cells[i].row;
		r.first = (uint32_t)i;
		for (j = i; j < xs->n && xs->cells[j].row == r.row; j++)
			;
		r.ncells = (uint32_t)(j - i);
		i = j;
		x = row_cell(&r, idcol);
		r.id = plain_text(im, x);
		if (r.id == NULL || *r.id == '\0') {
			/* A row of nothing but spaces is no row. */
			for (j = 0; j < r.ncells; j++) {
				x = &xs->cells[r.first + j];
				if (x->kind != XC_STRING ||
				    *clean_text(&im->arena, x->text, x->len))
					break;
			}
			if (j < r.ncells)
				cell_error(im, in, r.row, idcol, NULL, "this "
				    "row has no 小区编号; give the id of the "
				    "compound it belongs to");
			continue;
		}
		if (read_indexes(im, &r) == -1)
			continue;
		push_row(im, &r);
	}
}

/* Finds each sheet gongshi knows, and where its columns are. */
static int
read_sheets(struct importer *im)
{
	const struct xsheet *xs;
	const struct xcell *x;
	struct sheet_in	*in;
	const char	*key;
	size_t		 i, j;
	unsigned	 k;

	im->sheets = xcalloc(im->xb.n ? im->xb.n : 1, sizeof(*im->sheets));
	for (i = 0; i < im->xb.n; i++) {
		xs = &im->xb.sheets[i];
		if (strcmp(xs->name, INSTRUCTIONS) == 0) {
			read_scope(im, xs);
			continue;
		}
		in = &im->sheets[im->nsheets];
		if ((in->def = sheet_by_name(xs->name)) == NULL) {
			if (xs->n > 0)
				diag_add_cell(&im->c.diags, im->book, xs->name,
				    1, 1, SEV_WARNING, "sheet ignored: it is "
				    "not one that gongshi export writes");
			continue;
		}
		in->xs = xs;
		for (j = 0; j < xs->n && xs->cells[j].row <= 2; j++) {
			x = &xs->cells[j];
			if (x->row != 2 || x->kind != XC_STRING)
				continue;
			key = clean_text(&im->arena, x->text, x->len);
			for (k = 0; k < in->def->ncols; k++)
				if (strcmp(in->def->cols[k].key, key) == 0)
					break;
			if (k == in->def->ncols) {
				diag_add_cell(&im->c.diags, im->book, xs->name,
				    2, x->col, SEV_WARNING, "column ignored: "
				    "'%s' is not a key of this sheet", key);
				continue;
			}
			if (in->col[k] != 0) {
				cell_error(im, in, 2, x->col, NULL, "key '%s' "
				    "heads two columns; keep one", key);
				continue;
			}
			in->col[k] = x->col;
		}
		for (k = 0; k < in->def->ncols; k++)
			if ((in->def->cols[k].kind == COL_ID ||
			    in->def->cols[k].kind == COL_INDEX) &&
			    in->col[k] == 0)
				break;
		if (k < in->def->ncols) {
			cell_error(im, in, 2, 1, NULL, "row 2 has no column "
			    "with key '%s'; it names the rows (row 2 holds "
			    "the keys that gongshi export wrote)",
			    in->def->cols[k].key);
			continue;
		}
		for (k = 0; k < in->def->ncols; k++) {
			if (in->def->cols[k].kind == COL_ID)
				in->idcol = in->ixcol = in->col[k];
			if (in->def->cols[k].kind == COL_INDEX)
				in->ixcol = in->col[k];
		}
		im->nsheets++;
		read_rows(im, in);
	}
	return im->nerrors > 0 ? -1 : 0;
}

/* Rows by compound, sheet, then 序号 (none given last), then row. */
static int
cmp_rows(const void *pa, const void *pb)
{
	const struct wrow *a = pa, *b = pb;
	int		 c;
	unsigned	 k, x, y;

	if ((c = strcmp(a->id, b->id)) != 0)
		return c;
	if (a->in->def != b->in->def)
		return a->in->def < b->in->def ? -1 : 1;
	for (k = 0; k < SHEET_STEPS_MAX; k++) {
		x = a->index[k] ? a->index[k] : UINT_MAX;
		y = b->index[k] ? b->index[k] : UINT_MAX;
		if (x != y)
			return x < y ? -1 : 1;
	}
	return a->row < b->row ? -1 : a->row > b->row;
}

/* ---- cell values ---- */

enum nv_kind { NV_ABSENT, NV_UNDISCLOSED, NV_TEXT, NV_LIST };

struct newval {
	enum nv_kind	 kind;
	const char	*text;		/* NV_TEXT: as it will be written */
	int64_t		 n;		/* typed value, when has_n */
	int		 has_n;
	const char	**items;	/* NV_LIST */
	size_t		 nitems;
};

static int
is_number_type(enum ftype t)
{
	return t == FT_MONEY || t == FT_DECIMAL || t == FT_PERCENT ||
	    t == FT_COUNT;
}

/*
 * A typed value as import writes it: as the machine form of format.c,
 * but whole yuan without decimals (200, as a clerk types it; 1.80 keeps
 * its two).
 */
static char *
typed_text(struct arena *a, enum ftype t, int64_t n)
{
	struct buf	 b = { 0 };
	char		*s;

	if (t == FT_MONEY && n % 100 == 0)
		buf_printf(&b, "%lld", (long long)(n / 100));
	else
		format_value(&b, t, n, "", FORM_MACHINE);
	s = arena_strdup(a, b.p);
	buf_free(&b);
	return s;
}

/* 2026/11/30, 2026.11.30 and 2026年11月30日 as 2026-11-30. */
static const char *
normal_date(struct arena *a, const char *s)
{
	int	 y, m, d, len = 0;

	if (sscanf(s, "%d/%d/%d%n", &y, &m, &d, &len) == 3 ||
	    sscanf(s, "%d.%d.%d%n", &y, &m, &d, &len) == 3 ||
	    sscanf(s, "%d年%d月%d日%n", &y, &m, &d, &len) == 3 ||
	    sscanf(s, "%d-%d-%d%n", &y, &m, &d, &len) == 3)
		if (s[len] == '\0' && y >= 1000 && y <= 9999 && m > 0 &&
		    m < 100 && d > 0 && d < 100)
			return arena_printf(a, "%04d-%02d-%02d", y, m, d);
	return s;
}

/* What cell x of column c says; -1 after telling the clerk why not. */
static int
read_value(struct importer *im, const struct wrow *r, unsigned k,
    const struct xcell *x, struct newval *nv)
{
	const struct sheet_col *c = &r->in->def->cols[k];
	enum ftype	 t = c->f->type;
	struct buf	 msg = { 0 };
	char		 num[64];
	const char	*s;
	char		*p, *line, *save;
	const char	*item;
	int		 y, m, d;
	unsigned	 col = r->in->col[k];
	/* The record's own arena while it is imported (import_record). */
	struct arena	*a = im->values != NULL ? im->values : &im->arena;

	memset(nv, 0, sizeof(*nv));
	if (x == NULL)
		return 0;
	if (!is_utf8(x->text, x->len)) {
		cell_error(im, r->in, r->row, col, r->id, "the cell holds "
		    "bytes that are not UTF-8 text; type its value again");
		return -1;
	}
	if (x->kind == XC_ERROR) {
		cell_error(im, r->in, r->row, col, r->id, "the cell shows the "
		    "error %s; give a value", x->text);
		return -1;
	}
	if (x->kind == XC_NUMBER && t == FT_DATE) {
		if (!x->is_date || xlsx_serial_date(x->text, im->xb.date1904,
		    &y, &m, &d) == -1) {
			cell_error(im, r->in, r->row, col, r->id, "%s is not a "
			    "date; write it as 2026-11-30", x->text);
			return -1;
		}
		nv->kind = NV_TEXT;
		nv->n = days_from_civil(y, m, d);
		nv->has_n = 1;
		nv->text = typed_text(a, t, nv->n);
		return 0;
	}
	if (x->kind == XC_NUMBER) {
		if ((s = number_text(x->text, num, sizeof(num))) == NULL) {
			cell_error(im, r->in, r->row, col, r->id, "the number "
			    "%s has lost digits or is in exponent notation; "
			    "format the cell as text and type the value "
			    "again", x->text);
			return -1;
		}
		if (!is_number_type(t) && (t == FT_USCC ||
		    strlen(s) >= 16)) {
			cell_error(im, r->in, r->row, col, r->id, "%s was "
			    "typed as a number; format the cell as text and "
			    "type it again (a spreadsheet drops leading "
			    "zeros and digits after the 15th)", s);
			return -1;
		}
		s = arena_strdup(a, s);
	} else
		s = clean_text(a, x->text, x->len);
	if (*s == '\0')
		return 0;
	if (strcmp(s, gs_undisclosed) == 0) {
		nv->kind = NV_UNDISCLOSED;
		return 0;
	}
	if (t == FT_VLIST) {
		nv->kind = NV_LIST;
		p = arena_strdup(a, s);
		/* As many items as lines, at most: from the arena. */
		nv->items = arena_alloc(a,
		    (strlen(p) / 2 + 2) * sizeof(*nv->items));
		for (line = strtok_r(p, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			item = clean_text(a, line, strlen(line));
			if (*item == '\0')
				continue;
			nv->items[nv->nitems++] = item;
		}
		return 0;
	}
	if (t == FT_DATE)
		s = x->is_date && x->kind == XC_STRING && strlen(s) > 10 &&
		    s[10] == 'T' ? arena_strndup(a, s, 10) :
		    normal_date(a, s);
	nv->kind = NV_TEXT;
	nv->text = s;
	if (ftype_typed(t)) {
		if (parse_typed(t, s, &nv->n, &msg) != NULL) {
			cell_error(im, r->in, r->row, col, r->id, "%s", msg.p);
			buf_free(&msg);
			return -1;
		}
		nv->has_n = 1;
		nv->text = typed_text(a, t, nv->n);
	}
	buf_free(&msg);
	return 0;
}

/* ---- comparing and changing a record ---- */

static int
same_text(const char *a, const char *b)
{
	size_t	 la, lb;

	while (*a == ' ' || *a == '\n' || *a == '\t')
		a++;
	while (*b == ' ' || *b == '\n' || *b == '\t')
		b++;
	la = strlen(a);
	lb = strlen(b);
	while (la > 0 && (a[la - 1] == ' ' || a[la - 1] == '\n' ||
	    a[la - 1] == '\t'))
		la--;
	while (lb > 0 && (b[lb - 1] == ' ' || b[lb - 1] == '\n' ||
	    b[lb - 1] == '\t'))
		lb--;
	return la == lb && memcmp(a, b, la) == 0;
}

static int
is_undisclosed_text(const char *s)
{
	return text_is_undisclosed(s, strlen(s));
}

/* Whether the record's value old says what the cell says. */
static int
same_value(const struct mnode *old, const struct newval *nv, enum ftype t)
{
	struct buf	 msg = { 0 };
	int64_t		 n;
	const char	*why;
	size_t		 i, j;

	if (old == NULL)
		return nv->kind == NV_ABSENT ||
		    (nv->kind == NV_LIST && nv->nitems == 0);
	if (old->kind == NODE_SCALAR && is_undisclosed_text(old->text))
		return nv->kind == NV_UNDISCLOSED;
	if (nv->kind == NV_LIST) {
		if (old->kind != NODE_SEQ)
			return 0;
		for (i = j = 0; i < old->n; i++) {
			if (old->kids[i].v == NULL)
				continue;
			if (old->kids[i].v->kind != NODE_SCALAR ||
			    j >= nv->nitems ||
			    !same_text(old->kids[i].v->text, nv->items[j]))
				return 0;
			j++;
		}
		return j == nv->nitems;
	}
	if (nv->kind != NV_TEXT || old->kind != NODE_SCALAR)
		return 0;
	if (nv->has_n) {
		why = parse_typed(t, mscalar_text(old), &n, &msg);
		buf_free(&msg);
		if (why == NULL)
			return n == nv->n;
	}
	return same_text(mscalar_text(old), nv->text);
}

static struct cellref
cell_of(const struct wrow *r, unsigned k)
{
	struct cellref	 ref;

	ref.sheet = r->in->xs->name;
	ref.row = r->row;
	ref.col = r->in->col[k] ? r->in->col[k] : 1;
	ref.id = r->id;
	return ref;
}

/* The first value column a row has: where a new entry's problems go. */
static struct cellref
row_ref(const struct wrow *r)
{
	unsigned	 k;

	for (k = 0; k < r->in->def->ncols; k++)
		if (r->in->def->cols[k].kind == COL_VALUE && r->in->col[k])
			return cell_of(r, k);
	return cell_of(r, 0);
}

/* Makes the mapping below m at key, replacing anything but a mapping. */
static struct mnode *
map_at(struct mdoc *doc, struct mnode *m, const struct field *f,
    const struct cellref *ref)
{
	struct mnode	*v = mmap_get(m, f->key);

	if (v == NULL || v->kind != NODE_MAP) {
		v = mnode_map(doc, f->sub, ref);
		mmap_set(doc, m, f->key, v);
	} else if (v->sc == NULL)
		v->sc = f->sub;
	return v;
}

/* Writes the cell's value nv as the record's value of column c. */
static void
set_value(struct mdoc *doc, struct mnode *entry,
    const struct sheet_col *c, const struct newval *nv,
    const struct cellref *ref)
{
	struct mnode	*m = entry, *old, *seq;
	unsigned	 i;
	size_t		 k;

	for (i = 0; i < c->nsubs; i++) {
		if (nv->kind == NV_ABSENT && (mmap_get(m, c->subs[i]->key) ==
		    NULL || mmap_get(m, c->subs[i]->key)->kind != NODE_MAP))
			return;
		m = map_at(doc, m, c->subs[i], ref);
	}
	old = mmap_get(m, c->f->key);
	switch (nv->kind) {
	case NV_ABSENT:
		if (old != NULL)
			mmap_remove(m, c->f->key);
		break;
	case NV_UNDISCLOSED:
		mmap_set(doc, m, c->f->key, mnode_scalar(doc, gs_undisclosed,
		    c->f->type, ref));
		break;
	case NV_TEXT:
		if (old != NULL && old->kind == NODE_SCALAR)
			mscalar_set(old, nv->text, c->f->type, ref);
		else
			mmap_set(doc, m, c->f->key, mnode_scalar(doc, nv->text,
			    c->f->type, ref));
		break;
	case NV_LIST:
		if (nv->nitems == 0) {
			if (old != NULL)
				mmap_remove(m, c->f->key);
			break;
		}
		seq = mnode_seq(doc, ref);
		if (old != NULL && old->kind == NODE_SEQ && old->orig != NULL)
			seq->flow = old->orig->flow;
		for (k = 0; k < nv->nitems; k++)
			mseq_append(doc, seq, mnode_scalar(doc, nv->items[k],
			    c->f->elem, ref));
		mmap_set(doc, m, c->f->key, seq);
		break;
	}
}

/* The value of column c in entry, and whether a mapping above says 未公示. */
static struct mnode *
old_value(struct mnode *entry, const struct sheet_col *c, int *undisclosed)
{
	struct mnode	*m = entry;
	unsigned	 i;

	*undisclosed = 0;
	if (m != NULL && m->kind == NODE_SCALAR && is_undisclosed_text(m->text)) {
		*undisclosed = 1;
		return NULL;
	}
	for (i = 0; i < c->nsubs && m != NULL; i++) {
		m = mmap_get(m, c->subs[i]->key);
		if (m != NULL && m->kind == NODE_SCALAR &&
		    is_undisclosed_text(m->text)) {
			*undisclosed = 1;
			return NULL;
		}
	}
	return m != NULL && m->kind == NODE_MAP ? mmap_get(m, c->f->key) : NULL;
}

/* Whether another value of column k's mapping is given in the row. */
static int
group_has_value(const struct sheet_def *def, const struct wrow *r,
    const struct newval *nv, unsigned k)
{
	const struct sheet_col *c = &def->cols[k], *o;
	unsigned	 j;

	for (j = 0; j < def->ncols; j++) {
		o = &def->cols[j];
		if (j == k || o->kind != COL_VALUE || r->in->col[j] == 0 ||
		    o->is_ref ||
		    o->nsubs != c->nsubs || memcmp(o->subs, c->subs,
		    c->nsubs * sizeof(*c->subs)) != 0)
			continue;
		if (nv[j].kind != NV_ABSENT)
			return 1;
	}
	return 0;
}

/* Whether field f must be given where its mapping exists. */
static int
required(const struct sheet_col *c)
{
	return (c->f->flags & F_REQUIRED) != 0;
}

/*
 * Brings entry (a mapping of the record, or NULL for a new one) in line
 * with row r.  Returns the entry, which may be new.  Cell problems are
 * told; the caller checks im->nerrors.
 */
static struct mnode *
apply_row(struct importer *im, struct mdoc *doc, struct mnode *entry,
    const struct wrow *r)
{
	const struct sheet_def *def = r->in->def;
	const struct sheet_col *c;
	struct newval	 nv[SHEET_COLS_MAX];
	struct cellref	 ref;
	struct mnode	*old, *m;
	unsigned	 k, i;
	int		 undisclosed, ref_given = 0, any = 0;
	unsigned char	 bad[SHEET_COLS_MAX];

	/* A cell that cannot be read is told, and left as the record has
	 * it, so that the check still tells the rest. */
	memset(bad, 0, sizeof(bad));
	for (k = 0; k < def->ncols; k++) {
		memset(&nv[k], 0, sizeof(nv[k]));
		c = &def->cols[k];
		if (c->f == NULL || r->in->col[k] == 0 ||
		    (c->kind == COL_ID && def->nsteps == 0))
			continue;
		if (read_value(im, r, k, row_cell(r, r->in->col[k]), &nv[k]) ==
		    -1) {
			bad[k] = 1;
			any = 1;
			continue;
		}
		if (c->is_ref && nv[k].kind == NV_TEXT)
			ref_given = 1;
		else if (nv[k].kind != NV_ABSENT)
			any = 1;
	}
	/* A required value left empty is told at its cell (the check would
	 * tell it at the mapping), unless its whole mapping is emptied. */
	for (k = 0; k < def->ncols; k++) {
		c = &def->cols[k];
		if (c->kind != COL_VALUE || r->in->col[k] == 0 || bad[k] ||
		    ref_given || !required(c) || nv[k].kind != NV_ABSENT ||
		    !group_has_value(def, r, nv, k))
			continue;
		cell_error(im, r->in, r->row, r->in->col[k], r->id, "%s (%s) "
		    "is required; give it, or 未公示 where it is not "
		    "disclosed", c->header, c->key);
		bad[k] = 1;
	}
	for (k = 0; k < def->ncols; k++)
		if (bad[k] && entry == NULL)
			return NULL;	/* a new entry waits for its cells */

	/* A supervision entry that is a department's id alone. */
	if (ref_given) {
		for (k = 0; k < def->ncols; k++)
			if (def->cols[k].f != NULL && !def->cols[k].is_ref &&
			    nv[k].kind != NV_ABSENT && def->nsteps > 0 &&
			    def->cols[k].kind == COL_VALUE) {
				cell_error(im, r->in, r->row, r->in->col[k],
				    r->id, "leave this empty: the entry is "
				    "the department named by its id");
				return entry;
			}
		for (k = 0; k < def->ncols && !def->cols[k].is_ref; k++)
			;
		ref = cell_of(r, k);
		if (entry != NULL && entry->kind == NODE_SCALAR &&
		    same_text(entry->text, nv[k].text))
			return entry;
		return mnode_scalar(doc, nv[k].text, FT_ID, &ref);
	}

	ref = row_ref(r);
	if (entry == NULL || entry->kind != NODE_MAP) {
		/* Nothing was there, or 未公示, or a department's id: a
		 * mapping is made when the row says anything else. */
		int was_undisclosed = entry != NULL &&
		    entry->kind == NODE_SCALAR && is_undisclosed_text(entry->text);
		int all_undisclosed = 1;

		for (k = 0; k < def->ncols; k++)
			if (def->cols[k].kind == COL_VALUE &&
			    r->in->col[k] != 0 &&
			    nv[k].kind != NV_UNDISCLOSED)
				all_undisclosed = 0;
		if (was_undisclosed && all_undisclosed)
			return entry;
		if (!any && entry == NULL)
			return NULL;
		entry = mnode_map(doc, def->sc, &ref);
	}
	/* A mapping that says 未公示 becomes one the row fills in. */
	for (k = 0; k < def->ncols; k++) {
		c = &def->cols[k];
		if (c->kind != COL_VALUE && !(c->kind == COL_ID &&
		    def->nsteps == 0))
			continue;
		if (c->nsubs == 0 || r->in->col[k] == 0 ||
		    nv[k].kind == NV_ABSENT || nv[k].kind == NV_UNDISCLOSED)
			continue;
		m = entry;
		for (i = 0; i < c->nsubs; i++) {
			old = mmap_get(m, c->subs[i]->key);
			if (old != NULL && old->kind == NODE_SCALAR)
				mmap_remove(m, c->subs[i]->key);
			m = map_at(doc, m, c->subs[i], &ref);
		}
	}
	for (k = 0; k < def->ncols; k++) {
		c = &def->cols[k];
		if (c->f == NULL || r->in->col[k] == 0 || c->is_ref ||
		    bad[k] || (c->kind == COL_ID && def->nsteps == 0))
			continue;
		old = old_value(entry, c, &undisclosed);
		if (undisclosed ? nv[k].kind == NV_UNDISCLOSED :
		    same_value(old, &nv[k], c->f->type))
			continue;
		ref = cell_of(r, k);
		set_value(doc, entry, c, &nv[k], &ref);
	}
	return entry;
}

/* ---- finding entries by 序号 ---- */

static void
slots_push(struct slots *l, const struct mnode *seq, unsigned typed,
    size_t slot)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n].seq = seq;
	l->v[l->n].typed = typed;
	l->v[l->n].slot = slot;
	l->n++;
}

/* Whether a row already named entry slot of seq (else notes it). */
static int
seen_before(struct importer *im, const struct mnode *seq, size_t slot)
{
	size_t	 i;

	for (i = 0; i < im->seen.n; i++)
		if (im->seen.v[i].seq == seq && im->seen.v[i].slot == slot)
			return 1;
	slots_push(&im->seen, seq, 0, slot);
	return 0;
}

/* The slot of the entry a clerk numbered typed in seq, or -1. */
static long
slot_of(const struct importer *im, const struct mnode *seq, unsigned typed)
{
	size_t	 i, orig = 0;

	for (i = 0; i < im->added.n; i++)
		if (im->added.v[i].seq == seq && im->added.v[i].typed == typed)
			return (long)im->added.v[i].slot;
	for (i = 0; i < seq->n; i++)
		orig += seq->kids[i].vorig != NULL;
	return typed >= 1 && typed <= orig ? (long)typed - 1 : -1;
}

/*
 * The list (seq) of step i below m, made when make is set; a single
 * mapping standing for a list of one (common_revenue) is made a list.
 */
static struct mnode *
list_at(struct mdoc *doc, struct mnode *m, const struct field *f, int make,
    const struct cellref *ref)
{
	struct mnode	*v = mmap_get(m, f->key), *seq;

	if (v != NULL && v->kind == NODE_SEQ)
		return v;
	if (v != NULL && v->kind == NODE_MAP && (f->flags & F_ONE_OR_LIST)) {
		if (!make)
			return v;	/* read as a list of one */
		seq = mnode_seq(doc, ref);
		mmap_set(doc, m, f->key, seq);
		mseq_append(doc, seq, v);
		/* The mapping keeps its text: only its place changed. */
		return seq;
	}
	if (!make)
		return NULL;
	seq = mnode_seq(doc, ref);
	mmap_set(doc, m, f->key, seq);
	return seq;
}

/* The entry of a list that is one mapping (common_revenue, schema 1). */
static struct mnode *
single_entry(struct mnode *v, unsigned typed)
{
	return v->kind == NODE_MAP && typed == 1 ? v : NULL;
}

/*
 * The mapping that holds the list or section of the last step, for
 * row r: steps before it followed by the row's 序号.  NULL when a step
 * is missing (and make is not set).
 */
static struct mnode *
parent_of(struct importer *im, struct mdoc *doc, const struct wrow *r,
    int make)
{
	const struct sheet_def *def = r->in->def;
	struct mnode	*m = doc->root, *v;
	struct cellref	 ref = row_ref(r);
	unsigned	 i, level = 0;
	long		 slot;

	for (i = 0; i + 1 < def->nsteps && m != NULL; i++) {
		const struct field *f = def->steps[i];

		if (f->type == FT_STRUCT) {
			v = mmap_get(m, f->key);
			if (v == NULL || v->kind != NODE_MAP) {
				if (!make)
					return NULL;
				v = map_at(doc, m, f, &ref);
			}
			m = v;
			continue;
		}
		v = list_at(doc, m, f, 0, &ref);
		if (v == NULL)
			return NULL;
		if (v->kind == NODE_MAP) {
			m = single_entry(v, r->index[level++]);
			continue;
		}
		slot = slot_of(im, v, r->index[level++]);
		m = slot >= 0 ? v->kids[slot].v : NULL;
		if (m != NULL && m->kind != NODE_MAP)
			return NULL;
	}
	return m;
}

/* Whether two rows have the same 序号 in their first n list levels. */
static int
same_indexes(const unsigned *a, const unsigned *b, unsigned n)
{
	unsigned	 k;

	for (k = 0; k < n; k++)
		if (a[k] != b[k])
			return 0;
	return 1;
}

/* Walks the record's rows of a sheet for remove_unnamed(). */
struct unnamed {
	struct importer	*im;
	struct mdoc	*doc;
	const struct sheet_in *in;
	size_t		 first, end;
	struct wrow	*gone;		/* rows of entries to remove */
	size_t		 ngone, capgone;
};

static int
note_unnamed(const struct sheet_def *def, const struct sheet_row *row,
    void *arg)
{
	struct unnamed	*u = arg;
	const struct wrow *r;
	size_t		 i;

	for (i = u->first; i < u->end; i++) {
		r = &u->im->rows[i];
		if (r->in == u->in && r->undisclosed == row->undisclosed &&
		    same_indexes(r->index, row->index, def->nlevels))
			return 0;	/* named */
	}
	if (u->ngone == u->capgone) {
		u->capgone = u->capgone ? u->capgone * 2 : 8;
		u->gone = xrealloc(u->gone, u->capgone * sizeof(*u->gone));
	}
	memset(&u->gone[u->ngone], 0, sizeof(*u->gone));
	u->gone[u->ngone].in = u->in;
	memcpy(u->gone[u->ngone].index, row->index, sizeof(row->index));
	u->gone[u->ngone].undisclosed = row->undisclosed;
	u->ngone++;
	return 0;
}

/*
 * Removes the entries of the record's list that no row of the sheet
 * names: the clerk deleted their rows.  Last first, so that removing
 * one never moves another.
 */
static void
remove_unnamed(struct importer *im, struct mdoc *doc,
    const struct sheet_def *def, const struct sheet_in *in, size_t first,
    size_t end, const struct node *orig_root)
{
	struct unnamed	 u;
	const struct field *f = def->steps[def->nsteps - 1];
	struct mnode	*parent, *list;
	struct wrow	*g;
	size_t		 i;
	long		 slot;

	memset(&u, 0, sizeof(u));
	u.im = im;
	u.doc = doc;
	u.in = in;
	u.first = first;
	u.end = end;
	sheet_rows(def, orig_root, note_unnamed, &u);
	for (i = u.ngone; i-- > 0;) {
		g = &u.gone[i];
		if ((parent = parent_of(im, doc, g, 0)) == NULL)
			continue;	/* its entry went too */
		list = mmap_get(parent, f->key);
		if (list == NULL)
			continue;
		if (g->undisclosed || list->kind == NODE_MAP) {
			if (list->orig != NULL && (list->kind == NODE_MAP ||
			    is_undisclosed_text(mscalar_text(list))))
				mmap_remove(parent, f->key);
			continue;
		}
		if (list->kind != NODE_SEQ)
			continue;
		slot = (long)g->index[def->nlevels - 1] - 1;
		if (slot >= 0 && (size_t)slot < list->n &&
		    list->kids[slot].vorig != NULL)
			mseq_remove(list, (size_t)slot);
	}
	free(u.gone);
}

/* One record's rows [first, end) of im->rows, applied to doc. */
static void
apply_record(struct importer *im, struct mdoc *doc, size_t first, size_t end,
    const struct node *orig_root)
{
	size_t		 i, j, d, ndefs;
	const struct sheet_def *defs = sheet_defs(&ndefs);
	const struct sheet_def *def;
	const struct sheet_in *in;
	const struct field *f;
	struct mnode	*parent, *list, *entry, *got;
	struct wrow	*r;
	struct cellref	 ref;
	long		 slot;
	int		 undisclosed_list;

	im->added.n = im->seen.n = 0;
	for (d = 0; d < ndefs; d++) {
		def = &defs[d];
		in = NULL;
		for (j = 0; j < im->nsheets; j++)
			if (im->sheets[j].def == def)
				in = &im->sheets[j];
		if (in == NULL)
			continue;	/* sheet not in the workbook: kept */
		f = def->nsteps > 0 ? def->steps[def->nsteps - 1] : NULL;

		/* Each row to its entry; then the entries no row names
		 * are removed (remove_unnamed). */
		for (i = first; i < end; i++) {
			r = &im->rows[i];
			if (r->in != in)
				continue;
			if (def->nsteps == 0) {
				apply_row(im, doc, doc->root, r);
				continue;
			}
			parent = parent_of(im, doc, r, f->type == FT_STRUCT);
			if (parent == NULL) {
				cell_error(im, in, r->row, in->ixcol, r->id,
				    "this row belongs to an entry that is "
				    "not there; check its 序号 against the "
				    "sheet that lists those entries");
				continue;
			}
			ref = row_ref(r);
			if (f->type == FT_STRUCT) {
				got = apply_row(im, doc, mmap_get(parent,
				    f->key), r);
				if (got != NULL && got != mmap_get(parent,
				    f->key))
					mmap_set(doc, parent, f->key, got);
				continue;
			}
			/* A list: 未公示 as a whole, or entries. */
			list = mmap_get(parent, f->key);
			undisclosed_list = list != NULL &&
			    list->kind == NODE_SCALAR &&
			    is_undisclosed_text(list->text);
			if (r->undisclosed) {
				/* Other rows of the same list: under the same
				 * entries of the lists above. */
				for (j = first; j < end; j++)
					if (j != i && im->rows[j].in == in &&
					    same_indexes(im->rows[j].index,
					    r->index, def->nlevels - 1))
						break;
				if (j < end) {
					cell_error(im, in, r->row, in->ixcol,
					    r->id, "a list that is 未公示 has "
					    "no other rows; remove them, or "
					    "give this row a 序号");
					continue;
				}
				if (!undisclosed_list)
					mmap_set(doc, parent, f->key,
					    mnode_scalar(doc, gs_undisclosed,
					    FT_TEXT, &ref));
				continue;
			}
			if (undisclosed_list)
				mmap_remove(parent, f->key);
			list = list_at(doc, parent, f, 0, &ref);
			if (list != NULL && list->kind == NODE_MAP) {
				entry = single_entry(list, r->index[def->nlevels - 1]);
				if (entry != NULL) {
					apply_row(im, doc, entry, r);
					continue;
				}
				list = list_at(doc, parent, f, 1, &ref);
			}
			slot = -1;
			if (list != NULL && r->index[def->nlevels - 1] != 0)
				slot = slot_of(im, list,
				    r->index[def->nlevels - 1]);
			if (slot >= 0 && seen_before(im, list, (size_t)slot)) {
				cell_error(im, in, r->row, in->ixcol, r->id,
				    "序号 %u is given to two rows; number "
				    "each entry once",
				    r->index[def->nlevels - 1]);
				continue;
			}
			if (slot >= 0) {
				entry = list->kids[slot].v;
				got = apply_row(im, doc, entry, r);
				if (got != entry && got != NULL)
					mseq_set(list, (size_t)slot, got);
				continue;
			}
			got = apply_row(im, doc, NULL, r);
			if (got == NULL) {
				continue;
			}
			if (list == NULL)
				list = list_at(doc, parent, f, 1, &ref);
			mseq_append(doc, list, got);
			if (r->index[def->nlevels - 1] != 0)
				slots_push(&im->added, list,
				    r->index[def->nlevels - 1], list->n - 1);
		}
		/* Entries of the record that no row of this sheet names
		 * were deleted from the workbook. */
		if (orig_root != NULL && def->nlevels > 0)
			remove_unnamed(im, doc, def, in, first, end, orig_root);
	}
}

/* ---- records ---- */

static int
cmp_compound_id(const void *a, const void *b)
{
	const struct gs_compound *x = *(const struct gs_compound *const *)a;
	const struct gs_compound *y = *(const struct gs_compound *const *)b;

	return strcmp(x->id.s ? x->id.s : "", y->id.s ? y->id.s : "");
}

static const struct gs_compound *
find_compound(const struct importer *im, const char *id)
{
	size_t	 lo = 0, hi = im->c.content->ncompounds, mid;
	int	 k;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		k = strcmp(im->by_id[mid]->id.s ? im->by_id[mid]->id.s : "",
		    id);
		if (k == 0)
			return im->by_id[mid];
		if (k < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * Where a new record goes: beside a record of the same street, else of
 * the same district, else in a folder named for its district.
 */
static const char *
new_record_path(struct importer *im, const char *id, const char *community)
{
	const struct gs_content *gc = im->c.content;
	const struct gs_compound *cp, *best = NULL;
	size_t		 i, len, best_len = 0;
	const char	*slash;

	for (i = 0; i < gc->ncompounds && community != NULL; i++) {
		cp = gc->compounds[i];
		if (cp->community.s == NULL)
			continue;
		for (len = 0; len < 12 && cp->community.s[len] != '\0' &&
		    cp->community.s[len] == community[len]; len++)
			;
		len = len >= 9 ? 9 : len >= 6 ? 6 : 0;
		if (len > best_len) {
			best = cp;
			best_len = len;
		}
	}
	if (best != NULL && (slash = strrchr(best->path, '/')) != NULL)
		return arena_printf(&im->arena, "%.*s/%s.yaml",
		    (int)(slash - best->path), best->path, id);
	if (community != NULL && strlen(community) >= 6 &&
	    strspn(community, "0123456789") >= 6)
		return arena_printf(&im->arena, "content/compounds/%.6s/%s.yaml",
		    community, id);
	return arena_printf(&im->arena, "content/compounds/%s.yaml", id);
}

static void
push_change(struct importer *im, const struct change *ch)
{
	if (im->nchanges == im->capchanges) {
		im->capchanges = im->capchanges ? im->capchanges * 2 : 64;
		im->changes = xrealloc(im->changes,
		    im->capchanges * sizeof(*im->changes));
	}
	im->changes[im->nchanges++] = *ch;
}

/* The community code a record will have: for a new record's folder. */
static const char *
community_of(const struct mdoc *doc)
{
	const struct mnode *v = mmap_get(doc->root, "community");

	return v != NULL && v->kind == NODE_SCALAR ? mscalar_text(v) : NULL;
}

/* Applies the rows [first, end) of one compound; keeps what changes. */
static int
import_record(struct importer *im, size_t first, size_t end)
{
	const char	*id = im->rows[first].id;
	const struct gs_compound *cp = find_compound(im, id);
	const struct node *root = NULL;
	const char	*data;
	struct arena	 scratch = { 0 };
	struct mdoc	 doc;
	struct change	 ch;
	struct buf	 out = { 0 };
	struct buf	 msg = { 0 };
	struct cellref	 ref;
	size_t		 len, i, before = im->nerrors;
	char		*copy = NULL;

	memset(&ch, 0, sizeof(ch));
	for (i = first; i < end && im->rows[i].in->def->nsteps != 0; i++)
		;
	if (i == end && cp != NULL) {
		/* Left out of 基本信息: left alone, or removed (--delete). */
		if (im->o->delete)
			diag_add_cell(&im->c.diags, im->book,
			    im->rows[first].in->xs->name, im->rows[first].row,
			    im->rows[first].in->idcol, SEV_WARNING, "'%s' is "
			    "not in the 基本信息 sheet, so its rows are ignored "
			    "and its record is removed (--delete)", id);
		else
			diag_add_cell(&im->c.diags, im->book,
			    im->rows[first].in->xs->name, im->rows[first].row,
			    im->rows[first].in->idcol, SEV_WARNING, "'%s' is "
			    "not in the 基本信息 sheet, so its rows are ignored "
			    "and its record is left as it is", id);
		return 0;
	}
	if (i == end) {
		cell_error(im, im->rows[first].in, im->rows[first].row,
		    im->rows[first].in->idcol, NULL, "'%s' is not in the "
		    "基本信息 sheet; add the compound there first", id);
		return -1;
	}
	if (i + 1 < end && im->rows[i + 1].in->def->nsteps == 0) {
		cell_error(im, im->rows[i + 1].in, im->rows[i + 1].row,
		    im->rows[i + 1].in->idcol, NULL, "'%s' has two rows in "
		    "基本信息; keep one", id);
		return -1;
	}
	if (cp != NULL) {
		if (read_content_file(&im->c, cp->path, &data, &len) != 1)
			return -1;
		copy = xmalloc(len + 1);
		memcpy(copy, data, len);
		copy[len] = '\0';
		root = content_parse(&im->c, cp->path, copy, len, &scratch);
		if (root == NULL || root->kind != NODE_MAP) {
			free(copy);
			arena_free(&scratch);
			return -1;
		}
		mdoc_open(&doc, copy, len, root, &scratch);
		doc.root->sc = &schema_compound;
	} else {
		if (check_id(id, &msg) != NULL) {
			cell_error(im, im->rows[i].in, im->rows[i].row,
			    im->rows[i].in->idcol, NULL, "%s", msg.p);
			buf_free(&msg);
			return -1;
		}
		mdoc_new(&doc, &scratch);
		doc.root->sc = &schema_compound;
		ref = cell_of(&im->rows[i], 0);
		mmap_set(&doc, doc.root, "id", mnode_scalar(&doc, id, FT_ID,
		    &ref));
	}
	/* Its cells' values live as long as its document: at 10,000
	 * compounds they were 23 MB of the peak when kept to the end. */
	im->values = &scratch;
	apply_record(im, &doc, first, end, root);
	im->values = NULL;
	mnode_prune(doc.root);
	mdoc_render(&doc, &out, &ch.marks);
	if (cp == NULL || out.len != len || memcmp(out.p, copy, len) != 0) {
		ch.id = arena_strdup(&im->arena, id);
		ch.rel = cp != NULL ? cp->path :
		    new_record_path(im, id, community_of(&doc));
		ch.len = out.len;
		ch.text = buf_detach(&out);
		ch.is_new = cp == NULL;
		ch.orig = copy;		/* to see it unchanged when writing */
		ch.origlen = len;
		copy = NULL;
		push_change(im, &ch);
	} else
		free(ch.marks.v);
	buf_free(&out);
	free(copy);
	arena_free(&scratch);
	return im->nerrors == before ? 0 : -1;
}

/* --delete: records of the workbook's areas that it no longer has. */
static int
removals(struct importer *im)
{
	const struct gs_content *gc = im->c.content;
	const struct gs_compound *cp;
	struct change	 ch;
	size_t		 i, j;
	int		 named;

	if (!im->scope_known) {
		report(&im->c.diags, SEV_ERROR, "%s does not say which areas "
		    "it was exported for (the 导出范围 line of its 说明 "
		    "sheet), so --delete cannot tell which records it "
		    "left out on purpose", im->book);
		return -1;
	}
	for (i = 0; i < gc->ncompounds; i++) {
		cp = gc->compounds[i];
		if (cp->id.s == NULL || !in_areas(cp, im->scope, im->nscope))
			continue;
		named = 0;
		for (j = 0; j < im->nrows && !named; j++)
			named = im->rows[j].in->def->nsteps == 0 &&
			    strcmp(im->rows[j].id, cp->id.s) == 0;
		if (named)
			continue;
		memset(&ch, 0, sizeof(ch));
		ch.rel = cp->path;
		ch.id = cp->id.s;
		push_change(im, &ch);
	}
	return 0;
}

/* ---- checking the result ---- */

static int
cmp_change(const void *a, const void *b)
{
	return strcmp(((const struct change *)a)->rel,
	    ((const struct change *)b)->rel);
}

static const struct change *
change_for(const struct importer *im, const char *rel)
{
	size_t	 i;

	for (i = 0; i < im->nchanges; i++)
		if (strcmp(im->changes[i].rel, rel) == 0)
			return &im->changes[i];
	return NULL;
}

/* Byte offset of (line, col), col counted in characters. */
static size_t
place_offset(const char *t, size_t len, unsigned line, unsigned col)
{
	size_t	 p = 0;
	unsigned l = 1, c = 1;

	while (p < len && l < line)
		if (t[p++] == '\n')
			l++;
	while (p < len && c < col && t[p] != '\n') {
		p++;
		while (p < len && ((unsigned char)t[p] & 0xC0) == 0x80)
			p++;
		c++;
	}
	return p;
}

struct mapper {
	struct importer	*im;
	diag_emitter	 emit;
	void		*arg;
};

/* Tells the check's findings in changed records at the cells behind them. */
static void
map_diag(const struct diag *x, void *arg)
{
	struct mapper	*mp = arg;
	const struct change *ch;
	const struct cellref *ref;
	struct diag	 y;
	struct buf	 msg = { 0 };

	if (x->file == NULL || x->sheet != NULL ||
	    (ch = change_for(mp->im, x->file)) == NULL || ch->text == NULL ||
	    (ref = marks_find(&ch->marks, place_offset(ch->text, ch->len,
	    x->line, x->col))) == NULL) {
		mp->emit(x, mp->arg);
		return;
	}
	buf_printf(&msg, _("%s (compound %s; %s:%u:%u after import)"), x->msg,
	    ref->id, x->file, x->line, x->col);
	y = *x;
	y.file = mp->im->book;
	y.sheet = ref->sheet;
	y.line = ref->row;
	y.col = ref->col;
	y.msg = msg.p;
	mp->emit(&y, mp->arg);
	buf_free(&msg);
}

/* Checks the content as it would be; EXIT_VALID when all is right. */
static int
check_result(struct importer *im)
{
	struct mem_file	*over;
	struct mapper	 mp;
	struct ctx	 c;
	size_t		 i;
	int		 rc;

	qsort(im->changes, im->nchanges, sizeof(*im->changes), cmp_change);
	over = xcalloc(im->nchanges ? im->nchanges : 1, sizeof(*over));
	for (i = 0; i < im->nchanges; i++) {
		over[i].rel = im->changes[i].rel;
		over[i].data = im->changes[i].text;
		over[i].len = im->changes[i].len;
	}
	ctx_init(&c, im->o->dir, im->o->today);
	c.overlay = over;
	c.noverlay = im->nchanges;
	mp.im = im;
	mp.emit = im->o->emit;
	mp.arg = im->o->emit_arg;
	c.diags.emit = map_diag;
	c.diags.emit_arg = &mp;
	c.trees = im->c.trees;	/* one cache per run, saved with im->c */
	rc = check_content(&c, im->o->strict);
	c.trees = NULL;
	ctx_free(&c);
	free(over);
	return rc;
}

/* ---- writing ---- */

static int
mkdirs(const char *dir)
{
	char	*p, *path = xstrdup(dir);

	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) == -1 && errno != EEXIST) {
			free(path);
			return -1;
		}
		*p = '/';
	}
	if (mkdir(path, 0777) == -1 && errno != EEXIST) {
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

/* Writes text to path through a temporary file renamed over it. */
static int
write_record(struct importer *im, const char *path, const char *text,
    size_t len)
{
	struct buf	 tmp = { 0 };
	const char	*slash = strrchr(path, '/');
	struct stat	 st;
	int		 fd;

	if (slash != NULL) {
		buf_printf(&tmp, "%.*s", (int)(slash - path), path);
		if (mkdirs(tmp.p) == -1) {
			report(&im->c.diags, SEV_ERROR, "%s: %s", tmp.p,
			    strerror(errno));
			buf_free(&tmp);
			return -1;
		}
	}
	/* A record keeps its permissions; a new one gets a record's. */
	if ((fd = tmp_beside(path, stat(path, &st) == 0 ?
	    st.st_mode & 07777 : 0644, &tmp)) == -1) {
		report(&im->c.diags, SEV_ERROR, "%s: %s", path, strerror(errno));
		buf_free(&tmp);
		return -1;
	}
	if (write_full(fd, text, len) == -1 || fsync(fd) == -1 ||
	    close(fd) == -1 || rename(tmp.p, path) == -1) {
		report(&im->c.diags, SEV_ERROR, "%s: %s", path, strerror(errno));
		unlink(tmp.p);
		buf_free(&tmp);
		return -1;
	}
	buf_free(&tmp);
	return 0;
}

/*
 * Whether every record is still as import read it: a clerk may have
 * saved one in an editor meanwhile, and that work must not be lost.
 */
static int
unchanged_since_read(struct importer *im)
{
	struct change	*ch;
	struct buf	 now = { 0 };
	struct stat	 st;
	char		*path;
	size_t		 i;
	int		 same = 1;

	for (i = 0; i < im->nchanges && same; i++) {
		ch = &im->changes[i];
		path = full_path(&im->c, ch->rel);
		buf_truncate(&now, 0);
		if (ch->is_new)
			same = lstat(path, &st) == -1 && errno == ENOENT;
		else if (ch->orig != NULL)
			same = buf_read_file(&now, path, content_file_max(ch->rel)) == 0 &&
			    now.len == ch->origlen &&
			    memcmp(now.p, ch->orig, now.len) == 0;
		if (!same)
			report(&im->c.diags, SEV_ERROR, "%s changed while the "
			    "workbook was being imported; nothing was written: "
			    "import it again", ch->rel);
		free(path);
	}
	buf_free(&now);
	return same;
}

/* Writes every change: records first, removals last. */
static int
write_changes(struct importer *im)
{
	struct change	*ch;
	char		*path;
	size_t		 i;
	int		 rc = 0;

	if (!unchanged_since_read(im))
		return -1;

	for (i = 0; i < im->nchanges && rc == 0; i++) {
		ch = &im->changes[i];
		if (ch->text == NULL)
			continue;
		path = full_path(&im->c, ch->rel);
		rc = write_record(im, path, ch->text, ch->len);
		free(path);
	}
	for (i = 0; i < im->nchanges && rc == 0; i++) {
		ch = &im->changes[i];
		if (ch->text != NULL)
			continue;
		path = full_path(&im->c, ch->rel);
		if (unlink(path) == -1) {
			report(&im->c.diags, SEV_ERROR, "%s: %s", path,
			    strerror(errno));
			rc = -1;
		}
		free(path);
	}
	return rc;
}

static void
say_changes(struct importer *im)
{
	struct change	*ch;
	size_t		 i, nnew = 0, nchanged = 0, nremoved = 0;

	for (i = 0; i < im->nchanges; i++) {
		ch = &im->changes[i];
		if (ch->text == NULL) {
			report(&im->c.diags, SEV_NOTE, "%s: removed (%s)",
			    ch->rel, ch->id);
			nremoved++;
		} else if (ch->is_new) {
			report(&im->c.diags, SEV_NOTE, "%s: new record (%s)",
			    ch->rel, ch->id);
			nnew++;
		} else {
			report(&im->c.diags, SEV_NOTE, "%s: changed (%s)",
			    ch->rel, ch->id);
			nchanged++;
		}
	}
	if (im->o->dry_run)
		report(&im->c.diags, SEV_NOTE, "records that would change: "
		    "%zu, be added: %zu, be removed: %zu; nothing was written "
		    "(--dry-run)", nchanged, nnew, nremoved);
	else
		report(&im->c.diags, SEV_NOTE, "records changed: %zu, added: "
		    "%zu, removed: %zu", nchanged, nnew, nremoved);
}

static void
importer_free(struct importer *im)
{
	size_t	 i;

	for (i = 0; i < im->nchanges; i++) {
		free(im->changes[i].text);
		free(im->changes[i].orig);
		free(im->changes[i].marks.v);
	}
	free(im->changes);
	free(im->rows);
	free(im->sheets);
	free(im->scope);
	free(im->added.v);
	free(im->seen.v);
	free(im->by_id);
	arena_free(&im->arena);
	ctx_free(&im->c);
}

/*
 * Lets go of the records as they were read and of the workbook, once
 * every change is planned: the check of the result reads the city
 * again, and holding all three doubled import's peak.  What the changes
 * keep of them (path, id, and the cells their marks point to) is copied
 * into a fresh arena first.
 */
static void
drop_inputs(struct importer *im)
{
	struct arena	 kept = { 0 };
	struct change	*ch;
	struct cellref	*ref;
	size_t		 i, k;

	for (i = 0; i < im->nchanges; i++) {
		ch = &im->changes[i];
		ch->rel = arena_strdup(&kept, ch->rel);
		if (ch->id != NULL)
			ch->id = arena_strdup(&kept, ch->id);
		for (k = 0; k < ch->marks.n; k++) {
			ref = &ch->marks.v[k].cell;
			if (ref->sheet != NULL)
				ref->sheet = arena_strdup(&kept, ref->sheet);
			if (ref->id != NULL)
				ref->id = arena_strdup(&kept, ref->id);
		}
	}
	free(im->by_id);
	im->by_id = NULL;
	free(im->rows);
	im->rows = NULL;
	im->nrows = im->caprows = 0;
	free(im->sheets);
	im->sheets = NULL;	/* nsheets stays: whether any was read */
	memset(&im->xb, 0, sizeof(im->xb));
	arena_free(&im->arena);
	im->arena = kept;
	buf_free(&im->c.file);
	arena_free(&im->c.scratch);
	arena_free(&im->c.arena);
	im->c.content = arena_calloc(&im->c.arena, 1,
	    sizeof(*im->c.content));
	im->c.shorts = (const char **)default_short_numbers;
}

/*
 * Reads the records as they are, then works out every change the
 * workbook im->xb asks for, into im->changes.  Cell problems are told
 * and counted in im->nerrors.  -1 when the content cannot be read.
 */
static int
plan(struct importer *im)
{
	struct progress	 p;
	size_t		 i, j;

	/* The records as they are: which exist, and where (import reads
	 * their bytes again, and the check of the result loads them all:
	 * at 10,000 compounds the rest of them was 100 MB here). */
	static const char *const keys[] = { "id", "community", NULL };

	im->c.only_keys = keys;
	if (content_load(&im->c) == -1)
		return -1;
	im->c.only_keys = NULL;
	im->by_id = xcalloc(im->c.content->ncompounds + 1, sizeof(*im->by_id));
	memcpy(im->by_id, im->c.content->compounds,
	    im->c.content->ncompounds * sizeof(*im->by_id));
	qsort(im->by_id, im->c.content->ncompounds, sizeof(*im->by_id),
	    cmp_compound_id);
	/* Their problems are for the check of the result to tell. */
	diag_free(&im->c.diags);

	if (read_sheets(im) == 0) {
		qsort(im->rows, im->nrows, sizeof(*im->rows), cmp_rows);
		progress_begin(&p, _("comparing rows"), PROGRESS_ROWS,
		    im->nrows);
		for (i = 0; i < im->nrows; i = j) {
			for (j = i + 1; j < im->nrows &&
			    strcmp(im->rows[j].id, im->rows[i].id) == 0; j++)
				;
			import_record(im, i, j);
			progress_step(&p, j - i);
		}
		progress_end(&p);
		if (im->nerrors == 0 && im->o->delete)
			removals(im);
	}
	return 0;
}

size_t
import_preview(const struct mem_file *files, size_t n, const struct xbook *xb,
    int64_t today, import_fn fn, void *arg)
{
	struct importer	 im;
	struct opts	 o;
	size_t		 i, nerrors;

	memset(&im, 0, sizeof(im));
	memset(&o, 0, sizeof(o));
	o.dir = ".";
	o.today = today;
	im.o = &o;
	im.book = "book.xlsx";
	im.xb = *xb;
	ctx_init(&im.c, o.dir, today);
	source_memory(&im.c, files, n);
	if (plan(&im) == -1) {
		importer_free(&im);
		return 0;
	}
	for (i = 0; i < im.nchanges; i++)
		if (im.changes[i].text != NULL)
			fn(im.changes[i].rel, im.changes[i].text,
			    im.changes[i].len, arg);
	nerrors = im.nerrors;
	importer_free(&im);
	return nerrors;
}

int
cmd_import(const struct opts *o)
{
	struct importer	 im;
	struct buf	 book = { 0 };
	int		 rc = EXIT_INVALID;

	memset(&im, 0, sizeof(im));
	im.o = o;
	ctx_init(&im.c, o->dir, o->today);
	im.c.diags.emit = o->emit;
	im.c.diags.emit_arg = o->emit_arg;
	if (!o->no_cache)
		ctx_keep_trees(&im.c, o->dir);
	if (o->nargs != 1) {
		report(&im.c.diags, SEV_ERROR, "name the workbook to import, "
		    "e.g. gongshi import 台账.xlsx");
		ctx_free(&im.c);
		return EXIT_USAGE;
	}
	im.book = o->args[0];
	if (buf_read_file(&book, im.book, BOOK_MAX) == -1) {
		report(&im.c.diags, SEV_ERROR, "%s: %s", im.book,
		    errno == EFBIG ? "larger than 256 MiB; is it a workbook?" :
		    read_problem(errno));
		ctx_free(&im.c);
		return EXIT_USAGE;
	}
	if (xlsx_read(im.book, book.p, book.len, &im.arena, &im.xb,
	    &im.c.diags) == -1) {
		buf_free(&book);
		diag_flush(&im.c.diags);
		importer_free(&im);
		return EXIT_INVALID;
	}
	buf_free(&book);
	if (plan(&im) == -1) {
		diag_flush(&im.c.diags);
		importer_free(&im);
		return EXIT_USAGE;
	}
	diag_flush(&im.c.diags);	/* their cells name the workbook's sheets */
	drop_inputs(&im);
	if (im.nerrors > 0 || im.c.diags.nerrors > 0) {
		/* The rest of what is wrong, told now rather than next time:
		 * the check of what could be read. */
		if (im.nchanges > 0 && im.nsheets > 0)
			check_result(&im);
		report(&im.c.diags, SEV_ERROR, "nothing was imported: correct "
		    "the cells above in %s, then import it again", im.book);
		importer_free(&im);
		return EXIT_INVALID;
	}
	if (im.nchanges == 0) {
		report(&im.c.diags, SEV_NOTE, "%s matches the records; nothing "
		    "to change", im.book);
		importer_free(&im);
		return EXIT_VALID;
	}
	if ((rc = check_result(&im)) != EXIT_VALID) {
		report(&im.c.diags, SEV_ERROR, "nothing was imported: correct "
		    "the problems above, then import again");
		importer_free(&im);
		return rc;
	}
	if (!o->dry_run && write_changes(&im) == -1)
		rc = EXIT_USAGE;
	else
		say_changes(&im);
	importer_free(&im);
	return rc;
}
