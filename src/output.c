/*
 * Writing the site.  Over a site gongshi built, only the files whose
 * bytes changed are written, into a staging folder beside it, and put
 * in place through a journal once the build is complete (journal.c);
 * the rest are not touched.  A first build goes into a temporary folder
 * beside the output folder, which takes its place in one step.  A
 * failed or interrupted build leaves the published site as it was.  A
 * file whose bytes did not change keeps its old modification time, so
 * rsync-style deploys copy only what changed.
 *
 * Before anything is written the output folder is judged: it may be
 * new, empty or a site gongshi built (it carries a stamp, stamp.c), and
 * never the content, the layouts, the repository or a folder holding
 * them, since replacing it would lose them.  A link is followed, and
 * the folder it points to is replaced in one step, so the link stays.
 * Writers of one output folder take turns through a kernel lock beside
 * it; the one holding it also removes what runs killed mid-build left
 * there.
 */
#define _GNU_SOURCE	/* renameat2 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "diag.h"
#include "i18n.h"
#include "jobs.h"
#include "journal.h"
#include "stamp.h"
#include "memo.h"
#include "output.h"

#define LINKS_MAX	40	/* links followed to the output folder */

static int
fail(struct output *o, const char *path)
{
	report(o->d, SEV_ERROR, "%s: %s", path, strerror(errno));
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
	return strchr(rel, '\\') == NULL && strchr(rel, '\n') == NULL;
}

/* dir/name, or name alone when dir is empty. */
static void
join(struct buf *b, const char *dir, const char *name)
{
	buf_truncate(b, 0);
	if (*name == '/' || *dir == '\0')
		buf_puts(b, name);
	else
		buf_printf(b, "%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", name);
}

/*
 * Where the output folder really is: links followed to what they name
 * (which may not exist yet), then made absolute through its parent,
 * which must exist.  Returns 0 with real set, or -1 after saying why.
 */
static int
resolve_output(const char *given, struct buf *real, struct diags *d)
{
	struct buf	 cur = { 0 }, next = { 0 };
	struct stat	 st;
	char		 target[PATH_MAX], dir[PATH_MAX], *parent, *base, *copy;
	ssize_t		 n;
	int		 hops, rc = -1;

	buf_puts(&cur, given);
	while (cur.len > 1 && cur.p[cur.len - 1] == '/')
		buf_truncate(&cur, cur.len - 1);
	for (hops = 0; lstat(cur.p, &st) == 0 && S_ISLNK(st.st_mode); hops++) {
		if (hops == LINKS_MAX ||
		    (n = readlink(cur.p, target, sizeof(target) - 1)) < 0) {
			report(d, SEV_ERROR, "%s: %s", given, hops == LINKS_MAX ?
			    _("too many links") : strerror(errno));
			goto out;
		}
		target[n] = '\0';
		copy = xstrdup(cur.p);
		join(&next, target[0] == '/' ? "" : dirname(copy), target);
		free(copy);
		buf_truncate(&cur, 0);
		buf_puts(&cur, next.p);
		while (cur.len > 1 && cur.p[cur.len - 1] == '/')
			buf_truncate(&cur, cur.len - 1);
	}
	buf_truncate(real, 0);
	if (realpath(cur.p, dir) != NULL) {	/* it exists */
		buf_puts(real, dir);
		rc = 0;
		goto out;
	}
	copy = xstrdup(cur.p);
	parent = dirname(copy);
	if (realpath(parent, dir) == NULL) {
		report(d, SEV_ERROR, "%s: the folder %s it would go in: %s",
		    given, parent, strerror(errno));
		free(copy);
		goto out;
	}
	free(copy);
	copy = xstrdup(cur.p);
	base = basename(copy);
	join(real, dir, base);
	free(copy);
	rc = 0;
out:
	buf_free(&cur);
	buf_free(&next);
	return rc;
}

/* Whether a is b or one of the folders holding b (both must exist). */
static int
holds(const struct stat *a, const char *b)
{
	char		 path[PATH_MAX], *slash;
	struct stat	 st;

	if (realpath(b, path) == NULL)
		return 0;
	for (;;) {
		if (stat(path, &st) == 0 && st.st_dev == a->st_dev &&
		    st.st_ino == a->st_ino)
			return 1;
		if ((slash = strrchr(path, '/')) == NULL || path[1] == '\0')
			return 0;
		if (slash == path)
			slash[1] = '\0';	/* up to "/" */
		else
			*slash = '\0';
	}
}

/* The nearest folder of path that exists: path itself, or a parent. */
static void
nearest_existing(const char *path, struct stat *st, char *out, size_t size)
{
	char	*slash;

	snprintf(out, size, "%s", path);
	while (stat(out, st) == -1 && (slash = strrchr(out, '/')) != NULL) {
		if (slash == out) {
			out[1] = '\0';
			stat(out, st);
			return;
		}
		*slash = '\0';
	}
}

/*
 * The content, the layouts and the repository must never be replaced
 * by a site (nor a folder holding them), nor hold one: the site would
 * be published as content, or the next build would replace them.
 */
