/* Updating a site in place through a journal, and its manifest (journal.c). */
#ifndef JOURNAL_H
#define JOURNAL_H

#include <sys/types.h>
#include <sys/stat.h>

#include <stddef.h>
#include <stdint.h>
#include "buf.h"

struct diags;

/*
 * The stat a manifest keeps of a file or folder: what changes whenever
 * it is written, renamed or replaced.
 */
struct mstat {
	uint64_t	 ino;		/* 0: none taken, never trusted */
	int64_t		 mtime_s, mtime_ns;
	int64_t		 ctime_s, ctime_ns;
};

/*
 * What the manifest beside a site knows of one of its files: the hash
 * of its bytes and the stat it had once written.  A file whose stat
 * still matches is taken to hold the bytes hashed.
 */
struct mfile {
	char		*rel;		/* path inside the site; first (journal.c) */
	unsigned char	 hash[20];	/* git blob id of its bytes */
	int		 has_hash;	/* 0: bytes unknown, never trusted */
	uint64_t	 size;
	struct mstat	 st;		/* ino 0: taken once in place */
	uint64_t	 staged;	/* 0, or 1 + N when staged as sN */
};

/*
 * What it knows of one of the site's folders: the stat it had when its
 * entries were listed.  While that stat holds, the folder's entries are
 * the manifest's files and folders in it (output.c).
 */
struct mdir {
	char		*rel;		/* the same, "" for the site; first */
	struct mstat	 st;		/* ino 0: read it again */
};

struct manifest {
	struct mfile	*v;		/* sorted by rel, each rel once */
	size_t		 n, cap;
	struct mdir	*d;		/* folders, the same */
	size_t		 nd, capd;
};

#define MANIFEST_MAX	((size_t)1 << 30)	/* bytes read of one */

int	 manifest_parse(const char *, size_t, struct manifest *);
void	 manifest_format(const struct manifest *, struct buf *);
int	 manifest_save(const struct manifest *, const char *path, int sync);
void	 manifest_sort(struct manifest *);
const struct mfile *manifest_find(const struct manifest *, const char *rel);
struct mfile *manifest_push(struct manifest *);
size_t	 manifest_from(const struct manifest *, const char *prefix);
void	 mstat_take(struct mstat *, const struct stat *);
int	 mstat_same(const struct mstat *, const struct stat *);
int	 mfile_same_stat(const struct mfile *, const struct stat *);
void	 manifest_add_dir(struct manifest *, const char *rel,
	    const struct stat *);
void	 manifest_sort_dirs(struct manifest *);
const struct mdir *manifest_find_dir(const struct manifest *,
	    const char *rel);
size_t	 manifest_dirs_from(const struct manifest *, const char *prefix);
void	 manifest_free(struct manifest *);

/*
 * Beside the site DIR/BASE: DIR/.BASE.journal/ holds the files to move
 * in (s0, s1, ...), the new manifest, and once committed the journal;
 * DIR/.BASE.manifest is the manifest of the site in place.
 */
#define JOURNAL_FILE	"journal"
#define JOURNAL_NEW	"journal.new"
#define JOURNAL_MANIFEST "manifest"

int	 manifest_place(struct manifest *, const char *site,
	    const char *path);
int	 write_replace(const char *path, const struct buf *, int sync);
int	 write_replace_with(const char *path, int sync, mode_t,
	    int (*fill)(int fd, void *), void *);
int	 write_replace_mode(const char *path, const struct buf *, int sync,
	    mode_t);
int	 journal_apply(const char *stage, const char *site,
	    const char *manifest, struct manifest *staged, struct diags *);
int	 journal_recover(const char *parent, const char *base, struct diags *);

#endif /* !JOURNAL_H */
