/*
 * The steps every command that writes a site shares: check the content
 * and say what was found, load the history the pages show, render into
 * a new folder beside the site and put it in place; and telling the
 * user when the site is behind its history.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "cache.h"
#include "content.h"
#include "lock.h"
#include "memo.h"
#include "gongshi.h"
#include "output.h"
#include "history.h"
#include "repo.h"
#include "site.h"
#include "build.h"
#include "commands.h"
#include "contacts.h"
#include "i18n.h"

/* "1 compound, 5 files: 3 errors, 0 warnings", each counted in words. */
static void
summary(struct ctx *c)
{
	struct buf	 b[4] = { { 0 } };
	size_t		 i;

	buf_printf(&b[0], ngettext("%zu compound", "%zu compounds",
	    c->content->ncompounds), c->content->ncompounds);
	buf_printf(&b[1], ngettext("%zu file", "%zu files", c->nfiles),
	    c->nfiles);
	buf_printf(&b[2], ngettext("%zu error", "%zu errors",
	    c->diags.nerrors), c->diags.nerrors);
	buf_printf(&b[3], ngettext("%zu warning", "%zu warnings",
	    c->diags.nwarnings), c->diags.nwarnings);
	/* TRANSLATORS: the check's summary: compounds, files: errors,
	 * warnings, each already said, as "1 compound". */
	report(&c->diags, SEV_NOTE, "%s, %s: %s, %s", b[0].p, b[1].p, b[2].p,
	    b[3].p);
	for (i = 0; i < 4; i++)
		buf_free(&b[i]);
}

/*
 * Loads (from DIR, or from c->mem when set) and checks the content,
 * and reports every problem, sorted, and a summary.  Returns EXIT_VALID
 * when the content may be used.
 */
int
check_content(struct ctx *c, int strict)
{
	if (c->mem != NULL ? content_load_memory(c, c->mem, c->nmem) == -1 :
	    content_load(c) == -1) {
		diag_flush(&c->diags);
		return EXIT_USAGE;
	}
	content_check(c);
	diag_flush(&c->diags);
	summary(c);
	if (c->diags.nerrors > 0 || (strict && c->diags.nwarnings > 0))
		return EXIT_INVALID;
	return EXIT_VALID;
}

/* The history of repo up to tip (HEAD when NULL), if there is one. */
int
load_history(struct ctx *c, git_repository *repo, const git_oid *tip,
    struct history *h)
{
	git_oid		 head;
	int		 rc;

	memset(h, 0, sizeof(*h));
	if (tip == NULL) {
		if ((rc = head_commit(repo, &head, &c->diags)) != 1)
			return rc;	/* nothing published yet, or -1 */
		tip = &head;
	}
	rc = history_load(c, repo, tip, h, &c->diags);
	if (rc != -1 && repo_drop_pack_caches(repo) == -1) {
		git_fail(&c->diags, "history");
		rc = -1;
	}
	return rc;
}

/*
 * Who signed each revision of h, by verify's rules, remembered in
 * DIR/.gongshi/signatures (a commit's verdict never changes).
 */
int
load_signatures(struct ctx *c, git_repository *repo, struct history *h,
    const char *dir)
{
	struct buf	 path = { 0 };
	int		 rc;

	buf_printf(&path, "%s/.gongshi", dir);
	if (mkdir(path.p, 0755) == -1 && errno != EEXIST)
		buf_truncate(&path, 0);	/* nothing remembered */
	else
		buf_puts(&path, "/signatures");
	rc = history_signatures(c, repo, h, path.len ? path.p : NULL,
	    &c->diags);
	buf_free(&path);
	return rc;
}

/* The output folder: -o, or DIR/site. */
void
site_folder(const char *dir, const char *out, struct buf *b)
{
	if (out != NULL)
		buf_puts(b, out);
	else
		buf_printf(b, "%s/site", dir);
}

/* Says, before any work, when the output folder may not be written. */
int
judge_site(const char *dir, const char *out, const char *gitdir,
    struct diags *d)
{
	struct out_guard g;
	struct buf	 dest = { 0 };
	int		 rc;

