/*
 * gongshi export: the compound records, all or those of some areas, as
 * one Excel workbook for the clerks who keep them (workbook.c).  Also
 * the workbooks of the site's open data.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "build.h"
#include "commands.h"
#include "content.h"
#include "export.h"
#include "memo.h"
#include "node.h"
#include "output.h"
#include "progress.h"
#include "workbook.h"
#include "gongshi.h"
#include "i18n.h"

/*
 * The site's data workbooks, written by a thread of their own while the
 * pages are rendered (they are most of a build's single-threaded time).
 */
struct data_books {
	struct ctx	 w;		/* the thread's own reader */
	struct output	*out;
	pthread_t	 thread;
	atomic_size_t	 done;		/* compounds looked at, for progress */
	atomic_size_t	 total;		/* how many it will look at */
	atomic_int	 stop;		/* the build failed: give up */
	atomic_int	 finished;
	int		 rc;
};

/* Counts one compound toward bk's progress, or the export's line. */
static int
count_one(struct progress *p, struct data_books *bk)
{
	if (bk == NULL) {
		progress_step(p, 1);
		return 0;
	}
	atomic_fetch_add(&bk->done, 1);
	return atomic_load(&bk->stop) ? -1 : 0;
}

/*
 * Writes the compounds for which pick() says yes (all when pick is
 * NULL) into the workbook at path.  The workbook says it was made at
 * the newest data_as_of among them, so the same records give the same
 * bytes.  Returns the number written, or -1 after saying why.  With
 * bk, it counts there and shows no progress line of its own.
 */
static long
write_compounds(struct ctx *c, const char *path, const char *scope,
    int (*pick)(const struct gs_compound *, void *), void *arg,
    struct data_books *bk, struct memo_print *mp)
{
	struct workbook	*wb;
	const struct gs_compound *cp;
	const struct node *root;
	struct progress	 p;
	size_t		 i;
	int64_t		 newest = 0;
	long		 n = 0;
	int		 failed = 0;

	for (i = 0; i < c->content->ncompounds; i++) {
		cp = c->content->compounds[i];
		if ((pick == NULL || pick(cp, arg)) &&
		    !cp->data_as_of.pos.undisclosed && cp->data_as_of.n > newest)
			newest = cp->data_as_of.n;
	}
	if ((wb = workbook_begin(path, (time_t)newest * 86400, scope,
	    &c->diags)) == NULL)
		return -1;
	if (mp != NULL)
		buf_printf(&mp->b, "newest %lld\n", (long long)newest);
	if (bk == NULL)
		progress_begin(&p, _("exporting records"), PROGRESS_COMPOUNDS,
		    c->content->ncompounds);
	for (i = 0; i < c->content->ncompounds && !failed; i++) {
		cp = c->content->compounds[i];
		if (count_one(&p, bk) == -1) {
			failed = 1;
			break;
		}
		if (pick != NULL && !pick(cp, arg))
			continue;
		if (content_tree(c, cp->path, &root) != 1) {
			failed = 1;
			break;
		}
		if (mp != NULL) {	/* the bytes, by their blob id */
			memo_print_str(mp, cp->path);
			memo_print_bytes(mp, c->file_id, 20);
		}
		if (root == NULL || workbook_add(wb, cp->path, root) == -1)
			failed = 1;
		arena_reset(&c->scratch);
		n++;
	}
	if (bk == NULL)
		progress_end(&p);
	if (failed) {
		diag_flush(&c->diags);
		workbook_abandon(wb);
		return -1;
	}
	return workbook_end(wb) == -1 ? -1 : n;
}

struct area_pick {
	char	**codes;
	size_t	 n;
};

static int
pick_areas(const struct gs_compound *cp, void *arg)
{
	const struct area_pick *a = arg;

	return in_areas(cp, a->codes, a->n);
}

