/*
 * The public site: builds the view of each page from the data model and
 * renders it through the user's Mustache layouts.  Every string from a
 * record reaches HTML through the template engine's escaper; the only
 * raw HTML is cmark's safe-mode output.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "bounds.h"
#include "gongshi.h"
#include "content.h"
#include "jobs.h"
#include "stamp.h"
#include "output.h"
#include "history.h"
#include "site.h"
#include "template.h"

/* What the build knows about each area, parallel to content->areas. */
struct area_info {
	size_t		*compounds;	/* indexes of those inside, by name */
	size_t		 n, cap;
	const struct gs_department **depts; /* scoped exactly to it */
	size_t		 ndepts, capdepts;
	const struct tval *summary;
};

/* The compounds a department supervises, by id. */
struct dept_info {
	size_t		*compounds;
	size_t		 n, cap;
};

static void
push_index(size_t **v, size_t *n, size_t *cap, size_t x)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = x;
}

struct site_build {
	struct ctx	*c;
	struct output	*out;
	const struct build_opts *opts;	/* --today and friends */
	struct arena	 keep;		/* views that live for the build */
	struct arena	 page;		/* one page's view; reset after it */
	struct tpl_set	*set;
	struct tval	*site;
	struct area_info *areas;
	const struct tval **summaries;	/* per compound, by index */
	struct dept_info *depts;	/* parallel to content->departments */
	struct buf	 html;
	struct buf	 tmp;
	struct buf	 path;
	int		 failed;
};

static const char *const level_names[] = { "区县", "街道", "社区" };

/*
 * A list, with has_KEY and KEY_count beside it: Mustache cannot ask
 * whether a list is empty without looping over it, and a heading over
 * an empty list should not be written at all.
 */
static void
set_list(struct arena *a, struct tval *m, const char *key,
    const struct tval *list)
{
	char	 name[64];
	size_t	 n = list->type == TV_LIST ? list->u.list.n : 0;

	tv_set(m, key, list);
	snprintf(name, sizeof(name), "has_%s", key);
	tv_set(m, name, tv_bool(n > 0));
	snprintf(name, sizeof(name), "%s_count", key);
	tv_set(m, name, tv_strf(a, "%zu", n));
}

static const struct tval *
str(struct arena *a, const char *s)
{
	return s != NULL ? tv_ref(a, s, strlen(s)) : tv_bool(0);
}

/* A change's value as people read it, copied: tmp is reused. */
static const struct tval *
shown(struct arena *a, struct buf *tmp, const struct change_value *v)
{
	const char	*s = change_show(tmp, v, FORM_HUMAN);

	return s != NULL ? tv_str(a, s) : tv_bool(0);
}

static const struct tval *
val(struct arena *a, const struct gs_val *v)
{
	return str(a, v->s);
}

static const struct tval *
money_n(struct site_build *b, struct arena *a, int64_t fen)
{
	buf_truncate(&b->tmp, 0);
	format_value(&b->tmp, FT_MONEY, fen, "", FORM_HUMAN);
	return tv_strn(a, b->tmp.p, b->tmp.len);
}

static const struct tval *
money(struct site_build *b, struct arena *a, const struct gs_val *v)
{
	return v->s != NULL ? money_n(b, a, v->n) : tv_bool(0);
}

static const struct tval *
decimal(struct site_build *b, struct arena *a, const struct gs_val *v)
{
	if (v->s == NULL)
		return tv_bool(0);
	buf_truncate(&b->tmp, 0);
	format_value(&b->tmp, FT_DECIMAL, v->n, v->s, FORM_HUMAN);
	return tv_strn(a, b->tmp.p, b->tmp.len);
}

static const struct tval *
count(struct arena *a, const struct gs_val *v)
{
	return v->s != NULL ? tv_strf(a, "%lld", (long long)v->n) : tv_bool(0);
}

/* 3449 -> "3,449", for totals. */
static const struct tval *
grouped(struct arena *a, int64_t n)
{
	struct buf	 t = { 0 };
	const struct tval *v;

	format_value(&t, FT_COUNT, n, "", FORM_HUMAN);
	v = tv_strn(a, t.p, t.len);
	buf_free(&t);
	return v;
}

/* {text, tel}: tel: takes the digits only. */
static const struct tval *
phone(struct arena *a, const struct gs_val *v)
{
	struct tval	*m;
	struct buf	 t = { 0 };
	const char	*p;

	if (v->s == NULL)
		return tv_bool(0);
	buf_puts(&t, "tel:");
	for (p = v->s; *p != '\0'; p++)
		if (*p >= '0' && *p <= '9')
			buf_putc(&t, *p);
	m = tv_map(a);
	tv_set(m, "text", val(a, v));
	tv_set(m, "tel", tv_strn(a, t.p, t.len));
	buf_free(&t);
	return m;
}

static const struct tval *
contact(struct arena *a, const struct gs_contact *c)
{
	struct tval	*m;

	if (c->pos.file == NULL)
		return tv_bool(0);
	m = tv_map(a);
	tv_set(m, "name", val(a, &c->name));
	tv_set(m, "phone", phone(a, &c->phone));
	return m;
}

static const struct tval *
text_list(struct arena *a, const struct gs_list *l)
{
	struct tval	*list = tv_list(a);
	size_t		 i;

	for (i = 0; i < l->n; i++)
		if (GS_AT(*l, struct gs_val, i)->s != NULL)
			tv_push(list, val(a, GS_AT(*l, struct gs_val, i)));
	return list;
}

