/*
 * Finding and reading the files of a content/ folder into the data
 * model: site.yaml, areas.yaml, departments.yaml, compounds/ and pages/.
 * Problems in the files become diagnostics; only I/O failures that stop
 * the run (an unreadable folder) make content_load() fail.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extern.h"
#include "gongshi.h"

#define DIR_DEPTH_MAX	16	/* compounds/ subfolders; stops link loops */

/* Growable array of pointers. */
struct ptrs {
	void	**v;
	size_t	 n, cap;
};

static void
ptrs_push(struct ptrs *p, void *x)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = xrealloc(p->v, p->cap * sizeof(*p->v));
	}
	p->v[p->n++] = x;
}

void
ctx_init(struct ctx *c, const char *dir, int64_t today)
{
	memset(c, 0, sizeof(*c));
	c->dir = dir;
	c->today = today;
	c->content = arena_calloc(&c->arena, 1, sizeof(*c->content));
	c->shorts = (const char **)default_short_numbers;
}

void
ctx_free(struct ctx *c)
{
	diag_free(&c->diags);
	arena_free(&c->scratch);
	arena_free(&c->arena);
}

static char *
full_path(const struct ctx *c, const char *rel)
{
	struct buf	 b = { 0 };

	buf_printf(&b, "%s/%s", c->dir, rel);
	return buf_detach(&b);
}

/*
 * Reads a content file.  Returns 1 with *data set, 0 when the file is
 * missing or too big (after a diagnostic: the content is at fault), -1
 * on an I/O failure that stops the run.
 */
static int
read_content_file(struct ctx *c, const char *rel, char **data, size_t *len)
{
	char		*path = full_path(c, rel), *p = NULL;
	struct stat	 st;
	size_t		 have = 0;
	ssize_t		 n;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY)) == -1) {
		if (errno == ENOENT) {
			diag_add(&c->diags, rel, 1, 1, SEV_ERROR,
			    "required file is missing");
			rc = 0;
		} else
			fprintf(stderr, "gongshi: %s: %s\n", path,
			    strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) == -1) {
		fprintf(stderr, "gongshi: %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "not a regular file");
		rc = 0;
		goto out;
	}
	if (st.st_size > RECORD_MAX) {
		diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "file is %lld bytes; "
		    "a record file may have at most 1 MiB",
		    (long long)st.st_size);
		rc = 0;
		goto out;
	}
	/* Read at most one byte past the limit: the file may be growing. */
	p = xmalloc(RECORD_MAX + 2);
	while (have <= RECORD_MAX) {
		n = read(fd, p + have, RECORD_MAX + 1 - have);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			fprintf(stderr, "gongshi: %s: %s\n", path,
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	if (have > RECORD_MAX) {
		diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "file is larger than "
		    "1 MiB, the most a record file may have");
		rc = 0;
		goto out;
	}
	p[have] = '\0';
	*data = p;
	*len = have;
	p = NULL;
	c->nfiles++;
	c->nbytes += have;
	rc = 1;
out:
	if (fd != -1)
		close(fd);
	free(p);
	free(path);
	return rc;
}

static void
walk_tree(struct ctx *c, const char *rel, const struct node *root,
    const struct schema *sc, void *base)
{
	struct walker	 w = { 0 };

	w.arena = &c->arena;
	w.diags = &c->diags;
	w.file = rel;
	w.shorts = (const char *const *)c->shorts;
	walk_record(&w, root, sc, base);
	walker_free(&w);
}

/* Reads one YAML file into a tree in scratch; *rootp NULL if unusable. */
static int
load_yaml_root(struct ctx *c, const char *rel, const struct node **rootp)
{
	char		*data = NULL;
	size_t		 len;
	int		 rc;

	*rootp = NULL;
	if ((rc = read_content_file(c, rel, &data, &len)) != 1)
		return rc;
	*rootp = yaml_load(rel, data, len, &c->scratch, &c->diags);
	free(data);
	return 1;
}

