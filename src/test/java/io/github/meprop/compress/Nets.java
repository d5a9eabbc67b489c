package io.github.meprop.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Model;
import java.util.SplittableRandom;

/** Helpers for the compress tests: random inputs, logits, and comparisons. */
final class Nets {
    private Nets() {}

    static float[] gaussian(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }

    static float[] logits(Model m, float[] x, int batch) {
        float[] out = new float[batch * m.outputs()];
        m.logits(Parallelism.serial(), x, batch, out);
        return out;
    }

    /** |a − b| ≤ tol·(1 + max|a|) for every entry. */
    static void assertClose(float[] a, float[] b, double tol) {
        assertEquals(a.length, b.length);
        double scale = 1;
        for (float v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (d > tol * scale) {
                throw new AssertionError("entry " + i + ": " + a[i] + " vs " + b[i] + " (difference " + d + ", allowed "
                        + tol * scale + ")");
            }
        }
    }
}
