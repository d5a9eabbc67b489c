package io.github.meprop.kernels;

import static io.github.meprop.kernels.LinearFixtures.assertClose;
import static io.github.meprop.kernels.LinearFixtures.assertSameBits;
import static io.github.meprop.kernels.LinearFixtures.assertSameValues;
import static io.github.meprop.kernels.LinearFixtures.dwReference;
import static io.github.meprop.kernels.LinearFixtures.dxReference;
import static io.github.meprop.kernels.LinearFixtures.forwardReference;
import static io.github.meprop.kernels.LinearFixtures.gaussian;
import static io.github.meprop.kernels.LinearFixtures.randomRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.kernels.internal.LinearTask;
import io.github.meprop.kernels.provider.KernelProvider;
import io.github.meprop.kernels.provider.LinearKernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kernels of this JVM's provider (SIMD when the Vector API module is present) against their
 * plain-Java twins and a double-precision reference, on shapes that hit every tile and tail path:
 * sizes below, at and around the lane counts (4, 8, 16), 207, 500, 702, 784.
 */
class LinearKernelTwinTest {
    private static final int[] SIZES = {1, 7, 8, 9, 15, 16, 17, 207, 500, 702, 784};
    private static final LinearKernel SIMD = KernelProvider.get().linear();
    private static final LinearKernel SCALAR = KernelProvider.scalar().linear();
    private static final Parallelism SERIAL = Parallelism.serial();

    /** batch 1 and 3 on every (in, out) pair; batch 100 on the model's shapes and a few awkward ones. */
    static List<int[]> shapes() {
        List<int[]> s = new ArrayList<>();
        for (int batch : new int[] {1, 3}) {
            for (int in : SIZES) {
                for (int out : SIZES) {
                    s.add(new int[] {batch, in, out});
                }
            }
        }
        for (int[] io : new int[][] {{784, 500}, {500, 500}, {500, 10}, {207, 17}, {17, 207}, {9, 702}, {1, 1},
                {16, 15}, {702, 7}}) {
            s.add(new int[] {100, io[0], io[1]});
        }
        s.add(new int[] {0, 9, 7});
        s.add(new int[] {5, 0, 7});
        s.add(new int[] {5, 9, 0});
        return s;
    }

    private static String name(int[] s) {
        return "batch " + s[0] + ", in " + s[1] + ", out " + s[2];
    }

