/*
 * Unit tests for yamledit.c: each change to a YAML text must touch only
 * what it changes, keep comments, order and quoting, and give text that
 * reads back as the intended tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "node.h"
#include "yamledit.h"

#include "tap.h"

static struct arena	 a;
static struct diags	 d;

static struct mdoc
open_doc(const char *text)
{
	struct mdoc	 doc;
	const struct node *root;

	root = yaml_load("t.yaml", text, strlen(text), &a, &d);
	mdoc_open(&doc, text, strlen(text), root, &a);
	return doc;
}

static void
expect(const char *name, const struct mdoc *doc, const char *want)
{
	struct buf	 out = { 0 };
	struct marks	 ms = { 0 };
	struct diags	 dd = { 0 };
	int		 parses;

	mdoc_render(doc, &out, &ms);
	parses = yaml_load("out.yaml", out.p ? out.p : "", out.len, &a, &dd) !=
	    NULL && dd.nerrors == 0 && dd.n == 0;
	tap(out.len == strlen(want) && memcmp(out.p, want, out.len) == 0 &&
	    parses, "%s", name);
	if (out.len != strlen(want) || memcmp(out.p, want, out.len) != 0) {
		tap_visible("want", want, strlen(want));
		tap_visible("got", out.p, out.len);
	}
	if (!parses)
		printf("    the result is not valid YAML\n");
	buf_free(&out);
	free(ms.v);
	diag_free(&dd);
}

static struct cellref	 cell = { "收费标准", 7, 6, "t" };

int
main(void)
{
	struct mdoc	 doc;
	struct mnode	*m, *seq, *item;

	/* Unchanged: every byte as it was. */
	doc = open_doc("# head\na: 1   # why\nb: \"x\"\n");
	expect("nothing changed, nothing touched", &doc,
	    "# head\na: 1   # why\nb: \"x\"\n");

	/* A value in place: comment after it kept. */
	doc = open_doc("# head\na: 1.85   # 2024\nb: x\n");
	mscalar_set(mmap_get(doc.root, "a"), "1.95", FT_MONEY, &cell);
	expect("a value is rewritten between its own bytes", &doc,
	    "# head\na: 1.95   # 2024\nb: x\n");

	/* Quoting chosen for what the value holds. */
	doc = open_doc("a: x\nb: {k: v, j: w}\n");
	mscalar_set(mmap_get(doc.root, "a"), "x: y # z", FT_TEXT, NULL);
	mscalar_set(mmap_get(mmap_get(doc.root, "b"), "k"), "p, q", FT_TEXT,
	    NULL);
	expect("values that would misread are quoted", &doc,
	    "a: \"x: y # z\"\nb: {k: \"p, q\", j: w}\n");

	/* Characters YAML takes for line breaks are escaped. */
	doc = open_doc("a: x\n");
	mscalar_set(mmap_get(doc.root, "a"), "甲\xE2\x80\xA8乙\xC2\x85",
	    FT_TEXT, NULL);
	expect("U+2028 and U+0085 are written escaped", &doc,
	    "a: \"甲\\L乙\\N\"\n");
	doc = open_doc("a: x\n");
	mscalar_set(mmap_get(doc.root, "a"), "b\xC2\x8F", FT_TEXT, NULL);
	expect("a C1 control is written escaped", &doc, "a: \"b\\x8F\"\n");

	/* Codes of digits stay strings. */
	doc = open_doc("community: \"370102010003\"\n");
	mscalar_set(mmap_get(doc.root, "community"), "370102010004", FT_CODE,
	    NULL);
	expect("an area code is quoted", &doc,
	    "community: \"370102010004\"\n");

	/* A literal block replaced by another. */
	doc = open_doc("notice: |\n  line one\n  line two\nnext: 1\n");
	mscalar_set(mmap_get(doc.root, "notice"), "新的一行\n第二行", FT_MARKDOWN,
	    NULL);
	expect("a literal block stays a literal block", &doc,
	    "notice: |\n  新的一行\n  第二行\nnext: 1\n");

	/* A plain value that becomes several lines. */
	doc = open_doc("m:\n  note: short\n  x: 1\n");
	mscalar_set(mmap_get(mmap_get(doc.root, "m"), "note"), "one\ntwo",
	    FT_MARKDOWN, NULL);
	expect("a value that gains lines becomes a literal block", &doc,
	    "m:\n  note: |\n    one\n    two\n  x: 1\n");

	/* Keys added in the schema's order, at the mapping's indentation. */
	doc = open_doc("fees:\n  - item: a\n    amount: 1\n    # the rest\n"
	    "other: 2\n");
	m = doc.root->kids[0].v->kids[0].v;
	mmap_set(&doc, m, "note", mnode_scalar(&doc, "注", FT_TEXT, &cell));
	expect("a new key goes below its neighbours", &doc,
	    "fees:\n  - item: a\n    amount: 1\n    note: 注\n    # the rest\n"
	    "other: 2\n");

	/* A key added, then removed, leaves no trace. */
	doc = open_doc("m:\n  a: 1\nz: 1\n");
	mmap_set(&doc, mmap_get(doc.root, "m"), "b", mnode_scalar(&doc, "2",
	    FT_COUNT, NULL));
	mmap_remove(mmap_get(doc.root, "m"), "b");
	expect("a key added then removed changes nothing", &doc,
	    "m:\n  a: 1\nz: 1\n");

	/* A key removed with its line; the comment above stays. */
	doc = open_doc("a: 1\n# about b\nb: 2\nc: 3\n");
	mmap_remove(doc.root, "b");
	expect("a removed key takes its line only", &doc,
	    "a: 1\n# about b\nc: 3\n");

	/* A block value removed with all its lines. */
	doc = open_doc("a: 1\nb:\n  x: 1\n  y: |\n    t\nc: 3\n");
	mmap_remove(doc.root, "b");
	expect("a removed mapping takes all its lines", &doc, "a: 1\nc: 3\n");

	/* The first key of a list entry shares the dash's line. */
	doc = open_doc("l:\n  - a: 1   # c\n    b: 2\n");
	mmap_remove(doc.root->kids[0].v->kids[0].v, "a");
	expect("removing a key on a dash's line rewrites the entry", &doc,
	    "l:\n  - b: 2\n");

	/* Flow mappings gain keys as flow mappings. */
	doc = open_doc("m: {name: 曹某, phone: 13800000601}  # x\n");
	mmap_set(&doc, mmap_get(doc.root, "m"), "extra",
	    mnode_scalar(&doc, "乙", FT_TEXT, NULL));
	expect("a flow mapping is rewritten on its line", &doc,
	    "m: {name: 曹某, phone: 13800000601, extra: 乙}  # x\n");

	/* Entries appended in their neighbours' style. */
	doc = open_doc("s:\n  - {a: 1}\n  - {a: 2}\nz: 0\n");
	seq = mmap_get(doc.root, "s");
	item = mnode_map(&doc, NULL, NULL);
	mmap_set(&doc, item, "a", mnode_scalar(&doc, "3", FT_COUNT, NULL));
	mseq_append(&doc, seq, item);
	expect("a new entry follows its neighbours' style", &doc,
	    "s:\n  - {a: 1}\n  - {a: 2}\n  - {a: 3}\nz: 0\n");

	/* An entry removed from the middle. */
	doc = open_doc("s:\n  - a: 1\n    b: 1\n  - a: 2\n    b: 2\n  - a: 3\n");
	mseq_remove(mmap_get(doc.root, "s"), 1);
	expect("a removed entry takes its lines", &doc,
	    "s:\n  - a: 1\n    b: 1\n  - a: 3\n");

	/* 未公示 becomes a list, and a list becomes 未公示. */
	doc = open_doc("fees: 未公示\nnext: 1\n");
	seq = mnode_seq(&doc, NULL);
	item = mnode_map(&doc, NULL, NULL);
	mmap_set(&doc, item, "item", mnode_scalar(&doc, "物业费", FT_TEXT,
	    NULL));
	mmap_set(&doc, item, "unit", mnode_scalar(&doc, "元/月", FT_TEXT,
	    NULL));
	mmap_set(&doc, item, "basis", mnode_scalar(&doc,
	    "一段相当长的收费依据说明文字，写满一行也写不下的那一种，还要更长一些才行", FT_TEXT, NULL));
	mseq_append(&doc, seq, item);
	mmap_set(&doc, doc.root, "fees", seq);
	expect("未公示 becomes a list in block style", &doc,
	    "fees:\n  - item: 物业费\n    unit: 元/月\n    basis: "
	    "一段相当长的收费依据说明文字，写满一行也写不下的那一种，还要更长一些才行\n"
	    "next: 1\n");
	doc = open_doc("fees:\n  - item: a\n  - item: b\nnext: 1\n");
	mmap_set(&doc, doc.root, "fees", mnode_scalar(&doc, "未公示", FT_TEXT,
	    NULL));
	expect("a list becomes 未公示", &doc, "fees: 未公示\nnext: 1\n");

	/* A file without a final line break. */
	doc = open_doc("a: 1");
	mmap_set(&doc, doc.root, "b", mnode_scalar(&doc, "2", FT_COUNT, NULL));
	expect("a key added after a last line with no line break", &doc,
	    "a: 1\nb: 2\n");

	/* A byte-order mark and CJK before the value: bytes, not chars. */
	doc = open_doc("\xEF\xBB\xBF# 说明：中文注释\nname: 华夏帝苑\nx: 1\n");
	mscalar_set(mmap_get(doc.root, "x"), "2", FT_COUNT, NULL);
	expect("offsets are bytes after a BOM and Chinese text", &doc,
	    "\xEF\xBB\xBF# 说明：中文注释\nname: 华夏帝苑\nx: 2\n");

	/* Emptied collections are pruned, untouched empty ones kept. */
	doc = open_doc("keep: []\nm:\n  a: 1\nz: 1\n");
	mmap_remove(mmap_get(doc.root, "m"), "a");
	mnode_prune(doc.root);
	expect("a mapping emptied by changes goes; [] untouched stays", &doc,
	    "keep: []\nz: 1\n");

	/* A new document in the schema's key order. */
	mdoc_new(&doc, &a);
	doc.root->sc = NULL;
	mmap_set(&doc, doc.root, "id", mnode_scalar(&doc, "x", FT_ID, NULL));
	m = mnode_map(&doc, NULL, NULL);
	mmap_set(&doc, m, "name", mnode_scalar(&doc, "王某", FT_TEXT, NULL));
	mmap_set(&doc, doc.root, "manager", m);
	expect("a new record is written in block style", &doc,
	    "id: x\nmanager: {name: 王某}\n");

	arena_free(&a);
	diag_free(&d);
	return 0;
}
