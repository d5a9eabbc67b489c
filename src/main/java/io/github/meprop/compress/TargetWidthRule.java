package io.github.meprop.compress;

import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.Options;
import java.util.Arrays;
import java.util.Objects;

/**
 * meSimp aimed at a size: shrinks each hidden layer toward a target width along a gradual schedule,
 * removing the least active units (fewest hits since the last prune point; ties: the higher
 * position goes first). With the layers' widths {@code w_l} at the first prune point, a mean target
 * W gives each layer the target {@code t_l = max(1, round(W · w_l / mean(w)))}, and at prune point p
 * (1-based) of {@code points} the layer keeps at most
 * <pre>  ⌈t_l + (w_l − t_l) · (1 − p/points)³⌉  </pre>
 * units: the cubic schedule of gradual pruning (Zhu and Gupta, 2017), which removes most while the
 * network is large and little near the end. From prune point {@code points} on the layer stays at
 * t_l. It never adds units back: a layer already below its schedule (an activeness rule before it
 * removed more) is left alone. Stateful: it counts the prune points it has seen per layer, so each
 * training run needs a fresh rule. Cost O(width·log width) per layer and prune point.
 */
public final class TargetWidthRule implements CompressionRule {
    private final double width;
    private final int points;
    private int[] initial;
    private int[] calls;

    /**
     * A rule that brings the mean hidden width to {@code width} over {@code points} prune points.
     *
     * @param width  the mean hidden width to reach, ≥ 1 (setting "target-width")
     * @param points prune points over which to reach it, ≥ 1 (setting "points")
     */
    public TargetWidthRule(double width, int points) {
        InvalidSettingException.check(width >= 1 && Double.isFinite(width), "target-width",
                "(the mean hidden width to reach) must be >= 1", width);
        InvalidSettingException.check(points >= 1, "points", "(prune points to reach the target) must be >= 1", points);
        this.width = width;
        this.points = points;
    }

    /** For {@link CompressionRules}: settings width (default 64) and points (default 40). */
    static TargetWidthRule create(Options o) {
        TargetWidthRule r = new TargetWidthRule(o.number("width", 64), o.integer("points", 40));
        o.requireAllUsed("compression rule target");
        return r;
    }

    /**
     * The mean hidden width to reach.
     *
     * @return the mean hidden width to reach
     */
    public double width() {
        return width;
    }

    /**
     * Prune points over which to reach it.
     *
     * @return the prune points over which the width is reached
     */
    public int points() {
        return points;
    }

    /**
     * Layer l's target width t_l, given every layer's width at the first prune point.
     *
     * @param width   the mean hidden width to reach
     * @param initial every hidden layer's width at the first prune point
     * @param l       the hidden layer, 0-based
     * @return layer l's target width, ≥ 1
     */
    public static int target(double width, int[] initial, int l) {
        double mean = Arrays.stream(initial).average().orElse(1);
        return (int) Math.max(1, Math.min(initial[l], Math.round(width * initial[l] / mean)));
    }

    /**
     * The most units a layer keeps at prune point p (1-based) of points.
     *
     * @param initialWidth the layer's width at the first prune point
     * @param target       the layer's target width
     * @param p            the prune point, 1-based
     * @param points       the prune points of the schedule
     * @return the most units the layer keeps at prune point p
     */
    public static int scheduled(int initialWidth, int target, int p, int points) {
        if (p >= points) {
            return target;
        }
        double f = 1 - p / (double) points;
        return (int) Math.ceil(target + (initialWidth - target) * f * f * f - 1e-9);
    }

    @Override
    public synchronized int[] keep(Model model, int hidden, CompressionContext evidence) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(evidence, "evidence");
        int[] widths = model.hiddenSizes();
        if (initial == null || initial.length != widths.length) {
            initial = widths.clone();
            calls = new int[widths.length];
        }
        int p = ++calls[hidden];
        int units = widths[hidden];
        int max = scheduled(initial[hidden], target(width, initial, hidden), p, points);
        if (units <= max) {
            return null;
        }
        Activeness a = evidence.activeness();
        long[] hits = a.width(hidden) == units ? a.hits(hidden) : new long[units];
        double[] score = new double[units];
        for (int j = 0; j < units; j++) {
            score[j] = hits[j];
        }
        return MagnitudeRule.top(score, max);
    }

    @Override
    public String name() {
        return "target";
    }

    @Override
    public String toString() {
        return "TargetWidthRule[width=" + width + ", points=" + points + "]";
    }
}
