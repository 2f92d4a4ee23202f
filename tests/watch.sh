#!/bin/sh
# The watched inbox: a file written slowly is taken once, complete; the
# same bytes dropped twice are recorded once; temporary names wait for
# their rename; 30 bad files at once all end in failed/ with reasons
# (one hangs its worker past the time limit) while the daemon stays up
# and then takes a good file; SIGTERM stops it cleanly; polling mode.
# Usage: watch.sh SARABAN FIXTURES
set -u
bin=$1; fix=$2
t=$(mktemp -d)
daemon=
cleanup() { [ -n "$daemon" ] && kill -9 $daemon 2>/dev/null; rm -rf "$t"; }
trap cleanup EXIT
cd "$t"
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
# wait_for SECONDS CONDITION
wait_for() {
  n=$(($1 * 10))
  while [ $n -gt 0 ]; do eval "$2" && return 0; sleep 0.1; n=$((n - 1)); done
  return 1
}
docs() { "$bin" export --db db.sqlite --type document | wc -l; }

mkdir inbox stage
"$bin" watch inbox --db db.sqlite --settle 1 --timeout 6 -j 2 --log watch.log &
daemon=$!
wait_for 10 "[ -d inbox/failed ]"

# 0. one daemon per inbox
"$bin" watch inbox --db db.sqlite 2> second.log; rc=$?
check "a second daemon on the same inbox: exit 4, says why" \
  "[ $rc -eq 4 ] && grep -q 'already running' second.log"

# 1. written in six chunks over 3 seconds: taken once, after it is complete
good=$fix/plan/plan-page-strategy1.pdf
size=$(wc -c < "$good")
chunk=$((size / 6 + 1))
for k in 0 1 2 3 4 5; do
  dd if="$good" bs=$chunk skip=$k count=1 2>/dev/null >> inbox/slow.pdf
  sleep 0.5
done
check "slow file ends in done/" "wait_for 30 '[ -f inbox/done/slow.pdf ]'"
check "slow file recorded once, with all its bytes" \
  "[ \$(docs) -eq 1 ] && \"$bin\" export --db db.sqlite --type document | grep -q \$(sha256sum '$good' | cut -c1-64)"
check "slow file was never taken while incomplete" "[ -z \"\$(ls inbox/failed)\" ]"

# 2. the same bytes again under another name: done/, logged, recorded once
cp "$good" inbox/again.pdf
check "duplicate ends in done/" "wait_for 20 '[ -f inbox/done/again.pdf ]'"
check "duplicate logged, not recorded" "grep -q 'duplicate .*again.pdf' watch.log && [ \$(docs) -eq 1 ]"

# 3. a temporary name waits for its rename
cp "$fix/plan/plan-page-strategy2.pdf" inbox/next.pdf.part
sleep 2.5
check "a .part file is left alone" "[ -f inbox/next.pdf.part ]"
mv inbox/next.pdf.part inbox/next.pdf
check "renamed, it is taken" "wait_for 20 '[ -f inbox/done/next.pdf ]' && [ \$(docs) -eq 2 ]"

# 4. thirty bad files at once
: > stage/empty.pdf
for k in 1 2 3 4 5 6 7 8 9 10; do head -c $((k * 3000)) "$good" > stage/cut-$k.pdf; done
for k in 1 2 3 4 5; do head -c $((k * 997)) /dev/urandom > stage/noise-$k.pdf; done
for k in 1 2 3; do { printf '%%PDF-1.7\n'; head -c 5000 /dev/urandom; printf '\n%%%%EOF\n'; } > stage/fake-$k.pdf; done
printf 'not an image\n' > stage/text.png
printf 'not an image\n' > stage/text.jpg
printf 'II*\0garbage' > stage/bad.tif
for f in encrypted.pdf image.pdf corrupt.png zero.png tiny-1x1.png huge-20000x20000.png page-200in.pdf; do
  cp "$fix/bad/$f" stage/
