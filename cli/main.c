/*
 * main.c: the saraban command line.  Uses only the stages' public headers
 * (ingest.h, ocr.h, normalize.h, parse.h); everything it prints is a
 * record from parse/ serialized by json-glib, or one error line per file.
 *
 * Exit codes (also in --help and the README):
 *   0  every file was read and parsed
 *   1  at least one file could not be read (each named on stderr)
 *   2  the command line was wrong
 *   3  an internal error (a bug: please report it)
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../ingest/ingest.h"
#include "../ocr/ocr.h"
#include "../parse/parse.h"

#ifndef SARABAN_VERSION
#define SARABAN_VERSION "0.0.0"
#endif

enum { EXIT_OK = 0, EXIT_FILE = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

typedef struct {
  char *password;
  gboolean stats;
  gboolean no_rules;
  gint64 max_bytes;
  gint max_pages;
  gint64 max_pixels;
  double dpi;
  double max_page_seconds;
  gint jobs;
  gboolean no_ocr, force_ocr, no_digit_model;
  char *lang, *tessdata, *models;
} Opts;

static const char summary_text[] =
    "saraban reads Thai government documents (annual action plans, circular\n"
    "letters) and prints what they say as structured records, one JSON object\n"
    "per line (JSON Lines).\n"
    "\n"
    "Commands:\n"
    "  parse FILE...   every stage a file needs (text layer, normalize, parse);\n"
    "                  prints a \"document\" record per file, then its records\n"
    "                  (plan_project, plan_summary, ...)\n"
    "  ocr FILE...     one \"page\" record per page: the text the later stages\n"
    "                  see, as on the page and normalized\n"
    "\n"
    "FILE is a PDF, a page image (PNG, TIFF, JPEG) or a UTF-8 text page.\n"
    "Pages without a sound text layer (scans, broken Thai fonts) are read\n"
    "by OCR (Tesseract, tha+eng), several pages at once (-j).\n"
    "Records are described in records.md; field names never change.\n"
    "\n"
    "Examples:\n"
    "  saraban parse fixtures/plan/plan-fy2564.pdf > plan.jsonl\n"
    "  saraban parse a.pdf b.pdf | grep plan_summary\n"
    "  saraban ocr --password secret letter.pdf";

static const char description_text[] =
    "Exit status: 0 all files parsed; 1 some file could not be read (one line\n"
    "on stderr names it and says why; the other files are still processed);\n"
    "2 wrong command line; 3 internal error.";

static void print_record(JsonObject *o) {
  g_autoptr(JsonNode) node = json_node_new(JSON_NODE_OBJECT);
  json_node_set_object(node, o);
  g_autoptr(JsonGenerator) g = json_generator_new();
  json_generator_set_root(g, node);
  g_autofree char *s = json_generator_to_data(g, NULL);
  fputs(s, stdout);
  fputc('\n', stdout);
}

static int run_file(const char *cmd, const char *path, const Opts *o) {
  SbIngestOptions io = {0};
  io.password = o->password;
  io.no_rules = o->no_rules || !strcmp(cmd, "ocr");
  io.max_bytes = o->max_bytes > 0 ? (gsize)o->max_bytes : 0;
  io.max_pages = o->max_pages > 0 ? (guint)o->max_pages : 0;
  io.max_pixels = o->max_pixels > 0 ? (guint64)o->max_pixels : 0;
  GError *err = NULL;
  g_autoptr(SbDocument) doc = sb_ingest_file(path, &io, &err);
  if (!doc) {
    g_printerr("saraban: %s: %s\n", path, err->message);
    g_error_free(err);
    return EXIT_FILE;
  }
  SbOcrOptions oo = {0};
  oo.dpi = o->dpi;
  oo.jobs = o->jobs > 0 ? (guint)o->jobs : 0;
  oo.max_pixels = io.max_pixels;
  oo.max_page_seconds = o->max_page_seconds;
  oo.languages = o->lang;
  oo.tessdata = o->tessdata;
  oo.models = o->models;
  oo.no_digit_model = o->no_digit_model;
  oo.force = o->force_ocr;
  oo.never = o->no_ocr;
  if (!sb_ocr_document(doc, &oo, &err)) {
    g_printerr("saraban: %s: %s\n", path, err->message);
    g_error_free(err);
    return EXIT_FILE;
  }
  GPtrArray *recs = !strcmp(cmd, "ocr") ? sb_page_records(doc) : sb_parse_document(doc, &err);
  if (!recs) {
    g_printerr("saraban: %s: internal error: %s\n", path, err ? err->message : "unknown");
    g_clear_error(&err);
    return EXIT_INTERNAL;
  }
  for (guint i = 0; i < recs->len; i++) print_record(recs->pdata[i]);
  g_ptr_array_unref(recs);
  fflush(stdout);
  return EXIT_OK;
}

static void print_stats(gint64 t0, guint files) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double wall = (g_get_monotonic_time() - t0) / 1e6;
  double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
               ru.ru_stime.tv_usec / 1e6;
  g_printerr("saraban: stats: files=%u wall_s=%.3f cpu_s=%.3f peak_rss_mb=%.1f\n", files, wall,
             cpu, ru.ru_maxrss / 1024.0);
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

int main(int argc, char **argv) {
  ensure_single_threaded_ocr(argv);
  setlocale(LC_ALL, "");
  sb_ocr_quiet_libraries();
  gint64 t0 = g_get_monotonic_time();
  Opts o = {0};
  gboolean version = FALSE;
  GOptionEntry entries[] = {
      {"password", 0, 0, G_OPTION_ARG_STRING, &o.password, "Password of encrypted PDFs",
       "PASSWORD"},
      {"max-bytes", 0, 0, G_OPTION_ARG_INT64, &o.max_bytes,
       "Refuse files larger than BYTES (default 512 MiB)", "BYTES"},
      {"max-pages", 0, 0, G_OPTION_ARG_INT, &o.max_pages,
       "Refuse documents with more pages (default 5000)", "N"},
      {"jobs", 'j', 0, G_OPTION_ARG_INT, &o.jobs,
       "Pages read at once by OCR (default: the number of cores)", "N"},
      {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &o.dpi,
       "Resolution PDF pages are rendered at for OCR (default: a scan's own, 200-300; else 300)", "DPI"},
      {"no-ocr", 0, 0, G_OPTION_ARG_NONE, &o.no_ocr,
       "Never OCR: use text layers as they are, even broken ones", NULL},
      {"force-ocr", 0, 0, G_OPTION_ARG_NONE, &o.force_ocr,
       "OCR every page, even those with a sound text layer", NULL},
      {"lang", 0, 0, G_OPTION_ARG_STRING, &o.lang,
       "Tesseract languages (default tha+eng)", "LANGS"},
      {"tessdata", 0, 0, G_OPTION_ARG_FILENAME, &o.tessdata,
       "Directory of Tesseract models (default: Tesseract's own)", "DIR"},
      {"models", 0, 0, G_OPTION_ARG_FILENAME, &o.models,
       "Directory of saraban's own models (default: installed, else the source tree)", "DIR"},
      {"no-digit-model", 0, 0, G_OPTION_ARG_NONE, &o.no_digit_model,
       "Keep the stock Thai model's digits (it cannot read ๔ ๖ ๗ ๘ ๙; for comparing)", NULL},
      {"max-pixels", 0, 0, G_OPTION_ARG_INT64, &o.max_pixels,
       "Refuse page images larger than N pixels (default 100000000)", "N"},
      {"max-page-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &o.max_page_seconds,
       "Give up on a page whose recognition takes longer (default 300)", "S"},
      {"no-rules", 0, 0, G_OPTION_ARG_NONE, &o.no_rules,
       "Do not look for table rulings (no tables are read)", NULL},
      {"stats", 0, 0, G_OPTION_ARG_NONE, &o.stats,
       "Print wall time, CPU time and peak memory to stderr at the end", NULL},
      {"version", 'V', 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("COMMAND FILE...");
  g_option_context_set_summary(ctx, summary_text);
  g_option_context_set_description(ctx, description_text);
  g_option_context_add_main_entries(ctx, entries, NULL);
  GError *err = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
    g_printerr("saraban: %s (see saraban --help)\n", err->message);
    g_error_free(err);
    return EXIT_USAGE;
  }
  if (version) {
    printf("saraban %s\n", SARABAN_VERSION);
    return EXIT_OK;
  }
  if (argc < 2) {
    g_printerr("saraban: no command given (see saraban --help)\n");
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "parse") && strcmp(cmd, "ocr")) {
    g_printerr("saraban: unknown command '%s' (commands: parse, ocr; see saraban --help)\n", cmd);
    return EXIT_USAGE;
  }
  if (argc < 3) {
    g_printerr("saraban: %s needs at least one FILE (see saraban --help)\n", cmd);
    return EXIT_USAGE;
  }
  int rc = EXIT_OK;
  for (int i = 2; i < argc; i++) {
    int r = run_file(cmd, argv[i], &o);
    if (r > rc) rc = r;
  }
  if (o.stats) print_stats(t0, (guint)(argc - 2));
  g_free(o.password);
  g_free(o.lang);
  g_free(o.tessdata);
  g_free(o.models);
  return rc;
}
