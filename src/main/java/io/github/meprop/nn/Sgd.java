package io.github.meprop.nn;

import io.github.meprop.kernels.Ops;
import io.github.meprop.kernels.Parallelism;

/**
 * Plain stochastic gradient descent, {@code w −= lr·clip(g, ±c)}. Weights are updated only on the
 * touched rows: a row without gradient would not move anyway, so this equals the dense update
 * exactly and costs only what the backward pass wrote.
 */
public final class Sgd extends Optimizer {
    private final float lr;
    private final float clip;

    /** SGD without gradient clipping. */
    public Sgd(float lr) {
        this(lr, 0f);
    }

    /** SGD with element-wise gradient clipping to ±clip (0 for none). */
    public Sgd(float lr, float clip) {
        this.lr = checkLr(lr);
        this.clip = checkClip(clip);
    }

    /** The learning rate. */
    public float learningRate() {
        return lr;
    }

    /** The clip bound (+∞ when none). */
    public float clip() {
        return clip;
    }

    @Override
    void beginStep(long t) {}

    @Override
    void update(Dense layer, Parallelism par) {
        float[] w = layer.weights();
        float[] g = layer.weightGrad();
        if (layer.allRowsTouched()) {
            Ops.sgd(w, g, 0, w.length, lr, clip);
        } else {
            Ops.sgdRows(w, g, layer.touchedRows(), layer.touchedCount(), layer.in(), lr, clip);
        }
        Ops.sgd(layer.biases(), layer.biasGrad(), 0, layer.out(), lr, clip);
    }

    @Override
    public String describe() {
        return "sgd(lr=" + lr + ", clip=" + clipText(clip) + ")";
    }
}
