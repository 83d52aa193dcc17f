/*
 * The content folder's own repository, for publishing: opened without
 * searching the folders above, locked, its HEAD and work tree read, the
 * tree a publish commits made (all changes, or some), the branch moved
 * only where it was, and libgit2's failures said plainly.
 */
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/repository.h>

#include "buf.h"
#include "diag.h"
#include "i18n.h"
#include "lock.h"
#include "repo.h"

#define LOCK_NAME	"gongshi.lock"

/*
 * libgit2's last error, said plainly.  With libgit2 1.5 there may be
 * none at all; and a full disk often surfaces as an unrelated message
 * ("callback returned -1"), so errno and the free space decide that.
 */
void
git_fail(struct diags *d, const char *what)
{
	const git_error *e = git_error_last();
	int		 err = errno;

	if (err == ENOSPC || err == EDQUOT)
		report(d, SEV_ERROR, "%s: the disk is full (%s)", what,
		    strerror(err));
	else
		report(d, SEV_ERROR, "%s: %s", what,
		    e && e->message ? e->message : _("unknown libgit2 error"));
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
 * The same repository opened again, for a thread of its own (libgit2's
 * objects are not shared between threads).  In a server's hook
 * (hook.c) the pushed objects are in git's quarantine, which only git's
 * environment names.  Returns libgit2's error code.
 */
int
repo_reopen(git_repository *repo, git_repository **out)
{
	if (getenv("GIT_QUARANTINE_PATH") != NULL)
		return git_repository_open_ext(out, NULL,
		    GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	return git_repository_open(out, git_repository_path(repo));
}

/*
 * Gives repo a fresh object database so that the old one's pack files
 * are closed: libgit2 keeps up to 16 MB of delta bases per open pack,
 * filled by reading history, and nothing else would free them before
 * the site is built (13 to 16 MB of a one-record publish's peak at
 * 10,000 compounds).  Only where the objects folder alone holds the
 * objects: a hook's quarantine is known to git's environment only.
 * Returns -1, with libgit2's error, when no database could be opened
 * again: repo then holds an empty one.
 */
int
repo_drop_pack_caches(git_repository *repo)
{
	git_odb		*odb;
	char		*dir;
	size_t		 len;
	int		 rc;

	if (getenv("GIT_QUARANTINE_PATH") != NULL ||
	    getenv("GIT_OBJECT_DIRECTORY") != NULL ||
	    getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES") != NULL)
		return 0;
	/* First an empty one, so that the old database and its packs
	 * are freed: libgit2 shares an open pack between databases, and
	 * one opened beside the old would take over its cache. */
	if (git_odb_new(&odb) < 0)
		return 0;	/* the old one stays, and works */
	rc = git_repository_set_odb(repo, odb);
	git_odb_free(odb);
	if (rc < 0)
		return 0;
	len = strlen(git_repository_commondir(repo));
	dir = xmalloc(len + sizeof("objects"));
	memcpy(dir, git_repository_commondir(repo), len);
	memcpy(dir + len, "objects", sizeof("objects"));
	if ((rc = git_odb_open(&odb, dir)) == 0) {
		rc = git_repository_set_odb(repo, odb);
		git_odb_free(odb);
	}
	free(dir);
	return rc < 0 ? -1 : 0;
}

/*
 * Opens dir's own repository, never searching the folders above it.
 * Returns 1 when there is none, 0 when opened, -1 on error.
 */
int
repo_open(const char *dir, git_repository **repo, struct diags *d)
{
	int	 rc;

	rc = git_repository_open_ext(repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL);
	if (rc == GIT_ENOTFOUND)
		return 1;
	if (rc < 0) {
		git_fail(d, dir);
		return -1;
	}
	return 0;
}

/* Resolves a revision string to a tree. */
int
rev_tree(git_repository *repo, const char *rev, git_tree **tree,
    git_oid *commit, struct diags *d)
{
	git_object	*obj;
	git_commit	*c;

	if (git_revparse_single(&obj, repo, rev) < 0) {
		git_fail(d, rev);
		return -1;
	}
	if (git_object_peel((git_object **)&c, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		git_fail(d, rev);
		return -1;
	}
	git_object_free(obj);
	if (commit != NULL)
		git_oid_cpy(commit, git_commit_id(c));
	if (git_commit_tree(tree, c) < 0) {
		git_commit_free(c);
		git_fail(d, rev);
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
    struct diags *d)
{
	struct buf	 path = { 0 };
	int		 rc;

	buf_printf(&path, "%s%s", git_repository_path(repo), LOCK_NAME);
	rc = lock_take(l, path.p, what, lock_wait_ms(), d);
	buf_free(&path);
	return rc;
}

/* 1 and *id when HEAD names a commit, 0 before the first, -1 on error. */
int
head_commit(git_repository *repo, git_oid *id, struct diags *d)
{
	int	 rc = git_reference_name_to_id(id, repo, "HEAD");

	if (rc == 0)
		return 1;
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
		return 0;
	git_fail(d, "HEAD");
	return -1;
}

/*
 * base (NULL: an empty tree) with the given paths taken from full:
 * added or changed as they are there, removed where full lacks them.
 * How a publish of some records only makes its tree.
 */
int
tree_with(git_repository *repo, git_tree *base, git_tree *full,
    char *const *paths, size_t n, git_oid *out, struct diags *d)
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
		git_fail(d, "tree");
	git_tree_free(empty);
	git_treebuilder_free(tb);
	free(up);
	return rc;
}

/*
 * Keeps what gongshi writes beside the content out of `git status`:
 * the site, its temporary folders, journal, manifest and lock, and
 * the build cache and the preview folder (.gongshi/), in info/exclude.
 */
void
ensure_excluded(git_repository *repo, struct diags *d)
{
	static const char *const lines[] = { "/site/", "/.site.tmp-*",
		"/.site.lock", "/.site.journal/", "/.site.manifest",
		"/.site.manifest.tmp", "/.gongshi/" };
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
		report(d, SEV_WARNING, "%s: %s", path.p, strerror(errno));
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
clear_stale_ref_lock(git_repository *repo, const char *refname,
    struct diags *d)
{
	struct buf	 path = { 0 };
	struct stat	 st;
	struct timespec	 nap = { 0, 200 * 1000 * 1000 };

	buf_printf(&path, "%s%s.lock", git_repository_path(repo), refname);
	while (lstat(path.p, &st) == 0) {
		if (time(NULL) - st.st_mtime >= STALE_REF_LOCK) {
			if (unlink(path.p) == 0)
				report(d, SEV_NOTE, "removed %s, left by a "
				    "process that stopped while moving the "
				    "branch", path.p);
			break;
		}
		nanosleep(&nap, NULL);
	}
	buf_free(&path);
}

/* "Name <email>", or the repository's git configuration. */
int
publish_author(git_repository *repo, const char *given, git_signature **sig,
    struct diags *d)
{
	const char	*lt, *gt;
	char		*name, *email;
	size_t		 n;
	int		 rc;

	if (given == NULL) {
		if (git_signature_default(sig, repo) == 0)
			return 0;
		report(d, SEV_ERROR, "no author: give --author \"Name "
		    "<email>\", or set git config user.name and user.email");
		return -1;
	}
	lt = strchr(given, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (lt == NULL || gt == NULL || gt[1] != '\0' || lt == given) {
		report(d, SEV_ERROR, "--author '%s' is not \"Name <email>\"",
		    given);
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
		git_fail(d, "--author");
		return -1;
	}
	return 0;
}

/*
 * Brings the index to the files under ps in one pass over them: the
 * diff that refreshes the stat cache also names what was added,
 * changed or removed.  Adding everything and then updating everything
 * walked the folders twice more (0.15 s of a one-record publish at
 * 10,000 compounds).  0; -1 when the diff could not be made, so
 * nothing was added or removed; -2 when a file could not be added.
 */
static int
index_to_disk(git_repository *repo, git_index *idx, const git_strarray *ps)
{
	git_diff_options opts;
	git_diff	*diff = NULL;
	const git_diff_delta *dd;
	size_t		 i, n;
	int		 rc = 0;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.flags = GIT_DIFF_UPDATE_INDEX | GIT_DIFF_INCLUDE_UNTRACKED |
	    GIT_DIFF_RECURSE_UNTRACKED_DIRS | GIT_DIFF_INCLUDE_TYPECHANGE;
	opts.pathspec = *ps;
	if (git_diff_index_to_workdir(&diff, repo, idx, &opts) < 0) {
		git_error_clear();
		return -1;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n && rc == 0; i++) {
		dd = git_diff_get_delta(diff, i);
		switch (dd->status) {
		case GIT_DELTA_DELETED:
			rc = git_index_remove_bypath(idx, dd->old_file.path);
			break;
		case GIT_DELTA_ADDED:
		case GIT_DELTA_MODIFIED:
		case GIT_DELTA_TYPECHANGE:
		case GIT_DELTA_UNTRACKED:
			rc = git_index_add_bypath(idx, dd->new_file.path);
			break;
		default:
			break;
		}
	}
	git_diff_free(diff);
	return rc < 0 ? -2 : 0;
}

/*
 * The tree of content/ and layouts/ as they are on disk, through the
 * repository's index, whose stat cache spares re-reading unchanged
 * files.  The index is written back only once the commit is made, but
 * for the stat of files whose bytes it already has: a copied, restored
 * or touched repository keeps stat the index does not know, and adding
 * does not learn it, so every publish hashed every record again
 * (0.5 s at 10,000 compounds) until a `git status` refreshed it.
 */
int
work_tree(git_repository *repo, git_index **idx, git_oid *tree,
    struct diags *d)
{
	char		*paths[] = { (char *)"content", (char *)"layouts" };
	git_strarray	 ps = { paths, 2 };
	int		 rc;

	if (git_repository_index(idx, repo) < 0 || git_index_read(*idx, 0) < 0)
		goto fail;
	/* Only a cache: an index locked by a command killed part-way (its
	 * index.lock is named once the commit is made) or unwritable
	 * fails the diff, which costs time, not the publish: the files are
	 * then added the long way. */
	if ((rc = index_to_disk(repo, *idx, &ps)) == -1)
		rc = git_index_add_all(*idx, &ps, GIT_INDEX_ADD_DEFAULT, NULL,
		    NULL) < 0 || git_index_update_all(*idx, &ps, NULL,
		    NULL) < 0 ? -2 : 0;
	if (rc != 0 || git_index_write_tree(tree, *idx) < 0)
		goto fail;
	return 0;
fail:
	git_fail(d, _("recording content/ and layouts/ in the repository"));
	return -1;
}

/* A folder on disk as a tree, for --site-branch. */
static int
tree_from_dir(git_repository *repo, const char *dir, git_oid *out,
    struct diags *d)
{
	git_treebuilder	*tb = NULL;
	struct ptrs_dir { char **v; size_t n, cap; } names = { 0 };
	struct buf	 path = { 0 };
	git_oid		 oid;
	struct stat	 st;
	DIR		*folder;
	struct dirent	*de;
	size_t		 i;
	int		 rc = -1;

	if ((folder = opendir(dir)) == NULL) {
		report(d, SEV_ERROR, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(folder)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (names.n == names.cap) {
			names.cap = names.cap ? names.cap * 2 : 32;
			names.v = xrealloc(names.v, names.cap * sizeof(char *));
		}
		names.v[names.n++] = xstrdup(de->d_name);
	}
	closedir(folder);
	if (git_treebuilder_new(&tb, repo, NULL) < 0)
		goto fail;
	for (i = 0; i < names.n; i++) {
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%s", dir, names.v[i]);
		if (lstat(path.p, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (tree_from_dir(repo, path.p, &oid, d) == -1)
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
	git_fail(d, dir);
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
    const git_signature *sig, const char *message, struct diags *d)
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
		report(d, SEV_ERROR, "--site-branch: '%s' is not a branch name",
		    branch);
		goto out;
	}
	if (tree_from_dir(repo, site, &tree_oid, d) == -1)
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
	git_fail(d, ref.p);
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
    const git_oid *parent, const char *logmsg, struct diags *d)
{
	git_reference	*head = NULL, *r = NULL;
	const char	*name;
	int		 rc;

	if (git_reference_lookup(&head, repo, "HEAD") < 0) {
		git_fail(d, "HEAD");
		return -1;
	}
	name = git_reference_type(head) == GIT_REFERENCE_SYMBOLIC ?
	    git_reference_symbolic_target(head) : "HEAD";
	clear_stale_ref_lock(repo, name, d);
	if (parent != NULL)
		rc = git_reference_create_matching(&r, repo, name, commit, 1,
		    parent, logmsg);
	else
		rc = git_reference_create(&r, repo, name, commit, 0, logmsg);
	if (rc < 0) {
		if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS ||
		    rc == GIT_ELOCKED)
			report(d, SEV_ERROR, "busy: the branch %s moved, or another "
			    "program is moving it", name);
		else
			git_fail(d, name);
	}
	git_reference_free(r);
	git_reference_free(head);
	return rc < 0 ? -1 : 0;
}
