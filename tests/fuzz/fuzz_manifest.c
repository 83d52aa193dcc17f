/*
 * libFuzzer harness: the manifest beside a site (journal.c), which the
 * next build reads back and must survive damaged.  What is checked
 * besides crashes and sanitizer reports: a manifest that parses has
 * its paths in strictly rising order, each one a path inside the site,
 * and so has its folders' (the site itself "", the only empty path);
 * every path is found, and the first path from a prefix on is the
 * first with that prefix; and it is formatted back to a text that
 * parses to the same manifest.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"

#include "fuzz.h"

/*
 * Relative, and no part empty, "." or "..": a name that merely begins
 * with two dots ("..a") is a file like any other.
 */
static int
inside(const char *rel)
{
	const char	*p = rel, *slash;
	size_t		 n;

	if (strchr(rel, '\n') != NULL || strchr(rel, '\\') != NULL)
		return 0;
	for (;;) {
		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		if (slash == NULL)
			return 1;
		p = slash + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest	 m, again;
	struct buf	 text = { 0 }, text2 = { 0 };
	size_t		 i;

	if (manifest_parse((const char *)data, size, &m) == -1)
		return 0;
	for (i = 0; i < m.n; i++) {
		require(inside(m.v[i].rel), "a path inside the site");
		require(i == 0 || strcmp(m.v[i - 1].rel, m.v[i].rel) < 0,
		    "paths in rising order");
		require(manifest_find(&m, m.v[i].rel) == &m.v[i],
		    "every path found");
	}
	for (i = 0; i < m.nd; i++) {
		require(*m.d[i].rel == '\0' || inside(m.d[i].rel),
		    "a folder inside the site");
		require(i == 0 || strcmp(m.d[i - 1].rel, m.d[i].rel) < 0,
		    "folders in rising order");
		require(manifest_find_dir(&m, m.d[i].rel) == &m.d[i],
		    "every folder found");
		require(manifest_dirs_from(&m, m.d[i].rel) == i,
		    "a folder's path begins its prefix's range");
	}
	for (i = 0; i < m.n; i++)
		require(manifest_from(&m, m.v[i].rel) == i,
		    "a file's path begins its prefix's range");
	manifest_format(&m, &text);
	require(manifest_parse(text.p, text.len, &again) == 0,
	    "formatted back, it parses");
	manifest_format(&again, &text2);
	require(text.len == text2.len && memcmp(text.p, text2.p,
	    text.len) == 0, "formatted back to the same text");
	manifest_free(&m);
	manifest_free(&again);
	buf_free(&text);
	buf_free(&text2);
	return 0;
}
