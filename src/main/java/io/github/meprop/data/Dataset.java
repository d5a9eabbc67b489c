package io.github.meprop.data;

import java.util.Objects;

/**
 * A labelled data set in memory: {@code size} examples of {@code width} floats each, stored
 * row-major in {@code x} ({@code [size × width]}), with labels {@code y[i]} in
 * {@code 0 .. classes - 1}.
 *
 * <p>From your own arrays, use {@link #of(String, float[][], int[], int)} (rows, copied) or
 * {@link #ofFlat(String, float[], int, int[], int)} (one row-major array, not copied); both check
 * every value and throw a {@link DatasetException} naming the row and column of the first problem.
 * The canonical constructor checks the sizes and labels only (O(size)), not the values.
 *
 * <p>The arrays are held as given, not copied: do not change them while the data set is in use.
 *
 * @param name    a name for messages and results (e.g. {@code mnist/train})
 * @param x       the features, row-major {@code [size × width]}
 * @param y       the labels, one per example, in {@code 0 .. classes - 1}
 * @param size    the number of examples
 * @param width   the number of features per example
 * @param classes the number of classes (at least 1)
 */
public record Dataset(String name, float[] x, int[] y, int size, int width, int classes) {

    /**
     * Checks that the sizes fit together and every label is in range.
     *
     * @throws IllegalArgumentException if a size is negative or {@code x} and {@code y} do not
     *                                  have {@code size × width} and {@code size} entries
     * @throws DatasetException         if a label is outside {@code 0 .. classes - 1} (naming the row)
     */
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
                throw new DatasetException("dataset " + name + ": label " + y[i] + " of row " + i
                        + " is outside 0.." + (classes - 1), i, -1);
            }
        }
    }

    /**
     * A data set from one array per example. The values are copied into one row-major array.
     *
     * @param name    a name for messages and results
     * @param rows    {@code rows[i]} holds example i's features; all rows have the same length
     * @param labels  {@code labels[i]} is example i's class, in {@code 0 .. classes - 1}
     * @param classes the number of classes
     * @return the data set
     * @throws DatasetException if there are no rows, rows differ in length, a row is null, the
     *                          label count differs from the row count, a label is out of range or
     *                          a value is NaN or infinite; the message names the row and column
     */
    public static Dataset of(String name, float[][] rows, int[] labels, int classes) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(labels, "labels");
        if (rows.length == 0) {
            throw new DatasetException("dataset " + name + ": no rows (the width cannot be known)", -1, -1);
        }
        if (labels.length != rows.length) {
            throw new DatasetException("dataset " + name + ": " + labels.length + " labels for " + rows.length + " rows",
                    -1, -1);
        }
        if (rows[0] == null) {
            throw new DatasetException("dataset " + name + ": row 0 is null", 0, -1);
        }
        int width = rows[0].length;
        if ((long) rows.length * width > Integer.MAX_VALUE - 8) {
            throw new DatasetException("dataset " + name + ": " + rows.length + " rows × " + width
                    + " values are more than one Java array holds", -1, -1);
        }
        float[] x = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            float[] row = rows[i];
            if (row == null) {
                throw new DatasetException("dataset " + name + ": row " + i + " is null", i, -1);
            }
            if (row.length != width) {
                throw new DatasetException("dataset " + name + ": row " + i + " has " + row.length
                        + " values, row 0 has " + width, i, -1);
            }
            System.arraycopy(row, 0, x, i * width, width);
        }
        return checked(name, x, width, labels, classes);
    }

    /**
     * {@link #of(String, float[][], int[], int)} with {@code classes} = the largest label + 1.
     *
     * @param name   a name for messages and results
     * @param rows   {@code rows[i]} holds example i's features
     * @param labels {@code labels[i]} is example i's class (&ge; 0)
     * @return the data set
     * @throws DatasetException as {@link #of(String, float[][], int[], int)}, or if a label is negative
     */
    public static Dataset of(String name, float[][] rows, int[] labels) {
        return of(name, rows, labels, inferClasses(name, labels));
    }

    /**
     * A data set from one row-major array of features. The arrays are held as given, not copied.
     *
     * @param name    a name for messages and results
     * @param x       the features, row-major: example i's feature j is {@code x[i * width + j]}
     * @param width   the number of features per example (&ge; 1)
     * @param labels  one label per example, in {@code 0 .. classes - 1}
     * @param classes the number of classes
     * @return the data set
     * @throws DatasetException if {@code x.length} is not {@code labels.length × width}, a label is
     *                          out of range or a value is NaN or infinite (naming row and column)
     */
    public static Dataset ofFlat(String name, float[] x, int width, int[] labels, int classes) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(labels, "labels");
        if (width < 1) {
            throw new DatasetException("dataset " + name + ": width must be >= 1, was " + width, -1, -1);
        }
        if ((long) labels.length * width != x.length) {
            throw new DatasetException("dataset " + name + ": x has " + x.length + " values, expected "
                    + labels.length + " labels × width " + width + " = " + (long) labels.length * width, -1, -1);
        }
        return checked(name, x, width, labels, classes);
    }

    /**
     * {@link #ofFlat(String, float[], int, int[], int)} with {@code classes} = the largest label + 1.
     *
     * @param name   a name for messages and results
     * @param x      the features, row-major
     * @param width  the number of features per example
     * @param labels one label per example (&ge; 0)
     * @return the data set
     * @throws DatasetException as {@link #ofFlat(String, float[], int, int[], int)}, or if a label is negative
     */
    public static Dataset ofFlat(String name, float[] x, int width, int[] labels) {
        return ofFlat(name, x, width, labels, inferClasses(name, labels));
    }

    private static Dataset checked(String name, float[] x, int width, int[] labels, int classes) {
        if (classes < 1) {
            throw new DatasetException("dataset " + name + ": classes must be >= 1, was " + classes, -1, -1);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new DatasetException("dataset " + name + ": label " + labels[i] + " of row " + i
                        + " is outside 0.." + (classes - 1), i, -1);
            }
        }
        for (int k = 0; k < x.length; k++) {
            if (!Float.isFinite(x[k])) {
                int row = k / width;
                int column = k % width;
                throw new DatasetException("dataset " + name + ": row " + row + ", column " + column + " is " + x[k]
                        + " (values must be finite)", row, column);
            }
        }
        return new Dataset(name, x, labels, labels.length, width, classes);
    }

    private static int inferClasses(String name, int[] labels) {
        Objects.requireNonNull(labels, "labels");
        int max = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new DatasetException("dataset " + name + ": label " + labels[i] + " of row " + i
                        + " is negative", i, -1);
            }
            max = Math.max(max, labels[i]);
        }
        return Math.max(1, max + 1);
    }

    /**
     * Example i's features.
     *
     * @param i the example (0-based)
     * @return a copy of its {@code width} values
     */
    public float[] row(int i) {
        Objects.checkIndex(i, size);
        float[] r = new float[width];
        System.arraycopy(x, i * width, r, 0, width);
        return r;
    }

    /**
     * A copy of examples {@code from .. to)}.
     *
     * @param newName the copy's name
     * @param from    first example (inclusive)
     * @param to      last example (exclusive)
     * @return the copy
     */
    public Dataset slice(String newName, int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        float[] xs = new float[(to - from) * width];
        System.arraycopy(x, from * width, xs, 0, xs.length);
        int[] ys = new int[to - from];
        System.arraycopy(y, from, ys, 0, ys.length);
        return new Dataset(newName, xs, ys, to - from, width, classes);
    }

    /**
     * A copy of the examples at {@code indices}, in that order.
     *
     * @param newName the copy's name
     * @param indices the examples to take (0-based; repeats allowed)
     * @return the copy
     */
    public Dataset select(String newName, int[] indices) {
        float[] xs = new float[Math.multiplyExact(indices.length, width)];
        int[] ys = new int[indices.length];
        for (int r = 0; r < indices.length; r++) {
            int i = Objects.checkIndex(indices[r], size);
            System.arraycopy(x, i * width, xs, r * width, width);
            ys[r] = y[i];
        }
        return new Dataset(newName, xs, ys, indices.length, width, classes);
    }
}
