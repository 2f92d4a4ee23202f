/*
 * re.h: a thin PCRE2 (UTF, JIT) wrapper shared by normalize/ and parse/.  A pattern is
 * compiled once per parse call and matched with per-call match data, so
 * concurrent parses share nothing.
 */
#ifndef SB_RE_H
#define SB_RE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <glib.h>
#include <pcre2.h>

typedef struct {
  pcre2_code *code;
  pcre2_match_data *md;
} SbRe;

/** Compile @pattern (UTF + UCP, JIT when available).  On failure sets
 *  @error (SB_ERROR_INTERNAL) naming the pattern and the offset. */
gboolean sb_re_init(SbRe *re, const char *pattern, GError **error);
void sb_re_clear(SbRe *re);

/** Match @s; on success and when @groups is non-NULL, *@groups receives a
 *  strv of the whole match and every group ("" for unset groups). */
gboolean sb_re_match(SbRe *re, const char *s, char ***groups);

/** Byte offset and length of the first match at or after @from, or -1. */
gssize sb_re_find(SbRe *re, const char *s, gsize from, gsize *len);

/** sb_re_find(), and when @groups is non-NULL the match's groups as in
 *  sb_re_match() (NULL when there is no match). */
gssize sb_re_find_groups(SbRe *re, const char *s, gsize from, gsize *len, char ***groups);

/** @s with every match replaced by @replacement (pcre2_substitute(),
 *  global; $1 or ${1} name a group): a new string, the caller frees it.
 *  NULL with @error set (SB_ERROR_INTERNAL) if @replacement is not
 *  valid. */
char *sb_re_replace(SbRe *re, const char *s, const char *replacement, GError **error);

#endif
