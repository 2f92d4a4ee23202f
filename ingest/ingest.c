/*
 * ingest.c: file bytes to SbDocument.  See ingest.h for the contract.
 *
 * The steps, each a small function:
 *   read_file()      path -> GBytes (size capped before reading)
 *   sniff()          bytes -> PDF | text | image | other, by magic numbers
 *   open_pdf()       Poppler document, its GError translated to SB_ERROR
 *   read_pdf_page()  one page: characters + boxes (text layout), rulings
 *   find_rules()     render at low resolution, Leptonica line morphology
 *   read_image()     page images: sizes from the headers, nothing decoded
 *   read_text()      UTF-8 text split into pages at form feeds
 *   sb_ingest_page_pix()  a page as an image, for the OCR stage
 */
#define _POSIX_C_SOURCE 200809L
#include "ingest.h"

#include <cairo.h>
#include <gio/gio.h>
#include <leptonica/allheaders.h>
#include <math.h>
#include <poppler.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_MAX_BYTES ((gsize)512 * 1024 * 1024)
#define DEFAULT_MAX_PAGES 5000u
/* Ruling detection: render scale (pixels per point) and the shortest
 * segment, in points, that counts as a ruling. */
#define RULE_SCALE 0.5
#define RULE_MIN_LEN 24.0
#define RULE_MAX_SIDE 2000.0 /* pixels */

typedef enum { KIND_PDF, KIND_TEXT, KIND_IMAGE, KIND_OTHER } FileKind;

char *sb_sha256_hex(GBytes *bytes) {
  gsize n;
  const guchar *d = g_bytes_get_data(bytes, &n);
  return g_compute_checksum_for_data(G_CHECKSUM_SHA256, d, n);
}

static GBytes *read_file(const char *path, gsize max_bytes, GError **error) {
  g_autoptr(GMappedFile) mf = NULL;
  GError *e = NULL;
  if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
    g_set_error(error, SB_ERROR, SB_ERROR_IO, "is a directory, not a file");
    return NULL;
  }
  mf = g_mapped_file_new(path, FALSE, &e);
  if (!mf) {
    if (g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT))
      g_set_error(error, SB_ERROR, SB_ERROR_IO, "no such file");
    else if (g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_ACCES))
      g_set_error(error, SB_ERROR, SB_ERROR_IO, "permission denied");
    else
      g_set_error(error, SB_ERROR, SB_ERROR_IO, "cannot read the file (%s)", e->message);
    g_error_free(e);
    return NULL;
  }
  if (g_mapped_file_get_length(mf) > max_bytes) {
    g_set_error(error, SB_ERROR, SB_ERROR_LIMIT, "file is larger than the limit of %" G_GSIZE_FORMAT " bytes",
                max_bytes);
    return NULL;
  }
  return g_mapped_file_get_bytes(mf);
}

static FileKind sniff(const guint8 *d, gsize n, const char **what) {
  gsize head = MIN(n, 1024);
  *what = NULL;
  for (gsize i = 0; i + 5 <= head; i++)
    if (!memcmp(d + i, "%PDF-", 5)) return KIND_PDF;
  g_autofree char *ct = g_content_type_guess(NULL, d, head, NULL);
  if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8)) { *what = "PNG image"; return KIND_IMAGE; }
  if (n >= 3 && !memcmp(d, "\xff\xd8\xff", 3)) { *what = "JPEG image"; return KIND_IMAGE; }
  if (n >= 4 && (!memcmp(d, "II*\0", 4) || !memcmp(d, "MM\0*", 4))) {
    *what = "TIFF image";
    return KIND_IMAGE;
  }
  if (g_utf8_validate((const char *)d, n, NULL) && !memchr(d, 0, n)) return KIND_TEXT;
  *what = g_content_type_is_a(ct, "application/octet-stream") ? "binary data" : "other data";
  return KIND_OTHER;
}

/* A PDF ends with %%EOF (possibly followed by a little white space or a
 * stray byte or two); a file cut short does not. */
static gboolean has_eof_marker(const guint8 *d, gsize n) {
  gsize from = n > 1024 ? n - 1024 : 0;
  for (gsize i = n >= 5 ? n - 5 : 0; i + 1 > from; i--) {
    if (!memcmp(d + i, "%%EOF", 5)) return TRUE;
    if (i == 0) break;
  }
  return FALSE;
}

