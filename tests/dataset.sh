#!/bin/sh
# The dataset: ingest, re-ingest, export equal to parse, Thai search, CSV
# round trip, new versions of a file, shards and merge, the OCR cache, the
# configuration file.  Usage: dataset.sh SARABAN FIXTURES TESTS_DIR
set -u
bin=$1; fix=$2; here=$3
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

mkdir -p "$t/in/plan" "$t/in/circular"
cp "$fix"/plan/*.pdf "$t/in/plan/"
cp "$fix"/circular/*.pdf "$t/in/circular/"
cd "$t"
nin=$(find in -name '*.pdf' | wc -l)

# first run: every file added; second run: every file unchanged, nothing read
"$bin" ingest --db a.db in 2> first.log; rc=$?
check "first ingest exits 0" "[ $rc -eq 0 ]"
check "first ingest adds all $nin" "grep -q '$nin files: $nin added' first.log"
"$bin" ingest --db a.db in 2> second.log; rc=$?
check "second ingest exits 0 and changes nothing" \
  "[ $rc -eq 0 ] && grep -q '$nin files: 0 added, 0 superseded, 0 reverted, $nin unchanged' second.log"

# export gives back exactly what parse printed, file by file, by path
"$bin" export --db a.db > export.jsonl
for f in $(find in -name '*.pdf' | LC_ALL=C sort); do "$bin" parse "$f"; done > parse.jsonl
check "export equals parse output ($(wc -l < parse.jsonl) records)" "cmp -s export.jsonl parse.jsonl"
n=$("$bin" export --db a.db --type plan_project | grep -c '"type":"plan_project"')
want=$(python3 -c 'import json,sys; print(sum(len(json.load(open(f))["plan_project"]) for f in sys.argv[1:]))' "$fix"/plan/*.truth.json)
check "export --type plan_project: the $want projects of the truth files (got $n)" "[ $n -eq $want ]"

# Thai search: words inside runs of Thai without spaces
"$bin" search --db a.db ธนาคารน้ำใต้ดิน > s1.jsonl; rc=$?
check "search ธนาคารน้ำใต้ดิน finds the plan" \
  "[ $rc -eq 0 ] && grep -q 'plan-fy2564.pdf' s1.jsonl && grep -q '\[ธนาคารน้ำใต้ดิน\]' s1.jsonl"
"$bin" search --db a.db ใต้ดิน > s2.jsonl; rc=$?
check "search ใต้ดิน (inside ธนาคารน้ำใต้ดิน) finds it" "[ $rc -eq 0 ] && grep -q 'ใต้ดิน\]' s2.jsonl"
"$bin" search --db a.db --format text บึงกาฬ > s3.txt; rc=$?
check "search บึงกาฬ (inside ศาลากลางจังหวัดบึงกาฬ) finds the bundle" \
  "[ $rc -eq 0 ] && grep -q bundle-fy2564 s3.txt"
"$bin" search --db a.db ไดโนเสาร์ > s4.jsonl; rc=$?
check "search for a word not there: exit 1, nothing printed" "[ $rc -eq 1 ] && [ ! -s s4.jsonl ]"

# CSV round trip against the JSON Lines export
"$bin" export --db a.db --format csv --out csv; rc=$?
check "csv export exits 0" "[ $rc -eq 0 ]"
check "csv round trip" "python3 '$here/csv-roundtrip.py' export.jsonl csv"

# a new version of a file supersedes the old; the old bytes back revert it
mkdir v
cp "$fix/plan/plan-page-strategy1.pdf" v/plan.pdf
"$bin" ingest --db v.db v 2>/dev/null
cp "$fix/plan/plan-page-strategy2.pdf" v/plan.pdf
"$bin" ingest --db v.db v 2> v2.log
check "new bytes at the same path supersede" "grep -q '1 superseded' v2.log"
n=$("$bin" export --db v.db --type document | wc -l)
s=$("$bin" export --db v.db --type document | grep -c "$(sha256sum v/plan.pdf | cut -c1-64)")
check "one current version, the new one" "[ $n -eq 1 ] && [ $s -eq 1 ]"
cp "$fix/plan/plan-page-strategy1.pdf" v/plan.pdf
"$bin" ingest --db v.db v 2> v3.log
s=$("$bin" export --db v.db --type document | grep -c "$(sha256sum v/plan.pdf | cut -c1-64)")
check "old bytes back: reverted without parsing" "grep -q '1 reverted' v3.log && [ $s -eq 1 ]"

# shards: two machines' datasets merged equal one run over everything
"$bin" ingest --db s0.db --shard 0/2 in 2> s0.log
"$bin" ingest --db s1.db --shard 1/2 in 2> s1.log
n0=$(sed -n 's/.*ingest: \([0-9]*\) files.*/\1/p' s0.log)
n1=$(sed -n 's/.*ingest: \([0-9]*\) files.*/\1/p' s1.log)
check "shards split the $nin files ($n0 + $n1)" "[ $((n0 + n1)) -eq $nin ] && [ $n0 -gt 0 ] && [ $n1 -gt 0 ]"
"$bin" merge m.db s0.db s1.db 2>/dev/null
"$bin" export --db m.db > merged.jsonl
check "merged shards export equals one run" "cmp -s merged.jsonl export.jsonl"
"$bin" merge m.db s0.db s1.db 2> again.log
"$bin" export --db m.db > merged2.jsonl
check "merging again adds nothing" \
  "cmp -s merged2.jsonl export.jsonl && [ \$(grep -c ': 0 documents added' again.log) -eq 2 ]"
