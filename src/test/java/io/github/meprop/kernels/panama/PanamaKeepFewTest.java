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
 * Pass 1 after the group-maxima pivot ({@code keepFewAtLeast}, positions packed, keys loaded
 * afterwards) keeps the same keys and positions in the same order as the plain twin's
 * {@code keepAtLeast}: awkward n (0, 1, lanes ± 1, 207, 500, 702, 1024), at an offset, pivots from
 * 0 (everything) to above every key, with ties, −0, NaN and infinities. Not run in the scalar
 * execution.
 */
class PanamaKeepFewTest {
    private static final PanamaTopK SIMD = new PanamaTopK();
    private static final ScalarTopK PLAIN = new ScalarTopK();

    @Test
    void keepsWhatThePlainTwinKeepsInTheSameOrder() {
        Random rnd = new Random(11);
        int lanes = Species.FLOAT_LANES;
        int[] sizes = {0, 1, lanes - 1, lanes, lanes + 1, 2 * lanes + 3, 207, 500, 702, 1024};
        for (int n : sizes) {
            for (int family = 0; family < 3; family++) {
                int off = 3;
                float[] v = new float[n + off + 2];
                for (int i = 0; i < v.length; i++) {
                    v[i] = switch (family) {
                        case 0 -> (float) rnd.nextGaussian();
                        case 1 -> rnd.nextInt(4) - 2; // ties among four values, +0 included
                        default -> switch (rnd.nextInt(6)) {
                            case 0 -> Float.NaN;
                            case 1 -> Float.NEGATIVE_INFINITY;
                            case 2 -> Float.POSITIVE_INFINITY;
                            case 3 -> -0f;
                            default -> (float) rnd.nextGaussian();
                        };
                    };
                }
                int[] keys = new int[n];
                for (int i = 0; i < n; i++) {
                    keys[i] = TopKPlan.key(v[off + i]);
                }
                int[] sorted = keys.clone();
                Arrays.sort(sorted);
                int[] pivots = n == 0
                        ? new int[] {0, 1}
                        : new int[] {0, sorted[n / 2], sorted[n - 1 - Math.min(n - 1, 20)], sorted[n - 1], TopKPlan.NAN_KEY};
                for (int p : pivots) {
                    String what = "n=" + n + " family " + family + " pivot " + p;
                    TopKScratch s = TopKScratch.forCurrentThread().ensure(n);
                    int m = PLAIN.keepAtLeast(v, off, n, p, s);
                    int[] pos = Arrays.copyOf(s.pos, m);
                    int[] kept = Arrays.copyOf(s.keys, m);
                    Arrays.fill(s.pos, -7);
                    Arrays.fill(s.keys, -7);
                    assertEquals(m, SIMD.keepFewAtLeast(v, off, n, p, s), what);
                    assertArrayEquals(pos, Arrays.copyOf(s.pos, m), "positions, " + what);
                    assertArrayEquals(kept, Arrays.copyOf(s.keys, m), "keys, " + what);
                }
            }
        }
    }
}
