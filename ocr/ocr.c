/*
 * ocr.c: page images to characters with boxes.  See ocr.h for the
 * contract and the steps; each step is one small function here:
 *
 *   sb_ocr_page_broken()  is the text layer sound?
 *   prepare()             deskew, background, binarize, despeckle, rulings
 *   erase_rules()         the rulings out, the glyphs they cross kept
 *   cell_grid()           merged cells from the rulings
 *   read_region()         Tesseract on one rectangle -> SbChars
 *   drop_mark_rows()      a "line" of the marks above a line: dropped
 *   reread_marks()        a line again on its own, for stacked tone marks
 *   reread_unsure()       a line again, for a look-alike consonant it is unsure of
 *   reread_caps()         capital-Latin misreads of Thai words, one word again
 *   doubled_tone()        น้้า is น้ำ
 *   ring_am()             ก้าหนด is กำหนด when the mark is a ring
 *   reread_latin()        a Latin name in parentheses read as Thai, again
 *   read_leftovers()      ink the page layout left unread, line by line
 *   reread_digits()       Thai-digit runs again with the digit model
 *   ocr_page()            the above for one page
 *   sb_ocr_document()     pages on a thread pool, engines from a queue
 */
#include "ocr.h"

#include <leptonica/allheaders.h>
#include <math.h>
#include <string.h>
#include <tesseract/capi.h>

#include "../core/re.h"
#include "../ingest/ingest.h"
#include "glyphs.h"
#include "lexicon.h"

#define DEFAULT_LANGS "tha+eng"
#define DIGIT_MODEL "thadigits"
#define DEFAULT_PAGE_SECONDS 300.0
#define RULE_MIN_LEN_PT 30.0 /* shortest ruling (text strokes are shorter) */
#define RULE_BRIDGE_PT 0.8   /* breaks closed inside a ruling (not letter gaps) */
#define MARK_RUN_MAX_PT 4.0  /* a mark crossing a ruling: ink this much longer at most */
#define MIN_MARK_INK 1        /* pixels above a line that may be a lost mark */
#define GRID_SNAP_PT 4.0     /* rule positions this close are one grid line */

/* ------------------------------------------------------------------ */
/* Is the text layer sound?                                            */

static gboolean is_pua_thai(gunichar c) {
  return c >= 0xF700 && c <= 0xF71A;
}

