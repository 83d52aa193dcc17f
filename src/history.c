/*
 * History: every published revision is a git commit in the content
 * folder's own repository.  This file turns the difference between two
 * trees (or a tree and the work tree) into field-level changes, says
 * them for people and tools, and reads the whole history back in one
 * pass over the commits for the site.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "bounds.h"
#include "scalar.h"
#include "content.h"
#include "escape.h"
#include "gongshi.h"
#include "history.h"
#include "i18n.h"
#include "jobs.h"
#include "progress.h"
#include "rules.h"
#include "repo.h"
#include "treediff.h"

/*
 * One side of a delta as bytes: a blob, or a file in the work tree.
 * Returns 1 with the bytes, 0 when that side does not exist, -1 when
 * it exists but cannot be a record: larger than a record may be (a
 * 50 MB blob committed with plain git is never inflated, let alone
 * parsed), a link, or unreadable.
 */
static int
side_bytes(git_repository *repo, int exists, const git_oid *id,
    const char *file, const char *workdir, struct buf *out)
{
	git_blob	*blob;
	git_odb		*odb;
	git_object_t	 type;
	struct buf	 path = { 0 };
	size_t		 size;
	int		 rc;

	buf_truncate(out, 0);
	if (!exists)
		return 0;
	if (workdir != NULL) {
		buf_printf(&path, "%s/%s", workdir, file);
		rc = buf_read_file(out, path.p, content_file_max(file));
		buf_free(&path);
		return rc == 0 ? 1 : -1;
	}
	if (git_repository_odb(&odb, repo) < 0)
		return -1;
	rc = git_odb_read_header(&size, &type, odb, id);
	git_odb_free(odb);
	if (rc < 0 || type != GIT_OBJECT_BLOB || size > content_file_max(file))
		return -1;
	if (git_blob_lookup(&blob, repo, id) < 0)
		return -1;
	buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return 1;
}

/*
 * Records already parsed, by blob id: walking history, the old side of
 * one revision is the new side of the one before, so each blob is
 * parsed once.  Open addressing; the table only grows.
 */
struct parsed {
	git_oid		 id;
	const struct schema *sc;
	void		*record;	/* NULL: did not parse */
	int		 used;
	int		 state;		/* PARSE_* */
};

enum { PARSE_NOT, PARSE_QUEUED, PARSE_DONE };

/* The records point into the arena of the ctx that parsed them. */
struct blob_cache {
	struct parsed	*v;
	size_t		 cap, n;
};

static struct parsed *
cache_slot(struct blob_cache *bc, const git_oid *id, const struct schema *sc)
{
	size_t	 i, h;

	if (bc->n * 2 >= bc->cap) {
		struct parsed	*old = bc->v;
		size_t		 oldcap = bc->cap;

		bc->cap = bc->cap ? bc->cap * 2 : 1024;
		bc->v = xcalloc(bc->cap, sizeof(*bc->v));
		bc->n = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i].used)
				*cache_slot(bc, &old[i].id, old[i].sc) = old[i];
		free(old);
	}
	memcpy(&h, id->id, sizeof(h));
	for (i = h % bc->cap; bc->v[i].used; i = (i + 1) % bc->cap)
		if (bc->v[i].sc == sc && git_oid_equal(&bc->v[i].id, id))
			return &bc->v[i];
	bc->v[i].used = 1;
	bc->v[i].sc = sc;
	git_oid_cpy(&bc->v[i].id, id);
	bc->v[i].record = NULL;
	bc->v[i].state = PARSE_NOT;
	bc->n++;
	return &bc->v[i];
}

/* Parses one side of a changed record into a fresh struct, or NULL. */
static void *
parse_side(struct ctx *c, const char *path, struct buf *bytes,
    const git_oid *id, const struct schema *sc, size_t size)
{
	void	*base;

	buf_put(bytes, "", 0);	/* a string even if empty */
	base = arena_calloc(&c->arena, 1, size);
	if (!record_from_blob(c, path, bytes->p, bytes->len,
	    id != NULL ? id->id : NULL, sc, base))
		return NULL;
	return base;
}

/*
 * A blob's record from the tree cache, without reading the blob, or
 * NULL when it is not there (and the blob is read and parsed).
 */
static void *
cached_side(struct ctx *c, const char *path, const git_oid *id,
    const struct schema *sc)
{
	return record_from_cache(c, path, id->id, content_file_max(path), sc);
}

/* A blob's record, parsed at most once when there is a cache. */
static void *
parse_blob(struct ctx *c, struct blob_cache *bc, git_repository *repo,
    const git_oid *id, const char *path, const struct schema *sc,
    struct buf *bytes, int *had)
{
	struct parsed	*p = bc != NULL ? cache_slot(bc, id, sc) : NULL;
	void		*record;

	*had = 1;
	if (p != NULL && p->state == PARSE_DONE)
		return p->record;
	if ((record = cached_side(c, path, id, sc)) == NULL) {
		if (side_bytes(repo, 1, id, path, NULL, bytes) != 1)
			return NULL;	/* noted as changed, not shown */
		record = parse_side(c, path, bytes, id, sc, sc->size);
	}
	if (p != NULL) {
		p->record = record;
		p->state = PARSE_DONE;
	}
	return record;
}

