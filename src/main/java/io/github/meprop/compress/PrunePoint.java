package io.github.meprop.compress;

import java.util.List;

/**
 * What meSimp did at one prune point.
 *
 * @param epoch   epoch (0-based)
 * @param batch   mini-batch within the epoch (0-based) after which it pruned
 * @param step    optimizer steps taken so far
 * @param seen    examples observed per hidden layer since the previous prune point
 * @param before  hidden sizes before
 * @param rules   the names of the rules, in the order they ran
 * @param removed {@code removed[r][l]}: units rule r removed from hidden layer l
 * @param after   hidden sizes after
 */
public record PrunePoint(int epoch, int batch, long step, long[] seen, int[] before, List<String> rules,
        int[][] removed, int[] after) {

    /** Makes the rule list unmodifiable. */
    public PrunePoint {
        rules = List.copyOf(rules);
    }

    /**
     * Units removed per hidden layer by the rules of the given name (zeros if none ran).
     *
     * @param rule the rule name, e.g. "prune"
     * @return a new array with one count per hidden layer
     */
    public int[] removedBy(String rule) {
        int[] r = new int[before.length];
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).equals(rule)) {
                for (int l = 0; l < r.length; l++) {
                    r[l] += removed[i][l];
                }
            }
        }
        return r;
    }

    /**
     * Units removed per hidden layer by the activeness rule ("prune").
     *
     * @return a new array with one count per hidden layer
     */
    public int[] dropped() {
        return removedBy("prune");
    }

    /**
     * Units removed per hidden layer by merging ("merge").
     *
     * @return a new array with one count per hidden layer
     */
    public int[] merged() {
        return removedBy("merge");
    }

    /**
     * Units removed in all hidden layers.
     *
     * @return the sum over the hidden layers of the units removed at this point
     */
    public int removedTotal() {
        int n = 0;
        for (int l = 0; l < before.length; l++) {
            n += before[l] - after[l];
        }
        return n;
    }
}
