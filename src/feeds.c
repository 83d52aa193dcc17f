/*
 * The history readers follow: /changes/ and every area's
 * /area/CODE/changes/, paginated newest first, and their Atom feeds
 * (/feed.xml, /area/CODE/feed.xml), each entry carrying its changes in
 * plain words.  Only with a repository; every time comes from the
 * commits, none from the clock.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "escape.h"
#include "gongshi.h"
#include "history.h"
#include "memo.h"
#include "output.h"
#include "plain.h"
#include "site.h"
#include "stamp.h"
#include "template.h"
#include "view.h"

#define PER_PAGE	25	/* revisions on one changes page */
#define FEED_MAX	50	/* entries in a feed */
#define RECORDS_MAX	30	/* records of one revision on a changes
				   page (a first publication has them all) */
#define LINES_MAX	60	/* sentences in one feed entry */
#define GONGSHI_NS	"urn:gongshi:history:1"	/* the chain's elements */

/* The revisions one page or feed lists, and whose changes it shows. */
struct scope {
	const size_t	*revs;		/* indexes in history.v, newest first */
	size_t		 n;
	const struct gs_area *area;	/* NULL: the whole city */
	const char	*dir;		/* "changes/" or "area/CODE/changes/" */
	const char	*feed;		/* "feed.xml" or "area/CODE/feed.xml" */
	const char	*title;		/* for people */
	/* Each change's compound's community (NULL: not a compound's),
	 * parallel to history.changes: found once, not once an area. */
	const struct gs_area *const *where;
};


/* Whether change i of the history belongs on the scope's pages. */
static int
in_scope(const struct scope *s, size_t i)
{
	const struct gs_area *x;

	if (s->area == NULL)
		return 1;
	for (x = s->where[i]; x != NULL; x = x->parent)
		if (x == s->area)
			return 1;
	return 0;
}

/*
 * The run of changes to one record that starts at change i of r: its
 * end, and whether it belongs on the scope's pages.  Out of scope it
 * is one change long: a record's changes share its place, and
 * comparing record names is what costs.
 */
static int
scoped_run(const struct history *h, const struct scope *s,
    const struct revision *r, size_t i, size_t *end)
{
	if (!in_scope(s, i)) {
		*end = i + 1;
		return 0;
	}
	for (*end = i + 1; *end < r->first + r->count &&
	    strcmp(h->changes.v[*end].record, h->changes.v[i].record) == 0;
	    ++*end)
		continue;
	return 1;
}

/*
 * A revision's changes within the scope, as a view: those of records
 * outside the area are left out, so each run of records is viewed on
 * its own and merged.
 */
static const struct tval *
scoped_view(struct site_build *b, const struct scope *s,
    const struct revision *r)
{
	const struct history *h = b->opts->history;
	struct arena	*a = &b->page;
	struct tval	*m = NULL, *recs = tv_list(a);
	const struct tval *one, *list;
	size_t		 i, j, end;

	if (s->area == NULL)
		return revision_view(b, r, r->first, r->count);
	for (i = r->first; i < r->first + r->count; i = end) {
		if (!scoped_run(h, s, r, i, &end))
			continue;
		one = revision_view(b, r, i, end - i);
		if (m == NULL)
			m = (struct tval *)one;
		list = tv_get(one, "records");
		for (j = 0; list != NULL && j < list->u.list.n; j++)
			tv_push(recs, list->u.list.v[j]);
	}
	if (m == NULL)
		return revision_view(b, r, r->first, 0);
	view_list(a, m, "records", recs);
	return m;
}

/* The sentences of a revision within the scope, one a line. */
static void
scoped_text(const struct history *h, const struct gs_content *ct,
    const struct scope *s, const struct revision *r, struct buf *out)
{
	size_t	 i, end;

	for (i = r->first; i < r->first + r->count; i = end)
		if (scoped_run(h, s, r, i, &end))
			changes_plain(h->changes.v + i, end - i, out, "", ct);
}

