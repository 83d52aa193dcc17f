/*
 * Printable notice boards (公示栏): the three boards every compound
 * posts, and a fourth for the maintenance fund and common revenue when
 * the record has them.  Each board is laid out here, page by page, so
 * that a board that does not fit on one sheet continues on the next
 * with its title marked （续） and its table header repeated, and
 * nothing is ever clipped or shrunk.  The layout template only draws
 * the pages this file decides.
 *
 * Heights are estimated from the text: every CJK character is one em
 * wide, every other character at most 0.6 em, with slack for the line
 * breaking rules of Chinese.  The estimates are deliberately high: a
 * page may end early, never late.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "scalar.h"
#include "gongshi.h"
#include "history.h"
#include "site.h"
#include "template.h"

/* Sizes on A3, in points; A4 is A3 scaled by 1/sqrt(2). */
#define PT_MM		0.352778	/* one point in millimetres */
#define MARGIN_MM	14.0		/* sheet padding */
#define BODY_PT		18.0		/* table text: readable at 2 m */
#define HEAD_PT		18.0		/* table header */
#define SECTION_PT	24.0		/* section headings */
#define TITLE_PT	38.0		/* the board's title: fits one line */
#define NAME_PT		26.0		/* the compound's name */
#define META_PT		15.0		/* data date and revision */
#define LINE		1.35		/* line height, in em */
#define CELL_PAD_MM	1.6		/* vertical padding of a cell */
#define CELL_HPAD_MM	2.0		/* horizontal padding of a cell */
#define SECTION_GAP_MM	5.0		/* space above a section heading */
#define FOOTER_MM	56.5		/* QR code, hotlines, revision, with
				   its margin and rule */
#define SLACK		1.08		/* text width allowance */
#define FILL		0.98		/* never plan the last 2% of a page */

struct sheet {
	double		 width_mm, height_mm;	/* paper */
	double		 scale;			/* 1 on A3 */
	const char	*paper;			/* "A3" */
	const char	*orientation;		/* "portrait" */
};

/* One section of a board: a heading over a table. */
struct section {
	const char	*title;
	int		 kv;		/* label/value rows, no header row */
	size_t		 ncols;
	const char *const *heads;	/* ncols labels, unless kv */
	const double	*widths;	/* ncols fractions of the width */
	const char	**cells;	/* nrows * ncols, NULL = empty */
	size_t		 nrows, cap;
	const char	*note;		/* a line under the table, or NULL */
};

struct board {
	const char	*title;
	struct section	 secs[8];
	size_t		 nsecs;
};

struct boards {
	struct arena	*a;
	struct buf	 tmp;
	struct sheet	 sheet;
	struct board	 v[4];
	size_t		 n;
};

static double
mm(const struct sheet *s, double pt)
{
	return pt * PT_MM * s->scale;
}

/* Width of text in ems: CJK one em, anything else 0.6. */
static double
text_ems(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t		 left = strlen(s), k;
	double		 w = 0;
	uint32_t	 cp;

	while (left > 0) {
		if ((k = utf8_len(p, left, &cp)) == 0)
			k = 1, cp = '?';
		w += cp >= 0x1100 ? 1.0 : 0.6;
		p += k;
		left -= k;
	}
	return w;
}

