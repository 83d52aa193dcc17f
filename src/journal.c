/*
 * Updating a site in place, file by file, so that a build changing few
 * files costs little: output.c writes the changed files into a staging
 * folder beside the site and lists, in a journal, which staged file
 * goes where and which old files go away.  Renaming the journal to its
 * final name commits the build; applying it is then idempotent (a
 * staged file that is gone was moved), so a run killed at any point
 * leaves the old site, or the new one once the next writer has rolled
 * the journal forward.  An uncommitted staging folder is thrown away.
 *
 * The manifest beside the site says, for every file, the hash of its
 * bytes and the stat it had once in place, so the next build knows an
 * untouched file without reading it back.  It is only a cache: missing
 * or damaged, files are compared byte by byte instead.
 *
 * It also says, for the folders whose entries the last build listed,
 * the stat each had then: a folder whose stat still matches holds what
 * the manifest says it holds, and is not read again (output.c).
 *
 *	manifest:	gongshi-manifest 2
 *			HASH|- SIZE INO MTIME_S MTIME_NS CTIME_S CTIME_NS REL
 *			d INO MTIME_S MTIME_NS CTIME_S CTIME_NS REL|.
 *	journal:	gongshi-journal 1
 *			D REL		(remove the site's REL)
 *			R N REL		(rename staged sN to the site's REL)
 *			end
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "escape.h"
#include "journal.h"
#include "output.h"

#define MANIFEST_HEAD	"gongshi-manifest 2\n"
#define JOURNAL_HEAD	"gongshi-journal 1\n"

static int
cmp_mfile(const void *a, const void *b)
{
	return strcmp(((const struct mfile *)a)->rel,
	    ((const struct mfile *)b)->rel);
}

/* Sorts by path; of two entries for one path the later stays. */
void
manifest_sort(struct manifest *m)
{
	size_t	 i, k = 0;

	if (m->n == 0)
		return;
	qsort(m->v, m->n, sizeof(m->v[0]), cmp_mfile);
	for (i = 1; i < m->n; i++) {
		if (strcmp(m->v[k].rel, m->v[i].rel) == 0) {
			free(m->v[k].rel);
			m->v[k] = m->v[i];
		} else
			m->v[++k] = m->v[i];
	}
	m->n = k + 1;
}

const struct mfile *
manifest_find(const struct manifest *m, const char *rel)
{
	struct mfile	 key;

	if (m->n == 0)
		return NULL;
	key.rel = (char *)rel;
	return bsearch(&key, m->v, m->n, sizeof(m->v[0]), cmp_mfile);
}

void
mstat_take(struct mstat *m, const struct stat *st)
{
	m->ino = (uint64_t)st->st_ino;
	m->mtime_s = st->st_mtim.tv_sec;
	m->mtime_ns = st->st_mtim.tv_nsec;
	m->ctime_s = st->st_ctim.tv_sec;
	m->ctime_ns = st->st_ctim.tv_nsec;
}

/* Whether st is the stat taken, one was taken, and so nothing changed. */
int
mstat_same(const struct mstat *m, const struct stat *st)
{
	return m->ino != 0 && m->ino == (uint64_t)st->st_ino &&
	    m->mtime_s == st->st_mtim.tv_sec &&
	    m->mtime_ns == st->st_mtim.tv_nsec &&
	    m->ctime_s == st->st_ctim.tv_sec &&
	    m->ctime_ns == st->st_ctim.tv_nsec;
}

/* Whether the stat is the one the manifest saw, so its hash holds. */
int
mfile_same_stat(const struct mfile *m, const struct stat *st)
{
	return m->size == (uint64_t)st->st_size && mstat_same(&m->st, st);
}

/* A new file entry at the end, zeroed. */
struct mfile *
manifest_push(struct manifest *m)
{
	if (m->n == m->cap) {
		m->cap = grow_cap(m->cap, m->n + 1, 256, sizeof(m->v[0]));
		m->v = xrealloc(m->v, m->cap * sizeof(m->v[0]));
	}
	memset(&m->v[m->n], 0, sizeof(m->v[0]));
	return &m->v[m->n++];
}

