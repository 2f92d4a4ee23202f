#!/bin/sh
# Every bad input: exit 1, nothing on stdout, exactly one stderr line that
# names the file and gives a reason; a good file beside them still parses.
set -u
bin=$1; dir=$2; good=$3
fail=0
# Page images and PDF pages too large, too small or cut short also get one
# line; each run is bounded in time (timeout) and memory (ulimit -v).
# (AddressSanitizer reserves terabytes of shadow address space: no ulimit -v
# under ASan.)
memcap=2000000
[ -n "${ASAN_OPTIONS:-}" ] && memcap=unlimited
for f in "$dir"/*.pdf "$dir"/*.png; do
  out=$( (ulimit -v $memcap; timeout 120 "$bin" parse "$f") 2>/tmp/sb-err.$$); rc=$?
  lines=$(wc -l < /tmp/sb-err.$$)
  if [ $rc -ne 1 ] || [ -n "$out" ] || [ "$lines" -ne 1 ] || ! grep -qF "$f: " /tmp/sb-err.$$; then
    echo "FAIL: $f rc=$rc stdout=$(printf %s "$out" | head -c 80) stderr=$(cat /tmp/sb-err.$$)"
    fail=1
  else
    echo "ok: $(cat /tmp/sb-err.$$)"
  fi
done
# mixed command line: bad files do not stop good ones, exit 1 overall
out=$("$bin" parse "$dir/empty.pdf" "$good" 2>/dev/null); rc=$?
n=$(printf '%s\n' "$out" | grep -c '"type":"document"')
[ $rc -eq 1 ] && [ "$n" -eq 1 ] || { echo "FAIL: mixed run rc=$rc documents=$n"; fail=1; }
# the right password opens the encrypted one
"$bin" parse --password user-secret "$dir/encrypted.pdf" | grep -q '"type":"plan_project"' \
  || { echo "FAIL: --password"; fail=1; }
# usage errors exit 2
"$bin" frobnicate x >/dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL: unknown command"; fail=1; }
"$bin" parse >/dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL: no file"; fail=1; }
"$bin" parse /nonexistent.pdf 2>&1 | grep -q 'no such file' || { echo "FAIL: missing file"; fail=1; }
# the pixel limit is configurable: a normal page over a tiny limit is refused
"$bin" parse --force-ocr --max-pixels 1000 "$good" 2>&1 | grep -q 'max-pixels' \
  || { echo "FAIL: --max-pixels"; fail=1; }
# so is the time per page
"$bin" parse --force-ocr --max-page-seconds 0.001 "$good" 2>&1 | grep -q 'max-page-seconds' \
  || { echo "FAIL: --max-page-seconds"; fail=1; }
# a missing package is no fault of the file: exit 5, one line naming it
for miss in "SARABAN_MODEL_DIR=/nonexistent|digit model" "LIBTHAI_DICTDIR=/nonexistent|Thai dictionary"; do
  out=$(env "${miss%%|*}" "$bin" parse --force-ocr "$good" 2>/tmp/sb-err.$$); rc=$?
  if [ $rc -ne 5 ] || [ -n "$out" ] || [ "$(wc -l < /tmp/sb-err.$$)" -ne 1 ] ||
     ! grep -q "${miss#*|}" /tmp/sb-err.$$; then
    echo "FAIL: ${miss%%|*}: rc=$rc $(cat /tmp/sb-err.$$)"; fail=1
  else
    echo "ok: $(cat /tmp/sb-err.$$)"
  fi
done
rm -f /tmp/sb-err.$$
exit $fail
