#!/bin/sh
# The OCR acceptance on the whole plan: scan the born-digital fixture with
# the scan simulator (200 dpi, up to 1.5 degrees, noise, blur, JPEG; made
# here rather than committed: 55 MB), then read it through OCR and check
# the records against the born-digital ground truth.
# Usage: scan-plan-full.sh SCANSIM TEST-PLAN-TRUTH PLAN.pdf TRUTH.json WORKDIR [ARGS...]
set -eu
scansim=$1; check=$2; pdf=$3; truth=$4; work=$5; shift 5
mkdir -p "$work"
"$scansim" --dpi 200 --seed 1 "$pdf" "$work/plan-scan200.pdf" 2>/dev/null
exec "$check" "$work/plan-scan200.pdf" "$truth" --scan "$@"
