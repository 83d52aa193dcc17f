/*
 * Writing the site: every file goes into a temporary folder beside the
 * output folder, which replaces the old one only once the build is
 * complete.  A failed or interrupted build leaves the published site as
 * it was.  A file whose bytes did not change keeps its old modification
 * time, so rsync-style deploys copy only what changed.
 */
#define _GNU_SOURCE	/* renameat2 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extern.h"

/*
 * Set by SIGINT and SIGTERM while a build writes: the next file write
 * fails, the build unwinds and removes its temporary folder, and the
 * published site stays as it was.  A signal flag is the one global.
 */
static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static int
fail(const char *path)
{
	fprintf(stderr, "gongshi: %s: %s\n", path, strerror(errno));
	return -1;
}

/* Refuses paths that could leave the output folder. */
static int
safe_rel(const char *rel)
{
	const char	*p = rel;
	size_t		 n;

	if (*rel == '\0' || *rel == '/')
		return 0;
	while (*p != '\0') {
		n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/')
			p++;
	}
	return strchr(rel, '\\') == NULL;
}

int
output_begin(struct output *o, const char *final)
{
	char	*a = xstrdup(final), *b = xstrdup(final);

	memset(o, 0, sizeof(*o));
	o->final = xstrdup(final);
	/* Beside the output, on the same file system, so rename works. */
	buf_printf(&o->path, "%s/.%s.tmp-XXXXXX", dirname(a), basename(b));
	free(a);
	free(b);
	if (mkdtemp(o->path.p) == NULL) {
		fail(o->path.p);
		buf_free(&o->path);
		free(o->final);
		o->final = NULL;
		return -1;
	}
	o->tmp = buf_detach(&o->path);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	/* mkdtemp makes it 0700; a published site is world-readable. */
	if (chmod(o->tmp, 0755) == -1)
		return fail(o->tmp);
	return 0;
}

/* Writers may run in several threads: every path is built locally. */
static int
make_parents(struct output *o, const char *rel)
{
	struct buf	 path = { 0 };
	const char	*p;
	int		 rc = 0;

	for (p = strchr(rel, '/'); p != NULL && rc == 0;
	    p = strchr(p + 1, '/')) {
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%.*s", o->in_place ? o->final : o->tmp,
		    (int)(p - rel), rel);
		if (mkdir(path.p, 0755) == -1 && errno != EEXIST)
			rc = fail(path.p);
	}
	buf_free(&path);
	return rc;
}

/* Whether final/rel holds exactly these bytes; *mtime gets its time. */
static int
unchanged(const struct output *o, const char *rel, const void *data,
    size_t len, struct timespec *mtime)
{
	struct buf	 path = { 0 };
	struct stat	 st;
	char		*old = NULL;
	ssize_t		 n;
	size_t		 have = 0;
	int		 fd, same = 0;

	buf_printf(&path, "%s/%s", o->final, rel);
	fd = open(path.p, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	buf_free(&path);
	if (fd == -1)
		return 0;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != len)
		goto out;
	old = xmalloc(len + 1);
	while (have < len && (n = read(fd, old + have, len - have)) > 0)
		have += (size_t)n;
	if (have == len && memcmp(old, data, len) == 0) {
		same = 1;
		*mtime = st.st_mtim;
	}
out:
	free(old);
	close(fd);
	return same;
}

/*
 * Writing single files into an existing folder, for `gongshi boards`:
 * each file is written beside its final name and renamed over it, so a
 * reader sees the old file or the new one, never half of either.
 */
int
output_begin_in_place(struct output *o, const char *final)
{
	memset(o, 0, sizeof(*o));
	o->final = xstrdup(final);
	o->in_place = 1;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (mkdir(final, 0755) == -1 && errno != EEXIST)
		return fail(final);
	return 0;
}

