/*
 * lexicon.c: Thai words (lexicon.h): cutting a run of Thai into
 * libthai's dictionary words with libdatrie, and mending a run that does
 * not cut by one mark.
 */
#include "lexicon.h"

#include <datrie/trie.h>
#include <string.h>

#include "../core/sb.h"

struct SbLexicon {
  Trie *trie;
};

/* Runs longer than this are left as read: trying every mend costs the
 * square of the length and more (a run of 73 code points with a name in
 * it, longer than any on the scanned fixtures, takes 6 ms: each of 13
 * marks put in after each character, the run cut anew each time). */
#define MAX_RUN 256
/* The word a mend makes must be this many code points long: a word of a
 * letter and one mark fits too easily (with 2, on the scanned fixtures,
 * ทสุด became ทีสุด where ที่สุด is printed, and รับมบอบหมาย became
 * รับมีบอบหมาย where รับมอบหมาย is). */
#define MIN_MENDED_WORD 3

char *sb_lexicon_path(void) {
  const char *dir = g_getenv("LIBTHAI_DICTDIR");
  return g_build_filename(dir && *dir ? dir : "/usr/share/libthai", "thbrk.tri", NULL);
}

SbLexicon *sb_lexicon_load(const char *path, GError **error) {
  g_autofree char *def = path ? NULL : sb_lexicon_path();
  const char *p = path ? path : def;
  Trie *trie = trie_new_from_file(p);
  if (!trie) {
    g_set_error(error, SB_ERROR, SB_ERROR_SETUP,
                "the Thai dictionary %s cannot be read (is libthai-data installed?)", p);
    return NULL;
  }
  SbLexicon *lx = g_new0(SbLexicon, 1);
  lx->trie = trie;
  return lx;
}

void sb_lexicon_free(SbLexicon *lx) {
  if (!lx) return;
  trie_free(lx->trie);
  g_free(lx);
}

/* (from the run's end back: @best[i] the fewest words u[i..n) cuts into,
 * -1 if none; of two cuts as short, the one whose first word is longer) */
int sb_lexicon_cut(const SbLexicon *lx, const gunichar *u, int n, int *ends) {
  if (n <= 0) return n == 0 ? 0 : -1;
  g_autofree int *best = g_new(int, n + 1);
  best[n] = 0;
  TrieState *s = trie_root(lx->trie);
  for (int i = n - 1; i >= 0; i--) {
    best[i] = -1;
    trie_state_rewind(s);
    for (int j = i; j < n && trie_state_walk(s, (AlphaChar)u[j]); j++) {
      if (!trie_state_is_terminal(s) || best[j + 1] < 0) continue;
      if (best[i] < 0 || best[j + 1] + 1 <= best[i]) {
        best[i] = best[j + 1] + 1;
        if (ends) ends[i] = j + 1;
      }
    }
  }
  trie_state_free(s);
  return best[0];
}

/* A character of a run: a Thai letter or mark (not ๆ, which repeats the
 * word before it and is no part of one). */
static gboolean in_run(gunichar c) {
  return c != 0x0E46 && (sb_is_thai_letter(c) || sb_is_thai_mark(c));
}

/* The marks a mend puts in, takes away or puts in another's place: the
 * upper vowels (MAI HAN-AKAT, SARA I, II, UE, UEE, MAITAIKHU), the tone
 * marks, THANTHAKHAT, and SARA U and UU below. */
static const gunichar MARKS[] = {0x0E31, 0x0E34, 0x0E35, 0x0E36, 0x0E37, 0x0E47, 0x0E48,
                                 0x0E49, 0x0E4A, 0x0E4B, 0x0E4C, 0x0E38, 0x0E39};

static gboolean mendable(gunichar c) {
  for (gsize i = 0; i < G_N_ELEMENTS(MARKS); i++)
    if (MARKS[i] == c) return TRUE;
  return FALSE;
}

/* The next run of @text (@n code points) from *@i on: its start in *@i,
 * its end in *@j; FALSE if there is none. */
static gboolean next_run(const gunichar *text, guint n, guint *i, guint *j) {
  while (*i < n && !in_run(text[*i])) (*i)++;
  for (*j = *i; *j < n && in_run(text[*j]);) (*j)++;
  return *i < n;
}

/* Does the run @v (@n code points, mended at @p) cut into words, and is
 * the word @p falls in one of @words? */
