/*
 * The compound page's view, one function per section of the disclosure,
 * in the order the page shows them.  Each returns false for a section
 * the record does not have, so the layout writes nothing for it: an
 * absent section is shown as absent, never with defaults.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "format.h"
#include "gongshi.h"
#include "history.h"
#include "rules.h"
#include "scalar.h"
#include "site.h"
#include "template.h"
#include "status.h"
#include "view.h"

/*
 * A figure with its unit, "5,200,000.00 元", or "未公示" without one:
 * readers must never see a 未公示 figure as 0.00.
 */
static const struct tval *
yuan(struct site_build *b, struct arena *a, const struct gs_val *v)
{
	if (v->s == NULL)
		return tv_bool(0);
	if (v->pos.undisclosed)
		return view_str(a, gs_undisclosed);
	buf_truncate(&b->tmp, 0);
	format_value(&b->tmp, FT_MONEY, v->n, v->s, FORM_HUMAN);
	buf_puts(&b->tmp, " 元");
	return tv_strn(a, b->tmp.p, b->tmp.len);
}

/* A sum with its unit, or "未公示" when one of its parts is. */
static const struct tval *
yuan_n(struct site_build *b, struct arena *a, int64_t fen, bool undisclosed)
{
	struct gs_val	 v;

	memset(&v, 0, sizeof(v));
	v.s = undisclosed ? gs_undisclosed : "";
	v.n = fen;
	v.pos.undisclosed = undisclosed;
	return yuan(b, a, &v);
}

/* A period in words ("2025年度"), or false. */
static const struct tval *
period(struct site_build *b, struct arena *a, const struct gs_val *v)
{
	return view_typed(b, a, FT_PERIOD, v);
}

/* part of whole as a percentage with two decimals: "79.07%". */
static const struct tval *
share(struct site_build *b, struct arena *a, int64_t part, int64_t whole)
{
	if (whole <= 0)
		return tv_bool(0);
	buf_truncate(&b->tmp, 0);
	format_share(&b->tmp, part, whole);
	return tv_strn(a, b->tmp.p, b->tmp.len);
}

/* 项目概况, or false. */
static const struct tval *
profile_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	const struct gs_profile *p = &cp->profile;
	struct tval	*x;

	if (p->pos.fid == 0)
		return tv_bool(0);
	x = tv_map(a);
	tv_set(x, "built", view_count(a, &p->built));
	tv_set(x, "buildings", p->buildings.s ? view_grouped(a,
	    p->buildings.n) : tv_bool(0));
	tv_set(x, "households", p->households.s ? view_grouped(a,
	    p->households.n) : tv_bool(0));
	tv_set(x, "floor_area_m2", view_typed(b, a, FT_DECIMAL, &p->floor_area_m2));
	tv_set(x, "management", view_val(a, &p->management));
	tv_set(x, "service_level", view_val(a, &p->service_level));
	return x;
}

/* 物业服务用房, or false. */
static const struct tval *
service_room_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	struct tval	*x;

	if (cp->service_room.pos.fid == 0)
		return tv_bool(0);
	x = tv_map(a);
	tv_set(x, "area_m2", view_typed(b, a, FT_DECIMAL, &cp->service_room.area_m2));
	tv_set(x, "location", view_val(a, &cp->service_room.location));
	return x;
}

/* 物业服务企业, or false for a self-managed compound. */
static const struct tval *
provider_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	const struct gs_provider *p = &cp->provider;
	struct tval	*x, *list, *y;
	size_t		 i;

	if (p->pos.fid == 0 || p->pos.undisclosed)
		return tv_bool(0);	/* the page says it is not disclosed */
	x = tv_map(a);
	tv_set(x, "name", view_val(a, &p->name));
	tv_set(x, "uscc", view_val(a, &p->uscc));
	tv_set(x, "hotline_24h", view_phone(a, &p->hotline_24h));
	tv_set(x, "complaint_phone", view_phone(a, &p->complaint_phone));
	tv_set(x, "manager", view_contact(a, &p->manager));
	tv_set(x, "party_org", view_val(a, &p->party_org));
	list = tv_list(a);
	for (i = 0; i < p->staff.n; i++) {
		const struct gs_staff *st = GS_AT(p->staff, struct gs_staff, i);

		y = tv_map(a);
		tv_set(y, "role", view_val(a, &st->role));
		tv_set(y, "name", view_val(a, &st->name));
		tv_set(y, "phone", view_phone(a, &st->phone));
		tv_push(list, y);
	}
	view_list(a, x, "staff", list);
	return x;
}

