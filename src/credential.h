/* User names and passwords for the central repository, from git's own
 * credential helpers (credential.c). */
#ifndef CREDENTIAL_H
#define CREDENTIAL_H

#include "buf.h"

/* A URL's parts, as git reads scheme://user:password@host/path. */
struct url_parts {
	size_t		 scheme_len;
	const char	*at;		/* the '@' after user info, or NULL */
	const char	*colon;		/* the ':' before a password, or NULL */
	const char	*host;		/* host[:port] up to path */
	const char	*path;		/* "/…", or "" */
};

/* Splits url: 0, or -1 when it has no "scheme://". */
int	 url_parts(const char *url, struct url_parts *);

struct credential {
	struct buf	 user;
	struct buf	 pass;
};

/*
 * Asks `git credential fill` (run in dir) for url's user name and
 * password; user, when not NULL, is the name the URL gives.  1 and *c
 * filled, 0 none was found, -1 git could not be run (why says it).
 */
int	 credential_fill(const char *dir, const char *url, const char *user,
	    struct credential *c, struct buf *why);

/* Tells git's helpers that *c was accepted (good) or refused. */
void	 credential_tell(const char *dir, const char *url,
	    const struct credential *c, int good);

/* Forgets *c, its password wiped first. */
void	 credential_free(struct credential *c);

#endif /* !CREDENTIAL_H */
