/*
 * Reading an xlsx workbook's cells: libzip opens the package from
 * memory, expat parses each part as it is unpacked, 64 KiB at a time,
 * so no sheet's XML is ever held whole.
 *
 * The order is the one the parts depend on: _rels/.rels names the
 * workbook part, its relationships name the sheets, the styles (which
 * number formats are dates) and the shared strings, which the sheets
 * then point into.  Elements are matched by local name, so prefixed
 * (x:c) and Strict OOXML (other namespace URIs) workbooks read alike.
 *
 * A workbook is untrusted input: it is refused, with one diagnostic,
 * when it unpacks past a limit, has a DTD (entity expansion), or holds
 * more sheets, cells or characters than Excel itself allows.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>
#include <zip.h>

#include "arena.h"
#include "diag.h"
#include "escape.h"
#include "i18n.h"
#include "progress.h"
#include "scalar.h"
#include "xlsxread.h"

#define CHUNK		(64 * 1024)	/* unpacked and parsed at a time */
#define POOL_BLOCK	(256 * 1024)	/* cell texts packed per block */
#define NS_SEP		'\001'	/* expat's URI|local separator: a byte
				   no XML 1.0 name or URI can hold */
/* Bytes of a cell's text before _xHHHH_ escapes are decoded: seven
 * bytes may make one character, so this bounds what is collected
 * until the characters can be counted. */
#define RAW_TEXT_MAX	(8 * XLSX_MAX_TEXT)

static const struct xlsx_limits default_limits = {
	XLSX_MAX_BYTES, XLSX_MAX_SHEETS, XLSX_MAX_CELLS
};

/*
 * Cell texts packed end to end in big arena blocks: the arena aligns
 * every allocation to 16 bytes, which would double the size of the
 * millions of short numbers a workbook holds.
 */
struct text_pool {
	struct arena	*arena;
	char		*p;	/* free space in the current block */
	size_t		 left;
};

struct rel {
	const char	*id;
	const char	*type;	/* the last segment of the type URI */
	const char	*part;	/* resolved: "xl/worksheets/sheet1.xml" */
};

struct sheet_entry {
	const char	*rid;	/* r:id in workbook.xml */
};

/* One workbook being read: what every stage shares. */
struct reader {
	const char	*file;		/* for diagnostics */
	struct arena	*arena;		/* the caller's: what is returned */
	struct arena	 scratch;	/* freed when reading ends */
	struct diags	*diags;
	const struct xlsx_limits *lim;
	zip_t		*zip;
	size_t		 unpacked;	/* bytes unpacked so far, all parts */
	size_t		 ncells;	/* cells kept, all sheets */
	struct text_pool pool;
	struct buf	 text;		/* string being collected */
	struct buf	 num;		/* a number or name for a message */
	int		 failed;	/* the one diagnostic was given */

	struct rel	*rels;		/* of the part being resolved */
	size_t		 nrels;
	uint8_t		*xf_date;	/* cellXfs index -> is a date style */
	size_t		 nxf;
	const char	**sst;		/* shared strings, NUL-terminated */
	size_t		 nsst;
	struct progress	 progress;	/* rows read, all sheets */
};

/* What every part's expat handlers reach first (their user data). */
struct xml {
	struct reader	*r;
	XML_Parser	 parser;
	const char	*part;		/* "xl/worksheets/sheet1.xml" */
};

/*
 * Where a string's text is, inside <si> (shared) or <is> (inline):
 * plain <t>, or the <t> of each rich-text run <r>, never the <t> of a
 * phonetic run <rPh> (furigana, which Excel does not show in the cell).
 */
struct rich {
	int		 active;	/* inside <si> or <is> */
	int		 phonetic;	/* depth of <rPh> */
	int		 in_t;
};

static void
fail(struct reader *r, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* The one diagnostic of a failed read; later ones are consequences. */
static void
fail(struct reader *r, const char *fmt, ...)
{
	struct buf	 b = { 0 };
	va_list		 ap;

	if (r->failed)
		return;
	r->failed = 1;
	va_start(ap, fmt);
	buf_vprintf(&b, _(fmt), ap);
	va_end(ap);
	diag_add(r->diags, r->file, 0, 0, SEV_ERROR, "%s", b.p ? b.p : "");
	buf_free(&b);
}

/* Stops the parse in progress, if any: the error is reported. */
static void
xml_stop(struct xml *x)
{
	if (x->parser != NULL)
		XML_StopParser(x->parser, XML_FALSE);
}

static const char *
local_name(const char *name)
{
	const char	*s = strrchr(name, NS_SEP);

	return s != NULL ? s + 1 : name;
}

/* The value of the attribute with this local name, or NULL. */
static const char *
attr(const XML_Char **atts, const char *name)
{
	for (; atts[0] != NULL; atts += 2)
		if (strcmp(local_name(atts[0]), name) == 0)
			return atts[1];
	return NULL;
}

/* An unsigned decimal without sign or spaces, at most max. */
static int
parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long	 n = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (unsigned long)(*s - '0');
		if (n > max)
			return -1;
	}
	*out = n;
	return 0;
}

static const char *
pool_put(struct text_pool *p, const char *s, size_t n)
{
	char	*d;

	if (n + 1 > p->left) {
		if (n + 1 > POOL_BLOCK / 8) {
			d = arena_alloc(p->arena, n + 1);
			goto copy;
		}
		p->p = arena_alloc(p->arena, POOL_BLOCK);
		p->left = POOL_BLOCK;
	}
	d = p->p;
	p->p += n + 1;
	p->left -= n + 1;
copy:
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* XML's whitespace only: isspace() would split UTF-8 in some locales. */
static int
xml_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && xml_space(**s))
		(*s)++, (*n)--;
	while (*n > 0 && xml_space((*s)[*n - 1]))
		(*n)--;
}

static int
hex4(const char *s, unsigned *out)
{
	unsigned	 v = 0;
	int		 i, d;

	for (i = 0; i < 4; i++) {
		if ((d = hex_digit(s[i])) < 0)
			return -1;
		v = v * 16 + (unsigned)d;
	}
	*out = v;
	return 0;
}

/* The _xHHHH_ escape at s (n bytes left), or -1. */
static int
xescape(const char *s, size_t n, unsigned *cp)
{
	if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
		return -1;
	return hex4(s + 2, cp);
}

static size_t
utf8_put(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Decodes OOXML's ST_Xstring escapes in place: _xHHHH_ is the UTF-16
 * unit HHHH (Excel writes a carriage return as _x000D_), _x005F_ an
 * underscore, so "_x005F_x000D_" stays the text "_x000D_".  A surrogate
 * pair becomes its character; a lone surrogate or NUL, which UTF-8
 * text cannot hold, is left as written.  Returns the new length.
 */
static size_t
xstring_decode(char *s, size_t n)
{
	size_t		 i = 0, o = 0;
	unsigned	 cp, lo;

	while (i < n) {
		if (s[i] != '_' || xescape(s + i, n - i, &cp) == -1) {
			s[o++] = s[i++];
			continue;
		}
		if (cp >= 0xd800 && cp <= 0xdbff &&
		    xescape(s + i + 7, n - i - 7, &lo) == 0 &&
		    lo >= 0xdc00 && lo <= 0xdfff) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			i += 14;
		} else if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff)) {
			s[o++] = s[i++];
			continue;
		} else
			i += 7;
		o += utf8_put(s + o, cp);
	}
	return o;
}

