/*
 * table.c: the table reader.  Rebuilds rows and cells of ruled tables from
 * character boxes and ruling lines, whatever program drew them.
 *
 *   group_vrules()   vertical rulings that stand side by side -> one table
 *                    candidate; their x positions are the column edges
 *   find_header()    the first full-width horizontal ruling under which
 *                    the column texts match the spec closes the header
 *   row_edges()      horizontal rulings across most of the table -> rows
 *   column cells     per column, the rulings that cross that column split
 *                    it; a piece that spans several rows (a merged cell)
 *                    belongs to the row it starts in
 *   join             lines of a cell -> text (layout.c)
 *
 * Nothing here depends on fonts, sizes or the exact placement of text; it
 * needs the table to be ruled (borders drawn), which every government plan
 * table seen so far is.  Borderless tables are not read (no records, no
 * error).
 */
#include <math.h>
#include <string.h>

#include "../normalize/normalize.h"
#include "layout.h"
#include "parse.h"
#include "../core/re.h"

static const SbColumnSpec plan_columns[] = {
    {"tactic", "^กลยุทธ์"},          {"project", "โครงการ/?กิจกรรม"},
    {"target", "เป้าหมาย"},          {"indicator", "ตัว\\S{0,4}วัด"},
    {"budget", "งบประมาณ\\(?บาท"}, {"q1", "ไตรมาส1"},
    {"q2", "ไตรมาส2"},               {"q3", "ไตรมาส3"},
    {"q4", "ไตรมาส4"},               {"unit", "หน่วยงาน|รับผิดชอบ"},
};
const SbTableSpec sb_plan_table_spec = {"plan", plan_columns, G_N_ELEMENTS(plan_columns), 5};

static const SbColumnSpec summary_columns[] = {
    {"no", "^(?:ที่?|ลำดับ)$"},
    {"title", "^ยุทธศาสตร์"},
    {"count", "จำนวนโครงการ"},
    {"budget", "งบประมาณ"},
    {"note", "หมายเหตุ"},
};
const SbTableSpec sb_summary_table_spec = {"summary", summary_columns,
                                           G_N_ELEMENTS(summary_columns), 4};

#define SAME_X 2.0 /* points: rulings closer than this are one edge */

static int cmp_double(gconstpointer a, gconstpointer b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int cmp_rule_x(gconstpointer a, gconstpointer b) {
  const SbRule *x = a, *y = b;
  return x->x1 < y->x1 ? -1 : x->x1 > y->x1;
}

/* A candidate table: column edges and vertical extent. */
typedef struct {
  GArray *xs; /* double, sorted */
  double top, bottom;
} Cand;

/* Vertical rulings whose extents overlap by half belong to one table. */
static GArray *group_vrules(const SbPage *page) {
  GArray *cands = g_array_new(FALSE, TRUE, sizeof(Cand));
  g_autoptr(GArray) vr = g_array_copy(page->vrules);
  g_array_sort(vr, cmp_rule_x);
  for (guint i = 0; i < vr->len; i++) {
    SbRule *r = &g_array_index(vr, SbRule, i);
    Cand *hit = NULL;
    for (guint k = 0; k < cands->len && !hit; k++) {
      Cand *c = &g_array_index(cands, Cand, k);
      double ov = MIN(c->bottom, r->y2) - MAX(c->top, r->y1);
      if (ov > 0.5 * MIN(c->bottom - c->top, r->y2 - r->y1)) hit = c;
    }
    if (!hit) {
      Cand c = {g_array_new(FALSE, FALSE, sizeof(double)), r->y1, r->y2};
      g_array_append_val(cands, c);
      hit = &g_array_index(cands, Cand, cands->len - 1);
    }
    hit->top = MIN(hit->top, r->y1);
    hit->bottom = MAX(hit->bottom, r->y2);
    double x = r->x1;
    gboolean dup = FALSE;
    for (guint k = 0; k < hit->xs->len; k++)
      if (fabs(g_array_index(hit->xs, double, k) - x) < SAME_X) dup = TRUE;
    if (!dup) g_array_append_val(hit->xs, x);
  }
  for (guint k = 0; k < cands->len; k++) g_array_sort(g_array_index(cands, Cand, k).xs, cmp_double);
  return cands;
}

/* Horizontal rulings inside a candidate covering at least `frac` of
 * [x1, x2], as sorted unique y values. */
static GArray *hrules_across(const SbPage *page, double x1, double x2, double y1, double y2,
                             double frac) {
  GArray *ys = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint i = 0; i < page->hrules->len; i++) {
    SbRule *r = &g_array_index(page->hrules, SbRule, i);
    if (r->y1 < y1 - SAME_X || r->y1 > y2 + SAME_X) continue;
    double cov = MIN(r->x2, x2 + SAME_X) - MAX(r->x1, x1 - SAME_X);
    if (cov < frac * (x2 - x1)) continue;
    gboolean dup = FALSE;
    for (guint k = 0; k < ys->len; k++)
      if (fabs(g_array_index(ys, double, k) - r->y1) < SAME_X) dup = TRUE;
    if (!dup) g_array_append_val(ys, r->y1);
  }
  g_array_sort(ys, cmp_double);
  return ys;
}

