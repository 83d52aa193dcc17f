/*
 * gongshi: turns one YAML record per residential compound into a public
 * disclosure site.  This file only parses options and dispatches; each
 * subcommand's work lives in the stage files.
 */
#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "extern.h"
#include "gongshi.h"
#include "template.h"

/* Exit statuses, as the man page gives them. */
#define EXIT_VALID	0
#define EXIT_INVALID	1
#define EXIT_USAGE	2

static void
usage(FILE *f)
{
	fputs("usage: gongshi check [-C dir] [--strict] [--today YYYY-MM-DD]\n"
	    "       gongshi build [-C dir] [-o out] [--strict] "
	    "[--today YYYY-MM-DD]\n"
	    "       gongshi boards [-C dir] [-o out] [--pdf] [id ...]\n"
	    "       gongshi publish [-C dir] -m message [--author \"Name "
	    "<email>\"]\n"
	    "               [--site-branch name] [-o out]\n"
	    "       gongshi diff [-C dir] [--json] [rev [rev]]\n"
	    "       gongshi log [-C dir] [--json] [id]\n"
	    "       gongshi --version\n", f);
}

/* Options every subcommand shares. */
struct opts {
	const char	*dir;
	const char	*out;		/* build, boards: -o */
	int		 strict;
	int		 pdf;		/* boards: --pdf */
	int64_t		 today;
	int		 today_given;
	char		**args;		/* boards: ids */
	size_t		 nargs;
	const char	*message;	/* publish: -m */
	const char	*author;	/* publish: --author */
	const char	*site_branch;	/* publish: --site-branch */
	int		 json;		/* diff, log: --json */
};

/* What a subcommand accepts beyond -C, --strict and --today. */
#define WITH_OUT	0x1	/* -o OUT */
#define WITH_PDF	0x2	/* --pdf */
#define WITH_ARGS	0x4	/* operands */
#define WITH_PUBLISH	0x8	/* -m, --author, --site-branch */
#define WITH_JSON	0x10	/* --json */

static int
parse_opts(int argc, char **argv, struct opts *o, int with)
{
	static const struct option longopts[] = {
		{ "pdf", no_argument, NULL, 'p' },
		{ "author", required_argument, NULL, 'a' },
		{ "site-branch", required_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "strict", no_argument, NULL, 's' },
		{ "today", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf	 msg = { 0 };
	int		 ch;

	o->dir = ".";
	o->out = NULL;
	o->strict = 0;
	o->pdf = 0;
	o->message = o->author = o->site_branch = NULL;
	o->json = 0;
	o->today = (int64_t)(time(NULL) / 86400);
	o->today_given = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, with & WITH_PUBLISH ? "C:o:m:h" :
	    with & WITH_OUT ? "C:o:h" : "C:h", longopts, NULL)) != -1) {
		if ((ch == 'p' && !(with & WITH_PDF)) ||
		    ((ch == 'a' || ch == 'b') && !(with & WITH_PUBLISH)) ||
		    (ch == 'j' && !(with & WITH_JSON)))
			ch = '?';
		switch (ch) {
		case 'C':
			o->dir = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'p':
			o->pdf = 1;
			break;
		case 'm':
			o->message = optarg;
			break;
		case 'a':
			o->author = optarg;
			break;
		case 'b':
			o->site_branch = optarg;
			break;
		case 'j':
			o->json = 1;
			break;
		case 's':
			o->strict = 1;
			break;
		case 't':
			if (parse_date(optarg, &o->today, &msg) != NULL) {
				fprintf(stderr, "gongshi: --today: %s\n", msg.p);
				buf_free(&msg);
				return -1;
			}
			o->today_given = 1;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_VALID);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc && !(with & WITH_ARGS)) {
		fprintf(stderr, "gongshi: unexpected argument '%s'\n",
		    argv[optind]);
		usage(stderr);
		return -1;
	}
	o->args = argv + optind;
	o->nargs = (size_t)(argc - optind);
	return 0;
}

#define PLURAL(n)	((n) == 1 ? "" : "s")

/*
 * With GONGSHI_TIMING set, each phase's wall time goes to stderr: how
 * `make bench` tells publishing apart from the site build it includes.
 */
