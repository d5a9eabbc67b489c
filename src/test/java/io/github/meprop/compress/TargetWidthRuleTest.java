package io.github.meprop.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.KSpec;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.TopKSelector;
import io.github.meprop.nn.TrainConfig;
import io.github.meprop.nn.Trainer;
import io.github.meprop.nn.TrainingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetWidthRuleTest {

    @Test
    void cubicScheduleFromTheFirstWidthsToTheTarget() {
        assertEquals(100, TargetWidthRule.target(64, new int[] {500, 140}, 0) + 0 * 1, "64 · 500/320 = 100");
        assertEquals(28, TargetWidthRule.target(64, new int[] {500, 140}, 1), "64 · 140/320 = 28");
        // 500 → 100 over 10 points: 100 + 400·(1 − p/10)³, rounded up.
        assertEquals(392, TargetWidthRule.scheduled(500, 100, 1, 10)); // 100 + 400·0.729 = 391.6
        assertEquals(150, TargetWidthRule.scheduled(500, 100, 5, 10)); // 100 + 400·0.125
        assertEquals(101, TargetWidthRule.scheduled(500, 100, 9, 10)); // 100.4
        assertEquals(100, TargetWidthRule.scheduled(500, 100, 10, 10));
        assertEquals(100, TargetWidthRule.scheduled(500, 100, 30, 10));
        assertEquals("target-width", assertThrows(InvalidSettingException.class, () -> new TargetWidthRule(0.5, 3)).setting());
        assertEquals("points", assertThrows(InvalidSettingException.class, () -> new TargetWidthRule(8, 0)).setting());
    }

    @Test
    void removesTheLeastActiveUnitsOnSchedule() {
        Model m = Model.mlp(new int[] {3, 8, 2}, Activation.RELU, 1);
        Activeness a = new Activeness(Activeness.Counting.NONZERO, 8);
        // Hits 5, 1, 7, 0, 3, 3, 9, 2 over one "example" each: the order of activity is 6, 2, 0, 4, 5, 7, 1, 3.
        long[] hits = {5, 1, 7, 0, 3, 3, 9, 2};
        for (int j = 0; j < 8; j++) {
            for (long h = 0; h < hits[j]; h++) {
                a.onSelection(0, io.github.meprop.nn.Selection.ofRows(1, 8, 1, new int[] {j}), null);
            }
        }
        CompressionContext ev = new CompressionContext(a, null, Parallelism.serial());
        TargetWidthRule r = new TargetWidthRule(2, 2);
        // Point 1 of 2: 2 + 6·(1/2)³ = 2.75 → 3 units: 6, 2 and 0.
        assertArrayEquals(new int[] {0, 2, 6}, r.keep(m, 0, ev));
        m.keepUnits(0, new int[] {0, 2, 6});
        // Point 2: the target, 2 units; no counts for the new width → the lowest positions.
        assertArrayEquals(new int[] {0, 1}, r.keep(m, 0, new CompressionContext(new Activeness(), null, Parallelism.serial())));
        m.keepUnits(0, new int[] {0, 1});
        assertNull(r.keep(m, 0, ev), "at the target");
    }

    @Test
    void meSimpReachesTheTargetWidth() {
        Dataset train = ActivenessTest.blobs(600, 12, 4, 1);
        Model mlp = Model.mlp(new int[] {12, 64, 32, 4}, Activation.RELU, 7);
        // 12 batches per epoch, 3 points per epoch, every epoch prunes: 2 epochs = 6 points.
        MeSimp simp = new MeSimp(List.of(new ActivenessRule(0), new TargetWidthRule(12, 6)),
                new PruneSchedule(1, 3, false, false));
        TrainConfig cfg = TrainConfig.builder().epochs(3).batchSize(50)
                .selector(new TopKSelector(KSpec.parse("8"))).build();
        TrainingResult r = simp.attach(new Trainer(cfg)).train(mlp, train, null, null);
        // Mean target 12 of widths 64, 32 (mean 48): 16 and 8.
        assertArrayEquals(new int[] {16, 8}, r.hiddenSizes());
        assertTrue(simp.prunePoints().get(0).after()[0] < 64, "shrinks from the first point");
    }

    @Test
    void accuracyBudgetStopsPruning() {
        MeSimp simp = new MeSimp(List.of(new ActivenessRule(0.1)), PruneSchedule.reference());
        AccuracyBudget b = new AccuracyBudget(simp, 0.5);
        b.onStart(5, 10, 50);
        b.onEpoch(stats(0, 0.950));
        b.onEpoch(stats(1, 0.970));
        b.onEpoch(stats(2, 0.966)); // 0.4 points below the best: within the budget
        assertEquals(-1, simp.stoppedAfterEpoch());
        b.onEpoch(stats(3, 0.964)); // 0.6 points below
        assertEquals(3, simp.stoppedAfterEpoch());
        simp.stopPruning(4);
        assertEquals(3, simp.stoppedAfterEpoch(), "the first stop is kept");
        assertEquals("max-loss", assertThrows(InvalidSettingException.class, () -> new AccuracyBudget(simp, -1)).setting());
    }

    private static io.github.meprop.nn.EpochStats stats(int epoch, double dev) {
        return new io.github.meprop.nn.EpochStats(epoch, 0, 0, dev, 0, 0, io.github.meprop.nn.Timings.ZERO, new int[] {1},
                1, new double[] {1});
    }
}
