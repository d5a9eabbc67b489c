#!/usr/bin/env python3
"""Table of a TrainStepBench JMH JSON file: median µs per call of each (benchmark, mode, adam, dropout), and
the speed-up of each sparse mode over dense with the same Adam and dropout (median dense / median sparse).

usage: python3 jmh/trainstep_table.py results.json [more.json ...]
"""
import json
import statistics
import sys


def rows(path):
    out = {}
    for r in json.load(open(path)):
        bench = r["benchmark"].rsplit(".", 1)[1]
        p = r["params"]
        raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        out[(bench, p["mode"], p["adam"], p.get("k", ""), p.get("threads", "1"),
             p.get("dropout", "0"))] = (
            statistics.median(raw), r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"])
    return out


def main():
    for path in sys.argv[1:]:
        data = rows(path)
        print(f"{path}\n")
        print("| benchmark | mode | k | Adam | threads | dropout | median µs | mean ± error µs | dense / this (medians) |")
        print("|---|---|---:|---|---:|---:|---:|---:|---:|")
        for key in sorted(data, key=lambda k: (k[0], k[2], k[5], ["dense", "topk", "unified"].index(k[1]))):
            bench, mode, adam, k, threads, dropout = key
            med, score, err = data[key]
            dense = data.get((bench, "dense", adam, k, threads, dropout))
            ratio = f"{dense[0] / med:.2f}×" if dense else "–"
            print(f"| {bench} | {mode} | {k if mode != 'dense' else '–'} | {adam} | {threads} | {dropout} | {med:.0f} | "
                  f"{score:.0f} ± {err:.0f} | {ratio} |")
        print()


if __name__ == "__main__":
    main()
