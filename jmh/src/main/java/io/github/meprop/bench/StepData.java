package io.github.meprop.bench;

import java.util.SplittableRandom;

/**
 * The synthetic training batches of {@link TrainStepBench} and of the peer libraries' step
 * benchmarks (profile {@code peers}), so that every library trains on the same numbers: 20 batches
 * of 100 examples of 784 inputs with MNIST's sparsity (about 19% non-zero pixels in [0, 1]) and
 * random labels in 0..9, from one seed.
 */
public final class StepData {
    /** The MNIST model's layer widths. */
    public static final int[] SIZES = {784, 500, 500, 10};
    /** Examples per batch. */
    public static final int BATCH = 100;
    /** Batches, visited in turn. */
    public static final int BATCHES = 20;

    /** Inputs of batch b, {@code [BATCH × 784]} row-major. */
    public final float[][] xs = new float[BATCHES][BATCH * SIZES[0]];
    /** Labels of batch b. */
    public final int[][] ys = new int[BATCHES][BATCH];

    public StepData() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int b = 0; b < BATCHES; b++) {
            for (int i = 0; i < xs[b].length; i++) {
                xs[b][i] = rnd.nextDouble() < 0.19 ? (float) rnd.nextDouble() : 0f;
            }
            for (int r = 0; r < BATCH; r++) {
                ys[b][r] = rnd.nextInt(SIZES[SIZES.length - 1]);
            }
        }
    }

    /** The widths of an MLP with the given hidden widths joined by '-' (e.g. "140-277"), 784 in, 10 out. */
    public static int[] mlp(String hidden) {
        String[] parts = hidden.split("-");
        int[] sizes = new int[parts.length + 2];
        sizes[0] = SIZES[0];
        for (int i = 0; i < parts.length; i++) {
            sizes[i + 1] = Integer.parseInt(parts[i].trim());
        }
        sizes[sizes.length - 1] = SIZES[SIZES.length - 1];
        return sizes;
    }
}
