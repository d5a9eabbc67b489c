package io.github.meprop.kernels;

import io.github.meprop.kernels.internal.LinearTask;
import io.github.meprop.kernels.internal.UncheckedLinear;
import java.util.Objects;

/**
 * The arithmetic of a linear layer {@code y = W x + b}, forward and backward, row-major:
 * W is {@code [out × in]}, X is {@code [batch × in]}, Y and dY are {@code [batch × out]}.
 *
 * <p>Per-example sparse selections are compressed sparse rows: example r selected the positions
 * {@code idx[offsets[r] .. offsets[r+1])} (see
 * {@link #backwardSparse(Parallelism, float[], float[], float[], int[], int[], float[], float[], float[], int, int, int, boolean)},
 * which also states which rows of dw a sparse backward writes); the fixed-k overloads are that call
 * with {@code offsets[r] = r·k}.
 *
 * <p>Every call validates every argument. Bad arguments throw {@link IllegalArgumentException}
 * (negative sizes, k outside 0..out, offsets negative or decreasing, selected positions out of
 * range or not strictly ascending), {@link IndexOutOfBoundsException} (arrays too short, offsets
 * past the end of idx) or {@link NullPointerException} (a required array is null), each with a
 * message naming the argument. A rejected call writes nothing.
 */
public final class Linear {
    private Linear() {}

    /**
     * {@code y = x·wᵀ + b}; b may be null. Cost: batch·in·out multiply-adds.
     *
     * @param x the layer input, row-major {@code [batch × in]}; read only
     * @param w the weights, row-major {@code [out × in]}; read only
     * @param b the bias, length out, or null for none
     * @param y receives the output, row-major {@code [batch × out]}; overwritten
     * @param batch number of examples (rows of x and y), ≥ 0
     * @param in number of inputs per example (columns of x and w), ≥ 0
     * @param out number of outputs per example (rows of w, columns of y), ≥ 0
     */
    public static void forward(float[] x, float[] w, float[] b, float[] y, int batch, int in, int out) {
        checkForward(x, w, b, y, batch, in, out);
        UncheckedLinear.forward(Parallelism.serial(), x, w, b, y, batch, in, out);
    }

    /**
     * Dense backward: {@code dx = dy·w} (overwritten; dx may be null when the layer's input needs no
     * gradient), {@code dw += dyᵀ·x}, {@code db += Σ_b dy[b, :]} (db may be null).
     * Cost: 2·batch·in·out multiply-adds (batch·in·out without dx).
     *
     * @param x the layer input, row-major {@code [batch × in]}; read only
     * @param w the weights, row-major {@code [out × in]}; read only
     * @param dy the gradient of the loss with respect to y, row-major {@code [batch × out]}; read
     *     only
     * @param dx receives the gradient with respect to x, {@code [batch × in]} (overwritten), or
     *     null to skip it
     * @param dw the weight gradient, {@code [out × in]}, added to
     * @param db the bias gradient, length out, added to (column sums of all of dy), or null to
     *     skip it
     * @param batch number of examples (rows of x, dy and dx), ≥ 0
     * @param in number of inputs per example (columns of x and w), ≥ 0
     * @param out number of outputs per example (rows of w, columns of dy), ≥ 0
     */
    public static void backward(float[] x, float[] w, float[] dy, float[] dx, float[] dw, float[] db,
            int batch, int in, int out) {
        checkBackward(x, w, dy, dx, dw, db, batch, in, out);
        UncheckedLinear.backward(Parallelism.serial(), x, w, dy, dx, dw, db, batch, in, out, true);
    }

