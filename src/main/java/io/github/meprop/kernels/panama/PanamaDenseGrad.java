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
 * The dense gradients with the Vector API, in broadcast ("axpy") tiles of 4 rows × 3 vectors along
 * {@code in}: per step 4 broadcasts, 3 loads, 12 FMAs, each element one FMA chain over the
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
}
