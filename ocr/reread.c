/*
 * reread.c: a page pass's lines and words read again where Tesseract is
 * known to go wrong on Thai (internal.h): stacked marks lost (note 2), a
 * look-alike consonant it was unsure of (note 7), Thai words read as
 * capital Latin (note 4), Latin names read as Thai (note 5), a URL's
 * scheme and SARA AM's ring (note 6), a doubled tone mark, and rows of
 * marks read as lines of their own.  Each step changes the lines in
 * place; those that read again return FALSE only on a time-out or an
 * error.
 */
#include <math.h>
#include <string.h>

#include "internal.h"

#define MIN_MARK_INK 1 /* pixels above a line that may be a lost mark */

static gboolean is_upper_vowel(gunichar c) {
  return c == 0x0E31 || (c >= 0x0E34 && c <= 0x0E37) || c == 0x0E47;
}

static gboolean is_tone_mark(gunichar c) { return c >= 0x0E48 && c <= 0x0E4C; }

#define UNSURE_CONF 85.0 /* a word read less surely than this may be misread */

/* Could the line have lost a stacked mark (note 2)?  MARKS_MAYBE: an
 * upper vowel with no tone mark on it (ถิน for ถิ่น), SARA AM with none
 * before it (นำ for น้ำ), a tone mark before SARA AA (น้า for น้ำ); worth
 * a second reading when there is ink above the line's box.  MARKS_UNSURE:
 * that tone mark before SARA AA read unsurely; the ring of น้ำ lies inside
 * the line's box, so it is read again whatever is above. */
enum { MARKS_FINE, MARKS_MAYBE, MARKS_UNSURE };

static int mark_doubt(const RLine *ln) {
  int doubt = MARKS_FINE;
  gunichar prev = 0;
  const Word *prev_w = NULL;
  for (guint k = 0; k < ln->words->len; k++) {
    const Word *wd = &g_array_index(ln->words, Word, k);
    for (const char *p = wd->text; *p; p = g_utf8_next_char(p)) {
      gunichar c = g_utf8_get_char(p);
      if ((is_upper_vowel(prev) && !is_tone_mark(c)) ||
          ((c == 0x0E33 || c == 0x0E4D) && !is_tone_mark(prev)))
        doubt = MAX(doubt, MARKS_MAYBE);
      if (is_tone_mark(prev) && c == 0x0E32) {
        if (MIN(prev_w->conf, wd->conf) < UNSURE_CONF) return MARKS_UNSURE;
        doubt = MARKS_MAYBE;
      }
      prev = c;
      prev_w = wd;
    }
  }
  return is_upper_vowel(prev) ? MAX(doubt, MARKS_MAYBE) : doubt;
}

/* Which of a letter's mark slots a mark fills: upper vowel, lower vowel,
 * tone mark, or the others (THANTHAKHAT, NIKHAHIT, YAMAKKAN) each its own. */
static int mark_slot(gunichar c) {
  if (is_upper_vowel(c)) return 0;
  if (c >= 0x0E38 && c <= 0x0E3A) return 1;
  if (c >= 0x0E48 && c <= 0x0E4B) return 2;
  return 3 + (int)(c - 0x0E4C); /* 0E4C, 0E4D, 0E4E */
}
#define MARK_SLOTS 6

/* A reading as letters, each with its marks by slot; SARA AM counts as
 * NIKHAHIT on the letter before it and SARA AA. */
typedef struct {
  gunichar base;
  gunichar mark[MARK_SLOTS];
} Letter;

/* Is @c a letter of its own, after @seen letters of the line?  Not a
 * space, not a mark sitting on a letter before it (a mark that opens the
 * line has none to sit on).  letters_of(), merge_marks() and
 * swap_unsure() count letters by this one rule. */
static gboolean own_letter(gunichar c, guint seen) {
  return !g_unichar_isspace(c) && !(sb_is_thai_mark(c) && seen > 0);
}

static GArray *letters_of(const RLine *ln) {
  GArray *out = g_array_new(FALSE, TRUE, sizeof(Letter));
  for (guint k = 0; k < ln->words->len; k++)
    for (const char *p = g_array_index(ln->words, Word, k).text; *p; p = g_utf8_next_char(p)) {
      gunichar c = g_utf8_get_char(p);
      if (g_unichar_isspace(c)) continue;
      if (c == 0x0E33 && out->len) {
        g_array_index(out, Letter, out->len - 1).mark[mark_slot(0x0E4D)] = 0x0E4D;
        c = 0x0E32;
      }
      if (!own_letter(c, out->len)) {
        g_array_index(out, Letter, out->len - 1).mark[mark_slot(c)] = c;
        continue;
      }
      Letter l = {c, {0}};
      g_array_append_val(out, l);
    }
  return out;
}

/* Are @x and @y the same letter as match_letters() matches them: equal,
 * or both digits (the stock model reads a number one way in the block
 * and another in the line, ๕๘๓๑ and ๕๕๓๑, ๖ and ๒๑; digits bear no marks
 * and are read again later, digits.c) */
static gboolean same_base(gunichar x, gunichar y) {
  return x == y || (ocr_any_digit(x) && ocr_any_digit(y));
}

#define MIN_MATCHED 3 /* letters in a row matched, for match_letters() */

/* The letters of @la and @lb matched in order: their longest common
 * subsequence (same_base()), then only the letters in runs of at least
 * MIN_MATCHED matched in a row on both sides, or at both readings' start
 * or end, so that a letter matched by chance between two words read
 * differently takes nothing.  In
 * @match (newly allocated, @la's length): the index in @lb, or -1. */
static int *match_letters(const GArray *la, const GArray *lb) {
  guint n = la->len, m = lb->len;
  int *match = g_new(int, MAX(n, 1));
  g_autofree guint *len = g_new0(guint, (gsize)(n + 1) * (m + 1)); /* LCS of the tails */
#define LEN(i, j) len[(gsize)(i) * (m + 1) + (j)]
  for (guint i = n; i-- > 0;)
    for (guint j = m; j-- > 0;)
      LEN(i, j) = same_base(g_array_index(la, Letter, i).base, g_array_index(lb, Letter, j).base)
                      ? LEN(i + 1, j + 1) + 1
                      : MAX(LEN(i + 1, j), LEN(i, j + 1));
  for (guint i = 0; i < n; i++) match[i] = -1;
  for (guint i = 0, j = 0; i < n && j < m;) {
    if (same_base(g_array_index(la, Letter, i).base, g_array_index(lb, Letter, j).base) &&
        LEN(i, j) == LEN(i + 1, j + 1) + 1)
      match[i++] = (int)j++;
    else if (LEN(i + 1, j) >= LEN(i, j + 1))
      i++;
    else
      j++;
  }
#undef LEN
  for (guint i = 0; i < n;) {
    guint run = 1;
    while (i + run < n && match[i] >= 0 && match[i + run] == match[i] + (int)run) run++;
    /* (a run at both readings' start or end is kept however short) */
    gboolean start = i == 0 && match[i] == 0;
    gboolean end = i + run == n && match[i + run - 1] == (int)m - 1;
    if (match[i] >= 0 && run < MIN_MATCHED && !start && !end)
      for (guint k = i; k < i + run; k++) match[k] = -1;
    i += run;
  }
  return match;
}

