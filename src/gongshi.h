/*
 * The gongshi data model: typed disclosure records, as loaded from
 * content/ and checked against the record contract (SCHEMA.md).
 * Loading, rendering, diffing and history all share these types.
 *
 * Every scalar is a struct gs_val: its trimmed source text (NULL when
 * the key is absent), its typed value where the type has one, and the
 * place it was written.  Lists are struct gs_list with elements of the
 * type named in the comment.  All memory belongs to the content arena.
 */
#ifndef GONGSHI_H
#define GONGSHI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Where something was written: a file, and a line and column counted
 * from 1.  A value, list or section written as 未公示 ("not disclosed",
 * schema 2) is given, but has no value: undisclosed is set, a scalar's
 * s is gs_undisclosed and its n 0.  Compute only with GS_HAS values.
 *
 * Every scalar carries one, so it is packed in 8 bytes: the file is a
 * number gs_file_id() gives out (0: not written), whose path
 * gs_file_name() returns.  A record (RECORD_MAX) fits with room to
 * spare; yaml.c refuses the rare larger file (areas.yaml) whose values
 * lie beyond GS_LINE_MAX or GS_COL_MAX.
 */
struct gs_pos {
	unsigned long long fid : 20;
	unsigned long long line : 22;
	unsigned long long col : 21;
	unsigned long long undisclosed : 1;
};

#define GS_FILES_MAX	((1u << 20) - 1)
#define GS_LINE_MAX	((1u << 22) - 1)
#define GS_COL_MAX	((1u << 21) - 1)

/* The number of path (relative to -C DIR), the same for the same path
 * for as long as the program runs; 0 for NULL.  Safe from any thread. */
unsigned	 gs_file_id(const char *path);
/* The path of a number gs_file_id() gave, NULL for 0. */
const char	*gs_file_name(unsigned fid);
/* The file of p, NULL when p was not written. */
#define GS_FILE(p)	gs_file_name((p)->fid)
void		 gs_pos_set(struct gs_pos *, unsigned fid, unsigned line,
		    unsigned col);

extern const char gs_undisclosed[];	/* "未公示" */
extern const char gs_withheld[];	/* "不公开": a personal phone whose
					   number the contact book does not
					   give (contacts.c) */

/* A scalar that is given and disclosed: one may compute with it. */
#define GS_HAS(v)	((v)->s != NULL && !(v)->pos.undisclosed)
/* A value, list or section written as 未公示. */
#define GS_UNDISCLOSED(p) ((p)->fid != 0 && (p)->undisclosed)

/*
 * One scalar.  n holds the typed value:
 *   money, decimal	hundredths (money: fen)
 *   count		the integer
 *   date		days since 1970-01-01
 *   enum		index into the field's list of values
 * Text-like types (text, id, markdown, phone, uscc, ref) use only s.
 */
struct gs_val {
	const char	*s;	/* trimmed text; NULL when absent */
	int64_t		 n;	/* typed value, see above */
	struct gs_pos	 pos;	/* where the value was written */
};

/* 24 bytes: a list holds fewer than 2^32 elements, as a file of at
 * most 64 MiB must (bounds.h). */
struct gs_list {
	void		*v;	/* array of n elements */
	struct gs_pos	 pos;	/* where the list was written */
	uint32_t	 n;
	bool		 one;	/* given as one mapping, not a list
				   (F_ONE_OR_LIST): written back so */
};

#define GS_AT(list, type, i)	(&((type *)(list).v)[(i)])

/* A name and a phone: offices, people, hotlines. */
struct gs_contact {
	struct gs_pos	 pos;	/* file is NULL when absent */
	struct gs_val	 name;	/* text */
	struct gs_val	 phone;	/* phone */
};

struct gs_band {
	struct gs_pos	 pos;
	struct gs_val	 min;	/* decimal */
	struct gs_val	 label;	/* text */
};

/* Scores of the yearly evaluation; weights in site.yaml, scores per compound. */
struct gs_scores {
	struct gs_pos	 pos;
	struct gs_val	 year;		/* count; compounds only */
	struct gs_val	 satisfaction;	/* decimal */
	struct gs_val	 onsite;	/* decimal */
	struct gs_val	 party;		/* decimal */
};

