/*
 * The steps every command that writes a site shares: check the content
 * and say what was found, load the history the pages show, render into
 * a new folder beside the site and put it in place; and telling the
 * user when the site is behind its history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "content.h"
#include "gongshi.h"
#include "output.h"
#include "history.h"
#include "repo.h"
#include "site.h"
#include "build.h"

#define PLURAL(n)	((n) == 1 ? "" : "s")

/*
 * Loads (from DIR, or from c->mem when set) and checks the content,
 * and prints every problem and a summary.  Returns EXIT_VALID when the
 * content may be used.
 */
int
check_content(struct ctx *c, int strict)
{
	if (c->mem != NULL ? content_load_memory(c, c->mem, c->nmem) == -1 :
	    content_load(c) == -1)
		return EXIT_USAGE;
	content_check(c);
	diag_sort(&c->diags);
	if (diag_print(&c->diags, stderr) == -1)
		return EXIT_USAGE;
	say("%zu compound%s, %zu file%s: %zu error%s, %zu warning%s\n",
	    c->content->ncompounds, PLURAL(c->content->ncompounds), c->nfiles,
	    PLURAL(c->nfiles), c->diags.nerrors, PLURAL(c->diags.nerrors),
	    c->diags.nwarnings, PLURAL(c->diags.nwarnings));
	if (c->diags.nerrors > 0 || (strict && c->diags.nwarnings > 0))
		return EXIT_INVALID;
	return EXIT_VALID;
}

/* The history of repo up to tip (HEAD when NULL), if there is one. */
int
load_history(struct ctx *c, git_repository *repo, const git_oid *tip,
    struct history *h)
{
	struct buf	 why = { 0 };
	git_oid		 head;
	int		 rc = 0;

	memset(h, 0, sizeof(*h));
	if (tip == NULL) {
		if ((rc = head_commit(repo, &head, &why)) != 1)
			goto out;	/* nothing published yet, or -1 */
		tip = &head;
	}
	rc = history_load(c, repo, tip, h, &why);
out:
	if (rc == -1)
		say("gongshi: %s\n", why.p);
	buf_free(&why);
	return rc == -1 ? -1 : 0;
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
judge_site(const char *dir, const char *out, const char *gitdir)
{
	struct out_guard g;
	struct buf	 dest = { 0 }, why = { 0 };
	int		 rc;

	site_folder(dir, out, &dest);
	g.dir = dir;
	g.gitdir = gitdir;
	if ((rc = output_judge(dest.p, &g, &why)) == -1)
		say("gongshi: %s\n", why.p);
	buf_free(&dest);
	buf_free(&why);
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
	struct buf	 dest = { 0 }, why = { 0 };
	int		 rc = EXIT_USAGE;

	site_folder(c->dir, job->out, &dest);
	g.dir = c->dir;
	g.gitdir = job->gitdir;
	if (output_begin(out, dest.p, &g, &why) == -1) {
		say("gongshi: %s\n", why.p);
		goto out;
	}
	memset(&bo, 0, sizeof(bo));
	bo.today = job->today;
	bo.today_given = job->today_given;
	bo.history = job->history;
	bo.stamp = &job->stamp;
	diag_free(&c->diags);	/* printed; what follows is the layouts' */
	if (render_site(c, out, &bo) == -1) {
		output_abort(out);
		say("gongshi: not built; the site was left as it was\n");
		if (disk_full(out->parent))
			say("gongshi: the disk is full where %s is: free some "
			    "space, then try again\n", out->parent);
		if (c->diags.n == 0)
			goto out;
		diag_sort(&c->diags);
		diag_print(&c->diags, stderr);
		rc = EXIT_INVALID;
		goto out;
	}
	rc = EXIT_VALID;
out:
	buf_free(&dest);
	buf_free(&why);
	return rc;
}

/* "abcdef012345" (12 digits), or "none". */
static const char *
short_rev(const char *hex, char *buf)
{
	if (hex == NULL || *hex == '\0')
		return "none";
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
		buf_printf(note, "note: the site in %s shows revision %s, but "
		    "the last published revision is %s: it is behind its "
		    "history (a publish was stopped before it finished, or the "
		    "site was built before). Run `gongshi publish` to bring it "
		    "up to date\n", site, short_rev(s->revision, a),
		    short_rev(head, b));
	else if (s->content == STAMP_UNPUBLISHED)
		buf_printf(note, "note: the site in %s shows changes that are "
		    "not published (built by `gongshi build` from the content "
		    "as it is); `gongshi publish` publishes them, or rebuilds "
		    "the site from revision %s\n", site, short_rev(head, b));
}

/* Says stamp_note() of DIR/site, if it has a stamp. */
void
site_note(const char *dir, git_repository *repo)
{
	struct buf	 site = { 0 }, note = { 0 }, why = { 0 };
	struct stamp	 s;
	git_oid		 head;
	char		 hex[41];

	if (repo == NULL || head_commit(repo, &head, &why) != 1)
		goto out;
	site_folder(dir, NULL, &site);
	if (stamp_read(site.p, &s) != 1)
		goto out;
	git_oid_tostr(hex, sizeof(hex), &head);
	stamp_note(site.p, &s, hex, &note);
	if (note.len > 0)
		say("%s", note.p);
out:
	buf_free(&site);
	buf_free(&note);
	buf_free(&why);
}
