/*
 * Records as an Excel workbook, through libxlsxwriter: one sheet per
 * section or list (sheets.h), Chinese headers over a row of keys,
 * frozen, with columns wide enough to read, drop-downs for every enum,
 * dates as dates, money as numbers with two decimals, and codes and
 * phones as text so that no spreadsheet turns them into numbers.
 *
 * libxlsxwriter's constant-memory mode streams each sheet's rows to a
 * temporary file, so a city's workbook needs no more memory than one
 * record: rows may go to the sheets in any interleaving, as long as
 * each sheet's rows come in order.
 */
#include <sys/statvfs.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "buf.h"
#include "diag.h"
#include "node.h"
#include "scalar.h"
#include "schema.h"
#include "sheets.h"
#include "workbook.h"
#include "gongshi.h"

#define WIDTH_MIN	6
#define WIDTH_MAX	48
#define HEADER_WIDTH_MAX 16
#define FIRST_ROW	2	/* rows 0 and 1 hold headers and keys */
#define ROWS_MAX	1048576	/* Excel's */

struct sheet_out {
	lxw_worksheet	*ws;
	uint32_t	 row;		/* next row to write */
	unsigned	 width[SHEET_COLS_MAX];	/* display columns */
};

struct workbook {
	lxw_workbook	*wb;
	struct diags	*d;
	const char	*path;
	const char	*rel;		/* the record being added */
	const struct sheet_def *defs;
	size_t		 ndefs;
	struct sheet_out *sheets;
	lxw_format	*header, *key, *text, *wrap, *money, *count,
			*decimal, *date;
	struct buf	 cell;
	int		 failed;
};

/* How wide s shows: CJK characters take two columns. */
static unsigned
display_width(const char *s, size_t len)
{
	unsigned	 w = 0, line = 0;
	size_t		 i = 0, k;
	uint32_t	 cp;

	while (i < len) {
		k = utf8_len((const unsigned char *)s + i, len - i, &cp);
		if (k == 0)
			k = 1, cp = '?';
		i += k;
		if (cp == '\n') {
			line = 0;
			continue;
		}
		line += cp >= 0x1100 ? 2 : 1;
		if (line > w)
			w = line;
	}
	return w;
}

static void
widen(struct sheet_out *so, unsigned col, const char *s, size_t len)
{
	unsigned w = display_width(s, len) + 2;

	if (w > so->width[col])
		so->width[col] = w;
}

static lxw_format *
new_format(lxw_workbook *wb, const char *numfmt, int wrap)
{
	lxw_format *f = workbook_add_format(wb);

	format_set_num_format(f, numfmt);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	if (wrap)
		format_set_text_wrap(f);
	return f;
}

/* The format a column's cells take, empty ones included. */
static lxw_format *
column_format(struct workbook *w, const struct sheet_col *c)
{
	if (c->kind != COL_VALUE)
		return c->kind == COL_INDEX ? w->count : w->text;
	switch (c->f->type) {
	case FT_MONEY:
		return w->money;
	case FT_COUNT:
		return w->count;
	case FT_DECIMAL:
	case FT_PERCENT:
		return w->decimal;
	case FT_DATE:
		return w->date;
	case FT_MARKDOWN:
	case FT_VLIST:
		return w->wrap;
	default:
		return w->text;
	}
}

static const char *const undisclosed_choice[] = { gs_undisclosed, NULL };

/* The enum's values, and 未公示 where a value is required. */
static void
enum_validation(struct workbook *w, lxw_worksheet *ws, unsigned col,
    const struct field *f)
{
	lxw_data_validation dv;
	const char	*list[16];
	size_t		 n = 0, i;

	for (i = 0; f->values[i] != NULL && n + 2 < 16; i++)
		list[n++] = f->values[i];
	if (f->flags & (F_REQUIRED | F_DISCLOSE))
		list[n++] = undisclosed_choice[0];
	list[n] = NULL;
	memset(&dv, 0, sizeof(dv));
	dv.validate = LXW_VALIDATION_TYPE_LIST;
	dv.value_list = (char **)list;
	dv.ignore_blank = LXW_VALIDATION_ON;
	dv.show_error = LXW_VALIDATION_ON;
	dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
	dv.error_title = (char *)"取值不在可选范围内";
	dv.error_message = (char *)"请从下拉列表中选择。";
	(void)w;
	worksheet_data_validation_range(ws, FIRST_ROW, (lxw_col_t)col,
	    ROWS_MAX - 1, (lxw_col_t)col, &dv);
}

