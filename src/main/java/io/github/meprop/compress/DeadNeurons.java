package io.github.meprop.compress;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Dense;
import io.github.meprop.nn.Layer;
import io.github.meprop.nn.Model;
import java.util.Objects;

/**
 * Hidden neurons that are never active over a data pass.
 *
 * <p><b>"Never active"</b> means: the neuron's output {@code z_j = σ(y_j)} is exactly 0 (either
 * sign) on every example of the data set, in a forward pass of the model as it is. For ReLU that is
 * {@code y_j ≤ 0} on every example. Such a neuron contributes {@code 0 · W_{l+1}[:, j]} to the next
 * layer on that data, so removing it (row j of W_l, b_l[j], column j of W_{l+1}) leaves every
 * example's logits unchanged, except for the float rounding of the next layer's sums, whose
 * length changes. Removal is exact only on the data examined: an unseen input may switch the
 * neuron on. For tanh and sigmoid an output of exactly 0 practically never happens (sigmoid
 * never reaches 0), so this finds dead ReLU units.
 *
 * <p>All hidden layers are examined in one pass before anything is removed: removing dead
 * neurons of layer l does not change layer l+1's inputs on that data, so the dead sets of the
 * layers do not depend on each other. A layer never loses its last neuron (when every neuron of a
 * layer is dead, its first one is kept; the network's output on that data is then constant).
 *
 * <p>Only dense hidden layers lose units ({@link #drop}, {@link DeadUnitRule}): an LSTM unit whose
 * last hidden state is 0 may still feed the recurrence at earlier steps, so a zero output is no
 * evidence that removing it is harmless (and h = o·tanh(c) is practically never exactly 0).
 *
 * <p>Cost: one forward pass over the data (batch·Σ in·out multiply-adds) plus a scan of the
 * hidden outputs.
 */
public final class DeadNeurons {
    private DeadNeurons() {}

    /**
     * For each hidden layer, the number of examples of {@code data} on which each neuron's output
     * is non-zero ({@code counts[l][j]}).
     *
     * @param model the model; only read
     * @param data the examples; their width must be the model's input width
     * @param par the threads the kernels split the work over
     * @param batchSize examples per forward pass, ≥ 1
     * @return {@code counts[l][j]} for each hidden layer l (input side first) and unit j
     * @throws IllegalArgumentException if batchSize is below 1 or the data's width does not fit the
     *     model
     */
    public static long[][] activeCounts(Model model, Dataset data, Parallelism par, int batchSize) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(par, "par");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (data.width() != model.inputs()) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has " + data.width()
                    + " features, the model expects " + model.inputs());
        }
        int hidden = model.depth() - 1;
        long[][] counts = new long[hidden][];
        float[][] z = new float[hidden][];
        int maxBatch = Math.max(1, Math.min(batchSize, data.size()));
        for (int l = 0; l < hidden; l++) {
            counts[l] = new long[model.layer(l).outputWidth()];
            z[l] = new float[maxBatch * model.layer(l).outputWidth()];
        }
        float[] x = new float[maxBatch * data.width()];
        for (int from = 0; from < data.size(); from += batchSize) {
            int n = Math.min(batchSize, data.size() - from);
            System.arraycopy(data.x(), from * data.width(), x, 0, n * data.width());
            float[] in = x;
            for (int l = 0; l < hidden; l++) {
                Layer d = model.layer(l);
                d.forward(par, in, z[l], n);
                int w = d.outputWidth();
                long[] c = counts[l];
                float[] zl = z[l];
                for (int r = 0; r < n; r++) {
                    int o = r * w;
                    for (int j = 0; j < w; j++) {
                        if (zl[o + j] != 0f) {
                            c[j]++;
                        }
                    }
                }
                in = zl;
            }
        }
        return counts;
    }

    /**
     * Removes the hidden neurons of dense layers whose output is 0 on every example of {@code data}.
     *
     * @param model the model, changed in place
     * @param data the examples; their width must be the model's input width
     * @param par the threads the kernels split the work over
     * @param batchSize examples per forward pass, ≥ 1
     * @return the neurons removed per hidden layer
     * @throws IllegalArgumentException if batchSize is below 1 or the data's width does not fit the
     *     model
     */
    public static int[] drop(Model model, Dataset data, Parallelism par, int batchSize) {
        long[][] counts = activeCounts(model, data, par, batchSize);
        int[] removed = new int[counts.length];
        for (int l = 0; l < counts.length; l++) {
            if (!(model.layer(l) instanceof Dense)) {
                continue; // see the class comment: only dense layers' outputs are all their units feed
            }
            int[] keep = keepActive(counts[l]);
            removed[l] = counts[l].length - keep.length;
            if (removed[l] > 0) {
                model.keepUnits(l, keep);
            }
        }
        return removed;
    }

    /** Positions with a non-zero count, or {0} when there is none. */
    static int[] keepActive(long[] counts) {
        int n = 0;
        for (long c : counts) {
            if (c > 0) {
                n++;
            }
        }
        if (n == 0) {
            return new int[] {0};
        }
        int[] keep = new int[n];
        int t = 0;
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] > 0) {
                keep[t++] = j;
            }
        }
        return keep;
    }
}
