/* verify's engine, for the server's hook and the site (verify.c). */
#ifndef VERIFY_H
#define VERIFY_H

#include <stddef.h>
#include "buf.h"

struct diags;
struct git_repository;

long	 verify_range(struct git_repository *, const char *range,
	    const char *trust, struct buf *out, struct diags *);

/* What verify found of one revision's signature and scope. */
enum signed_as {
	SIGNED_NONE,		/* no parties.yaml in force: nothing checked */
	SIGNED_GOOD,		/* signed by a party, within its scope */
	SIGNED_SCOPE,		/* signed by a party, beyond its scope */
	SIGNED_UNSIGNED,	/* parties.yaml in force, but not signed */
	SIGNED_BAD,		/* the signature does not verify */
	SIGNED_UNKNOWN,		/* signed with a key no party lists */
	SIGNED_UNCHECKED	/* could not be checked (no ssh-keygen …) */
};

struct verdict {
	char		 id[41];	/* commit id, hex */
	enum signed_as	 as;
	char		*party;		/* the signing party's name as
					   parties.yaml (in the parent) names
					   it, when its key signed; or NULL */
};

/* The verdicts of a history, sorted by id. */
struct verdicts {
	struct verdict	*v;
	size_t		 n, cap;
};

/*
 * Who signed each revision up to tip (hex) that verify would check,
 * whether it verified and whether it kept its scope, by the very rules
 * of `gongshi verify`.  Verdicts are remembered in cache (a file; NULL:
 * none), for a commit's verdict never changes.  Returns 0, or -1 when
 * the history could not be read (reported to d).
 */
int	 verify_verdicts(struct git_repository *, const char *tip,
	    const char *cache, struct verdicts *, struct diags *);
const struct verdict *verdict_of(const struct verdicts *, const char *id);
void	 verdicts_free(struct verdicts *);
/* .gongshi/signatures as text: 0, or -1 (and none) when not one. */
int	 verdicts_parse(const char *, size_t, struct verdicts *);
void	 verdicts_format(const struct verdicts *, struct buf *);

#endif /* !VERIFY_H */
