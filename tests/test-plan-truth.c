/*
 * test-plan-truth.c: parse a plan fixture PDF through the library (ingest,
 * parse) and compare every plan_project and plan_summary record with the
 * ground truth that fixtures/gen/plangen.c wrote from the seed cells.
 *
 * Usage: test-plan-truth PDF TRUTH.json [--full]
 * On a single-page fixture budget_kind is not compared: it comes from a
 * heading on an earlier page of the plan.
 * --full also checks the summary consistency the issue states: operating
 * strategies 1-3 and subsidy strategy 3 consistent, operating 4 and 5 not,
 * with the found figures equal to the truth's own project counts and sums.
 */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "../ingest/ingest.h"
#include "../parse/parse.h"

static int failures = 0;
#define CHECK(cond, ...)                   \
  do {                                     \
    if (!(cond)) {                         \
      failures++;                          \
      if (failures < 40) {                 \
        fprintf(stderr, "FAIL: ");         \
        fprintf(stderr, __VA_ARGS__);      \
        fputc('\n', stderr);               \
      }                                    \
    }                                      \
  } while (0)

static char *squash(const char *s) {
  GString *o = g_string_new(NULL);
  for (const char *p = s ? s : ""; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!g_unichar_isspace(c)) g_string_append_unichar(o, c);
  }
  return g_string_free(o, FALSE);
}

static gboolean node_equal(JsonNode *a, JsonNode *b) {
  if (!a || !b) return a == b;
  return json_node_equal(a, b);
}

