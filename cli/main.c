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
    "FILE is a PDF or a UTF-8 text page.  Records are described in\n"
    "records.md; field names never change.\n"
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
  GError *err = NULL;
  g_autoptr(SbDocument) doc = sb_ingest_file(path, &io, &err);
  if (!doc) {
    g_printerr("saraban: %s: %s\n", path, err->message);
    g_error_free(err);
    return EXIT_FILE;
  }
  if (!sb_ocr_document(doc, &err)) {
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

int main(int argc, char **argv) {
  setlocale(LC_ALL, "");
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
  return rc;
}