/* The marks of a second reading @b of a line put into the first, @a: a
 * slot filled in @b only is filled; a slot the two fill differently keeps
 * @a's.  The letters are matched by match_letters(), so a word read
 * differently takes nothing, and the words around it still do (matched
 * from the line's two ends only, as far as they agreed, the ่ of ลงวันที่
 * after "ที่ มท ๐๒๑๑.๖/ว ๕๘๓๑" was lost on 5 of the seed bundle's 12
 * scans: the number read otherwise in the second reading stopped the
 * match).  Rewrites @a's words; returns how many marks were added. */
static guint merge_marks(RLine *a, const RLine *b) {
  g_autoptr(GArray) la = letters_of(a);
  g_autoptr(GArray) lb = letters_of(b);
  g_autofree int *match = match_letters(la, lb);
  guint added = 0, i = 0;
  gboolean pending_am = FALSE;
  for (guint k = 0; k < a->words->len; k++) {
    Word *wd = &g_array_index(a->words, Word, k);
    GString *t = g_string_new(NULL);
    for (const char *p = wd->text; *p; p = g_utf8_next_char(p)) {
      gunichar c = g_utf8_get_char(p);
      /* marks are written from the letter they sit on */
      if (!own_letter(c, i)) {
        if (g_unichar_isspace(c)) g_string_append_unichar(t, c);
        continue;
      }
      Letter *x = &g_array_index(la, Letter, i);
      const Letter *y = match[i] >= 0 ? &g_array_index(lb, Letter, match[i]) : NULL;
      i++;
      if (pending_am) g_string_append_unichar(t, 0x0E4D), pending_am = FALSE;
      g_string_append_unichar(t, c == 0x0E33 ? 0x0E32 : c);
      gboolean before_aa = i < la->len && g_array_index(la, Letter, i).base == 0x0E32;
      for (int sl = 0; sl < MARK_SLOTS; sl++) {
        gunichar m = x->mark[sl];
        /* MAI HAN-AKAT never stands before SARA AA: a ring read so */
        if (!m && y && y->mark[sl] && !(y->mark[sl] == 0x0E31 && before_aa)) {
          m = y->mark[sl];
          added++;
        }
        if (!m) continue;
        if (m == 0x0E4D) pending_am = TRUE; /* written before the letter that follows */
        else g_string_append_unichar(t, m);
      }
    }
    if (pending_am && k + 1 == a->words->len) g_string_append_unichar(t, 0x0E4D);
    g_free(wd->text);
    wd->text = g_string_free(t, FALSE);
  }
  return added;
}

/* Note 8: one line split in two.  Tesseract's layout analysis can cut a
 * text line in two where its letters crowd (the page pass read "เรียน
 * ผู้" and "าราชการจังหวัด ทุกจังหวัด" as two lines side by side) and
 * drop the letters at the cut: ว่ of ผู้ว่าราชการ, in no line.  Where line
 * @i ends less than its height before line @i + 1 starts, on the same
 * row (their baselines within a quarter of the height, each overlapping
 * the other by half), and ink lies between them in the line's middle
 * rows, the cut and a word's width on each side are read again as one
 * line; the words of that reading that start in the cut join line
 * @i, and so do line @i + 1's, which goes.  The lines stay as they were
 * if the reading has nothing in the cut.  On the seed bundle scanned
 * with scansim seeds 1-12, "ผู้ว่าราชการ" was read "ผู้ าราชการ" on 6. */
gboolean ocr_join_split_line(Engine *e, GPtrArray *lines, guint i, int rl, int rt, int rr,
                             int rb, GError **error) {
  if (i + 1 >= lines->len) return TRUE;
  RLine *ln = lines->pdata[i], *next = lines->pdata[i + 1];
  int lh = MAX(ln->b - ln->t, next->b - next->t), gap = next->l - ln->r;
  if (lh < 4 || gap < 2 || gap > lh || !ln->words->len || !next->words->len) return TRUE;
  int overlap = MIN(ln->b, next->b) - MAX(ln->t, next->t);
  if (overlap * 2 < MIN(ln->b - ln->t, next->b - next->t)) return TRUE;
  if (fabs(ln->base - next->base) * 4 > lh) return TRUE;
  int core_t = (int)ln->base - lh / 2, core_h = lh / 3;
  if (ocr_ink(e->bin, ln->r + 1, core_t, gap - 1, core_h) < lh / 2) return TRUE;
  int left = MAX(rl, ln->r - lh), right = MIN(rr, next->l + lh);
  int top = MAX(rt, MIN(ln->t, next->t)), bottom = MIN(rb, MAX(ln->b, next->b));
  g_autoptr(GPtrArray) again =
      ocr_recognize(e, left, top, right - left, bottom - top, PSM_SINGLE_LINE, error);
  if (!again) return FALSE;
  g_autoptr(GArray) found = g_array_new(FALSE, FALSE, sizeof(Word));
  for (guint a = 0; a < again->len; a++) {
    const RLine *r = again->pdata[a];
    for (guint k = 0; k < r->words->len; k++) {
      const Word *wd = &g_array_index(r->words, Word, k);
      /* (its left side: a mark joined to a letter widens the box, and
       * boxes are a few pixels off) */
      if (wd->l < ln->r - lh / 8 || wd->l >= next->l - lh / 8) continue;
      Word copy = *wd;
      copy.text = g_strdup(wd->text);
      g_array_append_val(found, copy);
    }
  }
  if (e->debug_dir)
    g_printerr("ocr: split line %d-%d: %u words in the cut\n", ln->r, next->l, found->len);
  if (!found->len) return TRUE;
  g_array_append_vals(ln->words, found->data, found->len);
  g_array_append_vals(ln->words, next->words->data, next->words->len);
  g_array_set_clear_func(next->words, NULL); /* its words' texts are ln's now */
  ln->r = next->r;
  ln->t = MIN(ln->t, next->t);
  ln->b = MAX(ln->b, next->b);
  ln->marks_cut |= next->marks_cut;
  ln->marks_below = MAX(ln->marks_below, next->marks_below);
  g_ptr_array_remove_index(lines, i + 1);
  return TRUE;
}

/* Note 2: Tesseract's layout analysis leaves a tone mark stacked on an
 * upper vowel (the ่ of ถิ่น, ที่) out of its text line when a block is
 * read as a whole, and the mark is lost; the same line read on its own
 * (single-line mode) keeps it.  Single-line mode alone is less steady on
 * short lines (a lone "44" can come out "aval"), so a line that may have
 * lost marks is read again in a band reaching up to the line above.  The
 * marks of the two readings are put together letter by letter, letters
 * matched from both ends of the line as far as they agree (merge_marks):
 * each reading can lose a different mark of one stack (the block reads
 * นํา, the line alone น้า, for น้ำ). */