    /**
     * meProp per-example sparse backward with a fixed k: example r selects
     * {@code idx[r·k .. r·k+k)}, accumulating into dw and db; the CSR call
     * {@link #backwardSparse(Parallelism, float[], float[], float[], int[], int[], float[], float[], float[], int, int, int, boolean)}
     * with {@code offsets[r] = r·k} (see there for the contract). Positions of each row must be
     * strictly ascending and in 0..out. Cost: 2·batch·k·in multiply-adds instead of 2·batch·out·in.
     *
     * @param x the layer input, row-major {@code [batch × in]}; read only
     * @param w the weights, row-major {@code [out × in]}; read only
     * @param dy the gradient of the loss with respect to y, row-major {@code [batch × out]}; read
     *     only
     * @param idx the selected positions, {@code [batch × k]}: row r's k positions, strictly
     *     ascending in 0..out-1, at {@code idx[r·k .. r·k+k)}
     * @param k number of positions selected per example (0..out)
     * @param dx receives the gradient with respect to x, {@code [batch × in]} (overwritten), or
     *     null to skip it
     * @param dw the weight gradient, {@code [out × in]}, added to (only the selected rows)
     * @param db the bias gradient, length out, added to (column sums of all of dy), or null to
     *     skip it
     * @param batch number of examples (rows of x, dy and dx), ≥ 0
     * @param in number of inputs per example (columns of x and w), ≥ 0
     * @param out number of outputs per example (rows of w, columns of dy), ≥ 0
     */
    public static void backwardSparse(float[] x, float[] w, float[] dy, int[] idx, int k, float[] dx, float[] dw,
            float[] db, int batch, int in, int out) {
        checkSparse(x, w, dy, idx, k, dx, dw, db, batch, in, out);
        UncheckedLinear.backwardSparse(Parallelism.serial(), x, w, dy, idx, k, dx, dw, db, batch, in, out, true);
    }

    /**
     * Above this fraction of selected entries of dY ({@code nnz / (batch·out)}, k/out for a fixed
     * k), the per-example sparse backward runs the dense kernels on the block of dY masked to the
     * selection: the per-example kernel gathers k rows of W per example and scatters into dW row by
     * row, which stops paying off against the register-blocked dense GEMMs at about this fraction:
     * SparseBackwardBench (784 → 500, batch 100, 512-bit) puts the per-example kernel level with
     * the dense backward between k = 134 and k = 160 of 500 (27–32%) in two runs; see
     * docs/training.md.
     */
    public static final double SPARSE_DENSE_CROSSOVER = LinearTask.SPARSE_DENSE_CROSSOVER;

    /**
     * True when the per-example sparse backward with k of out selected rows per example runs the
     * dense kernels ({@code k > SPARSE_DENSE_CROSSOVER · out}); the same as
     * {@link #sparseRunsDense(int, int, int)} with {@code nnz = batch·k} for any batch &gt; 0.
     *
     * @param k number of positions selected per example (0..out)
     * @param out number of outputs per example (the length of a row of dY)
     * @return true when {@code k > SPARSE_DENSE_CROSSOVER · out}, i.e. the dense kernels run
     */
    public static boolean sparseRunsDense(int k, int out) {
        return LinearTask.sparseRunsDense(k, out);
    }

    /**
     * True when the per-example sparse backward of a selection of {@code nnz} entries of a
     * {@code [batch × out]} dY runs the dense kernels: {@code nnz > SPARSE_DENSE_CROSSOVER · batch · out}
     * (never for batch 0). Which branch runs changes nothing a caller can see (see
     * {@link #backwardSparse(Parallelism, float[], float[], float[], int[], int[], float[], float[], float[], int, int, int, boolean)}):
     * this is for benchmarks and tests.
     *
     * @param nnz number of selected entries of dY over the whole batch
     * @param batch number of examples (rows of dY)
     * @param out number of outputs per example (columns of dY)
     * @return true when the dense kernels run, false when the per-example sparse kernels run (always
     *     false for batch 0)
     */
    public static boolean sparseRunsDense(int nnz, int batch, int out) {
        return LinearTask.sparseRunsDense(nnz, batch, out);
    }

