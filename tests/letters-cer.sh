#!/bin/sh
# Scanned letters read as a whole: saraban ocr on a scanned fixture
# against the text layer of the born-digital PDF it was scanned from (the
# circular tests hold that layer to the seed's text), character errors
# counted by bench/cer.c (NFC, white space removed).  At most MAX errors;
# and each TEXT (a phrase of the born-digital text) read as printed,
# white space aside.  With --min-words, at least PCT percent of the words
# (the born-digital text's white-space separated tokens) read exactly,
# spaces and all (cer --words).
# Usage: letters-cer.sh [--min-words PCT] SARABAN CER BORN.pdf SCAN.pdf MAX [TEXT...]
set -eu
min_words=
if [ "$1" = --min-words ]; then min_words=$2; shift 2; fi
saraban=$1; cer=$2; born=$3; scan=$4; max=$5; shift 5
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
"$saraban" ocr "$born" > "$w/ref.jsonl"
"$saraban" ocr "$scan" > "$w/ocr.jsonl"
read -r errors chars rate <<EOF
$("$cer" "$w/ref.jsonl" "$w/ocr.jsonl")
EOF
echo "character errors: $errors of $chars ($rate%), at most $max allowed"
[ "$errors" -le "$max" ] || { echo "FAIL: more than $max character errors"; exit 1; }
if [ -n "$min_words" ]; then
  read -r missing words rate <<EOF
$("$cer" "$w/ref.jsonl" "$w/ocr.jsonl" --words)
EOF
  right=$((words - missing))
  echo "words as printed: $right of $words, at least $min_words% asked"
  if awk -v r="$right" -v n="$words" -v m="$min_words" 'BEGIN { exit !(r * 100 < n * m) }'; then
    echo "FAIL: fewer than $min_words% of the words as printed"; exit 1
  fi
fi
for text in "$@"; do
  python3 -c '
import json, re, sys
text = "".join(json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8") if l.strip())
sys.exit(0 if re.sub(r"\s", "", sys.argv[2]) in re.sub(r"\s", "", text) else 1)' "$w/ocr.jsonl" "$text" ||
    { echo "FAIL: \"$text\" not read as printed"; exit 1; }
  echo "read as printed: $text"
done
