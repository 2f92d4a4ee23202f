/*
 * normalize.c: ICU-based canonical text.  See normalize.h for the rules and
 * their order.  Work is done in UTF-16 (ICU's native form) and converted
 * back to UTF-8 once.
 */
#include "normalize.h"

#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#define NIKHAHIT 0x0E4D
#define SARA_AA 0x0E32
#define SARA_AM 0x0E33


static gboolean is_tone(UChar32 c) { return c >= 0x0E48 && c <= 0x0E4B; }

/* Windows-era Thai fonts draw shifted forms of marks at U+F700-U+F71A
 * (left-shifted, lowered, or descender-less variants).  Each maps back to
 * the one standard character it is a glyph of. */
static const UChar32 pua_thai[] = {
    0x0E10, 0x0E34, 0x0E35, 0x0E36, 0x0E37, 0x0E48, 0x0E49, 0x0E4A, 0x0E4B, /* F700-F708 */
    0x0E4C, 0x0E48, 0x0E49, 0x0E4A, 0x0E4B, 0x0E4C, 0x0E0D, 0x0E31, 0x0E4D, /* F709-F711 */
    0x0E47, 0x0E48, 0x0E49, 0x0E4A, 0x0E4B, 0x0E4C, 0x0E38, 0x0E39, 0x0E3A, /* F712-F71A */
};

/* UTF-8 -> UTF-16, ICU-allocated via g_new. */
static UChar *to_u16(const char *s, int32_t *len) {
  UErrorCode st = U_ZERO_ERROR;
  int32_t n = 0;
  u_strFromUTF8(NULL, 0, &n, s, -1, &st);
  if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) return NULL;
  st = U_ZERO_ERROR;
  UChar *u = g_new(UChar, n + 1);
  u_strFromUTF8(u, n + 1, len, s, -1, &st);
  if (U_FAILURE(st)) {
    g_free(u);
    return NULL;
  }
  return u;
}

static char *to_u8(const UChar *u, int32_t len) {
  UErrorCode st = U_ZERO_ERROR;
  int32_t n = 0;
  u_strToUTF8(NULL, 0, &n, u, len, &st);
  if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) return NULL;
  st = U_ZERO_ERROR;
  char *s = g_new(char, n + 1);
  u_strToUTF8(s, n + 1, NULL, u, len, &st);
  if (U_FAILURE(st)) {
    g_free(s);
    return NULL;
  }
  s[n] = 0;
  return s;
}

/* Code-point pass: rules 1, 2, 3, 5, 6 that are local to a character or a
 * short sequence.  Appends to out (capacity >= len + 1). */
