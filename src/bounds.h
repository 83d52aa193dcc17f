/* How large and deep what gongshi reads may be. */
#ifndef BOUNDS_H
#define BOUNDS_H


#include <string.h>

#define NESTING_MAX	64		/* deepest mapping/sequence nesting */
#define RECORD_MAX	(1024 * 1024)	/* largest record file, bytes */
#define AREAS_FILE	"content/areas.yaml"
#define AREAS_MAX	(64 * 1024 * 1024)	/* areas.yaml: the whole city */
#define MARKDOWN_MAX	(64 * 1024)	/* largest Markdown field, bytes */
#define ATTACHMENT_MAX	(10 * 1024 * 1024)	/* a notice's attached file */
#define LINK_MAX	2000		/* longest url value, characters */
#define LAYOUT_MAX	(1024 * 1024)	/* largest layout file, bytes */
#define ASSET_MAX	(16 * 1024 * 1024)	/* largest asset copied */

/*
 * The most bytes the content file rel may have: areas.yaml lists every
 * area of the city, so it grows with the city (1.7 MB at 100,000
 * compounds) and has a bound of its own; every other file is one record.
 */
static inline size_t
content_file_max(const char *rel)
{
	return strcmp(rel, AREAS_FILE) == 0 ? AREAS_MAX : RECORD_MAX;
}

#endif /* !BOUNDS_H */
