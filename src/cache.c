/*
 * The build cache: one small file per command in DIR/.gongshi/ (build,
 * check) holding the fingerprint of everything the last run depended
 * on, its exit status and every diagnostic it emitted.  The next run
 * computes the fingerprint again, by stat alone; when it matches, the
 * command emits the same diagnostics and exits the same way, without
 * reading a record or writing a file.
 *
 * The fingerprint covers every file under content/ and layouts/ (path,
 * type, size, mtime, ctime, inode, device), the files git consults for
 * HEAD and the working tree's state, HEAD's commit, the program and
 * the data it reads (its binary, catalogue, pinyin and OpenCC files),
 * the options and environment that change output or messages, and the
 * output folder as the run left it (its inode and times, its top-level
 * entries, its stamp's bytes): a site replaced or changed at the top
 * behind gongshi's back means a real build.
 *
 * Racy files: a file changed within the same clock tick as it was
 * looked at may keep every stat field.  As git does for its index, a
 * file whose mtime or ctime is within RACY_SECONDS of the fingerprint's
 * time (or after it) is not trusted by stat: its content's hash goes
 * into the fingerprint too.  The entry keeps the time it was taken, so
 * the next run decides the same files are racy and hashes them again;
 * once they are old enough, a matching run rewrites the entry with its
 * own time and stops hashing them.
 *
 * The file is plain text: a first line with a magic word, the format's
 * version and the SHA-1 of the rest, then a few key lines and the
 * diagnostics with their lengths.  One record per command and nothing
 * to query: an embedded database (LMDB, SQLite) would add a dependency
 * and a file format larger than the data.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <libgen.h>
#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "escape.h"
#include "stamp.h"

#ifndef PINYIN_DICT
#define PINYIN_DICT "/usr/share/rime-data/pinyin_simp.dict.yaml"
#endif
#ifndef VERSION
#define VERSION "unknown"
#endif

#define CACHE_MAGIC	"gongshi-cache"
#define CACHE_VERSION	1
#define RACY_SECONDS	2
#define WALK_DEPTH	32
#define CACHE_MAX	(64u << 20)
#define HASHED_MAX	(256u << 20)

/* The fingerprint's text, as of two times: the entry's and now. */
struct print {
	struct buf	 then, now;
	struct timespec	 t_then, t_now;
	int		 have_then;
	const char	*dir;
	int		 stat_only;	/* never hash: the output folder */
};

static int
racy(const struct stat *st, const struct timespec *t)
{
	time_t	 limit = t->tv_sec - RACY_SECONDS;

	return st->st_mtim.tv_sec >= limit || st->st_ctim.tv_sec >= limit;
}

static void put_both(struct print *, const char *, ...) PRINTF_LIKE(2, 3);

/* The same line in both fingerprints. */
static void
put_both(struct print *p, const char *fmt, ...)
{
	va_list	 ap, aq;

	va_start(ap, fmt);
	va_copy(aq, ap);
	buf_vprintf(&p->then, fmt, ap);
	buf_vprintf(&p->now, fmt, aq);
	va_end(aq);
	va_end(ap);
}

/*
 * A line of stat fields, and the content's hash when racy: of path, or
 * when NULL of DIR/label.
 */
