package io.github.meprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.kernels.provider.KernelProvider;
import io.github.meprop.kernels.provider.LinearKernel;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The overwriting backward ({@code accumulate == false}) against clearing dw and db first and
 * accumulating, and the large-k crossover of {@link Linear#backwardSparse} (dense kernels on the
 * masked block of dy) against the per-example sparse kernels: bit for bit, on awkward sizes, with ±0
 * and ties in dy. Runs in every Surefire execution, so on the SIMD kernels at 512, 256 and 128 bits
 * and on the plain-Java ones.
 */
class LinearOverwriteTest {
    private static final int[] BATCHES = {1, 3, 17};
    private static final int[] INS = {1, 15, 17, 33, 207};
    private static final int[] OUTS = {1, 2, 17, 40, 207};

    /** The largest k that still runs the per-example kernels (for out ≥ 4). */
    private static int atCrossover(int out) {
        return (int) Math.floor(Linear.SPARSE_DENSE_CROSSOVER * out);
    }

    /** dy with ties (a few repeated magnitudes, both signs) and signed zeros. */
    private static float[] awkwardDy(SplittableRandom rnd, int n) {
        float[] dy = LinearFixtures.gaussian(rnd, n);
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(8)) {
                case 0 -> dy[i] = 0.0f;
                case 1 -> dy[i] = -0.0f;
                case 2 -> dy[i] = rnd.nextBoolean() ? 0.75f : -0.75f;
                default -> { }
            }
        }
        return dy;
    }

    private static void assertBits(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    @Test
    void overwritingDenseBackwardEqualsClearingThenAccumulating() {
        SplittableRandom rnd = new SplittableRandom(41);
        for (int batch : BATCHES) {
            for (int in : INS) {
                for (int out : OUTS) {
                    float[] x = LinearFixtures.gaussian(rnd, batch * in);
                    float[] w = LinearFixtures.gaussian(rnd, out * in);
                    float[] dy = awkwardDy(rnd, batch * out);
                    float[] dw = LinearFixtures.gaussian(rnd, out * in);
                    float[] db = LinearFixtures.gaussian(rnd, out);
                    float[] dx = new float[batch * in];
                    float[] dwRef = new float[out * in];
                    float[] dbRef = new float[out];
                    float[] dxRef = new float[batch * in];
                    Linear.backward(Parallelism.serial(), x, w, dy, dxRef, dwRef, dbRef, batch, in, out, true);
                    Linear.backward(Parallelism.serial(), x, w, dy, dx, dw, db, batch, in, out, false);
                    String at = "dense " + batch + "x" + in + "x" + out;
                    assertBits(at + " dw", dwRef, dw);
                    assertBits(at + " db", dbRef, db);
                    assertBits(at + " dx", dxRef, dx);
                }
            }
        }
    }

    @Test
    void overwritingSparseBackwardWritesExactlyTheSelectedRows() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int batch : BATCHES) {
            for (int in : INS) {
                for (int out : OUTS) {
                    for (int k : new int[] {1, Math.max(1, atCrossover(out)), atCrossover(out) + 1, out - 1, out}) {
                        if (k < 1 || k > out) {
                            continue;
                        }
                        float[] x = LinearFixtures.gaussian(rnd, batch * in);
                        float[] w = LinearFixtures.gaussian(rnd, out * in);
                        float[] dy = awkwardDy(rnd, batch * out);
                        int[] idx = LinearFixtures.randomRows(rnd, batch, out, k);
                        float[] old = LinearFixtures.gaussian(rnd, out * in);
                        float[] dw = old.clone();
                        float[] db = LinearFixtures.gaussian(rnd, out);
                        float[] dwRef = new float[out * in];
                        float[] dbRef = new float[out];
                        Linear.backwardSparse(Parallelism.serial(), x, w, dy, idx, k, null, dwRef, dbRef, batch, in,
                                out, true);
                        Linear.backwardSparse(Parallelism.serial(), x, w, dy, idx, k, null, dw, db, batch, in, out,
                                false);
                        boolean[] selected = new boolean[out];
                        for (int j : idx) {
                            selected[j] = true;
                        }
                        String at = "sparse " + batch + "x" + in + "x" + out + " k=" + k;
                        for (int j = 0; j < out; j++) {
                            // Unselected rows are not written, above the crossover too.
                            float[] expected = selected[j] ? dwRef : old;
                            assertBits(at + " dw row " + j, Arrays.copyOfRange(expected, j * in, (j + 1) * in),
                                    Arrays.copyOfRange(dw, j * in, (j + 1) * in));
                        }
                        assertBits(at + " db", dbRef, db);
                    }
                }
            }
        }
    }

    @Test
    void overwritingUnifiedBackwardWritesExactlyTheSelectedRows() {
        SplittableRandom rnd = new SplittableRandom(43);
        for (int batch : BATCHES) {
            for (int in : INS) {
                for (int out : OUTS) {
                    int k = Math.max(1, out / 3);
                    float[] x = LinearFixtures.gaussian(rnd, batch * in);
                    float[] w = LinearFixtures.gaussian(rnd, out * in);
                    float[] dy = awkwardDy(rnd, batch * out);
                    int[] idx = LinearFixtures.randomRows(rnd, 1, out, k);
                    float[] old = LinearFixtures.gaussian(rnd, out * in);
                    float[] dw = old.clone();
                    float[] db = LinearFixtures.gaussian(rnd, out);
                    float[] dx = new float[batch * in];
                    float[] dwRef = new float[out * in];
                    float[] dbRef = new float[out];
                    float[] dxRef = new float[batch * in];
                    Linear.backwardUnified(Parallelism.serial(), x, w, dy, idx, k, dxRef, dwRef, dbRef, batch, in, out,
                            true);
                    Linear.backwardUnified(Parallelism.serial(), x, w, dy, idx, k, dx, dw, db, batch, in, out, false);
                    boolean[] selected = new boolean[out];
                    for (int j : idx) {
                        selected[j] = true;
                    }
                    String at = "unified " + batch + "x" + in + "x" + out + " k=" + k;
                    for (int j = 0; j < out; j++) {
                        float[] expected = selected[j] ? dwRef : old;
                        assertBits(at + " dw row " + j, Arrays.copyOfRange(expected, j * in, (j + 1) * in),
                                Arrays.copyOfRange(dw, j * in, (j + 1) * in));
                    }
                    assertBits(at + " db", dbRef, db);
                    assertBits(at + " dx", dxRef, dx);
                }
            }
        }
    }

    @Test
    void crossoverIsExactlyThePerExampleKernel() {
        LinearKernel kernels = KernelProvider.get().linear();
        SplittableRandom rnd = new SplittableRandom(44);
        int checked = 0;
        for (int batch : new int[] {1, 7, 100}) {
            for (int in : new int[] {1, 17, 207, 784}) {
                for (int out : new int[] {2, 17, 207, 500}) {
                    for (int k : new int[] {atCrossover(out), atCrossover(out) + 1, out / 2, out - 1, out}) {
                        if (k < 1) {
                            continue;
                        }
                        float[] x = LinearFixtures.gaussian(rnd, batch * in);
                        float[] w = LinearFixtures.gaussian(rnd, out * in);
                        float[] dy = awkwardDy(rnd, batch * out);
                        int[] idx = LinearFixtures.randomRows(rnd, batch, out, k);
                        // Unselected entries may hold anything, NaN included: the crossover masks them.
                        boolean[] sel = new boolean[batch * out];
                        for (int r = 0; r < batch; r++) {
                            for (int t = 0; t < k; t++) {
                                sel[r * out + idx[r * k + t]] = true;
                            }
                        }
                        for (int i = 0; i < dy.length; i++) {
                            if (!sel[i] && rnd.nextInt(4) == 0) {
                                dy[i] = Float.NaN;
                            }
                        }
                        float[] dw0 = LinearFixtures.gaussian(rnd, out * in);
                        float[] dwRef = dw0.clone();
                        float[] dw = dw0.clone();
                        float[] dxRef = new float[batch * in];
                        float[] dx = new float[batch * in];
                        float[] dbRef = new float[out];
                        float[] db = new float[out];
                        LinearFixtures.sparseKernels(kernels, x, w, dy, idx, k, dxRef, dwRef, dbRef, batch, in, out);
                        Linear.backwardSparse(x, w, dy, idx, k, dx, dw, db, batch, in, out);
                        String at = batch + "x" + in + "x" + out + " k=" + k;
                        assertBits(at + " dx", dxRef, dx);
                        assertBits(at + " dw", dwRef, dw);
                        assertBits(at + " db", dbRef, db);
                        if (Linear.sparseRunsDense(k, out)) {
                            checked++;
                        }
                    }
                }
            }
        }
        assertTrue(checked > 20, "the crossover ran in " + checked + " cases");
    }

    @Test
    void crossoverThresholdIsAFractionOfTheWidth() {
        assertFalse(Linear.sparseRunsDense(20, 500));
        assertTrue(Linear.sparseRunsDense(500, 500));
        int first = 1;
        while (!Linear.sparseRunsDense(first, 500)) {
            first++;
        }
        assertEquals((int) Math.floor(Linear.SPARSE_DENSE_CROSSOVER * 500) + 1, first);
        assertTrue(Linear.sparseRunsDense(2, 2));
    }
}