/* "-12.5", "45627", "3.5000000000000003E-2": xsd:double as Excel
 * writes it, without INF and NaN, which no cell can hold. */
static int
is_number(const char *s, size_t n)
{
	size_t	 i = 0, digits = 0;

	if (i < n && s[i] == '-')
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (digits = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
		if (digits == 0)
			return 0;
	}
	return i == n;
}

/* The start of s, quoted for a message (at most 24 characters, never
 * cut inside one), in b instead of what it held; returns b's text. */
static const char *
quote_start(struct buf *b, const char *s, size_t n)
{
	size_t	 i, chars = 0;

	buf_truncate(b, 0);
	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && chars++ == 24)
			break;
	}
	buf_printf(b, "'%.*s%s'", (int)i, s, i < n ? "…" : "");
	return b->p;
}

/*
 * A sheet's name as Excel writes it in a reference, appended to b:
 * quoted when it has spaces or punctuation ('Fees 2026'!C12), as is
 * (收费标准!C12).  Returns b's text.
 */
static const char *
sheet_label(struct buf *b, const char *name)
{
	const unsigned char *s;
	int	 quote = name[0] == '\0' || (name[0] >= '0' && name[0] <= '9');

	for (s = (const unsigned char *)name; *s != '\0'; s++)
		if (*s < 0x80 && !isalnum(*s) && *s != '_' && *s != '.')
			quote = 1;
	if (!quote) {
		buf_puts(b, name);
		return b->p;
	}
	buf_putc(b, '\'');
	for (s = (const unsigned char *)name; *s != '\0'; s++) {
		if (*s == '\'')
			buf_putc(b, '\'');
		buf_putc(b, *s);
	}
	buf_putc(b, '\'');
	return b->p;
}

/* n with thousands separators, as the limits are said: "20,000,000". */
static const char *
thousands(struct buf *b, size_t n)
{
	char	 digits[32];
	int	 len, i;

	len = snprintf(digits, sizeof(digits), "%zu", n);
	buf_truncate(b, 0);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf_putc(b, ',');
		buf_putc(b, digits[i]);
	}
	return b->p;
}

/* ---------------------------------------------------------------- */
/* Reading one part */

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal_subset)
{
	struct xml	*x = ud;

	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	fail(x->r, "is refused: its part %s has a document type declaration "
	    "(<!DOCTYPE>), which no spreadsheet program writes and which "
	    "can hide an entity expansion attack", x->part);
	xml_stop(x);
}

/* Entities are declared in a DTD, which on_doctype() already stopped;
 * this holds if expat ever hands one over on its way out. */
static void XMLCALL
on_entity(void *ud, const XML_Char *name, int is_parameter_entity,
    const XML_Char *value, int value_length, const XML_Char *base,
    const XML_Char *sysid, const XML_Char *pubid, const XML_Char *notation)
{
	struct xml	*x = ud;

	(void)name, (void)is_parameter_entity, (void)value;
	(void)value_length, (void)base, (void)sysid, (void)pubid;
	(void)notation;
	fail(x->r, "is refused: its part %s declares XML entities, which no "
	    "spreadsheet program writes", x->part);
	xml_stop(x);
}

static void
zip_failed(struct reader *r, const char *part, zip_error_t *ze)
{
	switch (zip_error_code_zip(ze)) {
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
	case ZIP_ER_ENCRNOTSUPP:
		fail(r, "is password-protected: gongshi cannot read an "
		    "encrypted workbook; remove the password in Excel, WPS or "
		    "LibreOffice and save it again");
		break;
	case ZIP_ER_COMPNOTSUPP:
		fail(r, "cannot be read: its part %s is compressed in a way "
		    "xlsx files never are; open the workbook in Excel, WPS or "
		    "LibreOffice and save it again", part);
		break;
	case ZIP_ER_MEMORY:
		fail(r, "cannot be read: out of memory");
		break;
	default:
		fail(r, "is damaged: its part %s cannot be unpacked (%s); "
		    "open the workbook in Excel, WPS or LibreOffice and save "
		    "it again", part, zip_error_strerror(ze));
		break;
	}
}

static void
too_large(struct reader *r)
{
	size_t	 max = r->lim->max_bytes;
	int	 mib = max >= 1024 * 1024 && max % (1024 * 1024) == 0;

	if (mib)
		fail(r, "is refused: it unpacks to more than %s MiB, far more "
		    "than a workbook of records needs (it may be a zip bomb)",
		    thousands(&r->num, max / (1024 * 1024)));
	else
		fail(r, "is refused: it unpacks to more than %s bytes, far "
		    "more than a workbook of records needs (it may be a zip "
		    "bomb)", thousands(&r->num, max));
}

/* The index of part in the zip, or -1.  Part names are case-blind
 * (OPC), but the exact name, which libzip hashes, is tried first. */
static zip_int64_t
locate(struct reader *r, const char *part)
{
	zip_int64_t	 i;

	if ((i = zip_name_locate(r->zip, part, 0)) >= 0)
		return i;
	return zip_name_locate(r->zip, part, ZIP_FL_NOCASE);
}

/*
 * Streams the part through a fresh expat parser with x's handlers.
 * Returns 0, 1 if the zip has no such part, or -1 after the one
 * diagnostic.
 */
static int
read_part(struct reader *r, struct xml *x, XML_StartElementHandler start,
    XML_EndElementHandler end, XML_CharacterDataHandler text)
{
	zip_int64_t	 idx;
	zip_stat_t	 st;
	zip_file_t	*zf = NULL;
	zip_int64_t	 n;
	void		*b;
	int		 rc = -1;

	if ((idx = locate(r, x->part)) < 0)
		return 1;
	zip_stat_init(&st);
	if (zip_stat_index(r->zip, (zip_uint64_t)idx, 0, &st) == -1) {
		zip_failed(r, x->part, zip_get_error(r->zip));
		return -1;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st.encryption_method != ZIP_EM_NONE) {
		fail(r, "is password-protected: gongshi cannot read an "
		    "encrypted workbook; remove the password in Excel, WPS or "
		    "LibreOffice and save it again");
		return -1;
	}
	/* What the zip says first; what it unpacks to is counted below,
	 * since a zip can lie about sizes. */
	if ((st.valid & ZIP_STAT_SIZE) &&
	    st.size > r->lim->max_bytes - r->unpacked) {
		too_large(r);
		return -1;
	}
	if ((zf = zip_fopen_index(r->zip, (zip_uint64_t)idx, 0)) == NULL) {
		zip_failed(r, x->part, zip_get_error(r->zip));
		return -1;
	}
	if ((x->parser = XML_ParserCreateNS(NULL, NS_SEP)) == NULL) {
		fail(r, "cannot be read: out of memory");
		goto out;
	}
	x->r = r;
	XML_SetUserData(x->parser, x);
	XML_SetElementHandler(x->parser, start, end);
	XML_SetCharacterDataHandler(x->parser, text);
	XML_SetStartDoctypeDeclHandler(x->parser, on_doctype);
	XML_SetEntityDeclHandler(x->parser, on_entity);
	do {
		if ((b = XML_GetBuffer(x->parser, CHUNK)) == NULL) {
			fail(r, "cannot be read: out of memory");
			goto out;
		}
		if ((n = zip_fread(zf, b, CHUNK)) < 0) {
			zip_failed(r, x->part, zip_file_get_error(zf));
			goto out;
		}
		if ((size_t)n > r->lim->max_bytes - r->unpacked) {
			too_large(r);
			goto out;
		}
		r->unpacked += (size_t)n;
		if (XML_ParseBuffer(x->parser, (int)n, n == 0) !=
		    XML_STATUS_OK) {
			fail(r, "is damaged: its part %s is not well-formed "
			    "XML (line %lu, column %lu: %s); open the workbook "
			    "in Excel, WPS or LibreOffice and save it again",
			    x->part,
			    (unsigned long)XML_GetCurrentLineNumber(x->parser),
			    (unsigned long)XML_GetCurrentColumnNumber(x->parser)
			    + 1, XML_ErrorString(XML_GetErrorCode(x->parser)));
			goto out;
		}
	} while (n > 0 && !r->failed);
	rc = r->failed ? -1 : 0;
out:
	if (x->parser != NULL)
		XML_ParserFree(x->parser);
	x->parser = NULL;
	zip_fclose(zf);
	return rc;
}

