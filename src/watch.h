/* Noticing edits under DIR's content/ and layouts/ (watch.c, inotify). */
#ifndef WATCH_H
#define WATCH_H

struct diags;

struct watch {
	int		 fd;		/* inotify; -1: closed */
	int		 top;		/* the watch on DIR itself */
	const char	*dir;		/* -C DIR */
};

int	 watch_open(struct watch *, const char *dir, struct diags *);
int	 watch_wait(struct watch *, int timeout_ms);
void	 watch_rescan(struct watch *);
void	 watch_close(struct watch *);

#endif /* !WATCH_H */
