/*
 * History: every published revision is a git commit made with libgit2
 * in the content folder's own repository.  This file opens that
 * repository (never one above it), turns the difference between two
 * trees into field-level changes, publishes, and reads the history
 * back in one pass over the commits for the site.
 */
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "bounds.h"
#include "scalar.h"
#include "gongshi.h"
#include "content.h"
#include "lock.h"
#include "history.h"
#include "escape.h"

#define LOCK_NAME	"gongshi.lock"

/*
 * libgit2's last error, said plainly.  With libgit2 1.5 there may be
 * none at all; and a full disk often surfaces as an unrelated message
 * ("callback returned -1"), so errno and the free space decide that.
 */
void
git_fail(struct buf *why, const char *what)
{
	const git_error *e = git_error_last();
	int		 err = errno;

	if (err == ENOSPC || err == EDQUOT)
		buf_printf(why, "%s: the disk is full (%s)", what,
		    strerror(err));
	else
		buf_printf(why, "%s: %s", what, e && e->message ? e->message :
		    "unknown libgit2 error");
}

/* Whether the file system holding path has (almost) no room left. */
int
disk_full(const char *path)
{
	struct statvfs	 v;

	return statvfs(path, &v) == 0 &&
	    (uint64_t)v.f_bavail * v.f_frsize < 256 * 1024;
}

/*
 * Opens dir's own repository, never searching the folders above it.
 * Returns 1 when there is none, 0 when opened, -1 on error.
 */
int
repo_open(const char *dir, git_repository **repo, struct buf *why)
{
	int	 rc;

	rc = git_repository_open_ext(repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL);
	if (rc == GIT_ENOTFOUND)
		return 1;
	if (rc < 0) {
		git_fail(why, dir);
		return -1;
	}
	return 0;
}

struct delta {
	char		*path;
	git_oid		 old, new;
	int		 has_old, has_new;
};

struct deltas {
	struct delta	*v;
	size_t		 n, cap;
};

static void
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

/*
 * One side of a delta as bytes: a blob, or a file in the work tree.
 * Returns 1 with the bytes, 0 when that side does not exist, -1 when
 * it exists but cannot be a record: larger than a record may be (a
 * 50 MB blob committed with plain git is never inflated, let alone
 * parsed), a link, or unreadable.
 */
static int
side_bytes(git_repository *repo, int exists, const git_oid *id,
    const char *file, const char *workdir, struct buf *out)
{
	git_blob	*blob;
	git_odb		*odb;
	git_object_t	 type;
	struct buf	 path = { 0 };
	size_t		 size;
	int		 rc;

	buf_truncate(out, 0);
	if (!exists)
		return 0;
	if (workdir != NULL) {
		buf_printf(&path, "%s/%s", workdir, file);
		rc = buf_read_file(out, path.p, RECORD_MAX);
		buf_free(&path);
		return rc == 0 ? 1 : -1;
	}
	if (git_repository_odb(&odb, repo) < 0)
		return -1;
	rc = git_odb_read_header(&size, &type, odb, id);
	git_odb_free(odb);
	if (rc < 0 || type != GIT_OBJECT_BLOB || size > RECORD_MAX)
		return -1;
	if (git_blob_lookup(&blob, repo, id) < 0)
		return -1;
	buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return 1;
}

/*
 * Records already parsed, by blob id: walking history, the old side of
 * one revision is the new side of the one before, so each blob is
 * parsed once.  Open addressing; the table only grows.
 */
struct parsed {
	git_oid		 id;
	const struct schema *sc;
	void		*record;	/* NULL: did not parse */
	int		 used;
};

/* The records point into the arena of the ctx that parsed them. */
struct blob_cache {
	struct parsed	*v;
	size_t		 cap, n;
};

static struct parsed *
cache_slot(struct blob_cache *bc, const git_oid *id, const struct schema *sc)
{
	size_t	 i, h;

	if (bc->n * 2 >= bc->cap) {
		struct parsed	*old = bc->v;
		size_t		 oldcap = bc->cap;

		bc->cap = bc->cap ? bc->cap * 2 : 1024;
		bc->v = xcalloc(bc->cap, sizeof(*bc->v));
		bc->n = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i].used)
				*cache_slot(bc, &old[i].id, old[i].sc) = old[i];
		free(old);
	}
	memcpy(&h, id->id, sizeof(h));
	for (i = h % bc->cap; bc->v[i].used; i = (i + 1) % bc->cap)
		if (bc->v[i].sc == sc && git_oid_equal(&bc->v[i].id, id))
			return &bc->v[i];
	bc->v[i].used = 1;
	bc->v[i].sc = sc;
	git_oid_cpy(&bc->v[i].id, id);
	bc->v[i].record = NULL;
	bc->n++;
	return &bc->v[i];
}

