/* What a built site says of itself (stamp.c). */
#ifndef STAMP_H
#define STAMP_H

#include <stddef.h>
#include "buf.h"

/*
 * What a built site says about itself, in its file .gongshi-site
 * (stamp.c): the revision it was built from and whether the content
 * differed from it.  It also marks a folder as gongshi's to replace.
 */
struct diags;

#define STAMP_NAME	".gongshi-site"

enum stamp_content {
	STAMP_PUBLISHED,	/* exactly the revision */
	STAMP_UNPUBLISHED,	/* the revision plus changes not published */
	STAMP_NO_HISTORY	/* no revision: nothing published yet */
};

struct stamp {
	char		 revision[41];	/* hex, or "" for none */
	enum stamp_content content;
};

void	 stamp_format(const struct stamp *, struct buf *);
int	 stamp_parse(const char *text, size_t len, struct stamp *);
int	 stamp_read(const char *site, struct stamp *);
int	 stamp_write_in_place(const char *site, const struct stamp *,
	    struct diags *);
int	 is_gongshi_site(const char *dir);

#endif /* !STAMP_H */