static void
write_instructions(struct workbook *w, const char *scope)
{
	static const char *const lines[] = {
		"物业管理信息公示台账：填写说明",
		"",
		"1. 每个工作表对应公示记录的一个栏目。“基本信息”及“项目概况”等栏目每个小区一行；收费项目、网格员等清单每项一行。",
		"2. 第一行是栏目名称，第二行是字段键名（灰色）。请不要修改第二行：导入时按键名识别每一列，列的顺序可以调整。",
		"3. 每行前两列是小区编号和小区名称，用来找到对应的记录。编号只能用小写字母、数字和连字符，与记录文件名一致。",
		"4. “序号”是该项在清单中的位置（从 1 开始）。新增一项时，在表尾加一行并填写下一个序号（也可留空，导入时排在最后）；删除一项时删除整行。",
		"5. 金额以元为单位，最多两位小数（精确到分），例如 1.85；三位小数会被拒绝，不会被四舍五入。",
		"6. 日期请按“年-月-日”填写，例如 2026-11-30。",
		"7. 电话号码、统一社会信用代码、区域代码按文本填写，首位的 0 不能省略。",
		"8. 带下拉箭头的列只能从列表中选择。",
		"9. 某项应公示而暂未公示时，填写“未公示”，不要编造数字。整个清单未公示时，在序号列填写“未公示”。",
		"10. 一个单元格里有多个值（如别名、公示单位、监管职责）时，每行写一个（Alt+Enter 换行）。",
		"11. 新增小区：在“基本信息”加一行，填写新的编号，并在各栏目表中加入对应的行。",
		"12. 改完后用 gongshi import 台账.xlsx 导入：程序先检查全部内容，有任何错误都不会写入，并指出出错的工作表和单元格。",
		"13. 台账中没有的小区保持不变；只有加上 --delete 才会删除台账中没有的小区记录。",
	};
	lxw_worksheet	*ws = workbook_add_worksheet(w->wb, "说明");
	size_t		 i;

	worksheet_set_column(ws, 0, 0, 90, w->wrap);
	for (i = 0; i < sizeof(lines) / sizeof(*lines); i++) {
		if (i == 1) {
			buf_truncate(&w->cell, 0);
			buf_printf(&w->cell, "%s%s", SCOPE_PREFIX, scope);
			worksheet_write_string(ws, 1, 0, w->cell.p, w->key);
			continue;
		}
		worksheet_write_string(ws, (lxw_row_t)i, 0, lines[i],
		    i == 0 ? w->header : w->wrap);
	}
}

