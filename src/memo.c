/*
 * The page memo: what each file of the last build was made from.
 *
 * A build renders a page from a view (a tree of values), a layout and
 * the program; the page's fingerprint is the hash of all three, the
 * view serialised whole rather than guessed from the records it came
 * from.  When a page's fingerprint is the one the memo holds for its
 * path, and the site's file is still the one the manifest says holds
 * the memo's bytes (output_reuse), the page is neither rendered nor
 * compared nor written.  The workbooks do the same with the records
 * they are made from.
 *
 * A pure optimisation: a missing, damaged or stale memo only means the
 * file is made again.  An entry is a claim "these inputs give bytes
 * with this blob id", true whatever site it was written for, and it is
 * used only when the site's file has that blob id.
 *
 * The file is plain text, like the build cache's (cache.c): a first
 * line with a magic word, the format's version and the SHA-1 of the
 * rest, then one line per file: fingerprint (SHA-256), blob id, path.
 * It is one list read whole and written once per build, a megabyte at
 * a time, looked up in memory: an embedded database (LMDB, SQLite)
 * would add a dependency to do what a sorted array does here, and at
 * 10,000 compounds the file is about 8 MB, read in milliseconds.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "arena.h"
#include "buf.h"
#include "escape.h"
#include "memo.h"

#ifndef VERSION
#define VERSION "unknown"
#endif

#define MEMO_MAGIC	"gongshi-memo"
#define MEMO_VERSION	1
#define MEMO_MAX	((size_t)256 << 20)

/*
 * The git blob id of n bytes: SHA-1 over "blob N\0" and them, by
 * libcrypto, several times faster than libgit2's collision-detecting
 * SHA-1.  For what gongshi itself wrote or keeps (pages, its caches'
 * checksums); ids of what people type come from libgit2 where a forged
 * collision could matter (content.c).
 */
static EVP_MD_CTX *blob_begin(size_t);
static void	 blob_end(EVP_MD_CTX *, int ok, unsigned char[MEMO_ID]);

void
blob_id(const void *p, size_t n, unsigned char out[MEMO_ID])
{
	EVP_MD_CTX	*h = blob_begin(n);

	blob_end(h, h != NULL && EVP_DigestUpdate(h, n > 0 ? p : "", n) == 1,
	    out);
}

/* The same for n bytes fed as they come: what blob_end takes, or NULL
 * when it could not be begun. */
