package io.github.meprop.kernels;

import static io.github.meprop.kernels.LinearFixtures.assertSameBits;
import static io.github.meprop.kernels.LinearFixtures.assertSameValues;
import static io.github.meprop.kernels.LinearFixtures.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.kernels.provider.KernelProvider;
import io.github.meprop.kernels.provider.LinearKernel;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The per-example sparse backward with selections in compressed sparse rows (k varying per example,
 * empty rows, k = out in some rows, offsets not starting at 0): SIMD kernels against their plain-Java
 * twins bit for bit, against the dense backward of the masked dY, both branches (sparse and dense
 * crossover) writing exactly the selected rows, the fixed-k calls as the CSR call with
 * {@code offsets[r] = r·k}, splits over 1, 2 and 3 threads, and the argument checks.
 */
class LinearCsrTest {
    private static final LinearKernel SIMD = KernelProvider.get().linear();
    private static final LinearKernel SCALAR = KernelProvider.scalar().linear();
    private static final Parallelism SERIAL = Parallelism.serial();
    private static final int[] SIZES = {1, 7, 8, 9, 15, 16, 17, 33, 207, 300};

    /** A CSR selection: offsets[0..batch], idx with {@code base} unused entries before and 3 after. */
    record Csr(int[] offsets, int[] idx, int batch, int out) {
        int nnz() {
            return offsets[batch] - offsets[0];
        }

        boolean selected(int r, int j) {
            for (int p = offsets[r]; p < offsets[r + 1]; p++) {
                if (idx[p] == j) {
                    return true;
                }
            }
            return false;
        }

        boolean[] union() {
            boolean[] u = new boolean[out];
            for (int p = offsets[0]; p < offsets[batch]; p++) {
                u[idx[p]] = true;
            }
            return u;
        }

        /** dy with every unselected entry zeroed. */
        float[] mask(float[] dy) {
            float[] m = new float[batch * out];
            for (int r = 0; r < batch; r++) {
                for (int p = offsets[r]; p < offsets[r + 1]; p++) {
                    m[r * out + idx[p]] = dy[r * out + idx[p]];
                }
            }
            return m;
        }
    }

    /**
     * Per example a k drawn around {@code meanK} (uniform in 0..2·meanK, capped at out), with about
     * one example in six empty and one in six selecting every row; positions random, ascending.
     */
    static Csr randomCsr(SplittableRandom rnd, int batch, int out, int meanK, int base) {
        int[] offsets = new int[batch + 1];
        int[] ks = new int[batch];
        offsets[0] = base;
        for (int r = 0; r < batch; r++) {
            int k = switch (rnd.nextInt(6)) {
                case 0 -> 0;
                case 1 -> out;
                default -> Math.min(out, rnd.nextInt(2 * meanK + 1));
            };
            ks[r] = k;
            offsets[r + 1] = offsets[r] + k;
        }
        int[] idx = new int[offsets[batch] + 3];
        Arrays.fill(idx, -5); // outside 0..out: must never be read
        for (int r = 0; r < batch; r++) {
            int[] rows = LinearFixtures.randomRows(rnd, 1, out, ks[r]);
            System.arraycopy(rows, 0, idx, offsets[r], ks[r]);
        }
        return new Csr(offsets, idx, batch, out);
    }

    private static float[][] kernels(LinearKernel kern, float[] x, float[] w, float[] dy, Csr s, float[] dw0,
            float[] db0, int in) {
        float[] dx = new float[s.batch() * in];
        Arrays.fill(dx, Float.NaN); // overwritten, never read
        float[] dw = dw0.clone();
        float[] db = db0.clone();
        LinearFixtures.sparseKernels(kern, x, w, dy, s.offsets(), s.idx(), dx, dw, db, s.batch(), in, s.out());
        return new float[][] {dx, dw, db};
    }

    private static float[][] facade(Parallelism par, float[] x, float[] w, float[] dy, Csr s, float[] dw0,
            float[] db0, int in, boolean accumulate) {
        float[] dx = new float[s.batch() * in];
        Arrays.fill(dx, Float.NaN);
        float[] dw = dw0.clone();
        float[] db = db0.clone();
        Linear.backwardSparse(par, x, w, dy, s.offsets(), s.idx(), dx, dw, db, s.batch(), in, s.out(), accumulate);
        return new float[][] {dx, dw, db};
    }

