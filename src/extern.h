/*
 * Internal interfaces shared by the stages of gongshi.  Nothing here is
 * part of the data model; see gongshi.h for that.
 */
#ifndef EXTERN_H
#define EXTERN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* Exit statuses, as the man page gives them. */
#define EXIT_VALID	0	/* done; the content is valid */
#define EXIT_INVALID	1	/* the content has errors; nothing done */
#define EXIT_USAGE	2	/* bad usage, or a failure to read or write */

/* Allocation that never returns NULL: running out of memory aborts. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);

/*
 * The one growable byte buffer.  Growth is geometric so appends are
 * amortised O(1).  p is always NUL-terminated once anything was added.
 */
struct buf {
	char	*p;	/* bytes, NUL-terminated after any append */
	size_t	 len;	/* bytes used, excluding the NUL */
	size_t	 cap;	/* bytes allocated */
};

void	 buf_grow(struct buf *, size_t extra);
void	 buf_put(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, int);
void	 buf_printf(struct buf *, const char *, ...) PRINTF_LIKE(2, 3);
void	 buf_vprintf(struct buf *, const char *, va_list) PRINTF_LIKE(2, 0);
void	 buf_truncate(struct buf *, size_t);
int	 buf_read_file(struct buf *, const char *path, size_t max);
const char *read_problem(int err);
char	*buf_detach(struct buf *);
void	 buf_free(struct buf *);

/*
 * Bump allocator for everything loaded from content: records live as
 * long as the run, so they are freed all at once.
 */
struct arena_chunk;
struct arena {
	struct arena_chunk *head;	/* newest chunk first */
	size_t		    total;	/* bytes handed out, for reports */
};

void	*arena_alloc(struct arena *, size_t);
void	*arena_calloc(struct arena *, size_t n, size_t size);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_strdup(struct arena *, const char *);
char	*arena_printf(struct arena *, const char *, ...) PRINTF_LIKE(2, 3);
void	 arena_reset(struct arena *);
void	 arena_merge(struct arena *into, struct arena *from);
void	 arena_free(struct arena *);

/*
 * Typing of scalars (value.c).  The parse and check functions return
 * NULL when s is valid, else an explanation held in msg.
 */
extern const char *const default_short_numbers[];

const char *parse_hundredths(const char *s, bool is_money, int64_t *out,
	    struct buf *msg);
const char *parse_count(const char *s, int64_t *out, struct buf *msg);
const char *parse_date(const char *s, int64_t *days, struct buf *msg);
const char *check_phone(const char *s, const char *const *shorts,
	    struct buf *msg);
const char *check_uscc(const char *s, struct buf *msg);
const char *check_id(const char *s, struct buf *msg);
const char *check_text(const char *s, bool markdown, struct buf *msg);
char	 uscc_check_char(const char *s17);
bool	 is_leap(int64_t year);
int	 days_in_month(int64_t year, int month);
int64_t	 days_from_civil(int64_t y, int m, int d);
void	 civil_from_days(int64_t days, int *y, int *m, int *d);

size_t	 utf8_len(const unsigned char *s, size_t avail, uint32_t *cp);
size_t	 edit_distance(const char *a, const char *b);

/*
 * Diagnostics: every problem is collected with its place, then all are
 * sorted and printed as "path:line:col: error: message".
 */
enum severity {
	SEV_ERROR,
	SEV_WARNING
};

struct diag {
	const char	*file;	/* relative to -C DIR; owned by the caller */
	unsigned	 line;	/* 1-based */
	unsigned	 col;	/* 1-based, in characters */
	enum severity	 sev;
	char		*msg;	/* owned */
	size_t		 seq;	/* order of reporting, to keep sorting stable */
};

struct diags {
	struct diag	*v;
	size_t		 n, cap;
	size_t		 nerrors;
	size_t		 nwarnings;
};

void	 diag_add(struct diags *, const char *file, unsigned line,
	    unsigned col, enum severity, const char *fmt, ...)
	    PRINTF_LIKE(6, 7);
