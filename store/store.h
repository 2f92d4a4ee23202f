/*
 * store.h: the dataset.  Records of many documents kept in one SQLite
 * file, the way nightly jobs and the watched inbox keep them, with Thai
 * full-text search and an OCR cache.
 *
 * What is stored (schema in store.c, versioned by PRAGMA user_version and
 * brought forward by migrations on open):
 *   documents   one row per distinct file content, keyed by the SHA-256 of
 *               its bytes; the "document" record; whether it is the
 *               current version of its source path
 *   pages       text, normalized text, source and confidence per page
 *               (the "page" records of `saraban ocr`)
 *   records     every record of a document in the order parse printed it,
 *               as the JSON parse printed (export gives it back unchanged)
 *   plan_project, plan_summary, circular, kpi
 *               the same records with one column per contract field, for
 *               SQL users (lists and objects as JSON text)
 *   search      FTS5 index of page and record text, segmented into words
 *               by ICU (Thai has no spaces between words)
 *   ocr_cache   OCR results by page-image hash (opaque values from ocr/)
 *
 * Rules:
 *   - a document is its bytes: putting the same SHA-256 again changes
 *     nothing;
 *   - new bytes from the same source path supersede the old version: the
 *     old rows stay (nothing is deleted) but are no longer current, and
 *     export and search see current documents only;
 *   - a document's rows are written in one transaction: after a crash the
 *     dataset holds the old state or the new one, never half.
 *
 * SQLite runs in WAL mode (readers never block the writer) with foreign
 * keys on and synchronous=NORMAL: a killed process loses nothing that
 * was committed; a power cut may lose the last transactions, never the
 * file's integrity.
 *
 * Errors: GError, domain SB_ERROR: SB_ERROR_IO (cannot open or write the
 * file, or SQLite reports an error; the message is SQLite's),
 * SB_ERROR_UNSUPPORTED (a dataset made by a newer saraban).
 *
 * Ownership: SbStore is freed by sb_store_close(); records passed in are
 * only read; everything returned is the caller's (free functions named).
 *
 * Thread safety: one SbStore may be used from several threads (calls are
 * serialized by a lock inside); separate processes may open the same file
 * (SQLite's locking, with a busy timeout of 30 s).
 */
#ifndef SB_STORE_H
#define SB_STORE_H

#include <json-glib/json-glib.h>

#include "../core/sb.h"

G_BEGIN_DECLS

typedef struct SbStore SbStore;

/** The schema version this build writes (PRAGMA user_version). */
#define SB_STORE_SCHEMA 1

/**
 * sb_store_open:
 * @path: (in): the dataset file; created when missing (unless @readonly)
 * @readonly: open for reading only
 * Returns: (transfer full): the store, migrated to SB_STORE_SCHEMA, or
 * NULL with @error set.
 */
SbStore *sb_store_open(const char *path, gboolean readonly, GError **error);

/** sb_store_close: frees @store (NULL is fine). */
void sb_store_close(SbStore *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SbStore, sb_store_close)

/** What sb_store_put() did. */
typedef enum {
  SB_PUT_ADDED,      /**< a new document */
  SB_PUT_SUPERSEDED, /**< a new version of a source path already stored */
  SB_PUT_UNCHANGED,  /**< these bytes were already stored: nothing done */
  SB_PUT_REVERTED    /**< stored bytes made current again for their path */
} SbPutResult;

/**
 * sb_store_has:
 * @sha256: (in): lowercase hex of a file's bytes
 * Returns: TRUE when a document with these bytes is stored (current or
 * not); FALSE when not, or on error (then @error is set).
 */
gboolean sb_store_has(SbStore *store, const char *sha256, GError **error);

/**
 * sb_store_touch:
 * @sha256: (in): bytes already stored (sb_store_has())
 * @source: (in): the path they were found at
 * Returns: SB_PUT_REVERTED when @source's current version was other
 * bytes and these are made current again, else SB_PUT_UNCHANGED; -1 on
 * error.  Lets a batch skip unchanged bytes without parsing them.
 */
int sb_store_touch(SbStore *store, const char *sha256, const char *source, GError **error);

/**
 * sb_store_put:
 * @records: (in) (element-type JsonObject): what parse printed for one
 *   file, the "document" record first
 * @pages: (in, optional) (element-type JsonObject): its "page" records
 * Returns: an SbPutResult, or -1 on error (nothing written).  One
 * transaction.
 */
int sb_store_put(SbStore *store, GPtrArray *records, GPtrArray *pages, GError **error);

/**
 * SbExportFunc: called by sb_store_export() with each record (transfer
 * none) and the raw JSON it was stored as; return FALSE to stop.
 */
typedef gboolean (*SbExportFunc)(const char *type, const char *json, gpointer data);

/**
 * sb_store_export:
 * @type: (in, optional): one record type ("document", "plan_project",
 *   "page", ...); NULL for what parse prints (every type but "page")
 * Calls @fn for the records of current documents, documents ordered by
 * source path then SHA-256, records in the order parse printed them.
 * Returns: FALSE on error.
 */
gboolean sb_store_export(SbStore *store, const char *type, SbExportFunc fn, gpointer data,
                         GError **error);

/** One search result. */
typedef struct {
  double score;  /**< FTS5 bm25, lower is better */
  char *doc;     /**< SHA-256 */
  char *source;  /**< the document's path */
  char *type;    /**< "page" or a record type */
  guint page;    /**< 1-based page (0 when unknown) */
  guint seq;     /**< the record's position in its document (pages: 0) */
  char *snippet; /**< the original text around the match, match in [ ] */
  char *json;    /**< the record as stored (pages: the page record) */
} SbHit;
void sb_hit_free(SbHit *hit);

/**
 * sb_store_search:
 * @query: (in): words as a reader types them (Thai needs no spaces)
 * @limit: at most this many hits (0: 20)
 * Returns: (transfer full) (element-type SbHit): best first; NULL on
 * error.  The query is segmented by the same word breaker as the index
 * and matched as a phrase; when the phrase is not found, its words are
 * looked for near each other.
 */
GPtrArray *sb_store_search(SbStore *store, const char *query, guint limit, GError **error);

/**
 * sb_store_merge:
 * @from: (in): path of another dataset (opened read-only)
 * @added: (out, optional): documents that were new here
 * Copies in the documents @store lacks, with all their rows, and its
 * OCR cache.  Merging the same file twice changes nothing; for a source
 * path held in both, the version made current last is current.
 * Returns: FALSE on error (nothing written).
 */
gboolean sb_store_merge(SbStore *store, const char *from, guint *added, GError **error);

/**
 * sb_store_cache_get:
 * Returns: (transfer full) (nullable): the value stored under @key.
 */
GBytes *sb_store_cache_get(SbStore *store, const char *key);

/** sb_store_cache_put: stores @value under @key (first value wins). */
gboolean sb_store_cache_put(SbStore *store, const char *key, GBytes *value, GError **error);

/** Counts of what the dataset holds (current documents only). */
typedef struct {
  guint documents, pages, records, cached_pages;
} SbStoreCounts;
gboolean sb_store_counts(SbStore *store, SbStoreCounts *counts, GError **error);

G_END_DECLS

#endif /* SB_STORE_H */
