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
     *
     * @param v the values to select from
     * @param off start of the values in {@code v}
     * @param n number of values, ≥ 0
     * @param k number of positions to select (0..n)
     * @param idx receives the k positions, relative to {@code off}, ascending
     * @param idxOff where in {@code idx} the positions are written
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
     *
     * @param m the matrix, row-major {@code [rows × n]}
     * @param rows number of rows, ≥ 0
     * @param n number of columns (entries per row), ≥ 0
     * @param k number of positions selected per row (0..n)
     * @param idx receives the positions, {@code [rows × k]}: row r's ascending column indices at
     *     {@code idx[r*k .. r*k+k)}; needs at least rows·k entries
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
     *
     * @param m the matrix, row-major {@code [rows × n]}
     * @param rows number of rows, ≥ 0
     * @param n number of columns, ≥ 0
     * @param k number of columns selected (0..n)
     * @param idx receives the k selected column indices, ascending, in {@code idx[0 .. k)}
     */
    public static void selectUnified(float[] m, int rows, int n, int k, int[] idx) {
        Checks.size("rows", rows);
        Checks.size("n", n);
        Checks.k(k, n, "n");
        Checks.length("m", m, (long) rows * n);
        Checks.length("idx", idx, k);
        UncheckedTopK.selectUnified(m, rows, n, k, idx);
    }

    /**
     * Adaptive k per example: for each row r of a row-major {@code [rows × n]} matrix, the smallest
     * k_r in {@code [kMin, kMax]} whose k_r largest magnitudes carry at least the fraction
     * {@code mass} of the row's total magnitude, and those positions.
     *
     * <p>Precisely, with floats: the row total is {@code T_r = Σ_j |m[r, j]|} summed in a fixed,
     * width-independent order (16 partial sums, element j added to partial j mod 16 in ascending
     * j, then a fixed folding tree: {@code p[q] += p[q + h]} for h = 8, 4, 2, 1); the running sum
     * {@code s_k} adds the k largest magnitudes in float, largest first (s_0 = 0); k_r is the
     * smallest k in [kMin, kMax] with {@code s_k ≥ mass · T_r} (the product in float), or kMax if
     * there is none, and kMax when T_r is NaN or infinite (a NaN or an infinity in the row, or an
     * overflow). Rounding can leave {@code s_n} a little below {@code T_r}, so with mass = 1 a row
     * may get kMax although fewer entries are non-zero; mass = 0 gives kMin.
     *
     * <p>The positions of row r are exactly those {@link #select} chooses for k = k_r (ties to the
     * lower position, NaN above every number, ±0 equal), ascending, in
     * {@code idx[offsets[r] .. offsets[r+1])}, with {@code offsets[0] = 0} and
     * {@code offsets[r+1] = offsets[r] + k_r}: the CSR selection that
     * {@link Linear#backwardSparse(Parallelism, float[], float[], float[], int[], int[], float[], float[], float[], int, int, int, boolean)}
     * takes. {@code offsets} needs rows + 1 entries and idx room for rows·kMax (the rows are
     * packed, so usually less is used). Identical on the SIMD (any width) and plain-Java paths.
     *
     * <p>Cost per row: one pass summing the row, {@link #select} of kMax, a sort of those kMax keys
     * (O(kMax log kMax)) and one pass over them; with kMin == kMax just the select.
     *
     * @param m the matrix, row-major {@code [rows × n]}
     * @param rows number of rows, ≥ 0
     * @param n number of columns (entries per row), ≥ 0
     * @param mass fraction of a row's total magnitude the selection must carry, in [0, 1]
     * @param kMin fewest positions selected per row (0..kMax)
     * @param kMax most positions selected per row (0..n)
     * @param offsets receives the CSR row starts, rows + 1 entries ({@code offsets[0] = 0})
     * @param idx receives the selected positions of all rows, packed; needs rows·kMax entries
     * @throws IllegalArgumentException rows or n negative, kMax outside 0..n, kMin outside
     *     0..kMax, mass outside [0, 1] (or NaN)
     */
    public static void selectMass(float[] m, int rows, int n, float mass, int kMin, int kMax, int[] offsets,
            int[] idx) {
        Checks.size("rows", rows);
        Checks.size("n", n);
        if (kMax < 0 || kMax > n) {
            throw new IllegalArgumentException("kMax must be in 0..n (" + n + "), was " + kMax);
        }
        if (kMin < 0 || kMin > kMax) {
            throw new IllegalArgumentException("kMin must be in 0..kMax (" + kMax + "), was " + kMin);
        }
        if (!(mass >= 0f && mass <= 1f)) {
            throw new IllegalArgumentException("mass must be in [0, 1], was " + mass);
        }
        Checks.length("m", m, (long) rows * n);
        Checks.length("offsets", offsets, (long) rows + 1);
        Checks.length("idx", idx, (long) rows * kMax);
        UncheckedTopK.selectMass(m, rows, n, mass, kMin, kMax, offsets, idx);
    }
}
