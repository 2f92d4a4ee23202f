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
 * Usage: digitext [-n LINES] [-s SEED] [--thai] [--keep CHARS]
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

int main(int argc, char **argv) {
  gint lines = 600, seed = 1;
  gboolean thai_only = FALSE;
  g_autofree char *keep = NULL;
  GOptionEntry entries[] = {
      {"lines", 'n', 0, G_OPTION_ARG_INT, &lines, "Lines to print", "N"},
      {"seed", 's', 0, G_OPTION_ARG_INT, &seed, "Random seed", "S"},
      {"thai", 't', 0, G_OPTION_ARG_NONE, &thai_only, "Thai digits only", NULL},
      {"keep", 'k', 0, G_OPTION_ARG_STRING, &keep, "Drop every character but these", "CHARS"},
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
