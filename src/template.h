/*
 * Mustache templates (template.c) and the view they render (template.c);
 * standalone: it needs only the buffer, the arena and the escapers.
 *
 * A template is parsed once into a tree of operations and rendered any
 * number of times into a struct buf.  Partials and parents are found by
 * name in a struct tpl_set, which parses each at most once.  Nothing
 * here prints or exits: failures come back as a struct tpl_err.
 */
#ifndef TEMPLATE_H
#define TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "escape.h"

/*
 * The view: a small value tree.  Numbers are strings formatted by
 * whoever builds the view.  Falsey are null, false, the empty list and
 * the empty string; everything else (maps, "0", "false" as a string)
 * is truthy.  Only strings interpolate: booleans, lists and maps
 * write nothing, so an absent value (false) never prints "false".
 */
enum tv_type {
	TV_NULL,
	TV_FALSE,
	TV_TRUE,
	TV_STR,
	TV_LIST,
	TV_MAP
};

struct tval;

struct tv_pair {
	const char	*key;		/* NUL-terminated, in the arena */
	size_t		 keylen;
	uint32_t	 hash;		/* of key: skips most compares */
	const struct tval *val;
};

struct tval {
	enum tv_type	 type;
	union {
		struct {
			const char	*p;	/* maybe not NUL-ended */
			size_t		 len;
		} str;
		struct {
			const struct tval **v;
			size_t		 n, cap;
			struct arena	*a;	/* where v grows */
		} list;
		struct {
			struct tv_pair	*kv;	/* in order of tv_set */
			size_t		 n, cap;
			uint32_t	*slot;	/* kv index + 1 by hash, */
			size_t		 nslot;	/* or NULL while small */
			struct arena	*a;	/* where they grow */
		} map;
	} u;
};

const struct tval *tv_null(void);
const struct tval *tv_bool(int);
struct tval	*tv_str(struct arena *, const char *);
struct tval	*tv_strn(struct arena *, const char *, size_t);
struct tval	*tv_strf(struct arena *, const char *, ...)
		    PRINTF_LIKE(2, 3);
struct tval	*tv_ref(struct arena *, const char *, size_t);
struct tval	*tv_list(struct arena *);
void		 tv_push(struct tval *list, const struct tval *);
struct tval	*tv_map(struct arena *);
void		 tv_set(struct tval *map, const char *key,
		    const struct tval *);
const struct tval *tv_get(const struct tval *map, const char *key);
int		 tv_truthy(const struct tval *);


/*
 * Why parsing or rendering failed and where: file is the template's
 * name (or the path its loader gave), line and col are 1-based, col in
 * characters like every other diagnostic; both are 0 when the problem
 * has no place (a loader that could not read a file).
 */
struct tpl_err {
	char		*file;
	unsigned	 line;
	unsigned	 col;
	struct buf	 msg;		/* the message alone */
};

void	 tpl_err_format(const struct tpl_err *, struct buf *);
void	 tpl_err_free(struct tpl_err *);

#define TPL_MAXDEPTH	64	/* partials, parents, blocks in each other */
#define TPL_MAXSTEPS	5000000		/* tags done in one rendering */
#define TPL_MAXOUT	((size_t)64 * 1024 * 1024) /* bytes one writes */

struct tpl;
struct tpl_set;

struct tpl	*tpl_parse(const char *name, const char *src, size_t len,
		    struct tpl_err *);
void		 tpl_free(struct tpl *);
const char	*tpl_name(const struct tpl *);

/*
 * A loader fills in one partial: its source in text (and path, for
 * messages, if it differs from the name), or an already parsed tpl
 * which the set then owns.  It returns 1 when found, 0 when there is
 * no such partial (it renders as nothing, per the spec) and -1 on
 * failure, explained in msg.
 */
struct tpl_source {
	struct buf	 text;
	struct buf	 path;
	struct tpl	*tpl;
};

typedef int	(*tpl_loader)(void *arg, const char *name,
		    struct tpl_source *, struct buf *msg);

struct tpl_set	*tpl_set_new(tpl_loader, void *arg);
void		 tpl_set_free(struct tpl_set *);
int		 tpl_set_add(struct tpl_set *, const char *name,
		    const char *src, size_t len, struct tpl_err *);
int		 tpl_set_get(struct tpl_set *, const char *name,
		    const struct tpl **, struct tpl_err *);
int		 tpl_set_resolve(struct tpl_set *, const struct tpl *,
		    struct tpl_err *);
size_t		 tpl_set_loads(const struct tpl_set *);
void		 tpl_set_budget(struct tpl_set *, size_t steps, size_t bytes);

int		 tpl_render(const struct tpl *, struct tpl_set *,
		    const struct tval *view, tpl_escfn, struct buf *out,
		    struct tpl_err *);

#endif /* !TEMPLATE_H */
