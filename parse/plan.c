/*
 * plan.c: pages and tables to records (document, plan_project,
 * plan_summary, page).  See parse.h for the contract.
 *
 * A document is read as one stream of events in page order, top to
 * bottom: heading paragraphs outside tables, and table rows.  State
 * carried along the stream:
 *
 *   budget kind   set by a heading starting งบอำนวยการ / งบเงินอุดหนุน
 *   strategy      set by "ประเด็นยุทธศาสตร์ที่ N : title"
 *   tactic        set by a non-empty กลยุทธ์ cell ("N. title"), carried
 *                 down the rows below it, reset by a new strategy
 *   fiscal year   the first "ปีงบประมาณ พ.ศ. NNNN" of the document
 *
 * A project row opens a project.  A row that has no budget and no unit
 * and either sits first on a page (a row broken by the page end) or holds
 * only activity lines or only a timeline is a continuation: its cells are
 * appended to the open project.  Names and activities are cut from the
 * joined project cell at the end, so a title broken by a page end comes
 * back whole.  Summary rows are checked against the projects at the end.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../normalize/normalize.h"
#include "circular.h"
#include "layout.h"
#include "parse.h"
#include "../core/re.h"

enum { RE_STRAT, RE_OPER, RE_SUBS, RE_FY, RE_TACTIC, RE_ACT, RE_PLAN_TITLE, N_RE };
/* ที่? : OCR (Tesseract's tha model) often drops a tone mark stacked on an
 * upper vowel; the headings are recognized without it too. */
static const char *const patterns[N_RE] = {
    [RE_STRAT] = "^ประเด็นยุทธศาสตร์ที่?\\s*(\\d+)\\s*:\\s*(.+)$",
    [RE_OPER] = "^งบอำนวยการ",
    [RE_SUBS] = "^งบเงินอุดหนุน",
    [RE_FY] = "ปีงบประมาณ\\s*(?:พ\\.\\s*ศ\\.)?\\s*(\\d{4})",
    [RE_TACTIC] = "^(\\d+)\\s*\\.\\s*(.*)$",
    [RE_ACT] = "กิจกรรม(?:ที่?\\s*\\d+)?\\s*:",
    [RE_PLAN_TITLE] = "แผนปฏิบัติ(?:ราชการ|การ)",
};

typedef struct {
  guint page;
  GArray *pages; /* guint: every page the row touches */
  const char *budget_kind;
  int strategy_no;
  char *strategy;
  int tactic_no;
  char *tactic;
  GString *project, *target, *indicator;
  gboolean has_budget;
  gint64 budget;
  char *budget_note;
  gboolean quarters_known;
  gboolean quarters[4];
  char *unit;
} Proj;

typedef struct {
  guint page;
  const char *budget_kind;
  char *no, *title;
  gint64 count, budget;
  gboolean ok;
} Summ;

typedef struct {
  SbRe re[N_RE];
  const SbDocument *doc;
  const char *budget_kind;
  int strategy_no;
  char *strategy;
  int tactic_no;
  char *tactic;
  int fiscal_year;
  char *titles[32]; /* strategy titles by number, from headings */
  GPtrArray *projects;  /* Proj* */
  GPtrArray *summaries; /* Summ* */
  gboolean plan_tables, plan_title;
} Ctx;

static void proj_free(Proj *p) {
  g_array_unref(p->pages);
  g_free(p->strategy);
  g_free(p->tactic);
  g_string_free(p->project, TRUE);
  g_string_free(p->target, TRUE);
  g_string_free(p->indicator, TRUE);
  g_free(p->budget_note);
  g_free(p->unit);
  g_free(p);
}

static void summ_free(Summ *s) {
  g_free(s->no);
  g_free(s->title);
  g_free(s);
}

/* Normalized text of a cell: paragraphs joined by a space. */
static char *norm(const char *s) { return sb_normalize_text(s); }

