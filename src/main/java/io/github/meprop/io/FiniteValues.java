package io.github.meprop.io;

import java.nio.file.Path;

/**
 * Checks that the tensors read from a model file hold only finite values. A model with NaN or
 * infinite weights computes NaN logits, whose arg-max is an arbitrary class: evaluating it would
 * report a meaningless accuracy instead of an error.
 */
public final class FiniteValues {
    private FiniteValues() {}

    /**
     * Checks every tensor of a bundle read from a file.
     *
     * @param file   the file the bundle was read from, for the message
     * @param bundle the tensors
     * @throws NonFiniteValueException naming {@code file}, the first tensor (in the bundle's order)
     *                                 that holds a NaN or an infinity, and that value's index
     */
    public static void check(Path file, TensorBundle bundle) throws NonFiniteValueException {
        check(file, null, bundle);
    }

    /**
     * {@link #check(Path, TensorBundle)} for a model read from a stream.
     *
     * @param source the stream's name, for the message
     * @param bundle the tensors
     * @throws NonFiniteValueException naming {@code source}, the tensor and the index
     */
    public static void check(String source, TensorBundle bundle) throws NonFiniteValueException {
        check(null, source, bundle);
    }

    private static void check(Path file, String source, TensorBundle bundle) throws NonFiniteValueException {
        for (Tensor t : bundle.tensors()) {
            float[] data = t.data();
            int first = -1;
            long count = 0;
            for (int i = 0; i < data.length; i++) {
                if (!Float.isFinite(data[i])) {
                    if (first < 0) {
                        first = i;
                    }
                    count++;
                }
            }
            if (first >= 0) {
                throw file != null ? new NonFiniteValueException(file, t.name(), t.shape(), first, data[first], count)
                        : new NonFiniteValueException(source, t.name(), t.shape(), first, data[first], count);
            }
        }
    }
}
