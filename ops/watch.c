/*
 * watch.c: `saraban watch INBOX`: the inbox daemon (see ops.h).
 *
 * A file's life:
 *   seen      a directory scan (at start, on an inotify event, every
 *             minute, or every --poll seconds) finds it; temporary and
 *             hidden names are left alone until renamed
 *   settling  its size and mtime are checked every second; it is taken
 *             once they have not changed for --settle seconds (scanners
 *             and SMB copies write in bursts and may open and close a
 *             file several times)
 *   taken     hashed; bytes already in the dataset go straight to done/
 *             ("duplicate"); otherwise a worker process reads it, under
 *             the time limit
 *   finished  the records are committed, then the file moves to done/;
 *             a failure moves it to failed/ with NAME.error.txt beside it.
 *             A file that changed while it was read goes back to settling.
 *
 * Nothing is ever deleted.  The daemon can die at any point: a file not
 * yet moved is taken again at the next start, and if its records were
 * committed it is then a duplicate and goes to done/.
 */
#define _GNU_SOURCE /* st_mtim, O_CLOEXEC, flock */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include "ops.h"

#define RESCAN_SECONDS 60
#define DEFAULT_SETTLE 5.0

typedef struct {
  gint64 size, mtime_us;
  gint64 changed_at; /* monotonic µs of the last change seen */
  gboolean busy;
  char *sha;         /* while busy: the bytes taken */
} Cand;

typedef struct {
  const SbWatchOptions *o;
  SbStore *store;
  char *done_dir, *failed_dir;
  GHashTable *cands; /* name -> Cand* */
  GMainLoop *loop;
  GCancellable *cancel;
  GFileMonitor *monitor;
  guint scan_pending;
  guint running;
  guint stopping; /* signals received; at least 1 once a worker's OCR could not start */
  GError *setup;  /* why the OCR could not start in a worker: the watch stops */
  FILE *log;
  int lock_fd; /* INBOX/.saraban-watch.lock, held while running */
  guint taken, done, failed, duplicates;
} Watch;

static void cand_free(Cand *c) {
  g_free(c->sha);
  g_free(c);
}

/* ---- logging: one line per event, timestamped (reopened on SIGHUP) ---- */

G_GNUC_PRINTF(2, 3)
static void wlog(Watch *w, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc();
  g_autofree char *ts = g_date_time_format(now, "%Y-%m-%dT%H:%M:%SZ");
  fprintf(w->log, "%s saraban watch: %s\n", ts, msg);
  fflush(w->log);
}

static gboolean open_log(Watch *w, GError **error) {
  if (!w->o->log_path) {
    w->log = stderr;
    return TRUE;
  }
  FILE *f = fopen(w->o->log_path, "a");
  if (!f) {
    g_set_error(error, SB_ERROR, SB_ERROR_IO, "log file %s: %s", w->o->log_path,
                g_strerror(errno));
    return FALSE;
  }
  if (w->log && w->log != stderr) fclose(w->log);
  w->log = f;
  return TRUE;
}

static gboolean on_hup(gpointer data) {
  Watch *w = data;
  GError *err = NULL;
  if (!open_log(w, &err)) { /* keep the old one */
    wlog(w, "cannot reopen the log: %s", err->message);
    g_error_free(err);
  } else {
    wlog(w, "log reopened");
  }
  return G_SOURCE_CONTINUE;
}

/* ---- names ---- */

gboolean sb_watch_ignored(const char *name) {
  static const char *const temp[] = {".part", ".filepart", ".crdownload", ".tmp", ".partial",
                                     ".download", NULL};
  if (name[0] == '.' || g_str_has_prefix(name, "~$")) return TRUE;
  g_autofree char *lower = g_ascii_strdown(name, -1);
  for (guint i = 0; temp[i]; i++)
    if (g_str_has_suffix(lower, temp[i])) return TRUE;
  return FALSE;
}

/* moves @path into @dir under its own name, or "stem-N.ext" when that is
 * taken; returns the new path, or NULL (logged) */
