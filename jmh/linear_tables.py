#!/usr/bin/env python3
"""Markdown tables for docs/benchmarks.md from the JMH JSON results of LinearBench, PeakBench and
SparseBackwardBench (see the commands in docs/benchmarks.md).

usage: python3 jmh/linear_tables.py --peak P1.json [--peak2 P2.json] [--linear L1.json ...]
                                    [--sparse S.json] [--lanes 16]
"""
import argparse
import json

SHAPES = ["100x784x500", "100x500x500", "100x500x10", "1x784x500"]


def shape_order(shape):
    return (SHAPES.index(shape) if shape in SHAPES else len(SHAPES), shape)


def load(path):
    with open(path) as f:
        return json.load(f)


def score(entry):
    return entry["primaryMetric"]["score"], entry["primaryMetric"]["scoreError"]


def peak_gflops(path, lanes):
    runs = load(path)
    (s, e), = [score(r) for r in runs if r["benchmark"].endswith("PeakBench.fmaChains")]
    return s * 2 * lanes / 1000.0, e * 2 * lanes / 1000.0, runs[0]["threads"]


def linear_tables(paths, peak):
    rows = {}
    for path in paths:
        for r in load(path):
            if ".LinearBench." not in r["benchmark"]:
                continue
            op, impl = r["benchmark"].rsplit(".", 1)[1].split("_")
            key = (int(r["params"]["threads"]), r["params"]["shape"], op)
            rows.setdefault(key, {})[impl] = score(r)[0]
    impls = ["meprop", "scalar", "ejml", "vectorblas", "openblas"]
    out = []
    for threads in sorted({k[0] for k in rows}):
        of_peak = f"the {threads}-thread peak ({peak[threads]:.0f} GFLOP/s)" if threads in peak else "the peak (not given)"
        out.append(f"\n{threads} thread(s), microseconds per call (lower is better); GFLOP/s and % of "
                   f"{of_peak} for meprop; peer/meprop time ratios\n")
        out.append("| op | shape (batch×in×out) | " + " | ".join(impls) +
                   " | meprop GFLOP/s | % of peak | VectorBLAS/meprop | OpenBLAS/meprop |")
        out.append("|---|---|" + "---:|" * (len(impls) + 4))
        for (t, shape, op) in sorted((k for k in rows if k[0] == threads),
                                     key=lambda k: (k[2] != "forward", shape_order(k[1]))):
            v = rows[(t, shape, op)]
            b, i, o = (int(n) for n in shape.split("x"))
            flops = 2.0 * b * i * o * (2 if op == "backward" else 1)
            cells = [f"{v[m]:.1f}" if m in v else "–" for m in impls]
            mg = flops / (v["meprop"] * 1e3) if "meprop" in v else float("nan")
            pct = f"{100 * mg / peak[threads]:.0f}%" if threads in peak else "–"
            vb = f"{v['vectorblas'] / v['meprop']:.2f}" if "vectorblas" in v else "–"
            ob = f"{v['openblas'] / v['meprop']:.2f}" if "openblas" in v else "–"
            out.append(f"| {op} | {shape} | " + " | ".join(cells) + f" | {mg:.0f} | {pct} | {vb} | {ob} |")
    keys1 = {(k[1], k[2]): rows[k].get("meprop") for k in rows if k[0] == 1}
    keys2 = {(k[1], k[2]): rows[k].get("meprop") for k in rows if k[0] == 2}
    common = sorted(set(keys1) & set(keys2), key=lambda k: (k[1] != "forward", shape_order(k[0])))
    if common:
        out.append("\nmeprop, 2 threads against 1 thread (speed-up = time 1 thread / time 2 threads)\n")
        out.append("| op | shape | 1 thread µs | 2 threads µs | speed-up |")
        out.append("|---|---|---:|---:|---:|")
        for shape, op in common:
            out.append(f"| {op} | {shape} | {keys1[(shape, op)]:.1f} | {keys2[(shape, op)]:.1f} | "
                       f"{keys1[(shape, op)] / keys2[(shape, op)]:.2f}× |")
    return "\n".join(out)


def sparse_table(path):
    rows = {}
    for r in load(path):
        if ".SparseBackwardBench." not in r["benchmark"]:
            continue
        m = r["benchmark"].rsplit(".", 1)[1]
        rows.setdefault((int(r["params"]["threads"]), int(r["params"]["k"])), {})[m] = score(r)[0]
    out = ["| threads | k of 500 | dense µs | per-example µs | unified µs | per-example speed-up | "
           "unified speed-up | ideal (out/k) |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for (t, k) in sorted(rows):
        v = rows[(t, k)]
        out.append(f"| {t} | {k} | {v['dense']:.1f} | {v['perExample']:.1f} | {v['unified']:.1f} | "
                   f"{v['dense'] / v['perExample']:.1f}× | {v['dense'] / v['unified']:.1f}× | {500 / k:.1f}× |")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--peak", help="PeakBench JSON, 1 JMH thread (without it: no % of peak)")
    p.add_argument("--peak2", help="PeakBench JSON, 2 JMH threads")
    p.add_argument("--linear", nargs="*", default=[])
    p.add_argument("--sparse")
    p.add_argument("--lanes", type=int, default=16)
    a = p.parse_args()
    peak = {}
    if a.peak:
        g1, e1, _ = peak_gflops(a.peak, a.lanes)
        peak[1] = g1
        print(f"FMA peak, {a.lanes} lanes: 1 thread {g1:.0f} ± {e1:.0f} GFLOP/s", end="")
        if a.peak2:
            g2, e2, _ = peak_gflops(a.peak2, a.lanes)
            peak[2] = g2
            print(f"; 2 threads {g2:.0f} ± {e2:.0f} GFLOP/s", end="")
        print()
    if a.linear:
        print(linear_tables(a.linear, peak))
    if a.sparse:
        print()
        print(sparse_table(a.sparse))


if __name__ == "__main__":
    main()
