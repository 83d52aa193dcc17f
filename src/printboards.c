/*
 * Printing boards at scale: a community per Chromium start, only the
 * communities with a changed board, and one PDF per community and per
 * street beside one per compound.
 *
 * A community's boards, by compound id, are put into one HTML
 * document, each compound's sheets starting on a new page, and printed
 * once; the PDF must then have as many pages as the layout drew sheets
 * (board.c knows them).  Less its /Info, it is the community's PDF,
 * and it is cut at those counts into c/ID/board.pdf (pdfpages.c).
 * When the count is off, nothing is cut: that community's boards are
 * printed one by one.  A changed board prints its whole community
 * again, so every PDF has the bytes a clean run gives.  A street's PDF
 * joins its communities'.  Communities print in child processes, one
 * per processor.
 *
 * What was printed is recorded in DIR/.gongshi/boards-pdf, one line a
 * PDF: its path, the hash of what it was made from (a board's HTML
 * bytes; a community's boards; a street's community PDFs) and the hash
 * of its own bytes.  A PDF whose source and bytes still match is kept
 * as it is.  The record only saves work: lost or damaged, every board
 * is printed again, to the same bytes.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>
#include <time.h>

#include "content.h"
#include "diag.h"
#include "gongshi.h"
#include "i18n.h"
#include "output.h"
#include "pdfpages.h"
#include "progress.h"
#include "site.h"

#define HASH_LEN	40	/* hex SHA-1 */
#define RECORD		".gongshi/boards-pdf"

/* One line of the record. */
struct entry {
	const char	*path;		/* absolute */
	char		 in[HASH_LEN + 1];
	char		 out[HASH_LEN + 1];
};

struct record {
	struct entry	*v;
	size_t		 n, cap;
	struct buf	 text;		/* the file read; paths point in */
};

/* A compound's board: rendered this run, or earlier (in the site). */
struct job {
	const struct gs_compound *cp;
	char		*html;		/* absolute */
	char		*pdf;		/* absolute */
	size_t		 sheets;	/* pages laid out; 0 until known */
	char		 in[HASH_LEN + 1];
	char		 out[HASH_LEN + 1];	/* "" until known */
	int		 now;		/* rendered this run */
	int		 have;		/* a board to print */
	int		 print;		/* its PDF is not as recorded */
	int		 recorded;	/* in p->now */
};

/* A community: its boards are printed together, as one document. */
struct unit {
	const struct gs_area *street, *cm;
	char		*pdf;		/* boards/STREET/COMMUNITY.pdf */
	struct job	**v;		/* its compounds, by id */
	size_t		 n;
	int		 whole;		/* every one of them has a board */
	int		 print;
	char		 in[HASH_LEN + 1];
	char		 out[HASH_LEN + 1];	/* "" until known */
};

/* A street's PDF to put together from its communities'. */
struct join {
	char		*path;
	char		**src;
	size_t		 n;
	char		 in[HASH_LEN + 1];
};

struct printer {
	struct ctx	*c;
	struct unit	*units;
	size_t		 nunits;
	struct join	*joins;
	size_t		 njoins, joincap;
	const char	*site;
	char		*tmpdir;	/* DIR/.gongshi/print-XXXXXX */
	struct record	 old, now;
	size_t		 printed, kept, joined, fallbacks;
	struct progress	*progress;	/* boards printed, on a terminal */
	const size_t	*weight;	/* boards in each work item, or NULL */
};

/* GONGSHI_TIMING=1: how long each step took, on stderr. */
static void
timing(const char *what, size_t n)
{
	static struct timespec	 last;
	struct timespec		 now;

	if (getenv("GONGSHI_TIMING") == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (last.tv_sec != 0)
		fprintf(stderr, "timing: %s (%zu): cpu so far %.2f s, wall %.2f "
		    "s\n", what, n, (double)clock() / CLOCKS_PER_SEC,
		    (double)(now.tv_sec - last.tv_sec) +
		    (double)(now.tv_nsec - last.tv_nsec) / 1e9);
	last = now;
}

static int
hash_bytes(const void *p, size_t n, char hex[HASH_LEN + 1])
{
	git_oid		 oid;

	if (git_odb_hash(&oid, p, n, GIT_OBJECT_BLOB) != 0)
		return -1;
	git_oid_tostr(hex, HASH_LEN + 1, &oid);
	return 0;
}

/* The hash of a file's bytes; -1 (errno set) when it cannot be read. */
static int
hash_file(const char *path, char hex[HASH_LEN + 1])
{
	struct buf	 b = { 0 };
	int		 rc;

	if (buf_read_file(&b, path, SIZE_MAX / 2) == -1) {
		buf_free(&b);
		return -1;
	}
	rc = hash_bytes(b.p ? b.p : "", b.len, hex);
	buf_free(&b);
	return rc;
}

static int
is_hex(const char *s, size_t n)
{
	return n == HASH_LEN && strspn(s, "0123456789abcdef") >= HASH_LEN;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path,
	    ((const struct entry *)b)->path);
}

