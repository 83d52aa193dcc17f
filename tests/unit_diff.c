/*
 * Unit tests for the semantic diff: records are parsed from YAML text,
 * compared, and the changes checked one by one.  Lists must be matched
 * by natural key, never by position.
 */
#include <stdio.h>
#include <string.h>

#include "gongshi.h"
#include "content.h"
#include "diff.h"

#include "tap.h"

static const char base[] =
    "id: t\nname: 测试小区\naddress: 某路\ncommunity: \"370102010003\"\n"
    "data_as_of: 2026-10-31\naliases: [甲, 乙]\n"
    "fees:\n"
    "  - {item: 物业服务费, amount: 0.30, unit: 元/平方米·月, pricing: 政府指导价}\n"
    "  - {item: 停车费, amount: 80, unit: 元/月, pricing: 市场调节价}\n"
    "grid:\n"
    "  - {building: 1号楼, grid_member: {name: 李某, phone: 13700000000}}\n"
    "  - {building: 2号楼, grid_member: {name: 王某, phone: 13700000001}}\n"
    "owners_committee:\n"
    "  status: 已成立\n"
    "  term: {start: 2024-01-01, end: 2028-12-31}\n"
    "  members: [{role: 主任, name: 李某}, {role: 委员, name: 张某}]\n"
    "supervision: [dept-a, {name: 派出所, phone: 110}]\n";

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

/* base with one substring replaced. */
static struct gs_compound *
edit(const char *from, const char *to)
{
	char	 text[4096];
	const char *p = strstr(base, from);

	if (p == NULL)
		return NULL;
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(p - base), base, to,
	    p + strlen(from));
	return parse(text);
}

static void
diff(struct changes *cs, const struct gs_compound *a,
    const struct gs_compound *b)
{
	changes_free(cs);
	memset(cs, 0, sizeof(*cs));
	cs->arena = &c.arena;
	diff_record(cs, "t", "测试小区", &schema_compound, a, b);
}

/* Whether a value, in the given form, is want (NULL: absent). */
static int
value_is(const struct change_value *v, const char *want, enum form form)
{
	struct buf	 b = { 0 };
	const char	*got = change_show(&b, v, form);
	int		 same;

	same = (got == NULL) == (want == NULL) &&
	    (want == NULL || strcmp(got, want) == 0);
	buf_free(&b);
	return same;
}

/* A change of this kind and label with old and new as people read them. */
static int
has(const struct changes *cs, enum change_kind kind, const char *what,
    const char *old, const char *new)
{
	size_t	 i;

	for (i = 0; i < cs->n; i++)
		if (cs->v[i].kind == kind && strcmp(cs->v[i].what, what) == 0 &&
		    value_is(&cs->v[i].old, old, FORM_HUMAN) &&
		    value_is(&cs->v[i].new, new, FORM_HUMAN))
			return 1;
	return 0;
}

static void
show(const struct changes *cs)
{
	struct buf	 a = { 0 }, b = { 0 };
	const char	*was, *is;
	size_t		 i;

	for (i = 0; i < cs->n; i++) {
		was = change_show(&a, &cs->v[i].old, FORM_HUMAN);
		is = change_show(&b, &cs->v[i].new, FORM_HUMAN);
		printf("    %d %s: %s -> %s\n", cs->v[i].kind, cs->v[i].what,
		    was ? was : "(none)", is ? is : "(none)");
	}
	buf_free(&a);
	buf_free(&b);
}

#define EXPECT(cond, ...) do { tap((cond), __VA_ARGS__); \
	if (!(cond)) show(&cs); } while (0)

