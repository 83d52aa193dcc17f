/*
 * verify: whether a history keeps the rules of parties.yaml (SCHEMA.md,
 * last section).  Each revision that changed content/ or layouts/ must
 * be signed by a key of a party listed in parties.yaml as it stood in
 * the revision's parent (so no one grants themselves rights), and each
 * record and section it changed must lie within that party's scope;
 * everything else (site.yaml, areas.yaml, departments.yaml, parties.yaml,
 * pages and layouts) is for a party of kind 市 only.  The revision that
 * first adds parties.yaml must be signed by a 市 key it lists; --trust
 * pins that key.
 *
 * Who signed is read from the signature (sshkey.c); whether they did is
 * decided by ssh-keygen -Y verify, as git verify-commit decides it.
 * What changed comes from the field-level diff (history.c, diff.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "commands.h"
#include "content.h"
#include "escape.h"
#include "gongshi.h"
#include "history.h"
#include "i18n.h"
#include "repo.h"
#include "schema.h"
#include "sign.h"
#include "sshkey.h"
#include "verify.h"

#define PARTIES	"content/parties.yaml"

/* One key of a party, decoded, for finding who signed. */
struct pkey {
	struct buf	 blob;
	const struct gs_party *party;
	const char	*line;
};

/* parties.yaml as one blob holds it. */
struct pset {
	git_oid		 oid;
	struct gs_list	 parties;	/* struct gs_party, in the arena */
	struct pkey	*keys;
	size_t		 nkeys;
	struct buf	 allowed;	/* as an allowed signers file */
};

/*
 * What is said of one revision.  Its signature is checked by a child
 * that may still run while later revisions are read, so both outcomes
 * are written: good, the lines if the signature holds (scope), and bad,
 * the lines if it does not (every change, unsigned).
 */
struct revlog {
	char		 id[41];
	char		 rev[13];
	const char	*date;
	const char	*who;		/* party, or NULL: not signed */
	const struct gs_party *party;	/* whose key signed, or NULL */
	enum signed_as	 as;		/* before the check's result */
	struct buf	 good, bad;
	size_t		 ngood, nbad;
	int		 pending;	/* a check was started: result holds */
	int		 result;	/* 0 holds, 1 does not, -1 unchecked */
	struct buf	 why;
};

/* One run of verify. */
struct vrun {
	struct ctx	 c;
	git_repository	*repo;
	struct verifier	 ver;
	struct pset	**sets;
	size_t		 nsets;
	struct buf	 out;		/* what is printed */
	struct buf	 trust;		/* --trust: the pinned key's blob */
	struct buf	 scratch;
	char		 anchor[13];	/* revision that added parties.yaml */
	char		 added[13];	/* the same, signed by a 市 or not */
	const char	*anchor_party;
	struct buf	 anchor_fp;
	size_t		 nrevs, ncontent, nbefore, nbad, nviolations;
	struct revlog	**logs;		/* revisions checked, oldest first */
	size_t		 nlogs;
	struct revlog	*cur;		/* the one being checked */
	int		 have_keygen;	/* ssh-keygen was found */
	int		 zone;		/* times shown: minutes east of UTC */
	int		 to_bad;	/* violation() writes cur->bad */
	const struct verdicts *known;	/* remembered: not checked again */
	struct verdicts	*collect;	/* the site's: every verdict */
};

/* The bytes of path in tree into *b; 1, or 0 when it is not there. */
static int
blob_at(struct vrun *v, git_tree *tree, const char *path, struct buf *b,
    git_oid *oid)
{
	git_tree_entry	*e = NULL;
	git_blob	*blob = NULL;
	int		 rc = 0;

	buf_truncate(b, 0);
	if (tree == NULL || git_tree_entry_bypath(&e, tree, path) != 0)
		return 0;
	if (git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
	    git_blob_lookup(&blob, v->repo, git_tree_entry_id(e)) == 0) {
		buf_put(b, git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob));
		buf_put(b, "", 0);
		if (oid != NULL)
			git_oid_cpy(oid, git_tree_entry_id(e));
		rc = 1;
	}
	git_blob_free(blob);
	git_tree_entry_free(e);
	return rc;
}

/* A record parsed from bytes, its problems set aside (old revisions
 * need not pass today's check). */
static void *
parse(struct vrun *v, const char *path, const struct buf *b,
    const struct schema *sc, size_t size)
{
	struct diags	 keep = v->c.diags;
	void		*base = arena_calloc(&v->c.arena, 1, size);
	int		 ok;

	memset(&v->c.diags, 0, sizeof(v->c.diags));
	ok = record_from_bytes(&v->c, path, b->p ? b->p : "", b->len, sc,
	    base);
	diag_free(&v->c.diags);
	v->c.diags = keep;
	return ok ? base : NULL;
}

