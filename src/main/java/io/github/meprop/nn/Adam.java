package io.github.meprop.nn;

import io.github.meprop.kernels.Ops;
import io.github.meprop.kernels.Parallelism;

/**
 * Adam with the reference code's bias correction folded into the step size,
 * {@code lr_t = lr·√(1−β2^t)/(1−β1^t)}, and ε added to √v (not to the bias-corrected √v̂):
 * <pre>
 * g' = clip(g, ±c);  m = β1·m + (1−β1)·g';  v = β2·v + (1−β2)·g'²;  w −= lr_t·m / (√v + ε)
 * </pre>
 * Two moment slots per parameter, kept in the layers.
 *
 * <h2>Dense or lazy</h2>
 * Dense Adam updates every weight every step, also where the gradient is zero (the moments decay
 * and the weight keeps moving with its momentum). Lazy Adam updates only the rows of W that
 * received gradient this step (the rows a meProp backward selected); the moments of the other rows
 * are left as they were (they do not decay while the row is idle). Biases are always dense. The
 * step count t is global (one per {@link #step}), also for lazy Adam: a row idle for a while is
 * corrected with the global t, not with its own update count. When every row is touched (dense
 * backward, or k = width) lazy and dense Adam are bit-identical.
 */
public final class Adam extends Optimizer {
    private final float lr;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float clip;
    private final boolean lazy;
    private float lrT;

    /** Dense Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8 and no clipping. */
    public Adam(float lr) {
        this(lr, 0.9f, 0.999f, 1e-8f, 0f, false);
    }

    /**
     * @param lr    learning rate (&gt; 0)
     * @param beta1 first-moment decay in [0, 1)
     * @param beta2 second-moment decay in [0, 1)
     * @param eps   added to √v (&gt; 0)
     * @param clip  element-wise gradient clip ±clip; 0 for none
     * @param lazy  update only the rows that received gradient
     */
    public Adam(float lr, float beta1, float beta2, float eps, float clip, boolean lazy) {
        this.lr = checkLr(lr);
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), was " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), was " + beta2);
        }
        if (!(eps > 0) || !Float.isFinite(eps)) {
            throw new IllegalArgumentException("eps must be finite and > 0, was " + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.clip = checkClip(clip);
        this.lazy = lazy;
    }

    /** The reference code's setting: lr 1e-3, β1 0.9, β2 0.999, ε 1e-8, clip ±5, dense. */
    public static Adam reference() {
        return new Adam(1e-3f, 0.9f, 0.999f, 1e-8f, 5f, false);
    }

    /** The learning rate. */
    public float learningRate() {
        return lr;
    }

    /** The clip bound (+∞ when none). */
    public float clip() {
        return clip;
    }

    /** True for lazy (row-sparse) Adam. */
    public boolean lazy() {
        return lazy;
    }

    /** The bias-corrected step size of the last step. */
    public float correctedLearningRate() {
        return lrT;
    }

    @Override
    void beginStep(long t) {
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        lrT = (float) (lr * Math.sqrt(c2) / c1);
    }

    @Override
    void update(Dense layer, Parallelism par) {
        layer.ensureState(2);
        float[] w = layer.weights();
        float[] g = layer.weightGrad();
        float[] m = layer.stateW(0);
        float[] v = layer.stateW(1);
        if (!lazy || layer.allRowsTouched()) {
            Ops.adam(par, w, g, m, v, 0, w.length, lrT, beta1, beta2, eps, clip);
        } else {
            Ops.adamRows(w, g, m, v, layer.touchedRows(), layer.touchedCount(), layer.in(), lrT, beta1, beta2, eps,
                    clip);
        }
        Ops.adam(layer.biases(), layer.biasGrad(), layer.stateB(0), layer.stateB(1), 0, layer.out(), lrT, beta1,
                beta2, eps, clip);
    }

    /** Zeroes m and v of every layer of the model last stepped; t is kept (as the reference code does). */
    @Override
    public void resetMoments() {
        Mlp model = lastModel();
        if (model != null) {
            for (Dense layer : model.layers()) {
                layer.clearState();
            }
        }
    }

    @Override
    public String describe() {
        return "adam(lr=" + lr + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ", clip=" + clipText(clip)
                + (lazy ? ", lazy" : ", dense") + ")";
    }
}
