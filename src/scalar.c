/*
 * Typing of scalars: the hard little parsers that everything else
 * trusts.  Each parse_* returns NULL on success or an explanation that
 * names the offending text; callers prefix the key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "buf.h"
#include "i18n.h"
#include "scalar.h"

/* Largest money or decimal we accept: 999,999,999,999.99 (fits easily). */
#define MAX_INT_DIGITS	12

static const char *fail(struct buf *, const char *, ...) PRINTF_LIKE(2, 3);

/* The explanation, in the language chosen: fmt is its English id. */
static const char *
fail(struct buf *msg, const char *fmt, ...)
{
	va_list	 ap;

	buf_truncate(msg, 0);
	va_start(ap, fmt);
	buf_vprintf(msg, _(fmt), ap);
	va_end(ap);
	return msg->p;
}

static int
isdigit_(int c)
{
	return c >= '0' && c <= '9';
}

const char *
parse_hundredths(const char *s, bool is_money, int64_t *out, struct buf *msg)
{
	const char	*p = s, *dot;
	int64_t		 whole = 0, frac = 0;
	size_t		 nint = 0, nfrac = 0;
	if (*p == '-')
		return fail(msg, "'%s' is negative; it must be 0 or more", s);
	if (*p == '+')
		return fail(msg, "'%s': write the number without a sign", s);
	if (strchr(s, ',') != NULL || strstr(s, "，") != NULL)
		return fail(msg, "'%s': write the number without thousands "
		    "separators, e.g. 1000 or 1000.50", s);
	for (; isdigit_((unsigned char)*p); p++, nint++)
		if (nint < MAX_INT_DIGITS + 1)
			whole = whole * 10 + (*p - '0');
	dot = p;
	if (*p == '.')
		for (p++; isdigit_((unsigned char)*p); p++, nfrac++)
			if (nfrac < 3)
				frac = frac * 10 + (*p - '0');
	if (*p != '\0' || nint == 0 || (*dot == '.' && nfrac == 0)) {
		if (strpbrk(s, "eE") != NULL && nint > 0)
			return fail(msg, "'%s' is in exponent notation; "
			    "write the plain number", s);
		if (is_money)
			return fail(msg, "'%s' is not an amount in yuan "
			    "(e.g. 1234.5 or 0.60)", s);
		return fail(msg, "'%s' is not a decimal number (e.g. 36.5)",
		    s);
	}
	if (nfrac > 2 && is_money)
		return fail(msg, "'%s' has more than 2 decimal places; money "
		    "is exact to the fen (0.01 yuan)", s);
	if (nfrac > 2)
		return fail(msg, "'%s' has more than 2 decimal places", s);
	if (nint > MAX_INT_DIGITS)
		return fail(msg, "'%s' is too large", s);
	if (nfrac == 1)
		frac *= 10;
	*out = whole * 100 + frac;
	return NULL;
}

const char *
parse_count(const char *s, int64_t *out, struct buf *msg)
{
	const char	*p;
	int64_t		 n = 0;

	if (*s == '-')
		return fail(msg, "'%s' is negative; a count is 0 or more", s);
	for (p = s; isdigit_((unsigned char)*p); p++) {
		if (n > (INT64_C(1) << 40))
			return fail(msg, "'%s' is too large", s);
		n = n * 10 + (*p - '0');
	}
	if (p == s || *p != '\0')
		return fail(msg, "'%s' is not a whole number", s);
	*out = n;
	return NULL;
}

bool
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
days_in_month(int64_t y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 in the proleptic Gregorian calendar. */
int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
civil_from_days(int64_t z, int *yp, int *mp, int *dp)
{
	int64_t	 era, doe, yoe, y, doy, mp_;
	int	 d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp_ = (5 * doy + 2) / 153;
	d = (int)(doy - (153 * mp_ + 2) / 5 + 1);
	m = (int)(mp_ < 10 ? mp_ + 3 : mp_ - 9);
	*yp = (int)(y + (m <= 2));
	*mp = m;
	*dp = d;
}

const char *
parse_date(const char *s, int64_t *out, struct buf *msg)
{
	int	 i, y, m, d;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				break;
		} else if (!isdigit_((unsigned char)s[i]))
			break;
	}
	if (i < 10 || s[10] != '\0')
		return fail(msg, "'%s' is not a date; write YYYY-MM-DD, "
		    "e.g. 2026-01-05", s);
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900)
		return fail(msg, "'%s': the year is before 1900", s);
	if (m < 1 || m > 12)
		return fail(msg, "'%s' has no such month", s);
	if (d < 1 || d > days_in_month(y, m))
		return fail(msg, "'%s' is not a real calendar date", s);
	*out = days_from_civil(y, m, d);
	return NULL;
}

