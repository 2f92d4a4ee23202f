/*
 * digits.c: Thai-digit runs read again (note 3, below; internal.h).  The
 * page pass (ocr.c) leaves its words on each line; here every run of
 * number-like words with a Thai digit is read again with saraban's digit
 * model and its glyphs named by the glyph classifier (glyphs.c), and the
 * run's words are replaced by the reading.
 */
#include <string.h>

#include "internal.h"

/* Note 3: Thai digits.  The stock Thai model has no ๔ ๖ ๗ ๘ ๙ in its
 * character set and reads them as other Thai digits (๔ as ๕, ๖ as ๒).
 * Every run of number-like words on a line that holds a Thai digit is
 * read again with saraban's own digit model (ocr/train/train-digits.sh),
 * in the run's box, and its reading replaces the stock one.  Runs of
 * ASCII digits only (budgets, amounts in tables) are left to the stock
 * models, which read them well.  An unsure reading is read twice (note 3b),
 * and each digit of the reading is named again by the glyph classifier
 * (note 3c), or the run is read from its glyphs (note 3d).  A word read
 * as letters beside a number joins its run when its glyphs are digits
 * (note 3e); a one-letter word inside a number with no glyph of its own
 * is dropped (phantom()); short words of letters glued between a number's
 * digits join its run (note 3g); a sure ASCII amount or date inside a run
 * keeps the page pass's reading (note 3f); a digit at a run's end with a
 * letter written across it is read in the digits' own rows (note 3k). */

#define DIGITS_SURE 90 /* a digit reading this sure is not read again (note 3b) */
#define GLYPH_SURE 0.3  /* a glyph classifier's score this high names a digit (note 3c) */
#define GLYPH_SCRIPT_SURE 0.75 /* ... a Thai digit read as ASCII, or the other way */
#define GLYPH_RUN_SURE 0.35 /* a glyph this sure is read as named in a glyph run (note 3d) */
#define GLYPH_END_SURE 0.45 /* ... the first and last glyph of a run this sure */
#define GLYPH_LETTER_SURE 0.7 /* a glyph at a run's end this surely a letter is one (note 3d) */
#define GLYPH_SURE_PIECE 0.6 /* a glyph named a digit this surely is no piece of one (note 3d) */
#define GLYPH_INSIDE_SURE 0.35 /* GLYPH_WORD_SURE (internal.h) of a word between two Thai numbers */
#define GLYPH_SEVEN_SURE 0.42  /* ... of a word read ฒ or ญ alone (note 3e) */
#define PAGE_SURE 90 /* a page pass word this sure keeps its Thai digits (note 3h) */
/* (Tried and not kept, each measured on the 16 held-out digit pages, at
 * 119 digit errors of 7,704, and the 8 Laksaman pages, at 29 of 3,852:
 * GLYPH_WORD_SURE 0.43, for Sawasdee's ๗ named 0.44: 118, but Laksaman
 * 31; GLYPH_INSIDE_SURE also after a number that ends in . / - or : (the
 * ๗ of ๑๔.๗): 123, the โท of /โทรสาร named digits; a word of letters
 * before one whose glyphs are digits taken as inside a number ("ฒ ฒ ญ"
 * for ๗๗๗): 118, nothing else changed; an ASCII number the page pass
 * read with confidence 80 or more kept out of the Thai number's run:
 * 121 and Laksaman 35; read by the digit model on its own instead: on the
 * numbers pages of all three faces 97 -> 108; the digit model reads such
 * numbers right about as often as it spoils them ("6556" read "6996" by
 * the page pass); and the stock reading as a check on ๐ (a ๐ of the new reading
 * where the stock model, which has ๐ ๑ ๒ ๓ ๕, read ๑ made ๑, where it
 * read ๒ made ๖; aligned by edit distance): 116 but Laksaman 30, its
 * ๑๗.๐๓ misaligned, and only between two aligned equal digits 118.) */

/* Where one character of a reading lies (pixels), for note 3c. */
typedef struct {
  int x1, x2;
} Span;

/* Does @t hold a digit (Thai or ASCII)? */
static gboolean holds_digit(const char *t) {
  for (; *t; t = g_utf8_next_char(t))
    if (ocr_any_digit(g_utf8_get_char(t))) return TRUE;
  return FALSE;
}

/* Does @t end in a digit (Thai or ASCII)? */
static gboolean ends_in_digit(const char *t) {
  const char *end = t + strlen(t);
  return end > t && ocr_any_digit(g_utf8_get_char(g_utf8_prev_char(end)));
}

/* Is @t ASCII punctuation only (".", "/", "(")? */
static gboolean punctuation_only(const char *t) {
  for (; *t; t++)
    if (!g_ascii_ispunct(*t)) return FALSE;
  return TRUE;
}

/* Does @t hold a Thai letter (a consonant or a vowel, not a mark)? */
static gboolean has_thai_letter(const char *t) {
  for (; *t; t = g_utf8_next_char(t))
    if (sb_is_thai_letter(g_utf8_get_char(t))) return TRUE;
  return FALSE;
}

/* Does @t end a document number's "/ว", after which its number follows
 * ("๐๘๑๐.๓/ว", then ๓๑๙๕)?  (Tesseract often gives the ว alone.)  A bare
 * "/" is not enough: URLs and "แผน/นโยบาย" have them. */
static gboolean number_before_slot(const char *t) {
  return g_str_has_suffix(t, "ว");
}

/* The digit model gives the first or last character of a word a span
 * reaching over its neighbours' (Sawasdee's ๑ of ๑๗.๐๓ at 103-296, four
 * glyphs, its ๗ from 147): then no glyph is that character's
 * (sb_glyphs_at() finds several) and name_digits() leaves the digit model's
 * confusion (๑ read ๐).  A span wider than one and a half times the
 * reading's median is cut back to the columns its neighbours' spans leave
 * it, where they leave any.  On the Sawasdee pages of the digit benchmark,
 * with touching_half(): digit errors 82 -> 78 of 3,852. */
static void clip_wide_spans(GArray *spans) {
  if (spans->len < 3) return;
  g_autoptr(GArray) widths = g_array_sized_new(FALSE, FALSE, sizeof(int), spans->len);
  for (guint i = 0; i < spans->len; i++) {
    const Span *sp = &g_array_index(spans, Span, i);
    int w = sp->x2 - sp->x1;
    g_array_append_val(widths, w);
  }
  int typical = ocr_median(widths);
  for (guint i = 0; i < spans->len; i++) {
    Span *sp = &g_array_index(spans, Span, i);
    if ((sp->x2 - sp->x1) * 2 <= typical * 3) continue;
    int x1 = i > 0 ? MAX(sp->x1, g_array_index(spans, Span, i - 1).x2) : sp->x1;
    int x2 = i + 1 < spans->len ? MIN(sp->x2, g_array_index(spans, Span, i + 1).x1) : sp->x2;
    if (x2 > x1) sp->x1 = x1, sp->x2 = x2;
  }
}

/* The digit model's reading of a rectangle, white space at its ends
 * stripped ("" when the page's deadline passed), its mean confidence
 * (-1 then) and, in @spans, each of its characters' column span (spaces
 * have none: one Span per other code point); NULL on a recognition
 * error.  Spans too wide are cut back (clip_wide_spans()). */
static char *read_digits(Engine *e, int l, int t, int r, int b, int *conf, GArray **spans,
                         GError **error) {
  TessBaseAPISetRectangle(e->digits, l, t, r - l, b - t);
  int rc = ocr_recognize_until(e->digits, e->deadline, error);
  if (rc < 0) return NULL;
  *spans = g_array_new(FALSE, FALSE, sizeof(Span));
  g_autoptr(GString) text = g_string_new(NULL);
  TessResultIterator *ri = rc == 0 ? TessBaseAPIGetIterator(e->digits) : NULL;
  const TessPageIterator *pi = ri ? TessResultIteratorGetPageIteratorConst(ri) : NULL;
  do {
    char *sym = pi ? TessResultIteratorGetUTF8Text(ri, RIL_SYMBOL) : NULL;
    if (!sym) continue;
    if (text->len && TessPageIteratorIsAtBeginningOf(pi, RIL_WORD)) g_string_append_c(text, ' ');
    Span sp = {0, 0};
    int st, sb;
    TessPageIteratorBoundingBox(pi, RIL_SYMBOL, &sp.x1, &st, &sp.x2, &sb);
    for (const char *p = sym; *p; p = g_utf8_next_char(p))
      if (!g_unichar_isspace(g_utf8_get_char(p))) g_array_append_val(*spans, sp);
    g_string_append(text, sym);
    TessDeleteText(sym);
  } while (pi && TessResultIteratorNext(ri, RIL_SYMBOL));
  TessResultIteratorDelete(ri);
  clip_wide_spans(*spans);
  *conf = rc == 0 ? TessBaseAPIMeanTextConf(e->digits) : -1;
  return g_strstrip(g_string_free(g_steal_pointer(&text), FALSE));
}

/* The digit the classifier named (@named, with @score) if it is sure
 * enough: GLYPH_SURE, or GLYPH_SCRIPT_SURE when the digit model read a
 * digit of the other kind (@read: Thai or ASCII); else 0. */
static gunichar sure_digit(gunichar named, float score, gunichar read) {
  /* the digit model tells Thai from ASCII digits by their context too:
   * the classifier overrules it there only when it is sure (its script
   * errors are pieces of a broken glyph: ๓ as 1) */
  gboolean same = sb_is_thai_digit(named) == sb_is_thai_digit(read);
  return ocr_any_digit(named) && score >= (same ? GLYPH_SURE : GLYPH_SCRIPT_SURE) ? named : 0;
}

/* The same for a glyph (NULL: none), named here. */
static gunichar glyph_digit(Engine *e, PIX *glyph, gunichar read) {
  float score = 0;
  gunichar named = glyph ? sb_glyphs_identify_whole(e->glyphs, glyph, &score) : 0;
  return sure_digit(named, score, read);
}

