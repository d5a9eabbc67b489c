package io.github.meprop.kernels.scalar;

import io.github.meprop.kernels.provider.TopKKernel;
/**
 * The top-k selection by magnitude, written once over the {@link TopKPasses} of a twin (plain Java
 * or Vector API): the control flow of {@link TopKPlan} (pivot from group maxima or a sample, pass 1 with retries, band
 * thresholds, quickselect levels with their sorting fallback, exact finish, output pass), and the
 * adaptive-k selection {@link #selectMass} on top of it. The passes do the work over the data; the
 * driver decides which pass runs on what, so both twins take the same path with the same pivots
 * and return the same positions.
 *
 * <p>Cost of {@link #select}: one pass over the n inputs plus O(survivors), about
 * k + O(√k·√n) survivors; no allocation once the calling thread's {@link TopKScratch} has grown.
 */
public final class TopKDriver implements TopKKernel {
    /**
     * selectMass skips the sort when the kMax magnitudes cannot reach the target: a float sum of
     * n non-negative terms, each addition rounding up by at most a factor 1 + 2⁻²⁴, is at most
     * (1 + 2⁻²⁴)ⁿ⁻¹ ≤ 1 + 2n·2⁻²⁴ times the exact sum, which their double sum gives to within n·2⁻⁵³;
     * a factor 1 + 4n·2⁻²⁴ covers both for n below this bound, and every s_k ≤ s_kMax (adding a
     * non-negative float never decreases a sum). The answer is kMax either way; only the work differs.
     */
    private static final int UNREACHABLE_CHECK_MAX = 1 << 20;

    private final TopKPasses passes;

    public TopKDriver(TopKPasses passes) {
        this.passes = passes;
    }