/*
 * The record loaded now whose file has the bytes id (by git blob id),
 * if there is one: a record added with those bytes needs no parse of
 * its own to be named.  Only with blob ids (gs_compound.blob).
 */
static const struct gs_compound *
loaded_with(const struct ctx *c, const char *id, const git_oid *blob)
{
	const struct gs_compound *cp;
	char		 hex[GIT_OID_HEXSZ + 1];
	size_t		 i;

	if (!c->want_blob || c->content == NULL ||
	    (i = compound_index(c->content, id)) == SIZE_MAX)
		return NULL;
	cp = c->content->compounds[i];
	git_oid_tostr(hex, sizeof(hex), blob);
	return strcmp(cp->blob, hex) == 0 ? cp : NULL;
}

/* A record's text, copied unless it is one of the shared markers. */
static const char *
keep_text(struct arena *a, const char *s)
{
	if (s == NULL || s == gs_undisclosed || s == gs_withheld)
		return s;
	return arena_strdup(a, s);
}

static void
keep_val(struct arena *a, struct gs_val *v)
{
	v->s = keep_text(a, v->s);
}

static const void *keep_elem(struct arena *, const struct schema *,
		    const void *);

/*
 * A copy of one list element's struct and its values' texts: what a
 * change's sentence reads of it (plain.c's elem_val).  Lists within it
 * are left empty: nothing reads them from a change.  Positions keep
 * their file numbers, which outlive every arena (pos.c).
 */

static void
keep_fields(struct arena *a, const struct schema *sc, unsigned char *e)
{
	const struct field *f;
	struct gs_list	*l;
	const void	**apart;

	for (f = sc->fields; f->key != NULL; f++) {
		switch (f->type) {
		case FT_STRUCT:
			apart = (const void **)(void *)(e + f->off);
			if (f->flags & F_APART)
				*apart = keep_elem(a, f->sub, *apart);
			else
				keep_fields(a, f->sub, e + f->off);
			break;
		case FT_LIST:
		case FT_VLIST:
			l = (struct gs_list *)(e + f->off);
			l->v = NULL;
			l->n = 0;
			break;
		default:
			keep_val(a, (struct gs_val *)(e + f->off));
			break;
		}
	}
	/* The scalar an element may be written as (a department's id)
	 * is not among its fields. */
	if (sc->scalar != NULL)
		keep_val(a, (struct gs_val *)(e + sc->scalar->off));
}

static const void *
keep_elem(struct arena *a, const struct schema *sc, const void *e)
{
	unsigned char	*copy;

	if (e == NULL)
		return NULL;
	copy = arena_alloc(a, sc->size);
	memcpy(copy, e, sc->size);
	keep_fields(a, sc, copy);
	return copy;
}

/*
 * Changes [from, cs->n) made from records parsed in another arena, made
 * to stand alone: their texts and elements copied into cs's arena, so
 * that history can free the old revisions' records it parsed (about
 * 20 MB at 1,000 revisions of a 10,000-compound city).
 */
static void
keep_changes(struct changes *cs, size_t from)
{
	struct change	*ch;

	for (; from < cs->n; from++) {
		ch = &cs->v[from];
		ch->record_name = keep_text(cs->arena, ch->record_name);
		ch->old.s = keep_text(cs->arena, ch->old.s);
		ch->new.s = keep_text(cs->arena, ch->new.s);
		if (ch->elem != NULL) {
			ch->elem_old = keep_elem(cs->arena, ch->elem,
			    ch->elem_old);
			ch->elem_new = keep_elem(cs->arena, ch->elem,
			    ch->elem_new);
		}
	}
}

/*
 * The field-level changes of some deltas.  Only the files that changed
 * are read and parsed; a record that cannot be parsed is noted as
 * changed.  With workdir, the new side is read from the work tree.
 * Records are parsed in pc: c itself, or history's own ctx, whose arena
 * is freed once the changes are made (they are then copied out).
 */