static char *move_into(Watch *w, const char *path, const char *dir) {
  g_autofree char *base = g_path_get_basename(path);
  const char *dot = strrchr(base, '.');
  g_autofree char *stem = dot && dot != base ? g_strndup(base, (gsize)(dot - base)) : g_strdup(base);
  const char *ext = dot && dot != base ? dot : "";
  g_autoptr(GFile) from = g_file_new_for_path(path);
  for (guint n = 0; n < 10000; n++) {
    g_autofree char *name = n ? g_strdup_printf("%s-%u%s", stem, n, ext) : g_strdup(base);
    g_autofree char *dest = g_build_filename(dir, name, NULL);
    g_autoptr(GFile) to = g_file_new_for_path(dest);
    GError *err = NULL;
    /* no overwrite: an existing name fails with G_IO_ERROR_EXISTS */
    if (g_file_move(from, to, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, &err))
      return g_steal_pointer(&dest);
    gboolean exists = g_error_matches(err, G_IO_ERROR, G_IO_ERROR_EXISTS);
    if (!exists) wlog(w, "cannot move %s to %s: %s", path, dir, err->message);
    g_error_free(err);
    if (!exists) return NULL;
  }
  return NULL;
}

static void quarantine(Watch *w, const char *path, const char *why) {
  g_autofree char *moved = move_into(w, path, w->failed_dir);
  w->failed++;
  wlog(w, "failed %s: %s", path, why);
  if (!moved) return;
  g_autofree char *note = g_strdup_printf("%s.error.txt", moved);
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  g_autofree char *ts = g_date_time_format(now, "%Y-%m-%d %H:%M:%S %z");
  g_autofree char *text = g_strdup_printf(
      "%s could not be read into the dataset.\n\nReason: %s\n\nWhen: %s (saraban %s)\n"
      "Nothing was recorded for it. Fix the file and drop it into the inbox again.\n",
      path, why, ts, SARABAN_VERSION);
  GError *err = NULL;
  if (!g_file_set_contents(note, text, -1, &err)) {
    wlog(w, "cannot write %s: %s", note, err->message);
    g_error_free(err);
  }
}

/* ---- taking files ---- */

static void maybe_quit(Watch *w) {
  if (w->stopping && !w->running) g_main_loop_quit(w->loop);
}

static gboolean stat_file(const char *path, gint64 *size, gint64 *mtime_us) {
  GStatBuf st;
  if (g_stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return FALSE;
  *size = st.st_size;
  *mtime_us = (gint64)st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
  return TRUE;
}

static void take_ready(Watch *w, gboolean look);

static void on_done(const char *path, SbWorkResult *r, gpointer data) {
  Watch *w = data;
  w->running--;
  g_autofree char *name = g_path_get_basename(path);
  Cand *c = g_hash_table_lookup(w->cands, name);
  const char *got = r->ok ? json_object_get_string_member_with_default(r->records->pdata[0],
                                                                       "sha256", "")
                          : NULL;
  if (r->cancelled) {
    wlog(w, "stopped reading %s; it stays in the inbox", path);
    if (c) c->busy = FALSE;
  } else if (r->setup) {
    /* saraban cannot read scans at all: quarantining this file (and
     * every one after it) would blame the files */
    wlog(w, "cannot read %s: %s; it stays in the inbox and the watch stops", path, r->error);
    if (c) c->busy = FALSE;
    if (!w->setup) w->setup = g_error_new(SB_ERROR, SB_ERROR_SETUP, "%s", r->error);
    w->stopping = MAX(w->stopping, 1);
  } else if (r->ok && c && g_strcmp0(got, c->sha)) {
    /* rewritten while it was read: not what was taken */
    wlog(w, "%s changed while it was read; it will be taken again", path);
    c->busy = FALSE;
    c->changed_at = g_get_monotonic_time();
  } else if (r->ok) {
    GError *err = NULL;
    int put = sb_store_put(w->store, r->records, r->pages, &err);
    if (put < 0) {
      /* the dataset could not be written: keep the file for a retry */
      wlog(w, "dataset not written for %s: %s; it stays in the inbox", path, err->message);
      g_error_free(err);
      if (c) {
        c->busy = FALSE;
        c->changed_at = g_get_monotonic_time();
      }
    } else {
      g_autofree char *moved = move_into(w, path, w->done_dir);
      w->done++;
      wlog(w, "%s %s pages=%u ocr=%u cached=%u records=%u time=%.2fs",
           put == SB_PUT_SUPERSEDED ? "superseded" : put == SB_PUT_UNCHANGED ? "duplicate" : "added",
           path, r->pages->len, r->ocr_pages, r->ocr_cached, r->records->len - 1, r->seconds);
      if (c) g_hash_table_remove(w->cands, name);
    }
  } else {
    quarantine(w, path, r->error);
    if (c) g_hash_table_remove(w->cands, name);
  }
  sb_work_result_free(r);
  maybe_quit(w);
  take_ready(w, FALSE); /* the next settled file at once, not at the next tick */
}

static int cmp_name(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void take(Watch *w, const char *name, Cand *c) {
  g_autofree char *path = g_build_filename(w->o->inbox, name, NULL);
  GError *err = NULL;
  g_autofree char *sha = sb_file_sha256(path, &err);
  if (!sha) { /* gone, or unreadable: look again at the next scan */
    wlog(w, "cannot read %s: %s", path, err->message);
    g_error_free(err);
    g_hash_table_remove(w->cands, name);
    return;
  }
  w->taken++;
  if (sb_store_has(w->store, sha, NULL)) {
    int t = sb_store_touch(w->store, sha, path, NULL);
    g_autofree char *moved = move_into(w, path, w->done_dir);
    w->duplicates++;
    wlog(w, "duplicate %s: these bytes are in the dataset already (sha256 %s)%s", path, sha,
         t == SB_PUT_REVERTED ? "; made current again" : "");
    g_hash_table_remove(w->cands, name);
    return;
  }
  c->busy = TRUE;
  g_free(c->sha);
  c->sha = g_steal_pointer(&sha);
  w->running++;
  wlog(w, "reading %s", path);
  sb_worker_start(&w->o->worker, path, w->cancel, on_done, w);
}

/* takes settled files while fewer than jobs are being read; with
 * @look, stat()s every candidate first to see which have settled */
static void take_ready(Watch *w, gboolean look) {
  if (w->stopping) return;
  gint64 now = g_get_monotonic_time();
  double settle = w->o->settle > 0 ? w->o->settle : DEFAULT_SETTLE;
  guint jobs = MAX(1u, w->o->jobs);
  if (w->running >= jobs) return;
  g_autoptr(GPtrArray) ready = g_ptr_array_new_with_free_func(g_free);
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, w->cands);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    Cand *c = v;
    if (c->busy) continue;
    g_autofree char *path = g_build_filename(w->o->inbox, (char *)k, NULL);
    gint64 size, mtime;
    if (!stat_file(path, &size, &mtime)) {
      g_hash_table_iter_remove(&it); /* renamed or removed by someone */
      continue;
    }
    if (look && (size != c->size || mtime != c->mtime_us)) {
      c->size = size;
      c->mtime_us = mtime;
      c->changed_at = now;
    } else if (size == c->size && mtime == c->mtime_us &&
               now - c->changed_at >= (gint64)(settle * G_USEC_PER_SEC)) {
      g_ptr_array_add(ready, g_strdup(k));
    }
  }
  g_ptr_array_sort(ready, cmp_name);
  for (guint i = 0; i < ready->len && w->running < jobs; i++) {
    Cand *c = g_hash_table_lookup(w->cands, ready->pdata[i]);
    if (c) take(w, ready->pdata[i], c);
  }
}

