/*
 * What each notice board carries: 物业服务信息公示, 物业管理监管职责及
 * 投诉受理电话公示, 业主自治工作信息公示, and the money board when the
 * record has money to show.  Each board is a list of sections of rows
 * of plain text, already worded as the board prints it; board.c lays
 * them out.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "gongshi.h"
#include "rules.h"
#include "status.h"
#include "view.h"
#include "boards.h"

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
	if (v->pos.undisclosed)
		return v->s;	/* "未公示", never with a unit */
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
	if (c->pos.fid == 0)
		return NULL;
	return join(bs, c->name.s, " ", c->phone.s);
}

static const char *
or_undisclosed(const char *v)
{
	return v != NULL ? v : gs_undisclosed;
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

/* A span of dates as boards print it: "2024年7月1日至2027年6月30日". */
static const char *
date_span(struct boards *bs, const struct gs_val *from, const struct gs_val *to)
{
	if (from->s == NULL || from->pos.undisclosed)
		return from->s;
	buf_truncate(&bs->tmp, 0);
	format_date_words(&bs->tmp, from->n);
	if (to->s != NULL) {
		buf_puts(&bs->tmp, "至");
		format_date_words(&bs->tmp, to->n);
	} else
		buf_puts(&bs->tmp, "起");
	return arena_strdup(bs->a, bs->tmp.p);
}

/* One date as boards print it: "2026年10月31日". */
const char *
date_words(struct boards *bs, const struct gs_val *v)
{
	if (v->s == NULL || v->pos.undisclosed)
		return v->s;
	buf_truncate(&bs->tmp, 0);
	format_date_words(&bs->tmp, v->n);
	return arena_strdup(bs->a, bs->tmp.p);
}

/* Any typed value as people read it, with a unit, or NULL. */
static const char *
typed(struct boards *bs, enum ftype type, const struct gs_val *v,
    const char *unit)
{
	if (v->s == NULL)
		return NULL;
	buf_truncate(&bs->tmp, 0);
	format_value(&bs->tmp, type, v->n, v->s, FORM_HUMAN);
	if (unit != NULL)
		buf_puts(&bs->tmp, unit);
	return arena_strdup(bs->a, bs->tmp.p);
}

static const char *
money_n(struct boards *bs, int64_t fen)
{
	buf_truncate(&bs->tmp, 0);
	format_value(&bs->tmp, FT_MONEY, fen, "", FORM_HUMAN);
	return arena_strdup(bs->a, bs->tmp.p);
}

/* part of whole with two decimals, "（79.07%）", into bs->tmp. */
static void
put_share(struct boards *bs, const struct gs_val *part,
    const struct gs_val *whole)
{
	if (part->s == NULL || whole->s == NULL || whole->n <= 0)
		return;
	buf_puts(&bs->tmp, "（");
	format_share(&bs->tmp, part->n, whole->n);
	buf_puts(&bs->tmp, "）");
}

/* A vote in one line: "参与表决646人（79.07%）…，同意411人（63.62%）…；通过". */
static const char *
vote_text(struct boards *bs, const struct gs_vote *v)
{
	const struct {
		const char	*label;
		const struct gs_tally *t, *whole;
	} parts[] = {
		{ "参与表决", &v->voted, &v->eligible },
		{ "同意", &v->in_favour, &v->voted },
		{ "反对", &v->against, &v->voted },
		{ "弃权", &v->abstain, &v->voted },
	};
	const char	*out = NULL;
	size_t		 i;

	if (v->pos.fid == 0)
		return NULL;
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		const struct gs_tally *t = parts[i].t;

		if (t->pos.fid == 0)
			continue;
		buf_truncate(&bs->tmp, 0);
		buf_puts(&bs->tmp, parts[i].label);
		if (t->owners.s != NULL) {
			buf_printf(&bs->tmp, "%lld人", (long long)t->owners.n);
			put_share(bs, &t->owners, &parts[i].whole->owners);
		}
		if (t->area_m2.s != NULL) {
			buf_puts(&bs->tmp, t->owners.s ? "、" : "");
			format_value(&bs->tmp, FT_DECIMAL, t->area_m2.n, "",
			    FORM_HUMAN);
			buf_puts(&bs->tmp, "平方米");
			put_share(bs, &t->area_m2, &parts[i].whole->area_m2);
		}
		out = join(bs, out, "，", arena_strdup(bs->a, bs->tmp.p));
	}
	if (v->result.s != NULL)
		out = join(bs, out, "；", arena_printf(bs->a, "表决结果：%s",
		    v->result.s));
	return out;
}

