/*
 * store.c: the dataset in SQLite (see store.h for the contract).
 *
 * Notes:
 *  1. Schema versions.  migrations[i] takes a dataset from user_version i
 *     to i + 1, inside one transaction with the version bump; a dataset
 *     newer than this build is refused, never written.
 *  2. Typed record tables.  The columns of plan_project, plan_summary,
 *     circular and kpi are the contract's field names (records.md),
 *     listed once in record_types[]; the CREATE and INSERT statements are
 *     built from that list.  Lists and objects are stored as JSON text.
 *  3. Search.  Each page's normalized text and each record's text values
 *     are indexed with a ZERO WIDTH SPACE at every word boundary ICU
 *     finds (sb_word_breaks); the FTS5 tokenizer treats it as a separator
 *     and keeps Thai vowel and tone marks (categories M*) inside tokens.
 *     Removing the marks from a snippet gives the original text back.
 *  4. Current versions.  documents.current is 1 for the version of a
 *     source path made current last (current_since); superseded rows stay.
 */
#include "store.h"

#include <sqlite3.h>
#include <string.h>

#include "../normalize/normalize.h"

#define ZWSP "\xe2\x80\x8b"

struct SbStore {
  sqlite3 *db;
  GMutex lock;
  gboolean readonly;
};

/* Column lists of the typed record tables: "name TYPE", contract order. */
typedef struct {
  const char *type;
  const char *const *columns;
} RecordType;

static const char *const plan_project_cols[] = {
    "page INTEGER", "budget_kind TEXT", "fiscal_year_be INTEGER", "strategy_no INTEGER",
    "strategy TEXT", "tactic_no INTEGER", "tactic TEXT", "name TEXT", "activities JSON",
    "target TEXT", "indicator TEXT", "budget_baht INTEGER", "budget_note TEXT",
    "quarters JSON", "units JSON", NULL};
static const char *const plan_summary_cols[] = {
    "page INTEGER", "budget_kind TEXT", "strategy_no INTEGER", "strategy TEXT",
    "declared_projects INTEGER", "declared_budget_baht INTEGER", "found_projects INTEGER",
    "found_budget_baht INTEGER", "consistent INTEGER", NULL};
static const char *const circular_cols[] = {
    "pages JSON", "urgency TEXT", "doc_no TEXT", "date TEXT", "date_be TEXT", "issuer TEXT",
    "address TEXT", "subject TEXT", "to TEXT", "attachments JSON", "references JSON",
    "signer JSON", "contact JSON", "deadlines JSON", "urls JSON", "received JSON", "body TEXT",
    NULL};
static const char *const kpi_cols[] = {"page INTEGER", "indicator TEXT", "targets JSON",
                                       "unit TEXT", "owner TEXT", "support TEXT", NULL};

static const RecordType record_types[] = {
    {"plan_project", plan_project_cols},
    {"plan_summary", plan_summary_cols},
    {"circular", circular_cols},
    {"kpi", kpi_cols},
};

static const RecordType *record_type(const char *type) {
  for (guint i = 0; i < G_N_ELEMENTS(record_types); i++)
    if (!g_strcmp0(record_types[i].type, type)) return &record_types[i];
  return NULL;
}

/* the column name of "name TYPE" */
static char *column_name(const char *col) { return g_strndup(col, strcspn(col, " ")); }

static gboolean fail(SbStore *s, GError **error, const char *what) {
  g_set_error(error, SB_ERROR, SB_ERROR_IO, "dataset: %s: %s", what, sqlite3_errmsg(s->db));
  return FALSE;
}

static gboolean exec(SbStore *s, const char *sql, GError **error) {
  char *msg = NULL;
  if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK) return TRUE;
  g_set_error(error, SB_ERROR, SB_ERROR_IO, "dataset: %s", msg ? msg : sqlite3_errmsg(s->db));
  sqlite3_free(msg);
  return FALSE;
}

static sqlite3_stmt *prepare(SbStore *s, const char *sql, GError **error) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
    fail(s, error, "prepare");
    return NULL;
  }
  return st;
}

/* g_auto(sqlite3_stmt_p): a statement finalized when it goes out of scope */
typedef sqlite3_stmt *sqlite3_stmt_p;
static void finalize(sqlite3_stmt *st) { sqlite3_finalize(st); }
G_DEFINE_AUTO_CLEANUP_FREE_FUNC(sqlite3_stmt_p, finalize, NULL)

static void bind_text(sqlite3_stmt *st, int i, const char *v) {
  if (v) sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(st, i);
}

