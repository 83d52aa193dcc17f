/*
 * gongshi: turns one YAML record per residential compound into a public
 * disclosure site.  This file only parses options and dispatches; each
 * subcommand's work lives in the stage files.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "extern.h"
#include "gongshi.h"

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
};

/* What a subcommand accepts beyond -C, --strict and --today. */
#define WITH_OUT	0x1	/* -o OUT */
#define WITH_PDF	0x2	/* --pdf */
#define WITH_ARGS	0x4	/* operands */

static int
parse_opts(int argc, char **argv, struct opts *o, int with)
{
	static const struct option longopts[] = {
		{ "pdf", no_argument, NULL, 'p' },
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
	o->today = (int64_t)(time(NULL) / 86400);
	o->today_given = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, with & WITH_OUT ? "C:o:h" : "C:h",
	    longopts, NULL)) != -1) {
		if (ch == 'p' && !(with & WITH_PDF))
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
	struct build_opts bo;
	struct buf	 dest = { 0 };
	int		 rc;

	if (parse_opts(argc, argv, &o, WITH_OUT) == -1)
		return EXIT_USAGE;
	ctx_init(&c, o.dir, o.today);
	memset(&out, 0, sizeof(out));
	if ((rc = load_and_check(&c, &o)) != EXIT_VALID) {
		if (rc == EXIT_INVALID)
			fputs("gongshi: not built: fix the errors above; the "
			    "site was left as it was\n", stderr);
		goto out;
	}
	if (o.out != NULL)
		buf_puts(&dest, o.out);
	else
		buf_printf(&dest, "%s/site", o.dir);
	bo.today = o.today;
	bo.today_given = o.today_given;
	rc = EXIT_USAGE;
	if (output_begin(&out, dest.p) == -1)
		goto out;
	diag_free(&c.diags);	/* printed; what follows is the layouts' */
	if (render_site(&c, &out, &bo) == -1) {
		output_abort(&out);
		if (c.diags.n > 0) {
			diag_sort(&c.diags);
			diag_print(&c.diags, stderr);
			rc = EXIT_INVALID;
		}
		fputs("gongshi: not built; the site was left as it was\n",
		    stderr);
		goto out;
	}
	if (output_commit(&out) == -1)
		goto out;
	fprintf(stderr, "built %s: %zu files, %zu bytes, %zu unchanged\n",
	    dest.p, out.nfiles, out.nbytes, out.nkept);
	rc = EXIT_VALID;
out:
	output_free(&out);
	buf_free(&dest);
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
	const char	**written = NULL;
	size_t		 n = 0, i, printed = 0;
	int		 rc;

	if (parse_opts(argc, argv, &o, WITH_OUT | WITH_PDF | WITH_ARGS) == -1)
		return EXIT_USAGE;
	ctx_init(&c, o.dir, o.today);
	memset(&out, 0, sizeof(out));
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
	diag_free(&c.diags);	/* printed; what follows is new */
	if (render_boards(&c, &out, o.args, o.nargs, &written, &n) == -1) {
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
	free(written);
	output_free(&out);
	buf_free(&dest);
	buf_free(&html);
	buf_free(&pdf);
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
			rc = cmds[i].run(argc - 1, argv + 1);
			git_libgit2_shutdown();
			return rc;
		}
	fprintf(stderr, "gongshi: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
