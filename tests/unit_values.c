/*
 * Unit tests for the scalar parsers everything else trusts: money and
 * decimals to integer hundredths, calendar dates, phone forms, USCC
 * check characters, ids and text.
 */
#include <stdio.h>
#include <string.h>

#include "scalar.h"
#include "format.h"

#include "tap.h"

static struct buf msg;

static void
money_ok(const char *s, long long want)
{
	int64_t	 got = -1;
	const char *why = parse_hundredths(s, true, &got, &msg);

	tap(why == NULL && got == want, "money '%s' is %lld fen (got %lld%s%s)",
	    s, want, (long long)got, why ? ", " : "", why ? why : "");
}

static void
money_bad(const char *s, const char *needle)
{
	int64_t	 got = -1;
	const char *why = parse_hundredths(s, true, &got, &msg);

	tap(why != NULL && strstr(why, needle) != NULL,
	    "money '%s' is rejected saying '%s' (got: %s)", s, needle,
	    why ? why : "accepted");
}

/* One value, one form: a decimal is never shown as money. */
static void
format_is(enum ftype type, int64_t n, enum form form, const char *want)
{
	struct buf	 b = { 0 };

	buf_put(&b, "", 0);
	format_value(&b, type, n, "", form);
	tap(strcmp(b.p, want) == 0, "format %s %lld for %s: %s (got %s)",
	    type == FT_MONEY ? "money" : type == FT_DECIMAL ? "decimal" :
	    type == FT_COUNT ? "count" : "date", (long long)n,
	    form == FORM_HUMAN ? "people" : "machines", want, b.p);
	buf_free(&b);
}

static void
test_money(void)
{
	struct buf	 b = { 0 };

	money_ok("0.6", 60);
	money_ok("0.60", 60);
	money_ok("1234.5", 123450);
	money_ok("0", 0);
	money_ok("5090000.00", 509000000);
	money_ok("24000", 2400000);
	money_ok("999999999999.99", 99999999999999LL);
	money_bad("1.234", "more than 2 decimal places");
	money_bad("1e3", "exponent");
	money_bad("-1", "negative");
	money_bad("1,000", "thousands separators");
	money_bad("1，000", "thousands separators");
	money_bad("1.", "not an amount");
	money_bad(".5", "not an amount");
	money_bad("+1", "without a sign");
	money_bad("1 000", "not an amount");
	money_bad("0x10", "not an amount");
	money_bad("1000000000000", "too large");
	money_bad("", "not an amount");
	money_bad("NaN", "not an amount");
	money_bad("１２", "not an amount");	/* full-width digits */

	format_value(&b, FT_MONEY, 509000000, "", FORM_HUMAN);
	tap(strcmp(b.p, "5,090,000.00") == 0, "format 509000000 fen: %s", b.p);
	buf_truncate(&b, 0);
	format_value(&b, FT_MONEY, 60, "", FORM_HUMAN);
	tap(strcmp(b.p, "0.60") == 0, "format 60 fen: %s", b.p);
	buf_truncate(&b, 0);
	format_value(&b, FT_MONEY, -1, "", FORM_HUMAN);
	tap(strcmp(b.p, "-0.01") == 0, "format -1 fen: %s", b.p);
	buf_truncate(&b, 0);
	format_value(&b, FT_MONEY, 100000, "", FORM_HUMAN);
	tap(strcmp(b.p, "1,000.00") == 0, "format 100000 fen: %s", b.p);
	buf_truncate(&b, 0);
	format_value(&b, FT_DECIMAL, 3650, "", FORM_MACHINE);
	tap(strcmp(b.p, "36.5") == 0, "format decimal 3650: %s", b.p);
	buf_truncate(&b, 0);
	format_value(&b, FT_DECIMAL, 2700, "", FORM_MACHINE);
	tap(strcmp(b.p, "27") == 0, "format decimal 2700: %s", b.p);
	buf_truncate(&b, 0);
	format_value(&b, FT_DECIMAL, 1205, "", FORM_MACHINE);
	tap(strcmp(b.p, "12.05") == 0, "format decimal 1205: %s", b.p);
	format_is(FT_MONEY, 123456789, FORM_MACHINE, "1234567.89");
	format_is(FT_MONEY, -150, FORM_MACHINE, "-1.50");
	format_is(FT_DECIMAL, 18965040, FORM_HUMAN, "189,650.4");
	format_is(FT_DECIMAL, 18965040, FORM_MACHINE, "189650.4");
	format_is(FT_DECIMAL, 7000, FORM_HUMAN, "70");
	/* past 2^31 hundredths: the fraction is taken before narrowing */
	format_is(FT_DECIMAL, INT64_C(1380000000000), FORM_MACHINE,
	    "13800000000");
	format_is(FT_DECIMAL, INT64_C(99999999999999), FORM_HUMAN,
	    "999,999,999,999.99");
	format_is(FT_COUNT, 3449, FORM_HUMAN, "3,449");
	format_is(FT_COUNT, 3449, FORM_MACHINE, "3449");
	format_is(FT_DATE, days_from_civil(2026, 2, 28), FORM_HUMAN,
	    "2026-02-28");
	buf_free(&b);
}

