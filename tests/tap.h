/*
 * The smallest test protocol that tests/run.sh reads: one line per case,
 * "ok - what" or "not ok - what" followed by indented detail lines.
 */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

static inline void tap(int pass, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline void
tap(int pass, const char *fmt, ...)
{
	va_list	 ap;

	fputs(pass ? "ok - " : "not ok - ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Writes s as a detail line so that newlines, tabs and other control
 * characters can be seen. */
static inline void
tap_visible(const char *label, const char *s, size_t n)
{
	size_t	 i;
	int	 c;

	printf("    %-9s \"", label);
	for (i = 0; s != NULL && i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\r')
			fputs("\\r", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	puts("\"");
}

#endif
