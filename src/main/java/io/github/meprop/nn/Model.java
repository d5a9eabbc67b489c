package io.github.meprop.nn;

import io.github.meprop.data.Dataset;
import io.github.meprop.kernels.Ops;
import io.github.meprop.kernels.Parallelism;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A classifier: a sequence of {@link Layer}s whose last layer outputs one logit per class, followed
 * by softmax (cross-entropy in training). The layers before the last are the hidden layers; meProp
 * sparsifies their backward passes and meSimp removes their units ({@link #keepUnits}).
 *
 * <h2>Threads</h2>
 * Training and structural edits change the model and belong to one thread. The inference methods
 * ({@link #predict}, {@link #probabilities}, {@link #logits}, {@link #accuracy}) only read it and
 * use buffers of their own, so any number of threads may call them at once on a model that is not
 * being trained or edited meanwhile (a {@link #copy()} gives a private snapshot).
 *
 * <p>Rounding: the SIMD forward kernel sums a batch's rows in blocks and its last few rows (and a
 * single row) in another order, so the logits of one example may differ in the last bit between a
 * one-row call and a batch call (and between the SIMD and the plain-Java kernels); each call is
 * deterministic.
 */
public final class Model {
    private final List<Layer> layers;
    /** Every layer's parameters (their identities never change; structural edits work in place). */
    private final List<Parameter> parameters;

    private Model(List<Layer> layers) {
        this.layers = layers;
        List<Parameter> p = new ArrayList<>();
        for (Layer l : layers) {
            p.addAll(l.parameters());
        }
        this.parameters = Collections.unmodifiableList(p);
    }

    /**
     * A model of the given layers, input side first; each layer's input width must be the previous
     * layer's output width.
     *
     * @param layers the layers, input side first, at least one (the list is copied)
     * @return the model
     * @throws IllegalArgumentException if there is no layer or two neighbours do not fit
     */
    public static Model of(List<? extends Layer> layers) {
        Objects.requireNonNull(layers, "layers");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one layer");
        }
        List<Layer> copy = new ArrayList<>(layers);
        for (int l = 0; l < copy.size(); l++) {
            Objects.requireNonNull(copy.get(l), "layers[" + l + "]");
            if (l > 0 && copy.get(l).inputWidth() != copy.get(l - 1).outputWidth()) {
                throw new IllegalArgumentException("layer " + l + " takes " + copy.get(l).inputWidth()
                        + " inputs but layer " + (l - 1) + " outputs " + copy.get(l - 1).outputWidth());
            }
        }
        return new Model(copy);
    }

    /**
     * {@link #of(List)} of the given layers.
     *
     * @param layers the layers, input side first, at least one
     * @return the model
     * @throws IllegalArgumentException if there is no layer or two neighbours do not fit
     */
    public static Model of(Layer... layers) {
        return of(Arrays.asList(layers));
    }

    /**
     * A multi-layer perceptron with the given sizes (input, hidden..., classes; e.g. 784, 500, 500,
     * 10): dense hidden layers with the given activation and a linear output layer, Glorot-normal
     * weights (std = √(2/(fan_in + fan_out))) drawn from {@code new Random(seed)} layer by layer in
     * row-major order, zero biases. The same seed gives the same weights on every JVM.
     *
     * @param sizes the widths: input, then each hidden layer, then the classes; at least 2 entries,
     *     each ≥ 1
     * @param hiddenActivation the activation of the hidden layers (the output layer has none)
     * @param seed the seed of the weight initialization
     * @return the new model
     * @throws IllegalArgumentException if sizes has fewer than 2 entries or one below 1
     */
    public static Model mlp(int[] sizes, Activation hiddenActivation, long seed) {
        checkSizes(sizes);
        Objects.requireNonNull(hiddenActivation, "hiddenActivation");
        Random rnd = new Random(seed);
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < sizes.length - 1; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            Activation act = l == sizes.length - 2 ? Activation.IDENTITY : hiddenActivation;
            Dense d = new Dense(in, out, act);
            double std = Math.sqrt(2.0 / (in + out));
            float[] w = d.weights();
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (rnd.nextGaussian() * std);
            }
            layers.add(d);
        }
        return new Model(layers);
    }

    /**
     * A sequence classifier: an {@link Lstm} of {@code hidden} units over {@code steps} time steps of
     * {@code features} floats (input width steps·features, time-major), then a linear output layer
     * on the last hidden state ({@code hidden → classes}, logits). Sequential MNIST is
     * {@code lstm(28, 28, 128, 10, seed)}: each image read row by row. Initialisation from
     * {@code new Random(seed)}: the LSTM as PyTorch's {@code nn.LSTM} (weights uniform in ±1/√hidden,
     * W_ih then W_hh, row-major) with the forget gate's bias 1 ({@link Lstm}), then the output layer
     * Glorot-normal as {@link #mlp(int[], Activation, long)}, zero biases. The same seed gives the same
     * weights on every JVM.
     *
     * @param steps    time steps per example, ≥ 1
     * @param features floats per time step, ≥ 1
     * @param hidden   LSTM units, ≥ 1
     * @param classes  output classes, ≥ 1
     * @param seed     the initialisation's seed
     * @return a new model of two layers (LSTM, linear output)
     * @throws IllegalArgumentException if a size is below 1
     */
    public static Model lstm(int steps, int features, int hidden, int classes, long seed) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, was " + classes);
        }
        Random rnd = new Random(seed);
        Lstm lstm = Lstm.random(steps, features, hidden, rnd);
        Dense out = new Dense(hidden, classes, Activation.IDENTITY);
        double std = Math.sqrt(2.0 / (hidden + classes));
        float[] w = out.weights();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rnd.nextGaussian() * std);
        }
        return new Model(List.of(lstm, out));
    }

    /**
     * An MLP from given weights: {@code weights[l]} is layer l's W ({@code [out_l × in_l]} row-major),
     * {@code biases[l]} its b; shapes are inferred from the biases and the input width and checked.
     * Arrays are copied.
     *
     * @param inputs the input width, ≥ 1
     * @param hiddenActivation the activation of the hidden layers (the output layer has none)
     * @param weights one weight matrix per layer, input side first; {@code weights[l]} has
     *     {@code out_l × in_l} values, row-major
     * @param biases one bias vector per layer; {@code biases[l].length} is layer l's output width
     *     out_l, ≥ 1
     * @return the new model
     * @throws IllegalArgumentException if there is no layer, the weight and bias counts differ, inputs
     *     is below 1 or a weight matrix does not fit its bias and input width
     */
    public static Model mlp(int inputs, Activation hiddenActivation, float[][] weights, float[][] biases) {
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
        List<Layer> layers = new ArrayList<>();
        int in = inputs;
        for (int l = 0; l < weights.length; l++) {
            Objects.requireNonNull(weights[l], "weights[" + l + "]");
            Objects.requireNonNull(biases[l], "biases[" + l + "]");
            int out = biases[l].length;
            if (out < 1 || weights[l].length != (long) out * in) {
                throw new IllegalArgumentException("layer " + l + ": weights has length " + weights[l].length
                        + ", expected out × in = " + out + " × " + in + " (out from the bias length)");
            }
            Activation act = l == weights.length - 1 ? Activation.IDENTITY : hiddenActivation;
            layers.add(new Dense(in, out, act, weights[l], biases[l]));
            in = out;
        }
        return new Model(layers);
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

    /**
     * A deep copy (parameters, gradients and optimizer state).
     *
     * @return an independent copy of this model
     */
    public Model copy() {
        List<Layer> c = new ArrayList<>(layers.size());
        for (Layer l : layers) {
            c.add(l.copy());
        }
        return new Model(c);
    }

    // ---------------------------------------------------------------- structure

    /**
     * The layers, input side first (read-only view); the last one outputs the logits.
     *
     * @return an unmodifiable view of the layers
     */
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /**
     * Layer l.
     *
     * @param l the layer index, 0-based, input side first (0..depth-1)
     * @return layer l
     * @throws IndexOutOfBoundsException if l is not in 0..depth-1
     */
    public Layer layer(int l) {
        return layers.get(l);
    }

    /**
     * Layer l as a {@link Dense} layer.
     *
     * @param l the layer index, 0-based, input side first (0..depth-1)
     * @return layer l
     * @throws IllegalArgumentException if layer l is of another type
     * @throws IndexOutOfBoundsException if l is not in 0..depth-1
     */
    public Dense dense(int l) {
        Layer layer = layers.get(l);
        if (layer instanceof Dense d) {
            return d;
        }
        throw new IllegalArgumentException("layer " + l + " is " + layer + ", not a dense layer");
    }

    /**
     * Number of layers (hidden + output).
     *
     * @return the number of layers, ≥ 1
     */
    public int depth() {
        return layers.size();
    }

    /**
     * Input width (floats per example).
     *
     * @return the number of floats per example the model reads
     */
    public int inputs() {
        return layers.get(0).inputWidth();
    }

    /**
     * Output width (classes).
     *
     * @return the number of classes (logits per example)
     */
    public int outputs() {
        return layers.get(layers.size() - 1).outputWidth();
    }

    /**
     * Current unit counts of the hidden layers (the layers before the last).
     *
     * @return a new array of depth - 1 unit counts, input side first
     */
    public int[] hiddenSizes() {
        int[] s = new int[layers.size() - 1];
        for (int l = 0; l < s.length; l++) {
            s[l] = layers.get(l).units();
        }
        return s;
    }

    /**
     * The width each hidden layer's backward selects from ({@link Layer#selectionWidth()}): its unit
     * count for dense layers, 4·units for an LSTM. Selectors are validated against these widths.
     *
     * @return a new array with one width per hidden layer
     */
    public int[] selectionWidths() {
        int[] s = new int[layers.size() - 1];
        for (int l = 0; l < s.length; l++) {
            s[l] = layers.get(l).selectionWidth();
        }
        return s;
    }

    /**
     * Input width, then each layer's output width: 784, 500, 500, 10 for the reference MLP.
     *
     * @return a new array of depth + 1 widths
     */
    public int[] sizes() {
        int[] s = new int[layers.size() + 1];
        s[0] = inputs();
        for (int l = 0; l < layers.size(); l++) {
            s[l + 1] = layers.get(l).outputWidth();
        }
        return s;
    }

    /**
     * Number of trainable values.
     *
     * @return the total number of values of all parameters
     */
    public long parameterCount() {
        long p = 0;
        for (Layer l : layers) {
            p += l.parameterCount();
        }
        return p;
    }

    /**
     * Every layer's parameters, input side first (what an {@link Optimizer} steps).
     *
     * @return an unmodifiable list of the parameters (the same objects for the model's life, also
     *     after structural edits)
     */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Removes units of hidden layer {@code hidden} (0-based), keeping the strictly ascending
     * positions {@code keep}: the layer's own rows, and the matching inputs of the next layer, with
     * their gradients and optimizer state.
     *
     * @param hidden the hidden layer, 0-based (0..depth-2)
     * @param keep the units to keep, strictly ascending, in 0..units-1
     * @throws IllegalArgumentException if hidden is not a hidden layer or keep is invalid
     */
    public void keepUnits(int hidden, int[] keep) {
        if (hidden < 0 || hidden >= layers.size() - 1) {
            throw new IllegalArgumentException("hidden layer " + hidden + " does not exist: this model has "
                    + (layers.size() - 1) + " hidden layers");
        }
        Layer layer = layers.get(hidden);
        Structure.checkKeep(keep, layer.units(), "units of hidden layer " + hidden);
        int[] outputs = layer.outputsOfUnits(keep);
        layer.keepUnits(keep);
        layers.get(hidden + 1).keepInputs(outputs);
    }

    // ---------------------------------------------------------------- inference

    private void checkWidth(int width, String what) {
        if (width != inputs()) {
            throw new IllegalArgumentException(what + " has " + width + " features, the model expects " + inputs());
        }
    }

    /**
     * Logits {@code [batch × outputs]} of x {@code [batch × inputs]} into out.
     *
     * @param par the threads the kernels split the work over
     * @param x the examples, row-major {@code [batch × inputs]}
     * @param batch number of examples, ≥ 0
     * @param out receives the logits, row-major {@code [batch × outputs]}; at least
     *     {@code batch·outputs} entries
     * @throws IllegalArgumentException if batch is negative or x or out is too short
     */
    public void logits(Parallelism par, float[] x, int batch, float[] out) {
        Objects.requireNonNull(par, "par");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(out, "out");
        if (batch < 0) {
            throw new IllegalArgumentException("batch must be >= 0, was " + batch);
        }
        if (x.length < (long) batch * inputs()) {
            throw new IllegalArgumentException("x has " + x.length + " values, needs batch × inputs = " + batch + " × "
                    + inputs());
        }
        if (out.length < (long) batch * outputs()) {
            throw new IllegalArgumentException("out has length " + out.length + ", needs " + (long) batch * outputs());
        }
        if (batch == 0) {
            return;
        }
        float[] logits = new ForwardPass().run(this, par, x, 0, batch, null, false);
        System.arraycopy(logits, 0, out, 0, batch * outputs());
    }

    /**
     * Predicted classes (arg-max of the logits) of x {@code [batch × inputs]} into out.
     *
     * @param par the threads the kernels split the work over
     * @param x the examples, row-major {@code [batch × inputs]}
     * @param batch number of examples, ≥ 0
     * @param out receives the class of each example, at least batch entries
     * @throws IllegalArgumentException if batch is negative or x or out is too short
     */
    public void predict(Parallelism par, float[] x, int batch, int[] out) {
        Objects.requireNonNull(out, "out");
        if (out.length < batch) {
            throw new IllegalArgumentException("out has length " + out.length + ", needs " + batch);
        }
        float[] logits = new float[Math.max(0, batch) * outputs()];
        logits(par, x, batch, logits);
        if (batch > 0) {
            Ops.argmaxRows(logits, batch, outputs(), out);
        }
    }

    /**
     * The predicted class of one example (arg-max of the logits; the lowest class on ties).
     *
     * @param row the example's features, {@link #inputs()} of them
     * @return the class, in 0..outputs-1
     * @throws IllegalArgumentException if the row's width is not {@link #inputs()}
     */
    public int predict(float[] row) {
        Objects.requireNonNull(row, "row");
        checkWidth(row.length, "the row");
        int[] out = new int[1];
        predict(Parallelism.serial(), row, 1, out);
        return out[0];
    }

    /**
     * The predicted classes of several examples.
     *
     * @param rows the examples, each with {@link #inputs()} features
     * @return a new array with the class of each example, in 0..outputs-1
     * @throws IllegalArgumentException if a row's width is not {@link #inputs()}
     */
    public int[] predict(float[][] rows) {
        float[] x = flatten(rows);
        int[] out = new int[rows.length];
        predict(Parallelism.serial(), x, rows.length, out);
        return out;
    }

    /**
     * The class probabilities of one example: {@code softmax(logits)}, summing to 1.
     *
     * @param row the example's features, {@link #inputs()} of them
     * @return a new array of {@link #outputs()} probabilities
     * @throws IllegalArgumentException if the row's width is not {@link #inputs()}
     */
    public float[] probabilities(float[] row) {
        Objects.requireNonNull(row, "row");
        checkWidth(row.length, "the row");
        float[] p = new float[outputs()];
        logits(Parallelism.serial(), row, 1, p);
        SoftmaxCrossEntropy.softmax(p, 1, outputs());
        return p;
    }

    /**
     * The class probabilities of several examples, one row each.
     *
     * @param rows the examples, each with {@link #inputs()} features
     * @return new arrays, {@code [rows.length][outputs]}
     * @throws IllegalArgumentException if a row's width is not {@link #inputs()}
     */
    public float[][] probabilities(float[][] rows) {
        float[] x = flatten(rows);
        int c = outputs();
        float[] p = new float[rows.length * c];
        logits(Parallelism.serial(), x, rows.length, p);
        SoftmaxCrossEntropy.softmax(p, rows.length, c);
        float[][] r = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            r[i] = Arrays.copyOfRange(p, i * c, (i + 1) * c);
        }
        return r;
    }

    /**
     * Class probabilities {@code [batch × outputs]} of x {@code [batch × inputs]} into out: the
     * softmax of each row of logits, computed as {@code exp(l − max) / Σ exp(l − max)}.
     *
     * @param par the threads the kernels split the work over
     * @param x the examples, row-major {@code [batch × inputs]}
     * @param batch number of examples, ≥ 0
     * @param out receives the probabilities, row-major {@code [batch × outputs]}; at least
     *     {@code batch·outputs} entries
     * @throws IllegalArgumentException if batch is negative or x or out is too short
     */
    public void probabilities(Parallelism par, float[] x, int batch, float[] out) {
        logits(par, x, batch, out);
        SoftmaxCrossEntropy.softmax(out, batch, outputs());
    }

    private float[] flatten(float[][] rows) {
        Objects.requireNonNull(rows, "rows");
        int w = inputs();
        float[] x = new float[rows.length * w];
        for (int i = 0; i < rows.length; i++) {
            Objects.requireNonNull(rows[i], "rows[" + i + "]");
            checkWidth(rows[i].length, "rows[" + i + "]");
            System.arraycopy(rows[i], 0, x, i * w, w);
        }
        return x;
    }

    /**
     * Fraction of the data set classified correctly, in batches of 1000, one thread.
     *
     * @param data the examples; their width must be {@link #inputs()}
     * @return the fraction correct, in [0, 1] (0 for an empty data set)
     */
    public double accuracy(Dataset data) {
        return accuracy(data, Parallelism.serial(), 1000);
    }

    /**
     * Fraction of the data set classified correctly, forward only, in batches of {@code batchSize}.
     *
     * @param data the examples; their width must be {@link #inputs()}
     * @param par the threads the kernels split the work over
     * @param batchSize examples per forward pass, ≥ 1
     * @return the fraction correct, in [0, 1] (0 for an empty data set)
     * @throws IllegalArgumentException if batchSize is below 1 or the data's width is not
     *     {@link #inputs()}
     */
    public double accuracy(Dataset data, Parallelism par, int batchSize) {
        return correct(data, par, batchSize, new ForwardPass()) / (double) Math.max(1, data.size());
    }

    /** Number of examples classified correctly. */
    int correct(Dataset data, Parallelism par, int batchSize, ForwardPass buf) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(par, "par");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        checkWidth(data.width(), "data set '" + data.name() + "'");
        int[] pred = new int[Math.min(batchSize, Math.max(1, data.size()))];
        int correct = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int n = Math.min(batchSize, data.size() - from);
            float[] logits = buf.run(this, par, data.x(), from * data.width(), n, null, false);
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
        StringBuilder sb = new StringBuilder("Model[");
        for (int l = 0; l < layers.size(); l++) {
            sb.append(l == 0 ? "" : ", ").append(layers.get(l));
        }
        return sb.append("; ").append(parameterCount()).append(" parameters]").toString();
    }
}
