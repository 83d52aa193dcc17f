/*
 * libFuzzer harness: the decoder of request paths that gongshi serve
 * judges before it opens anything (urlpath.c).
 *
 * The input is the raw path.  Besides crashes and sanitizer reports, it
 * fails when a path is let through that could leave the folder served:
 * a result that starts with '/', holds a NUL, a control byte or a
 * backslash, or has an empty, "." or ".." segment (a trailing '/' is
 * the one empty segment allowed); or when a raw path holding a literal
 * ".." segment is accepted at all.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "urlpath.h"

#include "fuzz.h"

static void
judge(const struct buf *out)
{
	const char	*seg, *end;
	size_t		 i, n;

	require(out->p != NULL && strlen(out->p) == out->len, "no NUL");
	for (i = 0; i < out->len; i++)
		require((unsigned char)out->p[i] >= 0x20 &&
		    out->p[i] != 0x7f && out->p[i] != '\\',
		    "no control byte or backslash");
	if (out->len == 0)
		return;
	for (seg = out->p; ; seg = end + 1) {
		end = strchr(seg, '/');
		n = end ? (size_t)(end - seg) : strlen(seg);
		if (end == NULL && n == 0 && seg != out->p)
			break;		/* the trailing '/' */
		require(n > 0, "no empty segment");
		require(!(n == 1 && seg[0] == '.'), "no . segment");
		require(!(n == 2 && seg[0] == '.' && seg[1] == '.'),
		    "no .. segment");
		if (end == NULL)
			break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 out = { 0 };
	const char	*raw = (const char *)data;
	size_t		 i;
	int		 dotdot = 0;

	for (i = 0; i + 1 < size; i++)
		if (raw[i] == '.' && raw[i + 1] == '.' &&
		    (i == 0 || raw[i - 1] == '/') &&
		    (i + 2 == size || raw[i + 2] == '/'))
			dotdot = 1;
	if (urlpath_decode(raw, size, &out) == 0) {
		require(!dotdot, "a literal .. segment refused");
		judge(&out);
	}
	buf_free(&out);
	return 0;
}
