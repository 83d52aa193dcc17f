/*
 * Writing records as an Excel workbook (workbook.c), laid out as
 * sheets.h describes: for `gongshi export` and the site's data/.
 */
#ifndef WORKBOOK_H
#define WORKBOOK_H

#include <time.h>

struct diags;
struct node;
struct workbook;

/* created: the time the workbook says it was made (kept fixed, so the
 * same records give the same bytes); scope: the area codes it holds,
 * space-separated, or 全部 (import --delete reads it back). */
struct workbook *workbook_begin(const char *path, time_t created,
	    const char *scope, struct diags *);

#define SCOPE_PREFIX	"导出范围："

/* Adds one compound record's rows; rel names it in diagnostics. */
int	 workbook_add(struct workbook *, const char *rel, const struct node *);
/* Writes the file and frees wb; -1 after saying why it failed. */
int	 workbook_end(struct workbook *);
/* Frees wb after a failure elsewhere; the file may be half written. */
void	 workbook_abandon(struct workbook *);

/* workbook_close(), one thread at a time (libxlsxwriter stamps each
 * workbook through gmtime(), whose answer threads share); its lxw_error. */
struct lxw_workbook;
int	 xlsx_close(struct lxw_workbook *);

/* Where a small workbook's temporary files go (NULL: libxlsxwriter's
 * default); memory when it has XLSX_SHM_MIN bytes free. */
#define XLSX_SHM_MIN	((unsigned long long)64 << 20)
const char *xlsx_tmpdir(void);

#define CELL_TEXT_MAX	32767	/* characters Excel keeps in a cell */

#endif /* !WORKBOOK_H */
