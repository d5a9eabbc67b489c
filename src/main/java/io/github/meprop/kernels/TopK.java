package io.github.meprop.kernels;

import io.github.meprop.kernels.internal.UncheckedTopK;

/**
 * Top-k selection by magnitude: the selection step of every meProp backward pass.
 *
 * <p>Contract shared by every method: the k entries with the largest |v| are chosen; a NaN ranks
 * above every number; +0 and -0 are equal; ties at the boundary go to the lower position. The
 * chosen positions are written in ascending order. {@code k == 0} selects nothing and
 * {@code k == n} selects everything. Results are deterministic and identical on the SIMD and the
 * plain-Java paths.
 *
 * <p>Bad arguments throw {@link IllegalArgumentException} (negative sizes, k outside 0..n),
 * {@link IndexOutOfBoundsException} (arrays too short) or {@link NullPointerException} (null arrays),
 * each with a message naming the argument.
 */
public final class TopK {
    private TopK() {}

    /**
     * Writes to {@code idx[idxOff .. idxOff+k)} the positions (0-based, relative to {@code off}) of
     * the k entries of {@code v[off .. off+n)} with the largest magnitude, in ascending order.
     */
    public static void select(float[] v, int off, int n, int k, int[] idx, int idxOff) {
        Checks.size("n", n);
        Checks.k(k, n, "n");
        Checks.range("v", v, off, n);
        Checks.range("idx", idx, idxOff, k);
        UncheckedTopK.select(v, off, n, k, idx, idxOff);
    }

    /**
     * {@link #select} for each row of a row-major {@code [rows × n]} matrix; row r's positions go to
     * {@code idx[r*k .. r*k+k)}.
     */
    public static void selectRows(float[] m, int rows, int n, int k, int[] idx) {
        Checks.size("rows", rows);
        Checks.size("n", n);
        Checks.k(k, n, "n");
        Checks.length("m", m, (long) rows * n);
        Checks.length("idx", idx, (long) rows * k);
        UncheckedTopK.selectRows(m, rows, n, k, idx);
    }

    /**
     * One shared set of k columns of a row-major {@code [rows × n]} matrix, ranked by the column sums
     * Σ_r |m[r, j]| (same tie and NaN rules), written to {@code idx[0 .. k)} in ascending order.
     */
    public static void selectUnified(float[] m, int rows, int n, int k, int[] idx) {
        Checks.size("rows", rows);
        Checks.size("n", n);
        Checks.k(k, n, "n");
        Checks.length("m", m, (long) rows * n);
        Checks.length("idx", idx, k);
        UncheckedTopK.selectUnified(m, rows, n, k, idx);
    }
}
