package io.github.meprop.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PruneRuleTest {

    @Test
    void removesNeuronsBelowFloorOfPruneTimesSeen() {
        PruneRule r = PruneRule.reference();
        assertEquals(0.1, r.prune());
        assertEquals(10, r.threshold(100));
        assertEquals(10, r.threshold(109), "floor");
        assertEquals(0, r.threshold(9));
        // seen 105 -> threshold 10: hits 9 goes, 10 stays.
        assertArrayEquals(new int[] {1, 2, 4}, r.keep(new long[] {9, 10, 105, 0, 11}, 105));
    }

    @Test
    void neverRemovesTheLastNeuron() {
        PruneRule r = new PruneRule(0.5);
        assertArrayEquals(new int[] {2}, r.keep(new long[] {1, 3, 4, 4, 0}, 100), "most hits, lowest position on ties");
        assertArrayEquals(new int[] {0}, r.keep(new long[] {0, 0, 0}, 100));
        assertArrayEquals(new int[] {0}, r.keep(new long[] {0}, 100));
    }

    @Test
    void nothingSeenOrZeroPruneRemovesNothing() {
        assertArrayEquals(new int[] {0, 1, 2}, PruneRule.reference().keep(new long[] {0, 0, 0}, 0));
        assertArrayEquals(new int[] {0, 1, 2}, new PruneRule(0).keep(new long[] {0, 5, 0}, 1000));
        assertArrayEquals(new int[] {1}, new PruneRule(1).keep(new long[] {99, 100, 0}, 100), "prune 1: only always-active");
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new PruneRule(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new PruneRule(1.5));
        assertThrows(IllegalArgumentException.class, () -> new PruneRule(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> PruneRule.reference().keep(new long[0], 1));
        assertThrows(IllegalArgumentException.class, () -> PruneRule.reference().threshold(-1));
    }
}
