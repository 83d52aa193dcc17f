/*
 * The page memo (memo.c): for each file a build wrote, the fingerprint
 * of everything its bytes were made from and the git blob id of those
 * bytes, kept in DIR/.gongshi/pages.  A later build that computes the
 * same fingerprint, over a site whose file still holds those bytes
 * (output.c's manifest says so), need not make the file again.
 */
#ifndef MEMO_H
#define MEMO_H

#include <pthread.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"

#define MEMO_FP		32		/* bytes of a fingerprint: SHA-256 */
#define MEMO_ID		20		/* bytes of a git blob id: SHA-1 */

struct memo_entry {
	char		*rel;		/* path inside the site */
	unsigned char	 fp[MEMO_FP];	/* what its bytes were made from */
	unsigned char	 blob[MEMO_ID];	/* git blob id of those bytes */
};

struct memo_set {
	struct memo_entry *v;		/* sorted by rel, each rel once */
	size_t		 n, cap;
	struct arena	 rels;		/* the entries' rel: one each would
					   cost malloc's overhead 600,000
					   times at 100,000 compounds */
};

struct memo {
	char		*path;		/* DIR/.gongshi/pages */
	unsigned char	 key[MEMO_FP];	/* the program */
	struct memo_set	 old;		/* the last build's, maybe empty */
	struct memo_set	 now;		/* this build's */
	pthread_mutex_t	 mu;		/* guards now: writers are threads */
};

/* A fingerprint under way: bytes fed, hashed as they pile up. */
struct memo_print {
	struct buf	 b;	/* fed, not yet hashed */
	struct evp_md_ctx_st *md; /* OpenSSL's EVP_MD_CTX, once hashing */
	int		 failed;
};

struct memo	*memo_open(const char *dir);
const unsigned char *memo_blob(const struct memo *, const char *rel,
	    const unsigned char fp[MEMO_FP]);
const struct memo_entry *memo_last(const struct memo *, const char *rel);
void	 memo_put(struct memo *, const char *rel,
	    const unsigned char fp[MEMO_FP], const void *data, size_t len);
void	 memo_carry(struct memo *, const char *rel,
	    const unsigned char fp[MEMO_FP], const unsigned char blob[MEMO_ID]);
int	 memo_save(struct memo *);
void	 memo_free(struct memo *);

void	 memo_print_begin(struct memo_print *, const struct memo *,
	    const char *what, const char *rel);
void	 memo_print_bytes(struct memo_print *, const void *, size_t);
void	 memo_print_str(struct memo_print *, const char *);
void	 memo_print_num(struct memo_print *, size_t);
void	 memo_print_tag(struct memo_print *, char);
void	 memo_print_id(struct memo_print *, const unsigned char[MEMO_FP]);
void	 memo_print_end(struct memo_print *, unsigned char fp[MEMO_FP]);

void	 program_identity(struct buf *, const char *magic, int version);
void	 blob_id(const void *, size_t, unsigned char[MEMO_ID]);

int	 memo_parse(const char *, size_t, struct memo_set *);
void	 memo_format(const struct memo_set *, struct buf *);
void	 memo_set_free(struct memo_set *);

#endif /* !MEMO_H */