static gboolean mend_fits(const SbLexicon *lx, const gunichar *v, int n, int p, int *ends,
                          GHashTable *words) {
  if (sb_lexicon_cut(lx, v, n, ends) < 0) return FALSE;
  int a = 0;
  while (ends[a] <= p) a = ends[a];
  if (ends[a] - a < MIN_MENDED_WORD) return FALSE;
  g_autofree char *w = g_ucs4_to_utf8(v + a, ends[a] - a, NULL, NULL, NULL);
  return w && g_hash_table_contains(words, w);
}

/* One mend tried: the mended run @v (@len code points, mended at @p)
 * fits?  Counted in *@fits, kept in *@found. */
static void try_mend(const SbLexicon *lx, const gunichar *v, int len, int p, int *ends,
                     GHashTable *words, SbMarkMend m, int *fits, SbMarkMend *found) {
  if (!mend_fits(lx, v, len, p, ends, words)) return;
  (*fits)++;
  *found = m;
}

/* The one mend of the run @u (@n code points) that fits (mend_fits());
 * FALSE if none does or more than one. */
static gboolean mend_run(const SbLexicon *lx, const gunichar *u, int n, GHashTable *words,
                         SbMarkMend *found) {
  g_autofree gunichar *v = g_new(gunichar, n + 1);
  g_autofree int *ends = g_new(int, n + 1);
  int fits = 0;
  for (int i = 0; i < n && fits < 2; i++) {
    /* a mark put in after u[i] */
    for (gsize q = 0; q < G_N_ELEMENTS(MARKS); q++) {
      memcpy(v, u, (i + 1) * sizeof(gunichar));
      v[i + 1] = MARKS[q];
      memcpy(v + i + 2, u + i + 1, (n - i - 1) * sizeof(gunichar));
      SbMarkMend m = {(guint)i, 0, MARKS[q]};
      try_mend(lx, v, n + 1, i + 1, ends, words, m, &fits, found);
    }
    if (i == 0 || !mendable(u[i])) continue;
    /* the mark u[i] taken away (the word is the one of the letter it
     * sat on) */
    memcpy(v, u, i * sizeof(gunichar));
    memcpy(v + i, u + i + 1, (n - i - 1) * sizeof(gunichar));
    SbMarkMend gone = {(guint)i, u[i], 0};
    try_mend(lx, v, n - 1, i - 1, ends, words, gone, &fits, found);
    /* another mark in its place */
    memcpy(v, u, n * sizeof(gunichar));
    for (gsize q = 0; q < G_N_ELEMENTS(MARKS); q++) {
      if (MARKS[q] == u[i]) continue;
      v[i] = MARKS[q];
      SbMarkMend m = {(guint)i, u[i], MARKS[q]};
      try_mend(lx, v, n, i, ends, words, m, &fits, found);
    }
  }
  return fits == 1;
}

typedef struct {
  guint i, j; /* a run's start and end */
} Run;

GArray *sb_lexicon_mend(const SbLexicon *lx, const gunichar *text, guint n) {
  GArray *mends = g_array_new(FALSE, FALSE, sizeof(SbMarkMend));
  /* the page's own words (MIN_MENDED_WORD code points or more), from the
   * runs that cut into words; the runs that do not, to mend */
  g_autoptr(GHashTable) words = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) broken = g_array_new(FALSE, FALSE, sizeof(Run));
  g_autofree int *ends = g_new(int, MAX_RUN);
  for (guint i = 0, j; next_run(text, n, &i, &j); i = j) {
    int len = (int)(j - i);
    if (len > MAX_RUN) continue;
    if (sb_lexicon_cut(lx, text + i, len, ends) < 0) {
      Run r = {i, j};
      g_array_append_val(broken, r);
      continue;
    }
    for (int a = 0; a < len; a = ends[a])
      if (ends[a] - a >= MIN_MENDED_WORD)
        g_hash_table_add(words, g_ucs4_to_utf8(text + i + a, ends[a] - a, NULL, NULL, NULL));
  }
  for (guint k = 0; k < broken->len; k++) {
    const Run *r = &g_array_index(broken, Run, k);
    /* the letters of an abbreviation (อบต., ส.น.ม.) are no words */
    gboolean dotted = (r->i > 0 && text[r->i - 1] == '.') || (r->j < n && text[r->j] == '.');
    SbMarkMend m;
    if (!dotted && r->j - r->i >= 2 && mend_run(lx, text + r->i, (int)(r->j - r->i), words, &m)) {
      m.at += r->i;
      g_array_append_val(mends, m);
    }
  }
  return mends;
}
