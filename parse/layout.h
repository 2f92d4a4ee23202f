/*
 * layout.h: private to parse/.  Characters with boxes to text lines, and
 * lines to paragraphs.  Shared by the table reader (text inside a cell)
 * and the record parsers (headings outside tables).
 */
#ifndef SB_LAYOUT_H
#define SB_LAYOUT_H

#include "../core/sb.h"

/** A line (or a fragment of one, where a wide gap splits it). */
typedef struct {
  char *text;  /**< raw UTF-8, spaces as on the page */
  SbBox box;
  double h;    /**< character box height: the font's line height */
} SbTextLine;

void sb_text_line_free(SbTextLine *l);

/**
 * sb_lines_build:
 * @page: the page whose chars are indexed
 * @idx: (element-type guint): indices into page->chars
 * @split_gap: a horizontal gap wider than this many line heights splits a
 *   line into fragments (use a large value to never split)
 * Returns: (transfer full): SbTextLine*, top to bottom, then left to right.
 */
GPtrArray *sb_lines_build(const SbPage *page, GArray *idx, double split_gap);

/**
 * sb_lines_join:
 * @lines: lines of one cell or column, top to bottom
 * @right: the x where the text area ends (cell right edge less padding)
 * @pitch: the usual distance between two lines of one paragraph, or 0
 * Returns: (transfer full): the text, wrapped lines joined and paragraph
 * ends as '\n'.
 */
char *sb_lines_join(GPtrArray *lines, double right, double pitch);

/** Join two pieces of wrapped text (@next after @out): no space between
 *  two Thai characters unless the page had one (a trailing space kept on
 *  @out), nor inside a number, after a hyphen inside a word, an opening
 *  bracket or quote or the slash of a number or URL, nor before closing
 *  punctuation; a space otherwise (layout.c note 5). */
void sb_join_wrapped(GString *out, const char *next);

#endif
