#!/bin/sh
# The truth programs refuse an option they do not know and a threshold
# that is not a number (exit 2) instead of running with the default: a
# typo in a test's arguments must not lower its bar unseen.
# Usage: truth-options.sh TEST-CIRCULAR-TRUTH TEST-PLAN-TRUTH FIXTURES
set -u
"$1" "$3/circular/own-letters.pdf" "$3/circular/own-letters.truth.json" --min-exat 90 \
  >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: test-circular-truth ran with a mistyped option"; exit 1; }
"$2" "$3/plan/plan-page-strategy1.pdf" "$3/plan/plan-page-strategy1.truth.json" \
  --min-budget ninety >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: test-plan-truth ran with a threshold that is not a number"; exit 1; }
echo "ok: both refuse a mistyped option or threshold (exit 2)"
