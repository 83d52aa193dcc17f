/* Typing and checking scalars (scalar.c). */
#ifndef SCALAR_H
#define SCALAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

/*
 * Typing of scalars.  The parse and check functions return
 * NULL when s is valid, else an explanation held in msg.
 */
extern const char *const default_short_numbers[];

const char *parse_hundredths(const char *s, bool is_money, int64_t *out,
	    struct buf *msg);
const char *parse_count(const char *s, int64_t *out, struct buf *msg);
const char *parse_date(const char *s, int64_t *days, struct buf *msg);
/* A sealed phone: "私密-" and 12 hex digits (contacts.c). */
#define SEAL_PREFIX	"私密-"
#define SEAL_HEX	12
bool	 is_mobile(const char *s);
bool	 is_seal(const char *s);
const char *check_phone(const char *s, const char *const *shorts,
	    struct buf *msg);
const char *parse_period(const char *s, int64_t *first, int64_t *last,
	    struct buf *msg);
int	 parse_utc_offset(const char *s, int *minutes);
const char *parse_percent(const char *s, int64_t *out, struct buf *msg);
const char *check_link(const char *s, struct buf *msg);
const char *check_uscc(const char *s, struct buf *msg);
const char *check_id(const char *s, struct buf *msg);
const char *check_text(const char *s, bool markdown, struct buf *msg);
char	 uscc_check_char(const char *s17);
bool	 is_leap(int64_t year);
int	 days_in_month(int64_t year, int month);
int64_t	 days_from_civil(int64_t y, int m, int d);
void	 civil_from_days(int64_t days, int *y, int *m, int *d);

size_t	 utf8_len(const unsigned char *s, size_t avail, uint32_t *cp);
size_t	 utf8_count(const char *s, size_t len);
size_t	 edit_distance(const char *a, const char *b);

#endif /* !SCALAR_H */
