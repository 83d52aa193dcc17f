/*
 * Finding and reading the files of a content/ folder into the data
 * model: site.yaml, areas.yaml, departments.yaml, parties.yaml (when
 * there), compounds/ and pages/.
 * Problems in the files become diagnostics; only I/O failures that stop
 * the run (an unreadable folder) make content_load() fail.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "bounds.h"
#include "scalar.h"
#include "node.h"
#include "schema.h"
#include "gongshi.h"
#include "content.h"
#include "contacts.h"
#include "i18n.h"
#include "jobs.h"
#include "progress.h"
#include "repo.h"
#include "trees.h"

#define DIR_DEPTH_MAX	16	/* compounds/ subfolders; stops link loops */


void
ctx_init(struct ctx *c, const char *dir, int64_t today)
{
	memset(c, 0, sizeof(*c));
	c->dir = dir;
	c->today = today;
	c->content = arena_calloc(&c->arena, 1, sizeof(*c->content));
	c->shorts = (const char **)default_short_numbers;
}


/*
 * A thread's own context that reads what c reads: its own buffers,
 * arenas and diagnostics, c's sources (memv stays c's).
 */
void
ctx_worker(struct ctx *w, const struct ctx *c)
{
	ctx_init(w, c->dir, c->today);
	w->shorts = c->shorts;
	w->want_blob = c->want_blob;
	w->trees = c->trees;
	w->gitdir = c->gitdir;
	w->only_keys = c->only_keys;
	w->mem = c->mem;
	w->memv = c->memv;
	w->nmem = c->nmem;
	w->overlay = c->overlay;
	w->noverlay = c->noverlay;
	w->worker = 1;	/* memv is the main ctx's */
}

/*
 * The run keeps parsed trees in dir's tree cache: read now, and what it
 * parsed anew saved by ctx_free.
 */
void
ctx_keep_trees(struct ctx *c, const char *dir)
{
	if (c->trees == NULL)
		c->trees = trees_open(dir);
}

void
ctx_free(struct ctx *c)
{
	if (!c->worker) {
		free(c->memv);
		trees_save(c->trees);	/* best effort: it only saves time */
		trees_free(c->trees);
	}
	free(c->seen);
	c->seen = NULL;
	if (c->book != NULL)
		book_free(c->book);
	git_repository_free(c->blobs);
	buf_free(&c->file);
	buf_free(&c->others);
	diag_free(&c->diags);
	arena_free(&c->scratch);
	arena_free(&c->arena);
}


/*
 * Which record a content path holds, decided here for every reader (the
 * loader and the history): its schema, or NULL for a file that is not
 * a record (pages are read with their own front matter).  For a
 * compound, *stem is its id: the file name without .yaml.
 */
const struct schema *
content_schema(const char *rel, const char **stem, size_t *stemlen)
{
	static const struct {
		const char	*rel;
		const struct schema *sc;
	} files[] = {
		{ "content/site.yaml", &schema_site },
		{ "content/areas.yaml", &schema_areas_file },
		{ "content/departments.yaml", &schema_departments_file },
	};
	const char	*base;
	size_t		 i, n = strlen(rel);

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (strcmp(rel, files[i].rel) == 0)
			return files[i].sc;
	if (strncmp(rel, "content/compounds/", 18) != 0 || n <= 23 ||
	    strcmp(rel + n - 5, ".yaml") != 0 || strstr(rel, "/.") != NULL)
		return NULL;	/* hidden files are editor droppings */
	base = strrchr(rel, '/') + 1;
	*stem = base;
	*stemlen = (size_t)(rel + n - 5 - base);
	return &schema_compound;
}


static void
walk_tree(struct ctx *c, const char *rel, const struct node *root,
    const struct schema *sc, void *base)
{
	struct walker	 w = { 0 };

	if (c->seen == NULL)
		c->seen = xcalloc(1, sizeof(*c->seen));
	w.arena = &c->arena;
	w.seen = c->seen;
	w.diags = &c->diags;
	w.fid = gs_file_id(rel);
	w.shorts = (const char *const *)c->shorts;
	if (sc == &schema_compound)
		w.only = c->only_keys;
	walk_record(&w, root, sc, base);
	if (sc == &schema_compound)	/* officials see which are incomplete */
		((struct gs_compound *)base)->nundisclosed = w.undisclosed;
	walker_free(&w);
}