static const struct tval *
joined(struct arena *a, const struct gs_list *l, const char *sep)
{
	struct buf	 t = { 0 };
	const struct tval *v;
	size_t		 i;

	for (i = 0; i < l->n; i++) {
		if (GS_AT(*l, struct gs_val, i)->s == NULL)
			continue;
		if (t.len)
			buf_puts(&t, sep);
		buf_puts(&t, GS_AT(*l, struct gs_val, i)->s);
	}
	v = t.len ? tv_strn(a, t.p, t.len) : tv_bool(0);
	buf_free(&t);
	return v;
}

/* Markdown through cmark in safe mode: raw HTML and unsafe links go. */
static const struct tval *
markdown(struct arena *a, const char *s)
{
	char		*html;
	const struct tval *v;

	if (s == NULL)
		return tv_bool(0);
	html = cmark_markdown_to_html(s, strlen(s), CMARK_OPT_DEFAULT);
	if (html == NULL)
		return tv_bool(0);
	v = tv_str(a, html);
	free(html);
	return v;
}

static size_t
area_index(const struct site_build *b, const struct gs_area *area)
{
	const struct gs_content *ct = b->c->content;
	size_t		 lo = 0, hi = ct->nareas, mid;
	int		 r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((r = strcmp(area->code.s, ct->areas[mid]->code.s)) == 0)
			return mid;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return SIZE_MAX;	/* not reached: areas come from this list */
}

static const char *
area_url(struct arena *a, const struct gs_area *area)
{
	return arena_printf(a, "area/%s/", area->code.s);
}

static size_t
area_count(const struct site_build *b, const struct gs_area *area)
{
	size_t	 i = area_index(b, area);

	return i == SIZE_MAX ? 0 : b->areas[i].n;
}

static const struct tval *
area_summary(struct site_build *b, const struct gs_area *area)
{
	struct arena	*a = &b->keep;
	struct tval	*m;
	size_t		 i = area_index(b, area);

	if (i != SIZE_MAX && b->areas[i].summary != NULL)
		return b->areas[i].summary;
	m = tv_map(a);
	tv_set(m, "code", val(a, &area->code));
	tv_set(m, "name", val(a, &area->name));
	tv_set(m, "url", str(a, area_url(&b->c->arena, area)));
	tv_set(m, "level", str(a, level_names[area->level]));
	tv_set(m, "office", contact(a, &area->office));
	tv_set(m, "ncompounds", tv_strf(a, "%zu", area_count(b, area)));
	if (i != SIZE_MAX)
		b->areas[i].summary = m;
	return m;
}

static const char *
management(const struct gs_compound *cp)
{
	return cp->profile.management.s ? cp->profile.management.s :
	    gs_management_names[GS_MANAGED];
}

static const struct tval *
compound_summary(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->keep;
	struct tval	*m = tv_map(a);

	tv_set(m, "id", val(a, &cp->id));
	tv_set(m, "name", val(a, &cp->name));
	tv_set(m, "url", tv_strf(a, "c/%s/", cp->id.s));
	tv_set(m, "address", val(a, &cp->address));
	tv_set(m, "community", val(a, &cp->community_area->name));
	tv_set(m, "management", str(a, management(cp)));
	tv_set(m, "provider", val(a, &cp->provider.name));
	tv_set(m, "data_as_of", val(a, &cp->data_as_of));
	return m;
}

static struct tval *
crumb(struct arena *a, const char *name, const char *url)
{
	struct tval	*m = tv_map(a);

	tv_set(m, "name", str(a, name));
	tv_set(m, "url", str(a, url));
	return m;
}

/* The city, then every ancestor of area (inclusive when self). */
static struct tval *
crumbs(struct site_build *b, const struct gs_area *area, int self)
{
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a);
	const struct gs_area *chain[3];
	size_t		 n = 0;

	tv_push(list, crumb(a, b->c->content->site.city.s, ""));
	for (; area != NULL && n < 3; area = area->parent)
		chain[n++] = area;
	while (n > (self ? 0 : 1)) {
		n--;
		tv_push(list, crumb(a, chain[n]->name.s,
		    area_url(a, chain[n])));
	}
	return list;
}

/* "c/x/" -> "../../": pages link relative to themselves. */
static const char *
root_of(struct arena *a, const char *path)
{
	struct buf	 t = { 0 };
	const char	*p, *r;

	for (p = path; *p != '\0'; p++)
		if (*p == '/')
			buf_puts(&t, "../");
	r = arena_strdup(a, t.len ? t.p : "./");
	buf_free(&t);
	return r;
}

static pthread_mutex_t diag_lock = PTHREAD_MUTEX_INITIALIZER;

static void
template_error(struct site_build *b, struct tpl_err *err)
{
	pthread_mutex_lock(&diag_lock);
	/* Diagnostics keep the file name: it must outlive err. */
	diag_add(&b->c->diags, arena_strdup(&b->c->arena,
	    err->file ? err->file : "layouts"), err->line, err->col,
	    SEV_ERROR, "%s", err->msg.p ? err->msg.p : "error");
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
		tv_set(x, "name", str(a, ct->pages[i]->name));
		tv_set(x, "title", val(a, &ct->pages[i]->title));
		tv_set(x, "url", str(a, url));
		tv_set(x, "current", tv_bool(strcmp(kind, "page") == 0 &&
		    strcmp(path, url) == 0));
		tv_push(list, x);
	}
	return list;
}

/*
 * Renders layouts/KIND.mustache with view plus the variables every page
 * has, into the file rel; path is the page's URL path from the root.
 */
static int
render_page(struct site_build *b, const char *kind, const char *rel,
    const char *path, const char *title, const char *root,
    struct tval *view, const struct tval *breadcrumbs)
{
	struct arena	*a = &b->page;
	struct tval	*page = tv_map(a);
	const struct tpl *t;
	struct tpl_err	 err;

