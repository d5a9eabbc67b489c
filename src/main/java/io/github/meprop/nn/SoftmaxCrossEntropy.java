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
}
