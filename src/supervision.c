/*
 * Supervision (公示监督) pages: for every district, street and
 * community, what is overdue in its compounds' disclosure, how complete
 * each compound's disclosure is, the compounds and sub-areas ranked, as
 * pages of at most SV_PER_PAGE compounds and as CSV and Excel files for
 * inspections (巡查) and the streets' evaluation (街道工作质效评价).
 * Also the compound page's status box and data/status.json, which names
 * the day the status is for.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "content.h"
#include "escape.h"
#include "format.h"
#include "gongshi.h"
#include "history.h"
#include "memo.h"
#include "output.h"
#include "site.h"
#include "status.h"
#include "template.h"
#include "view.h"
#include "workbook.h"

#define SV_PER_PAGE	100	/* compounds per supervision page */

/* Works out every compound's status and completeness, once. */
void
supervision_prepare(struct site_build *b)
{
	const struct gs_content *ct = b->c->content;
	size_t		 i, n = ct->ncompounds ? ct->ncompounds : 1;

	b->asof = status_asof(ct, b->opts->today, b->opts->today_given);
	b->status = xcalloc(n, sizeof(*b->status));
	b->complete = xcalloc(n, sizeof(*b->complete));
	for (i = 0; i < ct->ncompounds; i++) {
		status_of(&ct->site, ct->compounds[i], b->asof, &b->status[i]);
		completeness_of(ct->compounds[i], &b->complete[i]);
	}
}


/* A day as 2026-11-20 (words 0) or 2026年11月20日 (words 1). */
static const char *
date_str(struct arena *a, int64_t days, int words)
{
	struct buf	 t = { 0 };
	const char	*s;

	if (words)
		format_date_words(&t, days);
	else
		format_date(&t, days);
	s = arena_strdup(a, t.p);
	buf_free(&t);
	return s;
}

static const char *
item_words(struct arena *a, const struct gs_compound *cp,
    const struct status_item *it)
{
	struct buf	 t = { 0 };
	const char	*s;

	status_words(&t, cp, it);
	s = arena_strdup(a, t.p);
	buf_free(&t);
	return s;
}

/* The sections a compound has not disclosed, as one line. */
static const char *
missing_text(struct arena *a, const struct completeness *cm)
{
	struct buf	 t = { 0 };
	const char	*s;
	unsigned	 k;

	for (k = 0; k < cm->nmissing; k++)
		buf_printf(&t, "%s%s", k ? "、" : "",
		    completeness_names[cm->missing[k]]);
	s = arena_strdup(a, t.len ? t.p : "");
	buf_free(&t);
	return s;
}

static const struct tval *
items_view(struct arena *a, const struct gs_compound *cp,
    const struct status *st)
{
	struct tval	*list = tv_list(a), *x;
	size_t		 k;

	for (k = 0; k < st->n; k++) {
		x = tv_map(a);
		tv_set(x, "kind", tv_str(a, status_kind_names[st->v[k].kind]));
		tv_set(x, "text", tv_str(a, item_words(a, cp, &st->v[k])));
		tv_set(x, "since", tv_str(a, date_str(a, st->v[k].since, 0)));
		tv_push(list, x);
	}
	return list;
}

/*
 * The compound page's status box: what is overdue, each with the day
 * it became so; or that nothing is, with the day the data is as of.
 * The build's own date is never named, so the page changes only when
 * the compound's status does.
 */
static const struct tval *
status_view(struct site_build *b, struct arena *a, size_t i)
{
	const struct gs_compound *cp = b->c->content->compounds[i];
	const struct status *st = &b->status[i];
	const struct completeness *cm = &b->complete[i];
	struct tval	*m = tv_map(a);
	int64_t		 next = status_next(&b->c->content->site, cp, b->asof);

	tv_set(m, "overdue", tv_bool(st->n > 0));
	tv_set(m, "next", next >= 0 ? tv_str(a, date_str(a, next, 0)) :
	    tv_bool(0));
	tv_set(m, "count", tv_strf(a, "%zu", st->n));
	view_list(a, m, "items", items_view(a, cp, st));
	tv_set(m, "data_as_of", GS_HAS(&cp->data_as_of) ?
	    tv_str(a, date_str(a, cp->data_as_of.n, 1)) : tv_bool(0));
	tv_set(m, "disclosed", tv_strf(a, "%u", cm->disclosed));
	tv_set(m, "applicable", tv_strf(a, "%u", cm->applicable));
	tv_set(m, "missing", cm->nmissing ? tv_str(a, missing_text(a, cm)) :
	    tv_bool(0));
	return m;
}

/* What is overdue in cp, or NULL before supervision_prepare. */
const struct status *
compound_status(const struct site_build *b, const struct gs_compound *cp)
{
	size_t	 i = compound_index(b->c->content, cp->id.s);

	return i == SIZE_MAX || b->status == NULL ? NULL : &b->status[i];
}

