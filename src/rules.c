/*
 * The rules within one compound record: the arithmetic of the fund,
 * revenue, accounts and shared utilities; fees against their base price
 * and the month's notice a new standard needs; dates that must follow
 * one another; notice periods of meetings and decisions; owners' votes
 * counted as 民法典第二百七十八条 counts them; and entries listed twice.
 * Each rule reports at the value it is about.  check.c runs these after
 * references are resolved.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "bounds.h"
#include "scalar.h"
#include "format.h"
#include "gongshi.h"
#include "content.h"
#include "i18n.h"
#include "rules.h"
#include "status.h"
#include "schema.h"

#define NOTICE_DAYS	30	/* a fee standard is posted this long before */
#define MEETING_DAYS	7	/* a meeting is announced this long before */
#define POSTING_DAYS	3	/* a decision is posted within this */

/* Money as people read it, in a scratch buffer per call site. */
static const char *
money(struct buf *b, int64_t fen)
{
	buf_truncate(b, 0);
	format_value(b, FT_MONEY, fen, "", FORM_HUMAN);
	return b->p;
}

static const char *
date_text(struct buf *b, int64_t days)
{
	buf_truncate(b, 0);
	format_date(b, days);
	return b->p;
}

/* A key of the compound record, as messages name it (key_of). */
#define KEY(...)	key_of(c, &schema_compound, __VA_ARGS__)

/* Given and disclosed: a value the rules may compute with. */
static int
given(const struct gs_val *v)
{
	return GS_HAS(v);
}

static void
check_fund(struct ctx *c, struct gs_compound *cp)
{
	struct gs_fund	*f = &cp->maintenance_fund;
	struct buf	 b1 = { 0 }, b2 = { 0 }, b3 = { 0 };
	int64_t		 want, diff, drawn = 0;
	size_t		 i;

	/* A figure that is 未公示 leaves nothing to reconcile. */
	if (given(&f->balance) && given(&f->deposited) &&
	    given(&f->interest) && given(&f->used)) {
		want = f->deposited.n + f->interest.n - f->used.n;
		if (want != f->balance.n) {
			diff = f->balance.n - want;
			at(c, &f->balance.pos, SEV_ERROR, "%s: %s does not "
			    "equal deposited + interest - used = %s "
			    "(difference %s%s yuan)",
			    KEY("maintenance_fund.balance"),
			    money(&b1, f->balance.n), money(&b2, want),
			    diff > 0 ? "+" : "", money(&b3, diff));
		}
	}
	for (i = 0; i < f->draws.n; i++) {
		const struct gs_fund_draw *d = GS_AT(f->draws,
		    struct gs_fund_draw, i);

		drawn += d->amount.n;
		if (given(&d->date) && given(&d->accepted_on) &&
		    d->accepted_on.n < d->date.n)
			at(c, &d->accepted_on.pos, SEV_ERROR, "%s: the work "
			    "was accepted (%s) before the fund was drawn (%s)",
			    KEY("maintenance_fund.draws[%zu].accepted_on",
			    i + 1), d->accepted_on.s, d->date.s);
	}
	if (f->draws.n > 0 && given(&f->used) && drawn > f->used.n)
		at(c, &f->draws.pos, SEV_WARNING, "%s: the draws listed add up "
		    "to %s yuan, more than the %s yuan used so far; a draw "
		    "committed but not yet paid belongs in a later figure",
		    KEY("maintenance_fund.draws"), money(&b1, drawn),
		    money(&b2, f->used.n));
	buf_free(&b1);
	buf_free(&b2);
	buf_free(&b3);
}

/* Where revenue period k stands: one mapping, or an entry of a list. */
static const char *
revenue_path(struct ctx *c, const struct gs_compound *cp, size_t k)
{
	if (cp->common_revenue.one)
		return "common_revenue";
	return arena_printf(&c->arena, "common_revenue[%zu]", k + 1);
}