static int32_t map_pass(const UChar *in, int32_t len, UChar *out, SbNormFlags f) {
  int32_t o = 0;
  gboolean pending_space = FALSE;
  for (int32_t i = 0; i < len;) {
    UChar32 c;
    U16_NEXT(in, i, len, c);
    if ((f & SB_NORM_PUA) && c >= 0xF700 && c <= 0xF71A) c = pua_thai[c - 0xF700];
    if ((f & SB_NORM_IGNORABLES) && u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
      continue;
    if ((f & SB_NORM_SPACE) && (u_isUWhiteSpace(c) || c == 0x00A0)) {
      pending_space = o > 0;
      continue;
    }
    if ((f & SB_NORM_DIGITS) && u_charType(c) == U_DECIMAL_DIGIT_NUMBER)
      c = '0' + u_charDigitValue(c);
    if (pending_space) {
      out[o++] = ' ';
      pending_space = FALSE;
    }
    if ((f & SB_NORM_SARA_AM) && c == SARA_AA && o > 0) {
      /* NIKHAHIT [tone] SARA AA  or  [tone] NIKHAHIT SARA AA */
      if (out[o - 1] == NIKHAHIT) {
        out[o - 1] = SARA_AM;
        continue;
      }
      if (o > 1 && is_tone(out[o - 1]) && out[o - 2] == NIKHAHIT) {
        out[o - 2] = out[o - 1];
        out[o - 1] = SARA_AM;
        continue;
      }
    }
    if (U_IS_BMP(c)) {
      out[o++] = (UChar)c;
    } else {
      out[o++] = U16_LEAD(c);
      out[o++] = U16_TRAIL(c);
    }
  }
  return o;
}

char *sb_normalize_text_full(const char *text, SbNormFlags flags) {
  if (!text) return NULL;
  int32_t len = 0;
  g_autofree UChar *u = to_u16(text, &len);
  if (!u) return g_strdup(text);
  g_autofree UChar *m = g_new(UChar, len + 1);
  int32_t mlen = map_pass(u, len, m, flags);
  if (flags & SB_NORM_NFC) {
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    if (U_FAILURE(st)) return g_strdup(text);
    int32_t cap = mlen * 3 + 16;
    g_autofree UChar *n = g_new(UChar, cap);
    int32_t nlen = unorm2_normalize(nfc, m, mlen, n, cap, &st);
    if (U_FAILURE(st)) return g_strdup(text);
    char *r = to_u8(n, nlen);
    return r ? r : g_strdup(text);
  }
  char *r = to_u8(m, mlen);
  return r ? r : g_strdup(text);
}

char *sb_normalize_text(const char *text) { return sb_normalize_text_full(text, SB_NORM_ALL); }

gboolean sb_parse_amount(const char *text, gint64 *baht) {
  if (baht) *baht = 0;
  if (!text) return FALSE;
  g_autofree char *t = sb_normalize_text(text);
  char *p = t;
  gsize n = strlen(p);
  /* an optional trailing unit */
  if (g_str_has_suffix(p, "บาท")) {
    n -= strlen("บาท");
    while (n > 0 && p[n - 1] == ' ') n--;
  }
  if (n == 0) return FALSE;
  gint64 v = 0;
  int digits_in_group = 0, groups = 0;
  gboolean grouped = FALSE;
  gsize i = 0;
  for (; i < n && p[i] != '.'; i++) {
    char c = p[i];
    if (c >= '0' && c <= '9') {
      if (v > (G_MAXINT64 - 9) / 10) return FALSE;
      v = v * 10 + (c - '0');
      digits_in_group++;
    } else if (c == ',') {
      if (digits_in_group == 0 || (grouped && digits_in_group != 3) ||
          (!grouped && digits_in_group > 3))
        return FALSE;
      grouped = TRUE;
      groups++;
      digits_in_group = 0;
    } else {
      return FALSE;
    }
  }
  if (digits_in_group == 0 || (grouped && digits_in_group != 3)) return FALSE;
  if (i < n) { /* ".00" only */
    if (n - i != 3 || p[i + 1] != '0' || p[i + 2] != '0') return FALSE;
  }
  if (baht) *baht = v;
  return TRUE;
}

glong sb_first_word_chars(const char *text) {
  if (!text || !*text) return 0;
  int32_t len = 0;
  g_autofree UChar *u = to_u16(text, &len);
  if (!u) return 0;
  UErrorCode st = U_ZERO_ERROR;
  UBreakIterator *bi = ubrk_open(UBRK_WORD, "th", u, len, &st);
  if (U_FAILURE(st)) return 0;
  int32_t start = 0;
  /* skip leading white space */
  while (start < len && u_isUWhiteSpace(u[start])) start++;
  int32_t end = ubrk_following(bi, start);
  ubrk_close(bi);
  if (end == UBRK_DONE) end = len;
  return (glong)u_countChar32(u, end);
}


/* ICU's Thai word breaker over @text: with @words_only, the words (no
 * spaces or punctuation) joined by @sep; else all of @text, @sep put at
 * each boundary that white space does not already mark */
static char *segment(const char *text, const char *sep, gboolean words_only) {
  if (!text) return NULL;
  int32_t len = 0;
  g_autofree UChar *u = to_u16(text, &len);
  if (!u) return g_strdup(text);
  UErrorCode st = U_ZERO_ERROR;
  UBreakIterator *bi = ubrk_open(UBRK_WORD, "th", u, len, &st);
  if (U_FAILURE(st)) return g_strdup(text);
  GString *out = g_string_new(NULL);
  int32_t prev = ubrk_first(bi);
  for (int32_t b = ubrk_next(bi); b != UBRK_DONE; prev = b, b = ubrk_next(bi)) {
    if (words_only && ubrk_getRuleStatus(bi) == UBRK_WORD_NONE) continue;
    g_autofree char *w = to_u8(u + prev, b - prev);
    if (!w) continue;
    gboolean space_before = out->len && g_unichar_isspace(g_utf8_get_char(
                                            g_utf8_prev_char(out->str + out->len)));
    if (out->len && (words_only || (!space_before && !g_unichar_isspace(g_utf8_get_char(w)))))
      g_string_append(out, sep);
    g_string_append(out, w);
  }
  ubrk_close(bi);
  return g_string_free(out, FALSE);
}

char *sb_thai_words(const char *text) { return segment(text, " ", TRUE); }

char *sb_word_breaks(const char *text, const char *sep) { return segment(text, sep, FALSE); }