    /**
     * meProp unified sparse backward: one shared set {@code idx[0..k)} (strictly ascending, in 0..out)
     * for every example, so {@code dx = dy[:, S]·w[S, :]} and {@code dw[S, :] += dy[:, S]ᵀ·x};
     * db uses all of dy. Cost: 2·batch·k·in multiply-adds.
     *
     * @param x the layer input, row-major {@code [batch × in]}; read only
     * @param w the weights, row-major {@code [out × in]}; read only
     * @param dy the gradient of the loss with respect to y, row-major {@code [batch × out]}; read
     *     only
     * @param idx the shared selection, strictly ascending positions in 0..out-1, in {@code idx[0
     *     .. k)}
     * @param k number of selected positions (0..out)
     * @param dx receives the gradient with respect to x, {@code [batch × in]} (overwritten), or
     *     null to skip it
     * @param dw the weight gradient, {@code [out × in]}, added to (only the selected rows)
     * @param db the bias gradient, length out, added to (column sums of all of dy), or null to
     *     skip it
     * @param batch number of examples (rows of x, dy and dx), ≥ 0
     * @param in number of inputs per example (columns of x and w), ≥ 0
     * @param out number of outputs per example (rows of w, columns of dy), ≥ 0
     */
    public static void backwardUnified(float[] x, float[] w, float[] dy, int[] idx, int k, float[] dx, float[] dw,
            float[] db, int batch, int in, int out) {
        checkUnified(x, w, dy, idx, k, dx, dw, db, batch, in, out);
        UncheckedLinear.backwardUnified(Parallelism.serial(), x, w, dy, idx, k, dx, dw, db, batch, in, out, true);
    }

    /**
     * {@link #forward} with the work split over {@code par}'s threads; same result bit for bit.
     *
     * @param par the threads to split the work over (not null; {@link Parallelism#serial()} for
     *     none)
     * @param x the layer input, row-major {@code [batch × in]}; read only
     * @param w the weights, row-major {@code [out × in]}; read only
     * @param b the bias, length out, or null for none
     * @param y receives the output, row-major {@code [batch × out]}; overwritten
     * @param batch number of examples (rows of x and y), ≥ 0
     * @param in number of inputs per example (columns of x and w), ≥ 0
     * @param out number of outputs per example (rows of w, columns of y), ≥ 0
     */
    public static void forward(Parallelism par, float[] x, float[] w, float[] b, float[] y, int batch, int in,
            int out) {
        Objects.requireNonNull(par, "par");
        checkForward(x, w, b, y, batch, in, out);
        UncheckedLinear.forward(par, x, w, b, y, batch, in, out);
    }

    /**
     * {@link #backward} with the work split over {@code par}'s threads; same result bit for bit.
     *
     * @param par the threads to split the work over (not null; {@link Parallelism#serial()} for
     *     none)
     * @param x the layer input, row-major {@code [batch × in]}; read only
     * @param w the weights, row-major {@code [out × in]}; read only
     * @param dy the gradient of the loss with respect to y, row-major {@code [batch × out]}; read
     *     only
     * @param dx receives the gradient with respect to x, {@code [batch × in]} (overwritten), or
     *     null to skip it
     * @param dw the weight gradient, {@code [out × in]}, added to
     * @param db the bias gradient, length out, added to (column sums of all of dy), or null to
     *     skip it
     * @param batch number of examples (rows of x, dy and dx), ≥ 0
     * @param in number of inputs per example (columns of x and w), ≥ 0
     * @param out number of outputs per example (rows of w, columns of dy), ≥ 0
     */
    public static void backward(Parallelism par, float[] x, float[] w, float[] dy, float[] dx, float[] dw,
            float[] db, int batch, int in, int out) {
        backward(par, x, w, dy, dx, dw, db, batch, in, out, true);
    }

