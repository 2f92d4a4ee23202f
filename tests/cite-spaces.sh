#!/bin/sh
# The spaces OCR loses inside a citation are put back as official letters
# write them (parse/circular.c, cite_spaces()): "ที่456/2565ลงวันที่ 1
# มีนาคม 2565" is "ที่ 456/2565 ลงวันที่ 1 มีนาคม 2565", and a document
# number cited after ที่ is spaced as the contract writes it.  The input,
# fixtures/circular/unspaced-citations.txt, is a letter's citations typed
# as a scan reads them; the references and attachments wanted are written
# here by hand.  Usage: cite-spaces.sh SARABAN FIXTURES
set -u
"$1" parse "$2/circular/unspaced-citations.txt" | python3 -c '
import json, sys
want_refs = ["1. หนังสือเทศบาลนครนครราชสีมา ที่ นม 52001/ว 987 ลงวันที่ 14 กุมภาพันธ์ 2565",
             "2. คำสั่งเทศบาลนครนครราชสีมา ที่ 456/2565 ลงวันที่ 1 มีนาคม 2565"]
want_atts = ["1. สำเนาหนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท 0810.3/ว 3195 ลงวันที่ 15 ตุลาคม 2563 จำนวน 1 ฉบับ",
             "2. ระเบียบวาระการประชุม จำนวน 1 ฉบับ"]
letters = [r for l in sys.stdin for r in [json.loads(l)] if r["type"] == "circular"]
ok = len(letters) == 1
for field, want in (("references", want_refs), ("attachments", want_atts)):
    got = letters[0][field] if letters else None
    good = got == want
    ok = ok and good
    print(("ok: " if good else "FAIL: ") + field + ": " + json.dumps(got, ensure_ascii=False))
sys.exit(0 if ok else 1)'
