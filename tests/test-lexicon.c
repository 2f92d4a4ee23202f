/* test-lexicon.c: the Thai dictionary of the OCR stage (ocr/lexicon.h):
 * cutting runs into words, and mending a run misread by one mark, on the
 * misreadings the scanned fixtures show. */
#include <glib.h>

#include "../core/sb.h"
#include "../ocr/lexicon.h"

static SbLexicon *lx;

static int cut(const char *utf8, int *ends) {
  glong n = 0;
  g_autofree gunichar *u = g_utf8_to_ucs4_fast(utf8, -1, &n);
  return sb_lexicon_cut(lx, u, (int)n, ends);
}

/* @page with sb_lexicon_mend()'s mends made */
static char *mended(const char *page) {
  glong n = 0;
  g_autofree gunichar *u = g_utf8_to_ucs4_fast(page, -1, &n);
  g_autoptr(GArray) mends = sb_lexicon_mend(lx, u, (guint)n);
  g_autoptr(GString) out = g_string_new(NULL);
  guint k = 0;
  for (glong i = 0; i < n; i++) {
    const SbMarkMend *m = k < mends->len ? &g_array_index(mends, SbMarkMend, k) : NULL;
    if (m && m->at == (guint)i) {
      k++;
      g_assert_true(!m->was || m->was == u[i]);
      if (m->was && m->now) g_string_append_unichar(out, m->now); /* in its place */
      if (m->was) continue;                                       /* (or taken away) */
      g_string_append_unichar(out, u[i]);
      g_string_append_unichar(out, m->now); /* put in after */
      continue;
    }
    g_string_append_unichar(out, u[i]);
  }
  g_assert_cmpuint(k, ==, mends->len);
  return g_string_free(g_steal_pointer(&out), FALSE);
}

static void check(const char *page, const char *want) {
  g_autofree char *got = mended(page);
  g_assert_cmpstr(got, ==, want);
}

static void test_cut(void) {
  int ends[64];
  g_assert_cmpint(cut("ไตรมาสที่", ends), ==, 2);
  g_assert_cmpint(ends[0], ==, 6); /* ไตรมาส | ที่ */
  g_assert_cmpint(cut("ท้องถิ่น", NULL), >=, 1);
  g_assert_cmpint(cut("ขอเชิญประชุมคณะกรรมการ", NULL), >=, 3);
  /* a tone mark lost, a vowel misread: no longer words */
  g_assert_cmpint(cut("ท้องถิน", NULL), ==, -1);
  g_assert_cmpint(cut("ไตรมาสทิ่", NULL), ==, -1);
  g_assert_cmpint(cut("", NULL), ==, 0);
}

static void test_mend(void) {
  /* a subject's tone mark lost, the word written in the body */
  check("เรื่อง แผนพัฒนาท้องถิน\nเพื่อการพัฒนาท้องถิ่นต่อไป", "เรื่อง แผนพัฒนาท้องถิ่น\nเพื่อการพัฒนาท้องถิ่นต่อไป");
  /* an upper vowel read as another */
  check("ไตรมาสทิ่ 1\nในส่วนที่เกี่ยวข้อง", "ไตรมาสที่ 1\nในส่วนที่เกี่ยวข้อง");
  /* a lower vowel's tone mark lost (a routing note) */
  check("- กลุมงานการเงิน\nกลุ่มงานแผนพัฒนา", "- กลุ่มงานการเงิน\nกลุ่มงานแผนพัฒนา");
  /* a mark too many, taken away */
  check("การดำเนิ็นงาน\nผลการดำเนินงาน", "การดำเนินงาน\nผลการดำเนินงาน");
}

static void test_left_alone(void) {
  /* the page does not write the word elsewhere: as read */
  check("เรื่อง แผนพัฒนาท้องถิน", "เรื่อง แผนพัฒนาท้องถิน");
  /* a name the dictionary lacks */
  check("ผู้ประสานงาน นายจิรเมธ บัวงาม\nนายจรเมธ", "ผู้ประสานงาน นายจิรเมธ บัวงาม\nนายจรเมธ");
  /* an abbreviation beside its dot */
  check("ทิ่.\nในส่วนที่เกี่ยวข้อง", "ทิ่.\nในส่วนที่เกี่ยวข้อง");
  /* two mends fit (ไม่, ไม้): neither is taken */
  check("ไม\nไม่ ไม้", "ไม\nไม่ ไม้");
  /* where the page writes only one of them as a word (ไม้บรรทัด is one
   * word), that one is taken */
  check("ไม\nไม่มี ไม้บรรทัด", "ไม่\nไม่มี ไม้บรรทัด");
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_autoptr(GError) error = NULL;
  lx = sb_lexicon_load(NULL, &error);
  g_assert_no_error(error);
  g_test_add_func("/lexicon/cut", test_cut);
  g_test_add_func("/lexicon/mend", test_mend);
  g_test_add_func("/lexicon/left-alone", test_left_alone);
  int rc = g_test_run();
  sb_lexicon_free(lx);
  return rc;
}
