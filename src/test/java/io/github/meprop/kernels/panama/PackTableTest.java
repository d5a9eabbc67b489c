package io.github.meprop.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Random;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link PackTable} packs exactly what {@code compress} packs, for all 256 masks. Tagged
 * {@code pack-table}: runs only in the forced-256-bit execution (8 lanes, table packing forced);
 * the top-k tests then run the whole kernel with whichever packing {@link PanamaTopK#PACK_TABLE}
 * chose.
 */
@Tag("pack-table")
class PackTableTest {

    @Test
    void tableEqualsCompressForEveryMask() {
        assertEquals(8, Species.INT.length(), "the table is for 8 lanes");
        Random rnd = new Random(9);
        int[] a = new int[8];
        for (int bits = 0; bits < 256; bits++) {
            for (int i = 0; i < 8; i++) {
                a[i] = rnd.nextInt();
            }
            IntVector x = IntVector.fromArray(Species.INT, a, 0);
            VectorMask<Integer> m = VectorMask.fromLong(Species.INT, bits);
            int c = Integer.bitCount(bits);
            int[] byTable = PackTable.pack(x, m).toArray();
            int[] byCompress = x.compress(m).toArray();
            int[] lanes = PackTable.packLanes(m, 1000).toArray();
            int[] lanesByCompress = IntVector.zero(Species.INT).addIndex(1).add(1000).compress(m).toArray();
            for (int i = 0; i < c; i++) {
                assertEquals(byCompress[i], byTable[i], "mask " + bits + " lane " + i);
                assertEquals(lanesByCompress[i], lanes[i], "mask " + bits + " lane " + i);
            }
        }
    }

    @Test
    void theForcedExecutionUsesTheTable() {
        String forced = System.getProperty(PanamaTopK.PROP_PACK);
        assertNotNull(forced, "this execution forces the packing");
        assertEquals(forced.equals("table"), PanamaTopK.PACK_TABLE);
    }
}
