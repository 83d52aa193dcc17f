/*
 * The tree cache: each YAML file's node tree, as yaml.c made it, kept
 * under the file's git blob id.  Parsing is most of the time
 * a check or a build spends on 10,000 records that did not change;
 * rebuilding a tree from this encoding takes a tenth of it.
 *
 * A pure optimisation.  An entry says "these bytes give this tree",
 * true for any folder, so it is used whenever the bytes match; only a
 * parse that said nothing (no warning, no error) is kept, so a file's
 * diagnostics always come from libyaml.  A missing, damaged or foreign
 * file only means parsing again: the header names the program (a new
 * build of gongshi starts a new cache), every entry carries a checksum
 * checked before use, and decoding checks every length against what is
 * left.  `--no-cache` does not open it.
 *
 * The file, DIR/.gongshi/trees:
 *
 *	header	"gongshi-trees\n", then the SHA-256 of the program's
 *		identity (memo.c's program_identity)
 *	entry	key (20 bytes: the file's git blob id)
 *		length of the tree (4 bytes, little-endian)
 *		check (8 bytes: the first of the tree's SHA-256)
 *		tree: the file's length, a varint, then its root (see
 *		encode)
 *
 * New trees are appended at the end of a run; a run that finds the
 * file mostly made of trees it did not use (records since changed or
 * removed), or ending part-way through an entry, writes it again with
 * only the trees it used, through a temporary file renamed over it.
 * Until then they wait in memory, up to SPILL_AT bytes, and beyond that
 * in an unnamed file beside the cache: a first run at 10,000 compounds
 * makes 64 MB of trees, at 100,000 ten times that, and a run killed
 * leaves nothing of it behind.  Plain bytes rather than an embedded
 * database (LMDB, SQLite): a run reads the entries' heads once into a
 * hash table and each tree it needs with one pread, and a database
 * would add a dependency to do that.
 */
#define _GNU_SOURCE	/* O_TMPFILE */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/sha.h>
#include <yaml.h>

#include "arena.h"
#include "bounds.h"
#include "buf.h"
#include "memo.h"
#include "node.h"
#include "trees.h"

#define TREES_MAGIC	"gongshi-trees\n"
#define TREES_VERSION	1
#define MAGIC_LEN	(sizeof(TREES_MAGIC) - 1)
#define HEADER_LEN	(MAGIC_LEN + SHA256_DIGEST_LENGTH)
#define CHECK_LEN	8
#define ENTRY_HEAD	(TREES_KEY + 4 + CHECK_LEN)
#define TREES_MAX	((size_t)1 << 30)	/* larger: not ours; ignored */
#define SLACK		((size_t)8 << 20)	/* dead bytes always tolerated */
#define SPILL_AT	((size_t)4 << 20)	/* new trees held in memory */
#define CHUNK		((size_t)1 << 20)	/* copied this much at a time */

enum state {
	UNTRIED,	/* not looked at this run */
	USED,		/* checked and decoded */
	BAD		/* its check or its tree did not hold */
};

/* A hash table of keys (blob ids): index + 1 of the entry, 0 when empty. */
struct table {
	size_t		*slot;
	size_t		 mask;
};

/* What the file says of one entry; its tree stays in the file. */
struct entry {
	unsigned char	 key[TREES_KEY];
	unsigned char	 check[CHECK_LEN];
	uint32_t	 len;		/* of the tree */
	off_t		 off;		/* of the tree, in the file */
};

struct trees {
	char		*path;		/* DIR/.gongshi/trees */
	unsigned char	 program[SHA256_DIGEST_LENGTH];
	int		 fd;		/* the file as opened, or -1 */
	const char	*data;		/* or its bytes (trees_from_bytes) */
	off_t		 len;		/* its size */
	int		 ours;		/* it starts with our header */
	off_t		 tail;		/* bytes after the last whole entry */
	struct entry	*v;		/* its entries */
	size_t		 n;
	atomic_uchar	*state;		/* each entry's enum state */
	struct table	 old;		/* keys of its entries */
	pthread_mutex_t	 mu;		/* guards what follows */
	struct buf	 fresh;		/* entries to add, encoded */
	unsigned char	(*fresh_keys)[TREES_KEY]; /* of every entry added */
	size_t		 nfresh, capfresh;
	struct table	 added;		/* keys of fresh_keys */
	int		 spill;		/* earlier entries to add, or -1 */
	off_t		 spilled;	/* their bytes there */
	int		 spill_failed;	/* the rest stay in memory */
};

