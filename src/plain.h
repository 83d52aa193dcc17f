/* Changes in plain words: one Chinese sentence each (plain.c). */
#ifndef PLAIN_H
#define PLAIN_H

#include <stddef.h>
#include "buf.h"
#include "diff.h"

/* What a change's record is called: a compound's name, 网站设置, …. */
const char *record_title(const struct change *);
struct gs_content;

/*
 * The sentence for v[i] of a revision's n changes (in the order diff
 * gives them: grouped by record), without the record's name, into out
 * (appended).  Returns 0 and writes nothing when another change of the
 * same revision says it already (a fee's new date, told with its new
 * amount).  With ct, departments are named as ct names them.
 */
int	 change_sentence(struct buf *out, const struct change *v, size_t n,
	    size_t i, const struct gs_content *ct);
/* Every sentence, one a line: "华夏帝苑：物业服务费由……" after indent. */
void	 changes_plain(const struct change *v, size_t n, struct buf *out,
	    const char *indent, const struct gs_content *ct);

#endif /* !PLAIN_H */
