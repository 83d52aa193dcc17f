/* The rules within one compound record (rules.c). */
#ifndef RULES_H
#define RULES_H

#include <stdbool.h>
#include <stdint.h>

struct ctx;
struct gs_compound;
struct gs_vote;

struct diags;

void	 record_rules(struct ctx *, struct gs_compound *);
void	 fee_notice_rules(struct diags *, const struct gs_compound *old,
	    const struct gs_compound *new, int64_t today);

/* What a vote's figures say, for the check and for the page. */
enum vote_verdict {
	VOTE_UNKNOWN,	/* too few figures to tell */
	VOTE_PASSES,
	VOTE_FAILS_TURNOUT,
	VOTE_FAILS_MAJORITY
};

enum vote_verdict vote_verdict(const struct gs_vote *, bool *supermajority);

struct gs_notice;
struct gs_scores;
struct gs_site_evaluation;

int	 evaluation_total(const struct gs_scores *, int64_t *total);
const char *evaluation_band(const struct gs_site_evaluation *,
	    int64_t total);
int	 notice_current(const struct gs_notice *, int64_t today);

#endif /* !RULES_H */
