/*
 * ocr.c: page images to characters with boxes.  See ocr.h for the
 * contract and the steps.  Each step is one small function, here or in
 * the file named (internal.h says what the files share):
 *
 *   sb_ocr_page_broken()  is the text layer sound?
 *   ocr_prepare()         deskew, background, binarize, despeckle, rulings
 *                         erased, the glyphs they cross kept (prepare.c)
 *   ocr_cell_grid()       merged cells from the rulings (prepare.c)
 *   read_region()         Tesseract on one rectangle -> SbChars
 *   ocr_drop_mark_rows()  a "line" of the marks above a line: dropped (reread.c)
 *   ocr_join_split_line() a line cut in two, joined, the letters at the cut read
 *   ocr_reread_marks()    a line again on its own, for stacked tone marks (reread.c)
 *   ocr_reread_unsure()   a line again, for a look-alike consonant it is unsure of
 *   ocr_reread_caps()     capital-Latin misreads of Thai words, one word again
 *   ocr_doubled_tone()    น้้า is น้ำ
 *   ocr_ring_am()         ก้าหนด is กำหนด when the mark is a ring
 *   ocr_reread_latin()    a Latin name in parentheses read as Thai, again
 *   ocr_reread_scheme()   a URL's scheme at a line's end, again (all reread.c)
 *   read_leftovers()      ink the page layout left unread, line by line
 *   ocr_reread_digits()   Thai-digit runs again with the digit model (digits.c)
 *   mend_words()          words the dictionary mends (lexicon.c)
 *   ocr_page()            the above for one page
 *   sb_ocr_document()     pages on a thread pool, engines from a queue
 */
#include "ocr.h"

#include <math.h>
#include <string.h>

#include "../ingest/ingest.h"
#include "internal.h"

#define DEFAULT_LANGS "tha+eng"
#define DIGIT_MODEL "thadigits"
#define DEFAULT_PAGE_SECONDS 300.0

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
  double m = ocr_median_double(out->heights);
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

static void word_clear(gpointer p) {
  g_free(((Word *)p)->text);
}

/* One text line: Tesseract's words, with a space only where the page has
 * an ink gap.  Tesseract cuts Thai into many small "words" and its symbol
 * boxes are approximate, so each real gap goes to the nearest word
 * boundary and no other boundary becomes a space.  The space is drawn
 * where the gap is, the word before it ending there: a word box that
 * reaches into the gap (ที่ boxed to 581, the gap before "16" from 565)
 * left the space a sliver under the next word, which the layout drops as
 * a space drawn over a glyph (parse/layout.c note 2b), and "ที่16" came
 * out.  Words of the scanned letters as in their text layer: bundle
 * 452 -> 463 of 537, own letters 173 -> 180 of 194; on the digit
 * benchmark pages 4,447 -> 4,640 of 5,880, its numbers as printed 2,229 ->
 * 2,394 of 3,000. */
