/*
 * Reading the cells of an xlsx workbook (xlsxread.c): what clerks saved
 * from Excel, WPS, LibreOffice or openpyxl, for `gongshi import`.
 */
#ifndef XLSXREAD_H
#define XLSXREAD_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct diags;

enum xcell_kind {
	XC_STRING,	/* shared, inline or formula string; t="d" too */
	XC_NUMBER,
	XC_BOOL,	/* text "TRUE" or "FALSE" */
	XC_ERROR	/* text as Excel shows it: "#N/A", "#DIV/0!", … */
};

/*
 * One cell that shows something.  Packed into 24 bytes, since a
 * workbook for every compound of a city holds millions of them.
 */
struct xcell {
	const char	*text;	/* NUL-terminated UTF-8: the string, or
				   the number as written in the XML
				   ("1234.5", "45627", "3.5E-2") */
	uint32_t	 len;	/* bytes of text */
	uint32_t	 row;	/* 1-based; A1 is row 1, column 1 */
	uint16_t	 col;	/* 1-based */
	uint8_t		 kind;	/* enum xcell_kind */
	uint8_t		 is_date;	/* a number whose style is a date
				   or time format (its text is an Excel
				   serial: xlsx_serial_date()), or a t="d"
				   cell, whose text is an ISO 8601 date
				   and whose kind is XC_STRING */
};

struct xsheet {
	const char	*name;		/* as shown on the tab, UTF-8 */
	struct xcell	*cells;		/* by row, then column; cells that
					   show nothing (no value, or an
					   empty string) are left out */
	size_t		 n;
	unsigned	 max_row;	/* of the cells kept; 0: none */
	unsigned	 max_col;
	int		 hidden;	/* state="hidden" or "veryHidden" */
};

struct xbook {
	struct xsheet	*sheets;	/* in workbook (tab) order; chart
					   sheets have no cells */
	size_t		 n;
	int		 date1904;	/* serial 0 is 1904-01-01 */
};

/*
 * What a workbook may hold before it is refused as hostile or broken.
 * Excel's own limits where it has them.
 */
struct xlsx_limits {
	size_t		 max_bytes;	/* unpacked, over every part read */
	size_t		 max_sheets;
	size_t		 max_cells;	/* over the whole workbook */
};

#define XLSX_MAX_BYTES	(256u * 1024 * 1024)
#define XLSX_MAX_SHEETS	1000
#define XLSX_MAX_CELLS	20000000
#define XLSX_MAX_ROW	1048576
#define XLSX_MAX_COL	16384
#define XLSX_MAX_TEXT	32767	/* characters in one cell */

/*
 * Reads the workbook in data (len bytes); file names it in diagnostics.
 * Everything is allocated in the arena.  Returns 0, or -1 after
 * reporting through diags (one error, at file's line 1) why the file
 * cannot be read.  xlsx_read_limits() takes other limits (NULL: the
 * defaults above), so tests need not build 256 MiB workbooks.
 */
int	 xlsx_read(const char *file, const void *data, size_t len,
	    struct arena *, struct xbook *, struct diags *);
int	 xlsx_read_limits(const char *file, const void *data, size_t len,
	    struct arena *, struct xbook *, struct diags *,
	    const struct xlsx_limits *);

/* The cell at row, col (1-based), or NULL if it shows nothing. */
const struct xcell *xsheet_cell(const struct xsheet *, unsigned row,
	    unsigned col);

/*
 * An Excel serial day number, as text ("45627", "45627.0", "4.5627E4"),
 * to a calendar date, for the 1900 or (date1904) the 1904 date system.
 * Returns 0, or -1 for a fraction (a time of day), a negative number,
 * a date past 9999-12-31, serial 0 of the 1900 system (which Excel shows
 * as 1900-01-00) and serial 60, Excel's 1900-02-29, a day that never
 * was (Lotus 1-2-3's leap-year bug, kept for compatibility).
 */
int	 xlsx_serial_date(const char *text, int date1904, int *y, int *m,
	    int *d);

#endif /* !XLSXREAD_H */
