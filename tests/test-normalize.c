/* test-normalize.c: one test per rule of normalize.h, on real Thai text. */
#include <glib.h>
#include <string.h>

#include "../core/re.h"
#include "../core/sb.h"
#include "../normalize/normalize.h"

static void check(const char *in, const char *want) {
  g_autofree char *got = sb_normalize_text(in);
  g_assert_cmpstr(got, ==, want);
}

static void test_nfc(void) {
  /* e + combining acute -> é */
  check("cafe\xcc\x81", "caf\xc3\xa9");
}

static void test_sara_am(void) {
  check("น\u0e4d\u0e32", "น\u0e33");              /* นํา -> นำ */
  check("น\u0e49\u0e4d\u0e32", "น\u0e49\u0e33");  /* tone between */
  check("น\u0e4d\u0e49\u0e32", "น\u0e49\u0e33");  /* tone after NIKHAHIT */
  check("ทำ", "ทำ");                               /* already composed */
}

static void test_pua(void) {
  /* U+F70B is the lowered-left MAI THO of old Thai fonts */
  check("ป\uf70bา", "ป\u0e49า");
  check("\uf700าน", "ฐาน");
}

static void test_zero_width(void) {
  check("ธนาคาร\u200bน้ำ\u200bใต้ดิน", "ธนาคารน้ำใต้ดิน");
  check("\ufeffแผน", "แผน");
}

static void test_space(void) {
  check("  โครงการ \t วันท้องถิ่นไทย \n", "โครงการ วันท้องถิ่นไทย");
  check("a\u00a0b", "a b");
}

static void test_digits(void) {
  check("พ.ศ. ๒๕๖๔", "พ.ศ. 2564");
  check("ที่ มท ๐๘๑๐.๓/ว ๓๑๙๕", "ที่ มท 0810.3/ว 3195");
  g_autofree char *kept = sb_normalize_text_full("๒๕๖๔", SB_NORM_KEEP_DIGITS);
  g_assert_cmpstr(kept, ==, "๒๕๖๔");
}

static void test_amount(void) {
  gint64 v = -1;
  g_assert_true(sb_parse_amount("4,916,000", &v));
  g_assert_cmpint(v, ==, 4916000);
  g_assert_true(sb_parse_amount("๔,๙๑๖,๐๐๐", &v));
  g_assert_cmpint(v, ==, 4916000);
  g_assert_true(sb_parse_amount("236,479,663,099", &v));
  g_assert_cmpint(v, ==, 236479663099);
  g_assert_true(sb_parse_amount("1,220,000.00 บาท", &v));
  g_assert_cmpint(v, ==, 1220000);
  g_assert_true(sb_parse_amount("500000", &v));
  g_assert_cmpint(v, ==, 500000);
  g_assert_false(sb_parse_amount("ไม่ใช้งบประมาณ", &v));
  g_assert_false(sb_parse_amount("1,22,000", &v));
  g_assert_false(sb_parse_amount("1,220,000.50", &v));
  g_assert_false(sb_parse_amount("", &v));
  g_assert_false(sb_parse_amount("99999999999999999999", &v));
}

/* One date: the expected ISO forms (CE, BE), or NULL with the error code. */
static void check_date(const char *text, const char *ce, const char *be, int code) {
  SbThaiDate d = {0};
  g_autoptr(GError) err = NULL;
  gboolean ok = sb_parse_thai_date(text, &d, &err);
  if (!ce) {
    g_assert_false(ok);
    g_assert_error(err, SB_ERROR, code);
    return;
  }
  if (!ok) g_error("%s: %s", text, err->message);
  g_autofree char *a = sb_thai_date_iso(&d, FALSE);
  g_autofree char *b = sb_thai_date_iso(&d, TRUE);
  g_assert_cmpstr(a, ==, ce);
  g_assert_cmpstr(b, ==, be);
}

