/*
 * Notice boards inside: what each board carries (boardtext.c) as
 * sections of rows, which board.c lays out sheet by sheet.
 */
#ifndef BOARDS_H
#define BOARDS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

struct gs_compound;
struct gs_contact;
struct gs_list;
struct gs_site;
struct gs_val;

struct sheet {
	double		 width_mm, height_mm;	/* paper */
	double		 scale;			/* 1 on A3 */
	const char	*paper;			/* "A3" */
	const char	*orientation;		/* "portrait" */
};

/* One section of a board: a heading over a table. */
struct section {
	const char	*title;
	int		 kv;		/* label/value rows, no header row */
	size_t		 ncols;
	const char *const *heads;	/* ncols labels, unless kv */
	int		 nohead;	/* no header row: it would only
					   repeat the title */
	const double	*widths;	/* ncols fractions of the width */
	const char	**cells;	/* nrows * ncols, NULL = empty */
	size_t		 nrows, cap;
	const char	*note;		/* a line under the table, or NULL */
};

struct board {
	const char	*title;
	struct section	 secs[16];
	size_t		 nsecs;
};

struct boards {
	struct arena	*a;
	const struct gs_site *site;	/* evaluation weights and bands */
	int64_t		 today;		/* --today, or -1: not known */
	const char	*latest;	/* the last published change, dated */
	int64_t		 asof;		/* the day status is for (status.c) */
	struct buf	 tmp;
	struct sheet	 sheet;
	struct board	 v[4];
	size_t		 n;
};


const char *date_words(struct boards *, const struct gs_val *);
void	 board_service(struct boards *, const struct gs_compound *);
void	 board_supervision(struct boards *, const struct gs_compound *);
void	 board_owners(struct boards *, const struct gs_compound *);
void	 board_money(struct boards *, const struct gs_compound *);

#endif /* !BOARDS_H */