	memset(&err, 0, sizeof(err));
	tv_set(page, "title", str(a, title));
	tv_set(page, "path", str(a, path));
	tv_set(page, "url", tv_strf(a, "%s%s", b->c->content->site.base_url.s,
	    path));
	tv_set(page, "kind", str(a, kind));
	tv_set(page, arena_printf(a, "is_%s", kind), tv_bool(1));
	tv_set(view, "page", page);
	tv_set(view, "site", b->site);
	tv_set(view, "root", str(a, root ? root : root_of(a, path)));
	set_list(a, view, "breadcrumbs", breadcrumbs ? breadcrumbs : tv_list(a));
	set_list(a, view, "pages", nav_pages(b, kind, path));

	if (tpl_set_get(b->set, kind, &t, &err) != 1) {
		if (err.msg.p == NULL)
			buf_printf(&err.msg, "no layout for %s pages "
			    "(layouts/%s.mustache)", kind, kind);
		template_error(b, &err);
		return -1;
	}
	buf_truncate(&b->html, 0);
	if (tpl_render(t, b->set, view, esc_html, &b->html, &err) == -1) {
		template_error(b, &err);
		return -1;
	}
	return output_file(b->out, rel, b->html.p, b->html.len);
}

/* The latest revision that touched record, or NULL. */
static const struct revision *
last_revision(const struct site_build *b, const char *record)
{
	const struct history *h = b->opts->history;
	size_t		 first;

	if (h == NULL || history_of(h, record, &first) == 0)
		return NULL;
	return &h->v[h->touch[first].rev];
}

static const struct tval *
revision_view(struct site_build *b, const struct revision *r,
    size_t first, size_t count)
{
	const struct history *h = b->opts->history;
	struct arena	*a = &b->page;
	struct tval	*m = tv_map(a), *list = tv_list(a), *x, *recs, *rec = NULL;
	const char	*last = NULL;
	size_t		 i;

	tv_set(m, "id", str(a, r->id));
	tv_set(m, "short_id", str(a, r->short_id));
	tv_set(m, "when", str(a, r->when));
	tv_set(m, "author", str(a, r->author));
	tv_set(m, "summary", str(a, r->summary));
	recs = tv_list(a);
	for (i = first; i < first + count; i++) {
		const struct change *ch = &h->changes.v[i];

		if (last == NULL || strcmp(last, ch->record) != 0) {
			rec = tv_map(a);
			list = tv_list(a);
			tv_set(rec, "record", str(a, ch->record));
			tv_set(rec, "name", str(a, ch->record_name));
			tv_set(rec, "is_compound", tv_bool(strchr(ch->record,
			    '/') == NULL));
			tv_set(rec, "url", strchr(ch->record, '/') == NULL ?
			    tv_strf(a, "c/%s/", ch->record) : tv_bool(0));
			set_list(a, rec, "changes", list);
			tv_push(recs, rec);
			last = ch->record;
		}
		x = tv_map(a);
		tv_set(x, "changed", tv_bool(ch->kind == CH_CHANGED));
		tv_set(x, "added", tv_bool(ch->kind == CH_ADDED));
		tv_set(x, "removed", tv_bool(ch->kind == CH_REMOVED));
		tv_set(x, "whole", tv_bool(*ch->path == '\0'));
		tv_set(x, "what", str(a, ch->what));
		tv_set(x, "old", shown(a, &b->tmp, &ch->old));
		tv_set(x, "new", shown(a, &b->tmp, &ch->new));
		tv_push(list, x);
		/* set_list counted the list when it was empty: recount */
		set_list(a, rec, "changes", list);
	}
	set_list(a, m, "records", recs);
	return m;
}