void	 diag_vadd(struct diags *, const char *file, unsigned line,
	    unsigned col, enum severity, const char *fmt, va_list)
	    PRINTF_LIKE(6, 0);
void	 diag_merge(struct diags *into, struct diags *from);
void	 diag_sort(struct diags *);
int	 diag_print(const struct diags *, FILE *);
int	 term_put(FILE *, const char *);
void	 say(const char *, ...) PRINTF_LIKE(1, 2);
void	 diag_free(struct diags *);

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
};

#define NESTING_MAX	64		/* deepest mapping/sequence nesting */
#define RECORD_MAX	(1024 * 1024)	/* largest record file, bytes */
#define MARKDOWN_MAX	(64 * 1024)	/* largest Markdown field, bytes */
#define LAYOUT_MAX	(1024 * 1024)	/* largest layout file, bytes */
#define ASSET_MAX	(16 * 1024 * 1024)	/* largest asset copied */

struct node *yaml_load(const char *file, const char *data, size_t len,
	    struct arena *, struct diags *);
void	 offset_to_place(const char *data, size_t len, size_t off,
	    unsigned *line, unsigned *col);

/*
 * The record schema as tables (model.c): one table per kind of mapping,
 * one row per key, giving its type, its Chinese label and where it is
 * stored.  Loading walks these tables; the diff engine and templates
 * read them for labels.  Every struct a table fills starts with a
 * struct gs_pos, which records where the mapping was written.
 */
enum ftype {
	FT_TEXT,	/* text: non-empty, no control characters */
	FT_MARKDOWN,	/* CommonMark, at most MARKDOWN_MAX bytes */
	FT_ID,		/* [a-z0-9][a-z0-9-]{0,63} */
	FT_DATE,	/* YYYY-MM-DD */
	FT_MONEY,	/* yuan, stored as fen */
	FT_DECIMAL,	/* stored as hundredths */
	FT_COUNT,	/* non-negative integer */
	FT_PHONE,	/* see check_phone() */
	FT_USCC,	/* unified social credit code */
	FT_ENUM,	/* one of field.values */
	FT_CODE,	/* area code: field.len digits, or 6, 9 or 12 */
	FT_URL,		/* http(s) URL, stored ending in '/' */
	FT_DIGITS,	/* a short service number: 3 to 6 digits */
	FT_STRUCT,	/* nested mapping described by field.sub */
	FT_LIST,	/* list of mappings described by field.sub */
	FT_VLIST	/* list of scalars of type field.elem */
};

/* Formatting values for output (format.c): for people or for machines. */
enum form {
	FORM_HUMAN,	/* "1,234.50", "3,449", "9,800.5" */
	FORM_MACHINE	/* "1234.50", "3449", "9800.5" */
};

void	 format_value(struct buf *, enum ftype, int64_t n, const char *s,
	    enum form);
void	 format_date(struct buf *, int64_t days);
struct gs_commitment;
void	 format_commitment(struct buf *, const struct gs_commitment *);

#define F_REQUIRED	0x01	/* the key must be present */
#define F_NONEMPTY	0x02	/* a list must have at least one element */

struct schema;

struct field {
	const char	*key;		/* YAML key; NULL ends a table */
	const char	*label;		/* Chinese label for people */
	enum ftype	 type;
	enum ftype	 elem;		/* FT_VLIST: type of the elements */
	unsigned	 flags;		/* F_REQUIRED, F_NONEMPTY */
	size_t		 off;		/* offset in the struct being filled */
	const struct schema *sub;	/* FT_STRUCT, FT_LIST */
	const char *const *values;	/* FT_ENUM: NULL-terminated */
	unsigned	 len;		/* FT_CODE: digits required, 0 any */
};

struct schema {
	const char	*name;		/* in messages: "fee", "provider" */
	size_t		 size;		/* size of the struct filled */
	const struct field *fields;	/* ends with a NULL key */
	const struct field *scalar;	/* a plain scalar fills this field */
	unsigned	 nkey;		/* leading fields that name a list
					   element for diffs; 0 means 1 */
};

