#!/usr/bin/env python3
"""Per-iteration table of a JMH log run with -jvmArgsAppend -Dmeprop.parallel.trace=N.

Usage: python3 jmh/trace_table.py LOG

Each measurement iteration's time is listed with the pool trace lines printed during it
(docs/benchmarks.md, "What slows two threads"): calls, the calls-weighted mean hand-off latency
(caller publishes a call -> a spinning worker starts it), the mean wait of the caller for the other
thread's part, and the caller's parks. Then, per benchmark, the median time of the iterations
whose hand-off is below 200 ns, 200-400 ns and 400 ns or more, and the correlation (Pearson, over
the iterations) of the time with the hand-off and with the caller's wait, and the median wait. For
several logs (the rounds of jmh/run-ab.sh), concatenate them first.
"""
import re
import statistics
import sys

TRACE = re.compile(r"meprop\.parallel\.trace t=\d+ calls=(\d+) alone=(\d+) handoffNanos=(\d+) "
                   r"waitMicros=([\d.]+) callerParks=(\d+)")
RESULT = re.compile(r"(\d+(?:\.\d+)?) us/op\s*$")
BANDS = [(0, 200), (200, 400), (400, 10**9)]


def main(path):
    rows = []
    params, fork, phase, it = "", "", None, 0
    pending = []
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("# Parameters:"):
            params = line.split(":", 1)[1].strip()
        if line.startswith("# Fork:"):
            fork = line.split(":", 1)[1].strip()
            it = 0
        if "# Warmup Iteration" in line:
            phase, pending = "warmup", []
        elif re.search(r"^Iteration\s+\d+:", line):
            phase, pending = "measure", []
        pending += [tuple(float(x) for x in m.groups()) for m in TRACE.finditer(line)]
        r = RESULT.search(line)
        if r and "±" not in line and phase is not None:
            if phase == "measure":
                it += 1
                calls = sum(p[0] for p in pending)
                def mean(i):
                    return sum(p[0] * p[i] for p in pending) / calls if calls else float("nan")
                rows.append((params, fork, it, float(r.group(1)), int(calls), int(sum(p[1] for p in pending)),
                             mean(2), mean(3), int(sum(p[4] for p in pending))))
            phase = None
    print("| parameters | fork | iteration | µs/op | calls | alone | hand-off ns | caller wait µs | caller parks |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:,.0f} | {r[4]} | {r[5]} | {r[6]:.0f} | {r[7]:.1f} | {r[8]} |")
    print()
    print("| parameters | hand-off < 200 ns | 200-400 ns | >= 400 ns | r(time, hand-off) | r(time, caller wait) | median caller wait µs |")
    print("|---|---|---|---|---:|---:|---:|")
    for p in dict.fromkeys(r[0] for r in rows):
        cells = []
        for lo, hi in BANDS:
            v = [r[3] for r in rows if r[0] == p and r[4] and lo <= r[6] < hi]
            cells.append(f"{statistics.median(v):,.0f} µs ({len(v)} it.)" if v else "–")
        traced = [r for r in rows if r[0] == p and r[4]]
        for i in (6, 7):
            cells.append(f"{pearson([r[3] for r in traced], [r[i] for r in traced]):.2f}" if len(traced) > 2 else "–")
        cells.append(f"{statistics.median(r[7] for r in traced):.1f}" if traced else "–")
        print(f"| {p} | " + " | ".join(cells) + " |")


def pearson(a, b):
    ma, mb = statistics.mean(a), statistics.mean(b)
    num = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    den = (sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b)) ** 0.5
    return num / den if den else float("nan")


if __name__ == "__main__":
    main(sys.argv[1])
