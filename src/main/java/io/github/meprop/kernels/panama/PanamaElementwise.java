package io.github.meprop.kernels.panama;

import static io.github.meprop.kernels.scalar.Transcendental.EXP_HI;
import static io.github.meprop.kernels.scalar.Transcendental.EXP_LO;
import static io.github.meprop.kernels.scalar.Transcendental.LN2_HI;
import static io.github.meprop.kernels.scalar.Transcendental.LN2_LO;
import static io.github.meprop.kernels.scalar.Transcendental.LOG2E;
import static io.github.meprop.kernels.scalar.Transcendental.P0;
import static io.github.meprop.kernels.scalar.Transcendental.P1;
import static io.github.meprop.kernels.scalar.Transcendental.P2;
import static io.github.meprop.kernels.scalar.Transcendental.P3;
import static io.github.meprop.kernels.scalar.Transcendental.P4;
import static io.github.meprop.kernels.scalar.Transcendental.Q0;
import static io.github.meprop.kernels.scalar.Transcendental.Q1;
import static io.github.meprop.kernels.scalar.Transcendental.Q2;
import static io.github.meprop.kernels.scalar.Transcendental.Q3;
import static io.github.meprop.kernels.scalar.Transcendental.Q4;
import static io.github.meprop.kernels.scalar.Transcendental.ROUND_MAGIC;
import static io.github.meprop.kernels.scalar.Transcendental.ROUND_MAGIC_BITS;
import static io.github.meprop.kernels.scalar.Transcendental.TANH_SMALL;

import io.github.meprop.kernels.provider.ElementwiseKernel;
import io.github.meprop.kernels.scalar.ScalarElementwise;
import io.github.meprop.kernels.scalar.Subnormals;
import io.github.meprop.kernels.scalar.Transcendental;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise kernels written with the Vector API: one pass over the data, {@code loopBound}
 * vector body, scalar tail computing the same formula with the same rounding steps, so results are
 * bit-identical to the plain-Java twin wherever an element sits. exp, tanh and sigmoid are the
 * polynomial versions of {@link Transcendental} evaluated lane-wise, not
 * {@code VectorOperators.EXP/TANH}, whose results change when C2 compiles the loop (see
 * {@link Transcendental}).
 */
final class PanamaElementwise implements ElementwiseKernel {
    private static final VectorSpecies<Float> S = Species.FLOAT;
    private static final int L = S.length();
    private static final ScalarElementwise SCALAR = new ScalarElementwise();