/* Lines text takes in a column of the given width, hard breaks too. */
static double
text_lines(const char *s, double pt, double col_mm, const struct sheet *sh)
{
	double		 em = mm(sh, pt), avail = col_mm - 2 * CELL_HPAD_MM *
			    sh->scale, lines = 0;
	const char	*nl;
	char		 one[1024];
	size_t		 n;

	if (s == NULL || *s == '\0')
		return 1;
	if (avail < em)
		avail = em;
	for (;;) {
		nl = strchr(s, '\n');
		n = nl ? (size_t)(nl - s) : strlen(s);
		if (n >= sizeof(one))
			n = sizeof(one) - 1;
		memcpy(one, s, n);
		one[n] = '\0';
		lines += fmax(1, ceil(text_ems(one) * em * SLACK / avail));
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	return lines;
}

static double
content_width(const struct sheet *s)
{
	return s->width_mm - 2 * MARGIN_MM * s->scale;
}

static double
row_height(const struct section *sec, const char *const *cells,
    const struct sheet *sh, double pt)
{
	double		 w = content_width(sh), lines, most = 1;
	size_t		 i;

	for (i = 0; i < sec->ncols; i++) {
		lines = text_lines(cells[i], pt, w * sec->widths[i], sh);
		if (lines > most)
			most = lines;
	}
	return most * mm(sh, pt) * LINE + 2 * CELL_PAD_MM * sh->scale + 0.3;
}

static double
heading_height(const struct sheet *sh, const char *title)
{
	return SECTION_GAP_MM * sh->scale + text_lines(title, SECTION_PT,
	    content_width(sh), sh) * mm(sh, SECTION_PT) * LINE +
	    2 * sh->scale;
}

/* The page's own header: compound name, board title, meta line. */
static double
header_height(const struct sheet *sh, const char *name, const char *title)
{
	double	 w = content_width(sh);
	char	 cont[256];

	/* Title lines count the （续） a continued sheet adds. */
	snprintf(cont, sizeof(cont), "%s（续）", title);
	return text_lines(name, NAME_PT, w, sh) * mm(sh, NAME_PT) * LINE +
	    text_lines(cont, TITLE_PT, w, sh) * mm(sh, TITLE_PT) * 1.2 +
	    mm(sh, META_PT) * LINE + (1 + 3 + 1.2) * sh->scale;
}

static struct section *
new_section(struct board *b, const char *title, int kv, size_t ncols,
    const char *const *heads, const double *widths)
{
	struct section	*s = &b->secs[b->nsecs++];

	memset(s, 0, sizeof(*s));
	s->title = title;
	s->kv = kv;
	s->ncols = ncols;
	s->heads = heads;
	s->widths = widths;
	return s;
}

static void
add_row(struct boards *bs, struct section *s, ...)
{
	va_list	 ap;
	size_t	 i;
	const char **nc;

	if (s->nrows == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		nc = arena_alloc(bs->a, s->cap * s->ncols * sizeof(*nc));
		if (s->nrows)
			memcpy(nc, s->cells, s->nrows * s->ncols * sizeof(*nc));
		s->cells = nc;
	}
	va_start(ap, s);
	for (i = 0; i < s->ncols; i++)
		s->cells[s->nrows * s->ncols + i] = va_arg(ap, const char *);
	va_end(ap);
	s->nrows++;
}

/* A label/value row, left out when the value is absent. */
static void
kv(struct boards *bs, struct section *s, const char *label, const char *v)
{
	if (v != NULL)
		add_row(bs, s, label, v);
}

static const char *
fmt_money(struct boards *bs, const struct gs_val *v, const char *unit)
{
	if (v->s == NULL)
		return NULL;
	buf_truncate(&bs->tmp, 0);
	format_value(&bs->tmp, FT_MONEY, v->n, v->s, FORM_HUMAN);
	if (unit != NULL)
		buf_printf(&bs->tmp, " %s", unit);
	return arena_strdup(bs->a, bs->tmp.p);
}

static const char *
join(struct boards *bs, const char *a, const char *sep, const char *b)
{
	if (a == NULL)
		return b;
	if (b == NULL)
		return a;
	return arena_printf(bs->a, "%s%s%s", a, sep, b);
}

static const char *
contact_text(struct boards *bs, const struct gs_contact *c)
{
	if (c->pos.file == NULL)
		return NULL;
	return join(bs, c->name.s, " ", c->phone.s);
}

static const char *
list_text(struct boards *bs, const struct gs_list *l)
{
	const char	*out = NULL;
	size_t		 i;

	for (i = 0; i < l->n; i++)
		out = join(bs, out, "、", GS_AT(*l, struct gs_val, i)->s);
	return out;
}

static const double kv_widths[] = { 0.28, 0.72 };

/* 物业服务信息公示 */
static void
board_service(struct boards *bs, const struct gs_compound *cp)
{
	static const char *const fee_heads[] = { "收费项目", "收费标准",
		"定价方式", "计费方式", "收费依据", "执行日期" };
	static const double fee_widths[] = { 0.17, 0.24, 0.14, 0.11, 0.19,
		0.15 };
	static const char *const svc_heads[] = { "服务类别", "服务标准" };
	static const double svc_widths[] = { 0.22, 0.78 };
	static const char *const con_heads[] = { "设施设备", "专业服务单位",
		"联系电话" };
	static const double con_widths[] = { 0.2, 0.5, 0.3 };
	static const char *const com_heads[] = { "问题类别", "响应承诺" };
	static const double com_widths[] = { 0.22, 0.78 };
	struct board	*b = &bs->v[bs->n++];
	struct section	*s;
	const struct gs_provider *p = &cp->provider;
	const struct gs_contract *k = &cp->contract;
	size_t		 i;

	b->title = "物业服务信息公示";
	b->nsecs = 0;
	s = new_section(b, "物业服务企业", 1, 2, NULL, kv_widths);
	kv(bs, s, "管理方式", cp->profile.management.s ?
	    cp->profile.management.s : gs_management_names[GS_MANAGED]);
	if (p->pos.file != NULL) {
		kv(bs, s, "企业名称", p->name.s);
		kv(bs, s, "统一社会信用代码", p->uscc.s);
		kv(bs, s, "项目负责人", contact_text(bs, &p->manager));
		kv(bs, s, "24小时服务电话", p->hotline_24h.s);
		kv(bs, s, "投诉电话", p->complaint_phone.s);
		kv(bs, s, "党组织", p->party_org.s);
	} else
		kv(bs, s, "说明", "本小区由业主自行管理，未聘请物业服务企业");
	if (k->pos.file != NULL) {
		kv(bs, s, "合同类型", k->kind.s ?
		    arena_printf(bs->a, "%s合同", k->kind.s) : NULL);
		kv(bs, s, "合同期限", k->end.s ? arena_printf(bs->a,
		    "%s 至 %s", k->start.s, k->end.s) : arena_printf(bs->a,
		    "%s 起", k->start.s));
		kv(bs, s, "合同备案日期", k->filed_on.s);
	}
	if (cp->service_room.pos.file != NULL) {
		buf_truncate(&bs->tmp, 0);
		if (cp->service_room.location.s != NULL)
			buf_puts(&bs->tmp, cp->service_room.location.s);
		if (cp->service_room.area_m2.s != NULL) {
			buf_puts(&bs->tmp, bs->tmp.len ? "，" : "");
			format_value(&bs->tmp, FT_DECIMAL,
			    cp->service_room.area_m2.n, "", FORM_HUMAN);
			buf_puts(&bs->tmp, " 平方米");
		}
		kv(bs, s, "物业服务用房", bs->tmp.len ?
		    arena_strdup(bs->a, bs->tmp.p) : NULL);
	}

	if (cp->fees.n > 0) {
		s = new_section(b, "收费项目及标准", 0, 6, fee_heads,
		    fee_widths);
		for (i = 0; i < cp->fees.n; i++) {
			const struct gs_fee *f = GS_AT(cp->fees, struct gs_fee,
			    i);

			add_row(bs, s, f->item.s, fmt_money(bs, &f->amount,
			    f->unit.s), f->pricing.s, f->mode.s, f->basis.s,
			    f->since.s);
		}
	}
	if (cp->services.n > 0) {
		s = new_section(b, "服务内容与标准", 0, 2, svc_heads,
		    svc_widths);
		for (i = 0; i < cp->services.n; i++) {
			const struct gs_service *v = GS_AT(cp->services,
			    struct gs_service, i);

			add_row(bs, s, v->category.s, v->standard.s);
		}
	}
	if (cp->contractors.n > 0) {
		s = new_section(b, "专业服务单位", 0, 3, con_heads,
		    con_widths);
		for (i = 0; i < cp->contractors.n; i++) {
			const struct gs_contractor *c = GS_AT(cp->contractors,
			    struct gs_contractor, i);

			add_row(bs, s, c->system.s, c->company.s, c->phone.s);
		}
	}
	if (cp->commitments.n > 0) {
		s = new_section(b, "服务响应承诺", 0, 2, com_heads,
		    com_widths);
		for (i = 0; i < cp->commitments.n; i++) {
			const struct gs_commitment *c = GS_AT(cp->commitments,
			    struct gs_commitment, i);

			buf_truncate(&bs->tmp, 0);
			format_commitment(&bs->tmp, c);
			add_row(bs, s, c->tier.s, bs->tmp.len ?
			    arena_strdup(bs->a, bs->tmp.p) : NULL);
		}
	}
}

/* 物业管理监管职责及投诉受理电话公示 */
static void
board_supervision(struct boards *bs, const struct gs_compound *cp)
{
	static const char *const sup_heads[] = { "监管部门", "监管职责",
		"投诉受理电话" };
	static const double sup_widths[] = { 0.3, 0.46, 0.24 };
	static const char *const off_heads[] = { "层级", "物业管理机构",
		"电话" };
	static const double off_widths[] = { 0.14, 0.6, 0.26 };
	static const char *const grid_heads[] = { "楼栋", "网格员",
		"红色管家" };
	static const double grid_widths[] = { 0.26, 0.37, 0.37 };
	static const char *const levels[] = { "区县", "街道", "社区" };
	struct board	*b = &bs->v[bs->n++];
	struct section	*s;
	const struct gs_area *a;
	size_t		 i;

	b->title = "物业管理监管职责及投诉受理电话公示";
	b->nsecs = 0;
	s = new_section(b, "监管部门及投诉受理电话", 0, 3, sup_heads,
	    sup_widths);
	for (i = 0; i < cp->supervision.n; i++) {
		const struct gs_supervisor *v = GS_AT(cp->supervision,
		    struct gs_supervisor, i);

		if (v->dept != NULL)
			add_row(bs, s, v->dept->name.s, list_text(bs,
			    &v->dept->duties), v->dept->phone.s);
		else
			add_row(bs, s, v->name.s, list_text(bs, &v->duties),
			    v->phone.s);
	}
	s = new_section(b, "属地物业管理机构", 0, 3, off_heads,
	    off_widths);
	for (a = cp->community_area; a != NULL; a = a->parent)
		if (a->office.pos.file != NULL)
			add_row(bs, s, levels[a->level], join(bs, a->name.s,
			    " ", a->office.name.s), a->office.phone.s);
	if (s->nrows == 0)
		b->nsecs--;
	if (cp->grid.n > 0) {
		s = new_section(b, "网格员与红色管家", 0, 3, grid_heads,
		    grid_widths);
		for (i = 0; i < cp->grid.n; i++) {
			const struct gs_grid_row *g = GS_AT(cp->grid,
			    struct gs_grid_row, i);

			add_row(bs, s, g->building.s, contact_text(bs,
			    &g->grid_member), contact_text(bs, &g->steward));
		}
	}
}

/* 业主自治工作信息公示 */
static void
board_owners(struct boards *bs, const struct gs_compound *cp)
{
	static const char *const mem_heads[] = { "职务", "姓名" };
	static const double mem_widths[] = { 0.4, 0.6 };
	static const char *const dec_heads[] = { "日期", "决议事项" };
	static const double dec_widths[] = { 0.22, 0.78 };
	const struct gs_committee *oc = &cp->owners_committee;
	struct board	*b = &bs->v[bs->n++];
	struct section	*s;
	size_t		 i;

	b->title = "业主自治工作信息公示";
	b->nsecs = 0;
	s = new_section(b, "业主自治组织", 1, 2, NULL, kv_widths);
	kv(bs, s, "成立情况", oc->status.s);
	if (oc->status.n == GS_NO_COMMITTEE)
		kv(bs, s, "说明", "业主委员会尚未成立，业主共同事务由社区居民"
		    "委员会在街道指导下组织协调");
	else if (oc->status.n == GS_MANAGEMENT_COMMITTEE)
		kv(bs, s, "说明", "由物业管理委员会代行业主委员会职责");
	if (oc->term.pos.file != NULL)
		kv(bs, s, "任期", arena_printf(bs->a, "%s 至 %s",
		    oc->term.start.s, oc->term.end.s));
	kv(bs, s, "联系电话", oc->phone.s);
	if (oc->members.n > 0) {
		s = new_section(b, oc->status.n == GS_MANAGEMENT_COMMITTEE ?
		    "物业管理委员会成员" : "业主委员会成员", 0, 2, mem_heads,
		    mem_widths);
		for (i = 0; i < oc->members.n; i++) {
			const struct gs_member *m = GS_AT(oc->members,
			    struct gs_member, i);

			add_row(bs, s, m->role.s, m->name.s);
		}
	}
	if (oc->decisions.n > 0) {
		s = new_section(b, "决议公示", 0, 2, dec_heads,
		    dec_widths);
		for (i = 0; i < oc->decisions.n; i++) {
			const struct gs_decision *d = GS_AT(oc->decisions,
			    struct gs_decision, i);

			add_row(bs, s, d->date.s, d->text.s);
		}
	}
}

/* 专项维修资金及共有部分经营收益公示, when there is any. */
static void
board_money(struct boards *bs, const struct gs_compound *cp)
{
	static const char *const draw_heads[] = { "日期", "使用项目",
		"金额（元）", "业主表决情况" };
	static const double draw_widths[] = { 0.17, 0.37, 0.2, 0.26 };
	static const char *const src_heads[] = { "收益来源", "金额（元）" };
	static const double src_widths[] = { 0.6, 0.4 };
	static const char *const use_heads[] = { "用途", "金额（元）",
		"决策依据" };
	static const double use_widths[] = { 0.36, 0.22, 0.42 };
	const struct gs_fund *f = &cp->maintenance_fund;
	static const struct gs_revenue none;
	const struct gs_revenue *r = cp->common_revenue.n > 0 ?
	    GS_AT(cp->common_revenue, struct gs_revenue, 0) : &none;
	struct board	*b;
	struct section	*s;
	size_t		 i;

	if (f->pos.file == NULL && r->pos.file == NULL)
		return;
	b = &bs->v[bs->n++];
	b->title = "专项维修资金及共有部分经营收益公示";
	b->nsecs = 0;
	if (f->pos.file != NULL) {
		s = new_section(b, arena_printf(bs->a, "专项维修资金（截至 "
		    "%s）", f->as_of.s), 1, 2, NULL, kv_widths);
		kv(bs, s, "累计交存", fmt_money(bs, &f->deposited, "元"));
		kv(bs, s, "累计增值收益", fmt_money(bs, &f->interest, "元"));
		kv(bs, s, "累计使用", fmt_money(bs, &f->used, "元"));
		kv(bs, s, "账面余额", fmt_money(bs, &f->balance, "元"));
		if (f->draws.n > 0) {
			s = new_section(b, "专项维修资金使用明细", 0, 4,
			    draw_heads, draw_widths);
			for (i = 0; i < f->draws.n; i++) {
				const struct gs_fund_draw *d = GS_AT(f->draws,
				    struct gs_fund_draw, i);

				add_row(bs, s, d->date.s, d->project.s,
				    fmt_money(bs, &d->amount, NULL),
				    d->approval.s);
			}
		}
	}
	if (r->pos.file != NULL) {
		s = new_section(b, arena_printf(bs->a, "共有部分经营收益"
		    "（%s）", r->period.s), 0, 2, src_heads, src_widths);
		for (i = 0; i < r->sources.n; i++) {
			const struct gs_revenue_source *v = GS_AT(r->sources,
			    struct gs_revenue_source, i);

			add_row(bs, s, v->source.s, fmt_money(bs, &v->amount,
			    NULL));
		}
		if (r->uses.n > 0) {
			s = new_section(b, "共有部分经营收益使用情况", 0, 3,
			    use_heads, use_widths);
			for (i = 0; i < r->uses.n; i++) {
				const struct gs_revenue_use *u = GS_AT(r->uses,
				    struct gs_revenue_use, i);

				add_row(bs, s, u->purpose.s, fmt_money(bs,
				    &u->amount, NULL), u->decision.s);
			}
		}
	}
}

/* Pages of the view. */

static struct tval *
new_page(struct boards *bs, struct tval *pages, const struct board *b,
    int continued, size_t pageno)
{
	struct arena	*a = bs->a;
	struct tval	*pg = tv_map(a), *secs = tv_list(a);

	tv_set(pg, "title", tv_str(a, b->title));
	tv_set(pg, "continued", tv_bool(continued));
	tv_set(pg, "number", tv_strf(a, "%zu", pageno));
	tv_set(pg, "sections", secs);
	tv_push(pages, pg);
	return secs;
}

static struct tval *
new_table(struct boards *bs, struct tval *secs, const struct section *s,
    int continued)
{
	struct arena	*a = bs->a;
	struct tval	*t = tv_map(a), *heads = tv_list(a), *h, *rows;
	size_t		 i;

	tv_set(t, "title", tv_str(a, s->title));
	tv_set(t, "continued", tv_bool(continued));
	tv_set(t, "kv", tv_bool(s->kv));
	for (i = 0; i < s->ncols; i++) {
		h = tv_map(a);
		tv_set(h, "label", s->heads ? tv_str(a, s->heads[i]) :
		    tv_bool(0));
		tv_set(h, "width", tv_strf(a, "%.1f", s->widths[i] * 100));
		tv_push(heads, h);
	}
	tv_set(t, "columns", heads);
	rows = tv_list(a);
	tv_set(t, "rows", rows);
	tv_push(secs, t);
	return rows;
}

static void
push_row(struct boards *bs, struct tval *rows, const struct section *s,
    size_t r)
{
	struct arena	*a = bs->a;
	struct tval	*row = tv_map(a), *cells = tv_list(a), *c;
	const char	*text;
	size_t		 i;

	for (i = 0; i < s->ncols; i++) {
		text = s->cells[r * s->ncols + i];
		c = tv_map(a);
		tv_set(c, "text", text ? tv_str(a, text) : tv_bool(0));
		tv_set(c, "label", s->kv && i == 0 ? tv_bool(1) : tv_bool(0));
		tv_push(cells, c);
	}
	tv_set(row, "cells", cells);
	tv_push(rows, row);
}

/*
 * Lays one board out on as many pages as it needs.  A section starts
 * on a new page when its heading, header row and first row would not
 * fit; a row that does not fit moves to the next page, where the board
 * title and the section heading say （续） and the header row repeats.
 */
static void
paginate(struct boards *bs, const struct board *b, const char *name,
    struct tval *pages, size_t *pageno)
{
	const struct sheet *sh = &bs->sheet;
	double		 avail, used, h, head, first, whole;
	struct tval	*secs, *rows;
	size_t		 si, r;

	avail = (sh->height_mm - 2 * MARGIN_MM * sh->scale - FOOTER_MM *
	    sh->scale - header_height(sh, name, b->title)) * FILL;
	secs = new_page(bs, pages, b, 0, ++*pageno);
	used = 0;
	for (si = 0; si < b->nsecs; si++) {
		const struct section *s = &b->secs[si];

		head = heading_height(sh, s->title) + (s->kv ? 0 :
		    row_height(s, s->heads, sh, HEAD_PT));
		first = s->nrows ? row_height(s, s->cells, sh, BODY_PT) : 0;
		/* A short table moves whole rather than leave a row or two
		 * on a sheet of their own. */
		whole = head;
		for (r = 0; r < s->nrows; r++)
			whole += row_height(s, s->cells + r * s->ncols, sh,
			    BODY_PT);
		if (used > 0 && (used + head + first > avail ||
		    (whole <= avail / 2 && used + whole > avail))) {
			secs = new_page(bs, pages, b, 1, ++*pageno);
			used = 0;
		}
		rows = new_table(bs, secs, s, 0);
		used += head;
		for (r = 0; r < s->nrows; r++) {
			h = row_height(s, s->cells + r * s->ncols, sh, BODY_PT);
			if (used + h > avail && used > head) {
				secs = new_page(bs, pages, b, 1, ++*pageno);
				rows = new_table(bs, secs, s, 1);
				used = head;
			}
			push_row(bs, rows, s, r);
			used += h;
		}
	}
}

static void
put_int(struct buf *b, int n)
{
	char	 d[12];
	int	 i = 0;

	do
		d[i++] = (char)('0' + n % 10);
	while ((n /= 10) > 0 && i < (int)sizeof(d));
	while (i > 0)
		buf_putc(b, d[--i]);
}

/* "M x y h run v1 h -run z", without printf: a code has thousands. */
static void
qr_run(struct buf *b, int x, int y, int run)
{
	buf_putc(b, 'M');
	put_int(b, x);
	buf_putc(b, ' ');
	put_int(b, y);
	buf_putc(b, 'h');
	put_int(b, run);
	buf_puts(b, "v1h-");
	put_int(b, run);
	buf_putc(b, 'z');
}

/* The QR code as SVG: one path, runs of dark modules merged. */
static const struct tval *
qr_svg(struct boards *bs, const char *url)
{
	QRcode		*q;
	struct buf	*b = &bs->tmp;
	int		 x, y, run, w;
	const struct tval *v;

	if ((q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL)
		return tv_bool(0);
	w = q->width + 8;	/* four modules of quiet zone each side */
	buf_truncate(b, 0);
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\" "
	    "role=\"img\" aria-label=\"", w, w);
	esc_html(b, url, strlen(url));
	buf_printf(b, "\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" d=\"", w, w);
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x += run ? run : 1) {
			for (run = 0; x + run < q->width &&
			    (q->data[y * q->width + x + run] & 1); run++)
				continue;
			if (run > 0)
				qr_run(b, x + 4, y + 4, run);
		}
	buf_puts(b, "\"/></svg>");
	QRcode_free(q);
	v = tv_strn(bs->a, b->p, b->len);
	return v;
}