/* Poppler reports syntax problems through GLib logging; the CLI prints one
 * line per failed file, so they are dropped here (SARABAN_DEBUG_POPPLER=1
 * shows them).  The handler must not log itself: GLib aborts on recursive
 * logging. */
static void quiet_poppler(const gchar *domain, GLogLevelFlags level, const gchar *msg,
                          gpointer data) {
  (void)domain;
  (void)level;
  (void)data;
  if (g_getenv("SARABAN_DEBUG_POPPLER")) fprintf(stderr, "poppler: %s\n", msg);
}

static PopplerDocument *open_pdf(GBytes *bytes, const char *password, GError **error) {
  GError *pe = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes(bytes, password, &pe);
  if (doc) return doc;
  if (g_error_matches(pe, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    g_set_error(error, SB_ERROR, SB_ERROR_ENCRYPTED,
                password ? "encrypted PDF and the password given does not open it"
                         : "encrypted PDF and no password given (use --password)");
  else
    g_set_error(error, SB_ERROR, SB_ERROR_DAMAGED, "damaged PDF: %s",
                pe && pe->message ? pe->message : "Poppler cannot read it");
  g_clear_error(&pe);
  return NULL;
}

/* Rulings: keep only long thin runs of a binary page image by opening it
 * with a long horizontal (then vertical) brick, and report each connected
 * component as one rule, in points. */
static void add_rules(BOXA *boxa, GArray *out, gboolean horizontal, double scale) {
  l_int32 n = boxaGetCount(boxa);
  for (l_int32 i = 0; i < n; i++) {
    l_int32 x, y, w, h;
    if (boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h)) continue;
    SbRule r;
    r.x1 = x / scale;
    r.x2 = (x + w) / scale;
    r.y1 = y / scale;
    r.y2 = (y + h) / scale;
    if (horizontal) r.y1 = r.y2 = (r.y1 + r.y2) / 2;
    else r.x1 = r.x2 = (r.x1 + r.x2) / 2;
    g_array_append_val(out, r);
  }
}

void sb_ingest_find_rules(PIX *bin, double px_per_pt, double min_len_pt, double bridge_pt,
                          SbPage *page, PIX **hlines, PIX **vlines) {
  int len = MAX(3, (int)(min_len_pt * px_per_pt));
  int bridge = (int)(bridge_pt * px_per_pt);
  /* a short closing first bridges small breaks in faint or scanned rules */
  PIX *hc = bridge > 1 ? pixCloseBrick(NULL, bin, bridge, 1) : pixClone(bin);
  PIX *vc = bridge > 1 ? pixCloseBrick(NULL, bin, 1, bridge) : pixClone(bin);
  PIX *hl = hc ? pixOpenBrick(NULL, hc, len, 1) : NULL;
  PIX *vl = vc ? pixOpenBrick(NULL, vc, 1, len) : NULL;
  BOXA *hb = hl ? pixConnComp(hl, NULL, 8) : NULL;
  BOXA *vb = vl ? pixConnComp(vl, NULL, 8) : NULL;
  if (hb) add_rules(hb, page->hrules, TRUE, px_per_pt);
  if (vb) add_rules(vb, page->vrules, FALSE, px_per_pt);
  boxaDestroy(&hb);
  boxaDestroy(&vb);
  if (hlines) *hlines = g_steal_pointer(&hl);
  if (vlines) *vlines = g_steal_pointer(&vl);
  pixDestroy(&hl);
  pixDestroy(&vl);
  pixDestroy(&hc);
  pixDestroy(&vc);
}

/* Render a page into a cairo RGB24 surface at @scale pixels per point on
 * white; NULL when cairo cannot make a surface that large. */
static cairo_surface_t *render_surface(PopplerPage *pp, int w, int h, double scale) {
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(s);
    return NULL;
  }
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, scale, scale);
  poppler_page_render(pp, cr);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  return s;
}