extern const struct schema schema_site;
extern const struct schema schema_areas_file;
extern const struct schema schema_departments_file;
extern const struct schema schema_compound;
extern const struct schema schema_page;

/* What the schema walker needs besides the tree. */
struct walker {
	struct arena	*arena;		/* where values are copied */
	struct diags	*diags;
	const char	*file;		/* path for positions */
	const char *const *shorts;	/* short service numbers */
	struct buf	 msg;		/* scratch for messages */
};

void	 walk_record(struct walker *, const struct node *,
	    const struct schema *, void *base);
const struct node *map_get(const struct node *map, const char *key);
void	 walker_free(struct walker *);

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
};

struct ctx {
	const char	*dir;		/* -C DIR */
	struct arena	 arena;		/* loaded content; lives for the run */
	struct arena	 scratch;	/* node trees; reset after each file */
	struct diags	 diags;
	struct gs_content *content;
	const char	**shorts;	/* short service numbers, NULL-ended */
	int64_t		 today;		/* days since 1970-01-01 */
	struct buf	 file;		/* the file being read, reused */
	int		 want_blob;	/* fill gs_compound.blob: boards need
					   it, checking does not */
	int		 areas_read;	/* areas.yaml gave a tree */
	int		 departments_read; /* departments.yaml gave a tree */
	const struct mem_file *mem;	/* read these, not c->dir */
	const struct mem_file **memv;	/* mem sorted by rel, for lookups */
	size_t		 nmem;
	int		 worker;	/* a loading thread's copy */
	size_t		 nfiles;	/* files read */
	size_t		 nbytes;	/* bytes read */
};

const struct schema *content_schema(const char *rel, const char **stem,
	    size_t *stemlen);
int	 content_load(struct ctx *);
int	 content_load_memory(struct ctx *, const struct mem_file *, size_t);
int	 ctx_list(struct ctx *, const char *rel, char ***names, size_t *n);
int	 ctx_read(struct ctx *, const char *rel, size_t max, struct buf *);
int	 record_from_bytes(struct ctx *, const char *rel, const char *data,
	    size_t len, const struct schema *, void *base);
void	 content_check(struct ctx *);
void	 ctx_init(struct ctx *, const char *dir, int64_t today);
void	 ctx_free(struct ctx *);

/* Signals noted, not acted on, while writing (interrupt.c). */
void	 interrupt_catch(void);
int	 interrupted(void);

/* Kernel locks on lock files (lock.c). */
struct lock {
	int		 fd;		/* -1: not held */
};

#define LOCK_WAIT_MS	120000	/* how long to wait for another run */

int	 lock_take(struct lock *, const char *path, const char *what,
	    int wait_ms, struct buf *why);
void	 lock_release(struct lock *);
int	 lock_wait_ms(void);

/*
 * What a built site says about itself, in its file .gongshi-site
 * (stamp.c): the revision it was built from and whether the content
 * differed from it.  It also marks a folder as gongshi's to replace.
 */
#define STAMP_NAME	".gongshi-site"

enum stamp_content {
	STAMP_PUBLISHED,	/* exactly the revision */
	STAMP_UNPUBLISHED,	/* the revision plus changes not published */
	STAMP_NO_HISTORY	/* no revision: nothing published yet */
};

struct stamp {
	char		 revision[41];	/* hex, or "" for none */
	enum stamp_content content;
};

void	 stamp_format(const struct stamp *, struct buf *);
int	 stamp_parse(const char *text, size_t len, struct stamp *);
int	 stamp_read(const char *site, struct stamp *);
int	 stamp_write_in_place(const char *site, const struct stamp *);
int	 is_gongshi_site(const char *dir);

