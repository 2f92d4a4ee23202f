/*
 * normalize.h: the normalize stage.  Pure text functions that make every
 * value saraban emits canonical, as ../shared/records.md "Text values"
 * requires, built on ICU.
 *
 * Input:  UTF-8 text as it came off a page (text layer or OCR).
 * Output: newly allocated UTF-8 (caller frees with g_free()), or parsed
 *         numbers in out-parameters.
 *
 * The rules of sb_normalize_text(), applied in this order:
 *   1. Private-Use-Area Thai glyph codes (U+F700-U+F71A, the shifted tone
 *      marks and vowels of Windows-era Thai fonts) mapped back to the
 *      standard Thai characters they draw.
 *   2. Zero-width and other default-ignorable characters removed.
 *   3. SARA AM composed: NIKHAHIT + SARA AA (U+0E4D U+0E32), with or
 *      without a tone mark between or before them, becomes U+0E33 with
 *      the tone mark before it.
 *   4. Unicode NFC.
 *   5. Decimal digits of any script (Thai ๐-๙ included) become ASCII 0-9.
 *   6. Runs of white space collapse to one space; leading and trailing
 *      white space is removed.
 *
 * Values: amounts (sb_parse_amount) and Thai dates (sb_parse_thai_date,
 * date.c: full and abbreviated months, พ.ศ./ค.ศ., two-digit years, ranges,
 * Thai or ASCII digits).
 *
 * Errors: functions that parse return FALSE when the text is not of the
 * expected form; they never guess.  ICU failures (out of memory) make
 * sb_normalize_text() return a copy of its input, which is still valid
 * UTF-8.
 *
 * Ownership: every returned string is the caller's.
 *
 * Thread safety: all functions are reentrant; ICU's normalizer instances
 * are shared, immutable singletons.
 */
#ifndef SB_NORMALIZE_H
#define SB_NORMALIZE_H

#include <glib.h>

G_BEGIN_DECLS

/** Flags choosing which rules sb_normalize_text_full() applies. */
typedef enum {
  SB_NORM_PUA = 1 << 0,
  SB_NORM_IGNORABLES = 1 << 1,
  SB_NORM_SARA_AM = 1 << 2,
  SB_NORM_NFC = 1 << 3,
  SB_NORM_DIGITS = 1 << 4,
  SB_NORM_SPACE = 1 << 5,
  SB_NORM_ALL = 0x3f,
  /** everything but digit conversion: the "text as on the page" form */
  SB_NORM_KEEP_DIGITS = SB_NORM_ALL & ~SB_NORM_DIGITS
} SbNormFlags;

/**
 * sb_normalize_text:
 * @text: (in): UTF-8, may be NULL (returns NULL)
 * Returns: (transfer full): @text with every rule above applied.
 */
char *sb_normalize_text(const char *text);

/** sb_normalize_text() with a chosen set of rules. */
char *sb_normalize_text_full(const char *text, SbNormFlags flags);

/**
 * sb_parse_amount:
 * @text: (in): an amount as printed: "4,916,000", "๔,๙๑๖,๐๐๐",
 *        "1,220,000.00", "1220000", optionally followed by "บาท"
 * @baht: (out): the integer number of baht (satang must be zero)
 * Returns: TRUE if @text is exactly one well-formed amount.
 * Notes:
 *   1. Thousands groups must be three digits each; "1,22,000" is refused.
 *   2. A fractional part must be ".00" (plans budget whole baht); a value
 *      with satang is refused rather than rounded.
 */
gboolean sb_parse_amount(const char *text, gint64 *baht);

/**
 * sb_first_word_chars:
 * @text: (in): UTF-8
 * Returns: the number of characters in the first word of @text, as ICU's
 * Thai-aware word break iterator sees it (white space before it skipped
 * and counted).  Used to tell a wrapped line from a paragraph end.
 */
glong sb_first_word_chars(const char *text);

/**
 * sb_thai_words:
 * @text: (in): UTF-8
 * Returns: (transfer full): @text with a space between every two words,
 * as ICU's dictionary-based Thai word breaker finds them (for indexing).
 */
char *sb_thai_words(const char *text);

/**
 * sb_word_breaks:
 * @text: (in): UTF-8
 * @sep: (in): what to insert, e.g. "\u200b" (ZERO WIDTH SPACE)
 * Returns: (transfer full): @text unchanged except that @sep is inserted
 * at every word boundary ICU's Thai word breaker finds that white space
 * does not already mark.  Removing every @sep gives @text back, so an
 * index can hold the segmented form and still show the original.
 */
char *sb_word_breaks(const char *text, const char *sep);

/**
 * SbThaiDate: a date as Thai documents print it, in the Buddhist Era.
 * @day is 0 when only a month and year are given ("ต.ค. ๖๓").
 */
typedef struct {
  gint year_be; /**< e.g. 2563 (= 2020 CE) */
  gint month;   /**< 1-12 */
  gint day;     /**< 1-31, or 0 */
} SbThaiDate;

/**
 * sb_parse_thai_date:
 * @text: (in): one date and nothing else, as printed: "๑๕ ตุลาคม ๒๕๖๓",
 *        "วันที่ 15 เดือนตุลาคม พ.ศ. 2563", "15 ต.ค. 63", "ต.ค. ๖๓",
 *        "15 ต.ค. 2020" (a year of 1900-2399 is CE and converted),
 *        "26/10/63", "26 / ๑๐ / 2563" (day, month, year as numbers);
 *        Thai or ASCII digits, full or abbreviated month names, with or
 *        without the dots of the abbreviation
 * @date: (out): the date
 * @error: (out, optional): SB_ERROR_FORM when @text is not a Thai date;
 *         SB_ERROR_INVALID when it is one but cannot exist ("31
 *         กุมภาพันธ์ 2564", day 253), the message saying why
 * Returns: TRUE on success.  A two-digit year is 25YY BE.  Nothing is
 * guessed: an invalid date is reported, never corrected.
 */
gboolean sb_parse_thai_date(const char *text, SbThaiDate *date, GError **error);

/**
 * sb_parse_thai_date_range:
 * @text: (in): two dates joined by "-", "–" or "ถึง": "ต.ค. ๖๓ - ธ.ค. ๖๓"
 * @from, @to: (out): the two ends; @to must not come before @from
 * Returns: TRUE on success; errors as sb_parse_thai_date(), and
 * SB_ERROR_INVALID for a range that ends before it starts.
 */
gboolean sb_parse_thai_date_range(const char *text, SbThaiDate *from, SbThaiDate *to,
                                  GError **error);

/**
 * sb_thai_date_problems:
 * @text: (in): running text (a page)
 * Returns: (transfer full) (element-type utf8): one message per date in
 * @text that has a day and cannot exist ("day 253 does not exist in
 * ตุลาคม 2563 ..."): the documents' own knowledge as a check on what was
 * read.  Nothing is corrected.  Empty when all dates are possible.
 */
GPtrArray *sb_thai_date_problems(const char *text);

/**
 * sb_thai_date_iso:
 * @be: TRUE for the Buddhist-Era form the records call date_be
 * Returns: (transfer full): "2020-10-15" (CE) or "2563-10-15" (BE);
 * "2020-10" when the day is not known.
 */
char *sb_thai_date_iso(const SbThaiDate *date, gboolean be);

G_END_DECLS

#endif /* SB_NORMALIZE_H */
