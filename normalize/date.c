/*
 * date.c: Thai dates as printed -> SbThaiDate.  See normalize.h.
 *
 * Notes
 *   1. The text is normalized first (sb_normalize_text: digits to ASCII,
 *      NFC, SARA AM, white space), so one pattern serves Thai and ASCII
 *      digits and text-layer and OCR spellings alike.
 *   2. Abbreviated months are matched with their dots optional and spaces
 *      allowed after the dots ("ต.ค.", "ต. ค.", "ต.ค"): OCR and typists
 *      both vary there.
 *   3. On a scan the dot under an abbreviation's letter may be read as a
 *      lower vowel ("กุย." for ก.ย.), or as a dot and a lower vowel
 *      ("ก.ุย."): an abbreviation with a dot left is matched with ุ and ู
 *      taken for dots (no abbreviation has either).
 *   4. The era, พ.ศ. or ค.ศ., as a scan may give it: its first dot lost
 *      (พศ.), read as เ (พเศ.), or its letter read twice (พพ.ศ.): dates
 *      in the seed bundle's scans with scanner seeds 10 and 12.
 *   5. Validity is GLib's calendar (g_date_valid_dmy) on the CE year:
 *      the Buddhist Era is the Gregorian calendar with years + 543.
 */
#include <string.h>

#include "../core/re.h"
#include "../core/sb.h"
#include "normalize.h"

#define BE_OFFSET 543

/* abbreviations without their dots: ม.ค. -> มค */
static const char *const MONTHS_ABBR[12] = {"มค", "กพ", "มีค", "เมย", "พค", "มิย",
                                            "กค", "สค", "กย", "ตค", "พย", "ธค"};

/* One date: [วันที่] [day] [เดือน] month [พ.ศ.|ค.ศ.] year (note 4) */
#define DATE_MONTH_YEAR                                     \
  "(?:เดือน\\s*)?"                                          \
  "((?:[เ-ไ]?[ก-ฮ][ะ-ู็-์]*\\s*\\.?[ุู]?\\s*){2,3}|[ก-๎]+)" \
  "\\s*(?:(?:พ(?=พ))?(พ|ค)\\s*[.เ]?\\s*ศ\\s*\\.?\\s*)?(\\d{2}|\\d{4})"
static const char DATE_RE[] = "(?:วันที่\\s*)?(?:(\\d{1,3})\\s*)?" DATE_MONTH_YEAR;
/* the same with the day required, for finding dates in running text */
static const char DAY_DATE_RE[] = "(?:วันที่\\s*)?(\\d{1,3})\\s*" DATE_MONTH_YEAR;

/* The month number of a name as matched (full or abbreviated), or 0. */
static int month_of(const char *name) {
  g_autoptr(GString) bare = g_string_new(NULL), undotted = g_string_new(NULL);
  gboolean dot = FALSE;
  for (const char *p = name; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    dot |= c == '.';
    if (c == '.' || g_unichar_isspace(c)) continue;
    g_string_append_unichar(bare, c);
    if (c != 0x0E38 && c != 0x0E39) g_string_append_unichar(undotted, c); /* ุ ู (note 3) */
  }
  for (int m = 0; m < 12; m++)
    if (!strcmp(bare->str, SB_THAI_MONTHS[m]) || !strcmp(bare->str, MONTHS_ABBR[m]) ||
        (dot && !strcmp(undotted->str, MONTHS_ABBR[m])))
      return m + 1;
  return 0;
}

/* Fill @date from the groups of DATE_RE. */
static gboolean from_groups(char **g, const char *text, SbThaiDate *date, GError **error) {
  int month = month_of(g[2]);
  if (!month) {
    g_set_error(error, SB_ERROR, SB_ERROR_FORM, "not a Thai date: no month name in \"%s\"", text);
    return FALSE;
  }
  int year = atoi(g[4]);
  gboolean ce = !strcmp(g[3], "ค");
  if (strlen(g[4]) == 2) {
    if (ce) {
      g_set_error(error, SB_ERROR, SB_ERROR_FORM, "not a Thai date: a two-digit CE year in \"%s\"",
                  text);
      return FALSE;
    }
    year += 2500;
  } else if (ce || (year >= 1900 && year < 2400)) {
    year += BE_OFFSET;
  }
  if (year < 2400 || year > 2700) {
    g_set_error(error, SB_ERROR, SB_ERROR_INVALID, "year %d BE is not a plausible year in \"%s\"",
                year, text);
    return FALSE;
  }
  int day = *g[1] ? atoi(g[1]) : 0;
  if (*g[1] && !g_date_valid_dmy((GDateDay)MIN(day, 255), (GDateMonth)month,
                                 (GDateYear)(year - BE_OFFSET))) {
    g_set_error(error, SB_ERROR, SB_ERROR_INVALID, "day %d does not exist in %s %d (in \"%s\")",
                day, SB_THAI_MONTHS[month - 1], year, text);
    return FALSE;
  }
  date->year_be = year;
  date->month = month;
  date->day = day;
  return TRUE;
}

