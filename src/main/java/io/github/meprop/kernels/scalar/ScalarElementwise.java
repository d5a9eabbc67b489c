package io.github.meprop.kernels.scalar;

import io.github.meprop.kernels.provider.ElementwiseKernel;
import java.util.Arrays;

/**
 * Plain-Java element-wise kernels; the reference the SIMD twins are tested against. Every formula
 * is written with exactly the operation sequence of the SIMD version (including the fused
 * multiply-adds, and the exp/tanh of {@link Transcendental}), so the two agree bit for bit.
 */
public final class ScalarElementwise implements ElementwiseKernel {

    @Override
    public void relu(float[] x, float[] z, int n) {
        for (int i = 0; i < n; i++) {
            z[i] = Math.max(x[i], 0f);
        }
    }

    @Override
    public void reluBackward(float[] z, float[] g, float[] dy, int n) {
        for (int i = 0; i < n; i++) {
            dy[i] = z[i] > 0f ? g[i] : 0f;
        }
    }

    @Override
    public void tanh(float[] x, float[] z, int n) {
        for (int i = 0; i < n; i++) {
            z[i] = Transcendental.tanh(x[i]);
        }
    }

    @Override
    public void tanhBackward(float[] z, float[] g, float[] dy, int n) {
        for (int i = 0; i < n; i++) {
            dy[i] = tanhGrad(z[i], g[i]);
        }
    }

    @Override
    public void sigmoid(float[] x, float[] z, int n) {
        for (int i = 0; i < n; i++) {
            z[i] = Transcendental.sigmoid(x[i]);
        }
    }

