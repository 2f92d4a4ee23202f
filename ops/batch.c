/*
 * batch.c: `saraban ingest`: files and folders into the dataset (see
 * ops.h).
 *
 * Order of work: the inputs are listed (folders walked, names sorted so
 * that every run and every machine sees the same order), the shard is
 * taken, each file is hashed and looked up; only files whose bytes the
 * dataset lacks go to a worker.  Workers run jobs at a time; each
 * result is written in one transaction (store.h) as it arrives, so a
 * batch killed at any moment keeps every document it finished and the
 * next run does only the rest.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ops.h"

/* what a folder walk takes: PDFs and page images, no hidden files */
static gboolean wanted(const char *name) {
  SbFileKind kind;
  return name[0] != '.' && sb_ingest_name_kind(name, &kind);
}

static void walk(const char *dir, GPtrArray *out) {
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  if (!d) return;
  const char *name;
  while ((name = g_dir_read_name(d))) {
    g_autofree char *path = g_build_filename(dir, name, NULL);
    if (name[0] == '.') continue;
    if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK))
      walk(path, out);
    else if (g_file_test(path, G_FILE_TEST_IS_REGULAR) && wanted(name))
      g_ptr_array_add(out, g_steal_pointer(&path));
  }
}

static int cmp_str(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

char *sb_file_sha256(const char *path, GError **error) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    g_set_error(error, SB_ERROR, SB_ERROR_IO, "cannot open: %s", g_strerror(errno));
    return NULL;
  }
  g_autoptr(GChecksum) c = g_checksum_new(G_CHECKSUM_SHA256);
  guchar buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) g_checksum_update(c, buf, (gssize)n);
  gboolean bad = ferror(f);
  fclose(f);
  if (bad) {
    g_set_error(error, SB_ERROR, SB_ERROR_IO, "read error");
    return NULL;
  }
  return g_strdup(g_checksum_get_string(c));
}

guint sb_shard_of(const char *name, guint n) {
  if (n <= 1) return 0;
  g_autofree char *h = g_compute_checksum_for_string(G_CHECKSUM_SHA256, name, -1);
  guint64 v = g_ascii_strtoull(h + 48, NULL, 16); /* the last 64 bits */
  return (guint)(v % n);
}

typedef struct {
  const SbBatchOptions *o;
  SbStore *store;
  GPtrArray *todo; /* paths for workers */
  guint next, running;
  SbBatchSummary *s;
  GMainLoop *loop;
  GError *error; /* a dataset error: stops the batch */
  gint64 t0;
  guint total;
} Batch;

static void progress(Batch *b, const char *current) {
  if (!b->o->progress) return;
  guint done = b->s->added + b->s->superseded + b->s->reverted + b->s->unchanged + b->s->failed;
  double el = (g_get_monotonic_time() - b->t0) / 1e6;
  guint worked = done - b->s->unchanged;
  guint left = b->total - done;
  double rate = el > 0 ? worked / el : 0;
  char eta[32] = "--:--";
  if (worked && rate > 0) {
    guint sec = (guint)(left / rate);
    g_snprintf(eta, sizeof eta, "%u:%02u", sec / 60, sec % 60);
  }
  const guint width = 24;
  guint fill = b->total ? done * width / b->total : width;
  char bar[32];
  for (guint i = 0; i < width; i++) bar[i] = i < fill ? '#' : '.';
  bar[width] = 0;
  g_autofree char *base = current ? g_path_get_basename(current) : g_strdup("");
  fprintf(stderr, "\r\033[K[%s] %u/%u docs, %u pages (%u OCR), %.2f docs/s, ETA %s %.30s", bar,
          done, b->total, b->s->pages, b->s->ocr_pages, rate, eta, base);
  fflush(stderr);
}

/* one parseable line per document when stderr is not a terminal (a
 * terminal has the progress bar) */
static void log_line(Batch *b, const char *what, const char *path, const SbWorkResult *r) {
  if (b->o->progress) return;
  if (r)
    fprintf(stderr, "saraban: ingest: %s %s pages=%u ocr=%u cached=%u records=%u time=%.2fs\n",
            what, path, r->pages->len, r->ocr_pages, r->ocr_cached,
            r->records->len ? r->records->len - 1 : 0, r->seconds);
  else
    fprintf(stderr, "saraban: ingest: %s %s\n", what, path);
}

static void start_more(Batch *b);

