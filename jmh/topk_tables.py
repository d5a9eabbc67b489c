#!/usr/bin/env python3
"""Markdown tables for docs/benchmarks.md ("Top-k") from the JSON of jmh/run-topk-benchmarks.sh.

Usage: python3 jmh/topk_tables.py results/topk-preferred
"""
import json
import os
import sys


def load(directory, name):
    path = os.path.join(directory, name + ".json")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return json.load(f)


def method(entry):
    return entry["benchmark"].rsplit(".", 1)[1]


def score(entry):
    m = entry["primaryMetric"]
    err = m.get("scoreError")
    err = 0.0 if err is None or err != err else err  # NaN with a single iteration
    return m["score"], err


def fmt(value, err=None):
    text = f"{value:,.0f}" if value >= 100 else f"{value:,.1f}" if value >= 10 else f"{value:.2f}"
    if err:
        e = f"{err:,.0f}" if err >= 100 else f"{err:,.1f}" if err >= 10 else f"{err:.2f}"
        text += f" ± {e}"
    return text


def topk_tables(directory):
    rows = {}
    for e in load(directory, "TopKBench"):
        p = e["params"]
        key = (int(p["n"]), float(p["ratio"]))
        rows.setdefault(key, {})[method(e)] = score(e)
    if not rows:
        return
    cols = ["ours", "oursScalar", "minHeap", "fullSort", "maxAbsPass"]
    print("TopKBench, ns per call (JMH average ± 99.9% interval):\n")
    print("| n | k | " + " | ".join(cols) + " |")
    print("|---:|---:|" + "---:|" * len(cols))
    for (n, r) in sorted(rows):
        k = max(1, round(n * r))
        cells = [fmt(*rows[(n, r)][c]) if c in rows[(n, r)] else "" for c in cols]
        print(f"| {n} | {k} | " + " | ".join(cells) + " |")
    print("\nRatios (from the averages):\n")
    print("| n | k | minHeap / ours | fullSort / ours | ours / maxAbsPass | scalar twin / ours |")
    print("|---:|---:|---:|---:|---:|---:|")
    for (n, r) in sorted(rows):
        k = max(1, round(n * r))
        c = {m: v[0] for m, v in rows[(n, r)].items()}
        o = c.get("ours")
        if not o:
            continue
        def ratio(a, b):
            return f"{a / b:.1f}×" if a and b else ""
        print(f"| {n} | {k} | {ratio(c.get('minHeap'), o)} | {ratio(c.get('fullSort'), o)} | "
              f"{ratio(o, c.get('maxAbsPass'))} | {ratio(c.get('oursScalar'), o)} |")
    print()


def batch_table(directory):
    entries = load(directory, "TopKBatchBench")
    if not entries:
        return
    p = entries[0]["params"]
    print(f"TopKBatchBench, µs per batch of {p['rows']} × {p['n']}, k = {p['k']}:\n")
    print("| method | µs |")
    print("|---|---:|")
    for e in entries:
        print(f"| {method(e)} | {fmt(*score(e))} |")
    print()


def mass_table(directory):
    rows = {}
    for e in load(directory, "TopKMassBench"):
        p = e["params"]
        rows.setdefault((float(p["mass"]), int(p["kMin"]), int(p["kMax"])), {})[method(e)] = score(e)
    if not rows:
        return
    p = load(directory, "TopKMassBench")[0]["params"]
    cols = ["selectMass", "selectRowsKMax", "selectMassScalar"]
    print(f"TopKMassBench, µs per batch of {p['rows']} × {p['n']} (Laplace):\n")
    print("| mass | k range | " + " | ".join(cols) + " |")
    print("|---:|---|" + "---:|" * len(cols))
    for key in sorted(rows):
        cells = [fmt(*rows[key][c]) if c in rows[key] else "" for c in cols]
        print(f"| {key[0]} | {key[1]}..{key[2]} | " + " | ".join(cells) + " |")
    print()


def pack_table(directory):
    rows = {}
    for e in load(directory, "TopKPackBench"):
        rows.setdefault(float(e["params"]["survive"]), {})[method(e)] = score(e)
    if not rows:
        return
    cols = ["compressPreferred", "compress256", "lut256SelectFrom", "lut256Rearrange"]
    n = load(directory, "TopKPackBench")[0]["params"]["n"]
    print(f"TopKPackBench, ns to pack (key, position) of the keys ≥ a threshold among {n}:\n")
    print("| survivors | " + " | ".join(cols) + " |")
    print("|---:|" + "---:|" * len(cols))
    for s in sorted(rows):
        cells = [fmt(*rows[s][c]) if c in rows[s] else "" for c in cols]
        print(f"| {s:.0%} | " + " | ".join(cells) + " |")
    print()


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "results/topk-preferred"
    env = os.path.join(directory, "environment.txt")
    if os.path.exists(env):
        with open(env) as f:
            for line in f:
                print(line.rstrip() + "  ")
        print()
    topk_tables(directory)
    batch_table(directory)
    mass_table(directory)
    pack_table(directory)


if __name__ == "__main__":
    main()