static char *now_iso(void) {
  g_autoptr(GDateTime) t = g_date_time_new_now_utc();
  return g_date_time_format(t, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* ---- schema (note 1) ---- */

static char *schema_v1(void) {
  GString *q = g_string_new(
      "CREATE TABLE documents ("
      " sha256 TEXT PRIMARY KEY, source TEXT NOT NULL, pages INTEGER, kind TEXT,"
      " page_sources JSON, bytes INTEGER, json TEXT NOT NULL,"
      " ingested_at TEXT NOT NULL, current INTEGER NOT NULL DEFAULT 1,"
      " current_since TEXT NOT NULL, superseded_by TEXT);"
      "CREATE INDEX documents_source ON documents(source, current);"
      "CREATE TABLE pages ("
      " doc TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,"
      " page INTEGER NOT NULL, source TEXT, text TEXT, normalized TEXT, confidence REAL,"
      " json TEXT NOT NULL, PRIMARY KEY (doc, page));"
      "CREATE TABLE records ("
      " doc TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,"
      " seq INTEGER NOT NULL, type TEXT NOT NULL, json TEXT NOT NULL,"
      " PRIMARY KEY (doc, seq));"
      "CREATE INDEX records_type ON records(type);"
      "CREATE TABLE ocr_cache (key TEXT PRIMARY KEY, value BLOB NOT NULL,"
      " created_at TEXT NOT NULL);"
      "CREATE VIRTUAL TABLE search USING fts5(words, doc UNINDEXED, page UNINDEXED,"
      " type UNINDEXED, seq UNINDEXED,"
      " tokenize = \"unicode61 remove_diacritics 0 categories 'L* N* Co M*'\");");
  for (guint i = 0; i < G_N_ELEMENTS(record_types); i++) {
    const RecordType *rt = &record_types[i];
    g_string_append_printf(q,
                           "CREATE TABLE %s (doc TEXT NOT NULL REFERENCES documents(sha256)"
                           " ON DELETE CASCADE, seq INTEGER NOT NULL",
                           rt->type);
    for (const char *const *c = rt->columns; *c; c++) {
      g_autofree char *name = column_name(*c);
      g_string_append_printf(q, ", \"%s\"%s", name, *c + strlen(name));
    }
    g_string_append(q, ", PRIMARY KEY (doc, seq));");
  }
  return g_string_free(q, FALSE);
}

typedef char *(*Migration)(void);
static const Migration migrations[SB_STORE_SCHEMA] = {schema_v1};

static int user_version(SbStore *s) {
  g_auto(sqlite3_stmt_p) st = prepare(s, "PRAGMA user_version", NULL);
  if (!st || sqlite3_step(st) != SQLITE_ROW) return -1;
  return sqlite3_column_int(st, 0);
}

static gboolean migrate(SbStore *s, GError **error) {
  for (;;) {
    if (!exec(s, "BEGIN IMMEDIATE", error)) return FALSE;
    int v = user_version(s);
    if (v < 0) {
      exec(s, "ROLLBACK", NULL);
      return fail(s, error, "reading the schema version");
    }
    if (v >= SB_STORE_SCHEMA) {
      exec(s, "ROLLBACK", NULL);
      if (v > SB_STORE_SCHEMA) {
        g_set_error(error, SB_ERROR, SB_ERROR_UNSUPPORTED,
                    "dataset: schema version %d is newer than this saraban's (%d): "
                    "upgrade saraban",
                    v, SB_STORE_SCHEMA);
        return FALSE;
      }
      return TRUE;
    }
    g_autofree char *sql = migrations[v]();
    g_autofree char *bump = g_strdup_printf("PRAGMA user_version = %d", v + 1);
    if (!exec(s, sql, error) || !exec(s, bump, error) || !exec(s, "COMMIT", error)) {
      exec(s, "ROLLBACK", NULL);
      return FALSE;
    }
  }
}

SbStore *sb_store_open(const char *path, gboolean readonly, GError **error) {
  SbStore *s = g_new0(SbStore, 1);
  g_mutex_init(&s->lock);
  s->readonly = readonly;
  int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
    g_set_error(error, SB_ERROR, SB_ERROR_IO, "dataset %s: %s", path,
                s->db ? sqlite3_errmsg(s->db) : "out of memory");
    sb_store_close(s);
    return NULL;
  }
  sqlite3_busy_timeout(s->db, 30000);
  sqlite3_extended_result_codes(s->db, 1);
  if (!exec(s, "PRAGMA foreign_keys = ON", error)) goto bad;
  if (!readonly) {
    if (!exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", error) ||
        !migrate(s, error))
      goto bad;
  } else {
    int v = user_version(s);
    if (v != SB_STORE_SCHEMA) {
      g_set_error(error, SB_ERROR, v > SB_STORE_SCHEMA ? SB_ERROR_UNSUPPORTED : SB_ERROR_IO,
                  "dataset %s: schema version %d, this saraban reads %d", path, v,
                  SB_STORE_SCHEMA);
      goto bad;
    }
  }
  return s;
bad:
  g_prefix_error(error, "%s: ", path);
  sb_store_close(s);
  return NULL;
}

void sb_store_close(SbStore *s) {
  if (!s) return;
  sqlite3_close_v2(s->db);
  g_mutex_clear(&s->lock);
  g_free(s);
}

/* ---- writing ---- */

static char *node_json(JsonNode *n) {
  g_autoptr(JsonGenerator) g = json_generator_new();
  json_generator_set_root(g, n);
  return json_generator_to_data(g, NULL);
}

static char *object_json(JsonObject *o) {
  g_autoptr(JsonNode) n = json_node_new(JSON_NODE_OBJECT);
  json_node_set_object(n, o);
  return node_json(n);
}

static const char *member_string(JsonObject *o, const char *name) {
  JsonNode *n = json_object_get_member(o, name);
  return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
             ? json_node_get_string(n)
             : NULL;
}

static gint64 member_int(JsonObject *o, const char *name, gint64 dflt) {
  JsonNode *n = json_object_get_member(o, name);
  return n && JSON_NODE_HOLDS_VALUE(n) ? json_node_get_int(n) : dflt;
}

/* binds a JSON value to a typed column: scalars as themselves, lists and
 * objects as JSON text */
static void bind_node(sqlite3_stmt *st, int i, JsonNode *n) {
  if (!n || JSON_NODE_HOLDS_NULL(n)) {
    sqlite3_bind_null(st, i);
  } else if (JSON_NODE_HOLDS_VALUE(n)) {
    GType t = json_node_get_value_type(n);
    if (t == G_TYPE_STRING) bind_text(st, i, json_node_get_string(n));
    else if (t == G_TYPE_BOOLEAN) sqlite3_bind_int(st, i, json_node_get_boolean(n));
    else if (t == G_TYPE_DOUBLE) sqlite3_bind_double(st, i, json_node_get_double(n));
    else sqlite3_bind_int64(st, i, json_node_get_int(n));
  } else {
    g_autofree char *j = node_json(n);
    bind_text(st, i, j);
  }
}

/* every string value of a record, for the index (note 3) */
static void collect_text(JsonNode *n, const char *key, GString *out) {
  if (!n) return;
  if (key && (!strcmp(key, "doc") || !strcmp(key, "type") || !strcmp(key, "sha256"))) return;
  if (JSON_NODE_HOLDS_OBJECT(n)) {
    JsonObjectIter it;
    const char *k;
    JsonNode *v;
    json_object_iter_init(&it, json_node_get_object(n));
    while (json_object_iter_next(&it, &k, &v)) collect_text(v, k, out);
  } else if (JSON_NODE_HOLDS_ARRAY(n)) {
    JsonArray *a = json_node_get_array(n);
    for (guint i = 0; i < json_array_get_length(a); i++)
      collect_text(json_array_get_element(a, i), NULL, out);
  } else if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING) {
    if (out->len) g_string_append_c(out, '\n');
    g_string_append(out, json_node_get_string(n));
  }
}

