/*
 * measure.c: the small tests and measures the OCR's steps share
 * (internal.h): what a word's text is (a number, a Latin misreading of
 * Thai digits, a cue a number follows) and where a page's ink is (gaps
 * between words, the blank column or row beside a crop).
 */
#include <string.h>

#include "internal.h"

/* ------------------------------------------------------------------ */
/* A word's text                                                        */

/* GLib's g_ascii_is*() take a char: a gunichar must be ASCII first (Thai
 * ๐-๙, U+0E50-0E59, would pass for 'P'-'Y') */
char ocr_ascii(gunichar c) {
  return c < 128 ? (char)c : '\0';
}

/* A Thai or an ASCII digit. */
gboolean ocr_any_digit(gunichar c) {
  return sb_is_thai_digit(c) || g_ascii_isdigit(ocr_ascii(c));
}

/* Characters of number-like words: Thai and ASCII digits, the
 * punctuation inside numbers, and ว (document numbers: ๐๘๑๐.๓/ว ๓๑๙๕). */
gboolean ocr_is_numberish(gunichar c) {
  return sb_is_thai_digit(c) || (c < 128 && c && strchr("0123456789.,/-:()", (int)c)) ||
         c == 0x0E27;
}

/* Digits, and the Latin letters a misread Thai digit became ("co" for
 * ๗๐, "(ICE)" for (๗๘๔)). */
guint ocr_count_digits(const char *t) {
  guint n = 0;
  for (; *t; t = g_utf8_next_char(t)) {
    gunichar c = g_utf8_get_char(t);
    n += ocr_any_digit(c) || g_ascii_isalpha(ocr_ascii(c));
  }
  return n;
}

/* The Latin letters of @t (lower-case ones only when @lower), or -1 when
 * @t holds anything else that @other does not accept. */
int ocr_latin_letters(const char *t, gboolean lower, gboolean (*other)(gunichar)) {
  int letters = 0;
  for (; *t; t = g_utf8_next_char(t)) {
    gunichar c = g_utf8_get_char(t);
    if (lower ? g_ascii_islower(ocr_ascii(c)) : g_ascii_isalpha(ocr_ascii(c)))
      letters++;
    else if (!other(c))
      return -1;
  }
  return letters;
}

/* A short lower-case Latin word (with number punctuation around it) on a
 * Thai line: the stock models read Thai digits so ("goad" for ๕๐๙๙,
 * "do)" for ๖๓), "co" for ๗๐). */
gboolean ocr_latin_misread(const char *t) {
  int n = ocr_latin_letters(t, TRUE, ocr_is_numberish);
  return n >= 1 && n <= 4;
}

/* What may follow a word in a number slot: a closing quote, a dot, a comma. */
gboolean ocr_quote_or_dot(gunichar c) {
  return c == 0x2019 || c == '\'' || c == '.' || c == ',';
}

/* A short Latin word, any case, a closing quote or a dot after it: what a
 * run of Thai digits becomes in a number slot ("mas’" for ๓๑๖๕, "Come"
 * for ๕๐๙๙). */
gboolean ocr_latin_slot(const char *t) {
  int n = ocr_latin_letters(t, FALSE, ocr_quote_or_dot);
  return n >= 1 && n <= 6;
}

/* Does the line hold Thai text?  Thai digits count: they are printed in
 * Thai text only (a line of numbers in Thai digits is read as Thai). */
gboolean ocr_thai_line(const RLine *ln) {
  for (guint k = 0; k < ln->words->len; k++)
    for (const char *p = g_array_index(ln->words, Word, k).text; *p; p = g_utf8_next_char(p))
      if (sb_is_thai_letter(g_utf8_get_char(p)) || sb_is_thai_digit(g_utf8_get_char(p)))
        return TRUE;
  return FALSE;
}

/* Is the text number-like (spaces allowed when @spaces)?  *digit is set
 * when it has a digit, *thai when it has a Thai digit. */
gboolean ocr_numberish_text(const char *t, gboolean spaces, gboolean *digit, gboolean *thai) {
  if (!*t) return FALSE;
  for (; *t; t = g_utf8_next_char(t)) {
    gunichar c = g_utf8_get_char(t);
    if (spaces && c == ' ') continue;
    if (!ocr_is_numberish(c)) return FALSE;
    if (ocr_any_digit(c)) *digit = TRUE;
    if (sb_is_thai_digit(c)) *thai = TRUE;
  }
  return TRUE;
}

/* A number with a Thai digit ("๓๐"; also what "MO" read again became:
 * note 3 reads it with the digit model). */
gboolean ocr_thai_number(const char *t) {
  gboolean digit = FALSE, thai = FALSE;
  return ocr_numberish_text(t, FALSE, &digit, &thai) && thai;
}

