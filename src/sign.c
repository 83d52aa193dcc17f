/*
 * Signed publications: a commit signed exactly as `git commit -S` signs
 * it with gpg.format=ssh, so that `git verify-commit` with an allowed
 * signers file accepts it.  All the cryptography is OpenSSH's own
 * (ssh-keygen -Y sign, as git runs it); this file only finds the key,
 * runs ssh-keygen as a child without a shell, and says in words what
 * went wrong.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "child.h"
#include "diag.h"
#include "i18n.h"
#include "sign.h"
#include "sshkey.h"

extern char **environ;

#define SIGN_SECONDS	120	/* a security key waits for a touch */
#define SIG_MAX		(64 * 1024)
#define SIG_BEGIN	"-----BEGIN SSH SIGNATURE-----"

void
sign_key_free(struct sign_key *k)
{
	struct buf	 p = { 0 };

	if (k->tmpdir != NULL) {
		buf_printf(&p, "%s/key.pub", k->tmpdir);
		unlink(p.p);
		rmdir(k->tmpdir);
		buf_free(&p);
	}
	free(k->tmpdir);
	free(k->path);
	free(k->program);
	memset(k, 0, sizeof(*k));
}

/* A private folder for the files ssh-keygen reads and writes. */
static char *
make_tmpdir(struct diags *d)
{
	const char	*base = getenv("TMPDIR");
	struct buf	 b = { 0 };

	buf_printf(&b, "%s/gongshi-sign-XXXXXX", base != NULL && *base ==
	    '/' ? base : "/tmp");
	if (mkdtemp(b.p) == NULL) {
		report(d, SEV_ERROR, "%s: %s", b.p, strerror(errno));
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static int
write_file(const char *path, const char *data, size_t len)
{
	int	 fd, ok;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1)
		return -1;
	ok = write(fd, data, len) == (ssize_t)len;
	if (close(fd) == -1)
		ok = 0;
	return ok ? 0 : -1;
}

/* "~/x" as git reads it: under $HOME. */
static char *
expand_home(const char *path)
{
	const char	*home = getenv("HOME");
	struct buf	 b = { 0 };

	if (strncmp(path, "~/", 2) != 0 || home == NULL)
		return xstrdup(path);
	buf_printf(&b, "%s/%s", home, path + 2);
	return buf_detach(&b);
}

/* A literal public key in user.signingKey, as git tells it apart. */
static const char *
literal_key(const char *v)
{
	if (strncmp(v, "key::", 5) == 0)
		return v + 5;
	if (strncmp(v, "ssh-", 4) == 0 || strncmp(v, "ecdsa-", 6) == 0 ||
	    strncmp(v, "sk-", 3) == 0)
		return v;
	return NULL;
}

/* The literal key written to a file, for ssh-keygen -U -f. */
static int
key_to_file(struct sign_key *k, const char *key, struct diags *d)
{
	struct buf	 p = { 0 }, line = { 0 };
	int		 rc = -1;

	if (sshkey_check(key, strlen(key)) != NULL) {
		report(d, SEV_ERROR, "git config user.signingKey holds "
		    "'%s', which is neither a key file nor an OpenSSH public "
		    "key: set it to your key file (git config user.signingKey "
		    "~/.ssh/id_ed25519) or give publish --sign-key FILE", key);
		return -1;
	}
	if ((k->tmpdir = make_tmpdir(d)) == NULL)
		return -1;
	buf_printf(&p, "%s/key.pub", k->tmpdir);
	buf_printf(&line, "%s\n", key);
	if (write_file(p.p, line.p, line.len) == -1)
		report(d, SEV_ERROR, "%s: %s", p.p, strerror(errno));
	else {
		k->path = buf_detach(&p);
		k->agent = 1;
		rc = 0;
	}
	buf_free(&p);
	buf_free(&line);
	return rc;
}

/* A string of the configuration, or NULL when unset. */
static char *
config_string(git_config *cfg, const char *name)
{
	git_buf		 b = { 0 };
	char		*s = NULL;

	if (git_config_get_string_buf(&b, cfg, name) == 0)
		s = xstrdup(b.ptr);
	git_buf_dispose(&b);
	return s;
}

int
sign_key_find(git_repository *repo, const char *given, struct sign_key *k,
    struct diags *d)
{
	git_config	*cfg = NULL;
	char		*format = NULL, *key = NULL;
	const char	*lit;
	int		 rc = -1;

	memset(k, 0, sizeof(k[0]));
	if (git_repository_config_snapshot(&cfg, repo) < 0) {
		report(d, SEV_ERROR, "git configuration: %s",
		    git_error_last() ? git_error_last()->message : "?");
		return -1;
	}
	k->program = config_string(cfg, "gpg.ssh.program");
	if (k->program == NULL)
		k->program = xstrdup("ssh-keygen");
	if (given != NULL) {
		k->from = "--sign-key";
		k->path = xstrdup(given);
		rc = 1;
		goto out;
	}
	k->from = "user.signingKey";
	key = config_string(cfg, "user.signingKey");
	format = config_string(cfg, "gpg.format");
	if (key == NULL || *key == '\0') {
		rc = 0;
		goto out;
	}
	if (format == NULL || strcmp(format, "ssh") != 0) {
		report(d, SEV_WARNING, "git config user.signingKey is set, but "
		    "gpg.format is not ssh: gongshi signs only with SSH keys, "
		    "so this revision is not signed.  To sign it, run git "
		    "config gpg.format ssh and set user.signingKey to your SSH "
		    "key, or give publish --sign-key FILE");
		rc = 0;
		goto out;
	}
	if ((lit = literal_key(key)) != NULL)
		rc = key_to_file(k, lit, d) == -1 ? -1 : 1;
	else {
		k->path = expand_home(key);
		rc = 1;
	}
out:
	if (rc == 1 && !k->agent && access(k->path, R_OK) == -1) {
		report(d, SEV_ERROR, "the signing key %s (%s) cannot be read: "
		    "%s.  Give the private key file that ssh-keygen made, such "
		    "as ~/.ssh/id_ed25519", k->path,
		    k->from, strerror(errno));
		rc = -1;
	}
	if (rc != 1)
		sign_key_free(k);
	free(format);
	free(key);
	git_config_free(cfg);
	return rc;
}

/*
 * Runs argv with standard input from inpath (or /dev/null) and standard
 * error into errpath, in a session of its own: with no terminal and no askpass,
 * ssh-keygen fails instead of waiting for a passphrase nobody will type.
 * Returns its exit status, 127 when it could not be run, -1 if it could
 * not be started, -2 when it took too long, -3 when a signal ended it.
 */
static int
run(const char *const *argv, const char *inpath, const char *errpath)
{
	pid_t		 pid;
	int		 fd;

	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		setsid();
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, 0);
			dup2(fd, 1);
		}
		if (inpath != NULL && (fd = open(inpath, O_RDONLY)) != -1)
			dup2(fd, 0);
		if ((fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600)) !=
		    -1)
			dup2(fd, 2);
		setenv("SSH_ASKPASS_REQUIRE", "never", 1);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	return child_wait(pid, SIGN_SECONDS);
}

