/*
 * The smallest test protocol that tests/run.sh reads: one line per case,
 * "ok - what" or "not ok - what" followed by indented detail lines.
 */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_failed;

static void tap(int pass, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
tap(int pass, const char *fmt, ...)
{
	va_list	 ap;

	fputs(pass ? "ok - " : "not ok - ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!pass)
		tap_failed++;
}

#endif
