/*
 * Waiting for a program gongshi started (Chromium, ssh-keygen), with a
 * deadline: a program that hangs must not hang a publish or a print.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <time.h>

#include "child.h"

int
child_wait(pid_t pid, int seconds)
{
	/* short programs end within a millisecond or two: look soon,
	 * then less and less often, up to every 50 ms */
	struct timespec	 nap = { 0, 500 * 1000 };
	time_t		 until = time(NULL) + seconds;
	int		 status;
	pid_t		 r;

	for (;;) {
		r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -3;
		if (r == -1 && errno != EINTR)
			return -1;
		if (time(NULL) > until) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
				;
			return -2;
		}
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < 50 * 1000 * 1000)
			nap.tv_nsec *= 2;
	}
}