/* Note 3c: the digit model reads a run's structure well (how many
 * characters, where its dots, slashes and spaces are) but confuses the
 * digit shapes of fonts it was not trained on (๔/๕, ๑/๐, ๒/๓, 9/0).  A
 * digit is one blob of ink, which the glyph classifier (glyphs.h) names
 * far better.  The line is cut into @glyphs around the run (a line height
 * either side, so that no glyph of the run is cut in two); each digit of
 * the reading takes the glyph whose middle lies in the span the digit
 * model gives it (its pieces joined, when a scan broke it), and the
 * classifier's digit for it when the classifier is sure enough.  No
 * glyph there, or one as wide as two digits: the digit stays as read
 * (a ๐ but for touching_half()).  Nor is a glyph named that holds ink
 * of no digit (foreign_ink()): one as wide as two digits that
 * sb_glyphs_at() let through (its limit is the line height, which two
 * narrow digits and a stroke across them stay under), or one reaching out
 * of the digits' band (a letter written over a digit).  On the 24 digit
 * benchmark pages: digit errors 84 -> 82 of 11,556 (Laksaman 3 fewer,
 * Sawasdee's "29" read "20" once).
 * (Tried and not kept: the run's end widened over the ink glued to its
 * last digit, for the seed bundle's ๐๖-๕๖๒๑-๘๘๒๒, whose last ๒ a routing
 * note's ก covers: the digit model read ๘๘๒๒ with the crop's edge at
 * 1266 or 1270 and ๘๘๒, ๘๘๔๑ or ๘๘๕๕ at 1258, 1275 or 1285; no rule
 * found that edge other than by trying, and the run is left as read, one
 * digit short, which the parser reports.)
 * The classifier names a whole glyph (sb_glyphs_identify_whole()): one
 * it names ๐ must be a ring, else it is named among the other digits; on
 * the 16 held-out benchmark pages that took digit errors from 168 to 152
 * (Norasi's 200 dpi scanned pages 10 -> 3 and 12 -> 5: its ๓), the
 * Laksaman pages staying at 32.
 * (Tried and not kept: a glyph as wide as two digits that
 * split_touching() could not cut, cut as a digit and a slash or bracket
 * by split_bracket(): held-out digit errors 152 -> 150 but Laksaman's
 * lost slashes, 32 -> 32, its character errors 147 -> 151; and the
 * script rule of note 3d applied per word of the run instead of per
 * run: Sawasdee's 8 pages 122 -> 124 with it.)
 * (Tried and not kept: the digit model's digit kept where the nearest
 * template of that digit scored within 0.05 of the classifier's choice,
 * here and in read_glyphs(); on the 16 held-out benchmark pages digit
 * errors rose, Norasi's 200 dpi scanned circular 10 -> 12, Sawasdee's
 * 200 dpi numbers pages 28 -> 38 and 34 -> 64.) */
static void split_touching(Engine *e, PIX *glyph, gunichar whole, gunichar *c1, gunichar *c2,
                           float *score);

/* Is a glyph @w wide and @h high as wide as two digits touching (wider
 * than 1.6 times its height)? */
static gboolean two_wide(int w, int h) { return w * 5 > h * 8; }

/* Is glyph @k of @glyphs as wide as two digits touching? */
static gboolean touching_pair(PIXA *glyphs, int k) {
  l_int32 w = 0, h = 0;
  pixaGetBoxGeometry(glyphs, k, NULL, NULL, &w, &h);
  return two_wide(w, h);
}

/* Note 3c, for a ๐ of the reading (@read) with no glyph of its own: the
 * glyph of @glyphs under its middle column @x may be two digits touching
 * (wider than 1.6 times its height, the middles of two spans of @spans
 * in it), which split_touching() names; the half @x lies in is the
 * digit's name, 0 if there is none.  Sawasdee's ๑๖ touch at the top and
 * the digit model reads them ๐๖; other digits it reads in such a pair it
 * reads right more often than the halves are named right (Laksaman's ๕๓
 * named ๕๒), so only its ๐ is asked.  On the Sawasdee pages of the digit
 * benchmark, with clip_wide_spans(): digit errors 88 -> 78 of 3,852
 * (82 without clip_wide_spans()); the other faces unchanged. */
static gunichar touching_half(Engine *e, PIXA *glyphs, const GArray *spans, int x,
                              gunichar read) {
  if (read != 0x0E50) return 0;
  for (int k = 0; k < pixaGetCount(glyphs); k++) {
    l_int32 gx, gw;
    pixaGetBoxGeometry(glyphs, k, &gx, NULL, &gw, NULL);
    if (x < gx || x >= gx + gw) continue;
    if (!touching_pair(glyphs, k)) return 0;
    int inside = 0;
    for (guint i = 0; i < spans->len; i++) {
      const Span *sp = &g_array_index(spans, Span, i);
      int mid = (sp->x1 + sp->x2) / 2;
      inside += mid >= gx && mid < gx + gw;
    }
    if (inside != 2) return 0;
    PIX *pair = pixaGetPix(glyphs, k, L_CLONE);
    gunichar c1 = 0, c2 = 0;
    split_touching(e, pair, read, &c1, &c2, NULL);
    pixDestroy(&pair);
    return x < gx + gw / 2 ? c1 : c2;
  }
  return 0;
}

/* Does the middle of @sp lie in glyph @k of @glyphs? */
static gboolean within_glyph(PIXA *glyphs, int k, const Span *sp) {
  l_int32 x = 0, w = 0;
  pixaGetBoxGeometry(glyphs, k, &x, NULL, &w, NULL);
  int mid = (sp->x1 + sp->x2) / 2;
  return mid >= x && mid < x + w;
}

/* The rows of the glyph of @glyphs at @x1-@x2, as sb_glyphs_at() joins
 * it (the glyphs whose middle lies there: sb_glyphs_within()), from the
 * top of the highest to the foot of the lowest, in *@t and *@b (G_MAXINT
 * and 0 if there are none); how many glyphs it joins returned. */
static int rows_at(PIXA *glyphs, int x1, int x2, int *t, int *b) {
  int first = -1, last = -1, n = sb_glyphs_within(glyphs, x1, x2, &first, &last);
  *t = G_MAXINT, *b = 0;
  for (int k = first; n && k <= last; k++) {
    l_int32 gy, gh;
    pixaGetBoxGeometry(glyphs, k, NULL, &gy, NULL, &gh);
    *t = MIN(*t, gy), *b = MAX(*b, gy + gh);
  }
  return n;
}

/* The band the digits of the reading @text stand in (Thai and ASCII
 * digits are all as tall as each other, with no ascenders or descenders):
 * the median top and foot of the glyphs of the digits that have one glyph
 * of their own, in *@t and *@b; both 0 if fewer than three have. */
static void digit_band(const char *text, const GArray *spans, PIXA *glyphs, int *t, int *b) {
  g_autoptr(GArray) tops = g_array_new(FALSE, FALSE, sizeof(int));
  g_autoptr(GArray) feet = g_array_new(FALSE, FALSE, sizeof(int));
  guint i = 0;
  for (const char *p = text; *p && i < spans->len; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c == ' ') continue;
    const Span *sp = &g_array_index(spans, Span, i++);
    int gt, gb;
    if (!ocr_any_digit(c) || rows_at(glyphs, sp->x1, sp->x2, &gt, &gb) != 1) continue;
    g_array_append_val(tops, gt);
    g_array_append_val(feet, gb);
  }
  *t = *b = 0;
  if (tops->len >= 3) *t = ocr_median(tops), *b = ocr_median(feet);
}

/* Does ink from row @t to row @b reach out of the digits' band
 * @band_t-@band_b (none: FALSE) by more than a sixth of the band's
 * height? */
static gboolean out_of_band(int t, int b, int band_t, int band_b) {
  int slack = (band_b - band_t) / 6;
  return band_b > band_t && (t < band_t - slack || b > band_b + slack);
}

/* Does the glyph @glyph of the digit at @sp hold ink that is no digit's:
 * is it as wide as two digits touching, or does it reach out of the
 * digits' band @band_t-@band_b by more than a sixth of its height (a
 * letter written over the digit)? */
static gboolean foreign_ink(PIXA *glyphs, PIX *glyph, const Span *sp, int band_t, int band_b) {
  if (two_wide(pixGetWidth(glyph), pixGetHeight(glyph))) return TRUE;
  int gt, gb;
  rows_at(glyphs, sp->x1, sp->x2, &gt, &gb);
  return out_of_band(gt, gb, band_t, band_b);
}

/* Note 3c: each digit of the digit model's reading *@text (its characters
 * at @spans) named again by the glyph classifier from @glyphs, where its
 * glyph holds no foreign ink (the digits' band @band_t-@band_b:
 * digit_band()). */
static void name_digits(Engine *e, char **text, const GArray *spans, PIXA *glyphs, int lh,
                        int band_t, int band_b) {
  GString *out = g_string_new(NULL);
  guint i = 0;
  int last_glyph = -1; /* the one glyph of the digit before, if any */
  for (const char *p = *text; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c != ' ' && ocr_any_digit(c) && i < spans->len) {
      const Span *sp = &g_array_index(spans, Span, i);
      int first = -1, last = -1;
      int n = sb_glyphs_within(glyphs, sp->x1, sp->x2, &first, &last);
      /* a Thai digit whose span holds the middle of the Thai digit's
       * glyph before it and no other, or no glyph's middle but lies in
       * that glyph (one glyph read twice, "๒๓๘๔" for ๒๓๔), is dropped
       * (not ASCII digits: two of them touching are one glyph no wider
       * than a Thai digit).  Sawasdee's digit errors 57 -> 56 of 3,852,
       * the other faces unchanged. */
      if (last_glyph >= 0 && sb_is_thai_digit(c) && !touching_pair(glyphs, last_glyph) &&
          ((n == 1 && first == last_glyph) || (!n && within_glyph(glyphs, last_glyph, sp)))) {
        if (e->debug_dir) g_printerr("ocr: glyph %d read twice, [%s] dropped\n", last_glyph, p);
        i++;
        continue;
      }
      last_glyph = n == 1 && sb_is_thai_digit(c) ? first : -1;
      PIX *glyph = sb_glyphs_at(glyphs, sp->x1, sp->x2, lh);
      if (glyph && foreign_ink(glyphs, glyph, sp, band_t, band_b)) {
        if (e->debug_dir) g_printerr("ocr: glyph of [%s] holds ink of no digit\n", p);
        pixDestroy(&glyph);
      }
      gunichar d = glyph ? glyph_digit(e, glyph, c)
                         : touching_half(e, glyphs, spans, (sp->x1 + sp->x2) / 2, c);
      pixDestroy(&glyph);
      if (d) c = d;
    }
    else if (c != ' ')
      last_glyph = -1;
    if (c != ' ') i++;
    g_string_append_unichar(out, c);
  }
  if (e->debug_dir && strcmp(out->str, *text))
    g_printerr("ocr: glyphs [%s] -> [%s]\n", *text, out->str);
  g_free(*text);
  *text = g_string_free(out, FALSE);
}