static void
delta_changes(struct ctx *c, struct ctx *pc, git_repository *repo,
    const struct deltas *ds, const char *workdir, struct changes *cs)
{
	struct buf	 a = { 0 }, b = { 0 };
	struct diags	 keep;
	size_t		 i, first, stemlen = 0;
	const struct delta *d;
	const char	*path, *stem = NULL, *id, *name;
	const struct schema *sc;
	void		*old, *new;
	int		 ha, hb;

	/* Old revisions may not pass today's check: say nothing of it. */
	keep = c->diags;
	memset(&c->diags, 0, sizeof(c->diags));
	for (i = 0; i < ds->n; i++) {
		d = &ds->v[i];
		path = arena_strdup(&c->arena, d->path);
		if ((sc = content_schema(path, &stem, &stemlen)) == NULL) {
			diff_note(cs, path, path, !d->has_old ? CH_ADDED :
			    !d->has_new ? CH_REMOVED : CH_CHANGED);
			continue;
		}
		/* Added, as the first publication adds every record: only
		 * its name is said (diff_record), and when these are the
		 * bytes loaded now, the loaded record has it.  Parsing the
		 * city's records again was most of reading a history. */
		if (sc == &schema_compound && !d->has_old && d->has_new &&
		    workdir == NULL) {
			const struct gs_compound *cp;

			id = arena_strndup(&c->arena, stem, stemlen);
			if ((cp = loaded_with(c, id, &d->new)) != NULL) {
				diff_record(cs, id, cp->name.s ? cp->name.s : id,
				    sc, NULL, cp);
				continue;
			}
		}
		ha = hb = 0;
		first = cs->n;
		old = d->has_old ? parse_blob(pc, cs->cache, repo, &d->old,
		    path, sc, &a, &ha) : NULL;
		if (workdir != NULL) {
			hb = side_bytes(repo, d->has_new, &d->new, path,
			    workdir, &b);
			new = hb == 1 ? parse_side(pc, path, &b, NULL, sc,
			    sc->size) : NULL;
			hb = hb != 0;
		} else
			new = d->has_new ? parse_blob(pc, cs->cache, repo,
			    &d->new, path, sc, &b, &hb) : NULL;
		if (sc == &schema_compound) {
			id = arena_strndup(&c->arena, stem, stemlen);
			name = new ? ((struct gs_compound *)new)->name.s :
			    old ? ((struct gs_compound *)old)->name.s : NULL;
			name = name ? name : id;
		} else
			id = name = path;
		if ((ha && !old) || (hb && !new))
			diff_note(cs, id, name, CH_CHANGED);
		else
			diff_record(cs, id, name, sc, old, new);
		/* The new side is what is about to be published: its fee
		 * changes are judged, where it was told to, into the
		 * caller's diagnostics (set aside while parsing). */
		if (cs->check_fees && sc == &schema_compound && old && new)
			fee_notice_rules(&keep, old, new, c->today);
		if (pc != c)
			keep_changes(cs, first);
	}
	diag_free(&c->diags);
	c->diags = keep;
	buf_free(&a);
	buf_free(&b);
}

/*
 * Parsing old revisions' records is most of reading a history, and
 * records are independent: before the changes are made in order, the
 * blobs they will parse are parsed on a thread per core (jobs.c), each
 * with its own ctx and repository, into the blob cache.  Which blobs
 * these are is decided as delta_changes decides.
 */
struct blob_job {
	git_oid		 id;
	const char	*path;
	const struct schema *sc;
	void		*record;
	int		 done;
};

struct prefetch {
	struct blob_job	*v;
	size_t		 n, cap;
	struct ctx	*c;		/* history's parsing ctx: its arena
					   takes all */
	const struct ctx *loaded;	/* the main one: what is loaded now */
	git_repository	*repo;		/* only its path is read */
};

struct prefetcher {
	struct ctx	 c;
	git_repository	*repo;
	struct buf	 bytes;
	struct prefetch	*pf;
};

#define BLOBS_PER_THREAD	16	/* fewer: not worth a thread */

static void
queue_blob(struct prefetch *pf, struct blob_cache *bc, const git_oid *id,
    const char *path, const struct schema *sc)
{
	struct parsed	*p = cache_slot(bc, id, sc);

	if (p->state != PARSE_NOT)
		return;
	p->state = PARSE_QUEUED;
	if (pf->n == pf->cap) {
		pf->cap = pf->cap ? pf->cap * 2 : 64;
		pf->v = xrealloc(pf->v, pf->cap * sizeof(*pf->v));
	}
	memset(&pf->v[pf->n], 0, sizeof(pf->v[0]));
	git_oid_cpy(&pf->v[pf->n].id, id);
	pf->v[pf->n].path = path;
	pf->v[pf->n].sc = sc;
	pf->n++;
}

/* The blobs delta_changes will parse for ds (from the history). */
static void
queue_deltas(struct prefetch *pf, struct blob_cache *bc,
    const struct deltas *ds)
{
	const struct delta *d;
	const struct schema *sc;
	const char	*path, *stem;
	size_t		 i, stemlen;

	for (i = 0; i < ds->n; i++) {
		d = &ds->v[i];
		if ((sc = content_schema(d->path, &stem, &stemlen)) == NULL)
			continue;
		if (sc == &schema_compound && !d->has_old && d->has_new &&
		    loaded_with(pf->loaded, arena_strndup(&pf->c->arena, stem,
		    stemlen), &d->new) != NULL)
			continue;
		path = arena_strdup(&pf->c->arena, d->path);
		if (d->has_old)
			queue_blob(pf, bc, &d->old, path, sc);
		if (d->has_new)
			queue_blob(pf, bc, &d->new, path, sc);
	}
}

static void *
prefetch_open(void *arg)
{
	struct prefetch	*pf = arg;
	struct prefetcher *w = xcalloc(1, sizeof(*w));

	if (repo_reopen(pf->repo, &w->repo) < 0) {
		free(w);
		return NULL;
	}
	ctx_worker(&w->c, pf->c);
	w->pf = pf;
	return w;
}