	site_folder(dir, out, &dest);
	g.dir = dir;
	g.gitdir = gitdir;
	rc = output_judge(dest.p, &g, d);
	buf_free(&dest);
	return rc;
}

/*
 * Renders the checked content into a new folder beside the site,
 * leaving the swap to the caller (output_commit).  Invalid layouts or
 * a failed write leave the site as it was.
 */
int
render_staged(struct ctx *c, const struct site_job *job, struct output *out)
{
	struct build_opts bo;
	struct out_guard g;
	struct buf	 dest = { 0 };
	int		 rc = EXIT_USAGE;

	site_folder(c->dir, job->out, &dest);
	g.dir = c->dir;
	g.gitdir = job->gitdir;
	if (output_begin(out, dest.p, &g, &c->diags) == -1)
		goto out;
	out->memo = job->memo;
	memset(&bo, 0, sizeof(bo));
	bo.today = job->today;
	bo.today_given = job->today_given;
	bo.history = job->history;
	bo.stamp = &job->stamp;
	diag_free(&c->diags);	/* reported; what follows is the layouts' */
	if (contacts_apply(c) == -1) {
		output_abort(out);
		goto out;
	}
	if (render_site(c, out, &bo) == -1) {
		output_abort(out);
		rc = c->diags.nerrors > 0 ? EXIT_INVALID : EXIT_USAGE;
		diag_flush(&c->diags);
		report(&c->diags, SEV_ERROR, "not built; the site was left as "
		    "it was");
		if (disk_full(out->parent))
			report(&c->diags, SEV_ERROR, "the disk is full where %s "
			    "is: free some space, then try again", out->parent);
		goto out;
	}
	rc = EXIT_VALID;
out:
	buf_free(&dest);
	return rc;
}

/* "abcdef012345" (12 digits), or "none". */
static const char *
short_rev(const char *hex, char *buf)
{
	if (hex == NULL || *hex == '\0')
		return _("none");
	memcpy(buf, hex, 12);
	buf[12] = '\0';
	return buf;
}

/*
 * What the user should know about the site in folder site against
 * HEAD (hex, or NULL before the first publish): left behind by an
 * interrupted publish, or built from changes that are not published.
 * Empty when all is well.
 */
void
stamp_note(const char *site, const struct stamp *s, const char *head,
    struct buf *note)
{
	char	 a[13], b[13];

	if (head == NULL || *head == '\0')
		return;
	if (s->revision[0] == '\0' || strcmp(s->revision, head) != 0)
		buf_printf(note, _("the site in %s shows revision %s, but "
		    "the last published revision is %s: it is behind its "
		    "history (a publish was stopped before it finished, or the "
		    "site was built before). Run `gongshi publish` to bring it "
		    "up to date"), site, short_rev(s->revision, a),
		    short_rev(head, b));
	else if (s->content == STAMP_UNPUBLISHED)
		buf_printf(note, _("the site in %s shows changes that are "
		    "not published (built by `gongshi build` from the content "
		    "as it is); `gongshi publish` publishes them, or rebuilds "
		    "the site from revision %s"), site, short_rev(head, b));
}

/* Says stamp_note() of DIR/site, if it has a stamp. */
void
site_note(const char *dir, git_repository *repo, struct diags *d)
{
	struct buf	 site = { 0 }, note = { 0 };
	struct diags	 quiet = { 0 };
	struct stamp	 s;
	git_oid		 head;
	char		 hex[41];

	site_folder(dir, NULL, &site);
	/* A build killed after it committed is finished before reading. */
	output_settle(site.p);
	if (repo == NULL || head_commit(repo, &head, &quiet) != 1)
		goto out;
	if (stamp_read(site.p, &s) != 1)
		goto out;
	git_oid_tostr(hex, sizeof(hex), &head);
	stamp_note(site.p, &s, hex, &note);
	if (note.len > 0)
		report(d, SEV_WARNING, "%s", note.p);
out:
	buf_free(&site);
	buf_free(&note);
	diag_free(&quiet);
}

