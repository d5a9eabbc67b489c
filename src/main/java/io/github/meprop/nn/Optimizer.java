package io.github.meprop.nn;

import io.github.meprop.kernels.Parallelism;
import java.util.List;

/**
 * Updates parameters from their gradients. Per-parameter state (Adam's moments, a velocity) lives in
 * the {@link Parameter}s, so that when meSimp removes a unit its state goes with it; an optimizer
 * keeps only its settings and its step count.
 *
 * <p>An optimizer may update a parameter densely or only on the rows that received gradient this
 * step ({@link Parameter#touchedRows()}), as each implementation documents. Built-ins: {@link Sgd}
 * (plain or with momentum) and {@link Adam} (dense or lazy). A new optimizer is one class
 * implementing this interface with a {@link Spec}, plus one {@link Optimizers#register} call.
 */
public interface Optimizer {

    /**
     * Applies one update to every parameter from its current gradient; element-wise work may be
     * split over par (the same result bit for bit for any thread count).
     *
     * @param parameters the parameters to update, with their gradients and state slots
     * @param par the threads element-wise updates may be split over
     */
    void step(List<Parameter> parameters, Parallelism par);

    /**
     * Zeroes the per-parameter state (meSimp does this at the start of each cycle); the step count
     * is kept, as in the reference code. The default clears every state slot.
     *
     * @param parameters the parameters whose state is cleared
     */
    default void resetState(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            p.clearState();
        }
    }

    /**
     * Number of {@link #step} calls so far.
     *
     * @return the number of steps taken, ≥ 0
     */
    long steps();

    /**
     * A short description, e.g. "adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8, clip=5.0, dense)".
     *
     * @return a one-line description of the optimizer and its settings
     */
    String describe();

    /**
     * Validated settings of an optimizer: what a {@link TrainConfig} holds. Each training run
     * creates a fresh optimizer (step count 0) from it.
     */
    interface Spec {
        /**
         * A fresh optimizer with these settings.
         *
         * @return a new optimizer, step count 0
         */
        Optimizer create();

        /**
         * The same text as the created optimizer's {@link Optimizer#describe()}.
         *
         * @return a one-line description of these settings
         */
        String describe();
    }

    /** Creates validated settings from named ones (for {@link Optimizers}). */
    @FunctionalInterface
    interface Factory {
        /**
         * Creates validated settings from named ones.
         *
         * @param options the named settings; a factory rejects those it does not know
         *     ({@link Options#requireAllUsed})
         * @return the validated settings
         * @throws InvalidSettingException naming a setting that is malformed, out of range or unknown
         */
        Spec create(Options options);
    }

    /**
     * 0 or +∞ mean "no clipping" (returned as +∞); otherwise the bound must be finite and &gt; 0.
     *
     * @param clip the clip bound: 0 or +∞ for none, else finite and &gt; 0
     * @return the bound to clip to, +∞ for none
     * @throws InvalidSettingException (setting "clip") if the bound is negative, NaN or otherwise
     *     invalid
     */
    static float checkClip(float clip) {
        if (clip == 0f || clip == Float.POSITIVE_INFINITY) {
            return Float.POSITIVE_INFINITY;
        }
        InvalidSettingException.check(clip > 0 && Float.isFinite(clip), "clip", "must be > 0 (or 0 for none)", clip);
        return clip;
    }

    /**
     * Checks a learning rate: finite and &gt; 0.
     *
     * @param lr the learning rate
     * @return {@code lr}
     * @throws InvalidSettingException (setting "lr") if lr is not finite and &gt; 0
     */
    static float checkLearningRate(float lr) {
        InvalidSettingException.check(lr > 0 && Float.isFinite(lr), "lr", "must be finite and > 0", lr);
        return lr;
    }

    /**
     * "none" for +∞, else the bound.
     *
     * @param clip the bound as returned by {@link #checkClip}
     * @return {@code "none"} or the bound as text
     */
    static String clipText(float clip) {
        return clip == Float.POSITIVE_INFINITY ? "none" : Float.toString(clip);
    }
}