static int
prefetch_job(void *arg, size_t i)
{
	struct prefetcher *w = arg;
	struct blob_job	*b = &w->pf->v[i];

	if ((b->record = cached_side(&w->c, b->path, &b->id, b->sc)) != NULL)
		b->done = 1;
	else if (side_bytes(w->repo, 1, &b->id, b->path, NULL,
	    &w->bytes) == 1) {
		b->record = parse_side(&w->c, b->path, &w->bytes, &b->id,
		    b->sc, b->sc->size);
		b->done = 1;
	}
	return 0;
}

static int
prefetch_close(void *arg, void *state)
{
	struct prefetch	*pf = arg;
	struct prefetcher *w = state;

	arena_merge(&pf->c->arena, &w->c.arena);
	ctx_free(&w->c);	/* old revisions' problems go unsaid */
	buf_free(&w->bytes);
	git_repository_free(w->repo);
	free(w);
	return 0;
}

/* Parses what was queued; whatever is not done here is done in order. */
static void
prefetch_run(struct prefetch *pf, struct blob_cache *bc)
{
	struct parsed	*p;
	struct jobs	 j;
	size_t		 i;

	memset(&j, 0, sizeof(j));
	j.n = pf->n;
	j.min_each = BLOBS_PER_THREAD;
	j.max_threads = 8;
	j.shared = pf;
	j.open = prefetch_open;
	j.job = prefetch_job;
	j.close = prefetch_close;
	if (thread_count(j.n, j.min_each, j.max_threads) > 1)
		(void)jobs_run(&j);
	for (i = 0; i < pf->n; i++) {
		p = cache_slot(bc, &pf->v[i].id, pf->v[i].sc);
		if (pf->v[i].done) {
			p->record = pf->v[i].record;
			p->state = PARSE_DONE;
		} else
			p->state = PARSE_NOT;
	}
	free(pf->v);
	memset(pf, 0, sizeof(*pf));
}

/*
 * Tree to tree, by hand: subtrees whose ids are equal are skipped
 * without being read, so a revision that changed one record costs a
 * look at the folders on its path, not at the other 10,000 files.
 * (libgit2's tree diff reads every entry of both trees.)
 */
static int walk_trees(git_repository *, git_tree *, git_tree *,
	    const char *, struct deltas *);

/* One name that differs: recurse into trees, record blobs. */
static int
walk_entry(git_repository *repo, const git_tree_entry *a,
    const git_tree_entry *b, const char *prefix, struct deltas *ds)
{
	git_tree	*ta = NULL, *tb = NULL;
	struct buf	 path = { 0 };
	const char	*name = a ? git_tree_entry_name(a) : git_tree_entry_name(b);
	int		 rc = 0, adir, bdir;

	buf_printf(&path, "%s%s", prefix, name);
	adir = a && git_tree_entry_type(a) == GIT_OBJECT_TREE;
	bdir = b && git_tree_entry_type(b) == GIT_OBJECT_TREE;
	if (adir || bdir) {
		if ((adir && git_tree_lookup(&ta, repo,
		    git_tree_entry_id(a)) < 0) || (bdir && git_tree_lookup(&tb,
		    repo, git_tree_entry_id(b)) < 0))
			rc = -1;
		else {
			buf_putc(&path, '/');
			rc = walk_trees(repo, ta, tb, path.p, ds);
		}
		/* A file that became a folder, or the other way round. */
		if (rc == 0 && !adir && a != NULL)
			push_delta(ds, path.p, git_tree_entry_id(a), NULL);
		if (rc == 0 && !bdir && b != NULL)
			push_delta(ds, path.p, NULL, git_tree_entry_id(b));
	} else if (git_tree_entry_type(a ? a : b) == GIT_OBJECT_BLOB)
		push_delta(ds, path.p, a ? git_tree_entry_id(a) : NULL,
		    b ? git_tree_entry_id(b) : NULL);
	git_tree_free(ta);
	git_tree_free(tb);
	buf_free(&path);
	return rc;
}

/*
 * Both trees are in git's order, so one pass pairs their entries: a
 * search by name for each entry cost a quarter of the history's time
 * (a folder of 500 records, 1,000 revisions).  A name that is a file
 * on one side and a folder on the other sorts apart (x, x/), as the
 * removal of the one and the addition of the other.
 */
static int
walk_trees(git_repository *repo, git_tree *a, git_tree *b,
    const char *prefix, struct deltas *ds)
{
	const git_tree_entry *ea, *eb;
	size_t		 i = 0, j = 0, na = a ? git_tree_entrycount(a) : 0;
	size_t		 nb = b ? git_tree_entrycount(b) : 0;
	int		 cmp;

	while (i < na || j < nb) {
		ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		cmp = ea == NULL ? 1 : eb == NULL ? -1 :
		    git_tree_entry_cmp(ea, eb);
		if (cmp <= 0)
			i++;
		if (cmp >= 0)
			j++;
		if (cmp < 0)
			eb = NULL;
		else if (cmp > 0)
			ea = NULL;
		else if (git_oid_equal(git_tree_entry_id(ea),
		    git_tree_entry_id(eb)))
			continue;
		if (walk_entry(repo, ea, eb, prefix, ds) == -1)
			return -1;
	}
	return 0;
}

