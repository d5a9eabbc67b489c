package io.github.meprop.nn;

import io.github.meprop.kernels.Linear;
import io.github.meprop.kernels.Parallelism;
import java.util.Arrays;
import java.util.Objects;

/**
 * A fully connected layer {@code z = σ(W x + b)} with W stored row-major as {@code [out × in]}
 * (output neuron j owns the contiguous row {@code W[j, 0..in)}), bias b {@code [out]}, the
 * gradient buffers dW and db, and the optimizer's per-parameter state (for example Adam's two
 * moments), which is kept here so that structural edits shrink it together with the weights.
 *
 * <h2>Gradients and touched rows</h2>
 * Each backward method overwrites dW and db with the gradient of its batch. A sparse (meProp)
 * backward computes only the rows of dW it selected; the layer records those rows ("touched rows")
 * so that a lazy optimizer updates only them. Invariant: every row of dW that is not touched is
 * zero. To keep it without clearing all of dW every step (a 500×784 clear costs about as much as
 * the sparse backward), the kernels overwrite the selected rows (their chains start from +0, the
 * same bits as clearing first) and only the rows touched by the previous backward but not by this
 * one are cleared.
 *
 * <h2>Structural edits</h2>
 * {@link #keepOutputs(int[])} and {@link #keepInputs(int[])} physically shrink W, b, dW, db and
 * the optimizer state to the kept rows or columns (model simplification, meSimp).
 *
 * <p>The arrays returned by {@link #weights()} and friends are the live arrays, valid until the
 * next structural edit. Not thread-safe.
 */
public final class Dense {
    private final Activation activation;
    private int in;
    private int out;
    private float[] w;
    private float[] b;
    private float[] dw;
    private float[] db;
    /** Optimizer state: stateW[s] is shaped like W, stateB[s] like b. */
    private float[][] stateW = new float[0][];
    private float[][] stateB = new float[0][];

    private boolean allTouched;
    private boolean[] rowTouched;
    private int[] touched;
    private int touchedCount;
    /** Scratch of the next touched set: all false / unused between calls. */
    private boolean[] nextTouched;
    private int[] nextList;

    /** A layer with zero weights and biases. */
    public Dense(int in, int out, Activation activation) {
        this(in, out, activation, new float[checkedProduct(in, out)], new float[out], false);
    }

    /**
     * A layer with the given weights ({@code [out × in]} row-major) and biases ({@code [out]}),
     * copied.
     */
    public Dense(int in, int out, Activation activation, float[] weights, float[] biases) {
        this(in, out, activation, weights, biases, true);
    }

    private Dense(int in, int out, Activation activation, float[] weights, float[] biases, boolean copy) {
        if (in < 1) {
            throw new IllegalArgumentException("in must be >= 1, was " + in);
        }
        if (out < 1) {
            throw new IllegalArgumentException("out must be >= 1, was " + out);
        }
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
        this.w = copy ? weights.clone() : weights;
        this.b = copy ? biases.clone() : biases;
        this.dw = new float[w.length];
        this.db = new float[out];
        this.rowTouched = new boolean[out];
        this.touched = new int[out];
        this.nextTouched = new boolean[out];
        this.nextList = new int[out];
    }

