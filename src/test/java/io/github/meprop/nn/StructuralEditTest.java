package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Parallelism;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepOutputs / keepInputs / keepHiddenNeurons shrink W, b, gradients and optimizer state alike. */
class StructuralEditTest {
    private static final Parallelism SERIAL = Parallelism.serial();

    /** A layer whose arrays encode their coordinates, with two optimizer slots filled likewise. */
    private static Dense coded(int in, int out) {
        Dense d = new Dense(in, out, Activation.RELU);
        d.weight().ensureState(2);
        d.bias().ensureState(2);
        for (int j = 0; j < out; j++) {
            d.biases()[j] = j;
            d.biasGrad()[j] = -j;
            d.bias().state(0)[j] = 1000 + j;
            d.bias().state(1)[j] = 2000 + j;
            for (int i = 0; i < in; i++) {
                int p = j * in + i;
                d.weights()[p] = 100 * j + i;
                d.weightGrad()[p] = -(100 * j + i);
                d.weight().state(0)[p] = 10000 + 100 * j + i;
                d.weight().state(1)[p] = 20000 + 100 * j + i;
            }
        }
        return d;
    }

    @Test
    void keepOutputsShrinksRowsEverywhere() {
        Dense d = coded(4, 6);
        int[] keep = {1, 4, 5};
        d.keepUnits(keep);
        assertEquals(3, d.out());
        assertEquals(4, d.in());
        assertEquals(12, d.weights().length);
        assertEquals(12, d.weightGrad().length);
        assertEquals(12, d.weight().state(0).length);
        assertEquals(12, d.weight().state(1).length);
        assertEquals(3, d.biases().length);
        assertEquals(3, d.biasGrad().length);
        assertEquals(3, d.bias().state(0).length);
        for (int t = 0; t < 3; t++) {
            int j = keep[t];
            assertEquals(j, d.biases()[t]);
            assertEquals(-j, d.biasGrad()[t]);
            assertEquals(1000 + j, d.bias().state(0)[t]);
            assertEquals(2000 + j, d.bias().state(1)[t]);
            for (int i = 0; i < 4; i++) {
                assertEquals(100 * j + i, d.weights()[t * 4 + i]);
                assertEquals(-(100 * j + i), d.weightGrad()[t * 4 + i]);
                assertEquals(10000 + 100 * j + i, d.weight().state(0)[t * 4 + i]);
                assertEquals(20000 + 100 * j + i, d.weight().state(1)[t * 4 + i]);
            }
        }
        assertEquals(15, d.parameterCount());
    }

    @Test
    void keepInputsShrinksColumnsEverywhere() {
        Dense d = coded(5, 3);
        int[] keep = {0, 2, 3};
        d.keepInputs(keep);
        assertEquals(3, d.in());
        assertEquals(3, d.out());
        for (int j = 0; j < 3; j++) {
            assertEquals(j, d.biases()[j], "biases unchanged");
            assertEquals(1000 + j, d.bias().state(0)[j]);
            for (int t = 0; t < 3; t++) {
                int i = keep[t];
                assertEquals(100 * j + i, d.weights()[j * 3 + t]);
                assertEquals(-(100 * j + i), d.weightGrad()[j * 3 + t]);
                assertEquals(10000 + 100 * j + i, d.weight().state(0)[j * 3 + t]);
                assertEquals(20000 + 100 * j + i, d.weight().state(1)[j * 3 + t]);
            }
        }
    }

