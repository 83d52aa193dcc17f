/* How large and deep what gongshi reads may be. */
#ifndef BOUNDS_H
#define BOUNDS_H


#define NESTING_MAX	64		/* deepest mapping/sequence nesting */
#define RECORD_MAX	(1024 * 1024)	/* largest record file, bytes */
#define MARKDOWN_MAX	(64 * 1024)	/* largest Markdown field, bytes */
#define ATTACHMENT_MAX	(10 * 1024 * 1024)	/* a notice's attached file */
#define LINK_MAX	2000		/* longest url value, characters */
#define LAYOUT_MAX	(1024 * 1024)	/* largest layout file, bytes */
#define ASSET_MAX	(16 * 1024 * 1024)	/* largest asset copied */

#endif /* !BOUNDS_H */
