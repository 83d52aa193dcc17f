/*
 * publish --push REMOTE: after publishing, main goes to the central
 * repository (libgit2's git_remote_push), whose hook (hook.c) may
 * refuse it.
 *
 *  1. Fetch the central main.  If it holds nothing the publisher lacks,
 *     push main as it is.
 *  2. If it moved on, replay: the content/ and layouts/ files the
 *     unpushed revisions changed (since the common ancestor) are put
 *     on the central tip's tree as one new revision, checked, signed
 *     with the publish's key and pushed.  A file the central repository
 *     changed too is a conflict on that record: nothing is pushed and
 *     nothing here changes.
 *  3. Another office may push in between; then fetch and try again, a
 *     few times.
 *  4. Once pushed, the folder follows: the files others changed are
 *     checked out (never over unpublished edits, which are looked for
 *     before pushing), main moves to what was pushed, and the site is
 *     rebuilt from it (publish's mend).
 *
 * A push the hook refuses is said, with the central repository's own
 * words ("remote: …"), and the local revision is left as it is for
 * the publisher to fix.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "build.h"
#include "content.h"
#include "credential.h"
#include "gongshi.h"
#include "history.h"
#include "i18n.h"
#include "lock.h"
#include "publish.h"
#include "repo.h"
#include "sign.h"

/* How many times a push that lost a race is tried again. */
#define PUSH_TRIES	5

/* Where the revision to push is named while pushing. */
#define PUSH_REF	"refs/gongshi/push"

/* One push run. */
struct prun {
	const struct publish_opts *o;
	struct diags	 d;
	git_repository	*repo;
	struct lock	 lock;		/* the repository's, as publish's */
	git_remote	*remote;
	struct buf	 tracking;	/* where the central main is fetched */
	struct buf	 sideband;	/* what the central repository said */
	struct buf	 status;	/* why it refused main, or empty */
	struct buf	 conflicts;	/* checkout: files in the way */
	size_t		 nconflicts;
	int		 asked;		/* credentials given this connection */
	struct credential cred;		/* from git's credential helpers */
	int		 have_cred;	/* cred holds a name and password */
	int		 gave_cred;	/* cred given this connection */
	int		 approved;	/* git's helpers told it was good */
	int		 login;		/* LOGIN_*: why no login was given */
	struct buf	 login_why;	/* git could not be run: why */
	struct buf	 where;		/* --push as said: no password */
};

/* Why the central repository's login failed, if it did. */
enum {
	LOGIN_OK,
	LOGIN_REFUSED,		/* user name or password refused */
	LOGIN_NONE,		/* git's helpers know none */
	LOGIN_NO_GIT		/* git could not be asked (login_why) */
};

/* Whether url carries a password itself (https://user:token@host/…). */
static int
url_has_password(const char *url)
{
	struct url_parts u;

	return url_parts(url, &u) == 0 && u.colon != NULL;
}

/* The URL or remote's name as messages say it: a password inside is
 * shown as "***", since messages end up in logs and screenshots. */
static void
shown(struct buf *b, const char *url)
{
	struct url_parts u;

	if (url_parts(url, &u) == 0 && u.colon != NULL)
		buf_printf(b, "%.*s:***%s", (int)(u.colon - url), url, u.at);
	else
		buf_puts(b, url);
}

/*
 * Over HTTP(S): a user name and password (or token).  One the URL
 * carries is given by libgit2 itself, before asking here; so being
 * asked with such a URL means it was refused.  Otherwise git's own
 * credential helpers are asked, once per push run, and told whether
 * the central repository took what they gave.
 */
static int
userpass(struct prun *p, git_credential **out, const char *url,
    const char *user)
{
	const char	*dir = p->o->dir;
	int		 r;

	if (p->gave_cred || url_has_password(url)) {
		/* Given on this connection and asked again: refused. */
		p->login = LOGIN_REFUSED;
		if (p->have_cred) {
			credential_tell(dir, url, &p->cred, 0);
			credential_free(&p->cred);
			p->have_cred = 0;
		}
		return GIT_EUSER;
	}
	if (!p->have_cred) {
		r = credential_fill(dir, url, user, &p->cred, &p->login_why);
		if (r != 1) {
			p->login = r == 0 ? LOGIN_NONE : LOGIN_NO_GIT;
			return GIT_EUSER;
		}
		p->have_cred = 1;
	}
	p->gave_cred = 1;
	return git_credential_userpass_plaintext_new(out, p->cred.user.p,
	    p->cred.pass.p);
}

