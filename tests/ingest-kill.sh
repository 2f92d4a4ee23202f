#!/bin/sh
# kill -9 during an ingest of 20 documents, then a re-run: the exported
# dataset equals the export of a clean run (no record lost, none doubled).
# Usage: ingest-kill.sh SARABAN FIXTURES
set -u
bin=$1; fix=$2
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
cd "$t"
fail=0

# 20 documents: the plan pages and bundles, copies with other bytes (a
# comment after %%EOF), and two scanned pages (OCR: the slow ones)
mkdir in
i=0
for round in a b c; do
  for f in "$fix"/plan/plan-page-*.pdf "$fix"/circular/*.pdf; do
    i=$((i + 1)); [ $i -gt 18 ] && break
    n=$(printf '%02d' $i)
    cp "$f" "in/$n-$(basename "$f")"
    [ $round = a ] || printf '%% copy %s\n' "$round" >> "in/$n-$(basename "$f")"
  done
done
cp "$fix/scan/plan-page-strategy1.scan200.pdf" in/05-scan.pdf
cp "$fix/scan/plan-page-summary-operating.scan200.pdf" in/12-scan.pdf
total=$(ls in | wc -l)
[ "$total" -eq 20 ] || { echo "FAIL: setup made $total files"; exit 1; }

# the clean run
"$bin" ingest --db clean.db -j 2 in 2> clean.log || { echo "FAIL: clean run"; cat clean.log; exit 1; }
"$bin" export --db clean.db > clean.jsonl
"$bin" export --db clean.db --type page > clean-pages.jsonl

# the killed run: kill -9 once a few documents are in
"$bin" ingest --db killed.db -j 2 in 2> killed1.log &
pid=$!
n=0
for k in $(seq 1 600); do
  n=$("$bin" export --db killed.db --type document 2>/dev/null | wc -l)
  [ "$n" -ge 3 ] && break
  sleep 0.05
done
kill -9 $pid
wait $pid 2>/dev/null
at_kill=$("$bin" export --db killed.db --type document | wc -l)
echo "killed with $at_kill of $total documents in the dataset"
[ "$at_kill" -lt "$total" ] || { echo "FAIL: the batch ended before the kill"; fail=1; }
sleep 0.5
if pgrep -f "saraban worker.*--db killed.db" >/dev/null; then
  echo "FAIL: workers outlived their batch"; fail=1
fi

# the re-run does the rest only
"$bin" ingest --db killed.db -j 2 in 2> killed2.log; rc=$?
[ $rc -eq 0 ] || { echo "FAIL: re-run exit $rc"; cat killed2.log; fail=1; }
unchanged=$(sed -n 's/.*, \([0-9]*\) unchanged.*/\1/p' killed2.log)
[ "$unchanged" -ge "$at_kill" ] || { echo "FAIL: re-run redid committed documents"; fail=1; }
"$bin" export --db killed.db > killed.jsonl
"$bin" export --db killed.db --type page > killed-pages.jsonl
docs=$(grep -c '"type":"document"' killed.jsonl)
if cmp -s clean.jsonl killed.jsonl && cmp -s clean-pages.jsonl killed-pages.jsonl && [ "$docs" -eq 20 ]; then
  echo "ok: after kill -9 and a re-run the export equals a clean run's ($docs documents, $(wc -l < killed.jsonl) records, $(wc -l < killed-pages.jsonl) pages)"
else
  echo "FAIL: exports differ (documents $docs)"; fail=1
fi
exit $fail