/* "built site: 230 files, 1559135 bytes, 230 unchanged" */
static void
built_note(struct diags *d, const char *shown, size_t nfiles, size_t nbytes,
    size_t nkept)
{
	report(d, SEV_NOTE, ngettext("built %s: %zu file, %zu bytes, "
	    "%zu unchanged", "built %s: %zu files, %zu bytes, %zu unchanged",
	    nfiles), shown, nfiles, nbytes, nkept);
}

/* A context whose reports go where the command's options say. */
static void
command_ctx(struct ctx *c, const struct opts *o)
{
	ctx_init(c, o->dir, o->today);
	c->diags.emit = o->emit;
	c->diags.emit_arg = o->emit_arg;
}

/* Says again what the cached run said, build's "built" note as a run
 * with every file unchanged says it. */
static void
replay(struct ctx *c, const struct cache *cache)
{
	size_t	 i;

	for (i = 0; i < cache->e.n; i++)
		if ((long)i == cache->e.built)
			built_note(&c->diags, cache->e.shown, cache->e.nfiles,
			    cache->e.nbytes, cache->e.nfiles);
		else
			cache_replay_one(cache, i, c->diags.emit,
			    c->diags.emit_arg);
}

/* What a cached run of command depends on besides the files. */
static void
cache_key_of(struct cache_key *k, const char *command, const struct opts *o,
    const char *site, git_repository *repo)
{
	memset(k, 0, sizeof(*k));
	k->command = command;
	k->dir = o->dir;
	k->out = o->out;
	k->site = site;
	k->strict = o->strict;
	k->today = o->today;
	k->today_given = o->today_given;
	k->repo = repo;
}

/* check: the content, and a word on the site if it is behind. */
int
cmd_check(const struct opts *o)
{
	struct ctx	 c;
	struct diags	 quiet = { 0 };
	struct cache	 cache;
	struct cache_key k;
	struct buf	 site = { 0 };
	git_repository	*repo = NULL;
	int		 rc;

	command_ctx(&c, o);
	c.phones = PHONES_NOTE;
	/* No repository is no note; a broken one is for other commands. */
	if (repo_open(o->dir, &repo, &quiet) != 0)
		repo = NULL;
	site_folder(o->dir, NULL, &site);
	cache_key_of(&k, "check", o, site.p, repo);
	if (cache_lookup(&cache, &k, !o->no_cache) == 1) {
		replay(&c, &cache);
		rc = cache.e.status;
		goto out;
	}
	cache_capture(&cache, &c.diags);
	if (!o->no_cache)
		ctx_keep_trees(&c, o->dir);
	rc = check_content(&c, o->strict);
	if (repo != NULL)
		site_note(o->dir, repo, &c.diags);
	if (rc != EXIT_USAGE)
		cache_store(&cache, rc);
out:
	cache_free(&cache);
	git_repository_free(repo);
	buf_free(&site);
	diag_free(&quiet);
	ctx_free(&c);
	return rc;
}

/*
 * What build and boards do first: open DIR's repository if it has one,
 * judge the output folder, then wait for a publish that is running.
 */
static int
open_to_write(struct ctx *c, const struct opts *o, const char *what,
    git_repository **repo, struct lock *lock)
{
	if (repo_open(o->dir, repo, &c->diags) == -1 ||
	    judge_site(o->dir, o->out, *repo ? git_repository_path(*repo) :
	    NULL, &c->diags) == -1)
		return -1;
	if (*repo != NULL && repo_lock(*repo, lock, what, &c->diags) == -1) {
		report(&c->diags, SEV_ERROR, "nothing was written");
		return -1;
	}
	return 0;
}

/*
 * What a site built from the disk will say of itself: the last
 * revision, and whether the disk differs from it.
 */