/*
 * The tree of a file's bytes, in scratch: the tree cache's when it
 * has one for them, else libyaml's, offered to the cache when parsing
 * said nothing (a file with problems is parsed, and told, every time).
 * id is the bytes' git blob id, or NULL to compute it.
 */
static const struct node *
parse_in(struct ctx *c, const char *rel, const char *data, size_t len,
    const unsigned char *id, struct arena *a)
{
	unsigned char	 key[TREES_KEY];
	const struct node *root;
	size_t		 before = c->diags.n, was;

	if (c->trees == NULL)
		return yaml_load(rel, data, len, a, &c->diags);
	if (id == NULL) {	/* not read from content/: history's */
		trees_key(data, len, key);
		id = key;
	}
	if ((root = trees_get(c->trees, id, a, &was)) != NULL && was == len)
		return root;
	root = yaml_load(rel, data, len, a, &c->diags);
	if (root != NULL && c->diags.n == before)
		trees_put(c->trees, id, root, len);
	return root;
}

static const struct node *
parse_tree(struct ctx *c, const char *rel, const char *data, size_t len,
    const unsigned char *id)
{
	return parse_in(c, rel, data, len, id, &c->scratch);
}

/* The tree of bytes read from rel, in arena a, through the tree cache. */
const struct node *
content_parse(struct ctx *c, const char *rel, const char *data, size_t len,
    struct arena *a)
{
	return parse_in(c, rel, data, len, NULL, a);
}


/*
 * A committed record that was not read because the tree cache knew it
 * (revision.c): its tree from the cache into *rootp, else its blob read
 * after all into c->file (the loading thread opens the repository for
 * that).  Returns like read_content_file.
 */
static int
read_deferred(struct ctx *c, const char *rel, const char **data,
    size_t *len, const struct node **rootp)
{
	git_blob	*blob;
	git_oid		 oid;
	size_t		 size, max = content_file_max(rel);

	if ((*rootp = trees_get(c->trees, c->file_id, &c->scratch,
	    &size)) != NULL && size <= max) {
		c->nbytes += size;
		return 1;
	}
	*rootp = NULL;
	arena_reset(&c->scratch);
	git_oid_fromraw(&oid, c->file_id);
	if ((c->blobs == NULL && (c->gitdir == NULL ||
	    git_repository_open(&c->blobs, c->gitdir) < 0)) ||
	    git_blob_lookup(&blob, c->blobs, &oid) < 0) {
		git_fail(&c->diags, rel);
		return -1;
	}
	if ((size = (size_t)git_blob_rawsize(blob)) > max) {
		git_blob_free(blob);
		content_size_error(c, rel, (long long)size);
		return 0;
	}
	buf_truncate(&c->file, 0);
	buf_put(&c->file, git_blob_rawcontent(blob), size);
	git_blob_free(blob);
	*data = c->file.p;
	*len = c->file.len;
	c->nbytes += c->file.len;
	return 1;
}


/*
 * Reads one YAML file into a tree in scratch; *rootp NULL if unusable.
 * c->file_id is then its git blob id.  Returns like read_content_file.
 */
int
content_tree(struct ctx *c, const char *rel, const struct node **rootp)
{
	const char	*data;
	size_t		 len;
	git_oid		 oid;
	int		 rc;

	*rootp = NULL;
	if ((rc = read_content_file(c, rel, &data, &len)) != 1)
		return rc;
	if (data == NULL && ((rc = read_deferred(c, rel, &data, &len,
	    rootp)) != 1 || *rootp != NULL))
		return rc;
	/* Boards show a record's blob id: libgit2's, which refuses the
	 * bytes of a SHA-1 collision attack, serves as the tree's key. */
	if (c->file_id == NULL) {
		if (c->want_blob && git_odb_hash(&oid, data, len,
		    GIT_OBJECT_BLOB) == 0)
			memcpy(c->file_hash, oid.id, sizeof(c->file_hash));
		else
			trees_key(data, len, c->file_hash);
		c->file_id = c->file_hash;
	}
	*rootp = parse_tree(c, rel, data, len, c->file_id);
	return 1;
}


/*
 * The git blob id of the content file rel, without parsing it (nor
 * reading it, when a committed tree gave the id).  Returns like
 * read_content_file.
 */
int
content_blob_id(struct ctx *c, const char *rel, unsigned char id[20])
{
	const char	*data;
	size_t		 len;
	int		 rc;

	if ((rc = read_content_file(c, rel, &data, &len)) != 1)
		return rc;
	if (c->file_id != NULL)
		memcpy(id, c->file_id, 20);
	else
		trees_key(data, len, id);
	return 1;
}