/* ---- headings ------------------------------------------------------- */
static void heading(Ctx *c, const char *text) {
  g_autofree char *t = norm(text);
  g_auto(GStrv) g = NULL;
  if (!c->fiscal_year && sb_re_match(&c->re[RE_FY], t, &g)) c->fiscal_year = atoi(g[1]);
  g_clear_pointer(&g, g_strfreev);
  if (sb_re_match(&c->re[RE_PLAN_TITLE], t, NULL)) c->plan_title = TRUE;
  if (sb_re_match(&c->re[RE_OPER], t, NULL)) c->budget_kind = "operating";
  if (sb_re_match(&c->re[RE_SUBS], t, NULL)) c->budget_kind = "subsidy";
  if (sb_re_match(&c->re[RE_STRAT], t, &g)) {
    c->strategy_no = atoi(g[1]);
    g_free(c->strategy);
    c->strategy = g_strdup(g[2]);
    if (c->strategy_no > 0 && c->strategy_no < (int)G_N_ELEMENTS(c->titles)) {
      g_free(c->titles[c->strategy_no]);
      c->titles[c->strategy_no] = g_strdup(g[2]);
    }
    c->tactic_no = -1;
    g_clear_pointer(&c->tactic, g_free);
  }
}

/* ---- plan rows ------------------------------------------------------ */
static gboolean is_arrow_char(gunichar ch) {
  return ch == 0x2190 || ch == 0x2192 || ch == 0x2194 || ch == '<' || ch == '>' ||
         ch == 0x2014 || ch == 0x2013 || ch == 0x27F5 || ch == 0x27F6 || ch == 0x27F7;
}

static gboolean has_arrow(const char *s) {
  for (const char *p = s; *p; p = g_utf8_next_char(p))
    if (is_arrow_char(g_utf8_get_char(p))) return TRUE;
  return FALSE;
}

static void append_cell(GString *to, const char *text, gboolean new_para) {
  if (!*text) return;
  if (to->len && new_para)
    g_string_append_c(to, '\n');
  if (new_para || !to->len)
    g_string_append(to, text);
  else
    sb_join_wrapped(to, text);
}

static void plan_row(Ctx *c, const SbTable *t, const SbRow *row) {
  g_autofree char *tactic = norm(sb_table_cell(t, row, "tactic"));
  const char *proj = sb_table_cell(t, row, "project");
  g_autofree char *budget = norm(sb_table_cell(t, row, "budget"));
  g_autofree char *unit = norm(sb_table_cell(t, row, "unit"));
  static const char *qk[4] = {"q1", "q2", "q3", "q4"};
  gboolean arrows[4] = {FALSE}, any_arrow = FALSE;
  gint64 shifted = 0;
  gboolean has_shifted = FALSE;
  for (int q = 0; q < 4; q++) {
    g_autofree char *qt = norm(sb_table_cell(t, row, qk[q]));
    if (!has_shifted && sb_parse_amount(qt, &shifted)) {
      has_shifted = TRUE;
      continue;
    }
    arrows[q] = has_arrow(qt);
    any_arrow |= arrows[q];
  }
  if (*tactic) {
    g_auto(GStrv) g = NULL;
    g_free(c->tactic);
    if (sb_re_match(&c->re[RE_TACTIC], tactic, &g)) {
      c->tactic_no = atoi(g[1]);
      c->tactic = g_strdup(g[2]);
    } else {
      c->tactic_no = -1;
      c->tactic = g_strdup(tactic);
    }
  }
  g_autofree char *proj_n = norm(proj);
  gboolean starts_act = g_str_has_prefix(proj_n, "กิจกรรม") &&
                        sb_re_find(&c->re[RE_ACT], proj_n, 0, NULL) == 0;
  gboolean has_budget = *budget || has_shifted;
  Proj *last = c->projects->len ? c->projects->pdata[c->projects->len - 1] : NULL;
  gboolean cont = last && !has_budget && !*unit &&
                  (row->first_on_page || !*proj_n || starts_act);
  if (cont) {
    append_cell(last->project, proj, starts_act || !row->first_on_page);
    append_cell(last->target, sb_table_cell(t, row, "target"), !row->first_on_page);
    append_cell(last->indicator, sb_table_cell(t, row, "indicator"), !row->first_on_page);
    if (any_arrow) {
      last->quarters_known = TRUE;
      for (int q = 0; q < 4; q++) last->quarters[q] |= arrows[q];
    }
    guint lp = g_array_index(last->pages, guint, last->pages->len - 1);
    if (lp != row->page) g_array_append_val(last->pages, row->page);
    return;
  }
  if (!*proj_n && !has_budget && !*unit) return; /* an empty row */
  Proj *p = g_new0(Proj, 1);
  p->page = row->page;
  p->pages = g_array_new(FALSE, FALSE, sizeof(guint));
  g_array_append_val(p->pages, row->page);
  p->budget_kind = c->budget_kind;
  p->strategy_no = c->strategy_no;
  p->strategy = g_strdup(c->strategy);
  p->tactic_no = c->tactic_no;
  p->tactic = g_strdup(c->tactic);
  p->project = g_string_new(proj);
  p->target = g_string_new(sb_table_cell(t, row, "target"));
  p->indicator = g_string_new(sb_table_cell(t, row, "indicator"));
  if (sb_parse_amount(budget, &p->budget)) {
    p->has_budget = TRUE;
  } else if (!*budget && has_shifted) {
    p->has_budget = TRUE; /* the amount sits one cell right */
    p->budget = shifted;
  } else if (*budget) {
    p->budget_note = g_strdup(budget);
  }
  p->quarters_known = any_arrow;
  memcpy(p->quarters, arrows, sizeof arrows);
  p->unit = g_strdup(unit);
  g_ptr_array_add(c->projects, p);
}