static const struct tval *
compound_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	const struct gs_site *site = &b->c->content->site;
	struct tval	*m = tv_map(a), *x, *list, *y;
	const struct gs_area *com = cp->community_area;
	struct buf	 t = { 0 };
	int64_t		 total;
	size_t		 i;

	tv_set(m, "id", val(a, &cp->id));
	tv_set(m, "name", val(a, &cp->name));
	set_list(a, m, "aliases", text_list(a, &cp->aliases));
	tv_set(m, "address", val(a, &cp->address));
	tv_set(m, "data_as_of", val(a, &cp->data_as_of));
	tv_set(m, "record_url", tv_strf(a, "c/%s/record.json", cp->id.s));
	tv_set(m, "community", area_summary(b, com));
	tv_set(m, "street", area_summary(b, com->parent));
	tv_set(m, "district", area_summary(b, com->parent->parent));
	tv_set(m, "stale", tv_bool(b->opts->today_given &&
	    b->opts->today - cp->data_as_of.n > STALE_DATA_DAYS));
	tv_set(m, "management", str(a, management(cp)));
	tv_set(m, "self_managed", tv_bool(cp->profile.management.s != NULL &&
	    cp->profile.management.n == GS_SELF_MANAGED));

	if (cp->profile.pos.file != NULL) {
		x = tv_map(a);
		tv_set(x, "built", count(a, &cp->profile.built));
		tv_set(x, "buildings", cp->profile.buildings.s ?
		    grouped(a, cp->profile.buildings.n) : tv_bool(0));
		tv_set(x, "households", cp->profile.households.s ?
		    grouped(a, cp->profile.households.n) : tv_bool(0));
		tv_set(x, "floor_area_m2", decimal(b, a,
		    &cp->profile.floor_area_m2));
		tv_set(x, "management", val(a, &cp->profile.management));
		tv_set(m, "profile", x);
	} else
		tv_set(m, "profile", tv_bool(0));

	if (cp->service_room.pos.file != NULL) {
		x = tv_map(a);
		tv_set(x, "area_m2", decimal(b, a, &cp->service_room.area_m2));
		tv_set(x, "location", val(a, &cp->service_room.location));
		tv_set(m, "service_room", x);
	} else
		tv_set(m, "service_room", tv_bool(0));

	if (cp->provider.pos.file != NULL) {
		x = tv_map(a);
		tv_set(x, "name", val(a, &cp->provider.name));
		tv_set(x, "uscc", val(a, &cp->provider.uscc));
		tv_set(x, "hotline_24h", phone(a, &cp->provider.hotline_24h));
		tv_set(x, "complaint_phone",
		    phone(a, &cp->provider.complaint_phone));
		tv_set(x, "manager", contact(a, &cp->provider.manager));
		tv_set(x, "party_org", val(a, &cp->provider.party_org));
		tv_set(m, "provider", x);
	} else
		tv_set(m, "provider", tv_bool(0));

	if (cp->contract.pos.file != NULL) {
		x = tv_map(a);
		tv_set(x, "kind", val(a, &cp->contract.kind));
		tv_set(x, "start", val(a, &cp->contract.start));
		tv_set(x, "end", val(a, &cp->contract.end));
		tv_set(x, "filed_on", val(a, &cp->contract.filed_on));
		tv_set(x, "ended", tv_bool(b->opts->today_given &&
		    cp->contract.end.s != NULL &&
		    cp->contract.end.n < b->opts->today));
		tv_set(m, "contract", x);
	} else
		tv_set(m, "contract", tv_bool(0));

	list = tv_list(a);
	for (i = 0; i < cp->services.n; i++) {
		const struct gs_service *s = GS_AT(cp->services,
		    struct gs_service, i);

		x = tv_map(a);
		tv_set(x, "category", val(a, &s->category));
		tv_set(x, "standard", val(a, &s->standard));
		tv_push(list, x);
	}
	set_list(a, m, "services", list);

	list = tv_list(a);
	for (i = 0; i < cp->fees.n; i++) {
		const struct gs_fee *f = GS_AT(cp->fees, struct gs_fee, i);

		x = tv_map(a);
		tv_set(x, "item", val(a, &f->item));
		tv_set(x, "amount", money(b, a, &f->amount));
		tv_set(x, "unit", val(a, &f->unit));
		tv_set(x, "pricing", val(a, &f->pricing));
		tv_set(x, "mode", val(a, &f->mode));
		tv_set(x, "basis", val(a, &f->basis));
		tv_set(x, "since", val(a, &f->since));
		tv_push(list, x);
	}
	set_list(a, m, "fees", list);

	if (cp->common_revenue.pos.file != NULL) {
		const struct gs_revenue *r = &cp->common_revenue;

		x = tv_map(a);
		tv_set(x, "period", val(a, &r->period));
		list = tv_list(a);
		for (i = 0; i < r->sources.n; i++) {
			const struct gs_revenue_source *s = GS_AT(r->sources,
			    struct gs_revenue_source, i);

			y = tv_map(a);
			tv_set(y, "source", val(a, &s->source));
			tv_set(y, "amount", money(b, a, &s->amount));
			tv_push(list, y);
		}
		set_list(a, x, "sources", list);
		list = tv_list(a);
		for (i = 0; i < r->uses.n; i++) {
			const struct gs_revenue_use *u = GS_AT(r->uses,
			    struct gs_revenue_use, i);

			y = tv_map(a);
			tv_set(y, "purpose", val(a, &u->purpose));
			tv_set(y, "amount", money(b, a, &u->amount));
			tv_set(y, "decision", val(a, &u->decision));
			tv_push(list, y);
		}
		set_list(a, x, "uses", list);
		tv_set(x, "total_sources", money_n(b, a, r->total_sources));
		tv_set(x, "total_uses", money_n(b, a, r->total_uses));
		tv_set(x, "remaining", money_n(b, a, r->total_sources -
		    r->total_uses));
		tv_set(m, "common_revenue", x);
	} else
		tv_set(m, "common_revenue", tv_bool(0));

	if (cp->maintenance_fund.pos.file != NULL) {
		const struct gs_fund *f = &cp->maintenance_fund;

		x = tv_map(a);
		tv_set(x, "as_of", val(a, &f->as_of));
		tv_set(x, "deposited", money(b, a, &f->deposited));
		tv_set(x, "interest", money(b, a, &f->interest));
		tv_set(x, "used", money(b, a, &f->used));
		tv_set(x, "balance", money(b, a, &f->balance));
		list = tv_list(a);
		for (i = 0; i < f->draws.n; i++) {
			const struct gs_fund_draw *d = GS_AT(f->draws,
			    struct gs_fund_draw, i);

			y = tv_map(a);
			tv_set(y, "date", val(a, &d->date));
			tv_set(y, "project", val(a, &d->project));
			tv_set(y, "amount", money(b, a, &d->amount));
			tv_set(y, "approval", val(a, &d->approval));
			tv_push(list, y);
		}
		set_list(a, x, "draws", list);
		tv_set(m, "maintenance_fund", x);
	} else
		tv_set(m, "maintenance_fund", tv_bool(0));

	list = tv_list(a);
	for (i = 0; i < cp->contractors.n; i++) {
		const struct gs_contractor *k = GS_AT(cp->contractors,
		    struct gs_contractor, i);

		x = tv_map(a);
		tv_set(x, "system", val(a, &k->system));
		tv_set(x, "company", val(a, &k->company));
		tv_set(x, "phone", phone(a, &k->phone));
		tv_push(list, x);
	}
	set_list(a, m, "contractors", list);

	{
		const struct gs_committee *oc = &cp->owners_committee;

		x = tv_map(a);
		tv_set(x, "status", val(a, &oc->status));
		tv_set(x, "established", tv_bool(oc->status.n == GS_COMMITTEE));
		tv_set(x, "not_established",
		    tv_bool(oc->status.n == GS_NO_COMMITTEE));
		tv_set(x, "management_committee",
		    tv_bool(oc->status.n == GS_MANAGEMENT_COMMITTEE));
		if (oc->term.pos.file != NULL) {
			y = tv_map(a);
			tv_set(y, "start", val(a, &oc->term.start));
			tv_set(y, "end", val(a, &oc->term.end));
			tv_set(x, "term", y);
		} else
			tv_set(x, "term", tv_bool(0));
		list = tv_list(a);
		for (i = 0; i < oc->members.n; i++) {
			const struct gs_member *mb = GS_AT(oc->members,
			    struct gs_member, i);

			y = tv_map(a);
			tv_set(y, "role", val(a, &mb->role));
			tv_set(y, "name", val(a, &mb->name));
			tv_push(list, y);
		}
		set_list(a, x, "members", list);
		tv_set(x, "phone", phone(a, &oc->phone));
		list = tv_list(a);
		for (i = 0; i < oc->decisions.n; i++) {
			const struct gs_decision *d = GS_AT(oc->decisions,
			    struct gs_decision, i);

			y = tv_map(a);
			tv_set(y, "date", val(a, &d->date));
			tv_set(y, "text", val(a, &d->text));
			tv_push(list, y);
		}
		set_list(a, x, "decisions", list);
		tv_set(m, "owners_committee", x);
	}

	list = tv_list(a);
	for (i = 0; i < cp->supervision.n; i++) {
		const struct gs_supervisor *s = GS_AT(cp->supervision,
		    struct gs_supervisor, i);
		const struct gs_department *d = s->dept;

		x = tv_map(a);
		if (d != NULL) {
			tv_set(x, "name", val(a, &d->name));
			set_list(a, x, "duties", text_list(a, &d->duties));
			tv_set(x, "duties_text", joined(a, &d->duties, "、"));
			tv_set(x, "phone", phone(a, &d->phone));
			tv_set(x, "contact", val(a, &d->contact));
			tv_set(x, "url", tv_strf(a, "departments/#dept-%s",
			    d->id.s));
		} else {
			tv_set(x, "name", val(a, &s->name));
			set_list(a, x, "duties", text_list(a, &s->duties));
			tv_set(x, "duties_text", joined(a, &s->duties, "、"));
			tv_set(x, "phone", phone(a, &s->phone));
			tv_set(x, "contact", tv_bool(0));
			tv_set(x, "url", tv_bool(0));
		}
		tv_push(list, x);
	}
	set_list(a, m, "supervision", list);

	list = tv_list(a);
	for (i = 0; i < cp->grid.n; i++) {
		const struct gs_grid_row *g = GS_AT(cp->grid,
		    struct gs_grid_row, i);

		x = tv_map(a);
		tv_set(x, "building", val(a, &g->building));
		tv_set(x, "grid_member", contact(a, &g->grid_member));
		tv_set(x, "steward", contact(a, &g->steward));
		tv_push(list, x);
	}
	set_list(a, m, "grid", list);

	list = tv_list(a);
	for (i = 0; i < cp->commitments.n; i++) {
		const struct gs_commitment *k = GS_AT(cp->commitments,
		    struct gs_commitment, i);

		x = tv_map(a);
		tv_set(x, "tier", val(a, &k->tier));
		tv_set(x, "respond_min", count(a, &k->respond_min));
		tv_set(x, "plan_min", count(a, &k->plan_min));
		tv_set(x, "written_h", count(a, &k->written_h));
		tv_set(x, "solve_d", count(a, &k->solve_d));
		buf_truncate(&t, 0);
		format_commitment(&t, k);
		tv_set(x, "text", t.len ? tv_strn(a, t.p, t.len) : tv_bool(0));
		tv_push(list, x);
	}
	set_list(a, m, "commitments", list);

	if (cp->evaluation.pos.file != NULL) {
		const struct gs_scores *e = &cp->evaluation;
		const struct gs_site_evaluation *se = &site->evaluation;
		const char	*band = NULL;

		x = tv_map(a);
		tv_set(x, "year", count(a, &e->year));
		tv_set(x, "satisfaction", decimal(b, a, &e->satisfaction));
		tv_set(x, "onsite", decimal(b, a, &e->onsite));
		tv_set(x, "party", decimal(b, a, &e->party));
		y = tv_map(a);
		tv_set(y, "satisfaction", decimal(b, a,
		    &se->weights.satisfaction));
		tv_set(y, "onsite", decimal(b, a, &se->weights.onsite));
		tv_set(y, "party", decimal(b, a, &se->weights.party));
		tv_set(x, "weights", y);
		buf_truncate(&t, 0);
		format_value(&t, FT_DECIMAL, se->weights.satisfaction.n +
		    se->weights.onsite.n + se->weights.party.n, "",
		    FORM_HUMAN);
		tv_set(x, "max", tv_strn(a, t.p, t.len));
		list = tv_list(a);
		for (i = 0; i < se->bands.n; i++) {
			const struct gs_band *bd = GS_AT(se->bands,
			    struct gs_band, i);

			y = tv_map(a);
			tv_set(y, "min", decimal(b, a, &bd->min));
			tv_set(y, "label", str(a, bd->label.s));
			/* Bands run from highest: the one above bounds it. */
			tv_set(y, "below", i > 0 ? decimal(b, a, &GS_AT(
			    se->bands, struct gs_band, i - 1)->min) :
			    tv_bool(0));
			tv_set(y, "lowest", tv_bool(bd->min.n == 0));
			tv_push(list, y);
		}
		set_list(a, x, "bands", list);
		total = e->satisfaction.n + e->onsite.n + e->party.n;
		buf_truncate(&t, 0);
		format_value(&t, FT_DECIMAL, total, "", FORM_HUMAN);
		tv_set(x, "total", tv_strn(a, t.p, t.len));
		for (i = 0; i < se->bands.n && band == NULL; i++)
			if (GS_AT(se->bands, struct gs_band, i)->min.n <= total)
				band = GS_AT(se->bands, struct gs_band,
				    i)->label.s;
		tv_set(x, "band", str(a, band));
		tv_set(m, "evaluation", x);
	} else
		tv_set(m, "evaluation", tv_bool(0));

	tv_set(m, "notice_html", markdown(a, cp->notice.s));
	{
		const struct revision *r = last_revision(b, cp->id.s);

		if (r != NULL) {
			x = tv_map(a);
			tv_set(x, "id", str(a, r->id));
			tv_set(x, "short_id", str(a, r->short_id));
			tv_set(x, "when", str(a, r->when));
			tv_set(x, "summary", str(a, r->summary));
			tv_set(m, "revision", x);
		} else
			tv_set(m, "revision", tv_bool(0));
		tv_set(m, "history_url", b->opts->history ? tv_strf(a,
		    "c/%s/history/", cp->id.s) : tv_bool(0));
	}
	buf_free(&t);
	return m;
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
	return render_page(b, "compound", rel, path, cp->name.s, NULL, view,
	    crumbs(b, cp->community_area, 1));
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
		tv_set(m, "code", val(a, &area->code));
		tv_set(m, "name", val(a, &area->name));
		tv_set(m, "level", str(a, level_names[area->level]));
		tv_set(m, "office", contact(a, &area->office));
		tv_set(m, "parent", area->parent ?
		    area_summary(b, area->parent) : tv_bool(0));
		tv_set(view, "area", m);
		list = tv_list(a);
		for (j = 0; j < area->children.n; j++)
			tv_push(list, area_summary(b,
			    GS_AT(area->children, struct gs_area, j)));
		set_list(a, view, "children", list);
		tv_set(view, "child_level", area->level < GS_COMMUNITY ?
		    str(a, level_names[area->level + 1]) : tv_bool(0));
		list = tv_list(a);
		for (j = 0; j < info->n; j++)
			tv_push(list, b->summaries[info->compounds[j]]);
		set_list(a, view, "compounds", list);
		list = tv_list(a);
		for (j = 0; j < info->ndepts; j++) {
			const struct gs_department *d = info->depts[j];

			m = tv_map(a);
			tv_set(m, "id", val(a, &d->id));
			tv_set(m, "name", val(a, &d->name));
			tv_set(m, "url", tv_strf(a, "departments/#dept-%s",
			    d->id.s));
			tv_set(m, "phone", phone(a, &d->phone));
			tv_push(list, m);
		}
		set_list(a, view, "departments", list);
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
	int		 rc;

	arena_reset(a);
	view = tv_map(a);
	tv_set(view, "c", b->summaries[i]);
	{
		const struct revision *r = last_revision(b, cp->id.s);

		/* The commit once published, the file's blob id until then. */
		snprintf(rev, sizeof(rev), "%.12s", r ? r->id : cp->blob);
	}
	board_view(a, view, ct, cp, rev);
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