/* Parses one side of a changed record into a fresh struct, or NULL. */
static void *
parse_side(struct ctx *c, const char *path, struct buf *bytes,
    const struct schema *sc, size_t size)
{
	void	*base;

	buf_put(bytes, "", 0);	/* a string even if empty */
	base = arena_calloc(&c->arena, 1, size);
	if (!record_from_bytes(c, path, bytes->p, bytes->len, sc, base))
		return NULL;
	return base;
}

/* A blob's record, parsed at most once when there is a cache. */
static void *
parse_blob(struct ctx *c, struct blob_cache *bc, git_repository *repo,
    const git_oid *id, const char *path, const struct schema *sc,
    struct buf *bytes, int *had)
{
	struct parsed	*p = bc != NULL ? cache_slot(bc, id, sc) : NULL;
	void		*record;

	*had = 1;
	if (p != NULL && p->record != NULL)
		return p->record;
	if (side_bytes(repo, 1, id, path, NULL, bytes) != 1)
		return NULL;	/* noted as changed, not shown */
	record = parse_side(c, path, bytes, sc, sc->size);
	if (p != NULL)
		p->record = record;
	return record;
}

/*
 * The field-level changes of some deltas.  Only the files that changed
 * are read and parsed; a record that cannot be parsed is noted as
 * changed.  With workdir, the new side is read from the work tree.
 */
static void
delta_changes(struct ctx *c, git_repository *repo, const struct deltas *ds,
    const char *workdir, struct changes *cs)
{
	struct buf	 a = { 0 }, b = { 0 };
	struct diags	 keep;
	size_t		 i, stemlen = 0;
	const struct delta *d;
	const char	*path, *stem = NULL, *id, *name;
	const struct schema *sc;
	void		*old, *new;
	int		 ha, hb;

	/* Old revisions may not pass today's check: say nothing of it. */
	keep = c->diags;
	memset(&c->diags, 0, sizeof(c->diags));
	for (i = 0; i < ds->n; i++) {
		d = &ds->v[i];
		path = arena_strdup(&c->arena, d->path);
		if ((sc = content_schema(path, &stem, &stemlen)) == NULL) {
			diff_note(cs, path, path, !d->has_old ? CH_ADDED :
			    !d->has_new ? CH_REMOVED : CH_CHANGED);
			continue;
		}
		ha = hb = 0;
		old = d->has_old ? parse_blob(c, cs->cache, repo, &d->old, path,
		    sc, &a, &ha) : NULL;
		if (workdir != NULL) {
			hb = side_bytes(repo, d->has_new, &d->new, path,
			    workdir, &b);
			new = hb == 1 ? parse_side(c, path, &b, sc, sc->size) :
			    NULL;
			hb = hb != 0;
		} else
			new = d->has_new ? parse_blob(c, cs->cache, repo, &d->new,
			    path, sc, &b, &hb) : NULL;
		if (sc == &schema_compound) {
			id = arena_strndup(&c->arena, stem, stemlen);
			name = new ? ((struct gs_compound *)new)->name.s :
			    old ? ((struct gs_compound *)old)->name.s : NULL;
			name = name ? name : id;
		} else
			id = name = path;
		if ((ha && !old) || (hb && !new))
			diff_note(cs, id, name, CH_CHANGED);
		else
			diff_record(cs, id, name, sc, old, new);
	}
	diag_free(&c->diags);
	c->diags = keep;
	buf_free(&a);
	buf_free(&b);
}

/*
 * Tree to tree, by hand: subtrees whose ids are equal are skipped
 * without being read, so a revision that changed one record costs a
 * look at the folders on its path, not at the other 10,000 files.
 * (libgit2's tree diff reads every entry of both trees.)
 */
static int walk_trees(git_repository *, git_tree *, git_tree *,
	    const char *, struct deltas *);

/* One name that differs: recurse into trees, record blobs. */
static int
walk_entry(git_repository *repo, const git_tree_entry *a,
    const git_tree_entry *b, const char *prefix, struct deltas *ds)
{
	git_tree	*ta = NULL, *tb = NULL;
	struct buf	 path = { 0 };
	const char	*name = a ? git_tree_entry_name(a) : git_tree_entry_name(b);
	int		 rc = 0, adir, bdir;

	buf_printf(&path, "%s%s", prefix, name);
	adir = a && git_tree_entry_type(a) == GIT_OBJECT_TREE;
	bdir = b && git_tree_entry_type(b) == GIT_OBJECT_TREE;
	if (adir || bdir) {
		if ((adir && git_tree_lookup(&ta, repo,
		    git_tree_entry_id(a)) < 0) || (bdir && git_tree_lookup(&tb,
		    repo, git_tree_entry_id(b)) < 0))
			rc = -1;
		else {
			buf_putc(&path, '/');
			rc = walk_trees(repo, ta, tb, path.p, ds);
		}
		/* A file that became a folder, or the other way round. */
		if (rc == 0 && !adir && a != NULL)
			push_delta(ds, path.p, git_tree_entry_id(a), NULL);
		if (rc == 0 && !bdir && b != NULL)
			push_delta(ds, path.p, NULL, git_tree_entry_id(b));
	} else if (git_tree_entry_type(a ? a : b) == GIT_OBJECT_BLOB)
		push_delta(ds, path.p, a ? git_tree_entry_id(a) : NULL,
		    b ? git_tree_entry_id(b) : NULL);
	git_tree_free(ta);
	git_tree_free(tb);
	buf_free(&path);
	return rc;
}

