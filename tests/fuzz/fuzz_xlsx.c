/*
 * libFuzzer harness: the xlsx reader.  The input is a workbook's bytes,
 * or, when it starts with '<', the XML of a sheet, which the harness
 * packs (with libzip, stored, CRC and all) into a workbook that also
 * has shared strings and date styles: a mutated part of a real zip
 * fails its CRC check when it ends, so without this the fuzzer would
 * seldom see a sheet read to the end.
 *
 * Besides crashes, hangs and sanitizer reports, it fails when a read
 * breaks what xlsxread.h promises: a refusal is exactly one error with
 * the file's name and a valid UTF-8 message, and leaves no sheets; a
 * read has no diagnostics, and every sheet is named, its cells sorted,
 * each once, within Excel's rows and columns, each text NUL-terminated
 * at its length and valid UTF-8, and each found by xsheet_cell().
 *
 * Unpacking is limited to 8 MiB instead of 256 so that a zip bomb the
 * fuzzer builds costs milliseconds, not seconds; the code is the same.
 * The seeds in tests/fuzz/xlsx/ keep their parts stored, not deflated,
 * so mutations reach the XML.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "arena.h"
#include "diag.h"
#include "scalar.h"
#include "xlsxread.h"

#include "fuzz.h"

static int
valid_utf8(const char *s, size_t n)
{
	uint32_t cp;
	size_t	 k;

	for (; n > 0; s += k, n -= k)
		if ((k = utf8_len((const unsigned char *)s, n, &cp)) == 0)
			return 0;
	return 1;
}

static void
broken(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_xlsx: %s%s%s\n", what, detail ? ": " : "",
	    detail ? detail : "");
	abort();
}

static void
check_refusal(const struct xbook *book, const struct diags *d)
{
	if (d->n != 1)
		broken("a refusal without exactly one diagnostic", NULL);
	if (d->v[0].file == NULL || strcmp(d->v[0].file, "fuzz.xlsx") != 0 ||
	    d->v[0].sev != SEV_ERROR)
		broken("a refusal that is no error on the file", d->v[0].msg);
	if (d->v[0].msg == NULL ||
	    !valid_utf8(d->v[0].msg, strlen(d->v[0].msg)))
		broken("a message that is not UTF-8", NULL);
	if (book->n != 0 || book->sheets != NULL)
		broken("a refusal that left sheets", NULL);
}

static void
check_sheet(const struct xsheet *sh, int date1904)
{
	const struct xcell *c, *prev = NULL;
	unsigned	 max_row = 0, max_col = 0;
	int		 y, m, d;
	size_t		 i;

	if (sh->name == NULL || !valid_utf8(sh->name, strlen(sh->name)))
		broken("a sheet without a UTF-8 name", NULL);
	for (i = 0; i < sh->n; i++, prev = c) {
		c = &sh->cells[i];
		if (c->row < 1 || c->row > XLSX_MAX_ROW || c->col < 1 ||
		    c->col > XLSX_MAX_COL || c->kind > XC_ERROR)
			broken("a cell out of range", sh->name);
		if (prev != NULL && (prev->row > c->row ||
		    (prev->row == c->row && prev->col >= c->col)))
			broken("cells out of order", sh->name);
		if (c->len == 0 || c->text[c->len] != '\0' ||
		    strlen(c->text) != c->len || !valid_utf8(c->text, c->len))
			broken("a cell's text is not what it says", c->text);
		if (xsheet_cell(sh, c->row, c->col) != c)
			broken("xsheet_cell does not find a cell", sh->name);
		if (c->kind == XC_NUMBER)
			(void)xlsx_serial_date(c->text, date1904, &y, &m, &d);
		max_row = c->row > max_row ? c->row : max_row;
		max_col = c->col > max_col ? c->col : max_col;
	}
	if (max_row != sh->max_row || max_col != sh->max_col)
		broken("max_row or max_col is wrong", sh->name);
}

#define NS_MAIN	"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL	"http://schemas.openxmlformats.org/officeDocument/2006/" \
		"relationships"

static const char *const parts[][2] = {
	{ "_rels/.rels", "<Relationships xmlns=\"http://schemas."
	    "openxmlformats.org/package/2006/relationships\"><Relationship "
	    "Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" "
	    "Target=\"xl/workbook.xml\"/></Relationships>" },
	{ "xl/workbook.xml", "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\""
	    NS_REL "\"><sheets><sheet name=\"收费标准\" sheetId=\"1\" "
	    "r:id=\"rId1\"/></sheets></workbook>" },
	{ "xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://"
	    "schemas.openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" "
	    "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
	    "Type=\"" NS_REL "/styles\" Target=\"styles.xml\"/>"
	    "<Relationship Id=\"rId3\" Type=\"" NS_REL "/sharedStrings\" "
	    "Target=\"sharedStrings.xml\"/></Relationships>" },
	{ "xl/styles.xml", "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts>"
	    "<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m\"/>"
	    "</numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
	    "<xf numFmtId=\"164\"/><xf numFmtId=\"4\"/></cellXfs>"
	    "</styleSheet>" },
	{ "xl/sharedStrings.xml", "<sst xmlns=\"" NS_MAIN "\"><si><t>甲</t>"
	    "</si><si><r><t>a_x000D_</t></r><rPh><t>b</t></rPh></si><si/>"
	    "</sst>" },
};

#define NPARTS	(sizeof(parts) / sizeof(parts[0]))

/* The sheet XML in data, packed into a workbook in out. */
static void
pack_sheet(struct buf *out, const uint8_t *data, size_t size)
{
	zip_source_t	*mem, *src;
	zip_stat_t	 st;
	zip_t		*za;
	zip_int64_t	 idx, got;
	const char	*name, *text;
	size_t		 i, len;

	if ((mem = zip_source_buffer_create(NULL, 0, 0, NULL)) == NULL ||
	    (za = zip_open_from_source(mem, ZIP_TRUNCATE, NULL)) == NULL)
		abort();
	zip_source_keep(mem);
	for (i = 0; i <= NPARTS; i++) {
		name = i < NPARTS ? parts[i][0] : "xl/worksheets/sheet1.xml";
		text = i < NPARTS ? parts[i][1] : (const char *)data;
		len = i < NPARTS ? strlen(parts[i][1]) : size;
		if ((src = zip_source_buffer(za, text, len, 0)) == NULL ||
		    (idx = zip_file_add(za, name, src, 0)) < 0 ||
		    zip_set_file_compression(za, (zip_uint64_t)idx,
		    ZIP_CM_STORE, 0) == -1)
			abort();
	}
	if (zip_close(za) == -1 || zip_source_stat(mem, &st) == -1 ||
	    zip_source_open(mem) == -1)
		abort();
	buf_grow(out, (size_t)st.size);
	if ((got = zip_source_read(mem, out->p, st.size)) < 0)
		abort();
	out->len = (size_t)got;
	zip_source_close(mem);
	zip_source_free(mem);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct xlsx_limits lim = {
		8 * 1024 * 1024, XLSX_MAX_SHEETS, XLSX_MAX_CELLS
	};
	struct arena	 arena = { 0 };
	struct diags	 diags;
	struct xbook	 book;
	struct buf	 packed = { 0 };
	size_t		 i;

	if (size > 0 && data[0] == '<') {
		pack_sheet(&packed, data, size);
		data = (const uint8_t *)packed.p;
		size = packed.len;
	}
	memset(&diags, 0, sizeof(diags));
	if (xlsx_read_limits("fuzz.xlsx", data, size, &arena, &book, &diags,
	    &lim) == -1)
		check_refusal(&book, &diags);
	else {
		if (diags.n != 0)
			broken("a read with diagnostics", diags.v[0].msg);
		for (i = 0; i < book.n; i++)
			check_sheet(&book.sheets[i], book.date1904);
	}
	arena_free(&arena);
	diag_free(&diags);
	buf_free(&packed);
	return 0;
}
