/*
 * What diff and log show: field-level changes, and the published
 * revisions, as text for people (through the terminal escaper: authors
 * and messages come from anyone's commits) or as JSON for tools.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "bounds.h"
#include "build.h"
#include "commands.h"
#include "content.h"
#include "escape.h"
#include "history.h"
#include "i18n.h"
#include "repo.h"
#include "scalar.h"
#include "schema.h"
#include "verify.h"
#include "view.h"
#include "gongshi.h"

/* What was asked for, on standard output; 0, or -1 if it failed. */
static int
put_out(const struct buf *b, int json)
{
	/* JSON escapes every control character itself. */
	if (json)
		return fputs(b->p, stdout) == EOF || fflush(stdout) != 0 ?
		    -1 : 0;
	return term_put(stdout, b->p);
}

/* DIR's repository, or -1 after saying there is none. */
static int
open_history(struct ctx *c, const struct opts *o, git_repository **repo)
{
	int	 rc;

	if ((rc = repo_open(o->dir, repo, &c->diags)) == 1)
		report(&c->diags, SEV_ERROR, "not a git repository; run "
		    "gongshi publish first");
	return rc == 0 ? 0 : -1;
}

/* diff: last commit to working content, REV to it, or REV to REV. */
int
cmd_diff(const struct opts *o)
{
	struct ctx	 c;
	struct changes	 cs;
	struct buf	 text = { 0 };
	git_repository	*repo = NULL;
	git_tree	*a = NULL, *b = NULL;
	int		 rc = EXIT_USAGE;

	ctx_init(&c, o->dir, o->today);
	c.diags.emit = o->emit;
	c.diags.emit_arg = o->emit_arg;
	memset(&cs, 0, sizeof(cs));
	cs.arena = &c.arena;
	cs.check_fees = o->nargs < 2;	/* what would be published */
	if (open_history(&c, o, &repo) == -1 ||
	    rev_tree(repo, o->nargs > 0 ? o->args[0] : "HEAD", &a, NULL,
	    &c.diags) == -1 || (o->nargs == 2 && rev_tree(repo, o->args[1],
	    &b, NULL, &c.diags) == -1) || changes_between(&c, repo, a, b,
	    o->nargs < 2, &cs, &c.diags) == -1)
		goto out;
	if (o->json) {
		changes_json(&cs, &text);
		buf_putc(&text, '\n');
	} else if (cs.n == 0)
		buf_puts(&text, _("no changes\n"));
	else
		changes_text(&cs, &text, "");
	if (put_out(&text, o->json) == 0)
		rc = EXIT_VALID;
	diag_flush(&c.diags);	/* fee changes without notice */
	site_note(o->dir, repo, &c.diags);
out:
	changes_free(&cs);
	git_tree_free(a);
	git_tree_free(b);
	git_repository_free(repo);
	buf_free(&text);
	ctx_free(&c);
	return rc;
}

/*
 * Who signed r and whether it held, as verify finds it, for a clerk or
 * an official at a terminal; NULL when no parties.yaml was in force.
 */
static const char *
signed_text(struct arena *a, const struct revision *r)
{
	switch (r->as) {
	case SIGNED_GOOD:
		return arena_printf(a, _("signed by %s, verified"), r->party);
	case SIGNED_SCOPE:
		return arena_printf(a, _("signed by %s, verified, but it "
		    "changed what that party may not publish (gongshi verify "
		    "names it)"), r->party);
	case SIGNED_UNSIGNED:
		return _("not signed");
	case SIGNED_BAD:
		return _("the signature does not verify");
	case SIGNED_UNKNOWN:
		return _("signed with a key no party lists");
	case SIGNED_UNCHECKED:
		return _("signature not checked: ssh-keygen could not be run");
	default:
		return NULL;
	}
}

/* One revision in the log, as text or as a JSON object. */
static void
log_entry(struct arena *a, struct buf *out, const struct revision *r,
    const struct changes *one, int json, int first)
{
	const char	*sig;

	if (json) {
		buf_puts(out, first ? "\n{" : ",\n{");
		buf_printf(out, "\"commit\": \"%s\", \"date\": \"%s\", "
		    "\"author\": ", r->id, r->when_iso);
		json_string(out, r->author);
		buf_puts(out, ", \"email\": ");
		json_string(out, r->email);
		buf_puts(out, ", \"publisher\": ");
		json_string(out, publisher_of(r));
		buf_printf(out, ", \"signature\": \"%s\"",
		    signature_code(r->as));
		buf_puts(out, ", \"summary\": ");
		json_string(out, r->summary);
		buf_puts(out, ", \"changes\": ");
		changes_json(one, out);
		buf_putc(out, '}');
		return;
	}
	buf_printf(out, "%s%s  %s  %s <%s>\n", first ? "" : "\n",
	    r->short_id, r->when, r->author, r->email);
	if ((sig = signed_text(a, r)) != NULL)
		buf_printf(out, "    [%s]\n", sig);
	buf_printf(out, "    %s\n", r->summary);
	changes_text(one, out, "    ");
}

/*
 * The zone the log shows times in: site.yaml's utc_offset, read on its
 * own (the log needs nothing else of the content).
 */
static void
site_zone(struct ctx *c)
{
	struct gs_site	*site = &c->content->site;
	struct buf	 b = { 0 };
	int		 found = ctx_read(c, "content/site.yaml", RECORD_MAX,
			    &b) == 0;

	site->utc_offset.n = site_zone_of(c, found ? b.p : NULL, b.len);
	site->utc_offset.s = "";	/* set: history.c reads .n */
	buf_free(&b);
}

/* log: revisions, all or those touching one compound, newest first. */
int
cmd_log(const struct opts *o)
{
	struct ctx	 c;
	struct history	 h;
	struct changes	 one;
	struct buf	 out = { 0 };
	git_repository	*repo = NULL;
	size_t		 i, first, n, k;
	int		 rc = EXIT_USAGE;

	ctx_init(&c, o->dir, o->today);
	c.diags.emit = o->emit;
	c.diags.emit_arg = o->emit_arg;
	memset(&h, 0, sizeof(h));
	site_zone(&c);
	if (open_history(&c, o, &repo) == -1 ||
	    load_history(&c, repo, NULL, &h) == -1 ||
	    load_signatures(&c, repo, &h, o->dir) == -1)
		goto out;
	if (o->nargs == 1)
		n = history_of(&h, o->args[0], &first);
	else
		n = h.n, first = 0;
	if (o->json)
		buf_putc(&out, '[');
	for (k = 0; k < n; k++) {
		const struct revision *r = &h.v[o->nargs ?
		    h.touch[first + k].rev : k];

		memset(&one, 0, sizeof(one));
		one.v = h.changes.v + r->first;
		one.n = r->count;
		if (o->nargs == 1) {	/* only that compound's changes */
			one.n = revision_changes_of(&h, r, o->args[0], &i);
			one.v = h.changes.v + i;
		}
		log_entry(&c.arena, &out, r, &one, o->json, k == 0);
	}
	if (o->json)
		buf_puts(&out, n ? "\n]\n" : "]\n");
	else if (n == 0)
		buf_puts(&out, o->nargs ? _("no revision touches that "
		    "compound\n") : _("nothing published yet\n"));
	if (put_out(&out, o->json) == 0)
		rc = EXIT_VALID;
	site_note(o->dir, repo, &c.diags);
out:
	history_free(&h);
	git_repository_free(repo);
	buf_free(&out);
	ctx_free(&c);
	return rc;
}