static int
walk_trees(git_repository *repo, git_tree *a, git_tree *b,
    const char *prefix, struct deltas *ds)
{
	const git_tree_entry *ea, *eb;
	size_t		 i, na = a ? git_tree_entrycount(a) : 0;
	size_t		 nb = b ? git_tree_entrycount(b) : 0;

	for (i = 0; i < nb; i++) {
		eb = git_tree_entry_byindex(b, i);
		ea = a ? git_tree_entry_byname(a, git_tree_entry_name(eb)) : NULL;
		if (ea != NULL && git_oid_equal(git_tree_entry_id(ea),
		    git_tree_entry_id(eb)))
			continue;
		if (walk_entry(repo, ea, eb, prefix, ds) == -1)
			return -1;
	}
	for (i = 0; i < na; i++) {
		ea = git_tree_entry_byindex(a, i);
		if (b != NULL && git_tree_entry_byname(b,
		    git_tree_entry_name(ea)) != NULL)
			continue;
		if (walk_entry(repo, ea, NULL, prefix, ds) == -1)
			return -1;
	}
	return 0;
}

/* Only content/ and layouts/ are published. */
static int
tree_deltas(git_repository *repo, git_tree *a, git_tree *b, struct deltas *ds)
{
	static const char *const tops[] = { "content", "layouts" };
	const git_tree_entry *ea, *eb;
	size_t		 i;

	for (i = 0; i < 2; i++) {
		ea = a ? git_tree_entry_byname(a, tops[i]) : NULL;
		eb = b ? git_tree_entry_byname(b, tops[i]) : NULL;
		if ((ea == NULL && eb == NULL) || (ea && eb &&
		    git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb))))
			continue;
		if (walk_entry(repo, ea, eb, "", ds) == -1)
			return -1;
	}
	return 0;
}

static void
deltas_free(struct deltas *ds)
{
	size_t	 i;

	for (i = 0; i < ds->n; i++)
		free(ds->v[i].path);
	free(ds->v);
}

static void
content_pathspec(git_diff_options *o, char **paths)
{
	paths[0] = (char *)"content";
	paths[1] = (char *)"layouts";
	o->pathspec.strings = paths;
	o->pathspec.count = 2;
}

static int
cmp_delta(const void *a, const void *b)
{
	return strcmp(((const struct delta *)a)->path,
	    ((const struct delta *)b)->path);
}

/* Changes from tree a (NULL: nothing) to tree b, or to the work tree. */
int
changes_between(struct ctx *c, git_repository *repo, git_tree *a,
    git_tree *b, int to_workdir, struct changes *cs, struct buf *why)
{
	git_diff_options opts;
	git_diff	*diff = NULL;
	struct deltas	 ds = { 0 };
	const git_diff_delta *d;
	char		*paths[2];
	size_t		 i;
	int		 rc = -1;

	if (to_workdir) {
		git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
		content_pathspec(&opts, paths);
		opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED |
		    GIT_DIFF_RECURSE_UNTRACKED_DIRS;
		if (git_diff_tree_to_workdir(&diff, repo, a, &opts) < 0) {
			git_fail(why, "diff");
			goto out;
		}
		for (i = 0; i < git_diff_num_deltas(diff); i++) {
			d = git_diff_get_delta(diff, i);
			push_delta(&ds, d->new_file.path ? d->new_file.path :
			    d->old_file.path, d->status == GIT_DELTA_ADDED ||
			    d->status == GIT_DELTA_UNTRACKED ? NULL :
			    &d->old_file.id, d->status == GIT_DELTA_DELETED ?
			    NULL : &d->new_file.id);
		}
	} else if (tree_deltas(repo, a, b, &ds) == -1) {
		git_fail(why, "diff");
		goto out;
	}
	if (ds.n > 1)
		qsort(ds.v, ds.n, sizeof(*ds.v), cmp_delta);
	delta_changes(c, repo, &ds, to_workdir ? git_repository_workdir(repo) :
	    NULL, cs);
	rc = 0;
out:
	deltas_free(&ds);
	git_diff_free(diff);
	return rc;
}

static const char *const sign[] = { "~", "+", "-" };

