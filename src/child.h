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

#endif /* !CHILD_H */