static int
disk_stamp(git_repository *repo, struct stamp *s, struct diags *d)
{
	git_commit	*commit = NULL;
	git_tree	*tree = NULL;
	git_oid		 head;
	int		 rc, differs;

	memset(s, 0, sizeof(*s));
	s->content = STAMP_NO_HISTORY;
	if (repo == NULL || (rc = head_commit(repo, &head, d)) == 0)
		return 0;
	if (rc == -1)
		return -1;
	if (git_commit_lookup(&commit, repo, &head) < 0 ||
	    git_commit_tree(&tree, commit) < 0) {
		git_fail(d, "HEAD");
		rc = -1;
	} else if ((rc = workdir_differs(repo, tree, &differs, d)) == 0) {
		git_oid_tostr(s->revision, sizeof(s->revision), &head);
		s->content = differs ? STAMP_UNPUBLISHED : STAMP_PUBLISHED;
	}
	git_tree_free(tree);
	git_commit_free(commit);
	return rc;
}

/*
 * build: checks, then renders into a temporary folder that replaces the
 * site only when complete: invalid content or a failed build leave the
 * published site as it was.  Waits for a publish that is running.
 */
int
cmd_build(const struct opts *o)
{
	struct ctx	 c;
	struct output	 out;
	struct history	 h;
	struct site_job	 job;
	struct lock	 lock = { -1, NULL };
	struct cache	 cache;
	struct cache_key k;
	struct buf	 site = { 0 };
	git_repository	*repo = NULL;
	int		 rc = EXIT_USAGE, hit = 0;

	command_ctx(&c, o);
	c.want_blob = 1;	/* boards show it until history exists */
	memset(&out, 0, sizeof(out));
	out.lock.fd = -1;
	memset(&h, 0, sizeof(h));
	memset(&job, 0, sizeof(job));
	memset(&cache, 0, sizeof(cache));
	if (open_to_write(&c, o, "gongshi build", &repo, &lock) == -1)
		goto out;
	site_folder(o->dir, o->out, &site);
	cache_key_of(&k, "build", o, site.p, repo);
	if ((hit = cache_lookup(&cache, &k, !o->no_cache)) == 1) {
		replay(&c, &cache);
		rc = cache.e.status;
		goto out;
	}
	cache_capture(&cache, &c.diags);
	if (!o->no_cache)
		ctx_keep_trees(&c, o->dir);
	if ((rc = check_content(&c, o->strict)) != EXIT_VALID) {
		if (rc == EXIT_INVALID)
			report(&c.diags, SEV_ERROR, "not built: fix the errors "
			    "above; the site was left as it was");
		goto out;
	}
	rc = EXIT_USAGE;
	if (disk_stamp(repo, &job.stamp, &c.diags) == -1 ||
	    (repo != NULL && (load_history(&c, repo, NULL, &h) == -1 ||
	    load_signatures(&c, repo, &h, o->dir) == -1)))
		goto out;
	job.out = o->out;
	job.gitdir = repo ? git_repository_path(repo) : NULL;
	job.history = repo ? &h : NULL;
	job.today = o->today;
	job.today_given = o->today_given;
	if (!o->no_cache)
		job.memo = memo_open(o->dir);
	if ((rc = render_staged(&c, &job, &out)) != EXIT_VALID)
		goto out;
	rc = EXIT_USAGE;
	if (interrupted()) {
		report(&c.diags, SEV_ERROR, "interrupted; the site was left as "
		    "it was");
		goto out;
	}
	if (output_commit(&out) == -1) {
		report(&c.diags, SEV_ERROR, "the site was left as it was");
		goto out;
	}
	memo_save(job.memo);	/* best effort: it only saves time */
	cache_mark_built(&cache, out.shown, out.nfiles, out.nbytes);
	built_note(&c.diags, out.shown, out.nfiles, out.nbytes, out.nkept);
	if (job.stamp.content == STAMP_UNPUBLISHED)
		report(&c.diags, SEV_NOTE, "note: the site shows changes that "
		    "are not published (`gongshi diff` lists them)");
	rc = EXIT_VALID;
out:
	/* Only what the content decides is kept: a failure to read or
	 * write, or Ctrl-C, is tried again next time. */
	if (!hit && (rc == EXIT_VALID || rc == EXIT_INVALID) && !interrupted())
		cache_store(&cache, rc);
	cache_free(&cache);
	memo_free(job.memo);
	buf_free(&site);
	history_free(&h);
	output_free(&out);
	lock_release(&lock);
	git_repository_free(repo);
	ctx_free(&c);
	return rc;
}

