/*
 * What each notice board carries: 物业服务信息公示, 物业管理监管职责及
 * 投诉受理电话公示, 业主自治工作信息公示, and the money board when the
 * record has money to show.  Each board is a list of sections of rows
 * of plain text, already worded as the board prints it; board.c lays
 * them out.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "gongshi.h"
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
void
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
void
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
void
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

