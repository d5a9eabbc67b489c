package io.github.meprop.nn;

import io.github.meprop.kernels.Parallelism;
import java.util.SplittableRandom;

/**
 * A meProp selection strategy: given a layer's gradient {@code g = ∂L/∂y} ({@code [rows × width]},
 * one row per example), decides which entries keep their value in the backward pass. Only the kept
 * entries feed the gradients of the layer's weights and input, so the backward costs about
 * (kept entries)·in multiply-adds instead of rows·width·in.
 *
 * <p>Built-ins: {@link DenseSelector} (everything), {@link TopKSelector} (per example, the k largest
 * |g|: the paper's CPU method), {@link UnifiedSelector} (one shared top-k set per mini-batch: the
 * paper's GPU method), {@link RandomKSelector} (k random entries: the paper's ablation) and
 * {@link AdaptiveSelector} (per example, as many entries as hold a fraction of the row's |g| mass).
 * A new strategy is one class implementing this interface, plus one {@link Selectors#register} call
 * if the command line should find it by name.
 *
 * <p>Implementations are immutable settings, shared by every layer they are configured for and
 * safe to use from several trainers; per-call scratch lives in the {@link Selection} or in
 * per-thread buffers.
 */
public interface Selector {

    /**
     * Fills {@code out} with the entries of g to keep.
     *
     * @param g      the gradient, {@code [rows × width]} row-major (read-only)
     * @param rows   examples in the batch (≥ 1)
     * @param width  the layer's current width (≥ 1)
     * @param out    the layer's reusable selection
     * @param random the training run's generator, for selectors that draw (others ignore it); the
     *               trainer seeds it from {@link TrainConfig#seed()}, so runs are repeatable
     */
    void select(float[] g, int rows, int width, Selection out, SplittableRandom random);

    /**
     * {@link #select(float[], int, int, Selection, SplittableRandom)} with the training run's
     * threads available; the selection must be the same for any thread count. The default ignores
     * {@code par}; a selector whose rows are independent (per-example top-k) splits them.
     *
     * @param par    the threads of the training run
     * @param g      the gradient, {@code [rows × width]} row-major (read-only)
     * @param rows   examples in the batch (≥ 1)
     * @param width  the layer's current width (≥ 1)
     * @param out    the layer's reusable selection
     * @param random the training run's generator, for selectors that draw (others ignore it)
     */
    default void select(Parallelism par, float[] g, int rows, int width, Selection out, SplittableRandom random) {
        select(g, rows, width, out, random);
    }

    /**
     * Checks the settings against a layer before training starts (for example an explicit k larger
     * than the layer).
     *
     * @param layer index of the hidden layer (0-based), for messages
     * @param width the layer's width
     * @throws IllegalArgumentException naming the layer and what is wrong
     */
    default void validate(int layer, int width) {}

    /**
     * False for a selector that keeps everything by design ({@link DenseSelector}): observers are not
     * told about its selections, so meSimp counts nothing for such a layer.
     *
     * @return whether the selector may keep fewer than all entries
     */
    default boolean sparse() {
        return true;
    }

    /**
     * The mean fraction of a layer's units an example selects, if the selector knows it in advance
     * (k/width for a fixed k), else NaN. meSimp compares its prune fraction with it.
     *
     * @param width the layer's current width, ≥ 1
     * @return the expected fraction of units kept per example, in (0, 1], or NaN if unknown
     */
    default double expectedRate(int width) {
        return Double.NaN;
    }

    /**
     * The name it is registered under, e.g. "topk".
     *
     * @return the registered name
     */
    String name();

    /**
     * Its settings as text, e.g. "20" or "mass=0.9,k-min=1,k-max=80"; "" when it has none.
     *
     * @return the settings, in the form {@link Selectors#parse} accepts after the colon
     */
    String settings();

    /** Creates a selector from named settings (for {@link Selectors}). */
    @FunctionalInterface
    interface Factory {
        /**
         * Creates a selector from named settings.
         *
         * @param options the named settings; a factory rejects those it does not know
         *     ({@link Options#requireAllUsed})
         * @return the selector
         * @throws InvalidSettingException naming a setting that is malformed, out of range or unknown
         */
        Selector create(Options options);
    }
}