/* every second: see which files have settled, take them */
static gboolean tick(gpointer data) {
  take_ready(data, TRUE);
  return G_SOURCE_CONTINUE;
}

/* a directory scan: new names become candidates */
static gboolean scan(gpointer data) {
  Watch *w = data;
  w->scan_pending = 0;
  GError *err = NULL;
  g_autoptr(GDir) d = g_dir_open(w->o->inbox, 0, &err);
  if (!d) {
    wlog(w, "cannot list the inbox: %s", err->message);
    g_error_free(err);
    return G_SOURCE_REMOVE;
  }
  const char *name;
  gint64 now = g_get_monotonic_time();
  while ((name = g_dir_read_name(d))) {
    if (sb_watch_ignored(name) || g_hash_table_contains(w->cands, name)) continue;
    g_autofree char *path = g_build_filename(w->o->inbox, name, NULL);
    gint64 size, mtime;
    if (!stat_file(path, &size, &mtime)) continue; /* done/, failed/, other folders */
    Cand *c = g_new0(Cand, 1);
    c->size = size;
    c->mtime_us = mtime;
    c->changed_at = now;
    g_hash_table_insert(w->cands, g_strdup(name), c);
  }
  return G_SOURCE_REMOVE;
}

static gboolean periodic_scan(gpointer data) {
  scan(data);
  return G_SOURCE_CONTINUE;
}

static void on_event(GFileMonitor *m, GFile *f, GFile *other, GFileMonitorEvent ev,
                     gpointer data) {
  (void)m, (void)f, (void)other, (void)ev;
  Watch *w = data;
  if (!w->scan_pending) w->scan_pending = g_timeout_add(100, scan, w);
}

static gboolean on_stop(gpointer data) {
  Watch *w = data;
  w->stopping++;
  if (w->stopping == 1 && w->running)
    wlog(w, "stopping: letting %u file(s) being read finish (signal again to stop now)",
         w->running);
  if (w->stopping > 1 && w->running) {
    wlog(w, "stopping now: %u file(s) being read stay in the inbox", w->running);
    g_cancellable_cancel(w->cancel);
  }
  maybe_quit(w);
  return G_SOURCE_CONTINUE;
}

