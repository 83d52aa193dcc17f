/* Checking, rendering and placing a site (build.c). */
#ifndef BUILD_H
#define BUILD_H

#include <stdint.h>
#include "stamp.h"

struct ctx;
struct diags;
struct buf;
struct output;
struct history;

struct git_repository;
struct git_oid;

struct memo;

struct site_job {
	const char	*out;		/* -o, or NULL: DIR/site */
	const char	*gitdir;	/* never written into; NULL: none */
	const struct history *history;	/* NULL: no history pages */
	struct stamp	 stamp;		/* what the site will say of itself */
	int64_t		 today;
	int		 today_given;
	struct memo	*memo;		/* the page memo, or NULL: none */
};

int	 check_content(struct ctx *, int strict);
int	 load_history(struct ctx *, struct git_repository *,
	    const struct git_oid *tip, struct history *);
int	 load_signatures(struct ctx *, struct git_repository *,
	    struct history *, const char *dir);
void	 site_folder(const char *dir, const char *out, struct buf *);
int	 judge_site(const char *dir, const char *out, const char *gitdir,
	    struct diags *);
int	 render_staged(struct ctx *, const struct site_job *, struct output *);
void	 stamp_note(const char *site, const struct stamp *, const char *head,
	    struct buf *note);
void	 site_note(const char *dir, struct git_repository *, struct diags *);

#endif /* !BUILD_H */
