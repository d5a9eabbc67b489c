package io.github.meprop.kernels.scalar;

/**
 * Reusable per-thread buffers of the top-k selection (one instance per thread, see
 * {@link #forCurrentThread}); they grow to the largest row length seen and are never shrunk, so
 * that a selection allocates nothing once warmed up. Every buffer has {@link #SLACK} extra
 * elements, so that vector code may store whole vectors past the last valid element.
 */
public final class TopKScratch {
    /** Extra elements past the needed length of every buffer (at least one 512-bit int vector). */
    public static final int SLACK = 64;

    private static final ThreadLocal<TopKScratch> PER_THREAD = ThreadLocal.withInitial(TopKScratch::new);

    /** Pass-1 survivors: positions (relative to the row start), ascending. */
    public int[] pos = new int[0];
    /** Pass-1 survivors: keys, parallel to {@link #pos}. */
    public int[] keys = new int[0];
    /** Three rotating quickselect buffers. */
    public final int[][] work = {new int[0], new int[0], new int[0]};
    /** Selected positions before they are copied to the caller's array. */
    public int[] out = new int[0];
    /** Keys of the pass-1 sample. */
    public int[] sample = new int[0];
    /** Sample keys at or above the pass-1 pivot. */
    public final int[] top = new int[TopKPlan.MAX_SAMPLE + SLACK];
    /** Rank counts of {@link #top}. */
    public final int[] cnt = new int[TopKPlan.TOP_MAX + SLACK];
    /** Band thresholds: the sample's largest keys, descending. */
    public final int[] tau = new int[TopKPlan.TOP_MAX + SLACK];
    /** The sorted pivot sample of one quickselect level. */
    public final int[] pivotSample = new int[TopKPlan.PIVOT_SAMPLE + SLACK];
    /** Column sums of selectUnified. */
    public float[] sums = new float[0];
    /** Set by the k-th-largest search: how many keys of its input are strictly above the result. */
    public int above;
    /** The plain-Java {@link TopKPasses#absSum}'s partial sums. */
    public final float[] partials = new float[TopKPlan.SUM_PARTIALS];
    /** selectMass: the keys of a row's kMax selected positions, in position order. */
    public int[] massKeys = new int[0];
    /** selectMass: the same keys, sorted. */
    public int[] massSorted = new int[0];
    /** selectMass: rank counts of {@link #massKeys} (for a rank-counting sort). */
    public int[] massCounts = new int[0];

    /** The calling thread's scratch. */
    public static TopKScratch forCurrentThread() {
        return PER_THREAD.get();
    }

    /** Positions of the pass-1 sample for rows of length {@link #samplePositionsN}. */
    private final int[] samplePositions = new int[TopKPlan.MAX_SAMPLE + SLACK];
    private int samplePositionsN = -1;

    /**
     * The {@link TopKPlan#sampleSize}(n) positions {@link TopKPlan#samplePosition} of the pass-1
     * sample for a row of length n (computed once per n, then reused).
     */
    public int[] samplePositions(int n) {
        if (samplePositionsN != n) {
            int ns = TopKPlan.sampleSize(n);
            for (int j = 0; j < ns; j++) {
                samplePositions[j] = TopKPlan.samplePosition(j, ns, n);
            }
            samplePositionsN = n;
        }
        return samplePositions;
    }

    /** Makes every int buffer hold at least n + {@link #SLACK} elements. */
    public TopKScratch ensure(int n) {
        int need = n + SLACK;
        if (pos.length < need) {
            pos = new int[need];
            keys = new int[need];
            out = new int[need];
            for (int i = 0; i < work.length; i++) {
                work[i] = new int[need];
            }
        }
        if (sample.length < TopKPlan.MAX_SAMPLE + SLACK) {
            sample = new int[TopKPlan.MAX_SAMPLE + SLACK];
        }
        return this;
    }

    /** Makes {@link #massKeys}, {@link #massSorted} and {@link #massCounts} hold at least k + {@link #SLACK} elements. */
    public void ensureMass(int k) {
        if (massKeys.length < k + SLACK) {
            massKeys = new int[k + SLACK];
            massSorted = new int[k + SLACK];
            massCounts = new int[k + SLACK];
        }
    }

    /** Makes {@link #sums} hold at least n + {@link #SLACK} elements. */
    public float[] sums(int n) {
        if (sums.length < n + SLACK) {
            sums = new float[n + SLACK];
        }
        return sums;
    }
}
