package io.github.meprop.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * One trainable tensor of a layer, viewed as a row-major matrix {@code [rows × cols]} (a bias is
 * {@code [rows × 1]}): its values, its gradient, which rows of the gradient the last backward pass
 * wrote ("touched rows"), and the optimizer's state slots (for example Adam's two moments), each
 * shaped like the values. Keeping the state here means that a structural edit (meSimp removing a
 * unit) shrinks values, gradient and state together.
 *
 * <h2>Gradients and touched rows</h2>
 * A layer's backward pass overwrites the gradient. A sparse (meProp) backward writes only the rows
 * it selected and reports them with {@link #replaceTouched} (a backward that sums several
 * contributions, such as an LSTM's over time steps, overwrites with the first and reports the
 * others with {@link #addTouched}); a lazy optimizer then updates only those rows. Invariant: every row of the gradient that is not touched is zero. To keep it without
 * clearing the whole gradient each step, only the rows touched by the previous backward and not by
 * this one are cleared.
 *
 * <p>The arrays returned by {@link #values()}, {@link #grad()} and {@link #state(int)} are live and
 * valid until the next structural edit. Not thread-safe.
 */
public final class Parameter {
    private final String name;
    private final boolean vector;
    private int rows;
    private int cols;
    private float[] values;
    private float[] grad;
    private float[][] state = new float[0][];

    private boolean allTouched;
    private boolean[] rowTouched;
    private int[] touched;
    private int touchedCount;
    /** Scratch of the next touched set: all false / unused between calls. */
    private boolean[] nextTouched;
    private int[] nextList;

    /**
     * A parameter that owns {@code values} (not copied), with a zero gradient.
     *
     * @param name   its name within the layer, e.g. "weight" (the model file names it
     *               {@code layers.L.NAME})
     * @param rows   rows (≥ 1)
     * @param cols   columns (≥ 1)
     * @param values {@code rows·cols} values, row-major
     */
    public Parameter(String name, int rows, int cols, float[] values) {
        this(name, rows, cols, values, false);
    }

    /**
     * A vector parameter of n values (a bias): shape {@code [n]}, viewed as {@code [n × 1]}.
     *
     * @param name its name within the layer, e.g. "bias"
     * @param values the n values (owned, not copied); n ≥ 1
     * @return the parameter, with a zero gradient
     * @throws IllegalArgumentException if values is empty
     */
    public static Parameter vector(String name, float[] values) {
        return new Parameter(name, Objects.requireNonNull(values, "values").length, 1, values, true);
    }

    private Parameter(String name, int rows, int cols, float[] values, boolean vector) {
        this.name = Objects.requireNonNull(name, "name");
        this.vector = vector;
        Objects.requireNonNull(values, "values");
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(name + ": rows and cols must be >= 1, were " + rows + " and " + cols);
        }
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException(name + ": values has length " + values.length + ", expected rows × cols = "
                    + rows + " × " + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.values = values;
        this.grad = new float[values.length];
        allocateTouched(rows);
    }

    private void allocateTouched(int n) {
        rowTouched = new boolean[n];
        touched = new int[n];
        nextTouched = new boolean[n];
        nextList = new int[n];
    }

    /**
     * Its name within the layer ("weight", "bias", ...).
     *
     * @return the name, unique within its layer
     */
    public String name() {
        return name;
    }

    /**
     * Rows of the matrix view.
     *
     * @return the number of rows, ≥ 1 (the length for a vector)
     */
    public int rows() {
        return rows;
    }

    /**
     * Columns of the matrix view (1 for a vector).
     *
     * @return the number of columns, ≥ 1
     */
    public int cols() {
        return cols;
    }

    /**
     * The tensor's shape as a model file stores it: {@code [rows]} for a vector, else {@code [rows, cols]}.
     *
     * @return a new array: {@code {rows}} for a vector, {@code {rows, cols}} otherwise
     */
    public int[] shape() {
        return vector ? new int[] {rows} : new int[] {rows, cols};
    }

    /**
     * rows · cols.
     *
     * @return the number of values
     */
    public int size() {
        return values.length;
    }

    /**
     * The values, row-major (live array).
     *
     * @return the live values array, {@code rows·cols} long
     */
    public float[] values() {
        return values;
    }

    /**
     * The gradient, shaped like the values (live array).
     *
     * @return the live gradient array, {@code rows·cols} long
     */
    public float[] grad() {
        return grad;
    }

    // ---------------------------------------------------------------- touched rows

    /** Records that the last backward wrote every row of the gradient. */
    public void touchAll() {
        for (int t = 0; t < touchedCount; t++) {
            rowTouched[touched[t]] = false;
        }
        touchedCount = 0;
        allTouched = true;
    }

    /**
     * After an overwriting sparse backward that wrote the rows {@code idx[from .. to)} (repeats
     * allowed) and nothing else: clears the rows of the gradient that were touched before and are not
     * written now, and makes the written rows the touched set. Cost O(to − from + previously
     * touched) plus cols floats per cleared row.
     *
     * @param idx the row indices written, each in 0..rows-1
     * @param from first entry of idx used
     * @param to end of the entries of idx used (exclusive)
     */
    public void replaceTouched(int[] idx, int from, int to) {
        boolean[] next = nextTouched;
        int[] list = nextList;
        int n = 0;
        for (int i = from; i < to; i++) {
            int j = idx[i];
            if (!next[j]) {
                next[j] = true;
                list[n++] = j;
            }
        }
        if (allTouched) {
            for (int j = 0; j < rows; j++) {
                if (!next[j]) {
                    Arrays.fill(grad, j * cols, (j + 1) * cols, 0f);
                }
            }
            Arrays.fill(rowTouched, false);
        } else {
            for (int t = 0; t < touchedCount; t++) {
                int j = touched[t];
                if (!next[j]) {
                    Arrays.fill(grad, j * cols, (j + 1) * cols, 0f);
                }
                rowTouched[j] = false;
            }
        }
        nextTouched = rowTouched;
        nextList = touched;
        rowTouched = next;
        touched = list;
        touchedCount = n;
        allTouched = n == rows;
    }

    /**
     * After an accumulating sparse backward that added gradient to the rows {@code idx[from .. to)}
     * (repeats allowed) and nothing else: adds them to the touched set, which becomes the union of
     * every call since the last {@link #replaceTouched} or {@link #touchAll}. Back propagation
     * through time uses it: the last time step overwrites (replaceTouched), the earlier ones add.
     * Rows outside the set stay zero, so the invariant holds. Cost O(to − from).
     *
     * @param idx  row indices, each in {@code 0..rows-1}
     * @param from first position of idx to add
     * @param to   end (exclusive) of the positions of idx to add
     */
    public void addTouched(int[] idx, int from, int to) {
        if (allTouched) {
            return;
        }
        for (int i = from; i < to; i++) {
            int j = idx[i];
            if (!rowTouched[j]) {
                rowTouched[j] = true;
                touched[touchedCount++] = j;
            }
        }
        if (touchedCount == rows) {
            allTouched = true;
        }
    }

    /** Clears the gradient (only the touched rows are written) and the touched set. */
    public void zeroGrad() {
        if (allTouched) {
            Arrays.fill(grad, 0f);
        } else {
            for (int t = 0; t < touchedCount; t++) {
                int j = touched[t];
                Arrays.fill(grad, j * cols, (j + 1) * cols, 0f);
            }
        }
        for (int t = 0; t < touchedCount; t++) {
            rowTouched[touched[t]] = false;
        }
        touchedCount = 0;
        allTouched = false;
    }

    /**
     * True when every row of the gradient may be non-zero (a dense backward ran since the last clear).
     *
     * @return whether every row counts as touched
     */
    public boolean allRowsTouched() {
        return allTouched;
    }

    /**
     * Rows of the gradient written by the last backward, in {@code [0, touchedCount())}, in the order
     * first written; meaningful only when {@link #allRowsTouched()} is false.
     *
     * @return the live array of touched row indices; only the first {@link #touchedCount()} entries
     *     are in use
     */
    public int[] touchedRows() {
        return touched;
    }

    /**
     * Number of entries of {@link #touchedRows()} in use (rows when all rows are touched).
     *
     * @return the number of touched rows
     */
    public int touchedCount() {
        return allTouched ? rows : touchedCount;
    }

    // ---------------------------------------------------------------- optimizer state

    /**
     * Number of optimizer state slots (2 for Adam, 1 for SGD with momentum, 0 for plain SGD).
     *
     * @return the number of state slots, ≥ 0
     */
    public int stateSlots() {
        return state.length;
    }

    /**
     * Makes sure there are {@code slots} state slots, allocating zeroed ones if the count differs.
     *
     * @param slots number of slots wanted, ≥ 0
     * @throws IllegalArgumentException if slots is negative
     */
    public void ensureState(int slots) {
        if (slots < 0) {
            throw new IllegalArgumentException("slots must be >= 0, was " + slots);
        }
        if (state.length != slots) {
            state = new float[slots][values.length];
        }
    }

    /**
     * State slot s, shaped like the values (live array).
     *
     * @param s the slot, in 0..stateSlots-1
     * @return the live state array, {@code rows·cols} long
     * @throws ArrayIndexOutOfBoundsException if s is not a slot
     */
    public float[] state(int s) {
        return state[s];
    }

    /** Zeroes every state slot (for example Adam's moments at a meSimp cycle start). */
    public void clearState() {
        for (float[] s : state) {
            Arrays.fill(s, 0f);
        }
    }

    // ---------------------------------------------------------------- structural edits

    /**
     * Keeps only the rows {@code keep} (strictly ascending, in 0..rows) of values, gradient and
     * state; touched-row bookkeeping follows the kept rows. Cost O(kept·cols).
     *
     * @param keep the rows to keep (at least one), strictly ascending, in 0..rows-1
     * @throws IllegalArgumentException if keep is empty, not strictly ascending or out of range
     */
    public void keepRows(int[] keep) {
        Structure.checkKeep(keep, rows, name + " rows");
        int n = keep.length;
        values = Structure.gatherRows(values, keep, cols);
        grad = Structure.gatherRows(grad, keep, cols);
        for (int s = 0; s < state.length; s++) {
            state[s] = Structure.gatherRows(state[s], keep, cols);
        }
        boolean[] oldTouched = rowTouched;
        allocateTouched(n);
        int count = 0;
        for (int t = 0; t < n; t++) {
            if (oldTouched[keep[t]]) {
                rowTouched[t] = true;
                touched[count++] = t;
            }
        }
        touchedCount = count;
        rows = n;
        if (count == n) {
            allTouched = true;
        }
    }

    /**
     * Keeps only the columns {@code keep} (strictly ascending, in 0..cols) of values, gradient and
     * state; the touched rows stay as they are. Cost O(rows·kept).
     *
     * @param keep the columns to keep (at least one), strictly ascending, in 0..cols-1
     * @throws IllegalArgumentException if keep is empty, not strictly ascending or out of range
     */
    public void keepColumns(int[] keep) {
        Structure.checkKeep(keep, cols, name + " columns");
        values = Structure.gatherColumns(values, rows, cols, keep);
        grad = Structure.gatherColumns(grad, rows, cols, keep);
        for (int s = 0; s < state.length; s++) {
            state[s] = Structure.gatherColumns(state[s], rows, cols, keep);
        }
        cols = keep.length;
    }

    /**
     * A deep copy: values, gradient, touched rows and state.
     *
     * @return an independent copy
     */
    public Parameter copy() {
        Parameter p = new Parameter(name, rows, cols, values.clone(), vector);
        System.arraycopy(grad, 0, p.grad, 0, grad.length);
        p.state = new float[state.length][];
        for (int s = 0; s < state.length; s++) {
            p.state[s] = state[s].clone();
        }
        System.arraycopy(rowTouched, 0, p.rowTouched, 0, rows);
        System.arraycopy(touched, 0, p.touched, 0, touchedCount);
        p.touchedCount = touchedCount;
        p.allTouched = allTouched;
        return p;
    }

    @Override
    public String toString() {
        return name + "[" + rows + " × " + cols + "]";
    }
}
