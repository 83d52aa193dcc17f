/* Counting, cutting and joining PDFs' pages with libqpdf (pdfpages.c). */
#ifndef PDFPAGES_H
#define PDFPAGES_H

#include <stddef.h>

struct diags;

int	 pdf_count_pages(const char *path, struct diags *);
int	 pdf_split(const char *src, const size_t *npages,
	    const char *const *dst, size_t n, const char *whole,
	    struct diags *);
int	 pdf_join(const char *const *src, size_t n, const char *dst,
	    struct diags *);

/* printboards.c: its record of printed PDFs, parsed (tests/fuzz). */
size_t	 print_record_check(const char *text, size_t len);

#endif /* !PDFPAGES_H */
