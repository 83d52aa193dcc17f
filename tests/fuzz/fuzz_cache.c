/*
 * libFuzzer harness: the build cache's file (cache.c), which a crash, a
 * full disk or a person may have left in any state.
 *
 * Besides crashes and sanitizer reports, it fails when a file that
 * parses does not come back to the same bytes when formatted: what is
 * read is exactly what was written, or nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cache_entry e, again;
	struct buf	 b = { 0 }, c = { 0 };

	if (cache_parse((const char *)data, size, &e) == -1)
		return 0;
	cache_format(&e, &b);
	if (b.len != size || memcmp(b.p, data, size) != 0) {
		fprintf(stderr, "a cache file that parses formats otherwise\n");
		abort();
	}
	if (cache_parse(b.p, b.len, &again) == -1) {
		fprintf(stderr, "a formatted cache file does not parse\n");
		abort();
	}
	cache_format(&again, &c);
	if (c.len != b.len || memcmp(c.p, b.p, b.len) != 0)
		abort();
	cache_entry_free(&e);
	cache_entry_free(&again);
	buf_free(&b);
	buf_free(&c);
	return 0;
}
