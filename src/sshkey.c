/*
 * The shape of an OpenSSH public key line (sshkey.c): enough to tell an
 * office that it pasted its private key, a fingerprint, half a line or
 * a PuTTY export, before ssh-keygen -Y verify ever sees it.  Nothing
 * here is cryptography: the blob is split into its length-prefixed
 * strings (RFC 4253 §6.6, PROTOCOL.u2f for the sk- types) and counted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "sshkey.h"

#define BLOB_MAX	16384	/* an RSA key of 16384 bits is ~2 KiB */

/* The key types OpenSSH signs with, and the strings after the type. */
static const struct keytype {
	const char	*name;
	unsigned	 nfields;	/* strings (or mpints) after the type */
	unsigned	 keylen;	/* exact length of the last, or 0 */
} keytypes[] = {
	{ "ssh-ed25519", 1, 32 },
	{ "sk-ssh-ed25519@openssh.com", 2, 0 },
	{ "ssh-rsa", 2, 0 },
	{ "ecdsa-sha2-nistp256", 2, 0 },
	{ "ecdsa-sha2-nistp384", 2, 0 },
	{ "ecdsa-sha2-nistp521", 2, 0 },
	{ "sk-ecdsa-sha2-nistp256@openssh.com", 3, 0 },
};

/* Base64 digits: their value, or -1 (the table is filled on first use
 * from the alphabet, so it cannot be mistyped). */
static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int
b64_value(unsigned char ch)
{
	const char	*p;

	if (ch == '\0' || (p = strchr(b64, ch)) == NULL)
		return -1;
	return (int)(p - b64);
}

/*
 * Strict base64 (RFC 4648 §4): a multiple of 4 digits, '=' only as the
 * last one or two, and no bits set past the data.  Returns the bytes
 * written to out (at most max), or -1.
 */
static long
b64_decode(const char *s, size_t n, unsigned char *out, size_t max)
{
	size_t		 i, o = 0, pad = 0;
	uint32_t	 acc;
	int		 j, v;

	if (n == 0 || n % 4 != 0 || n / 4 * 3 > max)
		return -1;
	if (s[n - 1] == '=')
		pad = s[n - 2] == '=' ? 2 : 1;
	for (i = 0; i < n; i += 4) {
		acc = 0;
		for (j = 0; j < 4; j++) {
			if (i + 4 == n && j >= 4 - (int)pad) {
				if (s[i + j] != '=')
					return -1;
				v = 0;
			} else if ((v = b64_value((unsigned char)s[i + j])) < 0)
				return -1;
			acc = acc << 6 | (uint32_t)v;
		}
		if ((pad == 1 && i + 4 == n && (acc & 0xff) != 0) ||
		    (pad == 2 && i + 4 == n && (acc & 0xffff) != 0))
			return -1;	/* bits past the data */
		out[o++] = (unsigned char)(acc >> 16);
		if (!(i + 4 == n && pad == 2))
			out[o++] = (unsigned char)(acc >> 8);
		if (!(i + 4 == n && pad >= 1))
			out[o++] = (unsigned char)acc;
	}
	return (long)o;
}

/* The next length-prefixed string of blob[*at..n); its length, or -1. */
static long
next_string(const unsigned char *blob, size_t n, size_t *at,
    const unsigned char **s)
{
	uint32_t	 len;

	if (n - *at < 4)
		return -1;
	len = (uint32_t)blob[*at] << 24 | (uint32_t)blob[*at + 1] << 16 |
	    (uint32_t)blob[*at + 2] << 8 | blob[*at + 3];
	if (len > n - *at - 4)
		return -1;
	*s = blob + *at + 4;
	*at += 4 + (size_t)len;
	return (long)len;
}

static const struct keytype *
find_type(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < sizeof(keytypes) / sizeof(keytypes[0]); i++)
		if (strlen(keytypes[i].name) == n &&
		    memcmp(keytypes[i].name, s, n) == 0)
			return &keytypes[i];
	return NULL;
}