/* The length of a key line's type and data, without its comment. */
static size_t
key_words(const char *line)
{
	size_t	 n = strcspn(line, " ");

	return line[n] == ' ' ? n + 1 + strcspn(line + n + 1, " ") : n;
}

/* The parties of a parties.yaml blob, with their keys decoded. */
static struct pset *
make_set(struct vrun *v, const git_oid *oid, const struct buf *b)
{
	struct gs_content *ct;
	struct pset	*s = xcalloc(1, sizeof(*s));
	struct gs_party	*p;
	struct gs_val	*k;
	size_t		 i, j;

	git_oid_cpy(&s->oid, oid);
	if ((ct = parse(v, PARTIES, b, &schema_parties_file,
	    sizeof(*ct))) != NULL)
		s->parties = ct->parties;
	for (i = 0; i < s->parties.n; i++) {
		p = GS_AT(s->parties, struct gs_party, i);
		for (j = 0; p->id.s != NULL && j < p->keys.n; j++) {
			k = GS_AT(p->keys, struct gs_val, j);
			s->keys = xrealloc(s->keys, (s->nkeys + 1) *
			    sizeof(*s->keys));
			memset(&s->keys[s->nkeys], 0, sizeof(*s->keys));
			if (k->s == NULL || sshkey_blob(k->s, strlen(k->s),
			    &s->keys[s->nkeys].blob) == -1) {
				buf_free(&s->keys[s->nkeys].blob);
				continue;
			}
			s->keys[s->nkeys].party = p;
			s->keys[s->nkeys].line = k->s;
			/* The type and the key data, not the comment. */
			buf_printf(&s->allowed, "%s namespaces=\"git\" %.*s\n",
			    p->id.s, (int)key_words(k->s), k->s);
			s->nkeys++;
		}
	}
	buf_put(&s->allowed, "", 0);
	return s;
}

/* The parties as tree holds them, or NULL when it has no parties.yaml. */
static struct pset *
parties_at(struct vrun *v, git_tree *tree)
{
	git_oid		 oid;
	size_t		 i;

	if (!blob_at(v, tree, PARTIES, &v->scratch, &oid))
		return NULL;
	for (i = 0; i < v->nsets; i++)
		if (git_oid_equal(&v->sets[i]->oid, &oid))
			return v->sets[i];
	v->sets = xrealloc(v->sets, (v->nsets + 1) * sizeof(*v->sets));
	return v->sets[v->nsets++] = make_set(v, &oid, &v->scratch);
}

/* One line about the revision being checked. */
static void
violation(struct vrun *v, const char *record, const char *field,
    const char *fmt, ...) PRINTF_LIKE(4, 5);

static void
violation(struct vrun *v, const char *record, const char *field,
    const char *fmt, ...)
{
	struct buf	*b = v->to_bad ? &v->cur->bad : &v->cur->good;
	va_list		 ap;

	buf_puts(b, "  ");
	if (record != NULL)
		buf_printf(b, field != NULL && *field != '\0' ?
		    _("%s · %s: ") : _("%s: "), record, field);
	va_start(ap, fmt);
	buf_vprintf(b, _(fmt), ap);
	va_end(ap);
	buf_putc(b, '\n');
	if (v->to_bad)
		v->cur->nbad++;
	else
		v->cur->ngood++;
}

/* The lines of every revision, once every check has ended. */
static void
put_logs(struct vrun *v)
{
	struct revlog	*r;
	size_t		 i, n;
	int		 failed;

	for (i = 0; i < v->nlogs; i++) {
		r = v->logs[i];
		failed = r->pending && r->result != 0;
		if ((n = failed ? r->nbad + 1 : r->ngood) == 0)
			continue;
		if (r->who != NULL)
			buf_printf(&v->out, _("revision %s (%s), published by "
			    "%s:\n"), r->rev, r->date, r->who);
		else
			buf_printf(&v->out, _("revision %s (%s), not signed:\n"),
			    r->rev, r->date);
		if (failed && r->result == 1)
			buf_printf(&v->out, _("  the signature does not verify: "
			    "the revision was changed after it was signed, or the "
			    "signature is forged (%s)\n"), r->why.p ? r->why.p :
			    "?");
		else if (failed)
			buf_printf(&v->out, _("  the signature could not be "
			    "checked: %s\n"), r->why.p ? r->why.p : "?");
		buf_puts(&v->out, failed ? (r->bad.p ? r->bad.p : "") :
		    r->good.p);
		v->nviolations += n;
		v->nbad++;
	}
}

static const char *
party_name(struct vrun *v, const struct gs_party *p)
{
	return arena_printf(&v->c.arena, "%s (%s)", p->name.s ? p->name.s :
	    "?", p->id.s);
}

