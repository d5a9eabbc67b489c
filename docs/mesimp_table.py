#!/usr/bin/env python3
"""Markdown tables for docs/results.md from `meprop train [--simplify] --json` files.

usage: python3 docs/mesimp_table.py results/m2/ref-s1.json results/m2/ref-s2.json ...

Per file: hidden sizes, parameters, and three test accuracies:
  best dev    the test accuracy at the epoch with the best dev accuracy (the reference code's rule;
              with meSimp that epoch may come before the last prune, i.e. a larger model),
  final size  the same rule restricted to the epochs whose model has the final sizes (the model
              that is saved and deployed),
  last        the last epoch's test accuracy (the saved model).
Then per setting (mode, k, prune, merge, counting) the mean and range over the files (seeds).
"""
import json, sys
from collections import defaultdict

def row(path):
    d = json.load(open(path))
    s = d.get("simplification") or {}
    h = d["hidden_sizes"]
    final = [e for e in d["history"] if e["hidden_sizes"] == h and e["dev_accuracy"] is not None]
    best_final = max(final, key=lambda e: (e["dev_accuracy"], -e["epoch"]))  # first on ties
    setting = (d["mode"], d["k"] or "-", s.get("prune", "-"), s.get("merge_tau") or "-", s.get("counting", "-"))
    return dict(setting=setting, seed=d["seed"], hidden=h, avg=sum(h) / len(h), params=d["parameters"],
                best=100 * d["test_accuracy"], best_epoch=d["best_epoch"],
                best_hidden=d.get("best_epoch_hidden_sizes", h), final=100 * best_final["test_accuracy"],
                final_epoch=best_final["epoch"], last=100 * d["final_test_accuracy"], seconds=d["train_seconds"])

def sizes(h):
    return "-".join(map(str, h))

rows = [row(f) for f in sys.argv[1:]]
print("| mode | k | prune | merge τ | counting | seed | hidden | avg | parameters | test, best dev (epoch) | test, best dev at final size (epoch) | test, last epoch |")
print("|---|---|---|---|---|---|---|---:|---:|---:|---:|---:|")
for r in rows:
    mode, k, p, m, c = r["setting"]
    note = "" if r["best_hidden"] == r["hidden"] else ", " + sizes(r["best_hidden"])
    print(f"| {mode} | {k} | {p} | {m} | {c} | {r['seed']} | {sizes(r['hidden'])} | {r['avg']:.1f} | {r['params']:,} | "
          f"{r['best']:.2f}% ({r['best_epoch']}{note}) | {r['final']:.2f}% ({r['final_epoch']}) | {r['last']:.2f}% |")

groups = defaultdict(list)
for r in rows:
    groups[r["setting"]].append(r)
print()
print("| mode | k | prune | merge τ | counting | seeds | avg hidden, mean (range) | parameters, mean | test, best dev | test, best dev at final size | test, last epoch |")
print("|---|---|---|---|---|---:|---:|---:|---:|---:|---:|")
for (mode, k, p, m, c), rs in groups.items():
    def stat(key, fmt):
        v = [r[key] for r in rs]
        return f"{fmt.format(sum(v) / len(v))} ({fmt.format(min(v))}–{fmt.format(max(v))})"
    pm = sum(r["params"] for r in rs) / len(rs)
    print(f"| {mode} | {k} | {p} | {m} | {c} | {len(rs)} | {stat('avg', '{:.1f}')} | {pm:,.0f} | "
          f"{stat('best', '{:.2f}')} | {stat('final', '{:.2f}')} | {stat('last', '{:.2f}')} |")
