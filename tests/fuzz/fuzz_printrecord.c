/*
 * libFuzzer harness: the record of printed board PDFs that
 * `boards --pdf` keeps in .gongshi/boards-pdf (printboards.c).  A
 * damaged record may only cost reprinting: besides crashes and
 * sanitizer reports, every entry it yields must be whole (two 40-digit
 * hashes and an absolute path) and the entries sorted by path (checked
 * inside print_record_check, which aborts otherwise).
 */
#include <stddef.h>
#include <stdint.h>

#include "pdfpages.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	print_record_check((const char *)data, size);
	return 0;
}
