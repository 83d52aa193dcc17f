/* The one parallel-for (jobs.c). */
#ifndef JOBS_H
#define JOBS_H

#include <stddef.h>

/*
 * n jobs, job(state, i) for every i in [0, n), on up to max_threads
 * threads (one per core), none for fewer than min_each jobs each.  Each
 * thread's state comes from open(shared) (NULL: that thread does not
 * start) and goes to close(shared, state) after all have finished, in
 * thread order; close merges and frees it.  A job returning -1 stops new
 * jobs from starting.  Whatever jobs read through shared must be made
 * before jobs_run() and only read while it runs.  Returns -1 when a job
 * or a close failed, or no state could be made.
 */
struct jobs {
	size_t		 n;
	size_t		 min_each;
	size_t		 max_threads;
	int		 io_bound;	/* waits on the disk: max_threads
					   threads (as jobs allow), however
					   few the cores */
	void		*shared;
	void		*(*open)(void *shared);
	int		 (*job)(void *state, size_t i);
	int		 (*close)(void *shared, void *state);
};

int	 jobs_run(const struct jobs *);
size_t	 thread_count(size_t jobs, size_t min_each, size_t max);

#endif /* !JOBS_H */