/* A mark under half a digit's height (@dt-@db, its top and bottom
 * lines, pixels) at @x,@y,@w,@h: a dash (wide, above the digits' foot),
 * a dot (at their foot) or a comma (at their foot, reaching below it,
 * taller than wide); 0 if none of these.  The classifier cannot tell
 * them: scaled to a digit's height, they are blobs (and recog drops
 * them as noise). */
static gunichar small_mark(int y, int w, int h, int dt, int db) {
  int dh = db - dt, mid = y + h / 2;
  if (w * 2 >= h * 3 && mid < db - dh / 5 && mid > dt + dh / 5) return '-';
  if (mid < db - dh / 3) return 0;
  return y + h > db + dh / 8 && h > w ? ',' : '.';
}

/* The one character of the digit model's reading @text whose span
 * (@spans) has its middle in @x1-@x2, if a digit or a mark; else 0. */
static gunichar read_at(const char *text, const GArray *spans, int x1, int x2) {
  gunichar found = 0;
  guint i = 0, hits = 0;
  for (const char *p = text; *p && i < spans->len; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c == ' ') continue;
    const Span *sp = &g_array_index(spans, Span, i++);
    int mid = (sp->x1 + sp->x2) / 2;
    if (mid >= x1 && mid <= x2) found = c, hits++;
  }
  return hits == 1 && ocr_is_numberish(found) ? found : 0;
}

/* The marks taller than a digit. */
static gboolean tall_mark(gunichar c) { return c == '(' || c == ')' || c == '/'; }

/* Columns @x..@x+@w-1 of @glyph, clipped to their ink, as the classifier
 * names them: the character (0 if none), its score in *@score and the
 * ink's height in *@height (either may be NULL). */
static gunichar name_part(Engine *e, PIX *glyph, int x, int w, float *score, int *height) {
  float s = 0;
  gunichar c = 0;
  BOX *box = boxCreate(x, 0, w, pixGetHeight(glyph));
  PIX *part = box ? pixClipRectangle(glyph, box, NULL) : NULL;
  PIX *fg = NULL;
  if (part) pixClipToForeground(part, &fg, NULL);
  if (fg) c = sb_glyphs_identify(e->glyphs, fg, &s);
  if (height) *height = fg ? pixGetHeight(fg) : 0;
  if (score) *score = s;
  pixDestroy(&fg);
  pixDestroy(&part);
  boxDestroy(&box);
  return c;
}

/* The column of least ink of @glyph in @from..@to-1, or -1. */
static int least_ink(PIX *glyph, int from, int to) {
  int w = pixGetWidth(glyph), at = -1;
  NUMA *cols = pixCountByColumn(glyph, NULL);
  l_int32 least = G_MAXINT32, v = 0;
  for (int x = MAX(1, from); cols && x < MIN(w - 1, to); x++)
    if (!numaGetIValue(cols, x, &v) && v < least) least = v, at = x;
  numaDestroy(&cols);
  return at;
}

/* @glyph cut in two at the column of least ink in @from..@to: the
 * classifier's name for each part in @c[0] and @c[1] (0 when it names
 * one less surely than GLYPH_RUN_SURE), their heights in @ph. */
static void cut_named(Engine *e, PIX *glyph, int from, int to, gunichar c[2], int ph[2]) {
  c[0] = c[1] = 0;
  ph[0] = ph[1] = 0;
  int w = pixGetWidth(glyph), cut = least_ink(glyph, from, to);
  if (cut < 0) return;
  for (int half = 0; half < 2; half++) {
    float score = 0;
    c[half] = name_part(e, glyph, half ? cut : 0, half ? w - cut : cut, &score, &ph[half]);
    if (score < GLYPH_RUN_SURE) c[half] = 0;
  }
}

/* @glyph cut at column @cut: both parts named digits of the script
 * @thai asks, the less sure of them more surely than *@best?  Then they
 * are *@c1 and *@c2, and that score the new *@best. */
static void surer_cut(Engine *e, PIX *glyph, int cut, gboolean thai, float *best, gunichar *c1,
                      gunichar *c2) {
  float s0 = 0, s1 = 0;
  gunichar a = name_part(e, glyph, 0, cut, &s0, NULL);
  gunichar b = name_part(e, glyph, cut, pixGetWidth(glyph) - cut, &s1, NULL);
  if (ocr_any_digit(a) && ocr_any_digit(b) && sb_is_thai_digit(a) == thai &&
      sb_is_thai_digit(b) == thai && MIN(s0, s1) > *best) {
    *best = MIN(s0, s1);
    *c1 = a, *c2 = b;
  }
}

/* Two digits a scan made touch (one glyph as wide as two, named @whole
 * as it is), cut apart at the column of least ink in the glyph's middle
 * third: both named in @c1 and @c2 if the classifier is sure of both
 * (GLYPH_RUN_SURE) and both are digits of @whole's script (Thai or not:
 * one wide Thai digit is no two narrow ASCII ones); where they are not,
 * at the column of the middle third where the less sure of the two is
 * named most surely (Sawasdee's ๙๖ touching, cut at its least ink, were
 * named ๐๐ and not kept; looking at every column only where the column
 * of least ink named none keeps the ๕๖ of its years, whose ๖ some cuts
 * make a surer ๐).  Else both 0.  On the held-out digit pages: digit
 * errors 190 -> 180 of 7,704, Sawasdee numbers 200 dpi scan 36 -> 28.
 * A ๐ named at the column of least ink is asked of every column too, and
 * the surest pair is kept: the ring of Sawasdee's ๙, its tail cut off
 * with the ๖ it touches, is a ๐ to the classifier (๙๖ at least ink:
 * ๐ 0.52, ๐ 0.51; four columns on: ๙ 0.57, ๖ 0.62).  On the Sawasdee
 * pages of the digit benchmark: digit errors 78 -> 65 of 3,852, the
 * other faces unchanged.  (Tried and not kept: every column asked for
 * every pair, 78 -> 67; only a ๐๐ asked again, 78 -> 69; the halves
 * named by sb_glyphs_identify_whole() as well, 65 -> 65.)
 * @score (may be NULL) gets the less sure of the two names, or 0. */
static void split_touching(Engine *e, PIX *glyph, gunichar whole, gunichar *c1, gunichar *c2,
                           float *score) {
  int w = pixGetWidth(glyph), at = least_ink(glyph, w / 3, w - w / 3);
  gboolean thai = sb_is_thai(whole);
  float best = GLYPH_RUN_SURE;
  *c1 = *c2 = 0;
  if (at >= 1) surer_cut(e, glyph, at, thai, &best, c1, c2);
  /* no pair there, or a ๐: every other column of the middle third */
  if (!*c1 || *c1 == 0x0E50 || *c2 == 0x0E50)
    for (int cut = MAX(1, w / 3); cut < w - w / 3; cut++)
      if (cut != at) surer_cut(e, glyph, cut, thai, &best, c1, c2);
  if (score) *score = *c1 ? best : 0;
}

/* A digit and the bracket it touches ("๔)" of (พ.ศ. ๒๕๖๔): a glyph
 * wider than a digit (@dw) by a quarter and taller than one by a sixth),
 * glyph @k of @glyphs, cut apart where a digit's width from the
 * bracket's side leaves least ink: named in @c1 and @c2 when one part is
 * a digit and the other the bracket on its side (TRUE); else FALSE. */
static gboolean split_bracket(Engine *e, PIXA *glyphs, int k, int dw, gunichar *c1,
                              gunichar *c2) {
  PIX *glyph = pixaGetPix(glyphs, k, L_CLONE);
  int w = pixGetWidth(glyph), h = pixGetHeight(glyph), ph[2];
  gunichar c[2];
  /* (the bracket is the glyph's whole height, the digit is not) */
  cut_named(e, glyph, dw * 2 / 3, w - 2, c, ph); /* ๔) */
  gboolean ok = ocr_any_digit(c[0]) && c[1] == ')' && ph[1] * 10 >= h * 9 && ph[0] * 10 < h * 9;
  if (!ok) {
    cut_named(e, glyph, 2, w - dw * 2 / 3, c, ph); /* (๔ */
    ok = c[0] == '(' && ocr_any_digit(c[1]) && ph[0] * 10 >= h * 9 && ph[1] * 10 < h * 9;
  }
  pixDestroy(&glyph);
  if (ok) *c1 = c[0], *c2 = c[1];
  return ok;
}

/* Two narrow glyphs side by side (@k and the next of @glyphs, named
 * @named[0..1] with @scores) that are the pieces of one digit a scan
 * broke (the hairline of Norasi's ๒ or ๓ at 200 dpi): together no wider
 * than a digit and a quarter (@dw, the run's median digit width), the
 * gap between them under a quarter of a digit, not both named digits
 * surely on their own, and joined named a digit with GLYPH_RUN_SURE and
 * more surely than either piece: that digit; else 0. */
static gunichar join_pieces(Engine *e, PIXA *glyphs, int k, const gunichar *named,
                            const float *scores, int dt, int db, int dw) {
  l_int32 x1, w1, h1, x2, w2, h2;
  pixaGetBoxGeometry(glyphs, k, &x1, NULL, &w1, &h1);
  pixaGetBoxGeometry(glyphs, k + 1, &x2, NULL, &w2, &h2);
  if (x2 + w2 - x1 > dw * 5 / 4 || x2 - (x1 + w1) > dw / 4 || h1 * 2 < db - dt || h2 * 2 < db - dt)
    return 0;
  gboolean sure1 = ocr_any_digit(named[0]) && scores[0] >= GLYPH_SURE_PIECE;
  gboolean sure2 = ocr_any_digit(named[1]) && scores[1] >= GLYPH_SURE_PIECE;
  if (sure1 && sure2) return 0;
  PIX *glyph = sb_glyphs_at(glyphs, x1 + w1 / 2, x2 + w2 / 2, dw * 2);
  float score = 0;
  gunichar c = glyph ? sb_glyphs_identify(e->glyphs, glyph, &score) : 0;
  pixDestroy(&glyph);
  if (!ocr_any_digit(c) || score < GLYPH_RUN_SURE || score <= scores[0] || score <= scores[1])
    return 0;
  if (e->debug_dir)
    g_printerr("ocr: glyph pieces %04x %04x joined: %04x %.2f\n", named[0], named[1], c, score);
  return c;
}

