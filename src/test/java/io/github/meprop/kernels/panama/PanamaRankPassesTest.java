package io.github.meprop.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.meprop.kernels.scalar.ScalarTopK;
import io.github.meprop.kernels.scalar.TopKPlan;
import io.github.meprop.kernels.scalar.TopKScratch;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The two rank-count passes of the small selections, Vector API twin against the plain-Java twin
 * and against their definitions: {@code rankSelect} (the r-th largest and the count above it) and
 * {@code emitUntied} (the positions of the keys with fewer than r above, when there are exactly
 * r), for every m from 1 to {@link TopKPlan#RANK_SELECT_MAX} (lanes ± 1, one and two sweeps, a
 * lone last vector) and every r, on distinct keys, few distinct keys (ties at every rank), all
 * equal keys, and keys up to {@link TopKPlan#NAN_KEY}. Not run in the scalar execution.
 */
class PanamaRankPassesTest {
    private static final PanamaTopK SIMD = new PanamaTopK();
    private static final ScalarTopK PLAIN = new ScalarTopK();

    @Test
    void rankSelectAndEmitUntiedAgreeWithTheirDefinitionOnBothTwins() {
        Random rnd = new Random(5);
        TopKScratch s = TopKScratch.forCurrentThread();
        s.ensure(4 * TopKPlan.RANK_SELECT_MAX);
        for (int m = 1; m <= TopKPlan.RANK_SELECT_MAX; m++) {
            for (int family = 0; family < 4; family++) {
                int[] keys = new int[m];
                int[] pos = new int[m];
                int p = 0;
                for (int j = 0; j < m; j++) {
                    keys[j] = switch (family) {
                        case 0 -> rnd.nextInt(TopKPlan.NAN_KEY + 1);
                        case 1 -> rnd.nextInt(4);
                        case 2 -> 7;
                        default -> TopKPlan.NAN_KEY - rnd.nextInt(3);
                    };
                    p += 1 + rnd.nextInt(5);
                    pos[j] = p;
                }
                for (int r = 1; r <= m; r++) {
                    check(keys, pos, m, r, s, "m=" + m + " family " + family + " r=" + r);
                }
            }
        }
    }

    private static void check(int[] keys, int[] pos, int m, int r, TopKScratch s, String what) {
        int[] sorted = keys.clone();
        Arrays.sort(sorted);
        int t = sorted[m - r];
        int above = 0;
        int atLeast = 0;
        for (int key : keys) {
            above += key > t ? 1 : 0;
            atLeast += key >= t ? 1 : 0;
        }
        long expected = (long) t << 32 | above;
        assertEquals(expected, SIMD.rankSelect(withSlack(keys), m, r), "SIMD rankSelect " + what);
        assertEquals(expected, PLAIN.rankSelect(withSlack(keys), m, r), "plain rankSelect " + what);
        int[] top = new int[atLeast];
        int w = 0;
        for (int j = 0; j < m; j++) {
            if (keys[j] >= t) {
                top[w++] = pos[j];
            }
        }
        for (var twin : new io.github.meprop.kernels.scalar.TopKPasses[] {SIMD, PLAIN}) {
            int[] idx = new int[r + 4];
            Arrays.fill(idx, -9);
            int got = twin.emitUntied(withSlack(keys), withSlack(pos), m, r, idx, 2, s);
            String name = twin.getClass().getSimpleName() + " emitUntied " + what;
            assertEquals(atLeast, got, name);
            int[] expectedIdx = new int[r + 4];
            Arrays.fill(expectedIdx, -9);
            if (atLeast == r) {
                System.arraycopy(top, 0, expectedIdx, 2, r);
            }
            assertArrayEquals(expectedIdx, idx, name);
        }
    }

    private static int[] withSlack(int[] a) {
        return Arrays.copyOf(a, a.length + TopKScratch.SLACK);
    }
}
