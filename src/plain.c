/*
 * Changes in plain words: what residents read on the site and in the
 * feeds.  Each field-level change (diff.c) becomes one Chinese sentence
 * with its units and dates: 物业服务费由每月每平方米0.30元调整为0.35元，
 * 2027年1月1日起执行.  The typed change stays what tools read
 * (`diff --json`); this is only its wording.
 */
#include <string.h>

#include "format.h"
#include "gongshi.h"
#include "plain.h"
#include "scalar.h"

/* A scalar of a list element by its key, or NULL (absent or no key). */
static const struct gs_val *
elem_val(const struct schema *sc, const void *e, const char *key)
{
	const struct field *f;
	const struct gs_val *v;

	if (sc == NULL || e == NULL)
		return NULL;
	for (f = sc->fields; f->key != NULL; f++)
		if (strcmp(f->key, key) == 0 && f->type != FT_STRUCT &&
		    f->type != FT_LIST && f->type != FT_VLIST) {
			v = (const struct gs_val *)((const char *)e + f->off);
			return v->s != NULL ? v : NULL;
		}
	return NULL;
}

const char *
record_title(const struct change *ch)
{
	static const struct {
		const char	*prefix;
		const char	*title;
	} files[] = {
		{ "content/site.yaml", "网站设置" },
		{ "content/areas.yaml", "区划和属地物业管理办公室" },
		{ "content/departments.yaml", "监管部门及投诉电话" },
		{ "content/parties.yaml", "发布单位" },
		{ "content/pages/", "说明页面" },
		{ "content/files/", "公告附件" },
	};
	size_t	 i;

	if (strchr(ch->record, '/') == NULL)
		return ch->record_name;		/* a compound */
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (strncmp(ch->record, files[i].prefix,
		    strlen(files[i].prefix)) == 0)
			return files[i].title;
	return ch->record;
}

/* A value as a sentence says it: dates 2026年9月30日, money with 元. */
static void
put_value(struct buf *out, const struct change_value *v)
{
	if (v->s == gs_undisclosed) {
		buf_puts(out, "未公示");
		return;
	}
	switch (v->type) {
	case FT_DATE:
		format_date_words(out, v->n);
		break;
	case FT_MONEY:
		format_value(out, v->type, v->n, v->s, FORM_HUMAN);
		buf_puts(out, "元");
		break;
	default:
		format_value(out, v->type, v->n, v->s, FORM_HUMAN);
		break;
	}
}

/*
 * A label path as words: "专项维修资金 · 账面余额" is 专项维修资金的账面余额,
 * "业主组织 · 任期 · 截止日期" 业主组织任期的截止日期.
 */
static void
put_label(struct buf *out, const char *what)
{
	static const char sep[] = " · ";
	const char	*p, *last = NULL;

	for (p = what; (p = strstr(p, sep)) != NULL; p += sizeof(sep) - 1)
		last = p;
	for (p = what; *p != '\0'; ) {
		if (strncmp(p, sep, sizeof(sep) - 1) == 0) {
			if (p == last)
				buf_puts(out, "的");
			p += sizeof(sep) - 1;
			continue;
		}
		buf_putc(out, *p++);
	}
}

/*
 * A department id (a compound's supervision entry) as residents know
 * it: the department's name, or the id where the content has none.
 */
static const char *
department_name(const struct gs_content *ct, const char *id)
{
	size_t	 i;

	for (i = 0; ct != NULL && i < ct->departments.n; i++) {
		const struct gs_department *d = GS_AT(ct->departments,
		    struct gs_department, i);

		if (d->id.s != NULL && d->name.s != NULL &&
		    strcmp(d->id.s, id) == 0)
			return d->name.s;
	}
	return id;
}

/*
 * A list element's key in words (dates 2026年11月18日): its key fields,
 * or the scalar that stands for it.
 */
