/*
 * libFuzzer harness: import's cell reading and record editing.
 *
 * The demo city is exported once (LLVMFuzzerInitialize); each input is a
 * list of cell edits to that workbook, as a clerk's program might save
 * them: [sheet][row][column][kind][length][bytes…], repeated.  The kind
 * makes the cell a string, a number (the bytes as the XML would hold it)
 * or a date-formatted number.  The edited workbook is imported against
 * the city in memory.
 *
 * Besides crashes and sanitizer reports, it fails when a record that
 * import would write does not read back as YAML: whatever a clerk
 * types, the records stay readable.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "content.h"
#include "diag.h"
#include "export.h"
#include "import.h"
#include "node.h"
#include "scalar.h"
#include "xlsxread.h"

#include "fuzz.h"

static struct mem_file	*files;
static size_t		 nfiles;
static struct arena	 keep;
static struct xbook	 base;
static int64_t		 today;

/* Reads every file under dir/rel into files[]. */
static void
read_tree(const char *dir, const char *rel)
{
	struct ctx	 c;
	char		**names;
	size_t		 n, i;
	struct buf	 b = { 0 };
	char		*sub;

	ctx_init(&c, dir, 0);
	if (ctx_list(&c, rel, &names, &n) == -1) {
		ctx_free(&c);
		return;
	}
	for (i = 0; i < n; i++) {
		sub = arena_printf(&keep, "%s/%s", rel, names[i]);
		buf_truncate(&b, 0);
		if (ctx_read(&c, sub, 16 << 20, &b) == 0) {
			files = realloc(files, (nfiles + 1) * sizeof(*files));
			memset(&files[nfiles], 0, sizeof(*files));
			files[nfiles].rel = sub;
			files[nfiles].data = arena_strndup(&keep, b.p ? b.p : "",
			    b.len);
			files[nfiles].len = b.len;
			nfiles++;
		} else
			read_tree(dir, sub);
		free(names[i]);
	}
	free(names);
	buf_free(&b);
	ctx_free(&c);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*dir = getenv("GONGSHI_FUZZ_CITY");
	char		 path[] = "/tmp/gongshi-fuzz-import-XXXXXX";
	struct ctx	 c;
	struct buf	 book = { 0 };
	struct diags	 d = { 0 };
	int		 fd;

	(void)argc;
	(void)argv;
	today = days_from_civil(2026, 11, 27);
	read_tree(dir != NULL ? dir : ".", "content");
	read_tree(dir != NULL ? dir : ".", "layouts");
	ctx_init(&c, ".", today);
	if (content_load_memory(&c, files, nfiles) == -1 ||
	    (fd = mkstemp(path)) == -1) {
		fprintf(stderr, "fuzz_import: cannot load the demo city\n");
		exit(2);
	}
	close(fd);
	if (export_workbook(&c, path) == -1 ||
	    buf_read_file(&book, path, 64 << 20) == -1 ||
	    xlsx_read("book.xlsx", book.p, book.len, &keep, &base, &d) == -1) {
		fprintf(stderr, "fuzz_import: cannot export the demo city\n");
		exit(2);
	}
	unlink(path);
	buf_free(&book);
	diag_free(&d);
	ctx_free(&c);
	return 0;
}

static int
cmp_cell(const void *a, const void *b)
{
	const struct xcell *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

/* Puts cell x into sheet s, replacing the one at its place; the base
 * workbook's cells are copied first, never written. */
static void
put_cell(struct arena *a, struct xsheet *s, const struct xcell *x)
{
	struct xcell	*v;
	size_t		 i;

	v = arena_alloc(a, (s->n + 1) * sizeof(*v));
	if (s->n > 0)
		memcpy(v, s->cells, s->n * sizeof(*v));
	s->cells = v;
	for (i = 0; i < s->n; i++)
		if (s->cells[i].row == x->row && s->cells[i].col == x->col) {
			s->cells[i] = *x;
			return;
		}
	v = arena_alloc(a, (s->n + 1) * sizeof(*v));
	memcpy(v, s->cells, s->n * sizeof(*v));
	v[s->n++] = *x;
	qsort(v, s->n, sizeof(*v), cmp_cell);
	s->cells = v;
	if (x->row > s->max_row)
		s->max_row = x->row;
	if (x->col > s->max_col)
		s->max_col = x->col;
}

static void
must_parse(const char *rel, const char *text, size_t len, void *arg)
{
	struct arena	 a = { 0 };
	struct diags	 d = { 0 };

	(void)arg;
	if (yaml_load(rel, text, len, &a, &d) == NULL || d.nerrors > 0) {
		fprintf(stderr, "import wrote a record that is not YAML: %s\n"
		    "%.*s\n", rel, (int)len, text);
		abort();
	}
	arena_free(&a);
	diag_free(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a = { 0 };
	struct xbook	 xb = base;
	struct xsheet	*s;
	struct xcell	 x;
	size_t		 i = 0, len;

	if (base.n == 0)
		return 0;
	xb.sheets = arena_alloc(&a, base.n * sizeof(*xb.sheets));
	memcpy(xb.sheets, base.sheets, base.n * sizeof(*xb.sheets));
	while (i + 5 <= size) {
		s = &xb.sheets[data[i] % xb.n];
		memset(&x, 0, sizeof(x));
		x.row = 1 + data[i + 1] % (s->max_row + 3);
		x.col = 1 + data[i + 2] % (s->max_col + 2);
		x.kind = data[i + 3] % 3 == 0 ? XC_STRING : XC_NUMBER;
		x.is_date = data[i + 3] % 3 == 2;
		len = data[i + 4];
		i += 5;
		if (len > size - i)
			len = size - i;
		x.text = arena_strndup(&a, (const char *)data + i, len);
		x.len = (uint32_t)strlen(x.text);
		i += len;
		put_cell(&a, s, &x);
	}
	import_preview(files, nfiles, &xb, today, must_parse, NULL);
	arena_free(&a);
	return 0;
}
