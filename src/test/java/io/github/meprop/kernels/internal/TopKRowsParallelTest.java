package io.github.meprop.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.TopK;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Per-row top-k split over threads gives the serial selection exactly, on awkward sizes (below and
 * above the parallel threshold, widths around the lane counts) with ties, ±0, NaN and ±∞.
 */
class TopKRowsParallelTest {

    private static float[] awkward(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            int c = rnd.nextInt(20);
            a[i] = switch (c) {
                case 0 -> Float.NaN;
                case 1 -> Float.POSITIVE_INFINITY;
                case 2 -> Float.NEGATIVE_INFINITY;
                case 3 -> -0f;
                case 4 -> 0f;
                case 5, 6 -> 0.5f; // ties
                case 7 -> -0.5f;
                default -> (float) rnd.nextGaussian();
            };
        }
        return a;
    }

    @Test
    void splitRowsSelectExactlyWhatTheSerialCallSelects() {
        SplittableRandom rnd = new SplittableRandom(14);
        try (Parallelism two = Parallelism.of(2); Parallelism three = Parallelism.of(3)) {
            for (int rows : new int[] {1, 2, 3, 17, 100, 207}) {
                for (int n : new int[] {1, 3, 15, 16, 17, 207, 500, 702}) {
                    for (int k : new int[] {1, Math.max(1, n / 25), Math.max(1, n / 4), n}) {
                        float[] m = awkward(rnd, rows * n);
                        int[] serial = new int[rows * k];
                        TopK.selectRows(m, rows, n, k, serial);
                        for (Parallelism par : new Parallelism[] {Parallelism.serial(), two, three}) {
                            int[] split = new int[rows * k];
                            UncheckedTopK.selectRows(par, m, rows, n, k, split);
                            assertArrayEquals(serial, split, rows + " x " + n + ", k " + k + ", threads "
                                    + par.threads());
                        }
                    }
                }
            }
        }
    }
}
