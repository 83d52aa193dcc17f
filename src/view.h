/*
 * The views pages are rendered from (view.c): what the site build
 * knows, and the values and summaries every page shares.  Internal to
 * rendering: view.c, site.c and board.c.
 */
#ifndef VIEW_H
#define VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "memo.h"
#include "schema.h"
#include "verify.h"

struct build_opts;
struct ctx;
struct gs_area;
struct gs_compound;
struct gs_contact;
struct gs_department;
struct gs_list;
struct gs_val;
struct output;
struct revision;
struct status;
struct completeness;
struct tpl_set;
struct tval;

/* What the build knows about each area, parallel to content->areas. */
struct area_info {
	size_t		*compounds;	/* indexes of those inside, by name */
	size_t		 n, cap;
	const struct gs_department **depts; /* scoped exactly to it */
	size_t		 ndepts, capdepts;
	const struct tval *summary;
};

/* The compounds a department supervises, by id. */
struct dept_info {
	size_t		*compounds;
	size_t		 n, cap;
};

struct site_build {
	struct ctx	*c;
	struct output	*out;
	const struct build_opts *opts;	/* --today and friends */
	struct arena	 keep;		/* views that live for the build */
	struct arena	 page;		/* one page's view; reset after it */
	struct tpl_set	*set;
	struct tval	*site;
	struct area_info *areas;
	struct dept_info *depts;	/* parallel to content->departments */
	int64_t		 asof;		/* the day status is for (status.c) */
	struct status	*status;	/* per compound, by index */
	struct completeness *complete;	/* per compound, by index */
	size_t		*sheets;	/* per compound: board pages, or NULL */
	struct buf	 html;
	struct buf	 tmp;
	struct buf	 path;
	int		 failed;
	struct progress	*progress;	/* compound pages rendered */
	unsigned char	 layouts_id[32]; /* every layout's bytes, hashed */
	unsigned char	 site_id[32];	/* the site view, hashed */
	unsigned char	 others_id[32];	/* what every compound's pages are
					   made from besides its own record
					   and history (compound_key) */
	const struct revision *page_rev; /* the next page's own content last
					   changed in it (render_page) */
	struct sv_books	*sv_books;	/* supervision workbooks being made
					   (supervision.c) */
};

/* 区县, 街道, 社区: an area's level as people name it. */
extern const char *const area_level_names[];

void	 index_push(size_t **v, size_t *n, size_t *cap, size_t x);
void	 view_list(struct arena *a, struct tval *m, const char *key,
	    const struct tval *list);
const struct tval *view_str(struct arena *a, const char *s);
const struct tval *view_val(struct arena *a, const struct gs_val *v);
const struct tval *view_grouped(struct arena *a, int64_t n);
const struct tval *view_money_n(struct site_build *b, struct arena *a,
	    int64_t fen);
const struct tval *view_money(struct site_build *b, struct arena *a,
	    const struct gs_val *v);
const struct tval *view_typed(struct site_build *b, struct arena *a,
	    enum ftype type, const struct gs_val *v);
const struct tval *view_count(struct arena *a, const struct gs_val *v);
const char *management_name(const struct gs_compound *cp);
const struct tval *view_phone(struct arena *a, const struct gs_val *v);
const struct tval *view_contact(struct arena *a, const struct gs_contact *c);
const struct tval *view_texts(struct arena *a, const struct gs_list *l);
const struct tval *view_joined(struct arena *a, const struct gs_list *l,
	    const char *sep);
const struct tval *view_markdown(struct arena *a, const char *s);
const struct tval *view_markdown_summary(struct arena *a, const char *s);
const char *markdown_text(struct arena *a, const char *s);
size_t	 area_index(const struct site_build *b, const struct gs_area *area);
const char *area_url(struct arena *a, const struct gs_area *area);
const struct tval *area_summary(struct site_build *b,
	    const struct gs_area *area);
/* Made for each page that shows it, in that page's arena: kept for
 * the whole build they were 1.8 KB a compound. */
const struct tval *compound_summary(struct arena *a,
	    const struct gs_compound *cp);
struct tval *crumbs(struct site_build *b, const struct gs_area *area,
	    int self);
const char *root_of(struct arena *a, const char *path);
const char	*signature_words(enum signed_as);
const char	*signature_code(enum signed_as);
const char	*publisher_of(const struct revision *);
const struct tval *signature_view(struct arena *, const struct revision *);
const struct tval *revision_brief(struct arena *, const struct revision *);
const struct revision *newer_revision(const struct revision *,
	    const struct revision *);
const struct revision *newest_revision(const struct site_build *,
	    const char *const *records, size_t n, const struct revision *also);
void	 area_revision(struct site_build *, const struct area_info *);
void	 compounds_revision(struct site_build *, const size_t *idx, size_t n);
void	 page_revision(struct site_build *, const char *const *records,
	    size_t n);
const struct revision *last_revision(const struct site_build *b,
	    const char *record);
const struct tval *revision_view(struct site_build *b,
	    const struct revision *r, size_t first, size_t count);
int	 as_of_day(const struct site_build *, int64_t *day);
const struct tval *compound_view(struct site_build *b,
	    const struct gs_compound *cp);
/* The memo's entry for a group of files, a folder's, has no blob. */
extern const unsigned char no_blob[MEMO_ID];
int	 group_reuse(struct site_build *b, const char *rel,
	    const unsigned char key[MEMO_FP], const char *const *rels,
	    size_t n);
/* Renders layouts/KIND.mustache into rel (site.c). */
int	 render_page(struct site_build *b, const char *kind,
	    const char *rel, const char *path, const char *title,
	    const char *root, struct tval *view,
	    const struct tval *breadcrumbs);
/* /changes/, the feeds, and each area's (feeds.c). */
int	 build_changes(struct site_build *b);
#define RECENT_DAYS	90	/* the compound page's 最近变化 */
#define RECENT_MOST	5	/* revisions it lists */
#define RECENT_SENTENCES 3	/* sentences a revision gives it and the
					   service board (latest_change_text) */
const struct tval *recent_changes_view(struct site_build *b,
	    const struct gs_compound *cp, size_t *more);
const char *latest_change_text(struct site_build *b,
	    const struct gs_compound *cp);
const struct status *compound_status(const struct site_build *b,
	    const struct gs_compound *cp);
const struct tval *compound_status_view(struct site_build *b,
	    struct arena *a, const struct gs_compound *cp);

/* Supervision pages and their tables (supervision.c). */
void	 supervision_prepare(struct site_build *b);
int	 build_supervision(struct site_build *b);
int	 supervision_finish(struct site_build *b, int make);

#endif /* !VIEW_H */
