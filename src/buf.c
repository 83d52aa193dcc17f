/* The growable buffer and the aborting allocators. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"

static void
nomem(void)
{
	fputs(i18n_out_of_memory(), stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void	*p = malloc(n ? n : 1);

	if (p == NULL)
		nomem();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		nomem();
	return p;
}

void *
xrealloc(void *old, size_t n)
{
	void	*p = realloc(old, n ? n : 1);

	if (p == NULL)
		nomem();
	return p;
}

char *
xstrdup(const char *s)
{
	size_t	 n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

/*
 * The capacity, in elements of size bytes, an array of cap elements
 * grows to so that it holds need: first to start with, then doubling
 * until the array is big enough that doubling would leave megabytes
 * unused (a city's CSV file: at 100,000 compounds fees.csv is 35 MB;
 * the manifest of its 300,000 files), from there a quarter more each
 * time, which realloc does in place or by remapping pages.
 */
size_t
grow_cap(size_t cap, size_t need, size_t first, size_t size)
{
	if (need > SIZE_MAX / size)
		nomem();
	if (cap == 0)
		cap = first;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 / size ? need :
		    cap * size < BUF_BIG ? cap * 2 : cap + cap / 4;
	return cap;
}

void
buf_grow(struct buf *b, size_t extra)
{
	size_t	 need;

	if (extra > SIZE_MAX - b->len - 1)
		nomem();
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	b->cap = grow_cap(b->cap, need, 64, 1);
	b->p = xrealloc(b->p, b->cap);
}

/* Gives back what b holds beyond its bytes: for a buffer kept a while. */
void
buf_fit(struct buf *b)
{
	if (b->p != NULL && b->cap > b->len + 1) {
		b->p = xrealloc(b->p, b->len + 1);
		b->cap = b->len + 1;
	}
}

void
buf_put(struct buf *b, const void *s, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->p[b->len++] = (char)c;
	b->p[b->len] = '\0';
}

/* A number in decimal, without printf: for writers of thousands. */
void
buf_put_u64(struct buf *b, uint64_t u)
{
	char	 t[20];
	size_t	 n = sizeof(t);

	do {
		t[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	buf_put(b, t + n, sizeof(t) - n);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 copy;
	int	 n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->p[len] = '\0';
	}
}

/* Hand the bytes to the caller (always a valid string) and empty b. */
char *
buf_detach(struct buf *b)
{
	char	*p;

	if (b->p == NULL)
		buf_grow(b, 0), b->p[0] = '\0';
	p = b->p;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

/*
 * Appends the whole regular file at path, at most max bytes of it.
 * Every file gongshi reads from content/ and layouts/ comes through
 * here or read_content_file(), so none of them can be a link (whose
 * target git would not keep), a FIFO (which would block) or a device
 * such as /dev/zero (which never ends).  Returns -1 with errno set on
 * failure: ELOOP for a link, EISDIR for a folder, ENODEV for anything
 * else that is not a regular file, EFBIG past max; read_problem() says
 * these in words.  b is always a valid string afterwards.
 */
int
buf_read_file(struct buf *b, const char *path, size_t max)
{
	struct stat	 st;
	size_t		 start = b->len;
	ssize_t		 n;
	int		 fd, saved;

	buf_put(b, "", 0);
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
	    O_NOFOLLOW)) == -1)
		return -1;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : ENODEV;
		goto fail;
	}
	if ((uint64_t)st.st_size > max) {
		errno = EFBIG;
		goto fail;
	}
	/* One byte past the limit: the file may be growing. */
	for (;;) {
		buf_grow(b, 8192);
		n = read(fd, b->p + b->len, b->cap - b->len - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->p[b->len] = '\0';
		if (b->len - start > max) {
			errno = EFBIG;
			goto fail;
		}
	}
	if (close(fd) == -1) {
		buf_truncate(b, start);
		return -1;
	}
	return 0;
fail:
	saved = errno;
	close(fd);
	buf_truncate(b, start);
	errno = saved;
	return -1;
}

/* What a failure of buf_read_file() means, for people. */
const char *
read_problem(int err)
{
	switch (err) {
	/* TRANSLATORS: these follow a file's name: "layouts/x %s". */
	case ELOOP:
		return _("is a link; gongshi reads only real files here, since "
		    "the history would keep the link and not the text: put "
		    "the file itself here");
	case EISDIR:
		return _("is a folder, not a file");
	case ENODEV:
		return _("is not a regular file (a device, FIFO or socket)");
	case EFBIG:
		return _("is too large");
	default:
		return strerror(err);
	}
}

void
buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/*
 * Creates a temporary file beside path, hidden (".NAME.XXXXXX" in its
 * folder, so that no reader of the folder takes it for content), with
 * the given mode rather than mkstemp's private one (asking the umask
 * would change it for every thread).  Its name goes to tmp.  Returns the
 * open descriptor, or -1 with errno.
 */
int
tmp_beside(const char *path, mode_t mode, struct buf *tmp)
{
	const char	*slash = strrchr(path, '/');
	int		 fd;

	buf_truncate(tmp, 0);
	if (slash != NULL)
		buf_printf(tmp, "%.*s/", (int)(slash - path), path);
	buf_printf(tmp, ".%s.XXXXXX", slash != NULL ? slash + 1 : path);
	if ((fd = mkstemp(tmp->p)) == -1)
		return -1;
	if (fchmod(fd, mode) == -1) {
		close(fd);
		unlink(tmp->p);
		return -1;
	}
	return fd;
}

/* Writes all len bytes to fd, again after a signal.  0, or -1 with errno. */
int
write_full(int fd, const void *data, size_t len)
{
	const char	*p = data;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The same at offset off of fd, which does not move.  0, or -1. */
int
pwrite_full(int fd, const void *data, size_t len, off_t off)
{
	const char	*p = data;
	ssize_t		 n;

	while (len > 0) {
		if ((n = pwrite(fd, p, len, off)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		off += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Writes the file path through a temporary file beside it, in a folder
 * made if missing, renamed over it: two runs saving at once (a preview
 * and a build) each leave a whole file or none.  Its bytes are what
 * fill writes to the descriptor it is given (0, or -1), so that a big
 * file need not be held whole.  0, or -1 when nothing was saved.
 */
int
save_beside_with(const char *path, int (*fill)(int fd, void *), void *arg)
{
	struct buf	 dir = { 0 }, tmp = { 0 };
	const char	*slash = strrchr(path, '/');
	int		 fd, rc = -1;

	if (slash != NULL) {
		buf_printf(&dir, "%.*s", (int)(slash - path), path);
		if (mkdir(dir.p, 0755) == -1 && errno != EEXIST)
			goto out;
	}
	if ((fd = tmp_beside(path, 0644, &tmp)) == -1)
		goto out;
	if (fill(fd, arg) != 0) {
		close(fd);
		unlink(tmp.p);
	} else if (close(fd) == -1 || rename(tmp.p, path) == -1)
		unlink(tmp.p);
	else
		rc = 0;
out:
	buf_free(&dir);
	buf_free(&tmp);
	return rc;
}

struct bytes {
	const void	*p;
	size_t		 len;
};

static int
fill_bytes(int fd, void *arg)
{
	const struct bytes *b = arg;

	return write_full(fd, b->p, b->len);
}

/* The same for len bytes at data. */
int
save_beside(const char *path, const void *data, size_t len)
{
	struct bytes	 b = { data, len };

	return save_beside_with(path, fill_bytes, &b);
}
