package io.github.meprop.nn;

import io.github.meprop.kernels.internal.UncheckedOps;
import io.github.meprop.kernels.Parallelism;
import java.util.List;

/**
 * Stochastic gradient descent, plain or with (heavy-ball) momentum μ:
 * <pre>
 * plain:     w −= lr·clip(g, ±c)
 * momentum:  v = μ·v + clip(g, ±c);  w −= lr·v
 * </pre>
 * Plain SGD updates only the touched rows: a row without gradient would not move anyway, so this
 * equals the dense update exactly and costs only what the backward pass wrote. With momentum every
 * value moves every step (its velocity decays and keeps moving it), so the update is dense; one
 * velocity slot per parameter. A velocity that decays into the subnormal range is flushed to a
 * zero of its sign (see {@code kernels.scalar.Subnormals}).
 */
public final class Sgd implements Optimizer {
    private final Spec spec;
    private final float clip;
    private long steps;

    /**
     * SGD's settings.
     *
     * @param learningRate lr (&gt; 0)
     * @param clip         element-wise gradient clip ±clip; 0 for none
     * @param momentum     μ in [0, 1); 0 for plain SGD
     */
    public record Spec(float learningRate, float clip, float momentum) implements Optimizer.Spec {

        /** Validates every setting (errors name the setting: lr, clip, momentum). */
        public Spec {
            Optimizer.checkLearningRate(learningRate);
            Optimizer.checkClip(clip);
            InvalidSettingException.check(momentum >= 0f && momentum < 1f, "momentum", "must be in [0, 1)", momentum);
        }

        /** For {@link Optimizers}: settings lr (default 0.1), clip (default 5), momentum (default 0). */
        static Spec from(Options o) {
            Spec s = new Spec((float) o.number("lr", 0.1), (float) o.number("clip", 5), (float) o.number("momentum", 0));
            o.requireAllUsed("optimizer sgd");
            return s;
        }

        @Override
        public Sgd create() {
            return new Sgd(this);
        }

        @Override
        public String describe() {
            return "sgd(lr=" + learningRate + (momentum > 0f ? ", momentum=" + momentum : "") + ", clip="
                    + Optimizer.clipText(Optimizer.checkClip(clip)) + ")";
        }
    }

    /**
     * Plain SGD without clipping.
     *
     * @param lr the learning rate, &gt; 0
     * @throws InvalidSettingException if lr is invalid
     */
    public Sgd(float lr) {
        this(new Spec(lr, 0f, 0f));
    }

    /**
     * SGD with the given (validated) settings.
     *
     * @param spec the settings (not null)
     */
    public Sgd(Spec spec) {
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

    @Override
    public void step(List<Parameter> parameters, Parallelism par) {
        steps++;
        float lr = spec.learningRate();
        float mu = spec.momentum();
        for (int i = 0, count = parameters.size(); i < count; i++) {
            Parameter p = parameters.get(i);
            float[] w = p.values();
            float[] g = p.grad();
            if (mu > 0f) {
                p.ensureState(1);
                UncheckedOps.sgdMomentum(par, w, g, p.state(0), 0, w.length, lr, mu, clip);
            } else if (p.allRowsTouched()) {
                UncheckedOps.sgd(w, g, 0, w.length, lr, clip);
            } else {
                UncheckedOps.sgdRows(w, g, p.touchedRows(), p.touchedCount(), p.cols(), lr, clip);
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
