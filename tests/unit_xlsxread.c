/*
 * Unit tests for the xlsx reader: workbooks written by openpyxl and by
 * LibreOffice (tests/xlsx/, made by make-fixtures.py), and minimal ones
 * built here with libzip from XML strings, one per thing that readers
 * get wrong: rich and escaped shared strings, dates by style, missing
 * cell references, prefixes, odd relationship targets, and every file
 * that must be refused (DTDs, non-zips, .xls, encryption, zip bombs).
 * Run from the top of the source tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "xlsxread.h"

#include "tap.h"

#define NS_MAIN	"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL	"http://schemas.openxmlformats.org/officeDocument/2006/" \
		"relationships"
#define NS_PKG	"http://schemas.openxmlformats.org/package/2006/relationships"

struct part {
	const char	*name;
	const char	*data;
	size_t		 len;		/* 0: strlen(data) */
};

/* One read: what xlsx_read gave, kept until res_free(). */
struct result {
	struct arena	 arena;
	struct xbook	 book;
	struct diags	 diags;
	int		 rc;
};

/* ---------------------------------------------------------------- */
/* Building zips in memory */

/* Streams a part of `len` bytes: head, then spaces, then tail, so a
 * 300 MiB part never exists in memory. */
struct spaces {
	const char	*head, *tail;
	zip_uint64_t	 len, pos;
};

static zip_int64_t
spaces_cb(void *ud, void *data, zip_uint64_t n, zip_source_cmd_t cmd)
{
	struct spaces	*s = ud;
	zip_uint64_t	 hl = strlen(s->head), tl = strlen(s->tail), i;
	char		*out = data;
	zip_stat_t	*st;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		s->pos = 0;
		return 0;
	case ZIP_SOURCE_READ:
		for (i = 0; i < n && s->pos < s->len; i++, s->pos++) {
			if (s->pos < hl)
				out[i] = s->head[s->pos];
			else if (s->pos >= s->len - tl)
				out[i] = s->tail[s->pos - (s->len - tl)];
			else
				out[i] = ' ';
		}
		return (zip_int64_t)i;
	case ZIP_SOURCE_STAT:
		st = data;
		zip_stat_init(st);
		st->size = s->len;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof(*st);
	case ZIP_SOURCE_ERROR:
		return 2 * sizeof(int);
	case ZIP_SOURCE_SUPPORTS:
		return ZIP_SOURCE_SUPPORTS_READABLE;
	default:
		return 0;
	}
}

/*
 * A zip of parts, in memory, into out.  big (may be NULL) is one more
 * part, streamed; password encrypts the part called "xl/workbook.xml".
 */
static void
zip_build(struct buf *out, const struct part *parts, size_t n,
    const char *bigname, struct spaces *big, const char *password)
{
	zip_source_t	*mem, *src;
	zip_t		*za;
	zip_stat_t	 st;
	zip_int64_t	 idx, got;
	size_t		 i;

	buf_truncate(out, 0);
	if ((mem = zip_source_buffer_create(NULL, 0, 0, NULL)) == NULL ||
	    (za = zip_open_from_source(mem, ZIP_TRUNCATE, NULL)) == NULL)
		abort();
	zip_source_keep(mem);
	for (i = 0; i < n; i++) {
		src = zip_source_buffer(za, parts[i].data, parts[i].len ?
		    parts[i].len : strlen(parts[i].data), 0);
		if (src == NULL || (idx = zip_file_add(za, parts[i].name, src,
		    ZIP_FL_ENC_UTF_8)) < 0)
			abort();
		if (password != NULL &&
		    strcmp(parts[i].name, "xl/workbook.xml") == 0 &&
		    zip_file_set_encryption(za, (zip_uint64_t)idx,
		    zip_encryption_method_supported(ZIP_EM_AES_256, 1) ?
		    ZIP_EM_AES_256 : ZIP_EM_TRAD_PKWARE, password) == -1)
			abort();
	}
	if (big != NULL) {
		if ((src = zip_source_function(za, spaces_cb, big)) == NULL ||
		    zip_file_add(za, bigname, src, 0) < 0)
			abort();
	}
	if (zip_close(za) == -1)
		abort();
	if (zip_source_stat(mem, &st) == -1 || zip_source_open(mem) == -1)
		abort();
	buf_grow(out, (size_t)st.size);
	if ((got = zip_source_read(mem, out->p, st.size)) < 0 ||
	    (zip_uint64_t)got != st.size)
		abort();
	out->len = (size_t)got;
	out->p[out->len] = '\0';
	zip_source_close(mem);
	zip_source_free(mem);
}

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"><Default Extension=\"xml\" "
    "ContentType=\"application/xml\"/></Types>";

static const char root_rels[] =
    "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"rId1\" "
    "Type=\"" NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";

static const char book_rels[] =
    "<Relationships xmlns=\"" NS_PKG "\">"
    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" NS_REL "/styles\" "
    "Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" NS_REL "/sharedStrings\" "
    "Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId9\" Type=\"" NS_REL "/hyperlink\" "
    "Target=\"http://example.cn/\" TargetMode=\"External\"/>"
    "</Relationships>";

static const char one_sheet[] =
    "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
    "<sheets><sheet name=\"收费标准\" sheetId=\"1\" r:id=\"rId1\"/>"
    "</sheets></workbook>";

/*
 * A one-sheet workbook named 收费标准: data is the inside of
 * <sheetData>; sst, the inside of <sst>, and styles, of <styleSheet>,
 * are left out when NULL.
 */
static void
book1(struct buf *out, const char *workbook, const char *data,
    const char *sst, const char *styles)
{
	struct buf	 sheet = { 0 }, strings = { 0 }, style = { 0 };
	struct part	 parts[7];
	size_t		 n = 0;

	buf_printf(&sheet, "<?xml version=\"1.0\" encoding=\"UTF-8\" "
	    "standalone=\"yes\"?>\n<worksheet xmlns=\"%s\"><dimension "
	    "ref=\"A1\"/><sheetData>%s</sheetData><pageMargins left=\"0.7\"/>"
	    "</worksheet>", NS_MAIN, data);
	parts[n++] = (struct part){ "[Content_Types].xml", content_types, 0 };
	parts[n++] = (struct part){ "_rels/.rels", root_rels, 0 };
	parts[n++] = (struct part){ "xl/workbook.xml",
	    workbook ? workbook : one_sheet, 0 };
	parts[n++] = (struct part){ "xl/_rels/workbook.xml.rels", book_rels,
	    0 };
	parts[n++] = (struct part){ "xl/worksheets/sheet1.xml", sheet.p, 0 };
	if (sst != NULL) {
		buf_printf(&strings, "<sst xmlns=\"%s\">%s</sst>", NS_MAIN,
		    sst);
		parts[n++] = (struct part){ "xl/sharedStrings.xml", strings.p,
		    0 };
	}
	if (styles != NULL) {
		buf_printf(&style, "<styleSheet xmlns=\"%s\">%s</styleSheet>",
		    NS_MAIN, styles);
		parts[n++] = (struct part){ "xl/styles.xml", style.p, 0 };
	}
	zip_build(out, parts, n, NULL, NULL, NULL);
	buf_free(&sheet);
	buf_free(&strings);
	buf_free(&style);
}

