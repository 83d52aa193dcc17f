/*
 * libFuzzer harness: the record loader and checker.
 *
 * The first byte picks which file of a small valid city the rest of the
 * input replaces (a compound, site.yaml, areas.yaml, departments.yaml or
 * a page); the city is then loaded from memory exactly as content_load()
 * reads a folder, checked across files, and a fuzzed compound is diffed
 * against the valid one, as history does with old revisions.
 *
 * Besides crashes, hangs and sanitizer reports, it fails on diagnostics
 * that break the promise made to editors: every one has a file, a line
 * and a column from 1, and a message that is valid UTF-8.
 *
 * The valid city is read once from tests/check/base/content (or
 * $GONGSHI_FUZZ_BASE), relative to the top of the source tree.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "scalar.h"
#include "gongshi.h"
#include "content.h"
#include "history.h"
#include "rules.h"

#include "fuzz.h"

static const char *const files[] = {
	"content/compounds/good.yaml",
	"content/site.yaml",
	"content/areas.yaml",
	"content/departments.yaml",
	"content/pages/about.md",
};
#define NFILES	(sizeof(files) / sizeof(files[0]))

static struct buf base[NFILES];
static int64_t	 today;	/* the day the golden cases are checked on */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*dir = getenv("GONGSHI_FUZZ_BASE");
	struct buf	 path = { 0 };
	size_t		 i;

	(void)argc;
	(void)argv;
	if (dir == NULL)
		dir = "tests/check/base";
	today = days_from_civil(2026, 11, 27);
	for (i = 0; i < NFILES; i++) {
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%s", dir, files[i]);
		if (buf_read_file(&base[i], path.p, RECORD_MAX) == -1) {
			fprintf(stderr, "fuzz_record: %s: %s (run from the top "
			    "of the source tree)\n", path.p, strerror(errno));
			exit(2);
		}
	}
	buf_free(&path);
	return 0;
}

static int
valid_utf8(const char *s)
{
	uint32_t cp;
	size_t	 n, k;

	for (n = strlen(s); n > 0; s += k, n -= k)
		if ((k = utf8_len((const unsigned char *)s, n, &cp)) == 0)
			return 0;
	return 1;
}

static void
check_diags(const struct diags *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].file == NULL || d->v[i].line == 0 ||
		    d->v[i].col == 0 || d->v[i].msg == NULL ||
		    !valid_utf8(d->v[i].msg)) {
			fprintf(stderr, "bad diagnostic: %s:%u:%u: %s\n",
			    d->v[i].file ? d->v[i].file : "(null)",
			    d->v[i].line, d->v[i].col,
			    d->v[i].msg ? d->v[i].msg : "(null)");
			abort();
		}
}

/* The fuzzed compound against the valid one, both ways. */
static void
diff_with_base(struct ctx *c, const struct gs_compound *fuzzed)
{
	struct gs_compound *good;
	struct changes	 cs;
	struct buf	 out = { 0 };

	good = arena_calloc(&c->arena, 1, sizeof(*good));
	if (!record_from_bytes(c, files[0], base[0].p, base[0].len,
	    &schema_compound, good))
		abort();	/* the valid city stopped being valid */
	memset(&cs, 0, sizeof(cs));
	cs.arena = &c->arena;
	diff_record(&cs, "good", "good", &schema_compound, good, fuzzed);
	diff_record(&cs, "good", "good", &schema_compound, fuzzed, good);
	diff_record(&cs, "good", "good", &schema_compound, fuzzed, fuzzed);
	changes_text(&cs, &out, "  ");
	changes_json(&cs, &out);
	changes_free(&cs);
	buf_free(&out);
	/* The fee-notice rule, both ways; its reports have places. */
	fee_notice_rules(&c->diags, good, fuzzed, today);
	fee_notice_rules(&c->diags, fuzzed, good, today);
	check_diags(&c->diags);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem_file	 mem[NFILES];
	struct ctx	 c;
	size_t		 i, which;

	if (size < 1)
		return 0;
	which = data[0] % NFILES;
	memset(mem, 0, sizeof(mem));
	for (i = 0; i < NFILES; i++) {
		mem[i].rel = files[i];
		mem[i].data = base[i].p;
		mem[i].len = base[i].len;
	}
	mem[which].data = (const char *)data + 1;
	mem[which].len = size - 1;
	ctx_init(&c, ".", today);
	if (content_load_memory(&c, mem, NFILES) == 0) {
		content_check(&c);
		diag_flush(&c.diags);	/* no emitter: sorted, kept */
		check_diags(&c.diags);
		if (which == 0 && c.content->ncompounds == 1)
			diff_with_base(&c, c.content->compounds[0]);
	}
	ctx_free(&c);
	return 0;
}
