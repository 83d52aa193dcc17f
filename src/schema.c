/*
 * The record contract (SCHEMA.md) as tables: one table per kind of
 * mapping, one row per key with its type, Chinese label and place in
 * the typed record.  walk.c walks records through them; record.json,
 * the diff and the open data read them for keys and labels.
 */
#include <stddef.h>

#include "schema.h"
#include "gongshi.h"

const char *const gs_management_names[] = { "专业物业", "社区托管", "业主自管", NULL };
const char *const gs_pricing_names[] = { "政府指导价", "市场调节价", "政府定价", NULL };
const char *const gs_fee_mode_names[] = { "包干制", "酬金制", NULL };
const char *const gs_contract_kind_names[] = { "前期", "选聘", NULL };
const char *const gs_committee_status_names[] = { "已成立", "未成立", "物业管理委员会", NULL };
const char *const gs_service_level_names[] = { "一级", "二级", "三级", "四级", "五级", NULL };
const char *const gs_approval_kind_names[] = { "业主表决", "应急使用", NULL };
const char *const gs_vote_matter_names[] = { "使用维修资金", "筹集维修资金", "改建重建",
	"改变共有部分用途", "选聘解聘物业服务人", "制定修改管理规约", "其他", NULL };
const char *const gs_vote_result_names[] = { "通过", "未通过", NULL };
const char *const gs_notice_kind_names[] = { "维修资金使用", "表决通知", "表决结果",
	"收费调整", "停水停电", "施工", "其他", NULL };
const char *const gs_party_kind_names[] = { "物业服务企业", "业主委员会", "社区",
	"街道", "区县", "市", NULL };
const char *const gs_paper_names[] = { "A3", "A4", NULL };
const char *const gs_orientation_names[] = { "portrait", "landscape", NULL };

const char gs_undisclosed[] = "未公示";
const char gs_withheld[] = "不公开";

#define REQ	F_REQUIRED
#define IDENT	(F_REQUIRED | F_IDENTITY)
#define NONEMPTY (F_REQUIRED | F_NONEMPTY)

/* Row helpers: T is the struct being filled, m its member. */
#define VAL(T, m, k, lbl, ty, fl) \
	{ .key = k, .label = lbl, .type = ty, .flags = fl, .off = offsetof(T, m) }
#define ENUMV(T, m, k, lbl, vals, fl) \
	{ .key = k, .label = lbl, .type = FT_ENUM, .flags = fl, \
	  .off = offsetof(T, m), .values = vals }
#define CODE(T, m, k, lbl, n, fl) \
	{ .key = k, .label = lbl, .type = FT_CODE, .flags = fl, \
	  .off = offsetof(T, m), .len = n }
#define SUB(T, m, k, lbl, sc, fl) \
	{ .key = k, .label = lbl, .type = FT_STRUCT, .flags = fl, \
	  .off = offsetof(T, m), .sub = &sc }
/* The same kept out of line (F_APART): m is a pointer. */
#define APART(T, m, k, lbl, sc, fl) \
	{ .key = k, .label = lbl, .type = FT_STRUCT, .flags = (fl) | F_APART, \
	  .off = offsetof(T, m), .sub = &sc }
#define LIST(T, m, k, lbl, sc, fl) \
	{ .key = k, .label = lbl, .type = FT_LIST, .flags = fl, \
	  .off = offsetof(T, m), .sub = &sc }
#define VLIST(T, m, k, lbl, ty, fl) \
	{ .key = k, .label = lbl, .type = FT_VLIST, .elem = ty, .flags = fl, \
	  .off = offsetof(T, m) }
#define END	{ .key = NULL }
#define SCHEMA(var, nm, T, tbl) \
	const struct schema var = { nm, sizeof(T), tbl, NULL, 1 }
/* For list elements named by their first two fields (role and name). */
#define SCHEMA2(var, nm, T, tbl) \
	const struct schema var = { nm, sizeof(T), tbl, NULL, 2 }

