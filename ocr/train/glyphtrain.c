/*
 * glyphtrain.c: trains saraban's digit glyph classifier (ocr/glyphs.h)
 * from text2image renderings: each BASE names BASE.tif (its pages) and
 * BASE.box (text2image's character boxes, one page number each).  Every
 * Thai or ASCII digit of the boxes, and every mark numbers are written
 * with that is more than a dot (MARKS: : / ( ) ว), at most --per of each
 * character per rendering, is cut out of the binarized page the way the
 * OCR stage cuts a run (sb_glyphs_cut(): binarized alike, joined alike)
 * and becomes a template.  Run by ocr/train/train-glyphs.sh.
 *
 * With --letters N, the Thai letters that stand on the line are
 * templates too, at most N of each per rendering: a glyph is then named
 * a letter rather than the digit nearest it (digits.c, note 3e).
 *
 * With --check, MODEL is read instead of written: each digit and mark of
 * the renderings is cut the same way and named by it, and the share of
 * the digits named right is printed with the confusions, then on a line
 * of its own the share of the marks, and with --letters the share of the
 * letters named a letter (the classifier alone, on fonts it was not
 * trained on: bench/bench-digits.sh judges the whole stage).
 *
 * Usage: glyphtrain [--per N] [--letters N] [--height H] OUT.glyphs BASE...
 *        glyphtrain --check [--letters 1] MODEL.glyphs BASE...
 */
#include <glib.h>
#include <locale.h>
#include <stdio.h>

#include "../../core/sb.h"
#include "../glyphs.h"

/* The marks around numbers the classifier knows besides the digits:
 * those of the digit model's training text (digitext.c) but the dot, the
 * comma and the dash, which recog drops as noise (they are too thin for
 * its vertical opening) and the OCR stage tells apart by where they sit
 * (digits.c, note 3d). */
static const char MARKS[] = ":/()ว";

/* What a character is to the classifier: DIGIT, MARK (MARKS), LETTER (a
 * Thai letter that stands on the line: the marks above and below are
 * cut with the letter they sit on) or -1, none of these. */
enum { DIGIT, MARK, LETTER };
static int kind_of(gunichar c) {
  if (g_unichar_isdigit(c)) return DIGIT;
  if (g_utf8_strchr(MARKS, -1, c)) return MARK;
  return sb_is_thai_letter(c) ? LETTER : -1;
}

typedef struct {
  gunichar c;
  int l, t, r, b, page;
} CharBox;

/* The boxes of @path (text2image: "c left bottom right top page", y up). */
static GArray *read_boxes(const char *path, int height, GError **error) {
  g_autofree char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, error)) return NULL;
  GArray *a = g_array_new(FALSE, FALSE, sizeof(CharBox));
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    if (!*lines[i] || !g_utf8_validate(lines[i], -1, NULL)) continue;
    CharBox cb = {g_utf8_get_char(lines[i]), 0, 0, 0, 0, 0};
    int bottom, top;
    if (sscanf(g_utf8_next_char(lines[i]), "%d %d %d %d %d", &cb.l, &bottom, &cb.r, &top,
               &cb.page) != 5)
      continue;
    cb.t = height - top;
    cb.b = height - bottom;
    g_array_append_val(a, cb);
  }
  return a;
}

/* The glyph of a character box, cut from the box with a margin the way
 * the OCR stage cuts a run; NULL if none or if it took in a neighbour
 * (wider than the box by half). */
static PIX *glyph_of(PIX *bin, const CharBox *cb) {
  int h = cb->b - cb->t, w = cb->r - cb->l;
  PIXA *glyphs = sb_glyphs_cut(bin, NULL, MAX(0, cb->l - h / 3), MAX(0, cb->t - h / 3),
                               MIN(pixGetWidth(bin), cb->r + h / 3),
                               MIN(pixGetHeight(bin), cb->b + h / 3), h * 4 / 3);
  PIX *glyph = sb_glyphs_at(glyphs, cb->l, cb->r, w * 3 / 2);
  pixaDestroy(&glyphs);
  return glyph;
}

