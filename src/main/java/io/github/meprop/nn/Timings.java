package io.github.meprop.nn;

/**
 * Wall-clock seconds spent in each phase of training.
 *
 * @param forward    forward passes of the training batches, including the gathering of the batch
 *                   and the fused softmax + cross-entropy
 * @param backward   backward passes: clearing the gradients, activation backward, selection (top-k,
 *                   unified or random), selection observers, and the linear backward kernels
 * @param optimizer  optimizer updates
 * @param hooks      time spent in {@link TrainingHook}s (for example meSimp's pruning)
 * @param evaluation dev and test accuracy
 * @param total      the whole run (the phases plus bookkeeping such as shuffling and listeners)
 */
public record Timings(double forward, double backward, double optimizer, double hooks, double evaluation,
        double total) {

    /** All zero. */
    public static final Timings ZERO = new Timings(0, 0, 0, 0, 0, 0);

    /**
     * forward + backward + optimizer: the training step itself.
     *
     * @return the seconds of the training step proper
     */
    public double step() {
        return forward + backward + optimizer;
    }

    /**
     * Element-wise sum.
     *
     * @param o the timings to add
     * @return new timings holding the sums
     */
    public Timings plus(Timings o) {
        return new Timings(forward + o.forward, backward + o.backward, optimizer + o.optimizer, hooks + o.hooks,
                evaluation + o.evaluation, total + o.total);
    }
}
