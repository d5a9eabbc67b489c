package io.github.meprop.data;

import java.util.Objects;

/**
 * A labelled data set in memory: {@code size} examples of {@code width} floats each, stored
 * row-major in {@code x} ({@code [size × width]}), with labels {@code y[i]} in {@code 0..classes}.
 */
public record Dataset(String name, float[] x, int[] y, int size, int width, int classes) {

    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (size < 0 || width < 0 || classes < 1) {
            throw new IllegalArgumentException("dataset " + name + ": size " + size + ", width " + width
                    + " and classes " + classes + " must be >= 0, >= 0 and >= 1");
        }
        if ((long) size * width != x.length) {
            throw new IllegalArgumentException("dataset " + name + ": x has " + x.length + " values, expected size × width = "
                    + size + " × " + width);
        }
        if (y.length != size) {
            throw new IllegalArgumentException("dataset " + name + ": " + y.length + " labels for " + size + " examples");
        }
        for (int i = 0; i < size; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException("dataset " + name + ": label " + y[i] + " of example " + i
                        + " is outside 0.." + (classes - 1));
            }
        }
    }

    /** A copy of examples {@code from .. to)}, named {@code newName}. */
    public Dataset slice(String newName, int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        float[] xs = new float[(to - from) * width];
        System.arraycopy(x, from * width, xs, 0, xs.length);
        int[] ys = new int[to - from];
        System.arraycopy(y, from, ys, 0, ys.length);
        return new Dataset(newName, xs, ys, to - from, width, classes);
    }
}