/* A new folder entry at the end, zeroed. */
static struct mdir *
push_dir(struct manifest *m)
{
	if (m->nd == m->capd) {
		m->capd = m->capd ? m->capd * 2 : 256;
		m->d = xrealloc(m->d, m->capd * sizeof(m->d[0]));
	}
	memset(&m->d[m->nd], 0, sizeof(m->d[0]));
	return &m->d[m->nd++];
}

/*
 * The first of n entries of size bytes, sorted by their path (each
 * begins with its char *rel), whose path is not below prefix in order:
 * with it begin the paths that begin with prefix.
 */
static size_t
first_from(const void *v, size_t n, size_t size, const char *prefix)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(*(char *const *)((const char *)v + mid * size),
		    prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
manifest_from(const struct manifest *m, const char *prefix)
{
	return first_from(m->v, m->n, sizeof(m->v[0]), prefix);
}

static int
cmp_mdir(const void *a, const void *b)
{
	return strcmp(((const struct mdir *)a)->rel,
	    ((const struct mdir *)b)->rel);
}

/* The folder rel and its stat; st NULL: a stat that would not tell a
 * change (taken in the tick it changed in), so it is read again. */
void
manifest_add_dir(struct manifest *m, const char *rel, const struct stat *st)
{
	struct mdir	*d = push_dir(m);

	d->rel = xstrdup(rel);
	if (st != NULL)	/* else named, not known: read again */
		mstat_take(&d->st, st);
}

/* Folders are listed once each, in the order of a walk: sorted after. */
void
manifest_sort_dirs(struct manifest *m)
{
	if (m->nd > 1)
		qsort(m->d, m->nd, sizeof(m->d[0]), cmp_mdir);
}

const struct mdir *
manifest_find_dir(const struct manifest *m, const char *rel)
{
	struct mdir	 key;

	if (m->nd == 0)
		return NULL;
	key.rel = (char *)rel;
	return bsearch(&key, m->d, m->nd, sizeof(m->d[0]), cmp_mdir);
}

size_t
manifest_dirs_from(const struct manifest *m, const char *prefix)
{
	return first_from(m->d, m->nd, sizeof(m->d[0]), prefix);
}

void
manifest_free(struct manifest *m)
{
	size_t	 i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].rel);
	free(m->v);
	for (i = 0; i < m->nd; i++)
		free(m->d[i].rel);
	free(m->d);
	memset(m, 0, sizeof(*m));
}

/* One unsigned decimal number and the space after it. */
static int
take_num(const char **p, const char *end, uint64_t *out)
{
	const char	*s = *p;
	uint64_t	 v = 0;

	if (s == end || *s < '0' || *s > '9')
		return -1;
	while (s < end && *s >= '0' && *s <= '9') {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s++ - '0');
	}
	if (s == end || *s != ' ')
		return -1;
	*p = s + 1;
	*out = v;
	return 0;
}

/* A path as output.c writes them: relative, no empty or dot parts. */
static int
good_rel(const char *p, size_t n)
{
	size_t	 i, part = 0;

	if (n == 0 || p[0] == '/' || p[n - 1] == '/')
		return 0;
	for (i = 0; i <= n; i++) {
		if (i == n || p[i] == '/') {
			if (part == 0 || (part == 1 && p[i - 1] == '.') ||
			    (part == 2 && p[i - 1] == '.' && p[i - 2] == '.'))
				return 0;
			part = 0;
		} else if (p[i] == '\0' || p[i] == '\n' || p[i] == '\\')
			return 0;
		else
			part++;
	}
	return 1;
}

/* "INO MTIME_S MTIME_NS CTIME_S CTIME_NS ", as put_mstat writes it. */
static int
take_mstat(const char **p, const char *end, struct mstat *m)
{
	uint64_t	 n[5];
	size_t		 i;

	for (i = 0; i < 5; i++)
		if (take_num(p, end, &n[i]) == -1)
			return -1;
	if (n[2] >= 1000000000 || n[4] >= 1000000000 || n[1] > INT64_MAX ||
	    n[3] > INT64_MAX)
		return -1;
	m->ino = n[0];
	m->mtime_s = (int64_t)n[1];
	m->mtime_ns = (int64_t)n[2];
	m->ctime_s = (int64_t)n[3];
	m->ctime_ns = (int64_t)n[4];
	return 0;
}

