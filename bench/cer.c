/*
 * cer.c: character error rate of a text against a reference, as the OCR
 * benchmark reports it: both sides NFC (GLib), SARA AM composed (U+0E4D
 * U+0E32 -> U+0E33, the same glyphs), white space removed; then the edit
 * distance (Levenshtein, code points) divided by the reference length.
 * With --digits, only the digits (Thai ๐-๙ and ASCII 0-9, told apart)
 * are compared: the digit error rate of the digit benchmark.
 * With --numbers, the reference's numbers as printed, white space and
 * all: each white-space separated token with a digit ("๐", "๔๒๔๙",
 * "๒๔๗๗", "(พ.ศ.", "๒๕๖๔)") is an error unless the hypothesis has that
 * token too (each of its tokens answers for one of the reference's):
 * "๐๔๒๔๙๒๔๗๗" read for "๐ ๔๒๔๙ ๒๔๗๗" is three errors.
 * With --words, the same for every token: the words as printed, spaces
 * and all.
 * HYP may be the JSON Lines of `saraban ocr` (a name ending in .jsonl):
 * the "text" of its page records, one after the other, is compared.
 * Usage: cer REF.txt HYP.txt [--digits|--numbers|--words]
 *        prints "errors ref_chars cer_percent" (ref_tokens with --numbers
 *        and --words)
 */
#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

/* The text of @path (the page texts of `saraban ocr` JSON Lines), NFC. */
static char *read_text(const char *path) {
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
  char *nfc = g_utf8_normalize(raw, -1, G_NORMALIZE_NFC);
  if (!nfc) {
    g_printerr("cer: %s is not UTF-8\n", path);
    exit(2);
  }
  return nfc;
}

/* The code points of @nfc, white space removed and SARA AM composed (only
 * its digits with @digits_only), in a new array of *@n. */
static gunichar *prepare(const char *nfc, gboolean digits_only, glong *n) {
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

/* The tokens of @nfc (split at white space), only those that hold a
 * digit with @numbers_only, SARA AM composed, in @counts (token -> how
 * many times, as a pointer); their number returned. */
static glong tokens(const char *nfc, gboolean numbers_only, GHashTable *counts) {
  g_auto(GStrv) words = g_strsplit_set(nfc, " \t\n\r\f\v", -1);
  glong total = 0;
  for (guint i = 0; words[i]; i++) {
    glong n = 0;
    g_autofree gunichar *u = prepare(words[i], FALSE, &n);
    gboolean digit = FALSE;
    for (glong k = 0; k < n; k++) digit |= g_unichar_isdigit(u[k]);
    if (!n || (numbers_only && !digit)) continue;
    char *key = g_ucs4_to_utf8(u, n, NULL, NULL, NULL);
    g_hash_table_insert(counts, key,
                        GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(counts, key)) + 1));
    total++;
  }
  return total;
}

/* --numbers (@numbers_only) and --words: the reference's tokens the
 * hypothesis lacks. */
static int missing_tokens(const char *ref, const char *hyp, gboolean numbers_only) {
  g_autoptr(GHashTable) want = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) have = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  glong n = tokens(ref, numbers_only, want), missing = 0;
  tokens(hyp, numbers_only, have);
  GHashTableIter it;
  gpointer key, count;
  g_hash_table_iter_init(&it, want);
  while (g_hash_table_iter_next(&it, &key, &count)) {
    int found = GPOINTER_TO_INT(g_hash_table_lookup(have, key));
    missing += MAX(0, GPOINTER_TO_INT(count) - found);
  }
  printf("%ld %ld %.2f\n", missing, n, n ? 100.0 * missing / n : 0.0);
  return 0;
}

int main(int argc, char **argv) {
  const char *mode = argc == 4 ? argv[3] : "";
  gboolean digits = !strcmp(mode, "--digits"), numbers = !strcmp(mode, "--numbers");
  gboolean words = !strcmp(mode, "--words");
  if (argc != 3 && !digits && !numbers && !words) {
    g_printerr("usage: cer REF.txt HYP.txt [--digits|--numbers|--words]\n");
    return 2;
  }
  g_autofree char *ref = read_text(argv[1]);
  g_autofree char *hyp = read_text(argv[2]);
  if (numbers || words) return missing_tokens(ref, hyp, numbers);
  glong n, m;
  g_autofree gunichar *a = prepare(ref, digits, &n);
  g_autofree gunichar *b = prepare(hyp, digits, &m);
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