static void
timing(const char *phase)
{
	static struct timespec	 last;
	struct timespec		 now;

	if (getenv("GONGSHI_TIMING") == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (phase != NULL)
		fprintf(stderr, "timing: %-14s %.3f s\n", phase,
		    (double)(now.tv_sec - last.tv_sec) +
		    (double)(now.tv_nsec - last.tv_nsec) / 1e9);
	last = now;
}

/*
 * Loads and checks the content and prints what was found.  Returns
 * EXIT_VALID when the content may be used.
 */
static int
load_and_check(struct ctx *c, const struct opts *o)
{
	if (content_load(c) == -1)
		return EXIT_USAGE;
	content_check(c);
	diag_sort(&c->diags);
	if (diag_print(&c->diags, stderr) == -1)
		return EXIT_USAGE;
	fprintf(stderr, "%zu compound%s, %zu file%s: %zu error%s, "
	    "%zu warning%s\n", c->content->ncompounds,
	    PLURAL(c->content->ncompounds), c->nfiles, PLURAL(c->nfiles),
	    c->diags.nerrors, PLURAL(c->diags.nerrors), c->diags.nwarnings,
	    PLURAL(c->diags.nwarnings));
	if (c->diags.nerrors > 0 || (o->strict && c->diags.nwarnings > 0))
		return EXIT_INVALID;
	return EXIT_VALID;
}

static int
cmd_check(int argc, char **argv)
{
	struct opts	 o;
	struct ctx	 c;
	int		 rc;

	if (parse_opts(argc, argv, &o, 0) == -1)
		return EXIT_USAGE;
	ctx_init(&c, o.dir, o.today);
	rc = load_and_check(&c, &o);
	ctx_free(&c);
	return rc;
}

/*
 * Renders the checked content into a temporary folder beside the site
 * (o->out, or DIR/site), leaving the swap to the caller.  hist may be
 * NULL: no repository, no history pages.
 */
static int
render_staged(struct ctx *c, const struct opts *o, struct output *out,
    const struct history *hist, struct buf *dest)
{
	struct build_opts bo;

	if (o->out != NULL)
		buf_puts(dest, o->out);
	else
		buf_printf(dest, "%s/site", o->dir);
	bo.today = o->today;
	bo.today_given = o->today_given;
	bo.history = hist;
	if (output_begin(out, dest->p) == -1)
		return EXIT_USAGE;
	diag_free(&c->diags);	/* printed; what follows is the layouts' */
	if (render_site(c, out, &bo) == -1) {
		output_abort(out);
		fputs("gongshi: not built; the site was left as it was\n",
		    stderr);
		if (c->diags.n == 0)
			return EXIT_USAGE;
		diag_sort(&c->diags);
		diag_print(&c->diags, stderr);
		return EXIT_INVALID;
	}
	return EXIT_VALID;
}

/* The history of DIR's repository up to tip (HEAD when NULL), if any. */
static int
load_history(struct ctx *c, git_repository *repo, const git_oid *tip,
    struct history *h)
{
	struct buf	 why = { 0 };
	git_oid		 head;
	int		 rc = 0;

	memset(h, 0, sizeof(*h));
	if (tip == NULL) {
		if (git_reference_name_to_id(&head, repo, "HEAD") != 0)
			return 0;	/* nothing published yet */
		tip = &head;
	}
	if (history_load(c, repo, tip, h, &why) == -1) {
		fprintf(stderr, "gongshi: %s\n", why.p);
		rc = -1;
	}
	buf_free(&why);
	return rc;
}

/*
 * Checks, then renders into a temporary folder that replaces the site
 * only when complete: invalid content or a failed build leave the
 * published site as it was.
 */
static int
cmd_build(int argc, char **argv)
{
	struct opts	 o;
	struct ctx	 c;
	struct output	 out;
	struct history	 h;
	struct buf	 dest = { 0 }, why = { 0 };
	git_repository	*repo = NULL;
	int		 rc;

	if (parse_opts(argc, argv, &o, WITH_OUT) == -1)
		return EXIT_USAGE;
	ctx_init(&c, o.dir, o.today);
	c.want_blob = 1;	/* boards show it until history exists */
	memset(&out, 0, sizeof(out));
	memset(&h, 0, sizeof(h));
	if ((rc = load_and_check(&c, &o)) != EXIT_VALID) {
		if (rc == EXIT_INVALID)
			fputs("gongshi: not built: fix the errors above; the "
			    "site was left as it was\n", stderr);
		goto out;
	}
	rc = EXIT_USAGE;
	if (repo_open(o.dir, &repo, &why) == -1) {
		fprintf(stderr, "gongshi: %s\n", why.p);
		goto out;
	}
	if (repo != NULL && load_history(&c, repo, NULL, &h) == -1)
		goto out;
	if ((rc = render_staged(&c, &o, &out, repo ? &h : NULL, &dest)) !=
	    EXIT_VALID)
		goto out;
	rc = EXIT_USAGE;
	if (output_commit(&out) == -1)
		goto out;
	fprintf(stderr, "built %s: %zu files, %zu bytes, %zu unchanged\n",
	    dest.p, out.nfiles, out.nbytes, out.nkept);
	rc = EXIT_VALID;
out:
	history_free(&h);
	git_repository_free(repo);
	output_free(&out);
	buf_free(&dest);
	buf_free(&why);
	ctx_free(&c);
	return rc;
}

/*
 * Writes the boards of the given compounds (all by default) into the
 * site, file by file, and with --pdf prints each through Chromium.
 */
static int
cmd_boards(int argc, char **argv)
{
	struct opts	 o;
	struct ctx	 c;
	struct output	 out;
	struct buf	 dest = { 0 }, html = { 0 }, pdf = { 0 }, why = { 0 };
	struct history	 h;
	git_repository	*repo = NULL;
	const char	**written = NULL;
	size_t		 n = 0, i, printed = 0;
	int		 rc;

	if (parse_opts(argc, argv, &o, WITH_OUT | WITH_PDF | WITH_ARGS) == -1)
		return EXIT_USAGE;
	ctx_init(&c, o.dir, o.today);
	c.want_blob = 1;
	memset(&out, 0, sizeof(out));
	memset(&h, 0, sizeof(h));
	if ((rc = load_and_check(&c, &o)) != EXIT_VALID)
		goto out;
	if (o.pdf && find_chromium() == NULL) {
		fputs("gongshi: --pdf needs Chromium, which is not installed: "
		    "apt-get install chromium (or name it in "
		    "GONGSHI_CHROMIUM)\n", stderr);
		rc = EXIT_USAGE;
		goto out;
	}
	if (o.out != NULL)
		buf_puts(&dest, o.out);
	else
		buf_printf(&dest, "%s/site", o.dir);
	rc = EXIT_USAGE;
	if (output_begin_in_place(&out, dest.p) == -1)
		goto out;
	if (repo_open(o.dir, &repo, &why) == -1) {
		fprintf(stderr, "gongshi: %s\n", why.p);
		goto out;
	}
	if (repo != NULL && load_history(&c, repo, NULL, &h) == -1)
		goto out;
	diag_free(&c.diags);	/* printed; what follows is new */
	if (render_boards(&c, &out, o.args, o.nargs, repo ? &h : NULL,
	    &written, &n) == -1) {
		diag_sort(&c.diags);
		diag_print(&c.diags, stderr);
		rc = c.diags.nerrors > 0 ? EXIT_INVALID : EXIT_USAGE;
		goto out;
	}
	fprintf(stderr, "wrote %zu board page%s into %s (%zu unchanged)\n",
	    n, PLURAL(n), dest.p, out.nkept);
	for (i = 0; o.pdf && i < n; i++) {
		buf_truncate(&html, 0);
		buf_truncate(&pdf, 0);
		buf_truncate(&why, 0);
		buf_printf(&html, "%s/%s", dest.p, written[i]);
		buf_printf(&pdf, "%.*s.pdf", (int)(html.len - 5), html.p);
		if (print_pdf(html.p, pdf.p, &why) == -1) {
			fprintf(stderr, "gongshi: %s: %s\n", pdf.p, why.p);
			goto out;
		}
		printed++;
	}
	if (o.pdf)
		fprintf(stderr, "printed %zu PDF%s\n", printed,
		    PLURAL(printed));
	rc = EXIT_VALID;
out:
	history_free(&h);
	git_repository_free(repo);
	free(written);
	output_free(&out);
	buf_free(&dest);
	buf_free(&html);
	buf_free(&pdf);
	buf_free(&why);
	ctx_free(&c);
	return rc;
}

/*
 * Check, build, commit: the content as one commit, its message listing
 * the field-level changes; the site rendered with that commit in its
 * history, swapped in only once the branch has moved to it.
 */
static int
cmd_publish(int argc, char **argv)
{
	struct opts	 o;
	struct ctx	 c;
	struct output	 out;
	struct history	 h;
	struct changes	 cs;
	struct buf	 why = { 0 }, lock = { 0 }, msg = { 0 }, dest = { 0 };
	git_repository	*repo = NULL;
	git_repository_init_options init;
	git_index	*idx = NULL;
	git_signature	*sig = NULL;
	git_tree	*tree = NULL, *ptree = NULL;
	git_commit	*parent = NULL;
	git_oid		 tree_oid, head, commit_oid;
	const git_commit *parents[1];
	int		 rc, has_head;

	if (parse_opts(argc, argv, &o, WITH_OUT | WITH_PUBLISH) == -1)
		return EXIT_USAGE;
	if (o.message == NULL || *o.message == '\0') {
		fputs("gongshi: publish needs -m MESSAGE: say what changed "
		    "and why\n", stderr);
		return EXIT_USAGE;
	}
	ctx_init(&c, o.dir, o.today);
	memset(&out, 0, sizeof(out));
	memset(&h, 0, sizeof(h));
	memset(&cs, 0, sizeof(cs));
	cs.arena = &c.arena;
	rc = EXIT_USAGE;
	if ((rc = repo_open(o.dir, &repo, &why)) == 1) {
		git_repository_init_options_init(&init,
		    GIT_REPOSITORY_INIT_OPTIONS_VERSION);
		init.initial_head = "main";
		init.flags = GIT_REPOSITORY_INIT_MKPATH;
		if (git_repository_init_ext(&repo, o.dir, &init) < 0) {
			fprintf(stderr, "gongshi: %s: %s\n", o.dir,
			    git_error_last()->message);
			rc = EXIT_USAGE;
			goto out;
		}
		fprintf(stderr, "created a git repository in %s\n", o.dir);
		/* The rendered site is not content: keep it out of status. */
		{
			struct buf	 ex = { 0 };
			FILE		*f;

			buf_printf(&ex, "%sinfo", git_repository_path(repo));
			mkdir(ex.p, 0755);
			buf_puts(&ex, "/exclude");
			if ((f = fopen(ex.p, "a")) != NULL) {
				fputs("/site/\n/.site.tmp-*\n", f);
				fclose(f);
			}
			buf_free(&ex);
		}
	} else if (rc == -1) {
		fprintf(stderr, "gongshi: %s\n", why.p);
		rc = EXIT_USAGE;
		goto out;
	}
	rc = EXIT_USAGE;
	timing(NULL);
	if (publish_lock(repo, &lock, &why) == -1) {
		fprintf(stderr, "gongshi: %s\n", why.p);
		goto out;
	}
	timing("lock");
	if ((rc = load_and_check(&c, &o)) != EXIT_VALID) {
		if (rc == EXIT_INVALID)
			fputs("gongshi: not published: fix the errors above; "
			    "nothing was committed and the site was left as "
			    "it was\n", stderr);
		goto out;
	}
	rc = EXIT_USAGE;
	has_head = git_reference_name_to_id(&head, repo, "HEAD") == 0;
	if (has_head && (git_commit_lookup(&parent, repo, &head) < 0 ||
	    git_commit_tree(&ptree, parent) < 0)) {
		fprintf(stderr, "gongshi: HEAD: %s\n", git_error_last()->message);
		goto out;
	}
	timing("check");
	if (work_tree(repo, &idx, &tree_oid, &why) == -1) {
		fprintf(stderr, "gongshi: %s\n", why.p);
		goto out;
	}
	timing("tree");
	if (ptree != NULL && git_oid_equal(&tree_oid, git_tree_id(ptree))) {
		fputs("nothing to publish: the content is as last published\n",
		    stderr);
		rc = EXIT_VALID;
		goto out;
	}
	if (git_tree_lookup(&tree, repo, &tree_oid) < 0 ||
	    changes_between(&c, repo, ptree, tree, 0, &cs, &why) == -1 ||
	    publish_author(repo, o.author, &sig, &why) == -1) {
		fprintf(stderr, "gongshi: %s\n", why.p ? why.p :
		    git_error_last()->message);
		goto out;
	}
	buf_printf(&msg, "%s\n", o.message);
	if (cs.n > 0) {
		buf_putc(&msg, '\n');
		changes_text(&cs, &msg, "");
	}
	parents[0] = parent;
	timing("diff");
	if (git_commit_create(&commit_oid, repo, NULL, sig, sig, "UTF-8",
	    msg.p, tree, parent ? 1 : 0, parents) < 0) {
		fprintf(stderr, "gongshi: commit: %s\n",
		    git_error_last()->message);
		goto out;
	}
	timing("commit");
	/* The site shows this commit in its history before the branch
	 * moves; the swap waits until it has. */
	if (load_history(&c, repo, &commit_oid, &h) == -1)
		goto out;
	timing("history");
	if ((rc = render_staged(&c, &o, &out, &h, &dest)) != EXIT_VALID) {
		fputs("gongshi: not published: nothing was committed\n",
		    stderr);
		goto out;
	}
	timing("build");
	rc = EXIT_USAGE;
	if (advance_head(repo, &commit_oid, has_head ? &head : NULL,
	    "gongshi publish", &why) == -1) {
		fprintf(stderr, "gongshi: %s\n", why.p);
		goto out;
	}
	if (git_index_write(idx) < 0)
		fprintf(stderr, "gongshi: warning: index: %s\n",
		    git_error_last()->message);
	timing("ref+index");
	if (output_commit(&out) == -1)
		goto out;
	timing("swap");
	if (o.site_branch != NULL && commit_site(repo, dest.p, o.site_branch,
	    sig, msg.p, &why) == -1) {
		fprintf(stderr, "gongshi: %s\n", why.p);
		goto out;
	}
	{
		char	 id[13];

		git_oid_tostr(id, sizeof(id), &commit_oid);
		fprintf(stderr, "published %s: %zu change%s\n", id, cs.n,
		    PLURAL(cs.n));
	}
	rc = EXIT_VALID;
out:
	publish_unlock(&lock);
	changes_free(&cs);
	history_free(&h);
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	git_index_free(idx);
	git_repository_free(repo);
	output_free(&out);
	buf_free(&why);
	buf_free(&lock);
	buf_free(&msg);
	buf_free(&dest);
	ctx_free(&c);
	return rc;
}

/* Field-level changes: last commit to working content, or REV to REV. */
static int
cmd_diff(int argc, char **argv)
{
	struct opts	 o;
	struct ctx	 c;
	struct changes	 cs;
	struct buf	 why = { 0 }, text = { 0 };
	git_repository	*repo = NULL;
	git_tree	*a = NULL, *b = NULL;
	int		 rc = EXIT_USAGE;

	if (parse_opts(argc, argv, &o, WITH_ARGS | WITH_JSON) == -1)
		return EXIT_USAGE;
	if (o.nargs > 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	ctx_init(&c, o.dir, o.today);
	memset(&cs, 0, sizeof(cs));
	cs.arena = &c.arena;
	if (repo_open(o.dir, &repo, &why) != 0) {
		fprintf(stderr, "gongshi: %s\n", why.p ? why.p : "not a git "
		    "repository; run gongshi publish first");
		goto out;
	}
	if (rev_tree(repo, o.nargs > 0 ? o.args[0] : "HEAD", &a, NULL,
	    &why) == -1 || (o.nargs == 2 && rev_tree(repo, o.args[1], &b,
	    NULL, &why) == -1) || changes_between(&c, repo, a, b,
	    o.nargs < 2, &cs, &why) == -1) {
		fprintf(stderr, "gongshi: %s\n", why.p);
		goto out;
	}
	if (o.json) {
		changes_json(&cs, &text);
		buf_putc(&text, '\n');
	} else if (cs.n == 0)
		buf_puts(&text, "no changes\n");
	else
		changes_text(&cs, &text, "");
	fputs(text.p, stdout);
	rc = fflush(stdout) == 0 ? EXIT_VALID : EXIT_USAGE;
out:
	changes_free(&cs);
	git_tree_free(a);
	git_tree_free(b);
	git_repository_free(repo);
	buf_free(&why);
	buf_free(&text);
	ctx_free(&c);
	return rc;
}

/* Revisions, all or those touching one compound, newest first. */
static int
cmd_log(int argc, char **argv)
{
	struct opts	 o;
	struct ctx	 c;
	struct history	 h;
	struct changes	 one;
	struct buf	 out = { 0 }, why = { 0 };
	git_repository	*repo = NULL;
	size_t		 i, first, n, k, shown = 0;
	int		 rc = EXIT_USAGE;

	if (parse_opts(argc, argv, &o, WITH_ARGS | WITH_JSON) == -1)
		return EXIT_USAGE;
	if (o.nargs > 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	ctx_init(&c, o.dir, o.today);
	memset(&h, 0, sizeof(h));
	if (repo_open(o.dir, &repo, &why) != 0) {
		fprintf(stderr, "gongshi: %s\n", why.p ? why.p : "not a git "
		    "repository; run gongshi publish first");
		goto out;
	}
	if (load_history(&c, repo, NULL, &h) == -1)
		goto out;
	if (o.nargs == 1)
		n = history_of(&h, o.args[0], &first);
	else
		n = h.n, first = 0;
	if (o.json)
		buf_putc(&out, '[');
	for (k = 0; k < n; k++) {
		const struct revision *r = &h.v[o.nargs ? h.touch[first + k].rev :
		    k];

		memset(&one, 0, sizeof(one));
		one.v = h.changes.v + r->first;
		one.n = r->count;
		if (o.nargs == 1) {	/* only that compound's changes */
			one.n = revision_changes_of(&h, r, o.args[0], &i);
			one.v = h.changes.v + i;
		}
		if (o.json) {
			buf_puts(&out, shown++ ? ",\n{" : "\n{");
			buf_printf(&out, "\"commit\": \"%s\", \"date\": "
			    "\"%s\", \"author\": ", r->id, r->when_iso);
			json_string(&out, r->author);
			buf_puts(&out, ", \"email\": ");
			json_string(&out, r->email);
			buf_puts(&out, ", \"summary\": ");
			json_string(&out, r->summary);
			buf_puts(&out, ", \"changes\": ");
			changes_json(&one, &out);
			buf_putc(&out, '}');
		} else {
			buf_printf(&out, "%s%s  %s  %s <%s>\n    %s\n",
			    shown++ ? "\n" : "", r->short_id, r->when,
			    r->author, r->email, r->summary);
			changes_text(&one, &out, "    ");
		}
	}
	if (o.json)
		buf_puts(&out, shown ? "\n]\n" : "]\n");
	else if (shown == 0)
		buf_puts(&out, o.nargs ? "no revision touches that compound\n" :
		    "nothing published yet\n");
	fputs(out.p, stdout);
	rc = fflush(stdout) == 0 ? EXIT_VALID : EXIT_USAGE;
out:
	history_free(&h);
	git_repository_free(repo);
	buf_free(&out);
	buf_free(&why);
	ctx_free(&c);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct {
		const char	*name;
		int		(*run)(int, char **);
	} cmds[] = {
		{ "check", cmd_check },
		{ "build", cmd_build },
		{ "boards", cmd_boards },
		{ "publish", cmd_publish },
		{ "diff", cmd_diff },
		{ "log", cmd_log },
	};
	size_t	 i;
	int	 rc;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		puts("gongshi " VERSION);
		return EXIT_VALID;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_VALID;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0) {
			git_libgit2_init();
			/* Never read the user's or system git configuration
			 * by accident: only what gongshi asks for. */
			git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH,
			    GIT_CONFIG_LEVEL_SYSTEM, "");
			/* A folder of 1,000 records is a 50 KB tree, past
			 * libgit2's 4 KB default: cache them, since history
			 * reads the same folder tree in revision after
			 * revision. */
			git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT,
			    GIT_OBJECT_TREE, (size_t)1024 * 1024);
			/* Objects are only read back from the repository's
			 * own store; rehashing each one costs a tenth of
			 * reading history.  git fsck still checks them. */
			git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION,
			    0);
			rc = cmds[i].run(argc - 1, argv + 1);
			git_libgit2_shutdown();
			return rc;
		}
	fprintf(stderr, "gongshi: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
