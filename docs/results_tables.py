#!/usr/bin/env python3
"""Markdown tables for docs/results.md from `meprop train --json` files (bin/reproduce-results).

usage: python3 docs/results_tables.py results/mnist-dense.json results/mnist-topk-20.json ...

One row per file: mode, k, optimizer variant, test accuracy at the best dev epoch (the reference
code's rule) and at the last epoch, and the time split of training in seconds (forward, backward,
optimizer; one thread). The speed-up columns compare with the file whose mode is dense (the
first such file): backward seconds, and a whole training step (forward + backward + optimizer).
"Steady" columns leave out epoch 1, where the JIT is still compiling the kernels.
"""
import json
import sys


def load(path):
    with open(path) as f:
        d = json.load(f)
    hist = d["history"]
    steady = hist[1:] if len(hist) > 1 else hist
    d["_bwd_steady"] = sum(e["backward_seconds"] for e in steady)
    d["_step_steady"] = sum(e["forward_seconds"] + e["backward_seconds"] + e["optimizer_seconds"] for e in steady)
    d["_step"] = d["forward_seconds"] + d["backward_seconds"] + d["optimizer_seconds"]
    d["_name"] = path.rsplit("/", 1)[-1].removesuffix(".json")
    return d


def main(paths):
    runs = [load(p) for p in paths]
    dense = next((r for r in runs if r["mode"] == "dense"), None)
    print("| run | mode | k | optimizer | test (best dev epoch) | test (last epoch) | forward s | backward s | optimizer s "
          "| backward speed-up | step speed-up | backward speed-up, epochs 2+ | step speed-up, epochs 2+ |")
    print("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        opt = "lazy Adam" if "lazy" in r["optimizer"] else r["optimizer"].split("(")[0]
        if dense is not None:
            sp = (f"{dense['backward_seconds'] / r['backward_seconds']:.1f}×",
                  f"{dense['_step'] / r['_step']:.2f}×",
                  f"{dense['_bwd_steady'] / r['_bwd_steady']:.1f}×",
                  f"{dense['_step_steady'] / r['_step_steady']:.2f}×")
        else:
            sp = ("", "", "", "")
        print(f"| {r['_name']} | {r['mode']} | {r['k'] or '-'} | {opt} | {100 * r['test_accuracy']:.2f}% "
              f"({r['best_epoch']}) | {100 * r['final_test_accuracy']:.2f}% | {r['forward_seconds']:.1f} "
              f"| {r['backward_seconds']:.1f} | {r['optimizer_seconds']:.1f} | " + " | ".join(sp) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