    @Override
    public void sigmoidBackward(float[] z, float[] g, float[] dy, int n) {
        for (int i = 0; i < n; i++) {
            dy[i] = sigmoidGrad(z[i], g[i]);
        }
    }

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
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, logits[off + j]);
            }
            float sum = 0f;
            for (int j = 0; j < classes; j++) {
                float e = Transcendental.exp(logits[off + j] - max);
                sum += e;
                if (dlogits != null) {
                    dlogits[off + j] = e;
                }
            }
            int y = labels[labelOff + r];
            total += Math.log(sum) - (double) (logits[off + y] - max);
            if (dlogits != null) {
                float f = invBatch / sum;
                for (int j = 0; j < classes; j++) {
                    dlogits[off + j] *= f;
                }
                dlogits[off + y] -= invBatch;
            }
        }
        return total / batch;
    }

    @Override
    public void argmaxRows(float[] m, int rows, int n, int[] out) {
        for (int r = 0; r < rows; r++) {
            out[r] = argmax(m, r * n, n);
        }
    }

    /** Lowest position of the largest entry of m[off..off+n), a NaN counting above every number. */
    static int argmax(float[] m, int off, int n) {
        int best = 0;
        float bestValue = m[off];
        if (Float.isNaN(bestValue)) {
            return 0;
        }
        for (int j = 1; j < n; j++) {
            float v = m[off + j];
            if (Float.isNaN(v)) {
                return j;
            }
            if (v > bestValue) {
                bestValue = v;
                best = j;
            }
        }
        return best;
    }

    @Override
    public void clip(float[] a, int off, int n, float c) {
        for (int i = off; i < off + n; i++) {
            a[i] = Math.min(Math.max(a[i], -c), c);
        }
    }

    @Override
    public void scale(float[] a, int off, int n, float s) {
        for (int i = off; i < off + n; i++) {
            a[i] *= s;
        }
    }

    @Override
    public void zero(float[] a, int off, int n) {
        Arrays.fill(a, off, off + n, 0f);
    }

    @Override
    public void sgd(float[] w, float[] g, int off, int n, float lr, float clip) {
        for (int i = off; i < off + n; i++) {
            float gc = Math.min(Math.max(g[i], -clip), clip);
            w[i] = w[i] - lr * gc;
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
        for (int i = off; i < off + n; i++) {
            float gc = Math.min(Math.max(g[i], -clip), clip);
            float vi = Subnormals.flush(Math.fma(v[i], momentum, gc));
            v[i] = vi;
            w[i] = w[i] - lr * vi;
        }
    }

    @Override
    public void adam(float[] w, float[] g, float[] m, float[] v, int off, int n, float lr, float beta1,
            float beta2, float eps, float clip) {
        float keep1 = 1f - beta1;
        float keep2 = 1f - beta2;
        for (int i = off; i < off + n; i++) {
            float gc = Math.min(Math.max(g[i], -clip), clip);
            float mi = Subnormals.flush(Math.fma(m[i], beta1, gc * keep1));
            float vi = Math.fma(v[i], beta2, gc * keep2 * gc);
            m[i] = mi;
            v[i] = vi;
            w[i] = w[i] - lr * mi / ((float) Math.sqrt(vi) + eps);
        }
    }

    @Override
    public void adamRows(float[] w, float[] g, float[] m, float[] v, int[] rows, int count, int rowLen, float lr,
            float beta1, float beta2, float eps, float clip) {
        for (int t = 0; t < count; t++) {
            adam(w, g, m, v, rows[t] * rowLen, rowLen, lr, beta1, beta2, eps, clip);
        }
    }

    @Override
    public void lstmCellForward(float[] gx, int gxOff, float[] gh, int ghOff, float[] cPrev, int cPrevOff,
            float[] gates, int gatesOff, float[] c, int cOff, float[] tanhC, int tanhCOff, float[] h, int hOff,
            int rows, int units) {
        for (int r = 0; r < rows; r++) {
            lstmCellForwardUnits(gx, gxOff, gh, ghOff, cPrev, cPrevOff, gates, gatesOff, c, cOff, tanhC, tanhCOff, h,
                    hOff, r, units, 0, units);
        }
    }

    /**
     * {@link #lstmCellForward} for units {@code [j0, j1)} of row r: the plain-Java body, which the
     * SIMD twin also runs on the units after its last whole vector (so both give the same bits).
     */
    public static void lstmCellForwardUnits(float[] gx, int gxOff, float[] gh, int ghOff, float[] cPrev,
            int cPrevOff, float[] gates, int gatesOff, float[] c, int cOff, float[] tanhC, int tanhCOff, float[] h,
            int hOff, int r, int units, int j0, int j1) {
        int w = 4 * units;
        for (int j = j0; j < j1; j++) {
            int gi = r * w + j;
            int s = r * units + j;
            float i = Transcendental.sigmoid(gx[gxOff + gi] + gh[ghOff + gi]);
            float f = Transcendental.sigmoid(gx[gxOff + gi + units] + gh[ghOff + gi + units]);
            float g = Transcendental.tanh(gx[gxOff + gi + 2 * units] + gh[ghOff + gi + 2 * units]);
            float o = Transcendental.sigmoid(gx[gxOff + gi + 3 * units] + gh[ghOff + gi + 3 * units]);
            float cv = Math.fma(f, cPrev[cPrevOff + s], i * g);
            float t = Transcendental.tanh(cv);
            gates[gatesOff + gi] = i;
            gates[gatesOff + gi + units] = f;
            gates[gatesOff + gi + 2 * units] = g;
            gates[gatesOff + gi + 3 * units] = o;
            c[cOff + s] = cv;
            tanhC[tanhCOff + s] = t;
            h[hOff + s] = o * t;
        }
    }

    @Override
    public void lstmCellBackward(float[] gates, int gatesOff, float[] cPrev, int cPrevOff, float[] tanhC,
            int tanhCOff, float[] dh, int dhOff, float[] dc, int dcOff, float[] dpre, int dpreOff, int rows,
            int units) {
        for (int r = 0; r < rows; r++) {
            lstmCellBackwardUnits(gates, gatesOff, cPrev, cPrevOff, tanhC, tanhCOff, dh, dhOff, dc, dcOff, dpre, dpreOff,
                    r, units, 0, units);
        }
    }

    /**
     * {@link #lstmCellBackward} for units {@code [j0, j1)} of row r: the plain-Java body, which the
     * SIMD twin also runs on the units after its last whole vector (so both give the same bits).
     */
    public static void lstmCellBackwardUnits(float[] gates, int gatesOff, float[] cPrev, int cPrevOff, float[] tanhC,
            int tanhCOff, float[] dh, int dhOff, float[] dc, int dcOff, float[] dpre, int dpreOff, int r, int units,
            int j0, int j1) {
        int w = 4 * units;
        for (int j = j0; j < j1; j++) {
            int gi = r * w + j;
            int s = r * units + j;
            float i = gates[gatesOff + gi];
            float f = gates[gatesOff + gi + units];
            float g = gates[gatesOff + gi + 2 * units];
            float o = gates[gatesOff + gi + 3 * units];
            float t = tanhC[tanhCOff + s];
            float d = dh[dhOff + s];
            float dct = Math.fma(d * o, 1f - t * t, dc[dcOff + s]);
            dpre[dpreOff + gi] = (dct * g) * (i * (1f - i));
            dpre[dpreOff + gi + units] = (dct * cPrev[cPrevOff + s]) * (f * (1f - f));
            dpre[dpreOff + gi + 2 * units] = (dct * i) * (1f - g * g);
            dpre[dpreOff + gi + 3 * units] = (d * t) * (o * (1f - o));
            dc[dcOff + s] = dct * f;
        }
    }

    static float tanhGrad(float z, float g) {
        return g * (1f - z * z);
    }

    static float sigmoidGrad(float z, float g) {
        return g * (z * (1f - z));
    }
}
