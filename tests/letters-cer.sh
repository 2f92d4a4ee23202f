#!/bin/sh
# Scanned letters read as a whole: saraban ocr on a scanned fixture
# against the text layer of the born-digital PDF it was scanned from (the
# circular tests hold that layer to the seed's text), character errors
# counted by bench/cer.c (NFC, white space removed).  At most MAX errors.
# Usage: letters-cer.sh SARABAN CER BORN.pdf SCAN.pdf MAX
set -eu
saraban=$1; cer=$2; born=$3; scan=$4; max=$5
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
"$saraban" ocr "$born" > "$w/ref.jsonl"
"$saraban" ocr "$scan" > "$w/ocr.jsonl"
set -- $("$cer" "$w/ref.jsonl" "$w/ocr.jsonl")
echo "character errors: $1 of $2 ($3%), at most $max allowed"
[ "$1" -le "$max" ] || { echo "FAIL: more than $max character errors"; exit 1; }
