/*
 * Search that forgives.  The index the search box downloads carries,
 * besides one row per compound, two small tables made for this city
 * alone at build time:
 *
 *   fold  traditional (and Taiwan, Hong Kong variant) characters that
 *         OpenCC turns into a character of the site's names, addresses
 *         or providers, as pairs; the script folds both the query and
 *         the names through it, so 華黎 finds 华黎.  Shipping the pairs
 *         rather than a traditional copy of every row keeps the index
 *         small: a city of 10,000 compounds uses a few thousand
 *         characters, and only those with another form are listed.
 *   py    every reading of each character of the names and aliases,
 *         most common first, from Rime's pinyin_simp dictionary
 *         (Debian's rime-data-pinyin-simp), so heping and hpxc find
 *         和平新村 whichever reading of a polyphonic character the
 *         reader has in mind.
 *
 * Both tables are computed from installed data and the content alone,
 * in a fixed order, so the same content and the same packages give the
 * same bytes.  Without either package the index has an empty table and
 * search still finds exact text.
 *
 * The listing under names/ groups the compounds by the pinyin initial
 * of their name (by district when there is no pinyin data), one page a
 * group, for readers without JavaScript: the search form submits there.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opencc/opencc.h>

#include "content.h"
#include "escape.h"
#include "gongshi.h"
#include "history.h"
#include "i18n.h"
#include "output.h"
#include "scalar.h"
#include "search.h"
#include "site.h"
#include "template.h"
#include "view.h"

#ifndef PINYIN_DICT
#define PINYIN_DICT "/usr/share/rime-data/pinyin_simp.dict.yaml"
#endif
#define PINYIN_MAX	(32 * 1024 * 1024)	/* the file is 1.2 MB */
#define CODE_MAX	6			/* zhuang, chuang */
#define NCP		0x110000

struct reading {
	uint32_t	 cp;
	unsigned long	 weight;
	char		 code[CODE_MAX + 1];
};

struct fold {
	unsigned char	*names;		/* bitmap: characters of names */
	unsigned char	*all;		/* bitmap: of every searched field */
	struct reading	*py;		/* by cp, most common reading first */
	size_t		 npy, cappy;
	uint32_t	*ts;		/* pairs: traditional, simplified */
	size_t		 nts, capts;	/* (pairs, not elements) */
	int		 have_pinyin;
};

struct entry {			/* a compound in the listing */
	size_t		 i;	/* index in content->compounds */
	size_t		 rank;	/* the group's place among groups */
	const char	*group;	/* url slug: a-z, "other", or a code */
	const char	*label;	/* shown: A-Z, 其他, or a district */
	const char	*key;	/* full pinyin, for the order */
};


/* ---- the dictionary ---- */

static int
is_letters(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return n > 0;
}

/* One line "text TAB code [TAB weight]", without its newline. */
static int
pinyin_line(const char *s, size_t n, pinyin_fn fn, void *arg, long *count)
{
	const char	*tab, *code, *end = s + n, *w;
	unsigned long	 weight = 0;
	uint32_t	 cp;
	size_t		 len, clen;

	if ((tab = memchr(s, '\t', n)) == NULL)
		return 0;
	len = utf8_len((const unsigned char *)s, (size_t)(tab - s), &cp);
	if (len == 0 || len != (size_t)(tab - s) || cp < 0x80)
		return 0;	/* a phrase, or not one character */
	code = tab + 1;
	w = memchr(code, '\t', (size_t)(end - code));
	clen = (size_t)((w != NULL ? w : end) - code);
	if (clen > CODE_MAX || !is_letters(code, clen))
		return 0;
	for (w = w != NULL ? w + 1 : end; w < end && *w >= '0' && *w <= '9';
	    w++)
		if (weight < 1000000000UL)
			weight = weight * 10 + (unsigned long)(*w - '0');
	if (fn(arg, cp, code, clen, weight) == -1)
		return -1;
	(*count)++;
	return 0;
}