static void
test_counts(void)
{
	int64_t	 n = -1;

	tap(parse_count("3449", &n, &msg) == NULL && n == 3449, "count 3449");
	tap(parse_count("0", &n, &msg) == NULL && n == 0, "count 0");
	tap(parse_count("-1", &n, &msg) != NULL, "count -1 rejected");
	tap(parse_count("1.5", &n, &msg) != NULL, "count 1.5 rejected");
	tap(parse_count("", &n, &msg) != NULL, "count '' rejected");
	tap(parse_count("99999999999999999999999", &n, &msg) != NULL,
	    "count with 23 digits rejected");
}

static void
date_ok(const char *s)
{
	struct buf	 b = { 0 };
	int64_t		 days = 0;
	const char	*why = parse_date(s, &days, &msg);

	if (why == NULL)
		format_date(&b, days);
	tap(why == NULL && strcmp(b.p, s) == 0, "date %s round-trips (%s)",
	    s, why ? why : b.p);
	buf_free(&b);
}

static void
date_bad(const char *s)
{
	int64_t	 days;

	tap(parse_date(s, &days, &msg) != NULL, "date '%s' rejected", s);
}

static void
test_dates(void)
{
	int64_t	 d1 = 0, d2 = 0;
	int	 y, m, d, errors = 0;
	int64_t	 z;

	date_ok("2024-02-29");		/* leap: divisible by 4 */
	date_ok("2000-02-29");		/* leap: divisible by 400 */
	date_ok("1970-01-01");
	date_ok("2026-12-31");
	date_ok("2026-10-31");
	date_bad("2026-02-29");
	date_bad("1900-02-29");		/* not leap: divisible by 100 */
	date_bad("2100-02-29");
	date_bad("2026-04-31");
	date_bad("2026-13-01");
	date_bad("2026-00-10");
	date_bad("2026-01-00");
	date_bad("2026-1-5");
	date_bad("2026/01/05");
	date_bad("20260105");
	date_bad("2026-01-05T00:00");
	date_bad(" 2026-01-05");
	date_bad("");

	parse_date("1970-01-01", &d1, &msg);
	tap(d1 == 0, "1970-01-01 is day 0");
	parse_date("2026-11-27", &d1, &msg);
	parse_date("2026-05-31", &d2, &msg);
	tap(d1 - d2 == 180, "2026-05-31 is 180 days before 2026-11-27 (%lld)",
	    (long long)(d1 - d2));
	parse_date("2025-01-01", &d1, &msg);
	parse_date("2024-01-01", &d2, &msg);
	tap(d1 - d2 == 366, "2024 has 366 days");

	/* Every day from 1900 to 2200 converts and comes back. */
	for (z = days_from_civil(1900, 1, 1); z < days_from_civil(2200, 1, 1);
	    z++) {
		civil_from_days(z, &y, &m, &d);
		if (days_from_civil(y, m, d) != z || d > days_in_month(y, m))
			errors++;
	}
	tap(errors == 0, "days <-> civil dates agree for 1900-2199 (%d errors)",
	    errors);
}

