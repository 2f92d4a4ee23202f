/*
 * sb.h: the plain value types every saraban stage exchanges, and the one
 * error convention of the whole code base.
 *
 * Data flows one way:
 *
 *   file --ingest--> SbDocument of SbPage (SbLine with character boxes)
 *        --ocr-----> the same SbPage, filled from the page image
 *        --parse---> SbTable (rows of SbCell), then records (JsonObject)
 *   normalize/ is a library of pure text functions that parse/ calls on
 *   every value it emits.
 *
 * Ownership, stated once for every type here: a container owns what it
 * holds.  sb_document_free() frees its pages, sb_page_free() its lines,
 * sb_table_free() its rows and cells.  Strings in these structs are UTF-8
 * and owned by the struct that holds them.  Nothing from Poppler, ICU,
 * PCRE2, Leptonica or Tesseract is ever stored here: each stage copies what
 * it needs and frees the library's memory with the library's allocator.
 *
 * Errors: every fallible function takes a GError ** last and returns
 * FALSE / NULL on failure.  The domain is SB_ERROR, the codes are SbError.
 * A message names the problem in plain words; the caller adds the file
 * name once, where it reports (the CLI), never on the way up.
 *
 * Thread safety: the types are plain data with no hidden shared state; two
 * threads may work on two documents at once.
 *
 * Coordinates: PDF points (1/72 inch), origin at the top-left corner of the
 * page, y growing downwards.
 */
#ifndef SB_H
#define SB_H

#include <glib.h>

G_BEGIN_DECLS

#define SB_ERROR (sb_error_quark())
GQuark sb_error_quark(void);

/** What kind of file a document was read from. */
typedef enum { SB_FILE_PDF, SB_FILE_IMAGE, SB_FILE_TEXT } SbFileKind;

/** The one error code enum of saraban. */
typedef enum {
  SB_ERROR_IO,          /**< the file could not be read */
  SB_ERROR_EMPTY,       /**< the file has no bytes */
  SB_ERROR_NOT_PDF,     /**< the bytes are not a PDF (or not a supported type) */
  SB_ERROR_TRUNCATED,   /**< the PDF stops before its end */
  SB_ERROR_DAMAGED,     /**< the PDF structure is broken beyond repair */
  SB_ERROR_ENCRYPTED,   /**< encrypted, and no (right) password given */
  SB_ERROR_LIMIT,       /**< over a configured limit (size, pages, pixels) */
  SB_ERROR_UNSUPPORTED, /**< a feature this build does not have yet */
  SB_ERROR_INVALID,     /**< a value of the right form that cannot be
                             right (a 31 February, a day 253) */
  SB_ERROR_FORM,        /**< text not of the form asked for (not a date) */
  SB_ERROR_INTERNAL,    /**< a library call failed unexpectedly */
  SB_ERROR_SETUP        /**< saraban's installation is incomplete (an OCR
                             language, its digit model or libthai's
                             dictionary missing): no file's fault */
} SbError;

/** An axis-aligned box in page points. */
typedef struct {
  double x1, y1, x2, y2;
} SbBox;

/** Where a page's text came from. */
typedef enum { SB_SOURCE_TEXT, SB_SOURCE_OCR } SbSource;

/** Document kinds, as in the record contract. */
typedef enum { SB_KIND_UNKNOWN, SB_KIND_PLAN, SB_KIND_CIRCULAR } SbKind;

/**
 * SbChar: one character of a page's text with its box.  Combining Thai
 * marks are characters of their own (their box overlaps the base's).
 */
typedef struct {
  gunichar ch;
  SbBox box;
} SbChar;

/**
 * SbRule: a ruling line found on the page (a table border).  Horizontal
 * when y1 == y2 (within a point), vertical when x1 == x2.
 */
typedef SbBox SbRule;

/**
 * SbPage: one page.  chars are in the order the page's content gives them
 * (logical order within a line for well-made PDFs); rules are the ruling
 * lines; text is set only for pages that have no character boxes.
 */