static gboolean index_text(SbStore *s, sqlite3_stmt *st, const char *doc, guint page,
                           const char *type, guint seq, const char *text, GError **error) {
  if (!text || !*text) return TRUE;
  g_autofree char *words = sb_word_breaks(text, ZWSP);
  sqlite3_reset(st);
  bind_text(st, 1, words);
  bind_text(st, 2, doc);
  sqlite3_bind_int(st, 3, (int)page);
  bind_text(st, 4, type);
  sqlite3_bind_int(st, 5, (int)seq);
  return sqlite3_step(st) == SQLITE_DONE || fail(s, error, "indexing");
}

/* one record into its typed table; *@st is the table's INSERT, prepared
 * on first use and kept by the caller for the document's other records */
static gboolean put_typed(SbStore *s, const RecordType *rt, sqlite3_stmt **st_p, const char *doc,
                          guint seq, JsonObject *o, GError **error) {
  if (!*st_p) {
    GString *q = g_string_new(NULL);
    g_string_append_printf(q, "INSERT INTO %s VALUES (?, ?", rt->type);
    for (const char *const *c = rt->columns; *c; c++) g_string_append(q, ", ?");
    g_string_append(q, ")");
    g_autofree char *sql = g_string_free(q, FALSE);
    if (!(*st_p = prepare(s, sql, error))) return FALSE;
  }
  sqlite3_stmt *st = *st_p;
  sqlite3_reset(st);
  bind_text(st, 1, doc);
  sqlite3_bind_int(st, 2, (int)seq);
  int i = 3;
  for (const char *const *c = rt->columns; *c; c++, i++) {
    g_autofree char *name = column_name(*c);
    bind_node(st, i, json_object_get_member(o, name));
  }
  return sqlite3_step(st) == SQLITE_DONE || fail(s, error, rt->type);
}