static int
parse_entry(const char *s, const char *end, struct mfile *f)
{
	memset(f, 0, sizeof(*f));
	if (s < end && *s == '-') {
		s++;
	} else {
		if (hex_bytes(s, (size_t)(end - s), f->hash, 20) == -1)
			return -1;
		f->has_hash = 1;
		s += 40;
	}
	if (s == end || *s++ != ' ' || take_num(&s, end, &f->size) == -1 ||
	    take_mstat(&s, end, &f->st) == -1 || !good_rel(s, (size_t)(end - s)))
		return -1;
	f->rel = xmalloc((size_t)(end - s) + 1);
	memcpy(f->rel, s, (size_t)(end - s));
	f->rel[end - s] = '\0';
	return 0;
}

/* "d INO MTIME_S MTIME_NS CTIME_S CTIME_NS REL", the site itself ".". */
static int
parse_dir(const char *s, const char *end, struct mdir *d)
{
	size_t		 len;

	if (take_mstat(&s, end, &d->st) == -1)
		return -1;
	len = (size_t)(end - s);
	if (!(len == 1 && *s == '.') && !good_rel(s, len))
		return -1;
	if (len == 1 && *s == '.')
		len = 0;
	d->rel = xmalloc(len + 1);
	memcpy(d->rel, s, len);
	d->rel[len] = '\0';
	return 0;
}

/*
 * Reads a manifest: 0 with m filled, or -1 (m empty) when it is not a
 * whole one, paths of files and of folders each in strictly rising
 * order.
 */
int
manifest_parse(const char *text, size_t len, struct manifest *m)
{
	const char	*p = text, *end = text + len, *nl;
	size_t		 head = sizeof(MANIFEST_HEAD) - 1;

	memset(m, 0, sizeof(*m));
	if (len < head || memcmp(text, MANIFEST_HEAD, head) != 0)
		return -1;
	for (p += head; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			goto bad;
		if (nl - p > 2 && p[0] == 'd' && p[1] == ' ') {
			if (parse_dir(p + 2, nl, push_dir(m)) == -1)
				goto bad;	/* the same */
			if (m->nd > 1 && strcmp(m->d[m->nd - 2].rel,
			    m->d[m->nd - 1].rel) >= 0)
				goto bad;
			continue;
		}
		if (parse_entry(p, nl, manifest_push(m)) == -1)
			goto bad;	/* its rel, NULL, freed with the rest */
		if (m->n > 1 && strcmp(m->v[m->n - 2].rel,
		    m->v[m->n - 1].rel) >= 0)
			goto bad;
	}
	return 0;
bad:
	manifest_free(m);
	return -1;
}