/* Which party's key made sig, from the signature itself; or NULL. */
static const struct pkey *
signer(struct vrun *v, const struct pset *s, const char *sig, size_t n)
{
	size_t	 i;

	if (sshsig_key(sig, n, &v->scratch) == -1)
		return NULL;
	for (i = 0; i < s->nkeys; i++)
		if (s->keys[i].blob.len == v->scratch.len &&
		    memcmp(s->keys[i].blob.p, v->scratch.p, v->scratch.len) == 0)
			return &s->keys[i];
	return NULL;
}

static int
is_city(const struct gs_party *p)
{
	return p->kind.s != NULL && p->kind.n == GS_PARTY_CITY;
}

/* Whether p may change compound id lying in community (or NULL). */
static int
covers(const struct gs_party *p, const char *id, const char *community)
{
	const struct gs_val *x;
	size_t		 i;

	if (p->compounds.pos.line == 0 && p->areas.pos.line == 0)
		return p->kind.s != NULL && (p->kind.n == GS_PARTY_CITY ||
		    p->kind.n == GS_PARTY_DISTRICT);
	for (i = 0; i < p->compounds.n; i++) {
		x = GS_AT(p->compounds, struct gs_val, i);
		if (x->s != NULL && strcmp(x->s, id) == 0)
			return 1;
	}
	for (i = 0; community != NULL && i < p->areas.n; i++) {
		x = GS_AT(p->areas, struct gs_val, i);
		if (x->s != NULL && strncmp(community, x->s, strlen(x->s)) == 0)
			return 1;
	}
	return 0;
}

/* Whether p may change the section key ("" is the whole record). */
static int
covers_section(const struct gs_party *p, const char *key)
{
	const struct gs_val *x;
	size_t		 i;

	if (p->sections.pos.line == 0)
		return 1;
	for (i = 0; *key != '\0' && i < p->sections.n; i++) {
		x = GS_AT(p->sections, struct gs_val, i);
		if (x->s != NULL && strcmp(x->s, key) == 0)
			return 1;
	}
	return 0;
}

static const char *
sections_list(struct vrun *v, const struct gs_party *p)
{
	struct buf	 b = { 0 };
	const char	*s;
	size_t		 i;

	for (i = 0; i < p->sections.n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "",
		    GS_AT(p->sections, struct gs_val, i)->s);
	s = arena_strdup(&v->c.arena, b.p ? b.p : "");
	buf_free(&b);
	return s;
}

/* The community a compound file names in tree, or NULL. */
static const char *
community_at(struct vrun *v, git_tree *tree, const char *path, int *there)
{
	struct gs_compound *cp;

	*there = blob_at(v, tree, path, &v->scratch, NULL);
	if (!*there || (cp = parse(v, path, &v->scratch, &schema_compound,
	    sizeof(*cp))) == NULL)
		return NULL;
	return cp->community.s;
}

/* The changes of one compound: each section within p's. */
static void
check_sections(struct vrun *v, const struct gs_party *p, const char *id,
    const struct changes *cs)
{
	const struct change *ch;
	char		 key[64];
	size_t		 i, n;

	for (i = 0; i < cs->n; i++) {
		ch = &cs->v[i];
		if (strcmp(ch->record, id) != 0)
			continue;
		n = strcspn(ch->path, ".[");
		if (n >= sizeof(key))
			n = sizeof(key) - 1;
		memcpy(key, ch->path, n);
		key[n] = '\0';
		if (covers_section(p, key))
			continue;
		if (*key == '\0')
			violation(v, id, NULL, "%s may change only some "
			    "sections (%s), not add or remove a whole record",
			    party_name(v, p), sections_list(v, p));
		else
			violation(v, id, ch->path, "%s may not change %s (%s): "
			    "it may change only %s", party_name(v, p), key,
			    ch->what, sections_list(v, p));
	}
}

/* Each changed path within the scope of p, who signed. */
static void
check_scope(struct vrun *v, const struct gs_party *p, git_tree *ptree,
    git_tree *tree, char **paths, size_t n, const struct changes *cs)
{
	const char	*stem = NULL, *old, *new;
	size_t		 i, stemlen;
	int		 had, has;
	char		*id;

	if (is_city(p))
		return;
	for (i = 0; i < n; i++) {
		if (content_schema(paths[i], &stem, &stemlen) ==
		    &schema_compound) {
			id = arena_strndup(&v->c.arena, stem, stemlen);
			old = community_at(v, ptree, paths[i], &had);
			old = old ? arena_strdup(&v->c.arena, old) : NULL;
			new = community_at(v, tree, paths[i], &has);
			if ((had && !covers(p, id, old)) ||
			    (has && !covers(p, id, new)))
				violation(v, id, NULL, "%s may not change this "
				    "compound: it is not among its compounds "
				    "or areas", party_name(v, p));
			else
				check_sections(v, p, id, cs);
		} else if (strncmp(paths[i], "content/files/", 14) == 0) {
			/* A new attachment goes with a notice. */
			if (blob_at(v, ptree, paths[i], &v->scratch, NULL) ||
			    !covers_section(p, "notices"))
				violation(v, paths[i], NULL, "only a 市 party may "
				    "change or remove an attachment; %s may "
				    "add new ones only with notices in its "
				    "sections", party_name(v, p));
		} else
			violation(v, paths[i], NULL, "only a party of kind 市 "
			    "may change this file; %s is a %s", party_name(v,
			    p), p->kind.s ? p->kind.s : "?");
	}
}