    /** The passes this driver runs. */
    public TopKPasses passes() {
        return passes;
    }

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
        passes.columnAbsSums(m, rows, n, sums);
        select(sums, 0, n, k, idx, 0, s);
    }

    /**
     * Adaptive k per row: k_r is the smallest k in [kMin, kMax] whose k largest magnitudes sum to at
     * least {@code mass · total_r}, or kMax when none does or when the row total is NaN or infinite
     * (total_r is {@link TopKPasses#absSum}; the running sum adds the selected magnitudes in float,
     * largest first). The positions are those of {@code select(k_r)}, ascending, at
     * {@code idx[offsets[r] ..)} with {@code offsets[r+1] = offsets[r] + k_r}.
     *
     * <p>How: the row total (one pass), {@link #select} of kMax into the row's place in idx, the
     * kMax keys sorted ({@link TopKPasses#sortDescending}), the running sum up to k_r, and one
     * compaction of the kMax positions to the k_r of largest key (ties to the lower position, as
     * in select). With
     * kMin == kMax it is {@link #selectRows} with CSR offsets.
     */
    @Override
    public void selectMass(float[] m, int rows, int n, float mass, int kMin, int kMax, int[] offsets, int[] idx) {
        TopKScratch s = TopKScratch.forCurrentThread();
        int o = 0;
        offsets[0] = 0;
        for (int r = 0; r < rows; r++) {
            int off = r * n;
            select(m, off, n, kMax, idx, o, s);
            int k = kMax;
            if (kMin < kMax) {
                float total = passes.absSum(m, off, n, s);
                if (Float.isFinite(total)) {
                    k = massCount(m, off, mass * total, kMin, kMax, idx, o, s);
                }
            }
            o += k;
            offsets[r + 1] = o;
        }
    }

    /**
     * Given the kMax selected positions of a row at {@code idx[o ..)} (ascending) and a finite
     * target: k = the smallest k ≥ kMin whose k largest magnitudes, summed in float largest first,
     * reach the target (kMax if none); keeps the first k of them in (magnitude descending, position
     * ascending) order at {@code idx[o .. o+k)}, ascending; returns k.
     */
    private int massCount(float[] m, int off, float target, int kMin, int kMax, int[] idx, int o,
            TopKScratch s) {
        s.ensureMass(kMax);
        int[] keys = s.massKeys;
        int[] sorted = s.massSorted;
        double exact = 0;
        for (int t = 0; t < kMax; t++) {
            int key = TopKPlan.key(m[off + idx[o + t]]);
            keys[t] = key;
            exact += Float.intBitsToFloat(key);
        }
        if (kMax < UNREACHABLE_CHECK_MAX && exact * (1 + 4.0 * kMax * 0x1p-24) < target) {
            return kMax; // even s_kMax stays below the target: no need to sort
        }
        passes.sortDescending(keys, kMax, sorted, s);
        // The row total is finite, so no key is NaN or infinite: a key's bits are its magnitude.
        float sum = 0f;
        int k = 0;
        for (; k < kMin; k++) {
            sum += Float.intBitsToFloat(sorted[k]);
        }
        while (k < kMax && !(sum >= target)) {
            sum += Float.intBitsToFloat(sorted[k]);
            k++;
        }
        if (k == kMax) {
            return k;
        }
        if (k == 0) {
            return 0;
        }
        int t = sorted[k - 1]; // the k-th largest key
        int above = 0;
        for (int q = 0; q < kMax; q++) {
            above += keys[q] > t ? 1 : 0;
        }
        int need = k - above;
        int w = o;
        for (int q = 0; q < kMax; q++) {
            int key = keys[q];
            if (key > t || (key == t && need-- > 0)) {
                idx[w++] = idx[o + q];
            }
        }
        return k;
    }

    /** {@link #select(float[], int, int, int, int[], int)} with the caller's scratch. */
    void select(float[] v, int off, int n, int k, int[] idx, int idxOff, TopKScratch s) {
        if (k == 0) {
            return;
        }
        if (k == n) {
            passes.iota(idx, idxOff, n);
            return;
        }
        s.ensure(n);
        int m;
        int nt = 0; // number of band thresholds in s.tau
        if (n <= TopKPlan.DIRECT_MAX_N) {
            passes.keepAll(v, off, n, s);
            m = n;
        } else if (TopKPlan.groupPivot(n, k)) {
            selectByGroups(v, off, n, k, idx, idxOff, s);
            return;
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
                    passes.keepAll(v, off, n, s);
                    m = n;
                    nt = 0;
                    break;
                }
                nt = sampleThresholds(sample, ns, r, s);
                m = passes.keepAtLeast(v, off, n, s.tau[nt - 1], s);
                if (m >= k) {
                    break;
                }
                r = TopKPlan.retryRank(r);
            }
        }
        int t = nt > 1 ? bandSelect(s.keys, m, k, nt, s) : kthLargest(s.keys, m, k, s);
        passes.emit(s.keys, s.pos, m, t, k - s.above, idx, idxOff, s);
    }

    /**
     * {@link #select} for mid-sized n ({@link TopKPlan#groupPivot}): the pivot is the k-th largest of
     * the group maxima, which pass 1 keeps at least k elements with (about 1.5k on random data);
     * one rank count over those survivors then packs the positions of the keys with fewer than k
     * above them ({@link TopKPasses#emitUntied}), which are the top-k unless a tie at the k-th
     * largest reaches past it; only then the threshold and the output pass follow. Cost: two
     * passes over v (in L1), two small rank counts; no sample reads, no retry, no band search.
     */
    private void selectByGroups(float[] v, int off, int n, int k, int[] idx, int idxOff, TopKScratch s) {
        int g = TopKPlan.groups(k);
        int[] maxima = s.sample;
        passes.groupMaxKeys(v, off, n, g, maxima);
        // The pivot needs no count of the maxima above it (g ≤ GROUPS_MAX ≤ RANK_SELECT_MAX).
        int m = passes.keepFewAtLeast(v, off, n, (int) (passes.rankSelect(maxima, g, k) >>> 32), s);
        if (m <= TopKPlan.RANK_SELECT_MAX && passes.emitUntied(s.keys, s.pos, m, k, idx, idxOff, s) == k) {
            return; // the usual case: no tie at the k-th largest reaches past it
        }
        int t = smallKth(s.keys, m, k, s);
        passes.emit(s.keys, s.pos, m, t, k - s.above, idx, idxOff, s);
    }

    /**
     * {@link #kthLargest(int[], int, int, TopKScratch)}, by one rank count
     * ({@link TopKPasses#rankSelect}, m²/L vector comparisons) when m ≤
     * {@value TopKPlan#RANK_SELECT_MAX}, where that beats a quickselect level. Sets s.above.
     */
    private int smallKth(int[] a, int m, int r, TopKScratch s) {
        if (m > TopKPlan.RANK_SELECT_MAX) {
            return kthLargest(a, m, r, s);
        }
        long ta = passes.rankSelect(a, m, r);
        s.above = (int) ta;
        return (int) (ta >>> 32);
    }

    /**
     * The sample's r largest keys, descending, into s.tau; returns how many thresholds were set:
     * r, or 1 (just the r-th largest) when r or the number of sample keys at or above it exceeds
     * {@link TopKPlan#TOP_MAX}.
     */
    int sampleThresholds(int[] sample, int ns, int r, TopKScratch s) {
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
            c = passes.packRange(sample, ns, p, Integer.MAX_VALUE, top);
            if (c > TopKPlan.TOP_MAX) {
                tau[0] = p;
                return 1;
            }
        }
        passes.rankCounts(top, c, s.cnt);
        TopKPlan.placeByRank(top, s.cnt, c, r, tau);
        return r;
    }

    /**
     * T = the k-th largest of keys[0..m) using the thresholds s.tau[0..nt) (descending, all keys
     * ≥ tau[nt-1]): binary search for the first q with #(keys ≥ tau[q]) ≥ k, then quickselect in
     * the band tau[q] ≤ key &lt; tau[q-1]. Sets s.above like {@link #kthLargest}.
     */
    int bandSelect(int[] keys, int m, int k, int nt, TopKScratch s) {
        int[] tau = s.tau;
        int lo = 0;
        int hi = nt - 1;
        int countBelowLo = 0; // #(keys ≥ tau[lo-1]) once lo > 0
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = passes.countAtLeast(keys, m, tau[mid]);
            if (c >= k) {
                hi = mid;
            } else {
                lo = mid + 1;
                countBelowLo = c;
            }
        }
        int above = lo == 0 ? 0 : countBelowLo;
        int ceiling = lo == 0 ? Integer.MAX_VALUE : tau[lo - 1]; // above every key
        int[] band = s.work[2]; // kthLargest may reuse it once it has read the band
        int b = passes.packRange(keys, m, tau[lo], ceiling, band);
        int t = kthLargest(band, b, k - above, s);
        s.above += above;
        return t;
    }

    /**
     * The r-th largest (1-based) of src[0..m), 1 ≤ r ≤ m; src[0..m) is not modified (its slack may
     * be). Sets {@code s.above} to the number of elements of src strictly greater than the result.
     */
    public int kthLargest(int[] src, int m, int r, TopKScratch s) {
        return kthLargest(src, m, r, s, TopKPlan.maxLevels(m));
    }

    /** {@link #kthLargest(int[], int, int, TopKScratch)} with at most {@code levels} quickselect levels before the sorting fallback. */
    public int kthLargest(int[] src, int m, int r, TopKScratch s, int levels) {
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
            int p = passes.pivot(cur, m, r, s.pivotSample);
            int gi = curBuf < 0 ? 0 : (curBuf + 1) % 3;
            int li = curBuf < 0 ? 1 : (curBuf + 2) % 3;
            int[] gt = s.work[gi];
            int[] lt = s.work[li];
            long gl = passes.partition(cur, m, p, gt, lt);
            int g = (int) (gl >>> 32);
            int l = (int) gl;
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
        long ta = passes.rankSelect(cur, m, r);
        s.above = above + (int) ta;
        return (int) (ta >>> 32);
    }
}