/*
 * Reads one YAML file and walks it into base.  *usable tells whether a
 * tree could be read at all, so that references into a file that could
 * not be read are not each reported as missing.
 */
static int
load_yaml(struct ctx *c, const char *rel, const struct schema *sc, void *base,
    int *usable)
{
	const struct node *root;
	int		 rc;

	if ((rc = content_tree(c, rel, &root)) == 1 && root != NULL)
		walk_tree(c, rel, root, sc, base);
	if (usable != NULL)
		*usable = root != NULL;
	arena_reset(&c->scratch);
	return rc;
}


/*
 * The short service numbers are needed to type the phones of site.yaml
 * itself, so they are taken from the tree before the walk, which then
 * reports any that are malformed.
 */
static void
take_short_numbers(struct ctx *c, const struct node *seq)
{
	size_t		 i, j, n = 0;
	const struct node *k;

	c->shorts = arena_calloc(&c->arena, seq->n + 1, sizeof(char *));
	for (i = 0; i < seq->n; i++) {
		k = seq->kids[i];
		if (k->kind != NODE_SCALAR)
			continue;
		for (j = 0; k->s[j] >= '0' && k->s[j] <= '9'; j++)
			continue;
		if (k->s[j] == '\0' && j >= 3 && j <= 6)
			c->shorts[n++] = arena_strdup(&c->arena, k->s);
	}
}


static int
load_site(struct ctx *c)
{
	const struct node *root = NULL, *sn;
	int		 rc;

	/* The tree stays in scratch until the reset below. */
	if ((rc = content_tree(c, "content/site.yaml", &root)) == 1 &&
	    root != NULL) {
		if ((sn = map_get(root, "short_numbers")) != NULL &&
		    sn->kind == NODE_SEQ)
			take_short_numbers(c, sn);
		walk_tree(c, "content/site.yaml", root,
		    content_schema("content/site.yaml", NULL, NULL),
		    &c->content->site);
	}
	arena_reset(&c->scratch);
	return rc;
}


static int
has_suffix(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}


/* One compound file to load, and where its record goes. */
struct compound_file {
	const char	*rel;
	const char	*stem;
	struct gs_compound *record;	/* NULL when it could not be read */
};


struct compound_files {
	struct compound_file	*v;
	size_t		 n, cap;
};


static int
load_compound(struct ctx *c, struct compound_file *j)
{
	struct gs_compound *cp = arena_calloc(&c->arena, 1, sizeof(*cp));
	const char	*stem;
	git_oid		 oid;
	size_t		 n;
	int		 rc;

	cp->path = j->rel;
	if ((rc = load_yaml(c, j->rel, content_schema(j->rel, &stem, &n), cp,
	    NULL)) != 1)
		return rc;
	/* The id git gives these bytes: printed on boards as the revision
	 * until the record has a commit (content_tree found it). */
	if (c->want_blob) {
		git_oid_fromraw(&oid, c->file_id);
		git_oid_tostr(cp->blob, sizeof(cp->blob), &oid);
	}
	if (cp->id.s != NULL && strcmp(cp->id.s, j->stem) != 0)
		diag_add(&c->diags, j->rel, cp->id.pos.line, cp->id.pos.col,
		    SEV_ERROR, "%s: '%s' differs from the file name; the file "
		    "must be named %s.yaml", key_of(c, &schema_compound, "id"),
		    cp->id.s, cp->id.s);
	if (cp->pos.fid != 0)
		j->record = cp;
	return 1;
}


/*
 * Parses a record from bytes that did not come from the content folder
 * (an old revision's blob): into base by schema sc.  Returns 0 when
 * there was no usable tree.  Problems go to c's diagnostics.
 */
int
record_from_bytes(struct ctx *c, const char *rel, const char *data,
    size_t len, const struct schema *sc, void *base)
{
	return record_from_blob(c, rel, data, len, NULL, sc, base);
}

/* The same, for bytes whose git blob id is known (or NULL). */
int
record_from_blob(struct ctx *c, const char *rel, const char *data,
    size_t len, const unsigned char id[20], const struct schema *sc,
    void *base)
{
	const struct node *root;

	root = parse_tree(c, rel, data, len, id);
	if (root != NULL)
		walk_tree(c, rel, root, sc, base);
	arena_reset(&c->scratch);
	return root != NULL;
}