/* Changes as people read them in a terminal or a commit message. */
void
changes_text(const struct changes *cs, struct buf *out, const char *indent)
{
	const char	*last = NULL, *was, *is;
	const struct change *ch;
	struct buf	 a = { 0 }, b = { 0 };
	size_t		 i;

	for (i = 0; i < cs->n; i++) {
		ch = &cs->v[i];
		if (last == NULL || strcmp(last, ch->record) != 0) {
			if (strcmp(ch->record, ch->record_name) != 0)
				buf_printf(out, "%s%s (%s)\n", indent,
				    ch->record_name, ch->record);
			else
				buf_printf(out, "%s%s\n", indent, ch->record);
			last = ch->record;
		}
		was = change_show(&a, &ch->old, FORM_HUMAN);
		is = change_show(&b, &ch->new, FORM_HUMAN);
		if (*ch->path == '\0' && was == NULL && is == NULL)
			buf_printf(out, "%s  %s %s\n", indent, sign[ch->kind],
			    ch->kind == CH_ADDED ? "added" : ch->kind ==
			    CH_REMOVED ? "removed" : "changed");
		else if (*ch->path == '\0')
			buf_printf(out, "%s  %s %s\n", indent, sign[ch->kind],
			    ch->kind == CH_ADDED ? "新增" : "删除");
		else if (ch->kind == CH_CHANGED)
			buf_printf(out, "%s  ~ %s: %s → %s\n", indent, ch->what,
			    was ? was : "（无）", is ? is : "（无）");
		else
			buf_printf(out, "%s  %s %s: %s\n", indent,
			    sign[ch->kind], ch->what, ch->kind == CH_ADDED ?
			    is : was);
	}
	buf_free(&a);
	buf_free(&b);
}

/* Changes for tools: a JSON array of objects, values in machine form. */
void
changes_json(const struct changes *cs, struct buf *out)
{
	static const char *const kinds[] = { "changed", "added", "removed" };
	struct buf	 v = { 0 };
	size_t		 i;

	buf_putc(out, '[');
	for (i = 0; i < cs->n; i++) {
		const struct change *ch = &cs->v[i];

		buf_puts(out, i ? ",\n  {" : "\n  {");
		buf_puts(out, "\"record\": ");
		json_string(out, ch->record);
		buf_puts(out, ", \"name\": ");
		json_string(out, ch->record_name);
		buf_printf(out, ", \"kind\": \"%s\", \"field\": ",
		    kinds[ch->kind]);
		json_string(out, *ch->path ? ch->path : NULL);
		buf_puts(out, ", \"label\": ");
		json_string(out, ch->what);
		buf_puts(out, ", \"old\": ");
		json_string(out, change_show(&v, &ch->old, FORM_MACHINE));
		buf_puts(out, ", \"new\": ");
		json_string(out, change_show(&v, &ch->new, FORM_MACHINE));
		buf_putc(out, '}');
	}
	buf_puts(out, cs->n ? "\n]" : "]");
	buf_free(&v);
}

