package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Parallelism;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTest {
    private static final Dataset TRAIN = Synthetic.rings("rings-train", 600, 1);
    private static final Dataset DEV = Synthetic.rings("rings-dev", 200, 2);
    private static final Dataset TEST = Synthetic.rings("rings-test", 400, 3);

    private static Model ringsNet(int hidden) {
        return Model.mlp(new int[] {2, hidden, hidden, 3}, Activation.RELU, 17);
    }

    private static final Adam.Spec ADAM = Adam.Spec.reference().withLearningRate(1e-2f);

    private static TrainConfig.Builder quick() {
        return TrainConfig.builder().epochs(3).batchSize(25).optimizer(ADAM).seed(5);
    }

    private static void assertSameWeights(Model a, Model b) {
        assertArrayEquals(a.sizes(), b.sizes());
        for (int l = 0; l < a.depth(); l++) {
            assertArrayEquals(a.dense(l).weights(), b.dense(l).weights(), "W of layer " + l);
            assertArrayEquals(a.dense(l).biases(), b.dense(l).biases(), "b of layer " + l);
        }
    }

    @Test
    void denseTrainingLearnsANonlinearProblem() {
        Model mlp = ringsNet(32);
        TrainingResult r = new Trainer(quick().epochs(30).build()).train(mlp, TRAIN, DEV, TEST);
        assertTrue(r.testAccuracy() >= 0.95, "test accuracy " + r.testAccuracy());
        assertTrue(r.devAccuracy() >= 0.95, "dev accuracy " + r.devAccuracy());
        assertEquals(30, r.history().size());
        assertTrue(r.history().get(29).trainLoss() < r.history().get(0).trainLoss());
    }

    @Test
    void topKTrainingLearnsTooAndModelSelectionUsesDev() {
        Model mlp = ringsNet(64);
        TrainingResult r = new Trainer(quick().epochs(30).selector(new TopKSelector(KSpec.parse("25%"))).optimizer(ADAM.withLazy(true)).build())
                .train(mlp, TRAIN, DEV, TEST);
        assertTrue(r.testAccuracy() >= 0.95, "top-k test accuracy " + r.testAccuracy());
        EpochStats best = r.history().get(r.modelEpoch());
        assertEquals(r.devAccuracy(), best.devAccuracy());
        assertEquals(r.testAccuracy(), best.testAccuracy());
        for (EpochStats s : r.history()) {
            assertTrue(s.devAccuracy() <= r.devAccuracy());
        }
        for (int e = 0; e < r.modelEpoch(); e++) {
            assertTrue(r.history().get(e).devAccuracy() < r.devAccuracy(), "first best on ties");
        }
        assertEquals(r.history().get(29).testAccuracy(), r.finalTestAccuracy());
        assertEquals("topk", r.mode());
        assertEquals("25%", r.k());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void topKWithKEqualToTheWidthEqualsDenseBitForBit(boolean lazy) {
        Model dense = ringsNet(16);
        Model topk = dense.copy();
        Model unified = dense.copy();
        TrainConfig base = quick().optimizer(ADAM.withLazy(lazy)).build();
        TrainingResult rd = new Trainer(base).train(dense, TRAIN, DEV, null);
        TrainingResult rt = new Trainer(base.toBuilder().selector(TopKSelector.of(16)).build()).train(topk, TRAIN, DEV, null);
        TrainingResult ru = new Trainer(base.toBuilder().selector(Selectors.parse("unified:100%")).build())
                .train(unified, TRAIN, DEV, null);
        assertSameWeights(dense, topk);
        assertSameWeights(dense, unified);
        assertEquals(rd.history().get(2).trainLoss(), rt.history().get(2).trainLoss());
        assertEquals(rd.devAccuracy(), ru.devAccuracy());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense", "topk:4", "unified:4", "randomk:4"})
    void oneThreadAndOneSeedAreBitForBitRepeatable(String policy) {
        TrainConfig cfg = quick().selector(Selectors.parse(policy)).optimizer(ADAM.withLazy(policy.startsWith("topk"))).build();
        Model a = ringsNet(16);
        Model b = ringsNet(16);
        TrainingResult ra = new Trainer(cfg).train(a, TRAIN, DEV, TEST);
        TrainingResult rb = new Trainer(cfg).train(b, TRAIN, DEV, TEST);
        assertSameWeights(a, b);
        for (int e = 0; e < 3; e++) {
            assertEquals(ra.history().get(e).trainLoss(), rb.history().get(e).trainLoss());
            assertEquals(ra.history().get(e).devAccuracy(), rb.history().get(e).devAccuracy());
        }
        // A different seed shuffles differently.
        Model c = ringsNet(16);
        new Trainer(cfg.toBuilder().seed(6).build()).train(c, TRAIN, DEV, TEST);
        assertFalse(Arrays.equals(a.dense(0).weights(), c.dense(0).weights()));
    }

    /** The warm-up trains a separate small model: the run's results are the same with and without it. */
    @ParameterizedTest
    @ValueSource(strings = {"dense", "topk:4", "unified:4", "randomk:4"})
    void kernelWarmupDoesNotChangeTheResults(String policy) {
        TrainConfig cfg = quick().epochs(2).selector(Selectors.parse(policy)).optimizer(ADAM.withLazy(policy.startsWith("unified"))).build();
        Model plain = ringsNet(16);
        Model warmed = ringsNet(16);
        TrainingResult rp = new Trainer(cfg).train(plain, TRAIN, DEV, TEST);
        Trainer trainer = new Trainer(cfg).warmup(0.05);
        TrainingResult rw = trainer.train(warmed, TRAIN, DEV, TEST);
        assertSameWeights(plain, warmed);
        assertEquals(rp.history().get(1).trainLoss(), rw.history().get(1).trainLoss());
        assertTrue(trainer.warmupSeconds() >= 0.05, "warm-up ran " + trainer.warmupSeconds() + " s");
        assertTrue(rw.timings().total() >= trainer.warmupSeconds(), "the total includes the warm-up");
        assertTrue(KernelWarmup.run(ringsNet(16), cfg, 0.01) >= 1, "at least one warm-up step");
        assertEquals(0, KernelWarmup.run(ringsNet(16), cfg, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(cfg).warmup(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    /** The linear kernels are bit-exact for any thread count, so training is too. */
    @ParameterizedTest
    @ValueSource(strings = {"dense", "topk:4", "unified:4"})
    void twoThreadsGiveTheSameWeightsAsOne(String policy) {
        Model one = ringsNet(16);
        Model two = ringsNet(16);
        TrainConfig cfg = quick().epochs(2).selector(Selectors.parse(policy)).build();
        new Trainer(cfg).train(one, TRAIN, DEV, null);
        try (Parallelism par = Parallelism.of(2)) {
            new Trainer(cfg.toBuilder().parallelism(par).build()).train(two, TRAIN, DEV, null);
        }
        assertSameWeights(one, two);
    }

    @Test
    void randomKSelectsExactlyKDistinctRowsPerExample() {
        int width = 16;
        int k = 5;
        int[] hits = new int[width];
        AtomicInteger calls = new AtomicInteger();
        new Trainer(quick().epochs(1).selector(Selectors.parse("randomk:" + k)).build())
                .observer((layer, sel, g) -> {
                    calls.incrementAndGet();
                    assertEquals(width, sel.width());
                    for (int r = 0; r < sel.rows(); r++) {
                        assertEquals(k, sel.count(r));
                        int prev = -1;
                        for (int t = 0; t < k; t++) {
                            int j = sel.index()[sel.offsets()[r] + t];
                            assertTrue(j > prev && j < width, "distinct, ascending, in range: " + j + " after " + prev);
                            prev = j;
                            if (layer == 0) {
                                hits[j]++;
                            }
                        }
                    }
                })
                .train(ringsNet(width), TRAIN, null, null);
        assertEquals(2 * 24, calls.get(), "two hidden layers × 24 batches");
        // 600 examples × 5 draws over 16 rows: ≈ 187 each; uniform within a generous band.
        for (int j = 0; j < width; j++) {
            assertTrue(hits[j] > 120 && hits[j] < 260, "row " + j + " selected " + hits[j] + " times");
        }
    }

    @Test
    void kLargerThanALayerIsRejectedNamingLayerAndWidth() {
        Model mlp = Model.mlp(new int[] {2, 16, 8, 3}, Activation.RELU, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(quick().selector(TopKSelector.of(12)).build()).train(mlp, TRAIN, null, null));
        assertTrue(e.getMessage().contains("hidden layer 1") && e.getMessage().contains("width 8"), e.getMessage());
        // A percentage never exceeds the layer, and per-layer policies are checked per layer.
        new Trainer(quick().epochs(1).selectors(List.of(TopKSelector.of(12), TopKSelector.of(8))).build())
                .train(mlp, TRAIN, null, null);
        assertThrows(IllegalArgumentException.class, () -> new Trainer(
                quick().selectors(List.of(TopKSelector.of(1), TopKSelector.of(1), TopKSelector.of(1))).build())
                .train(mlp, TRAIN, null, null));
    }

    @Test
    void nonFiniteLossStopsWithTheEpochAndBatch() {
        Model mlp = ringsNet(8);
        TrainingHook poison = ctx -> {
            if (ctx.epoch() == 1 && ctx.batch() == 6) {
                ctx.model().dense(0).weights()[0] = Float.NaN;
            }
        };
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> new Trainer(quick().build()).hook(poison).train(mlp, TRAIN, DEV, TEST));
        assertEquals(1, e.epoch());
        assertEquals(7, e.batch());
        assertTrue(Double.isNaN(e.loss()));
        assertTrue(e.getMessage().contains("epoch 1, batch 7"), e.getMessage());
    }

    @Test
    void divergingTrainingIsCaughtToo() {
        Model mlp = ringsNet(8);
        for (Parameter p : mlp.parameters()) {
            Arrays.fill(p.values(), 1e18f);
        }
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
                () -> new Trainer(quick().optimizer(new Sgd.Spec(1e30f, 0f, 0f)).build()).train(mlp, TRAIN, null, null));
        assertTrue(e.getMessage().contains("epoch 0"), e.getMessage());
    }

    @Test
    void lazyAdamTouchesOnlySelectedRows() {
        Model mlp = ringsNet(32);
        Model before = mlp.copy();
        boolean[][] selected = new boolean[2][32];
        Trainer trainer = new Trainer(TrainConfig.builder().epochs(1).batchSize(4)
                .selector(TopKSelector.of(2)).optimizer(ADAM.withLazy(true)).build());
        // One step only: a 4-example training set.
        Dataset tiny = TRAIN.slice("tiny", 0, 4);
        trainer.observer((layer, sel, g) -> {
            for (int i = 0; i < sel.selected(); i++) {
                selected[layer][sel.index()[i]] = true;
            }
        }).train(mlp, tiny, null, null);
        for (int l = 0; l < 2; l++) {
            Dense now = mlp.dense(l);
            Dense then = before.dense(l);
            int changedRows = 0;
            for (int j = 0; j < 32; j++) {
                boolean changed = false;
                for (int i = 0; i < now.in(); i++) {
                    changed |= now.weights()[j * now.in() + i] != then.weights()[j * now.in() + i];
                    if (!selected[l][j]) {
                        assertEquals(0f, now.weight().state(0)[j * now.in() + i], "moment of unselected row " + j);
                    }
                }
                assertEquals(selected[l][j], changed, "layer " + l + " row " + j + " selected=" + selected[l][j]);
                changedRows += changed ? 1 : 0;
            }
            assertTrue(changedRows >= 2 && changedRows <= 8, "rows updated: " + changedRows);
            assertFalse(Arrays.equals(now.biases(), then.biases()), "biases are dense");
        }
        // After one step from zero moments dense Adam moves exactly the same rows (zero gradient and
        // zero moments give a zero step), so the two agree...
        Model denseAdam = before.copy();
        TrainConfig.Builder dense = TrainConfig.builder().epochs(1).batchSize(4).optimizer(Adam.Spec.reference().withLearningRate(1e-2f))
                .selector(TopKSelector.of(2));
        new Trainer(dense.build()).train(denseAdam, tiny, null, null);
        assertSameWeights(mlp, denseAdam);
        // ...but from the second step on, dense Adam keeps moving rows on their momentum and lazy
        // Adam does not.
        Dataset two = TRAIN.slice("two", 0, 8);
        Model lazy2 = before.copy();
        Model dense2 = before.copy();
        new Trainer(dense.optimizer(ADAM.withLazy(true)).build()).train(lazy2, two, null, null);
        new Trainer(dense.optimizer(ADAM.withLazy(false)).build()).train(dense2, two, null, null);
        assertFalse(Arrays.equals(lazy2.dense(0).weights(), dense2.dense(0).weights()));
    }

    @Test
    void theTrainerCopesWithAHookThatPrunesNeurons() {
        Model mlp = ringsNet(32);
        List<int[]> seen = new ArrayList<>();
        TrainingHook pruner = ctx -> {
            // Every 8 batches drop the last two neurons of each hidden layer, down to 12.
            if (ctx.batch() % 8 == 7) {
                for (int l = 0; l < ctx.model().depth() - 1; l++) {
                    int w = ctx.model().hiddenSizes()[l];
                    if (w > 12) {
                        int[] keep = new int[w - 2];
                        for (int i = 0; i < keep.length; i++) {
                            keep[i] = i;
                        }
                        ctx.model().keepUnits(l, keep);
                    }
                }
            }
            if (ctx.batch() == 0 && ctx.epoch() == 5) {
                ctx.optimizer().resetState(ctx.model().parameters());
            }
        };
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpoch(EpochStats s) {
                seen.add(s.hiddenSizes());
            }
        };
        TrainingResult r = new Trainer(quick().epochs(8).selector(new TopKSelector(KSpec.parse("25%"))).optimizer(ADAM.withLazy(true)).build())
                .hook(pruner).listener(listener).train(mlp, TRAIN, DEV, TEST);
        assertArrayEquals(new int[] {12, 12}, r.hiddenSizes());
        assertArrayEquals(new int[] {26, 26}, seen.get(0), "three prunes in the first epoch");
        assertEquals(mlp.parameterCount(), r.parameters());
        assertEquals(12 * 2, mlp.dense(0).weight().state(0).length);
        assertEquals(12 * 12, mlp.dense(1).weight().state(1).length);
        assertTrue(r.testAccuracy() > 0.8, "still learns: " + r.testAccuracy());
    }

    @Test
    void listenerSeesEveryBatchAndEpochAndTimingsAddUp() {
        List<String> events = new ArrayList<>();
        AtomicInteger batches = new AtomicInteger();
        TrainingListener l = new TrainingListener() {
            @Override
            public void onStart(int epochs, int batchesPerEpoch, long total) {
                events.add("start " + epochs + " " + batchesPerEpoch + " " + total);
            }

            @Override
            public void onBatch(int epoch, int batch, int per, double loss, double rate) {
                batches.incrementAndGet();
                assertTrue(Double.isFinite(loss) && rate > 0);
            }

            @Override
            public void onEpoch(EpochStats s) {
                events.add("epoch " + s.epoch());
            }

            @Override
            public void onEnd(TrainingResult r) {
                events.add("end");
            }
        };
        // 600 examples in batches of 70: 8 full batches and a last one of 40.
        TrainingResult r = new Trainer(quick().batchSize(70).evalEvery(2).build()).listener(l)
                .train(ringsNet(8), TRAIN, DEV, TEST);
        assertEquals(List.of("start 3 9 27", "epoch 0", "epoch 1", "epoch 2", "end"), events);
        assertEquals(27, batches.get());
        assertTrue(Double.isNaN(r.history().get(0).devAccuracy()), "epoch 0 not evaluated (evalEvery 2)");
        assertFalse(Double.isNaN(r.history().get(1).devAccuracy()));
        assertFalse(Double.isNaN(r.history().get(2).devAccuracy()), "the last epoch is always evaluated");
        Timings t = r.timings();
        assertTrue(t.forward() > 0 && t.backward() > 0 && t.optimizer() > 0 && t.evaluation() > 0);
        assertTrue(t.total() >= t.forward() + t.backward() + t.optimizer() + t.evaluation() - 1e-9);
        assertEquals(t.step(), t.forward() + t.backward() + t.optimizer(), 1e-12);
    }

    @Test
    void withoutDevTheTestAccuracyIsTheFinalOne() {
        TrainingResult r = new Trainer(quick().build()).train(ringsNet(8), TRAIN, null, TEST);
        assertTrue(Double.isNaN(r.devAccuracy()));
        assertEquals(2, r.modelEpoch());
        assertEquals(r.finalTestAccuracy(), r.testAccuracy());
        assertNotEquals(0.0, r.testAccuracy());
    }

    @Test
    void dataThatDoesNotFitTheModelIsRejected() {
        Dataset wide = Synthetic.blobs("wide", 10, 3, 3, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(quick().build()).train(ringsNet(8), wide, null, null));
        assertTrue(e.getMessage().contains("wide") && e.getMessage().contains("3 features"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().epochs(0).build());
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().optimizer(Adam.Spec.reference().withLearningRate(-1)).build());
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().optimizer(ADAM.withClip(-5)).build());
    }
}
