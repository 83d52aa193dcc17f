/*
 * libFuzzer harness: the shape check of OpenSSH public key lines that
 * parties.yaml lists (sshkey.c), which decodes base64 and walks the
 * length-prefixed strings of the key blob; and the reader of the signer's
 * key in an armored SSH signature (a commit's gpgsig header), which
 * verify trusts to name the party before ssh-keygen checks it.
 *
 * The input is the line, or the signature.  Besides crashes and
 * sanitizer reports, it fails when a line is accepted that does not
 * start with a key type, a space and a run of base64 digits whose
 * length is a multiple of 4, when a line whose data is cut by one digit
 * is still accepted, when an accepted line has no blob or a blob longer
 * than its base64 allows, or when a signature's key is longer than the
 * signature.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sshkey.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data, *sp, *end;
	char		*cut;
	size_t		 n;
	struct buf	 blob = { 0 };

	if (sshsig_key(s, size, &blob) == 0)
		require(blob.len > 0 && blob.len < size, "a key inside");
	buf_free(&blob);
	if (sshkey_check(s, size) != NULL) {
		require(sshkey_blob(s, size, &blob) == -1, "blob of a non-key");
		buf_free(&blob);
		return 0;
	}
	sp = memchr(s, ' ', size);
	require(sp != NULL && sp > s, "a type, then a space");
	for (end = sp + 1; end < s + size && *end != ' '; end++)
		require(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
		    "vwxyz0123456789+/=", *end) != NULL && *end != '\0',
		    "base64 digits only");
	n = (size_t)(end - sp - 1);
	require(n > 0 && n % 4 == 0, "whole base64 quads");
	require(sshkey_blob(s, size, &blob) == 0 && blob.len > 0 &&
	    blob.len <= n / 4 * 3, "a key's blob");
	buf_free(&blob);
	/* One digit less can never be a key. */
	if ((cut = malloc(size)) == NULL)
		abort();
	memcpy(cut, s, (size_t)(end - s) - 1);
	memcpy(cut + (end - s) - 1, end, (size_t)(s + size - end));
	require(sshkey_check(cut, size - 1) != NULL, "a cut key refused");
	free(cut);
	return 0;
}
