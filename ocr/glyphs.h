/*
 * glyphs.h: the digit glyph classifier, inside the OCR stage (not part of
 * its public contract, ocr.h; the training tool ocr/train/glyphtrain.c
 * uses it too, so that training and reading cut glyphs the same way).
 *
 * The digit LSTM model (thadigits.traineddata) reads a number's structure
 * well (how many characters, where the dots, slashes and spaces are) but
 * confuses digit shapes of fonts it was not trained on (๔/๕, ๑/๐, ๒/๓).
 * A digit printed in Thai is almost always one connected blob of ink, so
 * it can be cut out and compared with templates on its own: Leptonica's
 * recog (correlation against every template, the templates scaled to one
 * height) does that.  The OCR stage cuts the glyphs around a run the LSTM
 * model read (sb_glyphs_cut()), finds each digit's glyph by the span the
 * LSTM model gives it (sb_glyphs_at()) and lets the classifier name it
 * (digits.c, note 3c).
 *
 * It knows the marks numbers are written with that are more than a dot
 * too (: / ( ) ว), so that a whole run can be read from its glyphs where
 * the LSTM model lost or doubled a digit (digits.c, note 3d); dots, commas
 * and dashes are told apart by where they sit, not by it.  And it knows
 * the Thai letters, so that a letter is named a letter, not the digit
 * nearest it: a word the page pass read as letters is a number's only
 * when its glyphs are named digits (digits.c, note 3e).
 *
 * The model file (thadigits.glyphs, next to thadigits.traineddata) is a
 * recog as recogWrite() writes it; ocr/train/train-glyphs.sh makes it.
 *
 * Ownership: every function returning a pointer gives the caller a new
 * reference (pixDestroy(), pixaDestroy(), sb_glyphs_free()).  An SbGlyphs
 * keeps scratch state while identifying: one per thread.
 */
#ifndef SB_GLYPHS_H
#define SB_GLYPHS_H

#include <glib.h>
#include <leptonica/allheaders.h>

/** Binarizes an 8 bpp page as the OCR stage does (background normalized,
 * one Otsu threshold, specks of at most @dpi/100 pixels removed); the
 * normalized gray in @pnorm if not NULL.  NULL on failure. */
PIX *sb_glyphs_binarize(PIX *gray, double dpi, PIX **pnorm);

/** The glyphs inside the rectangle @l,@t,@r,@b of the 1 bpp @bin, left to
 * right: its 8-connected components, less those cut by the rectangle's
 * top or bottom edge that are shorter than @lh/3 (the tails of the lines
 * above and below); components that overlap or touch horizontally are
 * one glyph (a colon; the pieces of a stroke a scan broke).  Each
 * glyph is an image clipped to its ink with its box in @bin's
 * coordinates.  With @faint (or NULL): a 1 bpp mask of @bin's size that
 * holds @bin's ink and the faint ink around it (sb_glyphs_faint()):
 * pieces next to each other in one of its components are one glyph too,
 * unless that makes a glyph wider than a digit can be (a hairline the
 * binarization lost: Norasi's ๓ at 200 dpi falls in two).  NULL if the
 * rectangle lies outside @bin. */
PIXA *sb_glyphs_cut(PIX *bin, PIX *faint, int l, int t, int r, int b, int lh);
/** The faint-ink mask of @bin for sb_glyphs_cut(): @bin's ink, and the
 * pixels of @gray (8 bpp, background normalized as sb_glyphs_binarize()
 * leaves it, the same size) darker than seven eighths of white.  NULL on
 * failure. */
PIX *sb_glyphs_faint(PIX *bin, PIX *gray);

/** The glyphs of @glyphs (from sb_glyphs_cut()) whose middle lies
 * inside @x1-@x2: how many, and the first's and the last's index in
 * @first and @last (-1 if none; either may be NULL). */
int sb_glyphs_within(PIXA *glyphs, int x1, int x2, int *first, int *last);

/** The glyph of a character at @x1-@x2 (a character box: Tesseract's or
 * text2image's): the glyphs of @glyphs (from sb_glyphs_cut()) whose
 * middle lies inside, joined
 * (the pieces of a glyph a scan broke: the hairline of Norasi's ๒ can
 * break it in three).  NULL if there are none, or if they are wider than
 * @max_w together (a neighbour taken in). */
PIX *sb_glyphs_at(PIXA *glyphs, int x1, int x2, int max_w);

typedef struct SbGlyphs SbGlyphs;

/** Loads a classifier written by sb_glyphs_save(); NULL and @error
 * (SB_ERROR_IO) if it cannot. */
SbGlyphs *sb_glyphs_load(const char *path, GError **error);

/** A classifier to train: templates scaled to @height pixels. */
SbGlyphs *sb_glyphs_new(int height);

/** Adds a training glyph (an image from sb_glyphs_cut()) for the
 * character @utf8; FALSE if recog refused it (nothing left of it once
 * recog removed what it takes for noise). */
gboolean sb_glyphs_add(SbGlyphs *g, PIX *glyph, const char *utf8);

/** Ends training and writes the classifier to @path; FALSE and @error
 * (SB_ERROR_IO) if it cannot. */
gboolean sb_glyphs_save(SbGlyphs *g, const char *path, GError **error);

/** The character @glyph most resembles, and the correlation score of its
 * best template (0-1) in @score; 0 if none can be had. */
gunichar sb_glyphs_identify(SbGlyphs *g, PIX *glyph, float *score);

/** The same for a whole glyph (not a piece cut from one), checked by its
 * shape: ๐, the plainest Thai digit, is what the digits of a face never
 * trained on are most often nearest (Norasi's ๓ at 200 dpi, its small
 * loop filled in by a scan).  A glyph named ๐ that is no ring (no hole a
 * third of its width and height, after a closing that mends a thin
 * stroke a scan broke) is named again without ๐'s templates, and takes
 * that name if it is a Thai digit (else it stays ๐: two touching
 * characters named as one are the caller's to cut).  (The same for
 * ASCII 0 changed nothing on the digit benchmark.) */
gunichar sb_glyphs_identify_whole(SbGlyphs *g, PIX *glyph, float *score);

void sb_glyphs_free(SbGlyphs *g);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SbGlyphs, sb_glyphs_free)

#endif
