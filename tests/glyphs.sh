#!/bin/sh
# The digit glyph classifier alone, on a font it was never trained on:
# number-like text (digitext, the benchmark's seed) rendered by text2image
# in FONT at DPI (look t: text2image's degradation; s: like the scan
# fixtures), each digit cut out by its text2image box the way the OCR
# stage cuts it and named by ocr/model/thadigits.glyphs.  At least MIN_PCT
# percent of the digits must be named right.
# With LETTERS (a seed document), its Thai text (digits removed) is
# rendered instead, and at least MIN_PCT percent of its letters must be
# named a letter, not a digit or a mark (digits.c, note 3e).
# Usage: glyphs.sh SOURCE_DIR GLYPHTRAIN SCANSIM DIGITEXT FONT DPI LOOK MIN_PCT [LETTERS]
set -eu
src=$1; glyphtrain=$2; scansim=$3; digitext=$4; font=$5; dpi=$6; look=$7; min=$8
letters=${9:-}
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
. "$src/ocr/train/render.sh"
if [ -n "$letters" ]; then
  "$digitext" -n 40 -s 7 --letters "$letters" > "$w/text.txt"
  what=letters check="--letters 1"
else
  "$digitext" -n 40 -s 4242 > "$w/text.txt"
  what=digits check=
fi
render "$font" "$dpi" 16 0 "$look" 7 "$w/text.txt" "$w/page" "$scansim" "$w"
out=$("$glyphtrain" --check $check "$src/ocr/model/thadigits.glyphs" "$w/page")
echo "$out"
set -- $(echo "$out" | grep " $what right" | sed 's/^glyphtrain: \([0-9]*\) of \([0-9]*\) .*/\1 \2/')
if [ "$2" -lt 600 ] || [ $(($1 * 100)) -lt $(($2 * min)) ]; then
  echo "FAIL: fewer than $min% of $2 $what named right (or too few cut: $2 < 600)"
  exit 1
fi
