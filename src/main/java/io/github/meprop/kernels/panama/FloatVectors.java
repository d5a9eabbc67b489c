package io.github.meprop.kernels.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float-vector steps every SIMD kernel is written with, on the {@link Species#FLOAT} species:
 * loads (whole and masked), broadcast, zero, and a horizontal sum in a fixed order. Static and
 * tiny, so C2 inlines them; they exist so that each kernel file reads as its algorithm.
 */
final class FloatVectors {
    static final VectorSpecies<Float> S = Species.FLOAT;
    static final int L = S.length();

    private static final VectorShuffle<Float> FOLD8 = fold(8);
    private static final VectorShuffle<Float> FOLD4 = fold(4);
    private static final VectorShuffle<Float> FOLD2 = fold(2);
    private static final VectorShuffle<Float> FOLD1 = fold(1);

    private FloatVectors() {}

    private static VectorShuffle<Float> fold(int distance) {
        return VectorShuffle.fromOp(S, i -> (i ^ distance) & (L - 1));
    }

    /**
     * Sum of the lanes by a fixed tree: lane q gets lane q + h for h = L/2, L/4, ..., 1, so the
     * result is {@code ((v0 + v8) + (v4 + v12)) + ((v2 + v10) + (v6 + v14)) + ...} at 16 lanes and
     * the same tree restricted to the lanes there are at 8 and 4. Unlike
     * {@code reduceLanes(ADD)}, whose order is unspecified and differs between the interpreter and
     * C2, lane-wise adds and shuffles give the same result in every JIT tier.
     */
    static float sum(FloatVector v) {
        if (L >= 16) {
            v = v.add(v.rearrange(FOLD8));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(FOLD4));
        }
        v = v.add(v.rearrange(FOLD2));
        v = v.add(v.rearrange(FOLD1));
        return v.lane(0);
    }

    static FloatVector load(float[] a, int off) {
        return FloatVector.fromArray(S, a, off);
    }

    /** Masked load: lanes outside {@code m} read nothing (they may lie past the end of the array) and are 0. */
    static FloatVector load(float[] a, int off, VectorMask<Float> m) {
        return FloatVector.fromArray(S, a, off, m);
    }

    /** All lanes +0: where an overwriting gradient kernel starts its chains. */
    static FloatVector zero() {
        return FloatVector.zero(S);
    }

    static FloatVector splat(float v) {
        return FloatVector.broadcast(S, v);
    }
}
