package io.github.meprop.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.meprop.kernels.TopKReference.Data;
import io.github.meprop.kernels.provider.KernelProvider;
import io.github.meprop.kernels.provider.TopKKernel;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Top-k against {@link TopKReference}: the provider's implementation (the SIMD one in the default,
 * 128- and 256-bit executions), the plain-Java twin, and the public facade, on every n from 0 to
 * 300 and on larger awkward sizes, with every data family (ties, ±0, subnormals, NaN, ±infinity,
 * adversarial orders) and k at 0, 1, n/100, n/25, n/2, n-1 and n.
 */
class TopKTest {
    private static final TopKKernel PROVIDED = KernelProvider.get().topK();
    private static final TopKKernel SCALAR = KernelProvider.scalar().topK();
    private static final int GUARD = 5; // elements around each range, to catch reads and writes outside it

    static int[] ks(int n) {
        TreeSet<Integer> ks = new TreeSet<>(List.of(0, 1, n / 100, n / 25, n / 2, n - 1, n));
        ks.removeIf(k -> k < 0 || k > n);
        return ks.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Runs select through the provider, the scalar twin and the facade, with offsets, and checks each. */
    static void check(float[] data, int k, String what) {
        check(data, TopKReference.order(data, 0, data.length), k, what);
    }

    static void check(float[] data, int[] order, int k, String what) {
        int n = data.length;
        int[] expected = TopKReference.firstK(order, k);
        // v sits inside a larger array whose outside holds values that would win if read.
        float[] v = new float[n + 2 * GUARD];
        Arrays.fill(v, Float.NaN);
        System.arraycopy(data, 0, v, GUARD, n);
        for (TopKKernel impl : new TopKKernel[] {PROVIDED, SCALAR, null}) {
            int[] idx = new int[k + 2 * GUARD];
            Arrays.fill(idx, -7);
            if (impl == null) {
                TopK.select(v, GUARD, n, k, idx, GUARD);
            } else {
                impl.select(v, GUARD, n, k, idx, GUARD);
            }
            String name = (impl == null ? "facade" : impl == SCALAR ? "scalar" : "provider") + " " + what;
            assertArrayEquals(expected, Arrays.copyOfRange(idx, GUARD, GUARD + k), name);
            for (int i = 0; i < GUARD; i++) {
                assertEquals(-7, idx[i], name + ": wrote before idxOff");
                assertEquals(-7, idx[GUARD + k + i], name + ": wrote past idxOff+k");
            }
        }
    }

    @Test
    void everySizeUpTo300() {
        for (int n = 0; n <= 300; n++) {
            checkEveryDataKind(n);
        }
    }

    @Test
    void largerAwkwardSizes() {
        for (int n : new int[] {500, 702, 1023, 4097, 65537}) {
            checkEveryDataKind(n);
        }
    }

    /** Every kind of data of length n, every k of {@link #ks}, against the reference order. */
    private static void checkEveryDataKind(int n) {
        for (Data d : Data.values()) {
            float[] data = d.make(n, n);
            int[] order = TopKReference.order(data, 0, n);
            for (int k : ks(n)) {
                check(data, order, k, d + " n=" + n + " k=" + k);
            }
        }
    }

    /**
     * The pivot from group maxima (TopKPlan.groupPivot) at its edges: n = 4·groups exactly, the
     * largest n and k it takes, and the sizes just past them (direct or sample pivot), with
     * every data family (all-equal keys make every group maximum the pivot and keep all n).
     */
    @Test
    void groupMaximaPivotAtItsEdges() {
        int[][] cases = {{129, 1}, {129, 8}, {256, 21}, {256, 22}, {255, 21}, {1024, 21}, {1024, 22},
            {192, 32}, {191, 32}, {1024, 32}, {1024, 33}, {512, 26}, {500, 25}, {241, 30}, {999, 31},
            {127, 10}, {128, 21}, {1024, 16}, {1025, 16}, {1000, 20}, {702, 7}, {500, 20}, {207, 21}, {500, 1}};
        for (int[] c : cases) {
            int n = c[0];
            int k = c[1];
            for (Data d : Data.values()) {
                check(d.make(n, n + k), k, d + " n=" + n + " k=" + k);
            }
            float[] same = new float[n];
            Arrays.fill(same, -3.5f);
            check(same, k, "all equal n=" + n + " k=" + k);
        }
    }

    /**
     * Few survivors (the group-maxima path, n = 500) with a tie at the k-th largest: tied past it
     * (the packed rank count keeps k + 1 and the selection falls back to the threshold and the
     * output pass, which keeps the lower position), tied just inside it (the rank count's k
     * positions stand), and the tie's values of opposite signs (-x and x are equal magnitudes).
     */
    @Test
    void aTieAtTheKthLargestAmongFewSurvivors() {
        Random rnd = new Random(11);
        for (int k : new int[] {5, 10, 20, 21, 26, 32}) {
            for (int trial = 0; trial < 20; trial++) {
                int n = 500;
                float[] data = new float[n];
                for (int i = 0; i < n; i++) {
                    data[i] = (float) rnd.nextGaussian();
                }
                int[] order = TopKReference.order(data, 0, n);
                int kth = order[k - 1];
                int next = order[k];
                int before = order[k - 2 < 0 ? 0 : k - 2];
                float[] past = data.clone();
                past[next] = (trial % 2 == 0 ? -1 : 1) * Math.abs(past[kth]);
                check(past, k, "tie past the k-th, k=" + k + " trial " + trial);
                float[] inside = data.clone();
                inside[kth] = (trial % 2 == 0 ? -1 : 1) * Math.abs(inside[before]);
                check(inside, k, "tie inside the top-k, k=" + k + " trial " + trial);
            }
        }
    }

    @Test
    void manyRandomKOnMidSizes() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 150; trial++) {
            int n = 129 + rnd.nextInt(3000);
            Data d = Data.values()[rnd.nextInt(Data.values().length)];
            float[] data = d.make(n, trial);
            int k = rnd.nextInt(n + 1);
            check(data, k, d + " n=" + n + " k=" + k);
        }
    }

    @Test
    void tiesGoToTheLowerPositionAndNaNRanksFirst() {
        float[] v = {1f, -2f, Float.NaN, 2f, -0f, 0f, Float.NEGATIVE_INFINITY, -2f, Float.intBitsToFloat(0xffc00001)};
        int[] idx = new int[4];
        for (TopKKernel impl : List.of(PROVIDED, SCALAR)) {
            impl.select(v, 0, v.length, 4, idx, 0);
            assertArrayEquals(new int[] {1, 2, 6, 8}, idx); // NaN, NaN, -inf, then the first |2|
            impl.select(v, 0, v.length, 5, idx = new int[5], 0);
            assertArrayEquals(new int[] {1, 2, 3, 6, 8}, idx);
            float[] zeros = {0f, -0f, 0f, -0f};
            impl.select(zeros, 0, 4, 2, idx = new int[2], 0);
            assertArrayEquals(new int[] {0, 1}, idx); // +0 == -0: ties by position
            idx = new int[4];
        }
    }

    @Test
    void selectRowsMatchesPerRowReference() {
        Random rnd = new Random(11);
        int[][] shapes = {{0, 5}, {3, 0}, {1, 1}, {7, 17}, {100, 500}, {5, 702}, {3, 4097}, {33, 129}};
        for (int[] shape : shapes) {
            int rows = shape[0];
            int n = shape[1];
            for (int k : ks(n)) {
                Data d = Data.values()[rnd.nextInt(Data.values().length)];
                float[] m = new float[rows * n + 3];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(d.make(n, r + 13L * n), 0, m, r * n, n);
                }
                Arrays.fill(m, rows * n, m.length, Float.NaN); // past the matrix: must not be read
                int[] expected = new int[rows * k];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(TopKReference.select(m, r * n, n, k), 0, expected, r * k, k);
                }
                for (TopKKernel impl : List.of(PROVIDED, SCALAR)) {
                    int[] idx = new int[rows * k];
                    impl.selectRows(m, rows, n, k, idx);
                    assertArrayEquals(expected, idx, d + " " + rows + "x" + n + " k=" + k);
                }
                int[] idx = new int[rows * k];
                TopK.selectRows(m, rows, n, k, idx);
                assertArrayEquals(expected, idx, "facade " + d + " " + rows + "x" + n + " k=" + k);
            }
        }
    }

    @Test
    void selectUnifiedRanksColumnSums() {
        Random rnd = new Random(12);
        int[][] shapes = {{0, 5}, {1, 0}, {1, 1}, {7, 17}, {100, 500}, {4, 702}, {2, 4097}, {3, 63}, {9, 65}};
        for (int[] shape : shapes) {
            int rows = shape[0];
            int n = shape[1];
            for (Data d : Data.values()) {
                float[] m = new float[rows * n];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(d.make(n, r + 17L * n), 0, m, r * n, n);
                }
                if (d == Data.GAUSSIAN && rows > 1) {
                    // sums that differ only in the last bits, where the addition order matters
                    for (int i = 0; i < m.length; i++) {
                        m[i] = (float) (rnd.nextInt(3) * 1e-7 + (i % 2) * 1e3);
                    }
                }
                float[] sums = TopKReference.columnAbsSums(m, rows, n);
                int[] order = TopKReference.order(sums, 0, n);
                for (int k : ks(n)) {
                    int[] expected = TopKReference.firstK(order, k);
                    for (TopKKernel impl : List.of(PROVIDED, SCALAR)) {
                        int[] idx = new int[k];
                        impl.selectUnified(m, rows, n, k, idx);
                        assertArrayEquals(expected, idx, d + " " + rows + "x" + n + " k=" + k);
                    }
                    int[] idx = new int[k];
                    TopK.selectUnified(m, rows, n, k, idx);
                    assertArrayEquals(expected, idx, "facade " + d + " " + rows + "x" + n + " k=" + k);
                }
            }
        }
    }

    @Test
    void scratchIsReusedAcrossSizesAndIsPerThread() throws Exception {
        // Large, then small, then large again on one thread; then many threads at once.
        for (int n : new int[] {65537, 3, 200, 70000, 1}) {
            float[] data = Data.GAUSSIAN.make(n, n);
            check(data, Math.max(0, n / 30), "reuse n=" + n);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = IntStream.range(0, 16).<Future<?>>mapToObj(t -> pool.submit(() -> {
                for (int rep = 0; rep < 20; rep++) {
                    int n = 100 + 997 * ((t + rep) % 7);
                    check(Data.SPECIALS.make(n, t * 100L + rep), n / 20, "thread " + t);
                }
            })).toList();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
