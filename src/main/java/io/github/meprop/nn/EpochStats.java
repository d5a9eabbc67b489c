package io.github.meprop.nn;

/**
 * What one epoch did.
 *
 * @param epoch         epoch index, 0-based
 * @param trainLoss     mean training loss over the epoch's examples (before each batch's update)
 * @param trainAccuracy fraction of the epoch's training examples that the model classified
 *                      correctly at their forward pass (before the update; no extra pass)
 * @param devAccuracy   dev accuracy after the epoch, NaN if not evaluated or no dev set
 * @param devLoss       dev loss (mean cross-entropy) after the epoch, NaN if not evaluated or no dev set
 * @param testAccuracy  test accuracy after the epoch, NaN if not evaluated or no test set
 * @param timings       seconds spent in this epoch, by phase
 * @param hiddenSizes   hidden widths at the end of the epoch
 * @param parameters    parameter count at the end of the epoch
 * @param meanK         per hidden layer, the mean number of entries per example its backward kept in
 *                      this epoch (the width for a dense layer)
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double devAccuracy, double devLoss,
        double testAccuracy, Timings timings, int[] hiddenSizes, long parameters, double[] meanK) {
}