static gboolean put_rows_with(SbStore *s, sqlite3_stmt **typed, const char *doc,
                              GPtrArray *records, GPtrArray *pages, GError **error);

static gboolean put_rows(SbStore *s, const char *doc, GPtrArray *records, GPtrArray *pages,
                         GError **error) {
  sqlite3_stmt *typed[G_N_ELEMENTS(record_types)] = {0};
  gboolean ok = put_rows_with(s, typed, doc, records, pages, error);
  for (guint i = 0; i < G_N_ELEMENTS(typed); i++) sqlite3_finalize(typed[i]);
  return ok;
}

static gboolean put_rows_with(SbStore *s, sqlite3_stmt **typed, const char *doc,
                              GPtrArray *records, GPtrArray *pages, GError **error) {
  g_auto(sqlite3_stmt_p) rec = prepare(s, "INSERT INTO records VALUES (?, ?, ?, ?)", error);
  g_auto(sqlite3_stmt_p) pg = prepare(s, "INSERT INTO pages VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  g_auto(sqlite3_stmt_p) ix = prepare(s, "INSERT INTO search VALUES (?, ?, ?, ?, ?)", error);
  if (!rec || !pg || !ix) return FALSE;
  for (guint i = 1; i < records->len; i++) {
    JsonObject *o = records->pdata[i];
    const char *type = member_string(o, "type");
    g_autofree char *json = object_json(o);
    sqlite3_reset(rec);
    bind_text(rec, 1, doc);
    sqlite3_bind_int(rec, 2, (int)i);
    bind_text(rec, 3, type ? type : "unknown");
    bind_text(rec, 4, json);
    if (sqlite3_step(rec) != SQLITE_DONE) return fail(s, error, "records");
    const RecordType *rt = record_type(type);
    if (rt && !put_typed(s, rt, &typed[rt - record_types], doc, i, o, error)) return FALSE;
    guint page = (guint)member_int(o, "page", 0);
    JsonNode *pages_n = json_object_get_member(o, "pages");
    if (!page && pages_n && JSON_NODE_HOLDS_ARRAY(pages_n) &&
        json_array_get_length(json_node_get_array(pages_n)))
      page = (guint)json_array_get_int_element(json_node_get_array(pages_n), 0);
    g_autoptr(JsonNode) root = json_node_new(JSON_NODE_OBJECT);
    json_node_set_object(root, o);
    GString *text = g_string_new(NULL);
    collect_text(root, NULL, text);
    gboolean ok = index_text(s, ix, doc, page, type, i, text->str, error);
    g_string_free(text, TRUE);
    if (!ok) return FALSE;
  }
  for (guint i = 0; pages && i < pages->len; i++) {
    JsonObject *o = pages->pdata[i];
    g_autofree char *json = object_json(o);
    guint page = (guint)member_int(o, "page", i + 1);
    sqlite3_reset(pg);
    bind_text(pg, 1, doc);
    sqlite3_bind_int(pg, 2, (int)page);
    bind_text(pg, 3, member_string(o, "source"));
    bind_text(pg, 4, member_string(o, "text"));
    bind_text(pg, 5, member_string(o, "normalized"));
    bind_node(pg, 6, json_object_get_member(o, "confidence"));
    bind_text(pg, 7, json);
    if (sqlite3_step(pg) != SQLITE_DONE) return fail(s, error, "pages");
    if (!index_text(s, ix, doc, page, "page", 0, member_string(o, "normalized"), error))
      return FALSE;
  }
  return TRUE;
}

/* makes @sha current for @source and every other version not (note 4) */
static gboolean make_current(SbStore *s, const char *sha, const char *source, GError **error) {
  g_autofree char *now = now_iso();
  g_auto(sqlite3_stmt_p) old = prepare(
      s, "UPDATE documents SET current = 0, superseded_by = ?1 WHERE source = ?2 AND sha256 <> ?1"
         " AND current = 1", error);
  g_auto(sqlite3_stmt_p) cur = prepare(
      s, "UPDATE documents SET current = 1, current_since = ?2, superseded_by = NULL"
         " WHERE sha256 = ?1", error);
  if (!old || !cur) return FALSE;
  bind_text(old, 1, sha);
  bind_text(old, 2, source);
  bind_text(cur, 1, sha);
  bind_text(cur, 2, now);
  return (sqlite3_step(old) == SQLITE_DONE && sqlite3_step(cur) == SQLITE_DONE) ||
         fail(s, error, "versions");
}

/* the stored row of @sha: FALSE when absent (or on error, then @error is
 * set); *source and *current filled */
static gboolean lookup(SbStore *s, const char *sha, char **source, gboolean *current,
                       GError **error) {
  g_auto(sqlite3_stmt_p) st =
      prepare(s, "SELECT source, current FROM documents WHERE sha256 = ?", error);
  if (!st) return FALSE;
  bind_text(st, 1, sha);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    if (rc != SQLITE_DONE) fail(s, error, "lookup");
    return FALSE;
  }
  if (source) *source = g_strdup((const char *)sqlite3_column_text(st, 0));
  if (current) *current = sqlite3_column_int(st, 1);
  return TRUE;
}

