/*
 * The numbers positions give their files by.  Every scalar of every
 * record keeps where it was written; a path pointer there made each
 * position 16 bytes, a quarter of a city's typed records at 100,000
 * compounds.  A number fits beside the line and column in 8.
 *
 * The table lives as long as the program: records of every revision,
 * diagnostics and caches hold numbers, and a path once numbered keeps
 * its number.  Loaders run in threads, so numbering takes a lock; the
 * names sit in blocks that never move, so reading a name takes none
 * (whoever holds a number got it after the name was stored).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "gongshi.h"
#include "i18n.h"
#include "tplops.h"

#define BLOCK_BITS	12
#define BLOCK_SIZE	(1u << BLOCK_BITS)

static pthread_mutex_t numbering = PTHREAD_MUTEX_INITIALIZER;
static const char **blocks[(GS_FILES_MAX >> BLOCK_BITS) + 1];
static unsigned	 nfiles;		/* numbers 1..nfiles are given */
static unsigned	*slots;			/* open addressing: number or 0 */
static size_t	 nslots;

static size_t
hash(const char *path)
{
	return tpl_hash(path, strlen(path));
}

static const char *
name_of(unsigned fid)
{
	return blocks[fid >> BLOCK_BITS][fid & (BLOCK_SIZE - 1)];
}

static void
grow(void)
{
	unsigned	*old = slots;
	size_t		 nold = nslots, i, j;

	nslots = nslots ? nslots * 2 : 1024;
	slots = xcalloc(nslots, sizeof(*slots));
	for (i = 0; i < nold; i++) {
		if (old[i] == 0)
			continue;
		for (j = hash(name_of(old[i])) & (nslots - 1); slots[j] != 0;
		    j = (j + 1) & (nslots - 1))
			;
		slots[j] = old[i];
	}
	free(old);
}

unsigned
gs_file_id(const char *path)
{
	size_t		 j;
	unsigned	 fid;

	if (path == NULL)
		return 0;
	pthread_mutex_lock(&numbering);
	if ((size_t)(nfiles + 1) * 2 > nslots)
		grow();
	for (j = hash(path) & (nslots - 1); (fid = slots[j]) != 0;
	    j = (j + 1) & (nslots - 1))
		if (strcmp(name_of(fid), path) == 0)
			goto out;
	if (nfiles == GS_FILES_MAX) {
		/* Ten times the files of the largest city: a position
		 * cannot name the file, and a wrong one would mislead. */
		fputs(i18n_too_many_files(), stderr);
		abort();
	}
	fid = ++nfiles;
	if (blocks[fid >> BLOCK_BITS] == NULL)
		blocks[fid >> BLOCK_BITS] = xcalloc(BLOCK_SIZE,
		    sizeof(**blocks));
	blocks[fid >> BLOCK_BITS][fid & (BLOCK_SIZE - 1)] = xstrdup(path);
	slots[j] = fid;
out:
	pthread_mutex_unlock(&numbering);
	return fid;
}

const char *
gs_file_name(unsigned fid)
{
	return fid == 0 ? NULL : name_of(fid);
}

/* Lines and columns past what a position holds are kept at its
 * largest; yaml.c has refused such files before their values are
 * typed, so only hand-made positions reach this. */
void
gs_pos_set(struct gs_pos *p, unsigned fid, unsigned line, unsigned col)
{
	p->fid = fid;
	p->line = line > GS_LINE_MAX ? GS_LINE_MAX : line;
	p->col = col > GS_COL_MAX ? GS_COL_MAX : col;
}
