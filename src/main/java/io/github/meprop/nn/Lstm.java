package io.github.meprop.nn;

import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.internal.UncheckedLinear;
import io.github.meprop.kernels.internal.UncheckedOps;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A single-layer LSTM over a sequence of {@code steps} = T vectors of {@code features} = F floats,
 * with {@code units} = H hidden units; its output is the last hidden state h_T. An example is the
 * sequence flattened time-major, {@code x[t·F + f]} (inputWidth T·F): a 28×28 MNIST image read row
 * by row is exactly that layout. Gate order i, f, g, o and parameter names as PyTorch's
 * {@code nn.LSTM} (without the {@code _l0} suffix): {@code weight_ih [4H × F]},
 * {@code weight_hh [4H × H]}, {@code bias_ih [4H]}, {@code bias_hh [4H]}. Per step, with
 * {@code a = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh} (h_0 = c_0 = 0):
 * <pre>
 * i = σ(a_i)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)
 * c_t = f ⊙ c_{t-1} + i ⊙ g     h_t = o ⊙ tanh(c_t)
 * </pre>
 *
 * <h2>Forward</h2>
 * The input part of every step is one GEMM, {@code [T·batch × F]·W_ihᵀ + (b_ih + b_hh)} on a
 * time-major copy of the batch; then per step the recurrent GEMM {@code h_{t-1}·W_hhᵀ} and the fused
 * element-wise cell step ({@link io.github.meprop.kernels.Ops#lstmCellForward}). Cost per example:
 * T·4H·(F + H) multiply-adds and 5·T·H exponentials. {@link #forward} (inference) only reads the
 * layer: it works in buffers of its own, a batch at most {@value #CHUNK} examples at a time.
 * {@link #forwardForTraining} keeps the gates, cell states, tanh(c) and hidden states of every step
 * in the layer for back propagation through time (about T·batch·(4H + 3H + F) floats).
 *
 * <h2>Backward (back propagation through time) and meProp</h2>
 * From {@code dh_T = ∂L/∂y} and {@code dc_T = 0}, for t = T … 1: the cell's backward
 * ({@link io.github.meprop.kernels.Ops#lstmCellBackward}) gives the gradient of the four
 * pre-activations, {@code da_t [batch × 4H]}, and the cell gradient passed to step t−1 through the
 * forget gate (element-wise, never sparsified). The layer's {@link Sparsifier} then selects entries
 * of {@code da_t} (so a selector's k counts entries of the whole 4H-long gate vector: k = 26 is
 * about 5% at H = 128), and under that one selection {@link LinearGradients} adds
 * {@code da_tᵀ·x_t} to dW_ih and {@code da_tᵀ·h_{t-1}} to dW_hh (the selected rows only), writes
 * {@code dh_{t-1} = da_t·W_hh} (and {@code dx_t = da_t·W_ih} when the input gradient is asked for)
 * from the selected entries only, and adds {@code Σ_b da_t} (all entries, as a dense layer's bias)
 * to db_ih; db_hh equals db_ih. The last step overwrites the gradients and the earlier ones
 * accumulate, the touched rows being their union ({@link Parameter#addTouched}). With k of 4H
 * entries kept per example and step, the weight and input gradients cost 2·T·batch·k·(F + H)
 * multiply-adds instead of 2·T·batch·4H·(F + H); the cell backward, the bias and the selection stay
 * O(T·batch·H) (measured costs in docs/benchmarks.md).
 *
 * <h2>Units (meSimp)</h2>
 * Unit j is hidden unit j: rows j, H+j, 2H+j, 3H+j of both weights and both biases, column j of
 * W_hh, its cell and hidden state, and column j of the next layer (its output is h_T[j]).
 * {@link #keepUnits} removes the others. A selection of {@code da_t} names gate rows p; unit
 * {@code p mod H} owns row p, which is how meSimp's activeness counts units
 * ({@link #selectionWidth()} = 4H).
 *
 * <p>Not thread-safe while training; {@link #forward} only reads.
 */
public final class Lstm implements Layer {
    /** Type name in model files. */
    public static final String TYPE = "lstm";
    /** Config key (model files) of the number of time steps. */
    public static final String STEPS = "steps";
    /** Inference runs a batch in chunks of at most this many examples (bounds its buffers). */
    public static final int CHUNK = 128;

    private final int steps;
    private int features;
    private int units;
    private final Parameter weightIh;
    private final Parameter weightHh;
    private final Parameter biasIh;
    private final Parameter biasHh;
    private final List<Parameter> parameters;

    /** State of the last forwardForTraining (null before the first or after a structural edit). */
    private Work train;
    private int trainBatch = -1;
    /** Scratch of the backward pass. */
    private Bptt bptt;

    /**
     * A layer with zero weights and biases.
     *
     * @param steps    time steps T per example, ≥ 1
     * @param features features F per step, ≥ 1
     * @param units    hidden units H, ≥ 1
     */
    public Lstm(int steps, int features, int units) {
        this(steps, features, units, zeros("weight_ih", (long) gateRows(units) * checkDim("features", features)),
                zeros("weight_hh", (long) gateRows(units) * units), new float[gateRows(units)],
                new float[gateRows(units)], false);
    }

    /**
     * A layer with the given parameters (copied): {@code weightIh [4H × F]}, {@code weightHh [4H × H]}
     * row-major, {@code biasIh} and {@code biasHh} {@code [4H]}, gate blocks in the order i, f, g, o.
     *
     * @param steps    time steps T per example, ≥ 1
     * @param features features F per step, ≥ 1
     * @param units    hidden units H, ≥ 1
     * @param weightIh W_ih, {@code 4H × F} floats
     * @param weightHh W_hh, {@code 4H × H} floats
     * @param biasIh   b_ih, {@code 4H} floats
     * @param biasHh   b_hh, {@code 4H} floats
     * @throws IllegalArgumentException if a size is below 1 or an array has the wrong length
     */
    public Lstm(int steps, int features, int units, float[] weightIh, float[] weightHh, float[] biasIh,
            float[] biasHh) {
        this(steps, features, units, Objects.requireNonNull(weightIh, "weightIh").clone(),
                Objects.requireNonNull(weightHh, "weightHh").clone(), Objects.requireNonNull(biasIh, "biasIh").clone(),
                Objects.requireNonNull(biasHh, "biasHh").clone(), false);
    }

    private Lstm(int steps, int features, int units, float[] wih, float[] whh, float[] bih, float[] bhh,
            boolean unused) {
        checkDim("steps", steps);
        checkDim("features", features);
        int g = gateRows(units);
        if ((long) steps * features > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("steps × features = " + steps + " × " + features
                    + " is too large for one input row");
        }
        checkLength("weightIh", wih, (long) g * features);
        checkLength("weightHh", whh, (long) g * units);
        checkLength("biasIh", bih, g);
        checkLength("biasHh", bhh, g);
        this.steps = steps;
        this.features = features;
        this.units = units;
        this.weightIh = new Parameter("weight_ih", g, features, wih);
        this.weightHh = new Parameter("weight_hh", g, units, whh);
        this.biasIh = Parameter.vector("bias_ih", bih);
        this.biasHh = Parameter.vector("bias_hh", bhh);
        this.parameters = List.of(weightIh, weightHh, biasIh, biasHh);
    }

    private Lstm(Lstm o) {
        this.steps = o.steps;
        this.features = o.features;
        this.units = o.units;
        this.weightIh = o.weightIh.copy();
        this.weightHh = o.weightHh.copy();
        this.biasIh = o.biasIh.copy();
        this.biasHh = o.biasHh.copy();
        this.parameters = List.of(weightIh, weightHh, biasIh, biasHh);
    }

    private static int checkDim(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + v);
        }
        return v;
    }

    /** 4·units, checked: weight_hh {@code [4·units × units]} must fit in one float[]. */
    private static int gateRows(int units) {
        checkDim("units", units);
        if (4L * units * units > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("units = " + units + " is too large: weight_hh [4·units × units] must fit"
                    + " in one float[]");
        }
        return 4 * units;
    }

    private static float[] zeros(String name, long n) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + " would need " + n + " values, too many for one float[]");
        }
        return new float[(int) n];
    }

    private static void checkLength(String name, float[] a, long need) {
        Objects.requireNonNull(a, name);
        if (need > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + " would need " + need + " values, too many for one float[]");
        }
        if (a.length != need) {
            throw new IllegalArgumentException(name + " has length " + a.length + ", expected " + need);
        }
    }

    /**
     * A layer initialised as PyTorch's {@code nn.LSTM}: every weight uniform in ±1/√H, drawn from
     * {@code rnd} (W_ih row-major, then W_hh), except that the forget gate's bias is 1 (in
     * {@code bias_ih}; {@code bias_hh} and the other biases are 0), which lets the cell keep its state
     * early in training.
     */
    static Lstm random(int steps, int features, int units, Random rnd) {
        Lstm l = new Lstm(steps, features, units);
        double bound = 1 / Math.sqrt(units);
        for (float[] w : new float[][] {l.weightIh.values(), l.weightHh.values()}) {
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) ((2 * rnd.nextDouble() - 1) * bound);
            }
        }
        Arrays.fill(l.biasIh.values(), units, 2 * units, 1f);
        return l;
    }

    /**
     * {@link #random(int, int, int, Random)} with {@code new Random(seed)}: the same weights on every JVM.
     *
     * @param steps    time steps T per example, ≥ 1
     * @param features features F per step, ≥ 1
     * @param units    hidden units H, ≥ 1
     * @param seed     the generator's seed
     * @return a new layer
     */
    public static Lstm random(int steps, int features, int units, long seed) {
        return random(steps, features, units, new Random(seed));
    }

    /**
     * For {@link Layers}: a layer from a model file's setting {@code steps} and tensors
     * {@code weight_ih [4H, F]}, {@code weight_hh [4H, H]}, {@code bias_ih [4H]}, {@code bias_hh [4H]}.
     */
    static Lstm fromFile(Map<String, String> config, Layers.TensorSource tensors) {
        String s = config.get(STEPS);
        if (s == null) {
            throw new IllegalArgumentException("an lstm layer needs the setting '" + STEPS + "'");
        }
        int t;
        try {
            t = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + STEPS + "' = '" + s + "' is not an integer", e);
        }
        checkDim(STEPS, t);
        int[] wi = tensors.shape("weight_ih");
        int[] wh = tensors.shape("weight_hh");
        if (wi.length != 2 || wh.length != 2) {
            throw new IllegalArgumentException("tensors 'weight_ih' and 'weight_hh' must have 2 dimensions, have shapes "
                    + Arrays.toString(wi) + " and " + Arrays.toString(wh));
        }
        int h = wh[1];
        if (h < 1 || wh[0] != 4 * (long) h || wi[0] != wh[0]) {
            throw new IllegalArgumentException("tensor 'weight_hh' must be [4H, H] and 'weight_ih' [4H, F], have shapes "
                    + Arrays.toString(wh) + " and " + Arrays.toString(wi));
        }
        return new Lstm(t, wi[1], h, tensors.get("weight_ih", 4 * h, wi[1]), tensors.get("weight_hh", 4 * h, h),
                tensors.get("bias_ih", 4 * h), tensors.get("bias_hh", 4 * h), false);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Time steps T per example.
     *
     * @return T, ≥ 1
     */
    public int steps() {
        return steps;
    }

    /**
     * Features F per time step.
     *
     * @return F, ≥ 1
     */
    public int features() {
        return features;
    }

    @Override
    public int inputWidth() {
        return steps * features;
    }

    @Override
    public int outputWidth() {
        return units;
    }

    @Override
    public int units() {
        return units;
    }

    /** 4H: the backward selects among the four gates' pre-activation gradients of each example and step. */
    @Override
    public int selectionWidth() {
        return 4 * units;
    }

    /**
     * W_ih, {@code [4H × F]}.
     *
     * @return the input weights (the layer's own parameter)
     */
    public Parameter weightIh() {
        return weightIh;
    }

    /**
     * W_hh, {@code [4H × H]}.
     *
     * @return the recurrent weights (the layer's own parameter)
     */
    public Parameter weightHh() {
        return weightHh;
    }

    /**
     * b_ih, {@code [4H]}.
     *
     * @return the input bias (the layer's own parameter)
     */
    public Parameter biasIh() {
        return biasIh;
    }

    /**
     * b_hh, {@code [4H]}.
     *
     * @return the recurrent bias (the layer's own parameter)
     */
    public Parameter biasHh() {
        return biasHh;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public Map<String, String> config() {
        return Map.of(STEPS, Integer.toString(steps));
    }

    @Override
    public Lstm copy() {
        return new Lstm(this);
    }

    // ---------------------------------------------------------------- forward

    /** h_T for a batch, {@code y [batch × H]}; only reads the layer (own buffers, {@value #CHUNK} examples at a time). */
    @Override
    public void forward(Parallelism par, float[] x, float[] y, int batch) {
        if (batch <= 0) {
            return;
        }
        int chunk = Math.min(batch, CHUNK);
        Work w = new Work(chunk, steps, features, units, false);
        for (int from = 0; from < batch; from += chunk) {
            int n = Math.min(chunk, batch - from);
            run(par, x, from * inputWidth(), n, w, y, from * units);
        }
    }

    /** As {@link #forward}, keeping every step's gates and states for {@link #backward}. */
    @Override
    public void forwardForTraining(Parallelism par, float[] x, float[] y, int batch) {
        if (train == null || !train.fits(batch, steps, features, units, true)) {
            train = new Work(batch, steps, features, units, true);
        }
        trainBatch = batch;
        run(par, x, 0, batch, train, y, 0);
    }

    /**
     * The forward pass of {@code batch} examples starting at {@code x[x0]}; h_T goes to
     * {@code y[y0 ..]}.
     */
    private void run(Parallelism par, float[] x, int x0, int batch, Work w, float[] y, int y0) {
        int t1 = steps;
        int f = features;
        int h = units;
        int g = 4 * h;
        for (int b = 0; b < batch; b++) {
            int src = x0 + b * t1 * f;
            for (int t = 0; t < t1; t++) {
                System.arraycopy(x, src + t * f, w.xt, (t * batch + b) * f, f);
            }
        }
        float[] bi = biasIh.values();
        float[] bh = biasHh.values();
        for (int j = 0; j < g; j++) {
            w.bias[j] = bi[j] + bh[j];
        }
        UncheckedLinear.forward(par, w.xt, weightIh.values(), w.bias, w.gates, t1 * batch, f, g);
        for (int t = 0; t < t1; t++) {
            float[] gh = w.zeroGates;
            if (t > 0) {
                UncheckedLinear.forward(par, w.h(t - 1), weightHh.values(), null, w.gh, batch, h, g);
                gh = w.gh;
            }
            float[] cPrev = t == 0 ? w.zeroState : w.c(t - 1);
            int go = t * batch * g;
            UncheckedOps.lstmCellForward(w.gates, go, gh, 0, cPrev, 0, w.gates, go, w.c(t), 0, w.tanhC(t), 0, w.h(t), 0,
                    batch, h);
        }
        System.arraycopy(w.h(t1 - 1), 0, y, y0, batch * h);
    }

    // ---------------------------------------------------------------- backward

    /**
     * Back propagation through time of the last {@link #forwardForTraining} (see the class comment);
     * x and y are not read (the layer kept what it needs).
     */
    @Override
    public void backward(Parallelism par, float[] x, float[] y, float[] dy, float[] dx, int batch, Sparsifier sparse) {
        Work w = train;
        if (w == null || trainBatch != batch) {
            throw new IllegalStateException("backward needs a forwardForTraining of the same batch first");
        }
        int t1 = steps;
        int h = units;
        int g = 4 * h;
        int f = features;
        if (bptt == null || !bptt.fits(batch, t1, f, h)) {
            bptt = new Bptt(batch, t1, f, h);
        }
        Bptt s = bptt;
        System.arraycopy(dy, 0, s.dh, 0, batch * h);
        Arrays.fill(s.dc, 0, batch * h, 0f);
        for (int t = t1 - 1; t >= 0; t--) {
            float[] cPrev = t == 0 ? w.zeroState : w.c(t - 1);
            UncheckedOps.lstmCellBackward(w.gates, t * batch * g, cPrev, 0, w.tanhC(t), 0, s.dh, 0, s.dc, 0, s.da, 0,
                    batch, h);
            Selection sel = sparse.select(s.da, batch, g);
            boolean accumulate = t < t1 - 1;
            // dW_ih (+)= da_tᵀ·x_t, db_ih (+)= Σ_b da_t, dx_t = da_t·W_ih under the selection.
            System.arraycopy(w.xt, t * batch * f, s.x, 0, batch * f);
            LinearGradients.backward(par, s.x, weightIh, biasIh, s.da, sel, dx == null ? null : s.dx, batch, accumulate);
            if (dx != null) {
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(s.dx, b * f, dx, (b * t1 + t) * f, f);
                }
            }
            if (t > 0) {
                // dW_hh (+)= da_tᵀ·h_{t-1} and dh_{t-1} = da_t·W_hh under the selection.
                LinearGradients.backward(par, w.h(t - 1), weightHh, null, s.da, sel, s.dh, batch, accumulate);
            }
        }
        if (t1 == 1) {
            weightHh.zeroGrad();
        }
        System.arraycopy(biasIh.grad(), 0, biasHh.grad(), 0, g);
        biasHh.touchAll();
    }

    // ---------------------------------------------------------------- structural edits

    /**
     * Keeps only the hidden units {@code keep} (strictly ascending, in 0..H): rows j, H+j, 2H+j, 3H+j
     * of W_ih, W_hh, b_ih and b_hh and column j of W_hh for every kept j, with their gradients and
     * optimizer state. Cost O(kept·(F + H)).
     *
     * @throws IllegalArgumentException if keep is empty, not strictly ascending or out of range
     */
    @Override
    public void keepUnits(int[] keep) {
        Structure.checkKeep(keep, units, "units");
        int[] rows = Structure.repeatBlocks(keep, 4, units);
        weightIh.keepRows(rows);
        weightHh.keepRows(rows);
        weightHh.keepColumns(keep);
        biasIh.keepRows(rows);
        biasHh.keepRows(rows);
        units = keep.length;
        dropState();
    }

    /**
     * Keeps only the input positions {@code keep} of the flattened sequence (strictly ascending, in
     * 0..T·F). They must keep the same features at every step ({@code t·F + f} for every t and every
     * kept f): columns f of W_ih are kept.
     *
     * @throws IllegalArgumentException if keep is invalid or differs between steps
     */
    @Override
    public void keepInputs(int[] keep) {
        Structure.checkKeep(keep, inputWidth(), "inputs");
        int n = 0;
        while (n < keep.length && keep[n] < features) {
            n++;
        }
        boolean same = keep.length == (long) n * steps;
        for (int t = 0; same && t < steps; t++) {
            for (int i = 0; i < n; i++) {
                if (keep[t * n + i] != t * features + keep[i]) {
                    same = false;
                    break;
                }
            }
        }
        if (!same) {
            throw new IllegalArgumentException("an lstm layer's inputs are " + steps + " steps of " + features
                    + " features: keepInputs must keep the same features at every step");
        }
        weightIh.keepColumns(Arrays.copyOf(keep, n));
        features = n;
        dropState();
    }

    private void dropState() {
        train = null;
        trainBatch = -1;
        bptt = null;
    }

    @Override
    public String toString() {
        return "Lstm[" + steps + " × " + features + " → " + units + "]";
    }

    // ---------------------------------------------------------------- buffers

    /**
     * Buffers of a forward pass for up to {@code capacity} examples: the time-major input, the
     * gates of every step (input projection first, activated in place), and the states. Training
     * keeps c, tanh(c) and h of every step; inference one of each (the recurrent GEMM reads h_{t-1}
     * before the cell step overwrites it, and the cell step may update c in place).
     */
    private static final class Work {
        final int capacity;
        final int steps;
        final int features;
        final int units;
        final boolean all;
        final float[] xt;
        final float[] gates;
        final float[] gh;
        final float[] bias;
        final float[] zeroGates;
        final float[] zeroState;
        final float[][] c;
        final float[][] tanhC;
        final float[][] h;

        Work(int capacity, int steps, int features, int units, boolean all) {
            this.capacity = capacity;
            this.steps = steps;
            this.features = features;
            this.units = units;
            this.all = all;
            int g = 4 * units;
            long gateLen = (long) steps * capacity * g;
            if (gateLen > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("batch " + capacity + " × steps " + steps + " × 4·units " + g
                        + " is too large for one float[]; use a smaller batch");
            }
            xt = new float[steps * capacity * features];
            gates = new float[(int) gateLen];
            gh = new float[capacity * g];
            bias = new float[g];
            zeroGates = new float[capacity * g];
            zeroState = new float[capacity * units];
            int slots = all ? steps : 1;
            c = new float[slots][capacity * units];
            tanhC = new float[slots][capacity * units];
            h = new float[slots][capacity * units];
        }

        boolean fits(int batch, int steps, int features, int units, boolean all) {
            return batch <= capacity && steps == this.steps && features == this.features && units == this.units
                    && all == this.all;
        }

        float[] c(int t) {
            return c[all ? t : 0];
        }

        float[] tanhC(int t) {
            return tanhC[all ? t : 0];
        }

        float[] h(int t) {
            return h[all ? t : 0];
        }
    }

    /** Scratch of back propagation through time: dh, dc and the gate gradient da of the current step, x_t and dx_t. */
    private static final class Bptt {
        final int capacity;
        final int steps;
        final int features;
        final int units;
        final float[] dh;
        final float[] dc;
        final float[] da;
        final float[] x;
        final float[] dx;

        Bptt(int capacity, int steps, int features, int units) {
            this.capacity = capacity;
            this.steps = steps;
            this.features = features;
            this.units = units;
            dh = new float[capacity * units];
            dc = new float[capacity * units];
            da = new float[capacity * 4 * units];
            x = new float[capacity * features];
            dx = new float[capacity * features];
        }

        boolean fits(int batch, int steps, int features, int units) {
            return batch <= capacity && steps == this.steps && features == this.features && units == this.units;
        }
    }
}
