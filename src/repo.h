/* The content folder's repository, for publishing (repo.c, revision.c). */
#ifndef REPO_H
#define REPO_H

#include <stddef.h>

#include "buf.h"

struct arena;
struct diags;
struct git_index;
struct git_oid;
struct git_repository;
struct git_signature;
struct git_tree;
struct lock;
struct mem_file;

int	 repo_open(const char *dir, struct git_repository **, struct diags *);
int	 repo_reopen(struct git_repository *, struct git_repository **);
int	 repo_drop_pack_caches(struct git_repository *);
int	 rev_tree(struct git_repository *, const char *rev, struct git_tree **,
	    struct git_oid *, struct diags *);
void	 git_fail(struct diags *d, const char *what);
int	 disk_full(const char *path);
int	 repo_lock(struct git_repository *, struct lock *, const char *what,
	    struct diags *);
int	 head_commit(struct git_repository *, struct git_oid *, struct diags *);
struct trees;
int	 tree_to_memory(struct git_repository *, struct git_tree *,
	    struct arena *, struct trees *, struct mem_file **, size_t *,
	    struct diags *);
int	 tree_with(struct git_repository *, struct git_tree *base,
	    struct git_tree *full, char *const *paths, size_t n,
	    struct git_oid *out, struct diags *);
void	 ensure_excluded(struct git_repository *, struct diags *);
int	 publish_author(struct git_repository *, const char *given,
	    struct git_signature **, struct diags *);
int	 work_tree(struct git_repository *, struct git_index **,
	    struct git_oid *tree, struct diags *);
int	 commit_site(struct git_repository *, const char *site,
	    const char *branch, const struct git_signature *,
	    const char *message, struct diags *);
int	 advance_head(struct git_repository *, const struct git_oid *commit,
	    const struct git_oid *parent, const char *logmsg, struct diags *);

#endif /* !REPO_H */