/*
 * The record of the blob id from the tree cache alone, without reading
 * the blob: a new struct of sc's size in c's arena, walked from the
 * cached tree (of at most max bytes, as a read would allow), or NULL
 * when the blob has to be read.
 */
void *
record_from_cache(struct ctx *c, const char *rel, const unsigned char id[20],
    size_t max, const struct schema *sc)
{
	const struct node *root;
	void		*base = NULL;
	size_t		 len;

	if (c->trees != NULL && (root = trees_get(c->trees, id, &c->scratch,
	    &len)) != NULL && len <= max) {
		base = arena_calloc(&c->arena, 1, sc->size);
		walk_tree(c, rel, root, sc, base);
	}
	arena_reset(&c->scratch);
	return base;
}

/*
 * The zone site.yaml's bytes (data, or NULL when there is none) say
 * readers' times are in, as minutes east of UTC: its utc_offset, or
 * Beijing time when it says nothing usable (`check` says why).  c's
 * diagnostics are left as they were.
 */
int
site_zone_of(struct ctx *c, const char *data, size_t len)
{
	struct gs_site	*site = arena_calloc(&c->arena, 1, sizeof(*site));
	struct diags	 keep = c->diags;
	int		 zone = 8 * 60, minutes;

	memset(&c->diags, 0, sizeof(c->diags));
	if (data != NULL && record_from_bytes(c, "content/site.yaml", data,
	    len, &schema_site, site) && site->utc_offset.s != NULL &&
	    parse_utc_offset(site->utc_offset.s, &minutes) == 0)
		zone = minutes;
	diag_free(&c->diags);
	c->diags = keep;
	return zone;
}