/* cairo RGB24 -> 8 bpp gray PIX (luminance) */
static PIX *surface_to_gray(cairo_surface_t *s) {
  int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
  PIX *g = pixCreate(w, h, 8);
  if (!g) return NULL;
  const unsigned char *data = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  l_uint32 *gd = pixGetData(g);
  l_int32 wpl = pixGetWpl(g);
  for (int y = 0; y < h; y++) {
    const guint32 *row = (const guint32 *)(data + (gsize)y * stride);
    l_uint32 *line = gd + (gsize)y * wpl;
    for (int x = 0; x < w; x++) {
      guint32 p = row[x];
      int lum = (int)(((p >> 16) & 0xff) * 30 + ((p >> 8) & 0xff) * 59 + (p & 0xff) * 11) / 100;
      SET_DATA_BYTE(line, x, lum);
    }
  }
  return g;
}

static void find_rules(PopplerPage *pp, SbPage *page) {
  /* a poster-sized page is looked at in less detail: memory stays bounded */
  double scale = MIN(RULE_SCALE, RULE_MAX_SIDE / MAX(MAX(page->width, page->height), 1.0));
  int w = (int)(page->width * scale + 0.5), h = (int)(page->height * scale + 0.5);
  if (w <= 0 || h <= 0) return;
  cairo_surface_t *s = render_surface(pp, w, h, scale);
  if (!s) return;
  PIX *g = surface_to_gray(s);
  cairo_surface_destroy(s);
  PIX *bin = g ? pixThresholdToBinary(g, 160) : NULL;
  if (bin) sb_ingest_find_rules(bin, scale, RULE_MIN_LEN, 0, page, NULL, NULL);
  pixDestroy(&bin);
  pixDestroy(&g);
}

static gboolean has_char_at(const GArray *chars, gunichar u, const SbBox *b) {
  /* the search's box can be a little taller than the dump's: same x and
   * mostly the same height is the same character */
  for (guint i = 0; i < chars->len; i++) {
    const SbChar *c = &g_array_index(chars, SbChar, i);
    if (c->ch != u || fabs(c->box.x1 - b->x1) >= 0.05) continue;
    double overlap = MIN(c->box.y2, b->y2) - MAX(c->box.y1, b->y1);
    if (overlap > 0.5 * MIN(c->box.y2 - c->box.y1, b->y2 - b->y1)) return TRUE;
  }
  return FALSE;
}

/* Note 1: Poppler's text dump (poppler_page_get_text and the layout that
 * goes with it) loses a zero-width mark that its word builder made into a
 * word of its own inside the next glyph's box, typically a tone mark
 * stacked on an upper vowel (ชี้ comes out ชี).  Its search still finds
 * the mark, with its box: every Thai mark the search finds and the dump
 * lacks is put back, right after the character it follows on its line. */
static void recover_marks(PopplerPage *pp, SbPage *page) {
  gboolean thai = FALSE;
  for (guint i = 0; i < page->chars->len && !thai; i++)
    thai = sb_is_thai(g_array_index(page->chars, SbChar, i).ch);
  if (!thai) return;
  for (gunichar u = 0x0E00; u <= 0x0E7F; u++) {
    /* NIKHAHIT is left out: Poppler's search decomposes SARA AM into
     * NIKHAHIT + AA, so NIKHAHIT alone would match every SARA AM */
    if (!sb_is_thai_mark(u) || u == 0x0E4D) continue;
    char needle[8] = {0};
    g_unichar_to_utf8(u, needle);
    GList *found = poppler_page_find_text_with_options(pp, needle, POPPLER_FIND_CASE_SENSITIVE);
    for (GList *l = found; l; l = l->next) {
      const PopplerRectangle *r = l->data;
      /* search results are in PDF space, y up */
      SbChar mark = {u, {r->x1, page->height - r->y2, r->x2, page->height - r->y1}};
      if (has_char_at(page->chars, mark.ch, &mark.box)) continue;
      /* after the last character of the same line that starts left of it */
      double yc = (mark.box.y1 + mark.box.y2) / 2;
      guint at = page->chars->len;
      double best = G_MAXDOUBLE;
      for (guint i = 0; i < page->chars->len; i++) {
        const SbChar *c = &g_array_index(page->chars, SbChar, i);
        if (c->box.y1 > yc || c->box.y2 < yc || c->box.x1 > mark.box.x1) continue;
        double d = mark.box.x1 - c->box.x2;
        if (fabs(d) <= best) {
          best = fabs(d);
          at = i + 1;
        }
      }
      g_array_insert_val(page->chars, at, mark);
    }
    g_list_free_full(found, (GDestroyNotify)poppler_rectangle_free);
  }
}

