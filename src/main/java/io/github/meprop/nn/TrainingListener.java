package io.github.meprop.nn;

/**
 * Progress reports of a training run (all methods default to nothing). Called on the training
 * thread; keep them cheap (onBatch runs every mini-batch). Listeners only observe: use a
 * {@link TrainingHook} to change the model; to end a run early, call {@link Trainer#stop()}.
 */
public interface TrainingListener {

    /**
     * Before the first batch.
     *
     * @param epochs number of epochs configured
     * @param batchesPerEpoch mini-batches per epoch
     * @param totalBatches mini-batches of the whole run if it is not stopped early
     */
    default void onStart(int epochs, int batchesPerEpoch, long totalBatches) {}

    /**
     * After each mini-batch.
     *
     * @param epoch             0-based
     * @param batch             0-based within the epoch
     * @param batchesPerEpoch   mini-batches per epoch
     * @param loss              the batch's mean loss
     * @param examplesPerSecond training throughput so far in this run (evaluation excluded)
     */
    default void onBatch(int epoch, int batch, int batchesPerEpoch, double loss, double examplesPerSecond) {}

    /**
     * After each epoch (and its evaluation).
     *
     * @param stats the epoch's statistics (loss, accuracies, timings, mean k)
     */
    default void onEpoch(EpochStats stats) {}

    /**
     * After the last epoch.
     *
     * @param result the outcome of the run
     */
    default void onEnd(TrainingResult result) {}
}