static gboolean nonempty(JsonObject *o, const char *k) {
  JsonNode *n = json_object_get_member(o, k);
  if (!n || JSON_NODE_HOLDS_NULL(n)) return FALSE;
  if (JSON_NODE_HOLDS_ARRAY(n)) return json_array_get_length(json_node_get_array(n)) > 0;
  const char *s = json_node_get_string(n);
  return s && *s;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: test-plan-truth PDF TRUTH.json [--full]\n");
    return 2;
  }
  gboolean full = argc > 3 && !strcmp(argv[3], "--full");
  GError *err = NULL;
  g_autoptr(SbDocument) doc = sb_ingest_file(argv[1], NULL, &err);
  if (!doc) {
    fprintf(stderr, "FAIL: ingest: %s\n", err->message);
    return 1;
  }
  g_autoptr(GPtrArray) recs = sb_parse_document(doc, &err);
  g_assert_nonnull(recs);
  g_autoptr(JsonParser) jp = json_parser_new();
  if (!json_parser_load_from_file(jp, argv[2], &err)) {
    fprintf(stderr, "FAIL: truth: %s\n", err->message);
    return 1;
  }
  JsonObject *truth = json_node_get_object(json_parser_get_root(jp));
  JsonArray *tp = json_object_get_array_member(truth, "plan_project");
  JsonArray *ts = json_object_get_array_member(truth, "plan_summary");
  GPtrArray *pp = g_ptr_array_new(), *ps = g_ptr_array_new();
  JsonObject *docrec = recs->pdata[0];
  CHECK(!strcmp(json_object_get_string_member(docrec, "kind"), "plan"), "document kind is %s",
        json_object_get_string_member(docrec, "kind"));
  CHECK(json_object_get_int_member(docrec, "pages") == json_object_get_int_member(truth, "pages"),
        "page count");
  for (guint i = 1; i < recs->len; i++) {
    JsonObject *o = recs->pdata[i];
    const char *t = json_object_get_string_member(o, "type");
    g_ptr_array_add(!strcmp(t, "plan_project") ? pp : ps, o);
  }
  guint n = json_array_get_length(tp);
  CHECK(pp->len == n, "plan_project count %u, truth %u", pp->len, n);
  static const char *exact[] = {"page",     "budget_kind", "fiscal_year_be", "strategy_no",
                                "strategy", "tactic_no",   "budget_baht",    "budget_note",
                                "units",    "quarters",    NULL};
  guint name_exact = 0, name_squashed = 0, tactic_exact = 0, tactic_squashed = 0;
  for (guint i = 0; i < MIN(n, pp->len); i++) {
    JsonObject *got = pp->pdata[i], *want = json_array_get_object_element(tp, i);
    for (int k = 0; exact[k]; k++) {
      if (!full && !strcmp(exact[k], "budget_kind")) continue;
      JsonNode *a = json_object_get_member(got, exact[k]);
      JsonNode *b = json_object_get_member(want, exact[k]);
      CHECK(node_equal(a, b), "project %u (%s): %s differs", i,
            json_object_get_string_member(want, "name"), exact[k]);
    }
    const char *gn = json_object_get_string_member(got, "name");
    const char *wn = json_object_get_string_member(want, "name");
    g_autofree char *sg = squash(gn), *sw = squash(wn);
    name_exact += !g_strcmp0(gn, wn);
    name_squashed += !g_strcmp0(sg, sw);
    if (g_strcmp0(sg, sw)) fprintf(stderr, "name %u: got  %s\n        want %s\n", i, gn, wn);
    const char *gt = json_object_get_string_member(got, "tactic");
    const char *wt = json_object_get_string_member(want, "tactic");
    g_autofree char *tg = squash(gt), *tw = squash(wt);
    tactic_exact += !g_strcmp0(gt, wt);
    tactic_squashed += !g_strcmp0(tg, tw);
    CHECK(!g_strcmp0(tg, tw), "project %u: tactic differs beyond white space", i);
    for (int k = 0; k < 3; k++) {
      static const char *pres[] = {"activities", "target", "indicator"};
      CHECK(nonempty(got, pres[k]) || !nonempty(want, pres[k]), "project %u: %s missing", i,
            pres[k]);
    }
  }
  printf("plan_project: %u of %u; name exact %u, name equal ignoring white space %u; "
         "tactic exact %u, ignoring white space %u\n",
         pp->len, n, name_exact, name_squashed, tactic_exact, tactic_squashed);
  /* Names: see the closing note of issue 2 for why this is not 100%. */
  CHECK(name_squashed * 100 >= n * 95, "names equal ignoring white space: %u of %u", name_squashed,
        n);

  guint ns = json_array_get_length(ts);
  CHECK(ps->len == ns, "plan_summary count %u, truth %u", ps->len, ns);
  for (guint i = 0; i < MIN(ns, ps->len); i++) {
    JsonObject *got = ps->pdata[i], *want = json_array_get_object_element(ts, i);
    CHECK(json_object_get_int_member(got, "declared_projects") ==
              json_object_get_int_member(want, "declared_projects"),
          "summary %u declared_projects", i);
    CHECK(json_object_get_int_member(got, "declared_budget_baht") ==
              json_object_get_int_member(want, "declared_budget_baht"),
          "summary %u declared_budget_baht", i);
    CHECK(!g_strcmp0(json_object_get_string_member(got, "budget_kind"),
                     json_object_get_string_member(want, "budget_kind")),
          "summary %u budget_kind", i);
  }
  if (full) {
    for (guint i = 0; i < ps->len; i++) {
      JsonObject *s = ps->pdata[i];
      const char *kind = json_object_get_string_member(s, "budget_kind");
      JsonNode *sn = json_object_get_member(s, "strategy_no");
      gint64 no = JSON_NODE_HOLDS_NULL(sn) ? 0 : json_node_get_int(sn);
      /* found figures from the truth's own projects */
      gint64 cnt = 0, sum = 0;
      for (guint k = 0; k < n; k++) {
        JsonObject *p = json_array_get_object_element(tp, k);
        if (g_strcmp0(json_object_get_string_member(p, "budget_kind"), kind)) continue;
        if (no && json_object_get_int_member(p, "strategy_no") != no) continue;
        cnt++;
        JsonNode *b = json_object_get_member(p, "budget_baht");
        if (!JSON_NODE_HOLDS_NULL(b)) sum += json_node_get_int(b);
      }
      gint64 fp = json_object_get_int_member(s, "found_projects");
      gint64 fb = json_object_get_int_member(s, "found_budget_baht");
      gboolean cons = json_object_get_boolean_member(s, "consistent");
      printf("summary %-9s strategy %-2" G_GINT64_FORMAT " declared %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT
             "  found %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT "  %s\n",
             kind, no, json_object_get_int_member(s, "declared_projects"),
             json_object_get_int_member(s, "declared_budget_baht"), fp, fb,
             cons ? "consistent" : "NOT consistent");
      CHECK(fp == cnt && fb == sum, "summary %s %" G_GINT64_FORMAT ": found %" G_GINT64_FORMAT
            "/%" G_GINT64_FORMAT ", truth %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, kind, no, fp, fb, cnt, sum);
      gboolean want_cons = (!strcmp(kind, "operating") && no >= 1 && no <= 3) ||
                           !strcmp(kind, "subsidy");
      CHECK(cons == want_cons, "summary %s strategy %" G_GINT64_FORMAT ": consistent=%d", kind, no,
            cons);
    }
  }
  g_ptr_array_unref(pp);
  g_ptr_array_unref(ps);
  printf("%s\n", failures ? "FAILED" : "OK");
  return failures ? 1 : 0;
}