long
pinyin_parse(const char *p, size_t n, pinyin_fn fn, void *arg)
{
	const char	*end = p + n, *nl;
	size_t		 len;
	long		 count = 0;
	int		 header = 0;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		len = (size_t)(nl - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len == 3 && memcmp(p, "---", 3) == 0)
			header = 1;
		else if (len == 3 && memcmp(p, "...", 3) == 0)
			header = 0;
		else if (!header && len > 0 && p[0] != '#' &&
		    pinyin_line(p, len, fn, arg, &count) == -1)
			return -1;
		if (nl == end)
			break;
	}
	return count;
}


/* ---- the tables ---- */

static int
has(const unsigned char *bits, uint32_t cp)
{
	return cp < NCP && (bits[cp >> 3] & (1u << (cp & 7))) != 0;
}

static void
set(unsigned char *bits, uint32_t cp)
{
	bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
}

static void
mark(unsigned char *bits, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t	 n = s != NULL ? strlen(s) : 0, len;
	uint32_t cp;

	for (; n > 0; p += len, n -= len) {
		if ((len = utf8_len(p, n, &cp)) == 0)
			len = 1;
		else if (cp >= 0x80)
			set(bits, cp);
	}
}

static void
mark_names(unsigned char *bits, const struct gs_compound *cp)
{
	size_t	 j;

	mark(bits, cp->name.s);
	for (j = 0; j < cp->aliases.n; j++)
		mark(bits, GS_AT(cp->aliases, struct gs_val, j)->s);
}

static int
take_reading(void *arg, uint32_t cp, const char *code, size_t len,
    unsigned long weight)
{
	struct fold	*f = arg;
	struct reading	*r;

	if (!has(f->names, cp))
		return 0;
	if (f->npy == f->cappy) {
		f->cappy = f->cappy ? f->cappy * 2 : 256;
		f->py = xrealloc(f->py, f->cappy * sizeof(*f->py));
	}
	r = &f->py[f->npy++];
	memset(r, 0, sizeof(*r));
	r->cp = cp;
	r->weight = weight;
	memcpy(r->code, code, len);
	return 0;
}

static int
cmp_reading(const void *pa, const void *pb)
{
	const struct reading *a = pa, *b = pb;

	if (a->cp != b->cp)
		return a->cp < b->cp ? -1 : 1;
	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return strcmp(a->code, b->code);
}

/* Reads the dictionary; a missing one is said once and leaves no table. */
static void
load_pinyin(struct ctx *c, struct fold *f)
{
	FILE		*fp;
	struct buf	 text = { 0 };
	char		 chunk[65536];
	size_t		 n, i, j;

	if ((fp = fopen(PINYIN_DICT, "rb")) == NULL) {
		diag_add(&c->diags, NULL, 0, 0, SEV_WARNING, _("%s: %s; "
		    "search will not find names by pinyin (install "
		    "rime-data-pinyin-simp)"), PINYIN_DICT, strerror(errno));
		return;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0 &&
	    text.len + n <= PINYIN_MAX)
		buf_put(&text, chunk, n);
	if (ferror(fp) || n > 0) {
		diag_add(&c->diags, NULL, 0, 0, SEV_WARNING, _("%s cannot be "
		    "read whole; search will not find names by pinyin"),
		    PINYIN_DICT);
		fclose(fp);
		buf_free(&text);
		return;
	}
	fclose(fp);
	pinyin_parse(text.p ? text.p : "", text.len, take_reading, f);
	buf_free(&text);
	qsort(f->py, f->npy, sizeof(*f->py), cmp_reading);
	for (i = j = 0; i < f->npy; i++)	/* one of each reading */
		if (j == 0 || f->py[j - 1].cp != f->py[i].cp ||
		    strcmp(f->py[j - 1].code, f->py[i].code) != 0)
			f->py[j++] = f->py[i];
	f->npy = j;
	f->have_pinyin = f->npy > 0;
}