/* A temporary file beside path for libxlsxwriter to write by name. */
static int
temp_beside(const char *path, struct buf *tmp, struct diags *d)
{
	int	 fd;

	if ((fd = tmp_beside(path, 0644, tmp)) == -1) {
		report(d, SEV_ERROR, "%s: cannot write here: %s", path,
		    strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* Passes on what the check says but its warnings, which it counts. */
struct quiet {
	diag_emitter	 emit;
	void		*arg;
	size_t		 dropped;
};

static void
drop_warnings(const struct diag *x, void *arg)
{
	struct quiet	*q = arg;

	if (x->file != NULL && x->sev == SEV_WARNING)
		q->dropped++;
	else
		q->emit(x, q->arg);
}

int
cmd_export(const struct opts *o)
{
	struct ctx	 c;
	struct area_pick pick;
	struct buf	 tmp = { 0 }, scope = { 0 };
	struct stat	 st;
	const char	*path = o->out != NULL ? o->out : "台账.xlsx";
	struct quiet	 quiet;
	size_t		 i;
	long		 n;
	int		 rc;

	ctx_init(&c, o->dir, o->today);
	c.diags.emit = o->emit;
	c.diags.emit_arg = o->emit_arg;
	if (!o->no_cache)
		ctx_keep_trees(&c, o->dir);
	pick.codes = o->args;
	pick.n = o->nargs;

	/* A workbook that is there may hold a clerk's unsaved work. */
	if (!o->force && lstat(path, &st) == 0) {
		report(&c.diags, SEV_ERROR, "%s already exists; give another "
		    "name with -o, or --force to replace it", path);
		ctx_free(&c);
		return EXIT_USAGE;
	}
	/* A clerk asking for a workbook needs the errors that stop it,
	 * not every warning of the city: those are counted. */
	quiet.emit = o->emit;
	quiet.arg = o->emit_arg;
	quiet.dropped = 0;
	c.diags.emit = drop_warnings;
	c.diags.emit_arg = &quiet;
	rc = check_content(&c, 0);
	c.diags.emit = o->emit;
	c.diags.emit_arg = o->emit_arg;
	if (rc != EXIT_VALID) {
		if (rc == EXIT_INVALID)
			report(&c.diags, SEV_ERROR, "nothing exported: correct "
			    "the errors above first");
		ctx_free(&c);
		return rc;
	}
	if (quiet.dropped > 0)
		report(&c.diags, SEV_NOTE, "gongshi check lists the warnings");
	for (i = 0; i < pick.n; i++)
		if (find_area(c.content, pick.codes[i]) == NULL) {
			report(&c.diags, SEV_ERROR, "'%s' is not the code of "
			    "a district, street or community in areas.yaml",
			    pick.codes[i]);
			ctx_free(&c);
			return EXIT_USAGE;
		}
	if (temp_beside(path, &tmp, &c.diags) == -1) {
		ctx_free(&c);
		return EXIT_USAGE;
	}
	for (i = 0; i < pick.n; i++)
		buf_printf(&scope, "%s%s %s", i ? " " : "", pick.codes[i],
		    find_area(c.content, pick.codes[i])->name.s);
	n = write_compounds(&c, tmp.p, pick.n ? scope.p : "全部", pick_areas,
	    &pick, NULL, NULL);
	buf_free(&scope);
	if (n == -1 || rename(tmp.p, path) == -1) {
		if (n != -1)
			report(&c.diags, SEV_ERROR, "%s: %s", path,
			    strerror(errno));
		unlink(tmp.p);
		buf_free(&tmp);
		ctx_free(&c);
		return n == -1 && c.diags.nerrors > 0 ? EXIT_INVALID :
		    EXIT_USAGE;
	}
	report(&c.diags, SEV_NOTE, ngettext("wrote %s: %ld compound",
	    "wrote %s: %ld compounds", (unsigned long)n), path, n);
	buf_free(&tmp);
	ctx_free(&c);
	return EXIT_VALID;
}

/* The whole city's workbook at path, for content already loaded. */
int
export_workbook(struct ctx *c, const char *path)
{
	return write_compounds(c, path, "全部", NULL, NULL, NULL, NULL) == -1 ?
	    -1 : 0;
}

/* The site's data/ workbooks: the city's, and each district's. */

/* Reads the workbook at tmp into the site as rel. */
static int
place(struct output *out, const char *tmp, const char *rel,
    const unsigned char *fp, struct diags *d)
{
	struct buf	 b = { 0 };
	int		 rc;

	if (buf_read_file(&b, tmp, (size_t)1 << 31) == -1) {
		report(d, SEV_ERROR, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	if ((rc = output_file(out, rel, b.p, b.len)) != -1 && fp != NULL)
		memo_put(out->memo, rel, fp, b.p, b.len);
	buf_free(&b);
	return rc;
}

static int
pick_scope(const struct gs_compound *cp, void *arg)
{
	const char *scope = arg;

	return strcmp(scope, "全部") == 0 || in_area(cp, scope);
}

/*
 * What the workbook rel of scope is made from, for the page memo: the
 * records it holds, path and blob id, as write_compounds() reads them
 * and feeds them to its own print.  -1 when a record cannot be read.
 */
static int
book_print(struct ctx *c, const struct memo *m, const char *rel,
    const char *scope, unsigned char fp[MEMO_FP])
{
	const struct gs_compound *cp;
	struct memo_print p;
	unsigned char	 id[20];
	size_t		 i;
	int64_t		 newest = 0;

	memo_print_begin(&p, m, "workbook", rel);
	memo_print_str(&p, scope);
	for (i = 0; i < c->content->ncompounds; i++) {
		cp = c->content->compounds[i];
		if (pick_scope(cp, (void *)scope) &&
		    !cp->data_as_of.pos.undisclosed && cp->data_as_of.n > newest)
			newest = cp->data_as_of.n;
	}
	buf_printf(&p.b, "newest %lld\n", (long long)newest);
	for (i = 0; i < c->content->ncompounds; i++) {
		cp = c->content->compounds[i];
		if (!pick_scope(cp, (void *)scope))
			continue;
		if (content_blob_id(c, cp->path, id) != 1) {
			memo_print_end(&p, fp);
			return -1;
		}
		memo_print_str(&p, cp->path);
		memo_print_bytes(&p, id, sizeof(id));
	}
	memo_print_end(&p, fp);
	return 0;
}

/*
 * Writes the workbook of scope (a district's code, or 全部) as rel;
 * or keeps the site's, when the memo knows it was made from the same
 * records and the site still has it.
 */
static int
write_book(struct ctx *c, struct output *out, const char *tmp,
    const char *rel, const char *scope, struct data_books *bk)
{
	struct memo_print p, *mp = NULL;
	unsigned char	 fp[MEMO_FP];
	const unsigned char *blob;

	if (out->memo != NULL &&
	    book_print(c, out->memo, rel, scope, fp) == 0 &&
	    (blob = memo_blob(out->memo, rel, fp)) != NULL &&
	    output_reuse(out, rel, blob) == 1) {
		memo_carry(out->memo, rel, fp, blob);
		if (bk != NULL)
			atomic_fetch_add(&bk->done, c->content->ncompounds);
		return 0;
	}
	if (out->memo != NULL) {	/* the print of what it is made of */
		mp = &p;
		memo_print_begin(mp, out->memo, "workbook", rel);
		memo_print_str(mp, scope);
	}
	if (write_compounds(c, tmp, scope, pick_scope, (void *)scope, bk,
	    mp) == -1) {
		if (mp != NULL)
			memo_print_end(mp, fp);
		return -1;
	}
	if (mp != NULL)
		memo_print_end(mp, fp);
	if (place(out, tmp, rel, mp != NULL ? fp : NULL, out->d) == -1)
		return -1;
	return 0;	/* written, or kept as it was (output_file's 1) */
}

/*
 * One after the other, not one thread per core: libxlsxwriter names
 * its temporary files through rand(), and stamps each workbook through
 * gmtime(), whose answer threads share (workbook_close_one() keeps
 * closings apart, as the supervision's workbooks close too).
 */
static int
write_books(struct ctx *c, struct output *out, struct data_books *bk)
{
	struct buf	 tmp = { 0 }, name = { 0 };
	const struct gs_area *a;
	const char	*dir = getenv("TMPDIR");
	size_t		 i, k, nbooks = 0;
	int		 rc = 0;

	buf_printf(&name, "%s/gongshi-data.xlsx", dir != NULL && *dir != '\0' ?
	    dir : "/tmp");
	if (temp_beside(name.p, &tmp, out->d) == -1) {
		buf_free(&name);
		return -1;
	}
	/* The city in one workbook while it opens in a spreadsheet at
	 * ease; beyond that, the districts' workbooks say it all. */
	if (c->content->ncompounds <= CITY_WORKBOOK_MAX)
		nbooks++;
	nbooks += c->content->districts.n;
	if (bk != NULL)
		atomic_store(&bk->total, nbooks * c->content->ncompounds);
	if (c->content->ncompounds <= CITY_WORKBOOK_MAX)
		rc = write_book(c, out, tmp.p, "data/compounds.xlsx", "全部",
		    bk);
	for (i = 0; i < c->content->districts.n && rc == 0; i++) {
		a = (const struct gs_area *)c->content->districts.v + i;
		for (k = 0; a->code.s != NULL && k < c->content->ncompounds &&
		    !in_area(c->content->compounds[k], a->code.s); k++)
			;
		if (a->code.s == NULL || k == c->content->ncompounds) {
			/* no compounds, no workbook */
			if (bk != NULL)
				atomic_fetch_add(&bk->done,
				    c->content->ncompounds);
			continue;
		}
		buf_truncate(&name, 0);
		buf_printf(&name, "data/districts/%s.xlsx", a->code.s);
		rc = write_book(c, out, tmp.p, name.p, a->code.s, bk);
	}
	unlink(tmp.p);
	buf_free(&tmp);
	buf_free(&name);
	return rc;
}

static void *
books_thread(void *arg)
{
	struct data_books *bk = arg;

	bk->rc = write_books(&bk->w, bk->out, bk);
	atomic_store(&bk->finished, 1);
	return NULL;
}

/*
 * Starts writing the data workbooks of the content in c into out, on a
 * thread of its own, which reads the records with a context of its own;
 * c->content must not change until data_books_finish().  Returns NULL
 * when no thread could start: data_books_finish() then writes them.
 */
struct data_books *
data_books_start(struct ctx *c, struct output *out)
{
	struct data_books *bk = xcalloc(1, sizeof(*bk));

	ctx_worker(&bk->w, c);
	bk->w.content = c->content;
	bk->out = out;
	atomic_init(&bk->done, 0);
	atomic_init(&bk->total, 0);
	atomic_init(&bk->stop, 0);
	atomic_init(&bk->finished, 0);
	if (pthread_create(&bk->thread, NULL, books_thread, bk) != 0) {
		ctx_free(&bk->w);
		free(bk);
		return NULL;
	}
	return bk;
}

/*
 * Waits for the workbooks started by data_books_start() (bk; NULL when
 * none were), showing how far they are while it waits, or writes them
 * now when bk is NULL and ok.  With ok 0 the build has failed: the
 * thread stops early and nothing is written.  Its diagnostics join
 * c's.  Returns -1 when the workbooks failed (or ok was 0).
 */
int
data_books_finish(struct data_books *bk, struct ctx *c, struct output *out,
    int ok)
{
	struct progress	 p;
	struct timespec	 nap = { 0, 50 * 1000 * 1000 };
	size_t		 shown = 0, now;
	int		 rc;

	if (bk == NULL)
		return ok ? write_books(c, out, NULL) : -1;
	if (!ok)
		atomic_store(&bk->stop, 1);
	else if (!atomic_load(&bk->finished)) {
		progress_begin(&p, _("exporting records"), PROGRESS_COMPOUNDS,
		    atomic_load(&bk->total));
		while (!atomic_load(&bk->finished)) {
			now = atomic_load(&bk->done);
			if (now > shown)
				progress_step(&p, now - shown);
			shown = now > shown ? now : shown;
			nanosleep(&nap, NULL);
		}
		progress_end(&p);
	}
	pthread_join(bk->thread, NULL);
	rc = ok ? bk->rc : -1;
	diag_merge(&c->diags, &bk->w.diags);
	ctx_free(&bk->w);
	free(bk);
	return rc;
}
