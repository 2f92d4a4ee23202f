/*
 * glyphs.c: the digit glyph classifier (glyphs.h): cutting glyphs out of
 * a binarized line, and Leptonica's recog to name them.
 */
#include "glyphs.h"

#include <string.h>

#include "../core/sb.h"

struct SbGlyphs {
  L_RECOG *recog;
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

/* A glyph's horizontal extent and the components in it. */
typedef struct {
  int x1, x2;
  GArray *parts; /* of int: component indices */
} Group;

static int cmp_group(gconstpointer a, gconstpointer b) {
  const Group *p = a, *q = b;
  return (p->x1 > q->x1) - (p->x1 < q->x1);
}

PIXA *sb_glyphs_cut(PIX *bin, int l, int t, int r, int b, int lh) {
  BOX *area = boxCreate(l, t, r - l, b - t);
  PIX *crop = area ? pixClipRectangle(bin, area, NULL) : NULL;
  boxDestroy(&area);
  if (!crop) return NULL;
  PIXA *comps = NULL;
  BOXA *boxes = pixConnComp(crop, &comps, 8);
  int h = pixGetHeight(crop);
  g_autoptr(GArray) groups = g_array_new(FALSE, FALSE, sizeof(Group));
  for (int i = 0; boxes && i < boxaGetCount(boxes); i++) {
    l_int32 x, y, w, bh;
    boxaGetBoxGeometry(boxes, i, &x, &y, &w, &bh);
    /* the tail of a letter of the line above or below */
    if ((y == 0 || y + bh == h) && bh < lh / 3) continue;
    Group g = {x, x + w, g_array_new(FALSE, FALSE, sizeof(int))};
    g_array_append_val(g.parts, i);
    g_array_append_val(groups, g);
  }
  g_array_sort(groups, cmp_group);
  /* parts that overlap horizontally, or touch: one glyph (a colon; the
   * pieces of a stroke a scan broke: Norasi's ๒ can break in three,
   * side by side) */
  for (guint i = 0; i + 1 < groups->len;) {
    Group *p = &g_array_index(groups, Group, i), *q = &g_array_index(groups, Group, i + 1);
    if (q->x1 <= p->x2) {
      g_array_append_vals(p->parts, q->parts->data, q->parts->len);
      p->x2 = MAX(p->x2, q->x2);
      g_array_unref(q->parts);
      g_array_remove_index(groups, i + 1);
    } else {
      i++;
    }
  }
  PIXA *out = pixaCreate((l_int32)groups->len);
  for (guint i = 0; i < groups->len; i++) {
    Group *g = &g_array_index(groups, Group, i);
    int y1 = h, y2 = 0;
    for (guint k = 0; k < g->parts->len; k++) {
      l_int32 x, y, w, bh;
      boxaGetBoxGeometry(boxes, g_array_index(g->parts, int, k), &x, &y, &w, &bh);
      y1 = MIN(y1, y);
      y2 = MAX(y2, y + bh);
    }
    PIX *glyph = pixCreate(g->x2 - g->x1, y2 - y1, 1);
    for (guint k = 0; glyph && k < g->parts->len; k++) {
      int c = g_array_index(g->parts, int, k);
      l_int32 x, y, w, bh;
      boxaGetBoxGeometry(boxes, c, &x, &y, &w, &bh);
      PIX *part = pixaGetPix(comps, c, L_CLONE);
      pixRasterop(glyph, x - g->x1, y - y1, w, bh, PIX_PAINT, part, 0, 0);
      pixDestroy(&part);
    }
    if (glyph) {
      BOX *box = boxCreate(l + g->x1, t + y1, g->x2 - g->x1, y2 - y1);
      pixaAddPix(out, glyph, L_INSERT);
      pixaAddBox(out, box, L_INSERT);
    }
    g_array_unref(g->parts);
  }
  boxaDestroy(&boxes);
  pixaDestroy(&comps);
  pixDestroy(&crop);
  return out;
}

void sb_glyphs_join(PIXA *glyphs, int i) {
  l_int32 x1, y1, w1, h1, x2, y2, w2, h2;
  if (i < 0 || i + 1 >= pixaGetCount(glyphs) || pixaGetBoxGeometry(glyphs, i, &x1, &y1, &w1, &h1) ||
      pixaGetBoxGeometry(glyphs, i + 1, &x2, &y2, &w2, &h2))
    return;
  int l = MIN(x1, x2), t = MIN(y1, y2), r = MAX(x1 + w1, x2 + w2), b = MAX(y1 + h1, y2 + h2);
  PIX *both = pixCreate(r - l, b - t, 1);
  if (!both) return;
  PIX *a = pixaGetPix(glyphs, i, L_CLONE), *z = pixaGetPix(glyphs, i + 1, L_CLONE);
  pixRasterop(both, x1 - l, y1 - t, w1, h1, PIX_PAINT, a, 0, 0);
  pixRasterop(both, x2 - l, y2 - t, w2, h2, PIX_PAINT, z, 0, 0);
  pixDestroy(&a);
  pixDestroy(&z);
  pixaReplacePix(glyphs, i, both, boxCreate(l, t, r - l, b - t));
  pixaRemovePix(glyphs, i + 1);
}

PIX *sb_glyphs_at(PIXA *glyphs, int x1, int x2, int max_w) {
  int first = -1, last = -1;
  for (int i = 0; glyphs && i < pixaGetCount(glyphs); i++) {
    l_int32 x, w;
    pixaGetBoxGeometry(glyphs, i, &x, NULL, &w, NULL);
    if (x + w / 2 < x1 || x + w / 2 > x2) continue;
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0) return NULL;
  PIXA *some = pixaCreate(last - first + 1);
  for (int i = first; i <= last; i++) {
    pixaAddPix(some, pixaGetPix(glyphs, i, L_CLONE), L_INSERT);
    pixaAddBox(some, pixaGetBox(glyphs, i, L_COPY), L_INSERT);
  }
  while (pixaGetCount(some) > 1) sb_glyphs_join(some, 0);
  l_int32 w = 0;
  pixaGetBoxGeometry(some, 0, NULL, NULL, &w, NULL);
  PIX *glyph = w <= max_w ? pixaGetPix(some, 0, L_COPY) : NULL;
  pixaDestroy(&some);
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

void sb_glyphs_add(SbGlyphs *g, PIX *glyph, const char *utf8) {
  recogTrainLabeled(g->recog, glyph, NULL, (char *)utf8, 0);
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
    g_set_error(error, SB_ERROR, SB_ERROR_IO, "the glyph classifier %s cannot be loaded", path);
    return NULL;
  }
  recog->templ_use = L_USE_ALL_TEMPLATES; /* nearest template, not class averages */
  SbGlyphs *g = g_new0(SbGlyphs, 1);
  g->recog = recog;
  return g;
}

gunichar sb_glyphs_identify(SbGlyphs *g, PIX *glyph, float *score) {
  *score = 0;
  if (recogIdentifyPix(g->recog, glyph, NULL) || !g->recog->rch) return 0;
  char *text = NULL;
  l_float32 s = 0;
  rchExtract(g->recog->rch, NULL, &s, &text, NULL, NULL, NULL, NULL);
  gunichar c = text && g_utf8_validate(text, -1, NULL) ? g_utf8_get_char(text) : 0;
  lept_free(text);
  *score = c ? s : 0;
  return c;
}

void sb_glyphs_free(SbGlyphs *g) {
  if (!g) return;
  recogDestroy(&g->recog);
  g_free(g);
}
