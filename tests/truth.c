/* truth.c: see truth.h. */
#include "truth.h"

#include <stdio.h>

#include "../ingest/ingest.h"
#include "../ocr/ocr.h"

char *truth_squash(const char *s) {
  GString *o = g_string_new(NULL);
  for (const char *p = s ? s : ""; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!g_unichar_isspace(c)) g_string_append_unichar(o, c);
  }
  return g_string_free(o, FALSE);
}

static gboolean is_wrap(JsonArray *wraps, glong j) {
  for (guint k = 0; wraps && k < json_array_get_length(wraps); k++)
    if (json_array_get_int_element(wraps, k) == j) return TRUE;
  return FALSE;
}

gboolean truth_equal_at_wraps(const char *got, const char *want, JsonArray *wraps, guint *lost,
                              guint *added) {
  if (!got || !want) return got == want;
  guint l = 0, a = 0;
  glong ng, nw;
  g_autofree gunichar *g = g_utf8_to_ucs4_fast(got, -1, &ng);
  g_autofree gunichar *w = g_utf8_to_ucs4_fast(want, -1, &nw);
  glong i = 0, j = 0;
  while (i < ng || j < nw) {
    if (i < ng && j < nw && g[i] == w[j]) {
      i++, j++;
    } else if (j < nw && w[j] == ' ' && is_wrap(wraps, j + 1)) {
      j++, l++; /* the seed's space at a line end: not on the page */
    } else if (i < ng && g[i] == ' ' && is_wrap(wraps, j) && j > 0 && w[j - 1] != ' ') {
      i++, a++; /* a space read into a wrap between unspaced words */
    } else {
      return FALSE;
    }
  }
  if (lost) *lost += l;
  if (added) *added += a;
  return TRUE;
}

SbDocument *truth_load(const char *path, gboolean scan) {
  GError *err = NULL;
  SbDocument *doc = sb_ingest_file(path, NULL, &err);
  if (!doc) {
    fprintf(stderr, "FAIL: ingest: %s\n", err->message);
    g_error_free(err);
    return NULL;
  }
  if (scan) {
    sb_ocr_quiet_libraries();
    if (!sb_ocr_document(doc, NULL, &err)) {
      fprintf(stderr, "FAIL: ocr: %s\n", err->message);
      g_error_free(err);
      sb_document_free(doc);
      return NULL;
    }
  }
  return doc;
}
