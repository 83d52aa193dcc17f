/*
 * libFuzzer harness: the value parsers and the escapers.
 *
 * The input, cut at its first NUL as a YAML scalar would be, goes
 * through every parser of value.c and every escaper of escape.c.  What
 * is checked besides crashes and sanitizer reports:
 *   - money and decimals that parse come back to the same fen when
 *     formatted and parsed again, and stay within 12 integer digits;
 *   - a count that parses prints as the same number;
 *   - a date that parses is formatted back to exactly the input;
 *   - a USCC that passes has 18 characters ending in its check
 *     character;
 *   - a site's stamp that parses is formatted back to the same stamp;
 *   - HTML and XML escaping leave no markup characters, JSON escaping
 *     leaves a valid string body with nothing that could close a
 *     script element, an href keeps no quote and no unsafe scheme,
 *     a quoted CSV field doubles its quotes, and terminal escaping
 *     leaves no control character at all.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scalar.h"
#include "format.h"
#include "stamp.h"
#include "escape.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAX_HUNDREDTHS	INT64_C(99999999999999)	/* 999,999,999,999.99 */

static void
require(int ok, const char *what, const char *s)
{
	if (!ok) {
		fprintf(stderr, "property failed: %s for '%s'\n", what, s);
		abort();
	}
}

static void
numbers(const char *s, struct buf *msg, struct buf *tmp)
{
	int64_t	 v, again;
	int	 money;

	for (money = 0; money < 2; money++) {
		if (parse_hundredths(s, money, &v, msg) != NULL)
			continue;
		require(v >= 0 && v <= MAX_HUNDREDTHS, "in range", s);
		buf_truncate(tmp, 0);
		format_value(tmp, money ? FT_MONEY : FT_DECIMAL, v, "",
		    FORM_MACHINE);
		require(parse_hundredths(tmp->p, money, &again, msg) == NULL &&
		    again == v, "decimal round trip", s);
		buf_truncate(tmp, 0);
		format_value(tmp, money ? FT_MONEY : FT_DECIMAL, v, "",
		    FORM_HUMAN);	/* must not crash on the largest */
	}
	if (parse_count(s, &v, msg) == NULL) {
		buf_truncate(tmp, 0);
		buf_printf(tmp, "%lld", (long long)v);
		require(parse_count(tmp->p, &again, msg) == NULL && again == v,
		    "count round trip", s);
	}
	if (parse_percent(s, &v, msg) == NULL) {
		require(v >= 0 && v <= 10000, "percent in range", s);
		buf_truncate(tmp, 0);
		format_value(tmp, FT_PERCENT, v, "", FORM_MACHINE);
		require(parse_percent(tmp->p, &again, msg) == NULL &&
		    again == v, "percent round trip", s);
	}
	if (parse_period(s, &v, &again, msg) == NULL) {
		require(v <= again, "period starts before it ends", s);
		buf_truncate(tmp, 0);
		format_period(tmp, s);
		require(tmp->len > 0 && strcmp(tmp->p, s) != 0,
		    "period in words", s);
	} else {
		buf_truncate(tmp, 0);
		format_period(tmp, s);	/* not a period: as it is */
		require(strcmp(tmp->p ? tmp->p : "", s) == 0,
		    "free text kept", s);
	}
	{
		int	 m;
		char	 back[16];

		if (parse_utc_offset(s, &m) == 0) {
			require(m >= -12 * 60 && m <= 14 * 60,
			    "utc offset in range", s);
			snprintf(back, sizeof(back), "%c%02d:%02d",
			    m < 0 || s[0] == '-' ? '-' : '+', (m < 0 ? -m : m) / 60,
			    (m < 0 ? -m : m) % 60);
			require(strcmp(back, s) == 0, "utc offset round trip", s);
		}
	}
	if (check_link(s, msg) == NULL)
		require(strncmp(s, "http", 4) == 0 &&
		    strpbrk(s, " \t\n\"'<>") == NULL, "link is safe", s);
	if (parse_date(s, &v, msg) == NULL) {
		buf_truncate(tmp, 0);
		format_date(tmp, v);
		require(strcmp(tmp->p, s) == 0, "date round trip", s);
	}
}

static void
codes(const char *s, struct buf *msg)
{
	static const char *const shorts[] = { "110", "12345", NULL };

	if (check_uscc(s, msg) == NULL)
		require(strlen(s) == 18 && uscc_check_char(s) == s[17],
		    "USCC check character", s);
	check_phone(s, default_short_numbers, msg);
	check_phone(s, shorts, msg);
	check_id(s, msg);
	check_text(s, false, msg);
	check_text(s, true, msg);
	if (strlen(s) < 64)
		require(edit_distance(s, "heping-xincun") <= 64,
		    "edit distance bounded", s);
}

static int
any_of(const struct buf *b, const char *set)
{
	return b->p != NULL && strpbrk(b->p, set) != NULL;
}