/*
 * Who signed the revision, checked by ssh-keygen: the party, or NULL
 * after saying why not.
 */
static const struct gs_party *
check_signature(struct vrun *v, const git_oid *id, const struct pset *s,
    int adding)
{
	git_buf		 sig = { 0 }, data = { 0 };
	const struct pkey *k = NULL;

	if (git_commit_extract_signature(&sig, &data, v->repo,
	    (git_oid *)id, NULL) != 0) {
		v->cur->as = SIGNED_UNSIGNED;
		violation(v, NULL, NULL, "not signed, but parties.yaml %s "
		    "requires every change to be signed by a party", adding ?
		    _("(added here)") : _("(as it stood before)"));
		goto out;
	}
	if ((k = signer(v, s, sig.ptr, sig.size)) == NULL) {
		v->cur->who = _("unknown: its key is in no party's keys");
		v->cur->as = SIGNED_UNKNOWN;
		violation(v, NULL, NULL, "signed with a key that no party in "
		    "parties.yaml %s lists", adding ? _("(added here)") :
		    _("(as it stood before)"));
		goto out;
	}
	v->cur->who = party_name(v, k->party);
	v->cur->party = k->party;
	v->cur->as = SIGNED_GOOD;
	if (verifier_start(&v->ver, s->allowed.p, s->allowed.len,
	    k->party->id.s, sig.ptr, sig.size, data.ptr, data.size,
	    &v->cur->result, &v->cur->why) == 0)
		v->cur->pending = 1;
	else {
		violation(v, NULL, NULL, "the signature could not be "
		    "checked: %s", v->cur->why.p ? v->cur->why.p : "?");
		v->cur->as = SIGNED_UNCHECKED;
		k = NULL;
	}
out:
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	return k ? k->party : NULL;
}

/* The revision that first adds parties.yaml: the trust anchor. */
static void
check_anchor(struct vrun *v, const git_oid *id, const struct pset *s,
    const struct gs_party *p)
{
	git_buf		 sig = { 0 }, data = { 0 };
	size_t		 i;

	if (!is_city(p)) {
		violation(v, PARTIES, NULL, "parties.yaml must first be added "
		    "by a party of kind 市 that it lists; %s is a %s",
		    party_name(v, p), p->kind.s ? p->kind.s : "?");
		return;
	}
	git_oid_tostr(v->anchor, sizeof(v->anchor), id);
	v->anchor_party = party_name(v, p);
	if (git_commit_extract_signature(&sig, &data, v->repo, (git_oid *)id,
	    NULL) == 0 && sshsig_key(sig.ptr, sig.size, &v->scratch) == 0)
		for (i = 0; i < s->nkeys; i++)
			if (s->keys[i].blob.len == v->scratch.len &&
			    memcmp(s->keys[i].blob.p, v->scratch.p,
			    v->scratch.len) == 0) {
				verifier_fingerprint(&v->ver, s->keys[i].line,
				    &v->anchor_fp);
				break;
			}
	if (v->trust.len > 0 && (v->trust.len != v->scratch.len ||
	    memcmp(v->trust.p, v->scratch.p, v->trust.len) != 0))
		violation(v, PARTIES, NULL, "parties.yaml was first added "
		    "with a key other than the one --trust pins");
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
}

/* Whether ssh-keygen can be run, as execvp would find it. */
static int
find_keygen(struct vrun *v)
{
	const char	*path = getenv("PATH"), *p, *end;
	struct buf	 f = { 0 };
	int		 found = 0;

	if (v->have_keygen)
		return 0;
	for (p = path ? path : "/usr/bin:/bin"; !found && *p != '\0';
	    p = *end ? end + 1 : end) {
		end = p + strcspn(p, ":");
		buf_truncate(&f, 0);
		buf_printf(&f, "%.*s/%s", (int)(end - p), end > p ? p : ".",
		    v->ver.program);
		found = access(f.p, X_OK) == 0;
	}
	buf_free(&f);
	if (!found) {
		report(&v->c.diags, SEV_ERROR, "parties.yaml is in force, and "
		    "checking its signatures needs %s, which was not found: "
		    "install OpenSSH's client (apt-get install "
		    "openssh-client)", v->ver.program);
		return -1;
	}
	v->have_keygen = 1;
	return 0;
}

