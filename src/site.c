/*
 * The public site: each page's view, rendered through the user's
 * Mustache layouts and written; the layouts themselves, loaded and
 * checked before anything is written; and the drivers that build the
 * whole site or only the boards.  Every string from a record reaches
 * HTML through the template engine's escaper; the only raw HTML is
 * cmark's safe-mode output.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bounds.h"
#include "content.h"
#include "export.h"
#include "gongshi.h"
#include "history.h"
#include "i18n.h"
#include "jobs.h"
#include "memo.h"
#include "output.h"
#include "progress.h"
#include "search.h"
#include "site.h"
#include "stamp.h"
#include "status.h"
#include "template.h"
#include "view.h"


static pthread_mutex_t diag_lock = PTHREAD_MUTEX_INITIALIZER;


static void
template_error(struct site_build *b, struct tpl_err *err)
{
	pthread_mutex_lock(&diag_lock);
	/* Diagnostics keep the file name: it must outlive err. */
	diag_add(&b->c->diags, arena_strdup(&b->c->arena,
	    err->file ? err->file : "layouts"), err->line, err->col,
	    SEV_ERROR, "%s", err->msg.p ? err->msg.p : _("error"));
	pthread_mutex_unlock(&diag_lock);
	tpl_err_free(err);
	b->failed = 1;
}


/* site.pages with "current" set on the page being rendered. */
static const struct tval *
nav_pages(struct site_build *b, const char *kind, const char *path)
{
	const struct gs_content *ct = b->c->content;
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *x;
	const char	*url;
	size_t		 i;

	for (i = 0; i < ct->npages; i++) {
		url = arena_printf(a, "pages/%s/", ct->pages[i]->name);
		x = tv_map(a);
		tv_set(x, "name", view_str(a, ct->pages[i]->name));
		tv_set(x, "title", view_val(a, &ct->pages[i]->title));
		tv_set(x, "url", view_str(a, url));
		/* pages/privacy/ (个人信息保护说明) is linked from the
		 * footer of every page rather than the top navigation */
		tv_set(x, "is_privacy", tv_bool(strcmp(ct->pages[i]->name,
		    "privacy") == 0));
		tv_set(x, "current", tv_bool(strcmp(kind, "page") == 0 &&
		    strcmp(path, url) == 0));
		tv_push(list, x);
	}
	return list;
}


/*
 * A view as bytes for its fingerprint: every value with its type and
 * length, maps in their order.  The site's view, the same in every
 * page, goes in as its hash (site_id) when shared is it.
 */
static void
put_tval(struct memo_print *p, const struct tval *v, const struct tval *shared,
    const unsigned char *shared_id)
{
	size_t	 i;

	if (v == NULL) {
		memo_print_tag(p, '0');
		return;
	}
	if (v == shared) {
		memo_print_tag(p, 'S');
		memo_print_id(p, shared_id);
		return;
	}
	switch (v->type) {
	case TV_NULL:
		memo_print_tag(p, 'N');
		break;
	case TV_FALSE:
		memo_print_tag(p, 'F');
		break;
	case TV_TRUE:
		memo_print_tag(p, 'T');
		break;
	case TV_STR:
		memo_print_tag(p, 's');
		memo_print_bytes(p, v->u.str.p, v->u.str.len);
		break;
	case TV_LIST:
		memo_print_tag(p, 'L');
		memo_print_num(p, v->u.list.n);
		for (i = 0; i < v->u.list.n; i++)
			put_tval(p, v->u.list.v[i], shared, shared_id);
		break;
	case TV_MAP:
		memo_print_tag(p, 'M');
		memo_print_num(p, v->u.map.n);
		for (i = 0; i < v->u.map.n; i++) {
			memo_print_bytes(p, v->u.map.kv[i].key,
			    v->u.map.kv[i].keylen);
			put_tval(p, v->u.map.kv[i].val, shared, shared_id);
		}
		break;
	}
}

/* What the page rel of kind is made from: layouts, view, program. */
static void
page_print(const struct site_build *b, const char *kind, const char *rel,
    const struct tval *view, unsigned char fp[MEMO_FP])
{
	struct memo_print p;

	memo_print_begin(&p, b->out->memo, kind, rel);
	memo_print_id(&p, b->layouts_id);
	put_tval(&p, view, b->site, b->site_id);
	memo_print_end(&p, fp);
}


/*
 * Renders layouts/KIND.mustache with view plus the variables every page
 * has, into the file rel; path is the page's URL path from the root.
 */
int
render_page(struct site_build *b, const char *kind, const char *rel,
    const char *path, const char *title, const char *root,
    struct tval *view, const struct tval *breadcrumbs)
{
	struct arena	*a = &b->page;
	struct tval	*page = tv_map(a);
	const struct tpl *t;
	struct tpl_err	 err;
	unsigned char	 fp[MEMO_FP];
	const unsigned char *blob;
	int		 rc;

	memset(&err, 0, sizeof(err));
	tv_set(page, "title", view_str(a, title));
	tv_set(page, "path", view_str(a, path));
	tv_set(page, "url", tv_strf(a, "%s%s", b->c->content->site.base_url.s,
	    path));
	tv_set(page, "kind", view_str(a, kind));
	tv_set(page, arena_printf(a, "is_%s", kind), tv_bool(1));
	/* The revision its own content last changed in, never the head:
	 * a publication rewrites only the pages it changed. */
	tv_set(page, "revision", b->page_rev ? revision_brief(a, b->page_rev) :
	    tv_bool(0));
	b->page_rev = NULL;
	tv_set(view, "page", page);
	tv_set(view, "site", b->site);
	tv_set(view, "root", view_str(a, root ? root : root_of(a, path)));
	view_list(a, view, "breadcrumbs", breadcrumbs ? breadcrumbs : tv_list(a));
	view_list(a, view, "pages", nav_pages(b, kind, path));

	if (b->out->memo != NULL) {
		page_print(b, kind, rel, view, fp);
		if ((blob = memo_blob(b->out->memo, rel, fp)) != NULL &&
		    output_reuse(b->out, rel, blob) == 1) {
			memo_carry(b->out->memo, rel, fp, blob);
			return 1;	/* as output_file says of a file kept */
		}
	}
	if (tpl_set_get(b->set, kind, &t, &err) != 1) {
		if (err.msg.p == NULL)
			buf_printf(&err.msg, _("no layout for %s pages "
			    "(layouts/%s.mustache)"), kind, kind);
		template_error(b, &err);
		return -1;
	}
	buf_truncate(&b->html, 0);
	if (tpl_render(t, b->set, view, esc_html, &b->html, &err) == -1) {
		template_error(b, &err);
		return -1;
	}
	if ((rc = output_file(b->out, rel, b->html.p, b->html.len)) != -1)
		memo_put(b->out->memo, rel, fp, b->html.p, b->html.len);
	return rc;
}



