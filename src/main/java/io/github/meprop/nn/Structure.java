package io.github.meprop.nn;

import java.util.Objects;

/** Shared pieces of the structural edits: checking a keep list and gathering rows or columns. */
final class Structure {
    private Structure() {}

    /**
     * Checks that keep is a non-empty, strictly ascending list of positions in 0..n.
     *
     * @param what names the positions in the message, e.g. "hidden layer 0 units"
     * @throws IllegalArgumentException naming the first bad entry
     */
    static void checkKeep(int[] keep, int n, String what) {
        Objects.requireNonNull(keep, "keep");
        if (keep.length == 0) {
            throw new IllegalArgumentException("keep is empty: at least one of the " + n + " " + what + " must stay");
        }
        int prev = -1;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i] <= prev || keep[i] >= n) {
                throw new IllegalArgumentException("keep[" + i + "] = " + keep[i] + ": positions must be strictly"
                        + " ascending and in 0.." + (n - 1) + " (" + what + ")");
            }
            prev = keep[i];
        }
    }

    /** The rows keep of a row-major matrix with rows of rowLen. */
    static float[] gatherRows(float[] a, int[] keep, int rowLen) {
        float[] r = new float[keep.length * rowLen];
        for (int t = 0; t < keep.length; t++) {
            System.arraycopy(a, keep[t] * rowLen, r, t * rowLen, rowLen);
        }
        return r;
    }

    /** The columns keep of a row-major {@code [rows × cols]} matrix. */
    static float[] gatherColumns(float[] a, int rows, int cols, int[] keep) {
        int n = keep.length;
        float[] r = new float[rows * n];
        for (int i = 0; i < rows; i++) {
            int src = i * cols;
            int dst = i * n;
            for (int t = 0; t < n; t++) {
                r[dst + t] = a[src + keep[t]];
            }
        }
        return r;
    }

    /** keep[i] + k·stride for each block k in 0..blocks: the rows of every gate block of kept units. */
    static int[] repeatBlocks(int[] keep, int blocks, int stride) {
        int[] r = new int[keep.length * blocks];
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < keep.length; i++) {
                r[b * keep.length + i] = b * stride + keep[i];
            }
        }
        return r;
    }
}