    /**
     * {@link #backward} over {@code par}'s threads; with {@code accumulate == false} dw and db are
     * overwritten ({@code dw = dyᵀ·x}, {@code db = Σ_b dy[b, :]}): the same bits as clearing them
     * first and accumulating, without the extra pass over dw.
     *
     * @param par the threads to split the work over (not null; {@link Parallelism#serial()} for
     *     none)
     * @param x the layer input, row-major {@code [batch × in]}; read only
     * @param w the weights, row-major {@code [out × in]}; read only
     * @param dy the gradient of the loss with respect to y, row-major {@code [batch × out]}; read
     *     only
     * @param dx receives the gradient with respect to x, {@code [batch × in]} (overwritten), or
     *     null to skip it
     * @param dw the weight gradient, {@code [out × in]}: added to, or overwritten when accumulate
     *     is false
     * @param db the bias gradient, length out (column sums of all of dy): added to, or overwritten
     *     when accumulate is false; null to skip it
     * @param batch number of examples (rows of x, dy and dx), ≥ 0
     * @param in number of inputs per example (columns of x and w), ≥ 0
     * @param out number of outputs per example (rows of w, columns of dy), ≥ 0
     * @param accumulate true to add to dw and db, false to overwrite them and db
     */
    public static void backward(Parallelism par, float[] x, float[] w, float[] dy, float[] dx, float[] dw,
            float[] db, int batch, int in, int out, boolean accumulate) {
        Objects.requireNonNull(par, "par");
        checkBackward(x, w, dy, dx, dw, db, batch, in, out);
        UncheckedLinear.backward(par, x, w, dy, dx, dw, db, batch, in, out, accumulate);
    }

    /**
     * {@link #backwardSparse(float[], float[], float[], int[], int, float[], float[], float[], int, int, int)}
     * with the work split over {@code par}'s threads; same result bit for bit.
     *
     * @param par the threads to split the work over (not null; {@link Parallelism#serial()} for
     *     none)
     * @param x the layer input, row-major {@code [batch × in]}; read only
     * @param w the weights, row-major {@code [out × in]}; read only
     * @param dy the gradient of the loss with respect to y, row-major {@code [batch × out]}; read
     *     only
     * @param idx the selected positions, {@code [batch × k]}: row r's k positions, strictly
     *     ascending in 0..out-1, at {@code idx[r·k .. r·k+k)}
     * @param k number of positions selected per example (0..out)
     * @param dx receives the gradient with respect to x, {@code [batch × in]} (overwritten), or
     *     null to skip it
     * @param dw the weight gradient, {@code [out × in]}, added to (only the selected rows)
     * @param db the bias gradient, length out, added to (column sums of all of dy), or null to
     *     skip it
     * @param batch number of examples (rows of x, dy and dx), ≥ 0
     * @param in number of inputs per example (columns of x and w), ≥ 0
     * @param out number of outputs per example (rows of w, columns of dy), ≥ 0
     */
    public static void backwardSparse(Parallelism par, float[] x, float[] w, float[] dy, int[] idx, int k,
            float[] dx, float[] dw, float[] db, int batch, int in, int out) {
        backwardSparse(par, x, w, dy, idx, k, dx, dw, db, batch, in, out, true);
    }