/*
 * The revision the next page's own content last changed in: the
 * newest that touched records or site.yaml (every page shows it).
 */
void
page_revision(struct site_build *b, const char *const *records, size_t n)
{
	static const char *const site[] = { "content/site.yaml" };

	b->page_rev = b->opts->history == NULL ? NULL : newest_revision(b,
	    records, n, newest_revision(b, site, 1, NULL));
}

/* The newest revision that touched the compounds idx (NULL: the first
 * n), or also when it is newer. */
static const struct revision *
newest_of_compounds(const struct site_build *b, const size_t *idx,
    size_t n, const struct revision *also)
{
	const struct gs_content *ct = b->c->content;
	size_t		 i;

	for (i = 0; i < n; i++)
		also = newest_revision(b,
		    &ct->compounds[idx ? idx[i] : i]->id.s, 1, also);
	return also;
}

/*
 * The same for a page listing compounds (idx; NULL: every one) under
 * their areas: the home page, names, the boards' lists.
 */
void
compounds_revision(struct site_build *b, const size_t *idx, size_t n)
{
	static const char *const areas[] = { "content/areas.yaml" };

	page_revision(b, areas, 1);
	b->page_rev = newest_of_compounds(b, idx, n, b->page_rev);
}

const unsigned char no_blob[MEMO_ID];

static int
cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * What every compound's pages are made from besides the compound's own
 * record and history, hashed once: the layouts and the site's view
 * (each page's memo has them too), every content file that is not a
 * compound record (site.yaml, areas.yaml, departments.yaml,
 * parties.yaml, pages), sorted, as read; the private contact book and
 * forgotten names; the days the build is for; and the revisions that
 * last touched those files.  compound_key adds the rest.
 */
static void
others_print(struct site_build *b)
{
	static const char *const private[] = { "private/contacts.yaml",
	    "private/forgotten.yaml", "private/key" };
	static const char *const shared[] = { "content/site.yaml",
	    "content/areas.yaml", "content/departments.yaml",
	    "content/parties.yaml" };
	const struct history *h = b->opts->history;
	struct memo_print p;
	struct buf	 path = { 0 }, text = { 0 };
	char		**line = NULL;
	char		*s, *nl;
	size_t		 i, n = 0, cap = 0;
	int64_t		 day;

	memo_print_begin(&p, b->out->memo, "compound inputs", "");
	memo_print_id(&p, b->layouts_id);
	memo_print_id(&p, b->site_id);
	/* One line a file; sorted, so that the order of reading is not. */
	for (s = b->c->others.p; s != NULL && (nl = strchr(s, '\n')) != NULL;
	    s = nl + 1) {
		*nl = '\0';
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			line = xrealloc(line, cap * sizeof(*line));
		}
		line[n++] = s;
	}
	qsort(line, n, sizeof(*line), cmp_line);
	memo_print_num(&p, n);
	for (i = 0; i < n; i++)
		memo_print_str(&p, line[i]);
	for (i = 0; i < n; i++)
		line[i][strlen(line[i])] = '\n';
	free(line);
	for (i = 0; i < sizeof(private) / sizeof(private[0]); i++) {
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%s", b->c->dir, private[i]);
		buf_truncate(&text, 0);
		if (buf_read_file(&text, path.p, (size_t)64 << 20) == 0) {
			memo_print_tag(&p, 'f');
			memo_print_bytes(&p, text.p, text.len);
		} else
			memo_print_tag(&p, '-');
	}
	memo_print_num(&p, (size_t)b->opts->today);
	memo_print_num(&p, (size_t)b->opts->today_given);
	memo_print_num(&p, (size_t)b->asof);
	if (h != NULL) {
		memo_print_tag(&p, 'H');
		memo_print_num(&p, (size_t)(as_of_day(b, &day) ? day : -1));
		for (i = 0; i < sizeof(shared) / sizeof(shared[0]); i++) {
			const struct revision *r = newest_revision(b,
			    &shared[i], 1, NULL);

			memo_print_str(&p, r ? r->id : "");
		}
	}
	memo_print_end(&p, b->others_id);
	buf_free(&path);
	buf_free(&text);
}

/*
 * The fingerprint of everything compound i's pages (its page, board
 * and history) are made from, into fp: others_id, its record's bytes
 * and path, the number of compounds in each of its areas (their
 * summaries say it), and every revision that touched it with its
 * signature.  0 when it cannot be said (no memo, no blob id).
 */
static int
compound_key(struct site_build *b, size_t i, const char *rel,
    unsigned char fp[MEMO_FP])
{
	const struct gs_compound *cp = b->c->content->compounds[i];
	const struct history *h = b->opts->history;
	const struct gs_area *area;
	struct memo_print p;
	size_t		 k, n, first, ai;

	if (b->out->memo == NULL || cp->blob[0] == '\0')
		return 0;
	memo_print_begin(&p, b->out->memo, "compound pages", rel);
	memo_print_id(&p, b->others_id);
	memo_print_str(&p, cp->path);
	memo_print_str(&p, cp->blob);
	for (area = cp->community_area; area != NULL; area = area->parent) {
		ai = area_index(b, area);
		memo_print_str(&p, area->code.s);
		memo_print_num(&p, ai == SIZE_MAX ? SIZE_MAX : b->areas[ai].n);
	}
	if (h != NULL) {
		n = history_of(h, cp->id.s, &first);
		memo_print_num(&p, n);
		for (k = 0; k < n; k++) {
			const struct revision *r = &h->v[h->touch[first + k].rev];

			memo_print_str(&p, r->id);
			memo_print_num(&p, (size_t)r->as);
			memo_print_str(&p, r->party ? r->party : "");
		}
	}
	memo_print_end(&p, fp);
	return 1;
}

/*
 * Keeps the files rels as the last build left them when the group key
 * (rel, a folder's path, which no file has) is the one the memo holds
 * and the site still has the bytes the memo says each was made into.
 * 1 when kept, 0 when they must be made.
 */
