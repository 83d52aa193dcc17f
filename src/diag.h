/* Diagnostics, and what reaches the terminal (diag.c). */
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

/*
 * Diagnostics: every problem is collected with its place, then all are
 * sorted and printed as "path:line:col: error: message".
 */
enum severity {
	SEV_ERROR,
	SEV_WARNING
};

struct diag {
	const char	*file;	/* relative to -C DIR; owned by the caller */
	unsigned	 line;	/* 1-based */
	unsigned	 col;	/* 1-based, in characters */
	enum severity	 sev;
	char		*msg;	/* owned */
	size_t		 seq;	/* order of reporting, to keep sorting stable */
};

struct diags {
	struct diag	*v;
	size_t		 n, cap;
	size_t		 nerrors;
	size_t		 nwarnings;
};

void	 diag_add(struct diags *, const char *file, unsigned line,
	    unsigned col, enum severity, const char *fmt, ...)
	    PRINTF_LIKE(6, 7);
void	 diag_vadd(struct diags *, const char *file, unsigned line,
	    unsigned col, enum severity, const char *fmt, va_list)
	    PRINTF_LIKE(6, 0);
void	 diag_merge(struct diags *into, struct diags *from);
void	 diag_sort(struct diags *);
int	 diag_print(const struct diags *, FILE *);
int	 term_put(FILE *, const char *);
void	 say(const char *, ...) PRINTF_LIKE(1, 2);
void	 diag_free(struct diags *);

#endif /* !DIAG_H */
