/*
 * ocr.h: the OCR stage.  Reads the pages of an SbDocument that have no
 * sound text layer from their image, so that parse/ sees them exactly like
 * text-layer pages: characters with boxes, and ruling lines.
 *
 * For each page that needs it (sb_ocr_page_broken() says why), one small
 * step after the other:
 *
 *   image      ingest/ renders the PDF page (dpi; by default a scan's own
 *              resolution, kept within 200-300, else 300) or decodes
 *              the page image, as 8 bpp gray
 *   deskew     Leptonica measures the skew and rotates it away; the angle
 *              is kept in page->skew_deg
 *   clean      background normalization, binarization (Otsu, adaptive),
 *              speckle removal
 *   rulings    line morphology finds horizontal and vertical rules (short
 *              breaks bridged), they go to page->hrules / vrules and are
 *              erased from the image, but not where a glyph crosses or
 *              touches one (a stamp's border drawn through a line)
 *   cells      the cell grid from the rulings' intersections; cells that
 *              a missing rule segment joins are one (merged) cell
 *   recognize  Tesseract (C API, tha+eng), each table cell as its own
 *              block so that columns never interleave, then the rest of
 *              the page (tables blanked) in reading order; every symbol
 *              becomes an SbChar whose box spans its text line, with a
 *              space between words that stand apart
 *   leftovers  ink that no recognized line covers (a block the page
 *              layout took for a picture) is read line by line; kept only
 *              when Tesseract is sure and it holds letters
 *   re-read    a line that may have lost a stacked mark (ink above its
 *              box, an upper vowel without a tone mark) is read again on
 *              its own; each letter gets the marks of both readings,
 *              letters matched from both ends as far as they agree.  A
 *              doubled tone mark before SARA AA becomes SARA AM (น้้า is
 *              น้ำ).  A Latin name in parentheses read as Thai ("(๑-1/เ55)"
 *              for "(e-LAAS)") is read again as one word.  A line with
 *              a consonant read unsurely is read again with room around
 *              it; an unsure look-alike (ต/ด, ห/ท, ซ/ช) takes the second
 *              reading's letter when the two readings differ in at most
 *              two consonants.
 *   digits     runs of number-like words holding a Thai digit are read
 *              again with saraban's own Thai-digit model
 *              (ocr/model/thadigits.traineddata, made by
 *              ocr/train/train-digits.sh): the stock Thai model has no
 *              ๔ ๖ ๗ ๘ ๙.  The run's box is widened to the blank
 *              column beside it (Tesseract's Thai boxes are a letter
 *              off).  A reading the model is not sure of is read again
 *              with a little more margin, and the surer of the two is
 *              kept (its readings change with the crop).  Then each
 *              digit of the reading is named again from its glyph alone
 *              by the glyph classifier (ocr/glyphs.h; Leptonica's recog,
 *              ocr/model/thadigits.glyphs, made by
 *              ocr/train/train-glyphs.sh): the LSTM model places the
 *              characters well but confuses the digit shapes of fonts
 *              it never saw.  Page text keeps the digits as printed;
 *              normalize/ turns them into ASCII for the records.
 *   words      a run of Thai that does not cut into dictionary words
 *              (libthai's dictionary: ocr/lexicon.h) is mended by one
 *              mark where exactly one such mend makes it cut and the
 *              page writes the word the mend makes elsewhere (ท้องถิน ->
 *              ท้องถิ่น); names and abbreviations stay as read
 *
 * Pages run in parallel on a GThreadPool; each worker borrows one
 * Tesseract instance from a queue (one instance per thread at a time).
 * Results land in the page they belong to, so the output never depends on
 * the number of threads.  Tesseract itself must run single-threaded: its
 * OpenMP threads make it several times slower on small machines.  The
 * OpenMP runtime reads OMP_THREAD_LIMIT when the library loads, so a
 * program must have it in its environment before it starts (the CLI
 * re-executes itself with OMP_THREAD_LIMIT=1).
 *
 * Input:  an SbDocument from ingest/ (it keeps the file bytes).
 * Output: the same document; pages that were read get source = OCR,
 *         chars, rules, confidence (mean word confidence), dpi,
 *         skew_deg and ocr_reason.  Pages with a sound text layer are not
 *         touched.
 * Errors: SB_ERROR_LIMIT (a page over the pixel limit or the time limit),
 *         SB_ERROR_DAMAGED (a page that cannot be rendered or decoded),
 *         SB_ERROR_SETUP (Tesseract cannot start: language data,
 *         saraban's digit model or libthai's dictionary missing; see
 *         sb_ocr_ready()).  The message names the page when the
 *         document has more than one.
 * Ownership: nothing is handed over; PIX and Tesseract handles stay
 *         inside the stage and are freed before sb_ocr_document() returns.
 * Thread safety: sb_ocr_document() may be called from several threads on
 *         different documents; it keeps no global state.
 */
