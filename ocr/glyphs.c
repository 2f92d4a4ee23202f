/*
 * glyphs.c: the digit glyph classifier (glyphs.h): cutting glyphs out of
 * a binarized line, and Leptonica's recog to name them.
 */
#include "glyphs.h"

#include <string.h>

#include "../core/sb.h"

struct SbGlyphs {
  L_RECOG *recog;
  L_RECOG *no_zero; /* every template but ๐'s, made when first needed */
  gboolean no_zero_tried;
};

PIX *sb_glyphs_binarize(PIX *gray, double dpi, PIX **pnorm) {
  if (pnorm) *pnorm = NULL;
  /* background to 200 (Leptonica's norm), then stretched so that paper
   * and faint noise are white and ink keeps its antialiased edges */
  PIX *norm = pixBackgroundNormSimple(gray, NULL, NULL);
  if (!norm) return NULL;
  pixGammaTRC(norm, norm, 1.0, 60, 185);
  PIX *bin = NULL;
  /* after background normalization one Otsu threshold fits the page */
  pixOtsuAdaptiveThreshold(norm, pixGetWidth(norm), pixGetHeight(norm), 0, 0, 0.0, NULL, &bin);
  /* speckles: components no larger than ~0.25 mm either way */
  int speck = MAX(1, (int)(dpi / 100.0));
  PIX *desp =
      bin ? pixSelectBySize(bin, speck + 1, speck + 1, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL)
          : NULL;
  if (desp && pnorm) {
    /* what despeckling removed goes from the gray image too */
    PIX *specks = pixSubtract(NULL, bin, desp);
    if (specks) pixSetMasked(norm, specks, 255);
    pixDestroy(&specks);
    *pnorm = norm;
  } else {
    pixDestroy(&norm);
  }
  pixDestroy(&bin);
  return desp;
}

/* Pieces @from-@to of @pieces (boxes in page coordinates) as one glyph,
 * added to @out: an image of their bounding box with every piece painted
 * in (pixaDisplay() paints 1 bpp images over each other). */
static void add_joined(PIXA *out, PIXA *pieces, int from, int to) {
  PIXA *some = pixaCreate(to - from + 1);
  for (int i = from; i <= to; i++) {
    pixaAddPix(some, pixaGetPix(pieces, i, L_CLONE), L_INSERT);
    pixaAddBox(some, pixaGetBox(pieces, i, L_COPY), L_INSERT);
  }
  BOXA *boxes = pixaGetBoxa(some, L_CLONE);
  BOX *extent = NULL;
  l_int32 x = 0, y = 0, w = 0, h = 0;
  boxaGetExtent(boxes, NULL, NULL, &extent);
  boxGetGeometry(extent, &x, &y, &w, &h);
  /* the pieces placed in the glyph's own image */
  pixaSetBoxa(some, boxaTransform(boxes, -x, -y, 1.0, 1.0), L_INSERT);
  boxaDestroy(&boxes);
  PIX *glyph = w > 0 && h > 0 ? pixaDisplay(some, w, h) : NULL;
  if (glyph) {
    /* pixaDisplay() copies the page's resolution: a glyph has none */
    pixSetXRes(glyph, 0);
    pixSetYRes(glyph, 0);
    pixaAddPix(out, glyph, L_INSERT);
    pixaAddBox(out, extent, L_INSERT);
  } else {
    boxDestroy(&extent);
  }
  pixaDestroy(&some);
}

PIX *sb_glyphs_faint(PIX *bin, PIX *gray) {
  PIX *faint = pixThresholdToBinary(gray, 224);
  if (faint) pixOr(faint, faint, bin);
  return faint;
}

/* The label (in @labels, 32 bpp, pixConnCompTransform()) of the piece
 * @piece whose box in @labels is at @x,@y: that of its first pixel of
 * ink; 0 if it has none. */
static l_uint32 piece_label(PIX *labels, PIX *piece, int x, int y) {
  l_int32 px = 0, py = 0;
  l_uint32 label = 0;
  if (nextOnPixelInRaster(piece, 0, 0, &px, &py)) pixGetPixel(labels, x + px, y + py, &label);
  return label;
}

