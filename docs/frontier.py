#!/usr/bin/env python3
"""The size/accuracy frontier of docs/results.md: a table and an SVG chart per data set.

    python3 docs/frontier.py [--svg DIR] RESULT.json...

RESULT.json are `meprop train --json` files (dense runs and meSimp runs) and `meprop compress --json`
files. Each file is one point, placed by what it holds:
  - train, dense                               -> "dense" (the reference line);
  - train --simplify without --merge           -> "meSimp";
  - train --simplify --merge TAU               -> "meSimp + merge";
  - compress --method magnitude, no --refit, no --fine-tune -> "magnitude pruning";
  - compress with --refit, no --fine-tune      -> "data-aware (refit)";
  - compress --fine-tune without / with --refit -> "magnitude + fine-tune" / "refit + fine-tune";
  - compress of a model narrower than 500 (a meSimp model) -> "meSimp (+ merge), then compress".
Points are (parameters of the saved model, its test accuracy): for train the best-dev model that
was saved (`test_accuracy`, `parameters`), for compress the output model (`after`).
Prints a markdown table (grouped by data set, then method, sorted by parameters); with --svg writes
DIR/frontier-<data>.svg (standard library only: no matplotlib here).
"""
import json
import math
import os
import sys

COLOURS = {"dense": "#000000", "meSimp": "#1f77b4", "meSimp + merge": "#2ca02c",
           "meSimp (+ merge), then compress": "#17becf",
           "magnitude pruning": "#d62728", "data-aware (refit)": "#ff7f0e",
           "magnitude + fine-tune": "#9467bd", "refit + fine-tune": "#8c564b"}


def point(path):
    with open(path) as f:
        d = json.load(f)
    name = os.path.basename(path)[:-5]
    if d.get("kind") == "compress":
        a = d["after"]
        if d["before"]["mean_hidden_size"] < 500:  # the input was already simplified (meSimp)
            method = "meSimp (+ merge), then compress"
        elif d.get("fine_tune_epochs"):
            method = "refit + fine-tune" if d.get("refit") else "magnitude + fine-tune"
        elif d.get("refit"):
            method = "data-aware (refit)"
        elif d.get("method") == "magnitude":
            method = "magnitude pruning"
        else:
            method = "merge after training"
        return {"name": name, "data": d["data"], "method": method, "hidden": a["hidden_sizes"],
                "parameters": a["parameters"], "accuracy": a["test_accuracy"],
                "before": d["before"]["test_accuracy"]}
    s = d.get("simplification")
    if d["mode"] == "dense":
        method = "dense"
    elif s and s.get("merge_tau"):
        method = "meSimp + merge"
    else:
        method = "meSimp"
    return {"name": name, "data": d["data"], "method": method, "hidden": d["hidden_sizes"],
            "parameters": d["parameters"], "accuracy": d["test_accuracy"], "before": None}


def table(points):
    print("| data | method | run | hidden | mean | parameters | test accuracy |")
    print("|---|---|---|---|---:|---:|---:|")
    order = list(COLOURS) + ["merge after training"]
    for p in sorted(points, key=lambda p: (p["data"], order.index(p["method"]), -p["parameters"])):
        h = p["hidden"]
        acc = f"{100 * p['accuracy']:.2f}%"
        if p["before"] is not None:
            acc = f"{100 * p['before']:.2f}% → {acc}"
        print(f"| {p['data']} | {p['method']} | {p['name']} | {'-'.join(map(str, h))} | "
              f"{sum(h) / len(h):.1f} | {p['parameters']:,} | {acc} |")


