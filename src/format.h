/* Formatting values for output, in one place (format.c). */
#ifndef FORMAT_H
#define FORMAT_H

#include <stdint.h>
#include "schema.h"

struct buf;

/* Formatting values for output (format.c): for people or for machines. */
enum form {
	FORM_HUMAN,	/* "1,234.50", "3,449", "9,800.5" */
	FORM_MACHINE	/* "1234.50", "3449", "9800.5" */
};

void	 format_value(struct buf *, enum ftype, int64_t n, const char *s,
	    enum form);
void	 format_date(struct buf *, int64_t days);
void	 format_date_words(struct buf *, int64_t days);
void	 format_period(struct buf *, const char *);
void	 format_share(struct buf *, int64_t part, int64_t whole);
struct gs_val;
const char *contract_kind_words(const struct gs_val *);
struct gs_commitment;
void	 format_commitment(struct buf *, const struct gs_commitment *);

#endif /* !FORMAT_H */
