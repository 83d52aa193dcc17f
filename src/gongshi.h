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

/* Where something was written: path relative to -C DIR, 1-based. */
struct gs_pos {
	const char	*file;
	unsigned	 line;
	unsigned	 col;
};

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

struct gs_list {
	void		*v;	/* array of n elements */
	size_t		 n;
	struct gs_pos	 pos;	/* where the list was written */
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

enum gs_management {
	GS_MANAGED,		/* 专业物业 */
	GS_TRUSTEESHIP,		/* 社区托管 */
	GS_SELF_MANAGED		/* 业主自管 */
};

enum gs_pricing { GS_GUIDED, GS_MARKET };		/* 政府指导价 市场调节价 */
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
	struct gs_val	 amount;	/* money */
	struct gs_val	 unit;		/* text */
	struct gs_val	 pricing;	/* enum gs_pricing */
	struct gs_val	 mode;		/* enum gs_fee_mode */
	struct gs_val	 basis;		/* text */
	struct gs_val	 since;		/* date */
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
};

struct gs_revenue_use {
	struct gs_pos	 pos;
	struct gs_val	 purpose;	/* text */
	struct gs_val	 amount;	/* money */
	struct gs_val	 decision;	/* text */
};

struct gs_fund_draw {
	struct gs_pos	 pos;
	struct gs_val	 date;		/* date */
	struct gs_val	 project;	/* text */
	struct gs_val	 amount;	/* money */
	struct gs_val	 approval;	/* text */
};

struct gs_contractor {
	struct gs_pos	 pos;
	struct gs_val	 system;	/* text */
	struct gs_val	 company;	/* text */
	struct gs_val	 phone;		/* phone */
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
};

struct gs_contract {
	struct gs_pos	 pos;
	struct gs_val	 kind;		/* enum gs_contract_kind */
	struct gs_val	 start;		/* date */
	struct gs_val	 end;		/* date */
	struct gs_val	 filed_on;	/* date */
};

/*
 * How old data may be before it is marked: checks warn, pages mark it
 * (with --today), from this one place.
 */
#define STALE_DATA_DAYS	180	/* data_as_of older than this */
#define STALE_FUND_DAYS	365	/* maintenance_fund.as_of older than this */

struct gs_revenue {
	struct gs_pos	 pos;
	struct gs_val	 period;	/* text */
	struct gs_list	 sources;	/* struct gs_revenue_source */
	struct gs_list	 uses;		/* struct gs_revenue_use */
	int64_t		 total_sources;	/* fen; summed by content_check */
	int64_t		 total_uses;	/* fen; likewise */
};

struct gs_fund {
	struct gs_pos	 pos;
	struct gs_val	 as_of;		/* date */
	struct gs_val	 deposited;	/* money */
	struct gs_val	 interest;	/* money */
	struct gs_val	 used;		/* money */
	struct gs_val	 balance;	/* money */
	struct gs_list	 draws;		/* struct gs_fund_draw */
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
};

struct gs_compound {
	struct gs_pos	 pos;
	struct gs_val	 schema;	/* count, must be 1 */
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
	struct gs_revenue common_revenue;
	struct gs_fund	 maintenance_fund;
	struct gs_list	 contractors;	/* struct gs_contractor */
	struct gs_committee owners_committee;
	struct gs_list	 supervision;	/* struct gs_supervisor */
	struct gs_list	 grid;		/* struct gs_grid_row */
	struct gs_list	 commitments;	/* struct gs_commitment */
	struct gs_scores evaluation;
	struct gs_val	 notice;	/* markdown */

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
	struct gs_compound **compounds;	/* sorted by id */
	size_t		 ncompounds;
	struct gs_page	**pages;	/* sorted by order, then name */
	size_t		 npages;
	struct gs_area	**areas;	/* every area, sorted by code */
	size_t		 nareas;
};

/* Values of enum fields, in the order of their n; NULL-terminated. */
extern const char *const gs_management_names[];
extern const char *const gs_pricing_names[];
extern const char *const gs_fee_mode_names[];
extern const char *const gs_contract_kind_names[];
extern const char *const gs_committee_status_names[];
extern const char *const gs_paper_names[];
extern const char *const gs_orientation_names[];

#endif /* !GONGSHI_H */