struct workbook *
workbook_begin(const char *path, time_t created, const char *scope,
    struct diags *d)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE,
	    .use_zip64 = LXW_FALSE };
	lxw_doc_properties props;
	struct workbook	*w = xcalloc(1, sizeof(*w));
	const struct sheet_def *def;
	struct sheet_out *so;
	size_t		 i;
	unsigned	 k;

	w->d = d;
	w->path = path;
	if ((w->wb = workbook_new_opt(path, &opt)) == NULL) {
		report(d, SEV_ERROR, "%s: cannot start the workbook", path);
		free(w);
		return NULL;
	}
	memset(&props, 0, sizeof(props));
	props.title = (char *)"物业管理信息公示台账";
	props.created = created;
	workbook_set_properties(w->wb, &props);

	w->header = workbook_add_format(w->wb);
	format_set_bold(w->header);
	format_set_bg_color(w->header, 0xDDEBF7);
	format_set_text_wrap(w->header);
	format_set_align(w->header, LXW_ALIGN_VERTICAL_CENTER);
	format_set_num_format(w->header, "@");
	w->key = workbook_add_format(w->wb);
	format_set_font_color(w->key, 0x7F7F7F);
	format_set_font_size(w->key, 9);
	format_set_bg_color(w->key, 0xF2F2F2);
	format_set_num_format(w->key, "@");
	w->text = new_format(w->wb, "@", 0);
	w->wrap = new_format(w->wb, "@", 1);
	w->money = new_format(w->wb, "0.00", 0);
	w->count = new_format(w->wb, "0", 0);
	w->decimal = new_format(w->wb, "General", 0);
	w->date = new_format(w->wb, "yyyy-mm-dd", 0);

	write_instructions(w, scope);
	w->defs = sheet_defs(&w->ndefs);
	w->sheets = xcalloc(w->ndefs, sizeof(*w->sheets));
	for (i = 0; i < w->ndefs; i++) {
		def = &w->defs[i];
		so = &w->sheets[i];
		so->ws = workbook_add_worksheet(w->wb, def->name);
		/* Row by row: constant-memory mode flushes a row as soon
		 * as the next one is written. */
		for (k = 0; k < def->ncols; k++) {
			worksheet_write_string(so->ws, 0, (lxw_col_t)k,
			    def->cols[k].header, w->header);
			/* Headers wrap: a long one need not widen it all. */
			so->width[k] = display_width(def->cols[k].header,
			    strlen(def->cols[k].header)) + 2;
			if (so->width[k] > HEADER_WIDTH_MAX)
				so->width[k] = HEADER_WIDTH_MAX;
			if (def->cols[k].kind == COL_VALUE &&
			    def->cols[k].f->type == FT_ENUM)
				enum_validation(w, so->ws, k, def->cols[k].f);
		}
		for (k = 0; k < def->ncols; k++)
			worksheet_write_string(so->ws, 1, (lxw_col_t)k,
			    def->cols[k].key, w->key);
		so->row = FIRST_ROW;
		/* Headers stay in view, and so do the columns naming the
		 * row (id, name, 序号). */
		for (k = 0; k < def->ncols && def->cols[k].kind != COL_VALUE; k++)
			;
		if (def->nsteps == 0)
			k = 2;	/* 小区编号, 小区名称 */
		worksheet_freeze_panes(so->ws, FIRST_ROW, (lxw_col_t)k);
		/* On paper too: A4 across, the headers and the columns
		 * naming the row on every page. */
		worksheet_set_landscape(so->ws);
		worksheet_set_paper(so->ws, 9);	/* A4 */
		worksheet_repeat_rows(so->ws, 0, FIRST_ROW - 1);
		if (k > 0)
			worksheet_repeat_columns(so->ws, 0, (lxw_col_t)(k - 1));
	}
	return w;
}

/* A scalar's text without the line breaks a block scalar ends with. */
static size_t
trimmed_len(const struct node *v)
{
	size_t	 n = v->len;

	while (n > 0 && (v->s[n - 1] == '\n' || v->s[n - 1] == ' '))
		n--;
	return n;
}

/* Writes the NUL-terminated s; at names the value for diagnostics. */
static int
put_cstr(struct workbook *w, struct sheet_out *so, unsigned col,
    const char *s, size_t len, lxw_format *fmt, const struct node *at)
{
	if (utf8_count(s, len) > CELL_TEXT_MAX) {
		diag_add(w->d, w->rel, at->line, at->col, SEV_ERROR, "this "
		    "value is longer than the %d characters a spreadsheet "
		    "cell can hold", CELL_TEXT_MAX);
		return -1;
	}
	worksheet_write_string(so->ws, so->row, (lxw_col_t)col, s, fmt);
	widen(so, col, s, len);
	return 0;
}

/* The first len bytes of s, which libxlsxwriter needs ended by NUL. */
static int
put_text(struct workbook *w, struct sheet_out *so, unsigned col,
    const char *s, size_t len, lxw_format *fmt, const struct node *at)
{
	buf_truncate(&w->cell, 0);
	buf_put(&w->cell, s, len);
	return put_cstr(w, so, col, w->cell.p, len, fmt, at);
}