/* How wide the pieces of @pieces in the faint component @label are
 * together (@label: each piece's faint component, in @pieces' order). */
static int faint_width(PIXA *pieces, const l_uint32 *label, l_uint32 which) {
  int x1 = G_MAXINT, x2 = G_MININT;
  for (int i = 0; i < pixaGetCount(pieces); i++) {
    l_int32 x, w;
    if (label[i] != which) continue;
    pixaGetBoxGeometry(pieces, i, &x, NULL, &w, NULL);
    x1 = MIN(x1, x), x2 = MAX(x2, x + w);
  }
  return x2 - x1;
}

/* Groups @pieces (sorted by x) into glyphs: pieces that overlap
 * horizontally, or touch (a colon; the pieces of a stroke a scan broke:
 * Norasi's ๒ can break in three, side by side); with @max_w > 0, also
 * pieces next to each other in one faint component (@label: each
 * piece's, 0 for none) that are together no wider than @max_w (a digit
 * whose hairline the binarization lost; not two digits that nearly
 * touch, or a digit and the slash beside it).  Each glyph goes to @out
 * (add_joined()) or, with @widths, only its width there. */
static void group_pieces(PIXA *pieces, const l_uint32 *label, int max_w, PIXA *out,
                         NUMA *widths) {
  int n = pixaGetCount(pieces);
  for (int first = 0, i = 0, x1 = 0, x2 = 0; i < n; i++) {
    l_int32 x, w, nx = 0;
    pixaGetBoxGeometry(pieces, i, &x, NULL, &w, NULL);
    if (i == first) x1 = x, x2 = x + w;
    x2 = MAX(x2, x + w);
    if (i + 1 < n) pixaGetBoxGeometry(pieces, i + 1, &nx, NULL, NULL, NULL);
    gboolean one = i + 1 < n && max_w > 0 && label[i] && label[i] == label[i + 1] &&
                   faint_width(pieces, label, label[i]) <= max_w;
    if (i + 1 < n && (nx <= x2 || one)) continue;
    if (widths) {
      numaAddNumber(widths, (l_float32)(x2 - x1));
    } else {
      add_joined(out, pieces, first, i);
    }
    first = i + 1;
  }
}

PIXA *sb_glyphs_cut(PIX *bin, PIX *faint, int l, int t, int r, int b, int lh) {
  BOX *area = boxCreate(l, t, r - l, b - t);
  PIX *crop = area ? pixClipRectangle(bin, area, NULL) : NULL;
  PIX *fcrop = crop && faint ? pixClipRectangle(faint, area, NULL) : NULL;
  PIX *labels = fcrop ? pixConnCompTransform(fcrop, 8, 32) : NULL;
  pixDestroy(&fcrop);
  boxDestroy(&area);
  if (!crop) return NULL;
  PIXA *comps = NULL;
  BOXA *boxes = pixConnComp(crop, &comps, 8);
  int h = pixGetHeight(crop);
  pixDestroy(&crop);
  /* the components in page coordinates, less the tails of the letters of
   * the lines above and below (cut by the rectangle's edge, short) */
  PIXA *kept = pixaCreate(0);
  g_autoptr(GArray) faint_of = g_array_new(FALSE, FALSE, sizeof(l_uint32));
  for (int i = 0; boxes && i < boxaGetCount(boxes); i++) {
    l_int32 x, y, w, bh;
    boxaGetBoxGeometry(boxes, i, &x, &y, &w, &bh);
    if ((y == 0 || y + bh == h) && bh < lh / 3) continue;
    PIX *piece = pixaGetPix(comps, i, L_CLONE);
    /* the faint component it lies in */
    l_uint32 label = labels ? piece_label(labels, piece, x, y) : 0;
    g_array_append_val(faint_of, label);
    pixaAddPix(kept, piece, L_INSERT);
    pixaAddBox(kept, boxCreate(l + x, t + y, w, bh), L_INSERT);
  }
  boxaDestroy(&boxes);
  pixaDestroy(&comps);
  pixDestroy(&labels);
  NUMA *order = NULL;
  PIXA *pieces = pixaGetCount(kept)
                     ? pixaSort(kept, L_SORT_BY_X, L_SORT_INCREASING, &order, L_CLONE)
                     : pixaCreate(0);
  pixaDestroy(&kept);
  int n = pieces ? pixaGetCount(pieces) : 0;
  l_uint32 *label = g_new0(l_uint32, MAX(n, 1));
  for (int i = 0; order && i < n; i++) {
    l_int32 k = 0;
    numaGetIValue(order, i, &k);
    label[i] = g_array_index(faint_of, l_uint32, k);
  }
  numaDestroy(&order);
  /* faint components join pieces into glyphs at most half as wide again
   * as the median glyph without them, or 0.85 of the line height (a cut
   * around one short word has few glyphs: their median may be a piece's
   * width).  Measured on the held-out digit pages: Norasi at 200 dpi, 36
   * digit errors on the numbers page and 16 on the circular's lines, 12
   * and 10 so; a quarter more than the median alone, 26 and 10; the scan
   * fixtures read the same (joined wider, the own letters' ๑ and ๓ that
   * nearly touch became one glyph, a ๗) */
  int max_w = 0;
  if (faint && n) {
    NUMA *widths = numaCreate(n);
    l_float32 median = 0;
    group_pieces(pieces, label, 0, NULL, widths);
    numaGetMedian(widths, &median);
    numaDestroy(&widths);
    max_w = MAX((int)median * 3 / 2, lh * 17 / 20);
  }
  PIXA *out = pixaCreate(0);
  if (pieces) group_pieces(pieces, label, max_w, out, NULL);
  g_free(label);
  pixaDestroy(&pieces);
  return out;
}

