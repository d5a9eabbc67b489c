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
}