/* The compound page's status box, for compound cp. */
const struct tval *
compound_status_view(struct site_build *b, struct arena *a,
    const struct gs_compound *cp)
{
	size_t	 i = compound_index(b->c->content, cp->id.s);

	return i == SIZE_MAX || b->status == NULL ? tv_bool(0) :
	    status_view(b, a, i);
}

/* A compound's place in a ranking: what it is ranked by. */
struct rank_key {
	size_t		 i;		/* index into content->compounds */
	unsigned long	 disclosed, applicable;
	size_t		 nitems;
	int64_t		 day;		/* data_as_of, 0 if not given */
	const char	*id;
};

/* The more complete first, then fewer overdue, then fresher, then id. */
static int
cmp_rank(const void *pa, const void *pb)
{
	const struct rank_key *x = pa, *y = pb;
	unsigned long	 lx = x->disclosed * y->applicable;
	unsigned long	 ly = y->disclosed * x->applicable;

	if (lx != ly)
		return lx > ly ? -1 : 1;
	if (x->nitems != y->nitems)
		return x->nitems < y->nitems ? -1 : 1;
	if (x->day != y->day)
		return x->day > y->day ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* What an area's compounds add up to. */
struct sv_total {
	const struct gs_area *area;
	size_t		 ncompounds;	/* inside */
	size_t		 current;	/* with nothing overdue */
	size_t		 nitems;	/* overdue items */
	size_t		 kinds[STATUS_NKINDS];
	unsigned long	 disclosed, applicable;
};

static void
total_of(const struct site_build *b, const struct gs_area *area,
    const struct area_info *info, struct sv_total *t)
{
	size_t		 j, k, i;

	memset(t, 0, sizeof(*t));
	t->area = area;
	if (info == NULL)
		return;
	t->ncompounds = info->n;
	for (j = 0; j < info->n; j++) {
		i = info->compounds[j];
		t->current += b->status[i].n == 0;
		t->nitems += b->status[i].n;
		for (k = 0; k < b->status[i].n; k++)
			t->kinds[b->status[i].v[k].kind]++;
		t->disclosed += b->complete[i].disclosed;
		t->applicable += b->complete[i].applicable;
	}
}

/*
 * Sub-areas: those with compounds first; the more complete first, then
 * the larger share with nothing overdue, then by code.
 */
static int
cmp_total(const void *pa, const void *pb)
{
	const struct sv_total *x = pa, *y = pb;
	unsigned long	 lx, ly;

	if ((x->applicable == 0) != (y->applicable == 0))
		return x->applicable == 0 ? 1 : -1;
	lx = x->disclosed * (y->applicable ? y->applicable : 1);
	ly = y->disclosed * (x->applicable ? x->applicable : 1);
	if (lx != ly)
		return lx > ly ? -1 : 1;
	lx = (unsigned long)x->current * (y->ncompounds ? y->ncompounds : 1);
	ly = (unsigned long)y->current * (x->ncompounds ? x->ncompounds : 1);
	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(x->area->code.s, y->area->code.s);
}

static const char *
pct_text(struct arena *a, unsigned long part, unsigned long whole)
{
	if (whole == 0)
		return "—";
	return arena_printf(a, "%lu%%", part * 100 / whole);
}

/* An area's supervision folder; the city's (area NULL) is supervision/. */
static const char *
sv_dir(struct arena *a, const struct gs_area *area)
{
	return area ? arena_printf(a, "area/%s/supervision/", area->code.s) :
	    "supervision/";
}

static const char *
sv_url(struct arena *a, const struct gs_area *area, size_t page)
{
	if (page <= 1)
		return sv_dir(a, area);
	return arena_printf(a, "%s%zu/", sv_dir(a, area), page);
}

/* What the build knows of an area, or NULL. */
static const struct area_info *
info_of(const struct site_build *b, const struct gs_area *area)
{
	size_t	 ai = area_index(b, area);

	return ai == SIZE_MAX ? NULL : &b->areas[ai];
}

static const char *
area_names(struct arena *a, const struct gs_compound *cp)
{
	const struct gs_area *com = cp->community_area;

	if (com == NULL || com->parent == NULL || com->parent->parent == NULL)
		return "";
	return arena_printf(a, "%s %s %s", com->parent->parent->name.s,
	    com->parent->name.s, com->name.s);
}

/* The compounds of an area, ranked, for the pages and the files. */
static size_t *
ranked(struct site_build *b, const struct area_info *info)
{
	const struct gs_content *ct = b->c->content;
	struct rank_key	*k = xcalloc(info->n ? info->n : 1, sizeof(*k));
	size_t		*v = xcalloc(info->n ? info->n : 1, sizeof(*v));
	size_t		 j, i;

	for (j = 0; j < info->n; j++) {
		i = info->compounds[j];
		k[j].i = i;
		k[j].disclosed = b->complete[i].disclosed;
		k[j].applicable = b->complete[i].applicable;
		k[j].nitems = b->status[i].n;
		k[j].day = GS_HAS(&ct->compounds[i]->data_as_of) ?
		    ct->compounds[i]->data_as_of.n : 0;
		k[j].id = ct->compounds[i]->id.s;
	}
	if (info->n > 1)
		qsort(k, info->n, sizeof(*k), cmp_rank);
	for (j = 0; j < info->n; j++)
		v[j] = k[j].i;
	free(k);
	return v;
}

static struct sv_total *
children_ranked(struct site_build *b, const struct gs_list *children)
{
	struct sv_total	*t;
	size_t		 j;

	t = xcalloc(children->n ? children->n : 1, sizeof(*t));
	for (j = 0; j < children->n; j++) {
		const struct gs_area *x = GS_AT(*children, struct gs_area, j);

		total_of(b, x, info_of(b, x), &t[j]);
	}
	if (children->n > 1)
		qsort(t, children->n, sizeof(*t), cmp_total);
	return t;
}

/* The name people call an area by; the city's for NULL. */
static const char *
sv_name(const struct site_build *b, const struct gs_area *area)
{
	return area ? area->name.s : b->c->content->site.city.s;
}

/* CSV: the compounds, the overdue items, the sub-areas. */

static void
csv_compounds(struct site_build *b, struct arena *a, struct buf *o,
    const size_t *v, size_t n)
{
	const struct gs_content *ct = b->c->content;
	size_t		 j;

	buf_puts(o, "\xEF\xBB\xBF排名,小区编号,小区名称,所在区域,公示完整度,"
	    "已公示栏目,应公示栏目,未公示栏目,数据截至,逾期事项数,"
	    "逾期事项\r\n");
	for (j = 0; j < n; j++) {
		const struct gs_compound *cp = ct->compounds[v[j]];
		const struct completeness *cm = &b->complete[v[j]];
		const struct status *st = &b->status[v[j]];
		struct buf	 items = { 0 };
		size_t		 k;

		for (k = 0; k < st->n; k++) {
			if (k)
				buf_puts(&items, "；");
			status_words(&items, cp, &st->v[k]);
		}
		csv_field(o, arena_printf(a, "%zu", j + 1), 0);
		csv_field(o, cp->id.s, 0);
		csv_field(o, cp->name.s, 0);
		csv_field(o, area_names(a, cp), 0);
		csv_field(o, pct_text(a, cm->disclosed, cm->applicable), 0);
		csv_field(o, arena_printf(a, "%u", cm->disclosed), 0);
		csv_field(o, arena_printf(a, "%u", cm->applicable), 0);
		csv_field(o, missing_text(a, cm), 0);
		csv_field(o, GS_HAS(&cp->data_as_of) ? date_str(a,
		    cp->data_as_of.n, 0) : cp->data_as_of.s, 0);
		csv_field(o, arena_printf(a, "%zu", st->n), 0);
		csv_field(o, items.len ? items.p : "", 1);
		buf_free(&items);
	}
}

static void
csv_items(struct site_build *b, struct arena *a, struct buf *o,
    const size_t *v, size_t n)
{
	const struct gs_content *ct = b->c->content;
	size_t		 j, k;

	buf_puts(o, "\xEF\xBB\xBF小区编号,小区名称,所在区域,事项,逾期起始日,"
	    "说明\r\n");
	for (j = 0; j < n; j++) {
		const struct gs_compound *cp = ct->compounds[v[j]];
		const struct status *st = &b->status[v[j]];

		for (k = 0; k < st->n; k++) {
			csv_field(o, cp->id.s, 0);
			csv_field(o, cp->name.s, 0);
			csv_field(o, area_names(a, cp), 0);
			csv_field(o, status_kind_names[st->v[k].kind], 0);
			csv_field(o, date_str(a, st->v[k].since, 0), 0);
			csv_field(o, item_words(a, cp, &st->v[k]), 1);
		}
	}
}

static void
csv_areas(struct arena *a, struct buf *o, const struct sv_total *t,
    size_t n)
{
	size_t		 j;

	buf_puts(o, "\xEF\xBB\xBF排名,区域代码,区域名称,小区数,公示完整度,"
	    "无逾期事项的小区,无逾期占比,逾期事项数\r\n");
	for (j = 0; j < n; j++) {
		csv_field(o, arena_printf(a, "%zu", j + 1), 0);
		csv_field(o, t[j].area->code.s, 0);
		csv_field(o, t[j].area->name.s, 0);
		csv_field(o, arena_printf(a, "%zu", t[j].ncompounds), 0);
		csv_field(o, pct_text(a, t[j].disclosed, t[j].applicable), 0);
		csv_field(o, arena_printf(a, "%zu", t[j].current), 0);
		csv_field(o, pct_text(a, t[j].current, t[j].ncompounds), 0);
		csv_field(o, arena_printf(a, "%zu", t[j].nitems), 1);
	}
}

/*
 * The CSV text, one sheet per CSV, into an Excel workbook: each line a
 * row, each field a cell (numbers as numbers).  Reading back our own
 * CSV keeps what the two files say the same.
 */
static void
xlsx_sheet(lxw_workbook *wb, lxw_format *head, const char *name,
    const char *text)
{
	lxw_worksheet	*ws = workbook_add_worksheet(wb, name);
	struct buf	 cell = { 0 };
	const char	*p = text;
	lxw_row_t	 row = 0;
	lxw_col_t	 col = 0;
	int		 quoted = 0;

	if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	for (; *p != '\0'; p++) {
		if (quoted) {
			if (*p == '"' && p[1] == '"')
				buf_putc(&cell, *p++);
			else if (*p == '"')
				quoted = 0;
			else
				buf_putc(&cell, *p);
			continue;
		}
		if (*p == '"') {
			quoted = 1;
			continue;
		}
		if (*p != ',' && *p != '\r') {
			buf_putc(&cell, *p);
			continue;
		}
		/* Counts and ranks as numbers; codes keep their zeros. */
		if (cell.len > 0 && cell.len < 10 && row > 0 &&
		    (cell.len == 1 || cell.p[0] != '0') &&
		    strspn(cell.p, "0123456789") == cell.len)
			worksheet_write_number(ws, row, col, strtod(cell.p,
			    NULL), NULL);
		else
			worksheet_write_string(ws, row, col, cell.len ? cell.p :
			    "", row == 0 ? head : NULL);
		buf_truncate(&cell, 0);
		if (*p == ',')
			col++;
		else {
			p++;	/* the \n */
			row++;
			col = 0;
		}
	}
	worksheet_freeze_panes(ws, 1, 0);
	buf_free(&cell);
}

/*
 * A supervision workbook to make: the memo did not know it.  They are
 * made on a thread of their own while the pages are built (the city's
 * holds every compound, and its deflate was the longest step of a
 * one-record build); output_file and the memo take several writers.
 */
struct sv_book {
	char		*rel, *title;
	const char *const *names;
	struct buf	 sheets[3];
	size_t		 n;
	unsigned char	 fp[MEMO_FP];
	int		 has_fp;
};

/*
 * The queue of books: the thread takes each as soon as it is queued
 * and lets its sheets go once it is made, so that they do not pile up
 * (every area's, 70 MB at 100,000 compounds, were held until the last
 * area was done).  v holds pointers: the queue grows while the thread
 * reads it.
 */
struct sv_books {
	struct sv_book	**v;
	size_t		 n, cap;
	size_t		 next;		/* the first not yet taken */
	int		 closed;	/* nothing more will be queued */
	int		 stop;		/* the build failed: make no more */
	pthread_mutex_t	 mu;
	pthread_cond_t	 more;
	struct output	*out;
	int64_t		 asof;
	struct diags	 diags;		/* the thread's; merged after */
	pthread_t	 thread;
	int		 started;
	int		 rc;
};

/* Makes one workbook and puts it in the site (and the memo). */
static int
make_xlsx(struct sv_books *bk, const struct sv_book *w)
{
	/* Row by row: the city's book has a row per compound, and its
	 * cells held in memory were 11 MB while the pages were built. */
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE,
	    .use_zip64 = LXW_FALSE };
	lxw_doc_properties props;
	lxw_workbook	*wb;
	lxw_format	*head;
	struct buf	 tmp = { 0 }, bytes = { 0 }, name = { 0 };
	const char	*dir = xlsx_tmpdir();	/* TMPDIR, or memory */
	size_t		 k;
	int		 fd, rc = -1;

	buf_printf(&name, "%s/gongshi-supervision.xlsx", dir != NULL &&
	    *dir != '\0' ? dir : "/tmp");
	if ((fd = tmp_beside(name.p, 0644, &tmp)) == -1) {
		report(&bk->diags, SEV_ERROR, "%s: cannot write here: %s",
		    name.p, strerror(errno));
		goto out;
	}
	close(fd);
	opt.tmpdir = (char *)xlsx_tmpdir();	/* a small book: its parts */
	if ((wb = workbook_new_opt(tmp.p, &opt)) == NULL) {
		report(&bk->diags, SEV_ERROR, "%s: cannot start the "
		    "workbook", tmp.p);
		goto out;
	}
	memset(&props, 0, sizeof(props));
	props.title = w->title;
	props.created = (time_t)bk->asof * 86400;
	workbook_set_properties(wb, &props);
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xDDEBF7);
	for (k = 0; k < w->n; k++)
		xlsx_sheet(wb, head, w->names[k], w->sheets[k].p ?
		    w->sheets[k].p : "");
	if (xlsx_close(wb) != LXW_NO_ERROR) {
		report(&bk->diags, SEV_ERROR, "%s: cannot write the "
		    "workbook", w->rel);
		goto out;
	}
	if (buf_read_file(&bytes, tmp.p, (size_t)1 << 31) == -1) {
		report(&bk->diags, SEV_ERROR, "%s: %s", tmp.p,
		    strerror(errno));
		goto out;
	}
	rc = output_file(bk->out, w->rel, bytes.p, bytes.len) == -1 ? -1 : 0;
	if (rc == 0 && w->has_fp)
		memo_put(bk->out->memo, w->rel, w->fp, bytes.p, bytes.len);
