/*
 * libFuzzer harness: the site's remembered signature verdicts
 * (verify.c), .gongshi/signatures, which a crash, a full disk or a
 * person may have left in any state; a line wrongly believed would
 * name the wrong party on the site.
 *
 * Besides crashes and sanitizer reports, it fails when what parses has
 * ids that are not 40 lower-case hex digits in strictly rising order, a
 * party spanning lines, or does not format and parse back to itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "verify.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct verdicts	 vs, again;
	struct buf	 b = { 0 }, c = { 0 };
	size_t		 i;

	if (verdicts_parse((const char *)data, size, &vs) == -1) {
		require(vs.n == 0 && vs.v == NULL, "a refused file is empty");
		return 0;
	}
	for (i = 0; i < vs.n; i++) {
		require(strlen(vs.v[i].id) == 40 &&
		    strspn(vs.v[i].id, "0123456789abcdef") == 40,
		    "ids are 40 lower-case hex digits");
		require(i == 0 || strcmp(vs.v[i - 1].id, vs.v[i].id) < 0,
		    "ids in rising order, each once");
		require(vs.v[i].party == NULL ||
		    strchr(vs.v[i].party, '\n') == NULL, "a party is one line");
		require(verdict_of(&vs, vs.v[i].id) == &vs.v[i],
		    "each id is found");
	}
	verdicts_format(&vs, &b);
	require(verdicts_parse(b.p, b.len, &again) == 0 && again.n <= vs.n,
	    "a formatted file parses");
	verdicts_format(&again, &c);
	require(c.len == b.len && memcmp(c.p, b.p, b.len) == 0,
	    "and formats the same again");
	verdicts_free(&vs);
	verdicts_free(&again);
	buf_free(&b);
	buf_free(&c);
	return 0;
}