/* The height of the tallest of @glyphs' glyphs @first..@last. */
static int tallest(PIXA *glyphs, int first, int last) {
  int max_h = 0;
  for (int k = first; k <= last; k++) {
    l_int32 gh;
    pixaGetBoxGeometry(glyphs, k, NULL, NULL, NULL, &gh);
    max_h = MAX(max_h, gh);
  }
  return max_h;
}

/* The median width and height of @glyphs' glyphs @first..@last that are
 * as tall as a digit (at least half of the tallest, @max_h, and shorter
 * than nine tenths of it: not dots, not brackets) in *@dw and *@dh; 0 if
 * there are none. */
static void digit_size(PIXA *glyphs, int first, int last, int max_h, int *dw, int *dh) {
  g_autoptr(GArray) ws = g_array_new(FALSE, FALSE, sizeof(int));
  g_autoptr(GArray) hs = g_array_new(FALSE, FALSE, sizeof(int));
  for (int k = first; k <= last; k++) {
    l_int32 gw, gh;
    pixaGetBoxGeometry(glyphs, k, NULL, NULL, &gw, &gh);
    if (gh * 2 < max_h || gh * 10 >= max_h * 9) continue;
    g_array_append_val(ws, gw);
    g_array_append_val(hs, gh);
  }
  *dw = ws->len ? ocr_median(ws) : 0;
  *dh = hs->len ? ocr_median(hs) : 0;
}

/* A glyph at a run's end named a Thai letter so surely that it is one
 * (Sawasdee's digits named letters score under 0.5): a letter of the
 * word beside the run (note 3d). */
static gboolean end_letter(gunichar c, float score) {
  return score >= GLYPH_LETTER_SURE && sb_is_thai_letter(c) && !ocr_is_numberish(c);
}

/* Note 3d: where the digit model loses a digit (Sawasdee's ๗ read as
 * nothing) or makes two of one (its ๑ read ๐๑), naming digits (note 3c)
 * cannot mend the run: the count is wrong.  The glyphs know the count: a
 * run is read from its glyphs (middle in @l-@r), one character each,
 * and that reading replaces the digit model's.  Two narrow glyphs side
 * by side that are named a digit together are one (join_pieces()).
 * Glyphs under half a digit's height are dots, commas or dashes by where
 * they sit (small_mark()); a glyph as wide as two digits is two touching
 * digits (split_touching()), one a quarter wider than a digit and taller
 * may be a digit and the bracket it touches (split_bracket()); the others
 * take the classifier's name when its score is GLYPH_RUN_SURE or more
 * (GLYPH_SCRIPT_SURE for a digit of the run's lesser script: note 3c)
 * and the shape fits ( ( ) / are taller than a digit, a colon narrow),
 * else the digit model's character whose span has its middle in the
 * glyph (@text, @spans), a digit named again as note 3c would
 * (sure_digit(), from the naming already made).  The first and last
 * glyphs must be named, GLYPH_END_SURE or more: the digit model's crop
 * can take in a letter of the words beside the run; an end glyph named
 * a Thai letter GLYPH_LETTER_SURE or more is such a letter, and the run
 * ends before it (end_letter(): the ไ of ๒๕๖๔ ได้, read "1").  A space
 * goes where the gap between two glyphs is wider than half a digit.
 * Returns NULL when a glyph has no character either way (a letter in the
 * run, a broken glyph, a mark the digit model did not read): the digit
 * model's reading stands, its digits named by note 3c.  *@digits: how
 * many glyphs the classifier named digits (GLYPH_RUN_SURE or more): a
 * run the page pass read without a digit where it names none is no
 * number (ocr_reread_digits()).  On the digit benchmark's pages in the two
 * fonts never trained on (scanned, 300 and 200 dpi), this (with
 * ocr_thai_line() taking Thai digits for Thai text) took digit errors from
 * 346 to 243 of 3,852; join_pieces(), 171 to 160 (after note 3e). */
static char *read_glyphs(Engine *e, PIXA *glyphs, int l, int r, const char *text,
                         const GArray *spans, guint *digits) {
  int first = -1, last = -1;
  *digits = 0;
  if (!sb_glyphs_within(glyphs, l, r, &first, &last)) return NULL;
  int n = last - first + 1, max_h = tallest(glyphs, first, last);
  gunichar *named = g_newa(gunichar, n);
  float *scores = g_newa(float, n);
  g_autoptr(GArray) tops = g_array_new(FALSE, FALSE, sizeof(int));
  g_autoptr(GArray) bottoms = g_array_new(FALSE, FALSE, sizeof(int));
  g_autoptr(GArray) widths = g_array_new(FALSE, FALSE, sizeof(int));
  g_autoptr(GArray) sure_widths = g_array_new(FALSE, FALSE, sizeof(int));
  int thai = 0, ascii_digits = 0;
  for (int i = 0; i < n; i++) {
    l_int32 y, gw, gh;
    pixaGetBoxGeometry(glyphs, first + i, NULL, &y, &gw, &gh);
    named[i] = 0;
    scores[i] = 0;
    if (gh * 2 < max_h) continue; /* small: not named (below) */
    PIX *glyph = pixaGetPix(glyphs, first + i, L_CLONE);
    named[i] = sb_glyphs_identify_whole(e->glyphs, glyph, &scores[i]);
    pixDestroy(&glyph);
    if (!ocr_any_digit(named[i]) || scores[i] < GLYPH_RUN_SURE) continue;
    int bottom = y + gh;
    g_array_append_val(tops, y);
    g_array_append_val(bottoms, bottom);
    g_array_append_val(widths, gw);
    if (scores[i] >= GLYPH_SURE_PIECE) g_array_append_val(sure_widths, gw);
    thai += sb_is_thai_digit(named[i]);
    ascii_digits += !sb_is_thai_digit(named[i]);
  }
  *digits = tops->len;
  if (!tops->len) return NULL;
  /* a letter of the words beside the run that the crop took in, named
   * surely (the ไ of ได้ after ๒๕๖๔, read "1" by the digit model), ends
   * the run there */
  while (n > 1 && end_letter(named[0], scores[0])) first++, n--, named++, scores++;
  while (n > 1 && end_letter(named[n - 1], scores[n - 1])) n--;
  /* (the width of the digits named surely: two touching digits named one,
   * unsurely, can make the median width a pair's) */
  int dt = ocr_median(tops), db = ocr_median(bottoms);
  int dw = ocr_median(sure_widths->len ? sure_widths : widths);
  g_autoptr(GString) out = g_string_new(NULL);
  int prev_r = -1;
  for (int i = 0; i < n; i++) {
    l_int32 x, y, gw, gh;
    pixaGetBoxGeometry(glyphs, first + i, &x, &y, &gw, &gh);
    gunichar c = named[i], c2 = 0;
    gboolean small = gh * 2 < db - dt, end = i == 0 || i == n - 1;
    gunichar joined =
        !small && i + 1 < n ? join_pieces(e, glyphs, first + i, named + i, scores + i, dt, db, dw)
                            : 0;
    if (joined) {
      /* a digit a scan broke in two, side by side: one character */
      l_int32 x2, w2;
      pixaGetBoxGeometry(glyphs, first + i + 1, &x2, NULL, &w2, NULL);
      gw = x2 + w2 - x;
      c = joined;
      end = i == 0 || i + 1 == n - 1;
      i++;
    } else if (gw * 2 > dw * 3) {
      /* never one character: two touching digits, or none */
      PIX *glyph = pixaGetPix(glyphs, first + i, L_CLONE);
      split_touching(e, glyph, named[i], &c, &c2, NULL);
      pixDestroy(&glyph);
    } else if (gw * 4 > dw * 5 && gh * 6 > (db - dt) * 7 &&
               split_bracket(e, glyphs, first + i, dw, &c, &c2)) {
      /* a digit and a bracket */
    } else if (small) {
      c = small_mark(y, gw, gh, dt, db);
    } else if (gh * 2 < max_h || scores[i] < GLYPH_RUN_SURE || !ocr_is_numberish(c)) {
      c = 0; /* unsure, or a letter to the classifier */
    } else if ((tall_mark(c) && gh * 20 <= (db - dt) * 21) || (c == ':' && gw * 2 >= gh)) {
      c = 0; /* ( ) / are taller than a digit, a digit is not: a shape
                 scaled to the templates' height can hide that */
    } else if (ocr_any_digit(c) && scores[i] < GLYPH_SCRIPT_SURE &&
               (sb_is_thai_digit(c) ? thai < ascii_digits : ascii_digits < thai)) {
      c = 0;
    }
    if (end && !small && !c2 && !joined && scores[i] < GLYPH_END_SURE) {
      /* the glyphs at the run's ends may be letters of the words beside
       * it: they must be named surely */
      c = 0;
    } else if (!c && !small && !end) {
      /* not sure: the digit model's character there, if it read one,
       * named again as note 3c does */
      c = read_at(text, spans, x, x + gw);
      gunichar d = ocr_any_digit(c) ? sure_digit(named[i], scores[i], c) : 0;
      if (d) c = d;
    }
    if (!c) {
      if (e->debug_dir)
        g_printerr("ocr: glyph run [%s] stops: glyph %d of %d, %ux%u, named %04x %.2f\n",
                   out->str, i, n, gw, gh, named[i], scores[i]);
      return NULL;
    }
    if (prev_r >= 0 && x - prev_r > dw / 2) g_string_append_c(out, ' ');
    g_string_append_unichar(out, c);
    if (c2) g_string_append_unichar(out, c2);
    prev_r = x + gw;
  }
  if (e->debug_dir) g_printerr("ocr: glyph run [%s]\n", out->str);
  return g_string_free(g_steal_pointer(&out), FALSE);
}

/* @s without its spaces (newly allocated). */
static char *unspaced(const char *s) {
  GString *out = g_string_new(NULL);
  for (; *s; s++)
    if (*s != ' ') g_string_append_c(out, *s);
  return g_string_free(out, FALSE);
}

/* Does glyph @k of @glyphs stand across the digits' band @band_t-@band_b
 * (from within a sixth of its height of the band's top to as near its
 * foot), reach out of it by more than that, and is it two thirds of the
 * band's height wide or more: a digit with a letter written across it
 * (note 3k)? */