out:
	if (tmp.p != NULL)
		unlink(tmp.p);
	buf_free(&tmp);
	buf_free(&bytes);
	buf_free(&name);
	return rc;
}

/* The book to make next, NULL once the queue is closed and empty. */
static struct sv_book *
sv_take(struct sv_books *bk)
{
	struct sv_book	*w = NULL;

	pthread_mutex_lock(&bk->mu);
	while (bk->next == bk->n && !bk->closed)
		pthread_cond_wait(&bk->more, &bk->mu);
	if (bk->next < bk->n)
		w = bk->v[bk->next++];
	pthread_mutex_unlock(&bk->mu);
	return w;
}

static void *
sv_books_run(void *arg)
{
	struct sv_books	*bk = arg;
	struct sv_book	*w;
	size_t		 k;

	while ((w = sv_take(bk)) != NULL) {
		if (bk->rc == 0 && !bk->stop)
			bk->rc = make_xlsx(bk, w);
		for (k = 0; k < 3; k++)
			buf_free(&w->sheets[k]);
	}
	return NULL;
}

/*
 * The workbook rel, from its title, day and sheets: kept when the memo
 * knows them and the site still has its bytes, else queued to be made
 * (and the sheets taken: the caller's are left empty).
 */
static int
write_xlsx(struct site_build *b, const char *rel, const char *title,
    const char *const *names, struct buf *sheets, size_t n)
{
	struct sv_books	*bk;
	struct sv_book	*w;
	struct memo_print p;
	unsigned char	 fp[MEMO_FP];
	const unsigned char *blob;
	size_t		 k;

	if (b->out->memo != NULL) {
		memo_print_begin(&p, b->out->memo, "supervision workbook", rel);
		memo_print_str(&p, title);
		buf_printf(&p.b, "asof %lld\n", (long long)b->asof);
		for (k = 0; k < n; k++) {
			memo_print_str(&p, names[k]);
			memo_print_bytes(&p, sheets[k].p, sheets[k].len);
		}
		memo_print_end(&p, fp);
		if ((blob = memo_blob(b->out->memo, rel, fp)) != NULL &&
		    output_reuse(b->out, rel, blob) == 1) {
			memo_carry(b->out->memo, rel, fp, blob);
			return 0;
		}
	}
	if ((bk = b->sv_books) == NULL) {
		bk = b->sv_books = xcalloc(1, sizeof(*bk));
		bk->out = b->out;
		bk->asof = b->asof;
		pthread_mutex_init(&bk->mu, NULL);
		pthread_cond_init(&bk->more, NULL);
		/* Without a thread, supervision_finish makes them. */
		bk->started = pthread_create(&bk->thread, NULL, sv_books_run,
		    bk) == 0;
	}
	w = xcalloc(1, sizeof(*w));
	w->rel = xstrdup(rel);
	w->title = xstrdup(title);
	w->names = names;
	w->n = n;
	for (k = 0; k < n; k++) {	/* taken, not copied, and held a
					   while: without their spare room */
		buf_fit(&sheets[k]);
		w->sheets[k] = sheets[k];
		memset(&sheets[k], 0, sizeof(sheets[k]));
	}
	if (b->out->memo != NULL) {
		memcpy(w->fp, fp, sizeof(fp));
		w->has_fp = 1;
	}
	pthread_mutex_lock(&bk->mu);
	if (bk->n == bk->cap) {
		bk->cap = grow_cap(bk->cap, bk->n + 1, 16, sizeof(*bk->v));
		bk->v = xrealloc(bk->v, bk->cap * sizeof(*bk->v));
	}
	bk->v[bk->n++] = w;
	pthread_cond_signal(&bk->more);
	pthread_mutex_unlock(&bk->mu);
	return 0;
}

