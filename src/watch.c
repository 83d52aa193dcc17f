/*
 * Watches content/ and layouts/ under DIR with inotify: every folder
 * in them, and DIR itself for the two being made, removed or renamed.
 * Folders are watched, not files, so an editor that saves by writing a
 * new file and renaming it over the old one is seen like any other.
 * Folders made later are added by watch_rescan(), which serve calls
 * after each change before it rebuilds.
 */
#include <sys/inotify.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "watch.h"

/* What a change to a watched folder's entries looks like. */
#define CHANGES	(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | \
		 IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | \
		 IN_MOVE_SELF)

static const char *const watched[] = { "content", "layouts" };

/* Watches path and every folder under it; links are not followed. */
static void
add_tree(struct watch *w, const char *path)
{
	struct buf	 sub = { 0 };
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;

	if (inotify_add_watch(w->fd, path, CHANGES | IN_ONLYDIR |
	    IN_DONT_FOLLOW) == -1 || (d = opendir(path)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		buf_truncate(&sub, 0);
		buf_printf(&sub, "%s/%s", path, de->d_name);
		if (lstat(sub.p, &st) == 0 && S_ISDIR(st.st_mode))
			add_tree(w, sub.p);
	}
	closedir(d);
	buf_free(&sub);
}

/* Watches the folders there are now; watching one twice is harmless. */
void
watch_rescan(struct watch *w)
{
	struct buf	 path = { 0 };
	size_t		 i;

	for (i = 0; i < sizeof(watched) / sizeof(watched[0]); i++) {
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%s", w->dir, watched[i]);
		add_tree(w, path.p);
	}
	buf_free(&path);
}

int
watch_open(struct watch *w, const char *dir, struct diags *d)
{
	w->dir = dir;
	w->top = -1;
	if ((w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1 ||
	    (w->top = inotify_add_watch(w->fd, dir, IN_CREATE | IN_DELETE |
	    IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR)) == -1) {
		report(d, SEV_ERROR, "cannot watch %s for changes: %s", dir,
		    strerror(errno));
		watch_close(w);
		return -1;
	}
	watch_rescan(w);
	return 0;
}

/*
 * Whether an event is an edit worth a rebuild: in DIR itself only
 * content/ and layouts/ count; elsewhere not an editor's backup or
 * swap file (".x.swp", "x~", vim's "4913" probe).
 */
static int
counts(const struct watch *w, const struct inotify_event *ev)
{
	const char	*name = ev->len > 0 ? ev->name : "";
	size_t		 n = strlen(name), i;

	if (ev->mask & IN_Q_OVERFLOW)
		return 1;
	if (ev->wd == w->top) {
		for (i = 0; i < sizeof(watched) / sizeof(watched[0]); i++)
			if (strcmp(name, watched[i]) == 0)
				return 1;
		return 0;
	}
	if (ev->mask & IN_IGNORED)
		return 0;
	if (name[0] == '.' || (n > 0 && name[n - 1] == '~') ||
	    strcmp(name, "4913") == 0)
		return 0;
	return 1;
}

/*
 * Waits up to timeout_ms (-1: for ever) for events and reads them all.
 * 1: something that counts changed; 0: nothing did; -1: interrupted by
 * a signal, or inotify failed.
 */
int
watch_wait(struct watch *w, int timeout_ms)
{
	char		 ev[8192]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *e;
	struct pollfd	 p = { w->fd, POLLIN, 0 };
	ssize_t		 n;
	char		*at;
	int		 rc, changed = 0;

	if ((rc = poll(&p, 1, timeout_ms)) <= 0)
		return rc;
	while ((n = read(w->fd, ev, sizeof(ev))) > 0)
		for (at = ev; at < ev + n; at += sizeof(*e) + e->len) {
			e = (const struct inotify_event *)(void *)at;
			changed |= counts(w, e);
		}
	if (n == -1 && errno != EAGAIN && errno != EINTR)
		return -1;
	return changed;
}

void
watch_close(struct watch *w)
{
	if (w->fd != -1)
		close(w->fd);
	w->fd = -1;
}
