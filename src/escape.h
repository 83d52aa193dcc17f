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
void	 csv_field(struct buf *, const char *, int last);
void	 esc_term(struct buf *, const char *, size_t);
void	 esc_term_text(struct buf *, const char *, size_t);
void	 json_string(struct buf *, const char *);

#endif /* !ESCAPE_H */
