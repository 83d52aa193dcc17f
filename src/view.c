/*
 * The views of the site's pages, built from the data model: the values
 * every section shares (money, phones, Markdown), the summaries of areas
 * and compounds every page links to, and a revision's changes.  The
 * compound page's sections are in sections.c.  Values reach the view
 * formatted for people (format.c); every string reaches HTML later,
 * through the template engine's escaper.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "content.h"
#include "gongshi.h"
#include "history.h"
#include "plain.h"
#include "markdown.h"
#include "site.h"
#include "template.h"
#include "view.h"
#include "scalar.h"


void
index_push(size_t **v, size_t *n, size_t *cap, size_t x)
{
	if (*n == *cap) {
		*cap = grow_cap(*cap, *n + 1, 16, sizeof(**v));
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = x;
}


const char *const area_level_names[] = { "区县", "街道", "社区" };

/*
 * A list, with has_KEY and KEY_count beside it: Mustache cannot ask
 * whether a list is empty without looping over it, and a heading over
 * an empty list should not be written at all.
 */
void
view_list(struct arena *a, struct tval *m, const char *key,
    const struct tval *list)
{
	char	 name[64];
	size_t	 n = list->type == TV_LIST ? list->u.list.n : 0;

	tv_set(m, key, list);
	snprintf(name, sizeof(name), "has_%s", key);
	tv_set(m, name, tv_bool(n > 0));
	snprintf(name, sizeof(name), "%s_count", key);
	tv_set(m, name, view_grouped(a, (int64_t)n));
}


const struct tval *
view_str(struct arena *a, const char *s)
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


const struct tval *
view_val(struct arena *a, const struct gs_val *v)
{
	return view_str(a, v->s);
}


const struct tval *
view_money_n(struct site_build *b, struct arena *a, int64_t fen)
{
	buf_truncate(&b->tmp, 0);
	format_value(&b->tmp, FT_MONEY, fen, "", FORM_HUMAN);
	return tv_strn(a, b->tmp.p, b->tmp.len);
}


const struct tval *
view_money(struct site_build *b, struct arena *a, const struct gs_val *v)
{
	if (v->s != NULL && v->pos.undisclosed)
		return view_str(a, gs_undisclosed);	/* never 0.00 */
	return v->s != NULL ? view_money_n(b, a, v->n) : tv_bool(0);
}


/* Any typed value as people read it, or false when absent. */
const struct tval *
view_typed(struct site_build *b, struct arena *a, enum ftype type,
    const struct gs_val *v)
{
	if (v->s == NULL)
		return tv_bool(0);
	buf_truncate(&b->tmp, 0);
	format_value(&b->tmp, type, v->n, v->s, FORM_HUMAN);
	return tv_strn(a, b->tmp.p, b->tmp.len);
}


const struct tval *
view_count(struct arena *a, const struct gs_val *v)
{
	if (v->s != NULL && v->pos.undisclosed)
		return view_str(a, gs_undisclosed);	/* never 0 */
	return v->s != NULL ? tv_strf(a, "%lld", (long long)v->n) : tv_bool(0);
}


/* 3449 -> "3,449", for totals. */
const struct tval *
view_grouped(struct arena *a, int64_t n)
{
	struct buf	 t = { 0 };
	const struct tval *v;

	format_value(&t, FT_COUNT, n, "", FORM_HUMAN);
	v = tv_strn(a, t.p, t.len);
	buf_free(&t);
	return v;
}


/*
 * {text, tel}: tel: takes the digits only, and a landline's extension
 * ("0531-88001234-801") after a pause, as phones dial it: ",801".
 */
const struct tval *
view_phone(struct arena *a, const struct gs_val *v)
{
	struct tval	*m;
	struct buf	 t = { 0 };
	const char	*p;
	int		 dashes = 0;

	/* A sealed number the contact book does not give (forgotten, or
	 * a page of the history) is not shown at all. */
	if (v->s == NULL || v->s == gs_withheld || is_seal(v->s))
		return tv_bool(0);
	buf_puts(&t, "tel:");
	for (p = v->s; *p != '\0'; p++)
		if (*p >= '0' && *p <= '9')
			buf_putc(&t, *p);
		else if (*p == '-' && v->s[0] == '0' && ++dashes == 2)
			buf_putc(&t, ',');
	m = tv_map(a);
	tv_set(m, "text", view_val(a, v));
	tv_set(m, "tel", tv_strn(a, t.p, t.len));
	buf_free(&t);
	return m;
}


