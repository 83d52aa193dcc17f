/*
 * libFuzzer harness: the page memo (memo.c), .gongshi/pages, which a
 * crash, a full disk or a person may have left in any state; a memo
 * that is wrongly believed would publish stale pages.
 *
 * Besides crashes and sanitizer reports, it fails when a memo that
 * parses has its paths out of strictly rising order or empty, or does
 * not format back to exactly the bytes it was read from (so its
 * checksum covers every byte believed).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "memo.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memo_set	 s, again;
	struct buf	 b = { 0 }, c = { 0 };
	size_t		 i;

	if (memo_parse((const char *)data, size, &s) == -1) {
		require(s.n == 0 && s.v == NULL, "a refused memo is empty");
		return 0;
	}
	for (i = 0; i < s.n; i++) {
		require(s.v[i].rel[0] != '\0', "no empty path");
		require(strchr(s.v[i].rel, '\n') == NULL, "one line each");
		require(i == 0 || strcmp(s.v[i - 1].rel, s.v[i].rel) < 0,
		    "paths in rising order, each once");
	}
	memo_format(&s, &b);
	require(b.len == size && memcmp(b.p, data, size) == 0,
	    "a memo that parses formats to the same bytes");
	require(memo_parse(b.p, b.len, &again) == 0 && again.n == s.n,
	    "a formatted memo parses");
	memo_format(&again, &c);
	require(c.len == b.len && memcmp(c.p, b.p, b.len) == 0,
	    "and formats the same again");
	memo_set_free(&s);
	memo_set_free(&again);
	buf_free(&b);
	buf_free(&c);
	return 0;
}
