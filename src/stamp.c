/*
 * The stamp a built site carries in its file .gongshi-site: which
 * revision of the history it shows, and whether the content it was
 * built from differed from that revision.  publish reads it to tell a
 * site left behind its history (a publish stopped between moving the
 * branch and swapping the site) and rebuilds it; other commands say
 * so.  It also marks a folder as a site gongshi built, the only kind of
 * folder -o may replace.  The stamp holds no time, so a build stays
 * reproducible.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "escape.h"
#include "stamp.h"

static const char *const content_words[] = {
	[STAMP_PUBLISHED] = "published",
	[STAMP_UNPUBLISHED] = "unpublished-changes",
	[STAMP_NO_HISTORY] = "no-history",
};

void
stamp_format(const struct stamp *s, struct buf *out)
{
	buf_puts(out, "# Written by gongshi: the revision this site was built "
	    "from.\n# gongshi only ever replaces a folder that holds this "
	    "file.\n");
	buf_printf(out, "revision %s\ncontent %s\n",
	    s->revision[0] ? s->revision : "none", content_words[s->content]);
}

/* One "key value" line; *line and *n advance past it. */
static int
take_line(const char **p, size_t *n, const char **line, size_t *len)
{
	const char	*nl;

	if (*n == 0)
		return 0;
	*line = *p;
	nl = memchr(*p, '\n', *n);
	*len = nl ? (size_t)(nl - *p) : *n;
	*p += *len + (nl != NULL);
	*n -= *len + (nl != NULL);
	return 1;
}

static int
is_hex40(const char *s, size_t n)
{
	unsigned char	 id[20];

	return n == 40 && hex_bytes(s, n, id, sizeof(id)) == 0;
}

/* Returns 0 when text is a whole, valid stamp, else -1. */
int
stamp_parse(const char *text, size_t len, struct stamp *s)
{
	const char	*line;
	size_t		 n, k;
	int		 have_rev = 0, have_content = 0;

	memset(s, 0, sizeof(*s));
	while (take_line(&text, &len, &line, &n)) {
		if (n == 0 || line[0] == '#')
			continue;
		if (n > 9 && memcmp(line, "revision ", 9) == 0 && !have_rev) {
			if (n - 9 == 4 && memcmp(line + 9, "none", 4) == 0)
				s->revision[0] = '\0';
			else if (is_hex40(line + 9, n - 9)) {
				memcpy(s->revision, line + 9, 40);
				s->revision[40] = '\0';
			} else
				return -1;
			have_rev = 1;
			continue;
		}
		if (n > 8 && memcmp(line, "content ", 8) == 0 && !have_content) {
			for (k = 0; k < sizeof(content_words) /
			    sizeof(content_words[0]); k++)
				if (strlen(content_words[k]) == n - 8 &&
				    memcmp(line + 8, content_words[k], n - 8) == 0)
					break;
			if (k == sizeof(content_words) / sizeof(content_words[0]))
				return -1;
			s->content = (enum stamp_content)k;
			have_content = 1;
			continue;
		}
		return -1;
	}
	if (!have_rev || !have_content ||
	    (s->revision[0] == '\0') != (s->content == STAMP_NO_HISTORY))
		return -1;
	return 0;
}

/* 1 with *s filled, 0 when site has no stamp, -1 when it is unreadable. */
int
stamp_read(const char *site, struct stamp *s)
{
	struct buf	 path = { 0 }, text = { 0 };
	int		 rc;

	buf_printf(&path, "%s/%s", site, STAMP_NAME);
	if (buf_read_file(&text, path.p, 4096) == -1)
		rc = errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	else
		rc = stamp_parse(text.p, text.len, s) == 0 ? 1 : -1;
	buf_free(&path);
	buf_free(&text);
	return rc;
}

/*
 * Rewrites the stamp of an existing site (gongshi boards changes a
 * site in place): beside it, then renamed over it.
 */
int
stamp_write_in_place(const char *site, const struct stamp *s,
    struct diags *d)
{
	struct buf	 path = { 0 }, tmp = { 0 }, text = { 0 };
	FILE		*f;
	int		 rc = -1;

	buf_printf(&path, "%s/%s", site, STAMP_NAME);
	buf_printf(&tmp, "%s.tmp", path.p);
	stamp_format(s, &text);
	if ((f = fopen(tmp.p, "w")) == NULL)
		goto out;
	if (fwrite(text.p, 1, text.len, f) != text.len || fflush(f) != 0 ||
	    ferror(f)) {
		fclose(f);
		unlink(tmp.p);
		goto out;
	}
	if (fclose(f) != 0 || rename(tmp.p, path.p) == -1) {
		unlink(tmp.p);
		goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		report(d, SEV_ERROR, "%s: %s", path.p, strerror(errno));
	buf_free(&path);
	buf_free(&tmp);
	buf_free(&text);
	return rc;
}

/*
 * Whether dir is a site gongshi built: it has a stamp, or (built before
 * stamps existed) every file a build always writes.
 */
int
is_gongshi_site(const char *dir)
{
	static const char *const always[] = { "index.html", "404.html",
		"sitemap.xml", "search-index.json", "data/compounds.csv" };
	struct buf	 path = { 0 };
	struct stat	 st;
	size_t		 i;
	int		 yes = 1;

	buf_printf(&path, "%s/%s", dir, STAMP_NAME);
	if (lstat(path.p, &st) == 0 && S_ISREG(st.st_mode)) {
		buf_free(&path);
		return 1;
	}
	for (i = 0; yes && i < sizeof(always) / sizeof(always[0]); i++) {
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%s", dir, always[i]);
		yes = lstat(path.p, &st) == 0 && S_ISREG(st.st_mode);
	}
	buf_free(&path);
	return yes;
}
