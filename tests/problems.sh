#!/bin/sh
# The documents' own knowledge (issue 4): a letter with four slips
# (fixtures/circular/slips.letter: a number that is not the shape of one,
# a receipt stamp dated before the letter, a deadline before it, a mobile
# number one digit short) gets
# each reported in "problems"; the consistent born-digital letters get
# none.  Usage: problems.sh SARABAN FIXTURES
set -u
bin=$1; fix=$2
check() {
  f=$1; shift
  "$bin" parse "$f" | python3 -c '
import json, sys
want = sys.argv[1:]
probs = [p for l in sys.stdin for r in [json.loads(l)] if r["type"] == "circular" for p in r["problems"]]
ok = len(probs) == len(want) and all(any(p.startswith(w) for p in probs) for w in want)
print(("ok: " if ok else "FAIL: ") + "problems: " + json.dumps(probs, ensure_ascii=False))
sys.exit(0 if ok else 1)' "$@"
}
fail=0
check "$fix/circular/slips.pdf" "doc_no" "received 1" "deadline" "phone" || fail=1
check "$fix/circular/bundle-fy2564.pdf" || fail=1
check "$fix/circular/own-letters.pdf" || fail=1
exit $fail
