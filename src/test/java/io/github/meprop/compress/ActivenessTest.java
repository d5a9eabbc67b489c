package io.github.meprop.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.meprop.data.Dataset;
import io.github.meprop.nn.Synthetic;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.TopK;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Backprop;
import io.github.meprop.nn.KSpec;
import io.github.meprop.nn.Selection;
import io.github.meprop.nn.TopKSelector;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.SelectionObserver;
import io.github.meprop.nn.TrainConfig;
import io.github.meprop.nn.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ActivenessTest {

    /**
     * A hand-made gradient of a width-5 layer, batch 4, k = 2. Row 2 has a single non-zero entry, so
     * its second selected position is a zero picked by the tie rule (the lowest zero position).
     */
    private static final float[] G = {
            0.5f, -2.0f, 0.1f, 0.0f, 1.5f,   // top-2: 1, 4
            -0.3f, 0.0f, 0.9f, 0.7f, 0.0f,   // top-2: 2, 3
            0.0f, 0.0f, 0.0f, -4.0f, 0.0f,   // top-2: 0 (a zero, tie rule), 3
            1.0f, 1.0f, 0.0f, 0.0f, -1.0f,   // |g| ties: 0, 1 (lower positions win)
    };

    private static int[] select(float[] g, int batch, int width, int k) {
        int[] idx = new int[batch * k];
        TopK.selectRows(g, batch, width, k, idx);
        return idx;
    }

    @Test
    void countsTheSelectionsOfAHandMadeGradient() {
        int[] idx = select(G, 4, 5, 2);
        assertArrayEquals(new int[] {1, 4, 2, 3, 0, 3, 0, 1}, idx, "the top-k contract this test relies on");

        Activeness nonzero = new Activeness();
        nonzero.onSelection(0, Selection.ofRows(4, 5, 2, idx), G);
        assertArrayEquals(new long[] {1, 2, 1, 2, 1}, nonzero.hits(0), "zero picked by the tie rule not counted");
        assertEquals(4, nonzero.seen(0));

        Activeness selected = new Activeness(Activeness.Counting.SELECTED);
        selected.onSelection(0, Selection.ofRows(4, 5, 2, idx), G);
        assertArrayEquals(new long[] {2, 2, 1, 2, 1}, selected.hits(0), "every selected position counted");
        assertEquals(4, selected.seen(0));

        // Without a gradient every selected position counts, whatever the rule.
        Activeness noGradient = new Activeness();
        noGradient.onSelection(0, Selection.ofRows(4, 5, 2, idx), null);
        assertArrayEquals(new long[] {2, 2, 1, 2, 1}, noGradient.hits(0));

        // A second batch adds up; another layer is separate.
        nonzero.onSelection(0, Selection.ofRows(4, 5, 2, idx), G);
        nonzero.onSelection(1, Selection.ofRows(1, 3, 1, new int[] {2}), new float[] {0, 0, 7});
        assertArrayEquals(new long[] {2, 4, 2, 4, 2}, nonzero.hits(0));
        assertEquals(8, nonzero.seen(0));
        assertArrayEquals(new long[] {0, 0, 1}, nonzero.hits(1));
        assertEquals(1, nonzero.seen(1));
        assertEquals(2, nonzero.layers());
        assertEquals(0.5, nonzero.rates(0)[1]);
    }

    @Test
    void countsAUnifiedSelectionPerExample() {
        int[] idx = {1, 3};
        Activeness nonzero = new Activeness();
        nonzero.onSelection(0, Selection.ofShared(4, 5, 2, idx), G);
        // Column 1 is non-zero in rows 0 and 3; column 3 in rows 1 and 2.
        assertArrayEquals(new long[] {0, 2, 0, 2, 0}, nonzero.hits(0));
        assertEquals(4, nonzero.seen(0));
        Activeness selected = new Activeness(Activeness.Counting.SELECTED);
        selected.onSelection(0, Selection.ofShared(4, 5, 2, idx), G);
        assertArrayEquals(new long[] {0, 4, 0, 4, 0}, selected.hits(0));
    }

    @Test
    void theTrainerReportsEverySelectionWithItsGradient() {
        // Through the real backward pass: each observed call's gradient rows give the same counts
        // as the record, and seen is the number of examples trained per layer.
        Dataset data = blobs(300, 6, 3, 7);
        Model mlp = Model.mlp(new int[] {6, 12, 9, 3}, Activation.RELU, 3);
        Activeness rec = new Activeness();
        long[][] expected = {new long[12], new long[9]};
        SelectionObserver check = (layer, s, g) -> {
            if (g == null) {
                throw new AssertionError("the trainer should pass the gradient");
            }
            assertEquals(Selection.Form.PER_ROW, s.form());
            int width = s.width();
            for (int r = 0; r < s.rows(); r++) {
                assertEquals(4, s.count(r));
                for (int i = s.offsets()[r]; i < s.offsets()[r + 1]; i++) {
                    int j = s.index()[i];
                    if (g[r * width + j] != 0f) {
                        expected[layer][j]++;
                    }
                }
            }
            rec.onSelection(layer, s, g);
        };
        TrainConfig cfg = TrainConfig.builder().epochs(2).batchSize(32).selector(new TopKSelector(KSpec.parse(String.valueOf(4)))).build();
        new Trainer(cfg).observer(check).train(mlp, data, null, null);
        assertEquals(600, rec.seen(0));
        assertEquals(600, rec.seen(1));
        assertArrayEquals(expected[0], rec.hits(0));
        assertArrayEquals(expected[1], rec.hits(1));
        long total = 0;
        for (long h : rec.hits(1)) {
            total += h;
        }
        // At most k hits per example, and some zeros were selected and not counted or not: bounded.
        assertEquals(true, total <= 600L * 4 && total > 0, "hits " + total);
    }

    @Test
    void backpropPassesTheGradientItSelectedFrom() {
        Model mlp = Model.mlp(new int[] {4, 7, 2}, Activation.RELU, 5);
        List<float[]> seenG = new ArrayList<>();
        List<int[]> seenIdx = new ArrayList<>();
        Backprop bp = new Backprop(mlp, List.of(TopKSelector.of(3)), (layer, s, g) -> {
            seenG.add(java.util.Arrays.copyOf(g, s.rows() * s.width()));
            seenIdx.add(java.util.Arrays.copyOf(s.index(), (int) s.selected()));
        }, 1, 0f);
        float[] x = new float[3 * 4];
        SplittableRandom rnd = new SplittableRandom(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        bp.forward(Parallelism.serial(), x, new int[] {0, 1, 0}, 0, 3);
        bp.backward(Parallelism.serial());
        assertEquals(1, seenG.size());
        assertArrayEquals(select(seenG.get(0), 3, 7, 3), seenIdx.get(0), "idx is the top-k of the g passed along");
    }

    @Test
    void concurrentRecordingLosesNoCounts() throws Exception {
        int threads = 4;
        int callsPerThread = 2000;
        int width = 37;
        int k = 5;
        int batch = 3;
        Activeness shared = new Activeness();
        Activeness[] own = new Activeness[threads];
        long[] expected = new long[width];
        int[][] plans = new int[threads][];
        float[][] grads = new float[threads][];
        for (int t = 0; t < threads; t++) {
            SplittableRandom rnd = new SplittableRandom(100 + t);
            float[] g = new float[batch * width];
            for (int i = 0; i < g.length; i++) {
                g[i] = rnd.nextInt(4) == 0 ? 0f : (float) rnd.nextGaussian();
            }
            grads[t] = g;
            plans[t] = select(g, batch, width, k);
            own[t] = new Activeness();
            for (int r = 0; r < batch; r++) {
                for (int i = 0; i < k; i++) {
                    int j = plans[t][r * k + i];
                    if (g[r * width + j] != 0f) {
                        expected[j] += callsPerThread;
                    }
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int tt = t;
                fs.add(pool.submit(() -> {
                    start.await();
                    for (int c = 0; c < callsPerThread; c++) {
                        shared.onSelection(0, Selection.ofRows(batch, width, k, plans[tt]), grads[tt]);
                        own[tt].onSelection(0, Selection.ofRows(batch, width, k, plans[tt]), grads[tt]);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals(expected, shared.hits(0));
        assertEquals((long) threads * callsPerThread * batch, shared.seen(0));

        // Merging the per-thread records gives the same counts.
        Activeness merged = new Activeness();
        for (Activeness a : own) {
            merged.merge(a);
        }
        assertArrayEquals(expected, merged.hits(0));
        assertEquals(shared.seen(0), merged.seen(0));
    }

    @Test
    void mergeAddsLayerByLayerAndChecksWidths() {
        Activeness a = new Activeness();
        a.onSelection(0, Selection.ofRows(1, 3, 2, new int[] {0, 2}), null);
        Activeness b = new Activeness();
        b.onSelection(0, Selection.ofRows(1, 3, 1, new int[] {2}), null);
        b.onSelection(1, Selection.ofRows(1, 2, 1, new int[] {1}), null);
        a.merge(b);
        assertArrayEquals(new long[] {1, 0, 2}, a.hits(0));
        assertEquals(2, a.seen(0));
        assertArrayEquals(new long[] {0, 1}, a.hits(1));
        assertEquals(1, a.seen(1));
        assertArrayEquals(new long[] {0, 0, 1}, b.hits(0), "the other record is unchanged");

        Activeness c = new Activeness();
        c.onSelection(0, Selection.ofRows(1, 4, 1, new int[] {0}), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.merge(c));
        assertEquals(true, e.getMessage().contains("width 3 here and 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.merge(a));
    }

    @Test
    void aWidthChangeNeedsAReset() {
        Activeness a = new Activeness();
        a.onSelection(0, Selection.ofRows(1, 4, 1, new int[] {0}), null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> a.onSelection(0, Selection.ofRows(1, 3, 1, new int[] {0}), null));
        assertEquals(true, e.getMessage().contains("width 4"), e.getMessage());
        a.reset(0, 3);
        assertEquals(0, a.seen(0));
        a.onSelection(0, Selection.ofRows(1, 3, 1, new int[] {2}), null);
        assertArrayEquals(new long[] {0, 0, 1}, a.hits(0));
        a.reset();
        assertArrayEquals(new long[] {0, 0, 0}, a.hits(0));
        assertEquals(3, a.width(0));
        assertArrayEquals(new long[0], a.hits(5), "a layer never observed has no counts");
        assertEquals(0, a.seen(5));
    }

    @Test
    void badArgumentsAreRejected() {
        Activeness a = new Activeness();
        assertThrows(IllegalArgumentException.class, () -> a.onSelection(-1, Selection.ofRows(1, 2, 1, new int[1]), null));
        assertThrows(IndexOutOfBoundsException.class, () -> a.onSelection(0, Selection.ofRows(2, 2, 1, new int[2]), new float[3]));
        assertThrows(NullPointerException.class, () -> a.onSelection(0, null, null));
    }

    /** Gaussian blobs with noise 0.5 (see {@link Synthetic#blobs}). */
    static Dataset blobs(int n, int width, int classes, long seed) {
        return Synthetic.blobs("blobs", n, width, classes, 0.5, seed);
    }
}
