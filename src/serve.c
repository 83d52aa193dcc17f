/*
 * gongshi serve: builds DIR's content into a preview folder of its own
 * (DIR/.gongshi/preview, never the published site/), serves it over
 * HTTP with libmicrohttpd, rebuilds when content/ or layouts/ change
 * (watch.c) and reloads the open pages.
 *
 * Each rebuild is `gongshi build -o DIR/.gongshi/preview`, the same
 * code and the same bytes, so the preview folder holds exactly what a
 * build would.  What only a preview needs is added as pages are sent:
 * a small script before </body> that waits on /__gongshi/wait for the
 * next rebuild and reloads the page, and, while the content or the
 * layouts have errors, a page listing them in place of every HTML page.
 *
 * Threads: the main thread watches and rebuilds; libmicrohttpd answers
 * each connection in a thread of its own (so a waiting reload request
 * blocks nobody).  They share struct preview under its mutex.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <microhttpd.h>

#include "buf.h"
#include "commands.h"
#include "diag.h"
#include "escape.h"
#include "i18n.h"
#include "lock.h"
#include "repo.h"
#include "urlpath.h"
#include "watch.h"

#define PREVIEW_DIR	".gongshi/preview"	/* under DIR */
#define EVENTS		"/__gongshi/"		/* reserved for serve */
#define DEBOUNCE_MS	150	/* quiet time after an edit before building */
#define WAIT_S		25	/* a reload request's longest wait */
#define MAX_HTML	(64u << 20)

/* What the threads share. */
struct preview {
	struct buf	 root;		/* DIR/.gongshi/preview */
	pthread_mutex_t	 mu;
	pthread_cond_t	 rebuilt;	/* broadcast when gen changes */
	unsigned long	 gen;		/* builds finished; 0: none yet */
	int		 broken;	/* the last build failed */
	struct buf	 page;		/* when broken: the error page's body */
	int		 stopping;	/* wakes waiting reload requests */
};

/* One line of what a build said, as `gongshi check` prints it. */
struct said {
	char		*line;		/* without its newline */
	size_t		 loclen;	/* bytes of "path:line:col" in front */
	enum severity	 sev;
};

/* What a rebuild said: kept for the error page, and passed on. */
struct capture {
	struct said	*v;
	size_t		 n;
	diag_emitter	 fwd;
	void		*fwd_arg;
};

static void
capture(const struct diag *x, void *arg)
{
	struct capture	*cap = arg;
	struct buf	 line = { 0 }, loc = { 0 };
	struct said	*s;

	diag_format(x, &line);
	if (x->file != NULL && x->sheet == NULL) {
		esc_term(&loc, x->file, strlen(x->file));
		buf_printf(&loc, ":%u:%u", x->line, x->col);
	}
	while (line.len > 0 && line.p[line.len - 1] == '\n')
		buf_truncate(&line, line.len - 1);
	cap->v = xrealloc(cap->v, (cap->n + 1) * sizeof(*cap->v));
	s = &cap->v[cap->n++];
	s->loclen = loc.len > 0 && loc.len < line.len &&
	    strncmp(line.p, loc.p, loc.len) == 0 &&
	    strncmp(line.p + loc.len, ": ", 2) == 0 ? loc.len : 0;
	s->line = buf_detach(&line);
	s->sev = x->sev;
	buf_free(&loc);
	if (cap->fwd != NULL)
		cap->fwd(x, cap->fwd_arg);
}

