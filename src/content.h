/* Reading content/ and layouts/, and checking them (content.c, check.c). */
#ifndef CONTENT_H
#define CONTENT_H

#include <stddef.h>
#include <stdint.h>
#include "arena.h"
#include "buf.h"
#include "diag.h"

struct schema;
struct book;
struct trees;
struct walk_seen;
struct git_repository;

/*
 * One run over one content folder (content.c, check.c): the context
 * passed to every stage instead of globals.
 */
struct gs_content;

/* One content file given as bytes (content_load_memory). */
struct mem_file {
	const char	*rel;		/* "content/site.yaml", … */
	const char	*data;		/* NULL: not loaded (never read) */
	size_t		 len;
	int		 link;		/* a symbolic link, refused */
	int		 has_id;	/* id is data's git blob id (a */
	unsigned char	 id[20];	/* committed tree's file) */
	int		 deferred;	/* not read (data NULL): its tree is
					   in the tree cache, and the blob
					   is read only if that fails */
};

struct ctx {
	const char	*dir;		/* -C DIR */
	struct arena	 arena;		/* loaded content; lives for the run */
	struct arena	 scratch;	/* node trees; reset after each file */
	struct diags	 diags;
	struct gs_content *content;
	struct book	*book;		/* the private contact book, once
					   read (contacts_apply); NULL */
	const char	**shorts;	/* short service numbers, NULL-ended */
	int64_t		 today;		/* days since 1970-01-01 */
	struct buf	 file;		/* the file being read, reused */
	const unsigned char *file_id;	/* its git blob id when known, */
	unsigned char	 file_hash[20];	/* or computed here; else NULL */
	const char *const *only_keys;	/* records' top-level keys to read,
					   NULL-ended; NULL: all.  import
					   needs only where records are */
	int		 want_blob;	/* fill gs_compound.blob: boards need
					   it, checking does not */
	int		 areas_read;	/* areas.yaml gave a tree */
	int		 departments_read; /* departments.yaml gave a tree */
	int		 parties_read;	/* parties.yaml is there and gave a
					   tree */
	const struct mem_file *mem;	/* read these, not c->dir */
	const struct mem_file **memv;	/* mem sorted by rel, for lookups */
	size_t		 nmem;
	const struct mem_file *overlay;	/* read over DIR's files: changed
					   (data) or removed (data NULL);
					   sorted by rel (import) */
	size_t		 noverlay;
	int		 worker;	/* a loading thread's copy */
	enum {
		PHONES_QUIET,	/* personal mobiles are not looked for */
		PHONES_NOTE,	/* check: each is said, to be sealed */
		PHONES_REFUSE	/* a tree to publish or to accept: each
				   is an error (contacts.c) */
	}		 phones;
	size_t		 nfiles;	/* files read */
	size_t		 nbytes;	/* bytes read */
	struct walk_seen *seen;		/* short texts copied to arena
					   already (schema.h), or NULL */
	struct trees	*trees;		/* parsed trees kept between runs
					   (trees.c), or NULL: --no-cache */
	const char	*gitdir;	/* where deferred files' blobs are */
	struct git_repository *blobs;	/* opened there when one is read */
	struct buf	 others;	/* "REL\tSHA-256\n" of each file read
					   that is not a compound record:
					   what every page may be made of */
};

const struct schema *content_schema(const char *rel, const char **stem,
	    size_t *stemlen);
int	 content_load(struct ctx *);
int	 content_load_memory(struct ctx *, const struct mem_file *, size_t);
int	 ctx_list(struct ctx *, const char *rel, char ***names, size_t *n);
int	 ctx_read(struct ctx *, const char *rel, size_t max, struct buf *);
struct node;
int	 content_tree(struct ctx *, const char *rel, const struct node **);
void	 content_size_error(struct ctx *, const char *rel, long long size);
int	 content_blob_id(struct ctx *, const char *rel, unsigned char id[20]);
const struct node *content_parse(struct ctx *, const char *rel,
	    const char *data, size_t len, struct arena *);
int	 record_from_bytes(struct ctx *, const char *rel, const char *data,
	    size_t len, const struct schema *, void *base);
int	 record_from_blob(struct ctx *, const char *rel, const char *data,
	    size_t len, const unsigned char id[20], const struct schema *,
	    void *base);
void	*record_from_cache(struct ctx *, const char *rel,
	    const unsigned char id[20], size_t max, const struct schema *);
int	 site_zone_of(struct ctx *, const char *data, size_t len);
void	 content_check(struct ctx *);
struct gs_area;
struct gs_compound;
const struct gs_area *find_area(const struct gs_content *, const char *code);
size_t	 compound_index(const struct gs_content *, const char *id);
int	 in_area(const struct gs_compound *, const char *code);
int	 in_areas(const struct gs_compound *, char *const *codes, size_t n);
/* A diagnostic at the place a value was written (check.c, rules.c). */
struct gs_pos;
void	 at(struct ctx *, const struct gs_pos *, enum severity,
	    const char *, ...) PRINTF_LIKE(4, 5);
/* A key as messages name it (key_name), from a path built like printf:
 * key_of(c, &schema_compound, "fees[%zu].amount", i + 1). */
struct schema;
const char *key_of(struct ctx *, const struct schema *root,
	    const char *fmt, ...) PRINTF_LIKE(3, 4);
void	 ctx_init(struct ctx *, const char *dir, int64_t today);
void	 ctx_worker(struct ctx *, const struct ctx *);
void	 ctx_keep_trees(struct ctx *, const char *dir);
void	 ctx_free(struct ctx *);

/* Between content.c and source.c: lists of names, and reading files. */
/* Growable array of pointers. */
struct ptrs {
	void	**v;
	size_t	 n, cap;
};

void	 ptrs_push(struct ptrs *, void *);
char	*strndup_x(const char *, size_t);
char	*full_path(const struct ctx *, const char *rel);
void	 link_error(struct ctx *, const char *rel, const char *what);
int	 read_content_file(struct ctx *, const char *rel, const char **data,
	    size_t *len);
int	 list_dir(struct ctx *, const char *rel, struct ptrs *names);
int	 is_dir(struct ctx *, const char *rel);
int	 ctx_exists(struct ctx *, const char *rel);
int	 check_content_folder(struct ctx *, const char *path);
void	 source_memory(struct ctx *, const struct mem_file *, size_t);
int	 memory_content_is_link(const struct ctx *);

#endif /* !CONTENT_H */
