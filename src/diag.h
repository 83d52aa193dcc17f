/*
 * The one channel library code reports through (diag.c).  A diagnostic
 * has a place (file, line, column): diagnostics are kept, then sorted
 * and handed out together by diag_flush(), so a run reports all of a
 * file's problems in order.  A report has no place (file NULL): it goes
 * out at once when the caller set an emitter (main prints it), else it
 * is kept like the others.  Library code never prints.
 */
#ifndef DIAG_H
#define DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"

/* Exit statuses, as the man page gives them. */
#define EXIT_VALID	0	/* done; the content is valid */
#define EXIT_INVALID	1	/* the content has errors; nothing done */
#define EXIT_USAGE	2	/* bad usage, or a failure to read or write */

enum severity {
	SEV_ERROR,
	SEV_WARNING,
	SEV_NOTE	/* what happened, for the person waiting */
};

struct diag {
	const char	*file;	/* relative to -C DIR, or NULL: a report */
	const char	*sheet;	/* a workbook's sheet: line and col are
				   the cell's row and column */
	unsigned	 line;	/* 1-based */
	unsigned	 col;	/* 1-based, in characters */
	enum severity	 sev;
	char		*msg;	/* owned */
	size_t		 seq;	/* order of reporting, to keep sorting stable */
};



typedef void	(*diag_emitter)(const struct diag *, void *arg);

struct diags {
	struct diag	*v;
	size_t		 n, cap;
	size_t		 nerrors;	/* diagnostics with a place: the */
	size_t		 nwarnings;	/* content's, for the summary */
	diag_emitter	 emit;		/* where reports and flushed */
	void		*emit_arg;	/* diagnostics go; NULL: kept */
};

void	 diag_add(struct diags *, const char *file, unsigned line,
	    unsigned col, enum severity, const char *fmt, ...)
	    PRINTF_LIKE(6, 7);
void	 diag_vadd(struct diags *, const char *file, unsigned line,
	    unsigned col, enum severity, const char *fmt, va_list)
	    PRINTF_LIKE(6, 0);
void	 diag_add_cell(struct diags *, const char *file, const char *sheet,
	    unsigned row, unsigned col, enum severity, const char *fmt, ...)
	    PRINTF_LIKE(7, 8);
void	 report(struct diags *, enum severity, const char *fmt, ...)
	    PRINTF_LIKE(3, 4);
void	 diag_merge(struct diags *into, struct diags *from);
void	 diag_flush(struct diags *);
void	 diag_format(const struct diag *, struct buf *);
void	 cell_name(unsigned row, unsigned col, char out[16]);
int	 term_put(FILE *, const char *);
void	 diag_free(struct diags *);

#endif /* !DIAG_H */
