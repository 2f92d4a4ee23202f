/*
 * internal.h: what the OCR's source files share; private to ocr/ (the
 * stage's contract is ocr.h).
 *
 * ocr.c reads a page: it runs Tesseract, the steps after it in order, and
 * the pages of a document on a thread pool.  prepare.c makes a page image
 * ready to read (deskew, binarize, rulings erased) and finds the table
 * cells.  reread.c mends what the page pass gets wrong in Thai text
 * (marks, look-alike letters, script mix-ups); digits.c reads Thai-digit
 * runs again (note 3).  measure.c holds the small tests of a word's text
 * and measures of a page's ink that the others use.  glyphs.c and
 * lexicon.c have their own headers.
 *
 * Ownership: an Engine belongs to one thread at a time (ocr.c lends it
 * out); the RLines and Words the functions here take are the caller's,
 * changed in place where a function says so.  Coordinates are pixels of
 * the page image being read unless said otherwise.
 */
#ifndef SB_OCR_INTERNAL_H
#define SB_OCR_INTERNAL_H

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "../core/re.h"
#include "../core/sb.h"
#include "glyphs.h"
#include "lexicon.h"

/* ------------------------------------------------------------------ */
/* Types                                                                */

/* A page image made ready to read (ocr_prepare()); free its images with
 * ocr_prepared_clear(). */
typedef struct {
  PIX *clean;      /* 1 bpp, rulings erased: for ink measurements */
  PIX *gray;       /* 8 bpp, background normalized, rulings erased: what
                      Tesseract reads (its models are trained on gray) */
  double scale;    /* pixels per point */
  double skew_deg; /* measured and removed */
} Prepared;

/* The engines and the page being read: one per thread. */
typedef struct {
  TessBaseAPI *api;
  TessBaseAPI *digits; /* saraban's Thai-digit model, or NULL */
  SbGlyphs *glyphs;    /* its glyph classifier (with it), or NULL */
  SbLexicon *lexicon;  /* Thai words (note 7) */
  double scale;
  gint64 deadline; /* monotonic µs */
  PIX *bin;        /* the page being read (1 bpp), for ink gaps */
  PIX *faint;      /* its faint ink (sb_glyphs_faint()), for cutting glyphs */
  const char *debug_dir; /* SARABAN_DEBUG_OCR_DIR: images and words */
  SbRe ascii_number;     /* ASCII_NUMBER, compiled (note 3f) */
} Engine;

/* A word as Tesseract read it: its box (pixels) and its text, owned by
 * the line's array of words, which frees it. */
typedef struct {
  int l, t, r, b;
  char *text;
  float conf;       /* Tesseract's, 0-100 */
  gboolean settled; /* read again on its own already: later steps leave it */
  int glyph_digits; /* note 3e's verdict on its glyphs: 0 not asked yet,
                       GLYPHS_DIGITS, GLYPHS_NOT, or GLYPHS_NONE (no glyph
                       of its own) */
  float glyph_sure; /* with GLYPHS_DIGITS: the least sure of its glyphs */
  gboolean space_after; /* a space follows, whatever the ink gap (digits.c
                           note 3j) */
} Word;

enum { GLYPHS_DIGITS = 1, GLYPHS_NOT, GLYPHS_NONE };

/* A run of empty columns inside a text line (ocr_ink_gaps()): its centre
 * and width, pixels. */
typedef struct {
  double c, w;
} Gap;

/* One text line as Tesseract read it: its box and baseline (pixels) and
 * its words. */
typedef struct {
  int l, t, r, b;
  double base;
  GArray *words;       /* of Word */
  gboolean marks_cut;  /* a row of its marks was read as a line: dropped */
  int marks_below;     /* how far (pixels) a dropped row of its lower marks
                        * reached below the box; 0 if none */
} RLine;

/* A well-formed ASCII amount ("664,044,694,651.17": groups of three
 * after the first, at most two decimals) or date ("6/10/2549"), which
 * the stock models read right (note 3f). */
#define ASCII_NUMBER                                                                              \
  "^(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\\.[0-9]{1,2})?" /* 664,044,694,651.17 */                       \
  "|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})$"              /* 6/10/2549 */

/* each glyph of a word read as letters this sure: digits (note 3e) */
#define GLYPH_WORD_SURE 0.45

/* ------------------------------------------------------------------ */
/* prepare.c                                                            */

/* Deskews, normalizes and binarizes @gray (@dpi), finds the rulings
 * (into @page's hrules and vrules, in points) and erases them (note 0);
 * fills *@out (the caller clears it).  FALSE with @error set if Leptonica
 * fails. */
gboolean ocr_prepare(PIX *gray, double dpi, SbPage *page, Prepared *out, GError **error);
void ocr_prepared_clear(Prepared *p);
/* The table cells (SbBox, points) of @page's rulings; the caller unrefs. */
GArray *ocr_cell_grid(const SbPage *page);

/* ------------------------------------------------------------------ */
/* measure.c: tests of a word's text                                    */

