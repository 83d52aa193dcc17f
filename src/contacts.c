/*
 * Personal phones kept out of the public history: the private contact
 * book, the seals that stand for its numbers in public records, and
 * `gongshi forget`.  contacts.h says why.
 *
 * The book is DIR/private/contacts.yaml, one "seal: number" a line,
 * sorted; the key is DIR/private/key, 64 hexadecimal digits.  Neither
 * is ever under content/, so no publish can commit them, and the
 * folder carries a .gitignore of its own so that `git add -A` does not
 * either.
 */
#include <sys/stat.h>

#include <dirent.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "arena.h"
#include "buf.h"
#include "commands.h"
#include "cache.h"
#include "contacts.h"
#include "content.h"
#include "escape.h"
#include "gongshi.h"
#include "i18n.h"
#include "journal.h"
#include "memo.h"
#include "node.h"
#include "scalar.h"
#include "schema.h"

#define BOOK_MAX	(64u << 20)

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct book_entry *)a)->seal,
	    ((const struct book_entry *)b)->seal);
}

static void
book_add(struct book *b, const char *seal, const char *phone)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 32;
		b->v = xrealloc(b->v, b->cap * sizeof(*b->v));
	}
	b->v[b->n].seal = xstrdup(seal);
	b->v[b->n].phone = xstrdup(phone);
	b->n++;
}

/* DIR/private/key: 64 hex digits and a newline; 0 absent, -1 bad. */
static int
read_key(struct book *b, struct diags *d)
{
	struct buf	 path = { 0 }, text = { 0 };
	int		 rc = -1;

	buf_printf(&path, "%s/%s", b->dir, BOOK_KEY);
	if (buf_read_file(&text, path.p, 4096) == -1) {
		if (errno == ENOENT)
			rc = 0;
		else
			report(d, SEV_ERROR, "%s %s", path.p,
			    read_problem(errno));
		goto out;
	}
	if (hex_bytes(text.p, text.len, b->key, sizeof(b->key)) == -1) {
		diag_add(d, BOOK_KEY, 1, 1, SEV_ERROR, "the contact book's "
		    "key must be 64 hexadecimal digits; restore it from your "
		    "backup");
		goto out;
	}
	b->has_key = 1;
	rc = 1;
out:
	buf_free(&path);
	buf_free(&text);
	return rc;
}