static EVP_MD_CTX *
blob_begin(size_t n)
{
	EVP_MD_CTX	*h;
	char		 head[32];
	int		 k;

	k = snprintf(head, sizeof(head), "blob %zu", n);
	if ((h = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(h, EVP_sha1(), NULL) != 1 ||
	    EVP_DigestUpdate(h, head, (size_t)k + 1) != 1) {
		EVP_MD_CTX_free(h);
		return NULL;
	}
	return h;
}

/* The id, or zeros, which never match a real id, when ok is 0 or it
 * could not be made; frees h. */
static void
blob_end(EVP_MD_CTX *h, int ok, unsigned char out[MEMO_ID])
{
	unsigned	 got = 0;

	if (!ok || EVP_DigestFinal_ex(h, out, &got) != 1 || got != MEMO_ID)
		memset(out, 0, MEMO_ID);
	EVP_MD_CTX_free(h);
}

static void
hash(const void *p, size_t n, unsigned char out[MEMO_ID])
{
	blob_id(p, n, out);
}

/* What a fingerprint is: SHA-256, from OpenSSL's libcrypto (several
 * times faster than libgit2's collision-detecting SHA-1 on this much). */
static void
sha256(const void *p, size_t n, unsigned char out[MEMO_FP])
{
	if (SHA256(n > 0 ? p : (const void *)"", n, out) == NULL)
		memset(out, 0, MEMO_FP);
}

static void
put_hex(struct buf *b, const unsigned char *id, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t	 i;

	for (i = 0; i < n; i++) {
		buf_putc(b, digits[id[i] >> 4]);
		buf_putc(b, digits[id[i] & 15]);
	}
}

static int
cmp_entry(const void *pa, const void *pb)
{
	const struct memo_entry *a = pa, *b = pb;

	return strcmp(a->rel, b->rel);
}

static void
set_push(struct memo_set *s, const char *rel, size_t len,
    const unsigned char fp[MEMO_FP], const unsigned char blob[MEMO_ID])
{
	struct memo_entry *e;

	if (s->n == s->cap) {
		s->cap = grow_cap(s->cap, s->n + 1, 1024, sizeof(s->v[0]));
		s->v = xrealloc(s->v, s->cap * sizeof(s->v[0]));
	}
	e = &s->v[s->n++];
	e->rel = arena_strndup(&s->rels, rel, len);
	memcpy(e->fp, fp, MEMO_FP);
	memcpy(e->blob, blob, MEMO_ID);
}

void
memo_set_free(struct memo_set *s)
{
	free(s->v);
	arena_free(&s->rels);
	memset(s, 0, sizeof(*s));
}

/*
 * Where the file goes as it is made: onto out, or written to fd, a
 * megabyte at a time (at 100,000 compounds it is 84 MB, and a copy of
 * it whole would be the largest thing a build holds at its end).
 */
struct memo_sink {
	struct buf	*out;
	int		 fd;
	int		 failed;
};

static void
sink_put(struct memo_sink *k, const void *p, size_t n)
{
	if (k->out != NULL)
		buf_put(k->out, p, n);
	else if (!k->failed && write_full(k->fd, p, n) == -1)
		k->failed = 1;
}

#define MEMO_CHUNK	((size_t)1 << 20)

/*
 * The file: its first line with the checksum left as zeros, the body
 * hashed as a git blob as it goes, then the checksum written in place.
 * 0, or -1 when writing failed.
 */
static int
memo_write(const struct memo_set *s, struct memo_sink *k)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char	 sum[MEMO_ID];
	char		 head[64], hex[2 * MEMO_ID];
	struct buf	 chunk = { 0 };
	EVP_MD_CTX	*h;
	size_t		 i, body = 0, at, start = k->out ? k->out->len : 0;
	int		 n, ok;

	for (i = 0; i < s->n; i++)
		body += 2 * MEMO_FP + 2 * MEMO_ID + 3 + strlen(s->v[i].rel);
	if (k->out != NULL)
		buf_grow(k->out, body + 64);
	n = snprintf(head, sizeof(head), "%s %d ", MEMO_MAGIC, MEMO_VERSION);
	at = (size_t)n;
	memset(hex, '0', sizeof(hex));
	sink_put(k, head, at);
	sink_put(k, hex, sizeof(hex));
	sink_put(k, "\n", 1);
	ok = (h = blob_begin(body)) != NULL;
	for (i = 0; i < s->n; i++) {
		put_hex(&chunk, s->v[i].fp, MEMO_FP);
		buf_putc(&chunk, ' ');
		put_hex(&chunk, s->v[i].blob, MEMO_ID);
		buf_putc(&chunk, ' ');
		buf_puts(&chunk, s->v[i].rel);
		buf_putc(&chunk, '\n');
		if (chunk.len >= MEMO_CHUNK || i + 1 == s->n) {
			ok = ok && EVP_DigestUpdate(h, chunk.p, chunk.len) == 1;
			sink_put(k, chunk.p, chunk.len);
			buf_truncate(&chunk, 0);
		}
	}
	blob_end(h, ok, sum);	/* zeros never match: the file is ignored */
	buf_free(&chunk);
	for (i = 0; i < MEMO_ID; i++) {
		hex[2 * i] = digits[sum[i] >> 4];
		hex[2 * i + 1] = digits[sum[i] & 15];
	}
	if (k->out != NULL)
		memcpy(k->out->p + start + at, hex, sizeof(hex));
	else if (!k->failed &&
	    pwrite_full(k->fd, hex, sizeof(hex), (off_t)at) == -1)
		k->failed = 1;
	return k->failed ? -1 : 0;
}

static int
fill_memo(int fd, void *set)
{
	struct memo_sink k = { NULL, fd, 0 };

	return memo_write(set, &k);
}

/* The file, made in out. */
void
memo_format(const struct memo_set *s, struct buf *out)
{
	struct memo_sink k = { out, -1, 0 };

	memo_write(s, &k);
}

/* One line of the body, len bytes without its newline. */
#define FP_HEX		(2 * MEMO_FP)
#define ID_HEX		(2 * MEMO_ID)
static int
parse_line(const char *p, size_t len, struct memo_set *s)
{
	unsigned char	 fp[MEMO_FP], blob[MEMO_ID];
	const char	*rel;
	size_t		 rlen;

	if (len < FP_HEX + ID_HEX + 3 || hex_bytes(p, len, fp, MEMO_FP) == -1 ||
	    p[FP_HEX] != ' ' ||
	    hex_bytes(p + FP_HEX + 1, len - FP_HEX - 1, blob, MEMO_ID) == -1 ||
	    p[FP_HEX + ID_HEX + 1] != ' ')
		return -1;
	rel = p + FP_HEX + ID_HEX + 2;
	rlen = len - FP_HEX - ID_HEX - 2;
	if (rlen == 0 || memchr(rel, '\0', rlen) != NULL)
		return -1;
	set_push(s, rel, rlen, fp, blob);
	if (s->n > 1 && strcmp(s->v[s->n - 2].rel, s->v[s->n - 1].rel) >= 0)
		return -1;	/* not sorted, or twice */
	return 0;
}

