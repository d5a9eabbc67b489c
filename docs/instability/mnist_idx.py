# MNIST from the IDX files in $MEPROP_DATA/mnist (default data/mnist): pixels/255 as float32 and labels
# as int64. Shared by the scripts of this folder (put there by `bin/fetch-data mnist`).
import os, struct
import numpy as np

def load(img, lab):
    with open(img, 'rb') as f: d = f.read()
    n, r, c = struct.unpack('>III', d[4:16])
    x = np.frombuffer(d, np.uint8, offset=16).reshape(n, r * c).astype(np.float32) / 255.0
    with open(lab, 'rb') as f: l = f.read()
    return x, np.frombuffer(l, np.uint8, offset=8).astype(np.int64)

def mnist():
    """(X, Y, Xt, Yt): the 60,000 training and the 10,000 test images and labels."""
    d = os.environ.get('MEPROP_DATA', 'data') + '/mnist/'
    X, Y = load(d + 'train-images-idx3-ubyte', d + 'train-labels-idx1-ubyte')
    Xt, Yt = load(d + 't10k-images-idx3-ubyte', d + 't10k-labels-idx1-ubyte')
    return X, Y, Xt, Yt