/*
 * Waits for the supervision workbooks build_supervision queued (or,
 * when no thread started, makes them now, if make) and says what went
 * wrong.  -1 when one could not be made.
 */
int
supervision_finish(struct site_build *b, int make)
{
	struct sv_books	*bk = b->sv_books;
	size_t		 i, k;
	int		 rc;

	if (bk == NULL)
		return 0;
	pthread_mutex_lock(&bk->mu);
	bk->closed = 1;
	if (!make)
		bk->stop = 1;
	pthread_cond_signal(&bk->more);
	pthread_mutex_unlock(&bk->mu);
	if (bk->started)
		pthread_join(bk->thread, NULL);
	else
		sv_books_run(bk);
	rc = bk->rc;
	diag_merge(&b->c->diags, &bk->diags);
	diag_free(&bk->diags);
	for (i = 0; i < bk->n; i++) {
		free(bk->v[i]->rel);
		free(bk->v[i]->title);
		for (k = 0; k < 3; k++)
			buf_free(&bk->v[i]->sheets[k]);
		free(bk->v[i]);
	}
	free(bk->v);
	pthread_mutex_destroy(&bk->mu);
	pthread_cond_destroy(&bk->more);
	free(bk);
	b->sv_books = NULL;
	return rc;
}

/*
 * The files of one area: CSV and the same as one workbook.  The CSV
 * files go in the memo under the scope's key, when it has one, so
 * that scope_reuse finds them.
 */