static gboolean covering(PIXA *glyphs, int k, int band_t, int band_b) {
  int bh = band_b - band_t, slack = bh / 6;
  l_int32 y, w, h;
  pixaGetBoxGeometry(glyphs, k, NULL, &y, &w, &h);
  if (bh <= 0 || w * 3 < bh * 2) return FALSE;
  if (y > band_t + slack || y + h < band_b - slack) return FALSE; /* not across the band */
  return out_of_band(y, y + h, band_t, band_b);
}

/* Note 3k: a digit with a letter written over it.  A routing note
 * scribbled across the end of a number (the ก of "- กลุ่มงานกฎหมาย" over
 * the last ๒ of ๐๖-๕๖๒๑-๘๘๒๒) joins the digit's ink to the letter's: the
 * glyph reaches below the digits' band (and the page pass reads it, and
 * the letters after it, as words of their own), the classifier cannot
 * name it (foreign_ink()) and the run read from its glyphs (@run, whose
 * last glyph is glyph @last of @glyphs) ends before it.  Where the glyph
 * after the run stands where its next digit would (less than half a
 * digit's height after it: no space) and covers the digits' band
 * @band_t-@band_b (covering()), the digit model reads the run again in
 * the band's own rows, from @left to the glyph's right side (not beyond
 * @limit): cut to those rows, the letter is a few strokes around the
 * digit.  If that reading ends in the run's last characters and one Thai
 * digit more (marks after it, the rest of the letter's strokes, dropped),
 * the digit is the run's last: appended to *@run, and the glyph's right
 * side put in *@end (left as it is otherwise).  The seed bundle scanned
 * with scansim seeds 1-12: the mobile number read in full on all 12 (4
 * before; seeds 8-12 held out while this was written: 5 of 5, 3 before);
 * the digit model reads ๘๘๒๒ in the band with the crop's right side
 * anywhere in 1260-1300 on seed 1, in the line's rows ๘๘๒ or ๘๘๔๑.
 * Nothing changes on the own letters or the 24 digit benchmark pages,
 * where no letter crosses a number.  FALSE and @error on a recognition
 * error. */
static gboolean covered_digit(Engine *e, PIXA *glyphs, int last, int band_t, int band_b, int left,
                              int limit, char **run, int *end, GError **error) {
  int bh = band_b - band_t;
  if (bh <= 0 || last < 0 || last + 1 >= pixaGetCount(glyphs)) return TRUE;
  glong n = g_utf8_strlen(*run, -1);
  if (!n || !sb_is_thai_digit(g_utf8_get_char(g_utf8_offset_to_pointer(*run, n - 1)))) return TRUE;
  l_int32 lx, lw, x, y, w, h;
  pixaGetBoxGeometry(glyphs, last, &lx, NULL, &lw, NULL);
  pixaGetBoxGeometry(glyphs, last + 1, &x, &y, &w, &h);
  if (x - (lx + lw) > bh / 2 || x + w > limit || !covering(glyphs, last + 1, band_t, band_b))
    return TRUE;
  int c = 0, m = bh / 8;
  g_autoptr(GArray) spans = NULL;
  g_autofree char *read = read_digits(e, left, band_t - m, x + w, band_b + m, &c, &spans, error);
  if (!read) return FALSE;
  g_autofree char *want = unspaced(*run), *got = unspaced(read);
  if (e->debug_dir)
    g_printerr("ocr: glyph %d,%d %dx%d over the run's end: [%s] in the band %d-%d\n", x, y, w, h,
               read, band_t - m, band_b + m);
  /* marks after the digit (the rest of the letter's strokes) go */
  glong have = g_utf8_strlen(want, -1), n_got = g_utf8_strlen(got, -1);
  while (n_got > 1 &&
         g_unichar_ispunct(g_utf8_get_char(g_utf8_offset_to_pointer(got, n_got - 1))))
    *g_utf8_offset_to_pointer(got, --n_got) = 0;
  /* the reading ends in the run's last characters (up to three) as
   * named from their glyphs, and a Thai digit: the rest of the run the
   * classifier named, and the digit model cut to the band may read it
   * otherwise (๕๖๒๑ as ๕๖๖๑, or ๕๖๖๒๑) */
  glong tail = MIN(3, have);
  const char *a = g_utf8_offset_to_pointer(want, have - tail);
  if (n_got < tail + 1) return TRUE;
  const char *b = g_utf8_offset_to_pointer(got, n_got - tail - 1);
  const char *rest = g_utf8_offset_to_pointer(got, n_got - 1);
  if (strlen(a) != (size_t)(rest - b) || strncmp(a, b, (size_t)(rest - b))) return TRUE;
  if (!sb_is_thai_digit(g_utf8_get_char(rest))) return TRUE;
  char *more = g_strdup_printf("%s%.*s", *run, (int)(g_utf8_next_char(rest) - rest), rest);
  g_free(*run);
  *run = more;
  *end = x + w;
  return TRUE;
}

/* Does a number cue (ocr_number_cue()) end right before word @j of line @ln?
 * Tesseract often gives a Thai word as one "word" a character (ร, ้, อ,
 * ย, ล, ะ for ร้อยละ, their boxes apart by as much as a space): the
 * words before @j, at most eight, are joined first, up to a gap wider
 * than the line height (another column). */
static gboolean cue_before(const RLine *ln, guint j) {
  GArray *w = ln->words;
  int lh = MAX(1, ln->b - ln->t);
  g_autoptr(GString) before = g_string_new(NULL);
  for (guint i = j; i > 0 && i + 8 > j; i--) {
    const Word *p = &g_array_index(w, Word, i - 1);
    if (i < j && g_array_index(w, Word, i).l - p->r > lh) break;
    g_string_prepend(before, p->text);
  }
  return before->len && ocr_number_cue(before->str);
}

/* Note 3e: a word the page pass read as letters ("ฒ" for ๗, "YON" for
 * ๗๑๓, "(ACE)" for (๗๘๔), "O€)" for ๖๔)) beside a number, or after a
 * word a number follows (ocr_number_cue()): are its glyphs all Thai digits
 * and number marks to the classifier (which knows the Thai letters too),
 * each named GLYPH_WORD_SURE or more, one of them a digit or a bracket
 * ("(ต" for the "(" of (๙๖๒): one glyph, two characters)?  Then it is a
 * number's and joins the run read again.  (A word with no glyph of its
 * own, "อ" beside ๑๖ for the ๐ of ๐๑๖, does not: taken into the run,
 * such words cost more letters than they gave digits.)  A glyph wider
 * than 1.6 times its height the classifier does not name a digit or a
 * number mark surely is asked as two touching digits (split_touching()):
 * Sawasdee's ๙๖ touch at the top and were read ต่อ, ต๐ or (ต, one glyph
 * named ต; its first half names the word.  On the Sawasdee pages of the
 * digit benchmark: digit errors 124 -> 111 of 3,852.  A word read ฒ or ญ
 * alone, the stock model's ๗ (it has no ๗), needs GLYPH_SEVEN_SURE only:
 * Sawasdee's ๗ is named 0.42 to 0.44 (Sawasdee 91 -> 88 digit errors,
 * the other faces unchanged).  Such a word boxed on its glyph's right part
 * only (Sawasdee's ๗ after ที่, the glyph's middle left of the box) takes
 * that glyph and its left edge (Sawasdee digit errors 59 -> 57).  A glyph
 * an eighth wider than the word's digits and taller than them by a sixth
 * that the classifier does not name a number's may be a digit and the
 * bracket it touches (Sawasdee's "(๖" of (๖๓๕), read "Pome)"): it is cut
 * as a glyph run cuts one (split_bracket()), and the digit names it
 * (Sawasdee's 300 dpi scanned numbers page: digit errors 8 -> 5 with
 * note 3g). */
gboolean ocr_glyph_word(Engine *e, const RLine *ln, Word *wd, float sure) {
  /* ฒ and ญ alone are how the stock model reads ๗ (it has no ๗) */
  gboolean seven = !strcmp(wd->text, "ฒ") || !strcmp(wd->text, "ญ");
  if (seven) sure = MIN(sure, GLYPH_SEVEN_SURE);
  if (wd->glyph_digits) /* asked before */
    return wd->glyph_digits == GLYPHS_DIGITS && wd->glyph_sure >= sure;
  int lh = MAX(1, ln->b - ln->t), pw = pixGetWidth(e->bin);
  PIXA *cut = sb_glyphs_cut(e->bin, e->faint, MAX(0, wd->l - lh), ln->t, MIN(pw, wd->r + lh),
                            ln->b, lh);
  int first = -1, last = -1;
  gboolean digit = FALSE, ok = cut && sb_glyphs_within(cut, wd->l, wd->r, &first, &last) > 0;
  int box_l = wd->l;
  gboolean widened = FALSE;
  if (cut && !ok && seven) {
    /* the stock ๗ boxed on the glyph's right part only (Sawasdee's ๗
     * after ที่): the glyph that reaches into the box, its middle between
     * the word before and the box's end, is the word's */
    guint at = (guint)(wd - &g_array_index(ln->words, Word, 0));
    int from = at ? MAX(wd->l - lh, g_array_index(ln->words, Word, at - 1).r) : wd->l - lh;
    if (sb_glyphs_within(cut, from, wd->r, &first, &last) == 1) {
      l_int32 gx, gw;
      pixaGetBoxGeometry(cut, last, &gx, NULL, &gw, NULL);
      if (gx + gw > wd->l + (wd->r - wd->l) / 2) {
        wd->l = gx; /* the glyph starts left of the box */
        ok = widened = TRUE;
      }
    }
  }
  float least = 1;
  /* no glyph of its own (phantom()); a widened word not named digits
   * stays so, as it was before it was widened */
  gboolean none = cut && (!ok || widened);
  int max_h = ok ? tallest(cut, first, last) : 0, dw = 0, dh = 0;
  if (ok) digit_size(cut, first, last, max_h, &dw, &dh);
  g_autoptr(GString) named = g_string_new(NULL); /* for the debug output */
  for (int k = first; ok && k <= last; k++) {
    l_int32 gh;
    pixaGetBoxGeometry(cut, k, NULL, NULL, NULL, &gh);
    if (gh * 2 < max_h) continue; /* a dot, a comma, a dash */
    if (gh * 3 < lh) {            /* a word of marks and specks */
      ok = FALSE;
      break;
    }
    PIX *glyph = pixaGetPix(cut, k, L_CLONE);
    float score = 0;
    gunichar c = sb_glyphs_identify(e->glyphs, glyph, &score);
    l_int32 gw = pixGetWidth(glyph);
    if (two_wide(gw, gh) && !(ocr_is_numberish(c) && score >= GLYPH_INSIDE_SURE)) {
      /* two Thai digits touching (Sawasdee's ๙๖, read ต่อ) */
      gunichar c1, c2;
      float s2 = 0;
      split_touching(e, glyph, c, &c1, &c2, &s2);
      if (c1 && sb_is_thai_digit(c1)) c = c1, score = s2;
    } else if (!(ocr_is_numberish(c) && score >= GLYPH_INSIDE_SURE) && dw && gw * 8 > dw * 9 &&
               gh * 6 > dh * 7) {
      /* a digit and the bracket it touches (Sawasdee's "(๖" of (๖๓๕),
       * read "Pome)"): named as a glyph run names them (split_bracket()) */
      gunichar c1, c2;
      if (split_bracket(e, cut, k, dw, &c1, &c2)) c = ocr_any_digit(c1) ? c1 : c2, score = sure;
    }
    pixDestroy(&glyph);
    /* Thai digits and marks: ASCII digits the page pass reads well (and
     * the pieces of a letter a scan broke are named 1) */
    ok = ocr_is_numberish(c) && !g_ascii_isdigit(ocr_ascii(c)) && score >= GLYPH_INSIDE_SURE;
    least = MIN(least, score);
    digit |= sb_is_thai_digit(c) || c == '(' || c == ')';
    if (c) g_string_append_unichar(named, c);
    g_string_append_printf(named, " %.2f ", score);
  }
  pixaDestroy(&cut);
  wd->glyph_digits = ok && digit ? GLYPHS_DIGITS : none ? GLYPHS_NONE : GLYPHS_NOT;
  wd->glyph_sure = least;
  gboolean yes = ok && digit && least >= sure;
  if (widened && !yes) wd->l = box_l; /* not the word's glyph after all */
  if (e->debug_dir)
    g_printerr("ocr: glyph word [%s]: %s-> %s\n", wd->text, named->str, yes ? "digits" : "no");
  return yes;
}

