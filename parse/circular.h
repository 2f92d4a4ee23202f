/*
 * circular.h: private to parse/.  Circular bundles (letters, memos, their
 * receipt stamps) and strategic-indicator tables -> records.  See the
 * notes at the top of circular.c.
 */
#ifndef SB_CIRCULAR_H
#define SB_CIRCULAR_H

#include <json-glib/json-glib.h>

#include "parse.h"

/**
 * sb_circular_records:
 * @doc: (in): an ingested (and OCR'd) document
 * @error: (out, optional): set only on internal failure
 * Returns: (transfer full): "circular" records, one per letter found, in
 * order, then "kpi" records (JsonObject*); empty when the document holds
 * no letter; NULL on internal error.
 */
GPtrArray *sb_circular_records(const SbDocument *doc, GError **error);

#endif
