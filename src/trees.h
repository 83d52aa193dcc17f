/*
 * The tree cache (trees.c): the node tree libyaml gave for a file's
 * bytes, kept in DIR/.gongshi/trees under the SHA-256 of those bytes,
 * so that a record read again unchanged is not parsed again.
 */
#ifndef TREES_H
#define TREES_H

#include <stddef.h>

struct arena;
struct buf;
struct node;
struct trees;

#define TREES_KEY	32	/* bytes of a key: SHA-256 of the file */

struct trees	*trees_open(const char *dir);
struct trees	*trees_from_bytes(const char *path, const char *data,
		    size_t len);
void		 trees_key(const char *data, size_t len,
		    unsigned char key[TREES_KEY]);
const struct node *trees_get(struct trees *,
		    const unsigned char key[TREES_KEY], struct arena *);
void		 trees_put(struct trees *, const unsigned char key[TREES_KEY],
		    const struct node *root);
int		 trees_save(struct trees *);
void		 trees_free(struct trees *);

/* For the tests and the fuzz harness: the encoding of one tree, the
 * header this program writes, the keys the file holds. */
void		 trees_encode(const struct node *, struct buf *);
const struct node *trees_decode(const char *p, size_t len, struct arena *);
void		 trees_header(struct buf *);
const unsigned char *trees_entry_key(const struct trees *, size_t i);

#endif /* !TREES_H */