static void
check_revenue(struct ctx *c, struct gs_compound *cp)
{
	struct buf	 b1 = { 0 }, b2 = { 0 }, b3 = { 0 }, msg = { 0 };
	const struct gs_revenue *newest = NULL;
	int64_t		 in, out, newest_end = -1, first, last, limit, due;
	size_t		 i, k, newest_k = 0;
	int		 all_periods = 1, whole;

	for (k = 0; k < cp->common_revenue.n; k++) {
		struct gs_revenue *r = GS_AT(cp->common_revenue,
		    struct gs_revenue, k);

		in = r->carried_forward.n;
		out = r->management_share.n;
		whole = !r->sources.pos.undisclosed &&
		    !r->uses.pos.undisclosed &&
		    !r->carried_forward.pos.undisclosed &&
		    !r->management_share.pos.undisclosed;
		for (i = 0; i < r->sources.n; i++) {
			const struct gs_val *v = &GS_AT(r->sources,
			    struct gs_revenue_source, i)->amount;

			in += v->n;
			whole &= !v->pos.undisclosed;
		}
		for (i = 0; i < r->uses.n; i++) {
			const struct gs_val *v = &GS_AT(r->uses,
			    struct gs_revenue_use, i)->amount;

			out += v->n;
			whole &= !v->pos.undisclosed;
		}
		r->undisclosed_sums = !whole;
		/* The pages show these sums. */
		r->total_sources = in - r->carried_forward.n;
		r->total_uses = out - r->management_share.n;
		if (!whole)
			;	/* a 未公示 amount: nothing to add up */
		else if (out > in && !given(&r->management_share) &&
		    !given(&r->carried_forward))
			at(c, &r->uses.pos, SEV_ERROR, "%s: the uses add up to "
			    "%s yuan, more than the sources' %s yuan (by %s)",
			    KEY("%s.uses", revenue_path(c, cp, k)),
			    money(&b1, out), money(&b2, in),
			    money(&b3, out - in));
		else if (out > in && !given(&r->carried_forward))
			at(c, &r->pos, SEV_ERROR, "%s: the uses and the "
			    "manager's share add up to %s yuan, more than the "
			    "sources' %s yuan (by %s)", KEY("%s",
			    revenue_path(c, cp, k)), money(&b1, out),
			    money(&b2, in), money(&b3, out - in));
		else if (out > in && !given(&r->management_share))
			at(c, &r->pos, SEV_ERROR, "%s: the uses add up to %s "
			    "yuan, more than the sources and the sum carried "
			    "forward, %s yuan (by %s)", KEY("%s",
			    revenue_path(c, cp, k)), money(&b1, out),
			    money(&b2, in), money(&b3, out - in));
		else if (out > in)
			at(c, &r->pos, SEV_ERROR, "%s: the uses and the "
			    "manager's share add up to %s yuan, more than the "
			    "sources and the sum carried forward, %s yuan (by "
			    "%s)", KEY("%s", revenue_path(c, cp, k)),
			    money(&b1, out), money(&b2, in),
			    money(&b3, out - in));
		/* Schema 2 names its periods; schema 1's is free text. */
		if (cp->schema.n == 2 && given(&r->period) &&
		    parse_period(r->period.s, &first, &last, &msg) != NULL) {
			at(c, &r->period.pos, SEV_ERROR, "%s: %s",
			    KEY("%s.period", revenue_path(c, cp, k)), msg.p);
			all_periods = 0;
		}
	}
	limit = c->content->site.stale_days.revenue.n;
	if (all_periods && given(&cp->data_as_of) &&
	    (due = status_revenue_due(&c->content->site, cp, &newest_end,
	    &newest_k)) >= 0 && cp->data_as_of.n >= due &&
	    (newest = GS_AT(cp->common_revenue, struct gs_revenue,
	    newest_k)) != NULL)
		at(c, &newest->period.pos, SEV_WARNING, ngettext("%s: the "
		    "newest period, %s, ended %lld day before %s (more than "
		    "%lld); disclose the periods since", "%s: the newest "
		    "period, %s, ended %lld days before %s (more than %lld); "
		    "disclose the periods since", (unsigned long)
		    (cp->data_as_of.n - newest_end)), KEY("%s.period",
		    revenue_path(c, cp, newest_k)), newest->period.s,
		    (long long)(cp->data_as_of.n - newest_end),
		    KEY("data_as_of"), (long long)limit);
	buf_free(&b1);
	buf_free(&b2);
	buf_free(&b3);
	buf_free(&msg);
}

static void
check_fees(struct ctx *c, struct gs_compound *cp)
{
	struct buf	 b1 = { 0 }, b2 = { 0 }, b3 = { 0 };
	int64_t		 low, high, spread;
	size_t		 i;

	for (i = 0; i < cp->fees.n; i++) {
		const struct gs_fee *f = GS_AT(cp->fees, struct gs_fee, i);

		if (given(&f->base_amount) && given(&f->float_pct) &&
		    given(&f->amount)) {
			/* base × pct / 100, pct in hundredths: rounded
			 * half up to the fen. */
			spread = (f->base_amount.n * f->float_pct.n + 5000) /
			    10000;
			low = f->base_amount.n - spread;
			high = f->base_amount.n + spread;
			if (f->amount.n < low || f->amount.n > high)
				at(c, &f->amount.pos, SEV_ERROR, "%s: %s is "
				    "outside the base price %s ± %s%% (%s to "
				    "%s)", KEY("fees[%zu].amount", i + 1),
				    money(&b1, f->amount.n),
				    f->base_amount.s, f->float_pct.s,
				    money(&b2, low < 0 ? 0 : low),
				    money(&b3, high));
		}
		if (given(&f->since) && given(&f->announced_on) &&
		    f->since.n - f->announced_on.n < NOTICE_DAYS)
			at(c, &f->announced_on.pos, SEV_WARNING, ngettext("%s: "
			    "the standard was posted on %s and applies from "
			    "%s, %lld day later; a new standard must be posted "
			    "at least %d days before it applies", "%s: the "
			    "standard was posted on %s and applies from %s, "
			    "%lld days later; a new standard must be posted "
			    "at least %d days before it applies",
			    (unsigned long)(f->since.n - f->announced_on.n)),
			    KEY("fees[%zu].announced_on", i + 1),
			    f->announced_on.s, f->since.s,
			    (long long)(f->since.n - f->announced_on.n),
			    NOTICE_DAYS);
	}
	buf_free(&b1);
	buf_free(&b2);
	buf_free(&b3);
}