static bool
all_digits(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!isdigit_((unsigned char)s[i]))
			return false;
	return n > 0;
}

const char *const default_short_numbers[] = {
	"110", "119", "120", "122", "12345", "12315", "12358", "12319",
	"96345", NULL
};

/* A Chinese mobile number: 1[3-9] and 9 more digits. */
bool
is_mobile(const char *s)
{
	return strlen(s) == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' &&
	    all_digits(s, 11);
}

/*
 * A sealed personal phone (contacts.c): SEAL_PREFIX and SEAL_HEX
 * lowercase hexadecimal digits, what the public record holds in place
 * of a mobile number kept in the private contact book.
 */
bool
is_seal(const char *s)
{
	size_t	 p = strlen(SEAL_PREFIX), i;

	if (strncmp(s, SEAL_PREFIX, p) != 0 || strlen(s) != p + SEAL_HEX)
		return false;
	for (i = p; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

const char *
check_phone(const char *s, const char *const *shorts, struct buf *msg)
{
	size_t	 n = strlen(s), i, ndig, dash;
	char	 digits[32];

	/* Chinese mobile: 1[3-9] and 9 more digits; or one sealed. */
	if (is_mobile(s) || is_seal(s))
		return NULL;
	/* Landline: 0, 2-3 digit area code, dash, 7-8 digits; maybe a
	 * dash and a 1-6 digit extension (schema 2). */
	if (s[0] == '0' && (dash = strcspn(s, "-")) < n) {
		size_t	 local = strcspn(s + dash + 1, "-"), rest;

		rest = n - dash - 1 - local;	/* "-801", or 0 */
		if (dash >= 3 && dash <= 4 && all_digits(s, dash) &&
		    local >= 7 && local <= 8 &&
		    all_digits(s + dash + 1, local) && (rest == 0 ||
		    (rest >= 2 && rest <= 7 &&
		    all_digits(s + n - rest + 1, rest - 1))))
			return NULL;
	}
	/* 400 and 800 numbers: ten digits, dashes between groups. */
	if ((strncmp(s, "400", 3) == 0 || strncmp(s, "800", 3) == 0) &&
	    n < sizeof(digits)) {
		for (i = ndig = 0; i < n; i++) {
			if (isdigit_((unsigned char)s[i]))
				digits[ndig++] = s[i];
			else if (s[i] != '-' || i + 1 == n || s[i + 1] == '-')
				break;
		}
		if (i == n && ndig == 10)
			return NULL;
	}
	for (; shorts != NULL && *shorts != NULL; shorts++)
		if (strcmp(s, *shorts) == 0)
			return NULL;

	if (s[0] == '0' && all_digits(s, n) && n >= 10 && n <= 12)
		return fail(msg, "'%s' is not a phone number: put a dash "
		    "after the area code, e.g. 0531-88001234", s);
	if (s[0] == '0' && strpbrk(s, " ()") != NULL)
		return fail(msg, "'%s' is not a phone number: write "
		    "landlines as 0531-88001234, no spaces or brackets", s);
	if (s[0] == '1' && n == 13 && (s[3] == '-' || s[3] == ' '))
		return fail(msg, "'%s' is not a phone number: write mobiles "
		    "as 11 digits without separators", s);
	if (all_digits(s, n) && n >= 3 && n <= 6)
		return fail(msg, "'%s' is not a phone number: a short "
		    "service number must be listed in site.yaml "
		    "short_numbers", s);
	return fail(msg, "'%s' is not a phone number (mobile 13800000000, "
	    "landline 0531-88001234 or 0531-88001234-801, 400-123-4567, or "
	    "a short service number)", s);
}

/* Two digits at s, or -1. */
static int
two_digits(const char *s)
{
	if (!isdigit_((unsigned char)s[0]) || !isdigit_((unsigned char)s[1]))
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* "YYYY-MM" at s: the year and month, or -1. */
static int
year_month(const char *s, int64_t *y, int *m)
{
	if (!all_digits(s, 4) || s[4] != '-' || (*m = two_digits(s + 5)) < 1 ||
	    *m > 12)
		return -1;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	return *y >= 1900 ? 0 : -1;
}

/*
 * A period (schema 2): "2025", "2025-H1", "2026-Q3", "2026-09" or
 * "2026-01~2026-03".  *first and *last are its first and last days.
 */
const char *
parse_period(const char *s, int64_t *first, int64_t *last, struct buf *msg)
{
	size_t	 n = strlen(s);
	int64_t	 y, y2;
	int	 m, m2, k;

	if (n == 4 && all_digits(s, 4)) {
		y = atoi(s);
		if (y < 1900)
			goto bad;
		*first = days_from_civil(y, 1, 1);
		*last = days_from_civil(y, 12, 31);
		return NULL;
	}
	if (n == 7 && all_digits(s, 4) && s[4] == '-' &&
	    (s[5] == 'H' || s[5] == 'Q') && isdigit_((unsigned char)s[6])) {
		y = atoi(s);
		k = s[6] - '0';
		if (y < 1900 || k < 1 || k > (s[5] == 'H' ? 2 : 4))
			return fail(msg, "'%s' is not a period: a half year is "
			    "H1 or H2, a quarter Q1 to Q4", s);
		m = s[5] == 'H' ? 6 * (k - 1) + 1 : 3 * (k - 1) + 1;
		m2 = m + (s[5] == 'H' ? 5 : 2);
		*first = days_from_civil(y, m, 1);
		*last = days_from_civil(y, m2, days_in_month(y, m2));
		return NULL;
	}
	if (n == 7 && year_month(s, &y, &m) == 0) {
		*first = days_from_civil(y, m, 1);
		*last = days_from_civil(y, m, days_in_month(y, m));
		return NULL;
	}
	if (n == 15 && s[7] == '~' && year_month(s, &y, &m) == 0 &&
	    year_month(s + 8, &y2, &m2) == 0) {
		*first = days_from_civil(y, m, 1);
		*last = days_from_civil(y2, m2, days_in_month(y2, m2));
		if (*last < *first)
			return fail(msg, "'%s' ends before it starts", s);
		return NULL;
	}
bad:
	return fail(msg, "'%s' is not a period (a year 2025, a half year "
	    "2025-H1, a quarter 2026-Q3, a month 2026-09, or months "
	    "2026-01~2026-03)", s);
}

/*
 * A UTC offset, "+08:00" or "-05:30", from -12:00 to +14:00: minutes
 * east of UTC in *minutes, or -1 (and *minutes untouched).
 */
int
parse_utc_offset(const char *s, int *minutes)
{
	int	 h, m;

	if (strlen(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' ||
	    !isdigit_((unsigned char)s[1]) || !isdigit_((unsigned char)s[2]) ||
	    !isdigit_((unsigned char)s[4]) || !isdigit_((unsigned char)s[5]))
		return -1;
	h = (s[1] - '0') * 10 + s[2] - '0';
	m = (s[4] - '0') * 10 + s[5] - '0';
	if (m > 59 || h * 60 + m > (s[0] == '-' ? 12 : 14) * 60)
		return -1;
	*minutes = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
	return 0;
}

/* A percentage: a decimal from 0 to 100, in hundredths. */
const char *
parse_percent(const char *s, int64_t *out, struct buf *msg)
{
	const char	*why;

	if ((why = parse_hundredths(s, false, out, msg)) != NULL)
		return why;
	if (*out > 10000)
		return fail(msg, "'%s' is over 100 (a percentage)", s);
	return NULL;
}

/* A link to another site (schema 2's url type), kept as written. */
const char *
check_link(const char *s, struct buf *msg)
{
	const char	*host;
	size_t		 i;

	if (strncmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		host = s + 7;
	else
		return fail(msg, "'%s' is not a link: it must start with "
		    "https:// or http://", s);
	if (strlen(s) > LINK_MAX)
		return fail(msg, "a link may have at most %d characters",
		    LINK_MAX);
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f ||
		    strchr("\"'<>\\", s[i]) != NULL)
			return fail(msg, "'%s' is not a link: no spaces, "
			    "quotes, '<', '>' or '\\' in a link", s);
	if (*host == '\0' || *host == '/')
		return fail(msg, "'%s' has no host name after the scheme", s);
	return NULL;
}

static const char uscc_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Value of a USCC character, or -1. */
static int
uscc_value(int c)
{
	const char	*p;

	if (c == '\0' || (p = strchr(uscc_charset, c)) == NULL)
		return -1;
	return (int)(p - uscc_charset);
}

/* The check character for the first 17 characters, or 0 if invalid. */
char
uscc_check_char(const char *s)
{
	int	 i, v, w = 1, sum = 0;

	for (i = 0; i < 17; i++) {
		if ((v = uscc_value((unsigned char)s[i])) < 0)
			return 0;
		sum += v * w;
		w = w * 3 % 31;
	}
	return uscc_charset[(31 - sum % 31) % 31];
}

const char *
check_uscc(const char *s, struct buf *msg)
{
	size_t	 i, n = strlen(s);
	char	 want;

	if (n != 18)
		return fail(msg, "'%s' is not a unified social credit code: "
		    "it must have 18 characters", s);
	for (i = 0; i < n; i++) {
		if (uscc_value((unsigned char)s[i]) >= 0)
			continue;
		if (s[i] >= 'a' && s[i] <= 'z')
			return fail(msg, "'%s': write the unified social "
			    "credit code in capital letters", s);
		return fail(msg, "'%s' is not a unified social credit code: "
		    "it may only use 0-9 and the capitals "
		    "ABCDEFGHJKLMNPQRTUWXY (no I, O, S, V, Z)", s);
	}
	want = uscc_check_char(s);
	if (s[17] != want) {
		return fail(msg, "'%s' is not a valid unified social credit "
		    "code: the check character should be '%c', not '%c' "
		    "(mistyped?)", s, want, s[17]);
	}
	return NULL;
}

const char *
check_id(const char *s, struct buf *msg)
{
	size_t	 i, n = strlen(s);

	if (n > 64)
		return fail(msg, "'%s' is too long for an id (64 characters "
		    "at most)", s);
	for (i = 0; i < n; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') || isdigit_((unsigned char)s[i]))
			continue;
		if (s[i] == '-' && i > 0)
			continue;
		return fail(msg, "'%s' is not an id: use lower-case letters "
		    "a-z, digits and '-', starting with a letter or digit", s);
	}
	return NULL;
}

/* Characters in s (len bytes): lead bytes, continuation bytes not. */
size_t
utf8_count(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/*
 * Length of the UTF-8 sequence at s (1-4), or 0 when it is not valid
 * UTF-8: overlong forms, surrogates and values past U+10FFFF are not.
 */
size_t
utf8_len(const unsigned char *s, size_t avail, uint32_t *cp)
{
	uint32_t c;
	size_t	 n, i;

	if (avail == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2, c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3, c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4, c = s[0] & 0x07;
	} else
		return 0;
	if (avail < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	*cp = c;
	return n;
}

const char *
check_text(const char *s, bool markdown, struct buf *msg)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t	 n = strlen(s), i, k;
	uint32_t cp;

	if (n == 0)
		return fail(msg, "the text is empty");
	for (i = 0; i < n; i += k) {
		if ((k = utf8_len(p + i, n - i, &cp)) == 0)
			return fail(msg, "invalid UTF-8; save the file as "
			    "UTF-8");
		if (cp == '\n' || (markdown && cp == '\t'))
			continue;
		if (cp == '\t')
			return fail(msg, "a tab (U+0009) is not allowed here; "
			    "use spaces");
		if (cp == '\r')
			return fail(msg, "a carriage return (U+000D) is not "
			    "allowed here");
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			return fail(msg, "the control character U+%04X is not "
			    "allowed", (unsigned)cp);
	}
	return NULL;
}

/* Edit distance, for "did you mean" hints; small inputs only. */
size_t
edit_distance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j, row[65], prev, tmp;

	if (lb > 64 || la > 64)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[lb];
}