/*
 * Only content/ and layouts/ are published; a reader's history is
 * content/ alone (ntops 1): layouts change how pages look, not what
 * they disclose.
 */
static int
tree_deltas(git_repository *repo, git_tree *a, git_tree *b, struct deltas *ds,
    size_t ntops)
{
	static const char *const tops[] = { "content", "layouts" };
	const git_tree_entry *ea, *eb;
	size_t		 i;

	for (i = 0; i < ntops; i++) {
		ea = a ? git_tree_entry_byname(a, tops[i]) : NULL;
		eb = b ? git_tree_entry_byname(b, tops[i]) : NULL;
		if ((ea == NULL && eb == NULL) || (ea && eb &&
		    git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb))))
			continue;
		if (walk_entry(repo, ea, eb, "", ds) == -1)
			return -1;
	}
	return 0;
}

static void
content_pathspec(git_diff_options *o, char **paths)
{
	paths[0] = (char *)"content";
	paths[1] = (char *)"layouts";
	o->pathspec.strings = paths;
	o->pathspec.count = 2;
}

static int
cmp_delta(const void *a, const void *b)
{
	return strcmp(((const struct delta *)a)->path,
	    ((const struct delta *)b)->path);
}

/* Changes from tree a (NULL: nothing) to tree b, or to the work tree. */
int
changes_between(struct ctx *c, git_repository *repo, git_tree *a,
    git_tree *b, int to_workdir, struct changes *cs, struct diags *d)
{
	git_diff_options opts;
	git_diff	*diff = NULL;
	struct deltas	 ds = { 0 };
	const git_diff_delta *dd;
	char		*paths[2];
	size_t		 i;
	int		 rc = -1;

	if (to_workdir) {
		git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
		content_pathspec(&opts, paths);
		opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED |
		    GIT_DIFF_RECURSE_UNTRACKED_DIRS;
		if (git_diff_tree_to_workdir(&diff, repo, a, &opts) < 0) {
			git_fail(d, "diff");
			goto out;
		}
		for (i = 0; i < git_diff_num_deltas(diff); i++) {
			dd = git_diff_get_delta(diff, i);
			push_delta(&ds, dd->new_file.path ? dd->new_file.path :
			    dd->old_file.path, dd->status == GIT_DELTA_ADDED ||
			    dd->status == GIT_DELTA_UNTRACKED ? NULL :
			    &dd->old_file.id, dd->status == GIT_DELTA_DELETED ?
			    NULL : &dd->new_file.id);
		}
	} else if (tree_deltas(repo, a, b, &ds, cs->content_only ? 1 : 2) ==
	    -1) {
		git_fail(d, "diff");
		goto out;
	}
	if (ds.n > 1)
		qsort(ds.v, ds.n, sizeof(*ds.v), cmp_delta);
	delta_changes(c, c, repo, &ds, to_workdir ?
	    git_repository_workdir(repo) : NULL, cs);
	rc = 0;
out:
	deltas_free(&ds);
	git_diff_free(diff);
	return rc;
}

static const char *const sign[] = { "~", "+", "-" };

/* Changes as people read them in a terminal or a commit message. */
void
changes_text(const struct changes *cs, struct buf *out, const char *indent)
{
	const char	*last = NULL, *was, *is;
	const struct change *ch;
	struct buf	 a = { 0 }, b = { 0 };
	size_t		 i;

	for (i = 0; i < cs->n; i++) {
		ch = &cs->v[i];
		if (last == NULL || strcmp(last, ch->record) != 0) {
			if (strcmp(ch->record, ch->record_name) != 0)
				buf_printf(out, "%s%s (%s)\n", indent,
				    ch->record_name, ch->record);
			else
				buf_printf(out, "%s%s\n", indent, ch->record);
			last = ch->record;
		}
		was = change_show(&a, &ch->old, FORM_HUMAN);
		is = change_show(&b, &ch->new, FORM_HUMAN);
		/* In Chinese, as the site and the labels are: this text
		 * is also the commit message and the feed. */
		if (*ch->path == '\0' && was == NULL && is == NULL)
			buf_printf(out, "%s  %s %s\n", indent, sign[ch->kind],
			    ch->kind == CH_ADDED ? "新增" : ch->kind ==
			    CH_REMOVED ? "删除" : "修改");
		else if (*ch->path == '\0')
			buf_printf(out, "%s  %s %s\n", indent, sign[ch->kind],
			    ch->kind == CH_ADDED ? "新增" : "删除");
		else if (ch->kind == CH_CHANGED && ((was != NULL &&
		    is_seal(ch->old.s)) || (is != NULL && is_seal(ch->new.s))))
			/* a personal phone: that it changed, not to what */
			buf_printf(out, "%s  ~ %s: 联系电话已更新\n", indent,
			    ch->what);
		else if (ch->kind == CH_CHANGED)
			buf_printf(out, "%s  ~ %s: %s → %s\n", indent, ch->what,
			    was ? was : "（无）", is ? is : "（无）");
		else
			buf_printf(out, "%s  %s %s: %s\n", indent,
			    sign[ch->kind], ch->what, ch->kind == CH_ADDED ?
			    is : was);
	}
	buf_free(&a);
	buf_free(&b);
}

