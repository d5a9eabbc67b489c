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
     * C2, this gives the same result in every JIT tier.
     *
     * <p>At 4, 8 and 16 lanes the tree is written out with {@code lane(i)} and scalar adds (the same
     * additions, each with the lower lane as first operand, as the lane-wise {@link #sumByShuffles}).
     * The lane-wise form with {@code rearrange} was not intrinsified by C2 on JDK 25 in the forward's
     * dot-product tiles: every fold ran the Java fallback and allocated (about 225 KB per training
     * step of the MNIST model, most of the cost of its 4-example tail).
     */
    static float sum(FloatVector v) {
        if (L == 16) {
            float u0 = v.lane(0) + v.lane(8);
            float u1 = v.lane(1) + v.lane(9);
            float u2 = v.lane(2) + v.lane(10);
            float u3 = v.lane(3) + v.lane(11);
            float u4 = v.lane(4) + v.lane(12);
            float u5 = v.lane(5) + v.lane(13);
            float u6 = v.lane(6) + v.lane(14);
            float u7 = v.lane(7) + v.lane(15);
            float w0 = u0 + u4;
            float w1 = u1 + u5;
            float w2 = u2 + u6;
            float w3 = u3 + u7;
            return (w0 + w2) + (w1 + w3);
        }
        if (L == 8) {
            float w0 = v.lane(0) + v.lane(4);
            float w1 = v.lane(1) + v.lane(5);
            float w2 = v.lane(2) + v.lane(6);
            float w3 = v.lane(3) + v.lane(7);
            return (w0 + w2) + (w1 + w3);
        }
        if (L == 4) {
            return (v.lane(0) + v.lane(2)) + (v.lane(1) + v.lane(3));
        }
        return sumByShuffles(v);
    }

    /**
     * The same tree lane-wise: {@code v + v.rearrange(q -> q ^ h)} for h = L/2 .. 1, then lane 0
     * (the form {@link #sum(FloatVector)} had before issue 14; kept as its definition for the tests
     * and for lane counts other than 4, 8 and 16).
     */
    static float sumByShuffles(FloatVector v) {
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

    /**
     * {@link #sum(FloatVector)} of a vector stored at {@code t[o .. o+L)}: the same tree of scalar
     * adds, so the same bits. Kernels with many accumulators store them and reduce here, so that
     * no vector crosses a call C2 might not inline (such a vector is boxed: allocated).
     */
    static float sum(float[] t, int o) {
        if (L == 16) {
            float w0 = (t[o] + t[o + 8]) + (t[o + 4] + t[o + 12]);
            float w1 = (t[o + 1] + t[o + 9]) + (t[o + 5] + t[o + 13]);
            float w2 = (t[o + 2] + t[o + 10]) + (t[o + 6] + t[o + 14]);
            float w3 = (t[o + 3] + t[o + 11]) + (t[o + 7] + t[o + 15]);
            return (w0 + w2) + (w1 + w3);
        }
        if (L == 8) {
            float w0 = t[o] + t[o + 4];
            float w1 = t[o + 1] + t[o + 5];
            float w2 = t[o + 2] + t[o + 6];
            float w3 = t[o + 3] + t[o + 7];
            return (w0 + w2) + (w1 + w3);
        }
        if (L == 4) {
            return (t[o] + t[o + 2]) + (t[o + 1] + t[o + 3]);
        }
        return sum(FloatVector.fromArray(S, t, o));
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