static const char *const shorts[] = { "12345", "110", NULL };

static void
phone(const char *s, int valid)
{
	const char *why = check_phone(s, shorts, &msg);

	tap((why == NULL) == valid, "phone '%s' %s%s%s", s,
	    valid ? "accepted" : "rejected", why ? ": " : "", why ? why : "");
}

static void
test_phones(void)
{
	phone("13800000000", 1);
	phone("19912345678", 1);
	phone("12800000000", 0);	/* 1 then 2: not a mobile prefix */
	phone("1380000000", 0);		/* 10 digits */
	phone("138000000000", 0);	/* 12 digits */
	phone("138-0000-0000", 0);
	phone("0531-88001234", 1);
	phone("0531-8800123", 1);	/* 7-digit local number */
	phone("010-12345678", 1);	/* 2-digit area code */
	phone("0531-880012345", 0);	/* 9-digit local number */
	phone("0531-880012", 0);
	phone("05310-88001234", 0);	/* 4-digit area code */
	phone("05-88001234", 0);	/* 1-digit area code */
	phone("053188001234", 0);
	phone("0531 88001234", 0);
	phone("(0531)88001234", 0);
	phone("0531-8800-1234", 0);
	phone("0531-88001234-801", 1);	/* schema 2: an extension */
	phone("0531-88001234-8", 1);
	phone("0531-88001234-123456", 1);
	phone("0531-88001234-1234567", 0);	/* 7-digit extension */
	phone("0531-88001234-", 0);
	phone("0531-88001234-80a", 0);
	phone("0531-88001234--801", 0);
	phone("0531-8800123-801", 1);
	phone("0531-880012-801", 0);	/* 6-digit local number */
	phone("400-123-4567", 1);
	phone("4001234567", 1);
	phone("400-1234567", 1);
	phone("800-123-4567", 1);
	phone("400-123-456", 0);	/* 9 digits */
	phone("400--1234567", 0);
	phone("400-1234567-", 0);
	phone("500-123-4567", 0);
	phone("12345", 1);
	phone("110", 1);
	phone("12399", 0);		/* not in short_numbers */
	phone("119", 0);		/* not in this test's list */
	phone("+8613800000000", 0);
	phone("电话", 0);
	phone("", 0);
	tap(check_phone("119", default_short_numbers, &msg) == NULL,
	    "119 is a default short number");
	tap(check_phone("96345", default_short_numbers, &msg) == NULL,
	    "96345 is a default short number");
	tap(strstr(check_phone("053188001234", shorts, &msg),
	    "0531-88001234") != NULL, "missing dash hint shows the form");
}

static const char uscc_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Every single-character substitution of a valid code must fail. */
static void
uscc_corruptions(const char *valid)
{
	char	 s[19];
	size_t	 i, j, accepted, tried;

	tap(check_uscc(valid, &msg) == NULL, "USCC %s is valid", valid);
	for (i = 0; i < 18; i++) {
		accepted = tried = 0;
		for (j = 0; uscc_charset[j] != '\0'; j++) {
			if (uscc_charset[j] == valid[i])
				continue;
			memcpy(s, valid, 19);
			s[i] = uscc_charset[j];
			tried++;
			if (check_uscc(s, &msg) == NULL)
				accepted++;
		}
		tap(accepted == 0 && tried == 30, "USCC %s: all %zu changes of "
		    "character %zu rejected (%zu accepted)", valid, tried, i + 1,
		    accepted);
	}
}

