/*
 * parse.h: the parse stage.  Rebuilds tables from positioned text and turns
 * pages and tables into the records of ../shared/records.md.
 *
 * Input:  an SbDocument from ingest/ (or ocr/): pages with characters,
 *         boxes and ruling lines; pages from text files have text only.
 * Output: records as JsonObject (json-glib), one per record, each with a
 *         "type" member ("document", "plan_project", "plan_summary",
 *         "circular", "kpi", "page"), in document order.  Every text value in them has been
 *         through normalize/ (NFC, SARA AM, digits, white space).
 *
 * Two layers:
 *   - the table reader (sb_tables_read): columns from the vertical
 *     rulings, named by matching the header text of each column against a
 *     spec of PCRE2 patterns; rows from the horizontal rulings, a cell
 *     that spans several rows (a merged tactic cell) given to the first;
 *     wrapped lines joined, paragraph ends kept as '\n'.  It knows nothing
 *     about plans: it works for any ruled table whose header it is told.
 *   - the record parsers (sb_parse_document): document kind, section
 *     headings, plan project rows and summary rows, rows continued across
 *     a page break joined back, summaries checked against the projects;
 *     circular bundles split into letters (header, body, signer, contact,
 *     receipt stamps), indicator tables into kpi rows.
 *
 * Errors: parsing does not fail on odd content; a page it cannot make
 * sense of gives no records.  GError is set only on internal failures
 * (a pattern that does not compile).
 *
 * Ownership: returned arrays own their elements (free with
 * g_ptr_array_unref()); the document is only read.
 *
 * Thread safety: reentrant; patterns are compiled per call, so separate
 * documents may be parsed in separate threads.
 */
#ifndef SB_PARSE_H
#define SB_PARSE_H

#include <json-glib/json-glib.h>

#include "../core/sb.h"

G_BEGIN_DECLS

/** One column of a table spec: a key and a PCRE2 pattern that the
 *  column's header text (normalized, white space removed) must match. */
typedef struct {
  const char *key;
  const char *pattern;
} SbColumnSpec;

/** A table spec: the columns to look for and how many must be found for
 *  a ruled box to count as this table. */
typedef struct {
  const char *name;
  const SbColumnSpec *columns;
  guint n_columns;
  guint min_match;
} SbTableSpec;

/** The plan project table, the plan summary table and the strategic-
 *  indicator table with quarterly targets (kpi). */
extern const SbTableSpec sb_plan_table_spec;
extern const SbTableSpec sb_summary_table_spec;
extern const SbTableSpec sb_kpi_table_spec;

/**
 * sb_tables_read:
 * @page: (in): a page with characters and rulings
 * @spec: (in): the table to look for
 * @error: (out, optional): set if a spec pattern does not compile
 * Returns: (transfer full): SbTable* for each ruled table on the page
 * whose header matches @spec, top to bottom; empty if none; NULL on error.
 */
GPtrArray *sb_tables_read(const SbPage *page, const SbTableSpec *spec, GError **error);

/**
 * sb_table_cell:
 * Returns: (transfer none): the text of @row's cell in the column named
 * @key by the spec, or "" when the table has no such column.
 */
const char *sb_table_cell(const SbTable *t, const SbRow *row, const char *key);

/**
 * sb_parse_document:
 * @doc: (in): an ingested document
 * @error: (out, optional)
 * Returns: (transfer full): JsonObject* records, the "document" record
 * first; NULL on internal error.
 */
GPtrArray *sb_parse_document(const SbDocument *doc, GError **error);

/**
 * sb_page_records:
 * @doc: (in)
 * Returns: (transfer full): one "page" record (JsonObject*) per page: the
 * text the later stages see, as on the page and normalized.
 */
GPtrArray *sb_page_records(const SbDocument *doc);

/**
 * sb_page_text:
 * @page: (in)
 * Returns: (transfer full): the page's text rebuilt from its characters
 * in reading order (lines top to bottom, '\n' between lines), or the
 * page's own text where it has no character boxes.
 */
char *sb_page_text(const SbPage *page);

G_END_DECLS

#endif /* SB_PARSE_H */