    /**
     * The per-example sparse backward with a fixed k, example r selecting {@code idx[r·k .. r·k+k)}:
     * the CSR call below with {@code offsets[r] = r·k} (built in per-thread scratch), same contract.
     *
     * @param par the threads to split the work over (not null; {@link Parallelism#serial()} for
     *     none)
     * @param x the layer input, row-major {@code [batch × in]}; read only
     * @param w the weights, row-major {@code [out × in]}; read only
     * @param dy the gradient of the loss with respect to y, row-major {@code [batch × out]}; read
     *     only
     * @param idx the selected positions, {@code [batch × k]}: row r's k positions, strictly
     *     ascending in 0..out-1, at {@code idx[r·k .. r·k+k)}
     * @param k number of positions selected per example (0..out)
     * @param dx receives the gradient with respect to x, {@code [batch × in]} (overwritten), or
     *     null to skip it
     * @param dw the weight gradient, {@code [out × in]}: added to, or overwritten when accumulate
     *     is false (only the selected rows are written)
     * @param db the bias gradient, length out (column sums of all of dy): added to, or overwritten
     *     when accumulate is false; null to skip it
     * @param batch number of examples (rows of x, dy and dx), ≥ 0
     * @param in number of inputs per example (columns of x and w), ≥ 0
     * @param out number of outputs per example (rows of w, columns of dy), ≥ 0
     * @param accumulate true to add to dw and db, false to overwrite the rows of dw it writes and
     *     db
     */
    public static void backwardSparse(Parallelism par, float[] x, float[] w, float[] dy, int[] idx, int k,
            float[] dx, float[] dw, float[] db, int batch, int in, int out, boolean accumulate) {
        Objects.requireNonNull(par, "par");
        checkSparse(x, w, dy, idx, k, dx, dw, db, batch, in, out);
        UncheckedLinear.backwardSparse(par, x, w, dy, idx, k, dx, dw, db, batch, in, out, accumulate);
    }

    /**
     * meProp per-example sparse backward with a selection in compressed sparse rows: example r
     * selected the positions {@code S_r = idx[offsets[r] .. offsets[r+1])} of its row of dY
     * (strictly ascending, in 0..out; k_r = offsets[r+1] − offsets[r] may differ between examples
     * and be 0). As if every other entry of dY were zero:
     * <pre>
     * dx[r, :] = Σ_{j ∈ S_r} dy[r, j]·w[j, :]                 (overwritten; dx may be null)
     * dw[j, :] (+)= Σ_{r : j ∈ S_r} dy[r, j]·x[r, :]          for every j in U = ∪_r S_r
     * db[j]    (+)= Σ_r dy[r, j]                             (all of dY; db may be null)
     * </pre>
     * <b>Which rows are written.</b> With {@code accumulate == false}, every row of dw in U is
     * overwritten with its gradient, and the rows no example selected are <em>not written</em>;
     * db is overwritten with the full column sums. With {@code accumulate == true} the same rows
     * and db are added to. This holds in both branches of the kernel: the sparse kernels, and above
     * {@link #sparseRunsDense(int, int, int)} the dense kernels on the block of dY masked to the
     * selection and restricted to the columns in U. Both compute every element with the same
     * fused multiply-add chains in the same order (the dense branch adds exact zeros for the
     * entries a row's examples did not select), so they give the same result (for finite x and w),
     * and a caller never needs to know which one ran.
     *
     * <p>{@code offsets} needs at least batch + 1 entries, non-decreasing from
     * {@code offsets[0] ≥ 0} to {@code offsets[batch] ≤ idx.length}. Every call validates every
     * selected position (O(nnz)). Cost: 2·nnz·in multiply-adds (nnz = offsets[batch] −
     * offsets[0]) plus O(nnz + out) bookkeeping; above the crossover 2·batch·|U|·in. The split over
     * {@code par}'s threads gives the same result bit for bit for any thread count.
     *
     * @param par the threads to split the work over (not null; {@link Parallelism#serial()} for
     *     none)
     * @param x the layer input, row-major {@code [batch × in]}; read only
     * @param w the weights, row-major {@code [out × in]}; read only
     * @param dy the gradient of the loss with respect to y, row-major {@code [batch × out]}; read
     *     only
     * @param offsets the row starts into idx, at least batch + 1 entries, non-decreasing, {@code
     *     offsets[0] ≥ 0} and {@code offsets[batch] ≤ idx.length}
     * @param idx the selected positions of all examples, packed; example r's, strictly ascending
     *     in 0..out-1, at {@code idx[offsets[r] .. offsets[r+1])}
     * @param dx receives the gradient with respect to x, {@code [batch × in]} (overwritten), or
     *     null to skip it
     * @param dw the weight gradient, {@code [out × in]}: added to, or overwritten when accumulate
     *     is false (only the selected rows are written)
     * @param db the bias gradient, length out (column sums of all of dy): added to, or overwritten
     *     when accumulate is false; null to skip it
     * @param batch number of examples (rows of x, dy and dx), ≥ 0
     * @param in number of inputs per example (columns of x and w), ≥ 0
     * @param out number of outputs per example (rows of w, columns of dy), ≥ 0
     * @param accumulate true to add to dw and db, false to overwrite the rows of dw it writes and
     *     db
     */
    public static void backwardSparse(Parallelism par, float[] x, float[] w, float[] dy, int[] offsets, int[] idx,
            float[] dx, float[] dw, float[] db, int batch, int in, int out, boolean accumulate) {
        Objects.requireNonNull(par, "par");
        checkBackward(x, w, dy, dx, dw, db, batch, in, out);
        checkCsr(offsets, idx, batch, out);
        UncheckedLinear.backwardSparse(par, x, w, dy, offsets, idx, dx, dw, db, batch, in, out, accumulate);
    }

