package io.github.meprop.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ActivenessRuleTest {

    @Test
    void removesNeuronsBelowFloorOfPruneTimesSeen() {
        ActivenessRule r = ActivenessRule.reference();
        assertEquals(0.1, r.prune());
        assertEquals(10, r.threshold(100));
        assertEquals(10, r.threshold(109), "floor");
        assertEquals(0, r.threshold(9));
        // seen 105 -> threshold 10: hits 9 goes, 10 stays.
        assertArrayEquals(new int[] {1, 2, 4}, r.keep(new long[] {9, 10, 105, 0, 11}, 105));
    }

    @Test
    void neverRemovesTheLastNeuron() {
        ActivenessRule r = new ActivenessRule(0.5);
        assertArrayEquals(new int[] {2}, r.keep(new long[] {1, 3, 4, 4, 0}, 100), "most hits, lowest position on ties");
        assertArrayEquals(new int[] {0}, r.keep(new long[] {0, 0, 0}, 100));
        assertArrayEquals(new int[] {0}, r.keep(new long[] {0}, 100));
    }

    @Test
    void nothingSeenOrZeroPruneRemovesNothing() {
        assertArrayEquals(new int[] {0, 1, 2}, ActivenessRule.reference().keep(new long[] {0, 0, 0}, 0));
        assertArrayEquals(new int[] {0, 1, 2}, new ActivenessRule(0).keep(new long[] {0, 5, 0}, 1000));
        assertArrayEquals(new int[] {1}, new ActivenessRule(1).keep(new long[] {99, 100, 0}, 100), "prune 1: only always-active");
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new ActivenessRule(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new ActivenessRule(1.5));
        assertThrows(IllegalArgumentException.class, () -> new ActivenessRule(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ActivenessRule.reference().keep(new long[0], 1));
        assertThrows(IllegalArgumentException.class, () -> ActivenessRule.reference().threshold(-1));
    }
}
