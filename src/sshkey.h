/* OpenSSH public key lines, as parties.yaml lists them (sshkey.c). */
#ifndef SSHKEY_H
#define SSHKEY_H

#include <stddef.h>

struct buf;

/*
 * Whether line[0..len) is one OpenSSH public key line: "TYPE BASE64"
 * and an optional comment, TYPE one OpenSSH signs with, BASE64 strict
 * base64 of a key blob that starts with the same TYPE and holds exactly
 * the fields that type has.  Returns NULL when it is, or the reason in
 * English, marked N_ (translate it with _()).
 * Only the shape is checked: the key itself is ssh-keygen's business.
 */
const char *sshkey_check(const char *line, size_t len);

/* The decoded key blob of a key line that sshkey_check accepts; 0, or
 * -1 (blob empty) when it is not one. */
int	 sshkey_blob(const char *line, size_t len, struct buf *blob);
/*
 * The blob of the public key that made an armored SSH signature (the
 * gpgsig header of a commit signed with an SSH key), as it is written
 * in the signature: 0, or -1 when the text is not such a signature.
 * This says who claims to have signed, not that they did: ssh-keygen
 * -Y verify decides that.
 */
int	 sshsig_key(const char *armored, size_t len, struct buf *blob);

#endif /* !SSHKEY_H */