gboolean ocr_reread_marks(Engine *e, GPtrArray *lines, guint i, int rl, int rt, int rr, int rb,
                          GError **error) {
  RLine *ln = lines->pdata[i];
  int doubt = mark_doubt(ln);
  if (doubt == MARKS_UNSURE) ln->marks_cut = TRUE;
  if (!ln->marks_cut && doubt == MARKS_FINE) return TRUE;
  int lh = ln->b - ln->t;
  int top = MAX(rt, ln->t - (int)(0.6 * lh));
  int bottom = MIN(rb, ln->b + MAX(MAX(2, lh / 10), ln->marks_below + 2));
  if (i + 1 < lines->len) {
    const RLine *down = lines->pdata[i + 1];
    /* not into the line below */
    if (down->t > ln->t && down->r > ln->l && down->l < ln->r)
      bottom = MIN(bottom, MAX(down->t - 1, ln->b));
  }
  if (i > 0) {
    const RLine *up = lines->pdata[i - 1];
    /* not into the line above where it overlaps this one */
    if (up->b < ln->b && up->r > ln->l && up->l < ln->r) top = MAX(top, MIN(up->b + 1, ln->t));
  }
  int left = MAX(rl, ln->l - lh / 2), right = MIN(rr, ln->r + lh / 2);
  if (right - left < 4 || bottom - top < 4) return TRUE;
  /* marks the layout left out are ink above the line's box, or a row of
   * them it made a line of */
  if (!ln->marks_cut &&
      (ln->t - top < 2 || ocr_ink(e->bin, ln->l, top, ln->r - ln->l, ln->t - top) < MIN_MARK_INK))
    return TRUE;
  g_autoptr(GPtrArray) again =
      ocr_recognize(e, left, top, right - left, bottom - top, PSM_SINGLE_LINE, error);
  if (!again) return FALSE;
  if (again->len != 1) return TRUE;
  guint added = merge_marks(ln, again->pdata[0]);
  if (e->debug_dir)
    g_printerr("ocr: marks %d,%d-%d,%d: %u added\n", left, top, right, bottom, added);
  return TRUE;
}

/* Note 7: a Thai consonant the page pass is unsure of (a word under
 * UNSURE_CONF) is often one of a look-alike pair: ต for ด, ห for ท, ซ for
 * ช.  The line read again on its own, with room around it, often gets it
 * right.  When both readings have the same letters but one or two
 * consonants, each differing consonant that the page pass was unsure of
 * takes the second reading's; a sure one stays. */
#define MAX_SWAP 2

static gboolean is_consonant(gunichar c) { return c >= 0x0E01 && c <= 0x0E2E; }

static gboolean unsure_letter(const RLine *ln) {
  for (guint k = 0; k < ln->words->len; k++) {
    const Word *wd = &g_array_index(ln->words, Word, k);
    for (const char *p = wd->text; wd->conf < UNSURE_CONF && *p; p = g_utf8_next_char(p))
      if (is_consonant(g_utf8_get_char(p))) return TRUE;
  }
  return FALSE;
}

static guint swap_unsure(RLine *a, const RLine *b) {
  g_autoptr(GArray) la = letters_of(a);
  g_autoptr(GArray) lb = letters_of(b);
  if (la->len != lb->len) return 0;
  guint diff = 0;
  for (guint i = 0; i < la->len; i++) {
    gunichar x = g_array_index(la, Letter, i).base, y = g_array_index(lb, Letter, i).base;
    if (x == y) continue;
    if (!is_consonant(x) || !is_consonant(y)) return 0;
    diff++;
  }
  if (!diff || diff > MAX_SWAP) return 0;
  guint i = 0, swapped = 0;
  for (guint k = 0; k < a->words->len; k++) {
    Word *wd = &g_array_index(a->words, Word, k);
    GString *t = g_string_new(NULL);
    for (const char *p = wd->text; *p; p = g_utf8_next_char(p)) {
      gunichar c = g_utf8_get_char(p);
      if (own_letter(c, i)) {
        gunichar y = g_array_index(lb, Letter, i++).base;
        if (c != y && is_consonant(c) && wd->conf < UNSURE_CONF) {
          c = y;
          swapped++;
        }
      }
      g_string_append_unichar(t, c);
    }
    g_free(wd->text);
    wd->text = g_string_free(t, FALSE);
  }
  return swapped;
}

gboolean ocr_reread_unsure(Engine *e, GPtrArray *lines, guint i, int rl, int rt, int rr, int rb,
                           GError **error) {
  RLine *ln = lines->pdata[i];
  if (!ocr_thai_line(ln) || !unsure_letter(ln)) return TRUE;
  int lh = MAX(1, ln->b - ln->t);
  int top = MAX(rt, ln->t - lh / 6), bottom = MIN(rb, ln->b + lh / 4);
  int left = MAX(rl, ln->l - lh / 4), right = MIN(rr, ln->r + lh / 4);
  if (right - left < 4 || bottom - top < 4) return TRUE;
  g_autoptr(GPtrArray) again =
      ocr_recognize(e, left, top, right - left, bottom - top, PSM_SINGLE_LINE, error);
  if (!again) return FALSE;
  if (again->len != 1) return TRUE;
  guint n = swap_unsure(ln, again->pdata[0]);
  if (e->debug_dir && n)
    g_printerr("ocr: unsure %d,%d-%d,%d %u letters\n", left, top, right, bottom, n);
  return TRUE;
}

/* A short Latin word on a Thai line that is how the page reading renders
 * a Thai word it took for English: capitals ("NUN" for ที่ before a
 * document number, "WA" for พ.ศ), a lower-case one with a dot ("wa." for
 * พ.ศ.), a capitalised word with a dot ("Ins."
 * for โทร., "Aw." for ก.พ.), or one capital opening the line ("N" for
 * ที่).  A closing quote is allowed. */
static gboolean caps_misread(const char *t, gboolean line_start) {
  guint caps = 0, lower = 0, dots = 0, n = 0;
  for (; *t; t = g_utf8_next_char(t), n++) {
    gunichar c = g_utf8_get_char(t);
    if (g_ascii_isupper(ocr_ascii(c)) && !lower)
      caps++;
    else if (g_ascii_islower(ocr_ascii(c)) && caps <= 1 && !dots)
      lower++;
    else if (c == '.' && (caps || lower))
      dots++;
    else if (c != 0x2019 && c != '\'')
      return FALSE;
  }
  if (caps >= 2 && caps <= 4 && !lower) return TRUE;
  if (caps == 1 && lower >= 1 && lower <= 3 && dots >= 1) return TRUE;
  if (!caps && lower >= 1 && lower <= 3 && dots >= 1) return TRUE; /* "wa." for พ.ศ. */
  return caps == 1 && !lower && !dots && line_start;
}

/* An abbreviation read as ASCII digits and letters, a digit among them:
 * one or two characters, a dot, one or two, a dot ("0.8." for มิ.ย.).
 * A number does not end so in running text. */
static gboolean digit_abbreviation(const char *t) {
  guint part = 0, parts = 0, digits = 0;
  for (; *t; t++) {
    if (*t == '.') {
      if (!part) return FALSE;
      parts++, part = 0;
    } else if (g_ascii_isalnum(*t) && ++part <= 2)
      digits += g_ascii_isdigit(*t) != 0;
    else
      return FALSE;
  }
  return parts == 2 && !part && digits;
}

