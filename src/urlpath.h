/* A request's path, decoded and judged before any file is opened (urlpath.c). */
#ifndef URLPATH_H
#define URLPATH_H

#include <stddef.h>

struct buf;

/*
 * Decodes the raw path of a request (as sent, before the '?', still
 * percent-encoded) into out, a relative path of plain names separated
 * by single '/' ("" for the root; a trailing '/' kept).  Returns -1,
 * with out unspecified, for anything that could name a file outside
 * the folder served or that a browser never sends for a site: a path
 * not starting with '/', a bad or encoded '%' escape of '/', a NUL or
 * other control byte, a backslash, an empty, "." or ".." segment.
 */
int	 urlpath_decode(const char *raw, size_t len, struct buf *out);

#endif /* !URLPATH_H */