/*
 * Reads a memo file; -1, with s empty, when it is not one this program
 * wrote whole (wrong magic or version, bad checksum, a bad line).
 */
int
memo_parse(const char *text, size_t len, struct memo_set *s)
{
	unsigned char	 want[MEMO_ID], sum[MEMO_ID];
	const char	*p, *nl, *end = text + len;
	char		 head[64];
	int		 hn;

	memset(s, 0, sizeof(*s));
	hn = snprintf(head, sizeof(head), "%s %d ", MEMO_MAGIC, MEMO_VERSION);
	if (len < (size_t)hn + 2 * MEMO_ID + 1 ||
	    memcmp(text, head, (size_t)hn) != 0 ||
	    hex_bytes(text + hn, len - (size_t)hn, want, MEMO_ID) == -1 ||
	    text[hn + 2 * MEMO_ID] != '\n')
		return -1;
	p = text + hn + 2 * MEMO_ID + 1;
	hash(p, (size_t)(end - p), sum);
	if (memcmp(sum, want, MEMO_ID) != 0)
		return -1;
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL ||
		    parse_line(p, (size_t)(nl - p), s) == -1) {
			memo_set_free(s);
			return -1;
		}
		p = nl + 1;
	}
	return 0;
}

/*
 * The program that makes a cached thing: its version and its binary's
 * identity (a new build of gongshi is a new program).  Also the tree
 * cache's key (trees.c).
 */