/* ---------------------------------------------------------------- */
/* Reading and checking */

static void
rd_limits(struct result *res, const char *file, const void *data,
    size_t len, const struct xlsx_limits *lim)
{
	memset(res, 0, sizeof(*res));
	res->rc = xlsx_read_limits(file, data, len, &res->arena, &res->book,
	    &res->diags, lim);
}

static void
rd(struct result *res, const struct buf *b)
{
	rd_limits(res, "book.xlsx", b->p, b->len, NULL);
}

static void
res_free(struct result *res)
{
	arena_free(&res->arena);
	diag_free(&res->diags);
}

static const char *
msg(const struct result *res)
{
	return res->diags.n > 0 ? res->diags.v[0].msg : "(no diagnostic)";
}

/* Read without complaint, one diagnostic of nothing. */
static int
read_ok(const struct result *res, const char *what)
{
	int	 ok = res->rc == 0 && res->diags.n == 0;

	tap(ok, "%s is read", what);
	if (!ok)
		printf("    rc %d: %s\n", res->rc, msg(res));
	return ok;
}

/* Refused with one error on book.xlsx whose message has needle. */
static void
refused(const struct result *res, const char *needle, const char *what)
{
	int	 ok = res->rc == -1 && res->diags.n == 1 &&
	    res->diags.v[0].file != NULL &&
	    strcmp(res->diags.v[0].file, "book.xlsx") == 0 &&
	    res->diags.v[0].sev == SEV_ERROR &&
	    strstr(res->diags.v[0].msg, needle) != NULL &&
	    res->book.n == 0 && res->book.sheets == NULL;

	tap(ok, "%s is refused saying \"%s\"", what, needle);
	if (!ok)
		printf("    rc %d, %zu diagnostics: %s\n", res->rc,
		    res->diags.n, msg(res));
}

/* "C12" -> the cell, or NULL. */
static const struct xcell *
at(const struct xsheet *sh, const char *ref)
{
	unsigned	 col = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++)
		col = col * 26 + (unsigned)(*ref - 'A' + 1);
	return xsheet_cell(sh, (unsigned)atoi(ref), col);
}

/* text with line breaks shown as \n and \r, for one-line cases. */
static const char *
visible(const char *text)
{
	static struct buf b;

	buf_truncate(&b, 0);
	buf_put(&b, "", 0);
	for (; *text != '\0'; text++) {
		if (*text == '\n')
			buf_puts(&b, "\\n");
		else if (*text == '\r')
			buf_puts(&b, "\\r");
		else
			buf_putc(&b, *text);
	}
	return b.p;
}

static const char *const kinds[] = { "string", "number", "bool", "error" };

static void
cell_is(const struct xsheet *sh, const char *ref, enum xcell_kind kind,
    const char *text, int is_date, const char *what)
{
	const struct xcell *c = at(sh, ref);
	int	 ok = c != NULL && c->kind == kind && c->is_date == is_date &&
	    c->len == strlen(text) && memcmp(c->text, text, c->len) == 0 &&
	    c->text[c->len] == '\0';

	tap(ok, "%s!%s is %s%s \"%s\" (%s)", sh->name, ref,
	    is_date ? "a date " : "", kinds[kind], visible(text), what);
	if (!ok && c == NULL)
		printf("    no such cell\n");
	else if (!ok) {
		printf("    kind %s, is_date %d\n", kinds[c->kind], c->is_date);
		tap_visible("got", c->text, c->len);
		tap_visible("want", text, strlen(text));
	}
}

static void
no_cell(const struct xsheet *sh, const char *ref, const char *what)
{
	tap(at(sh, ref) == NULL, "%s!%s is left out (%s)", sh->name, ref,
	    what);
}

/* The cells come sorted by row, then column, each once. */
static void
sorted(const struct xsheet *sh)
{
	size_t	 i;
	int	 ok = 1;

	for (i = 1; i < sh->n; i++)
		if (sh->cells[i - 1].row > sh->cells[i].row ||
		    (sh->cells[i - 1].row == sh->cells[i].row &&
		    sh->cells[i - 1].col >= sh->cells[i].col))
			ok = 0;
	tap(ok, "%s: %zu cells sorted by row and column", sh->name, sh->n);
}

