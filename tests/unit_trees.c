/*
 * Unit tests for trees.c, the tree cache: a tree comes back from its
 * encoding exactly as libyaml gave it, and a cache file in any state
 * (damaged, cut short, another program's) gives either the tree that
 * was put or nothing.
 */
#define _XOPEN_SOURCE 700
#include <sys/stat.h>

#include <ftw.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "node.h"
#include "trees.h"

#include "tap.h"

/* Same kind, place, style and text, all the way down. */
static int
same_tree(const struct node *a, const struct node *b)
{
	size_t	 i;

	if (a->kind != b->kind || a->line != b->line || a->col != b->col ||
	    a->start != b->start || a->end != b->end ||
	    a->style != b->style || a->flow != b->flow || a->n != b->n)
		return 0;
	if (a->kind == NODE_SCALAR && (a->len != b->len ||
	    memcmp(a->s, b->s, a->len) != 0 || b->s[b->len] != '\0'))
		return 0;
	for (i = 0; i < a->n; i++)
		if (!same_tree(a->kids[i], b->kids[i]))
			return 0;
	return 1;
}

static struct arena	 arena;
static size_t		 nfiles, nbad;
static char		 first_bad[512];

static int
round_trip(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	struct buf	 text = { 0 }, enc = { 0 }, again = { 0 };
	struct diags	 d = { 0 };
	const struct node *root, *back;
	size_t		 n, len = 0;

	(void)st;
	(void)f;
	n = strlen(path);
	if (flag != FTW_F || n < 5 || strcmp(path + n - 5, ".yaml") != 0)
		return 0;
	if (buf_read_file(&text, path, 1 << 24) != 0 || (root = yaml_load(path,
	    text.p ? text.p : "", text.len, &arena, &d)) == NULL)
		goto out;
	nfiles++;
	trees_encode(root, text.len, &enc);
	back = trees_decode(enc.p, enc.len, &arena, &len);
	if (back != NULL)
		trees_encode(back, len, &again);
	if (back == NULL || !same_tree(root, back) || len != text.len ||
	    again.len != enc.len ||
	    memcmp(again.p, enc.p, enc.len) != 0) {
		if (nbad++ == 0)
			snprintf(first_bad, sizeof(first_bad), "%s", path);
	}
out:
	arena_reset(&arena);
	diag_free(&d);
	buf_free(&text);
	buf_free(&enc);
	buf_free(&again);
	return 0;
}

static const char *const records[] = {
	"id: a-1\nname: 甲小区\nfees:\n  - item: 物业费\n    amount: 1.50\n",
	"id: b-2\nname: \"乙小区\"\nphones: [\"0531-12345678\", 12345]\n"
	    "note: |\n  两行\n  文字\n",
	"{id: c-3, name: 丙, empty: '', list: []}\n",
};
#define NRECORDS	(sizeof(records) / sizeof(records[0]))

static const struct node *roots[NRECORDS];
static unsigned char keys[NRECORDS][TREES_KEY];

/* A cache's bytes give, for each record, its tree or nothing. */
static int
gives_true_or_nothing(const char *bytes, size_t n, size_t *hits)
{
	struct trees	*t = trees_from_bytes("/nonexistent/trees", bytes, n);
	struct arena	 a = { 0 };
	const struct node *got;
	size_t		 i, len;
	int		 ok = 1;

	for (i = 0; i < NRECORDS; i++) {
		if ((got = trees_get(t, keys[i], &a, &len)) == NULL)
			continue;
		if (!same_tree(got, roots[i]) || len != strlen(records[i]))
			ok = 0;
		if (hits != NULL)
			(*hits)++;
	}
	arena_free(&a);
	trees_free(t);
	return ok;
}

/*
 * Big records, to pass the bytes of new trees a run holds in memory:
 * record i of set, about 64 KB each, and its key.
 */
#define NBIG	100
static const struct node *big_roots[3][NBIG];
static unsigned char big_keys[3][NBIG][TREES_KEY];
static size_t big_len[3][NBIG];

static void
make_big(struct arena *a, struct diags *d)
{
	struct buf	 b = { 0 };
	size_t		 set, i, j;

	for (set = 0; set < 3; set++)
		for (i = 0; i < NBIG; i++) {
			buf_truncate(&b, 0);
			buf_printf(&b, "id: big-%zu-%zu\nnote: |\n", set, i);
			for (j = 0; j < 1000; j++)
				buf_printf(&b, "  第%zu行：%zu %zu 物业服务信息公示 "
				    "abcdefghijklmnopqrstuvwxyz\n", j, set, i);
			big_roots[set][i] = yaml_load("big.yaml", b.p, b.len,
			    a, d);
			big_len[set][i] = b.len;
			trees_key(b.p, b.len, big_keys[set][i]);
		}
	buf_free(&b);
}