static int
area_files(struct site_build *b, const struct gs_area *area,
    const size_t *v, size_t n, const struct sv_total *t, size_t nt,
    const unsigned char *key)
{
	static const char *const names[] = { "小区排名", "逾期事项",
		"下辖区域排名" };
	static const char *const files[] = { "compounds.csv", "overdue.csv",
		"areas.csv" };
	struct arena	*a = &b->page;
	struct buf	 sheets[3];
	size_t		 k, nsheets = nt > 0 ? 3 : 2;
	int		 rc = 0;

	memset(sheets, 0, sizeof(sheets));
	csv_compounds(b, a, &sheets[0], v, n);
	csv_items(b, a, &sheets[1], v, n);
	if (nt > 0)
		csv_areas(a, &sheets[2], t, nt);
	for (k = 0; k < nsheets && rc == 0; k++) {
		const char *rel = arena_printf(a, "%s%s", sv_dir(a, area),
		    files[k]);

		if (output_file(b->out, rel, sheets[k].p, sheets[k].len) == -1)
			rc = -1;
		else if (key != NULL)
			memo_put(b->out->memo, rel, key, sheets[k].p,
			    sheets[k].len);
	}
	if (rc == 0)
		rc = write_xlsx(b, arena_printf(a, "%ssupervision.xlsx",
		    sv_dir(a, area)),
		    arena_printf(a, "%s物业信息公示监督", sv_name(b, area)), names,
		    sheets, nsheets);
	for (k = 0; k < 3; k++)
		buf_free(&sheets[k]);
	return rc;
}

