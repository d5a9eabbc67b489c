package io.github.meprop.nn;

import io.github.meprop.kernels.internal.UncheckedOps;
import io.github.meprop.kernels.Parallelism;
import java.util.List;

/**
 * Adam with the reference code's bias correction folded into the step size,
 * {@code lr_t = lr·√(1−β2^t)/(1−β1^t)}, and ε added to √v (not to the bias-corrected √v̂):
 * <pre>
 * g' = clip(g, ±c);  m = β1·m + (1−β1)·g';  v = β2·v + (1−β2)·g'²;  w −= lr_t·m / (√v + ε)
 * </pre>
 * Two state slots per parameter (m, v). Cost: one pass over each parameter (dense), or over its
 * touched rows (lazy). A first moment that decays into the subnormal range is flushed to a zero of
 * its sign (see {@code kernels.scalar.Subnormals}: arithmetic on subnormals is slow, and the weights
 * come out the same).
 *
 * <h2>Dense or lazy</h2>
 * Dense Adam updates every value every step, also where the gradient is zero (the moments decay and
 * the value keeps moving with its momentum). Lazy Adam updates only the rows that received gradient
 * this step (the rows a meProp backward selected; a bias is always all rows); the moments of the
 * other rows are left as they were. The step count t is global, also for lazy Adam. When every row is
 * touched, lazy and dense Adam are bit-identical.
 */
public final class Adam implements Optimizer {
    private final Spec spec;
    private final float clip;
    private long steps;

    /**
     * Adam's settings.
     *
     * @param learningRate lr (&gt; 0)
     * @param beta1        first-moment decay in [0, 1)
     * @param beta2        second-moment decay in [0, 1)
     * @param eps          added to √v (&gt; 0)
     * @param clip         element-wise gradient clip ±clip; 0 for none
     * @param lazy         update only the rows that received gradient
     */
    public record Spec(float learningRate, float beta1, float beta2, float eps, float clip, boolean lazy)
            implements Optimizer.Spec {

        /** Validates every setting (errors name the setting: lr, beta1, beta2, eps, clip). */
        public Spec {
            Optimizer.checkLearningRate(learningRate);
            InvalidSettingException.check(beta1 >= 0 && beta1 < 1, "beta1", "must be in [0, 1)", beta1);
            InvalidSettingException.check(beta2 >= 0 && beta2 < 1, "beta2", "must be in [0, 1)", beta2);
            InvalidSettingException.check(eps > 0 && Float.isFinite(eps), "eps", "must be finite and > 0", eps);
            Optimizer.checkClip(clip);
        }

        /**
         * The reference code's setting: lr 1e-3, β1 0.9, β2 0.999, ε 1e-8, clip ±5, dense.
         *
         * @return the reference settings
         */
        public static Spec reference() {
            return new Spec(1e-3f, 0.9f, 0.999f, 1e-8f, 5f, false);
        }

        /**
         * These settings with another learning rate.
         *
         * @param lr the learning rate, &gt; 0
         * @return new settings, otherwise equal to these
         * @throws InvalidSettingException if lr is invalid
         */
        public Spec withLearningRate(float lr) {
            return new Spec(lr, beta1, beta2, eps, clip, lazy);
        }

        /**
         * These settings with another clip bound (0 for none).
         *
         * @param c the clip bound, &gt; 0, or 0 for none
         * @return new settings, otherwise equal to these
         * @throws InvalidSettingException if c is invalid
         */
        public Spec withClip(float c) {
            return new Spec(learningRate, beta1, beta2, eps, c, lazy);
        }

        /**
         * These settings, lazy or dense.
         *
         * @param l true for lazy Adam, false for dense
         * @return new settings, otherwise equal to these
         */
        public Spec withLazy(boolean l) {
            return new Spec(learningRate, beta1, beta2, eps, clip, l);
        }

        /**
         * These settings with other moment decays and ε.
         *
         * @param b1 the first-moment decay β1, in [0, 1)
         * @param b2 the second-moment decay β2, in [0, 1)
         * @param epsilon ε, finite and &gt; 0
         * @return new settings, otherwise equal to these
         * @throws InvalidSettingException if a value is out of range
         */
        public Spec withMoments(float b1, float b2, float epsilon) {
            return new Spec(learningRate, b1, b2, epsilon, clip, lazy);
        }

        /** For {@link Optimizers}: settings lr, beta1, beta2, eps, clip, lazy (defaults: the reference). */
        static Spec from(Options o) {
            Spec r = reference();
            Spec s = new Spec((float) o.number("lr", r.learningRate), (float) o.number("beta1", r.beta1),
                    (float) o.number("beta2", r.beta2), (float) o.number("eps", r.eps), (float) o.number("clip", r.clip),
                    o.flag("lazy", r.lazy));
            o.requireAllUsed("optimizer adam");
            return s;
        }

        @Override
        public Adam create() {
            return new Adam(this);
        }

        @Override
        public String describe() {
            return "adam(lr=" + learningRate + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ", clip="
                    + Optimizer.clipText(Optimizer.checkClip(clip)) + (lazy ? ", lazy" : ", dense") + ")";
        }
    }

    /**
     * Dense Adam with the given learning rate, β1 0.9, β2 0.999, ε 1e-8 and no clipping.
     *
     * @param lr the learning rate, &gt; 0
     * @throws InvalidSettingException if lr is invalid
     */
    public Adam(float lr) {
        this(new Spec(lr, 0.9f, 0.999f, 1e-8f, 0f, false));
    }

    /**
     * Adam with the given (validated) settings.
     *
     * @param spec the settings (not null)
     */
    public Adam(Spec spec) {
        this.spec = spec;
        this.clip = Optimizer.checkClip(spec.clip());
    }

    /**
     * The settings.
     *
     * @return the settings this optimizer was created with
     */
    public Spec spec() {
        return spec;
    }

    /**
     * The bias-corrected step size of step t (counting from 1).
     *
     * @param t the step number, ≥ 1
     * @return {@code lr·√(1−β2^t)/(1−β1^t)}, rounded to float
     */
    public float correctedLearningRate(long t) {
        double c1 = 1 - Math.pow(spec.beta1(), t);
        double c2 = 1 - Math.pow(spec.beta2(), t);
        return (float) (spec.learningRate() * Math.sqrt(c2) / c1);
    }

    @Override
    public void step(List<Parameter> parameters, Parallelism par) {
        steps++;
        float lrT = correctedLearningRate(steps);
        float b1 = spec.beta1();
        float b2 = spec.beta2();
        float eps = spec.eps();
        for (int i = 0, count = parameters.size(); i < count; i++) {
            Parameter p = parameters.get(i);
            p.ensureState(2);
            float[] w = p.values();
            float[] g = p.grad();
            float[] m = p.state(0);
            float[] v = p.state(1);
            if (!spec.lazy() || p.allRowsTouched()) {
                UncheckedOps.adam(par, w, g, m, v, 0, w.length, lrT, b1, b2, eps, clip);
            } else {
                UncheckedOps.adamRows(w, g, m, v, p.touchedRows(), p.touchedCount(), p.cols(), lrT, b1, b2, eps, clip);
            }
        }
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public String describe() {
        return spec.describe();
    }

    @Override
    public String toString() {
        return describe();
    }
}