/* A fee charged on commission wants the last full year's accounts. */
static void
check_accounts(struct ctx *c, struct gs_compound *cp)
{
	char		 year[16];
	const struct gs_fee *commission;
	int		 y;
	size_t		 i, which = 0;

	for (i = 0; i < cp->accounts.n; i++) {
		struct gs_account *a = GS_AT(cp->accounts, struct gs_account,
		    i);
		size_t	 j;

		a->total_income = a->total_expense = 0;
		a->undisclosed_sums = a->income.pos.undisclosed ||
		    a->expense.pos.undisclosed;
		for (j = 0; j < a->income.n; j++) {
			a->total_income += GS_AT(a->income, struct gs_entry,
			    j)->amount.n;
			a->undisclosed_sums |= GS_AT(a->income,
			    struct gs_entry, j)->amount.pos.undisclosed;
		}
		for (j = 0; j < a->expense.n; j++) {
			a->total_expense += GS_AT(a->expense, struct gs_entry,
			    j)->amount.n;
			a->undisclosed_sums |= GS_AT(a->expense,
			    struct gs_entry, j)->amount.pos.undisclosed;
		}
	}
	if (!given(&cp->data_as_of) || (y = status_accounts_year(cp,
	    cp->data_as_of.n, &which)) == 0)
		return;
	commission = GS_AT(cp->fees, struct gs_fee, which);
	snprintf(year, sizeof(year), "%d", y);
	at(c, &commission->mode.pos, SEV_WARNING, "%s: the fee is charged on "
	    "commission (酬金制), but %s has no entry for %s; disclose the "
	    "year's income and expense", KEY("fees[%zu].mode", which + 1),
	    KEY("accounts"), year);
}

static void
check_utilities(struct ctx *c, struct gs_compound *cp)
{
	struct buf	 b1 = { 0 }, b2 = { 0 }, b3 = { 0 }, b4 = { 0 };
	int64_t		 sum, diff;
	size_t		 i;

	for (i = 0; i < cp->shared_utilities.n; i++) {
		const struct gs_utility *u = GS_AT(cp->shared_utilities,
		    struct gs_utility, i);

		if (!given(&u->per_household) || !given(&u->households) ||
		    !given(&u->total))
			continue;
		sum = u->per_household.n * u->households.n;
		diff = sum - u->total.n;
		/* Rounding each share to the fen moves the sum by less
		 * than a fen per household. */
		if (diff >= u->households.n || -diff >= u->households.n)
			at(c, &u->per_household.pos, SEV_ERROR, "%s: %s × %s "
			    "households = %s yuan, not the total %s yuan "
			    "(difference %s%s yuan)",
			    KEY("shared_utilities[%zu].per_household", i + 1),
			    money(&b1,
			    u->per_household.n), u->households.s,
			    money(&b2, sum), money(&b4, u->total.n),
			    diff > 0 ? "+" : "", money(&b3, diff));
	}
	buf_free(&b1);
	buf_free(&b2);
	buf_free(&b3);
	buf_free(&b4);
}

static void
check_contractors(struct ctx *c, struct gs_compound *cp)
{
	struct status	 st = { 0 };
	size_t		 i;

	status_of(&c->content->site, cp, c->today, &st);
	for (i = 0; i < cp->contractors.n; i++) {
		const struct gs_contractor *k = GS_AT(cp->contractors,
		    struct gs_contractor, i);

		if (given(&k->last_inspection) && given(&k->valid_until) &&
		    k->valid_until.n < k->last_inspection.n)
			at(c, &k->valid_until.pos, SEV_ERROR, "%s: %s is before "
			    "the inspection (%s)",
			    KEY("contractors[%zu].valid_until", i + 1),
			    k->valid_until.s, k->last_inspection.s);
		else if (status_find(&st, STATUS_INSPECTION, i) != NULL)
			at(c, &k->valid_until.pos, SEV_WARNING, "%s: the %s "
			    "inspection certificate expired on %s; record the "
			    "new inspection",
			    KEY("contractors[%zu].valid_until", i + 1),
			    k->system.s ? k->system.s : "", k->valid_until.s);
	}
	status_free(&st);
}

/*
 * The evaluation's total, in hundredths, into *total; 0 when a score is
 * 未公示, since a total of the rest would mislead.
 */
int
evaluation_total(const struct gs_scores *e, int64_t *total)
{
	if (e->satisfaction.pos.undisclosed || e->onsite.pos.undisclosed ||
	    e->party.pos.undisclosed)
		return 0;
	*total = e->satisfaction.n + e->onsite.n + e->party.n;
	return 1;
}

/* The label of the first band (highest first) total reaches, or NULL. */
const char *
evaluation_band(const struct gs_site_evaluation *se, int64_t total)
{
	size_t	 i;

	for (i = 0; i < se->bands.n; i++)
		if (GS_AT(se->bands, struct gs_band, i)->min.n <= total)
			return GS_AT(se->bands, struct gs_band, i)->label.s;
	return NULL;
}

/*
 * Whether a notice is up on day today (-1: not known, as when built
 * without --today, so output does not change with the calendar): it
 * has an until not passed, and its date has come.
 */
int
notice_current(const struct gs_notice *n, int64_t today)
{
	return today >= 0 && n->until.s != NULL && n->until.n >= today &&
	    n->date.n <= today;
}

/* The two parts of a tally, for the vote rules. */
#define OWNERS	0
#define AREA	1

static const struct gs_val *
part(const struct gs_tally *t, int which)
{
	return which == OWNERS ? &t->owners : &t->area_m2;
}

/* a ≥ num/den of b, exactly, in integers. */
static int
at_least(int64_t a, int64_t b, int64_t num, int64_t den)
{
	return a * den >= b * num;
}

