/*
 * circular.c: circular bundles -> "circular" and "kpi" records.
 *
 * A bundle is a stack of letters (each forwarding the next), forms and
 * tables.  The reader walks the text lines of every page, top to bottom,
 * as a Thai official letter is read:
 *
 *   header    ด่วน… / ที่ <number>, the issuing office and its address on the
 *             right, the date; เรื่อง, เรียน, อ้างถึง, สิ่งที่ส่งมาด้วย
 *             (a memo: บันทึกข้อความ, ส่วนราชการ, ที่, วันที่, เรื่อง, เรียน)
 *   body      paragraphs (a first line indented, wrapped lines at the margin)
 *   closing   ขอแสดงความนับถือ, the signature, the (name) in parentheses
 *   position  the lines right under the name, centred like it
 *   contact   the unit and its phones at the bottom left
 *
 * A letter begins at a ที่ line on the left or at บันทึกข้อความ; a page
 * that begins with "- N -" continues the letter before it; any other page
 * after a finished letter (a form, a table) is not a letter.
 *
 * Note 1: text inside a small ruled box is not letter text: it is a
 * receipt stamp (เลขที่รับ … วันที่ … เวลา …) when it holds a number and a
 * date, and then belongs to the letter it is stamped on: the letter that
 * begins on that page, else the one continued on it.  Its number and date
 * are never taken for the letter's own.  On a scan the date's label may
 * lose its tone mark (วันที) or be read as Latin ("Juri 30 กุย. 2563"):
 * after the number, a line that is a date after at most six characters
 * is the stamp's date.
 * Note 2: layout, not fonts: the left margin is where the ที่ / เรื่อง
 * lines start; a line continues a header field when it starts at the
 * margin or where the field's text began (the x after its label); a body
 * paragraph starts at a line indented from the margin.
 * Note 3: a date that cannot exist (day 253) is not corrected: the record
 * has date null, date_text as printed and date_problem saying why.
 * Note 4: the urgency is printed at the top left, where the emblem or a
 * stamp may cover its first letters ("จ ต=ทสุด" read for ด่วนที่สุด).  On
 * a scanned page a short line in the top fifth that ends as only one of
 * the three urgencies ends (…สุด, …มาก) is taken for it; the record keeps
 * the text as read in urgency_text.
 * Note 5: the issuing office is named again in the letter: in its body
 * ("ด้วยกรม…ได้รับแจ้ง"), under the signature ("อธิบดีกรม…"), in the
 * contact unit.  On a scan a stamp can cover the letterhead (the seed
 * bundle's second letter: the stamp's border runs through the tops of
 * ครองท้องถิ่น).  When the issuer as read is written nowhere else in the
 * letter but a stretch of it, from word boundary to word boundary, is
 * at most ISSUER_MAX_EDITS edits a character away (insertions, deletions,
 * substitutions; a mark lost or added counts half: stamps and rulings
 * take marks first), that stretch is taken for the issuer; the record
 * keeps the reading as issuer_text and says so in problems.
 * Note 6: a memo's title, บันทึกข้อความ, is large and bold, and a scan
 * loses its marks first (บนทกขอความ); an urgency stamp beside it can run
 * into it ("ลด รวันทึกข้อความ).  On a scanned page a line in the top
 * three tenths of it that is the title's last letters with or without
 * their marks (ทกขอความ, ทึกข้อความ), after at most 12 characters, opens a
 * memo too; read as a letter, its ที่ line is taken for a letter's and
 * its date line for the issuing office.  The seed bundle scanned with
 * scansim seeds 1-12: the memo found as one on all 12 (8 before).
 */
#include <math.h>
#include <string.h>

#include "../core/re.h"
#include "../normalize/normalize.h"
#include "circular.h"
#include "layout.h"

#define ISSUER_MAX_EDITS 0.2 /* note 5: letters' worth of edits per letter at most */

/* ---- patterns ----------------------------------------------------------- */
enum {
  RE_URGENT, RE_URGENT_TAIL, RE_MEMO, RE_MEMO_OCR, RE_NO, RE_GOVT, RE_DATELINE, RE_SUBJECT, RE_TO, RE_REF,
  RE_ATT, RE_ITEM, RE_ITEM_CONT, RE_CLOSE, RE_NAME, RE_PAGEMARK, RE_PHONE, RE_FAX, RE_COORD,
  RE_EMAIL, RE_URL, RE_DEADLINE, RE_STAMP_NO, RE_STAMP_DATE, RE_STAMP_DATE_ANY, RE_STAMP_TIME, RE_NUMBERED,
  RE_PERCENT, RE_DOCNO_SHAPE, RE_DOCNO_CITED, RE_CITE_SPACE, RE_BAD_MOBILE, N_RE
};
/* a document number: office letters, a unit code of four or five digits
 * (maybe .N or a space and a digit), /, maybe ว, a number; as groups for
 * canonical_doc_nos() */
#define DOCNO "([ก-ฮ]{1,3}\\.?)\\s?(\\d{4,5}(?:[.\\s]\\d{1,2})?)\\s?/\\s?(?:(ว\\.?)\\s?)?(\\d{1,5})"