int
group_reuse(struct site_build *b, const char *rel,
    const unsigned char key[MEMO_FP], const char *const *rels, size_t n)
{
	struct memo	*m = b->out->memo;
	const struct memo_entry **e;
	unsigned char	(*blobs)[MEMO_ID];
	size_t		 k;
	int		 kept = 0;

	if (m == NULL || memo_blob(m, rel, key) == NULL)
		return 0;
	e = xcalloc(n ? n : 1, sizeof(*e));
	blobs = xcalloc(n ? n : 1, sizeof(*blobs));
	for (k = 0; k < n; k++) {
		if ((e[k] = memo_last(m, rels[k])) == NULL)
			goto out;
		memcpy(blobs[k], e[k]->blob, MEMO_ID);
	}
	if (output_reuse_all(b->out, rels,
	    (const unsigned char (*)[MEMO_ID])blobs, n) != 1)
		goto out;
	for (k = 0; k < n; k++)
		memo_carry(m, rels[k], e[k]->fp, e[k]->blob);
	memo_carry(m, rel, key, no_blob);
	kept = 1;
out:
	free(e);
	free(blobs);
	return kept;
}

/*
 * Keeps compound i's pages as the last build left them when what they
 * are made from is the same (key) and the site still holds them: none
 * of their views is built.  1 when kept, 0 when they must be built.
 */
static int
compound_reuse(struct site_build *b, size_t i, const char *rel,
    const unsigned char key[MEMO_FP])
{
	const struct gs_compound *cp = b->c->content->compounds[i];
	const char	*rels[3];
	size_t		 n = 0;

	rels[n++] = arena_printf(&b->page, "c/%s/index.html", cp->id.s);
	rels[n++] = arena_printf(&b->page, "c/%s/board.html", cp->id.s);
	if (b->opts->history != NULL)
		rels[n++] = arena_printf(&b->page, "c/%s/history/index.html",
		    cp->id.s);
	if (group_reuse(b, rel, key, rels, n) != 1)
		return 0;
	/* A PDF printed from this very board is still right: keep it. */
	return output_keep(b->out, arena_printf(&b->page, "c/%s/board.pdf",
	    cp->id.s)) == -1 ? -1 : 1;
}

/* /c/ID/: the compound's disclosure page. */
static int
build_compound(struct site_build *b, size_t i)
{
	const struct gs_compound *cp = b->c->content->compounds[i];
	struct tval	*view;
	const char	*path, *rel;

	arena_reset(&b->page);
	view = tv_map(&b->page);
	tv_set(view, "c", compound_view(b, cp));
	path = arena_printf(&b->page, "c/%s/", cp->id.s);
	rel = arena_printf(&b->page, "c/%s/index.html", cp->id.s);
	{
		/* Its areas' offices and its departments are on it. */
		const char *const rec[] = { cp->id.s, "content/areas.yaml",
		    "content/departments.yaml" };

		page_revision(b, rec, 3);
	}
	return render_page(b, "compound", rel, path, cp->name.s, NULL, view,
	    crumbs(b, cp->community_area, 1));
}


/*
 * An area page's: its compounds', the areas' and the departments'.
 * Its supervision pages rank the same compounds, so say the same.
 */
void
area_revision(struct site_build *b, const struct area_info *info)
{
	const char	*files[] = { "content/areas.yaml",
	    "content/departments.yaml" };

	page_revision(b, files, 2);
	b->page_rev = newest_of_compounds(b, info->compounds, info->n,
	    b->page_rev);
}

static int
build_areas(struct site_build *b)
{
	const struct gs_content *ct = b->c->content;
	struct arena	*a = &b->page;
	struct tval	*view, *m, *list;
	size_t		 i, j;

	for (i = 0; i < ct->nareas; i++) {
		const struct gs_area *area = ct->areas[i];
		const struct area_info *info = &b->areas[i];

		arena_reset(a);
		view = tv_map(a);
		m = tv_map(a);
		tv_set(m, "code", view_val(a, &area->code));
		tv_set(m, "name", view_val(a, &area->name));
		tv_set(m, "level", view_str(a, area_level_names[area->level]));
		tv_set(m, "office", view_contact(a, &area->office));
		tv_set(m, "parent", area->parent ?
		    area_summary(b, area->parent) : tv_bool(0));
		/* export.c writes a workbook for each district with
		 * compounds. */
		if (area->level == GS_DISTRICT && info->n > 0)
			tv_set(m, "workbook", tv_strf(a,
			    "data/districts/%s.xlsx", area->code.s));
		tv_set(view, "area", m);
		list = tv_list(a);
		for (j = 0; j < area->children.n; j++)
			tv_push(list, area_summary(b,
			    GS_AT(area->children, struct gs_area, j)));
		view_list(a, view, "children", list);
		tv_set(view, "child_level", area->level < GS_COMMUNITY ?
		    view_str(a, area_level_names[area->level + 1]) : tv_bool(0));
		/* Only a community lists its compounds: above it they are
		 * grouped under the sub-areas, so pages stay small. */
		list = tv_list(a);
		for (j = 0; j < info->n && area->children.n == 0; j++)
			tv_push(list, compound_summary(a,
			    ct->compounds[info->compounds[j]]));
		view_list(a, view, "compounds", list);
		tv_set(view, "total_compounds", tv_strf(a, "%zu", info->n));
		list = tv_list(a);
		for (j = 0; j < info->ndepts; j++) {
			const struct gs_department *d = info->depts[j];

			m = tv_map(a);
			tv_set(m, "id", view_val(a, &d->id));
			tv_set(m, "name", view_val(a, &d->name));
			tv_set(m, "url", tv_strf(a, "departments/#dept-%s",
			    d->id.s));
			tv_set(m, "phone", view_phone(a, &d->phone));
			tv_push(list, m);
		}
		view_list(a, view, "departments", list);
		area_revision(b, info);
		if (render_page(b, "area", arena_printf(a, "area/%s/index.html",
		    area->code.s), area_url(a, area), area->name.s, NULL, view,
		    crumbs(b, area, 0)) == -1)
			return -1;
	}
	return 0;
}


/* One compound's printable boards, c/ID/board.html. */
static int
build_board(struct site_build *b, size_t i)
{
	const struct gs_content *ct = b->c->content;
	const struct gs_compound *cp = ct->compounds[i];
	struct arena	*a = &b->page;
	struct tval	*view;
	const char	*rel;
	char		 rev[13];
	size_t		 sheets;
	int		 rc;

	arena_reset(a);
	view = tv_map(a);
	tv_set(view, "c", compound_summary(a, cp));
	{
		/* Its second sheet is the areas' offices and the
		 * departments': the newest of these, as on its page. */
		const char *const rec[] = { cp->id.s, "content/areas.yaml",
		    "content/departments.yaml" };
		const struct revision *r = last_revision(b, cp->id.s);

		/* The commit once published, the file's blob id until then. */
		if (r != NULL) {
			page_revision(b, rec, 3);
			r = b->page_rev;
		}
		snprintf(rev, sizeof(rev), "%.12s", r ? r->id : cp->blob);
	}
	/* The as-of day is the build's, found once (supervision_prepare):
	 * each board searching every record for it made boards O(n²). */
	sheets = board_view(a, view, ct, cp, rev, b->opts->today_given ?
	    b->opts->today : -1, b->asof, latest_change_text(b, cp));
	if (b->sheets != NULL)
		b->sheets[i] = sheets;
	rel = arena_printf(a, "c/%s/board.html", cp->id.s);
	if ((rc = render_page(b, "board", rel, rel, arena_printf(a, "%s 公示栏",
	    cp->name.s), NULL, view, crumbs(b, cp->community_area, 1))) == -1)
		return -1;
	/* A PDF printed from this very board is still right: keep it. */
	if (rc == 1)
		return output_keep(b->out, arena_printf(a, "c/%s/board.pdf",
		    cp->id.s));
	return 0;
}