/* One or two Latin letters, or one ASCII digit, alone ("A", "fi", "9"):
 * how the page pass reads ที่ right before the number it introduces. */
static gboolean short_latin(const char *t) {
  int n = ocr_latin_letters(t, FALSE, ocr_quote_or_dot);
  return (n >= 1 && n <= 2) || (g_ascii_isdigit(t[0]) && !t[1]);
}

/* Do the words after word @k of @ln spell a month's full name, however
 * Tesseract cut it into words (at most eight, up to a gap wider than the
 * line height)? */
static gboolean month_after(const RLine *ln, guint k) {
  GArray *w = ln->words;
  int lh = MAX(1, ln->b - ln->t);
  g_autoptr(GString) name = g_string_new(NULL);
  for (guint i = k + 1; i < w->len && i < k + 9; i++) {
    if (i > k + 1 && g_array_index(w, Word, i).l - g_array_index(w, Word, i - 1).r > lh) break;
    g_string_append(name, g_array_index(w, Word, i).text);
    for (int m = 0; m < 12; m++)
      if (!strcmp(name->str, SB_THAI_MONTHS[m])) return TRUE;
  }
  return FALSE;
}

/* Is word @k of @ln a misread note 4 reads again?  MISREAD: a
 * caps_misread() or a digit_abbreviation().  MISREAD_CUE: a short_latin()
 * word right before a Thai number (or one or two short words of letters
 * before one: the stock ฒ for ๗), a number misread as Latin
 * (ocr_latin_misread(): "dod" for ๗๑๕) or a document number's มท; the word
 * is likely the number's cue (ที่ read "A", "fi", "9").  A number slot
 * read as a short Latin word of any case (ocr_latin_slot(): "A Moe" for
 * ที่ ๗๑๕ on Sawasdee's scanned receipt stamp) counts as a number there
 * (a real "A" before a Latin word reads as Latin again, and stays;
 * Sawasdee's 300 dpi scanned circular: digit errors 3 -> 0, character
 * errors 45 -> 36).  A digit opening the line is a list's number, not a
 * cue.  A short Latin word right before a month's name is a MISREAD: the
 * day ("Suh wo’ กันยายน" for วันที่ ๒๙ กันยายน, Sawasdee's 200 dpi scanned
 * circular: digit errors 2 -> 0). */
enum { NOT_MISREAD, MISREAD, MISREAD_CUE };
static int misread_at(const RLine *ln, guint k) {
  const char *t = g_array_index(ln->words, Word, k).text;
  if (caps_misread(t, k == 0) || digit_abbreviation(t)) return MISREAD;
  if (k + 1 >= ln->words->len) return NOT_MISREAD;
  const char *next = g_array_index(ln->words, Word, k + 1).text;
  if (ocr_latin_slot(t) && month_after(ln, k)) return MISREAD; /* a day */
  gboolean number = ocr_thai_number(next) || ocr_latin_misread(next) ||
                    ocr_letters_before_number(ln, k) || g_str_has_prefix(next, "มท") ||
                    ocr_latin_slot(next);
  return number && short_latin(t) && (k > 0 || !g_ascii_isdigit(t[0])) ? MISREAD_CUE
                                                                       : NOT_MISREAD;
}

#define LATIN_LETTERS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
/* how much surer (mean word confidence) a reading without Latin letters
 * must be than the Latin one to replace it */
#define CAPS_MARGIN 0.0

static gboolean read_as(Engine *e, int l, int t, int w, int h, int psm, gboolean no_latin,
                        GString *txt, double *conf, GError **error);

/* Note 4: a capital-Latin misread (caps_misread) on a Thai line is read
 * again on its own, as one word; the new reading replaces it only when it
 * is Thai letters and marks alone, or a number with a Thai digit ("MO"
 * for ๓๐; note 3 then reads it with the digit model).  Real Latin words
 * (e-LAAS, LPA) read the same again, or as Latin, and stay.  A misread
 * with a dot before a number ("WA." ๒๕๖๔) is first read with its number
 * (abbreviation_before_number()) and that reading is taken when it is a
 * short abbreviation: read alone, one word, Tesseract drops its inner dot
 * ("พศ.", "กพ.").  The crop reaches up for the line's marks but starts
 * below the descenders of the line above it cuts (ocr_below_ink()): their
 * sliver was read as a letter ("พพ.ศ.").  Scanned letters against their
 * born-digital text: seed bundle 79 -> 78 character errors, own letters
 * 19 -> 16; held-out digit pages 527 -> 523 character errors.  Also read
 * again (misread_at()): a month's abbreviation read as digits ("0.8." for
 * มิ.ย.: the digit run took it in as a number), and one or two Latin
 * letters or a digit right before a number ("A", "fi", "9" for ที่), whose
 * reading without Latin letters is kept when it is a number cue even if
 * Tesseract is less sure of it ("ij" 86, ที่ 79).  Digit benchmark, held
 * out: 300 dpi digit errors 39 -> 33 of 3,852, 200 dpi 54 -> 51;
 * character errors of the 24 pages 562 -> 524. */
/* One word's box read again as a single word: its text (all words
 * joined) and mean confidence; FALSE on a recognition error. */
static gboolean read_word(Engine *e, int l, int t, int w, int h, gboolean no_latin, GString *txt,
                          double *conf, GError **error) {
  return read_as(e, l, t, w, h, PSM_SINGLE_WORD, no_latin, txt, conf, error);
}

/* The same with another page segmentation mode (a line: PSM_SINGLE_LINE). */
static gboolean read_as(Engine *e, int l, int t, int w, int h, int psm, gboolean no_latin,
                        GString *txt, double *conf, GError **error) {
  if (no_latin) TessBaseAPISetVariable(e->api, "tessedit_char_blacklist", LATIN_LETTERS);
  g_autoptr(GPtrArray) again = ocr_recognize(e, l, t, w, h, psm, error);
  if (no_latin) TessBaseAPISetVariable(e->api, "tessedit_char_blacklist", "");
  if (!again) return FALSE;
  double sum = 0;
  guint n = 0;
  g_string_truncate(txt, 0);
  for (guint i = 0; i < again->len; i++) {
    const RLine *a = again->pdata[i];
    for (guint k = 0; k < a->words->len; k++, n++) {
      const char *word = g_array_index(a->words, Word, k).text;
      /* Latin words keep their space ("(QR Code)"); Thai has none */
      if (txt->len && g_ascii_isalnum(txt->str[txt->len - 1]) && g_ascii_isalnum(*word))
        g_string_append_c(txt, ' ');
      g_string_append(txt, word);
      sum += g_array_index(a->words, Word, k).conf;
    }
  }
  *conf = n ? sum / n : 0;
  return TRUE;
}

