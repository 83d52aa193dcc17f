/*
 * Printing boards to PDF through headless Chromium, which gongshi runs
 * but does not depend on: without it, `boards --pdf` says so and how to
 * get it.  The PDF is written beside its final name and renamed into
 * place only when Chromium succeeded.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "output.h"
#include "diag.h"
#include "site.h"

/* $GONGSHI_CHROMIUM, else the first of the usual names on PATH. */
const char *
find_chromium(void)
{
	static const char *const names[] = { "chromium", "chromium-browser",
		"google-chrome", "google-chrome-stable" };
	static char	 found[4096];
	const char	*env = getenv("GONGSHI_CHROMIUM"), *path, *p, *end;
	size_t		 i, n;

	if (env != NULL && *env != '\0')
		return access(env, X_OK) == 0 ? env : NULL;
	if ((path = getenv("PATH")) == NULL)
		path = "/usr/bin:/bin";
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		for (p = path; *p != '\0'; p = *end ? end + 1 : end) {
			end = strchr(p, ':');
			if (end == NULL)
				end = p + strlen(p);
			n = (size_t)(end - p);
			if (n == 0 || n + strlen(names[i]) + 2 > sizeof(found))
				continue;
			snprintf(found, sizeof(found), "%.*s/%s", (int)n, p,
			    names[i]);
			if (access(found, X_OK) == 0)
				return found;
		}
	return NULL;
}

static int
is_pdf(const char *path)
{
	char	 magic[5] = { 0 };
	int	 fd, ok;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	ok = read(fd, magic, 4) == 4 && memcmp(magic, "%PDF", 4) == 0;
	close(fd);
	return ok;
}

/*
 * Prints the HTML file html to pdf, giving Chromium at most seconds.
 * Returns 0, or -1 with the reason through d.
 */
int
print_pdf(const char *html, const char *pdf, int seconds, struct diags *d)
{
	const char	*chromium = find_chromium();
	struct buf	 tmp = { 0 }, profile = { 0 }, url = { 0 }, out = { 0 };
	char		*abs = NULL;
	pid_t		 pid;
	int		 rc = -1, status, devnull;

	if (chromium == NULL) {
		report(d, SEV_ERROR, "printing to PDF needs Chromium, which "
		    "is not installed; install it (apt-get install chromium) "
		    "or name it in GONGSHI_CHROMIUM");
		return -1;
	}
	if ((abs = realpath(html, NULL)) == NULL) {
		report(d, SEV_ERROR, "%s: %s", html, strerror(errno));
		return -1;
	}
	buf_printf(&url, "file://%s", abs);
	buf_printf(&tmp, "%s.tmp-XXXXXX", pdf);
	buf_printf(&profile, "/tmp/gongshi-chromium-XXXXXX");
	if (mkdtemp(profile.p) == NULL) {
		report(d, SEV_ERROR, "%s: %s", profile.p, strerror(errno));
		goto out;
	}
	{
		int	 fd = mkstemp(tmp.p);

		if (fd == -1) {
			report(d, SEV_ERROR, "%s: %s", tmp.p, strerror(errno));
			goto out;
		}
		close(fd);
	}
	buf_printf(&out, "--print-to-pdf=%s", tmp.p);
	if ((pid = fork()) == -1) {
		report(d, SEV_ERROR, "fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		char		 udd[4200];
		const char	*argv[16];
		size_t		 n = 0;

		snprintf(udd, sizeof(udd), "--user-data-dir=%s", profile.p);
		argv[n++] = chromium;
		argv[n++] = "--headless";
		argv[n++] = "--disable-gpu";
		argv[n++] = "--no-first-run";
		/* No network: nothing on a board comes from elsewhere. */
		argv[n++] = "--disable-background-networking";
		argv[n++] = "--disable-component-update";
		argv[n++] = "--disable-sync";
		argv[n++] = "--disable-quic";
		argv[n++] = "--no-pdf-header-footer";
		/* Boards are for paper, and their pages are copied into new
		 * documents (printboards.c), which a structure tree does not
		 * survive: making one only slows both down. */
		argv[n++] = "--disable-pdf-tagging";
		/* Its sandbox refuses to run as root: go without it there. */
		if (geteuid() == 0)
			argv[n++] = "--no-sandbox";
		argv[n++] = udd;
		argv[n++] = out.p;
		argv[n++] = url.p;
		argv[n] = NULL;
		/* Chromium talks a lot on stderr; none of it is ours. */
		if ((devnull = open("/dev/null", O_RDWR)) != -1) {
			dup2(devnull, 0);
			dup2(devnull, 1);
			dup2(devnull, 2);
		}
		execv(chromium, (char *const *)argv);
		_exit(127);
	}
	status = child_wait(pid, seconds);
	if (status == -2)
		report(d, SEV_ERROR, "Chromium took more than %d seconds",
		    seconds);
	else if (status == -3)
		report(d, SEV_ERROR, "Chromium was stopped by a signal");
	else if (status != 0)
		report(d, SEV_ERROR, "Chromium failed (exit status %d)", status);
	else if (!is_pdf(tmp.p))
		report(d, SEV_ERROR, "Chromium wrote no PDF");
	else if (chmod(tmp.p, 0644) == -1 || rename(tmp.p, pdf) == -1)
		report(d, SEV_ERROR, "%s: %s", pdf, strerror(errno));
	else
		rc = 0;
out:
	if (rc == -1 && tmp.p != NULL)
		unlink(tmp.p);
	/* Chromium leaves a profile behind; it is ours to remove. */
	if (profile.p != NULL && profile.p[0] != '\0')
		remove_tree(profile.p);
	free(abs);
	buf_free(&tmp);
	buf_free(&profile);
	buf_free(&url);
	buf_free(&out);
	return rc;
}