/* ---------------------------------------------------------------- */
/* Relationships: _rels/.rels and the workbook's */

struct rels_state {
	struct xml	 x;
	const char	*base;		/* folder targets are relative to */
	struct rel	*v;
	size_t		 n, cap;
};

/*
 * A relationship's target as a part name: relative to the folder of
 * the part that has it, or absolute ("/xl/…"); NULL if it leaves the
 * package.  Some writers use backslashes.
 */
static const char *
resolve(struct reader *r, const char *base, const char *target)
{
	struct buf	 path = { 0 };
	const char	*seg, *end, *out = NULL;
	size_t		 len;

	/* path is kept as segments each followed by '/'. */
	if (target[0] != '/' && target[0] != '\\')
		buf_puts(&path, base);
	buf_put(&path, "", 0);
	for (seg = target; *seg != '\0'; seg = *end ? end + 1 : end) {
		end = seg + strcspn(seg, "/\\");
		len = (size_t)(end - seg);
		if (len == 0 || (len == 1 && seg[0] == '.'))
			continue;
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			if (path.len == 0)
				goto out;	/* out of the package */
			path.len--;
			while (path.len > 0 && path.p[path.len - 1] != '/')
				path.len--;
			path.p[path.len] = '\0';
			continue;
		}
		buf_put(&path, seg, len);
		buf_putc(&path, '/');
	}
	if (path.len > 1)
		out = arena_strndup(&r->scratch, path.p, path.len - 1);
out:
	buf_free(&path);
	return out;
}

static void XMLCALL
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rels_state *s = ud;
	const char	*id, *type, *target, *mode, *slash, *part;

	if (s->x.r->failed || strcmp(local_name(name), "Relationship") != 0)
		return;
	id = attr(atts, "Id");
	type = attr(atts, "Type");
	target = attr(atts, "Target");
	mode = attr(atts, "TargetMode");
	if (id == NULL || type == NULL || target == NULL ||
	    (mode != NULL && strcmp(mode, "External") == 0))
		return;
	if ((part = resolve(s->x.r, s->base, target)) == NULL)
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	slash = strrchr(type, '/');
	s->v[s->n].id = arena_strdup(&s->x.r->scratch, id);
	s->v[s->n].type = arena_strdup(&s->x.r->scratch,
	    slash != NULL ? slash + 1 : type);
	s->v[s->n].part = part;
	s->n++;
}

static void XMLCALL
ignore_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

static void XMLCALL
ignore_text(void *ud, const XML_Char *s, int len)
{
	(void)ud, (void)s, (void)len;
}

static int
rel_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rel *)a)->id,
	    ((const struct rel *)b)->id);
}

/*
 * Reads the relationships of part (its _rels/NAME.rels) into r->rels,
 * sorted by id.  Returns 0 (also when there are none) or -1.
 */
static int
read_rels(struct reader *r, const char *part)
{
	struct rels_state s;
	struct buf	 name = { 0 }, base = { 0 };
	const char	*slash = strrchr(part, '/');
	size_t		 dir = slash != NULL ? (size_t)(slash - part + 1) : 0;
	int		 rc;

	memset(&s, 0, sizeof(s));
	buf_put(&base, part, dir);
	buf_printf(&name, "%.*s_rels/%s.rels", (int)dir, part, part + dir);
	s.x.part = name.p;
	s.base = base.p;
	rc = read_part(r, &s.x, rels_start, ignore_end, ignore_text);
	if (s.n > 1)
		qsort(s.v, s.n, sizeof(*s.v), rel_cmp);
	r->rels = arena_calloc(&r->scratch, s.n, sizeof(*r->rels));
	if (s.n > 0)
		memcpy(r->rels, s.v, s.n * sizeof(*r->rels));
	r->nrels = s.n;
	free(s.v);
	buf_free(&name);
	buf_free(&base);
	return rc == -1 ? -1 : 0;
}

static const struct rel *
rel_by_id(const struct reader *r, const char *id)
{
	struct rel	 key;

	key.id = id;
	return bsearch(&key, r->rels, r->nrels, sizeof(*r->rels), rel_cmp);
}

static const struct rel *
rel_by_type(const struct reader *r, const char *type)
{
	size_t	 i;

	for (i = 0; i < r->nrels; i++)
		if (strcmp(r->rels[i].type, type) == 0)
			return &r->rels[i];
	return NULL;
}

/* ---------------------------------------------------------------- */
/* The workbook: sheet names and order, the date system */

struct book_state {
	struct xml	 x;
	struct xbook	*book;
	struct sheet_entry *entries;
	size_t		 cap;
	int		 in_sheets;
};

static void XMLCALL
book_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct book_state *s = ud;
	struct reader	*r = s->x.r;
	struct xsheet	*sh;
	const char	*el = local_name(name), *v, *id, *state;

	if (r->failed)
		return;
	if (strcmp(el, "workbookPr") == 0) {
		v = attr(atts, "date1904");
		s->book->date1904 = v != NULL && (strcmp(v, "1") == 0 ||
		    strcmp(v, "true") == 0);
	} else if (strcmp(el, "sheets") == 0)
		s->in_sheets = 1;
	else if (s->in_sheets && strcmp(el, "sheet") == 0) {
		v = attr(atts, "name");
		id = attr(atts, "id");	/* r:id */
		state = attr(atts, "state");
		if (v == NULL || id == NULL) {
			fail(r, "is damaged: its part %s lists a sheet without "
			    "a name or a part; open the workbook in Excel, WPS "
			    "or LibreOffice and save it again", s->x.part);
			xml_stop(&s->x);
			return;
		}
		if (s->book->n == r->lim->max_sheets) {
			fail(r, "is refused: it has more than %s sheets",
			    thousands(&r->num, r->lim->max_sheets));
			xml_stop(&s->x);
			return;
		}
		if (s->book->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 8;
			s->book->sheets = xrealloc(s->book->sheets,
			    s->cap * sizeof(*s->book->sheets));
			s->entries = xrealloc(s->entries,
			    s->cap * sizeof(*s->entries));
		}
		sh = &s->book->sheets[s->book->n];
		memset(sh, 0, sizeof(*sh));
		sh->name = arena_strdup(r->arena, v);
		sh->hidden = state != NULL && strcmp(state, "visible") != 0;
		s->entries[s->book->n++].rid = arena_strdup(&r->scratch, id);
	}
}

