/*
 * The files that differ between two of the history's trees, and a cache
 * of them.  Reading the history diffs every revision's tree with its
 * parent's: at 1,000 revisions that is 0.2 s of tree reads, the same in
 * every run, since a pair of trees always differs in the same files.
 *
 * A pure optimisation, like the tree cache (trees.c): a missing,
 * damaged or foreign file only means diffing again.  The header names
 * the program (a new build of gongshi starts a new cache) and carries
 * the git blob id of the rest, which is checked before anything in it
 * is believed; `--no-cache` does not open it.  It is small (about 100
 * bytes a revision), so it is read whole and, when a run added pairs
 * or left some unused, written again whole through a temporary file.
 *
 * The file, DIR/.gongshi/deltas, is text:
 *
 *	gongshi-deltas VERSION PROGRAM SUM
 *	= A B			a pair of trees, "-" for none; rising
 *	OLD NEW PATH		each file that differs, "-" for none;
 *				by path
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <openssl/sha.h>

#include "buf.h"
#include "escape.h"
#include "memo.h"
#include "treediff.h"

#define DELTAS_MAGIC	"gongshi-deltas"
#define DELTAS_VERSION	1
#define DELTAS_MAX	((size_t)64 << 20)	/* larger: not ours */
#define PROGRAM_HEX	(2 * SHA256_DIGEST_LENGTH)
#define ID_HEX		GIT_OID_HEXSZ

void
push_delta(struct deltas *ds, const char *path, const git_oid *old,
    const git_oid *new)
{
	struct delta	*d;

	if (ds->n == ds->cap) {
		ds->cap = ds->cap ? ds->cap * 2 : 16;
		ds->v = xrealloc(ds->v, ds->cap * sizeof(*ds->v));
	}
	d = &ds->v[ds->n++];
	memset(d, 0, sizeof(*d));
	d->path = xstrdup(path);
	if ((d->has_old = old != NULL))
		git_oid_cpy(&d->old, old);
	if ((d->has_new = new != NULL))
		git_oid_cpy(&d->new, new);
}

void
deltas_free(struct deltas *ds)
{
	size_t	 i;

	for (i = 0; i < ds->n; i++)
		free(ds->v[i].path);
	free(ds->v);
	memset(ds, 0, sizeof(*ds));
}

/* A pair of trees, and where its deltas are in the cache's list. */
struct pair {
	git_oid		 a, b;
	int		 has_a;		/* a root revision has no parent */
	int		 used;		/* asked for, or put, this run */
	size_t		 first, n;
};

struct delta_cache {
	char		*path;		/* DIR/.gongshi/deltas, or NULL */
	char		 program[PROGRAM_HEX + 1];
	struct pair	*v;		/* the file's (nold), sorted; then the
					   ones put */
	size_t		 n, cap, nold;
	struct deltas	 all;		/* every pair's, one after another */
};

static int
cmp_pair(const void *pa, const void *pb)
{
	const struct pair *a = pa, *b = pb;
	int		 c;

	if (a->has_a != b->has_a)
		return a->has_a - b->has_a;
	if (a->has_a && (c = git_oid_cmp(&a->a, &b->a)) != 0)
		return c;
	return git_oid_cmp(&a->b, &b->b);
}

static void
program_hex(char out[PROGRAM_HEX + 1])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char	 sum[SHA256_DIGEST_LENGTH];
	struct buf	 b = { 0 };
	size_t		 i;

	program_identity(&b, DELTAS_MAGIC, DELTAS_VERSION);
	SHA256((const unsigned char *)b.p, b.len, sum);
	buf_free(&b);
	for (i = 0; i < sizeof(sum); i++) {
		out[2 * i] = digits[sum[i] >> 4];
		out[2 * i + 1] = digits[sum[i] & 15];
	}
	out[PROGRAM_HEX] = '\0';
}

static struct delta_cache *
cache_new(void)
{
	return xcalloc(1, sizeof(struct delta_cache));
}

static struct pair *
push_pair(struct delta_cache *dc)
{
	if (dc->n == dc->cap) {
		dc->cap = dc->cap ? dc->cap * 2 : 64;
		dc->v = xrealloc(dc->v, dc->cap * sizeof(*dc->v));
	}
	memset(&dc->v[dc->n], 0, sizeof(dc->v[0]));
	return &dc->v[dc->n++];
}

/* An id in lower-case hex, the one spelling gongshi's files use, so a
 * file formats back to itself.  0, or -1. */
static int
get_id(const char *p, const char *end, git_oid *id)
{
	unsigned char	 raw[GIT_OID_RAWSZ];

	if (hex_bytes(p, (size_t)(end - p), raw, sizeof(raw)) == -1)
		return -1;
	git_oid_fromraw(id, raw);
	return 0;
}

