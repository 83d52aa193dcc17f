/*
 * Unit tests for the progress line's text (progress.c): count, share,
 * rate and time left, as a person reads them, and nothing drawn when
 * progress_setup() did not turn it on.  The messages are their English
 * ids here (no i18n_init); tests/progress.test.sh sees the Chinese.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "progress.h"

#include "tap.h"

#define SEC	1000000000LL

static void
line_is(const char *what, const char *label, enum progress_unit u,
    size_t done, size_t total, long long elapsed, const char *want)
{
	struct buf	 b = { 0 };
	const char	*got;

	progress_format(&b, label, u, done, total, elapsed);
	got = b.p != NULL ? b.p : "";
	tap(strcmp(got, want) == 0, "progress: %s", what);
	if (strcmp(got, want) != 0) {
		tap_visible("got", got, strlen(got));
		tap_visible("want", want, strlen(want));
	}
	buf_free(&b);
}

int
main(void)
{
	struct progress	 p;
	const char	*want;
	char		*text = NULL;
	size_t		 len = 0;
	FILE		*f;
	int		 pass;

	line_is("the start: count and share only", "building the site",
	    PROGRESS_COMPOUNDS, 0, 10000, 0,
	    "building the site  0/10,000 compounds  0%");
	line_is("within the first second: no rate yet", "reading records",
	    PROGRESS_COMPOUNDS, 900, 10000, SEC / 2,
	    "reading records  900/10,000 compounds  9%");
	/* 4,210 in 2.7516 s: 1,530 a second; 5,790 left: 3.8 s, said 4. */
	line_is("mid-way: rate and time left", "building the site",
	    PROGRESS_COMPOUNDS, 4210, 10000, 2751600000LL,
	    "building the site  4,210/10,000 compounds  42%  1,530 a second"
	    "  about 4 s left");
	line_is("minutes left", "comparing rows", PROGRESS_ROWS, 1000,
	    100000, 10 * SEC, "comparing rows  1,000/100,000 rows  1%  100 "
	    "rows a second  about 16 min 31 s left");
	line_is("hours left", "printing boards", PROGRESS_BOARDS, 10, 10000,
	    10 * SEC, "printing boards  10/10,000 boards  0%  1 board a "
	    "second  about 2 h 46 min left");
	line_is("done: no time left", "checking records", PROGRESS_COMPOUNDS,
	    1, 1, 2 * SEC, "checking records  1/1 compound  100%  0.5 a "
	    "second");
	line_is("slow steps: a rate below one, and the time left",
	    "printing boards", PROGRESS_BOARDS, 2, 20, 3 * SEC,
	    "printing boards  2/20 boards  10%  0.66 boards a second  "
	    "about 28 s left");
	line_is("more steps than the total are shown as the total",
	    "checking records", PROGRESS_COMPOUNDS, 12, 10, 0,
	    "checking records  10/10 compounds  100%");
	line_is("no total known: the count and rate", "reading history",
	    PROGRESS_REVISIONS, 1234, 0, 2 * SEC,
	    "reading history  1,234 revisions  617 a second");

	/* Off (the default, and whenever main says no one watches):
	 * steps are counted nowhere and nothing is written. */
	if ((f = open_memstream(&text, &len)) == NULL)
		return 1;
	progress_setup(f, 0);
	progress_begin(&p, "building the site", PROGRESS_COMPOUNDS, 10);
	progress_step(&p, 5);
	progress_end(&p);
	progress_clear();
	fflush(f);
	tap(len == 0, "progress: nothing is written when it is off");

	/* On: the first line at once, cleared at the end. */
	progress_setup(f, 1);
	progress_begin(&p, "building the site", PROGRESS_COMPOUNDS, 10);
	progress_step(&p, 5);
	progress_end(&p);
	fflush(f);
	want = "\rbuilding the site  0/10 compounds  0%\033[K";
	pass = len > strlen(want) && strncmp(text, want, strlen(want)) == 0 &&
	    memcmp(text + len - 4, "\r\033[K", 4) == 0;
	tap(pass, "progress: when on, drawn at the start and cleared at the "
	    "end");
	if (!pass)
		tap_visible("written", text, len);
	progress_setup(NULL, 0);
	fclose(f);
	free(text);
	return 0;
}