/* A JSON string body: escapes well formed, nothing raw that matters. */
static int
json_body_ok(const struct buf *b)
{
	const unsigned char *p = (const unsigned char *)(b->p ? b->p : "");
	size_t	 i, n = b->len, k;

	for (i = 0; i < n; i++) {
		if (p[i] == '\\') {
			if (i + 1 >= n)
				return 0;
			if (p[i + 1] != 'u') {
				if (strchr("\"\\/bfnrt", p[i + 1]) == NULL)
					return 0;
				i++;
				continue;
			}
			for (k = 2; k < 6; k++)
				if (i + k >= n || strchr("0123456789abcdefABCDEF",
				    p[i + k]) == NULL || p[i + k] == '\0')
					return 0;
			i += 5;
			continue;
		}
		if (p[i] < 0x20 || strchr("\"<>&'", p[i]) != NULL)
			return 0;
	}
	return 1;
}

/* What a browser would take as the scheme is one we allow, or none. */
static int
safe_scheme(const struct buf *b)
{
	static const char *const ok[] = { "http", "https", "mailto", "tel",
		"ftp", NULL };
	size_t	 n, i, j;

	if (b->p == NULL)
		return 1;
	/* RFC 3986 (and browsers): ALPHA *( ALPHA / DIGIT / "+" / "-" /
	 * "." ) ":"; anything else is a relative reference. */
	n = strspn(b->p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789+-.");
	if (n == 0 || b->p[n] != ':' || !((b->p[0] | 0x20) >= 'a' &&
	    (b->p[0] | 0x20) <= 'z'))
		return 1;
	for (i = 0; ok[i] != NULL; i++) {
		if (strlen(ok[i]) != n)
			continue;
		for (j = 0; j < n && (b->p[j] | 0x20) == ok[i][j]; j++)
			continue;
		if (j == n)
			return 1;
	}
	return 0;
}

/* Valid UTF-8 without C1 controls or bidirectional overrides. */
static int
terminal_safe(const struct buf *b)
{
	const unsigned char *p = (const unsigned char *)(b->p ? b->p : "");
	size_t	 i, k;
	uint32_t cp;

	for (i = 0; i < b->len; i += k) {
		if ((k = utf8_len(p + i, b->len - i, &cp)) == 0)
			return 0;
		if ((cp >= 0x80 && cp <= 0x9F) ||
		    (cp >= 0x202A && cp <= 0x202E) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return 0;
	}
	return 1;
}

static void
escapers(const char *s, size_t n, struct buf *b)
{
	size_t	 i;

	buf_truncate(b, 0);
	esc_html(b, s, n);
	require(!any_of(b, "<>\"'"), "HTML escaping", s);
	buf_truncate(b, 0);
	esc_xml(b, s, n);
	require(!any_of(b, "<>\"'"), "XML escaping", s);
	for (i = 0; i < b->len; i++)
		require((unsigned char)b->p[i] >= 0x20 || b->p[i] == '\t' ||
		    b->p[i] == '\n' || b->p[i] == '\r', "XML controls", s);
	buf_truncate(b, 0);
	esc_json(b, s, n);
	require(json_body_ok(b), "JSON escaping", s);
	buf_truncate(b, 0);
	esc_href(b, s, n);
	require(!any_of(b, "<>\"' \t\n"), "href escaping", s);
	require(safe_scheme(b), "href scheme", s);
	buf_truncate(b, 0);
	esc_csv(b, s, n);
	if (b->len > 0 && b->p[0] == '"')
		for (i = 1; i + 1 < b->len; i++)
			if (b->p[i] == '"')
				require(b->p[++i] == '"', "CSV quotes doubled", s);
	buf_truncate(b, 0);
	esc_term(b, s, n);
	for (i = 0; i < b->len; i++)
		require((unsigned char)b->p[i] >= 0x20 &&
		    (unsigned char)b->p[i] != 0x7F, "terminal escaping", s);
	require(terminal_safe(b), "terminal UTF-8", s);
	buf_truncate(b, 0);
	esc_term_text(b, s, n);
	for (i = 0; i < b->len; i++)
		require((unsigned char)b->p[i] >= 0x20 || b->p[i] == '\n' ||
		    b->p[i] == '\t', "terminal text escaping", s);
}

/* A site's stamp is read from a folder anyone may have edited. */
static void
stamp(const char *s, size_t n, struct buf *tmp)
{
	struct stamp	 st, again;

	if (stamp_parse(s, n, &st) != 0)
		return;
	buf_truncate(tmp, 0);
	stamp_format(&st, tmp);
	require(stamp_parse(tmp->p, tmp->len, &again) == 0 &&
	    strcmp(again.revision, st.revision) == 0 &&
	    again.content == st.content, "stamp round trip", s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 s = { 0 }, msg = { 0 }, tmp = { 0 };

	buf_put(&s, data, size);
	numbers(s.p, &msg, &tmp);
	codes(s.p, &msg);
	escapers(s.p, s.len, &tmp);
	stamp(s.p, s.len, &tmp);
	buf_free(&s);
	buf_free(&msg);
	buf_free(&tmp);
	return 0;
}
