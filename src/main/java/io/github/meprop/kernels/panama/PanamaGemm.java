package io.github.meprop.kernels.panama;

import static io.github.meprop.kernels.panama.FloatVectors.L;
import static io.github.meprop.kernels.panama.FloatVectors.S;
import static io.github.meprop.kernels.panama.FloatVectors.load;
import static io.github.meprop.kernels.panama.FloatVectors.splat;
import static io.github.meprop.kernels.panama.FloatVectors.sum;

import io.github.meprop.kernels.provider.GemmKernel;
import jdk.incubator.vector.FloatVector;

/**
 * The forward GEMM {@code y = x·wᵀ + b} with the Vector API (both operands row-major along
 * {@code in}): for whole vectors of examples, broadcast tiles over a copy of x packed in panels of
 * 3 vectors of examples (6 rows of W × 3 vectors of examples, 18 accumulators, 6 broadcasts and 3
 * loads at a constant stride per step, no horizontal reduction); for the remaining examples (GEMV
 * when batch &lt; lanes) dot-product tiles of 4
 * examples × 3 rows of W, 12 accumulators sharing 7 loads per step, reduced with the fixed
 * lane-folding tree {@link FloatVectors#sum} (not {@code reduceLanes}, whose order may change with
 * the JIT tier). Both walk W in blocks of rows that stay in L2.
 */
final class PanamaGemm implements GemmKernel {
    /** Rows of W per forward block: about 128 KiB of W, so a block stays in L2 while x streams. */
    private static final int W_BLOCK_FLOATS = 32 * 1024;

    /**
     * Forward over output columns [j0, j1). The first {@code n = batch - batch % L} examples go
     * through broadcast tiles over a packed copy of x (per-thread scratch, written in O(n·in)):
     * panels of 3 vectors of examples, each panel {@code [in × 3L]} contiguous, then one-vector
     * panels {@code [in × L]} for the rest of n. Tiles of 6 rows of W × a 3-vector panel (then 4
     * rows, then 1; 4 rows × a one-vector panel): per step one broadcast per row of W, one load per
     * vector of the panel at a constant stride, and rows × vectors FMAs; each
     * output is one FMA chain over {@code in} in index order (so these outputs equal the plain-Java
     * twin's exactly). The last {@code batch % L} examples (all of them when batch &lt; L, e.g.
     * GEMV) use dot-product tiles directly on x. W is walked in blocks of rows of about 128 KiB,
     * and each block serves both paths while it is in L2.
     */
    @Override
    public void forward(float[] x, float[] w, float[] b, float[] y, int batch, int in, int out, int j0, int j1) {
        if (j1 <= j0) {
            return;
        }
        int n = batch / L * L;
        int full = n / (3 * L) * (3 * L);
        Scratch sc = Scratch.get();
        float[] xp = n > 0 ? sc.pack(x, n, in) : null;
        float[] tmp = sc.tile;
        int block = Math.max(12, W_BLOCK_FLOATS / Math.max(1, in) / 12 * 12);
        for (int jb = j0; jb < j1; jb += block) {
            int je = Math.min(j1, jb + block);
            int r = 0;
            for (; r < full; r += 3 * L) {
                int base = r * in;
                int j = jb;
                for (; j + 6 <= je; j += 6) {
                    bcast6x3(xp, base, r, w, j, b, y, in, out, tmp);
                }
                for (; j + 4 <= je; j += 4) {
                    bcast4x3(xp, base, r, w, j, b, y, in, out, tmp);
                }
                for (; j < je; j++) {
                    bcast1x3(xp, base, r, w, j, b, y, in, out, tmp);
                }
            }
            for (; r < n; r += L) {
                int base = r * in;
                int j = jb;
                for (; j + 4 <= je; j += 4) {
                    bcast4x1(xp, base, r, w, j, b, y, in, out, tmp);
                }
                for (; j < je; j++) {
                    bcast1x1(xp, base, r, w, j, b, y, in, out, tmp);
                }
            }
            for (; r + 4 <= batch; r += 4) {
                int j = jb;
                for (; j + 3 <= je; j += 3) {
                    dot4x3(x, r * in, w, j, b, y, r * out, in, out, tmp);
                }
                for (; j < je; j++) {
                    dot4x1(x, r * in, w, j, b, y, r * out, in, out, tmp);
                }
            }
            for (; r < batch; r++) {
                int j = jb;
                for (; j + 4 <= je; j += 4) {
                    dot1x4(x, r * in, w, j, b, y, r * out, in, tmp);
                }
                for (; j < je; j++) {
                    dot1x1(x, r * in, w, j, b, y, r * out, in, tmp);
                }
            }
        }
    }

