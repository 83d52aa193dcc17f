/*
 * Printable notice boards (公示栏): the three boards every compound
 * posts, and a fourth for the maintenance fund and common revenue when
 * the record has them.  What each board carries is in boardtext.c;
 * each board is laid out here, page by page, so
 * that a board that does not fit on one sheet continues on the next
 * with its title marked （续） and its table header repeated, and
 * nothing is ever clipped or shrunk.  The layout template only draws
 * the pages this file decides.
 *
 * Heights are estimated from the text: every CJK character is one em
 * wide, every other character at most 0.6 em, with slack for the line
 * breaking rules of Chinese.  The estimates are deliberately high: a
 * page may end early, never late.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "scalar.h"
#include "gongshi.h"
#include "history.h"
#include "site.h"
#include "status.h"
#include "template.h"
#include "boards.h"

/* Sizes on A3, in points; A4 is A3 scaled by 1/sqrt(2). */
#define PT_MM		0.352778	/* one point in millimetres */
#define MARGIN_MM	14.0		/* sheet padding */
#define BODY_PT		18.0		/* table text: readable at 2 m */
#define HEAD_PT		18.0		/* table header */
#define SECTION_PT	24.0		/* section headings */
#define TITLE_PT	38.0		/* the board's title: fits one line */
#define NAME_PT		26.0		/* the compound's name */
#define META_PT		15.0		/* data date and revision */
#define LINE		1.35		/* line height, in em */
#define CELL_PAD_MM	1.6		/* vertical padding of a cell */
#define CELL_HPAD_MM	2.0		/* horizontal padding of a cell */
#define SECTION_GAP_MM	5.0		/* space above a section heading */
#define FOOTER_MM	56.5		/* QR code, hotlines, revision, with
				   its margin and rule */
#define SLACK		1.08		/* text width allowance */
#define FILL		0.98		/* never plan the last 2% of a page */
#define SHORT_ROWS	3		/* a table this short, and small, is
				   never split */
#define KEEP_WHOLE	0.8		/* a sheet this full may end early to
				   keep a short table whole */


static double
mm(const struct sheet *s, double pt)
{
	return pt * PT_MM * s->scale;
}

/* Width of text in ems: CJK one em, anything else 0.6. */
static double
text_ems(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t		 left = strlen(s), k;
	double		 w = 0;
	uint32_t	 cp;

	while (left > 0) {
		if ((k = utf8_len(p, left, &cp)) == 0)
			k = 1, cp = '?';
		w += cp >= 0x1100 ? 1.0 : 0.6;
		p += k;
		left -= k;
	}
	return w;
}

/* Lines text takes in a column of the given width, hard breaks too. */
static double
text_lines(const char *s, double pt, double col_mm, const struct sheet *sh)
{
	double		 em = mm(sh, pt), avail = col_mm - 2 * CELL_HPAD_MM *
			    sh->scale, lines = 0;
	const char	*nl;
	char		 one[1024];
	size_t		 n;

	if (s == NULL || *s == '\0')
		return 1;
	if (avail < em)
		avail = em;
	for (;;) {
		nl = strchr(s, '\n');
		n = nl ? (size_t)(nl - s) : strlen(s);
		if (n >= sizeof(one))
			n = sizeof(one) - 1;
		memcpy(one, s, n);
		one[n] = '\0';
		lines += fmax(1, ceil(text_ems(one) * em * SLACK / avail));
		/* A final line break draws no line (white-space: pre-line). */
		if (nl == NULL || nl[1] == '\0')
			break;
		s = nl + 1;
	}
	return lines;
}

static double
content_width(const struct sheet *s)
{
	return s->width_mm - 2 * MARGIN_MM * s->scale;
}

static double
row_height(const struct section *sec, const char *const *cells,
    const struct sheet *sh, double pt)
{
	double		 w = content_width(sh), lines, most = 1;
	size_t		 i;

	for (i = 0; i < sec->ncols; i++) {
		lines = text_lines(cells[i], pt, w * sec->widths[i], sh);
		if (lines > most)
			most = lines;
	}
	return most * mm(sh, pt) * LINE + 2 * CELL_PAD_MM * sh->scale + 0.3;
}

static double
heading_height(const struct sheet *sh, const char *title)
{
	return SECTION_GAP_MM * sh->scale + text_lines(title, SECTION_PT,
	    content_width(sh), sh) * mm(sh, SECTION_PT) * LINE +
	    2 * sh->scale;
}

