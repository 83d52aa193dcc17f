/*
 * The one channel: collecting diagnostics with their places, reports
 * without, and handing them to the caller's emitter.  Writers in
 * several threads may report at once, so adding is serialised.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "escape.h"
#include "i18n.h"

static pthread_mutex_t adding = PTHREAD_MUTEX_INITIALIZER;

static void
keep(struct diags *d, struct diag *x)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	x->seq = d->n;
	d->v[d->n++] = *x;
}

/*
 * Every message is translated here, the one place they all pass: fmt
 * is the English message id, and the translation may take its
 * arguments in another order (%2$s).
 */
static void
add(struct diags *d, const char *file, const char *sheet, unsigned line,
    unsigned col, enum severity sev, const char *fmt, va_list ap)
{
	struct buf	 b = { 0 };
	struct diag	 x;

	buf_vprintf(&b, _(fmt), ap);
	x.file = file;
	x.sheet = sheet;
	x.line = file != NULL && line == 0 ? 1 : line;
	x.col = file != NULL && col == 0 ? 1 : col;
	x.sev = sev;
	x.msg = buf_detach(&b);
	pthread_mutex_lock(&adding);
	if (file == NULL && d->emit != NULL) {
		d->emit(&x, d->emit_arg);	/* a report: out at once */
		free(x.msg);
	} else {
		keep(d, &x);
		if (file != NULL && sev == SEV_ERROR)
			d->nerrors++;
		else if (file != NULL && sev == SEV_WARNING)
			d->nwarnings++;
	}
	pthread_mutex_unlock(&adding);
}

void
diag_vadd(struct diags *d, const char *file, unsigned line, unsigned col,
    enum severity sev, const char *fmt, va_list ap)
{
	add(d, file, NULL, line, col, sev, fmt, ap);
}

/* A diagnostic at a workbook's cell: book.xlsx:收费标准!C12. */
void
diag_add_cell(struct diags *d, const char *file, const char *sheet,
    unsigned row, unsigned col, enum severity sev, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	add(d, file, sheet, row, col, sev, fmt, ap);
	va_end(ap);
}

void
diag_add(struct diags *d, const char *file, unsigned line, unsigned col,
    enum severity sev, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vadd(d, file, line, col, sev, fmt, ap);
	va_end(ap);
}

/* A message without a place: what happened, or why something failed. */
void
report(struct diags *d, enum severity sev, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vadd(d, NULL, 0, 0, sev, fmt, ap);
	va_end(ap);
}

/* Appends from's diagnostics in their order; from is left empty. */
void
diag_merge(struct diags *into, struct diags *from)
{
	size_t	 i;

	for (i = 0; i < from->n; i++)
		keep(into, &from->v[i]);
	into->nerrors += from->nerrors;
	into->nwarnings += from->nwarnings;
	free(from->v);
	memset(from, 0, sizeof(*from));
}

/* By file, line and column; reports (no file) first, as they came. */
static int
diag_cmp(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int	 c;

	if ((a->file == NULL) != (b->file == NULL))
		return a->file == NULL ? -1 : 1;
	if (a->file != NULL && (c = strcmp(a->file, b->file)) != 0)
		return c;
	if ((a->sheet == NULL) != (b->sheet == NULL))
		return a->sheet == NULL ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * Hands every kept diagnostic, sorted, to the emitter, and forgets
 * them; the counts stay for the summary.  Without an emitter they are
 * only sorted and kept.
 */
void
diag_flush(struct diags *d)
{
	size_t	 i;

	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), diag_cmp);
	if (d->emit == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		d->emit(&d->v[i], d->emit_arg);
		free(d->v[i].msg);
	}
	d->n = 0;
}

/*
 * One line as people read it: "path:line:col: error: message" (editors
 * jump to the place; in Chinese "path:line:col: 错误：message"),
 * "gongshi: error: message" for a failure without one, "gongshi:
 * warning: message", or a note as it is.  Names and messages go
 * through the terminal escaper: a file named with an escape sequence
 * must not reach the terminal as one, nor a line break split a line.
 */
void
diag_format(const struct diag *x, struct buf *b)
{
	/* TRANSLATORS: the word before a message, with its separator:
	 * "path:3:7: error: message". */
	static const char *const words[] = { N_("error: "), N_("warning: "),
		N_("note: ") };

	char		 cell[16];

	if (x->file != NULL && x->sheet != NULL) {
		cell_name(x->line, x->col, cell);
		esc_term(b, x->file, strlen(x->file));
		buf_putc(b, ':');
		esc_term(b, x->sheet, strlen(x->sheet));
		buf_printf(b, "!%s: %s", cell, _(words[x->sev]));
		esc_term(b, x->msg, strlen(x->msg));
	} else if (x->file != NULL) {
		esc_term(b, x->file, strlen(x->file));
		buf_printf(b, ":%u:%u: %s", x->line, x->col, _(words[x->sev]));
		esc_term(b, x->msg, strlen(x->msg));
	} else {
		if (x->sev != SEV_NOTE)
			buf_printf(b, "gongshi: %s", _(words[x->sev]));
		esc_term_text(b, x->msg, strlen(x->msg));
	}
	if (b->len == 0 || b->p[b->len - 1] != '\n')
		buf_putc(b, '\n');
}

/*
 * A workbook's cell as a spreadsheet names it: row 12, column 3 ->
 * "C12"; a column past Excel's last (XFD, 16,384), or none, gives "?12".
 */
void
cell_name(unsigned row, unsigned col, char out[16])
{
	char	 letters[4];
	int	 n = 0, i = 0;

	if (col == 0 || col > 16384) {
		snprintf(out, 16, "?%u", row);
		return;
	}
	for (; col > 0; col = (col - 1) / 26)
		letters[n++] = (char)('A' + (col - 1) % 26);
	while (n > 0)
		out[i++] = letters[--n];
	snprintf(out + i, (size_t)(16 - i), "%u", row);
}

/*
 * Writes text for a person at a terminal: anything in it that could
 * steer the terminal is made visible (esc_term_text).
 */
int
term_put(FILE *f, const char *text)
{
	struct buf	 b = { 0 };

	esc_term_text(&b, text, strlen(text));
	if (b.p != NULL)
		fputs(b.p, f);
	buf_free(&b);
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

/* Forgets everything kept; the emitter stays where the caller set it. */
void
diag_free(struct diags *d)
{
	diag_emitter	 emit = d->emit;
	void		*arg = d->emit_arg;
	size_t		 i;

	for (i = 0; i < d->n; i++)
		free(d->v[i].msg);
	free(d->v);
	memset(d, 0, sizeof(*d));
	d->emit = emit;
	d->emit_arg = arg;
}
