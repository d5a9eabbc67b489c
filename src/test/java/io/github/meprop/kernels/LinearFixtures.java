package io.github.meprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.meprop.kernels.provider.LinearKernel;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random operands, a double-precision reference, and comparisons shared by the linear-kernel tests
 * (the random operands also by the nn tests).
 */
public final class LinearFixtures {
    private LinearFixtures() {}

    public static float[] gaussian(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller is overkill; a sum of uniforms is close enough to Gaussian for tests.
            a[i] = (float) ((rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble() - 1.5) * 2.0);
        }
        return a;
    }

    /** Per row, k distinct positions of 0..out in ascending order. */
    public static int[] randomRows(SplittableRandom rnd, int rows, int out, int k) {
        int[] idx = new int[rows * k];
        int[] perm = new int[out];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
                perm[j] = j;
            }
            for (int t = 0; t < k; t++) {
                int s = t + rnd.nextInt(out - t);
                int tmp = perm[t];
                perm[t] = perm[s];
                perm[s] = tmp;
            }
            Arrays.sort(perm, 0, k);
            System.arraycopy(perm, 0, idx, r * k, k);
        }
        return idx;
    }

    /**
     * The per-example sparse backward composed directly from {@code kern}'s sparse primitives (never
     * the dense crossover of {@link Linear#backwardSparse}), accumulating into dw and db; dx and db
     * may be null. Example r selects {@code idx[offsets[r] .. offsets[r+1])}.
     */
    static void sparseKernels(LinearKernel kern, float[] x, float[] w, float[] dy, int[] offsets, int[] idx,
            float[] dx, float[] dw, float[] db, int batch, int in, int out) {
        if (dx != null) {
            kern.sparse().sparseInputGrad(dy, offsets, idx, w, dx, in, out, 0, batch);
        }
        kern.sparse().sparseWeightGrad(x, dy, offsets, idx, dw, batch, in, out, 0, out, true);
        if (db != null) {
            kern.dense().biasGrad(dy, db, batch, out, 0, out, true);
        }
    }

    /** {@link #sparseKernels(LinearKernel, float[], float[], float[], int[], int[], float[], float[], float[], int, int, int)} with k per example. */
    static void sparseKernels(LinearKernel kern, float[] x, float[] w, float[] dy, int[] idx, int k, float[] dx,
            float[] dw, float[] db, int batch, int in, int out) {
        sparseKernels(kern, x, w, dy, fixedOffsets(batch, k), idx, dx, dw, db, batch, in, out);
    }

    /** offsets[r] = r·k for r in 0..batch. */
    public static int[] fixedOffsets(int batch, int k) {
        int[] o = new int[batch + 1];
        for (int r = 0; r <= batch; r++) {
            o[r] = r * k;
        }
        return o;
    }

    /** y = x·wᵀ + b in double, and Σ|x·w| + |b| per element (the error scale). */
    static double[][] forwardReference(float[] x, float[] w, float[] b, int batch, int in, int out) {
        double[] y = new double[batch * out];
        double[] mag = new double[batch * out];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < out; j++) {
                double s = b == null ? 0 : b[j];
                double m = b == null ? 0 : Math.abs(b[j]);
                for (int i = 0; i < in; i++) {
                    double p = (double) x[r * in + i] * w[j * in + i];
                    s += p;
                    m += Math.abs(p);
                }
                y[r * out + j] = s;
                mag[r * out + j] = m;
            }
        }
        return new double[][] {y, mag};
    }

    /** dx = dy·w in double, with its error scale. */
    static double[][] dxReference(float[] w, float[] dy, int batch, int in, int out) {
        double[] dx = new double[batch * in];
        double[] mag = new double[batch * in];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < out; j++) {
                double g = dy[r * out + j];
                for (int i = 0; i < in; i++) {
                    double p = g * w[j * in + i];
                    dx[r * in + i] += p;
                    mag[r * in + i] += Math.abs(p);
                }
            }
        }
        return new double[][] {dx, mag};
    }

    /** dw0 + dyᵀ·x in double, with its error scale. */
    static double[][] dwReference(float[] x, float[] dy, float[] dw0, int batch, int in, int out) {
        double[] dw = new double[out * in];
        double[] mag = new double[out * in];
        for (int j = 0; j < out; j++) {
            for (int i = 0; i < in; i++) {
                dw[j * in + i] = dw0[j * in + i];
                mag[j * in + i] = Math.abs(dw0[j * in + i]);
            }
        }
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < out; j++) {
                double g = dy[r * out + j];
                for (int i = 0; i < in; i++) {
                    double p = g * x[r * in + i];
                    dw[j * in + i] += p;
                    mag[j * in + i] += Math.abs(p);
                }
            }
        }
        return new double[][] {dw, mag};
    }

    /** |actual - expected| ≤ 1e-5·(Σ|terms|) + 1e-30 for every element. */
    static void assertClose(String what, double[][] expected, float[] actual, int n) {
        double[] e = expected[0];
        double[] m = expected[1];
        for (int i = 0; i < n; i++) {
            double tol = 1e-5 * m[i] + 1e-30;
            if (!(Math.abs(actual[i] - e[i]) <= tol)) {
                fail(what + "[" + i + "] = " + actual[i] + ", expected " + e[i] + " ± " + tol);
            }
        }
    }

    /** Same bits (NaN payloads aside), element by element. */
    static void assertSameBits(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(what + "[" + i + "] = " + actual[i] + ", expected exactly " + expected[i]);
            }
        }
    }

    /** Equal as numbers (-0 == +0; NaN equals NaN), element by element. */
    static void assertSameValues(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            boolean same = expected[i] == actual[i] || (Float.isNaN(expected[i]) && Float.isNaN(actual[i]));
            if (!same) {
                fail(what + "[" + i + "] = " + actual[i] + ", expected " + expected[i]);
            }
        }
    }
}