static void summary_row(Ctx *c, const SbTable *t, const SbRow *row) {
  g_autofree char *no = norm(sb_table_cell(t, row, "no"));
  g_autofree char *title = norm(sb_table_cell(t, row, "title"));
  g_autofree char *count = norm(sb_table_cell(t, row, "count"));
  g_autofree char *budget = norm(sb_table_cell(t, row, "budget"));
  Summ *s = g_new0(Summ, 1);
  s->page = row->page;
  s->budget_kind = c->budget_kind;
  gboolean total = !strcmp(no, "รวม") || !strcmp(title, "รวม");
  s->no = total ? NULL : g_strdup(no);
  s->title = total ? NULL : g_strdup(title);
  s->ok = sb_parse_amount(count, &s->count) && sb_parse_amount(budget, &s->budget);
  if (!s->ok && !*title && !*count) {
    summ_free(s);
    return;
  }
  g_ptr_array_add(c->summaries, s);
}

/* ---- page walk ------------------------------------------------------ */
typedef struct {
  double y;
  const char *text;     /* heading paragraph, or NULL */
  const SbTable *table; /* or a row of this table */
  const SbRow *row;
  gboolean summary;
} Event;

static int event_cmp(gconstpointer a, gconstpointer b) {
  const Event *x = a, *y = b;
  return x->y < y->y ? -1 : x->y > y->y;
}

static gboolean in_any(GPtrArray *tables, const SbBox *b) {
  double xc = (b->x1 + b->x2) / 2, yc = (b->y1 + b->y2) / 2;
  for (guint i = 0; tables && i < tables->len; i++) {
    const SbTable *t = tables->pdata[i];
    if (xc >= t->box.x1 && xc <= t->box.x2 && yc >= t->box.y1 && yc <= t->box.y2) return TRUE;
  }
  return FALSE;
}

/* Does the line open a heading (a budget section or a strategy)?  Such
 * a line starts a paragraph even where its size and spacing do not tell
 * (OCR gives all lines one height). */
static gboolean opens_heading(Ctx *c, const char *line) {
  g_autofree char *t = norm(line);
  return sb_re_match(&c->re[RE_OPER], t, NULL) || sb_re_match(&c->re[RE_SUBS], t, NULL) ||
         sb_re_match(&c->re[RE_STRAT], t, NULL);
}