int sb_glyphs_within(PIXA *glyphs, int x1, int x2, int *first, int *last) {
  int n = 0, f = -1, l = -1;
  for (int i = 0; glyphs && i < pixaGetCount(glyphs); i++) {
    l_int32 x, w;
    pixaGetBoxGeometry(glyphs, i, &x, NULL, &w, NULL);
    if (x + w / 2 < x1 || x + w / 2 > x2) continue;
    if (f < 0) f = i;
    l = i;
    n++;
  }
  if (first) *first = f;
  if (last) *last = l;
  return n;
}

PIX *sb_glyphs_at(PIXA *glyphs, int x1, int x2, int max_w) {
  int first = -1, last = -1;
  if (!sb_glyphs_within(glyphs, x1, x2, &first, &last)) return NULL;
  PIXA *one = pixaCreate(1);
  add_joined(one, glyphs, first, last);
  l_int32 w = max_w + 1;
  if (pixaGetCount(one)) pixaGetBoxGeometry(one, 0, NULL, NULL, &w, NULL);
  PIX *glyph = w <= max_w ? pixaGetPix(one, 0, L_CLONE) : NULL;
  pixaDestroy(&one);
  return glyph;
}

SbGlyphs *sb_glyphs_new(int height) {
  SbGlyphs *g = g_new0(SbGlyphs, 1);
  /* scaled to one height, not width (the width tells ๐ from 0); no
   * stroke normalization (it made Sawasdee's ๘ a ๔); one pixel of
   * vertical jiggle when matching */
  g->recog = recogCreate(0, height, 0, 128, 1);
  return g;
}

gboolean sb_glyphs_add(SbGlyphs *g, PIX *glyph, const char *utf8) {
  return recogTrainLabeled(g->recog, glyph, NULL, (char *)utf8, 0) == 0;
}

gboolean sb_glyphs_save(SbGlyphs *g, const char *path, GError **error) {
  if (recogTrainingFinished(&g->recog, 1, 1, 0.0) || recogWrite(path, g->recog)) {
    g_set_error(error, SB_ERROR, SB_ERROR_IO, "cannot write the glyph classifier %s", path);
    return FALSE;
  }
  return TRUE;
}

SbGlyphs *sb_glyphs_load(const char *path, GError **error) {
  L_RECOG *recog = recogRead(path);
  if (!recog) {
    g_set_error(error, SB_ERROR, SB_ERROR_SETUP, "the glyph classifier %s cannot be loaded", path);
    return NULL;
  }
  recog->templ_use = L_USE_ALL_TEMPLATES; /* nearest template, not class averages */
  SbGlyphs *g = g_new0(SbGlyphs, 1);
  g->recog = recog;
  return g;
}

