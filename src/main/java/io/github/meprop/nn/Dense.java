package io.github.meprop.nn;

import io.github.meprop.kernels.internal.UncheckedLinear;
import io.github.meprop.kernels.Parallelism;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fully connected layer {@code z = σ(W x + b)}: W is stored row-major as {@code [out × in]}
 * (output neuron j owns the contiguous row {@code W[j, 0..in)}, so a meProp selection of k neurons
 * is k contiguous rows), b is {@code [out]}. Its parameters are {@code weight} and {@code bias}; its
 * units are the out neurons.
 *
 * <h2>Backward</h2>
 * From {@code ∂L/∂z}: {@code g = σ'(z) ⊙ ∂L/∂z} (in place), then the {@link Sparsifier} selects the
 * entries of g to keep, then {@link LinearGradients#backward}: with k of out entries kept per
 * example, 2·batch·k·in multiply-adds instead of 2·batch·out·in. db always uses all of g.
 *
 * <p>Not thread-safe while training; {@link #forward} only reads.
 */
public final class Dense implements Layer {
    /** Type name in model files. */
    public static final String TYPE = "dense";

    private final Activation activation;
    private int in;
    private int out;
    private final Parameter weight;
    private final Parameter bias;
    private final List<Parameter> parameters;

    /**
     * A layer with zero weights and biases.
     *
     * @param in inputs per example, ≥ 1
     * @param out output neurons, ≥ 1
     * @param activation the non-linearity σ (not null)
     * @throws IllegalArgumentException if in or out is below 1 or out·in does not fit one array
     */
    public Dense(int in, int out, Activation activation) {
        this(in, out, activation, new float[checkedProduct(in, out)], new float[checkOut(out)], false);
    }

    /**
     * A layer with the given weights ({@code [out × in]} row-major) and biases ({@code [out]}), copied.
     *
     * @param in inputs per example, ≥ 1
     * @param out output neurons, ≥ 1
     * @param activation the non-linearity σ (not null)
     * @param weights W, {@code out·in} values, row-major; copied
     * @param biases b, out values; copied
     * @throws IllegalArgumentException if in or out is below 1 or an array has the wrong length
     */
    public Dense(int in, int out, Activation activation, float[] weights, float[] biases) {
        this(in, out, activation, weights, biases, true);
    }

    private Dense(int in, int out, Activation activation, float[] weights, float[] biases, boolean copy) {
        this.activation = Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(biases, "biases");
        if (weights.length != checkedProduct(in, out)) {
            throw new IllegalArgumentException("weights has length " + weights.length + ", expected out × in = " + out
                    + " × " + in + " = " + (long) out * in);
        }
        if (biases.length != out) {
            throw new IllegalArgumentException("biases has length " + biases.length + ", expected out = " + out);
        }
        this.in = in;
        this.out = out;
        this.weight = new Parameter("weight", out, in, copy ? weights.clone() : weights);
        this.bias = Parameter.vector("bias", copy ? biases.clone() : biases);
        this.parameters = List.of(weight, bias);
    }

    private Dense(Dense o) {
        this.activation = o.activation;
        this.in = o.in;
        this.out = o.out;
        this.weight = o.weight.copy();
        this.bias = o.bias.copy();
        this.parameters = List.of(weight, bias);
    }

    private static int checkOut(int out) {
        if (out < 1) {
            throw new IllegalArgumentException("out must be >= 1, was " + out);
        }
        return out;
    }

    private static int checkedProduct(int in, int out) {
        if (in < 1) {
            throw new IllegalArgumentException("in must be >= 1, was " + in);
        }
        checkOut(out);
        long n = (long) in * out;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("layer " + out + " × " + in + " is too large for one float[]");
        }
        return (int) n;
    }

    /**
     * For {@link Layers}: a layer from a model file's tensors {@code weight [out × in]} and
     * {@code bias [out]} and its {@code activation} setting.
     */
    static Dense fromFile(Map<String, String> config, Layers.TensorSource tensors) {
        Activation act = Activation.parse(Objects.requireNonNullElse(config.get("activation"), "identity"));
        int[] ws = tensors.shape("weight");
        if (ws.length != 2) {
            throw new IllegalArgumentException("tensor 'weight' must have 2 dimensions [out, in], has shape "
                    + java.util.Arrays.toString(ws));
        }
        return new Dense(ws[1], ws[0], act, tensors.get("weight", ws[0], ws[1]), tensors.get("bias", ws[0]), false);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Inputs per example.
     *
     * @return the number of inputs per example
     */
    public int in() {
        return in;
    }

    /**
     * Output neurons.
     *
     * @return the number of output neurons (the units)
     */
    public int out() {
        return out;
    }

    @Override
    public int inputWidth() {
        return in;
    }

    @Override
    public int outputWidth() {
        return out;
    }

    @Override
    public int units() {
        return out;
    }

    /**
     * The non-linearity applied to {@code W x + b}.
     *
     * @return the activation σ
     */
    public Activation activation() {
        return activation;
    }

    /**
     * The weight parameter W, {@code [out × in]}.
     *
     * @return the weight parameter (values, gradient and optimizer state of W)
     */
    public Parameter weight() {
        return weight;
    }

    /**
     * The bias parameter b, {@code [out × 1]}.
     *
     * @return the bias parameter (values, gradient and optimizer state of b)
     */
    public Parameter bias() {
        return bias;
    }

    /**
     * W, {@code [out × in]} row-major (live array).
     *
     * @return the live weight array, {@code out·in} values; valid until the next structural edit
     */
    public float[] weights() {
        return weight.values();
    }

    /**
     * b, {@code [out]} (live array).
     *
     * @return the live bias array, out values; valid until the next structural edit
     */
    public float[] biases() {
        return bias.values();
    }

    /**
     * dW, shaped like W (live array).
     *
     * @return the live weight-gradient array, {@code out·in} values
     */
    public float[] weightGrad() {
        return weight.grad();
    }

    /**
     * db, shaped like b (live array).
     *
     * @return the live bias-gradient array, out values
     */
    public float[] biasGrad() {
        return bias.grad();
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public Map<String, String> config() {
        return Map.of("activation", activation.id());
    }

    @Override
    public Dense copy() {
        return new Dense(this);
    }

    // ---------------------------------------------------------------- forward / backward

    /**
     * {@code z = σ(x·Wᵀ + b)} for a batch: x is {@code [batch × in]}, z {@code [batch × out]}.
     * Cost: batch·in·out multiply-adds plus batch·out activations.
     */
    @Override
    public void forward(Parallelism par, float[] x, float[] z, int batch) {
        UncheckedLinear.forward(par, x, weight.values(), bias.values(), z, batch, in, out);
        activation.forward(z, z, batch * out);
    }

    /**
     * From {@code ∂L/∂z}: {@code g = σ'(z) ⊙ ∂L/∂z} (in place), the sparsifier's selection of g, then
     * {@link LinearGradients#backward} (dW, db and dx under that selection).
     */
    @Override
    public void backward(Parallelism par, float[] x, float[] z, float[] dz, float[] dx, int batch, Sparsifier sparse) {
        activation.backward(z, dz, dz, batch * out);
        LinearGradients.backward(par, x, weight, bias, dz, sparse.select(par, dz, batch, out), dx, batch);
    }

    /** Clears dW and db and the touched rows (the backward pass does not need it: it overwrites). */
    public void zeroGrad() {
        weight.zeroGrad();
        bias.zeroGrad();
    }

    // ---------------------------------------------------------------- structural edits

    /**
     * Keeps only the output neurons {@code keep} (strictly ascending positions in 0..out): rows of
     * W, dW and the optimizer state, entries of b and db. Cost O(kept·in).
     *
     * @throws IllegalArgumentException if keep is empty, not strictly ascending or out of range
     */
    @Override
    public void keepUnits(int[] keep) {
        Structure.checkKeep(keep, out, "outputs");
        weight.keepRows(keep);
        bias.keepRows(keep);
        out = keep.length;
    }

    /**
     * Keeps only the inputs {@code keep} (strictly ascending positions in 0..in): columns of W, dW
     * and the W-shaped optimizer state. Cost O(out·kept).
     *
     * @throws IllegalArgumentException if keep is empty, not strictly ascending or out of range
     */
    @Override
    public void keepInputs(int[] keep) {
        Structure.checkKeep(keep, in, "inputs");
        weight.keepColumns(keep);
        in = keep.length;
    }

    @Override
    public String toString() {
        return "Dense[" + in + " → " + out + ", " + activation.id() + "]";
    }
}
