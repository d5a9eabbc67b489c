package io.github.meprop.bench;

import io.github.meprop.kernels.panama.Species;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * max |v[0..n)| in one SIMD pass, four independent accumulators: the floor for any top-k, which
 * must at least read every element once. Same species (and width flag) as the kernels.
 */
final class MaxAbs {
    private static final VectorSpecies<Float> F = Species.FLOAT;
    private static final int L = Species.FLOAT_LANES;

    private MaxAbs() {}

    static float maxAbs(float[] v, int n) {
        FloatVector m0 = FloatVector.zero(F);
        FloatVector m1 = FloatVector.zero(F);
        FloatVector m2 = FloatVector.zero(F);
        FloatVector m3 = FloatVector.zero(F);
        int i = 0;
        for (; i + 4 * L <= n; i += 4 * L) {
            m0 = m0.max(FloatVector.fromArray(F, v, i).abs());
            m1 = m1.max(FloatVector.fromArray(F, v, i + L).abs());
            m2 = m2.max(FloatVector.fromArray(F, v, i + 2 * L).abs());
            m3 = m3.max(FloatVector.fromArray(F, v, i + 3 * L).abs());
        }
        for (; i + L <= n; i += L) {
            m0 = m0.max(FloatVector.fromArray(F, v, i).abs());
        }
        float max = m0.max(m1).max(m2.max(m3)).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, Math.abs(v[i]));
        }
        return max;
    }
}
