package io.github.meprop.nn;

import java.util.Locale;
import java.util.Objects;

/**
 * The meProp policy of a hidden layer: how its backward pass is sparsified, and how many rows k
 * it keeps. The output layer is always dense.
 *
 * <ul>
 *   <li>{@link Mode#DENSE}: ordinary backward (k is ignored);</li>
 *   <li>{@link Mode#TOPK}: per example, the k entries of g = ∂L/∂y with the largest |g| (the paper's
 *       CPU method);</li>
 *   <li>{@link Mode#UNIFIED}: one shared set of k rows for the whole mini-batch, by the column sums
 *       Σ_b |g[b, j]| (the paper's GPU method);</li>
 *   <li>{@link Mode#RANDOMK}: k distinct rows drawn uniformly per example (the paper's ablation
 *       baseline), from the trainer's seeded generator.</li>
 * </ul>
 *
 * <p>k is either a count ({@code "20"}) or a fraction of the layer's width ({@code "4%"}). It is
 * resolved against the layer's current width at every step (so it follows the width when meSimp
 * shrinks the layer) and clamped to 1..width; a fraction rounds to the nearest count. A count
 * larger than a layer's width at the start of training is a user error: {@link #validate} rejects
 * it naming the layer.
 *
 * @param mode     the backward mode
 * @param count    k as a count (≥ 1), or 0 when k is a fraction or the mode is dense
 * @param fraction k as a fraction of the width in (0, 1], or 0 when k is a count or the mode is dense
 */
public record MeProp(Mode mode, int count, double fraction) {

    /** How a hidden layer's backward pass is sparsified. */
    public enum Mode {
        /** Every row (ordinary back propagation). */
        DENSE,
        /** Per-example top-k by |g|. */
        TOPK,
        /** One top-k set per mini-batch by Σ_b |g[b, j]|. */
        UNIFIED,
        /** k random rows per example. */
        RANDOMK;

        /** Parses "dense", "topk" (or "top-k", "top"), "unified", "randomk" (or "random"), any case. */
        public static Mode parse(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
            return switch (t) {
                case "dense", "none" -> DENSE;
                case "topk", "top" -> TOPK;
                case "unified", "unifiedtopk" -> UNIFIED;
                case "randomk", "random", "randk" -> RANDOMK;
                default -> throw new IllegalArgumentException("unknown meProp mode '" + s
                        + "': expected dense, topk, unified or randomk");
            };
        }

        /** Lower-case name, as {@link #parse} accepts it. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Validates the components. */
    public MeProp {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.DENSE) {
            if (count != 0 || fraction != 0) {
                throw new IllegalArgumentException("a dense policy has no k (count " + count + ", fraction " + fraction
                        + ")");
            }
        } else {
            boolean byCount = count >= 1 && fraction == 0;
            boolean byFraction = count == 0 && fraction > 0 && fraction <= 1;
            if (!byCount && !byFraction) {
                throw new IllegalArgumentException("k must be a count >= 1 or a fraction in (0, 1], was count " + count
                        + ", fraction " + fraction);
            }
        }
    }

    /** Ordinary dense back propagation. */
    public static MeProp dense() {
        return new MeProp(Mode.DENSE, 0, 0);
    }

    /** Per-example top-k; k as {@link #of} parses it ("20", "4%"). */
    public static MeProp topK(String k) {
        return of(Mode.TOPK, k);
    }

    /** Per-example top-k with a count. */
    public static MeProp topK(int k) {
        return new MeProp(Mode.TOPK, k, 0);
    }

    /**
     * A policy from a mode and a k written as a count ("20") or a percentage of the width ("4%",
     * "2.5%"); k is ignored (may be null) for {@link Mode#DENSE}.
     */
    public static MeProp of(Mode mode, String k) {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.DENSE) {
            return dense();
        }
        Objects.requireNonNull(k, "k");
        String t = k.trim();
        try {
            if (t.endsWith("%")) {
                double pct = Double.parseDouble(t.substring(0, t.length() - 1).trim());
                if (!(pct > 0 && pct <= 100)) {
                    throw new IllegalArgumentException("k = '" + k + "': a percentage must be in (0, 100]");
                }
                return new MeProp(mode, 0, pct / 100.0);
            }
            int c = Integer.parseInt(t);
            if (c < 1) {
                throw new IllegalArgumentException("k = '" + k + "': a count must be >= 1");
            }
            return new MeProp(mode, c, 0);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("k = '" + k + "': expected a count such as 20 or a percentage such as 4%",
                    e);
        }
    }

    /** Parses "dense", or "MODE:K" such as "topk:20", "unified:4%", "randomk:20". */
    public static MeProp parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        int colon = spec.indexOf(':');
        if (colon < 0) {
            Mode m = Mode.parse(spec);
            if (m != Mode.DENSE) {
                throw new IllegalArgumentException("meProp policy '" + spec + "' needs k, e.g. " + m.id() + ":20");
            }
            return dense();
        }
        return of(Mode.parse(spec.substring(0, colon)), spec.substring(colon + 1));
    }

    /** True for the dense mode. */
    public boolean isDense() {
        return mode == Mode.DENSE;
    }

    /**
     * k for a layer of the given current width: the count or round(fraction·width), clamped to
     * 1..width; the width itself for a dense policy.
     */
    public int k(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, was " + width);
        }
        if (mode == Mode.DENSE) {
            return width;
        }
        long k = count > 0 ? count : Math.round(fraction * width);
        return (int) Math.max(1, Math.min(width, k));
    }

    /**
     * Checks the policy against a hidden layer before training: an explicit count larger than the
     * layer's width is an error.
     *
     * @param layer index of the hidden layer (0-based), for the message
     * @param width the layer's width
     * @throws IllegalArgumentException naming the layer and its width
     */
    public void validate(int layer, int width) {
        if (mode != Mode.DENSE && count > width) {
            throw new IllegalArgumentException("k = " + count + " is larger than hidden layer " + layer + " (0-based),"
                    + " which has width " + width + "; use k <= " + width + " or a percentage");
        }
    }

    /** k as given: "20", "4%", or "" for dense. */
    public String kSpec() {
        if (mode == Mode.DENSE) {
            return "";
        }
        if (count > 0) {
            return Integer.toString(count);
        }
        double pct = fraction * 100;
        return (pct == Math.rint(pct) ? Long.toString((long) pct) : Double.toString(pct)) + "%";
    }

    /** "dense", or "MODE:K" as {@link #parse} accepts it. */
    @Override
    public String toString() {
        return mode == Mode.DENSE ? "dense" : mode.id() + ":" + kSpec();
    }
}