static void
put_stat(struct print *p, const char *label, const struct stat *st,
    const char *path)
{
	struct buf	 bytes = { 0 }, full = { 0 };
	git_oid		 id;
	char		 hex[GIT_OID_HEXSZ + 1] = "unreadable";
	int64_t		 f[8];
	int		 r_then, r_now;

	/* the fields as bytes, after the name and its NUL: a city is
	 * 10,000 of these, and formatting them as text would cost more
	 * than the stat calls */
	f[0] = (int64_t)st->st_mode;
	f[1] = (int64_t)st->st_size;
	f[2] = (int64_t)st->st_mtim.tv_sec;
	f[3] = (int64_t)st->st_mtim.tv_nsec;
	f[4] = (int64_t)st->st_ctim.tv_sec;
	f[5] = (int64_t)st->st_ctim.tv_nsec;
	f[6] = (int64_t)st->st_ino;
	f[7] = (int64_t)st->st_dev;
	buf_put(&p->then, label, strlen(label) + 1);
	buf_put(&p->then, f, sizeof(f));
	buf_put(&p->now, label, strlen(label) + 1);
	buf_put(&p->now, f, sizeof(f));
	r_then = !p->stat_only && p->have_then && racy(st, &p->t_then);
	r_now = !p->stat_only && racy(st, &p->t_now);
	if (S_ISREG(st->st_mode) && (r_then || r_now)) {
		if (path == NULL) {
			buf_printf(&full, "%s/%s", p->dir, label);
			path = full.p;
		}
		if (buf_read_file(&bytes, path, HASHED_MAX) == 0 &&
		    git_odb_hash(&id, bytes.p ? bytes.p : "", bytes.len,
		    GIT_OBJECT_BLOB) == 0)
			git_oid_tostr(hex, sizeof(hex), &id);
	}
	if (r_then)
		buf_put(&p->then, hex, sizeof(hex));
	if (r_now)
		buf_put(&p->now, hex, sizeof(hex));
	buf_putc(&p->then, '\n');
	buf_putc(&p->now, '\n');
	buf_free(&bytes);
	buf_free(&full);
}

/* A file outside the content, by its absolute (or -C relative) path. */
static void
put_file(struct print *p, const char *label, const char *path)
{
	struct stat	 st;

	if (path == NULL || lstat(path, &st) == -1)
		put_both(p, "%s\tnone %s\n", label, path ? path : "-");
	else
		put_stat(p, label, &st, path);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in folder d but "." and "..", sorted; *n gets how many. */
static char **
sorted_names(DIR *d, size_t *n)
{
	struct dirent	*de;
	char		**names = NULL;
	size_t		 cap = 0;

	*n = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[(*n)++] = xstrdup(de->d_name);
	}
	if (*n > 1)
		qsort(names, *n, sizeof(*names), cmp_name);
	return names;
}

/*
 * Every entry of the folder open as dfd (DIR/rel), hidden ones too (git
 * sees them), sorted, stat'ed beside it; folders entered without
 * following links.  Takes dfd and closes it.
 */
static void
put_folder(struct print *p, int dfd, const char *rel, int depth)
{
	struct buf	 sub = { 0 };
	struct stat	 st;
	DIR		*d;
	char		**names = NULL;
	size_t		 n = 0, i;
	int		 fd;

	if ((d = fdopendir(dfd)) == NULL) {
		close(dfd);
		put_both(p, "%s\tunlisted %s\n", rel, strerror(errno));
		return;
	}
	names = sorted_names(d, &n);
	for (i = 0; i < n; i++) {
		buf_truncate(&sub, 0);
		buf_puts(&sub, rel);
		buf_putc(&sub, '/');
		buf_puts(&sub, names[i]);
		if (fstatat(dirfd(d), names[i], &st, AT_SYMLINK_NOFOLLOW) ==
		    -1) {
			put_both(p, "%s\tnone %s\n", sub.p, strerror(errno));
			st.st_mode = 0;
		} else
			put_stat(p, sub.p, &st, NULL);
		if (S_ISDIR(st.st_mode) && depth < WALK_DEPTH &&
		    (fd = openat(dirfd(d), names[i], O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC)) != -1)
			put_folder(p, fd, sub.p, depth + 1);
		else if (S_ISDIR(st.st_mode))
			put_both(p, "%s\tunopened\n", sub.p);
		free(names[i]);
	}
	closedir(d);
	free(names);
	buf_free(&sub);
}

/* DIR/rel and everything under it. */
static void
put_tree(struct print *p, const char *rel)
{
	struct buf	 path = { 0 };
	struct stat	 st;
	int		 fd;

	buf_printf(&path, "%s/%s", p->dir, rel);
	if (lstat(path.p, &st) == -1)
		put_both(p, "%s\tnone %s\n", rel, strerror(errno));
	else {
		put_stat(p, rel, &st, path.p);
		if (S_ISDIR(st.st_mode) && (fd = open(path.p, O_RDONLY |
		    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) != -1)
			put_folder(p, fd, rel, 0);
		else if (S_ISDIR(st.st_mode))
			put_both(p, "%s\tunopened\n", rel);
	}
	buf_free(&path);
}

static void
put_env(struct print *p)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL",
		"LC_MESSAGES", "LANG", "TZ", "GONGSHI_THREADS", "HOME",
		"XDG_CONFIG_HOME" };
	const char	*v;
	size_t		 i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		v = getenv(vars[i]);
		put_both(p, "env %s=%s\n", vars[i], v ? v : "(unset)");
	}
}