/* The page's own header: compound name, board title, meta line. */
static double
header_height(const struct sheet *sh, const char *name, const char *title)
{
	double	 w = content_width(sh), em = mm(sh, TITLE_PT);

	/* Title lines count the （续） a continued sheet adds, two
	 * characters at 0.7 em. */
	return text_lines(name, NAME_PT, w, sh) * mm(sh, NAME_PT) * LINE +
	    fmax(1, ceil((text_ems(title) + 1.4) * em * SLACK / w)) * em *
	    1.2 + mm(sh, META_PT) * LINE + (1 + 3 + 1.2) * sh->scale;
}

/*
 * Columns.  A column empty in every row is dropped, its share given to
 * the others.  Then each column is made at least as wide as its header
 * on one line (headers never wrap inside a word) and its longest run
 * that must not break (a number, a phone, 79.07%), taking the width
 * from columns that have more than they need.
 */

/* Characters that stay with the run beside them: not ideographs. */
static int
glued(uint32_t cp)
{
	return cp < 0x1100 || (cp >= 0x3000 && cp <= 0x303f) ||
	    (cp >= 0xff00 && cp <= 0xffef);
}

/* Bytes of a date in words at s, "2022年8月20日", or 0. */
static size_t
date_len(const char *s)
{
	const char	*p = s;
	size_t		 n = strspn(p, "0123456789");

	if (n != 4 || strncmp(p + n, "年", 3) != 0)
		return 0;
	p += n + 3;
	n = strspn(p, "0123456789");
	if (n < 1 || n > 2 || strncmp(p + n, "月", 3) != 0)
		return 0;
	p += n + 3;
	n = strspn(p, "0123456789");
	if (n < 1 || n > 2 || strncmp(p + n, "日", 3) != 0)
		return 0;
	return (size_t)(p + n + 3 - s);
}

/* Ems of the longest run of s that a line may not break. */
static double
run_ems(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t		 left = strlen(s), k;
	double		 run = 0, most = 0;
	uint32_t	 cp;
	char		 one[32];
	size_t		 n;

	/* A date is kept on one line as a whole. */
	for (k = 0; s[k] != '\0'; k++)
		if ((n = date_len(s + k)) > 0) {
			memcpy(one, s + k, n);
			one[n] = '\0';
			most = fmax(most, text_ems(one));
		}
	while (left > 0) {
		if ((k = utf8_len(p, left, &cp)) == 0)
			k = 1, cp = '?';
		if (cp == ' ' || cp == '\n' || !glued(cp))
			run = 0;
		else
			run += cp >= 0x1100 ? 1.0 : 0.6;
		if (!glued(cp) && cp != ' ' && cp != '\n')
			run = 1.0;	/* an ideograph: a run of its own */
		if (run > most)
			most = run;
		p += k;
		left -= k;
	}
	return most;
}

static void
drop_empty_columns(struct arena *a, struct section *s)
{
	size_t		 i, j, r, n = 0;
	char		 keep[16];
	double		 kept = 0, *w;
	const char	**heads, **cells;

	if (s->kv || s->nrows == 0 || s->ncols > sizeof(keep))
		return;
	for (i = 0; i < s->ncols; i++) {
		for (keep[i] = 0, r = 0; r < s->nrows && !keep[i]; r++)
			keep[i] = s->cells[r * s->ncols + i] != NULL &&
			    s->cells[r * s->ncols + i][0] != '\0';
		n += keep[i] != 0;
		kept += keep[i] ? s->widths[i] : 0;
	}
	if (n == s->ncols || n == 0 || kept <= 0)
		return;
	w = arena_alloc(a, n * sizeof(*w));
	heads = arena_alloc(a, n * sizeof(*heads));
	cells = arena_alloc(a, s->nrows * n * sizeof(*cells));
	for (i = 0, j = 0; i < s->ncols; i++) {
		if (!keep[i])
			continue;
		w[j] = s->widths[i] / kept;
		heads[j] = s->heads ? s->heads[i] : NULL;
		for (r = 0; r < s->nrows; r++)
			cells[r * n + j] = s->cells[r * s->ncols + i];
		j++;
	}
	s->widths = w;
	s->heads = s->heads ? heads : NULL;
	s->cells = cells;
	s->ncols = n;
	s->cap = s->nrows;
	/* 公告 over a column headed 公告 says it twice. */
	s->nohead = n == 1 && s->heads != NULL &&
	    strcmp(s->heads[0], s->title) == 0;
}