/* How many of a set's trees the cache of dir gives back, true. */
static size_t
big_hits(struct trees *t, size_t set)
{
	struct arena	 a = { 0 };
	const struct node *got;
	size_t		 i, len, n = 0;

	for (i = 0; i < NBIG; i++)
		if ((got = trees_get(t, big_keys[set][i], &a, &len)) != NULL &&
		    same_tree(got, big_roots[set][i]) && len == big_len[set][i])
			n++;
	arena_free(&a);
	return n;
}

static int
folder_holds_only(const char *dir, const char *name)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;
	int		 ok = d != NULL;

	while (d != NULL && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    strcmp(e->d_name, name) != 0)
			ok = 0;
	if (d != NULL)
		closedir(d);
	return ok;
}

/*
 * Megabytes of new trees: they wait in a file, not in memory, and come
 * back whole whether the cache is written anew, appended to or written
 * again with the old trees a run used.
 */
static void
test_spill(const char *dir)
{
	struct arena	 a = { 0 };
	struct diags	 d = { 0 };
	struct buf	 gongshi = { 0 };
	struct trees	*t;
	size_t		 i, most = 0, len;

	make_big(&a, &d);
	tap(d.n == 0, "the big test records parse");
	t = trees_open(dir);
	for (i = 0; i < NBIG; i++) {
		trees_put(t, big_keys[0][i], big_roots[0][i], big_len[0][i]);
		if (trees_held(t) > most)
			most = trees_held(t);
	}
	tap(most > 0 && most < ((size_t)4 << 20), "of 6 MB of new trees, "
	    "less than 4 MB wait in memory (%zu bytes)", most);
	tap(trees_save(t) == 0, "a new cache of them is saved");
	trees_free(t);
	t = trees_open(dir);
	tap(big_hits(t, 0) == NBIG, "and gives every one back");
	trees_free(t);

	/* Appended: the old ones unused but few. */
	t = trees_open(dir);
	for (i = 0; i < NBIG; i++)
		trees_put(t, big_keys[1][i], big_roots[1][i], big_len[1][i]);
	tap(trees_save(t) == 0, "more are appended");
	trees_free(t);
	t = trees_open(dir);
	tap(big_hits(t, 0) == NBIG && big_hits(t, 1) == NBIG, "and the cache "
	    "gives the old and the new");
	trees_free(t);

	/* Written again: one old tree used, 12 MB of others not. */
	t = trees_open(dir);
	tap(trees_get(t, big_keys[1][7], &a, &len) != NULL, "one old tree is "
	    "used");
	for (i = 0; i < NBIG; i++)
		trees_put(t, big_keys[2][i], big_roots[2][i], big_len[2][i]);
	tap(trees_save(t) == 0, "the cache is written again");
	trees_free(t);
	t = trees_open(dir);
	tap(big_hits(t, 0) == 0 && big_hits(t, 1) == 1 &&
	    big_hits(t, 2) == NBIG, "with the tree used and the new ones only");
	trees_free(t);

	/* No file can be made where the cache goes: they stay in memory. */
	buf_printf(&gongshi, "%s/.gongshi/trees/trees", dir);
	t = trees_from_bytes(gongshi.p, "", 0);
	for (i = 0; i < NBIG; i++)
		trees_put(t, big_keys[0][i], big_roots[0][i], big_len[0][i]);
	tap(trees_held(t) > ((size_t)6 << 20) && trees_save(t) == -1,
	    "where no file can be made, new trees stay in memory, and saving "
	    "them fails without harm");
	trees_free(t);
	buf_truncate(&gongshi, 0);
	buf_printf(&gongshi, "%s/.gongshi", dir);
	tap(folder_holds_only(gongshi.p, "trees"), "nothing but the cache is "
	    "left in .gongshi/");
	buf_free(&gongshi);
	arena_free(&a);
	diag_free(&d);
}

