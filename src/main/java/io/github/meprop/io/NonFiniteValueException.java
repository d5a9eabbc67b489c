package io.github.meprop.io;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A model file holding a NaN or an infinite value where finite ones are required (weights from a
 * run that diverged, or a corrupted file). Names the file, the tensor, and the first bad value's
 * flat index and its position in the tensor's shape.
 */
public final class NonFiniteValueException extends ModelFormatException {

    private static final long serialVersionUID = 1L;

    /** The tensor's name. */
    private final String tensor;
    /** Flat index of the first non-finite value. */
    private final long index;
    /** That value. */
    private final float value;

    /**
     * A non-finite value in a model file.
     *
     * @param file   the model file
     * @param tensor the tensor's name
     * @param shape  the tensor's shape
     * @param index  flat (row-major) index of the first non-finite value
     * @param value  that value
     * @param count  how many values of the tensor are not finite
     */
    public NonFiniteValueException(Path file, String tensor, int[] shape, long index, float value, long count) {
        super(file, problem(tensor, shape, index, value, count));
        this.tensor = tensor;
        this.index = index;
        this.value = value;
    }

    /**
     * A non-finite value in a model read from a stream.
     *
     * @param source the stream's name
     * @param tensor the tensor's name
     * @param shape  the tensor's shape
     * @param index  flat (row-major) index of the first non-finite value
     * @param value  that value
     * @param count  how many values of the tensor are not finite
     */
    public NonFiniteValueException(String source, String tensor, int[] shape, long index, float value, long count) {
        super(source, problem(tensor, shape, index, value, count), null);
        this.tensor = tensor;
        this.index = index;
        this.value = value;
    }

    private static String problem(String tensor, int[] shape, long index, float value, long count) {
        return "tensor '" + tensor + "' holds " + count + " non-finite value" + (count == 1 ? "" : "s")
                + ", the first " + value + " at index " + index + position(shape, index)
                + " (diverged training or a corrupt file)";
    }

    /**
     * The tensor's name.
     *
     * @return the name
     */
    public String tensor() {
        return tensor;
    }

    /**
     * Flat (row-major) index of the first non-finite value.
     *
     * @return the index
     */
    public long index() {
        return index;
    }

    /**
     * The first non-finite value (NaN or ±infinity).
     *
     * @return the value
     */
    public float value() {
        return value;
    }

    /** {@code " [row, col]"} for a tensor of rank ≥ 2, else nothing. */
    private static String position(int[] shape, long index) {
        if (shape.length < 2) {
            return "";
        }
        long[] at = new long[shape.length];
        long rest = index;
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = shape[d] == 0 ? 0 : rest % shape[d];
            rest = shape[d] == 0 ? 0 : rest / shape[d];
        }
        return " " + Arrays.toString(at);
    }
}