    @Test
    void twinsAreIdenticalAndEqualTheDenseBackwardOfTheMaskedGradient() {
        SplittableRandom rnd = new SplittableRandom(61);
        for (int batch : new int[] {1, 3, 4, 5, 9, 17}) {
            for (int in : SIZES) {
                for (int out : SIZES) {
                    float[] x = gaussian(rnd, batch * in);
                    float[] w = gaussian(rnd, out * in);
                    float[] dy = gaussian(rnd, batch * out);
                    float[] dw0 = gaussian(rnd, out * in);
                    float[] db0 = gaussian(rnd, out);
                    Csr s = randomCsr(rnd, batch, out, Math.max(1, out / 4), rnd.nextInt(3));
                    String at = batch + "x" + in + "x" + out + " offsets " + Arrays.toString(s.offsets());
                    float[][] simd = kernels(SIMD, x, w, dy, s, dw0, db0, in);
                    float[][] scalar = kernels(SCALAR, x, w, dy, s, dw0, db0, in);
                    assertSameBits("dx " + at, scalar[0], simd[0]);
                    assertSameBits("dw " + at, scalar[1], simd[1]);
                    assertSameBits("db " + at, scalar[2], simd[2]);
                    float[] dxDense = new float[batch * in];
                    float[] dwDense = dw0.clone();
                    float[] dbDense = db0.clone();
                    Linear.backward(x, w, s.mask(dy), dxDense, dwDense, null, batch, in, out);
                    Linear.backward(x, w, dy, null, new float[out * in], dbDense, batch, in, out);
                    assertSameValues("dx vs dense of masked dy " + at, dxDense, simd[0]);
                    assertSameValues("dw vs dense of masked dy " + at, dwDense, simd[1]);
                    assertSameBits("db uses all of dy " + at, dbDense, simd[2]);
                    float[][] viaFacade = facade(SERIAL, x, w, dy, s, dw0, db0, in, true);
                    assertSameValues("facade dx " + at, simd[0], viaFacade[0]);
                    assertSameValues("facade dw " + at, simd[1], viaFacade[1]);
                    assertSameBits("facade db " + at, simd[2], viaFacade[2]);
                }
            }
        }
    }

    @Test
    void emptyRowsGiveZeroDxAndAnEmptySelectionWritesNoRow() {
        SplittableRandom rnd = new SplittableRandom(62);
        int batch = 6, in = 37, out = 11;
        float[] x = gaussian(rnd, batch * in);
        float[] w = gaussian(rnd, out * in);
        float[] dy = gaussian(rnd, batch * out);
        float[] dw0 = gaussian(rnd, out * in);
        Csr none = new Csr(new int[batch + 1], new int[0], batch, out);
        float[][] g = facade(SERIAL, x, w, dy, none, dw0, new float[out], in, false);
        assertSameBits("dx of empty rows", new float[batch * in], g[0]);
        assertSameBits("dw untouched", dw0, g[1]);
        float[] db = new float[out];
        Linear.backward(x, w, dy, null, new float[out * in], db, batch, in, out);
        assertSameBits("db", db, g[2]);
    }

