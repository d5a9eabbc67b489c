package io.github.meprop.examples;

import io.github.meprop.compress.CompressionContext;
import io.github.meprop.compress.CompressionRule;
import io.github.meprop.nn.Dense;
import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.Options;

/**
 * Worked example of a compression rule added from outside the library (docs/architecture.md):
 * removes the hidden units whose outgoing weights (their column of the next dense layer) are all
 * at most eps in magnitude; with eps = 0 such a unit contributes nothing, so the model's function
 * is unchanged.
 */
public record UnusedOutputRule(double eps) implements CompressionRule {
    public UnusedOutputRule {
        InvalidSettingException.check(eps >= 0, "eps", "must be >= 0", eps);
    }

    /** For the registry: setting eps (default 0). */
    public static UnusedOutputRule from(Options o) {
        UnusedOutputRule r = new UnusedOutputRule(o.number("eps", 0));
        o.requireAllUsed("compression rule unused");
        return r;
    }

    @Override
    public int[] keep(Model model, int hidden, CompressionContext evidence) {
        Dense next = model.dense(hidden + 1);
        int units = model.layer(hidden).units();
        int[] keep = new int[units];
        int n = 0;
        for (int j = 0; j < units; j++) {
            boolean used = false;
            for (int r = 0; r < next.out() && !used; r++) {
                used = Math.abs(next.weights()[r * next.in() + j]) > eps;
            }
            if (used) {
                keep[n++] = j;
            }
        }
        return n == 0 ? new int[] {0} : java.util.Arrays.copyOf(keep, n);
    }

    @Override
    public String name() {
        return "unused";
    }
}
