package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Parallelism;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Dropout} on its own, inside {@link Backprop} (gradients) and inside {@link Trainer}. */
class DropoutTest {
    private static final Parallelism SERIAL = Parallelism.serial();

    @ParameterizedTest
    @ValueSource(floats = {0.1f, 0.3f, 0.5f, 0.9f})
    void dropsAboutPAndScalesTheRestByOneOverOneMinusP(float p) {
        int n = 200_001; // odd: the last element takes the single-draw path
        float[] h = new float[n];
        Arrays.fill(h, 2f);
        float[] out = new float[n];
        float[] scale = new float[n];
        new Dropout(p, 42).apply(h, out, scale, n);
        int dropped = 0;
        float keep = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            if (scale[i] == 0f) {
                dropped++;
                assertEquals(0f, out[i]);
            } else {
                assertEquals(keep, scale[i]);
                assertEquals(2f * keep, out[i]);
            }
        }
        // Binomial(n, p): 5 standard deviations is at most 0.0056 here.
        assertEquals(p, dropped / (double) n, 0.006, "fraction dropped");
    }

    @Test
    void aSeedGivesTheSameMasksAndAnotherSeedOthers() {
        int n = 1000;
        float[] h = new float[n];
        Arrays.fill(h, 1f);
        float[] a = new float[n], b = new float[n], c = new float[n], out = new float[n];
        new Dropout(0.5f, 7).apply(h, out, a, n);
        new Dropout(0.5f, 7).apply(h, out, b, n);
        new Dropout(0.5f, 8).apply(h, out, c, n);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        // Consecutive calls draw new masks.
        Dropout d = new Dropout(0.5f, 7);
        d.apply(h, out, a, n);
        d.apply(h, out, b, n);
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void rateZeroKeepsEverythingAndBackwardMultipliesByTheScale() {
        float[] h = {1f, -2f, 0f, Float.NaN};
        float[] out = new float[4];
        float[] scale = new float[4];
        new Dropout(0f, 1).apply(h, out, scale, 4);
        assertArrayEquals(h, out);
        float[] g = {3f, 4f, 5f, 6f};
        float[] s = {0f, 2f, 2f, 0f};
        Dropout.backward(g, s, 4);
        assertArrayEquals(new float[] {0f, 8f, 10f, 0f}, g);
        Dropout d = new Dropout(0.5f, 1);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> d.apply(h, new float[3], scale, 4));
        assertTrue(e.getMessage().contains("out"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.apply(h, out, scale, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> Dropout.backward(g, new float[2], 4));
    }

    @ParameterizedTest
    @ValueSource(floats = {-0.1f, 1f, 1.5f, Float.NaN, Float.POSITIVE_INFINITY})
    void badRatesAreRejectedEverywhere(float p) {
        assertThrows(IllegalArgumentException.class, () -> new Dropout(p, 1));
        Model mlp = Model.mlp(new int[] {3, 4, 2}, Activation.RELU, 1);
        assertThrows(IllegalArgumentException.class, () -> new Backprop(mlp, List.of(DenseSelector.INSTANCE), null, 1, p));
        if (Float.isNaN(p)) {
            assertTrue(TrainConfig.builder().dropout(p).build().autoDropout(), "NaN is the automatic setting");
            return;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.builder().dropout(p).build());
        assertTrue(e.getMessage().contains("dropout"), e.getMessage());
    }

    @Test
    void automaticDropoutAppliesToSmallSelectionsOnly() {
        TrainConfig auto = TrainConfig.builder().selector(TopKSelector.of(20)).build();
        assertTrue(auto.autoDropout());
        assertEquals(0.3f, auto.dropoutFor(new int[] {500, 500}), "top-20 of 500 keeps 4%");
        assertEquals(0.3f, auto.dropoutFor(new int[] {500, 100}), "top-20 of 100 keeps 20%");
        assertEquals(0f, auto.dropoutFor(new int[] {80, 60}), "top-20 of 80 keeps 25%");
        assertEquals(0f, TrainConfig.builder().selector(TopKSelector.of(160)).build().dropoutFor(new int[] {500}));
        assertEquals(0f, TrainConfig.builder().build().dropoutFor(new int[] {500}), "dense training");
        assertEquals(0.3f, TrainConfig.builder().selector(Selectors.parse("unified:4%")).build()
                .dropoutFor(new int[] {500}));
        assertEquals(0.1f, TrainConfig.builder().selector(TopKSelector.of(20)).dropout(0.1f).build()
                .dropoutFor(new int[] {500}), "an explicit rate wins");
        assertEquals(0f, TrainConfig.builder().selector(TopKSelector.of(20)).dropout(0f).build()
                .dropoutFor(new int[] {500}));
        Dataset train = Synthetic.rings("rings-train", 200, 1);
        TrainingResult r = new Trainer(TrainConfig.builder().epochs(1).selector(TopKSelector.of(2)).build())
                .train(Model.mlp(new int[] {2, 16, 3}, Activation.RELU, 1), train, null, null);
        assertEquals(0.3f, r.dropout(), "the result reports the rate used");
    }

    /**
     * With the mask fixed (a fresh {@link Backprop} with the same seed draws the same first mask),
     * the loss is a smooth function of the weights: the analytic gradients of the dropout network
     * equal its central differences. σ' must use the activations before dropout, which tanh and
     * sigmoid check.
     */
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "TANH", "SIGMOID"})
    void gradientsWithDropoutMatchFiniteDifferences(Activation act) {
        Model mlp = Model.mlp(new int[] {6, 9, 7, 3}, act, 7);
        for (int l = 0; l < mlp.depth(); l++) {
            Dense d = mlp.dense(l);
            for (int j = 0; j < d.out(); j++) {
                d.biases()[j] = 0.1f * (j - 1);
            }
        }
        Dataset data = Synthetic.blobs("check", 8, 6, 3, 1.0, 3);
        float p = 0.4f;
        Backprop bp = new Backprop(mlp, List.of(DenseSelector.INSTANCE), null, 5, p);
        bp.forward(SERIAL, data.x(), data.y(), 0, data.size());
        bp.backward(SERIAL);
        float h = 1e-2f;
        int checked = 0;
        for (int l = 0; l < mlp.depth(); l++) {
            float[][] params = {mlp.dense(l).weights(), mlp.dense(l).biases()};
            float[][] grads = {mlp.dense(l).weightGrad().clone(), mlp.dense(l).biasGrad().clone()};
            for (int q = 0; q < 2; q++) {
                for (int i = 0; i < params[q].length; i++) {
                    float keep = params[q][i];
                    params[q][i] = keep + h;
                    double up = new Backprop(mlp, List.of(DenseSelector.INSTANCE), null, 5, p).forward(SERIAL, data.x(), data.y(), 0, data.size());
                    params[q][i] = keep - h;
                    double down = new Backprop(mlp, List.of(DenseSelector.INSTANCE), null, 5, p).forward(SERIAL, data.x(), data.y(), 0, data.size());
                    params[q][i] = keep;
                    double numeric = (up - down) / (2 * h);
                    double analytic = grads[q][i];
                    // ReLU kinks: skip entries whose difference straddles a kink (numeric and analytic disagree
                    // by about the size of the step there); they are rare and the rest must match closely.
                    double err = Math.abs(numeric - analytic);
                    if (err > 2e-3 + 2e-2 * Math.abs(numeric)) {
                        if (act == Activation.RELU) {
                            continue;
                        }
                        fail(act + " layer " + l + (q == 0 ? " W[" : " b[") + i + "]: analytic " + analytic
                                + ", numeric " + numeric);
                    }
                    checked++;
                }
            }
        }
        int total = 0;
        total += (int) mlp.parameterCount();
        assertTrue(checked >= 0.95 * total, "checked " + checked + " of " + total);
    }

    @Test
    void dropoutOnlyActsInTraining() {
        Model mlp = Model.mlp(new int[] {6, 9, 7, 3}, Activation.RELU, 7);
        Dataset data = Synthetic.blobs("eval", 20, 6, 3, 1.0, 3);
        Backprop plain = new Backprop(mlp, List.of(DenseSelector.INSTANCE), null, 5, 0f);
        double lossPlain = plain.forward(SERIAL, data.x(), data.y(), 0, data.size());
        double lossDropout = new Backprop(mlp, List.of(DenseSelector.INSTANCE), null, 5, 0.5f).forward(SERIAL, data.x(), data.y(), 0, data.size());
        assertTrue(lossPlain != lossDropout, "dropout changes the training forward");
        // Evaluation (Model.correct) never applies dropout: same as the plain forward's argmax.
        int[] pred = new int[data.size()];
        io.github.meprop.kernels.Ops.argmaxRows(plain.logits(), data.size(), 3, pred);
        long correct = 0;
        for (int i = 0; i < data.size(); i++) {
            correct += pred[i] == data.y()[i] ? 1 : 0;
        }
        assertEquals(correct, mlp.correct(data, SERIAL, 7, new ForwardPass()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense", "topk:4", "unified:4"})
    void trainingWithDropoutIsRepeatableAndThreadCountIndependent(String policy) {
        Dataset train = Synthetic.rings("rings-train", 600, 1);
        TrainConfig cfg = TrainConfig.builder().epochs(2).batchSize(25).optimizer(Adam.Spec.reference().withLearningRate(1e-2f)).seed(5).dropout(0.3f)
                .selector(Selectors.parse(policy)).build();
        Model a = Model.mlp(new int[] {2, 16, 16, 3}, Activation.RELU, 17);
        Model b = Model.mlp(new int[] {2, 16, 16, 3}, Activation.RELU, 17);
        Model c = Model.mlp(new int[] {2, 16, 16, 3}, Activation.RELU, 17);
        Model none = Model.mlp(new int[] {2, 16, 16, 3}, Activation.RELU, 17);
        new Trainer(cfg).train(a, train, null, null);
        new Trainer(cfg).train(b, train, null, null);
        try (Parallelism two = Parallelism.of(2)) {
            new Trainer(cfg.toBuilder().parallelism(two).build()).train(c, train, null, null);
        }
        new Trainer(cfg.toBuilder().dropout(0f).build()).train(none, train, null, null);
        for (int l = 0; l < a.depth(); l++) {
            assertArrayEquals(a.dense(l).weights(), b.dense(l).weights(), "repeatable, W of layer " + l);
            assertArrayEquals(a.dense(l).weights(), c.dense(l).weights(), "2 threads, W of layer " + l);
        }
        assertFalse(Arrays.equals(a.dense(0).weights(), none.dense(0).weights()), "dropout changes training");
    }

    @Test
    void perExampleTopKWithDropoutLearnsTheRings() {
        Dataset train = Synthetic.rings("rings-train", 600, 1);
        Dataset test = Synthetic.rings("rings-test", 400, 3);
        Model mlp = Model.mlp(new int[] {2, 32, 32, 3}, Activation.RELU, 17);
        TrainConfig cfg = TrainConfig.builder().epochs(40).batchSize(25).optimizer(Adam.Spec.reference().withLearningRate(1e-2f)).seed(5).dropout(0.1f)
                .selector(new TopKSelector(KSpec.parse(String.valueOf(8)))).build();
        TrainingResult r = new Trainer(cfg).train(mlp, train, null, test);
        assertTrue(r.testAccuracy() >= 0.95, "test accuracy " + r.testAccuracy());
    }
}