/*
 * Boards change a site in place: its stamp must then say if what they
 * were made from is not what the rest of the site shows.
 */
static int
boards_stamp(const struct output *out, git_repository *repo, struct diags *d)
{
	struct stamp	 now, was;
	int		 have;

	if (disk_stamp(repo, &now, d) == -1)
		return -1;
	if ((have = stamp_read(out->final, &was)) == 1 &&
	    strcmp(was.revision, now.revision) == 0 &&
	    was.content == now.content)
		return 0;
	if (have == 1 && was.content != STAMP_NO_HISTORY) {
		now = was;
		now.content = STAMP_UNPUBLISHED;
	}
	if (have != 1 || now.content != was.content)
		return stamp_write_in_place(out->final, &now, d);
	return 0;
}

/*
 * boards: writes the boards of the given compounds (all by default)
 * into the site, file by file, and with --pdf prints each.
 */
int
cmd_boards(const struct opts *o)
{
	struct build_opts bo;
	struct ctx	 c;
	struct output	 out;
	struct out_guard g;
	struct lock	 lock = { -1, NULL };
	struct buf	 dest = { 0 };
	struct history	 h;
	git_repository	*repo = NULL;
	struct board_done *done = NULL;
	size_t		 n = 0, kept;
	int		 rc = EXIT_USAGE;

	command_ctx(&c, o);
	c.want_blob = 1;
	memset(&out, 0, sizeof(out));
	out.lock.fd = -1;
	memset(&h, 0, sizeof(h));
	if (open_to_write(&c, o, "gongshi boards", &repo, &lock) == -1)
		goto out;
	/* boards change the site in place, file by file: what the last
	 * build said of it may no longer hold */
	cache_forget(o->dir, "build");
	if (!o->no_cache)
		ctx_keep_trees(&c, o->dir);
	if ((rc = check_content(&c, o->strict)) != EXIT_VALID)
		goto out;
	rc = EXIT_USAGE;
	if (o->pdf && find_chromium() == NULL) {
		report(&c.diags, SEV_ERROR, "--pdf needs Chromium, which is not "
		    "installed: apt-get install chromium (or name it in "
		    "GONGSHI_CHROMIUM)");
		goto out;
	}
	site_folder(o->dir, o->out, &dest);
	g.dir = o->dir;
	g.gitdir = repo ? git_repository_path(repo) : NULL;
	if (output_begin_in_place(&out, dest.p, &g, &c.diags) == -1 ||
	    (repo != NULL && load_history(&c, repo, NULL, &h) == -1))
		goto out;
	diag_free(&c.diags);	/* reported; what follows is new */
	if (contacts_apply(&c) == -1)
		goto out;
	memset(&bo, 0, sizeof(bo));
	bo.history = repo ? &h : NULL;
	bo.today = o->today;
	bo.today_given = o->today_given;
	if (render_boards(&c, &out, o->args, o->nargs, &bo, &done,
	    &n) == -1) {
		rc = c.diags.nerrors > 0 ? EXIT_INVALID : EXIT_USAGE;
		diag_flush(&c.diags);
		goto out;
	}
	/* The boards link the layouts' assets (board.css): a board
	 * written elsewhere than the site still prints the same. */
	kept = out.nkept;
	if (copy_assets(&c, &out) == -1) {
		diag_flush(&c.diags);
		goto out;
	}
	if (boards_stamp(&out, repo, &c.diags) == -1)
		goto out;
	report(&c.diags, SEV_NOTE, ngettext("wrote %zu board page into %s "
	    "(%zu unchanged)", "wrote %zu board pages into %s (%zu "
	    "unchanged)", n), n, dest.p, kept);
	if (o->pdf && print_boards(&c, out.final, done, n) == -1)
		goto out;
	rc = EXIT_VALID;
out:
	history_free(&h);
	free(done);
	output_free(&out);
	lock_release(&lock);
	git_repository_free(repo);
	buf_free(&dest);
	ctx_free(&c);
	return rc;
}