/* 物业服务合同, or false; ended as status.c says. */
static const struct tval *
contract_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	const struct gs_contract *k = &cp->contract;
	const struct status *st;
	struct tval	*x;

	if (k->pos.fid == 0)
		return tv_bool(0);
	x = tv_map(a);
	tv_set(x, "kind", view_val(a, &k->kind));
	tv_set(x, "kind_text", view_str(a, contract_kind_words(&k->kind)));
	tv_set(x, "summary_html", view_markdown(a, k->summary.s));
	tv_set(x, "report_html", view_markdown(a, k->report.s));
	tv_set(x, "start", view_val(a, &k->start));
	tv_set(x, "end", view_val(a, &k->end));
	tv_set(x, "filed_on", view_val(a, &k->filed_on));
	tv_set(x, "ended", tv_bool((st = compound_status(b, cp)) != NULL &&
	    status_find(st, STATUS_CONTRACT, 0) != NULL));
	return x;
}

/* 服务内容与标准. */
static const struct tval *
services_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *x;
	size_t		 i;

	for (i = 0; i < cp->services.n; i++) {
		const struct gs_service *s = GS_AT(cp->services,
		    struct gs_service, i);

		x = tv_map(a);
		tv_set(x, "category", view_val(a, &s->category));
		tv_set(x, "standard", view_val(a, &s->standard));
		tv_push(list, x);
	}
	return list;
}

/* 收费项目及标准. */
static const struct tval *
fees_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *x;
	size_t		 i;

	for (i = 0; i < cp->fees.n; i++) {
		const struct gs_fee *f = GS_AT(cp->fees, struct gs_fee, i);

		x = tv_map(a);
		tv_set(x, "item", view_val(a, &f->item));
		tv_set(x, "amount", view_money(b, a, &f->amount));
		tv_set(x, "unit", f->amount.pos.undisclosed ? tv_bool(0) :
		    view_val(a, &f->unit));
		tv_set(x, "pricing", view_val(a, &f->pricing));
		tv_set(x, "mode", view_val(a, &f->mode));
		tv_set(x, "basis", view_val(a, &f->basis));
		tv_set(x, "since", view_val(a, &f->since));
		tv_set(x, "applies_to", view_val(a, &f->applies_to));
		tv_set(x, "base_amount", view_money(b, a, &f->base_amount));
		tv_set(x, "float_pct", view_typed(b, a, FT_PERCENT,
		    &f->float_pct));
		tv_set(x, "payer", view_val(a, &f->payer));
		tv_set(x, "announced_on", view_val(a, &f->announced_on));
		tv_set(x, "note", view_val(a, &f->note));
		tv_set(x, "has_details", tv_bool(f->payer.s || f->note.s ||
		    f->announced_on.s));
		tv_push(list, x);
	}
	return list;
}

/* One period of 共有部分经营收益; the totals were summed by the check. */
static struct tval *
revenue_period(struct site_build *b, const struct gs_revenue *r)
{
	struct arena	*a = &b->page;
	struct tval	*x, *list, *y;
	int		 costs = 0;
	size_t		 i;

	x = tv_map(a);
	tv_set(x, "period", period(b, a, &r->period));
	tv_set(x, "account", view_val(a, &r->account));
	list = tv_list(a);
	for (i = 0; i < r->sources.n; i++) {
		const struct gs_revenue_source *s = GS_AT(r->sources,
		    struct gs_revenue_source, i);

		y = tv_map(a);
		tv_set(y, "source", view_val(a, &s->source));
		tv_set(y, "amount", view_money(b, a, &s->amount));
		tv_set(y, "cost", view_money(b, a, &s->cost));
		tv_set(y, "net", GS_HAS(&s->cost) && GS_HAS(&s->amount) ?
		    view_money_n(b, a, s->amount.n - s->cost.n) : tv_bool(0));
		costs |= s->cost.s != NULL;
		tv_push(list, y);
	}
	view_list(a, x, "sources", list);
	tv_set(x, "has_costs", tv_bool(costs));
	list = tv_list(a);
	for (i = 0; i < r->uses.n; i++) {
		const struct gs_revenue_use *u = GS_AT(r->uses,
		    struct gs_revenue_use, i);

		y = tv_map(a);
		tv_set(y, "purpose", view_val(a, &u->purpose));
		tv_set(y, "amount", view_money(b, a, &u->amount));
		tv_set(y, "decision", view_val(a, &u->decision));
		tv_push(list, y);
	}
	view_list(a, x, "uses", list);
	/* Figures carry their unit: "未公示" has none. */
	tv_set(x, "total_sources", yuan_n(b, a, r->total_sources,
	    r->undisclosed_sums));
	tv_set(x, "total_uses", yuan_n(b, a, r->total_uses,
	    r->undisclosed_sums));
	tv_set(x, "management_share", yuan(b, a, &r->management_share));
	tv_set(x, "carried_forward", yuan(b, a, &r->carried_forward));
	tv_set(x, "remaining", yuan_n(b, a, r->carried_forward.n +
	    r->total_sources - r->total_uses - r->management_share.n,
	    r->undisclosed_sums));
	return x;
}