/* The head every page serve makes itself shares: large, plain text. */
static void
page_head(struct buf *b, const char *title)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"");
	/* TRANSLATORS: the HTML lang of the pages `gongshi serve` makes
	 * itself (the error page): zh-CN in Chinese. */
	esc_html(b, _("en"), strlen(_("en")));
	buf_puts(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>");
	esc_html(b, title, strlen(title));
	buf_puts(b, "</title>\n<style>\n"
	    "body { font: 1.25rem/1.6 sans-serif; margin: 0 auto; "
	    "max-width: 60rem; padding: 1rem; color: #111; background: #fff; }\n"
	    "h1 { font-size: 1.6rem; line-height: 1.3; color: #9b1c1c; }\n"
	    "ol { padding: 0; list-style: none; }\n"
	    "li { margin: 0 0 1rem; padding: .5rem .75rem; "
	    "border-left: .4rem solid #999; background: #f4f4f4; "
	    "white-space: pre-wrap; overflow-wrap: anywhere; }\n"
	    "li.error { border-color: #9b1c1c; background: #fdf0f0; }\n"
	    "li.warning { border-color: #b7791f; background: #fdf8ec; }\n"
	    "code { display: block; font: 1.1rem/1.5 monospace; "
	    "font-weight: bold; }\n"
	    "</style>\n</head>\n<body>\n");
}

