/*
 * libFuzzer harness: the cache of how the history's trees differ
 * (treediff.c), .gongshi/deltas, which a crash, a full disk or a person
 * may have left in any state; a pair wrongly believed would show
 * residents changes no one published.
 *
 * The first byte chooses what the rest is.  Odd: the lines after the
 * first, behind a header this harness makes with their true checksum,
 * so that the lines themselves are fuzzed.  Even: a whole file.  What
 * parses must format back to exactly its bytes (one spelling per
 * cache, so the checksum covers all that is believed).  Besides,
 * crashes and sanitizer reports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "treediff.h"

#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	git_libgit2_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct delta_cache *dc;
	struct buf	 text = { 0 }, again = { 0 };
	char		 hex[GIT_OID_HEXSZ + 1];
	git_oid		 sum;

	if (size == 0)
		return 0;
	if (data[0] & 1) {
		if (git_odb_hash(&sum, data + 1, size - 1, GIT_OBJECT_BLOB) != 0)
			return 0;
		git_oid_tostr(hex, sizeof(hex), &sum);
		buf_printf(&text, "gongshi-deltas 1 %064d %s\n", 0, hex);
	}
	buf_put(&text, data + 1, size - 1);
	if ((dc = delta_cache_parse(text.p, text.len)) != NULL) {
		delta_cache_format(dc, &again);
		require(again.len == text.len &&
		    memcmp(again.p, text.p, text.len) == 0,
		    "a cache that parses formats back to its bytes");
		delta_cache_free(dc);
	}
	buf_free(&text);
	buf_free(&again);
	return 0;
}