    /**
     * {@link #backwardUnified} with the work split over {@code par}'s threads; same result bit for bit.
     *
     * @param par the threads to split the work over (not null; {@link Parallelism#serial()} for
     *     none)
     * @param x the layer input, row-major {@code [batch × in]}; read only
     * @param w the weights, row-major {@code [out × in]}; read only
     * @param dy the gradient of the loss with respect to y, row-major {@code [batch × out]}; read
     *     only
     * @param idx the shared selection, strictly ascending positions in 0..out-1, in {@code idx[0
     *     .. k)}
     * @param k number of selected positions (0..out)
     * @param dx receives the gradient with respect to x, {@code [batch × in]} (overwritten), or
     *     null to skip it
     * @param dw the weight gradient, {@code [out × in]}, added to (only the selected rows)
     * @param db the bias gradient, length out, added to (column sums of all of dy), or null to
     *     skip it
     * @param batch number of examples (rows of x, dy and dx), ≥ 0
     * @param in number of inputs per example (columns of x and w), ≥ 0
     * @param out number of outputs per example (rows of w, columns of dy), ≥ 0
     */
    public static void backwardUnified(Parallelism par, float[] x, float[] w, float[] dy, int[] idx, int k,
            float[] dx, float[] dw, float[] db, int batch, int in, int out) {
        backwardUnified(par, x, w, dy, idx, k, dx, dw, db, batch, in, out, true);
    }

    /**
     * {@link #backwardUnified} over {@code par}'s threads; with {@code accumulate == false} the k
     * selected rows of dw and all of db are overwritten; the other rows of dw are not written.
     *
     * @param par the threads to split the work over (not null; {@link Parallelism#serial()} for
     *     none)
     * @param x the layer input, row-major {@code [batch × in]}; read only
     * @param w the weights, row-major {@code [out × in]}; read only
     * @param dy the gradient of the loss with respect to y, row-major {@code [batch × out]}; read
     *     only
     * @param idx the shared selection, strictly ascending positions in 0..out-1, in {@code idx[0
     *     .. k)}
     * @param k number of selected positions (0..out)
     * @param dx receives the gradient with respect to x, {@code [batch × in]} (overwritten), or
     *     null to skip it
     * @param dw the weight gradient, {@code [out × in]}: added to, or overwritten when accumulate
     *     is false (only the selected rows are written)
     * @param db the bias gradient, length out (column sums of all of dy): added to, or overwritten
     *     when accumulate is false; null to skip it
     * @param batch number of examples (rows of x, dy and dx), ≥ 0
     * @param in number of inputs per example (columns of x and w), ≥ 0
     * @param out number of outputs per example (rows of w, columns of dy), ≥ 0
     * @param accumulate true to add to dw and db, false to overwrite the rows of dw it writes and
     *     db
     */
    public static void backwardUnified(Parallelism par, float[] x, float[] w, float[] dy, int[] idx, int k,
            float[] dx, float[] dw, float[] db, int batch, int in, int out, boolean accumulate) {
        Objects.requireNonNull(par, "par");
        checkUnified(x, w, dy, idx, k, dx, dw, db, batch, in, out);
        UncheckedLinear.backwardUnified(par, x, w, dy, idx, k, dx, dw, db, batch, in, out, accumulate);
    }