/* Indices of the chars whose centre lies in the box. */
static GArray *chars_in(const SbPage *page, double x1, double y1, double x2, double y2) {
  GArray *idx = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint i = 0; i < page->chars->len; i++) {
    const SbChar *c = &g_array_index(page->chars, SbChar, i);
    double xc = (c->box.x1 + c->box.x2) / 2, yc = (c->box.y1 + c->box.y2) / 2;
    if (xc >= x1 && xc < x2 && yc >= y1 && yc < y2) g_array_append_val(idx, i);
  }
  return idx;
}

/* Header text of a column, normalized and without white space. */
static char *header_text(const SbPage *page, double x1, double y1, double x2, double y2) {
  g_autoptr(GArray) idx = chars_in(page, x1, y1, x2, y2);
  g_autoptr(GPtrArray) lines = sb_lines_build(page, idx, 1e9);
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < lines->len; i++) g_string_append(s, ((SbTextLine *)lines->pdata[i])->text);
  g_autofree char *raw = g_string_free(s, FALSE);
  g_autofree char *n = sb_normalize_text(raw);
  GString *o = g_string_new(NULL);
  for (const char *p = n; *p; p++)
    if (*p != ' ') g_string_append_c(o, *p);
  return g_string_free(o, FALSE);
}

/* Name the columns between y1 and y2; returns how many spec columns matched. */
static guint match_header(const SbPage *page, const Cand *c, double y1, double y2, SbRe *res,
                          const SbTableSpec *spec, char **keys) {
  guint n_cols = c->xs->len - 1, matched = 0;
  g_autofree gboolean *used = g_new0(gboolean, spec->n_columns);
  for (guint k = 0; k < n_cols; k++) {
    g_autofree char *t = header_text(page, g_array_index(c->xs, double, k), y1,
                                     g_array_index(c->xs, double, k + 1), y2);
    g_free(keys[k]);
    keys[k] = g_strdup("");
    for (guint s = 0; s < spec->n_columns; s++) {
      if (used[s] || !sb_re_match(&res[s], t, NULL)) continue;
      used[s] = TRUE;
      g_free(keys[k]);
      keys[k] = g_strdup(spec->columns[s].key);
      matched++;
      break;
    }
  }
  /* A header read by OCR can be garbled in a column or two.  When the
   * table has exactly the spec's columns and every column that did match
   * sits at its spec position, the others are named by position too. */
  if (matched >= spec->min_match && matched < n_cols && n_cols == spec->n_columns) {
    gboolean in_order = TRUE;
    for (guint k = 0; k < n_cols; k++)
      if (*keys[k] && strcmp(keys[k], spec->columns[k].key)) in_order = FALSE;
    for (guint k = 0; in_order && k < n_cols; k++)
      if (!*keys[k]) {
        g_free(keys[k]);
        keys[k] = g_strdup(spec->columns[k].key);
      }
  }
  return matched;
}

typedef struct {
  GPtrArray *lines; /* SbTextLine* */
  SbBox box;
  guint row;
} Piece;

static double median(GArray *v) {
  if (!v->len) return 0;
  g_array_sort(v, cmp_double);
  return g_array_index(v, double, v->len / 2);
}

