/*
 * worker.c: a child process per document (see ops.h).
 *
 * The protocol, parent <- child, on the child's stdout: one JSON object
 * per line: the records parse made (the "document" record first), the
 * "page" records, then one {"type":"worker", "ocr_pages":N,
 * "ocr_cached":M} line.  A file that cannot be read gives exit status 1
 * and one stderr line, `saraban: FILE: reason`; an OCR engine that cannot
 * start (SB_ERROR_SETUP) gives SB_WORKER_EXIT_SETUP and the same line.
 * Anything else (a signal, no "worker" line, a line that is not JSON) is
 * a failure of the worker, reported as such.
 *
 * Limits: the parent kills a worker past spec->timeout (SIGKILL: a hung
 * library call cannot be interrupted more politely); the child's address
 * space is capped (RLIMIT_AS) so a memory blow-up fails an allocation
 * instead of taking the machine; the child is killed when its parent dies
 * (PR_SET_PDEATHSIG), so a killed batch leaves no orphans.
 */
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <gio/gio.h>

#include "../parse/parse.h"
#include "ops.h"

#define DEFAULT_TIMEOUT 600.0

#if defined(__SANITIZE_ADDRESS__)
#define SB_ASAN 1 /* ASan reserves terabytes of address space: no RLIMIT_AS */
#else
#define SB_ASAN 0
#endif

/* ---- the child ---- */

static GBytes *cache_get(gpointer data, const char *key) { return sb_store_cache_get(data, key); }

static void cache_put(gpointer data, const char *key, GBytes *value) {
  GError *err = NULL;
  if (!sb_store_cache_put(data, key, value, &err)) {
    g_warning("OCR cache not written: %s", err->message); /* costs speed only */
    g_error_free(err);
  }
}


gboolean sb_worker_main(const char *path, SbRunOptions *o, const char *db, FILE *out,
                        GError **error) {
  g_autoptr(SbStore) store = NULL;
  SbOcrCache cache = {cache_get, cache_put, NULL};
  if (db) {
    /* without the cache the file is still read, only slower */
    GError *err = NULL;
    store = sb_store_open(db, FALSE, &err);
    if (store) {
      cache.data = store;
      o->ocr.cache = &cache;
    } else {
      g_warning("no OCR cache: %s", err->message);
      g_error_free(err);
    }
  }
  o->records = o->pages = TRUE;
  SbRun run;
  if (!sb_run_file(path, o, &run, error)) return FALSE;
  guint ocr = 0, cached = 0;
  for (guint i = 0; i < run.doc->pages->len; i++) {
    const SbPage *p = run.doc->pages->pdata[i];
    ocr += p->source == SB_SOURCE_OCR;
    cached += p->ocr_cached;
  }
  for (guint i = 0; i < run.records->len; i++) sb_print_record(run.records->pdata[i], out);
  for (guint i = 0; i < run.pages->len; i++) sb_print_record(run.pages->pdata[i], out);
  g_autoptr(JsonObject) w = json_object_new();
  json_object_set_string_member(w, "type", "worker");
  json_object_set_int_member(w, "ocr_pages", ocr);
  json_object_set_int_member(w, "ocr_cached", cached);
  sb_print_record(w, out);
  sb_run_clear(&run);
  return fflush(out) == 0;
}

/* ---- the parent ---- */

void sb_work_result_free(SbWorkResult *r) {
  if (!r) return;
  g_free(r->error);
  g_clear_pointer(&r->records, g_ptr_array_unref);
  g_clear_pointer(&r->pages, g_ptr_array_unref);
  g_free(r);
}

typedef struct {
  char *path;
  GSubprocess *proc;
  SbWorkDone done;
  gpointer data;
  guint timer;
  double timeout;
  gboolean timed_out, cancelled;
  gint64 t0;
  GCancellable *cancel;
  gulong cancel_id;
} Work;