int main(int argc, char **argv) {
  setlocale(LC_ALL, "");
  setMsgSeverity(L_SEVERITY_ERROR);
  int per = 3, height = 40;
  gboolean check = FALSE;
  int letters = 0;
  GOptionEntry entries[] = {
      {"check", 0, 0, G_OPTION_ARG_NONE, &check, "name the digits with MODEL, report", NULL},
      {"per", 0, 0, G_OPTION_ARG_INT, &per, "templates of each character per rendering", "N"},
      {"height", 0, 0, G_OPTION_ARG_INT, &height, "template height in pixels", "H"},
      {"letters", 0, 0, G_OPTION_ARG_INT, &letters,
       "templates of each Thai letter per rendering (with --check: any, letters are checked)", "N"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx =
      g_option_context_new("OUT.glyphs BASE... - train the digit glyph classifier");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &error) || argc < 3 || per < 1 || height < 8) {
    g_printerr(
        "glyphtrain: %s\n",
        error ? error->message : "usage: glyphtrain [--per N] [--height H] OUT.glyphs BASE...");
    return 2;
  }
  g_autoptr(SbGlyphs) g = check ? sb_glyphs_load(argv[1], &error) : sb_glyphs_new(height);
  if (!g) {
    g_printerr("glyphtrain: %s\n", error->message);
    return 1;
  }
  if (check) per = G_MAXINT;
  /* by kind: DIGIT, MARK, LETTER */
  guint added[3] = {0, 0, 0}, wrong[3] = {0, 0, 0};
  /* the scores of the digits and marks named right [0] and wrong [1], and
   * of the letters named digits or marks [2], by tenths: how sure a naming
   * must be (digits.c's GLYPH_* thresholds) */
  guint tenths[3][10] = {{0}};
  g_autoptr(GString) digit_confusions = g_string_new(NULL);
  g_autoptr(GString) mark_confusions = g_string_new(NULL);
  g_autoptr(GString) letter_confusions = g_string_new(NULL);
  GString *confusions[3] = {digit_confusions, mark_confusions, letter_confusions};
  for (int i = 2; i < argc; i++) {
    g_autofree char *tif = g_strconcat(argv[i], ".tif", NULL);
    g_autofree char *box = g_strconcat(argv[i], ".box", NULL);
    PIX *first = pixRead(tif);
    if (!first) {
      g_printerr("glyphtrain: cannot read %s\n", tif);
      return 1;
    }
    g_autoptr(GArray) boxes = read_boxes(box, pixGetHeight(first), &error);
    pixDestroy(&first);
    if (!boxes) {
      g_printerr("glyphtrain: %s\n", error->message);
      return 1;
    }
    g_autoptr(GHashTable) count = g_hash_table_new(NULL, NULL);
    PIX *bin = NULL;
    int page = -1;
    for (guint k = 0; k < boxes->len; k++) {
      const CharBox *cb = &g_array_index(boxes, CharBox, k);
      guint n = GPOINTER_TO_UINT(g_hash_table_lookup(count, GUINT_TO_POINTER(cb->c)));
      /* (text2image's boxes hold Thai and ASCII characters only) */
      int kind = kind_of(cb->c);
      if (kind < 0 || (kind == LETTER && !letters) ||
          n >= (guint)(kind == LETTER && !check ? letters : per))
        continue;
      if (cb->page != page) {
        pixDestroy(&bin);
        PIX *pix = pixReadTiff(tif, cb->page);
        PIX *gray = pix ? pixConvertTo8(pix, 0) : NULL;
        double dpi = pix && pixGetXRes(pix) > 0 ? pixGetXRes(pix) : 300;
        bin = gray ? sb_glyphs_binarize(gray, dpi, NULL) : NULL;
        pixDestroy(&gray);
        pixDestroy(&pix);
        page = cb->page;
      }
      PIX *glyph = bin ? glyph_of(bin, cb) : NULL;
      if (!glyph) continue;
      char utf8[8] = {0};
      g_unichar_to_utf8(cb->c, utf8);
      if (check) {
        float score = 0;
        gunichar got = sb_glyphs_identify(g, glyph, &score);
        /* a letter named another letter is no harm: it is no digit */
        gboolean bad = kind == LETTER ? !sb_is_thai_letter(got) : got != cb->c;
        if (kind != LETTER || bad)
          tenths[kind == LETTER ? 2 : bad][CLAMP((int)(score * 10), 0, 9)]++;
        if (bad) {
          wrong[kind]++;
          g_string_append_printf(confusions[kind], " %s>", utf8);
          g_string_append_unichar(confusions[kind], got ? got : '_');
        }
      }
      /* a glyph recog refuses (Leptonica says why) still takes its
       * character's turn, but is no template */
      gboolean kept = check || sb_glyphs_add(g, glyph, utf8);
      pixDestroy(&glyph);
      g_hash_table_insert(count, GUINT_TO_POINTER(cb->c), GUINT_TO_POINTER(n + 1));
      added[kind] += kept;
    }
    pixDestroy(&bin);
  }
  if (check) {
    const char *what[3] = {"digits", "marks", "letters"};
    const char *scored[3] = {"named right", "named wrong", "letters named digits or marks"};
    int kinds = letters ? 3 : 2;
    for (int m = 0; m < kinds; m++)
      g_print("glyphtrain: %u of %u %s right (%.2f%%)%s\n", added[m] - wrong[m], added[m], what[m],
              added[m] ? 100.0 * (added[m] - wrong[m]) / added[m] : 0.0, confusions[m]->str);
    for (int m = 0; m < kinds; m++) {
      g_print("glyphtrain: scores %s by tenths:", scored[m]);
      for (int t = 0; t < 10; t++) g_print(" %u", tenths[m][t]);
      g_print("\n");
    }
    return 0;
  }
  if (!sb_glyphs_save(g, argv[1], &error)) {
    g_printerr("glyphtrain: %s\n", error->message);
    return 1;
  }
  g_print("glyphtrain: %u templates from %d renderings -> %s\n", added[0] + added[1] + added[2],
          argc - 2, argv[1]);
  return 0;
}
