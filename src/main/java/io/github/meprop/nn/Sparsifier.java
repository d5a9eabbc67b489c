package io.github.meprop.nn;

import io.github.meprop.kernels.Parallelism;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * What a layer's backward pass uses to sparsify its gradient: the layer's {@link Selector}, its
 * reusable {@link Selection}, the run's generator and an optional {@link SelectionObserver}. One per
 * layer and training run; it also counts the entries kept, for the mean k the trainer reports.
 * Not thread-safe (the training thread only).
 */
public final class Sparsifier {
    private final int layer;
    private final Selector selector;
    private final SelectionObserver observer;
    private final SplittableRandom random;
    private final Selection selection = new Selection();
    private long rowsSeen;
    private long kept;

    /**
     * A sparsifier for one layer of a training run.
     *
     * @param layer    the layer's index in the model (for the observer)
     * @param selector how to select
     * @param observer sees each sparse selection; may be null
     * @param random   the run's generator (shared by the layers, drawn from in backward order)
     */
    public Sparsifier(int layer, Selector selector, SelectionObserver observer, SplittableRandom random) {
        this.layer = layer;
        this.selector = Objects.requireNonNull(selector, "selector");
        this.observer = observer;
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Keeps every entry and tells no one: the dense backward of an output layer.
     *
     * @param layer the layer's index in the model
     * @return a sparsifier with the {@link DenseSelector} and no observer
     */
    public static Sparsifier dense(int layer) {
        return new Sparsifier(layer, DenseSelector.INSTANCE, null, new SplittableRandom(0));
    }

    /**
     * Selects the entries of g ({@code [rows × width]}) to keep, tells the observer (for a sparse
     * selector), and returns the selection (valid until the next call).
     *
     * @param g the layer's gradient, row-major {@code [rows × width]}; read only
     * @param rows rows (examples) of g, ≥ 0
     * @param width width of g, ≥ 1
     * @return the layer's reusable selection, overwritten by the next call
     */
    public Selection select(float[] g, int rows, int width) {
        return select(Parallelism.serial(), g, rows, width);
    }

    /**
     * {@link #select(float[], int, int)} with the training run's threads available to the selector
     * (the selection does not depend on them).
     *
     * @param par the threads of the training run
     * @param g the layer's gradient, row-major {@code [rows × width]}; read only
     * @param rows rows (examples) of g, ≥ 0
     * @param width width of g, ≥ 1
     * @return the layer's reusable selection, overwritten by the next call
     */
    public Selection select(Parallelism par, float[] g, int rows, int width) {
        selector.select(par, g, rows, width, selection, random);
        rowsSeen += rows;
        kept += selection.selected();
        if (observer != null && selector.sparse()) {
            observer.onSelection(layer, selection, g);
        }
        return selection;
    }

    /**
     * The selector.
     *
     * @return the selector this sparsifier applies
     */
    public Selector selector() {
        return selector;
    }

    /**
     * Mean entries kept per row since the last call, then restarts the count (NaN when nothing was
     * selected).
     *
     * @return the mean number of entries kept per row, or NaN
     */
    public double takeMeanK() {
        double m = rowsSeen == 0 ? Double.NaN : kept / (double) rowsSeen;
        rowsSeen = 0;
        kept = 0;
        return m;
    }
}
