package io.github.meprop.nn;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Parallelism;

/**
 * What a {@link TrainingHook} sees, and may change: the model and its optimizer. After a hook
 * returns, the trainer re-reads the model's shape (hidden widths may have shrunk) and resizes its
 * buffers; the optimizer state lives in the parameters and shrinks with them.
 *
 * @param model           the model being trained (mutable: the hook may prune it)
 * @param optimizer       the optimizer (e.g. {@link Optimizer#resetState})
 * @param train           the training set (e.g. for a compression rule that needs a data pass)
 * @param parallelism     the run's threads
 * @param epoch           epoch index, 0-based
 * @param batch           index within the epoch (0-based) of the batch just trained; 0 in
 *                        {@link TrainingHook#beforeEpoch}
 * @param batchesPerEpoch mini-batches per epoch
 * @param step            optimizer steps taken so far in the run
 * @param loss            the batch's mean loss (NaN in {@link TrainingHook#beforeEpoch})
 */
public record TrainingContext(Model model, Optimizer optimizer, Dataset train, Parallelism parallelism, int epoch,
        int batch, int batchesPerEpoch, long step, double loss) {

    /**
     * Fraction of the epoch done after this batch, in (0, 1].
     *
     * @return {@code (batch + 1) / batchesPerEpoch}
     */
    public double epochProgress() {
        return (batch + 1) / (double) batchesPerEpoch;
    }
}
