/*
 * digitext.c: training text for saraban's Thai-digit model (see
 * train-digits.sh).  Prints N lines of number-like text as it appears on
 * Thai official documents: dates (๑๕ / ๒๕๖๓), document numbers
 * (๐๘๑๐.๓/ว ๓๑๙๕), amounts (๑๒,๓๔๕.๕๐), phone numbers ((๐๒) ๒๔๑-๙๐๐๐ ต่อ
 * is left out: letters other than ว are not in the model), times
 * (๑๐.๓๐), percentages and plain counts, in Thai digits, ASCII digits or
 * both.  Deterministic: the same seed gives the same text.
 *
 * --thai writes every number in Thai digits, and --keep CHARS drops every
 * other character but those (and the space): for faces that lack ASCII
 * digits or punctuation (the Thai faces of fonts-noto-core).
 *
 * --letters FILE prints lines of Thai text instead, picked at random from
 * FILE (a seed document) with their digits removed: the letters the
 * glyph classifier learns so as to tell them from digits
 * (train-glyphs.sh).
 *
 * Usage: digitext [-n LINES] [-s SEED] [--thai] [--keep CHARS]
 *        digitext [-n LINES] [-s SEED] --letters FILE
 */
#include <glib.h>
#include <locale.h>
#include <stdio.h>

static const char *const THAI[10] = {"๐", "๑", "๒", "๓", "๔", "๕", "๖", "๗", "๘", "๙"};

/* What is being written: the text, the random source, Thai digits or not. */
typedef struct {
  GString *s;
  GRand *r;
  gboolean thai;
} Out;

static void digits(Out *o, int n) {
  GString *s = o->s;
  GRand *r = o->r;
  for (int i = 0; i < n; i++) {
    int d = g_rand_int_range(r, 0, 10);
    if (o->thai)
      g_string_append(s, THAI[d]);
    else
      g_string_append_c(s, (char)('0' + d));
  }
}

static void number(Out *o, int lo, int hi) {
  GString *s = o->s;
  int v = g_rand_int_range(o->r, lo, hi + 1);
  char buf[16];
  g_snprintf(buf, sizeof buf, "%d", v);
  for (const char *p = buf; *p; p++)
    if (o->thai)
      g_string_append(s, THAI[*p - '0']);
    else
      g_string_append_c(s, *p);
}

static void amount(Out *o) {
  GString *s = o->s;
  GRand *r = o->r;
  int groups = g_rand_int_range(r, 0, 4);
  number(o, 1, 999);
  for (int i = 0; i < groups; i++) {
    g_string_append_c(s, ',');
    digits(o, 3);
  }
  if (g_rand_boolean(r)) {
    g_string_append_c(s, '.');
    digits(o, 2);
  }
}

static void token(Out *o) {
  GString *s = o->s;
  GRand *r = o->r;
  switch (g_rand_int_range(r, 0, 11)) {
  case 0: /* day */
    number(o, 1, 31);
    break;
  case 1: /* BE year */
    number(o, 2540, 2570);
    break;
  case 2: /* document number */
    digits(o, 4);
    g_string_append_c(s, '.');
    digits(o, g_rand_int_range(r, 1, 3));
    g_string_append(s, g_rand_boolean(r) ? "/ว" : "/");
    if (g_rand_boolean(r)) g_string_append_c(s, ' ');
    number(o, 1, 9999);
    break;
  case 3:
    amount(o);
    break;
  case 4: /* phone */
    if (g_rand_boolean(r)) {
      g_string_append_c(s, '(');
      digits(o, 2);
      g_string_append(s, ") ");
    } else {
      digits(o, 1);
    }
    digits(o, 3);
    g_string_append_c(s, '-');
    digits(o, 4);
    break;
  case 5: /* time */
    number(o, 0, 23);
    g_string_append_c(s, g_rand_boolean(r) ? '.' : ':');
    digits(o, 2);
    break;
  case 6: /* short date */
    number(o, 1, 31);
    g_string_append_c(s, '/');
    number(o, 1, 12);
    g_string_append_c(s, '/');
    if (g_rand_boolean(r))
      number(o, 2540, 2570);
    else
      digits(o, 2);
    break;
  case 7: /* list number, section */
    number(o, 1, 20);
    g_string_append_c(s, '.');
    if (g_rand_boolean(r)) number(o, 1, 9);
    break;
  case 8: /* range */
    number(o, 1, 99);
    g_string_append(s, g_rand_boolean(r) ? " - " : "-");
    number(o, 1, 99);
    break;
  case 9: /* parenthesized */
    g_string_append_c(s, '(');
    number(o, 1, 999);
    g_string_append_c(s, ')');
    break;
  default: /* plain digits */
    digits(o, g_rand_int_range(r, 1, 8));
    break;
  }
}