static SbPage *read_pdf_page(PopplerPage *pp, guint number, gboolean rules) {
  double w, h;
  poppler_page_get_size(pp, &w, &h);
  SbPage *page = sb_page_new(number, w, h);
  char *text = poppler_page_get_text(pp);
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  if (text && poppler_page_get_text_layout(pp, &rects, &n_rects)) {
    guint i = 0;
    for (const char *p = text; *p && i < n_rects; p = g_utf8_next_char(p), i++) {
      gunichar c = g_utf8_get_char(p);
      if (c == '\n') continue;
      SbChar ch = {c, {rects[i].x1, rects[i].y1, rects[i].x2, rects[i].y2}};
      g_array_append_val(page->chars, ch);
    }
  }
  g_free(rects);
  g_free(text);
  recover_marks(pp, page);
  /* a page without characters (a scan) is read by the OCR stage, which
   * finds the rulings on its own image: no render here */
  if (rules && page->chars->len) find_rules(pp, page);
  return page;
}

static char *dup_meta(char *s) {
  /* Poppler returns newly allocated strings or NULL */
  if (s && !*s) {
    g_free(s);
    return NULL;
  }
  return s;
}

static gboolean read_pdf_pages(SbDocument *doc, PopplerDocument *pd, const SbIngestOptions *o,
                               GError **error);

static gboolean read_pdf(SbDocument *doc, GBytes *bytes, const SbIngestOptions *o,
                         GError **error) {
  const guint8 *d;
  gsize n;
  d = g_bytes_get_data(bytes, &n);
  if (!has_eof_marker(d, n)) {
    g_set_error(error, SB_ERROR, SB_ERROR_TRUNCATED,
                "truncated PDF: the file stops before its end-of-file marker");
    return FALSE;
  }
  guint handler = g_log_set_handler("Poppler", G_LOG_LEVEL_MASK, quiet_poppler, NULL);
  PopplerDocument *pd = open_pdf(bytes, o->password, error);
  g_log_remove_handler("Poppler", handler);
  if (!pd) return FALSE;
  gboolean ok = read_pdf_pages(doc, pd, o, error);
  g_object_unref(pd);
  return ok;
}

static gboolean read_pdf_pages(SbDocument *doc, PopplerDocument *pd, const SbIngestOptions *o,
                               GError **error) {
  int np = poppler_document_get_n_pages(pd);
  if (np <= 0) {
    g_set_error(error, SB_ERROR, SB_ERROR_DAMAGED, "damaged PDF: no readable pages");
    return FALSE;
  }
  guint max_pages = o->max_pages ? o->max_pages : DEFAULT_MAX_PAGES;
  if ((guint)np > max_pages) {
    g_set_error(error, SB_ERROR, SB_ERROR_LIMIT, "PDF has %d pages, over the limit of %u", np,
                max_pages);
    return FALSE;
  }
  doc->title = dup_meta(poppler_document_get_title(pd));
  doc->author = dup_meta(poppler_document_get_author(pd));
  doc->creator = dup_meta(poppler_document_get_creator(pd));
  doc->producer = dup_meta(poppler_document_get_producer(pd));
  for (int i = 0; i < np; i++) {
    PopplerPage *pp = poppler_document_get_page(pd, i);
    if (!pp) {
      g_set_error(error, SB_ERROR, SB_ERROR_DAMAGED, "damaged PDF: page %d cannot be read", i + 1);
      return FALSE;
    }
    g_ptr_array_add(doc->pages, read_pdf_page(pp, (guint)i + 1, !o->no_rules));
    g_object_unref(pp);
  }
  return TRUE;
}

static void read_text(SbDocument *doc, GBytes *bytes) {
  gsize n;
  const char *d = g_bytes_get_data(bytes, &n);
  g_autofree char *all = g_strndup(d, n);
  g_auto(GStrv) pages = g_strsplit(all, "\f", -1);
  guint num = 0;
  for (guint i = 0; pages[i]; i++) {
    if (!pages[i + 1] && !*g_strstrip(g_strdup(pages[i])) && num > 0) break;
    SbPage *p = sb_page_new(++num, 0, 0);
    p->text = g_strdup(pages[i]);
    g_ptr_array_add(doc->pages, p);
  }
}