char ocr_ascii(gunichar c);
gboolean ocr_any_digit(gunichar c);
gboolean ocr_is_numberish(gunichar c);
guint ocr_count_digits(const char *t);
int ocr_latin_letters(const char *t, gboolean lower, gboolean (*other)(gunichar));
gboolean ocr_latin_misread(const char *t);
gboolean ocr_quote_or_dot(gunichar c);
gboolean ocr_latin_slot(const char *t);
gboolean ocr_thai_line(const RLine *ln);
gboolean ocr_numberish_text(const char *t, gboolean spaces, gboolean *digit, gboolean *thai);
gboolean ocr_thai_number(const char *t);
gboolean ocr_number_cue(const char *t);

/* ------------------------------------------------------------------ */
/* measure.c: measures of ink and numbers                              */

l_int32 ocr_ink(PIX *bin, int l, int t, int w, int h);
GArray *ocr_ink_gaps(PIX *bin, int l, int t, int r, int b, double *space_w);
int ocr_off_ink(PIX *bin, int x, int dir, int limit, const RLine *ln, int lh);
int ocr_below_ink(PIX *bin, int l, int r, int y, int limit);
int ocr_cmp_double(gconstpointer a, gconstpointer b);
double ocr_median_double(const GArray *v);
int ocr_median(GArray *ints);

/* ------------------------------------------------------------------ */
/* ocr.c                                                                */

/* TessBaseAPIRecognize() on @api within @deadline (monotonic µs): its
 * result code, or -1 with @error set (SB_ERROR_LIMIT) when the time is up. */
int ocr_recognize_until(TessBaseAPI *api, gint64 deadline, GError **error);
/* Tesseract (e->api, page segmentation @psm) on the rectangle @l,@t
 * (@w x @h) of the page set: its text lines (RLine*, the caller unrefs
 * the array, which frees them), or NULL with @error set on a time-out. */
GPtrArray *ocr_recognize(Engine *e, int l, int t, int w, int h, int psm, GError **error);

/* ------------------------------------------------------------------ */
/* reread.c: the page pass's lines mended (notes 2, 4-7)               */

/* In each: @lines or @ln is changed in place; rl..rb is the region the
 * lines were read in (crops stay inside it); FALSE with @error set on a
 * time-out or a recognition error. */

/* Rows of marks and lower vowels read as lines or words of their own:
 * dropped, their lines told (marks_cut, marks_below). */
void ocr_drop_mark_rows(GPtrArray *lines);
/* Note 8: a line Tesseract cut in two beside line @i of @lines, joined
 * with the letters lost at the cut read again (reread.c). */
gboolean ocr_join_split_line(Engine *e, GPtrArray *lines, guint i, int rl, int rt, int rr,
                             int rb, GError **error);
/* Note 2: line @i of @lines read again on its own for stacked tone marks. */
gboolean ocr_reread_marks(Engine *e, GPtrArray *lines, guint i, int rl, int rt, int rr, int rb,
                          GError **error);
/* Note 7: line @i read again for a look-alike consonant it is unsure of. */
gboolean ocr_reread_unsure(Engine *e, GPtrArray *lines, guint i, int rl, int rt, int rr, int rb,
                           GError **error);
/* Note 4: Thai words read as capital Latin, each read again as Thai. */
gboolean ocr_reread_caps(Engine *e, RLine *ln, int rl, int rt, int rr, int rb, GError **error);
/* น้้า is น้ำ. */
void ocr_doubled_tone(RLine *ln);
/* Note 6: ก้าหนด is กำหนด where the mark is a ring. */
void ocr_ring_am(Engine *e, RLine *ln);
/* Note 5: a Latin name in parentheses read as Thai, read again (@next:
 * the line after @ln, where the name may go on; NULL if none). */
gboolean ocr_reread_latin(Engine *e, RLine *ln, const RLine *next, int rl, int rt, int rr, int rb,
                          GError **error);
/* Note 6: a URL's scheme at a Thai line's end, read again. */
gboolean ocr_reread_scheme(Engine *e, RLine *ln, int rl, int rt, int rr, int rb, GError **error);

/* ------------------------------------------------------------------ */
/* digits.c (note 3)                                                    */

/* The Thai-digit runs of @ln read again and replaced in place (@typical:
 * the median line height of its region rl..rb; @thai_region: the region
 * has a Thai line).  FALSE with @error set on a time-out or a
 * recognition error. */
gboolean ocr_reread_digits(Engine *e, RLine *ln, int typical, gboolean thai_region, int rl, int rt,
                           int rr, int rb, GError **error);
/* Note 3e: are word @wd's glyphs (of @ln) Thai digits and number marks,
 * each named @sure or more?  Sets @wd's glyph_digits and glyph_sure. */
gboolean ocr_glyph_word(Engine *e, const RLine *ln, Word *wd, float sure);
/* Is word @j of @ln followed by a Thai number past a short word or two
 * of letters? */
gboolean ocr_letters_before_number(const RLine *ln, guint j);

#endif /* SB_OCR_INTERNAL_H */