/*
 * /boards/, for office staff: how to print, then the city's streets;
 * each street's boards are on boards/CODE/, so no page grows with the
 * city, only with one street.
 */

/* "A3竖版", "A4横版": the paper as office staff say it. */
static void
boards_paper(struct site_build *b, struct tval *view)
{
	struct arena	*a = &b->page;
	double		 w, h;
	const char	*paper, *orient;
	int		 land;

	board_sheet(&b->c->content->site, &w, &h, &paper, &orient);
	land = strcmp(orient, "landscape") == 0;
	tv_set(view, "paper", view_str(a, paper));
	tv_set(view, "paper_words", tv_strf(a, "%s%s", paper, land ? "横版" :
	    "竖版"));
	tv_set(view, "orientation_words", view_str(a, land ? "横向" : "纵向"));
}

/* A community's compounds with their boards, for a street's page. */
static struct tval *
boards_community(struct site_build *b, size_t i)
{
	const struct gs_content *ct = b->c->content;
	struct arena	*a = &b->page;
	struct tval	*g = tv_map(a), *list = tv_list(a), *x;
	size_t		 j;

	tv_set(g, "community", area_summary(b, ct->areas[i]));
	for (j = 0; j < b->areas[i].n; j++) {
		const struct gs_compound *cp =
		    ct->compounds[b->areas[i].compounds[j]];

		x = tv_map(a);
		tv_set(x, "id", view_val(a, &cp->id));
		tv_set(x, "name", view_val(a, &cp->name));
		tv_set(x, "url", tv_strf(a, "c/%s/", cp->id.s));
		tv_set(x, "board_url", tv_strf(a, "c/%s/board.html",
		    cp->id.s));
		tv_set(x, "data_as_of", view_val(a, &cp->data_as_of));
		tv_push(list, x);
	}
	view_list(a, g, "compounds", list);
	return g;
}

/* boards/CODE/: one street's compounds, community by community. */
static int
build_boards_street(struct site_build *b, const struct gs_area *street)
{
	struct arena	*a = &b->page;
	struct tval	*view, *groups, *crumb_list, *c;
	const char	*path;
	size_t		 i, k;

	arena_reset(a);
	view = tv_map(a);
	groups = tv_list(a);
	for (k = 0; k < street->children.n; k++)
		if ((i = area_index(b, GS_AT(street->children, struct gs_area,
		    k))) != SIZE_MAX && b->areas[i].n > 0)
			tv_push(groups, boards_community(b, i));
	view_list(a, view, "communities", groups);
	compounds_revision(b, NULL, 0);
	for (k = 0; k < street->children.n; k++)
		if ((i = area_index(b, GS_AT(street->children,
		    struct gs_area, k))) != SIZE_MAX)
			b->page_rev = newest_of_compounds(b,
			    b->areas[i].compounds, b->areas[i].n, b->page_rev);
	tv_set(view, "street", area_summary(b, street));
	tv_set(view, "district", area_summary(b, street->parent));
	boards_paper(b, view);
	crumb_list = crumbs(b, NULL, 0);
	c = tv_map(a);
	tv_set(c, "name", view_str(a, "公示栏打印"));
	tv_set(c, "url", view_str(a, "boards/"));
	tv_push(crumb_list, c);
	path = arena_printf(a, "boards/%s/", street->code.s);
	return render_page(b, "boards", arena_printf(a, "%sindex.html", path),
	    path, arena_printf(a, "%s%s 公示栏打印", street->parent->name.s,
	    street->name.s), NULL, view, crumb_list);
}

static int
build_boards(struct site_build *b)
{
	const struct gs_content *ct = b->c->content;
	struct arena	*a = &b->page;
	struct tval	*view, *districts, *d, *streets, *x;
	size_t		 i, k, n;

	for (i = 0; i < ct->nareas; i++)
		if (ct->areas[i]->level == GS_STREET && b->areas[i].n > 0 &&
		    build_boards_street(b, ct->areas[i]) == -1)
			return -1;
	arena_reset(a);
	view = tv_map(a);
	districts = tv_list(a);
	for (i = 0; i < ct->districts.n; i++) {
		const struct gs_area *dist = GS_AT(ct->districts,
		    struct gs_area, i);

		streets = tv_list(a);
		for (k = 0; k < dist->children.n; k++) {
			const struct gs_area *st = GS_AT(dist->children,
			    struct gs_area, k);
			size_t	 si = area_index(b, st);

			if (si == SIZE_MAX || (n = b->areas[si].n) == 0)
				continue;
			x = tv_map(a);
			tv_set(x, "street", area_summary(b, st));
			tv_set(x, "boards_url", tv_strf(a, "boards/%s/",
			    st->code.s));
			tv_push(streets, x);
		}
		if (streets->u.list.n == 0)
			continue;
		d = tv_map(a);
		tv_set(d, "district", area_summary(b, dist));
		view_list(a, d, "streets", streets);
		tv_push(districts, d);
	}
	view_list(a, view, "districts", districts);
	boards_paper(b, view);
	compounds_revision(b, NULL, ct->ncompounds);
	return render_page(b, "boards", "boards/index.html", "boards/",
	    "公示栏打印", NULL, view, crumbs(b, NULL, 0));
}


