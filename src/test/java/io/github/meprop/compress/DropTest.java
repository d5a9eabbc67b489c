package io.github.meprop.compress;

import static io.github.meprop.compress.Nets.assertClose;
import static io.github.meprop.compress.Nets.gaussian;
import static io.github.meprop.compress.Nets.logits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Dense;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.Selection;
import org.junit.jupiter.api.Test;

/** Dropping neurons through the prune rule, and dropping never-active neurons. */
class DropTest {

    @Test
    void droppingNeuronsWhoseOutgoingWeightsAreZeroLeavesTheOutputsUnchanged() {
        Model m = Model.mlp(new int[] {10, 16, 12, 4}, Activation.RELU, 21);
        // Zero the outgoing weights of neurons 3 and 15 of hidden layer 0 and neuron 0 of layer 1.
        zeroColumn(m.dense(1), 3);
        zeroColumn(m.dense(1), 15);
        zeroColumn(m.dense(2), 0);
        float[] x = gaussian(50 * 10, 22);
        float[] before = logits(m, x, 50);

        // The activeness says those neurons were rarely active: the prune rule removes them.
        MeSimp simp = MeSimp.reference();
        Activeness a = simp.activeness();
        long[] h0 = new long[16];
        java.util.Arrays.fill(h0, 50);
        h0[3] = 9;
        h0[15] = 0;
        long[] h1 = new long[12];
        java.util.Arrays.fill(h1, 100);
        h1[0] = 4;
        record(a, 0, h0, 100);
        record(a, 1, h1, 100);
        PrunePoint p = simp.prune(m, 0, 0, 1);

        assertArrayEquals(new int[] {2, 1}, p.dropped());
        assertArrayEquals(new int[] {14, 11}, m.hiddenSizes());
        assertArrayEquals(new int[] {14, 11}, p.after());
        assertArrayEquals(new long[] {100, 100}, p.seen());
        assertClose(before, logits(m, x, 50), 1e-6);
        assertEquals(0, simp.activeness().seen(0), "counts restart after a prune point");
        assertEquals(14, simp.activeness().width(0));
    }

    /** Records hits[j] hits for neuron j over `seen` examples, through the observer interface. */
    private static void record(Activeness a, int layer, long[] hits, int seen) {
        int width = hits.length;
        // One example per call; neuron j selected in the first hits[j] examples.
        for (int e = 0; e < seen; e++) {
            int count = 0;
            for (long h : hits) {
                if (e < h) {
                    count++;
                }
            }
            int[] idx = new int[Math.max(count, 1)];
            int t = 0;
            for (int j = 0; j < width; j++) {
                if (e < hits[j]) {
                    idx[t++] = j;
                }
            }
            // Nothing selected in an example (k = 0) is still an observed example.
            a.onSelection(layer, Selection.ofRows(1, width, count, idx), null);
        }
        assertArrayEquals(hits, a.hits(layer));
        assertEquals(seen, a.seen(layer));
    }

    private static void zeroColumn(Dense next, int j) {
        for (int r = 0; r < next.out(); r++) {
            next.weights()[r * next.in() + j] = 0f;
        }
    }

    @Test
    void neverActiveNeuronsAreDroppedWithoutChangingTheOutputsOnThatData() {
        Model m = Model.mlp(new int[] {8, 15, 11, 3}, Activation.RELU, 31);
        // Neurons 2, 9 of layer 0 and 5 of layer 1 get a bias so negative they never fire.
        m.dense(0).biases()[2] = -1e3f;
        m.dense(0).biases()[9] = -1e3f;
        m.dense(1).biases()[5] = -1e3f;
        int n = 300;
        Dataset data = new Dataset("d", gaussian(n * 8, 32), new int[n], n, 8, 3);
        long[][] counts = DeadNeurons.activeCounts(m, data, Parallelism.serial(), 64);
        assertEquals(0, counts[0][2]);
        assertEquals(0, counts[0][9]);
        assertEquals(0, counts[1][5]);
        float[] before = logits(m, data.x(), n);

        int[] removed = DeadNeurons.drop(m, data, Parallelism.serial(), 64);
        // Random Glorot rows with zero bias fire on about half the inputs: only the planted ones are dead.
        assertArrayEquals(new int[] {2, 1}, removed);
        assertArrayEquals(new int[] {13, 10}, m.hiddenSizes());
        assertClose(before, logits(m, data.x(), n), 1e-6);

        // A second pass finds nothing more.
        assertArrayEquals(new int[] {0, 0}, DeadNeurons.drop(m, data, Parallelism.serial(), 1000));
    }

    @Test
    void aLayerWithOnlyDeadNeuronsKeepsOne() {
        Model m = Model.mlp(new int[] {4, 6, 2}, Activation.RELU, 41);
        java.util.Arrays.fill(m.dense(0).biases(), -1e3f);
        Dataset data = new Dataset("d", gaussian(40 * 4, 42), new int[40], 40, 4, 2);
        float[] before = logits(m, data.x(), 40);
        assertArrayEquals(new int[] {5}, DeadNeurons.drop(m, data, Parallelism.serial(), 7));
        assertArrayEquals(new int[] {1}, m.hiddenSizes());
        assertClose(before, logits(m, data.x(), 40), 0);
        assertTrue(DeadNeurons.keepActive(new long[] {0, 0}).length == 1);
    }
}
