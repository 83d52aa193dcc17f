/*
 * Markdown as Chinese clerks write it, read as they mean it: cmark's
 * tree is tidied between parsing and rendering.
 *
 * - A line break in the source between two Chinese characters is no
 *   space ("投诉电话。\n公示牌" reads 投诉电话。公示牌), as CSS Text's
 *   segment break rules say for wide characters; between Latin words,
 *   or a Latin and a Chinese word, it stays a space.
 * - Phone numbers in running text become tel: links, so a phone dials
 *   them with one tap: mobiles, landlines with their area code (and an
 *   extension), 400/800 numbers and the longer service numbers
 *   (12345); never inside code, an existing link or a longer run of
 *   digits.
 */
#include <stdint.h>
#include <string.h>

#include <cmark-gfm.h>

#include "buf.h"
#include "markdown.h"
#include "scalar.h"

/* Wide East Asian letters and punctuation, Hangul aside (Korean puts
 * spaces between words), and the quotes, dash and ellipsis Chinese text
 * shares with English (ambiguous width; wide in a Chinese font). */
static int
is_cjk(uint32_t c)
{
	return c == 0x2014 || c == 0x2018 || c == 0x2019 || c == 0x201C ||
	    c == 0x201D || c == 0x2026 ||
	    (c >= 0x2E80 && c <= 0xA4CF && !(c >= 0x3130 && c <= 0x318F)) ||
	    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
	    (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
	    (c >= 0x20000 && c <= 0x3FFFF);
}

/* The code point starting at s, or 0 where the bytes are not UTF-8
 * (records are checked, but this is also fuzzed on its own). */
static uint32_t
decode(const unsigned char *s)
{
	uint32_t c;
	int	 n, i;

	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xC2 && s[0] < 0xE0)
		c = s[0] & 0x1F, n = 1;
	else if (s[0] >= 0xE0 && s[0] < 0xF0)
		c = s[0] & 0x0F, n = 2;
	else if (s[0] >= 0xF0 && s[0] < 0xF5)
		c = s[0] & 0x07, n = 3;
	else
		return 0;
	for (i = 1; i <= n; i++) {	/* a NUL ends the loop too */
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	return c;
}

/* The character at the end (last) or start of what node n shows, or 0. */
static uint32_t
edge_char(cmark_node *n, int last)
{
	const unsigned char *s;
	size_t		 len;

	while (n != NULL) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			s = (const unsigned char *)cmark_node_get_literal(n);
			if (s == NULL || (len = strlen((const char *)s)) == 0)
				return 0;
			if (!last)
				return decode(s);
			while (len > 0 && (s[len - 1] & 0xC0) == 0x80)
				len--;
			return len > 0 ? decode(s + len - 1) : 0;
		default:
			n = last ? cmark_node_last_child(n) :
			    cmark_node_first_child(n);
		}
	}
	return 0;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_word(int c)
{
	return is_digit(c) || c == '-' || c == '.' || c == '_' ||
	    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Is s[0..n) a phone number to link?  Short numbers only from five
 * digits: 110 or 120 in running text are as often square metres. */
static int
is_phone(const char *s, size_t n)
{
	char		 t[32];
	struct buf	 msg = { 0 };
	int		 yes;

	if (n >= sizeof(t) || (n < 5))
		return 0;
	memcpy(t, s, n);
	t[n] = '\0';
	yes = check_phone(t, default_short_numbers, &msg) == NULL;
	buf_free(&msg);
	return yes;
}

/* The tel: URI of the number s[0..n): its digits, an extension after a
 * pause (as view_phone() writes them). */
static void
tel_uri(struct buf *u, const char *s, size_t n)
{
	size_t	 i;
	int	 dashes = 0;

	buf_puts(u, "tel:");
	for (i = 0; i < n; i++)
		if (is_digit(s[i]))
			buf_putc(u, s[i]);
		else if (s[i] == '-' && s[0] == '0' && ++dashes == 2)
			buf_putc(u, ',');
}

static cmark_node *
text_node(const char *s, size_t n)
{
	cmark_node	*t = cmark_node_new(CMARK_NODE_TEXT);
	struct buf	 b = { 0 };

	buf_put(&b, s, n);
	buf_putc(&b, '\0');	/* p is NUL-terminated even when n is 0 */
	cmark_node_set_literal(t, b.p);
	buf_free(&b);
	return t;
}

/* Splits text node n around the phone numbers in it. */
static void
link_phones(cmark_node *n)
{
	const char	*s = cmark_node_get_literal(n), *start = s, *p = s;
	cmark_node	*link;
	struct buf	 u = { 0 };
	size_t		 len;

	while (*p != '\0') {
		if (!is_digit((unsigned char)*p) ||
		    (p > s && is_word((unsigned char)p[-1]))) {
			p++;
			continue;
		}
		len = strspn(p, "0123456789-");
		while (len > 0 && p[len - 1] == '-')
			len--;
		if (is_word((unsigned char)p[len]) || !is_phone(p, len)) {
			p += len;
			continue;
		}
		if (p > start)
			cmark_node_insert_before(n,
			    text_node(start, (size_t)(p - start)));
		link = cmark_node_new(CMARK_NODE_LINK);
		buf_truncate(&u, 0);
		tel_uri(&u, p, len);
		cmark_node_set_url(link, u.p);
		cmark_node_append_child(link, text_node(p, len));
		cmark_node_insert_before(n, link);
		p += len;
		start = p;
	}
	if (start != s) {
		if (*start != '\0')
			cmark_node_insert_before(n, text_node(start,
			    strlen(start)));
		cmark_node_free(n);
	}
	buf_free(&u);
}

static int
inside_link(cmark_node *n)
{
	for (n = cmark_node_parent(n); n != NULL; n = cmark_node_parent(n))
		if (cmark_node_get_type(n) == CMARK_NODE_LINK ||
		    cmark_node_get_type(n) == CMARK_NODE_IMAGE)
			return 1;
	return 0;
}

void
markdown_tidy(cmark_node *doc)
{
	cmark_iter	*it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node	*n, **v;
	struct buf	 nodes = { 0 };
	size_t		 i, count;

	/* First the nodes to change, then the changes: the iterator must
	 * not see the tree change under it. */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (cmark_node_get_type(n) == CMARK_NODE_SOFTBREAK ||
		    (cmark_node_get_type(n) == CMARK_NODE_TEXT &&
		    !inside_link(n)))
			buf_put(&nodes, &n, sizeof(n));
	}
	cmark_iter_free(it);
	v = (cmark_node **)(void *)nodes.p;
	count = nodes.len / sizeof(*v);
	for (i = 0; i < count; i++) {
		n = v[i];
		if (cmark_node_get_type(n) == CMARK_NODE_TEXT)
			link_phones(n);
		else if (is_cjk(edge_char(cmark_node_previous(n), 1)) &&
		    is_cjk(edge_char(cmark_node_next(n), 0)))
			cmark_node_free(n);
	}
	buf_free(&nodes);
}


/* Appends the text under n to out, to at most *left more characters. */
static void
summary_text(cmark_node *n, struct buf *out, size_t *left)
{
	const char	*s;
	cmark_node	*c;

	for (; n != NULL && *left > 0; n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			for (s = cmark_node_get_literal(n); s != NULL &&
			    *s != '\0' && *left > 0; (*left)--) {
				do
					buf_putc(out, *s++);
				while ((*s & 0xC0) == 0x80);
			}
			if (s != NULL && *s != '\0')
				buf_puts(out, "…");
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, ' ');
			break;
		default:
			if ((c = cmark_node_first_child(n)) != NULL)
				summary_text(c, out, left);
		}
	}
}

void
markdown_summary(cmark_node *doc, struct buf *out, size_t max)
{
	cmark_node	*n;

	for (n = cmark_node_first_child(doc); n != NULL;
	    n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
			summary_text(cmark_node_first_child(n), out, &max);
			return;
		}
}
