/*
 * The site's machine-readable files: each record as JSON, the open-data
 * CSV files and the sitemap (the search index is search.c's); and the
 * layouts' assets copied as they are.  Values are written exactly: money as decimal
 * text from integer fen, never through a float.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bounds.h"
#include "format.h"
#include "gongshi.h"
#include "content.h"
#include "output.h"
#include "site.h"
#include "escape.h"
#include "export.h"
#include "memo.h"

#define ASSET_DEPTH	4			/* assets/ subfolders */

static void
json_scalar(struct buf *b, enum ftype type, const struct gs_val *v)
{
	if (v->pos.undisclosed) {	/* "未公示", never a number */
		json_string(b, v->s);
		return;
	}
	switch (type) {
	case FT_MONEY:
	case FT_DECIMAL:
	case FT_PERCENT:
	case FT_COUNT:
		format_value(b, type, v->n, v->s, FORM_MACHINE);
		break;
	default:
		json_string(b, v->s);
		break;
	}
}

static void json_object(struct buf *, const struct schema *, const void *,
	    int);

static void
json_list(struct buf *b, const struct field *f, const struct gs_list *l,
    int depth)
{
	size_t		 i, size;
	const char	*elem;
	const struct gs_val *sv;

	buf_putc(b, '[');
	size = f->type == FT_LIST ? f->sub->size : sizeof(struct gs_val);
	for (i = 0; i < l->n; i++) {
		elem = (const char *)l->v + i * size;
		if (i > 0)
			buf_putc(b, ',');
		if (f->type == FT_VLIST)
			json_scalar(b, f->elem, (const struct gs_val *)elem);
		else if (f->sub->scalar != NULL && (sv = (const struct gs_val *)
		    (elem + f->sub->scalar->off))->s != NULL)
			json_scalar(b, f->sub->scalar->type, sv);
		else
			json_object(b, f->sub, elem, depth + 1);
	}
	buf_putc(b, ']');
}

/*
 * Writes the keys that are present, in the schema's order: the record's
 * own keys one a line, what is inside them on that line, so record.json
 * reads and diffs section by section at two thirds of the bytes of an
 * indented tree; no indent and no space after a colon, as every byte
 * is paid for once a compound.
 */
static void
json_object(struct buf *b, const struct schema *sc, const void *base,
    int depth)
{
	const struct field *f;
	const char	*p;
	int		 first = 1;

	buf_putc(b, '{');
	for (f = sc->fields; f->key != NULL; f++) {
		p = field_value(base, f);
		if (f->type == FT_STRUCT ?
		    ((const struct gs_pos *)p)->fid == 0 :
		    f->type == FT_LIST || f->type == FT_VLIST ?
		    ((const struct gs_list *)p)->pos.fid == 0 :
		    ((const struct gs_val *)p)->s == NULL)
			continue;
		if (!first)
			buf_putc(b, ',');
		first = 0;
		if (depth == 0)
			buf_putc(b, '\n');
		json_string(b, f->key);
		buf_putc(b, ':');
		if (f->type == FT_STRUCT ? ((const struct gs_pos *)p)->undisclosed :
		    (f->type == FT_LIST || f->type == FT_VLIST) &&
		    ((const struct gs_list *)p)->pos.undisclosed)
			json_string(b, gs_undisclosed);
		else if (f->type == FT_STRUCT)
			json_object(b, f->sub, p, depth + 1);
		else if (f->type == FT_LIST && ((const struct gs_list *)p)->one)
			json_object(b, f->sub, ((const struct gs_list *)p)->v,
			    depth + 1);	/* as written: one mapping */
		else if (f->type == FT_LIST || f->type == FT_VLIST)
			json_list(b, f, (const struct gs_list *)p, depth + 1);
		else
			json_scalar(b, f->type, (const struct gs_val *)p);
	}
	if (depth == 0 && !first)
		buf_putc(b, '\n');
	buf_putc(b, '}');
}