int
main(void)
{
	struct changes	 cs = { 0 };
	struct gs_compound *a;

	ctx_init(&c, ".", 0);
	a = parse(base);
	tap(a != NULL && c.diags.nerrors == 0, "the base record parses");

	diff(&cs, a, parse(base));
	EXPECT(cs.n == 0, "identical records: no changes");

	diff(&cs, a, edit("amount: 0.30", "amount: 0.35"));
	EXPECT(cs.n == 1 && has(&cs, CH_CHANGED,
	    "收费项目及标准「物业服务费」 · 收费标准", "0.30", "0.35"),
	    "a fee's amount: one change, labelled, old and new");
	EXPECT(cs.n == 1 && strcmp(cs.v[0].path,
	    "fees[物业服务费].amount") == 0, "its key path names the fee");

	diff(&cs, a, edit("fees:\n", "fees:\n  - {item: 垃圾清运费, "
	    "amount: 5, unit: 元/户·月, pricing: 市场调节价}\n"));
	EXPECT(cs.n == 1 && has(&cs, CH_ADDED, "收费项目及标准「垃圾清运费」",
	    NULL, "垃圾清运费 5.00 元/户·月 市场调节价"),
	    "a fee inserted first: only it is added, nothing after it changes");

	diff(&cs, a, edit("  - {building: 1号楼, grid_member: {name: 李某, "
	    "phone: 13700000000}}\n", ""));
	EXPECT(cs.n == 1 && has(&cs, CH_REMOVED, "网格员与红色管家「1号楼」",
	    "1号楼", NULL), "a grid row removed: matched by building");

	diff(&cs, a, edit("  - {building: 1号楼, grid_member: {name: 李某, "
	    "phone: 13700000000}}\n  - {building: 2号楼, grid_member: "
	    "{name: 王某, phone: 13700000001}}\n", "  - {building: 2号楼, "
	    "grid_member: {name: 王某, phone: 13700000001}}\n  - {building: "
	    "1号楼, grid_member: {name: 李某, phone: 13700000000}}\n"));
	EXPECT(cs.n == 0, "grid rows reordered: no changes");

	diff(&cs, a, edit("phone: 13700000001", "phone: 13700000009"));
	EXPECT(cs.n == 1 && has(&cs, CH_CHANGED,
	    "网格员与红色管家「2号楼」 · 网格员 · 电话", "13700000001",
	    "13700000009"), "a grid member's phone, inside a row");

	diff(&cs, a, edit("{role: 委员, name: 张某}", "{role: 委员, name: 赵某}"));
	EXPECT(cs.n == 2 && has(&cs, CH_REMOVED,
	    "业主自治组织 · 成员「委员 张某」", "委员 张某", NULL) &&
	    has(&cs, CH_ADDED, "业主自治组织 · 成员「委员 赵某」", NULL,
	    "委员 赵某"), "members are matched by role and name together");

	diff(&cs, a, edit("aliases: [甲, 乙]", "aliases: [乙, 丙]"));
	EXPECT(cs.n == 2 && has(&cs, CH_REMOVED, "别名", "甲", NULL) &&
	    has(&cs, CH_ADDED, "别名", NULL, "丙"),
	    "aliases compared as a set");

	diff(&cs, a, edit("supervision: [dept-a, ", "supervision: [dept-b, "));
	EXPECT(cs.n == 2 && has(&cs, CH_REMOVED, "监管部门「dept-a」",
	    "dept-a", NULL) && has(&cs, CH_ADDED, "监管部门「dept-b」", NULL,
	    "dept-b"), "department references matched by id");

	diff(&cs, a, edit("{name: 派出所, phone: 110}",
	    "{name: 派出所, phone: 119}"));
	EXPECT(cs.n == 1 && has(&cs, CH_CHANGED,
	    "监管部门「派出所」 · 投诉受理电话", "110", "119"),
	    "a local supervision entry matched by name");

	diff(&cs, a, edit("data_as_of: 2026-10-31\n", "data_as_of: 2026-10-31\n"
	    "provider: {name: 某物业, hotline_24h: 0531-00000001, "
	    "complaint_phone: 12345, manager: {name: 张某, phone: 13800000000}}\n"));
	EXPECT(has(&cs, CH_CHANGED, "物业服务企业 · 企业名称", NULL, "某物业") &&
	    has(&cs, CH_CHANGED, "物业服务企业 · 项目负责人 · 电话", NULL,
	    "13800000000"), "a section that appears: each field from nothing");

	diff(&cs, NULL, a);
	EXPECT(cs.n == 1 && cs.v[0].kind == CH_ADDED, "a new compound: added");
	diff(&cs, a, NULL);
	EXPECT(cs.n == 1 && cs.v[0].kind == CH_REMOVED, "a compound gone: "
	    "removed");

	diff(&cs, a, edit("amount: 80,", "amount: 80.00,"));
	EXPECT(cs.n == 0, "80 and 80.00 are the same money");

	/* Schema 2: fees keyed by item and applies_to; typed values;
	 * periods as people read them; labels from the tables. */
	{
		struct gs_compound *p2, *q2;

		p2 = edit("  - {item: 停车费, amount: 80,",
		    "  - {item: 停车费, applies_to: 地下, amount: 90, unit: "
		    "元/月, pricing: 市场调节价}\n  - {item: 停车费, applies_to: "
		    "地面, amount: 80,");
		q2 = edit("  - {item: 停车费, amount: 80,",
		    "  - {item: 停车费, applies_to: 地下, amount: 95, unit: "
		    "元/月, pricing: 市场调节价}\n  - {item: 停车费, applies_to: "
		    "地面, amount: 80,");
		diff(&cs, p2, q2);
		EXPECT(cs.n == 1 && has(&cs, CH_CHANGED,
		    "收费项目及标准「停车费 地下」 · 收费标准", "90.00", "95.00"),
		    "two rows of one item told apart by applies_to");

		p2 = edit("data_as_of: 2026-10-31\n", "data_as_of: 2026-10-31\n"
		    "accounts:\n  - {period: \"2025\", collection_rate: 92.5}\n"
		    "complaints:\n  - {period: 2026-Q3, source: 热线, received: "
		    "14}\n");
		q2 = edit("data_as_of: 2026-10-31\n", "data_as_of: 2026-10-31\n"
		    "accounts:\n  - {period: \"2025\", collection_rate: 93}\n"
		    "complaints:\n  - {period: 2026-Q3, source: 热线, received: "
		    "15}\n");
		diff(&cs, p2, q2);
		EXPECT(cs.n == 2 && has(&cs, CH_CHANGED,
		    "物业服务资金收支情况「2025年度」 · 物业费收缴率（%）", "92.5%",
		    "93%") && has(&cs, CH_CHANGED,
		    "投诉处理情况「2026年第三季度 热线」 · 受理件数", "14", "15"),
		    "schema 2 lists: keyed by period, labelled in Chinese");
	}


	/* A decision's vote is kept apart (F_APART): compared when both
	 * have one, and told field by field when it comes or goes. */
	{
		struct gs_compound *p2, *q2, *r2;

		p2 = edit("  members:", "  decisions:\n    - {date: 2026-02-08, "
		    "text: 选聘新物业服务人, vote: {for: {owners: 411}, result: "
		    "通过}}\n  members:");
		q2 = edit("  members:", "  decisions:\n    - {date: 2026-02-08, "
		    "text: 选聘新物业服务人, vote: {for: {owners: 412}, result: "
		    "通过}}\n  members:");
		r2 = edit("  members:", "  decisions:\n    - {date: 2026-02-08, "
		    "text: 选聘新物业服务人}\n  members:");
		EXPECT(p2 != NULL && q2 != NULL && r2 != NULL &&
		    p2->owners_committee.decisions.n == 1 &&
		    GS_AT(p2->owners_committee.decisions, struct gs_decision,
		    0)->vote != NULL && GS_AT(r2->owners_committee.decisions,
		    struct gs_decision, 0)->vote == NULL,
		    "a vote is made only where the record gives one");
		diff(&cs, p2, q2);
		EXPECT(cs.n == 1 && cs.v[0].kind == CH_CHANGED &&
		    strstr(cs.v[0].what, "表决情况") != NULL &&
		    value_is(&cs.v[0].old, "411", FORM_HUMAN) &&
		    value_is(&cs.v[0].new, "412", FORM_HUMAN),
		    "a vote's count that changed");
		diff(&cs, r2, p2);
		EXPECT(cs.n == 2 && cs.v[0].kind == CH_CHANGED &&
		    value_is(&cs.v[0].old, NULL, FORM_HUMAN) &&
		    cs.v[1].kind == CH_CHANGED &&
		    value_is(&cs.v[1].old, NULL, FORM_HUMAN),
		    "a vote that appears: each of its fields from nothing");
		diff(&cs, p2, r2);
		EXPECT(cs.n == 2 && value_is(&cs.v[0].new, NULL, FORM_HUMAN) &&
		    value_is(&cs.v[1].new, NULL, FORM_HUMAN),
		    "a vote that goes: each of its fields to nothing");
		diff(&cs, r2, r2);
		EXPECT(cs.n == 0, "no vote on either side: no change");
	}

	changes_free(&cs);
	ctx_free(&c);
	return 0;
}