    private static int checkedProduct(int in, int out) {
        long n = (long) in * out;
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("in and out must be >= 1, were " + in + " and " + out);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("layer " + out + " × " + in + " is too large for one float[]");
        }
        return (int) n;
    }

    /** Inputs per example. */
    public int in() {
        return in;
    }

    /** Output neurons. */
    public int out() {
        return out;
    }

    /** The non-linearity applied to {@code W x + b}. */
    public Activation activation() {
        return activation;
    }

    /** W, {@code [out × in]} row-major (live array). */
    public float[] weights() {
        return w;
    }

    /** b, {@code [out]} (live array). */
    public float[] biases() {
        return b;
    }

    /** dW, shaped like W (live array). */
    public float[] weightGrad() {
        return dw;
    }

    /** db, shaped like b (live array). */
    public float[] biasGrad() {
        return db;
    }

    /** Number of parameters: out·in + out. */
    public long parameters() {
        return (long) out * in + out;
    }

    /** A deep copy (weights, biases, gradients, touched rows and optimizer state). */
    public Dense copy() {
        Dense c = new Dense(in, out, activation, w, b, true);
        System.arraycopy(dw, 0, c.dw, 0, dw.length);
        System.arraycopy(db, 0, c.db, 0, db.length);
        c.stateW = deepCopy(stateW);
        c.stateB = deepCopy(stateB);
        c.allTouched = allTouched;
        System.arraycopy(rowTouched, 0, c.rowTouched, 0, out);
        System.arraycopy(touched, 0, c.touched, 0, touchedCount);
        c.touchedCount = touchedCount;
        return c;
    }

    private static float[][] deepCopy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    // ---------------------------------------------------------------- forward / backward

    /**
     * {@code z = σ(x·Wᵀ + b)} for a batch: x is {@code [batch × in]}, z {@code [batch × out]}.
     * Cost: batch·in·out multiply-adds plus batch·out activations.
     */
    public void forward(Parallelism par, float[] x, float[] z, int batch) {
        Linear.forward(par, x, w, b, z, batch, in, out);
        activation.forward(z, z, batch * out);
    }

    /**
     * Dense backward from {@code g = ∂L/∂y} ({@code [batch × out]}, the activation's backward already
     * applied): {@code dW = gᵀx}, {@code db = Σ g} (overwritten), and {@code dx = g·W} unless dx is
     * null. Marks every row touched.
     */
    public void backwardDense(Parallelism par, float[] x, float[] g, float[] dx, int batch) {
        Linear.backward(par, x, w, g, dx, dw, db, batch, in, out, false);
        for (int t = 0; t < touchedCount; t++) {
            rowTouched[touched[t]] = false;
        }
        touchedCount = 0;
        allTouched = true;
    }

    /**
     * meProp per-example backward: example r uses only the k positions {@code idx[r*k .. r*k+k)}
     * (strictly ascending) of its row of g for dW and dx; db uses all of g. dW and db are
     * overwritten: the selected rows by the kernel, the rows the previous backward touched and this
     * one does not are cleared. With {@code k == out} every row is selected and the dense kernel
     * runs (the same mathematics, and bit-identical to {@link #backwardDense}). Marks exactly the
     * selected rows touched.
     */
    public void backwardSparse(Parallelism par, float[] x, float[] g, int[] idx, int k, float[] dx, int batch) {
        if (k == out) {
            backwardDense(par, x, g, dx, batch);
            return;
        }
        Linear.backwardSparse(par, x, w, g, idx, k, dx, dw, db, batch, in, out, false);
        // The kernel writes only the selected rows, in either of its branches.
        replaceTouched(idx, batch * k, true);
    }

    /**
     * meProp unified backward: one shared set {@code idx[0..k)} (strictly ascending) for the whole
     * batch; db uses all of g. With {@code k == out} the dense kernel runs. Marks the rows touched.
     */
    public void backwardUnified(Parallelism par, float[] x, float[] g, int[] idx, int k, float[] dx, int batch) {
        if (k == out) {
            backwardDense(par, x, g, dx, batch);
            return;
        }
        Linear.backwardUnified(par, x, w, g, idx, k, dx, dw, db, batch, in, out, false);
        replaceTouched(idx, k, true);
    }

    /**
     * After an overwriting sparse backward that selected the rows {@code idx[0 .. count)}: clears the
     * rows of dW that were touched before and are not selected now, and makes the selected rows the
     * touched set (clearStale false: the kernel wrote zeros there already). Cost O(count + previously
     * touched) plus in floats per cleared row.
     */
    private void replaceTouched(int[] idx, int count, boolean clearStale) {
        boolean[] next = nextTouched;
        int[] list = nextList;
        int n = 0;
        for (int i = 0; i < count; i++) {
            int j = idx[i];
            if (!next[j]) {
                next[j] = true;
                list[n++] = j;
            }
        }
        if (allTouched) {
            for (int j = 0; j < out; j++) {
                if (clearStale && !next[j]) {
                    Arrays.fill(dw, j * in, (j + 1) * in, 0f);
                }
            }
            Arrays.fill(rowTouched, false);
        } else {
            for (int t = 0; t < touchedCount; t++) {
                int j = touched[t];
                if (clearStale && !next[j]) {
                    Arrays.fill(dw, j * in, (j + 1) * in, 0f);
                }
                rowTouched[j] = false;
            }
        }
        nextTouched = rowTouched;
        nextList = touched;
        rowTouched = next;
        touched = list;
        touchedCount = n;
        allTouched = n == out;
    }

    /**
     * Clears dW and db and the touched set. Only the touched rows of dW are written (the others are
     * zero already). The backward methods do not need it (they overwrite).
     */
    public void zeroGrad() {
        if (allTouched) {
            Arrays.fill(dw, 0f);
        } else {
            for (int t = 0; t < touchedCount; t++) {
                int j = touched[t];
                Arrays.fill(dw, j * in, (j + 1) * in, 0f);
            }
        }
        for (int t = 0; t < touchedCount; t++) {
            rowTouched[touched[t]] = false;
        }
        touchedCount = 0;
        allTouched = false;
        Arrays.fill(db, 0f);
    }

    /** True when every row of dW may be non-zero (a dense backward ran since the last clear). */
    public boolean allRowsTouched() {
        return allTouched;
    }

    /**
     * Rows of dW written since the last {@link #zeroGrad()}, in the order they were first touched, in
     * {@code [0, touchedCount())}; meaningful only when {@link #allRowsTouched()} is false.
     */
    public int[] touchedRows() {
        return touched;
    }

    /** Number of entries of {@link #touchedRows()} in use (out when all rows are touched). */
    public int touchedCount() {
        return allTouched ? out : touchedCount;
    }

    // ---------------------------------------------------------------- optimizer state

    /** Number of optimizer state slots (2 for Adam, 0 for SGD). */
    int stateSlots() {
        return stateW.length;
    }

    /** Makes sure there are {@code slots} zeroed slots (re-allocating if the count differs). */
    void ensureState(int slots) {
        if (stateW.length != slots) {
            stateW = new float[slots][w.length];
            stateB = new float[slots][out];
        }
    }

    /** Slot s of the optimizer state for W (shaped like W). */
    float[] stateW(int s) {
        return stateW[s];
    }

    /** Slot s of the optimizer state for b (shaped like b). */
    float[] stateB(int s) {
        return stateB[s];
    }

    /** Zeroes every optimizer state slot. */
    void clearState() {
        for (float[] s : stateW) {
            Arrays.fill(s, 0f);
        }
        for (float[] s : stateB) {
            Arrays.fill(s, 0f);
        }
    }

    // ---------------------------------------------------------------- structural edits

    /**
     * Keeps only the output neurons {@code keep} (strictly ascending positions in 0..out): rows of
     * W, dW and the optimizer state, entries of b and db. Touched-row bookkeeping follows the kept
     * rows. Cost O(kept·in).
     *
     * @throws IllegalArgumentException if keep is empty, not strictly ascending or out of range
     */
    public void keepOutputs(int[] keep) {
        checkKeep(keep, out, "output");
        int n = keep.length;
        w = gatherRows(w, keep, in);
        dw = gatherRows(dw, keep, in);
        b = gatherRows(b, keep, 1);
        db = gatherRows(db, keep, 1);
        for (int s = 0; s < stateW.length; s++) {
            stateW[s] = gatherRows(stateW[s], keep, in);
            stateB[s] = gatherRows(stateB[s], keep, 1);
        }
        boolean[] newTouched = new boolean[n];
        int[] newList = new int[n];
        int count = 0;
        for (int t = 0; t < n; t++) {
            if (rowTouched[keep[t]]) {
                newTouched[t] = true;
                newList[count++] = t;
            }
        }
        rowTouched = newTouched;
        touched = newList;
        touchedCount = count;
        nextTouched = new boolean[n];
        nextList = new int[n];
        out = n;
        if (touchedCount == out) {
            allTouched = true;
        }
    }

    /**
     * Keeps only the inputs {@code keep} (strictly ascending positions in 0..in): columns of W, dW
     * and the W-shaped optimizer state. Cost O(out·kept).
     *
     * @throws IllegalArgumentException if keep is empty, not strictly ascending or out of range
     */
    public void keepInputs(int[] keep) {
        checkKeep(keep, in, "input");
        w = gatherColumns(w, out, in, keep);
        dw = gatherColumns(dw, out, in, keep);
        for (int s = 0; s < stateW.length; s++) {
            stateW[s] = gatherColumns(stateW[s], out, in, keep);
        }
        in = keep.length;
    }

    private static void checkKeep(int[] keep, int n, String what) {
        Objects.requireNonNull(keep, "keep");
        if (keep.length == 0) {
            throw new IllegalArgumentException("keep is empty: a layer must keep at least one " + what);
        }
        int prev = -1;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i] <= prev || keep[i] >= n) {
                throw new IllegalArgumentException("keep[" + i + "] = " + keep[i] + ": positions must be strictly"
                        + " ascending and in 0.." + (n - 1) + " (" + what + "s)");
            }
            prev = keep[i];
        }
    }

    private static float[] gatherRows(float[] a, int[] keep, int rowLen) {
        float[] r = new float[keep.length * rowLen];
        for (int t = 0; t < keep.length; t++) {
            System.arraycopy(a, keep[t] * rowLen, r, t * rowLen, rowLen);
        }
        return r;
    }

    private static float[] gatherColumns(float[] a, int rows, int cols, int[] keep) {
        int n = keep.length;
        float[] r = new float[rows * n];
        for (int i = 0; i < rows; i++) {
            int src = i * cols;
            int dst = i * n;
            for (int t = 0; t < n; t++) {
                r[dst + t] = a[src + keep[t]];
            }
        }
        return r;
    }

    @Override
    public String toString() {
        return "Dense[" + in + " → " + out + ", " + activation.id() + "]";
    }
}