/* A typed value in machine form, as record.json writes it. */
static void
csv_typed(struct buf *b, enum ftype type, const struct gs_val *v, int last)
{
	struct buf	 t = { 0 };

	/* Through the CSV escaper, whatever the type: text may hold
	 * commas, quotes and line breaks, and 未公示 is text. */
	format_value(&t, type, v->n, v->s, FORM_MACHINE);
	csv_field(b, t.p, last);
	buf_free(&t);
}

/* The leading columns of every per-compound CSV row. */
static void
csv_compound(struct buf *b, const struct gs_compound *cp)
{
	csv_field(b, cp->id.s, 0);
	csv_field(b, cp->name.s, 0);
}

/*
 * A list of flat entries as rows: the element's scalar keys, in the
 * schema's order, are the columns.  Used for the schema 2 lists that
 * have no nested lists of their own.
 */
static void
csv_flat_header(struct buf *b, const struct schema *sc)
{
	const struct field *f;

	buf_puts(b, "\xEF\xBB\xBF" "compound_id,compound_name");
	for (f = sc->fields; f->key != NULL; f++)
		if (f->type != FT_STRUCT && f->type != FT_LIST &&
		    f->type != FT_VLIST)
			buf_printf(b, ",%s", f->key);
	buf_puts(b, "\r\n");
}

static void
csv_flat_rows(struct buf *b, const struct gs_compound *cp,
    const struct schema *sc, const struct gs_list *l)
{
	const struct field *f, *last = NULL;
	size_t		 i;

	for (f = sc->fields; f->key != NULL; f++)
		if (f->type != FT_STRUCT && f->type != FT_LIST &&
		    f->type != FT_VLIST)
			last = f;
	for (i = 0; i < l->n; i++) {
		const char *e = (const char *)l->v + i * sc->size;

		csv_compound(b, cp);
		for (f = sc->fields; f->key != NULL; f++)
			if (f->type != FT_STRUCT && f->type != FT_LIST &&
			    f->type != FT_VLIST)
				csv_typed(b, f->type, (const struct gs_val *)
				    (e + f->off), f == last);
	}
}

/* The schema of a list field, by key, in sc. */
static const struct schema *
list_schema(const struct schema *sc, const char *key)
{
	const struct field *f;

	for (f = sc->fields; f->key != NULL; f++)
		if (strcmp(f->key, key) == 0)
			return f->sub;
	return NULL;
}

/* One period of common revenue: a row per source and use, and the sum
 * carried forward and the manager's share as rows of their own. */
static void
revenue_rows(struct buf *b, const struct gs_compound *cp,
    const struct gs_revenue *r)
{
	static const struct gs_val none;
	size_t		 i;

#define REV_ROW(kind, item, amount, cost, decision) do {		\
	csv_compound(b, cp);						\
	csv_field(b, r->period.s, 0);					\
	csv_field(b, r->account.s, 0);					\
	csv_field(b, kind, 0);						\
	csv_field(b, item, 0);						\
	csv_typed(b, FT_MONEY, amount, 0);				\
	csv_typed(b, FT_MONEY, cost, 0);				\
	csv_field(b, decision, 1);					\
} while (0)
	if (r->carried_forward.s != NULL)
		REV_ROW("carried_forward", NULL, &r->carried_forward, &none,
		    NULL);
	for (i = 0; i < r->sources.n; i++) {
		const struct gs_revenue_source *v = GS_AT(r->sources,
		    struct gs_revenue_source, i);

		REV_ROW("source", v->source.s, &v->amount, &v->cost, NULL);
	}
	for (i = 0; i < r->uses.n; i++) {
		const struct gs_revenue_use *u = GS_AT(r->uses,
		    struct gs_revenue_use, i);

		REV_ROW("use", u->purpose.s, &u->amount, &none, u->decision.s);
	}
	if (r->management_share.s != NULL)
		REV_ROW("management_share", NULL, &r->management_share, &none,
		    NULL);
#undef REV_ROW
}

