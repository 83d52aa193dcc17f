/*
 * Unit tests for changes in plain words: two versions of a record are
 * parsed from YAML, compared (diff.c), and each change must read as the
 * Chinese sentence a resident would expect, units and dates included.
 */
#include <stdio.h>
#include <string.h>

#include "gongshi.h"
#include "content.h"
#include "diff.h"
#include "plain.h"

#include "tap.h"

static const char base[] =
    "schema: 2\nid: t\nname: 华夏帝苑\naddress: 某路\n"
    "community: \"370102010003\"\n"
    "data_as_of: 2026-10-31\naliases: [甲]\n"
    "fees:\n"
    "  - {item: 物业服务费, amount: 0.30, unit: 元/平方米·月, "
    "pricing: 政府指导价, since: 2024-07-01}\n"
    "  - {item: 装修垃圾清运费, amount: 4, unit: 元/平方米（按套内面积一次性收取）, "
    "pricing: 市场调节价}\n"
    "  - {item: 临时停车费, amount: 5, unit: 元/次, pricing: 市场调节价}\n"
    "contract: {kind: 选聘, start: 2021-06-01, end: 2026-09-30}\n"
    "grid:\n"
    "  - {building: 1号楼, grid_member: {name: 李某, phone: 13700000000}}\n"
    "owners_committee:\n"
    "  status: 已成立\n"
    "  term: {start: 2024-01-01, end: 2028-12-31}\n"
    "  phone: 0531-00000001\n"
    "supervision: [dept-a]\n";

static struct ctx	 c;

static struct gs_compound *
parse(const char *yaml)
{
	struct gs_compound *cp = arena_calloc(&c.arena, 1, sizeof(*cp));

	if (!record_from_bytes(&c, "t.yaml", yaml, strlen(yaml),
	    &schema_compound, cp))
		return NULL;
	return cp;
}

/* base with each (from, to) pair replaced, in order. */
static struct gs_compound *
edit(const char *from, const char *to, const char *from2, const char *to2)
{
	char	 a[4096], b[4096];
	const char *p = strstr(base, from), *q;

	if (p == NULL)
		return NULL;
	snprintf(a, sizeof(a), "%.*s%s%s", (int)(p - base), base, to,
	    p + strlen(from));
	if (from2 == NULL)
		return parse(a);
	if ((q = strstr(a, from2)) == NULL)
		return NULL;
	snprintf(b, sizeof(b), "%.*s%s%s", (int)(q - a), a, to2,
	    q + strlen(from2));
	return parse(b);
}

/* Every sentence of the diff from base to b, one a line. */
static void
said(const struct gs_compound *a, const struct gs_compound *b,
    struct buf *out)
{
	struct changes	 cs;

	memset(&cs, 0, sizeof(cs));
	cs.arena = &c.arena;
	diff_record(&cs, "t", "华夏帝苑", &schema_compound, a, b);
	buf_truncate(out, 0);
	buf_put(out, "", 0);
	changes_plain(cs.v, cs.n, out, "", NULL);
	changes_free(&cs);
}

static void
expect(const struct gs_compound *a, const struct gs_compound *b,
    const char *want, const char *what)
{
	struct buf	 out = { 0 };

	if (b == NULL) {
		tap(0, "%s (the edited record does not parse)", what);
		return;
	}
	said(a, b, &out);
	tap(strcmp(out.p, want) == 0, "%s", what);
	if (strcmp(out.p, want) != 0) {
		tap_visible("got", out.p, out.len);
		tap_visible("want", want, strlen(want));
	}
	buf_free(&out);
}

int
main(void)
{
	struct gs_compound *a;

	ctx_init(&c, ".", 0);
	a = parse(base);
	tap(a != NULL && c.diags.nerrors == 0, "the base record parses");
	if (a == NULL)
		return 0;

	expect(a, edit("amount: 0.30", "amount: 0.35", "since: 2024-07-01",
	    "since: 2027-01-01"),
	    "华夏帝苑：物业服务费由每月每平方米0.30元调整为0.35元，"
	    "2027年1月1日起执行\n",
	    "a fee with its unit and the date it applies from, in one sentence");
	expect(a, edit("amount: 0.30", "amount: 0.35", NULL, NULL),
	    "华夏帝苑：物业服务费由每月每平方米0.30元调整为0.35元，"
	    "2024年7月1日起执行\n",
	    "a fee's date is said as the record has it, even unchanged");
	expect(a, edit("amount: 5,", "amount: 6,", NULL, NULL),
	    "华夏帝苑：临时停车费由每次5.00元调整为6.00元\n",
	    "a unit per time: 每次");
	expect(a, edit("amount: 4,", "amount: 5,", NULL, NULL),
	    "华夏帝苑：装修垃圾清运费由4.00元/平方米（按套内面积一次性收取）"
	    "调整为5.00元/平方米（按套内面积一次性收取）\n",
	    "a unit of another shape follows the amount as written");
	expect(a, edit("amount: 0.30", "amount: 未公示", NULL, NULL),
	    "华夏帝苑：物业服务费收费标准由每月每平方米0.30元调整为未公示\n",
	    "an amount no longer disclosed says 未公示, never 0");
	expect(a, edit("fees:\n", "fees:\n  - {item: 电梯运行费, amount: 0.15, "
	    "unit: 元/平方米·月, pricing: 市场调节价, since: 2027-01-01}\n",
	    NULL, NULL),
	    "华夏帝苑：新增收费项目「电梯运行费」：每月每平方米0.15元，"
	    "2027年1月1日起执行\n",
	    "a new fee with its unit and date");
	expect(a, edit("end: 2026-09-30", "end: 2029-09-30", NULL, NULL),
	    "华夏帝苑：物业服务合同的截止日期由2026年9月30日改为2029年9月30日\n",
	    "dates read in Chinese");
	expect(a, edit("phone: 13700000000", "phone: 13700000009", NULL, NULL),
	    "华夏帝苑：网格员与红色管家「1号楼」网格员的电话由13700000000改为"
	    "13700000009\n",
	    "a person's phone, named by building and role");
	expect(a, edit("grid:\n", "grid:\n  - {building: 2号楼, grid_member: "
	    "{name: 王某, phone: 13700000001}}\n", NULL, NULL),
	    "华夏帝苑：新增网格员与红色管家「2号楼」\n",
	    "an entry added");
	expect(a, edit("aliases: [甲]", "aliases: [甲, 乙]", NULL, NULL),
	    "华夏帝苑：新增别名「乙」\n", "a value added to a list");
	expect(a, edit("  phone: 0531-00000001\n", "", NULL, NULL),
	    "华夏帝苑：删除业主自治组织的联系电话（原为0531-00000001）\n",
	    "a value removed");
	expect(a, edit("data_as_of: 2026-10-31", "data_as_of: 2026-11-20",
	    NULL, NULL), "华夏帝苑：数据更新至2026年11月20日\n",
	    "the data date");
	expect(a, edit("supervision:", "notices:\n  - {date: 2026-11-18, kind: "
	    "停水停电, title: 停水通知, body: 停水}\nsupervision:", NULL, NULL),
	    "华夏帝苑：发布公告「停水通知」\n", "a notice published");
	expect(NULL, a, "华夏帝苑：首次公示\n", "a new record");
	ctx_free(&c);
	return 0;
}
