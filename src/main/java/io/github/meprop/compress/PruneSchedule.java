package io.github.meprop.compress;

import io.github.meprop.nn.InvalidSettingException;

/**
 * When meSimp prunes during training. Training is divided into cycles of {@code cycleEpochs}
 * epochs (cycle c holds epochs {@code c·cycleEpochs .. (c+1)·cycleEpochs − 1}). In a pruning cycle
 * the model is pruned {@code pointsPerEpoch} times per epoch, after the last mini-batch of each
 * of that many equal slices of the epoch; with {@code alternate}, only the even cycles prune and
 * the odd ones train the fixed, smaller model (the reference: cycles of 5 epochs, 8 points per
 * epoch, epochs 0–4 and 10–14 prune, 5–9 and 15–19 do not).
 *
 * <p>When the optimizer's state is reset is a {@link MomentReset}: {@link MomentReset#CYCLE_START}
 * (the default, what METHOD.md and the paper describe: before the first batch of every cycle after
 * the first), {@link MomentReset#REFERENCE} (what the reference code does: its condition
 * {@code (epoch + 1) % cycle == 0} is checked after every evaluation slice, so the state is reset
 * after each of the {@code pointsPerEpoch} slices of the <em>last</em> epoch of every cycle, 8 times
 * per cycle, in the idle cycles too) or {@link MomentReset#NONE}.
 *
 * @param cycleEpochs    epochs per cycle (≥ 1)
 * @param pointsPerEpoch prune points per epoch in a pruning cycle (≥ 1); if an epoch has fewer
 *                       mini-batches, every mini-batch is a prune point
 * @param alternate      true: only even cycles prune; false: every cycle prunes
 * @param momentReset    when the optimizer's state is reset
 */
public record PruneSchedule(int cycleEpochs, int pointsPerEpoch, boolean alternate, MomentReset momentReset) {

    /** When the optimizer's moments are zeroed (Adam's m and v; the step count is kept). */
    public enum MomentReset {
        /** Never. */
        NONE,
        /** Before the first batch of every cycle after the first (METHOD.md, the paper; the default). */
        CYCLE_START,
        /**
         * After each of the {@code pointsPerEpoch} slices of the last epoch of every cycle, pruning or
         * not (the reference code's {@code (epoch + 1) % cycle == 0}, checked after every slice,
         * before that slice's prune point).
         */
        REFERENCE;

        /**
         * Parses none, cycle-start or reference (setting "moment-reset").
         *
         * @param s the setting's text
         * @return the moment reset it names
         * @throws InvalidSettingException if it names none
         */
        public static MomentReset parse(String s) {
            String t = s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT);
            return switch (t) {
                case "none" -> NONE;
                case "cycle-start" -> CYCLE_START;
                case "reference" -> REFERENCE;
                default -> throw new InvalidSettingException("moment-reset",
                        "must be none, cycle-start or reference, was '" + s + "'");
            };
        }

        /**
         * The name {@link #parse} reads.
         *
         * @return the setting's text for this value
         */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The reference cycle length, 5 epochs. */
    public static final int DEFAULT_CYCLE = 5;
    /** The reference number of prune points per epoch, 8. */
    public static final int DEFAULT_POINTS = 8;

    /** Validates the settings. */
    public PruneSchedule {
        InvalidSettingException.check(cycleEpochs >= 1, "cycle", "(epochs per cycle) must be >= 1", cycleEpochs);
        InvalidSettingException.check(pointsPerEpoch >= 1, "prune-points", "(prune points per epoch) must be >= 1",
                pointsPerEpoch);
        InvalidSettingException.check(momentReset != null, "moment-reset", "must be given", momentReset);
    }

