package io.github.meprop.compress;

import java.util.Objects;

/**
 * meSimp's prune rule: neuron j of a hidden layer is removed when
 * {@code hits[j] < floor(prune · seen)}, i.e. it was active in fewer than a fraction
 * {@code prune} of the examples observed since the last prune (METHOD.md §3; 0.1 in the reference).
 * A layer never loses its last neuron: when every neuron falls below the threshold, the one with
 * the most hits (the lowest position among equals) is kept. With {@code seen == 0} nothing is
 * removed.
 *
 * @param prune the fraction, in [0, 1]; 0 removes nothing
 */
public record PruneRule(double prune) {

    /** The reference setting, prune = 0.1. */
    public static final double DEFAULT_PRUNE = 0.1;

    /** Validates prune. */
    public PruneRule {
        if (!(prune >= 0 && prune <= 1)) {
            throw new IllegalArgumentException("prune must be in [0, 1], was " + prune);
        }
    }

    /** The reference rule (prune = 0.1). */
    public static PruneRule reference() {
        return new PruneRule(DEFAULT_PRUNE);
    }

    /** The hit threshold {@code floor(prune · seen)}: neurons with fewer hits are removed. */
    public long threshold(long seen) {
        if (seen < 0) {
            throw new IllegalArgumentException("seen must be >= 0, was " + seen);
        }
        return (long) Math.floor(prune * seen);
    }

    /**
     * The positions to keep, strictly ascending and never empty (for a non-empty layer).
     *
     * @param hits each neuron's hits (the layer's width is hits.length, ≥ 1)
     * @param seen examples observed
     */
    public int[] keep(long[] hits, long seen) {
        Objects.requireNonNull(hits, "hits");
        if (hits.length == 0) {
            throw new IllegalArgumentException("hits is empty: a layer has at least one neuron");
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
}