/* 共有部分经营收益, newest period first; the older ones fold. */
static const struct tval *
revenue_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *x;
	size_t		 i;

	for (i = 0; i < cp->common_revenue.n; i++) {
		x = revenue_period(b, GS_AT(cp->common_revenue,
		    struct gs_revenue, i));
		tv_set(x, "older", tv_bool(i > 0));
		tv_push(list, x);
	}
	return list;
}

/* 物业服务资金收支情况, newest period first. */
static const struct tval *
accounts_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *x, *items, *y;
	size_t		 i, j, side;

	for (i = 0; i < cp->accounts.n; i++) {
		const struct gs_account *ac = GS_AT(cp->accounts,
		    struct gs_account, i);

		x = tv_map(a);
		tv_set(x, "period", period(b, a, &ac->period));
		for (side = 0; side < 2; side++) {
			const struct gs_list *l = side ? &ac->expense :
			    &ac->income;

			items = tv_list(a);
			for (j = 0; j < l->n; j++) {
				const struct gs_entry *e = GS_AT(*l,
				    struct gs_entry, j);

				y = tv_map(a);
				tv_set(y, "item", view_val(a, &e->item));
				tv_set(y, "amount", view_money(b, a,
				    &e->amount));
				tv_push(items, y);
			}
			view_list(a, x, side ? "expense" : "income", items);
		}
		tv_set(x, "total_income", yuan_n(b, a, ac->total_income,
		    ac->undisclosed_sums));
		tv_set(x, "total_expense", yuan_n(b, a, ac->total_expense,
		    ac->undisclosed_sums));
		tv_set(x, "balance", yuan_n(b, a, ac->total_income -
		    ac->total_expense, ac->undisclosed_sums));
		tv_set(x, "deficit", tv_bool(ac->total_income <
		    ac->total_expense));
		tv_set(x, "collection_rate", view_typed(b, a, FT_PERCENT,
		    &ac->collection_rate));
		tv_set(x, "note_html", view_markdown(a, ac->note.s));
		tv_set(x, "older", tv_bool(i > 0));
		tv_push(list, x);
	}
	return list;
}

/* 公共水电费分摊. */
static const struct tval *
utilities_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *x;
	size_t		 i;

	for (i = 0; i < cp->shared_utilities.n; i++) {
		const struct gs_utility *u = GS_AT(cp->shared_utilities,
		    struct gs_utility, i);

		x = tv_map(a);
		tv_set(x, "period", period(b, a, &u->period));
		tv_set(x, "item", view_val(a, &u->item));
		tv_set(x, "total", view_money(b, a, &u->total));
		tv_set(x, "households", GS_HAS(&u->households) ?
		    view_grouped(a, u->households.n) :
		    view_val(a, &u->households));
		tv_set(x, "method", view_val(a, &u->method));
		tv_set(x, "per_household", view_money(b, a,
		    &u->per_household));
		tv_push(list, x);
	}
	return list;
}

