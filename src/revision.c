/*
 * A revision read back as memory files: what publish checks and renders,
 * so the site is built from exactly what was committed and never from
 * the disk again.  Only the files gongshi reads are loaded, within their
 * size limits; the others are only named, so listing and messages still
 * see them.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "bounds.h"
#include "content.h"
#include "i18n.h"
#include "jobs.h"
#include "repo.h"
#include "schema.h"
#include "trees.h"

/* How large a file at path may be, or 0 when gongshi never reads it. */
static size_t
read_limit(const char *path)
{
	const char	*slash = strrchr(path, '/');
	size_t		 n = strlen(path);

	if (strncmp(path, "content/files/", 14) == 0)
		return ATTACHMENT_MAX;	/* notices' attachments */
	if (strncmp(path, "content/", 8) == 0)
		return (n > 5 && strcmp(path + n - 5, ".yaml") == 0) ||
		    (n > 3 && strcmp(path + n - 3, ".md") == 0) ?
		    content_file_max(path) : 0;
	if (strncmp(path, "layouts/assets/", 15) == 0)
		return ASSET_MAX;
	if (strncmp(path, "layouts/", 8) == 0 && slash == path + 7 &&
	    n > 9 && strcmp(path + n - 9, ".mustache") == 0)
		return LAYOUT_MAX;
	return 0;
}

struct to_memory {
	struct arena	*arena;
	struct trees	*cached;	/* records whose trees are here are
					   not read (NULL: all are) */
	const char	*top;
	struct mem_file	*v;
	git_oid		*ids;		/* v[i]'s blob */
	size_t		 n, cap;
};

static struct mem_file *
memory_push(struct to_memory *m, const git_oid *id)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
		m->ids = xrealloc(m->ids, m->cap * sizeof(*m->ids));
	}
	memset(&m->v[m->n], 0, sizeof(m->v[m->n]));
	if (id != NULL)
		git_oid_cpy(&m->ids[m->n], id);
	return &m->v[m->n++];
}

static int
memory_entry(const char *root, const git_tree_entry *e, void *arg)
{
	struct to_memory *m = arg;
	struct mem_file	*f;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	f = memory_push(m, git_tree_entry_id(e));
	f->rel = arena_printf(m->arena, "%s/%s%s", m->top, root,
	    git_tree_entry_name(e));
	f->link = git_tree_entry_filemode(e) == GIT_FILEMODE_LINK;
	return 0;
}

/*
 * Reading the blobs is most of the cost, so threads share it (jobs.c),
 * each with a repository of its own (libgit2's objects are not shared
 * between threads) and an arena of its own, merged afterwards.
 */
#define BLOBS_PER_THREAD	256

struct blob_reader {
	struct to_memory *m;
	git_repository	*repo;
	git_odb		*odb;
	struct arena	 arena;
};

struct read_shared {
	git_repository	*repo;		/* only its path is read */
	struct to_memory *m;
};

/* Loads v[i]'s bytes when gongshi reads such a file and it is not too big. */
static int
load_blob(void *arg, size_t i)
{
	struct blob_reader *r = arg;
	struct mem_file	*f = &r->m->v[i];
	git_blob	*blob;
	git_object_t	 type;
	const char	*stem;
	size_t		 size, max, n;

	if (f->link || (max = read_limit(f->rel)) == 0)
		return 0;
	/* Inflating every record was most of reading a revision; those
	 * the tree cache knows are read only if it fails them after all
	 * (content.c's read_deferred). */
	if (r->m->cached != NULL && content_schema(f->rel, &stem, &n) ==
	    &schema_compound && trees_has(r->m->cached, r->m->ids[i].id)) {
		f->deferred = 1;
		return 0;
	}
	if (git_odb_read_header(&size, &type, r->odb, &r->m->ids[i]) < 0)
		return -1;
	f->len = size;
	if (size > max)
		return 0;	/* too large: reported when read */
	if (git_blob_lookup(&blob, r->repo, &r->m->ids[i]) < 0)
		return -1;
	f->data = arena_strndup(&r->arena, git_blob_rawcontent(blob), size);
	git_blob_free(blob);
	return 0;
}

static void *
reader_open(void *arg)
{
	struct read_shared *sh = arg;
	struct blob_reader *r = xcalloc(1, sizeof(*r));

	r->m = sh->m;
	if (repo_reopen(sh->repo, &r->repo) < 0 ||
	    git_repository_odb(&r->odb, r->repo) < 0) {
		git_repository_free(r->repo);
		free(r);
		return NULL;
	}
	return r;
}

static int
reader_close(void *arg, void *state)
{
	struct read_shared *sh = arg;
	struct blob_reader *r = state;

	arena_merge(sh->m->arena, &r->arena);
	git_odb_free(r->odb);
	git_repository_free(r->repo);
	free(r);
	return 0;
}

static int
load_blobs(git_repository *repo, struct to_memory *m)
{
	struct read_shared sh;
	struct jobs	 j;

	sh.repo = repo;
	sh.m = m;
	memset(&j, 0, sizeof(j));
	j.n = m->n;
	j.min_each = BLOBS_PER_THREAD;
	j.max_threads = 8;
	j.shared = &sh;
	j.open = reader_open;
	j.job = load_blob;
	j.close = reader_close;
	return jobs_run(&j);
}

/*
 * The content/ and layouts/ of a tree as memory files, for building
 * the site from exactly what is committed: the files gongshi reads are
 * loaded (within their size limits), the others only named.
 */
int
tree_to_memory(git_repository *repo, git_tree *tree, struct arena *a,
    struct trees *cached, struct mem_file **files, size_t *nfiles,
    struct diags *d)
{
	static const char *const tops[] = { "content", "layouts" };
	struct to_memory m;
	const git_tree_entry *e;
	git_tree	*sub;
	size_t		 i;
	int		 rc = 0;

	memset(&m, 0, sizeof(m));
	m.arena = a;
	m.cached = cached;
	for (i = 0; i < 2 && rc == 0; i++) {
		if ((e = git_tree_entry_byname(tree, tops[i])) == NULL)
			continue;
		if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
			/* committed as a link or a file, not a folder */
			memory_push(&m, NULL)->rel = tops[i];
			m.v[m.n - 1].link = 1;
			continue;
		}
		m.top = tops[i];
		if (git_tree_lookup(&sub, repo, git_tree_entry_id(e)) < 0)
			rc = -1;
		else {
			rc = git_tree_walk(sub, GIT_TREEWALK_PRE, memory_entry,
			    &m) < 0 ? -1 : 0;
			git_tree_free(sub);
		}
	}
	if (rc == 0)
		rc = load_blobs(repo, &m);
	for (i = 0; i < m.n; i++) {	/* the parsed trees' keys */
		memcpy(m.v[i].id, m.ids[i].id, sizeof(m.v[i].id));
		m.v[i].has_id = 1;
	}
	free(m.ids);
	if (rc == -1) {
		git_fail(d, _("reading the revision"));
		free(m.v);
		return -1;
	}
	*files = m.v;
	*nfiles = m.n;
	return 0;
}
