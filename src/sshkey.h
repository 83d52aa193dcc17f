/* OpenSSH public key lines, as parties.yaml lists them (sshkey.c). */
#ifndef SSHKEY_H
#define SSHKEY_H

#include <stddef.h>

/*
 * Whether line[0..len) is one OpenSSH public key line: "TYPE BASE64"
 * and an optional comment, TYPE one OpenSSH signs with, BASE64 strict
 * base64 of a key blob that starts with the same TYPE and holds exactly
 * the fields that type has.  Returns NULL when it is, or the reason in
 * English, marked N_ (translate it with _()).
 * Only the shape is checked: the key itself is ssh-keygen's business.
 */
const char *sshkey_check(const char *line, size_t len);

#endif /* !SSHKEY_H */