static gboolean source_has_current(SbStore *s, const char *source) {
  g_auto(sqlite3_stmt_p) st =
      prepare(s, "SELECT 1 FROM documents WHERE source = ? AND current = 1", NULL);
  if (!st) return FALSE;
  bind_text(st, 1, source);
  return sqlite3_step(st) == SQLITE_ROW;
}

gboolean sb_store_has(SbStore *s, const char *sha256, GError **error) {
  g_mutex_lock(&s->lock);
  gboolean r = lookup(s, sha256, NULL, NULL, error);
  g_mutex_unlock(&s->lock);
  return r;
}

/* Is @sha stored, not current, under @source: an old version to make
 * current again?  -1 on a read error (@error set). */
static int reverts(SbStore *s, const char *sha, const char *source, GError **error) {
  g_autofree char *stored_source = NULL;
  gboolean current = FALSE;
  GError *err = NULL;
  if (lookup(s, sha, &stored_source, &current, &err))
    return !current && !g_strcmp0(stored_source, source);
  if (!err) return 0;
  g_propagate_error(error, err);
  return -1;
}

int sb_store_touch(SbStore *s, const char *sha256, const char *source, GError **error) {
  g_mutex_lock(&s->lock);
  /* a read first: an unchanged file (every file of a nightly re-run)
   * costs no write transaction */
  int rev = reverts(s, sha256, source, error);
  int r = rev < 0 ? -1 : SB_PUT_UNCHANGED;
  if (rev > 0) {
    if (!exec(s, "BEGIN IMMEDIATE", error)) {
      r = -1;
    } else {
      /* looked at again under the write lock: another process may have
       * made it current meanwhile */
      rev = reverts(s, sha256, source, error);
      if (rev < 0)
        r = -1;
      else if (rev > 0)
        r = make_current(s, sha256, source, error) ? SB_PUT_REVERTED : -1;
      if (!exec(s, r < 0 ? "ROLLBACK" : "COMMIT", r < 0 ? NULL : error)) r = -1;
    }
  }
  g_mutex_unlock(&s->lock);
  return r;
}

/* the new document's rows, inside the caller's transaction */
static gboolean put_new(SbStore *s, JsonObject *d, const char *sha, const char *source,
                        GPtrArray *records, GPtrArray *pages, GError **error) {
  g_autofree char *json = object_json(d);
  g_autofree char *now = now_iso();
  JsonNode *ps = json_object_get_member(d, "page_sources");
  g_autofree char *ps_json = ps ? node_json(ps) : NULL;
  g_auto(sqlite3_stmt_p) st = prepare(
      s, "INSERT INTO documents (sha256, source, pages, kind, page_sources, bytes, json,"
         " ingested_at, current, current_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
      error);
  if (!st) return FALSE;
  bind_text(st, 1, sha);
  bind_text(st, 2, source);
  sqlite3_bind_int64(st, 3, member_int(d, "pages", 0));
  bind_text(st, 4, member_string(d, "kind"));
  bind_text(st, 5, ps_json);
  sqlite3_bind_int64(st, 6, member_int(d, "bytes", 0));
  bind_text(st, 7, json);
  bind_text(st, 8, now);
  bind_text(st, 9, now);
  if (sqlite3_step(st) != SQLITE_DONE) return fail(s, error, "documents");
  return put_rows(s, sha, records, pages, error) && make_current(s, sha, source, error);
}

