/*
 * gongshi: turns one YAML record per residential compound into a public
 * disclosure site.  This file parses options and dispatches; each
 * subcommand's work lives in the stage files (build.c, publish.c, …).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "scalar.h"
#include "content.h"
#include "output.h"
#include "history.h"
#include "repo.h"
#include "build.h"
#include "publish.h"
#include "site.h"
#include "escape.h"

static void
usage(FILE *f)
{
	fputs("usage: gongshi check [-C dir] [--strict] [--today YYYY-MM-DD]\n"
	    "       gongshi build [-C dir] [-o out] [--strict] "
	    "[--today YYYY-MM-DD]\n"
	    "       gongshi boards [-C dir] [-o out] [--pdf] [id ...]\n"
	    "       gongshi publish [-C dir] [-m message] [--author \"Name "
	    "<email>\"]\n"
	    "               [--all] [--site-branch name] [-o out] "
	    "[id|path ...]\n"
	    "       gongshi diff [-C dir] [--json] [rev [rev]]\n"
	    "       gongshi log [-C dir] [--json] [id]\n"
	    "       gongshi --version\n", f);
}

/* Options every subcommand shares. */
struct opts {
	const char	*dir;
	const char	*out;		/* build, boards, publish: -o */
	int		 strict;
	int		 pdf;		/* boards: --pdf */
	int64_t		 today;
	int		 today_given;
	char		**args;		/* operands */
	size_t		 nargs;
	const char	*message;	/* publish: -m */
	const char	*author;	/* publish: --author */
	const char	*site_branch;	/* publish: --site-branch */
	int		 all;		/* publish: --all */
	int		 json;		/* diff, log: --json */
};

/* What a subcommand accepts beyond -C, --strict and --today. */
#define WITH_OUT	0x1	/* -o OUT */
#define WITH_PDF	0x2	/* --pdf */
#define WITH_ARGS	0x4	/* operands */
#define WITH_PUBLISH	0x8	/* -m, --author, --site-branch, --all */
#define WITH_JSON	0x10	/* --json */

