package io.github.meprop.nn;

import java.util.List;

/**
 * Outcome of {@link Trainer#train}. Every figure about "the model" describes the model the trainer
 * returned (left in the object passed to it, and what a caller then saves): with
 * {@link TrainConfig#keepBest()} that is the weights of the evaluation with the best dev score since
 * the model last changed shape (the first such evaluation on ties), otherwise the last weights.
 *
 * @param history           one entry per epoch run
 * @param modelEpoch        the epoch (0-based) after which the returned weights were evaluated
 * @param devAccuracy       dev accuracy of the returned model (NaN without a dev set)
 * @param testAccuracy      test accuracy of the returned model (NaN without a test set)
 * @param finalTestAccuracy test accuracy after the last epoch run, i.e. of the last weights, which
 *                          differ from the returned ones when an earlier evaluation was better
 * @param epochs            epochs run (fewer than configured when stopped early)
 * @param stoppedEarly      true when early stopping or {@link Trainer#stop()} ended the run
 * @param timings           seconds by phase over the whole run
 * @param hiddenSizes       hidden widths of the returned model
 * @param parameters        parameter count of the returned model
 * @param mode              the selectors' names, e.g. "topk" or "topk,dense" for one per layer
 * @param k                 their settings, e.g. "20" or "4%" ("" for dense)
 * @param optimizer         the optimizer's description
 * @param dropout           the dropout rate the run used (automatic dropout resolved)
 */
public record TrainingResult(List<EpochStats> history, int modelEpoch, double devAccuracy, double testAccuracy,
        double finalTestAccuracy, int epochs, boolean stoppedEarly, Timings timings, int[] hiddenSizes,
        long parameters, String mode, String k, String optimizer, float dropout) {

    /** Makes the history unmodifiable. */
    public TrainingResult {
        history = List.copyOf(history);
    }

    /**
     * The last epoch's statistics.
     *
     * @return the last entry of {@link #history()}
     * @throws IndexOutOfBoundsException if no epoch was run
     */
    public EpochStats last() {
        return history.get(history.size() - 1);
    }
}
