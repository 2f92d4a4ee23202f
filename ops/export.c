/*
 * export.c: the dataset out again, as JSON Lines or CSV (see ops.h).
 */
#include <errno.h>
#include <string.h>

#include "ops.h"

static gboolean write_line(const char *type, const char *json, gpointer data) {
  (void)type;
  FILE *out = data;
  fputs(json, out);
  fputc('\n', out);
  return !ferror(out);
}

gboolean sb_export_jsonl(SbStore *store, const char *type, FILE *out, GError **error) {
  if (!sb_store_export(store, type, write_line, out, error)) return FALSE;
  if (fflush(out) != 0 || ferror(out)) {
    g_set_error(error, SB_ERROR, SB_ERROR_IO, "export: write error: %s", g_strerror(errno));
    return FALSE;
  }
  return TRUE;
}

/* ---- CSV ---- */

/* a scalar as text: strings as they are, numbers as JSON writes them,
 * booleans true/false, null empty */
static void scalar_text(JsonNode *n, GString *out) {
  if (!n || JSON_NODE_HOLDS_NULL(n)) return;
  if (JSON_NODE_HOLDS_VALUE(n)) {
    GType t = json_node_get_value_type(n);
    if (t == G_TYPE_STRING) {
      g_string_append(out, json_node_get_string(n));
    } else if (t == G_TYPE_BOOLEAN) {
      g_string_append(out, json_node_get_boolean(n) ? "true" : "false");
    } else {
      g_autoptr(JsonGenerator) g = json_generator_new();
      json_generator_set_root(g, n);
      g_autofree char *s = json_generator_to_data(g, NULL);
      g_string_append(out, s);
    }
  }
}

/* a list or an object inside a list, joined readably */
static void value_text(JsonNode *n, GString *out) {
  if (n && JSON_NODE_HOLDS_ARRAY(n)) {
    JsonArray *a = json_node_get_array(n);
    for (guint i = 0; i < json_array_get_length(a); i++) {
      if (i) g_string_append(out, "; ");
      value_text(json_array_get_element(a, i), out);
    }
  } else if (n && JSON_NODE_HOLDS_OBJECT(n)) {
    JsonObjectIter it;
    const char *k;
    JsonNode *v;
    gboolean first = TRUE;
    json_object_iter_init_ordered(&it, json_node_get_object(n));
    while (json_object_iter_next_ordered(&it, &k, &v)) {
      if (!first) g_string_append(out, ", ");
      first = FALSE;
      g_string_append_printf(out, "%s: ", k);
      value_text(v, out);
    }
  } else {
    scalar_text(n, out);
  }
}

/* the columns of one record: top-level objects become "field.member" */
static void record_columns(JsonObject *o, GPtrArray *cols, GHashTable *seen) {
  JsonObjectIter it;
  const char *k;
  JsonNode *v;
  json_object_iter_init_ordered(&it, o);
  while (json_object_iter_next_ordered(&it, &k, &v)) {
    if (JSON_NODE_HOLDS_OBJECT(v)) {
      JsonObjectIter it2;
      const char *k2;
      JsonNode *v2;
      json_object_iter_init_ordered(&it2, json_node_get_object(v));
      while (json_object_iter_next_ordered(&it2, &k2, &v2)) {
        char *c = g_strdup_printf("%s.%s", k, k2);
        if (g_hash_table_add(seen, c)) g_ptr_array_add(cols, c);
      }
    } else if (!g_hash_table_contains(seen, k)) {
      char *c = g_strdup(k);
      g_hash_table_add(seen, c);
      g_ptr_array_add(cols, c);
    }
  }
}

static JsonNode *column_value(JsonObject *o, const char *col) {
  JsonNode *n = json_object_get_member(o, col);
  if (n) return n;
  const char *dot = strchr(col, '.');
  if (!dot) return NULL;
  g_autofree char *field = g_strndup(col, (gsize)(dot - col));
  JsonNode *obj = json_object_get_member(o, field);
  if (!obj || !JSON_NODE_HOLDS_OBJECT(obj)) return NULL;
  return json_object_get_member(json_node_get_object(obj), dot + 1);
}

