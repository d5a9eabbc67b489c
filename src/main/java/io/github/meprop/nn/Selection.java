package io.github.meprop.nn;

/**
 * Which entries of a layer's gradient {@code g = ∂L/∂y} ({@code [rows × width]}, one row per
 * example) keep their value in a backward pass; the others count as zero. A {@link Selector} fills
 * it, the layer's backward reads it, and a {@link SelectionObserver} may watch it. Three forms:
 * <ul>
 *   <li>{@link Form#ALL}: every entry (ordinary, dense back propagation);</li>
 *   <li>{@link Form#SHARED}: one set of positions {@code index[0 .. sharedCount())} for every row
 *       (unified top-k: the backward is two small dense products);</li>
 *   <li>{@link Form#PER_ROW}: compressed sparse rows: row r keeps the positions
 *       {@code index[offsets[r] .. offsets[r+1])}, so k may differ from row to row (per-example top-k,
 *       random-k, adaptive k).</li>
 * </ul>
 * Positions within a row (or the shared set) are strictly ascending and in {@code 0..width}. One
 * reusable instance per layer: the arrays grow on demand and are overwritten by the next selection.
 */
public final class Selection {

    /** The shape of a selection. */
    public enum Form {
        /** Every entry. */
        ALL,
        /** One set of positions shared by every row. */
        SHARED,
        /** Each row its own positions (CSR). */
        PER_ROW
    }

    private Form form = Form.ALL;
    private int rows;
    private int width;
    private int shared;
    private int[] offsets = new int[1];
    private int[] index = new int[0];

    /** An empty selection (every entry of a 0 × 1 gradient), to be filled by a selector. */
    public Selection() {
        rows = 0;
        width = 1;
    }

    // ---------------------------------------------------------------- building one

    /**
     * A new selection of every entry of a {@code [rows × width]} gradient.
     *
     * @param rows rows (examples) of the gradient, ≥ 0
     * @param width width of the gradient, ≥ 1
     * @return a new {@link Form#ALL} selection
     * @throws IllegalArgumentException if rows is negative or width below 1
     */
    public static Selection all(int rows, int width) {
        Selection s = new Selection();
        s.selectAll(rows, width);
        return s;
    }

    /**
     * A new per-row selection with k positions per row, row r's at {@code idx[r·k .. r·k + k)}
     * (copied; strictly ascending per row, in 0..width).
     *
     * @param rows rows (examples) of the gradient, ≥ 0
     * @param width width of the gradient, ≥ 1
     * @param k positions per row (0..width)
     * @param idx the positions, {@code [rows × k]}, at least rows·k entries
     * @return a new {@link Form#PER_ROW} selection holding a copy of the positions
     * @throws IllegalArgumentException if a row's positions are not strictly ascending in 0..width
     */
    public static Selection ofRows(int rows, int width, int k, int[] idx) {
        Selection s = new Selection();
        int[] dst = s.perRowFixed(rows, width, k);
        if (idx.length < (long) rows * k) {
            throw new IllegalArgumentException("idx has length " + idx.length + ", needs rows × k = " + rows + " × " + k);
        }
        System.arraycopy(idx, 0, dst, 0, rows * k);
        for (int r = 0; r < rows; r++) {
            checkAscending(dst, r * k, r * k + k, width);
        }
        return s;
    }

    /**
     * A new shared selection of the positions {@code idx[0..k)} (copied; strictly ascending, in 0..width).
     *
     * @param rows rows (examples) of the gradient, ≥ 0
     * @param width width of the gradient, ≥ 1
     * @param k number of shared positions (0..width)
     * @param idx the positions, at least k entries
     * @return a new {@link Form#SHARED} selection holding a copy of the positions
     * @throws IllegalArgumentException if k is outside 0..width or the positions are not strictly
     *     ascending in 0..width-1
     */
    public static Selection ofShared(int rows, int width, int k, int[] idx) {
        Selection s = new Selection();
        int[] dst = s.shared(rows, width, k);
        System.arraycopy(idx, 0, dst, 0, k);
        checkAscending(dst, 0, k, width);
        return s;
    }

    private static void checkAscending(int[] a, int from, int to, int width) {
        int prev = -1;
        for (int i = from; i < to; i++) {
            if (a[i] <= prev || a[i] >= width) {
                throw new IllegalArgumentException("position " + a[i] + " at " + i + ": positions must be strictly"
                        + " ascending and in 0.." + (width - 1));
            }
            prev = a[i];
        }
    }

    // ---------------------------------------------------------------- writing (selectors)

    /**
     * Makes this the selection of every entry of a {@code [rows × width]} gradient.
     *
     * @param rows rows (examples) of the gradient, ≥ 0
     * @param width width of the gradient, ≥ 1
     * @throws IllegalArgumentException if rows is negative or width below 1
     */
    public void selectAll(int rows, int width) {
        begin(Form.ALL, rows, width);
    }