static int
guard(const char *real, const struct out_guard *g, struct diags *d)
{
	static const char *const names[] = { N_("the content folder"),
		N_("the layouts folder"), N_("the repository"),
		N_("the folder holding the content and layouts") };
	struct buf	 content = { 0 }, layouts = { 0 };
	const char	*paths[4];
	char		 near[PATH_MAX];
	struct stat	 st, out, at;
	size_t		 i;
	int		 rc = 0, exists = stat(real, &out) == 0;

	buf_printf(&content, "%s/content", g->dir);
	buf_printf(&layouts, "%s/layouts", g->dir);
	paths[0] = content.p;
	paths[1] = layouts.p;
	paths[2] = g->gitdir;
	paths[3] = g->dir;
	nearest_existing(real, &at, near, sizeof(near));
	for (i = 0; i < 4 && rc == 0; i++) {
		if (paths[i] == NULL || stat(paths[i], &st) == -1)
			continue;
		if (exists && holds(&out, paths[i]) &&
		    st.st_dev == out.st_dev && st.st_ino == out.st_ino) {
			report(d, SEV_ERROR, "the output folder %s is %s; "
			    "gongshi replaces the output folder with the site, "
			    "so it will not write there: choose another folder, "
			    "such as %s/site", real, _(names[i]), g->dir);
			rc = -1;
		} else if (exists && holds(&out, paths[i])) {
			report(d, SEV_ERROR, "the output folder %s holds %s; "
			    "gongshi replaces the output folder with the site, "
			    "so it will not write there: choose another folder, "
			    "such as %s/site", real, _(names[i]), g->dir);
			rc = -1;
		} else if (i < 3 && holds(&st, near)) {
			report(d, SEV_ERROR, "the output folder %s is inside %s; "
			    "the site would become part of what is published: "
			    "choose a folder outside it, such as %s/site",
			    real, _(names[i]), g->dir);
			rc = -1;
		}
	}
	buf_free(&content);
	buf_free(&layouts);
	return rc;
}

/* Whether the folder holds nothing at all. */
static int
is_empty(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	int		 empty = 1;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while (empty && (de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

/* An existing output folder must be one gongshi may replace. */
static int
replaceable(const char *given, const char *real, struct diags *d)
{
	struct stat	 st, up;
	char		*copy;
	int		 rc;

	if (lstat(real, &st) == -1)
		return errno == ENOENT ? 0 : (report(d, SEV_ERROR, "%s: %s", given,
		    strerror(errno)), -1);
	if (!S_ISDIR(st.st_mode)) {
		report(d, SEV_ERROR, "the output folder %s is a file, not a "
		    "folder; choose another with -o", given);
		return -1;
	}
	copy = xstrdup(real);
	rc = stat(dirname(copy), &up);
	free(copy);
	if (rc == 0 && up.st_dev != st.st_dev) {
		report(d, SEV_ERROR, "the output folder %s is a mount point, which "
		    "cannot be replaced in one step: build into a folder "
		    "inside it (-o %s/site) and serve that, or point a link "
		    "at the folder to build into", given, given);
		return -1;
	}
	if (!is_empty(real) && !is_gongshi_site(real)) {
		report(d, SEV_ERROR, "the output folder %s holds files that gongshi "
		    "did not write (it has no %s); gongshi replaces the whole "
		    "folder with the site, so it will not use this one: "
		    "choose an empty or new folder with -o, or remove this "
		    "one yourself if it is only an old site", given,
		    STAMP_NAME);
		return -1;
	}
	return 0;
}

/* The folder the output is in, and the output's own name. */
static void
split(const char *real, struct buf *parent, struct buf *base)
{
	char	*a = xstrdup(real), *b = xstrdup(real);

	buf_puts(parent, dirname(a));
	buf_puts(base, basename(b));
	free(a);
	free(b);
}

/*
 * Removes what runs killed while building left beside the output:
 * .NAME.tmp-XXXXXX folders.  Only called with the output's lock held,
 * so none of them can belong to a build still running.
 */
static void
remove_leftovers(struct output *o, const char *parent, const char *base)
{
	struct buf	 prefix = { 0 }, path = { 0 };
	struct dirent	*de;
	DIR		*d;
	size_t		 n = 0;

	buf_printf(&prefix, ".%s.tmp-", base);
	if ((d = opendir(parent)) == NULL)
		goto out;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix.p, prefix.len) != 0)
			continue;
		join(&path, parent, de->d_name);
		if (remove_tree(path.p) == 0)
			n++;
	}
	closedir(d);
	if (n > 0)
		report(o->d, SEV_NOTE, ngettext("removed %zu temporary folder "
		    "that an interrupted run left beside %s", "removed %zu "
		    "temporary folders that interrupted runs left beside %s",
		    n), n, base);
out:
	buf_free(&prefix);
	buf_free(&path);
}

/*
 * Whether gongshi may write the site into given, without writing or
 * locking anything: commands ask before the content is even checked,
 * so a wrong -o is said at once.  prepare() asks again under the lock.
 */
int
output_judge(const char *given, const struct out_guard *g, struct diags *d)
{
	struct buf	 real = { 0 };
	int		 rc = -1;

	if (resolve_output(given, &real, d) == 0 &&
	    guard(real.p, g, d) == 0 && replaceable(given, real.p, d) == 0)
		rc = 0;
	buf_free(&real);
	return rc;
}

/*
 * Judges the output folder, takes its lock and cleans up beside it:
 * what both ways of writing do first.
 */
static int
prepare(struct output *o, const char *given, const struct out_guard *g,
    struct diags *d)
{
	struct buf	 real = { 0 }, parent = { 0 }, base = { 0 }, lock = { 0 };
	int		 rc = -1;

