/*
 * Unit tests for the cache of how the history's trees differ
 * (treediff.c): what is put comes back as it was, only what a run used
 * or put is kept, and a file damaged anywhere or cut short anywhere is
 * not believed at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "treediff.h"

#include "tap.h"

static git_oid	 ids[8];

static void
make_ids(void)
{
	char	 hex[GIT_OID_HEXSZ + 1];
	size_t	 i, j;

	for (i = 0; i < 8; i++) {
		for (j = 0; j < GIT_OID_HEXSZ; j++)
			hex[j] = "0123456789abcdef"[(i * 7 + j * 3) % 16];
		hex[GIT_OID_HEXSZ] = '\0';
		git_oid_fromstr(&ids[i], hex);
	}
}

/* Whether ds is exactly the deltas of the test's pair k. */
static int
is_pair(const struct deltas *ds, int k)
{
	if (k == 0)	/* the first revision: two files added */
		return ds->n == 2 && strcmp(ds->v[0].path,
		    "content/areas.yaml") == 0 && !ds->v[0].has_old &&
		    ds->v[0].has_new && git_oid_equal(&ds->v[0].new, &ids[2]) &&
		    strcmp(ds->v[1].path, "content/compounds/lixia/甲 小区.yaml")
		    == 0 && !ds->v[1].has_old && git_oid_equal(&ds->v[1].new,
		    &ids[3]);
	if (k == 1)	/* one changed, one removed */
		return ds->n == 2 && ds->v[0].has_old && ds->v[0].has_new &&
		    git_oid_equal(&ds->v[0].old, &ids[2]) &&
		    git_oid_equal(&ds->v[0].new, &ids[4]) && ds->v[1].has_old &&
		    !ds->v[1].has_new;
	return ds->n == 0;	/* layouts only: nothing in content/ */
}

static void
put_pairs(struct delta_cache *dc)
{
	struct deltas	 ds = { 0 };

	push_delta(&ds, "content/areas.yaml", NULL, &ids[2]);
	push_delta(&ds, "content/compounds/lixia/甲 小区.yaml", NULL, &ids[3]);
	delta_cache_put(dc, NULL, &ids[0], &ds);
	deltas_free(&ds);
	push_delta(&ds, "content/areas.yaml", &ids[2], &ids[4]);
	push_delta(&ds, "content/compounds/lixia/甲 小区.yaml", &ids[3], NULL);
	delta_cache_put(dc, &ids[0], &ids[1], &ds);
	delta_cache_put(dc, &ids[0], &ids[1], &ds);	/* twice: once */
	deltas_free(&ds);
	delta_cache_put(dc, &ids[1], &ids[5], &ds);
	push_delta(&ds, "content/a\nb.yaml", NULL, &ids[6]);
	delta_cache_put(dc, &ids[5], &ids[6], &ds);	/* not a line */
	deltas_free(&ds);
}

/* How many pairs a cache file with these bytes gives. */
static size_t
pairs_of(const char *dir, const char *path, const char *bytes, size_t n)
{
	struct delta_cache *dc;
	size_t		 got;

	if (save_beside(path, bytes, n) == -1)
		return (size_t)-1;
	dc = delta_cache_open(dir);
	got = delta_cache_count(dc);
	delta_cache_free(dc);
	return got;
}

int
main(void)
{
	char		 dir[] = "/tmp/unit-treediff-XXXXXX";
	struct delta_cache *dc;
	struct deltas	 ds = { 0 };
	struct buf	 path = { 0 }, file = { 0 }, again = { 0 };
	size_t		 i, bad;
	int		 ok;

	git_libgit2_init();
	make_ids();
	if (mkdtemp(dir) == NULL)
		return 1;
	buf_printf(&path, "%s/.gongshi/deltas", dir);

	dc = delta_cache_open(dir);
	tap(delta_cache_count(dc) == 0 && !delta_cache_get(dc, NULL, &ids[0],
	    &ds), "a new cache knows no pair of trees");
	put_pairs(dc);
	tap(delta_cache_save(dc) == 0, "the pairs put are saved");
	delta_cache_free(dc);
	tap(buf_read_file(&file, path.p, 1 << 20) == 0 && file.len > 100,
	    "in .gongshi/deltas");

	dc = delta_cache_open(dir);
	tap(delta_cache_count(dc) == 3, "opened again it holds three pairs, "
	    "a pair put twice once and none with a newline in a path (%zu)",
	    delta_cache_count(dc));
	ok = 1;
	if (!delta_cache_get(dc, NULL, &ids[0], &ds) || !is_pair(&ds, 0))
		ok = 0;
	deltas_free(&ds);
	if (!delta_cache_get(dc, &ids[0], &ids[1], &ds) || !is_pair(&ds, 1))
		ok = 0;
	deltas_free(&ds);
	tap(ok, "each pair gives back its files, paths with spaces and "
	    "Chinese included, added, changed and removed");
	tap(!delta_cache_get(dc, &ids[1], &ids[0], &ds) &&
	    !delta_cache_get(dc, NULL, &ids[1], &ds) && ds.n == 0,
	    "the pairs the other way round, or without a parent, are unknown");
	tap(delta_cache_save(dc) == 0, "saving with a pair left unused works");
	delta_cache_free(dc);

	dc = delta_cache_open(dir);
	tap(delta_cache_count(dc) == 2 && !delta_cache_get(dc, &ids[1],
	    &ids[5], &ds), "the unused pair is gone, the used ones kept");
	delta_cache_free(dc);
	buf_truncate(&file, 0);
	tap(buf_read_file(&file, path.p, 1 << 20) == 0, "the file reads");
	dc = delta_cache_open(dir);
	delta_cache_get(dc, NULL, &ids[0], &ds);
	deltas_free(&ds);
	delta_cache_get(dc, &ids[0], &ids[1], &ds);
	deltas_free(&ds);
	delta_cache_save(dc);
	delta_cache_free(dc);
	tap(buf_read_file(&again, path.p, 1 << 20) == 0 && again.len ==
	    file.len && memcmp(again.p, file.p, file.len) == 0, "a run that "
	    "used every pair and put none leaves the file as it was");

	/* Damage: every byte changed, every length cut short. */
	bad = 0;
	for (i = 0; i < file.len; i++) {
		file.p[i] ^= 0x20;
		if (pairs_of(dir, path.p, file.p, file.len) != 0)
			bad++;
		file.p[i] ^= 0x20;
	}
	tap(bad == 0, "with any one byte changed, the file gives nothing "
	    "(%zu of %zu bytes gave pairs)", bad, file.len);
	bad = 0;
	for (i = 0; i < file.len; i++)
		if (pairs_of(dir, path.p, file.p, i) != 0)
			bad++;
	tap(bad == 0, "cut short anywhere, it gives nothing");
	tap(pairs_of(dir, path.p, file.p, file.len) == 2, "whole, it gives "
	    "both pairs");
	dc = delta_cache_parse(file.p, file.len);
	buf_truncate(&again, 0);
	if (dc != NULL)
		delta_cache_format(dc, &again);
	tap(dc != NULL && again.len == file.len && memcmp(again.p, file.p,
	    file.len) == 0, "it formats back to itself");
	delta_cache_free(dc);

	unlink(path.p);
	buf_truncate(&path, 0);
	buf_printf(&path, "%s/.gongshi", dir);
	rmdir(path.p);
	rmdir(dir);
	buf_free(&path);
	buf_free(&file);
	buf_free(&again);
	git_libgit2_shutdown();
	return 0;
}