static void child_setup(gpointer data) {
  /* async-signal-safe calls only: this runs between fork and exec */
  guint64 memory = *(guint64 *)data;
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (memory && !SB_ASAN) {
    struct rlimit rl = {(rlim_t)memory, (rlim_t)memory};
    setrlimit(RLIMIT_AS, &rl);
  }
}

static gboolean on_timeout(gpointer data) {
  Work *w = data;
  w->timed_out = TRUE;
  w->timer = 0;
  g_subprocess_force_exit(w->proc);
  return G_SOURCE_REMOVE;
}

/* the reason in the worker's last stderr line, without "saraban: FILE: " */
static char *reason_of(const char *err, const char *path_raw) {
  g_autofree char *path = g_utf8_make_valid(path_raw, -1);
  g_auto(GStrv) lines = g_strsplit(err ? err : "", "\n", -1);
  const char *last = NULL;
  for (guint i = 0; lines[i]; i++)
    if (*g_strstrip(lines[i])) last = lines[i];
  if (!last) return NULL;
  g_autofree char *prefix = g_strdup_printf("saraban: %s: ", path);
  if (g_str_has_prefix(last, prefix)) return g_strdup(last + strlen(prefix));
  return g_strdup(last);
}

/* the worker's stdout into records; FALSE when it is not what a worker
 * that finished writes */
static gboolean read_output(const char *out, SbWorkResult *r) {
  r->records = g_ptr_array_new_with_free_func((GDestroyNotify)json_object_unref);
  r->pages = g_ptr_array_new_with_free_func((GDestroyNotify)json_object_unref);
  g_autoptr(JsonParser) parser = json_parser_new_immutable();
  gboolean finished = FALSE;
  const char *p = out ? out : "";
  while (*p) {
    const char *nl = strchr(p, '\n');
    gsize len = nl ? (gsize)(nl - p) : strlen(p);
    if (len && !json_parser_load_from_data(parser, p, (gssize)len, NULL)) return FALSE;
    p += len + (nl != NULL);
    if (!len) continue;
    JsonNode *root = json_parser_get_root(parser);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) return FALSE;
    JsonObject *o = json_node_get_object(root);
    const char *type = json_object_get_string_member_with_default(o, "type", "");
    if (!strcmp(type, "worker")) {
      r->ocr_pages = (guint)json_object_get_int_member_with_default(o, "ocr_pages", 0);
      r->ocr_cached = (guint)json_object_get_int_member_with_default(o, "ocr_cached", 0);
      finished = TRUE;
    } else {
      g_ptr_array_add(!strcmp(type, "page") ? r->pages : r->records, json_object_ref(o));
    }
  }
  return finished && r->records->len &&
         !g_strcmp0(json_object_get_string_member_with_default(r->records->pdata[0], "type", ""),
                    "document");
}

static void on_cancel(GCancellable *c, gpointer data) {
  (void)c;
  Work *w = data;
  w->cancelled = TRUE;
  if (w->proc) g_subprocess_force_exit(w->proc);
}

static void finish(Work *w, SbWorkResult *r) {
  r->seconds = (g_get_monotonic_time() - w->t0) / 1e6;
  if (w->cancel) {
    g_cancellable_disconnect(w->cancel, w->cancel_id);
    g_object_unref(w->cancel);
  }
  if (w->timer) g_source_remove(w->timer);
  w->timer = 0;
  w->done(w->path, r, w->data);
  g_clear_object(&w->proc);
  g_free(w->path);
  g_free(w);
}

/* bytes as UTF-8 text (invalid sequences replaced: a file name in another
 * encoding may be in a message) */
static char *as_text(GBytes *b) {
  gsize n = 0;
  const char *d = b ? g_bytes_get_data(b, &n) : NULL;
  return d ? g_utf8_make_valid(d, (gssize)n) : g_strdup("");
}