enum vote_verdict
vote_verdict(const struct gs_vote *v, bool *supermajority)
{
	int	 which, turnout = 1, majority = 1;
	const struct gs_val *e, *vo, *f;

	*supermajority = v->matter.s != NULL &&
	    (v->matter.n == GS_MATTER_RAISE_FUND ||
	    v->matter.n == GS_MATTER_REBUILD ||
	    v->matter.n == GS_MATTER_CHANGE_USE);
	for (which = OWNERS; which <= AREA; which++) {
		e = part(&v->eligible, which);
		vo = part(&v->voted, which);
		f = part(&v->in_favour, which);
		if (!given(e) || !given(vo) || !given(f))
			return VOTE_UNKNOWN;
		if (!at_least(vo->n, e->n, 2, 3))
			turnout = 0;
		if (*supermajority ? !at_least(f->n, vo->n, 3, 4) :
		    f->n * 2 <= vo->n)
			majority = 0;
	}
	if (!turnout)
		return VOTE_FAILS_TURNOUT;
	return majority ? VOTE_PASSES : VOTE_FAILS_MAJORITY;
}

/*
 * v, written at key, is more than other, written beside it at
 * other_key: "voted.owners（人数）: 700 is more than eligible.owners
 * （人数）, 646".
 */
static void
more_than(struct ctx *c, const struct gs_val *v, const char *key,
    const struct gs_val *other, const char *other_key)
{
	at(c, &v->pos, SEV_ERROR, "%s: %s is more than %s, %s", key, v->s,
	    other_key, other->s);
}

/*
 * Each part of a vote no larger than its whole.  vp is where the vote
 * stands in the record ("notices[2].vote"); the other key a message
 * names is named from there.
 */
static void
vote_parts(struct ctx *c, const struct gs_vote *v, const char *vp)
{
	static const char *const unit[] = { "owners", "area_m2" };
	const struct { const struct gs_tally *t; const char *key; } parts[] = {
		{ &v->in_favour, "for" }, { &v->against, "against" },
		{ &v->abstain, "abstain" }, { &v->spoiled, "spoiled" },
	};
	const struct schema *vs = schema_at(&schema_compound, vp);
	const struct gs_val *whole, *p;
	int64_t		 sum;
	int		 which, all;
	size_t		 i;

	for (which = OWNERS; which <= AREA; which++) {
		whole = part(&v->eligible, which);
		p = part(&v->voted, which);
		if (given(whole) && given(p) && p->n > whole->n)
			more_than(c, p, KEY("%s.voted.%s", vp, unit[which]),
			    whole, key_of(c, vs, "eligible.%s", unit[which]));
		p = part(&v->counted_with_majority, which);
		if (given(whole) && given(p) && p->n > whole->n)
			more_than(c, p, KEY("%s.counted_with_majority.%s", vp,
			    unit[which]), whole, key_of(c, vs, "eligible.%s",
			    unit[which]));
		whole = part(&v->voted, which);
		if (!given(whole))
			continue;
		sum = 0;
		all = 1;
		for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
			p = part(parts[i].t, which);
			if (!given(p))
				continue;
			sum += p->n;
			if (p->n > whole->n) {
				more_than(c, p, KEY("%s.%s.%s", vp,
				    parts[i].key, unit[which]), whole,
				    key_of(c, vs, "voted.%s", unit[which]));
				all = 0;
			}
		}
		if (all && sum > whole->n)
			at(c, &whole->pos, SEV_ERROR, "%s: %s is less than for, "
			    "against, abstain and spoiled added together",
			    KEY("%s.voted.%s", vp, unit[which]), whole->s);
		for (i = 0; i < v->options.n; i++) {
			const struct gs_vote_option *o = GS_AT(v->options,
			    struct gs_vote_option, i);

			p = which == OWNERS ? &o->owners : &o->area_m2;
			if (given(p) && p->n > whole->n)
				more_than(c, p, KEY("%s.options[%zu].%s", vp,
				    i + 1, unit[which]), whole, key_of(c, vs,
				    "voted.%s", unit[which]));
		}
	}
}

/* A vote, as 民法典第二百七十八条 counts it; vp as for vote_parts. */
static void
check_vote(struct ctx *c, const struct gs_vote *v, const char *vp)
{
	enum vote_verdict verdict;
	bool		 super;

	if (given(&v->window.start) && given(&v->window.end) &&
	    v->window.end.n < v->window.start.n)
		at(c, &v->window.end.pos, SEV_ERROR, "%s: the vote closes (%s) "
		    "before it opens (%s)", KEY("%s.window.end", vp),
		    v->window.end.s, v->window.start.s);
	vote_parts(c, v, vp);
	if (!given(&v->result))
		return;
	verdict = vote_verdict(v, &super);
	if (verdict == VOTE_UNKNOWN)
		at(c, &v->result.pos, SEV_WARNING, "%s: %s cannot be "
		    "verified: give eligible, voted and for, each by owners "
		    "and by area (owners, area_m2)", KEY("%s.result", vp),
		    v->result.s);
	else if (v->result.n == GS_PASSED && verdict == VOTE_FAILS_TURNOUT)
		at(c, &v->result.pos, SEV_ERROR, "%s: 通过, but fewer than "
		    "two thirds of the owners or of the area voted "
		    "(民法典第二百七十八条)", KEY("%s.result", vp));
	else if (v->result.n == GS_PASSED && verdict == VOTE_FAILS_MAJORITY &&
	    super)
		at(c, &v->result.pos, SEV_ERROR, "%s: 通过, but fewer than "
		    "three quarters of those who voted, by owners and by "
		    "area, agreed (民法典第二百七十八条)", KEY("%s.result", vp));
	else if (v->result.n == GS_PASSED && verdict == VOTE_FAILS_MAJORITY)
		at(c, &v->result.pos, SEV_ERROR, "%s: 通过, but not more than "
		    "half of those who voted, by owners and by area, agreed "
		    "(民法典第二百七十八条)", KEY("%s.result", vp));
	else if (v->result.n == GS_FAILED && verdict == VOTE_PASSES && super)
		at(c, &v->result.pos, SEV_ERROR, "%s: 未通过, but the figures "
		    "meet both the turnout and the three-quarter majority",
		    KEY("%s.result", vp));
	else if (v->result.n == GS_FAILED && verdict == VOTE_PASSES)
		at(c, &v->result.pos, SEV_ERROR, "%s: 未通过, but the figures "
		    "meet both the turnout and the simple majority",
		    KEY("%s.result", vp));
}

