package io.github.meprop.bench;

import java.util.SplittableRandom;

/** Random operands and a sanity comparison for the benchmarks. */
final class Data {
    private Data() {}

    /** Standard normal floats (Box-Muller). */
    static float[] gaussian(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i += 2) {
            double u = 1.0 - rnd.nextDouble();
            double v = rnd.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u));
            a[i] = (float) (r * Math.cos(2 * Math.PI * v));
            if (i + 1 < n) {
                a[i + 1] = (float) (r * Math.sin(2 * Math.PI * v));
            }
        }
        return a;
    }

    /** Fails the trial when a peer disagrees with ours beyond float rounding (relative to the largest value). */
    static void assertClose(String what, float[] expected, float[] actual) {
        double scale = 1e-30;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= 1e-4 * scale)) {
                throw new IllegalStateException(what + " disagrees with meprop at " + i + ": " + actual[i] + " vs "
                        + expected[i]);
            }
        }
    }
}