/* The page shown for every HTML page while the build fails. */
static void
error_page(const struct capture *cap, struct buf *b)
{
	static const char *const cls[] = { "error", "warning", "note" };
	const struct said *s;
	const char	*at;
	size_t		 i;

	page_head(b, _("Preview: the site was not built"));
	buf_puts(b, "<h1>");
	buf_puts(b, _("The site was not built: fix what is listed below"));
	buf_puts(b, "</h1>\n<p>");
	buf_puts(b, _("Until these are fixed the preview shows this page "
	    "instead of the site. Save the corrected file and this page "
	    "reloads by itself."));
	buf_puts(b, "</p>\n<ol>\n");
	for (i = 0; i < cap->n; i++) {
		s = &cap->v[i];
		buf_printf(b, "<li class=\"%s\">", cls[s->sev]);
		/* "<code>path:1:2: </code>error: …": the place on a
		 * line of its own, the text as check prints it. */
		if (s->loclen > 0) {
			buf_puts(b, "<code>");
			esc_html(b, s->line, s->loclen + 2);
			buf_puts(b, "</code>");
		}
		at = s->line + (s->loclen > 0 ? s->loclen + 2 : 0);
		esc_html(b, at, strlen(at));
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ol>\n");
}

/* The page shown before the first build has finished. */
static void
waiting_page(struct buf *b)
{
	page_head(b, _("Preview: building"));
	buf_puts(b, "<h1>");
	buf_puts(b, _("Building the preview…"));
	buf_puts(b, "</h1>\n<p>");
	buf_puts(b, _("This page shows the site as soon as it is built."));
	buf_puts(b, "</p>\n");
}

/*
 * The script every HTML page gets as it is sent: asks the server to
 * answer once the build after gen has finished, then reloads.
 */
static void
reload_script(struct buf *b, unsigned long gen)
{
	buf_printf(b, "<script>/* gongshi serve: reload after each rebuild */\n"
	    "(function () {\n"
	    "\tvar gen = %lu;\n"
	    "\tfunction wait() {\n"
	    "\t\tfetch(\"" EVENTS "wait?gen=\" + gen, { cache: \"no-store\" })\n"
	    "\t\t.then(function (r) { return r.text(); })\n"
	    "\t\t.then(function (t) {\n"
	    "\t\t\tif (Number(t) !== gen) location.reload(); else wait();\n"
	    "\t\t}, function () { setTimeout(wait, 1000); });\n"
	    "\t}\n"
	    "\twait();\n"
	    "})();\n"
	    "</script>\n", gen);
}

/* html with the reload script put before its last </body>. */
static void
inject(struct buf *out, const char *html, size_t len, unsigned long gen)
{
	static const char end[] = "</body>";
	size_t		 at = len, i;

	for (i = len; i >= sizeof(end) - 1; i--)
		if (strncasecmp(html + i - (sizeof(end) - 1), end,
		    sizeof(end) - 1) == 0) {
			at = i - (sizeof(end) - 1);
			break;
		}
	buf_put(out, html, at);
	reload_script(out, gen);
	buf_put(out, html + at, len - at);
}

/* Content types by name ending; text is UTF-8. */
static const char *
content_type(const char *name)
{
	static const struct {
		const char	*ext;
		const char	*type;
	} types[] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".json", "application/json; charset=utf-8" },
		{ ".webmanifest", "application/manifest+json; charset=utf-8" },
		{ ".svg", "image/svg+xml; charset=utf-8" },
		{ ".png", "image/png" },
		{ ".jpg", "image/jpeg" },
		{ ".jpeg", "image/jpeg" },
		{ ".gif", "image/gif" },
		{ ".webp", "image/webp" },
		{ ".ico", "image/x-icon" },
		{ ".pdf", "application/pdf" },
		{ ".csv", "text/csv; charset=utf-8" },
		{ ".xlsx", "application/vnd.openxmlformats-officedocument."
		    "spreadsheetml.sheet" },
		{ ".xml", "application/xml; charset=utf-8" },
		{ ".atom", "application/atom+xml; charset=utf-8" },
		{ ".rss", "application/rss+xml; charset=utf-8" },
		{ ".txt", "text/plain; charset=utf-8" },
		{ ".md", "text/markdown; charset=utf-8" },
		{ ".ics", "text/calendar; charset=utf-8" },
		{ ".woff2", "font/woff2" },
		{ ".woff", "font/woff" },
		{ ".ttf", "font/ttf" },
		{ ".otf", "font/otf" },
	};
	size_t	 n = strlen(name), e, i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		e = strlen(types[i].ext);
		if (n >= e && strcasecmp(name + n - e, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

static int
is_html(const char *name)
{
	return strncmp(content_type(name), "text/html", 9) == 0;
}

/* Whether a path asks for a page: a folder, .html, or no extension. */
static int
wants_page(const char *rel)
{
	const char	*base = strrchr(rel, '/');

	base = base ? base + 1 : rel;
	return *base == '\0' || strchr(base, '.') == NULL || is_html(base);
}

/*
 * Opens rel under root one name at a time, never following a link:
 * nothing outside the preview folder can be reached, whatever links
 * the folder holds.  The descriptor, or -1.
 */
static int
open_beneath(const char *root, const char *rel)
{
	char		*copy = xstrdup(rel), *seg, *next;
	int		 fd, sub;

	fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	for (seg = copy; fd != -1 && *seg != '\0'; seg = next) {
		if ((next = strchr(seg, '/')) != NULL)
			*next++ = '\0';
		else
			next = seg + strlen(seg);
		if (*seg == '\0')
			continue;
		sub = openat(fd, seg, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC);
		close(fd);
		fd = sub;
	}
	free(copy);
	return fd;
}

/* "Sun, 06 Nov 1994 08:49:37 GMT", whatever the locale. */
static void
http_date(time_t t, char out[32])
{
	static const char days[][4] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	static const char months[][4] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm	 tm;

	gmtime_r(&t, &tm);
	snprintf(out, 32, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* An HTTP date as http_date() writes them, or -1. */
static time_t
parse_http_date(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm	 tm;
	char		 mon[4];
	const char	*m;
	int		 n = 0;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%*3s, %2d %3s %4d %2d:%2d:%2d GMT%n", &tm.tm_mday, mon,
	    &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
	    n == 0 || strlen(mon) != 3 || (m = strstr(months, mon)) == NULL ||
	    (m - months) % 3 != 0)
		return -1;
	tm.tm_mon = (int)((m - months) / 3);
	tm.tm_year -= 1900;
	return timegm(&tm);
}

static enum MHD_Result
respond(struct MHD_Connection *conn, unsigned status, struct MHD_Response *r)
{
	enum MHD_Result	 rc;

	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	rc = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return rc;
}

/* A page serve made itself (text/html), never cached. */
static enum MHD_Result
send_page(struct MHD_Connection *conn, unsigned status, struct buf *b)
{
	struct MHD_Response *r;
	size_t		 len = b->len;

	r = MHD_create_response_from_buffer(len, buf_detach(b),
	    MHD_RESPMEM_MUST_FREE);
	if (r != NULL) {
		MHD_add_response_header(r, "Content-Type",
		    "text/html; charset=utf-8");
		MHD_add_response_header(r, "Cache-Control", "no-store");
	}
	return respond(conn, status, r);
}

static enum MHD_Result
send_text(struct MHD_Connection *conn, unsigned status, const char *text)
{
	struct MHD_Response *r;

	r = MHD_create_response_from_buffer(strlen(text), xstrdup(text),
	    MHD_RESPMEM_MUST_FREE);
	if (r != NULL) {
		MHD_add_response_header(r, "Content-Type",
		    "text/plain; charset=utf-8");
		MHD_add_response_header(r, "Cache-Control", "no-store");
	}
	return respond(conn, status, r);
}

/* Whether the browser's copy, as its headers describe it, is current. */
static int
still_fresh(struct MHD_Connection *conn, const char *etag, time_t mtime,
    int dated)
{
	const char	*inm, *ims;
	time_t		 t;

	inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm != NULL)
		return strcmp(inm, "*") == 0 || strstr(inm, etag) != NULL;
	ims = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	return dated && ims != NULL && (t = parse_http_date(ims)) != -1 &&
	    mtime <= t;
}

/*
 * Sends the open file fd (named name, for its type) with status.
 * HTML gets the reload script, and its ETag the build's number, since
 * the script in it changes with every build; other files get their
 * Last-Modified as well.  Takes fd.
 */
static enum MHD_Result
send_file(struct MHD_Connection *conn, unsigned status, int fd,
    const char *name, unsigned long gen)
{
	struct MHD_Response *r;
	struct buf	 raw = { 0 }, body = { 0 };
	struct stat	 st;
	char		 etag[96], date[32], chunk[16384];
	size_t		 len;
	int		 html = is_html(name);
	ssize_t		 n;

	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (html && (uint64_t)st.st_size > MAX_HTML)) {
		close(fd);
		return send_text(conn, MHD_HTTP_NOT_FOUND, _("not found\n"));
	}
	snprintf(etag, sizeof(etag), "\"%s%lx-%llx-%llx-%lx\"",
	    html ? "g" : "", html ? gen : 0UL,
	    (unsigned long long)st.st_ino, (unsigned long long)st.st_size,
	    (unsigned long)st.st_mtim.tv_sec ^ (unsigned long)st.st_mtim.tv_nsec);
	http_date(st.st_mtime, date);
	if (status == MHD_HTTP_OK && still_fresh(conn, etag, st.st_mtime,
	    !html)) {
		close(fd);
		r = MHD_create_response_from_buffer(0, NULL,
		    MHD_RESPMEM_PERSISTENT);
		if (r != NULL) {
			MHD_add_response_header(r, "ETag", etag);
			if (!html)
				MHD_add_response_header(r, "Last-Modified",
				    date);
		}
		return respond(conn, MHD_HTTP_NOT_MODIFIED, r);
	}
	if (html) {
		buf_puts(&raw, "");
		while ((n = read(fd, chunk, sizeof(chunk))) > 0)
			buf_put(&raw, chunk, (size_t)n);
		close(fd);
		inject(&body, raw.p, raw.len, gen);
		buf_free(&raw);
		len = body.len;		/* before buf_detach() empties it */
		r = MHD_create_response_from_buffer(len, buf_detach(&body),
		    MHD_RESPMEM_MUST_FREE);
	} else
		r = MHD_create_response_from_fd64((uint64_t)st.st_size, fd);
	if (r == NULL) {
		if (!html)
			close(fd);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", content_type(name));
	MHD_add_response_header(r, "Cache-Control", "no-cache");
	if (status == MHD_HTTP_OK) {
		MHD_add_response_header(r, "ETag", etag);
		if (!html)
			MHD_add_response_header(r, "Last-Modified", date);
	}
	return respond(conn, status, r);
}

/* The site's own 404.html, with status 404. */
static enum MHD_Result
send_missing(struct MHD_Connection *conn, const struct preview *p,
    unsigned long gen)
{
	int	 fd;

	if ((fd = open_beneath(p->root.p, "404.html")) == -1)
		return send_text(conn, MHD_HTTP_NOT_FOUND, _("not found\n"));
	return send_file(conn, MHD_HTTP_NOT_FOUND, fd, "404.html", gen);
}

/*
 * EVENTS "wait?gen=N": answers, with the number of the last build,
 * once it is not N, or after WAIT_S seconds; at once without gen.
 */
static enum MHD_Result
send_wait(struct MHD_Connection *conn, struct preview *p, const char *what)
{
	struct timespec	 until;
	const char	*arg;
	char		 text[32], *end;
	unsigned long	 seen = 0, gen;
	int		 have;

	if (strcmp(what, "wait") != 0)
		return send_text(conn, MHD_HTTP_NOT_FOUND, _("not found\n"));
	arg = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "gen");
	errno = 0;
	have = arg != NULL && *arg != '\0' &&
	    (seen = strtoul(arg, &end, 10), *end == '\0' && errno == 0);
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += WAIT_S;
	pthread_mutex_lock(&p->mu);
	while (have && p->gen == seen && !p->stopping &&
	    pthread_cond_timedwait(&p->rebuilt, &p->mu, &until) != ETIMEDOUT)
		;
	gen = p->gen;
	pthread_mutex_unlock(&p->mu);
	snprintf(text, sizeof(text), "%lu\n", gen);
	return send_text(conn, MHD_HTTP_OK, text);
}

/* Answers one request: libmicrohttpd's access handler. */
static enum MHD_Result
answer(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **state)
{
	struct preview	*p = cls;
	struct MHD_Response *r;
	struct buf	 rel = { 0 }, page = { 0 }, loc = { 0 };
	struct stat	 st;
	unsigned long	 gen;
	enum MHD_Result	 rc;
	int		 broken, fd, sub;

	(void)version;
	(void)upload;
	(void)upload_size;
	(void)state;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		r = MHD_create_response_from_buffer(0, NULL,
		    MHD_RESPMEM_PERSISTENT);
		if (r != NULL)
			MHD_add_response_header(r, "Allow", "GET, HEAD");
		return respond(conn, MHD_HTTP_METHOD_NOT_ALLOWED, r);
	}
	if (strncmp(url, EVENTS, strlen(EVENTS)) == 0)
		return send_wait(conn, p, url + strlen(EVENTS));
	if (urlpath_decode(url, strlen(url), &rel) == -1) {
		buf_free(&rel);
		return send_text(conn, MHD_HTTP_BAD_REQUEST,
		    _("this address is not one of the preview's\n"));
	}
	pthread_mutex_lock(&p->mu);
	gen = p->gen;
	broken = p->broken;
	if (gen == 0)
		waiting_page(&page);
	else if (broken)
		buf_put(&page, p->page.p, p->page.len);
	pthread_mutex_unlock(&p->mu);
	if (page.len > 0 && wants_page(rel.p)) {
		reload_script(&page, gen);
		buf_puts(&page, "</body>\n</html>\n");
		rc = send_page(conn, MHD_HTTP_OK, &page);
		goto out;
	}
	if ((fd = open_beneath(p->root.p, rel.p)) == -1 ||
	    fstat(fd, &st) == -1) {
		if (fd != -1)
			close(fd);
		rc = send_missing(conn, p, gen);
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		if (rel.len > 0 && rel.p[rel.len - 1] != '/') {
			close(fd);
			buf_printf(&loc, "%s/", url);
			r = MHD_create_response_from_buffer(0, NULL,
			    MHD_RESPMEM_PERSISTENT);
			if (r != NULL)
				MHD_add_response_header(r, "Location", loc.p);
			rc = respond(conn, MHD_HTTP_MOVED_PERMANENTLY, r);
			goto out;
		}
		sub = openat(fd, "index.html", O_RDONLY | O_NOFOLLOW |
		    O_NONBLOCK | O_CLOEXEC);
		close(fd);
		rc = sub == -1 ? send_missing(conn, p, gen) :
		    send_file(conn, MHD_HTTP_OK, sub, "index.html", gen);
		goto out;
	}
	rc = send_file(conn, MHD_HTTP_OK, fd, rel.p, gen);
out:
	buf_free(&rel);
	buf_free(&page);
	buf_free(&loc);
	return rc;
}

