package io.github.meprop.kernels.scalar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quickselect core of the plain-Java twin, including its guaranteed fallback (sorting what is
 * left once the level budget is spent, reached in practice only on adversarial data): the r-th
 * largest key, the count strictly above it, and the input left untouched.
 */
public class ScalarKthLargestTest {

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
            checkAllRanks(keys, ScalarTopK::kthLargest);
        }
        checkAllRanks(new int[200], ScalarTopK::kthLargest);
        checkAllRanks(java.util.stream.IntStream.range(0, 200).toArray(), ScalarTopK::kthLargest);
        checkAllRanks(java.util.stream.IntStream.range(0, 200).map(x -> 1000 - x).toArray(), ScalarTopK::kthLargest);
    }

    /** The signature both implementations share. */
    @FunctionalInterface
    public interface KthLargest {
        int kthLargest(int[] src, int m, int r, TopKScratch s, int levels);
    }
}