static const double kv_widths[] = { 0.28, 0.72 };

/*
 * The single notice, always on the service board, as plain text, a row
 * per paragraph so a long one continues on the next sheet.
 */
static void
notice_rows(struct boards *bs, struct section *s, const char *md)
{
	const char	*text, *p, *end;
	char		*para;

	if ((text = markdown_text(bs->a, md)) == NULL)
		return;
	for (p = text; *p != '\0'; p = end) {
		while (*p == '\n')
			p++;
		if ((end = strstr(p, "\n\n")) == NULL)
			end = p + strlen(p);
		if (end == p)
			continue;
		para = arena_alloc(bs->a, (size_t)(end - p) + 1);
		memcpy(para, p, (size_t)(end - p));
		para[end - p] = '\0';
		add_row(bs, s, para, NULL);
	}
}

/* The yearly evaluation's result: its three parts, total and band. */
static void
board_evaluation(struct boards *bs, struct board *b,
    const struct gs_compound *cp)
{
	static const char *const heads[] = { "评价项目", "得分", "满分" };
	static const double widths[] = { 0.5, 0.25, 0.25 };
	const struct gs_scores *e = &cp->evaluation;
	const struct gs_site_evaluation *se = &bs->site->evaluation;
	const struct gs_val *score[] = { &e->satisfaction, &e->onsite,
		&e->party };
	const struct gs_val *weight[] = { &se->weights.satisfaction,
		&se->weights.onsite, &se->weights.party };
	static const char *const names[] = { "业主满意度评价",
		"物业服务现场评价", "街道社区党组织评价" };
	const char	*band;
	struct section	*s;
	int64_t		 total;
	size_t		 i;

	if (e->pos.fid == 0)
		return;
	s = new_section(b, arena_printf(bs->a, "考核评价（%lld年度）",
	    (long long)e->year.n), 0, 3, heads, widths);
	for (i = 0; i < 3; i++)
		add_row(bs, s, names[i], typed(bs, FT_DECIMAL, score[i], NULL),
		    typed(bs, FT_DECIMAL, weight[i], NULL));
	if (!evaluation_total(e, &total)) {
		s->note = "综合评价未公示";
		return;
	}
	band = evaluation_band(se, total);
	buf_truncate(&bs->tmp, 0);
	buf_puts(&bs->tmp, "综合评价");
	format_value(&bs->tmp, FT_DECIMAL, total, "", FORM_HUMAN);
	buf_puts(&bs->tmp, "分");
	if (band != NULL)
		buf_printf(&bs->tmp, "，处理方式：%s", band);
	s->note = arena_strdup(bs->a, bs->tmp.p);
}

/*
 * 公示状态: what is overdue, each with the day it became so, or that
 * nothing is; the same words as the compound page (status.c).
 */
static void
board_status(struct boards *bs, struct board *b, const struct gs_compound *cp)
{
	static const double widths[] = { 0.16, 0.84 };
	struct section	*s = new_section(b, "公示状态", 1, 2, NULL, widths);
	struct status	 st = { 0 };
	size_t		 i;

	status_of(bs->site, cp, bs->asof, &st);
	buf_truncate(&bs->tmp, 0);
	if (st.n == 0) {
		if (GS_HAS(&cp->data_as_of)) {
			buf_puts(&bs->tmp, "本公示信息截至");
			format_date_words(&bs->tmp, cp->data_as_of.n);
			buf_puts(&bs->tmp, "，");
		}
		buf_puts(&bs->tmp, "没有逾期未更新的公示事项");
		kv(bs, s, "状态", arena_strdup(bs->a, bs->tmp.p));
	}
	for (i = 0; i < st.n; i++) {
		buf_truncate(&bs->tmp, 0);
		status_words(&bs->tmp, cp, &st.v[i]);
		kv(bs, s, "逾期事项", arena_strdup(bs->a, bs->tmp.p));
	}
	status_free(&st);
}

/*
 * Who to call in a compound its owners manage, as the web page says:
 * the committee's phone, else the community's office.
 */