/* Paragraphs outside the tables, as (y, text) pairs. */
static GPtrArray *outside_paragraphs(Ctx *c, const SbPage *page, GPtrArray *t1, GPtrArray *t2,
                                     GArray *ys) {
  g_autoptr(GArray) idx = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint i = 0; i < page->chars->len; i++) {
    const SbChar *ch = &g_array_index(page->chars, SbChar, i);
    if (!in_any(t1, &ch->box) && !in_any(t2, &ch->box)) g_array_append_val(idx, i);
  }
  g_autoptr(GPtrArray) lines = sb_lines_build(page, idx, 3.0);
  GPtrArray *paras = g_ptr_array_new_with_free_func(g_free);
  /* the usual pitch between lines of one paragraph */
  g_autoptr(GArray) dys = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint i = 1; i < lines->len; i++) {
    SbTextLine *a = lines->pdata[i - 1], *b = lines->pdata[i];
    double dy = (b->box.y1 + b->box.y2 - a->box.y1 - a->box.y2) / 2;
    if (dy > 0.6 * b->h) g_array_append_val(dys, dy);
  }
  /* the tightest pitch on the page is the pitch inside a paragraph */
  double pitch = 0;
  for (guint i = 0; i < dys->len; i++) {
    double d = g_array_index(dys, double, i);
    if (pitch == 0 || d < pitch) pitch = d;
  }
  GString *cur = NULL;
  double cur_y = 0;
  SbTextLine *prev = NULL;
  for (guint i = 0; i <= lines->len; i++) {
    SbTextLine *l = i < lines->len ? lines->pdata[i] : NULL;
    gboolean brk = !l || !prev;
    if (l && prev) {
      double dy = (l->box.y1 + l->box.y2 - prev->box.y1 - prev->box.y2) / 2;
      brk = dy > pitch * 1.12 || dy < 0.3 * l->h || fabs(l->h - prev->h) > 0.15 * l->h ||
            opens_heading(c, l->text);
    }
    if (brk && cur) {
      g_ptr_array_add(paras, g_string_free(cur, FALSE));
      g_array_append_val(ys, cur_y);
      cur = NULL;
    }
    if (!l) break;
    if (!cur) {
      cur = g_string_new(l->text);
      cur_y = l->box.y1;
    } else {
      sb_join_wrapped(cur, l->text);
    }
    prev = l;
  }
  return paras;
}

static gboolean walk_page(Ctx *c, const SbPage *page, GError **error) {
  if (!page->chars->len) {
    /* a text page: every line is a heading candidate */
    g_auto(GStrv) lines = g_strsplit(page->text ? page->text : "", "\n", -1);
    for (guint i = 0; lines[i]; i++) heading(c, lines[i]);
    return TRUE;
  }
  g_autoptr(GPtrArray) plans = sb_tables_read(page, &sb_plan_table_spec, error);
  if (!plans) return FALSE;
  g_autoptr(GPtrArray) sums = sb_tables_read(page, &sb_summary_table_spec, error);
  if (!sums) return FALSE;
  g_autoptr(GArray) ys = g_array_new(FALSE, FALSE, sizeof(double));
  g_autoptr(GPtrArray) paras = outside_paragraphs(c, page, plans, sums, ys);
  g_autoptr(GArray) ev = g_array_new(FALSE, FALSE, sizeof(Event));
  for (guint i = 0; i < paras->len; i++) {
    Event e = {g_array_index(ys, double, i), paras->pdata[i], NULL, NULL, FALSE};
    g_array_append_val(ev, e);
  }
  for (int k = 0; k < 2; k++) {
    GPtrArray *ts = k ? sums : plans;
    for (guint i = 0; i < ts->len; i++) {
      const SbTable *t = ts->pdata[i];
      if (!k) c->plan_tables = TRUE;
      for (guint r = 0; r < t->rows->len; r++) {
        const SbRow *row = t->rows->pdata[r];
        Event e = {row->y1, NULL, t, row, k == 1};
        g_array_append_val(ev, e);
      }
    }
  }
  g_array_sort(ev, event_cmp);
  for (guint i = 0; i < ev->len; i++) {
    Event *e = &g_array_index(ev, Event, i);
    if (e->text)
      heading(c, e->text);
    else if (e->summary)
      summary_row(c, e->table, e->row);
    else
      plan_row(c, e->table, e->row);
  }
  return TRUE;
}

/* ---- records -------------------------------------------------------- */
static void set_str(JsonObject *o, const char *k, const char *v) {
  if (v)
    json_object_set_string_member(o, k, v);
  else
    json_object_set_null_member(o, k);
}

static void set_int_or_null(JsonObject *o, const char *k, gboolean have, gint64 v) {
  if (have)
    json_object_set_int_member(o, k, v);
  else
    json_object_set_null_member(o, k);
}