static uint32_t
get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static size_t
key_hash(const unsigned char *key)
{
	size_t	 h = 0;
	int	 i;

	for (i = 0; i < 8; i++)		/* SHA-1 is uniform already */
		h = h << 8 | key[i];
	return h;
}

static void
table_init(struct table *t, size_t n)
{
	size_t	 size = 64;

	while (size < n * 2)
		size *= 2;
	t->slot = xcalloc(size, sizeof(*t->slot));
	t->mask = size - 1;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t *
table_find(const struct table *t, const unsigned char *key,
    const unsigned char *(*key_of)(const struct trees *, size_t),
    const struct trees *tr)
{
	size_t	 i = key_hash(key) & t->mask;

	while (t->slot[i] != 0 &&
	    memcmp(key_of(tr, t->slot[i] - 1), key, TREES_KEY) != 0)
		i = (i + 1) & t->mask;
	return &t->slot[i];
}

static const unsigned char *
old_key(const struct trees *t, size_t i)
{
	return t->v[i].key;
}

static const unsigned char *
fresh_key(const struct trees *t, size_t i)
{
	return t->fresh_keys[i];
}

static void
put_varint(struct buf *b, uint64_t v)
{
	unsigned char	 c[10];
	size_t		 n = 0;

	do {
		c[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v != 0)
			c[n] |= 0x80;
		n++;
	} while (v != 0);
	buf_put(b, c, n);
}

/* Signed as unsigned, small either way: 0, -1, 1, -2… as 0, 1, 2, 3… */
static uint64_t
zigzag(int64_t v)
{
	return v < 0 ? ((uint64_t)(-(v + 1)) << 1) | 1 : (uint64_t)v << 1;
}

static int64_t
unzigzag(uint64_t v)
{
	return (v & 1) ? -(int64_t)(v >> 1) - 1 : (int64_t)(v >> 1);
}

/* Where the last node encoded or decoded was: places go as steps. */
struct place {
	int64_t		 line, start;
};

/*
 * One node, its kids after it: a byte of kind (bits 0-1) and flow
 * (bit 2), a byte of scalar style, then as varints its line and start
 * as steps from the node before, its column, and its length in the
 * file; a scalar adds its text's length and bytes, a container the
 * number of its kids.
 */
static void
encode(const struct node *n, struct buf *b, struct place *at)
{
	unsigned char	 head[2];
	size_t		 i;

	head[0] = (unsigned char)((unsigned)n->kind | (n->flow ? 4u : 0u));
	head[1] = n->style;
	buf_put(b, head, 2);
	put_varint(b, zigzag((int64_t)n->line - at->line));
	put_varint(b, n->col);
	put_varint(b, zigzag((int64_t)n->start - at->start));
	put_varint(b, zigzag((int64_t)n->end - (int64_t)n->start));
	at->line = n->line;
	at->start = (int64_t)n->start;
	if (n->kind == NODE_SCALAR) {
		put_varint(b, n->len);
		buf_put(b, n->s, n->len);
	} else if (n->kind == NODE_MAP || n->kind == NODE_SEQ) {
		put_varint(b, n->n);
		for (i = 0; i < n->n; i++)
			encode(n->kids[i], b, at);
	}
}

/* The tree of a file of len bytes. */
void
trees_encode(const struct node *root, size_t len, struct buf *b)
{
	struct place	 at = { 0, 0 };

	put_varint(b, len);
	encode(root, b, &at);
}

struct decoder {
	const unsigned char *p, *end;
	struct arena	*arena;
	struct place	 at;
};

/*
 * One way to write each number, the shortest: an entry decodes only
 * from the bytes trees_encode gives for its tree.
 */
static int
get_varint(struct decoder *d, uint64_t *v, uint64_t max)
{
	unsigned	 shift = 0, c;

	*v = 0;
	for (;;) {
		if (d->p == d->end)
			return -1;
		c = *d->p++;
		if (shift == 63 && c > 1)	/* more than 64 bits */
			return -1;
		*v |= (uint64_t)(c & 0x7f) << shift;
		if ((c & 0x80) == 0)
			break;
		shift += 7;
	}
	if (c == 0 && shift > 0)	/* a needless last byte */
		return -1;
	return *v <= max ? 0 : -1;
}

#define NODE_MIN	6	/* bytes of the smallest encoded node */

/* A step from where the last node was; -1 when it leaves [0, max]. */
static int
get_step(struct decoder *d, int64_t from, int64_t max, int64_t *v)
{
	uint64_t	 u;
	int64_t		 step;

	if (get_varint(d, &u, UINT64_MAX) == -1)
		return -1;
	step = unzigzag(u);
	if ((step < 0 && from + step < 0) || (step > 0 && step > max - from))
		return -1;
	*v = from + step;
	return 0;
}

static struct node *
decode(struct decoder *d, unsigned depth)
{
	struct node	*n;
	uint64_t	 col, len;
	int64_t		 line, start, end;
	size_t		 i;
	unsigned	 kind;

	if (d->end - d->p < 2 || depth > NESTING_MAX)
		return NULL;
	kind = d->p[0] & 3;
	if ((d->p[0] & ~7u) != 0 || (kind != NODE_MAP && kind != NODE_SEQ &&
	    (d->p[0] & 4) != 0))
		return NULL;
	n = arena_calloc(d->arena, 1, sizeof(*n));
	n->kind = (enum node_kind)kind;
	n->flow = (d->p[0] & 4) != 0;
	n->style = d->p[1];
	d->p += 2;
	if (get_step(d, d->at.line, UINT32_MAX, &line) == -1 ||
	    get_varint(d, &col, UINT32_MAX) == -1 ||
	    get_step(d, d->at.start, INT64_MAX / 2, &start) == -1 ||
	    get_step(d, start, INT64_MAX / 2, &end) == -1)
		return NULL;
	d->at.line = line;
	d->at.start = start;
	n->line = (unsigned)line;
	n->col = (unsigned)col;
	n->start = (size_t)start;
	n->end = (size_t)end;
	if (kind == NODE_SCALAR) {
		if (get_varint(d, &len, UINT64_MAX) == -1 ||
		    len > (uint64_t)(d->end - d->p))
			return NULL;
		n->len = (size_t)len;
		n->s = arena_strndup(d->arena, (const char *)d->p, n->len);
		d->p += n->len;
	} else if (kind == NODE_MAP || kind == NODE_SEQ) {
		/* Every kid takes bytes, so no count asks for more memory
		 * than the entry could fill. */
		if (get_varint(d, &len, UINT64_MAX) == -1 ||
		    len > (uint64_t)(d->end - d->p) / NODE_MIN ||
		    (kind == NODE_MAP && len % 2 != 0))
			return NULL;
		n->n = (size_t)len;
		if (n->n > 0)
			n->kids = arena_alloc(d->arena,
			    n->n * sizeof(*n->kids));
		for (i = 0; i < n->n; i++)
			if ((n->kids[i] = decode(d, depth + 1)) == NULL)
				return NULL;
	}
	return n;
}

/*
 * The tree encoded in p, and the length of its file, or NULL when p is
 * not exactly one tree.
 */
const struct node *
trees_decode(const char *p, size_t n, struct arena *a, size_t *len)
{
	struct decoder	 d;
	const struct node *root;
	uint64_t	 v;

	d.p = (const unsigned char *)p;
	d.end = d.p + n;
	d.arena = a;
	d.at.line = d.at.start = 0;
	if (get_varint(&d, &v, SIZE_MAX) == -1)
		return NULL;
	*len = (size_t)v;
	root = decode(&d, 0);
	return root != NULL && d.p == d.end ? root : NULL;
}

/*
 * The git blob id of the bytes (memo.c's blob_id, by libcrypto).
 * Publishing takes its ids from libgit2, which refuses the bytes of a
 * SHA-1 collision attack; a check of the disk need not.
 */
void
trees_key(const char *data, size_t len, unsigned char key[TREES_KEY])
{
	blob_id(data, len, key);
}

static void
entry_check(const void *tree, size_t len, unsigned char out[CHECK_LEN])
{
	unsigned char	 md[SHA256_DIGEST_LENGTH];

	if (SHA256(len > 0 ? tree : (const void *)"", len, md) == NULL)
		memset(md, 0, sizeof(md));
	memcpy(out, md, CHECK_LEN);
}

/* Which program writes and reads the trees: a new build, a new cache. */
static void
program_key(unsigned char out[SHA256_DIGEST_LENGTH])
{
	struct buf	 b = { 0 };

	program_identity(&b, "gongshi-trees", TREES_VERSION);
	buf_printf(&b, "libyaml %s\n", yaml_get_version_string());
	SHA256((const unsigned char *)b.p, b.len, out);
	buf_free(&b);
}

/* Reads len bytes at off of the file; -1 when they are not all there. */
static int
read_at(const struct trees *t, off_t off, void *p, size_t len)
{
	ssize_t	 n;
	char	*at = p;

	if (off < 0 || off > t->len || len > (size_t)(t->len - off))
		return -1;
	if (t->data != NULL) {
		memcpy(p, t->data + off, len);
		return 0;
	}
	while (len > 0) {
		if ((n = pread(t->fd, at, len, off)) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			return -1;
		}
		at += n;
		off += n;
		len -= (size_t)n;
	}
	return 0;
}

#define WINDOW	((size_t)1 << 20)	/* the file is scanned this much
					   at a time */

/*
 * Lists the file's entries, when it is ours: their heads only, read
 * through a window, so a run holds the trees it uses and no more.
 */
static void
index_entries(struct trees *t)
{
	unsigned char	 head[HEADER_LEN], *w = xmalloc(WINDOW);
	const unsigned char *e;
	off_t		 off = HEADER_LEN, wstart = 0, wlen = 0;
	size_t		 cap = 0, i, *slot, want;
	uint32_t	 len;

	t->ours = read_at(t, 0, head, HEADER_LEN) == 0 &&
	    memcmp(head, TREES_MAGIC, MAGIC_LEN) == 0 &&
	    memcmp(head + MAGIC_LEN, t->program, SHA256_DIGEST_LENGTH) == 0;
	while (t->ours && t->len - off >= (off_t)ENTRY_HEAD) {
		if (off < wstart || off + (off_t)ENTRY_HEAD > wstart + wlen) {
			want = t->len - off < (off_t)WINDOW ?
			    (size_t)(t->len - off) : WINDOW;
			if (read_at(t, off, w, want) == -1)
				break;
			wstart = off;
			wlen = (off_t)want;
		}
		e = w + (off - wstart);
		if ((len = get_u32(e + TREES_KEY)) > (uint64_t)(t->len - off -
		    (off_t)ENTRY_HEAD))
			break;
		if (t->n == cap) {
			cap = cap ? cap * 2 : 1024;
			t->v = xrealloc(t->v, cap * sizeof(*t->v));
		}
		memcpy(t->v[t->n].key, e, TREES_KEY);
		memcpy(t->v[t->n].check, e + TREES_KEY + 4, CHECK_LEN);
		t->v[t->n].len = len;
		t->v[t->n].off = off + (off_t)ENTRY_HEAD;
		t->n++;
		off += (off_t)ENTRY_HEAD + len;
	}
	free(w);
	t->tail = t->ours ? t->len - off : 0;
	t->state = xcalloc(t->n ? t->n : 1, sizeof(*t->state));
	table_init(&t->old, t->n);
	for (i = 0; i < t->n; i++) {
		slot = table_find(&t->old, old_key(t, i), old_key, t);
		if (*slot == 0)		/* a key twice: the first serves */
			*slot = i + 1;
	}
}

static struct trees *
trees_new(const char *path)
{
	struct trees	*t = xcalloc(1, sizeof(*t));

	t->path = xstrdup(path);
	t->fd = -1;
	t->spill = -1;
	pthread_mutex_init(&t->mu, NULL);
	program_key(t->program);
	table_init(&t->added, 0);
	return t;
}

/*
 * The cache of the content folder dir, as the last run left it (or
 * empty).  Never fails: at worst nothing is cached.  The file stays
 * open for the run: a run that replaces it (trees_save) does so by
 * rename, so what this one reads stays whole.
 */
struct trees *
trees_open(const char *dir)
{
	struct trees	*t;
	struct buf	 path = { 0 };
	struct stat	 st;

	buf_printf(&path, "%s/.gongshi/trees", dir);
	t = trees_new(path.p);
	buf_free(&path);
	if ((t->fd = open(t->path, O_RDONLY | O_CLOEXEC)) == -1)
		return t;
	if (fstat(t->fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > TREES_MAX) {
		close(t->fd);
		t->fd = -1;
		return t;
	}
	t->len = st.st_size;
	index_entries(t);
	return t;
}

/* The header this program writes, for tests and fuzzing. */
void
trees_header(struct buf *b)
{
	unsigned char	 program[SHA256_DIGEST_LENGTH];

	program_key(program);
	buf_put(b, TREES_MAGIC, MAGIC_LEN);
	buf_put(b, program, sizeof(program));
}

/* Bytes of new trees held in memory: for the tests. */
size_t
trees_held(const struct trees *t)
{
	return t->fresh.len;
}

/* The key of the file's entry i, or NULL past the last. */
const unsigned char *
trees_entry_key(const struct trees *t, size_t i)
{
	return i < t->n ? t->v[i].key : NULL;
}

/* A cache read from bytes, saved to path: for the tests and fuzzing. */
struct trees *
trees_from_bytes(const char *path, const char *data, size_t len)
{
	struct trees	*t = trees_new(path);

	if (len > 0) {
		t->data = data;
		t->len = (off_t)len;
		index_entries(t);
	}
	return t;
}

/*
 * The tree of the bytes whose key this is, built in arena a, and their
 * length in *len, or NULL when the cache has none that holds.  Threads
 * may ask at once.
 */
const struct node *
trees_get(struct trees *t, const unsigned char key[TREES_KEY],
    struct arena *a, size_t *len)
{
	const struct entry *e;
	const struct node *root = NULL;
	unsigned char	 check[CHECK_LEN];
	char		*tree;
	size_t		*slot, i;

	if (t == NULL || t->n == 0 ||
	    *(slot = table_find(&t->old, key, old_key, t)) == 0)
		return NULL;
	i = *slot - 1;
	if (atomic_load_explicit(&t->state[i], memory_order_relaxed) == BAD)
		return NULL;
	e = &t->v[i];
	tree = xmalloc(e->len ? e->len : 1);
	if (read_at(t, e->off, tree, e->len) == 0) {
		entry_check(tree, e->len, check);
		if (memcmp(check, e->check, CHECK_LEN) == 0)
			root = trees_decode(tree, e->len, a, len);
	}
	free(tree);
	atomic_store_explicit(&t->state[i], root != NULL ? USED : BAD,
	    memory_order_relaxed);
	return root;
}

/* Whether the cache may have the tree of key (trees_get decides). */
int
trees_has(struct trees *t, const unsigned char key[TREES_KEY])
{
	size_t	*slot;

	return t != NULL && t->n > 0 &&
	    *(slot = table_find(&t->old, key, old_key, t)) != 0 &&
	    atomic_load_explicit(&t->state[*slot - 1],
	    memory_order_relaxed) != BAD;
}

static void
put_entry(struct buf *b, const unsigned char *key, const void *tree,
    size_t len)
{
	unsigned char	 head[ENTRY_HEAD];

	memcpy(head, key, TREES_KEY);
	head[TREES_KEY] = (unsigned char)(len & 0xff);
	head[TREES_KEY + 1] = (unsigned char)(len >> 8 & 0xff);
	head[TREES_KEY + 2] = (unsigned char)(len >> 16 & 0xff);
	head[TREES_KEY + 3] = (unsigned char)(len >> 24 & 0xff);
	entry_check(tree, len, head + TREES_KEY + 4);
	buf_put(b, head, sizeof(head));
	buf_put(b, tree, len);
}

/*
 * An unnamed file in the cache's folder, gone with the last descriptor:
 * where the system has no O_TMPFILE, a named one unlinked at once.
 */
static int
open_unnamed(const char *path)
{
	struct buf	 dir = { 0 }, tmp = { 0 };
	const char	*slash = strrchr(path, '/');
	int		 fd;

	buf_printf(&dir, "%.*s", slash != NULL ? (int)(slash - path) : 1,
	    slash != NULL ? path : ".");
	if (mkdir(dir.p, 0755) == -1 && errno != EEXIST)
		fd = -1;
	else if ((fd = open(dir.p, O_TMPFILE | O_RDWR | O_CLOEXEC,
	    0600)) == -1 && (fd = tmp_beside(path, 0600, &tmp)) != -1)
		unlink(tmp.p);
	buf_free(&dir);
	buf_free(&tmp);
	return fd;
}

/*
 * Moves the entries waiting in memory to the spill file.  When it cannot
 * be made or written they stay in memory: it is only a cache.
 */
static void
spill(struct trees *t)
{
	if (t->spill_failed)
		return;
	if ((t->spill == -1 && (t->spill = open_unnamed(t->path)) == -1) ||
	    pwrite_full(t->spill, t->fresh.p, t->fresh.len, t->spilled) == -1) {
		t->spill_failed = 1;	/* not tried again this run */
		return;
	}
	t->spilled += (off_t)t->fresh.len;
	buf_truncate(&t->fresh, 0);	/* its room serves the next ones */
}

/* Copies len bytes at off of from to the end of what fd has written. */
static int
copy_out(int from, off_t off, off_t len, int fd, char *chunk)
{
	ssize_t	 n;

	while (len > 0) {
		n = pread(from, chunk, len < (off_t)CHUNK ? (size_t)len : CHUNK,
		    off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0 || write_full(fd, chunk, (size_t)n) == -1)
			return -1;
		off += n;
		len -= n;
	}
	return 0;
}

/* The new entries, spilled then waiting, to the end of fd. */
static int
write_fresh(struct trees *t, int fd)
{
	char	*chunk;
	int	 rc = 0;

	if (t->spilled > 0) {
		chunk = xmalloc(CHUNK);
		rc = copy_out(t->spill, 0, t->spilled, fd, chunk);
		free(chunk);
	}
	if (rc == 0)
		rc = write_full(fd, t->fresh.p, t->fresh.len);
	return rc;
}

/* Keeps root as the tree of the len bytes whose key this is. */
void
trees_put(struct trees *t, const unsigned char key[TREES_KEY],
    const struct node *root, size_t len)
{
	struct buf	 tree = { 0 };
	size_t		*slot, i;

	if (t == NULL)
		return;
	trees_encode(root, len, &tree);
	if (tree.len > UINT32_MAX) {
		buf_free(&tree);
		return;
	}
	pthread_mutex_lock(&t->mu);
	if (*(slot = table_find(&t->added, key, fresh_key, t)) == 0) {
		if (t->nfresh == t->capfresh) {
			t->capfresh = t->capfresh ? t->capfresh * 2 : 64;
			t->fresh_keys = xrealloc(t->fresh_keys,
			    t->capfresh * sizeof(*t->fresh_keys));
		}
		memcpy(t->fresh_keys[t->nfresh++], key, TREES_KEY);
		/* Spilled before the buffer would outgrow SPILL_AT. */
		if (t->fresh.len > 0 &&
		    t->fresh.len + ENTRY_HEAD + tree.len >= SPILL_AT)
			spill(t);
		put_entry(&t->fresh, key, tree.p ? tree.p : "", tree.len);
		*slot = t->nfresh;
		if (t->nfresh * 2 > t->added.mask) {	/* grow: rehash */
			free(t->added.slot);
			table_init(&t->added, t->nfresh);
			for (i = 0; i < t->nfresh; i++)
				*table_find(&t->added, fresh_key(t, i),
				    fresh_key, t) = i + 1;
		}
	}
	pthread_mutex_unlock(&t->mu);
	buf_free(&tree);
}

/*
 * The file again: header, the trees this run used, the new ones,
 * copied through a buffer so that a run holds none of them whole.
 */
static int
fill_again(int fd, void *arg)
{
	struct trees	*t = arg;
	struct buf	 text = { 0 };
	const struct entry *e;
	size_t		 i, at;
	int		 rc = -1;

	buf_put(&text, TREES_MAGIC, MAGIC_LEN);
	buf_put(&text, t->program, sizeof(t->program));
	for (i = 0; i < t->n; i++) {
		if (atomic_load(&t->state[i]) != USED)
			continue;
		e = &t->v[i];
		at = text.len;
		buf_grow(&text, ENTRY_HEAD + e->len);
		if (read_at(t, e->off - (off_t)ENTRY_HEAD, text.p + at,
		    ENTRY_HEAD + e->len) == 0)
			text.len += ENTRY_HEAD + e->len;
		if (text.len >= CHUNK) {
			if (write_full(fd, text.p, text.len) == -1)
				goto out;
			buf_truncate(&text, 0);
		}
	}
	rc = write_full(fd, text.p, text.len) == -1 ? -1 : write_fresh(t, fd);
out:
	buf_free(&text);
	return rc;
}

/* The new trees at the end of the file. */
static int
append(struct trees *t)
{
	int	 fd, rc;

	if ((fd = open(t->path, O_WRONLY | O_APPEND | O_CLOEXEC)) == -1)
		return -1;
	rc = write_fresh(t, fd);
	if (close(fd) == -1)
		rc = -1;
	return rc;
}

/*
 * Keeps what this run parsed.  Best effort: a cache that cannot be
 * written only costs the next run its parsing.
 */
int
trees_save(struct trees *t)
{
	off_t		 used = HEADER_LEN;
	size_t		 i, nused = 0;

	if (t == NULL)
		return 0;
	for (i = 0; i < t->n; i++)
		if (atomic_load(&t->state[i]) == USED) {
			used += (off_t)ENTRY_HEAD + t->v[i].len;
			nused++;
		}
	if (nused == 0 && t->nfresh == 0)	/* read nothing: judge nothing */
		return 0;
	/* Trees a run did not use may still serve another: a check uses
	 * no history's.  Only when they outweigh the rest is it time. */
	if (t->ours && t->tail == 0 && t->len - used <= 2 * used +
	    (off_t)SLACK)
		return t->nfresh > 0 ? append(t) : 0;
	if (!t->ours && t->nfresh == 0)
		return 0;
	return save_beside_with(t->path, fill_again, t);
}

void
trees_free(struct trees *t)
{
	if (t == NULL)
		return;
	if (t->fd != -1)
		close(t->fd);
	free(t->path);
	free(t->v);
	free((void *)t->state);
	free(t->old.slot);
	free(t->added.slot);
	free(t->fresh_keys);
	buf_free(&t->fresh);
	if (t->spill != -1)
		close(t->spill);
	pthread_mutex_destroy(&t->mu);
	free(t);
}