/*
 * A span of dates too wide for its column breaks after its 至, so that
 * neither date breaks: "2026年10月20日至" over "2026年10月25日".
 */
static void
break_spans(struct arena *a, const struct sheet *sh, struct section *s)
{
	double		 W = content_width(sh), avail;
	const char	*c, *to;
	char		*nc;
	size_t		 i, r, at;

	for (i = 0; i < s->ncols; i++) {
		avail = W * s->widths[i] - 2 * CELL_HPAD_MM * sh->scale;
		for (r = 0; r < s->nrows; r++) {
			c = s->cells[r * s->ncols + i];
			if (c == NULL || strchr(c, '\n') != NULL ||
			    (to = strstr(c, "日至")) == NULL ||
			    date_len(to + 6) == 0 ||
			    text_ems(c) * mm(sh, BODY_PT) * SLACK <= avail)
				continue;
			at = (size_t)(to - c) + 6;
			nc = arena_alloc(a, strlen(c) + 2);
			memcpy(nc, c, at);
			nc[at] = '\n';
			strcpy(nc + at + 1, c + at);
			s->cells[r * s->ncols + i] = nc;
		}
	}
}

static void
fit_columns(struct arena *a, const struct sheet *sh, struct section *s)
{
	double		 need[16], *w, W = content_width(sh), total = 0,
			 spare = 0, short_by = 0, ems;
	size_t		 i, r;

	if (s->ncols > 16)
		return;
	for (i = 0; i < s->ncols; i++) {
		need[i] = s->heads ? text_ems(s->heads[i]) * mm(sh, HEAD_PT) :
		    0;
		for (r = 0; r < s->nrows; r++) {
			const char *c = s->cells[r * s->ncols + i];

			if (c != NULL && (ems = run_ems(c) * mm(sh, BODY_PT)) >
			    need[i])
				need[i] = ems;
		}
		need[i] = (need[i] * SLACK + 2 * CELL_HPAD_MM * sh->scale +
		    1) / W;
		if (need[i] > 0.6)
			need[i] = 0.6;	/* a URL: let it break */
		total += need[i];
	}
	w = arena_alloc(a, s->ncols * sizeof(*w));
	for (i = 0; i < s->ncols; i++) {
		w[i] = total >= 1 ? need[i] / total : s->widths[i];
		if (total < 1 && w[i] < need[i])
			short_by += need[i] - w[i];
		else if (total < 1)
			spare += w[i] - need[i];
	}
	if (total < 1 && short_by > 0)
		for (i = 0; i < s->ncols; i++)
			w[i] = w[i] < need[i] ? need[i] : w[i] - (w[i] -
			    need[i]) * short_by / spare;
	s->widths = w;
}

/* Pages of the view. */

/* A column's width in percent to a tenth, "16" rather than "16.0". */
static struct tval *
percent(struct arena *a, double pc)
{
	char	 s[32];
	size_t	 n;

	n = (size_t)snprintf(s, sizeof(s), "%.1f", pc);
	if (n >= 2 && n < sizeof(s) && strcmp(s + n - 2, ".0") == 0)
		s[n - 2] = '\0';
	return tv_str(a, s);
}

static struct tval *
new_page(struct boards *bs, struct tval *pages, const struct board *b,
    int continued, size_t pageno)
{
	struct arena	*a = bs->a;
	struct tval	*pg = tv_map(a), *secs = tv_list(a);

	tv_set(pg, "title", tv_str(a, b->title));
	tv_set(pg, "continued", tv_bool(continued));
	tv_set(pg, "number", tv_strf(a, "%zu", pageno));
	tv_set(pg, "sections", secs);
	tv_push(pages, pg);
	return secs;
}

static struct tval *
new_table(struct boards *bs, struct tval *secs, const struct section *s,
    int continued, struct tval **table)
{
	struct arena	*a = bs->a;
	struct tval	*t = tv_map(a), *heads = tv_list(a), *h, *rows;
	size_t		 i;

	tv_set(t, "title", tv_str(a, s->title));
	tv_set(t, "continued", tv_bool(continued));
	tv_set(t, "kv", tv_bool(s->kv));
	tv_set(t, "head", tv_bool(!s->kv && !s->nohead));
	for (i = 0; i < s->ncols; i++) {
		h = tv_map(a);
		tv_set(h, "label", s->heads ? tv_str(a, s->heads[i]) :
		    tv_bool(0));
		tv_set(h, "width", percent(a, s->widths[i] * 100));
		/* The last column takes what the others leave. */
		tv_set(h, "sized", tv_bool(i + 1 < s->ncols));
		tv_push(heads, h);
	}
	tv_set(t, "columns", heads);
	rows = tv_list(a);
	tv_set(t, "rows", rows);
	tv_set(t, "note", tv_bool(0));
	tv_push(secs, t);
	*table = t;
	return rows;
}

