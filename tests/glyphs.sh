#!/bin/sh
# The digit glyph classifier alone, on a font it was never trained on:
# number-like text (digitext, the benchmark's seed) rendered by text2image
# in FONT at DPI (look t: text2image's degradation; s: like the scan
# fixtures), each digit cut out by its text2image box the way the OCR
# stage cuts it and named by ocr/model/thadigits.glyphs.  At least MIN_PCT
# percent of the digits must be named right.
# Usage: glyphs.sh SOURCE_DIR GLYPHTRAIN SCANSIM DIGITEXT FONT DPI LOOK MIN_PCT
set -eu
src=$1; glyphtrain=$2; scansim=$3; digitext=$4; font=$5; dpi=$6; look=$7; min=$8
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
. "$src/ocr/train/render.sh"
"$digitext" -n 40 -s 4242 > "$w/numbers.txt"
render "$font" "$dpi" 16 0 "$look" 7 "$w/numbers.txt" "$w/page" "$scansim" "$w"
out=$("$glyphtrain" --check "$src/ocr/model/thadigits.glyphs" "$w/page")
echo "$out"
set -- $(echo "$out" | grep ' digits right' | sed 's/^glyphtrain: \([0-9]*\) of \([0-9]*\) .*/\1 \2/')
if [ "$2" -lt 600 ] || [ $(($1 * 100)) -lt $(($2 * min)) ]; then
  echo "FAIL: fewer than $min% of $2 digits named right (or too few digits cut: $2 < 600)"
  exit 1
fi