/*
 * A revision that touched more records than a page should hold (the
 * city's first publication) shows the first RECORDS_MAX, and says how
 * many more; each compound's history page lists its own.
 */
static const struct tval *
capped(struct arena *a, const struct tval *rev)
{
	const struct tval *recs = tv_get(rev, "records");
	struct tval	*m = (struct tval *)rev, *keep;
	size_t		 i, n = recs != NULL && recs->type == TV_LIST ?
	    recs->u.list.n : 0;

	tv_set(m, "more_records", tv_bool(0));
	if (n <= RECORDS_MAX)
		return rev;
	keep = tv_list(a);
	for (i = 0; i < RECORDS_MAX; i++)
		tv_push(keep, recs->u.list.v[i]);
	view_list(a, m, "records", keep);
	tv_set(m, "more_records", tv_strf(a, "%zu", n - RECORDS_MAX));
	return rev;
}

static const char *
page_dir(struct arena *a, const struct scope *s, size_t page)
{
	return page == 0 ? s->dir : arena_printf(a, "%s%zu/", s->dir,
	    page + 1);
}

/*
 * The changes pages one level down (the districts of the city, the
 * streets of a district…), so a reader narrows to their own area.
 */
static struct tval *
sub_scopes(struct site_build *b, const struct scope *s)
{
	const struct gs_list *l = s->area ? &s->area->children :
	    &b->c->content->districts;
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *m;
	size_t		 i;

	for (i = 0; i < l->n; i++) {
		const struct gs_area *x = GS_AT(*l, struct gs_area, i);

		m = tv_map(a);
		tv_set(m, "name", view_val(a, &x->name));
		tv_set(m, "url", tv_strf(a, "area/%s/changes/", x->code.s));
		tv_push(list, m);
	}
	return list;
}

/* One page of a scope's revisions. */
static int
changes_page(struct site_build *b, const struct scope *s, size_t page,
    size_t pages)
{
	const struct history *h = b->opts->history;
	struct arena	*a = &b->page;
	struct tval	*view, *list, *p;
	const char	*path;
	size_t		 i;

	arena_reset(a);
	view = tv_map(a);
	list = tv_list(a);
	for (i = page * PER_PAGE; i < s->n && i < (page + 1) * PER_PAGE; i++)
		tv_push(list, capped(a, scoped_view(b, s, &h->v[s->revs[i]])));
	view_list(a, view, "revisions", list);
	tv_set(view, "total", tv_strf(a, "%zu", s->n));
	tv_set(view, "feed_url", view_str(a, s->feed));
	tv_set(view, "scope_title", view_str(a, s->title));
	tv_set(view, "area", s->area ? area_summary(b, s->area) : tv_bool(0));
	tv_set(view, "with_names", tv_bool(1));
	view_list(a, view, "sub_scopes", sub_scopes(b, s));
	p = tv_map(a);
	tv_set(p, "number", tv_strf(a, "%zu", page + 1));
	tv_set(p, "pages", tv_strf(a, "%zu", pages));
	tv_set(p, "prev_url", page > 0 ? view_str(a, page_dir(a, s,
	    page - 1)) : tv_bool(0));
	tv_set(p, "next_url", page + 1 < pages ? view_str(a, page_dir(a, s,
	    page + 1)) : tv_bool(0));
	tv_set(view, "pagination", pages > 1 ? p : tv_bool(0));
	path = page_dir(a, s, page);
	/* Its newest revision, not the site's head. */
	page_revision(b, NULL, 0);
	if (page * PER_PAGE < s->n)
		b->page_rev = newer_revision(b->page_rev,
		    &h->v[s->revs[page * PER_PAGE]]);
	return render_page(b, "changes", arena_printf(a, "%sindex.html",
	    path), path, page == 0 ? arena_printf(a, "%s变更记录", s->title) :
	    arena_printf(a, "%s变更记录（第%zu页）", s->title, page + 1), NULL,
	    view, s->area ? crumbs(b, s->area, 1) : crumbs(b, NULL, 0));
}

static void
xml(struct buf *out, const char *s)
{
	esc_xml(out, s, strlen(s));
}

