package io.github.meprop.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.meprop.kernels.scalar.ScalarTopK;
import io.github.meprop.kernels.scalar.TopKScratch;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The group maxima of top-k's pass-1 pivot: the Vector API pass against the plain-Java twin, on
 * awkward lengths and offsets, with ties, ±0, subnormals, NaN and ±infinity (not run in the scalar
 * execution).
 */
class PanamaGroupMaxTest {
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f};

    @Test
    void groupMaximaMatchThePlainJavaTwin() {
        Random rnd = new Random(11);
        ScalarTopK scalar = new ScalarTopK();
        PanamaTopK simd = new PanamaTopK();
        for (int g : new int[] {16, 32, 48, 64, 160, 512}) {
            for (int n : new int[] {g, g + 1, g + 15, g + 16, g + 17, 2 * g - 1, 4 * g, 4 * g + 3, 207 + g, 500 + g, 702 + g}) {
                for (int off : new int[] {0, 3}) {
                    float[] v = new float[off + n];
                    for (int i = 0; i < v.length; i++) {
                        int kind = rnd.nextInt(4);
                        v[i] = kind == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)]
                                : kind == 1 ? (float) rnd.nextInt(3) : (float) rnd.nextGaussian();
                    }
                    int[] a = new int[g + TopKScratch.SLACK];
                    int[] b = new int[g + TopKScratch.SLACK];
                    Arrays.fill(a, -5);
                    Arrays.fill(b, -6);
                    scalar.groupMaxKeys(v, off, n, g, a);
                    simd.groupMaxKeys(v, off, n, g, b);
                    assertArrayEquals(Arrays.copyOf(a, g), Arrays.copyOf(b, g), "g=" + g + " n=" + n + " off=" + off);
                    for (int j = 0; j < g; j++) {
                        int max = -1;
                        for (int i = j; i < n; i += g) {
                            max = Math.max(max, Math.min(Float.floatToRawIntBits(v[off + i]) & 0x7fffffff, 0x7f800001));
                        }
                        if (a[j] != max) {
                            throw new AssertionError("group " + j + " of g=" + g + " n=" + n + ": " + a[j] + " != " + max);
                        }
                    }
                }
            }
        }
    }
}