typedef struct {
  guint number;      /**< 1-based */
  double width, height;
  SbSource source;
  double confidence; /**< mean OCR word confidence 0-100, or -1 for text pages */
  double skew_deg;   /**< OCR pages: the skew measured and removed, degrees */
  double dpi;        /**< OCR pages: resolution the page was read at */
  char *ocr_reason;  /**< why the page went to OCR (NULL for text pages) */
  gboolean ocr_cached; /**< OCR pages: the reading came from an OCR cache */
  GArray *chars;     /**< of SbChar */
  GArray *hrules;    /**< of SbRule, horizontal */
  GArray *vrules;    /**< of SbRule, vertical */
  char *text;        /**< text of a page without character boxes (a text
                          file page), lines separated by '\n'; NULL for
                          PDF and image pages, whose text is in chars */
} SbPage;

/** SbDocument: a file and its pages. */
typedef struct {
  char *source;      /**< path as given */
  char *sha256;      /**< lowercase hex of the file bytes */
  gsize size;        /**< bytes */
  char *title, *author, *creator, *producer; /**< PDF metadata, may be NULL */
  SbFileKind file_kind;
  GBytes *bytes;     /**< the file's bytes (a reference), kept so that the
                          OCR stage can render pages; may be NULL */
  char *password;    /**< the password that opened it, or NULL */
  GPtrArray *pages;  /**< of SbPage*, owned */
} SbDocument;

/**
 * SbCell: one table cell.  text holds the cell's paragraphs separated by
 * '\n'; wrapped lines inside a paragraph are joined (with a space where
 * the page had one or the script needs one).  box is the cell's area.
 */
typedef struct {
  char *text;
  SbBox box;
} SbCell;

/**
 * SbRow: one table row: n_cols cells (empty cells have text ""), the page
 * it was read on and whether it was the first body row of a table on that
 * page (which is where rows continued from the previous page sit).
 */
typedef struct {
  guint page;
  gboolean first_on_page;
  SbCell *cells; /**< n_cols of them, owned */
  double y1, y2;
} SbRow;

/**
 * SbTable: a table read from one page: the column keys of the header spec
 * that matched, in column order, and the body rows.
 */
typedef struct {
  guint page;
  guint n_cols;
  char **keys;     /**< n_cols column keys (NULL-terminated strv), owned */
  GPtrArray *rows; /**< of SbRow*, owned */
  SbBox box;       /**< header top to table bottom */
  double body_y1;  /**< y where the header ends and rows begin */
} SbTable;

SbPage *sb_page_new(guint number, double width, double height);
void sb_page_free(SbPage *page);
SbDocument *sb_document_new(void);
void sb_document_free(SbDocument *doc);
SbTable *sb_table_new(guint page, guint n_cols);
void sb_table_free(SbTable *table);
void sb_row_free(SbRow *row);

const char *sb_kind_name(SbKind kind);
const char *sb_source_name(SbSource source);

/* Thai character classes, from GLib's Unicode properties: the one
 * definition every stage uses. */
/** Thai script. */
gboolean sb_is_thai(gunichar c);
/** A Thai vowel or tone mark drawn above or below the letter before it
 *  (a combining mark: U+0E31, U+0E34-0E3A, U+0E47-0E4E). */
gboolean sb_is_thai_mark(gunichar c);
/** A Thai letter (a consonant or a spacing vowel) that marks sit on. */
gboolean sb_is_thai_letter(gunichar c);
/** A Thai digit ๐-๙. */
gboolean sb_is_thai_digit(gunichar c);
/** The Thai months' full names, มกราคม to ธันวาคม (months 1-12 at 0-11):
 * the OCR stage looks for them, normalize/ reads dates with them. */
extern const char *const SB_THAI_MONTHS[12];

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SbPage, sb_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SbDocument, sb_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SbTable, sb_table_free)

G_END_DECLS

#endif /* SB_H */
