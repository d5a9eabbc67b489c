package io.github.meprop.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parallel element-wise optimizer updates ({@link Ops#adam(Parallelism, float[], float[], float[], float[], int,
 * int, float, float, float, float, float)} and {@link Ops#sgdMomentum}) equal the serial call bit for bit.
 */
class ElementwiseParallelTest {

    private static float[] gaussian(int n, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 17, 207, 32767, 32768, 40001, 65537, 392000})
    void adamOnTwoAndThreeThreadsEqualsSerial(int n) {
        int off = 3;
        float[] g = gaussian(n + off, 2, 3.0);
        if (n > 0) {
            g[off + n / 2] = Float.NaN;
        }
        if (n > 4) {
            g[off + 1] = -0f;
            g[off + 2] = Float.POSITIVE_INFINITY;
        }
        for (int threads : new int[] {2, 3}) {
            float[] w1 = gaussian(n + off, 1, 0.1);
            float[] m1 = gaussian(n + off, 3, 0.01);
            float[] v1 = gaussian(n + off, 4, 0.001);
            for (int i = 0; i < v1.length; i++) {
                v1[i] = Math.abs(v1[i]);
            }
            float[] w2 = w1.clone();
            float[] m2 = m1.clone();
            float[] v2 = v1.clone();
            Ops.adam(w1, g, m1, v1, off, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 5f);
            try (Parallelism par = Parallelism.allThreads(threads)) {
                Ops.adam(par, w2, g, m2, v2, off, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 5f);
            }
            assertArrayEquals(w1, w2, "w, n=" + n + ", threads=" + threads);
            assertArrayEquals(m1, m2, "m, n=" + n + ", threads=" + threads);
            assertArrayEquals(v1, v2, "v, n=" + n + ", threads=" + threads);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 17, 207, 32767, 32768, 40001, 65537, 392000})
    void sgdMomentumOnTwoAndThreeThreadsEqualsSerial(int n) {
        int off = 3;
        float[] g = gaussian(n + off, 5, 3.0);
        if (n > 0) {
            g[off + n / 2] = Float.NaN;
        }
        for (int threads : new int[] {2, 3}) {
            float[] w1 = gaussian(n + off, 6, 0.1);
            float[] v1 = gaussian(n + off, 7, 0.01);
            float[] w2 = w1.clone();
            float[] v2 = v1.clone();
            Ops.sgdMomentum(Parallelism.serial(), w1, g, v1, off, n, 0.1f, 0.9f, 5f);
            try (Parallelism par = Parallelism.allThreads(threads)) {
                Ops.sgdMomentum(par, w2, g, v2, off, n, 0.1f, 0.9f, 5f);
            }
            assertArrayEquals(w1, w2, "w, n=" + n + ", threads=" + threads);
            assertArrayEquals(v1, v2, "velocity, n=" + n + ", threads=" + threads);
        }
    }

    @Test
    void badArgumentsAreRejected() {
        float[] a = new float[10];
        assertThrows(NullPointerException.class, () -> Ops.adam(null, a, a, a, a, 0, 10, 1e-3f, 0.9f, 0.999f, 1e-8f, 5f));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Ops.adam(Parallelism.serial(), a, a, a, a, 5, 10, 1e-3f, 0.9f, 0.999f, 1e-8f, 5f));
    }
}