/* An id or "-", then a space; where it ends, or NULL. */
static const char *
get_side(const char *p, const char *end, git_oid *id, int *has)
{
	if (p < end && *p == '-') {
		*has = 0;
		p++;
	} else if (get_id(p, end, id) == 0) {
		*has = 1;
		p += ID_HEX;
	} else
		return NULL;
	return p < end && *p == ' ' ? p + 1 : NULL;
}

/* One body line, without its newline.  0, or -1. */
static int
parse_line(struct delta_cache *dc, const char *p, const char *end)
{
	struct pair	*pr;
	git_oid		 old, new;
	int		 has_old, has_new;
	char		*path;
	const struct delta *last;

	if (end - p >= 2 && p[0] == '=' && p[1] == ' ') {
		pr = push_pair(dc);
		pr->first = dc->all.n;
		if ((p = get_side(p + 2, end, &pr->a, &pr->has_a)) == NULL ||
		    get_id(p, end, &pr->b) == -1 || end - p != ID_HEX)
			return -1;
		return dc->n > 1 && cmp_pair(pr - 1, pr) >= 0 ? -1 : 0;
	}
	if (dc->n == 0 || (p = get_side(p, end, &old, &has_old)) == NULL ||
	    (p = get_side(p, end, &new, &has_new)) == NULL ||
	    (!has_old && !has_new) || p == end ||
	    memchr(p, '\0', (size_t)(end - p)) != NULL)
		return -1;
	pr = &dc->v[dc->n - 1];
	path = xmalloc((size_t)(end - p) + 1);
	memcpy(path, p, (size_t)(end - p));
	path[end - p] = '\0';
	last = pr->n > 0 ? &dc->all.v[dc->all.n - 1] : NULL;
	if (last != NULL && strcmp(last->path, path) >= 0) {
		free(path);
		return -1;
	}
	push_delta(&dc->all, path, has_old ? &old : NULL,
	    has_new ? &new : NULL);
	free(path);
	pr->n++;
	return 0;
}

/*
 * The cache the text says, or NULL when it is not one whole: a wrong
 * header or checksum, a bad line, pairs or paths out of order.
 */
struct delta_cache *
delta_cache_parse(const char *text, size_t len)
{
	struct delta_cache *dc;
	const char	*p = text, *end = text + len, *nl, *body;
	git_oid		 sum, want;
	char		 head[64];
	int		 n;

	if (len == 0 || len > DELTAS_MAX || (nl = memchr(p, '\n', len)) == NULL)
		return NULL;
	n = snprintf(head, sizeof(head), "%s %d ", DELTAS_MAGIC,
	    DELTAS_VERSION);
	body = nl + 1;
	if (nl - p != n + PROGRAM_HEX + 1 + ID_HEX ||
	    memcmp(p, head, (size_t)n) != 0 || p[n + PROGRAM_HEX] != ' ' ||
	    get_id(p + n + PROGRAM_HEX + 1, nl, &want) == -1 ||
	    git_odb_hash(&sum, body, (size_t)(end - body),
	    GIT_OBJECT_BLOB) != 0 || !git_oid_equal(&sum, &want))
		return NULL;
	if (strspn(p + n, "0123456789abcdef") < PROGRAM_HEX)
		return NULL;
	dc = cache_new();
	memcpy(dc->program, p + n, PROGRAM_HEX);
	for (p = body; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL ||
		    parse_line(dc, p, nl) == -1) {
			delta_cache_free(dc);
			return NULL;
		}
	}
	dc->nold = dc->n;
	return dc;
}

static void
put_side(struct buf *b, const git_oid *id, int has)
{
	char	 hex[ID_HEX + 1];

	if (has) {
		git_oid_tostr(hex, sizeof(hex), id);
		buf_put(b, hex, ID_HEX);
	} else
		buf_putc(b, '-');
	buf_putc(b, ' ');
}

/* The file's text for the cache's pairs, in their order. */
void
delta_cache_format(const struct delta_cache *dc, struct buf *out)
{
	struct buf	 body = { 0 };
	const struct delta *d;
	char		 hex[ID_HEX + 1];
	git_oid		 sum;
	size_t		 i, j;

	for (i = 0; i < dc->n; i++) {
		buf_puts(&body, "= ");
		put_side(&body, &dc->v[i].a, dc->v[i].has_a);
		git_oid_tostr(hex, sizeof(hex), &dc->v[i].b);
		buf_put(&body, hex, ID_HEX);
		buf_putc(&body, '\n');
		for (j = 0; j < dc->v[i].n; j++) {
			d = &dc->all.v[dc->v[i].first + j];
			put_side(&body, &d->old, d->has_old);
			put_side(&body, &d->new, d->has_new);
			buf_puts(&body, d->path);
			buf_putc(&body, '\n');
		}
	}
	if (git_odb_hash(&sum, body.p ? body.p : "", body.len,
	    GIT_OBJECT_BLOB) != 0)
		memset(&sum, 0, sizeof(sum));	/* never matches */
	git_oid_tostr(hex, sizeof(hex), &sum);
	buf_printf(out, "%s %d %s %s\n", DELTAS_MAGIC, DELTAS_VERSION,
	    dc->program, hex);
	buf_put(out, body.p ? body.p : "", body.len);
	buf_free(&body);
}