/* Is word @n of the words @w a number with a Thai digit? */
static gboolean thai_number_at(GArray *w, guint n) {
  return n < w->len && ocr_thai_number(g_array_index(w, Word, n).text);
}

/* Do words @j... of @w spell an abbreviation of two letters and their
 * dots (พ.ศ., ก.ย.), however Tesseract cut them into words?  Those are
 * the letters before a year or a date, not digits. */
static gboolean abbreviation_at(GArray *w, guint j) {
  g_autoptr(GString) t = g_string_new(NULL);
  for (guint n = j; n < w->len && n < j + 4 && t->len < 64; n++)
    g_string_append(t, g_array_index(w, Word, n).text);
  const char *p = t->str;
  for (int part = 0; part < 2; part++) {
    if (!sb_is_thai_letter(g_utf8_get_char(p))) return FALSE;
    p = g_utf8_next_char(p);
    while (sb_is_thai_mark(g_utf8_get_char(p))) p = g_utf8_next_char(p);
    if (*p++ != '.') return FALSE;
  }
  return TRUE;
}

/* Is word @j of @ln followed by a Thai number past one or two more short
 * words of letters (at most two characters each) and number marks?  A
 * number the page pass read as letters a glyph each ("ต อ" for ๙๖ of
 * ๙๖๓๖) is asked of from its first word. */
gboolean ocr_letters_before_number(const RLine *ln, guint j) {
  GArray *w = ln->words;
  guint n = j + 1, letters = 0;
  for (; n < w->len && n < j + 5; n++) {
    const char *t = g_array_index(w, Word, n).text;
    if (punctuation_only(t)) continue;
    if (!has_thai_letter(t) || g_utf8_strlen(t, -1) > 2 || ++letters > 2) break;
  }
  return letters && thai_number_at(w, n);
}

/* Note 3e's question is asked of word @j of the line (@w) at the run
 * @k..@j (@thai: the run has a Thai digit) only where a Thai number may
 * be: after a run with a Thai digit, before a word with one (or before
 * short words of letters before one: ocr_letters_before_number()), or after a
 * number cue when the word was read without Thai letters ("Mo" for ๗๐
 * after ร้อยละ: the Thai word after a cue, ร้อยละของ, is too often named
 * digits, ข ๙ and อ ๐).  (Not beside ASCII numbers: the amounts of a
 * plan's tables would have every word beside them named, for nothing.)
 * Never of the letters of an abbreviation (abbreviation_at()), of the
 * word that ends a number cue, or of a word after a closing bracket: on
 * the held-out digit pages, with the reading kept only where a glyph is
 * named a digit (ocr_reread_digits()), digit errors 214 -> 190 of 7,704. */
static gboolean number_word(Engine *e, const RLine *ln, guint k, guint j, gboolean thai) {
  GArray *w = ln->words;
  gboolean placed;
  /* the letters of an abbreviation (มิ.ย. after ๖๔ -, พ.ศ. before a
   * year) or the end of a number cue (the อ of ต่อ before an extension,
   * unless the cue's other letters were named digits: "๕ต่อ" for ๘๑ /)
   * are no digits */
  const char *t = g_array_index(w, Word, j).text;
  gboolean cue_end = !g_str_has_suffix(t, ".") && cue_before(ln, j + 1) &&
                     (j == 0 || g_array_index(w, Word, j - 1).glyph_digits != GLYPHS_DIGITS);
  if (abbreviation_at(w, j) || cue_end) return FALSE;
  /* the next word with a digit, past number marks (". ๐๓") */
  guint n = j + 1;
  while (n < w->len && n < j + 3 && punctuation_only(g_array_index(w, Word, n).text)) n++;
  gboolean before = thai_number_at(w, n);
  if (j > k)
    /* (not after a closing bracket: "(พ.ศ. ๒๕๖๔) ของ" has ข named ๘, อ ๐) */
    placed = thai && !g_str_has_suffix(g_array_index(w, Word, j - 1).text, ")");
  else
    placed = before || ocr_letters_before_number(ln, j) ||
             (!has_thai_letter(g_array_index(w, Word, j).text) && cue_before(ln, j));
  float sure = j > k && thai && before ? GLYPH_INSIDE_SURE : GLYPH_WORD_SURE;
  return placed && ocr_glyph_word(e, ln, &g_array_index(w, Word, j), sure);
}

/* The digit model's reading @text and its character @spans give way to
 * a surer one (@other, @other_spans: taken). */
static void take_reading(char **text, GArray **spans, char **other, GArray **other_spans) {
  g_free(*text);
  *text = g_steal_pointer(other);
  g_array_unref(*spans);
  *spans = g_steal_pointer(other_spans);
}

/* A one-letter word inside a Thai number (after a run with a Thai digit,
 * before a word with one) that has no glyph of its own (note 3e
 * found none in its span): the page pass read one glyph as two words
 * ("ส๓" for ๓).  It is dropped.  (Tried and not kept: the same for a word
 * opening a number, "๓่" for a speck before ๙๖๓๖: on the digit benchmark
 * it dropped the ท of มท before document numbers, boxed off its glyph,
 * character errors up by about 11 on each face and resolution.) */
static gboolean phantom(const RLine *ln, guint k, guint j, gboolean thai) {
  const Word *wd = &g_array_index(ln->words, Word, j);
  return j > k && thai && wd->glyph_digits == GLYPHS_NONE && g_utf8_strlen(wd->text, -1) == 1 &&
         3 * (wd->b - wd->t) >= ln->b - ln->t && /* not a mark or a speck */
         thai_number_at(ln->words, j + 1);
}

/* Note 3g: one or two short words of Thai letters glued between the
 * digits of a Thai run and a number going on after them ("อ ว" for the ๐๖
 * of Sawasdee's ๑๑๒๐๖๗, its glyphs named letters): Thai prose never
 * glues a word between the digits of one number, so they are the run's
 * and are read with it.  Words @j.. of @ln (the run @k..@j-1 has a Thai
 * digit): each at most two letters and their marks, no number cue
 * (ocr_number_cue(): ต่อ before an extension), no dot (abbreviation_at():
 * the ก.ย. of a date), no ink gap as wide as a quarter of the line
 * height from the run's last word to the word after them, and that word
 * a Thai number or a word note 3e takes for one; the run's last word
 * must end in a digit as the page pass read it (after "ต่" taken for the
 * first of Sawasdee's ๙๖ by note 3e, the letters that follow are more of
 * the same misreading, and taking them in made a run the digit model
 * read with three digits too many: not kept, and the digits after it
 * lost with it).  The index of the word after them; @j if there are none
 * such.  Held-out digit pages, with the two changes below (ocr_glyph_word()'s
 * bracket, script_slip()'s ASCII digits): 300 dpi digit errors 29 -> 24
 * of 3,852, 200 dpi 50 -> 44; character errors of the 24 pages
 * 519 -> 502. */
static guint glued_letters(Engine *e, const RLine *ln, guint k, guint j) {
  GArray *w = ln->words;
  int lh = MAX(1, ln->b - ln->t);
  guint m = j;
  for (; m < w->len && m < j + 2; m++) {
    const char *t = g_array_index(w, Word, m).text;
    guint letters = 0;
    gboolean other = FALSE; /* a digit, a dot, a Latin letter */
    for (const char *p = t; *p; p = g_utf8_next_char(p)) {
      gunichar c = g_utf8_get_char(p);
      if (sb_is_thai_letter(c)) letters++;
      else other |= !sb_is_thai_mark(c);
    }
    if (other || letters == 0 || letters > 2 || ocr_number_cue(t) || abbreviation_at(w, m)) break;
  }
  if (m == j || m >= w->len || !ends_in_digit(g_array_index(w, Word, j - 1).text)) return j;
  /* glued: no blank column run in the line's main band as wide as a
   * quarter of its height */
  int x1 = g_array_index(w, Word, j - 1).r - lh / 8, x2 = g_array_index(w, Word, m).l + lh / 8;
  int t = ln->t + (int)(0.3 * lh), b = (int)ln->base;
  double space_w;
  g_autoptr(GArray) gaps = b - t >= 2 ? ocr_ink_gaps(e->bin, x1, t, x2, b, &space_w) : NULL;
  for (guint i = 0; gaps && i < gaps->len; i++)
    if (4 * g_array_index(gaps, Gap, i).w >= lh) return j;
  if (!thai_number_at(w, m) && !number_word(e, ln, k, m, TRUE)) return j;
  if (e->debug_dir)
    for (guint i = j; i < m; i++)
      g_printerr("ocr: glued letters [%s] taken\n", g_array_index(w, Word, i).text);
  return m;
}