static void
test_uscc(void)
{
	const char *why;

	uscc_corruptions("91110000600037341L");	/* GB 32100-2015 example */
	uscc_corruptions("91370102000000000N");	/* SCHEMA.md fixture */
	tap(uscc_check_char("91110000600037341") == 'L', "check char of the "
	    "standard's example is L");
	why = check_uscc("91370102000000000n", &msg);
	tap(why && strstr(why, "capital") != NULL, "lower case: %s", why);
	why = check_uscc("9137010200000000N", &msg);
	tap(why && strstr(why, "18 characters") != NULL, "17 chars: %s", why);
	why = check_uscc("91370102000000000NX", &msg);
	tap(why && strstr(why, "18 characters") != NULL, "19 chars: %s", why);
	why = check_uscc("9137010200000000IN", &msg);
	tap(why && strstr(why, "no I, O, S, V, Z") != NULL, "letter I: %s", why);
	why = check_uscc("91370102000000000M", &msg);
	tap(why && strstr(why, "should be 'N'") != NULL, "wrong check: %s", why);
}

static void
test_ids_and_text(void)
{
	char	 long_id[70];

	tap(check_id("heping-xincun", &msg) == NULL, "id heping-xincun");
	tap(check_id("0a", &msg) == NULL, "id 0a");
	tap(check_id("a", &msg) == NULL, "id a");
	tap(check_id("-a", &msg) != NULL, "id -a rejected");
	tap(check_id("Heping", &msg) != NULL, "id Heping rejected");
	tap(check_id("he_ping", &msg) != NULL, "id he_ping rejected");
	tap(check_id("../etc", &msg) != NULL, "id ../etc rejected");
	tap(check_id("和平", &msg) != NULL, "id 和平 rejected");
	memset(long_id, 'a', 64);
	long_id[64] = '\0';
	tap(check_id(long_id, &msg) == NULL, "id of 64 characters");
	long_id[64] = 'a';
	long_id[65] = '\0';
	tap(check_id(long_id, &msg) != NULL, "id of 65 characters rejected");

	tap(check_text("和平新村\n第二行", false, &msg) == NULL, "text with newline");
	tap(check_text("a\tb", false, &msg) != NULL, "text with tab rejected");
	tap(check_text("a\tb", true, &msg) == NULL, "markdown with tab");
	tap(check_text("a\rb", true, &msg) != NULL, "markdown with CR rejected");
	tap(check_text("a\x7f", false, &msg) != NULL, "DEL rejected");
	tap(check_text("a\xc2\x85", false, &msg) != NULL, "U+0085 rejected");
	tap(check_text("a\xed\xa0\x80", false, &msg) != NULL,
	    "UTF-8 surrogate rejected");
	tap(check_text("a\xc0\xaf", false, &msg) != NULL,
	    "overlong UTF-8 rejected");
	tap(edit_distance("feez", "fees") == 1, "edit distance feez/fees");
	tap(edit_distance("", "abc") == 3, "edit distance ''/abc");
	/* Excel's cell limit counts characters: 华夏 is 2, not 6 or 4. */
	tap(utf8_count("华夏帝苑 A1", strlen("华夏帝苑 A1")) == 7, "utf8_count counts characters");
	tap(utf8_count("", 0) == 0, "utf8_count of nothing");
}

static void
period_ok(const char *s, const char *first, const char *last,
    const char *words)
{
	int64_t		 a = 0, b = 0;
	const char	*why = parse_period(s, &a, &b, &msg);
	struct buf	 t1 = { 0 }, t2 = { 0 }, t3 = { 0 };

	if (why == NULL) {
		format_date(&t1, a);
		format_date(&t2, b);
		format_period(&t3, s);
	}
	tap(why == NULL && strcmp(t1.p, first) == 0 && strcmp(t2.p, last) == 0 &&
	    strcmp(t3.p, words) == 0, "period '%s' is %s to %s, %s (%s %s %s)",
	    s, first, last, words, why ? why : t1.p, why ? "" : t2.p,
	    why ? "" : t3.p);
	buf_free(&t1);
	buf_free(&t2);
	buf_free(&t3);
}

static void
period_bad(const char *s)
{
	int64_t		 a, b;
	const char	*why = parse_period(s, &a, &b, &msg);

	tap(why != NULL && strstr(why, s) != NULL, "period '%s' rejected: %s",
	    s, why ? why : "(accepted)");
}

