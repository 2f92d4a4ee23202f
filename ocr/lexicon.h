/*
 * lexicon.h: Thai words, inside the OCR stage (not part of its public
 * contract, ocr.h).
 *
 * Where Tesseract's Thai model misreads a word of a clean page, it is
 * most often by one mark: a tone mark lost (ท้องถิน for ท้องถิ่น), an
 * upper vowel read as another (ทิ่ for ที่, ดำเน็น for ดำเนิน).  A word
 * so misread is seldom a word, and the run of Thai it stands in no longer
 * cuts into dictionary words.  Thai is written without spaces between
 * words, so the test is on the run: can it be cut into words end to end?
 *
 * The dictionary is libthai's (the one its word breaker, and so Pango,
 * uses: libthai-data's thbrk.tri), a double-array trie read with
 * libdatrie.  Its directory is $LIBTHAI_DICTDIR, as for libthai, else
 * /usr/share/libthai.  (ICU's word breaker, which normalize/ and the
 * dataset's search use, cuts any text, words or not, and its C API does
 * not open its dictionary: it cannot say that a run is no words.)
 *
 * sb_lexicon_mend() mends such a run by one mark, and only where the
 * word the mend makes is one the page itself writes in a run that cuts
 * into words: a letter names its subject's words again in its body.  A
 * name the dictionary lacks (นายจิรเมธ) is no word the page writes
 * elsewhere, so it stays as it was read.
 *
 * Ownership: sb_lexicon_load() gives a new SbLexicon (sb_lexicon_free()),
 * sb_lexicon_path() a new string (g_free()), sb_lexicon_mend() a new
 * GArray (g_array_unref()).
 * Thread safety: an SbLexicon is only read once loaded, but the OCR stage
 * loads one per engine (per thread), as it does its other models.
 */
#ifndef SB_LEXICON_H
#define SB_LEXICON_H

#include <glib.h>

typedef struct SbLexicon SbLexicon;

/** The dictionary's path: $LIBTHAI_DICTDIR/thbrk.tri, else
 * /usr/share/libthai/thbrk.tri. */
char *sb_lexicon_path(void);

/** Loads the dictionary at @path (NULL: sb_lexicon_path()); NULL and
 * @error (SB_ERROR_INTERNAL) if it cannot be read. */
SbLexicon *sb_lexicon_load(const char *path, GError **error);

void sb_lexicon_free(SbLexicon *lx);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SbLexicon, sb_lexicon_free)

/** How many words the run @u (@n code points) cuts into, end to end, with
 * as few words as it can; -1 if it cannot be cut so.  With @ends (@n
 * slots) not NULL: @ends[i] is where the word that begins at @i ends on
 * that cut, for each @i a word of it begins at. */
int sb_lexicon_cut(const SbLexicon *lx, const gunichar *u, int n, int *ends);

/** One mend of a page's text: @now put after @at (@was 0), the character
 * at @at taken away (@now 0), or put in its place. */
typedef struct {
  guint at;
  gunichar was, now;
} SbMarkMend;

/** The mends of the text @text (@n code points; runs of Thai letters and
 * marks are the units, any other character ends one: the caller puts a
 * new line between text lines), in the order of @at.  A run that does not
 * cut into words (sb_lexicon_cut()), is not an abbreviation (no dot
 * beside it) and is at most 256 code points long is mended when exactly
 * one mend of one mark (an upper vowel, a tone mark, THANTHAKHAT, SARA U
 * or UU: put in, taken away or put in another's place) makes it cut into
 * words, and the word the mend falls in, three code points or more long,
 * is a word of another run of @text that cuts into words. */
GArray *sb_lexicon_mend(const SbLexicon *lx, const gunichar *text, guint n);

#endif