/* The program and the data files it reads besides the content. */
static void
put_program(struct print *p)
{
	static const char *const opencc[] = { "t2s.json", "tw2s.json",
		"hk2s.json", "TSCharacters.ocd2", "TWVariantsRev.ocd2",
		"HKVariantsRev.ocd2", "TWVariantsRevPhrases.ocd2",
		"HKVariantsRevPhrases.ocd2" };
	struct buf	 path = { 0 };
	const char	*mo;
	char		 exe[4096];
	ssize_t		 n;
	size_t		 i;

	put_both(p, "version %s\n", VERSION);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0 && (size_t)n < sizeof(exe) - 1) {
		exe[n] = '\0';
		put_file(p, "exe", exe);
	} else
		put_both(p, "exe unknown\n");
	if ((mo = bindtextdomain("gongshi", NULL)) != NULL) {
		buf_printf(&path, "%s/zh_CN/LC_MESSAGES/gongshi.mo", mo);
		put_file(p, "catalogue", path.p);
	}
	put_file(p, "pinyin", PINYIN_DICT);
	for (i = 0; i < sizeof(opencc) / sizeof(opencc[0]); i++) {
		buf_truncate(&path, 0);
		buf_printf(&path, "/usr/share/opencc/%s", opencc[i]);
		put_file(p, "opencc", path.p);
	}
	buf_free(&path);
}

/* HEAD's commit and the files git reads for the working tree's state. */
static void
put_git(struct print *p, git_repository *repo)
{
	static const char *const files[] = { "HEAD", "index", "config",
		"info/exclude", "packed-refs" };
	struct buf	 path = { 0 };
	const char	*home, *xdg;
	git_oid		 head;
	char		 hex[GIT_OID_HEXSZ + 1];
	size_t		 i;
	int		 rc;

	if (repo == NULL) {
		put_both(p, "git none\n");
		return;
	}
	rc = git_reference_name_to_id(&head, repo, "HEAD");
	if (rc == 0)
		git_oid_tostr(hex, sizeof(hex), &head);
	else
		snprintf(hex, sizeof(hex), "none %d", rc);
	put_both(p, "git %s head %s\n", git_repository_path(repo), hex);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		buf_truncate(&path, 0);
		buf_printf(&path, "%s%s", git_repository_path(repo), files[i]);
		put_file(p, files[i], path.p);
	}
	if ((home = getenv("HOME")) != NULL) {
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/.gitconfig", home);
		put_file(p, "user gitconfig", path.p);
	}
	buf_truncate(&path, 0);
	if ((xdg = getenv("XDG_CONFIG_HOME")) != NULL && *xdg != '\0')
		buf_printf(&path, "%s/git/config", xdg);
	else if (home != NULL)
		buf_printf(&path, "%s/.config/git/config", home);
	if (path.len > 0)
		put_file(p, "xdg gitconfig", path.p);
	buf_free(&path);
}

static void
hash_hex(const struct buf *b, char hex[41])
{
	git_oid	 id;

	if (git_odb_hash(&id, b->p ? b->p : "", b->len, GIT_OBJECT_BLOB) < 0)
		memset(hex, '0', 40);
	else
		git_oid_tostr(hex, 41, &id);
	hex[40] = '\0';
}

/*
 * The inputs' fingerprint as of now, and as of then (the entry's time,
 * when there is an entry): same stats, racy files hashed by each time.
 */