    @Test
    void badKeepListsAreRejected() {
        Dense d = coded(4, 6);
        assertThrows(IllegalArgumentException.class, () -> d.keepUnits(new int[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.keepUnits(new int[] {1, 1}));
        assertTrue(e.getMessage().contains("keep[1] = 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.keepUnits(new int[] {3, 6}));
        assertThrows(IllegalArgumentException.class, () -> d.keepInputs(new int[] {2, 0}));
        assertThrows(IllegalArgumentException.class, () -> d.keepInputs(new int[] {4}));
        assertEquals(6, d.out(), "a rejected edit changes nothing");
        Model mlp = Model.mlp(new int[] {3, 4, 2}, Activation.RELU, 1);
        e = assertThrows(IllegalArgumentException.class, () -> mlp.keepUnits(1, new int[] {0}));
        assertTrue(e.getMessage().contains("hidden layer 1"), e.getMessage());
    }

    @Test
    void removingNeuronsWithoutOutgoingWeightKeepsTheFunction() {
        Model mlp = Model.mlp(new int[] {5, 8, 6, 3}, Activation.RELU, 3);
        // Neurons 2 and 5 of hidden layer 0 feed nothing: their removal must not change the logits.
        Dense next = mlp.dense(1);
        for (int j = 0; j < next.out(); j++) {
            next.weights()[j * next.in() + 2] = 0f;
            next.weights()[j * next.in() + 5] = 0f;
        }
        Dataset data = Synthetic.blobs("f", 7, 5, 3, 1, 1);
        float[] before = new float[7 * 3];
        mlp.logits(SERIAL, data.x(), 7, before);
        mlp.keepUnits(0, new int[] {0, 1, 3, 4, 6, 7});
        assertArrayEquals(new int[] {6, 6}, mlp.hiddenSizes());
        assertEquals(5 * 6 + 6 + 6 * 6 + 6 + 6 * 3 + 3, mlp.parameterCount());
        float[] after = new float[7 * 3];
        mlp.logits(SERIAL, data.x(), 7, after);
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i], after[i], 1e-6f, "logit " + i);
        }
    }

    @Test
    void optimizerStateFollowsAHiddenLayerEditAndTrainingGoesOn() {
        Model mlp = Model.mlp(new int[] {4, 10, 9, 3}, Activation.RELU, 5);
        Dataset data = Synthetic.blobs("s", 20, 4, 3, 1, 2);
        int[] observedWidth = {-1};
        Backprop bp = new Backprop(mlp, List.of(TopKSelector.of(3)), (layer, sel, g) -> {
            if (layer == 1) {
                observedWidth[0] = sel.width();
                assertEquals(Math.min(3, sel.width()), sel.count(0), "k clamped to the width");
            }
        }, 1, 0f);
        Adam adam = new Adam(new Adam.Spec(1e-2f, 0.9f, 0.999f, 1e-8f, 5f, true));
        bp.forward(SERIAL, data.x(), data.y(), 0, 20);
        bp.backward(SERIAL);
        adam.step(mlp.parameters(), SERIAL);
        float[] m1 = mlp.dense(1).weight().state(0).clone();
        float[] w2 = mlp.dense(2).weights().clone();
        int[] keep = {0, 2, 3, 7, 8};
        mlp.keepUnits(1, keep);
        Dense l1 = mlp.dense(1);
        Dense l2 = mlp.dense(2);
        assertEquals(5, l1.out());
        assertEquals(5 * 10, l1.weight().state(0).length);
        assertEquals(5, l1.bias().state(1).length);
        assertEquals(3 * 5, l2.weight().state(0).length);
        for (int t = 0; t < keep.length; t++) {
            for (int i = 0; i < 10; i++) {
                assertEquals(m1[keep[t] * 10 + i], l1.weight().state(0)[t * 10 + i]);
            }
            for (int j = 0; j < 3; j++) {
                assertEquals(w2[j * 9 + keep[t]], l2.weights()[j * 5 + t]);
            }
        }
        // The next step runs on the smaller model (buffers resize, k = 3 still fits 5).
        for (int s = 0; s < 3; s++) {
            double loss = bp.forward(SERIAL, data.x(), data.y(), 0, 20);
            assertTrue(Double.isFinite(loss));
            bp.backward(SERIAL);
            adam.step(mlp.parameters(), SERIAL);
        }
        // And when the layer shrinks below k, k is clamped to the width.
        mlp.keepUnits(1, new int[] {1, 4});
        bp.forward(SERIAL, data.x(), data.y(), 0, 20);
        bp.backward(SERIAL);
        assertEquals(2, observedWidth[0]);
        adam.step(mlp.parameters(), SERIAL);
        adam.resetState(mlp.parameters());
        for (Parameter p : mlp.parameters()) {
            for (float v : p.state(0)) {
                assertEquals(0f, v);
            }
            for (float v : p.state(1)) {
                assertEquals(0f, v);
            }
        }
        assertEquals(5, adam.steps(), "resetMoments keeps the step count");
    }

    @Test
    void fromWeightsRoundTripsAndChecksShapes() {
        Model mlp = Model.mlp(new int[] {5, 4, 3}, Activation.TANH, 9);
        float[][] w = {mlp.dense(0).weights(), mlp.dense(1).weights()};
        float[][] b = {mlp.dense(0).biases(), mlp.dense(1).biases()};
        Model back = Model.mlp(5, Activation.TANH, w, b);
        assertArrayEquals(mlp.sizes(), back.sizes());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(mlp.dense(l).weights(), back.dense(l).weights());
            assertArrayEquals(mlp.dense(l).biases(), back.dense(l).biases());
        }
        assertEquals(Activation.IDENTITY, back.dense(1).activation());
        assertEquals(Activation.TANH, back.dense(0).activation());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Model.mlp(6, Activation.TANH, w, b));
        assertTrue(e.getMessage().contains("layer 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Model.mlp(5, Activation.TANH, w, new float[][] {new float[4]}));
    }

    @Test
    void glorotInitIsSeededAndHasTheRightScale() {
        Model a = Model.mlp(new int[] {300, 200, 10}, Activation.RELU, 42);
        Model b = Model.mlp(new int[] {300, 200, 10}, Activation.RELU, 42);
        Model c = Model.mlp(new int[] {300, 200, 10}, Activation.RELU, 43);
        assertArrayEquals(a.dense(0).weights(), b.dense(0).weights());
        assertTrue(a.dense(0).weights()[0] != c.dense(0).weights()[0]);
        float[] w = a.dense(0).weights();
        double s = 0;
        for (float v : w) {
            s += v * v;
        }
        double std = Math.sqrt(s / w.length);
        assertEquals(Math.sqrt(2.0 / 500), std, 0.02 * Math.sqrt(2.0 / 500));
        assertEquals(300 * 200 + 200 + 200 * 10 + 10, a.parameterCount());
        for (float v : a.dense(0).biases()) {
            assertEquals(0f, v);
        }
    }
}
