/*
 * Where content is read from: the content folder (never through a link,
 * never a FIFO or device, never more than a record may be), or memory
 * files (a revision read back from the repository, or what fuzzing
 * feeds in), which list and read the same way.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/sha.h>

#include "bounds.h"
#include "content.h"
#include "i18n.h"


void
ptrs_push(struct ptrs *p, void *x)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = xrealloc(p->v, p->cap * sizeof(*p->v));
	}
	p->v[p->n++] = x;
}


char *
strndup_x(const char *s, size_t n)
{
	char	*p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}


char *
full_path(const struct ctx *c, const char *rel)
{
	struct buf	 b = { 0 };

	buf_printf(&b, "%s/%s", c->dir, rel);
	return buf_detach(&b);
}


/*
 * A link in content/ is refused where it stands: git would keep the
 * link's target path instead of the record, so what is published could
 * never be shown in its history.
 */
void
link_error(struct ctx *c, const char *rel, const char *what)
{
	char	*path, target[PATH_MAX];
	ssize_t	 n = -1;

	if (c->mem == NULL) {	/* a revision's link has no target here */
		path = full_path(c, rel);
		n = readlink(path, target, sizeof(target) - 1);
		free(path);
	}
	if (n < 0)
		diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "is a link; put the "
		    "%s itself here (the history would keep only the link)",
		    _(what));
	else {
		target[n] = '\0';
		diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "is a link to '%s'; "
		    "put the %s itself here (the history would keep only the "
		    "link): replace the link with a copy of what it points to",
		    target, _(what));
	}
}


/*
 * Content given as bytes instead of a folder (content_load_memory):
 * the same reading, listing and limits, without the file system.
 */
/* The first memory file, in order of rel, not before key. */
static size_t
mem_lower(const struct ctx *c, const char *key)
{
	size_t	 lo = 0, hi = c->nmem, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(c->memv[mid]->rel, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}


static const struct mem_file *
mem_find(const struct ctx *c, const char *rel)
{
	size_t	 i = mem_lower(c, rel);

	return i < c->nmem && strcmp(c->memv[i]->rel, rel) == 0 ?
	    c->memv[i] : NULL;
}


/*
 * The memory files inside folder rel: [*first, returned end).  They sit
 * together, since every name that starts "rel/" sorts between
 * "rel/" and the next name that does not.
 */
static size_t
mem_inside(const struct ctx *c, const char *rel, size_t *first)
{
	struct buf	 prefix = { 0 };
	size_t		 i;

	buf_printf(&prefix, "%s/", rel);
	*first = i = mem_lower(c, prefix.p);
	while (i < c->nmem &&
	    strncmp(c->memv[i]->rel, prefix.p, prefix.len) == 0)
		i++;
	buf_free(&prefix);
	return i;
}


#define READ_PROBE	(64 * 1024)	/* read-ahead past the stat size */

/*
 * A content file over its bound (content_file_max()): size bytes, or -1
 * when it grew past the bound while being read.
 */
void
content_size_error(struct ctx *c, const char *rel, long long size)
{
	int	 areas = strcmp(rel, AREAS_FILE) == 0;

	if (size < 0 && areas)
		diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "file is larger "
		    "than 64 MiB, the most areas.yaml may have");
	else if (size < 0)
		diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "file is "
		    "larger than 1 MiB, the most a record file may "
		    "have");
	else if (areas)
		diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "file is %lld "
		    "bytes; areas.yaml lists the whole city and may have at "
		    "most 64 MiB", size);
	else
		diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "file is %lld bytes; "
		    "a record file may have at most 1 MiB", size);
}


/*
 * Notes a file read that is not a compound record in c->others: the
 * site build fingerprints a compound's pages by its own record and by
 * these (site_build's others_id), so they must all be there.
 */
static void
note_other(struct ctx *c, const char *rel, const char *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char	 sum[SHA256_DIGEST_LENGTH];
	size_t		 i;

	if (c->worker || strncmp(rel, "content/compounds/", 18) == 0)
		return;
	SHA256((const unsigned char *)(len > 0 ? data : ""), len, sum);
	buf_puts(&c->others, rel);
	buf_putc(&c->others, '\t');
	for (i = 0; i < sizeof(sum); i++) {
		buf_putc(&c->others, digits[sum[i] >> 4]);
		buf_putc(&c->others, digits[sum[i] & 15]);
	}
	buf_putc(&c->others, '\n');
}


