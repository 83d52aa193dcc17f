/* The semantic diff: changes field by field (diff.c). */
#ifndef DIFF_H
#define DIFF_H

#include <stddef.h>
#include <stdint.h>
#include "arena.h"
#include "buf.h"
#include "format.h"
#include "schema.h"

/* The semantic diff (diff.c). */
enum change_kind {
	CH_CHANGED,		/* a value differs */
	CH_ADDED,		/* a record, element or value appeared */
	CH_REMOVED		/* one went */
};

/* One side of a change: typed, formatted only where it is shown. */
struct change_value {
	enum ftype	 type;		/* FT_TEXT for a row's summary */
	const char	*s;		/* as written; NULL when absent */
	int64_t		 n;		/* fen, hundredths, a count, days */
};

struct change {
	const char	*record;	/* compound id, or the file's name */
	const char	*record_name;	/* the compound's name, for people */
	enum change_kind kind;
	const char	*what;		/* Chinese label path */
	const char	*path;		/* key path: fees[物业服务费].amount */
	struct change_value old;	/* before; .s NULL when absent */
	struct change_value new;	/* after */
	/* The innermost list element the change is in (a fee, a grid
	 * row), both sides, so that a sentence can name its unit or the
	 * date it applies from; NULL outside lists. */
	const struct schema *elem;
	const void	*elem_old, *elem_new;
	const char	*elem_name;	/* its key as people read it */
};

struct blob_cache;

struct changes {
	struct change	*v;
	size_t		 n, cap;
	struct blob_cache *cache;	/* records parsed by blob, or NULL */
	struct arena	*arena;		/* for texts; the caller's */
	struct arena	 scratch;	/* texts while comparing one record */
	struct buf	 tmp;
	const char	*record;	/* the record being compared */
	const char	*record_name;
	const struct schema *elem;	/* the list element being compared */
	const void	*elem_old, *elem_new;
	const char	*elem_name;
	int		 content_only;	/* content/ only, not layouts/
					   (the history readers see) */
	int		 check_fees;	/* warn of fee changes without a
					   month's notice (diff, publish) */
};

void	 diff_record(struct changes *, const char *record, const char *name,
	    const struct schema *, const void *old, const void *new);
void	 diff_note(struct changes *, const char *record, const char *name,
	    enum change_kind);
void	 changes_free(struct changes *);
const char *change_show(struct buf *, const struct change_value *,
	    enum form);

#endif /* !DIFF_H */