/* libmicrohttpd's decoding is left out: urlpath_decode() does it. */
static size_t
keep_escaped(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls;
	(void)conn;
	return strlen(s);
}

/*
 * Builds DIR into the preview folder as `gongshi build -o` would, then
 * tells the pages: a new build number, and the error page if it failed.
 */
static void
rebuild(struct preview *p, const struct opts *o)
{
	struct opts	 bo = *o;
	struct capture	 cap = { NULL, 0, o->emit, o->emit_arg };
	struct buf	 page = { 0 };
	size_t		 i;
	int		 rc;

	bo.out = p->root.p;
	bo.emit = capture;
	bo.emit_arg = &cap;
	rc = cmd_build(&bo);
	if (rc != EXIT_VALID)
		error_page(&cap, &page);
	pthread_mutex_lock(&p->mu);
	p->gen++;
	p->broken = rc != EXIT_VALID;
	buf_free(&p->page);
	p->page = page;
	pthread_cond_broadcast(&p->rebuilt);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < cap.n; i++)
		free(cap.v[i].line);
	free(cap.v);
}

/* The listening socket on --bind and --port, and the address to show. */
static int
listen_on(const struct opts *o, struct buf *url, struct diags *d)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in4 = (struct sockaddr_in *)(void *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)&ss;
	const char	*bind_to = o->bind ? o->bind : "127.0.0.1";
	const char	*port = o->port ? o->port : "8000";
	socklen_t	 len;
	char		*end;
	long		 n;
	int		 s = -1, one = 1;

	errno = 0;
	n = strtol(port, &end, 10);
	if (*port == '\0' || *end != '\0' || errno != 0 || n < 0 ||
	    n > 65535) {
		report(d, SEV_ERROR, "--port: '%s' is not a port number "
		    "(0 to 65535)", port);
		return -1;
	}
	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, bind_to, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)n);
		len = sizeof(*in4);
	} else if (inet_pton(AF_INET6, bind_to, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)n);
		len = sizeof(*in6);
	} else {
		report(d, SEV_ERROR, "--bind: '%s' is not an IP address, such "
		    "as 127.0.0.1 or ::1", bind_to);
		return -1;
	}
	if ((s = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(s, (struct sockaddr *)&ss, len) == -1 || listen(s, 64) == -1 ||
	    getsockname(s, (struct sockaddr *)&ss, &len) == -1) {
		report(d, SEV_ERROR, "cannot serve on %s port %s: %s", bind_to,
		    port, strerror(errno));
		if (s != -1)
			close(s);
		return -1;
	}
	if (ss.ss_family == AF_INET6)
		buf_printf(url, "http://[%s]:%u/", bind_to,
		    (unsigned)ntohs(in6->sin6_port));
	else
		buf_printf(url, "http://%s:%u/", bind_to,
		    (unsigned)ntohs(in4->sin_port));
	return s;
}

