package io.github.meprop.compress;

import io.github.meprop.nn.Dense;
import io.github.meprop.nn.InvalidSettingException;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.Options;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Data-aware compensation ("refit"): another rule chooses the units of hidden layer l to keep (K;
 * the removed ones are R), and the next layer's weights on the kept units and its bias are refit by
 * least squares so that its pre-activations change least on a data pass (the idea of "Neuron
 * Merging", Kim et al., NeurIPS 2020, with the data-free decomposition replaced by a regression on
 * activations). With {@code a = z_l(x)} the layer's outputs (all units), W and b the next layer's
 * weights {@code [out × w]} and bias as they were before the rule ran, it finds W' (on K) and b' by
 * <pre>
 *   minimise  Σ_x ‖W' a_K + b' − (W a + b)‖² + λ ‖W'‖²        λ = ridge · mean_{j∈K} Σ_x a_j²
 *   normal equations  (Ĝ_KK + λ D) [W'ᵀ; b'ᵀ] = Ĝ_K: [W | b]ᵀ      (D: 1 for weights, 0 for the bias)
 * </pre>
 * where {@code Ĝ = Σ_x â âᵀ}, {@code â = [a, 1]} ({@link ActivationGram}, one GEMM per block of
 * examples), solved in double by {@link Cholesky}. Removed units whose outputs are linear
 * combinations of kept ones (a scaled copy, a constant through the bias) are then removed without
 * changing the next layer's pre-activations on the data (up to the ridge and float rounding);
 * otherwise the change is the least possible for the chosen K on that data: never more than
 * dropping the units (W' = W_K, b' = b) or folding them (what {@link Merger} does), up to the ridge.
 * The rule it wraps may already change the next layer (a merge folds columns into anchors): the
 * refit starts from the weights before it ran, so it replaces that compensation.
 *
 * <p>The wrapped rule must not change layer l itself (none of the built-ins does). Needs
 * {@link CompressionContext#data()}; the pass uses its first {@code samples} examples (0: all).
 * Any activation (no homogeneity argument is needed). Cost: the data pass of {@link ActivationGram}
 * (n·(w+1)² multiply-adds for the Gram), {@code (|K|+1)·(w+1)·out} for the right-hand sides and
 * {@code (|K|+1)³/6 + (|K|+1)²·out} for the solve.
 */
public final class LeastSquaresRefit implements CompressionRule {
    /** Default ridge, relative to the mean squared activation of the kept units. */
    public static final double DEFAULT_RIDGE = 1e-3;
    /** Default number of examples in the data pass. */
    public static final int DEFAULT_SAMPLES = 10_000;

    private final CompressionRule select;
    private final double ridge;
    private final int samples;

    /**
     * A refit of the units that {@code select} keeps.
     *
     * @param select  the rule that chooses the units to keep
     * @param ridge   λ relative to the mean of {@code Σ_x a_j²} over the kept units, ≥ 0 (setting "ridge")
     * @param samples examples of the data pass, 0 for all (setting "samples")
     */
    public LeastSquaresRefit(CompressionRule select, double ridge, int samples) {
        this.select = Objects.requireNonNull(select, "select");
        InvalidSettingException.check(ridge >= 0 && Double.isFinite(ridge), "ridge", "must be finite and >= 0", ridge);
        InvalidSettingException.check(samples >= 0, "samples", "must be >= 0 (0: all examples)", samples);
        this.ridge = ridge;
        this.samples = samples;
    }

    /**
     * Wraps a rule with the default ridge and samples.
     *
     * @param select the rule that chooses the units to keep
     */
    public LeastSquaresRefit(CompressionRule select) {
        this(select, DEFAULT_RIDGE, DEFAULT_SAMPLES);
    }

    /**
     * For {@link CompressionRules}: settings {@code of} (the rule that chooses, default prune),
     * {@code ridge}, {@code samples}; every other setting goes to the chosen rule, e.g.
     * {@code refit:of=merge,tau=0.5}.
     */
    static LeastSquaresRefit create(Options o) {
        String of = o.text("of", "prune").trim().toLowerCase(java.util.Locale.ROOT);
        double ridge = o.number("ridge", DEFAULT_RIDGE);
        int samples = o.integer("samples", DEFAULT_SAMPLES);
        if (of.equals("refit")) {
            throw new InvalidSettingException("of", "refit cannot wrap itself");
        }
        Map<String, String> rest = new LinkedHashMap<>(o.asMap());
        rest.remove("of");
        rest.remove("ridge");
        rest.remove("samples");
        rest.keySet().forEach(k -> o.text(k, null)); // handed on: the wrapped rule checks them
        o.requireAllUsed("compression rule refit");
        return new LeastSquaresRefit(CompressionRules.create(of, Options.of(rest)), ridge, samples);
    }

    /**
     * The rule that chooses the units.
     *
     * @return the wrapped rule
     */
    public CompressionRule select() {
        return select;
    }

    /**
     * The relative ridge.
     *
     * @return λ relative to the kept units' mean squared activation
     */
    public double ridge() {
        return ridge;
    }

    /**
     * Examples of the data pass (0: all).
     *
     * @return the number of examples of the data pass, 0 for all
     */
    public int samples() {
        return samples;
    }

    /** The wrapped rule's name, so that prune points count the units it removes under that name. */
    @Override
    public String name() {
        return select.name();
    }

    /**
     * Lets the wrapped rule choose, then refits the next layer on the kept units.
     *
     * @throws IllegalArgumentException if the next layer is not dense or there is no data
     */
    @Override
    public int[] keep(Model model, int hidden, CompressionContext evidence) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(evidence, "evidence");
        if (hidden < 0 || hidden >= model.depth() - 1) {
            throw new IllegalArgumentException("hidden layer " + hidden + " does not exist: the model has "
                    + (model.depth() - 1) + " hidden layers");
        }
        if (!(model.layer(hidden + 1) instanceof Dense next)) {
            throw new IllegalArgumentException("a least-squares refit needs a dense layer after hidden layer " + hidden
                    + ", found " + model.layer(hidden + 1));
        }
        if (evidence.data() == null || evidence.data().size() == 0) {
            throw new IllegalArgumentException("a least-squares refit needs data for its pass (compress --data, or"
                    + " the training set during training)");
        }
        float[] w0 = next.weights().clone();
        float[] b0 = next.biases().clone();
        int[] keep = select.keep(model, hidden, evidence);
        if (keep == null) {
            return null;
        }
        double[] g = ActivationGram.of(model, hidden, evidence.data(), samples, evidence.parallelism());
        refit(g, w0, b0, keep, next.in(), next.out(), ridge, next.weights(), next.biases());
        return keep;
    }

    /**
     * The refit itself: from the Gram matrix {@code g [(w+1) × (w+1)]} of {@code [a, 1]}, the next
     * layer's original weights {@code w0 [out × w]} and bias b0, writes the least-squares weights of
     * the kept inputs into {@code w [out × w]} (the columns in keep; the others are left as they
     * are, to be removed) and the bias into b.
     */
    static void refit(double[] g, float[] w0, float[] b0, int[] keep, int width, int out, double ridge, float[] w,
            float[] b) {
        int w1 = width + 1;
        int kk = keep.length + 1;
        int[] idx = new int[kk];
        System.arraycopy(keep, 0, idx, 0, keep.length);
        idx[kk - 1] = width; // the constant column
        double[] a = new double[kk * kk];
        double diag = 0;
        for (int p = 0; p < kk; p++) {
            for (int q = 0; q < kk; q++) {
                a[p * kk + q] = g[idx[p] * w1 + idx[q]];
            }
            if (p < kk - 1) {
                diag += a[p * kk + p];
            }
        }
        double scale = keep.length == 0 ? 0 : diag / keep.length;
        double lambda = ridge * (scale > 0 ? scale : 1);
        for (int p = 0; p < kk - 1; p++) {
            a[p * kk + p] += lambda;
        }
        // Right-hand sides: R = Ĝ[idx, :] · [W | b]ᵀ, [kk × out].
        double[] r = new double[kk * out];
        double[] row = new double[w1];
        for (int o = 0; o < out; o++) {
            for (int c = 0; c < width; c++) {
                row[c] = w0[o * width + c];
            }
            row[width] = b0[o];
            for (int p = 0; p < kk; p++) {
                int gp = idx[p] * w1;
                double s = 0;
                for (int c = 0; c < w1; c++) {
                    s += g[gp + c] * row[c];
                }
                r[p * out + o] = s;
            }
        }
        try {
            Cholesky.factor(a, kk);
        } catch (ArithmeticException e) {
            throw new ArithmeticException("least-squares refit: the kept units' Gram matrix is singular (give a ridge"
                    + " > 0): " + e.getMessage());
        }
        Cholesky.solve(a, kk, r, out);
        for (int o = 0; o < out; o++) {
            for (int p = 0; p < kk - 1; p++) {
                w[o * width + keep[p]] = (float) r[p * out + o];
            }
            b[o] = (float) r[(kk - 1) * out + o];
        }
    }

    @Override
    public String toString() {
        return "LeastSquaresRefit[" + select + ", ridge=" + ridge + ", samples=" + samples + "]";
    }
}
