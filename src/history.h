/* The history: changes between revisions, and all of them (history.c). */
#ifndef HISTORY_H
#define HISTORY_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "diff.h"
#include "verify.h"

struct ctx;
struct diags;

/* git types stay out of this header. */
struct git_repository;
struct git_tree;
struct git_index;
struct git_oid;
struct git_signature;

struct revision {
	char		 id[41];	/* commit id, hex */
	char		 parent[41];	/* its first parent's, or "" */
	char		 short_id[13];
	const char	*author;
	const char	*email;
	int64_t		 time;		/* seconds since the epoch */
	const char	*when;		/* "2026-11-27 20:05 +0800" */
	const char	*when_iso;	/* RFC 3339 */
	const char	*when_words;	/* "2026年11月27日 20:05" */
	const char	*date_words;	/* "2026年11月27日" */
	int64_t		 day;		/* its date there, days since 1970 */
	const char	*summary;	/* the message's first line */
	size_t		 first, count;	/* its changes in history.changes */
	enum signed_as	 as;		/* its signature, as verify finds it */
	const char	*party;		/* who signed, as parties.yaml names
					   them, or NULL */
};

struct touch {
	const char	*record;	/* compound id or file */
	size_t		 rev;		/* index in history.v */
	size_t		 first, count;	/* its changes in history.changes */
};

struct history {
	struct revision	*v;		/* newest first */
	size_t		 n, cap;
	struct changes	 changes;	/* every revision's, in order */
	struct touch	*touch;		/* by record, then newest first */
	size_t		 ntouch, captouch;
	struct blob_cache *cache;	/* each blob parsed once */
	struct revision	 head;		/* the tip, content changed or not */
	int		 signatures;	/* parties.yaml was ever in force */
};

int	 changes_between(struct ctx *, struct git_repository *,
	    struct git_tree *, struct git_tree *, int to_workdir,
	    struct changes *, struct diags *);
void	 changes_text(const struct changes *, struct buf *, const char *indent);
void	 changes_json(const struct changes *, struct buf *);
int	 changed_paths(struct git_repository *, struct git_tree *,
	    struct git_tree *, char ***paths, size_t *n, struct diags *);
int	 history_load(struct ctx *, struct git_repository *,
	    const struct git_oid *tip, struct history *, struct diags *);
int	 history_signatures(struct ctx *, struct git_repository *,
	    struct history *, const char *cache, struct diags *);
size_t	 history_of(const struct history *, const char *record, size_t *first);
size_t	 revision_changes_of(const struct history *, const struct revision *,
	    const char *record, size_t *first);
void	 history_free(struct history *);
int	 workdir_differs(struct git_repository *, struct git_tree *,
	    int *differs, struct diags *);

#endif /* !HISTORY_H */
