/*
 * Pages of PDFs, through libqpdf's C API: counting a printed document's
 * pages, writing it as a community's PDF and cutting it into one PDF
 * per compound, and joining communities' PDFs for a street.
 *
 * Every PDF written here has no /Info (Chromium's carries the time it
 * printed) and its /ID is computed from its content, so the same pages
 * give the same bytes.  Files are written beside their final name and renamed.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <qpdf/qpdf-c.h>

#include "buf.h"
#include "diag.h"
#include "pdfpages.h"

static qpdf_data
open_pdf(const char *path, struct diags *d)
{
	qpdf_data	 q = qpdf_init();

	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	if (qpdf_read(q, path, NULL) & QPDF_ERRORS) {
		report(d, SEV_ERROR, "%s: not a readable PDF (%s)", path,
		    qpdf_get_error_full_text(q, qpdf_get_error(q)));
		qpdf_cleanup(&q);
		return NULL;
	}
	return q;
}

/* Pages in the PDF at path, or -1 with the reason through d. */
int
pdf_count_pages(const char *path, struct diags *d)
{
	qpdf_data	 q;
	int		 n;

	if ((q = open_pdf(path, d)) == NULL)
		return -1;
	if ((n = qpdf_get_num_pages(q)) < 0)
		report(d, SEV_ERROR, "%s: not a readable PDF (%s)", path,
		    qpdf_get_error_full_text(q, qpdf_get_error(q)));
	qpdf_cleanup(&q);
	return n;
}

/* Writes out to path through a temp file: no /Info, a /ID of its content. */
static int
write_pdf(qpdf_data out, const char *path, struct diags *d)
{
	struct buf	 tmp = { 0 };
	int		 fd, rc = -1;

	buf_printf(&tmp, "%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp.p)) == -1) {
		report(d, SEV_ERROR, "%s: %s", tmp.p, strerror(errno));
		buf_free(&tmp);
		return -1;
	}
	close(fd);
	if ((qpdf_init_write(out, tmp.p) & QPDF_ERRORS) == 0) {
		qpdf_set_deterministic_ID(out, QPDF_TRUE);
		qpdf_set_minimum_pdf_version(out, "1.4");
		qpdf_set_object_stream_mode(out, qpdf_o_generate);
		/* Streams as Chromium compressed them: recompressing every
		 * font and page again was most of the time. */
		qpdf_set_decode_level(out, qpdf_dl_none);
		qpdf_set_compress_streams(out, QPDF_FALSE);
		if ((qpdf_write(out) & QPDF_ERRORS) == 0)
			rc = 0;
	}
	if (rc == -1)
		report(d, SEV_ERROR, "%s: %s", path, qpdf_has_error(out) ?
		    qpdf_get_error_full_text(out, qpdf_get_error(out)) :
		    "qpdf failed");
	else if (chmod(tmp.p, 0644) == -1 || rename(tmp.p, path) == -1) {
		report(d, SEV_ERROR, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc == -1)
		unlink(tmp.p);
	buf_free(&tmp);
	return rc;
}

static int
copy_pages(qpdf_data out, qpdf_data src, size_t from, size_t n,
    const char *srcname, struct diags *d)
{
	size_t		 i;
	qpdf_oh		 page;

	for (i = from; i < from + n; i++) {
		page = qpdf_get_page_n(src, i);
		if (qpdf_has_error(src) ||
		    (qpdf_add_page(out, src, page, QPDF_FALSE) & QPDF_ERRORS)) {
			report(d, SEV_ERROR, "%s: page %zu could not be copied",
			    srcname, i + 1);
			return -1;
		}
	}
	return 0;
}

/*
 * Cuts the PDF at src into n documents: part i is npages[i] pages,
 * written to dst[i]; a NULL dst[i] skips its pages.  The page counts
 * must add up to src's (checked by the caller).  When whole is not
 * NULL, src is also written there as a whole, without /Info and with
 * a /ID of its content: src is opened once for all of them.
 */
int
pdf_split(const char *src, const size_t *npages, const char *const *dst,
    size_t n, const char *whole, struct diags *d)
{
	qpdf_data	 in, out;
	size_t		 i, at = 0;
	int		 rc = 0;

	if ((in = open_pdf(src, d)) == NULL)
		return -1;
	for (at = 0, i = 0; i < n && rc == 0; at += npages[i], i++) {
		if (dst[i] == NULL)
			continue;
		out = qpdf_init();
		qpdf_silence_errors(out);
		qpdf_set_suppress_warnings(out, QPDF_TRUE);
		if ((qpdf_empty_pdf(out) & QPDF_ERRORS) ||
		    copy_pages(out, in, at, npages[i], src, d) == -1 ||
		    write_pdf(out, dst[i], d) == -1)
			rc = -1;
		qpdf_cleanup(&out);
	}
	/* The whole: src itself, without its /Info, written last (the
	 * parts were copied from it as it was read). */
	if (rc == 0 && whole != NULL) {
		qpdf_oh_remove_key(in, qpdf_get_trailer(in), "/Info");
		rc = write_pdf(in, whole, d);
	}
	qpdf_cleanup(&in);
	return rc;
}

/* Writes the pages of the n PDFs src, in order, as one PDF at dst. */
int
pdf_join(const char *const *src, size_t n, const char *dst, struct diags *d)
{
	qpdf_data	*in = calloc(n ? n : 1, sizeof(*in)), out;
	size_t		 i;
	int		 rc = -1, pages;

	if (in == NULL)
		abort();
	out = qpdf_init();
	qpdf_silence_errors(out);
	qpdf_set_suppress_warnings(out, QPDF_TRUE);
	if (qpdf_empty_pdf(out) & QPDF_ERRORS)
		goto out;
	/* Each source stays open until the join is written: qpdf copies
	 * what pages use when it writes. */
	for (i = 0; i < n; i++)
		if ((in[i] = open_pdf(src[i], d)) == NULL ||
		    (pages = qpdf_get_num_pages(in[i])) < 0 ||
		    copy_pages(out, in[i], 0, (size_t)pages, src[i], d) == -1)
			goto out;
	rc = write_pdf(out, dst, d);
out:
	for (i = 0; i < n; i++)
		if (in[i] != NULL)
			qpdf_cleanup(&in[i]);
	qpdf_cleanup(&out);
	free(in);
	return rc;
}