static gboolean parse_with(const char *pattern, const char *text, char ***groups,
                           GError **error) {
  SbRe re = {0};
  if (!sb_re_init(&re, pattern, error)) return FALSE;
  gboolean ok = sb_re_match(&re, text, groups);
  sb_re_clear(&re);
  if (!ok) g_set_error(error, SB_ERROR, SB_ERROR_FORM, "not a Thai date: \"%s\"", text);
  return ok;
}

/* "26/10/63", "26 / ๑๐ / 2563", "26.10.63": day, month number, year. */
static const char NUMERIC_RE[] =
    "^(?:วันที่\\s*)?(\\d{1,3})\\s*([/.])\\s*(\\d{1,2})\\s*\\2\\s*(\\d{2}|\\d{4})$";

static gboolean numeric_date(const char *t, SbThaiDate *date, GError **error) {
  g_auto(GStrv) g = NULL;
  if (!parse_with(NUMERIC_RE, t, &g, NULL)) return FALSE;
  int month = atoi(g[3]);
  if (month < 1 || month > 12) {
    g_set_error(error, SB_ERROR, SB_ERROR_INVALID, "month %d does not exist (in \"%s\")", month, t);
    return TRUE;
  }
  /* the same checks as a named month: groups day, month name, era, year */
  char *as_named[] = {g[0], g[1], (char *)SB_THAI_MONTHS[month - 1], (char *)"", g[4], NULL};
  from_groups(as_named, t, date, error);
  return TRUE;
}

gboolean sb_parse_thai_date(const char *text, SbThaiDate *date, GError **error) {
  g_autofree char *t = sb_normalize_text(text ? text : "");
  g_auto(GStrv) g = NULL;
  GError *nerr = NULL;
  SbThaiDate nd = {0};
  if (numeric_date(t, &nd, &nerr)) {
    if (nerr) {
      g_propagate_error(error, nerr);
      return FALSE;
    }
    *date = nd;
    return TRUE;
  }
  g_autofree char *pattern = g_strdup_printf("^%s$", DATE_RE);
  if (!parse_with(pattern, t, &g, error)) return FALSE;
  return from_groups(g, t, date, error);
}

gboolean sb_parse_thai_date_range(const char *text, SbThaiDate *from, SbThaiDate *to,
                                  GError **error) {
  g_autofree char *t = sb_normalize_text(text ? text : "");
  g_auto(GStrv) g = NULL;
  g_autofree char *pattern = g_strdup_printf("^%s\\s*(?:-|–|ถึง)\\s*%s$", DATE_RE, DATE_RE);
  if (!parse_with(pattern, t, &g, error)) return FALSE;
  if (!from_groups(g, t, from, error) || !from_groups(g + 4, t, to, error)) return FALSE;
  int a = from->year_be * 10000 + from->month * 100 + from->day;
  int b = to->year_be * 10000 + to->month * 100 + to->day;
  if (b < a) {
    g_set_error(error, SB_ERROR, SB_ERROR_INVALID, "the range ends before it starts: \"%s\"", t);
    return FALSE;
  }
  return TRUE;
}

GPtrArray *sb_thai_date_problems(const char *text) {
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  g_autofree char *t = sb_normalize_text(text ? text : "");
  /* dates with a day, anywhere in the text */
  g_autofree char *find = g_strdup_printf("(?<!\\d)%s(?!\\d)", DAY_DATE_RE);
  g_autofree char *whole = g_strdup_printf("^%s$", DATE_RE);
  SbRe fre = {0}, wre = {0};
  if (sb_re_init(&fre, find, NULL) && sb_re_init(&wre, whole, NULL)) {
    gsize from = 0, len = 0;
    gssize at;
    while ((at = sb_re_find(&fre, t, from, &len)) >= 0) {
      g_autofree char *one = g_strndup(t + at, len);
      g_auto(GStrv) g = NULL;
      g_autoptr(GError) err = NULL;
      SbThaiDate d;
      if (sb_re_match(&wre, one, &g) && *g[1] && !from_groups(g, one, &d, &err) &&
          g_error_matches(err, SB_ERROR, SB_ERROR_INVALID))
        g_ptr_array_add(out, g_strdup(err->message));
      from = (gsize)at + MAX(len, 1);
    }
  }
  sb_re_clear(&fre);
  sb_re_clear(&wre);
  return out;
}

char *sb_thai_date_iso(const SbThaiDate *d, gboolean be) {
  int y = be ? d->year_be : d->year_be - BE_OFFSET;
  if (!d->day) return g_strdup_printf("%04d-%02d", y, d->month);
  return g_strdup_printf("%04d-%02d-%02d", y, d->month, d->day);
}
