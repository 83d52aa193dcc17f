/*
 * Progress on a terminal: one line on standard error, drawn over
 * itself with "\r" and erase-to-end-of-line, and cleared before
 * anything else is printed and at the end of each stage.
 *
 * Steps come from any thread, up to a hundred thousand a run: a step
 * is an atomic add and, only when on, a read of the coarse monotonic
 * clock (a few nanoseconds, no system call); the one thread that moves
 * the next redraw time on (compare and swap) draws, under the lock that
 * also keeps progress_clear() from cutting into a line.
 */
#include <sys/ioctl.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "format.h"
#include "i18n.h"
#include "progress.h"

#define REDRAW_NS	100000000LL	/* ten times a second at most */
#define SETTLE_NS	1000000000LL	/* rate and time left after 1 s */

#ifdef CLOCK_MONOTONIC_COARSE
#define PROGRESS_CLOCK	CLOCK_MONOTONIC_COARSE
#else
#define PROGRESS_CLOCK	CLOCK_MONOTONIC
#endif

/* The terminal: one per process (see progress.h). */
static struct {
	pthread_mutex_t	 lock;
	FILE		*f;
	int		 enabled;
	int		 shown;		/* a line is on screen */
} term = { PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0 };

static int64_t
now_ns(void)
{
	struct timespec	 ts;

	if (clock_gettime(PROGRESS_CLOCK, &ts) == -1)
		return 0;
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Where the line goes (standard error), and whether to draw at all. */
void
progress_setup(FILE *f, int enabled)
{
	pthread_mutex_lock(&term.lock);
	term.f = f;
	term.enabled = f != NULL && enabled;
	pthread_mutex_unlock(&term.lock);
}

/*
 * Whether a person watches standard error: it is a terminal that can
 * erase a line (not TERM=dumb, as in Emacs's shell), not --quiet, and
 * GONGSHI_PROGRESS is not 0 (nor "no" or "off").
 */
int
progress_wanted(int quiet)
{
	const char	*env = getenv("GONGSHI_PROGRESS");
	const char	*term_name = getenv("TERM");

	if (quiet || !isatty(STDERR_FILENO))
		return 0;
	if (term_name != NULL && strcmp(term_name, "dumb") == 0)
		return 0;
	if (env != NULL && (strcmp(env, "0") == 0 || strcmp(env, "no") == 0 ||
	    strcmp(env, "off") == 0))
		return 0;
	return 1;
}

/* "4,210/10,000 compounds", or "4,210 compounds" without a total. */
static void
put_count(struct buf *b, enum progress_unit u, size_t done, size_t total)
{
	struct buf	 d = { 0 }, t = { 0 };
	unsigned long	 n = total > 0 ? total : done;

	format_value(&d, FT_COUNT, (int64_t)done, "", FORM_HUMAN);
	format_value(&t, FT_COUNT, (int64_t)total, "", FORM_HUMAN);
	if (total == 0) {
		switch (u) {
		case PROGRESS_COMPOUNDS:
			buf_printf(b, ngettext("%s compound",
			    "%s compounds", n), d.p);
			break;
		case PROGRESS_FILES:
			buf_printf(b, ngettext("%s file", "%s files", n), d.p);
			break;
		case PROGRESS_ROWS:
			buf_printf(b, ngettext("%s row", "%s rows", n), d.p);
			break;
		case PROGRESS_REVISIONS:
			buf_printf(b, ngettext("%s revision",
			    "%s revisions", n), d.p);
			break;
		case PROGRESS_BOARDS:
			buf_printf(b, ngettext("%s board",
			    "%s boards", n), d.p);
			break;
		case PROGRESS_PAGES:
			buf_printf(b, ngettext("%s page", "%s pages", n), d.p);
			break;
		}
		goto out;
	}
	/* TRANSLATORS: done/total, each already written with separators:
	 * "4,210/10,000 compounds". */
	switch (u) {
	case PROGRESS_COMPOUNDS:
		buf_printf(b, ngettext("%s/%s compound",
		    "%s/%s compounds", n), d.p, t.p);
		break;
	case PROGRESS_FILES:
		buf_printf(b, ngettext("%s/%s file",
		    "%s/%s files", n), d.p, t.p);
		break;
	case PROGRESS_ROWS:
		buf_printf(b, ngettext("%s/%s row", "%s/%s rows", n), d.p, t.p);
		break;
	case PROGRESS_REVISIONS:
		buf_printf(b, ngettext("%s/%s revision",
		    "%s/%s revisions", n), d.p, t.p);
		break;
	case PROGRESS_BOARDS:
		buf_printf(b, ngettext("%s/%s board",
		    "%s/%s boards", n), d.p, t.p);
		break;
	case PROGRESS_PAGES:
		buf_printf(b, ngettext("%s/%s page",
		    "%s/%s pages", n), d.p, t.p);
		break;
	}
out:
	buf_free(&d);
	buf_free(&t);
}

/*
 * "1,530 a second", with the unit's own word where a language has one;
 * below ten a second, in hundredths: "0.66 boards a second".
 */
static void
put_rate(struct buf *b, enum progress_unit u, double rate)
{
	struct buf	 r = { 0 };
	int64_t		 hundredths = (int64_t)(rate * 100);
	unsigned long	 n;

	if (rate >= 10) {
		format_value(&r, FT_COUNT, (int64_t)rate, "", FORM_HUMAN);
		n = (unsigned long)rate;
	} else {
		format_value(&r, FT_DECIMAL, hundredths, "", FORM_HUMAN);
		n = hundredths == 100 ? 1 : 2;
	}
	/* TRANSLATORS: how many are done each second, already written
	 * with separators: "1,530 a second". */
	switch (u) {
	case PROGRESS_COMPOUNDS:
	case PROGRESS_FILES:
	case PROGRESS_REVISIONS:
	case PROGRESS_PAGES:
		buf_printf(b, ngettext("%s a second", "%s a second", n), r.p);
		break;
	case PROGRESS_ROWS:
		buf_printf(b, ngettext("%s row a second",
		    "%s rows a second", n), r.p);
		break;
	case PROGRESS_BOARDS:
		buf_printf(b, ngettext("%s board a second",
		    "%s boards a second", n), r.p);
		break;
	}
	buf_free(&r);
}

/* "about 4 s left", "about 2 min 5 s left", "about 1 h 3 min left". */
static void
put_left(struct buf *b, int64_t s)
{
	struct buf	 t = { 0 };

	if (s < 60)
		buf_printf(&t, _("%d s"), (int)s);
	else if (s < 3600)
		buf_printf(&t, _("%d min %d s"), (int)(s / 60), (int)(s % 60));
	else
		buf_printf(&t, _("%d h %d min"), (int)(s / 3600),
		    (int)(s / 60 % 60));
	/* TRANSLATORS: the time a stage still needs, estimated: "about 4
	 * s left". */
	buf_printf(b, _("about %s left"), t.p);
	buf_free(&t);
}

/* Columns a line takes: Chinese characters two, others one. */
static size_t
columns(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char	 ch = (unsigned char)s[i];

		if ((ch & 0xc0) == 0x80)
			continue;	/* a continuation byte */
		n += ch >= 0xe2 ? 2 : 1;	/* U+2000 and up: wide */
	}
	return n;
}

