package io.github.meprop.kernels.internal;

import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.provider.KernelProvider;
import io.github.meprop.kernels.provider.TopKKernel;

/**
 * {@link io.github.meprop.kernels.TopK} without the argument checks, for the library's own
 * per-step path: the same selections with the same contract and results (see {@code TopK}), on
 * this JVM's kernels. A wrong call may throw whatever the JVM throws or compute garbage; it is
 * never checked. Not exported from the module.
 */
public final class UncheckedTopK {
    private static final TopKKernel IMPL = KernelProvider.get().topK();

    private UncheckedTopK() {}

    /** Positions of the k largest |v[off .. off+n)|, ascending, into {@code idx[idxOff .. idxOff+k)}. */
    public static void select(float[] v, int off, int n, int k, int[] idx, int idxOff) {
        IMPL.select(v, off, n, k, idx, idxOff);
    }

    /** {@link #select} for each row of a row-major {@code [rows × n]} matrix, row r into {@code idx[r·k ..)}. */
    public static void selectRows(float[] m, int rows, int n, int k, int[] idx) {
        IMPL.selectRows(m, rows, n, k, idx);
    }

    /**
     * {@link #selectRows(float[], int, int, int, int[])} with the rows split over {@code par}'s
     * threads (each row's selection is computed alone, so the result does not depend on the split).
     */
    public static void selectRows(Parallelism par, float[] m, int rows, int n, int k, int[] idx) {
        TopKRowsTask.selectRows(IMPL, par, m, rows, n, k, idx);
    }

    /** One shared set of k columns ranked by the column sums of |m|, into {@code idx[0 .. k)}. */
    public static void selectUnified(float[] m, int rows, int n, int k, int[] idx) {
        IMPL.selectUnified(m, rows, n, k, idx);
    }

    /**
     * Adaptive k per row: the smallest k_r in [kMin, kMax] whose k_r largest |m[r, :]| reach
     * {@code mass} of the row's total, positions into {@code idx[offsets[r] .. offsets[r+1])}.
     */
    public static void selectMass(float[] m, int rows, int n, float mass, int kMin, int kMax, int[] offsets,
            int[] idx) {
        IMPL.selectMass(m, rows, n, mass, kMin, kMax, offsets, idx);
    }
}
