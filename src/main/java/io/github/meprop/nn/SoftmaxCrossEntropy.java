package io.github.meprop.nn;

import io.github.meprop.kernels.Ops;

/**
 * The loss on the output layer: softmax of the logits followed by cross-entropy against the labels,
 * fused so that the gradient is the simple {@code (softmax − onehot)/batch}. The output layer is
 * always dense (never sparsified).
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /**
     * Mean loss over the batch; writes {@code ∂loss/∂logits = (softmax − onehot)/batch} into
     * dlogits. Logits are {@code [batch × classes]}, labels {@code labels[labelOff .. +batch)}.
     *
     * @param logits the logits, row-major {@code [batch × classes]}; read only
     * @param labels the class of each example, in 0..classes-1
     * @param labelOff position of the first example's label in labels
     * @param dlogits receives the gradient, {@code [batch × classes]}; overwritten
     * @param batch number of examples, ≥ 0
     * @param classes number of classes, ≥ 1
     * @return the mean cross-entropy over the batch
     * @throws IllegalArgumentException if a size is invalid or a label is out of range
     */
    public static double lossAndGradient(float[] logits, int[] labels, int labelOff, float[] dlogits, int batch,
            int classes) {
        return Ops.softmaxCrossEntropy(logits, labels, labelOff, dlogits, batch, classes);
    }

    /**
     * Mean loss over the batch, without the gradient.
     *
     * @param logits the logits, row-major {@code [batch × classes]}; read only
     * @param labels the class of each example, in 0..classes-1
     * @param labelOff position of the first example's label in labels
     * @param batch number of examples, ≥ 0
     * @param classes number of classes, ≥ 1
     * @return the mean cross-entropy over the batch
     * @throws IllegalArgumentException if a size is invalid or a label is out of range
     */
    public static double loss(float[] logits, int[] labels, int labelOff, int batch, int classes) {
        return Ops.softmaxCrossEntropy(logits, labels, labelOff, null, batch, classes);
    }

    /**
     * Row-wise softmax in place: each row of {@code a [rows × classes]} becomes
     * {@code exp(l − max) / Σ exp(l − max)} (exponentials and sum in double). O(rows·classes).
     *
     * @param a the logits, row-major {@code [rows × classes]}; replaced by the probabilities
     * @param rows number of rows, ≥ 0
     * @param classes number of classes per row, ≥ 1
     */
    public static void softmax(float[] a, int rows, int classes) {
        double[] e = new double[classes];
        for (int r = 0; r < rows; r++) {
            int o = r * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, a[o + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                e[c] = Math.exp((double) a[o + c] - max);
                sum += e[c];
            }
            for (int c = 0; c < classes; c++) {
                a[o + c] = (float) (e[c] / sum);
            }
        }
    }
}
