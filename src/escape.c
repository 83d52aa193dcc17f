/*
 * Output escapers, one per context.  Each is driven by a 256-entry
 * table indexed by the byte, so what a context allows can be read off
 * the table rather than out of a chain of tests.  Bytes of 0x80 and
 * above are UTF-8 and pass through untouched everywhere except in URLs,
 * where they are percent-encoded as RFC 3986 asks.
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "scalar.h"

/* Copies s, replacing each byte that has an entry in tab. */
static void
esc_table(struct buf *b, const char *const tab[256], const char *s,
    size_t n)
{
	const char	*r;
	size_t		 i, run = 0;

	buf_grow(b, n);
	for (i = 0; i < n; i++) {
		if ((r = tab[(unsigned char)s[i]]) == NULL)
			continue;
		buf_put(b, s + run, i - run);
		buf_puts(b, r);
		run = i + 1;
	}
	buf_put(b, s + run, n - run);
}

static const char *const html_tab[256] = {
	['&'] = "&amp;",
	['<'] = "&lt;",
	['>'] = "&gt;",
	['"'] = "&quot;",
	['\''] = "&#39;",
};

void
esc_html(struct buf *b, const char *s, size_t n)
{
	esc_table(b, html_tab, s, n);
}

/*
 * The body of a double-quoted CSS string inside <style>: a quote,
 * backslash or angle bracket (so no "</style>" can end the element)
 * and every C0 control become hex escapes, each ended by a space that
 * the escape consumes.
 */
static const char *const css_tab[256] = {
	[0x01] = "\\1 ", [0x02] = "\\2 ", [0x03] = "\\3 ", [0x04] = "\\4 ",
	[0x05] = "\\5 ", [0x06] = "\\6 ", [0x07] = "\\7 ", [0x08] = "\\8 ",
	[0x09] = "\\9 ", [0x0a] = "\\a ", [0x0b] = "\\b ", [0x0c] = "\\c ",
	[0x0d] = "\\d ", [0x0e] = "\\e ", [0x0f] = "\\f ", [0x10] = "\\10 ",
	[0x11] = "\\11 ", [0x12] = "\\12 ", [0x13] = "\\13 ", [0x14] = "\\14 ",
	[0x15] = "\\15 ", [0x16] = "\\16 ", [0x17] = "\\17 ", [0x18] = "\\18 ",
	[0x19] = "\\19 ", [0x1a] = "\\1a ", [0x1b] = "\\1b ", [0x1c] = "\\1c ",
	[0x1d] = "\\1d ", [0x1e] = "\\1e ", [0x1f] = "\\1f ", [0x7f] = "\\7f ",
	['"'] = "\\22 ",
	['\\'] = "\\5c ",
	['<'] = "\\3c ",
	['>'] = "\\3e ",
};

void
esc_css(struct buf *b, const char *s, size_t n)
{
	esc_table(b, css_tab, s, n);
}

/*
 * XML 1.0 has no way to write most C0 controls at all, not even as
 * character references, so they are dropped rather than letting one
 * stray byte make a whole feed or sitemap ill-formed.
 */
static const char *const xml_tab[256] = {
	[0x00] = "", [0x01] = "", [0x02] = "", [0x03] = "",
	[0x04] = "", [0x05] = "", [0x06] = "", [0x07] = "",
	[0x08] = "", [0x0b] = "", [0x0c] = "", [0x0e] = "",
	[0x0f] = "", [0x10] = "", [0x11] = "", [0x12] = "",
	[0x13] = "", [0x14] = "", [0x15] = "", [0x16] = "",
	[0x17] = "", [0x18] = "", [0x19] = "", [0x1a] = "",
	[0x1b] = "", [0x1c] = "", [0x1d] = "", [0x1e] = "",
	[0x1f] = "",
	['&'] = "&amp;",
	['<'] = "&lt;",
	['>'] = "&gt;",
	['"'] = "&quot;",
	['\''] = "&apos;",
};

void
esc_xml(struct buf *b, const char *s, size_t n)
{
	esc_table(b, xml_tab, s, n);
}