/* 投诉处理情况, period by period. */
static const struct tval *
complaints_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *x;
	size_t		 i;

	for (i = 0; i < cp->complaints.n; i++) {
		const struct gs_complaints *k = GS_AT(cp->complaints,
		    struct gs_complaints, i);

		x = tv_map(a);
		tv_set(x, "period", period(b, a, &k->period));
		tv_set(x, "source", view_val(a, &k->source));
		tv_set(x, "received", view_count(a, &k->received));
		tv_set(x, "resolved", view_count(a, &k->resolved));
		tv_set(x, "satisfied", view_count(a, &k->satisfied));
		tv_set(x, "resolved_share", GS_HAS(&k->resolved) &&
		    GS_HAS(&k->received) ? share(b, a, k->resolved.n,
		    k->received.n) : tv_bool(0));
		tv_push(list, x);
	}
	return list;
}

/* 专项维修资金, or false. */
static const struct tval *
fund_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	const struct gs_fund *f = &cp->maintenance_fund;
	struct tval	*x, *list, *y;
	size_t		 i;

	if (f->pos.fid == 0)
		return tv_bool(0);
	x = tv_map(a);
	tv_set(x, "as_of", view_val(a, &f->as_of));
	tv_set(x, "deposited", yuan(b, a, &f->deposited));
	tv_set(x, "interest", yuan(b, a, &f->interest));
	tv_set(x, "used", yuan(b, a, &f->used));
	tv_set(x, "balance", yuan(b, a, &f->balance));
	list = tv_list(a);
	for (i = 0; i < f->draws.n; i++) {
		const struct gs_fund_draw *d = GS_AT(f->draws,
		    struct gs_fund_draw, i);

		y = tv_map(a);
		tv_set(y, "date", view_val(a, &d->date));
		tv_set(y, "project", view_val(a, &d->project));
		tv_set(y, "amount", view_money(b, a, &d->amount));
		tv_set(y, "approval", view_val(a, &d->approval));
		tv_set(y, "emergency", tv_bool(d->approval_kind.s != NULL &&
		    d->approval_kind.n == GS_EMERGENCY));
		tv_set(y, "budget", view_money(b, a, &d->budget));
		tv_set(y, "settled", view_money(b, a, &d->settled));
		tv_set(y, "allocation", view_val(a, &d->allocation));
		tv_set(y, "contractor", view_val(a, &d->contractor));
		tv_set(y, "accepted_on", view_val(a, &d->accepted_on));
		tv_set(y, "has_details", tv_bool(d->budget.s || d->settled.s ||
		    d->allocation.s || d->contractor.s || d->accepted_on.s));
		tv_push(list, y);
	}
	view_list(a, x, "draws", list);
	tv_set(x, "lookup_url", view_str(a, f->lookup_url.s ? f->lookup_url.s :
	    b->c->content->site.fund_lookup_url.s));
	return x;
}

/* 专业服务单位. */
static const struct tval *
contractors_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *x;
	const struct status *st = compound_status(b, cp);
	size_t		 i;

	for (i = 0; i < cp->contractors.n; i++) {
		const struct gs_contractor *k = GS_AT(cp->contractors,
		    struct gs_contractor, i);

		x = tv_map(a);
		tv_set(x, "system", view_val(a, &k->system));
		tv_set(x, "company", view_val(a, &k->company));
		tv_set(x, "phone", view_phone(a, &k->phone));
		tv_set(x, "license", view_val(a, &k->license));
		tv_set(x, "last_inspection", view_val(a, &k->last_inspection));
		tv_set(x, "valid_until", view_val(a, &k->valid_until));
		tv_set(x, "expired", tv_bool(st != NULL &&
		    status_find(st, STATUS_INSPECTION, i) != NULL));
		tv_push(list, x);
	}
	return list;
}

/* One row of a vote: owners and area, with their shares of whole. */
static struct tval *
tally_row(struct site_build *b, const char *label, const struct gs_tally *t,
    const struct gs_tally *whole)
{
	struct arena	*a = &b->page;
	struct tval	*y = tv_map(a);

	tv_set(y, "label", view_str(a, label));
	tv_set(y, "owners", view_count(a, &t->owners));
	tv_set(y, "area_m2", view_typed(b, a, FT_DECIMAL, &t->area_m2));
	tv_set(y, "owners_share", whole && GS_HAS(&t->owners) &&
	    GS_HAS(&whole->owners) ? share(b, a, t->owners.n, whole->owners.n) :
	    tv_bool(0));
	tv_set(y, "area_share", whole && GS_HAS(&t->area_m2) &&
	    GS_HAS(&whole->area_m2) ? share(b, a, t->area_m2.n,
	    whole->area_m2.n) : tv_bool(0));
	return y;
}

