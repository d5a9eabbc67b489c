package io.github.meprop.kernels.scalar;

import java.util.Arrays;

/**
 * The shared plan of the top-k selection: the magnitude key, the sample sizes and ranks, the pivot
 * rule and the size of the exact finish. {@link TopKDriver} runs it, once for both twins, over the
 * passes of the plain-Java ({@link ScalarTopK}) or the Vector API ({@code panama.PanamaTopK})
 * implementation: the same passes with the same pivots; only the loops differ.
 *
 * <h2>Keys</h2>
 * Every float is ranked by the int {@link #key}: the raw bits of |x| ({@code bits & 0x7fffffff}),
 * which are ordered like the magnitudes, with every NaN mapped to {@link #NAN_KEY}, one above
 * +infinity. So +0 and -0 coincide, all NaNs are equal and rank above every number, and each
 * comparison is an integer comparison. Keys are never negative; -1 is free as padding.
 *
 * <h2>The selection</h2>
 * With T the k-th largest key, the answer is every position whose key is &gt; T plus the lowest
 * {@code need = k - #(key > T)} positions whose key equals T (ties go to the lower position).
 * <ol>
 *   <li>Pivot estimate: the keys of {@link #sampleSize} evenly spaced elements; P is their
 *       {@link #sampleRank}-th largest, chosen so that about {@code k + 3√e + 2} sample-equivalents
 *       (e = expected sample hits) survive, i.e. P is very probably below T.</li>
 *   <li>Pass 1 over v: keep (key, position) of every element with key ≥ P, in position order. If
 *       fewer than k survive, P was too high: retry with {@link #retryRank}, at last with P = 0
 *       (everything survives). Small inputs ({@code n <= }{@link #DIRECT_MAX_N}) start with P = 0.</li>
 *   <li>T = the k-th largest surviving key, by quickselect on the survivors: each level partitions
 *       the current set around a pivot from a 9-element sample ({@link #pivot}) into "greater" and
 *       "less" sets and keeps the side holding rank r; at {@link #FINISH} elements or fewer an exact
 *       rank count finishes (T = the least key with fewer than r keys above it).</li>
 *   <li>Pass 2 over the survivors (already in position order): emit positions with key &gt; T and the
 *       first {@code need} with key == T. Output is ascending without any sort.</li>
 * </ol>
 * Cost: one pass over n plus O(survivors) work; survivors ≈ k + O(√(k)·n/sampleSize). No
 * allocation after the per-thread scratch has grown to the largest n seen.
 */
public final class TopKPlan {
    /** Mask clearing the sign bit of a float's raw bits. */
    public static final int MAGNITUDE_MASK = 0x7fffffff;
    /** The key of every NaN: one above the key of +infinity (0x7f800000). */
    public static final int NAN_KEY = 0x7f800001;
    /** Sets at most this large are finished by an exact rank count (FINISH² comparisons). */
    public static final int FINISH = 16;
    /** Up to this n, pass 1 keeps everything (the sample would cost more than it saves). */
    public static final int DIRECT_MAX_N = 128;
    /** Elements in the pivot sample of one quickselect level. */
    public static final int PIVOT_SAMPLE = 9;
    /** Largest pass-1 sample. */
    public static final int MAX_SAMPLE = 512;
    /**
     * The pass-1 sample's top values serve as band thresholds only when the pivot rank r is at
     * most this (and at most this many sample keys are ≥ the pivot); otherwise just the pivot.
     */
    public static final int TOP_MAX = 32;

    /**
     * Partial sums of the adaptive-k row total ({@link #foldPartials}): element i goes to partial
     * i mod 16, which a 512-bit vector holds in one register, 256-bit in two, 128-bit in four.
     */
    public static final int SUM_PARTIALS = 16;

    private TopKPlan() {}

    /**
     * The total of {@value #SUM_PARTIALS} partial sums by the fixed tree that folds the upper half
     * onto the lower: {@code p[q] += p[q + h]} for h = 8, 4, 2, 1 and q &lt; h, leaving the total
     * in {@code p[0]} (which it returns). A SIMD kernel reaches the same float additions in the same
     * order by adding its partial vectors and folding lanes (lane q + lane q^h).
     */
    public static float foldPartials(float[] p) {
        for (int h = SUM_PARTIALS / 2; h >= 1; h >>= 1) {
            for (int q = 0; q < h; q++) {
                p[q] = p[q] + p[q + h];
            }
        }
        return p[0];
    }

    /** The ranking key of x: raw bits of |x|, every NaN mapped to {@link #NAN_KEY}. */
    public static int key(float x) {
        return Math.min(Float.floatToRawIntBits(x) & MAGNITUDE_MASK, NAN_KEY);
    }