/*
 * Makes DIR/.gongshi, and keeps it out of `git status` when DIR has a
 * repository, as publish does for site/.
 */
static int
make_cache(const char *dir, struct diags *d)
{
	struct buf	 path = { 0 };
	struct diags	 quiet = { 0 };
	git_repository	*repo = NULL;
	int		 rc = 0;

	buf_printf(&path, "%s/.gongshi", dir);
	if (mkdir(path.p, 0755) == -1 && errno != EEXIST) {
		report(d, SEV_ERROR, "%s: %s", path.p, strerror(errno));
		rc = -1;
	}
	/* No repository, or a broken one, is for publish to say. */
	if (rc == 0 && repo_open(dir, &repo, &quiet) == 0 && repo != NULL)
		ensure_excluded(repo, d);
	git_repository_free(repo);
	diag_free(&quiet);
	buf_free(&path);
	return rc;
}

/* Starts the server with Ctrl-C left to the main thread. */
static struct MHD_Daemon *
start(struct preview *p, int s, int v6)
{
	struct MHD_Daemon *mhd;
	sigset_t	 block, was;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, &was);
	mhd = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
	    (v6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL, answer, p,
	    MHD_OPTION_LISTEN_SOCKET, s,
	    MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(WAIT_S * 2),
	    MHD_OPTION_END);
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	return mhd;
}