/* Changes for tools: a JSON array of objects, values in machine form. */
void
changes_json(const struct changes *cs, struct buf *out)
{
	static const char *const kinds[] = { "changed", "added", "removed" };
	struct buf	 v = { 0 };
	size_t		 i;

	buf_putc(out, '[');
	for (i = 0; i < cs->n; i++) {
		const struct change *ch = &cs->v[i];

		buf_puts(out, i ? ",\n  {" : "\n  {");
		buf_puts(out, "\"record\": ");
		json_string(out, ch->record);
		buf_puts(out, ", \"name\": ");
		json_string(out, ch->record_name);
		buf_printf(out, ", \"kind\": \"%s\", \"field\": ",
		    kinds[ch->kind]);
		json_string(out, *ch->path ? ch->path : NULL);
		buf_puts(out, ", \"label\": ");
		json_string(out, ch->what);
		buf_puts(out, ", \"old\": ");
		json_string(out, change_show(&v, &ch->old, FORM_MACHINE));
		buf_puts(out, ", \"new\": ");
		json_string(out, change_show(&v, &ch->new, FORM_MACHINE));
		buf_putc(out, '}');
	}
	buf_puts(out, cs->n ? "\n]" : "]");
	buf_free(&v);
}

/*
 * The paths under content/ and layouts/ that differ between two trees,
 * sorted: what a publish would commit.  Free with free() each and all.
 */
int
changed_paths(git_repository *repo, git_tree *a, git_tree *b, char ***paths,
    size_t *n, struct diags *d)
{
	struct deltas	 ds = { 0 };
	size_t		 i;

	if (tree_deltas(repo, a, b, &ds, 2) == -1) {
		git_fail(d, "diff");
		deltas_free(&ds);
		return -1;
	}
	if (ds.n > 1)
		qsort(ds.v, ds.n, sizeof(*ds.v), cmp_delta);
	*paths = xcalloc(ds.n + 1, sizeof(**paths));
	for (i = 0; i < ds.n; i++) {
		(*paths)[i] = ds.v[i].path;
		ds.v[i].path = NULL;
	}
	*n = ds.n;
	deltas_free(&ds);
	return 0;
}

/*
 * A commit's time as people and Atom read it, in the site's zone
 * (site.yaml utc_offset, Beijing time by default), whatever zone the
 * publisher's machine was set to.
 */
static const char *
commit_time(struct arena *a, git_time_t t, int offset_min, int iso,
    int64_t *day)
{
	int64_t	 local = (int64_t)t + offset_min * 60, days, secs;
	int	 y, m, d, off = offset_min < 0 ? -offset_min : offset_min;
	char	 tz = offset_min < 0 ? '-' : '+';

	days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	secs = local - days * 86400;
	civil_from_days(days, &y, &m, &d);
	if (day != NULL)
		*day = days;
	if (iso == 2)	/* for people, in Chinese */
		return arena_printf(a, "%d年%d月%d日 %02d:%02d", y, m, d,
		    (int)(secs / 3600), (int)(secs / 60 % 60));
	if (iso)	/* RFC 3339 */
		return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		    y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60),
		    (int)(secs % 60), tz, off / 60, off % 60);
	return arena_printf(a, "%04d-%02d-%02d %02d:%02d %c%02d%02d", y, m, d,
	    (int)(secs / 3600), (int)(secs / 60 % 60), tz, off / 60,
	    off % 60);
}

static int
cmp_touch(const void *pa, const void *pb)
{
	const struct touch *a = pa, *b = pb;
	int	 r = strcmp(a->record, b->record);

	if (r != 0)
		return r;
	return (a->rev > b->rev) - (a->rev < b->rev);
}

/* What a commit says of itself: who, when, and what for. */
static void
fill_revision(struct ctx *c, git_commit *commit, int zone,
    struct revision *r)
{
	const git_signature *sig;
	const char	*msg, *nl;

	memset(r, 0, sizeof(*r));
	git_oid_tostr(r->id, sizeof(r->id), git_commit_id(commit));
	memcpy(r->short_id, r->id, 12);
	r->short_id[12] = '\0';
	if (git_commit_parentcount(commit) > 0)
		git_oid_tostr(r->parent, sizeof(r->parent),
		    git_commit_parent_id(commit, 0));
	sig = git_commit_author(commit);
	r->author = arena_strdup(&c->arena, sig->name);
	r->email = arena_strdup(&c->arena, sig->email);
	r->time = (int64_t)sig->when.time;
	r->when = commit_time(&c->arena, sig->when.time, zone, 0, NULL);
	r->when_iso = commit_time(&c->arena, sig->when.time, zone, 1, NULL);
	r->when_words = commit_time(&c->arena, sig->when.time, zone, 2,
	    &r->day);
	r->date_words = arena_strndup(&c->arena, r->when_words,
	    strcspn(r->when_words, " "));
	msg = git_commit_message(commit);
	nl = strchr(msg, '\n');
	r->summary = arena_strndup(&c->arena, msg,
	    nl ? (size_t)(nl - msg) : strlen(msg));
}