static void emit_line(Engine *e, PageOut *out, GArray *words, int lt, int lb, double base) {
  if (!words->len) return;
  const double s = e->scale;
  double lh_pt = (lb - lt) / s;
  out->cur_base = base / s;
  g_array_append_val(out->heights, lh_pt);
  int lh = MAX(1, lb - lt);
  guint nb = words->len - 1;
  g_autofree gboolean *space = g_new0(gboolean, MAX(nb, 1));
  g_autofree Gap *gap_at = g_new0(Gap, MAX(nb, 1)); /* the gap a space is in */
  Word *first = &g_array_index(words, Word, 0), *last = &g_array_index(words, Word, nb);
  double space_w;
  g_autoptr(GArray) gaps = ocr_ink_gaps(e->bin, first->l, lt, last->r, lb, &space_w);
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
    if (at >= 0) {
      space[at] = TRUE;
      if (gp->w > gap_at[at].w) gap_at[at] = *gp;
    }
  }
  for (guint k = 0; k < nb; k++) space[k] |= g_array_index(words, Word, k).space_after;
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
    /* the space after it: in its gap, or (a space the digit reading
     * keeps, note 3j) from the word's end, a space's width at least */
    double nx = k < nb ? g_array_index(words, Word, k + 1).l : 0;
    double sx1 = w->r, sx2 = MAX(nx, sx1 + 0.15 * lh);
    if (k < nb && space[k] && gap_at[k].w > 0) {
      x2 = MAX(w->l + 1, MIN(x2, gap_at[k].c - gap_at[k].w / 2));
      sx1 = x2;
      sx2 = MAX(sx1 + 1, MIN(nx, gap_at[k].c + gap_at[k].w / 2));
    }
    add_symbol(out, w->text, w->l / s, x2 / s, lt / s, lb / s);
    if (k < nb && space[k]) add_char(out, ' ', sx1 / s, lt / s, sx2 / s, lb / s);
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
int ocr_recognize_until(TessBaseAPI *api, gint64 deadline, GError **error) {
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
GPtrArray *ocr_recognize(Engine *e, int l, int t, int w, int h, int psm, GError **error) {
  TessBaseAPISetPageSegMode(e->api, (TessPageSegMode)psm);
  TessBaseAPISetRectangle(e->api, l, t, w, h);
  int rc = ocr_recognize_until(e->api, e->deadline, error);
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

/* The median height of @lines (RLine*), 0 for none. */
static int typical_height(const GPtrArray *lines) {
  if (!lines->len) return 0;
  g_autoptr(GArray) h = g_array_sized_new(FALSE, FALSE, sizeof(int), lines->len);
  for (guint i = 0; i < lines->len; i++) {
    const RLine *ln = lines->pdata[i];
    int v = ln->b - ln->t;
    g_array_append_val(h, v);
  }
  return ocr_median(h);
}

/* Read one rectangle (a cell, or the page outside the tables) and append
 * its text. */
static gboolean read_region(Engine *e, PageOut *out, int l, int t, int w, int h, int psm,
                            GError **error) {
  g_autoptr(GPtrArray) lines = ocr_recognize(e, l, t, w, h, psm, error);
  if (!lines) return FALSE;
  ocr_drop_mark_rows(lines);
  for (guint i = 0; i + 1 < lines->len; i++)
    if (!ocr_join_split_line(e, lines, i, l, t, l + w, t + h, error)) return FALSE;
  for (guint i = 0; i < lines->len; i++)
    if (!ocr_reread_marks(e, lines, i, l, t, l + w, t + h, error)) return FALSE;
  for (guint i = 0; i < lines->len; i++)
    if (!ocr_reread_unsure(e, lines, i, l, t, l + w, t + h, error)) return FALSE;
  for (guint i = 0; i < lines->len; i++)
    if (!ocr_reread_caps(e, lines->pdata[i], l, t, l + w, t + h, error)) return FALSE;
  for (guint i = 0; i < lines->len; i++) ocr_doubled_tone(lines->pdata[i]);
  for (guint i = 0; i < lines->len; i++) ocr_ring_am(e, lines->pdata[i]);
  for (guint i = 0; i < lines->len; i++)
    if (!ocr_reread_latin(e, lines->pdata[i], i + 1 < lines->len ? lines->pdata[i + 1] : NULL, l, t,
                      l + w, t + h, error))
      return FALSE;
  for (guint i = 0; i < lines->len; i++)
    if (!ocr_reread_scheme(e, lines->pdata[i], l, t, l + w, t + h, error)) return FALSE;
  int typical = typical_height(lines);
  gboolean thai_region = FALSE;
  for (guint i = 0; i < lines->len; i++) thai_region |= ocr_thai_line(lines->pdata[i]);
  for (guint i = 0; e->digits && i < lines->len; i++)
    if (!ocr_reread_digits(e, lines->pdata[i], typical, thai_region, l, t, l + w, t + h, error))
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
  if (out->heights->len) lh = ocr_median_double(out->heights) * s;
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
    if (h < 0.5 * lh || h > 2.5 * lh || w < 1.5 * h || ocr_ink(left, x, y, w, h) < w * h / 20)
      continue;
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

/* Ink enough in the rectangle to be worth reading: a dozen pixels. */
static gboolean has_ink(PIX *bin, int l, int t, int w, int h) {
  return ocr_ink(bin, l, t, w, h) >= 12;
}

static gboolean ocr_page(Engine *e, PIX *gray, double dpi, SbPage *page, GError **error) {
  Prepared pr = {0};
  if (!ocr_prepare(gray, dpi, page, &pr, error)) return FALSE;
  e->scale = pr.scale;
  if (e->debug_dir) {
    /* the image Tesseract reads, for looking at by hand */
    g_autofree char *name = g_strdup_printf("%s/page-%04u.png", e->debug_dir, page->number);
    pixWrite(name, pr.gray, IFF_PNG);
  }
  PageOut out = {g_array_new(FALSE, FALSE, sizeof(SbChar)), 0, 0,
                 g_array_new(FALSE, FALSE, sizeof(double)),
                 g_array_new(FALSE, FALSE, sizeof(double)), 0};
  g_autoptr(GArray) cells = ocr_cell_grid(page);
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
  ocr_prepared_clear(&pr);
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
#define CACHE_FORMAT "saraban-ocr-cache-47"
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

