#!/bin/sh
# The fixture generator is deterministic: two runs give identical bytes,
# and equal the committed fixtures (PDFs and ground truth).
set -u
gen=$1; seed=$2; committed=$3
a=$(mktemp -d); b=$(mktemp -d)
trap 'rm -rf "$a" "$b"' EXIT
"$gen" "$seed" "$a" >/dev/null && "$gen" "$seed" "$b" >/dev/null || exit 1
diff -r "$a" "$b" || { echo "FAIL: two runs differ"; exit 1; }
for f in "$a"/*; do
  cmp "$f" "$committed/$(basename "$f")" || { echo "FAIL: $(basename "$f") differs from the committed fixture"; exit 1; }
done
echo "ok: $(ls "$a" | wc -l) files identical over two runs and to the committed fixtures"
