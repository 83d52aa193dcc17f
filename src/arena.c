/* Chunked bump allocator for loaded content. */
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "i18n.h"

#define CHUNK_MIN	(64 * 1024)

struct arena_chunk {
	struct arena_chunk *next;
	size_t		    used;
	size_t		    size;
	alignas(max_align_t) unsigned char data[];
};

/*
 * n bytes aligned to align (a power of two): the chunk's free space is
 * used from the first such offset, so that strings (align 1) pack
 * tightly between the records' structs.
 */
static void *
arena_get(struct arena *a, size_t n, size_t align)
{
	struct arena_chunk *c = a->head;
	size_t		 size, at = 0;
	void		*p;

	if (n == 0)
		n = 1;
	if (c != NULL)
		at = (c->used + align - 1) & ~(align - 1);
	if (c == NULL || at > c->size || c->size - at < n) {
		size = n > CHUNK_MIN ? n : CHUNK_MIN;
		c = xmalloc(sizeof(*c) + size);
		c->used = 0;
		c->size = size;
		/* A big one-off block goes behind the current chunk so the
		 * current chunk's free space is not wasted. */
		if (a->head != NULL && n > CHUNK_MIN) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
		at = 0;
	}
	p = c->data + at;
	c->used = at + n;
	a->total += n;
	return p;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	return arena_get(a, n, alignof(max_align_t));
}

void *
arena_calloc(struct arena *a, size_t n, size_t size)
{
	void	*p;

	if (size && n > SIZE_MAX / size) {
		fputs(i18n_out_of_memory(), stderr);
		abort();
	}
	p = arena_alloc(a, n * size);
	memset(p, 0, n * size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p = arena_get(a, n + 1, 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	struct buf	 b = { 0 };
	va_list		 ap;
	char		*p;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	p = arena_strndup(a, b.p ? b.p : "", b.len);
	buf_free(&b);
	return p;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->total = 0;
}

/* Keep one chunk for reuse: per-file scratch trees reset often. */
void
arena_reset(struct arena *a)
{
	struct arena_chunk *keep = a->head, *c, *next;

	if (keep == NULL)
		return;
	for (c = keep->next; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	keep->next = NULL;
	keep->used = 0;
	a->total = 0;
}

/* Moves every chunk of from into into; from is left empty. */
void
arena_merge(struct arena *into, struct arena *from)
{
	struct arena_chunk *last;

	if (from->head == NULL)
		return;
	for (last = from->head; last->next != NULL; last = last->next)
		continue;
	if (into->head == NULL) {
		into->head = from->head;
	} else {
		/* Behind into's head, which keeps its free space in use. */
		last->next = into->head->next;
		into->head->next = from->head;
	}
	into->total += from->total;
	from->head = NULL;
	from->total = 0;
}