/* Keeps the first most lines of text, saying how many more there were. */
static void
cap_lines(struct buf *text, size_t most)
{
	size_t	 i, lines = 0, cut = 0;

	for (i = 0; i < text->len; i++)
		if (text->p[i] == '\n' && ++lines == most)
			cut = i + 1;
	if (lines <= most || cut == 0)
		return;
	buf_truncate(text, cut);
	buf_printf(text, "……另有%zu项改动，见网站上的变更记录\n", lines - most);
}

/*
 * A scope's Atom feed: its latest revisions, each with its sentences.
 * In the memo under the scope's key, when it has one.
 */
static int
write_feed(struct site_build *b, const struct scope *s,
    const unsigned char *key)
{
	const struct history *h = b->opts->history;
	const struct gs_content *ct = b->c->content;
	const char	*base = ct->site.base_url.s;
	struct buf	 feed = { 0 }, text = { 0 };
	size_t		 i;
	int		 rc;

	buf_puts(&feed, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
	    "xmlns:gongshi=\"" GONGSHI_NS "\" xml:lang=\"zh-CN\">\n"
	    "<title>");
	xml(&feed, ct->site.title.s);
	buf_puts(&feed, " · ");
	xml(&feed, s->title);
	buf_puts(&feed, "变更记录</title>\n<id>");
	xml(&feed, base);
	xml(&feed, s->dir);
	buf_puts(&feed, "</id>\n<link rel=\"alternate\" type=\"text/html\" "
	    "href=\"");
	xml(&feed, base);
	xml(&feed, s->dir);
	buf_puts(&feed, "\"/>\n<link rel=\"self\" href=\"");
	xml(&feed, base);
	xml(&feed, s->feed);
	buf_puts(&feed, "\"/>\n<link rel=\"related\" "
	    "type=\"application/json\" href=\"");
	xml(&feed, base);
	buf_puts(&feed, "revision.json\"/>\n");
	buf_printf(&feed, "<updated>%s</updated>\n<author><name>",
	    s->n ? h->v[s->revs[0]].when_iso : "1970-01-01T00:00:00Z");
	xml(&feed, ct->site.publisher.s);
	buf_puts(&feed, "</name></author>\n");
	/* The chain: the city's feed names the site's head, so a saved
	 * feed can be checked against a later one (git merge-base
	 * --is-ancestor); an area's names only its entries' commits, so
	 * it changes only with its own publications. */
	if (s->area == NULL) {
		buf_printf(&feed, "<gongshi:head commit=\"%s\"",
		    h->head.id);
		if (h->head.parent[0] != '\0')
			buf_printf(&feed, " parent=\"%s\"", h->head.parent);
		buf_puts(&feed, "/>\n");
	}
	for (i = 0; i < s->n && i < FEED_MAX; i++) {
		const struct revision *r = &h->v[s->revs[i]];

		buf_truncate(&text, 0);
		buf_printf(&text, "%s发布：%s\n", r->when_words, r->summary);
		if (r->as != SIGNED_NONE)
			buf_printf(&text, "发布单位：%s（%s）\n",
			    r->as == SIGNED_GOOD || r->as == SIGNED_SCOPE ?
			    publisher_of(r) : "无法确认",
			    signature_words(r->as));
		scoped_text(h, ct, s, r, &text);
		cap_lines(&text, LINES_MAX + 1);
		buf_printf(&feed, "<entry>\n<id>urn:gongshi:commit:%s</id>\n"
		    "<title>", r->id);
		xml(&feed, r->date_words);
		buf_puts(&feed, " ");
		xml(&feed, r->summary);
		buf_printf(&feed, "</title>\n<published>%s</published>\n"
		    "<updated>%s</updated>\n<author><name>", r->when_iso,
		    r->when_iso);
		xml(&feed, publisher_of(r));
		buf_printf(&feed, "</name></author>\n<gongshi:commit id=\"%s\"",
		    r->id);
		if (r->parent[0] != '\0')
			buf_printf(&feed, " parent=\"%s\"", r->parent);
		if (r->as != SIGNED_NONE)
			buf_printf(&feed, " signature=\"%s\"",
			    signature_code(r->as));
		buf_puts(&feed, "/>\n<link rel=\"alternate\" "
		    "type=\"text/html\" href=\"");
		xml(&feed, base);
		xml(&feed, page_dir(&b->page, s, i / PER_PAGE));
		buf_printf(&feed, "#r-%s\"/>\n<content type=\"text\">",
		    r->short_id);
		esc_xml(&feed, text.p, text.len);
		buf_puts(&feed, "</content>\n</entry>\n");
	}
	buf_puts(&feed, "</feed>\n");
	rc = output_file(b->out, s->feed, feed.p, feed.len);
	if (rc != -1 && key != NULL)
		memo_put(b->out->memo, s->feed, key, feed.p, feed.len);
	buf_free(&feed);
	buf_free(&text);
	return rc == -1 ? -1 : 0;
}