	memset(o, 0, sizeof(*o));
	o->lock.fd = -1;
	pthread_mutex_init(&o->mu, NULL);
	o->d = d;
	o->shown = xstrdup(given);
	if (resolve_output(given, &real, d) == -1 ||
	    guard(real.p, g, d) == -1)
		goto out;
	/* Judged before the lock too, so a refused folder gets no lock
	 * file beside it. */
	if (replaceable(given, real.p, d) == -1)
		goto out;
	split(real.p, &parent, &base);
	buf_printf(&lock, "%s/.%s.lock", parent.p, base.p);
	if (lock_take(&o->lock, lock.p, "gongshi writing the site",
	    lock_wait_ms(), d) == -1)
		goto out;
	/* Judged under the lock: another run may have just made it. */
	if (replaceable(given, real.p, d) == -1)
		goto out;
	if (journal_recover(parent.p, base.p, d) == -1)
		goto out;
	remove_leftovers(o, parent.p, base.p);
	o->final = buf_detach(&real);
	o->parent = buf_detach(&parent);
	o->base = buf_detach(&base);
	rc = 0;
out:
	buf_free(&real);
	buf_free(&parent);
	buf_free(&base);
	buf_free(&lock);
	return rc;
}

/*
 * Removes what killed runs left beside the output, when nothing else
 * is to be written (publish with nothing to publish).
 */
void
output_tidy(const char *given, const struct out_guard *g, struct diags *d)
{
	struct output	 o;
	struct diags	 quiet = { 0 };

	/* Best effort: busy or refused, there is nothing to tidy now. */
	if (prepare(&o, given, g, &quiet) == 0) {
		o.d = d;
		remove_leftovers(&o, o.parent, o.base);
	}
	output_free(&o);
	diag_free(&quiet);
}

/*
 * A site gongshi built is updated in place through a journal: only
 * what changed is written, into a staging folder beside it.  Anything
 * else (no site yet, an empty folder) is written whole into a new
 * folder that takes the old one's place.
 */
int
output_begin(struct output *o, const char *given, const struct out_guard *g,
    struct diags *d)
{
	struct buf	 text = { 0 };

