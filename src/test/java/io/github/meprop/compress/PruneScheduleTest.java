package io.github.meprop.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruneScheduleTest {

    private static List<Integer> points(PruneSchedule s, int epoch, int batches) {
        List<Integer> p = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            if (s.isPrunePoint(epoch, b, batches)) {
                p.add(b);
            }
        }
        return p;
    }

    @Test
    void referenceSchedulePrunesEightTimesPerEpochInEvenCycles() {
        PruneSchedule s = PruneSchedule.reference();
        int batches = 550; // MNIST: 55,000 examples in batches of 100
        for (int epoch = 0; epoch < 20; epoch++) {
            List<Integer> p = points(s, epoch, batches);
            boolean pruning = epoch < 5 || (epoch >= 10 && epoch < 15);
            assertEquals(pruning, s.prunes(epoch), "epoch " + epoch);
            if (pruning) {
                // Slices of 68.75 batches: after batches 68, 137, 206, 274, 343, 412, 481, 549 (0-based).
                assertEquals(List.of(68, 137, 206, 274, 343, 412, 481, 549), p, "epoch " + epoch);
            } else {
                assertEquals(List.of(), p, "epoch " + epoch);
            }
        }
    }

    @Test
    void momentsResetAtTheStartOfEveryCycleButTheFirst() {
        PruneSchedule s = PruneSchedule.reference();
        for (int epoch = 0; epoch < 20; epoch++) {
            assertEquals(epoch == 5 || epoch == 10 || epoch == 15, s.resetsMomentsBefore(epoch), "epoch " + epoch);
        }
        PruneSchedule noReset = new PruneSchedule(5, 8, true, false);
        assertFalse(noReset.resetsMomentsBefore(5));
        assertEquals(2, s.cycle(10));
    }

    @Test
    void referenceMomentResetsAfterEachSliceOfTheLastEpochOfEveryCycle() {
        PruneSchedule s = PruneSchedule.reference().withMomentReset(PruneSchedule.MomentReset.REFERENCE);
        int batches = 550;
        int resets = 0;
        for (int epoch = 0; epoch < 20; epoch++) {
            assertFalse(s.resetsMomentsBefore(epoch), "epoch " + epoch);
            List<Integer> after = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                if (s.resetsMomentsAfter(epoch, b, batches)) {
                    after.add(b);
                }
            }
            resets += after.size();
            boolean last = epoch % 5 == 4;
            assertEquals(last ? List.of(68, 137, 206, 274, 343, 412, 481, 549) : List.of(), after, "epoch " + epoch);
        }
        assertEquals(32, resets, "8 per cycle, idle cycles included");
        assertTrue(s.resetMoments());
        assertFalse(PruneSchedule.reference().resetsMomentsAfter(4, 68, batches), "cycle-start resets only before epochs");
        assertFalse(new PruneSchedule(5, 8, true, PruneSchedule.MomentReset.NONE).resetMoments());
        assertEquals(PruneSchedule.MomentReset.REFERENCE, PruneSchedule.MomentReset.parse(" Reference "));
        assertEquals("cycle-start", PruneSchedule.MomentReset.CYCLE_START.id());
        var e = assertThrows(io.github.meprop.nn.InvalidSettingException.class,
                () -> PruneSchedule.MomentReset.parse("sometimes"));
        assertEquals("moment-reset", e.setting());
    }

    @Test
    void evenSlicesAndShortEpochs() {
        PruneSchedule s = new PruneSchedule(1, 4, false, true);
        assertEquals(List.of(1, 3, 5, 7), points(s, 0, 8));
        assertEquals(List.of(0, 1, 2), points(s, 0, 3), "fewer batches than points: every batch");
        assertEquals(List.of(0), points(new PruneSchedule(1, 1, false, true), 3, 1));
        assertTrue(s.prunes(7), "not alternating: every cycle prunes");
        assertEquals(List.of(9), points(new PruneSchedule(2, 1, true, true), 4, 10));
        assertEquals(List.of(), points(new PruneSchedule(2, 1, true, true), 2, 10));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new PruneSchedule(0, 8, true, true));
        assertThrows(IllegalArgumentException.class, () -> new PruneSchedule(5, 0, true, true));
        PruneSchedule s = PruneSchedule.reference();
        assertThrows(IllegalArgumentException.class, () -> s.isPrunePoint(0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> s.isPrunePoint(0, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> s.isPrunePoint(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> s.prunes(-1));
    }
}