struct gs_site_evaluation {
	struct gs_pos	 pos;
	struct gs_scores weights;	/* defaults 40, 30, 30 */
	struct gs_list	 bands;		/* struct gs_band, by min descending */
};

/* How notice boards are printed (site.yaml "board", optional). */
enum gs_paper { GS_A3, GS_A4 };
enum gs_orientation { GS_PORTRAIT, GS_LANDSCAPE };

struct gs_board_paper {
	struct gs_pos	 pos;
	struct gs_val	 paper;		/* enum gs_paper, default A3 */
	struct gs_val	 orientation;	/* enum gs_orientation, default
					   portrait */
};

/* site.yaml stale_days: warning thresholds, in days (schema 2). */
struct gs_stale {
	struct gs_pos	 pos;
	struct gs_val	 data;		/* count, default STALE_DATA_DAYS */
	struct gs_val	 fund;		/* count, default STALE_FUND_DAYS */
	struct gs_val	 revenue;	/* count, default STALE_REVENUE_DAYS */
};

struct gs_site {
	struct gs_pos	 pos;
	struct gs_val	 schema;	/* count, must be 1 */
	struct gs_val	 title;		/* text */
	struct gs_val	 city;		/* text */
	struct gs_val	 base_url;	/* http(s) URL ending in / */
	struct gs_val	 publisher;	/* text */
	struct gs_val	 language;	/* text, default zh-CN */
	struct gs_list	 short_numbers;	/* struct gs_val (digits) */
	struct gs_list	 hotlines;	/* struct gs_contact */
	struct gs_site_evaluation evaluation;
	struct gs_board_paper board;	/* gongshi's own optional key */
	struct gs_val	 utc_offset;	/* text "+08:00"; minutes in n, set
					   by check (default +08:00) */
	struct gs_val	 fund_lookup_url; /* url */
	struct gs_stale	 stale_days;
};

enum gs_level {
	GS_DISTRICT,
	GS_STREET,
	GS_COMMUNITY
};

struct gs_area {
	struct gs_pos	 pos;
	struct gs_val	 code;		/* 6, 9 or 12 digits */
	struct gs_val	 name;		/* text */
	struct gs_contact office;	/* optional */
	struct gs_list	 children;	/* struct gs_area: streets, communities */
	enum gs_level	 level;
	const struct gs_area *parent;	/* NULL for a district */
};

struct gs_department {
	struct gs_pos	 pos;
	struct gs_val	 id;		/* id */
	struct gs_val	 name;		/* text */
	struct gs_val	 scope;		/* ref: area code; absent = city-wide */
	struct gs_list	 duties;	/* struct gs_val, text */
	struct gs_val	 phone;		/* phone: the complaint line */
	struct gs_val	 contact;	/* text */
	const struct gs_area *scope_area; /* resolved scope, or NULL */
};

/*
 * A party of parties.yaml: an office that publishes, its SSH keys and
 * what it may change (compounds or areas, and record sections).
 */
enum gs_party_kind {
	GS_PARTY_COMPANY,	/* 物业服务企业 */
	GS_PARTY_COMMITTEE,	/* 业主委员会 */
	GS_PARTY_COMMUNITY,	/* 社区 */
	GS_PARTY_STREET,	/* 街道 */
	GS_PARTY_DISTRICT,	/* 区县 */
	GS_PARTY_CITY		/* 市 */
};

struct gs_party {
	struct gs_pos	 pos;
	struct gs_val	 id;		/* id */
	struct gs_val	 name;		/* text */
	struct gs_val	 kind;		/* enum gs_party_kind */
	struct gs_list	 keys;		/* struct gs_val, text: OpenSSH
					   public key lines */
	struct gs_list	 compounds;	/* struct gs_val, id */
	struct gs_list	 areas;		/* struct gs_val, area code */
	struct gs_list	 sections;	/* struct gs_val, top-level record
					   keys; absent = all */
};

enum gs_management {
	GS_MANAGED,		/* 专业物业 */
	GS_TRUSTEESHIP,		/* 社区托管 */
	GS_SELF_MANAGED		/* 业主自管 */
};