static void
push_row(struct boards *bs, struct tval *rows, const struct section *s,
    size_t r)
{
	struct arena	*a = bs->a;
	struct tval	*row = tv_map(a), *cells = tv_list(a), *c;
	const char	*text;
	size_t		 i;

	for (i = 0; i < s->ncols; i++) {
		text = s->cells[r * s->ncols + i];
		c = tv_map(a);
		tv_set(c, "text", text ? tv_str(a, text) : tv_bool(0));
		tv_set(c, "label", s->kv && i == 0 ? tv_bool(1) : tv_bool(0));
		tv_push(cells, c);
	}
	tv_set(row, "cells", cells);
	tv_push(rows, row);
}

/*
 * Lays one board out on as many pages as it needs, filling each sheet
 * before the next starts.  A section starts on the current sheet when
 * its heading, header row and first two rows fit (a small table of three
 * rows or fewer only when it fits whole); a row that does not fit moves to
 * the next sheet, where the board title and the section heading say
 * （续） and the header row repeats, and a table's last row never goes
 * alone.  A short table moves whole only from a sheet already 80% full.
 */
static void
paginate(struct boards *bs, const struct board *b, const char *name,
    struct tval *pages, size_t *pageno)
{
	const struct sheet *sh = &bs->sheet;
	double		 avail, used, h, head, first, whole, note, last;
	struct tval	*secs, *rows, *table;
	size_t		 si, r, on_sheet;

	avail = (sh->height_mm - 2 * MARGIN_MM * sh->scale - FOOTER_MM *
	    sh->scale - header_height(sh, name, b->title)) * FILL;
	secs = new_page(bs, pages, b, 0, ++*pageno);
	used = 0;
	for (si = 0; si < b->nsecs; si++) {
		const struct section *s = &b->secs[si];

		head = heading_height(sh, s->title) + (s->kv || s->nohead ?
		    0 : row_height(s, s->heads, sh, HEAD_PT));
		/* A note under the table goes with its last row. */
		note = s->note ? text_lines(s->note, BODY_PT,
		    content_width(sh), sh) * mm(sh, BODY_PT) * LINE +
		    2 * CELL_PAD_MM * sh->scale : 0;
		/* A table starts where its first two rows fit; one of
		 * SHORT_ROWS rows or fewer is never split. */
		for (r = 0, first = 0; r < s->nrows && r < 2; r++)
			first += row_height(s, s->cells + r * s->ncols, sh,
			    BODY_PT);
		if (s->nrows <= 2)
			first += note;
		whole = head + note;
		for (r = 0; r < s->nrows; r++)
			whole += row_height(s, s->cells + r * s->ncols, sh,
			    BODY_PT);
		if (s->nrows <= SHORT_ROWS && whole - head <= avail / 4)
			first = whole - head;
		/* A short table that would split moves whole, but only from
		 * a sheet already well filled: sheets fill up first. */
		if (used > 0 && (used + head + first > avail ||
		    (used >= avail * KEEP_WHOLE && whole <= avail / 2 &&
		    used + whole > avail))) {
			secs = new_page(bs, pages, b, 1, ++*pageno);
			used = 0;
		}
		rows = new_table(bs, secs, s, 0, &table);
		used += head;
		on_sheet = 0;
		for (r = 0; r < s->nrows; r++) {
			h = row_height(s, s->cells + r * s->ncols, sh, BODY_PT);
			if (r + 1 == s->nrows)
				h += note;
			/* Nor is a table's last row left alone on a sheet. */
			last = r + 2 == s->nrows ? row_height(s, s->cells +
			    (r + 1) * s->ncols, sh, BODY_PT) + note : 0;
			if (used > head && (used + h > avail || (last > 0 &&
			    on_sheet >= 2 && used + h + last > avail))) {
				secs = new_page(bs, pages, b, 1, ++*pageno);
				rows = new_table(bs, secs, s, 1, &table);
				used = head;
				on_sheet = 0;
			}
			push_row(bs, rows, s, r);
			used += h;
			on_sheet++;
		}
		if (s->nrows == 0)
			used += note;
		if (s->note != NULL)
			tv_set(table, "note", tv_str(bs->a, s->note));
	}
}