/*
 * Who pushes: over SSH, the keys ssh-agent holds (gongshi never asks
 * for a passphrase), as the user the URL names; over HTTP(S), a user
 * name and password (userpass).  A few times per connection (the user
 * name may be asked for first), so a refused key is an error instead
 * of a loop.
 */
static int
on_credentials(git_credential **out, const char *url, const char *user,
    unsigned int allowed, void *arg)
{
	struct prun	*p = arg;

	if (p->asked++ > 2)
		return GIT_EUSER;
	if ((allowed & GIT_CREDENTIAL_SSH_KEY) != 0)
		return git_credential_ssh_key_from_agent(out, user ? user :
		    "git");
	if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0)
		return userpass(p, out, url, user);
	if ((allowed & GIT_CREDENTIAL_USERNAME) != 0)
		return git_credential_username_new(out, user ? user : "git");
	return GIT_PASSTHROUGH;
}

/* A new connection: what was given on the last one is forgotten. */
static void
new_connection(struct prun *p)
{
	p->asked = 0;
	p->gave_cred = 0;
	p->login = LOGIN_OK;
}

/*
 * After a connection that went through: git's helpers are told the
 * password was good (once).  After one that failed over the login:
 * said plainly, and 1.
 */
static int
login_said(struct prun *p, int ok)
{
	const char	*url = git_remote_url(p->remote);

	if (ok) {
		if (p->have_cred && p->gave_cred && !p->approved) {
			credential_tell(p->o->dir, url, &p->cred, 1);
			p->approved = 1;
		}
		return 0;
	}
	switch (p->login) {
	case LOGIN_REFUSED:
		report(&p->d, SEV_ERROR, "the central repository %s refused the "
		    "login: the user name or the password (token) is wrong.  "
		    "Nothing was pushed; the revision published here stays.  "
		    "Put the right ones in git's credential helper (or in the "
		    "URL) and publish --push again", p->where.p);
		return 1;
	case LOGIN_NONE:
		report(&p->d, SEV_ERROR, "the central repository %s asks for a "
		    "user name and password (token), and none was found, "
		    "neither in the URL nor with git's credential helpers.  "
		    "Store them once (git config --global credential.helper "
		    "store, then push once with the git command) and publish "
		    "--push again; nothing was pushed", p->where.p);
		return 1;
	case LOGIN_NO_GIT:
		report(&p->d, SEV_ERROR, "%s: %s; nothing was pushed",
		    p->where.p, p->login_why.p);
		return 1;
	}
	return 0;
}

/* The remote named, or one made for a URL. */
static int
open_remote(struct prun *p)
{
	const char	*r = p->o->push;
	int		 rc;

	rc = git_remote_lookup(&p->remote, p->repo, r);
	if (rc == 0) {
		buf_printf(&p->tracking, "refs/remotes/%s/main", r);
		return 0;
	}
	if ((strchr(r, ':') != NULL || strchr(r, '/') != NULL) &&
	    git_remote_create_anonymous(&p->remote, p->repo, r) == 0) {
		buf_puts(&p->tracking, "refs/gongshi/central/main");
		return 0;
	}
	report(&p->d, SEV_ERROR, "--push: '%s' is neither a remote of this "
	    "repository (git remote add central URL) nor a URL", p->where.p);
	return -1;
}

/*
 * Whether url names a repository on this machine's disk.  libgit2's
 * local transport writes such a repository's files itself and runs no
 * hook, so nothing of hook.c would judge the push.
 */
static int
url_is_local(const char *url)
{
	const char	*colon, *slash;

	if (strncmp(url, "file://", 7) == 0)
		return 1;
	if (strstr(url, "://") != NULL)
		return 0;
	/* host:path and user@host:path are ssh, as git reads them. */
	colon = strchr(url, ':');
	slash = strchr(url, '/');
	return colon == NULL || (slash != NULL && slash < colon);
}