/* Is @glyph a ring: a hole at least a third of its width and height (๐
 * is; Norasi's ๓ at 200 dpi, its small loop filled in by a scan, is not)?
 * Closed first with a brick a sixth of its height: a scan breaks the thin
 * strokes of a serif face's ring. */
static gboolean ring_shaped(PIX *glyph) {
  l_int32 w = pixGetWidth(glyph), h = pixGetHeight(glyph);
  int k = MAX(3, (h + 3) / 6);
  PIX *closed = pixCloseSafeBrick(NULL, glyph, k, k);
  PIX *holes = closed ? pixHolesByFilling(closed, 4) : NULL;
  pixDestroy(&closed);
  BOXA *boxes = holes ? pixConnComp(holes, NULL, 4) : NULL;
  gboolean ring = FALSE;
  for (int i = 0; boxes && i < boxaGetCount(boxes) && !ring; i++) {
    l_int32 bw = 0, bh = 0;
    boxaGetBoxGeometry(boxes, i, NULL, NULL, &bw, &bh);
    ring = bw * 3 >= w && bh * 3 >= h;
  }
  boxaDestroy(&boxes);
  pixDestroy(&holes);
  return ring;
}

/* A classifier of every template of @g but ๐'s (NULL if none can be had). */
static L_RECOG *no_zero(SbGlyphs *g) {
  if (g->no_zero_tried) return g->no_zero;
  g->no_zero_tried = TRUE;
  PIXA *all = recogExtractPixa(g->recog), *some = pixaCreate(0);
  for (int i = 0; all && i < pixaGetCount(all); i++) {
    PIX *t = pixaGetPix(all, i, L_CLONE);
    if (g_strcmp0(pixGetText(t), "๐")) {
      pixaAddPix(some, t, L_INSERT);
    } else {
      pixDestroy(&t);
    }
  }
  const L_RECOG *r = g->recog;
  L_RECOG *nz = recogCreateFromPixaNoFinish(some, r->scalew, r->scaleh, r->linew, r->threshold,
                                            r->maxyshift);
  /* (finished as sb_glyphs_save() finishes: classes of any size) */
  if (nz && recogTrainingFinished(&nz, 1, 1, 0.0)) recogDestroy(&nz);
  if (nz) nz->templ_use = L_USE_ALL_TEMPLATES;
  pixaDestroy(&all);
  pixaDestroy(&some);
  return g->no_zero = nz;
}

static gunichar identify_with(L_RECOG *recog, PIX *glyph, float *score) {
  *score = 0;
  if (recogIdentifyPix(recog, glyph, NULL) || !recog->rch) return 0;
  char *text = NULL;
  l_float32 s = 0;
  rchExtract(recog->rch, NULL, &s, &text, NULL, NULL, NULL, NULL);
  gunichar c = text && g_utf8_validate(text, -1, NULL) ? g_utf8_get_char(text) : 0;
  lept_free(text);
  *score = c ? s : 0;
  return c;
}

gunichar sb_glyphs_identify(SbGlyphs *g, PIX *glyph, float *score) {
  return identify_with(g->recog, glyph, score);
}

gunichar sb_glyphs_identify_whole(SbGlyphs *g, PIX *glyph, float *score) {
  gunichar c = identify_with(g->recog, glyph, score);
  if (c != 0x0E50 || ring_shaped(glyph) || !no_zero(g)) return c;
  /* another digit, if it is nearest one: else as named (a glyph of two
   * touching characters, named as a whole, is for the caller to cut) */
  float s = 0;
  gunichar other = identify_with(g->no_zero, glyph, &s);
  if (g_unichar_isdigit(other) && g_unichar_get_script(other) == G_UNICODE_SCRIPT_THAI) {
    c = other;
    *score = s;
  }
  return c;
}

void sb_glyphs_free(SbGlyphs *g) {
  if (!g) return;
  recogDestroy(&g->no_zero);
  recogDestroy(&g->recog);
  g_free(g);
}
