package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Parallelism;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Sgd} with momentum: the recurrence, dense updates under sparse gradients, reset, config checks. */
class SgdMomentumTest {
    private static final Parallelism SERIAL = Parallelism.serial();

    /** Two steps of top-k backward: every weight follows v = μ·v + g, w −= lr·v, touched or not. */
    @Test
    void followsTheRecurrenceOnEveryRow() {
        Mlp mlp = Mlp.create(new int[] {5, 8, 6, 3}, Activation.RELU, 3);
        Dataset[] batches = {Synthetic.blobs("m1", 4, 5, 3, 1.0, 9), Synthetic.blobs("m2", 4, 5, 3, 1.0, 10)};
        Backprop bp = new Backprop(mlp, 1);
        Sgd sgd = new Sgd(0.1f, 0f, 0.9f);
        int params = 0;
        for (Dense d : mlp.layers()) {
            params += d.weights().length;
        }
        float[][] w0 = new float[mlp.depth()][];
        float[][] v = new float[mlp.depth()][];
        for (int l = 0; l < mlp.depth(); l++) {
            w0[l] = mlp.layer(l).weights().clone();
            v[l] = new float[w0[l].length];
        }
        int untouchedMoved = 0;
        for (int step = 0; step < 2; step++) {
            Dataset data = batches[step];
            bp.forward(SERIAL, data.x(), data.y(), 0, data.size());
            bp.backward(SERIAL, List.of(MeProp.topK(1)), null);
            for (int l = 0; l < mlp.depth(); l++) {
                float[] g = mlp.layer(l).weightGrad();
                for (int i = 0; i < g.length; i++) {
                    v[l][i] = Math.fma(v[l][i], 0.9f, g[i]);
                    w0[l][i] = w0[l][i] - 0.1f * v[l][i];
                    if (step == 1 && g[i] == 0f && v[l][i] != 0f) {
                        untouchedMoved++;
                    }
                }
            }
            sgd.step(mlp, SERIAL);
            for (int l = 0; l < mlp.depth(); l++) {
                float[] w = mlp.layer(l).weights();
                for (int i = 0; i < w.length; i++) {
                    assertEquals(Float.floatToIntBits(w0[l][i]), Float.floatToIntBits(w[i]),
                            "step " + step + " layer " + l + " w[" + i + "]");
                }
            }
        }
        assertTrue(untouchedMoved > 0 && untouchedMoved < params,
                "some weights without gradient in step 2 still moved with their velocity: " + untouchedMoved);
    }

    @Test
    void resetMomentsZeroesTheVelocity() {
        Mlp mlp = Mlp.create(new int[] {5, 8, 3}, Activation.RELU, 3);
        Dataset data = Synthetic.blobs("m", 4, 5, 3, 1.0, 9);
        Backprop bp = new Backprop(mlp, 1);
        Sgd sgd = new Sgd(0.1f, 5f, 0.9f);
        bp.forward(SERIAL, data.x(), data.y(), 0, data.size());
        bp.backward(SERIAL, List.of(MeProp.dense()), null);
        sgd.step(mlp, SERIAL);
        sgd.resetMoments();
        // With zero velocity and zero gradient a step moves nothing.
        for (Dense d : mlp.layers()) {
            java.util.Arrays.fill(d.weightGrad(), 0f);
            java.util.Arrays.fill(d.biasGrad(), 0f);
        }
        float[] before = mlp.layer(0).weights().clone();
        sgd.step(mlp, SERIAL);
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(mlp.layer(0).weights()));
    }

    @Test
    void configurationIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1f, 0f, 1f));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1f, 0f, -0.5f));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1f, 0f, Float.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.builder().momentum(0.9f).build());
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
        Optimizer opt = TrainConfig.builder().sgd(0.1f, 0.9f).build().newOptimizer();
        assertEquals("sgd(lr=0.1, momentum=0.9, clip=5.0)", opt.describe());
        assertEquals("sgd(lr=0.1, clip=5.0)", TrainConfig.builder().sgd(0.1f).build().newOptimizer().describe());
    }

    @Test
    void momentumSgdLearnsTheRingsWithPerExampleTopK() {
        Dataset train = Synthetic.rings("rings-train", 600, 1);
        Dataset test = Synthetic.rings("rings-test", 400, 3);
        Mlp mlp = Mlp.create(new int[] {2, 32, 32, 3}, Activation.RELU, 17);
        TrainConfig cfg = TrainConfig.builder().epochs(40).batchSize(25).sgd(0.05f, 0.9f).seed(5)
                .meProp(MeProp.topK(8)).build();
        TrainingResult r = new Trainer(cfg).train(mlp, train, null, test);
        assertTrue(r.testAccuracy() >= 0.95, "test accuracy " + r.testAccuracy());
    }
}