/* RFC 4180: quoted when it holds a comma, a quote or a line break */
static void csv_field(GString *line, const char *v) {
  if (!strpbrk(v, ",\"\r\n")) {
    g_string_append(line, v);
    return;
  }
  g_string_append_c(line, '"');
  for (const char *p = v; *p; p++) {
    if (*p == '"') g_string_append_c(line, '"');
    g_string_append_c(line, *p);
  }
  g_string_append_c(line, '"');
}

typedef struct {
  GPtrArray *records; /* JsonObject* of one type */
  const char *type;
} Collect;

static gboolean collect(const char *type, const char *json, gpointer data) {
  Collect *c = data;
  if (c->type && strcmp(type, c->type)) return TRUE;
  g_autoptr(JsonParser) p = json_parser_new_immutable();
  if (!json_parser_load_from_data(p, json, -1, NULL)) return TRUE;
  JsonNode *root = json_parser_get_root(p);
  if (root && JSON_NODE_HOLDS_OBJECT(root))
    g_ptr_array_add(c->records, json_object_ref(json_node_get_object(root)));
  return TRUE;
}

static gboolean write_csv(SbStore *store, const char *type, FILE *out, GError **error) {
  Collect c = {g_ptr_array_new_with_free_func((GDestroyNotify)json_object_unref), type};
  if (!sb_store_export(store, type, collect, &c, error)) {
    g_ptr_array_unref(c.records);
    return FALSE;
  }
  g_autoptr(GPtrArray) cols = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < c.records->len; i++) record_columns(c.records->pdata[i], cols, seen);
  GString *line = g_string_new("\xef\xbb\xbf"); /* BOM: Excel reads UTF-8 */
  for (guint j = 0; j < cols->len; j++) {
    if (j) g_string_append_c(line, ',');
    csv_field(line, cols->pdata[j]);
  }
  g_string_append(line, "\r\n");
  fputs(line->str, out);
  GString *cell = g_string_new(NULL);
  for (guint i = 0; i < c.records->len; i++) {
    g_string_truncate(line, 0);
    for (guint j = 0; j < cols->len; j++) {
      g_string_truncate(cell, 0);
      value_text(column_value(c.records->pdata[i], cols->pdata[j]), cell);
      if (j) g_string_append_c(line, ',');
      csv_field(line, cell->str);
    }
    g_string_append(line, "\r\n");
    fputs(line->str, out);
  }
  g_string_free(cell, TRUE);
  g_string_free(line, TRUE);
  g_ptr_array_unref(c.records);
  if (fflush(out) != 0 || ferror(out)) {
    g_set_error(error, SB_ERROR, SB_ERROR_IO, "export: write error: %s", g_strerror(errno));
    return FALSE;
  }
  return TRUE;
}

static const char *const csv_types[] = {"document", "plan_project", "plan_summary", "circular",
                                        "kpi", NULL};

gboolean sb_export_csv(SbStore *store, const char *type, FILE *out, const char *dir,
                       GError **error) {
  if (type) return write_csv(store, type, out, error);
  if (g_mkdir_with_parents(dir, 0775) != 0) {
    g_set_error(error, SB_ERROR, SB_ERROR_IO, "cannot make %s: %s", dir, g_strerror(errno));
    return FALSE;
  }
  for (guint i = 0; csv_types[i]; i++) {
    g_autofree char *name = g_strdup_printf("%s/%s.csv", dir, csv_types[i]);
    FILE *f = fopen(name, "wb");
    if (!f) {
      g_set_error(error, SB_ERROR, SB_ERROR_IO, "cannot write %s: %s", name, g_strerror(errno));
      return FALSE;
    }
    gboolean ok = write_csv(store, csv_types[i], f, error);
    if (fclose(f) != 0 && ok) {
      g_set_error(error, SB_ERROR, SB_ERROR_IO, "cannot write %s: %s", name, g_strerror(errno));
      ok = FALSE;
    }
    if (!ok) return FALSE;
  }
  return TRUE;
}