/* Thai letters and marks, with dots between or after them (ก.พ., โทร.) */
static gboolean thai_word(const char *t) {
  if (!*t) return FALSE;
  for (const char *p = t; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!(sb_is_thai_letter(c) || sb_is_thai_mark(c) || (c == '.' && p > t))) return FALSE;
  }
  return TRUE;
}

/* A short Thai abbreviation: each part before a dot one or two consonants
 * with their vowels and marks (พ.ศ., ก.ย., มิ.ย., โทร.), the last part
 * ending in a dot.  A longer part is more likely a misreading than an
 * abbreviation before a number ("พ.ศคศี." for พ.ศ.). */
static gboolean short_abbreviation(const char *t) {
  guint consonants = 0, parts = 0;
  for (const char *p = t; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c == '.') {
      if (!consonants) return FALSE;
      parts++;
      consonants = 0;
    } else if (is_consonant(c)) {
      if (++consonants > 2) return FALSE;
    } else if (!sb_is_thai_letter(c) && !sb_is_thai_mark(c))
      return FALSE;
  }
  return parts && !consonants && g_str_has_suffix(t, ".");
}

/* An abbreviation before a number ("wa." then "2564" for พ.ศ. ๒๕๖๔) that
 * read as Latin on its own is read again with its number, as a line: the
 * pair is read right far more often.  Sets *keep (into @buf) to the Thai
 * abbreviation when the reading is a Thai word with a dot followed by the
 * same number; FALSE only on a recognition error. */
static gboolean abbreviation_before_number(Engine *e, const RLine *ln, guint k, int left, int top,
                                           int bottom, int rr, int lh, GString *buf,
                                           const char **keep, GError **error) {
  const Word *wd = &g_array_index(ln->words, Word, k);
  if (!strchr(wd->text, '.') || k + 1 >= ln->words->len) return TRUE;
  const Word *nx = &g_array_index(ln->words, Word, k + 1);
  if (!ocr_count_digits(nx->text)) return TRUE;
  int right = ocr_off_ink(e->bin, MIN(rr, nx->r + lh / 5), +1, rr, ln, lh);
  double c = 0;
  if (!read_as(e, left, top, right - left, bottom - top, PSM_SINGLE_LINE, FALSE, buf, &c, error))
    return FALSE;
  char *at = strstr(buf->str, nx->text);
  if (!at) return TRUE;
  g_string_truncate(buf, at - buf->str);
  /* what the crop's edge added before the word ("|") */
  const char *p = buf->str;
  while (*p && !sb_is_thai_letter(g_utf8_get_char(p))) p = g_utf8_next_char(p);
  g_string_erase(buf, 0, p - buf->str);
  if (thai_word(buf->str) && strchr(buf->str, '.')) *keep = buf->str;
  return TRUE;
}

gboolean ocr_reread_caps(Engine *e, RLine *ln, int rl, int rt, int rr, int rb, GError **error) {
  if (!ocr_thai_line(ln)) return TRUE;
  int lh = MAX(1, ln->b - ln->t);
  g_autoptr(GString) txt = g_string_new(NULL);
  g_autoptr(GString) forced = g_string_new(NULL);
  g_autoptr(GString) paired = g_string_new(NULL);
  for (guint k = 0; k < ln->words->len; k++) {
    Word *wd = &g_array_index(ln->words, Word, k);
    int misread = misread_at(ln, k);
    if (misread == NOT_MISREAD) continue;
    int left = ocr_off_ink(e->bin, MAX(rl, wd->l - lh / 5), -1, rl, ln, lh);
    int right = ocr_off_ink(e->bin, MIN(rr, wd->r + lh / 5), +1, rr, ln, lh);
    int top = ocr_below_ink(e->bin, left, right, MAX(rt, ln->t - lh / 3), ln->t);
    int bottom = MIN(rb, ln->b + lh / 10);
    if (right - left < 4 || bottom - top < 4) continue;
    double c1 = 0, c2 = 0;
    const char *pair = NULL;
    if (!abbreviation_before_number(e, ln, k, left, top, bottom, rr, lh, paired, &pair, error))
      return FALSE;
    const char *keep = pair && short_abbreviation(pair) ? pair : NULL;
    if (!keep && !read_word(e, left, top, right - left, bottom - top, FALSE, txt, &c1, error))
      return FALSE;
    if (!keep && (thai_word(txt->str) || ocr_thai_number(txt->str))) keep = txt->str;
    if (!keep) {
      /* still Latin: is a Thai reading of the same ink the surer one? */
      if (!read_word(e, left, top, right - left, bottom - top, TRUE, forced, &c2, error))
        return FALSE;
      if ((thai_word(forced->str) || ocr_thai_number(forced->str)) && c2 > c1 + CAPS_MARGIN)
        keep = forced->str;
      /* a cue before a number, read so without Latin letters, is one */
      if (misread == MISREAD_CUE && thai_word(forced->str) && ocr_number_cue(forced->str))
        keep = forced->str;
    }
    if (!keep) keep = pair;
    if (e->debug_dir)
      g_printerr("ocr: caps %d,%d-%d,%d [%s] %.0f -> [%s] %.0f, no Latin [%s] %.0f, with the "
                 "number [%s]%s\n", left, top, right, bottom, wd->text, wd->conf, txt->str, c1,
                 forced->str, c2, pair ? pair : "", keep ? "" : " not kept");
    if (keep) {
      g_free(wd->text);
      wd->text = g_strdup(keep);
    }
    g_string_truncate(forced, 0);
  }
  return TRUE;
}

/* Note 5: a Latin name in parentheses inside Thai text ("(e-LAAS)",
 * "(e-Plan)") is often read by the page pass as Thai digits and letters
 * with low confidence ("(๑ -1/ เ 55)"): the block's line model leans to
 * Thai.  Such a span, from "(" to ")" on one line, that holds something
 * other than Thai letters and is either unsure or mixes scripts, is read
 * again as one word; the new reading is kept only when it is a Latin name
 * in parentheses (two Latin letters or more, nothing Thai) and surer than
 * the old one.  A name broken over two lines ("(๑-" then "LAAS)") is
 * suspect by its second part: its first part is read again and kept when
 * it is "(" and Latin.  A span is unsure when its least sure word is
 * ("(OR" 78, "Code)" 93: "(QR Code)" again).  A reading whose glyphs the
 * glyph classifier names digits is no name but a number in brackets
 * (Sawasdee's "(๗๘๔)" read "(MICE)", again "(nice)"): it is left to note
 * 3.  Held-out digit pages: digit errors 180 -> 168 (Sawasdee numbers t2i
 * 200 dpi 41 -> 34, 300 dpi 28 -> 26; Norasi numbers scan 300 dpi 5 -> 2),
 * character errors 523 -> 510. */
#define LATIN_MIN_CONF 80.0

static gboolean latin_span_suspect(const char *t, double conf) {
  gboolean thai_letter = FALSE, other = FALSE;
  for (const char *p = t; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (sb_is_thai_letter(c) || sb_is_thai_mark(c))
      thai_letter = TRUE;
    else if (c != '(' && c != ')' && c != '.' && !g_unichar_isspace(c))
      other = TRUE; /* digits, Latin, other punctuation */
  }
  return other && (conf < LATIN_MIN_CONF || thai_letter);
}

