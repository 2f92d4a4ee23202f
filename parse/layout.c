/*
 * layout.c: characters to lines to paragraphs.  See layout.h.
 *
 * Notes
 *   1. Lines are found by the vertical centres of the character boxes; the
 *      characters of a line are then kept in the order the page gives them
 *      (logical order), not sorted by x, because Thai marks above and below
 *      a consonant share its x and would be reordered.
 *   2. Poppler inserts a space wherever the next glyph is not exactly where
 *      the previous one's advance ended.  Shaped Thai text (mark
 *      positioning, kerning) leaves such gaps inside words, so a "space"
 *      narrower than a tenth of the line height between two Thai
 *      characters is dropped: real spaces are wider.  So is a space that
 *      Poppler laid over a glyph (note 2b at covered()).
 *   3. A paragraph ends where the next line starts lower than the usual
 *      line pitch, or where the next line starts a list item that would
 *      have fitted on the line before.
 *   4. A space Poppler puts at the end of a line (its reading order jumps
 *      to the next column there) is not kept unless it is as wide as a
 *      space glyph: the line then really ended in a space, and the wrap
 *      joins with one.  Where Poppler's reading order breaks a line that
 *      is one line on the page, it gives no space at all; a gap of an
 *      eighth of the line height there is one (a space glyph of the
 *      government fonts is about a sixth).
 *   5. A space the page drew at the end of a line is in no PDF text model
 *      (Poppler drops space glyphs), so a wrap is joined by what it joins
 *      (sb_join_wrapped): two Thai words without a space, as Thai is
 *      written; Latin words and numbers after an abbreviation with one; a
 *      number broken inside, a hyphenated word, an opening bracket or
 *      quote, the slash of a number or URL, or closing punctuation
 *      without.  A seed space at a Thai wrap (about one Thai wrap in eight
 *      in the plan fixture) is lost; no reader of the page could see it
 *      either.
 */
#include "layout.h"

#include <math.h>
#include <string.h>

#include "../normalize/normalize.h"

void sb_text_line_free(SbTextLine *l) {
  if (!l) return;
  g_free(l->text);
  g_free(l);
}

typedef struct {
  const SbPage *page;
} SortCtx;

static int by_yc(gconstpointer a, gconstpointer b, gpointer data) {
  const SbPage *p = data;
  const SbChar *ca = &g_array_index(p->chars, SbChar, *(const guint *)a);
  const SbChar *cb = &g_array_index(p->chars, SbChar, *(const guint *)b);
  double ya = (ca->box.y1 + ca->box.y2) / 2, yb = (cb->box.y1 + cb->box.y2) / 2;
  if (ya < yb) return -1;
  if (ya > yb) return 1;
  return (int)*(const guint *)a - (int)*(const guint *)b;
}

static int by_uint(gconstpointer a, gconstpointer b) {
  guint x = *(const guint *)a, y = *(const guint *)b;
  return x < y ? -1 : x > y;
}

static int line_order(gconstpointer a, gconstpointer b) {
  const SbTextLine *la = *(SbTextLine *const *)a, *lb = *(SbTextLine *const *)b;
  double ya = (la->box.y1 + la->box.y2) / 2, yb = (lb->box.y1 + lb->box.y2) / 2;
  if (fabs(ya - yb) > 0.4 * MIN(la->h, lb->h)) return ya < yb ? -1 : 1;
  return la->box.x1 < lb->box.x1 ? -1 : la->box.x1 > lb->box.x1;
}


/* Marks first above-or-below vowels, then tone marks and the rest. */
static int mark_rank(gunichar c) { return c >= 0x0E47 ? 1 : 0; }

/* Note 1b: a line's marks are re-attached to their base by position.
 * Poppler's reading order sorts characters by x, and a zero-width mark at
 * the end of its base ties with the next base.  A zero-advance mark is
 * drawn from the pen position where its base ended, so it belongs to the
 * base whose right edge is nearest to it. */
static void reattach_marks(const SbPage *p, GArray *cl) {
  guint n = cl->len;
  g_autofree guint *out = g_new(guint, n);
  g_autofree int *owner = g_new(int, n);
  for (guint k = 0; k < n; k++) {
    const SbChar *m = &g_array_index(p->chars, SbChar, g_array_index(cl, guint, k));
    owner[k] = -1;
    if (!sb_is_thai_mark(m->ch)) continue;
    double mx = (m->box.x1 + m->box.x2) / 2;
    double best = 1e9;
    for (guint b = 0; b < n; b++) {
      const SbChar *c = &g_array_index(p->chars, SbChar, g_array_index(cl, guint, b));
      if (sb_is_thai_mark(c->ch) || c->ch == ' ' || c->box.x1 >= mx + 0.5) continue;
      double d = fabs(c->box.x2 - mx);
      if (d < best && d < 0.5 * (c->box.y2 - c->box.y1)) {
        best = d;
        owner[k] = (int)b;
      }
    }
  }
  guint o = 0;
  for (guint b = 0; b < n; b++) {
    const SbChar *c = &g_array_index(p->chars, SbChar, g_array_index(cl, guint, b));
    if (sb_is_thai_mark(c->ch) && owner[b] >= 0) continue;
    out[o++] = g_array_index(cl, guint, b);
    for (int rank = 0; rank < 2; rank++)
      for (guint k = 0; k < n; k++) {
        const SbChar *m = &g_array_index(p->chars, SbChar, g_array_index(cl, guint, k));
        if (owner[k] == (int)b && mark_rank(m->ch) == rank) out[o++] = g_array_index(cl, guint, k);
      }
  }
  memcpy(cl->data, out, sizeof(guint) * n);
}

