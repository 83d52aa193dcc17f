/*
 * What is overdue in a compound's disclosure on a given day, and how
 * complete it is.  The check (rules.c) warns with these rules; the
 * compound page, the boards and the supervision pages show them.  Each
 * item carries the day it became overdue, so a page that names that
 * day changes only when the compound's own status changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "format.h"
#include "gongshi.h"
#include "scalar.h"
#include "status.h"

const char *const status_kind_names[] = {
	"数据超期未更新", "物业服务合同到期", "业主委员会任期届满",
	"维修资金数据超期", "公共收益未按期公示", "年度收支未公示",
	"检验合格证过期", NULL
};

static int
given(const struct gs_val *v)
{
	return GS_HAS(v);
}

static void
push(struct status *st, enum status_kind kind, int64_t since, int64_t ref,
    const struct gs_val *at, size_t index)
{
	struct status_item *it;

	if (st->n == st->cap) {
		st->cap = grow_cap(st->cap, st->n + 1, 8, sizeof(*st->v));
		st->v = xrealloc(st->v, st->cap * sizeof(*st->v));
	}
	it = &st->v[st->n++];
	it->kind = kind;
	it->since = since;
	it->ref = ref;
	it->at = at;
	it->index = index;
}

/* The last day of a period written as text, or -1 if it is not one. */
static int64_t
period_last(const struct gs_val *v)
{
	struct buf	 msg = { 0 };
	int64_t		 first, last;
	const char	*why;

	why = GS_HAS(v) ? parse_period(v->s, &first, &last, &msg) : "";
	buf_free(&msg);
	return why == NULL ? last : -1;
}

/*
 * The end of the newest common-revenue period of a schema 2 record, its
 * index in *k; -1 when there is none, or a period is not one (the check
 * reports that instead).
 */
int64_t
status_revenue_end(const struct gs_compound *cp, size_t *k)
{
	int64_t		 end, newest = -1;
	size_t		 i;

	if (cp->schema.n != 2)
		return -1;
	for (i = 0; i < cp->common_revenue.n; i++) {
		const struct gs_val *p = &GS_AT(cp->common_revenue,
		    struct gs_revenue, i)->period;

		if (p->s == NULL)
			continue;
		if ((end = period_last(p)) < 0)
			return -1;
		if (end > newest) {
			newest = end;
			*k = i;
		}
	}
	return newest;
}

/*
 * The first day the revenue after the newest period is overdue, that
 * period's end in *end and index in *k; -1 when none is known.
 */
int64_t
status_revenue_due(const struct gs_site *s, const struct gs_compound *cp,
    int64_t *end, size_t *k)
{
	if ((*end = status_revenue_end(cp, k)) < 0)
		return -1;
	return *end + s->stale_days.revenue.n + 1;
}

/*
 * Whether a fee charged on commission (酬金制) wants accounts for the
 * last full year before day that are not there: that year, its fee
 * in *fee; else 0.
 */
static size_t
commission_fee(const struct gs_compound *cp)
{
	size_t	 i;

	for (i = 0; i < cp->fees.n; i++) {
		const struct gs_val *mode = &GS_AT(cp->fees, struct gs_fee,
		    i)->mode;

		if (given(mode) && mode->n == GS_COMMISSION)
			break;
	}
	return i;
}

int
status_accounts_year(const struct gs_compound *cp, int64_t day, size_t *fee)
{
	char	 year[16];
	int	 y, m, d;
	size_t	 i;

	if ((*fee = commission_fee(cp)) == cp->fees.n)
		return 0;
	civil_from_days(day, &y, &m, &d);
	snprintf(year, sizeof(year), "%d", y - 1);
	for (i = 0; i < cp->accounts.n; i++) {
		const struct gs_val *p = &GS_AT(cp->accounts,
		    struct gs_account, i)->period;

		if (p->s != NULL && strcmp(p->s, year) == 0)
			return 0;
	}
	return y - 1;
}

