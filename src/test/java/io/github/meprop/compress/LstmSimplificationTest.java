package io.github.meprop.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Adam;
import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Lstm;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.Selection;
import io.github.meprop.nn.Selectors;
import io.github.meprop.nn.TrainConfig;
import io.github.meprop.nn.Trainer;
import io.github.meprop.nn.TrainingResult;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * meSimp on an LSTM: activeness per hidden unit from selections of the 4H gate gradients (a unit
 * scores once per example and step if any of its gates was kept), the prune-rate check in units,
 * pruning during training, and the rules that do not apply (dead units) leaving LSTM units alone.
 */
class LstmSimplificationTest {

    @Test
    void gateSelectionsCountOncePerUnitAndRow() {
        Activeness a = new Activeness(Activeness.Counting.SELECTED, 3); // 3 units, selections of width 12
        // Row 0 keeps gates of unit 0 only (positions 0, 3, 6); row 1 keeps unit 1 (1) and unit 2 (5, 11).
        Selection s = Selection.ofRows(2, 12, 3, new int[] {0, 3, 6, 1, 5, 11});
        a.onSelection(0, s, null);
        assertArrayEquals(new long[] {1, 1, 1}, a.hits(0));
        assertEquals(2, a.seen(0));
        // A shared set: positions 2 and 8 both belong to unit 2.
        a.onSelection(0, Selection.ofShared(4, 12, 2, new int[] {2, 8}), null);
        assertArrayEquals(new long[] {1, 1, 5}, a.hits(0));
        assertEquals(6, a.seen(0));
        // Everything kept: every unit once per row.
        a.onSelection(0, Selection.all(3, 12), null);
        assertArrayEquals(new long[] {4, 4, 8}, a.hits(0));
        assertEquals(9, a.seen(0));
        assertEquals(3, a.width(0));
    }

    @Test
    void nonzeroCountingNeedsOneKeptGateWithAGradient() {
        Activeness a = new Activeness(Activeness.Counting.NONZERO, 2); // 2 units, width 8: p belongs to unit p mod 2
        float[] g = new float[16];
        g[5] = 0.5f; // row 0, unit 1
        g[8 + 2] = -1f; // row 1, unit 0
        // Row 0 keeps 0 and 4 (unit 0, both zero); row 1 keeps 2 (unit 0, non-zero) and 3 (unit 1, zero).
        a.onSelection(0, Selection.ofRows(2, 8, 2, new int[] {0, 4, 2, 3}), g);
        assertArrayEquals(new long[] {1, 0}, a.hits(0));
        // Row 0 keeps 4 (zero) and 5 (unit 1, non-zero).
        a.onSelection(0, Selection.ofRows(2, 8, 2, new int[] {4, 5, 2, 3}), g);
        assertArrayEquals(new long[] {2, 1}, a.hits(0));
        // All entries: a unit counts when any of its gates is non-zero (row 0: unit 1, row 1: unit 0).
        a.onSelection(0, Selection.all(2, 8), g);
        assertArrayEquals(new long[] {3, 2}, a.hits(0));
        assertEquals(6, a.seen(0));
    }

    @Test
    void aWidthThatIsNotAMultipleIsStillAnError() {
        Activeness a = new Activeness(Activeness.Counting.SELECTED, 3);
        assertThrows(IllegalStateException.class, () -> a.onSelection(0, Selection.all(1, 10), null));
    }

    /** Sequences whose class is the sign pattern of the first two steps, then noise. */
    static Dataset memoryTask(int n, int steps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * steps * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(4);
            y[i] = c;
            for (int t = 0; t < steps; t++) {
                x[(i * steps + t) * 2] = (float) (0.3 * r.nextGaussian());
                x[(i * steps + t) * 2 + 1] = (float) (0.3 * r.nextGaussian());
            }
            x[i * steps * 2] = (c & 1) == 0 ? -1f : 1f;
            x[(i * steps + 1) * 2] = (c & 2) == 0 ? -1f : 1f;
        }
        return new Dataset("memory", x, y, n, steps * 2, 4);
    }

    private static TrainConfig.Builder config(String mode) {
        return TrainConfig.builder().epochs(4).batchSize(20).seed(4).dropout(0f)
                .optimizer(Adam.Spec.reference().withLearningRate(0.01f)).selector(Selectors.parse(mode));
    }

    @Test
    void meSimpPrunesLstmUnitsDuringTrainingAndTheModelStillWorks() {
        int steps = 6;
        Dataset train = memoryTask(400, steps, 1);
        Dataset test = memoryTask(200, steps, 2);
        Model m = Model.lstm(steps, 2, 32, 4, 3);
        MeSimp simp = new MeSimp(List.of(new ActivenessRule(0.05)), new PruneSchedule(2, 2, true, true));
        Trainer trainer = simp.attach(new Trainer(config("topk:8").build()));
        TrainingResult r = trainer.train(m, train, null, test);
        Lstm l = (Lstm) m.layer(0);
        assertTrue(l.units() < 32, "pruned some of 32 units, kept " + l.units());
        assertEquals(l.units(), m.dense(1).in());
        assertArrayEquals(new int[] {4 * l.units(), l.units()}, l.weightHh().shape());
        assertArrayEquals(new int[] {l.units()}, r.hiddenSizes());
        // Activeness counted (example, step) pairs: 10 batches of 20 examples × 6 steps at the first point.
        assertArrayEquals(new long[] {10 * 20 * steps}, simp.prunePoints().get(0).seen());
        assertTrue(r.testAccuracy() >= 0.9, "test accuracy " + r.testAccuracy());
    }

    /**
     * The prune fraction is compared with the units' best-case rate k/units (k of the 4·units gate
     * entries), also for a k given as a percentage of the gate width.
     */
    @Test
    void pruneRateCheckCountsKInGateEntriesPerUnit() {
        Dataset train = memoryTask(40, 4, 1);
        // k = 12.5% of 4·16 = 8 entries: at most 8 of 16 units per row, rate 0.5.
        for (double prune : new double[] {0.2, 0.45}) {
            Model m = Model.lstm(4, 2, 16, 4, 1);
            MeSimp ok = new MeSimp(List.of(new ActivenessRule(prune)), new PruneSchedule(2, 1, true, true));
            ok.attach(new Trainer(config("topk:12.5%").epochs(1).build())).train(m, train, null, null);
        }
        Model m = Model.lstm(4, 2, 16, 4, 1);
        MeSimp refused = new MeSimp(List.of(new ActivenessRule(0.5)), new PruneSchedule(2, 1, true, true));
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> refused.attach(new Trainer(config("topk:12.5%").epochs(1).build())).train(m, train, null, null));
        assertEquals("prune", e.setting());
    }

    @Test
    void deadUnitRemovalLeavesLstmUnitsAlone() {
        Model m = Model.lstm(3, 2, 5, 4, 1);
        // Make unit 0's output exactly 0 on every input: its output gate closed (σ(-200) = 0).
        Lstm l = (Lstm) m.layer(0);
        l.biasIh().values()[3 * 5] = -200f;
        Dataset data = memoryTask(30, 3, 5);
        long[][] counts = DeadNeurons.activeCounts(m, data, Parallelism.serial(), 10);
        assertEquals(0, counts[0][0], "unit 0's last output is 0");
        assertArrayEquals(new int[] {0}, DeadNeurons.drop(m, data, Parallelism.serial(), 10));
        assertEquals(5, l.units());
        CompressionContext evidence = new CompressionContext(new Activeness(), data, Parallelism.serial());
        assertNull(new DeadUnitRule(0).keep(m, 0, evidence));
    }
}
