/*
 * Kernel locks on lock files: who may publish, build or write a site.
 *
 * flock(2) on an open file: the kernel drops the lock when its holder
 * exits, however it exits (Ctrl-C, kill -9, a crash), so no lock is
 * ever stale and nobody has to judge whether one is.  The file is never
 * removed: a waiter that unlinked it would let a third process lock a
 * new file while the first still held the old one.  What the file says
 * (the holder's process id and command) is only for messages.
 */
#include <sys/file.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "i18n.h"
#include "lock.h"

#define NAP_MS	100	/* how often a waiter tries again */
#define SAY_MS	1000	/* when a waiter says it is waiting */

/* "process 1234 (gongshi publish)", or a vaguer phrase. */
static void
holder(int fd, struct buf *out)
{
	char	 text[128];
	ssize_t	 n;
	long	 pid;
	char	*end;

	n = pread(fd, text, sizeof(text) - 1, 0);
	text[n > 0 ? n : 0] = '\0';
	text[strcspn(text, "\n")] = '\0';
	pid = strtol(text, &end, 10);
	if (pid > 0 && *end == ' ')
		buf_printf(out, _("%s (process %ld)"), end + 1, pid);
	else
		buf_puts(out, _("another gongshi"));
}

/*
 * Takes the lock on path, creating the file if needed, waiting up to
 * wait_ms for whoever holds it; what ("gongshi publish") is written
 * into it for others' messages.  Returns 0, or -1 after saying why.
 */
int
lock_take(struct lock *l, const char *path, const char *what, int wait_ms,
    struct diags *d)
{
	struct timespec	 nap = { 0, NAP_MS * 1000 * 1000 };
	struct buf	 who = { 0 }, text = { 0 };
	int		 waited = 0, said = 0;

	l->d = d;
	l->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (l->fd == -1) {
		report(d, SEV_ERROR, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (flock(l->fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			report(d, SEV_ERROR, "%s: %s", path, strerror(errno));
			goto fail;
		}
		buf_truncate(&who, 0);
		holder(l->fd, &who);
		if (waited >= wait_ms) {
			report(d, SEV_ERROR, "busy: %s is still running after %d "
			    "seconds; try again when it has finished",
			    who.p, wait_ms / 1000);
			goto fail;
		}
		if (waited >= SAY_MS && !said) {
			report(d, SEV_NOTE, "waiting for %s to finish…", who.p);
			said = 1;
		}
		if (interrupted()) {
			report(d, SEV_ERROR, "interrupted while waiting");
			goto fail;
		}
		nanosleep(&nap, NULL);
		waited += NAP_MS;
	}
	buf_printf(&text, "%ld %s\n", (long)getpid(), what);
	/* Only for others' messages: a failure here changes nothing. */
	if (ftruncate(l->fd, 0) == 0 &&
	    pwrite_full(l->fd, text.p, text.len, 0) == -1)
		report(d, SEV_WARNING, "%s: %s", path, strerror(errno));
	buf_free(&who);
	buf_free(&text);
	return 0;
fail:
	buf_free(&who);
	buf_free(&text);
	close(l->fd);
	l->fd = -1;
	return -1;
}

/* Lets the next one in.  The file stays; see above. */
void
lock_release(struct lock *l)
{
	/* Emptied first, while still held, so nobody reads our pid
	 * after we are gone; an empty file reads as "another gongshi". */
	if (l->fd >= 0 && ftruncate(l->fd, 0) == -1)
		report(l->d, SEV_WARNING, "lock: %s", strerror(errno));
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}

/*
 * How long to wait for another run: LOCK_WAIT_MS, or GONGSHI_LOCK_WAIT
 * seconds (a deploy script may prefer to fail fast; tests do).
 */
int
lock_wait_ms(void)
{
	const char	*env = getenv("GONGSHI_LOCK_WAIT");
	long		 s;
	char		*end;

	if (env == NULL || *env == '\0')
		return LOCK_WAIT_MS;
	s = strtol(env, &end, 10);
	if (*end != '\0' || s < 0 || s > 86400)
		return LOCK_WAIT_MS;
	return (int)(s * 1000);
}