/* 政府指导价 市场调节价 政府定价 (schema 2 added the last). */
enum gs_pricing { GS_GUIDED, GS_MARKET, GS_FIXED };
enum gs_fee_mode { GS_LUMP_SUM, GS_COMMISSION };	/* 包干制 酬金制 */
enum gs_contract_kind { GS_PRELIMINARY, GS_SELECTED };	/* 前期 选聘 */
enum gs_committee_status {
	GS_COMMITTEE,		/* 已成立 */
	GS_NO_COMMITTEE,	/* 未成立 */
	GS_MANAGEMENT_COMMITTEE	/* 物业管理委员会 */
};

struct gs_fee {
	struct gs_pos	 pos;
	struct gs_val	 item;		/* text, natural key */
	struct gs_val	 applies_to;	/* text, natural key with item */
	struct gs_val	 amount;	/* money */
	struct gs_val	 unit;		/* text */
	struct gs_val	 pricing;	/* enum gs_pricing */
	struct gs_val	 mode;		/* enum gs_fee_mode */
	struct gs_val	 basis;		/* text */
	struct gs_val	 since;		/* date */
	struct gs_val	 base_amount;	/* money: 基准价 */
	struct gs_val	 float_pct;	/* percent: 浮动幅度 */
	struct gs_val	 payer;		/* text: 收费对象 */
	struct gs_val	 announced_on;	/* date the standard was posted */
	struct gs_val	 note;		/* text */
};

/* An item of income or expense in the yearly accounts. */
struct gs_entry {
	struct gs_pos	 pos;
	struct gs_val	 item;		/* text */
	struct gs_val	 amount;	/* money */
};

/* 物业服务资金收支情况 for one period (schema 2). */
struct gs_account {
	struct gs_pos	 pos;
	struct gs_val	 period;	/* period, natural key */
	struct gs_list	 income;	/* struct gs_entry */
	struct gs_list	 expense;	/* struct gs_entry */
	struct gs_val	 collection_rate; /* percent */
	struct gs_val	 note;		/* markdown */
	int64_t		 total_income;	/* fen; summed by content_check */
	int64_t		 total_expense;
	bool		 undisclosed_sums; /* an amount is 未公示: no totals */
};

/* 公共水电费分摊 for one period and item (schema 2). */
struct gs_utility {
	struct gs_pos	 pos;
	struct gs_val	 period;	/* period, natural key */
	struct gs_val	 item;		/* text, natural key */
	struct gs_val	 total;		/* money */
	struct gs_val	 households;	/* count */
	struct gs_val	 method;	/* text */
	struct gs_val	 per_household;	/* money */
};

/* Complaints received in one period from one source (schema 2). */
struct gs_complaints {
	struct gs_pos	 pos;
	struct gs_val	 period;	/* period, natural key */
	struct gs_val	 source;	/* text, natural key */
	struct gs_val	 received;	/* count */
	struct gs_val	 resolved;	/* count */
	struct gs_val	 satisfied;	/* count */
};

/* A person responsible beside the manager (schema 2). */
struct gs_staff {
	struct gs_pos	 pos;
	struct gs_val	 role;		/* text, natural key */
	struct gs_val	 name;		/* text, natural key */
	struct gs_val	 phone;		/* phone */
};

/* Owners and area, as 民法典第二百七十八条 counts them. */
struct gs_tally {
	struct gs_pos	 pos;
	struct gs_val	 owners;	/* count */
	struct gs_val	 area_m2;	/* decimal */
};

struct gs_vote_option {
	struct gs_pos	 pos;
	struct gs_val	 name;		/* text */
	struct gs_val	 owners;	/* count */
	struct gs_val	 area_m2;	/* decimal */
};

enum gs_vote_matter {
	GS_MATTER_USE_FUND,		/* 使用维修资金 */
	GS_MATTER_RAISE_FUND,		/* 筹集维修资金 */
	GS_MATTER_REBUILD,		/* 改建重建 */
	GS_MATTER_CHANGE_USE,		/* 改变共有部分用途 */
	GS_MATTER_PROVIDER,		/* 选聘解聘物业服务人 */
	GS_MATTER_RULES,		/* 制定修改管理规约 */
	GS_MATTER_OTHER			/* 其他 */
};

enum gs_vote_result { GS_PASSED, GS_FAILED };	/* 通过 未通过 */