/* Writing the site into a temporary folder and swapping it in (output.c). */
struct output {
	char		*shown;		/* the folder as the user named it */
	char		*final;		/* where it is: links followed */
	char		*parent;	/* the folder final is in */
	char		*base;		/* final's own name */
	char		*tmp;		/* the folder being written */
	struct buf	 path;		/* scratch */
	struct lock	 lock;		/* on .BASE.lock beside final */
	_Atomic size_t	 nfiles;	/* files written; writers may be */
	_Atomic size_t	 nbytes;	/* bytes written  several threads */
	_Atomic size_t	 nkept;		/* files unchanged, mtime kept */
	int		 in_place;	/* write into final file by file */
};

/* What an output folder may never be, hold or be inside. */
struct out_guard {
	const char	*dir;		/* -C DIR: content/ and layouts/ */
	const char	*gitdir;	/* the repository, or NULL */
};

int	 output_judge(const char *out, const struct out_guard *,
	    struct buf *why);
void	 output_tidy(const char *out, const struct out_guard *);
int	 output_begin(struct output *, const char *out,
	    const struct out_guard *, struct buf *why);
int	 output_begin_in_place(struct output *, const char *out,
	    const struct out_guard *, struct buf *why);
int	 output_file(struct output *, const char *rel, const void *, size_t);
int	 output_commit(struct output *, struct buf *why);
void	 output_abort(struct output *);
void	 output_free(struct output *);
int	 output_keep(struct output *, const char *rel);
int	 remove_tree(const char *path);

/* Building the site (render.c, data.c). */
struct history;

struct build_opts {
	const struct history *history;	/* NULL: no history pages */
	int64_t		 today;		/* days; used only if today_given */
	int		 today_given;	/* --today: mark stale data, ended
					   contracts (else output would
					   change with the calendar) */
	const struct stamp *stamp;	/* written as .gongshi-site */
};

/* Checking, rendering and placing a site (build.c). */
struct git_repository;
struct git_oid;

struct site_job {
	const char	*out;		/* -o, or NULL: DIR/site */
	const char	*gitdir;	/* never written into; NULL: none */
	const struct history *history;	/* NULL: no history pages */
	struct stamp	 stamp;		/* what the site will say of itself */
	int64_t		 today;
	int		 today_given;
};

int	 check_content(struct ctx *, int strict);
int	 load_history(struct ctx *, struct git_repository *,
	    const struct git_oid *tip, struct history *);
void	 site_folder(const char *dir, const char *out, struct buf *);
int	 judge_site(const char *dir, const char *out, const char *gitdir);
int	 render_staged(struct ctx *, const struct site_job *, struct output *);
void	 stamp_note(const char *site, const struct stamp *, const char *head,
	    struct buf *note);
void	 site_note(const char *dir, struct git_repository *);

/* The publish transaction (publish.c). */
struct publish_opts {
	const char	*dir;		/* -C DIR */
	const char	*out;		/* -o, or NULL: DIR/site */
	const char	*message;	/* -m; needed only to commit */
	const char	*author;	/* --author, or NULL: git config */
	const char	*site_branch;	/* --site-branch, or NULL */
	char *const	*only;		/* the records or paths to publish, */
	size_t		 nonly;		/* or none: see --all */
	int		 all;		/* --all: every change, whoever's */
	int		 strict;
	int64_t		 today;
	int		 today_given;
};

int	 publish(const struct publish_opts *);

int	 render_site(struct ctx *, struct output *, const struct build_opts *);
int	 render_boards(struct ctx *, struct output *, char **ids, size_t nids,
	    const struct history *, const char ***written, size_t *nwritten);
int	 print_pdf(const char *html, const char *pdf, struct buf *why);
const char *find_chromium(void);
int	 write_data(struct ctx *, struct output *);
void	 json_string(struct buf *, const char *);
int	 copy_assets(struct ctx *, struct output *);

/* Notice boards (board.c): lays out a compound's boards into view. */
struct tval;
struct gs_content;
struct gs_compound;
struct gs_site;

void	 board_view(struct arena *, struct tval *view,
	    const struct gs_content *, const struct gs_compound *,
	    const char *revision);
