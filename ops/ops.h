/*
 * ops.h: operations.  Running saraban unattended: one file through every
 * stage, a worker process per document, batches into the dataset, the
 * watched inbox, and exports.  Everything here sits on the record
 * contract (records.md) and the dataset (store.h), not on extraction
 * internals.
 *
 *   sb_run_file      one file: ingest -> ocr -> parse, in this process
 *                    (what `saraban parse` and `saraban ocr` do)
 *   worker           the same in a child process (`saraban worker`), so
 *                    that a crash, hang or memory blow-up inside Poppler,
 *                    Leptonica or Tesseract costs one file, not the
 *                    caller: killed past a time limit, bounded in address
 *                    space, killed with its parent; its records come back
 *                    as JSON Lines on a pipe
 *   sb_batch_ingest  files and folders into the dataset (`saraban
 *                    ingest`): unchanged bytes skipped by hash before any
 *                    parsing, documents in parallel, a deterministic
 *                    shard of the inputs for one of N machines
 *   sb_watch_run     the inbox daemon (`saraban watch`): files taken once
 *                    they stop changing, moved to done/ or failed/ (with
 *                    NAME.error.txt saying why) after the dataset has
 *                    them; nothing is ever deleted
 *   sb_export_*      JSON Lines exactly as parse printed, and CSV for
 *                    spreadsheets (UTF-8 with BOM, RFC 4180 quoting)
 *
 * Errors: GError, domain SB_ERROR.  A file that fails is not an error of
 * a batch or of the daemon: it is counted, reported in one line and (in
 * the inbox) quarantined; their functions fail only when the dataset
 * cannot be written.
 *
 * Ownership: options are only read; results are the caller's (free
 * functions named with each type).
 *
 * Thread safety: sb_run_file() is reentrant.  The batch, the daemon and
 * the worker client run on the calling thread's GMainContext and must be
 * called from one thread.
 */
#ifndef SB_OPS_H
#define SB_OPS_H

#include <stdio.h>

#include <gio/gio.h>

#include "../ingest/ingest.h"
#include "../ocr/ocr.h"
#include "../store/store.h"

G_BEGIN_DECLS

/* ---- one file, in this process ---- */

/** What to produce for one file. */
typedef struct {
  SbIngestOptions ingest;
  SbOcrOptions ocr;
  gboolean records; /**< run parse: the "document" record and the rest */
  gboolean pages;   /**< the "page" records */
} SbRunOptions;

/** The outcome of sb_run_file(); clear with sb_run_clear(). */
typedef struct {
  SbDocument *doc;    /**< the document read (owned) */
  GPtrArray *records; /**< JsonObject*, the "document" record first, or NULL */
  GPtrArray *pages;   /**< JsonObject* "page" records, or NULL */
} SbRun;

/**
 * sb_run_file:
 * Returns: FALSE with @error set when the file cannot be read; the
 * message names the problem in plain words, not the file.
 */
gboolean sb_run_file(const char *path, const SbRunOptions *o, SbRun *out, GError **error);
void sb_run_clear(SbRun *run);

/** sb_print_record: @record as one JSON line on @out (json-glib). */
void sb_print_record(JsonObject *record, FILE *out);

/* ---- a worker process per document ---- */

/** How workers are started (the program itself, /proc/self/exe, with
 *  the command `worker`). */
typedef struct {
  char **args;         /**< options given to every worker (OCR, limits) */
  const char *db;      /**< dataset for the OCR cache, or NULL */
  double timeout;      /**< seconds per document; 0 = 600 */
  guint64 memory;      /**< address-space limit in bytes; 0 = none */
  guint page_jobs;     /**< pages a worker reads at once; 0 = 1 (a batch
                            sets it per document: the cores shared among
                            the documents being read) */
} SbWorkerSpec;

/** The exit status of a worker (and of the CLI) whose OCR cannot start
 *  (SB_ERROR_SETUP: a language, the digit model or the dictionary
 *  missing). */
#define SB_WORKER_EXIT_SETUP 5

/** What a worker gave back; free with sb_work_result_free(). */
typedef struct {
  gboolean ok;
  char *error;        /**< why it failed, in plain words (when !ok) */
  GPtrArray *records; /**< JsonObject*, the "document" record first */
  GPtrArray *pages;   /**< JsonObject* "page" records */
  guint ocr_pages;    /**< pages read by OCR, cached ones included */
  guint ocr_cached;   /**< of those, taken from the OCR cache */
  double seconds;
  gboolean cancelled; /**< killed because the caller cancelled it */
  gboolean setup;     /**< the worker could not start its OCR
                           (SB_WORKER_EXIT_SETUP): no fault of the file */
} SbWorkResult;
void sb_work_result_free(SbWorkResult *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SbWorkResult, sb_work_result_free)

/** Called on the main context when a worker ends; @result is owned by
 *  the callee. */
typedef void (*SbWorkDone)(const char *path, SbWorkResult *result, gpointer data);

