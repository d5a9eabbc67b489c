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
        SELECTED
    }

    private final Counting counting;
    private final List<long[]> hits = new ArrayList<>();
    private final List<long[]> seen = new ArrayList<>();
    /** Scratch of {@link #countGrouped}: units hit in the current row (all false between rows). */
    private boolean[] mark = new boolean[0];
    private int[] marked = new int[0];

    /** An empty record with {@link Counting#NONZERO}. */
    public Activeness() {
        this(Counting.NONZERO);
    }

    /** An empty record with the given counting rule. */
    public Activeness(Counting counting) {
        this.counting = Objects.requireNonNull(counting, "counting");
    }

    /** An empty record with layers of the given widths already allocated. */
    public Activeness(Counting counting, int... widths) {
        this(counting);
        Objects.requireNonNull(widths, "widths");
        for (int l = 0; l < widths.length; l++) {
            reset(l, widths[l]);
        }
    }

    /** The counting rule. */
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
        while (hits.size() <= layer) {
            hits.add(null);
            seen.add(new long[1]);
        }
        long[] h = hits.get(layer);
        if (h == null) {
            h = new long[width];
            hits.set(layer, h);
        } else if (h.length != width) {
            throw new IllegalStateException("hidden layer " + layer + " is recorded with width " + h.length
                    + " but was observed with width " + width + "; reset the layer after changing its width");
        }
        return h;
    }

    private static void checkGradient(float[] g, int batch, int width) {
        if (g.length < (long) batch * width) {
            throw new IndexOutOfBoundsException("g has length " + g.length + ", needs batch × width = " + batch
                    + " × " + width);
        }
    }

    // ---------------------------------------------------------------- reading

    /** Number of layers recorded or allocated so far (hidden layers 0..layers()-1). */
    public synchronized int layers() {
        return hits.size();
    }

    /** Width of hidden layer l as recorded (0 if the layer has not been observed or allocated). */
    public synchronized int width(int layer) {
        long[] h = layer < hits.size() ? hits.get(layer) : null;
        return h == null ? 0 : h.length;
    }

    /** A copy of hidden layer l's hits (empty if the layer has not been observed). */
    public synchronized long[] hits(int layer) {
        checkLayer(layer);
        long[] h = layer < hits.size() ? hits.get(layer) : null;
        return h == null ? new long[0] : h.clone();
    }

    /** Examples observed for hidden layer l since its last reset (0 if never observed). */
    public synchronized long seen(int layer) {
        checkLayer(layer);
        return layer < seen.size() ? seen.get(layer)[0] : 0;
    }

    /** {@code hits[j] / seen} of hidden layer l (NaN entries when nothing was seen). */
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
                while (hits.size() <= l) {
                    hits.add(null);
                    seen.add(new long[1]);
                }
                long[] dst = hits.get(l);
                if (dst == null) {
                    hits.set(l, src);
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
    }

    /** Clears hidden layer l's counts and sets its width (after the layer changed shape). */
    public synchronized void reset(int layer, int width) {
        checkLayer(layer);
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, was " + width);
        }
        while (hits.size() <= layer) {
            hits.add(null);
            seen.add(new long[1]);
        }
        hits.set(layer, new long[width]);
        seen.get(layer)[0] = 0;
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
