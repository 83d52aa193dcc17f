/*
 * The central repository's guard: `gongshi hook install DIR.git` puts
 * a pre-receive hook in a bare repository, and the hook runs `gongshi
 * hook run`, which reads git's "old new ref" lines and refuses a push
 * to main that
 *
 *  - deletes main, is not a fast-forward (history rewritten), or
 *    brings a merge (main's history stays one line, as publish --push
 *    keeps it),
 *  - breaks the rules of parties.yaml in any pushed revision (verify's
 *    engine over old..new: verify.c), or
 *  - carries content that does not pass check (the new tip's tree,
 *    read from the object store as publish reads it: revision.c).
 *
 * `install --trust KEY` pins the city's key in the repository's git
 * configuration (gongshi.trust), as verify --trust pins it: the history
 * first pushed must have had parties.yaml added with that key, and
 * every tip must have parties.yaml.
 *
 * git keeps the pushed objects in a quarantine folder until the hook
 * says yes; it names it in GIT_OBJECT_DIRECTORY and the repository's
 * own objects in GIT_ALTERNATE_OBJECT_DIRECTORIES, so the repository
 * is opened from git's environment (GIT_REPOSITORY_OPEN_FROM_ENV).
 * What the hook writes on standard error reaches the pusher as
 * "remote: …" lines.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "build.h"
#include "commands.h"
#include "content.h"
#include "gongshi.h"
#include "i18n.h"
#include "repo.h"
#include "sshkey.h"
#include "verify.h"

#define MAIN_REF	"refs/heads/main"
#define TRUST_KEY	"gongshi.trust"	/* the city's key line, pinned */
#define HOOK_MARK	"# Installed by `gongshi hook install`"

/* How many "old new ref" lines one push may carry. */
#define HOOK_LINES_MAX	10000

/* A string as one single-quoted shell word. */
static void
shell_quote(struct buf *b, const char *s)
{
	buf_putc(b, '\'');
	for (; *s != '\0'; s++)
		if (*s == '\'')
			buf_puts(b, "'\\''");
		else
			buf_putc(b, *s);
	buf_putc(b, '\'');
}

/* Writes the hook script to path, through a temporary file. */
static int
write_hook(const char *path, const char *script, struct diags *d)
{
	struct buf	 tmp = { 0 };
	FILE		*f;
	int		 rc = -1;

	buf_printf(&tmp, "%s.gongshi-tmp", path);
	if ((f = fopen(tmp.p, "w")) == NULL) {
		report(d, SEV_ERROR, "%s: %s", tmp.p, strerror(errno));
		goto out;
	}
	if (fputs(script, f) == EOF || fflush(f) == EOF ||
	    fchmod(fileno(f), 0755) == -1 || fsync(fileno(f)) == -1) {
		report(d, SEV_ERROR, "%s: %s", tmp.p, strerror(errno));
		fclose(f);
		unlink(tmp.p);
		goto out;
	}
	if (fclose(f) == EOF || rename(tmp.p, path) == -1) {
		report(d, SEV_ERROR, "%s: %s", path, strerror(errno));
		unlink(tmp.p);
		goto out;
	}
	rc = 0;
out:
	buf_free(&tmp);
	return rc;
}

/*
 * --trust KEY (a .pub file, or the line itself) as the key line alone,
 * without its comment, into *line; -1 after saying why.
 */
static int
trust_line(const char *arg, struct buf *line, struct diags *d)
{
	struct buf	 f = { 0 }, blob = { 0 };
	const char	*s = arg;
	size_t		 n;
	int		 rc = -1;

	if (strchr(arg, ' ') == NULL && buf_read_file(&f, arg, 64 * 1024) ==
	    0 && f.p != NULL)
		s = f.p;
	n = strcspn(s, "\r\n");
	if (sshkey_blob(s, n, &blob) == -1)
		report(d, SEV_ERROR, "--trust: '%s' is neither an OpenSSH "
		    "public key nor a file holding one (the .pub line the city "
		    "publishes)", arg);
	else {
		/* The type and the key data, not the comment. */
		n = strcspn(s, " ");
		if (s[n] == ' ')
			n += 1 + strcspn(s + n + 1, " \r\n");
		buf_put(line, s, n);
		buf_put(line, "", 0);
		rc = 0;
	}
	buf_free(&f);
	buf_free(&blob);
	return rc;
}