/* "(e-LAAS)"; with @broken, the part before a line break: "(e-" */
static gboolean latin_name(const char *t, gboolean broken) {
  if (!g_str_has_prefix(t, "(")) return FALSE;
  if (broken ? strchr(t, ')') != NULL : !g_str_has_suffix(t, ")")) return FALSE;
  guint letters = 0;
  for (const char *p = t; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_get_script(c) == G_UNICODE_SCRIPT_THAI) return FALSE;
    letters += g_ascii_isalpha(ocr_ascii(c)) != 0;
  }
  return letters >= (broken ? 1u : 2u);
}

/* Does @next (the following line of the same region) go on with the
 * Latin name: its first word closes the parenthesis, Latin letters before
 * it ("LAAS)")? */
static gboolean latin_goes_on(const RLine *next) {
  if (!next || !next->words->len) return FALSE;
  const char *t = g_array_index(next->words, Word, 0).text;
  const char *close = strchr(t, ')');
  if (!close || close == t) return FALSE;
  for (const char *p = t; p < close; p++)
    if (!g_ascii_isalpha(*p) && *p != '-') return FALSE;
  return TRUE;
}

gboolean ocr_reread_latin(Engine *e, RLine *ln, const RLine *next, int rl, int rt, int rr, int rb,
                          GError **error) {
  if (!ocr_thai_line(ln)) return TRUE;
  GArray *w = ln->words;
  int lh = MAX(1, ln->b - ln->t);
  g_autoptr(GString) span = g_string_new(NULL);
  g_autoptr(GString) txt = g_string_new(NULL);
  for (guint k = 0; k < w->len; k++) {
    if (!g_str_has_prefix(g_array_index(w, Word, k).text, "(")) continue;
    guint j = k;
    double sum = 0, least = 100;
    g_string_truncate(span, 0);
    for (; j < w->len && j < k + 8; j++) {
      const Word *wd = &g_array_index(w, Word, j);
      g_string_append(span, wd->text);
      sum += wd->conf;
      least = MIN(least, wd->conf);
      if (strchr(wd->text, ')')) break;
    }
    /* a name broken over two lines: its first part, to the line's end */
    gboolean broken = j == w->len && j <= k + 3 && latin_goes_on(next);
    if (broken) j = w->len - 1;
    else if (j == w->len || j == k + 8 || !g_str_has_suffix(span->str, ")")) continue;
    double conf = sum / (j - k + 1);
    /* (a name's first part is suspect by what follows it) */
    if (!broken && !latin_span_suspect(span->str, least)) continue;
    const Word *a = &g_array_index(w, Word, k), *z = &g_array_index(w, Word, j);
    int left = ocr_off_ink(e->bin, MAX(rl, a->l - lh / 10), -1, rl, ln, lh);
    int right = ocr_off_ink(e->bin, MIN(rr, z->r + lh / 10), +1, rr, ln, lh);
    int top = MAX(rt, ln->t - lh / 10), bottom = MIN(rb, ln->b + lh / 10);
    if (right - left < 4 || bottom - top < 4) continue;
    double c1 = 0;
    if (!read_word(e, left, top, right - left, bottom - top, FALSE, txt, &c1, error)) return FALSE;
    gboolean keep = latin_name(txt->str, broken) && (broken || c1 > conf) && c1 >= LATIN_MIN_CONF;
    if (keep && e->glyphs) {
      /* a number in brackets ("(๗๘๔)" read "(MICE)", again "(nice)") is
       * no name: the glyph classifier names its glyphs digits (note 3e) */
      Word probe = {.l = a->l, .t = MIN(a->t, z->t), .r = z->r, .b = MAX(a->b, z->b),
                    .text = txt->str};
      keep = !ocr_glyph_word(e, ln, &probe, GLYPH_WORD_SURE);
    }
    if (e->debug_dir)
      g_printerr("ocr: latin %d,%d-%d,%d [%s] %.0f -> [%s] %.0f%s\n", left, top, right, bottom,
                 span->str, conf, txt->str, c1, keep ? "" : " not kept");
    if (!keep) continue;
    Word nw = {.l = a->l, .t = MIN(a->t, z->t), .r = z->r, .b = MAX(a->b, z->b),
               .text = g_strdup(txt->str), .conf = (float)c1, .settled = TRUE};
    g_array_remove_range(w, k, j - k + 1);
    g_array_insert_val(w, k, nw);
  }
  return TRUE;
}

/* Note 6: a URL's scheme at a Thai line's end ("ได้ที่ https://", the
 * address on the next line) is read by the page pass as Thai and digits
 * ("ก 05://"): the line model leans to Thai.  A word with "://" after
 * anything but a scheme is read again as one word, with the word or two
 * before it that touch it, and the new reading taken when its scheme is
 * one of the few a letter prints (http, https, ftp) or one letter off one
 * ("ittps://": "://" says a scheme, and they are few).  On the scanned own
 * letters: "https://" of letter 1 restored (its urls and body fields). */
static const char *const SCHEMES[] = {"https", "http", "ftp"};

/* The edit distance of @a and @b (at most 8 bytes each; more: 9). */
static int edits(const char *a, const char *b) {
  size_t n = strlen(a), m = strlen(b);
  if (n > 8 || m > 8) return 9;
  int d[9][9];
  for (size_t x = 0; x <= n; x++) d[x][0] = (int)x;
  for (size_t y = 0; y <= m; y++) d[0][y] = (int)y;
  for (size_t x = 1; x <= n; x++)
    for (size_t y = 1; y <= m; y++)
      d[x][y] = MIN(MIN(d[x - 1][y], d[x][y - 1]) + 1, d[x - 1][y - 1] + (a[x - 1] != b[y - 1]));
  return d[n][m];
}

/* The scheme @t's "://" follows (all of @t before it): its own when it is
 * one of SCHEMES, the one it is one letter off with @near, else NULL. */
static const char *scheme_of(const char *t, gboolean near) {
  const char *end = strstr(t, "://");
  if (!end || end - t > 8) return NULL;
  char head[9];
  memcpy(head, t, (size_t)(end - t));
  head[end - t] = '\0';
  for (gsize i = 0; i < G_N_ELEMENTS(SCHEMES); i++)
    if (!strcmp(head, SCHEMES[i])) return SCHEMES[i];
  for (gsize i = 0; near && strlen(head) >= 3 && i < G_N_ELEMENTS(SCHEMES); i++)
    if (edits(head, SCHEMES[i]) == 1) return SCHEMES[i];
  return NULL;
}