#ifndef SB_OCR_H
#define SB_OCR_H

#include "../core/sb.h"

G_BEGIN_DECLS

/**
 * SbOcrCache: where readings of page images are kept between runs (the
 * dataset's ocr_cache).  The key is the SHA-256 of the page image's pixels,
 * its resolution and what reads it (saraban's version, the languages,
 * the digit model in use, by its SHA-256); the value is opaque bytes from
 * this stage.
 * A page whose key is found is not read again (page->ocr_cached).  Both
 * functions are called from worker threads and must be thread-safe.
 */
typedef struct {
  GBytes *(*get)(gpointer data, const char *key); /**< (transfer full), NULL when absent */
  void (*put)(gpointer data, const char *key, GBytes *value);
  gpointer data;
} SbOcrCache;

/** Options of the OCR stage; zero-initialised means defaults. */
typedef struct {
  double dpi;               /**< render PDF pages at; 0 = auto (see ingest.h) */
  guint jobs;               /**< pages read at once; 0 = number of cores */
  guint64 max_pixels;       /**< per page; 0 = 100 million */
  double max_page_seconds;  /**< recognition time per page; 0 = 300 */
  const char *languages;    /**< Tesseract languages; NULL = "tha+eng" */
  const char *tessdata;     /**< model directory; NULL = Tesseract's own */
  gboolean force;           /**< read every page from its image */
  gboolean never;           /**< never OCR (text layers as they are) */
  const char *models;       /**< directory of saraban's own models (the
                                 Thai-digit model thadigits.traineddata
                                 and its glyph classifier
                                 thadigits.glyphs);
                                 NULL = $SARABAN_MODEL_DIR, else the
                                 install prefix, else the source tree */
  gboolean no_digit_model;  /**< keep the stock model's digits (to
                                 compare; the stock Thai model cannot
                                 read ๔ ๖ ๗ ๘ ๙) */
  const SbOcrCache *cache;  /**< NULL: no cache */
} SbOcrOptions;

/**
 * sb_ocr_page_broken:
 * Returns: (transfer none): NULL when @page has a sound text layer, else
 * a short static reason: "no text layer", "Private-Use-Area glyph codes",
 * "SARA AM split", "marks separated by spaces", "improbable Thai sequences".
 */
const char *sb_ocr_page_broken(const SbPage *page);

/**
 * sb_ocr_document:
 * @doc: (inout): pages that need OCR are filled in place
 * @opts: (in, optional): NULL for defaults
 * @error: (out, optional)
 * Returns: TRUE when every page that needed OCR was read.
 */
gboolean sb_ocr_document(SbDocument *doc, const SbOcrOptions *opts, GError **error);

/**
 * sb_ocr_ready:
 * @opts: (in, optional): NULL for defaults
 * Starts the OCR engine @opts asks for (Tesseract's languages, the digit
 * model and its glyph classifier, libthai's dictionary) and stops it
 * again: what a daemon checks before it takes files, so that a missing
 * package stops it with one line instead of failing every scan.  Costs
 * about half a second (`saraban watch` is ready in 0.56-0.65 s with it,
 * 0.06 s with --no-ocr).
 * Returns: TRUE when a page could be read, else FALSE with @error set
 * (SB_ERROR_SETUP).
 */
gboolean sb_ocr_ready(const SbOcrOptions *opts, GError **error);

/**
 * sb_ocr_quiet_libraries:
 * Process-wide, once, by the program (not by a library caller): keeps
 * Leptonica's own error messages off stderr, where saraban prints one
 * line per failed file.  Errors still reach the caller as GErrors.
 */
void sb_ocr_quiet_libraries(void);

G_END_DECLS

#endif /* SB_OCR_H */
