package io.github.meprop.nn;

import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.TopK;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One training step's arithmetic for an {@link Mlp}, with reusable buffers: {@link #forward} (the
 * layers, then the fused softmax + cross-entropy and its gradient) and {@link #backward} (the
 * output layer dense, then each hidden layer under its {@link MeProp} policy). The gradients end
 * up in the layers; an {@link Optimizer} applies them.
 *
 * <p>Backward of hidden layer l: {@code g = σ'(z) ⊙ ∂L/∂z}, in place; then the selection
 * ({@link TopK#selectRows}, {@link TopK#selectUnified} or random rows), the
 * {@link SelectionObserver}, and the sparse kernel, which writes only the selected rows of dW and
 * produces ∂L/∂z of the layer below (none for the first layer). The kernels overwrite dW and db
 * (no clearing pass); a sparse step clears only the rows the previous step touched and this one
 * does not ({@link Dense#backwardSparse}).
 *
 * <p>With dropout (training only), each hidden layer's output h is replaced by {@code h ⊙ s} for
 * the next layer, and the backward pass multiplies ∂L/∂h by s before σ'.
 *
 * <p>Buffers are sized for the model's current widths at every {@link #forward}, so the model may
 * change shape (meSimp) between steps. Not thread-safe; the kernels may use {@link Parallelism}.
 */
public final class Backprop {
    private final Mlp mlp;
    private final SplittableRandom random;
    private final Dropout dropout;

    private float[][] z = new float[0][];
    private float[][] gz = new float[0][];
    private int[][] idx = new int[0][];
    private float[][] dropped = new float[0][];
    private float[][] dropScale = new float[0][];
    private boolean[] mark = new boolean[0];

    private float[] x;
    private int batch = -1;

    /**
     * @param mlp  the model (its layers may change shape between steps)
     * @param seed seed of the generator of {@link MeProp.Mode#RANDOMK} selections
     */
    public Backprop(Mlp mlp, long seed) {
        this(mlp, seed, 0f);
    }

    /**
     * @param mlp     the model (its layers may change shape between steps)
     * @param seed    seed of the generators of {@link MeProp.Mode#RANDOMK} selections and of the
     *                dropout masks
     * @param dropout rate of {@link Dropout} on every hidden layer's output, 0 for none
     */
    public Backprop(Mlp mlp, long seed, float dropout) {
        this.mlp = Objects.requireNonNull(mlp, "mlp");
        this.random = new SplittableRandom(seed);
        Dropout.checkRate(dropout);
        this.dropout = dropout == 0f ? null : new Dropout(dropout, new SplittableRandom(seed).split().nextLong());
    }

    /** The dropout rate on the hidden layers' outputs (0 for none). */
    public float dropout() {
        return dropout == null ? 0f : dropout.rate();
    }

    /** The model. */
    public Mlp model() {
        return mlp;
    }

    /**
     * Forward pass over x {@code [batch × inputs]} (kept by reference until {@link #backward}), then
     * the loss against {@code labels[labelOff .. +batch)} and its gradient.
     *
     * @return the mean cross-entropy of the batch (NaN or infinite if the model diverged)
     */
    public double forward(Parallelism par, float[] x, int[] labels, int labelOff, int batch) {
        Objects.requireNonNull(x, "x");
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, was " + batch);
        }
        ensureBuffers(batch);
        float[] in = x;
        int depth = mlp.depth();
        for (int l = 0; l < depth; l++) {
            mlp.layer(l).forward(par, in, z[l], batch);
            in = z[l];
            if (dropout != null && l < depth - 1) {
                dropout.apply(z[l], dropped[l], dropScale[l], batch * mlp.layer(l).out());
                in = dropped[l];
            }
        }
        this.x = x;
        this.batch = batch;
        return SoftmaxCrossEntropy.lossAndGradient(z[depth - 1], labels, labelOff, gz[depth - 1], batch,
                mlp.outputs());
    }

    /** The logits of the last {@link #forward}, {@code [batch × outputs]} (a live buffer). */
    public float[] logits() {
        return z[mlp.depth() - 1];
    }

    /** Outputs of layer l from the last forward, before dropout, {@code [batch × out_l]} (a live buffer). */
    public float[] outputs(int l) {
        return z[l];
    }

    /**
     * Backward pass of the last {@link #forward}: overwrites every layer's dW and db with the
     * gradient of the batch's mean loss.
     *
     * @param policies one policy for all hidden layers (size 1) or one per hidden layer
     * @param observer sees each hidden layer's selection; may be null
     */
    public void backward(Parallelism par, List<MeProp> policies, SelectionObserver observer) {
        if (batch < 1) {
            throw new IllegalStateException("backward needs a forward first");
        }
        int depth = mlp.depth();
        int hiddenCount = depth - 1;
        checkPolicies(policies, hiddenCount);
        // Output layer: always dense; gz[depth-1] holds ∂L/∂logits.
        mlp.layer(depth - 1).backwardDense(par, input(depth - 1), gz[depth - 1], depth == 1 ? null : gz[depth - 2],
                batch);
        for (int l = hiddenCount - 1; l >= 0; l--) {
            Dense layer = mlp.layer(l);
            int width = layer.out();
            float[] g = gz[l];
            if (dropout != null) {
                Dropout.backward(g, dropScale[l], batch * width);
            }
            layer.activation().backward(z[l], g, g, batch * width);
            float[] in = input(l);
            float[] dx = l == 0 ? null : gz[l - 1];
            MeProp p = policies.size() == 1 ? policies.get(0) : policies.get(l);
            int k = p.k(width);
            int[] sel = idx[l];
            switch (p.mode()) {
                case DENSE -> layer.backwardDense(par, in, g, dx, batch);
                case TOPK -> {
                    if (k == width) {
                        selectAll(sel, batch, width, observer != null);
                    } else {
                        TopK.selectRows(g, batch, width, k, sel);
                    }
                    if (observer != null) {
                        observer.onSelection(l, sel, batch, k, width, g);
                    }
                    layer.backwardSparse(par, in, g, sel, k, dx, batch);
                }
                case UNIFIED -> {
                    if (k == width) {
                        selectAll(sel, 1, width, observer != null);
                    } else {
                        TopK.selectUnified(g, batch, width, k, sel);
                    }
                    if (observer != null) {
                        observer.onUnifiedSelection(l, sel, batch, k, width, g);
                    }
                    layer.backwardUnified(par, in, g, sel, k, dx, batch);
                }
                case RANDOMK -> {
                    selectRandom(sel, batch, width, k);
                    if (observer != null) {
                        observer.onSelection(l, sel, batch, k, width, g);
                    }
                    layer.backwardSparse(par, in, g, sel, k, dx, batch);
                }
            }
        }
    }

    private float[] input(int l) {
        return l == 0 ? x : dropout != null ? dropped[l - 1] : z[l - 1];
    }

    private static void checkPolicies(List<MeProp> policies, int hiddenCount) {
        Objects.requireNonNull(policies, "policies");
        if (policies.size() != 1 && policies.size() != hiddenCount) {
            throw new IllegalArgumentException("need one meProp policy for all hidden layers or one per hidden layer ("
                    + hiddenCount + "), got " + policies.size());
        }
    }

    /** Every position of a row, for rows rows (only filled when someone will look at it). */
    private static void selectAll(int[] sel, int rows, int width, boolean needed) {
        if (!needed) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                sel[r * width + j] = j;
            }
        }
    }

    /**
     * k distinct positions per example, uniformly at random (Floyd's sampling), written in ascending
     * order by a scan over a mark array. Cost O(k + width) per example.
     */
    private void selectRandom(int[] sel, int rows, int width, int k) {
        boolean[] m = mark;
        for (int r = 0; r < rows; r++) {
            for (int j = width - k; j < width; j++) {
                int t = random.nextInt(j + 1);
                if (m[t]) {
                    m[j] = true;
                } else {
                    m[t] = true;
                }
            }
            int o = r * k;
            for (int j = 0; j < width; j++) {
                if (m[j]) {
                    m[j] = false;
                    sel[o++] = j;
                }
            }
        }
    }

    private void ensureBuffers(int batch) {
        int depth = mlp.depth();
        if (z.length != depth) {
            z = new float[depth][0];
            gz = new float[depth][0];
            idx = new int[depth][0];
            dropped = new float[depth][0];
            dropScale = new float[depth][0];
        }
        int maxWidth = 0;
        for (int l = 0; l < depth; l++) {
            int need = batch * mlp.layer(l).out();
            if (z[l].length < need) {
                z[l] = new float[need];
                gz[l] = new float[need];
            }
            if (l < depth - 1 && idx[l].length < need) {
                idx[l] = new int[need];
            }
            if (dropout != null && l < depth - 1 && dropped[l].length < need) {
                dropped[l] = new float[need];
                dropScale[l] = new float[need];
            }
            maxWidth = Math.max(maxWidth, mlp.layer(l).out());
        }
        if (mark.length < maxWidth) {
            mark = new boolean[maxWidth];
        }
    }

    @Override
    public String toString() {
        return "Backprop[" + Arrays.toString(mlp.sizes()) + "]";
    }
}
