package io.github.meprop.kernels.panama;

import io.github.meprop.kernels.provider.LinearKernel;
import io.github.meprop.kernels.scalar.SparseScratch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Linear-layer kernels written with the Vector API: register-blocked tiles with fused
 * multiply-adds, several independent accumulators per tile; the columns after the last full tile go
 * through one-vector tiles whose last vector is masked (no scalar tail runs a long dependent chain).
 *
 * <ul>
 *   <li>{@code forward} (y = x·wᵀ, both operands row-major along {@code in}): for whole vectors
 *       of examples, broadcast tiles over a transposed copy of x (4 rows of W × 3 vectors of
 *       examples, 12 accumulators, 4 broadcasts and 3 loads per step, no horizontal reduction);
 *       for the remaining examples (GEMV when batch &lt; lanes) dot-product tiles of 4 examples ×
 *       3 rows of W, 12 accumulators sharing 7 loads per step, reduced with a fixed lane-folding
 *       tree (not {@code reduceLanes}, whose order may change with the JIT tier). Both walk W in
 *       blocks of rows that stay in L2.</li>
 *   <li>{@code inputGrad} (dx = g·w[rows]) and {@code weightGrad} (dw[rows] += gᵀ·x): broadcast
 *       ("axpy") tiles of 4 rows × 3 vectors along {@code in}: per step 4 broadcasts, 3 loads,
 *       12 FMAs, each element one FMA chain in index order (identical to the plain-Java twin).</li>
 *   <li>{@code sparseInputGrad}: per example, blocks of 8 vectors of dx accumulate the k selected
 *       rows of W in registers; the block loop is outermost so a block of W's columns (out × 8
 *       vectors) stays in L2 and is shared by every example that selected a row.</li>
 *   <li>{@code sparseWeightGrad}: pairs grouped by row ({@link SparseScratch#groupByRow}); rows
 *       of dw in ascending order, each selected row loaded once per block of 8 vectors, given g·x
 *       of every example that selected it in registers, and stored once.</li>
 * </ul>
 */
final class PanamaLinear implements LinearKernel {
    private static final VectorSpecies<Float> S = Species.FLOAT;
    private static final int L = S.length();
    /** Rows of W per forward block: about 128 KiB of W, so a block stays in L2 while x streams. */
    private static final int W_BLOCK_FLOATS = 32 * 1024;

    private static final VectorShuffle<Float> FOLD8 = fold(8);
    private static final VectorShuffle<Float> FOLD4 = fold(4);
    private static final VectorShuffle<Float> FOLD2 = fold(2);
    private static final VectorShuffle<Float> FOLD1 = fold(1);

    private static VectorShuffle<Float> fold(int distance) {
        return VectorShuffle.fromOp(S, i -> (i ^ distance) & (L - 1));
    }

    /**
     * Sum of the lanes by a fixed tree (halves, quarters, ...). Unlike {@code reduceLanes(ADD)},
     * whose order is unspecified and differs between the interpreter and C2, lane-wise adds and
     * shuffles give the same result in every tier, which keeps the forward pass deterministic.
     */
    static float sum(FloatVector v) {
        if (L >= 16) {
            v = v.add(v.rearrange(FOLD8));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(FOLD4));
        }
        v = v.add(v.rearrange(FOLD2));
        v = v.add(v.rearrange(FOLD1));
        return v.lane(0);
    }

    private static FloatVector load(float[] a, int off) {
        return FloatVector.fromArray(S, a, off);
    }

    /** Masked load: lanes outside {@code m} read nothing (they may lie past the end of the array) and are 0. */
    private static FloatVector load(float[] a, int off, VectorMask<Float> m) {
        return FloatVector.fromArray(S, a, off, m);
    }

    /** All lanes +0: where an overwriting gradient kernel starts its chains. */
    private static FloatVector zero() {
        return FloatVector.zero(S);
    }

    private static FloatVector splat(float v) {
        return FloatVector.broadcast(S, v);
    }

    // ---- forward ------------------------------------------------------------------------------

    /**
     * Forward over output columns [j0, j1). The first {@code batch - batch % L} examples go through
     * broadcast tiles over a transposed copy of x (per-thread scratch, {@code [in × n]}, written in
     * O(n·in)): 4 rows of W × 3 vectors of examples, per step 4 broadcasts of W, 3 loads of xᵀ and
     * 12 FMAs, each output one FMA chain over {@code in} in index order (so these outputs equal the
     * plain-Java twin's exactly). The last {@code batch % L} examples (all of them when
     * batch &lt; L, e.g. GEMV) use dot-product tiles directly on x.
     */
    @Override
    public void forward(float[] x, float[] w, float[] b, float[] y, int batch, int in, int out, int j0, int j1) {
        int n = batch / L * L;
        if (n > 0 && j1 > j0) {
            Scratch sc = Scratch.get();
            float[] xt = sc.transpose(x, n, in);
            float[] tmp = sc.tile;
            int block = Math.max(4, W_BLOCK_FLOATS / Math.max(1, in) & ~3);
            for (int jb = j0; jb < j1; jb += block) {
                int je = Math.min(j1, jb + block);
                int r = 0;
                for (; r + 3 * L <= n; r += 3 * L) {
                    int j = jb;
                    for (; j + 4 <= je; j += 4) {
                        bcast4x3(xt, n, r, w, j, b, y, in, out, tmp);
                    }
                    for (; j < je; j++) {
                        bcast1x3(xt, n, r, w, j, b, y, in, out, tmp);
                    }
                }
                for (; r < n; r += L) {
                    int j = jb;
                    for (; j + 4 <= je; j += 4) {
                        bcast4x1(xt, n, r, w, j, b, y, in, out, tmp);
                    }
                    for (; j < je; j++) {
                        bcast1x1(xt, n, r, w, j, b, y, in, out, tmp);
                    }
                }
            }
        }
        int block = Math.max(3, W_BLOCK_FLOATS / Math.max(1, in) / 3 * 3);
        for (int jb = j0; jb < j1; jb += block) {
            int je = Math.min(j1, jb + block);
            int r = n;
            for (; r + 4 <= batch; r += 4) {
                int j = jb;
                for (; j + 3 <= je; j += 3) {
                    dot4x3(x, r * in, w, j, b, y, r * out, in, out);
                }
                for (; j < je; j++) {
                    dot4x1(x, r * in, w, j, b, y, r * out, in, out);
                }
            }
            for (; r < batch; r++) {
                int j = jb;
                for (; j + 4 <= je; j += 4) {
                    dot1x4(x, r * in, w, j, b, y, r * out, in);
                }
                for (; j < je; j++) {
                    dot1x1(x, r * in, w, j, b, y, r * out, in);
                }
            }
        }
    }

    /** Per-thread scratch of the forward pass: xᵀ and one tile of results. */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
        final float[] tile = new float[12 * L];
        private float[] xt = new float[0];

        static Scratch get() {
            return LOCAL.get();
        }

        /** xᵀ of the first n examples: {@code xt[i·n + r] = x[r·in + i]}, 8 examples per pass. */
        float[] transpose(float[] x, int n, int in) {
            if (xt.length < n * in) {
                xt = new float[n * in];
            }
            float[] t = xt;
            int r = 0;
            for (; r + 8 <= n; r += 8) {
                int x0 = r * in;
                for (int i = 0; i < in; i++) {
                    int o = i * n + r;
                    int s = x0 + i;
                    t[o] = x[s];
                    t[o + 1] = x[s + in];
                    t[o + 2] = x[s + 2 * in];
                    t[o + 3] = x[s + 3 * in];
                    t[o + 4] = x[s + 4 * in];
                    t[o + 5] = x[s + 5 * in];
                    t[o + 6] = x[s + 6 * in];
                    t[o + 7] = x[s + 7 * in];
                }
            }
            for (; r < n; r++) {
                for (int i = 0; i < in; i++) {
                    t[i * n + r] = x[r * in + i];
                }
            }
            return t;
        }
    }

    /** Writes {@code rowsOfW} result vectors of {@code vecs} vectors each from tmp into y (transposed), plus bias. */
    private static void scatter(float[] tmp, int rowsOfW, int vecs, int r, int j, float[] b, float[] y, int out) {
        int lanes = vecs * L;
        for (int q = 0; q < lanes; q++) {
            int yo = (r + q) * out + j;
            for (int c = 0; c < rowsOfW; c++) {
                float s = tmp[c * lanes + q];
                y[yo + c] = b == null ? s : s + b[j + c];
            }
        }
    }

    /** y[r..r+3L, j..j+4] from xᵀ: 12 accumulators, per step 4 broadcasts of w, 3 loads of xᵀ. */
    private static void bcast4x3(float[] xt, int n, int r, float[] w, int j, float[] b, float[] y, int in, int out,
            float[] tmp) {
        int w0 = j * in;
        int w1 = w0 + in;
        int w2 = w1 + in;
        int w3 = w2 + in;
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a32 = a00;
        for (int i = 0; i < in; i++) {
            int xo = i * n + r;
            FloatVector u0 = load(xt, xo);
            FloatVector u1 = load(xt, xo + L);
            FloatVector u2 = load(xt, xo + 2 * L);
            FloatVector c = splat(w[w0 + i]);
            a00 = u0.fma(c, a00);
            a01 = u1.fma(c, a01);
            a02 = u2.fma(c, a02);
            c = splat(w[w1 + i]);
            a10 = u0.fma(c, a10);
            a11 = u1.fma(c, a11);
            a12 = u2.fma(c, a12);
            c = splat(w[w2 + i]);
            a20 = u0.fma(c, a20);
            a21 = u1.fma(c, a21);
            a22 = u2.fma(c, a22);
            c = splat(w[w3 + i]);
            a30 = u0.fma(c, a30);
            a31 = u1.fma(c, a31);
            a32 = u2.fma(c, a32);
        }
        a00.intoArray(tmp, 0);
        a01.intoArray(tmp, L);
        a02.intoArray(tmp, 2 * L);
        a10.intoArray(tmp, 3 * L);
        a11.intoArray(tmp, 4 * L);
        a12.intoArray(tmp, 5 * L);
        a20.intoArray(tmp, 6 * L);
        a21.intoArray(tmp, 7 * L);
        a22.intoArray(tmp, 8 * L);
        a30.intoArray(tmp, 9 * L);
        a31.intoArray(tmp, 10 * L);
        a32.intoArray(tmp, 11 * L);
        scatter(tmp, 4, 3, r, j, b, y, out);
    }

    private static void bcast1x3(float[] xt, int n, int r, float[] w, int j, float[] b, float[] y, int in, int out,
            float[] tmp) {
        int w0 = j * in;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        for (int i = 0; i < in; i++) {
            int xo = i * n + r;
            FloatVector c = splat(w[w0 + i]);
            a0 = load(xt, xo).fma(c, a0);
            a1 = load(xt, xo + L).fma(c, a1);
            a2 = load(xt, xo + 2 * L).fma(c, a2);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, L);
        a2.intoArray(tmp, 2 * L);
        scatter(tmp, 1, 3, r, j, b, y, out);
    }

    private static void bcast4x1(float[] xt, int n, int r, float[] w, int j, float[] b, float[] y, int in, int out,
            float[] tmp) {
        int w0 = j * in;
        int w1 = w0 + in;
        int w2 = w1 + in;
        int w3 = w2 + in;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int i = 0; i < in; i++) {
            FloatVector u = load(xt, i * n + r);
            a0 = u.fma(splat(w[w0 + i]), a0);
            a1 = u.fma(splat(w[w1 + i]), a1);
            a2 = u.fma(splat(w[w2 + i]), a2);
            a3 = u.fma(splat(w[w3 + i]), a3);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        scatter(tmp, 4, 1, r, j, b, y, out);
    }

    private static void bcast1x1(float[] xt, int n, int r, float[] w, int j, float[] b, float[] y, int in, int out,
            float[] tmp) {
        int w0 = j * in;
        FloatVector a = FloatVector.zero(S);
        for (int i = 0; i < in; i++) {
            a = load(xt, i * n + r).fma(splat(w[w0 + i]), a);
        }
        a.intoArray(tmp, 0);
        scatter(tmp, 1, 1, r, j, b, y, out);
    }

    private static float bias(float[] b, int j, float s) {
        return b == null ? s : s + b[j];
    }

    /** y[r..r+4, j..j+3]: 12 accumulators; per step 4 loads of x, 3 of w, 12 FMAs. */
    private static void dot4x3(float[] x, int x0, float[] w, int j, float[] b, float[] y, int y0, int in, int out) {
        int x1 = x0 + in;
        int x2 = x1 + in;
        int x3 = x2 + in;
        int w0 = j * in;
        int w1 = w0 + in;
        int w2 = w1 + in;
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a32 = a00;
        int bound = S.loopBound(in);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v0 = load(w, w0 + i);
            FloatVector v1 = load(w, w1 + i);
            FloatVector v2 = load(w, w2 + i);
            FloatVector u = load(x, x0 + i);
            a00 = u.fma(v0, a00);
            a01 = u.fma(v1, a01);
            a02 = u.fma(v2, a02);
            u = load(x, x1 + i);
            a10 = u.fma(v0, a10);
            a11 = u.fma(v1, a11);
            a12 = u.fma(v2, a12);
            u = load(x, x2 + i);
            a20 = u.fma(v0, a20);
            a21 = u.fma(v1, a21);
            a22 = u.fma(v2, a22);
            u = load(x, x3 + i);
            a30 = u.fma(v0, a30);
            a31 = u.fma(v1, a31);
            a32 = u.fma(v2, a32);
        }
        float s00 = sum(a00);
        float s01 = sum(a01);
        float s02 = sum(a02);
        float s10 = sum(a10);
        float s11 = sum(a11);
        float s12 = sum(a12);
        float s20 = sum(a20);
        float s21 = sum(a21);
        float s22 = sum(a22);
        float s30 = sum(a30);
        float s31 = sum(a31);
        float s32 = sum(a32);
        for (; i < in; i++) {
            float v0 = w[w0 + i];
            float v1 = w[w1 + i];
            float v2 = w[w2 + i];
            float u = x[x0 + i];
            s00 = Math.fma(u, v0, s00);
            s01 = Math.fma(u, v1, s01);
            s02 = Math.fma(u, v2, s02);
            u = x[x1 + i];
            s10 = Math.fma(u, v0, s10);
            s11 = Math.fma(u, v1, s11);
            s12 = Math.fma(u, v2, s12);
            u = x[x2 + i];
            s20 = Math.fma(u, v0, s20);
            s21 = Math.fma(u, v1, s21);
            s22 = Math.fma(u, v2, s22);
            u = x[x3 + i];
            s30 = Math.fma(u, v0, s30);
            s31 = Math.fma(u, v1, s31);
            s32 = Math.fma(u, v2, s32);
        }
        int y1 = y0 + out;
        int y2 = y1 + out;
        int y3 = y2 + out;
        y[y0 + j] = bias(b, j, s00);
        y[y0 + j + 1] = bias(b, j + 1, s01);
        y[y0 + j + 2] = bias(b, j + 2, s02);
        y[y1 + j] = bias(b, j, s10);
        y[y1 + j + 1] = bias(b, j + 1, s11);
        y[y1 + j + 2] = bias(b, j + 2, s12);
        y[y2 + j] = bias(b, j, s20);
        y[y2 + j + 1] = bias(b, j + 1, s21);
        y[y2 + j + 2] = bias(b, j + 2, s22);
        y[y3 + j] = bias(b, j, s30);
        y[y3 + j + 1] = bias(b, j + 1, s31);
        y[y3 + j + 2] = bias(b, j + 2, s32);
    }

    /** y[r..r+4, j]: four examples against one row of W. */
    private static void dot4x1(float[] x, int x0, float[] w, int j, float[] b, float[] y, int y0, int in, int out) {
        int x1 = x0 + in;
        int x2 = x1 + in;
        int x3 = x2 + in;
        int w0 = j * in;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int bound = S.loopBound(in);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v = load(w, w0 + i);
            a0 = load(x, x0 + i).fma(v, a0);
            a1 = load(x, x1 + i).fma(v, a1);
            a2 = load(x, x2 + i).fma(v, a2);
            a3 = load(x, x3 + i).fma(v, a3);
        }
        float s0 = sum(a0);
        float s1 = sum(a1);
        float s2 = sum(a2);
        float s3 = sum(a3);
        for (; i < in; i++) {
            float v = w[w0 + i];
            s0 = Math.fma(x[x0 + i], v, s0);
            s1 = Math.fma(x[x1 + i], v, s1);
            s2 = Math.fma(x[x2 + i], v, s2);
            s3 = Math.fma(x[x3 + i], v, s3);
        }
        y[y0 + j] = bias(b, j, s0);
        y[y0 + out + j] = bias(b, j, s1);
        y[y0 + 2 * out + j] = bias(b, j, s2);
        y[y0 + 3 * out + j] = bias(b, j, s3);
    }

    /** y[r, j..j+4]: one example against four rows of W (the GEMV shape). */
    private static void dot1x4(float[] x, int x0, float[] w, int j, float[] b, float[] y, int y0, int in) {
        int w0 = j * in;
        int w1 = w0 + in;
        int w2 = w1 + in;
        int w3 = w2 + in;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int bound = S.loopBound(in);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector u = load(x, x0 + i);
            a0 = u.fma(load(w, w0 + i), a0);
            a1 = u.fma(load(w, w1 + i), a1);
            a2 = u.fma(load(w, w2 + i), a2);
            a3 = u.fma(load(w, w3 + i), a3);
        }
        float s0 = sum(a0);
        float s1 = sum(a1);
        float s2 = sum(a2);
        float s3 = sum(a3);
        for (; i < in; i++) {
            float u = x[x0 + i];
            s0 = Math.fma(u, w[w0 + i], s0);
            s1 = Math.fma(u, w[w1 + i], s1);
            s2 = Math.fma(u, w[w2 + i], s2);
            s3 = Math.fma(u, w[w3 + i], s3);
        }
        y[y0 + j] = bias(b, j, s0);
        y[y0 + j + 1] = bias(b, j + 1, s1);
        y[y0 + j + 2] = bias(b, j + 2, s2);
        y[y0 + j + 3] = bias(b, j + 3, s3);
    }

    /** y[r, j]: one dot product. */
    private static void dot1x1(float[] x, int x0, float[] w, int j, float[] b, float[] y, int y0, int in) {
        int w0 = j * in;
        FloatVector a = FloatVector.zero(S);
        int bound = S.loopBound(in);
        int i = 0;
        for (; i < bound; i += L) {
            a = load(x, x0 + i).fma(load(w, w0 + i), a);
        }
        float s = sum(a);
        for (; i < in; i++) {
            s = Math.fma(x[x0 + i], w[w0 + i], s);
        }
        y[y0 + j] = bias(b, j, s);
    }

    // ---- dense input gradient: dx = g·w[rows] --------------------------------------------------

    @Override
    public void inputGrad(float[] g, int ldg, int[] rows, int k, float[] w, float[] dx, int in, int r0, int r1) {
        int bound = S.loopBound(in);
        int i = 0;
        for (; i + 3 * L <= bound; i += 3 * L) {
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                inputGrad4x3(g, ldg, rows, k, w, dx, in, r, i);
            }
            for (; r < r1; r++) {
                inputGrad1x3(g, ldg, rows, k, w, dx, in, r, i);
            }
        }
        for (; i < in; i += L) {
            VectorMask<Float> m = S.indexInRange(i, in);
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                inputGrad4x1(g, ldg, rows, k, w, dx, in, r, i, m);
            }
            for (; r < r1; r++) {
                inputGrad1x1(g, ldg, rows, k, w, dx, in, r, i, m);
            }
        }
    }

    private static void inputGrad4x3(float[] g, int ldg, int[] rows, int k, float[] w, float[] dx, int in,
            int r, int i) {
        int g0 = r * ldg;
        int g1 = g0 + ldg;
        int g2 = g1 + ldg;
        int g3 = g2 + ldg;
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a32 = a00;
        for (int t = 0; t < k; t++) {
            int wo = (rows == null ? t : rows[t]) * in + i;
            FloatVector v0 = load(w, wo);
            FloatVector v1 = load(w, wo + L);
            FloatVector v2 = load(w, wo + 2 * L);
            FloatVector c = splat(g[g0 + t]);
            a00 = v0.fma(c, a00);
            a01 = v1.fma(c, a01);
            a02 = v2.fma(c, a02);
            c = splat(g[g1 + t]);
            a10 = v0.fma(c, a10);
            a11 = v1.fma(c, a11);
            a12 = v2.fma(c, a12);
            c = splat(g[g2 + t]);
            a20 = v0.fma(c, a20);
            a21 = v1.fma(c, a21);
            a22 = v2.fma(c, a22);
            c = splat(g[g3 + t]);
            a30 = v0.fma(c, a30);
            a31 = v1.fma(c, a31);
            a32 = v2.fma(c, a32);
        }
        int d = r * in + i;
        a00.intoArray(dx, d);
        a01.intoArray(dx, d + L);
        a02.intoArray(dx, d + 2 * L);
        d += in;
        a10.intoArray(dx, d);
        a11.intoArray(dx, d + L);
        a12.intoArray(dx, d + 2 * L);
        d += in;
        a20.intoArray(dx, d);
        a21.intoArray(dx, d + L);
        a22.intoArray(dx, d + 2 * L);
        d += in;
        a30.intoArray(dx, d);
        a31.intoArray(dx, d + L);
        a32.intoArray(dx, d + 2 * L);
    }

    private static void inputGrad1x3(float[] g, int ldg, int[] rows, int k, float[] w, float[] dx, int in,
            int r, int i) {
        int g0 = r * ldg;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        for (int t = 0; t < k; t++) {
            int wo = (rows == null ? t : rows[t]) * in + i;
            FloatVector c = splat(g[g0 + t]);
            a0 = load(w, wo).fma(c, a0);
            a1 = load(w, wo + L).fma(c, a1);
            a2 = load(w, wo + 2 * L).fma(c, a2);
        }
        int d = r * in + i;
        a0.intoArray(dx, d);
        a1.intoArray(dx, d + L);
        a2.intoArray(dx, d + 2 * L);
    }

    /** Four examples × one (possibly partial, {@code m}) vector of dx. */
    private static void inputGrad4x1(float[] g, int ldg, int[] rows, int k, float[] w, float[] dx, int in,
            int r, int i, VectorMask<Float> m) {
        int g0 = r * ldg;
        int g1 = g0 + ldg;
        int g2 = g1 + ldg;
        int g3 = g2 + ldg;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int t = 0; t < k; t++) {
            FloatVector v = load(w, (rows == null ? t : rows[t]) * in + i, m);
            a0 = v.fma(splat(g[g0 + t]), a0);
            a1 = v.fma(splat(g[g1 + t]), a1);
            a2 = v.fma(splat(g[g2 + t]), a2);
            a3 = v.fma(splat(g[g3 + t]), a3);
        }
        int d = r * in + i;
        a0.intoArray(dx, d, m);
        a1.intoArray(dx, d + in, m);
        a2.intoArray(dx, d + 2 * in, m);
        a3.intoArray(dx, d + 3 * in, m);
    }

    private static void inputGrad1x1(float[] g, int ldg, int[] rows, int k, float[] w, float[] dx, int in,
            int r, int i, VectorMask<Float> m) {
        int g0 = r * ldg;
        FloatVector a = FloatVector.zero(S);
        for (int t = 0; t < k; t++) {
            a = load(w, (rows == null ? t : rows[t]) * in + i, m).fma(splat(g[g0 + t]), a);
        }
        a.intoArray(dx, r * in + i, m);
    }

    // ---- dense weight gradient: dw[rows] += gᵀ·x ------------------------------------------------

    @Override
    public void weightGrad(float[] g, int ldg, int[] rows, float[] x, float[] dw, int batch, int in, int t0, int t1,
            boolean add) {
        int bound = S.loopBound(in);
        int i = 0;
        for (; i + 3 * L <= bound; i += 3 * L) {
            int t = t0;
            for (; t + 4 <= t1; t += 4) {
                weightGrad4x3(g, ldg, rows, x, dw, batch, in, t, i, add);
            }
            for (; t < t1; t++) {
                weightGrad1x3(g, ldg, rows, x, dw, batch, in, t, i, add);
            }
        }
        for (; i < in; i += L) {
            VectorMask<Float> m = S.indexInRange(i, in);
            int t = t0;
            for (; t + 4 <= t1; t += 4) {
                weightGrad4x1(g, ldg, rows, x, dw, batch, in, t, i, m, add);
            }
            for (; t < t1; t++) {
                weightGrad1x1(g, ldg, rows, x, dw, batch, in, t, i, m, add);
            }
        }
    }

    private static void weightGrad4x3(float[] g, int ldg, int[] rows, float[] x, float[] dw, int batch, int in,
            int t, int i, boolean add) {
        int d0 = (rows == null ? t : rows[t]) * in + i;
        int d1 = (rows == null ? t + 1 : rows[t + 1]) * in + i;
        int d2 = (rows == null ? t + 2 : rows[t + 2]) * in + i;
        int d3 = (rows == null ? t + 3 : rows[t + 3]) * in + i;
        FloatVector a00 = (add ? load(dw, d0) : zero());
        FloatVector a01 = (add ? load(dw, d0 + L) : zero());
        FloatVector a02 = (add ? load(dw, d0 + 2 * L) : zero());
        FloatVector a10 = (add ? load(dw, d1) : zero());
        FloatVector a11 = (add ? load(dw, d1 + L) : zero());
        FloatVector a12 = (add ? load(dw, d1 + 2 * L) : zero());
        FloatVector a20 = (add ? load(dw, d2) : zero());
        FloatVector a21 = (add ? load(dw, d2 + L) : zero());
        FloatVector a22 = (add ? load(dw, d2 + 2 * L) : zero());
        FloatVector a30 = (add ? load(dw, d3) : zero());
        FloatVector a31 = (add ? load(dw, d3 + L) : zero());
        FloatVector a32 = (add ? load(dw, d3 + 2 * L) : zero());
        for (int r = 0; r < batch; r++) {
            int xo = r * in + i;
            int go = r * ldg + t;
            FloatVector u0 = load(x, xo);
            FloatVector u1 = load(x, xo + L);
            FloatVector u2 = load(x, xo + 2 * L);
            FloatVector c = splat(g[go]);
            a00 = u0.fma(c, a00);
            a01 = u1.fma(c, a01);
            a02 = u2.fma(c, a02);
            c = splat(g[go + 1]);
            a10 = u0.fma(c, a10);
            a11 = u1.fma(c, a11);
            a12 = u2.fma(c, a12);
            c = splat(g[go + 2]);
            a20 = u0.fma(c, a20);
            a21 = u1.fma(c, a21);
            a22 = u2.fma(c, a22);
            c = splat(g[go + 3]);
            a30 = u0.fma(c, a30);
            a31 = u1.fma(c, a31);
            a32 = u2.fma(c, a32);
        }
        a00.intoArray(dw, d0);
        a01.intoArray(dw, d0 + L);
        a02.intoArray(dw, d0 + 2 * L);
        a10.intoArray(dw, d1);
        a11.intoArray(dw, d1 + L);
        a12.intoArray(dw, d1 + 2 * L);
        a20.intoArray(dw, d2);
        a21.intoArray(dw, d2 + L);
        a22.intoArray(dw, d2 + 2 * L);
        a30.intoArray(dw, d3);
        a31.intoArray(dw, d3 + L);
        a32.intoArray(dw, d3 + 2 * L);
    }

    private static void weightGrad1x3(float[] g, int ldg, int[] rows, float[] x, float[] dw, int batch, int in,
            int t, int i, boolean add) {
        int d = (rows == null ? t : rows[t]) * in + i;
        FloatVector a0 = (add ? load(dw, d) : zero());
        FloatVector a1 = (add ? load(dw, d + L) : zero());
        FloatVector a2 = (add ? load(dw, d + 2 * L) : zero());
        for (int r = 0; r < batch; r++) {
            int xo = r * in + i;
            FloatVector c = splat(g[r * ldg + t]);
            a0 = load(x, xo).fma(c, a0);
            a1 = load(x, xo + L).fma(c, a1);
            a2 = load(x, xo + 2 * L).fma(c, a2);
        }
        a0.intoArray(dw, d);
        a1.intoArray(dw, d + L);
        a2.intoArray(dw, d + 2 * L);
    }

    /** Four rows of dw × one (possibly partial, {@code m}) vector: 4 independent chains over the examples. */
    private static void weightGrad4x1(float[] g, int ldg, int[] rows, float[] x, float[] dw, int batch, int in,
            int t, int i, VectorMask<Float> m, boolean add) {
        int d0 = (rows == null ? t : rows[t]) * in + i;
        int d1 = (rows == null ? t + 1 : rows[t + 1]) * in + i;
        int d2 = (rows == null ? t + 2 : rows[t + 2]) * in + i;
        int d3 = (rows == null ? t + 3 : rows[t + 3]) * in + i;
        FloatVector a0 = (add ? load(dw, d0, m) : zero());
        FloatVector a1 = (add ? load(dw, d1, m) : zero());
        FloatVector a2 = (add ? load(dw, d2, m) : zero());
        FloatVector a3 = (add ? load(dw, d3, m) : zero());
        for (int r = 0; r < batch; r++) {
            FloatVector u = load(x, r * in + i, m);
            int go = r * ldg + t;
            a0 = u.fma(splat(g[go]), a0);
            a1 = u.fma(splat(g[go + 1]), a1);
            a2 = u.fma(splat(g[go + 2]), a2);
            a3 = u.fma(splat(g[go + 3]), a3);
        }
        a0.intoArray(dw, d0, m);
        a1.intoArray(dw, d1, m);
        a2.intoArray(dw, d2, m);
        a3.intoArray(dw, d3, m);
    }

    private static void weightGrad1x1(float[] g, int ldg, int[] rows, float[] x, float[] dw, int batch, int in,
            int t, int i, VectorMask<Float> m, boolean add) {
        int d = (rows == null ? t : rows[t]) * in + i;
        FloatVector a = (add ? load(dw, d, m) : zero());
        for (int r = 0; r < batch; r++) {
            a = load(x, r * in + i, m).fma(splat(g[r * ldg + t]), a);
        }
        a.intoArray(dw, d, m);
    }

    // ---- bias gradient ------------------------------------------------------------------------

    @Override
    public void biasGrad(float[] dy, float[] db, int batch, int out, int j0, int j1, boolean add) {
        int j = j0;
        for (; j + 4 * L <= j1; j += 4 * L) {
            FloatVector a0 = (add ? load(db, j) : zero());
            FloatVector a1 = (add ? load(db, j + L) : zero());
            FloatVector a2 = (add ? load(db, j + 2 * L) : zero());
            FloatVector a3 = (add ? load(db, j + 3 * L) : zero());
            for (int r = 0; r < batch; r++) {
                int o = r * out + j;
                a0 = a0.add(load(dy, o));
                a1 = a1.add(load(dy, o + L));
                a2 = a2.add(load(dy, o + 2 * L));
                a3 = a3.add(load(dy, o + 3 * L));
            }
            a0.intoArray(db, j);
            a1.intoArray(db, j + L);
            a2.intoArray(db, j + 2 * L);
            a3.intoArray(db, j + 3 * L);
        }
        for (; j < j1; j += L) {
            VectorMask<Float> m = S.indexInRange(j, j1);
            FloatVector a = (add ? load(db, j, m) : zero());
            for (int r = 0; r < batch; r++) {
                a = a.add(load(dy, r * out + j, m));
            }
            a.intoArray(db, j, m);
        }
    }

    // ---- per-example sparse backward -----------------------------------------------------------

    @Override
    public void sparseInputGrad(float[] dy, int[] idx, int k, float[] w, float[] dx, int in, int out, int r0, int r1) {
        int bound = S.loopBound(in);
        int i = 0;
        for (; i + 8 * L <= bound; i += 8 * L) {
            for (int r = r0; r < r1; r++) {
                sparseInputGrad1x8(dy, idx, k, w, dx, in, out, r, i);
            }
        }
        for (; i < in; i += L) {
            VectorMask<Float> m = S.indexInRange(i, in);
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                sparseInputGrad4x1(dy, idx, k, w, dx, in, out, r, i, m);
            }
            for (; r < r1; r++) {
                FloatVector a = FloatVector.zero(S);
                int p = r * k;
                for (int t = 0; t < k; t++) {
                    int j = idx[p + t];
                    a = load(w, j * in + i, m).fma(splat(dy[r * out + j]), a);
                }
                a.intoArray(dx, r * in + i, m);
            }
        }
    }

    /**
     * One example × 8 vectors of dx: 8 independent chains over the example's k rows, so the index
     * arithmetic and bounds checks of a selected row are paid once per 8 FMAs.
     */
    private static void sparseInputGrad1x8(float[] dy, int[] idx, int k, float[] w, float[] dx, int in, int out,
            int r, int i) {
        int p0 = r * k;
        int y0 = r * out;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (int t = 0; t < k; t++) {
            int j = idx[p0 + t];
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
        int d = r * in + i;
        a0.intoArray(dx, d);
        a1.intoArray(dx, d + L);
        a2.intoArray(dx, d + 2 * L);
        a3.intoArray(dx, d + 3 * L);
        a4.intoArray(dx, d + 4 * L);
        a5.intoArray(dx, d + 5 * L);
        a6.intoArray(dx, d + 6 * L);
        a7.intoArray(dx, d + 7 * L);
    }

    /** Four examples × one (possibly partial, {@code m}) vector of dx: the columns after the 8-vector blocks. */
    private static void sparseInputGrad4x1(float[] dy, int[] idx, int k, float[] w, float[] dx, int in, int out,
            int r, int i, VectorMask<Float> m) {
        int p = r * k;
        int y0 = r * out;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int t = 0; t < k; t++) {
            int j = idx[p + t];
            a0 = load(w, j * in + i, m).fma(splat(dy[y0 + j]), a0);
            j = idx[p + k + t];
            a1 = load(w, j * in + i, m).fma(splat(dy[y0 + out + j]), a1);
            j = idx[p + 2 * k + t];
            a2 = load(w, j * in + i, m).fma(splat(dy[y0 + 2 * out + j]), a2);
            j = idx[p + 3 * k + t];
            a3 = load(w, j * in + i, m).fma(splat(dy[y0 + 3 * out + j]), a3);
        }
        int d = r * in + i;
        a0.intoArray(dx, d, m);
        a1.intoArray(dx, d + in, m);
        a2.intoArray(dx, d + 2 * in, m);
        a3.intoArray(dx, d + 3 * in, m);
    }

    /**
     * Rows of dw in ascending order (so dw streams through the cache sequentially); each selected
     * row is loaded in blocks of 8 vectors, receives g·x of every example that selected it in
     * registers, and is stored once.
     */
    @Override
    public void sparseWeightGrad(float[] x, float[] dy, int[] idx, int k, float[] dw, int batch, int in, int out,
            int j0, int j1, boolean add) {
        SparseScratch s = SparseScratch.get();
        s.groupByRow(dy, idx, k, batch, out, j0, j1);
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
            for (; i + 8 * L <= bound; i += 8 * L) {
                sparseWeightGradRow8(x, ex, gr, p0, e, dw, wo + i, in, i, add);
            }
            for (; i < in; i += L) {
                VectorMask<Float> m = S.indexInRange(i, in);
                FloatVector a = (add ? load(dw, wo + i, m) : zero());
                for (int p = p0; p < e; p++) {
                    a = load(x, ex[p] * in + i, m).fma(splat(gr[p]), a);
                }
                a.intoArray(dw, wo + i, m);
            }
        }
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
}