static void
check_committee(struct ctx *c, struct gs_compound *cp)
{
	const struct gs_committee *oc = &cp->owners_committee;
	struct buf	 b = { 0 };
	size_t		 i;

	for (i = 0; i < oc->meetings.n; i++) {
		const struct gs_meeting *m = GS_AT(oc->meetings,
		    struct gs_meeting, i);

		if (given(&m->date) && given(&m->announced_on) &&
		    m->announced_on.n > m->date.n - MEETING_DAYS)
			at(c, &m->announced_on.pos, SEV_WARNING, "%s: the "
			    "meeting of %s was announced on %s, less than %d "
			    "days before (announce it by %s)",
			    KEY("owners_committee.meetings[%zu].announced_on",
			    i + 1), m->date.s, m->announced_on.s,
			    MEETING_DAYS, date_text(&b, m->date.n -
			    MEETING_DAYS));
	}
	for (i = 0; i < oc->decisions.n; i++) {
		const struct gs_decision *d = GS_AT(oc->decisions,
		    struct gs_decision, i);

		if (given(&d->date) && given(&d->announced_on) &&
		    d->announced_on.n < d->date.n)
			at(c, &d->announced_on.pos, SEV_ERROR, "%s: the "
			    "decision is posted (%s) before it was made (%s)",
			    KEY("owners_committee.decisions[%zu].announced_on",
			    i + 1), d->announced_on.s, d->date.s);
		else if (given(&d->date) && given(&d->announced_on) &&
		    d->announced_on.n > d->date.n + POSTING_DAYS)
			at(c, &d->announced_on.pos, SEV_WARNING, "%s: the "
			    "decision of %s was posted on %s, more than %d "
			    "days later (post it by %s)",
			    KEY("owners_committee.decisions[%zu].announced_on",
			    i + 1), d->date.s, d->announced_on.s,
			    POSTING_DAYS, date_text(&b, d->date.n +
			    POSTING_DAYS));
		if (d->vote != NULL)
			check_vote(c, d->vote, arena_printf(&c->arena,
			    "owners_committee.decisions[%zu].vote", i + 1));
	}
	buf_free(&b);
}

static void
check_complaints(struct ctx *c, struct gs_compound *cp)
{
	const struct schema *ks = schema_at(&schema_compound, "complaints");
	size_t	 i;

	for (i = 0; i < cp->complaints.n; i++) {
		const struct gs_complaints *k = GS_AT(cp->complaints,
		    struct gs_complaints, i);

		if (given(&k->resolved) && given(&k->received) &&
		    k->resolved.n > k->received.n)
			more_than(c, &k->resolved, KEY("complaints[%zu]."
			    "resolved", i + 1), &k->received, key_of(c, ks,
			    "received"));
		if (given(&k->satisfied) && given(&k->resolved) &&
		    k->satisfied.n > k->resolved.n)
			more_than(c, &k->satisfied, KEY("complaints[%zu]."
			    "satisfied", i + 1), &k->resolved, key_of(c, ks,
			    "resolved"));
		else if (given(&k->satisfied) && !given(&k->resolved) &&
		    given(&k->received) && k->satisfied.n > k->received.n)
			more_than(c, &k->satisfied, KEY("complaints[%zu]."
			    "satisfied", i + 1), &k->received, key_of(c, ks,
			    "received"));
	}
}

/* Whether content/files on disk is a link (a revision has none). */
static int
files_folder_is_link(struct ctx *c)
{
	struct stat	 st;
	char		*path;
	int		 link;

	if (c->mem != NULL)
		return 0;
	path = full_path(c, "content/files");
	link = lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
	free(path);
	return link;
}

/* The file types an attachment may be, by name and by first bytes. */
static const struct {
	const char	*ext, *magic, *name;
	size_t		 len;
} attachment_types[] = {
	{ ".pdf", "%PDF-", "PDF", 5 },
	{ ".png", "\x89PNG\r\n\x1a\n", "PNG", 8 },
	{ ".jpg", "\xff\xd8\xff", "JPEG", 3 },
	{ ".jpeg", "\xff\xd8\xff", "JPEG", 3 },
};