    /**
     * Up to this n (inputs that stay in L1), pass 1 takes its pivot from group maxima
     * ({@link #groups}) instead of a sample, when every group has at least
     * {@value #GROUP_MIN_SIZE} elements and there are at most {@link #GROUPS_MAX} groups.
     */
    public static final int GROUP_MAX_N = 1024;
    /** The group-maxima selections finish by one rank count up to this many keys. */
    public static final int RANK_SELECT_MAX = 64;
    /**
     * Most groups for the group-maxima pivot (k ≤ 32): the pivot and the threshold are then found
     * by rank counts over at most three vectors of 16 maxima and about 1.5k survivors (at most
     * {@link #RANK_SELECT_MAX} on random data). Raised from 32 (k ≤ 21) once the 48 maxima were
     * kept in registers too: n = 500, k = 25 1.21–1.25× faster than the sample pivot in
     * {@code TopKBench} (docs/benchmarks.md, "Late run"; the LSTM's 4H = 512 gates at 5% are
     * k = 26). For larger k the sample pivot was measured faster (n = 1000, k = 40: 327 against
     * 424 ns, with the maxima in memory).
     */
    public static final int GROUPS_MAX = 48;
    /** Fewest elements per group for the group-maxima pivot (below it the pivot keeps too many). */
    public static final int GROUP_MIN_SIZE = 4;

    /**
     * Number of groups g for the group-maxima pivot of a top-k: 1.5k rounded up to a multiple of
     * 16. Element i belongs to group i mod g; with T the k-th largest of the g group maxima, at
     * least k groups have a maximum ≥ T, so pass 1 with pivot T keeps at least k elements: no
     * retry. It keeps about 1.5k on random data (n = 500, k = 20: 30), against the k + 3√k that a
     * sample pivot aims at, but costs no random sample reads and no band search.
     *
     * @param k the number of elements selected, ≥ 1
     * @return g, a multiple of 16, ≥ 1.5k
     */
    public static int groups(int k) {
        long g = (3L * k + 1) / 2;
        return (int) Math.min(Integer.MAX_VALUE & ~15, (g + 15) & ~15L);
    }

    /**
     * Whether a top-k of n takes its pass-1 pivot from group maxima (see {@link #groups}).
     *
     * @param n the input length
     * @param k the number of elements selected, 1 ≤ k &lt; n
     * @return true when {@value #DIRECT_MAX_N} &lt; n ≤ {@value #GROUP_MAX_N}, g ≤ {@value #GROUPS_MAX} and n ≥ {@value #GROUP_MIN_SIZE}·g
     */
    public static boolean groupPivot(int n, int k) {
        if (n > GROUP_MAX_N || n <= DIRECT_MAX_N) {
            return false;
        }
        int g = groups(k);
        return g <= GROUPS_MAX && (long) GROUP_MIN_SIZE * g <= n;
    }

    /** Pass-1 sample size for n elements: the power of two nearest below √n, between 32 and {@link #MAX_SAMPLE}. */
    public static int sampleSize(int n) {
        int s = Integer.highestOneBit(Math.max(1, (int) Math.sqrt((double) n)));
        return Math.max(32, Math.min(MAX_SAMPLE, s));
    }

    /**
     * Position of the j-th of s evenly spaced sample elements among n, s a power of two: the
     * middle of its stride, (2j+1)·n / 2s (a shift, not a division).
     */
    public static int samplePosition(int j, int s, int n) {
        return (int) (((2L * j + 1) * n) >>> (Integer.numberOfTrailingZeros(s) + 1));
    }

    /**
     * The rank (1-based, from the top) in the sample of the pass-1 pivot: the expected number
     * e = k·s/n of sample elements at or above T, plus three standard deviations and 2. May exceed
     * s, meaning "no useful pivot: keep everything".
     */
    public static int sampleRank(int n, int k, int s) {
        double e = (double) k * s / n;
        return (int) Math.ceil(e + 3 * Math.sqrt(e) + 2);
    }

    /** After pass 1 kept fewer than k with the sample's r-th largest as pivot: the next rank to try. */
    public static int retryRank(int r) {
        return 4 * r + 8;
    }

    /**
     * Quickselect levels allowed on a set of m before the guaranteed O(m log m) fallback (sorting
     * what is left) takes over; generous, so that only adversarial data ever reaches it.
     */
    public static int maxLevels(int m) {
        return 2 * (32 - Integer.numberOfLeadingZeros(m)) + 8;
    }