static int
load(struct buf *b, const char *path)
{
	if (buf_read_file(b, path, 1 << 20) == -1) {
		tap(0, "%s can be read (run from the top of the tree)", path);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- */
/* Workbooks written by others */

/* What openpyxl and LibreOffice both hold: make-fixtures.py's book. */
static void
fees_book(const struct result *res, const char *who)
{
	const struct xsheet *sh = &res->book.sheets[0], *other;

	tap(res->book.n == 2 && !res->book.date1904, "%s: two sheets, 1900 "
	    "date system", who);
	if (res->book.n != 2)
		return;
	other = &res->book.sheets[1];
	tap(strcmp(sh->name, "收费标准") == 0 && !sh->hidden &&
	    strcmp(other->name, "Fees 2026") == 0 && other->hidden,
	    "%s: sheet names and order, the second hidden", who);
	cell_is(sh, "A1", XC_STRING, "项目", 0, who);
	cell_is(sh, "D2", XC_STRING, "第一行\n第二行", 0, who);
	cell_is(sh, "A3", XC_STRING, "停车费 & <管理>", 0, who);
	cell_is(sh, "D3", XC_STRING, "  前后空格  ", 0, who);
	cell_is(sh, "B2", XC_NUMBER, "1.85", 0, who);
	cell_is(sh, "C2", XC_NUMBER, "45626", 1, who);
	cell_is(sh, "C3", XC_NUMBER, "45658", 1, who);
	cell_is(sh, "B3", XC_NUMBER, "0.35", 0, who);
	cell_is(sh, "A4", XC_BOOL, "TRUE", 0, who);
	cell_is(sh, "B4", XC_BOOL, "FALSE", 0, who);
	cell_is(sh, "A5", XC_NUMBER, "45627", 0, who);
	cell_is(sh, "D5", XC_STRING, "\r is a carriage return", 0, who);
	no_cell(sh, "D4", who);
	tap(sh->max_row == 5 && sh->max_col == 4, "%s: 收费标准 spans A1:D5 "
	    "(%u rows, %u columns)", who, sh->max_row, sh->max_col);
	sorted(sh);
	cell_is(other, "AA100", XC_STRING, "far away", 0, who);
	cell_is(other, "B2", XC_NUMBER, "-12.5", 0, who);
	tap(other->n == 2 && other->max_row == 100 && other->max_col == 27,
	    "%s: Fees 2026 has 2 cells up to AA100", who);
}

static void
test_openpyxl(void)
{
	struct buf	 b = { 0 };
	struct result	 res;

	if (load(&b, "tests/xlsx/openpyxl.xlsx") == 0) {
		rd(&res, &b);
		if (read_ok(&res, "openpyxl's workbook")) {
			fees_book(&res, "openpyxl");
			/* openpyxl keeps no formula values: they show
			 * nothing until a spreadsheet program computes. */
			no_cell(&res.book.sheets[0], "C4", "openpyxl");
			no_cell(&res.book.sheets[0], "B5", "openpyxl");
		}
		res_free(&res);
	}
	buf_truncate(&b, 0);
	if (load(&b, "tests/xlsx/date1904.xlsx") == 0) {
		rd(&res, &b);
		if (read_ok(&res, "openpyxl's 1904 workbook")) {
			int	 y = 0, m = 0, d = 0;
			const struct xcell *c = at(&res.book.sheets[0], "A1");

			tap(res.book.date1904, "date1904=\"1\" is the 1904 "
			    "date system");
			tap(c != NULL && c->is_date && xlsx_serial_date(c->text,
			    res.book.date1904, &y, &m, &d) == 0 && y == 2024 &&
			    m == 11 && d == 30, "1904 serial %s is 2024-11-30 "
			    "(got %d-%d-%d)", c ? c->text : "-", y, m, d);
		}
		res_free(&res);
	}
	buf_free(&b);
}

static void
test_libreoffice(void)
{
	struct buf	 b = { 0 };
	struct result	 res;

	if (load(&b, "tests/xlsx/libreoffice.xlsx") == 0) {
		rd(&res, &b);
		if (read_ok(&res, "LibreOffice's workbook")) {
			fees_book(&res, "LibreOffice");
			/* LibreOffice computed and kept the formulas. */
			cell_is(&res.book.sheets[0], "C4", XC_ERROR, "#DIV/0!",
			    0, "formula's cached error");
			cell_is(&res.book.sheets[0], "B5", XC_NUMBER, "3.7", 0,
			    "formula's cached value");
		}
		res_free(&res);
	}
	buf_free(&b);
}

/* ---------------------------------------------------------------- */
/* Minimal workbooks */

static void
test_values(void)
{
	static const char sst[] =
	    "<si><t>plain</t></si>"
	    "<si><r><rPr><b/></rPr><t>停车</t></r>"
	    "<r><t xml:space=\"preserve\"> 费</t></r>"
	    "<rPh sb=\"0\" eb=\"2\"><t>ていしゃ</t></rPh>"
	    "<phoneticPr fontId=\"1\"/></si>"
	    "<si><t>a_x000D_&#10;b</t></si>"
	    "<si><t>_x005F_x000D_</t></si>"
	    "<si><t xml:space=\"preserve\">  two  </t></si>"
	    "<si><t/></si>"
	    "<si><t>&amp;&lt;&gt;&quot;</t></si>"
	    "<si><t>_xD83D__xDE00_ _xD800_ _x0000_ _x00e9_</t></si>";
	static const char data[] =
	    "<row r=\"1\" spans=\"1:8\">"
	    "<c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
	    "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c>"
	    "<c r=\"E1\" t=\"s\"><v>4</v></c><c r=\"F1\" t=\"s\"><v>5</v></c>"
	    "<c r=\"G1\" t=\"s\"><v>6</v></c><c r=\"H1\" t=\"s\"><v>7</v></c>"
	    "</row><row r=\"2\">"
	    "<c r=\"A2\" t=\"inlineStr\"><is><t>行内</t></is></c>"
	    "<c r=\"B2\" t=\"b\"><v>1</v></c><c r=\"C2\" t=\"b\"><v>0</v></c>"
	    "<c r=\"D2\" t=\"e\"><v>#N/A</v></c>"
	    "<c r=\"E2\"><v>0.35000000000000003</v></c>"
	    "<c r=\"F2\" t=\"n\"><v>3.5000000000000003E-2</v></c>"
	    "<c r=\"G2\" t=\"str\"><f>A1&amp;\"x\"</f><v>plainx</v></c>"
	    "<c r=\"H2\" t=\"d\"><v>2024-11-30T00:00:00</v></c>"
	    "<c r=\"I2\"><f>1+1</f><v>2</v></c>"
	    "<c r=\"J2\" s=\"0\"/>"
	    "<c r=\"K2\"><f>A1</f></c>"
	    "<c r=\"L2\"><v> 12 </v></c>"
	    "<c r=\"M2\" t=\"str\"><f>\"\"</f><v></v></c>"
	    "<c r=\"N2\" t=\"inlineStr\"><is><r><t>富</t></r><r><t>文本"
	    "</t></r></is></c>"
	    "<c r=\"O2\" t=\"b\"><v>true</v></c>"
	    "<c r=\"P2\"><v>-1.5E+300</v></c>"
	    "</row>";
	struct buf	 b = { 0 };
	struct result	 res;
	const struct xsheet *sh;

	book1(&b, NULL, data, sst, NULL);
	rd(&res, &b);
	if (read_ok(&res, "strings, numbers, booleans and errors")) {
		sh = &res.book.sheets[0];
		cell_is(sh, "A1", XC_STRING, "plain", 0, "shared string");
		cell_is(sh, "B1", XC_STRING, "停车 费", 0, "rich text runs, "
		    "not the phonetic run");
		cell_is(sh, "C1", XC_STRING, "a\r\nb", 0, "_x000D_ and &#10;");
		cell_is(sh, "D1", XC_STRING, "_x000D_", 0, "_x005F_ escapes "
		    "the underscore");
		cell_is(sh, "E1", XC_STRING, "  two  ", 0, "xml:space");
		no_cell(sh, "F1", "an empty shared string");
		cell_is(sh, "G1", XC_STRING, "&<>\"", 0, "entities");
		cell_is(sh, "H1", XC_STRING, "😀 _xD800_ _x0000_ é", 0,
		    "surrogate pair; lone surrogate and NUL kept as written");
		cell_is(sh, "A2", XC_STRING, "行内", 0, "inline string");
		cell_is(sh, "B2", XC_BOOL, "TRUE", 0, "boolean 1");
		cell_is(sh, "C2", XC_BOOL, "FALSE", 0, "boolean 0");
		cell_is(sh, "O2", XC_BOOL, "TRUE", 0, "boolean true");
		cell_is(sh, "D2", XC_ERROR, "#N/A", 0, "error");
		cell_is(sh, "E2", XC_NUMBER, "0.35000000000000003", 0,
		    "number as written");
		cell_is(sh, "F2", XC_NUMBER, "3.5000000000000003E-2", 0,
		    "exponent as written");
		cell_is(sh, "P2", XC_NUMBER, "-1.5E+300", 0, "big exponent");
		cell_is(sh, "G2", XC_STRING, "plainx", 0, "formula string");
		cell_is(sh, "H2", XC_STRING, "2024-11-30T00:00:00", 1,
		    "t=\"d\": ISO 8601 text, marked a date");
		cell_is(sh, "I2", XC_NUMBER, "2", 0, "formula's cached value");
		no_cell(sh, "J2", "styled, no value");
		no_cell(sh, "K2", "formula without a cached value");
		cell_is(sh, "L2", XC_NUMBER, "12", 0, "spaces around a value");
		no_cell(sh, "M2", "formula giving \"\"");
		cell_is(sh, "N2", XC_STRING, "富文本", 0, "rich inline string");
		tap(sh->max_row == 2 && sh->max_col == 16, "max row %u, max "
		    "column %u", sh->max_row, sh->max_col);
		sorted(sh);
	}
	res_free(&res);
	buf_free(&b);
}

static void
test_dates(void)
{
	/* One cell per style below, in the same order from column A. */
	static const char styles[] =
	    "<numFmts count=\"13\">"
	    "<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;"
	    "月&quot;d&quot;日&quot;\"/>"
	    "<numFmt numFmtId=\"165\" formatCode=\"0.00\"/>"
	    "<numFmt numFmtId=\"166\" formatCode=\"#,##0.00;[Red]-#,##0.00\"/>"
	    "<numFmt numFmtId=\"167\" formatCode=\"[h]:mm:ss\"/>"
	    "<numFmt numFmtId=\"168\" formatCode=\"0.00E+00\"/>"
	    "<numFmt numFmtId=\"169\" formatCode=\"&quot;day&quot; 0\"/>"
	    "<numFmt numFmtId=\"170\" formatCode=\"[$-804]yyyy/m/d\"/>"
	    "<numFmt numFmtId=\"171\" formatCode=\"@\"/>"
	    "<numFmt numFmtId=\"172\" formatCode=\"General\"/>"
	    "<numFmt numFmtId=\"173\" formatCode=\"0\\d\"/>"
	    "<numFmt numFmtId=\"174\" formatCode=\"[Red][&lt;=100]0.00\"/>"
	    "<numFmt numFmtId=\"175\" formatCode=\"yyyy\\年m\\月d\\日\"/>"
	    "<numFmt numFmtId=\"176\" formatCode=\"[DBNum1][$-804]m&quot;月"
	    "&quot;d&quot;日&quot;\"/>"
	    "<numFmt numFmtId=\"177\" formatCode=\"0.00\"/>"
	    "<numFmt numFmtId=\"47\" formatCode=\"0.0\"/>"
	    "<numFmt numFmtId=\"177\" formatCode=\"yyyy\"/>"
	    "</numFmts>"
	    /* Not the cells' styles: cell style formats and differential
	     * formats (conditional formatting) have xf and numFmt too. */
	    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
	    "<cellXfs count=\"20\">"
	    "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"31\"/>"
	    "<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/>"
	    "<xf numFmtId=\"167\"/><xf numFmtId=\"168\"/><xf numFmtId=\"169\"/>"
	    "<xf numFmtId=\"170\"/><xf numFmtId=\"171\"/><xf numFmtId=\"172\"/>"
	    "<xf numFmtId=\"173\"/><xf numFmtId=\"174\"/><xf numFmtId=\"175\"/>"
	    "<xf numFmtId=\"22\"/><xf numFmtId=\"57\"/><xf numFmtId=\"4\"/>"
	    "<xf numFmtId=\"49\"/><xf numFmtId=\"176\"/><xf numFmtId=\"177\"/>"
	    "<xf numFmtId=\"47\"/>"
	    "</cellXfs>"
	    "<dxfs count=\"1\"><dxf><numFmt numFmtId=\"165\" "
	    "formatCode=\"yyyy\"/></dxf></dxfs>";
	static const struct {
		const char	*why;
		int		 is_date;
	} want[] = {
		{ "General (0)", 0 }, { "built-in 14", 1 },
		{ "built-in 31 (CJK yyyy年m月d日)", 1 },
		{ "custom yyyy\"年\"m\"月\"d\"日\"", 1 }, { "0.00", 0 },
		{ "#,##0.00;[Red]-#,##0.00", 0 }, { "[h]:mm:ss", 1 },
		{ "0.00E+00", 0 }, { "\"day\" 0", 0 },
		{ "[$-804]yyyy/m/d", 1 }, { "@", 0 }, { "General", 0 },
		{ "0\\d", 0 }, { "[Red][<=100]0.00", 0 },
		{ "yyyy\\年m\\月d\\日 (LibreOffice)", 1 },
		{ "built-in 22 (m/d/yy h:mm)", 1 },
		{ "built-in 57 (CJK yyyy\"年\"m\"月\")", 1 },
		{ "built-in 4 (#,##0.00)", 0 }, { "built-in 49 (@)", 0 },
		{ "[DBNum1][$-804]m\"月\"d\"日\"", 1 },
		{ "177 given twice, the last (yyyy) counts", 1 },
		{ "47 (a time) made 0.0 by a custom format", 0 },
	};
	struct buf	 data = { 0 }, b = { 0 };
	struct result	 res;
	char		 ref[16];
	size_t		 i;

	buf_puts(&data, "<row r=\"1\">");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		cell_name(1, (unsigned)i + 1, ref);
		buf_printf(&data, "<c r=\"%s\" s=\"%zu\"><v>45626</v></c>",
		    ref, i);
	}
	/* A string never is a date, whatever its style. */
	buf_puts(&data, "<c r=\"Z1\" s=\"1\" t=\"inlineStr\"><is><t>x</t>"
	    "</is></c><c r=\"Y1\" s=\"99\"><v>1</v></c></row>");
	book1(&b, NULL, data.p, NULL, styles);
	rd(&res, &b);
	if (read_ok(&res, "a workbook of number formats")) {
		for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			cell_name(1, (unsigned)i + 1, ref);
			cell_is(&res.book.sheets[0], ref, XC_NUMBER, "45626",
			    want[i].is_date, want[i].why);
		}
		cell_is(&res.book.sheets[0], "Z1", XC_STRING, "x", 0,
		    "string with a date style");
		cell_is(&res.book.sheets[0], "Y1", XC_NUMBER, "1", 0,
		    "style index past cellXfs");
		tap(!res.book.date1904, "no workbookPr: 1900 date system");
	}
	res_free(&res);

	book1(&b, "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
	    "<workbookPr date1904=\"true\"/><sheets><sheet name=\"收费标准\" "
	    "sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
	    "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c></row>", NULL,
	    "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>");
	rd(&res, &b);
	if (read_ok(&res, "a 1904 workbook")) {
		tap(res.book.date1904, "date1904=\"true\" is the 1904 system");
		cell_is(&res.book.sheets[0], "A1", XC_NUMBER, "0", 1,
		    "1904-01-01");
	}
	res_free(&res);
	buf_free(&data);
	buf_free(&b);
}