/* Finds compound files in sorted order, so every run reads alike. */
static int
list_compounds(struct ctx *c, const char *rel, int depth, struct compound_files *out)
{
	struct ptrs	 names = { 0 };
	size_t		 i;
	int		 rc;
	char		*sub, *name;

	if ((rc = list_dir(c, rel, &names)) != 1) {
		if (rc == 0 && depth == 0)
			diag_add(&c->diags, rel, 1, 1, SEV_WARNING, "there is "
			    "no compounds folder, so no compound records");
		return rc;
	}
	for (i = 0; i < names.n && rc != -1; i++) {
		name = names.v[i];
		sub = arena_printf(&c->arena, "%s/%s", rel, name);
		if (has_suffix(name, ".yaml")) {
			if (out->n == out->cap) {
				out->cap = out->cap ? out->cap * 2 : 256;
				out->v = xrealloc(out->v,
				    out->cap * sizeof(*out->v));
			}
			out->v[out->n].rel = sub;
			out->v[out->n].stem = arena_strndup(&c->arena, name,
			    strlen(name) - 5);
			out->v[out->n++].record = NULL;
		} else if (has_suffix(name, ".yml"))
			diag_add(&c->diags, sub, 1, 1, SEV_WARNING, "file "
			    "ignored: compound records must end in .yaml");
		else if (is_dir(c, sub)) {
			if (depth >= DIR_DEPTH_MAX)
				diag_add(&c->diags, sub, 1, 1, SEV_ERROR,
				    "folders nested more than %d deep",
				    DIR_DEPTH_MAX);
			else
				rc = list_compounds(c, sub, depth + 1, out);
		}
	}
	for (i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
	return rc == -1 ? -1 : 1;
}


/*
 * Compound files are independent, so they are read by one thread per
 * core (jobs.c), each with its own context: its arenas and diagnostics
 * are merged into the main one afterwards.
 */
#define FILES_PER_THREAD	64	/* fewer files than this: not worth it */

struct loader {
	struct ctx	 c;		/* a private copy of the main ctx */
	struct compound_files *files;
	struct progress	*progress;
};


struct load_shared {
	struct ctx	*c;
	struct compound_files *files;
	struct progress	 progress;	/* "reading records" */
};


static void *
loader_open(void *arg)
{
	struct load_shared *sh = arg;
	struct loader	*l = xcalloc(1, sizeof(*l));

	ctx_worker(&l->c, sh->c);
	l->files = sh->files;
	l->progress = &sh->progress;
	return l;
}


static int
loader_job(void *arg, size_t i)
{
	struct loader	*l = arg;

	if (load_compound(&l->c, &l->files->v[i]) == -1)
		return -1;
	progress_step(l->progress, 1);
	return 0;
}


static int
loader_close(void *arg, void *state)
{
	struct load_shared *sh = arg;
	struct loader	*l = state;

	arena_merge(&sh->c->arena, &l->c.arena);
	diag_merge(&sh->c->diags, &l->c.diags);
	sh->c->nfiles += l->c.nfiles;
	sh->c->nbytes += l->c.nbytes;
	ctx_free(&l->c);
	free(l);
	return 0;
}


static int
load_compounds(struct ctx *c, struct compound_files *files)
{
	struct load_shared sh = { c, files, { 0 } };
	struct jobs	 j;
	int		 rc;

	memset(&j, 0, sizeof(j));
	j.n = files->n;
	j.min_each = FILES_PER_THREAD;
	j.max_threads = 8;
	j.shared = &sh;
	j.open = loader_open;
	j.job = loader_job;
	j.close = loader_close;
	progress_begin(&sh.progress, _("reading records"), PROGRESS_COMPOUNDS,
	    files->n);
	rc = jobs_run(&j);
	progress_end(&sh.progress);
	return rc;
}


/* Offset just past the line starting at off, and the line's length
 * without its line break. */
static size_t
line_end(const char *s, size_t len, size_t off, size_t *linelen)
{
	size_t	 i = off;

	while (i < len && s[i] != '\n' && s[i] != '\r')
		i++;
	*linelen = i - off;
	if (i < len && s[i] == '\r')
		i++;
	if (i < len && s[i] == '\n')
		i++;
	return i;
}


static int
is_marker(const char *s, size_t n)
{
	while (n > 3 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == 3 && memcmp(s, "---", 3) == 0;
}


static int
is_blank_or_comment(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		continue;
	return i == n || s[i] == '#';
}


/* The first byte of a page that is not UTF-8 text, or len. */
static size_t
bad_page_byte(const char *data, size_t len)
{
	size_t	 i, k;
	uint32_t cp;

	for (i = 0; i < len; i += k) {
		k = utf8_len((const unsigned char *)data + i, len - i, &cp);
		if (k == 0 || (cp < 0x20 && cp != '\n' && cp != '\r' &&
		    cp != '\t') || cp == 0x7F)
			return i;
	}
	return len;
}


/*
 * A page is "---", YAML front matter, "---", then the Markdown body.
 * The front matter is given to libyaml with its opening marker so that
 * its line numbers are the file's.
 */
static int
load_page(struct ctx *c, const char *rel, const char *stem, struct ptrs *out)
{
	static const struct node no_keys = { .kind = NODE_MAP, .line = 1,
		.col = 1 };
	struct gs_page	*pg;
	const struct node *root;
	const char	*data;
	size_t		 len, off, start, next = 0, n, i, j;
	unsigned	 line = 2, l, col;
	int		 rc, empty = 1;
	char		*body;

	if ((rc = read_content_file(c, rel, &data, &len)) != 1)
		return rc;
	if ((i = bad_page_byte(data, len)) < len) {
		offset_to_place(data, len, i, &l, &col);
		if ((unsigned char)data[i] < 0x80)
			diag_add(&c->diags, rel, l, col, SEV_ERROR, "control "
			    "character not allowed in a page (byte 0x%02X)",
			    (unsigned char)data[i]);
		else
			diag_add(&c->diags, rel, l, col, SEV_ERROR, "invalid "
			    "UTF-8; save the file as UTF-8 (byte 0x%02X)",
			    (unsigned char)data[i]);
		return 0;
	}
	start = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	off = line_end(data, len, start, &n);
	if (!is_marker(data + start, n)) {
		diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "a page must start "
		    "with front matter: a line '---', 'title: …', then '---'");
		return 0;
	}
	for (; off < len; off = next, line++) {
		next = line_end(data, len, off, &n);
		if (is_marker(data + off, n))
			break;
		empty = empty && is_blank_or_comment(data + off, n);
	}
	if (off >= len) {
		diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "front matter is "
		    "not closed: add a line '---' after it");
		return 0;
	}
	pg = arena_calloc(&c->arena, 1, sizeof(*pg));
	pg->name = stem;
	/* No keys at all is a page without its title, not an empty file. */
	root = empty ? &no_keys :
	    yaml_load(rel, data, off, &c->scratch, &c->diags);
	if (root != NULL)
		walk_tree(c, rel, root, &schema_page, pg);
	arena_reset(&c->scratch);
	if (len - next > MARKDOWN_MAX)
		diag_add(&c->diags, rel, line + 1, 1, SEV_ERROR, "the page "
		    "body is %zu bytes; Markdown may have at most %d KiB",
		    len - next, MARKDOWN_MAX / 1024);
	/* The body with CR LF made LF, as everything else is read. */
	body = arena_alloc(&c->arena, len - next + 1);
	for (i = next, j = 0; i < len; i++)
		if (data[i] != '\r' || i + 1 >= len || data[i + 1] != '\n')
			body[j++] = data[i];
	body[j] = '\0';
	pg->body = body;
	pg->body_line = line + 1;
	gs_pos_set(&pg->pos, gs_file_id(rel), 1, 1);
	ptrs_push(out, pg);
	return 1;
}