/* /c/ID/history/: every revision that touched the compound. */
static int
build_history_page(struct site_build *b, size_t i)
{
	const struct history *h = b->opts->history;
	const struct gs_compound *cp = b->c->content->compounds[i];
	struct arena	*a = &b->page;
	struct tval	*view, *list;
	size_t		 k, n, first;

	if (h == NULL)
		return 0;
	arena_reset(a);
	view = tv_map(a);
	tv_set(view, "c", compound_summary(a, cp));
	list = tv_list(a);
	n = history_of(h, cp->id.s, &first);
	for (k = 0; k < n; k++) {
		const struct revision *r = &h->v[h->touch[first + k].rev];
		size_t	 j, m;

		m = revision_changes_of(h, r, cp->id.s, &j);
		tv_push(list, revision_view(b, r, j, m));
	}
	view_list(a, view, "revisions", list);
	page_revision(b, &cp->id.s, 1);
	return render_page(b, "history", arena_printf(a,
	    "c/%s/history/index.html", cp->id.s), arena_printf(a,
	    "c/%s/history/", cp->id.s), arena_printf(a, "%s 公示变更记录",
	    cp->name.s), NULL, view, crumbs(b, cp->community_area, 1));
}


/* Does department k supervise compound i?  (Its list is by index.) */
static int
dept_has(const struct site_build *b, size_t k, size_t i)
{
	size_t	 lo = 0, hi = b->depts[k].n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (b->depts[k].compounds[mid] == i)
			return 1;
		if (b->depts[k].compounds[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Department k's compounds under each district, by name: a list of
 * {district, compounds: [{name, url}]} (with compounds_count). */
static const struct tval *
dept_districts(struct site_build *b, size_t k)
{
	const struct gs_content *ct = b->c->content;
	struct arena	*a = &b->page;
	struct tval	*groups = tv_list(a), *g, *cs, *x;
	size_t		 ai, j;

	for (ai = 0; ai < ct->nareas; ai++) {
		if (ct->areas[ai]->level != GS_DISTRICT)
			continue;
		cs = tv_list(a);
		for (j = 0; j < b->areas[ai].n; j++) {
			const struct gs_compound *cp =
			    ct->compounds[b->areas[ai].compounds[j]];

			if (!dept_has(b, k, b->areas[ai].compounds[j]))
				continue;
			x = tv_map(a);
			tv_set(x, "name", view_val(a, &cp->name));
			tv_set(x, "url", tv_strf(a, "c/%s/", cp->id.s));
			tv_push(cs, x);
		}
		if (cs->u.list.n == 0)
			continue;
		g = tv_map(a);
		tv_set(g, "district", area_summary(b, ct->areas[ai]));
		view_list(a, g, "compounds", cs);
		tv_push(groups, g);
	}
	return groups;
}

/* What /departments/ and a department's own page say of department i. */
static struct tval *
dept_view(struct site_build *b, size_t i)
{
	const struct gs_department *d = GS_AT(b->c->content->departments,
	    struct gs_department, i);
	struct arena	*a = &b->page;
	struct tval	*m = tv_map(a);

	tv_set(m, "id", view_val(a, &d->id));
	tv_set(m, "anchor", tv_strf(a, "dept-%s", d->id.s));
	tv_set(m, "url", tv_strf(a, "departments/%s/", d->id.s));
	tv_set(m, "name", view_val(a, &d->name));
	view_list(a, m, "duties", view_texts(a, &d->duties));
	tv_set(m, "duties_text", view_joined(a, &d->duties, "、"));
	tv_set(m, "phone", view_phone(a, &d->phone));
	tv_set(m, "contact", view_val(a, &d->contact));
	tv_set(m, "scope", d->scope_area ?
	    area_summary(b, d->scope_area) : tv_bool(0));
	tv_set(m, "has_compounds", tv_bool(b->depts[i].n > 0));
	tv_set(m, "compounds_count", view_grouped(a, (int64_t)b->depts[i].n));
	return m;
}

/*
 * /departments/ lists every department with its duties and phone, and
 * /departments/ID/ the compounds one supervises, by district: the list
 * grows with the city, so it is not on the page every department
 * shares.
 */
static int
build_departments(struct site_build *b)
{
	static const char *const dept_files[] = { "content/departments.yaml",
	    "content/areas.yaml" };
	const struct gs_content *ct = b->c->content;
	struct arena	*a = &b->page;
	struct tval	*view, *list, *crumb, *m;
	size_t		 i;
	int		 rc;

	for (i = 0; i < ct->departments.n; i++) {
		const struct gs_department *d = GS_AT(ct->departments,
		    struct gs_department, i);

		if (b->depts[i].n == 0)
			continue;
		arena_reset(a);
		view = tv_map(a);
		m = dept_view(b, i);
		view_list(a, m, "districts", dept_districts(b, i));
		tv_set(view, "department", m);
		list = crumbs(b, NULL, 0);
		crumb = tv_map(a);
		tv_set(crumb, "name", view_str(a, "监管部门"));
		tv_set(crumb, "url", view_str(a, "departments/"));
		tv_push(list, crumb);
		page_revision(b, dept_files, 2);
		if (render_page(b, "department", arena_printf(a,
		    "departments/%s/index.html", d->id.s), arena_printf(a,
		    "departments/%s/", d->id.s), d->name.s, NULL, view,
		    list) == -1)
			return -1;
	}
	arena_reset(a);
	view = tv_map(a);
	list = tv_list(a);
	for (i = 0; i < ct->departments.n; i++)
		tv_push(list, dept_view(b, i));
	view_list(a, view, "departments", list);
	page_revision(b, dept_files, 2);
	rc = render_page(b, "departments", "departments/index.html",
	    "departments/", "监管部门及投诉受理电话", NULL, view,
	    crumbs(b, NULL, 0));
	return rc;
}


static int
build_index(struct site_build *b)
{
	const struct gs_content *ct = b->c->content;
	struct arena	*a = &b->page;
	struct tval	*view, *counts, *list;
	int64_t		 households = 0, buildings = 0;
	size_t		 i, nlevel[3] = { 0, 0, 0 };

	arena_reset(a);
	for (i = 0; i < ct->nareas; i++)
		nlevel[ct->areas[i]->level]++;
	for (i = 0; i < ct->ncompounds; i++) {
		households += ct->compounds[i]->profile.households.n;
		buildings += ct->compounds[i]->profile.buildings.n;
	}
	view = tv_map(a);
	counts = tv_map(a);
	/* Counts read as totals do: 2,000 个小区 beside 3,586,468 户. */
	tv_set(counts, "compounds", view_grouped(a, (int64_t)ct->ncompounds));
	tv_set(counts, "districts",
	    view_grouped(a, (int64_t)nlevel[GS_DISTRICT]));
	tv_set(counts, "streets", view_grouped(a, (int64_t)nlevel[GS_STREET]));
	tv_set(counts, "communities",
	    view_grouped(a, (int64_t)nlevel[GS_COMMUNITY]));
	tv_set(counts, "departments",
	    view_grouped(a, (int64_t)ct->departments.n));
	tv_set(counts, "households", view_grouped(a, households));
	tv_set(counts, "buildings", view_grouped(a, buildings));
	tv_set(view, "counts", counts);
	list = tv_list(a);
	for (i = 0; i < ct->districts.n; i++)
		tv_push(list, area_summary(b, GS_AT(ct->districts,
		    struct gs_area, i)));
	view_list(a, view, "districts", list);
	tv_set(view, "search_index_url", view_str(a, "search-index.json"));
	compounds_revision(b, NULL, ct->ncompounds);	/* its counts */
	return render_page(b, "index", "index.html", "",
	    ct->site.title.s, NULL, view, NULL);
}


static int
build_pages(struct site_build *b)
{
	const struct gs_content *ct = b->c->content;
	struct arena	*a = &b->page;
	struct tval	*view;
	size_t		 i;

	for (i = 0; i < ct->npages; i++) {
		const struct gs_page *pg = ct->pages[i];

		arena_reset(a);
		view = tv_map(a);
		tv_set(view, "body_html", view_markdown(a, pg->body));
		tv_set(view, "summary", view_markdown_summary(a, pg->body));
		{
			const char *file = arena_printf(a,
			    "content/pages/%s.md", pg->name);

			page_revision(b, &file, 1);
		}
		if (render_page(b, "page", arena_printf(a,
		    "pages/%s/index.html", pg->name), arena_printf(a,
		    "pages/%s/", pg->name), pg->title.s, NULL, view,
		    crumbs(b, NULL, 0)) == -1)
			return -1;
	}
	return 0;
}


/* The 404 page is shown at any depth: its links start from the
 * path of base_url instead of being relative. */
static int
build_404(struct site_build *b)
{
	const char	*base = b->c->content->site.base_url.s, *p;
	struct arena	*a = &b->page;

	arena_reset(a);
	p = strstr(base, "://");
	p = p != NULL ? strchr(p + 3, '/') : NULL;
	page_revision(b, NULL, 0);	/* site.yaml's */
	return render_page(b, "404", "404.html", "404.html", "页面未找到",
	    p != NULL ? p : "/", tv_map(a), NULL);
}


static const struct tval *
site_view(struct site_build *b)
{
	const struct gs_site *s = &b->c->content->site;
	const struct gs_content *ct = b->c->content;
	struct arena	*a = &b->keep;
	struct tval	*m = tv_map(a), *list, *x;
	size_t		 i;

	tv_set(m, "title", view_val(a, &s->title));
	tv_set(m, "city", view_val(a, &s->city));
	tv_set(m, "publisher", view_val(a, &s->publisher));
	tv_set(m, "language", view_val(a, &s->language));
	tv_set(m, "base_url", view_val(a, &s->base_url));
	tv_set(m, "generator", view_str(a, "gongshi " VERSION));
	tv_set(m, "has_history", tv_bool(b->opts->history != NULL));
	tv_set(m, "signatures", tv_bool(b->opts->history != NULL &&
	    b->opts->history->signatures));
	/* The zone times are shown in, as readers name it. */
	tv_set(m, "zone", s->utc_offset.n == 8 * 60 ? view_str(a, "北京时间") :
	    tv_strf(a, "UTC%c%02d:%02d", s->utc_offset.n < 0 ? '-' : '+',
	    (int)(llabs(s->utc_offset.n) / 60), (int)(llabs(s->utc_offset.n) %
	    60)));
	tv_set(m, "city_workbook", tv_bool(ct->ncompounds > 0 &&
	    ct->ncompounds <= CITY_WORKBOOK_MAX));
	list = tv_list(a);
	for (i = 0; i < s->hotlines.n; i++)
		tv_push(list, view_contact(a, GS_AT(s->hotlines, struct gs_contact,
		    i)));
	view_list(a, m, "hotlines", list);
	list = tv_list(a);
	for (i = 0; i < ct->npages; i++) {
		x = tv_map(a);
		tv_set(x, "name", view_str(a, ct->pages[i]->name));
		tv_set(x, "title", view_val(a, &ct->pages[i]->title));
		tv_set(x, "url", tv_strf(a, "pages/%s/", ct->pages[i]->name));
		tv_push(list, x);
	}
	view_list(a, m, "pages", list);
	b->site = m;
	return m;
}


struct ranked {
	const struct gs_compound *cp;
	size_t		 i;		/* index in content->compounds */
};


static int
cmp_by_name(const void *pa, const void *pb)
{
	const struct ranked *x = pa, *y = pb;
	int	 r = strcmp(x->cp->name.s, y->cp->name.s);

	return r ? r : strcmp(x->cp->id.s, y->cp->id.s);
}


/*
 * One pass over the compounds files each under its community, street
 * and district, and under each department that supervises it.
 */
static void
prepare(struct site_build *b)
{
	const struct gs_content *ct = b->c->content;
	const struct gs_department *d0 = ct->departments.v;
	const struct gs_area *area;
	struct ranked	*order;
	size_t		 i, j, k, ai;

	b->areas = xcalloc(ct->nareas ? ct->nareas : 1, sizeof(*b->areas));
	b->depts = xcalloc(ct->departments.n ? ct->departments.n : 1,
	    sizeof(*b->depts));
	order = xcalloc(ct->ncompounds ? ct->ncompounds : 1, sizeof(*order));
	for (i = 0; i < ct->ncompounds; i++) {
		order[i].cp = ct->compounds[i];
		order[i].i = i;
	}
	qsort(order, ct->ncompounds, sizeof(*order), cmp_by_name);
	for (i = 0; i < ct->ncompounds; i++) {
		const struct gs_compound *cp = order[i].cp;

		for (area = cp->community_area; area != NULL;
		    area = area->parent) {
			if ((ai = area_index(b, area)) == SIZE_MAX)
				continue;
			index_push(&b->areas[ai].compounds, &b->areas[ai].n,
			    &b->areas[ai].cap, order[i].i);
		}
	}
	/* By id for departments: compounds are sorted by id already. */
	for (i = 0; i < ct->ncompounds; i++) {
		const struct gs_compound *cp = ct->compounds[i];

		for (j = 0; j < cp->supervision.n; j++) {
			const struct gs_department *d = GS_AT(cp->supervision,
			    struct gs_supervisor, j)->dept;

			if (d == NULL)
				continue;
			k = (size_t)(d - d0);
			if (b->depts[k].n > 0 &&
			    b->depts[k].compounds[b->depts[k].n - 1] == i)
				continue;	/* listed twice in one record */
			index_push(&b->depts[k].compounds, &b->depts[k].n,
			    &b->depts[k].cap, i);
		}
	}
	for (i = 0; i < ct->departments.n; i++) {
		const struct gs_department *d = GS_AT(ct->departments,
		    struct gs_department, i);

		if (d->scope_area != NULL &&
		    (ai = area_index(b, d->scope_area)) != SIZE_MAX) {
			if (b->areas[ai].ndepts == b->areas[ai].capdepts) {
				b->areas[ai].capdepts = b->areas[ai].capdepts ?
				    b->areas[ai].capdepts * 2 : 4;
				b->areas[ai].depts = xrealloc(b->areas[ai].depts,
				    b->areas[ai].capdepts *
				    sizeof(*b->areas[ai].depts));
			}
			b->areas[ai].depts[b->areas[ai].ndepts++] = d;
		}
	}
	supervision_prepare(b);
	/* Made now, so that page threads only ever read them. */
	for (i = 0; i < ct->nareas; i++)
		area_summary(b, ct->areas[i]);
	free(order);
}


/* Partials and parents are files in layouts/, by name. */
static int
load_layout(void *arg, const char *name, struct tpl_source *src,
    struct buf *msg)
{
	struct site_build *b = arg;
	const char	*p;

	for (p = name; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_')) {
			buf_printf(msg, _("'%s' is not a layout name (use "
			    "a-z, 0-9, - and _)"), name);
			return -1;
		}
	buf_printf(&src->path, "layouts/%s.mustache", name);
	if (ctx_read(b->c, src->path.p, LAYOUT_MAX, &src->text) == -1) {
		if (errno == ENOENT)
			buf_printf(msg, _("no layout named '%s' (%s: %s)"),
			    name, src->path.p, strerror(errno));
		else if (errno == EFBIG)
			buf_printf(msg, _("%s is larger than %d KiB, the most "
			    "a layout may have"), src->path.p,
			    LAYOUT_MAX / 1024);
		else
			buf_printf(msg, _("%s %s"), src->path.p,
			    read_problem(errno));
		return -1;
	}
	return 1;
}


/*
 * The layouts' id for the page memo: every file a layout can name
 * (layouts/NAME.mustache), name and bytes, in ctx_list's sorted order.
 * A folder that cannot be listed gets an id of this run alone.
 */
static void
layouts_print(struct site_build *b, char **names, size_t n)
{
	struct memo_print p;
	struct buf	 text = { 0 }, rel = { 0 };
	size_t		 i, len;

	if (b->out == NULL || b->out->memo == NULL)
		return;
	memo_print_begin(&p, b->out->memo, "layouts", "");
	if (names == NULL)
		buf_printf(&p.b, "unlisted %p %ld", (void *)b, (long)getpid());
	for (i = 0; i < n; i++) {
		len = strlen(names[i]);
		if (len < 9 || strcmp(names[i] + len - 9, ".mustache") != 0)
			continue;
		buf_truncate(&rel, 0);
		buf_truncate(&text, 0);
		buf_printf(&rel, "layouts/%s", names[i]);
		memo_print_str(&p, names[i]);
		if (ctx_read(b->c, rel.p, LAYOUT_MAX, &text) == -1)
			buf_printf(&p.b, "unreadable %d", errno);
		else
			memo_print_bytes(&p, text.p, text.len);
	}
	memo_print_end(&p, b->layouts_id);
	buf_free(&text);
	buf_free(&rel);
}


/* Parses every page layout and what it includes before anything is
 * written, so a broken layout stops the build with all its places.
 * `gongshi boards` needs the board layout alone. */
static int
load_layouts(struct site_build *b, int board_only)
{
	static const char *const kinds[] = { "board", "index", "area",
		"compound", "departments", "department", "page", "404",
		"boards", "history", "changes", "names" };
	const struct tpl *t;
	struct tpl_err	 err;
	char		**names;
	size_t		 i, n;

	/* Layouts reached through a link would be published as the link. */
	if (ctx_list(b->c, "layouts", &names, &n) == -1 && errno == ELOOP) {
		pthread_mutex_lock(&diag_lock);
		diag_add(&b->c->diags, "layouts", 1, 1, SEV_ERROR, "%s",
		    read_problem(ELOOP));
		pthread_mutex_unlock(&diag_lock);
		return -1;
	}
	layouts_print(b, names, n);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	for (i = 0; i < (board_only ? 1 : sizeof(kinds) / sizeof(kinds[0]));
	    i++) {
		memset(&err, 0, sizeof(err));
		if (tpl_set_get(b->set, kinds[i], &t, &err) != 1 ||
		    tpl_set_resolve(b->set, t, &err) == -1)
			template_error(b, &err);
	}
	return b->failed ? -1 : 0;
}


static void
site_build_free(struct site_build *b)
{
	const struct gs_content *ct = b->c->content;
	size_t	 i;

	for (i = 0; b->areas != NULL && i < ct->nareas; i++) {
		free(b->areas[i].compounds);
		free(b->areas[i].depts);
	}
	for (i = 0; b->depts != NULL && i < ct->departments.n; i++)
		free(b->depts[i].compounds);
	free(b->areas);
	free(b->depts);
	for (i = 0; b->status != NULL && i < ct->ncompounds; i++)
		status_free(&b->status[i]);
	free(b->status);
	free(b->complete);
	if (b->set != NULL)
		tpl_set_free(b->set);
	arena_free(&b->keep);
	arena_free(&b->page);
	buf_free(&b->html);
	buf_free(&b->tmp);
	buf_free(&b->path);
}


/*
 * Each compound's pages (disclosure, boards, history) are independent:
 * one thread per core renders them (jobs.c), each on its own copy of
 * the build with its own page arena and buffers.  Everything they
 * share was made before they start and is only read: the site and
 * summary views, the parsed layouts, history.  The files are the same
 * whichever thread writes them.
 */
#define PAGES_PER_THREAD	32

static int
build_compound_pages(void *arg, size_t i)
{
	struct site_build *b = arg;
	const struct gs_compound *cp = b->c->content->compounds[i];
	unsigned char	 key[MEMO_FP];
	char		*rel;
	int		 keyed, rc = 0;

	/* The memo's entry for the compound's folder is its key; no
	 * file has its blob id. */
	rel = xmalloc(strlen(cp->id.s) + 4);
	sprintf(rel, "c/%s/", cp->id.s);
	keyed = compound_key(b, i, rel, key);
	if (keyed && (rc = compound_reuse(b, i, rel, key)) != 0)
		goto out;
	if (build_compound(b, i) == -1 || build_board(b, i) == -1 ||
	    build_history_page(b, i) == -1) {
		rc = -1;
		goto out;
	}
	if (keyed)
		memo_carry(b->out->memo, rel, key, no_blob);
out:
	free(rel);
	if (rc == -1)
		return -1;
	progress_step(b->progress, 1);
	return 0;
}


static void *
page_open(void *arg)
{
	struct site_build *w = xmalloc(sizeof(*w));

	*w = *(struct site_build *)arg;
	memset(&w->page, 0, sizeof(w->page));
	memset(&w->html, 0, sizeof(w->html));
	memset(&w->tmp, 0, sizeof(w->tmp));
	memset(&w->path, 0, sizeof(w->path));
	w->failed = 0;
	return w;
}


static int
page_close(void *arg, void *state)
{
	struct site_build *b = arg, *w = state;

	if (w->failed)
		b->failed = 1;
	arena_free(&w->page);
	buf_free(&w->html);
	buf_free(&w->tmp);
	buf_free(&w->path);
	free(w);
	return 0;
}


static int
build_all_compounds(struct site_build *b)
{
	struct progress	 p;
	struct jobs	 j;
	int		 rc;

	memset(&j, 0, sizeof(j));
	j.n = b->c->content->ncompounds;
	j.min_each = PAGES_PER_THREAD;
	j.max_threads = 8;
	j.shared = b;
	j.open = page_open;
	j.job = build_compound_pages;
	j.close = page_close;
	progress_begin(&p, _("building the site"), PROGRESS_COMPOUNDS, j.n);
	b->progress = &p;
	rc = jobs_run(&j);
	progress_end(&p);
	b->progress = NULL;
	if (rc == -1) {
		b->failed = 1;
		return -1;
	}
	return 0;
}


/* The site's stamp: what it shows, and that gongshi may replace it. */
static int
write_stamp(struct output *out, const struct stamp *s)
{
	struct stamp	 none;
	struct buf	 text = { 0 };
	int		 rc;

	if (s == NULL) {
		memset(&none, 0, sizeof(none));
		none.content = STAMP_NO_HISTORY;
		s = &none;
	}
	stamp_format(s, &text);
	rc = output_file(out, STAMP_NAME, text.p, text.len);
	buf_free(&text);
	return rc == -1 ? -1 : 0;
}


/*
 * Renders the checked content in c into out.  Returns -1 when the
 * build failed: template problems are in c->diags, I/O problems were
 * printed.
 */
int
render_site(struct ctx *c, struct output *out, const struct build_opts *o)
{
	struct site_build b;
	struct data_books *books = NULL;
	int		 rc = -1;

	memset(&b, 0, sizeof(b));
	b.c = c;
	b.out = out;
	b.opts = o;
	b.set = tpl_set_new(load_layout, &b);
	if (load_layouts(&b, 0) == -1)
		goto out;
	prepare(&b);
	site_view(&b);
	if (out->memo != NULL) {
		struct memo_print p;

		memo_print_begin(&p, out->memo, "site view", "");
		put_tval(&p, b.site, NULL, NULL);
		memo_print_end(&p, b.site_id);
		others_print(&b);
	}
	books = data_books_start(c, out);	/* beside the pages */
	/* The data files first: the city's CSV files are made whole in
	 * memory (fees.csv is 35 MB at 100,000 compounds), and at the end
	 * they would come on top of the list of every file written.  The
	 * departments' pages before the compounds' for the same reason: a
	 * department over the whole city has a view of 48 MB there. */
	if (write_data(c, out, out->memo != NULL ? b.others_id : NULL) == -1 ||
	    build_index(&b) == -1 || build_areas(&b) == -1 ||
	    build_departments(&b) == -1 ||
	    build_supervision(&b) == -1 ||
	    build_all_compounds(&b) == -1 || build_boards(&b) == -1 ||
	    build_changes(&b) == -1 ||
	    build_pages(&b) == -1 || build_404(&b) == -1 ||
	    build_search(&b) == -1)
		goto out;
	rc = data_books_finish(books, c, out, 1);
	books = NULL;
	if (supervision_finish(&b, 1) == -1)
		rc = -1;
	if (rc == -1 || copy_assets(c, out) == -1 ||
	    write_stamp(out, o->stamp) == -1) {
		rc = -1;
		goto out;
	}
	rc = 0;
out:
	if (books != NULL)	/* the build failed first */
		data_books_finish(books, c, out, 0);
	supervision_finish(&b, 0);	/* the build failed first */
	site_build_free(&b);
	return rc;
}


/*
 * Writes the boards of the compounds whose ids are given (all when
 * none are) into out; ids that name no compound are reported in c's
 * diagnostics.  The paths written are put in *written, relative to out.
 */
int
render_boards(struct ctx *c, struct output *out, char **ids, size_t nids,
    const struct build_opts *o, struct board_done **done, size_t *ndone)
{
	const struct gs_content *ct = c->content;
	struct site_build b;
	struct progress	 p;
	size_t		 i, j;
	int		 rc = -1;

	memset(&b, 0, sizeof(b));
	b.c = c;
	b.out = out;
	b.opts = o;	/* history: the revision printed on each board */
	b.set = tpl_set_new(load_layout, &b);
	*done = xcalloc(ct->ncompounds + 1, sizeof(**done));
	*ndone = 0;
	b.sheets = xcalloc(ct->ncompounds + 1, sizeof(*b.sheets));
	for (j = 0; j < nids; j++) {
		for (i = 0; i < ct->ncompounds; i++)
			if (strcmp(ct->compounds[i]->id.s, ids[j]) == 0)
				break;
		if (i == ct->ncompounds)
			diag_add(&c->diags, "content/compounds", 1, 1,
			    SEV_ERROR, "no compound has the id '%s'", ids[j]);
	}
	if (c->diags.nerrors > 0 || load_layouts(&b, 1) == -1)
		goto out;
	prepare(&b);
	site_view(&b);
	progress_begin(&p, _("writing boards"), PROGRESS_BOARDS,
	    nids > 0 ? nids : ct->ncompounds);
	for (i = 0; i < ct->ncompounds; i++) {
		for (j = 0; j < nids; j++)
			if (strcmp(ct->compounds[i]->id.s, ids[j]) == 0)
				break;
		if (nids > 0 && j == nids)
			continue;
		if (build_board(&b, i) == -1) {
			progress_end(&p);
			goto out;
		}
		(*done)[*ndone].cp = ct->compounds[i];
		(*done)[*ndone].html = arena_printf(&c->arena,
		    "c/%s/board.html", ct->compounds[i]->id.s);
		(*done)[(*ndone)++].sheets = b.sheets[i];
		progress_step(&p, 1);
	}
	progress_end(&p);
	rc = 0;
out:
	free(b.sheets);
	site_build_free(&b);
	return rc;
}