int sb_store_put(SbStore *s, GPtrArray *records, GPtrArray *pages, GError **error) {
  JsonObject *d = records && records->len ? records->pdata[0] : NULL;
  const char *sha = d ? member_string(d, "sha256") : NULL;
  const char *source = d ? member_string(d, "source") : NULL;
  if (!sha || !source || g_strcmp0(member_string(d, "type"), "document")) {
    g_set_error(error, SB_ERROR, SB_ERROR_INTERNAL,
                "dataset: the first record is not a document record with sha256 and source");
    return -1;
  }
  g_mutex_lock(&s->lock);
  if (!exec(s, "BEGIN IMMEDIATE", error)) {
    g_mutex_unlock(&s->lock);
    return -1;
  }
  if (lookup(s, sha, NULL, NULL, NULL)) { /* another process was first */
    exec(s, "ROLLBACK", NULL);
    g_mutex_unlock(&s->lock);
    return sb_store_touch(s, sha, source, error);
  }
  gboolean had = source_has_current(s, source);
  int r = -1;
  if (put_new(s, d, sha, source, records, pages, error) && exec(s, "COMMIT", error))
    r = had ? SB_PUT_SUPERSEDED : SB_PUT_ADDED;
  else
    exec(s, "ROLLBACK", NULL);
  g_mutex_unlock(&s->lock);
  return r;
}

/* ---- reading ---- */

gboolean sb_store_export(SbStore *s, const char *type, SbExportFunc fn, gpointer data,
                         GError **error) {
  const char *sql;
  if (!type)
    sql = "SELECT 'document', d.json, d.source, d.sha256, 0 FROM documents d WHERE d.current"
          " UNION ALL SELECT r.type, r.json, d.source, d.sha256, r.seq FROM records r"
          " JOIN documents d ON d.sha256 = r.doc WHERE d.current ORDER BY 3, 4, 5";
  else if (!strcmp(type, "document"))
    sql = "SELECT 'document', json FROM documents WHERE current ORDER BY source, sha256";
  else if (!strcmp(type, "page"))
    sql = "SELECT 'page', p.json FROM pages p JOIN documents d ON d.sha256 = p.doc"
          " WHERE d.current ORDER BY d.source, d.sha256, p.page";
  else
    sql = "SELECT r.type, r.json FROM records r JOIN documents d ON d.sha256 = r.doc"
          " WHERE d.current AND r.type = ?1 ORDER BY d.source, d.sha256, r.seq";
  g_mutex_lock(&s->lock);
  gboolean ok = TRUE;
  sqlite3_stmt *st = prepare(s, sql, error);
  if (!st) ok = FALSE;
  else {
    if (type && sqlite3_bind_parameter_count(st)) bind_text(st, 1, type);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
      if (!fn((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
              data))
        break;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) ok = fail(s, error, "export");
    sqlite3_finalize(st);
  }
  g_mutex_unlock(&s->lock);
  return ok;
}

void sb_hit_free(SbHit *h) {
  if (!h) return;
  g_free(h->doc);
  g_free(h->source);
  g_free(h->type);
  g_free(h->snippet);
  g_free(h->json);
  g_free(h);
}

static char *strip_zwsp(const char *t) {
  g_auto(GStrv) parts = g_strsplit(t ? t : "", ZWSP, -1);
  return g_strjoinv("", parts);
}

/* an FTS5 string: "..." with inner quotes doubled */
static void append_fts_string(GString *q, const char *w) {
  g_string_append_c(q, '"');
  for (const char *p = w; *p; p++) {
    if (*p == '"') g_string_append_c(q, '"');
    g_string_append_c(q, *p);
  }
  g_string_append_c(q, '"');
}

