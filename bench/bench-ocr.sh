#!/bin/sh
# OCR benchmark: on the same scanned pages, side by side, the character
# error rate (bench/cer.c: NFC, white space removed) against the
# born-digital page's text layer, and pages per minute, for
#   saraban -j 2            (cells read one by one, tha+eng)
#   tesseract CLI           page by page, -l tha --psm 6, OMP_THREAD_LIMIT=1
#   ocrmypdf + pdftotext    -l tha --jobs 2 (skipped if not installed)
# Pages: the first N pages of the plan (default 10) scanned at 200 dpi by
# fixtures/gen/scansim.c.  Needs build/ (cmake --build build) and
# poppler-utils.
# Usage: sh bench/bench-ocr.sh [N]     (SARABAN_DPI=200: render scans at 200 dpi)
set -eu
cd "$(dirname "$0")/.."
n=${1:-10}
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
cc -O2 -o "$w/cer" bench/cer.c $(pkg-config --cflags --libs glib-2.0 json-glib-1.0)
export OMP_THREAD_LIMIT=1
build/scansim --last "$n" fixtures/plan/plan-fy2564.pdf "$w/scan.pdf" 2>/dev/null
qpdf --empty --pages fixtures/plan/plan-fy2564.pdf 1-"$n" -- "$w/digital.pdf"
pdfimages -j "$w/scan.pdf" "$w/img"
# reference: the born-digital text layer, page by page
build/saraban ocr "$w/digital.pdf" > "$w/ref.jsonl"
page_texts() { # JSONL of page records -> one file per page: $2-NNN.txt
  python3 -c '
import json,sys
for i,l in enumerate(open(sys.argv[1])):
  open("%s-%03d.txt"%(sys.argv[2],i+1),"w").write(json.loads(l)["text"])' "$1" "$2"
}
page_texts "$w/ref.jsonl" "$w/ref"
cer_total() { # prefix -> "errors chars cer%" over all pages
  prefix=$1; e=0; c=0
  for r in "$w"/ref-*.txt; do
    k=${r##*ref-}
    # a page the system gave no text for counts every reference char
    [ -f "$prefix-$k" ] || : > "$prefix-$k"
    set -- $("$w/cer" "$r" "$prefix-$k")
    e=$((e + $1)); c=$((c + $2))
  done
  echo "$e $c" | awk '{printf "%.2f%% (%d errors / %d chars)", 100*$1/$2, $1, $2}'
}
now() { date +%s.%N; }
ppm() { echo "$1 $2 $3" | awk '{printf "%.1f", $3*60/($2-$1)}'; }

t0=$(now); build/saraban ocr -j 2 ${SARABAN_DPI:+--dpi $SARABAN_DPI} "$w/scan.pdf" > "$w/sb.jsonl"; t1=$(now)
page_texts "$w/sb.jsonl" "$w/sb"
echo "saraban -j 2:        CER $(cer_total "$w/sb")  pages/min $(ppm "$t0" "$t1" "$n")"

t0=$(now); i=0
for img in "$w"/img-*.jpg; do
  i=$((i + 1))
  tesseract "$img" - -l tha --psm 6 2>/dev/null > "$w/tess-$(printf %03d $i).txt"
done
t1=$(now)
echo "tesseract CLI psm 6: CER $(cer_total "$w/tess")  pages/min $(ppm "$t0" "$t1" "$n")"

if command -v ocrmypdf >/dev/null 2>&1; then
  t0=$(now); ocrmypdf -q -l tha --jobs 2 "$w/scan.pdf" "$w/om.pdf"; t1=$(now)
  for i in $(seq 1 "$n"); do
    pdftotext -f "$i" -l "$i" "$w/om.pdf" "$w/om-$(printf %03d $i).txt"
  done
  echo "ocrmypdf --jobs 2:   CER $(cer_total "$w/om")  pages/min $(ppm "$t0" "$t1" "$n")"
else
  echo "ocrmypdf:            not installed (apt-get install ocrmypdf)"
fi
