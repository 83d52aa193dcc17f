/* verify's engine, for the server's hook (verify.c, hook.c). */
#ifndef VERIFY_H
#define VERIFY_H

#include "buf.h"

struct diags;
struct git_repository;

long	 verify_range(struct git_repository *, const char *range,
	    const char *trust, struct buf *out, struct diags *);

#endif /* !VERIFY_H */
