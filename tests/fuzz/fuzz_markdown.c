/*
 * libFuzzer harness: Markdown through cmark-gfm and src/markdown.c's
 * tidying (line breaks between Chinese characters, phone links), as
 * HTML, as plain text and as a page's summary.  Checked besides crashes
 * and sanitizer reports: every tel: link the tidying made holds digits
 * and an extension's pause only, and the HTML keeps no raw <script.
 * Invalid UTF-8 gets here too (records are checked before, but cmark
 * passes such bytes on).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "template.h"
#include "view.h"

#include "fuzz.h"

/* html is NUL-terminated; tel: links are checked when all are ours. */
static void
check_html(const char *html, int ours)
{
	const char	*q;

	require(strstr(html, "<script") == NULL, "no raw <script");
	for (q = html; ours && (q = strstr(q, "href=\"tel:")) != NULL; )
		for (q += 10; *q != '\0' && *q != '"'; q++)
			require((*q >= '0' && *q <= '9') || *q == ',',
			    "tel: holds digits and pauses only");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a = { 0 };
	char		*s;
	const struct tval *v;

	if (size > 65536)	/* Markdown fields are at most 64 KiB */
		return 0;
	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';		/* cut at the first NUL, as YAML would */
	v = view_markdown(&a, s);
	if (v->type == TV_STR)	/* the writer's own tel: links are as written */
		check_html(arena_strndup(&a, v->u.str.p, v->u.str.len),
		    strstr(s, "tel:") == NULL);
	(void)view_markdown_summary(&a, s);
	(void)markdown_text(&a, s);
	arena_free(&a);
	free(s);
	return 0;
}