static void on_communicated(GObject *src, GAsyncResult *res, gpointer data) {
  Work *w = data;
  g_autoptr(GBytes) out_b = NULL, err_b = NULL;
  GError *err = NULL;
  SbWorkResult *r = g_new0(SbWorkResult, 1);
  gboolean talked = g_subprocess_communicate_finish(G_SUBPROCESS(src), res, &out_b, &err_b, &err);
  g_autofree char *out = as_text(out_b), *err_text = as_text(err_b);
  if (!talked) {
    /* not UTF-8, or the pipes failed: the process may still run */
    g_subprocess_force_exit(w->proc);
    r->error = g_strdup_printf("the worker's output could not be read (%s)", err->message);
    g_error_free(err);
  } else if (w->cancelled) {
    r->cancelled = TRUE;
    r->error = g_strdup("stopped before it finished");
  } else if (w->timed_out) {
    r->error = g_strdup_printf("gave up after %.0f s (the time limit per document)",
                               w->timeout);
  } else if (g_subprocess_get_if_signaled(w->proc)) {
    int sig = g_subprocess_get_term_sig(w->proc);
    r->error = g_strdup_printf("the worker crashed (signal %d, %s) while reading this file",
                               sig, g_strsignal(sig));
  } else if (g_subprocess_get_exit_status(w->proc) != 0) {
    char *why = reason_of(err_text, w->path);
    r->setup = g_subprocess_get_exit_status(w->proc) == SB_WORKER_EXIT_SETUP;
    r->error = why ? why
                   : g_strdup_printf("the worker failed (exit status %d) and gave no reason",
                                     g_subprocess_get_exit_status(w->proc));
  } else if (!read_output(out, r)) {
    r->error = g_strdup("the worker's output was cut short or not JSON Lines");
  } else {
    r->ok = TRUE;
  }
  finish(w, r);
}

void sb_worker_start(const SbWorkerSpec *spec, const char *path, GCancellable *cancel,
                     SbWorkDone done, gpointer data) {
  Work *w = g_new0(Work, 1);
  w->path = g_strdup(path);
  w->done = done;
  w->data = data;
  w->t0 = g_get_monotonic_time();
  w->timeout = spec->timeout > 0 ? spec->timeout : DEFAULT_TIMEOUT;
  g_autoptr(GStrvBuilder) b = g_strv_builder_new();
  /* this program by its real path, so that ps shows what runs */
  g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
  g_strv_builder_add(b, self ? self : "/proc/self/exe");
  g_strv_builder_add(b, "worker");
  if (spec->args) g_strv_builder_addv(b, (const char **)spec->args);
  if (spec->db) g_strv_builder_add_many(b, "--db", spec->db, NULL);
  g_autofree char *j = g_strdup_printf("--jobs=%u", MAX(1u, spec->page_jobs));
  g_strv_builder_add_many(b, j, "--", path, NULL);
  g_auto(GStrv) argv = g_strv_builder_end(b);
  g_autoptr(GSubprocessLauncher) l =
      g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* the limit is copied into the launcher's closure: spec may go away */
  guint64 *memory = g_new(guint64, 1);
  *memory = spec->memory;
  g_subprocess_launcher_set_child_setup(l, child_setup, memory, g_free);
  GError *err = NULL;
  w->proc = g_subprocess_launcher_spawnv(l, (const char *const *)argv, &err);
  if (!w->proc) {
    SbWorkResult *r = g_new0(SbWorkResult, 1);
    r->error = g_strdup_printf("no worker could be started (%s)", err->message);
    g_error_free(err);
    finish(w, r);
    return;
  }
  w->timer = g_timeout_add((guint)(w->timeout * 1000), on_timeout, w);
  if (cancel) {
    w->cancel = g_object_ref(cancel);
    /* runs at once when already cancelled */
    w->cancel_id = g_cancellable_connect(cancel, G_CALLBACK(on_cancel), w, NULL);
  }
  g_subprocess_communicate_async(w->proc, NULL, NULL, on_communicated, w);
}
