/*
 * test-circular-truth.c: parse a circular fixture (a rendered bundle, or
 * its scan) through the library and compare every circular and kpi record
 * with the ground truth written by hand beside the letter script
 * (fixtures/circular/NAME.truth.json).
 *
 * Usage: test-circular-truth FILE TRUTH.json [--scan] [--min PCT] [--min-exact PCT]
 *                            [--min-letters N]
 *
 * The number of letters found must equal the truth's (a bundle of 3 gives
 * 3, not more).  Letters and kpi rows are matched in order.  Every field
 * the truth names is compared; text ignoring white space (Poppler and OCR
 * both lose or add spaces at line wraps), numbers as numbers, lists item by
 * item, objects on the truth's keys (the records may carry more).  A
 * per-field table is printed (equal ignoring white space, and exactly).
 * Born-digital: every field must be equal.  --scan: FILE goes through OCR
 * and at least PCT% of all fields (default 100) must be equal; the fields
 * that differ are listed (a letter not found counts every one of its
 * fields as not equal).  --min-letters N accepts a scan on which only N
 * letters were found (never more than the truth's): a floor against
 * regressions where OCR misreads a header, not the acceptance.
 * --min-exact PCT: at least PCT% of all fields also exactly equal, spaces
 * and all (a floor: a scan loses spaces a text layer has, and the parser
 * puts back those it knows, as in document numbers).  Options are parsed
 * by GLib (--help lists them): a mistyped one, or a threshold that is not
 * a number, exits 2 instead of leaving a threshold at its default.
 */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "../ingest/ingest.h"
#include "../ocr/ocr.h"
#include "../parse/parse.h"
#include "truth.h"

/* Equal as the test means it; *exact says whether also byte-equal. */
static gboolean same(JsonNode *t, JsonNode *f, gboolean *exact) {
  gboolean tnull = !t || JSON_NODE_HOLDS_NULL(t), fnull = !f || JSON_NODE_HOLDS_NULL(f);
  if (tnull || fnull) return tnull == fnull;
  if (JSON_NODE_HOLDS_ARRAY(t)) {
    if (!JSON_NODE_HOLDS_ARRAY(f)) return *exact = FALSE;
    JsonArray *a = json_node_get_array(t), *b = json_node_get_array(f);
    if (json_array_get_length(a) != json_array_get_length(b)) return *exact = FALSE;
    for (guint i = 0; i < json_array_get_length(a); i++)
      if (!same(json_array_get_element(a, i), json_array_get_element(b, i), exact)) return FALSE;
    return TRUE;
  }
  if (JSON_NODE_HOLDS_OBJECT(t)) {
    if (!JSON_NODE_HOLDS_OBJECT(f)) return *exact = FALSE;
    JsonObject *a = json_node_get_object(t), *b = json_node_get_object(f);
    g_autoptr(GList) keys = json_object_get_members(a);
    for (GList *k = keys; k; k = k->next)
      if (!same(json_object_get_member(a, k->data), json_object_get_member(b, k->data), exact))
        return FALSE;
    return TRUE;
  }
  GType tt = json_node_get_value_type(t), ft = json_node_get_value_type(f);
  if (tt == G_TYPE_STRING || ft == G_TYPE_STRING) {
    if (tt != ft) return *exact = FALSE;
    const char *x = json_node_get_string(t), *y = json_node_get_string(f);
    if (strcmp(x, y)) *exact = FALSE;
    g_autofree char *sx = truth_squash(x), *sy = truth_squash(y);
    return !strcmp(sx, sy);
  }
  if (tt == G_TYPE_BOOLEAN || ft == G_TYPE_BOOLEAN)
    return tt == ft && json_node_get_boolean(t) == json_node_get_boolean(f);
  return json_node_get_double(t) == json_node_get_double(f);
}

typedef struct {
  char *field;
  int equal, exact, total;
} Tally;

static Tally *tally_of(GPtrArray *tallies, const char *field) {
  for (guint i = 0; i < tallies->len; i++) {
    Tally *t = tallies->pdata[i];
    if (!strcmp(t->field, field)) return t;
  }
  Tally *t = g_new0(Tally, 1);
  t->field = g_strdup(field);
  g_ptr_array_add(tallies, t);
  return t;
}

static void tally_free(Tally *t) {
  g_free(t->field);
  g_free(t);
}

static char *show(JsonNode *n) {
  if (!n) return g_strdup("(missing)");
  g_autoptr(JsonGenerator) g = json_generator_new();
  json_generator_set_root(g, n);
  char *s = json_generator_to_data(g, NULL);
  if (strlen(s) > 300) strcpy(s + 297, "...");
  return s;
}

