package io.github.meprop.kernels.scalar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quickselect core of the top-k driver on the plain-Java passes, including its guaranteed fallback (sorting what is
 * left once the level budget is spent, reached in practice only on adversarial data): the r-th
 * largest key, the count strictly above it, and the input left untouched.
 */
public class ScalarKthLargestTest {
    private static final TopKDriver DRIVER = new TopKDriver(new ScalarTopK());

    /** Checks kthLargest on keys for every r and several level budgets (0 = fallback at once). */
    public static void checkAllRanks(int[] keys, KthLargest impl) {
        int m = keys.length;
        int[] sorted = keys.clone();
        Arrays.sort(sorted);
        TopKScratch s = new TopKScratch().ensure(m);
        int[] src = Arrays.copyOf(keys, m + TopKScratch.SLACK);
        for (int levels : new int[] {0, 1, 2, TopKPlan.maxLevels(m)}) {
            for (int r = 1; r <= m; r++) {
                int t = impl.kthLargest(src, m, r, s, levels);
                assertEquals(sorted[m - r], t, "m=" + m + " r=" + r + " levels=" + levels);
                assertEquals(TopKPlan.countAbove(keys, m, t), s.above, "above, m=" + m + " r=" + r);
                assertArrayEquals(keys, Arrays.copyOf(src, m), "input modified");
            }
        }
    }

    /** Key arrays: distinct, few distinct values, all equal, sorted both ways, NaN key. */
    public static int[][] keySets() {
        Random rnd = new Random(5);
        int[][] sets = new int[10][];
        int i = 0;
        for (int m : new int[] {1, 16, 17, 100, 333}) {
            sets[i++] = rnd.ints(m, 0, TopKPlan.NAN_KEY + 1).toArray();
            sets[i++] = rnd.ints(m, 0, 4).map(x -> x == 3 ? TopKPlan.NAN_KEY : x).toArray();
        }
        return sets;
    }

    @Test
    void kthLargestOnRandomAndTiedKeys() {
        for (int[] keys : keySets()) {
            checkAllRanks(keys, DRIVER::kthLargest);
        }
        checkAllRanks(new int[200], DRIVER::kthLargest);
        checkAllRanks(java.util.stream.IntStream.range(0, 200).toArray(), DRIVER::kthLargest);
        checkAllRanks(java.util.stream.IntStream.range(0, 200).map(x -> 1000 - x).toArray(), DRIVER::kthLargest);
    }

    @Test
    void pivotSortsItsSampleWithAWorkingNetwork() {
        // 0-1 principle: a comparator network sorts every input iff it sorts all 2^9 0-1 inputs.
        int stride = 3;
        int m = TopKPlan.PIVOT_SAMPLE * stride;
        int[] a = new int[m];
        int[] tmp = new int[TopKPlan.PIVOT_SAMPLE];
        for (int bits = 0; bits < 1 << 9; bits++) {
            for (int i = 0; i < 9; i++) {
                a[stride / 2 + i * stride] = (bits >>> i) & 1;
            }
            TopKPlan.pivot(a, m, 1, tmp);
            for (int i = 1; i < 9; i++) {
                assertTrue(tmp[i - 1] >= tmp[i], "input " + Integer.toBinaryString(bits));
            }
            assertEquals(Integer.bitCount(bits), Arrays.stream(tmp).sum(), "a permutation of the input");
        }
    }

    @Test
    void pivotIsTheSampleElementNearestRankR() {
        Random rnd = new Random(3);
        int[] tmp = new int[TopKPlan.PIVOT_SAMPLE];
        for (int trial = 0; trial < 2000; trial++) {
            int m = TopKPlan.FINISH + 1 + rnd.nextInt(500);
            int[] a = rnd.ints(m, 0, 1000).toArray();
            int r = 1 + rnd.nextInt(m);
            int stride = m / 9;
            int[] sample = new int[9];
            for (int j = 0; j < 9; j++) {
                sample[j] = a[stride / 2 + j * stride];
            }
            Arrays.sort(sample); // ascending; descending index j is sample[8 - j]
            double want = (double) r * 10 / m - 1; // index whose expected rank is r
            int j = (int) (2L * r <= m ? Math.ceil(want - 1e-9) : Math.floor(want + 1e-9));
            j = Math.max(0, Math.min(8, j));
            assertEquals(sample[8 - j], TopKPlan.pivot(a, m, r, tmp), "m=" + m + " r=" + r);
        }
    }

    /** The signature both implementations share. */
    @FunctionalInterface
    public interface KthLargest {
        int kthLargest(int[] src, int m, int r, TopKScratch s, int levels);
    }
}
