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

/*
 * Checking signatures, as git verify-commit does: ssh-keygen -Y verify
 * against an allowed signers file, for a principal.  Checks run as
 * children, VERIFY_JOBS at a time (each waits mostly on the start of a
 * process), in one private folder for the whole run.
 */
#define VERIFY_JOBS	8

struct vjob {
	int		 pid;		/* 0: the slot is free */
	int		*result;
	struct buf	*why;
};

struct verifier {
	const char	*program;	/* ssh-keygen */
	char		*dir;
	struct vjob	 jobs[VERIFY_JOBS];
	size_t		 running;
};

int	 verifier_open(struct verifier *, const char *program,
	    struct diags *);
/*
 * Starts checking whether sig (armored) is principal's signature of
 * data, with the namespace git, by the keys allowed (an allowed signers
 * file's text); waits first for a free slot.  Once verifier_wait has
 * returned, *result is 0 when it is, 1 when it is not (ssh-keygen's
 * reason in why), -1 when it could not be checked (the reason in why).
 * Returns -1 (reason in why, *result -1) when it could not start.
 */
int	 verifier_start(struct verifier *, const char *allowed,
	    size_t nallowed, const char *principal, const char *sig,
	    size_t nsig, const char *data, size_t ndata, int *result,
	    struct buf *why);
void	 verifier_wait(struct verifier *);
/* A public key line's SHA256 fingerprint, as ssh-keygen -l says it. */
int	 verifier_fingerprint(struct verifier *, const char *keyline,
	    struct buf *fp);
void	 verifier_close(struct verifier *);

#endif /* !SIGN_H */
