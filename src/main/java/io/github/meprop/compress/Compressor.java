package io.github.meprop.compress;

import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * Compression of a trained model with one knob: a method gives, for a strength s in (0, 1], the
 * rule to run on every hidden layer (merging at τ = s, magnitude pruning keeping a fraction s, each
 * possibly inside a {@link LeastSquaresRefit}); a smaller s removes more. {@link #apply} runs it
 * once; {@link #toWidth} looks for the strength that brings the mean hidden width to a target, and
 * {@link #toScore} for the strongest compression whose score (dev accuracy, after optional
 * fine-tuning) stays above a floor. Both search by bisection over s, assuming that the width (and
 * the score) do not grow as s falls; every trial starts again from the given model, which is never
 * changed.
 *
 * <p>Cost: each trial is one {@link #apply} (the rule's own cost per layer: a weight Gram matrix for
 * merging, a data pass for a refit) plus, in {@link #toScore}, the fine-tuning and the scoring.
 */
public final class Compressor {
    /** Bisection steps by default: s to within 2⁻¹² (merging) or a fraction of a unit (magnitude). */
    public static final int DEFAULT_STEPS = 12;

    private Compressor() {}

    /**
     * One trial of a search.
     *
     * @param strength    s
     * @param hiddenSizes the widths it gave
     * @param score       its score (NaN when not scored)
     */
    public record Trial(double strength, int[] hiddenSizes, double score) {
        /**
         * The mean hidden width.
         *
         * @return the mean of the hidden widths (0 when there is none)
         */
        public double meanWidth() {
            return Arrays.stream(hiddenSizes).average().orElse(0);
        }
    }

    /**
     * What a search chose.
     *
     * @param model    the compressed model (a new model)
     * @param strength its strength
     * @param reached  true when the target (width or score) is met
     * @param trials   every trial, in order
     */
    public record Outcome(Model model, double strength, boolean reached, List<Trial> trials) {
        /** Makes the list unmodifiable. */
        public Outcome {
            trials = List.copyOf(trials);
        }
    }

    /**
     * A copy of the model with the rule run on every hidden layer, input side first (layer l+1's
     * rule sees layer l already compressed).
     *
     * @param model    the model, not changed
     * @param rule     the rule run on every hidden layer
     * @param evidence what the rule may use (data, activeness)
     * @return the compressed copy
     */
    public static Model apply(Model model, CompressionRule rule, CompressionContext evidence) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(evidence, "evidence");
        Model m = model.copy();
        for (int l = 0; l < m.depth() - 1; l++) {
            int[] keep = rule.keep(m, l, evidence);
            if (keep != null && keep.length < m.layer(l).units()) {
                m.keepUnits(l, keep);
            }
        }
        return m;
    }

    private static double mean(Model m) {
        return Arrays.stream(m.hiddenSizes()).average().orElse(0);
    }

    /**
     * The largest strength (least compression) whose result has a mean hidden width of at most
     * {@code target}, by bisection in {@code steps} steps. When even the smallest strength tried
     * (2^−steps) leaves the mean above the target, that result is returned with
     * {@code reached == false}.
     *
     * @param method the rule for a strength
     * @param target the mean hidden width to reach, ≥ 1 (setting "target-width")
     * @param model    the model, not changed
     * @param evidence what the rules may use
     * @param steps    bisection steps, ≥ 1
     * @return the result of the strength chosen, with its strength, sizes and whether the target was reached
     */
    public static Outcome toWidth(Model model, DoubleFunction<? extends CompressionRule> method,
            CompressionContext evidence, double target, int steps) {
        Objects.requireNonNull(method, "method");
        InvalidSettingException.check(target >= 1 && Double.isFinite(target), "target-width",
                "(the mean hidden width to reach) must be >= 1", target);
        checkSteps(steps);
        List<Trial> trials = new ArrayList<>();
        Model full = apply(model, method.apply(1.0), evidence);
        trials.add(new Trial(1.0, full.hiddenSizes(), Double.NaN));
        if (mean(full) <= target) {
            return new Outcome(full, 1.0, true, trials);
        }
        double lo = 0;
        double hi = 1;
        Model best = null;
        double bestS = Double.NaN;
        for (int i = 0; i < steps; i++) {
            double s = (lo + hi) / 2;
            Model m = apply(model, method.apply(s), evidence);
            trials.add(new Trial(s, m.hiddenSizes(), Double.NaN));
            if (mean(m) <= target) {
                lo = s;
                best = m;
                bestS = s;
            } else {
                hi = s;
            }
        }
        if (best == null) {
            double s = Math.scalb(1.0, -steps);
            Model m = apply(model, method.apply(s), evidence);
            trials.add(new Trial(s, m.hiddenSizes(), Double.NaN));
            return new Outcome(m, s, mean(m) <= target, trials);
        }
        return new Outcome(best, bestS, true, trials);
    }

    /**
     * The smallest strength (most compression) whose result, after {@code tune} (fine-tuning, may be
     * a no-op), scores at least {@code floor}, by bisection in {@code steps} steps. When even strength
     * 1 scores below the floor, that result is returned with {@code reached == false}.
     *
     * @param tune  changes a compressed model in place (e.g. a few epochs of training), or null
     * @param score the score of a model (e.g. dev accuracy)
     * @param model    the model, not changed
     * @param method   the rule for a strength
     * @param evidence what the rules may use
     * @param floor    the lowest acceptable score
     * @param steps    bisection steps, ≥ 1
     * @return the result of the strength chosen, with its strength, sizes and whether the floor was kept
     */
    public static Outcome toScore(Model model, DoubleFunction<? extends CompressionRule> method,
            CompressionContext evidence, Consumer<Model> tune, ToDoubleFunction<Model> score, double floor, int steps) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(score, "score");
        checkSteps(steps);
        List<Trial> trials = new ArrayList<>();
        Model full = trial(model, method, evidence, tune, score, 1.0, trials);
        if (!(trials.get(0).score() >= floor)) {
            return new Outcome(full, 1.0, false, trials);
        }
        double lo = 0;
        double hi = 1;
        Model best = full;
        double bestS = 1.0;
        for (int i = 0; i < steps; i++) {
            double s = (lo + hi) / 2;
            Model m = trial(model, method, evidence, tune, score, s, trials);
            if (trials.get(trials.size() - 1).score() >= floor) {
                hi = s;
                best = m;
                bestS = s;
            } else {
                lo = s;
            }
        }
        return new Outcome(best, bestS, true, trials);
    }

    private static Model trial(Model model, DoubleFunction<? extends CompressionRule> method,
            CompressionContext evidence, Consumer<Model> tune, ToDoubleFunction<Model> score, double s,
            List<Trial> trials) {
        Model m = apply(model, method.apply(s), evidence);
        if (tune != null) {
            tune.accept(m);
        }
        trials.add(new Trial(s, m.hiddenSizes(), score.applyAsDouble(m)));
        return m;
    }

    private static void checkSteps(int steps) {
        if (steps < 1 || steps > 60) {
            throw new IllegalArgumentException("steps must be in 1..60, was " + steps);
        }
    }
}
