package io.github.meprop.kernels.panama;

import static io.github.meprop.kernels.panama.FloatVectors.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;

/**
 * 16 × 16 float transposes in registers, for 512-bit vectors (16 lanes): the forward GEMM's
 * packing of x ({@link PanamaGemm}) copies 16 examples × 16 inputs at a time with 16 loads, 64
 * two-vector permutes and 16 stores, instead of 256 scalar loads and stores.
 *
 * <p>The transpose is four rounds of a perfect shuffle: round output {@code 2m} interleaves the
 * low halves of inputs m and m + 8, output {@code 2m + 1} their high halves. Element (row r, lane
 * c) has the 8-bit address r·16 + c; each round rotates the address left by one bit, so four
 * rounds turn (r, c) into (c, r). Each interleave is one two-vector {@code rearrange} with a
 * constant shuffle (the JDK 21 API; {@code selectFrom(v1, v2)} would be one vpermt2ps but needs
 * JDK 24).
 */
final class Transpose16 {
    /** True when the kernels' vectors have 16 lanes, the only width this class serves. */
    static final boolean AVAILABLE = S.length() == 16;

    private static final VectorShuffle<Float> LOW = interleave(0);
    private static final VectorShuffle<Float> HIGH = interleave(8);

    private Transpose16() {}

    /**
     * The shuffle [h, h - 16, h + 1, h - 15, ..., h + 7, h - 9] for {@code a.rearrange(s, b)}:
     * lanes h, h+1, .. of a and b, alternating (a negative source index is lane index + 16 of b).
     */
    private static VectorShuffle<Float> interleave(int h) {
        int[] idx = new int[S.length()];
        if (AVAILABLE) {
            for (int t = 0; t < 8; t++) {
                idx[2 * t] = h + t;
                idx[2 * t + 1] = h + t - 16;
            }
        }
        return VectorShuffle.fromArray(S, idx, 0);
    }

    /**
     * Writes the transpose of the 16 × 16 block {@code a[src + q·lda + c]} (q, c in 0..15) to
     * {@code t[dst + c·ldt + q]}: row c of the result is column c of the block.
     */
    static void block(float[] a, int src, int lda, float[] t, int dst, int ldt) {
        FloatVector r0 = FloatVector.fromArray(S, a, src);
        FloatVector r1 = FloatVector.fromArray(S, a, src + lda);
        FloatVector r2 = FloatVector.fromArray(S, a, src + 2 * lda);
        FloatVector r3 = FloatVector.fromArray(S, a, src + 3 * lda);
        FloatVector r4 = FloatVector.fromArray(S, a, src + 4 * lda);
        FloatVector r5 = FloatVector.fromArray(S, a, src + 5 * lda);
        FloatVector r6 = FloatVector.fromArray(S, a, src + 6 * lda);
        FloatVector r7 = FloatVector.fromArray(S, a, src + 7 * lda);
        FloatVector r8 = FloatVector.fromArray(S, a, src + 8 * lda);
        FloatVector r9 = FloatVector.fromArray(S, a, src + 9 * lda);
        FloatVector r10 = FloatVector.fromArray(S, a, src + 10 * lda);
        FloatVector r11 = FloatVector.fromArray(S, a, src + 11 * lda);
        FloatVector r12 = FloatVector.fromArray(S, a, src + 12 * lda);
        FloatVector r13 = FloatVector.fromArray(S, a, src + 13 * lda);
        FloatVector r14 = FloatVector.fromArray(S, a, src + 14 * lda);
        FloatVector r15 = FloatVector.fromArray(S, a, src + 15 * lda);
        for (int round = 0; round < 4; round++) {
            FloatVector s0 = r0.rearrange(LOW, r8);
            FloatVector s1 = r0.rearrange(HIGH, r8);
            FloatVector s2 = r1.rearrange(LOW, r9);
            FloatVector s3 = r1.rearrange(HIGH, r9);
            FloatVector s4 = r2.rearrange(LOW, r10);
            FloatVector s5 = r2.rearrange(HIGH, r10);
            FloatVector s6 = r3.rearrange(LOW, r11);
            FloatVector s7 = r3.rearrange(HIGH, r11);
            FloatVector s8 = r4.rearrange(LOW, r12);
            FloatVector s9 = r4.rearrange(HIGH, r12);
            FloatVector s10 = r5.rearrange(LOW, r13);
            FloatVector s11 = r5.rearrange(HIGH, r13);
            FloatVector s12 = r6.rearrange(LOW, r14);
            FloatVector s13 = r6.rearrange(HIGH, r14);
            FloatVector s14 = r7.rearrange(LOW, r15);
            FloatVector s15 = r7.rearrange(HIGH, r15);
            r0 = s0;
            r1 = s1;
            r2 = s2;
            r3 = s3;
            r4 = s4;
            r5 = s5;
            r6 = s6;
            r7 = s7;
            r8 = s8;
            r9 = s9;
            r10 = s10;
            r11 = s11;
            r12 = s12;
            r13 = s13;
            r14 = s14;
            r15 = s15;
        }
        r0.intoArray(t, dst);
        r1.intoArray(t, dst + ldt);
        r2.intoArray(t, dst + 2 * ldt);
        r3.intoArray(t, dst + 3 * ldt);
        r4.intoArray(t, dst + 4 * ldt);
        r5.intoArray(t, dst + 5 * ldt);
        r6.intoArray(t, dst + 6 * ldt);
        r7.intoArray(t, dst + 7 * ldt);
        r8.intoArray(t, dst + 8 * ldt);
        r9.intoArray(t, dst + 9 * ldt);
        r10.intoArray(t, dst + 10 * ldt);
        r11.intoArray(t, dst + 11 * ldt);
        r12.intoArray(t, dst + 12 * ldt);
        r13.intoArray(t, dst + 13 * ldt);
        r14.intoArray(t, dst + 14 * ldt);
        r15.intoArray(t, dst + 15 * ldt);
    }
}