static const char *const patterns[N_RE] = {
    [RE_URGENT] = "^(ด่วนที่สุด|ด่วนมาก|ด่วน)$",
    /* its end, the rest covered (note 4) */
    [RE_URGENT_TAIL] = "^.{0,8}(สุด|มาก)$",
    [RE_MEMO] = "^บันทึกข้อความ",
    /* the memo's title as a scan may give it: its marks lost (the title
     * is large and bold: บนทกขอความ), a stamp's letters run into its
     * start ("ลด รวันทึกข้อความ) (note 6) */
    [RE_MEMO_OCR] = "^.{0,12}?ท\\p{Mn}*ก\\p{Mn}*ข\\p{Mn}*อ\\p{Mn}*ความ$",
    /* a letter number: an office code and digits, "มท 0810.3/ว 3195" */
    [RE_NO] = "^ที่\\s*([ก-ฮ]{1,3}\\.?\\s*\\d[\\d. ]*(?:/\\s*(?:ว\\.?\\s*)?\\s*\\d+)?)"
              "(?:\\s+วันที่\\s*(.+))?$",
    [RE_GOVT] = "^ส่วนราชการ\\s*(.*)$",
    /* the labels as OCR may give them when a tone mark stacked on an
     * upper vowel is lost, or a word is split (ocr.c note 2): วันที,
     * เรือ ง, เรื่อ ง */
    [RE_DATELINE] = "^วันที่?\\s*(.+)$",
    [RE_SUBJECT] = "^เรื?่?อ\\s?ง\\s*(.*)$",
    [RE_TO] = "^เรียน\\s*(.*)$",
    [RE_REF] = "^อ้างถึง\\s*(.*)$",
    [RE_ATT] = "^สิ่งที่ส่งมาด้วย\\s*(.*)$",
    [RE_ITEM] = "^\\(?\\d{1,2}[.)]\\s*\\S",
    /* (ที่ and a day is the end of a ลงวันที่ the line wrapped in two) */
    [RE_ITEM_CONT] = "^(?:ลงวันที่|จำนวน|ที่\\s(?!\\d{1,2}\\s*[ก-ฮ]))",
    [RE_CLOSE] = "^ขอแสดงความนับถือ",
    [RE_NAME] = "^\\(\\s*([^()]{3,})\\s*\\)$",
    [RE_PAGEMARK] = "^-\\s*\\d{1,2}\\s*-$",
    [RE_PHONE] = "(?:โทรศัพท์|โทร\\.?)\\s*(?:มือถือ\\s*)?"
                 "(\\d[\\d -]{5,}\\d(?:\\s*ต่อ\\s*\\d+(?:\\s*,\\s*\\d+)*)?)",
    [RE_FAX] = "โทรสาร\\s*(\\d[\\d -]{5,}\\d)",
    [RE_COORD] = "^ผู้ประสานงาน\\s*(.+?)(?:\\s*(?:โทรศัพท์|โทร\\.?)\\s*\\d.*)?$",
    [RE_EMAIL] = "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+",
    [RE_URL] = "(?:https?://|www\\.)[A-Za-z0-9./?=&%#_~:+-]+[A-Za-z0-9/=&%#_~+-]",
    [RE_DEADLINE] = "ภายใน(?:วันที่)?\\s*(\\d{1,2}\\s*[ก-๎.\\s]+?(?:พ\\.\\s*ศ\\.\\s*)?\\d{2,4})",
    [RE_STAMP_NO] = "(?:เลขที่รับ|เลขรับที่|เลขรับ|เลขที่|ที่)\\s*[:.]?\\s*(\\d+)",
    /* (วันที: its tone mark lost, as RE_DATELINE) */
    [RE_STAMP_DATE] = "^วันที่?\\s*(.*)$",
    /* a date after a label read as something else ("Juri 30 กุย. 2563") */
    [RE_STAMP_DATE_ANY] = "^\\S{0,6}\\s*(\\d{1,2}\\s*\\S.*\\d{2,4})\\s*$",
    [RE_STAMP_TIME] = "^เวลา\\s*(\\d{1,2}[.:]\\d{2})?",
    [RE_NUMBERED] = "^(\\d+(?:\\.\\d+)*)\\.?\\s*(.*)$",
    [RE_PERCENT] = "(?:ร้อยละ|%)",
    [RE_DOCNO_SHAPE] = "^" DOCNO "$",
    /* one cited in a field: สำเนาหนังสือ … ที่ มท 0810.3/ว 3195 */
    [RE_DOCNO_CITED] = "ที่\\s*" DOCNO "(?!\\d)",
    /* where a citation wants the space OCR lost: before ลงวันที่ ("2565ลงวันที่"),
     * and after ที่ before a number ("ที่456/2565", "ลงวันที่14") */
    [RE_CITE_SPACE] = "(?<=\\S)(?=ลงวันที่)|(?<=ที่)(?=\\d)",
    /* a phone that begins as a Thai mobile number does (06, 08, 09) but
     * has not its ten digits (an extension, ต่อ …, not counted) */
    [RE_BAD_MOBILE] = "^0\\D?[689](?!(?:\\D?\\d){8}(?:\\s*ต่อ.*)?$)",
};

/* ---- lines -------------------------------------------------------------- */
typedef struct {
  char *text;    /* normalized */
  SbBox box;
  double h;      /* line height */
  double value_x; /* x after the first word gap (the label's end), or box.x1 */
} Frag;

/* OCR noise (the emblem read as "|เ|)|", "md", a quote mark): fewer than
 * two Thai letters or digits and fewer than three Latin letters, or more
 * punctuation than letters. */
static gboolean is_noise(const char *t) {
  int thai = 0, latin = 0, other = 0;
  for (const char *p = t; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (sb_is_thai_letter(c) || g_unichar_isdigit(c))
      thai++;
    else if (g_unichar_isalpha(c) && c < 0x80)
      latin++;
    else if (!g_unichar_isspace(c) && !sb_is_thai_mark(c))
      other++;
  }
  return (thai < 2 && latin < 3) || other > thai + latin;
}

static void frag_free(Frag *f) {
  g_free(f->text);
  g_free(f);
}

/* Rulings that touch or cross are one ruled region (a stamp, a table). */
static gboolean rules_touch(const SbRule *a, const SbRule *b) {
  const double tol = 3;
  return a->x1 - tol <= b->x2 && b->x1 - tol <= a->x2 && a->y1 - tol <= b->y2 &&
         b->y1 - tol <= a->y2;
}

static guint uf_find(guint *p, guint i) {
  while (p[i] != i) i = p[i] = p[p[i]];
  return i;
}

/* Boxes in reading order: side by side (overlapping by half the shorter
 * one's height) left to right, else top to bottom. */
static int reading_order(gconstpointer pa, gconstpointer pb) {
  const SbBox *a = pa, *b = pb;
  double overlap = MIN(a->y2, b->y2) - MAX(a->y1, b->y1);
  if (overlap * 2 > MIN(a->y2 - a->y1, b->y2 - b->y1)) return (a->x1 > b->x1) - (a->x1 < b->x1);
  return (a->y1 > b->y1) - (a->y1 < b->y1);
}

static GArray *ruled_regions(const SbPage *page) {
  GArray *out = g_array_new(FALSE, FALSE, sizeof(SbBox));
  guint nh = page->hrules->len, n = nh + page->vrules->len;
  if (!page->hrules->len || !page->vrules->len) return out;
  g_autofree guint *parent = g_new(guint, n);
  for (guint i = 0; i < n; i++) parent[i] = i;
#define RULE(i) \
  ((i) < nh ? &g_array_index(page->hrules, SbRule, i) : &g_array_index(page->vrules, SbRule, (i) - nh))
  for (guint i = 0; i < n; i++)
    for (guint k = i + 1; k < n; k++)
      if (rules_touch(RULE(i), RULE(k))) parent[uf_find(parent, i)] = uf_find(parent, k);
  for (guint i = 0; i < n; i++) {
    if (uf_find(parent, i) != i) continue;
    SbBox b = {G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE};
    guint nh_in = 0, nv_in = 0;
    for (guint k = 0; k < n; k++) {
      if (uf_find(parent, k) != i) continue;
      const SbRule *r = RULE(k);
      b.x1 = MIN(b.x1, r->x1), b.y1 = MIN(b.y1, r->y1);
      b.x2 = MAX(b.x2, r->x2), b.y2 = MAX(b.y2, r->y2);
      if (k < nh) nh_in++; else nv_in++;
    }
    /* a box needs two rulings each way and some area */
    if (nh_in >= 2 && nv_in >= 2 && b.x2 - b.x1 > 20 && b.y2 - b.y1 > 10) {
      g_array_append_val(out, b);
    }
  }
#undef RULE
  /* in reading order, whatever order the rulings came in (a scan's tilt
   * reorders them): the stamps of a page are listed as they are read */
  g_array_sort(out, reading_order);
  return out;
}

static int region_of(GArray *regions, const SbBox *b) {
  double cx = (b->x1 + b->x2) / 2, cy = (b->y1 + b->y2) / 2;
  for (guint i = 0; i < regions->len; i++) {
    const SbBox *r = &g_array_index(regions, SbBox, i);
    if (cx > r->x1 && cx < r->x2 && cy > r->y1 && cy < r->y2) return (int)i;
  }
  return -1;
}

static int by_x1(gconstpointer a, gconstpointer b) {
  double x = ((const SbChar *)a)->box.x1, y = ((const SbChar *)b)->box.x1;
  return x < y ? -1 : x > y;
}

/* The x where a line's text resumes after its label: the first character
 * after a space or a gap wider than a fifth of the line height, among the
 * first few characters (the x after สิ่งที่ส่งมาด้วย), or the line's x1. */
