/* Tidying cmark's tree for Chinese text (markdown.c). */
#ifndef MARKDOWN_H
#define MARKDOWN_H

#include <cmark-gfm.h>

/* Drops line breaks between Chinese characters and links phone
 * numbers in doc's text (see markdown.c). */
void	 markdown_tidy(cmark_node *doc);

struct buf;

/* The text of doc's first paragraph, at most max characters (cut with
 * …), for a page's description. */
void	 markdown_summary(cmark_node *doc, struct buf *out, size_t max);

#endif /* !MARKDOWN_H */
