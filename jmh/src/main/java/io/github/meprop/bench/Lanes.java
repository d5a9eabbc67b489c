package io.github.meprop.bench;

import io.github.meprop.kernels.panama.Species;

/** Prints the float lane count of the kernels' vector species (honours -Dmeprop.vector.bits), for the table script. */
public final class Lanes {
    private Lanes() {}

    public static void main(String[] args) {
        System.out.println(Species.FLOAT_LANES);
    }
}
