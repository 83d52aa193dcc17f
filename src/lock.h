/* Kernel locks, and signals noted while writing (lock.c, interrupt.c). */
#ifndef LOCK_H
#define LOCK_H

#include "buf.h"

/* Signals noted, not acted on, while writing (interrupt.c). */
void	 interrupt_catch(void);
int	 interrupted(void);

/* Kernel locks on lock files (lock.c). */
struct diags;

struct lock {
	int		 fd;		/* -1: not held */
	struct diags	*d;		/* where its troubles are said */
};

#define LOCK_WAIT_MS	120000	/* how long to wait for another run */

int	 lock_take(struct lock *, const char *path, const char *what,
	    int wait_ms, struct diags *);
void	 lock_release(struct lock *);
int	 lock_wait_ms(void);

#endif /* !LOCK_H */
