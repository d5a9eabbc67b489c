package io.github.meprop.examples;

import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Optimizer;
import io.github.meprop.nn.Options;
import io.github.meprop.nn.Parameter;
import java.util.List;

/**
 * Worked example of an optimizer added from outside the library (docs/architecture.md): Adagrad,
 * {@code G += g²;  w −= lr·g / (√G + ε)}, one state slot per parameter, updating only the rows
 * the backward pass touched (a row without gradient would not move).
 */
public final class Adagrad implements Optimizer {
    private final Spec spec;
    private long steps;

    /** Its settings, validated once. */
    public record Spec(float learningRate, float eps) implements Optimizer.Spec {
        public Spec {
            InvalidSettingException.check(learningRate > 0 && Float.isFinite(learningRate), "lr", "must be > 0",
                    learningRate);
            InvalidSettingException.check(eps > 0, "eps", "must be > 0", eps);
        }

        /** For the registry: settings lr (default 0.05) and eps (default 1e-8). */
        public static Spec from(Options o) {
            Spec s = new Spec((float) o.number("lr", 0.05), (float) o.number("eps", 1e-8));
            o.requireAllUsed("optimizer adagrad");
            return s;
        }

        @Override
        public Adagrad create() {
            return new Adagrad(this);
        }

        @Override
        public String describe() {
            return "adagrad(lr=" + learningRate + ", eps=" + eps + ")";
        }
    }

    Adagrad(Spec spec) {
        this.spec = spec;
    }

    @Override
    public void step(List<Parameter> parameters, Parallelism par) {
        steps++;
        for (Parameter p : parameters) {
            p.ensureState(1);
            int rows = p.allRowsTouched() ? p.rows() : p.touchedCount();
            for (int t = 0; t < rows; t++) {
                int row = p.allRowsTouched() ? t : p.touchedRows()[t];
                for (int i = row * p.cols(); i < (row + 1) * p.cols(); i++) {
                    float g = p.grad()[i];
                    float acc = p.state(0)[i] + g * g;
                    p.state(0)[i] = acc;
                    p.values()[i] -= spec.learningRate() * g / ((float) Math.sqrt(acc) + spec.eps());
                }
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
}
