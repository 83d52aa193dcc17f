/* The workbooks of the site's open data (export.c). */
#ifndef EXPORT_H
#define EXPORT_H

struct ctx;
struct output;

/* Beyond this many compounds the site has only the districts' books. */
#define CITY_WORKBOOK_MAX	2000

int	 write_data_workbooks(struct ctx *, struct output *);
int	 export_workbook(struct ctx *, const char *path);

#endif /* !EXPORT_H */
