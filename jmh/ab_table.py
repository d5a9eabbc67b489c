#!/usr/bin/env python3
"""Median (min-max) per benchmark and parameters over the rounds of jmh/run-ab.sh, old against new.

usage: jmh/ab_table.py OUTDIR
Every iteration of every round counts (JMH rawData); old/new > 1 means new is faster for time
scores (us/op) and slower for throughput scores (ops/us, e.g. PeakBench).
"""
import glob
import json
import statistics
import sys

runs = {}
for path in sorted(glob.glob(sys.argv[1] + "/*.json")):
    side = path.split("/")[-1].split("-")[0]
    for b in json.load(open(path)):
        params = b.get("params", {})
        key = (".".join(b["benchmark"].split(".")[-2:]), tuple(sorted(params.items())))
        values = [x for it in b["primaryMetric"]["rawData"] for x in it]
        runs.setdefault(key, {}).setdefault(side, []).extend(values)
print("| benchmark | parameters | old | new | old/new |")
print("|---|---|---:|---:|---:|")
for key in sorted(runs):
    old = runs[key].get("old")
    new = runs[key].get("new")
    if not old or not new:
        continue
    params = ", ".join(f"{k}={v}" for k, v in key[1] if k in ("shape", "mode", "threads", "k", "n", "ratio", "reset", "cache", "moments"))
    mo, mn = statistics.median(old), statistics.median(new)
    print(f"| {key[0]} | {params} | {mo:,.1f} ({min(old):,.0f}–{max(old):,.0f}) | "
          f"{mn:,.1f} ({min(new):,.0f}–{max(new):,.0f}) | {mo / mn:.3f} |")