/* When a revision was made, in the site's zone: "2026-11-27 20:05". */
static const char *
commit_date(struct vrun *v, const git_commit *cm)
{
	time_t		 t = (time_t)(git_commit_time(cm) + v->zone * 60);
	struct tm	 tm;
	char		 s[32];

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(s, sizeof(s), "%Y-%m-%d %H:%M", &tm) == 0)
		return "?";
	return arena_strdup(&v->c.arena, s);
}

/* A new last verdict, for the caller to fill. */
static struct verdict *
verdict_push(struct verdicts *vs)
{
	if (vs->n == vs->cap) {
		vs->cap = vs->cap ? vs->cap * 2 : 64;
		vs->v = xrealloc(vs->v, vs->cap * sizeof(*vs->v));
	}
	return &vs->v[vs->n++];
}

/* Adds a verdict to what the site is told, when it asks. */
static void
collect(struct vrun *v, const git_oid *id, enum signed_as as,
    const char *party)
{
	struct verdict	*x;

	if (v->collect == NULL)
		return;
	x = verdict_push(v->collect);
	git_oid_tostr(x->id, sizeof(x->id), id);
	x->as = as;
	x->party = party ? xstrdup(party) : NULL;
}

/* Whether id's verdict is remembered (and so taken as it is). */
static int
remembered(struct vrun *v, const git_oid *id)
{
	const struct verdict *x;
	char		 hex[41];

	if (v->known == NULL)
		return 0;
	git_oid_tostr(hex, sizeof(hex), id);
	if ((x = verdict_of(v->known, hex)) == NULL ||
	    x->as == SIGNED_UNCHECKED)
		return 0;
	collect(v, id, x->as, x->party);
	return 1;
}

/* One revision, against its first parent. */
static int
check_revision(struct vrun *v, const git_oid *id)
{
	git_commit	*cm = NULL, *parent = NULL;
	git_tree	*tree = NULL, *ptree = NULL;
	struct changes	 cs;
	const struct gs_party *p;
	struct pset	*s;
	char		**paths = NULL;
	size_t		 i, n = 0;
	int		 rc = -1, adding = 0;

	memset(&cs, 0, sizeof(cs));
	cs.arena = &v->c.arena;
	if (remembered(v, id))
		return 0;
	if (git_commit_lookup(&cm, v->repo, id) < 0 ||
	    git_commit_tree(&tree, cm) < 0 ||
	    (git_commit_parentcount(cm) > 0 &&
	    (git_commit_parent(&parent, cm, 0) < 0 ||
	    git_commit_tree(&ptree, parent) < 0))) {
		git_fail(&v->c.diags, "commit");
		goto out;
	}
	v->nrevs++;
	if (changed_paths(v->repo, ptree, tree, &paths, &n,
	    &v->c.diags) == -1)
		goto out;
	rc = 0;
	if (n == 0) {
		collect(v, id, SIGNED_NONE, NULL);
		goto out;
	}
	v->ncontent++;
	if ((s = parties_at(v, ptree)) == NULL) {
		if ((s = parties_at(v, tree)) == NULL) {
			v->nbefore++;
			collect(v, id, SIGNED_NONE, NULL);
			goto out;
		}
		adding = 1;
	}
	if (find_keygen(v) == -1) {
		rc = -1;
		goto out;
	}
	v->cur = xcalloc(1, sizeof(*v->cur));
	v->logs = xrealloc(v->logs, (v->nlogs + 1) * sizeof(*v->logs));
	v->logs[v->nlogs++] = v->cur;
	git_oid_tostr(v->cur->id, sizeof(v->cur->id), id);
	memcpy(v->cur->rev, v->cur->id, 12);
	v->cur->date = commit_date(v, cm);
	v->to_bad = 0;
	p = check_signature(v, id, s, adding);
	if (changes_between(&v->c, v->repo, ptree, tree, 0, &cs,
	    &v->c.diags) == -1) {
		rc = -1;
		goto out;
	}
	/* Without a signature that holds, every change is a violation. */
	v->to_bad = p != NULL;
	for (i = 0; i < cs.n; i++)
		violation(v, cs.v[i].record, cs.v[i].path, "changed without "
		    "a valid signature: %s", cs.v[i].what);
	v->to_bad = 0;
	if (adding && v->added[0] == '\0')
		git_oid_tostr(v->added, sizeof(v->added), id);
	if (p != NULL && adding)
		check_anchor(v, id, s, p);
	else if (p != NULL)
		check_scope(v, p, ptree, tree, paths, n, &cs);
out:
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	changes_free(&cs);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	git_commit_free(cm);
	return rc;
}