static void
test_positions(void)
{
	static const char data[] =
	    "<row><c t=\"inlineStr\"><is><t>a</t></is></c><c><v>2</v></c>"
	    "</row>"
	    "<row r=\"5\"><c r=\"C5\"><v>3</v></c><c><v>4</v></c></row>"
	    "<row><c><v>5</v></c><c r=\"XFD6\"><v>6</v></c></row>"
	    "<row r=\"1048576\"><c r=\"B1048576\"><v>7</v></c></row>";
	static const char unordered[] =
	    "<row r=\"3\"><c r=\"D3\"><v>1</v></c><c r=\"A3\"><v>2</v></c>"
	    "</row><row r=\"1\"><c r=\"B1\"><v>3</v></c></row>"
	    "<row r=\"2\"><c r=\"c2\"><v>4</v></c></row>";
	struct buf	 b = { 0 };
	struct result	 res;
	const struct xsheet *sh;

	book1(&b, NULL, data, NULL, NULL);
	rd(&res, &b);
	if (read_ok(&res, "rows and cells without r")) {
		sh = &res.book.sheets[0];
		cell_is(sh, "A1", XC_STRING, "a", 0, "first row, first cell");
		cell_is(sh, "B1", XC_NUMBER, "2", 0, "after A1");
		cell_is(sh, "C5", XC_NUMBER, "3", 0, "given");
		cell_is(sh, "D5", XC_NUMBER, "4", 0, "after C5");
		cell_is(sh, "A6", XC_NUMBER, "5", 0, "the row after 5");
		cell_is(sh, "XFD6", XC_NUMBER, "6", 0, "the last column");
		cell_is(sh, "B1048576", XC_NUMBER, "7", 0, "the last row");
		tap(sh->max_row == 1048576 && sh->max_col == 16384,
		    "max row %u, max column %u", sh->max_row, sh->max_col);
		tap(xsheet_cell(sh, 1, 3) == NULL &&
		    xsheet_cell(sh, 0, 0) == NULL &&
		    xsheet_cell(sh, 1048577, 1) == NULL,
		    "xsheet_cell of empty cells is NULL");
	}
	res_free(&res);

	book1(&b, NULL, unordered, NULL, NULL);
	rd(&res, &b);
	if (read_ok(&res, "cells out of order")) {
		sh = &res.book.sheets[0];
		sorted(sh);
		cell_is(sh, "B1", XC_NUMBER, "3", 0, "sorted");
		cell_is(sh, "C2", XC_NUMBER, "4", 0, "lower-case reference");
		cell_is(sh, "A3", XC_NUMBER, "2", 0, "sorted");
		cell_is(sh, "D3", XC_NUMBER, "1", 0, "sorted");
	}
	res_free(&res);

	book1(&b, NULL, "<row r=\"1\"/>", NULL, NULL);
	rd(&res, &b);
	if (read_ok(&res, "an empty sheet"))
		tap(res.book.sheets[0].n == 0 && res.book.sheets[0].max_row ==
		    0 && res.book.sheets[0].max_col == 0, "no cells, no size");
	res_free(&res);
	buf_free(&b);
}

