/*
 * libFuzzer harness: the tree cache (trees.c), .gongshi/trees, which a
 * crash, a full disk, another program or a person may have left in any
 * state; a tree wrongly believed would check and publish a record
 * other than the one on disk.
 *
 * The first byte chooses what the rest is.  Even: one encoded tree,
 * which must either be refused or decode to a tree that encodes back
 * to exactly those bytes (one encoding per tree, so the entry's check
 * covers everything that is believed).  Odd: a cache file behind this
 * program's header, whose every entry must be refused or give such a
 * tree.  Besides, crashes and sanitizer reports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "node.h"
#include "trees.h"

#include "fuzz.h"

static void
round_trip(const struct node *root, size_t file, const char *p, size_t len)
{
	struct buf	 again = { 0 };

	trees_encode(root, file, &again);
	require(again.len == len && memcmp(again.p, p, len) == 0,
	    "a tree that decodes encodes to the same bytes");
	buf_free(&again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a = { 0 };
	struct buf	 file = { 0 }, enc = { 0 };
	struct trees	*t;
	const struct node *root;
	const unsigned char *key;
	size_t		 i, len;

	if (size == 0)
		return 0;
	if ((data[0] & 1) == 0) {
		if ((root = trees_decode((const char *)data + 1, size - 1,
		    &a, &len)) != NULL)
			round_trip(root, len, (const char *)data + 1, size - 1);
		arena_free(&a);
		return 0;
	}
	trees_header(&file);
	buf_put(&file, data + 1, size - 1);
	t = trees_from_bytes("/nonexistent/trees", file.p, file.len);
	for (i = 0; (key = trees_entry_key(t, i)) != NULL; i++) {
		if ((root = trees_get(t, key, &a, &len)) == NULL)
			continue;
		buf_truncate(&enc, 0);
		trees_encode(root, len, &enc);
		require(trees_decode(enc.p, enc.len, &a, &len) != NULL,
		    "a tree the cache gives encodes and decodes");
		arena_reset(&a);
	}
	trees_free(t);
	buf_free(&enc);
	buf_free(&file);
	arena_free(&a);
	return 0;
}