/* --trust KEY: a .pub file, or the key line itself. */
static int
read_trust(struct vrun *v, const char *arg)
{
	struct buf	 b = { 0 };
	const char	*line = arg;
	int		 rc;

	if (strchr(arg, ' ') == NULL && buf_read_file(&b, arg, 64 * 1024) == 0
	    && b.p != NULL) {
		b.p[strcspn(b.p, "\r\n")] = '\0';
		line = b.p;
	}
	if ((rc = sshkey_blob(line, strlen(line), &v->trust)) == -1)
		report(&v->c.diags, SEV_ERROR, "--trust: '%s' is neither an "
		    "OpenSSH public key nor a file holding one (the .pub "
		    "line the city publishes)", arg);
	buf_free(&b);
	return rc;
}

/*
 * The zone readers see times in, as the newest revision asked for says
 * (site.yaml's utc_offset; Beijing time without one), so that verify
 * and the site name a revision's time alike whoever committed it.
 */
static void
tip_zone(struct vrun *v, const char *range)
{
	git_revspec	 spec;
	git_tree	*tree = NULL;

	v->zone = 8 * 60;
	memset(&spec, 0, sizeof(spec));
	/* git's own reading of the range: its right end, or the one
	 * revision named. */
	if (git_revparse(&spec, v->repo, range ? range : "HEAD") == 0 &&
	    git_object_peel((git_object **)&tree, spec.to ? spec.to :
	    spec.from, GIT_OBJECT_TREE) == 0 &&
	    blob_at(v, tree, "content/site.yaml", &v->scratch, NULL) == 1)
		v->zone = site_zone_of(&v->c, v->scratch.p,
		    v->scratch.len - 1);
	git_tree_free(tree);
	git_object_free(spec.from);
	git_object_free(spec.to);
}

/* Walks the revisions asked for, oldest first. */
static int
walk(struct vrun *v, const char *range)
{
	git_revwalk	*w = NULL;
	git_oid		 id;
	int		 rc = -1, r;

	tip_zone(v, range);

	if (git_revwalk_new(&w, v->repo) < 0)
		goto fail;
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	if (range == NULL)
		r = git_revwalk_push_head(w);
	else if (strstr(range, "..") != NULL)
		r = git_revwalk_push_range(w, range);
	else {
		git_object	*o = NULL;

		if ((r = git_revparse_single(&o, v->repo, range)) == 0)
			r = git_revwalk_push(w, git_object_id(o));
		git_object_free(o);
	}
	if (r < 0) {
		git_fail(&v->c.diags, range ? range : "HEAD");
		goto out;
	}
	while ((r = git_revwalk_next(&id, w)) == 0)
		if (check_revision(v, &id) == -1)
			goto out;
	if (r != GIT_ITEROVER)
		goto fail;
	rc = 0;
	goto out;
fail:
	git_fail(&v->c.diags, "revwalk");
out:
	git_revwalk_free(w);
	return rc;
}

/* What was found, after the violations. */
static void
summary(struct vrun *v)
{
	if (v->nsets == 0) {
		buf_printf(&v->out, _("parties.yaml is in none of these "
		    "revisions: nothing is enforced (one office publishes, "
		    "unsigned); revisions checked: %zu\n"), v->nrevs);
		return;
	}
	if (v->anchor[0] != '\0')
		buf_printf(&v->out, _("trust anchor: parties.yaml was first "
		    "added in revision %s by %s, with the key %s; compare it "
		    "with the fingerprint the city publishes\n"), v->anchor,
		    v->anchor_party, v->anchor_fp.p ? v->anchor_fp.p : "?");
	else if (v->added[0] != '\0')
		buf_printf(&v->out, _("trust anchor: none; parties.yaml was "
		    "first added in revision %s without the signature of a 市 "
		    "party it lists, so no key vouches for it\n"), v->added);
	else
		buf_printf(&v->out, _("trust anchor: the revision that first "
		    "added parties.yaml is not among those checked\n"));
	if (v->nbefore > 0)
		buf_printf(&v->out, _("revisions from before parties.yaml "
		    "existed, not checked: %zu\n"), v->nbefore);
	buf_printf(&v->out, _("revisions checked: %zu; changing content: "
	    "%zu; violations: %zu, in revisions: %zu\n"), v->nrevs, v->ncontent,
	    v->nviolations, v->nbad);
}

/* Frees what a run holds. */
static void
vrun_free(struct vrun *v)
{
	size_t	 i, j;

	for (i = 0; i < v->nsets; i++) {
		for (j = 0; j < v->sets[i]->nkeys; j++)
			buf_free(&v->sets[i]->keys[j].blob);
		free(v->sets[i]->keys);
		buf_free(&v->sets[i]->allowed);
		free(v->sets[i]);
	}
	free(v->sets);
	verifier_close(&v->ver);
	for (i = 0; i < v->nlogs; i++) {
		buf_free(&v->logs[i]->good);
		buf_free(&v->logs[i]->bad);
		buf_free(&v->logs[i]->why);
		free(v->logs[i]);
	}
	free(v->logs);
	buf_free(&v->out);
	buf_free(&v->trust);
	buf_free(&v->scratch);
	buf_free(&v->anchor_fp);
	ctx_free(&v->c);
}