static double value_x(const SbPage *page, const SbBox *lb, double h) {
  g_autoptr(GArray) cs = g_array_new(FALSE, FALSE, sizeof(SbChar));
  for (guint i = 0; i < page->chars->len; i++) {
    const SbChar *c = &g_array_index(page->chars, SbChar, i);
    double cx = (c->box.x1 + c->box.x2) / 2, cy = (c->box.y1 + c->box.y2) / 2;
    if (cx >= lb->x1 && cx <= lb->x2 && cy >= lb->y1 && cy <= lb->y2 && !sb_is_thai_mark(c->ch))
      g_array_append_val(cs, *c);
  }
  g_array_sort(cs, by_x1);
  double right = -G_MAXDOUBLE;
  gboolean space = FALSE;
  for (guint i = 0; i < cs->len && i < 24; i++) {
    const SbChar *c = &g_array_index(cs, SbChar, i);
    if (g_unichar_isspace(c->ch)) {
      space = i > 0;
      continue;
    }
    if (i && (space || c->box.x1 - right > 0.2 * h)) return c->box.x1;
    right = MAX(right, c->box.x2);
  }
  return lb->x1;
}

/* ---- the letter being read ---------------------------------------------- */
typedef enum { ST_HEADER, ST_BODY, ST_CLOSING, ST_POSITION, ST_CONTACT, ST_DONE } State;
typedef enum { F_NONE, F_SUBJECT, F_TO, F_ATT, F_REF, F_GOVT } Field;

typedef struct {
  gboolean memo;
  State st;
  Field field;
  double field_x; /* where the open field's text began */
  double left;    /* the left margin */
  GArray *pages;  /* guint */
  char *urgency, *doc_no, *issuer, *date_text, *date_problem;
  char *urgency_text; /* as read, when only its end was (note 4) */
  gboolean have_date;
  SbThaiDate date;
  GString *address, *subject, *to, *govt; /* govt: a memo's ส่วนราชการ */
  GPtrArray *attachments, *references; /* GString* */
  GPtrArray *paras;                    /* GString* */
  char *signer;
  GString *position, *unit;
  double name_cx, last_y2;
  GPtrArray *phones, *fax, *emails; /* char* */
  char *person;
  JsonArray *received;
} Letter;

static void gstr_free(gpointer s) { g_string_free(s, TRUE); }

static Letter *letter_new(void) {
  Letter *l = g_new0(Letter, 1);
  l->pages = g_array_new(FALSE, FALSE, sizeof(guint));
  l->address = g_string_new(NULL);
  l->subject = g_string_new(NULL);
  l->to = g_string_new(NULL);
  l->govt = g_string_new(NULL);
  l->attachments = g_ptr_array_new_with_free_func(gstr_free);
  l->references = g_ptr_array_new_with_free_func(gstr_free);
  l->paras = g_ptr_array_new_with_free_func(gstr_free);
  l->position = g_string_new(NULL);
  l->unit = g_string_new(NULL);
  l->phones = g_ptr_array_new_with_free_func(g_free);
  l->fax = g_ptr_array_new_with_free_func(g_free);
  l->emails = g_ptr_array_new_with_free_func(g_free);
  l->received = json_array_new();
  l->left = -1;
  return l;
}

static void letter_free(Letter *l) {
  g_array_unref(l->pages);
  g_free(l->urgency), g_free(l->urgency_text), g_free(l->doc_no), g_free(l->issuer);
  g_free(l->date_text), g_free(l->date_problem), g_free(l->signer), g_free(l->person);
  g_string_free(l->address, TRUE), g_string_free(l->subject, TRUE), g_string_free(l->to, TRUE);
  g_string_free(l->govt, TRUE);
  g_string_free(l->position, TRUE), g_string_free(l->unit, TRUE);
  g_ptr_array_unref(l->attachments), g_ptr_array_unref(l->references);
  g_ptr_array_unref(l->paras), g_ptr_array_unref(l->phones), g_ptr_array_unref(l->fax);
  g_ptr_array_unref(l->emails);
  json_array_unref(l->received);
  g_free(l);
}

typedef struct {
  SbRe re[N_RE];
  GPtrArray *letters;  /* Letter*, in order */
  Letter *cur;
  char *pending_urgency, *pending_urgency_text;
  JsonArray *pending_stamps; /* stamps seen before any letter */
  GPtrArray *unclaimed;      /* Frag* of this page outside any letter */
} Ctx;

static void add_page(Letter *l, guint page) {
  if (!l->pages->len || g_array_index(l->pages, guint, l->pages->len - 1) != page)
    g_array_append_val(l->pages, page);
}

static void set_date(Letter *l, const char *text) {
  if (l->have_date || l->date_text) return;
  g_autoptr(GError) err = NULL;
  if (sb_parse_thai_date(text, &l->date, &err)) {
    l->have_date = TRUE;
  } else {
    l->date_text = g_strdup(text);
    l->date_problem = g_strdup(err->message);
  }
}

/* A whole line that is a date (valid or not); FALSE for other text. */
static gboolean is_date_line(const char *t) {
  SbThaiDate d;
  g_autoptr(GError) err = NULL;
  return sb_parse_thai_date(t, &d, &err) || g_error_matches(err, SB_ERROR, SB_ERROR_INVALID);
}

static Letter *start_letter(Ctx *c, guint page, gboolean memo) {
  Letter *l = letter_new();
  l->memo = memo;
  l->urgency = g_steal_pointer(&c->pending_urgency);
  l->urgency_text = g_steal_pointer(&c->pending_urgency_text);
  add_page(l, page);
  if (c->pending_stamps) { /* stamped on a page before the letter's header */
    for (guint i = 0; i < json_array_get_length(c->pending_stamps); i++)
      json_array_add_element(l->received,
                             json_node_copy(json_array_get_element(c->pending_stamps, i)));
    g_clear_pointer(&c->pending_stamps, json_array_unref);
  }
  g_ptr_array_add(c->letters, l);
  c->cur = l;
  return l;
}

static void append_to(GString *s, const char *t) { sb_join_wrapped(s, t); }

static void list_add(GPtrArray *list, const char *t) {
  if (*t) g_ptr_array_add(list, g_string_new(t));
}

static void list_continue(GPtrArray *list, const char *t) {
  if (!list->len)
    list_add(list, t);
  else
    append_to(list->pdata[list->len - 1], t);
}

/* Labels of the header: TRUE when the line was one of them. */
static gboolean header_label(Ctx *c, Letter *l, const Frag *f) {
  g_auto(GStrv) g = NULL;
  const char *t = f->text;
  if (sb_re_match(&c->re[RE_SUBJECT], t, &g)) {
    g_string_assign(l->subject, g[1]);
    l->field = F_SUBJECT;
  } else if (sb_re_match(&c->re[RE_TO], t, &g)) {
    g_string_assign(l->to, g[1]);
    l->field = F_TO;
  } else if (sb_re_match(&c->re[RE_ATT], t, &g)) {
    list_add(l->attachments, g[1]);
    l->field = F_ATT;
  } else if (sb_re_match(&c->re[RE_REF], t, &g)) {
    list_add(l->references, g[1]);
    l->field = F_REF;
  } else if (sb_re_match(&c->re[RE_GOVT], t, &g)) {
    g_string_assign(l->govt, g[1]); /* split in govt_fields() */
    l->field = F_GOVT;
  } else if (l->memo && sb_re_match(&c->re[RE_DATELINE], t, &g)) {
    set_date(l, g[1]);
    l->field = F_NONE;
    return TRUE;
  } else {
    return FALSE;
  }
  if (l->left < 0 || f->box.x1 < l->left) l->left = f->box.x1;
  l->field_x = f->value_x;
  return TRUE;
}

