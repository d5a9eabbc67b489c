#!/usr/bin/env python3
"""Medians of a JMH JSON result file: per benchmark and parameters, the median over every
measurement iteration of every fork, and each fork's median.

usage: python3 jmh/json_medians.py RESULT.json
"""
import json
import statistics
import sys

for b in json.load(open(sys.argv[1])):
    params = ", ".join(f"{k}={v}" for k, v in sorted(b.get("params", {}).items()))
    forks = b["primaryMetric"]["rawData"]
    every = [x for fork in forks for x in fork]
    print(f"{'.'.join(b['benchmark'].split('.')[-2:])} ({params}) {b['primaryMetric']['scoreUnit']}: "
          f"median {statistics.median(every):,.1f} over {len(every)} iterations; forks "
          + ", ".join(f"{statistics.median(f):,.1f}" for f in forks))