/*
 * hook install DIR.git: the pre-receive hook, calling this very binary
 * by its absolute path (a server's PATH is not the publisher's), and
 * git's own refusals of non-fast-forwards and deletions as a second
 * line should the hook be removed.
 */
static int
hook_install(const struct opts *o, const char *dir)
{
	struct diags	 d = { 0 };
	git_repository	*repo = NULL;
	git_config	*cfg = NULL;
	struct buf	 path = { 0 }, old = { 0 }, script = { 0 }, trust = { 0 };
	char		 exe[PATH_MAX];
	ssize_t		 n;
	int		 rc = EXIT_USAGE;

	d.emit = o->emit;
	d.emit_arg = o->emit_arg;
	if (o->trust != NULL && trust_line(o->trust, &trust, &d) == -1)
		goto out;
	if (git_repository_open_ext(&repo, dir,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		git_fail(&d, dir);
		report(&d, SEV_ERROR, "%s is not a git repository: make the "
		    "central repository with `git init --bare -b main %s` "
		    "first", dir, dir);
		goto out;
	}
	if (!git_repository_is_bare(repo)) {
		report(&d, SEV_ERROR, "%s is not a bare repository: the "
		    "central repository that offices push to has no working "
		    "folder (git init --bare -b main)", dir);
		goto out;
	}
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) == -1) {
		report(&d, SEV_ERROR, "cannot tell where the gongshi binary "
		    "is: %s", strerror(errno));
		goto out;
	}
	exe[n] = '\0';
	buf_printf(&path, "%shooks", git_repository_path(repo));
	if (mkdir(path.p, 0755) == -1 && errno != EEXIST) {
		report(&d, SEV_ERROR, "%s: %s", path.p, strerror(errno));
		goto out;
	}
	buf_puts(&path, "/pre-receive");
	if (buf_read_file(&old, path.p, 1024 * 1024) == 0 && old.p != NULL &&
	    strstr(old.p, HOOK_MARK) == NULL) {
		report(&d, SEV_ERROR, "%s is already there and is not "
		    "gongshi's: merge it by hand (it must run `%s hook run` "
		    "with git's lines on its input), or move it away and "
		    "install again", path.p, exe);
		goto out;
	}
	buf_puts(&script, "#!/bin/sh\n"
	    HOOK_MARK ": refuses pushes to main\n"
	    "# that rewrite history, break the rules of content/parties.yaml\n"
	    "# or carry content that does not pass `gongshi check`.\n"
	    "exec ");
	shell_quote(&script, exe);
	buf_puts(&script, " --lang zh hook run\n");
	if (write_hook(path.p, script.p, &d) == -1)
		goto out;
	if (git_repository_config(&cfg, repo) < 0 ||
	    git_config_set_bool(cfg, "receive.denyNonFastForwards", 1) < 0 ||
	    git_config_set_bool(cfg, "receive.denyDeletes", 1) < 0) {
		git_fail(&d, "config");
		goto out;
	}
	if (trust.p != NULL && git_config_set_string(cfg, TRUST_KEY,
	    trust.p) < 0) {
		git_fail(&d, "config");
		goto out;
	}
	report(&d, SEV_NOTE, "installed %s: pushes to main are now checked "
	    "(history kept, parties.yaml's rules, content); it runs %s",
	    path.p, exe);
	rc = EXIT_VALID;
out:
	git_config_free(cfg);
	git_repository_free(repo);
	buf_free(&path);
	buf_free(&old);
	buf_free(&script);
	buf_free(&trust);
	return rc;
}

/* Only errors reach the pusher: warnings are the publisher's to see
 * when publishing, and at 10,000 compounds they would flood the push. */
struct errors_only {
	diag_emitter	 emit;
	void		*arg;
};

static void
emit_errors(const struct diag *x, void *arg)
{
	const struct errors_only *e = arg;

	if (x->sev == SEV_ERROR)
		e->emit(x, e->arg);
}