/*
 * The fingerprint of everything an area's changes pages and feed are
 * made from, into fp: what every page is made from (others_id), the
 * revisions that touched the area, and the compounds in it now (a
 * change is on the area's pages when its compound is).  The city's
 * pages change with every publication: they have none.  0 when there
 * is none.
 */
static int
scope_key(struct site_build *b, const struct scope *s,
    unsigned char fp[MEMO_FP])
{
	const struct history *h = b->opts->history;
	const struct gs_content *ct = b->c->content;
	const struct area_info *info;
	struct memo_print p;
	size_t		 i, ai;

	if (b->out->memo == NULL || s->area == NULL ||
	    (ai = area_index(b, s->area)) == SIZE_MAX)
		return 0;
	info = &b->areas[ai];
	memo_print_begin(&p, b->out->memo, "changes scope", s->dir);
	memo_print_id(&p, b->others_id);
	memo_print_num(&p, s->n);
	for (i = 0; i < s->n; i++) {
		const struct revision *r = &h->v[s->revs[i]];

		memo_print_str(&p, r->id);
		memo_print_num(&p, (size_t)r->as);
		memo_print_str(&p, r->party ? r->party : "");
	}
	memo_print_num(&p, info->n);
	for (i = 0; i < info->n; i++)
		memo_print_str(&p, ct->compounds[info->compounds[i]]->id.s);
	memo_print_end(&p, fp);
	return 1;
}

/*
 * A scope's pages (one at least, saying there is nothing yet) and
 * feed, or the last build's when its key is the memo's and the site
 * still holds them.
 */
static int
build_scope(struct site_build *b, const struct scope *s)
{
	size_t	 page, pages = s->n ? (s->n + PER_PAGE - 1) / PER_PAGE : 1;
	unsigned char key[MEMO_FP];
	const char **rels;
	int	 keyed, rc = 0;

	if ((keyed = scope_key(b, s, key))) {
		arena_reset(&b->page);
		rels = xcalloc(pages + 1, sizeof(*rels));
		for (page = 0; page < pages; page++)
			rels[page] = arena_printf(&b->page, "%sindex.html",
			    page_dir(&b->page, s, page));
		rels[pages] = s->feed;
		rc = group_reuse(b, s->dir, key, rels, pages + 1);
		free(rels);
		if (rc == 1)
			return 0;
	}
	for (page = 0; page < pages; page++)
		if (changes_page(b, s, page, pages) == -1)
			return -1;
	if (write_feed(b, s, keyed ? key : NULL) == -1)
		return -1;
	if (keyed)
		memo_carry(b->out->memo, s->dir, key, no_blob);
	return 0;
}

static int
cmp_size(const void *pa, const void *pb)
{
	size_t	 a = *(const size_t *)pa, b = *(const size_t *)pb;

	return (a > b) - (a < b);
}

/*
 * The revisions that touched each area: every compound's, under each
 * of its areas, newest first and each once.  Indexed like
 * content->areas; free each and all.
 */
