package io.github.meprop.compress;

import io.github.meprop.nn.InvalidSettingException;

/**
 * When meSimp prunes during training. Training is divided into cycles of {@code cycleEpochs}
 * epochs (cycle c holds epochs {@code c·cycleEpochs .. (c+1)·cycleEpochs − 1}). In a pruning cycle
 * the model is pruned {@code pointsPerEpoch} times per epoch, after the last mini-batch of each
 * of that many equal slices of the epoch; with {@code alternate}, only the even cycles prune and
 * the odd ones train the fixed, smaller model (the reference: cycles of 5 epochs, 8 points per
 * epoch, epochs 0–4 and 10–14 prune, 5–9 and 15–19 do not). With {@code resetMoments} the
 * optimizer's moments are zeroed at the start of every cycle after the first.
 *
 * <p>The reference code calls its optimizer reset after every slice of the last epoch of each
 * cycle (its condition is {@code (epoch + 1) % cycle == 0}); METHOD.md and the paper describe a
 * reset at cycle starts, which is what this schedule does.
 *
 * @param cycleEpochs    epochs per cycle (≥ 1)
 * @param pointsPerEpoch prune points per epoch in a pruning cycle (≥ 1); if an epoch has fewer
 *                       mini-batches, every mini-batch is a prune point
 * @param alternate      true: only even cycles prune; false: every cycle prunes
 * @param resetMoments   zero the optimizer's moments at the start of each cycle after the first
 */
public record PruneSchedule(int cycleEpochs, int pointsPerEpoch, boolean alternate, boolean resetMoments) {

    /** The reference cycle length, 5 epochs. */
    public static final int DEFAULT_CYCLE = 5;
    /** The reference number of prune points per epoch, 8. */
    public static final int DEFAULT_POINTS = 8;

    /** Validates the settings. */
    public PruneSchedule {
        InvalidSettingException.check(cycleEpochs >= 1, "cycle", "(epochs per cycle) must be >= 1", cycleEpochs);
        InvalidSettingException.check(pointsPerEpoch >= 1, "prune-points", "(prune points per epoch) must be >= 1",
                pointsPerEpoch);
    }

    /**
     * The reference schedule: cycles of 5 epochs, 8 prune points per epoch, alternating, moments reset.
     *
     * @return the reference schedule
     */
    public static PruneSchedule reference() {
        return new PruneSchedule(DEFAULT_CYCLE, DEFAULT_POINTS, true, true);
    }

    /**
     * The reference schedule with another cycle length.
     *
     * @param cycleEpochs epochs per cycle, ≥ 1
     * @return the schedule
     * @throws io.github.meprop.nn.InvalidSettingException if cycleEpochs is below 1
     */
    public static PruneSchedule withCycle(int cycleEpochs) {
        return new PruneSchedule(cycleEpochs, DEFAULT_POINTS, true, true);
    }

    /**
     * The cycle (0-based) that epoch (0-based) belongs to.
     *
     * @param epoch the epoch, 0-based, ≥ 0
     * @return the cycle, 0-based
     * @throws IllegalArgumentException if epoch is negative
     */
    public int cycle(int epoch) {
        checkEpoch(epoch);
        return epoch / cycleEpochs;
    }

    /**
     * True when the epoch's cycle prunes.
     *
     * @param epoch the epoch, 0-based, ≥ 0
     * @return whether the model is pruned during that epoch
     * @throws IllegalArgumentException if epoch is negative
     */
    public boolean prunes(int epoch) {
        return !alternate || cycle(epoch) % 2 == 0;
    }

    /**
     * True for the first epoch of a cycle other than the first: where the moments are reset.
     *
     * @param epoch the epoch, 0-based, ≥ 0
     * @return whether the optimizer's moments are reset before that epoch
     * @throws IllegalArgumentException if epoch is negative
     */
    public boolean resetsMomentsBefore(int epoch) {
        checkEpoch(epoch);
        return resetMoments && epoch > 0 && epoch % cycleEpochs == 0;
    }

    /**
     * True when the model is pruned after mini-batch {@code batch} (0-based) of {@code epoch}:
     * the epoch prunes and a slice boundary {@code s·batchesPerEpoch/pointsPerEpoch} (s = 1..points)
     * falls in {@code (batch, batch + 1]}. With P ≤ B that is exactly P points per epoch, the last
     * after the epoch's last mini-batch.
     *
     * @param epoch the epoch, 0-based, ≥ 0
     * @param batch the mini-batch just trained, in 0..batchesPerEpoch-1
     * @param batchesPerEpoch mini-batches per epoch, ≥ 1
     * @return whether to prune now
     * @throws IllegalArgumentException if an argument is out of range
     */
    public boolean isPrunePoint(int epoch, int batch, int batchesPerEpoch) {
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("batchesPerEpoch must be >= 1, was " + batchesPerEpoch);
        }
        if (batch < 0 || batch >= batchesPerEpoch) {
            throw new IllegalArgumentException("batch must be in 0.." + (batchesPerEpoch - 1) + ", was " + batch);
        }
        if (!prunes(epoch)) {
            return false;
        }
        long p = pointsPerEpoch;
        return (batch + 1L) * p / batchesPerEpoch > batch * p / batchesPerEpoch;
    }

    private static void checkEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, was " + epoch);
        }
    }
}