/* Everything overdue in cp on day today, in the order of the kinds. */
void
status_of(const struct gs_site *s, const struct gs_compound *cp,
    int64_t today, struct status *st)
{
	const struct gs_contract *k = &cp->contract;
	const struct gs_term *t = &cp->owners_committee.term;
	const struct gs_val *as_of = &cp->maintenance_fund.as_of;
	int64_t		 end, due;
	size_t		 i, at = 0;
	int		 year;

	st->n = 0;
	if (given(&cp->data_as_of) &&
	    today - cp->data_as_of.n > s->stale_days.data.n)
		push(st, STATUS_DATA, cp->data_as_of.n + s->stale_days.data.n +
		    1, cp->data_as_of.n, &cp->data_as_of, 0);
	if (given(&k->end) && k->end.n < today &&
	    !(given(&k->start) && k->start.n > k->end.n))
		push(st, STATUS_CONTRACT, k->end.n + 1, k->end.n, &k->end, 0);
	if (given(&t->end) && t->end.n < today &&
	    !(given(&t->start) && t->start.n > t->end.n) &&
	    given(&cp->owners_committee.status) &&
	    cp->owners_committee.status.n == GS_COMMITTEE)
		push(st, STATUS_TERM, t->end.n + 1, t->end.n, &t->end, 0);
	if (given(as_of) && today - as_of->n > s->stale_days.fund.n)
		push(st, STATUS_FUND, as_of->n + s->stale_days.fund.n + 1,
		    as_of->n, as_of, 0);
	if ((due = status_revenue_due(s, cp, &end, &at)) >= 0 &&
	    today >= due)
		push(st, STATUS_REVENUE, due, end, &GS_AT(cp->common_revenue,
		    struct gs_revenue, at)->period, at);
	if ((year = status_accounts_year(cp, today, &at)) != 0)
		push(st, STATUS_ACCOUNTS, days_from_civil(year + 1, 1, 1), year,
		    &GS_AT(cp->fees, struct gs_fee, at)->mode, at);
	for (i = 0; i < cp->contractors.n; i++) {
		const struct gs_contractor *c = GS_AT(cp->contractors,
		    struct gs_contractor, i);

		if (given(&c->valid_until) && c->valid_until.n < today &&
		    !(given(&c->last_inspection) &&
		    c->valid_until.n < c->last_inspection.n))
			push(st, STATUS_INSPECTION, c->valid_until.n + 1,
			    c->valid_until.n, &c->valid_until, i);
	}
}

/*
 * The first day after asof on which something in cp becomes overdue
 * that is not yet, or -1: a date of the record, so a page may carry it
 * and stay the same until the record changes.
 */
int64_t
status_next(const struct gs_site *s, const struct gs_compound *cp,
    int64_t asof)
{
	struct status	 st = { 0 };
	int64_t		 next = -1;
	size_t		 i;

	/* A century on, every item that ever will be is overdue. */
	status_of(s, cp, asof + 36525, &st);
	for (i = 0; i < st.n; i++)
		if (st.v[i].since > asof && (next < 0 || st.v[i].since < next))
			next = st.v[i].since;
	status_free(&st);
	return next;
}

void
status_free(struct status *st)
{
	free(st->v);
	memset(st, 0, sizeof(*st));
}

const struct status_item *
status_find(const struct status *st, enum status_kind kind, size_t index)
{
	size_t	 i;

	for (i = 0; i < st->n; i++)
		if (st->v[i].kind == kind && st->v[i].index == index)
			return &st->v[i];
	return NULL;
}

/*
 * One item as a reader says it, naming only dates of the record and the
 * day it became overdue: 物业服务合同已于2026年9月30日到期.
 */
void
status_words(struct buf *b, const struct gs_compound *cp,
    const struct status_item *it)
{
	const struct gs_contractor *c;

	switch (it->kind) {
	case STATUS_DATA:
		buf_puts(b, "公示信息截至");
		format_date_words(b, it->ref);
		buf_puts(b, "，自");
		format_date_words(b, it->since);
		buf_printf(b, "起已超过%lld天未更新",
		    (long long)(it->since - it->ref - 1));
		break;
	case STATUS_CONTRACT:
		buf_puts(b, "物业服务合同已于");
		format_date_words(b, it->ref);
		buf_puts(b, "到期，未公示续签或新选聘的合同");
		break;
	case STATUS_TERM:
		buf_puts(b, "业主委员会任期已于");
		format_date_words(b, it->ref);
		buf_puts(b, "届满，未公示换届情况");
		break;
	case STATUS_FUND:
		buf_puts(b, "专项维修资金数据截至");
		format_date_words(b, it->ref);
		buf_puts(b, "，自");
		format_date_words(b, it->since);
		if (it->since - it->ref - 1 == 365)
			buf_puts(b, "起已超过一年未更新");
		else
			buf_printf(b, "起已超过%lld天未更新",
			    (long long)(it->since - it->ref - 1));
		break;
	case STATUS_REVENUE:
		buf_puts(b, "共有部分经营收益只公示到");
		format_date_words(b, it->ref);
		buf_puts(b, "，自");
		format_date_words(b, it->since);
		buf_puts(b, "起未按期公示此后的收支");
		break;
	case STATUS_ACCOUNTS:
		buf_printf(b, "物业服务费实行酬金制，%lld年度收支情况应自",
		    (long long)it->ref);
		format_date_words(b, it->since);
		buf_puts(b, "起公示，尚未公示");
		break;
	case STATUS_INSPECTION:
		c = GS_AT(cp->contractors, struct gs_contractor, it->index);
		buf_printf(b, "%s检验合格有效期已于", c->system.s &&
		    !c->system.pos.undisclosed ? c->system.s : "设施设备");
		format_date_words(b, it->ref);
		buf_puts(b, "届满，未公示新的检验结果");
		break;
	case STATUS_NKINDS:
		break;
	}
}

