#!/bin/sh
# Scan-variation benchmark (the circulars issue): the seed bundle's
# born-digital rendering scanned by the simulator with seeds 1..N (each
# seed another angle, shift, noise and specks), parsed, and every field
# of its 3 letters and 2 KPI rows compared with the hand-written ground
# truth (test-circular-truth).  The tests hold seed 1 (the scan fixture)
# to every field; this shows how far that holds on scans it was not
# tuned on: per seed, and the fields that fail most often.
# Needs build/ (cmake --build build).
# Usage: sh bench/bench-scan-seeds.sh [N]   (N: seeds 1..N, default 12;
# about 15 s a seed on 2 cores)
set -eu
cd "$(dirname "$0")/.."
n=${1:-12}
w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
export OMP_THREAD_LIMIT=1 SARABAN_MODEL_DIR="${SARABAN_MODEL_DIR:-$PWD/ocr/model}"
pdf=fixtures/circular/bundle-fy2564.pdf
truth=fixtures/circular/bundle-fy2564.truth.json
equal=0; exact=0; total=0
for s in $(seq 1 "$n"); do
  build/scansim --dpi 200 --seed "$s" "$pdf" "$w/scan.pdf" 2>/dev/null
  build/tests/test-circular-truth "$w/scan.pdf" "$truth" --scan --min 0 > "$w/out" 2>&1 || true
  line=$(grep '^all fields:' "$w/out")
  echo "seed $s: ${line#all fields: }"
  grep '^DIFF' "$w/out" | sed 's/^DIFF //' >> "$w/diffs" || true
  set -- $(echo "$line" | sed 's|^all fields: \([0-9]*\)/\([0-9]*\) equal.*), \([0-9]*\) exact.*|\1 \2 \3|')
  equal=$((equal + $1)); total=$((total + $2)); exact=$((exact + $3))
done
echo "all seeds: $equal/$total fields equal ignoring white space, $exact exact"
echo "fields that failed, and on how many seeds:"
sort "$w/diffs" 2>/dev/null | uniq -c | sort -rn