/* Waits for edits and rebuilds after each, until Ctrl-C. */
static int
watch_and_build(struct preview *p, const struct opts *o, struct watch *w,
    struct diags *d)
{
	int	 rc;

	while (!interrupted()) {
		/* Woken by Ctrl-C, and at least each second to look. */
		if ((rc = watch_wait(w, 1000)) == -1 && errno != EINTR) {
			report(d, SEV_ERROR, "cannot watch %s for changes: %s",
			    o->dir, strerror(errno));
			return -1;
		}
		if (rc != 1)
			continue;
		/* An editor saves in several steps: build after the last. */
		while (!interrupted() && watch_wait(w, DEBOUNCE_MS) != 0)
			;
		if (interrupted())
			break;
		watch_rescan(w);
		rebuild(p, o);
	}
	return 0;
}

int
cmd_serve(const struct opts *o)
{
	struct preview	 p;
	struct watch	 w = { -1, -1, NULL };
	struct diags	 d = { 0 };
	struct MHD_Daemon *mhd = NULL;
	struct buf	 url = { 0 };
	pthread_condattr_t ca;
	int		 s = -1, rc = EXIT_USAGE;

	memset(&p, 0, sizeof(p));
	pthread_mutex_init(&p.mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p.rebuilt, &ca);
	pthread_condattr_destroy(&ca);
	d.emit = o->emit;
	d.emit_arg = o->emit_arg;
	signal(SIGPIPE, SIG_IGN);
	buf_printf(&p.root, "%s/" PREVIEW_DIR, o->dir);
	if (make_cache(o->dir, &d) == -1 || (s = listen_on(o, &url, &d)) == -1 ||
	    watch_open(&w, o->dir, &d) == -1)
		goto out;
	if ((mhd = start(&p, s, strchr(url.p, '[') != NULL)) == NULL) {
		report(&d, SEV_ERROR, "cannot serve on %s", url.p);
		goto out;
	}
	s = -1;		/* the server's now */
	report(&d, SEV_NOTE, "previewing %s at %s (built into %s; Ctrl-C "
	    "stops)", o->dir, url.p, p.root.p);
	rebuild(&p, o);
	if (watch_and_build(&p, o, &w, &d) == -1)
		goto out;
	rc = EXIT_VALID;
out:
	pthread_mutex_lock(&p.mu);
	p.stopping = 1;
	pthread_cond_broadcast(&p.rebuilt);
	pthread_mutex_unlock(&p.mu);
	if (mhd != NULL)
		MHD_stop_daemon(mhd);
	if (s != -1)
		close(s);
	if (rc == EXIT_VALID)
		report(&d, SEV_NOTE, "stopped previewing %s", url.p);
	watch_close(&w);
	pthread_cond_destroy(&p.rebuilt);
	pthread_mutex_destroy(&p.mu);
	buf_free(&p.root);
	buf_free(&p.page);
	buf_free(&url);
	diag_free(&d);
	return rc;
}
