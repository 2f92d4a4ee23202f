#!/bin/sh
# Times `saraban parse` on the full plan fixture: wall time, CPU time and
# peak memory (from the program's own --stats line), best of N runs.
# Target (issue 2): under 0.5 s and under 100 MB on one core.
# Usage: sh bench/bench-parse.sh [build/saraban] [runs]
set -eu
cd "$(dirname "$0")/.."
bin=${1:-build/saraban}; runs=${2:-5}
pdf=fixtures/plan/plan-fy2564.pdf
pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/{print $2}')
echo "bench: $pdf (${pages:-?} pages), $runs runs, OMP_THREAD_LIMIT=1, taskset to one core"
i=0
while [ $i -lt "$runs" ]; do
  OMP_THREAD_LIMIT=1 taskset -c 0 "$bin" parse --stats "$pdf" 2>&1 >/dev/null | grep 'stats:'
  i=$((i + 1))
done | sort -t= -k3 -n | sed -n '1p;$p' | sed '1s/^/best:  /;2s/^/worst: /'