/* accounts.csv: every income and expense item of every period. */
static void
accounts_rows(struct buf *acc, const struct gs_compound *cp)
{
	size_t		 j, k, n;

	for (j = 0; j < cp->accounts.n; j++) {
		const struct gs_account *a = GS_AT(cp->accounts,
		    struct gs_account, j);

		for (k = 0; k < 2; k++) {
			const struct gs_list *l = k ? &a->expense : &a->income;

			for (n = 0; n < l->n; n++) {
				const struct gs_entry *e = GS_AT(*l,
				    struct gs_entry, n);

				csv_compound(acc, cp);
				csv_field(acc, a->period.s, 0);
				csv_field(acc, k ? "expense" : "income", 0);
				csv_field(acc, e->item.s, 0);
				csv_typed(acc, FT_MONEY, &e->amount, 0);
				csv_typed(acc, FT_PERCENT, &a->collection_rate,
				    1);
			}
		}
	}
}

/* The list of cp one flat file is made of (write_csv2's names). */
static const struct gs_list *
flat_list(const struct gs_compound *cp, size_t k)
{
	switch (k) {
	case 0:
		return &cp->shared_utilities;
	case 1:
		return &cp->complaints;
	case 2:
		return &cp->maintenance_fund.draws;
	case 3:
		return &cp->contractors;
	case 4:
		return &cp->notices;
	default:
		return &cp->owners_committee.meetings;
	}
}

/*
 * Schema 2's open data: accounts and common revenue entry by entry,
 * shared utilities, complaints and fund draws.  Every compound has its
 * rows; a file with no rows still has its header, so a reader finds
 * the same files whatever the city discloses.  One file at a time,
 * each written and let go before the next is made: at 100,000
 * compounds the eight together were hundreds of MiB.
 */
static int
write_csv2(struct ctx *c, struct output *out)
{
	static const char *const names[] = { "data/shared_utilities.csv",
		"data/complaints.csv", "data/fund_draws.csv",
		"data/contractors.csv", "data/notices.csv",
		"data/meetings.csv" };
#define NFLAT	(sizeof(names) / sizeof(names[0]))
	const struct gs_content *ct = c->content;
	const struct schema *sc[NFLAT];
	struct buf	 b = { 0 };
	size_t		 i, j, k;
	int		 rc;

	sc[0] = list_schema(&schema_compound, "shared_utilities");
	sc[1] = list_schema(&schema_compound, "complaints");
	sc[2] = list_schema(list_schema(&schema_compound, "maintenance_fund"),
	    "draws");
	sc[3] = list_schema(&schema_compound, "contractors");
	sc[4] = list_schema(&schema_compound, "notices");
	sc[5] = list_schema(list_schema(&schema_compound, "owners_committee"),
	    "meetings");
	buf_puts(&b, "\xEF\xBB\xBF" "compound_id,compound_name,period,"
	    "side,item,amount,collection_rate\r\n");
	for (i = 0; i < ct->ncompounds; i++)
		accounts_rows(&b, ct->compounds[i]);
	rc = output_file(out, "data/accounts.csv", b.p, b.len);
	buf_free(&b);
	if (rc == -1)
		return -1;
	buf_puts(&b, "\xEF\xBB\xBF" "compound_id,compound_name,period,"
	    "account,kind,item,amount,cost,decision\r\n");
	for (i = 0; i < ct->ncompounds; i++) {
		const struct gs_compound *cp = ct->compounds[i];

		for (j = 0; j < cp->common_revenue.n; j++)
			revenue_rows(&b, cp, GS_AT(cp->common_revenue,
			    struct gs_revenue, j));
	}
	rc = output_file(out, "data/common_revenue.csv", b.p, b.len);
	buf_free(&b);
	for (k = 0; k < NFLAT && rc != -1; k++) {
		csv_flat_header(&b, sc[k]);
		for (i = 0; i < ct->ncompounds; i++)
			csv_flat_rows(&b, ct->compounds[i], sc[k],
			    flat_list(ct->compounds[i], k));
		rc = output_file(out, names[k], b.p, b.len);
		buf_free(&b);
	}
	return rc == -1 ? -1 : 0;
#undef NFLAT
}