/* The content of the pushed tip, checked as publish checks it. */
static int
check_tip(const struct opts *o, git_repository *repo, const git_oid *tip,
    const char *rev)
{
	struct ctx	 c;
	struct errors_only eo;
	struct arena	 blobs;
	struct mem_file	*files = NULL;
	size_t		 nfiles = 0;
	git_commit	*cm = NULL;
	git_tree	*tree = NULL;
	int		 rc = -1;

	memset(&blobs, 0, sizeof(blobs));
	ctx_init(&c, ".", o->today);
	eo.emit = o->emit;
	eo.arg = o->emit_arg;
	c.diags.emit = emit_errors;
	c.diags.emit_arg = &eo;
	if (git_commit_lookup(&cm, repo, tip) < 0 ||
	    git_commit_tree(&tree, cm) < 0) {
		git_fail(&c.diags, rev);
		goto out;
	}
	if (tree_to_memory(repo, tree, &blobs, NULL, &files, &nfiles,
	    &c.diags) == -1)
		goto out;
	c.mem = files;
	c.nmem = nfiles;
	c.phones = PHONES_REFUSE;
	rc = check_content(&c, 0) == EXIT_VALID ? 0 : 1;
	if (rc == 1)
		report(&c.diags, SEV_ERROR, "push to main refused: the content "
		    "of revision %s has the errors above; fix them, publish "
		    "again and push", rev);
out:
	ctx_free(&c);
	free(files);
	arena_free(&blobs);
	git_tree_free(tree);
	git_commit_free(cm);
	return rc;
}

/* A merge among the revisions of range: 1 (said), 0 none, -1 error. */
static int
find_merge(git_repository *repo, const char *range, struct diags *d)
{
	git_revwalk	*w = NULL;
	git_commit	*cm;
	git_oid		 id;
	char		 hex[13];
	int		 rc = -1, r, n;

	if (git_revwalk_new(&w, repo) < 0)
		goto fail;
	if (strstr(range, "..") != NULL)
		r = git_revwalk_push_range(w, range);
	else if ((r = git_oid_fromstr(&id, range)) == 0)
		r = git_revwalk_push(w, &id);
	if (r < 0)
		goto fail;
	rc = 0;
	while (rc == 0 && (r = git_revwalk_next(&id, w)) == 0) {
		if (git_commit_lookup(&cm, repo, &id) < 0)
			goto fail;
		n = (int)git_commit_parentcount(cm);
		git_commit_free(cm);
		if (n > 1) {
			git_oid_tostr(hex, sizeof(hex), &id);
			report(d, SEV_ERROR, "push to main refused: revision %s "
			    "is a merge; the published history is one line, each "
			    "revision on the one before.  Put your revisions on "
			    "top of main instead (git rebase, or gongshi publish "
			    "--push) and push again", hex);
			rc = 1;
		}
	}
	if (rc == 0 && r != GIT_ITEROVER)
		goto fail;
	git_revwalk_free(w);
	return rc;
fail:
	git_fail(d, range);
	git_revwalk_free(w);
	return -1;
}

/* Whether revision id has content/parties.yaml: 1, 0, or -1. */
static int
has_parties(git_repository *repo, const git_oid *id, struct diags *d)
{
	git_commit	*cm = NULL;
	git_tree	*tree = NULL;
	git_tree_entry	*e = NULL;
	int		 rc = -1;

	if (git_commit_lookup(&cm, repo, id) < 0 ||
	    git_commit_tree(&tree, cm) < 0)
		git_fail(d, "commit");
	else
		rc = git_tree_entry_bypath(&e, tree,
		    "content/parties.yaml") == 0;
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_commit_free(cm);
	return rc;
}

/*
 * One update of main, old to new, with the city's key pinned (trust,
 * or NULL): 0 allowed, 1 refused (after saying why), -1 could not be
 * judged (refused too).
 */