/* The folder, with a .gitignore that keeps all of it out of git. */
static int
make_folder(struct book *b, struct diags *d)
{
	struct buf	 path = { 0 }, ign = { 0 };
	int		 rc = -1;

	buf_printf(&path, "%s/%s", b->dir, BOOK_DIR);
	if (mkdir(path.p, 0700) == -1 && errno != EEXIST) {
		report(d, SEV_ERROR, "%s: %s", path.p, strerror(errno));
		goto out;
	}
	buf_printf(&path, "/.gitignore");
	buf_puts(&ign, "# 私密联系簿：不得提交到任何公开仓库\n*\n");
	if (access(path.p, F_OK) == -1 && write_replace(path.p, &ign, 1) ==
	    -1) {
		report(d, SEV_ERROR, "%s: %s", path.p, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	buf_free(&path);
	buf_free(&ign);
	return rc;
}

/* Writes DIR/private/name, readable by its owner only: 0, or -1. */
static int
write_private(const struct book *b, const char *name, const struct buf *text,
    struct diags *d)
{
	struct buf	 path = { 0 };
	int		 rc = 0;

	buf_printf(&path, "%s/%s", b->dir, name);
	if (write_replace_mode(path.p, text, 1, 0600) == -1) {
		report(d, SEV_ERROR, "%s: %s", path.p, strerror(errno));
		rc = -1;
	}
	buf_free(&path);
	return rc;
}

/* A new random key, written once, readable by its owner only. */
static int
make_key(struct book *b, struct diags *d)
{
	struct buf	 text = { 0 };
	size_t		 i;
	int		 rc = -1;

	if (make_folder(b, d) == -1)
		return -1;
	if (RAND_bytes(b->key, sizeof(b->key)) != 1) {
		report(d, SEV_ERROR, "no random bytes for the contact book's "
		    "key");
		return -1;
	}
	for (i = 0; i < sizeof(b->key); i++)
		buf_printf(&text, "%02x", b->key[i]);
	buf_putc(&text, '\n');
	if (write_private(b, BOOK_KEY, &text, d) == 0) {
		b->has_key = 1;
		rc = 0;
	}
	buf_free(&text);
	return rc;
}

/* Reads the entries of the book's file; a missing file is empty. */
static int
read_entries(struct book *b, struct diags *d)
{
	struct buf	 path = { 0 }, text = { 0 };
	struct arena	 a = { 0 };
	const struct node *root, *k, *v;
	size_t		 i, bad = d->nerrors;
	int		 rc = -1;

	buf_printf(&path, "%s/%s", b->dir, BOOK_FILE);
	if (buf_read_file(&text, path.p, BOOK_MAX) == -1) {
		if (errno != ENOENT)
			report(d, SEV_ERROR, "%s %s", path.p,
			    read_problem(errno));
		else
			rc = 0;
		goto out;
	}
	SHA256((const unsigned char *)text.p, text.len, b->digest);
	if ((root = yaml_load(BOOK_FILE, text.p, text.len, &a, d)) == NULL) {
		rc = d->nerrors > bad ? -1 : 0;	/* empty: no entries */
		goto out;
	}
	if (root->kind != NODE_MAP) {
		diag_add(d, BOOK_FILE, root->line, root->col, SEV_ERROR,
		    "the contact book is one seal and its number a line: "
		    "私密-0123456789ab: 13800000000");
		goto out;
	}
	for (i = 0; i + 1 < root->n; i += 2) {
		k = root->kids[i];
		v = root->kids[i + 1];
		if (k->kind != NODE_SCALAR || !is_seal(k->s))
			diag_add(d, BOOK_FILE, k->line, k->col, SEV_ERROR,
			    "'%s' is not a seal (私密- and 12 hexadecimal "
			    "digits)", k->kind == NODE_SCALAR ? k->s : "");
		else if (v->kind != NODE_SCALAR || !is_mobile(v->s))
			diag_add(d, BOOK_FILE, v->line, v->col, SEV_ERROR,
			    "'%s' is not a mobile number (11 digits)",
			    v->kind == NODE_SCALAR ? v->s : "");
		else
			book_add(b, k->s, v->s);
	}
	qsort(b->v, b->n, sizeof(*b->v), cmp_entry);
	for (i = 1; i < b->n; i++)
		if (strcmp(b->v[i - 1].seal, b->v[i].seal) == 0)
			diag_add(d, BOOK_FILE, 1, 1, SEV_ERROR, "%s is in the "
			    "contact book twice", b->v[i].seal);
	rc = d->nerrors > bad ? -1 : 0;
out:
	arena_free(&a);
	buf_free(&path);
	buf_free(&text);
	return rc;
}

/* A name as forget takes it: text, no digits, quotes or controls. */
static int
is_name(const char *s)
{
	size_t	 n = strlen(s);

	if (n == 0 || n > 64)
		return 0;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f || *s == '"' ||
		    *s == '\\' || *s == ':' || *s == '#' ||
		    (*s >= '0' && *s <= '9'))
			return 0;
	return 1;
}

/* DIR/private/forgotten.yaml: the names taken back, a list. */
static int
read_names(struct book *b, struct diags *d)
{
	struct buf	 path = { 0 }, text = { 0 };
	struct arena	 a = { 0 };
	const struct node *root, *k;
	size_t		 i, bad = d->nerrors;
	int		 rc = -1;

	buf_printf(&path, "%s/%s", b->dir, BOOK_NAMES);
	if (buf_read_file(&text, path.p, BOOK_MAX) == -1) {
		if (errno != ENOENT)
			report(d, SEV_ERROR, "%s %s", path.p,
			    read_problem(errno));
		else
			rc = 0;
		goto out;
	}
	if ((root = yaml_load(BOOK_NAMES, text.p, text.len, &a, d)) == NULL) {
		rc = d->nerrors > bad ? -1 : 0;
		goto out;
	}
	if (root->kind != NODE_SEQ) {
		diag_add(d, BOOK_NAMES, root->line, root->col, SEV_ERROR,
		    "the names taken back are a list, one a line: - 王某");
		goto out;
	}
	b->names = xcalloc(root->n + 1, sizeof(*b->names));
	for (i = 0; i < root->n; i++) {
		k = root->kids[i];
		if (k->kind != NODE_SCALAR || !is_name(k->s))
			diag_add(d, BOOK_NAMES, k->line, k->col, SEV_ERROR,
			    "this is not a name");
		else
			b->names[b->nnames++] = xstrdup(k->s);
	}
	rc = d->nerrors > bad ? -1 : 0;
out:
	arena_free(&a);
	buf_free(&path);
	buf_free(&text);
	return rc;
}

static int
save_names(struct book *b, struct diags *d)
{
	struct buf	 text = { 0 };
	size_t		 i;
	int		 rc = -1;

	if (!b->names_dirty)
		return 0;
	if (make_folder(b, d) == -1)
		return -1;
	buf_puts(&text, "# 已删除的姓名（gongshi forget）：网站不再从历史记录中"
	    "重复这些姓名。\n");
	for (i = 0; i < b->nnames; i++)
		buf_printf(&text, "- \"%s\"\n", b->names[i]);
	if (write_private(b, BOOK_NAMES, &text, d) == 0) {
		b->names_dirty = 0;
		rc = 0;
	}
	buf_free(&text);
	return rc;
}

static void
add_name(struct book *b, const char *name)
{
	size_t	 i;

	for (i = 0; i < b->nnames; i++)
		if (strcmp(b->names[i], name) == 0)
			return;
	b->names = xrealloc(b->names, (b->nnames + 2) * sizeof(*b->names));
	b->names[b->nnames++] = xstrdup(name);
	b->names[b->nnames] = NULL;
	b->names_dirty = 1;
}

/* The book of dir, empty when there is none; -1 after saying why. */
int
book_open(struct book *b, const char *dir, struct diags *d)
{
	memset(b, 0, sizeof(*b));
	b->dir = dir;
	if (read_key(b, d) == -1 || read_entries(b, d) == -1 ||
	    read_names(b, d) == -1)
		return -1;
	return 0;
}

const char *
book_find(const struct book *b, const char *seal)
{
	struct book_entry key, *e;

	if (b->n == 0)
		return NULL;
	key.seal = (char *)seal;
	e = bsearch(&key, b->v, b->n, sizeof(*b->v), cmp_entry);
	return e != NULL ? e->phone : NULL;
}

/* The seal of a mobile number under the book's key, in out. */
static int
seal_of(const struct book *b, const char *phone, char *out, size_t outsz,
    struct diags *d)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen = 0;
	size_t		 i, at;

	if (HMAC(EVP_sha256(), b->key, (int)sizeof(b->key),
	    (const unsigned char *)phone, strlen(phone), md, &mdlen) == NULL ||
	    outsz < strlen(SEAL_PREFIX) + SEAL_HEX + 1) {
		report(d, SEV_ERROR, "the phone %s could not be sealed", phone);
		return -1;
	}
	at = (size_t)snprintf(out, outsz, "%s", SEAL_PREFIX);
	for (i = 0; i < SEAL_HEX / 2; i++)
		at += (size_t)snprintf(out + at, outsz - at, "%02x", md[i]);
	return 0;
}

