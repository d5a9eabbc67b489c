package io.github.meprop.nn;

import java.util.Objects;

/**
 * How many entries a selector keeps: a count ({@code "20"}) or a fraction of the layer's width
 * ({@code "4%"}). It is resolved against the layer's current width at every step, so it follows the
 * width when meSimp shrinks the layer, and clamped to 1..width; a fraction rounds to the nearest
 * count. A count larger than a layer's width at the start of training is a user error
 * ({@link #validate}).
 *
 * @param count    k as a count (≥ 1), or 0 when k is a fraction
 * @param fraction k as a fraction of the width in (0, 1], or 0 when k is a count
 */
public record KSpec(int count, double fraction) {

    /** Validates the components: exactly one of count ≥ 1 and fraction in (0, 1]. */
    public KSpec {
        boolean byCount = count >= 1 && fraction == 0;
        boolean byFraction = count == 0 && fraction > 0 && fraction <= 1;
        if (!byCount && !byFraction) {
            throw new IllegalArgumentException("k must be a count >= 1 or a fraction in (0, 1], was count " + count
                    + ", fraction " + fraction);
        }
    }

    /**
     * k as a count.
     *
     * @param count k, ≥ 1
     * @return the spec
     * @throws IllegalArgumentException if count is below 1
     */
    public static KSpec of(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("k must be >= 1, was " + count);
        }
        return new KSpec(count, 0);
    }

    /**
     * k as a fraction of the width, in (0, 1].
     *
     * @param fraction the fraction of the width, in (0, 1]
     * @return the spec
     * @throws IllegalArgumentException if fraction is outside (0, 1]
     */
    public static KSpec ofFraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("k as a fraction of the width must be in (0, 1], was " + fraction);
        }
        return new KSpec(0, fraction);
    }

    /**
     * Parses a count ("20") or a percentage of the width ("4%", "2.5%").
     *
     * @param k the text, surrounding blanks ignored
     * @return the spec
     * @throws IllegalArgumentException if the text is neither a count ≥ 1 nor a percentage in
     *     (0, 100]
     */
    public static KSpec parse(String k) {
        Objects.requireNonNull(k, "k");
        String t = k.trim();
        try {
            if (t.endsWith("%")) {
                double pct = Double.parseDouble(t.substring(0, t.length() - 1).trim());
                if (!(pct > 0 && pct <= 100)) {
                    throw new IllegalArgumentException("k = '" + k + "': a percentage must be in (0, 100]");
                }
                return new KSpec(0, pct / 100.0);
            }
            int c = Integer.parseInt(t);
            if (c < 1) {
                throw new IllegalArgumentException("k = '" + k + "': a count must be >= 1");
            }
            return new KSpec(c, 0);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("k = '" + k + "': expected a count such as 20 or a percentage such as 4%",
                    e);
        }
    }

    /**
     * k for a layer of the given current width: the count or round(fraction·width), clamped to 1..width.
     *
     * @param width the layer's current width, ≥ 1
     * @return k, in 1..width
     */
    public int resolve(int width) {
        long k = count > 0 ? count : Math.round(fraction * width);
        return (int) Math.max(1, Math.min(width, k));
    }

    /**
     * Checks against a layer before training: an explicit count larger than its width is an error.
     *
     * @param layer index of the layer (0-based), for the message
     * @param width the layer's width
     * @throws IllegalArgumentException naming the layer and its width
     */
    public void validate(int layer, int width) {
        validate("k", layer, width);
    }

    /**
     * {@link #validate(int, int)} for the setting of the given name (e.g. "k-max").
     *
     * @param setting the setting's name, for the exception
     * @param layer index of the layer (0-based), for the message
     * @param width the layer's width
     * @throws InvalidSettingException naming the setting, the layer and its width
     */
    public void validate(String setting, int layer, int width) {
        if (count > width) {
            throw new InvalidSettingException(setting, setting + " = " + count + " is larger than hidden layer " + layer + " (0-based),"
                    + " which has width " + width + "; use " + setting + " <= " + width + " or a percentage");
        }
    }

    /** As given: "20" or "4%". */
    @Override
    public String toString() {
        if (count > 0) {
            return Integer.toString(count);
        }
        double pct = fraction * 100;
        return (pct == Math.rint(pct) ? Long.toString((long) pct) : Double.toString(pct)) + "%";
    }
}