    /**
     * The schedule with moments reset at cycle starts ({@code resetMoments}) or never.
     *
     * @param resetMoments true: {@link MomentReset#CYCLE_START}; false: {@link MomentReset#NONE}
     * @param cycleEpochs    epochs per cycle, ≥ 1
     * @param pointsPerEpoch prune points per epoch, ≥ 1
     * @param alternate      true: only even cycles prune; false: every cycle does
     */
    public PruneSchedule(int cycleEpochs, int pointsPerEpoch, boolean alternate, boolean resetMoments) {
        this(cycleEpochs, pointsPerEpoch, alternate, resetMoments ? MomentReset.CYCLE_START : MomentReset.NONE);
    }

    /**
     * True when the optimizer's state is reset at some point ({@link #momentReset()} is not NONE).
     *
     * @return whether the moments are ever reset
     */
    public boolean resetMoments() {
        return momentReset != MomentReset.NONE;
    }

    /**
     * This schedule with another moment reset.
     *
     * @param reset the moment reset of the new schedule
     * @return a schedule equal to this one but for the moment reset
     */
    public PruneSchedule withMomentReset(MomentReset reset) {
        return new PruneSchedule(cycleEpochs, pointsPerEpoch, alternate, reset);
    }

    /**
     * The reference schedule: cycles of 5 epochs, 8 prune points per epoch, alternating, moments
     * reset at cycle starts.
     *
     * @return the reference schedule
     */
    public static PruneSchedule reference() {
        return new PruneSchedule(DEFAULT_CYCLE, DEFAULT_POINTS, true, MomentReset.CYCLE_START);
    }

    /**
     * The reference schedule with another cycle length.
     *
     * @param cycleEpochs epochs per cycle, ≥ 1
     * @return the schedule
     * @throws io.github.meprop.nn.InvalidSettingException if cycleEpochs is below 1
     */
    public static PruneSchedule withCycle(int cycleEpochs) {
        return new PruneSchedule(cycleEpochs, DEFAULT_POINTS, true, MomentReset.CYCLE_START);
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
     * With {@link MomentReset#CYCLE_START}: true for the first epoch of a cycle other than the first,
     * before whose first batch the moments are reset.
     *
     * @param epoch the epoch, 0-based, ≥ 0
     * @return whether the optimizer's moments are reset before that epoch
     * @throws IllegalArgumentException if epoch is negative
     */
    public boolean resetsMomentsBefore(int epoch) {
        checkEpoch(epoch);
        return momentReset == MomentReset.CYCLE_START && epoch > 0 && epoch % cycleEpochs == 0;
    }

    /**
     * With {@link MomentReset#REFERENCE}: true after mini-batch {@code batch} of {@code epoch} when
     * the epoch is the last of its cycle and the batch ends one of its {@code pointsPerEpoch}
     * slices (the same boundaries as the prune points, pruning or not).
     * @param epoch           the epoch, 0-based
     * @param batch           the mini-batch of the epoch, 0-based
     * @param batchesPerEpoch the mini-batches of an epoch
     * @return whether the optimizer's moments are reset after that mini-batch
     */
    public boolean resetsMomentsAfter(int epoch, int batch, int batchesPerEpoch) {
        checkBatch(batch, batchesPerEpoch);
        checkEpoch(epoch);
        return momentReset == MomentReset.REFERENCE && (epoch + 1) % cycleEpochs == 0
                && endsSlice(batch, batchesPerEpoch);
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
        checkBatch(batch, batchesPerEpoch);
        return prunes(epoch) && endsSlice(batch, batchesPerEpoch);
    }

    private boolean endsSlice(int batch, int batchesPerEpoch) {
        long p = pointsPerEpoch;
        return (batch + 1L) * p / batchesPerEpoch > batch * p / batchesPerEpoch;
    }

    private static void checkBatch(int batch, int batchesPerEpoch) {
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("batchesPerEpoch must be >= 1, was " + batchesPerEpoch);
        }
        if (batch < 0 || batch >= batchesPerEpoch) {
            throw new IllegalArgumentException("batch must be in 0.." + (batchesPerEpoch - 1) + ", was " + batch);
        }
    }

    private static void checkEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, was " + epoch);
        }
    }
}
