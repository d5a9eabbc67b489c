package io.github.meprop.kernels.scalar;

import java.util.Arrays;

/**
 * The passes of the top-k selection in plain Java ({@link TopKDriver} runs them): the twin of the
 * Vector API passes and what runs without the {@code jdk.incubator.vector} module. The loops are
 * branch-free where the data decides (appends advance the write index by a comparison's 0 or 1).
 */
public final class ScalarTopK implements TopKPasses {

    @Override
    public void keepAll(float[] v, int off, int n, TopKScratch s) {
        int[] keys = s.keys;
        int[] pos = s.pos;
        for (int i = 0; i < n; i++) {
            keys[i] = TopKPlan.key(v[off + i]);
            pos[i] = i;
        }
    }

    @Override
    public void groupMaxKeys(float[] v, int off, int n, int g, int[] out) {
        for (int j = 0; j < g; j++) {
            out[j] = TopKPlan.key(v[off + j]);
        }
        int j = 0;
        for (int i = g; i < n; i++) {
            out[j] = Math.max(out[j], TopKPlan.key(v[off + i]));
            j = j + 1 == g ? 0 : j + 1;
        }
    }

    @Override
    public int keepAtLeast(float[] v, int off, int n, int p, TopKScratch s) {
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

    @Override
    public int countAtLeast(int[] a, int m, int t) {
        int c = 0;
        for (int i = 0; i < m; i++) {
            c += a[i] >= t ? 1 : 0;
        }
        return c;
    }

    @Override
    public int packRange(int[] a, int m, int lo, int hi, int[] out) {
        int c = 0;
        for (int i = 0; i < m; i++) {
            int x = a[i];
            out[c] = x;
            c += x >= lo && x < hi ? 1 : 0;
        }
        return c;
    }

    @Override
    public long partition(int[] a, int m, int p, int[] gt, int[] lt) {
        int g = 0;
        int l = 0;
        for (int i = 0; i < m; i++) {
            int x = a[i];
            gt[g] = x;
            g += x > p ? 1 : 0;
            lt[l] = x;
            l += x < p ? 1 : 0;
        }
        return (long) g << 32 | l;
    }

    /** {@link TopKPlan#pivot}: a sorting network on the 9-element sample. */
    @Override
    public int pivot(int[] a, int m, int r, int[] tmp) {
        return TopKPlan.pivot(a, m, r, tmp);
    }

    @Override
    public long rankSelect(int[] a, int m, int r) {
        int t = Integer.MAX_VALUE;
        int above = 0;
        for (int j = 0; j < m; j++) {
            int x = a[j];
            int c = TopKPlan.countAbove(a, m, x);
            if (c < r && x < t) {
                t = x;
                above = c;
            }
        }
        return (long) t << 32 | above;
    }

    @Override
    public void rankCounts(int[] a, int m, int[] cnt) {
        for (int i = 0; i < m; i++) {
            cnt[i] = TopKPlan.countAbove(a, m, a[i]);
        }
    }

    /** Arrays.sort (dual-pivot quicksort), then reversed. */
    @Override
    public void sortDescending(int[] a, int m, int[] out, TopKScratch s) {
        System.arraycopy(a, 0, out, 0, m);
        Arrays.sort(out, 0, m);
        for (int i = 0, j = m - 1; i < j; i++, j--) {
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
    }

    @Override
    public void emit(int[] keys, int[] pos, int m, int t, int need, int[] idx, int idxOff, TopKScratch s) {
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

    @Override
    public int emitUntied(int[] keys, int[] pos, int m, int r, int[] idx, int idxOff, TopKScratch s) {
        int[] out = s.out;
        int w = 0;
        for (int j = 0; j < m; j++) {
            if (TopKPlan.countAbove(keys, m, keys[j]) < r) {
                out[w++] = pos[j];
            }
        }
        if (w == r) {
            System.arraycopy(out, 0, idx, idxOff, r);
        }
        return w;
    }

    @Override
    public void iota(int[] idx, int idxOff, int n) {
        for (int i = 0; i < n; i++) {
            idx[idxOff + i] = i;
        }
    }

    @Override
    public void columnAbsSums(float[] m, int rows, int n, float[] sums) {
        Arrays.fill(sums, 0, n, 0f);
        for (int r = 0; r < rows; r++) {
            int base = r * n;
            for (int j = 0; j < n; j++) {
                sums[j] += Math.abs(m[base + j]);
            }
        }
    }

    @Override
    public float absSum(float[] v, int off, int n, TopKScratch s) {
        float[] p = s.partials;
        Arrays.fill(p, 0f);
        for (int i = 0; i < n; i++) {
            p[i & (TopKPlan.SUM_PARTIALS - 1)] += Math.abs(v[off + i]);
        }
        return TopKPlan.foldPartials(p);
    }
}
