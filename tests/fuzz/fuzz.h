/*
 * What the libFuzzer harnesses share: libFuzzer's entry points, and
 * require(), which turns a broken property into a crash that libFuzzer
 * (or replay.c, under `make test`) reports with what failed.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***);

static inline void
require(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "property failed: %s\n", what);
		abort();
	}
}

#endif /* !FUZZ_H */
