/*
 * Internal interfaces shared by the stages of gongshi.  Nothing here is
 * part of the data model; see gongshi.h for that.
 */
#ifndef EXTERN_H
#define EXTERN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* Allocation that never returns NULL: running out of memory aborts. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);

/*
 * The one growable byte buffer.  Growth is geometric so appends are
 * amortised O(1).  p is always NUL-terminated once anything was added.
 */
struct buf {
	char	*p;	/* bytes, NUL-terminated after any append */
	size_t	 len;	/* bytes used, excluding the NUL */
	size_t	 cap;	/* bytes allocated */
};

void	 buf_grow(struct buf *, size_t extra);
void	 buf_put(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, int);
void	 buf_printf(struct buf *, const char *, ...) PRINTF_LIKE(2, 3);
void	 buf_vprintf(struct buf *, const char *, va_list);
void	 buf_truncate(struct buf *, size_t);
char	*buf_detach(struct buf *);
void	 buf_free(struct buf *);

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
void	 arena_free(struct arena *);

#endif /* !EXTERN_H */