static struct tval *
totals_view(struct arena *a, const struct sv_total *t)
{
	struct tval	*m = tv_map(a), *kinds = tv_list(a), *x;
	size_t		 k;

	tv_set(m, "ncompounds", tv_strf(a, "%zu", t->ncompounds));
	tv_set(m, "current", tv_strf(a, "%zu", t->current));
	tv_set(m, "overdue", tv_strf(a, "%zu", t->ncompounds - t->current));
	tv_set(m, "nitems", tv_strf(a, "%zu", t->nitems));
	tv_set(m, "pct", tv_str(a, pct_text(a, t->disclosed, t->applicable)));
	tv_set(m, "current_pct", tv_str(a, pct_text(a, t->current,
	    t->ncompounds)));
	for (k = 0; k < STATUS_NKINDS; k++) {
		if (t->kinds[k] == 0)
			continue;
		x = tv_map(a);
		tv_set(x, "name", tv_str(a, status_kind_names[k]));
		tv_set(x, "count", tv_strf(a, "%zu", t->kinds[k]));
		tv_push(kinds, x);
	}
	view_list(a, m, "kinds", kinds);
	return m;
}

/* One page of an area's supervision, compounds first..first+count. */
static int
area_page(struct site_build *b, const struct gs_area *area,
    const size_t *v, size_t n, const struct sv_total *tot,
    const struct sv_total *t, size_t nt, size_t page, size_t npages)
{
	const struct gs_content *ct = b->c->content;
	struct arena	*a = &b->page;
	struct tval	*view = tv_map(a), *m, *list, *x;
	size_t		 j, first = (page - 1) * SV_PER_PAGE;
	const char	*path = sv_url(a, area, page);

	m = tv_map(a);
	tv_set(m, "code", area ? view_val(a, &area->code) : tv_bool(0));
	tv_set(m, "name", view_str(a, sv_name(b, area)));
	tv_set(m, "level", view_str(a, area ? area_level_names[area->level] :
	    "市"));
	tv_set(m, "url", view_str(a, area ? area_url(a, area) : ""));
	tv_set(m, "files", view_str(a, sv_dir(a, area)));
	tv_set(view, "area", m);
	tv_set(view, "asof", tv_str(a, date_str(a, b->asof, 1)));
	tv_set(view, "asof_iso", tv_str(a, date_str(a, b->asof, 0)));
	tv_set(view, "totals", totals_view(a, tot));
	tv_set(view, "child_level", area == NULL ? view_str(a,
	    area_level_names[GS_DISTRICT]) : area->level < GS_COMMUNITY ?
	    view_str(a, area_level_names[area->level + 1]) : tv_bool(0));
	list = tv_list(a);
	for (j = 0; page == 1 && j < nt; j++) {
		x = totals_view(a, &t[j]);
		tv_set(x, "rank", tv_strf(a, "%zu", j + 1));
		tv_set(x, "name", view_val(a, &t[j].area->name));
		tv_set(x, "url", view_str(a, sv_url(a, t[j].area, 1)));
		tv_push(list, x);
	}
	view_list(a, view, "children", list);
	list = tv_list(a);
	for (j = first; j < n && j < first + SV_PER_PAGE; j++) {
		const struct gs_compound *cp = ct->compounds[v[j]];
		const struct completeness *cm = &b->complete[v[j]];

		x = tv_map(a);
		tv_set(x, "rank", tv_strf(a, "%zu", j + 1));
		tv_set(x, "name", view_val(a, &cp->name));
		tv_set(x, "url", tv_strf(a, "c/%s/", cp->id.s));
		tv_set(x, "community", cp->community_area ?
		    view_val(a, &cp->community_area->name) : tv_bool(0));
		tv_set(x, "pct", tv_str(a, pct_text(a, cm->disclosed,
		    cm->applicable)));
		tv_set(x, "disclosed", tv_strf(a, "%u", cm->disclosed));
		tv_set(x, "applicable", tv_strf(a, "%u", cm->applicable));
		tv_set(x, "missing", cm->nmissing ? tv_str(a,
		    missing_text(a, cm)) : tv_bool(0));
		tv_set(x, "data_as_of", GS_HAS(&cp->data_as_of) ? tv_str(a,
		    date_str(a, cp->data_as_of.n, 0)) : view_val(a,
		    &cp->data_as_of));
		view_list(a, x, "items", items_view(a, cp, &b->status[v[j]]));
		tv_push(list, x);
	}
	view_list(a, view, "compounds", list);
	tv_set(view, "first", tv_strf(a, "%zu", n ? first + 1 : 0));
	tv_set(view, "last", tv_strf(a, "%zu", first + SV_PER_PAGE < n ?
	    first + SV_PER_PAGE : n));
	list = tv_list(a);
	for (j = 1; npages > 1 && j <= npages; j++) {
		x = tv_map(a);
		tv_set(x, "n", tv_strf(a, "%zu", j));
		tv_set(x, "url", view_str(a, sv_url(a, area, j)));
		tv_set(x, "current", tv_bool(j == page));
		tv_push(list, x);
	}
	view_list(a, view, "page_links", list);
	return render_page(b, "supervision", arena_printf(a, "%sindex.html",
	    path), path, arena_printf(a, "%s公示监督%s", sv_name(b, area),
	    page > 1 ? arena_printf(a, "（第%zu页）", page) : ""), NULL, view,
	    area ? crumbs(b, area, 1) : crumbs(b, NULL, 0));
}

