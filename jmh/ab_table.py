#!/usr/bin/env python3
"""Median (min-max) per benchmark and parameters over the rounds of jmh/run-ab.sh, old against new.

usage: jmh/ab_table.py OUTDIR
Every iteration of every round counts (JMH rawData); old/new > 1 means new is faster for time
scores (us/op) and slower for throughput scores (ops/us, e.g. PeakBench). The last column gives,
round by round, old/new of the two forks' medians (old-R.json against new-R.json).
"""
import glob
import json
import statistics
import sys

runs = {}
rounds = {}  # key -> side -> {round: median of that fork}
for path in sorted(glob.glob(sys.argv[1] + "/*.json")):
    side, rnd = path.split("/")[-1][:-len(".json")].split("-")[:2]
    for b in json.load(open(path)):
        params = b.get("params", {})
        key = (".".join(b["benchmark"].split(".")[-2:]), tuple(sorted(params.items())))
        values = [x for it in b["primaryMetric"]["rawData"] for x in it]
        runs.setdefault(key, {}).setdefault(side, []).extend(values)
        rounds.setdefault(key, {}).setdefault(side, {})[int(rnd)] = statistics.median(values)


def per_round(key):
    o, n = rounds[key].get("old", {}), rounds[key].get("new", {})
    return " ".join(f"{o[r] / n[r]:.2f}" for r in sorted(o) if r in n)


print("| benchmark | parameters | old | new | old/new | per round |")
print("|---|---|---:|---:|---:|---|")
for key in sorted(runs):
    old = runs[key].get("old")
    new = runs[key].get("new")
    if not old or not new:
        continue
    params = ", ".join(f"{k}={v}" for k, v in key[1] if k in ("shape", "in", "mode", "threads", "k", "n", "ratio", "reset", "cache", "moments"))
    mo, mn = statistics.median(old), statistics.median(new)
    print(f"| {key[0]} | {params} | {mo:,.1f} ({min(old):,.0f}–{max(old):,.0f}) | "
          f"{mn:,.1f} ({min(new):,.0f}–{max(new):,.0f}) | {mo / mn:.3f} | {per_round(key)} |")