/*
 * One row of the code as a line one module thick: "M x y h run" for
 * its first run of dark modules, "m gap 0 h run" for the next ones;
 * without printf, as a code has hundreds of runs.  The view box starts
 * at (-4, -4.5), so the code's own coordinates need no quiet-zone
 * offset and no half-module.
 */
static void
qr_row(struct buf *b, const unsigned char *row, int width, int y)
{
	int	 x, run, end = -1;

	for (x = 0; x < width; x += run ? run : 1) {
		for (run = 0; x + run < width && (row[x + run] & 1); run++)
			continue;
		if (run == 0)
			continue;
		if (end < 0) {
			buf_putc(b, 'M');
			buf_put_u64(b, (uint64_t)x);
			buf_putc(b, ' ');
			buf_put_u64(b, (uint64_t)y);
			buf_putc(b, 'h');
		} else {
			buf_putc(b, 'm');
			buf_put_u64(b, (uint64_t)(x - end));
			buf_puts(b, " 0h");
		}
		buf_put_u64(b, (uint64_t)run);
		end = x + run;
	}
}

/*
 * The QR code as SVG: one path stroked a module wide, runs of dark
 * modules merged, with four modules of quiet zone.  Sets qr_svg (a
 * whole SVG, on a white square of its own, for layouts that put it on
 * any background), and for a document of many sheets qr_defs
 * (the code once, as a hidden symbol) and qr_use (an SVG drawing it,
 * sized by the stylesheet), so the code is not repeated on every sheet.
 * The symbol's id names the compound: boards printed together in one
 * document (printboards.c) each draw their own.
 */
static void
qr_views(struct boards *bs, struct tval *view, const char *url,
    const char *id)
{
	QRcode		*q;
	struct buf	*b = &bs->tmp;
	int		 y, w;
	const char	*drawing;

	if ((q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL) {
		tv_set(view, "qr_svg", tv_bool(0));
		tv_set(view, "qr_defs", tv_bool(0));
		tv_set(view, "qr_use", tv_bool(0));
		return;
	}
	w = q->width + 8;	/* four modules of quiet zone each side */
	buf_truncate(b, 0);
	buf_puts(b, "<path stroke=\"#000\" d=\"");
	for (y = 0; y < q->width; y++)
		qr_row(b, q->data + y * q->width, q->width, y);
	buf_puts(b, "\"/>");
	QRcode_free(q);
	drawing = arena_strdup(bs->a, b->p);

	buf_truncate(b, 0);
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"-4 -4.5 %d %d\" shape-rendering=\"crispEdges\" "
	    "role=\"img\" aria-label=\"", w, w);
	esc_html(b, url, strlen(url));
	buf_printf(b, "\"><path fill=\"#fff\" d=\"M-4-4.5h%dv%dh-%dz\"/>",
	    w, w, w);
	buf_puts(b, drawing);
	buf_puts(b, "</svg>");
	tv_set(view, "qr_svg", tv_strn(bs->a, b->p, b->len));

	buf_truncate(b, 0);
	/* An id is [a-z0-9-]: it needs no quotes. */
	buf_puts(b, "<svg role=img aria-label=\"");
	esc_html(b, url, strlen(url));
	buf_puts(b, "\"><use href=#qr-");
	esc_html(b, id, strlen(id));
	buf_puts(b, " /></svg>");
	tv_set(view, "qr_use", tv_strn(bs->a, b->p, b->len));

	buf_truncate(b, 0);
	/* The sheet is white: the symbol needs no square of its own. */
	buf_puts(b, "<svg width=0 height=0 style=position:absolute "
	    "aria-hidden=true><symbol id=qr-");
	esc_html(b, id, strlen(id));
	buf_printf(b, " viewBox=\"-4 -4.5 %d %d\" "
	    "shape-rendering=crispEdges>", w, w);
	buf_puts(b, drawing);
	buf_puts(b, "</symbol></svg>");
	tv_set(view, "qr_defs", tv_strn(bs->a, b->p, b->len));
}