/* data/status.json: the day the status is for, and what it found. */
static int
status_json(struct site_build *b)
{
	const struct gs_content *ct = b->c->content;
	struct buf	 o = { 0 };
	size_t		 i, overdue = 0, items = 0;
	int		 rc;

	for (i = 0; i < ct->ncompounds; i++) {
		overdue += b->status[i].n > 0;
		items += b->status[i].n;
	}
	buf_puts(&o, "{\"as_of\": \"");
	format_date(&o, b->asof);
	buf_printf(&o, "\", \"compounds\": %zu, \"overdue_compounds\": %zu, "
	    "\"overdue_items\": %zu}\n", ct->ncompounds, overdue, items);
	rc = output_file(b->out, "data/status.json", o.p, o.len);
	buf_free(&o);
	return rc == -1 ? -1 : 0;
}

/*
 * The fingerprint of everything a scope's pages and files are made
 * from, into fp: what every page is made from (others_id: layouts,
 * site, areas, departments, the day), the revision the pages show,
 * and each of its compounds' record.  A compound's status, its
 * completeness and its children's totals come from these alone.  0
 * when it cannot be said (no memo, a record without blob id).
 */
static int
scope_key(struct site_build *b, const char *dir, const struct area_info *info,
    const struct revision *rev, unsigned char fp[MEMO_FP])
{
	const struct gs_content *ct = b->c->content;
	struct memo_print p;
	size_t		 j;

	if (b->out->memo == NULL)
		return 0;
	for (j = 0; j < info->n; j++)
		if (ct->compounds[info->compounds[j]]->blob[0] == '\0')
			return 0;
	memo_print_begin(&p, b->out->memo, "supervision scope", dir);
	memo_print_id(&p, b->others_id);
	memo_print_str(&p, rev ? rev->id : "");
	memo_print_num(&p, rev ? (size_t)rev->as : 0);
	memo_print_str(&p, rev && rev->party ? rev->party : "");
	memo_print_num(&p, info->n);
	for (j = 0; j < info->n; j++) {
		const struct gs_compound *cp = ct->compounds[info->compounds[j]];

		memo_print_str(&p, cp->path);
		memo_print_str(&p, cp->blob);
	}
	memo_print_end(&p, fp);
	return 1;
}