/* Every filled struct starts with its position; the walker relies on it. */
#define POS_FIRST(T) \
	_Static_assert(offsetof(T, pos) == 0, #T " must start with pos")
POS_FIRST(struct gs_contact);
POS_FIRST(struct gs_band);
POS_FIRST(struct gs_scores);
POS_FIRST(struct gs_site_evaluation);
POS_FIRST(struct gs_site);
POS_FIRST(struct gs_board_paper);
POS_FIRST(struct gs_area);
POS_FIRST(struct gs_department);
POS_FIRST(struct gs_party);
POS_FIRST(struct gs_fee);
POS_FIRST(struct gs_service);
POS_FIRST(struct gs_revenue_source);
POS_FIRST(struct gs_revenue_use);
POS_FIRST(struct gs_fund_draw);
POS_FIRST(struct gs_contractor);
POS_FIRST(struct gs_member);
POS_FIRST(struct gs_decision);
POS_FIRST(struct gs_supervisor);
POS_FIRST(struct gs_grid_row);
POS_FIRST(struct gs_commitment);
POS_FIRST(struct gs_profile);
POS_FIRST(struct gs_service_room);
POS_FIRST(struct gs_provider);
POS_FIRST(struct gs_contract);
POS_FIRST(struct gs_revenue);
POS_FIRST(struct gs_fund);
POS_FIRST(struct gs_term);
POS_FIRST(struct gs_committee);
POS_FIRST(struct gs_compound);
POS_FIRST(struct gs_page);
POS_FIRST(struct gs_stale);
POS_FIRST(struct gs_entry);
POS_FIRST(struct gs_account);
POS_FIRST(struct gs_utility);
POS_FIRST(struct gs_complaints);
POS_FIRST(struct gs_staff);
POS_FIRST(struct gs_tally);
POS_FIRST(struct gs_vote_option);
POS_FIRST(struct gs_window);
POS_FIRST(struct gs_vote);
_Static_assert(sizeof(struct gs_vote) <= APART_MAX, "APART_MAX too small");

const struct gs_vote gs_no_vote;
POS_FIRST(struct gs_document);
POS_FIRST(struct gs_meeting);
POS_FIRST(struct gs_attachment);
POS_FIRST(struct gs_notice);

/* A name and a phone, both required: an office or hotline by its name, */
static const struct field contact_fields[] = {
	VAL(struct gs_contact, name, "name", "名称", FT_TEXT, REQ),
	VAL(struct gs_contact, phone, "phone", "电话", FT_PHONE, REQ),
	END
};
static SCHEMA(schema_contact, "contact", struct gs_contact, contact_fields);

/* a person by theirs. */
static const struct field person_fields[] = {
	VAL(struct gs_contact, name, "name", "姓名", FT_TEXT, REQ),
	VAL(struct gs_contact, phone, "phone", "电话", FT_PHONE, REQ),
	END
};
static SCHEMA(schema_person, "contact", struct gs_contact, person_fields);

/* site.yaml */
static const struct field weights_fields[] = {
	VAL(struct gs_scores, satisfaction, "satisfaction", "业主满意度评价", FT_DECIMAL, REQ),
	VAL(struct gs_scores, onsite, "onsite", "物业服务现场评价", FT_DECIMAL, REQ),
	VAL(struct gs_scores, party, "party", "街道社区党组织评价", FT_DECIMAL, REQ),
	END
};
static SCHEMA(schema_weights, "weights", struct gs_scores, weights_fields);

static const struct field band_fields[] = {
	VAL(struct gs_band, min, "min", "最低分", FT_DECIMAL, REQ),
	VAL(struct gs_band, label, "label", "等次", FT_TEXT, REQ),
	END
};
static SCHEMA(schema_band, "band", struct gs_band, band_fields);

static const struct field site_evaluation_fields[] = {
	SUB(struct gs_site_evaluation, weights, "weights", "分值权重", schema_weights, 0),
	LIST(struct gs_site_evaluation, bands, "bands", "评价等次", schema_band, F_NONEMPTY),
	END
};
static SCHEMA(schema_site_evaluation, "evaluation", struct gs_site_evaluation,
    site_evaluation_fields);

static const struct field board_paper_fields[] = {
	ENUMV(struct gs_board_paper, paper, "paper", "纸张", gs_paper_names, 0),
	ENUMV(struct gs_board_paper, orientation, "orientation", "方向", gs_orientation_names, 0),
	END
};
static SCHEMA(schema_board_paper, "board", struct gs_board_paper, board_paper_fields);

static const struct field stale_fields[] = {
	VAL(struct gs_stale, data, "data", "数据过期天数", FT_COUNT, 0),
	VAL(struct gs_stale, fund, "fund", "维修资金数据过期天数", FT_COUNT, 0),
	VAL(struct gs_stale, revenue, "revenue", "公共收益过期天数", FT_COUNT, 0),
	END
};
static SCHEMA(schema_stale, "stale_days", struct gs_stale, stale_fields);

static const struct field site_fields[] = {
	VAL(struct gs_site, schema, "schema", "格式版本", FT_COUNT, 0),
	VAL(struct gs_site, title, "title", "网站名称", FT_TEXT, REQ),
	VAL(struct gs_site, city, "city", "城市", FT_TEXT, REQ),
	VAL(struct gs_site, base_url, "base_url", "网站地址", FT_URL, REQ),
	VAL(struct gs_site, publisher, "publisher", "发布单位", FT_TEXT, REQ),
	VAL(struct gs_site, language, "language", "语言", FT_TEXT, 0),
	VLIST(struct gs_site, short_numbers, "short_numbers", "公共服务短号码", FT_DIGITS, 0),
	LIST(struct gs_site, hotlines, "hotlines", "服务热线", schema_contact, 0),
	SUB(struct gs_site, evaluation, "evaluation", "考核评价", schema_site_evaluation, 0),
	SUB(struct gs_site, board, "board", "公示栏打印", schema_board_paper, 0),
	VAL(struct gs_site, utc_offset, "utc_offset", "时区", FT_TEXT, 0),
	VAL(struct gs_site, fund_lookup_url, "fund_lookup_url", "维修资金分户账查询", FT_LINK, 0),
	SUB(struct gs_site, stale_days, "stale_days", "过期提醒天数", schema_stale, 0),
	END
};
SCHEMA(schema_site, "site", struct gs_site, site_fields);

/* areas.yaml: the same struct at each level, with its own key for children. */
static const struct field community_fields[] = {
	CODE(struct gs_area, code, "code", "社区代码", 12, REQ),
	VAL(struct gs_area, name, "name", "社区名称", FT_TEXT, REQ),
	SUB(struct gs_area, office, "office", "社区物业管理机构", schema_contact, 0),
	END
};
static SCHEMA(schema_community, "community", struct gs_area, community_fields);

static const struct field street_fields[] = {
	CODE(struct gs_area, code, "code", "街道代码", 9, REQ),
	VAL(struct gs_area, name, "name", "街道名称", FT_TEXT, REQ),
	SUB(struct gs_area, office, "office", "街道物业管理机构", schema_contact, 0),
	LIST(struct gs_area, children, "communities", "社区", schema_community, 0),
	END
};
static SCHEMA(schema_street, "street", struct gs_area, street_fields);

static const struct field district_fields[] = {
	CODE(struct gs_area, code, "code", "区县代码", 6, REQ),
	VAL(struct gs_area, name, "name", "区县名称", FT_TEXT, REQ),
	SUB(struct gs_area, office, "office", "区县物业管理机构", schema_contact, 0),
	LIST(struct gs_area, children, "streets", "街道", schema_street, 0),
	END
};
static SCHEMA(schema_district, "district", struct gs_area, district_fields);

static const struct field areas_file_fields[] = {
	LIST(struct gs_content, districts, "districts", "区县", schema_district, NONEMPTY),
	END
};
/* Fills only gs_content.districts; the position goes to a scratch slot. */
const struct schema schema_areas_file = {
	"areas", sizeof(struct gs_content), areas_file_fields, NULL, 1
};

/* departments.yaml */
static const struct field department_fields[] = {
	VAL(struct gs_department, id, "id", "编号", FT_ID, REQ),
	VAL(struct gs_department, name, "name", "部门名称", FT_TEXT, REQ),
	CODE(struct gs_department, scope, "scope", "监管范围", 0, 0),
	VLIST(struct gs_department, duties, "duties", "监管职责", FT_TEXT, NONEMPTY),
	VAL(struct gs_department, phone, "phone", "投诉受理电话", FT_PHONE, REQ),
	VAL(struct gs_department, contact, "contact", "联系人", FT_TEXT, 0),
	END
};
static SCHEMA(schema_department, "department", struct gs_department, department_fields);

static const struct field departments_file_fields[] = {
	LIST(struct gs_content, departments, "departments", "监管部门", schema_department, NONEMPTY),
	END
};
const struct schema schema_departments_file = {
	"departments", sizeof(struct gs_content), departments_file_fields,
	NULL, 1
};

/* parties.yaml: keys, compounds, areas and sections are checked
 * against each other and the city by check.c. */
static const struct field party_fields[] = {
	VAL(struct gs_party, id, "id", "编号", FT_ID, REQ),
	VAL(struct gs_party, name, "name", "名称", FT_TEXT, REQ),
	ENUMV(struct gs_party, kind, "kind", "类别", gs_party_kind_names, REQ),
	VLIST(struct gs_party, keys, "keys", "签名公钥", FT_TEXT, NONEMPTY),
	VLIST(struct gs_party, compounds, "compounds", "可更改的小区", FT_ID, 0),
	VLIST(struct gs_party, areas, "areas", "可更改的区域", FT_CODE, 0),
	VLIST(struct gs_party, sections, "sections", "可更改的栏目", FT_TEXT, 0),
	END
};
static SCHEMA(schema_party, "party", struct gs_party, party_fields);

static const struct field parties_file_fields[] = {
	LIST(struct gs_content, parties, "parties", "发布单位", schema_party, NONEMPTY),
	END
};
const struct schema schema_parties_file = {
	"parties", sizeof(struct gs_content), parties_file_fields, NULL, 1
};

/* compounds/.../ID.yaml */
static const struct field profile_fields[] = {
	VAL(struct gs_profile, built, "built", "建成年份", FT_COUNT, 0),
	VAL(struct gs_profile, buildings, "buildings", "楼栋数", FT_COUNT, 0),
	VAL(struct gs_profile, households, "households", "户数", FT_COUNT, 0),
	VAL(struct gs_profile, floor_area_m2, "floor_area_m2", "建筑面积（平方米）", FT_DECIMAL, 0),
	ENUMV(struct gs_profile, management, "management", "管理方式", gs_management_names, 0),
	ENUMV(struct gs_profile, service_level, "service_level", "物业服务等级", gs_service_level_names, 0),
	END
};
static SCHEMA(schema_profile, "profile", struct gs_profile, profile_fields);

static const struct field service_room_fields[] = {
	VAL(struct gs_service_room, area_m2, "area_m2", "面积（平方米）", FT_DECIMAL, 0),
	VAL(struct gs_service_room, location, "location", "位置", FT_TEXT, 0),
	END
};
static SCHEMA(schema_service_room, "service_room", struct gs_service_room,
    service_room_fields);

static const struct field staff_fields[] = {
	VAL(struct gs_staff, role, "role", "职务", FT_TEXT, REQ),
	VAL(struct gs_staff, name, "name", "姓名", FT_TEXT, REQ),
	VAL(struct gs_staff, phone, "phone", "电话", FT_PHONE, 0),
	END
};
static SCHEMA2(schema_staff, "staff", struct gs_staff, staff_fields);

static const struct field provider_fields[] = {
	VAL(struct gs_provider, name, "name", "企业名称", FT_TEXT, REQ),
	VAL(struct gs_provider, uscc, "uscc", "统一社会信用代码", FT_USCC, 0),
	VAL(struct gs_provider, hotline_24h, "hotline_24h", "24小时服务电话", FT_PHONE, REQ),
	VAL(struct gs_provider, complaint_phone, "complaint_phone", "投诉电话", FT_PHONE, REQ),
	SUB(struct gs_provider, manager, "manager", "项目负责人", schema_person, REQ),
	VAL(struct gs_provider, party_org, "party_org", "党组织", FT_TEXT, 0),
	LIST(struct gs_provider, staff, "staff", "其他负责人员", schema_staff, 0),
	END
};
static SCHEMA(schema_provider, "provider", struct gs_provider, provider_fields);

static const struct field contract_fields[] = {
	ENUMV(struct gs_contract, kind, "kind", "合同类型", gs_contract_kind_names, REQ),
	VAL(struct gs_contract, start, "start", "起始日期", FT_DATE, REQ),
	VAL(struct gs_contract, end, "end", "截止日期", FT_DATE, 0),
	VAL(struct gs_contract, filed_on, "filed_on", "备案日期", FT_DATE, 0),
	VAL(struct gs_contract, summary, "summary", "合同主要内容", FT_MARKDOWN, 0),
	VAL(struct gs_contract, report, "report", "合同履行情况", FT_MARKDOWN, 0),
	END
};
static SCHEMA(schema_contract, "contract", struct gs_contract, contract_fields);

static const struct field service_fields[] = {
	VAL(struct gs_service, category, "category", "服务类别", FT_TEXT, REQ),
	VAL(struct gs_service, standard, "standard", "服务标准", FT_TEXT, REQ),
	END
};
static SCHEMA(schema_service, "service", struct gs_service, service_fields);

static const struct field fee_fields[] = {
	VAL(struct gs_fee, item, "item", "收费项目", FT_TEXT, REQ),
	VAL(struct gs_fee, applies_to, "applies_to", "适用范围", FT_TEXT, 0),
	VAL(struct gs_fee, amount, "amount", "收费标准", FT_MONEY, REQ),
	VAL(struct gs_fee, unit, "unit", "计量单位", FT_TEXT, REQ),
	ENUMV(struct gs_fee, pricing, "pricing", "价格管理形式", gs_pricing_names, REQ),
	ENUMV(struct gs_fee, mode, "mode", "收费形式", gs_fee_mode_names, 0),
	VAL(struct gs_fee, basis, "basis", "收费依据", FT_TEXT, 0),
	VAL(struct gs_fee, since, "since", "执行日期", FT_DATE, 0),
	VAL(struct gs_fee, base_amount, "base_amount", "基准价", FT_MONEY, 0),
	VAL(struct gs_fee, float_pct, "float_pct", "浮动幅度（%）", FT_PERCENT, 0),
	VAL(struct gs_fee, payer, "payer", "收费对象", FT_TEXT, 0),
	VAL(struct gs_fee, announced_on, "announced_on", "标准公示日期", FT_DATE, 0),
	VAL(struct gs_fee, note, "note", "说明", FT_TEXT, 0),
	END
};
static SCHEMA2(schema_fee, "fee", struct gs_fee, fee_fields);

/* The yearly accounts (schema 2). */
static const struct field entry_fields[] = {
	VAL(struct gs_entry, item, "item", "项目", FT_TEXT, REQ),
	VAL(struct gs_entry, amount, "amount", "金额", FT_MONEY, REQ),
	END
};
static SCHEMA(schema_entry, "entry", struct gs_entry, entry_fields);

static const struct field account_fields[] = {
	VAL(struct gs_account, period, "period", "统计期间", FT_PERIOD, REQ),
	LIST(struct gs_account, income, "income", "收入", schema_entry, 0),
	LIST(struct gs_account, expense, "expense", "支出", schema_entry, 0),
	VAL(struct gs_account, collection_rate, "collection_rate", "物业费收缴率（%）", FT_PERCENT, 0),
	VAL(struct gs_account, note, "note", "说明", FT_MARKDOWN, 0),
	END
};
static SCHEMA(schema_account, "accounts entry", struct gs_account, account_fields);

static const struct field utility_fields[] = {
	VAL(struct gs_utility, period, "period", "分摊期间", FT_PERIOD, REQ),
	VAL(struct gs_utility, item, "item", "分摊项目", FT_TEXT, REQ),
	VAL(struct gs_utility, total, "total", "总金额", FT_MONEY, REQ),
	VAL(struct gs_utility, households, "households", "分摊户数", FT_COUNT, REQ),
	VAL(struct gs_utility, method, "method", "分摊方式", FT_TEXT, REQ),
	VAL(struct gs_utility, per_household, "per_household", "户均金额", FT_MONEY, 0),
	END
};
static SCHEMA2(schema_utility, "shared_utilities entry", struct gs_utility, utility_fields);

static const struct field complaints_fields[] = {
	VAL(struct gs_complaints, period, "period", "统计期间", FT_PERIOD, REQ),
	VAL(struct gs_complaints, source, "source", "投诉渠道", FT_TEXT, REQ),
	VAL(struct gs_complaints, received, "received", "受理件数", FT_COUNT, REQ),
	VAL(struct gs_complaints, resolved, "resolved", "办结件数", FT_COUNT, 0),
	VAL(struct gs_complaints, satisfied, "satisfied", "满意件数", FT_COUNT, 0),
	END
};
static SCHEMA2(schema_complaints, "complaints entry", struct gs_complaints, complaints_fields);

/* An owners' vote, as 民法典第二百七十八条 counts it (schema 2). */
static const struct field tally_fields[] = {
	VAL(struct gs_tally, owners, "owners", "人数", FT_COUNT, 0),
	VAL(struct gs_tally, area_m2, "area_m2", "专有部分面积（平方米）", FT_DECIMAL, 0),
	END
};
static SCHEMA(schema_tally, "count", struct gs_tally, tally_fields);

static const struct field window_fields[] = {
	VAL(struct gs_window, start, "start", "开始日期", FT_DATE, REQ),
	VAL(struct gs_window, end, "end", "截止日期", FT_DATE, REQ),
	END
};
static SCHEMA(schema_window, "window", struct gs_window, window_fields);

static const struct field vote_option_fields[] = {
	VAL(struct gs_vote_option, name, "name", "选项", FT_TEXT, REQ),
	VAL(struct gs_vote_option, owners, "owners", "人数", FT_COUNT, 0),
	VAL(struct gs_vote_option, area_m2, "area_m2", "专有部分面积（平方米）", FT_DECIMAL, 0),
	END
};
static SCHEMA(schema_vote_option, "option", struct gs_vote_option, vote_option_fields);

static const struct field vote_fields[] = {
	ENUMV(struct gs_vote, matter, "matter", "表决事项", gs_vote_matter_names, 0),
	SUB(struct gs_vote, window, "window", "表决时间", schema_window, 0),
	SUB(struct gs_vote, eligible, "eligible", "应参与表决", schema_tally, 0),
	SUB(struct gs_vote, voted, "voted", "参与表决", schema_tally, 0),
	SUB(struct gs_vote, in_favour, "for", "同意", schema_tally, 0),
	SUB(struct gs_vote, against, "against", "反对", schema_tally, 0),
	SUB(struct gs_vote, abstain, "abstain", "弃权", schema_tally, 0),
	SUB(struct gs_vote, spoiled, "spoiled", "无效票", schema_tally, 0),
	SUB(struct gs_vote, counted_with_majority, "counted_with_majority", "未表态计入多数", schema_tally, 0),
	LIST(struct gs_vote, options, "options", "候选选项", schema_vote_option, 0),
	ENUMV(struct gs_vote, result, "result", "表决结果", gs_vote_result_names, 0),
	END
};
static SCHEMA(schema_vote, "vote", struct gs_vote, vote_fields);

static const struct field revenue_source_fields[] = {
	VAL(struct gs_revenue_source, source, "source", "收益来源", FT_TEXT, REQ),
	VAL(struct gs_revenue_source, amount, "amount", "金额", FT_MONEY, REQ),
	VAL(struct gs_revenue_source, cost, "cost", "成本", FT_MONEY, 0),
	END
};
static SCHEMA(schema_revenue_source, "source", struct gs_revenue_source,
    revenue_source_fields);

static const struct field revenue_use_fields[] = {
	VAL(struct gs_revenue_use, purpose, "purpose", "用途", FT_TEXT, REQ),
	VAL(struct gs_revenue_use, amount, "amount", "金额", FT_MONEY, REQ),
	VAL(struct gs_revenue_use, decision, "decision", "决定依据", FT_TEXT, 0),
	END
};
static SCHEMA(schema_revenue_use, "use", struct gs_revenue_use, revenue_use_fields);

static const struct field revenue_fields[] = {
	VAL(struct gs_revenue, period, "period", "统计期间", FT_TEXT, REQ),
	LIST(struct gs_revenue, sources, "sources", "收益来源", schema_revenue_source, NONEMPTY),
	LIST(struct gs_revenue, uses, "uses", "收益使用", schema_revenue_use, 0),
	VAL(struct gs_revenue, account, "account", "存放账户", FT_TEXT, 0),
	VAL(struct gs_revenue, management_share, "management_share", "物业服务人管理费用", FT_MONEY, 0),
	VAL(struct gs_revenue, carried_forward, "carried_forward", "上期结余", FT_MONEY, 0),
	END
};
static SCHEMA(schema_revenue, "common_revenue", struct gs_revenue, revenue_fields);

static const struct field draw_fields[] = {
	VAL(struct gs_fund_draw, date, "date", "使用日期", FT_DATE, REQ),
	VAL(struct gs_fund_draw, project, "project", "使用项目", FT_TEXT, REQ),
	VAL(struct gs_fund_draw, amount, "amount", "使用金额", FT_MONEY, REQ),
	VAL(struct gs_fund_draw, approval, "approval", "业主表决情况", FT_TEXT, 0),
	ENUMV(struct gs_fund_draw, approval_kind, "approval_kind", "审批方式", gs_approval_kind_names, 0),
	VAL(struct gs_fund_draw, budget, "budget", "预算金额", FT_MONEY, 0),
	VAL(struct gs_fund_draw, settled, "settled", "结算金额", FT_MONEY, 0),
	VAL(struct gs_fund_draw, allocation, "allocation", "费用分摊", FT_TEXT, 0),
	VAL(struct gs_fund_draw, contractor, "contractor", "施工单位", FT_TEXT, 0),
	VAL(struct gs_fund_draw, accepted_on, "accepted_on", "验收日期", FT_DATE, 0),
	END
};
static SCHEMA2(schema_draw, "draw", struct gs_fund_draw, draw_fields);

static const struct field fund_fields[] = {
	VAL(struct gs_fund, as_of, "as_of", "截至日期", FT_DATE, REQ),
	VAL(struct gs_fund, deposited, "deposited", "累计交存", FT_MONEY, REQ),
	VAL(struct gs_fund, interest, "interest", "累计增值收益", FT_MONEY, REQ),
	VAL(struct gs_fund, used, "used", "累计使用", FT_MONEY, REQ),
	VAL(struct gs_fund, balance, "balance", "账面余额", FT_MONEY, REQ),
	LIST(struct gs_fund, draws, "draws", "使用明细", schema_draw, 0),
	VAL(struct gs_fund, lookup_url, "lookup_url", "分户账查询", FT_LINK, 0),
	END
};
static SCHEMA(schema_fund, "maintenance_fund", struct gs_fund, fund_fields);

static const struct field contractor_fields[] = {
	VAL(struct gs_contractor, system, "system", "设施设备", FT_TEXT, REQ),
	VAL(struct gs_contractor, company, "company", "专业服务单位", FT_TEXT, REQ),
	VAL(struct gs_contractor, phone, "phone", "联系电话", FT_PHONE, 0),
	VAL(struct gs_contractor, license, "license", "资质证书", FT_TEXT, 0),
	VAL(struct gs_contractor, last_inspection, "last_inspection", "最近检验日期", FT_DATE, 0),
	VAL(struct gs_contractor, valid_until, "valid_until", "检验合格有效期至", FT_DATE, 0),
	END
};
static SCHEMA2(schema_contractor, "contractor", struct gs_contractor, contractor_fields);

static const struct field term_fields[] = {
	VAL(struct gs_term, start, "start", "任期开始", FT_DATE, REQ),
	VAL(struct gs_term, end, "end", "任期结束", FT_DATE, REQ),
	END
};
static SCHEMA(schema_term, "term", struct gs_term, term_fields);

static const struct field member_fields[] = {
	VAL(struct gs_member, role, "role", "职务", FT_TEXT, REQ),
	VAL(struct gs_member, name, "name", "姓名", FT_TEXT, REQ),
	END
};
static SCHEMA2(schema_member, "member", struct gs_member, member_fields);

static const struct field decision_fields[] = {
	VAL(struct gs_decision, date, "date", "日期", FT_DATE, REQ),
	VAL(struct gs_decision, text, "text", "决议事项", FT_TEXT, REQ),
	VAL(struct gs_decision, announced_on, "announced_on", "公布日期", FT_DATE, 0),
	APART(struct gs_decision, vote, "vote", "表决情况", schema_vote, 0),
	END
};

static const struct field document_fields[] = {
	VAL(struct gs_document, title, "title", "文件名称", FT_TEXT, REQ),
	VAL(struct gs_document, url, "url", "链接", FT_LINK, 0),
	END
};
static SCHEMA(schema_document, "document", struct gs_document, document_fields);

static const struct field meeting_fields[] = {
	VAL(struct gs_meeting, date, "date", "会议日期", FT_DATE, REQ),
	VAL(struct gs_meeting, announced_on, "announced_on", "会议通知日期", FT_DATE, 0),
	VAL(struct gs_meeting, agenda, "agenda", "会议议题", FT_TEXT, REQ),
	END
};
static SCHEMA(schema_meeting, "meeting", struct gs_meeting, meeting_fields);
static SCHEMA2(schema_decision, "decision", struct gs_decision, decision_fields);

static const struct field committee_fields[] = {
	ENUMV(struct gs_committee, status, "status", "成立情况", gs_committee_status_names, REQ),
	SUB(struct gs_committee, term, "term", "任期", schema_term, 0),
	LIST(struct gs_committee, members, "members", "成员", schema_member, 0),
	VAL(struct gs_committee, phone, "phone", "联系电话", FT_PHONE, 0),
	LIST(struct gs_committee, decisions, "decisions", "决议公示", schema_decision, 0),
	LIST(struct gs_committee, documents, "documents", "管理规约等文件", schema_document, 0),
	LIST(struct gs_committee, meetings, "meetings", "会议", schema_meeting, 0),
	END
};
static SCHEMA(schema_committee, "owners_committee", struct gs_committee, committee_fields);

/* A supervision entry is a department id, or a mapping for a local one. */
static const struct field supervisor_ref =
	VAL(struct gs_supervisor, ref, "id", "监管部门", FT_ID, 0);
static const struct field supervisor_fields[] = {
	VAL(struct gs_supervisor, name, "name", "部门名称", FT_TEXT, REQ),
	VLIST(struct gs_supervisor, duties, "duties", "监管职责", FT_TEXT, 0),
	VAL(struct gs_supervisor, phone, "phone", "投诉受理电话", FT_PHONE, REQ),
	END
};
static const struct schema schema_supervisor = {
	"supervision entry", sizeof(struct gs_supervisor), supervisor_fields,
	&supervisor_ref, 1
};

static const struct field grid_fields[] = {
	VAL(struct gs_grid_row, building, "building", "楼栋", FT_TEXT, REQ),
	SUB(struct gs_grid_row, grid_member, "grid_member", "网格员", schema_person, REQ),
	SUB(struct gs_grid_row, steward, "steward", "红色管家", schema_person, 0),
	END
};
static SCHEMA(schema_grid_row, "grid row", struct gs_grid_row, grid_fields);

static const struct field commitment_fields[] = {
	VAL(struct gs_commitment, tier, "tier", "问题类别", FT_TEXT, REQ),
	VAL(struct gs_commitment, respond_min, "respond_min", "响应时限（分钟）", FT_COUNT, 0),
	VAL(struct gs_commitment, plan_min, "plan_min", "提出方案时限（分钟）", FT_COUNT, 0),
	VAL(struct gs_commitment, written_h, "written_h", "书面答复时限（小时）", FT_COUNT, 0),
	VAL(struct gs_commitment, solve_d, "solve_d", "解决时限（天）", FT_COUNT, 0),
	END
};
static SCHEMA(schema_commitment, "commitment", struct gs_commitment, commitment_fields);

static const struct field scores_fields[] = {
	VAL(struct gs_scores, year, "year", "考核年度", FT_COUNT, REQ),
	VAL(struct gs_scores, satisfaction, "satisfaction", "业主满意度评价", FT_DECIMAL, REQ),
	VAL(struct gs_scores, onsite, "onsite", "物业服务现场评价", FT_DECIMAL, REQ),
	VAL(struct gs_scores, party, "party", "街道社区党组织评价", FT_DECIMAL, REQ),
	END
};
static SCHEMA(schema_scores, "evaluation", struct gs_scores, scores_fields);

static const struct field attachment_fields[] = {
	VAL(struct gs_attachment, title, "title", "附件名称", FT_TEXT, REQ),
	VAL(struct gs_attachment, file, "file", "文件", FT_TEXT, REQ),
	END
};
static SCHEMA(schema_attachment, "attachment", struct gs_attachment, attachment_fields);

static const struct field notice_fields[] = {
	VAL(struct gs_notice, date, "date", "发布日期", FT_DATE, REQ),
	VAL(struct gs_notice, title, "title", "标题", FT_TEXT, REQ),
	ENUMV(struct gs_notice, kind, "kind", "公告类别", gs_notice_kind_names, REQ),
	VAL(struct gs_notice, body, "body", "正文", FT_MARKDOWN, REQ),
	VAL(struct gs_notice, until, "until", "公示截止日期", FT_DATE, 0),
	APART(struct gs_notice, vote, "vote", "表决情况", schema_vote, 0),
	LIST(struct gs_notice, attachments, "attachments", "附件", schema_attachment, 0),
	END
};
static SCHEMA2(schema_notice, "notice", struct gs_notice, notice_fields);

static const struct field compound_fields[] = {
	VAL(struct gs_compound, schema, "schema", "格式版本", FT_COUNT, F_IDENTITY),
	VAL(struct gs_compound, id, "id", "编号", FT_ID, IDENT),
	VAL(struct gs_compound, name, "name", "小区名称", FT_TEXT, IDENT),
	VLIST(struct gs_compound, aliases, "aliases", "别名", FT_TEXT, 0),
	VAL(struct gs_compound, address, "address", "地址", FT_TEXT, IDENT),
	CODE(struct gs_compound, community, "community", "所属社区", 0, IDENT),
	VAL(struct gs_compound, data_as_of, "data_as_of", "数据截至", FT_DATE, IDENT),
	SUB(struct gs_compound, profile, "profile", "项目概况", schema_profile, 0),
	SUB(struct gs_compound, service_room, "service_room", "物业服务用房", schema_service_room, 0),
	SUB(struct gs_compound, provider, "provider", "物业服务企业", schema_provider, F_DISCLOSE),
	SUB(struct gs_compound, contract, "contract", "物业服务合同", schema_contract, 0),
	LIST(struct gs_compound, services, "services", "服务内容与标准", schema_service, 0),
	LIST(struct gs_compound, fees, "fees", "收费项目及标准", schema_fee, F_DISCLOSE),
	LIST(struct gs_compound, accounts, "accounts", "物业服务资金收支情况", schema_account, 0),
	LIST(struct gs_compound, common_revenue, "common_revenue", "共有部分经营收益", schema_revenue, F_ONE_OR_LIST),
	LIST(struct gs_compound, shared_utilities, "shared_utilities", "公共水电费分摊", schema_utility, 0),
	SUB(struct gs_compound, maintenance_fund, "maintenance_fund", "专项维修资金", schema_fund, 0),
	LIST(struct gs_compound, contractors, "contractors", "专业服务单位", schema_contractor, 0),
	SUB(struct gs_compound, owners_committee, "owners_committee", "业主自治组织", schema_committee, REQ),
	LIST(struct gs_compound, supervision, "supervision", "监管部门", schema_supervisor, NONEMPTY),
	LIST(struct gs_compound, grid, "grid", "网格员与红色管家", schema_grid_row, 0),
	LIST(struct gs_compound, commitments, "commitments", "服务响应承诺", schema_commitment, 0),
	SUB(struct gs_compound, evaluation, "evaluation", "考核评价", schema_scores, 0),
	VAL(struct gs_compound, notice, "notice", "公告", FT_MARKDOWN, 0),
	VLIST(struct gs_compound, published_by, "published_by", "公示单位", FT_TEXT, 0),
	LIST(struct gs_compound, complaints, "complaints", "投诉处理情况", schema_complaints, 0),
	LIST(struct gs_compound, notices, "notices", "公告", schema_notice, 0),
	END
};
SCHEMA(schema_compound, "compound", struct gs_compound, compound_fields);

/* The front matter of pages/NAME.md. */
static const struct field page_fields[] = {
	VAL(struct gs_page, title, "title", "标题", FT_TEXT, REQ),
	VAL(struct gs_page, order, "order", "排序", FT_COUNT, 0),
	END
};
SCHEMA(schema_page, "page", struct gs_page, page_fields);