/**
 * sb_worker_start:
 * @cancel: (in, optional): cancelling it kills the worker
 * Starts `saraban worker` on @path; @done is called once, from the
 * thread-default main context, whatever happens (failure to start, crash,
 * time limit, cancellation, bad output included).
 */
void sb_worker_start(const SbWorkerSpec *spec, const char *path, GCancellable *cancel,
                     SbWorkDone done, gpointer data);

/**
 * sb_worker_main:
 * The child's side (`saraban worker FILE`): runs @path with @o, using
 * the OCR cache of @db when given, and prints the records, the page
 * records and a last "worker" line of counts, as JSON Lines on @out.
 * Returns: FALSE with @error set when the file cannot be read.
 */
gboolean sb_worker_main(const char *path, SbRunOptions *o, const char *db, FILE *out,
                        GError **error);

/* ---- batches ---- */

typedef struct {
  SbWorkerSpec worker;
  const char *db;
  guint jobs;               /**< documents at once; 0 = 1 */
  guint shard_k, shard_n;   /**< take only share K of N (0 <= K < N); N = 0: all */
  gboolean progress;        /**< a progress bar (stderr is a terminal) */
} SbBatchOptions;

typedef struct {
  guint files, added, superseded, reverted, unchanged, failed;
  guint setup; /**< of the failed, those whose OCR could not start
                    (SbWorkResult.setup) */
  guint pages, ocr_pages, ocr_cached;
  double seconds;
} SbBatchSummary;

/**
 * sb_batch_ingest:
 * @paths: (in): files and folders (folders walked recursively for PDFs
 *   and page images; files named are always taken)
 * Each failed file is reported on stderr as `saraban: FILE: reason`.
 * Returns: FALSE only when the dataset cannot be opened or written.
 */
gboolean sb_batch_ingest(char **paths, const SbBatchOptions *o, SbBatchSummary *summary,
                         GError **error);

/**
 * sb_file_sha256:
 * Returns: (transfer full): lowercase hex SHA-256 of the file's bytes,
 * read in chunks (nothing parses them), or NULL with @error set.
 */
char *sb_file_sha256(const char *path, GError **error);

/**
 * sb_shard_of:
 * Returns: the share (0 <= K < @n) that @name belongs to: its SHA-256
 * modulo @n, the same on every machine.
 */
guint sb_shard_of(const char *name, guint n);

/* ---- the watched inbox ---- */

typedef struct {
  SbWorkerSpec worker;
  const char *db;
  const char *inbox;
  const char *done_dir;   /**< NULL: INBOX/done */
  const char *failed_dir; /**< NULL: INBOX/failed */
  double settle;          /**< seconds a file must stay unchanged; 0 = 5 */
  double poll;            /**< rescan every POLL seconds (network shares);
                               0 = inotify events (and a rescan a minute) */
  guint jobs;             /**< documents at once; 0 = 1 */
  const char *log_path;   /**< log file (reopened on SIGHUP); NULL: stderr */
} SbWatchOptions;

/**
 * sb_watch_run:
 * Runs until SIGTERM or SIGINT: takes what is in the inbox already, then
 * each file that arrives.  The first signal stops taking files and lets
 * the ones being read finish; a second one kills their workers and leaves
 * those files in the inbox, untouched, for the next start.  A worker
 * whose OCR cannot start (SbWorkResult.setup) stops the watch the same
 * way: its file stays in the inbox, as nothing was wrong with it.
 * Returns: FALSE when the inbox or the dataset cannot be used, or
 * (SB_ERROR_SETUP) when a worker's OCR could not start.
 */
gboolean sb_watch_run(const SbWatchOptions *o, GError **error);

/** sb_watch_ignored: TRUE for names taken only once renamed (temporary
 *  and hidden files: .part, .filepart, .crdownload, .tmp, ~$x, .x). */
gboolean sb_watch_ignored(const char *name);

/* ---- export ---- */

/**
 * sb_export_jsonl:
 * @type: (in, optional): one record type; NULL for all that parse prints
 * Writes current documents' records to @out exactly as parse printed them.
 */
gboolean sb_export_jsonl(SbStore *store, const char *type, FILE *out, GError **error);

/**
 * sb_export_csv:
 * @type: (in, optional): one record type written to @out; NULL: every
 *   type, one file TYPE.csv each in @dir
 * CSV for LibreOffice and Excel: UTF-8 with a byte-order mark, CRLF line
 * ends, RFC 4180 quoting; a header row of the record type's fields in
 * the order parse writes them (every field any record has); an object field
 * becomes one column per member ("signer.name"); lists are joined with
 * "; ", objects inside lists written "key: value, key: value"; null is
 * an empty cell, booleans true/false.
 */
gboolean sb_export_csv(SbStore *store, const char *type, FILE *out, const char *dir,
                       GError **error);

G_END_DECLS

#endif /* SB_OPS_H */
