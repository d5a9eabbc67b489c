package io.github.meprop.kernels.provider;

import io.github.meprop.kernels.scalar.SparseScratch;

/**
 * Dense and sparse linear-layer kernels, row-major: W is {@code [out × in]}, X is
 * {@code [batch × in]}, Y and dY are {@code [batch × out]}. Implementations trust their
 * arguments: the public facade {@link io.github.meprop.kernels.Linear} validates them first and
 * states the contract.
 *
 * <p>The primitives work on a range of the output (rows of W, columns of Y, or rows of dX) so that
 * a caller can split one operation over threads. Each output element is computed by exactly one
 * call with an operation order that does not depend on the range bounds, so any split gives the
 * same result bit for bit. The whole-operation methods at the end are the serial compositions.
 *
 * <p>Summation orders, shared by both implementations so that they agree exactly where stated:
 * <ul>
 *   <li>{@code inputGrad}, {@code weightGrad}, {@code sparseInputGrad}, {@code sparseWeightGrad}:
 *       each element is one fused multiply-add chain over the reduction index in ascending order
 *       ({@code acc = fma(g, v, acc)}), starting from 0 (dx) or from the old value (dw). The SIMD
 *       and plain-Java kernels therefore give identical results.</li>
 *   <li>{@code biasGrad}: {@code db[j] + dy[0, j] + dy[1, j] + ...} in row order; identical too.</li>
 *   <li>{@code forward}: {@code fma} chain over {@code in} in index order from 0, then + b: the
 *       plain-Java kernel for every example, the SIMD kernel for the first
 *       {@code batch - batch % lanes} examples (identical results there). The SIMD kernel's last
 *       {@code batch % lanes} examples (all of them when batch &lt; lanes, e.g. GEMV) use a
 *       lane-split dot product that differs by rounding only (about 1e-7 of Σ|x·w|). Which order
 *       an output gets depends on batch and the width, never on the range split or the thread.</li>
 * </ul>
 */
public interface LinearKernel {

    /**
     * {@code y[r, j] = Σ_i x[r, i]·w[j, i] + b[j]} for every example r and output j in
     * {@code [j0, j1)}; b may be null. Cost: batch·in·(j1-j0) multiply-adds.
     */
    void forward(float[] x, float[] w, float[] b, float[] y, int batch, int in, int out, int j0, int j1);

    /**
     * {@code dx[r, :] = Σ_t g[r·ldg + t]·w[row(t), :]} for t in {@code [0, k)} and r in
     * {@code [r0, r1)}, overwriting dx; {@code row(t) = rows[t]}, or t when rows is null. The dense
     * backward passes {@code g = dy, ldg = out, k = out, rows = null}; the unified sparse backward
     * passes the gathered block {@code dy[:, S]} with {@code ldg = k} and {@code rows = S}.
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

    /**
     * Per-example sparse input gradient: {@code dx[r, :] = Σ_t dy[r, idx[r·k+t]]·w[idx[r·k+t], :]}
     * for r in {@code [r0, r1)}, overwriting dx. Cost: (r1-r0)·k·in multiply-adds.
     */
    void sparseInputGrad(float[] dy, int[] idx, int k, float[] w, float[] dx, int in, int out, int r0, int r1);

    /**
     * Per-example sparse weight gradient restricted to the rows j in {@code [j0, j1)}:
     * {@code dw[j, :] += Σ_{r : j ∈ S_r} dy[r, j]·x[r, :]}, examples in ascending order. The pairs
     * (r, j) are first grouped by row (a counting sort, O(batch·k), in the calling thread's
     * {@link SparseScratch}), so each selected row of dw is read and written once. With
     * {@code add == false} every row that some example selected is overwritten (its chain starts
     * from +0); rows no example selected are not written at all.
     * Cost: (number of selected pairs in the range)·in multiply-adds.
     */
    void sparseWeightGrad(float[] x, float[] dy, int[] idx, int k, float[] dw, int batch, int in, int out,
            int j0, int j1, boolean add);

    // ---- whole operations (serial) --------------------------------------------------------------

    /** y = x·wᵀ + b (b may be null). */
    default void forward(float[] x, float[] w, float[] b, float[] y, int batch, int in, int out) {
        forward(x, w, b, y, batch, in, out, 0, out);
    }

    /** dx = dy·w (dx may be null), dw += dyᵀ·x, db += column sums of dy (db may be null). */
    default void backward(float[] x, float[] w, float[] dy, float[] dx, float[] dw, float[] db,
            int batch, int in, int out) {
        if (dx != null) {
            inputGrad(dy, out, null, out, w, dx, in, 0, batch);
        }
        weightGrad(dy, out, null, x, dw, batch, in, 0, out, true);
        if (db != null) {
            biasGrad(dy, db, batch, out, 0, out, true);
        }
    }

    /** Per-example sparse backward: only dy[b, idx[b*k+i]] feed dx and dw; db uses all of dy. */
    default void backwardSparse(float[] x, float[] w, float[] dy, int[] idx, int k, float[] dx, float[] dw,
            float[] db, int batch, int in, int out) {
        if (dx != null) {
            sparseInputGrad(dy, idx, k, w, dx, in, out, 0, batch);
        }
        sparseWeightGrad(x, dy, idx, k, dw, batch, in, out, 0, out, true);
        if (db != null) {
            biasGrad(dy, db, batch, out, 0, out, true);
        }
    }

    /**
     * Unified sparse backward: one shared set idx[0..k) for every example; db uses all of dy.
     * Gathers {@code G = dy[:, idx]} ({@code [batch × k]}) into the calling thread's scratch, then
     * {@code dx = G·w[idx, :]} and {@code dw[idx, :] += Gᵀ·x} with the dense kernels.
     */
    default void backwardUnified(float[] x, float[] w, float[] dy, int[] idx, int k, float[] dx, float[] dw,
            float[] db, int batch, int in, int out) {
        float[] g = SparseScratch.get().gatherColumns(dy, batch, out, idx, k);
        if (dx != null) {
            inputGrad(g, k, idx, k, w, dx, in, 0, batch);
        }
        weightGrad(g, k, idx, x, dw, batch, in, 0, k, true);
        if (db != null) {
            biasGrad(dy, db, batch, out, 0, out, true);
        }
    }
}
