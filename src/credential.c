/*
 * User names and passwords for the central repository over HTTP(S),
 * from git's own credential helpers: `git credential fill` asks them
 * (credential.helper store, cache, a desktop keyring, or git's own
 * prompt on a terminal), `git credential approve` and `reject` tell
 * them how it went.  gongshi keeps no password and never prompts; with
 * no terminal on its standard input, git may not prompt either
 * (GIT_TERMINAL_PROMPT=0), so a cron job fails instead of hanging.
 *
 * The protocol is git's: "key=value" lines, ended by an empty line or
 * the end of the input (git-credential(1)).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "child.h"
#include "credential.h"
#include "i18n.h"

extern char **environ;

/* How long a helper (or git's prompt on a terminal) may take. */
#define FILL_SECONDS	60
#define PROMPT_SECONDS	300

int
url_parts(const char *url, struct url_parts *u)
{
	const char	*s;

	memset(u, 0, sizeof(*u));
	if ((s = strstr(url, "://")) == NULL)
		return -1;
	u->scheme_len = (size_t)(s - url);
	u->host = s + 3;
	u->path = u->host + strcspn(u->host, "/");
	if ((u->at = memchr(u->host, '@', (size_t)(u->path - u->host))) !=
	    NULL) {
		u->colon = memchr(u->host, ':', (size_t)(u->at - u->host));
		u->host = u->at + 1;
	}
	return 0;
}

/*
 * The description of url that git's helpers match on: protocol, host
 * (with its port) and path; a user name or password inside the URL is
 * not passed on (user is, when given).
 */
static int
describe(struct buf *in, const char *url, const char *user)
{
	struct url_parts u;

	/* A line break would add lines of its own to what git reads
	 * (another host, a password): git refuses such values too. */
	if (strpbrk(url, "\r\n") != NULL || (user != NULL &&
	    strpbrk(user, "\r\n") != NULL) || url_parts(url, &u) == -1)
		return -1;
	buf_printf(in, "protocol=%.*s\n", (int)u.scheme_len, url);
	buf_printf(in, "host=%.*s\n", (int)(u.path - u.host), u.host);
	if (*u.path == '/' && u.path[1] != '\0')
		buf_printf(in, "path=%s\n", u.path + 1);
	if (user != NULL && *user != '\0')
		buf_printf(in, "username=%s\n", user);
	return 0;
}

/* The environment, with GIT_TERMINAL_PROMPT=0 when nobody is there. */
static char **
child_env(int prompt)
{
	char	**env;
	size_t	 n, i, j;

	for (n = 0; environ[n] != NULL; n++)
		continue;
	env = xcalloc(n + 2, sizeof(*env));
	for (i = j = 0; i < n; i++)
		if (prompt || strncmp(environ[i], "GIT_TERMINAL_PROMPT=",
		    20) != 0)
			env[j++] = environ[i];
	if (!prompt)
		env[j++] = (char *)"GIT_TERMINAL_PROMPT=0";
	env[j] = NULL;
	return env;
}

/*
 * Runs `git -C dir credential ACTION` with in on its standard input;
 * what it writes to its standard output into out (when not NULL).
 * Returns its exit status, -1 when it could not be run (why says it),
 * -2 when it took too long.
 */
static int
run_git(const char *dir, const char *action, const struct buf *in,
    struct buf *out, struct buf *why)
{
	const char	*argv[] = { "git", "-C", dir, "credential", action,
	    NULL };
	char		**env;
	int		 err, prompt, rc;

	prompt = isatty(STDIN_FILENO);
	env = child_env(prompt);
	rc = child_run(argv, env, in, out, prompt ? PROMPT_SECONDS :
	    FILL_SECONDS, &err);
	free(env);
	if (rc == -1 && err == ENOENT)
		buf_puts(why, _("git was not found, and gongshi asks git's "
		    "credential helpers for the user name and password: "
		    "install git (apt-get install git)"));
	else if (rc == -1 || rc == -3) {
		buf_printf(why, "git credential %s: %s", action,
		    rc == -1 ? strerror(err) : _("ended by a signal"));
		rc = -1;
	}
	return rc;
}

/* The value of key in git's answer, into v: 0, or -1 when absent. */
static int
answer(const struct buf *out, const char *key, struct buf *v)
{
	const char	*s, *end;
	size_t		 k = strlen(key);

	for (s = out->p; s != NULL && *s != '\0'; s = *end ? end + 1 : end) {
		end = s + strcspn(s, "\n");
		if ((size_t)(end - s) > k && strncmp(s, key, k) == 0 &&
		    s[k] == '=') {
			buf_truncate(v, 0);
			buf_put(v, s + k + 1, (size_t)(end - s) - k - 1);
			return 0;
		}
	}
	return -1;
}

int
credential_fill(const char *dir, const char *url, const char *user,
    struct credential *c, struct buf *why)
{
	struct buf	 in = { 0 }, out = { 0 };
	int		 rc = 0, r;

	if (describe(&in, url, user) == -1)
		goto out;
	r = run_git(dir, "fill", &in, &out, why);
	if (r == -1)
		rc = -1;
	else if (r == 0 && out.p != NULL &&
	    answer(&out, "username", &c->user) == 0 &&
	    answer(&out, "password", &c->pass) == 0 &&
	    c->user.p != NULL && c->pass.p != NULL)
		rc = 1;
out:
	if (out.p != NULL)
		explicit_bzero(out.p, out.len);
	buf_free(&in);
	buf_free(&out);
	return rc;
}

void
credential_tell(const char *dir, const char *url,
    const struct credential *c, int good)
{
	struct buf	 in = { 0 }, why = { 0 };

	if (c->user.p == NULL || c->pass.p == NULL ||
	    describe(&in, url, c->user.p) == -1)
		goto out;
	buf_printf(&in, "password=%s\n\n", c->pass.p);
	(void)run_git(dir, good ? "approve" : "reject", &in, NULL, &why);
out:
	if (in.p != NULL)
		explicit_bzero(in.p, in.len);
	buf_free(&in);
	buf_free(&why);
}

void
credential_free(struct credential *c)
{
	if (c->pass.p != NULL)
		explicit_bzero(c->pass.p, c->pass.cap);
	buf_free(&c->user);
	buf_free(&c->pass);
}
