/* Tidying cmark's tree for Chinese text (markdown.c). */
#ifndef MARKDOWN_H
#define MARKDOWN_H

#include <cmark-gfm.h>

/* Drops line breaks between Chinese characters and links phone
 * numbers in doc's text (see markdown.c). */
void	 markdown_tidy(cmark_node *doc);

#endif /* !MARKDOWN_H */