/*
 * An attachment: a PDF, PNG or JPEG under content/files/, at most
 * ATTACHMENT_MAX bytes, whose first bytes say it is what its name says
 * (a renamed Word file is not a PDF).  Its bytes are kept for the site.
 */
static void
check_attachment(struct ctx *c, struct gs_attachment *a, size_t notice,
    size_t k)
{
	const char	*s = a->file.s, *ext, *key;
	struct buf	 b = { 0 };
	char		*rel;
	size_t		 i;

	if (s == NULL)
		return;
	key = KEY("notices[%zu].attachments[%zu].file", notice + 1, k + 1);
	ext = strrchr(s, '.');
	if (strncmp(s, "files/", 6) != 0 || s[6] == '\0' ||
	    strstr(s, "..") != NULL || strstr(s, "//") != NULL ||
	    strchr(s, '\\') != NULL || s[strlen(s) - 1] == '/') {
		at(c, &a->file.pos, SEV_ERROR, "%s: '%s' must name a file "
		    "under content/files/, such as files/2026-02-08.pdf", key,
		    s);
		return;
	}
	for (i = 0; ext != NULL && i < sizeof(attachment_types) /
	    sizeof(attachment_types[0]); i++)
		if (strcmp(ext, attachment_types[i].ext) == 0)
			break;
	if (ext == NULL || i == sizeof(attachment_types) /
	    sizeof(attachment_types[0])) {
		at(c, &a->file.pos, SEV_ERROR, "%s: '%s' must be a PDF, PNG "
		    "or JPEG (.pdf, .png, .jpg)", key, s);
		return;
	}
	rel = arena_printf(&c->arena, "content/%s", s);
	if (files_folder_is_link(c)) {
		at(c, &a->file.pos, SEV_ERROR, "%s: content/files is a link; "
		    "put the files themselves there (publish would not keep "
		    "them)", key);
	} else if (ctx_read(c, rel, ATTACHMENT_MAX, &b) == -1) {
		if (errno == ENOENT)
			at(c, &a->file.pos, SEV_ERROR, "%s: there is no file "
			    "'%s' in content/files/", key, s);
		else if (errno == EFBIG)
			at(c, &a->file.pos, SEV_ERROR, "%s: '%s' is larger "
			    "than 10 MiB; attach a smaller scan", key, s);
		else if (errno == ELOOP)
			at(c, &a->file.pos, SEV_ERROR, "%s: '%s' is a link; "
			    "attach the file itself", key, s);
		else
			at(c, &a->file.pos, SEV_ERROR, "%s: '%s': %s", key, s,
			    strerror(errno));
	} else if (b.len < attachment_types[i].len ||
	    memcmp(b.p, attachment_types[i].magic,
	    attachment_types[i].len) != 0) {
		at(c, &a->file.pos, SEV_ERROR, "%s: '%s' is not a %s file, "
		    "whatever its name says", key, s,
		    attachment_types[i].name);
	} else {
		a->data = arena_alloc(&c->arena, b.len);
		memcpy((char *)a->data, b.p, b.len);
		a->len = b.len;
	}
	buf_free(&b);
}

static void
check_notices(struct ctx *c, struct gs_compound *cp)
{
	size_t	 i, j;

	for (i = 0; i < cp->notices.n; i++) {
		struct gs_notice *n = GS_AT(cp->notices,
		    struct gs_notice, i);

		if (given(&n->date) && given(&n->until) &&
		    n->until.n < n->date.n)
			at(c, &n->until.pos, SEV_ERROR, "%s: %s is before the "
			    "notice's date (%s)", KEY("notices[%zu].until",
			    i + 1), n->until.s, n->date.s);
		if (n->vote != NULL && given(&n->kind) &&
		    n->kind.n != GS_NOTICE_VOTE_RESULT)
			at(c, &n->vote->pos, SEV_ERROR, "%s: a vote belongs to a "
			    "notice of kind 表决结果, not %s",
			    KEY("notices[%zu].vote", i + 1), n->kind.s);
		if (n->vote != NULL)
			check_vote(c, n->vote, arena_printf(&c->arena,
			    "notices[%zu].vote", i + 1));
		for (j = 0; j < n->attachments.n; j++)
			check_attachment(c, GS_AT(n->attachments,
			    struct gs_attachment, j), i, j);
	}
}

