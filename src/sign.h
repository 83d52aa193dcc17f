/* Signing commits as git does with gpg.format=ssh (sign.c). */
#ifndef SIGN_H
#define SIGN_H

#include <stddef.h>

#include "buf.h"

struct diags;
struct git_repository;

/* The key a publication is signed with, and how. */
struct sign_key {
	char		*path;		/* given to ssh-keygen -f; NULL: no
					   signing */
	int		 agent;		/* path is a public key whose private
					   half ssh-agent holds (-U) */
	char		*program;	/* gpg.ssh.program, or "ssh-keygen" */
	char		*tmpdir;	/* holds a literal key written out */
	const char	*from;		/* where it was named, for messages */
};

/*
 * The key to sign with: given (publish --sign-key FILE), or else the
 * repository's git configuration, user.signingKey when gpg.format is
 * ssh (a key file, or a literal "key::ssh-…" public key that ssh-agent
 * holds).  Returns 1 with *k filled, 0 when nothing says to sign, -1
 * after reporting through d.
 */
int	 sign_key_find(struct git_repository *, const char *given,
	    struct sign_key *k, struct diags *d);
/*
 * Signs data as `git commit -S` does with an SSH key: the armored
 * signature of ssh-keygen -Y sign -n git, run as a child (no shell,
 * never asking for a passphrase), into *sig without its final newline
 * (as the gpgsig header holds it).  Returns 0, or -1 after
 * saying in d why and what to do.
 */
int	 sign_buffer(const struct sign_key *k, const char *data, size_t len,
	    struct buf *sig, struct diags *d);
void	 sign_key_free(struct sign_key *k);

#endif /* !SIGN_H */
