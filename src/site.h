/* Rendering the site and the boards (render.c, data.c, board.c, print.c). */
#ifndef SITE_H
#define SITE_H

#include <stdint.h>
#include "buf.h"

struct ctx;
struct diags;
struct output;
struct history;
struct stamp;
struct arena;

/* Building the site (render.c, data.c). */
struct build_opts {
	const struct history *history;	/* NULL: no history pages */
	int64_t		 today;		/* days; used only if today_given */
	int		 today_given;	/* --today: mark stale data, ended
					   contracts (else output would
					   change with the calendar) */
	const struct stamp *stamp;	/* written as .gongshi-site */
};

int	 render_site(struct ctx *, struct output *, const struct build_opts *);
/* A board render_boards wrote, for printing it. */
struct board_done {
	const struct gs_compound *cp;
	const char	*html;		/* c/ID/board.html, in the site */
	size_t		 sheets;	/* pages its layout drew */
};

int	 render_boards(struct ctx *, struct output *, char **ids, size_t nids,
	    const struct build_opts *, struct board_done **done,
	    size_t *ndone);
int	 print_pdf(const char *html, const char *pdf, int seconds,
	    struct diags *);
int	 print_boards(struct ctx *, const char *site,
	    const struct board_done *, size_t n);
const char *find_chromium(void);
int	 write_data(struct ctx *, struct output *,
	    const unsigned char *others_id);
int	 copy_assets(struct ctx *, struct output *);


/* Notice boards (board.c): lays out a compound's boards into view. */
struct tval;
struct gs_content;
struct gs_compound;
struct gs_site;

size_t	 board_view(struct arena *, struct tval *view,
	    const struct gs_content *, const struct gs_compound *,
	    const char *revision,
	    int64_t today, int64_t asof, const char *latest_change);
void	 board_sheet(const struct gs_site *, double *width_mm,
	    double *height_mm, const char **paper, const char **orientation);

#endif /* !SITE_H */