static JsonObject *document_record(const SbDocument *doc, SbKind kind) {
  JsonObject *o = json_object_new();
  json_object_set_string_member(o, "type", "document");
  json_object_set_string_member(o, "sha256", doc->sha256);
  /* the path as given, as UTF-8: a file name in another encoding (a
   * TIS-620 name on a share) is shown the GLib way (G_FILENAME_ENCODING) */
  g_autofree char *source = g_filename_display_name(doc->source);
  json_object_set_string_member(o, "source", source);
  json_object_set_int_member(o, "pages", doc->pages->len);
  json_object_set_string_member(o, "kind", sb_kind_name(kind));
  JsonArray *ps = json_array_new();
  for (guint i = 0; i < doc->pages->len; i++)
    json_array_add_string_element(ps, sb_source_name(((SbPage *)doc->pages->pdata[i])->source));
  json_object_set_array_member(o, "page_sources", ps);
  json_object_set_int_member(o, "bytes", (gint64)doc->size);
  g_autofree char *title = doc->title ? sb_normalize_text(doc->title) : NULL;
  set_str(o, "title", title);
  set_str(o, "producer", doc->producer);
  return o;
}

/* Cut the project cell into name, detail paragraphs and activities. */
static void split_project(Ctx *c, const char *text, char **name, JsonArray *acts,
                          JsonArray *notes) {
  g_auto(GStrv) paras = g_strsplit(text, "\n", -1);
  *name = NULL;
  for (guint i = 0; paras[i]; i++) {
    g_autofree char *p = norm(paras[i]);
    if (!*p) continue;
    gsize mlen = 0;
    gssize at = sb_re_find(&c->re[RE_ACT], p, 0, &mlen);
    gsize head_end = at < 0 ? strlen(p) : (gsize)at;
    g_autofree char *head = g_strndup(p, head_end);
    g_strstrip(head);
    if (!*name && i == 0) {
      *name = g_strdup(head);
    } else if (*head) {
      json_array_add_string_element(notes, head);
    }
    while (at >= 0) {
      gsize next_len = 0;
      gssize nx = sb_re_find(&c->re[RE_ACT], p, (gsize)at + mlen, &next_len);
      gsize end = nx < 0 ? strlen(p) : (gsize)nx;
      g_autofree char *a = g_strndup(p + at, end - (gsize)at);
      g_strstrip(a);
      json_array_add_string_element(acts, a);
      at = nx;
      mlen = next_len;
    }
  }
  if (!*name) *name = g_strdup("");
}

static JsonObject *project_record(Ctx *c, const Proj *p) {
  JsonObject *o = json_object_new();
  json_object_set_string_member(o, "type", "plan_project");
  json_object_set_string_member(o, "doc", c->doc->sha256);
  json_object_set_int_member(o, "page", p->page);
  set_str(o, "budget_kind", p->budget_kind);
  set_int_or_null(o, "fiscal_year_be", c->fiscal_year > 0, c->fiscal_year);
  set_int_or_null(o, "strategy_no", p->strategy_no > 0, p->strategy_no);
  g_autofree char *strategy = p->strategy ? norm(p->strategy) : NULL;
  set_str(o, "strategy", strategy);
  set_int_or_null(o, "tactic_no", p->tactic_no >= 0 && p->tactic, p->tactic_no);
  g_autofree char *tactic = p->tactic ? norm(p->tactic) : NULL;
  set_str(o, "tactic", tactic);
  JsonArray *acts = json_array_new(), *notes = json_array_new();
  char *name = NULL;
  split_project(c, p->project->str, &name, acts, notes);
  json_object_set_string_member(o, "name", name);
  g_free(name);
  json_object_set_array_member(o, "activities", acts);
  g_autofree char *target = norm(p->target->str);
  g_autofree char *indicator = norm(p->indicator->str);
  json_object_set_string_member(o, "target", target);
  json_object_set_string_member(o, "indicator", indicator);
  set_int_or_null(o, "budget_baht", p->has_budget, p->budget);
  set_str(o, "budget_note", p->budget_note);
  if (p->quarters_known) {
    JsonArray *q = json_array_new();
    for (int k = 0; k < 4; k++) json_array_add_boolean_element(q, p->quarters[k]);
    json_object_set_array_member(o, "quarters", q);
  } else {
    json_object_set_null_member(o, "quarters");
  }
  /* units as written, one per line or comma; a trailing footnote mark
   * ("*") is reported apart */
  JsonArray *units = json_array_new();
  gboolean mark = strchr(p->unit, '*') != NULL;
  g_autofree char *u = g_strdup(p->unit);
  for (char *s = u; *s; s++)
    if (*s == '*') *s = ' ';
  g_auto(GStrv) parts = g_regex_split_simple("\\s*[,\\n]\\s*", u, 0, 0);
  for (guint i = 0; parts[i]; i++) {
    g_autofree char *one = sb_normalize_text(parts[i]);
    if (*one) json_array_add_string_element(units, one);
  }
  json_object_set_array_member(o, "units", units);
  set_str(o, "unit_mark", mark ? "*" : NULL);
  json_object_set_array_member(o, "project_notes", notes);
  JsonArray *pages = json_array_new();
  for (guint i = 0; i < p->pages->len; i++)
    json_array_add_int_element(pages, g_array_index(p->pages, guint, i));
  json_object_set_array_member(o, "row_pages", pages);
  return o;
}

