package io.github.meprop.compress;

/**
 * What meSimp did at one prune point.
 *
 * @param epoch   epoch (0-based)
 * @param batch   mini-batch within the epoch (0-based) after which it pruned
 * @param step    optimizer steps taken so far
 * @param seen    examples observed per hidden layer since the previous prune point
 * @param before  hidden sizes before
 * @param dropped neurons removed per hidden layer by the prune rule
 * @param merged  neurons removed per hidden layer by merging (0 without a merger)
 * @param after   hidden sizes after
 */
public record PrunePoint(int epoch, int batch, long step, long[] seen, int[] before, int[] dropped, int[] merged,
        int[] after) {

    /** Neurons removed in all hidden layers. */
    public int removed() {
        int n = 0;
        for (int l = 0; l < before.length; l++) {
            n += before[l] - after[l];
        }
        return n;
    }
}
