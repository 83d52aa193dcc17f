/* Collecting, sorting and printing diagnostics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "escape.h"

void
diag_vadd(struct diags *d, const char *file, unsigned line, unsigned col,
    enum severity sev, const char *fmt, va_list ap)
{
	struct buf	 b = { 0 };
	struct diag	*x;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	buf_vprintf(&b, fmt, ap);
	x = &d->v[d->n];
	x->file = file;
	x->line = line ? line : 1;
	x->col = col ? col : 1;
	x->sev = sev;
	x->msg = buf_detach(&b);
	x->seq = d->n++;
	if (sev == SEV_ERROR)
		d->nerrors++;
	else
		d->nwarnings++;
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

/* Appends from's diagnostics in their order; from is left empty. */
void
diag_merge(struct diags *into, struct diags *from)
{
	size_t	 i;

	for (i = 0; i < from->n; i++) {
		if (into->n == into->cap) {
			into->cap = into->cap ? into->cap * 2 : 32;
			into->v = xrealloc(into->v, into->cap * sizeof(*into->v));
		}
		into->v[into->n] = from->v[i];
		into->v[into->n].seq = into->n;
		into->n++;
	}
	into->nerrors += from->nerrors;
	into->nwarnings += from->nwarnings;
	free(from->v);
	memset(from, 0, sizeof(*from));
}

static int
diag_cmp(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int	 c;

	if ((c = strcmp(a->file, b->file)) != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
diag_sort(struct diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), diag_cmp);
}

/*
 * Returns -1 when the stream could not be written.  File names and
 * messages go through the terminal escaper: a file named with an
 * escape sequence must not reach the terminal as one, and a line break
 * in a name must not split one diagnostic into two.
 */
int
diag_print(const struct diags *d, FILE *f)
{
	struct buf	 line = { 0 };
	size_t		 i;
	int		 rc;

	for (i = 0; i < d->n; i++) {
		buf_truncate(&line, 0);
		esc_term(&line, d->v[i].file, strlen(d->v[i].file));
		buf_printf(&line, ":%u:%u: %s: ", d->v[i].line, d->v[i].col,
		    d->v[i].sev == SEV_ERROR ? "error" : "warning");
		esc_term(&line, d->v[i].msg, strlen(d->v[i].msg));
		buf_putc(&line, '\n');
		fputs(line.p, f);
	}
	buf_free(&line);
	rc = fflush(f) == 0 && !ferror(f) ? 0 : -1;
	return rc;
}

/*
 * Writes text for a person at a terminal: anything in it that could
 * steer the terminal is made visible (esc_term_text).  Every message
 * gongshi prints outside diagnostics goes through here or say().
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

void
say(const char *fmt, ...)
{
	struct buf	 b = { 0 };
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (b.p != NULL)
		term_put(stderr, b.p);
	buf_free(&b);
}

void
diag_free(struct diags *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		free(d->v[i].msg);
	free(d->v);
	memset(d, 0, sizeof(*d));
}
