package io.github.meprop.kernels.panama;

import io.github.meprop.kernels.scalar.ScalarKthLargestTest;
import org.junit.jupiter.api.Test;

/** {@link ScalarKthLargestTest}'s checks on the Vector API quickselect (not run in the scalar execution). */
class PanamaKthLargestTest {

    @Test
    void kthLargestOnRandomAndTiedKeys() {
        for (int[] keys : ScalarKthLargestTest.keySets()) {
            ScalarKthLargestTest.checkAllRanks(keys, PanamaTopK::kthLargest);
        }
        ScalarKthLargestTest.checkAllRanks(new int[200], PanamaTopK::kthLargest);
        ScalarKthLargestTest.checkAllRanks(java.util.stream.IntStream.range(0, 200).toArray(), PanamaTopK::kthLargest);
    }
}
