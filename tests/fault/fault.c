/*
 * Fault injection for tests/crash.test.sh, loaded with LD_PRELOAD: it
 * stops gongshi at exact points that timing alone would hit only by
 * luck.  Each variable names a substring of either path of a rename
 * (rename, renameat2, or link, which libgit2 tries first), optionally
 * behind the name of the one call to watch ("renameat2:.site.tmp-"):
 *
 *	FAULT_KILL_BEFORE=s	SIGKILL just before that rename
 *	FAULT_KILL_AFTER=s	SIGKILL just after it succeeded
 *	FAULT_FAIL=s		that rename fails with EIO
 *	FAULT_NTH=n		only at the n-th such call (from 1), not
 *				the first
 *
 * unlink and rmdir are watched too ("unlink:site/"), so that a test can
 * stop a run at every step of putting a site in place, one after the
 * other, with FAULT_NTH=1, 2, ...
 *
 * Test code only: never linked into gongshi.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int	rename(const char *, const char *);
int	renameat2(int, const char *, int, const char *, unsigned int);
int	link(const char *, const char *);
int	unlink(const char *);
int	rmdir(const char *);

/* Whether this matching call is the one FAULT_NTH names. */
static int
nth(const char *var)
{
	static unsigned long	 seen[3];
	const char		*n = getenv("FAULT_NTH");
	size_t			 i = var[6] == 'K' ? (var[11] == 'B' ? 0 : 1) : 2;

	if (n == NULL || *n == '\0')
		return 1;
	return ++seen[i] == strtoul(n, NULL, 10);
}

static int
hit(const char *var, const char *call, const char *a, const char *b)
{
	const char	*s = getenv(var), *colon;
	size_t		 n;

	if (s == NULL || *s == '\0')
		return 0;
	if ((colon = strchr(s, ':')) != NULL) {
		n = (size_t)(colon - s);
		if (strlen(call) != n || strncmp(call, s, n) != 0)
			return 0;
		s = colon + 1;
	}
	if ((a == NULL || strstr(a, s) == NULL) &&
	    (b == NULL || strstr(b, s) == NULL))
		return 0;
	return nth(var);
}

/* Before the call: 1 to fail it, after killing when asked to. */
static int
before(const char *call, const char *a, const char *b)
{
	if (hit("FAULT_KILL_BEFORE", call, a, b))
		kill(getpid(), SIGKILL);
	if (hit("FAULT_FAIL", call, a, b)) {
		errno = EIO;
		return 1;
	}
	return 0;
}

static int
after(const char *call, int rc, const char *a, const char *b)
{
	if (rc == 0 && hit("FAULT_KILL_AFTER", call, a, b))
		kill(getpid(), SIGKILL);
	return rc;
}

int
rename(const char *a, const char *b)
{
	int	(*real)(const char *, const char *) =
	    (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");

	if (before("rename", a, b))
		return -1;
	return after("rename", real(a, b), a, b);
}

int
renameat2(int da, const char *a, int db, const char *b, unsigned int flags)
{
	int	(*real)(int, const char *, int, const char *, unsigned int) =
	    (int (*)(int, const char *, int, const char *, unsigned int))
	    dlsym(RTLD_NEXT, "renameat2");

	if (before("renameat2", a, b))
		return -1;
	return after("renameat2", real(da, a, db, b, flags), a, b);
}

int
link(const char *a, const char *b)
{
	int	(*real)(const char *, const char *) =
	    (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "link");

	if (before("link", a, b))
		return -1;
	return after("link", real(a, b), a, b);
}

int
unlink(const char *a)
{
	int	(*real)(const char *) =
	    (int (*)(const char *))dlsym(RTLD_NEXT, "unlink");

	if (before("unlink", a, NULL))
		return -1;
	return after("unlink", real(a), a, NULL);
}

int
rmdir(const char *a)
{
	int	(*real)(const char *) =
	    (int (*)(const char *))dlsym(RTLD_NEXT, "rmdir");

	if (before("rmdir", a, NULL))
		return -1;
	return after("rmdir", real(a), a, NULL);
}