/*
 * Notices' attachments, copied to the site at the path the record gives
 * (files/NAME), which is where the page links.  The check read them; a
 * file two notices share is written once.
 */
static int
write_attachments(struct ctx *c, struct output *out)
{
	const struct gs_content *ct = c->content;
	struct ptrs	 done = { 0 };
	size_t		 i, j, k, d;
	int		 rc = 0;

	for (i = 0; i < ct->ncompounds && rc == 0; i++) {
		const struct gs_compound *cp = ct->compounds[i];

		for (j = 0; j < cp->notices.n && rc == 0; j++) {
			const struct gs_notice *n = GS_AT(cp->notices,
			    struct gs_notice, j);

			for (k = 0; k < n->attachments.n && rc == 0; k++) {
				const struct gs_attachment *a = GS_AT(
				    n->attachments, struct gs_attachment, k);

				if (a->data == NULL)
					continue;
				for (d = 0; d < done.n; d++)
					if (strcmp(done.v[d], a->file.s) == 0)
						break;
				if (d < done.n)
					continue;
				ptrs_push(&done, (void *)a->file.s);
				rc = output_file(out, a->file.s, a->data,
				    a->len);
			}
		}
	}
	free(done.v);
	return rc == -1 ? -1 : 0;
}

/* UTF-8 with a BOM and CRLF lines, so Excel shows Chinese right. */
static int
write_csv(struct ctx *c, struct output *out)
{
	const struct gs_content *ct = c->content;
	struct buf	 b = { 0 }, f = { 0 }, tmp = { 0 };
	size_t		 i, j;
	int		 rc = -1;

	buf_puts(&b, "\xEF\xBB\xBF" "id,name,aliases,address,district,street,"
	    "community,community_code,management,provider,provider_uscc,"
	    "hotline_24h,complaint_phone,buildings,households,data_as_of,"
	    "url\r\n");
	for (i = 0; i < ct->ncompounds; i++) {
		const struct gs_compound *cp = ct->compounds[i];
		const struct gs_area *com = cp->community_area;

		buf_truncate(&tmp, 0);
		for (j = 0; j < cp->aliases.n; j++) {
			if (j > 0)
				buf_putc(&tmp, '|');
			buf_puts(&tmp, GS_AT(cp->aliases, struct gs_val, j)->s);
		}
		csv_field(&b, cp->id.s, 0);
		csv_field(&b, cp->name.s, 0);
		csv_field(&b, tmp.len ? tmp.p : NULL, 0);
		csv_field(&b, cp->address.s, 0);
		csv_field(&b, com->parent->parent->name.s, 0);
		csv_field(&b, com->parent->name.s, 0);
		csv_field(&b, com->name.s, 0);
		csv_field(&b, com->code.s, 0);
		csv_field(&b, cp->profile.management.s, 0);	/* not said: empty */
		csv_field(&b, cp->provider.name.s, 0);
		csv_field(&b, cp->provider.uscc.s, 0);
		csv_field(&b, cp->provider.hotline_24h.s, 0);
		csv_field(&b, cp->provider.complaint_phone.s, 0);
		csv_field(&b, cp->profile.buildings.s ? cp->profile.buildings.s :
		    NULL, 0);
		csv_field(&b, cp->profile.households.s, 0);
		csv_field(&b, cp->data_as_of.s, 0);
		buf_truncate(&tmp, 0);
		buf_printf(&tmp, "%sc/%s/", ct->site.base_url.s, cp->id.s);
		csv_field(&b, tmp.p, 1);
	}
	buf_free(&tmp);
	/* Each file is written and let go before the next is made: at
	 * 100,000 compounds each is over 40 MB. */
	if (output_file(out, "data/compounds.csv", b.p, b.len) == -1)
		goto out;
	buf_free(&b);
	/* Schema 2's columns come last, so the old ones keep their
	 * places for whoever reads them by position. */
	buf_puts(&f, "\xEF\xBB\xBF" "compound_id,compound_name,item,amount,"
	    "unit,pricing,mode,basis,since,applies_to,base_amount,float_pct,"
	    "payer,announced_on,note\r\n");
	for (i = 0; i < ct->ncompounds; i++) {
		const struct gs_compound *cp = ct->compounds[i];

		for (j = 0; j < cp->fees.n; j++) {
			const struct gs_fee *fee = GS_AT(cp->fees,
			    struct gs_fee, j);

			csv_field(&f, cp->id.s, 0);
			csv_field(&f, cp->name.s, 0);
			csv_field(&f, fee->item.s, 0);
			csv_typed(&f, FT_MONEY, &fee->amount, 0);
			csv_field(&f, fee->unit.s, 0);
			csv_field(&f, fee->pricing.s, 0);
			csv_field(&f, fee->mode.s, 0);
			csv_field(&f, fee->basis.s, 0);
			csv_field(&f, fee->since.s, 0);
			csv_field(&f, fee->applies_to.s, 0);
			csv_typed(&f, FT_MONEY, &fee->base_amount, 0);
			csv_typed(&f, FT_PERCENT, &fee->float_pct, 0);
			csv_field(&f, fee->payer.s, 0);
			csv_field(&f, fee->announced_on.s, 0);
			csv_field(&f, fee->note.s, 1);
		}
	}
	if (output_file(out, "data/fees.csv", f.p, f.len) != -1)
		rc = 0;
out:
	buf_free(&tmp);
	buf_free(&b);
	buf_free(&f);
	return rc == -1 ? -1 : write_csv2(c, out);
}

