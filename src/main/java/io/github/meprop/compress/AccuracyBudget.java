package io.github.meprop.compress;

import io.github.meprop.nn.EpochStats;
import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.TrainingListener;
import java.util.Objects;

/**
 * A brake on meSimp: after each evaluation it compares the dev accuracy with the best one seen so
 * far in the run, and when it has fallen more than {@code points} percentage points below, it stops
 * pruning ({@link MeSimp#stopPruning}); the model then trains on at the size it has (and
 * keep-best returns its best dev epoch at that size). The reference is the run's own best dev
 * accuracy, so a drop right after a prune point is what stops it; early in training, when dev
 * accuracy still rises, it rarely acts. A heuristic, not a guarantee about the final model: the
 * prune that caused the drop is not undone. Install it as (or beside) the trainer's listener.
 */
public final class AccuracyBudget implements TrainingListener {
    private final MeSimp mesimp;
    private final double points;
    private double best = Double.NEGATIVE_INFINITY;

    /**
     * A budget of {@code points} percentage points below the best dev accuracy of the run.
     *
     * @param mesimp the compressor to stop
     * @param points the largest tolerated drop below the best dev accuracy, in percentage points,
     *               ≥ 0 (setting "max-loss")
     */
    public AccuracyBudget(MeSimp mesimp, double points) {
        this.mesimp = Objects.requireNonNull(mesimp, "mesimp");
        InvalidSettingException.check(points >= 0 && Double.isFinite(points), "max-loss",
                "(percentage points of dev accuracy) must be finite and >= 0", points);
        this.points = points;
    }

    @Override
    public void onStart(int epochs, int batchesPerEpoch, long totalBatches) {
        best = Double.NEGATIVE_INFINITY;
    }

    @Override
    public void onEpoch(EpochStats stats) {
        double dev = stats.devAccuracy();
        if (Double.isNaN(dev)) {
            return;
        }
        if (dev < best - points / 100) {
            mesimp.stopPruning(stats.epoch());
        }
        best = Math.max(best, dev);
    }
}
