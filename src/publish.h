/* The publish transaction (publish.c). */
#ifndef PUBLISH_H
#define PUBLISH_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct publish_opts {
	const char	*dir;		/* -C DIR */
	const char	*out;		/* -o, or NULL: DIR/site */
	const char	*message;	/* -m; needed only to commit */
	const char	*author;	/* --author, or NULL: git config */
	const char	*sign_key;	/* --sign-key FILE, or NULL: git
					   config user.signingKey, if any */
	const char	*site_branch;	/* --site-branch, or NULL */
	char *const	*only;		/* the records or paths to publish, */
	size_t		 nonly;		/* or none: see --all */
	int		 all;		/* --all: every change, whoever's */
	const char	*date;		/* --date YYYY-MM-DD[THH:MM[:SS]] in
					   the site's utc_offset, or NULL */
	const char	*push;		/* --push REMOTE: then push main there
					   (push.c), or NULL */
	int		 mend_only;	/* only bring the site to HEAD (after
					   a push moved it) */
	int		 strict;
	int		 no_cache;	/* --no-cache: no page memo */
	int64_t		 today;
	int		 today_given;
	diag_emitter	 emit;		/* where reports go (main's printer) */
	void		*emit_arg;
};

int	 publish(const struct publish_opts *);
int	 publish_push(const struct publish_opts *);
int	 publish_push_check(const struct publish_opts *);

#endif /* !PUBLISH_H */
