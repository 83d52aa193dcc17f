/*
 * Markdown for Chinese readers (src/markdown.c through view_markdown):
 * no stray space where a line breaks between Chinese characters, a
 * space kept between Latin words, and phone numbers as tel: links,
 * never in code, links or other figures.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "template.h"
#include "view.h"
#include "tap.h"

static struct arena a;

/* md renders to HTML containing want (or, with !has, not containing it). */
static void
expect(const char *what, const char *md, const char *want, int has)
{
	const struct tval *v = view_markdown(&a, md);
	const char	*p = v->type == TV_STR ? v->u.str.p : "";
	size_t		 n = v->type == TV_STR ? v->u.str.len : 0;
	char		 html[4096];
	int		 found;

	snprintf(html, sizeof(html), "%.*s", (int)n, p);
	found = strstr(html, want) != NULL;
	tap(found == has, "markdown: %s", what);
	if (found != has) {
		tap_visible(has ? "want" : "not", want, strlen(want));
		tap_visible("got", html, strlen(html));
	}
}

int
main(void)
{
	expect("a line break between Chinese characters is no space",
	    "拨打投诉电话。\n公示牌上写着", "投诉电话。公示牌上写着", 1);
	expect("… also after emphasis",
	    "拨打 **投诉电话**\n公示牌", "<strong>投诉电话</strong>公示牌", 1);
	expect("… and before a Chinese quote",
	    "可以重新选聘；\n“物业服务合同”", "选聘；“物业服务合同”", 1);
	expect("a line break between Latin words stays a space",
	    "English\nwords", "English\nwords", 1);
	expect("a line break between Chinese and Latin stays",
	    "电话\nhotline", "电话\nhotline", 1);
	expect("a landline becomes a tel: link",
	    "电话0531-86001001。",
	    "电话<a href=\"tel:053186001001\">0531-86001001</a>。", 1);
	expect("a mobile becomes a tel: link",
	    "手机 13800001001，", "<a href=\"tel:13800001001\">13800001001</a>，", 1);
	expect("an extension is dialled after a pause",
	    "0531-86001001-801", "<a href=\"tel:053186001001,801\">", 1);
	expect("12345 becomes a tel: link", "或拨打12345热线",
	    "拨打<a href=\"tel:12345\">12345</a>热线", 1);
	expect("120 square metres stays text", "面积120平方米", "tel:", 0);
	expect("a count stays text", "共2000户，3,586,468元", "tel:", 0);
	expect("a longer run of digits is no phone",
	    "编号 138000010012345", "tel:", 0);
	expect("a number in code stays code", "`0531-86001001`", "tel:", 0);
	expect("a number already linked keeps its link",
	    "[0531-86001001](https://example.cn/)",
	    "<a href=\"https://example.cn/\">0531-86001001</a>", 1);
	expect("a date stays text", "2026-10-31", "tel:", 0);
	expect("an English quote keeps its space",
	    "said “yes”\nand left", "“yes”\nand", 1);
	arena_free(&a);
	return 0;
}
