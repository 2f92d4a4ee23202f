#!/bin/sh
# Thai-digit benchmark (the Thai-digit issue): per-digit accuracy, side
# by side, of the stock `tesseract -l tha` and of saraban, on scanned
# renderings of Thai-digit text:
#   circular  the seed circular's lines that hold Thai digits (dates,
#             document numbers, phone numbers, amounts, in running text)
#   numbers   other Thai-digit text from ocr/train/digitext.c (a seed the
#             model was not trained on): dates, document numbers, phones,
#             amounts, times, in Thai and ASCII digits
# in three fonts: Laksaman (the government font's metrics; trained on)
# and Norasi and Sawasdee (never seen in training), at 300 and 200 dpi,
# rendered two ways: with text2image's degradation (noise, blur,
# rotation: "t2i") and clean, then degraded like saraban's scan fixtures
# (build/scansim --image: blur, noise, JPEG at quality 75: "scan").
# A digit counts as right only as printed: ๔ read as 4 is an error.
# Also the character error rate of all the text (NFC, white space
# removed) of saraban with and without its digit model: the digit model
# must not make the Thai letters worse; and how many of saraban's numbers
# are spaced as printed (cer --numbers: the tokens with a digit found
# exactly, "๐ ๔๒๔๙ ๒๔๗๗" three tokens).
# Needs build/ (cmake --build build) and tesseract-ocr, fonts-thai-tlwg.
# Usage: sh bench/bench-digits.sh   (MODELS=DIR: saraban --models DIR, to
# compare other digit models: DIR holds thadigits.traineddata and
# thadigits.glyphs)
set -eu
cd "$(dirname "$0")/.."
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
export OMP_THREAD_LIMIT=1
cc -O2 -o "$w/cer" bench/cer.c $(pkg-config --cflags --libs glib-2.0 json-glib-1.0)
cc -O2 -o "$w/digitext" ocr/train/digitext.c $(pkg-config --cflags --libs glib-2.0)
seed=../shared/seeds/001_f0a8d04b535d6c02.txt
"$w/digitext" -n 40 -s 4242 > "$w/numbers.src"

sum_cer() { # mode files... -> "errors total"
  mode=$1; shift; e=0; n=0
  for pair in "$@"; do
    set -- $("$w/cer" ${pair%%:*} ${pair#*:} $mode)
    e=$((e + $1)); n=$((n + $2))
  done
  echo "$e $n"
}
pct() { echo "$1 $2" | awk '{printf "%6.2f%% (%d/%d)", 100*($2-$1)/$2, $2-$1, $2}'; }
cerpct() { echo "$1 $2" | awk '{printf "%5.2f%%", 100*$1/$2}'; }

printf "%-9s %-9s %-5s %4s  %-22s %-22s %-22s %s\n" font text look dpi "tesseract -l tha" "saraban" \
  "saraban numbers" "CER saraban (no digit model -> with)"
for font in Laksaman Norasi Sawasdee; do
  for dpi in 300 200; do
    for t in circular numbers; do
     for look in t2i scan; do
      b="$w/$font-$dpi-$t-$look"
      if [ "$t" = circular ]; then src=$seed; all=; else src=$w/numbers.src; all=--all; fi
      scan=; [ $look = scan ] && scan=--scan
      sh fixtures/gen/digitpage.sh $all $scan "$src" "$font" "$dpi" "$b.tif" "$w/$t.txt"
      tesseract "$b.tif" - -l tha --psm 6 > "$b.tess.txt" 2>/dev/null
      build/saraban ocr -j 2 ${MODELS:+--models "$MODELS"} "$b.tif" > "$b.sb.jsonl"
      build/saraban ocr -j 2 --no-digit-model "$b.tif" > "$b.sb0.jsonl"
      set -- $(sum_cer --digits "$w/$t.txt:$b.tess.txt"); tess="$(pct "$1" "$2")"
      set -- $(sum_cer --digits "$w/$t.txt:$b.sb.jsonl"); sb="$(pct "$1" "$2")"
      set -- $(sum_cer "" "$w/$t.txt:$b.sb0.jsonl"); c0="$(cerpct "$1" "$2")"
      set -- $(sum_cer "" "$w/$t.txt:$b.sb.jsonl"); c1="$(cerpct "$1" "$2")"
      set -- $(sum_cer --numbers "$w/$t.txt:$b.sb.jsonl"); nums="$(pct "$1" "$2")"
      printf "%-9s %-9s %-5s %4s  %-22s %-22s %-22s %s -> %s\n" "$font" "$t" "$look" "$dpi" "$tess" \
        "$sb" "$nums" "$c0" "$c1"
     done
    done
  done
done