static void
put_key(struct buf *out, const struct schema *sc, const void *e,
    const struct gs_content *ct)
{
	const struct field *f;
	const struct gs_val *v;
	struct change_value cv;
	unsigned	 i;
	size_t		 start = out->len;

	if (sc->scalar != NULL && (v = (const struct gs_val *)
	    ((const char *)e + sc->scalar->off))->s != NULL) {
		buf_puts(out, sc->scalar->type == FT_ID ?
		    department_name(ct, v->s) : v->s);
		return;
	}
	for (i = 0, f = sc->fields; f->key != NULL && i < (sc->nkey ?
	    sc->nkey : 1); f++, i++) {
		v = (const struct gs_val *)((const char *)e + f->off);
		if (v->s == NULL)
			continue;
		if (out->len > start)
			buf_putc(out, ' ');
		cv.type = f->type;
		cv.s = v->s;
		cv.n = v->n;
		put_value(out, &cv);
	}
}

/*
 * ch's label in words: the element's key said with put_key where the
 * label names it, then put_label.  With bare, only the list's label
 * (what comes before the key), for a sentence that names the key
 * itself.
 */
static void
put_what(struct buf *out, const struct change *ch, int bare,
    const struct gs_content *ct)
{
	struct buf	 t = { 0 }, key = { 0 };
	const char	*at = NULL;
	const void	*e = ch->elem_new ? ch->elem_new : ch->elem_old;

	if (ch->elem != NULL && e != NULL && ch->elem_name != NULL) {
		buf_printf(&key, "「%s」", ch->elem_name);
		at = strstr(ch->what, key.p);
	}
	if (at == NULL) {
		put_label(out, ch->what);
		buf_free(&key);
		return;
	}
	buf_put(&t, "", 0);	/* a string even when empty */
	buf_put(&t, ch->what, (size_t)(at - ch->what));
	if (!bare) {
		buf_puts(&t, "「");
		put_key(&t, ch->elem, e, ct);
		buf_puts(&t, "」");
		buf_puts(&t, at + key.len);
	}
	put_label(out, t.p);
	buf_free(&t);
	buf_free(&key);
}

/*
 * A fee's amount with its unit as one says it: "元/平方米·月" and 0.30
 * read 每月每平方米0.30元, "元/次" 每次15.00元.  A unit that is not of
 * that shape follows the amount as it is written.
 */
static int
per_unit(const struct gs_val *unit)
{
	const char	*u = unit ? unit->s : NULL;

	return u != NULL && strncmp(u, "元/", 4) == 0 && u[4] != '\0' &&
	    strstr(u, "（") == NULL && strchr(u, '(') == NULL;
}

static void
put_fee(struct buf *out, const struct change_value *amount,
    const struct gs_val *unit)
{
	const char	*u = unit ? unit->s : NULL, *dot;
	size_t		 n;

	if (amount->s == gs_undisclosed) {
		buf_puts(out, "未公示");
		return;
	}
	if (!per_unit(unit)) {
		format_value(out, FT_MONEY, amount->n, amount->s, FORM_HUMAN);
		buf_puts(out, u ? u : "元");
		return;
	}
	u += 4;
	if ((dot = strstr(u, "·")) != NULL && dot[2] != '\0') {
		buf_printf(out, "每%s", dot + 2);
		n = (size_t)(dot - u);
	} else
		n = strlen(u);
	buf_printf(out, "每%.*s", (int)n, u);
	format_value(out, FT_MONEY, amount->n, amount->s, FORM_HUMAN);
	buf_puts(out, "元");
}

/* A fee's name: its item, and what it applies to when it says. */
static void
put_fee_name(struct buf *out, const struct change *ch, const void *e)
{
	const struct gs_val *item = elem_val(ch->elem, e, "item");
	const struct gs_val *to = elem_val(ch->elem, e, "applies_to");

	buf_puts(out, item ? item->s : ch->elem_name);
	if (to != NULL)
		buf_printf(out, "（%s）", to->s);
}

