package io.github.meprop.kernels.panama;

import io.github.meprop.kernels.provider.ElementwiseKernel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise kernels written with the Vector API: one pass over the data, {@code loopBound}
 * vector body, scalar tail computing the same formula with the same rounding steps (so results
 * are bit-identical to the plain-Java twin, wherever an element sits). tanh, sigmoid and the
 * softmax use the Vector API's {@code TANH}/{@code EXP} (backed by Intel SVML stubs on x86, within
 * 1 ulp of {@code Math}); for those the twins agree to a few ulps, not bit for bit.
 */
final class PanamaElementwise implements ElementwiseKernel {
    private static final VectorSpecies<Float> S = Species.FLOAT;
    private static final int L = S.length();

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
            FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(z, i);
        }
        for (; i < n; i++) {
            z[i] = (float) Math.tanh(x[i]);
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
            FloatVector e = FloatVector.fromArray(S, x, i).neg().lanewise(VectorOperators.EXP);
            FloatVector.broadcast(S, 1f).div(e.add(1f)).intoArray(z, i);
        }
        for (; i < n; i++) {
            z[i] = 1f / (1f + (float) Math.exp(-x[i]));
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
     * Per row: max (vector MAX reduction), e = exp(l − max) (vector EXP), sum, then
     * dlogits = e·(1/batch)/sum − onehot/batch. Rows shorter than a vector use one masked vector.
     */
    @Override
    public double softmaxCrossEntropy(float[] logits, int[] labels, int labelOff, float[] dlogits, int batch,
            int classes) {
        if (batch == 0) {
            return 0.0;
        }
        float invBatch = 1f / batch;
        double total = 0.0;
        for (int r = 0; r < batch; r++) {
            int off = r * classes;
            float max = rowMax(logits, off, classes);
            FloatVector acc = FloatVector.zero(S);
            for (int j = 0; j < classes; j += L) {
                VectorMask<Float> in = S.indexInRange(j, classes);
                FloatVector e = FloatVector.fromArray(S, logits, off + j, in).sub(max)
                        .lanewise(VectorOperators.EXP);
                acc = acc.add(e, in);
                if (dlogits != null) {
                    e.intoArray(dlogits, off + j, in);
                }
            }
            float sum = acc.reduceLanes(VectorOperators.ADD);
            int y = labels[labelOff + r];
            total += Math.log(sum) - (double) (logits[off + y] - max);
            if (dlogits != null) {
                float f = invBatch / sum;
                for (int j = 0; j < classes; j += L) {
                    VectorMask<Float> in = S.indexInRange(j, classes);
                    FloatVector.fromArray(S, dlogits, off + j, in).mul(f).intoArray(dlogits, off + j, in);
                }
                dlogits[off + y] -= invBatch;
            }
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

    /** Two vector passes per row: the maximum, then the first lane equal to it (or the first NaN). */
    @Override
    public void argmaxRows(float[] m, int rows, int n, int[] out) {
        for (int r = 0; r < rows; r++) {
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
    public void adam(float[] w, float[] g, float[] m, float[] v, int off, int n, float lr, float beta1,
            float beta2, float eps, float clip) {
        float keep1 = 1f - beta1;
        float keep2 = 1f - beta2;
        FloatVector b1 = FloatVector.broadcast(S, beta1);
        FloatVector b2 = FloatVector.broadcast(S, beta2);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            int p = off + i;
            FloatVector gc = FloatVector.fromArray(S, g, p).lanewise(VectorOperators.MAX, -clip)
                    .lanewise(VectorOperators.MIN, clip);
            FloatVector mv = FloatVector.fromArray(S, m, p).fma(b1, gc.mul(keep1));
            FloatVector vv = FloatVector.fromArray(S, v, p).fma(b2, gc.mul(keep2).mul(gc));
            mv.intoArray(m, p);
            vv.intoArray(v, p);
            FloatVector step = mv.mul(lr).div(vv.sqrt().add(eps));
            FloatVector.fromArray(S, w, p).sub(step).intoArray(w, p);
        }
        for (; i < n; i++) {
            int p = off + i;
            float gc = Math.min(Math.max(g[p], -clip), clip);
            float mi = Math.fma(m[p], beta1, gc * keep1);
            float vi = Math.fma(v[p], beta2, gc * keep2 * gc);
            m[p] = mi;
            v[p] = vi;
            w[p] = w[p] - lr * mi / ((float) Math.sqrt(vi) + eps);
        }
    }

    @Override
    public void adamRows(float[] w, float[] g, float[] m, float[] v, int[] rows, int count, int rowLen, float lr,
            float beta1, float beta2, float eps, float clip) {
        for (int t = 0; t < count; t++) {
            adam(w, g, m, v, rows[t] * rowLen, rowLen, lr, beta1, beta2, eps, clip);
        }
    }
}