/* The seal of a mobile number, added to the book if new. */
int
book_seal(struct book *b, const char *phone, char *out, size_t outsz,
    struct diags *d)
{
	const char	*had;

	if (!b->has_key && make_key(b, d) == -1)
		return -1;
	if (seal_of(b, phone, out, outsz, d) == -1)
		return -1;
	if ((had = book_find(b, out)) != NULL) {
		if (strcmp(had, phone) == 0)
			return 0;
		report(d, SEV_ERROR, "%s and %s have the same seal %s: make "
		    "a new key (see README, 个人信息)", had, phone, out);
		return -1;
	}
	book_add(b, out, phone);
	qsort(b->v, b->n, sizeof(*b->v), cmp_entry);
	b->dirty = 1;
	return 0;
}

/* Writes the book back, sorted, through a temporary file. */
int
book_save(struct book *b, struct diags *d)
{
	struct buf	 text = { 0 };
	size_t		 i;
	int		 rc = -1;

	if (!b->dirty)
		return 0;
	if (make_folder(b, d) == -1)
		return -1;
	buf_puts(&text, "# 私密联系簿（gongshi）：公开记录中的“私密-…”对应的"
	    "个人手机号码。\n# 不得提交到公开仓库；删除某人的号码请用 "
	    "gongshi forget 号码。\n");
	for (i = 0; i < b->n; i++)
		buf_printf(&text, "%s: %s\n", b->v[i].seal, b->v[i].phone);
	if (write_private(b, BOOK_FILE, &text, d) == 0) {
		b->dirty = 0;
		SHA256((const unsigned char *)text.p, text.len, b->digest);
		rc = 0;
	}
	buf_free(&text);
	return rc;
}

