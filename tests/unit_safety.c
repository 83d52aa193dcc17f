/*
 * Unit tests for the parts that keep data safe: the site's stamp (its
 * parser reads a file anyone could have edited), what is said about a
 * site behind its history, the kernel lock (a waiter gives up without
 * touching the holder's lock), libgit2 failures without an error, the
 * terminal escaper, running a helper program (child_run: ssh-keygen
 * and git's credential helpers go through it), how arrays grow, and
 * the page memo's fingerprints (a wrong one would keep a stale page).
 */
#include <sys/file.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>
#include <openssl/sha.h>

#include <errno.h>
#include <time.h>

#include "child.h"
#include "diag.h"
#include "lock.h"
#include "repo.h"
#include "build.h"
#include "escape.h"
#include "journal.h"
#include "memo.h"

#include "tap.h"

#define HEX_A	"0123456789abcdef0123456789abcdef01234567"
#define HEX_B	"89abcdef0123456789abcdef0123456789abcdef"

static void
stamp_round_trip(const char *rev, enum stamp_content content)
{
	struct stamp	 s, back;
	struct buf	 text = { 0 };

	memset(&s, 0, sizeof(s));
	snprintf(s.revision, sizeof(s.revision), "%s", rev);
	s.content = content;
	stamp_format(&s, &text);
	tap(stamp_parse(text.p, text.len, &back) == 0 &&
	    strcmp(back.revision, s.revision) == 0 && back.content == content,
	    "stamp: '%s' %d survives format and parse", rev, (int)content);
	buf_free(&text);
}

static void
stamp_refused(const char *text, const char *what)
{
	struct stamp	 s;

	tap(stamp_parse(text, strlen(text), &s) == -1, "stamp: refuses %s",
	    what);
}

static void
test_stamp(void)
{
	stamp_round_trip(HEX_A, STAMP_PUBLISHED);
	stamp_round_trip(HEX_B, STAMP_UNPUBLISHED);
	stamp_round_trip("", STAMP_NO_HISTORY);
	stamp_refused("", "an empty file");
	stamp_refused("revision " HEX_A "\n", "a stamp without content");
	stamp_refused("revision " HEX_A "\ncontent published\ncontent "
	    "published\n", "a key given twice");
	stamp_refused("revision 0123\ncontent published\n", "a short revision");
	stamp_refused("revision " HEX_A "\ncontent maybe\n", "an unknown state");
	stamp_refused("revision none\ncontent published\n",
	    "published with no revision");
	stamp_refused("revision " HEX_A "\ncontent no-history\n",
	    "no history with a revision");
	stamp_refused("<html>\n", "another file altogether");
}

static void
test_note(void)
{
	struct stamp	 s;
	struct buf	 note = { 0 };

	memset(&s, 0, sizeof(s));
	memcpy(s.revision, HEX_A, 41);
	s.content = STAMP_PUBLISHED;
	stamp_note("site", &s, HEX_A, &note);
	tap(note.len == 0, "note: nothing to say of a site at HEAD");
	stamp_note("site", &s, HEX_B, &note);
	tap(note.p != NULL && strstr(note.p, "behind its history") &&
	    strstr(note.p, "0123456789ab") && strstr(note.p, "89abcdef0123") &&
	    strstr(note.p, "gongshi publish"),
	    "note: a site behind HEAD names both revisions and what to run");
	buf_truncate(&note, 0);
	s.content = STAMP_UNPUBLISHED;
	stamp_note("site", &s, HEX_A, &note);
	tap(note.p != NULL && strstr(note.p, "not published") != NULL,
	    "note: a site showing unpublished changes says so");
	buf_truncate(&note, 0);
	stamp_note("site", &s, NULL, &note);
	tap(note.len == 0, "note: nothing to say before the first publish");
	buf_free(&note);
}

