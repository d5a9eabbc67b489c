package io.github.meprop.compress;

import io.github.meprop.kernels.Linear;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Dense;
import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.Options;
import java.util.Objects;

/**
 * Merges redundant hidden neurons (METHOD.md §4). In hidden layer l, let {@code v_j = [W_l[j, :],
 * b_l[j]]} be neuron j's incoming weights and bias. If {@code v_a ≈ s·v_b} with s &gt; 0, then for
 * ReLU (positively homogeneous) {@code relu(y_a) ≈ s·relu(y_b)}, so neuron a can be removed after
 * adding {@code s·W_{l+1}[:, a]} into {@code W_{l+1}[:, b]}. The test is the cosine similarity
 * {@code cos(v_a, v_b) ≥ τ}, and s is the projection {@code <v_a, v_b> / <v_b, v_b>}. For an exact
 * positive multiple (an exact duplicate is s = 1) the network's function is unchanged up to float
 * rounding; for τ &lt; 1 it changes by the part of v_a orthogonal to v_b.
 *
 * <p>A neuron whose v is all zeros outputs relu(0) = 0 for every input and is removed as well
 * (nothing to fold). A layer never loses its last neuron.
 *
 * <p>Order (deterministic): neurons are visited in ascending position; the first neuron not yet
 * absorbed becomes an anchor b and absorbs every later, not yet absorbed neuron a with
 * {@code cos(v_a, v_b) ≥ τ}. Similarity is not transitive, so a is only merged into an anchor it is
 * itself similar to.
 *
 * <p>Cost: the Gram matrix {@code V·Vᵀ} of the layer ({@code out²·(in+1)} multiply-adds, with the
 * {@link Linear#forward} GEMM kernel in float) screens the pairs; every pair that passes the screen
 * (with a margin for the float rounding) is confirmed with a dot product in double, and s is
 * computed in double. The merge itself costs {@code out_{l+1}} multiply-adds per merged neuron plus
 * the structural edit ({@link Model#keepUnits}, which also shrinks the optimizer state).
 *
 * <p>Only for hidden layers with {@link Activation#RELU} (the scaling argument needs positive
 * homogeneity); other activations are rejected.
 */
public final class Merger implements CompressionRule {
    /** Screening margin on the float cosine (its rounding error is far below this). */
    private static final double SCREEN_MARGIN = 1e-3;

    private final double tau;

    /**
     * A merger with the given threshold.
     *
     * @param tau cosine similarity threshold in (0, 1]; 1 merges only exact positive multiples (up to
     *            the rounding of the cosine), 0.99–0.999 also near-multiples
     */
    public Merger(double tau) {
        InvalidSettingException.check(tau > 0 && tau <= 1, "tau", "(the merge threshold) must be in (0, 1]", tau);
        this.tau = tau;
    }

    /**
     * The cosine similarity threshold τ.
     *
     * @return τ, in (0, 1]
     */
    public double tau() {
        return tau;
    }

    /**
     * What merging would do to one layer: {@code into[a]} is the anchor neuron a is folded into
     * (a itself for a kept neuron, -1 for a removed all-zero neuron) and {@code scale[a]} the
     * factor s.
     *
     * @param into    per neuron: its anchor, itself, or -1
     * @param scale   per neuron: s (1 for kept neurons, 0 for removed zero neurons)
     * @param removed number of neurons that would be removed
     */
    public record Plan(int[] into, double[] scale, int removed) {
        /**
         * The kept positions, strictly ascending.
         *
         * @return a new array of the kept neurons' positions
         */
        public int[] keep() {
            int[] k = new int[into.length - removed];
            int t = 0;
            for (int j = 0; j < into.length; j++) {
                if (into[j] == j) {
                    k[t++] = j;
                }
            }
            return k;
        }
    }

    /**
     * Plans the merge of a layer given as W ({@code [out × in]} row-major) and b ({@code [out]}).
     *
     * @param w the weights, row-major {@code [out × in]}; only read
     * @param b the biases, out values; only read
     * @param out number of neurons, ≥ 1
     * @param in inputs per neuron, ≥ 1
     * @return the plan; nothing is changed
     * @throws IllegalArgumentException if out or in is below 1 or w or b is too short
     */
    public Plan plan(float[] w, float[] b, int out, int in) {
        Objects.requireNonNull(w, "w");
        Objects.requireNonNull(b, "b");
        if (out < 1 || in < 1) {
            throw new IllegalArgumentException("out and in must be >= 1, were " + out + " and " + in);
        }
        if (w.length < (long) out * in || b.length < out) {
            throw new IllegalArgumentException("w needs out × in = " + (long) out * in + " and b out = " + out
                    + " values, have " + w.length + " and " + b.length);
        }
        int width = in + 1;
        float[] v = new float[out * width];
        for (int j = 0; j < out; j++) {
            System.arraycopy(w, j * in, v, j * width, in);
            v[j * width + in] = b[j];
        }
        float[] gram = new float[out * out];
        Linear.forward(v, v, null, gram, out, width, out);
        double[] norm2 = new double[out];
        for (int j = 0; j < out; j++) {
            norm2[j] = dot(v, j, j, width);
        }

        int[] into = new int[out];
        double[] scale = new double[out];
        int removed = 0;
        for (int j = 0; j < out; j++) {
            into[j] = j;
            scale[j] = 1;
        }
        // All-zero neurons output 0 for every input.
        for (int j = 0; j < out; j++) {
            if (norm2[j] == 0 && removed < out - 1) {
                into[j] = -1;
                scale[j] = 0;
                removed++;
            }
        }
        double screen = tau - SCREEN_MARGIN;
        for (int bIdx = 0; bIdx < out; bIdx++) {
            if (into[bIdx] != bIdx || norm2[bIdx] == 0) {
                continue;
            }
            double gb = gram[bIdx * out + bIdx];
            for (int a = bIdx + 1; a < out; a++) {
                if (into[a] != a || norm2[a] == 0) {
                    continue;
                }
                double ga = gram[a * out + a];
                double gab = gram[a * out + bIdx];
                if (!(gab > 0) || gab < screen * Math.sqrt(ga * gb)) {
                    continue;
                }
                double exact = dot(v, a, bIdx, width);
                double cos = exact / Math.sqrt(norm2[a] * norm2[bIdx]);
                if (cos >= tau) {
                    into[a] = bIdx;
                    scale[a] = exact / norm2[bIdx];
                    removed++;
                }
            }
        }
        return new Plan(into, scale, removed);
    }

