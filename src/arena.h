/* The arena that holds what is loaded (arena.c). */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>
#include "buf.h"

/*
 * Bump allocator for everything loaded from content: records live as
 * long as the run, so they are freed all at once.
 */
struct arena_chunk;
struct arena {
	struct arena_chunk *head;	/* newest chunk first */
	size_t		    total;	/* bytes handed out, for reports */
};

void	*arena_alloc(struct arena *, size_t);
void	*arena_calloc(struct arena *, size_t n, size_t size);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_strdup(struct arena *, const char *);
char	*arena_printf(struct arena *, const char *, ...) PRINTF_LIKE(2, 3);
void	 arena_reset(struct arena *);
void	 arena_merge(struct arena *into, struct arena *from);
void	 arena_free(struct arena *);

#endif /* !ARENA_H */