static struct area_revs {
	size_t	*v;
	size_t	 n, cap;
} *
revs_by_area(struct site_build *b)
{
	const struct history *h = b->opts->history;
	const struct gs_content *ct = b->c->content;
	struct area_revs *ar = xcalloc(ct->nareas ? ct->nareas : 1,
	    sizeof(*ar));
	const struct gs_area *x;
	size_t		 i, k, n, first, ai, j, out;

	for (i = 0; i < ct->ncompounds; i++) {
		n = history_of(h, ct->compounds[i]->id.s, &first);
		for (x = ct->compounds[i]->community_area; x != NULL;
		    x = x->parent) {
			if ((ai = area_index(b, x)) == SIZE_MAX)
				continue;
			for (k = 0; k < n; k++)
				index_push(&ar[ai].v, &ar[ai].n, &ar[ai].cap,
				    h->touch[first + k].rev);
		}
	}
	for (ai = 0; ai < ct->nareas; ai++) {
		if (ar[ai].n > 1)
			qsort(ar[ai].v, ar[ai].n, sizeof(*ar[ai].v), cmp_size);
		for (j = out = 0; j < ar[ai].n; j++)
			if (out == 0 || ar[ai].v[out - 1] != ar[ai].v[j])
				ar[ai].v[out++] = ar[ai].v[j];
		ar[ai].n = out;
	}
	return ar;
}

/*
 * /revision.json: the site's head commit, for anyone who keeps it to
 * check later that the history they saw was not rewritten.  Only what
 * the commits say, in a fixed order: the same bytes for the same head.
 */
static int
write_revision_json(struct site_build *b)
{
	const struct history *h = b->opts->history;
	const struct revision *r = &h->head;
	struct buf	 j = { 0 };
	int		 rc;

	buf_puts(&j, "{\n  \"commit\": ");
	json_string(&j, r->id);
	buf_puts(&j, ",\n  \"parent\": ");
	if (r->parent[0] != '\0')
		json_string(&j, r->parent);
	else
		buf_puts(&j, "null");
	buf_puts(&j, ",\n  \"date\": ");
	json_string(&j, r->when_iso);
	buf_puts(&j, ",\n  \"publisher\": ");
	json_string(&j, publisher_of(r));
	buf_puts(&j, ",\n  \"author\": ");
	json_string(&j, r->author);
	buf_puts(&j, ",\n  \"signature\": ");
	json_string(&j, signature_code(r->as));
	buf_puts(&j, ",\n  \"signature_words\": ");
	json_string(&j, r->as == SIGNED_NONE ? "不要求签名" :
	    signature_words(r->as));
	buf_puts(&j, ",\n  \"last_publication\": ");
	if (h->n > 0)
		json_string(&j, h->v[0].id);
	else
		buf_puts(&j, "null");
	buf_printf(&j, ",\n  \"unpublished_changes\": %s\n}\n",
	    b->opts->stamp != NULL &&
	    b->opts->stamp->content == STAMP_UNPUBLISHED ? "true" : "false");
	rc = output_file(b->out, "revision.json", j.p, j.len);
	buf_free(&j);
	return rc == -1 ? -1 : 0;
}

/* /changes/, /feed.xml, and each area's: only with a repository. */
int
build_changes(struct site_build *b)
{
	const struct history *h = b->opts->history;
	const struct gs_content *ct = b->c->content;
	struct area_revs *ar;
	struct scope	 s;
	const struct gs_area **where;
	size_t		*all, i, k;
	int		 rc = 0;

	if (h == NULL)
		return 0;
	if (write_revision_json(b) == -1)
		return -1;
	all = xcalloc(h->n ? h->n : 1, sizeof(*all));
	for (i = 0; i < h->n; i++)
		all[i] = i;
	memset(&s, 0, sizeof(s));
	s.revs = all;
	s.n = h->n;
	s.dir = "changes/";
	s.feed = "feed.xml";
	s.title = "全市";
	rc = build_scope(b, &s);
	free(all);
	where = xcalloc(h->changes.n ? h->changes.n : 1, sizeof(*where));
	for (i = 0; i < h->changes.n; i++)
		if ((k = compound_index(ct, h->changes.v[i].record)) !=
		    SIZE_MAX)
			where[i] = ct->compounds[k]->community_area;
	s.where = where;
	ar = revs_by_area(b);
	for (i = 0; i < ct->nareas; i++) {
		if (rc == 0) {
			const struct gs_area *area = ct->areas[i];

			s.revs = ar[i].v;
			s.n = ar[i].n;
			s.area = area;
			s.dir = arena_printf(&b->keep, "area/%s/changes/",
			    area->code.s);
			s.feed = arena_printf(&b->keep, "area/%s/feed.xml",
			    area->code.s);
			s.title = area->name.s;
			rc = build_scope(b, &s);
		}
		free(ar[i].v);
	}
	free(ar);
	free(where);
	return rc;
}

