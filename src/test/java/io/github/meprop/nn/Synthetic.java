package io.github.meprop.nn;

import io.github.meprop.data.Dataset;
import java.util.SplittableRandom;

/** Small synthetic data sets for the nn and compress tests. */
public final class Synthetic {
    private Synthetic() {}

    /**
     * Three concentric rings in 2-D (radius bands [0, 1), [1.4, 2.4), [2.8, 3.8)), class = ring: not
     * linearly separable, easy for a small MLP.
     */
    static Dataset rings(String name, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rnd.nextInt(3);
            double r = 1.4 * c + rnd.nextDouble();
            double a = rnd.nextDouble(2 * Math.PI);
            x[2 * i] = (float) (r * Math.cos(a) / 3.8);
            x[2 * i + 1] = (float) (r * Math.sin(a) / 3.8);
            y[i] = c;
        }
        return new Dataset(name, x, y, n, 2, 3);
    }

    /** Gaussian blobs: {@code classes} centres in {@code width} dimensions, unit noise scaled by spread. */
    public static Dataset blobs(String name, int n, int width, int classes, double spread, long seed) {
        SplittableRandom centres = new SplittableRandom(42);
        float[] c = new float[classes * width];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) centres.nextGaussian();
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n * width];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(classes);
            y[i] = k;
            for (int j = 0; j < width; j++) {
                x[i * width + j] = (float) (c[k * width + j] + spread * rnd.nextGaussian());
            }
        }
        return new Dataset(name, x, y, n, width, classes);
    }
}