static void
record_add(struct record *r, const char *path, const char *in,
    const char *out)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	r->v[r->n].path = path;
	memcpy(r->v[r->n].in, in, HASH_LEN + 1);
	memcpy(r->v[r->n].out, out, HASH_LEN + 1);
	r->n++;
}

/*
 * Parses the record in r->text: lines "IN OUT PATH", sorted by path.
 * A line that is not of that form is skipped, so a damaged record
 * costs only reprinting.
 */
static void
record_parse(struct record *r)
{
	char		*p, *nl, *end;

	if (r->text.p == NULL)
		return;
	end = r->text.p + r->text.len;
	for (p = r->text.p; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;	/* a last line cut short */
		*nl = '\0';
		if (nl - p > 2 * (HASH_LEN + 1) + 1 && p[HASH_LEN] == ' ' &&
		    p[2 * HASH_LEN + 1] == ' ' && is_hex(p, HASH_LEN) &&
		    is_hex(p + HASH_LEN + 1, HASH_LEN) &&
		    p[2 * HASH_LEN + 2] == '/' &&
		    memchr(p, '\0', (size_t)(nl - p)) == NULL) {
			p[HASH_LEN] = p[2 * HASH_LEN + 1] = '\0';
			record_add(r, p + 2 * HASH_LEN + 2, p,
			    p + HASH_LEN + 1);
		}
	}
	if (r->n > 0)
		qsort(r->v, r->n, sizeof(*r->v), by_path);
}

static void
record_read(struct record *r, const char *file)
{
	if (buf_read_file(&r->text, file, 64u << 20) == 0)
		record_parse(r);
}

/*
 * For tests/fuzz: the record parsed from len bytes; the number of
 * entries, each checked to be whole and in order.
 */
size_t
print_record_check(const char *text, size_t len)
{
	struct record	 r;
	size_t		 i, n;

	memset(&r, 0, sizeof(r));
	buf_put(&r.text, text, len);
	record_parse(&r);
	for (i = 0; i < r.n; i++)
		if (strlen(r.v[i].in) != HASH_LEN ||
		    strlen(r.v[i].out) != HASH_LEN || r.v[i].path[0] != '/' ||
		    (i > 0 && strcmp(r.v[i - 1].path, r.v[i].path) > 0))
			abort();
	n = r.n;
	free(r.v);
	buf_free(&r.text);
	return n;
}

static const struct entry *
record_find(const struct record *r, const char *path)
{
	struct entry	 key;

	if (r->n == 0)
		return NULL;
	key.path = path;
	return bsearch(&key, r->v, r->n, sizeof(*r->v), by_path);
}

/*
 * Writes the record: this run's entries, and the earlier run's for
 * PDFs this run did not look at (other compounds, other sites).
 */
