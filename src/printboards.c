/*
 * Printing boards at scale: many boards per Chromium start, only the
 * boards that changed, and one PDF per community and per street beside
 * one per compound.
 *
 * The boards that need printing, street by street, BATCH_MAX at a
 * time, are put into one HTML document, each compound's sheets
 * starting on a new page, and printed once; the PDF must then have as
 * many pages as the layout drew sheets (board.c knows them), and is
 * cut at those counts into c/ID/board.pdf (pdfpages.c).  When the
 * count is off, nothing is cut: that batch's boards are printed one by
 * one, as before.
 *
 * What was printed is recorded in DIR/.gongshi/boards-pdf, one line a
 * PDF: its path, the hash of what it was made from (a board's HTML
 * bytes; the list of a community's or street's compound PDFs) and the
 * hash of its own bytes.  A PDF whose source and bytes still match is
 * kept as it is.  The record only saves work: lost or damaged, every
 * board is printed again, to the same bytes.
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
#include "site.h"

#define BATCH_MAX	200	/* boards in one printed document */
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

/* One compound's board this run. */
struct job {
	const struct board_done *b;
	char		*html;		/* absolute */
	char		*pdf;		/* absolute */
	char		 in[HASH_LEN + 1];
	char		 out[HASH_LEN + 1];	/* "" until known */
	int		 print;
};

/* A community's or street's PDF to put together. */
struct join {
	char		*path;
	char		**src;		/* its compounds' PDFs */
	size_t		 n;
	char		 in[HASH_LEN + 1];
};

struct printer {
	struct ctx	*c;
	struct join	*joins;
	size_t		 njoins, joincap;
	const char	*site;
	char		*tmpdir;	/* DIR/.gongshi/print-XXXXXX */
	struct record	 old, now;
	size_t		 printed, kept, joined, fallbacks;
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

	for (i = 0; i < p->old.n; i++)
		if (record_find(now, p->old.v[i].path) == NULL)
			record_add(now, p->old.v[i].path, p->old.v[i].in,
			    p->old.v[i].out);
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
	p->printed++;
	return 0;
}

/*
 * Runs work(p, arg, k) for k in 0..n in child processes, as many at a
 * time as there are processors (qpdf uses one): cutting and joining
 * PDFs is most of printing's time.  Returns 0 when every one exited 0,
 * else -1 with ok[k] 0 for those that failed.
 */
static int
in_workers(struct printer *p, void *arg, size_t n,
    int (*work)(struct printer *, void *, size_t), char *ok)
{
	pid_t		 pids[8] = { 0 }, pid;
	size_t		 which[8], next = 0, running = 0, k, w;
	long		 cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int		 st, rc = 0;

	w = cpus < 1 ? 1 : cpus > 8 ? 8 : (size_t)cpus;
	if (w > n)
		w = n;
	memset(ok, 0, n);
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
			if (pid == 0)
				_exit(work(p, arg, next) == 0 ? 0 : 1);
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
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok[which[k]] = 1;
		else
			rc = -1;
	}
	return rc;
}

/* Worker k of a split: the outputs k, k + w, k + 2w... */
struct split_work {
	const char	*src;
	const size_t	*pages;
	const char	**dst;
	size_t		 n, w;
};

static int
split_share(struct printer *p, void *arg, size_t k)
{
	struct split_work *sw = arg;
	const char	**mine = xcalloc(sw->n, sizeof(*mine));
	size_t		 i;
	int		 rc;

	for (i = k; i < sw->n; i += sw->w)
		mine[i] = sw->dst[i];
	rc = pdf_split(sw->src, sw->pages, mine, sw->n, &p->c->diags);
	free(mine);
	return rc;
}

static int
split_parallel(struct printer *p, const char *src, const size_t *pages,
    const char **dst, size_t n)
{
	struct split_work sw = { src, pages, dst, n, 0 };
	long		 cpus = sysconf(_SC_NPROCESSORS_ONLN);
	char		 ok[8];

	sw.w = cpus < 1 ? 1 : cpus > 8 ? 8 : (size_t)cpus;
	if (sw.w > n)
		sw.w = n;
	if (sw.w <= 1)
		return pdf_split(src, pages, dst, n, &p->c->diags);
	return in_workers(p, &sw, sw.w, split_share, ok);
}