/* The last non-empty line ssh-keygen wrote on its standard error. */
static void
last_line(const char *errpath, struct buf *out)
{
	struct buf	 b = { 0 };
	char		*end, *start;

	buf_truncate(out, 0);
	if (buf_read_file(&b, errpath, 64 * 1024) == -1 || b.len == 0) {
		buf_free(&b);
		return;
	}
	end = b.p + b.len;
	while (end > b.p && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	for (start = end; start > b.p && start[-1] != '\n'; start--)
		continue;
	buf_put(out, start, (size_t)(end - start));
	buf_free(&b);
}

/* Whether the key file needs a passphrase (ssh-keygen -y -P ""). */
static int
needs_passphrase(const struct sign_key *k, const char *errpath)
{
	const char	*argv[] = { k->program, "-y", "-P", "", "-f", k->path,
	    NULL };
	struct buf	 why = { 0 };
	int		 yes;

	if (run(argv, NULL, errpath) == 0)
		return 0;
	last_line(errpath, &why);
	yes = why.p != NULL && strstr(why.p, "passphrase") != NULL;
	buf_free(&why);
	return yes;
}

/* After ssh-keygen failed with status: why, in words, and what to do. */
static void
explain(const struct sign_key *k, int status, const char *errpath,
    struct diags *d)
{
	struct buf	 why = { 0 };

	last_line(errpath, &why);
	if (status == 127)
		report(d, SEV_ERROR, "%s was not found, and signing needs it: "
		    "install OpenSSH's client (apt-get install "
		    "openssh-client)", k->program);
	else if (status == -2)
		report(d, SEV_ERROR, "%s took more than %d seconds to sign "
		    "and was stopped (a security key waiting for a touch?)",
		    k->program, SIGN_SECONDS);
	else if (k->agent)
		report(d, SEV_ERROR, "ssh-agent could not sign with the key "
		    "in git config user.signingKey (%s): start ssh-agent and "
		    "add the key to it (ssh-add ~/.ssh/id_ed25519), then "
		    "publish again", why.len ? why.p : "?");
	else if (needs_passphrase(k, errpath))
		report(d, SEV_ERROR, "the signing key %s is protected by a "
		    "passphrase, and no ssh-agent holds it.  gongshi never "
		    "asks for the passphrase itself: add the key to ssh-agent "
		    "once (eval \"$(ssh-agent)\"; ssh-add %s), then publish "
		    "again", k->path, k->path);
	else
		report(d, SEV_ERROR, "%s could not sign with %s (%s): check "
		    "that it is the private key file that ssh-keygen made",
		    k->program, k->path, why.len ? why.p : "?");
	buf_free(&why);
}

int
sign_buffer(const struct sign_key *k, const char *data, size_t len,
    struct buf *sig, struct diags *d)
{
	struct buf	 in = { 0 }, out = { 0 }, err = { 0 };
	const char	*argv[10];
	char		*dir;
	size_t		 n = 0;
	int		 status, rc = -1;

	if ((dir = make_tmpdir(d)) == NULL)
		return -1;
	buf_printf(&in, "%s/commit", dir);
	buf_printf(&out, "%s/commit.sig", dir);
	buf_printf(&err, "%s/stderr", dir);
	if (write_file(in.p, data, len) == -1) {
		report(d, SEV_ERROR, "%s: %s", in.p, strerror(errno));
		goto out;
	}
	argv[n++] = k->program;
	argv[n++] = "-Y";
	argv[n++] = "sign";
	argv[n++] = "-n";
	argv[n++] = "git";
	argv[n++] = "-f";
	argv[n++] = k->path;
	if (k->agent)
		argv[n++] = "-U";
	argv[n++] = in.p;
	argv[n] = NULL;
	if ((status = run(argv, NULL, err.p)) == -1) {
		report(d, SEV_ERROR, "fork: %s", strerror(errno));
		goto out;
	}
	if (status != 0) {
		explain(k, status, err.p, d);
		goto out;
	}
	buf_truncate(sig, 0);
	if (buf_read_file(sig, out.p, SIG_MAX) == -1 ||
	    strncmp(sig->p, SIG_BEGIN, strlen(SIG_BEGIN)) != 0) {
		report(d, SEV_ERROR, "%s wrote no signature for the "
		    "revision", k->program);
		goto out;
	}
	/* libgit2 ends the header itself: a final newline would leave a
	 * line holding one space, which git's own commits do not have. */
	while (sig->len > 0 && sig->p[sig->len - 1] == '\n')
		buf_truncate(sig, sig->len - 1);
	rc = 0;
out:
	unlink(in.p);
	unlink(out.p);
	unlink(err.p);
	rmdir(dir);
	free(dir);
	buf_free(&in);
	buf_free(&out);
	buf_free(&err);
	return rc;
}

/* A file in dir named name holding data; its path in *path. */
static int
put(const char *dir, const char *name, const char *data, size_t len,
    struct buf *path)
{
	buf_truncate(path, 0);
	buf_printf(path, "%s/%s", dir, name);
	unlink(path->p);
	return write_file(path->p, data, len);
}

int
verifier_open(struct verifier *v, const char *program, struct diags *d)
{
	memset(v, 0, sizeof(*v));
	v->program = program != NULL ? program : "ssh-keygen";
	if ((v->dir = make_tmpdir(d)) == NULL)
		return -1;
	return 0;
}

/* A job's file: dir/jN/name. */
static void
job_file(const struct verifier *v, size_t slot, const char *name,
    struct buf *path)
{
	buf_truncate(path, 0);
	buf_printf(path, "%s/j%zu/%s", v->dir, slot, name);
}

/* The outcome of the job in slot, once its child has ended. */
static void
job_done(struct verifier *v, size_t slot, int status)
{
	struct vjob	*j = &v->jobs[slot];
	struct buf	 e = { 0 };
	int		 code = WIFEXITED(status) ? WEXITSTATUS(status) : -3;

	buf_truncate(j->why, 0);
	job_file(v, slot, "stderr", &e);
	if (code == 0)
		*j->result = 0;
	else if (code == 127) {
		buf_printf(j->why, _("%s was not found: install OpenSSH's "
		    "client (apt-get install openssh-client)"), v->program);
		*j->result = -1;
	} else if (code < 0) {
		buf_printf(j->why, _("%s did not finish"), v->program);
		*j->result = -1;
	} else {
		last_line(e.p, j->why);
		*j->result = 1;
	}
	buf_free(&e);
	j->pid = 0;
	v->running--;
}

/* Waits for one running job to end. */
static void
reap_one(struct verifier *v)
{
	size_t	 i;
	pid_t	 pid;
	int	 status;

	while ((pid = waitpid(-1, &status, 0)) == -1 && errno == EINTR)
		continue;
	for (i = 0; i < VERIFY_JOBS; i++)
		if (pid > 0 && v->jobs[i].pid == pid) {
			job_done(v, i, status);
			return;
		}
	if (pid == -1)	/* no child left: none can report */
		for (i = 0; i < VERIFY_JOBS; i++)
			if (v->jobs[i].pid != 0) {
				v->jobs[i].pid = 0;
				*v->jobs[i].result = -1;
				buf_printf(v->jobs[i].why, "%s", strerror(errno));
				v->running--;
			}
}

int
verifier_start(struct verifier *v, const char *allowed, size_t nallowed,
    const char *principal, const char *sig, size_t nsig, const char *data,
    size_t ndata, int *result, struct buf *why)
{
	struct buf	 a = { 0 }, sg = { 0 }, m = { 0 }, e = { 0 }, dir = { 0 };
	const char	*argv[12];
	posix_spawn_file_actions_t fa;
	size_t		 slot;
	pid_t		 pid;
	int		 err, rc = -1;

	while (v->running == VERIFY_JOBS)
		reap_one(v);
	for (slot = 0; v->jobs[slot].pid != 0; slot++)
		continue;
	*result = -1;
	buf_truncate(why, 0);
	buf_printf(&dir, "%s/j%zu", v->dir, slot);
	if (mkdir(dir.p, 0700) == -1 && errno != EEXIST) {
		buf_printf(why, "%s: %s", dir.p, strerror(errno));
		goto out;
	}
	job_file(v, slot, "allowed", &a);
	job_file(v, slot, "sig", &sg);
	job_file(v, slot, "data", &m);
	job_file(v, slot, "stderr", &e);
	unlink(a.p);
	unlink(sg.p);
	unlink(m.p);
	if (write_file(a.p, allowed, nallowed) == -1 ||
	    write_file(sg.p, sig, nsig) == -1 ||
	    write_file(m.p, data, ndata) == -1) {
		buf_printf(why, "%s", strerror(errno));
		goto out;
	}
	argv[0] = v->program;
	argv[1] = "-Y";
	argv[2] = "verify";
	argv[3] = "-n";
	argv[4] = "git";
	argv[5] = "-f";
	argv[6] = a.p;
	argv[7] = "-I";
	argv[8] = principal;
	argv[9] = "-s";
	argv[10] = sg.p;
	argv[11] = NULL;
	/* posix_spawn, not fork: copying the page tables of a process
	 * that has read a large repository cost more than the check. */
	if ((err = posix_spawn_file_actions_init(&fa)) == 0 &&
	    (err = posix_spawn_file_actions_addopen(&fa, 0, m.p, O_RDONLY,
	    0)) == 0 && (err = posix_spawn_file_actions_addopen(&fa, 1,
	    "/dev/null", O_WRONLY, 0)) == 0 &&
	    (err = posix_spawn_file_actions_addopen(&fa, 2, e.p, O_WRONLY |
	    O_CREAT | O_TRUNC, 0600)) == 0)
		err = posix_spawnp(&pid, argv[0], &fa, NULL,
		    (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err == ENOENT) {
		*result = -1;
		buf_printf(why, _("%s was not found: install OpenSSH's client "
		    "(apt-get install openssh-client)"), v->program);
		goto out;
	}
	if (err != 0) {
		buf_printf(why, "%s: %s", v->program, strerror(err));
		goto out;
	}
	v->jobs[slot].pid = pid;
	v->jobs[slot].result = result;
	v->jobs[slot].why = why;
	v->running++;
	rc = 0;
out:
	buf_free(&a);
	buf_free(&sg);
	buf_free(&m);
	buf_free(&e);
	buf_free(&dir);
	return rc;
}

void
verifier_wait(struct verifier *v)
{
	while (v->running > 0)
		reap_one(v);
}

int
verifier_fingerprint(struct verifier *v, const char *keyline,
    struct buf *fp)
{
	struct buf	 k = { 0 }, line = { 0 }, out = { 0 };
	const char	*argv[] = { v->program, "-l", "-E", "sha256", "-f", NULL,
	    NULL };
	char		*sp;
	int		 rc = -1, err;

	buf_truncate(fp, 0);
	buf_printf(&line, "%s\n", keyline);
	if (put(v->dir, "key.pub", line.p, line.len, &k) == -1)
		goto out;
	argv[5] = k.p;
	/* "256 SHA256:… comment (ED25519)": the second word. */
	if (child_run(argv, NULL, NULL, &out, SIGN_SECONDS, &err) == 0 &&
	    out.p != NULL && (sp = strchr(out.p, ' ')) != NULL) {
		sp++;
		buf_put(fp, sp, strcspn(sp, " \n"));
		rc = 0;
	}
out:
	if (k.p != NULL)
		unlink(k.p);
	buf_free(&k);
	buf_free(&line);
	buf_free(&out);
	return rc;
}

void
verifier_close(struct verifier *v)
{
	static const char *const names[] = { "allowed", "sig", "data",
		"stderr" };
	struct buf	 p = { 0 };
	size_t		 i, k;

	verifier_wait(v);
	for (i = 0; v->dir != NULL && i < VERIFY_JOBS; i++) {
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			job_file(v, i, names[k], &p);
			unlink(p.p);
		}
		buf_truncate(&p, 0);
		buf_printf(&p, "%s/j%zu", v->dir, i);
		rmdir(p.p);
	}
	buf_free(&p);
	if (v->dir != NULL)
		rmdir(v->dir);
	free(v->dir);
	memset(v, 0, sizeof(*v));
}
