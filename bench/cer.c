/*
 * cer.c: character error rate of a text against a reference, as the OCR
 * benchmark reports it: both sides NFC (GLib), SARA AM composed (U+0E4D
 * U+0E32 -> U+0E33, the same glyphs), white space removed; then the edit
 * distance (Levenshtein, code points) divided by the reference length.
 * Usage: cer REF.txt HYP.txt    prints "errors ref_chars cer_percent"
 */
#include <glib.h>
#include <stdio.h>

static gunichar *prepare(const char *path, glong *n) {
  g_autofree char *raw = NULL;
  if (!g_file_get_contents(path, &raw, NULL, NULL)) {
    g_printerr("cer: cannot read %s\n", path);
    exit(2);
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
  if (argc != 3) {
    g_printerr("usage: cer REF.txt HYP.txt\n");
    return 2;
  }
  glong n, m;
  g_autofree gunichar *a = prepare(argv[1], &n);
  g_autofree gunichar *b = prepare(argv[2], &m);
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