def svg(points, data, path):
    pts = [p for p in points if p["data"] == data]
    w, h, left, right, top, bottom = 880, 520, 70, 270, 40, 60  # 270: room for the longest legend label
    xs = [p["parameters"] for p in pts]
    ys = [100 * p["accuracy"] for p in pts]
    x0, x1 = 10 ** math.floor(math.log10(min(xs))), 10 ** 6
    # A window of at most 4 points below the best: points under it are drawn hollow on the bottom edge.
    y0, y1 = max(min(ys) - 0.3, max(ys) - 4), max(ys) + 0.2

    def sx(v):
        return left + (math.log10(v) - math.log10(x0)) / (math.log10(x1) - math.log10(x0)) * (w - left - right)

    def sy(v):
        return top + (y1 - v) / (y1 - y0) * (h - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{w / 2}" y="20" text-anchor="middle" font-size="14">{data}: test accuracy against parameters '
           f'(784-500-500-10 and its compressions)</text>']
    # Axes and grid.
    e = int(math.log10(x0))
    while 10 ** e <= x1:
        for m in (1, 2, 5):
            v = m * 10 ** e
            if x0 <= v <= x1:
                out.append(f'<line x1="{sx(v):.1f}" y1="{top}" x2="{sx(v):.1f}" y2="{h - bottom}" stroke="#ddd"/>')
                out.append(f'<text x="{sx(v):.1f}" y="{h - bottom + 16}" text-anchor="middle">{v:,}</text>')
        e += 1
    step = 0.5 if y1 - y0 > 3 else 0.2
    v = math.ceil(y0 / step) * step
    while v <= y1:
        out.append(f'<line x1="{left}" y1="{sy(v):.1f}" x2="{w - right}" y2="{sy(v):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{sy(v) + 4:.1f}" text-anchor="end">{v:.1f}</text>')
        v += step
    out.append(f'<rect x="{left}" y="{top}" width="{w - left - right}" height="{h - top - bottom}" fill="none" stroke="black"/>')
    out.append(f'<text x="{(left + w - right) / 2}" y="{h - 20}" text-anchor="middle">parameters (log scale)</text>')
    out.append(f'<text x="18" y="{(top + h - bottom) / 2}" text-anchor="middle" '
               f'transform="rotate(-90 18 {(top + h - bottom) / 2})">test accuracy (%)</text>')
    legend_y = top + 10
    for method, colour in COLOURS.items():
        mp = sorted((p for p in pts if p["method"] == method), key=lambda p: p["parameters"])
        if not mp:
            continue
        if method == "dense":
            for p in mp:
                yv = sy(100 * p["accuracy"])
                out.append(f'<line x1="{left}" y1="{yv:.1f}" x2="{w - right}" y2="{yv:.1f}" stroke="{colour}" '
                           f'stroke-dasharray="4 4"/>')
        elif len(mp) > 1 and method in ("magnitude pruning", "data-aware (refit)", "magnitude + fine-tune",
                                        "refit + fine-tune"):
            d = " ".join(f"{sx(p['parameters']):.1f},{sy(max(y0, 100 * p['accuracy'])):.1f}" for p in mp)
            out.append(f'<polyline points="{d}" fill="none" stroke="{colour}"/>')
        for p in mp:
            below = 100 * p["accuracy"] < y0
            fill = f'fill="white" stroke="{colour}"' if below else f'fill="{colour}"'
            out.append(f'<circle cx="{sx(p["parameters"]):.1f}" cy="{sy(max(y0, 100 * p["accuracy"])):.1f}" r="4" '
                       f'{fill}><title>{p["name"]}: {"-".join(map(str, p["hidden"]))}, '
                       f'{p["parameters"]:,} parameters, {100 * p["accuracy"]:.2f}%</title></circle>')
        out.append(f'<circle cx="{w - right + 15}" cy="{legend_y}" r="4" fill="{colour}"/>')
        out.append(f'<text x="{w - right + 25}" y="{legend_y + 4}">{method}</text>')
        legend_y += 20
    out.append(f'<text x="{w - right + 10}" y="{legend_y + 10}" font-size="11">hollow: below {y0:.1f}%,</text>')
    out.append(f'<text x="{w - right + 10}" y="{legend_y + 24}" font-size="11">drawn on the axis</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {path}", file=sys.stderr)


def main():
    args = sys.argv[1:]
    svg_dir = None
    if args[:1] == ["--svg"]:
        svg_dir, args = args[1], args[2:]
    points = [point(p) for p in args]
    table(points)
    if svg_dir:
        for data in sorted({p["data"] for p in points}):
            svg(points, data, os.path.join(svg_dir, f"frontier-{data}.svg"))


main()