/* Resolves a revision string to a tree. */
int
rev_tree(git_repository *repo, const char *rev, git_tree **tree,
    git_oid *commit, struct buf *why)
{
	git_object	*obj;
	git_commit	*c;

	if (git_revparse_single(&obj, repo, rev) < 0) {
		git_fail(why, rev);
		return -1;
	}
	if (git_object_peel((git_object **)&c, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		git_fail(why, rev);
		return -1;
	}
	git_object_free(obj);
	if (commit != NULL)
		git_oid_cpy(commit, git_commit_id(c));
	if (git_commit_tree(tree, c) < 0) {
		git_commit_free(c);
		git_fail(why, rev);
		return -1;
	}
	git_commit_free(c);
	return 0;
}

/*
 * The repository's lock: publish holds it throughout, and build and
 * boards take it too, so a build waits for a running publish instead of
 * reading a history that is about to move.  A kernel lock (lock.c):
 * whoever held it before a crash holds it no more.
 */
int
repo_lock(git_repository *repo, struct lock *l, const char *what,
    struct buf *why)
{
	struct buf	 path = { 0 };
	int		 rc;

	buf_printf(&path, "%s%s", git_repository_path(repo), LOCK_NAME);
	rc = lock_take(l, path.p, what, lock_wait_ms(), why);
	buf_free(&path);
	return rc;
}

/* 1 and *id when HEAD names a commit, 0 before the first, -1 on error. */
int
head_commit(git_repository *repo, git_oid *id, struct buf *why)
{
	int	 rc = git_reference_name_to_id(id, repo, "HEAD");

	if (rc == 0)
		return 1;
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
		return 0;
	git_fail(why, "HEAD");
	return -1;
}

static int
first_delta(const git_diff *diff, const git_diff_delta *d, const char *path,
    void *arg)
{
	(void)diff;
	(void)d;
	(void)path;
	*(int *)arg = 1;
	return 1;	/* enough: stop */
}

/*
 * Whether content/ and layouts/ on disk differ from tree (NULL: from
 * nothing), as `gongshi diff` would see it: what a site built from the
 * disk is stamped with.  Stops at the first difference.
 */
int
workdir_differs(git_repository *repo, git_tree *tree, int *differs,
    struct buf *why)
{
	git_diff_options opts;
	git_diff	*diff = NULL;
	char		*paths[2];
	int		 rc;

	*differs = 0;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	content_pathspec(&opts, paths);
	opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED |
	    GIT_DIFF_RECURSE_UNTRACKED_DIRS | GIT_DIFF_INCLUDE_TYPECHANGE;
	opts.notify_cb = first_delta;
	opts.payload = differs;
	rc = git_diff_tree_to_workdir_with_index(&diff, repo, tree, &opts);
	git_diff_free(diff);
	if (rc < 0 && !*differs) {
		git_fail(why, "diff");
		return -1;
	}
	return 0;
}

/*
 * The paths under content/ and layouts/ that differ between two trees,
 * sorted: what a publish would commit.  Free with free() each and all.
 */
int
changed_paths(git_repository *repo, git_tree *a, git_tree *b, char ***paths,
    size_t *n, struct buf *why)
{
	struct deltas	 ds = { 0 };
	size_t		 i;

	if (tree_deltas(repo, a, b, &ds) == -1) {
		git_fail(why, "diff");
		deltas_free(&ds);
		return -1;
	}
	if (ds.n > 1)
		qsort(ds.v, ds.n, sizeof(*ds.v), cmp_delta);
	*paths = xcalloc(ds.n + 1, sizeof(**paths));
	for (i = 0; i < ds.n; i++) {
		(*paths)[i] = ds.v[i].path;
		ds.v[i].path = NULL;
	}
	*n = ds.n;
	deltas_free(&ds);
	return 0;
}

/*
 * base (NULL: an empty tree) with the given paths taken from full:
 * added or changed as they are there, removed where full lacks them.
 * How a publish of some records only makes its tree.
 */
int
tree_with(git_repository *repo, git_tree *base, git_tree *full,
    char *const *paths, size_t n, git_oid *out, struct buf *why)
{
	git_tree_update	*up = xcalloc(n ? n : 1, sizeof(*up));
	git_tree_entry	*e;
	git_treebuilder	*tb = NULL;
	git_tree	*empty = NULL;
	git_oid		 none;
	size_t		 i;
	int		 rc = 0;

	for (i = 0; i < n; i++) {
		up[i].path = paths[i];
		if (git_tree_entry_bypath(&e, full, paths[i]) == 0) {
			up[i].action = GIT_TREE_UPDATE_UPSERT;
			git_oid_cpy(&up[i].id, git_tree_entry_id(e));
			up[i].filemode = git_tree_entry_filemode(e);
			git_tree_entry_free(e);
		} else
			up[i].action = GIT_TREE_UPDATE_REMOVE;
	}
	if (base == NULL && (git_treebuilder_new(&tb, repo, NULL) < 0 ||
	    git_treebuilder_write(&none, tb) < 0 ||
	    git_tree_lookup(&empty, repo, &none) < 0))
		rc = -1;
	if (rc == 0 && git_tree_create_updated(out, repo, base ? base : empty,
	    n, up) < 0)
		rc = -1;
	if (rc == -1)
		git_fail(why, "tree");
	git_tree_free(empty);
	git_treebuilder_free(tb);
	free(up);
	return rc;
}

/*
 * Keeps what gongshi writes beside the content out of `git status`:
 * the site, its temporary folders and its lock, in info/exclude.
 */
void
ensure_excluded(git_repository *repo)
{
	static const char *const lines[] = { "/site/", "/.site.tmp-*",
		"/.site.lock" };
	struct buf	 path = { 0 }, text = { 0 }, want = { 0 };
	FILE		*f = NULL;
	size_t		 i;

	buf_printf(&path, "%sinfo", git_repository_path(repo));
	if (mkdir(path.p, 0755) == -1 && errno != EEXIST)
		goto out;
	buf_puts(&path, "/exclude");
	buf_putc(&text, '\n');
	if (buf_read_file(&text, path.p, 1024 * 1024) == -1 && errno != ENOENT)
		goto out;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		buf_truncate(&want, 0);
		buf_printf(&want, "\n%s\n", lines[i]);
		if (strstr(text.p, want.p) != NULL)
			continue;
		if (f == NULL && (f = fopen(path.p, "a")) == NULL)
			goto out;
		if (text.p[text.len - 1] != '\n')
			fputc('\n', f);
		fprintf(f, "%s\n", lines[i]);
		buf_puts(&text, want.p + 1);
	}
out:
	if (f != NULL && fclose(f) != 0)
		say("gongshi: warning: %s: %s\n", path.p, strerror(errno));
	buf_free(&path);
	buf_free(&text);
	buf_free(&want);
}

