/*
 * Progress on a terminal (progress.c): one line on standard error,
 * redrawn at most ten times a second, for the person waiting on a long
 * run:
 *
 *	生成网站  4,210/10,000 个小区  42%  每秒 1,530 个  约剩 4 秒
 *
 * main() decides once whether there is anyone to show it to
 * (progress_setup: standard error is a terminal, no --quiet, no
 * GONGSHI_PROGRESS=0); otherwise every call below does nothing, so
 * library code may call them freely, and output files, captured
 * standard error and tests never see a byte of it.  The line is the
 * terminal's, not the run's: there is one per process, which is why
 * the state of what is on screen lives here and not in a context.
 *
 * A stage that takes a while:
 *
 *	struct progress p;
 *
 *	progress_begin(&p, _("building the site"), PROGRESS_COMPOUNDS, n);
 *	for (i = 0; i < n; i++) {
 *		...
 *		progress_step(&p, 1);	(any thread; cheap)
 *	}
 *	progress_end(&p);		(clears the line)
 *
 * Whoever prints to standard error while a line may be shown calls
 * progress_clear() first (main's diagnostic printer does), and the line
 * comes back at the next redraw.
 *
 * For boards --pdf (print.c): progress_begin(&p, _("printing boards"),
 * PROGRESS_BOARDS, nboards), progress_step(&p, 1) as each board's PDF
 * is written, progress_end(&p) before the summary.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* What is counted, for "4,210/10,000 个小区" (ngettext in progress.c). */
enum progress_unit {
	PROGRESS_COMPOUNDS,
	PROGRESS_FILES,
	PROGRESS_ROWS,
	PROGRESS_REVISIONS,
	PROGRESS_BOARDS,
	PROGRESS_PAGES
};

struct progress {
	const char	*label;		/* translated: "生成网站" */
	enum progress_unit unit;
	size_t		 total;		/* 0: not known beforehand */
	atomic_size_t	 done;
	atomic_llong	 next;		/* ns: the earliest next redraw */
	int64_t		 start;		/* ns, CLOCK_MONOTONIC */
	int		 on;		/* shown: progress_setup said so */
};

void	 progress_setup(FILE *, int enabled);
int	 progress_wanted(int quiet);
void	 progress_begin(struct progress *, const char *label,
	    enum progress_unit, size_t total);
void	 progress_step(struct progress *, size_t n);
void	 progress_end(struct progress *);
void	 progress_clear(void);

struct buf;
void	 progress_format(struct buf *, const char *label, enum progress_unit,
	    size_t done, size_t total, int64_t elapsed_ns);

#endif /* !PROGRESS_H */
