#!/bin/sh
# Batch ingest: first run over a corpus, then a re-run over the same,
# unchanged corpus (skipped by hash, nothing parsed), and their ratio.
# The corpus is every fixture PDF and scan (text-layer plans and letters,
# scanned pages and bundles: OCR).  Usage: sh bench/bench-ingest.sh [JOBS]
set -eu
cd "$(dirname "$0")/.."
jobs=${1:-2}
bin=build/saraban
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
mkdir "$t/corpus"
cp fixtures/plan/*.pdf fixtures/circular/*.pdf fixtures/scan/*.pdf "$t/corpus/"
files=$(ls "$t/corpus" | wc -l)
now() { date +%s.%N; }
a=$(now); OMP_THREAD_LIMIT=1 $bin ingest --db "$t/d.db" -j "$jobs" --no-progress "$t/corpus" 2> "$t/1.log"; b=$(now)
OMP_THREAD_LIMIT=1 $bin ingest --db "$t/d.db" -j "$jobs" --no-progress "$t/corpus" 2> "$t/2.log"; c=$(now)
tail -1 "$t/1.log"
tail -1 "$t/2.log"
awk -v f="$files" -v a="$a" -v b="$b" -v c="$c" 'BEGIN {
  printf "files %d  first run %.2f s  unchanged re-run %.3f s  ratio %.0fx\n", f, b - a, c - b, (b - a) / (c - b) }'
