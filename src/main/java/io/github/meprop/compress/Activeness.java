package io.github.meprop.compress;

import io.github.meprop.nn.Selection;
import io.github.meprop.nn.SelectionObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * meSimp's activeness record: for each hidden layer l, {@code hits[j]} counts the examples in which
 * neuron j was active, and {@code seen} the examples observed, since the last {@link #reset}.
 *
 * <h2>What counts as a hit</h2>
 * A neuron is active in an example when it is in that example's top-k selection of the backward
 * pass (METHOD.md §3). With {@link Counting#NONZERO} (the default) a selected position counts only
 * when its gradient {@code g = ∂L/∂y} is non-zero: a zero can only be in the top-k set because
 * fewer than k entries of the row are non-zero, and then which zeros fill the set is decided by the
 * selection's tie rule (the lowest positions), not by the neuron. For ReLU, g is zero wherever the
 * neuron's output is zero, so a neuron that is switched off for an example never scores a hit for
 * it. {@link Counting#SELECTED} counts every selected position, zeros included (the reference
 * code's literal rule); with it a layer no wider than k is always fully selected and never pruned.
 * When the gradient is not given (null) every selected position counts.
 *
 * <p>{@link Counting#REFERENCE} reproduces what the reference code counts after units are gone: it
 * only masks removed units (their output and gradient are 0) and keeps running its top-k heap
 * over all original positions, so when an example has fewer than k non-zero entries the heap fills
 * its k slots with zeros at positions decided by the heap's order (mostly among the original
 * positions 0..k−1, removed units' included), and every position it returns is a hit. This record
 * follows the original position of every unit ({@link #keepUnits}) and replays that heap per
 * example on the layer's gradient spread over the original width (zeros at removed positions),
 * counting the returned positions that are still units. k is the largest per-example selection
 * count observed while the layer still had its original width. Per-example selections only (other
 * forms count as {@link Counting#SELECTED}); cost O(original width + k·log k) per example.
 * REFERENCE counting applies to layers with one position per unit (not to an LSTM, below).
 *
 * <h2>Layers with several positions per unit (LSTM)</h2>
 * An LSTM's backward selects among its four gates' pre-activation gradients, a row of 4·units
 * positions in which position p belongs to unit {@code p mod units} ({@link io.github.meprop.nn.Lstm}),
 * once per time step. When a layer was {@linkplain #reset(int, int) reset} to its unit count and a
 * selection's width is a multiple of it, each position counts for its unit, and a unit scores one hit
 * per row (example and time step) in which at least one of its positions was kept (with a non-zero
 * gradient for {@link Counting#NONZERO}); {@code seen} grows by the rows of each call, so an LSTM's
 * rates are fractions of (example, step) pairs. A unit-level count was chosen over counting each gate
 * separately because a unit is removed as a whole (all four gate rows); with k kept positions per
 * row the mean rate per unit lies between k/(4·units) and k/units.
 *
 * <h2>Merging and threads</h2>
 * Counts are summed over mini-batches, and {@link #merge} sums two records (for example one per
 * worker thread). Every method is {@code synchronized}: several threads may record into one
 * instance without losing counts. The lock is taken once per call (one mini-batch of one layer),
 * not per example, so it costs nothing measurable next to the backward pass it follows.
 *
 * <p>Layers are allocated on first use with the width they are observed at; a later observation
 * at another width is an error unless the layer was {@linkplain #reset(int, int) reset} to it (the
 * compressor resets each layer after changing its width).
 */
public final class Activeness implements SelectionObserver {

    /** Which selected positions count as hits. */
    public enum Counting {
        /** Selected positions whose gradient is non-zero (default; see the class comment). */
        NONZERO,
        /** Every selected position, zeros picked by the tie rule included. */
        SELECTED,
        /**
         * The reference code's count: its top-k heap replayed over the layer's original positions,
         * removed units masked to zero, every returned position that is still a unit a hit (see
         * the class comment).
         */
        REFERENCE;

        /**
         * Parses nonzero, selected or reference (setting "count").
         *
         * @param s the setting's text
         * @return the counting rule it names
         * @throws io.github.meprop.nn.InvalidSettingException if it names none
         */
        public static Counting parse(String s) {
            String t = s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT);
            return switch (t) {
                case "nonzero" -> NONZERO;
                case "selected" -> SELECTED;
                case "reference" -> REFERENCE;
                default -> throw new io.github.meprop.nn.InvalidSettingException("count",
                        "must be nonzero, selected or reference, was '" + s + "'");
            };
        }
    }

    private final Counting counting;
    private final List<long[]> hits = new ArrayList<>();
    private final List<long[]> seen = new ArrayList<>();
    /** Per layer, for REFERENCE counting: the original position of each current unit, or null. */
    private final List<int[]> origin = new ArrayList<>();
    /** Per layer, for REFERENCE counting: {original width, k}. */
    private final List<int[]> reference = new ArrayList<>();
    /** Scratch of {@link #countGrouped}: units hit in the current row (all false between rows). */
    private boolean[] mark = new boolean[0];
    private int[] marked = new int[0];

    /** An empty record with {@link Counting#NONZERO}. */
    public Activeness() {
        this(Counting.NONZERO);
    }

    /**
     * An empty record with the given counting rule.
     *
     * @param counting which selected positions count as hits (not null)
     */
    public Activeness(Counting counting) {
        this.counting = Objects.requireNonNull(counting, "counting");
    }

    /**
     * An empty record with layers of the given widths already allocated.
     *
     * @param counting which selected positions count as hits (not null)
     * @param widths the width of each hidden layer, input side first, each ≥ 1
     * @throws IllegalArgumentException if a width is below 1
     */
    public Activeness(Counting counting, int... widths) {
        this(counting);
        Objects.requireNonNull(widths, "widths");
        for (int l = 0; l < widths.length; l++) {
            reset(l, widths[l]);
        }
    }

    /**
     * The counting rule.
     *
     * @return the counting rule this record was created with
     */
    public Counting counting() {
        return counting;
    }

    // ---------------------------------------------------------------- recording

    /**
     * Counts one layer's selection: each kept entry (r, j) is a hit for unit j unless the counting
     * is {@link Counting#NONZERO} and {@code g[r·width + j] == 0} (g may be null: then every kept
     * entry counts); {@code seen += rows}. When the selection's width is a multiple of the layer's
     * recorded width, positions count for unit {@code p mod width}, once per row (see the class
     * comment). Cost O(kept entries), or O(rows·width) for a selection of every entry.
     */
    @Override
    public synchronized void onSelection(int layer, Selection s, float[] g) {
        Objects.requireNonNull(s, "selection");
        int rows = s.rows();
        int width = s.width();
        int units = unitsFor(layer, width);
        long[] h = layerFor(layer, units);
        boolean nonzero = counting == Counting.NONZERO && g != null;
        if (nonzero) {
            checkGradient(g, rows, width);
        }
        if (units != width) {
            countGrouped(h, s, g, nonzero, units);
            seen.get(layer)[0] += rows;
            return;
        }
        int[] idx = s.index();
        if (counting == Counting.REFERENCE && s.form() == Selection.Form.PER_ROW && g != null) {
            checkGradient(g, rows, width);
            countLikeReference(layer, s, g, h);
            seen.get(layer)[0] += rows;
            return;
        }
        switch (s.form()) {
            case ALL -> {
                for (int r = 0; r < rows; r++) {
                    int row = r * width;
                    for (int j = 0; j < width; j++) {
                        if (!nonzero || g[row + j] != 0f) {
                            h[j]++;
                        }
                    }
                }
            }
            case SHARED -> {
                for (int i = 0; i < s.sharedCount(); i++) {
                    int j = idx[i];
                    h[j] += nonzero ? nonzeroInColumn(g, rows, width, j) : rows;
                }
            }
            case PER_ROW -> {
                int[] off = s.offsets();
                for (int r = 0; r < rows; r++) {
                    int row = r * width;
                    for (int i = off[r]; i < off[r + 1]; i++) {
                        int j = idx[i];
                        if (!nonzero || g[row + j] != 0f) {
                            h[j]++;
                        }
                    }
                }
            }
        }
        seen.get(layer)[0] += rows;
    }

    /** REFERENCE counting of one per-example selection (see the class comment). */
    private void countLikeReference(int layer, Selection s, float[] g, long[] h) {
        int rows = s.rows();
        int width = s.width();
        int[] org = origin.get(layer);
        int[] ref = reference.get(layer);
        int[] off = s.offsets();
        if (org.length == ref[0]) {
            // Still at the original width: learn k from the selection itself.
            for (int r = 0; r < rows; r++) {
                ref[1] = Math.max(ref[1], off[r + 1] - off[r]);
            }
        }
        int n = ref[0];
        int k = Math.min(ref[1], n);
        if (k == 0) {
            return;
        }
        float[] full = new float[n];
        int[] unitAt = new int[n];
        java.util.Arrays.fill(unitAt, -1);
        for (int j = 0; j < width; j++) {
            unitAt[org[j]] = j;
        }
        float[] hv = new float[k];
        int[] hi = new int[k];
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(full, 0f);
            int row = r * width;
            for (int j = 0; j < width; j++) {
                full[org[j]] = Math.abs(g[row + j]);
            }
            ReferenceHeap.top(full, n, k, hv, hi);
            for (int t = 0; t < k; t++) {
                int j = unitAt[hi[t]];
                if (j >= 0) {
                    h[j]++;
                }
            }
        }
    }

    /**
     * The units a selection of the given width counts for: the width itself, or the recorded width
     * of the layer when the selection's width is a multiple of it (an LSTM selects among 4 gates per
     * unit).
     */
    private int unitsFor(int layer, int width) {
        long[] h = layer >= 0 && layer < hits.size() ? hits.get(layer) : null;
        if (h != null && h.length != width && width % h.length == 0) {
            return h.length;
        }
        return width;
    }

    /**
     * Counts a selection whose positions p belong to unit {@code p mod units} (several positions per
     * unit, e.g. an LSTM's four gates): per row, each unit with at least one kept position (with a
     * non-zero gradient, for {@link Counting#NONZERO}) scores one hit. Cost O(kept entries), or
     * O(rows·width) for a selection of every entry.
     */
    private void countGrouped(long[] h, Selection s, float[] g, boolean nonzero, int units) {
        int rows = s.rows();
        int width = s.width();
        if (mark.length < units) {
            mark = new boolean[units];
            marked = new int[units];
        }
        int[] idx = s.index();
        int[] off = s.offsets();
        for (int r = 0; r < rows; r++) {
            int row = r * width;
            int from;
            int to;
            switch (s.form()) {
                case ALL -> {
                    from = 0;
                    to = width;
                }
                case SHARED -> {
                    from = 0;
                    to = s.sharedCount();
                }
                default -> {
                    from = off[r];
                    to = off[r + 1];
                }
            }
            int n = 0;
            for (int i = from; i < to; i++) {
                int p = s.form() == Selection.Form.ALL ? i : idx[i];
                if (nonzero && g[row + p] == 0f) {
                    continue;
                }
                int u = p % units;
                if (!mark[u]) {
                    mark[u] = true;
                    marked[n++] = u;
                }
            }
            for (int i = 0; i < n; i++) {
                h[marked[i]]++;
                mark[marked[i]] = false;
            }
        }
    }

    private static long nonzeroInColumn(float[] g, int rows, int width, int j) {
        long c = 0;
        for (int r = 0; r < rows; r++) {
            if (g[r * width + j] != 0f) {
                c++;
            }
        }
        return c;
    }

    private long[] layerFor(int layer, int width) {
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be >= 0, was " + layer);
        }
        grow(layer);
        long[] h = hits.get(layer);
        if (h == null) {
            h = new long[width];
            hits.set(layer, h);
            track(layer, width);
        } else if (h.length != width) {
            throw new IllegalStateException("hidden layer " + layer + " is recorded with width " + h.length
                    + " but was observed with width " + width + "; reset the layer after changing its width");
        }
        return h;
    }

    private void grow(int layer) {
        while (hits.size() <= layer) {
            hits.add(null);
            seen.add(new long[1]);
            origin.add(null);
            reference.add(null);
        }
    }

    /** Starts following original positions of a layer of this width, unless already following it. */
    private void track(int layer, int width) {
        int[] org = origin.get(layer);
        if (org != null && org.length == width) {
            return;
        }
        org = new int[width];
        for (int j = 0; j < width; j++) {
            org[j] = j;
        }
        origin.set(layer, org);
        reference.set(layer, new int[] {width, 0});
    }

    /**
     * The original position of each current unit of hidden layer l (positions in the layer as it
     * was first observed or reset to, followed through {@link #keepUnits}), or an empty array.
     * @param layer the hidden layer, 0-based
     * @return the original position of each current unit, or an empty array when none were recorded
     */
    public synchronized int[] originalPositions(int layer) {
        checkLayer(layer);
        int[] org = layer < origin.size() ? origin.get(layer) : null;
        return org == null ? new int[0] : org.clone();
    }

    private static void checkGradient(float[] g, int batch, int width) {
        if (g.length < (long) batch * width) {
            throw new IndexOutOfBoundsException("g has length " + g.length + ", needs batch × width = " + batch
                    + " × " + width);
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Number of layers recorded or allocated so far (hidden layers 0..layers()-1).
     *
     * @return the number of layer slots, ≥ 0
     */
    public synchronized int layers() {
        return hits.size();
    }

    /**
     * Width of hidden layer l as recorded (0 if the layer has not been observed or allocated).
     *
     * @param layer the hidden layer, 0-based
     * @return the recorded width, or 0
     */
    public synchronized int width(int layer) {
        long[] h = layer < hits.size() ? hits.get(layer) : null;
        return h == null ? 0 : h.length;
    }

    /**
     * A copy of hidden layer l's hits (empty if the layer has not been observed).
     *
     * @param layer the hidden layer, 0-based, ≥ 0
     * @return a new array with one count per unit
     * @throws IllegalArgumentException if layer is negative
     */
    public synchronized long[] hits(int layer) {
        checkLayer(layer);
        long[] h = layer < hits.size() ? hits.get(layer) : null;
        return h == null ? new long[0] : h.clone();
    }

    /**
     * Examples observed for hidden layer l since its last reset (0 if never observed).
     *
     * @param layer the hidden layer, 0-based, ≥ 0
     * @return the number of examples observed
     * @throws IllegalArgumentException if layer is negative
     */
    public synchronized long seen(int layer) {
        checkLayer(layer);
        return layer < seen.size() ? seen.get(layer)[0] : 0;
    }

    /**
     * {@code hits[j] / seen} of hidden layer l (NaN entries when nothing was seen).
     *
     * @param layer the hidden layer, 0-based, ≥ 0
     * @return a new array with one rate per unit, in [0, 1] or NaN
     * @throws IllegalArgumentException if layer is negative
     */
    public synchronized double[] rates(int layer) {
        long[] h = hits(layer);
        long s = seen(layer);
        double[] r = new double[h.length];
        for (int j = 0; j < h.length; j++) {
            r[j] = s == 0 ? Double.NaN : h[j] / (double) s;
        }
        return r;
    }

    private static void checkLayer(int layer) {
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be >= 0, was " + layer);
        }
    }

    // ---------------------------------------------------------------- merging and resetting

    /**
     * Adds another record's counts to this one (hits element-wise, seen per layer). A layer this
     * record has not observed is copied; widths of layers both have must agree.
     *
     * @param other the record to add (not this one); it is not changed
     * @throws IllegalArgumentException if a common layer's widths differ
     */
    public void merge(Activeness other) {
        Objects.requireNonNull(other, "other");
        if (other == this) {
            throw new IllegalArgumentException("cannot merge a record into itself");
        }
        List<long[]> oh;
        long[] os;
        // Snapshot the other record under its own lock, then add under ours (never both at once).
        synchronized (other) {
            oh = new ArrayList<>(other.hits.size());
            os = new long[other.hits.size()];
            for (int l = 0; l < other.hits.size(); l++) {
                long[] h = other.hits.get(l);
                oh.add(h == null ? null : h.clone());
                os[l] = other.seen.get(l)[0];
            }
        }
        synchronized (this) {
            for (int l = 0; l < oh.size(); l++) {
                long[] src = oh.get(l);
                if (src == null) {
                    continue;
                }
                long[] dst = l < hits.size() ? hits.get(l) : null;
                if (dst != null && dst.length != src.length) {
                    throw new IllegalArgumentException("cannot merge: hidden layer " + l + " has width " + dst.length
                            + " here and " + src.length + " in the other record");
                }
            }
            for (int l = 0; l < oh.size(); l++) {
                long[] src = oh.get(l);
                if (src == null) {
                    continue;
                }
                grow(l);
                long[] dst = hits.get(l);
                if (dst == null) {
                    hits.set(l, src);
                    track(l, src.length);
                } else {
                    for (int j = 0; j < dst.length; j++) {
                        dst[j] += src[j];
                    }
                }
                seen.get(l)[0] += os[l];
            }
        }
    }

    /**
     * Keeps the counts of the units {@code keep} of hidden layer l (strictly ascending positions), in
     * that order: the record follows a layer from which the other units were removed, so that the
     * next rule of a prune point still sees the right counts.
     *
     * @param layer the hidden layer, 0-based, ≥ 0
     * @param keep the kept units' positions in the old numbering, strictly ascending
     * @throws IllegalArgumentException if layer is negative
     */
    public synchronized void keepUnits(int layer, int[] keep) {
        checkLayer(layer);
        long[] h = layer < hits.size() ? hits.get(layer) : null;
        if (h == null) {
            return;
        }
        long[] k = new long[keep.length];
        for (int t = 0; t < keep.length; t++) {
            k[t] = h[keep[t]];
        }
        hits.set(layer, k);
        int[] org = origin.get(layer);
        if (org != null && org.length == h.length) {
            int[] o = new int[keep.length];
            for (int t = 0; t < keep.length; t++) {
                o[t] = org[keep[t]];
            }
            origin.set(layer, o);
        }
    }

    /**
     * Clears hidden layer l's counts and sets its width (after the layer changed shape). The original
     * positions are kept when the width is the number of units they follow (the layer was shrunk
     * through {@link #keepUnits}); otherwise the layer starts over at this width.
     *
     * @param layer the hidden layer, 0-based, ≥ 0
     * @param width the layer's new width, ≥ 1
     * @throws IllegalArgumentException if layer is negative or width below 1
     */
    public synchronized void reset(int layer, int width) {
        checkLayer(layer);
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, was " + width);
        }
        grow(layer);
        hits.set(layer, new long[width]);
        seen.get(layer)[0] = 0;
        track(layer, width);
    }

    /** Forgets every layer (counts, widths and original positions): a fresh record. */
    public synchronized void clear() {
        hits.clear();
        seen.clear();
        origin.clear();
        reference.clear();
    }

    /** Clears every layer's counts, keeping the widths. */
    public synchronized void reset() {
        for (int l = 0; l < hits.size(); l++) {
            long[] h = hits.get(l);
            if (h != null) {
                Arrays.fill(h, 0);
            }
            seen.get(l)[0] = 0;
        }
    }

    @Override
    public synchronized String toString() {
        StringBuilder sb = new StringBuilder("Activeness[").append(counting.name().toLowerCase(java.util.Locale.ROOT));
        for (int l = 0; l < hits.size(); l++) {
            sb.append(", layer ").append(l).append(": width ").append(width(l)).append(", seen ").append(seen(l));
        }
        return sb.append(']').toString();
    }
}