static void
test_lock(void)
{
	char		 path[] = "/tmp/gongshi-lock-XXXXXX";
	struct lock	 l = { .fd = -1 }, m = { .fd = -1 };
	struct diags	 why = { 0 };
	const char	*said;
	int		 fd, status, up[2], down[2];
	pid_t		 pid;
	char		 c;

	/* Two pipes: the holder says it holds, the test says let go. */
	if ((fd = mkstemp(path)) == -1 || pipe(up) == -1 || pipe(down) == -1) {
		tap(0, "lock: could not make a lock file");
		return;
	}
	close(fd);
	tap(lock_take(&l, path, "gongshi test", 0, &why) == 0,
	    "lock: a free lock is taken at once");
	lock_release(&l);
	tap(access(path, F_OK) == 0, "lock: releasing keeps the file");
	if ((pid = fork()) == 0) {	/* holds the lock until told */
		struct lock	 held = { .fd = -1 };
		struct diags	 w = { 0 };

		if (lock_take(&held, path, "gongshi publish", 0, &w) != 0)
			_exit(1);
		if (write(up[1], "x", 1) != 1 || read(down[0], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	if (read(up[0], &c, 1) != 1) {
		tap(0, "lock: the holder did not start");
		return;
	}
	status = lock_take(&m, path, "gongshi build", 300, &why);
	said = why.n > 0 ? why.v[why.n - 1].msg : "";
	tap(status == -1 && strstr(said, "busy") &&
	    strstr(said, "gongshi publish (process"),
	    "lock: a waiter gives up, naming the holder (%s)", said);
	fd = open(path, O_RDONLY);
	tap(fd != -1 && flock(fd, LOCK_EX | LOCK_NB) == -1,
	    "lock: and the holder still holds it");
	if (fd != -1)
		close(fd);
	if (write(down[1], "x", 1) != 1)
		tap(0, "lock: could not release the holder");
	waitpid(pid, &status, 0);
	diag_free(&why);
	tap(lock_take(&m, path, "gongshi build", 1000, &why) == 0,
	    "lock: a holder that is gone holds nothing");
	lock_release(&m);
	diag_free(&why);
	unlink(path);
	close(up[0]);
	close(up[1]);
	close(down[0]);
	close(down[1]);
}

static void
test_git_fail(void)
{
	struct diags	 why = { 0 };
	const char	*said;

	git_error_clear();
	git_fail(&why, "commit");
	said = why.n == 1 ? why.v[0].msg : "";
	tap(strcmp(said, "commit: unknown libgit2 error") == 0 &&
	    why.v[0].file == NULL && why.v[0].sev == SEV_ERROR,
	    "git_fail: no error from libgit2 is still a sentence (%s)", said);
	diag_free(&why);
}

static void
term_is(const char *what, const char *in, size_t n, const char *want,
    int keep)
{
	struct buf	 b = { 0 };

	(keep ? esc_term_text : esc_term)(&b, in, n);
	tap(b.p != NULL && strcmp(b.p, want) == 0, "terminal: %s", what);
	if (b.p == NULL || strcmp(b.p, want) != 0)
		tap_visible("got:", b.p, b.len);
	buf_free(&b);
}

static void
test_term(void)
{
	term_is("Chinese passes as it is", "和平新村.yaml",
	    strlen("和平新村.yaml"), "和平新村.yaml", 0);
	term_is("CSI becomes text", "\033[2J", 4, "\\x1B[2J", 0);
	term_is("a window title becomes text", "\033]0;x\007", 6,
	    "\\x1B]0;x\\x07", 0);
	term_is("one line: breaks and tabs escaped", "a\nb\tc", 5,
	    "a\\x0Ab\\x09c", 0);
	term_is("text: breaks and tabs kept", "a\nb\tc", 5, "a\nb\tc", 1);
	term_is("a C1 CSI becomes text", "\xc2\x9b" "31m", 5,
	    "\\u009B31m", 0);
	term_is("a right-to-left override becomes text",
	    "ab\xe2\x80\xae" "cd", 7, "ab\\u202Ecd", 0);
	term_is("bytes that are not UTF-8 become text", "\xff\xfe", 2,
	    "\\xFF\\xFE", 0);
	term_is("DEL becomes text", "\x7f", 1, "\\x7F", 0);
}

/* The one hex decoder: memo, journal, stamp and cache files (lower
 * case only, one spelling per file), and percent-encoding (either). */
static void
test_hex(void)
{
	unsigned char	 b[4];
	const unsigned char want[4] = { 0x01, 0xab, 0xf0, 0x9c };

	tap(hex_digit('0') == 0 && hex_digit('9') == 9 && hex_digit('a') == 10 &&
	    hex_digit('F') == 15 && hex_digit('g') == -1 &&
	    hex_digit('/') == -1 && hex_digit(':') == -1 &&
	    hex_digit('@') == -1 && hex_digit('`') == -1 &&
	    hex_digit(0xff) == -1 && hex_digit(-1) == -1,
	    "hex_digit: both cases, and nothing around them");
	tap(hex_bytes("01abf09c", 8, b, 4) == 0 && memcmp(b, want, 4) == 0,
	    "hex_bytes decodes lower-case digits");
	tap(hex_bytes("01ABf09c", 8, b, 4) == -1,
	    "hex_bytes refuses upper case (files have one spelling)");
	tap(hex_bytes("01abf09", 7, b, 4) == -1 &&
	    hex_bytes("01abf0 c", 8, b, 4) == -1,
	    "hex_bytes refuses too few digits, or a non-digit");
	tap(hex_bytes("01abf09cZZ", 10, b, 4) == 0,
	    "hex_bytes reads only the digits it was asked for");
}

/* A helper program: its output, its status, its end whatever it does. */
static void
test_child(void)
{
	const char	*cat[] = { "cat", NULL };
	const char	*quit[] = { "sh", "-c", "exit 3", NULL };
	const char	*sleepy[] = { "sleep", "30", NULL };
	const char	*killed[] = { "sh", "-c", "kill -9 $$", NULL };
	const char	*env_of[] = { "sh", "-c", "printf %s \"$CHILD_TEST\"",
	    NULL };
	const char	*missing[] = { "gongshi-no-such-program", NULL };
	char		*env[] = { (char *)"CHILD_TEST=yes", NULL };
	struct buf	 in = { 0 }, out = { 0 };
	time_t		 t0;
	int		 err, rc;
	size_t		 i;

	buf_puts(&in, "protocol=https\nhost=example.cn\n");
	rc = child_run(cat, NULL, &in, &out, 10, &err);
	tap(rc == 0 && out.len == in.len && memcmp(out.p, in.p, in.len) == 0,
	    "child_run: what goes in comes back out of cat");
	buf_truncate(&out, 0);
	rc = child_run(cat, NULL, NULL, &out, 10, &err);
	tap(rc == 0 && out.len == 0, "child_run: no input is /dev/null");
	buf_truncate(&out, 0);
	rc = child_run(env_of, env, NULL, &out, 10, &err);
	tap(rc == 0 && out.len == 3 && memcmp(out.p, "yes", 3) == 0,
	    "child_run: the environment given is the child's");
	/* More than a pipe holds, to a program that reads none of it:
	 * its status, not SIGPIPE ending the test. */
	buf_truncate(&in, 0);
	for (i = 0; i < 4096; i++)
		buf_puts(&in, "0123456789abcdef0123456789abcdef0123456789abcd"
		    "ef0123456789abcdef0123456789abcdef0123456789abcdef\n");
	rc = child_run(quit, NULL, &in, NULL, 10, &err);
	tap(rc == 3, "child_run: a program that ends unread gives its status "
	    "(%d)", rc);
	rc = child_run(missing, NULL, NULL, NULL, 10, &err);
	tap(rc == -1 && err == ENOENT, "child_run: no such program is ENOENT");
	t0 = time(NULL);
	rc = child_run(sleepy, NULL, NULL, NULL, 1, &err);
	tap(rc == -2 && time(NULL) - t0 < 10,
	    "child_run: a program past its time is killed (-2)");
	rc = child_run(killed, NULL, NULL, NULL, 10, &err);
	tap(rc == -3, "child_run: a program ended by a signal is -3");
	buf_free(&in);
	buf_free(&out);
}

/* Every growable array: geometric while small, a quarter once past
 * BUF_BIG bytes, never short of what is asked, never overflowing. */
static void
test_grow(void)
{
	size_t	 cap;

	tap(grow_cap(0, 1, 64, 1) == 64, "an empty array starts at its first size");
	tap(grow_cap(64, 65, 64, 1) == 128, "a small array doubles");
	tap(grow_cap(16, 1000, 16, 8) == 1024, "doubling goes on until it holds what is asked");
	cap = grow_cap(BUF_BIG, BUF_BIG + 1, 64, 1);
	tap(cap == BUF_BIG + BUF_BIG / 4, "past BUF_BIG bytes it grows by a quarter (%zu)", cap);
	cap = grow_cap(BUF_BIG / 96 + 1, BUF_BIG / 96 + 2, 256, 96);
	tap(cap == (BUF_BIG / 96 + 1) * 5 / 4, "the limit counts bytes, not elements (%zu)", cap);
	cap = grow_cap(SIZE_MAX / 16 / 2 + 1, SIZE_MAX / 16 - 1, 16, 16);
	tap(cap == SIZE_MAX / 16 - 1, "near the limit of size_t it gives exactly what is asked");
}

/* Feeds what, rel and n pieces of len bytes of data; the fingerprint. */
static void
print_of(const struct memo *m, const unsigned char *data, size_t len,
    size_t n, unsigned char fp[MEMO_FP])
{
	struct memo_print p;
	size_t		 i;

	memo_print_begin(&p, m, "page", "c/x/index.html");
	for (i = 0; i < n; i++)
		memo_print_bytes(&p, data + i * len, len);
	memo_print_end(&p, fp);
}

/* The same by hand: SHA-256 of the key, then each length and bytes. */
static void
print_by_hand(const struct memo *m, const unsigned char *data, size_t len,
    size_t n, unsigned char fp[MEMO_FP])
{
	struct buf	 b = { 0 };
	uint64_t	 l;
	size_t		 i;

	buf_put(&b, m->key, MEMO_FP);
	l = 4;
	buf_put(&b, &l, sizeof(l));
	buf_put(&b, "page", 4);
	l = 14;
	buf_put(&b, &l, sizeof(l));
	buf_put(&b, "c/x/index.html", 14);
	for (i = 0; i < n; i++) {
		l = len;
		buf_put(&b, &l, sizeof(l));
		buf_put(&b, data + i * len, len);
	}
	SHA256((const unsigned char *)b.p, b.len, fp);
	buf_free(&b);
}

static void
test_memo_print(void)
{
	struct memo	 m;
	unsigned char	*data, a[MEMO_FP], b[MEMO_FP], zeros[MEMO_FP] = { 0 };
	size_t		 i, len = 3000, n = 100;	/* 300 KB in all */

	memset(&m, 0, sizeof(m));
	memset(m.key, 0x5a, sizeof(m.key));
	data = malloc(len * n);
	for (i = 0; i < len * n; i++)
		data[i] = (unsigned char)(i * 131 + i / 7);
	print_of(&m, data, 10, 1, a);
	print_by_hand(&m, data, 10, 1, b);
	tap(memcmp(a, b, MEMO_FP) == 0, "a short fingerprint is SHA-256 of "
	    "what was fed");
	print_of(&m, data, len, n, a);
	print_by_hand(&m, data, len, n, b);
	tap(memcmp(a, b, MEMO_FP) == 0 && memcmp(a, zeros, MEMO_FP) != 0,
	    "so is one of 300 KB, hashed as it is fed");
	data[len * n - 1] ^= 1;
	print_of(&m, data, len, n, b);
	tap(memcmp(a, b, MEMO_FP) != 0, "its last byte changed, it changes");
	data[len * n - 1] ^= 1;
	print_of(&m, data, len * 2, n / 2, b);
	tap(memcmp(a, b, MEMO_FP) != 0, "fed in other pieces, it changes");
	free(data);
}

/* The memo saved a megabyte at a time is the file memo_format makes,
 * and reads back whole: 30,000 entries, 4 MB. */
static void
test_memo_save(void)
{
	char		 dir[] = "/tmp/unit-memo-XXXXXX";
	struct memo	*m;
	struct memo_set	 back = { 0 };
	struct buf	 path = { 0 }, file = { 0 }, made = { 0 }, rel = { 0 };
	unsigned char	 fp[MEMO_FP], zeros[MEMO_FP] = { 0 };
	size_t		 i;

	if (mkdtemp(dir) == NULL)
		return;
	m = memo_open(dir);
	for (i = 0; i < 30000; i++) {
		buf_truncate(&rel, 0);
		buf_printf(&rel, "c/compound-%05zu/index.html", (i * 7919) % 30000);
		memset(fp, (int)(i % 251) + 1, sizeof(fp));
		memo_put(m, rel.p, fp, rel.p, rel.len);
	}
	memo_put(m, "c/zeros/index.html", zeros, "x", 1);
	tap(memo_save(m) == 0, "a memo of 30,000 pages is saved");
	buf_printf(&path, "%s/.gongshi/pages", dir);
	memo_format(&m->now, &made);
	if (buf_read_file(&file, path.p, 64 << 20) == -1)
		buf_truncate(&file, 0);
	tap(file.len > 4000000 && file.len == made.len &&
	    memcmp(file.p, made.p, file.len) == 0,
	    "written a megabyte at a time, it is the file memo_format makes "
	    "(%zu bytes)", file.len);
	tap(memo_parse(file.p, file.len, &back) == 0 && back.n == 30000,
	    "it reads back whole, without the page whose fingerprint failed");
	memo_set_free(&back);
	memo_free(m);
	unlink(path.p);
	buf_truncate(&path, 0);
	buf_printf(&path, "%s/.gongshi", dir);
	rmdir(path.p);
	rmdir(dir);
	buf_free(&path);
	buf_free(&file);
	buf_free(&made);
	buf_free(&rel);
}

/* The site's manifest written a megabyte at a time is the text
 * manifest_format makes: 40,000 files, 3.6 MB. */
static void
test_manifest_save(void)
{
	char		 path[] = "/tmp/unit-manifest-XXXXXX";
	struct manifest	 m;
	struct mfile	*f;
	struct buf	 file = { 0 }, made = { 0 }, rel = { 0 };
	size_t		 i;
	int		 fd;

	if ((fd = mkstemp(path)) == -1)
		return;
	close(fd);
	memset(&m, 0, sizeof(m));
	for (i = 0; i < 40000; i++) {
		f = manifest_push(&m);
		buf_truncate(&rel, 0);
		buf_printf(&rel, "c/compound-%05zu/index.html", i);
		f->rel = xstrdup(rel.p);
		memset(f->hash, (int)(i & 0xff), sizeof(f->hash));
		f->has_hash = i % 3 != 0;
		f->size = i * 101;
		f->st.ino = i + 1;
		f->st.mtime_s = 1767225600 + (int64_t)i;
		f->st.mtime_ns = (int64_t)i * 7;
	}
	manifest_format(&m, &made);
	if (manifest_save(&m, path, 0) == -1 ||
	    buf_read_file(&file, path, 64 << 20) == -1)
		buf_truncate(&file, 0);
	tap(file.len > ((size_t)3 << 20) && file.len == made.len &&
	    memcmp(file.p, made.p, made.len) == 0, "the manifest written a "
	    "megabyte at a time is the text manifest_format makes (%zu "
	    "bytes)", made.len);
	unlink(path);
	manifest_free(&m);
	buf_free(&file);
	buf_free(&made);
	buf_free(&rel);
}

int
main(void)
{
	git_libgit2_init();
	test_grow();
	test_memo_print();
	test_memo_save();
	test_manifest_save();
	test_child();
	test_hex();
	test_stamp();
	test_note();
	test_lock();
	test_git_fail();
	test_term();
	git_libgit2_shutdown();
	return 0;
}
