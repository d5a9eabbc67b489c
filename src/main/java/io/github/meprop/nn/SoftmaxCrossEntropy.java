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
     */
    public static double lossAndGradient(float[] logits, int[] labels, int labelOff, float[] dlogits, int batch,
            int classes) {
        return Ops.softmaxCrossEntropy(logits, labels, labelOff, dlogits, batch, classes);
    }

    /** Mean loss over the batch, without the gradient. */
    public static double loss(float[] logits, int[] labels, int labelOff, int batch, int classes) {
        return Ops.softmaxCrossEntropy(logits, labels, labelOff, null, batch, classes);
    }

    /**
     * Row-wise softmax in place: each row of {@code a [rows × classes]} becomes
     * {@code exp(l − max) / Σ exp(l − max)} (exponentials and sum in double). O(rows·classes).
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
