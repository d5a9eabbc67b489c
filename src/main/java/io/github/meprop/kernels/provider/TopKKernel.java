package io.github.meprop.kernels.provider;

/**
 * Top-k selection by magnitude. Implementations trust their arguments: the public facade
 * {@link io.github.meprop.kernels.TopK} validates them first and states the contract.
 */
public interface TopKKernel {

    /** Positions (relative to off, ascending) of the k largest |v[off..off+n)| into idx[idxOff..idxOff+k). */
    void select(float[] v, int off, int n, int k, int[] idx, int idxOff);

    /** {@link #select} for each row of a row-major [rows × n] matrix; row r's positions go to idx[r*k..r*k+k). */
    void selectRows(float[] m, int rows, int n, int k, int[] idx);

    /** One shared set of k columns ranked by the column sums of |m|, into idx[0..k), ascending. */
    void selectUnified(float[] m, int rows, int n, int k, int[] idx);

    /**
     * Adaptive k per row of a row-major [rows × n] matrix: the smallest k_r in [kMin, kMax] whose
     * k_r largest |m[r, :]| reach {@code mass} of the row's total (kMax if none, or if the total is
     * not finite); row r's positions (those of {@code select(k_r)}, ascending) go to
     * {@code idx[offsets[r] .. offsets[r+1])}, {@code offsets[0] = 0}.
     */
    void selectMass(float[] m, int rows, int n, float mass, int kMin, int kMax, int[] offsets, int[] idx);
}