const struct tval *
view_contact(struct arena *a, const struct gs_contact *c)
{
	struct tval	*m;

	if (c->pos.fid == 0)
		return tv_bool(0);
	m = tv_map(a);
	tv_set(m, "name", view_val(a, &c->name));
	tv_set(m, "phone", view_phone(a, &c->phone));
	return m;
}


const struct tval *
view_texts(struct arena *a, const struct gs_list *l)
{
	struct tval	*list = tv_list(a);
	size_t		 i;

	for (i = 0; i < l->n; i++)
		if (GS_AT(*l, struct gs_val, i)->s != NULL)
			tv_push(list, view_val(a, GS_AT(*l, struct gs_val, i)));
	return list;
}


const struct tval *
view_joined(struct arena *a, const struct gs_list *l, const char *sep)
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


/* cmark-gfm's extension registry is global and not thread-safe. */
static pthread_once_t	 gfm_once = PTHREAD_ONCE_INIT;

static void
gfm_register(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

/*
 * Markdown through cmark-gfm in safe mode, with GitHub's pipe tables
 * (notices are full of them), as HTML (raw HTML omitted, unsafe links
 * such as javascript: emptied) or as plain text for the boards.  The
 * result is malloc'd, or NULL.
 */
enum md_form { MD_HTML, MD_TEXT, MD_SUMMARY };

static char *
render_markdown(const char *s, enum md_form form)
{
	cmark_parser	*parser;
	cmark_node	*doc;
	cmark_syntax_extension *table;
	char		*out = NULL;

	pthread_once(&gfm_once, gfm_register);
	if ((parser = cmark_parser_new(CMARK_OPT_DEFAULT)) == NULL)
		abort();	/* out of memory, as xmalloc would */
	if ((table = cmark_find_syntax_extension("table")) != NULL)
		cmark_parser_attach_syntax_extension(parser, table);
	cmark_parser_feed(parser, s, strlen(s));
	if ((doc = cmark_parser_finish(parser)) != NULL) {
		markdown_tidy(doc);
		if (form == MD_SUMMARY) {
			struct buf	 t = { 0 };

			markdown_summary(doc, &t, 120);
			buf_putc(&t, '\0');	/* a string even when empty */
			out = buf_detach(&t);
		} else if (form == MD_TEXT)
			out = cmark_render_plaintext(doc, CMARK_OPT_DEFAULT, 0);
		else
			out = cmark_render_html(doc, CMARK_OPT_DEFAULT,
			    cmark_parser_get_syntax_extensions(parser));
		cmark_node_free(doc);
	}
	cmark_parser_free(parser);
	return out;
}

const struct tval *
view_markdown(struct arena *a, const char *s)
{
	char		*html;
	const struct tval *v;

	if (s == NULL || (html = render_markdown(s, MD_HTML)) == NULL)
		return tv_bool(0);
	v = tv_str(a, html);
	free(html);
	return v;
}

/* The first paragraph of Markdown s as plain text, shortened, for a
 * page's description; false when there is none. */
const struct tval *
view_markdown_summary(struct arena *a, const char *s)
{
	char		*text;
	const struct tval *v;

	if (s == NULL || (text = render_markdown(s, MD_SUMMARY)) == NULL)
		return tv_bool(0);
	v = *text != '\0' ? tv_str(a, text) : tv_bool(0);
	free(text);
	return v;
}

/* Markdown as plain text, for paper; in a, or NULL. */
const char *
markdown_text(struct arena *a, const char *s)
{
	char		*text;
	const char	*v;

	if (s == NULL || (text = render_markdown(s, MD_TEXT)) == NULL)
		return NULL;
	v = arena_strdup(a, text);
	free(text);
	return v;
}


size_t
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


const char *
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


const struct tval *
area_summary(struct site_build *b, const struct gs_area *area)
{
	struct arena	*a = &b->keep;
	struct tval	*m;
	size_t		 i = area_index(b, area);

	if (i != SIZE_MAX && b->areas[i].summary != NULL)
		return b->areas[i].summary;
	m = tv_map(a);
	tv_set(m, "code", view_val(a, &area->code));
	tv_set(m, "name", view_val(a, &area->name));
	tv_set(m, "url", view_str(a, area_url(&b->c->arena, area)));
	tv_set(m, "level", view_str(a, area_level_names[area->level]));
	tv_set(m, "office", view_contact(a, &area->office));
	tv_set(m, "ncompounds", view_grouped(a, (int64_t)area_count(b, area)));
	if (i != SIZE_MAX)
		b->areas[i].summary = m;
	return m;
}


const char *
management_name(const struct gs_compound *cp)
{
	/* Not said is not 专业物业: an absent profile shows nothing. */
	return cp->profile.management.s;
}


const struct tval *
compound_summary(struct arena *a, const struct gs_compound *cp)
{
	struct tval	*m = tv_map(a);

	tv_set(m, "id", view_val(a, &cp->id));
	tv_set(m, "name", view_val(a, &cp->name));
	tv_set(m, "url", tv_strf(a, "c/%s/", cp->id.s));
	tv_set(m, "address", view_val(a, &cp->address));
	tv_set(m, "community", view_val(a, &cp->community_area->name));
	tv_set(m, "management", view_str(a, management_name(cp)));
	tv_set(m, "provider", view_val(a, &cp->provider.name));
	tv_set(m, "data_as_of", view_val(a, &cp->data_as_of));
	tv_set(m, "undisclosed", cp->nundisclosed ? tv_strf(a, "%zu",
	    cp->nundisclosed) : tv_bool(0));
	return m;
}


static struct tval *
crumb(struct arena *a, const char *name, const char *url)
{
	struct tval	*m = tv_map(a);

	tv_set(m, "name", view_str(a, name));
	tv_set(m, "url", view_str(a, url));
	return m;
}


/* The city, then every ancestor of area (inclusive when self). */
struct tval *
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
const char *
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


/* The latest revision that touched record, or NULL. */
const struct revision *
last_revision(const struct site_build *b, const char *record)
{
	const struct history *h = b->opts->history;
	size_t		 first;

	if (h == NULL || history_of(h, record, &first) == 0)
		return NULL;
	return &h->v[h->touch[first].rev];
}


/* What a resident is told of a revision's signature. */
const char *
signature_words(enum signed_as as)
{
	switch (as) {
	case SIGNED_GOOD:
		return "签名已核验";
	case SIGNED_SCOPE:
		return "签名已核验，但本次改动超出该单位的发布权限";
	case SIGNED_UNSIGNED:
		return "未签名";
	case SIGNED_BAD:
	case SIGNED_UNKNOWN:
		return "签名无法核验";
	case SIGNED_UNCHECKED:
		return "签名暂未核验";
	default:
		return NULL;
	}
}

/* The same for tools: revision.json and the feeds. */
const char *
signature_code(enum signed_as as)
{
	static const char *const codes[] = { "none", "verified",
	    "out_of_scope", "unsigned", "forged", "unknown_key",
	    "unchecked" };

	return (size_t)as < sizeof(codes) / sizeof(codes[0]) ? codes[as] :
	    "none";
}

/* Who published r, as far as the site can say: the party, or the author. */
const char *
publisher_of(const struct revision *r)
{
	if ((r->as == SIGNED_GOOD || r->as == SIGNED_SCOPE) && r->party)
		return r->party;
	return r->author;
}

/* A revision's signature, as a view; false when nothing was checked. */
const struct tval *
signature_view(struct arena *a, const struct revision *r)
{
	struct tval	*m;

	if (r->as == SIGNED_NONE)
		return tv_bool(0);
	m = tv_map(a);
	tv_set(m, "words", view_str(a, signature_words(r->as)));
	tv_set(m, "code", view_str(a, signature_code(r->as)));
	tv_set(m, "verified", tv_bool(r->as == SIGNED_GOOD));
	tv_set(m, "out_of_scope", tv_bool(r->as == SIGNED_SCOPE));
	tv_set(m, "unsigned", tv_bool(r->as == SIGNED_UNSIGNED));
	tv_set(m, "unverifiable", tv_bool(r->as == SIGNED_BAD ||
	    r->as == SIGNED_UNKNOWN || r->as == SIGNED_UNCHECKED));
	return m;
}

/* A revision in short: which, when, who, and its signature. */
const struct tval *
revision_brief(struct arena *a, const struct revision *r)
{
	struct tval	*x = tv_map(a);

	tv_set(x, "id", view_str(a, r->id));
	tv_set(x, "short_id", view_str(a, r->short_id));
	tv_set(x, "when", view_str(a, r->when));
	tv_set(x, "when_words", view_str(a, r->when_words));
	tv_set(x, "date_words", view_str(a, r->date_words));
	tv_set(x, "when_iso", view_str(a, r->when_iso));
	tv_set(x, "author", view_str(a, r->author));
	tv_set(x, "summary", view_str(a, r->summary));
	tv_set(x, "publisher", view_str(a, publisher_of(r)));
	tv_set(x, "signature", signature_view(a, r));
	return x;
}

/* Of two revisions (either NULL), the newer: revisions are newest
 * first, so the one at the smaller index. */
const struct revision *
newer_revision(const struct revision *x, const struct revision *y)
{
	return x == NULL ? y : y == NULL ? x : x < y ? x : y;
}

/*
 * The newest revision that touched any of records (compound ids or
 * files such as content/site.yaml), or also when it is newer; NULL
 * when none did.  Revisions are newest first: the smallest index wins.
 */
const struct revision *
newest_revision(const struct site_build *b, const char *const *records,
    size_t n, const struct revision *also)
{
	const struct history *h = b->opts->history;
	const struct revision *best = also;
	size_t		 i, first;

	for (i = 0; h != NULL && i < n; i++) {
		const struct revision *r;

		if (history_of(h, records[i], &first) == 0)
			continue;
		r = &h->v[h->touch[first].rev];
		best = newer_revision(best, r);
	}
	return best;
}

const struct tval *
revision_view(struct site_build *b, const struct revision *r,
    size_t first, size_t count)
{
	const struct history *h = b->opts->history;
	struct arena	*a = &b->page;
	struct tval	*m = tv_map(a), *list = tv_list(a), *x, *recs, *rec = NULL;
	const char	*last = NULL;
	size_t		 i;

	tv_set(m, "id", view_str(a, r->id));
	tv_set(m, "short_id", view_str(a, r->short_id));
	tv_set(m, "when", view_str(a, r->when));
	tv_set(m, "when_words", view_str(a, r->when_words));
	tv_set(m, "date_words", view_str(a, r->date_words));
	tv_set(m, "when_iso", view_str(a, r->when_iso));
	tv_set(m, "author", view_str(a, r->author));
	tv_set(m, "summary", view_str(a, r->summary));
	tv_set(m, "parent", r->parent[0] ? view_str(a, r->parent) :
	    tv_bool(0));
	tv_set(m, "publisher", view_str(a, publisher_of(r)));
	tv_set(m, "party", (r->as == SIGNED_GOOD || r->as == SIGNED_SCOPE) &&
	    r->party ? view_str(a, r->party) : tv_bool(0));
	tv_set(m, "signature", signature_view(a, r));
	recs = tv_list(a);
	for (i = first; i < first + count; i++) {
		const struct change *ch = &h->changes.v[i];

		if (last == NULL || strcmp(last, ch->record) != 0) {
			rec = tv_map(a);
			list = tv_list(a);
			tv_set(rec, "record", view_str(a, ch->record));
			tv_set(rec, "name", view_str(a, record_title(ch)));
			tv_set(rec, "is_compound", tv_bool(strchr(ch->record,
			    '/') == NULL));
			tv_set(rec, "url", strchr(ch->record, '/') == NULL ?
			    tv_strf(a, "c/%s/", ch->record) : tv_bool(0));
			view_list(a, rec, "changes", list);
			tv_push(recs, rec);
			last = ch->record;
		}
		buf_truncate(&b->tmp, 0);
		buf_put(&b->tmp, "", 0);
		if (!change_sentence(&b->tmp, h->changes.v + first, count,
		    i - first, b->c->content))
			continue;	/* said by another change */
		x = tv_map(a);
		tv_set(x, "sentence", tv_strn(a, b->tmp.p, b->tmp.len));
		tv_set(x, "changed", tv_bool(ch->kind == CH_CHANGED));
		tv_set(x, "added", tv_bool(ch->kind == CH_ADDED));
		tv_set(x, "removed", tv_bool(ch->kind == CH_REMOVED));
		tv_set(x, "whole", tv_bool(*ch->path == '\0'));
		tv_set(x, "what", view_str(a, ch->what));
		tv_set(x, "old", shown(a, &b->tmp, &ch->old));
		tv_set(x, "new", shown(a, &b->tmp, &ch->new));
		tv_push(list, x);
		/* set_list counted the list when it was empty: recount */
		view_list(a, rec, "changes", list);
	}
	view_list(a, m, "records", recs);
	return m;
}