static int
read_memory_file(struct ctx *c, const char *rel, const char **data,
    size_t *len)
{
	const struct mem_file *f = mem_find(c, rel);

	if (f == NULL) {
		diag_add(&c->diags, rel, 1, 1, SEV_ERROR,
		    "required file is missing");
		return 0;
	}
	if (f->link) {
		link_error(c, rel, N_("file"));
		return 0;
	}
	if (f->deferred) {	/* load_yaml_root takes its cached tree */
		*data = NULL;
		*len = 0;
		c->file_id = f->id;
		c->nfiles++;
		return 1;
	}
	if (f->len > content_file_max(rel) || f->data == NULL) {
		content_size_error(c, rel, (long long)f->len);
		return 0;
	}
	buf_truncate(&c->file, 0);
	buf_put(&c->file, f->data, f->len);
	*data = c->file.p;
	*len = c->file.len;
	c->file_id = f->has_id ? f->id : NULL;
	c->nfiles++;
	c->nbytes += f->len;
	note_other(c, rel, *data, *len);
	return 1;
}


/* The names directly under rel among the memory files, like readdir. */
static void
mem_list(const struct ctx *c, const char *rel, struct ptrs *names)
{
	size_t		 i, end, n = strlen(rel), k;
	const char	*p, *last = NULL;

	for (end = mem_inside(c, rel, &i); i < end; i++) {
		p = c->memv[i]->rel + n + 1;
		k = strcspn(p, "/");
		/* A folder's files are together: its name comes once. */
		if (k == 0 || p[0] == '.' || (last != NULL &&
		    strncmp(last, p, k) == 0 && last[k] == '\0'))
			continue;
		ptrs_push(names, strndup_x(p, k));
		last = names->v[names->n - 1];
	}
}


