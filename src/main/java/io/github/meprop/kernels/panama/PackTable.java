package io.github.meprop.kernels.panama;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;

/**
 * Packing the selected lanes of an 8-lane int vector to the front with a mask-to-permutation
 * lookup table, the alternative to {@code IntVector.compress} for AVX2 machines: there the JDK
 * implements compress with a longer sequence of its own, and this table is measured faster
 * (docs/benchmarks.md, TopKPackBench); on AVX-512 compress is one instruction and wins.
 *
 * <p>{@code TABLE[8·bits + i]} is the index of the i-th set bit of {@code bits} (0 past the last),
 * so {@code permutation(m).selectFrom(x)} is x's selected lanes first, and for lane positions
 * {@code base + lane} the packed positions are simply {@code permutation(m) + base}. Only valid
 * when {@link Species#INT} has 8 lanes (a 16-lane table would need 65536 entries).
 */
final class PackTable {
    static final int LANES = 8;
    static final int[] TABLE = table();

    private PackTable() {}

    private static int[] table() {
        int[] t = new int[(1 << LANES) * LANES];
        for (int bits = 0; bits < 1 << LANES; bits++) {
            int w = 0;
            for (int i = 0; i < LANES; i++) {
                if ((bits & (1 << i)) != 0) {
                    t[bits * LANES + w++] = i;
                }
            }
        }
        return t;
    }

    /** The indices of m's set lanes, in order, then zeros. */
    static IntVector permutation(VectorMask<Integer> m) {
        return IntVector.fromArray(Species.INT, TABLE, (int) m.toLong() * LANES);
    }

    /** x's lanes selected by m, packed to the front (the lanes past m.trueCount() are arbitrary). */
    static IntVector pack(IntVector x, VectorMask<Integer> m) {
        return permutation(m).selectFrom(x);
    }

    /** The positions base + lane of m's set lanes, packed to the front. */
    static IntVector packLanes(VectorMask<Integer> m, int base) {
        return permutation(m).add(base);
    }
}