/* @n lines of @path's Thai text (a line of at least 20 characters with a
 * Thai letter, its digits removed, white space made one space, cut to 70
 * characters), each picked at random with @r; FALSE if @path cannot be
 * read or holds no such line. */
static gboolean letter_lines(const char *path, int n, GRand *r, GError **error) {
  g_autofree char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, error)) return FALSE;
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; lines[i]; i++) {
    if (!g_utf8_validate(lines[i], -1, NULL)) continue;
    GString *l = g_string_new(NULL);
    gboolean thai = FALSE;
    for (const char *p = lines[i]; *p && g_utf8_strlen(l->str, -1) < 70; p = g_utf8_next_char(p)) {
      gunichar c = g_utf8_get_char(p);
      if (g_unichar_isdigit(c)) continue;
      if (g_unichar_isspace(c)) {
        if (l->len && l->str[l->len - 1] != ' ') g_string_append_c(l, ' ');
        continue;
      }
      thai |= g_unichar_get_script(c) == G_UNICODE_SCRIPT_THAI && g_unichar_isalpha(c);
      g_string_append_unichar(l, c);
    }
    g_strstrip(l->str);
    if (thai && g_utf8_strlen(l->str, -1) >= 20)
      g_ptr_array_add(kept, g_string_free(l, FALSE));
    else
      g_string_free(l, TRUE);
  }
  if (!kept->len) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s holds no line of Thai text", path);
    return FALSE;
  }
  for (int i = 0; i < n; i++) puts(g_ptr_array_index(kept, g_rand_int_range(r, 0, kept->len)));
  return TRUE;
}

int main(int argc, char **argv) {
  gint lines = 600, seed = 1;
  gboolean thai_only = FALSE;
  g_autofree char *keep = NULL, *letters = NULL;
  GOptionEntry entries[] = {
      {"lines", 'n', 0, G_OPTION_ARG_INT, &lines, "Lines to print", "N"},
      {"seed", 's', 0, G_OPTION_ARG_INT, &seed, "Random seed", "S"},
      {"thai", 't', 0, G_OPTION_ARG_NONE, &thai_only, "Thai digits only", NULL},
      {"keep", 'k', 0, G_OPTION_ARG_STRING, &keep, "Drop every character but these", "CHARS"},
      {"letters", 'l', 0, G_OPTION_ARG_FILENAME, &letters, "Thai text lines from FILE instead",
       "FILE"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  setlocale(LC_ALL, ""); /* --keep is read in the locale's encoding (UTF-8) */
  g_autoptr(GOptionContext) ctx = g_option_context_new("- training text for the digit model");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) err = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
    fprintf(stderr, "digitext: %s\n", err->message);
    return 2;
  }
  g_autoptr(GRand) r = g_rand_new_with_seed((guint32)seed);
  if (letters) {
    if (letter_lines(letters, lines, r, &err)) return 0;
    fprintf(stderr, "digitext: %s\n", err->message);
    return 1;
  }
  for (int i = 0; i < lines; i++) {
    g_autoptr(GString) s = g_string_new(NULL);
    /* mostly Thai digits, as the circulars print them */
    gboolean line_thai = g_rand_double(r) < 0.75;
    int n = g_rand_int_range(r, 2, 6);
    for (int k = 0; k < n; k++) {
      Out o = {s, r, g_rand_double(r) < 0.9 ? line_thai : !line_thai};
      if (thai_only) o.thai = TRUE;
      if (k) g_string_append_c(s, ' ');
      token(&o);
    }
    if (keep) {
      /* characters the face lacks become spaces, runs of spaces one */
      g_autoptr(GString) f = g_string_new(NULL);
      for (const char *p = s->str; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        gboolean ok = c != ' ' && g_utf8_strchr(keep, -1, c);
        if (ok)
          g_string_append_unichar(f, c);
        else if (f->len && f->str[f->len - 1] != ' ')
          g_string_append_c(f, ' ');
      }
      g_strstrip(f->str);
      if (*f->str) puts(f->str);
      continue;
    }
    puts(s->str);
  }
  return 0;
}