    private static void checkForward(float[] x, float[] w, float[] b, float[] y, int batch, int in, int out) {
        checkShapes(batch, in, out);
        Checks.length("x", x, (long) batch * in);
        Checks.length("w", w, (long) out * in);
        if (b != null) {
            Checks.length("b", b, out);
        }
        Checks.length("y", y, (long) batch * out);
    }

    private static void checkSparse(float[] x, float[] w, float[] dy, int[] idx, int k, float[] dx, float[] dw,
            float[] db, int batch, int in, int out) {
        checkBackward(x, w, dy, dx, dw, db, batch, in, out);
        Checks.k(k, out, "out");
        Checks.length("idx", idx, (long) batch * k);
        for (int r = 0; r < batch; r++) {
            checkAscending(idx, r * k, k, out, r);
        }
    }

    private static void checkCsr(int[] offsets, int[] idx, int batch, int out) {
        Checks.length("offsets", offsets, (long) batch + 1);
        Objects.requireNonNull(idx, "idx");
        if (offsets[0] < 0) {
            throw new IllegalArgumentException("offsets[0] = " + offsets[0] + " must be >= 0");
        }
        for (int r = 0; r < batch; r++) {
            if (offsets[r + 1] < offsets[r]) {
                throw new IllegalArgumentException("offsets[" + (r + 1) + "] = " + offsets[r + 1] + " is below offsets["
                        + r + "] = " + offsets[r] + ": offsets must be non-decreasing");
            }
        }
        if (offsets[batch] > idx.length) {
            throw new IndexOutOfBoundsException("offsets[" + batch + "] = " + offsets[batch] + " exceeds the length of"
                    + " idx (" + idx.length + ")");
        }
        for (int r = 0; r < batch; r++) {
            checkAscending(idx, offsets[r], offsets[r + 1] - offsets[r], out, r);
        }
    }

    private static void checkUnified(float[] x, float[] w, float[] dy, int[] idx, int k, float[] dx, float[] dw,
            float[] db, int batch, int in, int out) {
        checkBackward(x, w, dy, dx, dw, db, batch, in, out);
        Checks.k(k, out, "out");
        Checks.length("idx", idx, k);
        checkAscending(idx, 0, k, out, -1);
    }

    private static void checkShapes(int batch, int in, int out) {
        Checks.size("batch", batch);
        Checks.size("in", in);
        Checks.size("out", out);
    }

    private static void checkBackward(float[] x, float[] w, float[] dy, float[] dx, float[] dw, float[] db,
            int batch, int in, int out) {
        checkShapes(batch, in, out);
        Checks.length("x", x, (long) batch * in);
        Checks.length("w", w, (long) out * in);
        Checks.length("dy", dy, (long) batch * out);
        if (dx != null) {
            Checks.length("dx", dx, (long) batch * in);
        }
        Checks.length("dw", dw, (long) out * in);
        if (db != null) {
            Checks.length("db", db, out);
        }
    }

    private static void checkAscending(int[] idx, int from, int k, int out, int row) {
        int prev = -1;
        for (int i = from; i < from + k; i++) {
            int j = idx[i];
            if (j <= prev || j >= out) {
                String where = row < 0 ? "idx[" + i + "]" : "idx[" + i + "] (example " + row + ")";
                throw new IllegalArgumentException(where + " = " + j + ": selected positions must be strictly"
                        + " ascending and in 0.." + (out - 1));
            }
            prev = j;
        }
    }
}
