/*
 * Changing a YAML record the way a person would (yamledit.c): values are
 * rewritten where they stand, keys and list entries added or removed
 * line by line, and every other byte (comments, key order, quoting,
 * blank lines) is kept.  The record is held as an editable tree over
 * the node tree of node.h; mdoc_render() turns the changes into edits
 * of the original text.
 */
#ifndef YAMLEDIT_H
#define YAMLEDIT_H

#include <stddef.h>
#include <stdint.h>

#include "node.h"
#include "schema.h"

struct arena;
struct buf;

/* A workbook cell a value came from: where its problems are told. */
struct cellref {
	const char	*sheet;		/* NULL: none */
	uint32_t	 row;
	uint32_t	 col;
	const char	*id;		/* the compound's id */
};

struct mnode;

struct mentry {
	const char	*key;
	const struct node *korig;	/* the key as written; NULL: new */
	const struct node *vorig;	/* the value as written; NULL: new */
	struct mnode	*v;		/* NULL: the entry was removed */
};

struct mnode {
	enum node_kind	 kind;		/* scalar, map or seq */
	const struct node *orig;	/* what it was read from; NULL: new */
	struct mnode	*parent;
	const char	*text;		/* a scalar's value */
	enum ftype	 type;		/* a scalar's type, for quoting */
	int		 changed;	/* a scalar given a new value */
	int		 dirty;		/* something in it changed */
	int		 structural;	/* entries added or removed */
	int		 flow;		/* written {…} or […] */
	const struct schema *sc;	/* a map: its keys' order */
	struct cellref	 cell;
	struct mentry	*kids;		/* map: entries; seq: values */
	size_t		 n, cap;
};

struct mdoc {
	const char	*text;		/* the file as read; NULL: new */
	size_t		 len;
	struct arena	*arena;
	struct mnode	*root;
};

/* Where a value of the rendered text came from (mdoc_render). */
struct mark {
	size_t		 off;		/* byte offset in the new text */
	size_t		 start, end;	/* of the edit holding it */
	struct cellref	 cell;
};

struct marks {
	struct mark	*v;
	size_t		 n, cap;
};

void	 mdoc_open(struct mdoc *, const char *text, size_t len,
	    const struct node *root, struct arena *);
void	 mdoc_new(struct mdoc *, struct arena *);

struct mnode *mnode_scalar(struct mdoc *, const char *text, enum ftype,
	    const struct cellref *);
struct mnode *mnode_map(struct mdoc *, const struct schema *,
	    const struct cellref *);
struct mnode *mnode_seq(struct mdoc *, const struct cellref *);

struct mnode *mmap_get(const struct mnode *map, const char *key);
void	 mmap_set(struct mdoc *, struct mnode *map, const char *key,
	    struct mnode *value);
void	 mmap_remove(struct mnode *map, const char *key);
void	 mseq_append(struct mdoc *, struct mnode *seq, struct mnode *value);
void	 mseq_remove(struct mnode *seq, size_t i);
void	 mseq_set(struct mnode *seq, size_t i, struct mnode *value);
/* Removes collections left empty by changes, below m. */
void	 mnode_prune(struct mnode *m);
/* Marks a scalar as given text. */
void	 mscalar_set(struct mnode *, const char *text, enum ftype,
	    const struct cellref *);
/* The text a scalar holds now. */
const char *mscalar_text(const struct mnode *);

/* The record with its changes; marks say where each came from. */
void	 mdoc_render(const struct mdoc *, struct buf *out, struct marks *);
/* The cell behind byte offset off of the rendered text, or NULL. */
const struct cellref *marks_find(const struct marks *, size_t off);

#endif /* !YAMLEDIT_H */
