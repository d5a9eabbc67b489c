package io.github.meprop.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.data.Dataset;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.DenseSelector;
import io.github.meprop.nn.KSpec;
import io.github.meprop.nn.Selectors;
import io.github.meprop.nn.TopKSelector;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.TrainConfig;
import io.github.meprop.nn.Trainer;
import io.github.meprop.nn.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeSimpTest {
    private static final Dataset TRAIN = ActivenessTest.blobs(600, 12, 4, 1);
    private static final Dataset TEST = ActivenessTest.blobs(300, 12, 4, 2);

    @Test
    void trainingWithMeSimpShrinksTheModelOnScheduleAndKeepsLearning() {
        Model mlp = Model.mlp(new int[] {12, 64, 64, 4}, Activation.RELU, 7);
        // 600 examples in batches of 50: 12 batches per epoch; cycles of 2 epochs, 3 points per epoch.
        MeSimp simp = new MeSimp(List.of(new ActivenessRule(0.1)), new PruneSchedule(2, 3, true, true));
        List<PrunePoint> reported = new ArrayList<>();
        simp.onPrune(reported::add);
        TrainConfig cfg = TrainConfig.builder().epochs(6).batchSize(50).selector(new TopKSelector(KSpec.parse(String.valueOf(8)))).build();
        Trainer trainer = simp.attach(new Trainer(cfg));
        TrainingResult r = trainer.train(mlp, TRAIN, null, TEST);

        // Epochs 0, 1 and 4, 5 prune (3 points each); 2, 3 do not.
        List<PrunePoint> points = simp.prunePoints();
        assertEquals(12, points.size());
        assertEquals(points, reported);
        int[] epochs = points.stream().mapToInt(PrunePoint::epoch).toArray();
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 4, 4, 4, 5, 5, 5}, epochs);
        assertArrayEquals(new int[] {3, 7, 11}, points.subList(0, 3).stream().mapToInt(PrunePoint::batch).toArray());
        assertEquals(2, simp.momentResets(), "before epochs 2 and 4");

        // The sizes chain from one point to the next and end where the model is.
        int[] sizes = {64, 64};
        for (PrunePoint p : points) {
            assertArrayEquals(sizes, p.before());
            for (int l = 0; l < 2; l++) {
                assertEquals(p.before()[l] - p.dropped()[l] - p.merged()[l], p.after()[l]);
            }
            sizes = p.after();
        }
        assertArrayEquals(sizes, mlp.hiddenSizes());
        assertArrayEquals(sizes, r.hiddenSizes());
        // The first point counted 4 batches of 50 examples per layer, the second 4 more.
        assertArrayEquals(new long[] {200, 200}, points.get(0).seen());
        // Points 6.. count from the last point of epoch 1 through the idle epochs 2-3.
        assertArrayEquals(new long[] {1400, 1400}, points.get(6).seen());

        int[] h = mlp.hiddenSizes();
        assertTrue(h[0] < 64 && h[1] < 64, "the model shrank: " + java.util.Arrays.toString(h));
        assertTrue(h[0] >= 1 && h[1] >= 1);
        assertEquals(mlp.parameterCount(), r.parameters());
        assertTrue(r.finalTestAccuracy() > 0.9, "still learns: " + r.finalTestAccuracy());
    }

    @Test
    void mergingAtPrunePointsRemovesPlantedDuplicates() {
        Model mlp = Model.mlp(new int[] {12, 30, 20, 4}, Activation.RELU, 9);
        // Neurons 10..19 of hidden layer 0 start as copies of 0..9 (scaled by 2).
        float[] w = mlp.dense(0).weights();
        for (int j = 10; j < 20; j++) {
            for (int i = 0; i < 12; i++) {
                w[j * 12 + i] = 2 * w[(j - 10) * 12 + i];
            }
        }
        // prune 0: the rule removes nothing, only merging acts.
        MeSimp simp = new MeSimp(List.of(new ActivenessRule(0), new Merger(0.9999)), new PruneSchedule(1, 1, false, false));
        TrainConfig cfg = TrainConfig.builder().epochs(1).batchSize(600).selector(new TopKSelector(KSpec.parse(String.valueOf(20)))).build();
        simp.attach(new Trainer(cfg)).train(mlp, TRAIN, null, null);
        PrunePoint p = simp.prunePoints().get(0);
        // After one Adam step the copies are no longer exact multiples, but still within 1e-4 in cosine.
        assertArrayEquals(new int[] {0, 0}, p.dropped());
        assertEquals(10, p.merged()[0]);
        assertEquals(20, mlp.hiddenSizes()[0]);
    }

    @Test
    void withoutSparseSelectionsNothingIsPruned() {
        Model mlp = Model.mlp(new int[] {12, 16, 4}, Activation.RELU, 3);
        MeSimp simp = new MeSimp(List.of(new ActivenessRule(0.5)), new PruneSchedule(1, 2, false, true));
        TrainConfig cfg = TrainConfig.builder().epochs(1).batchSize(100).selector(DenseSelector.INSTANCE).build();
        simp.attach(new Trainer(cfg)).train(mlp, TRAIN, null, null);
        assertEquals(2, simp.prunePoints().size());
        assertArrayEquals(new long[] {0}, simp.prunePoints().get(0).seen());
        assertArrayEquals(new int[] {16}, mlp.hiddenSizes());
    }

    @Test
    void aPruneFractionAtOrAboveTheSelectionRateIsRefusedWithTheNumbers() {
        // top-4 of 64 units: the mean unit is selected in 4/64 = 6.25% of the examples.
        Model mlp = Model.mlp(new int[] {12, 64, 64, 4}, Activation.RELU, 7);
        MeSimp simp = new MeSimp(List.of(new ActivenessRule(0.1)), new PruneSchedule(1, 2, false, true));
        TrainConfig cfg = TrainConfig.builder().epochs(1).batchSize(50).selector(TopKSelector.of(4)).build();
        io.github.meprop.nn.InvalidSettingException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.meprop.nn.InvalidSettingException.class,
                () -> simp.attach(new Trainer(cfg)).train(mlp, TRAIN, null, TEST));
        assertEquals("prune", e.setting());
        assertTrue(e.getMessage().contains("0.1") && e.getMessage().contains("0.0625")
                && e.getMessage().contains("hidden layer 0"), e.getMessage());
        assertArrayEquals(new int[] {64, 64}, mlp.hiddenSizes(), "nothing was trained or pruned");
        // Below the rate it runs.
        MeSimp ok = new MeSimp(List.of(new ActivenessRule(0.05)), new PruneSchedule(1, 2, false, true));
        ok.attach(new Trainer(cfg)).train(Model.mlp(new int[] {12, 64, 64, 4}, Activation.RELU, 7), TRAIN, null, TEST);
        assertEquals(2, ok.prunePoints().size());
    }
}