static gboolean run_search(SbStore *s, const char *match, guint limit, GPtrArray *hits,
                           GError **error) {
  g_auto(sqlite3_stmt_p) st = prepare(
      s,
      "SELECT bm25(search), search.doc, d.source, search.type, search.page, search.seq,"
      " snippet(search, 0, '[', ']', '…', 16),"
      " CASE WHEN search.type = 'page' THEN"
      "  (SELECT json FROM pages p WHERE p.doc = search.doc AND p.page = search.page)"
      " ELSE (SELECT json FROM records r WHERE r.doc = search.doc AND r.seq = search.seq) END"
      " FROM search JOIN documents d ON d.sha256 = search.doc"
      " WHERE search MATCH ?1 AND d.current ORDER BY bm25(search) LIMIT ?2",
      error);
  if (!st) return FALSE;
  bind_text(st, 1, match);
  sqlite3_bind_int(st, 2, (int)limit);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    SbHit *h = g_new0(SbHit, 1);
    h->score = sqlite3_column_double(st, 0);
    h->doc = g_strdup((const char *)sqlite3_column_text(st, 1));
    h->source = g_strdup((const char *)sqlite3_column_text(st, 2));
    h->type = g_strdup((const char *)sqlite3_column_text(st, 3));
    h->page = (guint)sqlite3_column_int(st, 4);
    h->seq = (guint)sqlite3_column_int(st, 5);
    h->snippet = strip_zwsp((const char *)sqlite3_column_text(st, 6));
    h->json = g_strdup((const char *)sqlite3_column_text(st, 7));
    g_ptr_array_add(hits, h);
  }
  return rc == SQLITE_DONE || fail(s, error, "search");
}

GPtrArray *sb_store_search(SbStore *s, const char *query, guint limit, GError **error) {
  if (!limit) limit = 20;
  g_autofree char *norm = sb_normalize_text(query ? query : "");
  g_autofree char *words = sb_thai_words(norm);
  g_auto(GStrv) w = g_strsplit(words ? words : "", " ", -1);
  GPtrArray *hits = g_ptr_array_new_with_free_func((GDestroyNotify)sb_hit_free);
  if (!w[0] || !*w[0]) return hits;
  /* the words as one phrase, then near each other */
  GString *phrase = g_string_new(NULL);
  g_autofree char *joined = g_strjoinv(" ", w);
  append_fts_string(phrase, joined);
  GString *near = g_string_new("NEAR(");
  for (guint i = 0; w[i]; i++) {
    if (i) g_string_append_c(near, ' ');
    append_fts_string(near, w[i]);
  }
  g_string_append(near, ", 8)");
  g_mutex_lock(&s->lock);
  gboolean ok = run_search(s, phrase->str, limit, hits, error);
  if (ok && !hits->len && g_strv_length(w) > 1) ok = run_search(s, near->str, limit, hits, error);
  g_mutex_unlock(&s->lock);
  g_string_free(phrase, TRUE);
  g_string_free(near, TRUE);
  if (!ok) g_clear_pointer(&hits, g_ptr_array_unref);
  return hits;
}

gboolean sb_store_counts(SbStore *s, SbStoreCounts *c, GError **error) {
  memset(c, 0, sizeof *c);
  g_mutex_lock(&s->lock);
  g_auto(sqlite3_stmt_p) st = prepare(
      s,
      "SELECT (SELECT count(*) FROM documents WHERE current),"
      " (SELECT count(*) FROM pages p JOIN documents d ON d.sha256 = p.doc WHERE d.current),"
      " (SELECT count(*) FROM records r JOIN documents d ON d.sha256 = r.doc WHERE d.current),"
      " (SELECT count(*) FROM ocr_cache)",
      error);
  gboolean ok = st && sqlite3_step(st) == SQLITE_ROW;
  if (ok) {
    c->documents = (guint)sqlite3_column_int(st, 0);
    c->pages = (guint)sqlite3_column_int(st, 1);
    c->records = (guint)sqlite3_column_int(st, 2);
    c->cached_pages = (guint)sqlite3_column_int(st, 3);
  } else if (st) {
    fail(s, error, "counting");
  }
  g_mutex_unlock(&s->lock);
  return ok;
}

/* ---- OCR cache ---- */

GBytes *sb_store_cache_get(SbStore *s, const char *key) {
  g_mutex_lock(&s->lock);
  GBytes *b = NULL;
  g_auto(sqlite3_stmt_p) st = prepare(s, "SELECT value FROM ocr_cache WHERE key = ?", NULL);
  if (st) {
    bind_text(st, 1, key);
    if (sqlite3_step(st) == SQLITE_ROW)
      b = g_bytes_new(sqlite3_column_blob(st, 0), (gsize)sqlite3_column_bytes(st, 0));
  }
  g_mutex_unlock(&s->lock);
  return b;
}

