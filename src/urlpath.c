/*
 * The one place a request's path becomes a file name: serve.c opens
 * only what this lets through, one name at a time and never through a
 * link, so the two checks are independent.
 */
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "urlpath.h"

/* Whether the segment that ends out (after its last '/') may be opened. */
static int
segment_ok(const struct buf *out, size_t start)
{
	size_t	 n = out->len - start;
	const char *s = out->p + start;

	if (n == 0)
		return 0;
	if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return 0;
	return 1;
}

int
urlpath_decode(const char *raw, size_t len, struct buf *out)
{
	size_t		 i, start;
	int		 ch, hi, lo;

	buf_truncate(out, 0);
	buf_puts(out, "");	/* "" for the root, NUL-terminated */
	if (len == 0 || raw[0] != '/')
		return -1;
	start = 0;
	for (i = 1; i < len; i++) {
		ch = (unsigned char)raw[i];
		if (ch == '/') {
			if (!segment_ok(out, start))
				return -1;
			buf_putc(out, '/');
			start = out->len;
			continue;
		}
		if (ch == '%') {
			if (i + 2 >= len || (hi = hex_digit(raw[i + 1])) < 0 ||
			    (lo = hex_digit(raw[i + 2])) < 0)
				return -1;
			ch = hi * 16 + lo;
			i += 2;
			/* An encoded '/' would hide a segment from the
			 * checks; an encoded '%' is a second round. */
			if (ch == '/' || ch == '%')
				return -1;
		}
		if (ch < 0x20 || ch == 0x7f || ch == '\\')
			return -1;
		buf_putc(out, ch);
	}
	/* The last segment; a trailing '/' leaves it empty, and allowed. */
	if (out->len > start && !segment_ok(out, start))
		return -1;
	return 0;
}
