/*
 * cer.c: character error rate of a text against a reference, as the OCR
 * benchmark reports it: both sides NFC (GLib), SARA AM composed (U+0E4D
 * U+0E32 -> U+0E33, the same glyphs), white space removed; then the edit
 * distance (Levenshtein, code points) divided by the reference length.
 * With --digits, only the digits (Thai ๐-๙ and ASCII 0-9, told apart)
 * are compared: the digit error rate of the digit benchmark.
 * HYP may be the JSON Lines of `saraban ocr` (a name ending in .jsonl):
 * the "text" of its page records, one after the other, is compared.
 * Usage: cer REF.txt HYP.txt [--digits]   prints "errors ref_chars cer_percent"
 */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

static gunichar *prepare(const char *path, gboolean digits_only, glong *n) {
  g_autofree char *raw = NULL;
  if (!g_file_get_contents(path, &raw, NULL, NULL)) {
    g_printerr("cer: cannot read %s\n", path);
    exit(2);
  }
  if (g_str_has_suffix(path, ".jsonl")) {
    /* saraban ocr output: the page texts in order */
    g_autoptr(GString) all = g_string_new(NULL);
    g_auto(GStrv) lines = g_strsplit(raw, "\n", -1);
    for (guint i = 0; lines[i]; i++) {
      if (!*lines[i]) continue;
      g_autoptr(JsonParser) p = json_parser_new();
      if (!json_parser_load_from_data(p, lines[i], -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p))) {
        g_printerr("cer: %s line %u is not JSON\n", path, i + 1);
        exit(2);
      }
      JsonObject *o = json_node_get_object(json_parser_get_root(p));
      if (json_object_has_member(o, "text"))
        g_string_append_printf(all, "%s\n", json_object_get_string_member(o, "text"));
    }
    g_free(raw);
    raw = g_string_free(g_steal_pointer(&all), FALSE);
  }
  g_autofree char *nfc = g_utf8_normalize(raw, -1, G_NORMALIZE_NFC);
  if (!nfc) {
    g_printerr("cer: %s is not UTF-8\n", path);
    exit(2);
  }
  glong len = g_utf8_strlen(nfc, -1), k = 0;
  gunichar *out = g_new(gunichar, len + 1);
  for (const char *p = nfc; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_isspace(c)) continue;
    if (digits_only && !g_unichar_isdigit(c)) continue;
    if (c == 0x0E32 && k > 0 && out[k - 1] == 0x0E4D) {
      out[k - 1] = 0x0E33;
      continue;
    }
    out[k++] = c;
  }
  *n = k;
  return out;
}

int main(int argc, char **argv) {
  gboolean digits = argc == 4 && !strcmp(argv[3], "--digits");
  if (argc != 3 && !digits) {
    g_printerr("usage: cer REF.txt HYP.txt [--digits]\n");
    return 2;
  }
  glong n, m;
  g_autofree gunichar *a = prepare(argv[1], digits, &n);
  g_autofree gunichar *b = prepare(argv[2], digits, &m);
  g_autofree glong *prev = g_new(glong, m + 1), *cur = g_new(glong, m + 1);
  for (glong j = 0; j <= m; j++) prev[j] = j;
  for (glong i = 1; i <= n; i++) {
    cur[0] = i;
    for (glong j = 1; j <= m; j++) {
      glong sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
      glong del = prev[j] + 1, ins = cur[j - 1] + 1;
      cur[j] = MIN(sub, MIN(del, ins));
    }
    glong *t = prev;
    prev = cur;
    cur = t;
  }
  printf("%ld %ld %.2f\n", prev[m], n, n ? 100.0 * prev[m] / n : 0.0);
  return 0;
}
