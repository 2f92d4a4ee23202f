/*
 * sb.c: constructors and destructors of the plain types in sb.h, and the
 * SB_ERROR quark.  Nothing here knows about any stage.
 */
#include "sb.h"

G_DEFINE_QUARK(saraban-error-quark, sb_error)

gboolean sb_is_thai(gunichar c) { return g_unichar_get_script(c) == G_UNICODE_SCRIPT_THAI; }
gboolean sb_is_thai_mark(gunichar c) { return sb_is_thai(c) && g_unichar_ismark(c); }
gboolean sb_is_thai_letter(gunichar c) { return sb_is_thai(c) && g_unichar_isalpha(c); }
gboolean sb_is_thai_digit(gunichar c) { return sb_is_thai(c) && g_unichar_isdigit(c); }

const char *const SB_THAI_MONTHS[12] = {"มกราคม",  "กุมภาพันธ์", "มีนาคม",  "เมษายน",
                                        "พฤษภาคม", "มิถุนายน",   "กรกฎาคม", "สิงหาคม",
                                        "กันยายน", "ตุลาคม",     "พฤศจิกายน", "ธันวาคม"};

SbPage *sb_page_new(guint number, double width, double height) {
  SbPage *p = g_new0(SbPage, 1);
  p->number = number;
  p->width = width;
  p->height = height;
  p->confidence = -1;
  p->chars = g_array_new(FALSE, FALSE, sizeof(SbChar));
  p->hrules = g_array_new(FALSE, FALSE, sizeof(SbRule));
  p->vrules = g_array_new(FALSE, FALSE, sizeof(SbRule));
  return p;
}

void sb_page_free(SbPage *page) {
  if (!page) return;
  g_array_unref(page->chars);
  g_array_unref(page->hrules);
  g_array_unref(page->vrules);
  g_free(page->text);
  g_free(page->ocr_reason);
  g_free(page);
}

SbDocument *sb_document_new(void) {
  SbDocument *d = g_new0(SbDocument, 1);
  d->pages = g_ptr_array_new_with_free_func((GDestroyNotify)sb_page_free);
  return d;
}

void sb_document_free(SbDocument *doc) {
  if (!doc) return;
  g_free(doc->source);
  g_free(doc->sha256);
  g_free(doc->title);
  g_free(doc->author);
  g_free(doc->creator);
  g_free(doc->producer);
  if (doc->bytes) g_bytes_unref(doc->bytes);
  g_free(doc->password);
  g_ptr_array_unref(doc->pages);
  g_free(doc);
}

void sb_row_free(SbRow *row) {
  if (!row) return;
  /* the number of cells is the table's; cells end with a NULL-text guard */
  for (SbCell *c = row->cells; c && c->text; c++) g_free(c->text);
  g_free(row->cells);
  g_free(row);
}

SbTable *sb_table_new(guint page, guint n_cols) {
  SbTable *t = g_new0(SbTable, 1);
  t->page = page;
  t->n_cols = n_cols;
  t->keys = g_new0(char *, n_cols + 1);
  t->rows = g_ptr_array_new_with_free_func((GDestroyNotify)sb_row_free);
  return t;
}

void sb_table_free(SbTable *table) {
  if (!table) return;
  g_strfreev(table->keys);
  g_ptr_array_unref(table->rows);
  g_free(table);
}

const char *sb_kind_name(SbKind kind) {
  switch (kind) {
  case SB_KIND_PLAN: return "plan";
  case SB_KIND_CIRCULAR: return "circular";
  default: return "unknown";
  }
}

const char *sb_source_name(SbSource source) {
  return source == SB_SOURCE_OCR ? "ocr" : "text";
}