struct gs_window {
	struct gs_pos	 pos;
	struct gs_val	 start;		/* date */
	struct gs_val	 end;		/* date */
};

/* An owners' vote (schema 2): every key optional. */
struct gs_vote {
	struct gs_pos	 pos;
	struct gs_val	 matter;	/* enum gs_vote_matter */
	struct gs_window window;
	struct gs_tally	 eligible;
	struct gs_tally	 voted;
	struct gs_tally	 in_favour;	/* key "for" */
	struct gs_tally	 against;
	struct gs_tally	 abstain;
	struct gs_tally	 spoiled;
	struct gs_tally	 counted_with_majority;
	struct gs_list	 options;	/* struct gs_vote_option */
	struct gs_val	 result;	/* enum gs_vote_result */
};

/*
 * Few decisions and notices carry a vote, so theirs is kept apart
 * (F_APART); GS_VOTE reads one, absent or not.
 */
extern const struct gs_vote gs_no_vote;	/* every key absent */
#define GS_VOTE(p)	((p) != NULL ? (p) : &gs_no_vote)

struct gs_document {
	struct gs_pos	 pos;
	struct gs_val	 title;		/* text */
	struct gs_val	 url;		/* url */
};

struct gs_meeting {
	struct gs_pos	 pos;
	struct gs_val	 date;		/* date, natural key */
	struct gs_val	 announced_on;	/* date */
	struct gs_val	 agenda;	/* text */
};

struct gs_attachment {
	struct gs_pos	 pos;
	struct gs_val	 title;		/* text */
	struct gs_val	 file;		/* text: a path under content/files/ */
	const char	*data;		/* its bytes, read by the check */
	size_t		 len;
};

enum gs_notice_kind {
	GS_NOTICE_FUND_USE,	/* 维修资金使用 */
	GS_NOTICE_VOTE_CALL,	/* 表决通知 */
	GS_NOTICE_VOTE_RESULT,	/* 表决结果 */
	GS_NOTICE_FEE_CHANGE,	/* 收费调整 */
	GS_NOTICE_OUTAGE,	/* 停水停电 */
	GS_NOTICE_WORKS,	/* 施工 */
	GS_NOTICE_OTHER		/* 其他 */
};

/* A dated notice (schema 2). */
struct gs_notice {
	struct gs_pos	 pos;
	struct gs_val	 date;		/* date, natural key */
	struct gs_val	 title;		/* text, natural key */
	struct gs_val	 kind;		/* enum gs_notice_kind */
	struct gs_val	 body;		/* markdown */
	struct gs_val	 until;		/* date */
	struct gs_vote	*vote;		/* for 表决结果; NULL when absent */
	struct gs_list	 attachments;	/* struct gs_attachment */
};

struct gs_service {
	struct gs_pos	 pos;
	struct gs_val	 category;	/* text */
	struct gs_val	 standard;	/* text */
};

struct gs_revenue_source {
	struct gs_pos	 pos;
	struct gs_val	 source;	/* text */
	struct gs_val	 amount;	/* money */
	struct gs_val	 cost;		/* money (schema 2) */
};

struct gs_revenue_use {
	struct gs_pos	 pos;
	struct gs_val	 purpose;	/* text */
	struct gs_val	 amount;	/* money */
	struct gs_val	 decision;	/* text */
};

enum gs_approval_kind { GS_OWNERS_VOTE, GS_EMERGENCY };	/* 业主表决 应急使用 */

struct gs_fund_draw {
	struct gs_pos	 pos;
	struct gs_val	 date;		/* date */
	struct gs_val	 project;	/* text */
	struct gs_val	 amount;	/* money */
	struct gs_val	 approval;	/* text */
	struct gs_val	 approval_kind;	/* enum gs_approval_kind */
	struct gs_val	 budget;	/* money */
	struct gs_val	 settled;	/* money */
	struct gs_val	 allocation;	/* text: how it was shared out */
	struct gs_val	 contractor;	/* text: who did the work */
	struct gs_val	 accepted_on;	/* date */
};

struct gs_contractor {
	struct gs_pos	 pos;
	struct gs_val	 system;	/* text */
	struct gs_val	 company;	/* text */
	struct gs_val	 phone;		/* phone */
	struct gs_val	 license;	/* text */
	struct gs_val	 last_inspection; /* date */
	struct gs_val	 valid_until;	/* date: 检验合格 until */
};

