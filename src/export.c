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
#include "workbook.h"
#include "gongshi.h"
#include "i18n.h"

/* Whether compound cp lies in the area with this code. */
static int
in_area(const struct gs_compound *cp, const char *code)
{
	return cp->community.s != NULL &&
	    strncmp(cp->community.s, code, strlen(code)) == 0;
}

static const struct gs_area *
find_area(const struct gs_content *gc, const char *code)
{
	size_t	 i;

	for (i = 0; i < gc->nareas; i++)
		if (gc->areas[i]->code.s != NULL &&
		    strcmp(gc->areas[i]->code.s, code) == 0)
			return gc->areas[i];
	return NULL;
}

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
	for (i = 0; i < c->content->ncompounds && !failed; i++) {
		cp = c->content->compounds[i];
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
	size_t	 i;

	if (a->n == 0)
		return 1;
	for (i = 0; i < a->n; i++)
		if (in_area(cp, a->codes[i]))
			return 1;
	return 0;
}

/* A temporary name beside path, made by mkstemp; "" on failure. */
static int
temp_beside(const char *path, struct buf *tmp, struct diags *d)
{
	const char	*slash = strrchr(path, '/');
	mode_t		 mask;
	int		 fd;

	buf_truncate(tmp, 0);
	if (slash != NULL)
		buf_printf(tmp, "%.*s/", (int)(slash - path), path);
	buf_printf(tmp, ".%s.XXXXXX", slash != NULL ? slash + 1 : path);
	if ((fd = mkstemp(tmp->p)) == -1) {
		report(d, SEV_ERROR, "%s: cannot write here: %s", path,
		    strerror(errno));
		return -1;
	}
	/* mkstemp makes it private; the workbook is an ordinary file. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	close(fd);
	return 0;
}

int
cmd_export(const struct opts *o)
{
	struct ctx	 c;
	struct area_pick pick;
	struct buf	 tmp = { 0 }, scope = { 0 };
	struct stat	 st;
	const char	*path = o->out != NULL ? o->out : "台账.xlsx";
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
	if ((rc = check_content(&c, 0)) != EXIT_VALID) {
		if (rc == EXIT_INVALID)
			report(&c.diags, SEV_ERROR, "nothing exported: correct "
			    "the errors above first");
		ctx_free(&c);
		return rc;
	}
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
struct district_pick {
	const char	*code;
};

static int
pick_district(const struct gs_compound *cp, void *arg)
{
	return in_area(cp, ((struct district_pick *)arg)->code);
}

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

int
write_data_workbooks(struct ctx *c, struct output *out)
{
	struct district_pick pick;
	struct buf	 tmp = { 0 }, rel = { 0 };
	const struct gs_area *a;
	size_t		 i, k;
	int		 rc = 0;
	const char	*dir = getenv("TMPDIR");

	buf_printf(&rel, "%s/gongshi-data.xlsx", dir != NULL && *dir != '\0' ?
	    dir : "/tmp");
	if (temp_beside(rel.p, &tmp, out->d) == -1) {
		buf_free(&rel);
		return -1;
	}
	/* The city in one workbook while it opens in a spreadsheet at
	 * ease; beyond that, the districts' workbooks say it all. */
	if (c->content->ncompounds <= CITY_WORKBOOK_MAX &&
	    (write_compounds(c, tmp.p, "全部", NULL, NULL) == -1 ||
	    place(out, tmp.p, "data/compounds.xlsx", out->d) == -1))
		rc = -1;
	for (i = 0; i < c->content->districts.n && rc == 0; i++) {
		a = (const struct gs_area *)c->content->districts.v + i;
		if (a->code.s == NULL)
			continue;
		pick.code = a->code.s;
		for (k = 0; k < c->content->ncompounds &&
		    !pick_district(c->content->compounds[k], &pick); k++)
			;
		if (k == c->content->ncompounds)
			continue;	/* no compounds, no workbook */
		buf_truncate(&rel, 0);
		buf_printf(&rel, "data/districts/%s.xlsx", a->code.s);
		if (write_compounds(c, tmp.p, pick.code, pick_district,
		    &pick) == -1 ||
		    place(out, tmp.p, rel.p, out->d) == -1)
			rc = -1;
	}
	unlink(tmp.p);
	buf_free(&tmp);
	buf_free(&rel);
	return rc;
}
