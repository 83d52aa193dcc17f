/*
 * The subcommands, as main.c dispatches them: each takes the options
 * every subcommand shares and returns the exit status.  check, build
 * and boards are in build.c, diff and log in show.c, publish in
 * publish.c (through publish()), serve in serve.c, verify in
 * verify.c, hook in hook.c.  They report through the emitter main
 * gives them, and print nothing themselves but what they were asked
 * for (diff and log on standard output).
 */
#ifndef COMMANDS_H
#define COMMANDS_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Options every subcommand shares. */
struct opts {
	const char	*dir;		/* -C DIR */
	const char	*out;		/* build, boards, publish: -o */
	int		 strict;
	int		 pdf;		/* boards: --pdf */
	int64_t		 today;
	int		 today_given;
	char		**args;		/* operands */
	size_t		 nargs;
	const char	*message;	/* publish: -m */
	const char	*author;	/* publish: --author */
	const char	*sign_key;	/* publish: --sign-key */
	const char	*push;		/* publish: --push */
	const char	*trust;		/* verify: --trust */
	const char	*site_branch;	/* publish: --site-branch */
	int		 all;		/* publish: --all */
	const char	*date;		/* publish: --date, or NULL: now */
	int		 json;		/* diff, log: --json */
	int		 force;		/* export: --force replaces -o */
	int		 no_cache;	/* check, build, publish: --no-cache */
	int		 delete;	/* import: --delete */
	int		 dry_run;	/* import: --dry-run */
	const char	*port;		/* serve: --port, or NULL: 8000 */
	const char	*bind;		/* serve: --bind, or NULL: 127.0.0.1 */
	int		 quiet;		/* --quiet: no progress, no notes */
	diag_emitter	 emit;		/* where reports go: main's printer */
	void		*emit_arg;
};

int	 cmd_check(const struct opts *);
int	 cmd_build(const struct opts *);
int	 cmd_boards(const struct opts *);
int	 cmd_diff(const struct opts *);
int	 cmd_log(const struct opts *);
int	 cmd_export(const struct opts *);
int	 cmd_import(const struct opts *);
int	 cmd_serve(const struct opts *);
int	 cmd_verify(const struct opts *);
int	 cmd_hook(const struct opts *);

#endif /* !COMMANDS_H */