static void header_line(Ctx *c, Letter *l, const SbPage *page, const Frag *f) {
  g_auto(GStrv) g = NULL;
  const char *t = f->text;
  if (header_label(c, l, f)) return;
  double tol = 0.45 * f->h;
  gboolean at_margin = l->left >= 0 && fabs(f->box.x1 - l->left) < tol;
  gboolean at_field = fabs(f->box.x1 - l->field_x) < tol;
  /* the issuing office, its address and the date, right of centre */
  if (!l->memo && !l->subject->len && f->box.x1 > page->width * 0.4) {
    if (is_date_line(t)) {
      set_date(l, t);
    } else if (!l->have_date && !l->date_text) {
      if (!l->issuer) {
        l->issuer = g_strdup(t);
      } else { /* address lines are lines of their own */
        if (l->address->len) g_string_append_c(l->address, ' ');
        g_string_append(l->address, t);
      }
    }
    return;
  }
  switch (l->field) {
  case F_SUBJECT:
  case F_TO:
  case F_GOVT:
    if (at_margin || at_field) {
      append_to(l->field == F_SUBJECT ? l->subject : l->field == F_TO ? l->to : l->govt, t);
      return;
    }
    break;
  case F_ATT:
  case F_REF: {
    GPtrArray *list = l->field == F_ATT ? l->attachments : l->references;
    if (sb_re_match(&c->re[RE_ITEM], t, NULL) && (at_field || !at_margin)) {
      list_add(list, t);
      return;
    }
    if (sb_re_match(&c->re[RE_ITEM_CONT], t, NULL) && list->len) {
      /* "ลงวันที่ …", "จำนวน … ชุด": a line of its own, not a wrap */
      g_string_append_c(list->pdata[list->len - 1], ' ');
      g_string_append(list->pdata[list->len - 1], t);
      return;
    }
    if (at_field) {
      list_continue(list, t);
      return;
    }
    break;
  }
  default:
    break;
  }
  /* an indented line after เรียน opens the body */
  if (l->to->len && l->left >= 0 && f->box.x1 > l->left + tol) {
    l->st = ST_BODY;
    g_ptr_array_add(l->paras, g_string_new(t));
  }
}

static void body_line(Ctx *c, Letter *l, const SbPage *page, const Frag *f) {
  g_auto(GStrv) g = NULL;
  if (sb_re_match(&c->re[RE_CLOSE], f->text, NULL)) {
    l->st = ST_CLOSING;
    return;
  }
  if (sb_re_match(&c->re[RE_NAME], f->text, &g)) { /* memos have no closing */
    l->signer = g_strdup(g[1]);
    l->name_cx = (f->box.x1 + f->box.x2) / 2;
    l->last_y2 = f->box.y2;
    l->st = ST_POSITION;
    return;
  }
  /* a note written far right (a scribble) is not the letter's text */
  if (f->box.x1 > l->left + 0.3 * page->width) return;
  if (!l->paras->len || f->box.x1 > l->left + 0.45 * f->h)
    g_ptr_array_add(l->paras, g_string_new(f->text));
  else
    append_to(l->paras->pdata[l->paras->len - 1], f->text);
}

static void contact_line(Ctx *c, Letter *l, const SbPage *page, const Frag *f) {
  g_auto(GStrv) g = NULL;
  const char *t = f->text;
  /* routing notes ("- กลุ่มงาน…") and anything off the left margin are
   * somebody's handwriting, not the letter's */
  if (g_str_has_prefix(t, "-") || f->box.x1 > l->left + page->width * 0.15) return;
  gboolean any = FALSE;
  if (sb_re_match(&c->re[RE_COORD], t, &g)) {
    g_free(l->person);
    l->person = g_strdup(g[1]);
    g_clear_pointer(&g, g_strfreev);
    any = TRUE;
  }
  gsize from, len;
  gssize at;
  /* phones and faxes, several on one line ("โทร. … / โทรสาร …"); the phone
   * pattern needs a digit after โทร, so it never takes a โทรสาร */
  for (from = 0; (at = sb_re_find_groups(&c->re[RE_FAX], t, from, &len, &g)) >= 0; from = at + len) {
    g_ptr_array_add(l->fax, g_strdup(g[1]));
    g_clear_pointer(&g, g_strfreev);
    any = TRUE;
  }
  for (from = 0; (at = sb_re_find_groups(&c->re[RE_PHONE], t, from, &len, &g)) >= 0;
       from = at + len) {
    g_ptr_array_add(l->phones, g_strdup(g[1]));
    g_clear_pointer(&g, g_strfreev);
    any = TRUE;
  }
  from = 0;
  while ((at = sb_re_find(&c->re[RE_EMAIL], t, from, &len)) >= 0) {
    g_ptr_array_add(l->emails, g_strndup(t + at, len));
    from = at + len;
    any = TRUE;
  }
  if (!any && !l->phones->len && !l->fax->len) {
    if (l->unit->len) g_string_append_c(l->unit, ' ');
    g_string_append(l->unit, t);
  }
}

