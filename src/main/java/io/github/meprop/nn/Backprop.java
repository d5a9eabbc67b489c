package io.github.meprop.nn;

import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.internal.UncheckedOps;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One training step's arithmetic for a {@link Model}, with reusable buffers: {@link #forward} (the
 * layers, dropout between hidden layers, then the fused softmax + cross-entropy and its gradient)
 * and {@link #backward} (each layer from the output down, the hidden ones under their
 * {@link Selector}). The gradients end up in the layers' {@link Parameter}s; an {@link Optimizer}
 * applies them.
 *
 * <p>The output layer's backward is always dense. Hidden layer l's backward receives
 * {@code ∂L/∂z_l} (times the dropout mask, with dropout) and its {@link Sparsifier}, which selects,
 * tells the {@link SelectionObserver}, and counts the entries kept ({@link #takeMeanK}).
 *
 * <p>Buffers follow the model's current widths at every {@link #forward}, so the model may change
 * shape (meSimp) between steps. Not thread-safe; the kernels may use {@link Parallelism}.
 */
public final class Backprop {
    private final Model model;
    private final Dropout dropout;
    private final Sparsifier[] sparsifiers;
    private final ForwardPass pass = new ForwardPass();
    private float[][] grad = new float[0][];
    private int batch = -1;

    /**
     * A training step for the model with the given selectors, dropout and seed.
     *
     * @param model     the model (its layers may change shape between steps)
     * @param selectors one selector for all hidden layers, or one per hidden layer
     * @param observer  sees each hidden layer's sparse selections; may be null
     * @param seed      seed of the generators of random selections and of the dropout masks
     * @param dropout   rate of {@link Dropout} on every hidden layer's output, 0 for none
     */
    public Backprop(Model model, List<Selector> selectors, SelectionObserver observer, long seed, float dropout) {
        this.model = Objects.requireNonNull(model, "model");
        Objects.requireNonNull(selectors, "selectors");
        int hidden = model.depth() - 1;
        if (selectors.size() != 1 && selectors.size() != hidden) {
            throw new IllegalArgumentException("need one selector for all hidden layers or one per hidden layer ("
                    + hidden + "), got " + selectors.size());
        }
        Dropout.checkRate(dropout);
        this.dropout = dropout == 0f ? null : new Dropout(dropout, new SplittableRandom(seed).split().nextLong());
        SplittableRandom random = new SplittableRandom(seed);
        sparsifiers = new Sparsifier[model.depth()];
        for (int l = 0; l < hidden; l++) {
            Selector s = selectors.size() == 1 ? selectors.get(0) : selectors.get(l);
            sparsifiers[l] = new Sparsifier(l, s, observer, random);
        }
        sparsifiers[hidden] = Sparsifier.dense(hidden);
    }

    /**
     * Dense back propagation without dropout.
     *
     * @param model the model to train
     */
    public Backprop(Model model) {
        this(model, List.of(DenseSelector.INSTANCE), null, 0, 0f);
    }

    /**
     * The dropout rate on the hidden layers' outputs (0 for none).
     *
     * @return the dropout rate, in [0, 1)
     */
    public float dropout() {
        return dropout == null ? 0f : dropout.rate();
    }

    /**
     * The model.
     *
     * @return the model this step works on
     */
    public Model model() {
        return model;
    }

    /**
     * Forward pass over x {@code [batch × inputs]} (kept by reference until {@link #backward}), then
     * the loss against {@code labels[labelOff .. +batch)} and its gradient.
     *
     * @param par the threads the kernels split the work over
     * @param x the examples, row-major {@code [batch × inputs]}
     * @param labels the class of each example, in 0..outputs-1 (not checked here)
     * @param labelOff position of the first example's label in labels
     * @param batch number of examples, ≥ 1
     * @return the mean cross-entropy of the batch (NaN or infinite if the model diverged)
     * @throws IllegalArgumentException if batch is below 1
     */
    public double forward(Parallelism par, float[] x, int[] labels, int labelOff, int batch) {
        Objects.requireNonNull(x, "x");
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, was " + batch);
        }
        float[] logits = pass.run(model, par, x, 0, batch, dropout, true);
        int depth = model.depth();
        if (grad.length != depth) {
            grad = new float[depth][0];
        }
        for (int l = 0; l < depth; l++) {
            int need = batch * model.layer(l).outputWidth();
            if (grad[l].length < need) {
                grad[l] = new float[need];
            }
        }
        this.batch = batch;
        return UncheckedOps.softmaxCrossEntropy(logits, labels, labelOff, grad[depth - 1], batch, model.outputs());
    }

    /**
     * The logits of the last {@link #forward}, {@code [batch × outputs]} (a live buffer).
     *
     * @return the live logits buffer, overwritten by the next forward
     */
    public float[] logits() {
        return pass.output(model.depth() - 1);
    }

    /**
     * Outputs of layer l from the last forward, before dropout, {@code [batch × width]} (a live buffer).
     *
     * @param l the layer, 0-based
     * @return the live output buffer of layer l, overwritten by the next forward
     */
    public float[] outputs(int l) {
        return pass.output(l);
    }

    /**
     * Backward pass of the last {@link #forward}: overwrites every parameter's gradient with the
     * gradient of the batch's mean loss.
     *
     * @param par the threads the kernels split the work over
     * @throws IllegalStateException if no forward pass has run
     */
    public void backward(Parallelism par) {
        if (batch < 1) {
            throw new IllegalStateException("backward needs a forward first");
        }
        int depth = model.depth();
        for (int l = depth - 1; l >= 0; l--) {
            Layer layer = model.layer(l);
            float[] dy = grad[l];
            if (dropout != null && l < depth - 1) {
                Dropout.backward(dy, pass.dropoutScale(l), batch * layer.outputWidth());
            }
            layer.backward(par, pass.input(l, dropout != null), pass.output(l), dy, l == 0 ? null : grad[l - 1], batch,
                    sparsifiers[l]);
        }
    }

    /**
     * Mean entries kept per example in hidden layer l's backward since the last call (NaN before the
     * first backward), then restarts that count.
     *
     * @param l the hidden layer, 0-based
     * @return the mean number of entries kept per example, or NaN if there was no backward since
     *     the last call
     */
    public double takeMeanK(int l) {
        return sparsifiers[l].takeMeanK();
    }

    @Override
    public String toString() {
        return "Backprop[" + model + "]";
    }
}