done
# hangs: three hundred scanned pages, far past --timeout 6
scan=$fix/scan/plan-page-strategy1.scan200.pdf
qpdf --empty --pages $(for k in $(seq 1 300); do printf '%s ' "$scan"; done) -- stage/hang.pdf
nbad=$(ls stage | wc -l)
mv stage/* inbox/
check "the 30 bad files all end in failed/ ($nbad dropped)" \
  "[ $nbad -eq 30 ] && wait_for 120 '[ \$(ls inbox/failed | grep -vc error.txt) -eq 30 ]'"
check "each has NAME.error.txt with a reason" \
  "[ \$(ls inbox/failed/*.error.txt | wc -l) -eq 30 ] && ! grep -L 'Reason: ..' inbox/failed/*.error.txt | grep -q ."
check "the hung one was stopped by the time limit" "grep -q 'time limit' inbox/failed/hang.pdf.error.txt"
check "the encrypted one says so" "grep -qi 'encrypted' inbox/failed/encrypted.pdf.error.txt"
check "nothing bad was recorded" "[ \$(docs) -eq 2 ]"
check "the daemon is still up" "kill -0 $daemon"
cp "$fix/circular/own-letters.pdf" inbox/
check "and then ingests a good file" "wait_for 30 '[ -f inbox/done/own-letters.pdf ]' && [ \$(docs) -eq 3 ]"
check "the inbox is empty: every file is in done/ or failed/" \
  "[ -z \"\$(find inbox -maxdepth 1 -type f ! -name '.*')\" ]"

# 5. SIGHUP reopens the log; SIGTERM stops the daemon, exit 0
mv watch.log watch.log.1
kill -HUP $daemon
check "SIGHUP: a new log file" "wait_for 5 '[ -f watch.log ]'"
kill -TERM $daemon
wait $daemon; rc=$?
daemon=
check "SIGTERM: exit 0" "[ $rc -eq 0 ]"

# 6. polling mode (network shares), and files that came while it was down
cp "$fix/plan/plan-page-summary-operating.pdf" inbox/while-down.pdf
"$bin" watch inbox --db db.sqlite --poll 1 --settle 1 --log poll.log &
daemon=$!
check "polling: what came while down is taken" "wait_for 30 '[ -f inbox/done/while-down.pdf ]'"
cp "$fix/plan/plan-page-summary-subsidy.pdf" inbox/polled.pdf
check "polling: a new file is taken" "wait_for 30 '[ -f inbox/done/polled.pdf ]' && [ \$(docs) -eq 5 ]"
kill -TERM $daemon; wait $daemon; daemon=

# 7. a file being read when the daemon is told to stop twice stays in the
#    inbox, untouched, for the next start
cp inbox/failed/hang.pdf stage/long.pdf
"$bin" watch inbox --db db.sqlite --settle 1 --timeout 120 --log stop.log &
daemon=$!
mv stage/long.pdf inbox/
check "the long file is being read" "wait_for 30 'grep -qs \"reading inbox/long.pdf\" stop.log'"
kill -TERM $daemon; sleep 0.5; kill -TERM $daemon
check "stopped twice: the daemon ends at once" "wait_for 10 '! kill -0 $daemon 2>/dev/null'"
wait $daemon 2>/dev/null; daemon=
check "the file stays in the inbox, untouched" \
  "cmp -s inbox/long.pdf inbox/failed/hang.pdf && [ ! -e inbox/failed/long.pdf ] && [ ! -e inbox/done/long.pdf ]"

# 8. no inbox: one line, exit 4
"$bin" watch /nonexistent/inbox --db db.sqlite 2> noinbox.log; rc=$?
check "a missing inbox: exit 4, one line" "[ $rc -eq 4 ] && [ \$(wc -l < noinbox.log) -eq 1 ]"

# 9. the OCR cannot start (a package missing): the daemon does not start,
#    exit 5, one line naming what is missing; the inbox is left alone
scan=$fix/scan/plan-page-strategy2.scan200.jpg
mkdir inbox2
cp "$scan" inbox2/scan.jpg
SARABAN_MODEL_DIR=$t/nomodel timeout 30 "$bin" watch inbox2 --db db2.sqlite --settle 1 \
  2> nomodel.log; rc=$?
check "no digit model: exit 5, one line, the scan stays in the inbox" \
  "[ $rc -eq 5 ] && [ \$(wc -l < nomodel.log) -eq 1 ] && grep -q 'digit model' nomodel.log && [ -f inbox2/scan.jpg ] && [ ! -d inbox2/failed ]"

# 10. ... and when the model goes while the daemon runs, the scan being
#     read is not blamed: it stays in the inbox and the daemon stops, exit 5
mkdir model
cp "${SARABAN_MODEL_DIR:-$(dirname "$fix")/ocr/model}"/thadigits.* model/
SARABAN_MODEL_DIR=$t/model "$bin" watch inbox2 --db db2.sqlite --settle 1 --log gone.log \
  2> gone.err &
daemon=$!
# (the scan already in the inbox is read first: wait for it, then pull the model)
check "with the model, the scan is read" "wait_for 120 '[ -f inbox2/done/scan.jpg ]'"
mv model model.gone
cp "$scan" inbox2/again.jpg
printf 'x' >> inbox2/again.jpg # other bytes: not a duplicate
check "the model gone: the daemon stops by itself" "wait_for 60 '! kill -0 $daemon 2>/dev/null'"
kill -9 $daemon 2>/dev/null # (a daemon that did not stop: this run fails, and ends)
wait $daemon; rc=$?; daemon=
check "... exit 5, the scan stays in the inbox, not in failed/" \
  "[ $rc -eq 5 ] && [ -f inbox2/again.jpg ] && [ ! -e inbox2/failed/again.jpg ] && grep -q 'stays in the inbox and the watch stops' gone.log"
[ $fail -eq 0 ] || { echo "--- watch.log"; cat watch.log.1 watch.log 2>/dev/null | tail -60; }
exit $fail