static int
write_all(int fd, const char *p, size_t left, const char *path)
{
	ssize_t	 n;

	while (left > 0) {
		if ((n = write(fd, p, left)) == -1) {
			if (errno == EINTR)
				continue;
			return fail(path);
		}
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

static int
replace_file(struct output *o, const char *rel, const void *data, size_t len)
{
	struct buf	 tmp = { 0 }, path = { 0 };
	struct timespec	 mtime;
	int		 fd, rc = -1;

	atomic_fetch_add(&o->nfiles, 1);
	atomic_fetch_add(&o->nbytes, len);
	if (unchanged(o, rel, data, len, &mtime)) {
		atomic_fetch_add(&o->nkept, 1);
		return 1;
	}
	buf_printf(&path, "%s/%s", o->final, rel);
	buf_printf(&tmp, "%s.tmp-XXXXXX", path.p);
	if ((fd = mkstemp(tmp.p)) == -1) {
		fail(tmp.p);
		goto out;
	}
	if (write_all(fd, data, len, tmp.p) == -1 || fchmod(fd, 0644) == -1) {
		close(fd);
		unlink(tmp.p);
		goto out;
	}
	if (close(fd) == -1 || rename(tmp.p, path.p) == -1) {
		fail(path.p);
		unlink(tmp.p);
		goto out;
	}
	rc = 0;
out:
	buf_free(&tmp);
	buf_free(&path);
	return rc;
}


/*
 * Writes one file of the site; rel is relative to the site's root.
 * Returns 1 when the file is unchanged from the old site, 0 when it is
 * new or changed, -1 on failure.  An unchanged file is linked from the
 * old site instead of written: it keeps its modification time, and no
 * new inode is made, which is most of the cost of a rebuild on some
 * file systems.
 */
int
output_file(struct output *o, const char *rel, const void *data, size_t len)
{
	struct timespec	 times[2];
	struct buf	 path = { 0 };
	int		 fd, same, rc = -1;

	if (interrupted) {
		fputs("gongshi: interrupted\n", stderr);
		return -1;
	}
	if (!safe_rel(rel)) {
		fprintf(stderr, "gongshi: refusing to write '%s' outside the "
		    "site folder\n", rel);
		return -1;
	}
	if (make_parents(o, rel) == -1)
		return -1;
	if (o->in_place)
		return replace_file(o, rel, data, len);
	buf_printf(&path, "%s/%s", o->tmp, rel);
	atomic_fetch_add(&o->nfiles, 1);
	atomic_fetch_add(&o->nbytes, len);
	if ((same = unchanged(o, rel, data, len, &times[1])) != 0) {
		struct buf	 old = { 0 };
		int		 linked;

		buf_printf(&old, "%s/%s", o->final, rel);
		linked = link(old.p, path.p) == 0;
		buf_free(&old);
		if (linked) {
			atomic_fetch_add(&o->nkept, 1);
			rc = 1;
			goto out;
		}
	}
	fd = open(path.p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1) {
		rc = fail(path.p);
		goto out;
	}
	if (write_all(fd, data, len, path.p) == -1) {
		close(fd);
		goto out;
	}
	if (close(fd) == -1) {
		rc = fail(path.p);
		goto out;
	}
	if (same) {
		/* Could not link (another file system?): copy the time. */
		times[0].tv_sec = 0;
		times[0].tv_nsec = UTIME_OMIT;
		if (utimensat(AT_FDCWD, path.p, times, 0) == -1) {
			rc = fail(path.p);
			goto out;
		}
		atomic_fetch_add(&o->nkept, 1);
	}
	rc = same ? 1 : 0;
out:
	buf_free(&path);
	return rc;
}

/*
 * Carries a file of the old site over unchanged, if there is one: a
 * board's PDF stays as long as the board it was printed from.
 */
int
output_keep(struct output *o, const char *rel)
{
	struct buf	 old = { 0 };
	struct stat	 st;
	int		 rc = 0;

	if (o->in_place || !safe_rel(rel))
		return 0;
	buf_printf(&old, "%s/%s", o->final, rel);
	if (lstat(old.p, &st) == 0 && S_ISREG(st.st_mode)) {
		if (make_parents(o, rel) == -1)
			rc = -1;
		else {
			struct buf	 path = { 0 };

			buf_printf(&path, "%s/%s", o->tmp, rel);
			if (link(old.p, path.p) == -1 && errno != EEXIST)
				rc = fail(path.p);
			buf_free(&path);
		}
	}
	buf_free(&old);
	return rc;
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	if (remove(path) == -1 && errno != ENOENT)
		return fail(path);
	return 0;
}

int
remove_tree(const char *path)
{
	struct stat	 st;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : fail(path);
	return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

/*
 * Puts the new site in place.  Where the system can, the two folders
 * are exchanged in one step, so the site is never missing; otherwise
 * the old one is moved aside first.
 */
int
output_commit(struct output *o)
{
	struct stat	 st;
	int		 rc = 0;

	if (interrupted) {
		fputs("gongshi: interrupted\n", stderr);
		return -1;
	}
	if (stat(o->final, &st) == -1) {
		if (errno != ENOENT)
			return fail(o->final);
		if (rename(o->tmp, o->final) == -1)
			return fail(o->final);
	} else if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final,
	    RENAME_EXCHANGE) == -1) {
		if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
			return fail(o->final);
		buf_truncate(&o->path, 0);
		buf_printf(&o->path, "%s.old", o->tmp);
		if (rename(o->final, o->path.p) == -1)
			return fail(o->final);
		if (rename(o->tmp, o->final) == -1) {
			rc = fail(o->final);
			rename(o->path.p, o->final);
			return rc;
		}
		rc = remove_tree(o->path.p);
	} else
		rc = remove_tree(o->tmp);	/* now the old site */
	free(o->tmp);
	o->tmp = NULL;
	return rc;
}

/* Throws away a build that did not finish. */
void
output_abort(struct output *o)
{
	if (o->tmp != NULL)
		remove_tree(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
}

void
output_free(struct output *o)
{
	output_abort(o);
	free(o->final);
	buf_free(&o->path);
	memset(o, 0, sizeof(*o));
}