/* A manifest's times, which stat may give from before 1970. */
static void
put_signed(struct buf *b, int64_t v)
{
	if (v < 0)
		buf_putc(b, '-');
	buf_put_u64(b, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
}

/* "INO MTIME_S MTIME_NS CTIME_S CTIME_NS ", as take_mstat reads it. */
static void
put_mstat(struct buf *b, const struct mstat *m)
{
	buf_put_u64(b, m->ino);
	buf_putc(b, ' ');
	put_signed(b, m->mtime_s);
	buf_putc(b, ' ');
	put_signed(b, m->mtime_ns);
	buf_putc(b, ' ');
	put_signed(b, m->ctime_s);
	buf_putc(b, ' ');
	put_signed(b, m->ctime_ns);
	buf_putc(b, ' ');
}

#define MANIFEST_CHUNK	((size_t)1 << 20)

/* Hands b to put once it holds min bytes or more, then empties it;
 * with no put, b keeps everything.  0, or what put returned. */
static int
text_flush(struct buf *b, int (*put)(const struct buf *, void *), void *arg,
    size_t min)
{
	int	 rc;

	if (put == NULL || b->len < min)
		return 0;
	if ((rc = put(b, arg)) == 0)
		buf_truncate(b, 0);
	return rc;
}

/*
 * The manifest's text, handed to put a megabyte at a time (or, with
 * no put, made whole in b): at 100,000 compounds it is 30 MB, which a
 * build would otherwise hold at its end beside everything else.  Every
 * publish writes it twice, so lines are formatted by table.  0, or
 * what put returned when it failed.
 */
static int
manifest_text(const struct manifest *m, struct buf *b,
    int (*put)(const struct buf *, void *), void *arg)
{
	static const char hexdigit[] = "0123456789abcdef";
	const struct mfile *f;
	char		 hex[40];
	size_t		 i, k;
	int		 rc;

	buf_puts(b, MANIFEST_HEAD);
	for (i = 0; i < m->n; i++) {
		if ((rc = text_flush(b, put, arg, MANIFEST_CHUNK)) != 0)
			return rc;
		f = &m->v[i];
		if (f->has_hash) {
			for (k = 0; k < 20; k++) {
				hex[2 * k] = hexdigit[f->hash[k] >> 4];
				hex[2 * k + 1] = hexdigit[f->hash[k] & 15];
			}
			buf_put(b, hex, sizeof(hex));
		} else
			buf_putc(b, '-');
		buf_putc(b, ' ');
		buf_put_u64(b, f->size);
		buf_putc(b, ' ');
		put_mstat(b, &f->st);
		buf_puts(b, f->rel);
		buf_putc(b, '\n');
	}
	for (i = 0; i < m->nd; i++) {
		if ((rc = text_flush(b, put, arg, MANIFEST_CHUNK)) != 0)
			return rc;
		buf_puts(b, "d ");
		put_mstat(b, &m->d[i].st);
		buf_puts(b, *m->d[i].rel ? m->d[i].rel : ".");
		buf_putc(b, '\n');
	}
	return text_flush(b, put, arg, 0);
}

void
manifest_format(const struct manifest *m, struct buf *b)
{
	/* A file's line is under 128 bytes, a folder's under 96, as a rule. */
	buf_grow(b, sizeof(MANIFEST_HEAD) + m->n * 128 + m->nd * 96);
	manifest_text(m, b, NULL, NULL);
}

static int
put_fd(const struct buf *b, void *arg)
{
	return write_full(*(int *)arg, b->p, b->len);
}

static int
fill_manifest(int fd, void *arg)
{
	struct buf	 b = { 0 };
	int		 rc;

	rc = manifest_text(arg, &b, put_fd, &fd);
	buf_free(&b);
	return rc;
}

/* Writes m as the file path, through a temporary file renamed over it. */
int
manifest_save(const struct manifest *m, const char *path, int sync)
{
	return write_replace_with(path, sync, 0644, fill_manifest,
	    (void *)(uintptr_t)m);
}

static int
fill_buf(int fd, void *arg)
{
	return write_full(fd, ((const struct buf *)arg)->p,
	    ((const struct buf *)arg)->len);
}

/* Writes bytes to path through a temporary file renamed over it. */
int
write_replace(const char *path, const struct buf *b, int sync)
{
	return write_replace_mode(path, b, sync, 0644);
}

/* The same, the file made with mode. */
int
write_replace_mode(const char *path, const struct buf *b, int sync,
    mode_t mode)
{
	return write_replace_with(path, sync, mode, fill_buf, (void *)b);
}

/*
 * The same, the bytes written to the file by fill (0, or -1).  A
 * private mode (none for group or others) is set on the open file too,
 * so a temporary file left by a crash is never renamed into place
 * readable by others.
 */
int
write_replace_with(const char *path, int sync, mode_t mode,
    int (*fill)(int fd, void *), void *arg)
{
	struct buf	 tmp = { 0 };
	int		 fd, rc = -1;

	buf_printf(&tmp, "%s.tmp", path);
	if ((fd = open(tmp.p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    mode)) == -1)
		goto out;
	if ((mode & 077) == 0 && fchmod(fd, mode) == -1) {
		close(fd);
		goto fail;
	}
	if (fill(fd, arg) != 0) {
		close(fd);
		goto fail;
	}
	if ((sync && fsync(fd) == -1) || close(fd) == -1 ||
	    rename(tmp.p, path) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	unlink(tmp.p);
out:
	buf_free(&tmp);
	return rc;
}

/* Removes site/rel, then the folders it leaves empty up to the site. */
static int
remove_rel(const char *site, const char *rel, struct buf *path)
{
	struct stat	 st;
	char		*slash;

	buf_truncate(path, 0);
	buf_printf(path, "%s/%s", site, rel);
	if (lstat(path->p, &st) == 0) {
		if (S_ISDIR(st.st_mode) ? remove_tree(path->p) == -1 :
		    unlink(path->p) == -1 && errno != ENOENT)
			return -1;
	} else if (errno != ENOENT && errno != ENOTDIR)
		return -1;
	while ((slash = strrchr(path->p, '/')) != NULL &&
	    (size_t)(slash - path->p) > strlen(site)) {
		*slash = '\0';
		if (rmdir(path->p) == -1)
			break;
	}
	return 0;
}

/* The folders site/rel needs, made; a file in the way goes. */
static int
make_dirs(const char *site, const char *rel, struct buf *path)
{
	struct stat	 st;
	const char	*p;

	for (p = strchr(rel, '/'); p != NULL; p = strchr(p + 1, '/')) {
		buf_truncate(path, 0);
		buf_printf(path, "%s/%.*s", site, (int)(p - rel), rel);
		if (mkdir(path->p, 0755) == 0)
			continue;
		if (errno != EEXIST || lstat(path->p, &st) == -1)
			return -1;
		if (S_ISDIR(st.st_mode))
			continue;
		if (unlink(path->p) == -1 || mkdir(path->p, 0755) == -1)
			return -1;
	}
	return 0;
}

/* Moves staged file sN to site/rel, unless that was done already. */
static int
move_in(const char *stage, const char *site, uint64_t n, const char *rel,
    struct buf *from, struct buf *to)
{
	buf_truncate(from, 0);
	buf_printf(from, "%s/s%" PRIu64, stage, n);
	if (access(from->p, F_OK) == -1)
		return errno == ENOENT ? 0 : -1;	/* done before */
	if (make_dirs(site, rel, to) == -1)
		return -1;
	buf_truncate(to, 0);
	buf_printf(to, "%s/%s", site, rel);
	if (rename(from->p, to->p) == 0)
		return 0;
	if (errno != EISDIR && errno != ENOTEMPTY && errno != EEXIST)
		return -1;
	/* A folder where the file goes: it was not produced. */
	if (remove_tree(to->p) == -1)
		return -1;
	return rename(from->p, to->p);
}

/*
 * Takes the stat that files not yet stated (ino 0) have now, and puts
 * the manifest at path.  A manifest that will not go is only lost
 * speed: the next build compares bytes.  Returns 0 or -1.
 */
int
manifest_place(struct manifest *m, const char *site, const char *path)
{
	struct buf	 file = { 0 };
	struct stat	 st;
	size_t		 i;
	int		 rc;

	for (i = 0; i < m->n; i++) {
		if (m->v[i].st.ino != 0)
			continue;
		buf_truncate(&file, 0);
		buf_printf(&file, "%s/%s", site, m->v[i].rel);
		if (lstat(file.p, &st) == -1 || !S_ISREG(st.st_mode))
			continue;
		mstat_take(&m->v[i].st, &st);
	}
	if ((rc = manifest_save(m, path, 0)) == -1)
		unlink(path);
	buf_free(&file);
	return rc;
}

/* The staged manifest, with the stat of the files moved in, in place. */
static void
place_manifest(const char *stage, const char *site, const char *manifest)
{
	struct manifest	 m;
	struct buf	 path = { 0 }, text = { 0 };

	buf_printf(&path, "%s/%s", stage, JOURNAL_MANIFEST);
	if (buf_read_file(&text, path.p, MANIFEST_MAX) == -1 ||
	    manifest_parse(text.p, text.len, &m) == -1)
		unlink(manifest);
	else {
		manifest_place(&m, site, manifest);
		manifest_free(&m);
	}
	buf_free(&path);
	buf_free(&text);
}

/*
 * Carries out the committed journal in stage on site: removals first
 * (a folder may have to become a file), then the moves, then the
 * manifest; then the staging folder goes.  Safe to run again after
 * being stopped anywhere.  staged is the staged manifest when the
 * caller still holds it (the build that staged it), or NULL: it is
 * read from stage.
 */
int
journal_apply(const char *stage, const char *site, const char *manifest,
    struct manifest *staged, struct diags *d)
{
	struct buf	 path = { 0 }, text = { 0 }, a = { 0 }, b = { 0 };
	const char	*p, *end, *nl;
	uint64_t	 n;
	size_t		 head = sizeof(JOURNAL_HEAD) - 1;
	int		 pass, rc = -1, ended = 0;

	buf_printf(&path, "%s/%s", stage, JOURNAL_FILE);
	if (buf_read_file(&text, path.p, MANIFEST_MAX) == -1) {
		report(d, SEV_ERROR, "%s: %s", path.p, strerror(errno));
		goto out;
	}
	if (text.len < head || memcmp(text.p, JOURNAL_HEAD, head) != 0)
		goto bad;
	for (pass = 0; pass < 2; pass++) {
		end = text.p + text.len;
		for (p = text.p + head; p < end && !ended; p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				goto bad;
			buf_truncate(&a, 0);
			buf_put(&a, p, (size_t)(nl - p));
			if (strcmp(a.p, "end") == 0) {
				ended = 1;
				break;
			}
			if (a.len > 2 && a.p[0] == 'D' && a.p[1] == ' ' &&
			    good_rel(a.p + 2, a.len - 2)) {
				if (pass == 0 && remove_rel(site, a.p + 2,
				    &b) == -1) {
					report(d, SEV_ERROR, "%s: %s", b.p,
					    strerror(errno));
					goto out;
				}
				continue;
			}
			p = a.p + 2;
			if (a.len < 3 || a.p[0] != 'R' || a.p[1] != ' ' ||
			    take_num(&p, a.p + a.len, &n) == -1 ||
			    !good_rel(p, (size_t)(a.p + a.len - p)))
				goto bad;
			if (pass == 1 && move_in(stage, site, n, p, &path,
			    &b) == -1) {
				report(d, SEV_ERROR, "%s: %s", b.p,
				    strerror(errno));
				goto out;
			}
		}
		if (!ended)
			goto bad;
		if (pass == 0)
			ended = 0;
	}
	if (staged != NULL)
		manifest_place(staged, site, manifest);
	else
		place_manifest(stage, site, manifest);
	if (remove_tree(stage) == -1) {
		report(d, SEV_WARNING, "the site is in place, but %s could not "
		    "be removed: %s", stage, strerror(errno));
	}
	rc = 0;
	goto out;
bad:
	report(d, SEV_ERROR, "%s/%s: not a journal gongshi wrote; the site "
	    "may be part old, part new: remove %s and build again", stage,
	    JOURNAL_FILE, stage);
out:
	buf_free(&path);
	buf_free(&text);
	buf_free(&a);
	buf_free(&b);
	return rc;
}

/*
 * What a run killed while updating DIR/BASE left: a committed journal
 * is finished, an uncommitted staging folder thrown away.  Only called
 * with the site's lock held.  Returns 1 when it did either, 0 when
 * there was nothing, -1 when a committed journal could not be applied.
 */
int
journal_recover(const char *parent, const char *base, struct diags *d)
{
	struct buf	 stage = { 0 }, path = { 0 }, site = { 0 };
	struct stat	 st;
	int		 rc = 0;

	buf_printf(&stage, "%s/.%s.journal", parent, base);
	buf_printf(&site, "%s/%s", parent, base);
	buf_printf(&path, "%s/.%s.manifest.tmp", parent, base);
	unlink(path.p);
	if (lstat(stage.p, &st) == -1)
		goto out;
	buf_truncate(&path, 0);
	buf_printf(&path, "%s/%s", stage.p, JOURNAL_FILE);
	/* A site removed since: the next build writes a new one. */
	if (lstat(path.p, &st) == 0 && lstat(site.p, &st) == 0) {
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/.%s.manifest", parent, base);
		rc = journal_apply(stage.p, site.p, path.p, NULL, d) == 0 ?
		    1 : -1;
		if (rc == 1)
			report(d, SEV_NOTE, "finished putting in place the "
			    "site that an interrupted run had completed in %s",
			    base);
	} else {
		rc = remove_tree(stage.p) == 0 ? 1 : 0;
		if (rc == 1)
			report(d, SEV_NOTE, "removed the unfinished update "
			    "that an interrupted run left beside %s", base);
	}
out:
	buf_free(&stage);
	buf_free(&path);
	buf_free(&site);
	return rc;
}