/*
 * Reads the whole history from tip in one pass: each commit is diffed
 * with its first parent tree to tree, and only the files that changed
 * are parsed.  Nothing is computed again per compound.
 */
int
history_load(struct ctx *c, git_repository *repo, const git_oid *tip,
    struct history *h, struct diags *d)
{
	git_revwalk	*walk = NULL;
	git_commit	*commit = NULL, *parent = NULL;
	git_tree	*tree = NULL, *ptree = NULL;
	struct revision	*r, *revs = NULL;
	struct deltas	*rds = NULL;
	struct delta_cache *dc = NULL;
	const git_oid	*pid;
	struct prefetch	 pf;
	struct ctx	 pc;	/* old records are parsed here, then freed */
	git_oid		 oid;
	struct progress	 p;
	size_t		 i, j, nrevs = 0, caprevs = 0;
	int		 rc = -1, zone = 8 * 60;

	memset(h, 0, sizeof(*h));
	memset(&pf, 0, sizeof(pf));
	ctx_worker(&pc, c);
	pf.c = &pc;
	pf.loaded = c;
	pf.repo = repo;
	memset(&p, 0, sizeof(p));	/* off until begun */
	h->changes.arena = &c->arena;
	if (c->content != NULL && c->content->site.utc_offset.s != NULL)
		zone = (int)c->content->site.utc_offset.n;
	/* Walking back, a revision's old side is the next one's new side:
	 * each blob is parsed once. */
	h->cache = xcalloc(1, sizeof(*h->cache));
	h->changes.cache = h->cache;
	h->changes.content_only = 1;
	/* With the tree cache, a run keeps how trees differed too. */
	if (c->trees != NULL && c->dir != NULL)
		dc = delta_cache_open(c->dir);
	if (git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0 ||
	    git_revwalk_push(walk, tip) < 0) {
		git_fail(d, "history");
		goto out;
	}
	progress_begin(&p, _("reading history"), PROGRESS_REVISIONS, 0);
	/* First every revision and the files it changed, ... */
	while (git_revwalk_next(&oid, walk) == 0) {
		progress_step(&p, 1);
		if (git_commit_lookup(&commit, repo, &oid) < 0 ||
		    (git_commit_parentcount(commit) > 0 &&
		    git_commit_parent(&parent, commit, 0) < 0))
			goto fail;
		if (nrevs == caprevs) {
			caprevs = caprevs ? caprevs * 2 : 64;
			revs = xrealloc(revs, caprevs * sizeof(*revs));
			rds = xrealloc(rds, caprevs * sizeof(*rds));
		}
		r = &revs[nrevs];
		memset(&rds[nrevs], 0, sizeof(rds[0]));
		nrevs++;
		fill_revision(c, commit, zone, r);
		if (git_oid_equal(&oid, tip))
			h->head = *r;
		/* The trees are read only when the cache does not know
		 * how they differ. */
		pid = parent != NULL ? git_commit_tree_id(parent) : NULL;
		if (!delta_cache_get(dc, pid, git_commit_tree_id(commit),
		    &rds[nrevs - 1])) {
			if (git_commit_tree(&tree, commit) < 0 ||
			    (parent != NULL &&
			    git_commit_tree(&ptree, parent) < 0) ||
			    tree_deltas(repo, ptree, tree, &rds[nrevs - 1],
			    1) == -1)
				goto fail;
			if (rds[nrevs - 1].n > 1)
				qsort(rds[nrevs - 1].v, rds[nrevs - 1].n,
				    sizeof(*rds[nrevs - 1].v), cmp_delta);
			delta_cache_put(dc, pid, git_commit_tree_id(commit),
			    &rds[nrevs - 1]);
		}
		queue_deltas(&pf, h->cache, &rds[nrevs - 1]);
		git_tree_free(ptree);
		git_commit_free(parent);
		git_tree_free(tree);
		git_commit_free(commit);
		ptree = tree = NULL;
		parent = commit = NULL;
	}
	/* ... then the records they parse, on every core, ... */
	prefetch_run(&pf, h->cache);
	/* ... then their changes, in order. */
	for (i = 0; i < nrevs; i++) {
		if (h->n == h->cap) {
			h->cap = h->cap ? h->cap * 2 : 64;
			h->v = xrealloc(h->v, h->cap * sizeof(*h->v));
		}
		r = &h->v[h->n];
		*r = revs[i];
		r->first = h->changes.n;
		delta_changes(c, &pc, repo, &rds[i], NULL, &h->changes);
		deltas_free(&rds[i]);
		r->count = h->changes.n - r->first;
		/* A commit that changed nothing a reader is shown (source
		 * code, layouts, a comment in a record) is no publication. */
		if (r->count > 0)
			h->n++;
	}
	/* Which revisions touched which record: one sorted index. */
	for (i = 0; i < h->n; i++) {
		r = &h->v[i];
		for (j = r->first; j < r->first + r->count; j++) {
			if (j > r->first && strcmp(h->changes.v[j].record,
			    h->changes.v[j - 1].record) == 0) {
				h->touch[h->ntouch - 1].count++;
				continue;
			}
			if (h->ntouch == h->captouch) {
				h->captouch = h->captouch ? h->captouch * 2 : 64;
				h->touch = xrealloc(h->touch, h->captouch *
				    sizeof(*h->touch));
			}
			h->touch[h->ntouch].record = h->changes.v[j].record;
			h->touch[h->ntouch].first = j;
			h->touch[h->ntouch].count = 1;
			h->touch[h->ntouch++].rev = i;
		}
	}
	if (h->ntouch > 1)
		qsort(h->touch, h->ntouch, sizeof(*h->touch), cmp_touch);
	delta_cache_save(dc);	/* best effort: it only saves time */
	rc = 0;
	goto out;
fail:
	git_fail(d, "history");
out:
	progress_end(&p);
	for (i = 0; i < nrevs; i++)
		deltas_free(&rds[i]);
	free(rds);
	free(revs);
	free(pf.v);
	git_tree_free(ptree);
	git_commit_free(parent);
	git_tree_free(tree);
	git_commit_free(commit);
	git_revwalk_free(walk);
	delta_cache_free(dc);
	/* The changes stand alone (keep_changes): the records they were
	 * made from, and the cache of them, go. */
	if (h->cache != NULL)
		free(h->cache->v);
	free(h->cache);
	h->cache = h->changes.cache = NULL;
	ctx_free(&pc);
	return rc;
}

