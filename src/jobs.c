/*
 * The one parallel-for: independent jobs on a thread per core (jobs
 * that wait on the disk, such as fsync, on up to eight threads whatever
 * the cores, so the file system can take their waits together).
 * Loading records, reading a revision back and rendering compound pages
 * all run through it, so the rules are written once:
 *
 *  - each thread works on a state of its own, made by open() and handed
 *    back to close() once every thread has finished, in thread order,
 *    so what the states are merged into does not depend on scheduling;
 *  - everything the jobs share is made before jobs_run() and only read
 *    while it runs;
 *  - a job that fails stops the others from starting new jobs.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "jobs.h"

#define THREADS_MAX	8

/*
 * Threads to use for jobs pieces of work: one per core, or
 * GONGSHI_THREADS (tests set 1 to compare with threaded runs), at most
 * max, and none worth starting for fewer than min_each jobs a thread.
 */
size_t
thread_count(size_t jobs, size_t min_each, size_t max)
{
	const char	*env = getenv("GONGSHI_THREADS");
	long		 n;

	if (env == NULL || (n = strtol(env, NULL, 10)) <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if ((size_t)n > max)
		n = (long)max;
	if (min_each > 0 && (size_t)n > jobs / min_each)
		n = (long)(jobs / min_each);
	return n > 1 ? (size_t)n : 1;
}

struct worker {
	const struct jobs *j;
	void		*state;
	atomic_size_t	*next;
	atomic_int	*stop;
	int		 failed;
	pthread_t	 thread;
};

/* Takes jobs until there are none left or one failed anywhere. */
static void *
work(void *arg)
{
	struct worker	*w = arg;
	size_t		 i;

	while (!atomic_load(w->stop) &&
	    (i = atomic_fetch_add(w->next, 1)) < w->j->n)
		if (w->j->job(w->state, i) == -1) {
			w->failed = 1;
			atomic_store(w->stop, 1);
		}
	return NULL;
}

int
jobs_run(const struct jobs *j)
{
	struct worker	 ws[THREADS_MAX];
	atomic_size_t	 next = 0;
	atomic_int	 stop = 0;
	size_t		 n, i, started = 0;
	int		 rc = 0;

	n = j->max_threads < THREADS_MAX ? j->max_threads : THREADS_MAX;
	if (!j->io_bound)
		n = thread_count(j->n, j->min_each, n);
	else if (n > j->n)
		n = j->n;
	if (n == 0)
		n = 1;
	for (i = 0; i < n; i++) {
		ws[i].j = j;
		ws[i].next = &next;
		ws[i].stop = &stop;
		ws[i].failed = 0;
		/* No state, no thread: the ones running do the rest. */
		if ((ws[i].state = j->open(j->shared)) == NULL)
			break;
		started++;
		/* One thread is the caller's own: none is made for it. */
		if (n == 1 || pthread_create(&ws[i].thread, NULL, work,
		    &ws[i]) != 0) {
			ws[i].thread = pthread_self();
			work(&ws[i]);
			break;
		}
	}
	for (i = 0; i < started; i++)
		if (!pthread_equal(ws[i].thread, pthread_self()))
			pthread_join(ws[i].thread, NULL);
	for (i = 0; i < started; i++) {
		if (ws[i].failed)
			rc = -1;
		if (j->close(j->shared, ws[i].state) == -1)
			rc = -1;
	}
	/* No state could be made at all: nothing was done. */
	if (atomic_load(&next) < j->n)
		rc = -1;
	return rc;
}
