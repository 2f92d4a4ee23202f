#!/bin/sh
# Thai digits on a scan: the seed circular's lines that hold Thai digits,
# rendered by text2image in Norasi (a font the digit model was never
# trained on) at 200 dpi with scan degradation (fixtures/scan/README),
# read by saraban ocr.  The digits must come out as printed (Thai digits
# as Thai digits) for at least MIN_PCT percent of them, and the text as a
# whole must not be worse than the stock model's reading plus a margin.
# With MIN_NUMBERS_PCT, at least that percent of the numbers must also be
# spaced as printed (cer --numbers: the tokens with a digit, "๐ ๔๒๔๙
# ๒๔๗๗" three of them, found exactly in the reading).
# Usage: digits.sh SARABAN CER IMAGE TRUTH.txt MIN_PCT [MIN_NUMBERS_PCT]
set -eu
saraban=$1; cer=$2; img=$3; truth=$4; min=$5; min_numbers=${6:-}
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
"$saraban" ocr "$img" > "$w/with.jsonl"
"$saraban" ocr --no-digit-model "$img" > "$w/without.jsonl"
set -- $("$cer" "$truth" "$w/with.jsonl" --digits)
errors=$1; digits=$2
set -- $("$cer" "$truth" "$w/without.jsonl" --digits)
errors0=$1
set -- $("$cer" "$truth" "$w/with.jsonl"); cer1=$1; chars=$2
set -- $("$cer" "$truth" "$w/without.jsonl"); cer0=$1
echo "digits right: $((digits - errors)) of $digits with the digit model, $((digits - errors0)) without"
echo "character errors: $cer1 of $chars with the digit model, $cer0 without"
set -- $("$cer" "$truth" "$w/with.jsonl" --numbers); missing=$1; tokens=$2
echo "numbers as printed: $((tokens - missing)) of $tokens"
ok=0
# (MIN_PCT may have decimals: 98.5)
below() { awk -v r="$1" -v n="$2" -v m="$3" 'BEGIN { exit !(r * 100 < n * m) }'; }
if below $((digits - errors)) "$digits" "$min"; then
  echo "FAIL: fewer than $min% of the digits right"; ok=1
fi
if [ -n "$min_numbers" ] && below $((tokens - missing)) "$tokens" "$min_numbers"; then
  echo "FAIL: fewer than $min_numbers% of the numbers as printed"; ok=1
fi
# the digit model only touches number-like words: the other characters
# must not get worse (its own fixes lower the count by the digits fixed)
if [ "$cer1" -gt "$cer0" ]; then
  echo "FAIL: more character errors with the digit model ($cer1) than without ($cer0)"; ok=1
fi
exit $ok
