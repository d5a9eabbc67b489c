#!/usr/bin/env python3
"""Loads a meprop model file (e.g. one `meprop compress` wrote) into PyTorch and evaluates it.

    MEPROP_DATA=data /usr/bin/python3 docs/pytorch/eval_meprop_model.py MODEL.safetensors

Prints the layer sizes, the parameter count and the MNIST test accuracy (the one `meprop eval`
prints for the same file).
"""
import json
import os
import struct
import sys

import torch


def load_meprop(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__")
    sizes = [int(s) for s in meta["layer_sizes"].split(",")]
    layers = []
    for l in range(len(sizes) - 1):
        linear = torch.nn.Linear(sizes[l], sizes[l + 1])
        for name in ("weight", "bias"):
            info = header[f"layers.{l}.{name}"]
            begin, end = info["data_offsets"]
            t = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32).reshape(info["shape"])
            getattr(linear, name).data.copy_(t)
        layers += [linear, torch.nn.ReLU()]
    return torch.nn.Sequential(*layers[:-1]), sizes       # no ReLU after the output layer


def main():
    net, sizes = load_meprop(sys.argv[1])
    root = os.path.join(os.environ.get("MEPROP_DATA", "data"), "mnist")
    with open(os.path.join(root, "t10k-images-idx3-ubyte"), "rb") as f:
        x = torch.frombuffer(bytearray(f.read()[16:]), dtype=torch.uint8).reshape(-1, 784).float() / 255
    with open(os.path.join(root, "t10k-labels-idx1-ubyte"), "rb") as f:
        y = torch.frombuffer(bytearray(f.read()[8:]), dtype=torch.uint8).long()
    with torch.no_grad():
        acc = (net(x).argmax(1) == y).float().mean().item()
    params = sum(p.numel() for p in net.parameters())
    print(f"{sys.argv[1]}: layers {'-'.join(map(str, sizes))}, {params:,} parameters, test accuracy {100 * acc:.2f}%")


main()