/* Prefixed elements (x:c), Strict OOXML namespaces, a workbook part in
 * an unusual place, absolute and ../ targets, a chart sheet. */
static void
test_packages(void)
{
	static const char strict_rels[] =
	    "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"r1\" "
	    "Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/"
	    "officeDocument\" Target=\"/book/main.xml\"/></Relationships>";
	static const char strict_book_rels[] =
	    "<Relationships xmlns=\"" NS_PKG "\">"
	    "<Relationship Id=\"s1\" Type=\"http://purl.oclc.org/ooxml/"
	    "officeDocument/relationships/worksheet\" "
	    "Target=\"/book/sheets/one.xml\"/>"
	    "<Relationship Id=\"s2\" Type=\"http://purl.oclc.org/ooxml/"
	    "officeDocument/relationships/chartsheet\" "
	    "Target=\"charts/c.xml\"/>"
	    "<Relationship Id=\"s3\" Type=\"http://purl.oclc.org/ooxml/"
	    "officeDocument/relationships/sharedStrings\" "
	    "Target=\"./sub/../../strings/shared.xml\"/>"
	    "</Relationships>";
	static const char strict_book[] =
	    "<x:workbook xmlns:x=\"http://purl.oclc.org/ooxml/spreadsheetml/"
	    "main\" xmlns:rel=\"http://purl.oclc.org/ooxml/officeDocument/"
	    "relationships\"><x:workbookPr date1904=\"1\"/><x:sheets>"
	    "<x:sheet name=\"数据 &amp; 表\" sheetId=\"1\" rel:id=\"s1\"/>"
	    "<x:sheet name=\"图\" sheetId=\"2\" rel:id=\"s2\"/>"
	    "</x:sheets></x:workbook>";
	static const char strict_sheet[] =
	    "<x:worksheet xmlns:x=\"http://purl.oclc.org/ooxml/spreadsheetml/"
	    "main\"><x:sheetData><x:row x:r=\"2\"><x:c r=\"B2\" t=\"s\">"
	    "<x:v>0</x:v></x:c><x:c r=\"C2\" t=\"inlineStr\"><x:is><x:t>"
	    "前缀</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>";
	static const char strict_sst[] =
	    "<s:sst xmlns:s=\"http://purl.oclc.org/ooxml/spreadsheetml/main\">"
	    "<s:si><s:r><s:t>共享</s:t></s:r></s:si></s:sst>";
	const struct part parts[] = {
		{ "[Content_Types].xml", content_types, 0 },
		{ "_rels/.rels", strict_rels, 0 },
		{ "book/main.xml", strict_book, 0 },
		{ "book/_rels/main.xml.rels", strict_book_rels, 0 },
		{ "book/sheets/one.xml", strict_sheet, 0 },
		{ "strings/shared.xml", strict_sst, 0 },
	};
	struct buf	 b = { 0 };
	struct result	 res;

	zip_build(&b, parts, sizeof(parts) / sizeof(parts[0]), NULL, NULL,
	    NULL);
	rd(&res, &b);
	if (read_ok(&res, "a Strict, prefixed workbook in book/main.xml")) {
		tap(res.book.n == 2 && res.book.date1904 &&
		    strcmp(res.book.sheets[0].name, "数据 & 表") == 0 &&
		    strcmp(res.book.sheets[1].name, "图") == 0 &&
		    res.book.sheets[1].n == 0, "two sheets, the chart sheet "
		    "without cells, date1904=\"1\"");
		cell_is(&res.book.sheets[0], "B2", XC_STRING, "共享", 0,
		    "shared string through ../ target");
		cell_is(&res.book.sheets[0], "C2", XC_STRING, "前缀", 0,
		    "prefixed inline string");
	}
	res_free(&res);
	buf_free(&b);
}

