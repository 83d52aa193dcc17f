/*
 * gongshi: turns one YAML record per residential compound into a public
 * disclosure site.  This file parses options and dispatches; each
 * subcommand's work lives in the stage files (build.c, publish.c, …).
 */
#include <getopt.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "commands.h"
#include "diag.h"
#include "i18n.h"
#include "lock.h"
#include "progress.h"
#include "publish.h"
#include "scalar.h"
#include "contacts.h"

static void
usage(FILE *f)
{
	/* TRANSLATORS: keep the commands and options as they are; the
	 * words in lower case name what to give. */
	fputs(_("usage: gongshi check [-C dir] [--strict] [--today YYYY-MM-DD] "
	    "[--no-cache]\n"
	    "       gongshi build [-C dir] [-o out] [--strict] "
	    "[--today YYYY-MM-DD]\n"
	    "               [--no-cache]\n"
	    "       gongshi boards [-C dir] [-o out] [--pdf] [id ...]\n"
	    "       gongshi publish [-C dir] [-m message] [--author \"Name "
	    "<email>\"]\n"
	    "               [--sign-key file] [--push remote] [--all]\n"
	    "               [--site-branch name]\n"
	    "               [--date YYYY-MM-DD[THH:MM]] [-o out] [--no-cache]\n"
	    "               [id|path ...]\n"
	    "       gongshi diff [-C dir] [--json] [rev [rev]]\n"
	    "       gongshi log [-C dir] [--json] [id]\n"
	    "       gongshi export [-C dir] [-o file.xlsx] [--force] "
	    "[area-code ...]\n"
	    "       gongshi import [-C dir] [--delete] [--dry-run] "
	    "file.xlsx\n"
	    "       gongshi serve [-C dir] [--port N] [--bind address]\n"
	    "       gongshi verify [-C dir] [--trust key] [rev-range]\n"
	    "       gongshi hook install [--trust key] dir.git\n"
	    "       gongshi forget [-C dir] [-o out] mobile-number ...\n"
	    "       gongshi --version\n"
	    "Each command also takes --lang zh or --lang en, and --quiet\n"
	    "(no progress line, no notes: only errors and warnings).\n"), f);
}

/* What a subcommand accepts beyond -C, --strict and --today. */
#define WITH_OUT	0x1	/* -o OUT */
#define WITH_PDF	0x2	/* --pdf */
#define WITH_ARGS	0x4	/* operands */
#define WITH_PUBLISH	0x8	/* -m, --author, --sign-key, --push,
				   --site-branch, --all, --date */
#define WITH_JSON	0x10	/* --json */
#define WITH_FORCE	0x20	/* --force */
#define WITH_IMPORT	0x40	/* --delete, --dry-run */
#define WITH_SERVE	0x80	/* --port, --bind */
#define WITH_CACHE	0x100	/* --no-cache */
#define WITH_TRUST	0x200	/* --trust */