/*
 * A ref lock (refs/heads/main.lock) left by a git or gongshi process
 * killed while moving the branch would block every publish after it.
 * Git holds one for milliseconds; with gongshi's own lock held, one
 * that is still there after STALE_REF_LOCK seconds is stale, and goes.
 */
#define STALE_REF_LOCK	10

static void
clear_stale_ref_lock(git_repository *repo, const char *refname)
{
	struct buf	 path = { 0 };
	struct stat	 st;
	struct timespec	 nap = { 0, 200 * 1000 * 1000 };

	buf_printf(&path, "%s%s.lock", git_repository_path(repo), refname);
	while (lstat(path.p, &st) == 0) {
		if (time(NULL) - st.st_mtime >= STALE_REF_LOCK) {
			if (unlink(path.p) == 0)
				say("gongshi: removed %s, left by a process "
				    "that stopped while moving the branch\n",
				    path.p);
			break;
		}
		nanosleep(&nap, NULL);
	}
	buf_free(&path);
}

/* "Name <email>", or the repository's git configuration. */
int
publish_author(git_repository *repo, const char *given, git_signature **sig,
    struct buf *why)
{
	const char	*lt, *gt;
	char		*name, *email;
	size_t		 n;
	int		 rc;

	if (given == NULL) {
		if (git_signature_default(sig, repo) == 0)
			return 0;
		buf_puts(why, "no author: give --author \"Name <email>\", or set "
		    "git config user.name and user.email");
		return -1;
	}
	lt = strchr(given, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (lt == NULL || gt == NULL || gt[1] != '\0' || lt == given) {
		buf_printf(why, "--author '%s' is not \"Name <email>\"", given);
		return -1;
	}
	n = (size_t)(lt - given);
	while (n > 0 && given[n - 1] == ' ')
		n--;
	name = xmalloc(n + 1);
	memcpy(name, given, n);
	name[n] = '\0';
	n = (size_t)(gt - lt - 1);
	email = xmalloc(n + 1);
	memcpy(email, lt + 1, n);
	email[n] = '\0';
	rc = git_signature_now(sig, name, email);
	free(name);
	free(email);
	if (rc < 0) {
		git_fail(why, "--author");
		return -1;
	}
	return 0;
}

/*
 * The tree of content/ and layouts/ as they are on disk, through the
 * repository's index, whose stat cache spares re-reading unchanged
 * files.  The index is written back only once the commit is made.
 */
int
work_tree(git_repository *repo, git_index **idx, git_oid *tree,
    struct buf *why)
{
	char		*paths[] = { (char *)"content", (char *)"layouts" };
	git_strarray	 ps = { paths, 2 };

	if (git_repository_index(idx, repo) < 0 || git_index_read(*idx, 0) < 0 ||
	    git_index_add_all(*idx, &ps, GIT_INDEX_ADD_DEFAULT, NULL,
	    NULL) < 0 || git_index_update_all(*idx, &ps, NULL, NULL) < 0 ||
	    git_index_write_tree(tree, *idx) < 0) {
		git_fail(why, "recording content/ and layouts/ in the "
		    "repository");
		return -1;
	}
	return 0;
}

/* A folder on disk as a tree, for --site-branch. */
static int
tree_from_dir(git_repository *repo, const char *dir, git_oid *out,
    struct buf *why)
{
	git_treebuilder	*tb = NULL;
	struct ptrs_dir { char **v; size_t n, cap; } names = { 0 };
	struct buf	 path = { 0 };
	git_oid		 oid;
	struct stat	 st;
	DIR		*d;
	struct dirent	*de;
	size_t		 i;
	int		 rc = -1;

