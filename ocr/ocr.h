/*
 * ocr.h: the OCR stage (contract; the implementation arrives with the
 * scanned-pages issue).
 *
 * What it will do: for each page of an SbDocument whose text layer is
 * missing or broken, render it (or take the page image), clean it with
 * Leptonica (grayscale, deskew, background normalization, binarization,
 * speckle removal), find the table rulings, and read the text with
 * Tesseract (tha+eng), table cell by table cell, filling the page's chars
 * (with boxes) and rules exactly as ingest/ does for text pages, and
 * setting page->source = SB_SOURCE_OCR and page->confidence.  parse/ then
 * reads both kinds of page the same way.
 *
 * Input:  an SbDocument from ingest/, the file bytes it came from.
 * Output: the same document, pages filled in place.
 * Errors: SB_ERROR_UNSUPPORTED in this build; later SB_ERROR_LIMIT for
 *         pages over the pixel or time limits, SB_ERROR_INTERNAL when
 *         Tesseract cannot start (its language data missing).
 * Ownership: nothing is handed over; Leptonica PIX and Tesseract handles
 *         stay inside the stage.
 * Thread safety: one Tesseract instance per worker thread.
 */
#ifndef SB_OCR_H
#define SB_OCR_H

#include "../core/sb.h"

G_BEGIN_DECLS

/** Does @page need OCR (no sound text layer)?  Pages with no characters
 *  at all do; finer checks (PUA codes, split SARA AM) come with the OCR
 *  issue. */
gboolean sb_ocr_page_needs_ocr(const SbPage *page);

/**
 * sb_ocr_document:
 * @doc: (inout): pages that need OCR are filled in place
 * @error: (out, optional)
 * Returns: TRUE when every page that needed OCR was read.  This build
 * has no OCR: it returns FALSE with SB_ERROR_UNSUPPORTED when no page of
 * @doc has text (a scan), TRUE otherwise (blank pages stay blank).
 */
gboolean sb_ocr_document(SbDocument *doc, GError **error);

G_END_DECLS

#endif /* SB_OCR_H */