static char *make_dir(const char *given, const char *inbox, const char *dflt, GError **error) {
  char *dir = given ? g_strdup(given) : g_build_filename(inbox, dflt, NULL);
  if (g_mkdir_with_parents(dir, 0775) != 0) {
    g_set_error(error, SB_ERROR, SB_ERROR_IO, "cannot make %s: %s", dir, g_strerror(errno));
    g_free(dir);
    return NULL;
  }
  return dir;
}

gboolean sb_watch_run(const SbWatchOptions *o, GError **error) {
  if (!g_file_test(o->inbox, G_FILE_TEST_IS_DIR)) {
    g_set_error(error, SB_ERROR, SB_ERROR_IO, "inbox %s is not a folder", o->inbox);
    return FALSE;
  }
  Watch w = {0};
  w.o = o;
  gboolean ok = FALSE;
  /* one daemon per inbox: two would take the same files */
  g_autofree char *lock = g_build_filename(o->inbox, ".saraban-watch.lock", NULL);
  w.lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (w.lock_fd < 0 || flock(w.lock_fd, LOCK_EX | LOCK_NB) != 0) {
    g_set_error(error, SB_ERROR, SB_ERROR_IO, "inbox %s: %s", o->inbox,
                w.lock_fd < 0 ? g_strerror(errno)
                              : "another saraban watch is already running on it");
    if (w.lock_fd >= 0) close(w.lock_fd);
    return FALSE;
  }
  if (!open_log(&w, error)) {
    close(w.lock_fd);
    return FALSE;
  }
  w.store = sb_store_open(o->db, FALSE, error);
  if (!w.store) goto out;
  w.done_dir = make_dir(o->done_dir, o->inbox, "done", error);
  w.failed_dir = w.done_dir ? make_dir(o->failed_dir, o->inbox, "failed", error) : NULL;
  if (!w.failed_dir) goto out;
  w.cands = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)cand_free);
  w.cancel = g_cancellable_new();
  w.loop = g_main_loop_new(NULL, FALSE);
  if (o->poll > 0) {
    g_timeout_add((guint)(o->poll * 1000), periodic_scan, &w);
  } else {
    g_autoptr(GFile) dir = g_file_new_for_path(o->inbox);
    w.monitor = g_file_monitor_directory(dir, G_FILE_MONITOR_WATCH_MOVES, NULL, error);
    if (!w.monitor) goto out;
    g_signal_connect(w.monitor, "changed", G_CALLBACK(on_event), &w);
    g_timeout_add_seconds(RESCAN_SECONDS, periodic_scan, &w);
  }
  guint t = g_timeout_add(o->settle > 0 && o->settle < 1 ? (guint)(o->settle * 500) : 1000, tick,
                          &w);
  guint s1 = g_unix_signal_add(SIGTERM, on_stop, &w);
  guint s2 = g_unix_signal_add(SIGINT, on_stop, &w);
  guint s3 = g_unix_signal_add(SIGHUP, on_hup, &w);
  wlog(&w, "watching %s (%s), dataset %s, done -> %s, failed -> %s", o->inbox,
       o->poll > 0 ? "polling" : "inotify", o->db, w.done_dir, w.failed_dir);
  scan(&w); /* what arrived while the daemon was down */
  g_main_loop_run(w.loop);
  g_source_remove(t);
  g_source_remove(s1);
  g_source_remove(s2);
  g_source_remove(s3);
  wlog(&w, "stopped: %u taken, %u done (%u duplicates), %u failed", w.taken, w.done + w.duplicates,
       w.duplicates, w.failed);
  ok = !w.setup;
  if (w.setup) g_propagate_error(error, g_steal_pointer(&w.setup));
out:
  if (w.monitor) {
    g_file_monitor_cancel(w.monitor);
    g_object_unref(w.monitor);
  }
  /* the periodic scans hold &w: remove them before it goes */
  while (g_source_remove_by_user_data(&w)) {
  }
  g_clear_pointer(&w.loop, g_main_loop_unref);
  g_clear_object(&w.cancel);
  g_clear_pointer(&w.cands, g_hash_table_unref);
  g_free(w.done_dir);
  g_free(w.failed_dir);
  sb_store_close(w.store);
  if (w.log && w.log != stderr) fclose(w.log);
  close(w.lock_fd); /* releases the lock */
  return ok;
}
