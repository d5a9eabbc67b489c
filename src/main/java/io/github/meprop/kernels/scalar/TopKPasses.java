package io.github.meprop.kernels.scalar;

/**
 * The passes of the top-k selection: the loops over the input, the survivors and the samples that
 * {@link TopKDriver} runs in the order of {@link TopKPlan}. The plain-Java twin
 * ({@link ScalarTopK}) and the Vector API one ({@code panama.PanamaTopK}) implement them; the
 * control flow (sampling, retries, band and quickselect levels, exact finish, the adaptive-k
 * accumulation) is written once, in the driver.
 *
 * <p>Every pass is defined by its result alone, and both twins give exactly that result, so the
 * driver takes the same path with the same pivots on either: the selections are identical.
 *
 * <p>Keys are {@link TopKPlan#key}s (never negative). Arrays of keys handed to a pass have at least
 * {@link TopKScratch#SLACK} elements past the m that are used; a pass may overwrite those (vector
 * code pads them), never the first m.
 */
public interface TopKPasses {

    /** Pass 1 keeping everything: {@code s.keys[i] = key(v[off+i])}, {@code s.pos[i] = i} for i &lt; n. */
    void keepAll(float[] v, int off, int n, TopKScratch s);

    /**
     * The group maxima that give pass 1 its pivot for mid-sized n ({@link TopKPlan#groups}):
     * {@code out[j] = max key(v[off + i])} over the i &lt; n with {@code i mod g == j}, for j &lt; g.
     * g is a multiple of 16 and n ≥ g, so no group is empty; out has g + {@link TopKScratch#SLACK}
     * elements.
     */
    void groupMaxKeys(float[] v, int off, int n, int g, int[] out);

    /**
     * Pass 1 with pivot p (0 ≤ p ≤ {@link TopKPlan#NAN_KEY}): the key and the position of every
     * element of {@code v[off .. off+n)} with key ≥ p, in position order, into {@code s.keys} and
     * {@code s.pos}; returns their number.
     */
    int keepAtLeast(float[] v, int off, int n, int p, TopKScratch s);

    /**
     * {@link #keepAtLeast} when few elements survive (the group-maxima pivot keeps about 1.5k of n):
     * the same keys and positions in the same order; an implementation may pack only positions and
     * load the few survivors' keys afterwards.
     */
    default int keepFewAtLeast(float[] v, int off, int n, int p, TopKScratch s) {
        return keepAtLeast(v, off, n, p, s);
    }

    /** The number of elements of {@code a[0 .. m)} that are ≥ t (t ≥ 0). */
    int countAtLeast(int[] a, int m, int t);

    /** The elements x of {@code a[0 .. m)} with {@code lo ≤ x < hi} (lo ≥ 0), in order, into {@code out}; returns their number. */
    int packRange(int[] a, int m, int lo, int hi, int[] out);

    /**
     * One quickselect level: the elements of {@code a[0 .. m)} greater than p into gt and those less
     * than p into lt, each in order; returns their numbers as {@code (long) greater << 32 | less}.
     */
    long partition(int[] a, int m, int p, int[] gt, int[] lt);

    /**
     * The pivot of a quickselect level looking for the r-th largest of {@code a[0 .. m)}
     * (m &gt; {@link TopKPlan#FINISH}): the value {@link TopKPlan#pivot} returns; tmp has
     * {@link TopKPlan#PIVOT_SAMPLE} + {@link TopKScratch#SLACK} elements.
     */
    int pivot(int[] a, int m, int r, int[] tmp);

    /**
     * Exact r-th largest t of a small {@code a[0 .. m)} (1 ≤ r ≤ m), the least key with fewer than r
     * keys strictly above it, and the number of keys strictly above t; returns them as
     * {@code (long) t << 32 | above}.
     */
    long rankSelect(int[] a, int m, int r);

    /** {@code cnt[i]} = the number of elements of {@code a[0 .. m)} strictly greater than {@code a[i]}. */
    void rankCounts(int[] a, int m, int[] cnt);

    /**
     * {@code out[0 .. m)} = the elements of {@code a[0 .. m)} in descending order (a has slack and
     * may be padded; out is not a). The result is one sequence whatever the method, so the twins
     * may sort differently.
     */
    void sortDescending(int[] a, int m, int[] out, TopKScratch s);

    /**
     * The output pass over the survivors (in position order): {@code pos[j]} for every key &gt; t
     * and for the first {@code need} keys == t, in order, into {@code idx[idxOff ..)} (exactly
     * k positions; nothing is written past them).
     */
    void emit(int[] keys, int[] pos, int m, int t, int need, int[] idx, int idxOff, TopKScratch s);

    /**
     * The rank count and the output pass in one, for a small set of survivors (m ≤
     * {@link TopKPlan#RANK_SELECT_MAX}, 1 ≤ r ≤ m): the number of keys of {@code keys[0 .. m)} with
     * fewer than r keys strictly above them (the keys ≥ the r-th largest, so at least r). When it is
     * exactly r (no tie at the r-th largest reaches past it), their positions, in order, are
     * written to {@code idx[idxOff .. idxOff+r)}, which is then the top-r; otherwise idx is left
     * as it was.
     */
    int emitUntied(int[] keys, int[] pos, int m, int r, int[] idx, int idxOff, TopKScratch s);

    /** {@code idx[idxOff + i] = i} for i &lt; n. */
    void iota(int[] idx, int idxOff, int n);

    /**
     * {@code sums[j] = Σ_r |m[r·n + j]|} for j &lt; n, the rows added in order starting from +0
     * (lane-wise in SIMD: the same float additions in the same order).
     */
    void columnAbsSums(float[] m, int rows, int n, float[] sums);

    /**
     * {@code Σ_i |v[off + i]|} for i &lt; n in the width-independent order of
     * {@link TopKPlan#foldPartials}: {@value TopKPlan#SUM_PARTIALS} partial sums, element i added
     * (in ascending i) to partial i mod {@value TopKPlan#SUM_PARTIALS}, then the fixed folding tree.
     * A SIMD kernel holds the partials in one 16-lane vector, two of 8 or four of 4 lanes.
     */
    float absSum(float[] v, int off, int n, TopKScratch s);
}
