#!/usr/bin/env python3
"""Tables of jmh/run-peer-benchmarks.sh: training steps of meprop (dense and per-example top-k) against
DJL/PyTorch and DL4J, per thread count, with the FMA peak of the same run, the FMA limit of each step and
the ratios the targets are stated in; then single-row inference, meprop against DJL.

usage: python3 jmh/peer_table.py results/peers [--lanes 16]

The FMA limit of a step is its multiply-adds divided by the measured peak (PeakBench, vector FMAs per µs ×
lanes). Multiply-adds per step of the MLP 784-500-500-10, batch 100 (Adam, softmax and activations are
not counted: they are memory-bound passes):
  dense:   forward B·Σ in·out + backward dW B·Σ in·out + dx of layers 1 and 2 B·(500·500 + 500·10)
  top-k:   forward B·Σ in·out + output layer dW and dx dense + per hidden layer 2·B·k·in for dW and dx
           (no dx for the first layer).
"""
import glob
import json
import os
import statistics
import sys

SIZES = [784, 500, 500, 10]
B = 100


def macs(mode, k):
    layers = list(zip(SIZES[:-1], SIZES[1:]))
    fwd = sum(B * i * o for i, o in layers)
    if mode == "dense":
        dw = fwd
        dx = sum(B * i * o for l, (i, o) in enumerate(layers) if l > 0)
        return fwd + dw + dx
    i, o = layers[-1]
    out_layer = 2 * B * i * o
    hidden = 0
    for l, (i, o) in enumerate(layers[:-1]):
        hidden += B * k * i * (2 if l > 0 else 1)
    return fwd + out_layer + hidden


def load(path):
    return json.load(open(path)) if os.path.exists(path) else []


def median(r):
    raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
    return statistics.median(raw)


def main():
    d = sys.argv[1]
    lanes = 16
    if "--lanes" in sys.argv:
        lanes = int(sys.argv[sys.argv.index("--lanes") + 1])
    for peak_file in sorted(glob.glob(os.path.join(d, "peak-*t.json"))):
        t = peak_file.rsplit("-", 1)[1][:-6]
        peak = load(peak_file)[0]["primaryMetric"]["score"]  # vector FMAs per µs, all threads
        fmas_per_us = peak * lanes
        steps = {}
        for r in load(os.path.join(d, f"steps-{t}t.json")):
            name = r["benchmark"].rsplit(".", 2)[-2]
            p = r["params"]
            if name == "TrainStepBench":
                label = "meprop dense" if p["mode"] == "dense" else f"meprop {p['mode']}-{p['k']}"
                steps[label] = (median(r), p["mode"], int(p.get("k", 0)))
            elif name == "DjlTrainStepBench":
                steps["DJL/PyTorch dense"] = (median(r), "dense", 0)
            elif name == "Dl4jTrainStepBench":
                steps["DL4J dense"] = (median(r), "dense", 0)
        print(f"{t} thread(s): FMA peak {peak:.0f} vector FMAs/µs = {2 * fmas_per_us / 1000:.0f} GFLOP/s "
              f"({lanes} lanes), same run\n")
        print("| system | ms per step (median) | multiply-adds | FMA limit ms | % of limit | DJL dense / this | DL4J dense / this |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        djl = steps.get("DJL/PyTorch dense", (None,))[0]
        dl4j = steps.get("DL4J dense", (None,))[0]
        for label, (us, mode, k) in steps.items():
            m = macs(mode, k)
            limit = m / fmas_per_us
            r1 = f"{djl / us:.2f}×" if djl else "–"
            r2 = f"{dl4j / us:.2f}×" if dl4j else "–"
            print(f"| {label} | {us / 1000:.2f} | {m / 1e6:.1f} M | {limit / 1000:.2f} | {100 * limit / us:.0f}% | {r1} | {r2} |")
        print()
    one = {}
    for f in sorted(glob.glob(os.path.join(d, "steps-*t.json"))):
        t = f.rsplit("-", 1)[1][:-6]
        for r in load(f):
            if r["benchmark"].rsplit(".", 2)[-2] == "TrainStepBench":
                one[(r["params"]["mode"], t)] = median(r)
    ts = sorted({t for _, t in one})
    if len(ts) > 1:
        print("meprop, speed-up of the step over 1 thread (median 1 thread / median n threads)\n")
        print("| mode | " + " | ".join(f"{t} threads" for t in ts[1:]) + " |")
        print("|---|" + "---:|" * (len(ts) - 1))
        for mode in sorted({m for m, _ in one}):
            base = one.get((mode, ts[0]))
            print(f"| {mode} | " + " | ".join(
                f"{base / one[(mode, t)]:.2f}×" if base and (mode, t) in one else "–" for t in ts[1:]) + " |")
        print()
    inf = {}
    for r in load(os.path.join(d, "inference.json")):
        name = r["benchmark"].rsplit(".", 2)[-2]
        p = r["params"]
        inf[(p["hidden"], p["batch"], "DJL" if name.startswith("Djl") else "meprop")] = median(r)
    if inf:
        print("Inference to the logits, 1 thread, µs per call (median)\n")
        print("| model | batch | meprop | DJL/PyTorch | DJL / meprop |")
        print("|---|---:|---:|---:|---:|")
        for hidden, batch in sorted({(h, b) for h, b, _ in inf}, key=lambda x: (x[0], int(x[1]))):
            ours = inf.get((hidden, batch, "meprop"))
            theirs = inf.get((hidden, batch, "DJL"))
            ratio = f"{theirs / ours:.2f}×" if ours and theirs else "–"
            print(f"| 784-{hidden}-10 | {batch} | {ours or float('nan'):.1f} | {theirs or float('nan'):.1f} | {ratio} |")
        print()


if __name__ == "__main__":
    main()