/* How alike two titles are: longest common subsequence over the longer
 * length, white space ignored (summary titles wrap and abbreviate). */
static double similarity(const char *a, const char *b) {
  g_autofree gunichar *ua = g_utf8_to_ucs4_fast(a, -1, NULL);
  g_autofree gunichar *ub = g_utf8_to_ucs4_fast(b, -1, NULL);
  glong na = 0, nb = 0;
  for (glong i = 0; ua[i]; i++)
    if (ua[i] != ' ') ua[na++] = ua[i];
  for (glong i = 0; ub[i]; i++)
    if (ub[i] != ' ') ub[nb++] = ub[i];
  if (!na || !nb) return 0;
  g_autofree int *prev = g_new0(int, nb + 1);
  g_autofree int *cur = g_new0(int, nb + 1);
  for (glong i = 1; i <= na; i++) {
    for (glong j = 1; j <= nb; j++)
      cur[j] = ua[i - 1] == ub[j - 1] ? prev[j - 1] + 1 : MAX(prev[j], cur[j - 1]);
    int *t = prev;
    prev = cur;
    cur = t;
  }
  return (double)prev[nb] / MAX(na, nb);
}

static JsonObject *summary_record(Ctx *c, const Summ *s) {
  JsonObject *o = json_object_new();
  json_object_set_string_member(o, "type", "plan_summary");
  json_object_set_string_member(o, "doc", c->doc->sha256);
  json_object_set_int_member(o, "page", s->page);
  set_str(o, "budget_kind", s->budget_kind);
  int no = 0;
  if (s->title) {
    double best = 0.6;
    for (int k = 1; k < (int)G_N_ELEMENTS(c->titles); k++) {
      if (!c->titles[k]) continue;
      double sim = similarity(s->title, c->titles[k]);
      if (sim > best) {
        best = sim;
        no = k;
      }
    }
  }
  set_int_or_null(o, "strategy_no", no > 0, no);
  set_str(o, "strategy", s->title);
  set_str(o, "row_no", s->no);
  set_int_or_null(o, "declared_projects", s->ok, s->count);
  set_int_or_null(o, "declared_budget_baht", s->ok, s->budget);
  gint64 n = 0, sum = 0;
  for (guint i = 0; i < c->projects->len; i++) {
    const Proj *p = c->projects->pdata[i];
    if (g_strcmp0(p->budget_kind, s->budget_kind)) continue;
    if (s->title && p->strategy_no != no) continue;
    n++;
    if (p->has_budget) sum += p->budget;
  }
  json_object_set_int_member(o, "found_projects", n);
  json_object_set_int_member(o, "found_budget_baht", sum);
  json_object_set_boolean_member(o, "consistent",
                                 s->ok && (!s->title || no > 0) && n == s->count && sum == s->budget);
  return o;
}