    private static double dot(float[] v, int a, int b, int width) {
        double s = 0;
        int oa = a * width;
        int ob = b * width;
        for (int i = 0; i < width; i++) {
            s += (double) v[oa + i] * v[ob + i];
        }
        return s;
    }

    /** For {@link CompressionRules}: setting tau (default 0.5). */
    static Merger create(Options o) {
        Merger m = new Merger(o.number("tau", 0.5));
        o.requireAllUsed("compression rule merge");
        return m;
    }

    @Override
    public String name() {
        return "merge";
    }

    /**
     * Plans the merge of hidden layer {@code hidden}, folds each merged neuron a into its anchor b in
     * the next layer ({@code W_{l+1}[:, b] += s·W_{l+1}[:, a]}) and returns the neurons to keep (null
     * when none merges).
     *
     * @throws IllegalArgumentException if the layer is not a dense ReLU hidden layer followed by a
     *                                  dense layer
     */
    @Override
    public int[] keep(Model model, int hidden, CompressionContext evidence) {
        Objects.requireNonNull(model, "model");
        if (hidden < 0 || hidden >= model.depth() - 1) {
            throw new IllegalArgumentException("hidden layer " + hidden + " does not exist: the model has "
                    + (model.depth() - 1) + " hidden layers");
        }
        if (!(model.layer(hidden) instanceof Dense layer) || !(model.layer(hidden + 1) instanceof Dense next)) {
            throw new IllegalArgumentException("merging needs a dense hidden layer followed by a dense layer; hidden"
                    + " layer " + hidden + " is " + model.layer(hidden) + ", followed by " + model.layer(hidden + 1));
        }
        if (layer.activation() != Activation.RELU) {
            throw new IllegalArgumentException("merging needs ReLU hidden layers (positively homogeneous); hidden layer "
                    + hidden + " uses " + layer.activation().id());
        }
        Plan plan = plan(layer.weights(), layer.biases(), layer.out(), layer.in());
        if (plan.removed() == 0) {
            return null;
        }
        float[] w2 = next.weights();
        int rows = next.out();
        int cols = next.in();
        for (int a = 0; a < plan.into().length; a++) {
            int b = plan.into()[a];
            if (b < 0 || b == a) {
                continue;
            }
            double s = plan.scale()[a];
            for (int r = 0; r < rows; r++) {
                int o = r * cols;
                w2[o + b] = (float) (w2[o + b] + s * w2[o + a]);
            }
        }
        return plan.keep();
    }

    /**
     * Merges the redundant neurons of hidden layer {@code hidden} (0-based) of the model in place.
     *
     * @param model the model, changed in place
     * @param hidden the hidden layer, 0-based
     * @return the number of neurons removed
     * @throws IllegalArgumentException if the layer is not a dense ReLU hidden layer followed by a
     *     dense layer
     */
    public int merge(Model model, int hidden) {
        int[] keep = keep(model, hidden, CompressionContext.weightsOnly());
        if (keep == null) {
            return 0;
        }
        int removed = model.layer(hidden).units() - keep.length;
        model.keepUnits(hidden, keep);
        return removed;
    }

    /**
     * Merges every hidden layer, input side first; returns the neurons removed per hidden layer.
     *
     * @param model the model, changed in place
     * @return the number of neurons removed from each hidden layer, input side first
     * @throws IllegalArgumentException if a hidden layer is not a dense ReLU layer followed by a
     *     dense layer
     */
    public int[] mergeAll(Model model) {
        Objects.requireNonNull(model, "model");
        int[] removed = new int[model.depth() - 1];
        for (int l = 0; l < removed.length; l++) {
            removed[l] = merge(model, l);
        }
        return removed;
    }

    @Override
    public String toString() {
        return "Merger[tau=" + tau + "]";
    }
}