void
board_sheet(const struct gs_site *site, double *w, double *h,
    const char **paper, const char **orientation)
{
	int	 a4 = site->board.paper.s != NULL && site->board.paper.n == GS_A4;
	int	 land = site->board.orientation.s != NULL &&
		    site->board.orientation.n == GS_LANDSCAPE;
	double	 shortside = a4 ? 210 : 297, longside = a4 ? 297 : 420;

	*w = land ? longside : shortside;
	*h = land ? shortside : longside;
	*paper = a4 ? "A4" : "A3";
	*orientation = land ? "landscape" : "portrait";
}

/*
 * s as the body of a CSS string (esc_css), for what every sheet shows
 * and the board's <style> gives once, as generated content.
 */
static const struct tval *
css_str(struct boards *bs, const char *s)
{
	buf_truncate(&bs->tmp, 0);
	if (s != NULL)
		esc_css(&bs->tmp, s, strlen(s));
	return tv_strn(bs->a, bs->tmp.p == NULL ? "" : bs->tmp.p,
	    bs->tmp.len);
}

/*
 * The view of one compound's board page: sheet size, the pages laid
 * out, and what every page carries (name, data date, revision, QR code
 * to the compound's page, city hotlines); status is for the day asof.
 * Returns the number of pages laid out.
 */
size_t
board_view(struct arena *a, struct tval *view, const struct gs_content *ct,
    const struct gs_compound *cp, const char *revision, int64_t today,
    int64_t asof, const char *latest)
{
	struct boards	 bs;
	struct tval	*pages = tv_list(a), *sheet, *hl, *x;
	const char	*url;
	size_t		 i, j, pageno = 0;

	memset(&bs, 0, sizeof(bs));
	bs.a = a;
	bs.site = &ct->site;
	bs.today = today;
	bs.latest = latest;
	bs.asof = asof;
	board_sheet(&ct->site, &bs.sheet.width_mm, &bs.sheet.height_mm,
	    &bs.sheet.paper, &bs.sheet.orientation);
	bs.sheet.scale = fmin(bs.sheet.width_mm, bs.sheet.height_mm) / 297.0;

	board_service(&bs, cp);
	board_supervision(&bs, cp);
	board_owners(&bs, cp);
	board_money(&bs, cp);
	for (i = 0; i < bs.n; i++) {
		for (j = 0; j < bs.v[i].nsecs; j++) {
			drop_empty_columns(a, &bs.v[i].secs[j]);
			fit_columns(a, &bs.sheet, &bs.v[i].secs[j]);
			break_spans(a, &bs.sheet, &bs.v[i].secs[j]);
		}
		paginate(&bs, &bs.v[i], cp->name.s, pages, &pageno);
	}

	url = arena_printf(a, "%sc/%s/", ct->site.base_url.s, cp->id.s);
	sheet = tv_map(a);
	tv_set(sheet, "paper", tv_str(a, bs.sheet.paper));
	tv_set(sheet, "orientation", tv_str(a, bs.sheet.orientation));
	tv_set(sheet, "width_mm", tv_strf(a, "%.0f", bs.sheet.width_mm));
	tv_set(sheet, "height_mm", tv_strf(a, "%.0f", bs.sheet.height_mm));
	tv_set(sheet, "scale", tv_strf(a, "%.4f", bs.sheet.scale));
	tv_set(view, "sheet", sheet);
	tv_set(view, "sheets", pages);
	tv_set(view, "sheet_count", tv_strf(a, "%zu", pageno));
	tv_set(view, "url", tv_str(a, url));
	qr_views(&bs, view, url, cp->id.s);
	tv_set(view, "revision", tv_str(a, revision));
	tv_set(view, "data_as_of", tv_str(a, date_words(&bs, &cp->data_as_of)));
	hl = tv_list(a);
	for (i = 0; i < ct->site.hotlines.n; i++) {
		const struct gs_contact *h = GS_AT(ct->site.hotlines,
		    struct gs_contact, i);

		x = tv_map(a);
		tv_set(x, "n", tv_strf(a, "%zu", i + 1));
		tv_set(x, "name", tv_str(a, h->name.s));
		tv_set(x, "phone", tv_str(a, h->phone.s));
		tv_set(x, "name_css", css_str(&bs, h->name.s));
		tv_set(x, "phone_css", css_str(&bs, h->phone.s));
		tv_push(hl, x);
	}
	tv_set(view, "hotlines", hl);
	tv_set(view, "publisher_css", css_str(&bs, ct->site.publisher.s));
	buf_free(&bs.tmp);
	return pageno;
}