/*
 * An owners' vote, or false: each count with its share (voted of
 * eligible, the rest of voted), and what the figures say against
 * 民法典第二百七十八条.
 */
static const struct tval *
vote_view(struct site_build *b, const struct gs_vote *v)
{
	struct arena	*a = &b->page;
	struct tval	*x, *rows, *list, *y;
	enum vote_verdict verdict;
	bool		 super;
	size_t		 i;
	const struct {
		const char	*label;
		const struct gs_tally *t, *whole;
	} parts[] = {
		{ "应参与表决", &v->eligible, NULL },
		{ "参与表决", &v->voted, &v->eligible },
		{ "同意", &v->in_favour, &v->voted },
		{ "反对", &v->against, &v->voted },
		{ "弃权", &v->abstain, &v->voted },
		{ "无效票", &v->spoiled, &v->voted },
		{ "未表态计入多数", &v->counted_with_majority, &v->eligible },
	};

	if (v->pos.fid == 0)
		return tv_bool(0);
	x = tv_map(a);
	tv_set(x, "matter", view_val(a, &v->matter));
	tv_set(x, "window", v->window.pos.fid != 0 ? tv_strf(a, "%s 至 %s",
	    v->window.start.s ? v->window.start.s : "",
	    v->window.end.s ? v->window.end.s : "") : tv_bool(0));
	rows = tv_list(a);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (parts[i].t->pos.fid != 0)
			tv_push(rows, tally_row(b, parts[i].label, parts[i].t,
			    parts[i].whole && parts[i].whole->pos.fid != 0 ?
			    parts[i].whole : NULL));
	view_list(a, x, "rows", rows);
	list = tv_list(a);
	for (i = 0; i < v->options.n; i++) {
		const struct gs_vote_option *o = GS_AT(v->options,
		    struct gs_vote_option, i);

		y = tv_map(a);
		tv_set(y, "name", view_val(a, &o->name));
		tv_set(y, "owners", view_count(a, &o->owners));
		tv_set(y, "area_m2", view_typed(b, a, FT_DECIMAL, &o->area_m2));
		tv_push(list, y);
	}
	view_list(a, x, "options", list);
	tv_set(x, "result", view_val(a, &v->result));
	verdict = vote_verdict(v, &super);
	tv_set(x, "verified", tv_bool(verdict != VOTE_UNKNOWN));
	tv_set(x, "rule", view_str(a, super ? "参与表决的专有部分面积和人数均"
	    "不低于总数的三分之二，且同意的均不低于参与表决的四分之三" :
	    "参与表决的专有部分面积和人数均不低于总数的三分之二，且同意的均"
	    "超过参与表决的半数"));
	tv_set(x, "meets_rule", tv_bool(verdict == VOTE_PASSES));
	return x;
}

/* 公告, dated, newest first; current ones (with --today) marked. */
static const struct tval *
notices_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *x, *files, *y;
	size_t		 i, j;

	for (i = 0; i < cp->notices.n; i++) {
		const struct gs_notice *n = GS_AT(cp->notices,
		    struct gs_notice, i);

		x = tv_map(a);
		tv_set(x, "date", view_val(a, &n->date));
		tv_set(x, "kind", view_val(a, &n->kind));
		tv_set(x, "title", view_val(a, &n->title));
		tv_set(x, "body_html", view_markdown(a, n->body.s));
		tv_set(x, "until", view_val(a, &n->until));
		tv_set(x, "current", tv_bool(notice_current(n,
		    b->opts->today_given ? b->opts->today : -1)));
		tv_set(x, "anchor", tv_strf(a, "notice-%zu", i + 1));
		tv_set(x, "vote", vote_view(b, GS_VOTE(n->vote)));
		files = tv_list(a);
		for (j = 0; j < n->attachments.n; j++) {
			const struct gs_attachment *at = GS_AT(n->attachments,
			    struct gs_attachment, j);

			y = tv_map(a);
			tv_set(y, "title", view_val(a, &at->title));
			tv_set(y, "file", view_val(a, &at->file));
			tv_push(files, y);
		}
		view_list(a, x, "attachments", files);
		tv_push(list, x);
	}
	return list;
}

