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
        Model mlp = Model.mlp(new int[] {5, 8, 6, 3}, Activation.RELU, 3);
        Dataset[] batches = {Synthetic.blobs("m1", 4, 5, 3, 1.0, 9), Synthetic.blobs("m2", 4, 5, 3, 1.0, 10)};
        Backprop bp = new Backprop(mlp, List.of(TopKSelector.of(1)), null, 1, 0f);
        Sgd sgd = new Sgd(new Sgd.Spec(0.1f, 0f, 0.9f));
        int params = 0;
        for (int l = 0; l < mlp.depth(); l++) {
            params += mlp.dense(l).weights().length;
        }
        float[][] w0 = new float[mlp.depth()][];
        float[][] v = new float[mlp.depth()][];
        for (int l = 0; l < mlp.depth(); l++) {
            w0[l] = mlp.dense(l).weights().clone();
            v[l] = new float[w0[l].length];
        }
        int untouchedMoved = 0;
        for (int step = 0; step < 2; step++) {
            Dataset data = batches[step];
            bp.forward(SERIAL, data.x(), data.y(), 0, data.size());
            bp.backward(SERIAL);
            for (int l = 0; l < mlp.depth(); l++) {
                float[] g = mlp.dense(l).weightGrad();
                for (int i = 0; i < g.length; i++) {
                    v[l][i] = Math.fma(v[l][i], 0.9f, g[i]);
                    w0[l][i] = w0[l][i] - 0.1f * v[l][i];
                    if (step == 1 && g[i] == 0f && v[l][i] != 0f) {
                        untouchedMoved++;
                    }
                }
            }
            sgd.step(mlp.parameters(), SERIAL);
            for (int l = 0; l < mlp.depth(); l++) {
                float[] w = mlp.dense(l).weights();
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
        Model mlp = Model.mlp(new int[] {5, 8, 3}, Activation.RELU, 3);
        Dataset data = Synthetic.blobs("m", 4, 5, 3, 1.0, 9);
        Backprop bp = new Backprop(mlp);
        Sgd sgd = new Sgd(new Sgd.Spec(0.1f, 5f, 0.9f));
        bp.forward(SERIAL, data.x(), data.y(), 0, data.size());
        bp.backward(SERIAL);
        sgd.step(mlp.parameters(), SERIAL);
        sgd.resetState(mlp.parameters());
        // With zero velocity and zero gradient a step moves nothing.
        for (Parameter p : mlp.parameters()) {
            java.util.Arrays.fill(p.grad(), 0f);
        }
        float[] before = mlp.dense(0).weights().clone();
        sgd.step(mlp.parameters(), SERIAL);
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(mlp.dense(0).weights()));
    }

    @Test
    void configurationIsChecked() {
        for (float mu : new float[] {1f, -0.5f, Float.NaN}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> new Sgd.Spec(0.1f, 0f, mu));
            assertEquals("momentum", e.setting());
        }
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Optimizers.create("adam", Options.of("momentum", "0.9")));
        assertEquals("momentum", e.setting());
        assertTrue(e.getMessage().contains("does not apply to optimizer adam"), e.getMessage());
        Optimizer opt = Optimizers.create("sgd", Options.of("lr", "0.1", "momentum", "0.9")).create();
        assertEquals("sgd(lr=0.1, momentum=0.9, clip=5.0)", opt.describe());
        assertEquals("sgd(lr=0.1, clip=5.0)", new Sgd.Spec(0.1f, 5f, 0f).describe());
        assertEquals("adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8, clip=5.0, dense)",
                Optimizers.create("adam", Options.none()).describe());
        assertEquals("lr", assertThrows(InvalidSettingException.class,
                () -> Optimizers.create("sgd", Options.of("lr", "-1"))).setting());
        assertEquals("optimizer", assertThrows(InvalidSettingException.class,
                () -> Optimizers.create("adagrad", Options.none())).setting());
    }

    @Test
    void momentumSgdLearnsTheRingsWithPerExampleTopK() {
        Dataset train = Synthetic.rings("rings-train", 600, 1);
        Dataset test = Synthetic.rings("rings-test", 400, 3);
        Model mlp = Model.mlp(new int[] {2, 32, 32, 3}, Activation.RELU, 17);
        TrainConfig cfg = TrainConfig.builder().epochs(40).batchSize(25).optimizer(new Sgd.Spec(0.05f, 5f, 0.9f)).seed(5)
                .selector(new TopKSelector(KSpec.parse(String.valueOf(8)))).build();
        TrainingResult r = new Trainer(cfg).train(mlp, train, null, test);
        assertTrue(r.testAccuracy() >= 0.95, "test accuracy " + r.testAccuracy());
    }
}