static int
record_write(struct printer *p, const char *file)
{
	struct buf	 b = { 0 }, tmp = { 0 };
	struct record	*now = &p->now;
	size_t		 i;
	FILE		*f;
	int		 fd, rc = -1;
	struct record	 mine;
	const struct entry *e;

	/* One entry a path: this run's, else the last run's. */
	if (now->n > 0)
		qsort(now->v, now->n, sizeof(*now->v), by_path);
	mine = *now;
	for (i = 0; i < p->old.n; i++)
		if ((i == 0 || strcmp(p->old.v[i - 1].path,
		    p->old.v[i].path) != 0) &&
		    record_find(&mine, p->old.v[i].path) == NULL) {
			e = &p->old.v[i];
			record_add(now, e->path, e->in, e->out);
			mine.v = now->v;	/* moved, perhaps */
		}
	if (now->n > 0)
		qsort(now->v, now->n, sizeof(*now->v), by_path);
	for (i = 0; i < now->n; i++)
		buf_printf(&b, "%s %s %s\n", now->v[i].in, now->v[i].out,
		    now->v[i].path);
	buf_printf(&tmp, "%s.tmp-XXXXXX", file);
	if ((fd = mkstemp(tmp.p)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		if (fd != -1)
			close(fd);
		report(&p->c->diags, SEV_ERROR, "%s: %s", tmp.p,
		    strerror(errno));
		goto out;
	}
	if ((b.len > 0 && fwrite(b.p, 1, b.len, f) != b.len) ||
	    fflush(f) == EOF || ferror(f)) {
		report(&p->c->diags, SEV_ERROR, "%s: %s", tmp.p,
		    strerror(errno));
		fclose(f);
		unlink(tmp.p);
		goto out;
	}
	if (fclose(f) == EOF || rename(tmp.p, file) == -1) {
		report(&p->c->diags, SEV_ERROR, "%s: %s", file,
		    strerror(errno));
		unlink(tmp.p);
		goto out;
	}
	rc = 0;
out:
	buf_free(&b);
	buf_free(&tmp);
	return rc;
}

/* Byte offset just past the '>' of the first <tag in s, or 0. */
static size_t
after_tag(const char *s, size_t len, const char *tag)
{
	const char	*gt;
	size_t		 n = strlen(tag), i;

	for (i = 0; i + n < len; i++)
		if (memcmp(s + i, tag, n) == 0 && strchr("> \t\n",
		    s[i + n]) != NULL && s[i + n] != '\0' &&
		    (gt = memchr(s + i, '>', len - i)) != NULL)
			return (size_t)(gt + 1 - s);
	return 0;
}

/* Offset of the last </body> in s, or 0. */
static size_t
body_end(const char *s, size_t len)
{
	size_t		 i;

	for (i = len; i >= 7; i--)
		if (memcmp(s + i - 7, "</body>", 7) == 0)
			return i - 7;
	return 0;
}

/* A path as a file: URL, percent-encoding what is not plain. */
static void
file_url(struct buf *b, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	buf_puts(b, "file://");
	for (p = (const unsigned char *)path; *p != '\0'; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p) != NULL)
			buf_putc(b, *p);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		}
}

/*
 * The boards of jobs as one document: the first board's head, with a
 * base so that its relative links still resolve, then each board's
 * body in a block that starts a new page.  -1 when a board has no
 * <head> or <body> to take apart.
 */
static int
combine(struct printer *p, struct job **v, size_t n, const char *path)
{
	struct buf	 doc = { 0 }, one = { 0 }, dir = { 0 };
	size_t		 i, head = 0, body, end;
	int		 rc = -1;
	FILE		*f;

	for (i = 0; i < n; i++) {
		buf_truncate(&one, 0);
		if (buf_read_file(&one, v[i]->html, 64u << 20) == -1 ||
		    one.p == NULL ||
		    (body = after_tag(one.p, one.len, "<body")) == 0 ||
		    (end = body_end(one.p, one.len)) < body)
			goto out;
		if (i == 0) {
			if ((head = after_tag(one.p, one.len, "<head")) == 0 ||
			    head > body)
				goto out;
			buf_put(&doc, one.p, head);
			buf_printf(&dir, "%.*s", (int)(strrchr(v[0]->html,
			    '/') - v[0]->html + 1), v[0]->html);
			buf_puts(&doc, "\n<base href=\"");
			file_url(&doc, dir.p);
			buf_puts(&doc, "\">\n<style>.gongshi-print + "
			    ".gongshi-print { break-before: page; "
			    "page-break-before: always; }</style>");
			buf_put(&doc, one.p + head, body - head);
		}
		buf_puts(&doc, "\n<div class=\"gongshi-print\">");
		buf_put(&doc, one.p + body, end - body);
		buf_puts(&doc, "</div>");
	}
	buf_puts(&doc, "\n</body>\n</html>\n");
	if ((f = fopen(path, "w")) == NULL)
		goto out;
	if (fwrite(doc.p, 1, doc.len, f) != doc.len || fflush(f) == EOF ||
	    ferror(f)) {
		fclose(f);
		goto out;
	}
	if (fclose(f) == EOF)
		goto out;
	rc = 0;
out:
	if (rc == -1)
		report(&p->c->diags, SEV_WARNING, "%s: the boards could not "
		    "be put into one document", path);
	buf_free(&doc);
	buf_free(&one);
	buf_free(&dir);
	return rc;
}

