/* What a workbook would change, without writing (import.c): fuzzing. */
#ifndef IMPORT_H
#define IMPORT_H

#include <stddef.h>
#include <stdint.h>

struct mem_file;
struct xbook;

typedef void	(*import_fn)(const char *rel, const char *text, size_t len,
	    void *arg);

/*
 * The new text of every record that workbook xb changes in the content
 * files (from memory), given to fn; unchecked.  Returns the number of
 * cells found wrong.
 */
size_t	 import_preview(const struct mem_file *, size_t, const struct xbook *,
	    int64_t today, import_fn fn, void *arg);

#endif /* !IMPORT_H */
