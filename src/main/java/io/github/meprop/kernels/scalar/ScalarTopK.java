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
        int nt = 0; // number of band thresholds in s.tau
        if (n <= TopKPlan.DIRECT_MAX_N) {
            m = keepAtLeast(v, off, n, 0, s);
        } else {
            int ns = TopKPlan.sampleSize(n);
            int[] sample = s.sample;
            int[] at = s.samplePositions(n);
            for (int j = 0; j < ns; j++) {
                sample[j] = TopKPlan.key(v[off + at[j]]);
            }
            int r = TopKPlan.sampleRank(n, k, ns);
            while (true) {
                if (r > ns) {
                    m = keepAtLeast(v, off, n, 0, s);
                    nt = 0;
                    break;
                }
                nt = sampleThresholds(sample, ns, r, s);
                m = keepAtLeast(v, off, n, s.tau[nt - 1], s);
                if (m >= k) {
                    break;
                }
                r = TopKPlan.retryRank(r);
            }
        }
        int t = nt > 1 ? bandSelect(s.keys, m, k, nt, s) : kthLargest(s.keys, m, k, s);
        emit(s.keys, s.pos, m, t, k - s.above, idx, idxOff);
    }

    /**
     * The sample's r largest keys, descending, into s.tau; returns how many thresholds were set:
     * r, or 1 (just the r-th largest) when r or the number of sample keys at or above it exceeds
     * {@link TopKPlan#TOP_MAX}.
     */
    static int sampleThresholds(int[] sample, int ns, int r, TopKScratch s) {
        int[] tau = s.tau;
        if (r > TopKPlan.TOP_MAX) {
            tau[0] = kthLargest(sample, ns, r, s);
            return 1;
        }
        int[] top = sample;
        int c = ns;
        if (ns > TopKPlan.TOP_MAX) {
            int p = kthLargest(sample, ns, r, s);
            top = s.top;
            c = 0;
            for (int i = 0; i < ns; i++) {
                top[c] = sample[i];
                c += sample[i] >= p ? 1 : 0;
            }
            if (c > TopKPlan.TOP_MAX) {
                tau[0] = p;
                return 1;
            }
        }
        int[] cnt = s.cnt;
        for (int i = 0; i < c; i++) {
            cnt[i] = TopKPlan.countAbove(top, c, top[i]);
        }
        TopKPlan.placeByRank(top, cnt, c, r, tau);
        return r;
    }

    /**
     * T = the k-th largest of keys[0..m) using the thresholds s.tau[0..nt) (descending, all keys
     * ≥ tau[nt-1]): binary search for the first q with #(keys ≥ tau[q]) ≥ k, then quickselect in
     * the band tau[q] ≤ key &lt; tau[q-1]. Sets s.above like {@link #kthLargest}.
     */
    static int bandSelect(int[] keys, int m, int k, int nt, TopKScratch s) {
        int[] tau = s.tau;
        int lo = 0;
        int hi = nt - 1;
        int countBelowLo = 0; // #(keys ≥ tau[lo-1]) once lo > 0
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = countAtLeast(keys, m, tau[mid]);
            if (c >= k) {
                hi = mid;
            } else {
                lo = mid + 1;
                countBelowLo = c;
            }
        }
        int above = lo == 0 ? 0 : countBelowLo;
        int bottom = tau[lo];
        int ceiling = lo == 0 ? Integer.MAX_VALUE : tau[lo - 1]; // above every key
        int[] band = s.work[2]; // kthLargest may reuse it once it has read the band
        int b = 0;
        for (int i = 0; i < m; i++) {
            int x = keys[i];
            band[b] = x;
            b += x >= bottom && x < ceiling ? 1 : 0;
        }
        int t = kthLargest(band, b, k - above, s);
        s.above += above;
        return t;
    }

    /** Number of keys[0..m) that are ≥ t. */
    private static int countAtLeast(int[] keys, int m, int t) {
        int c = 0;
        for (int i = 0; i < m; i++) {
            c += keys[i] >= t ? 1 : 0;
        }
        return c;
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