void
book_free(struct book *b)
{
	size_t	 i;

	for (i = 0; i < b->n; i++) {
		free(b->v[i].seal);
		free(b->v[i].phone);
	}
	free(b->v);
	for (i = 0; i < b->nnames; i++)
		free(b->names[i]);
	free(b->names);
	OPENSSL_cleanse(b->key, sizeof(b->key));
	memset(b, 0, sizeof(*b));
}

/* What visit calls: a phone value and the name beside it, or NULL. */
struct visitor {
	void	(*fn)(struct gs_val *, void *);
	void	(*named)(struct gs_val *, const struct gs_val *, void *);
	void	*arg;
};

/* The person's name (a "name" labelled 姓名, not an office's 名称) of a
 * mapping of schema sc at base, or NULL. */
static const struct gs_val *
name_beside(const struct schema *sc, const void *base)
{
	const struct field *f;
	const struct gs_val *v;

	for (f = sc->fields; f->key != NULL; f++)
		if (strcmp(f->key, "name") == 0 && f->type == FT_TEXT &&
		    strcmp(f->label, "姓名") == 0) {
			v = (const struct gs_val *)(const void *)
			    ((const char *)base + f->off);
			return v->s != NULL ? v : NULL;
		}
	return NULL;
}

static void
phone_at(const struct visitor *vi, struct gs_val *v, const struct gs_val *nm)
{
	if (v->s == NULL)
		return;
	if (vi->fn != NULL)
		vi->fn(v, vi->arg);
	if (vi->named != NULL)
		vi->named(v, nm, vi->arg);
}

/* Every phone value below base, a record of schema sc. */
static void
visit(const struct schema *sc, void *base, const struct visitor *vi)
{
	const struct field *f;
	struct gs_list	*l;
	char		*p;
	size_t		 i;

	for (f = sc->fields; f->key != NULL; f++) {
		p = (char *)base + f->off;
		switch (f->type) {
		case FT_STRUCT:
			if ((p = field_value_mut(base, f)) != NULL)
				visit(f->sub, p, vi);
			break;
		case FT_LIST:
			l = (struct gs_list *)(void *)p;
			for (i = 0; i < l->n; i++)
				visit(f->sub, (char *)l->v + i * f->sub->size,
				    vi);
			break;
		case FT_VLIST:
			l = (struct gs_list *)(void *)p;
			for (i = 0; f->elem == FT_PHONE && i < l->n; i++)
				phone_at(vi, (struct gs_val *)l->v + i, NULL);
			break;
		case FT_PHONE:
			phone_at(vi, (struct gs_val *)(void *)p,
			    name_beside(sc, base));
			break;
		default:
			break;
		}
	}
}

static void
visit_content(struct gs_content *ct, const struct visitor *vi)
{
	size_t	 i;

	visit(&schema_site, &ct->site, vi);
	visit(&schema_areas_file, ct, vi);
	visit(&schema_departments_file, ct, vi);
	visit(&schema_parties_file, ct, vi);
	for (i = 0; i < ct->ncompounds; i++)
		visit(&schema_compound, ct->compounds[i], vi);
}

void
content_phones(struct gs_content *ct, void (*fn)(struct gs_val *, void *),
    void *arg)
{
	struct visitor	 vi = { fn, NULL, arg };

	visit_content(ct, &vi);
}

static void
unseal(struct gs_val *v, void *arg)
{
	const char	*phone;

	if (is_seal(v->s))
		v->s = (phone = book_find(arg, v->s)) != NULL ? phone :
		    gs_withheld;
}

