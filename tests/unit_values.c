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
	buf_free(&msg);
	return 0;
}
