package io.github.meprop.nn;

import io.github.meprop.kernels.Ops;
import io.github.meprop.kernels.Parallelism;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Warms up the kernels a training run will use by training a small model of the same depth on
 * synthetic data for a time budget, before the real run starts.
 *
 * <p>Why: the Vector API runs without intrinsics (boxed vectors, about two orders of magnitude
 * slower) until C2 has compiled a kernel, and C2 compiles a method only after thousands of calls.
 * On the real model one call of a kernel costs milliseconds in that mode, so the first epoch of a
 * run spends most of its time waiting for the compiler. On the small model (widths capped at
 * {@link #WIDTH}, batch {@link #BATCH}) the same methods, with the same paths (full tiles and masked
 * tails, sparse and dense backward, top-k, Adam), are called many times per second, so they are
 * compiled after a fraction of the time. The warm-up touches nothing of the real model, optimizer
 * or random streams: a run's results do not depend on it (the kernels give the same bits compiled
 * or not).
 */
public final class KernelWarmup {
    /** Width cap of the warm-up model: 8 vectors of 16 lanes (the widest tile) plus a masked tail. */
    public static final int WIDTH = 136;
    /** Examples per warm-up step: one 16-lane block plus a tail. */
    public static final int BATCH = 20;

    private KernelWarmup() {}

    /**
     * Trains a model shaped like {@code model} (widths capped at {@link #WIDTH}) with the selectors,
     * dropout, optimizer and parallelism of {@code config} on random data until {@code seconds} have passed.
     *
     * @param model the model of the real run; only its shape is read
     * @param config the settings of the real run (selectors, dropout, optimizer, parallelism)
     * @param seconds the time budget, finite and ≥ 0; 0 runs nothing
     * @return the number of steps run
     * @throws IllegalArgumentException if seconds is negative, NaN or infinite
     */
    public static long run(Model model, TrainConfig config, double seconds) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(config, "config");
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("seconds must be finite and >= 0, was " + seconds);
        }
        if (seconds == 0) {
            return 0;
        }
        Model small = smallModel(model, 1);
        int in = small.inputs();
        int classes = small.outputs();
        SplittableRandom rnd = new SplittableRandom(2);
        int batches = 4;
        float[][] xs = new float[batches][BATCH * in];
        int[][] ys = new int[batches][BATCH];
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < xs[b].length; i++) {
                xs[b][i] = rnd.nextInt(4) == 0 ? (float) rnd.nextDouble() : 0f;
            }
            for (int r = 0; r < BATCH; r++) {
                ys[b][r] = rnd.nextInt(classes);
            }
        }
        List<Selector> selectors = config.selectors();
        float dropout = config.dropoutFor(model.selectionWidths());
        Parallelism par = config.parallelism();
        Optimizer opt = config.optimizer().create();
        Backprop bp = new Backprop(small, selectors, null, 3, dropout);
        int[] pred = new int[BATCH];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long steps = 0;
        do {
            int b = (int) (steps % batches);
            double loss = bp.forward(par, xs[b], ys[b], 0, BATCH);
            Ops.argmaxRows(bp.logits(), BATCH, classes, pred);
            if (!Double.isFinite(loss)) {
                // Diverged on random labels: start again from fresh weights.
                small = smallModel(model, 1 + steps);
                bp = new Backprop(small, selectors, null, 3, dropout);
                opt = config.optimizer().create();
                continue;
            }
            bp.backward(par);
            opt.step(small.parameters(), Parallelism.serial());
            steps++;
        } while (System.nanoTime() < end);
        return steps;
    }

    /**
     * An MLP shaped like the model with widths capped at {@link #WIDTH} when every layer is dense
     * (the same activations); otherwise a copy of the model itself.
     */
    private static Model smallModel(Model model, long seed) {
        int[] real = model.sizes();
        Activation hidden = null;
        for (int l = 0; l < model.depth(); l++) {
            if (!(model.layer(l) instanceof Dense d)) {
                return model.copy();
            }
            if (l < model.depth() - 1) {
                hidden = d.activation();
            }
        }
        int[] sizes = new int[real.length];
        for (int l = 0; l < real.length; l++) {
            sizes[l] = l == real.length - 1 ? real[l] : Math.min(real[l], WIDTH);
        }
        return Model.mlp(sizes, hidden == null ? Activation.RELU : hidden, seed);
    }
}