static void
inputs_print(const struct cache_key *k, const struct timespec *then,
    const struct timespec *now, char hex_then[41], char hex_now[41])
{
	struct print	 p;
	char		 cwd[4096];

	memset(&p, 0, sizeof(p));
	p.dir = k->dir;
	p.t_now = *now;
	if (then != NULL) {
		p.t_then = *then;
		p.have_then = 1;
	}
	put_both(&p, "gongshi-inputs %s\n", k->command);
	put_program(&p);
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		strcpy(cwd, "?");
	put_both(&p, "cwd %s\ndir %s\n", cwd, k->dir);
	put_both(&p, "out %s\nsite %s\n", k->out ? k->out : "-", k->site);
	put_both(&p, "strict %d today %lld given %d\n", k->strict,
	    (long long)k->today, k->today_given);
	put_env(&p);
	put_git(&p, k->repo);
	put_tree(&p, "content");
	put_tree(&p, "layouts");
	put_tree(&p, "private");	/* the contact book */
	hash_hex(&p.now, hex_now);
	if (p.then.len == p.now.len && memcmp(p.then.p, p.now.p,
	    p.now.len) == 0)
		memcpy(hex_then, hex_now, 41);	/* the usual case */
	else
		hash_hex(&p.then, hex_then);
	buf_free(&p.then);
	buf_free(&p.now);
}

/*
 * What journal.c keeps beside the site (output.c resolves links the
 * same way): a manifest changed, or a journal left by a killed build,
 * means a real build, which mends or finishes them.
 */
static void
put_beside(struct print *p, const char *site)
{
	static const char *const names[] = { "manifest", "journal" };
	struct buf	 path = { 0 };
	struct stat	 st;
	char		*real, *dir, *base, *d1, *d2;
	size_t		 i;

	if ((real = realpath(site, NULL)) == NULL)
		real = xstrdup(site);
	d1 = xstrdup(real);
	d2 = xstrdup(real);
	dir = dirname(d1);
	base = basename(d2);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/.%s.%s", dir, base, names[i]);
		if (lstat(path.p, &st) == 0)
			put_stat(p, names[i], &st, path.p);
		else
			buf_printf(&p->now, "%s none\n", names[i]);
	}
	buf_free(&path);
	free(real);
	free(d1);
	free(d2);
}

/*
 * The output folder as it is: its own stat, its top-level entries and
 * its stamp's bytes.  Computed after the run, so never racy with it.
 */
static void
site_print(const char *site, char hex[41])
{
	struct print	 p;
	struct buf	 stamp = { 0 }, path = { 0 };
	struct stat	 st;
	DIR		*d;
	char		**names = NULL;
	size_t		 n = 0, i;

	memset(&p, 0, sizeof(p));
	p.stat_only = 1;
	if (lstat(site, &st) == -1 || !S_ISDIR(st.st_mode)) {
		buf_printf(&p.now, "site none\n");
		goto out;
	}
	put_stat(&p, "site", &st, site);
	if ((d = opendir(site)) != NULL) {
		names = sorted_names(d, &n);
		closedir(d);
	}
	for (i = 0; i < n; i++) {
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%s", site, names[i]);
		if (lstat(path.p, &st) == 0)
			put_stat(&p, names[i], &st, path.p);
		free(names[i]);
	}
	free(names);
	buf_truncate(&path, 0);
	buf_printf(&path, "%s/%s", site, STAMP_NAME);
	if (buf_read_file(&stamp, path.p, 4096) == 0)
		buf_printf(&p.now, "stamp %zu\n%.*s\n", stamp.len,
		    (int)stamp.len, stamp.p ? stamp.p : "");
	put_beside(&p, site);
out:
	hash_hex(&p.now, hex);
	buf_free(&p.then);
	buf_free(&p.now);
	buf_free(&stamp);
	buf_free(&path);
}

/* --- the file ------------------------------------------------------- */

static void
put_str(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_puts(b, " -1");
	else
		buf_printf(b, " %zu", strlen(s));
}

void
cache_format(const struct cache_entry *e, struct buf *out)
{
	struct buf	 body = { 0 };
	const struct cache_diag *x;
	char		 hex[41];
	size_t		 i;

	buf_printf(&body, "time %lld %ld\ninputs %s\nsite %s\nstatus %d\n",
	    (long long)e->when.tv_sec, e->when.tv_nsec, e->inputs, e->site,
	    e->status);
	buf_printf(&body, "built %ld %zu %zu", e->built, e->nfiles, e->nbytes);
	put_str(&body, e->shown);
	buf_printf(&body, "\n%s\ndiags %zu\n", e->shown ? e->shown : "",
	    e->n);
	for (i = 0; i < e->n; i++) {
		x = &e->v[i];
		buf_printf(&body, "%d %u %u", (int)x->sev, x->line, x->col);
		put_str(&body, x->file);
		put_str(&body, x->sheet);
		put_str(&body, x->msg);
		buf_printf(&body, "\n%s%s%s\n", x->file ? x->file : "",
		    x->sheet ? x->sheet : "", x->msg ? x->msg : "");
	}
	buf_puts(&body, "end\n");
	hash_hex(&body, hex);
	buf_printf(out, "%s %d %s\n", CACHE_MAGIC, CACHE_VERSION, hex);
	buf_put(out, body.p, body.len);
	buf_free(&body);
}