    @Test
    void bothBranchesWriteExactlyTheSelectedRowsWithThePerExampleKernelsBits() {
        SplittableRandom rnd = new SplittableRandom(63);
        int branches = 0;
        for (int batch : new int[] {1, 7, 40}) {
            for (int in : new int[] {1, 17, 207}) {
                for (int out : new int[] {2, 17, 60, 207}) {
                    for (int meanK : new int[] {1, out / 8, out / 3, out / 2, out}) {
                        float[] x = gaussian(rnd, batch * in);
                        float[] w = gaussian(rnd, out * in);
                        float[] dy = gaussian(rnd, batch * out);
                        Csr s = randomCsr(rnd, batch, out, Math.max(1, meanK), rnd.nextInt(2) * 5);
                        for (int r = 0; r < batch; r++) { // unselected entries may hold anything
                            for (int j = 0; j < out; j++) {
                                if (!s.selected(r, j) && rnd.nextInt(4) == 0) {
                                    dy[r * out + j] = Float.NaN;
                                }
                            }
                        }
                        boolean dense = Linear.sparseRunsDense(s.nnz(), batch, out);
                        branches += dense ? 1 : 0;
                        String at = batch + "x" + in + "x" + out + " nnz " + s.nnz() + (dense ? " (dense)" : " (sparse)");
                        float[] old = gaussian(rnd, out * in);
                        float[][] ref = kernels(SIMD, x, w, dy, s, new float[out * in], new float[out], in);
                        float[][] g = facade(SERIAL, x, w, dy, s, old, gaussian(rnd, out), in, false);
                        assertSameBits("dx " + at, ref[0], g[0]);
                        assertSameBits("db " + at, ref[2], g[2]);
                        boolean[] u = s.union();
                        for (int j = 0; j < out; j++) {
                            float[] expected = u[j] ? ref[1] : old;
                            assertSameBits("dw row " + j + " " + at, Arrays.copyOfRange(expected, j * in, (j + 1) * in),
                                    Arrays.copyOfRange(g[1], j * in, (j + 1) * in));
                        }
                        float[][] acc = facade(SERIAL, x, w, dy, s, old, new float[out], in, true);
                        float[][] accRef = kernels(SIMD, x, w, dy, s, old, new float[out], in);
                        assertSameBits("accumulating dw " + at, accRef[1], acc[1]);
                    }
                }
            }
        }
        assertTrue(branches > 10, "the dense branch ran in " + branches + " cases");
    }

    @Test
    void fixedKCallsAreTheCsrCallWithOffsetsRTimesK() {
        SplittableRandom rnd = new SplittableRandom(64);
        for (int[] shape : new int[][] {{100, 784, 500}, {9, 33, 17}, {1, 207, 7}}) {
            int batch = shape[0], in = shape[1], out = shape[2];
            float[] x = gaussian(rnd, batch * in);
            float[] w = gaussian(rnd, out * in);
            float[] dy = gaussian(rnd, batch * out);
            float[] dw0 = gaussian(rnd, out * in);
            float[] db0 = gaussian(rnd, out);
            for (int k : new int[] {0, 1, out / 25, out / 3, out}) {
                int[] idx = LinearFixtures.randomRows(rnd, batch, out, k);
                Csr s = new Csr(LinearFixtures.fixedOffsets(batch, k), idx, batch, out);
                for (boolean accumulate : new boolean[] {true, false}) {
                    float[][] csr = facade(SERIAL, x, w, dy, s, dw0, db0, in, accumulate);
                    float[] dx = new float[batch * in];
                    Arrays.fill(dx, Float.NaN);
                    float[] dw = dw0.clone();
                    float[] db = db0.clone();
                    Linear.backwardSparse(SERIAL, x, w, dy, idx, k, dx, dw, db, batch, in, out, accumulate);
                    String at = batch + "x" + in + "x" + out + " k " + k + " accumulate " + accumulate;
                    assertSameBits("dx " + at, dx, csr[0]);
                    assertSameBits("dw " + at, dw, csr[1]);
                    assertSameBits("db " + at, db, csr[2]);
                }
            }
        }
    }

    @Test
    void splitsOverOneTwoAndThreeThreadsGiveTheSerialBits() {
        SplittableRandom rnd = new SplittableRandom(65);
        for (int[] shape : new int[][] {{100, 784, 500}, {37, 129, 61}, {7, 1, 300}}) {
            int batch = shape[0], in = shape[1], out = shape[2];
            float[] x = gaussian(rnd, batch * in);
            float[] w = gaussian(rnd, out * in);
            float[] dy = gaussian(rnd, batch * out);
            float[] dw0 = gaussian(rnd, out * in);
            float[] db0 = gaussian(rnd, out);
            for (int meanK : new int[] {Math.max(1, out / 25), out / 2}) {
                Csr s = randomCsr(rnd, batch, out, meanK, 2);
                for (boolean accumulate : new boolean[] {true, false}) {
                    float[][] serial = facade(SERIAL, x, w, dy, s, dw0, db0, in, accumulate);
                    for (int threads = 1; threads <= 3; threads++) {
                        try (Parallelism par = Parallelism.allThreads(threads)) {
                            for (int rep = 0; rep < 2; rep++) {
                                float[][] g = facade(par, x, w, dy, s, dw0, db0, in, accumulate);
                                String at = batch + "x" + in + "x" + out + " nnz " + s.nnz() + ", " + threads
                                        + " threads, accumulate " + accumulate + ", call " + rep;
                                assertSameBits("dx " + at, serial[0], g[0]);
                                assertSameBits("dw " + at, serial[1], g[1]);
                                assertSameBits("db " + at, serial[2], g[2]);
                            }
                        }
                    }
                }
            }
        }
    }

