package io.github.meprop.kernels;

import static io.github.meprop.kernels.LinearFixtures.assertSameBits;
import static io.github.meprop.kernels.LinearFixtures.gaussian;
import static io.github.meprop.kernels.LinearFixtures.randomRows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The parallel overloads give the serial result bit for bit, for 1, 2 and 3 threads, on shapes large
 * enough to be split (the model's) and small ones that run on the caller, with ranges that do not
 * divide evenly.
 */
class LinearParallelTest {
    private static final int[][] SHAPES = {
        {100, 784, 500}, {100, 500, 10}, {1, 784, 500}, {37, 129, 61}, {3, 207, 17}, {101, 33, 9}, {7, 1, 300},
    };

    @Test
    void parallelVariantsEqualTheSerialOnesBitForBit() {
        SplittableRandom rnd = new SplittableRandom(21);
        for (int[] s : SHAPES) {
            int batch = s[0], in = s[1], out = s[2];
            int k = Math.max(1, out / 25);
            float[] x = gaussian(rnd, batch * in);
            float[] w = gaussian(rnd, out * in);
            float[] b = gaussian(rnd, out);
            float[] dy = gaussian(rnd, batch * out);
            float[] dw0 = gaussian(rnd, out * in);
            float[] db0 = gaussian(rnd, out);
            int[] rows = randomRows(rnd, batch, out, k);
            int[] shared = randomRows(rnd, 1, out, k);

            float[] y = new float[batch * out];
            Linear.forward(x, w, b, y, batch, in, out);
            float[][] dense = grads(batch, in, dw0, db0);
            Linear.backward(x, w, dy, dense[0], dense[1], dense[2], batch, in, out);
            float[][] sparse = grads(batch, in, dw0, db0);
            Linear.backwardSparse(x, w, dy, rows, k, sparse[0], sparse[1], sparse[2], batch, in, out);
            float[][] unified = grads(batch, in, dw0, db0);
            Linear.backwardUnified(x, w, dy, shared, k, unified[0], unified[1], unified[2], batch, in, out);

            for (int threads = 1; threads <= 3; threads++) {
                try (Parallelism par = Parallelism.allThreads(threads)) {
                    for (int rep = 0; rep < 3; rep++) {
                        String what = "batch " + batch + ", in " + in + ", out " + out + ", " + threads
                                + " threads, call " + rep;
                        float[] yp = new float[batch * out];
                        Linear.forward(par, x, w, b, yp, batch, in, out);
                        assertSameBits("y (" + what + ")", y, yp);

                        float[][] g = grads(batch, in, dw0, db0);
                        Linear.backward(par, x, w, dy, g[0], g[1], g[2], batch, in, out);
                        assertAll("dense", what, dense, g);

                        g = grads(batch, in, dw0, db0);
                        Linear.backwardSparse(par, x, w, dy, rows, k, g[0], g[1], g[2], batch, in, out);
                        assertAll("sparse", what, sparse, g);

                        g = grads(batch, in, dw0, db0);
                        Linear.backwardUnified(par, x, w, dy, shared, k, g[0], g[1], g[2], batch, in, out);
                        assertAll("unified", what, unified, g);
                    }
                }
            }
        }
    }

    @Test
    void parallelBackwardWithoutDxAndDb() {
        SplittableRandom rnd = new SplittableRandom(22);
        int batch = 64, in = 300, out = 200, k = 8;
        float[] x = gaussian(rnd, batch * in);
        float[] w = gaussian(rnd, out * in);
        float[] dy = gaussian(rnd, batch * out);
        int[] rows = randomRows(rnd, batch, out, k);
        float[] serial = new float[out * in];
        Linear.backwardSparse(x, w, dy, rows, k, null, serial, null, batch, in, out);
        float[] dense = new float[out * in];
        Linear.backward(x, w, dy, null, dense, null, batch, in, out);
        try (Parallelism par = Parallelism.allThreads(2)) {
            float[] dw = new float[out * in];
            Linear.backwardSparse(par, x, w, dy, rows, k, null, dw, null, batch, in, out);
            assertSameBits("sparse dw", serial, dw);
            dw = new float[out * in];
            Linear.backward(par, x, w, dy, null, dw, null, batch, in, out);
            assertSameBits("dense dw", dense, dw);
        }
    }

    private static float[][] grads(int batch, int in, float[] dw0, float[] db0) {
        float[] dx = new float[batch * in];
        java.util.Arrays.fill(dx, Float.NaN);
        return new float[][] {dx, dw0.clone(), db0.clone()};
    }

    private static void assertAll(String op, String what, float[][] expected, float[][] actual) {
        assertSameBits(op + " dx (" + what + ")", expected[0], actual[0]);
        assertSameBits(op + " dw (" + what + ")", expected[1], actual[1]);
        assertSameBits(op + " db (" + what + ")", expected[2], actual[2]);
    }
}