/* Page images: the header is read first, so that a huge image is refused
 * before any pixel is decoded.  A page's size in points comes from the
 * image's resolution (300 dpi when it records none or an absurd one). */
#define DEFAULT_MAX_PIXELS ((guint64)100 * 1000 * 1000)
#define MIN_IMAGE_SIDE 16
#define DEFAULT_IMAGE_DPI 300
#define DEFAULT_RENDER_DPI 300.0
#define MIN_AUTO_DPI 200.0 /* scans coarser than this are read finer */
#define MAX_AUTO_DPI 300.0 /* and finer ones no finer */

static int sane_dpi(l_int32 res) {
  return res >= 50 && res <= 2400 ? res : DEFAULT_IMAGE_DPI;
}

static gboolean is_tiff(l_int32 format) {
  return format == IFF_TIFF || format == IFF_TIFF_G4 || format == IFF_TIFF_LZW ||
         format == IFF_TIFF_ZIP || format == IFF_TIFF_PACKBITS || format == IFF_TIFF_RLE ||
         format == IFF_TIFF_G3 || format == IFF_TIFF_JPEG;
}

/* Size and resolution of image page @index from its header alone. */
static gboolean image_header(const guint8 *d, gsize n, guint index, l_int32 *w, l_int32 *h,
                             int *dpi, GError **error) {
  l_int32 format = 0, bps = 0, spp = 0, cmap = 0, xres = 0, yres = 0;
  if (pixReadHeaderMem(d, n, &format, w, h, &bps, &spp, &cmap)) goto damaged;
  if (is_tiff(format)) {
    if (readHeaderMemTiff(d, n, (l_int32)index, w, h, &bps, &spp, &xres, &cmap, &format))
      goto damaged;
  } else if (format == IFF_PNG) {
    FILE *f = fmemopen((void *)d, n, "rb");
    if (f) {
      fgetPngResolution(f, &xres, &yres);
      fclose(f);
    }
  } else if (format == IFF_JFIF_JPEG) {
    readResolutionMemJpeg(d, n, &xres, &yres);
  }
  *dpi = sane_dpi(xres);
  return TRUE;
damaged:
  g_set_error(error, SB_ERROR, SB_ERROR_DAMAGED, "damaged image: its header cannot be read");
  return FALSE;
}

static gboolean check_image_size(l_int32 w, l_int32 h, guint64 max_pixels, GError **error) {
  if (w < MIN_IMAGE_SIDE || h < MIN_IMAGE_SIDE) {
    g_set_error(error, SB_ERROR, SB_ERROR_LIMIT,
                "page image is %dx%d pixels, too small to hold readable text", w, h);
    return FALSE;
  }
  if ((guint64)w * (guint64)h > max_pixels) {
    g_set_error(error, SB_ERROR, SB_ERROR_LIMIT,
                "page image is %dx%d pixels, over the limit of %" G_GUINT64_FORMAT
                " pixels per page (--max-pixels)",
                w, h, max_pixels);
    return FALSE;
  }
  return TRUE;
}

static l_int32 image_count(const guint8 *d, gsize n, l_int32 format) {
  if (!is_tiff(format)) return 1;
  FILE *f = fmemopen((void *)d, n, "rb");
  l_int32 count = 1;
  if (f) {
    if (tiffGetCount(f, &count) || count < 1) count = 1;
    fclose(f);
  }
  return count;
}

/* PNG ends with an IEND chunk, JPEG with an EOI marker: a file cut short
 * is refused before the decoder sees it (the decoders print their own
 * complaints to stderr). */
static gboolean image_complete(const guint8 *d, gsize n) {
  if (n >= 8 && !memcmp(d, "\x89PNG", 4)) {
    gsize from = n > 32 ? n - 32 : 0;
    for (gsize i = from; i + 4 <= n; i++)
      if (!memcmp(d + i, "IEND", 4)) return TRUE;
    return FALSE;
  }
  if (n >= 3 && !memcmp(d, "\xff\xd8\xff", 3)) {
    gsize from = n > 64 ? n - 64 : 0;
    for (gsize i = n - 1; i > from; i--)
      if (d[i - 1] == 0xff && d[i] == 0xd9) return TRUE;
    return FALSE;
  }
  return TRUE;
}

