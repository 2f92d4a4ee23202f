/*
 * run.c: one file through every stage in this process (see ops.h).
 */
#include <string.h>

#include "../parse/parse.h"
#include "ops.h"

gboolean sb_run_file(const char *path, const SbRunOptions *o, SbRun *out, GError **error) {
  memset(out, 0, sizeof *out);
  out->doc = sb_ingest_file(path, &o->ingest, error);
  if (!out->doc) return FALSE;
  if (!sb_ocr_document(out->doc, &o->ocr, error)) {
    sb_run_clear(out);
    return FALSE;
  }
  if (o->records) {
    out->records = sb_parse_document(out->doc, error);
    if (!out->records) {
      g_prefix_error(error, "internal error: ");
      sb_run_clear(out);
      return FALSE;
    }
  }
  if (o->pages) out->pages = sb_page_records(out->doc);
  return TRUE;
}

void sb_run_clear(SbRun *run) {
  g_clear_pointer(&run->doc, sb_document_free);
  g_clear_pointer(&run->records, g_ptr_array_unref);
  g_clear_pointer(&run->pages, g_ptr_array_unref);
}

void sb_print_record(JsonObject *record, FILE *out) {
  g_autoptr(JsonNode) n = json_node_new(JSON_NODE_OBJECT);
  json_node_set_object(n, record);
  g_autoptr(JsonGenerator) g = json_generator_new();
  json_generator_set_root(g, n);
  g_autofree char *s = json_generator_to_data(g, NULL);
  fputs(s, out);
  fputc('\n', out);
}