/* Note 2b: is the space @sp drawn over a glyph of its line?  A tone mark
 * stacked on an upper vowel is shifted left of its base's right edge;
 * Poppler's reading order then puts the mark after the next glyph and
 * "fills" the distance back to it with a space that lies inside that
 * glyph (ตั้ง read ตัง + ้ + " ").  What is left of the space right of the
 * glyphs it overlaps must be as wide as a real space (a tenth of the line
 * height, as in note 2): ตั้ง ท keeps its space. */
static gboolean covered(const SbPage *p, GArray *cl, guint at, double h) {
  const SbChar *sp = &g_array_index(p->chars, SbChar, g_array_index(cl, guint, at));
  double free_from = sp->box.x1;
  /* the glyph is a few characters away in reading order (base, marks) */
  for (guint k = at > 4 ? at - 4 : 0; k < MIN(cl->len, at + 5); k++) {
    const SbChar *c = &g_array_index(p->chars, SbChar, g_array_index(cl, guint, k));
    if (k == at || c->ch == ' ' || sb_is_thai_mark(c->ch)) continue;
    if (c->box.x1 < sp->box.x2 && c->box.x2 > free_from) free_from = MIN(c->box.x2, sp->box.x2);
  }
  return free_from > sp->box.x1 && sp->box.x2 - free_from < 0.1 * h;
}

/* Turn one y-cluster (indices in logical order) into fragments. */
static void emit_fragments(const SbPage *p, GArray *cl, double split_gap, GPtrArray *out) {
  SbTextLine *cur = NULL;
  GString *s = NULL;
  const SbChar *prev = NULL;
  for (guint k = 0; k < cl->len; k++) {
    const SbChar *c = &g_array_index(p->chars, SbChar, g_array_index(cl, guint, k));
    double h = c->box.y2 - c->box.y1;
    if (h <= 0) h = 1;
    if (prev && cur) {
      double gap = c->box.x1 - prev->box.x2;
      if (gap > split_gap * cur->h || gap < -2 * cur->h) {
        cur->text = g_string_free(s, FALSE);
        g_ptr_array_add(out, cur);
        cur = NULL;
        prev = NULL;
      }
    }
    if (c->ch == ' ' || c->ch == '\t' || c->ch == 0xA0) {
      /* note 2: spurious spaces inside shaped Thai words */
      const SbChar *next = k + 1 < cl->len
                               ? &g_array_index(p->chars, SbChar, g_array_index(cl, guint, k + 1))
                               : NULL;
      double w = c->box.x2 - c->box.x1;
      if (prev && next && sb_is_thai(prev->ch) && sb_is_thai(next->ch) && w < 0.1 * h) continue;
      if (covered(p, cl, k, h)) continue;
      /* at the end of a line, only a space as wide as a space glyph is one
       * the page drew; Poppler also puts one where its reading order jumps
       * to the next column (note 4) */
      if (!next && (w < 0.1 * h || w > 0.22 * h)) continue;
      if (next && next->box.x1 - c->box.x2 > 0.25 * h && (w < 0.1 * h || w > 0.22 * h)) continue;
      if (!cur || !s->len || s->str[s->len - 1] == ' ') continue;
      g_string_append_c(s, ' ');
      continue;
    }
    if (!cur) {
      cur = g_new0(SbTextLine, 1);
      cur->box = c->box;
      cur->h = h;
      s = g_string_new(NULL);
    } else if (prev && c->box.x1 - prev->box.x2 > 0.12 * cur->h && s->len &&
               s->str[s->len - 1] != ' ') {
      g_string_append_c(s, ' '); /* note 4: a visible gap with no space character */
    }
    g_string_append_unichar(s, c->ch);
    cur->box.x1 = MIN(cur->box.x1, c->box.x1);
    cur->box.x2 = MAX(cur->box.x2, c->box.x2);
    cur->box.y1 = MIN(cur->box.y1, c->box.y1);
    cur->box.y2 = MAX(cur->box.y2, c->box.y2);
    prev = c;
  }
  if (cur) {
    /* a trailing space stays: it tells a wrap at a space from one inside
     * a Thai run (sb_join_wrapped) */
    cur->text = g_string_free(s, FALSE);
    g_ptr_array_add(out, cur);
  }
}

