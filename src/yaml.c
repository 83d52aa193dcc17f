/*
 * Reading one YAML file into a node tree, through libyaml's event API.
 *
 * Records must be explicit and small, so this refuses anchors and
 * aliases (which also defeats alias bombs and cycles) and nesting
 * deeper than NESTING_MAX, counted here because libyaml has no limit.
 */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "bounds.h"
#include "arena.h"
#include "diag.h"
#include "gongshi.h"
#include "i18n.h"
#include "node.h"

/* Containers being read, innermost last. */
struct open_node {
	struct node	*node;
	size_t		 first;	/* index of its first kid in pending */
};

struct reader {
	const char	*file;
	const char	*data;
	size_t		 len;
	struct arena	*arena;
	struct diags	*diags;
	struct open_node stack[NESTING_MAX];
	size_t		 depth;
	struct node	**pending;	/* kids of open containers, in order */
	size_t		 npending, cappending;
	struct node	*root;
	size_t		 nrefused;	/* anchors and aliases reported */
	int		 failed;	/* an error was reported */
	int		 fatal;		/* reading stopped; no usable tree */
	size_t		 skipped;	/* a BOM's bytes before data */
	size_t		 at_char;	/* libyaml's marks count characters: */
	size_t		 at_byte;	/* where the last one was, in bytes */
};

/* The byte offset in the file of libyaml's mark m. */
static size_t
byte_offset(struct reader *r, const yaml_mark_t *m)
{
	const unsigned char *p = (const unsigned char *)r->data;

	while (r->at_char < m->index && r->at_byte < r->len) {
		r->at_byte++;
		while (r->at_byte < r->len && (p[r->at_byte] & 0xC0) == 0x80)
			r->at_byte++;
		r->at_char++;
	}
	while (r->at_char > m->index && r->at_byte > 0) {
		r->at_byte--;
		while (r->at_byte > 0 && (p[r->at_byte] & 0xC0) == 0x80)
			r->at_byte--;
		r->at_char--;
	}
	return r->skipped + r->at_byte;
}

/*
 * Line and column (1-based, columns in characters) of a byte offset.
 * libyaml leaves its mark at 0:0 for reader errors such as invalid
 * UTF-8, giving only the offset, so places are worked out here.  CR LF
 * and a lone CR each end a line, as in YAML.
 */
void
offset_to_place(const char *data, size_t len, size_t off, unsigned *line,
    unsigned *col)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t	 i = 0;
	unsigned l = 1, c = 1;

	if (off > len)
		off = len;
	for (; i < off; i++) {
		if (p[i] == '\n' || (p[i] == '\r' &&
		    (i + 1 >= len || p[i + 1] != '\n'))) {
			l++;
			c = 1;
		} else if (p[i] != '\r' && (p[i] & 0xC0) != 0x80)
			c++;
	}
	*line = l;
	*col = c;
}

static void
push_pending(struct reader *r, struct node *n)
{
	if (r->npending == r->cappending) {
		r->cappending = r->cappending ? r->cappending * 2 : 64;
		r->pending = xrealloc(r->pending,
		    r->cappending * sizeof(*r->pending));
	}
	r->pending[r->npending++] = n;
}

static struct node *
new_node(struct reader *r, enum node_kind kind, const yaml_mark_t *m)
{
	struct node	*n = arena_calloc(r->arena, 1, sizeof(*n));

	n->kind = kind;
	n->line = (unsigned)m->line + 1;
	n->col = (unsigned)m->column + 1;
	n->start = n->end = byte_offset(r, m);
	if (r->depth == 0 && r->root == NULL)
		r->root = n;
	else if (r->depth > 0)
		push_pending(r, n);
	return n;
}

static void error_at(struct reader *, const yaml_mark_t *, const char *, ...)
	    PRINTF_LIKE(3, 4);

static void
error_at(struct reader *r, const yaml_mark_t *m, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vadd(r->diags, r->file, (unsigned)m->line + 1,
	    (unsigned)m->column + 1, SEV_ERROR, fmt, ap);
	va_end(ap);
	r->failed = 1;
}

