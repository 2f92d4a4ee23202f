/*
 * truth.h: what the ground-truth tests (test-plan-truth, test-circular-
 * truth) share: reading a fixture through the library and comparing text
 * the way the tests mean it.
 */
#ifndef SB_TESTS_TRUTH_H
#define SB_TESTS_TRUTH_H

#include <json-glib/json-glib.h>

#include "../core/sb.h"

/** @s without white space (Poppler and OCR lose or add spaces at line
 *  wraps).  Returns: (transfer full). */
char *truth_squash(const char *s);

/**
 * truth_equal_at_wraps:
 * Is @got equal to @want but for the white space at the places where the
 * fixture's drawing wrapped the text?  @wraps (may be NULL: none) holds
 * the character offsets in @want at which a drawn line starts
 * (plangen's layout_wraps).  There a space of the seed sat at the end of
 * the line above, or the line broke between two unspaced Thai words, and
 * the page looks the same either way, so @got may have a space or none.
 * Everywhere else the two must be equal, spaces included.  When equal,
 * adds to *@lost (nullable) the seed spaces @got lacks at wraps and to
 * *@added (nullable) the spaces @got has at wraps where the seed has none.
 */
gboolean truth_equal_at_wraps(const char *got, const char *want, JsonArray *wraps, guint *lost,
                              guint *added);

/** Ingest @path and, when @scan, read its pages by OCR.  On failure
 *  prints "FAIL: ..." on stderr and returns NULL. */
SbDocument *truth_load(const char *path, gboolean scan);

#endif
