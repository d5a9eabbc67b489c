package io.github.meprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** Example i has the single feature i, so a split's features say which examples it holds. */
    private static Dataset numbered(int n, int classes) {
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = (i * 7 + i / 3) % classes;
        }
        return Dataset.ofFlat("numbered", x, 1, y, classes);
    }

    private static List<Integer> ids(Dataset d) {
        List<Integer> ids = new ArrayList<>();
        for (float v : d.x()) {
            ids.add((int) v);
        }
        return ids;
    }

    /** Train, dev and test are disjoint, cover every example once, keep the original order and the labels. */
    private static void assertPartition(Dataset data, Splits s) {
        int[] seen = new int[data.size()];
        for (Dataset part : List.of(s.train(), s.dev(), s.test())) {
            List<Integer> ids = ids(part);
            List<Integer> sorted = new ArrayList<>(ids);
            sorted.sort(null);
            assertEquals(sorted, ids, "original order kept in " + part.name());
            for (int r = 0; r < part.size(); r++) {
                int id = ids.get(r);
                seen[id]++;
                assertEquals(data.y()[id], part.y()[r]);
            }
            assertEquals(data.classes(), part.classes());
        }
        for (int c : seen) {
            assertEquals(1, c);
        }
    }

    @Test
    void randomSplitHasTheRoundedSizesAndIsAPartition() {
        Dataset d = numbered(1000, 3);
        Splits s = Splits.random(d, 0.15, 0.2, 42);
        assertEquals(150, s.dev().size());
        assertEquals(200, s.test().size());
        assertEquals(650, s.train().size());
        assertEquals("numbered/train", s.train().name());
        assertEquals("numbered/dev", s.dev().name());
        assertEquals("numbered/test", s.test().name());
        assertPartition(d, s);
    }

    @Test
    void theSeedDecides() {
        Dataset d = numbered(500, 4);
        assertArrayEquals(Splits.random(d, 0.1, 0.1, 7).test().x(), Splits.random(d, 0.1, 0.1, 7).test().x());
        assertFalse(Arrays.equals(Splits.random(d, 0.1, 0.1, 7).test().x(), Splits.random(d, 0.1, 0.1, 8).test().x()));
        // java.util.Random is specified exactly: this split is the same on every JVM.
        assertEquals(List.of(14, 15, 23, 25, 47), ids(Splits.random(numbered(50, 2), 0, 0.1, 1).test()));
    }

    @Test
    void stratifiedSplitKeepsEachClassShare() {
        int n = 1000;
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i < 900 ? 0 : i < 980 ? 1 : 2; // 900 / 80 / 20
        }
        Dataset d = Dataset.ofFlat("skewed", x, 1, y, 3);
        Splits s = Splits.stratified(d, 0.1, 0.25, 3);
        assertPartition(d, s);
        assertArrayEquals(new int[] {90, 8, 2}, counts(s.dev()));
        assertArrayEquals(new int[] {225, 20, 5}, counts(s.test()));
        assertArrayEquals(new int[] {585, 52, 13}, counts(s.train()));
    }

    private static int[] counts(Dataset d) {
        int[] c = new int[d.classes()];
        for (int label : d.y()) {
            c[label]++;
        }
        return c;
    }

    @Property(tries = 60)
    void everySplitIsAPartition(@ForAll @IntRange(min = 3, max = 300) int n, @ForAll @IntRange(min = 1, max = 6) int classes,
            @ForAll @DoubleRange(min = 0, max = 0.45) double dev, @ForAll @DoubleRange(min = 0, max = 0.45) double test,
            @ForAll long seed) {
        Dataset d = numbered(n, classes);
        try {
            assertPartition(d, Splits.random(d, dev, test, seed));
        } catch (IllegalArgumentException noTrainingLeft) {
            assertTrue(noTrainingLeft.getMessage().contains("leaves no training example"));
        }
        try {
            assertPartition(d, Splits.stratified(d, dev, test, seed));
        } catch (IllegalArgumentException noTrainingLeft) {
            assertTrue(noTrainingLeft.getMessage().contains("leaves no training example"));
        }
    }

    @Test
    void badFractionsAreRefused() {
        Dataset d = numbered(10, 2);
        assertThrows(IllegalArgumentException.class, () -> Splits.random(d, -0.1, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.random(d, 0.1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.random(d, Double.NaN, 0.1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.random(d, 0.5, 0.5, 1));
        assertTrue(e.getMessage().contains("must be < 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Splits.random(numbered(2, 1), 0.4, 0.4, 1));
        assertTrue(e.getMessage().contains("leaves no training example"), e.getMessage());
    }
}