static void letter_line(Ctx *c, const SbPage *page, const Frag *f) {
  Letter *l = c->cur;
  g_auto(GStrv) g = NULL;
  const char *t = f->text;
  if (sb_re_match(&c->re[RE_URGENT], t, NULL)) {
    g_free(c->pending_urgency);
    g_clear_pointer(&c->pending_urgency_text, g_free);
    c->pending_urgency = g_strdup(t);
    return;
  }
  /* its end, the rest covered by the emblem or a stamp (note 4) */
  if (page->source == SB_SOURCE_OCR && f->box.y2 < page->height * 0.2 &&
      (!l || l->st == ST_DONE) && sb_re_match(&c->re[RE_URGENT_TAIL], t, &g)) {
    g_free(c->pending_urgency), g_free(c->pending_urgency_text);
    c->pending_urgency = g_strdup(g_str_equal(g[1], "สุด") ? "ด่วนที่สุด" : "ด่วนมาก");
    c->pending_urgency_text = g_strdup(t);
    return;
  }
  if (sb_re_match(&c->re[RE_MEMO], t, NULL) ||
      (page->source == SB_SOURCE_OCR && f->box.y2 < page->height * 0.3 &&
       sb_re_match(&c->re[RE_MEMO_OCR], t, NULL))) {
    l = start_letter(c, page->number, TRUE);
    l->left = f->box.x1;
    return;
  }
  /* a ที่ line opens a letter, or gives a memo its number; inside a
   * header that has its number it is part of a field (an attachment's
   * "ที่ มท …") */
  if (f->box.x1 < page->width * 0.4 && (!l || l->st != ST_HEADER || !l->doc_no) &&
      sb_re_match(&c->re[RE_NO], t, &g)) {
    if (!l || l->st != ST_HEADER) l = start_letter(c, page->number, FALSE);
    l->doc_no = g_strstrip(g_strdup(g[1]));
    if (*g[2]) set_date(l, g[2]);
    if (l->left < 0 || f->box.x1 < l->left) l->left = f->box.x1;
    return;
  }
  /* เรื่อง outside a letter: a header whose ที่ line was misread (OCR);
   * the letter starts here and takes the lines seen before it on this
   * page: the office, the date, and the number line level with the
   * office, as read */
  if ((!l || l->st != ST_HEADER) && sb_re_match(&c->re[RE_SUBJECT], t, NULL) &&
      c->unclaimed->len) {
    l = start_letter(c, page->number, FALSE);
    for (guint i = 0; i < c->unclaimed->len; i++) {
      const Frag *u = c->unclaimed->pdata[i];
      gboolean left = u->box.x1 < page->width * 0.4, level = FALSE;
      for (guint k = 0; k < c->unclaimed->len; k++) {
        const Frag *v = c->unclaimed->pdata[k];
        if (v->box.x1 > page->width * 0.4 && MIN(u->box.y2, v->box.y2) > MAX(u->box.y1, v->box.y1))
          level = TRUE;
      }
      if (left && level && !l->doc_no) {
        const char *n = g_str_has_prefix(u->text, "ที่") ? u->text + strlen("ที่") : u->text;
        l->doc_no = g_strstrip(g_strdup(n));
        l->left = u->box.x1;
      } else if (!left) {
        header_line(c, l, page, u);
      }
    }
    g_ptr_array_set_size(c->unclaimed, 0);
  }
  if (!l || l->st == ST_DONE) {
    Frag *keep = g_new0(Frag, 1);
    *keep = *f;
    keep->text = g_strdup(f->text);
    g_ptr_array_add(c->unclaimed, keep);
    return;
  }
  add_page(l, page->number);
  switch (l->st) {
  case ST_HEADER:
    header_line(c, l, page, f);
    break;
  case ST_BODY:
    body_line(c, l, page, f);
    break;
  case ST_CLOSING:
    if (sb_re_match(&c->re[RE_NAME], t, &g)) {
      l->signer = g_strdup(g[1]);
      l->name_cx = (f->box.x1 + f->box.x2) / 2;
      l->last_y2 = f->box.y2;
      l->st = ST_POSITION;
    }
    break;
  case ST_POSITION: {
    /* the position lines follow the name at single spacing: a gap under
     * one line height and a bit (OCR line boxes are tighter than the
     * type's, which widens the gaps between them) */
    double cx = (f->box.x1 + f->box.x2) / 2;
    if (f->box.y1 - l->last_y2 < 1.2 * f->h && fabs(cx - l->name_cx) < page->width * 0.2 &&
        !sb_re_match(&c->re[RE_NAME], t, NULL)) {
      if (l->position->len) g_string_append_c(l->position, ' ');
      g_string_append(l->position, t);
      l->last_y2 = f->box.y2;
      break;
    }
    l->st = ST_CONTACT;
  }
    /* fall through */
  case ST_CONTACT:
    contact_line(c, l, page, f);
    break;
  case ST_DONE:
    break;
  }
}

/* ---- receipt stamps (note 1) -------------------------------------------- */
static JsonObject *stamp_record(Ctx *c, GPtrArray *lines) {
  g_autoptr(GString) unit = g_string_new(NULL);
  g_autofree char *no = NULL, *date = NULL, *date_text = NULL, *time = NULL;
  for (guint i = 0; i < lines->len; i++) {
    const char *t = lines->pdata[i];
    g_auto(GStrv) g = NULL, gn = NULL;
    gssize at;
    SbThaiDate d;
    if (!no && (at = sb_re_find_groups(&c->re[RE_STAMP_NO], t, 0, NULL, &gn)) >= 0) {
      no = g_strdup(gn[1]);
      g_autofree char *before = g_strstrip(g_strndup(t, at));
      sb_join_wrapped(unit, before);
    } else if (!date && sb_re_match(&c->re[RE_STAMP_DATE], t, &g)) {
      if (sb_parse_thai_date(g[1], &d, NULL))
        date = sb_thai_date_iso(&d, FALSE);
      else
        date_text = g_strdup(g[1]);
    } else if (sb_re_match(&c->re[RE_STAMP_TIME], t, &g)) {
      if (*g[1]) time = g_strdup(g[1]);
    } else if (!date && no && sb_re_match(&c->re[RE_STAMP_DATE_ANY], t, &g) &&
               sb_parse_thai_date(g[1], &d, NULL)) {
      date = sb_thai_date_iso(&d, FALSE);
    } else if (!no) {
      sb_join_wrapped(unit, t);
    }
  }
  if (!no) return NULL;
  JsonObject *o = json_object_new();
  json_object_set_string_member(o, "no", no);
  if (date)
    json_object_set_string_member(o, "date", date);
  else
    json_object_set_null_member(o, "date");
  if (date_text) json_object_set_string_member(o, "date_text", date_text);
  if (unit->len) json_object_set_string_member(o, "unit", unit->str);
  if (time) json_object_set_string_member(o, "time", time);
  return o;
}

/* ---- KPI tables --------------------------------------------------------- */
static const SbColumnSpec kpi_columns[] = {
    {"strategy", "^ประเด็น"}, {"tactic", "^กลยุทธ์"},  {"indicator", "^ตัวชี้วัด"},
    {"q1", "ไตรมาสที่1"},     {"q2", "ไตรมาสที่2"},    {"q3", "ไตรมาสที่3"},
    {"q4", "ไตรมาสที่4"},     {"year", "รวมปี|ทั้งปี"}, {"owner", "หลัก$"},
    {"support", "สนับสนุน$"},
};
const SbTableSpec sb_kpi_table_spec = {"kpi", kpi_columns, G_N_ELEMENTS(kpi_columns), 6};

/* Cell text, normalized, paragraphs joined as wrapped lines. */
static char *cell_text(const SbTable *t, const SbRow *row, const char *key) {
  g_auto(GStrv) paras = g_strsplit(sb_table_cell(t, row, key), "\n", -1);
  g_autoptr(GString) s = g_string_new(NULL);
  for (guint i = 0; paras[i]; i++) sb_join_wrapped(s, paras[i]);
  return sb_normalize_text(s->str);
}

static void set_numbered(Ctx *c, JsonObject *o, const char *key, const char *text) {
  g_auto(GStrv) g = NULL;
  g_autofree char *no_key = g_strconcat(key, "_no", NULL);
  if (*text && sb_re_match(&c->re[RE_NUMBERED], text, &g) && *g[2]) {
    json_object_set_string_member(o, no_key, g[1]);
    json_object_set_string_member(o, key, g[2]);
  } else {
    json_object_set_null_member(o, no_key);
    if (*text)
      json_object_set_string_member(o, key, text);
    else
      json_object_set_null_member(o, key);
  }
}

