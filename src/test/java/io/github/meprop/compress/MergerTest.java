package io.github.meprop.compress;

import static io.github.meprop.compress.Nets.assertClose;
import static io.github.meprop.compress.Nets.gaussian;
import static io.github.meprop.compress.Nets.logits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Dense;
import io.github.meprop.nn.Model;
import org.junit.jupiter.api.Test;

class MergerTest {
    private static final int BATCH = 64;

    /** Sets neuron a of hidden layer l to s times neuron b's incoming weights and bias. */
    private static void makeMultiple(Model m, int l, int a, int b, float s) {
        Dense d = m.dense(l);
        int in = d.in();
        for (int i = 0; i < in; i++) {
            d.weights()[a * in + i] = s * d.weights()[b * in + i];
        }
        d.biases()[a] = s * d.biases()[b];
    }

    private static Model net(long seed) {
        Model m = Model.mlp(new int[] {13, 21, 17, 5}, Activation.RELU, seed);
        // Non-zero biases, so that the bias takes part in the similarity.
        for (int l = 0; l < m.depth(); l++) {
            float[] b = m.dense(l).biases();
            float[] r = gaussian(b.length, seed + 10 + l);
            for (int j = 0; j < b.length; j++) {
                b[j] = 0.1f * r[j];
            }
        }
        return m;
    }

    @Test
    void mergingAnExactDuplicateLeavesTheOutputsUnchanged() {
        Model m = net(1);
        makeMultiple(m, 0, 7, 3, 1f);   // neuron 7 duplicates neuron 3
        makeMultiple(m, 1, 16, 0, 1f);  // last neuron of layer 1 duplicates the first
        float[] x = gaussian(BATCH * 13, 2);
        float[] before = logits(m, x, BATCH);

        Merger merger = new Merger(1.0);
        assertArrayEquals(new int[] {1, 1}, merger.mergeAll(m));
        assertArrayEquals(new int[] {20, 16}, m.hiddenSizes());
        assertClose(before, logits(m, x, BATCH), 1e-5);
    }

    @Test
    void mergingAPositiveMultipleLeavesTheOutputsUnchanged() {
        Model m = net(3);
        makeMultiple(m, 0, 2, 11, 2.5f);
        makeMultiple(m, 0, 19, 11, 0.3f);
        makeMultiple(m, 1, 4, 9, 7f);
        float[] x = gaussian(BATCH * 13, 4);
        float[] before = logits(m, x, BATCH);

        Merger merger = new Merger(0.9999);
        Merger.Plan plan = merger.plan(m.dense(0).weights(), m.dense(0).biases(), 21, 13);
        // Neuron 2 is the first of the group {2, 11, 19}: it is the anchor and absorbs the others.
        assertEquals(2, plan.into()[11]);
        assertEquals(2, plan.into()[19]);
        assertEquals(1 / 2.5, plan.scale()[11], 1e-6);
        assertEquals(0.3 / 2.5, plan.scale()[19], 1e-6);
        assertEquals(2, plan.removed());

        assertArrayEquals(new int[] {2, 1}, merger.mergeAll(m));
        assertArrayEquals(new int[] {19, 16}, m.hiddenSizes());
        assertClose(before, logits(m, x, BATCH), 1e-5);
    }

    @Test
    void negativeMultiplesAndDissimilarNeuronsStay() {
        Model m = net(5);
        makeMultiple(m, 0, 6, 1, -2f);   // relu(-y) is not a multiple of relu(y)
        int[] sizes = m.hiddenSizes();
        Merger merger = new Merger(0.95);
        assertArrayEquals(new int[] {0, 0}, merger.mergeAll(m), "random Gaussian rows are far from parallel");
        assertArrayEquals(sizes, m.hiddenSizes());
    }

    @Test
    void nearMultiplesMergeOnlyAboveTau() {
        Model m = net(7);
        makeMultiple(m, 0, 5, 0, 1.5f);
        // Perturb neuron 5 a little: cosine just below 1.
        Dense d = m.dense(0);
        d.weights()[5 * 13] += 0.05f;
        Merger.Plan strict = new Merger(0.999999).plan(d.weights(), d.biases(), 21, 13);
        assertEquals(5, strict.into()[5], "not merged at tau close to 1");
        Merger.Plan loose = new Merger(0.99).plan(d.weights(), d.biases(), 21, 13);
        assertEquals(0, loose.into()[5], "merged at tau 0.99");
    }

    @Test
    void zeroNeuronsAreRemovedAndTheLastNeuronStays() {
        Model m = net(9);
        Dense d = m.dense(1);
        java.util.Arrays.fill(d.weights(), 3 * d.in(), 4 * d.in(), 0f);
        d.biases()[3] = 0f;
        float[] x = gaussian(BATCH * 13, 10);
        float[] before = logits(m, x, BATCH);
        assertEquals(1, new Merger(1.0).merge(m, 1));
        assertClose(before, logits(m, x, BATCH), 1e-5);

        // Every neuron a multiple of the first: one is left, and the function is kept.
        Model all = net(11);
        for (int j = 1; j < 21; j++) {
            makeMultiple(all, 0, j, 0, 1 + j / 4f);
        }
        float[] b2 = logits(all, x, BATCH);
        assertEquals(20, new Merger(0.9999).merge(all, 0));
        assertArrayEquals(new int[] {1, 17}, all.hiddenSizes());
        assertClose(b2, logits(all, x, BATCH), 1e-5);

        // Every neuron zero: one is left.
        Model zeros = net(12);
        java.util.Arrays.fill(zeros.dense(0).weights(), 0f);
        java.util.Arrays.fill(zeros.dense(0).biases(), 0f);
        assertEquals(20, new Merger(1.0).merge(zeros, 0));
        assertEquals(1, zeros.hiddenSizes()[0]);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Merger(0));
        assertThrows(IllegalArgumentException.class, () -> new Merger(1.01));
        assertThrows(IllegalArgumentException.class, () -> new Merger(Double.NaN));
        Model m = net(1);
        assertThrows(IllegalArgumentException.class, () -> new Merger(0.99).merge(m, 2), "the output layer");
        Model tanh = Model.mlp(new int[] {3, 4, 2}, Activation.TANH, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Merger(0.99).merge(tanh, 0));
        assertTrue(e.getMessage().contains("tanh"), e.getMessage());
    }
}
