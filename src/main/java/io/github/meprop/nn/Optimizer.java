package io.github.meprop.nn;

import io.github.meprop.kernels.Parallelism;
import java.util.Objects;

/**
 * Updates a model's weights from the gradients its layers hold. Per-parameter state (Adam's
 * moments) lives in the layers ({@link Dense}), so that when meSimp removes a neuron its state
 * goes with it; the optimizer itself keeps only its hyper-parameters and the step count.
 *
 * <p>Biases are always updated densely. Weights are updated either densely or only on the rows
 * that received gradient this step ({@link Dense#touchedRows()}), as each optimizer documents.
 */
public abstract sealed class Optimizer permits Sgd, Adam {
    private long steps;
    private Mlp lastModel;

    Optimizer() {}

    /** Applies one update to every layer of the model from its current gradients. */
    public final void step(Mlp model) {
        step(model, Parallelism.serial());
    }

    /**
     * {@link #step(Mlp)} with the dense weight updates split over {@code par}'s threads; the same
     * result bit for bit for any thread count.
     */
    public final void step(Mlp model, Parallelism par) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(par, "par");
        steps++;
        lastModel = model;
        beginStep(steps);
        for (Dense layer : model.layers()) {
            update(layer, par);
        }
    }

    /** Number of {@link #step} calls so far. */
    public final long steps() {
        return steps;
    }

    /** The model of the last {@link #step}, or null. */
    final Mlp lastModel() {
        return lastModel;
    }

    /** Called once per step before the layers are updated (t counts from 1). */
    abstract void beginStep(long t);

    /** Updates one layer (element-wise work may be split over par). */
    abstract void update(Dense layer, Parallelism par);

    /**
     * Zeroes the optimizer's moment estimates (meSimp does this at the start of each cycle); the
     * step count is kept, as in the reference code. No-op for optimizers without moments.
     */
    public void resetMoments() {}

    /** A short description, e.g. "adam(lr=0.001, clip=5, lazy)". */
    public abstract String describe();

    @Override
    public String toString() {
        return describe();
    }

    static float checkLr(float lr) {
        if (!(lr > 0) || !Float.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, was " + lr);
        }
        return lr;
    }

    /** 0 or +∞ mean "no clipping" (returned as +∞); otherwise the bound must be finite and > 0. */
    static float checkClip(float clip) {
        if (clip == 0f || clip == Float.POSITIVE_INFINITY) {
            return Float.POSITIVE_INFINITY;
        }
        if (!(clip > 0) || !Float.isFinite(clip)) {
            throw new IllegalArgumentException("gradient clip must be > 0 (or 0 for none), was " + clip);
        }
        return clip;
    }

    static String clipText(float clip) {
        return clip == Float.POSITIVE_INFINITY ? "none" : Float.toString(clip);
    }
}
