package io.github.meprop.nn;

/**
 * Training stopped because a mini-batch's loss was NaN or infinite (the model diverged, typically
 * a learning rate too large without gradient clipping). The model is left as it was after the
 * previous step's update; the trainer saves nothing, so no file is corrupted.
 */
public final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Epoch index of the failing step, 0-based. */
    private final int epoch;
    /** Batch index of the failing step within its epoch, 0-based. */
    private final int batch;
    /** The non-finite loss (NaN or ±∞). */
    private final double loss;

    /**
     * An exception for a non-finite loss at the given step.
     *
     * @param epoch           epoch index, 0-based
     * @param batch           batch index within the epoch, 0-based
     * @param batchesPerEpoch for the message
     * @param loss            the offending loss
     */
    public NonFiniteLossException(int epoch, int batch, int batchesPerEpoch, double loss) {
        super("non-finite training loss (" + loss + ") at epoch " + epoch + ", batch " + batch + " (0-based; "
                + batchesPerEpoch + " batches per epoch): the model diverged; try a smaller learning rate or"
                + " gradient clipping");
        this.epoch = epoch;
        this.batch = batch;
        this.loss = loss;
    }

    /**
     * Epoch index, 0-based.
     *
     * @return the epoch index, 0-based
     */
    public int epoch() {
        return epoch;
    }

    /**
     * Batch index within the epoch, 0-based.
     *
     * @return the batch index within the epoch, 0-based
     */
    public int batch() {
        return batch;
    }

    /**
     * The loss (NaN or ±∞).
     *
     * @return the non-finite loss
     */
    public double loss() {
        return loss;
    }
}
