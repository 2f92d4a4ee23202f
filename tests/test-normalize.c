/* test-normalize.c: one test per rule of normalize.h, on real Thai text. */
#include <glib.h>
#include <string.h>

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

static void test_words(void) {
  g_autofree char *w = sb_thai_words("ธนาคารน้ำใต้ดิน");
  g_assert_nonnull(strstr(w, " ")); /* split into several words */
  g_assert_cmpint(sb_first_word_chars("กิจกรรมที่ 1"), <, 10);
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
  return g_test_run();
}
