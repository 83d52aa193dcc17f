/*
 * Waiting for a program gongshi started (Chromium, ssh-keygen, git),
 * with a deadline: a program that hangs must not hang a publish or a
 * print.  child_run also starts it and talks to it through pipes.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "child.h"

extern char **environ;

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

/* A pipe whose ends are not inherited: only the copies dup2 makes on 0
 * and 1 reach the child, so that a daemon it starts (git's
 * credential-cache) cannot hold them open and the output never end. */
static int
private_pipe(int fd[2])
{
	if (pipe(fd) == -1)
		return -1;
	fcntl(fd[0], F_SETFD, FD_CLOEXEC);
	fcntl(fd[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

static void
close_fd(int *fd)
{
	if (*fd != -1)
		close(*fd);
	*fd = -1;
}

int
child_run(const char *const *argv, char *const *env, const struct buf *in,
    struct buf *out, int seconds, int *err)
{
	posix_spawn_file_actions_t fa;
	struct pollfd	 pfd;
	struct timespec	 zero = { 0, 0 };
	sigset_t	 pipe_set, was;
	char		 tmp[512];
	int		 inp[2] = { -1, -1 }, outp[2] = { -1, -1 }, rc = -1;
	time_t		 until;
	ssize_t		 n;
	size_t		 off;
	pid_t		 pid;

	*err = 0;
	if ((in != NULL && private_pipe(inp) == -1) ||
	    private_pipe(outp) == -1) {
		*err = errno;
		goto out;
	}
	/* posix_spawn, not fork: copying the page tables of a process
	 * that maps a large repository costs more than the program. */
	if ((*err = posix_spawn_file_actions_init(&fa)) == 0) {
		if ((*err = in != NULL ?
		    posix_spawn_file_actions_adddup2(&fa, inp[0], 0) :
		    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null",
		    O_RDONLY, 0)) == 0 &&
		    (*err = posix_spawn_file_actions_adddup2(&fa, outp[1],
		    1)) == 0 &&
		    (*err = posix_spawn_file_actions_addopen(&fa, 2,
		    "/dev/null", O_WRONLY, 0)) == 0)
			*err = posix_spawnp(&pid, argv[0], &fa, NULL,
			    (char *const *)argv, env != NULL ? env : environ);
		posix_spawn_file_actions_destroy(&fa);
	}
	close_fd(&inp[0]);
	close_fd(&outp[1]);
	if (*err != 0)
		goto out;
	/* A program that ends before reading all of in must not end
	 * gongshi by SIGPIPE: blocked here, and taken if it came. */
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &was);
	for (off = 0; in != NULL && off < in->len; off += (size_t)n)
		if ((n = write(inp[1], in->p + off, in->len - off)) <= 0) {
			if (n == -1 && errno == EINTR) {
				n = 0;
				continue;
			}
			if (n == -1 && errno == EPIPE)
				sigtimedwait(&pipe_set, NULL, &zero);
			break;	/* it ended early: its status says */
		}
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	close_fd(&inp[1]);
	until = time(NULL) + seconds;
	pfd.fd = outp[0];
	pfd.events = POLLIN;
	for (;;) {
		if (time(NULL) > until)
			break;	/* child_wait kills it */
		if (poll(&pfd, 1, 1000) == -1 && errno != EINTR)
			break;
		if ((pfd.revents & (POLLIN | POLLHUP | POLLERR)) == 0)
			continue;
		if ((n = read(outp[0], tmp, sizeof(tmp))) == -1 &&
		    errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (out != NULL)
			buf_put(out, tmp, (size_t)n);
	}
	explicit_bzero(tmp, sizeof(tmp));	/* it may be a password */
	if ((rc = child_wait(pid, (int)(until - time(NULL)) + 1)) == -1)
		*err = errno;
out:
	close_fd(&inp[0]);
	close_fd(&inp[1]);
	close_fd(&outp[0]);
	close_fd(&outp[1]);
	return rc;
}