    @Override
    public void relu(float[] x, float[] z, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.MAX, 0f).intoArray(z, i);
        }
        for (; i < n; i++) {
            z[i] = Math.max(x[i], 0f);
        }
    }

    @Override
    public void reluBackward(float[] z, float[] g, float[] dy, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMask<Float> live = FloatVector.fromArray(S, z, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, i), live).intoArray(dy, i);
        }
        for (; i < n; i++) {
            dy[i] = z[i] > 0f ? g[i] : 0f;
        }
    }

    @Override
    public void tanh(float[] x, float[] z, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            tanh(FloatVector.fromArray(S, x, i)).intoArray(z, i);
        }
        for (; i < n; i++) {
            z[i] = Transcendental.tanh(x[i]);
        }
    }

    @Override
    public void tanhBackward(float[] z, float[] g, float[] dy, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector zv = FloatVector.fromArray(S, z, i);
            FloatVector d = FloatVector.broadcast(S, 1f).sub(zv.mul(zv));
            FloatVector.fromArray(S, g, i).mul(d).intoArray(dy, i);
        }
        for (; i < n; i++) {
            dy[i] = g[i] * (1f - z[i] * z[i]);
        }
    }

    @Override
    public void sigmoid(float[] x, float[] z, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector e = exp(FloatVector.fromArray(S, x, i).neg());
            FloatVector.broadcast(S, 1f).div(e.add(1f)).intoArray(z, i);
        }
        for (; i < n; i++) {
            z[i] = Transcendental.sigmoid(x[i]);
        }
    }

    @Override
    public void sigmoidBackward(float[] z, float[] g, float[] dy, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector zv = FloatVector.fromArray(S, z, i);
            FloatVector d = zv.mul(FloatVector.broadcast(S, 1f).sub(zv));
            FloatVector.fromArray(S, g, i).mul(d).intoArray(dy, i);
        }
        for (; i < n; i++) {
            dy[i] = g[i] * (z[i] * (1f - z[i]));
        }
    }

    /**
     * Per row: the maximum (vector MAX reduction), e = exp(l − max) lane-wise into dlogits, the sum
     * of e in position order (scalar, as the twin does, so both give the same bits), then
     * dlogits = e·((1/batch)/sum) and −1/batch at the label. Without dlogits (loss only) the
     * plain-Java twin runs. Rows shorter than a vector use one masked vector.
     */
    @Override
    public double softmaxCrossEntropy(float[] logits, int[] labels, int labelOff, float[] dlogits, int batch,
            int classes) {
        if (batch == 0 || dlogits == null) {
            return SCALAR.softmaxCrossEntropy(logits, labels, labelOff, dlogits, batch, classes);
        }
        float invBatch = 1f / batch;
        double total = 0.0;
        for (int r = 0; r < batch; r++) {
            int off = r * classes;
            float max = rowMax(logits, off, classes);
            for (int j = 0; j < classes; j += L) {
                VectorMask<Float> in = S.indexInRange(j, classes);
                exp(FloatVector.fromArray(S, logits, off + j, in).sub(max)).intoArray(dlogits, off + j, in);
            }
            float sum = 0f;
            for (int j = 0; j < classes; j++) {
                sum += dlogits[off + j];
            }
            int y = labels[labelOff + r];
            total += Math.log(sum) - (double) (logits[off + y] - max);
            float f = invBatch / sum;
            for (int j = 0; j < classes; j += L) {
                VectorMask<Float> in = S.indexInRange(j, classes);
                FloatVector.fromArray(S, dlogits, off + j, in).mul(f).intoArray(dlogits, off + j, in);
            }
            dlogits[off + y] -= invBatch;
        }
        return total / batch;
    }

    /** Largest entry of m[off..off+n) (n ≥ 1), NaN if any entry is NaN. */
    private static float rowMax(float[] m, int off, int n) {
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < n; j += L) {
            VectorMask<Float> in = S.indexInRange(j, n);
            acc = acc.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, m, off + j, in), in);
        }
        return acc.reduceLanes(VectorOperators.MAX);
    }

    /**
     * The first position of the row's maximum ({@code ==}, so -0 and +0 tie), or of its first NaN:
     * what the vector passes find ({@code Math.max} is associative, so the maximum does not
     * depend on the order).
     */
    private static int scalarArgmax(float[] m, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, m[off + j]);
        }
        boolean nan = Float.isNaN(max);
        for (int j = 0; j < n; j++) {
            float v = m[off + j];
            if (nan ? Float.isNaN(v) : v == max) {
                return j;
            }
        }
        return 0;
    }

    /** Two vector passes per row: the maximum, then the first lane equal to it (or the first NaN). */
    @Override
    public void argmaxRows(float[] m, int rows, int n, int[] out) {
        // The last rows, whose masked vectors would run past the end of m, go the scalar way: a
        // masked access past the end of an array runs the Vector API's Java fallback, which
        // allocates (48 bytes per training step: the batch's last row of 10 logits). The result
        // is an index, the same either way.
        int span = (n + L - 1) / L * L;
        int vectorRows = rows;
        while (vectorRows > 0 && (long) (vectorRows - 1) * n + span > m.length) {
            vectorRows--;
        }
        for (int r = vectorRows; r < rows; r++) {
            out[r] = scalarArgmax(m, r * n, n);
        }
        for (int r = 0; r < vectorRows; r++) {
            int off = r * n;
            float max = rowMax(m, off, n);
            boolean nan = Float.isNaN(max);
            int found = 0;
            for (int j = 0; j < n; j += L) {
                VectorMask<Float> in = S.indexInRange(j, n);
                FloatVector v = FloatVector.fromArray(S, m, off + j, in);
                VectorMask<Float> hit = nan ? v.test(VectorOperators.IS_NAN).and(in) : v.compare(VectorOperators.EQ, max, in);
                int lane = hit.firstTrue();
                if (lane < L) {
                    found = j + lane;
                    break;
                }
            }
            out[r] = found;
        }
    }

    @Override
    public void clip(float[] a, int off, int n, float c) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, off + i).lanewise(VectorOperators.MAX, -c).lanewise(VectorOperators.MIN, c)
                    .intoArray(a, off + i);
        }
        for (; i < n; i++) {
            a[off + i] = Math.min(Math.max(a[off + i], -c), c);
        }
    }

    @Override
    public void scale(float[] a, int off, int n, float s) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, off + i).mul(s).intoArray(a, off + i);
        }
        for (; i < n; i++) {
            a[off + i] *= s;
        }
    }

    /** {@link Arrays#fill}: C2 already compiles it to a vectorized fill stub. */
    @Override
    public void zero(float[] a, int off, int n) {
        Arrays.fill(a, off, off + n, 0f);
    }

    @Override
    public void sgd(float[] w, float[] g, int off, int n, float lr, float clip) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            int p = off + i;
            FloatVector gc = FloatVector.fromArray(S, g, p).lanewise(VectorOperators.MAX, -clip)
                    .lanewise(VectorOperators.MIN, clip);
            FloatVector.fromArray(S, w, p).sub(gc.mul(lr)).intoArray(w, p);
        }
        for (; i < n; i++) {
            int p = off + i;
            float gc = Math.min(Math.max(g[p], -clip), clip);
            w[p] = w[p] - lr * gc;
        }
    }

    @Override
    public void sgdRows(float[] w, float[] g, int[] rows, int count, int rowLen, float lr, float clip) {
        for (int t = 0; t < count; t++) {
            sgd(w, g, rows[t] * rowLen, rowLen, lr, clip);
        }
    }

    @Override
    public void sgdMomentum(float[] w, float[] g, float[] v, int off, int n, float lr, float momentum, float clip) {
        FloatVector mu = FloatVector.broadcast(S, momentum);
        FloatVector lo = FloatVector.broadcast(S, -clip);
        FloatVector hi = FloatVector.broadcast(S, clip);
        int end = off + n;
        int p = off;
        for (int bound = off + S.loopBound(n); p < bound; p += L) {
            FloatVector gc = FloatVector.fromArray(S, g, p).max(lo).min(hi);
            FloatVector vv = flushSubnormal(FloatVector.fromArray(S, v, p).fma(mu, gc));
            vv.intoArray(v, p);
            FloatVector.fromArray(S, w, p).sub(vv.mul(lr)).intoArray(w, p);
        }
        for (; p < end; p++) {
            float gc = Math.min(Math.max(g[p], -clip), clip);
            float vi = Subnormals.flush(Math.fma(v[p], momentum, gc));
            v[p] = vi;
            w[p] = w[p] - lr * vi;
        }
    }

    @Override
    public void adam(float[] w, float[] g, float[] m, float[] v, int off, int n, float lr, float beta1,
            float beta2, float eps, float clip) {
        float keep1 = 1f - beta1;
        float keep2 = 1f - beta2;
        FloatVector b1 = FloatVector.broadcast(S, beta1);
        FloatVector b2 = FloatVector.broadcast(S, beta2);
        FloatVector k1 = FloatVector.broadcast(S, keep1);
        FloatVector k2 = FloatVector.broadcast(S, keep2);
        FloatVector lo = FloatVector.broadcast(S, -clip);
        FloatVector hi = FloatVector.broadcast(S, clip);
        FloatVector rate = FloatVector.broadcast(S, lr);
        FloatVector epsilon = FloatVector.broadcast(S, eps);
        int end = off + n;
        int p = off;
        for (int bound = off + S.loopBound(n); p < bound; p += L) {
            FloatVector gc = FloatVector.fromArray(S, g, p).max(lo).min(hi);
            FloatVector mv = flushSubnormal(FloatVector.fromArray(S, m, p).fma(b1, gc.mul(k1)));
            FloatVector vv = FloatVector.fromArray(S, v, p).fma(b2, gc.mul(k2).mul(gc));
            mv.intoArray(m, p);
            vv.intoArray(v, p);
            FloatVector step = mv.mul(rate).div(vv.sqrt().add(epsilon));
            FloatVector.fromArray(S, w, p).sub(step).intoArray(w, p);
        }
        for (; p < end; p++) {
            float gc = Math.min(Math.max(g[p], -clip), clip);
            float mi = Subnormals.flush(Math.fma(m[p], beta1, gc * keep1));
            float vi = Math.fma(v[p], beta2, gc * keep2 * gc);
            m[p] = mi;
            v[p] = vi;
            w[p] = w[p] - lr * mi / ((float) Math.sqrt(vi) + eps);
        }
    }

    /** {@link Subnormals#flush} lane-wise: integer compare of the magnitude bits, then the sign bit kept. */
    private static FloatVector flushSubnormal(FloatVector x) {
        IntVector bits = x.reinterpretAsInts();
        VectorMask<Integer> tiny = bits.and(Subnormals.MAGNITUDE_BITS).compare(VectorOperators.LT, Subnormals.MIN_NORMAL_BITS);
        return bits.blend(bits.and(Subnormals.SIGN_BIT), tiny).reinterpretAsFloats();
    }

    @Override
    public void adamRows(float[] w, float[] g, float[] m, float[] v, int[] rows, int count, int rowLen, float lr,
            float beta1, float beta2, float eps, float clip) {
        for (int t = 0; t < count; t++) {
            adam(w, g, m, v, rows[t] * rowLen, rowLen, lr, beta1, beta2, eps, clip);
        }
    }

    /**
     * Lane-wise over the units of each row (vector body plus the same formula per element in the
     * scalar tail): σ through {@link #exp}, tanh through {@link #tanh}, as the twin.
     */
    @Override
    public void lstmCellForward(float[] gx, int gxOff, float[] gh, int ghOff, float[] cPrev, int cPrevOff,
            float[] gates, int gatesOff, float[] c, int cOff, float[] tanhC, int tanhCOff, float[] h, int hOff,
            int rows, int units) {
        int w = 4 * units;
        int bound = S.loopBound(units);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int r = 0; r < rows; r++) {
            int rg = r * w;
            int rs = r * units;
            int j = 0;
            for (; j < bound; j += L) {
                int gi = rg + j;
                FloatVector i = sigmoid(FloatVector.fromArray(S, gx, gxOff + gi)
                        .add(FloatVector.fromArray(S, gh, ghOff + gi)), one);
                FloatVector f = sigmoid(FloatVector.fromArray(S, gx, gxOff + gi + units)
                        .add(FloatVector.fromArray(S, gh, ghOff + gi + units)), one);
                FloatVector g = tanh(FloatVector.fromArray(S, gx, gxOff + gi + 2 * units)
                        .add(FloatVector.fromArray(S, gh, ghOff + gi + 2 * units)));
                FloatVector o = sigmoid(FloatVector.fromArray(S, gx, gxOff + gi + 3 * units)
                        .add(FloatVector.fromArray(S, gh, ghOff + gi + 3 * units)), one);
                FloatVector cv = f.fma(FloatVector.fromArray(S, cPrev, cPrevOff + rs + j), i.mul(g));
                FloatVector t = tanh(cv);
                i.intoArray(gates, gatesOff + gi);
                f.intoArray(gates, gatesOff + gi + units);
                g.intoArray(gates, gatesOff + gi + 2 * units);
                o.intoArray(gates, gatesOff + gi + 3 * units);
                cv.intoArray(c, cOff + rs + j);
                t.intoArray(tanhC, tanhCOff + rs + j);
                o.mul(t).intoArray(h, hOff + rs + j);
            }
            ScalarElementwise.lstmCellForwardUnits(gx, gxOff, gh, ghOff, cPrev, cPrevOff, gates, gatesOff, c, cOff,
                    tanhC, tanhCOff, h, hOff, r, units, j, units);
        }
    }

    @Override
    public void lstmCellBackward(float[] gates, int gatesOff, float[] cPrev, int cPrevOff, float[] tanhC,
            int tanhCOff, float[] dh, int dhOff, float[] dc, int dcOff, float[] dpre, int dpreOff, int rows,
            int units) {
        int w = 4 * units;
        int bound = S.loopBound(units);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int r = 0; r < rows; r++) {
            int rg = r * w;
            int rs = r * units;
            int j = 0;
            for (; j < bound; j += L) {
                int gi = rg + j;
                int s = rs + j;
                FloatVector i = FloatVector.fromArray(S, gates, gatesOff + gi);
                FloatVector f = FloatVector.fromArray(S, gates, gatesOff + gi + units);
                FloatVector g = FloatVector.fromArray(S, gates, gatesOff + gi + 2 * units);
                FloatVector o = FloatVector.fromArray(S, gates, gatesOff + gi + 3 * units);
                FloatVector t = FloatVector.fromArray(S, tanhC, tanhCOff + s);
                FloatVector d = FloatVector.fromArray(S, dh, dhOff + s);
                FloatVector dct = d.mul(o).fma(one.sub(t.mul(t)), FloatVector.fromArray(S, dc, dcOff + s));
                dct.mul(g).mul(i.mul(one.sub(i))).intoArray(dpre, dpreOff + gi);
                dct.mul(FloatVector.fromArray(S, cPrev, cPrevOff + s)).mul(f.mul(one.sub(f)))
                        .intoArray(dpre, dpreOff + gi + units);
                dct.mul(i).mul(one.sub(g.mul(g))).intoArray(dpre, dpreOff + gi + 2 * units);
                d.mul(t).mul(o.mul(one.sub(o))).intoArray(dpre, dpreOff + gi + 3 * units);
                dct.mul(f).intoArray(dc, dcOff + s);
            }
            ScalarElementwise.lstmCellBackwardUnits(gates, gatesOff, cPrev, cPrevOff, tanhC, tanhCOff, dh, dhOff, dc,
                    dcOff, dpre, dpreOff, r, units, j, units);
        }
    }

    /** {@link Transcendental#sigmoid} lane-wise: 1 / (1 + e^(−x)). */
    private static FloatVector sigmoid(FloatVector x, FloatVector one) {
        return one.div(exp(x.neg()).add(1f));
    }

    /** {@link Transcendental#exp} lane-wise: the same operations in the same order. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.lanewise(VectorOperators.MAX, EXP_LO).lanewise(VectorOperators.MIN, EXP_HI);
        FloatVector t = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND_MAGIC));
        FloatVector n = t.sub(ROUND_MAGIC);
        IntVector ni = t.viewAsIntegralLanes().sub(ROUND_MAGIC_BITS);
        FloatVector nn = n.neg();
        FloatVector r = nn.fma(FloatVector.broadcast(S, LN2_HI), xc);
        r = nn.fma(FloatVector.broadcast(S, LN2_LO), r);
        FloatVector q = FloatVector.broadcast(S, Q4).fma(r, FloatVector.broadcast(S, Q3));
        q = q.fma(r, FloatVector.broadcast(S, Q2));
        q = q.fma(r, FloatVector.broadcast(S, Q1));
        q = q.fma(r, FloatVector.broadcast(S, Q0));
        FloatVector y = q.fma(r.mul(r), r).add(1f);
        IntVector a = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector b = ni.sub(a);
        FloatVector sa = a.add(127).lanewise(VectorOperators.LSHL, 23).viewAsFloatingLanes();
        FloatVector sb = b.add(127).lanewise(VectorOperators.LSHL, 23).viewAsFloatingLanes();
        y = y.mul(sa).mul(sb);
        return y.blend(0f, x.compare(VectorOperators.LT, EXP_LO));
    }

    /** {@link Transcendental#tanh} lane-wise: the same operations in the same order. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector u = a.mul(a);
        FloatVector p = FloatVector.broadcast(S, P4).fma(u, FloatVector.broadcast(S, P3));
        p = p.fma(u, FloatVector.broadcast(S, P2));
        p = p.fma(u, FloatVector.broadcast(S, P1));
        p = p.fma(u, FloatVector.broadcast(S, P0));
        FloatVector small = a.mul(u).fma(p, a);
        FloatVector large = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(a.add(a)).add(1f)));
        FloatVector t = large.blend(small, a.compare(VectorOperators.LT, TANH_SMALL));
        IntVector magnitude = t.viewAsIntegralLanes().and(0x7FFFFFFF);
        IntVector sign = x.viewAsIntegralLanes().and(0x80000000);
        return magnitude.or(sign).viewAsFloatingLanes();
    }
}