static void test_dates(void) {
  /* full month names, Thai and ASCII digits */
  check_date("๑๕ ตุลาคม ๒๕๖๓", "2020-10-15", "2563-10-15", 0);
  check_date("15 ตุลาคม 2563", "2020-10-15", "2563-10-15", 0);
  check_date("วันที่ ๑ เดือนมกราคม พ.ศ. ๒๕๖๔", "2021-01-01", "2564-01-01", 0);
  check_date("วันที่ 29 กุมภาพันธ์ 2563", "2020-02-29", "2563-02-29", 0);
  /* every abbreviated month, with and without dots and spaces */
  static const char *abbr[] = {"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                               "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."};
  for (int m = 0; m < 12; m++) {
    g_autofree char *t = g_strdup_printf("๑ %s ๖๔", abbr[m]);
    g_autofree char *want = g_strdup_printf("2021-%02d-01", m + 1);
    g_autofree char *want_be = g_strdup_printf("2564-%02d-01", m + 1);
    check_date(t, want, want_be, 0);
  }
  check_date("15 ต. ค. 63", "2020-10-15", "2563-10-15", 0);
  check_date("15 ตค 63", "2020-10-15", "2563-10-15", 0);
  /* a dot read as a lower vowel on a scan (date.c note 3), seed bundle */
  check_date("30 กุย. 2563", "2020-09-30", "2563-09-30", 0);
  check_date("30 ก.ุย. 2563", "2020-09-30", "2563-09-30", 0);
  check_date("30 กุย 2563", NULL, NULL, SB_ERROR_FORM); /* no dot left: no abbreviation */
  check_date("1 มู.ค. 64", "2021-01-01", "2564-01-01", 0);
  /* the era as a scan gives it (date.c note 4), seed bundle scans */
  check_date("31 ตุลาคม พศ. 2563", "2020-10-31", "2563-10-31", 0);
  check_date("31 ตุลาคม พเศ. 2563", "2020-10-31", "2563-10-31", 0);
  check_date("31 ตุลาคม พพ.ศ. 2563", "2020-10-31", "2563-10-31", 0);
  check_date("31 ตุลาคม คพ.ศ. 2020", NULL, NULL, SB_ERROR_FORM); /* two eras: none */
  /* month and year only; a CE year */
  check_date("ต.ค. ๖๓", "2020-10", "2563-10", 0);
  check_date("15 ตุลาคม ค.ศ. 2020", "2020-10-15", "2563-10-15", 0);
  check_date("15 ตุลาคม 2020", "2020-10-15", "2563-10-15", 0);
  /* numbers only: day / month / year, as receipt stamps write them */
  check_date("26 / ๑๐ / 63", "2020-10-26", "2563-10-26", 0);
  check_date("วันที่ 26/10/2563", "2020-10-26", "2563-10-26", 0);
  check_date("1.2.66", "2023-02-01", "2566-02-01", 0);
  check_date("26/13/63", NULL, NULL, SB_ERROR_INVALID);
  check_date("31/4/64", NULL, NULL, SB_ERROR_INVALID);
  check_date("26/10.63", NULL, NULL, SB_ERROR_FORM); /* mixed separators */
  /* invalid: reported, never corrected */
  check_date("๓๑ กุมภาพันธ์ ๒๕๖๔", NULL, NULL, SB_ERROR_INVALID);
  check_date("29 กุมภาพันธ์ 2564", NULL, NULL, SB_ERROR_INVALID); /* 2021: no leap day */
  check_date("๒๕๓ ตุลาคม ๒๕๖๓", NULL, NULL, SB_ERROR_INVALID);  /* as in the seed bundle */
  check_date("0 ตุลาคม 2563", NULL, NULL, SB_ERROR_INVALID);
  check_date("15 ตุลาคม 3000", NULL, NULL, SB_ERROR_INVALID);
  /* not dates */
  check_date("15 ตุลา 2563", NULL, NULL, SB_ERROR_FORM);
  check_date("- 1 ค.ค. 2563", NULL, NULL, SB_ERROR_FORM); /* a stamp's slip, seed bundle */
  check_date("ตุลาคม", NULL, NULL, SB_ERROR_FORM);
  check_date("4,916,000", NULL, NULL, SB_ERROR_FORM);
  check_date("", NULL, NULL, SB_ERROR_FORM);
}

static void test_date_ranges(void) {
  SbThaiDate a, b;
  g_autoptr(GError) err = NULL;
  g_assert_true(sb_parse_thai_date_range("ต.ค. ๖๓ - ธ.ค. ๖๓", &a, &b, &err));
  g_assert_cmpint(a.month, ==, 10);
  g_assert_cmpint(b.month, ==, 12);
  g_assert_cmpint(b.year_be, ==, 2563);
  g_assert_true(sb_parse_thai_date_range("1 ม.ค. 2564 ถึง 31 มี.ค. 2564", &a, &b, NULL));
  g_assert_cmpint(b.day, ==, 31);
  g_assert_false(sb_parse_thai_date_range("ธ.ค. ๖๓ - ต.ค. ๖๓", &a, &b, &err));
  g_assert_error(err, SB_ERROR, SB_ERROR_INVALID);
  g_clear_error(&err);
  g_assert_false(sb_parse_thai_date_range("๓๑ เม.ย. ๖๔ - ๑ พ.ค. ๖๔", &a, &b, &err));
  g_assert_error(err, SB_ERROR, SB_ERROR_INVALID); /* April has 30 days */
}

static void test_date_problems(void) {
  g_autoptr(GPtrArray) p = sb_thai_date_problems(
      "ลงวันที่ ๑๕ ตุลาคม ๒๕๖๓ จังหวัดบึงกาฬ ๒๕๓ ตุลาคม ๒๕๖๓ และ 31 ก.พ. 64 ต.ค. ๖๓ 2,500 บาท");
  g_assert_cmpuint(p->len, ==, 2);
  g_assert_nonnull(strstr(p->pdata[0], "253"));
  g_assert_nonnull(strstr(p->pdata[1], "31"));
  g_autoptr(GPtrArray) none = sb_thai_date_problems("๑๕ ตุลาคม ๒๕๖๓ ถึง ๓๑ ธันวาคม ๒๕๖๓");
  g_assert_cmpuint(none->len, ==, 0);
}

static void test_words(void) {
  g_autofree char *w = sb_thai_words("ธนาคารน้ำใต้ดิน");
  g_assert_nonnull(strstr(w, " ")); /* split into several words */
  g_assert_cmpint(sb_first_word_chars("กิจกรรมที่ 1"), <, 10);
  /* marked boundaries: removing the marks gives the text back */
  const char *t = "โครงการธนาคารน้ำใต้ดิน ปี 2564";
  g_autofree char *m = sb_word_breaks(t, "|");
  g_assert_nonnull(strstr(m, "|"));
  g_assert_null(strstr(m, "| ")); /* never beside white space */
  g_assert_null(strstr(m, " |"));
  g_auto(GStrv) parts = g_strsplit(m, "|", -1);
  g_autofree char *back = g_strjoinv("", parts);
  g_assert_cmpstr(back, ==, t);
  g_assert_true(g_strv_contains((const char *const *)parts, "ธนาคาร"));
}

/* sb_re_replace(): every match, a buffer grown past the first guess of
 * its size, an invalid replacement an error */
static void test_re_replace(void) {
  SbRe re;
  g_autoptr(GError) err = NULL;
  g_assert_true(sb_re_init(&re, "(?<=ที่)(?=\\d)", &err));
  g_autoptr(GString) in = g_string_new(NULL);
  g_autoptr(GString) want = g_string_new(NULL);
  for (int i = 0; i < 40; i++) {
    g_string_append(in, "ที่1");
    g_string_append(want, "ที่ 1");
  }
  g_autofree char *out = sb_re_replace(&re, in->str, " ", &err);
  g_assert_no_error(err);
  g_assert_cmpstr(out, ==, want->str);
  g_autofree char *same = sb_re_replace(&re, "ไม่มีเลข", " ", &err);
  g_assert_cmpstr(same, ==, "ไม่มีเลข");
  g_autofree char *bad = sb_re_replace(&re, "ที่1", "$9", &err);
  g_assert_null(bad);
  g_assert_error(err, SB_ERROR, SB_ERROR_INTERNAL);
  sb_re_clear(&re);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/normalize/nfc", test_nfc);
  g_test_add_func("/normalize/sara-am", test_sara_am);
  g_test_add_func("/normalize/pua", test_pua);
  g_test_add_func("/normalize/zero-width", test_zero_width);
  g_test_add_func("/normalize/space", test_space);
  g_test_add_func("/normalize/digits", test_digits);
  g_test_add_func("/normalize/amount", test_amount);
  g_test_add_func("/normalize/words", test_words);
  g_test_add_func("/normalize/dates", test_dates);
  g_test_add_func("/normalize/date-ranges", test_date_ranges);
  g_test_add_func("/normalize/date-problems", test_date_problems);
  g_test_add_func("/core/re-replace", test_re_replace);
  return g_test_run();
}
