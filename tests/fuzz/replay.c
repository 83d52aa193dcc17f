/*
 * Runs a fuzz harness over saved inputs without libFuzzer, so that
 * every input that once crashed stays a test in `make test` (with the
 * compiler and sanitizers of that build):
 *
 *	fuzz-NAME [FILE|FOLDER ...]
 *
 * Without operands it replays tests/fuzz/NAME/, NAME from the program's
 * own name (fuzz-NAME).  Each input runs in a child process, so one crash
 * is reported with its file and the sanitizer's report, and the others
 * still run.  Prints one "ok"/"not ok" line per input.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

static int	 failed;
static const char *name = "harness";	/* from argv[0]: fuzz-NAME */

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Shows what the child said, indented under its "not ok" line. */
static void
show(FILE *log)
{
	char	 line[512];
	int	 n = 0;

	rewind(log);
	while (fgets(line, sizeof(line), log) != NULL && n++ < 40)
		printf("    %s%s", line, strchr(line, '\n') ? "" : "\n");
}

static void
replay(const char *path)
{
	struct buf	 data = { 0 };
	FILE		*log;
	pid_t		 pid;
	int		 status;

	if (buf_read_file(&data, path, 64 * 1024 * 1024) == -1) {
		printf("not ok - fuzz %s: %s: %s\n", name, path,
		    strerror(errno));
		failed = 1;
		return;
	}
	fflush(stdout);
	if ((log = tmpfile()) == NULL || (pid = fork()) == -1) {
		perror("replay");
		exit(2);
	}
	if (pid == 0) {
		dup2(fileno(log), 2);
		LLVMFuzzerTestOneInput((const uint8_t *)data.p, data.len);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) == -1) {
		perror("replay: waitpid");
		exit(2);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		printf("ok - fuzz %s: %s\n", name, path);
	else {
		printf("not ok - fuzz %s: %s (%s %d)\n", name, path,
		    WIFSIGNALED(status) ? "signal" : "exit status",
		    WIFSIGNALED(status) ? WTERMSIG(status) :
		    WEXITSTATUS(status));
		show(log);
		failed = 1;
	}
	fclose(log);
	buf_free(&data);
}

static void
replay_folder(const char *dir)
{
	struct buf	 path = { 0 };
	struct dirent	*de;
	char		**names = NULL;
	size_t		 n = 0, i;
	DIR		*d;

	if ((d = opendir(dir)) == NULL) {
		printf("not ok - fuzz %s: %s: %s\n", name, dir,
		    strerror(errno));
		failed = 1;
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++) {
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%s", dir, names[i]);
		replay(path.p);
		free(names[i]);
	}
	free(names);
	buf_free(&path);
}

int
main(int argc, char **argv)
{
	struct buf	 dir = { 0 };
	const char	*base = strrchr(argv[0], '/');
	DIR		*d;
	int		 i;

	base = base != NULL ? base + 1 : argv[0];
	if (strncmp(base, "fuzz-", 5) == 0)
		name = base + 5;
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	if (argc < 2) {
		buf_printf(&dir, "tests/fuzz/%s", name);
		replay_folder(dir.p);
		buf_free(&dir);
		return failed;
	}
	for (i = 1; i < argc; i++) {
		if ((d = opendir(argv[i])) != NULL) {
			closedir(d);
			replay_folder(argv[i]);
		} else
			replay(argv[i]);
	}
	return failed;
}
