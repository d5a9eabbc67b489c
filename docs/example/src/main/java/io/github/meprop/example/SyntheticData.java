package io.github.meprop.example;

import java.util.Random;

/**
 * The example's "own data": {@code n} points in {@code width} dimensions from {@code classes}
 * Gaussian clusters (unit-variance centres, noise of standard deviation {@code noise}), with each
 * feature then scaled by 10^(j mod 4) and shifted, so that standardisation matters. Seeded:
 * the same arguments give the same data on every JVM.
 */
final class SyntheticData {

    final float[][] rows;
    final int[] labels;

    SyntheticData(int n, int width, int classes, double noise, long seed) {
        Random rnd = new Random(seed);
        double[][] centres = new double[classes][width];
        for (double[] c : centres) {
            for (int j = 0; j < width; j++) {
                c[j] = rnd.nextGaussian();
            }
        }
        rows = new float[n][width];
        labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rnd.nextInt(classes);
            labels[i] = c;
            for (int j = 0; j < width; j++) {
                double scale = Math.pow(10, j % 4);
                rows[i][j] = (float) ((centres[c][j] + noise * rnd.nextGaussian()) * scale + 5 * j);
            }
        }
    }
}
