/*
 * The tree cache (trees.c): the node tree libyaml gave for a file's
 * bytes, kept in DIR/.gongshi/trees under their git blob id, so that a
 * record read again unchanged (or an old revision's, by its id alone)
 * is not parsed again.
 */
#ifndef TREES_H
#define TREES_H

#include <stddef.h>

struct arena;
struct buf;
struct node;
struct trees;

#define TREES_KEY	20	/* bytes of a key: the file's git blob id */

struct trees	*trees_open(const char *dir);
struct trees	*trees_from_bytes(const char *path, const char *data,
		    size_t len);
void		 trees_key(const char *data, size_t len,
		    unsigned char key[TREES_KEY]);
const struct node *trees_get(struct trees *,
		    const unsigned char key[TREES_KEY], struct arena *,
		    size_t *len);
int		 trees_has(struct trees *, const unsigned char key[TREES_KEY]);
void		 trees_put(struct trees *, const unsigned char key[TREES_KEY],
		    const struct node *root, size_t len);
int		 trees_save(struct trees *);
void		 trees_free(struct trees *);

/* For the tests and the fuzz harness: the encoding of one tree, the
 * header this program writes, the keys the file holds, the bytes of
 * new trees waiting in memory. */
void		 trees_encode(const struct node *, size_t len, struct buf *);
const struct node *trees_decode(const char *p, size_t n, struct arena *,
		    size_t *len);
void		 trees_header(struct buf *);
const unsigned char *trees_entry_key(const struct trees *, size_t i);
size_t		 trees_held(const struct trees *);

#endif /* !TREES_H */