/* Compare the records of one type with the truth's list, in order. */
static void compare(const char *type, JsonArray *truth, GPtrArray *found, GPtrArray *tallies,
                    int *n_found) {
  guint k = 0;
  for (guint i = 0; i < found->len; i++) {
    JsonObject *f = found->pdata[i];
    if (strcmp(json_object_get_string_member(f, "type"), type)) continue;
    if (truth && k < json_array_get_length(truth)) {
      JsonObject *t = json_array_get_object_element(truth, k);
      g_autoptr(GList) keys = json_object_get_members(t);
      for (GList *m = keys; m; m = m->next) {
        g_autofree char *field = g_strdup_printf("%s.%s", type, (char *)m->data);
        Tally *ty = tally_of(tallies, field);
        gboolean exact = TRUE;
        JsonNode *tn = json_object_get_member(t, m->data), *fn = json_object_get_member(f, m->data);
        ty->total++;
        if (same(tn, fn, &exact)) {
          ty->equal++;
          ty->exact += exact;
        } else {
          g_autofree char *a = show(tn), *b = show(fn);
          fprintf(stderr, "DIFF %s %u %s\n  want %s\n  got  %s\n", type, k + 1,
                  (char *)m->data, a, b);
        }
      }
    }
    k++;
  }
  *n_found = (int)k;
  /* the truth's records not found count as fields not equal */
  for (guint i = k; truth && i < json_array_get_length(truth); i++) {
    JsonObject *t = json_array_get_object_element(truth, i);
    g_autoptr(GList) keys = json_object_get_members(t);
    for (GList *m = keys; m; m = m->next) {
      g_autofree char *field = g_strdup_printf("%s.%s", type, (char *)m->data);
      tally_of(tallies, field)->total++;
    }
    fprintf(stderr, "MISSING %s %u\n", type, i + 1);
  }
}

int main(int argc, char **argv) {
  gboolean scan = FALSE;
  double min = 100, min_exact = 0;
  int min_letters = -1;
  const GOptionEntry opts[] = {
      {"scan", 0, 0, G_OPTION_ARG_NONE, &scan, "FILE is a scan: OCR every page", NULL},
      {"min", 0, 0, G_OPTION_ARG_DOUBLE, &min, "Fields equal ignoring white space (default 100)",
       "PCT"},
      {"min-exact", 0, 0, G_OPTION_ARG_DOUBLE, &min_exact, "Fields exactly equal (default 0)",
       "PCT"},
      {"min-letters", 0, 0, G_OPTION_ARG_INT, &min_letters,
       "Letters found (default: as many as the truth has)", "N"},
      {NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("FILE TRUTH.json");
  g_option_context_add_main_entries(ctx, opts, NULL);
  g_autoptr(GError) opt_err = NULL;
  /* a mistyped option or threshold is an error, not a silent default */
  if (!g_option_context_parse(ctx, &argc, &argv, &opt_err) || argc != 3) {
    fprintf(stderr, "test-circular-truth: %s\n",
            opt_err ? opt_err->message : "usage: test-circular-truth FILE TRUTH.json [OPTION...]");
    return 2;
  }
  GError *err = NULL;
  g_autoptr(SbDocument) doc = truth_load(argv[1], scan);
  if (!doc) return 1;
  g_autoptr(GPtrArray) recs = sb_parse_document(doc, &err);
  g_autoptr(JsonParser) jp = json_parser_new();
  if (!recs || !json_parser_load_from_file(jp, argv[2], &err)) {
    fprintf(stderr, "FAIL: %s\n", err ? err->message : "parse");
    return 1;
  }
  JsonObject *truth = json_node_get_object(json_parser_get_root(jp));
  JsonArray *tl = json_object_get_array_member(truth, "letters");
  JsonArray *tk = json_object_has_member(truth, "kpi") ? json_object_get_array_member(truth, "kpi")
                                                        : NULL;
  g_autoptr(GPtrArray) tallies = g_ptr_array_new_with_free_func((GDestroyNotify)tally_free);
  int nl = 0, nk = 0, failures = 0;
  compare("circular", tl, recs, tallies, &nl);
  compare("kpi", tk, recs, tallies, &nk);
  const char *kind = json_object_get_string_member(recs->pdata[0], "kind");
  if (strcmp(kind, "circular")) {
    fprintf(stderr, "FAIL: document kind %s, want circular\n", kind);
    failures++;
  }
  int want = (int)json_array_get_length(tl);
  if (nl > want || nl < (min_letters >= 0 ? min_letters : want)) {
    fprintf(stderr, "FAIL: %d letters found, the bundle holds %u\n", nl, json_array_get_length(tl));
    failures++;
  }
  if (nk != (tk ? (int)json_array_get_length(tk) : 0)) {
    fprintf(stderr, "FAIL: %d kpi rows found, want %u\n", nk, tk ? json_array_get_length(tk) : 0);
    failures++;
  }
  int eq = 0, ex = 0, tot = 0;
  printf("%-24s %9s %9s\n", "field", "equal", "exact");
  for (guint i = 0; i < tallies->len; i++) {
    Tally *t = tallies->pdata[i];
    printf("%-24s %4d/%-4d %4d/%-4d\n", t->field, t->equal, t->total, t->exact, t->total);
    eq += t->equal, ex += t->exact, tot += t->total;
  }
  double pct = tot ? 100.0 * eq / tot : 0;
  printf("all fields: %d/%d equal ignoring white space (%.1f%%), %d exact; letters %d, kpi %d\n",
         eq, tot, pct, ex, nl, nk);
  if (pct < min) {
    fprintf(stderr, "FAIL: %.1f%% of fields equal, want at least %.1f%%\n", pct, min);
    failures++;
  }
  double pct_exact = tot ? 100.0 * ex / tot : 0;
  if (pct_exact < min_exact) {
    fprintf(stderr, "FAIL: %.1f%% of fields exactly equal, want at least %.1f%%\n", pct_exact,
            min_exact);
    failures++;
  }
  return failures ? 1 : 0;
}