/* Writes the value v of column c; a value that does not parse as its
 * type (the record was checked, so only a warning's) stays text. */
static int
put_value(struct workbook *w, struct sheet_out *so, unsigned col,
    const struct sheet_col *c, const struct node *v)
{
	struct buf	 msg = { 0 };
	lxw_datetime	 dt;
	int64_t		 n = 0;
	int		 y, m, d, ok;
	size_t		 i;

	if (v->kind == NODE_SEQ) {	/* one value per line */
		buf_truncate(&w->cell, 0);
		for (i = 0; i < v->n; i++)
			if (v->kids[i]->kind == NODE_SCALAR) {
				if (w->cell.len > 0)
					buf_putc(&w->cell, '\n');
				buf_put(&w->cell, v->kids[i]->s,
				    trimmed_len(v->kids[i]));
			}
		return put_cstr(w, so, col, w->cell.p ? w->cell.p : "",
		    w->cell.len, w->wrap, v);
	}
	if (v->kind != NODE_SCALAR)
		return 0;
	if (node_is_undisclosed(v))
		return put_text(w, so, col, gs_undisclosed,
		    strlen(gs_undisclosed), w->text, v);
	ok = ftype_typed(c->f->type) &&
	    parse_typed(c->f->type, v->s, &n, &msg) == NULL;
	buf_free(&msg);
	if (!ok)
		return put_text(w, so, col, v->s, trimmed_len(v),
		    column_format(w, c), v);
	switch (c->f->type) {
	case FT_DATE:
		civil_from_days(n, &y, &m, &d);
		memset(&dt, 0, sizeof(dt));
		dt.year = y;
		dt.month = (uint8_t)m;
		dt.day = (uint8_t)d;
		worksheet_write_datetime(so->ws, so->row, (lxw_col_t)col, &dt,
		    w->date);
		widen(so, col, "2026-01-01", 10);
		break;
	case FT_COUNT:
		worksheet_write_number(so->ws, so->row, (lxw_col_t)col,
		    (double)n, w->count);
		widen(so, col, v->s, v->len);
		break;
	default:	/* hundredths: exact in a double below 2^53 */
		worksheet_write_number(so->ws, so->row, (lxw_col_t)col,
		    (double)n / 100.0, column_format(w, c));
		widen(so, col, v->s, v->len + 1);
		break;
	}
	return 0;
}

static int
add_row(const struct sheet_def *def, const struct sheet_row *row, void *arg)
{
	struct workbook	*w = arg;
	struct sheet_out *so = &w->sheets[def - w->defs];
	const struct sheet_col *c;
	const struct node *v;
	char		 num[16];
	unsigned	 k;
	int		 undisclosed;

	if (so->row >= ROWS_MAX) {
		report(w->d, SEV_ERROR, "%s: sheet %s has more rows than a "
		    "spreadsheet can hold (%d)", w->path, def->name, ROWS_MAX);
		return -1;
	}
	for (k = 0; k < def->ncols; k++) {
		c = &def->cols[k];
		switch (c->f != NULL ? COL_VALUE : c->kind) {
		case COL_ID:
		case COL_NAME:
			/* Filled by add_record_row, which knows the record. */
			break;
		case COL_INDEX:
			if (row->undisclosed && c->level == def->nlevels - 1) {
				put_text(w, so, k, gs_undisclosed,
				    strlen(gs_undisclosed), w->text,
				    row->parent);
				break;
			}
			worksheet_write_number(so->ws, so->row, (lxw_col_t)k,
			    row->index[c->level], w->count);
			widen(so, k, num, (size_t)snprintf(num, sizeof(num),
			    "%u", row->index[c->level]));
			break;
		case COL_VALUE:
			if (row->undisclosed)
				break;
			v = sheet_value(c, row->entry, &undisclosed);
			if (undisclosed)
				put_text(w, so, k, gs_undisclosed,
				    strlen(gs_undisclosed), w->text,
				    row->parent != NULL ? row->parent :
				    row->entry);
			else if (v != NULL && put_value(w, so, k, c, v) == -1)
				w->failed = 1;
			break;
		}
	}
	so->row++;
	return 0;
}

