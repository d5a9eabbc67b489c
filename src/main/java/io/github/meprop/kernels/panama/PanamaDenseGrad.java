package io.github.meprop.kernels.panama;

import static io.github.meprop.kernels.panama.FloatVectors.L;
import static io.github.meprop.kernels.panama.FloatVectors.S;
import static io.github.meprop.kernels.panama.FloatVectors.load;
import static io.github.meprop.kernels.panama.FloatVectors.splat;
import static io.github.meprop.kernels.panama.FloatVectors.zero;

import io.github.meprop.kernels.provider.DenseGradKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The dense gradients with the Vector API, in broadcast ("axpy") tiles of 6 rows × 3 vectors along
 * {@code in} (then 4 and 1 rows): per step 6 broadcasts, 3 loads, 18 FMAs, each element one FMA chain over the
 * reduction index in ascending order (identical to the plain-Java twin). The columns after the
 * last whole tile go through one-vector tiles whose last vector is masked, not a scalar tail.
 * <ul>
 *   <li>{@code inputGrad}: dx = g·w[rows] (dy broadcast, rows of W loaded);</li>
 *   <li>{@code weightGrad}: dw[rows] (+)= gᵀ·x (g broadcast, rows of x loaded, dw loaded once and
 *       stored once per tile);</li>
 *   <li>{@code biasGrad}: column sums of dy, 4 vectors of outputs at a time.</li>
 * </ul>
 */
final class PanamaDenseGrad implements DenseGradKernel {

    // ---- dense input gradient: dx = g·w[rows] --------------------------------------------------