/*
 * JSON string bodies.  Besides what JSON requires (" \ and controls),
 * < > & and ' are escaped so the result can sit inside <script> (no
 * "</script>" or "<!--") or an HTML attribute.  0xe2 starts U+2028 and
 * U+2029, which JSON allows raw but older JavaScript parsers reject;
 * its entry is a marker that makes esc_json look at the next bytes.
 */
static const char json_e2[] = "";

static const char *const json_tab[256] = {
	[0x00] = "\\u0000", [0x01] = "\\u0001", [0x02] = "\\u0002",
	[0x03] = "\\u0003", [0x04] = "\\u0004", [0x05] = "\\u0005",
	[0x06] = "\\u0006", [0x07] = "\\u0007", [0x08] = "\\u0008",
	[0x09] = "\\t", [0x0a] = "\\n", [0x0b] = "\\u000b",
	[0x0c] = "\\u000c", [0x0d] = "\\r", [0x0e] = "\\u000e",
	[0x0f] = "\\u000f", [0x10] = "\\u0010", [0x11] = "\\u0011",
	[0x12] = "\\u0012", [0x13] = "\\u0013", [0x14] = "\\u0014",
	[0x15] = "\\u0015", [0x16] = "\\u0016", [0x17] = "\\u0017",
	[0x18] = "\\u0018", [0x19] = "\\u0019", [0x1a] = "\\u001a",
	[0x1b] = "\\u001b", [0x1c] = "\\u001c", [0x1d] = "\\u001d",
	[0x1e] = "\\u001e", [0x1f] = "\\u001f",
	['"'] = "\\\"",
	['\\'] = "\\\\",
	['<'] = "\\u003c",
	['>'] = "\\u003e",
	['&'] = "\\u0026",
	['\''] = "\\u0027",
	[0x7f] = "\\u007f",
	[0xe2] = json_e2,
};

void
esc_json(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	const char	*r;
	size_t		 i, run = 0;

	buf_grow(b, n);
	for (i = 0; i < n; i++) {
		if ((r = json_tab[u[i]]) == NULL)
			continue;
		if (r == json_e2) {
			if (i + 2 >= n || u[i + 1] != 0x80 ||
			    (u[i + 2] != 0xa8 && u[i + 2] != 0xa9))
				continue;
			r = u[i + 2] == 0xa8 ? "\\u2028" : "\\u2029";
			buf_put(b, s + run, i - run);
			buf_puts(b, r);
			i += 2;
			run = i + 1;
			continue;
		}
		buf_put(b, s + run, i - run);
		buf_puts(b, r);
		run = i + 1;
	}
	buf_put(b, s + run, n - run);
}

/*
 * URLs.  H_OK bytes are copied: the unreserved set and the delimiters
 * that give a URL its structure (: / ? # [ ] @ ! $ ( ) * + , ; =).
 * H_AMP is '&', copied as "&amp;" for the attribute.  H_PCT is '%',
 * kept when it already starts an escape so encoded URLs are not encoded
 * twice.  Everything else (controls, space, " ' < > \ ^ ` { | }, DEL and
 * all of UTF-8) is percent-encoded, which also keeps quotes from ending
 * the attribute.
 */
enum { H_ENC, H_OK, H_AMP, H_PCT };

static const unsigned char href_tab[256] = {
	/* 0x00 - 0x1f: controls */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	/*   !  "  #  $  %  &  '  (  )  *  +  ,  -  .  / */
	0, 1, 0, 1, 1, 3, 2, 0, 1, 1, 1, 1, 1, 1, 1, 1,
	/* 0  1  2  3  4  5  6  7  8  9  :  ;  <  =  >  ? */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1,
	/* @  A  B  C  D  E  F  G  H  I  J  K  L  M  N  O */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	/* P  Q  R  S  T  U  V  W  X  Y  Z  [  \  ]  ^  _ */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1,
	/* `  a  b  c  d  e  f  g  h  i  j  k  l  m  n  o */
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	/* p  q  r  s  t  u  v  w  x  y  z  {  |  }  ~ DEL */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0,
	/* 0x80 - 0xff: UTF-8, all encoded (zero by default) */
};