    /** A selection crowded into a few rows, as trained gradients give: the row split still gives the serial bits. */
    @Test
    void aSelectionCrowdedIntoFewRowsSplitsToTheSerialBits() {
        SplittableRandom rnd = new SplittableRandom(67);
        int batch = 100, in = 784, out = 500, k = 20;
        float[] x = gaussian(rnd, batch * in);
        float[] w = gaussian(rnd, out * in);
        float[] dy = gaussian(rnd, batch * out);
        float[] dw0 = gaussian(rnd, out * in);
        float[] db0 = gaussian(rnd, out);
        for (int crowd : new int[] {20, 45, 470}) { // the rows every example picks from: first 45, or rows 470..499
            int[] offsets = new int[batch + 1];
            offsets[0] = 1;
            int[] idx = new int[1 + batch * k + 3];
            Arrays.fill(idx, -5);
            for (int r = 0; r < batch; r++) {
                int[] rows = LinearFixtures.randomRows(rnd, 1, crowd == 470 ? 30 : crowd, k);
                for (int t = 0; t < k; t++) {
                    idx[offsets[r] + t] = rows[t] + (crowd == 470 ? 470 : 0);
                }
                offsets[r + 1] = offsets[r] + k;
            }
            Csr s = new Csr(offsets, idx, batch, out);
            for (boolean accumulate : new boolean[] {true, false}) {
                float[][] serial = facade(SERIAL, x, w, dy, s, dw0, db0, in, accumulate);
                for (int threads = 2; threads <= 3; threads++) {
                    try (Parallelism par = Parallelism.allThreads(threads)) {
                        float[][] g = facade(par, x, w, dy, s, dw0, db0, in, accumulate);
                        String at = "crowd " + crowd + ", " + threads + " threads, accumulate " + accumulate;
                        assertSameBits("dx " + at, serial[0], g[0]);
                        assertSameBits("dw " + at, serial[1], g[1]);
                        assertSameBits("db " + at, serial[2], g[2]);
                    }
                }
            }
        }
    }

    @Test
    void offsetsNeedNotStartAtZero() {
        SplittableRandom rnd = new SplittableRandom(66);
        int batch = 9, in = 40, out = 23;
        float[] x = gaussian(rnd, batch * in);
        float[] w = gaussian(rnd, out * in);
        float[] dy = gaussian(rnd, batch * out);
        float[] dw0 = gaussian(rnd, out * in);
        for (int meanK : new int[] {2, 12}) {
            Csr at0 = randomCsr(rnd, batch, out, meanK, 0);
            int shift = 11;
            int[] offsets = Arrays.stream(at0.offsets()).map(o -> o + shift).toArray();
            int[] idx = new int[at0.idx().length + shift];
            Arrays.fill(idx, 0, shift, 1_000_000);
            System.arraycopy(at0.idx(), 0, idx, shift, at0.idx().length);
            float[][] a = facade(SERIAL, x, w, dy, at0, dw0, new float[out], in, false);
            float[][] b = facade(SERIAL, x, w, dy, new Csr(offsets, idx, batch, out), dw0, new float[out], in, false);
            for (int i = 0; i < 3; i++) {
                assertSameBits("gradient " + i + ", mean k " + meanK, a[i], b[i]);
            }
        }
    }

    @Test
    void theCrossoverRuleForNnzIsTheFixedKRule() {
        for (int out : new int[] {1, 2, 3, 7, 10, 17, 100, 207, 500, 784, 1000, 4096, 65_537}) {
            for (int batch : new int[] {1, 3, 100, 1000}) {
                for (int k = 0; k <= out; k += Math.max(1, out / 997)) {
                    assertEquals(Linear.sparseRunsDense(k, out), Linear.sparseRunsDense(batch * k, batch, out),
                            "k " + k + ", out " + out + ", batch " + batch);
                }
            }
            assertFalse(Linear.sparseRunsDense(0, 0, out), "batch 0");
        }
        assertTrue(Linear.sparseRunsDense(31, 1, 100));
        assertFalse(Linear.sparseRunsDense(30, 1, 100));
        assertTrue(Linear.sparseRunsDense(3001, 100, 100));
        assertFalse(Linear.sparseRunsDense(3000, 100, 100));
    }

