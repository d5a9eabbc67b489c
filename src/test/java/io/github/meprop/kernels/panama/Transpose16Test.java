package io.github.meprop.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The 16 × 16 register transpose of the forward GEMM's packing: every element lands at its
 * transposed place with its exact bits (NaN payloads, −0, subnormals), at offsets and leading
 * dimensions that are not multiples of 16, and nothing outside the block is written (only where
 * the kernels have 16 lanes: tagged so that the 128- and 256-bit executions leave it out).
 */
@Tag("lanes16")
class Transpose16Test {

    @Test
    void transposesABlockBitForBit() {
        assumeTrue(Transpose16.AVAILABLE, "16-lane vectors only");
        Random rnd = new Random(5);
        float[] special = {0f, -0f, Float.NaN, Float.intBitsToFloat(0x7fc01234), Float.intBitsToFloat(0xffa00001),
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MAX_VALUE};
        for (int lda : new int[] {16, 17, 207, 784}) {
            for (int ldt : new int[] {16, 48, 50}) {
                int src = 3;
                int dst = 5;
                float[] a = new float[src + 15 * lda + 16 + 2];
                for (int i = 0; i < a.length; i++) {
                    a[i] = rnd.nextInt(4) == 0 ? special[rnd.nextInt(special.length)] : (float) rnd.nextGaussian();
                }
                float[] t = new float[dst + 15 * ldt + 16 + 3];
                java.util.Arrays.fill(t, 42f);
                Transpose16.block(a, src, lda, t, dst, ldt);
                boolean[] written = new boolean[t.length];
                for (int q = 0; q < 16; q++) {
                    for (int c = 0; c < 16; c++) {
                        int o = dst + c * ldt + q;
                        written[o] = true;
                        assertEquals(Float.floatToRawIntBits(a[src + q * lda + c]), Float.floatToRawIntBits(t[o]),
                                "lda=" + lda + " ldt=" + ldt + " q=" + q + " c=" + c);
                    }
                }
                for (int o = 0; o < t.length; o++) {
                    if (!written[o]) {
                        assertEquals(42f, t[o], "written outside the block at " + o);
                    }
                }
            }
        }
    }
}
