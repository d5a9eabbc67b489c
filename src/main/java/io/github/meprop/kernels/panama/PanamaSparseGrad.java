package io.github.meprop.kernels.panama;

import static io.github.meprop.kernels.panama.FloatVectors.L;
import static io.github.meprop.kernels.panama.FloatVectors.S;
import static io.github.meprop.kernels.panama.FloatVectors.load;
import static io.github.meprop.kernels.panama.FloatVectors.splat;
import static io.github.meprop.kernels.panama.FloatVectors.zero;
import static io.github.meprop.kernels.panama.PanamaDenseGrad.keep;
import static io.github.meprop.kernels.panama.PanamaDenseGrad.tailColumn;

import io.github.meprop.kernels.provider.SparseGradKernel;
import io.github.meprop.kernels.scalar.SparseScratch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The per-example sparse gradients with the Vector API.
 * <ul>
 *   <li>{@code sparseInputGrad}: per example, blocks of 16 vectors of dx (at 16 lanes), then of
 *       8 and 4, accumulate the example's selected rows of W in registers (the last columns, fewer
 *       than 4 vectors, by tiles of 4 examples × 1 vector); the block loop is outermost
 *       so a block of W's columns (out × 16 or 8 vectors: 512 KB at out = 500) stays in L2 and is
 *       shared by every example that selected a row.</li>
 *   <li>{@code sparseWeightGrad}: pairs grouped by row ({@link SparseScratch#groupByRow}); rows
 *       of dw in ascending order, each selected row loaded once per block of 16 (at 16 lanes), 8,
 *       4 or 2 vectors (the last columns, fewer than 2 vectors, one vector at a time), given g·x
 *       of every example that selected it in registers, and stored once.</li>
 * </ul>
 * Each element of dx and dw is the same chain of FMAs whatever the block width, so the results
 * are those of the plain-Java twin bit for bit. The dx and dw blocks have the same shape and are
 * still written out apart: one method serving both (the dx coefficients gathered first into an
 * array like dw's) was tried, and C2 compiled it with boxed vectors, several times slower.
 */
final class PanamaSparseGrad implements SparseGradKernel {
    /**
     * Whether blocks of 16 vectors (16 accumulators) come first: at 16 lanes (AVX-512, 32 vector
     * registers), where they pay a selected row's or pair's index arithmetic, bounds checks and
     * broadcast once per 16 FMAs instead of 8 (the 784 → 500 layer at k = 20: see
     * docs/benchmarks.md, "Last run"). At 8 lanes an AVX2 core has 16 registers, which 16
     * accumulators would overflow.
     */
    private static final boolean WIDE_BLOCKS = L == 16;

    @Override
    public void sparseInputGrad(float[] dy, int[] offsets, int[] idx, float[] w, float[] dx, int in, int out, int r0,
            int r1) {
        int bound = S.loopBound(in);
        int i = 0;
        if (WIDE_BLOCKS) {
            for (; i + 16 * L <= bound; i += 16 * L) {
                for (int r = r0; r < r1; r++) {
                    sparseInputGrad1x16(dy, offsets[r], offsets[r + 1], idx, w, dx, in, r * out, r * in + i, i);
                }
            }
        }
        for (; i + 8 * L <= bound; i += 8 * L) {
            for (int r = r0; r < r1; r++) {
                sparseInputGrad1x8(dy, offsets[r], offsets[r + 1], idx, w, dx, in, r * out, r * in + i, i);
            }
        }
        for (; i + 4 * L <= bound; i += 4 * L) {
            for (int r = r0; r < r1; r++) {
                sparseInputGrad1x4(dy, offsets[r], offsets[r + 1], idx, w, dx, in, r * out, r * in + i, i);
            }
        }
        for (; i < in; i += L) {
            int c = tailColumn(i, in);
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                sparseInputGrad4x1(dy, offsets, idx, w, dx, in, out, r, r + 1, r + 2, r + 3, c, i);
            }
            for (; r < r1; r++) {
                sparseInputGrad4x1(dy, offsets, idx, w, dx, in, out, r, r, r, r, c, i);
            }
        }
    }

    /** {@link #sparseInputGrad1x8} over 16 vectors of dx: 16 chains, one selected row's overhead per 16 FMAs. */
    private static void sparseInputGrad1x16(float[] dy, int p0, int p1, int[] idx, float[] w, float[] dx, int in,
            int y0, int d, int i) {
        FloatVector a0 = zero();
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        FloatVector a8 = a0;
        FloatVector a9 = a0;
        FloatVector a10 = a0;
        FloatVector a11 = a0;
        FloatVector a12 = a0;
        FloatVector a13 = a0;
        FloatVector a14 = a0;
        FloatVector a15 = a0;
        for (int p = p0; p < p1; p++) {
            int j = idx[p];
            int wo = j * in + i;
            FloatVector c = splat(dy[y0 + j]);
            a0 = load(w, wo).fma(c, a0);
            a1 = load(w, wo + 1 * L).fma(c, a1);
            a2 = load(w, wo + 2 * L).fma(c, a2);
            a3 = load(w, wo + 3 * L).fma(c, a3);
            a4 = load(w, wo + 4 * L).fma(c, a4);
            a5 = load(w, wo + 5 * L).fma(c, a5);
            a6 = load(w, wo + 6 * L).fma(c, a6);
            a7 = load(w, wo + 7 * L).fma(c, a7);
            a8 = load(w, wo + 8 * L).fma(c, a8);
            a9 = load(w, wo + 9 * L).fma(c, a9);
            a10 = load(w, wo + 10 * L).fma(c, a10);
            a11 = load(w, wo + 11 * L).fma(c, a11);
            a12 = load(w, wo + 12 * L).fma(c, a12);
            a13 = load(w, wo + 13 * L).fma(c, a13);
            a14 = load(w, wo + 14 * L).fma(c, a14);
            a15 = load(w, wo + 15 * L).fma(c, a15);
        }
        a0.intoArray(dx, d);
        a1.intoArray(dx, d + 1 * L);
        a2.intoArray(dx, d + 2 * L);
        a3.intoArray(dx, d + 3 * L);
        a4.intoArray(dx, d + 4 * L);
        a5.intoArray(dx, d + 5 * L);
        a6.intoArray(dx, d + 6 * L);
        a7.intoArray(dx, d + 7 * L);
        a8.intoArray(dx, d + 8 * L);
        a9.intoArray(dx, d + 9 * L);
        a10.intoArray(dx, d + 10 * L);
        a11.intoArray(dx, d + 11 * L);
        a12.intoArray(dx, d + 12 * L);
        a13.intoArray(dx, d + 13 * L);
        a14.intoArray(dx, d + 14 * L);
        a15.intoArray(dx, d + 15 * L);
    }

    /**
     * One example (selection {@code idx[p0 .. p1)}, its dy row at {@code y0}) × 8 vectors of dx at
     * {@code d}: 8 independent chains over the example's selected rows, so the index arithmetic and
     * bounds checks of a selected row are paid once per 8 FMAs.
     */
    private static void sparseInputGrad1x8(float[] dy, int p0, int p1, int[] idx, float[] w, float[] dx, int in,
            int y0, int d, int i) {
        FloatVector a0 = zero();
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (int p = p0; p < p1; p++) {
            int j = idx[p];
            int wo = j * in + i;
            FloatVector c = splat(dy[y0 + j]);
            a0 = load(w, wo).fma(c, a0);
            a1 = load(w, wo + L).fma(c, a1);
            a2 = load(w, wo + 2 * L).fma(c, a2);
            a3 = load(w, wo + 3 * L).fma(c, a3);
            a4 = load(w, wo + 4 * L).fma(c, a4);
            a5 = load(w, wo + 5 * L).fma(c, a5);
            a6 = load(w, wo + 6 * L).fma(c, a6);
            a7 = load(w, wo + 7 * L).fma(c, a7);
        }
        a0.intoArray(dx, d);
        a1.intoArray(dx, d + L);
        a2.intoArray(dx, d + 2 * L);
        a3.intoArray(dx, d + 3 * L);
        a4.intoArray(dx, d + 4 * L);
        a5.intoArray(dx, d + 5 * L);
        a6.intoArray(dx, d + 6 * L);
        a7.intoArray(dx, d + 7 * L);
    }

    /**
     * Four examples (ra..rd) × the one vector of dx at column i, of which the columns from
     * {@code from} are kept ({@link PanamaDenseGrad#tailColumn}): the columns after the 8-vector
     * blocks. The four chains advance together over as many selected rows as the shortest
     * selection has (all of them when k is the same for every example); each then finishes its
     * own rest. The last examples of a range come here four times the same (a one-example tile
     * is called so seldom that C2 compiled its vector operations as calls, which allocate).
     */
    private static void sparseInputGrad4x1(float[] dy, int[] offsets, int[] idx, float[] w, float[] dx, int in,
            int out, int ra, int rb, int rc, int rd, int i, int from) {
        VectorMask<Float> m = keep(i, from, in);
        int p0 = offsets[ra];
        int e0 = offsets[ra + 1];
        int p1 = offsets[rb];
        int e1 = offsets[rb + 1];
        int p2 = offsets[rc];
        int e2 = offsets[rc + 1];
        int p3 = offsets[rd];
        int e3 = offsets[rd + 1];
        int common = Math.min(Math.min(e0 - p0, e1 - p1), Math.min(e2 - p2, e3 - p3));
        int y0 = ra * out;
        int y1 = rb * out;
        int y2 = rc * out;
        int y3 = rd * out;
        FloatVector a0 = zero();
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int t = 0; t < common; t++) {
            int j = idx[p0 + t];
            a0 = load(w, j * in + i, m).fma(splat(dy[y0 + j]), a0);
            j = idx[p1 + t];
            a1 = load(w, j * in + i, m).fma(splat(dy[y1 + j]), a1);
            j = idx[p2 + t];
            a2 = load(w, j * in + i, m).fma(splat(dy[y2 + j]), a2);
            j = idx[p3 + t];
            a3 = load(w, j * in + i, m).fma(splat(dy[y3 + j]), a3);
        }
        a0 = chain(a0, dy, y0, idx, p0 + common, e0, w, in, i, m);
        a1 = chain(a1, dy, y1, idx, p1 + common, e1, w, in, i, m);
        a2 = chain(a2, dy, y2, idx, p2 + common, e2, w, in, i, m);
        a3 = chain(a3, dy, y3, idx, p3 + common, e3, w, in, i, m);
        a0.intoArray(dx, ra * in + i, m);
        a1.intoArray(dx, rb * in + i, m);
        a2.intoArray(dx, rc * in + i, m);
        a3.intoArray(dx, rd * in + i, m);
    }

    /** {@link #sparseInputGrad1x8} over 4 vectors of dx (the columns after the 8-vector blocks). */
    private static void sparseInputGrad1x4(float[] dy, int p0, int p1, int[] idx, float[] w, float[] dx, int in,
            int y0, int d, int i) {
        FloatVector a0 = zero();
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int p = p0; p < p1; p++) {
            int j = idx[p];
            int wo = j * in + i;
            FloatVector c = splat(dy[y0 + j]);
            a0 = load(w, wo).fma(c, a0);
            a1 = load(w, wo + L).fma(c, a1);
            a2 = load(w, wo + 2 * L).fma(c, a2);
            a3 = load(w, wo + 3 * L).fma(c, a3);
        }
        a0.intoArray(dx, d);
        a1.intoArray(dx, d + L);
        a2.intoArray(dx, d + 2 * L);
        a3.intoArray(dx, d + 3 * L);
    }

    /** {@code a} continued over the selected rows {@code idx[p .. e)} of one example (dy row at y0), one vector. */
    private static FloatVector chain(FloatVector a, float[] dy, int y0, int[] idx, int p, int e, float[] w, int in,
            int i, VectorMask<Float> m) {
        for (; p < e; p++) {
            int j = idx[p];
            a = load(w, j * in + i, m).fma(splat(dy[y0 + j]), a);
        }
        return a;
    }

    /**
     * Rows of dw in ascending order (so dw streams through the cache sequentially); each selected
     * row is loaded in blocks of 8 vectors, receives g·x of every example that selected it in
     * registers, and is stored once.
     */
    @Override
    public void sparseWeightGrad(float[] x, float[] dy, int[] offsets, int[] idx, float[] dw, int batch, int in,
            int out, int j0, int j1, boolean add) {
        SparseScratch s = SparseScratch.get();
        s.groupByRow(dy, offsets, idx, batch, out, j0, j1);
        int[] start = s.starts();
        int[] ex = s.examples();
        float[] gr = s.grads();
        int bound = S.loopBound(in);
        for (int j = j0; j < j1; j++) {
            int p0 = start[j - j0];
            int e = start[j - j0 + 1];
            if (p0 == e) {
                continue;
            }
            int wo = j * in;
            int i = 0;
            if (WIDE_BLOCKS) {
                for (; i + 16 * L <= bound; i += 16 * L) {
                    sparseWeightGradRow16(x, ex, gr, p0, e, dw, wo + i, in, i, add);
                }
            }
            for (; i + 8 * L <= bound; i += 8 * L) {
                sparseWeightGradRow8(x, ex, gr, p0, e, dw, wo + i, in, i, add);
            }
            for (; i + 4 * L <= bound; i += 4 * L) {
                sparseWeightGradRow4(x, ex, gr, p0, e, dw, wo + i, in, i, add);
            }
            if (i + 2 * L <= bound) {
                sparseWeightGradRow2(x, ex, gr, p0, e, dw, wo + i, in, i, add);
                i += 2 * L;
            }
            for (; i < in; i += L) {
                int c = tailColumn(i, in);
                VectorMask<Float> m = keep(c, i, in);
                FloatVector a = (add ? load(dw, wo + c, m) : zero());
                for (int p = p0; p < e; p++) {
                    a = load(x, ex[p] * in + c, m).fma(splat(gr[p]), a);
                }
                a.intoArray(dw, wo + c, m);
            }
        }
    }

    /** {@link #sparseWeightGradRow8} over 4 vectors (the columns after the 8-vector blocks). */
    private static void sparseWeightGradRow4(float[] x, int[] ex, float[] gr, int p0, int e, float[] dw, int d,
            int in, int i, boolean add) {
        FloatVector a0 = (add ? load(dw, d) : zero());
        FloatVector a1 = (add ? load(dw, d + L) : zero());
        FloatVector a2 = (add ? load(dw, d + 2 * L) : zero());
        FloatVector a3 = (add ? load(dw, d + 3 * L) : zero());
        for (int p = p0; p < e; p++) {
            int xo = ex[p] * in + i;
            FloatVector c = splat(gr[p]);
            a0 = load(x, xo).fma(c, a0);
            a1 = load(x, xo + L).fma(c, a1);
            a2 = load(x, xo + 2 * L).fma(c, a2);
            a3 = load(x, xo + 3 * L).fma(c, a3);
        }
        a0.intoArray(dw, d);
        a1.intoArray(dw, d + L);
        a2.intoArray(dw, d + 2 * L);
        a3.intoArray(dw, d + 3 * L);
    }

    /** {@link #sparseWeightGradRow8} over 2 vectors (after the 4-vector blocks: at most one, then one chain per vector). */
    private static void sparseWeightGradRow2(float[] x, int[] ex, float[] gr, int p0, int e, float[] dw, int d,
            int in, int i, boolean add) {
        FloatVector a0 = (add ? load(dw, d) : zero());
        FloatVector a1 = (add ? load(dw, d + L) : zero());
        for (int p = p0; p < e; p++) {
            int xo = ex[p] * in + i;
            FloatVector c = splat(gr[p]);
            a0 = load(x, xo).fma(c, a0);
            a1 = load(x, xo + L).fma(c, a1);
        }
        a0.intoArray(dw, d);
        a1.intoArray(dw, d + L);
    }

    /** dw[d .. d+8L) += Σ_p gr[p]·x[ex[p], i .. i+8L): 8 accumulators, one load and store of dw. */
    private static void sparseWeightGradRow8(float[] x, int[] ex, float[] gr, int p0, int e, float[] dw, int d,
            int in, int i, boolean add) {
        FloatVector a0 = (add ? load(dw, d) : zero());
        FloatVector a1 = (add ? load(dw, d + L) : zero());
        FloatVector a2 = (add ? load(dw, d + 2 * L) : zero());
        FloatVector a3 = (add ? load(dw, d + 3 * L) : zero());
        FloatVector a4 = (add ? load(dw, d + 4 * L) : zero());
        FloatVector a5 = (add ? load(dw, d + 5 * L) : zero());
        FloatVector a6 = (add ? load(dw, d + 6 * L) : zero());
        FloatVector a7 = (add ? load(dw, d + 7 * L) : zero());
        for (int p = p0; p < e; p++) {
            int xo = ex[p] * in + i;
            FloatVector c = splat(gr[p]);
            a0 = load(x, xo).fma(c, a0);
            a1 = load(x, xo + L).fma(c, a1);
            a2 = load(x, xo + 2 * L).fma(c, a2);
            a3 = load(x, xo + 3 * L).fma(c, a3);
            a4 = load(x, xo + 4 * L).fma(c, a4);
            a5 = load(x, xo + 5 * L).fma(c, a5);
            a6 = load(x, xo + 6 * L).fma(c, a6);
            a7 = load(x, xo + 7 * L).fma(c, a7);
        }
        a0.intoArray(dw, d);
        a1.intoArray(dw, d + L);
        a2.intoArray(dw, d + 2 * L);
        a3.intoArray(dw, d + 3 * L);
        a4.intoArray(dw, d + 4 * L);
        a5.intoArray(dw, d + 5 * L);
        a6.intoArray(dw, d + 6 * L);
        a7.intoArray(dw, d + 7 * L);
    }

    /** dw[d .. d+16L) += Σ_p gr[p]·x[ex[p], i .. i+16L): {@link #sparseWeightGradRow8} over 16 vectors. */
    private static void sparseWeightGradRow16(float[] x, int[] ex, float[] gr, int p0, int e, float[] dw, int d,
            int in, int i, boolean add) {
        FloatVector a0 = (add ? load(dw, d) : zero());
        FloatVector a1 = (add ? load(dw, d + 1 * L) : zero());
        FloatVector a2 = (add ? load(dw, d + 2 * L) : zero());
        FloatVector a3 = (add ? load(dw, d + 3 * L) : zero());
        FloatVector a4 = (add ? load(dw, d + 4 * L) : zero());
        FloatVector a5 = (add ? load(dw, d + 5 * L) : zero());
        FloatVector a6 = (add ? load(dw, d + 6 * L) : zero());
        FloatVector a7 = (add ? load(dw, d + 7 * L) : zero());
        FloatVector a8 = (add ? load(dw, d + 8 * L) : zero());
        FloatVector a9 = (add ? load(dw, d + 9 * L) : zero());
        FloatVector a10 = (add ? load(dw, d + 10 * L) : zero());
        FloatVector a11 = (add ? load(dw, d + 11 * L) : zero());
        FloatVector a12 = (add ? load(dw, d + 12 * L) : zero());
        FloatVector a13 = (add ? load(dw, d + 13 * L) : zero());
        FloatVector a14 = (add ? load(dw, d + 14 * L) : zero());
        FloatVector a15 = (add ? load(dw, d + 15 * L) : zero());
        for (int p = p0; p < e; p++) {
            int xo = ex[p] * in + i;
            FloatVector c = splat(gr[p]);
            a0 = load(x, xo).fma(c, a0);
            a1 = load(x, xo + 1 * L).fma(c, a1);
            a2 = load(x, xo + 2 * L).fma(c, a2);
            a3 = load(x, xo + 3 * L).fma(c, a3);
            a4 = load(x, xo + 4 * L).fma(c, a4);
            a5 = load(x, xo + 5 * L).fma(c, a5);
            a6 = load(x, xo + 6 * L).fma(c, a6);
            a7 = load(x, xo + 7 * L).fma(c, a7);
            a8 = load(x, xo + 8 * L).fma(c, a8);
            a9 = load(x, xo + 9 * L).fma(c, a9);
            a10 = load(x, xo + 10 * L).fma(c, a10);
            a11 = load(x, xo + 11 * L).fma(c, a11);
            a12 = load(x, xo + 12 * L).fma(c, a12);
            a13 = load(x, xo + 13 * L).fma(c, a13);
            a14 = load(x, xo + 14 * L).fma(c, a14);
            a15 = load(x, xo + 15 * L).fma(c, a15);
        }
        a0.intoArray(dw, d);
        a1.intoArray(dw, d + 1 * L);
        a2.intoArray(dw, d + 2 * L);
        a3.intoArray(dw, d + 3 * L);
        a4.intoArray(dw, d + 4 * L);
        a5.intoArray(dw, d + 5 * L);
        a6.intoArray(dw, d + 6 * L);
        a7.intoArray(dw, d + 7 * L);
        a8.intoArray(dw, d + 8 * L);
        a9.intoArray(dw, d + 9 * L);
        a10.intoArray(dw, d + 10 * L);
        a11.intoArray(dw, d + 11 * L);
        a12.intoArray(dw, d + 12 * L);
        a13.intoArray(dw, d + 13 * L);
        a14.intoArray(dw, d + 14 * L);
        a15.intoArray(dw, d + 15 * L);
    }
}