/* Whether ch is inside a fee (an element with an amount and a unit). */
static int
in_fee(const struct change *ch)
{
	const struct field *f;
	int	 unit = 0, item = 0;

	if (ch->elem == NULL)
		return 0;
	for (f = ch->elem->fields; f->key != NULL; f++) {
		unit |= strcmp(f->key, "unit") == 0;
		item |= strcmp(f->key, "item") == 0;
	}
	return unit && item;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Whether v[0..n) holds a change at the element path of ch + key. */
static int
sibling_changed(const struct change *v, size_t n, const struct change *ch,
    const char *key)
{
	const char	*dot = strrchr(ch->path, '.');
	size_t		 i, len = dot ? (size_t)(dot - ch->path) : 0;

	for (i = 0; dot != NULL && i < n; i++)
		if (v[i].kind == CH_CHANGED &&
		    strcmp(v[i].record, ch->record) == 0 &&
		    strncmp(v[i].path, ch->path, len) == 0 &&
		    v[i].path[len] == '.' && strcmp(v[i].path + len + 1,
		    key) == 0)
			return 1;
	return 0;
}

static int
strip_end(struct buf *b, size_t from, const char *tail)
{
	size_t	 n = strlen(tail);

	if (b->len - from < n || memcmp(b->p + b->len - n, tail, n) != 0)
		return 0;
	buf_truncate(b, b->len - n);
	return 1;
}

/*
 * A personal phone, sealed in the public record (contacts.c): 项目负责人
 * 的联系电话已更新, never the number, old or new.
 */
static void
phone_sentence(struct buf *out, const struct change *ch,
    const struct gs_content *ct)
{
	size_t	 mark = out->len;

	if (ch->old.s == NULL)
		buf_puts(out, "补充");
	else if (ch->new.s == NULL)
		buf_puts(out, "删除");
	put_what(out, ch, 0, ct);
	/* "…的联系电话" loses its own ending, in this order. */
	if (strip_end(out, mark, "电话")) {
		(void)strip_end(out, mark, "联系");
		(void)strip_end(out, mark, "的");
	}
	buf_puts(out, ch->old.s != NULL && ch->new.s != NULL ?
	    "的联系电话已更新" : "的联系电话");
}

/* 物业服务费由每月每平方米0.30元调整为0.35元，2027年1月1日起执行 */
static void
fee_amount(struct buf *out, const struct change *ch)
{
	const struct gs_val *old_unit = elem_val(ch->elem, ch->elem_old,
	    "unit");
	const struct gs_val *unit = elem_val(ch->elem, ch->elem_new, "unit");
	const struct gs_val *since = elem_val(ch->elem, ch->elem_new, "since");

	put_fee_name(out, ch, ch->elem_new);
	if (ch->old.s == NULL || ch->new.s == NULL ||
	    ch->new.s == gs_undisclosed || (old_unit && unit &&
	    strcmp(old_unit->s, unit->s) != 0)) {
		buf_puts(out, "收费标准");
		buf_puts(out, ch->old.s ? "由" : "为");
		if (ch->old.s)
			put_fee(out, &ch->old, old_unit);
		if (ch->old.s && ch->new.s)
			buf_puts(out, "调整为");
		if (ch->new.s)
			put_fee(out, &ch->new, unit);
		else
			buf_puts(out, "，不再公示");
	} else {
		buf_puts(out, "由");
		put_fee(out, &ch->old, unit);
		buf_puts(out, "调整为");
		if (per_unit(unit)) {	/* the unit was said before */
			format_value(out, FT_MONEY, ch->new.n, ch->new.s,
			    FORM_HUMAN);
			buf_puts(out, "元");
		} else
			put_fee(out, &ch->new, unit);
	}
	/* The date as the record has it: an amount changed under an old
	 * date is what was published (and what `check` warned of). */
	if (since != NULL && since->s != gs_undisclosed && ch->new.s != NULL &&
	    ch->new.s != gs_undisclosed) {
		buf_puts(out, "，");
		format_date_words(out, since->n);
		buf_puts(out, "起执行");
	}
}

/* 新增收费项目「机动车停车服务费」：每月每辆80.00元，2026年1月1日起执行 */
static void
fee_added(struct buf *out, const struct change *ch)
{
	const struct gs_val *amount = elem_val(ch->elem, ch->elem_new,
	    "amount");
	const struct gs_val *since = elem_val(ch->elem, ch->elem_new, "since");
	struct change_value cv;

	buf_puts(out, "新增收费项目「");
	put_fee_name(out, ch, ch->elem_new);
	buf_puts(out, "」");
	if (amount == NULL)
		return;
	cv.type = FT_MONEY;
	cv.s = amount->s;
	cv.n = amount->n;
	buf_puts(out, "：");
	put_fee(out, &cv, elem_val(ch->elem, ch->elem_new, "unit"));
	if (since != NULL && since->s != gs_undisclosed) {
		buf_puts(out, "，");
		format_date_words(out, since->n);
		buf_puts(out, "起执行");
	}
}

static int	 sentence(struct buf *, const struct change *, size_t,
	    size_t, const struct gs_content *);

/*
 * A name taken back (gongshi forget) is not repeated from the history:
 * each of its occurrences in the sentence from mark on is replaced.
 */
static void
mask_forgotten(struct buf *out, size_t mark, const struct gs_content *ct)
{
	static const char gone[] = "（已删除的姓名）";
	struct buf	 t = { 0 };
	const char	*p, *hit, *best;
	size_t		 k, len, blen = 0;

	if (ct == NULL || ct->nforgotten == 0)
		return;
	buf_put(&t, "", 0);
	for (p = out->p + mark; *p != '\0'; ) {
		for (best = NULL, k = 0; k < ct->nforgotten; k++) {
			len = strlen(ct->forgotten[k]);
			hit = strstr(p, ct->forgotten[k]);
			if (len > 0 && hit != NULL && (best == NULL ||
			    hit < best || (hit == best && len > blen)))
				best = hit, blen = len;
		}
		if (best == NULL) {
			buf_puts(&t, p);
			break;
		}
		buf_put(&t, p, (size_t)(best - p));
		buf_puts(&t, gone);
		p = best + blen;
	}
	buf_truncate(out, mark);
	buf_puts(out, t.p);
	buf_free(&t);
}

int
change_sentence(struct buf *out, const struct change *v, size_t n, size_t i,
    const struct gs_content *ct)
{
	size_t	 mark = out->len;
	int	 rc;

	buf_put(out, "", 0);	/* a NUL past the end */
	if ((rc = sentence(out, v, n, i, ct)) != 0)
		mask_forgotten(out, mark, ct);
	return rc;
}

static int
sentence(struct buf *out, const struct change *v, size_t n, size_t i,
    const struct gs_content *ct)
{
	const struct change *ch = &v[i];
	int	 element = ends_with(ch->path, "]");

	if (*ch->path == '\0' && (strncmp(ch->record, "content/pages/", 14) ==
	    0 || strncmp(ch->record, "content/files/", 14) == 0)) {
		buf_printf(out, ch->kind == CH_ADDED ? "新增「%s」" :
		    ch->kind == CH_REMOVED ? "删除「%s」" : "「%s」有更新",
		    strrchr(ch->record, '/') + 1);
		return 1;
	}
	if (*ch->path == '\0' &&
	    strcmp(ch->record, "content/parties.yaml") == 0) {
		/* Not a disclosure of its own: what it starts or ends. */
		buf_puts(out, ch->kind == CH_ADDED ?
		    "公布发布单位名单，此后各单位的公示须签名发布" :
		    ch->kind == CH_REMOVED ?
		    "撤下发布单位名单，此后的公示不再核验签名" :
		    "发布单位名单有更新");
		return 1;
	}
	if (*ch->path == '\0') {	/* the whole record */
		buf_puts(out, ch->kind == CH_ADDED ? "首次公示" :
		    ch->kind == CH_REMOVED ? "撤下公示" : "公示内容有更新");
		return 1;
	}
	if (strcmp(ch->path, "data_as_of") == 0 && ch->new.s != NULL &&
	    ch->new.type == FT_DATE) {
		buf_puts(out, "数据更新至");
		put_value(out, &ch->new);
		return 1;
	}
	if (in_fee(ch) && ch->kind == CH_CHANGED &&
	    ends_with(ch->path, "].since") &&
	    sibling_changed(v, n, ch, "amount"))
		return 0;	/* said with the amount */
	if (in_fee(ch) && ch->kind == CH_CHANGED &&
	    ends_with(ch->path, "].amount")) {
		fee_amount(out, ch);
		return 1;
	}
	if (in_fee(ch) && ch->kind == CH_ADDED && element) {
		fee_added(out, ch);
		return 1;
	}
	if ((ch->kind == CH_ADDED || ch->kind == CH_REMOVED) && element &&
	    elem_val(ch->elem, ch->kind == CH_ADDED ? ch->elem_new :
	    ch->elem_old, "title") != NULL) {	/* a notice, a document */
		buf_puts(out, ch->kind == CH_ADDED ? "发布" : "撤下");
		put_what(out, ch, 1, ct);
		buf_printf(out, "「%s」", elem_val(ch->elem, ch->kind ==
		    CH_ADDED ? ch->elem_new : ch->elem_old, "title")->s);
		return 1;
	}
	if (ch->kind == CH_ADDED || ch->kind == CH_REMOVED) {
		buf_puts(out, ch->kind == CH_ADDED ? "新增" : "删除");
		put_what(out, ch, 0, ct);
		if (!element) {	/* one value of a list: an alias, a duty */
			buf_puts(out, "「");
			put_value(out, ch->kind == CH_ADDED ? &ch->new :
			    &ch->old);
			buf_puts(out, "」");
		}
		return 1;
	}
	if ((ch->old.type == FT_PHONE || ch->new.type == FT_PHONE) &&
	    ((ch->old.s != NULL && is_seal(ch->old.s)) ||
	    (ch->new.s != NULL && is_seal(ch->new.s)))) {
		/* A personal phone: that it changed, never the number. */
		phone_sentence(out, ch, ct);
		return 1;
	}
	if (ch->old.type == FT_MARKDOWN || ch->new.type == FT_MARKDOWN) {
		put_what(out, ch, 0, ct);
		buf_puts(out, ch->old.s == NULL ? "已发布" : ch->new.s == NULL ?
		    "已撤下" : "有更新");
		return 1;
	}
	if (ch->old.s == NULL) {
		buf_puts(out, "补充");
		put_what(out, ch, 0, ct);
		buf_puts(out, "：");
		put_value(out, &ch->new);
	} else if (ch->new.s == NULL) {
		buf_puts(out, "删除");
		put_what(out, ch, 0, ct);
		buf_puts(out, "（原为");
		put_value(out, &ch->old);
		buf_puts(out, "）");
	} else {
		put_what(out, ch, 0, ct);
		buf_puts(out, "由");
		put_value(out, &ch->old);
		buf_puts(out, "改为");
		put_value(out, &ch->new);
	}
	return 1;
}

void
changes_plain(const struct change *v, size_t n, struct buf *out,
    const char *indent, const struct gs_content *ct)
{
	size_t	 i, mark;

	for (i = 0; i < n; i++) {
		mark = out->len;
		buf_printf(out, "%s%s：", indent, record_title(&v[i]));
		if (change_sentence(out, v, n, i, ct))
			buf_putc(out, '\n');
		else
			buf_truncate(out, mark);
	}
}