/* What may appear in a URL scheme: ALPHA *( ALPHA / DIGIT / + - . ). */
static const unsigned char scheme_tab[256] = {
	['+'] = 1, ['-'] = 1, ['.'] = 1,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 2, ['B'] = 2, ['C'] = 2, ['D'] = 2, ['E'] = 2, ['F'] = 2,
	['G'] = 2, ['H'] = 2, ['I'] = 2, ['J'] = 2, ['K'] = 2, ['L'] = 2,
	['M'] = 2, ['N'] = 2, ['O'] = 2, ['P'] = 2, ['Q'] = 2, ['R'] = 2,
	['S'] = 2, ['T'] = 2, ['U'] = 2, ['V'] = 2, ['W'] = 2, ['X'] = 2,
	['Y'] = 2, ['Z'] = 2,
	['a'] = 2, ['b'] = 2, ['c'] = 2, ['d'] = 2, ['e'] = 2, ['f'] = 2,
	['g'] = 2, ['h'] = 2, ['i'] = 2, ['j'] = 2, ['k'] = 2, ['l'] = 2,
	['m'] = 2, ['n'] = 2, ['o'] = 2, ['p'] = 2, ['q'] = 2, ['r'] = 2,
	['s'] = 2, ['t'] = 2, ['u'] = 2, ['v'] = 2, ['w'] = 2, ['x'] = 2,
	['y'] = 2, ['z'] = 2,
};

/* A hex digit's value plus one (0: not one); upper case is 0x20 off. */
static const unsigned char hexval[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15,
	['F'] = 16, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14,
	['e'] = 15, ['f'] = 16,
};

int
hex_digit(int c)
{
	return hexval[(unsigned char)c] - 1;
}

int
hex_bytes(const char *s, size_t len, unsigned char *out, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t		 i;

	if (len / 2 < n)
		return -1;
	for (i = 0; i < 2 * n; i++)
		if (hexval[u[i]] == 0 || (u[i] >= 'A' && u[i] <= 'F'))
			return -1;
	for (i = 0; i < n; i++)
		out[i] = (unsigned char)((hexval[u[2 * i]] - 1) << 4 |
		    (hexval[u[2 * i + 1]] - 1));
	return 0;
}

static const char *const safe_schemes[] = {
	"http", "https", "mailto", "tel", "ftp", NULL
};

/*
 * Returns the offset of the ':' that ends a scheme the browser would
 * act on but which is not on the safe list, or n when there is none.
 * Only a scheme spelt exactly as RFC 3986 says is recognised by
 * browsers; anything else (a leading space, "java\tscript") is encoded
 * below and so reads as a relative path already.
 */
static size_t
bad_scheme(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t		 i, k, j;

	if (n == 0 || scheme_tab[u[0]] != 2)
		return n;
	for (i = 1; i < n && scheme_tab[u[i]] != 0; i++)
		continue;
	if (i == n || s[i] != ':')
		return n;
	for (k = 0; safe_schemes[k] != NULL; k++) {
		if (strlen(safe_schemes[k]) != i)
			continue;
		for (j = 0; j < i; j++)
			if ((u[j] | 0x20) != (unsigned char)safe_schemes[k][j])
				break;
		if (j == i)
			return n;
	}
	return i;
}

void
esc_href(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)s;
	size_t		 i, run = 0, colon;
	int		 cls;

	colon = bad_scheme(s, n);
	buf_grow(b, n);
	for (i = 0; i < n; i++) {
		cls = href_tab[u[i]];
		if (cls == H_PCT && i + 2 < n && hexval[u[i + 1]] &&
		    hexval[u[i + 2]])
			cls = H_OK;
		if (cls == H_OK && i != colon)
			continue;
		buf_put(b, s + run, i - run);
		if (cls == H_AMP)
			buf_puts(b, "&amp;");
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[u[i] >> 4]);
			buf_putc(b, hex[u[i] & 0xf]);
		}
		run = i + 1;
	}
	buf_put(b, s + run, n - run);
}

/*
 * CSV fields (RFC 4180).  C_QUOTE bytes force the field into quotes,
 * C_FORMULA bytes at the start make spreadsheets evaluate it, C_EDGE
 * bytes at either end would be trimmed by some readers unless quoted.
 */
#define C_QUOTE		0x01
#define C_FORMULA	0x02
#define C_EDGE		0x04
#define C_DIGIT		0x08
#define C_SIGN		0x10