    /**
     * The pivot of one quickselect level that looks for the r-th largest of a[0..m) (m &gt;
     * {@link #FINISH}): {@link #PIVOT_SAMPLE} evenly spaced elements, sorted descending by a
     * branch-free network (left in {@code tmp[0..9)}); the one whose expected rank is closest to r,
     * rounded toward the median so that the side kept next is the smaller one ({@link #pivotIndex}).
     */
    public static int pivot(int[] a, int m, int r, int[] tmp) {
        int stride = m / PIVOT_SAMPLE;
        int i = pivotSamplePosition(0, m);
        int a0 = a[i];
        int a1 = a[i + stride];
        int a2 = a[i + 2 * stride];
        int a3 = a[i + 3 * stride];
        int a4 = a[i + 4 * stride];
        int a5 = a[i + 5 * stride];
        int a6 = a[i + 6 * stride];
        int a7 = a[i + 7 * stride];
        int a8 = a[i + 8 * stride];
        // Descending sorting network, 25 comparators, depth 7 (tests check it on all 0-1 inputs).
        int t;
        t = Math.max(a0, a3);
        a3 = Math.min(a0, a3);
        a0 = t;
        t = Math.max(a1, a7);
        a7 = Math.min(a1, a7);
        a1 = t;
        t = Math.max(a2, a5);
        a5 = Math.min(a2, a5);
        a2 = t;
        t = Math.max(a4, a8);
        a8 = Math.min(a4, a8);
        a4 = t;
        t = Math.max(a0, a7);
        a7 = Math.min(a0, a7);
        a0 = t;
        t = Math.max(a2, a4);
        a4 = Math.min(a2, a4);
        a2 = t;
        t = Math.max(a3, a8);
        a8 = Math.min(a3, a8);
        a3 = t;
        t = Math.max(a5, a6);
        a6 = Math.min(a5, a6);
        a5 = t;
        t = Math.max(a0, a2);
        a2 = Math.min(a0, a2);
        a0 = t;
        t = Math.max(a1, a3);
        a3 = Math.min(a1, a3);
        a1 = t;
        t = Math.max(a4, a5);
        a5 = Math.min(a4, a5);
        a4 = t;
        t = Math.max(a7, a8);
        a8 = Math.min(a7, a8);
        a7 = t;
        t = Math.max(a1, a4);
        a4 = Math.min(a1, a4);
        a1 = t;
        t = Math.max(a3, a6);
        a6 = Math.min(a3, a6);
        a3 = t;
        t = Math.max(a5, a7);
        a7 = Math.min(a5, a7);
        a5 = t;
        t = Math.max(a0, a1);
        a1 = Math.min(a0, a1);
        a0 = t;
        t = Math.max(a2, a4);
        a4 = Math.min(a2, a4);
        a2 = t;
        t = Math.max(a3, a5);
        a5 = Math.min(a3, a5);
        a3 = t;
        t = Math.max(a6, a8);
        a8 = Math.min(a6, a8);
        a6 = t;
        t = Math.max(a2, a3);
        a3 = Math.min(a2, a3);
        a2 = t;
        t = Math.max(a4, a5);
        a5 = Math.min(a4, a5);
        a4 = t;
        t = Math.max(a6, a7);
        a7 = Math.min(a6, a7);
        a6 = t;
        t = Math.max(a1, a2);
        a2 = Math.min(a1, a2);
        a1 = t;
        t = Math.max(a3, a4);
        a4 = Math.min(a3, a4);
        a3 = t;
        t = Math.max(a5, a6);
        a6 = Math.min(a5, a6);
        a5 = t;
        tmp[0] = a0;
        tmp[1] = a1;
        tmp[2] = a2;
        tmp[3] = a3;
        tmp[4] = a4;
        tmp[5] = a5;
        tmp[6] = a6;
        tmp[7] = a7;
        tmp[8] = a8;
        return tmp[pivotIndex(m, r)];
    }

    /**
     * Which of the {@link #PIVOT_SAMPLE} sorted (descending) sample elements is the pivot when
     * looking for the r-th largest of m: element j has expected rank (j+1)·m/10 from the top, so
     * j ≈ 10r/m - 1, rounded toward the median (up when r ≤ m/2, down otherwise).
     */
    public static int pivotIndex(int m, int r) {
        long scaled = (long) r * (PIVOT_SAMPLE + 1);
        int j = 2L * r <= m ? (int) ((scaled + m - 1) / m) - 1 : (int) (scaled / m) - 1;
        return Math.max(0, Math.min(PIVOT_SAMPLE - 1, j));
    }

    /** Position of the j-th of the {@link #PIVOT_SAMPLE} pivot-sample elements among m. */
    public static int pivotSamplePosition(int j, int m) {
        int stride = m / PIVOT_SAMPLE;
        return (stride >>> 1) + j * stride;
    }

    /**
     * The r largest of x[0..c) in descending order into tau[0..r), given cnt[i] = the number of
     * x strictly greater than x[i] (every element of rank ≤ r is in x). An element with cnt[i] = j
     * is the (j+1)-th largest; a slot no element claims continues a run of equal values.
     */
    public static void placeByRank(int[] x, int[] cnt, int c, int r, int[] tau) {
        for (int j = 0; j < r; j++) {
            tau[j] = -1;
        }
        for (int i = 0; i < c; i++) {
            int j = cnt[i];
            if (j < r) {
                tau[j] = x[i];
            }
        }
        for (int j = 1; j < r; j++) {
            if (tau[j] < 0) {
                tau[j] = tau[j - 1];
            }
        }
    }

    /**
     * Fallback of a quickselect that ran out of levels (adversarial data only): sorts a[0..m)
     * ascending in place and returns its r-th largest. O(m log m).
     */
    public static int kthBySorting(int[] a, int m, int r) {
        Arrays.sort(a, 0, m);
        return a[m - r];
    }

    /** Number of elements of a[0..m) strictly greater than t. */
    public static int countAbove(int[] a, int m, int t) {
        int c = 0;
        for (int i = 0; i < m; i++) {
            c += a[i] > t ? 1 : 0;
        }
        return c;
    }
}