static void kpi_records(Ctx *c, const SbDocument *doc, const SbPage *page, GPtrArray *out,
                        GError **error) {
  g_autoptr(GPtrArray) tables = sb_tables_read(page, &sb_kpi_table_spec, error);
  if (!tables) return;
  static const char *const carried[] = {"strategy", "tactic", "indicator"};
  static const char *const qs[] = {"q1", "q2", "q3", "q4", "year"};
  for (guint ti = 0; ti < tables->len; ti++) {
    const SbTable *t = tables->pdata[ti];
    g_autofree char *carry[3] = {NULL, NULL, NULL};
    for (guint r = 0; r < t->rows->len; r++) {
      const SbRow *row = t->rows->pdata[r];
      for (int k = 0; k < 3; k++) {
        g_autofree char *v = cell_text(t, row, carried[k]);
        if (*v) g_free(carry[k]), carry[k] = g_steal_pointer(&v);
      }
      JsonObject *targets = json_object_new();
      gboolean any = FALSE, percent = FALSE;
      for (int q = 0; q < 5; q++) {
        g_autofree char *v = cell_text(t, row, qs[q]);
        char *end = NULL;
        const char *p = v;
        while (*p && !g_ascii_isdigit(*p)) p++;
        double x = *p ? g_ascii_strtod(p, &end) : 0;
        if (sb_re_match(&c->re[RE_PERCENT], v, NULL)) percent = TRUE;
        if (*p && end != p) {
          json_object_set_double_member(targets, qs[q], x);
          any = TRUE;
        } else {
          json_object_set_null_member(targets, qs[q]);
        }
      }
      if (!any || !carry[2]) {
        json_object_unref(targets);
        continue;
      }
      JsonObject *o = json_object_new();
      json_object_set_string_member(o, "type", "kpi");
      json_object_set_string_member(o, "doc", doc->sha256);
      json_object_set_int_member(o, "page", page->number);
      set_numbered(c, o, "strategy", carry[0] ? carry[0] : "");
      set_numbered(c, o, "tactic", carry[1] ? carry[1] : "");
      set_numbered(c, o, "indicator", carry[2]);
      json_object_set_object_member(o, "targets", targets);
      if (percent || sb_re_match(&c->re[RE_PERCENT], carry[2], NULL))
        json_object_set_string_member(o, "unit", "percent");
      else
        json_object_set_null_member(o, "unit");
      for (int k = 0; k < 2; k++) {
        const char *key = k ? "support" : "owner";
        g_autofree char *v = cell_text(t, row, key);
        if (*v)
          json_object_set_string_member(o, key, v);
        else
          json_object_set_null_member(o, key);
      }
      g_ptr_array_add(out, o);
    }
  }
}

/* ---- pages -------------------------------------------------------------- */
static void walk_page(Ctx *c, const SbPage *page) {
  g_autoptr(GArray) regions = ruled_regions(page);
  g_autoptr(GArray) idx = g_array_new(FALSE, FALSE, sizeof(guint));
  g_autoptr(GPtrArray) frags = g_ptr_array_new_with_free_func((GDestroyNotify)frag_free);
  /* lines of each region, for stamps */
  g_autoptr(GPtrArray) boxed = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < regions->len; i++) g_ptr_array_add(boxed, g_ptr_array_new_with_free_func(g_free));
  if (page->chars->len) {
    for (guint i = 0; i < page->chars->len; i++) g_array_append_val(idx, i);
    g_autoptr(GPtrArray) lines = sb_lines_build(page, idx, 1.5);
    for (guint i = 0; i < lines->len; i++) {
      SbTextLine *tl = lines->pdata[i];
      g_autofree char *n = sb_normalize_text(tl->text);
      if (!*n || (page->source == SB_SOURCE_OCR && is_noise(n))) continue;
      int r = region_of(regions, &tl->box);
      if (r >= 0) {
        g_ptr_array_add(boxed->pdata[r], g_steal_pointer(&n));
        continue;
      }
      Frag *f = g_new0(Frag, 1);
      f->text = g_steal_pointer(&n);
      f->box = tl->box;
      f->h = tl->h > 0 ? tl->h : 16;
      f->value_x = value_x(page, &tl->box, f->h);
      g_ptr_array_add(frags, f);
    }
  } else if (page->text) { /* a text page: no layout, lines as given */
    g_auto(GStrv) ls = g_strsplit(page->text, "\n", -1);
    double y = 0;
    for (guint i = 0; ls[i]; i++, y += 20) {
      g_autofree char *n = sb_normalize_text(ls[i]);
      if (!*n) continue;
      Frag *f = g_new0(Frag, 1);
      f->text = g_steal_pointer(&n);
      f->box = (SbBox){0, y, 100, y + 16};
      f->h = 16;
      g_ptr_array_add(frags, f);
    }
  }
  guint before = c->letters->len;
  g_ptr_array_set_size(c->unclaimed, 0);
  Letter *continued = c->cur;
  gboolean debug = g_getenv("SARABAN_DEBUG_CIRCULAR") != NULL;
  for (guint i = 0; i < frags->len; i++) {
    Frag *f = frags->pdata[i];
    if (debug)
      g_printerr("p%u x%.0f-%.0f y%.0f h%.0f v%.0f st%d | %s\n", page->number, f->box.x1,
                 f->box.x2, f->box.y1, f->h, f->value_x, c->cur ? (int)c->cur->st : -1, f->text);
    if (i == 0 && sb_re_match(&c->re[RE_PAGEMARK], f->text, NULL)) continue;
    /* a page that does not say it continues ends a finished letter */
    if (i == 0 && c->cur && c->cur->st >= ST_CLOSING) c->cur->st = ST_DONE;
    letter_line(c, page, f);
  }
  /* stamps go to the letter that begins on this page, else the one
   * continued on it (note 1) */
  Letter *to = c->letters->len > before ? c->letters->pdata[before]
               : (continued && continued->pages->len &&
                  g_array_index(continued->pages, guint, continued->pages->len - 1) ==
                      page->number)
                   ? continued
                   : NULL;
  for (guint r = 0; r < boxed->len; r++) {
    GPtrArray *ls = boxed->pdata[r];
    const SbBox *b = &g_array_index(regions, SbBox, r);
    if (!ls->len || b->x2 - b->x1 > page->width * 0.5) continue; /* a table, a form */
    JsonObject *s = stamp_record(c, ls);
    if (!s) continue;
    if (to) {
      json_array_add_object_element(to->received, s);
    } else {
      if (!c->pending_stamps) c->pending_stamps = json_array_new();
      json_array_add_object_element(c->pending_stamps, s);
    }
  }
}

/* ---- records ------------------------------------------------------------ */
static void set_str_or_null(JsonObject *o, const char *k, const char *v) {
  if (v && *v)
    json_object_set_string_member(o, k, v);
  else
    json_object_set_null_member(o, k);
}

static JsonArray *strings(GPtrArray *a, gboolean gstrings) {
  JsonArray *out = json_array_new();
  for (guint i = 0; i < a->len; i++)
    json_array_add_string_element(out, gstrings ? ((GString *)a->pdata[i])->str
                                                : (const char *)a->pdata[i]);
  return out;
}

/* A memo's ส่วนราชการ <office> โทร <phone>: the issuer and a phone. */
static void govt_fields(Ctx *c, Letter *l) {
  if (!l->govt->len) return;
  g_auto(GStrv) ph = NULL;
  const char *cut = strstr(l->govt->str, "โทร");
  if (sb_re_match(&c->re[RE_PHONE], l->govt->str, &ph)) g_ptr_array_insert(l->phones, 0, g_strdup(ph[1]));
  g_free(l->issuer);
  l->issuer = cut ? g_strstrip(g_strndup(l->govt->str, cut - l->govt->str)) : g_strdup(l->govt->str);
}

/* The document's own knowledge, as a last check on what was read: each
 * finding in plain words, reported and never corrected (OCR misreads and
 * the document's own slips alike). */
