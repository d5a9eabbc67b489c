package io.github.meprop.nn;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Ops;
import io.github.meprop.kernels.Parallelism;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A multi-layer perceptron: dense hidden layers with one activation, and a dense output layer
 * with {@link Activation#IDENTITY} whose logits feed {@link SoftmaxCrossEntropy}.
 *
 * <p>Hidden layer l (0-based) is {@code layers().get(l)}; its width is {@code hiddenSizes()[l]}.
 * {@link #keepHiddenNeurons(int, int[])} removes hidden neurons physically (model simplification).
 * Not thread-safe.
 */
public final class Mlp {
    private final Dense[] layers;
    private final Activation hidden;

    private Mlp(Dense[] layers, Activation hidden) {
        this.layers = layers;
        this.hidden = hidden;
    }

    /**
     * A network with the given layer sizes (input, hidden..., output; e.g. 784, 500, 500, 10),
     * Glorot-normal weights (std = √(2/(fan_in + fan_out))) drawn from {@code new Random(seed)}
     * layer by layer in row-major order, and zero biases. The same seed gives the same weights on
     * every JVM ({@link Random#nextGaussian()} is specified exactly).
     */
    public static Mlp create(int[] sizes, Activation hiddenActivation, long seed) {
        checkSizes(sizes);
        Objects.requireNonNull(hiddenActivation, "hiddenActivation");
        Random rnd = new Random(seed);
        Dense[] layers = new Dense[sizes.length - 1];
        for (int l = 0; l < layers.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            Activation act = l == layers.length - 1 ? Activation.IDENTITY : hiddenActivation;
            Dense d = new Dense(in, out, act);
            double std = Math.sqrt(2.0 / (in + out));
            float[] w = d.weights();
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (rnd.nextGaussian() * std);
            }
            layers[l] = d;
        }
        return new Mlp(layers, hiddenActivation);
    }

    /**
     * A network from given weights (model loading): {@code weights[l]} is layer l's W
     * ({@code [out_l × in_l]} row-major) and {@code biases[l]} its b ({@code [out_l]}); the shapes
     * are inferred from the biases and the input width and checked for consistency. Arrays are
     * copied.
     */
    public static Mlp fromWeights(int inputs, Activation hiddenActivation, float[][] weights, float[][] biases) {
        Objects.requireNonNull(hiddenActivation, "hiddenActivation");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(biases, "biases");
        if (weights.length == 0 || weights.length != biases.length) {
            throw new IllegalArgumentException("need one weight and one bias array per layer, got " + weights.length
                    + " weight and " + biases.length + " bias arrays");
        }
        if (inputs < 1) {
            throw new IllegalArgumentException("inputs must be >= 1, was " + inputs);
        }
        Dense[] layers = new Dense[weights.length];
        int in = inputs;
        for (int l = 0; l < layers.length; l++) {
            Objects.requireNonNull(weights[l], "weights[" + l + "]");
            Objects.requireNonNull(biases[l], "biases[" + l + "]");
            int out = biases[l].length;
            if (out < 1 || weights[l].length != (long) out * in) {
                throw new IllegalArgumentException("layer " + l + ": weights has length " + weights[l].length
                        + ", expected out × in = " + out + " × " + in + " (out from the bias length)");
            }
            Activation act = l == layers.length - 1 ? Activation.IDENTITY : hiddenActivation;
            layers[l] = new Dense(in, out, act, weights[l], biases[l]);
            in = out;
        }
        return new Mlp(layers, hiddenActivation);
    }

    private static void checkSizes(int[] sizes) {
        Objects.requireNonNull(sizes, "sizes");
        if (sizes.length < 2) {
            throw new IllegalArgumentException("sizes needs at least input and output, was " + Arrays.toString(sizes));
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) {
                throw new IllegalArgumentException("sizes[" + i + "] = " + sizes[i] + " must be >= 1 (sizes "
                        + Arrays.toString(sizes) + ")");
            }
        }
    }

    /** A deep copy (weights, gradients and optimizer state). */
    public Mlp copy() {
        Dense[] c = new Dense[layers.length];
        for (int l = 0; l < c.length; l++) {
            c[l] = layers[l].copy();
        }
        return new Mlp(c, hidden);
    }

    /** The layers, input side first; the last one is the output layer. */
    public List<Dense> layers() {
        return List.of(layers);
    }

    /** Layer l. */
    public Dense layer(int l) {
        return layers[l];
    }

    /** Number of layers (hidden + output). */
    public int depth() {
        return layers.length;
    }

    /** The hidden layers' activation. */
    public Activation hiddenActivation() {
        return hidden;
    }

    /** Input width. */
    public int inputs() {
        return layers[0].in();
    }

    /** Output width (classes). */
    public int outputs() {
        return layers[layers.length - 1].out();
    }

    /** Current widths of the hidden layers. */
    public int[] hiddenSizes() {
        int[] s = new int[layers.length - 1];
        for (int l = 0; l < s.length; l++) {
            s[l] = layers[l].out();
        }
        return s;
    }

    /** All sizes: input, hidden..., output. */
    public int[] sizes() {
        int[] s = new int[layers.length + 1];
        s[0] = inputs();
        for (int l = 0; l < layers.length; l++) {
            s[l + 1] = layers[l].out();
        }
        return s;
    }

    /** Number of parameters (weights and biases). */
    public long parameters() {
        long p = 0;
        for (Dense d : layers) {
            p += d.parameters();
        }
        return p;
    }

    /** Copies of the weight arrays, one per layer (for saving). */
    public float[][] weights() {
        float[][] w = new float[layers.length][];
        for (int l = 0; l < w.length; l++) {
            w[l] = layers[l].weights().clone();
        }
        return w;
    }

    /** Copies of the bias arrays, one per layer (for saving). */
    public float[][] biases() {
        float[][] b = new float[layers.length][];
        for (int l = 0; l < b.length; l++) {
            b[l] = layers[l].biases().clone();
        }
        return b;
    }

    /**
     * Removes neurons of hidden layer {@code hidden} (0-based), keeping the strictly ascending
     * positions {@code keep}: rows of its W and entries of its b, and the matching columns of the
     * next layer's W, with their gradients and optimizer state.
     *
     * @throws IllegalArgumentException if hidden is not a hidden layer or keep is invalid
     */
    public void keepHiddenNeurons(int hidden, int[] keep) {
        if (hidden < 0 || hidden >= layers.length - 1) {
            throw new IllegalArgumentException("hidden layer " + hidden + " does not exist: this network has "
                    + (layers.length - 1) + " hidden layers");
        }
        layers[hidden].keepOutputs(keep);
        layers[hidden + 1].keepInputs(keep);
    }

    // ---------------------------------------------------------------- inference

    /** Logits {@code [batch × outputs]} of x {@code [batch × inputs]} into out. */
    public void logits(Parallelism par, float[] x, int batch, float[] out) {
        Objects.requireNonNull(out, "out");
        if (out.length < (long) batch * outputs()) {
            throw new IndexOutOfBoundsException("out has length " + out.length + ", needs " + (long) batch * outputs());
        }
        ForwardBuffers buf = new ForwardBuffers();
        float[] logits = buf.forward(this, par, x, batch);
        System.arraycopy(logits, 0, out, 0, batch * outputs());
    }

    /** Predicted classes (arg-max of the logits) of x {@code [batch × inputs]} into out. */
    public void predict(Parallelism par, float[] x, int batch, int[] out) {
        ForwardBuffers buf = new ForwardBuffers();
        float[] logits = buf.forward(this, par, x, batch);
        Ops.argmaxRows(logits, batch, outputs(), out);
    }

    /** Fraction of the data set classified correctly, in batches of 1000, one thread. */
    public double accuracy(Dataset data) {
        return accuracy(data, Parallelism.serial(), 1000);
    }

    /** Fraction of the data set classified correctly, forward only, in batches of {@code batchSize}. */
    public double accuracy(Dataset data, Parallelism par, int batchSize) {
        return correct(data, par, batchSize, new ForwardBuffers()) / (double) Math.max(1, data.size());
    }

    /** Number of examples classified correctly. */
    int correct(Dataset data, Parallelism par, int batchSize, ForwardBuffers buf) {
        Objects.requireNonNull(data, "data");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (data.width() != inputs()) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has width " + data.width()
                    + ", the network expects " + inputs() + " inputs");
        }
        int[] pred = new int[Math.min(batchSize, Math.max(1, data.size()))];
        int correct = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int n = Math.min(batchSize, data.size() - from);
            float[] logits = buf.forward(this, par, data.x(), from * data.width(), n);
            Ops.argmaxRows(logits, n, outputs(), pred);
            for (int i = 0; i < n; i++) {
                if (pred[i] == data.y()[from + i]) {
                    correct++;
                }
            }
        }
        return correct;
    }

    @Override
    public String toString() {
        return "Mlp" + Arrays.toString(sizes()) + " (" + hidden.id() + ", " + parameters() + " parameters)";
    }
}