/* Is word @wd an ASCII_NUMBER the page pass was sure of (70 or more:
 * Sawasdee's "75,913,852,520.58" read "...892..." at 53, which the digit
 * model mends)? */
static gboolean sure_ascii(Engine *e, const Word *wd) {
  return wd->conf >= 70 && sb_re_match(&e->ascii_number, wd->text, NULL);
}

/* Where the run's reading @u (@n code points) spells the sure ASCII word
 * @a but for at most two of its digits read as other digits, one of them
 * at least a Thai digit, and at most two spaces: the first code point
 * past the match in *@end, the start's index returned; -1 if nowhere (or
 * only as @a itself, or with ASCII digits only: then the digit model did
 * not take the word for Thai, and its reading may be the better one). */
static glong script_slip(const gunichar *u, glong n, const char *a, glong *end) {
  for (glong p = 0; p < n; p++) {
    glong q = p;
    int slips = 0, spaces = 0, thai = 0;
    const char *c = a;
    for (; *c && q < n && slips <= 2 && spaces <= 2; q++) {
      if (u[q] == ' ' && c > a) spaces++;
      else if (u[q] == (gunichar)*c) c++;
      else if (ocr_any_digit(u[q]) && g_ascii_isdigit(*c))
        slips++, thai += sb_is_thai_digit(u[q]), c++;
      else break;
    }
    if (!*c && thai && slips <= 2 && spaces <= 2) {
      *end = q;
      return p;
    }
  }
  return -1;
}

/* Note 3f: a sure ASCII word inside a Thai run (sure_ascii()) is read by
 * the digit model with the run, and it makes a Thai digit of an ASCII one
 * now and then (Sawasdee's "664,044,694,651.17" read "๐ 64,044,..."): in
 * the run's reading @text, the word's reading with such slips
 * (script_slip()) gives way to the page pass's.  (Tried and not kept:
 * leaving such words out of the runs: the runs beside them, read alone,
 * lost digits to touching glyphs, Laksaman's 300 dpi digit errors
 * 12 -> 20.)  Sawasdee's 300 dpi digit errors 25 -> 23 of 1,926, the other
 * faces and resolutions unchanged.  A slip may also be an ASCII digit
 * read as another one, as long as one at least was read Thai (Sawasdee's
 * 200 dpi "664,044,694,651.17", page pass 84, read "๐ 64,044,604,..."):
 * its scanned numbers page 11 -> 9. */
static void keep_ascii(Engine *e, char **text, const RLine *ln, guint k, guint j) {
  for (guint i = k; i < j; i++) {
    const Word *wd = &g_array_index(ln->words, Word, i);
    if (!sure_ascii(e, wd)) continue;
    glong n = 0, end = 0;
    g_autofree gunichar *u = g_utf8_to_ucs4_fast(*text, -1, &n);
    glong at = script_slip(u, n, wd->text, &end);
    if (at < 0) continue;
    g_autoptr(GString) out = g_string_new(NULL);
    for (glong q = 0; q < at; q++) g_string_append_unichar(out, u[q]);
    if (at > 0 && u[at - 1] != ' ') g_string_append_c(out, ' ');
    g_string_append(out, wd->text);
    if (end < n && u[end] != ' ') g_string_append_c(out, ' ');
    for (glong q = end; q < n; q++) g_string_append_unichar(out, u[q]);
    g_free(*text);
    *text = g_string_free(g_steal_pointer(&out), FALSE);
  }
}

/* Note 3h: the digit model now and then reads a Thai digit the page pass
 * was sure of as the ASCII digit of the same value (Norasi's lone ๓ of
 * ณ.ป.๓, page pass 93, read "3"): the two shapes are far apart, and the
 * stock models tell them apart well.  Where the run's reading @text has
 * as many characters (spaces aside) as the page pass's words @k..@j-1 of
 * @ln, each ASCII digit of it that the page pass read as the Thai digit
 * of the same value, in a word it gave PAGE_SURE or more, takes the Thai
 * digit back.  Held-out digit pages: Norasi's 300 dpi circulars 1 -> 0
 * each. */
static void keep_thai(char **text, const RLine *ln, guint k, guint j) {
  g_autoptr(GArray) page = g_array_new(FALSE, FALSE, sizeof(gunichar));
  g_autoptr(GArray) sure = g_array_new(FALSE, FALSE, sizeof(gboolean));
  for (guint i = k; i < j; i++) {
    const Word *wd = &g_array_index(ln->words, Word, i);
    gboolean s = wd->conf >= PAGE_SURE;
    for (const char *p = wd->text; *p; p = g_utf8_next_char(p)) {
      gunichar c = g_utf8_get_char(p);
      if (c == ' ') continue;
      g_array_append_val(page, c);
      g_array_append_val(sure, s);
    }
  }
  glong n = 0;
  g_autofree gunichar *u = g_utf8_to_ucs4_fast(*text, -1, &n);
  guint at = 0, changed = 0;
  for (glong q = 0; q < n; q++) at += u[q] != ' ';
  if (at != page->len) return;
  at = 0;
  for (glong q = 0; q < n; q++) {
    if (u[q] == ' ') continue;
    gunichar c = g_array_index(page, gunichar, at);
    if (g_ascii_isdigit(ocr_ascii(u[q])) && sb_is_thai_digit(c) &&
        g_unichar_digit_value(c) == g_unichar_digit_value(u[q]) &&
        g_array_index(sure, gboolean, at))
      u[q] = c, changed++;
    at++;
  }
  if (!changed) return;
  g_free(*text);
  *text = g_ucs4_to_utf8(u, n, NULL, NULL, NULL);
}

/* Note 3i: a line of Thai digits only that the page pass read as short
 * Latin words only ("bb oa" for Norasi's ๒๒ ๑๙ at 200 dpi) has nothing
 * Thai left to show it is Thai: in a region with Thai lines, a line whose
 * every word is a ocr_latin_misread() is read as a Thai line (its runs are
 * then kept only as note 3 keeps any: named digits, with a digit count
 * that fits).  Norasi's 200 dpi t2i numbers page: digit errors 4 -> 0. */
static gboolean misread_line(const RLine *ln) {
  for (guint k = 0; k < ln->words->len; k++)
    if (!ocr_latin_misread(g_array_index(ln->words, Word, k).text)) return FALSE;
  return ln->words->len > 0;
}

/* Note 3: the Thai-digit runs of line @ln read again (@typical: the
 * median line height of its region; rl..rb: the region; @thai_region:
 * the region has a Thai line). */
