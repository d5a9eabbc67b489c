#!/usr/bin/env python3
"""Trains a dense 784-500-500-10 ReLU MLP on MNIST in PyTorch and saves it as a meprop model file.

    MEPROP_DATA=data /usr/bin/python3 docs/pytorch/train_mlp.py OUT.safetensors [EPOCHS] [SEED]

The setting of meprop's dense baseline (docs/results.md): Adam (lr 1e-3), batch 100, inputs = pixels
/ 255, the last 5,000 training images as dev, keep the weights of the epoch with the best dev
accuracy. The file uses the documented naming (docs/model-files.md, layout version 1):
layers.l.weight [out, in] (PyTorch's nn.Linear.weight as it is), layers.l.bias [out], and the
metadata format / format_version / layer_sizes / activation. It is written with struct and json
(the safetensors package is not needed). Checked with Debian's python3-torch 1.13.
"""
import json
import os
import struct
import sys

import torch


def idx(path):
    with open(path, "rb") as f:
        raw = f.read()
    (magic,) = struct.unpack(">I", raw[:4])
    dims = struct.unpack(">" + "I" * (magic & 0xff), raw[4:4 + 4 * (magic & 0xff)])
    return torch.frombuffer(bytearray(raw[4 + 4 * len(dims):]), dtype=torch.uint8).reshape(dims)


def mnist(root):
    x = idx(os.path.join(root, "train-images-idx3-ubyte")).reshape(-1, 784).float() / 255
    y = idx(os.path.join(root, "train-labels-idx1-ubyte")).long()
    xt = idx(os.path.join(root, "t10k-images-idx3-ubyte")).reshape(-1, 784).float() / 255
    yt = idx(os.path.join(root, "t10k-labels-idx1-ubyte")).long()
    return (x[:-5000], y[:-5000]), (x[-5000:], y[-5000:]), (xt, yt)


def save_meprop(net, path):
    """The meprop model file: every nn.Linear as layers.l.weight / layers.l.bias, F32 little-endian."""
    linears = [m for m in net if isinstance(m, torch.nn.Linear)]
    sizes = [linears[0].in_features] + [m.out_features for m in linears]
    header = {"__metadata__": {"format": "meprop-mlp", "format_version": "1",
                               "layer_sizes": ",".join(map(str, sizes)), "activation": "relu",
                               "class_names": json.dumps([str(d) for d in range(10)]),
                               "user.trained_by": "PyTorch " + torch.__version__}}
    blobs, offset = [], 0
    for l, m in enumerate(linears):
        for name, t in (("weight", m.weight), ("bias", m.bias)):
            raw = t.detach().float().contiguous().numpy().astype("<f4").tobytes()
            header[f"layers.{l}.{name}"] = {"dtype": "F32", "shape": list(t.shape),
                                            "data_offsets": [offset, offset + len(raw)]}
            blobs.append(raw)
            offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def accuracy(net, x, y):
    with torch.no_grad():
        return (net(x).argmax(1) == y).float().mean().item()


def main():
    out = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    torch.manual_seed(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    torch.set_num_threads(1)
    (x, y), (xd, yd), (xt, yt) = mnist(os.path.join(os.environ.get("MEPROP_DATA", "data"), "mnist"))
    net = torch.nn.Sequential(torch.nn.Linear(784, 500), torch.nn.ReLU(), torch.nn.Linear(500, 500),
                              torch.nn.ReLU(), torch.nn.Linear(500, 10))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    best = -1.0
    for epoch in range(epochs):
        for batch in torch.randperm(len(x)).split(100):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(x[batch]), y[batch]).backward()
            opt.step()
        dev, test = accuracy(net, xd, yd), accuracy(net, xt, yt)
        print(f"epoch {epoch + 1}: dev {100 * dev:.2f}%, test {100 * test:.2f}%", flush=True)
        if dev > best:
            best = dev
            save_meprop(net, out)
            print(f"  saved to {out}")


main()