int
publish_push_check(const struct publish_opts *o)
{
	struct diags	 d;
	git_repository	*repo = NULL;
	git_remote	*remote = NULL;
	const char	*url = o->push;
	int		 rc = 0;

	memset(&d, 0, sizeof(d));
	d.emit = o->emit;
	d.emit_arg = o->emit_arg;
	/* A remote's name is looked up first, as open_remote does. */
	if (git_repository_open_ext(&repo, o->dir,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0 &&
	    git_remote_lookup(&remote, repo, o->push) == 0) {
		url = git_remote_pushurl(remote);
		if (url == NULL)
			url = git_remote_url(remote);
	} else if (strchr(url, ':') == NULL && strchr(url, '/') == NULL)
		url = NULL;	/* no such remote: open_remote says so */
	if (url != NULL && url_is_local(url)) {
		report(&d, SEV_ERROR, "--push: %s is a folder on this machine, "
		    "and a push there passes no check of the central "
		    "repository (its hook runs only for pushes that come "
		    "through a git service): push to its URL instead "
		    "(ssh://, git://, http:// or https://); nothing was "
		    "published", url);
		rc = -1;
	}
	git_remote_free(remote);
	git_repository_free(repo);
	return rc;
}

/* The central main into the tracking ref: 1 and *id, 0 when empty. */
static int
fetch_central(struct prun *p, git_oid *id)
{
	git_fetch_options fo;
	struct buf	 spec = { 0 };
	char		*specs[1];
	git_strarray	 refspecs = { specs, 1 };
	int		 rc;

	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	fo.callbacks.credentials = on_credentials;
	fo.callbacks.payload = p;
	new_connection(p);
	buf_printf(&spec, "+refs/heads/main:%s", p->tracking.p);
	specs[0] = spec.p;
	rc = git_remote_fetch(p->remote, &refspecs, &fo, "gongshi publish "
	    "--push: fetch");
	buf_free(&spec);
	if (login_said(p, rc == 0))
		return -1;
	if (rc < 0) {
		git_fail(&p->d, p->where.p);
		report(&p->d, SEV_ERROR, "the central repository %s could not "
		    "be reached: nothing was pushed", p->where.p);
		return -1;
	}
	if ((rc = git_reference_name_to_id(id, p->repo, p->tracking.p)) == 0)
		return 1;
	if (rc == GIT_ENOTFOUND)
		return 0;
	git_fail(&p->d, p->tracking.p);
	return -1;
}

static int
on_sideband(const char *str, int len, void *arg)
{
	struct prun	*p = arg;

	buf_put(&p->sideband, str, (size_t)len);
	return 0;
}

static int
on_update(const char *ref, const char *status, void *arg)
{
	struct prun	*p = arg;

	if (status != NULL && strcmp(ref, "refs/heads/main") == 0) {
		buf_truncate(&p->status, 0);
		buf_puts(&p->status, status);
	}
	return 0;
}

/*
 * What the central repository said, as "remote: …" lines; its bytes
 * are the server's, so control characters are shown, never obeyed.
 */
static void
put_sideband(struct prun *p)
{
	const char	*s, *end;
	struct buf	 b = { 0 };
	size_t		 n;

	if (p->sideband.p == NULL)
		return;
	buf_put(&p->sideband, "", 0);
	for (s = p->sideband.p; *s != '\0'; s = *end ? end + 1 : end) {
		end = s + strcspn(s, "\r\n");
		n = (size_t)(end - s);
		while (n > 0 && s[n - 1] == ' ')
			n--;	/* git pads progress lines */
		if (n > 0)
			buf_printf(&b, "remote: %.*s\n", (int)n, s);
	}
	if (b.p != NULL)
		term_put(stderr, b.p);
	buf_free(&b);
	buf_truncate(&p->sideband, 0);
}

/*
 * Pushes src (a local ref) to the central main: 0 done, 1 refused
 * (status holds why), 2 lost a race (try again), -1 failed, -3 the
 * login failed (said).
 */
static int
push_ref(struct prun *p, const char *src)
{
	git_push_options po;
	struct buf	 spec = { 0 };
	char		*specs[1];
	git_strarray	 refspecs = { specs, 1 };
	int		 rc;

	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	po.callbacks.sideband_progress = on_sideband;
	po.callbacks.push_update_reference = on_update;
	po.callbacks.credentials = on_credentials;
	po.callbacks.payload = p;
	new_connection(p);
	buf_printf(&spec, "%s:refs/heads/main", src);
	specs[0] = spec.p;
	buf_truncate(&p->status, 0);
	buf_truncate(&p->sideband, 0);
	rc = git_remote_push(p->remote, &refspecs, &po);
	buf_free(&spec);
	if (login_said(p, rc == 0 || rc == GIT_ENONFASTFORWARD))
		return -3;
	if (rc == GIT_ENONFASTFORWARD)
		return 2;
	if (rc < 0) {
		put_sideband(p);
		git_fail(&p->d, p->where.p);
		return -1;
	}
	return p->status.len > 0 ? 1 : 0;
}

static int
path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether path is among the paths, sorted as changed_paths sorts. */
static int
among(char *const *paths, size_t n, const char *path)
{
	return n > 0 && bsearch(&path, paths, n, sizeof(*paths),
	    path_cmp) != NULL;
}

static void
free_paths(char **paths, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

/* The record a path holds, as messages name it. */
static const char *
record_of(const char *path, char *tmp, size_t size)
{
	const char	*stem;
	size_t		 n;

	if (content_schema(path, &stem, &n) != NULL && n > 0 && n < size) {
		memcpy(tmp, stem, n);
		tmp[n] = '\0';
		return tmp;
	}
	return path;
}

/* The unpushed revisions' messages, oldest first, summaries only. */
static int
replay_message(struct prun *p, const git_oid *base, const git_oid *local,
    struct buf *msg)
{
	git_revwalk	*w = NULL;
	git_commit	*cm;
	git_oid		 id;
	const char	*m, *end;
	int		 rc = -1;

	if (git_revwalk_new(&w, p->repo) < 0)
		goto out;
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	if (git_revwalk_push(w, local) < 0 || git_revwalk_hide(w, base) < 0)
		goto out;
	while (git_revwalk_next(&id, w) == 0) {
		if (git_commit_lookup(&cm, p->repo, &id) < 0)
			goto out;
		m = git_commit_message(cm);
		if ((end = strstr(m, "\n\n")) == NULL)
			end = m + strlen(m);
		buf_printf(msg, "%.*s\n", (int)(end - m), m);
		git_commit_free(cm);
	}
	rc = 0;
out:
	if (rc == -1)
		git_fail(&p->d, "revwalk");
	git_revwalk_free(w);
	return rc;
}

/* The new tree checked as publish checks it: 0 valid. */
static int
check_replayed(struct prun *p, git_tree *tree, struct ctx *c)
{
	struct arena	 blobs;
	struct mem_file	*files = NULL;
	size_t		 nfiles = 0;
	int		 rc = -1;

	memset(&blobs, 0, sizeof(blobs));
	if (tree_to_memory(p->repo, tree, &blobs, NULL, &files, &nfiles,
	    &c->diags) == 0) {
		c->mem = files;
		c->nmem = nfiles;
		rc = check_content(c, p->o->strict) == EXIT_VALID ? 0 : -1;
		c->mem = NULL;
		c->nmem = 0;
	}
	free(files);
	arena_free(&blobs);
	return rc;
}

/*
 * The unpushed revisions' changes put on the central tip: *out, a new
 * revision signed as the publish was.  1 done, 0 a conflict (said),
 * 2 nothing of content/ or layouts/ to replay, -1 failed (said).
 */
static int
replay(struct prun *p, const git_oid *local, const git_oid *central,
    git_oid *out)
{
	git_oid		 base, tree_id;
	git_commit	*lc = NULL, *cc = NULL, *bc = NULL;
	git_tree	*lt = NULL, *ct = NULL, *bt = NULL, *nt = NULL;
	git_signature	*who = NULL;
	git_buf		 body = { 0 };
	struct sign_key	 key;
	struct ctx	 c;
	struct changes	 cs;
	struct buf	 msg = { 0 }, sig = { 0 };
	char		**mine = NULL, **theirs = NULL, tmp[256], at[13];
	size_t		 nmine = 0, ntheirs = 0, i;
	const git_commit *parents[1];
	int		 rc = -1, signing;

	memset(&key, 0, sizeof(key));
	ctx_init(&c, p->o->dir, p->o->today);
	c.diags.emit = p->d.emit;
	c.diags.emit_arg = p->d.emit_arg;
	memset(&cs, 0, sizeof(cs));
	cs.arena = &c.arena;
	git_oid_tostr(at, sizeof(at), central);
	if (git_merge_base(&base, p->repo, local, central) < 0 ||
	    git_commit_lookup(&lc, p->repo, local) < 0 ||
	    git_commit_lookup(&cc, p->repo, central) < 0 ||
	    git_commit_lookup(&bc, p->repo, &base) < 0 ||
	    git_commit_tree(&lt, lc) < 0 || git_commit_tree(&ct, cc) < 0 ||
	    git_commit_tree(&bt, bc) < 0) {
		git_fail(&p->d, "merge-base");
		report(&p->d, SEV_ERROR, "this history and the central "
		    "repository's (at %s) have nothing in common: nothing was "
		    "pushed", at);
		goto out;
	}
	if (changed_paths(p->repo, bt, lt, &mine, &nmine, &p->d) == -1 ||
	    changed_paths(p->repo, bt, ct, &theirs, &ntheirs, &p->d) == -1)
		goto out;
	rc = 2;
	if (nmine == 0)
		goto out;
	rc = 1;
	for (i = 0; i < nmine; i++)
		if (among(theirs, ntheirs, mine[i])) {
			report(&p->d, SEV_ERROR, "conflict on %s (%s): it was "
			    "changed here and, meanwhile, in the central "
			    "repository (revision %s)", record_of(mine[i], tmp,
			    sizeof(tmp)), mine[i], at);
			rc = 0;
		}
	if (rc == 0) {
		report(&p->d, SEV_ERROR, "nothing was pushed and nothing here "
		    "was changed.  See what the central repository changed "
		    "with `gongshi diff HEAD %s`, redo your change on top of "
		    "it and publish again", p->tracking.p);
		goto out;
	}
	rc = -1;
	if (tree_with(p->repo, ct, lt, mine, nmine, &tree_id, &p->d) == -1 ||
	    git_tree_lookup(&nt, p->repo, &tree_id) < 0)
		goto out;
	if (check_replayed(p, nt, &c) == -1) {
		report(&p->d, SEV_ERROR, "your changes put on the central "
		    "repository's revision %s have the errors above: nothing "
		    "was pushed", at);
		goto out;
	}
	if (changes_between(&c, p->repo, ct, nt, 0, &cs, &p->d) == -1 ||
	    replay_message(p, &base, local, &msg) == -1)
		goto out;
	if (cs.n > 0) {
		buf_putc(&msg, '\n');
		changes_text(&cs, &msg, "");
	}
	/* The author as in the publisher's last revision; the time now. */
	if (git_signature_now(&who, git_commit_author(lc)->name,
	    git_commit_author(lc)->email) < 0)
		goto fail;
	parents[0] = cc;
	if ((signing = sign_key_find(p->repo, p->o->sign_key, &key,
	    &p->d)) == -1)
		goto out;
	if (!signing) {
		if (git_commit_create(out, p->repo, NULL, who, who, "UTF-8",
		    msg.p, nt, 1, parents) < 0)
			goto fail;
	} else if (git_commit_create_buffer(&body, p->repo, who, who,
	    "UTF-8", msg.p, nt, 1, parents) < 0)
		goto fail;
	else if (sign_buffer(&key, body.ptr, body.size, &sig, &p->d) == -1)
		goto out;
	else if (git_commit_create_with_signature(out, p->repo, body.ptr,
	    sig.p, "gpgsig") < 0)
		goto fail;
	rc = 1;
	goto out;
fail:
	git_fail(&p->d, "commit");
out:
	free_paths(mine, nmine);
	free_paths(theirs, ntheirs);
	changes_free(&cs);
	ctx_free(&c);
	git_buf_dispose(&body);
	buf_free(&msg);
	buf_free(&sig);
	sign_key_free(&key);
	git_signature_free(who);
	git_tree_free(lt);
	git_tree_free(ct);
	git_tree_free(bt);
	git_tree_free(nt);
	git_commit_free(lc);
	git_commit_free(cc);
	git_commit_free(bc);
	return rc;
}

static int
on_conflict(git_checkout_notify_t why, const char *path,
    const git_diff_file *baseline, const git_diff_file *target,
    const git_diff_file *workdir, void *arg)
{
	struct prun	*p = arg;

	(void)baseline;
	(void)target;
	(void)workdir;
	if (why == GIT_CHECKOUT_NOTIFY_CONFLICT) {
		buf_printf(&p->conflicts, "%s%s", p->nconflicts ? ", " : "",
		    path);
		p->nconflicts++;
	}
	return 0;
}

/*
 * Brings the files on disk from local's tree to target's, never over
 * an unpublished edit; with dry set, only finds such edits.  0, or -1
 * (the files in the way in p->conflicts).
 */
static int
follow(struct prun *p, const git_oid *local, const git_oid *target, int dry)
{
	git_checkout_options co;
	git_commit	*lc = NULL, *tc = NULL;
	git_tree	*lt = NULL;
	int		 rc = -1;

	buf_truncate(&p->conflicts, 0);
	p->nconflicts = 0;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_SAFE |
	    (dry ? GIT_CHECKOUT_DRY_RUN : 0);
	co.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
	co.notify_cb = on_conflict;
	co.notify_payload = p;
	if (git_commit_lookup(&lc, p->repo, local) < 0 ||
	    git_commit_lookup(&tc, p->repo, target) < 0 ||
	    git_commit_tree(&lt, lc) < 0) {
		git_fail(&p->d, "checkout");
		goto out;
	}
	co.baseline = lt;
	if (git_checkout_tree(p->repo, (git_object *)tc, &co) < 0) {
		if (p->nconflicts == 0)
			git_fail(&p->d, "checkout");
		goto out;
	}
	rc = 0;
out:
	git_tree_free(lt);
	git_commit_free(lc);
	git_commit_free(tc);
	return rc;
}

/* After the push: main and the site at what the central main is now. */
static int
catch_up(struct prun *p, const git_oid *local, const git_oid *target)
{
	struct publish_opts mo;
	char		 id[13];

	git_oid_tostr(id, sizeof(id), target);
	if (follow(p, local, target, 0) == -1 ||
	    advance_head(p->repo, target, local, "gongshi publish --push",
	    &p->d) == -1) {
		report(&p->d, SEV_ERROR, "the central main is at %s, but this "
		    "folder could not follow it; run `git merge --ff-only %s` "
		    "then `gongshi publish`", id, p->tracking.p);
		return EXIT_USAGE;
	}
	lock_release(&p->lock);	/* publish takes it again */
	mo = *p->o;
	mo.mend_only = 1;
	mo.message = NULL;
	return publish(&mo);
}

/* The central repository refused main: what it said, and what now. */
static int
refused(struct prun *p, const git_oid *local)
{
	char	 id[13];

	git_oid_tostr(id, sizeof(id), local);
	put_sideband(p);
	report(&p->d, SEV_ERROR, "the central repository refused the push "
	    "(%s); it said why above.  Revision %s stays here, published "
	    "only in this folder: fix what it names, publish again and "
	    "push", p->status.p, id);
	return EXIT_INVALID;
}

int
publish_push(const struct publish_opts *o)
{
	struct prun	 p;
	git_oid		 local, central = { { 0 } }, target;
	git_reference	*tmp = NULL;
	char		 id[13];
	int		 rc = EXIT_USAGE, r, tries, has;

	memset(&p, 0, sizeof(p));
	p.o = o;
	p.lock.fd = -1;
	p.d.emit = o->emit;
	p.d.emit_arg = o->emit_arg;
	shown(&p.where, o->push);
	if (repo_open(o->dir, &p.repo, &p.d) != 0 || open_remote(&p) == -1 ||
	    repo_lock(p.repo, &p.lock, "gongshi publish --push", &p.d) == -1)
		goto out;
	if ((r = head_commit(p.repo, &local, &p.d)) != 1) {
		if (r == 0)
			report(&p.d, SEV_ERROR, "nothing is published here yet, "
			    "so there is nothing to push");
		goto out;
	}
	for (tries = 0; tries < PUSH_TRIES; tries++) {
		if ((has = fetch_central(&p, &central)) == -1)
			goto out;
		if (has && git_oid_equal(&central, &local)) {
			report(&p.d, SEV_NOTE, "the central repository already "
			    "has main as it is here");
			rc = EXIT_VALID;
			goto out;
		}
		if (!has || git_graph_descendant_of(p.repo, &local,
		    &central) == 1)
			git_oid_cpy(&target, &local);
		else if (git_graph_descendant_of(p.repo, &central,
		    &local) == 1) {
			/* Nothing of ours to push: only follow. */
			if (follow(&p, &local, &central, 1) == -1)
				goto in_the_way;
			rc = catch_up(&p, &local, &central);
			goto out;
		} else {
			if ((r = replay(&p, &local, &central, &target)) == 2) {
				/* Revisions made with git, not publish. */
				report(&p.d, SEV_ERROR, "the revisions here that "
				    "the central repository lacks change nothing "
				    "in content/ or layouts/, so there is nothing "
				    "to publish again: put them on %s with git "
				    "(git rebase %s); nothing was pushed",
				    p.tracking.p, p.tracking.p);
				goto out;
			}
			if (r != 1) {
				rc = r == 0 ? EXIT_INVALID : EXIT_USAGE;
				goto out;
			}
			if (follow(&p, &local, &target, 1) == -1)
				goto in_the_way;
			git_oid_tostr(id, sizeof(id), &target);
			report(&p.d, SEV_NOTE, "the central repository has "
			    "moved on: your changes were put on its latest "
			    "revision as a new revision %s, checked and signed "
			    "again", id);
		}
		/* What HEAD names is pushed as main, whatever the branch. */
		git_reference_free(tmp);
		tmp = NULL;
		if (git_reference_create(&tmp, p.repo, PUSH_REF, &target, 1,
		    "gongshi publish --push") < 0) {
			git_fail(&p.d, PUSH_REF);
			goto out;
		}
		if ((r = push_ref(&p, PUSH_REF)) == -3)
			goto out;	/* the login failed: said */
		if (r == -1) {
			report(&p.d, SEV_ERROR, "the push to %s failed: nothing "
			    "was pushed", p.where.p);
			goto out;
		}
		if (r == 2)
			continue;
		if (r == 1) {
			/* Refused, or lost a race the server saw first. */
			git_oid before = central;

			if ((has = fetch_central(&p, &central)) == -1)
				goto out;
			if (has && !git_oid_equal(&before, &central))
				continue;
			rc = refused(&p, &local);
			goto out;
		}
		git_oid_tostr(id, sizeof(id), &target);
		report(&p.d, SEV_NOTE, "pushed %s to %s", id, p.where.p);
		if (git_oid_equal(&target, &local)) {
			rc = EXIT_VALID;
			goto out;
		}
		rc = catch_up(&p, &local, &target);
		goto out;
	}
	report(&p.d, SEV_ERROR, "the central repository kept moving: tried "
	    "%d times, nothing was pushed; publish --push again", PUSH_TRIES);
	goto out;
in_the_way:
	if (p.nconflicts > 0)
		report(&p.d, SEV_ERROR, "the central repository changed %s, "
		    "which have unpublished edits here: publish them (or set "
		    "them aside) first; nothing was pushed", p.conflicts.p);
out:
	if (tmp != NULL)
		git_reference_delete(tmp);
	git_reference_free(tmp);
	git_remote_free(p.remote);
	lock_release(&p.lock);
	git_repository_free(p.repo);
	buf_free(&p.tracking);
	buf_free(&p.sideband);
	buf_free(&p.status);
	buf_free(&p.conflicts);
	credential_free(&p.cred);
	buf_free(&p.login_why);
	buf_free(&p.where);
	return rc;
}
