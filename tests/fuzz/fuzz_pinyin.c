/*
 * libFuzzer harness: the reader of Rime dictionaries (search.c), which
 * reads the pinyin data a build finds installed.
 *
 * The input is the file.  Besides crashes and sanitizer reports, it
 * fails when an entry reaches the caller that the reader promises to
 * skip: a character below U+0080 or past U+10FFFF, a surrogate, or a
 * code that is not 1-6 letters a-z; or when the count it returns is not
 * the number of entries it gave.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"

#include "fuzz.h"

static int
take(void *arg, uint32_t cp, const char *code, size_t len,
    unsigned long weight)
{
	long	*n = arg;
	size_t	 i;

	(void)weight;
	require(cp >= 0x80 && cp <= 0x10FFFF &&
	    (cp < 0xD800 || cp > 0xDFFF), "one non-ASCII character");
	require(len >= 1 && len <= 6, "a code of 1-6 letters");
	for (i = 0; i < len; i++)
		require(code[i] >= 'a' && code[i] <= 'z', "letters a-z");
	(*n)++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*copy = malloc(size ? size : 1);	/* exact size: ASan */
	long	 n = 0, got;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	got = pinyin_parse(copy, size, take, &n);
	require(got == n, "the count is the entries given");
	free(copy);
	return 0;
}