/* 业主自治组织: always there, if only to say none is established. */
static const struct tval *
committee_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	const struct gs_committee *oc = &cp->owners_committee;
	struct tval	*x = tv_map(a), *list, *y;
	size_t		 i;

	/* 未公示, as a whole or as its status, is neither state. */
	tv_set(x, "status", GS_UNDISCLOSED(&oc->pos) ?
	    view_str(a, gs_undisclosed) : view_val(a, &oc->status));
	tv_set(x, "established", tv_bool(GS_HAS(&oc->status) &&
	    oc->status.n == GS_COMMITTEE));
	tv_set(x, "not_established", tv_bool(GS_HAS(&oc->status) &&
	    oc->status.n == GS_NO_COMMITTEE));
	tv_set(x, "management_committee", tv_bool(GS_HAS(&oc->status) &&
	    oc->status.n == GS_MANAGEMENT_COMMITTEE));
	if (oc->term.pos.fid != 0) {
		y = tv_map(a);
		tv_set(y, "start", view_val(a, &oc->term.start));
		tv_set(y, "end", view_val(a, &oc->term.end));
		tv_set(x, "term", y);
	} else
		tv_set(x, "term", tv_bool(0));
	list = tv_list(a);
	for (i = 0; i < oc->members.n; i++) {
		const struct gs_member *mb = GS_AT(oc->members,
		    struct gs_member, i);

		y = tv_map(a);
		tv_set(y, "role", view_val(a, &mb->role));
		tv_set(y, "name", view_val(a, &mb->name));
		tv_push(list, y);
	}
	view_list(a, x, "members", list);
	tv_set(x, "phone", view_phone(a, &oc->phone));
	list = tv_list(a);
	for (i = 0; i < oc->decisions.n; i++) {
		const struct gs_decision *d = GS_AT(oc->decisions,
		    struct gs_decision, i);

		y = tv_map(a);
		tv_set(y, "date", view_val(a, &d->date));
		tv_set(y, "text", view_val(a, &d->text));
		tv_set(y, "announced_on", view_val(a, &d->announced_on));
		tv_set(y, "vote", vote_view(b, GS_VOTE(d->vote)));
		tv_push(list, y);
	}
	view_list(a, x, "decisions", list);
	list = tv_list(a);
	for (i = 0; i < oc->documents.n; i++) {
		const struct gs_document *d = GS_AT(oc->documents,
		    struct gs_document, i);

		y = tv_map(a);
		tv_set(y, "title", view_val(a, &d->title));
		tv_set(y, "url", view_val(a, &d->url));
		tv_push(list, y);
	}
	view_list(a, x, "documents", list);
	list = tv_list(a);
	for (i = 0; i < oc->meetings.n; i++) {
		const struct gs_meeting *m = GS_AT(oc->meetings,
		    struct gs_meeting, i);

		y = tv_map(a);
		tv_set(y, "date", view_val(a, &m->date));
		tv_set(y, "announced_on", view_val(a, &m->announced_on));
		tv_set(y, "agenda", view_val(a, &m->agenda));
		tv_push(list, y);
	}
	view_list(a, x, "meetings", list);
	return x;
}

/* 监管部门: a department of departments.yaml, or one of its own. */
static const struct tval *
supervision_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *x;
	size_t		 i;

	for (i = 0; i < cp->supervision.n; i++) {
		const struct gs_supervisor *s = GS_AT(cp->supervision,
		    struct gs_supervisor, i);
		const struct gs_department *d = s->dept;

		x = tv_map(a);
		if (d != NULL) {
			tv_set(x, "name", view_val(a, &d->name));
			view_list(a, x, "duties", view_texts(a, &d->duties));
			tv_set(x, "duties_text", view_joined(a, &d->duties,
			    "、"));
			tv_set(x, "phone", view_phone(a, &d->phone));
			tv_set(x, "contact", view_val(a, &d->contact));
			tv_set(x, "url", tv_strf(a, "departments/#dept-%s",
			    d->id.s));
		} else {
			tv_set(x, "name", view_val(a, &s->name));
			view_list(a, x, "duties", view_texts(a, &s->duties));
			tv_set(x, "duties_text", view_joined(a, &s->duties,
			    "、"));
			tv_set(x, "phone", view_phone(a, &s->phone));
			tv_set(x, "contact", tv_bool(0));
			tv_set(x, "url", tv_bool(0));
		}
		tv_push(list, x);
	}
	return list;
}