static const unsigned char csv_tab[256] = {
	[','] = C_QUOTE,
	['"'] = C_QUOTE,
	['\n'] = C_QUOTE,
	['\r'] = C_QUOTE | C_FORMULA,
	['\t'] = C_FORMULA,
	['='] = C_FORMULA,
	['+'] = C_FORMULA | C_SIGN,
	['-'] = C_FORMULA | C_SIGN,
	['@'] = C_FORMULA,
	[' '] = C_EDGE,
	['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT,
	['4'] = C_DIGIT, ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT,
	['8'] = C_DIGIT, ['9'] = C_DIGIT,
};

/* A plain decimal number such as -12.5 cannot be a formula. */
static int
csv_number(const unsigned char *u, size_t n)
{
	size_t	 i = 0, digits = 0;

	if (i < n && (csv_tab[u[i]] & C_SIGN))
		i++;
	for (; i < n && (csv_tab[u[i]] & C_DIGIT); i++)
		digits++;
	if (digits == 0)
		return 0;
	if (i < n && u[i] == '.') {
		for (i++, digits = 0; i < n && (csv_tab[u[i]] & C_DIGIT); i++)
			digits++;
		if (digits == 0)
			return 0;
	}
	return i == n;
}

void
esc_csv(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t		 i, run;
	int		 quote = 0, formula;

	for (i = 0; i < n; i++)
		if (csv_tab[u[i]] & C_QUOTE)
			quote = 1;
	if (n > 0 && ((csv_tab[u[0]] | csv_tab[u[n - 1]]) & C_EDGE))
		quote = 1;
	formula = n > 0 && (csv_tab[u[0]] & C_FORMULA) && !csv_number(u, n);
	if (formula)
		quote = 1;
	if (!quote) {
		buf_put(b, s, n);
		return;
	}
	buf_grow(b, n + 3);
	buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (i = run = 0; i < n; i++) {
		if (s[i] != '"')
			continue;
		buf_put(b, s + run, i + 1 - run);
		buf_putc(b, '"');
		run = i + 1;
	}
	buf_put(b, s + run, n - run);
	buf_putc(b, '"');
}

/*
 * Text for a terminal.  File names, commit authors and old revisions
 * can hold anything, and an escape sequence that reaches a terminal
 * can rewrite what is on the screen, retitle the window or worse.  So
 * every byte that would act instead of show is written as the text
 * \xNN (C0 controls, DEL, bytes that are not UTF-8) or \uNNNN (C1
 * controls, the bidirectional overrides that reorder what is shown,
 * and the line and paragraph separators).  esc_term is for one line:
 * it escapes line breaks and tabs too; esc_term_text keeps them.
 */
static int
term_visible_cp(uint32_t cp)
{
	return !(cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
	    cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	    (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069));
}

static void
term(struct buf *b, const char *s, size_t n, int keep_breaks)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)s;
	size_t		 i, k, run = 0;
	uint32_t	 cp = 0;

	buf_grow(b, n);
	for (i = 0; i < n; i += k) {
		k = utf8_len(u + i, n - i, &cp);
		if (k > 0 && (term_visible_cp(cp) ||
		    (keep_breaks && (cp == '\n' || cp == '\t'))))
			continue;
		buf_put(b, s + run, i - run);
		if (k == 0 || cp < 0x80) {
			k = 1;
			buf_puts(b, "\\x");
			buf_putc(b, hex[u[i] >> 4]);
			buf_putc(b, hex[u[i] & 0xf]);
		} else
			buf_printf(b, "\\u%04X", (unsigned)cp);
		run = i + k;
	}
	buf_put(b, s + run, n - run);
}

void
esc_term(struct buf *b, const char *s, size_t n)
{
	term(b, s, n, 0);
}

void
esc_term_text(struct buf *b, const char *s, size_t n)
{
	term(b, s, n, 1);
}

/* A JSON string, quoted and escaped; NULL is null. */
void
json_string(struct buf *b, const char *s)
{
	if (s == NULL) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	esc_json(b, s, strlen(s));
	buf_putc(b, '"');
}

/* One CSV field (NULL: empty), then a comma, or CRLF after the last. */
void
csv_field(struct buf *b, const char *s, int last)
{
	if (s != NULL)
		esc_csv(b, s, strlen(s));
	buf_puts(b, last ? "\r\n" : ",");
}
