/* The workbooks of the site's open data (export.c). */
#ifndef EXPORT_H
#define EXPORT_H

struct ctx;
struct output;

/* Beyond this many compounds the site has only the districts' books. */
#define CITY_WORKBOOK_MAX	2000

/* The site's data/ workbooks, written beside the pages (export.c). */
struct data_books;
struct data_books *data_books_start(struct ctx *, struct output *);
int	 data_books_finish(struct data_books *, struct ctx *,
	    struct output *, int ok);
int	 export_workbook(struct ctx *, const char *path);

#endif /* !EXPORT_H */