/* The overlay's file rel, or NULL. */
static const struct mem_file *
overlay_find(const struct ctx *c, const char *rel)
{
	size_t	 lo = 0, hi = c->noverlay, mid;
	int	 k;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((k = strcmp(c->overlay[mid].rel, rel)) == 0)
			return &c->overlay[mid];
		if (k < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Adds the overlay's names directly under rel, drops removed ones. */
static void
overlay_list(const struct ctx *c, const char *rel, struct ptrs *names)
{
	size_t		 i, j, n = strlen(rel), k;
	const char	*p;
	char		*full;

	for (i = 0; i < c->noverlay; i++) {
		if (strncmp(c->overlay[i].rel, rel, n) != 0 ||
		    c->overlay[i].rel[n] != '/')
			continue;
		p = c->overlay[i].rel + n + 1;
		k = strcspn(p, "/");
		if (c->overlay[i].data == NULL && p[k] == '\0') {
			for (j = 0; j < names->n; j++)
				if (strcmp(names->v[j], p) == 0) {
					free(names->v[j]);
					names->v[j] = names->v[--names->n];
					break;
				}
			continue;
		}
		if (c->overlay[i].data == NULL)
			continue;
		full = strndup_x(p, k);
		for (j = 0; j < names->n; j++)
			if (strcmp(names->v[j], full) == 0)
				break;
		if (j < names->n)
			free(full);
		else
			ptrs_push(names, full);
	}
}

/* Whether the overlay adds files inside folder rel. */
static int
overlay_inside(const struct ctx *c, const char *rel)
{
	size_t	 i, n = strlen(rel);

	for (i = 0; i < c->noverlay; i++)
		if (c->overlay[i].data != NULL &&
		    strncmp(c->overlay[i].rel, rel, n) == 0 &&
		    c->overlay[i].rel[n] == '/')
			return 1;
	return 0;
}

/*
 * Reads a content file into c->file, which the next read reuses.
 * Returns 1 with *data set, 0 when the file is missing or unusable
 * (after a diagnostic: the content is at fault), -1 on an I/O failure
 * that stops the run.
 */
int
read_content_file(struct ctx *c, const char *rel, const char **data,
    size_t *len)
{
	char		*path;
	struct stat	 st;
	size_t		 want;
	ssize_t		 n;
	int		 fd, rc = -1;

	const struct mem_file *over;
	size_t		 max = content_file_max(rel);

	c->file_id = NULL;
	if (c->mem != NULL)
		return read_memory_file(c, rel, data, len);
	if ((over = overlay_find(c, rel)) != NULL && over->data != NULL) {
		buf_truncate(&c->file, 0);
		buf_put(&c->file, over->data, over->len);
		*data = c->file.p;
		*len = c->file.len;
		c->nfiles++;
		c->nbytes += over->len;
		note_other(c, rel, *data, *len);
		return 1;
	}
	path = full_path(c, rel);

	/* O_NONBLOCK: a FIFO named like a record must not hang the run.
	 * O_NOFOLLOW: a linked record would be built but never versioned,
	 * since git keeps the link, not the text. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
	    O_NOFOLLOW)) == -1) {
		if (errno == ENOENT) {
			diag_add(&c->diags, rel, 1, 1, SEV_ERROR,
			    "required file is missing");
			rc = 0;
		} else if (errno == ELOOP) {
			link_error(c, rel, N_("file"));
			rc = 0;
		} else
			report(&c->diags, SEV_ERROR, "%s: %s", path,
			    strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) == -1) {
		report(&c->diags, SEV_ERROR, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "not a regular file");
		rc = 0;
		goto out;
	}
	if ((unsigned long long)st.st_size > max) {
		content_size_error(c, rel, (long long)st.st_size);
		rc = 0;
		goto out;
	}
	/* Read up to one byte past the limit: the file may be growing. */
	buf_truncate(&c->file, 0);
	want = (size_t)st.st_size + 1;
	for (;;) {
		buf_grow(&c->file, want);
		n = read(fd, c->file.p + c->file.len, want);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			report(&c->diags, SEV_ERROR, "%s: %s", path,
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		c->file.len += (size_t)n;
		if (c->file.len > max) {
			content_size_error(c, rel, -1);
			rc = 0;
			goto out;
		}
		/* Past the size fstat gave, probe a little at a time: a
		 * buffer of the whole bound would be 64 MiB for areas.yaml. */
		want = max + 1 - c->file.len;
		if (want > READ_PROBE)
			want = READ_PROBE;
	}
	c->file.p[c->file.len] = '\0';
	*data = c->file.p;
	*len = c->file.len;
	c->nfiles++;
	c->nbytes += c->file.len;
	note_other(c, rel, *data, *len);
	rc = 1;
out:
	if (fd != -1)
		close(fd);
	free(path);
	return rc;
}


static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}


/*
 * Lists the folder rel of the content (DIR/rel, or the memory files),
 * without hidden entries (editor droppings), sorted so that every run
 * reads files in the same order.  The folder itself is never reached
 * through a link.  Returns 0 with *v (to free, with each name) and *n,
 * or -1 with errno: ENOENT missing, ELOOP a link, ENOTDIR a file.
 */
int
ctx_list(struct ctx *c, const char *rel, char ***v, size_t *n)
{
	struct ptrs	 names = { 0 };
	struct dirent	*de;
	DIR		*d = NULL;
	char		*path;
	int		 fd, saved;

	*v = NULL;
	*n = 0;
	if (c->mem != NULL) {
		if (mem_find(c, rel) != NULL) {
			errno = mem_find(c, rel)->link ? ELOOP : ENOTDIR;
			return -1;
		}
		mem_list(c, rel, &names);
		if (names.n == 0) {
			errno = ENOENT;
			return -1;
		}
	} else {
		path = full_path(c, rel);
		fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		free(path);
		if (fd == -1 || (d = fdopendir(fd)) == NULL) {
			saved = errno;
			if (fd != -1)
				close(fd);
			if (saved != ENOENT || !overlay_inside(c, rel)) {
				errno = saved;
				return -1;
			}
		} else {
			while ((de = readdir(d)) != NULL)
				if (de->d_name[0] != '.')
					ptrs_push(&names, xstrdup(de->d_name));
			closedir(d);
		}
		overlay_list(c, rel, &names);
	}
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(*names.v), cmp_str);
	*v = (char **)names.v;
	*n = names.n;
	return 0;
}


/*
 * Reads the file rel (DIR/rel, or a memory file), at most max bytes,
 * as buf_read_file() does: never through a link, never from a FIFO or
 * a device.  Layouts and assets are read through here.
 */
int
ctx_read(struct ctx *c, const char *rel, size_t max, struct buf *out)
{
	const struct mem_file *f;
	char		*path;
	size_t		 first;
	int		 rc;

	if (c->mem == NULL) {
		path = full_path(c, rel);
		rc = buf_read_file(out, path, max);
		free(path);
		return rc;
	}
	if ((f = mem_find(c, rel)) == NULL) {
		errno = mem_inside(c, rel, &first) > first ? EISDIR : ENOENT;
		return -1;
	}
	if (f->link || f->len > max || f->data == NULL) {
		errno = f->link ? ELOOP : f->len > max ? EFBIG : EIO;
		return -1;
	}
	buf_put(out, f->data, f->len);
	return 0;
}


/*
 * Lists a folder's entries, sorted so that every run reads files in the
 * same order.  Returns 1 when listed, -1 (after saying why) when it
 * cannot be read, 0 when it does not exist, 2 when it is a link or a
 * file (reported as a diagnostic).
 */
int
list_dir(struct ctx *c, const char *rel, struct ptrs *names)
{
	char	**v = NULL;
	size_t	 n = 0, i;

	if (ctx_list(c, rel, &v, &n) == -1) {
		if (errno == ENOENT)
			return 0;
		if (errno == ELOOP)
			link_error(c, rel, N_("folder"));
		else if (errno == ENOTDIR)
			diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "is a file; "
			    "it must be a folder");
		if (errno == ELOOP || errno == ENOTDIR)
			return 2;	/* reported; nothing to read */
		report(&c->diags, SEV_ERROR, "%s/%s: %s", c->dir, rel, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++)
		ptrs_push(names, v[i]);
	free(v);
	return 1;
}


/*
 * Whether rel is a folder to descend into.  Links to folders are not
 * followed: a link back up would read content/ again and again.
 */
int
is_dir(struct ctx *c, const char *rel)
{
	char		*path;
	struct stat	 st;
	size_t		 i;
	int		 rc = 0;

	if (c->mem != NULL)
		return mem_inside(c, rel, &i) > i;
	if (overlay_inside(c, rel))
		return 1;
	path = full_path(c, rel);
	if (lstat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			rc = 1;
		else if (S_ISLNK(st.st_mode) && stat(path, &st) == 0 &&
		    S_ISDIR(st.st_mode))
			diag_add(&c->diags, rel, 1, 1, SEV_WARNING, "link to a "
			    "folder not followed; move the records here "
			    "instead");
	}
	free(path);
	return rc;
}


/*
 * Whether the optional file rel is there at all (as a file, a link or
 * anything else: reading it then says what is wrong with it).
 */
int
ctx_exists(struct ctx *c, const char *rel)
{
	const struct mem_file *over;
	char		*path;
	struct stat	 st;
	int		 rc;

	if (c->mem != NULL)
		return mem_find(c, rel) != NULL;
	if ((over = overlay_find(c, rel)) != NULL)
		return over->data != NULL;
	path = full_path(c, rel);
	rc = lstat(path, &st) == 0;
	free(path);
	return rc;
}


/* The content folder must be a real folder of DIR's, not a link. */
int
check_content_folder(struct ctx *c, const char *path)
{
	struct stat	 st;

	if (lstat(path, &st) == -1) {
		report(&c->diags, SEV_ERROR, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		report(&c->diags, SEV_ERROR, "%s: is a link; gongshi publishes "
		    "the content folder as it is in %s, and the history "
		    "would keep only the link: move the folder itself "
		    "here", path, c->dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		report(&c->diags, SEV_ERROR, "%s: not a folder", path);
		return -1;
	}
	return 0;
}


/*
 * Loads content given as bytes: a published tree (publish builds the
 * site from exactly what it commits), or what fuzzing feeds in.  The
 * files must outlive c: layouts and assets are read from them too.
 */
static int
cmp_mem(const void *a, const void *b)
{
	return strcmp((*(const struct mem_file *const *)a)->rel,
	    (*(const struct mem_file *const *)b)->rel);
}

/* Reads from these memory files instead of the folder from now on. */
void
source_memory(struct ctx *c, const struct mem_file *files, size_t n)
{
	size_t	 i;

	free(c->memv);
	c->memv = xcalloc(n ? n : 1, sizeof(*c->memv));
	for (i = 0; i < n; i++)
		c->memv[i] = &files[i];
	if (n > 1)
		qsort(c->memv, n, sizeof(*c->memv), cmp_mem);
	c->mem = files;
	c->nmem = n;
}

/* Whether a revision in memory has content/ itself as a link or file. */
int
memory_content_is_link(const struct ctx *c)
{
	return c->mem != NULL && mem_find(c, "content") != NULL;
}

