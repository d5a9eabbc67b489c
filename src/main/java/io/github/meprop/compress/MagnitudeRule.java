package io.github.meprop.compress;

import io.github.meprop.nn.Dense;
import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.Options;
import java.util.Arrays;
import java.util.Objects;

/**
 * Plain magnitude pruning, the baseline of the size/accuracy frontier: unit j of hidden layer l
 * scores {@code ‖[W_l[j,:], b_l[j]]‖ · ‖W_{l+1}[:, j]‖} (incoming weights and bias times outgoing
 * weights, Euclidean norms: for ReLU, scaling a unit's incoming weights by c and its outgoing ones by
 * 1/c changes neither the function nor the score), and the {@code round(fraction · units)} units
 * with the highest scores stay (at least one; ties keep the lower position). Needs no data and no
 * training statistics; nothing compensates the removed units (wrap it in a
 * {@link LeastSquaresRefit} for that). Cost O(units·(in + out)) per layer.
 *
 * @param fraction the fraction of each hidden layer's units to keep, in (0, 1] (setting "keep")
 */
public record MagnitudeRule(double fraction) implements CompressionRule {

    /** Validates the fraction (setting "keep"). */
    public MagnitudeRule {
        InvalidSettingException.check(fraction > 0 && fraction <= 1, "keep", "(the fraction of units kept) must be in (0, 1]",
                fraction);
    }

    /** For {@link CompressionRules}: setting keep (default 0.5). */
    static MagnitudeRule create(Options o) {
        MagnitudeRule r = new MagnitudeRule(o.number("keep", 0.5));
        o.requireAllUsed("compression rule magnitude");
        return r;
    }

    /**
     * The units a layer of this width keeps: {@code max(1, round(fraction · units))}.
     *
     * @param units the layer's width
     * @return how many units stay
     */
    public int kept(int units) {
        return (int) Math.max(1, Math.min(units, Math.round(fraction * units)));
    }

    /**
     * Each unit's score {@code ‖[W_l[j,:], b_l[j]]‖ · ‖W_{l+1}[:, j]‖}.
     *
     * @param model  the model
     * @param hidden the hidden layer, 0-based
     * @return one score per unit of that layer
     */
    public static double[] scores(Model model, int hidden) {
        Objects.requireNonNull(model, "model");
        if (hidden < 0 || hidden >= model.depth() - 1) {
            throw new IllegalArgumentException("hidden layer " + hidden + " does not exist: the model has "
                    + (model.depth() - 1) + " hidden layers");
        }
        if (!(model.layer(hidden) instanceof Dense layer) || !(model.layer(hidden + 1) instanceof Dense next)) {
            throw new IllegalArgumentException("magnitude pruning needs a dense hidden layer followed by a dense layer;"
                    + " hidden layer " + hidden + " is " + model.layer(hidden) + ", followed by " + model.layer(hidden + 1));
        }
        int units = layer.out();
        int in = layer.in();
        double[] incoming = new double[units];
        float[] w = layer.weights();
        float[] b = layer.biases();
        for (int j = 0; j < units; j++) {
            double s = (double) b[j] * b[j];
            for (int i = 0; i < in; i++) {
                double v = w[j * in + i];
                s += v * v;
            }
            incoming[j] = s;
        }
        double[] outgoing = new double[units];
        float[] w2 = next.weights();
        for (int r = 0; r < next.out(); r++) {
            int o = r * units;
            for (int j = 0; j < units; j++) {
                double v = w2[o + j];
                outgoing[j] += v * v;
            }
        }
        double[] score = new double[units];
        for (int j = 0; j < units; j++) {
            score[j] = Math.sqrt(incoming[j] * outgoing[j]);
        }
        return score;
    }

    /** The positions of the {@code n} highest scores, ascending (ties: the lower position first). */
    static int[] top(double[] score, int n) {
        Integer[] order = new Integer[score.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (p, q) -> {
            int c = Double.compare(score[q], score[p]);
            return c != 0 ? c : Integer.compare(p, q);
        });
        int[] keep = new int[n];
        for (int t = 0; t < n; t++) {
            keep[t] = order[t];
        }
        Arrays.sort(keep);
        return keep;
    }

    @Override
    public int[] keep(Model model, int hidden, CompressionContext evidence) {
        double[] score = scores(model, hidden);
        int n = kept(score.length);
        return n == score.length ? null : top(score, n);
    }

    @Override
    public String name() {
        return "magnitude";
    }
}
