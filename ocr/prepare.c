/*
 * prepare.c: a page image made ready to read, and the table cells of its
 * rulings (internal.h).  Leptonica deskews the page, normalizes its
 * background and binarizes it (sb_glyphs_binarize()); ingest finds the
 * rulings, which are then erased from both images without the glyphs
 * they cross (note 0).
 */
#include <math.h>

#include "../ingest/ingest.h"
#include "internal.h"

#define RULE_MIN_LEN_PT 30.0 /* shortest ruling (text strokes are shorter) */
#define RULE_BRIDGE_PT 0.8   /* breaks closed inside a ruling (not letter gaps) */
#define MARK_RUN_MAX_PT 4.0  /* a mark crossing a ruling: ink this much longer at most */
#define GRID_SNAP_PT 4.0     /* rule positions this close are one grid line */

void ocr_prepared_clear(Prepared *p) {
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

gboolean ocr_prepare(PIX *gray, double dpi, SbPage *page, Prepared *out, GError **error) {
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

/* Distinct positions (snapped) of the rules along one axis. */
static GArray *grid_lines(const GArray *rules, gboolean vertical) {
  GArray *pos = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint i = 0; i < rules->len; i++) {
    const SbRule *r = &g_array_index(rules, SbRule, i);
    double v = vertical ? r->x1 : r->y1;
    g_array_append_val(pos, v);
  }
  g_array_sort(pos, ocr_cmp_double);
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
GArray *ocr_cell_grid(const SbPage *page) {
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
