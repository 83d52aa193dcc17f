/* The record contract as tables, and their walker (schema.c). */
#ifndef SCHEMA_H
#define SCHEMA_H

#include <stddef.h>
#include "buf.h"

struct arena;
struct diags;
struct node;

/*
 * The record schema as tables: one table per kind of mapping,
 * one row per key, giving its type, its Chinese label and where it is
 * stored.  Loading walks these tables; the diff engine and templates
 * read them for labels.  Every struct a table fills starts with a
 * struct gs_pos, which records where the mapping was written.
 */
enum ftype {
	FT_TEXT,	/* text: non-empty, no control characters */
	FT_MARKDOWN,	/* CommonMark, at most MARKDOWN_MAX bytes */
	FT_ID,		/* [a-z0-9][a-z0-9-]{0,63} */
	FT_DATE,	/* YYYY-MM-DD */
	FT_MONEY,	/* yuan, stored as fen */
	FT_DECIMAL,	/* stored as hundredths */
	FT_COUNT,	/* non-negative integer */
	FT_PHONE,	/* see check_phone() */
	FT_USCC,	/* unified social credit code */
	FT_ENUM,	/* one of field.values */
	FT_CODE,	/* area code: field.len digits, or 6, 9 or 12 */
	FT_URL,		/* http(s) URL, stored ending in '/' */
	FT_DIGITS,	/* a short service number: 3 to 6 digits */
	FT_LINK,	/* url (schema 2): an http(s) link, kept as written */
	FT_PERIOD,	/* period (schema 2): its last day in n */
	FT_PERCENT,	/* percent (schema 2): 0 to 100, in hundredths */
	FT_STRUCT,	/* nested mapping described by field.sub */
	FT_LIST,	/* list of mappings described by field.sub */
	FT_VLIST	/* list of scalars of type field.elem */
};

#define F_REQUIRED	0x01	/* the key must be present */
#define F_NONEMPTY	0x02	/* a list must have at least one element */
#define F_ONE_OR_LIST	0x04	/* FT_LIST: one mapping stands for a list
				   of one (common_revenue, schema 1) */
#define F_IDENTITY	0x08	/* never 未公示: what names the record */
#define F_DISCLOSE	0x10	/* may be 未公示 though not F_REQUIRED
				   (provider, fees: required by rule) */
#define F_APART		0x20	/* FT_STRUCT kept out of line: the struct
				   holds a pointer, NULL while the key is
				   absent, so that a section most records
				   leave out (a decision's vote, 536
				   bytes) takes 8 */

struct schema;

struct field {
	const char	*key;		/* YAML key; NULL ends a table */
	const char	*label;		/* Chinese label for people */
	enum ftype	 type;
	enum ftype	 elem;		/* FT_VLIST: type of the elements */
	unsigned	 flags;		/* F_REQUIRED, F_NONEMPTY */
	size_t		 off;		/* offset in the struct being filled */
	const struct schema *sub;	/* FT_STRUCT, FT_LIST */
	const char *const *values;	/* FT_ENUM: NULL-terminated */
	unsigned	 len;		/* FT_CODE: digits required, 0 any */
};

struct schema {
	const char	*name;		/* in messages: "fee", "provider" */
	size_t		 size;		/* size of the struct filled */
	const struct field *fields;	/* ends with a NULL key */
	const struct field *scalar;	/* a plain scalar fills this field */
	unsigned	 nkey;		/* leading fields that name a list
					   element for diffs; 0 means 1 */
};

extern const struct schema schema_site;
extern const struct schema schema_areas_file;
extern const struct schema schema_departments_file;
extern const struct schema schema_parties_file;
extern const struct schema schema_compound;
extern const struct schema schema_page;

/* One key on the way from the top of a record to the value read. */
struct walk_step {
	const struct field *f;
	size_t		 index;		/* entry of f's list, from 1; or 0 */
};

#define WALK_DEPTH	16	/* deeper than any table nests (5) */
#define WALK_SEEN	4096	/* short texts remembered, a power of 2 */
#define WALK_SEEN_LEN	48	/* the longest text remembered */

/*
 * Short texts a loading thread gave already, by hash, in the arena the
 * walker copies values to: a grid member's name and phone stand beside
 * each building they look after, and a city's records repeat the same
 * fee items, units, companies and offices thousands of times.  Each is
 * kept once per thread.
 */
struct walk_seen {
	struct {
		const char	*s;
		size_t		 len;
	}		 v[WALK_SEEN];
};

/* What the schema walker needs besides the tree. */
struct walker {
	struct arena	*arena;		/* where values are copied */
	struct diags	*diags;
	unsigned	 fid;		/* the file's number (pos.c) */
	const char *const *shorts;	/* short service numbers */
	struct buf	 msg;		/* scratch for messages */
	struct buf	 name;		/* scratch: the key a message names */
	int		 compound;	/* a compound record: 未公示 allowed */
	size_t		 undisclosed;	/* how many values were 未公示 */
	const char *const *only;	/* the top-level keys to read, NULL-
					   ended; NULL: all (content.h) */
	struct walk_step path[WALK_DEPTH];	/* the keys being read */
	size_t		 depth;
	struct walk_seen *seen;		/* the loading thread's */
};

/*
 * Where field f of base is read: in place, or for an F_APART struct
 * the one its pointer names, or while that is NULL a shared struct of
 * zeros, which reads as every key absent.
 */
const void *field_value(const void *base, const struct field *f);
#define APART_MAX	1024	/* the largest F_APART struct */
/* The same for one who writes: NULL for an absent F_APART struct. */
void	*field_value_mut(void *base, const struct field *f);

void	 walk_record(struct walker *, const struct node *,
	    const struct schema *, void *base);
const struct node *map_get(const struct node *map, const char *key);
int	 text_is_undisclosed(const char *, size_t);
void	 walker_free(struct walker *);

/*
 * A key as messages name it: its path from the top of the record, list
 * entries counted from 1 as people count them, then the Chinese label
 * of its last key, "fees[2].amount（收费标准）".  path is the key as
 * written, "fees[2].amount"; the label comes from root's tables.
 */
void	 key_name(struct buf *, const struct schema *root, const char *path);
/* The table of the mapping or list entries at path, or NULL. */
const struct schema *schema_at(const struct schema *root, const char *path);

#endif /* !SCHEMA_H */
