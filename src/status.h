/*
 * What is overdue in a compound's disclosure on a given day (status.c):
 * the one place that knows the staleness rules.  The check warns with
 * it, the compound page, the boards and the supervision pages show it.
 */
#ifndef STATUS_H
#define STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct gs_compound;
struct gs_content;
struct gs_site;
struct gs_val;

enum status_kind {
	STATUS_DATA,		/* data_as_of older than stale_days.data */
	STATUS_CONTRACT,	/* contract.end passed */
	STATUS_TERM,		/* owners' committee term ended */
	STATUS_FUND,		/* fund figures older than stale_days.fund */
	STATUS_REVENUE,		/* newest revenue period too long ago */
	STATUS_ACCOUNTS,	/* 酬金制 without last year's accounts */
	STATUS_INSPECTION,	/* a contractor's certificate expired */
	STATUS_NKINDS
};

/* One overdue item. */
struct status_item {
	enum status_kind kind;
	int64_t		 since;		/* the first day it is overdue */
	int64_t		 ref;		/* the date it is about: the end,
					   the as-of date, the period's end;
					   STATUS_ACCOUNTS: the year */
	const struct gs_val *at;	/* the value it is about */
	size_t		 index;		/* contractors[] or fees[] entry */
};

struct status {
	struct status_item *v;
	size_t		 n, cap;
};

/* Short names of the kinds, for tables: 合同到期. */
extern const char *const status_kind_names[];

void	 status_of(const struct gs_site *, const struct gs_compound *,
	    int64_t today, struct status *);
int64_t	 status_next(const struct gs_site *, const struct gs_compound *,
	    int64_t asof);
void	 status_free(struct status *);
const struct status_item *status_find(const struct status *,
	    enum status_kind, size_t index);
void	 status_words(struct buf *, const struct gs_compound *,
	    const struct status_item *);
int64_t	 status_asof(const struct gs_content *, int64_t today,
	    int today_given);
int64_t	 status_revenue_end(const struct gs_compound *, size_t *k);
int64_t	 status_revenue_due(const struct gs_site *,
	    const struct gs_compound *, int64_t *end, size_t *k);
int	 status_accounts_year(const struct gs_compound *, int64_t day,
	    size_t *fee);

/* Completeness: applicable sections, and those disclosed. */
struct completeness {
	unsigned	 applicable;
	unsigned	 disclosed;
	unsigned	 missing[16];	/* indexes into completeness_names */
	unsigned	 nmissing;
};

extern const char *const completeness_names[];

void	 completeness_of(const struct gs_compound *, struct completeness *);
int	 completeness_pct(unsigned disclosed, unsigned applicable);

#endif /* !STATUS_H */