    private static void assertThrowsNaming(Class<? extends Throwable> type, String needle, Executable call) {
        Throwable e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(needle),
                () -> "message should name " + needle + ": " + e.getMessage());
    }

    @Test
    void badSelectionsAreRejectedByNameAndWriteNothing() {
        SplittableRandom rnd = new SplittableRandom(67);
        int batch = 3, in = 5, out = 4;
        float[] x = gaussian(rnd, batch * in);
        float[] w = gaussian(rnd, out * in);
        float[] dy = gaussian(rnd, batch * out);
        float[] dx = new float[batch * in];
        float[] dw = gaussian(rnd, out * in);
        float[] db = new float[out];
        float[] dwBefore = dw.clone();
        int[] idx = {0, 2, 1, 3, 0, 1};
        int[] offsets = {0, 2, 4, 6};
        Linear.backwardSparse(SERIAL, x, w, dy, offsets, idx, dx.clone(), dw.clone(), db.clone(), batch, in, out, false);
        assertThrowsNaming(NullPointerException.class, "offsets",
                () -> Linear.backwardSparse(SERIAL, x, w, dy, null, idx, dx, dw, db, batch, in, out, false));
        assertThrowsNaming(NullPointerException.class, "idx",
                () -> Linear.backwardSparse(SERIAL, x, w, dy, offsets, null, dx, dw, db, batch, in, out, false));
        assertThrowsNaming(NullPointerException.class, "par",
                () -> Linear.backwardSparse(null, x, w, dy, offsets, idx, dx, dw, db, batch, in, out, false));
        assertThrowsNaming(IndexOutOfBoundsException.class, "offsets has length 3",
                () -> Linear.backwardSparse(SERIAL, x, w, dy, new int[] {0, 2, 4}, idx, dx, dw, db, batch, in, out,
                        false));
        assertThrowsNaming(IllegalArgumentException.class, "offsets[0] = -1",
                () -> Linear.backwardSparse(SERIAL, x, w, dy, new int[] {-1, 2, 4, 6}, idx, dx, dw, db, batch, in,
                        out, false));
        assertThrowsNaming(IllegalArgumentException.class, "offsets[2] = 1 is below offsets[1] = 2",
                () -> Linear.backwardSparse(SERIAL, x, w, dy, new int[] {0, 2, 1, 6}, idx, dx, dw, db, batch, in,
                        out, false));
        assertThrowsNaming(IndexOutOfBoundsException.class, "offsets[3] = 7 exceeds the length of idx (6)",
                () -> Linear.backwardSparse(SERIAL, x, w, dy, new int[] {0, 2, 4, 7}, idx, dx, dw, db, batch, in,
                        out, false));
        assertThrowsNaming(IllegalArgumentException.class, "idx[3] (example 1) = 1",
                () -> Linear.backwardSparse(SERIAL, x, w, dy, offsets, new int[] {0, 2, 3, 1, 0, 1}, dx, dw, db,
                        batch, in, out, false));
        assertThrowsNaming(IllegalArgumentException.class, "idx[5] (example 2) = 4",
                () -> Linear.backwardSparse(SERIAL, x, w, dy, offsets, new int[] {0, 2, 1, 3, 0, 4}, dx, dw, db,
                        batch, in, out, false));
        assertThrowsNaming(IllegalArgumentException.class, "idx[1] (example 0) = -2",
                () -> Linear.backwardSparse(SERIAL, x, w, dy, new int[] {0, 2, 2, 2}, new int[] {1, -2}, dx, dw, db,
                        batch, in, out, false));
        assertThrowsNaming(IndexOutOfBoundsException.class, "dy has length 1",
                () -> Linear.backwardSparse(SERIAL, x, w, new float[1], offsets, idx, dx, dw, db, batch, in, out,
                        false));
        assertSameBits("dw untouched by rejected calls", dwBefore, dw);
        assertSameBits("dx untouched by rejected calls", new float[batch * in], dx);
    }
}