/* ---------------------------------------------------------------- */
/* What must be refused */

static void
refuse_book(const char *workbook, const char *data, const char *sst,
    const char *needle, const char *what)
{
	struct buf	 b = { 0 };
	struct result	 res;

	book1(&b, workbook, data, sst, NULL);
	rd(&res, &b);
	refused(&res, needle, what);
	res_free(&res);
	buf_free(&b);
}

static void
refuse_bytes(const void *data, size_t len, const char *needle,
    const char *what)
{
	struct result	 res;

	rd_limits(&res, "book.xlsx", data, len, NULL);
	refused(&res, needle, what);
	res_free(&res);
}

static void
test_hostile_xml(void)
{
	static const char laughs[] =
	    "<!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
	    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
	    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>";
	struct buf	 b = { 0 }, sst = { 0 };
	struct result	 res;
	const struct part parts[] = {
		{ "_rels/.rels", "<!DOCTYPE Relationships SYSTEM "
		    "\"file:///etc/passwd\"><Relationships/>", 0 },
		{ "xl/workbook.xml", one_sheet, 0 },
	};
	size_t		 i;

	/* A DTD in the shared strings: billion laughs. */
	buf_printf(&sst, "%s<sst xmlns=\"%s\"><si><t>&d;</t></si></sst>",
	    laughs, NS_MAIN);
	{
		const struct part p[] = {
			{ "_rels/.rels", root_rels, 0 },
			{ "xl/workbook.xml", one_sheet, 0 },
			{ "xl/_rels/workbook.xml.rels", book_rels, 0 },
			{ "xl/worksheets/sheet1.xml", "<worksheet/>", 0 },
			{ "xl/sharedStrings.xml", sst.p, 0 },
		};

		zip_build(&b, p, 5, NULL, NULL, NULL);
		rd(&res, &b);
		refused(&res, "xl/sharedStrings.xml has a document type "
		    "declaration", "a billion-laughs DTD");
		res_free(&res);
	}
	zip_build(&b, parts, 2, NULL, NULL, NULL);
	rd(&res, &b);
	refused(&res, "_rels/.rels has a document type declaration",
	    "an external DTD in _rels/.rels");
	res_free(&res);

	refuse_book(NULL, "<row r=\"1\"><c r=\"A1\"><v>1</v></row>", NULL,
	    "is not well-formed XML (line 2", "a mismatched tag");
	refuse_book(NULL, "<row r=\"1\"><c r=\"A1\"><v>1</v></c>", NULL,
	    "xl/worksheets/sheet1.xml is not well-formed", "an unclosed row");
	refuse_book(NULL, "<row r=\"0\"/>", NULL, "sheet 收费标准: row number "
	    "'0' is not a row", "row 0");
	refuse_book(NULL, "<row r=\"1048577\"/>", NULL, "'1048577' is not a "
	    "row", "row 1048577");
	refuse_book(NULL, "<row r=\"1\"><c r=\"A1\"><v>123</v></c></row>"
	    "<row r=\"x\"/>", NULL, "row number 'x' is not", "row x after "
	    "a value");
	refuse_book(NULL, "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>",
	    NULL, "'XFE1' is not a cell reference", "column XFE");
	refuse_book(NULL, "<row r=\"1048576\"/><row/>", NULL, "sheet 收费标准: "
	    "has more than 1,048,576 rows", "a row after the last, without r");
	refuse_book(NULL, "<row r=\"7\"><c r=\"XFD7\"><v>1</v></c><c><v>2</v>"
	    "</c></row>", NULL, "row 7 has more than 16,384 columns",
	    "a cell after XFD, without r");
	refuse_book(NULL, "<row r=\"1\"><c r=\"A1\"><v>1</v></c>"
	    "<c r=\"B1\"><v>2</v></c></row><row r=\"1\"><c r=\"A1\"><v>3</v>"
	    "</c></row>", NULL, "收费标准!A1: the cell is given twice",
	    "a cell given twice");
	refuse_book(NULL, "<row r=\"12\"><c r=\"C12\" t=\"s\"><v>1</v></c>"
	    "</row>", "<si><t>x</t></si>", "收费标准!C12: the cell points to "
	    "shared string '1'", "a shared string index past the table");
	refuse_book(NULL, "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c>"
	    "</row>", NULL, "shared string '1', which the workbook does not",
	    "a shared string without a table");
	refuse_book(NULL, "<row r=\"3\"><c r=\"B3\"><v>abc</v></c></row>",
	    NULL, "收费标准!B3: 'abc' is not a number", "a number that is not");
	refuse_book(NULL, "<row r=\"3\"><c r=\"B3\"><v>NaN</v></c></row>",
	    NULL, "'NaN' is not a number", "NaN");
	refuse_book(NULL, "<row r=\"1\"><c r=\"A1\" t=\"b\"><v>2</v></c>"
	    "</row>", NULL, "'2' is not a boolean", "boolean 2");
	refuse_book(NULL, "<row r=\"1\"><c r=\"A1\" t=\"x\"><v>2</v></c>"
	    "</row>", NULL, "the cell's type 'x' is none", "type x");
	refuse_book("<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
	    "<sheets><sheet name=\"收费标准\" sheetId=\"1\" r:id=\"rId7\"/>"
	    "</sheets></workbook>", "", NULL, "sheet 收费标准 has no part",
	    "a sheet whose r:id is not in the relationships");
	refuse_book("<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
	    "<sheets><sheet sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
	    "", NULL, "lists a sheet without a name",
	    "a sheet without a name");

	/* Text: 32,767 characters fit in a cell, 32,768 do not. */
	buf_truncate(&sst, 0);
	buf_puts(&sst, "<row r=\"12\"><c r=\"C12\" t=\"inlineStr\"><is><t>");
	for (i = 0; i < XLSX_MAX_TEXT; i++)
		buf_puts(&sst, "一");
	buf_puts(&sst, "</t></is></c></row>");
	book1(&b, NULL, sst.p, NULL, NULL);
	rd(&res, &b);
	if (read_ok(&res, "a cell of 32,767 Chinese characters"))
		tap(at(&res.book.sheets[0], "C12") != NULL &&
		    at(&res.book.sheets[0], "C12")->len == 3 * XLSX_MAX_TEXT,
		    "all 98,301 bytes kept");
	res_free(&res);
	buf_truncate(&sst, sst.len - strlen("</t></is></c></row>"));
	buf_puts(&sst, "一</t></is></c></row>");
	refuse_book(NULL, sst.p, NULL, "收费标准!C12: the text is longer than "
	    "32,767 characters", "a cell of 32,768 characters");

	buf_truncate(&sst, 0);
	buf_puts(&sst, "<si><t>");
	for (i = 0; i < 300000; i++)
		buf_putc(&sst, 'x');
	buf_puts(&sst, "</t></si>");
	refuse_book(NULL, "", sst.p, "shared string 0 is longer than 32,767",
	    "a shared string of 300,000 bytes");
	buf_free(&sst);
	buf_free(&b);
}

