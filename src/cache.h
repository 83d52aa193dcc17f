/*
 * The build cache (cache.c): what the last `build` or `check` printed
 * and how it ended, kept in DIR/.gongshi/ with a fingerprint of
 * everything it depended on.  When nothing it depended on changed, the
 * command says the same again and touches nothing.  A pure
 * optimisation: a missing, stale or damaged entry means a real run.
 */
#ifndef CACHE_H
#define CACHE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <git2.h>

#include "diag.h"

#define CACHE_DIR	".gongshi"

/* One diagnostic as it was emitted. */
struct cache_diag {
	char		*file;		/* NULL: a report */
	char		*sheet;
	unsigned	 line, col;
	enum severity	 sev;
	char		*msg;
};

/* What a run printed and how it ended. */
struct cache_entry {
	struct timespec	 when;		/* the fingerprint's time */
	char		 inputs[41];	/* fingerprint of the inputs, hex */
	char		 site[41];	/* fingerprint of the output folder */
	int		 status;	/* the exit status */
	struct cache_diag *v;		/* as emitted, in order */
	size_t		 n, cap;
	long		 built;		/* index of build's "built" note: */
	size_t		 nfiles;	/* said again with every file kept; */
	size_t		 nbytes;	/* -1: none */
	char		*shown;		/* the output folder as named */
};

/* What a run depends on besides the files it reads. */
struct cache_key {
	const char	*command;	/* "build", "check": one entry each */
	const char	*dir;		/* -C */
	const char	*out;		/* -o, or NULL */
	const char	*site;		/* the output folder, or DIR/site */
	int		 strict;
	int64_t		 today;
	int		 today_given;
	git_repository	*repo;		/* NULL: none */
};

struct cache {
	int		 on;		/* 0: --no-cache, or no place */
	char		*path;		/* DIR/.gongshi/COMMAND */
	struct cache_key key;
	struct timespec	 now;
	char		 inputs_now[41];
	struct cache_entry e;		/* read, or being captured */
	diag_emitter	 emit;		/* the command's own, while */
	void		*emit_arg;	/* capturing */
};

int	 cache_lookup(struct cache *, const struct cache_key *, int on);
void	 cache_replay_one(const struct cache *, size_t i, diag_emitter,
	    void *);
void	 cache_capture(struct cache *, struct diags *);
void	 cache_mark_built(struct cache *, const char *shown, size_t nfiles,
	    size_t nbytes);
void	 cache_store(struct cache *, int status);
void	 cache_forget(const char *dir, const char *command);
void	 cache_free(struct cache *);

int	 cache_parse(const char *text, size_t len, struct cache_entry *);
void	 cache_format(const struct cache_entry *, struct buf *);
void	 cache_entry_free(struct cache_entry *);

#endif /* !CACHE_H */