size_t
delta_cache_count(const struct delta_cache *dc)
{
	return dc->n;
}

/* The cache of the content folder dir as the last run left it, or
 * empty.  Never fails. */
struct delta_cache *
delta_cache_open(const char *dir)
{
	struct delta_cache *dc = NULL;
	struct buf	 path = { 0 }, text = { 0 };
	char		 program[PROGRAM_HEX + 1];

	program_hex(program);
	buf_printf(&path, "%s/.gongshi/deltas", dir);
	if (buf_read_file(&text, path.p, DELTAS_MAX) == 0 &&
	    (dc = delta_cache_parse(text.p, text.len)) != NULL &&
	    strcmp(dc->program, program) != 0) {
		delta_cache_free(dc);
		dc = NULL;
	}
	if (dc == NULL)
		dc = cache_new();
	memcpy(dc->program, program, sizeof(program));
	dc->path = buf_detach(&path);
	buf_free(&text);
	return dc;
}

/* The files that differ from tree a (NULL: none) to tree b, onto ds, if
 * the cache knows them: 1, else 0. */
int
delta_cache_get(struct delta_cache *dc, const git_oid *a, const git_oid *b,
    struct deltas *ds)
{
	struct pair	 key, *pr;
	const struct delta *d;
	size_t		 i;

	if (dc == NULL || dc->nold == 0)
		return 0;
	memset(&key, 0, sizeof(key));
	if ((key.has_a = a != NULL))
		git_oid_cpy(&key.a, a);
	git_oid_cpy(&key.b, b);
	if ((pr = bsearch(&key, dc->v, dc->nold, sizeof(*pr),
	    cmp_pair)) == NULL)
		return 0;
	pr->used = 1;
	for (i = 0; i < pr->n; i++) {
		d = &dc->all.v[pr->first + i];
		push_delta(ds, d->path, d->has_old ? &d->old : NULL,
		    d->has_new ? &d->new : NULL);
	}
	return 1;
}

/* Remembers the files that differ from a to b, sorted by path. */
void
delta_cache_put(struct delta_cache *dc, const git_oid *a, const git_oid *b,
    const struct deltas *ds)
{
	struct pair	*pr;
	size_t		 i;

	if (dc == NULL)
		return;
	for (i = 0; i < ds->n; i++)	/* a line each: not kept */
		if (strchr(ds->v[i].path, '\n') != NULL || *ds->v[i].path ==
		    '\0' || (i > 0 && strcmp(ds->v[i - 1].path,
		    ds->v[i].path) >= 0))
			return;
	pr = push_pair(dc);
	if ((pr->has_a = a != NULL))
		git_oid_cpy(&pr->a, a);
	git_oid_cpy(&pr->b, b);
	pr->used = 1;
	pr->first = dc->all.n;
	pr->n = ds->n;
	for (i = 0; i < ds->n; i++)
		push_delta(&dc->all, ds->v[i].path,
		    ds->v[i].has_old ? &ds->v[i].old : NULL,
		    ds->v[i].has_new ? &ds->v[i].new : NULL);
}

/*
 * Keeps the pairs this run used or put, when it put any or left any
 * unused.  Best effort: a cache that cannot be written only costs the
 * next run its diffing.
 */
int
delta_cache_save(struct delta_cache *dc)
{
	struct buf	 text = { 0 };
	size_t		 i, j;
	int		 rc;

	if (dc == NULL || dc->path == NULL)
		return 0;
	for (i = j = 0; i < dc->n; i++)
		if (dc->v[i].used)
			dc->v[j++] = dc->v[i];
	if (dc->n == dc->nold && j == dc->n)	/* none put, none unused */
		return 0;
	dc->n = j;
	qsort(dc->v, dc->n, sizeof(*dc->v), cmp_pair);
	for (i = j = 0; i < dc->n; i++)	/* a pair put twice: once */
		if (j == 0 || cmp_pair(&dc->v[j - 1], &dc->v[i]) != 0)
			dc->v[j++] = dc->v[i];
	dc->n = j;
	dc->nold = dc->n;	/* all sorted now, as the file will be */
	delta_cache_format(dc, &text);
	rc = save_beside(dc->path, text.p, text.len);
	buf_free(&text);
	return rc;
}

void
delta_cache_free(struct delta_cache *dc)
{
	if (dc == NULL)
		return;
	deltas_free(&dc->all);
	free(dc->v);
	free(dc->path);
	free(dc);
}