static void
self_managed_contact(struct boards *bs, struct section *s,
    const struct gs_compound *cp)
{
	const struct gs_committee *oc = &cp->owners_committee;
	const struct gs_area *c = cp->community_area;

	if (oc->phone.s != NULL)
		kv(bs, s, GS_HAS(&oc->status) &&
		    oc->status.n == GS_MANAGEMENT_COMMITTEE ?
		    "物业管理委员会电话" : "业主委员会电话", oc->phone.s);
	else if (c != NULL && c->office.phone.s != NULL)
		kv(bs, s, "所在社区电话", join(bs, c->name.s, " ",
		    c->office.phone.s));
	else
		kv(bs, s, "业主委员会电话", gs_undisclosed);
}

/* 物业服务信息公示 */
void
board_service(struct boards *bs, const struct gs_compound *cp)
{
	static const char *const fee_heads[] = { "收费项目", "收费标准",
		"价格管理形式", "收费形式", "收费依据", "执行日期" };
	static const double fee_widths[] = { 0.17, 0.24, 0.14, 0.11, 0.19,
		0.15 };
	static const char *const svc_heads[] = { "服务类别", "服务标准" };
	static const double svc_widths[] = { 0.22, 0.78 };
	static const char *const con_heads[] = { "设施设备", "专业服务单位",
		"联系电话", "检验合格有效期" };
	static const double con_widths[] = { 0.16, 0.36, 0.22, 0.26 };
	static const double con_widths3[] = { 0.2, 0.5, 0.3 };
	static const char *const note_heads[] = { "公告", "公示期" };
	static const double note_widths[] = { 0.64, 0.36 };
	static const char *const com_heads[] = { "问题类别", "响应承诺" };
	static const double com_widths[] = { 0.22, 0.78 };
	struct board	*b = &bs->v[bs->n++];
	struct section	*s;
	const struct gs_provider *p = &cp->provider;
	const struct gs_contract *k = &cp->contract;
	int		 trustee = cp->profile.management.s != NULL &&
	    cp->profile.management.n == GS_TRUSTEESHIP, dated;
	int		 self_managed = GS_HAS(&cp->profile.management) &&
	    cp->profile.management.n == GS_SELF_MANAGED;
	size_t		 i;

	b->title = "物业服务信息公示";
	b->nsecs = 0;
	board_status(bs, b, cp);
	s = new_section(b, trustee ? "服务单位" : self_managed &&
	    p->pos.fid == 0 ? "小区管理" : "物业服务企业", 1, 2, NULL,
	    kv_widths);
	kv(bs, s, "管理方式", cp->profile.management.s);	/* not said: not shown */
	kv(bs, s, "物业服务等级", cp->profile.service_level.s);
	if (GS_UNDISCLOSED(&p->pos))
		kv(bs, s, "说明", "物业服务企业信息未公示");
	else if (p->pos.fid != 0) {
		kv(bs, s, trustee ? "单位名称" : "企业名称", p->name.s);
		kv(bs, s, "统一社会信用代码", p->uscc.s);
		kv(bs, s, "项目负责人", contact_text(bs, &p->manager));
		kv(bs, s, "24小时服务电话", p->hotline_24h.s);
		kv(bs, s, "投诉电话", p->complaint_phone.s);
		kv(bs, s, "党组织", p->party_org.s);
		for (i = 0; i < p->staff.n; i++) {
			const struct gs_staff *st = GS_AT(p->staff,
			    struct gs_staff, i);

			kv(bs, s, st->role.s, join(bs, st->name.s, " ",
			    st->phone.s));
		}
	} else
		kv(bs, s, "说明", "本小区由业主自行管理，未聘请物业服务企业");
	/* Who to call where owners manage: the committee, on sheet 1. */
	if (self_managed)
		self_managed_contact(bs, s, cp);
	if (k->pos.fid != 0) {
		kv(bs, s, "合同类型", contract_kind_words(&k->kind));
		kv(bs, s, "合同期限", date_span(bs, &k->start, &k->end));
		kv(bs, s, "合同备案日期", date_words(bs, &k->filed_on));
	}
	if (cp->service_room.pos.fid != 0) {
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

	if (cp->fees.pos.undisclosed) {
		s = new_section(b, "收费项目及标准", 1, 2, NULL, kv_widths);
		kv(bs, s, "收费项目及标准", gs_undisclosed);
	}
	if (cp->fees.n > 0) {
		s = new_section(b, "收费项目及标准", 0, 6, fee_heads,
		    fee_widths);
		for (i = 0; i < cp->fees.n; i++) {
			const struct gs_fee *f = GS_AT(cp->fees, struct gs_fee,
			    i);

			const char *amount = fmt_money(bs, &f->amount,
			    f->unit.s);

			if (f->base_amount.s != NULL)
				amount = arena_printf(bs->a, "%s（基准价%s元"
				    "%s%s）", amount, money_n(bs,
				    f->base_amount.n), f->float_pct.s ?
				    "，浮动±" : "", f->float_pct.s ?
				    typed(bs, FT_PERCENT, &f->float_pct, NULL) :
				    "");
			add_row(bs, s, f->applies_to.s ? arena_printf(bs->a,
			    "%s（%s）", f->item.s, f->applies_to.s) : f->item.s,
			    amount, f->pricing.s, f->mode.s, join(bs,
			    f->basis.s, "；", f->payer.s ? arena_printf(bs->a,
			    "收费对象：%s", f->payer.s) : NULL),
			    date_words(bs, &f->since));
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
		/* The validity column only where a date is given. */
		for (i = 0, dated = 0; i < cp->contractors.n; i++)
			dated |= GS_AT(cp->contractors, struct gs_contractor,
			    i)->valid_until.s != NULL;
		s = new_section(b, "专业服务单位", 0, dated ? 4 : 3,
		    con_heads, dated ? con_widths : con_widths3);
		for (i = 0; i < cp->contractors.n; i++) {
			const struct gs_contractor *c = GS_AT(cp->contractors,
			    struct gs_contractor, i);

			const char *valid = NULL;

			if (c->valid_until.s != NULL) {
				buf_truncate(&bs->tmp, 0);
				buf_puts(&bs->tmp, "至");
				format_date_words(&bs->tmp, c->valid_until.n);
				if (bs->today >= 0 &&
				    c->valid_until.n < bs->today)
					buf_puts(&bs->tmp, "（已过期）");
				valid = arena_strdup(bs->a, bs->tmp.p);
			}
			add_row(bs, s, c->system.s, c->company.s, c->phone.s,
			    valid);
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
	board_evaluation(bs, b, cp);
	s = new_section(b, "公告", 0, 2, note_heads, note_widths);
	notice_rows(bs, s, cp->notice.s);
	for (i = 0; i < cp->notices.n; i++) {
		const struct gs_notice *n = GS_AT(cp->notices,
		    struct gs_notice, i);

		if (!notice_current(n, bs->today))
			continue;
		add_row(bs, s, arena_printf(bs->a, "【%s】%s", n->kind.s,
		    n->title.s), date_span(bs, &n->date, &n->until));
	}
	if (s->nrows == 0)
		b->nsecs--;
	if (bs->latest != NULL) {
		s = new_section(b, "最近变化", 1, 2, NULL, kv_widths);
		kv(bs, s, "最近变化", bs->latest);
	}
	if (cp->published_by.n > 0) {
		s = new_section(b, "公示单位", 1, 2, NULL, kv_widths);
		kv(bs, s, "公示单位", list_text(bs, &cp->published_by));
		kv(bs, s, "公示日期", date_words(bs, &cp->data_as_of));
	}
}

/*
 * An area's office as the board names it: "和平新村社区 社区居委会",
 * but not "和平新村社区 和平新村社区物业管理委员会" with the name twice.
 */
static const char *
office_name(struct boards *bs, const struct gs_area *a)
{
	if (a->name.s != NULL && a->office.name.s != NULL &&
	    strncmp(a->office.name.s, a->name.s, strlen(a->name.s)) == 0)
		return a->office.name.s;
	return join(bs, a->name.s, " ", a->office.name.s);
}

/* n of "N号楼", or -1. */
static long
building_no(const char *b)
{
	char	*end;
	long	 n;

	if (b == NULL || *b < '0' || *b > '9')
		return -1;
	n = strtol(b, &end, 10);
	return strcmp(end, "号楼") == 0 ? n : -1;
}

/* Buildings from..to as one label: "1号楼至4号楼", else "甲栋、乙栋". */
static const char *
buildings_label(struct boards *bs, const struct gs_compound *cp, size_t from,
    size_t to)
{
	const char	*first = GS_AT(cp->grid, struct gs_grid_row,
	    from)->building.s, *out = NULL;
	long		 n0 = building_no(first);
	size_t		 i;
	int		 run = n0 >= 0;

	if (from == to)
		return first;
	for (i = from + 1; i <= to && run; i++)
		run = building_no(GS_AT(cp->grid, struct gs_grid_row,
		    i)->building.s) == n0 + (long)(i - from);
	if (run)
		return arena_printf(bs->a, "%s至%s", first, GS_AT(cp->grid,
		    struct gs_grid_row, to)->building.s);
	for (i = from; i <= to; i++)
		out = join(bs, out, "、", GS_AT(cp->grid, struct gs_grid_row,
		    i)->building.s);
	return out;
}

static int
same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * 网格员与红色管家: consecutive buildings with the same grid member and
 * steward share a row, as boards on the wall have them, so a compound
 * of fifty buildings fits on a sheet or two.  A steward the record does
 * not give is 未公示, as the web page says.
 */
static void
grid_rows(struct boards *bs, struct section *s, const struct gs_compound *cp)
{
	const char	*member, *steward;
	size_t		 i, from = 0;

	for (i = 0; i < cp->grid.n; i++) {
		const struct gs_grid_row *g = GS_AT(cp->grid,
		    struct gs_grid_row, i);
		const struct gs_grid_row *next = i + 1 < cp->grid.n ?
		    GS_AT(cp->grid, struct gs_grid_row, i + 1) : NULL;

		member = contact_text(bs, &g->grid_member);
		steward = or_undisclosed(contact_text(bs, &g->steward));
		if (next != NULL && same(member, contact_text(bs,
		    &next->grid_member)) && same(steward,
		    or_undisclosed(contact_text(bs, &next->steward))))
			continue;
		add_row(bs, s, buildings_label(bs, cp, from, i), member,
		    steward);
		from = i + 1;
	}
}

/* 物业管理监管职责及投诉受理电话公示 */
void
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
	if (cp->supervision.pos.undisclosed)
		add_row(bs, s, gs_undisclosed, NULL, NULL);
	s = new_section(b, "属地物业管理机构", 0, 3, off_heads,
	    off_widths);
	for (a = cp->community_area; a != NULL; a = a->parent)
		if (a->office.pos.fid != 0)
			add_row(bs, s, levels[a->level], office_name(bs, a),
			    a->office.phone.s);
	if (s->nrows == 0)
		b->nsecs--;
	if (cp->grid.n > 0) {
		s = new_section(b, "网格员与红色管家", 0, 3, grid_heads,
		    grid_widths);
		grid_rows(bs, s, cp);
	}
}

/* 业主自治工作信息公示 */
void
board_owners(struct boards *bs, const struct gs_compound *cp)
{
	static const char *const mem_heads[] = { "职务", "姓名" };
	static const double mem_widths[] = { 0.4, 0.6 };
	static const char *const dec_heads[] = { "日期", "决议事项" };
	static const double dec_widths[] = { 0.22, 0.78 };
	static const char *const meet_heads[] = { "会议日期", "议题",
		"通知日期" };
	static const double meet_widths[] = { 0.22, 0.56, 0.22 };
	static const char *const doc_heads[] = { "文件", "查阅" };
	static const double doc_widths[] = { 0.6, 0.4 };
	const struct gs_committee *oc = &cp->owners_committee;
	struct board	*b = &bs->v[bs->n++];
	struct section	*s;
	size_t		 i;

	b->title = "业主自治工作信息公示";
	b->nsecs = 0;
	s = new_section(b, "业主自治组织", 1, 2, NULL, kv_widths);
	kv(bs, s, "成立情况", GS_UNDISCLOSED(&oc->pos) ? gs_undisclosed :
	    oc->status.s);
	if (GS_HAS(&oc->status) && oc->status.n == GS_NO_COMMITTEE)
		kv(bs, s, "说明", "业主委员会尚未成立，业主共同事务由社区居民"
		    "委员会在街道指导下组织协调");
	else if (GS_HAS(&oc->status) &&
	    oc->status.n == GS_MANAGEMENT_COMMITTEE)
		kv(bs, s, "说明", "由物业管理委员会代行业主委员会职责");
	if (oc->term.pos.fid != 0)
		kv(bs, s, "任期", date_span(bs, &oc->term.start,
		    &oc->term.end));
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

			add_row(bs, s, date_words(bs, &d->date), join(bs,
			    d->text.s, "。",
			    vote_text(bs, GS_VOTE(d->vote))));
		}
	}
	if (oc->meetings.n > 0) {
		s = new_section(b, "会议", 0, 3, meet_heads, meet_widths);
		for (i = 0; i < oc->meetings.n; i++) {
			const struct gs_meeting *m = GS_AT(oc->meetings,
			    struct gs_meeting, i);

			add_row(bs, s, date_words(bs, &m->date), m->agenda.s,
			    date_words(bs, &m->announced_on));
		}
	}
	if (oc->documents.n > 0) {
		s = new_section(b, "管理规约等文件", 0, 2, doc_heads,
		    doc_widths);
		for (i = 0; i < oc->documents.n; i++) {
			const struct gs_document *d = GS_AT(oc->documents,
			    struct gs_document, i);

			add_row(bs, s, d->title.s, d->url.s ? "可在本小区网页"
			    "查阅" : "可向业主委员会查阅");
		}
	}
}

/* 物业服务资金收支情况, newest period only: the page has the rest. */
static void
board_accounts(struct boards *bs, struct board *b, const struct gs_compound *cp)
{
	static const char *const heads[] = { "项目", "金额（元）" };
	static const double widths[] = { 0.6, 0.4 };
	const struct gs_account *ac;
	struct section	*s;
	size_t		 i;

	if (cp->accounts.n == 0)
		return;
	ac = GS_AT(cp->accounts, struct gs_account, 0);
	s = new_section(b, arena_printf(bs->a, "物业服务资金收支情况（%s）",
	    typed(bs, FT_PERIOD, &ac->period, NULL)), 0, 2, heads, widths);
	for (i = 0; i < ac->income.n; i++) {
		const struct gs_entry *e = GS_AT(ac->income, struct gs_entry,
		    i);

		add_row(bs, s, arena_printf(bs->a, "收入：%s", e->item.s),
		    fmt_money(bs, &e->amount, NULL));
	}
	for (i = 0; i < ac->expense.n; i++) {
		const struct gs_entry *e = GS_AT(ac->expense, struct gs_entry,
		    i);

		add_row(bs, s, arena_printf(bs->a, "支出：%s", e->item.s),
		    fmt_money(bs, &e->amount, NULL));
	}
	if (ac->undisclosed_sums) {
		s->note = "收入、支出合计未公示";
		return;
	}
	s->note = arena_printf(bs->a, "收入合计%s元，支出合计%s元，%s%s元%s%s",
	    money_n(bs, ac->total_income), money_n(bs, ac->total_expense),
	    ac->total_income < ac->total_expense ? "收支差额" : "结余",
	    money_n(bs, ac->total_income - ac->total_expense),
	    ac->collection_rate.s ? "；物业费收缴率" : "",
	    ac->collection_rate.s ? typed(bs, FT_PERCENT, &ac->collection_rate,
	    NULL) : "");
}

/* 公共水电费分摊. */
static void
board_utilities(struct boards *bs, struct board *b,
    const struct gs_compound *cp)
{
	static const char *const heads[] = { "分摊项目", "期间", "总金额（元）",
		"户数", "分摊方式", "户均（元）" };
	static const double widths[] = { 0.2, 0.18, 0.17, 0.1, 0.2, 0.15 };
	struct section	*s;
	size_t		 i;

	if (cp->shared_utilities.n == 0)
		return;
	s = new_section(b, "公共水电费分摊", 0, 6, heads, widths);
	for (i = 0; i < cp->shared_utilities.n; i++) {
		const struct gs_utility *u = GS_AT(cp->shared_utilities,
		    struct gs_utility, i);

		add_row(bs, s, u->item.s, typed(bs, FT_PERIOD, &u->period,
		    NULL), fmt_money(bs, &u->total, NULL), typed(bs, FT_COUNT,
		    &u->households, NULL), u->method.s, fmt_money(bs,
		    &u->per_household, NULL));
	}
}

/* 专项维修资金及共有部分经营收益公示, when there is any. */
void
board_money(struct boards *bs, const struct gs_compound *cp)
{
	static const char *const draw_heads[] = { "日期", "使用项目",
		"金额（元）", "业主表决情况" };
	static const double draw_widths[] = { 0.17, 0.37, 0.2, 0.26 };
	static const char *const draw_heads2[] = { "日期", "使用项目",
		"金额（元）", "表决或审批情况" };
	static const char *const src_heads[] = { "收益来源", "金额（元）" };
	static const double src_widths[] = { 0.6, 0.4 };
	static const char *const use_heads[] = { "用途", "金额（元）",
		"决定依据" };
	static const double use_widths[] = { 0.36, 0.22, 0.42 };
	const struct gs_fund *f = &cp->maintenance_fund;
	static const struct gs_revenue none;
	const struct gs_revenue *r = cp->common_revenue.n > 0 ?
	    GS_AT(cp->common_revenue, struct gs_revenue, 0) : &none;
	const char	*lookup;
	struct board	*b;
	struct section	*s;
	size_t		 i;
	int		 urgent;

	if (f->pos.fid == 0 && r->pos.fid == 0 &&
	    cp->accounts.n == 0 && cp->shared_utilities.n == 0)
		return;
	b = &bs->v[bs->n++];
	b->title = cp->accounts.n > 0 || cp->shared_utilities.n > 0 ?
	    "资金收支、经营收益及维修资金公示" :
	    "专项维修资金及共有部分经营收益公示";
	b->nsecs = 0;
	board_accounts(bs, b, cp);
	if (f->pos.fid != 0) {
		s = new_section(b, arena_printf(bs->a, "专项维修资金（截至 "
		    "%s）", date_words(bs, &f->as_of)), 1, 2, NULL, kv_widths);
		kv(bs, s, "累计交存", fmt_money(bs, &f->deposited, "元"));
		kv(bs, s, "累计增值收益", fmt_money(bs, &f->interest, "元"));
		kv(bs, s, "累计使用", fmt_money(bs, &f->used, "元"));
		kv(bs, s, "账面余额", fmt_money(bs, &f->balance, "元"));
		lookup = f->lookup_url.s ? f->lookup_url.s :
		    bs->site->fund_lookup_url.s;
		kv(bs, s, "分户账查询", lookup);
		if (f->draws.n > 0) {
			/* An emergency use is approved, not voted on. */
			for (i = 0, urgent = 0; i < f->draws.n; i++)
				urgent |= GS_HAS(&GS_AT(f->draws,
				    struct gs_fund_draw, i)->approval_kind) &&
				    GS_AT(f->draws, struct gs_fund_draw,
				    i)->approval_kind.n == GS_EMERGENCY;
			s = new_section(b, "专项维修资金使用明细", 0, 4,
			    urgent ? draw_heads2 : draw_heads, draw_widths);
			for (i = 0; i < f->draws.n; i++) {
				const struct gs_fund_draw *d = GS_AT(f->draws,
				    struct gs_fund_draw, i);
				const char *how = d->approval_kind.s &&
				    d->approval_kind.n == GS_EMERGENCY ?
				    "应急使用（经主管部门审批）" : d->approval.s;

				add_row(bs, s, date_words(bs, &d->date), join(bs,
				    d->project.s, "。", d->allocation.s ?
				    arena_printf(bs->a, "费用分摊：%s",
				    d->allocation.s) : NULL), fmt_money(bs,
				    &d->amount, NULL), how);
			}
		}
	}
	if (r->pos.fid != 0) {
		s = new_section(b, arena_printf(bs->a, "共有部分经营收益"
		    "（%s）", typed(bs, FT_PERIOD, &r->period, NULL)), 0, 2,
		    src_heads, src_widths);
		for (i = 0; i < r->sources.n; i++) {
			const struct gs_revenue_source *v = GS_AT(r->sources,
			    struct gs_revenue_source, i);

			add_row(bs, s, v->source.s, fmt_money(bs, &v->amount,
			    NULL));
		}
		if (r->carried_forward.s || r->management_share.s)
			s->note = arena_printf(bs->a, "%s%s%s%s%s",
			    r->carried_forward.s ? "上期结余" : "",
			    r->carried_forward.s ? fmt_money(bs,
			    &r->carried_forward, "元") : "",
			    r->carried_forward.s && r->management_share.s ?
			    "；" : "", r->management_share.s ?
			    "物业服务人管理费用" : "", r->management_share.s ?
			    fmt_money(bs, &r->management_share, "元") : "");
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
	board_utilities(bs, b, cp);
}
