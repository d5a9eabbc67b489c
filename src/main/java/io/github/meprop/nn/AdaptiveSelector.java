package io.github.meprop.nn;

import io.github.meprop.kernels.internal.UncheckedTopK;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Adaptive k (as TinyProp proposes): each example keeps the fewest entries whose |g| sum reaches a
 * fraction ρ of its row's total, at least kMin and at most kMax. An example whose gradient is
 * concentrated in a few units keeps few rows; a spread-out one keeps more; the mean k per layer and
 * epoch is in {@link EpochStats#meanK()}. Selection by {@link io.github.meprop.kernels.TopK#selectMass}
 * (bit-identical on every vector width and in plain Java), as a per-example (CSR) selection.
 * Cost: about a top-kMax selection plus a sort of kMax values per example.
 *
 * @param mass ρ, the fraction of the row's |g| mass to keep, in [0, 1]
 * @param kMin at least this many entries per example (a count or a fraction of the width)
 * @param kMax at most this many (a count or a fraction of the width; at least kMin after resolving)
 */
public record AdaptiveSelector(double mass, KSpec kMin, KSpec kMax) implements Selector {
    /** Default ρ. */
    public static final double DEFAULT_MASS = 0.9;
    /** Default kMin: one entry. */
    public static final KSpec DEFAULT_K_MIN = KSpec.of(1);
    /** Default kMax: 10% of the width. */
    public static final KSpec DEFAULT_K_MAX = KSpec.ofFraction(0.1);

    /** Validates the settings (errors name them: mass, k-min, k-max). */
    public AdaptiveSelector {
        InvalidSettingException.check(mass >= 0 && mass <= 1, "mass", "must be in [0, 1]", mass);
        Objects.requireNonNull(kMin, "kMin");
        Objects.requireNonNull(kMax, "kMax");
        if (kMin.count() > 0 && kMax.count() > 0 && kMin.count() > kMax.count()) {
            throw new InvalidSettingException("k-min", "k-min " + kMin + " is larger than k-max " + kMax);
        }
    }

    /**
     * ρ with the default bounds (1 to 10% of the width).
     *
     * @param mass ρ, in [0, 1]
     * @return the selector
     * @throws InvalidSettingException if mass is outside [0, 1]
     */
    public static AdaptiveSelector of(double mass) {
        return new AdaptiveSelector(mass, DEFAULT_K_MIN, DEFAULT_K_MAX);
    }

    /** For {@link Selectors}: settings mass (default 0.9), k-min (default 1), k-max (default 10%). */
    static Selector create(Options o) {
        double mass = o.number("mass", DEFAULT_MASS);
        AdaptiveSelector s = new AdaptiveSelector(mass, o.k("k-min", DEFAULT_K_MIN), o.k("k-max", DEFAULT_K_MAX));
        o.requireAllUsed("selector adaptive");
        return s;
    }

    @Override
    public void select(float[] g, int rows, int width, Selection out, SplittableRandom random) {
        int hi = kMax.resolve(width);
        int lo = Math.min(kMin.resolve(width), hi);
        if (lo == width) {
            out.selectAll(rows, width);
            return;
        }
        int[] idx = out.perRow(rows, width, (long) rows * hi);
        UncheckedTopK.selectMass(g, rows, width, (float) mass, lo, hi, out.offsets(), idx);
    }

    @Override
    public void validate(int layer, int width) {
        kMin.validate("k-min", layer, width);
        kMax.validate("k-max", layer, width);
    }

    @Override
    public String name() {
        return "adaptive";
    }

    @Override
    public String settings() {
        return "mass=" + mass + ",k-min=" + kMin + ",k-max=" + kMax;
    }

    @Override
    public String toString() {
        return "adaptive:" + settings();
    }
}