/* The record's id and name, written into each row add_row wrote. */
struct record_rows {
	struct workbook	*w;
	const struct node *id, *name;
};

static int
add_record_row(const struct sheet_def *def, const struct sheet_row *row,
    void *arg)
{
	struct record_rows *r = arg;
	struct workbook	*w = r->w;
	struct sheet_out *so = &w->sheets[def - w->defs];
	unsigned	 k;
	int		 rc;

	for (k = 0; k < def->ncols; k++) {
		if (def->cols[k].kind == COL_ID && def->nsteps > 0 &&
		    r->id != NULL && r->id->kind == NODE_SCALAR)
			put_text(w, so, k, r->id->s, r->id->len, w->text,
			    r->id);
		else if (def->cols[k].kind == COL_NAME && r->name != NULL &&
		    r->name->kind == NODE_SCALAR)
			put_text(w, so, k, r->name->s, r->name->len, w->text,
			    r->name);
	}
	rc = add_row(def, row, w);
	return rc;
}

int
workbook_add(struct workbook *w, const char *rel, const struct node *root)
{
	struct record_rows r;
	size_t		 i;

	if (w->failed)
		return -1;
	w->rel = rel;
	r.w = w;
	r.id = map_get(root, "id");
	r.name = map_get(root, "name");
	for (i = 0; i < w->ndefs; i++)
		if (sheet_rows(&w->defs[i], root, add_record_row, &r) != 0)
			w->failed = 1;
	return w->failed ? -1 : 0;
}

static void
workbook_free(struct workbook *w)
{
	buf_free(&w->cell);
	free(w->sheets);
	free(w);
}

static pthread_mutex_t closing = PTHREAD_MUTEX_INITIALIZER;

/*
 * Where libxlsxwriter may put the dozen temporary files it makes while
 * closing a small workbook: TMPDIR when set; else memory (/dev/shm)
 * when it has room, since creating and removing that many files on a
 * disk costs more than writing them (a quarter of a 10,000-compound
 * build went to it); else NULL, its own default.
 */
const char *
xlsx_tmpdir(void)
{
	struct statvfs	 st;
	const char	*dir = getenv("TMPDIR");

	if (dir != NULL && *dir != '\0')
		return dir;
	if (statvfs("/dev/shm", &st) == 0 && access("/dev/shm", W_OK) == 0 &&
	    (unsigned long long)st.f_bavail * st.f_frsize >= XLSX_SHM_MIN)
		return "/dev/shm";
	return NULL;
}

int
xlsx_close(lxw_workbook *wb)
{
	lxw_error	 e;

	pthread_mutex_lock(&closing);
	e = workbook_close(wb);
	pthread_mutex_unlock(&closing);
	return (int)e;
}

int
workbook_end(struct workbook *w)
{
	lxw_error	 e;
	size_t		 i;
	unsigned	 k;
	struct sheet_out *so;
	int		 rc = 0;

	for (i = 0; i < w->ndefs; i++) {
		so = &w->sheets[i];
		for (k = 0; k < w->defs[i].ncols; k++)
			worksheet_set_column(so->ws, (lxw_col_t)k,
			    (lxw_col_t)k, so->width[k] < WIDTH_MIN ?
			    WIDTH_MIN : so->width[k] > WIDTH_MAX ? WIDTH_MAX :
			    so->width[k], column_format(w, &w->defs[i].cols[k]));
	}
	if (w->failed) {
		workbook_abandon(w);
		return -1;
	}
	if ((e = (lxw_error)xlsx_close(w->wb)) != LXW_NO_ERROR) {
		report(w->d, SEV_ERROR, "%s: cannot write the workbook: %s",
		    w->path, lxw_strerror(e));
		rc = -1;
	}
	workbook_free(w);
	return rc;
}

void
workbook_abandon(struct workbook *w)
{
	/* libxlsxwriter frees only by closing, which writes the file; the
	 * caller removes what it wrote. */
	xlsx_close(w->wb);
	workbook_free(w);
}
