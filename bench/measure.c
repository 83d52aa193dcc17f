/*
 * measure: run a command several times; report wall time and memory.
 *
 *	measure [-tv] [-b PREP] [-r RUNS] [-x STATUS] -- CMD [ARG ...]
 *
 * Runs CMD RUNS times (default 5), one after another, with fork and
 * execvp.  With -b, the shell command PREP runs before each run,
 * untimed and not counted in the peak (emptying an output folder,
 * changing one record); when it fails, measure stops with status 2.  Its standard input is /dev/null; its standard output and
 * error are thrown away unless -v.  Prints the minimum and median wall
 * time (CLOCK_MONOTONIC, fork to reap), the peak resident set of the
 * child over all runs (wait4's ru_maxrss) and its exit status:
 *
 *	gongshi check -C bench/out/city
 *	runs 5  min 0.231 s  median 0.240 s  peak RSS 55.2 MiB  exit 0
 *
 * With -t the result is one tab-separated line for scripts:
 * runs, min s, median s, peak MiB, exit status.
 *
 * Exits 0 when every run ended with status STATUS (-x, default 0); 1
 * when one did not (measure stops at that run and reports the runs so
 * far); 2 on bad usage or when CMD cannot be run.  A command killed by
 * signal N counts as status 128+N.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAXRUNS	1000

static void
usage(void)
{
	fprintf(stderr, "usage: measure [-tv] [-b PREP] [-r RUNS] "
	    "[-x STATUS] -- CMD [ARG ...]\n");
	exit(2);
}

static double
now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1) {
		perror("measure: clock_gettime");
		exit(2);
	}
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static long
number(const char *s, const char *what, long lo, long hi)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "measure: %s %s: want %ld..%ld\n", what, s,
		    lo, hi);
		exit(2);
	}
	return v;
}

/*
 * Run argv once.  Sets *secs, *maxrss_kib and *status (exit status, or
 * 128 + signal).  Returns -1, having said why, when it could not be
 * started at all.
 */
static int
run_once(char *argv[], int verbose, double *secs, long *maxrss_kib,
    int *status)
{
	struct rusage	 ru;
	double		 t0;
	pid_t		 pid;
	ssize_t		 n;
	int		 fd[2], err, null, st;

	/* The child reports a failed exec through a close-on-exec pipe. */
	if (pipe(fd) == -1) {
		perror("measure: pipe");
		return -1;
	}
	if (fcntl(fd[1], F_SETFD, FD_CLOEXEC) == -1) {
		perror("measure: fcntl");
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	t0 = now();
	if ((pid = fork()) == -1) {
		perror("measure: fork");
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		close(fd[0]);
		if ((null = open("/dev/null", O_RDWR)) == -1 ||
		    dup2(null, STDIN_FILENO) == -1 ||
		    (!verbose && (dup2(null, STDOUT_FILENO) == -1 ||
		    dup2(null, STDERR_FILENO) == -1)))
			goto fail;
		if (null > STDERR_FILENO)
			close(null);
		execvp(argv[0], argv);
fail:
		err = errno;
		(void)!write(fd[1], &err, sizeof(err));
		_exit(127);
	}
	close(fd[1]);
	while ((n = read(fd[0], &err, sizeof(err))) == -1 && errno == EINTR)
		continue;
	close(fd[0]);

	while (wait4(pid, &st, 0, &ru) == -1) {
		if (errno != EINTR) {
			perror("measure: wait4");
			return -1;
		}
	}
	*secs = now() - t0;
	if (n == (ssize_t)sizeof(err)) {
		fprintf(stderr, "measure: %s: %s\n", argv[0], strerror(err));
		return -1;
	}
	*maxrss_kib = ru.ru_maxrss;	/* KiB on Linux */
	if (WIFEXITED(st))
		*status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		*status = 128 + WTERMSIG(st);
	else
		*status = 255;
	return 0;
}

int
main(int argc, char *argv[])
{
	char	 sh[] = "/bin/sh", c[] = "-c";
	char	*prep[] = { sh, c, NULL, NULL };
	double	*secs, median, prep_secs;
	long	 rss, peak = 0;
	int	 ch, i, done, runs = 5, expect = 0, tabs = 0, verbose = 0;
	int	 status = 0, rc = 0;

	while ((ch = getopt(argc, argv, "b:r:tvx:")) != -1) {
		switch (ch) {
		case 'b':
			prep[2] = optarg;
			break;
		case 'r':
			runs = (int)number(optarg, "-r", 1, MAXRUNS);
			break;
		case 't':
			tabs = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'x':
			expect = (int)number(optarg, "-x", 0, 255);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();

	if ((secs = calloc((size_t)runs, sizeof(*secs))) == NULL) {
		perror("measure");
		return 2;
	}
	for (done = 0; done < runs; done++) {
		if (prep[2] != NULL && (run_once(prep, verbose, &prep_secs,
		    &rss, &status) == -1 || status != 0)) {
			fprintf(stderr, "measure: -b %s: exited with status "
			    "%d\n", prep[2], status);
			free(secs);
			return 2;
		}
		if (run_once(argv, verbose, &secs[done], &rss, &status) == -1) {
			free(secs);
			return 2;
		}
		if (rss > peak)
			peak = rss;
		if (status != expect) {
			fprintf(stderr, "measure: run %d of %d: %s exited with "
			    "status %d, expected %d%s\n", done + 1, runs,
			    argv[0], status, expect,
			    verbose ? "" : " (-v shows its output)");
			done++;
			rc = 1;
			break;
		}
	}

	qsort(secs, (size_t)done, sizeof(*secs), cmp_double);
	median = done % 2 ? secs[done / 2] :
	    (secs[done / 2 - 1] + secs[done / 2]) / 2;
	if (tabs)
		printf("%d\t%.3f\t%.3f\t%.1f\t%d\n", done, secs[0], median,
		    (double)peak / 1024, status);
	else {
		for (i = 0; i < argc; i++)
			printf("%s%s", i ? " " : "", argv[i]);
		printf("\nruns %d  min %.3f s  median %.3f s  "
		    "peak RSS %.1f MiB  exit %d\n", done, secs[0], median,
		    (double)peak / 1024, status);
	}
	free(secs);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		perror("measure: stdout");
		return 2;
	}
	return rc;
}