/* The day the page is as of: --today, else the last publication's. */
int
as_of_day(const struct site_build *b, int64_t *day)
{
	const struct history *h = b->opts->history;

	if (b->opts->today_given)
		*day = b->opts->today;
	else if (h != NULL && h->n > 0)
		*day = h->v[0].day;
	else
		return 0;
	return 1;
}

/* The sentences of what revision r did to one compound, in a. */
static const char *
compound_sentences(struct site_build *b, const struct revision *r,
    const char *id, const char *sep, size_t most)
{
	const struct history *h = b->opts->history;
	struct buf	 t = { 0 };
	const char	*s;
	size_t		 first, n, i, said = 0;

	n = revision_changes_of(h, r, id, &first);
	for (i = 0; i < n; i++) {
		size_t	 mark = t.len;

		if (said == most) {
			buf_printf(&t, "等%zu项", n);
			break;
		}
		if (said > 0)
			buf_puts(&t, sep);
		if (change_sentence(&t, h->changes.v + first, n, i,
		    b->c->content))
			said++;
		else
			buf_truncate(&t, mark);
	}
	s = arena_strdup(&b->page, t.p ? t.p : "");
	buf_free(&t);
	return s;
}

/*
 * The compound page's 最近变化: what was published about it in the
 * RECENT_DAYS before the day the page is as of, newest first, each
 * with its date; at most RECENT_MOST revisions of RECENT_SENTENCES
 * sentences each (then 等N项, as the board says it), so that a phone's first screen is not
 * one long list: *more says how many revisions were left out, and the
 * history page has them all.
 */
const struct tval *
recent_changes_view(struct site_build *b, const struct gs_compound *cp,
    size_t *more)
{
	const struct history *h = b->opts->history;
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *x;
	size_t		 k, n, first, shown = 0;
	int64_t		 today;

	*more = 0;
	if (h == NULL || !as_of_day(b, &today))
		return list;
	n = history_of(h, cp->id.s, &first);
	for (k = 0; k < n; k++) {
		const struct revision *r = &h->v[h->touch[first + k].rev];

		if (r->day > today || r->day <= today - RECENT_DAYS)
			continue;
		if (shown == RECENT_MOST) {
			(*more)++;
			continue;
		}
		shown++;
		x = tv_map(a);
		tv_set(x, "date_words", view_str(a, r->date_words));
		tv_set(x, "date", tv_strf(a, "%.10s", r->when_iso));
		tv_set(x, "short_id", view_str(a, r->short_id));
		tv_set(x, "summary", view_str(a, r->summary));
		tv_set(x, "text", view_str(a, compound_sentences(b, r,
		    cp->id.s, "；", RECENT_SENTENCES)));
		tv_push(list, x);
	}
	return list;
}

/* The service board's line: "2026年11月27日：物业服务费由……", or NULL. */
const char *
latest_change_text(struct site_build *b, const struct gs_compound *cp)
{
	const struct revision *r = last_revision(b, cp->id.s);

	if (r == NULL)
		return NULL;
	return arena_printf(&b->page, "%s：%s", r->date_words,
	    compound_sentences(b, r, cp->id.s, "；", RECENT_SENTENCES));
}