/*
 * The build's "today" for status: --today (or the publish date) when
 * given; else the newest data_as_of of the content, so the same records
 * give the same pages whenever they are built.
 */
int64_t
status_asof(const struct gs_content *ct, int64_t today, int today_given)
{
	int64_t		 newest = 0;
	size_t		 i;

	if (today_given)
		return today;
	for (i = 0; i < ct->ncompounds; i++)
		if (given(&ct->compounds[i]->data_as_of) &&
		    ct->compounds[i]->data_as_of.n > newest)
			newest = ct->compounds[i]->data_as_of.n;
	return newest;
}

/*
 * The sections completeness counts, in page order.  A section counts as
 * disclosed when it is written, not 未公示, and (a list) not empty.
 */
const char *const completeness_names[] = {
	"基本情况", "物业服务人", "物业服务合同", "服务内容", "收费项目及标准",
	"物业服务资金收支", "共有部分经营收益", "专项维修资金",
	"专业维保单位", "业主组织", "网格与红色管家", "服务承诺",
	"考评结果", NULL
};

static int
section_shown(const struct gs_pos *p, const struct gs_list *l)
{
	if (p->fid == 0 || p->undisclosed)
		return 0;
	return l == NULL || l->n > 0;
}

static void
count(struct completeness *cm, unsigned which, int applies, int shown)
{
	if (!applies)
		return;
	cm->applicable++;
	if (shown)
		cm->disclosed++;
	else if (cm->nmissing < sizeof(cm->missing) / sizeof(cm->missing[0]))
		cm->missing[cm->nmissing++] = which;
}

/*
 * Which of the sections that apply to cp it discloses.  Provider,
 * contract and fees do not apply to a compound its owners manage
 * themselves (业主自管); the yearly accounts apply only where a fee is
 * charged on commission (酬金制), as the law asks them only there.
 */
void
completeness_of(const struct gs_compound *cp, struct completeness *cm)
{
	int	 managed = !(given(&cp->profile.management) &&
		    cp->profile.management.n == GS_SELF_MANAGED);

	memset(cm, 0, sizeof(*cm));
	count(cm, 0, 1, section_shown(&cp->profile.pos, NULL));
	count(cm, 1, managed, section_shown(&cp->provider.pos, NULL));
	count(cm, 2, managed, section_shown(&cp->contract.pos, NULL));
	count(cm, 3, 1, section_shown(&cp->services.pos, &cp->services));
	count(cm, 4, managed, section_shown(&cp->fees.pos, &cp->fees));
	count(cm, 5, commission_fee(cp) < cp->fees.n ||
	    cp->accounts.n > 0, section_shown(&cp->accounts.pos,
	    &cp->accounts));
	count(cm, 6, 1, section_shown(&cp->common_revenue.pos,
	    &cp->common_revenue));
	count(cm, 7, 1, section_shown(&cp->maintenance_fund.pos, NULL));
	count(cm, 8, 1, section_shown(&cp->contractors.pos,
	    &cp->contractors));
	count(cm, 9, 1, section_shown(&cp->owners_committee.pos, NULL));
	count(cm, 10, 1, section_shown(&cp->grid.pos, &cp->grid));
	count(cm, 11, 1, section_shown(&cp->commitments.pos,
	    &cp->commitments));
	count(cm, 12, 1, section_shown(&cp->evaluation.pos, NULL));
}

/* A share in whole percent, rounded down so 100 means all. */
int
completeness_pct(unsigned disclosed, unsigned applicable)
{
	return applicable ? (int)(disclosed * 100u / applicable) : 100;
}
