/*
 * The parsed form of a template, shared by the parser (tplparse.c),
 * the renderer and the sets (template.c): internal to the engine.
 */
#ifndef TPLOPS_H
#define TPLOPS_H

#include <stddef.h>
#include <stdint.h>

#include "template.h"

#define NOWHERE		SIZE_MAX

enum optype {
	OP_TEXT,	/* literal text */
	OP_VAR,		/* {{name}}: escaped */
	OP_RAW,		/* {{{name}}} or {{&name}}: as is */
	OP_SECTION,	/* {{#name}}…{{/name}} */
	OP_INVERTED,	/* {{^name}}…{{/name}} */
	OP_PARTIAL,	/* {{>name}} */
	OP_PARENT,	/* {{<name}}…{{/name}} */
	OP_BLOCK	/* {{$name}}…{{/name}} */
};

/* One part of a dotted name, hashed once here rather than per lookup. */
struct key {
	const char	*s;
	size_t		 len;
	uint32_t	 hash;
};

struct op {
	struct op	*next;
	enum optype	 type;
	unsigned	 line, col;	/* of the tag, for messages */
	const char	*s;		/* the text, or the tag's name */
	size_t		 len;		/* (NUL-terminated too) */
	struct key	*keys;		/* the name split at dots, */
	size_t		 nkeys;		/* 0 for the implicit iterator */
	struct op	*kids;		/* section body, block default,
					 * or a parent's argument blocks */
	const char	*indent;	/* what a standalone partial, parent
					 * or block adds to each line */
	size_t		 indentlen;
	int		 standalone;
};

struct tpl {
	struct arena	 a;		/* everything below lives here */
	const char	*name;		/* for messages */
	struct op	*ops;
};

uint32_t tpl_hash(const char *, size_t);
size_t	 tv_map_pos(const struct tval *, const char *key, size_t len,
	    uint32_t hash);
void	 err_set(struct tpl_err *, const char *, unsigned, unsigned,
	    const char *, ...) PRINTF_LIKE(5, 6);
void	 err_copy(struct tpl_err *, const struct tpl_err *);

#endif /* !TPLOPS_H */
