/*
 * Publishing: the content as one commit and the site rebuilt from
 * exactly that commit, as one transaction.
 *
 *  1. Take the repository's lock (a kernel lock: lock.c), so publishers
 *     and builds take turns.
 *  2. Make the tree of content/ and layouts/ as they are on disk and
 *     see which files changed since the last revision.  With several
 *     changed and nobody saying which to publish, stop: in a folder
 *     that several people edit, one publisher must not commit the
 *     others' work under their own name and message.
 *  3. Read the tree to commit back from the repository and check and
 *     render exactly that, never the disk again: a file saved while
 *     publishing, or someone else's unpublished edit, cannot reach the
 *     site without being in the commit.
 *  4. Commit, render the site with the commit in its history into a
 *     folder beside the site, move the branch only if nobody else did,
 *     then swap the site in.  Past the branch move the site follows,
 *     Ctrl-C or not.  A publish killed in between leaves the site
 *     stamped with the old revision; the next publish, even one with
 *     nothing to publish, rebuilds it.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "content.h"
#include "contacts.h"
#include "gongshi.h"
#include "output.h"
#include "history.h"
#include "memo.h"
#include "repo.h"
#include "build.h"
#include "publish.h"
#include "i18n.h"
#include "scalar.h"
#include "sign.h"


/* Everything one publish holds, freed in one place. */
struct txn {
	const struct publish_opts *o;
	git_repository	*repo;
	struct lock	 lock;		/* the repository's */
	git_commit	*parent;	/* HEAD's commit, or NULL */
	git_tree	*ptree;		/* its tree, or NULL */
	git_oid		 head;
	int		 has_head;
	git_index	*idx;		/* the index, holding the disk's tree */
	git_tree	*disk;		/* content/ and layouts/ on disk */
	char		**changed;	/* paths that differ from HEAD */
	size_t		 nchanged;
	char		**chosen;	/* of those, the ones to publish */
	size_t		 nchosen;
	git_tree	*tree;		/* what is published */
	git_oid		 commit;
	struct arena	 blobs;		/* tree's files, read back */
	struct mem_file	*files;
	size_t		 nfiles;
	struct ctx	 c;
	struct changes	 cs;
	struct history	 h;
	struct output	 out;
	git_signature	*sig;
	struct buf	 msg;
	struct sign_key	 key;		/* path NULL: not signed */
	struct memo	*memo;		/* the page memo, or NULL */
};