    @Override
    public void inputGrad(float[] g, int ldg, int[] rows, int k, float[] w, float[] dx, int in, int r0, int r1) {
        int bound = S.loopBound(in);
        int i = 0;
        for (; i + 3 * L <= bound; i += 3 * L) {
            int r = r0;
            for (; r + 6 <= r1; r += 6) {
                inputGrad6x3(g, ldg, rows, k, w, dx, in, r, i);
            }
            for (; r + 4 <= r1; r += 4) {
                inputGrad4x3(g, ldg, rows, k, w, dx, in, r, i);
            }
            for (; r < r1; r++) {
                inputGrad1x3(g, ldg, rows, k, w, dx, in, r, i);
            }
        }
        for (; i < in; i += L) {
            int c = tailColumn(i, in);
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                inputGrad4x1(g, ldg, rows, k, w, dx, in, r, r + 1, r + 2, r + 3, c, i);
            }
            for (; r < r1; r++) {
                inputGrad4x1(g, ldg, rows, k, w, dx, in, r, r, r, r, c, i);
            }
        }
    }

    /** Six examples × 3 vectors of dx: per step 3 loads of W and 6 broadcasts for 18 FMAs (see {@link PanamaGemm}). */
    private static void inputGrad6x3(float[] g, int ldg, int[] rows, int k, float[] w, float[] dx, int in,
            int r, int i) {
        int g0 = r * ldg;
        int g1 = g0 + ldg;
        int g2 = g1 + ldg;
        int g3 = g2 + ldg;
        int g4 = g3 + ldg;
        int g5 = g4 + ldg;
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
            c = splat(g[g4 + t]);
            a40 = v0.fma(c, a40);
            a41 = v1.fma(c, a41);
            a42 = v2.fma(c, a42);
            c = splat(g[g5 + t]);
            a50 = v0.fma(c, a50);
            a51 = v1.fma(c, a51);
            a52 = v2.fma(c, a52);
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
        d += in;
        a40.intoArray(dx, d);
        a41.intoArray(dx, d + L);
        a42.intoArray(dx, d + 2 * L);
        d += in;
        a50.intoArray(dx, d);
        a51.intoArray(dx, d + L);
        a52.intoArray(dx, d + 2 * L);
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

    /**
     * Four examples (ra..rd) × the one vector of dx at column i, of which the columns from
     * {@code from} are kept ({@link #tailColumn}). The last examples of a range come here four
     * times the same (the same chain computed and stored four times): a separate one-example tile
     * is called so seldom that C2 compiled its vector operations as calls, which allocate.
     */
    private static void inputGrad4x1(float[] g, int ldg, int[] rows, int k, float[] w, float[] dx, int in,
            int ra, int rb, int rc, int rd, int i, int from) {
        VectorMask<Float> m = keep(i, from, in);
        int g0 = ra * ldg;
        int g1 = rb * ldg;
        int g2 = rc * ldg;
        int g3 = rd * ldg;
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
        a0.intoArray(dx, ra * in + i, m);
        a1.intoArray(dx, rb * in + i, m);
        a2.intoArray(dx, rc * in + i, m);
        a3.intoArray(dx, rd * in + i, m);
    }

    // ---- dense weight gradient: dw[rows] += gᵀ·x ------------------------------------------------

    @Override
    public void weightGrad(float[] g, int ldg, int[] rows, float[] x, float[] dw, int batch, int in, int t0, int t1,
            boolean add) {
        int bound = S.loopBound(in);
        int i = 0;
        for (; i + 3 * L <= bound; i += 3 * L) {
            int t = t0;
            for (; t + 6 <= t1; t += 6) {
                weightGrad6x3(g, ldg, rows, x, dw, batch, in, t, i, add);
            }
            for (; t + 4 <= t1; t += 4) {
                weightGrad4x3(g, ldg, rows, x, dw, batch, in, t, i, add);
            }
            for (; t < t1; t++) {
                weightGrad1x3(g, ldg, rows, x, dw, batch, in, t, i, add);
            }
        }
        for (; i < in; i += L) {
            int c = tailColumn(i, in);
            int t = t0;
            for (; t + 4 <= t1; t += 4) {
                weightGrad4x1(g, ldg, rows, x, dw, batch, in, t, t + 1, t + 2, t + 3, c, i, add);
            }
            for (; t < t1; t++) {
                weightGrad4x1(g, ldg, rows, x, dw, batch, in, t, t, t, t, c, i, add);
            }
        }
    }

    /** Six rows of dw × 3 vectors: per step 3 loads of x and 6 broadcasts for 18 FMAs (see {@link PanamaGemm}). */
    private static void weightGrad6x3(float[] g, int ldg, int[] rows, float[] x, float[] dw, int batch, int in,
            int t, int i, boolean add) {
        int d0 = (rows == null ? t : rows[t]) * in + i;
        int d1 = (rows == null ? t + 1 : rows[t + 1]) * in + i;
        int d2 = (rows == null ? t + 2 : rows[t + 2]) * in + i;
        int d3 = (rows == null ? t + 3 : rows[t + 3]) * in + i;
        int d4 = (rows == null ? t + 4 : rows[t + 4]) * in + i;
        int d5 = (rows == null ? t + 5 : rows[t + 5]) * in + i;
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
        FloatVector a40 = (add ? load(dw, d4) : zero());
        FloatVector a41 = (add ? load(dw, d4 + L) : zero());
        FloatVector a42 = (add ? load(dw, d4 + 2 * L) : zero());
        FloatVector a50 = (add ? load(dw, d5) : zero());
        FloatVector a51 = (add ? load(dw, d5 + L) : zero());
        FloatVector a52 = (add ? load(dw, d5 + 2 * L) : zero());
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
            c = splat(g[go + 4]);
            a40 = u0.fma(c, a40);
            a41 = u1.fma(c, a41);
            a42 = u2.fma(c, a42);
            c = splat(g[go + 5]);
            a50 = u0.fma(c, a50);
            a51 = u1.fma(c, a51);
            a52 = u2.fma(c, a52);
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
        a40.intoArray(dw, d4);
        a41.intoArray(dw, d4 + L);
        a42.intoArray(dw, d4 + 2 * L);
        a50.intoArray(dw, d5);
        a51.intoArray(dw, d5 + L);
        a52.intoArray(dw, d5 + 2 * L);
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

    /**
     * Four rows of dw (positions ta..td of the selection) × the one vector at column i, of which
     * the columns from {@code from} are kept ({@link #tailColumn}): 4 independent chains over the
     * examples. The last rows of a range come here four times the same, as in
     * {@link #inputGrad4x1}: each of the four chains loads dw before any stores it, so with
     * {@code add} the sum is still taken once.
     */
    private static void weightGrad4x1(float[] g, int ldg, int[] rows, float[] x, float[] dw, int batch, int in,
            int ta, int tb, int tc, int td, int i, int from, boolean add) {
        VectorMask<Float> m = keep(i, from, in);
        int d0 = (rows == null ? ta : rows[ta]) * in + i;
        int d1 = (rows == null ? tb : rows[tb]) * in + i;
        int d2 = (rows == null ? tc : rows[tc]) * in + i;
        int d3 = (rows == null ? td : rows[td]) * in + i;
        FloatVector a0 = (add ? load(dw, d0, m) : zero());
        FloatVector a1 = (add ? load(dw, d1, m) : zero());
        FloatVector a2 = (add ? load(dw, d2, m) : zero());
        FloatVector a3 = (add ? load(dw, d3, m) : zero());
        for (int r = 0; r < batch; r++) {
            FloatVector u = load(x, r * in + i, m);
            int go = r * ldg;
            a0 = u.fma(splat(g[go + ta]), a0);
            a1 = u.fma(splat(g[go + tb]), a1);
            a2 = u.fma(splat(g[go + tc]), a2);
            a3 = u.fma(splat(g[go + td]), a3);
        }
        a0.intoArray(dw, d0, m);
        a1.intoArray(dw, d1, m);
        a2.intoArray(dw, d2, m);
        a3.intoArray(dw, d3, m);
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
            int c = tailColumn(j, out);
            VectorMask<Float> m = keep(c, j, j1);
            FloatVector a = (add ? load(db, c, m) : zero());
            for (int r = 0; r < batch; r++) {
                a = a.add(load(dy, r * out + c, m));
            }
            a.intoArray(db, c, m);
        }
    }

    // ---- the last vector of a row --------------------------------------------------------------

    /**
     * Where the vector that covers columns {@code [i, min(i + L, width))} of a row of {@code width}
     * starts: at i, or, when it would run past the end of the row and the row has at least L
     * columns, at {@code width − L}, so that it lies inside the row. A masked access that runs past
     * the end of the array (the last row's) makes the Vector API check each lane and fall back to
     * Java code that allocates (about 160 KB per dense training step of the MNIST model); inside the
     * row it is one masked instruction. The lanes before i are masked off ({@link #keep}), so each
     * kept column gets the same chain as before: same bits.
     */
    static int tailColumn(int i, int width) {
        return i + L > width && width >= L ? width - L : i;
    }

    /** The lanes of the vector at column c whose columns are in {@code [from, to)}. */
    static VectorMask<Float> keep(int c, int from, int to) {
        return S.indexInRange(c - from, to - from);
    }
}