static void
test_schema2_types(void)
{
	int64_t		 v = -1;
	struct buf	 t = { 0 };

	period_ok("2025", "2025-01-01", "2025-12-31", "2025年度");
	period_ok("2024-H1", "2024-01-01", "2024-06-30", "2024年上半年");
	period_ok("2024-H2", "2024-07-01", "2024-12-31", "2024年下半年");
	period_ok("2026-Q3", "2026-07-01", "2026-09-30", "2026年第三季度");
	period_ok("2024-Q1", "2024-01-01", "2024-03-31", "2024年第一季度");
	period_ok("2024-02", "2024-02-01", "2024-02-29", "2024年2月");
	period_ok("2026-09", "2026-09-01", "2026-09-30", "2026年9月");
	period_ok("2026-01~2026-03", "2026-01-01", "2026-03-31",
	    "2026年1月至3月");
	period_ok("2025-11~2026-02", "2025-11-01", "2026-02-28",
	    "2025年11月至2026年2月");
	period_ok("2026-05~2026-05", "2026-05-01", "2026-05-31", "2026年5月");
	period_bad("2025-H3");
	period_bad("2025-Q0");
	period_bad("2025-Q5");
	period_bad("2025-13");
	period_bad("2025-00");
	period_bad("2026-03~2026-01");
	period_bad("25");
	period_bad("2025年");
	period_bad("2025-q1");
	period_bad("2025-1");
	period_bad("2026-01~2026-3");
	period_bad("2026-01-2026-03");
	period_bad("0999");
	format_period(&t, "2025年度上");
	tap(strcmp(t.p, "2025年度上") == 0, "free text is not a period: as it is");
	buf_free(&t);

	tap(parse_percent("92.5", &v, &msg) == NULL && v == 9250,
	    "percent 92.5 is 9250 hundredths");
	tap(parse_percent("100", &v, &msg) == NULL && v == 10000,
	    "percent 100 accepted");
	tap(parse_percent("0", &v, &msg) == NULL && v == 0, "percent 0 accepted");
	tap(parse_percent("100.01", &v, &msg) != NULL, "percent 100.01 rejected");
	tap(parse_percent("-5", &v, &msg) != NULL, "percent -5 rejected");
	tap(parse_percent("12.345", &v, &msg) != NULL,
	    "percent with 3 decimals rejected");
	tap(parse_percent("50%", &v, &msg) != NULL, "percent '50%%' rejected");
	format_is(FT_PERCENT, 9250, FORM_HUMAN, "92.5%");
	format_is(FT_PERCENT, 9250, FORM_MACHINE, "92.5");
	format_is(FT_PERCENT, 7907, FORM_HUMAN, "79.07%");

	tap(check_link("https://fund.example.cn/query?id=1", &msg) == NULL,
	    "url https accepted");
	tap(check_link("http://example.cn", &msg) == NULL, "url http accepted");
	tap(check_link("ftp://example.cn/", &msg) != NULL, "url ftp rejected");
	tap(check_link("javascript:alert(1)", &msg) != NULL,
	    "url javascript: rejected");
	tap(check_link("https://", &msg) != NULL, "url with no host rejected");
	tap(check_link("https:///path", &msg) != NULL,
	    "url with an empty host rejected");
	tap(check_link("https://a.cn/x y", &msg) != NULL,
	    "url with a space rejected");
	tap(check_link("https://a.cn/\"x", &msg) != NULL,
	    "url with a quote rejected");
	tap(check_link("https://a.cn/\x01", &msg) != NULL,
	    "url with a control character rejected");
	tap(check_link("//a.cn/", &msg) != NULL, "scheme-relative url rejected");
	buf_truncate(&t, 0);
	buf_puts(&t, "https://a.cn/");
	while (t.len < 2000)
		buf_putc(&t, 'x');
	tap(check_link(t.p, &msg) == NULL, "url of 2,000 characters accepted");
	buf_putc(&t, 'x');
	tap(check_link(t.p, &msg) != NULL, "url of 2,001 characters rejected");
	buf_free(&t);
}

int
main(void)
{
	test_money();
	test_counts();
	test_dates();
	test_phones();
	test_uscc();
	test_ids_and_text();
	test_schema2_types();
	buf_free(&msg);
	return 0;
}