/* The blob of a key of type t: its type again, then its fields. */
static const char *
check_blob(const struct keytype *t, const unsigned char *blob, size_t n)
{
	const unsigned char *s;
	size_t		 at = 0;
	unsigned	 i;
	long		 len;

	len = next_string(blob, n, &at, &s);
	if (len < 0 || (size_t)len != strlen(t->name) ||
	    memcmp(s, t->name, (size_t)len) != 0)
		return N_("the key data does not begin with the key type "
		    "written before it");
	for (i = 0; i < t->nfields; i++) {
		if ((len = next_string(blob, n, &at, &s)) <= 0)
			return N_("the key data is cut short");
		if (i + 1 == t->nfields && t->keylen != 0 &&
		    (size_t)len != t->keylen)
			return N_("the key data has the wrong length for its "
			    "type");
	}
	if (at != n)
		return N_("the key data has bytes after the key");
	return NULL;
}

const char *
sshkey_check(const char *line, size_t len)
{
	const struct keytype *t;
	unsigned char	*blob = NULL;
	const char	*end = line + len, *sp, *data, *why = NULL;
	long		 n;

	if (len >= 5 && memcmp(line, "-----", 5) == 0)
		return N_("this is a private key or a PEM file; give the "
		    "public key, the one line of the .pub file");
	if ((sp = memchr(line, ' ', len)) == NULL)
		return N_("a public key is one line: its type, a space, "
		    "then the key data (the .pub file's line)");
	if ((t = find_type(line, (size_t)(sp - line))) == NULL)
		return N_("the key type is not one OpenSSH signs with "
		    "(ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521, or "
		    "their sk- security-key forms)");
	data = sp + 1;
	for (sp = data; sp < end && *sp != ' '; sp++)
		continue;
	if ((blob = malloc(BLOB_MAX)) == NULL)
		abort();
	if ((n = b64_decode(data, (size_t)(sp - data), blob, BLOB_MAX)) < 0)
		why = N_("the key data is not valid base64");
	else
		why = check_blob(t, blob, (size_t)n);
	free(blob);
	return why;
}

int
sshkey_blob(const char *line, size_t len, struct buf *blob)
{
	const char	*end = line + len, *data, *sp;
	long		 n;

	buf_truncate(blob, 0);
	if (sshkey_check(line, len) != NULL)
		return -1;
	data = (const char *)memchr(line, ' ', len) + 1;
	for (sp = data; sp < end && *sp != ' '; sp++)
		continue;
	buf_grow(blob, (size_t)(sp - data));
	if ((n = b64_decode(data, (size_t)(sp - data),
	    (unsigned char *)blob->p, (size_t)(sp - data))) < 0)
		return -1;
	blob->len = (size_t)n;
	return 0;
}

/*
 * The armor is a BEGIN line, base64 in lines, an END line; the blob is
 * "SSHSIG", a version, then the signer's public key as a string
 * (PROTOCOL.sshsig).
 */
int
sshsig_key(const char *armored, size_t len, struct buf *blob)
{
	static const char begin[] = "-----BEGIN SSH SIGNATURE-----";
	static const char endl[] = "-----END SSH SIGNATURE-----";
	const char	*p = armored, *end = armored + len, *stop;
	const unsigned char *key;
	struct buf	 text = { 0 };
	unsigned char	*raw = NULL;
	size_t		 at = 10;
	long		 n, klen;
	int		 rc = -1;

	buf_truncate(blob, 0);
	if (len < sizeof(begin) || memcmp(p, begin, sizeof(begin) - 1) != 0)
		return -1;
	p += sizeof(begin) - 1;
	for (stop = p; stop + sizeof(endl) - 1 <= end; stop++)
		if (memcmp(stop, endl, sizeof(endl) - 1) == 0)
			break;
	if (stop + sizeof(endl) - 1 > end)
		return -1;
	for (; p < stop; p++)
		if (*p != '\n' && *p != '\r' && *p != ' ')
			buf_putc(&text, *p);
	if (text.len == 0 || text.len > 4 * BLOB_MAX)
		goto out;
	if ((raw = malloc(text.len)) == NULL)
		abort();
	if ((n = b64_decode(text.p, text.len, raw, text.len)) < 10 ||
	    memcmp(raw, "SSHSIG", 6) != 0)
		goto out;
	if ((klen = next_string(raw, (size_t)n, &at, &key)) <= 0)
		goto out;
	buf_put(blob, key, (size_t)klen);
	rc = 0;
out:
	free(raw);
	buf_free(&text);
	return rc;
}