/* One board by itself, through a PDF of its own: the old way. */
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
	if (pdf_split(raw.p, &pages, (const char *const *)&j->pdf, 1,
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

/*
 * The boards v[0..n) in one document, printed once and cut; boards
 * printed one by one instead when the pages do not come out as laid
 * out.  GONGSHI_PRINT_FAULT=pages miscounts, for the tests.
 */
static int
print_batch(struct printer *p, struct job **v, size_t n)
{
	struct buf	 html = { 0 }, pdf = { 0 };
	size_t		*pages = xcalloc(n, sizeof(*pages)), i, want = 0;
	const char	**dst = xcalloc(n, sizeof(*dst)), *fault;
	int		 got = -1, rc = -1;

	for (i = 0; i < n; i++) {
		pages[i] = v[i]->b->sheets;
		want += pages[i];
		dst[i] = v[i]->pdf;
	}
	buf_printf(&html, "%s/boards.html", p->tmpdir);
	buf_printf(&pdf, "%s/boards.pdf", p->tmpdir);
	timing("start", n);
	if (n > 1 && combine(p, v, n, html.p) == 0 &&
	    (timing("combine", n), 1) &&
	    print_pdf(html.p, pdf.p, 60 + 10 * (int)n, &p->c->diags) == 0 &&
	    (timing("chromium", n), 1) &&
	    (got = pdf_count_pages(pdf.p, &p->c->diags)) >= 0) {
		fault = getenv("GONGSHI_PRINT_FAULT");
		if (fault != NULL && strcmp(fault, "pages") == 0)
			got++;
		if ((size_t)got == want) {
			if (split_parallel(p, pdf.p, pages, dst, n) == -1) {
				report(&p->c->diags, SEV_ERROR, "%s could not "
				    "be cut into the boards' PDFs", pdf.p);
				goto out;
			}
			timing("split", n);
			for (i = 0; i < n; i++)
				if (printed(p, v[i]) == -1)
					goto out;
			rc = 0;
			goto out;
		}
		report(&p->c->diags, SEV_WARNING, "%zu boards printed "
		    "together (%s to %s) came out as %d pages, not the %zu "
		    "laid out; printing them one by one", n,
		    v[0]->b->cp->name.s, v[n - 1]->b->cp->name.s, got, want);
	}
	if (n > 1)
		p->fallbacks++;
	for (rc = 0, i = 0; i < n && rc == 0; i++)
		rc = print_one(p, v[i]);
out:
	unlink(html.p);
	unlink(pdf.p);
	buf_free(&html);
	buf_free(&pdf);
	free(pages);
	free(dst);
	return rc;
}

/* Boards to print by street code, then compound id. */
static int
by_street(const void *a, const void *b)
{
	const struct job *x = *(struct job *const *)a;
	const struct job *y = *(struct job *const *)b;
	const struct gs_area *sx = street_of(x->b->cp);
	const struct gs_area *sy = street_of(y->b->cp);
	int		 d;

	if (sx != sy && (d = strcmp(sx ? sx->code.s : "",
	    sy ? sy->code.s : "")) != 0)
		return d;
	return strcmp(x->b->cp->id.s, y->b->cp->id.s);
}

/*
 * One PDF of the compounds' boards cp[0..n), at path: made again only
 * when one of them changed.  When one has no PDF, there is none.
 */
static int
assemble(struct printer *p, struct job **by_cp, const size_t *cpi, size_t n,
    const char *path)
{
	const struct gs_content *ct = p->c->content;
	struct buf	 list = { 0 }, one = { 0 };
	char		**src = xcalloc(n + 1, sizeof(*src));
	char		 in[HASH_LEN + 1], out[HASH_LEN + 1], hex[HASH_LEN + 1];
	const struct entry *e;
	const struct job *j;
	size_t		 i;
	int		 rc = -1;

	for (i = 0; i < n; i++) {
		buf_truncate(&one, 0);
		buf_printf(&one, "%s/c/%s/board.pdf", p->site,
		    ct->compounds[cpi[i]]->id.s);
		src[i] = xstrdup(one.p);
		if ((j = by_cp[cpi[i]]) != NULL && j->out[0] != '\0')
			memcpy(hex, j->out, sizeof(hex));
		else if (hash_file(src[i], hex) == -1) {
			/* One not printed: no PDF of them all either (an
			 * older one would be wrong). */
			unlink(path);
			rc = 0;
			goto out;
		}
		buf_printf(&list, "%s %s\n", ct->compounds[cpi[i]]->id.s, hex);
	}
	hash_bytes(list.p, list.len, in);
	if ((e = record_find(&p->old, path)) != NULL &&
	    strcmp(e->in, in) == 0 && hash_file(path, out) == 0 &&
	    strcmp(e->out, out) == 0) {
		record_add(&p->now, e->path, in, out);
		rc = 0;
		goto out;
	}
	/* Put together later, several at a time (run_joins). */
	if (p->njoins == p->joincap) {
		p->joincap = p->joincap ? p->joincap * 2 : 16;
		p->joins = xrealloc(p->joins, p->joincap * sizeof(*p->joins));
	}
	p->joins[p->njoins].path = xstrdup(path);
	p->joins[p->njoins].src = src;
	p->joins[p->njoins].n = n;
	memcpy(p->joins[p->njoins].in, in, sizeof(in));
	p->njoins++;
	src = NULL;
	rc = 0;
out:
	for (i = 0; src != NULL && i < n; i++)
		free(src[i]);
	free(src);
	buf_free(&list);
	buf_free(&one);
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

/*
 * boards/STREET/board.pdf and boards/STREET/COMMUNITY.pdf for every
 * street one of jobs is in: its communities in the order of
 * areas.yaml, each community's compounds by id, as boards/STREET/
 * lists them.
 */
static int
assemble_all(struct printer *p, struct job *jobs, size_t njobs)
{
	const struct gs_content *ct = p->c->content;
	struct job	**by_cp;
	struct buf	 path = { 0 };
	size_t		*all, *mine, i, j, k, nall, nmine;
	int		 rc = 0;

	all = xcalloc(ct->ncompounds + 1, sizeof(*all));
	mine = xcalloc(ct->ncompounds + 1, sizeof(*mine));
	by_cp = xcalloc(ct->ncompounds + 1, sizeof(*by_cp));
	/* jobs are in the order of ct->compounds. */
	for (i = 0, j = 0; i < ct->ncompounds && j < njobs; i++)
		if (ct->compounds[i] == jobs[j].b->cp)
			by_cp[i] = &jobs[j++];
	for (i = 0; i < ct->nareas && rc == 0; i++) {
		const struct gs_area *st = ct->areas[i];

		if (st->level != GS_STREET)
			continue;
		for (j = 0; j < njobs && street_of(jobs[j].b->cp) != st; j++)
			continue;
		if (j == njobs)
			continue;
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/boards", p->site);
		if (make_dir(path.p, &p->c->diags) == -1)
			goto fail;
		buf_printf(&path, "/%s", st->code.s);
		if (make_dir(path.p, &p->c->diags) == -1)
			goto fail;
		nall = 0;
		for (k = 0; k < st->children.n && rc == 0; k++) {
			const struct gs_area *cm = GS_AT(st->children,
			    struct gs_area, k);

			for (nmine = 0, j = 0; j < ct->ncompounds; j++)
				if (ct->compounds[j]->community_area == cm)
					mine[nmine++] = all[nall++] = j;
			if (nmine == 0)
				continue;
			buf_truncate(&path, 0);
			buf_printf(&path, "%s/boards/%s/%s.pdf", p->site,
			    st->code.s, cm->code.s);
			rc = assemble(p, by_cp, mine, nmine, path.p);
		}
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/boards/%s/board.pdf", p->site,
		    st->code.s);
		if (rc == 0)
			rc = assemble(p, by_cp, all, nall, path.p);
	}
	goto out;
fail:
	rc = -1;
out:
	free(all);
	free(mine);
	free(by_cp);
	buf_free(&path);
	return rc;
}

static int
join_one(struct printer *p, void *arg, size_t k)
{
	(void)arg;
	return pdf_join((const char *const *)p->joins[k].src, p->joins[k].n,
	    p->joins[k].path, &p->c->diags);
}

/* The queued joins, several at a time; each recorded when done. */
static int
run_joins(struct printer *p)
{
	char		*ok = xcalloc(p->njoins + 1, 1);
	char		 out[HASH_LEN + 1];
	size_t		 i;
	int		 rc;

	rc = p->njoins > 0 ? in_workers(p, NULL, p->njoins, join_one, ok) : 0;
	for (i = 0; i < p->njoins; i++) {
		if (!ok[i] || hash_file(p->joins[i].path, out) == -1) {
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
	record_add(&p->now, j->pdf, j->in, j->out);
	return 1;
}

/*
 * Prints the boards v[0..n) written into the site at site (absolute)
 * to c/ID/board.pdf beside each, and puts together their communities'
 * and streets' PDFs.  Returns 0, or -1 with the reasons in c->diags.
 */
int
print_boards(struct ctx *c, const char *site, const struct board_done *v,
    size_t n)
{
	struct printer	 p;
	struct job	*jobs = xcalloc(n + 1, sizeof(*jobs));
	struct job	**todo = xcalloc(n + 1, sizeof(*todo));
	struct buf	 path = { 0 }, record = { 0 };
	size_t		 i, nb, ntodo;
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

	for (i = 0; i < n; i++) {
		jobs[i].b = &v[i];
		jobs[i].html = arena_printf(&c->arena, "%s/%s", site,
		    v[i].html);
		jobs[i].pdf = arena_printf(&c->arena, "%s/c/%s/board.pdf", site,
		    v[i].cp->id.s);
		if (hash_file(jobs[i].html, jobs[i].in) == -1) {
			report(&c->diags, SEV_ERROR, "%s: %s", jobs[i].html,
			    strerror(errno));
			goto out;
		}
		if (still_right(&p, &jobs[i]))
			p.kept++;
		else
			jobs[i].print = 1;
	}
	/* A street's changed boards together, BATCH_MAX at a time. */
	for (ntodo = 0, i = 0; i < n; i++)
		if (jobs[i].print)
			todo[ntodo++] = &jobs[i];
	if (ntodo > 0)
		qsort(todo, ntodo, sizeof(*todo), by_street);
	for (i = 0; i < ntodo; i += nb) {
		nb = ntodo - i < BATCH_MAX ? ntodo - i : BATCH_MAX;
		if (print_batch(&p, todo + i, nb) == -1)
			goto out;
	}
	timing("printed", n);
	if (assemble_all(&p, jobs, n) == -1 || run_joins(&p) == -1)
		goto out;
	timing("assembled", n);
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
	free(todo);
	return rc;
}
