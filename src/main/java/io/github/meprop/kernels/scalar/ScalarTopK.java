package io.github.meprop.kernels.scalar;

import io.github.meprop.kernels.provider.TopKKernel;
import java.util.Arrays;

/**
 * Plain-Java top-k by magnitude: a partial quickselect on integer keys, following
 * {@link TopKPlan} step by step with scalar loops (the Vector API version runs the same passes).
 *
 * <p>Cost: one pass over the n inputs (key, compare with the sampled pivot, branch-free append
 * of the survivors), then quickselect and output over the survivors only, about k + O(√k·√n) of
 * them. No allocation once the calling thread's {@link TopKScratch} has grown to n.
 */
public final class ScalarTopK implements TopKKernel {

    @Override
    public void select(float[] v, int off, int n, int k, int[] idx, int idxOff) {
        select(v, off, n, k, idx, idxOff, TopKScratch.forCurrentThread());
    }

    @Override
    public void selectRows(float[] m, int rows, int n, int k, int[] idx) {
        TopKScratch s = TopKScratch.forCurrentThread();
        for (int r = 0; r < rows; r++) {
            select(m, r * n, n, k, idx, r * k, s);
        }
    }

    @Override
    public void selectUnified(float[] m, int rows, int n, int k, int[] idx) {
        TopKScratch s = TopKScratch.forCurrentThread();
        float[] sums = s.sums(n);
        columnAbsSums(m, rows, n, sums);
        select(sums, 0, n, k, idx, 0, s);
    }

    /**
     * sums[j] = Σ_r |m[r·n + j]|, added in row order starting from 0 (the Vector API version adds
     * in the same order, lane-wise, so both give the same floats).
     */
    static void columnAbsSums(float[] m, int rows, int n, float[] sums) {
        Arrays.fill(sums, 0, n, 0f);
        for (int r = 0; r < rows; r++) {
            int base = r * n;
            for (int j = 0; j < n; j++) {
                sums[j] += Math.abs(m[base + j]);
            }
        }
    }

    static void select(float[] v, int off, int n, int k, int[] idx, int idxOff, TopKScratch s) {
        if (k == 0) {
            return;
        }
        if (k == n) {
            for (int i = 0; i < n; i++) {
                idx[idxOff + i] = i;
            }
            return;
        }
        s.ensure(n);
        int m;
        if (n <= TopKPlan.DIRECT_MAX_N) {
            m = keepAtLeast(v, off, n, 0, s);
        } else {
            int ns = TopKPlan.sampleSize(n);
            int[] sample = s.sample;
            for (int j = 0; j < ns; j++) {
                sample[j] = TopKPlan.key(v[off + TopKPlan.samplePosition(j, ns, n)]);
            }
            int r = TopKPlan.sampleRank(n, k, ns);
            while (true) {
                int p = r > ns ? 0 : kthLargest(sample, ns, r, s);
                m = keepAtLeast(v, off, n, p, s);
                if (m >= k) {
                    break;
                }
                r = TopKPlan.retryRank(r);
            }
        }
        int t = kthLargest(s.keys, m, k, s);
        emit(s.keys, s.pos, m, t, k - s.above, idx, idxOff);
    }

    /** Pass 1: (key, position) of every element with key ≥ p into s.keys/s.pos; returns the count. */
    private static int keepAtLeast(float[] v, int off, int n, int p, TopKScratch s) {
        int[] keys = s.keys;
        int[] pos = s.pos;
        int w = 0;
        for (int i = 0; i < n; i++) {
            int raw = Float.floatToRawIntBits(v[off + i]) & TopKPlan.MAGNITUDE_MASK;
            keys[w] = Math.min(raw, TopKPlan.NAN_KEY);
            pos[w] = i;
            w += raw >= p ? 1 : 0; // raw ≥ p ⇔ key ≥ p, since p ≤ NAN_KEY
        }
        return w;
    }

    /** Pass 2: positions with key &gt; t, and the first {@code need} with key == t, in order. */
    private static void emit(int[] keys, int[] pos, int m, int t, int need, int[] idx, int idxOff) {
        int w = idxOff;
        for (int j = 0; j < m; j++) {
            int key = keys[j];
            if (key > t) {
                idx[w++] = pos[j];
            } else if (key == t && need > 0) {
                idx[w++] = pos[j];
                need--;
            }
        }
    }

    /**
     * The r-th largest (1-based) of src[0..m), 1 ≤ r ≤ m; src is not modified. Sets
     * {@code s.above} to the number of elements of src strictly greater than the result.
     */
    static int kthLargest(int[] src, int m, int r, TopKScratch s) {
        return kthLargest(src, m, r, s, TopKPlan.maxLevels(m));
    }

    /** {@link #kthLargest(int[], int, int, TopKScratch)} with at most {@code levels} quickselect levels before the sorting fallback. */
    static int kthLargest(int[] src, int m, int r, TopKScratch s, int levels) {
        int above = 0;
        int[] cur = src;
        int curBuf = -1; // which work buffer cur is, -1 for src
        while (m > TopKPlan.FINISH) {
            if (levels-- == 0) {
                int[] buf = cur;
                if (curBuf < 0) {
                    buf = s.work[0];
                    System.arraycopy(cur, 0, buf, 0, m);
                }
                int t = TopKPlan.kthBySorting(buf, m, r);
                s.above = above + TopKPlan.countAbove(buf, m, t);
                return t;
            }
            int p = TopKPlan.pivot(cur, m, r, s.pivotSample);
            int gi = curBuf < 0 ? 0 : (curBuf + 1) % 3;
            int li = curBuf < 0 ? 1 : (curBuf + 2) % 3;
            int[] gt = s.work[gi];
            int[] lt = s.work[li];
            int g = 0;
            int l = 0;
            for (int i = 0; i < m; i++) {
                int x = cur[i];
                gt[g] = x;
                g += x > p ? 1 : 0;
                lt[l] = x;
                l += x < p ? 1 : 0;
            }
            int e = m - g - l;
            if (r <= g) {
                cur = gt;
                curBuf = gi;
                m = g;
            } else if (r <= g + e) {
                s.above = above + g;
                return p;
            } else {
                above += g + e;
                r -= g + e;
                cur = lt;
                curBuf = li;
                m = l;
            }
        }
        // Exact finish: t = the least key with fewer than r keys strictly above it.
        int t = Integer.MAX_VALUE;
        for (int j = 0; j < m; j++) {
            int x = cur[j];
            int c = 0;
            for (int i = 0; i < m; i++) {
                c += cur[i] > x ? 1 : 0;
            }
            t = c < r ? Math.min(t, x) : t;
        }
        int tAbove = TopKPlan.countAbove(cur, m, t);
        s.above = above + tAbove;
        return t;
    }
}