/* Does @t end where a number follows in Thai official text: a word the
 * issue of numbers names (ที่ ..., วันที่, โทร., ต่อ, ร้อยละ, จำนวน, ปี,
 * พ.ศ.), an abbreviation (a month's: ก.ย.), a month's full name (the
 * year follows)? */
gboolean ocr_number_cue(const char *t) {
  /* (the stock reading of a month's abbreviation is often broken, "กุย."
   * for ก.ย., but keeps its dot) */
  static const char *const cues[] = {"ที่", "โทร", "ต่อ", "ร้อยละ", "จำนวน", "ปี", ".",
                                     "คม", "ยน", "พันธ์"};
  for (guint i = 0; i < G_N_ELEMENTS(cues); i++)
    if (g_str_has_suffix(t, cues[i])) return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Ink, and medians                                                     */

/* How many ink pixels the rectangle @l,@t (@w x @h) of @bin holds. */
l_int32 ocr_ink(PIX *bin, int l, int t, int w, int h) {
  BOX *b = boxCreate(l, t, w, h);
  l_int32 count = 0;
  if (b) pixCountPixelsInRect(bin, b, &count, NULL);
  boxDestroy(&b);
  return count;
}

static int cmp_gap_w(gconstpointer a, gconstpointer b) {
  double x = ((const Gap *)a)->w, y = ((const Gap *)b)->w;
  return x < y ? -1 : x > y;
}

/* Runs of empty columns inside the rectangle @l,@t-@r,@b of @bin (a
 * text line), as Gaps {centre, width} in pixels, and in *@space_w the
 * width above which a run is a space rather than the room between two
 * letters: well above the line's typical letter gap.  The caller unrefs
 * the array. */
GArray *ocr_ink_gaps(PIX *bin, int l, int t, int r, int b, double *space_w) {
  GArray *gaps = g_array_new(FALSE, FALSE, sizeof(Gap));
  BOX *box = boxCreate(l, t, MAX(1, r - l), MAX(1, b - t));
  NUMA *na = box ? pixCountByColumn(bin, box) : NULL;
  boxDestroy(&box);
  *space_w = G_MAXDOUBLE;
  if (!na) return gaps;
  l_int32 n = numaGetCount(na), run = 0;
  gboolean seen_ink = FALSE;
  for (l_int32 i = 0; i < n; i++) {
    l_int32 v = 0;
    numaGetIValue(na, i, &v);
    if (v == 0) {
      run++;
      continue;
    }
    if (seen_ink && run > 0) {
      Gap g = {l + i - run / 2.0, run};
      g_array_append_val(gaps, g);
    }
    seen_ink = TRUE;
    run = 0;
  }
  numaDestroy(&na);
  if (gaps->len) {
    g_autoptr(GArray) sorted = g_array_copy(gaps);
    g_array_sort(sorted, cmp_gap_w);
    double median = g_array_index(sorted, Gap, sorted->len / 2).w;
    *space_w = MAX(MAX(3.0, 2.5 * median), 0.12 * (b - t));
  }
  return gaps;
}

/* Moves the column @x by @dir until the line's main band (below the
 * upper marks, above the descenders) has no ink in it, at most half a line
 * height and never past @limit. */
int ocr_off_ink(PIX *bin, int x, int dir, int limit, const RLine *ln, int lh) {
  int t = ln->t + (int)(0.3 * lh), b = (int)ln->base;
  if (b - t < 2) return x;
  for (int moved = 0; moved < lh / 2 && x != limit; moved++, x += dir)
    if (!ocr_ink(bin, x, t, 1, b - t)) break;
  return x;
}

/* Moves the row @y down, across columns @l..@r, past the ink cut by it
 * (the descenders of the line above, caught by a crop reaching up for
 * this line's marks) to the first row with none, never to @limit or
 * beyond: @y itself when it has no ink or no row before @limit is clear. */
int ocr_below_ink(PIX *bin, int l, int r, int y, int limit) {
  for (int at = y; at < limit; at++)
    if (!ocr_ink(bin, l, at, r - l, 1)) return at;
  return y;
}

/* Orders doubles, for g_array_sort(). */
int ocr_cmp_double(gconstpointer a, gconstpointer b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* The median of @v (double; not empty), which is left as it was (ocr_median()
 * sorts an int array in place). */
double ocr_median_double(const GArray *v) {
  g_autoptr(GArray) h = g_array_copy((GArray *)v);
  g_array_sort(h, ocr_cmp_double);
  return g_array_index(h, double, h->len / 2);
}

static int cmp_int(gconstpointer a, gconstpointer b) {
  return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

/* The median of @ints, which it sorts in place. */
int ocr_median(GArray *ints) {
  g_array_sort(ints, cmp_int);
  return g_array_index(ints, int, ints->len / 2);
}
