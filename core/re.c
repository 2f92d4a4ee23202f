/*
 * re.c: PCRE2 wrapper, see re.h.  PCRE2's negative error codes are turned
 * into GError here, where PCRE2 is called.
 */
#include "re.h"

#include <string.h>

#include "../core/sb.h"

gboolean sb_re_init(SbRe *re, const char *pattern, GError **error) {
  int ec;
  PCRE2_SIZE off;
  re->md = NULL;
  re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                           &ec, &off, NULL);
  if (!re->code) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(ec, msg, sizeof msg);
    g_set_error(error, SB_ERROR, SB_ERROR_INTERNAL, "pattern %s at offset %zu: %s", pattern,
                (size_t)off, (char *)msg);
    return FALSE;
  }
  /* JIT is an optimisation: a build without it still matches */
  (void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
  re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
  return TRUE;
}

void sb_re_clear(SbRe *re) {
  pcre2_match_data_free(re->md);
  pcre2_code_free(re->code);
  re->md = NULL;
  re->code = NULL;
}

static int run(SbRe *re, const char *s, gsize from) {
  return pcre2_match(re->code, (PCRE2_SPTR)s, strlen(s), from, 0, re->md, NULL);
}

/* The groups of the last successful run (rc from pcre2_match). */
static char **groups_of(SbRe *re, const char *s, int rc) {
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
  uint32_t n = pcre2_get_ovector_count(re->md);
  char **g = g_new0(char *, n + 1);
  for (uint32_t i = 0; i < n; i++) {
    if (ov[2 * i] == PCRE2_UNSET || (int)i >= rc)
      g[i] = g_strdup("");
    else
      g[i] = g_strndup(s + ov[2 * i], ov[2 * i + 1] - ov[2 * i]);
  }
  return g;
}

gboolean sb_re_match(SbRe *re, const char *s, char ***groups) {
  if (groups) *groups = NULL;
  if (!s) return FALSE;
  int rc = run(re, s, 0);
  if (rc < 0) return FALSE;
  if (groups) *groups = groups_of(re, s, rc);
  return TRUE;
}

gssize sb_re_find_groups(SbRe *re, const char *s, gsize from, gsize *len, char ***groups) {
  if (groups) *groups = NULL;
  if (!s || from > strlen(s)) return -1;
  int rc = run(re, s, from);
  if (rc < 0) return -1;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
  if (len) *len = ov[1] - ov[0];
  if (groups) *groups = groups_of(re, s, rc);
  return (gssize)ov[0];
}

gssize sb_re_find(SbRe *re, const char *s, gsize from, gsize *len) {
  return sb_re_find_groups(re, s, from, len, NULL);
}

char *sb_re_replace(SbRe *re, const char *s, const char *replacement, GError **error) {
  const uint32_t opts = PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH;
  PCRE2_SIZE size = strlen(s) + 16;
  char *out = NULL;
  int rc;
  /* at most twice: a first guess of the size, then the size PCRE2 says it
   * needs (PCRE2_SUBSTITUTE_OVERFLOW_LENGTH) */
  for (int attempt = 0; attempt < 2; attempt++) {
    out = g_realloc(out, size);
    rc = pcre2_substitute(re->code, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, opts, re->md, NULL,
                          (PCRE2_SPTR)replacement, PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)out,
                          &size);
    if (rc != PCRE2_ERROR_NOMEMORY) break;
  }
  if (rc < 0) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(rc, msg, sizeof msg);
    g_set_error(error, SB_ERROR, SB_ERROR_INTERNAL, "replacement %s: %s", replacement,
                (char *)msg);
    g_free(out);
    return NULL;
  }
  return out;
}