static int
load_pages(struct ctx *c, struct ptrs *out)
{
	struct ptrs	 names = { 0 };
	struct buf	 msg = { 0 };
	const char	*rel;
	char		*stem;
	size_t		 i;
	int		 rc;

	if ((rc = list_dir(c, "content/pages", &names)) != 1)
		return rc;
	for (i = 0; i < names.n && rc != -1; i++) {
		if (!has_suffix(names.v[i], ".md"))
			continue;
		rel = arena_printf(&c->arena, "content/pages/%s",
		    (char *)names.v[i]);
		stem = arena_strndup(&c->arena, names.v[i],
		    strlen(names.v[i]) - 3);
		if (check_id(stem, &msg) != NULL)
			diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "the page "
			    "name (the file name) is used in its address: %s",
			    msg.p);
		else
			rc = load_page(c, rel, stem, out);
	}
	for (i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
	buf_free(&msg);
	return rc == -1 ? -1 : 1;
}


/* Loads everything; -1 when the run cannot go on (exit status 2). */
int
content_load(struct ctx *c)
{
	struct gs_content *ct = c->content, tmp;
	struct compound_files	 jobs = { 0 };
	struct ptrs	 pages = { 0 };
	char		*path = full_path(c, "content");
	size_t		 i, n;
	int		 rc = -1;

	if (c->mem == NULL && check_content_folder(c, path) == -1)
		goto out;
	if (memory_content_is_link(c)) {
		/* committed as a link (or a file) instead of a folder */
		link_error(c, "content", N_("folder"));
		rc = 0;
		goto out;
	}
	if (load_site(c) == -1)
		goto out;

	memset(&tmp, 0, sizeof(tmp));
	if (load_yaml(c, "content/areas.yaml", content_schema(
	    "content/areas.yaml", NULL, NULL), &tmp,
	    &c->areas_read) == -1)
		goto out;
	ct->districts = tmp.districts;

	memset(&tmp, 0, sizeof(tmp));
	if (load_yaml(c, "content/departments.yaml",
	    content_schema("content/departments.yaml", NULL, NULL), &tmp,
	    &c->departments_read) == -1)
		goto out;
	ct->departments = tmp.departments;

	/* Optional: without it one office publishes, as before. */
	memset(&tmp, 0, sizeof(tmp));
	if (ctx_exists(c, "content/parties.yaml") && load_yaml(c,
	    "content/parties.yaml", &schema_parties_file, &tmp,
	    &c->parties_read) == -1)
		goto out;
	ct->parties = tmp.parties;

	if (list_compounds(c, "content/compounds", 0, &jobs) == -1 ||
	    load_compounds(c, &jobs) == -1)
		goto out;
	if (load_pages(c, &pages) == -1)
		goto out;

	ct->compounds = arena_alloc(&c->arena,
	    (jobs.n ? jobs.n : 1) * sizeof(*ct->compounds));
	for (i = n = 0; i < jobs.n; i++)
		if (jobs.v[i].record != NULL)
			ct->compounds[n++] = jobs.v[i].record;
	ct->ncompounds = n;
	ct->npages = pages.n;
	ct->pages = arena_alloc(&c->arena,
	    (pages.n ? pages.n : 1) * sizeof(*ct->pages));
	if (pages.n)
		memcpy(ct->pages, pages.v, pages.n * sizeof(*ct->pages));
	rc = 0;
out:
	free(jobs.v);
	free(pages.v);
	free(path);
	return rc;
}


int
content_load_memory(struct ctx *c, const struct mem_file *files, size_t n)
{
	source_memory(c, files, n);
	return content_load(c);
}
