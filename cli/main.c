/*
 * main.c: the saraban command line.  Uses only the public headers of the
 * stages and of ops/ and store/; everything it prints is a record
 * serialized by json-glib, or one error line per failed file.
 *
 * Exit codes (also in --help and the README):
 *   0  done: every file was read (search: something was found)
 *   1  at least one file could not be read, each named on stderr
 *      (search: nothing was found)
 *   2  the command line or the configuration file was wrong
 *   3  an internal error (a bug: please report it)
 *   4  the dataset or the inbox could not be opened or written
 *
 * Options come from the command line, else from the configuration file
 * (GKeyFile: --config FILE, else $SARABAN_CONFIG, else
 * /etc/saraban/saraban.conf when it exists): keys are the long option
 * names, in group [saraban] for every command and in a group named after
 * the command ([watch], [ingest], ...) for one.
 */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../ops/ops.h"

#ifndef SARABAN_VERSION
#define SARABAN_VERSION "0.0.0"
#endif

enum {
  EXIT_OK = 0,
  EXIT_FILE = 1,
  EXIT_USAGE = 2,
  EXIT_INTERNAL = 3,
  EXIT_DATASET = 4,
  EXIT_SETUP = SB_WORKER_EXIT_SETUP /* the OCR cannot start: a package missing */
};

#define DEFAULT_CONFIG "/etc/saraban/saraban.conf"

typedef struct {
  /* reading files */
  char *password;
  gint64 max_bytes;
  gint max_pages;
  gint64 max_pixels;
  double dpi;
  double max_page_seconds;
  gint jobs;
  gboolean no_ocr, force_ocr, no_digit_model, no_rules;
  char *lang, *tessdata, *models;
  /* the dataset */
  char *db, *shard, *format, *type, *out;
  gint limit;
  double timeout;
  gint64 worker_memory_mb;
  gboolean no_progress;
  /* the inbox */
  char *done_dir, *failed_dir, *log;
  double settle, poll;
  /* the program */
  char *config;
  gboolean stats, version;
} Opts;

static const char summary_text[] =
    "saraban reads Thai government documents (annual action plans, circular\n"
    "letters) and prints what they say as structured records, one JSON object\n"
    "per line (JSON Lines), or keeps them in a dataset (SQLite).\n"
    "\n"
    "Commands:\n"
    "  parse FILE...          every stage a file needs; prints a \"document\"\n"
    "                         record per file, then its records\n"
    "  ocr FILE...            one \"page\" record per page: the text the later\n"
    "                         stages see, as on the page and normalized\n"
    "  ingest PATH... --db DB files and folders into the dataset; unchanged\n"
    "                         files are skipped; -j documents at once\n"
    "  watch INBOX --db DB    the inbox daemon: each file dropped into INBOX is\n"
    "                         ingested, then moved to INBOX/done or, with a\n"
    "                         NAME.error.txt saying why, to INBOX/failed\n"
    "  search --db DB WORDS   documents, pages and records holding the words,\n"
    "                         best first (Thai needs no spaces between words)\n"
    "  export --db DB         the dataset as JSON Lines (as parse printed it)\n"
    "                         or CSV (--format csv, --out DIR or --type T)\n"
    "  merge OUT.db IN.db...  datasets made on several machines into one\n"
    "\n"
    "FILE is a PDF, a page image (PNG, TIFF, JPEG) or a UTF-8 text page.\n"
    "Records are described in records.md; field names never change.\n"
    "\n"
    "Examples:\n"
    "  saraban parse fixtures/plan/plan-fy2564.pdf > plan.jsonl\n"
    "  saraban ingest --db plans.db -j 2 /srv/scans\n"
    "  saraban search --db plans.db ธนาคารน้ำใต้ดิน\n"
    "  saraban export --db plans.db --format csv --out csv/";