/*
 * The numbers of the book in place of their seals, for the site and
 * the boards; a seal the book does not know (a number forgotten, or a
 * folder without the book) becomes gs_withheld: 不公开 on paper, no
 * number at all on the pages (view_phone).  The book lives as long as
 * c, in c->book.
 */
int
contacts_apply(struct ctx *c)
{
	struct book	*b;

	if (c->book != NULL)
		return 0;
	b = arena_calloc(&c->arena, 1, sizeof(*b));
	if (book_open(b, c->dir, &c->diags) == -1) {
		book_free(b);
		diag_flush(&c->diags);
		return -1;
	}
	c->book = b;
	content_phones(c->content, unseal, b);
	c->content->forgotten = b->names;
	c->content->nforgotten = b->nnames;
	return 0;
}

/* A personal mobile found in a record: its place, to be sealed. */
struct found {
	const char	*file;
	unsigned	 line;
	const char	*phone;
};

struct finds {
	struct found	*v;
	size_t		 n, cap;
};

static void
find_mobile(struct gs_val *v, void *arg)
{
	struct finds	*fs = arg;

	if (!is_mobile(v->s) || v->pos.fid == 0)
		return;
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 32;
		fs->v = xrealloc(fs->v, fs->cap * sizeof(*fs->v));
	}
	fs->v[fs->n].file = GS_FILE(&v->pos);
	fs->v[fs->n].line = v->pos.line;
	fs->v[fs->n].phone = v->s;
	fs->n++;
}

