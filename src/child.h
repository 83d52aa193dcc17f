/* Waiting for a program gongshi started (child.c). */
#ifndef CHILD_H
#define CHILD_H

#include <sys/types.h>

/*
 * Waits for pid, killing it once seconds have passed.  Returns its exit
 * status, -1 when it cannot be waited for, -2 when it took too long
 * (and was killed), -3 when a signal ended it.
 */
int	 child_wait(pid_t pid, int seconds);

struct buf;

/*
 * Runs argv (argv[0] looked up in PATH) with env (NULL: this process's)
 * for at most seconds: in (NULL: /dev/null) on its standard input,
 * written whole before its output is read, so a few kilobytes at most;
 * its standard output into out (NULL: discarded); its standard error to
 * /dev/null.  Returns its exit status; -1 when it could not be started
 * or waited for, with *err the errno value (ENOENT: no such program);
 * -2 when it took too long (and was killed); -3 when a signal ended it.
 */
int	 child_run(const char *const *argv, char *const *env,
	    const struct buf *in, struct buf *out, int seconds, int *err);

#endif /* !CHILD_H */