static void on_done(const char *path, SbWorkResult *r, gpointer data) {
  Batch *b = data;
  b->running--;
  if (!r->ok) {
    if (b->o->progress) fprintf(stderr, "\r\033[K");
    fprintf(stderr, "saraban: %s: %s\n", path, r->error);
    b->s->failed++;
    b->s->setup += r->setup;
  } else if (!b->error) {
    int put = sb_store_put(b->store, r->records, r->pages, &b->error);
    if (put >= 0) {
      b->s->pages += r->pages->len;
      b->s->ocr_pages += r->ocr_pages;
      b->s->ocr_cached += r->ocr_cached;
    }
    switch (put) {
      case SB_PUT_ADDED: b->s->added++; log_line(b, "added", path, r); break;
      case SB_PUT_SUPERSEDED: b->s->superseded++; log_line(b, "superseded", path, r); break;
      case SB_PUT_REVERTED: b->s->reverted++; log_line(b, "reverted", path, r); break;
      case SB_PUT_UNCHANGED: b->s->unchanged++; log_line(b, "unchanged", path, r); break;
      default: break;
    }
  }
  sb_work_result_free(r);
  progress(b, NULL);
  start_more(b);
}

static void start_more(Batch *b) {
  guint jobs = MAX(1u, b->o->jobs);
  while (!b->error && b->running < jobs && b->next < b->todo->len) {
    /* the cores shared among the documents read at once: when fewer are
     * left than jobs, each gets more pages at once */
    guint at_once = MIN(jobs, b->running + (b->todo->len - b->next));
    SbWorkerSpec spec = b->o->worker;
    spec.page_jobs = MAX(1u, g_get_num_processors() / MAX(1u, at_once));
    const char *path = b->todo->pdata[b->next++];
    b->running++;
    progress(b, path);
    sb_worker_start(&spec, path, NULL, on_done, b);
  }
  if (!b->running) g_main_loop_quit(b->loop);
}

gboolean sb_batch_ingest(char **paths, const SbBatchOptions *o, SbBatchSummary *summary,
                         GError **error) {
  memset(summary, 0, sizeof *summary);
  g_autoptr(SbStore) store = sb_store_open(o->db, FALSE, error);
  if (!store) return FALSE;
  gint64 t0 = g_get_monotonic_time();

  /* the inputs, in a stable order; a path that is not there fails alone */
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; paths[i]; i++) {
    if (g_file_test(paths[i], G_FILE_TEST_IS_DIR)) {
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func(g_free);
      walk(paths[i], found);
      g_ptr_array_sort(found, cmp_str);
      g_ptr_array_extend_and_steal(files, g_steal_pointer(&found));
    } else {
      g_ptr_array_add(files, g_strdup(paths[i]));
    }
  }
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func(g_free);
  Batch b = {o, store, todo, 0, 0, summary, NULL, NULL, t0, 0};
  for (guint i = 0; i < files->len; i++) {
    const char *path = files->pdata[i];
    if (o->shard_n > 1 && sb_shard_of(path, o->shard_n) != o->shard_k) continue;
    summary->files++;
    GError *err = NULL;
    g_autofree char *sha = sb_file_sha256(path, &err);
    if (!sha) {
      fprintf(stderr, "saraban: %s: %s\n", path, err->message);
      g_error_free(err);
      summary->failed++;
      continue;
    }
    GError *lookup_err = NULL;
    gboolean have = sb_store_has(store, sha, &lookup_err);
    if (lookup_err) {
      g_propagate_error(error, lookup_err);
      return FALSE;
    }
    if (!have) {
      g_ptr_array_add(todo, g_strdup(path));
      continue;
    }
    /* the same bytes again: nothing to read */
    int t = sb_store_touch(store, sha, path, error);
    if (t < 0) return FALSE;
    if (t == SB_PUT_REVERTED) summary->reverted++;
    else summary->unchanged++;
    if (!o->progress) fprintf(stderr, "saraban: ingest: %s %s\n",
                              t == SB_PUT_REVERTED ? "reverted" : "unchanged", path);
  }
  b.total = summary->files;
  if (todo->len) {
    g_autoptr(GMainContext) ctx = g_main_context_new();
    g_main_context_push_thread_default(ctx);
    b.loop = g_main_loop_new(ctx, FALSE);
    start_more(&b);
    if (b.running) g_main_loop_run(b.loop);
    g_main_loop_unref(b.loop);
    g_main_context_pop_thread_default(ctx);
  }
  if (o->progress) fprintf(stderr, "\r\033[K");
  summary->seconds = (g_get_monotonic_time() - t0) / 1e6;
  if (b.error) {
    g_propagate_error(error, b.error);
    return FALSE;
  }
  return TRUE;
}
