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
 *     table reader rebuild cells whatever program produced the PDF.
 *   - UTF-8 text: one page per form feed, text only, no boxes.
 *   - Page images (PNG, TIFF, JPEG) are recognised and refused with
 *     SB_ERROR_UNSUPPORTED until the OCR stage reads them.
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
} SbIngestOptions;

/**
 * sb_ingest_file:
 * @path: (in): file to read
 * @opts: (in, optional): options, NULL for defaults
 * @error: (out, optional): set on failure
 * Returns: a new document, or NULL with @error set.
 */
SbDocument *sb_ingest_file(const char *path, const SbIngestOptions *opts, GError **error);

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

G_END_DECLS

#endif /* SB_INGEST_H */