/* A cursor over the file's bytes. */
struct scan {
	const char	*p, *end;
};

/* The word up to the next space or newline; 0 at the end. */
static int
word(struct scan *s, const char **w, size_t *len)
{
	const char	*q = s->p;

	while (q < s->end && *q != ' ' && *q != '\n')
		q++;
	if (q == s->p)
		return 0;
	*w = s->p;
	*len = (size_t)(q - s->p);
	s->p = q;
	return 1;
}

static int
sep(struct scan *s, char c)
{
	if (s->p >= s->end || *s->p != c)
		return 0;
	s->p++;
	return 1;
}

static int
keyword(struct scan *s, const char *want)
{
	const char	*w;
	size_t		 len;

	return word(s, &w, &len) && len == strlen(want) &&
	    memcmp(w, want, len) == 0 && sep(s, ' ');
}

/* A decimal number in [lo, hi]; -1 only when lo allows it. */
static int
number(struct scan *s, long long lo, long long hi, long long *v)
{
	const char	*w;
	size_t		 len, i = 0;
	long long	 x = 0;
	int		 neg = 0;

	if (!word(s, &w, &len) || len > 19)
		return 0;
	if (w[0] == '-') {
		neg = 1;
		i = 1;
	}
	/* one spelling per number, as cache_format writes it: no "01",
	 * no "-0" */
	if (i == len || (w[i] == '0' && (len - i > 1 || neg)))
		return 0;
	for (; i < len; i++) {
		if (w[i] < '0' || w[i] > '9')
			return 0;
		if (x > (hi - (w[i] - '0')) / 10)
			return 0;
		x = x * 10 + (w[i] - '0');
	}
	if (neg)
		x = -x;
	if (x < lo || x > hi)
		return 0;
	*v = x;
	return 1;
}

static int
hex40(struct scan *s, char out[41])
{
	const char	*w;
	size_t		 len;
	unsigned char	 id[20];

	if (!word(s, &w, &len) || len != 40 ||
	    hex_bytes(w, len, id, sizeof(id)) == -1)
		return 0;
	memcpy(out, w, 40);
	out[40] = '\0';
	return 1;
}

/* len bytes as a string of their own, or NULL for -1. */
static int
take(struct scan *s, long long len, char **out)
{
	*out = NULL;
	if (len < 0)
		return 1;
	if ((size_t)(s->end - s->p) < (size_t)len ||
	    memchr(s->p, '\0', (size_t)len) != NULL)
		return 0;
	*out = xmalloc((size_t)len + 1);
	memcpy(*out, s->p, (size_t)len);
	(*out)[len] = '\0';
	s->p += len;
	return 1;
}

static int
parse_diag(struct scan *s, struct cache_entry *e)
{
	struct cache_diag *x;
	long long	 sev, line, col, fl, sl, ml;

	if (!number(s, 0, SEV_NOTE, &sev) || !sep(s, ' ') ||
	    !number(s, 0, 0xffffffffLL, &line) || !sep(s, ' ') ||
	    !number(s, 0, 0xffffffffLL, &col) || !sep(s, ' ') ||
	    !number(s, -1, CACHE_MAX, &fl) || !sep(s, ' ') ||
	    !number(s, -1, CACHE_MAX, &sl) || !sep(s, ' ') ||
	    !number(s, 0, CACHE_MAX, &ml) || !sep(s, '\n'))
		return 0;
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 16;
		e->v = xrealloc(e->v, e->cap * sizeof(*e->v));
	}
	x = &e->v[e->n++];
	memset(x, 0, sizeof(*x));
	x->sev = (enum severity)sev;
	x->line = (unsigned)line;
	x->col = (unsigned)col;
	return take(s, fl, &x->file) && take(s, sl, &x->sheet) &&
	    take(s, ml, &x->msg) && sep(s, '\n');
}

