#!/usr/bin/env python3
"""Per-batch phase times (µs) of the CLI epochs written by jmh/run-cli-ab.sh: median (min-max) over
every epoch after the first (which includes the JIT's warm-up) of every round, old against new.

usage: jmh/cli_ab_table.py OUTDIR
"""
import glob
import json
import statistics
import sys

PHASES = ("forward", "backward", "optimizer")
rows = {}
for path in sorted(glob.glob(sys.argv[1] + "/*.json")):
    side, mode, _ = path.split("/")[-1][:-5].split("-")
    d = json.load(open(path))
    batches = 550  # MNIST: 55,000 training rows (5,000 held out as dev) at batch 100
    for h in d["history"][1:]:
        per = {p: h[p + "_seconds"] / batches * 1e6 for p in PHASES}
        per["step"] = sum(per.values())
        for p, v in per.items():
            rows.setdefault((mode, p), {}).setdefault(side, []).append(v)
print("| mode | phase | old µs/batch | new µs/batch | old/new |")
print("|---|---|---:|---:|---:|")
for (mode, p) in sorted(rows, key=lambda k: (k[0], (PHASES + ("step",)).index(k[1]))):
    o, n = rows[(mode, p)].get("old", []), rows[(mode, p)].get("new", [])
    if not o or not n:
        continue
    mo, mn = statistics.median(o), statistics.median(n)
    print(f"| {mode} | {p} | {mo:,.0f} ({min(o):,.0f}–{max(o):,.0f}) | {mn:,.0f} ({min(n):,.0f}–{max(n):,.0f}) | {mo / mn:.2f} |")