gboolean ocr_reread_scheme(Engine *e, RLine *ln, int rl, int rt, int rr, int rb, GError **error) {
  if (!ocr_thai_line(ln)) return TRUE;
  GArray *w = ln->words;
  int lh = MAX(1, ln->b - ln->t);
  g_autoptr(GString) txt = g_string_new(NULL);
  for (guint k = 0; k < w->len; k++) {
    const Word *z = &g_array_index(w, Word, k);
    if (!strstr(z->text, "://") || scheme_of(z->text, FALSE)) continue;
    /* the word alone, then with the one or two words before it that
     * touch it (the page pass cut "ก 05://" for https://) */
    for (guint m = 0; m <= 2 && m <= k; m++) {
      const Word *a = &g_array_index(w, Word, k - m);
      if (m && g_array_index(w, Word, k - m + 1).l - a->r > lh / 2) break;
      int left = MAX(rl, a->l - lh / 10), right = MIN(rr, z->r + lh / 10);
      int top = MAX(rt, ln->t - lh / 10), bottom = MIN(rb, ln->b + lh / 10);
      if (right - left < 4 || bottom - top < 4) break;
      double conf = 0;
      if (!read_word(e, left, top, right - left, bottom - top, FALSE, txt, &conf, error))
        return FALSE;
      const char *scheme = scheme_of(txt->str, TRUE);
      gboolean keep = scheme != NULL;
      if (e->debug_dir)
        g_printerr("ocr: scheme [%s] (%u words) -> [%s] %.0f%s\n", z->text, m + 1, txt->str,
                   conf, keep ? "" : " not kept");
      if (!keep) continue;
      Word nw = {.l = a->l, .t = MIN(a->t, z->t), .r = z->r, .b = MAX(a->b, z->b),
                 .text = g_strconcat(scheme, strstr(txt->str, "://"), NULL),
                 .conf = (float)conf, .settled = TRUE};
      g_array_remove_range(w, k - m, m + 1);
      g_array_insert_val(w, k - m, nw);
      k -= m;
      break;
    }
  }
  return TRUE;
}

/* The text after @at in word @k of @w: @at itself, or the next word's
 * when @at is the end of word @k (the page pass makes a word of each
 * letter); NULL at the line's end. */
static char *next_in_line(GArray *w, guint k, char *at) {
  if (*at) return at;
  return k + 1 < w->len ? g_array_index(w, Word, k + 1).text : NULL;
}

/* A tone mark read twice before SARA AA (น้้า) is a tone mark on SARA AM
 * (น้ำ) whose NIKHAHIT ring was taken for a second tone mark: a doubled
 * tone mark is never Thai. */
void ocr_doubled_tone(RLine *ln) {
  GArray *w = ln->words;
  for (guint k = 0; k < w->len; k++) {
    char *t = g_array_index(w, Word, k).text;
    for (char *p = t; *p; p = g_utf8_next_char(p)) {
      gunichar c = g_utf8_get_char(p);
      char *q = g_utf8_next_char(p);
      if (!is_tone_mark(c) || g_utf8_get_char(q) != c) continue;
      char *after = g_utf8_next_char(q);
      char *aa = next_in_line(w, k, after);
      if (!aa || g_utf8_get_char(aa) != 0x0E32) continue;
      /* drop the second mark; SARA AA (3 bytes in UTF-8) becomes SARA AM */
      memmove(q, after, strlen(after) + 1);
      if (aa == after) aa = q;
      memcpy(aa, "\u0E33", 3);
      break;
    }
  }
}

/* Tesseract's layout sometimes makes a text line of the marks above a
 * line (the tone marks and upper vowels of "ซ่อมแซม สถานีสูบน้ำ"), and
 * reads them as "1 a v" or digits.  A line that ends inside the top of
 * the box of the line right below it, and is either less than 0.6 times
 * as high or mostly empty (its words cover less than 30% of its width),
 * is such a row: dropped; the line below is then read again with the
 * band above it (reread_marks), which gives the marks back to their
 * letters.  Likewise a low or mostly empty row just below a line (its
 * lower vowels), and a "word" wholly below a line's baseline (ู of ครู
 * read as ย): dropped, and the line read again with the band below it.
 * A line that short lying within the next line's band is a piece cut off
 * it ("ซ่" of ซ่อมแซม): its words join that line. */
/* Note 6: SARA AM's ring (NIKHAHIT) read as MAI THO (ก้าหนด for
 * กำหนด): the page pass takes a small ring over a letter for the tone
 * mark, and SARA AA follows both, so the text cannot tell them apart
 * (ก้าว is a word).  The ink can: the marks above a word's letters are
 * its connected components wholly above the letters' tops, and when
 * there are as many as the reading has upper marks they pair off left to
 * right (a mark stacked on another after it).  MAI THO read before SARA
 * AA whose mark is a ring, a hole of RING_HOLE of its box or more and no
 * wider than RING_WIDE times its height, is SARA AM.  MAI THO's own
 * loop, in the looped faces, is a small one at the end of a wider
 * stroke: rendered at 200 dpi in 13 Thai faces its hole was 0 to 8% of
 * its box and its width 1.25 to 2.8 times its height; the ring's hole 8
 * to 31% of its box, its width 0.7 to 1.25 times its height. */
#define RING_HOLE 0.1
#define RING_WIDE 1.3

/* a mark above the letters; SARA AM's ring is one */
static gboolean is_upper_mark(gunichar c) {
  return is_upper_vowel(c) || is_tone_mark(c) || c == 0x0E4D || c == 0x0E33;
}

typedef struct {
  int x, y, w, h, glyph; /* box, index in the word's PIXA */
} Mark;

/* left to right; of two marks stacked (their columns overlap by half),
 * the lower first */
static int cmp_mark_order(gconstpointer a, gconstpointer b) {
  const Mark *x = a, *y = b;
  int overlap = MIN(x->x + x->w, y->x + y->w) - MAX(x->x, y->x);
  if (2 * overlap >= MIN(x->w, y->w)) return (y->y + y->h) - (x->y + x->h);
  return (2 * x->x + x->w) - (2 * y->x + y->w);
}

/* Is the @n-th of the @marks upper marks the reading of @wd has a ring
 * in the ink?  FALSE when the ink's marks do not pair off with them. */
static gboolean mark_is_ring(PIX *bin, const RLine *ln, const Word *wd, guint n, guint marks) {
  int lh = MAX(1, ln->b - ln->t);
  int top = ocr_below_ink(bin, wd->l, wd->r, MAX(0, ln->t - lh / 3), ln->t);
  int base = (int)ln->base - top; /* in the crop */
  BOX *clip = boxCreate(wd->l, top, wd->r - wd->l + 1, base + 2);
  PIX *word = clip ? pixClipRectangle(bin, clip, NULL) : NULL;
  boxDestroy(&clip);
  PIXA *glyphs = NULL;
  BOXA *boxes = word ? pixConnComp(word, &glyphs, 8) : NULL;
  int count = boxes ? boxaGetCount(boxes) : 0;
  /* the letters' tops: the median top of the glyphs standing on the base */
  g_autoptr(GArray) tops = g_array_new(FALSE, FALSE, sizeof(int));
  g_autoptr(GArray) upper = g_array_new(FALSE, FALSE, sizeof(Mark));
  for (int i = 0; i < count; i++) {
    l_int32 x, y, w, h;
    boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h);
    if (abs(y + h - base) <= lh / 8 && h > lh / 6) g_array_append_val(tops, y);
  }
  int letters = tops->len ? ocr_median(tops) : 0;
  for (int i = 0; tops->len && i < count; i++) {
    Mark m = {0, 0, 0, 0, i};
    boxaGetBoxGeometry(boxes, i, &m.x, &m.y, &m.w, &m.h);
    if (m.y + m.h <= letters + 1 && m.w * m.h >= 4) g_array_append_val(upper, m);
  }
  gboolean ring = FALSE;
  if (upper->len == marks) {
    g_array_sort(upper, cmp_mark_order);
    const Mark *m = &g_array_index(upper, Mark, n);
    PIX *glyph = pixaGetPix(glyphs, m->glyph, L_CLONE);
    PIX *holes = glyph ? pixHolesByFilling(glyph, 4) : NULL;
    l_int32 hole = 0;
    if (holes) pixCountPixels(holes, &hole, NULL);
    ring = hole >= RING_HOLE * m->w * m->h && m->w <= RING_WIDE * m->h;
    pixDestroy(&holes);
    pixDestroy(&glyph);
  }
  boxaDestroy(&boxes);
  pixaDestroy(&glyphs);
  pixDestroy(&word);
  return ring;
}