/* /boards/, for office staff. */
static int
build_boards(struct site_build *b)
{
	const struct gs_content *ct = b->c->content;
	struct arena	*a = &b->page;
	struct tval	*view, *groups, *g, *list, *x;
	size_t		 i, j;

	arena_reset(a);
	view = tv_map(a);
	groups = tv_list(a);
	for (i = 0; i < ct->nareas; i++) {
		const struct gs_area *area = ct->areas[i];

		if (area->level != GS_COMMUNITY || b->areas[i].n == 0)
			continue;
		g = tv_map(a);
		tv_set(g, "community", area_summary(b, area));
		tv_set(g, "street", area_summary(b, area->parent));
		tv_set(g, "district", area_summary(b, area->parent->parent));
		list = tv_list(a);
		for (j = 0; j < b->areas[i].n; j++) {
			const struct gs_compound *cp =
			    ct->compounds[b->areas[i].compounds[j]];

			x = tv_map(a);
			tv_set(x, "id", val(a, &cp->id));
			tv_set(x, "name", val(a, &cp->name));
			tv_set(x, "url", tv_strf(a, "c/%s/", cp->id.s));
			tv_set(x, "board_url", tv_strf(a, "c/%s/board.html",
			    cp->id.s));
			tv_set(x, "data_as_of", val(a, &cp->data_as_of));
			tv_push(list, x);
		}
		set_list(a, g, "compounds", list);
		tv_push(groups, g);
	}
	set_list(a, view, "communities", groups);
	{
		double		 w, h;
		const char	*paper, *orient;

		board_sheet(&ct->site, &w, &h, &paper, &orient);
		tv_set(view, "paper", str(a, paper));
		tv_set(view, "orientation", str(a, orient));
	}
	return render_page(b, "boards", "boards/index.html", "boards/",
	    "公示栏打印", NULL, view, crumbs(b, NULL, 0));
}

