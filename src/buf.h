/* The growable buffer, the aborting allocators, whole-file reads (buf.c). */
#ifndef BUF_H
#define BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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

size_t	 grow_cap(size_t cap, size_t need, size_t first, size_t size);
#define BUF_BIG	((size_t)8 << 20)	/* grows by a quarter from here */
void	 buf_grow(struct buf *, size_t extra);
void	 buf_fit(struct buf *);
void	 buf_put(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, int);
void	 buf_put_u64(struct buf *, uint64_t);
void	 buf_printf(struct buf *, const char *, ...) PRINTF_LIKE(2, 3);
void	 buf_vprintf(struct buf *, const char *, va_list) PRINTF_LIKE(2, 0);
void	 buf_truncate(struct buf *, size_t);
int	 buf_read_file(struct buf *, const char *path, size_t max);
int	 tmp_beside(const char *path, mode_t, struct buf *tmp);
int	 write_full(int fd, const void *, size_t);
int	 pwrite_full(int fd, const void *, size_t, off_t);
int	 save_beside(const char *path, const void *, size_t);
int	 save_beside_with(const char *path, int (*fill)(int fd, void *),
	    void *);
const char *read_problem(int err);
char	*buf_detach(struct buf *);
void	 buf_free(struct buf *);

#endif /* !BUF_H */