static void
sitemap_url(struct buf *b, const char *base, const char *path,
    const char *lastmod)
{
	buf_puts(b, "<url><loc>");
	esc_xml(b, base, strlen(base));
	esc_xml(b, path, strlen(path));
	buf_puts(b, "</loc>");
	if (lastmod != NULL)
		buf_printf(b, "<lastmod>%s</lastmod>", lastmod);
	buf_puts(b, "</url>\n");
}

static int
write_sitemap(struct ctx *c, struct output *out)
{
	const struct gs_content *ct = c->content;
	const char	*base = ct->site.base_url.s;
	struct buf	 b = { 0 }, t = { 0 };
	size_t		 i;
	int		 rc;

	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	sitemap_url(&b, base, "", NULL);
	for (i = 0; i < ct->nareas; i++) {
		buf_truncate(&t, 0);
		buf_printf(&t, "area/%s/", ct->areas[i]->code.s);
		sitemap_url(&b, base, t.p, NULL);
	}
	for (i = 0; i < ct->ncompounds; i++) {
		buf_truncate(&t, 0);
		buf_printf(&t, "c/%s/", ct->compounds[i]->id.s);
		sitemap_url(&b, base, t.p, ct->compounds[i]->data_as_of.s);
	}
	sitemap_url(&b, base, "departments/", NULL);
	for (i = 0; i < ct->npages; i++) {
		buf_truncate(&t, 0);
		buf_printf(&t, "pages/%s/", ct->pages[i]->name);
		sitemap_url(&b, base, t.p, NULL);
	}
	buf_puts(&b, "</urlset>\n");
	rc = output_file(out, "sitemap.xml", b.p, b.len);
	buf_free(&b);
	buf_free(&t);
	return rc;
}

/*
 * The data files.  A compound's record.json is its typed record alone:
 * with the page memo, one whose record file (blob id) and the other
 * inputs (others_id, see compound_key in site.c) are the last build's
 * is kept without being made again.
 */
