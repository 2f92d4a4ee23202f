#!/bin/sh
# Thai digits on a scan, number-like text: the digit benchmark's numbers
# page (digitext, seed 4242: dates, document numbers, phones, amounts in
# Thai and ASCII digits) rendered at test time by text2image in FONT at
# DPI, clean, then degraded like the scan fixtures (scansim --image), or
# with LOOK t2i degraded by text2image itself (noise, blur, rotation), and
# checked by digits.sh (at least MIN_PCT percent of the digits as printed;
# the text no worse with the digit model than without it; with
# MIN_NUMBERS_PCT, that percent of the numbers spaced as printed).
# Usage: digits-numbers.sh SARABAN CER DIGITEXT SCANSIM FONT DPI MIN_PCT [LOOK [MIN_NUMBERS_PCT]]
set -eu
saraban=$1; cer=$2; digitext=$3; scansim=$4; font=$5; dpi=$6; min=$7; look=${8:-scan}
min_numbers=${9:-}
case "$look" in
  scan) scan=--scan ;;
  t2i) scan= ;;
  *) echo "digits-numbers.sh: LOOK is scan or t2i, not \"$look\"" >&2; exit 2 ;;
esac
here=$(dirname "$0")
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
"$digitext" -n 40 -s 4242 > "$w/numbers.src"
SCANSIM=$scansim sh "$here/../fixtures/gen/digitpage.sh" --all $scan "$w/numbers.src" "$font" \
  "$dpi" "$w/page.tif" "$w/truth.txt"
sh "$here/digits.sh" "$saraban" "$cer" "$w/page.tif" "$w/truth.txt" "$min" $min_numbers