const char *sb_ocr_page_broken(const SbPage *page) {
  if (page->width <= 0) return NULL; /* a text file page: nothing to render */
  const GArray *cs = page->chars;
  if (cs->len == 0) return "no text layer";
  guint thai = 0, pua = 0, split_am = 0, spaced = 0, improbable = 0;
  gunichar prev = 0;
  for (guint i = 0; i < cs->len; i++) {
    gunichar c = g_array_index(cs, SbChar, i).ch;
    if (sb_is_thai(c)) thai++;
    if (is_pua_thai(c)) pua++;
    if (prev == 0x0E4D && c == 0x0E32) split_am++;
    if (sb_is_thai_mark(c)) {
      if (prev == ' ') spaced++;
      else if (!sb_is_thai_letter(prev) && !sb_is_thai_mark(prev) && !is_pua_thai(prev))
        improbable++;
    }
    if (c == 0x0E32 && prev == ' ' && i >= 2 &&
        sb_is_thai_letter(g_array_index(cs, SbChar, i - 2).ch))
      split_am++; /* "ค าน า": SARA AM lost its NIKHAHIT */
    prev = c;
  }
  /* a stray code or two can be a logo or a bullet; a broken font is
   * everywhere */
  guint floor = MAX(3u, thai / 200);
  if (pua >= floor) return "Private-Use-Area glyph codes";
  if (split_am >= floor) return "SARA AM split";
  if (spaced >= floor) return "marks separated by spaces";
  if (improbable >= floor) return "improbable Thai sequences";
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Image preparation                                                    */

typedef struct {
  PIX *clean;      /* 1 bpp, rulings erased: for ink measurements */
  PIX *gray;       /* 8 bpp, background normalized, rulings erased: what
                      Tesseract reads (its models are trained on gray) */
  double scale;    /* pixels per point */
  double skew_deg; /* measured and removed */
} Prepared;

static void prepared_clear(Prepared *p) {
  pixDestroy(&p->clean);
  pixDestroy(&p->gray);
}

/* How thick the rulings of @lines are (pixels): the median across them
 * (a solid shape the opening kept, an emblem, is one of many). */
static int rule_thickness(PIX *lines, gboolean horizontal) {
  BOXA *boxes = pixConnComp(lines, NULL, 8);
  NUMA *w = NULL, *h = NULL;
  l_float32 t = 1;
  if (boxes && boxaGetCount(boxes) && !boxaGetSizes(boxes, &w, &h))
    numaGetMedian(horizontal ? h : w, &t);
  numaDestroy(&w);
  numaDestroy(&h);
  boxaDestroy(&boxes);
  return MAX(1, (int)t);
}

/* Note 0: the rulings are erased before reading, a little wider than found
 * (antialiased edges), but not the glyphs they cross.  A receipt stamp's
 * border drawn through a line of text cut its letters (the seed bundle's
 * issuer under its stamp), and a solid shape the line opening kept (the
 * emblem) left debris read as letters.  A ruling's own pixels (its core:
 * as found, one pixel more each side) are kept where a stroke crosses it
 * (ink on both sides within a few pixels); the rest of its band where it
 * is ink joined to ink outside the band (a letter's top that touches the
 * ruling, not a bump on its edge).  The band erased is also set white in
 * @gray.  On the 12 scanned letter pages of the fixtures this took the
 * character errors from 136 to 112; a glyph stroke that runs along a
 * ruling is still lost with it (the tops of ครองท้องถิ่น under the seed
 * bundle's stamp: parse/circular.c, note 5, mends that issuer).  A mark
 * that lies on a thin ruling, barely crossing it (the ่ of เคลื่อน on a
 * stamp's border), is kept too: a vertical run of ink across the core
 * longer than the ruling is thick and shorter than MARK_RUN_MAX_PT more
 * (not the emblem's solid body, whose pieces would be read as letters).
 * That read เคลื่อน right on the scanned bundle (its fields 74 -> 75 of
 * 77; the own letters' 30 -> 32 of 36) at one character error more on
 * the own letters (16 -> 17) and none on the bundle (75).
 * (Tried and not kept: erasing pictures before the rulings are looked
 * for, a piece of ink at least 36 pt wide and high over a quarter of its
 * box (the emblem): the own letters' character errors 17 -> 13, but the
 * seed bundle's memo, whose emblem covers its ด่วน, lost its urgency
 * (ที่ touches the emblem); erasing only the emblem's solid body (an
 * opening of 4 pt) kept ที่สุด but Tesseract then joined it to the line
 * of บันทึกข้อความ and lost the memo's date.) */
static void erase_rules(PIX *bin, PIX *gray, PIX *hl, PIX *vl, double scale) {
  int th = rule_thickness(hl, TRUE), tv = rule_thickness(vl, FALSE);
  PIX *band = pixOr(NULL, hl, vl);
  PIX *hcore = pixDilateBrick(NULL, hl, 1, 3), *vcore = pixDilateBrick(NULL, vl, 3, 1);
  PIX *ink = hcore && vcore ? pixSubtract(NULL, bin, hcore) : NULL; /* off the cores */
  if (ink) pixSubtract(ink, ink, vcore);
  /* where a stroke crosses a core: ink on both sides, closed across it */
  PIX *hx = ink ? pixCloseBrick(NULL, ink, 1, th + 4) : NULL;
  PIX *vx = ink ? pixCloseBrick(NULL, ink, tv + 4, 1) : NULL;
  /* a mark lying on a horizontal ruling (a tone mark on a stamp's border):
   * a vertical run of ink across the core longer than the ruling is thick,
   * and not longer than a mark (not the emblem's solid shape) */
  PIX *thin = pixSelectBySize(hl, 0, th + 2, 8, L_SELECT_HEIGHT, L_SELECT_IF_LTE, NULL);
  l_int32 none = 1;
  if (thin) pixZero(thin, &none);
  /* (two openings of the page: only where there is a thin ruling) */
  PIX *run = none ? NULL : pixOpenBrick(NULL, bin, 1, th + 4);
  PIX *solid = none ? NULL : pixOpenBrick(NULL, bin, 1, th + 4 + (int)(MARK_RUN_MAX_PT * scale));
  if (hx && run && solid) {
    pixDilateBrick(thin, thin, 1, 3);
    pixSubtract(run, run, solid);
    pixOr(hx, hx, pixAnd(run, run, thin));
  }
  pixDestroy(&run);
  pixDestroy(&solid);
  pixDestroy(&thin);
  if (band && hx && vx) {
    pixDilateBrick(band, band, 5, 5);
    pixAnd(hx, hx, hcore);
    pixAnd(vx, vx, vcore);
    pixOr(hx, hx, vx);
    pixAnd(hx, hx, bin);
    pixOr(ink, ink, hx);
    /* what of that joins the ink outside the band or a crossing stays
     * (a stroke through the ruling with both its ends inside the band) */
    PIX *seed = pixSubtract(NULL, bin, band);
    if (seed) pixOr(seed, seed, hx);
    PIX *kept = seed ? pixSeedfillBinary(NULL, seed, ink, 8) : NULL;
    if (kept) pixSubtract(band, band, kept);
    pixSubtract(bin, bin, band);
    pixSetMasked(gray, band, 255);
    pixDestroy(&seed);
    pixDestroy(&kept);
  }
  pixDestroy(&band);
  pixDestroy(&hcore);
  pixDestroy(&vcore);
  pixDestroy(&ink);
  pixDestroy(&hx);
  pixDestroy(&vx);
}

static gboolean prepare(PIX *gray, double dpi, SbPage *page, Prepared *out, GError **error) {
  out->scale = dpi / 72.0;
  l_float32 angle = 0, conf = 0;
  /* deskew: Leptonica measures on a binarized, reduced copy */
  PIX *desk = pixFindSkewAndDeskew(gray, 2, &angle, &conf);
  out->skew_deg = conf >= 2.5 && fabsf(angle) >= 0.05 ? angle : 0;
  PIX *norm = NULL;
  PIX *desp = desk ? sb_glyphs_binarize(desk, dpi, &norm) : NULL;
  pixDestroy(&desk);
  if (!desp) {
    pixDestroy(&norm);
    g_set_error(error, SB_ERROR, SB_ERROR_INTERNAL, "image cleanup failed");
    return FALSE;
  }
  PIX *hl = NULL, *vl = NULL;
  g_array_set_size(page->hrules, 0);
  g_array_set_size(page->vrules, 0);
  sb_ingest_find_rules(desp, out->scale, RULE_MIN_LEN_PT, RULE_BRIDGE_PT, page, &hl, &vl);
  if (hl && vl) erase_rules(desp, norm, hl, vl, out->scale);
  pixDestroy(&hl);
  pixDestroy(&vl);
  out->clean = desp;
  out->gray = norm;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The cell grid                                                        */

static int cmp_double(gconstpointer a, gconstpointer b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* The median of @v (double; not empty), which is left as it was (median()
 * sorts an int array in place). */
static double median_double(const GArray *v) {
  g_autoptr(GArray) h = g_array_copy((GArray *)v);
  g_array_sort(h, cmp_double);
  return g_array_index(h, double, h->len / 2);
}

/* Distinct positions (snapped) of the rules along one axis. */
static GArray *grid_lines(const GArray *rules, gboolean vertical) {
  GArray *pos = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint i = 0; i < rules->len; i++) {
    const SbRule *r = &g_array_index(rules, SbRule, i);
    double v = vertical ? r->x1 : r->y1;
    g_array_append_val(pos, v);
  }
  g_array_sort(pos, cmp_double);
  GArray *out = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint i = 0; i < pos->len; i++) {
    double v = g_array_index(pos, double, i);
    if (out->len && v - g_array_index(out, double, out->len - 1) < GRID_SNAP_PT) continue;
    g_array_append_val(out, v);
  }
  g_array_unref(pos);
  return out;
}

/* Does a rule at @at (snapped) cover [a, b] along the other axis? */
static gboolean covered(const GArray *rules, gboolean vertical, double at, double a, double b) {
  double need = 0.5 * (b - a), got = 0;
  for (guint i = 0; i < rules->len; i++) {
    const SbRule *r = &g_array_index(rules, SbRule, i);
    double p = vertical ? r->x1 : r->y1;
    if (fabs(p - at) >= GRID_SNAP_PT) continue;
    double lo = vertical ? r->y1 : r->x1, hi = vertical ? r->y2 : r->x2;
    double ov = MIN(hi, b) - MAX(lo, a);
    if (ov > 0) got += ov;
  }
  return got >= need;
}

static guint uf_find(guint *parent, guint i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

/* Cells (in points) from the page's rulings: elementary rectangles between
 * neighbouring grid lines, joined across every side with no rule, kept
 * when the joined cell is closed by rules on its top and left. */
static GArray *cell_grid(const SbPage *page) {
  GArray *cells = g_array_new(FALSE, FALSE, sizeof(SbBox));
  g_autoptr(GArray) xs = grid_lines(page->vrules, TRUE);
  g_autoptr(GArray) ys = grid_lines(page->hrules, FALSE);
  if (xs->len < 2 || ys->len < 2) return cells;
  guint nx = xs->len - 1, ny = ys->len - 1, n = nx * ny;
  g_autofree guint *parent = g_new(guint, n);
  for (guint i = 0; i < n; i++) parent[i] = i;
#define X(i) g_array_index(xs, double, (i))
#define Y(j) g_array_index(ys, double, (j))
  for (guint j = 0; j < ny; j++)
    for (guint i = 0; i < nx; i++) {
      guint k = j * nx + i;
      if (i + 1 < nx && !covered(page->vrules, TRUE, X(i + 1), Y(j), Y(j + 1)))
        parent[uf_find(parent, k)] = uf_find(parent, k + 1);
      if (j + 1 < ny && !covered(page->hrules, FALSE, Y(j + 1), X(i), X(i + 1)))
        parent[uf_find(parent, k)] = uf_find(parent, k + nx);
    }
  g_autofree SbBox *bb = g_new(SbBox, n);
  g_autofree gboolean *used = g_new0(gboolean, n);
  for (guint j = 0; j < ny; j++)
    for (guint i = 0; i < nx; i++) {
      guint r = uf_find(parent, j * nx + i);
      SbBox b = {X(i), Y(j), X(i + 1), Y(j + 1)};
      if (!used[r]) {
        bb[r] = b;
        used[r] = TRUE;
      } else {
        bb[r].x1 = MIN(bb[r].x1, b.x1);
        bb[r].y1 = MIN(bb[r].y1, b.y1);
        bb[r].x2 = MAX(bb[r].x2, b.x2);
        bb[r].y2 = MAX(bb[r].y2, b.y2);
      }
    }
#undef X
#undef Y
  for (guint k = 0; k < n; k++) {
    if (!used[k]) continue;
    SbBox b = bb[k];
    /* a region that rules do not close is the space between tables or
     * around them, not a cell */
    if (!covered(page->hrules, FALSE, b.y1, b.x1, b.x2) ||
        !covered(page->hrules, FALSE, b.y2, b.x1, b.x2) ||
        !covered(page->vrules, TRUE, b.x1, b.y1, b.y2) ||
        !covered(page->vrules, TRUE, b.x2, b.y1, b.y2))
      continue;
    g_array_append_val(cells, b);
  }
  return cells;
}

/* ------------------------------------------------------------------ */
/* Recognition                                                          */

typedef struct {
  GArray *chars;    /* of SbChar, in points */
  double conf_sum;  /* word confidences */
  guint conf_n;
  GArray *base;     /* baseline (points) of each char's line */
  GArray *heights;  /* height (points) of each text line */
  double cur_base;  /* baseline of the line being emitted */
} PageOut;

static void add_char(PageOut *out, gunichar c, double x1, double y1, double x2, double y2) {
  SbChar ch = {c, {x1, y1, x2, y2}};
  g_array_append_val(out->chars, ch);
  g_array_append_val(out->base, out->cur_base);
}

/* Text-layer characters all have the height of their font's line box, so
 * lines of one size have one pitch.  OCR line boxes vary with the marks
 * above and below each line; give every character the same box around
 * its line's baseline instead, sized from the page's median line. */
static void even_line_boxes(PageOut *out) {
  if (!out->heights->len) return;
  double m = median_double(out->heights);
  for (guint i = 0; i < out->chars->len; i++) {
    SbChar *c = &g_array_index(out->chars, SbChar, i);
    double b = g_array_index(out->base, double, i);
    c->box.y1 = b - 0.75 * m;
    c->box.y2 = b + 0.25 * m;
  }
}

/* One Tesseract symbol -> SbChars: the first code point gets the
 * symbol's box, combining marks a zero-width box at its right edge (as a
 * text layer places them), other code points share the width. */
static void add_symbol(PageOut *out, const char *utf8, double x1, double x2, double y1,
                       double y2) {
  glong n = g_utf8_strlen(utf8, -1);
  if (n <= 0) return;
  glong bases = 0;
  for (const char *p = utf8; *p; p = g_utf8_next_char(p))
    if (!sb_is_thai_mark(g_utf8_get_char(p))) bases++;
  double w = (x2 - x1) / MAX(bases, 1), x = x1;
  if (!bases && out->chars->len) {
    /* a mark read as its own symbol sits on the base before it */
    const SbChar *last = &g_array_index(out->chars, SbChar, out->chars->len - 1);
    if (last->ch != ' ' && fabs(last->box.y1 - y1) < 1) x = last->box.x2;
  }
  for (const char *p = utf8; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (sb_is_thai_mark(c)) {
      add_char(out, c, x, y1, x, y2);
    } else {
      add_char(out, c, x, y1, x + w, y2);
      x += w;
    }
  }
}

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

typedef struct {
  int l, t, r, b;
  char *text;
  float conf;       /* Tesseract's, 0-100 */
  gboolean settled; /* read again on its own already: later steps leave it */
  int glyph_digits; /* note 3e's verdict on its glyphs: 0 not asked yet,
                       GLYPHS_DIGITS, GLYPHS_NOT, or GLYPHS_NONE (no glyph
                       of its own) */
  float glyph_sure; /* with GLYPHS_DIGITS: the least sure of its glyphs */
} Word;

enum { GLYPHS_DIGITS = 1, GLYPHS_NOT, GLYPHS_NONE };

static void word_clear(gpointer p) {
  g_free(((Word *)p)->text);
}

/* Runs of empty columns inside a text line, as {centre, width} in pixels,
 * and the width above which a run is a space rather than the room between
 * two letters: well above the line's typical letter gap. */
typedef struct {
  double c, w;
} Gap;

static int cmp_gap_w(gconstpointer a, gconstpointer b) {
  double x = ((const Gap *)a)->w, y = ((const Gap *)b)->w;
  return x < y ? -1 : x > y;
}

static GArray *ink_gaps(PIX *bin, int l, int t, int r, int b, double *space_w) {
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

/* One text line: Tesseract's words, with a space only where the page has
 * an ink gap.  Tesseract cuts Thai into many small "words" and its symbol
 * boxes are approximate, so each real gap goes to the nearest word
 * boundary and no other boundary becomes a space. */
static void emit_line(Engine *e, PageOut *out, GArray *words, int lt, int lb, double base) {
  if (!words->len) return;
  const double s = e->scale;
  double lh_pt = (lb - lt) / s;
  out->cur_base = base / s;
  g_array_append_val(out->heights, lh_pt);
  int lh = MAX(1, lb - lt);
  guint nb = words->len - 1;
  g_autofree gboolean *space = g_new0(gboolean, MAX(nb, 1));
  Word *first = &g_array_index(words, Word, 0), *last = &g_array_index(words, Word, nb);
  double space_w;
  g_autoptr(GArray) gaps = ink_gaps(e->bin, first->l, lt, last->r, lb, &space_w);
  for (guint j = 0; j < gaps->len; j++) {
    const Gap *gp = &g_array_index(gaps, Gap, j);
    if (gp->w < space_w) continue;
    double g = gp->c, best = 0.6 * lh;
    int at = -1;
    for (guint k = 0; k < nb; k++) {
      const Word *a = &g_array_index(words, Word, k), *b2 = &g_array_index(words, Word, k + 1);
      double d = fabs((a->r + b2->l) / 2.0 - g);
      if (d < best) {
        best = d;
        at = (int)k;
      }
    }
    if (at >= 0) space[at] = TRUE;
  }
  for (guint k = 0; k <= nb; k++) {
    const Word *w = &g_array_index(words, Word, k);
    /* close the gap to the next word unless it is a space, so that the
     * layout code does not see one either; and end where the next word
     * begins (Tesseract's boxes for Thai can overlap the next word's by a
     * letter or more, which would put the next word before this one) */
    double x2 = w->r;
    if (k < nb) {
      int nl = g_array_index(words, Word, k + 1).l;
      if (nl > w->l) x2 = space[k] ? MIN(x2, nl) : nl;
    }
    add_symbol(out, w->text, w->l / s, x2 / s, lt / s, lb / s);
    if (k < nb && space[k]) {
      double nx = g_array_index(words, Word, k + 1).l;
      double sx1 = w->r / s, sx2 = MAX(nx / s, sx1 + 0.15 * lh / s);
      add_char(out, ' ', sx1, lt / s, sx2, lb / s);
    }
  }
}

/* A "word" of one or two Latin letters much shorter than its line is a
 * piece of a Thai letter or of a ruling read on its own, not text. */
static gboolean is_fragment(const Word *w, int lt, int lb) {
  if (strlen(w->text) > 2 || (w->b - w->t) >= 0.4 * (lb - lt)) return FALSE;
  for (const char *p = w->text; *p; p++)
    if (!g_ascii_isalpha(*p)) return FALSE;
  return TRUE;
}

static gboolean timeout_error(GError **error) {
  g_set_error(error, SB_ERROR, SB_ERROR_LIMIT,
              "recognition took longer than the limit per page (--max-page-seconds)");
  return FALSE;
}

/* Enough ink in the rectangle to be worth reading? */
static l_int32 ink(PIX *bin, int l, int t, int w, int h) {
  BOX *b = boxCreate(l, t, w, h);
  l_int32 count = 0;
  if (b) pixCountPixelsInRect(bin, b, &count, NULL);
  boxDestroy(&b);
  return count;
}

static gboolean has_ink(PIX *bin, int l, int t, int w, int h) { return ink(bin, l, t, w, h) >= 12; }

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

static void rline_free(RLine *ln) {
  if (!ln) return;
  g_array_unref(ln->words);
  g_free(ln);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(RLine, rline_free)

static RLine *rline_new(const TessPageIterator *pi) {
  RLine *ln = g_new0(RLine, 1);
  ln->words = g_array_new(FALSE, FALSE, sizeof(Word));
  g_array_set_clear_func(ln->words, word_clear);
  TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &ln->l, &ln->t, &ln->r, &ln->b);
  int bx1, by1, bx2, by2;
  ln->base = TessPageIteratorBaseline(pi, RIL_TEXTLINE, &bx1, &by1, &bx2, &by2)
                 ? (by1 + by2) / 2.0
                 : ln->b - 0.25 * (ln->b - ln->t);
  return ln;
}

/* Add one recognized word to its line; a mark read as a word of its own
 * belongs to the letter before it. */
static void rline_add(RLine *ln, Word *wd) {
  if (ln->words->len && sb_is_thai_mark(g_utf8_get_char(wd->text))) {
    Word *prev = &g_array_index(ln->words, Word, ln->words->len - 1);
    char *joined = g_strconcat(prev->text, wd->text, NULL);
    g_free(prev->text);
    g_free(wd->text);
    prev->text = joined;
    prev->r = MAX(prev->r, wd->r);
    return;
  }
  g_array_append_val(ln->words, *wd);
}

/* TessBaseAPIRecognize within the page's time limit: its result code,
 * or -1 with @error set when the time is up. */
static int recognize_until(TessBaseAPI *api, gint64 deadline, GError **error) {
  gint64 left_ms = (deadline - g_get_monotonic_time()) / 1000;
  if (left_ms <= 0) {
    timeout_error(error);
    return -1;
  }
  ETEXT_DESC *mon = TessMonitorCreate();
  TessMonitorSetDeadlineMSecs(mon, (int)MIN(left_ms, G_MAXINT));
  int rc = TessBaseAPIRecognize(api, mon);
  TessMonitorDelete(mon);
  if (g_get_monotonic_time() > deadline) {
    timeout_error(error);
    return -1;
  }
  return rc;
}

/* Recognize the image rectangle (pixels): its text lines, or NULL on a
 * time-out. */
static GPtrArray *recognize(Engine *e, int l, int t, int w, int h, int psm, GError **error) {
  TessBaseAPISetPageSegMode(e->api, (TessPageSegMode)psm);
  TessBaseAPISetRectangle(e->api, l, t, w, h);
  int rc = recognize_until(e->api, e->deadline, error);
  if (rc < 0) return NULL;
  GPtrArray *lines = g_ptr_array_new_with_free_func((GDestroyNotify)rline_free);
  TessResultIterator *ri = rc == 0 ? TessBaseAPIGetIterator(e->api) : NULL;
  if (!ri) return lines; /* nothing recognizable in this rectangle */
  const TessPageIterator *pi = TessResultIteratorGetPageIteratorConst(ri);
  RLine *ln = NULL;
  do {
    if (!ln || TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE)) {
      ln = rline_new(pi);
      g_ptr_array_add(lines, ln);
    }
    Word wd = {0};
    TessPageIteratorBoundingBox(pi, RIL_WORD, &wd.l, &wd.t, &wd.r, &wd.b);
    char *text = TessResultIteratorGetUTF8Text(ri, RIL_WORD);
    wd.conf = TessResultIteratorConfidence(ri, RIL_WORD);
    wd.text = g_strdup(text);
    TessDeleteText(text);
    if (!wd.text || !*wd.text || is_fragment(&wd, ln->t, ln->b)) {
      g_free(wd.text);
      continue;
    }
    if (e->debug_dir)
      g_printerr("ocr: word %d,%d-%d,%d conf %.0f [%s]\n", wd.l, wd.t, wd.r, wd.b, wd.conf,
                 wd.text);
    rline_add(ln, &wd);
  } while (TessResultIteratorNext(ri, RIL_WORD));
  TessResultIteratorDelete(ri);
  return lines;
}

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

/* The marks of a second reading @b of a line put into the first, @a: a
 * slot filled in @b only is filled; a slot the two fill differently keeps
 * @a's.  The letters are matched from the start and from the end of the
 * line, as far as they agree, so a word read differently in the middle
 * takes nothing.  Rewrites @a's words; returns how many marks were added. */
static guint merge_marks(RLine *a, const RLine *b) {
  g_autoptr(GArray) la = letters_of(a);
  g_autoptr(GArray) lb = letters_of(b);
  guint head = 0, tail = 0;
  while (head < la->len && head < lb->len &&
         g_array_index(la, Letter, head).base == g_array_index(lb, Letter, head).base)
    head++;
  while (tail < la->len - head && tail < lb->len - head &&
         g_array_index(la, Letter, la->len - 1 - tail).base ==
             g_array_index(lb, Letter, lb->len - 1 - tail).base)
    tail++;
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
      const Letter *y = i < head ? &g_array_index(lb, Letter, i)
                        : i >= la->len - tail ? &g_array_index(lb, Letter, i - la->len + lb->len)
                                              : NULL;
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
static gboolean reread_marks(Engine *e, GPtrArray *lines, guint i, int rl, int rt, int rr, int rb,
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
      (ln->t - top < 2 || ink(e->bin, ln->l, top, ln->r - ln->l, ln->t - top) < MIN_MARK_INK))
    return TRUE;
  g_autoptr(GPtrArray) again = recognize(e, left, top, right - left, bottom - top,
                                         PSM_SINGLE_LINE, error);
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
static gboolean thai_line(const RLine *ln);

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

static gboolean reread_unsure(Engine *e, GPtrArray *lines, guint i, int rl, int rt, int rr, int rb,
                              GError **error) {
  RLine *ln = lines->pdata[i];
  if (!thai_line(ln) || !unsure_letter(ln)) return TRUE;
  int lh = MAX(1, ln->b - ln->t);
  int top = MAX(rt, ln->t - lh / 6), bottom = MIN(rb, ln->b + lh / 4);
  int left = MAX(rl, ln->l - lh / 4), right = MIN(rr, ln->r + lh / 4);
  if (right - left < 4 || bottom - top < 4) return TRUE;
  g_autoptr(GPtrArray) again = recognize(e, left, top, right - left, bottom - top,
                                         PSM_SINGLE_LINE, error);
  if (!again) return FALSE;
  if (again->len != 1) return TRUE;
  guint n = swap_unsure(ln, again->pdata[0]);
  if (e->debug_dir && n)
    g_printerr("ocr: unsure %d,%d-%d,%d %u letters\n", left, top, right, bottom, n);
  return TRUE;
}

/* GLib's g_ascii_is*() take a char: a gunichar must be ASCII first (Thai
 * ๐-๙, U+0E50-0E59, would pass for 'P'-'Y') */
static char ascii(gunichar c) { return c < 128 ? (char)c : '\0'; }

/* A Thai or an ASCII digit. */
static gboolean any_digit(gunichar c) { return sb_is_thai_digit(c) || g_ascii_isdigit(ascii(c)); }

/* Does @t hold a digit (Thai or ASCII)? */
static gboolean holds_digit(const char *t) {
  for (; *t; t = g_utf8_next_char(t))
    if (any_digit(g_utf8_get_char(t))) return TRUE;
  return FALSE;
}

/* Characters of number-like words: Thai and ASCII digits, the
 * punctuation inside numbers, and ว (document numbers: ๐๘๑๐.๓/ว ๓๑๙๕). */
static gboolean is_numberish(gunichar c) {
  return sb_is_thai_digit(c) || (c < 128 && c && strchr("0123456789.,/-:()", (int)c)) ||
         c == 0x0E27;
}

/* Digits, and the Latin letters a misread Thai digit became ("co" for
 * ๗๐, "(ICE)" for (๗๘๔)). */
static guint count_digits(const char *t) {
  guint n = 0;
  for (; *t; t = g_utf8_next_char(t)) {
    gunichar c = g_utf8_get_char(t);
    n += any_digit(c) || g_ascii_isalpha(ascii(c));
  }
  return n;
}

/* The Latin letters of @t (lower-case ones only when @lower), or -1 when
 * @t holds anything else that @other does not accept. */
static int latin_letters(const char *t, gboolean lower, gboolean (*other)(gunichar)) {
  int letters = 0;
  for (; *t; t = g_utf8_next_char(t)) {
    gunichar c = g_utf8_get_char(t);
    if (lower ? g_ascii_islower(ascii(c)) : g_ascii_isalpha(ascii(c)))
      letters++;
    else if (!other(c))
      return -1;
  }
  return letters;
}

/* A short lower-case Latin word (with number punctuation around it) on a
 * Thai line: the stock models read Thai digits so ("goad" for ๕๐๙๙,
 * "do)" for ๖๓), "co" for ๗๐). */
static gboolean latin_misread(const char *t) {
  int n = latin_letters(t, TRUE, is_numberish);
  return n >= 1 && n <= 4;
}

static gboolean quote_or_dot(gunichar c) {
  return c == 0x2019 || c == '\'' || c == '.' || c == ',';
}

/* A short Latin word, any case, a closing quote or a dot after it: what a
 * run of Thai digits becomes in a number slot ("mas’" for ๓๑๖๕, "Come"
 * for ๕๐๙๙). */
static gboolean latin_slot(const char *t) {
  int n = latin_letters(t, FALSE, quote_or_dot);
  return n >= 1 && n <= 6;
}


/* Does the line hold Thai text?  Thai digits count: they are printed in
 * Thai text only (a line of numbers in Thai digits is read as Thai). */
static gboolean thai_line(const RLine *ln) {
  for (guint k = 0; k < ln->words->len; k++)
    for (const char *p = g_array_index(ln->words, Word, k).text; *p; p = g_utf8_next_char(p))
      if (sb_is_thai_letter(g_utf8_get_char(p)) || sb_is_thai_digit(g_utf8_get_char(p)))
        return TRUE;
  return FALSE;
}

/* Is the text number-like (spaces allowed when @spaces)?  *digit is set
 * when it has a digit, *thai when it has a Thai digit. */
static gboolean numberish_text(const char *t, gboolean spaces, gboolean *digit, gboolean *thai) {
  if (!*t) return FALSE;
  for (; *t; t = g_utf8_next_char(t)) {
    gunichar c = g_utf8_get_char(t);
    if (spaces && c == ' ') continue;
    if (!is_numberish(c)) return FALSE;
    if (any_digit(c)) *digit = TRUE;
    if (sb_is_thai_digit(c)) *thai = TRUE;
  }
  return TRUE;
}

/* A number with a Thai digit ("๓๐"; also what "MO" read again became:
 * note 3 reads it with the digit model). */
static gboolean thai_number(const char *t) {
  gboolean digit = FALSE, thai = FALSE;
  return numberish_text(t, FALSE, &digit, &thai) && thai;
}

/* A well-formed ASCII amount ("664,044,694,651.17": groups of three
 * after the first, at most two decimals) or date ("6/10/2549"), which
 * the stock models read right (note 3f). */
#define ASCII_NUMBER                                                                              \
  "^(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\\.[0-9]{1,2})?" /* 664,044,694,651.17 */                       \
  "|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})$"              /* 6/10/2549 */

/* Does @t end a document number's "/ว", after which its number follows
 * ("๐๘๑๐.๓/ว", then ๓๑๙๕)?  (Tesseract often gives the ว alone.)  A bare
 * "/" is not enough: URLs and "แผน/นโยบาย" have them. */
static gboolean number_before_slot(const char *t) { return g_str_has_suffix(t, "ว"); }

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
 * keeps the page pass's reading (note 3f). */
static gboolean ends_in_digit(const char *t) {
  const char *end = t + strlen(t);
  return end > t && any_digit(g_utf8_get_char(g_utf8_prev_char(end)));
}

/* Moves the column @x by @dir until the line's main band (below the
 * upper marks, above the descenders) has no ink in it, at most half a line
 * height and never past @limit. */
static int off_ink(PIX *bin, int x, int dir, int limit, const RLine *ln, int lh) {
  int t = ln->t + (int)(0.3 * lh), b = (int)ln->base;
  if (b - t < 2) return x;
  for (int moved = 0; moved < lh / 2 && x != limit; moved++, x += dir)
    if (!ink(bin, x, t, 1, b - t)) break;
  return x;
}

/* Moves the row @y down, across columns @l..@r, past the ink cut by it
 * (the descenders of the line above, caught by a crop reaching up for
 * this line's marks) to the first row with none, never to @limit or
 * beyond: @y itself when it has no ink or no row before @limit is clear. */
static int below_ink(PIX *bin, int l, int r, int y, int limit) {
  for (int at = y; at < limit; at++)
    if (!ink(bin, l, at, r - l, 1)) return at;
  return y;
}

static gboolean punctuation_only(const char *t) {
  for (; *t; t++)
    if (!g_ascii_ispunct(*t)) return FALSE;
  return TRUE;
}

#define DIGITS_SURE 90 /* a digit reading this sure is not read again (note 3b) */
#define GLYPH_SURE 0.3  /* a glyph classifier's score this high names a digit (note 3c) */
#define GLYPH_SCRIPT_SURE 0.75 /* ... a Thai digit read as ASCII, or the other way */
#define GLYPH_RUN_SURE 0.35 /* a glyph this sure is read as named in a glyph run (note 3d) */
#define GLYPH_END_SURE 0.45 /* ... the first and last glyph of a run this sure */
#define GLYPH_LETTER_SURE 0.7 /* a glyph at a run's end this surely a letter is one (note 3d) */
#define GLYPH_SURE_PIECE 0.6 /* a glyph named a digit this surely is no piece of one (note 3d) */
#define GLYPH_WORD_SURE 0.45 /* each glyph of a word read as letters this sure: digits (note 3e) */
#define GLYPH_INSIDE_SURE 0.35 /* ... of a word between two Thai numbers */
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

static int cmp_int(gconstpointer a, gconstpointer b) {
  return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

static int median(GArray *ints) {
  g_array_sort(ints, cmp_int);
  return g_array_index(ints, int, ints->len / 2);
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
  int typical = median(widths);
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
  int rc = recognize_until(e->digits, e->deadline, error);
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
  return any_digit(named) && score >= (same ? GLYPH_SURE : GLYPH_SCRIPT_SURE) ? named : 0;
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
 * (a ๐ but for touching_half()).
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

/* Is glyph @k of @glyphs as wide as two digits touching (wider than 1.6
 * times its height)? */
static gboolean touching_pair(PIXA *glyphs, int k) {
  l_int32 w = 0, h = 0;
  pixaGetBoxGeometry(glyphs, k, NULL, NULL, &w, &h);
  return w * 5 > h * 8;
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

static void name_digits(Engine *e, char **text, const GArray *spans, PIXA *glyphs, int lh) {
  GString *out = g_string_new(NULL);
  guint i = 0;
  int last_glyph = -1; /* the one glyph of the digit before, if any */
  for (const char *p = *text; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c != ' ' && any_digit(c) && i < spans->len) {
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
  return hits == 1 && is_numberish(found) ? found : 0;
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
  if (any_digit(a) && any_digit(b) && sb_is_thai_digit(a) == thai &&
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
  gboolean ok = any_digit(c[0]) && c[1] == ')' && ph[1] * 10 >= h * 9 && ph[0] * 10 < h * 9;
  if (!ok) {
    cut_named(e, glyph, 2, w - dw * 2 / 3, c, ph); /* (๔ */
    ok = c[0] == '(' && any_digit(c[1]) && ph[0] * 10 >= h * 9 && ph[1] * 10 < h * 9;
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
  gboolean sure1 = any_digit(named[0]) && scores[0] >= GLYPH_SURE_PIECE;
  gboolean sure2 = any_digit(named[1]) && scores[1] >= GLYPH_SURE_PIECE;
  if (sure1 && sure2) return 0;
  PIX *glyph = sb_glyphs_at(glyphs, x1 + w1 / 2, x2 + w2 / 2, dw * 2);
  float score = 0;
  gunichar c = glyph ? sb_glyphs_identify(e->glyphs, glyph, &score) : 0;
  pixDestroy(&glyph);
  if (!any_digit(c) || score < GLYPH_RUN_SURE || score <= scores[0] || score <= scores[1]) return 0;
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
  *dw = ws->len ? median(ws) : 0;
  *dh = hs->len ? median(hs) : 0;
}

/* A glyph at a run's end named a Thai letter so surely that it is one
 * (Sawasdee's digits named letters score under 0.5): a letter of the
 * word beside the run (note 3d). */
static gboolean end_letter(gunichar c, float score) {
  return score >= GLYPH_LETTER_SURE && sb_is_thai_letter(c) && !is_numberish(c);
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
 * number (reread_digits()).  On the digit benchmark's pages in the two
 * fonts never trained on (scanned, 300 and 200 dpi), this (with
 * thai_line() taking Thai digits for Thai text) took digit errors from
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
    if (!any_digit(named[i]) || scores[i] < GLYPH_RUN_SURE) continue;
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
  int dt = median(tops), db = median(bottoms);
  int dw = median(sure_widths->len ? sure_widths : widths);
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
    } else if (gh * 2 < max_h || scores[i] < GLYPH_RUN_SURE || !is_numberish(c)) {
      c = 0; /* unsure, or a letter to the classifier */
    } else if ((tall_mark(c) && gh * 20 <= (db - dt) * 21) || (c == ':' && gw * 2 >= gh)) {
      c = 0; /* ( ) / are taller than a digit, a digit is not: a shape
                 scaled to the templates' height can hide that */
    } else if (any_digit(c) && scores[i] < GLYPH_SCRIPT_SURE &&
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
      gunichar d = any_digit(c) ? sure_digit(named[i], scores[i], c) : 0;
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

/* Does @t end where a number follows in Thai official text: a word the
 * issue of numbers names (ที่ ..., วันที่, โทร., ต่อ, ร้อยละ, จำนวน, ปี,
 * พ.ศ.), an abbreviation (a month's: ก.ย.), a month's full name (the
 * year follows)? */
static gboolean number_cue(const char *t) {
  /* (the stock reading of a month's abbreviation is often broken, "กุย."
   * for ก.ย., but keeps its dot) */
  static const char *const cues[] = {"ที่", "โทร", "ต่อ", "ร้อยละ", "จำนวน", "ปี", ".",
                                     "คม", "ยน", "พันธ์"};
  for (guint i = 0; i < G_N_ELEMENTS(cues); i++)
    if (g_str_has_suffix(t, cues[i])) return TRUE;
  return FALSE;
}

static gboolean has_thai_letter(const char *t) {
  for (; *t; t = g_utf8_next_char(t))
    if (sb_is_thai_letter(g_utf8_get_char(t))) return TRUE;
  return FALSE;
}

/* Does a number cue (number_cue()) end right before word @j of line @ln?
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
  return before->len && number_cue(before->str);
}

/* Note 3e: a word the page pass read as letters ("ฒ" for ๗, "YON" for
 * ๗๑๓, "(ACE)" for (๗๘๔), "O€)" for ๖๔)) beside a number, or after a
 * word a number follows (number_cue()): are its glyphs all Thai digits
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
static gboolean glyph_word(Engine *e, const RLine *ln, Word *wd, float sure) {
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
    if (gw * 5 > gh * 8 && !(is_numberish(c) && score >= GLYPH_INSIDE_SURE)) {
      /* two Thai digits touching (Sawasdee's ๙๖, read ต่อ) */
      gunichar c1, c2;
      float s2 = 0;
      split_touching(e, glyph, c, &c1, &c2, &s2);
      if (c1 && sb_is_thai_digit(c1)) c = c1, score = s2;
    } else if (!(is_numberish(c) && score >= GLYPH_INSIDE_SURE) && dw && gw * 8 > dw * 9 &&
               gh * 6 > dh * 7) {
      /* a digit and the bracket it touches (Sawasdee's "(๖" of (๖๓๕),
       * read "Pome)"): named as a glyph run names them (split_bracket()) */
      gunichar c1, c2;
      if (split_bracket(e, cut, k, dw, &c1, &c2)) c = any_digit(c1) ? c1 : c2, score = sure;
    }
    pixDestroy(&glyph);
    /* Thai digits and marks: ASCII digits the page pass reads well (and
     * the pieces of a letter a scan broke are named 1) */
    ok = is_numberish(c) && !g_ascii_isdigit(ascii(c)) && score >= GLYPH_INSIDE_SURE;
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
  return n < w->len && thai_number(g_array_index(w, Word, n).text);
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
static gboolean letters_before_number(const RLine *ln, guint j) {
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
 * short words of letters before one: letters_before_number()), or after a
 * number cue when the word was read without Thai letters ("Mo" for ๗๐
 * after ร้อยละ: the Thai word after a cue, ร้อยละของ, is too often named
 * digits, ข ๙ and อ ๐).  (Not beside ASCII numbers: the amounts of a
 * plan's tables would have every word beside them named, for nothing.)
 * Never of the letters of an abbreviation (abbreviation_at()), of the
 * word that ends a number cue, or of a word after a closing bracket: on
 * the held-out digit pages, with the reading kept only where a glyph is
 * named a digit (reread_digits()), digit errors 214 -> 190 of 7,704. */
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
    placed = before || letters_before_number(ln, j) ||
             (!has_thai_letter(g_array_index(w, Word, j).text) && cue_before(ln, j));
  float sure = j > k && thai && before ? GLYPH_INSIDE_SURE : GLYPH_WORD_SURE;
  return placed && glyph_word(e, ln, &g_array_index(w, Word, j), sure);
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
 * (number_cue(): ต่อ before an extension), no dot (abbreviation_at():
 * the ก.ย. of a date), no ink gap as wide as a quarter of the line
 * height from the run's last word to the word after them, and that word
 * a Thai number or a word note 3e takes for one; the run's last word
 * must end in a digit as the page pass read it (after "ต่" taken for the
 * first of Sawasdee's ๙๖ by note 3e, the letters that follow are more of
 * the same misreading, and taking them in made a run the digit model
 * read with three digits too many: not kept, and the digits after it
 * lost with it).  The index of the word after them; @j if there are none
 * such.  Held-out digit pages, with the two changes below (glyph_word()'s
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
    if (other || letters == 0 || letters > 2 || number_cue(t) || abbreviation_at(w, m)) break;
  }
  if (m == j || m >= w->len || !ends_in_digit(g_array_index(w, Word, j - 1).text)) return j;
  /* glued: no blank column run in the line's main band as wide as a
   * quarter of its height */
  int x1 = g_array_index(w, Word, j - 1).r - lh / 8, x2 = g_array_index(w, Word, m).l + lh / 8;
  int t = ln->t + (int)(0.3 * lh), b = (int)ln->base;
  double space_w;
  g_autoptr(GArray) gaps = b - t >= 2 ? ink_gaps(e->bin, x1, t, x2, b, &space_w) : NULL;
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
      else if (any_digit(u[q]) && g_ascii_isdigit(*c)) slips++, thai += sb_is_thai_digit(u[q]), c++;
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
    if (g_ascii_isdigit(ascii(u[q])) && sb_is_thai_digit(c) &&
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
 * every word is a latin_misread() is read as a Thai line (its runs are
 * then kept only as note 3 keeps any: named digits, with a digit count
 * that fits).  Norasi's 200 dpi t2i numbers page: digit errors 4 -> 0. */
static gboolean misread_line(const RLine *ln) {
  for (guint k = 0; k < ln->words->len; k++)
    if (!latin_misread(g_array_index(ln->words, Word, k).text)) return FALSE;
  return ln->words->len > 0;
}

/* Note 3: the Thai-digit runs of line @ln read again (@typical: the
 * median line height of its region; rl..rb: the region; @thai_region:
 * the region has a Thai line). */
static gboolean reread_digits(Engine *e, RLine *ln, int typical, gboolean thai_region, int rl,
                              int rt, int rr, int rb, GError **error) {
  GArray *w = ln->words;
  int lh = MAX(1, ln->b - ln->t);
  gboolean on_thai = thai_line(ln) || (thai_region && misread_line(ln));
  for (guint k = 0; k < w->len;) {
    guint j = k;
    gboolean digit = FALSE, thai = FALSE;
    /* a Latin word right after a Thai number is the next group of it
     * ("๐ ๔๒๔๙ ocala" for ๐ ๔๒๔๙ ๒๔๗๗): read on its own, so that a
     * misreading cannot spoil the number before it */
    gboolean alone = FALSE;
    const char *cur = g_array_index(w, Word, k).text;
    if (on_thai && k > 0 && latin_slot(cur) && !latin_misread(cur) && thai_number_at(w, k - 1)) {
      alone = thai = TRUE;
      j = k + 1;
    }
    if (g_array_index(w, Word, k).settled) {
      k++;
      continue;
    }
    while (!alone && j < w->len && !g_array_index(w, Word, j).settled) {
      const char *t = g_array_index(w, Word, j).text;
      if (on_thai && latin_misread(t))
        thai = TRUE;
      else if (on_thai && j > k && latin_slot(t) &&
               number_before_slot(g_array_index(w, Word, j - 1).text))
        thai = TRUE; /* a number slot: after a document number's "/ว" */
      else if (numberish_text(t, FALSE, &digit, &thai))
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
    if (any_digit(g_utf8_get_char(a->text)))
      left = off_ink(e->bin, left, -1, rl, ln, lh);
    if (ends_in_digit(z->text)) right = off_ink(e->bin, right, +1, rr, ln, lh);
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
    int glyphs = -1;
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
        g_autofree char *run = read_glyphs(e, cut, x1, x2, text, spans, &digit_glyphs);
        if (run) {
          g_free(text);
          text = g_steal_pointer(&run);
          from_glyphs = TRUE;
        } else {
          name_digits(e, &text, spans, cut, lh);
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
     * digit errors 111 -> 91 of 3,852; with the split of glyph_word(), on
     * all held-out pages 152 -> 119 of 7,704, character errors 494 -> 447,
     * and on Laksaman's 32 -> 29 and 147 -> 143) */
    guint before = 0;
    for (guint i = k; i < j; i++) before += count_digits(g_array_index(w, Word, i).text);
    guint after = count_digits(text);
    glong chars = 0;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) chars += *p != ' ';
    gboolean as_glyphs =
        from_glyphs || (glyphs >= 0 && chars <= glyphs + 1 && chars + 1 >= glyphs);
    /* a run the page pass read without a digit ("fi" for ที่) in which
     * the classifier names no glyph a digit is no number */
    gboolean no_digit = glyphs > 0 && !digit_glyphs;
    for (guint i = k; no_digit && i < j; i++)
      no_digit = !holds_digit(g_array_index(w, Word, i).text);
    if (no_digit || !numberish_text(text, TRUE, &has_digit, &has_thai) || !has_digit ||
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
    if (nt == j - k) {
      /* one token per word: the spaces between them stay as they were */
      for (guint i = 0; i < nt; i++) {
        Word *wd = &g_array_index(w, Word, k + i);
        g_free(wd->text);
        wd->text = g_strdup(tokens[i]);
      }
    } else {
      /* the run's width shared among the tokens by their lengths; the
       * spaces between them are then decided by the ink gaps, as for
       * every word (emit_line) */
      int x1 = a->l, x2 = z->r, t1 = a->t, b1 = a->b;
      glong total = 0, done = 0;
      for (guint i = 0; i < nt; i++) total += g_utf8_strlen(tokens[i], -1);
      g_array_remove_range(w, k, j - k);
      for (guint i = 0; i < nt; i++) {
        glong len = g_utf8_strlen(tokens[i], -1);
        Word nw = {x1 + (int)((x2 - x1) * done / MAX(total, 1)), t1,
                   x1 + (int)((x2 - x1) * (done + len) / MAX(total, 1)), b1,
                   g_strdup(tokens[i]), -1, FALSE, 0, 0};
        g_array_insert_val(w, k + i, nw);
        done += len;
      }
      j = k + nt;
    }
    k = j;
  }
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
    if (g_ascii_isupper(ascii(c)) && !lower)
      caps++;
    else if (g_ascii_islower(ascii(c)) && caps <= 1 && !dots)
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
  int n = latin_letters(t, FALSE, quote_or_dot);
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
 * (latin_misread(): "dod" for ๗๑๕) or a document number's มท; the word
 * is likely the number's cue (ที่ read "A", "fi", "9").  A number slot
 * read as a short Latin word of any case (latin_slot(): "A Moe" for
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
  if (latin_slot(t) && month_after(ln, k)) return MISREAD; /* a day */
  gboolean number = thai_number(next) || latin_misread(next) || letters_before_number(ln, k) ||
                    g_str_has_prefix(next, "มท") || latin_slot(next);
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
 * below the descenders of the line above it cuts (below_ink()): their
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
  g_autoptr(GPtrArray) again = recognize(e, l, t, w, h, psm, error);
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
  if (!count_digits(nx->text)) return TRUE;
  int right = off_ink(e->bin, MIN(rr, nx->r + lh / 5), +1, rr, ln, lh);
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

static gboolean reread_caps(Engine *e, RLine *ln, int rl, int rt, int rr, int rb, GError **error) {
  if (!thai_line(ln)) return TRUE;
  int lh = MAX(1, ln->b - ln->t);
  g_autoptr(GString) txt = g_string_new(NULL);
  g_autoptr(GString) forced = g_string_new(NULL);
  g_autoptr(GString) paired = g_string_new(NULL);
  for (guint k = 0; k < ln->words->len; k++) {
    Word *wd = &g_array_index(ln->words, Word, k);
    int misread = misread_at(ln, k);
    if (misread == NOT_MISREAD) continue;
    int left = off_ink(e->bin, MAX(rl, wd->l - lh / 5), -1, rl, ln, lh);
    int right = off_ink(e->bin, MIN(rr, wd->r + lh / 5), +1, rr, ln, lh);
    int top = below_ink(e->bin, left, right, MAX(rt, ln->t - lh / 3), ln->t);
    int bottom = MIN(rb, ln->b + lh / 10);
    if (right - left < 4 || bottom - top < 4) continue;
    double c1 = 0, c2 = 0;
    const char *pair = NULL;
    if (!abbreviation_before_number(e, ln, k, left, top, bottom, rr, lh, paired, &pair, error))
      return FALSE;
    const char *keep = pair && short_abbreviation(pair) ? pair : NULL;
    if (!keep && !read_word(e, left, top, right - left, bottom - top, FALSE, txt, &c1, error))
      return FALSE;
    if (!keep && (thai_word(txt->str) || thai_number(txt->str))) keep = txt->str;
    if (!keep) {
      /* still Latin: is a Thai reading of the same ink the surer one? */
      if (!read_word(e, left, top, right - left, bottom - top, TRUE, forced, &c2, error))
        return FALSE;
      if ((thai_word(forced->str) || thai_number(forced->str)) && c2 > c1 + CAPS_MARGIN)
        keep = forced->str;
      /* a cue before a number, read so without Latin letters, is one */
      if (misread == MISREAD_CUE && thai_word(forced->str) && number_cue(forced->str))
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
    letters += g_ascii_isalpha(ascii(c)) != 0;
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

static gboolean reread_latin(Engine *e, RLine *ln, const RLine *next, int rl, int rt, int rr,
                             int rb, GError **error) {
  if (!thai_line(ln)) return TRUE;
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
    int left = off_ink(e->bin, MAX(rl, a->l - lh / 10), -1, rl, ln, lh);
    int right = off_ink(e->bin, MIN(rr, z->r + lh / 10), +1, rr, ln, lh);
    int top = MAX(rt, ln->t - lh / 10), bottom = MIN(rb, ln->b + lh / 10);
    if (right - left < 4 || bottom - top < 4) continue;
    double c1 = 0;
    if (!read_word(e, left, top, right - left, bottom - top, FALSE, txt, &c1, error)) return FALSE;
    gboolean keep = latin_name(txt->str, broken) && (broken || c1 > conf) && c1 >= LATIN_MIN_CONF;
    if (keep && e->glyphs) {
      /* a number in brackets ("(๗๘๔)" read "(MICE)", again "(nice)") is
       * no name: the glyph classifier names its glyphs digits (note 3e) */
      Word probe = {a->l, MIN(a->t, z->t), z->r, MAX(a->b, z->b), txt->str, 0, FALSE, 0, 0};
      keep = !glyph_word(e, ln, &probe, GLYPH_WORD_SURE);
    }
    if (e->debug_dir)
      g_printerr("ocr: latin %d,%d-%d,%d [%s] %.0f -> [%s] %.0f%s\n", left, top, right, bottom,
                 span->str, conf, txt->str, c1, keep ? "" : " not kept");
    if (!keep) continue;
    Word nw = {a->l, MIN(a->t, z->t), z->r, MAX(a->b, z->b), g_strdup(txt->str), (float)c1, TRUE,
               0, 0};
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

static gboolean reread_scheme(Engine *e, RLine *ln, int rl, int rt, int rr, int rb,
                              GError **error) {
  if (!thai_line(ln)) return TRUE;
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
      Word nw = {a->l, MIN(a->t, z->t), z->r, MAX(a->b, z->b),
                 g_strconcat(scheme, strstr(txt->str, "://"), NULL), (float)conf, TRUE, 0, 0};
      g_array_remove_range(w, k - m, m + 1);
      g_array_insert_val(w, k - m, nw);
      k -= m;
      break;
    }
  }
  return TRUE;
}

/* A tone mark read twice before SARA AA (น้้า) is a tone mark on SARA AM
 * (น้ำ) whose NIKHAHIT ring was taken for a second tone mark: a doubled
 * tone mark is never Thai. */
/* The text after @at in word @k of @w: @at itself, or the next word's
 * when @at is the end of word @k (the page pass makes a word of each
 * letter); NULL at the line's end. */
static char *next_in_line(GArray *w, guint k, char *at) {
  if (*at) return at;
  return k + 1 < w->len ? g_array_index(w, Word, k + 1).text : NULL;
}

static void doubled_tone(RLine *ln) {
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
  int top = below_ink(bin, wd->l, wd->r, MAX(0, ln->t - lh / 3), ln->t);
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
  int letters = tops->len ? median(tops) : 0;
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

static void ring_am(Engine *e, RLine *ln) {
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

static void drop_mark_rows(GPtrArray *lines) {
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

/* The median height of @lines (RLine*), 0 for none. */
static int typical_height(const GPtrArray *lines) {
  if (!lines->len) return 0;
  g_autoptr(GArray) h = g_array_sized_new(FALSE, FALSE, sizeof(int), lines->len);
  for (guint i = 0; i < lines->len; i++) {
    const RLine *ln = lines->pdata[i];
    int v = ln->b - ln->t;
    g_array_append_val(h, v);
  }
  return median(h);
}

/* Read one rectangle (a cell, or the page outside the tables) and append
 * its text. */
static gboolean read_region(Engine *e, PageOut *out, int l, int t, int w, int h, int psm,
                            GError **error) {
  g_autoptr(GPtrArray) lines = recognize(e, l, t, w, h, psm, error);
  if (!lines) return FALSE;
  drop_mark_rows(lines);
  for (guint i = 0; i < lines->len; i++)
    if (!reread_marks(e, lines, i, l, t, l + w, t + h, error)) return FALSE;
  for (guint i = 0; i < lines->len; i++)
    if (!reread_unsure(e, lines, i, l, t, l + w, t + h, error)) return FALSE;
  for (guint i = 0; i < lines->len; i++)
    if (!reread_caps(e, lines->pdata[i], l, t, l + w, t + h, error)) return FALSE;
  for (guint i = 0; i < lines->len; i++) doubled_tone(lines->pdata[i]);
  for (guint i = 0; i < lines->len; i++) ring_am(e, lines->pdata[i]);
  for (guint i = 0; i < lines->len; i++)
    if (!reread_latin(e, lines->pdata[i], i + 1 < lines->len ? lines->pdata[i + 1] : NULL, l, t,
                      l + w, t + h, error))
      return FALSE;
  for (guint i = 0; i < lines->len; i++)
    if (!reread_scheme(e, lines->pdata[i], l, t, l + w, t + h, error)) return FALSE;
  int typical = typical_height(lines);
  gboolean thai_region = FALSE;
  for (guint i = 0; i < lines->len; i++) thai_region |= thai_line(lines->pdata[i]);
  for (guint i = 0; e->digits && i < lines->len; i++)
    if (!reread_digits(e, lines->pdata[i], typical, thai_region, l, t, l + w, t + h, error))
      return FALSE;
  for (guint i = 0; i < lines->len; i++) {
    const RLine *ln = lines->pdata[i];
    for (guint k = 0; k < ln->words->len; k++) {
      const Word *wd = &g_array_index(ln->words, Word, k);
      if (wd->conf >= 0) {
        out->conf_sum += wd->conf;
        out->conf_n++;
      }
    }
    if (e->debug_dir) {
      g_autoptr(GString) lt = g_string_new(NULL);
      for (guint k = 0; k < ln->words->len; k++)
        g_string_append_printf(lt, "%s%s", k ? " " : "", g_array_index(ln->words, Word, k).text);
      g_printerr("ocr: line %d,%d-%d,%d base %.0f [%s]\n", ln->l, ln->t, ln->r, ln->b, ln->base,
                 lt->str);
    }
    emit_line(e, out, ln->words, ln->t, ln->b, ln->base);
  }
  return TRUE;
}


/* Note 6: nothing left unread.  Tesseract's page layout (PSM_AUTO) can
 * drop a block it takes for a picture: a large bold "ด่วนที่สุด" beside
 * the Garuda emblem, a line under a stamp.  After the page is read, the
 * ink that no recognized line covers is gathered into word-sized pieces
 * (a closing joins the letters of a word) and each piece of text size is
 * read as one line; its reading is kept only if Tesseract is sure of it
 * and it holds letters, so the emblem and specks add nothing. */
#define LEFTOVER_MIN_CONF 80.0

static gboolean has_letters(const GArray *chars, guint from) {
  guint n = 0;
  for (guint i = from; i < chars->len; i++)
    n += g_unichar_isalpha(g_array_index(chars, SbChar, i).ch) != 0;
  return n >= 2;
}

static gboolean read_leftovers(Engine *e, PageOut *out, PIX *bin, GError **error) {
  const double s = e->scale;
  PIX *left = pixCopy(NULL, bin);
  if (!left) return TRUE;
  /* blank what was read: each character's box, out to its line's height */
  for (guint i = 0; i < out->chars->len; i++) {
    const SbChar *c = &g_array_index(out->chars, SbChar, i);
    double m = 0.15 * (c->box.y2 - c->box.y1);
    BOX *b = boxCreate((l_int32)((c->box.x1 - m) * s), (l_int32)((c->box.y1 - 2 * m) * s),
                       (l_int32)((c->box.x2 - c->box.x1 + 2 * m) * s) + 1,
                       (l_int32)((c->box.y2 - c->box.y1 + 4 * m) * s) + 1);
    if (b) pixClearInRect(left, b);
    boxDestroy(&b);
  }
  /* the page's typical line height, for what "text size" means */
  double lh = 21.0 * s; /* the line of 16 pt type when nothing was read */
  if (out->heights->len) lh = median_double(out->heights) * s;
  int join = MAX(3, (int)(0.4 * lh));
  PIX *closed = pixCloseBrick(NULL, left, join, MAX(3, (int)(0.3 * lh)));
  BOXA *pieces = closed ? pixConnComp(closed, NULL, 8) : NULL;
  pixDestroy(&closed);
  gboolean ok = TRUE;
  for (l_int32 i = 0; ok && pieces && i < boxaGetCount(pieces); i++) {
    l_int32 x, y, w, h;
    boxaGetBoxGeometry(pieces, i, &x, &y, &w, &h);
    /* a line of text: a word or more wide, between half a line and two
     * lines high, with some ink */
    if (h < 0.5 * lh || h > 2.5 * lh || w < 1.5 * h || ink(left, x, y, w, h) < w * h / 20) continue;
    int pad = (int)(0.2 * lh);
    int l = MAX(0, x - pad), t = MAX(0, y - pad);
    int r = MIN(pixGetWidth(bin), x + w + pad), b = MIN(pixGetHeight(bin), y + h + pad);
    guint mark = out->chars->len, nconf = out->conf_n, nh = out->heights->len;
    double csum = out->conf_sum;
    ok = read_region(e, out, l, t, r - l, b - t, PSM_SINGLE_LINE, error);
    double conf = out->conf_n > nconf ? (out->conf_sum - csum) / (out->conf_n - nconf) : 0;
    gboolean drop = ok && (conf < LEFTOVER_MIN_CONF || !has_letters(out->chars, mark));
    if (e->debug_dir)
      g_printerr("ocr: leftover %d,%d-%d,%d conf %.0f%s\n", l, t, r, b, conf,
                 drop ? " not kept" : "");
    if (drop) {
      g_array_set_size(out->chars, mark);
      g_array_set_size(out->base, mark);
      g_array_set_size(out->heights, nh);
      out->conf_n = nconf;
      out->conf_sum = csum;
    }
  }
  boxaDestroy(&pieces);
  pixDestroy(&left);
  return ok;
}

static int cmp_box_reading(gconstpointer a, gconstpointer b) {
  const SbBox *x = a, *y = b;
  if (fabs(x->y1 - y->y1) > 2) return x->y1 < y->y1 ? -1 : 1;
  return x->x1 < y->x1 ? -1 : x->x1 > y->x1;
}

/* The image both engines read. */
static void set_image(Engine *e, PIX *gray, double dpi) {
  TessBaseAPISetImage2(e->api, gray);
  TessBaseAPISetSourceResolution(e->api, (int)(dpi + 0.5));
  if (e->digits) {
    TessBaseAPISetImage2(e->digits, gray);
    TessBaseAPISetSourceResolution(e->digits, (int)(dpi + 0.5));
  }
}

/* Note 7: a word misread by one mark.  Tesseract's Thai model, on a
 * clean page, most often misreads a word by a mark: ท้องถิน for ท้องถิ่น
 * (a subject, 16 pt Laksaman at 200 dpi), ทิ่ for ที่.  Once the page is
 * read, its text goes to sb_lexicon_mend() (lexicon.h), which mends a run
 * of Thai that does not cut into dictionary words by the one mark that
 * makes it cut, where the page writes the word that mend makes in another
 * run.  A line, a cell and a word Tesseract read apart from the one before
 * (a gap) end a run.  A mark put in gets the zero-width box a mark has
 * (add_symbol()).  On the 24 pages of the digit benchmark: 10 mends, all
 * right (ท้องถิน 8 times, ดำเนิ็น, ดำเน็น), character errors 476 -> 466;
 * on the scanned fixtures 5 mends, all right (กลุมงาน twice in a routing
 * note, ท้องถิน, ทิ่ twice), none elsewhere. */
static gboolean new_run(const PageOut *out, guint i) {
  const SbChar *a = &g_array_index(out->chars, SbChar, i - 1);
  const SbChar *b = &g_array_index(out->chars, SbChar, i);
  return g_array_index(out->base, double, i) != g_array_index(out->base, double, i - 1) ||
         b->box.x1 < a->box.x1 - 0.5 || b->box.x1 > a->box.x2 + 0.5;
}

static void mend_words(Engine *e, PageOut *out) {
  guint n = out->chars->len;
  if (!n) return;
  /* the page's text, a new line where a run ends, SARA AM as the
   * dictionary writes it (Tesseract reads NIKHAHIT and SARA AA:
   * normalize/ composes them later); @at: each character's index in
   * out->chars (SARA AM's: its SARA AA's) */
  g_autofree gunichar *text = g_new(gunichar, 2 * n);
  g_autofree guint *at = g_new(guint, 2 * n);
  guint m = 0;
  for (guint i = 0; i < n; i++) {
    gunichar c = g_array_index(out->chars, SbChar, i).ch;
    if (i && new_run(out, i)) text[m] = '\n', at[m++] = G_MAXUINT;
    if (c == 0x0E4D && i + 1 < n && g_array_index(out->chars, SbChar, i + 1).ch == 0x0E32 &&
        !new_run(out, i + 1))
      c = 0x0E33, i++;
    text[m] = c, at[m++] = i;
  }
  g_autoptr(GArray) mends = sb_lexicon_mend(e->lexicon, text, m);
  /* from the last, so that the indices before stay */
  for (guint k = mends->len; k-- > 0;) {
    const SbMarkMend *md = &g_array_index(mends, SbMarkMend, k);
    guint i = at[md->at];
    SbChar *c = &g_array_index(out->chars, SbChar, i);
    if (e->debug_dir) {
      guint from = md->at > 8 ? md->at - 8 : 0, to = MIN(m, md->at + 8);
      g_autofree char *near = g_ucs4_to_utf8(text + from, to - from, NULL, NULL, NULL);
      if (near) g_strdelimit(near, "\n", '|');
      g_printerr("ocr: mend [%s] at %u: %04x -> %04x\n", near ? near : "", md->at - from,
                 md->was, md->now);
    }
    if (!md->was) {
      double x = sb_is_thai_mark(c->ch) ? c->box.x1 : c->box.x2;
      double b = g_array_index(out->base, double, i);
      SbChar mark = {md->now, {x, c->box.y1, x, c->box.y2}};
      g_array_insert_val(out->chars, i + 1, mark);
      g_array_insert_val(out->base, i + 1, b);
    } else if (!md->now) {
      g_array_remove_index(out->chars, i);
      g_array_remove_index(out->base, i);
    } else {
      c->ch = md->now;
    }
  }
}

static gboolean ocr_page(Engine *e, PIX *gray, double dpi, SbPage *page, GError **error) {
  Prepared pr = {0};
  if (!prepare(gray, dpi, page, &pr, error)) return FALSE;
  e->scale = pr.scale;
  if (e->debug_dir) {
    /* the image Tesseract reads, for looking at by hand */
    g_autofree char *name = g_strdup_printf("%s/page-%04u.png", e->debug_dir, page->number);
    pixWrite(name, pr.gray, IFF_PNG);
  }
  PageOut out = {g_array_new(FALSE, FALSE, sizeof(SbChar)), 0, 0,
                 g_array_new(FALSE, FALSE, sizeof(double)),
                 g_array_new(FALSE, FALSE, sizeof(double)), 0};
  g_autoptr(GArray) cells = cell_grid(page);
  g_array_sort(cells, cmp_box_reading);
  gboolean ok = TRUE;
  int W = pixGetWidth(pr.clean), H = pixGetHeight(pr.clean);
  /* text outside the tables: the page with every cell blanked */
  PIX *outside = pixCopy(NULL, pr.clean), *outside_gray = pixCopy(NULL, pr.gray);
  for (guint i = 0; i < cells->len; i++) {
    const SbBox *b = &g_array_index(cells, SbBox, i);
    BOX *bx = boxCreate((l_int32)(b->x1 * pr.scale), (l_int32)(b->y1 * pr.scale),
                        (l_int32)((b->x2 - b->x1) * pr.scale) + 1,
                        (l_int32)((b->y2 - b->y1) * pr.scale) + 1);
    if (bx) {
      pixClearInRect(outside, bx);
      pixSetInRect(outside_gray, bx);
    }
    boxDestroy(&bx);
  }
  if (has_ink(outside, 0, 0, W, H)) {
    e->bin = outside;
    e->faint = e->glyphs ? sb_glyphs_faint(outside, outside_gray) : NULL;
    set_image(e, outside_gray, dpi);
    ok = read_region(e, &out, 0, 0, W, H, PSM_AUTO, error) &&
         read_leftovers(e, &out, outside, error);
  }
  pixDestroy(&e->faint);
  e->bin = pr.clean;
  e->faint = e->glyphs ? sb_glyphs_faint(pr.clean, pr.gray) : NULL;
  set_image(e, pr.gray, dpi);
  /* each cell on its own, inset past its rules */
  int inset = MAX(2, (int)(1.5 * pr.scale));
  for (guint i = 0; ok && i < cells->len; i++) {
    const SbBox *b = &g_array_index(cells, SbBox, i);
    int l = (int)(b->x1 * pr.scale) + inset, t = (int)(b->y1 * pr.scale) + inset;
    int w = (int)((b->x2 - b->x1) * pr.scale) - 2 * inset;
    int h = (int)((b->y2 - b->y1) * pr.scale) - 2 * inset;
    if (w < 4 || h < 4 || l < 0 || t < 0 || l + w > W || t + h > H) continue;
    if (!has_ink(pr.clean, l, t, w, h)) continue;
    ok = read_region(e, &out, l, t, w, h, PSM_SINGLE_BLOCK, error);
  }
  TessBaseAPIClear(e->api);
  if (e->digits) TessBaseAPIClear(e->digits);
  e->bin = NULL;
  pixDestroy(&e->faint);
  pixDestroy(&outside);
  pixDestroy(&outside_gray);
  if (ok) {
    mend_words(e, &out);
    even_line_boxes(&out);
    g_array_unref(page->chars);
    page->chars = g_steal_pointer(&out.chars);
    g_clear_pointer(&page->text, g_free);
    page->source = SB_SOURCE_OCR;
    page->confidence = out.conf_n ? out.conf_sum / out.conf_n : 0;
    page->dpi = dpi;
    page->skew_deg = pr.skew_deg;
  } else {
    g_array_unref(out.chars);
  }
  g_array_unref(out.base);
  g_array_unref(out.heights);
  prepared_clear(&pr);
  return ok;
}

void sb_ocr_quiet_libraries(void) {
  setMsgSeverity(L_SEVERITY_NONE);
}

/* ------------------------------------------------------------------ */
/* Pages on a thread pool                                              */

typedef struct {
  SbDocument *doc;
  SbOcrOptions o;
  GAsyncQueue *engines; /* idle Engine* */
  GMutex lock;          /* guards made, errors */
  guint made;
  GError **errors;      /* one slot per page */
  char *model_digest;   /* model_digest() (cache key), or "" */
} Job;

static void engine_free(Engine *e);

/* Where saraban's own models are: the option, $SARABAN_MODEL_DIR, the
 * install prefix, the source tree; the first that holds the model. */
static char *model_dir(const char *option) {
  const char *env = g_getenv("SARABAN_MODEL_DIR");
  const char *dirs[] = {option, env, SB_MODEL_DIR_INSTALLED, SB_MODEL_DIR_SOURCE};
  for (gsize i = 0; i < G_N_ELEMENTS(dirs); i++) {
    if (!dirs[i] || !*dirs[i]) continue;
    g_autofree char *f = g_build_filename(dirs[i], DIGIT_MODEL ".traineddata", NULL);
    if (g_file_test(f, G_FILE_TEST_IS_REGULAR)) return g_strdup(dirs[i]);
    if (i < 2) return g_strdup(dirs[i]); /* asked for: report it, do not look further */
  }
  return g_strdup(SB_MODEL_DIR_SOURCE);
}

/* The Thai-digit model in @dir (model_dir()), set to read one line. */
static TessBaseAPI *digit_engine(const char *dir, GError **error) {
  TessBaseAPI *api = TessBaseAPICreate();
  if (TessBaseAPIInit3(api, dir, DIGIT_MODEL) != 0) {
    TessBaseAPIDelete(api);
    g_set_error(error, SB_ERROR, SB_ERROR_SETUP,
                "the Thai-digit model %s.traineddata cannot be loaded from %s", DIGIT_MODEL, dir);
    return NULL;
  }
  TessBaseAPISetVariable(api, "debug_file", "/dev/null");
  TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
  return api;
}

static Engine *engine_new(const SbOcrOptions *o, GError **error) {
  TessBaseAPI *api = TessBaseAPICreate();
  /* Tesseract writes warnings to stderr unless told where else */
  if (TessBaseAPIInit3(api, o->tessdata, o->languages ? o->languages : DEFAULT_LANGS) != 0) {
    TessBaseAPIDelete(api);
    g_set_error(error, SB_ERROR, SB_ERROR_SETUP,
                "Tesseract cannot start with languages '%s' (is tesseract-ocr-tha installed?)",
                o->languages ? o->languages : DEFAULT_LANGS);
    return NULL;
  }
  TessBaseAPISetVariable(api, "debug_file", "/dev/null");
  Engine *e = g_new0(Engine, 1);
  e->api = api;
  if (!sb_re_init(&e->ascii_number, ASCII_NUMBER, error)) {
    engine_free(e);
    return NULL;
  }
  if (!o->no_digit_model) {
    g_autofree char *dir = model_dir(o->models);
    g_autofree char *glyphs = g_build_filename(dir, DIGIT_MODEL ".glyphs", NULL);
    e->digits = digit_engine(dir, error);
    if (e->digits) e->glyphs = sb_glyphs_load(glyphs, error);
    if (!e->glyphs) {
      engine_free(e);
      return NULL;
    }
  }
  e->lexicon = sb_lexicon_load(NULL, error);
  if (!e->lexicon) {
    engine_free(e);
    return NULL;
  }
  e->debug_dir = g_getenv("SARABAN_DEBUG_OCR_DIR");
  return e;
}

static void engine_free(Engine *e) {
  if (!e) return;
  sb_glyphs_free(e->glyphs);
  sb_lexicon_free(e->lexicon);
  if (e->digits) {
    TessBaseAPIEnd(e->digits);
    TessBaseAPIDelete(e->digits);
  }
  TessBaseAPIEnd(e->api);
  TessBaseAPIDelete(e->api);
  sb_re_clear(&e->ascii_number);
  g_free(e);
}

static Engine *engine_borrow(Job *job, GError **error) {
  Engine *e = g_async_queue_try_pop(job->engines);
  if (e) return e;
  gboolean make = FALSE;
  g_mutex_lock(&job->lock);
  if (job->made < job->o.jobs) {
    job->made++;
    make = TRUE;
  }
  g_mutex_unlock(&job->lock);
  if (make) return engine_new(&job->o, error);
  return g_async_queue_pop(job->engines);
}

/* ---- the OCR cache (SbOcrCache in ocr.h) ---- */

/* bump when recognition changes, so that old readings are not reused */
#define CACHE_FORMAT "saraban-ocr-cache-44"
#define CACHE_TYPE "(ddda(udddd)a(dddd)a(dddd))"

/* The SHA-256 of the models that read a page beside Tesseract's (the
 * digit LSTM model and its glyph classifier, unless they are not used;
 * the Thai dictionary, note 7): a new model must not reuse old readings.
 * "" if one cannot be read (the engine then fails to start). */
static char *model_digest(const SbOcrOptions *o) {
  g_autofree char *dir = model_dir(o->models);
  g_autofree char *lstm = g_build_filename(dir, DIGIT_MODEL ".traineddata", NULL);
  g_autofree char *glyphs = g_build_filename(dir, DIGIT_MODEL ".glyphs", NULL);
  g_autofree char *dictionary = sb_lexicon_path();
  const char *files[] = {lstm, glyphs, dictionary};
  g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
  for (gsize i = o->no_digit_model ? 2 : 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree char *bytes = NULL;
    gsize n = 0;
    if (!g_file_get_contents(files[i], &bytes, &n, NULL)) return g_strdup("");
    g_checksum_update(sum, (const guchar *)bytes, (gssize)n);
  }
  return g_strdup(g_checksum_get_string(sum));
}

/* SHA-256 of the image's pixels and of everything that decides its
 * reading (@model: model_digest()); NULL if the pixels cannot be had */
static char *cache_key(const SbOcrOptions *o, const char *model, PIX *gray, double dpi) {
  l_uint8 *raster = NULL;
  size_t n = 0;
  if (pixGetRasterData(gray, &raster, &n)) return NULL;
  g_autoptr(GChecksum) c = g_checksum_new(G_CHECKSUM_SHA256);
  g_autofree char *head = g_strdup_printf(
      "%s\n%s\n%s\n%d %s\n%.3f\n%d %d %d\n", CACHE_FORMAT, SARABAN_VERSION,
      o->languages ? o->languages : "tha+eng", o->no_digit_model, model, dpi, pixGetWidth(gray),
      pixGetHeight(gray), pixGetDepth(gray));
  g_checksum_update(c, (const guchar *)head, -1);
  g_checksum_update(c, raster, (gssize)n);
  lept_free(raster);
  return g_strdup(g_checksum_get_string(c));
}

static GVariant *fixed(const char *type, const GArray *a, gsize size) {
  return g_variant_new_fixed_array(G_VARIANT_TYPE(type), a->data, a->len, size);
}

static void cache_store(const SbOcrOptions *o, const char *key, const SbPage *p) {
  /* the padding after SbChar.ch must be zero for a GVariant in normal
   * form (and for the same bytes on every run) */
  g_autoptr(GArray) chars = g_array_sized_new(FALSE, TRUE, sizeof(SbChar), p->chars->len);
  g_array_set_size(chars, p->chars->len);
  for (guint i = 0; i < p->chars->len; i++) {
    SbChar *to = &g_array_index(chars, SbChar, i);
    const SbChar *from = &g_array_index(p->chars, SbChar, i);
    to->ch = from->ch;
    to->box = from->box;
  }
  g_autoptr(GVariant) v = g_variant_ref_sink(g_variant_new(
      "(ddd@a(udddd)@a(dddd)@a(dddd))", p->confidence, p->dpi, p->skew_deg,
      fixed("(udddd)", chars, sizeof(SbChar)), fixed("(dddd)", p->hrules, sizeof(SbRule)),
      fixed("(dddd)", p->vrules, sizeof(SbRule))));
  g_autoptr(GBytes) b = g_variant_get_data_as_bytes(v);
  o->cache->put(o->cache->data, key, b);
}

static void load_fixed(GVariant *v, GArray *into, gsize size) {
  gsize n = 0;
  gconstpointer d = g_variant_get_fixed_array(v, &n, size);
  g_array_set_size(into, 0);
  if (n) g_array_append_vals(into, d, (guint)n);
}

/* fills @p from the cache; FALSE when @key is not there (or unreadable) */
static gboolean cache_load(const SbOcrOptions *o, const char *key, SbPage *p) {
  g_autoptr(GBytes) b = o->cache->get(o->cache->data, key);
  if (!b) return FALSE;
  g_autoptr(GVariant) v =
      g_variant_ref_sink(g_variant_new_from_bytes(G_VARIANT_TYPE(CACHE_TYPE), b, FALSE));
  if (!g_variant_is_normal_form(v)) return FALSE;
  g_autoptr(GVariant) chars = g_variant_get_child_value(v, 3);
  g_autoptr(GVariant) hr = g_variant_get_child_value(v, 4);
  g_autoptr(GVariant) vr = g_variant_get_child_value(v, 5);
  g_variant_get_child(v, 0, "d", &p->confidence);
  g_variant_get_child(v, 1, "d", &p->dpi);
  g_variant_get_child(v, 2, "d", &p->skew_deg);
  load_fixed(chars, p->chars, sizeof(SbChar));
  load_fixed(hr, p->hrules, sizeof(SbRule));
  load_fixed(vr, p->vrules, sizeof(SbRule));
  g_clear_pointer(&p->text, g_free);
  p->source = SB_SOURCE_OCR;
  p->ocr_cached = TRUE;
  return TRUE;
}

/* one page: its image, then the cache, else Tesseract */
static void run_page(gpointer data, gpointer user) {
  Job *job = user;
  guint index = GPOINTER_TO_UINT(data) - 1;
  SbPage *page = job->doc->pages->pdata[index];
  GError *err = NULL;
  double dpi = 0;
  PIX *gray = sb_ingest_page_pix(job->doc, index, job->o.dpi, job->o.max_pixels, &dpi, &err);
  g_autofree char *key =
      gray && job->o.cache ? cache_key(&job->o, job->model_digest, gray, dpi) : NULL;
  if (gray && !(key && cache_load(&job->o, key, page))) {
    Engine *e = engine_borrow(job, &err);
    if (e) {
      e->deadline = g_get_monotonic_time() + (gint64)(job->o.max_page_seconds * 1e6);
      if (!ocr_page(e, gray, dpi, page, &err) && !err)
        g_set_error(&err, SB_ERROR, SB_ERROR_INTERNAL, "the page could not be read");
      g_async_queue_push(job->engines, e);
      if (!err && key) cache_store(&job->o, key, page);
    } else {
      /* let another worker make the engine next time */
      g_mutex_lock(&job->lock);
      job->made--;
      g_mutex_unlock(&job->lock);
    }
  }
  if (gray) pixDestroy(&gray);
  /* the one place a page error gets its page number */
  if (err && job->doc->pages->len > 1) g_prefix_error(&err, "page %u: ", index + 1);
  job->errors[index] = err;
}

gboolean sb_ocr_document(SbDocument *doc, const SbOcrOptions *opts, GError **error) {
  SbOcrOptions o = {0};
  if (opts) o = *opts;
  if (o.max_page_seconds <= 0) o.max_page_seconds = DEFAULT_PAGE_SECONDS;
  if (!o.jobs) o.jobs = MAX(1u, g_get_num_processors());
  if (o.never || doc->file_kind == SB_FILE_TEXT) return TRUE;

  g_autoptr(GArray) todo = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint i = 0; i < doc->pages->len; i++) {
    SbPage *p = doc->pages->pdata[i];
    const char *why = o.force ? "forced" : sb_ocr_page_broken(p);
    if (!why) continue;
    g_free(p->ocr_reason);
    p->ocr_reason = g_strdup(why);
    g_array_append_val(todo, i);
  }
  if (!todo->len) return TRUE;

  Job job = {0};
  job.doc = doc;
  job.o = o;
  job.engines = g_async_queue_new();
  g_mutex_init(&job.lock);
  job.errors = g_new0(GError *, doc->pages->len);
  job.model_digest = o.cache ? model_digest(&o) : g_strdup("");
  guint threads = MIN(o.jobs, todo->len);
  gboolean ok = TRUE;
  if (threads <= 1) {
    for (guint k = 0; k < todo->len; k++)
      run_page(GUINT_TO_POINTER(g_array_index(todo, guint, k) + 1), &job);
  } else {
    GThreadPool *pool = g_thread_pool_new(run_page, &job, (gint)threads, TRUE, NULL);
    for (guint k = 0; k < todo->len; k++)
      g_thread_pool_push(pool, GUINT_TO_POINTER(g_array_index(todo, guint, k) + 1), NULL);
    g_thread_pool_free(pool, FALSE, TRUE); /* waits for every page */
  }
  for (guint i = 0; i < doc->pages->len; i++) {
    if (!job.errors[i]) continue;
    if (ok) g_propagate_error(error, job.errors[i]);
    else g_error_free(job.errors[i]);
    ok = FALSE;
  }
  Engine *e;
  while ((e = g_async_queue_try_pop(job.engines))) engine_free(e);
  g_async_queue_unref(job.engines);
  g_mutex_clear(&job.lock);
  g_free(job.errors);
  g_free(job.model_digest);
  return ok;
}

gboolean sb_ocr_ready(const SbOcrOptions *opts, GError **error) {
  SbOcrOptions o = {0};
  if (opts) o = *opts;
  Engine *e = engine_new(&o, error);
  if (!e) return FALSE;
  engine_free(e);
  return TRUE;
}
