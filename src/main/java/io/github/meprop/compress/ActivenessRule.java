package io.github.meprop.compress;

import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.Options;
import java.util.Objects;

/**
 * meSimp's prune rule: unit j of a hidden layer is removed when {@code hits[j] < floor(prune · seen)},
 * i.e. it was active in fewer than a fraction {@code prune} of the examples observed since the last
 * prune point (METHOD.md §3; 0.1 in the reference). A layer never loses its last unit: when every
 * unit falls below the threshold, the one with the most hits (the lowest position among equals) is
 * kept. A layer with nothing seen keeps every unit.
 *
 * @param prune the fraction, in [0, 1]; 0 removes nothing
 */
public record ActivenessRule(double prune) implements CompressionRule {

    /** The reference setting, prune = 0.1. */
    public static final double DEFAULT_PRUNE = 0.1;

    /** Validates prune (setting "prune"). */
    public ActivenessRule {
        InvalidSettingException.check(prune >= 0 && prune <= 1, "prune", "must be in [0, 1]", prune);
    }

    /**
     * The reference rule (prune = 0.1).
     *
     * @return the rule with {@link #DEFAULT_PRUNE}
     */
    public static ActivenessRule reference() {
        return new ActivenessRule(DEFAULT_PRUNE);
    }

    /** For {@link CompressionRules}: setting prune (default 0.1). */
    static ActivenessRule create(Options o) {
        ActivenessRule r = new ActivenessRule(o.number("prune", DEFAULT_PRUNE));
        o.requireAllUsed("compression rule prune");
        return r;
    }

    /**
     * The hit threshold {@code floor(prune · seen)}: units with fewer hits are removed.
     *
     * @param seen examples observed, ≥ 0
     * @return the number of hits a unit needs to stay
     * @throws IllegalArgumentException if seen is negative
     */
    public long threshold(long seen) {
        if (seen < 0) {
            throw new IllegalArgumentException("seen must be >= 0, was " + seen);
        }
        return (long) Math.floor(prune * seen);
    }

    @Override
    public int[] keep(Model model, int hidden, CompressionContext evidence) {
        long seen = evidence.activeness().seen(hidden);
        if (seen == 0) {
            return null;
        }
        int width = model.layer(hidden).units();
        if (evidence.activeness().width(hidden) != width) {
            throw new IllegalStateException("hidden layer " + hidden + " has " + width
                    + " units but its activeness was recorded at width " + evidence.activeness().width(hidden)
                    + "; was the model changed outside meSimp?");
        }
        return keep(evidence.activeness().hits(hidden), seen);
    }

    /**
     * The positions to keep, strictly ascending and never empty (for a non-empty layer).
     *
     * @param hits each unit's hits (the layer's width is hits.length, ≥ 1)
     * @param seen examples observed
     * @return a new array of the kept positions
     * @throws IllegalArgumentException if hits is empty or seen negative
     */
    public int[] keep(long[] hits, long seen) {
        Objects.requireNonNull(hits, "hits");
        if (hits.length == 0) {
            throw new IllegalArgumentException("hits is empty: a layer has at least one unit");
        }
        long th = threshold(seen);
        int n = 0;
        for (long h : hits) {
            if (h >= th) {
                n++;
            }
        }
        if (n == 0) {
            int best = 0;
            for (int j = 1; j < hits.length; j++) {
                if (hits[j] > hits[best]) {
                    best = j;
                }
            }
            return new int[] {best};
        }
        int[] keep = new int[n];
        int t = 0;
        for (int j = 0; j < hits.length; j++) {
            if (hits[j] >= th) {
                keep[t++] = j;
            }
        }
        return keep;
    }

    @Override
    public String name() {
        return "prune";
    }
}