    @Test
    void forwardMatchesTheReferenceOnBothPaths() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int[] s : shapes()) {
            int batch = s[0], in = s[1], out = s[2];
            float[] x = gaussian(rnd, batch * in);
            float[] w = gaussian(rnd, out * in);
            float[] b = rnd.nextBoolean() ? gaussian(rnd, out) : null;
            double[][] ref = forwardReference(x, w, b, batch, in, out);
            for (LinearKernel k : new LinearKernel[] {SIMD, SCALAR}) {
                float[] y = new float[batch * out];
                Arrays.fill(y, Float.NaN);
                k.gemm().forward(x, w, b, y, batch, in, out, 0, out);
                assertClose("y (" + name(s) + ", " + k.getClass().getSimpleName() + ")", ref, y, batch * out);
            }
        }
    }

    /**
     * The SIMD forward runs whole vectors of examples as one FMA chain per output in index order,
     * the plain-Java twin's order, so those rows agree bit for bit; only the last batch % lanes
     * examples (dot-product tiles) differ by rounding.
     */
    @Test
    void forwardOfWholeVectorsOfExamplesEqualsThePlainJavaTwinExactly() {
        int lanes = Math.max(1, Kernels.vectorBits() / 32);
        SplittableRandom rnd = new SplittableRandom(8);
        // Panels of 3 vectors of examples, then one-vector panels, then the dot-product tail: every mix.
        for (int[] s : new int[][] {{100, 784, 500}, {3 * lanes + 1, 207, 17}, {lanes, 9, 7}, {2 * lanes, 1, 33},
                {7 * lanes + 3, 702, 13}, {6 * lanes, 500, 6}, {4 * lanes + lanes - 1, 3, 4}, {1, 33, 5}}) {
            int batch = s[0], in = s[1], out = s[2];
            float[] x = gaussian(rnd, batch * in);
            float[] w = gaussian(rnd, out * in);
            float[] b = gaussian(rnd, out);
            float[] ySimd = new float[batch * out];
            float[] yScalar = new float[batch * out];
            SIMD.gemm().forward(x, w, b, ySimd, batch, in, out, 0, out);
            SCALAR.gemm().forward(x, w, b, yScalar, batch, in, out, 0, out);
            int exact = batch / lanes * lanes * out;
            assertSameBits("y rows of whole vectors (" + name(s) + ")", Arrays.copyOf(yScalar, exact),
                    Arrays.copyOf(ySimd, exact));
        }
    }

    /**
     * The last {@code batch % lanes} examples (dot-product tiles) follow one fixed order, the same
     * in every JIT tier and before and after issue 14 (which changed how the lane sums are
     * computed, not their tree): lane q of one vector chain takes the products of the positions
     * {@code i ≡ q (mod lanes)} below {@code in − in % lanes} in ascending order, the lanes are
     * added by the fixed folding tree (lane q gets lane q + h for h = lanes/2 .. 1), the last
     * {@code in % lanes} products follow by scalar FMAs, then the bias. Checked bit for bit on
     * batches whose tails take the 4-example tiles, the one-example tiles and both, with in and out
     * below, at and around the lane count and 207, 500, 702; batch 0 writes nothing.
     */
    @Test
    void forwardOfTheLastExamplesIsTheFixedLaneTreeExactly() {
        // plain-Java kernels (vectorBits 0, taken as lanes = 1): one FMA chain in ascending order, then the bias
        int lanes = Math.max(1, Kernels.vectorBits() / 32);
        SplittableRandom rnd = new SplittableRandom(14);
        float[] untouched = {-7f, -7f};
        SIMD.gemm().forward(new float[0], new float[3], new float[1], untouched, 0, 3, 1, 0, 1);
        assertSameBits("batch 0 writes nothing", new float[] {-7f, -7f}, untouched);
        for (int batch : new int[] {1, 3, 4, 5, lanes - 1, lanes + 1, 2 * lanes + 4, 3 * lanes + lanes - 1, 100}) {
            for (int in : new int[] {1, lanes - 1, lanes, lanes + 1, 207, 500, 702}) {
                if (in < 1) {
                    continue;
                }
                for (int out : new int[] {1, 3, 5, 13}) {
                    float[] x = gaussian(rnd, batch * in);
                    float[] w = gaussian(rnd, out * in);
                    float[] b = gaussian(rnd, out);
                    float[] y = new float[batch * out];
                    SIMD.gemm().forward(x, w, b, y, batch, in, out, 0, out);
                    for (int r = lanes == 1 ? 0 : batch / lanes * lanes; r < batch; r++) {
                        for (int j = 0; j < out; j++) {
                            float expected = laneTreeDot(x, r * in, w, j * in, in, lanes) + b[j];
                            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(y[r * out + j]),
                                    "y[" + r + ", " + j + "] of " + batch + " x " + in + " x " + out);
                        }
                    }
                }
            }
        }
    }

    /** The dot product in the order of the SIMD forward's dot-product tiles (see the test above). */
    private static float laneTreeDot(float[] x, int x0, float[] w, int w0, int in, int lanes) {
        float[] acc = new float[lanes];
        int bound = in - in % lanes;
        for (int i = 0; i < bound; i += lanes) {
            for (int q = 0; q < lanes; q++) {
                acc[q] = Math.fma(x[x0 + i + q], w[w0 + i + q], acc[q]);
            }
        }
        for (int h = lanes / 2; h >= 1; h /= 2) {
            float[] next = new float[lanes];
            for (int q = 0; q < lanes; q++) {
                next[q] = acc[q] + acc[q ^ h];
            }
            acc = next;
        }
        float s = acc[0];
        for (int i = bound; i < in; i++) {
            s = Math.fma(x[x0 + i], w[w0 + i], s);
        }
        return s;
    }

    @Test
    void forwardOverAColumnRangeWritesOnlyThatRange() {
        SplittableRandom rnd = new SplittableRandom(2);
        int batch = 5, in = 33, out = 23;
        float[] x = gaussian(rnd, batch * in);
        float[] w = gaussian(rnd, out * in);
        float[] b = gaussian(rnd, out);
        for (LinearKernel k : new LinearKernel[] {SIMD, SCALAR}) {
            float[] full = new float[batch * out];
            k.gemm().forward(x, w, b, full, batch, in, out, 0, out);
            float[] part = new float[batch * out];
            Arrays.fill(part, -7f);
            k.gemm().forward(x, w, b, part, batch, in, out, 5, 17);
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < out; j++) {
                    float expected = j >= 5 && j < 17 ? full[r * out + j] : -7f;
                    assertEquals(expected, part[r * out + j], "y[" + r + ", " + j + "]");
                }
            }
        }
    }

    @Test
    void denseBackwardIsIdenticalOnBothPathsAndMatchesTheReference() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int[] s : shapes()) {
            int batch = s[0], in = s[1], out = s[2];
            float[] x = gaussian(rnd, batch * in);
            float[] w = gaussian(rnd, out * in);
            float[] dy = gaussian(rnd, batch * out);
            float[] dw0 = gaussian(rnd, out * in);
            float[] db0 = gaussian(rnd, out);
            float[][] simd = backward(SIMD, x, w, dy, dw0, db0, batch, in, out);
            float[][] scalar = backward(SCALAR, x, w, dy, dw0, db0, batch, in, out);
            assertSameBits("dx (" + name(s) + ")", scalar[0], simd[0]);
            assertSameBits("dw (" + name(s) + ")", scalar[1], simd[1]);
            assertSameBits("db (" + name(s) + ")", scalar[2], simd[2]);
            assertClose("dx (" + name(s) + ")", dxReference(w, dy, batch, in, out), simd[0], batch * in);
            assertClose("dw (" + name(s) + ")", dwReference(x, dy, dw0, batch, in, out), simd[1], out * in);
            float[] db = db0.clone();
            for (int j = 0; j < out; j++) {
                for (int r = 0; r < batch; r++) {
                    db[j] += dy[r * out + j];
                }
            }
            assertSameBits("db (" + name(s) + ") vs row-order sum", db, simd[2]);
        }
    }

    private static float[][] backward(LinearKernel k, float[] x, float[] w, float[] dy, float[] dw0, float[] db0,
            int batch, int in, int out) {
        float[] dx = new float[batch * in];
        Arrays.fill(dx, Float.NaN); // overwritten, never read
        float[] dw = dw0.clone();
        float[] db = db0.clone();
        LinearTask.backward(k, SERIAL, x, w, dy, dx, dw, db, batch, in, out, true);
        return new float[][] {dx, dw, db};
    }

    @Test
    void perExampleSparseBackwardEqualsDenseBackwardOfTheMaskedGradient() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int[] s : shapes()) {
            int batch = s[0], in = s[1], out = s[2];
            float[] x = gaussian(rnd, batch * in);
            float[] w = gaussian(rnd, out * in);
            float[] dy = gaussian(rnd, batch * out);
            float[] dw0 = gaussian(rnd, out * in);
            float[] db0 = gaussian(rnd, out);
            float[][] full = backward(SIMD, x, w, dy, dw0, db0, batch, in, out);
            for (int k : ks(batch, out)) {
                int[] idx = randomRows(rnd, batch, out, k);
                float[] masked = new float[batch * out];
                for (int r = 0; r < batch; r++) {
                    for (int t = 0; t < k; t++) {
                        int j = idx[r * k + t];
                        masked[r * out + j] = dy[r * out + j];
                    }
                }
                String what = name(s) + ", k " + k;
                float[][] dense = backward(SCALAR, x, w, masked, dw0, db0, batch, in, out);
                float[][] simd = sparse(SIMD, false, x, w, dy, idx, k, dw0, db0, batch, in, out);
                float[][] scalar = sparse(SCALAR, false, x, w, dy, idx, k, dw0, db0, batch, in, out);
                assertSameBits("sparse dx (" + what + ")", scalar[0], simd[0]);
                assertSameBits("sparse dw (" + what + ")", scalar[1], simd[1]);
                assertSameBits("sparse db (" + what + ")", scalar[2], simd[2]);
                assertSameValues("sparse dx vs dense of masked dy (" + what + ")", dense[0], simd[0]);
                assertSameValues("sparse dw vs dense of masked dy (" + what + ")", dense[1], simd[1]);
                // db uses all of dy, not the masked gradient
                assertSameBits("sparse db vs dense db (" + what + ")", full[2], simd[2]);
                if (k == out) {
                    assertSameBits("k = out: dx (" + what + ")", full[0], simd[0]);
                    assertSameBits("k = out: dw (" + what + ")", full[1], simd[1]);
                }
                if (k == 0) {
                    assertSameBits("k = 0: dx is zero (" + what + ")", new float[batch * in], simd[0]);
                    assertSameBits("k = 0: dw unchanged (" + what + ")", dw0, simd[1]);
                }
            }
        }
    }

    @Test
    void unifiedSparseBackwardEqualsDenseBackwardOfTheMaskedGradient() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int[] s : shapes()) {
            int batch = s[0], in = s[1], out = s[2];
            float[] x = gaussian(rnd, batch * in);
            float[] w = gaussian(rnd, out * in);
            float[] dy = gaussian(rnd, batch * out);
            float[] dw0 = gaussian(rnd, out * in);
            float[] db0 = gaussian(rnd, out);
            float[][] full = backward(SIMD, x, w, dy, dw0, db0, batch, in, out);
            for (int k : ks(batch, out)) {
                int[] idx = randomRows(rnd, 1, out, k);
                float[] masked = new float[batch * out];
                for (int r = 0; r < batch; r++) {
                    for (int j : idx) {
                        masked[r * out + j] = dy[r * out + j];
                    }
                }
                String what = name(s) + ", k " + k;
                float[][] dense = backward(SCALAR, x, w, masked, dw0, db0, batch, in, out);
                float[][] simd = sparse(SIMD, true, x, w, dy, idx, k, dw0, db0, batch, in, out);
                float[][] scalar = sparse(SCALAR, true, x, w, dy, idx, k, dw0, db0, batch, in, out);
                assertSameBits("unified dx (" + what + ")", scalar[0], simd[0]);
                assertSameBits("unified dw (" + what + ")", scalar[1], simd[1]);
                assertSameBits("unified db (" + what + ")", scalar[2], simd[2]);
                assertSameValues("unified dx vs dense of masked dy (" + what + ")", dense[0], simd[0]);
                assertSameValues("unified dw vs dense of masked dy (" + what + ")", dense[1], simd[1]);
                assertSameBits("unified db vs dense db (" + what + ")", full[2], simd[2]);
                if (k == out) {
                    assertSameBits("k = out: dx (" + what + ")", full[0], simd[0]);
                    assertSameBits("k = out: dw (" + what + ")", full[1], simd[1]);
                }
            }
        }
    }

    /** k = 0, 1, out/3 and out (only 0, out/3 and out for the batch-100 shapes, to keep the suite fast). */
    private static int[] ks(int batch, int out) {
        return batch >= 100 ? new int[] {0, out / 3, out} : new int[] {0, Math.min(1, out), out / 3, out};
    }

    private static float[][] sparse(LinearKernel kern, boolean unified, float[] x, float[] w, float[] dy, int[] idx,
            int k, float[] dw0, float[] db0, int batch, int in, int out) {
        float[] dx = new float[batch * in];
        Arrays.fill(dx, Float.NaN);
        float[] dw = dw0.clone();
        float[] db = db0.clone();
        if (unified) {
            LinearTask.backwardUnified(kern, SERIAL, x, w, dy, idx, k, dx, dw, db, batch, in, out, true);
        } else {
            LinearFixtures.sparseKernels(kern, x, w, dy, idx, k, dx, dw, db, batch, in, out);
        }
        return new float[][] {dx, dw, db};
    }

    @Test
    void nullDxAndNullDbLeaveTheOtherGradientsAsTheyWouldBe() {
        SplittableRandom rnd = new SplittableRandom(6);
        int batch = 7, in = 41, out = 19, k = 5;
        float[] x = gaussian(rnd, batch * in);
        float[] w = gaussian(rnd, out * in);
        float[] dy = gaussian(rnd, batch * out);
        float[] dw0 = gaussian(rnd, out * in);
        int[] rows = randomRows(rnd, batch, out, k);
        int[] shared = randomRows(rnd, 1, out, k);
        for (LinearKernel kern : new LinearKernel[] {SIMD, SCALAR}) {
            float[] dwFull = dw0.clone();
            LinearTask.backward(kern, SERIAL, x, w, dy, new float[batch * in], dwFull, new float[out], batch, in, out, true);
            float[] dw = dw0.clone();
            LinearTask.backward(kern, SERIAL, x, w, dy, null, dw, null, batch, in, out, true);
            assertSameBits("dense dw without dx and db", dwFull, dw);

            float[] dwSparse = dw0.clone();
            LinearFixtures.sparseKernels(kern, x, w, dy, rows, k, new float[batch * in], dwSparse, new float[out], batch, in, out);
            dw = dw0.clone();
            LinearFixtures.sparseKernels(kern, x, w, dy, rows, k, null, dw, null, batch, in, out);
            assertSameBits("sparse dw without dx and db", dwSparse, dw);

            float[] dwUnified = dw0.clone();
            LinearTask.backwardUnified(kern, SERIAL, x, w, dy, shared, k, new float[batch * in], dwUnified, new float[out], batch, in, out, true);
            dw = dw0.clone();
            LinearTask.backwardUnified(kern, SERIAL, x, w, dy, shared, k, null, dw, null, batch, in, out, true);
            assertSameBits("unified dw without dx and db", dwUnified, dw);
        }
    }

    @Test
    void nanAndInfinityPropagateAsInThePlainJavaTwin() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int[] s : new int[][] {{3, 17, 9}, {4, 33, 7}, {5, 40, 16}}) {
            int batch = s[0], in = s[1], out = s[2];
            float[] x = gaussian(rnd, batch * in);
            float[] w = gaussian(rnd, out * in);
            float[] dy = gaussian(rnd, batch * out);
            x[in + 3] = Float.NaN;             // example 1: every y and the dw columns 3
            x[2 * in + in - 1] = Float.POSITIVE_INFINITY; // example 2, last column: tail path
            w[2 * in + 5] = Float.NEGATIVE_INFINITY;
            dy[out - 1] = Float.NaN;
            dy[2 * out + 1] = Float.POSITIVE_INFINITY;
            float[] ySimd = new float[batch * out];
            float[] yScalar = new float[batch * out];
            SIMD.gemm().forward(x, w, null, ySimd, batch, in, out, 0, out);
            SCALAR.gemm().forward(x, w, null, yScalar, batch, in, out, 0, out);
            for (int i = 0; i < ySimd.length; i++) {
                boolean special = Float.isNaN(yScalar[i]) || Float.isInfinite(yScalar[i]);
                if (special) {
                    assertEquals(yScalar[i], ySimd[i], "y[" + i + "]");
                } else {
                    assertTrue(Float.isFinite(ySimd[i]), "y[" + i + "] = " + ySimd[i] + " should be finite");
                }
            }
            float[] dw0 = new float[out * in];
            float[][] a = backward(SIMD, x, w, dy, dw0, new float[out], batch, in, out);
            float[][] b = backward(SCALAR, x, w, dy, dw0, new float[out], batch, in, out);
            for (int i = 0; i < 3; i++) {
                assertSameBits("gradient " + i + " with NaN/inf", b[i], a[i]);
            }
            assertTrue(Float.isNaN(a[0][0]), "dx of the example whose dy holds a NaN");
            int k = 2;
            int[] idx = randomRows(rnd, batch, out, k);
            float[][] c = sparse(SIMD, false, x, w, dy, idx, k, dw0, new float[out], batch, in, out);
            float[][] d = sparse(SCALAR, false, x, w, dy, idx, k, dw0, new float[out], batch, in, out);
            for (int i = 0; i < 3; i++) {
                assertSameBits("sparse gradient " + i + " with NaN/inf", d[i], c[i]);
            }
            assertTrue(Float.isNaN(c[2][out - 1]), "db uses every entry of dy, NaN included");
        }
    }
}