struct gs_member {
	struct gs_pos	 pos;
	struct gs_val	 role;		/* text */
	struct gs_val	 name;		/* text */
};

struct gs_decision {
	struct gs_pos	 pos;
	struct gs_val	 date;		/* date */
	struct gs_val	 text;		/* text */
	struct gs_val	 announced_on;	/* date */
	struct gs_vote	*vote;		/* NULL when absent */
};

/* An entry of supervision: a department id, or a local entry. */
struct gs_supervisor {
	struct gs_pos	 pos;
	struct gs_val	 ref;		/* ref: department id, or absent */
	struct gs_val	 name;		/* text, local entries */
	struct gs_list	 duties;	/* struct gs_val, local entries */
	struct gs_val	 phone;		/* phone, local entries */
	const struct gs_department *dept; /* resolved ref, or NULL */
};

struct gs_grid_row {
	struct gs_pos	 pos;
	struct gs_val	 building;	/* text, natural key */
	struct gs_contact grid_member;	/* 网格员 */
	struct gs_contact steward;	/* 红色管家, optional */
};

struct gs_commitment {
	struct gs_pos	 pos;
	struct gs_val	 tier;		/* text */
	struct gs_val	 respond_min;	/* count: minutes to respond */
	struct gs_val	 plan_min;	/* count: minutes to a plan */
	struct gs_val	 written_h;	/* count: hours to a written reply */
	struct gs_val	 solve_d;	/* count: days to solve */
};

struct gs_profile {
	struct gs_pos	 pos;	/* file NULL when absent, as everywhere */
	struct gs_val	 built;		/* count (a year) */
	struct gs_val	 buildings;	/* count */
	struct gs_val	 households;	/* count */
	struct gs_val	 floor_area_m2;	/* decimal */
	struct gs_val	 management;	/* enum gs_management */
	struct gs_val	 service_level;	/* enum: 一级 … 五级 */
};

struct gs_service_room {
	struct gs_pos	 pos;
	struct gs_val	 area_m2;	/* decimal */
	struct gs_val	 location;	/* text */
};

struct gs_provider {
	struct gs_pos	 pos;
	struct gs_val	 name;		/* text */
	struct gs_val	 uscc;		/* uscc */
	struct gs_val	 hotline_24h;	/* phone */
	struct gs_val	 complaint_phone; /* phone */
	struct gs_contact manager;
	struct gs_val	 party_org;	/* text */
	struct gs_list	 staff;		/* struct gs_staff */
};

struct gs_contract {
	struct gs_pos	 pos;
	struct gs_val	 kind;		/* enum gs_contract_kind */
	struct gs_val	 start;		/* date */
	struct gs_val	 end;		/* date */
	struct gs_val	 filed_on;	/* date */
	struct gs_val	 summary;	/* markdown: main terms */
	struct gs_val	 report;	/* markdown: 合同履行情况 */
};

/*
 * How old data may be before it is marked: checks warn, pages mark it
 * (with --today), from this one place.
 */
#define STALE_DATA_DAYS	180	/* data_as_of older than this */
#define STALE_FUND_DAYS	365	/* maintenance_fund.as_of older than this */
#define STALE_REVENUE_DAYS 120	/* newest revenue period ended before this */

struct gs_revenue {
	struct gs_pos	 pos;
	struct gs_val	 period;	/* text; a period in schema 2 */
	struct gs_val	 account;	/* text */
	struct gs_val	 management_share; /* money */
	struct gs_val	 carried_forward; /* money: 上期结余 */
	struct gs_list	 sources;	/* struct gs_revenue_source */
	struct gs_list	 uses;		/* struct gs_revenue_use */
	int64_t		 total_sources;	/* fen; summed by content_check */
	int64_t		 total_uses;	/* fen; likewise */
	bool		 undisclosed_sums; /* an amount is 未公示: no totals */
};

struct gs_fund {
	struct gs_pos	 pos;
	struct gs_val	 as_of;		/* date */
	struct gs_val	 deposited;	/* money */
	struct gs_val	 interest;	/* money */
	struct gs_val	 used;		/* money */
	struct gs_val	 balance;	/* money */
	struct gs_list	 draws;		/* struct gs_fund_draw */
	struct gs_val	 lookup_url;	/* url */
};