/*
 * The revisions of range in repo, as the server's hook checks a push
 * (hook.c), with the city's key pinned as --trust pins it (trust, a
 * key line, or NULL): the violations are added to out, and their
 * number is returned, or -1 when the history could not be read or
 * trust is no key (reported to d).
 */
long
verify_range(git_repository *repo, const char *range, const char *trust,
    struct buf *out, struct diags *d)
{
	struct vrun	 v;
	long		 rc = -1;

	memset(&v, 0, sizeof(v));
	ctx_init(&v.c, ".", 0);
	v.c.diags.emit = d->emit;
	v.c.diags.emit_arg = d->emit_arg;
	v.repo = repo;
	if ((trust == NULL || read_trust(&v, trust) == 0) &&
	    verifier_open(&v.ver, NULL, &v.c.diags) == 0 &&
	    walk(&v, range) == 0) {
		verifier_wait(&v.ver);
		put_logs(&v);
		if (v.out.p != NULL)
			buf_puts(out, v.out.p);
		rc = (long)v.nviolations;
	}
	vrun_free(&v);
	return rc;
}

/*
 * The site's verdicts.  Remembered in a small file, one line a commit,
 * "ID LETTER PARTY": a commit's id fixes its tree, its parent and so
 * parties.yaml as it stood there, and its signature, so its verdict
 * never changes; only a check that could not run is tried again.  The
 * first line names the program, whose rules might change.
 */
#define VERDICTS_HEAD	"gongshi-signatures 1 " VERSION "\n"
#define VERDICTS_MAX	(64u << 20)

static const char verdict_letters[] = "ngsubkx";	/* by enum signed_as */

static int
cmp_verdict(const void *pa, const void *pb)
{
	const struct verdict *a = pa, *b = pb;

	return strcmp(a->id, b->id);
}

const struct verdict *
verdict_of(const struct verdicts *vs, const char *id)
{
	struct verdict	 key;

	if (vs == NULL || vs->n == 0 || strlen(id) != 40)
		return NULL;
	memcpy(key.id, id, 41);
	return bsearch(&key, vs->v, vs->n, sizeof(*vs->v), cmp_verdict);
}

void
verdicts_free(struct verdicts *vs)
{
	size_t	 i;

	for (i = 0; i < vs->n; i++)
		free(vs->v[i].party);
	free(vs->v);
	memset(vs, 0, sizeof(*vs));
}

/* Sorts, keeping the first of each id. */
static void
verdicts_sort(struct verdicts *vs)
{
	size_t	 i, out = 0;

	if (vs->n > 1)
		qsort(vs->v, vs->n, sizeof(*vs->v), cmp_verdict);
	for (i = 0; i < vs->n; i++) {
		if (out > 0 && strcmp(vs->v[out - 1].id, vs->v[i].id) == 0) {
			free(vs->v[i].party);
			continue;
		}
		vs->v[out++] = vs->v[i];
	}
	vs->n = out;
}

/* One remembered line, or nothing when it is not one. */
static void
verdict_line(struct verdicts *vs, const char *line, size_t len)
{
	const char	*l;
	struct verdict	*x;
	unsigned char	 raw[20];

	/* A NUL would cut the party short of what was written; the id is
	 * 40 lower-case hex digits, as git_oid_tostr writes it. */
	if (len < 42 || memchr(line, '\0', len) != NULL || line[40] != ' ' ||
	    (l = strchr(verdict_letters, line[41])) == NULL ||
	    (len > 42 && line[42] != ' ') ||
	    hex_bytes(line, 40, raw, sizeof(raw)) == -1)
		return;
	x = verdict_push(vs);
	memcpy(x->id, line, 40);
	x->id[40] = '\0';
	x->as = (enum signed_as)(l - verdict_letters);
	x->party = NULL;
	if (len > 43) {
		x->party = xmalloc(len - 43 + 1);
		memcpy(x->party, line + 43, len - 43);
		x->party[len - 43] = '\0';
	}
}

int
verdicts_parse(const char *text, size_t len, struct verdicts *vs)
{
	const char	*p, *end, *nl;

	memset(vs, 0, sizeof(*vs));
	if (text == NULL || len < strlen(VERDICTS_HEAD) ||
	    strncmp(text, VERDICTS_HEAD, strlen(VERDICTS_HEAD)) != 0)
		return -1;
	end = text + len;
	for (p = text + strlen(VERDICTS_HEAD); p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;	/* cut short: the last line is not whole */
		verdict_line(vs, p, (size_t)(nl - p));
	}
	verdicts_sort(vs);
	return 0;
}