GPtrArray *sb_lines_build(const SbPage *page, GArray *idx, double split_gap) {
  GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)sb_text_line_free);
  if (!idx || idx->len == 0) return out;
  g_autoptr(GArray) sorted = g_array_sized_new(FALSE, FALSE, sizeof(guint), idx->len);
  g_array_append_vals(sorted, idx->data, idx->len);
  g_array_sort_with_data(sorted, by_yc, (gpointer)page);
  g_autoptr(GArray) cl = g_array_new(FALSE, FALSE, sizeof(guint));
  double line_y = 0, line_h = 0;
  for (guint k = 0; k <= sorted->len; k++) {
    const SbChar *c = k < sorted->len
                          ? &g_array_index(page->chars, SbChar, g_array_index(sorted, guint, k))
                          : NULL;
    double yc = c ? (c->box.y1 + c->box.y2) / 2 : 0;
    double h = c ? c->box.y2 - c->box.y1 : 0;
    if (!c || (cl->len && fabs(yc - line_y) > 0.4 * MAX(line_h, 1))) {
      g_array_sort(cl, by_uint); /* note 1: logical order */
      reattach_marks(page, cl);
      emit_fragments(page, cl, split_gap, out);
      g_array_set_size(cl, 0);
    }
    if (!c) break;
    if (!cl->len) {
      line_y = yc;
      line_h = h;
    }
    g_array_append_val(cl, g_array_index(sorted, guint, k));
  }
  /* drop empty fragments (a line of spaces only) */
  for (guint i = out->len; i > 0; i--) {
    SbTextLine *l = out->pdata[i - 1];
    if (!*l->text || !strcmp(l->text, " ")) g_ptr_array_remove_index(out, i - 1);
  }
  g_ptr_array_sort(out, line_order);
  return out;
}

void sb_join_wrapped(GString *out, const char *next) {
  if (!next || !*next) return;
  if (out->len == 0) {
    g_string_append(out, next);
    return;
  }
  const char *last = g_utf8_prev_char(out->str + out->len);
  gunichar a = g_utf8_get_char(last);
  gunichar a0 = last > out->str ? g_utf8_get_char(g_utf8_prev_char(last)) : ' ';
  gunichar b = g_utf8_get_char(next);
  /* a number broken over two lines ("7,928,00" / "0") joins tight; an
   * abbreviation before a number does not ("พ.ศ." / "2564") */
  gboolean numeric = (g_unichar_isdigit(a) || ((a == ',' || a == '.') && g_unichar_isdigit(a0))) &&
                     g_unichar_isdigit(b);
  /* closing punctuation wrapped alone ("ก.พ.ร.สธ" / ".") joins tight */
  gboolean closing = b == '.' || b == ',' || b == ')' || b == ':' || b == ';';
  /* so does a line that ends in an opening quote or bracket, in a hyphen
   * inside a word ("(e-" / "LAAS)"), or in a slash of a number or a URL
   * ("ครั้งที่ 1/" / "2565", "https://" / "www").  A slash between words
   * keeps its space: the plan writes "ซ่อมแซม/ปรับปรุง", the circular
   * "มหาดไทย/ กรมการปกครอง", and the page cannot tell. */
  gboolean opening = a == 0x201C || a == 0x2018 || a == '(' || a == '[' ||
                     (a == '-' && a0 != ' ') ||
                     (a == '/' && (g_unichar_isdigit(a0) || a0 == '/' || g_unichar_isdigit(b)));
  gboolean space = !(sb_is_thai(a) && sb_is_thai(b)) && !numeric && !closing && !opening &&
                   a != ' ' && b != ' ' && a != '\n';
  if (space) g_string_append_c(out, ' ');
  g_string_append(out, next);
}

/* Does a line start a list item or an activity (a likely paragraph)? */
static gboolean starts_item(const char *t) {
  if (g_str_has_prefix(t, "กิจกรรม") || g_str_has_prefix(t, "-") || g_str_has_prefix(t, "•"))
    return TRUE;
  const char *p = t;
  while (g_ascii_isdigit(*p)) p++;
  return p > t && *p == '.';
}

char *sb_lines_join(GPtrArray *lines, double right, double pitch) {
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < lines->len; i++) {
    SbTextLine *l = lines->pdata[i];
    if (i == 0) {
      g_string_append(out, l->text);
      continue;
    }
    SbTextLine *pl = lines->pdata[i - 1];
    double dy = (l->box.y1 + l->box.y2) / 2 - (pl->box.y1 + pl->box.y2) / 2;
    gboolean para = pitch > 0 && dy > pitch * 1.12;
    if (!para && starts_item(l->text)) {
      /* note 3: would the first word have fitted on the line before? */
      glong n = sb_first_word_chars(l->text);
      double w = (l->box.x2 - l->box.x1) * n / MAX(g_utf8_strlen(l->text, -1), 1);
      para = right - pl->box.x2 > w + 0.2 * l->h;
    }
    if (para) {
      g_string_append_c(out, '\n');
      g_string_append(out, l->text);
    } else {
      sb_join_wrapped(out, l->text);
    }
  }
  return g_string_free(out, FALSE);
}