/*
 * Reads a cache file; 0 with *e filled, -1 (e emptied) when it is not
 * one this version wrote whole.
 */
int
cache_parse(const char *text, size_t len, struct cache_entry *e)
{
	struct scan	 s = { text, text + len };
	struct buf	 body = { 0 };
	char		 sum[41], got[41];
	long long	 v, n, i, built, nfiles, nbytes, shown;

	memset(e, 0, sizeof(*e));
	e->built = -1;
	if (!keyword(&s, CACHE_MAGIC) || !number(&s, 0, 99, &v) ||
	    v != CACHE_VERSION || !sep(&s, ' ') || !hex40(&s, sum) ||
	    !sep(&s, '\n'))
		return -1;
	buf_put(&body, s.p, (size_t)(s.end - s.p));
	hash_hex(&body, got);
	buf_free(&body);
	if (strcmp(sum, got) != 0)
		return -1;
	if (!keyword(&s, "time") || !number(&s, 0, INT64_MAX / 2, &v) ||
	    !sep(&s, ' '))
		goto bad;
	e->when.tv_sec = (time_t)v;
	if (!number(&s, 0, 999999999, &v) || !sep(&s, '\n'))
		goto bad;
	e->when.tv_nsec = (long)v;
	if (!keyword(&s, "inputs") || !hex40(&s, e->inputs) ||
	    !sep(&s, '\n') || !keyword(&s, "site") || !hex40(&s, e->site) ||
	    !sep(&s, '\n') || !keyword(&s, "status") ||
	    !number(&s, 0, 255, &v) || !sep(&s, '\n'))
		goto bad;
	e->status = (int)v;
	if (!keyword(&s, "built") || !number(&s, -1, CACHE_MAX, &built) ||
	    !sep(&s, ' ') || !number(&s, 0, INT64_MAX / 2, &nfiles) ||
	    !sep(&s, ' ') || !number(&s, 0, INT64_MAX / 2, &nbytes) ||
	    !sep(&s, ' ') || !number(&s, -1, CACHE_MAX, &shown) ||
	    !sep(&s, '\n') || !take(&s, shown, &e->shown) || !sep(&s, '\n'))
		goto bad;
	e->built = (long)built;
	e->nfiles = (size_t)nfiles;
	e->nbytes = (size_t)nbytes;
	if (!keyword(&s, "diags") || !number(&s, 0, CACHE_MAX, &n) ||
	    !sep(&s, '\n'))
		goto bad;
	for (i = 0; i < n; i++)
		if (!parse_diag(&s, e))
			goto bad;
	if (e->built >= (long)e->n || (e->built >= 0 && e->shown == NULL) ||
	    (size_t)(s.end - s.p) != 4 || memcmp(s.p, "end\n", 4) != 0)
		goto bad;
	return 0;
bad:
	cache_entry_free(e);
	return -1;
}

void
cache_entry_free(struct cache_entry *e)
{
	size_t	 i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].file);
		free(e->v[i].sheet);
		free(e->v[i].msg);
	}
	free(e->v);
	free(e->shown);
	memset(e, 0, sizeof(*e));
	e->built = -1;
}

/* --- lookup and store ----------------------------------------------- */

/* Writes e as the entry, beside it then renamed; quietly gives up. */
static void
write_entry(const struct cache *c, const struct cache_entry *e)
{
	struct buf	 text = { 0 };

	cache_format(e, &text);
	(void)save_beside(c->path, text.p, text.len);
	buf_free(&text);
}

/*
 * Computes the fingerprint of what the run would depend on; 1 when the
 * entry matches it (c->e is what to say again, and the exit status),
 * 0 when the command must run (capturing what it says).  With on 0
 * (--no-cache) it reads and writes nothing.
 */