	if (prepare(o, given, g, d) == -1)
		return -1;
	buf_printf(&o->path, "%s/.%s.manifest", o->parent, o->base);
	o->manifest = buf_detach(&o->path);
	if (!is_empty(o->final) && is_gongshi_site(o->final)) {
		buf_printf(&o->path, "%s/.%s.journal", o->parent, o->base);
		if (mkdir(o->path.p, 0755) == -1) {
			report(d, SEV_ERROR, "%s: %s", o->path.p,
			    strerror(errno));
			buf_truncate(&o->path, 0);
			return -1;
		}
		o->stage = buf_detach(&o->path);
		/* A manifest that cannot be read is none: bytes decide. */
		if (buf_read_file(&text, o->manifest, MANIFEST_MAX) == 0)
			manifest_parse(text.p, text.len, &o->old);
		buf_free(&text);
		return 0;
	}
	/* Beside the output, on the same file system, so rename works. */
	buf_printf(&o->path, "%s/.%s.tmp-XXXXXX", o->parent, o->base);
	if (mkdtemp(o->path.p) == NULL) {
		report(d, SEV_ERROR, "%s: %s", o->path.p, strerror(errno));
		buf_truncate(&o->path, 0);
		return -1;
	}
	o->tmp = buf_detach(&o->path);
	/* mkdtemp makes it 0700; a published site is world-readable. */
	if (chmod(o->tmp, 0755) == -1) {
		report(d, SEV_ERROR, "%s: %s", o->tmp, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Writing single files into an existing folder, for `gongshi boards`:
 * each file is written beside its final name and renamed over it, so a
 * reader sees the old file or the new one, never half of either.
 */
int
output_begin_in_place(struct output *o, const char *given,
    const struct out_guard *g, struct diags *d)
{
	if (prepare(o, given, g, d) == -1)
		return -1;
	o->in_place = 1;
	if (mkdir(o->final, 0755) == -1 && errno != EEXIST) {
		report(d, SEV_ERROR, "%s: %s", given, strerror(errno));
		return -1;
	}
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
			rc = fail(o, path.p);
	}
	buf_free(&path);
	return rc;
}

/* Whether final/rel holds exactly these bytes; *was gets its stat. */
static int
unchanged(const struct output *o, const char *rel, const void *data,
    size_t len, struct stat *was)
{
	struct buf	 path = { 0 };
	struct stat	 st;
	char		*old = NULL;
	ssize_t		 n;
	size_t		 have = 0;
	int		 fd, same = 0;

	buf_printf(&path, "%s/%s", o->final, rel);
	fd = open(path.p, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
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
		*was = st;
	}
out:
	free(old);
	close(fd);
	return same;
}

static int
write_all(struct output *o, int fd, const char *p, size_t left,
    const char *path)
{
	return write_full(fd, p, left) == -1 ? fail(o, path) : 0;
}

static int
replace_file(struct output *o, const char *rel, const void *data, size_t len)
{
	struct buf	 tmp = { 0 }, path = { 0 };
	struct stat	 was;
	int		 fd, rc = -1;

	atomic_fetch_add(&o->nfiles, 1);
	atomic_fetch_add(&o->nbytes, len);
	if (unchanged(o, rel, data, len, &was)) {
		atomic_fetch_add(&o->nkept, 1);
		return 1;
	}
	buf_printf(&path, "%s/%s", o->final, rel);
	buf_printf(&tmp, "%s.tmp-XXXXXX", path.p);
	if ((fd = mkstemp(tmp.p)) == -1) {
		fail(o, tmp.p);
		goto out;
	}
	if (write_all(o, fd, data, len, tmp.p) == -1 || fchmod(fd, 0644) == -1) {
		close(fd);
		unlink(tmp.p);
		goto out;
	}
	if (close(fd) == -1 || rename(tmp.p, path.p) == -1) {
		fail(o, path.p);
		unlink(tmp.p);
		goto out;
	}
	rc = 0;
out:
	buf_free(&tmp);
	buf_free(&path);
	return rc;
}

/* Adds f to the files of this build; writers may be several threads. */
static void
record(struct output *o, struct mfile *f)
{
	pthread_mutex_lock(&o->mu);
	*manifest_push(&o->now) = *f;
	pthread_mutex_unlock(&o->mu);
}

/* The manifest entry of bytes about to be written to rel. */
static void
entry(struct mfile *f, const char *rel, const void *data, size_t len)
{
	memset(f, 0, sizeof(*f));
	f->rel = xstrdup(rel);
	f->size = len;
	blob_id(data, len, f->hash);
	f->has_hash = 1;
}

/*
 * Whether the site's rel holds these bytes: trusted from the manifest
 * when the file's stat is the one it saw, else compared.
 */
static int
kept_in_place(const struct output *o, const struct mfile *f,
    const void *data, struct stat *st)
{
	const struct mfile *m;
	struct buf	 path = { 0 };
	int		 found;

	buf_printf(&path, "%s/%s", o->final, f->rel);
	found = lstat(path.p, st) == 0;
	buf_free(&path);
	if (!found || !S_ISREG(st->st_mode) || (uint64_t)st->st_size != f->size)
		return 0;
	if ((m = manifest_find(&o->old, f->rel)) != NULL &&
	    mfile_same_stat(m, st) && m->has_hash && f->has_hash)
		return memcmp(m->hash, f->hash, sizeof(f->hash)) == 0;
	return unchanged(o, f->rel, data, f->size, st);
}

/*
 * Journal mode: a file whose bytes are in place already is not touched
 * at all; any other is written into the staging folder, to be moved in
 * when the build commits.
 */
static int
stage_file(struct output *o, const char *rel, const void *data, size_t len)
{
	struct mfile	 f;
	struct stat	 st;
	struct buf	 path = { 0 };
	size_t		 n;
	int		 fd, rc = -1;

	atomic_fetch_add(&o->nfiles, 1);
	atomic_fetch_add(&o->nbytes, len);
	entry(&f, rel, data, len);
	if (kept_in_place(o, &f, data, &st)) {
		mstat_take(&f.st, &st);
		record(o, &f);
		atomic_fetch_add(&o->nkept, 1);
		return 1;
	}
	n = atomic_fetch_add(&o->nstaged, 1);
	buf_printf(&path, "%s/s%zu", o->stage, n);
	fd = open(path.p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1) {
		fail(o, path.p);
		goto out;
	}
	if (write_all(o, fd, data, len, path.p) == -1) {
		close(fd);
		goto out;
	}
	if (close(fd) == -1) {
		fail(o, path.p);
		goto out;
	}
	f.staged = n + 1;
	record(o, &f);
	f.rel = NULL;
	rc = 0;
out:
	free(f.rel);
	buf_free(&path);
	return rc;
}

/*
 * Writes one file of the site; rel is relative to the site's root.
 * Returns 1 when the file is unchanged from the old site, 0 when it is
 * new or changed, -1 on failure.  An unchanged file is left as it is
 * (journal) or linked from the old site (new folder): it keeps its
 * modification time, and no new inode is made, which is most of the
 * cost of a rebuild on some file systems.
 */
int
output_file(struct output *o, const char *rel, const void *data, size_t len)
{
	struct stat	 was;
	struct timespec	 times[2];
	struct buf	 path = { 0 };
	struct mfile	 f;
	int		 fd, same, rc = -1;

	if (interrupted()) {
		report(o->d, SEV_ERROR, "interrupted");
		return -1;
	}
	if (!safe_rel(rel)) {
		report(o->d, SEV_ERROR, "refusing to write '%s' outside the "
		    "site folder", rel);
		return -1;
	}
	if (o->stage != NULL)
		return stage_file(o, rel, data, len);
	if (make_parents(o, rel) == -1)
		return -1;
	if (o->in_place)
		return replace_file(o, rel, data, len);
	buf_printf(&path, "%s/%s", o->tmp, rel);
	atomic_fetch_add(&o->nfiles, 1);
	atomic_fetch_add(&o->nbytes, len);
	/* Its stat is taken once the new folder is in place. */
	entry(&f, rel, data, len);
	record(o, &f);
	if ((same = unchanged(o, rel, data, len, &was)) != 0) {
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
		times[1] = was.st_mtim;
	}
	fd = open(path.p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1) {
		rc = fail(o, path.p);
		goto out;
	}
	if (write_all(o, fd, data, len, path.p) == -1) {
		close(fd);
		goto out;
	}
	if (close(fd) == -1) {
		rc = fail(o, path.p);
		goto out;
	}
	if (same) {
		/* Could not link (another file system?): copy the time. */
		times[0].tv_sec = 0;
		times[0].tv_nsec = UTIME_OMIT;
		if (utimensat(AT_FDCWD, path.p, times, 0) == -1) {
			rc = fail(o, path.p);
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
 * board's PDF stays as long as the board it was printed from.  Its
 * bytes are not read: the manifest knows them only if it knew them.
 */
int
output_keep(struct output *o, const char *rel)
{
	struct buf	 old = { 0 };
	struct stat	 st;
	struct mfile	 f;
	const struct mfile *m;
	int		 rc = 0;

	if (o->in_place || !safe_rel(rel))
		return 0;
	buf_printf(&old, "%s/%s", o->final, rel);
	if (lstat(old.p, &st) != 0 || !S_ISREG(st.st_mode))
		goto out;
	memset(&f, 0, sizeof(f));
	f.rel = xstrdup(rel);
	f.size = (uint64_t)st.st_size;
	if (o->stage != NULL) {
		if ((m = manifest_find(&o->old, rel)) != NULL &&
		    mfile_same_stat(m, &st) && m->has_hash) {
			memcpy(f.hash, m->hash, sizeof(f.hash));
			f.has_hash = 1;
		}
		mstat_take(&f.st, &st);
		record(o, &f);
		goto out;
	}
	record(o, &f);
	if (make_parents(o, rel) == -1)
		rc = -1;
	else {
		struct buf	 path = { 0 };

		buf_printf(&path, "%s/%s", o->tmp, rel);
		if (link(old.p, path.p) == -1 && errno != EEXIST)
			rc = fail(o, path.p);
		buf_free(&path);
	}
out:
	buf_free(&old);
	return rc;
}

/*
 * Whether the site's rel is known to hold the bytes with git blob id
 * blob: the manifest saw it hold them and its stat is still the one
 * the manifest took.  Fills f to record it by when it does.  Only a
 * site updated through the journal has a manifest to trust.
 */
static int
reusable(struct output *o, const char *rel, const unsigned char blob[20],
    struct mfile *f)
{
	const struct mfile *m;
	struct buf	 path = { 0 };
	struct stat	 st;
	int		 found;

	if (o->stage == NULL || !safe_rel(rel) ||
	    (m = manifest_find(&o->old, rel)) == NULL || !m->has_hash ||
	    memcmp(m->hash, blob, sizeof(m->hash)) != 0)
		return 0;
	buf_printf(&path, "%s/%s", o->final, rel);
	found = lstat(path.p, &st) == 0;
	buf_free(&path);
	if (!found || !S_ISREG(st.st_mode) || !mfile_same_stat(m, &st))
		return 0;
	memset(f, 0, sizeof(*f));
	f->size = m->size;
	memcpy(f->hash, m->hash, sizeof(f->hash));
	f->has_hash = 1;
	mstat_take(&f->st, &st);
	return 1;
}

/* Records a file reusable() found, counted as output_file counts an
 * unchanged one. */
static void
record_kept(struct output *o, const char *rel, struct mfile *f)
{
	f->rel = xstrdup(rel);
	record(o, f);
	atomic_fetch_add(&o->nfiles, 1);
	atomic_fetch_add(&o->nbytes, (size_t)f->size);
	atomic_fetch_add(&o->nkept, 1);
}

/*
 * Keeps the site's rel as it is, without its bytes, when it is known
 * to hold the bytes with git blob id blob.  Returns 1 when kept, 0
 * when the file must be made and written after all.
 */
int
output_reuse(struct output *o, const char *rel, const unsigned char blob[20])
{
	struct mfile	 f;

	if (!reusable(o, rel, blob, &f))
		return 0;
	record_kept(o, rel, &f);
	return 1;
}

/*
 * The same for n files at once, all or none: 1 when every rel[k] holds
 * blob[k] and all are kept, 0 (nothing kept) otherwise.
 */
int
output_reuse_all(struct output *o, const char *const *rel,
    const unsigned char (*blob)[20], size_t n)
{
	struct mfile	 few[8], *f = n <= 8 ? few : xcalloc(n, sizeof(*f));
	size_t		 k;
	int		 all = 1;

	for (k = 0; k < n && all; k++)
		all = reusable(o, rel[k], blob[k], &f[k]);
	for (k = 0; k < n && all; k++)
		record_kept(o, rel[k], &f[k]);
	if (f != few)
		free(f);
	return all;
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path) == -1 && errno != ENOENT ? -1 : 0;
}

int
remove_tree(const char *path)
{
	struct stat	 st;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

/* What to tell the user when the new site cannot take the old's place. */
static void
swap_failed(const struct output *o)
{
	if (errno == EBUSY)
		report(o->d, SEV_ERROR, "%s is in use as a mount point and "
		    "cannot be replaced; build into a folder inside it (-o "
		    "%s/site)", o->shown, o->shown);
	else
		report(o->d, SEV_ERROR, "could not put the new site in place "
		    "of %s: %s", o->shown, strerror(errno));
}

/* What is left of the old site goes; if it will not, it is only said. */
static void
remove_old(const struct output *o, const char *path)
{
	if (remove_tree(path) == -1)
		report(o->d, SEV_WARNING, "the site is in place, but the old "
		    "one could not be removed from %s: %s", path,
		    strerror(errno));
}

/*
 * Listing what of the site in place this build did not produce.  Most
 * of the site's 20,000 folders are as the last build left them: a
 * folder whose stat is the one the manifest took when it was last
 * listed holds just the files and folders the manifest says, and is
 * not read again.  Only a folder whose mtime was old when listed is
 * trusted so: the file system's clock ticks coarsely, and a folder
 * changed in the tick it was listed in may keep its mtime.
 */
#define DIR_SETTLED_S	2

struct unwanted {
	struct output	*o;
	int		 root;		/* the site, open */
	struct buf	*rel;		/* the folder's path inside it */
	struct buf	*j;		/* the journal */
	size_t		*n;		/* its entries */
	time_t		 settled;	/* folders changed since: not trusted */
	size_t		 read, known;	/* folders listed, taken as known */
};

static long	list_dir(struct unwanted *, const struct stat *);

/* The entry name at u->rel's end, rel put back by the caller. */
static void
enter(struct unwanted *u, size_t at, const char *name, size_t len)
{
	buf_truncate(u->rel, at);
	if (at > 0)
		buf_putc(u->rel, '/');
	buf_put(u->rel, name, len);
}

static void
unwanted_file(struct unwanted *u)
{
	if (manifest_find(&u->o->now, u->rel->p) == NULL) {
		buf_printf(u->j, "D %s\n", u->rel->p);
		(*u->n)++;
	}
}

/* A folder that held nothing goes, unless a file takes its place. */
static void
unwanted_empty(struct unwanted *u, long entries)
{
	if (entries == 0)
		unwanted_file(u);
}

/*
 * The folder at u->rel as the old manifest knows it: its files, then
 * its folders, each stated (it may have changed inside).  Returns the
 * number of entries, -2 when a folder it names is not one (the folder
 * is read instead), -1 on failure.
 */
static long
known_dir(struct unwanted *u)
{
	const struct manifest *old = &u->o->old;
	struct stat	*sts = NULL;
	struct buf	 prefix = { 0 };
	size_t		 at = u->rel->len, i, first, k, nsub = 0, cap = 0;
	size_t		*sub = NULL;
	long		 seen = 0, entries;
	const char	*r;

	buf_put(&prefix, u->rel->p, at);
	if (at > 0)
		buf_putc(&prefix, '/');
	/* Its folders first: all there, or it is read after all. */
	first = manifest_dirs_from(old, prefix.p);
	for (i = first; i < old->nd && strncmp(old->d[i].rel, prefix.p,
	    prefix.len) == 0; i++) {
		r = old->d[i].rel + prefix.len;
		if (*r == '\0' || strchr(r, '/') != NULL)
			continue;	/* itself, or deeper */
		if (nsub == cap) {
			cap = cap ? cap * 2 : 16;
			sub = xrealloc(sub, cap * sizeof(*sub));
			sts = xrealloc(sts, cap * sizeof(*sts));
		}
		if (fstatat(u->root, old->d[i].rel, &sts[nsub],
		    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISDIR(sts[nsub].st_mode)) {
			seen = -2;
			goto out;
		}
		sub[nsub++] = i;
	}
	first = manifest_from(old, prefix.p);
	for (i = first; i < old->n && strncmp(old->v[i].rel, prefix.p,
	    prefix.len) == 0; i++) {
		r = old->v[i].rel + prefix.len;
		if (strchr(r, '/') != NULL)
			continue;
		seen++;
		enter(u, at, r, strlen(r));
		unwanted_file(u);
	}
	for (k = 0; k < nsub; k++) {
		seen++;
		r = old->d[sub[k]].rel + prefix.len;
		enter(u, at, r, strlen(r));
		if ((entries = list_dir(u, &sts[k])) < 0) {
			seen = -1;
			goto out;
		}
		unwanted_empty(u, entries);
	}
out:
	buf_truncate(u->rel, at);
	buf_free(&prefix);
	free(sub);
	free(sts);
	return seen;
}

/* The folder at u->rel, read: fd is open on it and closed here. */
static long
read_dir(struct unwanted *u, int fd)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*dir;
	size_t		 at = u->rel->len, len;
	long		 seen = 0, entries;

	if ((dir = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	u->read++;
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		seen++;
		len = strlen(de->d_name);
		if (memchr(de->d_name, '\n', len) != NULL)
			goto fail;	/* cannot be said in the journal */
		enter(u, at, de->d_name, len);	/* 48,000 files: no printf */
		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN) {
			unwanted_file(u);
			continue;
		}
		if (fstatat(dirfd(dir), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == -1)
			goto fail;
		if (!S_ISDIR(st.st_mode)) {
			unwanted_file(u);
			continue;
		}
		if ((entries = list_dir(u, &st)) < 0)
			goto fail;
		unwanted_empty(u, entries);
	}
	closedir(dir);
	buf_truncate(u->rel, at);
	return seen;
fail:
	closedir(dir);
	buf_truncate(u->rel, at);
	return -1;
}

/*
 * Lists in the journal what of the folder at u->rel (st its stat) this
 * build did not produce, and remembers its stat for the next.  Returns
 * the number of entries it had, or -1.  Every folder above it was found
 * a folder on the way down, so only the last part can be a link.
 */
static long
list_dir(struct unwanted *u, const struct stat *st)
{
	const struct mdir *m;
	long		 seen = -2;
	int		 fd;

	m = manifest_find_dir(&u->o->old, u->rel->p);
	if (m != NULL && mstat_same(&m->st, st) &&
	    (seen = known_dir(u)) >= 0)
		u->known++;
	if (seen == -2) {
		fd = openat(u->root, u->rel->len ? u->rel->p : ".", O_RDONLY |
		    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		seen = fd == -1 ? -1 : read_dir(u, fd);
	}
	/* Every folder listed is named, for its parent's sake; its stat
	 * only when it will tell a change. */
	if (seen >= 0)
		manifest_add_dir(&u->o->now, u->rel->p,
		    st->st_mtim.tv_sec < u->settled &&
		    st->st_mtim.tv_sec >= 0 && st->st_ctim.tv_sec >= 0 ?
		    st : NULL);
	return seen;
}

/* The whole site; 0 or -1.  Says how many folders were read. */
static int
list_unwanted(struct output *o, struct buf *j, size_t *n)
{
	struct unwanted	 u;
	struct buf	 rel = { 0 };
	struct stat	 st;
	int		 rc = -1;

	memset(&u, 0, sizeof(u));
	u.o = o;
	u.rel = &rel;
	u.j = j;
	u.n = n;
	u.settled = time(NULL) - DIR_SETTLED_S;
	buf_puts(&rel, "");
	if ((u.root = open(o->final, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1)
		goto out;
	if (fstat(u.root, &st) == 0 && list_dir(&u, &st) >= 0)
		rc = 0;
	close(u.root);
	manifest_sort_dirs(&o->now);
	if (getenv("GONGSHI_TIMING") != NULL)	/* for developers: English */
		fprintf(stderr, "swap: %zu folders read, %zu known from the "
		    "manifest\n", u.read, u.known);
out:
	buf_free(&rel);
	return rc;
}

/* Writes what a journal needs into the staging folder.  0 or -1. */
static int
write_journal(struct output *o, size_t *nops)
{
	struct buf	 j = { 0 }, path = { 0 };
	size_t		 i;
	int		 rc = -1;

	*nops = 0;
	buf_puts(&j, "gongshi-journal 1\n");
	if (list_unwanted(o, &j, nops) == -1) {
		fail(o, o->final);
		goto out;
	}
	for (i = 0; i < o->now.n; i++)
		if (o->now.v[i].staged != 0) {
			buf_printf(&j, "R %llu %s\n",
			    (unsigned long long)(o->now.v[i].staged - 1),
			    o->now.v[i].rel);
			(*nops)++;
		}
	buf_puts(&j, "end\n");
	if (*nops == 0) {
		rc = 0;
		goto out;
	}
	/* Moved in, a staged file gets its stat there (journal.c). */
	buf_printf(&path, "%s/%s", o->stage, JOURNAL_MANIFEST);
	if (manifest_save(&o->now, path.p, 0) == -1) {
		fail(o, path.p);
		goto out;
	}
	buf_truncate(&path, 0);
	buf_printf(&path, "%s/%s", o->stage, JOURNAL_NEW);
	if (write_replace(path.p, &j, 0) == -1) {
		fail(o, path.p);
		goto out;
	}
	rc = 0;
out:
	buf_free(&j);
	buf_free(&path);
	return rc;
}

/* The staged files to sync, by name in the staging folder. */
struct staged_sync {
	int		 dfd;
	char		(*names)[32];
};

static void *
sync_open(void *shared)
{
	return shared;
}

static int
sync_one(void *state, size_t i)
{
	const struct staged_sync *ss = state;
	int		 fd, rc;

	if ((fd = openat(ss->dfd, ss->names[i], O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int
sync_close(void *shared, void *state)
{
	(void)shared;
	(void)state;
	return 0;
}

/*
 * Everything staged reaches the disk before the commit, so that not
 * even a power cut can commit a journal whose files are not there:
 * file by file when they are few, else the whole file system at once.
 * The files are synced on several threads: a file system joins waits
 * that come together into one commit of its log, where one after the
 * other each waits for its own (200 files: 0.19 s, or 0.02 s).
 */
static int
sync_staged(struct output *o, int dfd)
{
	static const char *const own[] = { JOURNAL_MANIFEST, JOURNAL_NEW };
	struct staged_sync ss;
	struct jobs	 j;
	size_t		 i, n = 0;
	int		 rc;

	if (atomic_load(&o->nstaged) > 1024)
		return syncfs(dfd);
	ss.dfd = dfd;
	ss.names = xcalloc(atomic_load(&o->nstaged) + 2, sizeof(*ss.names));
	for (i = 0; i < o->now.n; i++)
		if (o->now.v[i].staged != 0)
			snprintf(ss.names[n++], sizeof(ss.names[0]), "s%llu",
			    (unsigned long long)(o->now.v[i].staged - 1));
	for (i = 0; i < 2; i++)
		snprintf(ss.names[n++], sizeof(ss.names[0]), "%s", own[i]);
	memset(&j, 0, sizeof(j));
	j.n = n;
	j.max_threads = 8;
	j.io_bound = 1;
	j.shared = &ss;
	j.open = sync_open;
	j.job = sync_one;
	j.close = sync_close;
	rc = jobs_run(&j);
	free(ss.names);
	return rc == 0 ? fsync(dfd) : -1;
}

/*
 * Commits a journal: everything staged reaches the disk, then the one
 * rename that makes the build the site; then it is carried out.  From
 * the rename on, a run killed is finished by the next one.
 */
static int
commit_journal(struct output *o)
{
	struct buf	 from = { 0 }, to = { 0 };
	size_t		 nops;
	int		 dfd = -1, rc = -1;

	manifest_sort(&o->now);
	if (write_journal(o, &nops) == -1)
		goto out;
	/* Listed, the old site's manifest has told all it knows: freed
	 * before the new one is formatted and put in place. */
	manifest_free(&o->old);
	if (nops == 0) {	/* nothing changed: only the manifest may */
		manifest_place(&o->now, o->final, o->manifest);
		remove_tree(o->stage);
		rc = 0;
		goto out;
	}
	buf_printf(&from, "%s/%s", o->stage, JOURNAL_NEW);
	buf_printf(&to, "%s/%s", o->stage, JOURNAL_FILE);
	if ((dfd = open(o->stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    sync_staged(o, dfd) == -1) {
		fail(o, o->stage);
		goto out;
	}
	if (rename(from.p, to.p) == -1) {
		swap_failed(o);
		goto out;
	}
	fsync(dfd);	/* the commit itself, as far as the disk goes */
	free(o->stage);	/* committed: no longer ours to throw away */
	o->stage = NULL;
	buf_truncate(&from, 0);
	buf_printf(&from, "%s/.%s.journal", o->parent, o->base);
	if (journal_apply(from.p, o->final, o->manifest, &o->now,
	    o->d) == -1)
		report(o->d, SEV_ERROR, "the new site of %s is committed but "
		    "not wholly in place; the next gongshi command that "
		    "writes it finishes the job", o->shown);
	else
		rc = 0;
out:
	if (dfd != -1)
		close(dfd);
	buf_free(&from);
	buf_free(&to);
	return rc;
}

/*
 * Puts the new site in place.  A site updated through a journal gets
 * it committed and carried out.  A new folder takes the old one's
 * place: where the system can, the two folders are exchanged in one
 * step, so the site is never missing; otherwise the old one is moved
 * aside first.  Callers check interrupted() before: once a publish has
 * moved its branch, the site must follow, Ctrl-C or not.
 */
int
output_commit(struct output *o)
{
	struct stat	 st;

	if (o->stage != NULL)
		return commit_journal(o);
	if (stat(o->final, &st) == -1) {
		if (errno != ENOENT || rename(o->tmp, o->final) == -1) {
			swap_failed(o);
			return -1;
		}
	} else if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final,
	    RENAME_EXCHANGE) == -1) {
		if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
			swap_failed(o);
			return -1;
		}
		buf_truncate(&o->path, 0);
		buf_printf(&o->path, "%s.old", o->tmp);
		if (rename(o->final, o->path.p) == -1) {
			swap_failed(o);
			return -1;
		}
		if (rename(o->tmp, o->final) == -1) {
			swap_failed(o);
			rename(o->path.p, o->final);
			return -1;
		}
		remove_old(o, o->path.p);
	} else
		remove_old(o, o->tmp);	/* now the old site */
	free(o->tmp);
	o->tmp = NULL;
	/* Every file's stat, now that links to the old site are gone. */
	manifest_sort(&o->now);
	manifest_place(&o->now, o->final, o->manifest);
	return 0;
}

/* Throws away a build that did not finish. */
void
output_abort(struct output *o)
{
	if (o->tmp != NULL)
		remove_tree(o->tmp);
	if (o->stage != NULL)
		remove_tree(o->stage);
	free(o->tmp);
	free(o->stage);
	o->tmp = NULL;
	o->stage = NULL;
}

/*
 * For commands that only read the site: what a killed build left is
 * finished (committed) or thrown away, if no other run holds the site
 * (a running build holds its lock), so what is read is a whole site.
 */
void
output_settle(const char *given)
{
	struct diags	 quiet = { 0 };
	struct buf	 real = { 0 }, parent = { 0 }, base = { 0 }, path = { 0 };
	struct lock	 lock = { .fd = -1 };
	struct stat	 st;

	if (resolve_output(given, &real, &quiet) == -1)
		goto out;
	split(real.p, &parent, &base);
	buf_printf(&path, "%s/.%s.journal", parent.p, base.p);
	if (lstat(path.p, &st) == -1)
		goto out;
	buf_truncate(&path, 0);
	buf_printf(&path, "%s/.%s.lock", parent.p, base.p);
	if (lock_take(&lock, path.p, "gongshi writing the site", 0,
	    &quiet) == 0)
		journal_recover(parent.p, base.p, &quiet);
	lock_release(&lock);
out:
	buf_free(&real);
	buf_free(&parent);
	buf_free(&base);
	buf_free(&path);
	diag_free(&quiet);
}

void
output_free(struct output *o)
{
	output_abort(o);
	lock_release(&o->lock);
	free(o->shown);
	free(o->final);
	free(o->parent);
	free(o->base);
	free(o->manifest);
	manifest_free(&o->old);
	manifest_free(&o->now);
	buf_free(&o->path);
	pthread_mutex_destroy(&o->mu);
	memset(o, 0, sizeof(*o));
	o->lock.fd = -1;
}