/* The first what in data (len bytes), or NULL. */
static const char *
find(const char *data, size_t len, const char *what)
{
	size_t	 i, n = strlen(what);

	for (i = 0; i + n <= len; i++)
		if (memcmp(data + i, what, n) == 0)
			return data + i;
	return NULL;
}

static void
test_not_xlsx(void)
{
	static const unsigned char xls[] = {
		0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0,
		'W', 0, 'o', 0, 'r', 0, 'k', 0, 'b', 0, 'o', 0, 'o', 0, 'k', 0
	};
	static const char encrypted[] =
	    "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0"
	    "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0\0\0"
	    "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0\0\0";
	static const char xml2003[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<?mso-application progid=\"Excel.Sheet\"?>\n"
	    "<Workbook xmlns=\"urn:schemas-microsoft-com:office:"
	    "spreadsheet\">";
	const struct part ods[] = {
		{ "mimetype", "application/vnd.oasis.opendocument.spreadsheet",
		    0 },
		{ "content.xml", "<office:document-content/>", 0 },
	};
	const struct part docx[] = {
		{ "word/document.xml", "<document/>", 0 },
	};
	const struct part xlsb[] = {
		{ "_rels/.rels", "<Relationships xmlns=\"" NS_PKG "\">"
		    "<Relationship Id=\"rId1\" Type=\"" NS_REL
		    "/officeDocument\" Target=\"xl/workbook.bin\"/>"
		    "</Relationships>", 0 },
		{ "xl/workbook.bin", "\x83\x01", 0 },
	};
	const struct part missing[] = {
		{ "_rels/.rels", root_rels, 0 },
		{ "xl/workbook.xml", one_sheet, 0 },
		{ "xl/_rels/workbook.xml.rels", book_rels, 0 },
	};
	struct buf	 b = { 0 };

	refuse_bytes("", 0, "is empty", "an empty file");
	refuse_bytes("项目,单价\n物业费,1.85\n", 29, "is not a zip file",
	    "a CSV file");
	refuse_bytes(xls, sizeof(xls), "is an Excel 97–2003 .xls file; open "
	    "it in Excel, WPS or LibreOffice and save it as .xlsx",
	    "an .xls file (D0 CF 11 E0)");
	refuse_bytes(encrypted, sizeof(encrypted) - 1, "is password-protected",
	    "an encrypted workbook");
	refuse_bytes(xml2003, sizeof(xml2003) - 1, "Excel 2003 XML",
	    "an Excel 2003 XML spreadsheet");
	zip_build(&b, ods, 2, NULL, NULL, NULL);
	refuse_bytes(b.p, b.len, "is an OpenDocument spreadsheet (.ods)",
	    "an .ods file");
	zip_build(&b, docx, 1, NULL, NULL, NULL);
	refuse_bytes(b.p, b.len, "is a zip file but not an xlsx workbook",
	    "a zip without a workbook");
	zip_build(&b, xlsb, 2, NULL, NULL, NULL);
	refuse_bytes(b.p, b.len, "(.xlsb)", "an .xlsb workbook");
	zip_build(&b, missing, 3, NULL, NULL, NULL);
	refuse_bytes(b.p, b.len, "sheet 收费标准's part xl/worksheets/"
	    "sheet1.xml is missing", "a sheet whose part is missing");

	book1(&b, NULL, "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", NULL,
	    NULL);
	refuse_bytes(b.p, b.len / 2, "is damaged: it starts as a zip file",
	    "half a workbook");
	{
		/* A flipped byte in the middle of a part's data. */
		struct buf	 copy = { 0 };
		const char	*p;

		buf_put(&copy, b.p, b.len);
		p = find(copy.p, copy.len, "PK\003\004");
		while (p != NULL && memcmp(p + 30, "xl/worksheets/sheet1.xml",
		    24) != 0)
			p = find(p + 1, copy.len - (size_t)(p + 1 - copy.p),
			    "PK\003\004");
		if (p != NULL) {
			copy.p[p - copy.p + 30 + 24 + 20] ^= 0x55;
			refuse_bytes(copy.p, copy.len, "is damaged",
			    "a workbook with a corrupt part");
		} else
			tap(0, "the sheet's local header is found");
		buf_free(&copy);
	}

	/* A zip whose workbook part is encrypted (zip's own encryption). */
	{
		const struct part p[] = {
			{ "_rels/.rels", root_rels, 0 },
			{ "xl/workbook.xml", one_sheet, 0 },
		};

		zip_build(&b, p, 2, NULL, NULL, "secret");
		refuse_bytes(b.p, b.len, "is password-protected",
		    "a zip with an encrypted entry");
	}
	buf_free(&b);
}

/* Patches the uncompressed size of every header of part to size. */
static int
lie_about_size(struct buf *zip, const char *part, uint32_t size)
{
	size_t	 i, n = strlen(part), found = 0;
	unsigned char *p = (unsigned char *)zip->p;

	for (i = 0; i + 46 + n <= zip->len; i++) {
		if (memcmp(p + i, "PK\003\004", 4) == 0 &&
		    memcmp(p + i + 30, part, n) == 0) {
			memcpy(p + i + 22, &size, 4);	/* little-endian */
			found++;
		} else if (memcmp(p + i, "PK\001\002", 4) == 0 &&
		    memcmp(p + i + 46, part, n) == 0) {
			memcpy(p + i + 24, &size, 4);
			found++;
		}
	}
	return found == 2 ? 0 : -1;
}

static void
test_limits(void)
{
	struct xlsx_limits lim = { 1024 * 1024, 2, 5 };
	struct spaces	 bomb;
	struct buf	 b = { 0 }, data = { 0 };
	struct result	 res;
	const struct part parts[] = {
		{ "_rels/.rels", root_rels, 0 },
		{ "xl/workbook.xml", one_sheet, 0 },
		{ "xl/_rels/workbook.xml.rels", book_rels, 0 },
	};
	int		 i;

	/* 300 MiB of spaces in a sheet, a few hundred KiB zipped. */
	memset(&bomb, 0, sizeof(bomb));
	bomb.head = "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>";
	bomb.tail = "</sheetData></worksheet>";
	bomb.len = (zip_uint64_t)300 * 1024 * 1024;
	zip_build(&b, parts, 3, "xl/worksheets/sheet1.xml", &bomb, NULL);
	tap(b.len < 2 * 1024 * 1024, "the zip bomb is %zu KiB", b.len / 1024);
	rd(&res, &b);
	refused(&res, "is refused: it unpacks to more than 256 MiB",
	    "a sheet of 300 MiB");
	res_free(&res);

	/* The same, 2 MiB, its headers saying 100 bytes: what is read is
	 * counted, not what the zip says. */
	bomb.len = 2 * 1024 * 1024;
	zip_build(&b, parts, 3, "xl/worksheets/sheet1.xml", &bomb, NULL);
	if (lie_about_size(&b, "xl/worksheets/sheet1.xml", 100) == 0) {
		rd_limits(&res, "book.xlsx", b.p, b.len, &lim);
		tap(res.rc == -1 && res.diags.n == 1, "a zip lying about its "
		    "sizes is refused: %s", msg(&res));
		res_free(&res);
	} else
		tap(0, "the zip's headers are found to patch");

	/* Past a lowered limit, with honest sizes. */
	bomb.len = 2 * 1024 * 1024;
	zip_build(&b, parts, 3, "xl/worksheets/sheet1.xml", &bomb, NULL);
	rd_limits(&res, "book.xlsx", b.p, b.len, &lim);
	refused(&res, "unpacks to more than 1 MiB", "2 MiB past a 1 MiB limit");
	res_free(&res);
	lim.max_bytes = 100000;
	rd_limits(&res, "book.xlsx", b.p, b.len, &lim);
	refused(&res, "unpacks to more than 100,000 bytes", "a limit in bytes");
	res_free(&res);
	lim.max_bytes = XLSX_MAX_BYTES;

	/* Cells and sheets. */
	buf_puts(&data, "<row r=\"1\">");
	for (i = 1; i <= 6; i++)
		buf_printf(&data, "<c><v>%d</v></c>", i);
	buf_puts(&data, "</row>");
	book1(&b, NULL, data.p, NULL, NULL);
	rd_limits(&res, "book.xlsx", b.p, b.len, &lim);
	refused(&res, "it has more than 5 cells", "6 cells past a limit of 5");
	res_free(&res);
	book1(&b, NULL, "<row r=\"1\"><c><v>1</v></c><c><v>2</v></c><c><v>3"
	    "</v></c><c><v>4</v></c><c><v>5</v></c></row>", NULL, NULL);
	rd_limits(&res, "book.xlsx", b.p, b.len, &lim);
	tap(res.rc == 0 && res.book.sheets[0].n == 5, "5 cells within a "
	    "limit of 5");
	res_free(&res);
	book1(&b, "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
	    "<sheets><sheet name=\"a\" r:id=\"rId1\"/><sheet name=\"b\" "
	    "r:id=\"rId1\"/><sheet name=\"c\" r:id=\"rId1\"/></sheets>"
	    "</workbook>", "", NULL, NULL);
	rd_limits(&res, "book.xlsx", b.p, b.len, &lim);
	refused(&res, "it has more than 2 sheets", "3 sheets past a limit "
	    "of 2");
	res_free(&res);
	buf_free(&data);
	buf_free(&b);
}

/* ---------------------------------------------------------------- */
/* The helpers */

static void
name_is(unsigned row, unsigned col, const char *want)
{
	char	 out[16];

	cell_name(row, col, out);
	tap(strcmp(out, want) == 0, "cell_name(%u, %u) is %s (got %s)",
	    row, col, want, out);
}

static void
serial_is(const char *text, int date1904, int y, int m, int d)
{
	int	 gy = 0, gm = 0, gd = 0;
	int	 rc = xlsx_serial_date(text, date1904, &gy, &gm, &gd);

	tap(rc == 0 && gy == y && gm == m && gd == d, "serial %s (%s) is "
	    "%04d-%02d-%02d (got %d: %04d-%02d-%02d)", text, date1904 ?
	    "1904" : "1900", y, m, d, rc, gy, gm, gd);
}

static void
serial_bad(const char *text, int date1904, const char *why)
{
	int	 y, m, d;

	tap(xlsx_serial_date(text, date1904, &y, &m, &d) == -1,
	    "serial %s (%s) is no date: %s", text, date1904 ? "1904" : "1900",
	    why);
}

static void
test_helpers(void)
{
	name_is(1, 1, "A1");
	name_is(12, 3, "C12");
	name_is(7, 26, "Z7");
	name_is(7, 27, "AA7");
	name_is(1, 702, "ZZ1");
	name_is(1, 703, "AAA1");
	name_is(1048576, 16384, "XFD1048576");
	name_is(1, 0, "?1");
	name_is(4294967295u, 4294967295u, "?4294967295");

	serial_is("1", 0, 1900, 1, 1);
	serial_is("59", 0, 1900, 2, 28);
	serial_bad("60", 0, "1900-02-29 never was");
	serial_is("61", 0, 1900, 3, 1);
	serial_is("45626", 0, 2024, 11, 30);
	serial_is("45627", 0, 2024, 12, 1);
	serial_is("45627.0", 0, 2024, 12, 1);
	serial_is("4.5627E4", 0, 2024, 12, 1);
	serial_is("4562700E-2", 0, 2024, 12, 1);
	serial_is("2958465", 0, 9999, 12, 31);
	serial_bad("2958466", 0, "past 9999-12-31");
	serial_bad("0", 0, "Excel's 1900-01-00");
	serial_bad("45627.5", 0, "noon is a time, not a day");
	serial_bad("0.35000000000000003", 0, "a fraction");
	serial_bad("-1", 0, "negative");
	serial_bad("", 0, "empty");
	serial_bad("1e400", 0, "huge");
	serial_bad("abc", 0, "not a number");
	serial_is("0", 1, 1904, 1, 1);
	serial_is("-0", 1, 1904, 1, 1);
	serial_is("44164", 1, 2024, 11, 30);
	serial_is("60", 1, 1904, 3, 1);
	serial_is("2957003", 1, 9999, 12, 31);
	serial_bad("2957004", 1, "past 9999-12-31");
}

int
main(void)
{
	test_helpers();
	test_openpyxl();
	test_libreoffice();
	test_values();
	test_dates();
	test_positions();
	test_packages();
	test_hostile_xml();
	test_not_xlsx();
	test_limits();
	return 0;
}