static JsonArray *letter_problems(Ctx *c, const Letter *l, JsonArray *deadlines) {
  JsonArray *out = json_array_new();
  if (l->doc_no && !sb_re_match(&c->re[RE_DOCNO_SHAPE], l->doc_no, NULL)) {
    g_autofree char *m = g_strdup_printf(
        "doc_no \"%s\" is not the shape of a Thai document number (office letters, a unit "
        "code of 4-5 digits, /, a number)", l->doc_no);
    json_array_add_string_element(out, m);
  }
  for (guint i = 0; i < l->phones->len; i++) {
    const char *p = l->phones->pdata[i];
    if (!sb_re_match(&c->re[RE_BAD_MOBILE], p, NULL)) continue;
    g_autofree char *m = g_strdup_printf(
        "phone \"%s\" is not the ten digits of a Thai mobile number (06, 08, 09)", p);
    json_array_add_string_element(out, m);
  }
  if (!l->have_date || !l->date.day) return out;
  g_autofree char *date = sb_thai_date_iso(&l->date, FALSE);
  GDate *d0 = g_date_new_dmy((GDateDay)l->date.day, (GDateMonth)l->date.month,
                             (GDateYear)(l->date.year_be - 543));
  for (guint i = 0; i < json_array_get_length(l->received); i++) {
    JsonObject *r = json_array_get_object_element(l->received, i);
    const char *rd = json_object_get_string_member_with_default(r, "date", NULL);
    if (!rd) continue;
    GDate dr;
    g_date_clear(&dr, 1);
    g_date_set_parse(&dr, rd);
    if (!g_date_valid(&dr)) continue;
    int days = g_date_days_between(d0, &dr);
    if (days < 0 || days > 366) {
      g_autofree char *m = g_strdup_printf("received %u: stamped %s, %s the letter's date %s",
                                           i + 1, rd, days < 0 ? "before" : "a year after", date);
      json_array_add_string_element(out, m);
    }
  }
  for (guint i = 0; i < json_array_get_length(deadlines); i++) {
    const char *dl = json_array_get_string_element(deadlines, i);
    if (g_strcmp0(dl, date) < 0) {
      g_autofree char *m =
          g_strdup_printf("deadline %s is before the letter's date %s", dl, date);
      json_array_add_string_element(out, m);
    }
  }
  g_date_free(d0);
  return out;
}

/* Edit costs for note 5: a mark (tone mark, upper or lower vowel) lost or
 * added costs half a letter: a stamp's border or a ruling takes marks
 * first. */
static int edit_cost(gunichar c) { return g_unichar_ismark(c) ? 1 : 2; }
static int sub_cost(gunichar a, gunichar b) {
  return a == b ? 0 : MAX(edit_cost(a), edit_cost(b));
}

/* The stretch of @text nearest @pat by weighted edit distance, beginning
 * and ending at word boundaries (@brk[j]: a word boundary before text[j],
 * j = 0..m); its character offsets in *@start and *@end.  Returns the
 * distance (in half letters), or G_MAXINT if @text has no boundary. */
static int nearest_stretch(const gunichar *pat, glong n, const gunichar *text, glong m,
                           const gboolean *brk, glong *start, glong *end) {
  /* one column of distances (pattern prefix x text position), and where
   * the stretch ending there began */
  const int far = G_MAXINT / 4;
  g_autofree int *d = g_new(int, n + 1);
  g_autofree glong *from = g_new(glong, n + 1);
  int best = G_MAXINT;
  *start = *end = 0;
  d[0] = brk[0] ? 0 : far, from[0] = 0;
  for (glong i = 1; i <= n; i++) d[i] = d[i - 1] + edit_cost(pat[i - 1]), from[i] = 0;
  for (glong j = 1; j <= m; j++) {
    int diag = d[0];
    glong diag_from = from[0];
    d[0] = brk[j] ? 0 : far, from[0] = j; /* a stretch begins at a boundary */
    for (glong i = 1; i <= n; i++) {
      int up = d[i];
      glong up_from = from[i];
      int v = diag + sub_cost(pat[i - 1], text[j - 1]);
      glong f = diag_from;
      if (up + edit_cost(text[j - 1]) < v) v = up + edit_cost(text[j - 1]), f = up_from;
      if (d[i - 1] + edit_cost(pat[i - 1]) < v) v = d[i - 1] + edit_cost(pat[i - 1]), f = from[i - 1];
      diag = up, diag_from = up_from;
      d[i] = v, from[i] = f;
    }
    /* (of stretches as near, the one ending later: a word's marks lost at
     * its end cost no more than the word dropped) */
    if (brk[j] && d[n] <= best) best = d[n], *start = from[n], *end = j;
  }
  return best;
}

/* Note 5: the issuer as the letter writes it elsewhere, or NULL. */
static char *issuer_as_written(const Letter *l, const char *body) {
  glong n = 0;
  const char *texts[] = {body, l->position->str, l->unit->str};
  for (guint t = 0; l->issuer && t < G_N_ELEMENTS(texts); t++)
    if (strstr(texts[t], l->issuer)) return NULL; /* written so: read right */
  g_autofree gunichar *pat = l->issuer ? g_utf8_to_ucs4_fast(l->issuer, -1, &n) : NULL;
  if (n < 6) return NULL;
  char *best = NULL;
  int best_d = (int)(2 * n * ISSUER_MAX_EDITS) + 1;
  for (guint t = 0; t < G_N_ELEMENTS(texts); t++) {
    /* the text, and where ICU's word breaker (or white space) puts word
     * boundaries */
    g_autofree char *marked = sb_word_breaks(texts[t], "\x1f");
    glong mm = 0, m = 0, a = 0, b = 0;
    g_autofree gunichar *raw = g_utf8_to_ucs4_fast(marked, -1, &mm);
    g_autofree gunichar *text = g_new(gunichar, mm + 1);
    g_autofree gboolean *brk = g_new0(gboolean, mm + 2);
    brk[0] = TRUE;
    for (glong k = 0; k < mm; k++) {
      if (raw[k] == 0x1f || g_unichar_isspace(raw[k])) brk[m] = TRUE;
      if (raw[k] == 0x1f) continue;
      text[m++] = raw[k];
      if (g_unichar_isspace(raw[k])) brk[m] = TRUE;
    }
    brk[m] = TRUE;
    int dist = nearest_stretch(pat, n, text, m, brk, &a, &b);
    if (dist >= best_d) continue; /* (never 0: that is a substring, found above) */
    g_free(best);
    best = g_ucs4_to_utf8(text + a, b - a, NULL, NULL, NULL);
    best_d = dist;
  }
  return best ? g_strstrip(best) : NULL;
}

/* A document number from DOCNO's groups @g, spaced as the contract
 * writes it ("มท 0810.3/ว 3195", "ศธ 04213/457"): a text layer and OCR
 * space the parts differently ("มท0810.3/ว 3195", "มท 0410.3/ว5099"), and
 * a number is what letters are looked up and joined by. */
static char *docno_of(char **g) {
  g_autofree char *unit = g_strdelimit(g_strdup(g[2]), " \t\r\n\f\v", ' ');
  return g_strdup_printf("%s %s/%s%s%s", g[1], unit, g[3], *g[3] ? " " : "", g[4]);
}

/* The spaces @s (an attachment or a reference) wants around its
 * citation, as official letters write it, "ที่ 456/2565 ลงวันที่ 1 มีนาคม
 * 2565": OCR loses them ("ที่456/2565ลงวันที่ 1 ..."), a text layer has them. */
static void cite_spaces(Ctx *c, GString *s) {
  /* (the pattern's matches are empty: no replacement can be invalid) */
  g_autofree char *spaced = sb_re_replace(&c->re[RE_CITE_SPACE], s->str, " ", NULL);
  if (spaced) g_string_assign(s, spaced);
}

/* The letter's number, and each number its attachments and references
 * cite (ที่ …), spaced as docno_of() says, with the spaces around a
 * citation (cite_spaces()); a number of another shape stays as read (and
 * is reported: letter_problems()). */
