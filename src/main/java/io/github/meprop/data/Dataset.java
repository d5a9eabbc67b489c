package io.github.meprop.data;

import java.util.Objects;

/**
 * A labelled data set held in memory: {@code size} examples of {@code width} features each,
 * row-major in {@code x} ({@code [size × width]}), with class labels {@code y[i]} in
 * {@code 0..classes-1}.
 *
 * <p>The arrays are shared, not copied: the record is a view that validates its shape once.
 *
 * @param name    a short name for messages and summaries (e.g. "mnist-train")
 * @param x       features, row-major {@code [size × width]}
 * @param y       labels, {@code size} entries in {@code 0..classes-1}
 * @param size    number of examples
 * @param width   features per example
 * @param classes number of classes
 */
public record Dataset(String name, float[] x, int[] y, int size, int width, int classes) {

    /** Validates the shape and every label. */
    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, was " + width);
        }
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, was " + classes);
        }
        if (x.length != (long) size * width) {
            throw new IllegalArgumentException("x has length " + x.length + ", expected size × width = " + size
                    + " × " + width + " = " + (long) size * width + " (data set '" + name + "')");
        }
        if (y.length != size) {
            throw new IllegalArgumentException("y has length " + y.length + ", expected size = " + size
                    + " (data set '" + name + "')");
        }
        for (int i = 0; i < size; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException("label y[" + i + "] = " + y[i] + " is outside 0.." + (classes - 1)
                        + " (data set '" + name + "')");
            }
        }
    }

    /** A copy of examples {@code [from, to)} named {@code name + "[from:to]"}. */
    public Dataset slice(int from, int to) {
        return slice(name + "[" + from + ":" + to + "]", from, to);
    }

    /** A copy of examples {@code [from, to)} with the given name. */
    public Dataset slice(String sliceName, int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        float[] sx = new float[(to - from) * width];
        System.arraycopy(x, from * width, sx, 0, sx.length);
        int[] sy = new int[to - from];
        System.arraycopy(y, from, sy, 0, sy.length);
        return new Dataset(sliceName, sx, sy, to - from, width, classes);
    }
}
