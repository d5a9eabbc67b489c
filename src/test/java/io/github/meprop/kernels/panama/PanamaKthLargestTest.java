package io.github.meprop.kernels.panama;

import io.github.meprop.kernels.scalar.ScalarKthLargestTest;
import io.github.meprop.kernels.scalar.TopKDriver;
import org.junit.jupiter.api.Test;

/** {@link ScalarKthLargestTest}'s checks on the driver's quickselect over the Vector API passes (not run in the scalar execution). */
class PanamaKthLargestTest {
    private static final TopKDriver DRIVER = new TopKDriver(new PanamaTopK());

    @Test
    void kthLargestOnRandomAndTiedKeys() {
        for (int[] keys : ScalarKthLargestTest.keySets()) {
            ScalarKthLargestTest.checkAllRanks(keys, DRIVER::kthLargest);
        }
        ScalarKthLargestTest.checkAllRanks(new int[200], DRIVER::kthLargest);
        ScalarKthLargestTest.checkAllRanks(java.util.stream.IntStream.range(0, 200).toArray(), DRIVER::kthLargest);
    }
}
