/*
 * truth.h: what the ground-truth tests (test-plan-truth, test-circular-
 * truth) share: reading a fixture through the library and comparing text
 * the way the tests mean it.
 */
#ifndef SB_TESTS_TRUTH_H
#define SB_TESTS_TRUTH_H

#include "../core/sb.h"

/** @s without white space (Poppler and OCR lose or add spaces at line
 *  wraps).  Returns: (transfer full). */
char *truth_squash(const char *s);

/** Ingest @path and, when @scan, read its pages by OCR.  On failure
 *  prints "FAIL: ..." on stderr and returns NULL. */
SbDocument *truth_load(const char *path, gboolean scan);

#endif