static int
parse_opts(int argc, char **argv, struct opts *o, int with)
{
	static const struct option longopts[] = {
		{ "pdf", no_argument, NULL, 'p' },
		{ "author", required_argument, NULL, 'a' },
		{ "site-branch", required_argument, NULL, 'b' },
		{ "all", no_argument, NULL, 'A' },
		{ "json", no_argument, NULL, 'j' },
		{ "strict", no_argument, NULL, 's' },
		{ "today", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf	 msg = { 0 };
	int		 ch;

	memset(o, 0, sizeof(*o));
	o->dir = ".";
	o->today = (int64_t)(time(NULL) / 86400);
	optind = 1;
	while ((ch = getopt_long(argc, argv, with & WITH_PUBLISH ? "C:o:m:h" :
	    with & WITH_OUT ? "C:o:h" : "C:h", longopts, NULL)) != -1) {
		if ((ch == 'p' && !(with & WITH_PDF)) ||
		    ((ch == 'a' || ch == 'b' || ch == 'A') &&
		    !(with & WITH_PUBLISH)) || (ch == 'j' && !(with & WITH_JSON)))
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
		case 'A':
			o->all = 1;
			break;
		case 'j':
			o->json = 1;
			break;
		case 's':
			o->strict = 1;
			break;
		case 't':
			if (parse_date(optarg, &o->today, &msg) != NULL) {
				say("gongshi: --today: %s\n", msg.p);
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
		say("gongshi: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return -1;
	}
	o->args = argv + optind;
	o->nargs = (size_t)(argc - optind);
	return 0;
}

#define PLURAL(n)	((n) == 1 ? "" : "s")

/* DIR's repository for reading, or NULL (said why when it failed). */
static git_repository *
open_quietly(const char *dir)
{
	git_repository	*repo = NULL;
	struct buf	 why = { 0 };

	if (repo_open(dir, &repo, &why) == -1)
		say("gongshi: %s\n", why.p);
	buf_free(&why);
	return repo;
}

static int
cmd_check(int argc, char **argv)
{
	struct opts	 o;
	struct ctx	 c;
	git_repository	*repo;
	int		 rc;

	if (parse_opts(argc, argv, &o, 0) == -1)
		return EXIT_USAGE;
	ctx_init(&c, o.dir, o.today);
	rc = check_content(&c, o.strict);
	repo = open_quietly(o.dir);
	site_note(o.dir, repo);
	git_repository_free(repo);
	ctx_free(&c);
	return rc;
}

/*
 * What build and boards do first: open DIR's repository if it has one,
 * judge the output folder, then wait for a publish that is running.
 */
static int
open_to_write(const struct opts *o, const char *what, git_repository **repo,
    struct lock *lock)
{
	struct buf	 why = { 0 };
	int		 rc = -1;

	if (repo_open(o->dir, repo, &why) == -1) {
		say("gongshi: %s\n", why.p);
		goto out;
	}
	if (judge_site(o->dir, o->out, *repo ? git_repository_path(*repo) :
	    NULL) == -1)
		goto out;	/* it said why */
	if (*repo != NULL && repo_lock(*repo, lock, what, &why) == -1) {
		say("gongshi: %s; nothing was written\n", why.p);
		goto out;
	}
	rc = 0;
out:
	buf_free(&why);
	return rc;
}

/*
 * What a site built from the disk will say of itself: the last
 * revision, and whether the disk differs from it.
 */
static int
disk_stamp(git_repository *repo, struct stamp *s, struct buf *why)
{
	git_commit	*commit = NULL;
	git_tree	*tree = NULL;
	git_oid		 head;
	int		 rc, differs;

	memset(s, 0, sizeof(*s));
	s->content = STAMP_NO_HISTORY;
	if (repo == NULL || (rc = head_commit(repo, &head, why)) == 0)
		return 0;
	if (rc == -1)
		return -1;
	if (git_commit_lookup(&commit, repo, &head) < 0 ||
	    git_commit_tree(&tree, commit) < 0) {
		git_fail(why, "HEAD");
		rc = -1;
	} else if ((rc = workdir_differs(repo, tree, &differs, why)) == 0) {
		git_oid_tostr(s->revision, sizeof(s->revision), &head);
		s->content = differs ? STAMP_UNPUBLISHED : STAMP_PUBLISHED;
	}
	git_tree_free(tree);
	git_commit_free(commit);
	return rc;
}

/*
 * Checks, then renders into a temporary folder that replaces the site
 * only when complete: invalid content or a failed build leave the
 * published site as it was.  Waits for a publish that is running.
 */
static int
cmd_build(int argc, char **argv)
{
	struct opts	 o;
	struct ctx	 c;
	struct output	 out;
	struct history	 h;
	struct site_job	 job;
	struct lock	 lock = { -1 };
	struct buf	 why = { 0 };
	git_repository	*repo = NULL;
	int		 rc = EXIT_USAGE;

	if (parse_opts(argc, argv, &o, WITH_OUT) == -1)
		return EXIT_USAGE;
	ctx_init(&c, o.dir, o.today);
	c.want_blob = 1;	/* boards show it until history exists */
	memset(&out, 0, sizeof(out));
	out.lock.fd = -1;
	memset(&h, 0, sizeof(h));
	memset(&job, 0, sizeof(job));
	if (open_to_write(&o, "gongshi build", &repo, &lock) == -1)
		goto out;
	if ((rc = check_content(&c, o.strict)) != EXIT_VALID) {
		if (rc == EXIT_INVALID)
			say("gongshi: not built: fix the errors above; the "
			    "site was left as it was\n");
		goto out;
	}
	rc = EXIT_USAGE;
	if (disk_stamp(repo, &job.stamp, &why) == -1) {
		say("gongshi: %s\n", why.p);
		goto out;
	}
	if (repo != NULL && load_history(&c, repo, NULL, &h) == -1)
		goto out;
	job.out = o.out;
	job.gitdir = repo ? git_repository_path(repo) : NULL;
	job.history = repo ? &h : NULL;
	job.today = o.today;
	job.today_given = o.today_given;
	if ((rc = render_staged(&c, &job, &out)) != EXIT_VALID)
		goto out;
	rc = EXIT_USAGE;
	if (interrupted()) {
		say("gongshi: interrupted; the site was left as it was\n");
		goto out;
	}
	if (output_commit(&out, &why) == -1) {
		say("gongshi: %s; the site was left as it was\n", why.p);
		goto out;
	}
	say("built %s: %zu files, %zu bytes, %zu unchanged\n", out.shown,
	    out.nfiles, out.nbytes, out.nkept);
	if (job.stamp.content == STAMP_UNPUBLISHED)
		say("note: the site shows changes that are not published "
		    "(`gongshi diff` lists them)\n");
	rc = EXIT_VALID;
out:
	history_free(&h);
	output_free(&out);
	lock_release(&lock);
	git_repository_free(repo);
	buf_free(&why);
	ctx_free(&c);
	return rc;
}

/*
 * Boards change a site in place: its stamp must then say if what they
 * were made from is not what the rest of the site shows.
 */
static int
boards_stamp(const struct output *out, git_repository *repo)
{
	struct stamp	 now, was;
	struct buf	 why = { 0 };
	int		 rc = 0, have;

	if (disk_stamp(repo, &now, &why) == -1) {
		say("gongshi: %s\n", why.p);
		buf_free(&why);
		return -1;
	}
	buf_free(&why);
	if ((have = stamp_read(out->final, &was)) == 1 &&
	    strcmp(was.revision, now.revision) == 0 &&
	    was.content == now.content)
		return 0;
	if (have == 1 && was.content != STAMP_NO_HISTORY) {
		now = was;
		now.content = STAMP_UNPUBLISHED;
	}
	if (have != 1 || now.content != was.content)
		rc = stamp_write_in_place(out->final, &now);
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
	struct out_guard g;
	struct lock	 lock = { -1 };
	struct buf	 dest = { 0 }, html = { 0 }, pdf = { 0 }, why = { 0 };
	struct history	 h;
	git_repository	*repo = NULL;
	const char	**written = NULL;
	size_t		 n = 0, i, printed = 0;
	int		 rc = EXIT_USAGE;

	if (parse_opts(argc, argv, &o, WITH_OUT | WITH_PDF | WITH_ARGS) == -1)
		return EXIT_USAGE;
	ctx_init(&c, o.dir, o.today);
	c.want_blob = 1;
	memset(&out, 0, sizeof(out));
	out.lock.fd = -1;
	memset(&h, 0, sizeof(h));
	if (open_to_write(&o, "gongshi boards", &repo, &lock) == -1)
		goto out;
	if ((rc = check_content(&c, o.strict)) != EXIT_VALID)
		goto out;
	rc = EXIT_USAGE;
	if (o.pdf && find_chromium() == NULL) {
		say("gongshi: --pdf needs Chromium, which is not installed: "
		    "apt-get install chromium (or name it in "
		    "GONGSHI_CHROMIUM)\n");
		goto out;
	}
	site_folder(o.dir, o.out, &dest);
	g.dir = o.dir;
	g.gitdir = repo ? git_repository_path(repo) : NULL;
	if (output_begin_in_place(&out, dest.p, &g, &why) == -1) {
		say("gongshi: %s\n", why.p);
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
	if (boards_stamp(&out, repo) == -1)
		goto out;
	say("wrote %zu board page%s into %s (%zu unchanged)\n", n, PLURAL(n),
	    dest.p, out.nkept);
	for (i = 0; o.pdf && i < n; i++) {
		buf_truncate(&html, 0);
		buf_truncate(&pdf, 0);
		buf_truncate(&why, 0);
		buf_printf(&html, "%s/%s", out.final, written[i]);
		buf_printf(&pdf, "%.*s.pdf", (int)(html.len - 5), html.p);
		if (print_pdf(html.p, pdf.p, &why) == -1) {
			say("gongshi: %s: %s\n", pdf.p, why.p);
			goto out;
		}
		printed++;
	}
	if (o.pdf)
		say("printed %zu PDF%s\n", printed, PLURAL(printed));
	rc = EXIT_VALID;
out:
	history_free(&h);
	free(written);
	output_free(&out);
	lock_release(&lock);
	git_repository_free(repo);
	buf_free(&dest);
	buf_free(&html);
	buf_free(&pdf);
	buf_free(&why);
	ctx_free(&c);
	return rc;
}

/* The content as one commit, and the site rebuilt from it (publish.c). */
static int
cmd_publish(int argc, char **argv)
{
	struct opts		 o;
	struct publish_opts	 p;

	if (parse_opts(argc, argv, &o, WITH_OUT | WITH_PUBLISH |
	    WITH_ARGS) == -1)
		return EXIT_USAGE;
	if (o.all && o.nargs > 0) {
		say("gongshi: --all publishes every change; leave it out to "
		    "publish only the ones named\n");
		return EXIT_USAGE;
	}
	memset(&p, 0, sizeof(p));
	p.dir = o.dir;
	p.out = o.out;
	p.message = o.message;
	p.author = o.author;
	p.site_branch = o.site_branch;
	p.only = o.args;
	p.nonly = o.nargs;
	p.all = o.all;
	p.strict = o.strict;
	p.today = o.today;
	p.today_given = o.today_given;
	return publish(&p);
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
		say("gongshi: %s\n", why.p ? why.p : "not a git repository; "
		    "run gongshi publish first");
		goto out;
	}
	if (rev_tree(repo, o.nargs > 0 ? o.args[0] : "HEAD", &a, NULL,
	    &why) == -1 || (o.nargs == 2 && rev_tree(repo, o.args[1], &b,
	    NULL, &why) == -1) || changes_between(&c, repo, a, b,
	    o.nargs < 2, &cs, &why) == -1) {
		say("gongshi: %s\n", why.p);
		goto out;
	}
	if (o.json) {
		changes_json(&cs, &text);
		buf_putc(&text, '\n');
	} else if (cs.n == 0)
		buf_puts(&text, "no changes\n");
	else
		changes_text(&cs, &text, "");
	/* JSON escapes every control character itself. */
	if ((o.json ? fputs(text.p, stdout) == EOF || fflush(stdout) != 0 :
	    term_put(stdout, text.p) == -1) == 0)
		rc = EXIT_VALID;
	site_note(o.dir, repo);
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

/* One revision in the log, as text or as a JSON object. */
static void
log_entry(struct buf *out, const struct revision *r, const struct changes *one,
    int json, int first)
{
	if (json) {
		buf_puts(out, first ? "\n{" : ",\n{");
		buf_printf(out, "\"commit\": \"%s\", \"date\": \"%s\", "
		    "\"author\": ", r->id, r->when_iso);
		json_string(out, r->author);
		buf_puts(out, ", \"email\": ");
		json_string(out, r->email);
		buf_puts(out, ", \"summary\": ");
		json_string(out, r->summary);
		buf_puts(out, ", \"changes\": ");
		changes_json(one, out);
		buf_putc(out, '}');
		return;
	}
	buf_printf(out, "%s%s  %s  %s <%s>\n    %s\n", first ? "" : "\n",
	    r->short_id, r->when, r->author, r->email, r->summary);
	changes_text(one, out, "    ");
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
	size_t		 i, first, n, k;
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
		say("gongshi: %s\n", why.p ? why.p : "not a git repository; "
		    "run gongshi publish first");
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
		log_entry(&out, r, &one, o.json, k == 0);
	}
	if (o.json)
		buf_puts(&out, n ? "\n]\n" : "]\n");
	else if (n == 0)
		buf_puts(&out, o.nargs ? "no revision touches that compound\n" :
		    "nothing published yet\n");
	/* Authors and messages come from anyone's commits: made safe. */
	if ((o.json ? fputs(out.p, stdout) == EOF || fflush(stdout) != 0 :
	    term_put(stdout, out.p) == -1) == 0)
		rc = EXIT_VALID;
	site_note(o.dir, repo);
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
		int		 writes;	/* catches Ctrl-C to unwind */
	} cmds[] = {
		{ "check", cmd_check, 0 },
		{ "build", cmd_build, 1 },
		{ "boards", cmd_boards, 1 },
		{ "publish", cmd_publish, 1 },
		{ "diff", cmd_diff, 0 },
		{ "log", cmd_log, 0 },
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
			if (cmds[i].writes)
				interrupt_catch();
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
	say("gongshi: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