/* Turns libyaml's error into a diagnostic at the right place. */
static void
syntax_error(struct reader *r, const yaml_parser_t *p)
{
	unsigned	 line, col;
	unsigned char	 byte;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		diag_add(r->diags, r->file, 1, 1, SEV_ERROR,
		    "out of memory while reading YAML");
		break;
	case YAML_READER_ERROR:
		offset_to_place(r->data, r->len, p->problem_offset, &line,
		    &col);
		byte = p->problem_offset < r->len ?
		    (unsigned char)r->data[p->problem_offset] : 0;
		if (p->problem_offset < r->len && byte == 0)
			diag_add(r->diags, r->file, line, col, SEV_ERROR,
			    "NUL byte in file; records are plain UTF-8 text");
		else if (strstr(p->problem, "UTF-8") != NULL)
			diag_add(r->diags, r->file, line, col, SEV_ERROR,
			    "invalid UTF-8 (%s, byte 0x%02X); save the file "
			    "as UTF-8", p->problem, byte);
		else if (strstr(p->problem, "control characters") != NULL)
			diag_add(r->diags, r->file, line, col, SEV_ERROR,
			    "control character U+%04X is not allowed in a "
			    "record; remove it", (unsigned)p->problem_value);
		else
			diag_add(r->diags, r->file, line, col, SEV_ERROR,
			    "%s (U+%04X)", p->problem,
			    (unsigned)p->problem_value);
		break;
	default:
		if (p->context != NULL)
			diag_add(r->diags, r->file,
			    (unsigned)p->problem_mark.line + 1,
			    (unsigned)p->problem_mark.column + 1, SEV_ERROR,
			    "YAML syntax error: %s (%s at line %zu, "
			    "column %zu)", p->problem, p->context,
			    p->context_mark.line + 1,
			    p->context_mark.column + 1);
		else
			diag_add(r->diags, r->file,
			    (unsigned)p->problem_mark.line + 1,
			    (unsigned)p->problem_mark.column + 1, SEV_ERROR,
			    "YAML syntax error: %s",
			    p->problem ? p->problem : _("unknown problem"));
		break;
	}
	r->failed = r->fatal = 1;
}

/*
 * Reports an anchor or alias.  An alias bomb has thousands: after
 * REFUSED_MAX of them reading stops, so output stays small.
 */
#define REFUSED_MAX	20

static int
refuse(struct reader *r, const yaml_mark_t *m, char sigil, const char *name)
{
	if (r->nrefused++ == REFUSED_MAX) {
		error_at(r, m, "too many anchors and aliases; reading of this "
		    "file stopped here");
		r->fatal = 1;
		return -1;
	}
	if (sigil == '&')
		error_at(r, m, "anchors are not allowed (&%s); write every "
		    "value out in full", name);
	else
		error_at(r, m, "aliases are not allowed (*%s); write every "
		    "value out in full", name);
	return 0;
}

static int
open_container(struct reader *r, enum node_kind kind, const yaml_event_t *ev,
    const yaml_char_t *anchor)
{
	struct node	*n;

	if (r->depth == NESTING_MAX) {
		error_at(r, &ev->start_mark, "nesting is deeper than %d "
		    "levels; records are never this deep", NESTING_MAX);
		r->fatal = 1;
		return -1;
	}
	if (anchor != NULL &&
	    refuse(r, &ev->start_mark, '&', (const char *)anchor) == -1)
		return -1;
	n = new_node(r, kind, &ev->start_mark);
	r->stack[r->depth].node = n;
	r->stack[r->depth].first = r->npending;
	r->depth++;
	return 0;
}

static void
close_container(struct reader *r, const yaml_mark_t *end)
{
	struct open_node *o = &r->stack[--r->depth];
	size_t		 n = r->npending - o->first;

	o->node->n = n;
	o->node->end = byte_offset(r, end);
	if (n > 0) {
		o->node->kids = arena_alloc(r->arena, n * sizeof(struct node *));
		memcpy(o->node->kids, r->pending + o->first,
		    n * sizeof(struct node *));
	}
	r->npending = o->first;
}

/*
 * libyaml takes U+0085, U+2028 and U+2029 as line breaks, which no
 * editor shows as such, so every later line number would be off by one.
 * They have no place in a record: refuse them where they stand.
 */
static int
odd_line_breaks(struct reader *r)
{
	const char	*p = r->data, *end = r->data + r->len;
	unsigned	 line, col;
	const char	*name;

	for (; p + 1 < end; p++) {
		if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0x85)
			name = "U+0085 (NEXT LINE)";
		else if (p + 2 < end && (unsigned char)p[0] == 0xE2 &&
		    (unsigned char)p[1] == 0x80 &&
		    ((unsigned char)p[2] == 0xA8 || (unsigned char)p[2] == 0xA9))
			name = (unsigned char)p[2] == 0xA8 ?
			    "U+2028 (LINE SEPARATOR)" :
			    "U+2029 (PARAGRAPH SEPARATOR)";
		else
			continue;
		offset_to_place(r->data, r->len, (size_t)(p - r->data), &line,
		    &col);
		diag_add(r->diags, r->file, line, col, SEV_ERROR, "%s is not "
		    "allowed in a record; use an ordinary line break", name);
		r->failed = r->fatal = 1;
		return -1;
	}
	return 0;
}