struct gs_term {
	struct gs_pos	 pos;
	struct gs_val	 start;		/* date */
	struct gs_val	 end;		/* date */
};

struct gs_committee {
	struct gs_pos	 pos;
	struct gs_val	 status;	/* enum gs_committee_status */
	struct gs_term	 term;		/* required when 已成立 */
	struct gs_list	 members;	/* struct gs_member */
	struct gs_val	 phone;		/* phone */
	struct gs_list	 decisions;	/* struct gs_decision */
	struct gs_list	 documents;	/* struct gs_document */
	struct gs_list	 meetings;	/* struct gs_meeting */
};

struct gs_compound {
	struct gs_pos	 pos;
	struct gs_val	 schema;	/* count, 1 or 2 */
	struct gs_val	 id;		/* id, equals the file stem */
	struct gs_val	 name;		/* text */
	struct gs_list	 aliases;	/* struct gs_val, text */
	struct gs_val	 address;	/* text */
	struct gs_val	 community;	/* ref: community code */
	struct gs_val	 data_as_of;	/* date */
	struct gs_profile profile;
	struct gs_service_room service_room;
	struct gs_provider provider;
	struct gs_contract contract;
	struct gs_list	 services;	/* struct gs_service */
	struct gs_list	 fees;		/* struct gs_fee */
	struct gs_list	 accounts;	/* struct gs_account, newest first */
	struct gs_list	 common_revenue; /* struct gs_revenue, newest first;
					   schema 1 gives one mapping */
	struct gs_list	 shared_utilities; /* struct gs_utility */
	struct gs_fund	 maintenance_fund;
	struct gs_list	 contractors;	/* struct gs_contractor */
	struct gs_committee owners_committee;
	struct gs_list	 supervision;	/* struct gs_supervisor */
	struct gs_list	 grid;		/* struct gs_grid_row */
	struct gs_list	 commitments;	/* struct gs_commitment */
	struct gs_scores evaluation;
	struct gs_val	 notice;	/* markdown */
	struct gs_list	 published_by;	/* struct gs_val, text: 公示单位 */
	struct gs_list	 complaints;	/* struct gs_complaints */
	struct gs_list	 notices;	/* struct gs_notice, newest first */

	size_t		 nundisclosed;	/* values written 未公示 */
	const struct gs_area *community_area;	/* resolved community */
	const char	*path;		/* file, relative to -C DIR */
	char		 blob[41];	/* git blob id of the file's bytes: the
					   revision until history exists */
};

struct gs_page {
	struct gs_pos	 pos;
	const char	*name;		/* file stem: /pages/NAME/ */
	struct gs_val	 title;		/* text */
	struct gs_val	 order;		/* count */
	const char	*body;		/* Markdown after the front matter */
	unsigned	 body_line;	/* line where body starts */
};

/* Everything in one content/ folder. */
struct gs_content {
	struct gs_site	 site;
	struct gs_list	 districts;	/* struct gs_area */
	struct gs_list	 departments;	/* struct gs_department */
	struct gs_list	 parties;	/* struct gs_party; parties.yaml is
					   optional: none means one office */
	struct gs_compound **compounds;	/* sorted by id */
	size_t		 ncompounds;
	struct gs_page	**pages;	/* sorted by order, then name */
	size_t		 npages;
	struct gs_area	**areas;	/* every area, sorted by code */
	size_t		 nareas;
	/* Names taken back with gongshi forget (contacts.c): the site
	 * does not repeat them from the history.  NULL: none. */
	char *const	*forgotten;
	size_t		 nforgotten;
};

/* Values of enum fields, in the order of their n; NULL-terminated. */
extern const char *const gs_management_names[];
extern const char *const gs_pricing_names[];
extern const char *const gs_fee_mode_names[];
extern const char *const gs_contract_kind_names[];
extern const char *const gs_committee_status_names[];
extern const char *const gs_paper_names[];
extern const char *const gs_orientation_names[];
extern const char *const gs_party_kind_names[];

#endif /* !GONGSHI_H */
