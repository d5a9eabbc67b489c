package io.github.meprop.kernels.panama;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.meprop.kernels.scalar.ScalarKthLargestTest;
import org.junit.jupiter.api.Test;

/** {@link ScalarKthLargestTest}'s checks on the Vector API quickselect (skipped without the module). */
class PanamaKthLargestTest {

    @Test
    void kthLargestOnRandomAndTiedKeys() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "needs jdk.incubator.vector");
        for (int[] keys : ScalarKthLargestTest.keySets()) {
            ScalarKthLargestTest.checkAllRanks(keys, PanamaTopK::kthLargest);
        }
        ScalarKthLargestTest.checkAllRanks(new int[200], PanamaTopK::kthLargest);
        ScalarKthLargestTest.checkAllRanks(java.util.stream.IntStream.range(0, 200).toArray(), PanamaTopK::kthLargest);
    }
}
