package io.github.meprop.nn;

/**
 * Code that runs inside the training loop and may change the model, for example meSimp's
 * compressor, which prunes hidden neurons at fixed points of each epoch and resets Adam's moments
 * at cycle starts. Runs on the training thread; its time is reported as {@link Timings#hooks()}.
 */
@FunctionalInterface
public interface TrainingHook {

    /**
     * After each mini-batch's optimizer step (and after {@link TrainingListener#onBatch}).
     *
     * @param ctx the model, optimizer and position in the run
     */
    void afterBatch(TrainingContext ctx);

    /**
     * Before the first batch of each epoch (after the shuffle). Default: nothing.
     *
     * @param ctx the model, optimizer and position in the run (batch 0, loss NaN)
     */
    default void beforeEpoch(TrainingContext ctx) {}
}