#define CHANGES_MAX	50	/* revisions on /changes/ and in the feed */

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
	tv_set(view, "c", b->summaries[i]);
	list = tv_list(a);
	n = history_of(h, cp->id.s, &first);
	for (k = 0; k < n; k++) {
		const struct revision *r = &h->v[h->touch[first + k].rev];
		size_t	 j, m;

		m = revision_changes_of(h, r, cp->id.s, &j);
		tv_push(list, revision_view(b, r, j, m));
	}
	set_list(a, view, "revisions", list);
	return render_page(b, "history", arena_printf(a,
	    "c/%s/history/index.html", cp->id.s), arena_printf(a,
	    "c/%s/history/", cp->id.s), arena_printf(a, "%s 公示变更记录",
	    cp->name.s), NULL, view, crumbs(b, cp->community_area, 1));
}

/* /c/ID/history/, /changes/ and /feed.xml: only with a repository. */
static int
build_history(struct site_build *b)
{
	const struct history *h = b->opts->history;
	const struct gs_content *ct = b->c->content;
	struct arena	*a = &b->page;
	struct tval	*view, *list;
	struct buf	 feed = { 0 }, text = { 0 };
	const char	*base = ct->site.base_url.s;
	size_t		 i;
	int		 rc;

	if (h == NULL)
		return 0;
	arena_reset(a);
	view = tv_map(a);
	list = tv_list(a);
	for (i = 0; i < h->n && i < CHANGES_MAX; i++)
		tv_push(list, revision_view(b, &h->v[i], h->v[i].first,
		    h->v[i].count));
	set_list(a, view, "revisions", list);
	tv_set(view, "feed_url", str(a, "feed.xml"));
	if (render_page(b, "changes", "changes/index.html", "changes/",
	    "最近变更", NULL, view, crumbs(b, NULL, 0)) == -1)
		return -1;

	/* Atom: every time in it comes from the commits, none from now. */
	buf_puts(&feed, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>");
	esc_xml(&feed, ct->site.title.s, strlen(ct->site.title.s));
	buf_puts(&feed, " · 最近变更</title>\n<id>");
	esc_xml(&feed, base, strlen(base));
	buf_puts(&feed, "changes/</id>\n<link rel=\"alternate\" href=\"");
	esc_xml(&feed, base, strlen(base));
	buf_puts(&feed, "changes/\"/>\n<link rel=\"self\" href=\"");
	esc_xml(&feed, base, strlen(base));
	buf_printf(&feed, "feed.xml\"/>\n<updated>%s</updated>\n",
	    h->n ? h->v[0].when_iso : "1970-01-01T00:00:00Z");
	for (i = 0; i < h->n && i < CHANGES_MAX; i++) {
		const struct revision *r = &h->v[i];
		struct changes	 one = h->changes;

		one.v = h->changes.v + r->first;
		one.n = r->count;
		buf_truncate(&text, 0);
		changes_text(&one, &text, "");
		buf_printf(&feed, "<entry>\n<id>urn:gongshi:commit:%s</id>\n"
		    "<title>", r->id);
		esc_xml(&feed, r->summary, strlen(r->summary));
		buf_printf(&feed, "</title>\n<updated>%s</updated>\n<author>"
		    "<name>", r->when_iso);
		esc_xml(&feed, r->author, strlen(r->author));
		buf_puts(&feed, "</name></author>\n<link href=\"");
		esc_xml(&feed, base, strlen(base));
		buf_printf(&feed, "changes/#r-%s\"/>\n<content type=\"text\">",
		    r->short_id);
		esc_xml(&feed, text.p ? text.p : "", text.len);
		buf_puts(&feed, "</content>\n</entry>\n");
	}
	buf_puts(&feed, "</feed>\n");
	rc = output_file(b->out, "feed.xml", feed.p, feed.len);
	buf_free(&feed);
	buf_free(&text);
	return rc;
}

static int
build_departments(struct site_build *b)
{
	const struct gs_content *ct = b->c->content;
	struct arena	*a = &b->page;
	struct tval	*view, *list, *m, *cs, *x;
	size_t		 i, j;

	arena_reset(a);
	view = tv_map(a);
	list = tv_list(a);
	for (i = 0; i < ct->departments.n; i++) {
		const struct gs_department *d = GS_AT(ct->departments,
		    struct gs_department, i);

		m = tv_map(a);
		tv_set(m, "id", val(a, &d->id));
		tv_set(m, "anchor", tv_strf(a, "dept-%s", d->id.s));
		tv_set(m, "name", val(a, &d->name));
		set_list(a, m, "duties", text_list(a, &d->duties));
		tv_set(m, "duties_text", joined(a, &d->duties, "、"));
		tv_set(m, "phone", phone(a, &d->phone));
		tv_set(m, "contact", val(a, &d->contact));
		tv_set(m, "scope", d->scope_area ?
		    area_summary(b, d->scope_area) : tv_bool(0));
		cs = tv_list(a);
		for (j = 0; j < b->depts[i].n; j++) {
			const struct gs_compound *cp =
			    ct->compounds[b->depts[i].compounds[j]];

			x = tv_map(a);
			tv_set(x, "name", val(a, &cp->name));
			tv_set(x, "url", tv_strf(a, "c/%s/", cp->id.s));
			tv_push(cs, x);
		}
		set_list(a, m, "compounds", cs);
		tv_push(list, m);
	}
	set_list(a, view, "departments", list);
	return render_page(b, "departments", "departments/index.html",
	    "departments/", "监管部门及投诉受理电话", NULL, view,
	    crumbs(b, NULL, 0));
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
	tv_set(counts, "compounds", tv_strf(a, "%zu", ct->ncompounds));
	tv_set(counts, "districts", tv_strf(a, "%zu", nlevel[GS_DISTRICT]));
	tv_set(counts, "streets", tv_strf(a, "%zu", nlevel[GS_STREET]));
	tv_set(counts, "communities", tv_strf(a, "%zu",
	    nlevel[GS_COMMUNITY]));
	tv_set(counts, "departments", tv_strf(a, "%zu", ct->departments.n));
	tv_set(counts, "households", grouped(a, households));
	tv_set(counts, "buildings", grouped(a, buildings));
	tv_set(view, "counts", counts);
	list = tv_list(a);
	for (i = 0; i < ct->districts.n; i++)
		tv_push(list, area_summary(b, GS_AT(ct->districts,
		    struct gs_area, i)));
	set_list(a, view, "districts", list);
	tv_set(view, "search_index_url", str(a, "search-index.json"));
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
		tv_set(view, "body_html", markdown(a, pg->body));
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

	tv_set(m, "title", val(a, &s->title));
	tv_set(m, "city", val(a, &s->city));
	tv_set(m, "publisher", val(a, &s->publisher));
	tv_set(m, "language", val(a, &s->language));
	tv_set(m, "base_url", val(a, &s->base_url));
	tv_set(m, "generator", str(a, "gongshi " VERSION));
	tv_set(m, "has_history", tv_bool(b->opts->history != NULL));
	list = tv_list(a);
	for (i = 0; i < s->hotlines.n; i++)
		tv_push(list, contact(a, GS_AT(s->hotlines, struct gs_contact,
		    i)));
	set_list(a, m, "hotlines", list);
	list = tv_list(a);
	for (i = 0; i < ct->npages; i++) {
		x = tv_map(a);
		tv_set(x, "name", str(a, ct->pages[i]->name));
		tv_set(x, "title", val(a, &ct->pages[i]->title));
		tv_set(x, "url", tv_strf(a, "pages/%s/", ct->pages[i]->name));
		tv_push(list, x);
	}
	set_list(a, m, "pages", list);
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
	b->summaries = xcalloc(ct->ncompounds ? ct->ncompounds : 1,
	    sizeof(*b->summaries));
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
			push_index(&b->areas[ai].compounds, &b->areas[ai].n,
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
			push_index(&b->depts[k].compounds, &b->depts[k].n,
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
	for (i = 0; i < ct->ncompounds; i++)
		b->summaries[i] = compound_summary(b, ct->compounds[i]);
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
			buf_printf(msg, "'%s' is not a layout name (use a-z, "
			    "0-9, - and _)", name);
			return -1;
		}
	buf_printf(&src->path, "layouts/%s.mustache", name);
	if (ctx_read(b->c, src->path.p, LAYOUT_MAX, &src->text) == -1) {
		if (errno == ENOENT)
			buf_printf(msg, "no layout named '%s' (%s: %s)", name,
			    src->path.p, strerror(errno));
		else if (errno == EFBIG)
			buf_printf(msg, "%s is larger than %d KiB, the most a "
			    "layout may have", src->path.p, LAYOUT_MAX / 1024);
		else
			buf_printf(msg, "%s %s", src->path.p,
			    read_problem(errno));
		return -1;
	}
	return 1;
}

/* Parses every page layout and what it includes before anything is
 * written, so a broken layout stops the build with all its places.
 * `gongshi boards` needs the board layout alone. */
static int
load_layouts(struct site_build *b, int board_only)
{
	static const char *const kinds[] = { "board", "index", "area",
		"compound", "departments", "page", "404", "boards", "history",
		"changes" };
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
	free(b->summaries);
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

	if (build_compound(b, i) == -1 || build_board(b, i) == -1 ||
	    build_history_page(b, i) == -1)
		return -1;
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
	struct jobs	 j;

	memset(&j, 0, sizeof(j));
	j.n = b->c->content->ncompounds;
	j.min_each = PAGES_PER_THREAD;
	j.max_threads = 8;
	j.shared = b;
	j.open = page_open;
	j.job = build_compound_pages;
	j.close = page_close;
	if (jobs_run(&j) == -1) {
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
	if (build_index(&b) == -1 || build_areas(&b) == -1 ||
	    build_all_compounds(&b) == -1 || build_boards(&b) == -1 ||
	    build_history(&b) == -1 ||
	    build_departments(&b) == -1 ||
	    build_pages(&b) == -1 || build_404(&b) == -1 ||
	    write_data(c, out) == -1 || copy_assets(c, out) == -1 ||
	    write_stamp(out, o->stamp) == -1)
		goto out;
	rc = 0;
out:
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
    const struct history *hist, const char ***written, size_t *nwritten)
{
	const struct gs_content *ct = c->content;
	struct site_build b;
	struct build_opts o;
	size_t		 i, j;
	int		 rc = -1;

	memset(&b, 0, sizeof(b));
	memset(&o, 0, sizeof(o));
	o.history = hist;	/* the revision printed on each board */
	b.c = c;
	b.out = out;
	b.opts = &o;
	b.set = tpl_set_new(load_layout, &b);
	*written = xcalloc(ct->ncompounds + 1, sizeof(**written));
	*nwritten = 0;
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
	for (i = 0; i < ct->ncompounds; i++) {
		for (j = 0; j < nids; j++)
			if (strcmp(ct->compounds[i]->id.s, ids[j]) == 0)
				break;
		if (nids > 0 && j == nids)
			continue;
		if (build_board(&b, i) == -1)
			goto out;
		(*written)[(*nwritten)++] = arena_printf(&c->arena,
		    "c/%s/board.html", ct->compounds[i]->id.s);
	}
	rc = 0;
out:
	site_build_free(&b);
	return rc;
}