/* 网格员与红色管家, building by building. */
static const struct tval *
grid_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *x;
	size_t		 i;

	for (i = 0; i < cp->grid.n; i++) {
		const struct gs_grid_row *g = GS_AT(cp->grid,
		    struct gs_grid_row, i);

		x = tv_map(a);
		tv_set(x, "building", view_val(a, &g->building));
		tv_set(x, "grid_member", view_contact(a, &g->grid_member));
		tv_set(x, "steward", view_contact(a, &g->steward));
		tv_push(list, x);
	}
	return list;
}

/* 服务响应承诺, each with its sentence. */
static const struct tval *
commitments_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *x;
	struct buf	 t = { 0 };
	size_t		 i;

	for (i = 0; i < cp->commitments.n; i++) {
		const struct gs_commitment *k = GS_AT(cp->commitments,
		    struct gs_commitment, i);

		x = tv_map(a);
		tv_set(x, "tier", view_val(a, &k->tier));
		tv_set(x, "respond_min", view_count(a, &k->respond_min));
		tv_set(x, "plan_min", view_count(a, &k->plan_min));
		tv_set(x, "written_h", view_count(a, &k->written_h));
		tv_set(x, "solve_d", view_count(a, &k->solve_d));
		buf_truncate(&t, 0);
		format_commitment(&t, k);
		tv_set(x, "text", t.len ? tv_strn(a, t.p, t.len) : tv_bool(0));
		tv_push(list, x);
	}
	buf_free(&t);
	return list;
}

/* The evaluation's bands, from the highest, each bounded by the next. */
static const struct tval *
bands_view(struct site_build *b, const struct gs_site_evaluation *se)
{
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *y;
	size_t		 i;

	for (i = 0; i < se->bands.n; i++) {
		const struct gs_band *bd = GS_AT(se->bands, struct gs_band, i);

		y = tv_map(a);
		tv_set(y, "min", view_typed(b, a, FT_DECIMAL, &bd->min));
		tv_set(y, "label", view_str(a, bd->label.s));
		tv_set(y, "below", i > 0 ? view_typed(b, a, FT_DECIMAL, &GS_AT(se->bands,
		    struct gs_band, i - 1)->min) : tv_bool(0));
		tv_set(y, "lowest", tv_bool(bd->min.n == 0));
		tv_push(list, y);
	}
	return list;
}

/* 考核评价, or false: scores against the site's weights and bands. */
static const struct tval *
evaluation_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	const struct gs_scores *e = &cp->evaluation;
	const struct gs_site_evaluation *se = &b->c->content->site.evaluation;
	struct tval	*x, *y;
	struct buf	 t = { 0 };
	int64_t		 total;

	if (e->pos.fid == 0)
		return tv_bool(0);
	x = tv_map(a);
	tv_set(x, "year", view_count(a, &e->year));
	tv_set(x, "satisfaction", view_typed(b, a, FT_DECIMAL, &e->satisfaction));
	tv_set(x, "onsite", view_typed(b, a, FT_DECIMAL, &e->onsite));
	tv_set(x, "party", view_typed(b, a, FT_DECIMAL, &e->party));
	y = tv_map(a);
	tv_set(y, "satisfaction", view_typed(b, a, FT_DECIMAL, &se->weights.satisfaction));
	tv_set(y, "onsite", view_typed(b, a, FT_DECIMAL, &se->weights.onsite));
	tv_set(y, "party", view_typed(b, a, FT_DECIMAL, &se->weights.party));
	tv_set(x, "weights", y);
	format_value(&t, FT_DECIMAL, se->weights.satisfaction.n +
	    se->weights.onsite.n + se->weights.party.n, "", FORM_HUMAN);
	tv_set(x, "max", tv_strn(a, t.p, t.len));
	view_list(a, x, "bands", bands_view(b, se));
	if (!evaluation_total(e, &total)) {
		tv_set(x, "total", view_str(a, gs_undisclosed));
		tv_set(x, "undisclosed", tv_bool(1));
		tv_set(x, "band", tv_bool(0));
	} else {
		buf_truncate(&t, 0);
		format_value(&t, FT_DECIMAL, total, "", FORM_HUMAN);
		tv_set(x, "total", tv_strn(a, t.p, t.len));
		tv_set(x, "undisclosed", tv_bool(0));
		tv_set(x, "band", view_str(a, evaluation_band(se, total)));
	}
	buf_free(&t);
	return x;
}