    /**
     * Makes this a shared selection of k positions and returns the array the selector writes them to,
     * {@code index[0..k)}, strictly ascending (capacity ≥ k).
     *
     * @param rows rows (examples) of the gradient, ≥ 0
     * @param width width of the gradient, ≥ 1
     * @param k number of shared positions (0..width)
     * @return the live index array to write the k positions to (owned by this selection)
     * @throws IllegalArgumentException if rows is negative, width below 1 or k outside 0..width
     */
    public int[] shared(int rows, int width, int k) {
        begin(Form.SHARED, rows, width);
        checkK(k, width);
        shared = k;
        return ensureIndex(k);
    }

    /**
     * Makes this a per-row selection with room for {@code capacity} positions in all, and returns the
     * index array; the selector writes row r's positions to {@code index[offsets[r] .. offsets[r+1])}
     * and the offsets to {@link #offsets()} ({@code offsets[0] = 0}, non-decreasing, length rows + 1).
     *
     * @param rows rows (examples) of the gradient, ≥ 0
     * @param width width of the gradient, ≥ 1
     * @param capacity room needed for the positions of all rows together
     * @return the live index array, at least capacity long (owned by this selection)
     * @throws IllegalArgumentException if rows is negative, width below 1 or capacity negative or
     *     too large for an array
     */
    public int[] perRow(int rows, int width, long capacity) {
        begin(Form.PER_ROW, rows, width);
        if (capacity < 0 || capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("capacity must be in 0.." + (Integer.MAX_VALUE - 8) + ", was " + capacity);
        }
        if (offsets.length < rows + 1) {
            offsets = new int[rows + 1];
        }
        offsets[0] = 0;
        return ensureIndex((int) capacity);
    }

    /**
     * {@link #perRow} with exactly k positions per row: the offsets are set to {@code r·k} and the
     * selector writes row r to {@code index[r·k .. r·k + k)}.
     *
     * @param rows rows (examples) of the gradient, ≥ 0
     * @param width width of the gradient, ≥ 1
     * @param k positions per row (0..width)
     * @return the live index array, at least rows·k long (owned by this selection)
     * @throws IllegalArgumentException if rows is negative, width below 1 or k outside 0..width
     */
    public int[] perRowFixed(int rows, int width, int k) {
        checkK(k, width);
        int[] idx = perRow(rows, width, (long) rows * k);
        for (int r = 0; r <= rows; r++) {
            offsets[r] = r * k;
        }
        return idx;
    }

    private void begin(Form f, int rows, int width) {
        if (rows < 0 || width < 1) {
            throw new IllegalArgumentException("need rows >= 0 and width >= 1, were " + rows + " and " + width);
        }
        this.form = f;
        this.rows = rows;
        this.width = width;
        this.shared = 0;
    }

    private static void checkK(int k, int width) {
        if (k < 0 || k > width) {
            throw new IllegalArgumentException("k must be in 0.." + width + ", was " + k);
        }
    }

    private int[] ensureIndex(int n) {
        if (index.length < n) {
            index = new int[n];
        }
        return index;
    }

    // ---------------------------------------------------------------- reading

    /**
     * The form.
     *
     * @return the form of the current selection
     */
    public Form form() {
        return form;
    }

    /**
     * Rows (examples) of the gradient selected from.
     *
     * @return the number of rows, ≥ 0
     */
    public int rows() {
        return rows;
    }

    /**
     * Width of the gradient selected from.
     *
     * @return the width, ≥ 1
     */
    public int width() {
        return width;
    }

    /**
     * For {@link Form#SHARED}: the number of shared positions.
     *
     * @return the number of shared positions (0 for the other forms)
     */
    public int sharedCount() {
        return shared;
    }

    /**
     * Row offsets into {@link #index()} for {@link Form#PER_ROW} (length ≥ rows + 1; live array).
     *
     * @return the live offsets array (meaningful for {@link Form#PER_ROW} only)
     */
    public int[] offsets() {
        return offsets;
    }

    /**
     * The selected positions (live array; see the class comment for the layout of each form).
     *
     * @return the live index array; it may be longer than the positions in use
     */
    public int[] index() {
        return index;
    }

    /**
     * Positions kept in row r.
     *
     * @param r the row, in 0..rows-1
     * @return the number of positions kept in row r (width for {@link Form#ALL})
     */
    public int count(int r) {
        return switch (form) {
            case ALL -> width;
            case SHARED -> shared;
            case PER_ROW -> offsets[r + 1] - offsets[r];
        };
    }

    /**
     * Entries kept over all rows (the multiply-adds of the sparse backward are this times the input width).
     *
     * @return the number of selected entries, summed over all rows
     */
    public long selected() {
        return switch (form) {
            case ALL -> (long) rows * width;
            case SHARED -> (long) rows * shared;
            case PER_ROW -> offsets[rows] - offsets[0];
        };
    }

    @Override
    public String toString() {
        return "Selection[" + form + ", " + rows + " × " + width + ", " + selected() + " kept]";
    }
}
