package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.data.Dataset;
import org.junit.jupiter.api.Test;

/**
 * What the trainer returns is what it reports: keep-best restores the best dev weights, early
 * stopping and stop requests end a run with a result, and a change of shape restarts the best.
 */
class ModelSelectionTest {
    private static final Dataset TRAIN = Synthetic.rings("rings-train", 400, 1);
    private static final Dataset DEV = Synthetic.rings("rings-dev", 200, 2);
    private static final Dataset TEST = Synthetic.rings("rings-test", 300, 3);

    private static TrainConfig.Builder config() {
        return TrainConfig.builder().epochs(12).batchSize(25).seed(3)
                .optimizer(Adam.Spec.reference().withLearningRate(3e-2f)).selector(TopKSelector.of(6));
    }

    private static Model net() {
        return Model.mlp(new int[] {2, 24, 24, 3}, Activation.RELU, 9);
    }

    @Test
    void keepBestReturnsTheWeightsItReports() {
        Model m = net();
        TrainingResult r = new Trainer(config().build()).train(m, TRAIN, DEV, TEST);
        EpochStats best = r.history().get(r.modelEpoch());
        for (EpochStats s : r.history()) {
            assertTrue(s.devAccuracy() <= best.devAccuracy());
        }
        // The model in hand scores exactly what the result says.
        assertEquals(r.devAccuracy(), m.accuracy(DEV));
        assertEquals(r.testAccuracy(), m.accuracy(TEST));
        assertEquals(best.testAccuracy(), r.testAccuracy());
        assertEquals(r.history().get(11).testAccuracy(), r.finalTestAccuracy());
        assertArrayEquals(m.hiddenSizes(), r.hiddenSizes());
        assertEquals(m.parameterCount(), r.parameters());

        Model last = net();
        TrainingResult rl = new Trainer(config().keepBest(false).build()).train(last, TRAIN, DEV, TEST);
        assertEquals(11, rl.modelEpoch());
        assertEquals(rl.finalTestAccuracy(), rl.testAccuracy());
        assertEquals(rl.testAccuracy(), last.accuracy(TEST));
        if (r.modelEpoch() != 11) {
            assertFalse(java.util.Arrays.equals(m.dense(0).weights(), last.dense(0).weights()));
        }
    }

    @Test
    void earlyStoppingEndsAfterPatienceEvaluationsWithoutImprovement() {
        Model m = net();
        TrainingResult r = new Trainer(config().epochs(40).earlyStopping(EarlyStopping.onAccuracy(2)).build())
                .train(m, TRAIN, DEV, TEST);
        assertTrue(r.stoppedEarly(), "40 epochs on rings with patience 2 should stop early");
        int last = r.epochs() - 1;
        assertEquals(r.modelEpoch() + 2, last, "stopped two evaluations after the best");
        assertEquals(r.devAccuracy(), m.accuracy(DEV));

        TrainingResult byLoss = new Trainer(config().epochs(40)
                .earlyStopping(new EarlyStopping(3, EarlyStopping.Monitor.LOSS)).build()).train(net(), TRAIN, DEV, TEST);
        EpochStats best = byLoss.history().get(byLoss.modelEpoch());
        for (EpochStats s : byLoss.history()) {
            assertTrue(s.devLoss() >= best.devLoss());
        }
        assertThrows(InvalidSettingException.class, () -> EarlyStopping.onAccuracy(0));
    }

    @Test
    void aListenerCanStopTheRunAndStillGetsTheResult() {
        Trainer trainer = new Trainer(config().build());
        TrainingResult[] seen = new TrainingResult[1];
        trainer.listener(new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, double loss, double rate) {
                if (epoch == 2 && batch == 5) {
                    trainer.stop();
                }
            }

            @Override
            public void onEnd(TrainingResult result) {
                seen[0] = result;
            }
        });
        Model m = net();
        TrainingResult r = trainer.train(m, TRAIN, DEV, TEST);
        assertEquals(3, r.epochs(), "epoch 2 was cut short and evaluated");
        assertTrue(r.stoppedEarly());
        assertEquals(r, seen[0]);
        assertEquals(r.testAccuracy(), m.accuracy(TEST));
        // The next run (without that listener) starts afresh.
        assertEquals(12, trainer.listener(null).train(net(), TRAIN, DEV, TEST).epochs());
    }

    @Test
    void aChangeOfShapeRestartsTheBestSoTheReturnedModelIsTheFinalShape() {
        Model m = net();
        TrainingHook shrink = new TrainingHook() {
            @Override
            public void afterBatch(TrainingContext ctx) {}

            @Override
            public void beforeEpoch(TrainingContext ctx) {
                if (ctx.epoch() == 9) {
                    int[] keep = new int[12];
                    for (int i = 0; i < keep.length; i++) {
                        keep[i] = 2 * i;
                    }
                    ctx.model().keepUnits(0, keep);
                }
            }
        };
        TrainingResult r = new Trainer(config().build()).hook(shrink).train(m, TRAIN, DEV, TEST);
        assertTrue(r.modelEpoch() >= 9, "the best is from the final shape, was epoch " + r.modelEpoch());
        assertArrayEquals(new int[] {12, 24}, r.hiddenSizes());
        assertArrayEquals(new int[] {12, 24}, m.hiddenSizes());
        assertEquals(r.testAccuracy(), m.accuracy(TEST));
    }
}
