package io.github.meprop.kernels.scalar;

import io.github.meprop.kernels.provider.TopKKernel;
import java.util.Arrays;

/**
 * Plain-Java top-k. Interim version: ranks by sorting (|v|, position) keys; the partial quickselect
 * replaces it.
 */
public final class ScalarTopK implements TopKKernel {

    @Override
    public void select(float[] v, int off, int n, int k, int[] idx, int idxOff) {
        if (k == 0) {
            return;
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = key(v[off + i], i);
        }
        Arrays.sort(keys);
        for (int i = 0; i < k; i++) {
            idx[idxOff + i] = (int) (keys[i] & 0xFFFFFFFFL);
        }
        Arrays.sort(idx, idxOff, idxOff + k);
    }

    @Override
    public void selectRows(float[] m, int rows, int n, int k, int[] idx) {
        for (int r = 0; r < rows; r++) {
            select(m, r * n, n, k, idx, r * k);
        }
    }

    @Override
    public void selectUnified(float[] m, int rows, int n, int k, int[] idx) {
        float[] sums = new float[n];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                sums[j] += Math.abs(m[r * n + j]);
            }
        }
        select(sums, 0, n, k, idx, 0);
    }

    /** Ascending key = descending magnitude (NaN highest, -0 == +0), then ascending position. */
    private static long key(float x, int pos) {
        int bits = Float.isNaN(x) ? 0x7FC00000 : Float.floatToRawIntBits(Math.abs(x));
        return ((long) (0x7FFFFFFF - bits) << 32) | pos;
    }
}