/* Reads one YAML file and walks it into base. */
static int
load_yaml(struct ctx *c, const char *rel, const struct schema *sc, void *base)
{
	const struct node *root;
	int		 rc;

	if ((rc = load_yaml_root(c, rel, &root)) == 1 && root != NULL)
		walk_tree(c, rel, root, sc, base);
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

static void
load_site(struct ctx *c)
{
	const struct node *root = NULL, *sn;

	/* The tree stays in scratch until the reset below. */
	if (load_yaml_root(c, "content/site.yaml", &root) == 1 && root != NULL) {
		if ((sn = map_get(root, "short_numbers")) != NULL &&
		    sn->kind == NODE_SEQ)
			take_short_numbers(c, sn);
		walk_tree(c, "content/site.yaml", root, &schema_site,
		    &c->content->site);
	}
	arena_reset(&c->scratch);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

/*
 * Lists a folder's entries, sorted so that every run reads files in the
 * same order.  Returns -1 (after saying why) when it cannot be read,
 * 0 when it does not exist.
 */
static int
list_dir(const struct ctx *c, const char *rel, struct ptrs *names)
{
	char		*path = full_path(c, rel);
	DIR		*d;
	struct dirent	*de;

	if ((d = opendir(path)) == NULL) {
		if (errno == ENOENT) {
			free(path);
			return 0;
		}
		fprintf(stderr, "gongshi: %s: %s\n", path, strerror(errno));
		free(path);
		return -1;
	}
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')	/* hidden, editor droppings */
			ptrs_push(names, xstrdup(de->d_name));
	closedir(d);
	free(path);
	if (names->n > 1)
		qsort(names->v, names->n, sizeof(*names->v), cmp_str);
	return 1;
}

static int
is_dir(const struct ctx *c, const char *rel)
{
	char		*path = full_path(c, rel);
	struct stat	 st;
	int		 rc;

	rc = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	free(path);
	return rc;
}

static int
load_compound(struct ctx *c, const char *rel, const char *stem,
    struct ptrs *out)
{
	struct gs_compound *cp = arena_calloc(&c->arena, 1, sizeof(*cp));
	int		 rc;

	cp->path = rel;
	if ((rc = load_yaml(c, rel, &schema_compound, cp)) != 1)
		return rc;
	if (cp->id.s != NULL && strcmp(cp->id.s, stem) != 0)
		diag_add(&c->diags, rel, cp->id.pos.line, cp->id.pos.col,
		    SEV_ERROR, "id '%s' differs from the file name; the file "
		    "must be named %s.yaml", cp->id.s, cp->id.s);
	if (cp->pos.file != NULL)
		ptrs_push(out, cp);
	return 1;
}

static int
load_compound_dir(struct ctx *c, const char *rel, int depth, struct ptrs *out)
{
	struct ptrs	 names = { 0 };
	size_t		 i;
	int		 rc;
	char		*sub, *stem;

	if ((rc = list_dir(c, rel, &names)) != 1)
		return rc;
	for (i = 0; i < names.n && rc != -1; i++) {
		sub = arena_printf(&c->arena, "%s/%s", rel,
		    (char *)names.v[i]);
		if (has_suffix(names.v[i], ".yaml")) {
			stem = arena_strndup(&c->arena, names.v[i],
			    strlen(names.v[i]) - 5);
			rc = load_compound(c, sub, stem, out);
		} else if (has_suffix(names.v[i], ".yml"))
			diag_add(&c->diags, sub, 1, 1, SEV_WARNING, "file "
			    "ignored: compound records must end in .yaml");
		else if (is_dir(c, sub)) {
			if (depth >= DIR_DEPTH_MAX)
				diag_add(&c->diags, sub, 1, 1, SEV_ERROR,
				    "folders nested more than %d deep",
				    DIR_DEPTH_MAX);
			else
				rc = load_compound_dir(c, sub, depth + 1, out);
		}
	}
	for (i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
	return rc == -1 ? -1 : 1;
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

/*
 * A page is "---", YAML front matter, "---", then the Markdown body.
 * The front matter is given to libyaml with its opening marker so that
 * its line numbers are the file's.
 */
static void
load_page(struct ctx *c, const char *rel, const char *stem, struct ptrs *out)
{
	struct gs_page	*pg;
	const struct node *root;
	char		*data = NULL;
	size_t		 len, off, start, next, n, i, k;
	unsigned	 line = 2, l, col;
	uint32_t	 cp;

	if (read_content_file(c, rel, &data, &len) != 1)
		return;
	for (i = 0; i < len; i += k)
		if ((k = utf8_len((const unsigned char *)data + i, len - i,
		    &cp)) == 0 || cp == 0) {
			offset_to_place(data, len, i, &l, &col);
			diag_add(&c->diags, rel, l, col, SEV_ERROR, cp == 0 &&
			    k != 0 ? "NUL byte in file" : "invalid UTF-8 "
			    "(byte 0x%02X); save the file as UTF-8",
			    (unsigned char)data[i]);
			goto out;
		}
	pg = arena_calloc(&c->arena, 1, sizeof(*pg));
	pg->name = stem;
	start = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	off = line_end(data, len, start, &n);
	if (!is_marker(data + start, n)) {
		diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "a page must start "
		    "with front matter: a line '---', 'title: …', then '---'");
		goto out;
	}
	for (; off < len; off = next, line++) {
		next = line_end(data, len, off, &n);
		if (is_marker(data + off, n))
			break;
	}
	if (off >= len) {
		diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "front matter is "
		    "not closed: add a line '---' after it");
		goto out;
	}
	if ((root = yaml_load(rel, data, off, &c->scratch, &c->diags)) != NULL)
		walk_tree(c, rel, root, &schema_page, pg);
	if (len - next > MARKDOWN_MAX)
		diag_add(&c->diags, rel, line + 1, 1, SEV_ERROR, "the page "
		    "body is %zu bytes; Markdown may have at most %d KiB",
		    len - next, MARKDOWN_MAX / 1024);
	pg->body = arena_strndup(&c->arena, data + next, len - next);
	pg->body_line = line + 1;
	pg->pos.file = rel;
	pg->pos.line = pg->pos.col = 1;
	ptrs_push(out, pg);
out:
	arena_reset(&c->scratch);
	free(data);
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
	for (i = 0; i < names.n; i++) {
		rel = arena_printf(&c->arena, "content/pages/%s",
		    (char *)names.v[i]);
		if (!has_suffix(names.v[i], ".md"))
			continue;
		stem = arena_strndup(&c->arena, names.v[i],
		    strlen(names.v[i]) - 3);
		if (check_id(stem, &msg) != NULL) {
			diag_add(&c->diags, rel, 1, 1, SEV_ERROR, "the page "
			    "name (the file name) is used in its address: %s",
			    msg.p);
			continue;
		}
		load_page(c, rel, stem, out);
	}
	for (i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
	buf_free(&msg);
	return 1;
}

/* Loads everything; -1 when the run cannot go on (exit status 2). */
int
content_load(struct ctx *c)
{
	struct gs_content *ct = c->content, tmp;
	struct ptrs	 compounds = { 0 }, pages = { 0 };
	char		*path = full_path(c, "content");
	struct stat	 st;
	int		 rc = -1;

	if (stat(path, &st) == -1 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "gongshi: %s: %s\n", path,
		    errno ? strerror(errno) : "not a folder");
		goto out;
	}
	load_site(c);

	memset(&tmp, 0, sizeof(tmp));
	if (load_yaml(c, "content/areas.yaml", &schema_areas_file, &tmp) == -1)
		goto out;
	ct->districts = tmp.districts;

	memset(&tmp, 0, sizeof(tmp));
	if (load_yaml(c, "content/departments.yaml",
	    &schema_departments_file, &tmp) == -1)
		goto out;
	ct->departments = tmp.departments;

	if (load_compound_dir(c, "content/compounds", 0, &compounds) == -1)
		goto out;
	if (load_pages(c, &pages) == -1)
		goto out;

	ct->ncompounds = compounds.n;
	ct->compounds = arena_alloc(&c->arena,
	    compounds.n * sizeof(*ct->compounds));
	if (compounds.n)
		memcpy(ct->compounds, compounds.v,
		    compounds.n * sizeof(*ct->compounds));
	ct->npages = pages.n;
	ct->pages = arena_alloc(&c->arena, pages.n * sizeof(*ct->pages));
	if (pages.n)
		memcpy(ct->pages, pages.v, pages.n * sizeof(*ct->pages));
	rc = 0;
out:
	free(compounds.v);
	free(pages.v);
	free(path);
	return rc;
}
