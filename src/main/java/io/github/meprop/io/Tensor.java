package io.github.meprop.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named, dense, row-major tensor of floats: {@code data.length} equals the product of
 * {@code shape} (1 for the empty shape of a scalar). The shape is copied; the data array is held
 * as given, without a copy, so that saving and loading large weight matrices costs no extra
 * memory: do not change it while the tensor is being saved.
 *
 * <p>Equality compares name, shape and data ({@link Arrays#equals(float[], float[])}: NaNs equal
 * each other, {@code 0.0} and {@code -0.0} differ).
 *
 * @param name  the tensor's name in the file (not empty, not {@code __metadata__})
 * @param shape the dimensions, row-major ({@code []} for a scalar)
 * @param data  the values, {@code product(shape)} of them
 */
public record Tensor(String name, int[] shape, float[] data) {

    /** Largest element count a Java float array can hold here. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * Checks the name and that the data fits the shape; copies the shape.
     *
     * @throws IllegalArgumentException if the name is empty or {@code __metadata__} (reserved by the
     *                                  file format), a dimension is negative, or the data length
     *                                  differs from the product of the shape
     */
    public Tensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("tensor name must not be empty");
        }
        if (name.equals(SafeTensors.METADATA_KEY)) {
            throw new IllegalArgumentException("tensor name " + SafeTensors.METADATA_KEY + " is reserved for metadata");
        }
        shape = shape.clone();
        long elements = elementCount(shape);
        if (elements < 0) {
            throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape)
                    + " has a negative dimension or more than " + MAX_ELEMENTS + " elements");
        }
        if (elements != data.length) {
            throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape) + " holds "
                    + elements + " values but data has " + data.length);
        }
    }

    /**
     * A tensor with the given data and shape, e.g. {@code Tensor.of("w", w, rows, cols)}.
     *
     * @param name  the tensor's name
     * @param data  the values, row-major (held, not copied)
     * @param shape the dimensions
     * @return the tensor
     */
    public static Tensor of(String name, float[] data, int... shape) {
        return new Tensor(name, shape, data);
    }

    /**
     * The dimensions.
     *
     * @return a copy of the shape
     */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The number of dimensions.
     *
     * @return the rank (0 for a scalar)
     */
    public int rank() {
        return shape.length;
    }

    /**
     * One dimension.
     *
     * @param d the dimension's index
     * @return its size
     */
    public int dim(int d) {
        return shape[d];
    }

    /**
     * The number of values.
     *
     * @return the product of the shape
     */
    public int size() {
        return data.length;
    }

    /**
     * Product of the dimensions, or -1 when one is negative or the product exceeds what a float
     * array can hold.
     */
    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                return -1;
            }
            n *= d;
            if (n > MAX_ELEMENTS) {
                return -1;
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor[" + name + ", shape " + Arrays.toString(shape) + "]";
    }
}