/* A printed board in place: its bytes hashed, the record told. */
static int
printed(struct printer *p, struct job *j)
{
	if (hash_file(j->pdf, j->out) == -1) {
		report(&p->c->diags, SEV_ERROR, "%s: %s", j->pdf,
		    strerror(errno));
		return -1;
	}
	record_add(&p->now, j->pdf, j->in, j->out);
	j->recorded = 1;
	p->printed++;
	return 0;
}

static size_t
workers(void)
{
	const char	*env = getenv("GONGSHI_PRINT_JOBS");
	long		 n = sysconf(_SC_NPROCESSORS_ONLN);

	if (env != NULL && *env >= '1' && *env <= '8' && env[1] == '\0')
		n = *env - '0';
	return n < 1 ? 1 : n > 8 ? 8 : (size_t)n;
}

/*
 * Runs work(p, arg, k) for k in 0..n in child processes, as many at a
 * time as there are processors (GONGSHI_PRINT_JOBS=1..8 says another
 * number): Chromium and qpdf each keep one busy.  status[k] is what
 * work returned (0..254), 255 when it died.  Returns 0 when every one
 * returned 0, else -1.
 */
static int
in_workers(struct printer *p, void *arg, size_t n,
    int (*work)(struct printer *, void *, size_t), unsigned char *status)
{
	pid_t		 pids[8] = { 0 }, pid;
	size_t		 which[8], next = 0, running = 0, k, w = workers();
	int		 st, rc = 0;

	if (w > n)
		w = n;
	memset(status, 255, n);
	fflush(NULL);
	while (next < n || running > 0) {
		while (running < w && next < n) {
			if ((pid = fork()) == -1) {
				report(&p->c->diags, SEV_ERROR, "fork: %s",
				    strerror(errno));
				next = n;
				rc = -1;
				break;
			}
			if (pid == 0) {
				st = work(p, arg, next);
				fflush(NULL);
				_exit(st < 0 || st > 254 ? 1 : st);
			}
			for (k = 0; pids[k] != 0; k++)
				continue;
			pids[k] = pid;
			which[k] = next++;
			running++;
		}
		if (running == 0)
			break;
		if ((pid = waitpid(-1, &st, 0)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (k = 0; k < w && pids[k] != pid; k++)
			continue;
		if (k == w)
			continue;
		pids[k] = 0;
		running--;
		status[which[k]] = WIFEXITED(st) ? WEXITSTATUS(st) : 255;
		if (p->weight != NULL)
			progress_step(p->progress, p->weight[which[k]]);
		if (status[which[k]] != 0)
			rc = -1;
	}
	return rc;
}

/* One board by itself, through a PDF of its own: the fallback. */
static int
print_one(struct printer *p, struct job *j)
{
	struct buf	 raw = { 0 };
	size_t		 pages;
	int		 n, rc = -1;

	buf_printf(&raw, "%s/one.pdf", p->tmpdir);
	if (print_pdf(j->html, raw.p, 120, &p->c->diags) == -1 ||
	    (n = pdf_count_pages(raw.p, &p->c->diags)) < 0)
		goto out;
	pages = (size_t)n;
	if (pdf_split(raw.p, &pages, (const char *const *)&j->pdf, 1, NULL,
	    &p->c->diags) == -1 || printed(p, j) == -1)
		goto out;
	rc = 0;
out:
	if (rc == -1)
		report(&p->c->diags, SEV_ERROR, "%s was not printed", j->pdf);
	unlink(raw.p);
	buf_free(&raw);
	return rc;
}

static const struct gs_area *
street_of(const struct gs_compound *cp)
{
	return cp->community_area ? cp->community_area->parent : NULL;
}

#define PAGES_OFF	3	/* print_unit: not the pages laid out */

/*
 * In a child: community k's boards in one document, printed once; the
 * PDF, as a new document, is the community's, and is cut into its
 * compounds' PDFs.  PAGES_OFF when the pages do not come out as laid
 * out (GONGSHI_PRINT_FAULT=pages miscounts, for the tests).
 */
static int
print_unit(struct printer *p, void *arg, size_t k)
{
	struct unit	*u = &p->units[k];
	struct buf	 html = { 0 }, pdf = { 0 };
	size_t		*pages = xcalloc(u->n, sizeof(*pages)), i, want = 0;
	const char	**dst = xcalloc(u->n, sizeof(*dst)), *fault;
	int		 got, rc = 1;
	FILE		*fp;

	(void)arg;
	for (i = 0; i < u->n; i++) {
		pages[i] = u->v[i]->sheets;
		want += pages[i];
		dst[i] = u->v[i]->pdf;
	}
	buf_printf(&html, "%s/%zu.html", p->tmpdir, k);
	buf_printf(&pdf, "%s/%zu.pdf", p->tmpdir, k);
	timing("start", u->n);
	if (combine(p, u->v, u->n, html.p) == -1 ||
	    print_pdf(html.p, pdf.p, 60 + 10 * (int)u->n, &p->c->diags) == -1 ||
	    (timing("chromium", u->n), 0) ||
	    (got = pdf_count_pages(pdf.p, &p->c->diags)) < 0)
		goto out;
	fault = getenv("GONGSHI_PRINT_FAULT");
	if (fault != NULL && strcmp(fault, "pages") == 0)
		got++;
	if ((size_t)got != want) {
		/* The parent says so, with the count. */
		buf_truncate(&html, 0);
		buf_printf(&html, "%s/%zu.got", p->tmpdir, k);
		if ((fp = fopen(html.p, "w")) != NULL) {
			fprintf(fp, "%d\n", got);
			fclose(fp);
		}
		rc = PAGES_OFF;
		goto out;
	}
	if (pdf_split(pdf.p, pages, dst, u->n, u->whole ? u->pdf : NULL,
	    &p->c->diags) == 0)
		rc = 0;
	timing("cut", u->n);
out:
	unlink(html.p);
	unlink(pdf.p);
	buf_free(&html);
	buf_free(&pdf);
	free(pages);
	free(dst);
	return rc;
}

/* The list a community's or street's record entry hashes. */
static void
unit_source(const struct unit *u, char in[HASH_LEN + 1])
{
	struct buf	 list = { 0 };
	size_t		 i;

	for (i = 0; i < u->n; i++)
		buf_printf(&list, "%s %s\n", u->v[i]->cp->id.s, u->v[i]->in);
	hash_bytes(list.p ? list.p : "", list.len, in);
	buf_free(&list);
}

/*
 * After the children: each printed community's PDFs recorded; one
 * whose pages came out wrong printed board by board, its PDF joined
 * from theirs.
 */
static int
unit_done(struct printer *p, size_t k, int status)
{
	struct unit	*u = &p->units[k];
	struct buf	 b = { 0 };
	size_t		 i, want = 0;
	char		**src;
	int		 rc = 0, got = -1;
	FILE		*fp;

	if (status == PAGES_OFF) {
		buf_printf(&b, "%s/%zu.got", p->tmpdir, k);
		if ((fp = fopen(b.p, "r")) != NULL) {
			if (fscanf(fp, "%d", &got) != 1)
				got = -1;
			fclose(fp);
		}
		buf_free(&b);
		for (i = 0; i < u->n; i++)
			want += u->v[i]->sheets;
		report(&p->c->diags, SEV_WARNING, "%zu boards printed "
		    "together (%s to %s) came out as %d pages, not the %zu "
		    "laid out; printing them one by one", u->n,
		    u->v[0]->cp->name.s, u->v[u->n - 1]->cp->name.s, got, want);
		p->fallbacks++;
		for (i = 0; i < u->n && rc == 0; i++)
			rc = print_one(p, u->v[i]);
		if (rc == 0 && u->whole) {
			src = xcalloc(u->n, sizeof(*src));
			for (i = 0; i < u->n; i++)
				src[i] = u->v[i]->pdf;
			rc = pdf_join((const char *const *)src, u->n, u->pdf,
			    &p->c->diags);
			free(src);
		}
	} else if (status != 0) {
		report(&p->c->diags, SEV_ERROR, "%s: its boards could not be "
		    "printed", u->pdf);
		return -1;
	} else
		for (i = 0; i < u->n && rc == 0; i++)
			rc = printed(p, u->v[i]);
	if (rc == 0 && u->whole) {
		if (hash_file(u->pdf, u->out) == -1) {
			report(&p->c->diags, SEV_ERROR, "%s: %s", u->pdf,
			    strerror(errno));
			return -1;
		}
		record_add(&p->now, u->pdf, u->in, u->out);
		p->joined++;
	}
	return rc;
}

static int
make_dir(const char *path, struct diags *d)
{
	if (mkdir(path, 0755) == -1 && errno != EEXIST) {
		report(d, SEV_ERROR, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* A board whose HTML and PDF are as recorded keeps its PDF. */
static int
still_right(struct printer *p, struct job *j)
{
	const struct entry *e = record_find(&p->old, j->pdf);

	if (e == NULL || strcmp(e->in, j->in) != 0 ||
	    hash_file(j->pdf, j->out) == -1 || strcmp(e->out, j->out) != 0) {
		j->out[0] = '\0';
		return 0;
	}
	return 1;	/* recorded once known not to be printed again */
}

/*
 * The compound cpi, rendered earlier, as the site has it: a board to
 * print only when its PDF is as recorded (so its pages are known).
 */
static void
earlier(struct printer *p, struct job *j)
{
	if (hash_file(j->html, j->in) == -1)
		return;
	j->have = still_right(p, j);
}

/*
 * The communities of every street one of the boards rendered is in,
 * in the order of areas.yaml, each with its compounds by id.
 */
static int
make_units(struct printer *p, struct job *jobs)
{
	const struct gs_content *ct = p->c->content;
	struct buf	 path = { 0 };
	size_t		 i, j, k, cap = 0;
	int		 rc = -1;

	for (i = 0; i < ct->nareas; i++) {
		const struct gs_area *st = ct->areas[i];

		if (st->level != GS_STREET)
			continue;
		for (j = 0; j < ct->ncompounds &&
		    !(jobs[j].now && street_of(jobs[j].cp) == st); j++)
			continue;
		if (j == ct->ncompounds)
			continue;
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/boards", p->site);
		if (make_dir(path.p, &p->c->diags) == -1)
			goto out;
		buf_printf(&path, "/%s", st->code.s);
		if (make_dir(path.p, &p->c->diags) == -1)
			goto out;
		for (k = 0; k < st->children.n; k++) {
			const struct gs_area *cm = GS_AT(st->children,
			    struct gs_area, k);
			struct unit	*u;

			if (p->nunits == cap) {
				cap = cap ? cap * 2 : 16;
				p->units = xrealloc(p->units,
				    cap * sizeof(*p->units));
			}
			u = &p->units[p->nunits];
			memset(u, 0, sizeof(*u));
			u->street = st;
			u->cm = cm;
			u->v = xcalloc(ct->ncompounds + 1, sizeof(*u->v));
			u->whole = 1;
			for (j = 0; j < ct->ncompounds; j++) {
				if (ct->compounds[j]->community_area != cm)
					continue;
				if (!jobs[j].now)
					earlier(p, &jobs[j]);
				if (jobs[j].have)
					u->v[u->n++] = &jobs[j];
				else
					u->whole = 0;
				if (jobs[j].print)
					u->print = 1;
			}
			if (u->n == 0) {
				free(u->v);
				continue;
			}
			u->pdf = arena_printf(&p->c->arena, "%s/boards/%s/%s.pdf",
			    p->site, st->code.s, cm->code.s);
			p->nunits++;
		}
	}
	rc = 0;
out:
	buf_free(&path);
	return rc;
}

/*
 * Which communities to print: those with a changed board, and those
 * whose own PDF is not as recorded.  A community one of whose
 * compounds has no board has no PDF (an older one would be wrong).
 */
static void
plan_units(struct printer *p)
{
	const struct entry *e;
	struct unit	*u;
	size_t		 i, k;

	for (i = 0; i < p->nunits; i++) {
		u = &p->units[i];
		unit_source(u, u->in);
		if (!u->whole)
			unlink(u->pdf);
		else if (!u->print && ((e = record_find(&p->old, u->pdf)) ==
		    NULL || strcmp(e->in, u->in) != 0 ||
		    hash_file(u->pdf, u->out) == -1 ||
		    strcmp(e->out, u->out) != 0))
			u->print = 1;
		else if (!u->print)
			record_add(&p->now, u->pdf, u->in, u->out);
		if (!u->print)
			continue;
		u->out[0] = '\0';
		/* Boards of earlier runs: their pages are their PDF's. */
		for (k = 0; k < u->n; k++) {
			struct job *j = u->v[k];
			int	 np;

			if (j->sheets == 0 && (np = pdf_count_pages(j->pdf,
			    &p->c->diags)) > 0)
				j->sheets = (size_t)np;
		}
	}
}

/*
 * boards/STREET/board.pdf: the street's community PDFs joined, again
 * only when one of them changed.
 */
static void
plan_streets(struct printer *p)
{
	struct buf	 list = { 0 }, path = { 0 };
	const struct entry *e;
	char		 out[HASH_LEN + 1];
	size_t		 i, k, n;
	int		 whole;

	for (i = 0; i < p->nunits; i = k) {
		buf_truncate(&list, 0);
		whole = 1;
		for (k = i; k < p->nunits &&
		    p->units[k].street == p->units[i].street; k++) {
			struct unit *u = &p->units[k];

			if (!u->whole || (u->out[0] == '\0' &&
			    hash_file(u->pdf, u->out) == -1))
				whole = 0;
			else
				buf_printf(&list, "%s %s\n", u->cm->code.s,
				    u->out);
		}
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/boards/%s/board.pdf", p->site,
		    p->units[i].street->code.s);
		if (!whole) {
			unlink(path.p);
			continue;
		}
		if (p->njoins == p->joincap) {
			p->joincap = p->joincap ? p->joincap * 2 : 16;
			p->joins = xrealloc(p->joins,
			    p->joincap * sizeof(*p->joins));
		}
		hash_bytes(list.p, list.len, p->joins[p->njoins].in);
		if ((e = record_find(&p->old, path.p)) != NULL &&
		    strcmp(e->in, p->joins[p->njoins].in) == 0 &&
		    hash_file(path.p, out) == 0 && strcmp(e->out, out) == 0) {
			record_add(&p->now, e->path, e->in, out);
			continue;
		}
		p->joins[p->njoins].path = xstrdup(path.p);
		p->joins[p->njoins].n = k - i;
		p->joins[p->njoins].src = xcalloc(k - i, sizeof(char *));
		for (n = i; n < k; n++)
			p->joins[p->njoins].src[n - i] =
			    xstrdup(p->units[n].pdf);
		p->njoins++;
	}
	buf_free(&list);
	buf_free(&path);
}

static int
join_one(struct printer *p, void *arg, size_t k)
{
	(void)arg;
	return pdf_join((const char *const *)p->joins[k].src, p->joins[k].n,
	    p->joins[k].path, &p->c->diags) == 0 ? 0 : 1;
}

/* The queued joins, several at a time; each recorded when done. */
static int
run_joins(struct printer *p)
{
	unsigned char	*ok = xcalloc(p->njoins + 1, 1);
	char		 out[HASH_LEN + 1];
	size_t		 i;
	int		 rc = 0;

	if (p->njoins > 0)
		in_workers(p, NULL, p->njoins, join_one, ok);
	for (i = 0; i < p->njoins; i++) {
		if (ok[i] != 0 || hash_file(p->joins[i].path, out) == -1) {
			report(&p->c->diags, SEV_ERROR, "%s could not be put "
			    "together", p->joins[i].path);
			rc = -1;
			continue;
		}
		record_add(&p->now, arena_strdup(&p->c->arena,
		    p->joins[i].path), p->joins[i].in, out);
		p->joined++;
	}
	free(ok);
	return rc;
}

static void
joins_free(struct printer *p)
{
	size_t		 i, k;

	for (i = 0; i < p->njoins; i++) {
		for (k = 0; k < p->joins[i].n; k++)
			free(p->joins[i].src[k]);
		free(p->joins[i].src);
		free(p->joins[i].path);
	}
	free(p->joins);
	for (i = 0; i < p->nunits; i++)
		free(p->units[i].v);
	free(p->units);
}

/* Communities to print, as run_units' children know them. */
struct todo {
	size_t		*v;
	size_t		 n;
};

static int
print_todo(struct printer *p, void *arg, size_t k)
{
	return print_unit(p, NULL, ((struct todo *)arg)->v[k]);
}

/* The communities to print, several at a time, then recorded. */
static int
run_units(struct printer *p)
{
	struct todo	 t;
	struct progress	 pr;
	unsigned char	*status;
	size_t		 i, *weight, boards = 0;
	int		 rc = 0;

	t.v = xcalloc(p->nunits + 1, sizeof(*t.v));
	weight = xcalloc(p->nunits + 1, sizeof(*weight));
	for (t.n = 0, i = 0; i < p->nunits; i++)
		if (p->units[i].print) {
			weight[t.n] = p->units[i].n;
			boards += p->units[i].n;
			t.v[t.n++] = i;
		}
	status = xcalloc(t.n + 1, 1);
	/* A community's boards count as printed when its print ends. */
	progress_begin(&pr, _("printing boards"), PROGRESS_BOARDS, boards);
	p->progress = &pr;
	p->weight = weight;
	if (t.n > 0)
		in_workers(p, &t, t.n, print_todo, status);
	p->weight = NULL;
	progress_end(&pr);
	free(weight);
	for (i = 0; i < t.n; i++)
		if (unit_done(p, t.v[i], status[i]) == -1)
			rc = -1;
	free(status);
	free(t.v);
	return rc;
}

/*
 * Prints the boards v[0..n) written into the site at site (absolute)
 * to c/ID/board.pdf beside each, community by community, and puts
 * together their streets' PDFs.  Returns 0, or -1 with the reasons in
 * c->diags.
 */
int
print_boards(struct ctx *c, const char *site, const struct board_done *v,
    size_t n)
{
	const struct gs_content *ct = c->content;
	struct printer	 p;
	struct job	*jobs = xcalloc(ct->ncompounds + 1, sizeof(*jobs));
	struct buf	 path = { 0 }, record = { 0 };
	size_t		 i, k;
	int		 rc = -1;

	memset(&p, 0, sizeof(p));
	p.c = c;
	p.site = site;
	/* The record and the work beside the content; where that cannot
	 * be written, work in /tmp and print everything, as before. */
	buf_printf(&record, "%s/.gongshi", c->dir);
	if ((mkdir(record.p, 0755) == 0 || errno == EEXIST) &&
	    access(record.p, W_OK) == 0) {
		buf_printf(&path, "%s/print-XXXXXX", record.p);
		buf_truncate(&record, 0);
		buf_printf(&record, "%s/%s", c->dir, RECORD);
		record_read(&p.old, record.p);
	} else {
		buf_puts(&path, "/tmp/gongshi-print-XXXXXX");
		buf_free(&record);
	}
	if ((p.tmpdir = mkdtemp(path.p)) == NULL) {
		report(&c->diags, SEV_ERROR, "%s: %s", path.p, strerror(errno));
		goto out;
	}

	for (k = 0; k < ct->ncompounds; k++) {
		jobs[k].cp = ct->compounds[k];
		jobs[k].html = arena_printf(&c->arena, "%s/c/%s/board.html",
		    site, ct->compounds[k]->id.s);
		jobs[k].pdf = arena_printf(&c->arena, "%s/c/%s/board.pdf",
		    site, ct->compounds[k]->id.s);
	}
	/* v is in the order of ct->compounds. */
	for (i = 0, k = 0; i < n; i++) {
		while (k < ct->ncompounds && ct->compounds[k] != v[i].cp)
			k++;
		if (k == ct->ncompounds)
			for (k = 0; ct->compounds[k] != v[i].cp; k++)
				continue;
		jobs[k].now = jobs[k].have = 1;
		jobs[k].sheets = v[i].sheets;
		jobs[k].html = arena_printf(&c->arena, "%s/%s", site,
		    v[i].html);
		if (hash_file(jobs[k].html, jobs[k].in) == -1) {
			report(&c->diags, SEV_ERROR, "%s: %s", jobs[k].html,
			    strerror(errno));
			goto out;
		}
		if (still_right(&p, &jobs[k]))
			p.kept++;
		else
			jobs[k].print = 1;
	}
	if (make_units(&p, jobs) == -1)
		goto out;
	plan_units(&p);
	timing("planned", n);
	if (run_units(&p) == -1)
		goto out;
	timing("printed", n);
	plan_streets(&p);
	for (k = 0; k < ct->ncompounds; k++)
		if (jobs[k].have && !jobs[k].recorded && jobs[k].out[0] != '\0')
			record_add(&p.now, jobs[k].pdf, jobs[k].in, jobs[k].out);
	if (run_joins(&p) == -1)
		goto out;
	timing("joined", n);
	rc = 0;
out:
	/* What was printed is recorded even when something later failed. */
	if (p.tmpdir != NULL && record.p != NULL &&
	    record_write(&p, record.p) == -1)
		rc = -1;
	if (rc == 0)
		report(&c->diags, SEV_NOTE, ngettext("printed %zu board PDF, "
		    "kept %zu unchanged; %zu community and street PDFs put "
		    "together", "printed %zu board PDFs, kept %zu unchanged; "
		    "%zu community and street PDFs put together", p.printed),
		    p.printed, p.kept, p.joined);
	if (p.tmpdir != NULL)
		remove_tree(p.tmpdir);
	joins_free(&p);
	free(p.old.v);
	free(p.now.v);
	buf_free(&p.old.text);
	buf_free(&path);
	buf_free(&record);
	free(jobs);
	return rc;
}