int
cache_lookup(struct cache *c, const struct cache_key *k, int on)
{
	struct buf	 text = { 0 };
	char		 then[41], site[41];
	int		 have;

	memset(c, 0, sizeof(*c));
	c->e.built = -1;
	c->key = *k;
	if (!on)
		return 0;
	c->on = 1;
	buf_printf(&text, "%s/%s/%s", k->dir, CACHE_DIR, k->command);
	c->path = buf_detach(&text);
	clock_gettime(CLOCK_REALTIME, &c->now);
	have = buf_read_file(&text, c->path, CACHE_MAX) == 0 &&
	    cache_parse(text.p ? text.p : "", text.len, &c->e) == 0;
	buf_free(&text);
	inputs_print(k, have ? &c->e.when : NULL, &c->now, then,
	    c->inputs_now);
	if (!have)
		return 0;
	site_print(k->site, site);
	if (strcmp(then, c->e.inputs) != 0 || strcmp(site, c->e.site) != 0) {
		cache_entry_free(&c->e);
		return 0;
	}
	if (strcmp(then, c->inputs_now) != 0) {
		/* racy files then, settled now: take the entry's time
		 * forward so that they are trusted by stat from now on */
		c->e.when = c->now;
		memcpy(c->e.inputs, c->inputs_now, sizeof(c->e.inputs));
		write_entry(c, &c->e);
	}
	return 1;
}

/* Emits the i-th diagnostic of the entry as it was emitted. */
void
cache_replay_one(const struct cache *c, size_t i, diag_emitter emit,
    void *arg)
{
	const struct cache_diag *x = &c->e.v[i];
	struct diag	 d;

	memset(&d, 0, sizeof(d));
	d.file = x->file;
	d.sheet = x->sheet;
	d.line = x->line;
	d.col = x->col;
	d.sev = x->sev;
	d.msg = x->msg;
	d.seq = i;
	emit(&d, arg);
}

static void
capture(const struct diag *x, void *arg)
{
	struct cache	*c = arg;
	struct cache_diag *y;

	if (c->e.n == c->e.cap) {
		c->e.cap = c->e.cap ? c->e.cap * 2 : 16;
		c->e.v = xrealloc(c->e.v, c->e.cap * sizeof(*c->e.v));
	}
	y = &c->e.v[c->e.n++];
	y->file = x->file ? xstrdup(x->file) : NULL;
	y->sheet = x->sheet ? xstrdup(x->sheet) : NULL;
	y->line = x->line;
	y->col = x->col;
	y->sev = x->sev;
	y->msg = xstrdup(x->msg ? x->msg : "");
	if (c->emit != NULL)
		c->emit(x, c->emit_arg);
}

/* Keeps a copy of everything d emits from now on, then emits it. */
void
cache_capture(struct cache *c, struct diags *d)
{
	if (!c->on)
		return;
	c->emit = d->emit;
	c->emit_arg = d->emit_arg;
	d->emit = capture;
	d->emit_arg = c;
}

/* The next diagnostic is build's "built" note, with these numbers. */
void
cache_mark_built(struct cache *c, const char *shown, size_t nfiles,
    size_t nbytes)
{
	if (!c->on)
		return;
	c->e.built = (long)c->e.n;
	c->e.nfiles = nfiles;
	c->e.nbytes = nbytes;
	free(c->e.shown);
	c->e.shown = xstrdup(shown);
}

/*
 * Keeps what the run said and its exit status, with the fingerprint of
 * the inputs taken before it read them and of the site as it left it.
 */
void
cache_store(struct cache *c, int status)
{
	if (!c->on)
		return;
	if (c->e.built >= (long)c->e.n)
		c->e.built = -1;
	c->e.when = c->now;
	c->e.status = status;
	memcpy(c->e.inputs, c->inputs_now, sizeof(c->e.inputs));
	site_print(c->key.site, c->e.site);
	write_entry(c, &c->e);
}

/* Drops a command's entry: something changed what it would say. */
void
cache_forget(const char *dir, const char *command)
{
	struct buf	 path = { 0 };

	buf_printf(&path, "%s/%s/%s", dir, CACHE_DIR, command);
	if (unlink(path.p) == -1 && errno != ENOENT)
		(void)truncate(path.p, 0);
	buf_free(&path);
}

void
cache_free(struct cache *c)
{
	cache_entry_free(&c->e);
	free(c->path);
	memset(c, 0, sizeof(*c));
}
