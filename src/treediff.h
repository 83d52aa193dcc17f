/*
 * The files that differ between two trees of the history, and the cache
 * of them kept between runs, DIR/.gongshi/deltas (treediff.c).
 */
#ifndef TREEDIFF_H
#define TREEDIFF_H

#include <stddef.h>

#include <git2.h>

struct buf;

/* One file that differs: its old and new blob, either absent. */
struct delta {
	char		*path;
	git_oid		 old, new;
	int		 has_old, has_new;
};

struct deltas {
	struct delta	*v;
	size_t		 n, cap;
};

void	 push_delta(struct deltas *, const char *path, const git_oid *old,
	    const git_oid *new);
void	 deltas_free(struct deltas *);

struct delta_cache;

struct delta_cache *delta_cache_open(const char *dir);
int	 delta_cache_get(struct delta_cache *, const git_oid *a,
	    const git_oid *b, struct deltas *);
void	 delta_cache_put(struct delta_cache *, const git_oid *a,
	    const git_oid *b, const struct deltas *);
int	 delta_cache_save(struct delta_cache *);
void	 delta_cache_free(struct delta_cache *);

/* For the tests and the fuzz harness: the file's text, read and made. */
struct delta_cache *delta_cache_parse(const char *text, size_t len);
void	 delta_cache_format(const struct delta_cache *, struct buf *);
size_t	 delta_cache_count(const struct delta_cache *);

#endif /* !TREEDIFF_H */