static void canonical_doc_nos(Ctx *c, Letter *l) {
  g_auto(GStrv) g = NULL;
  if (l->doc_no && sb_re_match(&c->re[RE_DOCNO_SHAPE], l->doc_no, &g)) {
    g_free(l->doc_no);
    l->doc_no = docno_of(g);
  }
  GPtrArray *fields[] = {l->attachments, l->references};
  for (gsize f = 0; f < G_N_ELEMENTS(fields); f++)
    for (guint i = 0; i < fields[f]->len; i++) {
      GString *s = fields[f]->pdata[i];
      cite_spaces(c, s);
      g_autoptr(GString) out = g_string_new(NULL);
      gsize from = 0, len = 0;
      gssize at;
      char **cited = NULL;
      while ((at = sb_re_find_groups(&c->re[RE_DOCNO_CITED], s->str, from, &len, &cited)) >= 0) {
        g_autofree char *no = docno_of(cited);
        g_string_append_len(out, s->str + from, at - (gssize)from);
        g_string_append_printf(out, "ที่ %s", no);
        from = (gsize)at + len;
        g_strfreev(cited);
      }
      g_string_append(out, s->str + from);
      g_string_assign(s, out->str);
    }
}

static JsonObject *circular_record(Ctx *c, const SbDocument *doc, Letter *l) {
  govt_fields(c, l);
  canonical_doc_nos(c, l);
  JsonObject *o = json_object_new();
  json_object_set_string_member(o, "type", "circular");
  json_object_set_string_member(o, "doc", doc->sha256);
  JsonArray *pages = json_array_new();
  for (guint i = 0; i < l->pages->len; i++)
    json_array_add_int_element(pages, g_array_index(l->pages, guint, i));
  json_object_set_array_member(o, "pages", pages);
  json_object_set_string_member(o, "form", l->memo ? "memo" : "letter");
  set_str_or_null(o, "urgency", l->urgency);
  if (l->urgency_text) json_object_set_string_member(o, "urgency_text", l->urgency_text);
  set_str_or_null(o, "doc_no", l->doc_no);
  if (l->have_date) {
    g_autofree char *ce = sb_thai_date_iso(&l->date, FALSE);
    g_autofree char *be = sb_thai_date_iso(&l->date, TRUE);
    json_object_set_string_member(o, "date", ce);
    json_object_set_string_member(o, "date_be", be);
  } else {
    json_object_set_null_member(o, "date");
    json_object_set_null_member(o, "date_be");
  }
  if (l->date_text) json_object_set_string_member(o, "date_text", l->date_text);
  if (l->date_problem) json_object_set_string_member(o, "date_problem", l->date_problem);
  g_autoptr(GString) body = g_string_new(NULL);
  for (guint i = 0; i < l->paras->len; i++) {
    if (i) g_string_append_c(body, '\n');
    g_string_append(body, ((GString *)l->paras->pdata[i])->str);
  }
  g_autofree char *issuer_text = NULL;
  char *written = issuer_as_written(l, body->str);
  if (written) {
    issuer_text = l->issuer;
    l->issuer = written;
    json_object_set_string_member(o, "issuer_text", issuer_text);
  }
  set_str_or_null(o, "issuer", l->issuer);
  set_str_or_null(o, "address", l->address->str);
  set_str_or_null(o, "subject", l->subject->str);
  set_str_or_null(o, "to", l->to->str);
  json_object_set_array_member(o, "attachments", strings(l->attachments, TRUE));
  json_object_set_array_member(o, "references", strings(l->references, TRUE));
  JsonObject *sg = json_object_new();
  set_str_or_null(sg, "name", l->signer);
  set_str_or_null(sg, "position", l->position->str);
  json_object_set_object_member(o, "signer", sg);
  JsonObject *ct = json_object_new();
  set_str_or_null(ct, "unit", l->unit->str);
  json_object_set_array_member(ct, "phones", strings(l->phones, FALSE));
  set_str_or_null(ct, "fax", l->fax->len ? l->fax->pdata[0] : NULL);
  set_str_or_null(ct, "person", l->person);
  json_object_set_array_member(ct, "emails", strings(l->emails, FALSE));
  json_object_set_object_member(o, "contact", ct);
  /* what the body names: deadlines and URLs */
  JsonArray *deadlines = json_array_new(), *urls = json_array_new();
  gsize from = 0, len;
  gssize at;
  char **g = NULL;
  while ((at = sb_re_find_groups(&c->re[RE_DEADLINE], body->str, from, &len, &g)) >= 0) {
    SbThaiDate d;
    if (sb_parse_thai_date(g[1], &d, NULL)) {
      g_autofree char *iso = sb_thai_date_iso(&d, FALSE);
      json_array_add_string_element(deadlines, iso);
    }
    g_strfreev(g);
    from = at + len;
  }
  /* a URL wrapped after its scheme was joined with a space */
  g_auto(GStrv) cut = g_strsplit(body->str, ":// ", -1);
  g_autofree char *joined = g_strjoinv("://", cut);
  for (from = 0; (at = sb_re_find(&c->re[RE_URL], joined, from, &len)) >= 0; from = at + len) {
    g_autofree char *u = g_strndup(joined + at, len);
    json_array_add_string_element(urls, u);
  }
  json_object_set_array_member(o, "deadlines", deadlines);
  json_object_set_array_member(o, "urls", urls);
  json_object_set_array_member(o, "received", json_array_ref(l->received));
  json_object_set_string_member(o, "body", body->str);
  JsonArray *problems = letter_problems(c, l, deadlines);
  if (issuer_text) {
    g_autofree char *m = g_strdup_printf("issuer read \"%s\", written nowhere else in the "
                                         "letter; taken as \"%s\", as the letter writes it "
                                         "(note 5)", issuer_text, l->issuer);
    json_array_add_string_element(problems, m);
  }
  json_object_set_array_member(o, "problems", problems);
  return o;
}

GPtrArray *sb_circular_records(const SbDocument *doc, GError **error) {
  Ctx c = {0};
  for (int i = 0; i < N_RE; i++) {
    if (!sb_re_init(&c.re[i], patterns[i], error)) {
      for (int k = 0; k < i; k++) sb_re_clear(&c.re[k]);
      return NULL;
    }
  }
  c.letters = g_ptr_array_new_with_free_func((GDestroyNotify)letter_free);
  c.unclaimed = g_ptr_array_new_with_free_func((GDestroyNotify)frag_free);
  GPtrArray *kpis = g_ptr_array_new_with_free_func((GDestroyNotify)json_object_unref);
  GError *err = NULL;
  for (guint i = 0; i < doc->pages->len && !err; i++) {
    const SbPage *page = doc->pages->pdata[i];
    walk_page(&c, page);
    kpi_records(&c, doc, page, kpis, &err);
  }
  GPtrArray *out = NULL;
  if (err) {
    g_propagate_error(error, err);
    g_ptr_array_unref(kpis);
  } else {
    out = g_ptr_array_new_with_free_func((GDestroyNotify)json_object_unref);
    for (guint i = 0; i < c.letters->len; i++) {
      Letter *l = c.letters->pdata[i];
      if (!l->doc_no && !l->subject->len) continue; /* not a letter after all */
      g_ptr_array_add(out, circular_record(&c, doc, l));
    }
    for (guint i = 0; i < kpis->len; i++) g_ptr_array_add(out, json_object_ref(kpis->pdata[i]));
    g_ptr_array_unref(kpis);
  }
  for (int i = 0; i < N_RE; i++) sb_re_clear(&c.re[i]);
  g_ptr_array_unref(c.letters);
  g_ptr_array_unref(c.unclaimed);
  g_free(c.pending_urgency), g_free(c.pending_urgency_text);
  if (c.pending_stamps) json_array_unref(c.pending_stamps);
  return out;
}