static size_t
put_utf8(char *s, uint32_t cp)
{
	if (cp < 0x80) {
		s[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	s[0] = (char)(0xF0 | (cp >> 18));
	s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	s[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static void
take_pair(struct fold *f, uint32_t t, uint32_t s)
{
	if (f->nts == f->capts) {
		f->capts = f->capts ? f->capts * 2 : 256;
		f->ts = xrealloc(f->ts, f->capts * 2 * sizeof(*f->ts));
	}
	f->ts[2 * f->nts] = t;
	f->ts[2 * f->nts + 1] = s;
	f->nts++;
}

static int
cmp_pair(const void *pa, const void *pb)
{
	const uint32_t *a = pa, *b = pb;

	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	return a[1] < b[1] ? -1 : a[1] > b[1];
}

/*
 * Every CJK character of the Basic Multilingual Plane through OpenCC's
 * traditional-to-simplified conversions: the pairs that touch a
 * character of the site are kept.  This is all of OpenCC's
 * single-character knowledge (phrases need no folding: the script
 * compares character by character).  The characters go to OpenCC in
 * one text a conversion, a line each: no dictionary entry holds a line
 * break, so no phrase spans two, and each line converts as the
 * character alone would.  One call for 28,000 characters takes a tenth
 * of the time of 28,000 calls (9 ms, not 90, a build).
 */
static void
load_opencc(struct ctx *c, struct fold *f)
{
	static const char *const configs[] = { "t2s.json", "tw2s.json",
		"hk2s.json" };
	static const uint32_t ranges[][2] = { { 0x3400, 0x4DBF },
		{ 0x4E00, 0x9FFF }, { 0xF900, 0xFAFF } };
	struct buf	 in = { 0 };
	opencc_t	 o;
	char		 one[4], *out;
	const char	*p, *nl;
	size_t		 i, k, olen, j;
	uint32_t	 t, s;
	int		 opened = 0;

	for (k = 0; k < sizeof(ranges) / sizeof(ranges[0]); k++)
		for (t = ranges[k][0]; t <= ranges[k][1]; t++) {
			buf_put(&in, one, put_utf8(one, t));
			buf_putc(&in, '\n');
		}
	for (i = 0; i < sizeof(configs) / sizeof(configs[0]); i++) {
		if ((o = opencc_open(configs[i])) == (opencc_t)-1)
			continue;
		opened = 1;
		if ((out = opencc_convert_utf8(o, in.p, in.len)) == NULL) {
			opencc_close(o);
			continue;
		}
		p = out;
		for (k = 0; k < sizeof(ranges) / sizeof(ranges[0]); k++)
			for (t = ranges[k][0]; t <= ranges[k][1]; t++) {
				if ((nl = strchr(p, '\n')) == NULL)
					break;
				olen = (size_t)(nl - p);
				if (olen > 0 && utf8_len((const unsigned char *)p,
				    olen, &s) == olen && s != t &&
				    (has(f->all, s) || has(f->all, t)))
					take_pair(f, t, s);
				p = nl + 1;
			}
		opencc_convert_utf8_free(out);
		opencc_close(o);
	}
	buf_free(&in);
	if (!opened)
		diag_add(&c->diags, NULL, 0, 0, SEV_WARNING, "%s", _("OpenCC's "
		    "data cannot be opened; search will not find names "
		    "written in traditional characters (install "
		    "libopencc-data)"));
	qsort(f->ts, f->nts, 2 * sizeof(*f->ts), cmp_pair);
	for (i = j = 0; i < f->nts; i++)	/* the first of each */
		if (j == 0 || f->ts[2 * (j - 1)] != f->ts[2 * i]) {
			f->ts[2 * j] = f->ts[2 * i];
			f->ts[2 * j + 1] = f->ts[2 * i + 1];
			j++;
		}
	f->nts = j;
}

static int
cmp_pair1(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	return a < b ? -1 : a > b;
}

static int
cmp_reading_cp(const void *pa, const void *pb)
{
	const struct reading *a = pa, *b = pb;

	return a->cp < b->cp ? -1 : a->cp > b->cp;
}

static uint32_t
fold_cp(const struct fold *f, uint32_t cp)
{
	const uint32_t *p;

	p = bsearch(&cp, f->ts, f->nts, 2 * sizeof(*f->ts), cmp_pair1);
	return p != NULL ? p[1] : cp;
}

static const char *
reading_of(const struct fold *f, uint32_t cp)
{
	const struct reading *r;
	struct reading	 key;

	memset(&key, 0, sizeof(key));
	key.cp = cp;
	r = bsearch(&key, f->py, f->npy, sizeof(*f->py), cmp_reading_cp);
	while (r != NULL && r > f->py && r[-1].cp == cp)
		r--;
	return r != NULL ? r->code : NULL;
}

static void
fold_load(struct site_build *b, struct fold *f)
{
	const struct gs_content *ct = b->c->content;
	size_t		 i;

	memset(f, 0, sizeof(*f));
	f->names = xcalloc(NCP / 8, 1);
	f->all = xcalloc(NCP / 8, 1);
	for (i = 0; i < ct->ncompounds; i++) {
		const struct gs_compound *cp = ct->compounds[i];

		mark_names(f->names, cp);
		mark_names(f->all, cp);
		mark(f->all, cp->address.s);
		mark(f->all, cp->provider.name.s);
	}
	for (i = 0; i < ct->nareas; i++)
		mark(f->all, ct->areas[i]->name.s);
	load_opencc(b->c, f);
	for (i = 0; i < f->nts; i++)	/* names are read folded */
		if (has(f->names, f->ts[2 * i]))
			set(f->names, f->ts[2 * i + 1]);
	load_pinyin(b->c, f);
}

static void
fold_free(struct fold *f)
{
	free(f->names);
	free(f->all);
	free(f->py);
	free(f->ts);
}


/* ---- the index ---- */

static void
index_field(struct buf *b, const char *s, int first)
{
	if (!first)
		buf_putc(b, ',');
	json_string(b, s != NULL ? s : "");
}

static void
index_tables(struct buf *b, const struct fold *f)
{
	struct buf	 t = { 0 };
	char		 u[4];
	size_t		 i;

	for (i = 0; i < 2 * f->nts; i++)
		buf_put(&t, u, put_utf8(u, f->ts[i]));
	buf_puts(b, "\"fold\":");
	json_string(b, t.p != NULL ? t.p : "");
	buf_puts(b, ",\n\"py\":{");
	for (i = 0; i < f->npy; i++) {
		if (i > 0 && f->py[i - 1].cp == f->py[i].cp) {
			buf_putc(b, ' ');
			buf_puts(b, f->py[i].code);
			continue;
		}
		if (i > 0)
			buf_puts(b, "\",");
		buf_putc(b, '"');
		buf_put(b, u, put_utf8(u, f->py[i].cp));
		buf_puts(b, "\":\"");
		buf_puts(b, f->py[i].code);
	}
	buf_puts(b, f->npy > 0 ? "\"}" : "}");
	buf_free(&t);
}

static int
cmp_str_at(const void *pa, const void *pb)
{
	const char *const *a = pa, *const *b = pb;

	return strcmp(*a, *b);
}

/*
 * The providers' names, each once and sorted, into b as a JSON list;
 * at[i] is compound i's place in it.  A provider serves many compounds,
 * and its name would otherwise repeat on each of their rows.
 */
static void
provider_table(const struct gs_content *ct, struct buf *b, size_t *at)
{
	const char	**v;
	size_t		 i, j, n = 0;

	v = xcalloc(ct->ncompounds ? ct->ncompounds : 1, sizeof(*v));
	for (i = 0; i < ct->ncompounds; i++)
		v[i] = ct->compounds[i]->provider.name.s ?
		    ct->compounds[i]->provider.name.s : "";
	qsort(v, ct->ncompounds, sizeof(*v), cmp_str_at);
	for (i = 0; i < ct->ncompounds; i++)
		if (i == 0 || strcmp(v[i], v[n - 1]) != 0) {
			v[n++] = v[i];
			buf_puts(b, n > 1 ? ",\n" : "\n");
			json_string(b, v[i]);
		}
	for (i = 0; i < ct->ncompounds; i++) {
		const char *s = ct->compounds[i]->provider.name.s ?
		    ct->compounds[i]->provider.name.s : "";
		const char **hit = bsearch(&s, v, n, sizeof(*v), cmp_str_at);

		j = hit != NULL ? (size_t)(hit - v) : 0;
		at[i] = j;
	}
	free(v);
}

/*
 * What the search box matches: one row per compound, one line each,
 * its provider and its community as indexes into "providers" and
 * "areas" (the same names would otherwise repeat on many rows), then
 * the folding tables.
 */
static int
write_index(struct site_build *b, const struct fold *f)
{
	const struct gs_content *ct = b->c->content;
	struct buf	 o = { 0 }, t = { 0 }, areas = { 0 }, provs = { 0 };
	size_t		*slot, *prov, nslots = 0, i, j, k;
	int		 rc;

	slot = xcalloc(ct->nareas ? ct->nareas : 1, sizeof(*slot));
	prov = xcalloc(ct->ncompounds ? ct->ncompounds : 1, sizeof(*prov));
	provider_table(ct, &provs, prov);
	buf_puts(&o, "{\"fields\":[\"id\",\"name\",\"aliases\",\"address\","
	    "\"provider\",\"area\"],\"rows\":[");
	for (i = 0; i < ct->ncompounds; i++) {
		const struct gs_compound *cp = ct->compounds[i];
		const struct gs_area *com = cp->community_area;

		buf_puts(&o, i ? ",\n[" : "\n[");
		index_field(&o, cp->id.s, 1);
		index_field(&o, cp->name.s, 0);
		buf_truncate(&t, 0);
		for (j = 0; j < cp->aliases.n; j++) {
			if (j > 0)
				buf_putc(&t, '|');
			buf_puts(&t, GS_AT(cp->aliases, struct gs_val, j)->s);
		}
		index_field(&o, t.p, 0);
		index_field(&o, cp->address.s, 0);
		k = area_index(b, com);
		if (slot[k] == 0) {
			slot[k] = ++nslots;
			buf_truncate(&t, 0);
			buf_printf(&t, "%s %s %s", com->parent->parent->name.s,
			    com->parent->name.s, com->name.s);
			buf_puts(&areas, nslots > 1 ? ",\n" : "\n");
			json_string(&areas, t.p);
		}
		buf_printf(&o, ",%zu,%zu]", prov[i], slot[k] - 1);
	}
	buf_puts(&o, "\n],\n\"providers\":[");
	buf_put(&o, provs.p != NULL ? provs.p : "", provs.len);
	buf_puts(&o, "\n],\n\"areas\":[");
	buf_put(&o, areas.p != NULL ? areas.p : "", areas.len);
	buf_puts(&o, "\n],\n");
	index_tables(&o, f);
	buf_puts(&o, "}\n");
	rc = output_file(b->out, "search-index.json", o.p, o.len);
	free(slot);
	free(prov);
	buf_free(&o);
	buf_free(&t);
	buf_free(&areas);
	buf_free(&provs);
	return rc;
}


/* ---- the listing ---- */

static int
cmp_entry(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int	 d;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if ((d = strcmp(a->key, b->key)) != 0)
		return d;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* The name's pinyin (its common readings) and its group. */
static void
place(struct site_build *b, const struct fold *f, struct entry *e)
{
	const struct gs_compound *cp = b->c->content->compounds[e->i];
	const unsigned char *p = (const unsigned char *)cp->name.s;
	size_t		 n = strlen(cp->name.s), len;
	struct buf	*k = &b->tmp;
	const char	*r;
	uint32_t	 c;
	int		 first = 1, g = 26;

	buf_truncate(k, 0);
	for (; n > 0; p += len, n -= len) {
		if ((len = utf8_len(p, n, &c)) == 0)
			len = 1, c = '?';
		c = fold_cp(f, c);
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		r = c >= 0x80 ? reading_of(f, c) : NULL;
		if (first && r != NULL)
			g = r[0] - 'a';
		else if (first && c >= 'a' && c <= 'z')
			g = (int)c - 'a';
		first = 0;
		if (r != NULL)
			buf_puts(k, r);
		else if (c < 0x80)
			buf_putc(k, (char)c);
	}
	e->key = arena_printf(&b->keep, "%s %s", k->p ? k->p : "",
	    cp->name.s);
	if (f->have_pinyin) {
		e->rank = (size_t)g;
		e->group = g < 26 ? arena_printf(&b->keep, "%c", 'a' + g) :
		    "other";
		e->label = g < 26 ? arena_printf(&b->keep, "%c", 'A' + g) :
		    "其他";
	} else {	/* by district */
		const struct gs_area *d = cp->community_area->parent->parent;

		e->rank = area_index(b, d);
		e->group = d->code.s;
		e->label = d->name.s;
	}
}

/* The first characters of the names in e[from..to), each once, with a
 * space between: what a reader who knows no pinyin looks for. */
static const struct tval *
first_chars(struct site_build *b, const struct entry *e, size_t from,
    size_t to)
{
	const struct gs_content *ct = b->c->content;
	struct buf	 t = { 0 };
	const struct tval *v;
	char		 ch[5];
	size_t		 i, len;
	uint32_t	 c;

	for (i = from; i < to; i++) {
		const char *name = ct->compounds[e[i].i]->name.s;

		len = utf8_len((const unsigned char *)name, strlen(name), &c);
		if (len == 0)
			continue;
		memcpy(ch, name, len);
		ch[len] = '\0';
		if (t.p != NULL && strstr(t.p, ch) != NULL)
			continue;
		if (t.len > 0)
			buf_putc(&t, ' ');
		buf_puts(&t, ch);
	}
	v = tv_strf(&b->page, "%s", t.p != NULL ? t.p : "");
	buf_free(&t);
	return v;
}

static struct tval *
group_list(struct site_build *b, const struct entry *e, size_t n,
    const char *current)
{
	struct arena	*a = &b->page;
	struct tval	*list = tv_list(a), *m;
	size_t		 i, from;

	for (from = 0; from < n; from = i) {
		for (i = from + 1; i < n && e[i].rank == e[from].rank; i++)
			;
		m = tv_map(a);
		tv_set(m, "label", view_str(a, e[from].label));
		tv_set(m, "url", tv_strf(a, "names/%s/", e[from].group));
		tv_set(m, "count", tv_strf(a, "%zu", i - from));
		tv_set(m, "chars", first_chars(b, e, from, i));
		tv_set(m, "current", tv_bool(current != NULL &&
		    strcmp(current, e[from].group) == 0));
		tv_push(list, m);
	}
	return list;
}

/*
 * The newest revision that changed what every names page shows of all
 * compounds, their names (in the groups' counts and first characters):
 * one that added, removed or renamed a compound, or changed one that
 * could not be read.  NULL: none, or no history.
 */
static const struct revision *
names_revision(const struct site_build *b)
{
	const struct history *h = b->opts->history;
	const struct change *c;
	size_t		 i, j;

	for (i = 0; h != NULL && i < h->n; i++)
		for (j = h->v[i].first; j < h->v[i].first + h->v[i].count;
		    j++) {
			c = &h->changes.v[j];
			if (strchr(c->record, '/') == NULL && (c->path == NULL ||
			    c->path[0] == '\0' || strcmp(c->path, "name") == 0))
				return &h->v[i];
		}
	return NULL;
}

/*
 * A group's page: its compounds, and every group's count.  Its own
 * content last changed with its compounds' newest revision or with the
 * names' (names_rev): a revision that changed another compound's fee
 * leaves the page as it was, and says so.
 */
static int
write_group(struct site_build *b, const struct entry *e, size_t n,
    size_t from, size_t to, int by_pinyin, const struct revision *names_rev)
{
	const struct gs_content *ct = b->c->content;
	struct arena	*a = &b->page;
	struct tval	*view, *list, *m, *g;
	size_t		 i;

	arena_reset(a);
	view = tv_map(a);
	list = tv_list(a);
	for (i = from; i < to; i++) {
		const struct gs_compound *cp = ct->compounds[e[i].i];
		const struct gs_area *com = cp->community_area;

		m = tv_map(a);
		tv_set(m, "name", view_val(a, &cp->name));
		tv_set(m, "url", tv_strf(a, "c/%s/", cp->id.s));
		tv_set(m, "area", tv_strf(a, "%s %s %s",
		    com->parent->parent->name.s, com->parent->name.s,
		    com->name.s));
		tv_push(list, m);
	}
	g = tv_map(a);
	tv_set(g, "label", view_str(a, e[from].label));
	tv_set(g, "count", tv_strf(a, "%zu", to - from));
	tv_set(g, "by_pinyin", tv_bool(by_pinyin));
	view_list(a, g, "compounds", list);
	tv_set(view, "group", g);
	view_list(a, view, "groups", group_list(b, e, n, e[from].group));
	tv_set(view, "by_pinyin", tv_bool(by_pinyin));
	compounds_revision(b, NULL, 0);	/* areas.yaml's */
	for (i = from; i < to; i++)
		b->page_rev = newest_revision(b,
		    &ct->compounds[e[i].i]->id.s, 1, b->page_rev);
	b->page_rev = newer_revision(b->page_rev, names_rev);
	return render_page(b, "names",
	    arena_printf(a, "names/%s/index.html", e[from].group),
	    arena_printf(a, "names/%s/", e[from].group),
	    arena_printf(a, "小区名录：%s", e[from].label), NULL, view,
	    crumbs(b, NULL, 0));
}

static int
write_listing(struct site_build *b, const struct fold *f)
{
	const struct gs_content *ct = b->c->content;
	const struct revision *names_rev = names_revision(b);
	struct entry	*e;
	struct tval	*view;
	size_t		 i, from;
	int		 rc = 0;

	e = xcalloc(ct->ncompounds ? ct->ncompounds : 1, sizeof(*e));
	for (i = 0; i < ct->ncompounds; i++) {
		e[i].i = i;
		place(b, f, &e[i]);
	}
	qsort(e, ct->ncompounds, sizeof(*e), cmp_entry);
	for (from = 0; from < ct->ncompounds && rc != -1; from = i) {
		for (i = from + 1; i < ct->ncompounds &&
		    e[i].rank == e[from].rank; i++)
			;
		rc = write_group(b, e, ct->ncompounds, from, i,
		    f->have_pinyin, names_rev);
	}
	if (rc != -1) {
		arena_reset(&b->page);
		view = tv_map(&b->page);
		view_list(&b->page, view, "groups",
		    group_list(b, e, ct->ncompounds, NULL));
		tv_set(view, "by_pinyin", tv_bool(f->have_pinyin));
		tv_set(view, "search_index_url", view_str(&b->page,
		    "search-index.json"));
		compounds_revision(b, NULL, 0);	/* areas.yaml's */
		b->page_rev = newer_revision(b->page_rev, names_rev);
		rc = render_page(b, "names", "names/index.html", "names/",
		    "小区名录", NULL, view, crumbs(b, NULL, 0));
	}
	free(e);
	return rc;
}

int
build_search(struct site_build *b)
{
	struct fold	 f;
	int		 rc;

	fold_load(b, &f);
	rc = write_index(b, &f) == -1 || write_listing(b, &f) == -1 ? -1 : 0;
	fold_free(&f);
	return rc;
}
