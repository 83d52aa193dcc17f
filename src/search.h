/*
 * Search that forgives (search.c): the search index and the folding
 * tables it carries (pinyin readings from Rime's pinyin_simp
 * dictionary, traditional-to-simplified characters from OpenCC), and
 * the static listing by pinyin initial that the search form falls back
 * to without JavaScript.
 */
#ifndef SEARCH_H
#define SEARCH_H

#include <stddef.h>
#include <stdint.h>

struct site_build;

/* One reading of one character, as the dictionary gives it. */
typedef int	(*pinyin_fn)(void *arg, uint32_t cp, const char *code,
	    size_t len, unsigned long weight);

/*
 * Reads a Rime dictionary (name.dict.yaml): an optional YAML header
 * between "---" and "...", then one entry a line, "text TAB code
 * [TAB weight]".  Calls fn for each entry whose text is one non-ASCII
 * character and whose code is 1-6 letters a-z; other lines (phrases,
 * comments, anything malformed) are skipped.  Returns the number of
 * entries given to fn, or -1 when fn returned -1.
 */
long	 pinyin_parse(const char *p, size_t n, pinyin_fn fn, void *arg);

/* The search index and the listing pages (names/). */
int	 build_search(struct site_build *);

#endif /* !SEARCH_H */