"$bin" merge m.db export.jsonl 2> notdb.log; rc=$?
check "merging what is not a dataset: exit 4, one line" "[ $rc -eq 4 ] && [ \$(wc -l < notdb.log) -eq 1 ]"

# OCR cache: a re-made bundle only OCRs the page that changed
mkdir c
qpdf --empty --pages "$fix/scan/plan-page-strategy1.scan200.pdf" \
  "$fix/scan/plan-page-summary-operating.scan200.pdf" -- c/bundle-a.pdf
qpdf --empty --pages "$fix/scan/plan-page-strategy1.scan200.pdf" \
  "$fix/scan/plan-page-strategy2.scan200.pdf" -- c/bundle-b.pdf
"$bin" ingest --db c.db -j 1 --no-progress c/bundle-a.pdf 2> c1.log
"$bin" ingest --db c.db -j 1 --no-progress c/bundle-b.pdf 2> c2.log
check "first bundle: 2 pages OCR'd, none cached" "grep -q 'ocr=2 cached=0' c1.log"
check "second bundle: 2 OCR pages, 1 from the cache" "grep -q 'ocr=2 cached=1' c2.log"
"$bin" parse c/bundle-b.pdf > b-parse.jsonl
"$bin" export --db c.db | grep "$(sha256sum c/bundle-b.pdf | cut -c1-64)" > b-export.jsonl
check "records from cached OCR equal a fresh parse" "cmp -s b-parse.jsonl b-export.jsonl"

# the configuration file gives defaults; the command line wins
printf '[saraban]\ndb = %s/a.db\n[search]\nlimit = 1\n' "$t" > sb.conf
n=$("$bin" search --config sb.conf ท้องถิ่น | wc -l)
check "configuration: db and [search] limit taken" "[ $n -eq 1 ]"
n=$("$bin" search --config sb.conf --limit 3 ท้องถิ่น | wc -l)
check "configuration: the command line wins" "[ $n -eq 3 ]"
printf '[saraban]\nlimit = many\n' > bad.conf
"$bin" search --config bad.conf --db a.db x 2> badconf.log; rc=$?
check "a bad configuration value: exit 2, one line" "[ $rc -eq 2 ] && [ \$(wc -l < badconf.log) -eq 1 ]"

# a page that needs more memory than a worker may have fails that file
# only (not under ASan, which needs terabytes of address space: no limit)
if [ -z "${ASAN_OPTIONS:-}" ]; then
  "$bin" ingest --db mem.db --no-progress --dpi 100 --max-pixels 1000000000 --worker-memory 300 \
    "$fix/bad/page-200in.pdf" "$fix/plan/plan-page-strategy1.pdf" 2> mem.log; rc=$?
  check "over --worker-memory: that file fails, the other is added" \
    "[ $rc -eq 1 ] && grep -q '1 added.*1 failed' mem.log && grep -q '^saraban: .*page-200in.pdf: ' mem.log"
fi

# a file name in TIS-620 (as on old Windows shares): ingested, exported as
# valid JSON; a bad one still gets its reason
mkdir enc
cp "$fix/plan/plan-page-strategy1.pdf" "enc/$(printf 'plan-\273\325.pdf')"
cp "$fix/bad/truncated.pdf" "enc/$(printf 'bad-\273\325.pdf')"
"$bin" ingest --db enc.db --no-progress enc 2> enc.log; rc=$?
"$bin" export --db enc.db > enc.jsonl
check "TIS-620 file names: one added, one failed with its reason, valid JSON" \
  "[ $rc -eq 1 ] && grep -q '1 added.*1 failed' enc.log && grep -q 'truncated PDF' enc.log && python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding=\"utf-8\")]' enc.jsonl"

# usage and dataset errors
"$bin" ingest in 2>/dev/null; check "ingest without --db: exit 2" "[ $? -eq 2 ]"
"$bin" ingest --db a.db --shard 2/2 in 2>/dev/null; check "--shard 2/2: exit 2" "[ $? -eq 2 ]"
"$bin" export --db /nonexistent/x.db 2> nodb.log; rc=$?
check "export from a missing dataset: exit 4" "[ $rc -eq 4 ] && [ \$(wc -l < nodb.log) -eq 1 ]"
# a dataset from a newer saraban is refused, not written
cp a.db new.db
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version=99"); c.commit()' new.db
"$bin" ingest --db new.db in 2> new.log; rc=$?
check "a newer schema: exit 4, says so" "[ $rc -eq 4 ] && grep -q 'newer' new.log"
# the OCR cannot start (the digit model missing): the scan fails with that
# reason and the batch exits 5, not 1 (a package to install, not a bad
# file); the text-layer files beside it are added
mkdir in2
cp "$fix/scan/plan-page-strategy2.scan200.jpg" "$fix/plan/plan-page-strategy1.pdf" in2/
SARABAN_MODEL_DIR=$t/nomodel "$bin" ingest --db nomodel.db in2 2> nomodel.log; rc=$?
check "no digit model: ingest exits 5, the scan failed with why, the PDF added" \
  "[ $rc -eq 5 ] && grep -q 'scan200.jpg: the Thai-digit model' nomodel.log && grep -q '2 files: 1 added' nomodel.log"
exit $fail
