#!/usr/bin/env python3
"""CSV export round trip: every CSV file read back with Python's csv module
must hold, cell for cell, the JSON Lines export flattened by the rules in
ops.h (sb_export_csv).  Usage: csv-roundtrip.py EXPORT.jsonl CSVDIR"""
import csv, json, sys

def scalar(v):
    if v is None: return ""
    if v is True: return "true"
    if v is False: return "false"
    if isinstance(v, str): return v
    return json.dumps(v, ensure_ascii=False)

def text(v):
    if isinstance(v, list): return "; ".join(text(x) for x in v)
    if isinstance(v, dict): return ", ".join(f"{k}: {text(x)}" for k, x in v.items())
    return scalar(v)

def cell(rec, col):
    if col in rec:
        v = rec[col]
        return None if isinstance(v, dict) else text(v)   # objects are split
    field, _, member = col.partition(".")
    if member and isinstance(rec.get(field), dict):
        return text(rec[field].get(member))
    return ""

records = {}
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    records.setdefault(r["type"], []).append(r)

cells = 0
for typ, recs in records.items():
    path = f"{sys.argv[2]}/{typ}.csv"
    raw = open(path, "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path}: no byte-order mark"
    assert b"\r\n" in raw, f"{path}: lines do not end in CRLF"
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    assert len(body) == len(recs), f"{path}: {len(body)} rows, {len(recs)} records"
    for rec, row in zip(recs, body):
        assert len(row) == len(header), f"{path}: ragged row"
        for col, got in zip(header, row):
            want = cell(rec, col)
            if want is None: continue
            assert got == want, f"{path}: {col}: {got!r} != {want!r}"
            cells += 1
    # every field of every record is somewhere in the header
    for rec in recs:
        for k, v in rec.items():
            if isinstance(v, dict):
                for m in v: assert f"{k}.{m}" in header, f"{path}: no column {k}.{m}"
            else:
                assert k in header, f"{path}: no column {k}"
print(f"csv round trip: {sum(map(len, records.values()))} records, {cells} cells equal "
      f"in {len(records)} files")