static void XMLCALL
book_end(void *ud, const XML_Char *name)
{
	struct book_state *s = ud;

	if (strcmp(local_name(name), "sheets") == 0)
		s->in_sheets = 0;
}

/* ---------------------------------------------------------------- */
/* Styles: which cell formats show dates */

struct numfmt {
	unsigned long	 id;
	size_t		 seq;		/* order in the file */
	int		 is_date;
};

struct styles_state {
	struct xml	 x;
	int		 in_numfmts, in_cellxfs;
	struct numfmt	*fmts;
	size_t		 nfmts, capfmts;
	unsigned long	*xf_fmt;	/* numFmtId of each cellXfs xf */
	size_t		 nxf, capxf;
};

/*
 * The built-in formats that are dates or times: 14-22 everywhere,
 * 45-47 (times), and 27-36 and 50-58, which Excel and WPS fill with
 * dates such as yyyy"年"m"月"d"日" in Chinese (and other CJK) locales.
 */
static int
builtin_is_date(unsigned long id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
	    (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/* [h], [mm], [ss]: elapsed time, unlike [Red], [$-804] or [>=100]. */
static int
elapsed_time(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if ((s[i] | 0x20) != (s[0] | 0x20))
			return 0;
	return s[0] != '\0' && strchr("hms", s[0] | 0x20) != NULL;
}

/*
 * Whether a custom format code shows a date or time: a y, m, d, h, s
 * or e (era year) token outside quoted text, backslash escapes, _ and
 * * paddings, and brackets other than elapsed time.  "General", "@",
 * "0.00", "#,##0.00;[Red]-#,##0.00" and "0.00E+00" are not dates.
 */
static int
format_is_date(const char *s)
{
	const char	*end;

	for (; *s != '\0'; s++) {
		switch (*s) {
		case '"':
			if ((end = strchr(s + 1, '"')) == NULL)
				return 0;
			s = end;
			break;
		case '\\':
		case '_':
		case '*':
			if (s[1] != '\0')
				s++;
			break;
		case '[':
			if ((end = strchr(s + 1, ']')) == NULL)
				return 0;
			if (elapsed_time(s + 1, (size_t)(end - s - 1)))
				return 1;
			s = end;
			break;
		case 'G':
		case 'g':
			if (strncasecmp(s, "general", 7) == 0)
				s += 6;
			break;
		case 'E':
		case 'e':
			if (s[1] == '+' || s[1] == '-')
				break;	/* an exponent: 0.00E+00 */
			return 1;
		case 'y': case 'Y': case 'm': case 'M': case 'd': case 'D':
		case 'h': case 'H': case 's': case 'S':
			return 1;
		default:
			break;
		}
	}
	return 0;
}

static void XMLCALL
styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct styles_state *s = ud;
	const char	*el = local_name(name), *id, *code;
	unsigned long	 n;

	if (s->x.r->failed)
		return;
	if (strcmp(el, "numFmts") == 0)
		s->in_numfmts = 1;
	else if (strcmp(el, "cellXfs") == 0)
		s->in_cellxfs = 1;
	else if (s->in_numfmts && strcmp(el, "numFmt") == 0) {
		id = attr(atts, "numFmtId");
		code = attr(atts, "formatCode");
		if (id == NULL || code == NULL ||
		    parse_uint(id, 0xffffffffUL, &n) == -1)
			return;
		if (s->nfmts == s->capfmts) {
			s->capfmts = s->capfmts ? s->capfmts * 2 : 16;
			s->fmts = xrealloc(s->fmts,
			    s->capfmts * sizeof(*s->fmts));
		}
		s->fmts[s->nfmts].id = n;
		s->fmts[s->nfmts].seq = s->nfmts;
		s->fmts[s->nfmts++].is_date = format_is_date(code);
	} else if (s->in_cellxfs && strcmp(el, "xf") == 0) {
		id = attr(atts, "numFmtId");
		if (id == NULL || parse_uint(id, 0xffffffffUL, &n) == -1)
			n = 0;	/* General */
		if (s->nxf == s->capxf) {
			s->capxf = s->capxf ? s->capxf * 2 : 16;
			s->xf_fmt = xrealloc(s->xf_fmt,
			    s->capxf * sizeof(*s->xf_fmt));
		}
		s->xf_fmt[s->nxf++] = n;
	}
}

static void XMLCALL
styles_end(void *ud, const XML_Char *name)
{
	struct styles_state *s = ud;
	const char	*el = local_name(name);

	if (strcmp(el, "numFmts") == 0)
		s->in_numfmts = 0;
	else if (strcmp(el, "cellXfs") == 0)
		s->in_cellxfs = 0;
}

/* By id, then by order in the file. */
static int
numfmt_cmp(const void *pa, const void *pb)
{
	const struct numfmt *a = pa, *b = pb;

	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * Sorts the custom formats for lookups and keeps one per id: the last
 * given, as Excel does.  A hostile file may have hundreds of thousands
 * of formats and styles, which a linear search would multiply.
 */
static void
index_formats(struct styles_state *s)
{
	size_t	 i, n = 0;

	if (s->nfmts > 1)
		qsort(s->fmts, s->nfmts, sizeof(*s->fmts), numfmt_cmp);
	for (i = 0; i < s->nfmts; i++) {
		if (n > 0 && s->fmts[n - 1].id == s->fmts[i].id)
			n--;
		s->fmts[n++] = s->fmts[i];
	}
	s->nfmts = n;
}

/* A custom format may take a built-in's id: it is then what counts. */
static int
fmt_is_date(const struct styles_state *s, unsigned long id)
{
	size_t	 lo = 0, hi = s->nfmts, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->fmts[mid].id == id)
			return s->fmts[mid].is_date;
		if (s->fmts[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return builtin_is_date(id);
}

static int
read_styles(struct reader *r, const char *part)
{
	struct styles_state s;
	size_t		 i;
	int		 rc;

	memset(&s, 0, sizeof(s));
	s.x.part = part;
	rc = read_part(r, &s.x, styles_start, styles_end, ignore_text);
	if (rc == 0) {
		index_formats(&s);
		r->xf_date = arena_alloc(&r->scratch, s.nxf);
		for (i = 0; i < s.nxf; i++)
			r->xf_date[i] = (uint8_t)fmt_is_date(&s, s.xf_fmt[i]);
		r->nxf = s.nxf;
	}
	free(s.fmts);
	free(s.xf_fmt);
	return rc == -1 ? -1 : 0;
}

/* ---------------------------------------------------------------- */
/* Strings: the shared string table, inline strings */

static void
rich_start(struct rich *t, const char *el)
{
	if (!t->active)
		return;
	if (strcmp(el, "rPh") == 0)
		t->phonetic++;
	else if (strcmp(el, "t") == 0 && t->phonetic == 0)
		t->in_t = 1;
}

static void
rich_end(struct rich *t, const char *el)
{
	if (!t->active)
		return;
	if (strcmp(el, "rPh") == 0 && t->phonetic > 0)
		t->phonetic--;
	else if (strcmp(el, "t") == 0)
		t->in_t = 0;
}

/* Collects character data into b; 0, or -1 past any cell's length. */
static int
collect(struct buf *b, const char *s, int len)
{
	if (b->len + (size_t)len > RAW_TEXT_MAX)
		return -1;
	buf_put(b, s, (size_t)len);
	return 0;
}

/*
 * Decodes the string collected in r->text; NULL if it is longer than
 * a cell may be (the caller says where).  *n is its length in bytes.
 */
static char *
finish_string(struct reader *r, size_t *n)
{
	buf_put(&r->text, "", 0);
	r->text.len = xstring_decode(r->text.p, r->text.len);
	r->text.p[r->text.len] = '\0';
	*n = r->text.len;
	if (utf8_count(r->text.p, r->text.len) > XLSX_MAX_TEXT)
		return NULL;
	return r->text.p;
}

struct sst_state {
	struct xml	 x;
	struct rich	 rich;
	const char	**v;
	size_t		 cap;
};

static void
sst_too_long(struct sst_state *s)
{
	fail(s->x.r, "is refused: shared string %zu is longer than "
	    "32,767 characters, the most a cell can hold", s->x.r->nsst);
	xml_stop(&s->x);
}

static void XMLCALL
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sst_state *s = ud;
	const char	*el = local_name(name);

	(void)atts;
	if (s->x.r->failed)
		return;
	if (strcmp(el, "si") == 0) {
		memset(&s->rich, 0, sizeof(s->rich));
		s->rich.active = 1;
		buf_truncate(&s->x.r->text, 0);
	} else
		rich_start(&s->rich, el);
}

static void XMLCALL
sst_end(void *ud, const XML_Char *name)
{
	struct sst_state *s = ud;
	struct reader	*r = s->x.r;
	const char	*el = local_name(name);
	char		*text;
	size_t		 n;

	if (r->failed)
		return;
	if (strcmp(el, "si") != 0) {
		rich_end(&s->rich, el);
		return;
	}
	s->rich.active = 0;
	/* Every index a cell could name is a cell; no more strings. */
	if (r->nsst == r->lim->max_cells) {
		fail(r, "is refused: it has more than %s shared strings",
		    thousands(&r->num, r->lim->max_cells));
		xml_stop(&s->x);
		return;
	}
	if ((text = finish_string(r, &n)) == NULL) {
		sst_too_long(s);
		return;
	}
	if (r->nsst == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[r->nsst++] = n == 0 ? "" : pool_put(&r->pool, text, n);
	buf_truncate(&r->text, 0);
}

static void XMLCALL
sst_text(void *ud, const XML_Char *text, int len)
{
	struct sst_state *s = ud;

	if (!s->rich.in_t || s->x.r->failed)
		return;
	if (collect(&s->x.r->text, text, len) == -1)
		sst_too_long(s);
}

static int
read_shared_strings(struct reader *r, const char *part)
{
	struct sst_state s;
	int		 rc;

	memset(&s, 0, sizeof(s));
	s.x.part = part;
	rc = read_part(r, &s.x, sst_start, sst_end, sst_text);
	r->sst = arena_calloc(&r->scratch, r->nsst, sizeof(*r->sst));
	if (r->nsst > 0)
		memcpy(r->sst, s.v, r->nsst * sizeof(*r->sst));
	free(s.v);
	return rc == -1 ? -1 : 0;
}

/* ---------------------------------------------------------------- */
/* Sheets */

#define ABOVE_COLS	64

struct sheet_state {
	struct xml	 x;
	struct xsheet	*sheet;
	int		 in_data;	/* inside <sheetData> */
	int		 in_row;
	int		 in_cell;
	int		 in_v;
	struct rich	 rich;		/* the cell's <is> */
	unsigned	 row;		/* of the <row> being read */
	unsigned	 col;		/* of the cell last read */
	/* The cell being read. */
	unsigned	 crow, ccol;
	char		 type;		/* t: n s f(str) i(inlineStr) b e d */
	unsigned long	 style;		/* s */
	int		 has_v, has_is;
	struct buf	 v;		/* <v>'s text */
	/* Cells kept, grown here, copied into the arena at the end. */
	struct xcell	*cells;
	size_t		 n, cap;
	int		 unsorted;
	/* Each column's last inline text: a list's rows repeat their
	 * compound's id and often more, so a text like the one above it
	 * is kept once (a city's workbook: 10 MB less). */
	const char	*above[ABOVE_COLS];
	size_t		 above_len[ABOVE_COLS];
};

static void
cell_fail(struct sheet_state *s, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* "收费标准!C12: …": the sheet and cell, then what is wrong. */
static void
cell_fail(struct sheet_state *s, const char *fmt, ...)
{
	struct buf	 b = { 0 };
	char		 cell[16];
	va_list		 ap;

	cell_name(s->crow, s->ccol, cell);
	sheet_label(&b, s->sheet->name);
	buf_printf(&b, "!%s: ", cell);
	va_start(ap, fmt);
	buf_vprintf(&b, _(fmt), ap);
	va_end(ap);
	fail(s->x.r, "%s", b.p);
	buf_free(&b);
	xml_stop(&s->x);
}

static void
sheet_fail(struct sheet_state *s, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void
sheet_fail(struct sheet_state *s, const char *fmt, ...)
{
	struct buf	 b = { 0 };
	va_list		 ap;

	/* TRANSLATORS: before a sheet's name, in "sheet 收费标准: …". */
	buf_puts(&b, _("sheet "));
	sheet_label(&b, s->sheet->name);
	buf_puts(&b, ": ");
	va_start(ap, fmt);
	buf_vprintf(&b, _(fmt), ap);
	va_end(ap);
	fail(s->x.r, "%s", b.p);
	buf_free(&b);
	xml_stop(&s->x);
}

/* "C12" -> row 12, column 3; -1 if it is no cell of a sheet. */
static int
parse_ref(const char *s, unsigned *row, unsigned *col)
{
	unsigned long	 r = 0;
	unsigned	 c = 0;
	int		 ch;

	for (; ((ch = *s) >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
	    s++) {
		c = c * 26 + (unsigned)((ch & ~0x20) - 'A' + 1);
		if (c > XLSX_MAX_COL)
			return -1;
	}
	if (c == 0 || parse_uint(s, XLSX_MAX_ROW, &r) == -1 || r == 0)
		return -1;
	*row = (unsigned)r;
	*col = c;
	return 0;
}

static void
row_start(struct sheet_state *s, const XML_Char **atts)
{
	const char	*v = attr(atts, "r");
	unsigned long	 n;

	if (v != NULL) {
		if (parse_uint(v, XLSX_MAX_ROW, &n) == -1 || n == 0) {
			sheet_fail(s, "row number %s is not a row of a sheet "
			    "(1 to 1,048,576)", quote_start(&s->v, v,
			    strlen(v)));
			return;
		}
	} else if ((n = s->row + 1UL) > XLSX_MAX_ROW) {
		sheet_fail(s, "has more than 1,048,576 rows");
		return;
	}
	s->row = (unsigned)n;
	s->col = 0;
	s->in_row = 1;
}

static void
cell_start(struct sheet_state *s, const XML_Char **atts)
{
	const char	*ref = attr(atts, "r"), *t = attr(atts, "t");
	const char	*style = attr(atts, "s");

	if (ref != NULL) {
		if (parse_ref(ref, &s->crow, &s->ccol) == -1) {
			sheet_fail(s, "%s is not a cell reference (A1 to "
			    "XFD1048576)", quote_start(&s->v, ref,
			    strlen(ref)));
			return;
		}
		s->row = s->crow;	/* cells without r follow it */
	} else {
		/* Position follows the cell before, in the row's row. */
		s->crow = s->row;
		s->ccol = s->col + 1;
		if (s->ccol > XLSX_MAX_COL) {
			sheet_fail(s, "row %u has more than 16,384 columns",
			    s->row);
			return;
		}
	}
	s->col = s->ccol;
	if (t == NULL || strcmp(t, "n") == 0)
		s->type = 'n';
	else if (strcmp(t, "s") == 0 || strcmp(t, "b") == 0 ||
	    strcmp(t, "e") == 0 || strcmp(t, "d") == 0)
		s->type = t[0];
	else if (strcmp(t, "str") == 0)
		s->type = 'f';
	else if (strcmp(t, "inlineStr") == 0)
		s->type = 'i';
	else {
		cell_fail(s, "the cell's type %s is none that xlsx files "
		    "have", quote_start(&s->v, t, strlen(t)));
		return;
	}
	if (style == NULL || parse_uint(style, 0xffffffffUL, &s->style) == -1)
		s->style = 0;
	s->has_v = s->has_is = 0;
	buf_truncate(&s->v, 0);
	buf_truncate(&s->x.r->text, 0);
	memset(&s->rich, 0, sizeof(s->rich));
	s->in_cell = 1;
}

static void
push_cell(struct sheet_state *s, const char *text, size_t len,
    enum xcell_kind kind, int is_date)
{
	struct reader	*r = s->x.r;
	struct xcell	*c;

	if (r->ncells == r->lim->max_cells) {
		fail(r, "is refused: it has more than %s cells",
		    thousands(&r->num, r->lim->max_cells));
		xml_stop(&s->x);
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->cells = xrealloc(s->cells, s->cap * sizeof(*s->cells));
	}
	if (s->n > 0) {
		c = &s->cells[s->n - 1];
		if (c->row > s->crow || (c->row == s->crow &&
		    c->col >= s->ccol))
			s->unsorted = 1;
	}
	c = &s->cells[s->n++];
	c->text = text;
	c->len = (uint32_t)len;
	c->row = s->crow;
	c->col = (uint16_t)s->ccol;
	c->kind = (uint8_t)kind;
	c->is_date = (uint8_t)is_date;
	r->ncells++;
}

static void
shared_cell(struct sheet_state *s, const char *v, size_t n)
{
	struct reader	*r = s->x.r;
	unsigned long	 i = 0;
	size_t		 k;

	for (k = 0; k < n && i < r->nsst; k++) {
		if (v[k] < '0' || v[k] > '9')
			break;
		i = i * 10 + (unsigned long)(v[k] - '0');
	}
	if (n == 0 || k < n || i >= r->nsst) {
		struct buf	 b = { 0 };

		cell_fail(s, "the cell points to shared string %s, which the "
		    "workbook does not have", quote_start(&b, v, n));
		buf_free(&b);
		return;
	}
	if (r->sst[i][0] != '\0')
		push_cell(s, r->sst[i], strlen(r->sst[i]), XC_STRING, 0);
}

static void
string_cell(struct sheet_state *s)
{
	struct reader	*r = s->x.r;
	const char	*text;
	size_t		 n;

	if ((text = finish_string(r, &n)) == NULL) {
		cell_fail(s, "the text is longer than 32,767 characters, the "
		    "most a cell can hold");
		return;
	}
	if (n == 0)
		return;
	if (s->ccol < ABOVE_COLS) {
		if (s->above[s->ccol] == NULL || s->above_len[s->ccol] != n ||
		    memcmp(s->above[s->ccol], text, n) != 0) {
			s->above[s->ccol] = pool_put(&r->pool, text, n);
			s->above_len[s->ccol] = n;
		}
		push_cell(s, s->above[s->ccol], n, XC_STRING, 0);
	} else
		push_cell(s, pool_put(&r->pool, text, n), n, XC_STRING, 0);
}

static void
bool_cell(struct sheet_state *s, const char *v, size_t n)
{
	if ((n == 1 && v[0] == '1') || (n == 4 && memcmp(v, "true", 4) == 0))
		push_cell(s, "TRUE", 4, XC_BOOL, 0);
	else if ((n == 1 && v[0] == '0') ||
	    (n == 5 && memcmp(v, "false", 5) == 0))
		push_cell(s, "FALSE", 5, XC_BOOL, 0);
	else {
		struct buf	 b = { 0 };

		cell_fail(s, "%s is not a boolean (TRUE or FALSE)",
		    quote_start(&b, v, n));
		buf_free(&b);
	}
}

static void
number_cell(struct sheet_state *s, const char *v, size_t n)
{
	struct reader	*r = s->x.r;
	struct buf	 b = { 0 };
	int		 is_date;

	if (!is_number(v, n)) {
		cell_fail(s, "%s is not a number", quote_start(&b, v, n));
		buf_free(&b);
		return;
	}
	is_date = s->style < r->nxf && r->xf_date[s->style];
	push_cell(s, pool_put(&r->pool, v, n), n, XC_NUMBER, is_date);
}

static void
cell_end(struct sheet_state *s)
{
	struct reader	*r = s->x.r;
	const char	*v = s->v.p ? s->v.p : "";
	size_t		 n = s->v.len;

	s->in_cell = 0;
	/* An inline string, also under a cell that forgot t="inlineStr". */
	if (s->type == 'i' || (s->has_is && !s->has_v)) {
		if (!s->has_is) {
			buf_truncate(&r->text, 0);
			buf_put(&r->text, v, n);
		}
		string_cell(s);
		return;
	}
	if (s->type == 'f') {
		buf_truncate(&r->text, 0);
		buf_put(&r->text, v, n);
		string_cell(s);
		return;
	}
	trim(&v, &n);
	if (n == 0)
		return;		/* shows nothing */
	if (utf8_count(v, n) > XLSX_MAX_TEXT) {
		cell_fail(s, "the value is longer than 32,767 characters, "
		    "the most a cell can hold");
		return;
	}
	switch (s->type) {
	case 's':
		shared_cell(s, v, n);
		break;
	case 'b':
		bool_cell(s, v, n);
		break;
	case 'e':
		push_cell(s, pool_put(&r->pool, v, n), n, XC_ERROR, 0);
		break;
	case 'd':	/* an ISO 8601 date, as text */
		push_cell(s, pool_put(&r->pool, v, n), n, XC_STRING, 1);
		break;
	default:
		number_cell(s, v, n);
		break;
	}
}

static void XMLCALL
sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sheet_state *s = ud;
	const char	*el = local_name(name);

	if (s->x.r->failed)
		return;
	if (s->in_cell) {
		if (strcmp(el, "v") == 0)
			s->in_v = s->has_v = 1;
		else if (strcmp(el, "is") == 0)
			s->rich.active = s->has_is = 1;
		else
			rich_start(&s->rich, el);
	} else if (!s->in_data) {
		if (strcmp(el, "sheetData") == 0)
			s->in_data = 1;
	} else if (strcmp(el, "c") == 0) {
		if (s->in_row)
			cell_start(s, atts);
	} else if (strcmp(el, "row") == 0)
		row_start(s, atts);
}

static void XMLCALL
sheet_end(void *ud, const XML_Char *name)
{
	struct sheet_state *s = ud;
	const char	*el = local_name(name);

	if (s->x.r->failed)
		return;
	if (s->in_cell) {
		if (strcmp(el, "c") == 0)
			cell_end(s);
		else if (strcmp(el, "v") == 0)
			s->in_v = 0;
		else if (strcmp(el, "is") == 0)
			s->rich.active = 0;
		else
			rich_end(&s->rich, el);
	} else if (strcmp(el, "row") == 0) {
		s->in_row = 0;
		progress_step(&s->x.r->progress, 1);
	} else if (strcmp(el, "sheetData") == 0)
		s->in_data = 0;
}

static void XMLCALL
sheet_text(void *ud, const XML_Char *text, int len)
{
	struct sheet_state *s = ud;
	struct buf	*b;

	if (s->in_v)
		b = &s->v;
	else if (s->rich.in_t)
		b = &s->x.r->text;
	else
		return;
	if (s->x.r->failed || collect(b, text, len) != -1)
		return;
	if (s->in_v)
		cell_fail(s, "the value is longer than 32,767 characters, the "
		    "most a cell can hold");
	else
		cell_fail(s, "the text is longer than 32,767 characters, the "
		    "most a cell can hold");
}

static int
cell_cmp(const void *pa, const void *pb)
{
	const struct xcell *a = pa, *b = pb;

	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

/* Sorts the cells when the file had them out of order, refuses a cell
 * given twice, and moves them into the arena. */
static void
finish_sheet(struct sheet_state *s)
{
	struct xsheet	*sh = s->sheet;
	size_t		 i;

	if (s->unsorted) {
		qsort(s->cells, s->n, sizeof(*s->cells), cell_cmp);
		for (i = 1; i < s->n; i++)
			if (cell_cmp(&s->cells[i - 1], &s->cells[i]) == 0) {
				s->crow = s->cells[i].row;
				s->ccol = s->cells[i].col;
				cell_fail(s, "the cell is given twice; open "
				    "the workbook in Excel, WPS or LibreOffice "
				    "and save it again");
				return;
			}
	}
	sh->n = s->n;
	sh->cells = arena_alloc(s->x.r->arena, s->n * sizeof(*sh->cells));
	if (s->n > 0)
		memcpy(sh->cells, s->cells, s->n * sizeof(*sh->cells));
	for (i = 0; i < s->n; i++)
		if (sh->cells[i].col > sh->max_col)
			sh->max_col = sh->cells[i].col;
	sh->max_row = s->n > 0 ? sh->cells[s->n - 1].row : 0;
}

static int
read_sheet(struct reader *r, struct xsheet *sh, const char *part)
{
	struct sheet_state s;
	int		 rc;

	memset(&s, 0, sizeof(s));
	s.x.part = part;
	s.sheet = sh;
	rc = read_part(r, &s.x, sheet_start, sheet_end, sheet_text);
	if (rc == 1) {
		buf_truncate(&r->num, 0);
		fail(r, "is damaged: sheet %s's part %s is missing; open the "
		    "workbook in Excel, WPS or LibreOffice and save it again",
		    sheet_label(&r->num, sh->name), part);
		rc = -1;
	}
	if (rc == 0)
		finish_sheet(&s);
	free(s.cells);
	buf_free(&s.v);
	return r->failed ? -1 : 0;
}

/* ---------------------------------------------------------------- */
/* The package */

/* Whether what (n bytes) occurs in data; memmem() is not POSIX. */
static int
contains(const unsigned char *data, size_t len, const char *what, size_t n)
{
	const unsigned char *p = data, *end = data + len;

	while (n > 0 && (size_t)(end - p) >= n &&
	    (p = memchr(p, what[0], (size_t)(end - p) - n + 1)) != NULL) {
		if (memcmp(p, what, n) == 0)
			return 1;
		p++;
	}
	return 0;
}

/*
 * What a file that is no zip is instead, said so people know what to
 * do: an .xls or an encrypted workbook (both OLE compound files; an
 * encrypted xlsx keeps its package in an "EncryptedPackage" stream),
 * an Excel 2003 XML spreadsheet, or anything else.
 */
static void
not_a_zip(struct reader *r, const unsigned char *p, size_t len)
{
	static const char ole[8] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";
	static const char encrypted[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0"
	    "P\0a\0c\0k\0a\0g\0e";

	if (len == 0)
		fail(r, "is empty, not an xlsx workbook");
	else if (len >= 8 && memcmp(p, ole, 8) == 0 &&
	    contains(p, len, encrypted, sizeof(encrypted) - 1))
		fail(r, "is password-protected: gongshi cannot read an "
		    "encrypted workbook; remove the password in Excel, WPS or "
		    "LibreOffice and save it again");
	else if (len >= 8 && memcmp(p, ole, 8) == 0)
		fail(r, "is an Excel 97–2003 .xls file; open it in Excel, WPS "
		    "or LibreOffice and save it as .xlsx (Excel Workbook)");
	else if (contains(p, len < 4096 ? len : 4096,
	    "urn:schemas-microsoft-com:office:spreadsheet", 44))
		fail(r, "is an Excel 2003 XML spreadsheet; open it in Excel, "
		    "WPS or LibreOffice and save it as .xlsx (Excel Workbook)");
	else
		fail(r, "is not an xlsx workbook: it is not a zip file; open "
		    "it in Excel, WPS or LibreOffice and save it as .xlsx "
		    "(Excel Workbook)");
}

static int
open_zip(struct reader *r, const void *data, size_t len)
{
	zip_source_t	*src;
	zip_error_t	 ze;

	if (len < 4 || memcmp(data, "PK", 2) != 0) {
		not_a_zip(r, data, len);
		return -1;
	}
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(data, len, 0, &ze)) == NULL) {
		zip_failed(r, "(the zip directory)", &ze);
		zip_error_fini(&ze);
		return -1;
	}
	if ((r->zip = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		zip_source_free(src);
		if (zip_error_code_zip(&ze) == ZIP_ER_NOZIP &&
		    memcmp(data, "PK\003\004", 4) == 0)
			fail(r, "is damaged: it starts as a zip file but has "
			    "no zip directory at its end (was it copied only "
			    "in part?)");
		else if (zip_error_code_zip(&ze) == ZIP_ER_NOZIP)
			not_a_zip(r, data, len);
		else
			fail(r, "is damaged: it cannot be opened as a zip file "
			    "(%s); open the workbook in Excel, WPS or "
			    "LibreOffice and save it again",
			    zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	return 0;
}

/* The first bytes of the "mimetype" part, which OpenDocument has. */
static int
is_opendocument(struct reader *r)
{
	static const char ods[] = "application/vnd.oasis.opendocument";
	char		 buf[sizeof(ods)];
	zip_int64_t	 idx, n;
	zip_file_t	*zf;

	if ((idx = zip_name_locate(r->zip, "mimetype", 0)) < 0 ||
	    (zf = zip_fopen_index(r->zip, (zip_uint64_t)idx, 0)) == NULL)
		return 0;
	n = zip_fread(zf, buf, sizeof(ods) - 1);
	zip_fclose(zf);
	return n == (zip_int64_t)sizeof(ods) - 1 &&
	    memcmp(buf, ods, sizeof(ods) - 1) == 0;
}

/*
 * The workbook part: what _rels/.rels names as the officeDocument,
 * else where every writer puts it.
 */
static const char *
workbook_part(struct reader *r)
{
	const struct rel *rel;
	const char	*part = "xl/workbook.xml";
	size_t		 n;

	if (read_rels(r, "") == -1)
		return NULL;
	if ((rel = rel_by_type(r, "officeDocument")) != NULL)
		part = rel->part;
	n = strlen(part);
	if (n > 4 && strcasecmp(part + n - 4, ".bin") == 0) {
		fail(r, "is an Excel binary workbook (.xlsb); open it in Excel "
		    "and save it as .xlsx (Excel Workbook)");
		return NULL;
	}
	if (locate(r, part) >= 0)
		return part;
	if (is_opendocument(r))
		fail(r, "is an OpenDocument spreadsheet (.ods); open it in "
		    "LibreOffice, WPS or Excel and save it as .xlsx (Excel "
		    "Workbook)");
	else
		fail(r, "is a zip file but not an xlsx workbook: it has no "
		    "workbook part (%s); open it in Excel, WPS or LibreOffice "
		    "and save it as .xlsx (Excel Workbook)", part);
	return NULL;
}

static int
read_book(struct reader *r, struct xbook *book)
{
	struct book_state bs;
	const struct rel *rel;
	const char	*part;
	size_t		 i;
	int		 rc = -1;

	memset(&bs, 0, sizeof(bs));
	if ((part = workbook_part(r)) == NULL)
		return -1;
	if (read_rels(r, part) == -1)
		return -1;
	bs.x.part = part;
	bs.book = book;
	if (read_part(r, &bs.x, book_start, book_end, ignore_text) != 0)
		goto out;
	if ((rel = rel_by_type(r, "styles")) != NULL &&
	    read_styles(r, rel->part) == -1)
		goto out;
	if ((rel = rel_by_type(r, "sharedStrings")) != NULL &&
	    read_shared_strings(r, rel->part) == -1)
		goto out;
	for (i = 0; i < book->n; i++) {
		if ((rel = rel_by_id(r, bs.entries[i].rid)) == NULL) {
			buf_truncate(&r->num, 0);
			fail(r, "is damaged: sheet %s has no part; open the "
			    "workbook in Excel, WPS or LibreOffice and save "
			    "it again", sheet_label(&r->num,
			    book->sheets[i].name));
			goto out;
		}
		/* Chart and dialog sheets have no cells to read. */
		if (strcmp(rel->type, "worksheet") == 0 &&
		    read_sheet(r, &book->sheets[i], rel->part) == -1)
			goto out;
	}
	rc = 0;
out:
	free(bs.entries);
	return rc;
}

int
xlsx_read_limits(const char *file, const void *data, size_t len,
    struct arena *arena, struct xbook *book, struct diags *diags,
    const struct xlsx_limits *lim)
{
	struct reader	 r;
	struct xsheet	*sheets;
	int		 rc = -1;

	memset(book, 0, sizeof(*book));
	memset(&r, 0, sizeof(r));
	r.file = file;
	r.arena = arena;
	r.diags = diags;
	r.lim = lim != NULL ? lim : &default_limits;
	r.pool.arena = arena;
	if (open_zip(&r, data, len) == -1)
		goto out;
	progress_begin(&r.progress, _("reading the workbook"), PROGRESS_ROWS,
	    0);
	if (read_book(&r, book) == -1)
		goto out;
	/* The sheets grew with malloc; the caller frees only the arena. */
	sheets = arena_calloc(arena, book->n, sizeof(*sheets));
	if (book->n > 0)
		memcpy(sheets, book->sheets, book->n * sizeof(*sheets));
	free(book->sheets);
	book->sheets = sheets;
	rc = 0;
out:
	progress_end(&r.progress);
	if (rc == -1) {
		free(book->sheets);
		memset(book, 0, sizeof(*book));
	}
	if (r.zip != NULL)
		zip_discard(r.zip);
	buf_free(&r.text);
	buf_free(&r.num);
	arena_free(&r.scratch);
	return rc;
}

int
xlsx_read(const char *file, const void *data, size_t len,
    struct arena *arena, struct xbook *book, struct diags *diags)
{
	return xlsx_read_limits(file, data, len, arena, book, diags, NULL);
}

const struct xcell *
xsheet_cell(const struct xsheet *sh, unsigned row, unsigned col)
{
	size_t		 lo = 0, hi = sh->n, mid;
	const struct xcell *c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = &sh->cells[mid];
		if (c->row == row && c->col == col)
			return c;
		if (c->row < row || (c->row == row && c->col < col))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * The serial as a whole number of days; -1 if it has a fraction, is
 * negative or is beyond max.  Works on the digits, not a double, so
 * "45627.0" and "4.5627E4" are exact and 0.1 never rounds to a day.
 */
static long
serial_days(const char *s, long max)
{
	char		 digits[24];
	size_t		 nd = 0;
	long		 point = -1, exp = 0, v = 0, i;
	int		 neg = 0, nonzero = 0, eneg = 0;

	if (*s == '-')
		neg = 1, s++;
	for (; (*s >= '0' && *s <= '9') || (*s == '.' && point < 0); s++) {
		if (*s == '.') {
			point = (long)nd;
			continue;
		}
		if (nd == 0 && *s == '0' && point < 0)
			continue;	/* leading zeros */
		if (nd == sizeof(digits))
			return -1;
		nonzero |= *s != '0';
		digits[nd++] = *s;
	}
	if (point < 0)
		point = (long)nd;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			eneg = *s++ == '-';
		if (*s < '0' || *s > '9')
			return -1;
		for (; *s >= '0' && *s <= '9'; s++)
			if ((exp = exp * 10 + (*s - '0')) > 100)
				return -1;
		point += eneg ? -exp : exp;
	}
	if (*s != '\0' || (neg && nonzero))
		return -1;
	/* digits[0..point) is the whole part, the rest must be 0. */
	for (i = 0; i < (long)nd; i++) {
		if (i >= point) {
			if (digits[i] != '0')
				return -1;
			continue;
		}
		if ((v = v * 10 + (digits[i] - '0')) > max)
			return -1;
	}
	for (; i < point; i++)
		if ((v = v * 10) > max)
			return -1;
	return v;
}

int
xlsx_serial_date(const char *text, int date1904, int *y, int *m, int *d)
{
	long	 n;
	int64_t	 days;

	if (date1904) {
		if ((n = serial_days(text, 2957003)) < 0)	/* 9999-12-31 */
			return -1;
		days = days_from_civil(1904, 1, 1) + n;
	} else {
		if ((n = serial_days(text, 2958465)) <= 0 || n == 60)
			return -1;
		/* Day 1 is 1900-01-01; from 61 on, Excel counts the
		 * 29 February 1900 that never was. */
		days = days_from_civil(1899, 12, n < 60 ? 31 : 30) + n;
	}
	civil_from_days(days, y, m, d);
	return 0;
}
