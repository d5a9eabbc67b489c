package io.github.meprop.kernels.panama;

import io.github.meprop.kernels.provider.KernelProvider;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species every SIMD kernel uses, as {@code static final} constants so that C2 can
 * constant-fold them (a species held in a non-constant field boxes every vector and runs slower
 * than scalar code). The width is the machine's preferred one unless the system property
 * {@value KernelProvider#PROP_BITS} forces 128, 256 or 512 bits.
 */
public final class Species {
    /** Float species: {@code FLOAT_LANES} lanes of 32 bits. */
    public static final VectorSpecies<Float> FLOAT = floatSpecies();
    /** Int species with the same lane count as {@link #FLOAT} (for positions and masks). */
    public static final VectorSpecies<Integer> INT = VectorSpecies.of(int.class, FLOAT.vectorShape());
    /** Vector width in bits. */
    public static final int BITS = FLOAT.vectorBitSize();
    /** Number of float lanes in one vector. */
    public static final int FLOAT_LANES = FLOAT.length();

    private Species() {}

    private static VectorSpecies<Float> floatSpecies() {
        String forced = System.getProperty(KernelProvider.PROP_BITS);
        if (forced == null || forced.isBlank()) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return switch (forced.trim()) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalStateException("system property " + KernelProvider.PROP_BITS
                    + " must be 128, 256 or 512, was '" + forced + "'");
        };
    }
}
