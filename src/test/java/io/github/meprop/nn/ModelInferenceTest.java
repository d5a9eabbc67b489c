package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Parallelism;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One-row and batch inference: predictions, probabilities, input checks, and sharing across threads. */
class ModelInferenceTest {
    private static final Dataset DATA = Synthetic.blobs("inference", 64, 7, 4, 1.0, 3);

    private static Model model() {
        return Model.mlp(new int[] {7, 12, 9, 4}, Activation.RELU, 5);
    }

    private static float[] row(int i) {
        return java.util.Arrays.copyOfRange(DATA.x(), i * 7, (i + 1) * 7);
    }

    @Test
    void oneRowBatchAndProbabilitiesAgree() {
        Model m = model();
        float[] logits = new float[DATA.size() * 4];
        m.logits(Parallelism.serial(), DATA.x(), DATA.size(), logits);
        float[][] rows = new float[DATA.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(i);
        }
        int[] batch = m.predict(rows);
        float[][] probs = m.probabilities(rows);
        for (int i = 0; i < DATA.size(); i++) {
            int best = 0;
            for (int c = 1; c < 4; c++) {
                best = logits[i * 4 + c] > logits[i * 4 + best] ? c : best;
            }
            assertEquals(best, m.predict(row(i)), "row " + i);
            assertEquals(best, batch[i]);
            float[] p = m.probabilities(row(i));
            // One row and a batch may round differently in the SIMD forward (docs/linear-kernels.md).
            assertArrayEquals(p, probs[i], 1e-6f);
            double sum = 0;
            for (int c = 0; c < 4; c++) {
                assertTrue(p[c] > 0 && p[c] < 1, "probability " + p[c]);
                sum += p[c];
                // softmax: p_c / p_best = exp(l_c − l_best)
                assertEquals(Math.exp(logits[i * 4 + c] - logits[i * 4 + best]), p[c] / p[best], 1e-5);
            }
            assertEquals(1.0, sum, 1e-6);
            int arg = 0;
            for (int c = 1; c < 4; c++) {
                arg = p[c] > p[arg] ? c : arg;
            }
            assertEquals(best, arg);
        }
        float[] flat = new float[DATA.size() * 4];
        m.probabilities(Parallelism.serial(), DATA.x(), DATA.size(), flat);
        for (int i = 0; i < DATA.size(); i++) {
            assertArrayEquals(probs[i], java.util.Arrays.copyOfRange(flat, i * 4, i * 4 + 4), 1e-6f);
        }
    }

    @Test
    void aWrongInputWidthNamesBothWidths() {
        Model m = model();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(new float[10]));
        assertTrue(e.getMessage().contains("10") && e.getMessage().contains("expects 7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.probabilities(new float[] {1, 2}));
        assertTrue(e.getMessage().contains("2 features") && e.getMessage().contains("expects 7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(new float[][] {row(0), new float[6]}));
        assertTrue(e.getMessage().contains("rows[1]") && e.getMessage().contains("6 features"), e.getMessage());
        Dataset wide = Synthetic.blobs("wide", 5, 8, 4, 1.0, 1);
        e = assertThrows(IllegalArgumentException.class, () -> m.accuracy(wide));
        assertTrue(e.getMessage().contains("'wide' has 8 features") && e.getMessage().contains("expects 7"),
                e.getMessage());
        assertThrows(NullPointerException.class, () -> m.predict((float[]) null));
    }

    @Test
    void manyThreadsPredictWhatOneThreadPredicts() throws Exception {
        Model m = model();
        int[] serial = new int[DATA.size()];
        float[][] serialP = new float[DATA.size()][];
        for (int i = 0; i < DATA.size(); i++) {
            serial[i] = m.predict(row(i));
            serialP[i] = m.probabilities(row(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                fs.add(pool.submit(() -> {
                    for (int rep = 0; rep < 200; rep++) {
                        int i = (rep * 7 + offset) % DATA.size();
                        if (m.predict(row(i)) != serial[i]
                                || !java.util.Arrays.equals(m.probabilities(row(i)), serialP[i])) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : fs) {
                assertTrue(f.get(), "a concurrent prediction differed from the serial one");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
