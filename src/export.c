/*
 * gongshi export: the compound records, all or those of some areas, as
 * one Excel workbook for the clerks who keep them (workbook.c).  Also
 * the workbooks of the site's open data.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "build.h"
#include "commands.h"
#include "content.h"
#include "export.h"
#include "node.h"
#include "output.h"
#include "progress.h"
#include "workbook.h"
#include "gongshi.h"
#include "i18n.h"

/*
 * Writes the compounds for which pick() says yes (all when pick is
 * NULL) into the workbook at path.  The workbook says it was made at
 * the newest data_as_of among them, so the same records give the same
 * bytes.  Returns the number written, or -1 after saying why.
 */
static long
write_compounds(struct ctx *c, const char *path, const char *scope,
    int (*pick)(const struct gs_compound *, void *), void *arg)
{
	struct workbook	*wb;
	const struct gs_compound *cp;
	const struct node *root;
	const char	*data;
	struct progress	 p;
	size_t		 i, len;
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
	progress_begin(&p, _("exporting records"), PROGRESS_COMPOUNDS,
	    c->content->ncompounds);
	for (i = 0; i < c->content->ncompounds && !failed; i++) {
		cp = c->content->compounds[i];
		progress_step(&p, 1);
		if (pick != NULL && !pick(cp, arg))
			continue;
		if (read_content_file(c, cp->path, &data, &len) != 1) {
			failed = 1;
			break;
		}
		root = yaml_load(cp->path, data, len, &c->scratch, &c->diags);
		if (root == NULL || workbook_add(wb, cp->path, root) == -1)
			failed = 1;
		arena_reset(&c->scratch);
		n++;
	}
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
	    &pick);
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
	return write_compounds(c, path, "全部", NULL, NULL) == -1 ? -1 : 0;
}

/* The site's data/ workbooks: the city's, and each district's. */

/* Reads the workbook at tmp into the site as rel. */
static int
place(struct output *out, const char *tmp, const char *rel,
    struct diags *d)
{
	struct buf	 b = { 0 };
	int		 rc;

	if (buf_read_file(&b, tmp, (size_t)1 << 31) == -1) {
		report(d, SEV_ERROR, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	rc = output_file(out, rel, b.p, b.len);
	buf_free(&b);
	return rc;
}

static int
pick_scope(const struct gs_compound *cp, void *arg)
{
	const char *scope = arg;

	return strcmp(scope, "全部") == 0 || in_area(cp, scope);
}

/* Writes the workbook of scope (a district's code, or 全部) as rel. */
static int
write_book(struct ctx *c, struct output *out, const char *tmp,
    const char *rel, const char *scope)
{
	if (write_compounds(c, tmp, scope, pick_scope, (void *)scope) == -1 ||
	    place(out, tmp, rel, out->d) == -1)
		return -1;
	return 0;	/* written, or kept as it was (output_file's 1) */
}

/*
 * One after the other, not one thread per core: libxlsxwriter stamps
 * each workbook through gmtime() and rand(), which threads share, so
 * workbooks written at once could take each other's dates and differ
 * from build to build.
 */
int
write_data_workbooks(struct ctx *c, struct output *out)
{
	struct buf	 tmp = { 0 }, name = { 0 };
	const struct gs_area *a;
	const char	*dir = getenv("TMPDIR");
	size_t		 i, k;
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
		rc = write_book(c, out, tmp.p, "data/compounds.xlsx", "全部");
	for (i = 0; i < c->content->districts.n && rc == 0; i++) {
		a = (const struct gs_area *)c->content->districts.v + i;
		if (a->code.s == NULL)
			continue;
		for (k = 0; k < c->content->ncompounds &&
		    !in_area(c->content->compounds[k], a->code.s); k++)
			;
		if (k == c->content->ncompounds)
			continue;	/* no compounds, no workbook */
		buf_truncate(&name, 0);
		buf_printf(&name, "data/districts/%s.xlsx", a->code.s);
		rc = write_book(c, out, tmp.p, name.p, a->code.s);
	}
	unlink(tmp.p);
	buf_free(&tmp);
	buf_free(&name);
	return rc;
}