void
board_sheet(const struct gs_site *site, double *w, double *h,
    const char **paper, const char **orientation)
{
	int	 a4 = site->board.paper.s != NULL && site->board.paper.n == GS_A4;
	int	 land = site->board.orientation.s != NULL &&
		    site->board.orientation.n == GS_LANDSCAPE;
	double	 shortside = a4 ? 210 : 297, longside = a4 ? 297 : 420;

	*w = land ? longside : shortside;
	*h = land ? shortside : longside;
	*paper = a4 ? "A4" : "A3";
	*orientation = land ? "landscape" : "portrait";
}

/*
 * The view of one compound's board page: sheet size, the pages laid
 * out, and what every page carries (name, data date, revision, QR code
 * to the compound's page, city hotlines).
 */
void
board_view(struct arena *a, struct tval *view, const struct gs_content *ct,
    const struct gs_compound *cp, const char *revision)
{
	struct boards	 bs;
	struct tval	*pages = tv_list(a), *sheet, *hl, *x;
	const char	*url;
	size_t		 i, pageno = 0;

	memset(&bs, 0, sizeof(bs));
	bs.a = a;
	board_sheet(&ct->site, &bs.sheet.width_mm, &bs.sheet.height_mm,
	    &bs.sheet.paper, &bs.sheet.orientation);
	bs.sheet.scale = fmin(bs.sheet.width_mm, bs.sheet.height_mm) / 297.0;

	board_service(&bs, cp);
	board_supervision(&bs, cp);
	board_owners(&bs, cp);
	board_money(&bs, cp);
	for (i = 0; i < bs.n; i++)
		paginate(&bs, &bs.v[i], cp->name.s, pages, &pageno);

	url = arena_printf(a, "%sc/%s/", ct->site.base_url.s, cp->id.s);
	sheet = tv_map(a);
	tv_set(sheet, "paper", tv_str(a, bs.sheet.paper));
	tv_set(sheet, "orientation", tv_str(a, bs.sheet.orientation));
	tv_set(sheet, "width_mm", tv_strf(a, "%.0f", bs.sheet.width_mm));
	tv_set(sheet, "height_mm", tv_strf(a, "%.0f", bs.sheet.height_mm));
	tv_set(sheet, "scale", tv_strf(a, "%.4f", bs.sheet.scale));
	tv_set(view, "sheet", sheet);
	tv_set(view, "sheets", pages);
	tv_set(view, "sheet_count", tv_strf(a, "%zu", pageno));
	tv_set(view, "url", tv_str(a, url));
	tv_set(view, "qr_svg", qr_svg(&bs, url));
	tv_set(view, "revision", tv_str(a, revision));
	hl = tv_list(a);
	for (i = 0; i < ct->site.hotlines.n; i++) {
		const struct gs_contact *h = GS_AT(ct->site.hotlines,
		    struct gs_contact, i);

		x = tv_map(a);
		tv_set(x, "name", tv_str(a, h->name.s));
		tv_set(x, "phone", tv_str(a, h->phone.s));
		tv_push(hl, x);
	}
	tv_set(view, "hotlines", hl);
	buf_free(&bs.tmp);
}
