package io.github.meprop.nn;

import io.github.meprop.kernels.Ops;
import io.github.meprop.kernels.Parallelism;

/**
 * Stochastic gradient descent, plain or with (heavy-ball) momentum μ:
 * <pre>
 * plain:     w −= lr·clip(g, ±c)
 * momentum:  v = μ·v + clip(g, ±c);  w −= lr·v
 * </pre>
 * Plain SGD updates only the touched rows: a row without gradient would not move anyway, so this
 * equals the dense update exactly and costs only what the backward pass wrote. With momentum every
 * weight moves every step (its velocity decays and keeps moving it), so the update is dense, split
 * over the trainer's threads; one velocity slot per parameter lives in the layers.
 */
public final class Sgd extends Optimizer {
    private final float lr;
    private final float clip;
    private final float momentum;

    /** SGD without gradient clipping. */
    public Sgd(float lr) {
        this(lr, 0f);
    }

    /** SGD with element-wise gradient clipping to ±clip (0 for none). */
    public Sgd(float lr, float clip) {
        this(lr, clip, 0f);
    }

    /**
     * @param lr       learning rate (&gt; 0)
     * @param clip     element-wise gradient clip ±clip; 0 for none
     * @param momentum μ in [0, 1); 0 for plain SGD
     */
    public Sgd(float lr, float clip, float momentum) {
        this.lr = checkLr(lr);
        this.clip = checkClip(clip);
        this.momentum = checkMomentum(momentum);
    }

    /** Checks that a momentum μ is in [0, 1) and returns it. */
    public static float checkMomentum(float momentum) {
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), was " + momentum);
        }
        return momentum;
    }

    /** The learning rate. */
    public float learningRate() {
        return lr;
    }

    /** The clip bound (+∞ when none). */
    public float clip() {
        return clip;
    }

    /** The momentum μ (0 for plain SGD). */
    public float momentum() {
        return momentum;
    }

    @Override
    void beginStep(long t) {}

    @Override
    void update(Dense layer, Parallelism par) {
        float[] w = layer.weights();
        float[] g = layer.weightGrad();
        if (momentum > 0f) {
            layer.ensureState(1);
            Ops.sgdMomentum(par, w, g, layer.stateW(0), 0, w.length, lr, momentum, clip);
            Ops.sgdMomentum(Parallelism.serial(), layer.biases(), layer.biasGrad(), layer.stateB(0), 0, layer.out(),
                    lr, momentum, clip);
            return;
        }
        if (layer.allRowsTouched()) {
            Ops.sgd(w, g, 0, w.length, lr, clip);
        } else {
            Ops.sgdRows(w, g, layer.touchedRows(), layer.touchedCount(), layer.in(), lr, clip);
        }
        Ops.sgd(layer.biases(), layer.biasGrad(), 0, layer.out(), lr, clip);
    }

    /** Zeroes the velocities of every layer of the model last stepped (no-op without momentum). */
    @Override
    public void resetMoments() {
        Mlp model = lastModel();
        if (momentum > 0f && model != null) {
            for (Dense layer : model.layers()) {
                layer.clearState();
            }
        }
    }

    @Override
    public String describe() {
        return "sgd(lr=" + lr + (momentum > 0f ? ", momentum=" + momentum : "") + ", clip=" + clipText(clip) + ")";
    }
}
