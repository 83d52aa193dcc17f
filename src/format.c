/*
 * Formatting values for output, in one place.  Each value type has two
 * forms: for people (money and quantities with thousands separators,
 * "1,234.50", "3,449", "9,800.5") and for machines (record.json, CSV,
 * `diff --json`: "1234.50", "3449", "9800.5").  Values stay typed until
 * here; nothing else turns a number into text.
 */
#include <stdio.h>
#include <string.h>

#include "scalar.h"
#include "format.h"
#include "gongshi.h"

/* "1234567" -> "1,234,567". */
static void
put_grouped(struct buf *b, int64_t n)
{
	char	 digits[32];
	int	 len, i;

	if (n < 0) {
		buf_putc(b, '-');
		n = -n;
	}
	len = snprintf(digits, sizeof(digits), "%lld", (long long)n);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf_putc(b, ',');
		buf_putc(b, digits[i]);
	}
}

/* The fraction of hundredths as a person writes it: ".5", ".05", "". */
static void
put_fraction(struct buf *b, int64_t hundredths)
{
	int	 f = (int)((hundredths < 0 ? -hundredths : hundredths) % 100);

	if (f == 0)
		return;
	if (f % 10 == 0)
		buf_printf(b, ".%d", f / 10);
	else
		buf_printf(b, ".%02d", f);
}

/*
 * A value of type type (n typed, s as written) in the given form.  An
 * absent value (s NULL) writes nothing.
 */
void
format_value(struct buf *b, enum ftype type, int64_t n, const char *s,
    enum form form)
{
	if (s == NULL)
		return;
	if (s == gs_undisclosed) {	/* never 0.00: it was not said */
		buf_puts(b, s);
		return;
	}
	switch (type) {
	case FT_MONEY:
		if (n < 0) {	/* a remainder may be negative */
			buf_putc(b, '-');
			n = -n;
		}
		if (form == FORM_HUMAN)
			put_grouped(b, n / 100);
		else
			buf_printf(b, "%lld", (long long)(n / 100));
		buf_printf(b, ".%02d", (int)(n % 100));
		break;
	case FT_DECIMAL:
		if (form == FORM_HUMAN)
			put_grouped(b, n / 100);
		else
			buf_printf(b, "%lld", (long long)(n / 100));
		put_fraction(b, n);
		break;
	case FT_PERCENT:
		buf_printf(b, "%lld", (long long)(n / 100));
		put_fraction(b, n);
		if (form == FORM_HUMAN)
			buf_putc(b, '%');
		break;
	case FT_PERIOD:
		if (form == FORM_HUMAN)
			format_period(b, s);
		else
			buf_puts(b, s);
		break;
	case FT_COUNT:
		if (form == FORM_HUMAN)
			put_grouped(b, n);
		else
			buf_printf(b, "%lld", (long long)n);
		break;
	case FT_DATE:
		format_date(b, n);
		break;
	default:
		buf_puts(b, s);
		break;
	}
}

void
format_date(struct buf *b, int64_t days)
{
	int	 y, m, d;

	civil_from_days(days, &y, &m, &d);
	buf_printf(b, "%04d-%02d-%02d", y, m, d);
}

/*
 * A period as people read it: "2025年度", "2025年上半年", "2026年第三季度",
 * "2026年9月", "2026年1月至3月", "2025年11月至2026年2月".  Text that is not a
 * period (schema 1's free text) is written as it is.
 */
void
format_period(struct buf *b, const char *s)
{
	static const char *const quarter[] = { "一", "二", "三", "四" };
	struct buf	 msg = { 0 };
	int64_t		 first, last;
	int		 y1, m1, d1, y2, m2, d2;
	size_t		 n = strlen(s);

	if (parse_period(s, &first, &last, &msg) != NULL) {
		buf_free(&msg);
		buf_puts(b, s);
		return;
	}
	buf_free(&msg);
	civil_from_days(first, &y1, &m1, &d1);
	civil_from_days(last, &y2, &m2, &d2);
	if (n == 4)
		buf_printf(b, "%d年度", y1);
	else if (s[5] == 'H')
		buf_printf(b, "%d年%s半年", y1, s[6] == '1' ? "上" : "下");
	else if (s[5] == 'Q')
		buf_printf(b, "%d年第%s季度", y1, quarter[s[6] - '1']);
	else if (n == 7 || (y1 == y2 && m1 == m2))
		buf_printf(b, "%d年%d月", y1, m1);
	else if (y1 == y2)
		buf_printf(b, "%d年%d月至%d月", y1, m1, m2);
	else
		buf_printf(b, "%d年%d月至%d年%d月", y1, m1, y2, m2);
}

/*
 * part of whole as a percentage with two decimals, rounded half up, as
 * votes and complaints are shown: "79.07%".  Nothing when whole is 0.
 */
void
format_share(struct buf *b, int64_t part, int64_t whole)
{
	int64_t	 h;

	if (whole <= 0)
		return;
	h = (part * 20000 + whole) / (2 * whole);
	buf_printf(b, "%lld.%02lld%%", (long long)(h / 100),
	    (long long)(h % 100));
}

/*
 * A contract's kind as readers expect it: 前期物业服务合同 or
 * 物业服务合同（业主共同决定选聘）; 未公示 or NULL as it is.
 */
const char *
contract_kind_words(const struct gs_val *kind)
{
	if (!GS_HAS(kind))
		return kind->s;
	return kind->n == GS_PRELIMINARY ? "前期物业服务合同" :
	    "物业服务合同（业主共同决定选聘）";
}

/* A date in words, as boards print it: "2024年7月1日". */
void
format_date_words(struct buf *b, int64_t days)
{
	int	 y, m, d;

	civil_from_days(days, &y, &m, &d);
	buf_printf(b, "%d年%d月%d日", y, m, d);
}

/*
 * A response commitment as one sentence: "20分钟内响应，30分钟内提出处理
 * 方案".  The site and the boards both show it; nothing is written when
 * the commitment gives no time.
 */
void
format_commitment(struct buf *b, const struct gs_commitment *k)
{
	const struct {
		const struct gs_val *v;
		const char	*what;
	} parts[] = {
		{ &k->respond_min, "分钟内响应" },
		{ &k->plan_min, "分钟内提出处理方案" },
		{ &k->written_h, "小时内书面答复" },
		{ &k->solve_d, "天内解决" },
	};
	size_t	 i, start = b->len;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (parts[i].v->s == NULL)
			continue;
		if (b->len > start)
			buf_puts(b, "，");
		buf_printf(b, "%lld%s", (long long)parts[i].v->n,
		    parts[i].what);
	}
}