static int
parse_opts(int argc, char **argv, struct opts *o, int with, struct diags *d)
{
	static const struct option longopts[] = {
		{ "pdf", no_argument, NULL, 'p' },
		{ "author", required_argument, NULL, 'a' },
		{ "sign-key", required_argument, NULL, 'K' },
		{ "push", required_argument, NULL, 'u' },
		{ "trust", required_argument, NULL, 'T' },
		{ "site-branch", required_argument, NULL, 'b' },
		{ "all", no_argument, NULL, 'A' },
		{ "date", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "force", no_argument, NULL, 'f' },
		{ "delete", no_argument, NULL, 'D' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "strict", no_argument, NULL, 's' },
		{ "today", required_argument, NULL, 't' },
		{ "port", required_argument, NULL, 'P' },
		{ "bind", required_argument, NULL, 'B' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-cache", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct buf	 msg = { 0 };
	int		 ch;

	o->dir = ".";
	o->today = (int64_t)(time(NULL) / 86400);
	optind = 1;
	opterr = 0;	/* gongshi says what was wrong, in its language */
	while ((ch = getopt_long(argc, argv, with & WITH_PUBLISH ? ":C:o:m:hq" :
	    with & WITH_OUT ? ":C:o:hq" : ":C:hq", longopts, NULL)) != -1) {
		if ((ch == 'p' && !(with & WITH_PDF)) ||
		    ((ch == 'a' || ch == 'b' || ch == 'A' || ch == 'd' ||
		    ch == 'K' || ch == 'u') &&
		    !(with & WITH_PUBLISH)) || (ch == 'j' && !(with & WITH_JSON)) ||
		    (ch == 'f' && !(with & WITH_FORCE)) ||
		    ((ch == 'D' || ch == 'n') && !(with & WITH_IMPORT)) ||
		    ((ch == 'P' || ch == 'B') && !(with & WITH_SERVE)) ||
		    (ch == 'N' && !(with & WITH_CACHE)) ||
		    (ch == 'T' && !(with & WITH_TRUST)))
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
		case 'K':
			o->sign_key = optarg;
			break;
		case 'u':
			o->push = optarg;
			break;
		case 'T':
			o->trust = optarg;
			break;
		case 'b':
			o->site_branch = optarg;
			break;
		case 'A':
			o->all = 1;
			break;
		case 'd':
			o->date = optarg;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'f':
			o->force = 1;
			break;
		case 'D':
			o->delete = 1;
			break;
		case 'n':
			o->dry_run = 1;
			break;
		case 'P':
			o->port = optarg;
			break;
		case 'B':
			o->bind = optarg;
			break;
		case 'N':
			o->no_cache = 1;
			break;
		case 's':
			o->strict = 1;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 't':
			if (parse_date(optarg, &o->today, &msg) != NULL) {
				report(d, SEV_ERROR, "--today: %s", msg.p);
				buf_free(&msg);
				return -1;
			}
			o->today_given = 1;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_VALID);
		case ':':
			report(d, SEV_ERROR, "option '%s' needs a value",
			    argv[optind - 1]);
			usage(stderr);
			return -1;
		default:
			if (optopt != 0 && optopt != '?')
				report(d, SEV_ERROR, "%s does not take the "
				    "option '-%c'", argv[0], optopt);
			else
				report(d, SEV_ERROR, "%s does not take the "
				    "option '%s'", argv[0], argv[optind - 1]);
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc && !(with & WITH_ARGS)) {
		report(d, SEV_ERROR, "unexpected argument '%s'", argv[optind]);
		usage(stderr);
		return -1;
	}
	o->args = argv + optind;
	o->nargs = (size_t)(argc - optind);
	return 0;
}

/*
 * Takes --lang VALUE or --lang=VALUE out of the arguments, wherever it
 * stands, so that every message after it, even about the other
 * arguments, is in that language.  The values of the options that take
 * one are skipped (publish -m --lang is a message), and so is all
 * after "--".  *lang is NULL when not given; -1 when --lang has no
 * value.
 */
static int
take_lang(int *argc, char **argv, const char **lang)
{
	static const char *const valued[] = { "-C", "-o", "-m", "--author",
		"--sign-key", "--push", "--trust", "--site-branch", "--today", "--date", "--port", "--bind" };
	int	 i, j, k, n;

	*lang = NULL;
	for (i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		for (k = 0; k < (int)(sizeof(valued) / sizeof(valued[0])); k++)
			if (strcmp(argv[i], valued[k]) == 0)
				break;
		if (k < (int)(sizeof(valued) / sizeof(valued[0]))) {
			i++;
			continue;
		}
		if (strncmp(argv[i], "--lang=", 7) == 0) {
			*lang = argv[i] + 7;
			n = 1;
		} else if (strcmp(argv[i], "--lang") == 0) {
			if (i + 1 == *argc)
				return -1;
			*lang = argv[i + 1];
			n = 2;
		} else
			continue;
		for (j = i; j + n <= *argc; j++)
			argv[j] = argv[j + n];
		*argc -= n;
		i--;
	}
	return 0;
}

/*
 * Prints what the library reports: one line each, on standard error,
 * on a line of its own (the progress line cleared first).  arg is the
 * options: --quiet leaves notes out.
 */
static void
print_diag(const struct diag *x, void *arg)
{
	const struct opts *o = arg;
	struct buf	 line = { 0 };

	if (o != NULL && o->quiet && x->sev == SEV_NOTE)
		return;
	progress_clear();
	diag_format(x, &line);
	fputs(line.p, stderr);
	buf_free(&line);
}

static int
run_publish(const struct opts *o)
{
	struct publish_opts	 p;
	int			 rc;

	memset(&p, 0, sizeof(p));
	p.dir = o->dir;
	p.out = o->out;
	p.message = o->message;
	p.author = o->author;
	p.sign_key = o->sign_key;
	p.push = o->push;
	p.site_branch = o->site_branch;
	p.only = o->args;
	p.nonly = o->nargs;
	p.all = o->all;
	p.date = o->date;
	p.strict = o->strict;
	p.no_cache = o->no_cache;
	p.today = o->today;
	p.today_given = o->today_given;
	p.emit = o->emit;
	p.emit_arg = o->emit_arg;
	/* Refused before anything is committed, not after. */
	if (p.push != NULL && publish_push_check(&p) == -1)
		return EXIT_USAGE;
	if ((rc = publish(&p)) != EXIT_VALID || p.push == NULL)
		return rc;
	return publish_push(&p);
}

/* Sets libgit2 up as gongshi needs it. */
static void
git_setup(void)
{
	git_libgit2_init();
	/* Never read the user's or system git configuration by accident:
	 * only what gongshi asks for. */
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	/* A folder of 1,000 records is a 50 KB tree, past libgit2's 4 KB
	 * default: cache them, since history reads the same folder tree in
	 * revision after revision. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
	    (size_t)1024 * 1024);
	/* But only the last few revisions' trees are read again: history
	 * walks revisions in order, so the default 256 MB of cache only
	 * grew the peak memory of a publish by 100 MB at 1,000 revisions. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)4 * 1024 * 1024);
	/* Objects are only read back from the repository's own store;
	 * rehashing each one costs a tenth of reading history.  git fsck
	 * still checks them. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

int
main(int argc, char **argv)
{
	static const struct {
		const char	*name;
		int		(*run)(const struct opts *);
		int		 with;		/* options it takes */
		size_t		 most;		/* operands, at most */
		int		 writes;	/* catches Ctrl-C to unwind */
	} cmds[] = {
		{ "check", cmd_check, WITH_CACHE, 0, 0 },
		{ "build", cmd_build, WITH_OUT | WITH_CACHE, 0, 1 },
		{ "boards", cmd_boards, WITH_OUT | WITH_PDF | WITH_ARGS,
		    SIZE_MAX, 1 },
		{ "publish", run_publish, WITH_OUT | WITH_PUBLISH | WITH_ARGS |
		    WITH_CACHE, SIZE_MAX, 1 },
		{ "diff", cmd_diff, WITH_ARGS | WITH_JSON, 2, 0 },
		{ "log", cmd_log, WITH_ARGS | WITH_JSON, 1, 0 },
		{ "export", cmd_export, WITH_OUT | WITH_FORCE | WITH_ARGS,
		    SIZE_MAX, 1 },
		{ "import", cmd_import, WITH_ARGS | WITH_IMPORT, 1, 1 },
		{ "serve", cmd_serve, WITH_SERVE, 0, 1 },
		{ "verify", cmd_verify, WITH_ARGS | WITH_TRUST, 1, 0 },
		{ "hook", cmd_hook, WITH_ARGS | WITH_TRUST, 2, 0 },
		{ "forget", cmd_forget, WITH_ARGS | WITH_OUT, SIZE_MAX, 1 },
	};
	struct diags	 d;
	struct opts	 o;
	const char	*lang;
	size_t		 i;
	int		 rc;

#ifdef M_MMAP_THRESHOLD
	/* A big buffer (a city's CSV file, a list of every file written)
	 * is mapped on its own and given back when freed.  glibc would
	 * otherwise raise this threshold to the size of the first such
	 * buffer freed, and keep the later ones in the heap after their
	 * free: 35 MB more at the peak of a 100,000-compound build. */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
#ifdef M_ARENA_MAX
	/* One heap per core, not glibc's eight: the loaders' and the page
	 * builders' threads come and go, and each heap they leave behind
	 * kept its free space (35 MB at 100,000 compounds). */
	{
		long	 cores = sysconf(_SC_NPROCESSORS_ONLN);

		mallopt(M_ARENA_MAX, cores < 2 ? 2 : cores > 64 ? 64 :
		    (int)cores);
	}
#endif
	memset(&d, 0, sizeof(d));
	d.emit = print_diag;
	if (take_lang(&argc, argv, &lang) == -1) {
		i18n_init(NULL);
		report(&d, SEV_ERROR, "option '%s' needs a value", "--lang");
		usage(stderr);
		return EXIT_USAGE;
	}
	if (i18n_init(lang) == -1) {
		i18n_init("zh");
		report(&d, SEV_ERROR, "--lang: '%s' is not a language gongshi "
		    "speaks; give zh (Chinese) or en (English)", lang);
		return EXIT_USAGE;
	}
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
			break;
	if (i == sizeof(cmds) / sizeof(cmds[0])) {
		report(&d, SEV_ERROR, "unknown command '%s'", argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	memset(&o, 0, sizeof(o));
	o.emit = print_diag;
	o.emit_arg = &o;
	if (parse_opts(argc - 1, argv + 1, &o, cmds[i].with, &d) == -1)
		return EXIT_USAGE;
	progress_setup(stderr, progress_wanted(o.quiet));
	if (o.nargs > cmds[i].most) {
		report(&d, SEV_ERROR, ngettext("%s takes at most %zu name; "
		    "'%s' is one too many", "%s takes at most %zu names; '%s' "
		    "is one too many", cmds[i].most), cmds[i].name,
		    cmds[i].most, o.args[cmds[i].most]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (o.all && o.nargs > 0) {
		report(&d, SEV_ERROR, "--all publishes every change; leave it "
		    "out to publish only the ones named");
		return EXIT_USAGE;
	}
	if (cmds[i].writes)
		interrupt_catch();
	git_setup();
	rc = cmds[i].run(&o);
	git_libgit2_shutdown();
	return rc;
}