gboolean ocr_reread_digits(Engine *e, RLine *ln, int typical, gboolean thai_region, int rl, int rt,
                           int rr, int rb, GError **error) {
  GArray *w = ln->words;
  int lh = MAX(1, ln->b - ln->t);
  gboolean on_thai = ocr_thai_line(ln) || (thai_region && misread_line(ln));
  for (guint k = 0; k < w->len;) {
    guint j = k;
    gboolean digit = FALSE, thai = FALSE;
    /* a Latin word right after a Thai number is the next group of it
     * ("๐ ๔๒๔๙ ocala" for ๐ ๔๒๔๙ ๒๔๗๗): read on its own, so that a
     * misreading cannot spoil the number before it */
    gboolean alone = FALSE;
    const char *cur = g_array_index(w, Word, k).text;
    if (on_thai && k > 0 && ocr_latin_slot(cur) && !ocr_latin_misread(cur) &&
        thai_number_at(w, k - 1)) {
      alone = thai = TRUE;
      j = k + 1;
    }
    if (g_array_index(w, Word, k).settled) {
      k++;
      continue;
    }
    while (!alone && j < w->len && !g_array_index(w, Word, j).settled) {
      const char *t = g_array_index(w, Word, j).text;
      if (on_thai && ocr_latin_misread(t))
        thai = TRUE;
      else if (on_thai && j > k && ocr_latin_slot(t) &&
               number_before_slot(g_array_index(w, Word, j - 1).text))
        thai = TRUE; /* a number slot: after a document number's "/ว" */
      else if (ocr_numberish_text(t, FALSE, &digit, &thai))
        ;
      else if (on_thai && e->glyphs && number_word(e, ln, k, j, thai))
        thai = digit = TRUE; /* note 3e */
      else if (on_thai && e->glyphs && phantom(ln, k, j, thai)) {
        if (e->debug_dir)
          g_printerr("ocr: phantom [%s] dropped\n", g_array_index(w, Word, j).text);
        g_array_remove_index(w, j);
        continue;
      } else if (on_thai && e->glyphs && j > k && thai) {
        guint m = glued_letters(e, ln, k, j);
        if (m == j) break;
        j = m; /* (word m is taken as it would be: below) */
        continue;
      } else
        break;
      j++;
    }
    if (j == k || !thai) {
      k = MAX(j, k + 1);
      continue;
    }
    /* punctuation the run opens with (the last dot of พ.ศ., a bracket)
     * stays as the page pass read it: at the crop's edge the digit model
     * may miss it */
    while (k + 1 < j && punctuation_only(g_array_index(w, Word, k).text)) k++;
    const Word *a = &g_array_index(w, Word, k), *z = &g_array_index(w, Word, j - 1);
    int pad = lh / 5;
    int left = MAX(rl, a->l - pad), right = MIN(rr, z->r + pad);
    /* not into the ink of the words around the run */
    if (k > 0 && g_array_index(w, Word, k - 1).r < a->l)
      left = MAX(left, g_array_index(w, Word, k - 1).r);
    if (j < w->len && g_array_index(w, Word, j).l > z->r)
      right = MIN(right, g_array_index(w, Word, j).l);
    int top = MAX(rt, ln->t - lh / 10), bottom = MIN(rb, ln->b + lh / 10);
    /* Tesseract's boxes for Thai are approximate (often a letter's width
     * off): an edge that falls inside a glyph moves out to the blank
     * column beside it, so that no digit is cut in two */
    if (ocr_any_digit(g_utf8_get_char(a->text)))
      left = ocr_off_ink(e->bin, left, -1, rl, ln, lh);
    if (ends_in_digit(z->text)) right = ocr_off_ink(e->bin, right, +1, rr, ln, lh);
    if (right - left < 2 || bottom - top < 2) {
      k = j;
      continue;
    }
    int c1 = 0, c2 = 0;
    g_autoptr(GArray) spans = NULL, spans2 = NULL;
    g_autofree char *text = read_digits(e, left, top, right, bottom, &c1, &spans, error);
    if (!text) return FALSE;
    /* note 3b: the digit model's reading changes with the crop (๓๐ in a
     * tight crop "61", with a few more pixels "๓ ๐"): the run is read a
     * second time with a margin of a tenth of the line height more (not
     * into the words beside it), and the reading the model is surer of
     * is kept.  A first reading it is sure of (DIGITS_SURE) stands: on
     * the scan fixtures no such reading ever lost to the second. */
    if (c1 < DIGITS_SURE) {
      int m = lh / 10;
      int l2 = MAX(rl, left - m), r2 = MIN(rr, right + m);
      int t2 = MAX(rt, top - m), b2 = MIN(rb, bottom + m);
      if (k > 0) l2 = MAX(l2, MIN(left, g_array_index(w, Word, k - 1).r));
      if (j < w->len) r2 = MIN(r2, MAX(right, g_array_index(w, Word, j).l));
      g_autofree char *wider = read_digits(e, l2, t2, r2, b2, &c2, &spans2, error);
      if (!wider) return FALSE;
      if (e->debug_dir)
        g_printerr("ocr: digits twice [%s] %d, wider [%s] %d\n", text, c1, wider, c2);
      if (c2 > c1) {
        take_reading(&text, &spans, &wider, &spans2);
        c1 = c2;
      }
    }
    /* ... and where the line took in taller ink beside the run (a routing
     * note in the margin: the line a third taller than the region's
     * typical one) and with it the lines above and below, a third time in
     * the run's own rows, its height more above and below (not on every
     * line: the digit model reads a lone ๓ better with the line's height
     * around it) */
    int wt = a->t, wb = a->b;
    for (guint i = k; i < j; i++) {
      wt = MIN(wt, g_array_index(w, Word, i).t);
      wb = MAX(wb, g_array_index(w, Word, i).b);
    }
    int t3 = MAX(top, wt - (wb - wt)), b3 = MIN(bottom, wb + (wb - wt));
    if (c1 < DIGITS_SURE && wb > wt && 3 * lh > 4 * typical && t3 - top + bottom - b3 > lh / 8) {
      int c3 = 0;
      g_autoptr(GArray) spans3 = NULL;
      g_autofree char *rows = read_digits(e, left, t3, right, b3, &c3, &spans3, error);
      if (!rows) return FALSE;
      if (e->debug_dir) g_printerr("ocr: digits in rows %d-%d [%s] %d\n", t3, b3, rows, c3);
      if (c3 > c1) {
        take_reading(&text, &spans, &rows, &spans3);
        top = t3, bottom = b3;
      }
    }
    int glyphs = -1, covered_end = -1;
    guint digit_glyphs = 0;
    gboolean from_glyphs = FALSE;
    if (e->glyphs) {
      int pw = pixGetWidth(e->bin);
      PIXA *cut = sb_glyphs_cut(e->bin, e->faint, MAX(0, left - lh), top, MIN(pw, right + lh),
                                bottom, lh);
      if (cut) {
        glyphs = sb_glyphs_within(cut, left, right, NULL, NULL);
        /* the glyphs the digit model read: not those of the words
         * around the run the margins took in */
        int x1 = spans->len ? g_array_index(spans, Span, 0).x1 : left;
        int x2 = spans->len ? g_array_index(spans, Span, spans->len - 1).x2 : right;
        int band_t, band_b, last = -1;
        gboolean retry = FALSE;
        digit_band(text, spans, cut, &band_t, &band_b);
        sb_glyphs_within(cut, x1, x2, NULL, &last);
        g_autofree char *run = read_glyphs(e, cut, x1, x2, text, spans, &digit_glyphs);
        if (!run && last > 0 && covering(cut, last, band_t, band_b)) {
          /* the covered digit inside the digit model's reading: the run
           * read from its glyphs before it (note 3k) */
          l_int32 gx;
          guint fewer = 0; /* (digit_glyphs stays the whole run's count) */
          pixaGetBoxGeometry(cut, last--, &gx, NULL, NULL, NULL);
          run = read_glyphs(e, cut, x1, gx - 1, text, spans, &fewer);
          retry = run != NULL;
        }
        if (run && !covered_digit(e, cut, last, band_t, band_b, left, rr, &run, &covered_end,
                                  error)) {
          pixaDestroy(&cut);
          return FALSE;
        }
        if (retry && covered_end < 0) g_clear_pointer(&run, g_free); /* not read: as before */
        if (run) {
          g_free(text);
          text = g_steal_pointer(&run);
          from_glyphs = TRUE;
        } else {
          name_digits(e, &text, spans, cut, lh, band_t, band_b);
        }
        pixaDestroy(&cut);
      }
    }
    gboolean has_digit = FALSE, has_thai = FALSE;
    /* a reading with more or fewer digits than the stock one by more
     * than one (an eighth more in a long run) took in ink from around the
     * run, or lost some: not kept, unless it has as many characters as
     * the run has glyphs (give or take one: the stock reading is then the
     * one astray), or is the glyph classifier's own, a name a glyph
     * (read_glyphs(): it cannot take in ink from around the run; its
     * count differs where the page pass read one glyph as two characters
     * or two as one, "๐๖-๕๖๒๑-๘๘๒๒" read with 7 digits for its 10; taken
     * as the stock count asked, such runs were lost: on the Sawasdee pages
     * digit errors 111 -> 91 of 3,852; with the split of ocr_glyph_word(), on
     * all held-out pages 152 -> 119 of 7,704, character errors 494 -> 447,
     * and on Laksaman's 32 -> 29 and 147 -> 143) */
    guint before = 0;
    for (guint i = k; i < j; i++) before += ocr_count_digits(g_array_index(w, Word, i).text);
    guint after = ocr_count_digits(text);
    glong chars = 0;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) chars += *p != ' ';
    gboolean as_glyphs =
        from_glyphs || (glyphs >= 0 && chars <= glyphs + 1 && chars + 1 >= glyphs);
    /* a run the page pass read without a digit ("fi" for ที่) in which
     * the classifier names no glyph a digit is no number */
    gboolean no_digit = glyphs > 0 && !digit_glyphs;
    for (guint i = k; no_digit && i < j; i++)
      no_digit = !holds_digit(g_array_index(w, Word, i).text);
    if (no_digit || !ocr_numberish_text(text, TRUE, &has_digit, &has_thai) || !has_digit ||
        ((after > before + 1 + before / 8 || after + 1 + before / 8 < before) && !as_glyphs)) {
      if (e->debug_dir)
        g_printerr("ocr: digits %d,%d-%d,%d [%s] -> [%s] not kept (%u digits for %u, "
                   "%ld characters for %d glyphs)\n",
                   left, top, right, bottom, a->text, text, after, before, chars, glyphs);
      k = j;
      continue;
    }
    keep_ascii(e, &text, ln, k, j);
    keep_thai(&text, ln, k, j);
    if (e->debug_dir)
      g_printerr("ocr: digits %d,%d-%d,%d [%s] -> [%s] (%d glyphs, %u named digits)\n", left, top,
                 right, bottom, a->text, text, glyphs, digit_glyphs);
    g_auto(GStrv) parts = g_strsplit_set(text, " ", -1);
    g_autoptr(GPtrArray) tok = g_ptr_array_new(); /* the non-empty parts, borrowed */
    for (guint i = 0; parts[i]; i++)
      if (*parts[i]) g_ptr_array_add(tok, parts[i]);
    guint nt = tok->len;
    char **tokens = (char **)tok->pdata;
    /* note 3j: a reading named from the glyphs spaces its tokens as the
     * page does (read_glyphs(): a gap wider than half a digit), and
     * those spaces stand (Word.space_after): a space between the groups
     * of a number ("๐ ๔๒๔๙ ๒๔๗๗") is narrower than the line's gap
     * between words, and emit_line(), judging by the line, dropped it.
     * The digit model's own spaces do not stand: it puts one between
     * every character now and then ("๐ ๘ ๑ ๐ . ๓ / ว"), and there the
     * line's gaps decide, as for every word.  On the 24 digit benchmark
     * pages, the tokens with a digit read exactly as printed, spaces and
     * all: 1,149 -> 2,229 of 3,000; the scanned seed bundle's fields
     * exactly equal 70 -> 73 of 77, the own letters' 30 -> 31 of 36. */
    if (nt == j - k) {
      /* one token per word */
      for (guint i = 0; i < nt; i++) {
        Word *wd = &g_array_index(w, Word, k + i);
        g_free(wd->text);
        wd->text = g_strdup(tokens[i]);
        wd->space_after = from_glyphs && i + 1 < nt;
      }
    } else {
      /* the run's width shared among the tokens by their lengths (and a
       * character's width for each space that stands) */
      int x1 = a->l, x2 = z->r, t1 = a->t, b1 = a->b;
      glong gap = from_glyphs ? 1 : 0, total = gap * (nt - 1), done = 0;
      for (guint i = 0; i < nt; i++) total += g_utf8_strlen(tokens[i], -1);
      g_array_remove_range(w, k, j - k);
      for (guint i = 0; i < nt; i++) {
        glong len = g_utf8_strlen(tokens[i], -1);
        Word nw = {.l = x1 + (int)((x2 - x1) * done / MAX(total, 1)),
                   .t = t1,
                   .r = x1 + (int)((x2 - x1) * (done + len) / MAX(total, 1)),
                   .b = b1,
                   .text = g_strdup(tokens[i]),
                   .conf = -1,
                   .space_after = from_glyphs && i + 1 < nt};
        g_array_insert_val(w, k + i, nw);
        done += len + gap;
      }
      j = k + nt;
    }
    if (covered_end >= 0) {
      /* note 3k: the run's last word reaches over the covered digit; the
       * page pass's words in the glyph's ink (the letter and the digit
       * read as one) go */
      Word *end = &g_array_index(w, Word, j - 1);
      end->r = MAX(end->r, covered_end);
      while (j < w->len) {
        const Word *next = &g_array_index(w, Word, j);
        if ((next->l + next->r) / 2 >= covered_end) break;
        g_array_remove_index(w, j);
      }
    }
    k = j;
  }
  return TRUE;
}
