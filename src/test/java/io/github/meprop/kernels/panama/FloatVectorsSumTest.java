package io.github.meprop.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatVectors#sum(FloatVector)}, {@link FloatVectors#sum(float[], int)} and the lane-wise
 * {@link FloatVectors#sumByShuffles} (the form before issue 14) are all the fixed lane-folding
 * tree (lane q gets lane q + h for h = L/2 .. 1), at the width of the run (16, 8 or 4 lanes in the
 * three Surefire executions that run the SIMD kernels), with ±0, NaN, ±∞ and values of mixed
 * magnitude.
 */
class FloatVectorsSumTest {

    /** The tree by its definition, lane-wise on an array. */
    private static float tree(float[] v) {
        float[] u = v.clone();
        for (int h = u.length / 2; h >= 1; h /= 2) {
            float[] n = new float[u.length];
            for (int q = 0; q < u.length; q++) {
                n[q] = u[q] + u[q ^ h];
            }
            u = n;
        }
        return u[0];
    }

    @Test
    void bothFormsAreTheFixedTree() {
        int lanes = FloatVectors.L;
        SplittableRandom rnd = new SplittableRandom(21);
        float[] v = new float[lanes];
        float[] padded = new float[lanes + 3];
        for (int round = 0; round < 20_000; round++) {
            for (int q = 0; q < lanes; q++) {
                int c = rnd.nextInt(40);
                v[q] = switch (c) {
                    case 0 -> Float.NaN;
                    case 1 -> Float.POSITIVE_INFINITY;
                    case 2 -> Float.NEGATIVE_INFINITY;
                    case 3 -> -0f;
                    case 4 -> 0f;
                    case 5 -> Float.MIN_VALUE;
                    default -> (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-8, 9)));
                };
            }
            float expected = tree(v);
            System.arraycopy(v, 0, padded, 3, lanes);
            FloatVector vec = FloatVector.fromArray(FloatVectors.S, v, 0);
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(FloatVectors.sumByShuffles(vec)),
                    "sumByShuffles (the form before issue 14)");
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(FloatVectors.sum(vec)), "sum(vector)");
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(FloatVectors.sum(padded, 3)),
                    "sum(array, offset)");
        }
    }
}
