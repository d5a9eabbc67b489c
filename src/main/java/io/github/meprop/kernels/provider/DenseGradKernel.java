package io.github.meprop.kernels.provider;

/**
 * The dense gradients of a linear layer, row-major: W is {@code [out × in]}, X is
 * {@code [batch × in]}, dY is {@code [batch × out]}. The same two kernels serve the dense backward
 * ({@code g = dy}, every row of W) and every backward that first gathers a block of dY's columns
 * with the list of the rows of W they belong to (the unified selection, and the dense crossover of
 * the per-example selection). Implementations trust their arguments.
 *
 * <p>Each kernel works on a range of its output (rows of dX, rows of dW, entries of db) so that a
 * caller can split one operation over threads; each output element is computed by exactly one call
 * with an operation order that does not depend on the range bounds, so any split gives the same
 * result bit for bit.
 *
 * <p>Summation order, shared by both implementations, so that they agree exactly: every element of
 * dx and dw is one fused multiply-add chain over the reduction index in ascending order
 * ({@code acc = fma(g, v, acc)}), starting from +0 (dx, and dw when overwriting) or from the old
 * value (dw when accumulating); db is {@code db[j] + dy[0, j] + dy[1, j] + ...} in row order.
 */
public interface DenseGradKernel {

    /**
     * {@code dx[r, :] = Σ_t g[r·ldg + t]·w[row(t), :]} for t in {@code [0, k)} and r in
     * {@code [r0, r1)}, overwriting dx; {@code row(t) = rows[t]}, or t when rows is null. The dense
     * backward passes {@code g = dy, ldg = out, k = out, rows = null}; a gathered block
     * {@code dy[:, S]} is passed with {@code ldg = k} and {@code rows = S}.
     * Cost: (r1-r0)·k·in multiply-adds.
     */
    void inputGrad(float[] g, int ldg, int[] rows, int k, float[] w, float[] dx, int in, int r0, int r1);

    /**
     * {@code dw[row(t), :] += Σ_r g[r·ldg + t]·x[r, :]} over the examples r in {@code [0, batch)},
     * for t in {@code [t0, t1)}; {@code row(t)} as in {@link #inputGrad}. With {@code add == false}
     * the rows are overwritten instead: the chains start from +0 rather than from the old dw, which
     * gives the same bits as clearing dw first and adding (and saves that pass over memory).
     * Cost: batch·(t1-t0)·in multiply-adds.
     */
    void weightGrad(float[] g, int ldg, int[] rows, float[] x, float[] dw, int batch, int in, int t0, int t1,
            boolean add);

    /**
     * {@code db[j] += Σ_r dy[r, j]} for j in {@code [j0, j1)}; with {@code add == false} the sums
     * start from +0 and overwrite db. Cost: batch·(j1-j0) additions.
     */
    void biasGrad(float[] dy, float[] db, int batch, int out, int j0, int j1, boolean add);
}