gboolean sb_store_cache_put(SbStore *s, const char *key, GBytes *value, GError **error) {
  g_mutex_lock(&s->lock);
  g_autofree char *now = now_iso();
  g_auto(sqlite3_stmt_p) st =
      prepare(s, "INSERT OR IGNORE INTO ocr_cache VALUES (?, ?, ?)", error);
  gboolean ok = FALSE;
  if (st) {
    gsize n = 0;
    gconstpointer p = g_bytes_get_data(value, &n);
    bind_text(st, 1, key);
    sqlite3_bind_blob(st, 2, p, (int)n, SQLITE_TRANSIENT);
    bind_text(st, 3, now);
    ok = sqlite3_step(st) == SQLITE_DONE || fail(s, error, "ocr cache");
  }
  g_mutex_unlock(&s->lock);
  return ok;
}

/* ---- merge ---- */

static char *merge_sql(void) {
  GString *q = g_string_new(
      "BEGIN IMMEDIATE;"
      "CREATE TEMP TABLE new_docs AS SELECT sha256 FROM src.documents"
      " WHERE sha256 NOT IN (SELECT sha256 FROM main.documents);"
      "INSERT INTO main.documents SELECT * FROM src.documents"
      " WHERE sha256 IN (SELECT sha256 FROM new_docs);"
      "INSERT INTO main.pages SELECT * FROM src.pages WHERE doc IN (SELECT sha256 FROM new_docs);"
      "INSERT INTO main.records SELECT * FROM src.records"
      " WHERE doc IN (SELECT sha256 FROM new_docs);"
      "INSERT INTO main.search SELECT * FROM src.search"
      " WHERE doc IN (SELECT sha256 FROM new_docs);"
      "INSERT OR IGNORE INTO main.ocr_cache SELECT * FROM src.ocr_cache;");
  for (guint i = 0; i < G_N_ELEMENTS(record_types); i++)
    g_string_append_printf(q,
                           "INSERT INTO main.%s SELECT * FROM src.%s"
                           " WHERE doc IN (SELECT sha256 FROM new_docs);",
                           record_types[i].type, record_types[i].type);
  /* one current version per source path: the one made current last */
  g_string_append(
      q,
      "CREATE TEMP TABLE winners AS SELECT s.source,"
      " (SELECT b.sha256 FROM main.documents b WHERE b.source = s.source AND b.current"
      "  ORDER BY b.current_since DESC, b.sha256 LIMIT 1) AS sha256"
      " FROM (SELECT DISTINCT source FROM main.documents WHERE current) s;"
      "UPDATE main.documents SET current = 0, superseded_by ="
      " (SELECT w.sha256 FROM temp.winners w WHERE w.source = documents.source)"
      " WHERE current AND sha256 NOT IN (SELECT sha256 FROM temp.winners);");
  return g_string_free(q, FALSE);
}

static gboolean merge_attached(SbStore *s, guint *added, GError **error) {
  g_autofree char *sql = merge_sql();
  if (!exec(s, sql, error)) {
    exec(s, "ROLLBACK", NULL);
    return FALSE;
  }
  g_auto(sqlite3_stmt_p) c = prepare(s, "SELECT count(*) FROM temp.new_docs", NULL);
  if (c && sqlite3_step(c) == SQLITE_ROW && added) *added = (guint)sqlite3_column_int(c, 0);
  if (exec(s, "COMMIT", error)) return TRUE;
  exec(s, "ROLLBACK", NULL);
  return FALSE;
}

gboolean sb_store_merge(SbStore *s, const char *from, guint *added, GError **error) {
  if (added) *added = 0;
  {
    /* refuse what is not a dataset of this schema before attaching it */
    g_autoptr(SbStore) in = sb_store_open(from, TRUE, error);
    if (!in) return FALSE;
  }
  g_mutex_lock(&s->lock);
  gboolean ok = FALSE;
  g_auto(sqlite3_stmt_p) at = prepare(s, "ATTACH DATABASE ? AS src", error);
  if (at) {
    bind_text(at, 1, from);
    if (sqlite3_step(at) != SQLITE_DONE) {
      fail(s, error, from);
    } else {
      ok = merge_attached(s, added, error);
      exec(s, "DROP TABLE IF EXISTS temp.new_docs; DROP TABLE IF EXISTS temp.winners", NULL);
      exec(s, "DETACH DATABASE src", NULL);
    }
  }
  g_mutex_unlock(&s->lock);
  return ok;
}