/*
 * Who signed each revision and whether it verified, by verify's rules
 * (verify.c), remembered in cache: onto h's revisions and its head.
 */
int
history_signatures(struct ctx *c, git_repository *repo, struct history *h,
    const char *cache, struct diags *d)
{
	struct verdicts	 vs;
	const struct verdict *x;
	size_t		 i;

	if (h->head.id[0] == '\0')
		return 0;
	if (verify_verdicts(repo, h->head.id, cache, &vs, d) == -1)
		return -1;
	for (i = 0; i <= h->n; i++) {
		struct revision *r = i < h->n ? &h->v[i] : &h->head;

		if ((x = verdict_of(&vs, r->id)) == NULL)
			continue;
		r->as = x->as;
		r->party = x->party ? arena_strdup(&c->arena, x->party) : NULL;
		if (x->as != SIGNED_NONE)
			h->signatures = 1;
	}
	verdicts_free(&vs);
	return 0;
}

/* The revisions that touched record, newest first: *first and count. */
size_t
history_of(const struct history *h, const char *record, size_t *first)
{
	size_t	 lo = 0, hi = h->ntouch, mid, end;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(h->touch[mid].record, record) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < h->ntouch &&
	    strcmp(h->touch[end].record, record) == 0; end++)
		continue;
	*first = lo;
	return end - lo;
}

/*
 * The changes revision r made to one record: *first and the count (0
 * when it made none).  Found in the touch index, not by reading the
 * revision: a city's first publication has a change for every record.
 */
size_t
revision_changes_of(const struct history *h, const struct revision *r,
    const char *record, size_t *first)
{
	struct touch	 key;
	const struct touch *t;

	key.record = record;
	key.rev = (size_t)(r - h->v);
	t = h->ntouch ? bsearch(&key, h->touch, h->ntouch, sizeof(*h->touch),
	    cmp_touch) : NULL;
	*first = t ? t->first : r->first + r->count;
	return t ? t->count : 0;
}

void
history_free(struct history *h)
{
	if (h->cache != NULL)
		free(h->cache->v);
	free(h->cache);
	free(h->v);
	free(h->touch);
	changes_free(&h->changes);
	memset(h, 0, sizeof(*h));
}

static int
first_delta(const git_diff *diff, const git_diff_delta *d, const char *path,
    void *arg)
{
	(void)diff;
	(void)d;
	(void)path;
	*(int *)arg = 1;
	return 1;	/* enough: stop */
}

/*
 * Whether content/ and layouts/ on disk differ from tree (NULL: from
 * nothing), as `gongshi diff` would see it: what a site built from the
 * disk is stamped with.  Stops at the first difference.
 */
int
workdir_differs(git_repository *repo, git_tree *tree, int *differs,
    struct diags *d)
{
	git_diff_options opts;
	git_diff	*diff = NULL;
	char		*paths[2];
	int		 rc;

	*differs = 0;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	content_pathspec(&opts, paths);
	opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED |
	    GIT_DIFF_RECURSE_UNTRACKED_DIRS | GIT_DIFF_INCLUDE_TYPECHANGE;
	opts.notify_cb = first_delta;
	opts.payload = differs;
	rc = git_diff_tree_to_workdir_with_index(&diff, repo, tree, &opts);
	git_diff_free(diff);
	if (rc < 0 && !*differs) {
		git_fail(d, "diff");
		return -1;
	}
	return 0;
}
