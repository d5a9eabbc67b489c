package io.github.meprop.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.meprop.kernels.TopK;
import io.github.meprop.nn.Selection;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReferenceHeapTest {

    private static int[] top(float[] v, int k) {
        int[] p = new int[k];
        ReferenceHeap.top(v, v.length, k, new float[k], p);
        int[] s = p.clone();
        Arrays.sort(s);
        return s;
    }

    @Test
    void distinctValuesGiveTheTopK() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(60);
            int k = 1 + r.nextInt(n);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) r.nextDouble(); // distinct with probability ~1
            }
            int[] expected = new int[k];
            TopK.select(v, 0, n, k, expected, 0);
            Arrays.sort(expected);
            assertArrayEquals(expected, top(v, k), "n " + n + ", k " + k);
        }
    }

    @Test
    void zerosAreFilledInHeapOrderNotLowestFirst() {
        // Worked by hand: heap {0,1,2} of zeros; 5 at position 4 replaces the root (position 0), which
        // sinks to the left; 3 at position 6 replaces the new root (position 1), which sinks to the
        // right (the smaller child). Left: positions 2, 4, 6. The lowest-positions rule would give 0, 4, 6.
        float[] v = {0, 0, 0, 0, 5, 0, 3, 0};
        assertArrayEquals(new int[] {2, 4, 6}, top(v, 3));
    }

    @Test
    void referenceCountingFollowsOriginalPositions() {
        // Width 4, k = 2 at the original width: learns k from the selection.
        Activeness a = new Activeness(Activeness.Counting.REFERENCE);
        float[] g0 = {1, 2, 3, 4};
        a.onSelection(0, Selection.ofRows(1, 4, 2, new int[] {2, 3}), g0);
        assertArrayEquals(new long[] {0, 0, 1, 1}, a.hits(0));
        // Remove units 0 and 3: the two left are original positions 1 and 2.
        a.keepUnits(0, new int[] {1, 2});
        a.reset(0, 2);
        assertArrayEquals(new int[] {1, 2}, a.originalPositions(0));
        // Only original position 2 is non-zero; the heap over 4 original positions (k = 2) starts
        // with positions 0 (removed, 0) and 1 (g 0): 2's value pushes out the root, position 0.
        // Returned: positions 1 and 2, both still units: both hit, although position 1's g is 0.
        float[] g = {0, 7};
        a.onSelection(0, Selection.ofRows(1, 2, 2, new int[] {0, 1}), g);
        assertArrayEquals(new long[] {1, 1}, a.hits(0));
        // NONZERO would count only the unit with a gradient.
        Activeness nz = new Activeness(Activeness.Counting.NONZERO, 2);
        nz.onSelection(0, Selection.ofRows(1, 2, 2, new int[] {0, 1}), g);
        assertArrayEquals(new long[] {0, 1}, nz.hits(0));
        assertEquals(1, a.seen(0));
    }

    @Test
    void rejectsBadK() {
        assertThrows(IllegalArgumentException.class, () -> ReferenceHeap.top(new float[3], 3, 4, new float[4], new int[4]));
        assertThrows(IllegalArgumentException.class, () -> ReferenceHeap.top(new float[3], 3, 0, new float[1], new int[1]));
    }
}