/*
 * Keeps a scope's files as the last build left them, when its key is
 * the memo's and the site still holds them all.  1 when kept.
 */
static int
scope_reuse(struct site_build *b, const struct gs_area *area,
    const char *dir, size_t nchildren, size_t npages,
    const unsigned char key[MEMO_FP])
{
	struct arena	*a = &b->page;
	const char	**rels;
	size_t		 n = 0, page;
	int		 kept;

	rels = xcalloc(npages + 4, sizeof(*rels));
	rels[n++] = arena_printf(a, "%scompounds.csv", dir);
	rels[n++] = arena_printf(a, "%soverdue.csv", dir);
	if (nchildren > 0)
		rels[n++] = arena_printf(a, "%sareas.csv", dir);
	rels[n++] = arena_printf(a, "%ssupervision.xlsx", dir);
	for (page = 1; page <= npages; page++)
		rels[n++] = arena_printf(a, "%sindex.html",
		    sv_url(a, area, page));
	kept = group_reuse(b, dir, key, rels, n);
	free(rels);
	return kept;
}

/* One scope's pages and files: an area's, or the city's (area NULL). */
static int
build_scope(struct site_build *b, const struct gs_area *area,
    const struct area_info *info, const struct gs_list *children)
{
	const struct revision *rev;
	struct sv_total	 tot, *t;
	unsigned char	 key[MEMO_FP];
	const char	*dir;
	size_t		*v, page, npages;
	int		 keyed, rc;

	area_revision(b, info);
	rev = b->page_rev;
	arena_reset(&b->page);
	npages = (info->n + SV_PER_PAGE - 1) / SV_PER_PAGE;
	if (npages == 0)
		npages = 1;
	dir = sv_dir(&b->page, area);
	keyed = scope_key(b, dir, info, rev, key);
	if (keyed && scope_reuse(b, area, dir, children->n, npages, key)) {
		b->page_rev = NULL;
		return 0;
	}
	dir = xstrdup(dir);	/* the page arena is reset below */
	total_of(b, area, info, &tot);
	v = ranked(b, info);
	t = children_ranked(b, children);
	rc = area_files(b, area, v, info->n, t, children->n,
	    keyed ? key : NULL);
	for (page = 1; page <= npages && rc == 0; page++) {
		arena_reset(&b->page);
		b->page_rev = rev;
		rc = area_page(b, area, v, info->n, &tot, t, children->n,
		    page, npages) == -1 ? -1 : 0;
	}
	if (rc == 0 && keyed)
		memo_carry(b->out->memo, dir, key, no_blob);
	free((char *)dir);
	free(v);
	free(t);
	return rc;
}

/*
 * The city's supervision pages and files, every area's, and
 * data/status.json.
 */
int
build_supervision(struct site_build *b)
{
	const struct gs_content *ct = b->c->content;
	struct area_info city = { 0 };
	size_t		 i;
	int		 rc;

	/* The city holds every compound, in the order areas list theirs. */
	city.n = ct->ncompounds;
	city.compounds = xcalloc(city.n ? city.n : 1, sizeof(*city.compounds));
	for (i = 0; i < city.n; i++)
		city.compounds[i] = i;
	rc = build_scope(b, NULL, &city, &ct->districts);
	free(city.compounds);
	for (i = 0; i < ct->nareas && rc == 0; i++) {
		const struct gs_area *area = ct->areas[i];
		const struct area_info *info = info_of(b, area);

		if (info != NULL)
			rc = build_scope(b, area, info, &area->children);
	}
	if (rc == 0)
		rc = status_json(b);
	return rc;
}
