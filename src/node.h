/* The node tree: one YAML file with the place of every node (yaml.c). */
#ifndef NODE_H
#define NODE_H

#include <stddef.h>

struct arena;
struct diags;

/*
 * The YAML node tree (load.c): what libyaml's events describe, with the
 * place of every node.  Scalars are kept as text; nothing is resolved.
 */
enum node_kind {
	NODE_SCALAR,
	NODE_MAP,
	NODE_SEQ,
	NODE_ALIAS	/* rejected when read; kept so checking goes on */
};

struct node {
	enum node_kind	 kind;
	unsigned	 line;	/* 1-based start of the node */
	unsigned	 col;
	const char	*s;	/* scalar text, NUL-terminated */
	size_t		 len;	/* scalar length in bytes */
	struct node	**kids;	/* map: key, value, key, value…; seq: items */
	size_t		 n;	/* number of kids */
	size_t		 start;	/* byte offsets of the node in the file: */
	size_t		 end;	/* import rewrites values in place */
	unsigned char	 style;	/* scalar: libyaml's yaml_scalar_style_t */
	unsigned char	 flow;	/* map, seq: written in flow style {…} […] */
};


struct node *yaml_load(const char *file, const char *data, size_t len,
	    struct arena *, struct diags *);
void	 offset_to_place(const char *data, size_t len, size_t off,
	    unsigned *line, unsigned *col);

#endif /* !NODE_H */