/* Decode image page @index (0-based) of @bytes, checking the limits from
 * its header first. */
static PIX *decode_image(GBytes *bytes, guint index, guint64 max_pixels, GError **error) {
  gsize n;
  const guint8 *d = g_bytes_get_data(bytes, &n);
  l_int32 w = 0, h = 0;
  int dpi;
  if (!image_header(d, n, index, &w, &h, &dpi, error) ||
      !check_image_size(w, h, max_pixels, error))
    return NULL;
  PIX *pix = index > 0 ? pixReadMemTiff(d, n, (l_int32)index) : pixReadMem(d, n);
  if (!pix) {
    g_set_error(error, SB_ERROR, SB_ERROR_DAMAGED, "damaged image: its pixels cannot be decoded");
    return NULL;
  }
  if (!check_image_size(pixGetWidth(pix), pixGetHeight(pix), max_pixels, error)) {
    pixDestroy(&pix);
    return NULL;
  }
  return pix;
}

static gboolean read_image(SbDocument *doc, GBytes *bytes, const SbIngestOptions *o,
                           GError **error) {
  gsize n;
  const guint8 *d = g_bytes_get_data(bytes, &n);
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  if (pixReadHeaderMem(d, n, &format, &w, &h, &bps, &spp, &cmap)) {
    g_set_error(error, SB_ERROR, SB_ERROR_DAMAGED, "damaged image: its header cannot be read");
    return FALSE;
  }
  l_int32 count = image_count(d, n, format);
  guint max_pages = o->max_pages ? o->max_pages : DEFAULT_MAX_PAGES;
  if ((guint)count > max_pages) {
    g_set_error(error, SB_ERROR, SB_ERROR_LIMIT, "image has %d pages, over the limit of %u",
                count, max_pages);
    return FALSE;
  }
  guint64 max_pixels = o->max_pixels ? o->max_pixels : DEFAULT_MAX_PIXELS;
  if (!image_complete(d, n)) {
    g_set_error(error, SB_ERROR, SB_ERROR_TRUNCATED,
                "truncated image: the file stops before its end marker");
    return FALSE;
  }
  /* headers only: the pixels are decoded once, by the OCR stage */
  for (l_int32 i = 0; i < count; i++) {
    int dpi;
    if (!image_header(d, n, (guint)i, &w, &h, &dpi, error) ||
        !check_image_size(w, h, max_pixels, error))
      return FALSE;
    g_ptr_array_add(doc->pages, sb_page_new((guint)i + 1, w * 72.0 / dpi, h * 72.0 / dpi));
  }
  return TRUE;
}

/* Note 2: the resolution a scanned page was made at.  A page that is one
 * image (a scan) is best read at the image's own resolution: rendering
 * it finer only interpolates, and on the project's 200 dpi scans that
 * made recognition both slower and worse.  The image is decoded to learn
 * its size (Poppler-glib tells no other way); *image_out gets it.  0 when
 * the page is not one image. */
static double scan_resolution(PopplerPage *pp, const SbPage *page, cairo_surface_t **image_out,
                              double *cover) {
  GList *maps = poppler_page_get_image_mapping(pp);
  double res = 0;
  *image_out = NULL;
  *cover = 0;
  for (GList *l = maps; l; l = l->next) {
    const PopplerImageMapping *m = l->data;
    double w = fabs(m->area.x2 - m->area.x1), h = fabs(m->area.y2 - m->area.y1);
    if (w * h < 0.8 * page->width * page->height) continue;
    cairo_surface_t *img = poppler_page_get_image(pp, m->image_id);
    if (img) {
      res = cairo_image_surface_get_width(img) / (w / 72.0);
      /* the image is the page when it fills it upright, pixels square */
      double ih = cairo_image_surface_get_height(img) / (h / 72.0);
      if (fabs(ih - res) < 0.01 * res) *cover = w * h / (page->width * page->height);
      *image_out = img;
    }
    break;
  }
  poppler_page_free_image_mapping(maps);
  return res;
}