void	 board_sheet(const struct gs_site *, double *width_mm,
	    double *height_mm, const char **paper, const char **orientation);

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
};

struct blob_cache;

struct changes {
	struct change	*v;
	size_t		 n, cap;
	struct blob_cache *cache;	/* records parsed by blob, or NULL */
	struct arena	*arena;		/* for texts; the caller's */
	struct buf	 tmp;
	const char	*record;	/* the record being compared */
	const char	*record_name;
};

void	 diff_record(struct changes *, const char *record, const char *name,
	    const struct schema *, const void *old, const void *new);
void	 diff_note(struct changes *, const char *record, const char *name,
	    enum change_kind);
void	 changes_free(struct changes *);
const char *change_show(struct buf *, const struct change_value *,
	    enum form);

/* History (history.c).  git types stay out of this header. */
struct git_repository;
struct git_tree;
struct git_index;
struct git_oid;
struct git_signature;

struct revision {
	char		 id[41];	/* commit id, hex */
	char		 short_id[13];
	const char	*author;
	const char	*email;
	int64_t		 time;		/* seconds since the epoch */
	const char	*when;		/* "2026-11-27 20:05 +0800" */
	const char	*when_iso;	/* RFC 3339 */
	const char	*summary;	/* the message's first line */
	size_t		 first, count;	/* its changes in history.changes */
};

struct touch {
	const char	*record;	/* compound id or file */
	size_t		 rev;		/* index in history.v */
};

struct history {
	struct revision	*v;		/* newest first */
	size_t		 n, cap;
	struct changes	 changes;	/* every revision's, in order */
	struct touch	*touch;		/* by record, then newest first */
	size_t		 ntouch, captouch;
	struct blob_cache *cache;	/* each blob parsed once */
};

int	 repo_open(const char *dir, struct git_repository **, struct buf *why);
int	 changes_between(struct ctx *, struct git_repository *,
	    struct git_tree *, struct git_tree *, int to_workdir,
	    struct changes *, struct buf *why);
void	 changes_text(const struct changes *, struct buf *, const char *indent);
void	 changes_json(const struct changes *, struct buf *);
int	 rev_tree(struct git_repository *, const char *rev, struct git_tree **,
	    struct git_oid *, struct buf *why);
void	 git_fail(struct buf *why, const char *what);
int	 disk_full(const char *path);
int	 repo_lock(struct git_repository *, struct lock *, const char *what,
	    struct buf *why);
int	 head_commit(struct git_repository *, struct git_oid *, struct buf *);
int	 workdir_differs(struct git_repository *, struct git_tree *,
	    int *differs, struct buf *why);
int	 tree_to_memory(struct git_repository *, struct git_tree *,
	    struct arena *, struct mem_file **, size_t *, struct buf *why);
int	 changed_paths(struct git_repository *, struct git_tree *,
	    struct git_tree *, char ***paths, size_t *n, struct buf *why);
int	 tree_with(struct git_repository *, struct git_tree *base,
	    struct git_tree *full, char *const *paths, size_t n,
	    struct git_oid *out, struct buf *why);
void	 ensure_excluded(struct git_repository *);
int	 publish_author(struct git_repository *, const char *given,
	    struct git_signature **, struct buf *why);
int	 work_tree(struct git_repository *, struct git_index **,
	    struct git_oid *tree, struct buf *why);
int	 commit_site(struct git_repository *, const char *site,
	    const char *branch, const struct git_signature *,
	    const char *message, struct buf *why);
int	 advance_head(struct git_repository *, const struct git_oid *commit,
	    const struct git_oid *parent, const char *logmsg, struct buf *why);
int	 history_load(struct ctx *, struct git_repository *,
	    const struct git_oid *tip, struct history *, struct buf *why);
size_t	 history_of(const struct history *, const char *record, size_t *first);
size_t	 revision_changes_of(const struct history *, const struct revision *,
	    const char *record, size_t *first);
void	 history_free(struct history *);

#endif /* !EXTERN_H */
