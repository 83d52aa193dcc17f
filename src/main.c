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
	    "       gongshi --version\n", f);
}

/* Options every subcommand shares. */
struct opts {
	const char	*dir;
	int		 strict;
	int64_t		 today;
};

static int
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "strict", no_argument, NULL, 's' },
		{ "today", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf	 msg = { 0 };
	int		 ch;

	o->dir = ".";
	o->strict = 0;
	o->today = (int64_t)(time(NULL) / 86400);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'C':
			o->dir = optarg;
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
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_VALID);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "gongshi: unexpected argument '%s'\n",
		    argv[optind]);
		usage(stderr);
		return -1;
	}
	return 0;
}

static int
cmd_check(int argc, char **argv)
{
	struct opts	 o;
	struct ctx	 c;
	int		 rc = EXIT_USAGE;

	if (parse_opts(argc, argv, &o) == -1)
		return EXIT_USAGE;
	ctx_init(&c, o.dir, o.today);
	if (content_load(&c) == -1)
		goto out;
	content_check(&c);
	diag_sort(&c.diags);
	if (diag_print(&c.diags, stderr) == -1)
		goto out;
	fprintf(stderr, "%zu compound%s, %zu file%s: %zu error%s, "
	    "%zu warning%s\n", c.content->ncompounds,
	    c.content->ncompounds == 1 ? "" : "s", c.nfiles,
	    c.nfiles == 1 ? "" : "s", c.diags.nerrors,
	    c.diags.nerrors == 1 ? "" : "s", c.diags.nwarnings,
	    c.diags.nwarnings == 1 ? "" : "s");
	if (c.diags.nerrors > 0 || (o.strict && c.diags.nwarnings > 0))
		rc = EXIT_INVALID;
	else
		rc = EXIT_VALID;
out:
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
	};
	size_t	 i;

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
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].run(argc - 1, argv + 1);
	fprintf(stderr, "gongshi: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
