/*
 * Unit tests for the reader of Rime dictionaries (search.c), the one
 * parser of installed package data: what it takes from a well-formed
 * file, and what it skips in a hostile one.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "search.h"

#include "tap.h"

struct got {
	struct buf	 out;	/* "U+XXXX code weight;" per entry */
	int		 stop;	/* return -1 from this entry on */
};

static int
take(void *arg, uint32_t cp, const char *code, size_t len,
    unsigned long weight)
{
	struct got	*g = arg;

	if (g->stop)
		return -1;
	buf_printf(&g->out, "U+%04X %.*s %lu;", (unsigned)cp, (int)len, code,
	    weight);
	return 0;
}

static void
parses(const char *what, const char *in, long want_n, const char *want)
{
	struct got	 g;
	long		 n;

	memset(&g, 0, sizeof(g));
	n = pinyin_parse(in, strlen(in), take, &g);
	tap(n == want_n && strcmp(g.out.p ? g.out.p : "", want) == 0,
	    "pinyin: %s", what);
	if (n != want_n || strcmp(g.out.p ? g.out.p : "", want) != 0) {
		printf("    count     %ld, want %ld\n", n, want_n);
		tap_visible("got", g.out.p, g.out.len);
		tap_visible("want", want, strlen(want));
	}
	buf_free(&g.out);
}

int
main(void)
{
	struct got	 g;
	const char	 nul[] = "和\the\t9\n\0平\tping\t1\n村\tcun\t2\n";

	parses("the header is skipped, entries are read",
	    "# Rime dictionary\n---\nname: x\n和\tnot\t1\n...\n\n"
	    "和\the\t664874\n和\thuo\t160\n平\tping\t8010\n",
	    3, "U+548C he 664874;U+548C huo 160;U+5E73 ping 8010;");
	parses("a file without a header is all entries",
	    "华\thua\t7045\n", 1, "U+534E hua 7045;");
	parses("a missing weight is 0, CRLF line ends are read",
	    "村\tcun\r\n新\txin\t77282\r\n", 2,
	    "U+6751 cun 0;U+65B0 xin 77282;");
	parses("phrases, ASCII text and comments are skipped",
	    "和平\the ping\t10\na\ta\t1\n# 和\the\t1\n", 0, "");
	parses("codes that are not 1-6 letters a-z are skipped",
	    "和\tHe\t1\n和\t\t1\n和\thezzzzz\t1\n和\the1\t1\n和\the\n", 1,
	    "U+548C he 0;");
	parses("invalid UTF-8 and surrogates are skipped",
	    "\xff\tab\t1\n\xed\xa0\x80\tab\t1\n\xe5\x92\tab\n", 0, "");
	parses("a huge weight is capped, junk after it ignored",
	    "和\the\t99999999999999999999x\n", 1,
	    "U+548C he 9999999999;");
	parses("a line without a tab, an empty file",
	    "和he\n\n", 0, "");
	parses("a last line without a newline is read",
	    "和\the\t1", 1, "U+548C he 1;");
	parses("an unclosed header hides the rest",
	    "---\n和\the\t1\n", 0, "");

	memset(&g, 0, sizeof(g));
	tap(pinyin_parse(nul, sizeof(nul) - 1, take, &g) == 2,
	    "pinyin: a NUL byte spoils its own line only");
	buf_free(&g.out);
	memset(&g, 0, sizeof(g));
	g.stop = 1;
	tap(pinyin_parse("和\the\t1\n", 8, take, &g) == -1,
	    "pinyin: a callback's -1 stops the reading");
	buf_free(&g.out);
	return 0;
}