static PIX *render_page_pix(PopplerPage *pp, const SbPage *page, double dpi, guint64 max_pixels,
                            GError **error) {
  if (dpi <= 0) {
    cairo_surface_t *img = NULL;
    double cover = 0;
    double res = page->chars->len ? 0 : scan_resolution(pp, page, &img, &cover);
    dpi = res > 0 ? CLAMP(res, MIN_AUTO_DPI, MAX_AUTO_DPI) : DEFAULT_RENDER_DPI;
    /* a scan read at its own resolution: the decoded image is the page,
     * no second decode and render */
    PIX *g = NULL;
    if (img && dpi == res && cover > 0.99 && cover < 1.01 &&
        (guint64)cairo_image_surface_get_width(img) * cairo_image_surface_get_height(img) <=
            max_pixels) {
      /* on white paper, as a render would put it (images may carry alpha) */
      cairo_surface_t *paper = cairo_image_surface_create(
          CAIRO_FORMAT_RGB24, cairo_image_surface_get_width(img), cairo_image_surface_get_height(img));
      cairo_t *cr = cairo_create(paper);
      cairo_set_source_rgb(cr, 1, 1, 1);
      cairo_paint(cr);
      cairo_set_source_surface(cr, img, 0, 0);
      cairo_paint(cr);
      cairo_destroy(cr);
      cairo_surface_flush(paper);
      if (cairo_surface_status(paper) == CAIRO_STATUS_SUCCESS) g = surface_to_gray(paper);
      cairo_surface_destroy(paper);
    }
    if (img) cairo_surface_destroy(img);
    if (g) {
      pixSetResolution(g, (l_int32)(res + 0.5), (l_int32)(res + 0.5));
      return g;
    }
  }
  double scale = dpi / 72.0;
  double pw = page->width * scale, ph = page->height * scale;
  if (pw < 1 || ph < 1 || pw * ph > (double)max_pixels || pw > 32767 || ph > 32767) {
    g_set_error(error, SB_ERROR, SB_ERROR_LIMIT,
                "the page is %.0fx%.0f points; at %.0f dpi that is %.0fx%.0f pixels, over the "
                "limit of %" G_GUINT64_FORMAT " pixels per page (--max-pixels, --dpi)",
                page->width, page->height, dpi, pw, ph, max_pixels);
    return NULL;
  }
  PIX *g = NULL;
  cairo_surface_t *s = render_surface(pp, (int)(pw + 0.5), (int)(ph + 0.5), scale);
  if (s) {
    g = surface_to_gray(s);
    cairo_surface_destroy(s);
  }
  if (!g)
    g_set_error(error, SB_ERROR, SB_ERROR_DAMAGED, "the page cannot be rendered");
  else
    pixSetResolution(g, (l_int32)(dpi + 0.5), (l_int32)(dpi + 0.5));
  return g;
}

struct Pix *sb_ingest_page_pix(const SbDocument *doc, guint index, double dpi,
                               guint64 max_pixels, double *dpi_out, GError **error) {
  if (!max_pixels) max_pixels = DEFAULT_MAX_PIXELS;
  if (!doc->bytes || index >= doc->pages->len || doc->file_kind == SB_FILE_TEXT) {
    g_set_error(error, SB_ERROR, SB_ERROR_UNSUPPORTED, "the page has no image to read");
    return NULL;
  }
  if (doc->file_kind == SB_FILE_IMAGE) {
    PIX *pix = decode_image(doc->bytes, index, max_pixels, error);
    if (!pix) return NULL;
    if (dpi_out) *dpi_out = sane_dpi(pixGetXRes(pix));
    PIX *g = pixConvertTo8(pix, FALSE);
    pixDestroy(&pix);
    if (!g) g_set_error(error, SB_ERROR, SB_ERROR_INTERNAL, "cannot convert the image to gray");
    return g;
  }
  const SbPage *page = doc->pages->pdata[index];
  guint handler = g_log_set_handler("Poppler", G_LOG_LEVEL_MASK, quiet_poppler, NULL);
  PopplerDocument *pd = open_pdf(doc->bytes, doc->password, error);
  PopplerPage *pp = pd ? poppler_document_get_page(pd, (int)index) : NULL;
  PIX *g = pp ? render_page_pix(pp, page, dpi, max_pixels, error) : NULL;
  if (pd && !pp)
    g_set_error(error, SB_ERROR, SB_ERROR_DAMAGED, "the page cannot be rendered");
  if (pp) g_object_unref(pp);
  if (pd) g_object_unref(pd);
  g_log_remove_handler("Poppler", handler);
  if (g && dpi_out) *dpi_out = pixGetXRes(g);
  return g;
}