static int
cmp_found(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	int	 c;

	if ((c = strcmp(x->file, y->file)) != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int
is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

/* Whether the 11 digits at q are a number found on this line. */
static const char *
found_on_line(const struct found *fs, size_t n, unsigned line,
    const char *q)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		if (fs[k].line == line && memcmp(q, fs[k].phone, 11) == 0)
			return fs[k].phone;
	return NULL;
}

/*
 * text with every phone of fs[0..n) (all of one file) replaced by its
 * seal where it was read: on its line, a run of exactly its 11 digits.
 * Every other byte (comments, quoting, order) is kept.
 */
static int
seal_text(struct book *b, const char *text, size_t len,
    const struct found *fs, size_t n, struct buf *out, struct diags *d)
{
	char		 seal[64];
	const char	*p, *end = text + len, *run, *phone;
	unsigned	 line = 1;

	for (p = text; p < end; ) {
		if (*p == '\n') {
			line++;
			buf_putc(out, *p++);
			continue;
		}
		if (!is_digit(*p)) {
			buf_putc(out, *p++);
			continue;
		}
		for (run = p; p < end && is_digit(*p); p++)
			continue;
		if (p - run == 11 &&
		    (phone = found_on_line(fs, n, line, run)) != NULL) {
			if (book_seal(b, phone, seal, sizeof(seal), d) == -1)
				return -1;
			buf_puts(out, seal);
		} else
			buf_put(out, run, (size_t)(p - run));
	}
	return 0;
}

static int
is_ascii_letter(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/*
 * Whether text holds a run of exactly 11 digits that is a mobile.  A
 * run touching a letter is part of a longer word, not a scalar of its
 * own: a seal's hexadecimal (私密-b19084724632) often holds 11 digits
 * in a row, and taking those for mobiles made every publish after the
 * first load the whole city a second time to find nothing to seal.
 */
static int
has_mobile(const char *p, size_t len)
{
	const char	*start = p, *end = p + len, *run;

	while (p < end) {
		if (!is_digit(*p)) {
			p++;
			continue;
		}
		for (run = p; p < end && is_digit(*p); p++)
			continue;
		if (p - run == 11 && run[1] >= '3' && run[1] <= '9' &&
		    run[0] == '1' && (run == start ||
		    !is_ascii_letter(run[-1])) && (p == end ||
		    !is_ascii_letter(*p)))
			return 1;
	}
	return 0;
}

/*
 * The YAML files a scan found no mobile in, by path and stat, kept in
 * DIR/.gongshi/scanned: a file whose stat is still the one listed is
 * not read again.  It is a manifest (journal.c) after the program's
 * identity, so a new gongshi, which may scan otherwise, starts afresh.
 * Only a file whose mtime was old when scanned is listed: one changed
 * within the file system's coarse tick may keep its mtime.
 */
#define SCANNED_SETTLED_S	2

struct scanned {
	struct manifest	 old;		/* the last scan's, maybe empty */
	struct manifest	 now;		/* this scan's */
	char		*path;		/* DIR/.gongshi/scanned, or NULL */
	size_t		 skip;		/* bytes of "DIR/" before a path */
	time_t		 settled;
};

static void
scanned_open(struct scanned *sc, const char *dir, int use)
{
	struct buf	 path = { 0 }, text = { 0 }, id = { 0 };

	memset(sc, 0, sizeof(*sc));
	sc->skip = strlen(dir) + 1;
	sc->settled = time(NULL) - SCANNED_SETTLED_S;
	if (!use)
		return;
	buf_printf(&path, "%s/.gongshi/scanned", dir);
	sc->path = buf_detach(&path);
	program_identity(&id, "gongshi-scanned", 1);
	if (buf_read_file(&text, sc->path, MANIFEST_MAX) == 0 &&
	    text.len >= id.len && memcmp(text.p, id.p, id.len) == 0)
		manifest_parse(text.p + id.len, text.len - id.len, &sc->old);
	buf_free(&text);
	buf_free(&id);
}

/* Whether the file at path, with stat st, was scanned as it is. */
static int
scanned_before(struct scanned *sc, const char *path, const struct stat *st)
{
	const struct mfile *m;

	return sc->path != NULL && strlen(path) > sc->skip &&
	    (m = manifest_find(&sc->old, path + sc->skip)) != NULL &&
	    mfile_same_stat(m, st);
}

/* Lists the file at path as holding no mobile, if its stat will tell. */
static void
scanned_clean(struct scanned *sc, const char *path, const struct stat *st)
{
	struct mfile	*f;

	if (sc->path == NULL || strlen(path) <= sc->skip ||
	    st->st_mtim.tv_sec >= sc->settled || st->st_mtim.tv_sec < 0 ||
	    st->st_ctim.tv_sec < 0 || strchr(path, '\n') != NULL)
		return;
	f = manifest_push(&sc->now);
	f->rel = xstrdup(path + sc->skip);
	f->size = (uint64_t)st->st_size;
	mstat_take(&f->st, st);
}

/* Keeps a whole scan's list, when it changed.  Best effort. */
static void
scanned_save(struct scanned *sc)
{
	struct buf	 text = { 0 }, old = { 0 };

	if (sc->path == NULL)
		return;
	manifest_sort(&sc->now);
	manifest_format(&sc->old, &old);
	manifest_format(&sc->now, &text);
	if (text.len != old.len || memcmp(text.p, old.p, text.len) != 0) {
		buf_truncate(&old, 0);
		program_identity(&old, "gongshi-scanned", 1);
		buf_put(&old, text.p, text.len);
		save_beside(sc->path, old.p, old.len);
	}
	buf_free(&text);
	buf_free(&old);
}

static void
scanned_free(struct scanned *sc)
{
	manifest_free(&sc->old);
	manifest_free(&sc->now);
	free(sc->path);
}

/*
 * Whether any YAML file under path (a folder, depth levels deep at
 * most) holds what may be a mobile: a byte scan, so that a publish
 * with nothing to seal, the usual case, does not read the records
 * twice; a file scanned before as it is now is not read again.
 * Unreadable entries are left to the check that follows.
 */
static int
any_mobile(struct buf *path, unsigned depth, struct scanned *sc)
{
	struct buf	 text = { 0 };
	struct dirent	*e;
	struct stat	 st;
	size_t		 len = path->len, n;
	DIR		*d;
	int		 found = 0;

	if (depth > 16 || (d = opendir(path->p)) == NULL)
		return 0;
	while (!found && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		buf_truncate(path, len);
		buf_printf(path, "/%s", e->d_name);
		if (lstat(path->p, &st) == -1)
			continue;
		n = strlen(e->d_name);
		if (S_ISDIR(st.st_mode))
			found = any_mobile(path, depth + 1, sc);
		else if (S_ISREG(st.st_mode) && ((n > 5 &&
		    strcmp(e->d_name + n - 5, ".yaml") == 0) || (n > 4 &&
		    strcmp(e->d_name + n - 4, ".yml") == 0))) {
			if (scanned_before(sc, path->p, &st)) {
				scanned_clean(sc, path->p, &st);
				continue;
			}
			buf_truncate(&text, 0);
			if (buf_read_file(&text, path->p, BOOK_MAX) == 0 &&
			    !(found = has_mobile(text.p, text.len)))
				scanned_clean(sc, path->p, &st);
		}
	}
	closedir(d);
	buf_truncate(path, len);
	buf_free(&text);
	return found;
}

/*
 * Moves every personal mobile of DIR's records into the book: the book
 * is saved first, then each record with its numbers replaced by their
 * seals, each through a temporary file, so a publish stopped part-way
 * leaves numbers either in their record or in the book, never nowhere.
 * Content that does not load is left alone: the check that follows
 * says what is wrong with it.  Returns 0, or -1 after saying why.
 */
int
contacts_seal(const char *dir, int use_cache, struct diags *d)
{
	struct ctx	 c;
	struct finds	 fs = { 0 };
	struct book	 b;
	struct scanned	 sc;
	struct buf	 path = { 0 }, text = { 0 }, out = { 0 };
	size_t		 i, j, nfiles = 0;
	int		 rc = -1, found;

	memset(&b, 0, sizeof(b));
	ctx_init(&c, dir, 0);
	buf_printf(&path, "%s/content", dir);
	scanned_open(&sc, dir, use_cache);
	found = any_mobile(&path, 0, &sc);
	if (!found)	/* a whole scan: what it found clean stays so */
		scanned_save(&sc);
	scanned_free(&sc);
	if (!found) {
		rc = 0;
		goto out;
	}
	buf_truncate(&path, 0);
	if (content_load(&c) == -1) {
		rc = 0;
		goto out;
	}
	content_phones(c.content, find_mobile, &fs);
	if (fs.n == 0) {
		rc = 0;
		goto out;
	}
	qsort(fs.v, fs.n, sizeof(*fs.v), cmp_found);
	if (book_open(&b, dir, d) == -1)
		goto out;
	/* First the book, with every number's seal. */
	for (i = 0; i < fs.n; i++) {
		char	 seal[64];

		if (book_seal(&b, fs.v[i].phone, seal, sizeof(seal), d) == -1)
			goto out;
	}
	if (book_save(&b, d) == -1)
		goto out;
	for (i = 0; i < fs.n; i = j) {
		for (j = i; j < fs.n && strcmp(fs.v[j].file, fs.v[i].file) ==
		    0; j++)
			continue;
		buf_truncate(&path, 0);
		buf_truncate(&text, 0);
		buf_truncate(&out, 0);
		buf_printf(&path, "%s/%s", dir, fs.v[i].file);
		if (buf_read_file(&text, path.p, BOOK_MAX) == -1) {
			report(d, SEV_ERROR, "%s %s", path.p,
			    read_problem(errno));
			goto out;
		}
		if (seal_text(&b, text.p, text.len, fs.v + i, j - i, &out,
		    d) == -1)
			goto out;
		if (write_replace(path.p, &out, 1) == -1) {
			report(d, SEV_ERROR, "%s: %s", path.p,
			    strerror(errno));
			goto out;
		}
		nfiles++;
	}
	report(d, SEV_NOTE, ngettext("moved %zu personal phone number into "
	    "the private contact book %s; %zu record now holds its seal",
	    "moved %zu personal phone numbers into the private contact book "
	    "%s; %zu records now hold their seals", fs.n), fs.n, BOOK_FILE,
	    nfiles);
	rc = 0;
out:
	free(fs.v);
	buf_free(&path);
	buf_free(&text);
	buf_free(&out);
	book_free(&b);
	diag_free(&c.diags);
	ctx_free(&c);
	return rc;
}

/* Takes seal out of the book; whether it was there. */
static int
book_remove(struct book *b, const char *seal)
{
	size_t	 i;

	for (i = 0; i < b->n; i++)
		if (strcmp(b->v[i].seal, seal) == 0) {
			free(b->v[i].seal);
			free(b->v[i].phone);
			memmove(b->v + i, b->v + i + 1, (b->n - i - 1) *
			    sizeof(*b->v));
			b->n--;
			b->dirty = 1;
			return 1;
		}
	return 0;
}

/* What forget looks for in the records: the seals and numbers given. */
struct forgotten {
	struct ctx	*c;
	struct book	*b;
	char		**v;		/* seals and numbers */
	size_t		 n;
};

/* Warns where a number taken back is still in a record, and takes
 * back the name written beside it too. */
static void
still_named(struct gs_val *v, const struct gs_val *name, void *arg)
{
	struct forgotten *f = arg;
	size_t		 i;

	for (i = 0; i < f->n; i++)
		if (strcmp(v->s, f->v[i]) == 0) {
			at(f->c, &v->pos, SEV_WARNING, "%s is still here: its "
			    "number is no longer shown, but the person is; to "
			    "take them off the site and boards, remove or "
			    "replace them here and publish", v->s);
			if (name != NULL && is_name(name->s))
				add_name(f->b, name->s);
		}
}

/*
 * forget NUMBER|SEAL…: takes the numbers out of the contact book, says
 * where records still name them, and rebuilds the site and the boards,
 * so that the numbers are shown nowhere.  The public history is not
 * rewritten: it never held them.
 */
int
cmd_forget(const struct opts *o)
{
	struct ctx	 c;
	struct book	 b;
	struct forgotten f = { 0 };
	struct visitor	 vi = { NULL, NULL, NULL };
	struct opts	 again;
	char		 seal[64];
	size_t		 i;
	int		 rc = EXIT_USAGE;

	ctx_init(&c, o->dir, o->today);
	c.diags.emit = o->emit;
	c.diags.emit_arg = o->emit_arg;
	memset(&b, 0, sizeof(b));
	if (o->nargs == 0) {
		report(&c.diags, SEV_ERROR, "forget needs the mobile number "
		    "(or its seal) to take back: gongshi forget 13800000000");
		goto out;
	}
	if (book_open(&b, o->dir, &c.diags) == -1) {
		diag_flush(&c.diags);
		rc = EXIT_INVALID;
		goto out;
	}
	f.c = &c;
	f.b = &b;
	f.v = xcalloc(2 * o->nargs, sizeof(*f.v));
	for (i = 0; i < o->nargs; i++) {
		const char *a = o->args[i];

		if (is_name(a)) {
			add_name(&b, a);
			report(&c.diags, SEV_NOTE, "the site no longer repeats "
			    "the name %s from the history", a);
			continue;
		}
		if (is_seal(a))
			snprintf(seal, sizeof(seal), "%s", a);
		else if (!is_mobile(a)) {
			report(&c.diags, SEV_ERROR, "'%s' is neither a mobile "
			    "number (11 digits), a seal (私密-…) nor a name", a);
			goto out;
		} else {
			f.v[f.n++] = xstrdup(a);	/* not yet sealed */
			if (!b.has_key || seal_of(&b, a, seal, sizeof(seal),
			    &c.diags) == -1)
				seal[0] = '\0';
		}
		if (seal[0] == '\0' || !book_remove(&b, seal))
			report(&c.diags, SEV_NOTE, "%s is not in the contact "
			    "book", a);
		else
			report(&c.diags, SEV_NOTE, "took %s out of the contact "
			    "book %s", a, BOOK_FILE);
		if (seal[0] != '\0')
			f.v[f.n++] = xstrdup(seal);
	}
	if (content_load(&c) == -1) {
		diag_flush(&c.diags);
		goto out;
	}
	vi.named = still_named;
	vi.arg = &f;
	visit_content(c.content, &vi);
	diag_flush(&c.diags);
	if (book_save(&b, &c.diags) == -1 || save_names(&b, &c.diags) == -1)
		goto out;
	/* The caches may hold the number as a record had it before it was
	 * sealed (a parsed tree, check's note): they go, and what they
	 * keep from here is made from the records as they are. */
	cache_forget(o->dir, "trees");
	cache_forget(o->dir, "check");
	/* What is public follows at once: the site, then the boards. */
	again = *o;
	again.nargs = 0;
	again.args = NULL;
	if ((rc = cmd_build(&again)) == EXIT_VALID)
		rc = cmd_boards(&again);
out:
	for (i = 0; i < f.n; i++)
		free(f.v[i]);
	free(f.v);
	book_free(&b);
	ctx_free(&c);
	return rc;
}
