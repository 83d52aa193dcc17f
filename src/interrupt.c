/*
 * Ctrl-C, SIGTERM and SIGHUP while gongshi writes: the handler only
 * notes the signal.  Writers check interrupted() and unwind, so a
 * temporary folder is removed and nothing published is touched; past
 * the point where a publish has moved its branch, the publish finishes
 * instead, so the site never stays behind the history.  main() installs
 * the handler; a flag set by a signal is the one global.
 */
#include <signal.h>
#include <string.h>

#include "lock.h"

static volatile sig_atomic_t caught;

static void
on_signal(int sig)
{
	caught = sig;
}

void
interrupt_catch(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int
interrupted(void)
{
	return caught != 0;
}