gboolean sb_ingest_name_kind(const char *name, SbFileKind *kind) {
  static const char *const images[] = {".png", ".jpg", ".jpeg", ".tif", ".tiff", NULL};
  g_autofree char *lower = g_ascii_strdown(name, -1);
  if (g_str_has_suffix(lower, ".pdf")) {
    *kind = SB_FILE_PDF;
    return TRUE;
  }
  for (guint i = 0; images[i]; i++) {
    if (g_str_has_suffix(lower, images[i])) {
      *kind = SB_FILE_IMAGE;
      return TRUE;
    }
  }
  return FALSE;
}

SbDocument *sb_ingest_bytes(GBytes *bytes, const char *source, const SbIngestOptions *opts,
                            GError **error) {
  SbIngestOptions o = {0};
  if (opts) o = *opts;
  gsize n;
  const guint8 *d = g_bytes_get_data(bytes, &n);
  if (n == 0) {
    g_set_error(error, SB_ERROR, SB_ERROR_EMPTY, "empty file (0 bytes)");
    return NULL;
  }
  if (n > (o.max_bytes ? o.max_bytes : DEFAULT_MAX_BYTES)) {
    g_set_error(error, SB_ERROR, SB_ERROR_LIMIT, "file is larger than the configured limit");
    return NULL;
  }
  const char *what = NULL;
  FileKind kind = sniff(d, n, &what);
  /* the name's claim checked against the bytes: a scan saved as text, or
   * an image named .pdf, is a damaged or mislabelled file, not a page */
  SbFileKind claimed = SB_FILE_TEXT;
  gboolean named = source && sb_ingest_name_kind(source, &claimed);
  gboolean named_pdf = named && claimed == SB_FILE_PDF;
  if (kind == KIND_TEXT && named && claimed == SB_FILE_IMAGE) {
    g_set_error(error, SB_ERROR, SB_ERROR_NOT_PDF,
                "not a page image: the file is named %s but holds plain text",
                strrchr(source, '.'));
    return NULL;
  }
  if (kind == KIND_IMAGE && named_pdf) {
    g_set_error(error, SB_ERROR, SB_ERROR_NOT_PDF, "not a PDF: the file holds %s data", what);
    return NULL;
  }
  if (kind == KIND_OTHER || (kind == KIND_TEXT && named_pdf)) {
    g_set_error(error, SB_ERROR, SB_ERROR_NOT_PDF,
                "not a PDF, page image or UTF-8 text: the file holds %s",
                kind == KIND_TEXT ? "plain text" : what);
    return NULL;
  }
  g_autoptr(SbDocument) doc = sb_document_new();
  doc->source = g_strdup(source ? source : "-");
  doc->sha256 = sb_sha256_hex(bytes);
  doc->size = n;
  doc->bytes = g_bytes_ref(bytes);
  doc->password = g_strdup(o.password);
  if (kind == KIND_PDF) {
    doc->file_kind = SB_FILE_PDF;
    if (!read_pdf(doc, bytes, &o, error)) return NULL;
  } else if (kind == KIND_IMAGE) {
    doc->file_kind = SB_FILE_IMAGE;
    if (!read_image(doc, bytes, &o, error)) return NULL;
  } else {
    doc->file_kind = SB_FILE_TEXT;
    read_text(doc, bytes);
  }
  return g_steal_pointer(&doc);
}

SbDocument *sb_ingest_file(const char *path, const SbIngestOptions *opts, GError **error) {
  gsize max = opts && opts->max_bytes ? opts->max_bytes : DEFAULT_MAX_BYTES;
  g_autoptr(GBytes) bytes = read_file(path, max, error);
  if (!bytes) return NULL;
  return sb_ingest_bytes(bytes, path, opts, error);
}