static void
check_dates(struct ctx *c, struct gs_compound *cp)
{
	const struct gs_stale *stale = &c->content->site.stale_days;
	struct buf	 b1 = { 0 };
	struct gs_contract *k = &cp->contract;
	struct gs_term	*t = &cp->owners_committee.term;
	struct status	 st = { 0 };
	int64_t		 age;

	status_of(&c->content->site, cp, c->today, &st);

	if (given(&k->start) && given(&k->end) && k->start.n > k->end.n)
		at(c, &k->end.pos, SEV_ERROR, "%s: the contract ends (%s) "
		    "before it starts (%s)", KEY("contract.end"), k->end.s,
		    k->start.s);
	else if (status_find(&st, STATUS_CONTRACT, 0) != NULL)
		at(c, &k->end.pos, SEV_WARNING, "%s: the contract ended on %s; "
		    "record the renewed or new contract", KEY("contract.end"),
		    k->end.s);
	if (given(&t->start) && given(&t->end) && t->start.n > t->end.n)
		at(c, &t->end.pos, SEV_ERROR, "%s: the term ends (%s) before "
		    "it starts (%s)", KEY("owners_committee.term.end"),
		    t->end.s, t->start.s);
	else if (status_find(&st, STATUS_TERM, 0) != NULL)
		at(c, &t->end.pos, SEV_WARNING, "%s: the owners' committee's "
		    "term ended on %s", KEY("owners_committee.term.end"),
		    t->end.s);

	if (cp->data_as_of.s != NULL) {
		age = c->today - cp->data_as_of.n;
		if (status_find(&st, STATUS_DATA, 0) != NULL)
			at(c, &cp->data_as_of.pos, SEV_WARNING, ngettext("%s: "
			    "%s is %lld day old (more than %lld); check the "
			    "record and update it", "%s: %s is %lld days old "
			    "(more than %lld); check the record and update it",
			    (unsigned long)age), KEY("data_as_of"),
			    cp->data_as_of.s, (long long)age,
			    (long long)stale->data.n);
		else if (age < 0)
			at(c, &cp->data_as_of.pos, SEV_WARNING, "%s: %s is in "
			    "the future (today is %s)", KEY("data_as_of"),
			    cp->data_as_of.s, date_text(&b1, c->today));
	}
	if (given(&cp->maintenance_fund.as_of)) {
		age = c->today - cp->maintenance_fund.as_of.n;
		if (status_find(&st, STATUS_FUND, 0) != NULL)
			at(c, &cp->maintenance_fund.as_of.pos, SEV_WARNING,
			    ngettext("%s: the figures are %lld day old (as "
			    "of %s); disclose them at least once a year",
			    "%s: the figures are %lld days old (as of %s); "
			    "disclose them at least once a year",
			    (unsigned long)age),
			    KEY("maintenance_fund.as_of"), (long long)age,
			    cp->maintenance_fund.as_of.s);
	}
	status_free(&st);
	buf_free(&b1);
}

/*
 * Entries listed twice under their natural key (SCHEMA.md): history
 * could not tell which changed.  list is where l stands in the record
 * ("fees"), k1 the key whose value is given twice; key2 is SIZE_MAX
 * for one-part keys.
 */
static void
check_repeats(struct ctx *c, const struct gs_list *l, size_t size,
    size_t key1, size_t key2, const char *list, const char *k1)
{
	const struct gs_val *a1, *a2, *b1, *b2;
	size_t		 i, j;

#define AT(i, off)	((const struct gs_val *)((const char *)l->v + \
			    (i) * size + (off)))
	for (i = 1; i < l->n; i++) {
		a1 = AT(i, key1);
		a2 = key2 != SIZE_MAX ? AT(i, key2) : NULL;
		if (!GS_HAS(a1))
			continue;	/* 未公示 twice is not a repeat */
		for (j = 0; j < i; j++) {
			b1 = AT(j, key1);
			b2 = key2 != SIZE_MAX ? AT(j, key2) : NULL;
			if (b1->s == NULL || strcmp(a1->s, b1->s) != 0)
				continue;
			if (a2 != NULL && ((a2->s == NULL) != (b2->s == NULL) ||
			    (a2->s != NULL && strcmp(a2->s, b2->s) != 0)))
				continue;
			if (a2 != NULL && a2->s != NULL)
				at(c, &a1->pos, SEV_WARNING, "%s: '%s' (%s) is "
				    "listed twice (also at line %u); give each "
				    "entry a distinct name", KEY("%s[%zu].%s",
				    list, i + 1, k1), a1->s, a2->s,
				    b1->pos.line);
			else
				at(c, &a1->pos, SEV_WARNING, "%s: '%s' is listed "
				    "twice (also at line %u); give each entry "
				    "a distinct name", KEY("%s[%zu].%s", list,
				    i + 1, k1), a1->s, b1->pos.line);
			break;
		}
	}
#undef AT
}