static void
verdicts_read(const char *path, struct verdicts *vs)
{
	struct buf	 b = { 0 };

	memset(vs, 0, sizeof(*vs));
	if (path != NULL && buf_read_file(&b, path, VERDICTS_MAX) == 0)
		(void)verdicts_parse(b.p, b.len, vs);
	buf_free(&b);
}

void
verdicts_format(const struct verdicts *vs, struct buf *b)
{
	const char	*q;
	size_t		 i;

	buf_puts(b, VERDICTS_HEAD);
	for (i = 0; i < vs->n; i++) {
		if (vs->v[i].as == SIGNED_UNCHECKED)
			continue;
		buf_printf(b, "%s %c", vs->v[i].id,
		    verdict_letters[vs->v[i].as]);
		if (vs->v[i].party != NULL) {
			buf_putc(b, ' ');
			for (q = vs->v[i].party; *q != '\0'; q++)
				buf_putc(b, *q == '\n' || *q == '\r' ?
				    ' ' : *q);
		}
		buf_putc(b, '\n');
	}
}

/*
 * Saves what can be remembered; a failure only costs time later.  Not
 * write_replace(): log and build may save at once without the site's
 * lock, and its one fixed .tmp name would let their bytes interleave.
 */
static void
verdicts_save(const char *path, const struct verdicts *vs)
{
	struct buf	 b = { 0 };

	verdicts_format(vs, &b);
	(void)save_beside(path, b.p, b.len);
	buf_free(&b);
}

/* What a revision's log says, once its check has ended. */
static enum signed_as
log_verdict(const struct revlog *r)
{
	if (r->as != SIGNED_GOOD)
		return r->as;
	if (r->result == 1)
		return SIGNED_BAD;
	if (r->result != 0)
		return SIGNED_UNCHECKED;
	return r->ngood > 0 ? SIGNED_SCOPE : SIGNED_GOOD;
}

int
verify_verdicts(git_repository *repo, const char *tip, const char *cache,
    struct verdicts *out, struct diags *d)
{
	struct verdicts	 known;
	struct vrun	 v;
	struct revlog	*r;
	git_oid		 oid;
	size_t		 i;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&known, 0, sizeof(known));
	verdicts_read(cache, &known);
	memset(&v, 0, sizeof(v));
	ctx_init(&v.c, ".", 0);
	v.c.diags.emit = d->emit;
	v.c.diags.emit_arg = d->emit_arg;
	v.repo = repo;
	v.known = &known;
	v.collect = out;
	if (verifier_open(&v.ver, NULL, &v.c.diags) == -1)
		goto out;
	/* Without ssh-keygen the site still builds: each signed revision
	 * is shown as one whose signature could not be checked. */
	v.have_keygen = 1;
	if (walk(&v, tip) == -1)
		goto out;
	verifier_wait(&v.ver);
	for (i = 0; i < v.nlogs; i++) {
		r = v.logs[i];
		if (git_oid_fromstr(&oid, r->id) < 0)
			continue;
		collect(&v, &oid, log_verdict(r), r->party != NULL &&
		    log_verdict(r) != SIGNED_BAD ? r->party->name.s : NULL);
	}
	verdicts_sort(out);
	if (cache != NULL && (v.nlogs > 0 || out->n != known.n))
		verdicts_save(cache, out);
	rc = 0;
out:
	if (rc == -1)
		diag_flush(&v.c.diags);
	vrun_free(&v);
	verdicts_free(&known);
	return rc;
}

int
cmd_verify(const struct opts *o)
{
	struct vrun	 v;
	int		 rc = EXIT_USAGE, r;

	memset(&v, 0, sizeof(v));
	ctx_init(&v.c, o->dir, o->today);
	v.c.diags.emit = o->emit;
	v.c.diags.emit_arg = o->emit_arg;
	if (o->trust != NULL && read_trust(&v, o->trust) == -1)
		goto out;
	if ((r = repo_open(o->dir, &v.repo, &v.c.diags)) != 0) {
		if (r == 1)
			report(&v.c.diags, SEV_ERROR, "not a git repository; "
			    "run gongshi publish first");
		goto out;
	}
	if (verifier_open(&v.ver, NULL, &v.c.diags) == -1)
		goto out;
	if (walk(&v, o->nargs ? o->args[0] : NULL) == -1)
		goto out;
	verifier_wait(&v.ver);
	put_logs(&v);
	summary(&v);
	if (term_put(stdout, v.out.p ? v.out.p : "") != 0)
		goto out;
	rc = v.nviolations > 0 ? EXIT_INVALID : EXIT_VALID;
out:
	git_repository_free(v.repo);
	vrun_free(&v);
	return rc;
}
