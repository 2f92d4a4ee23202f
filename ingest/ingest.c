/*
 * ingest.c: file bytes to SbDocument.  See ingest.h for the contract.
 *
 * The steps, each a small function:
 *   read_file()      path -> GBytes (size capped before reading)
 *   sniff()          bytes -> PDF | text | image | other, by magic numbers
 *   open_pdf()       Poppler document, its GError translated to SB_ERROR
 *   read_pdf_page()  one page: characters + boxes (text layout), rulings
 *   find_rules()     render at low resolution, Leptonica line morphology
 *   read_text()      UTF-8 text split into pages at form feeds
 */
#include "ingest.h"

#include <cairo.h>
#include <gio/gio.h>
#include <leptonica/allheaders.h>
#include <poppler.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_MAX_BYTES ((gsize)512 * 1024 * 1024)
#define DEFAULT_MAX_PAGES 5000u
/* Ruling detection: render scale (pixels per point) and the shortest
 * segment, in points, that counts as a ruling. */
#define RULE_SCALE 0.5
#define RULE_MIN_LEN 24.0

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

/* Rulings: render the page, binarize, keep only long thin runs by opening
 * with a long horizontal (then vertical) brick, and report each connected
 * component as one rule, in points. */
static void add_rules(BOXA *boxa, GArray *out, gboolean horizontal) {
  l_int32 n = boxaGetCount(boxa);
  for (l_int32 i = 0; i < n; i++) {
    l_int32 x, y, w, h;
    if (boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h)) continue;
    SbRule r;
    r.x1 = x / RULE_SCALE;
    r.x2 = (x + w) / RULE_SCALE;
    r.y1 = y / RULE_SCALE;
    r.y2 = (y + h) / RULE_SCALE;
    if (horizontal) r.y1 = r.y2 = (r.y1 + r.y2) / 2;
    else r.x1 = r.x2 = (r.x1 + r.x2) / 2;
    g_array_append_val(out, r);
  }
}

static void find_rules(PopplerPage *pp, SbPage *page) {
  int w = (int)(page->width * RULE_SCALE + 0.5), h = (int)(page->height * RULE_SCALE + 0.5);
  if (w <= 0 || h <= 0 || w > 20000 || h > 20000) return;
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, RULE_SCALE, RULE_SCALE);
  poppler_page_render(pp, cr);
  cairo_destroy(cr);
  cairo_surface_flush(s);

  /* dark pixels -> 1bpp PIX */
  PIX *bin = pixCreate(w, h, 1);
  const unsigned char *data = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  l_uint32 *bd = pixGetData(bin);
  l_int32 wpl = pixGetWpl(bin);
  for (int y = 0; y < h; y++) {
    const guint32 *row = (const guint32 *)(data + (gsize)y * stride);
    l_uint32 *line = bd + (gsize)y * wpl;
    for (int x = 0; x < w; x++) {
      guint32 p = row[x];
      int lum = (int)(((p >> 16) & 0xff) * 30 + ((p >> 8) & 0xff) * 59 + (p & 0xff) * 11) / 100;
      if (lum < 160) SET_DATA_BIT(line, x);
    }
  }
  cairo_surface_destroy(s);

  int len = (int)(RULE_MIN_LEN * RULE_SCALE);
  PIX *hl = pixOpenBrick(NULL, bin, len, 1);
  PIX *vl = pixOpenBrick(NULL, bin, 1, len);
  BOXA *hb = hl ? pixConnComp(hl, NULL, 8) : NULL;
  BOXA *vb = vl ? pixConnComp(vl, NULL, 8) : NULL;
  if (hb) add_rules(hb, page->hrules, TRUE);
  if (vb) add_rules(vb, page->vrules, FALSE);
  boxaDestroy(&hb);
  boxaDestroy(&vb);
  pixDestroy(&hl);
  pixDestroy(&vl);
  pixDestroy(&bin);
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
  page->text = g_strdup(text ? text : "");
  g_free(rects);
  g_free(text);
  if (rules) find_rules(pp, page);
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
  gboolean named_pdf = source && g_str_has_suffix(source, ".pdf");
  if (kind == KIND_IMAGE) {
    if (named_pdf)
      g_set_error(error, SB_ERROR, SB_ERROR_NOT_PDF, "not a PDF: the file holds %s data", what);
    else
      g_set_error(error, SB_ERROR, SB_ERROR_UNSUPPORTED,
                  "%s: page images need the OCR stage, which this build does not have yet", what);
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
  if (kind == KIND_PDF) {
    if (!read_pdf(doc, bytes, &o, error)) return NULL;
  } else {
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
