package io.github.meprop.kernels.provider;

import io.github.meprop.kernels.scalar.SparseScratch;

/**
 * The per-example sparse gradients of meProp, row-major: W is {@code [out × in]}, X is
 * {@code [batch × in]}, dY is {@code [batch × out]}, and example r keeps only the entries
 * {@code dy[r, j]} for j in its selection S_r. Implementations trust their arguments.
 *
 * <p>Selections are compressed sparse rows (CSR): example r selected the positions
 * {@code idx[offsets[r] .. offsets[r+1])}, strictly ascending, in 0..out; k may differ between
 * examples, and a row may be empty ({@code offsets[r] == offsets[r+1]}). A fixed k per example is
 * {@code offsets[r] = r·k}.
 *
 * <p>Summation order, shared by both implementations, so that they agree exactly: every element is
 * one fused multiply-add chain in ascending order of the reduction index (the selected positions of
 * the example for dx, the examples for dw), starting from +0 (dx, and dw when overwriting) or from
 * the old value (dw when accumulating). These are the chains of the dense kernels on a copy of dY
 * whose unselected entries are zero, without the zero terms.
 */
public interface SparseGradKernel {

    /**
     * {@code dx[r, :] = Σ_p dy[r, idx[p]]·w[idx[p], :]} over p in {@code [offsets[r], offsets[r+1])},
     * for r in {@code [r0, r1)}, overwriting dx (an empty selection gives a row of +0).
     * Cost: (offsets[r1] - offsets[r0])·in multiply-adds.
     */
    void sparseInputGrad(float[] dy, int[] offsets, int[] idx, float[] w, float[] dx, int in, int out, int r0,
            int r1);

    /**
     * The weight gradient restricted to the rows j in {@code [j0, j1)}:
     * {@code dw[j, :] += Σ_{r : j ∈ S_r} dy[r, j]·x[r, :]}, examples in ascending order. The pairs
     * (r, j) are first grouped by row (a counting sort, O(selected pairs), in the calling thread's
     * {@link SparseScratch}), so each selected row of dw is read and written once. With
     * {@code add == false} every row that some example selected is overwritten (its chain starts
     * from +0); rows no example selected are not written at all.
     * Cost: (number of selected pairs in the range)·in multiply-adds.
     */
    void sparseWeightGrad(float[] x, float[] dy, int[] offsets, int[] idx, float[] dw, int batch, int in, int out,
            int j0, int j1, boolean add);
}