GPtrArray *sb_parse_document(const SbDocument *doc, GError **error) {
  Ctx c = {0};
  c.doc = doc;
  c.tactic_no = -1;
  for (int i = 0; i < N_RE; i++) {
    if (!sb_re_init(&c.re[i], patterns[i], error)) {
      for (int k = 0; k < i; k++) sb_re_clear(&c.re[k]);
      return NULL;
    }
  }
  c.projects = g_ptr_array_new_with_free_func((GDestroyNotify)proj_free);
  c.summaries = g_ptr_array_new_with_free_func((GDestroyNotify)summ_free);
  GPtrArray *out = NULL;
  gboolean ok = TRUE;
  for (guint i = 0; i < doc->pages->len && ok; i++) ok = walk_page(&c, doc->pages->pdata[i], error);
  SbKind kind = SB_KIND_UNKNOWN;
  g_autoptr(GPtrArray) letters = NULL;
  if (ok) {
    kind = (c.plan_tables || c.plan_title) ? SB_KIND_PLAN : SB_KIND_UNKNOWN;
    /* a letter about a plan names the plan in its subject: without plan
     * tables, letters decide */
    if (!c.plan_tables) {
      letters = sb_circular_records(doc, error);
      if (!letters) ok = FALSE;
      else if (letters->len) kind = SB_KIND_CIRCULAR;
    }
  }
  if (ok) {
    out = g_ptr_array_new_with_free_func((GDestroyNotify)json_object_unref);
    g_ptr_array_add(out, document_record(doc, kind));
    for (guint i = 0; letters && i < letters->len; i++)
      g_ptr_array_add(out, json_object_ref(letters->pdata[i]));
    for (guint i = 0; i < c.projects->len; i++)
      g_ptr_array_add(out, project_record(&c, c.projects->pdata[i]));
    for (guint i = 0; i < c.summaries->len; i++)
      g_ptr_array_add(out, summary_record(&c, c.summaries->pdata[i]));
  }
  for (int i = 0; i < N_RE; i++) sb_re_clear(&c.re[i]);
  for (guint i = 0; i < G_N_ELEMENTS(c.titles); i++) g_free(c.titles[i]);
  g_free(c.strategy);
  g_free(c.tactic);
  g_ptr_array_unref(c.projects);
  g_ptr_array_unref(c.summaries);
  return out;
}

char *sb_page_text(const SbPage *page) {
  if (!page->chars->len) return g_strdup(page->text ? page->text : "");
  g_autoptr(GArray) idx = g_array_sized_new(FALSE, FALSE, sizeof(guint), page->chars->len);
  for (guint i = 0; i < page->chars->len; i++) g_array_append_val(idx, i);
  g_autoptr(GPtrArray) lines = sb_lines_build(page, idx, 3.0);
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < lines->len; i++) {
    SbTextLine *l = lines->pdata[i];
    if (i) g_string_append_c(s, '\n');
    g_string_append(s, l->text);
  }
  return g_string_free(s, FALSE);
}

GPtrArray *sb_page_records(const SbDocument *doc) {
  GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)json_object_unref);
  for (guint i = 0; i < doc->pages->len; i++) {
    const SbPage *p = doc->pages->pdata[i];
    JsonObject *o = json_object_new();
    json_object_set_string_member(o, "type", "page");
    json_object_set_string_member(o, "doc", doc->sha256);
    json_object_set_int_member(o, "page", p->number);
    json_object_set_string_member(o, "source", sb_source_name(p->source));
    g_autofree char *text = sb_page_text(p);
    /* "as on the page": canonical form, digits as printed, lines kept */
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    GString *asis = g_string_new(NULL), *normd = g_string_new(NULL);
    for (guint k = 0; lines[k]; k++) {
      g_autofree char *a = sb_normalize_text_full(lines[k], SB_NORM_KEEP_DIGITS);
      g_autofree char *n = sb_normalize_text(lines[k]);
      if (k) {
        g_string_append_c(asis, '\n');
        g_string_append_c(normd, '\n');
      }
      g_string_append(asis, a);
      g_string_append(normd, n);
    }
    g_autofree char *as = g_string_free(asis, FALSE);
    g_autofree char *ns = g_string_free(normd, FALSE);
    json_object_set_string_member(o, "text", as);
    json_object_set_string_member(o, "normalized", ns);
    if (p->source == SB_SOURCE_OCR) {
      json_object_set_double_member(o, "confidence", round(p->confidence * 10) / 10);
      json_object_set_double_member(o, "dpi", p->dpi);
      json_object_set_double_member(o, "skew_deg", round(p->skew_deg * 100) / 100);
    }
    if (p->ocr_reason) json_object_set_string_member(o, "ocr_reason", p->ocr_reason);
    /* dates that cannot exist: a misread, or the document's own error */
    g_autoptr(GPtrArray) bad = sb_thai_date_problems(as);
    if (bad->len) {
      JsonArray *a = json_array_new();
      for (guint k = 0; k < bad->len; k++) json_array_add_string_element(a, bad->pdata[k]);
      json_object_set_array_member(o, "date_problems", a);
    }
    g_ptr_array_add(out, o);
  }
  return out;
}