#define REPEATS(list, T, k1, k2, path) \
	check_repeats(c, &(list), sizeof(T), offsetof(T, k1), \
	    offsetof(T, k2), path, #k1)
#define REPEATS1(list, T, k1, path) \
	check_repeats(c, &(list), sizeof(T), offsetof(T, k1), SIZE_MAX, \
	    path, #k1)

static void
check_all_repeats(struct ctx *c, struct gs_compound *cp)
{
	REPEATS(cp->fees, struct gs_fee, item, applies_to, "fees");
	REPEATS1(cp->grid, struct gs_grid_row, building, "grid");
	REPEATS1(cp->accounts, struct gs_account, period, "accounts");
	REPEATS1(cp->common_revenue, struct gs_revenue, period,
	    "common_revenue");
	REPEATS(cp->shared_utilities, struct gs_utility, period, item,
	    "shared_utilities");
	REPEATS(cp->complaints, struct gs_complaints, period, source,
	    "complaints");
	REPEATS(cp->notices, struct gs_notice, date, title, "notices");
	REPEATS(cp->owners_committee.decisions, struct gs_decision, date, text,
	    "owners_committee.decisions");
	REPEATS1(cp->owners_committee.meetings, struct gs_meeting, date,
	    "owners_committee.meetings");
	REPEATS(cp->maintenance_fund.draws, struct gs_fund_draw, date, project,
	    "maintenance_fund.draws");
	REPEATS(cp->contractors, struct gs_contractor, system, company,
	    "contractors");
	REPEATS(cp->provider.staff, struct gs_staff, role, name,
	    "provider.staff");
}

/* Two values that are both absent, or equal as written. */
static int
same_text(const struct gs_val *a, const struct gs_val *b)
{
	if (a->s == NULL || b->s == NULL)
		return a->s == b->s;
	return strcmp(a->s, b->s) == 0;
}

/*
 * Against the last published revision (old): a fee whose amount changed
 * must apply at least NOTICE_DAYS after it is posted (announced_on, or
 * today, the day it is published), and must say from when it applies.
 * Fees are matched by item and applies_to, as SCHEMA.md keys them.
 */
void
fee_notice_rules(struct diags *d, const struct gs_compound *old,
    const struct gs_compound *new, int64_t today)
{
	struct buf	 b1 = { 0 }, b2 = { 0 }, b3 = { 0 }, key = { 0 },
			 since = { 0 }, path = { 0 };
	const char	*item;
	size_t		 i, j;
	int64_t		 posted;

	for (i = 0; i < new->fees.n; i++) {
		const struct gs_fee *f = GS_AT(new->fees, struct gs_fee, i);
		const struct gs_fee *was = NULL;

		for (j = 0; j < old->fees.n && was == NULL; j++) {
			const struct gs_fee *o = GS_AT(old->fees,
			    struct gs_fee, j);

			if (same_text(&o->item, &f->item) &&
			    same_text(&o->applies_to, &f->applies_to))
				was = o;
		}
		if (was == NULL || !given(&was->amount) || !given(&f->amount) ||
		    was->amount.n == f->amount.n)
			continue;
		item = f->item.s != NULL ? f->item.s : "?";
		buf_truncate(&key, 0);
		buf_truncate(&since, 0);
		buf_truncate(&path, 0);
		buf_printf(&path, "fees[%zu].since", i + 1);
		key_name(&since, &schema_compound, path.p);
		if (same_text(&was->since, &f->since)) {
			buf_truncate(&path, 0);
			buf_printf(&path, "fees[%zu].amount", i + 1);
			key_name(&key, &schema_compound, path.p);
			if (f->since.s != NULL)
				diag_add(d, GS_FILE(&f->amount.pos),
				    f->amount.pos.line, f->amount.pos.col,
				    SEV_WARNING, "%s: the standard for %s "
				    "changes from %s to %s yuan, but %s stays "
				    "%s; give the date the new standard "
				    "applies, at least %d days after it is "
				    "posted", key.p, item, money(&b1,
				    was->amount.n), money(&b2, f->amount.n),
				    since.p, f->since.s, NOTICE_DAYS);
			else
				diag_add(d, GS_FILE(&f->amount.pos),
				    f->amount.pos.line, f->amount.pos.col,
				    SEV_WARNING, "%s: the standard for %s "
				    "changes from %s to %s yuan, but %s is not "
				    "given; give the date the new standard "
				    "applies, at least %d days after it is "
				    "posted", key.p, item, money(&b1,
				    was->amount.n), money(&b2, f->amount.n),
				    since.p, NOTICE_DAYS);
			continue;
		}
		if (!given(&f->since))
			continue;
		posted = given(&f->announced_on) ? f->announced_on.n : today;
		if (f->since.n - posted >= NOTICE_DAYS)
			continue;
		if (given(&f->announced_on))
			diag_add(d, GS_FILE(&f->since.pos), f->since.pos.line,
			    f->since.pos.col, SEV_WARNING, ngettext("%s: the "
			    "standard for %s changes from %s to %s yuan on "
			    "%s, only %lld day after it is posted (%s); a new "
			    "standard must be posted at least %d days before "
			    "it applies", "%s: the standard for %s changes "
			    "from %s to %s yuan on %s, only %lld days after it "
			    "is posted (%s); a new standard must be posted at "
			    "least %d days before it applies", (unsigned long)
			    (f->since.n - posted)), since.p, item, money(&b1,
			    was->amount.n), money(&b2, f->amount.n),
			    f->since.s, (long long)(f->since.n - posted),
			    date_text(&b3, posted), NOTICE_DAYS);
		else
			diag_add(d, GS_FILE(&f->since.pos), f->since.pos.line,
			    f->since.pos.col, SEV_WARNING, ngettext("%s: the "
			    "standard for %s changes from %s to %s yuan on "
			    "%s, only %lld day after it is published (%s); a "
			    "new standard must be posted at least %d days "
			    "before it applies", "%s: the standard for %s "
			    "changes from %s to %s yuan on %s, only %lld days "
			    "after it is published (%s); a new standard must "
			    "be posted at least %d days before it applies",
			    (unsigned long)(f->since.n - posted)), since.p,
			    item, money(&b1, was->amount.n), money(&b2,
			    f->amount.n), f->since.s, (long long)(f->since.n -
			    posted), date_text(&b3, posted), NOTICE_DAYS);
	}
	buf_free(&b1);
	buf_free(&b2);
	buf_free(&b3);
	buf_free(&key);
	buf_free(&since);
	buf_free(&path);
}

void
record_rules(struct ctx *c, struct gs_compound *cp)
{
	check_fund(c, cp);
	check_revenue(c, cp);
	check_fees(c, cp);
	check_accounts(c, cp);
	check_utilities(c, cp);
	check_contractors(c, cp);
	check_committee(c, cp);
	check_complaints(c, cp);
	check_notices(c, cp);
	check_dates(c, cp);
	check_all_repeats(c, cp);
}
