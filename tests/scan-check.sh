#!/bin/sh
# An OCR acceptance on a document scanned here: the born-digital fixture
# through the scan simulator (200 dpi, up to 1.5 degrees, noise, blur,
# JPEG; made here rather than committed: the whole plan's scan is 55 MB)
# with the given seed, then read through OCR and its records checked
# against the born-digital ground truth by the truth program.
# Usage: scan-check.sh SCANSIM TRUTH-PROGRAM DOC.pdf TRUTH.json WORKDIR SEED [ARGS...]
set -eu
scansim=$1; check=$2; pdf=$3; truth=$4; work=$5; seed=$6; shift 6
mkdir -p "$work"
out="$work/$(basename "$pdf" .pdf)-seed$seed.scan200.pdf"
"$scansim" --dpi 200 --seed "$seed" "$pdf" "$out" 2>/dev/null
exec "$check" "$out" "$truth" --scan "$@"
