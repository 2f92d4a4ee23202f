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