/*
 * A position holds lines up to GS_LINE_MAX and columns up to GS_COL_MAX
 * (gongshi.h).  A record is smaller than either; only a file allowed
 * to be larger (areas.yaml) can go past them, and is refused where it
 * does rather than shown at a wrong place.
 */
static int
beyond_positions(struct reader *r)
{
	const char	*p = r->data, *end = r->data + r->len, *nl;
	unsigned	 line;

	if (r->len < GS_COL_MAX)
		return 0;
	for (line = 1; p < end; line++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (line > GS_LINE_MAX) {
			diag_add(r->diags, r->file, GS_LINE_MAX, 1, SEV_ERROR,
			    "the file has more than %u lines; split it or "
			    "write more on each line", GS_LINE_MAX);
			r->failed = r->fatal = 1;
			return -1;
		}
		if (nl - p >= GS_COL_MAX) {
			diag_add(r->diags, r->file, line, 1, SEV_ERROR,
			    "this line is longer than %u bytes; break it "
			    "into shorter lines", GS_COL_MAX - 1);
			r->failed = r->fatal = 1;
			return -1;
		}
		p = nl < end ? nl + 1 : end;
	}
	return 0;
}

/*
 * Returns the root node, or NULL after reporting why there is none.
 * Nodes and their text live in the given arena.
 */
struct node *
yaml_load(const char *file, const char *data, size_t len, struct arena *a,
    struct diags *d)
{
	struct reader	 r;
	yaml_parser_t	 parser;
	yaml_event_t	 ev;
	struct node	*n;
	int		 done = 0, ndocs = 0;

	memset(&r, 0, sizeof(r));
	r.file = file;
	r.data = data;
	r.len = len;
	r.arena = a;
	r.diags = d;

	/* libyaml skips a BOM only when it guesses the encoding itself,
	 * which would also let UTF-16 in; records are UTF-8. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
		r.skipped = 3;
		r.data = data;
		r.len = len;
	}
	if (len == 0) {
		diag_add(d, file, 1, 1, SEV_ERROR, "file is empty");
		return NULL;
	}
	if (odd_line_breaks(&r) == -1 || beyond_positions(&r) == -1)
		return NULL;
	if (!yaml_parser_initialize(&parser)) {
		diag_add(d, file, 1, 1, SEV_ERROR, "cannot start libyaml");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			syntax_error(&r, &parser);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++ndocs > 1) {
				error_at(&r, &ev.start_mark, "more than one "
				    "YAML document ('---'); a file holds one "
				    "record");
				done = 1;
			}
			break;
		case YAML_MAPPING_START_EVENT:
			if (open_container(&r, NODE_MAP, &ev,
			    ev.data.mapping_start.anchor) == -1)
				done = 1;
			else
				r.stack[r.depth - 1].node->flow =
				    ev.data.mapping_start.style ==
				    YAML_FLOW_MAPPING_STYLE;
			break;
		case YAML_SEQUENCE_START_EVENT:
			if (open_container(&r, NODE_SEQ, &ev,
			    ev.data.sequence_start.anchor) == -1)
				done = 1;
			else
				r.stack[r.depth - 1].node->flow =
				    ev.data.sequence_start.style ==
				    YAML_FLOW_SEQUENCE_STYLE;
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			close_container(&r, &ev.end_mark);
			break;
		case YAML_SCALAR_EVENT:
			if (ev.data.scalar.anchor != NULL && refuse(&r,
			    &ev.start_mark, '&',
			    (const char *)ev.data.scalar.anchor) == -1) {
				done = 1;
				break;
			}
			n = new_node(&r, NODE_SCALAR, &ev.start_mark);
			n->len = ev.data.scalar.length;
			n->end = byte_offset(&r, &ev.end_mark);
			n->style = (unsigned char)ev.data.scalar.style;
			n->s = arena_strndup(a,
			    (const char *)ev.data.scalar.value, n->len);
			break;
		case YAML_ALIAS_EVENT:
			if (refuse(&r, &ev.start_mark, '*',
			    (const char *)ev.data.alias.anchor) == -1) {
				done = 1;
				break;
			}
			new_node(&r, NODE_ALIAS, &ev.start_mark);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	free(r.pending);

	if (r.fatal)
		return NULL;	/* stopped part-way: the tree is incomplete */
	if (r.root == NULL) {
		diag_add(d, file, 1, 1, SEV_ERROR, "file has no record, only "
		    "comments or blank lines");
		return NULL;
	}
	if (r.root != NULL && r.root->kind == NODE_SCALAR && r.root->len == 0) {
		diag_add(d, file, 1, 1, SEV_ERROR, "file has no record");
		return NULL;
	}
	return r.root;
}