	if ((d = opendir(dir)) == NULL) {
		buf_printf(why, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (names.n == names.cap) {
			names.cap = names.cap ? names.cap * 2 : 32;
			names.v = xrealloc(names.v, names.cap * sizeof(char *));
		}
		names.v[names.n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (git_treebuilder_new(&tb, repo, NULL) < 0)
		goto fail;
	for (i = 0; i < names.n; i++) {
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%s", dir, names.v[i]);
		if (lstat(path.p, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (tree_from_dir(repo, path.p, &oid, why) == -1)
				goto out;
			if (git_treebuilder_insert(NULL, tb, names.v[i], &oid,
			    GIT_FILEMODE_TREE) < 0)
				goto fail;
		} else if (S_ISREG(st.st_mode)) {
			if (git_blob_create_from_disk(&oid, repo, path.p) < 0 ||
			    git_treebuilder_insert(NULL, tb, names.v[i], &oid,
			    GIT_FILEMODE_BLOB) < 0)
				goto fail;
		}
	}
	if (git_treebuilder_write(out, tb) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	git_fail(why, dir);
out:
	for (i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
	buf_free(&path);
	git_treebuilder_free(tb);
	return rc;
}

/* Commits the rendered site on its own branch, for `git pull` deploys. */
int
commit_site(git_repository *repo, const char *site, const char *branch,
    const git_signature *sig, const char *message, struct buf *why)
{
	struct buf	 ref = { 0 };
	git_oid		 tree_oid, commit_oid, tip;
	git_tree	*tree = NULL;
	git_commit	*parent = NULL;
	git_reference	*r = NULL;
	const git_commit *parents[1];
	int		 rc = -1, has_tip;

	buf_printf(&ref, "refs/heads/%s", branch);
	if (!git_reference_is_valid_name(ref.p)) {
		buf_printf(why, "--site-branch: '%s' is not a branch name",
		    branch);
		goto out;
	}
	if (tree_from_dir(repo, site, &tree_oid, why) == -1)
		goto out;
	has_tip = git_reference_name_to_id(&tip, repo, ref.p) == 0;
	if (has_tip && git_commit_lookup(&parent, repo, &tip) < 0)
		goto fail;
	if (parent != NULL) {
		git_oid	 old = *git_commit_tree_id(parent);

		if (git_oid_equal(&old, &tree_oid)) {
			rc = 0;		/* the site did not change */
			goto out;
		}
	}
	if (git_tree_lookup(&tree, repo, &tree_oid) < 0)
		goto fail;
	parents[0] = parent;
	if (git_commit_create(&commit_oid, repo, NULL, sig, sig, "UTF-8",
	    message, tree, parent ? 1 : 0, parents) < 0)
		goto fail;
	if ((has_tip ? git_reference_create_matching(&r, repo, ref.p,
	    &commit_oid, 1, &tip, "gongshi publish: site") :
	    git_reference_create(&r, repo, ref.p, &commit_oid, 0,
	    "gongshi publish: site")) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	git_fail(why, ref.p);
out:
	git_reference_free(r);
	git_tree_free(tree);
	git_commit_free(parent);
	buf_free(&ref);
	return rc;
}

/*
 * Moves the branch HEAD names to commit, but only if it still points
 * at parent (or is unborn when parent is NULL): a publisher that lost
 * a race fails here instead of dropping the other's commit.
 */
int
advance_head(git_repository *repo, const git_oid *commit,
    const git_oid *parent, const char *logmsg, struct buf *why)
{
	git_reference	*head = NULL, *r = NULL;
	const char	*name;
	int		 rc;

	if (git_reference_lookup(&head, repo, "HEAD") < 0) {
		git_fail(why, "HEAD");
		return -1;
	}
	name = git_reference_type(head) == GIT_REFERENCE_SYMBOLIC ?
	    git_reference_symbolic_target(head) : "HEAD";
	clear_stale_ref_lock(repo, name);
	if (parent != NULL)
		rc = git_reference_create_matching(&r, repo, name, commit, 1,
		    parent, logmsg);
	else
		rc = git_reference_create(&r, repo, name, commit, 0, logmsg);
	if (rc < 0) {
		if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS ||
		    rc == GIT_ELOCKED)
			buf_printf(why, "busy: the branch %s moved, or another "
			    "program is moving it", name);
		else
			git_fail(why, name);
	}
	git_reference_free(r);
	git_reference_free(head);
	return rc < 0 ? -1 : 0;
}

/* A commit's time in its own time zone, as people and as Atom read it. */
static const char *
commit_time(struct arena *a, git_time_t t, int offset_min, int iso)
{
	int64_t	 local = (int64_t)t + offset_min * 60, days, secs;
	int	 y, m, d, off = offset_min < 0 ? -offset_min : offset_min;
	char	 tz = offset_min < 0 ? '-' : '+';

	days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	secs = local - days * 86400;
	civil_from_days(days, &y, &m, &d);
	if (iso)	/* RFC 3339 */
		return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		    y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60),
		    (int)(secs % 60), tz, off / 60, off % 60);
	return arena_printf(a, "%04d-%02d-%02d %02d:%02d %c%02d%02d", y, m, d,
	    (int)(secs / 3600), (int)(secs / 60 % 60), tz, off / 60,
	    off % 60);
}

static int
cmp_touch(const void *pa, const void *pb)
{
	const struct touch *a = pa, *b = pb;
	int	 r = strcmp(a->record, b->record);

	if (r != 0)
		return r;
	return (a->rev > b->rev) - (a->rev < b->rev);
}

/*
 * Reads the whole history from tip in one pass: each commit is diffed
 * with its first parent tree to tree, and only the files that changed
 * are parsed.  Nothing is computed again per compound.
 */
int
history_load(struct ctx *c, git_repository *repo, const git_oid *tip,
    struct history *h, struct buf *why)
{
	git_revwalk	*walk = NULL;
	git_commit	*commit = NULL, *parent = NULL;
	git_tree	*tree = NULL, *ptree = NULL;
	const git_signature *sig;
	struct revision	*r;
	git_oid		 oid;
	const char	*msg, *nl;
	size_t		 i, j;
	int		 rc = -1;

	memset(h, 0, sizeof(*h));
	h->changes.arena = &c->arena;
	/* Walking back, a revision's old side is the next one's new side:
	 * each blob is parsed once. */
	h->cache = xcalloc(1, sizeof(*h->cache));
	h->changes.cache = h->cache;
	if (git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0 ||
	    git_revwalk_push(walk, tip) < 0) {
		git_fail(why, "history");
		goto out;
	}
	while (git_revwalk_next(&oid, walk) == 0) {
		if (git_commit_lookup(&commit, repo, &oid) < 0 ||
		    git_commit_tree(&tree, commit) < 0)
			goto fail;
		if (git_commit_parentcount(commit) > 0 &&
		    (git_commit_parent(&parent, commit, 0) < 0 ||
		    git_commit_tree(&ptree, parent) < 0))
			goto fail;
		if (h->n == h->cap) {
			h->cap = h->cap ? h->cap * 2 : 64;
			h->v = xrealloc(h->v, h->cap * sizeof(*h->v));
		}
		r = &h->v[h->n];
		memset(r, 0, sizeof(*r));
		git_oid_tostr(r->id, sizeof(r->id), &oid);
		memcpy(r->short_id, r->id, 12);
		r->short_id[12] = '\0';
		sig = git_commit_author(commit);
		r->author = arena_strdup(&c->arena, sig->name);
		r->email = arena_strdup(&c->arena, sig->email);
		r->time = (int64_t)sig->when.time;
		r->when = commit_time(&c->arena, sig->when.time,
		    sig->when.offset, 0);
		r->when_iso = commit_time(&c->arena, sig->when.time,
		    sig->when.offset, 1);
		msg = git_commit_message(commit);
		nl = strchr(msg, '\n');
		r->summary = arena_strndup(&c->arena, msg,
		    nl ? (size_t)(nl - msg) : strlen(msg));
		r->first = h->changes.n;
		if (changes_between(c, repo, ptree, tree, 0, &h->changes,
		    why) == -1)
			goto out;
		r->count = h->changes.n - r->first;
		h->n++;
		git_tree_free(ptree);
		git_commit_free(parent);
		git_tree_free(tree);
		git_commit_free(commit);
		ptree = tree = NULL;
		parent = commit = NULL;
	}
	/* Which revisions touched which record: one sorted index. */
	for (i = 0; i < h->n; i++) {
		r = &h->v[i];
		for (j = r->first; j < r->first + r->count; j++) {
			if (j > r->first && strcmp(h->changes.v[j].record,
			    h->changes.v[j - 1].record) == 0)
				continue;
			if (h->ntouch == h->captouch) {
				h->captouch = h->captouch ? h->captouch * 2 : 64;
				h->touch = xrealloc(h->touch, h->captouch *
				    sizeof(*h->touch));
			}
			h->touch[h->ntouch].record = h->changes.v[j].record;
			h->touch[h->ntouch++].rev = i;
		}
	}
	if (h->ntouch > 1)
		qsort(h->touch, h->ntouch, sizeof(*h->touch), cmp_touch);
	rc = 0;
	goto out;
fail:
	git_fail(why, "history");
out:
	git_tree_free(ptree);
	git_commit_free(parent);
	git_tree_free(tree);
	git_commit_free(commit);
	git_revwalk_free(walk);
	return rc;
}

/* The revisions that touched record, newest first: *first and count. */
size_t
history_of(const struct history *h, const char *record, size_t *first)
{
	size_t	 lo = 0, hi = h->ntouch, mid, end;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(h->touch[mid].record, record) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < h->ntouch &&
	    strcmp(h->touch[end].record, record) == 0; end++)
		continue;
	*first = lo;
	return end - lo;
}

/*
 * The changes revision r made to one record: *first and the count.
 * A revision's changes are grouped by record, in path order.
 */
size_t
revision_changes_of(const struct history *h, const struct revision *r,
    const char *record, size_t *first)
{
	size_t	 j, n;

	for (j = r->first; j < r->first + r->count &&
	    strcmp(h->changes.v[j].record, record) != 0; j++)
		continue;
	for (n = 0; j + n < r->first + r->count &&
	    strcmp(h->changes.v[j + n].record, record) == 0; n++)
		continue;
	*first = j;
	return n;
}

void
history_free(struct history *h)
{
	if (h->cache != NULL)
		free(h->cache->v);
	free(h->cache);
	free(h->v);
	free(h->touch);
	changes_free(&h->changes);
	memset(h, 0, sizeof(*h));
}
