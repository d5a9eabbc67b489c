package io.github.meprop.kernels.scalar;

import java.util.Arrays;

/**
 * The shared plan of the top-k selection, used unchanged by the plain-Java twin
 * ({@link ScalarTopK}) and the Vector API version ({@code panama.PanamaTopK}): the magnitude key,
 * the sample sizes and ranks, the pivot rule and the size of the exact finish. Both paths run the
 * same passes with the same pivots; only the loops differ.
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

    private TopKPlan() {}

    /** The ranking key of x: raw bits of |x|, every NaN mapped to {@link #NAN_KEY}. */
    public static int key(float x) {
        return Math.min(Float.floatToRawIntBits(x) & MAGNITUDE_MASK, NAN_KEY);
    }

    /** Pass-1 sample size for n elements: about √n, between 32 and {@link #MAX_SAMPLE}. */
    public static int sampleSize(int n) {
        int s = (int) Math.sqrt((double) n);
        return Math.max(32, Math.min(MAX_SAMPLE, s));
    }

    /** Position of the j-th of s evenly spaced sample elements among n (the middle of its stride). */
    public static int samplePosition(int j, int s, int n) {
        return (int) ((2L * j + 1) * n / (2L * s));
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
     * {@link #FINISH}): {@link #PIVOT_SAMPLE} evenly spaced elements, sorted descending in
     * {@code tmp}; the one whose expected rank is closest to r, rounded toward the median so that
     * the side kept next is the smaller one.
     */
    public static int pivot(int[] a, int m, int r, int[] tmp) {
        final int s = PIVOT_SAMPLE;
        for (int j = 0; j < s; j++) {
            int x = a[samplePosition(j, s, m)];
            int i = j;
            while (i > 0 && tmp[i - 1] < x) {
                tmp[i] = tmp[i - 1];
                i--;
            }
            tmp[i] = x;
        }
        // tmp[j] has expected rank (j+1)·m/(s+1) from the top.
        long scaled = (long) r * (s + 1);
        int j = 2L * r <= m ? (int) ((scaled + m - 1) / m) - 1 : (int) (scaled / m) - 1;
        return tmp[Math.max(0, Math.min(s - 1, j))];
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
