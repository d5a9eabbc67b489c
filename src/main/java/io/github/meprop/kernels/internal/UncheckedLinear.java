package io.github.meprop.kernels.internal;

import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.provider.KernelProvider;
import io.github.meprop.kernels.provider.LinearKernel;

/**
 * {@link io.github.meprop.kernels.Linear} without the argument checks, for the library's own
 * per-step path, which has validated its shapes and selections once: the same operations with the
 * same contracts and results (see {@code Linear} for each), on this JVM's kernels. A wrong call
 * may throw whatever the JVM throws (an index out of bounds, a null pointer) or compute garbage;
 * it is never checked. Not exported from the module.
 */
public final class UncheckedLinear {
    private static final LinearKernel IMPL = KernelProvider.get().linear();

    private UncheckedLinear() {}

    /** {@code y = x·wᵀ + b} (b may be null), split over {@code par}'s threads. */
    public static void forward(Parallelism par, float[] x, float[] w, float[] b, float[] y, int batch, int in,
            int out) {
        LinearTask.forward(IMPL, par, x, w, b, y, batch, in, out);
    }

    /** Dense backward; {@code accumulate == false} overwrites dw and db instead of adding to them. */
    public static void backward(Parallelism par, float[] x, float[] w, float[] dy, float[] dx, float[] dw,
            float[] db, int batch, int in, int out, boolean accumulate) {
        LinearTask.backward(IMPL, par, x, w, dy, dx, dw, db, batch, in, out, accumulate);
    }

    /**
     * Per-example sparse backward, example r selecting {@code idx[offsets[r] .. offsets[r+1])}
     * (CSR); with {@code accumulate == false} the selected rows of dw (in both the sparse and the
     * dense-crossover branch) and db are overwritten, and the rows no example selected are not
     * written.
     */
    public static void backwardSparse(Parallelism par, float[] x, float[] w, float[] dy, int[] offsets, int[] idx,
            float[] dx, float[] dw, float[] db, int batch, int in, int out, boolean accumulate) {
        LinearTask.backwardSparse(IMPL, par, x, w, dy, offsets, idx, dx, dw, db, batch, in, out, accumulate);
    }

    /** Per-example sparse backward with k entries per example, {@code idx[r·k .. r·k+k)}. */
    public static void backwardSparse(Parallelism par, float[] x, float[] w, float[] dy, int[] idx, int k,
            float[] dx, float[] dw, float[] db, int batch, int in, int out, boolean accumulate) {
        LinearTask.backwardSparse(IMPL, par, x, w, dy, idx, k, dx, dw, db, batch, in, out, accumulate);
    }

    /** True when a selection of nnz entries of a {@code [batch × out]} dY runs the dense kernels. */
    public static boolean sparseRunsDense(int nnz, int batch, int out) {
        return LinearTask.sparseRunsDense(nnz, batch, out);
    }

    /** Unified sparse backward: one shared, strictly ascending set {@code idx[0 .. k)}. */
    public static void backwardUnified(Parallelism par, float[] x, float[] w, float[] dy, int[] idx, int k,
            float[] dx, float[] dw, float[] db, int batch, int in, int out, boolean accumulate) {
        LinearTask.backwardUnified(IMPL, par, x, w, dy, idx, k, dx, dw, db, batch, in, out, accumulate);
    }
}
