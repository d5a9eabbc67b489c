package io.github.meprop.nn;

import java.util.List;

/**
 * Outcome of {@link Trainer#train}. Accuracies are reported as the reference code does: the test
 * accuracy of the model at the evaluation point with the best dev accuracy (model selection on dev;
 * the first such point on ties), with the last epoch's test accuracy beside it.
 *
 * @param history            one entry per epoch
 * @param devAccuracy        best dev accuracy (NaN without a dev set)
 * @param bestEpoch          epoch (0-based) of the best dev accuracy (the last epoch without a dev set)
 * @param testAccuracy       test accuracy at bestEpoch (NaN without a test set)
 * @param finalTestAccuracy  test accuracy after the last epoch (NaN without a test set)
 * @param epochs             epochs run
 * @param timings            seconds by phase over the whole run
 * @param hiddenSizes        hidden widths at the end
 * @param parameters         parameter count at the end
 * @param mode               meProp mode(s), e.g. "topk" or "topk,dense" for per-layer policies
 * @param k                  k as given, e.g. "20" or "4%" ("" for dense)
 * @param optimizer          the optimizer's description
 */
public record TrainingResult(List<EpochStats> history, double devAccuracy, int bestEpoch, double testAccuracy,
        double finalTestAccuracy, int epochs, Timings timings, int[] hiddenSizes, long parameters, String mode,
        String k, String optimizer) {

    /** Makes the history unmodifiable. */
    public TrainingResult {
        history = List.copyOf(history);
    }
}