/*
 * The line for done of total after elapsed_ns, without "\r": the label,
 * the count, the percentage, and after the first second the rate and
 * the time left.  Parts are two spaces apart.
 */
void
progress_format(struct buf *b, const char *label, enum progress_unit u,
    size_t done, size_t total, int64_t elapsed_ns)
{
	double	 rate;

	if (total > 0 && done > total)
		done = total;
	buf_puts(b, label);
	buf_puts(b, "  ");
	put_count(b, u, done, total);
	if (total > 0)
		buf_printf(b, "  %d%%", (int)((double)done * 100 / total));
	if (elapsed_ns < SETTLE_NS || done == 0)
		return;
	rate = (double)done * 1e9 / (double)elapsed_ns;
	buf_puts(b, "  ");
	put_rate(b, u, rate);
	if (total > 0 && done < total) {
		buf_puts(b, "  ");
		put_left(b, (int64_t)((double)(total - done) / rate) + 1);
	}
}

/* Cuts the line after its last part that fits the terminal. */
static void
fit(struct buf *b)
{
	struct winsize	 ws;
	size_t		 width = 80, cut;
	char		*sep;

	if (ioctl(fileno(term.f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		width = ws.ws_col;
	while (b->len > 0 && columns(b->p, b->len) >= width) {
		sep = NULL;
		for (cut = b->len; cut-- > 1;)
			if (b->p[cut] == ' ' && b->p[cut - 1] == ' ') {
				sep = b->p + cut - 1;
				break;
			}
		buf_truncate(b, sep != NULL ? (size_t)(sep - b->p) : 0);
	}
}

/* Draws p's line over the one shown; the caller holds term.lock. */
static void
draw(struct progress *p, int64_t now)
{
	struct buf	 line = { 0 };

	progress_format(&line, p->label, p->unit, atomic_load(&p->done),
	    p->total, now - p->start);
	fit(&line);
	fputs("\r", term.f);
	if (line.p != NULL)
		fputs(line.p, term.f);
	fputs("\033[K", term.f);
	fflush(term.f);
	term.shown = 1;
	buf_free(&line);
}

void
progress_begin(struct progress *p, const char *label, enum progress_unit u,
    size_t total)
{
	memset(p, 0, sizeof(*p));
	p->label = label;
	p->unit = u;
	p->total = total;
	atomic_init(&p->done, 0);
	pthread_mutex_lock(&term.lock);
	p->on = term.enabled;
	if (p->on) {
		p->start = now_ns();
		atomic_init(&p->next, p->start + REDRAW_NS);
		draw(p, p->start);
	}
	pthread_mutex_unlock(&term.lock);
}

void
progress_step(struct progress *p, size_t n)
{
	long long	 next, now;

	if (!p->on)
		return;
	atomic_fetch_add(&p->done, n);
	now = now_ns();
	next = atomic_load(&p->next);
	if (now < next || !atomic_compare_exchange_strong(&p->next, &next,
	    now + REDRAW_NS))
		return;
	pthread_mutex_lock(&term.lock);
	draw(p, now);
	pthread_mutex_unlock(&term.lock);
}

/* Clears the line, so that what follows starts on a clean one. */
void
progress_clear(void)
{
	pthread_mutex_lock(&term.lock);
	if (term.shown) {
		fputs("\r\033[K", term.f);
		fflush(term.f);
		term.shown = 0;
	}
	pthread_mutex_unlock(&term.lock);
}

void
progress_end(struct progress *p)
{
	if (p->on)
		progress_clear();
	p->on = 0;
}