/* With GONGSHI_TIMING set, each phase's wall time is said. */
static void
timing(struct diags *d, const char *phase)
{
	static struct timespec	 last;
	struct timespec		 now;

	if (getenv("GONGSHI_TIMING") == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (phase != NULL)
		report(d, SEV_NOTE, "timing: %-14s %.3f s", phase,
		    (double)(now.tv_sec - last.tv_sec) +
		    (double)(now.tv_nsec - last.tv_nsec) / 1e9);
	last = now;
}

/* When the disk is why, says so and what to do. */
static void
full_disk_hint(struct txn *t)
{
	char	 real[PATH_MAX];

	if (disk_full(t->o->dir))
		report(&t->c.diags, SEV_ERROR, "the disk is full where %s is: "
		    "free some space, then publish again",
		    realpath(t->o->dir, real) ? real : t->o->dir);
}

/*
 * After the failure itself was reported: what it means (outcome, or
 * NULL) and, if the disk is why, what to do.  Returns EXIT_USAGE.
 */
static int
fail(struct txn *t, const char *outcome)
{
	if (outcome != NULL)
		report(&t->c.diags, SEV_ERROR, "%s", _(outcome));
	full_disk_hint(t);
	return EXIT_USAGE;
}

/*
 * Opens DIR's repository, making it (branch main) when there is none,
 * once the output folder is known to be one gongshi may write; then
 * takes the lock.
 */
static int
open_repository(struct txn *t)
{
	git_repository_init_options init;
	int		 rc;

	if ((rc = repo_open(t->o->dir, &t->repo, &t->c.diags)) == -1)
		return fail(t, NULL);
	if (judge_site(t->o->dir, t->o->out, t->repo ?
	    git_repository_path(t->repo) : NULL, &t->c.diags) == -1)
		return EXIT_USAGE;
	if (rc == 1) {
		git_repository_init_options_init(&init,
		    GIT_REPOSITORY_INIT_OPTIONS_VERSION);
		init.initial_head = "main";
		init.flags = GIT_REPOSITORY_INIT_MKPATH;
		if (git_repository_init_ext(&t->repo, t->o->dir, &init) < 0) {
			git_fail(&t->c.diags, t->o->dir);
			return fail(t, "nothing was published");
		}
		report(&t->c.diags, SEV_NOTE, "created a git repository in %s",
		    t->o->dir);
	}
	/* The site, its lock and temporary folders are not content. */
	ensure_excluded(t->repo, &t->c.diags);
	if (repo_lock(t->repo, &t->lock, "gongshi publish",
	    &t->c.diags) == -1)
		return fail(t, "nothing was published");
	return EXIT_VALID;
}

/* HEAD's commit and tree, the disk's tree, and what differs. */
static int
read_state(struct txn *t)
{
	git_oid	 oid;
	int	 rc;

	if ((rc = head_commit(t->repo, &t->head, &t->c.diags)) == -1)
		return fail(t, NULL);
	t->has_head = rc == 1;
	if (t->has_head && (git_commit_lookup(&t->parent, t->repo,
	    &t->head) < 0 || git_commit_tree(&t->ptree, t->parent) < 0)) {
		git_fail(&t->c.diags, "HEAD");
		return fail(t, NULL);
	}
	if (work_tree(t->repo, &t->idx, &oid, &t->c.diags) == -1)
		return fail(t, "nothing was published");
	if (git_tree_lookup(&t->disk, t->repo, &oid) < 0) {
		git_fail(&t->c.diags, "tree");
		return fail(t, "nothing was published");
	}
	if (changed_paths(t->repo, t->ptree, t->disk, &t->changed,
	    &t->nchanged, &t->c.diags) == -1)
		return fail(t, "nothing was published");
	return EXIT_VALID;
}

/* Whether path is content/compounds/…/ID.yaml. */
static int
is_compound_path(const char *path, const char *id)
{
	const char	*base = strrchr(path, '/');
	size_t		 n = strlen(id);

	return strncmp(path, "content/compounds/", 18) == 0 &&
	    strncmp(base + 1, id, n) == 0 && strcmp(base + 1 + n, ".yaml") == 0;
}

/*
 * Whether an operand names path: a compound id names its record, a
 * path names that file or everything in that folder.
 */
static int
names(const char *operand, const char *path)
{
	size_t	 n;

	if (strncmp(operand, "./", 2) == 0)
		operand += 2;
	n = strlen(operand);
	while (n > 1 && operand[n - 1] == '/')
		n--;
	if (n > 0 && strncmp(path, operand, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/'))
		return 1;
	return strchr(operand, '/') == NULL && is_compound_path(path, operand);
}

struct find {
	const char	*operand;
	int		 found;
};

static int
find_entry(const char *root, const git_tree_entry *e, void *arg)
{
	struct find	*f = arg;
	struct buf	 path = { 0 };

	buf_printf(&path, "%s%s", root, git_tree_entry_name(e));
	if (names(f->operand, path.p))
		f->found = 1;
	buf_free(&path);
	return f->found ? -1 : 0;
}

/* Whether operand names anything at all in tree. */
static int
names_something(git_tree *tree, const char *operand)
{
	struct find	 f = { operand, 0 };

	if (tree != NULL)
		git_tree_walk(tree, GIT_TREEWALK_PRE, find_entry, &f);
	return f.found;
}

/* The changed files, as a person choosing among them reads them. */
static void
list_changed(const struct txn *t, struct buf *b)
{
	const char	*base;
	size_t		 i, n;

	for (i = 0; i < t->nchanged; i++) {
		base = strrchr(t->changed[i], '/') + 1;
		n = strlen(base);
		if (strncmp(t->changed[i], "content/compounds/", 18) == 0 &&
		    n > 5 && strcmp(base + n - 5, ".yaml") == 0)
			buf_printf(b, "  %-24.*s %s\n", (int)(n - 5), base,
			    t->changed[i]);
		else
			buf_printf(b, "  %-24s %s\n", "", t->changed[i]);
	}
}

/*
 * What to publish: the changes named on the command line; or all of
 * them when one file changed, nothing was published before, or --all
 * says so.  Several changed files and no choice made: stop and ask.
 */
static int
choose(struct txn *t)
{
	const struct publish_opts *o = t->o;
	struct buf	 list = { 0 };
	size_t		 i, j;
	int		 hit, rc = EXIT_VALID;

	t->chosen = xcalloc(t->nchanged + 1, sizeof(*t->chosen));
	if (o->nonly == 0 && t->nchanged > 1 && t->has_head && !o->all) {
		list_changed(t, &list);
		report(&t->c.diags, SEV_ERROR, "not published: %zu files have "
		    "changes that are not published:\n%sSomeone else may be "
		    "editing some of them.  Say which to publish, by compound "
		    "id or path:\n  gongshi publish -m MESSAGE ID …\nor "
		    "publish all of them under your name with --all",
		    t->nchanged, list.p);
		buf_free(&list);
		return EXIT_USAGE;
	}
	for (j = 0; j < o->nonly; j++) {
		for (i = hit = 0; i < t->nchanged && !hit; i++)
			hit = names(o->only[j], t->changed[i]);
		if (hit)
			continue;
		if (names_something(t->disk, o->only[j]) ||
		    names_something(t->ptree, o->only[j]))
			report(&t->c.diags, SEV_NOTE, "%s has no changes to "
			    "publish", o->only[j]);
		else {
			report(&t->c.diags, SEV_ERROR, "not published: nothing "
			    "is named '%s' (give a compound id, such as "
			    "heping-xincun, or a path under content/ or "
			    "layouts/)", o->only[j]);
			rc = EXIT_USAGE;
		}
	}
	for (i = 0; i < t->nchanged; i++)
		for (j = 0; j < (o->nonly ? o->nonly : 1); j++)
			if (o->nonly == 0 || names(o->only[j], t->changed[i])) {
				t->chosen[t->nchosen++] = t->changed[i];
				break;
			}
	return rc;
}

/* The tree to commit: the disk's, or HEAD's with the chosen changes. */
static int
make_tree(struct txn *t)
{
	git_oid	 oid;

	if (t->nchosen == t->nchanged) {
		if (git_tree_dup(&t->tree, t->disk) < 0) {
			git_fail(&t->c.diags, "tree");
			return fail(t, "nothing was published");
		}
		return EXIT_VALID;
	}
	if (tree_with(t->repo, t->ptree, t->disk, t->chosen, t->nchosen, &oid,
	    &t->c.diags) == -1)
		return fail(t, "nothing was published");
	if (git_tree_lookup(&t->tree, t->repo, &oid) < 0) {
		git_fail(&t->c.diags, "tree");
		return fail(t, "nothing was published");
	}
	return EXIT_VALID;
}

/* Reads tree back and checks it: what the site will be built from. */
static int
check_tree(struct txn *t, git_tree *tree)
{
	int	 rc;

	/* Opened here, not before: a publish with nothing to do reads no
	 * cache. */
	if (!t->o->no_cache)
		ctx_keep_trees(&t->c, t->o->dir);
	if (tree_to_memory(t->repo, tree, &t->blobs, t->c.trees,
	    &t->files, &t->nfiles,
	    &t->c.diags) == -1)
		return fail(t, "nothing was published");
	t->c.mem = t->files;
	t->c.nmem = t->nfiles;
	t->c.gitdir = git_repository_path(t->repo);	/* deferred records */
	/* What is committed must hold no personal mobile; a revision
	 * published before there was a contact book is still rebuilt. */
	t->c.phones = tree == t->ptree ? PHONES_QUIET : PHONES_REFUSE;
	if ((rc = check_content(&t->c, t->o->strict)) == EXIT_INVALID &&
	    tree == t->ptree)
		report(&t->c.diags, SEV_ERROR, "the last revision has the "
		    "errors above, so the site was left as it was: fix them "
		    "and publish");
	else if (rc == EXIT_INVALID)
		report(&t->c.diags, SEV_ERROR, "not published: fix the errors "
		    "above; nothing was committed and the site was left as it "
		    "was");
	return rc;
}

/*
 * --date: YYYY-MM-DD[THH:MM[:SS]] in the site's utc_offset, as seconds
 * since the epoch; -1 after saying what is wrong.
 */
static int64_t
given_date(struct txn *t, int zone)
{
	const char	*s = t->o->date;
	struct buf	 msg = { 0 };
	char		 day[11];
	int64_t		 days;
	int		 hh = 0, mm = 0, ss = 0, n = 0;

	if (strlen(s) < 10)
		goto bad;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (parse_date(day, &days, &msg) != NULL)
		goto bad;
	if (s[10] != '\0' && (s[10] != 'T' ||
	    (sscanf(s + 11, "%2d:%2d%n", &hh, &mm, &n) != 2 || n != 5) ||
	    (s[16] != '\0' && (s[16] != ':' || sscanf(s + 17, "%2d%n", &ss,
	    &n) != 1 || n != 2 || s[19] != '\0')) || hh > 23 || mm > 59 ||
	    ss > 59 || hh < 0 || mm < 0 || ss < 0))
		goto bad;
	buf_free(&msg);
	return days * 86400 + hh * 3600 + mm * 60 + ss - (int64_t)zone * 60;
bad:
	report(&t->c.diags, SEV_ERROR, "--date '%s' is not a date and time "
	    "such as 2026-03-02 or 2026-03-02T09:30 (%s)", s,
	    msg.p ? msg.p : _("give YYYY-MM-DD[THH:MM[:SS]]"));
	buf_free(&msg);
	return -1;
}

/*
 * With --date, the author's and committer's time is that moment in the
 * site's zone (for replaying an office's past publications); never
 * before the last revision, so the history stays in order.
 */
static int
dated_signature(struct txn *t)
{
	git_signature	*sig;
	int64_t		 when;
	int		 zone = (int)t->c.content->site.utc_offset.n;

	if (t->o->date == NULL)
		return 0;
	if ((when = given_date(t, zone)) == -1)
		return -1;
	if (t->parent != NULL &&
	    when < (int64_t)git_commit_author(t->parent)->when.time) {
		report(&t->c.diags, SEV_ERROR, "--date %s is before the last "
		    "revision was published; the history only moves forward",
		    t->o->date);
		return -1;
	}
	if (git_signature_new(&sig, t->sig->name, t->sig->email,
	    (git_time_t)when, zone) < 0) {
		git_fail(&t->c.diags, "--date");
		return -1;
	}
	git_signature_free(t->sig);
	t->sig = sig;
	return 0;
}

/*
 * The commit signed as `git commit -S` does with an SSH key: the
 * commit's bytes, signed by ssh-keygen -Y sign -n git, in its gpgsig
 * header.  Only an object is written: no branch moves, so a failure
 * here publishes nothing.
 */
static int
signed_commit(struct txn *t, const git_commit **parents)
{
	git_buf		 body = { 0 };
	struct buf	 sig = { 0 };
	int		 rc = EXIT_VALID;

	if (git_commit_create_buffer(&body, t->repo, t->sig, t->sig, "UTF-8",
	    t->msg.p, t->tree, t->parent ? 1 : 0, parents) < 0) {
		git_fail(&t->c.diags, "commit");
		rc = fail(t, "nothing was published");
	} else if (sign_buffer(&t->key, body.ptr, body.size, &sig,
	    &t->c.diags) == -1)
		rc = fail(t, "nothing was published");
	else if (git_commit_create_with_signature(&t->commit, t->repo,
	    body.ptr, sig.p, "gpgsig") < 0) {
		git_fail(&t->c.diags, "commit");
		rc = fail(t, "nothing was published");
	}
	git_buf_dispose(&body);
	buf_free(&sig);
	return rc;
}

/* The commit: its message lists every field-level change. */
static int
make_commit(struct txn *t)
{
	const git_commit *parents[1] = { t->parent };

	t->cs.check_fees = 1;
	if (changes_between(&t->c, t->repo, t->ptree, t->tree, 0, &t->cs,
	    &t->c.diags) == -1 ||
	    publish_author(t->repo, t->o->author, &t->sig, &t->c.diags) ==
	    -1 || dated_signature(t) == -1)
		return fail(t, "nothing was published");
	diag_flush(&t->c.diags);	/* fee changes without notice */
	buf_printf(&t->msg, "%s\n", t->o->message);
	if (t->cs.n > 0) {
		buf_putc(&t->msg, '\n');
		changes_text(&t->cs, &t->msg, "");
	}
	if (t->key.path != NULL)
		return signed_commit(t, parents);
	if (git_commit_create(&t->commit, t->repo, NULL, t->sig, t->sig,
	    "UTF-8", t->msg.p, t->tree, t->parent ? 1 : 0, parents) < 0) {
		git_fail(&t->c.diags, "commit");
		return fail(t, "nothing was published");
	}
	return EXIT_VALID;
}

/*
 * Renders the site of revision tip (whose tree t->c holds) into a
 * folder beside the site, ready to swap.
 */
static int
stage_site(struct txn *t, const git_oid *tip)
{
	struct site_job	 job;

	if (load_history(&t->c, t->repo, tip, &t->h) == -1 ||
	    load_signatures(&t->c, t->repo, &t->h, t->o->dir) == -1)
		return EXIT_USAGE;
	memset(&job, 0, sizeof(job));
	job.out = t->o->out;
	job.gitdir = git_repository_path(t->repo);
	job.history = &t->h;
	/* A published site is as of the day its revision was published
	 * (status.c): the commit's time in the site's utc_offset, so a
	 * replayed publication (--date) and a repaired site are as of
	 * their own day; --today overrides it. */
	if (t->o->today_given)
		job.today = t->o->today;
	else {
		git_commit	*cm;
		int64_t		 when = (int64_t)time(NULL);

		if (git_commit_lookup(&cm, t->repo, tip) == 0) {
			when = (int64_t)git_commit_author(cm)->when.time;
			git_commit_free(cm);
		}
		job.today = (when + t->c.content->site.utc_offset.n * 60) /
		    86400;
	}
	job.today_given = 1;
	git_oid_tostr(job.stamp.revision, sizeof(job.stamp.revision), tip);
	job.stamp.content = STAMP_PUBLISHED;
	if (!t->o->no_cache && t->memo == NULL)
		t->memo = memo_open(t->o->dir);
	job.memo = t->memo;
	return render_staged(&t->c, &job, &t->out);
}

/*
 * Brings the index to tree, keeping what it knows of unchanged files,
 * so `git status` shows only what is not published.  The index is a
 * cache: failing here loses nothing, but the user should know why.
 */
static void
write_index(struct txn *t, git_tree *tree)
{
	struct buf	 lock = { 0 };
	struct stat	 st;

	if (git_index_read_tree(t->idx, tree) == 0 &&
	    git_index_write(t->idx) == 0)
		return;
	buf_printf(&lock, "%sindex.lock", git_repository_path(t->repo));
	if (lstat(lock.p, &st) == 0)
		report(&t->c.diags, SEV_WARNING, "the revision is published, "
		    "but git's index could not be updated: %s is in the way, "
		    "left by a git or gongshi command that stopped part-way.  "
		    "If no git command is running, remove it (rm %s); until "
		    "then `git status` shows published files as changed",
		    lock.p, lock.p);
	else {
		git_fail(&t->c.diags, "index");
		report(&t->c.diags, SEV_WARNING, "the revision is published, "
		    "but git's index could not be updated; `git status` may "
		    "show published files as changed until the next publish");
	}
	buf_free(&lock);
}

/*
 * The branch moves; from here the publish is done and the site must
 * follow.  The index is brought to the commit, keeping what it knows
 * of unchanged files, so `git status` shows only unpublished work.
 */
static int
finish(struct txn *t)
{
	char	 id[13];

	if (advance_head(t->repo, &t->commit, t->has_head ? &t->head : NULL,
	    "gongshi publish", &t->c.diags) == -1)
		return fail(t, "nothing was published");
	git_oid_tostr(id, sizeof(id), &t->commit);
	write_index(t, t->tree);
	timing(&t->c.diags, "ref+index");
	if (output_commit(&t->out) == -1) {
		report(&t->c.diags, SEV_ERROR, "published %s, but the site "
		    "could not follow.  The history has the revision: run "
		    "`gongshi publish` again to rebuild the site from it", id);
		return EXIT_USAGE;
	}
	memo_save(t->memo);	/* best effort: it only saves time */
	timing(&t->c.diags, "swap");
	if (t->o->site_branch != NULL) {
		struct buf	 dest = { 0 };
		int		 rc;

		site_folder(t->o->dir, t->o->out, &dest);
		rc = commit_site(t->repo, dest.p, t->o->site_branch, t->sig,
		    t->msg.p, &t->c.diags);
		buf_free(&dest);
		if (rc == -1) {
			report(&t->c.diags, SEV_ERROR, "published %s, but the "
			    "site branch was not updated", id);
			return EXIT_USAGE;
		}
	}
	report(&t->c.diags, SEV_NOTE, ngettext("published %s: %zu change",
	    "published %s: %zu changes", t->cs.n), id, t->cs.n);
	return EXIT_VALID;
}

/*
 * Nothing to publish: the site must still show the last revision.  A
 * publish stopped between moving the branch and swapping the site, a
 * build from unpublished edits, or a site that is missing are all
 * mended here by rebuilding it from HEAD.
 */
static int
mend_site(struct txn *t)
{
	struct buf	 dest = { 0 };
	struct out_guard g;
	struct stamp	 s;
	char		 hex[41];
	int		 rc, known;

	site_folder(t->o->dir, t->o->out, &dest);
	known = stamp_read(dest.p, &s) == 1;
	git_oid_tostr(hex, sizeof(hex), &t->head);
	if (!t->has_head || (known && strcmp(s.revision, hex) == 0 &&
	    s.content == STAMP_PUBLISHED)) {
		g.dir = t->o->dir;
		g.gitdir = git_repository_path(t->repo);
		output_tidy(dest.p, &g, &t->c.diags);
		report(&t->c.diags, SEV_NOTE, "nothing to publish: the content "
		    "is as last published");
		buf_free(&dest);
		return EXIT_VALID;
	}
	if (!known)
		report(&t->c.diags, SEV_NOTE, "nothing to publish, but the "
		    "site in %s does not say which revision it shows: "
		    "rebuilding it from revision %.12s", dest.p, hex);
	else if (s.content == STAMP_UNPUBLISHED &&
	    strcmp(s.revision, hex) == 0)
		report(&t->c.diags, SEV_NOTE, "nothing to publish, but the "
		    "site in %s shows changes that are not published: "
		    "rebuilding it from revision %.12s", dest.p, hex);
	else
		report(&t->c.diags, SEV_NOTE, "nothing to publish, but the "
		    "site in %s is behind its history: rebuilding it from "
		    "revision %.12s", dest.p, hex);
	buf_free(&dest);
	if ((rc = check_tree(t, t->ptree)) != EXIT_VALID ||
	    (rc = stage_site(t, &t->head)) != EXIT_VALID)
		return rc;
	if (output_commit(&t->out) == -1)
		return fail(t, "the site was left as it was");
	memo_save(t->memo);
	/* A publish stopped after the branch moved left the index too. */
	write_index(t, t->ptree);
	report(&t->c.diags, SEV_NOTE, "rebuilt the site at revision %.12s",
	    hex);
	return EXIT_VALID;
}

static void
txn_free(struct txn *t)
{
	size_t	 i;

	output_free(&t->out);
	memo_free(t->memo);
	history_free(&t->h);
	changes_free(&t->cs);
	ctx_free(&t->c);
	for (i = 0; i < t->nchanged; i++)
		free(t->changed[i]);
	free(t->changed);
	free(t->chosen);
	free(t->files);
	arena_free(&t->blobs);
	git_signature_free(t->sig);
	git_tree_free(t->tree);
	git_tree_free(t->disk);
	git_tree_free(t->ptree);
	git_commit_free(t->parent);
	git_index_free(t->idx);
	lock_release(&t->lock);
	git_repository_free(t->repo);
	buf_free(&t->msg);
	sign_key_free(&t->key);
}

/*
 * --site-branch commits the rendered site, which shows the numbers of
 * the contact book: that branch's history would keep them for ever.
 * It is refused while the book holds any.
 */
static int
site_branch_allowed(struct txn *t)
{
	struct book	 b;
	size_t		 n;

	if (book_open(&b, t->o->dir, &t->c.diags) == -1) {
		book_free(&b);
		return fail(t, "nothing was published");
	}
	n = b.n;
	book_free(&b);
	if (n == 0)
		return EXIT_VALID;
	report(&t->c.diags, SEV_ERROR, ngettext("not published: the site "
	    "shows %zu personal phone number of the private contact book, "
	    "and --site-branch would keep it in git for ever; copy the site "
	    "folder to the server instead (rsync), or take the numbers out "
	    "with gongshi forget", "not published: the site shows %zu "
	    "personal phone numbers of the private contact book, and "
	    "--site-branch would keep them in git for ever; copy the site "
	    "folder to the server instead (rsync), or take the numbers out "
	    "with gongshi forget", n), n);
	return EXIT_USAGE;
}

/* Publishes as the top of this file says; returns the exit status. */
int
publish(const struct publish_opts *o)
{
	struct txn	 t;
	int		 rc;

	memset(&t, 0, sizeof(t));
	t.o = o;
	t.lock.fd = -1;
	t.out.lock.fd = -1;
	ctx_init(&t.c, o->dir, o->today);
	/* Each record's blob id keys its pages in the memo (site.c's
	 * compound_key), so that only changed compounds are rendered. */
	t.c.want_blob = 1;
	t.c.diags.emit = o->emit;
	t.c.diags.emit_arg = o->emit_arg;
	t.cs.arena = &t.c.arena;
	timing(&t.c.diags, NULL);
	if ((rc = open_repository(&t)) != EXIT_VALID)
		goto out;
	timing(&t.c.diags, "lock");
	/* Personal mobiles go into the private book before the disk's
	 * tree is read: the public history never sees them. */
	if (contacts_seal(o->dir, !o->no_cache, &t.c.diags) == -1) {
		rc = fail(&t, "nothing was published");
		goto out;
	}
	if (o->site_branch != NULL && (rc = site_branch_allowed(&t)) !=
	    EXIT_VALID)
		goto out;
	if ((rc = read_state(&t)) != EXIT_VALID)
		goto out;
	timing(&t.c.diags, "tree");
	if (t.nchanged == 0 || o->mend_only) {
		rc = mend_site(&t);
		goto out;
	}
	if ((rc = choose(&t)) != EXIT_VALID)
		goto out;
	if (t.nchosen == 0) {
		rc = mend_site(&t);
		goto out;
	}
	if (o->message == NULL || *o->message == '\0') {
		report(&t.c.diags, SEV_ERROR, "publish needs -m MESSAGE: say "
		    "what changed and why");
		rc = EXIT_USAGE;
		goto out;
	}
	/* The key is found before the work, and used once committing. */
	if (sign_key_find(t.repo, o->sign_key, &t.key, &t.c.diags) == -1) {
		rc = fail(&t, "nothing was published");
		goto out;
	}
	if ((rc = make_tree(&t)) != EXIT_VALID ||
	    (rc = check_tree(&t, t.tree)) != EXIT_VALID)
		goto out;
	timing(&t.c.diags, "check");
	if ((rc = make_commit(&t)) != EXIT_VALID)
		goto out;
	timing(&t.c.diags, "commit");
	if ((rc = stage_site(&t, &t.commit)) != EXIT_VALID) {
		report(&t.c.diags, SEV_ERROR, "not published: the site could "
		    "not be built, so the revision was not published");
		goto out;
	}
	timing(&t.c.diags, "build");
	if (interrupted()) {
		report(&t.c.diags, SEV_ERROR, "interrupted: nothing was "
		    "published");
		rc = EXIT_USAGE;
		goto out;
	}
	rc = finish(&t);
out:
	txn_free(&t);
	return rc;
}
