/* Output escapers, one per context (escape.c). */
#ifndef ESCAPE_H
#define ESCAPE_H

#include <stddef.h>

struct buf;

/*
 * Escapers, one per output context, each appending to a buf.
 * esc_html	text and quoted attributes: & < > " '
 * esc_xml	like esc_html with &apos;, and drops the C0 controls that
 *		XML 1.0 forbids (all but tab, LF, CR)
 * esc_href	a URL in an href/src attribute: percent-encodes bytes
 *		outside a safe set, defuses schemes other than http, https,
 *		mailto, tel and ftp (the ':' becomes %3A, so the browser
 *		reads a relative path), then HTML-escapes
 * esc_json	the body of a JSON string, safe inside <script> and HTML
 *		attributes: " \ controls < > & ' U+2028 U+2029 as escapes
 * esc_csv	one RFC 4180 field, including its quotes when needed;
 *		fields starting with = + - @ tab or CR get a ' in front so
 *		spreadsheets do not run them as formulas (plain numbers
 *		such as -12.5 are left alone)
 * esc_css	the body of a double-quoted CSS string in <style>: " \\ < >
 *		and controls as hex escapes
 * esc_term	text for a terminal on one line: controls, bytes that are
 *		not UTF-8, C1 controls, bidirectional overrides and line
 *		breaks become \xNN or \uNNNN, so nothing can steer it
 * esc_term_text  the same, keeping line breaks and tabs
 */
typedef void	(*tpl_escfn)(struct buf *, const char *, size_t);

void	 esc_html(struct buf *, const char *, size_t);
void	 esc_xml(struct buf *, const char *, size_t);
void	 esc_href(struct buf *, const char *, size_t);
void	 esc_json(struct buf *, const char *, size_t);
void	 esc_csv(struct buf *, const char *, size_t);
void	 esc_css(struct buf *, const char *, size_t);
void	 csv_field(struct buf *, const char *, int last);
void	 esc_term(struct buf *, const char *, size_t);
void	 esc_term_text(struct buf *, const char *, size_t);
void	 json_string(struct buf *, const char *);

/*
 * Hex digits, the one decoder of them (escape.c).
 * hex_digit	the value (0-15) of a hex digit in either case, else -1
 *		(percent-encoding: RFC 3986 allows both)
 * hex_bytes	n bytes from the 2 * n lower-case hex digits at s (len
 *		bytes there): 0, or -1 when they are fewer or one is not
 *		a lower-case hex digit (the form gongshi's own files
 *		are written in, so a file has one spelling)
 */
int	 hex_digit(int c);
int	 hex_bytes(const char *s, size_t len, unsigned char *out, size_t n);

#endif /* !ESCAPE_H */