int
write_data(struct ctx *c, struct output *out, const unsigned char *others_id)
{
	const struct gs_content *ct = c->content;
	struct buf	 b = { 0 }, path = { 0 };
	struct memo_print p;
	unsigned char	 fp[MEMO_FP];
	const unsigned char *blob;
	size_t		 i;
	int		 rc = 0, keyed;

	for (i = 0; i < ct->ncompounds && rc != -1; i++) {
		const struct gs_compound *cp = ct->compounds[i];

		buf_truncate(&path, 0);
		buf_printf(&path, "c/%s/record.json", cp->id.s);
		if ((keyed = out->memo != NULL && others_id != NULL &&
		    cp->blob[0] != '\0')) {
			memo_print_begin(&p, out->memo, "record.json", path.p);
			memo_print_id(&p, others_id);
			memo_print_str(&p, cp->path);
			memo_print_str(&p, cp->blob);
			memo_print_end(&p, fp);
			if ((blob = memo_blob(out->memo, path.p, fp)) != NULL &&
			    output_reuse(out, path.p, blob) == 1) {
				memo_carry(out->memo, path.p, fp, blob);
				continue;
			}
		}
		buf_truncate(&b, 0);
		json_object(&b, &schema_compound, cp, 0);
		buf_putc(&b, '\n');
		if ((rc = output_file(out, path.p, b.p, b.len)) != -1 && keyed)
			memo_put(out->memo, path.p, fp, b.p, b.len);
	}
	rc = rc == -1 ? -1 : 0;
	buf_free(&b);
	buf_free(&path);
	if (rc == -1 || write_csv(c, out) == -1 ||
	    write_sitemap(c, out) == -1 ||
	    write_attachments(c, out) == -1)
		return -1;
	return 0;
}

/*
 * An asset that cannot be published as it is stops the build: quietly
 * leaving it out would publish a site without it while the history
 * keeps it.
 */
static void
asset_error(struct ctx *c, const char *rel, const char *fmt, ...)
    PRINTF_LIKE(3, 4);

static void
asset_error(struct ctx *c, const char *rel, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vadd(&c->diags, arena_printf(&c->arena, "layouts/%s", rel), 1, 1,
	    SEV_ERROR, fmt, ap);
	va_end(ap);
}

/* Copies DIR/layouts/<rel> to the site's <rel>, folders included. */
static int
copy_tree(struct ctx *c, struct output *out, const char *rel, int depth)
{
	struct buf	 data = { 0 }, sub = { 0 }, src = { 0 };
	char		**names = NULL;
	size_t		 n = 0, i;
	int		 rc = -1;

	buf_printf(&src, "layouts/%s", rel);
	if (ctx_list(c, src.p, &names, &n) == -1) {
		if (errno == ENOENT && depth == 0)
			rc = 0;
		else if (errno == ELOOP)
			asset_error(c, rel, "%s", read_problem(ELOOP));
		else if (errno == ENOTDIR)
			asset_error(c, rel, "is a file; it must be a folder");
		else
			report(&c->diags, SEV_ERROR, "%s/%s: %s", c->dir, src.p,
			    strerror(errno));
		buf_free(&src);
		return rc;
	}
	for (i = 0; i < n; i++) {
		buf_truncate(&sub, 0);
		buf_printf(&sub, "%s/%s", rel, names[i]);
		buf_truncate(&src, 0);
		buf_printf(&src, "layouts/%s", sub.p);
		buf_truncate(&data, 0);
		if (ctx_read(c, src.p, ASSET_MAX, &data) == 0) {
			if (output_file(out, sub.p, data.p, data.len) == -1)
				goto out;
		} else if (errno == EISDIR) {
			if (depth >= ASSET_DEPTH)
				asset_error(c, sub.p, "folders nested more than "
				    "%d deep are not copied", ASSET_DEPTH);
			else if (copy_tree(c, out, sub.p, depth + 1) == -1)
				goto out;
		} else if (errno == EFBIG)
			asset_error(c, sub.p, "is larger than %d MiB, the most "
			    "an asset may have", ASSET_MAX / (1024 * 1024));
		else if (errno == ELOOP || errno == ENODEV)
			asset_error(c, sub.p, "%s", read_problem(errno));
		else {
			report(&c->diags, SEV_ERROR, "%s/%s: %s", c->dir, src.p,
			    strerror(errno));
			goto out;
		}
	}
	rc = c->diags.nerrors > 0 ? -1 : 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	buf_free(&data);
	buf_free(&sub);
	buf_free(&src);
	return rc;
}

int
copy_assets(struct ctx *c, struct output *out)
{
	return copy_tree(c, out, "assets", 0);
}