int
main(void)
{
	struct diags	 d = { 0 };
	struct trees	*t;
	struct buf	 file = { 0 }, path = { 0 }, other = { 0 }, again = { 0 };
	struct arena	 a = { 0 };
	char		 dir[] = "/tmp/unit-trees-XXXXXX";
	const struct node *got;
	size_t		 i, hits, bad, len;
	int		 ok;

	/* Every record the project has: the demo city, the check cases. */
	nftw("content", round_trip, 16, FTW_PHYS);
	nftw("tests/check", round_trip, 16, FTW_PHYS);
	nftw("tests/build", round_trip, 16, FTW_PHYS);
	tap(nfiles >= 20 && nbad == 0, "every record's tree comes back from its "
	    "encoding as libyaml gave it, and encodes the same again (%zu "
	    "files, %zu not)%s%s", nfiles, nbad, nbad ? ": " : "", first_bad);

	for (i = 0; i < NRECORDS; i++) {
		roots[i] = yaml_load("t.yaml", records[i], strlen(records[i]),
		    &arena, &d);
		trees_key(records[i], strlen(records[i]), keys[i]);
	}
	tap(d.n == 0 && roots[0] && roots[1] && roots[2], "the test records "
	    "parse");

	/* Put, save, open again. */
	if (mkdtemp(dir) == NULL)
		return 1;
	t = trees_open(dir);
	for (i = 0; i < NRECORDS; i++)
		tap(trees_get(t, keys[i], &a, &len) == NULL, "an empty cache has no "
		    "tree for record %zu", i);
	for (i = 0; i < NRECORDS; i++)
		trees_put(t, keys[i], roots[i], strlen(records[i]));
	trees_put(t, keys[0], roots[0], strlen(records[0]));	/* twice: once */
	tap(trees_save(t) == 0, "a new cache is saved (and its folder made)");
	trees_free(t);
	buf_printf(&path, "%s/.gongshi/trees", dir);
	tap(buf_read_file(&file, path.p, 1 << 20) == 0 && file.len > 46,
	    "the cache is a file in .gongshi/");

	t = trees_open(dir);
	ok = 1;
	for (i = 0; i < NRECORDS; i++)
		if ((got = trees_get(t, keys[i], &a, &len)) == NULL ||
		    !same_tree(got, roots[i]) || len != strlen(records[i]))
			ok = 0;
	tap(ok && trees_entry_key(t, NRECORDS) == NULL, "opened again, it "
	    "gives each record's tree, each once");
	tap(trees_save(t) == 0, "saving what was only used is fine");
	trees_free(t);
	buf_read_file(&again, path.p, 1 << 20);
	tap(again.len == file.len && memcmp(again.p, file.p, file.len) == 0,
	    "and leaves the file as it was");

	/* Damage: every byte changed, every length cut short. */
	bad = 0;
	for (i = 0; i < file.len; i++) {
		file.p[i] ^= 0x20;
		if (!gives_true_or_nothing(file.p, file.len, NULL))
			bad++;
		file.p[i] ^= 0x20;
	}
	tap(bad == 0, "with any one byte changed, the cache gives each "
	    "record's own tree or none (%zu of %zu bytes gave another)", bad,
	    file.len);
	bad = 0;
	for (i = 0; i < file.len; i++) {
		hits = 0;
		if (!gives_true_or_nothing(file.p, i, &hits) ||
		    hits >= NRECORDS)
			bad++;
	}
	tap(bad == 0, "cut short anywhere, it gives only whole trees, and "
	    "not all of them");
	hits = 0;
	tap(gives_true_or_nothing(file.p, file.len, &hits) && hits == NRECORDS,
	    "whole, it gives every one");

	/* Another program's cache: nothing from it, replaced on saving. */
	buf_put(&other, file.p, file.len);
	other.p[20] ^= 1;	/* in the header's program key */
	hits = 0;
	gives_true_or_nothing(other.p, other.len, &hits);
	tap(hits == 0, "a cache another program wrote gives nothing");
	t = trees_from_bytes(path.p, other.p, other.len);
	trees_put(t, keys[1], roots[1], strlen(records[1]));
	tap(trees_save(t) == 0, "saving over it works");
	trees_free(t);
	buf_truncate(&again, 0);
	buf_read_file(&again, path.p, 1 << 20);
	hits = 0;
	tap(gives_true_or_nothing(again.p, again.len, &hits) && hits == 1 &&
	    memcmp(again.p, file.p, 46) == 0, "and leaves only this program's "
	    "header and the tree put");

	/* Cut short: the next save writes it again, whole. */
	t = trees_from_bytes(path.p, file.p, file.len - 10);
	got = trees_get(t, keys[0], &a, &len);
	trees_put(t, keys[2], roots[2], strlen(records[2]));
	tap(trees_save(t) == 0, "a cache cut short is saved");
	trees_free(t);
	buf_truncate(&again, 0);
	buf_read_file(&again, path.p, 1 << 20);
	hits = 0;
	tap(got != NULL && gives_true_or_nothing(again.p, again.len, &hits) &&
	    hits == 2, "whole again, with the trees used and put");

	unlink(path.p);
	test_spill(dir);
	unlink(path.p);
	buf_truncate(&path, 0);
	buf_printf(&path, "%s/.gongshi", dir);
	rmdir(path.p);
	rmdir(dir);
	arena_free(&a);
	arena_free(&arena);
	buf_free(&file);
	buf_free(&path);
	buf_free(&other);
	buf_free(&again);
	diag_free(&d);
	return 0;
}
