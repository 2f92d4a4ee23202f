/*
 * ocr.c: the OCR stage's placeholder: decides which pages need OCR and
 * says plainly that this build cannot do it yet.  See ocr.h.
 */
#include "ocr.h"

gboolean sb_ocr_page_needs_ocr(const SbPage *page) {
  /* text files have no boxes but have text; PDF pages with no characters
   * are scans */
  return page->chars->len == 0 && (!page->text || !*page->text) && page->width > 0;
}

gboolean sb_ocr_document(SbDocument *doc, GError **error) {
  /* Until OCR lands, a blank page among text pages stays blank; a document
   * with no text at all (a scan) is refused rather than parsed to nothing. */
  guint need = 0;
  for (guint i = 0; i < doc->pages->len; i++)
    need += sb_ocr_page_needs_ocr(doc->pages->pdata[i]) ? 1 : 0;
  if (need && need == doc->pages->len) {
    g_set_error(error, SB_ERROR, SB_ERROR_UNSUPPORTED,
                "no page has a text layer (a scan?) and this build has no OCR yet");
    return FALSE;
  }
  return TRUE;
}
