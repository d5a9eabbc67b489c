#!/usr/bin/env python3
"""Side-by-side table of jmh/run-contention-benchmark.sh: µs per TrainStepBench.step on 1 and 2
threads, quiet and with one CPU-bound competitor, for each build (median, min and max over the
iterations of all rounds); then whether 2 threads were slower than 1 under load.

usage: python3 jmh/contention_table.py NAME=QUIET-GLOB,BUSY-GLOB [NAME=QUIET-GLOB,BUSY-GLOB ...]
"""
import glob
import json
import statistics
import sys


def scores(pattern):
    raw = {}
    for path in sorted(glob.glob(pattern)):
        for r in json.load(open(path)):
            p = r["params"]
            key = (p["mode"], int(p["threads"]))
            raw.setdefault(key, []).extend(x for fork in r["primaryMetric"]["rawData"] for x in fork)
    return {k: (statistics.median(v), min(v), max(v)) for k, v in raw.items()}


def main():
    builds = []
    for arg in sys.argv[1:]:
        name, files = arg.split("=", 1)
        quiet, busy = files.split(",")
        builds.append((name, scores(quiet), scores(busy)))
    header = "| mode | threads |"
    rule = "|---|---:|"
    for name, _, _ in builds:
        header += f" {name} quiet µs | {name} busy µs |"
        rule += "---:|---:|"
    print("Median µs per training step (min-max of the iterations of all rounds).\n")
    print(header)
    print(rule)
    keys = sorted(builds[0][1], key=lambda k: (k[0], k[1]))
    for key in keys:
        line = f"| {key[0]} | {key[1]} |"
        for _, quiet, busy in builds:
            for d in (quiet, busy):
                m = d.get(key)
                line += f" {m[0]:.0f} ({m[1]:.0f}-{m[2]:.0f}) |" if m else " - |"
        print(line)
    print()
    for name, quiet, busy in builds:
        for mode in sorted({k[0] for k in busy}):
            one, two = busy.get((mode, 1)), busy.get((mode, 2))
            q1, q2 = quiet.get((mode, 1)), quiet.get((mode, 2))
            if one and two:
                verdict = "not slower" if two[0] <= one[0] else "SLOWER"
                print(f"- {name}, {mode}: busy 1 thread / 2 threads = {one[0] / two[0]:.2f}x (2 threads {verdict});"
                      + (f" quiet {q1[0] / q2[0]:.2f}x" if q1 and q2 else ""))


if __name__ == "__main__":
    main()