/* The last published revision that touched the compound, or false. */
static const struct tval *
revision_summary(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	const struct revision *r = last_revision(b, cp->id.s);

	return r == NULL ? tv_bool(0) : revision_brief(a, r);
}

/* /c/ID/: the compound's whole disclosure, section by section. */
const struct tval *
compound_view(struct site_build *b, const struct gs_compound *cp)
{
	struct arena	*a = &b->page;
	struct tval	*m = tv_map(a);
	const struct gs_area *com = cp->community_area;
	int		 trustee = cp->profile.management.s != NULL &&
	    cp->profile.management.n == GS_TRUSTEESHIP;
	size_t		 more;

	tv_set(m, "id", view_val(a, &cp->id));
	tv_set(m, "name", view_val(a, &cp->name));
	view_list(a, m, "aliases", view_texts(a, &cp->aliases));
	tv_set(m, "address", view_val(a, &cp->address));
	tv_set(m, "data_as_of", view_val(a, &cp->data_as_of));
	tv_set(m, "record_url", tv_strf(a, "c/%s/record.json", cp->id.s));
	tv_set(m, "community", area_summary(b, com));
	tv_set(m, "street", area_summary(b, com->parent));
	tv_set(m, "district", area_summary(b, com->parent->parent));
	tv_set(m, "status", compound_status_view(b, a, cp));
	tv_set(m, "undisclosed", cp->nundisclosed ? tv_strf(a, "%zu",
	    cp->nundisclosed) : tv_bool(0));
	tv_set(m, "management", view_str(a, management_name(cp)));
	tv_set(m, "self_managed", tv_bool(cp->profile.management.s != NULL &&
	    cp->profile.management.n == GS_SELF_MANAGED));
	tv_set(m, "profile", profile_view(b, cp));
	tv_set(m, "service_room", service_room_view(b, cp));
	tv_set(m, "provider", provider_view(b, cp));
	tv_set(m, "contract", contract_view(b, cp));
	view_list(a, m, "services", services_view(b, cp));
	view_list(a, m, "fees", fees_view(b, cp));
	tv_set(m, "fees_undisclosed", tv_bool(cp->fees.pos.undisclosed));
	tv_set(m, "supervision_undisclosed",
	    tv_bool(cp->supervision.pos.undisclosed));
	view_list(a, m, "accounts", accounts_view(b, cp));
	view_list(a, m, "common_revenue", revenue_view(b, cp));
	view_list(a, m, "shared_utilities", utilities_view(b, cp));
	view_list(a, m, "complaints", complaints_view(b, cp));
	view_list(a, m, "notices", notices_view(b, cp));
	view_list(a, m, "published_by", view_texts(a, &cp->published_by));
	tv_set(m, "published_by_text", cp->published_by.n ?
	    view_joined(a, &cp->published_by, "、") : tv_bool(0));
	/* A community that runs a compound is not a company. */
	tv_set(m, "provider_heading", view_str(a, trustee ? "服务单位" :
	    "物业服务企业"));
	tv_set(m, "provider_name_label", view_str(a, trustee ? "单位名称" :
	    "企业名称"));
	tv_set(m, "maintenance_fund", fund_view(b, cp));
	view_list(a, m, "contractors", contractors_view(b, cp));
	tv_set(m, "owners_committee", committee_view(b, cp));
	view_list(a, m, "supervision", supervision_view(b, cp));
	view_list(a, m, "grid", grid_view(b, cp));
	view_list(a, m, "commitments", commitments_view(b, cp));
	tv_set(m, "evaluation", evaluation_view(b, cp));
	tv_set(m, "notice_html", view_markdown(a, cp->notice.s));
	tv_set(m, "revision", revision_summary(b, cp));
	view_list(a, m, "recent_changes", recent_changes_view(b, cp, &more));
	tv_set(m, "recent_more", more ? tv_strf(a, "%zu", more) : tv_bool(0));
	tv_set(m, "history_url", b->opts->history ? tv_strf(a,
	    "c/%s/history/", cp->id.s) : tv_bool(0));
	return m;
}