void ocr_ring_am(Engine *e, RLine *ln) {
  for (guint k = 0; k < ln->words->len; k++) {
    Word *wd = &g_array_index(ln->words, Word, k);
    guint marks = 0;
    for (const char *p = wd->text; *p; p = g_utf8_next_char(p))
      marks += is_upper_mark(g_utf8_get_char(p));
    guint n = 0;
    gunichar before = 0;
    for (char *p = wd->text; *p; p = g_utf8_next_char(p)) {
      gunichar c = g_utf8_get_char(p);
      char *q = g_utf8_next_char(p);
      char *aa = next_in_line(ln->words, k, q); /* SARA AA after it? */
      if (c == 0x0E49 && is_consonant(before) && aa && g_utf8_get_char(aa) == 0x0E32 &&
          mark_is_ring(e->bin, ln, wd, n, marks)) {
        if (e->debug_dir) g_printerr("ocr: ring for MAI THO in [%s]\n", wd->text);
        /* MAI THO goes; SARA AA (3 bytes each in UTF-8) becomes SARA AM */
        memmove(p, q, strlen(q) + 1);
        if (aa == q) aa = p;
        memcpy(aa, "\u0E33", 3);
        break;
      }
      n += is_upper_mark(c);
      before = c;
    }
  }
}

static int cmp_word_x(gconstpointer a, gconstpointer b) {
  return ((const Word *)a)->l - ((const Word *)b)->l;
}

static gboolean reaches_below(const char *t) {
  for (; *t; t = g_utf8_next_char(t)) {
    gunichar c = g_utf8_get_char(t);
    if ((c >= 0x0E38 && c <= 0x0E3A) || c == 0x0E0E || c == 0x0E0F || c == 0x0E10 ||
        c == 0x0E0D || c == 0x0E24 || c == 0x0E26 || !sb_is_thai(c))
      return TRUE;
  }
  return FALSE;
}

/* Do the line's "words" cover less than 30% of its width?  (A line of
 * text is mostly ink; a row of marks read as a line is a few specks.) */
static gboolean sparse_row(const RLine *ln) {
  int covered = 0;
  for (guint k = 0; k < ln->words->len; k++)
    covered += g_array_index(ln->words, Word, k).r - g_array_index(ln->words, Word, k).l;
  return 10 * covered < 3 * MAX(1, ln->r - ln->l);
}

void ocr_drop_mark_rows(GPtrArray *lines) {
  /* a "word" wholly below a line's baseline is a lower vowel read as a
   * letter (ู of ครู as ย): no letter sits there.  A word whose ink
   * reaches well below the baseline with nothing in its text that does
   * (a lower vowel, ฎ ฏ ฐ ญ ฤ ฦ, or Latin) lost its lower vowel (ศนย์
   * for ศูนย์) */
  for (guint i = 0; i < lines->len; i++) {
    RLine *ln = lines->pdata[i];
    for (guint k = 0; k < ln->words->len;) {
      const Word *wd = &g_array_index(ln->words, Word, k);
      int lh = ln->b - ln->t;
      /* (a box as high as the line is Tesseract's approximation, not ink) */
      if (wd->b > ln->base + 0.15 * lh && wd->t > ln->t + 0.2 * lh && !reaches_below(wd->text)) {
        ln->marks_cut = TRUE;
        ln->marks_below = MAX(ln->marks_below, wd->b - ln->b);
      }
      if (ln->words->len > 1 && wd->t > ln->base + 1) {
        ln->marks_cut = TRUE;
        ln->marks_below = MAX(ln->marks_below, wd->b - ln->b);
        g_array_remove_index(ln->words, k);
      } else {
        k++;
      }
    }
  }
  /* (after a row is dropped or joined, the line before is paired again
   * with what is now next to it: a second row of marks, the tone marks
   * over upper vowels, sits above the first) */
  for (guint i = 0; i + 1 < lines->len;) {
    RLine *a = lines->pdata[i], *b = lines->pdata[i + 1];
    int ha = a->b - a->t, hb = b->b - b->t;
    /* ends inside the top of the next line's box (a line of its own ends
     * above it) */
    gboolean above = a->b <= b->t + hb / 2 && a->b > b->t + 2;
    gboolean overlap = a->l < b->r && b->l < a->r;
    gboolean inside = a->t >= b->t && a->b <= b->b;
    /* a row of marks is low, or mostly empty */
    gboolean sparse = sparse_row(a);
    /* the same below a line: its lower vowels (ู of ครู read as "ย") */
    gboolean sparse_b = sparse_row(b);
    gboolean below = b->t <= a->b + 2 && b->t >= a->b - ha / 2 && b->b <= a->b + ha / 2;
    /* (Tesseract may give a row of marks after the line it tops) */
    gboolean topping = b->b <= a->t + ha / 2 && b->b > a->t + 2;
    if ((5 * ha < 3 * hb || sparse) && above && overlap) {
      b->marks_cut = TRUE;
      g_ptr_array_remove_index(lines, i);
    } else if ((5 * hb < 3 * ha || sparse_b) && topping && overlap) {
      a->marks_cut = TRUE;
      g_ptr_array_remove_index(lines, i + 1);
    } else if ((5 * hb < 3 * ha || sparse_b) && below && overlap) {
      a->marks_cut = TRUE;
      a->marks_below = MAX(a->marks_below, b->b - a->b);
      g_ptr_array_remove_index(lines, i + 1);
    } else if (2 * ha < hb && inside) {
      /* a piece of the next line that the layout cut off: its words join
       * that line (without their own boxes' heights) */
      for (guint k = 0; k < a->words->len; k++) {
        Word wd = g_array_index(a->words, Word, k);
        wd.text = g_strdup(wd.text);
        g_array_append_val(b->words, wd);
      }
      g_array_sort(b->words, cmp_word_x);
      b->l = MIN(b->l, a->l), b->r = MAX(b->r, a->r);
      g_ptr_array_remove_index(lines, i);
    } else {
      i++;
      continue;
    }
    i = i ? i - 1 : 0;
  }
}