    /** Per-thread scratch of the forward pass: the packed x and one tile of results. */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
        final float[] tile = new float[18 * L];
        private float[] xp = new float[0];

        static Scratch get() {
            return LOCAL.get();
        }

        /**
         * The first n examples (a multiple of L) in panels: examples [p, p + P) with P = 3L while
         * 3L fit, then P = L, stored from {@code p·in} as {@code xp[p·in + i·P + q] = x[(p + q)·in + i]}.
         * With 16 lanes, 16 × 16 blocks transposed in registers ({@link Transpose16}) and the last
         * {@code in % 16} inputs one at a time; otherwise 8 examples per pass (8 sequential reads,
         * one 32-byte write per i), then one at a time.
         */
        float[] pack(float[] x, int n, int in) {
            if (xp.length < n * in) {
                xp = new float[n * in];
            }
            float[] t = xp;
            int full = n / (3 * L) * (3 * L);
            if (Transpose16.AVAILABLE) {
                packByBlocks(x, t, n, in, full);
                return t;
            }
            for (int p = 0; p < n; ) {
                int width = p < full ? 3 * L : L;
                int base = p * in;
                int q = 0;
                for (; q + 8 <= width; q += 8) {
                    int x0 = (p + q) * in;
                    int o = base + q;
                    for (int i = 0; i < in; i++, o += width) {
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
                for (; q < width; q++) { // 4 lanes: panels of 12 and 4 examples
                    int x0 = (p + q) * in;
                    int o = base + q;
                    for (int i = 0; i < in; i++, o += width) {
                        t[o] = x[x0 + i];
                    }
                }
                p += width;
            }
            return t;
        }

        /** {@link #pack} with 16 lanes: each group of 16 examples by 16 × 16 blocks of inputs. */
        private static void packByBlocks(float[] x, float[] t, int n, int in, int full) {
            int blocks = in / 16 * 16;
            for (int p = 0; p < n; ) {
                int width = p < full ? 48 : 16;
                int base = p * in;
                for (int q = 0; q < width; q += 16) {
                    int x0 = (p + q) * in;
                    for (int i = 0; i < blocks; i += 16) {
                        Transpose16.block(x, x0 + i, in, t, base + i * width + q, width);
                    }
                    for (int i = blocks; i < in; i++) {
                        int o = base + i * width + q;
                        for (int e = 0; e < 16; e++) {
                            t[o + e] = x[x0 + e * in + i];
                        }
                    }
                }
                p += width;
            }
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

    /**
     * y[r..r+3L, j..j+6] from the panel at xp[base]: 18 accumulators, per step 6 broadcasts of w and
     * 3 loads (9 loads per 18 FMAs, against 7 per 12 in {@link #bcast4x3}: on a core that issues one
     * 512-bit load per cycle beside two FMAs, the 4×3 tile is capped near 86% of the FMA peak).
     */
    private static void bcast6x3(float[] xp, int base, int r, float[] w, int j, float[] b, float[] y, int in, int out,
            float[] tmp) {
        int w0 = j * in;
        int w1 = w0 + in;
        int w2 = w1 + in;
        int w3 = w2 + in;
        int w4 = w3 + in;
        int w5 = w4 + in;
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
        FloatVector a40 = a00;
        FloatVector a41 = a00;
        FloatVector a42 = a00;
        FloatVector a50 = a00;
        FloatVector a51 = a00;
        FloatVector a52 = a00;
        for (int i = 0; i < in; i++) {
            int xo = base + i * (3 * L);
            FloatVector u0 = load(xp, xo);
            FloatVector u1 = load(xp, xo + L);
            FloatVector u2 = load(xp, xo + 2 * L);
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
            c = splat(w[w4 + i]);
            a40 = u0.fma(c, a40);
            a41 = u1.fma(c, a41);
            a42 = u2.fma(c, a42);
            c = splat(w[w5 + i]);
            a50 = u0.fma(c, a50);
            a51 = u1.fma(c, a51);
            a52 = u2.fma(c, a52);
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
        a40.intoArray(tmp, 12 * L);
        a41.intoArray(tmp, 13 * L);
        a42.intoArray(tmp, 14 * L);
        a50.intoArray(tmp, 15 * L);
        a51.intoArray(tmp, 16 * L);
        a52.intoArray(tmp, 17 * L);
        scatter(tmp, 6, 3, r, j, b, y, out);
    }

    /** y[r..r+3L, j..j+4] from the panel at xp[base]: 12 accumulators, per step 4 broadcasts of w, 3 loads. */
    private static void bcast4x3(float[] xp, int base, int r, float[] w, int j, float[] b, float[] y, int in, int out,
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
        int i = 0;
        for (; i < in; i++) {
            int xo = base + i * (3 * L);
            FloatVector u0 = load(xp, xo);
            FloatVector u1 = load(xp, xo + L);
            FloatVector u2 = load(xp, xo + 2 * L);
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

    private static void bcast1x3(float[] xp, int base, int r, float[] w, int j, float[] b, float[] y, int in, int out,
            float[] tmp) {
        int w0 = j * in;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        for (int i = 0; i < in; i++) {
            int xo = base + i * (3 * L);
            FloatVector c = splat(w[w0 + i]);
            a0 = load(xp, xo).fma(c, a0);
            a1 = load(xp, xo + L).fma(c, a1);
            a2 = load(xp, xo + 2 * L).fma(c, a2);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, L);
        a2.intoArray(tmp, 2 * L);
        scatter(tmp, 1, 3, r, j, b, y, out);
    }

    /** y[r..r+L, j..j+4] from a one-vector panel at xp[base] (stride L). */
    private static void bcast4x1(float[] xp, int base, int r, float[] w, int j, float[] b, float[] y, int in, int out,
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
            FloatVector u = load(xp, base + i * L);
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

    private static void bcast1x1(float[] xp, int base, int r, float[] w, int j, float[] b, float[] y, int in, int out,
            float[] tmp) {
        int w0 = j * in;
        FloatVector a = FloatVector.zero(S);
        for (int i = 0; i < in; i++) {
            a = load(xp, base + i * L).fma(splat(w[w0 + i]), a);
        }
        a.intoArray(tmp, 0);
        scatter(tmp, 1, 1, r, j, b, y, out);
    }

    private static float bias(float[] b, int j, float s) {
        return b == null ? s : s + b[j];
    }

    /** y[r..r+4, j..j+3]: 12 accumulators; per step 4 loads of x, 3 of w, 12 FMAs. */
    private static void dot4x3(float[] x, int x0, float[] w, int j, float[] b, float[] y, int y0, int in, int out,
            float[] tmp) {
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
        a00.intoArray(tmp, 0 * L);
        a01.intoArray(tmp, 1 * L);
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
        float s00 = sum(tmp, 0 * L);
        float s01 = sum(tmp, 1 * L);
        float s02 = sum(tmp, 2 * L);
        float s10 = sum(tmp, 3 * L);
        float s11 = sum(tmp, 4 * L);
        float s12 = sum(tmp, 5 * L);
        float s20 = sum(tmp, 6 * L);
        float s21 = sum(tmp, 7 * L);
        float s22 = sum(tmp, 8 * L);
        float s30 = sum(tmp, 9 * L);
        float s31 = sum(tmp, 10 * L);
        float s32 = sum(tmp, 11 * L);
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
    private static void dot4x1(float[] x, int x0, float[] w, int j, float[] b, float[] y, int y0, int in, int out,
            float[] tmp) {
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
        a0.intoArray(tmp, 0 * L);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        float s0 = sum(tmp, 0 * L);
        float s1 = sum(tmp, 1 * L);
        float s2 = sum(tmp, 2 * L);
        float s3 = sum(tmp, 3 * L);
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
    private static void dot1x4(float[] x, int x0, float[] w, int j, float[] b, float[] y, int y0, int in,
            float[] tmp) {
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
        a0.intoArray(tmp, 0 * L);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        float s0 = sum(tmp, 0 * L);
        float s1 = sum(tmp, 1 * L);
        float s2 = sum(tmp, 2 * L);
        float s3 = sum(tmp, 3 * L);
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
    private static void dot1x1(float[] x, int x0, float[] w, int j, float[] b, float[] y, int y0, int in,
            float[] tmp) {
        int w0 = j * in;
        FloatVector a = FloatVector.zero(S);
        int bound = S.loopBound(in);
        int i = 0;
        for (; i < bound; i += L) {
            a = load(x, x0 + i).fma(load(w, w0 + i), a);
        }
        a.intoArray(tmp, 0);
        float s = sum(tmp, 0);
        for (; i < in; i++) {
            s = Math.fma(x[x0 + i], w[w0 + i], s);
        }
        y[y0 + j] = bias(b, j, s);
    }
}
