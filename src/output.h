/* Writing the site: in place, or beside it and swapped in (output.c). */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <pthread.h>
#include <stddef.h>
#include "buf.h"
#include "journal.h"
#include "lock.h"

/* Writing the site into a temporary folder and swapping it in (output.c). */
struct diags;
struct memo;

struct output {
	char		*shown;		/* the folder as the user named it */
	char		*final;		/* where it is: links followed */
	char		*parent;	/* the folder final is in */
	char		*base;		/* final's own name */
	char		*tmp;		/* the folder being written */
	struct buf	 path;		/* scratch */
	struct lock	 lock;		/* on .BASE.lock beside final */
	_Atomic size_t	 nfiles;	/* files written; writers may be */
	_Atomic size_t	 nbytes;	/* bytes written  several threads */
	_Atomic size_t	 nkept;		/* files unchanged, mtime kept */
	int		 in_place;	/* write into final file by file */
	char		*stage;		/* journal's staging folder, or NULL */
	char		*manifest;	/* the manifest beside final */
	struct manifest	 old;		/* what it says of final, maybe empty */
	struct manifest	 now;		/* the files of this build */
	pthread_mutex_t	 mu;		/* guards now */
	_Atomic size_t	 nstaged;	/* files staged: s0, s1, ... */
	struct diags	*d;		/* where troubles are said */
	struct memo	*memo;		/* what made each file, or NULL */
};

/* What an output folder may never be, hold or be inside. */
struct out_guard {
	const char	*dir;		/* -C DIR: content/ and layouts/ */
	const char	*gitdir;	/* the repository, or NULL */
};

int	 output_judge(const char *out, const struct out_guard *,
	    struct diags *);
void	 output_tidy(const char *out, const struct out_guard *,
	    struct diags *);
int	 output_begin(struct output *, const char *out,
	    const struct out_guard *, struct diags *);
int	 output_begin_in_place(struct output *, const char *out,
	    const struct out_guard *, struct diags *);
int	 output_file(struct output *, const char *rel, const void *, size_t);
int	 output_commit(struct output *);
void	 output_abort(struct output *);
void	 output_free(struct output *);
int	 output_keep(struct output *, const char *rel);
int	 output_reuse(struct output *, const char *rel,
	    const unsigned char blob[20]);
int	 output_reuse_all(struct output *, const char *const *rel,
	    const unsigned char (*blob)[20], size_t n);
int	 remove_tree(const char *path);
void	 output_settle(const char *out);

#endif /* !OUTPUT_H */
