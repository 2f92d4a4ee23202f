/*
 * ingest.h: the ingest stage.  Turns the bytes of a file into an
 * SbDocument: identity (SHA-256 of the bytes), metadata, and for each page
 * its characters with their boxes and its ruling lines.
 *
 * Input:  a path, or bytes plus the name to report them under.
 * Output: a new SbDocument (caller frees with sb_document_free()).
 *
 * What it accepts:
 *   - PDF (Poppler, glib binding): each page's text layer with one box per
 *     character, and the page's ruling lines, found by rendering the page
 *     at a low resolution and opening the bitmap with long horizontal and
 *     vertical structuring elements (Leptonica).  Rulings are what lets the
 *     table reader rebuild cells whatever program produced the PDF.  A
 *     page with no characters (a scan) is not rendered here: the OCR
 *     stage finds its rulings on its own, finer image.
 *   - UTF-8 text: one page per form feed, text only, no boxes.
 *   - Page images (PNG, TIFF including multi-page, JPEG): one page per
 *     image, no characters; the page size in points follows the image's
 *     resolution (300 dpi when it has none).  Only the header is read
 *     before the size limits are checked.
 *
 * For the OCR stage it also renders a page (PDF) or decodes it (image)
 * into an 8 bpp gray Leptonica PIX: sb_ingest_page_pix().  The document
 * keeps a reference to the file's bytes for this.
 *
 * Errors (SB_ERROR domain, one plain sentence, no file name in it):
 *   SB_ERROR_IO, SB_ERROR_EMPTY, SB_ERROR_NOT_PDF, SB_ERROR_TRUNCATED,
 *   SB_ERROR_DAMAGED, SB_ERROR_ENCRYPTED, SB_ERROR_LIMIT,
 *   SB_ERROR_UNSUPPORTED.  Poppler's own diagnostics are kept off stderr;
 *   its GError is translated here, where Poppler is called.
 *
 * Ownership: the returned document owns everything in it; no Poppler
 * object outlives the call.
 *
 * Thread safety: functions are reentrant; separate documents may be
 * ingested from separate threads at once.
 */
#ifndef SB_INGEST_H
#define SB_INGEST_H

#include "../core/sb.h"

G_BEGIN_DECLS

/** Options of the ingest stage; zero-initialised means defaults. */
typedef struct {
  const char *password; /**< PDF user or owner password, or NULL */
  gsize max_bytes;      /**< refuse larger files; 0 = 512 MiB */
  guint max_pages;      /**< refuse more pages; 0 = 5000 */
  gboolean no_rules;    /**< skip ruling detection (text only) */
  guint64 max_pixels;   /**< refuse page images larger; 0 = 100 million */
} SbIngestOptions;

struct Pix; /* Leptonica's PIX */

/**
 * sb_ingest_file:
 * @path: (in): file to read
 * @opts: (in, optional): options, NULL for defaults
 * @error: (out, optional): set on failure
 * Returns: a new document, or NULL with @error set.
 */
SbDocument *sb_ingest_file(const char *path, const SbIngestOptions *opts, GError **error);

/**
 * sb_ingest_name_kind:
 * @name: (in): a file name or path
 * @kind: (out): SB_FILE_PDF for .pdf, SB_FILE_IMAGE for .png .jpg .jpeg
 *   .tif .tiff (any case)
 * Returns: TRUE when the name claims a PDF or a page image.  (The bytes
 * decide what a file is; a name that claims otherwise is an error.)
 */
gboolean sb_ingest_name_kind(const char *name, SbFileKind *kind);

/**
 * sb_ingest_bytes:
 * @bytes: (in): the file's bytes (a reference is taken while working)
 * @source: (in): the name to record as the document's source
 * @opts, @error: as for sb_ingest_file()
 */
SbDocument *sb_ingest_bytes(GBytes *bytes, const char *source, const SbIngestOptions *opts,
                            GError **error);

/**
 * sb_sha256_hex:
 * Returns: (transfer full): lowercase hex SHA-256 of @bytes (GChecksum).
 */
char *sb_sha256_hex(GBytes *bytes);

/**
 * sb_ingest_page_pix:
 * @doc: (in): a document from sb_ingest_*() of a PDF or an image
 * @index: 0-based page index
 * @dpi: resolution to render a PDF page at (ignored for images, which
 *       are decoded at their own resolution); 0 = auto: a page that is one
 *       scanned image is rendered at the image's resolution kept within
 *       200-300 dpi (finer only interpolates; coarser reads worse), other
 *       pages at 300.  Auto decodes the page image once to learn its size;
 *       when that image is the whole page, upright, at a resolution within
 *       the range, it is the result as it is (no second decode and render).
 * @max_pixels: refuse pages larger than this many pixels; 0 = default
 * @dpi_out: (out, optional): the resolution of the returned image
 * @error: (out, optional): SB_ERROR_LIMIT (too large, too small),
 *         SB_ERROR_DAMAGED (cannot render / decode)
 * Returns: (transfer full): an 8 bpp gray PIX; free with pixDestroy().
 * Thread safety: opens its own Poppler document per call, so pages of
 * one document may be rendered from several threads at once.
 */
struct Pix *sb_ingest_page_pix(const SbDocument *doc, guint index, double dpi,
                               guint64 max_pixels, double *dpi_out, GError **error);

/**
 * sb_ingest_find_rules:
 * @bin: (in): 1 bpp page image, 1 = ink
 * @px_per_pt: image pixels per page point
 * @min_len_pt: shortest run, in points, that counts as a ruling
 * @bridge_pt: gaps up to this many points inside a ruling are closed
 *             first (broken or faint rules on scans); 0 for none
 * @page: (inout): the rules found are appended to page->hrules/vrules
 * @hlines: (out, optional): the horizontal rulings' pixels as a 1 bpp PIX
 *          (caller frees with pixDestroy()), for removing them before OCR
 * @vlines: (out, optional): the vertical rulings' pixels, the same way
 * Finds table rulings by line morphology (open with long bricks).
 */
void sb_ingest_find_rules(struct Pix *bin, double px_per_pt, double min_len_pt, double bridge_pt,
                          SbPage *page, struct Pix **hlines, struct Pix **vlines);

G_END_DECLS

#endif /* SB_INGEST_H */