static int
judge(const struct opts *o, git_repository *repo, const git_oid *old,
    const git_oid *new, const char *trust, struct diags *d)
{
	struct buf	 out = { 0 }, range = { 0 };
	char		 a[13], b[13], fa[41], fb[41];
	long		 n;
	int		 r;

	git_oid_tostr(a, sizeof(a), old);
	git_oid_tostr(b, sizeof(b), new);
	git_oid_tostr(fa, sizeof(fa), old);
	git_oid_tostr(fb, sizeof(fb), new);
	if (git_oid_is_zero(new)) {
		report(d, SEV_ERROR, "push to main refused: the published "
		    "branch main may not be deleted");
		return 1;
	}
	if (!git_oid_is_zero(old)) {
		if ((r = git_graph_descendant_of(repo, new, old)) < 0) {
			git_fail(d, b);
			return -1;
		}
		if (r == 0) {
			report(d, SEV_ERROR, "push to main refused: revision %s "
			    "does not continue the published history (main is "
			    "at %s); published revisions are never rewritten "
			    "or dropped.  Fetch main, put your changes on top "
			    "of it (gongshi publish --push does this) and push "
			    "again", b, a);
			return 1;
		}
		buf_printf(&range, "%s..%s", fa, fb);
	} else
		buf_puts(&range, fb);
	if ((r = find_merge(repo, range.p, d)) != 0) {
		buf_free(&range);
		return r;
	}
	if (trust != NULL && (r = has_parties(repo, new, d)) != 1) {
		if (r == 0)
			report(d, SEV_ERROR, "push to main refused: revision %s "
			    "has no content/parties.yaml, but this central "
			    "repository pins the city's key (%s), so every "
			    "revision must say who may publish", b, TRUST_KEY);
		buf_free(&range);
		return r == 0 ? 1 : -1;
	}
	n = verify_range(repo, range.p, trust, &out, d);
	if (n > 0) {
		report(d, SEV_ERROR, "push to main refused: the pushed "
		    "revisions break the rules of content/parties.yaml:");
		term_put(stderr, out.p ? out.p : "");
	}
	buf_free(&out);
	buf_free(&range);
	if (n != 0)
		return n > 0 ? 1 : -1;
	if ((r = check_tip(o, repo, new, b)) == 0)
		report(d, SEV_NOTE, "accepted: main moves to %s; its signatures, "
		    "scopes and content were checked", b);
	return r;
}

/* hook run: git's lines on standard input; exits 1 to refuse. */
static int
hook_run(const struct opts *o)
{
	struct diags	 d = { 0 };
	git_repository	*repo = NULL;
	git_config	*cfg = NULL;
	git_buf		 trust = { 0 };
	git_oid		 old, new;
	char		 line[1024], ref[1024], a[64], b[64];
	const char	*pinned;
	size_t		 nlines = 0;
	int		 refused = 0, r;

	d.emit = o->emit;
	d.emit_arg = o->emit_arg;
	if (git_repository_open_ext(&repo, NULL, GIT_REPOSITORY_OPEN_FROM_ENV,
	    NULL) < 0) {
		git_fail(&d, "GIT_DIR");
		report(&d, SEV_ERROR, "push refused: the hook could not open "
		    "the repository (gongshi hook run runs only as git's "
		    "pre-receive hook)");
		return EXIT_INVALID;
	}
	if (git_repository_config_snapshot(&cfg, repo) < 0 ||
	    ((r = git_config_get_string_buf(&trust, cfg, TRUST_KEY)) < 0 &&
	    r != GIT_ENOTFOUND)) {
		git_fail(&d, TRUST_KEY);
		refused = 1;
		goto out;
	}
	/* libgit2 leaves an empty string in trust when it is not set. */
	pinned = r == 0 && trust.size > 0 ? trust.ptr : NULL;
	while (fgets(line, sizeof(line), stdin) != NULL) {
		if (++nlines > HOOK_LINES_MAX ||
		    sscanf(line, "%63s %63s %1023s", a, b, ref) != 3 ||
		    git_oid_fromstr(&old, a) < 0 ||
		    git_oid_fromstr(&new, b) < 0) {
			report(&d, SEV_ERROR, "push refused: git gave the hook "
			    "a line it does not understand");
			refused = 1;
			break;
		}
		if (strcmp(ref, MAIN_REF) != 0 || git_oid_equal(&old, &new))
			continue;
		if ((r = judge(o, repo, &old, &new, pinned, &d)) != 0) {
			if (r == -1)
				report(&d, SEV_ERROR, "push to main refused: "
				    "the pushed revisions could not be read");
			refused = 1;
		}
	}
out:
	git_buf_dispose(&trust);
	git_config_free(cfg);
	git_repository_free(repo);
	return refused ? EXIT_INVALID : EXIT_VALID;
}

int
cmd_hook(const struct opts *o)
{
	struct diags	 d = { 0 };

	d.emit = o->emit;
	d.emit_arg = o->emit_arg;
	if (o->nargs == 2 && strcmp(o->args[0], "install") == 0)
		return hook_install(o, o->args[1]);
	if (o->nargs == 1 && strcmp(o->args[0], "run") == 0)
		return hook_run(o);
	report(&d, SEV_ERROR, "hook takes `install [--trust KEY] DIR.git` "
	    "(put the hook in the central bare repository) or `run` (what "
	    "the hook runs)");
	return EXIT_USAGE;
}