static const char description_text[] =
    "Exit status: 0 done (search: found); 1 some file could not be read (one\n"
    "line on stderr names it and says why; the other files are still\n"
    "processed; search: nothing found); 2 wrong command line or configuration;\n"
    "3 internal error; 4 the dataset or the inbox could not be used.\n"
    "Options may also be set in a configuration file (--config; default\n"
    DEFAULT_CONFIG "): keys are the long option names, in group [saraban]\n"
    "or in a group named after the command.";

/* ---- options and the configuration file ---- */

static GOptionEntry *read_entries(Opts *o) {
  GOptionEntry e[] = {
      {"password", 0, 0, G_OPTION_ARG_STRING, &o->password,
       "Password of encrypted PDFs (or $SARABAN_PASSWORD)", "PASSWORD"},
      {"max-bytes", 0, 0, G_OPTION_ARG_INT64, &o->max_bytes,
       "Refuse files larger than BYTES (default 512 MiB)", "BYTES"},
      {"max-pages", 0, 0, G_OPTION_ARG_INT, &o->max_pages,
       "Refuse documents with more pages (default 5000)", "N"},
      {"jobs", 'j', 0, G_OPTION_ARG_INT, &o->jobs,
       "parse, ocr: pages read at once by OCR; ingest, watch: documents at once"
       " (default: the number of cores; watch: 1)", "N"},
      {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &o->dpi,
       "Resolution PDF pages are rendered at for OCR (default: a scan's own, 200-300; else 300)",
       "DPI"},
      {"no-ocr", 0, 0, G_OPTION_ARG_NONE, &o->no_ocr,
       "Never OCR: use text layers as they are, even broken ones", NULL},
      {"force-ocr", 0, 0, G_OPTION_ARG_NONE, &o->force_ocr,
       "OCR every page, even those with a sound text layer", NULL},
      {"lang", 0, 0, G_OPTION_ARG_STRING, &o->lang, "Tesseract languages (default tha+eng)",
       "LANGS"},
      {"tessdata", 0, 0, G_OPTION_ARG_FILENAME, &o->tessdata,
       "Directory of Tesseract models (default: Tesseract's own)", "DIR"},
      {"models", 0, 0, G_OPTION_ARG_FILENAME, &o->models,
       "Directory of saraban's own models, thadigits.traineddata and thadigits.glyphs "
       "(default: installed, else the source tree)",
       "DIR"},
      {"no-digit-model", 0, 0, G_OPTION_ARG_NONE, &o->no_digit_model,
       "Keep the stock Thai model's digits (it cannot read ๔ ๖ ๗ ๘ ๙; for comparing)", NULL},
      {"max-pixels", 0, 0, G_OPTION_ARG_INT64, &o->max_pixels,
       "Refuse page images larger than N pixels (default 100000000)", "N"},
      {"max-page-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &o->max_page_seconds,
       "Give up on a page whose recognition takes longer (default 300)", "S"},
      {"no-rules", 0, 0, G_OPTION_ARG_NONE, &o->no_rules,
       "Do not look for table rulings (no tables are read)", NULL},
      {"stats", 0, 0, G_OPTION_ARG_NONE, &o->stats,
       "Print wall time, CPU time and peak memory to stderr at the end", NULL},
      {"config", 0, 0, G_OPTION_ARG_FILENAME, &o->config,
       "Configuration file (default $SARABAN_CONFIG, else " DEFAULT_CONFIG "; '' for none)", "FILE"},
      {"version", 'V', 0, G_OPTION_ARG_NONE, &o->version, "Print the version and exit", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  return g_memdup2(e, sizeof e);
}

static GOptionEntry *data_entries(Opts *o) {
  GOptionEntry e[] = {
      {"db", 0, 0, G_OPTION_ARG_FILENAME, &o->db, "The dataset (SQLite file)", "FILE"},
      {"shard", 0, 0, G_OPTION_ARG_STRING, &o->shard,
       "ingest: take only share K of N of the inputs (0 <= K < N), by hash of the path", "K/N"},
      {"timeout", 0, 0, G_OPTION_ARG_DOUBLE, &o->timeout,
       "ingest, watch: give up on a document after S seconds (default 600)", "S"},
      {"worker-memory", 0, 0, G_OPTION_ARG_INT64, &o->worker_memory_mb,
       "ingest, watch: address space of a worker in MiB (default 4096; 0: no limit)", "MB"},
      {"no-progress", 0, 0, G_OPTION_ARG_NONE, &o->no_progress,
       "ingest: log lines instead of a progress bar, even on a terminal", NULL},
      {"format", 0, 0, G_OPTION_ARG_STRING, &o->format,
       "export: jsonl (default) or csv; search: jsonl (default) or text", "FORMAT"},
      {"type", 0, 0, G_OPTION_ARG_STRING, &o->type,
       "export: one record type (document, plan_project, plan_summary, circular, kpi, page)",
       "TYPE"},
      {"out", 0, 0, G_OPTION_ARG_FILENAME, &o->out,
       "export: write to FILE (CSV of every type: a folder, one TYPE.csv each)", "PATH"},
      {"limit", 0, 0, G_OPTION_ARG_INT, &o->limit, "search: at most N hits (default 20)", "N"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  return g_memdup2(e, sizeof e);
}

static GOptionEntry *watch_entries(Opts *o) {
  GOptionEntry e[] = {
      {"done", 0, 0, G_OPTION_ARG_FILENAME, &o->done_dir,
       "Where ingested files go (default INBOX/done)", "DIR"},
      {"failed", 0, 0, G_OPTION_ARG_FILENAME, &o->failed_dir,
       "Where files that fail go, each with NAME.error.txt (default INBOX/failed)", "DIR"},
      {"settle", 0, 0, G_OPTION_ARG_DOUBLE, &o->settle,
       "Take a file once it has not changed for S seconds (default 5)", "S"},
      {"poll", 0, 0, G_OPTION_ARG_DOUBLE, &o->poll,
       "Look at the inbox every S seconds instead of waiting for inotify events"
       " (network shares)", "S"},
      {"log", 0, 0, G_OPTION_ARG_FILENAME, &o->log,
       "Log to FILE instead of stderr (reopened on SIGHUP)", "FILE"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  return g_memdup2(e, sizeof e);
}

/* sets one option from the configuration file; FALSE on a bad value */
static gboolean config_set(GKeyFile *kf, const char *group, const GOptionEntry *e,
                           GError **error) {
  GError *err = NULL;
  switch (e->arg) {
    case G_OPTION_ARG_STRING:
    case G_OPTION_ARG_FILENAME: {
      char *v = g_key_file_get_string(kf, group, e->long_name, &err);
      if (v) {
        g_free(*(char **)e->arg_data);
        *(char **)e->arg_data = v;
      }
      break;
    }
    case G_OPTION_ARG_INT: *(gint *)e->arg_data = g_key_file_get_integer(kf, group, e->long_name, &err); break;
    case G_OPTION_ARG_INT64: *(gint64 *)e->arg_data = g_key_file_get_int64(kf, group, e->long_name, &err); break;
    case G_OPTION_ARG_DOUBLE: *(double *)e->arg_data = g_key_file_get_double(kf, group, e->long_name, &err); break;
    case G_OPTION_ARG_NONE: *(gboolean *)e->arg_data = g_key_file_get_boolean(kf, group, e->long_name, &err); break;
    default: break;
  }
  if (err) {
    g_set_error(error, SB_ERROR, SB_ERROR_FORM, "[%s] %s: %s", group, e->long_name, err->message);
    g_error_free(err);
    return FALSE;
  }
  return TRUE;
}

/* the configuration file's values as defaults, before the command line */
static gboolean load_config(int argc, char **argv, GOptionEntry **tables, GError **error) {
  const char *path = NULL;
  gboolean must = TRUE;
  for (int i = 1; i < argc && !path; i++) {
    if (!strcmp(argv[i], "--")) break;
    if (g_str_has_prefix(argv[i], "--config=")) path = argv[i] + 9;
    else if (!strcmp(argv[i], "--config") && i + 1 < argc) path = argv[i + 1];
  }
  if (!path) path = g_getenv("SARABAN_CONFIG");
  if (!path) {
    path = DEFAULT_CONFIG;
    must = FALSE;
  }
  if (!*path || (!must && !g_file_test(path, G_FILE_TEST_EXISTS))) return TRUE; /* "": none */
  g_autoptr(GKeyFile) kf = g_key_file_new();
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, error)) {
    g_prefix_error(error, "configuration %s: ", path);
    return FALSE;
  }
  const char *groups[] = {"saraban", argc > 1 && argv[1][0] != '-' ? argv[1] : NULL};
  for (guint g = 0; g < G_N_ELEMENTS(groups); g++) {
    if (!groups[g] || !g_key_file_has_group(kf, groups[g])) continue;
    for (guint t = 0; tables[t]; t++)
      for (const GOptionEntry *e = tables[t]; e->long_name; e++)
        if (g_key_file_has_key(kf, groups[g], e->long_name, NULL) &&
            !config_set(kf, groups[g], e, error)) {
          g_prefix_error(error, "configuration %s: ", path);
          return FALSE;
        }
  }
  return TRUE;
}

/* ---- parse and ocr: files in this process ---- */

static void run_options(const Opts *o, SbRunOptions *r) {
  memset(r, 0, sizeof *r);
  r->ingest.password = o->password ? o->password : g_getenv("SARABAN_PASSWORD");
  r->ingest.max_bytes = o->max_bytes > 0 ? (gsize)o->max_bytes : 0;
  r->ingest.max_pages = o->max_pages > 0 ? (guint)o->max_pages : 0;
  r->ingest.max_pixels = o->max_pixels > 0 ? (guint64)o->max_pixels : 0;
  r->ingest.no_rules = o->no_rules;
  r->ocr.dpi = o->dpi;
  r->ocr.jobs = o->jobs > 0 ? (guint)o->jobs : 0;
  r->ocr.max_pixels = r->ingest.max_pixels;
  r->ocr.max_page_seconds = o->max_page_seconds;
  r->ocr.languages = o->lang;
  r->ocr.tessdata = o->tessdata;
  r->ocr.models = o->models;
  r->ocr.no_digit_model = o->no_digit_model;
  r->ocr.force = o->force_ocr;
  r->ocr.never = o->no_ocr;
}


static int file_error(const char *path, GError *err) {
  gboolean internal = g_error_matches(err, SB_ERROR, SB_ERROR_INTERNAL) &&
                      g_str_has_prefix(err->message, "internal error");
  gboolean setup = g_error_matches(err, SB_ERROR, SB_ERROR_SETUP);
  g_printerr("saraban: %s: %s\n", path, err->message);
  g_error_free(err);
  return setup ? EXIT_SETUP : internal ? EXIT_INTERNAL : EXIT_FILE;
}

static int cmd_files(const char *cmd, int argc, char **argv, const Opts *o) {
  if (argc < 1) {
    g_printerr("saraban: %s needs at least one FILE (see saraban --help)\n", cmd);
    return EXIT_USAGE;
  }
  SbRunOptions r;
  run_options(o, &r);
  gboolean ocr = !strcmp(cmd, "ocr");
  r.ingest.no_rules = r.ingest.no_rules || ocr;
  r.records = !ocr;
  r.pages = ocr;
  int rc = EXIT_OK;
  for (int i = 0; i < argc; i++) {
    SbRun run;
    GError *err = NULL;
    if (!sb_run_file(argv[i], &r, &run, &err)) {
      int frc = file_error(argv[i], err); /* not inside MAX(): it evaluates twice */
      rc = MAX(rc, frc);
      continue;
    }
    GPtrArray *recs = ocr ? run.pages : run.records;
    for (guint k = 0; k < recs->len; k++) sb_print_record(recs->pdata[k], stdout);
    fflush(stdout);
    sb_run_clear(&run);
  }
  return rc;
}

/* `saraban worker FILE`: the child of ingest and watch (ops/worker.c) */
static int cmd_worker(int argc, char **argv, const Opts *o) {
  if (argc != 1) {
    g_printerr("saraban: worker takes one FILE\n");
    return EXIT_USAGE;
  }
  SbRunOptions r;
  run_options(o, &r);
  GError *err = NULL;
  if (!sb_worker_main(argv[0], &r, o->db, stdout, &err)) return file_error(argv[0], err);
  return EXIT_OK;
}

/* ---- the dataset ---- */

static gboolean need_db(const Opts *o, const char *cmd) {
  if (o->db) return TRUE;
  g_printerr("saraban: %s needs --db FILE (or db= in the configuration file)\n", cmd);
  return FALSE;
}

static int dataset_error(GError *err) {
  g_printerr("saraban: %s\n", err->message);
  g_error_free(err);
  return EXIT_DATASET;
}

G_GNUC_PRINTF(2, 3)
static void add_fmt(GStrvBuilder *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *s = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_strv_builder_add(b, s);
}

/* what a worker is told: every option that decides how a file is read */
static void worker_spec(const Opts *o, guint docs_at_once, GStrvBuilder *args, SbWorkerSpec *w) {
  memset(w, 0, sizeof *w);
  if (o->max_bytes > 0) add_fmt(args, "--max-bytes=%" G_GINT64_FORMAT, o->max_bytes);
  if (o->max_pages > 0) add_fmt(args, "--max-pages=%d", o->max_pages);
  if (o->max_pixels > 0) add_fmt(args, "--max-pixels=%" G_GINT64_FORMAT, o->max_pixels);
  if (o->max_page_seconds > 0) add_fmt(args, "--max-page-seconds=%g", o->max_page_seconds);
  if (o->dpi > 0) add_fmt(args, "--dpi=%g", o->dpi);
  if (o->no_ocr) g_strv_builder_add(args, "--no-ocr");
  if (o->force_ocr) g_strv_builder_add(args, "--force-ocr");
  if (o->no_digit_model) g_strv_builder_add(args, "--no-digit-model");
  if (o->no_rules) g_strv_builder_add(args, "--no-rules");
  if (o->lang) add_fmt(args, "--lang=%s", o->lang);
  if (o->tessdata) add_fmt(args, "--tessdata=%s", o->tessdata);
  if (o->models) add_fmt(args, "--models=%s", o->models);
  /* the password goes by environment ($SARABAN_PASSWORD), not in argv
   * where every user's ps could read it */
  if (o->password) g_setenv("SARABAN_PASSWORD", o->password, TRUE);
  /* the configuration file is not read again by workers */
  g_strv_builder_add(args, "--config=");
  w->db = o->db;
  w->timeout = o->timeout;
  w->memory = (guint64)(o->worker_memory_mb >= 0 ? o->worker_memory_mb : 0) << 20;
  w->page_jobs = MAX(1u, g_get_num_processors() / MAX(1u, docs_at_once));
}

static int cmd_ingest(int argc, char **argv, Opts *o) {
  if (!need_db(o, "ingest")) return EXIT_USAGE;
  if (argc < 1) {
    g_printerr("saraban: ingest needs at least one file or folder (see saraban --help)\n");
    return EXIT_USAGE;
  }
  SbBatchOptions b = {0};
  if (o->shard) {
    guint k = 0, n = 0;
    char tail = 0;
    if (sscanf(o->shard, "%u/%u%c", &k, &n, &tail) != 2 || n == 0 || k >= n) {
      g_printerr("saraban: --shard wants K/N with 0 <= K < N (got '%s')\n", o->shard);
      return EXIT_USAGE;
    }
    b.shard_k = k;
    b.shard_n = n;
  }
  b.jobs = o->jobs > 0 ? (guint)o->jobs : MAX(1u, g_get_num_processors());
  g_autoptr(GStrvBuilder) args = g_strv_builder_new();
  worker_spec(o, b.jobs, args, &b.worker);
  g_auto(GStrv) wargs = g_strv_builder_end(args);
  b.worker.args = wargs;
  b.db = o->db;
  b.progress = !o->no_progress && isatty(STDERR_FILENO);
  g_autofree char **paths = g_new0(char *, argc + 1);
  memcpy(paths, argv, sizeof(char *) * argc);
  SbBatchSummary s;
  GError *err = NULL;
  if (!sb_batch_ingest(paths, &b, &s, &err)) return dataset_error(err);
  g_printerr("saraban: ingest: %u files: %u added, %u superseded, %u reverted, %u unchanged, "
             "%u failed; %u pages, %u by OCR (%u from the cache); %.2f s\n",
             s.files, s.added, s.superseded, s.reverted, s.unchanged, s.failed, s.pages,
             s.ocr_pages, s.ocr_cached, s.seconds);
  /* what the dataset holds now */
  g_autoptr(SbStore) st = sb_store_open(o->db, TRUE, NULL);
  SbStoreCounts c;
  if (st && sb_store_counts(st, &c, NULL))
    g_printerr("saraban: dataset %s: %u documents, %u pages, %u records, %u OCR pages cached\n",
               o->db, c.documents, c.pages, c.records, c.cached_pages);
  return s.setup ? EXIT_SETUP : s.failed ? EXIT_FILE : EXIT_OK;
}

static int cmd_watch(int argc, char **argv, Opts *o) {
  if (!need_db(o, "watch")) return EXIT_USAGE;
  if (argc != 1) {
    g_printerr("saraban: watch needs one INBOX folder (see saraban --help)\n");
    return EXIT_USAGE;
  }
  SbWatchOptions w = {0};
  w.jobs = o->jobs > 0 ? (guint)o->jobs : 1;
  g_autoptr(GStrvBuilder) args = g_strv_builder_new();
  worker_spec(o, w.jobs, args, &w.worker);
  g_auto(GStrv) wargs = g_strv_builder_end(args);
  w.worker.args = wargs;
  w.db = o->db;
  w.inbox = argv[0];
  w.done_dir = o->done_dir;
  w.failed_dir = o->failed_dir;
  w.settle = o->settle;
  w.poll = o->poll;
  w.log_path = o->log;
  GError *err = NULL;
  /* a missing package fails here, once, not on every scan dropped in */
  SbRunOptions r;
  run_options(o, &r);
  if (!r.ocr.never && !sb_ocr_ready(&r.ocr, &err)) {
    g_printerr("saraban: watch: %s\n", err->message);
    g_error_free(err);
    return EXIT_SETUP;
  }
  if (!sb_watch_run(&w, &err)) {
    if (!g_error_matches(err, SB_ERROR, SB_ERROR_SETUP)) return dataset_error(err);
    g_printerr("saraban: watch: %s\n", err->message);
    g_error_free(err);
    return EXIT_SETUP;
  }
  return EXIT_OK;
}

static int cmd_search(int argc, char **argv, const Opts *o) {
  if (!need_db(o, "search")) return EXIT_USAGE;
  if (argc < 1) {
    g_printerr("saraban: search needs the words to look for\n");
    return EXIT_USAGE;
  }
  gboolean text = o->format && !strcmp(o->format, "text");
  if (o->format && !text && strcmp(o->format, "jsonl")) {
    g_printerr("saraban: search --format is jsonl or text (got '%s')\n", o->format);
    return EXIT_USAGE;
  }
  GError *err = NULL;
  g_autoptr(SbStore) st = sb_store_open(o->db, TRUE, &err);
  if (!st) return dataset_error(err);
  g_autofree char *query = g_strjoinv(" ", argv);
  g_autoptr(GPtrArray) hits = sb_store_search(st, query, o->limit > 0 ? (guint)o->limit : 0, &err);
  if (!hits) return dataset_error(err);
  for (guint i = 0; i < hits->len; i++) {
    SbHit *h = hits->pdata[i];
    if (text) {
      g_strdelimit(h->snippet, "\r\n\t", ' ');
      printf("%u. %s page %u (%s)\n   %s\n", i + 1, h->source, h->page, h->type, h->snippet);
      continue;
    }
    g_autoptr(JsonObject) r = json_object_new();
    json_object_set_string_member(r, "type", "hit");
    json_object_set_int_member(r, "rank", i + 1);
    json_object_set_double_member(r, "score", -h->score);
    json_object_set_string_member(r, "doc", h->doc);
    json_object_set_string_member(r, "source", h->source);
    json_object_set_string_member(r, "kind", h->type);
    json_object_set_int_member(r, "page", h->page);
    json_object_set_string_member(r, "snippet", h->snippet);
    g_autoptr(JsonParser) p = json_parser_new_immutable();
    if (h->json && json_parser_load_from_data(p, h->json, -1, NULL))
      json_object_set_member(r, "record", json_node_copy(json_parser_get_root(p)));
    sb_print_record(r, stdout);
  }
  return hits->len ? EXIT_OK : EXIT_FILE;
}

static int cmd_export(int argc, char **argv, const Opts *o) {
  (void)argv;
  if (!need_db(o, "export")) return EXIT_USAGE;
  if (argc) {
    g_printerr("saraban: export takes no FILE (use --out)\n");
    return EXIT_USAGE;
  }
  gboolean csv = o->format && !strcmp(o->format, "csv");
  if (o->format && !csv && strcmp(o->format, "jsonl")) {
    g_printerr("saraban: export --format is jsonl or csv (got '%s')\n", o->format);
    return EXIT_USAGE;
  }
  if (csv && !o->type && !o->out) {
    g_printerr("saraban: export --format csv writes one file per record type: give --out DIR"
               " (or --type TYPE for one type on stdout)\n");
    return EXIT_USAGE;
  }
  GError *err = NULL;
  g_autoptr(SbStore) st = sb_store_open(o->db, TRUE, &err);
  if (!st) return dataset_error(err);
  FILE *out = stdout;
  if (o->out && !(csv && !o->type)) {
    out = fopen(o->out, "wb");
    if (!out) {
      g_printerr("saraban: cannot write %s: %s\n", o->out, g_strerror(errno));
      return EXIT_DATASET;
    }
  }
  gboolean ok = csv ? sb_export_csv(st, o->type, out, o->out, &err)
                    : sb_export_jsonl(st, o->type, out, &err);
  if (out != stdout && fclose(out) != 0 && ok) {
    g_set_error(&err, SB_ERROR, SB_ERROR_IO, "cannot write %s: %s", o->out, g_strerror(errno));
    ok = FALSE;
  }
  return ok ? EXIT_OK : dataset_error(err);
}

static int cmd_merge(int argc, char **argv) {
  if (argc < 2) {
    g_printerr("saraban: merge needs OUT.db and at least one IN.db\n");
    return EXIT_USAGE;
  }
  GError *err = NULL;
  g_autoptr(SbStore) out = sb_store_open(argv[0], FALSE, &err);
  if (!out) return dataset_error(err);
  for (int i = 1; i < argc; i++) {
    guint added = 0;
    if (!sb_store_merge(out, argv[i], &added, &err)) return dataset_error(err);
    g_printerr("saraban: merge: %s: %u documents added\n", argv[i], added);
  }
  return EXIT_OK;
}

/* ---- the program ---- */

static void print_stats(gint64 t0) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double wall = (g_get_monotonic_time() - t0) / 1e6;
  double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
               ru.ru_stime.tv_usec / 1e6;
  g_printerr("saraban: stats: wall_s=%.3f cpu_s=%.3f peak_rss_mb=%.1f\n", wall, cpu,
             ru.ru_maxrss / 1024.0);
}

/* Tesseract's OpenMP runtime reads OMP_THREAD_LIMIT when the library is
 * loaded, before main() runs; saraban parallelizes across pages itself, so
 * it runs again with the limit in its environment.  Returns only when the
 * limit is already set (or the re-exec failed, which is harmless: slower). */
static void ensure_single_threaded_ocr(char **argv) {
  if (g_getenv("OMP_THREAD_LIMIT")) return;
  g_setenv("OMP_THREAD_LIMIT", "1", TRUE);
  execv("/proc/self/exe", argv);
}

static void opts_clear(Opts *o) {
  char **strings[] = {&o->password, &o->lang, &o->tessdata, &o->models, &o->db,
                      &o->shard, &o->format, &o->type, &o->out, &o->done_dir,
                      &o->failed_dir, &o->log, &o->config};
  for (guint i = 0; i < G_N_ELEMENTS(strings); i++) g_clear_pointer(strings[i], g_free);
}

int main(int argc, char **argv) {
  ensure_single_threaded_ocr(argv);
  setlocale(LC_ALL, "");
  sb_ocr_quiet_libraries();
  gint64 t0 = g_get_monotonic_time();
  Opts o = {0};
  o.worker_memory_mb = 4096;
  g_autofree GOptionEntry *re = read_entries(&o);
  g_autofree GOptionEntry *de = data_entries(&o);
  g_autofree GOptionEntry *we = watch_entries(&o);
  GOptionEntry *tables[] = {re, de, we, NULL};
  GError *err = NULL;
  if (!load_config(argc, argv, tables, &err)) {
    g_printerr("saraban: %s\n", err->message);
    g_error_free(err);
    opts_clear(&o);
    return EXIT_USAGE;
  }
  g_autoptr(GOptionContext) ctx = g_option_context_new("COMMAND ARGS...");
  g_option_context_set_summary(ctx, summary_text);
  g_option_context_set_description(ctx, description_text);
  g_option_context_add_main_entries(ctx, re, NULL);
  GOptionGroup *dg = g_option_group_new("dataset", "Dataset options (ingest, watch, search, "
                                        "export, merge):", "Show dataset options", NULL, NULL);
  g_option_group_add_entries(dg, de);
  g_option_context_add_group(ctx, dg);
  GOptionGroup *wg = g_option_group_new("watch", "Inbox options (watch):",
                                        "Show inbox options", NULL, NULL);
  g_option_group_add_entries(wg, we);
  g_option_context_add_group(ctx, wg);
  if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
    g_printerr("saraban: %s (see saraban --help)\n", err->message);
    g_error_free(err);
    opts_clear(&o);
    return EXIT_USAGE;
  }
  if (o.version) {
    printf("saraban %s\n", SARABAN_VERSION);
    opts_clear(&o);
    return EXIT_OK;
  }
  if (argc < 2) {
    g_printerr("saraban: no command given (see saraban --help)\n");
    opts_clear(&o);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  int n = argc - 2;
  char **args = argv + 2;
  int rc;
  if (!strcmp(cmd, "parse") || !strcmp(cmd, "ocr")) rc = cmd_files(cmd, n, args, &o);
  else if (!strcmp(cmd, "worker")) rc = cmd_worker(n, args, &o);
  else if (!strcmp(cmd, "ingest")) rc = cmd_ingest(n, args, &o);
  else if (!strcmp(cmd, "watch")) rc = cmd_watch(n, args, &o);
  else if (!strcmp(cmd, "search")) rc = cmd_search(n, args, &o);
  else if (!strcmp(cmd, "export")) rc = cmd_export(n, args, &o);
  else if (!strcmp(cmd, "merge")) rc = cmd_merge(n, args);
  else {
    g_printerr("saraban: unknown command '%s' (commands: parse, ocr, ingest, watch, search, "
               "export, merge; see saraban --help)\n", cmd);
    rc = EXIT_USAGE;
  }
  if (o.stats) print_stats(t0);
  opts_clear(&o);
  return rc;
}