static SbTable *read_table(const SbPage *page, const Cand *c, SbRe *res, const SbTableSpec *spec) {
  guint n_cols = c->xs->len - 1;
  double x1 = g_array_index(c->xs, double, 0), x2 = g_array_index(c->xs, double, n_cols);
  g_autoptr(GArray) full = hrules_across(page, x1, x2, c->top, c->bottom, 0.9);
  if (full->len < 2) return NULL;
  double top = g_array_index(full, double, 0);
  char **keys = g_new0(char *, n_cols + 1);
  double header_bottom = -1;
  for (guint k = 1; k < full->len && k <= 3; k++) {
    double y = g_array_index(full, double, k);
    if (match_header(page, c, top, y, res, spec, keys) >= spec->min_match) {
      header_bottom = y;
      break;
    }
  }
  if (header_bottom < 0) {
    g_strfreev(keys);
    return NULL;
  }
  double bottom = MAX(g_array_index(full, double, full->len - 1), c->bottom);
  SbTable *t = sb_table_new(page->number, n_cols);
  g_strfreev(t->keys);
  t->keys = keys;
  t->box = (SbBox){x1, top, x2, bottom};
  t->body_y1 = header_bottom;

  /* rows: rulings across at least half the width */
  g_autoptr(GArray) edges = hrules_across(page, x1, x2, header_bottom, bottom, 0.5);
  g_autoptr(GArray) rows_y = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint k = 0; k < edges->len; k++) {
    double y = g_array_index(edges, double, k);
    if (y >= header_bottom - SAME_X && y <= bottom + SAME_X) g_array_append_val(rows_y, y);
  }
  if (rows_y->len < 2) return t;
  guint n_rows = rows_y->len - 1;
  for (guint r = 0; r < n_rows; r++) {
    SbRow *row = g_new0(SbRow, 1);
    row->page = page->number;
    row->first_on_page = r == 0;
    row->y1 = g_array_index(rows_y, double, r);
    row->y2 = g_array_index(rows_y, double, r + 1);
    row->cells = g_new0(SbCell, n_cols + 1);
    for (guint k = 0; k < n_cols; k++) {
      row->cells[k].text = g_strdup("");
      row->cells[k].box = (SbBox){g_array_index(c->xs, double, k), row->y1,
                                  g_array_index(c->xs, double, k + 1), row->y2};
    }
    g_ptr_array_add(t->rows, row);
  }

  /* cells: per column, the rulings that cross it */
  g_autoptr(GArray) pieces = g_array_new(FALSE, TRUE, sizeof(Piece));
  g_autoptr(GArray) pitches = g_array_new(FALSE, FALSE, sizeof(double));
  g_autofree double *right = g_new0(double, n_cols);
  for (guint k = 0; k < n_cols; k++) {
    double cx1 = g_array_index(c->xs, double, k), cx2 = g_array_index(c->xs, double, k + 1);
    g_autoptr(GArray) ce = hrules_across(page, cx1, cx2, header_bottom, bottom, 0.95);
    for (guint s = 0; s + 1 < ce->len; s++) {
      double s1 = g_array_index(ce, double, s), s2 = g_array_index(ce, double, s + 1);
      if (s2 - s1 < 1 || s1 < header_bottom - SAME_X) continue;
      guint row = 0;
      for (guint r = 0; r < n_rows; r++)
        if (g_array_index(rows_y, double, r) <= s1 + SAME_X) row = r;
      g_autoptr(GArray) idx = chars_in(page, cx1, s1, cx2, s2);
      if (!idx->len) continue;
      Piece p = {sb_lines_build(page, idx, 1e9), {cx1, s1, cx2, s2}, row};
      for (guint i = 0; i < p.lines->len; i++) {
        SbTextLine *l = p.lines->pdata[i];
        right[k] = MAX(right[k], l->box.x2);
        if (i > 0) {
          SbTextLine *pl = p.lines->pdata[i - 1];
          double dy = (l->box.y1 + l->box.y2 - pl->box.y1 - pl->box.y2) / 2;
          if (dy > 0 && dy < 2 * l->h) g_array_append_val(pitches, dy);
        }
      }
      g_array_append_val(pieces, p);
    }
  }
  double pitch = median(pitches);
  for (guint i = 0; i < pieces->len; i++) {
    Piece *p = &g_array_index(pieces, Piece, i);
    guint k;
    for (k = 0; k < n_cols; k++)
      if (fabs(g_array_index(c->xs, double, k) - p->box.x1) < 0.01) break;
    SbRow *row = t->rows->pdata[p->row];
    g_autofree char *txt = sb_lines_join(p->lines, right[k], pitch);
    if (*row->cells[k].text) {
      char *j = g_strconcat(row->cells[k].text, "\n", txt, NULL);
      g_free(row->cells[k].text);
      row->cells[k].text = j;
    } else {
      g_free(row->cells[k].text);
      row->cells[k].text = g_steal_pointer(&txt);
    }
    row->cells[k].box.y2 = MAX(row->cells[k].box.y2, p->box.y2);
    g_ptr_array_unref(p->lines);
  }
  return t;
}

const char *sb_table_cell(const SbTable *t, const SbRow *row, const char *key) {
  for (guint k = 0; k < t->n_cols; k++)
    if (!strcmp(t->keys[k], key)) return row->cells[k].text;
  return "";
}

GPtrArray *sb_tables_read(const SbPage *page, const SbTableSpec *spec, GError **error) {
  SbRe *res = g_new0(SbRe, spec->n_columns);
  for (guint s = 0; s < spec->n_columns; s++) {
    if (!sb_re_init(&res[s], spec->columns[s].pattern, error)) {
      for (guint k = 0; k < s; k++) sb_re_clear(&res[k]);
      g_free(res);
      return NULL;
    }
  }
  GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)sb_table_free);
  g_autoptr(GArray) cands = group_vrules(page);
  for (guint k = 0; k < cands->len; k++) {
    Cand *c = &g_array_index(cands, Cand, k);
    if (c->xs->len >= 3) {
      SbTable *t = read_table(page, c, res, spec);
      if (t) g_ptr_array_add(out, t);
    }
    g_array_unref(c->xs);
  }
  for (guint s = 0; s < spec->n_columns; s++) sb_re_clear(&res[s]);
  g_free(res);
  /* top to bottom; only the first table's first row can continue a row
   * from the previous page */
  for (guint i = 1; i < out->len; i++) {
    SbTable *t = out->pdata[i];
    if (t->rows->len) ((SbRow *)t->rows->pdata[0])->first_on_page = FALSE;
  }
  return out;
}