void
program_identity(struct buf *b, const char *magic, int version)
{
	struct stat	 st;

	buf_printf(b, "%s %d %s\n", magic, version, VERSION);
	if (stat("/proc/self/exe", &st) == 0)
		buf_printf(b, "exe %llu %llu %lld %lld.%09ld %lld.%09ld\n",
		    (unsigned long long)st.st_dev,
		    (unsigned long long)st.st_ino, (long long)st.st_size,
		    (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
		    (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
	else	/* unknown: a key of its own each run, nothing matches */
		buf_printf(b, "exe unknown %p %ld\n", (void *)b,
		    (long)getpid());
}

static void
program_key(struct memo *m)
{
	struct buf	 b = { 0 };

	program_identity(&b, MEMO_MAGIC, MEMO_VERSION);
	sha256(b.p, b.len, m->key);
	buf_free(&b);
}

/*
 * The memo of the content folder dir, as the last build left it (or
 * empty).  Never fails: at worst nothing is remembered.
 */
struct memo *
memo_open(const char *dir)
{
	struct memo	*m = xcalloc(1, sizeof(*m));
	struct buf	 path = { 0 }, text = { 0 };

	pthread_mutex_init(&m->mu, NULL);
	buf_printf(&path, "%s/.gongshi/pages", dir);
	m->path = buf_detach(&path);
	program_key(m);
	if (buf_read_file(&text, m->path, MEMO_MAX) == 0 &&
	    memo_parse(text.p ? text.p : "", text.len, &m->old) == -1)
		memset(&m->old, 0, sizeof(m->old));
	buf_free(&text);
	return m;
}

static const struct memo_entry *
find(const struct memo_set *s, const char *rel)
{
	struct memo_entry key;

	if (s->n == 0)
		return NULL;
	key.rel = (char *)rel;
	return bsearch(&key, s->v, s->n, sizeof(s->v[0]), cmp_entry);
}

/* Zeros: a fingerprint that could not be made (memo_print_end). */
static int
no_print(const unsigned char fp[MEMO_FP])
{
	static const unsigned char zeros[MEMO_FP];

	return memcmp(fp, zeros, MEMO_FP) == 0;
}

/* The blob id the last build's rel had when made from fp, or NULL. */
const unsigned char *
memo_blob(const struct memo *m, const char *rel,
    const unsigned char fp[MEMO_FP])
{
	const struct memo_entry *e;

	if (m == NULL || no_print(fp) || (e = find(&m->old, rel)) == NULL ||
	    memcmp(e->fp, fp, MEMO_FP) != 0)
		return NULL;
	return e->blob;
}

/* The last build's entry for rel, whatever it was made from, or NULL. */
const struct memo_entry *
memo_last(const struct memo *m, const char *rel)
{
	return m == NULL ? NULL : find(&m->old, rel);
}

/* Remembers that rel was made from fp with blob id blob. */
void
memo_carry(struct memo *m, const char *rel, const unsigned char fp[MEMO_FP],
    const unsigned char blob[MEMO_ID])
{
	if (m == NULL || *rel == '\0' || strchr(rel, '\n') != NULL ||
	    no_print(fp))
		return;
	pthread_mutex_lock(&m->mu);
	set_push(&m->now, rel, strlen(rel), fp, blob);
	pthread_mutex_unlock(&m->mu);
}

/* Remembers that rel was made from fp as these bytes. */
void
memo_put(struct memo *m, const char *rel, const unsigned char fp[MEMO_FP],
    const void *data, size_t len)
{
	unsigned char	 blob[MEMO_ID];

	if (m == NULL)
		return;
	hash(data, len, blob);
	memo_carry(m, rel, fp, blob);
}

/*
 * Writes this build's entries in place of the last one's, through a
 * temporary file (a preview and a build may save at once).  A build
 * that failed saves nothing: the old entries are still true, and the
 * next build decides by the site's manifest.
 */
int
memo_save(struct memo *m)
{
	size_t		 i, j;

	if (m == NULL)
		return 0;
	qsort(m->now.v, m->now.n, sizeof(m->now.v[0]), cmp_entry);
	for (i = j = 0; i < m->now.n; i++) {	/* a file made twice: last */
		if (j > 0 && strcmp(m->now.v[j - 1].rel, m->now.v[i].rel) == 0)
			j--;
		m->now.v[j++] = m->now.v[i];
	}
	m->now.n = j;
	/* The last build's entries are not asked for again. */
	memo_set_free(&m->old);
	return save_beside_with(m->path, fill_memo, &m->now);
}

void
memo_free(struct memo *m)
{
	if (m == NULL)
		return;
	memo_set_free(&m->old);
	memo_set_free(&m->now);
	pthread_mutex_destroy(&m->mu);
	free(m->path);
	free(m);
}

/* A fingerprint of what (a kind of file) at rel, under the memo's key. */
void
memo_print_begin(struct memo_print *p, const struct memo *m,
    const char *what, const char *rel)
{
	memset(p, 0, sizeof(*p));
	buf_put(&p->b, m->key, MEMO_FP);
	memo_print_str(p, what);
	memo_print_str(p, rel);
}

/*
 * Past PRINT_HELD bytes what was fed is hashed and let go: the view of
 * a whole city (at 100,000 compounds, tens of megabytes) is never held
 * as bytes.  The fingerprint is the same, SHA-256 of everything fed.
 */
#define PRINT_HELD	((size_t)64 << 10)

static void
print_flush(struct memo_print *p)
{
	if (p->b.len < PRINT_HELD || p->failed)
		return;
	if (p->md == NULL && ((p->md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(p->md, EVP_sha256(), NULL) != 1))
		p->failed = 1;
	else if (EVP_DigestUpdate(p->md, p->b.p, p->b.len) != 1)
		p->failed = 1;
	buf_truncate(&p->b, 0);
}

/* Lengths and counts go in as 8 bytes of this machine's order: a
 * memo is read by the machine that wrote it, or misses. */
void
memo_print_bytes(struct memo_print *p, const void *data, size_t len)
{
	uint64_t n = len;

	buf_put(&p->b, &n, sizeof(n));
	if (len > 0)
		buf_put(&p->b, data, len);
	print_flush(p);
}

void
memo_print_num(struct memo_print *p, size_t len)
{
	uint64_t n = len;

	buf_putc(&p->b, '#');
	buf_put(&p->b, &n, sizeof(n));
	print_flush(p);
}

void
memo_print_tag(struct memo_print *p, char tag)
{
	buf_putc(&p->b, tag);
	print_flush(p);
}

void
memo_print_str(struct memo_print *p, const char *s)
{
	memo_print_bytes(p, s, s != NULL ? strlen(s) : 0);
}

void
memo_print_id(struct memo_print *p, const unsigned char id[MEMO_FP])
{
	buf_put(&p->b, id, MEMO_FP);
	print_flush(p);
}

/* A fingerprint that could not be made is zeros, which the memo
 * neither keeps nor matches (no_print): the page is made again. */
void
memo_print_end(struct memo_print *p, unsigned char fp[MEMO_FP])
{
	unsigned int	 n = 0;

	if (p->md == NULL && !p->failed)
		sha256(p->b.p, p->b.len, fp);
	else if (p->failed || EVP_DigestUpdate(p->md, p->b.p, p->b.len) != 1 ||
	    EVP_DigestFinal_ex(p->md, fp, &n) != 1 || n != MEMO_FP)
		memset(fp, 0, MEMO_FP);
	EVP_MD_CTX_free(p->md);
	buf_free(&p->b);
	memset(p, 0, sizeof(*p));
}
