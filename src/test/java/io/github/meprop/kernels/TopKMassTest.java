package io.github.meprop.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.kernels.TopKReference.Data;
import io.github.meprop.kernels.provider.KernelProvider;
import io.github.meprop.kernels.provider.TopKKernel;
import io.github.meprop.kernels.scalar.TopKDriver;
import io.github.meprop.kernels.scalar.TopKPasses;
import io.github.meprop.kernels.scalar.TopKScratch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Adaptive k ({@link TopK#selectMass}) against its definition ({@link TopKReference#selectMass}:
 * the whole row sorted, the same float sums): the provider's kernels (SIMD at 512, 256 and 128 bits
 * in the respective executions), the plain-Java twin and the facade, on sizes around the lane
 * counts and 207, 500, 702, with ties, ±0, subnormals, NaN and ±infinity, kMin = kMax, mass 0 and 1.
 */
class TopKMassTest {
    private static final TopKKernel PROVIDED = KernelProvider.get().topK();
    private static final TopKKernel SCALAR = KernelProvider.scalar().topK();
    private static final int[] SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129,
        207, 500, 702, 4097};
    private static final float[] MASSES = {0f, 0.3f, 0.5f, 0.9f, 0.99f, 1f};
    private static final int GUARD = 3;

    /** (kMin, kMax) pairs for rows of n: the full range, bounded ranges, kMin = kMax. */
    static List<int[]> bounds(int n) {
        List<int[]> b = new ArrayList<>();
        b.add(new int[] {0, n});
        b.add(new int[] {Math.min(1, n), Math.max(Math.min(1, n), n / 2)});
        b.add(new int[] {n / 25, n / 4});
        b.add(new int[] {n / 3, n / 3});
        b.add(new int[] {0, 0});
        return b;
    }

    /** The expected CSR selection of every row. */
    static int[][] expected(float[] m, int rows, int n, float mass, int kMin, int kMax) {
        int[] offsets = new int[rows + 1];
        int[] idx = new int[rows * kMax];
        for (int r = 0; r < rows; r++) {
            int[] sel = TopKReference.selectMass(m, r * n, n, mass, kMin, kMax);
            System.arraycopy(sel, 0, idx, offsets[r], sel.length);
            offsets[r + 1] = offsets[r] + sel.length;
        }
        return new int[][] {offsets, Arrays.copyOf(idx, offsets[rows])};
    }

    /** Runs the provider, the twin and the facade; checks offsets, positions, and nothing written past rows·kMax. */
    static void check(float[] m, int rows, int n, float mass, int kMin, int kMax, String what) {
        int[][] want = expected(m, rows, n, mass, kMin, kMax);
        for (int impl = 0; impl < 3; impl++) {
            int[] offsets = new int[rows + 1 + GUARD];
            Arrays.fill(offsets, -9);
            int[] idx = new int[rows * kMax + GUARD];
            Arrays.fill(idx, -7);
            switch (impl) {
                case 0 -> PROVIDED.selectMass(m, rows, n, mass, kMin, kMax, offsets, idx);
                case 1 -> SCALAR.selectMass(m, rows, n, mass, kMin, kMax, offsets, idx);
                default -> TopK.selectMass(m, rows, n, mass, kMin, kMax, offsets, idx);
            }
            String name = (impl == 0 ? "provider " : impl == 1 ? "scalar " : "facade ") + what;
            assertArrayEquals(want[0], Arrays.copyOf(offsets, rows + 1), name + ": offsets");
            assertArrayEquals(want[1], Arrays.copyOf(idx, offsets[rows]), name + ": positions");
            for (int i = 0; i < GUARD; i++) {
                assertEquals(-9, offsets[rows + 1 + i], name + ": wrote past offsets[rows]");
                assertEquals(-7, idx[rows * kMax + i], name + ": wrote past rows·kMax");
            }
        }
    }

    @Test
    void equalsTheDefinitionOnAwkwardSizesAndEveryDataKind() {
        for (int n : SIZES) {
            for (Data d : Data.values()) {
                int rows = 3;
                float[] m = new float[rows * n];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(d.make(n, 97L * n + r), 0, m, r * n, n);
                }
                for (int[] b : bounds(n)) {
                    for (float mass : MASSES) {
                        check(m, rows, n, mass, b[0], b[1], d + " n=" + n + " k in " + b[0] + ".." + b[1]
                                + " mass " + mass);
                    }
                }
            }
        }
    }

    @Test
    void specialRows() {
        int n = 40;
        float[] zeros = new float[n];
        zeros[3] = -0f;
        float[] nan = Data.GAUSSIAN.make(n, 1);
        nan[17] = Float.NaN;
        float[] inf = Data.GAUSSIAN.make(n, 2);
        inf[39] = Float.NEGATIVE_INFINITY;
        float[] overflow = new float[n];
        overflow[5] = Float.MAX_VALUE;
        overflow[6] = -Float.MAX_VALUE;
        float[] fourNonZeros = new float[n];
        fourNonZeros[1] = 1f;
        fourNonZeros[9] = -2f;
        fourNonZeros[20] = 4f;
        fourNonZeros[33] = 0.5f;
        float[] m = concat(zeros, nan, inf, overflow, fourNonZeros);
        int[] offsets = new int[6];
        int[] idx = new int[5 * 30];
        for (TopKKernel impl : List.of(PROVIDED, SCALAR)) {
            impl.selectMass(m, 5, n, 0.75f, 2, 30, offsets, idx);
            // zeros: kMin; NaN, infinity, overflow: kMax; 4 + 2 = 6 of 7.5 reach 75% with two entries
            assertArrayEquals(new int[] {0, 2, 32, 62, 92, 94}, offsets);
            assertArrayEquals(new int[] {0, 1}, Arrays.copyOfRange(idx, 0, 2), "zeros: the lowest positions");
            assertArrayEquals(new int[] {9, 20}, Arrays.copyOfRange(idx, 92, 94));
            impl.selectMass(m, 5, n, 1f, 0, 30, offsets, idx);
            assertEquals(4, offsets[5] - offsets[4], "mass 1 of exactly representable sums: the non-zeros");
            assertEquals(0, offsets[1], "mass 1 of an all-zero row: nothing");
            impl.selectMass(m, 5, n, 0f, 3, 30, offsets, idx);
            assertArrayEquals(new int[] {0, 3, 33, 63, 93, 96}, offsets, "mass 0: kMin, unless the total is not finite");
            impl.selectMass(m, 5, n, 0.5f, 7, 7, offsets, idx);
            assertArrayEquals(new int[] {0, 7, 14, 21, 28, 35}, offsets, "kMin == kMax");
        }
    }

    @Test
    void tiesAtTheBoundaryGoToTheLowerPosition() {
        float[] m = {1f, -1f, 1f, -1f, 0.5f, 1f};
        int[] offsets = new int[2];
        int[] idx = new int[6];
        for (TopKKernel impl : List.of(PROVIDED, SCALAR)) {
            impl.selectMass(m, 1, 6, 0.5f, 0, 6, offsets, idx); // total 5.5: three 1s reach 2.75
            assertArrayEquals(new int[] {0, 3}, offsets);
            assertArrayEquals(new int[] {0, 1, 2}, Arrays.copyOf(idx, 3));
        }
    }

    /** Values over 10 orders of magnitude, so that the summation order shows in the last bits. */
    @Test
    void rowTotalIsTheStridedSumOnBothPaths() {
        Random rnd = new Random(5);
        TopKPasses provided = ((TopKDriver) PROVIDED).passes();
        TopKPasses scalar = ((TopKDriver) SCALAR).passes();
        TopKScratch s = TopKScratch.forCurrentThread();
        for (int n = 0; n <= 300; n++) {
            checkTotal(provided, scalar, s, wide(rnd, n + 7), 7, n);
        }
        for (int n : new int[] {500, 702, 1023, 4097, 65537}) {
            checkTotal(provided, scalar, s, wide(rnd, n), 0, n);
        }
        float[] special = wide(rnd, 100);
        special[50] = Float.NaN;
        checkTotal(provided, scalar, s, special, 0, 100);
    }

    private static void checkTotal(TopKPasses provided, TopKPasses scalar, TopKScratch s, float[] v, int off, int n) {
        int want = Float.floatToIntBits(TopKReference.rowTotal(v, off, n));
        assertEquals(want, Float.floatToIntBits(provided.absSum(v, off, n, s)), "provider n=" + n);
        assertEquals(want, Float.floatToIntBits(scalar.absSum(v, off, n, s)), "scalar n=" + n);
    }

    private static float[] wide(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(10) - 3));
        }
        return v;
    }

    private static float[] concat(float[]... rows) {
        int n = rows[0].length;
        float[] m = new float[rows.length * n];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, m, r * n, n);
        }
        return m;
    }

    private static void fails(Class<? extends Throwable> type, Executable call, String... needles) {
        Throwable e = assertThrows(type, call);
        for (String needle : needles) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(needle),
                    () -> "message should contain " + needle + ": " + e.getMessage());
        }
    }

    @Test
    void badArgumentsAreRejectedByName() {
        float[] m = new float[10];
        int[] offsets = new int[3];
        int[] idx = new int[10];
        fails(IllegalArgumentException.class, () -> TopK.selectMass(m, -1, 5, 0.5f, 0, 5, offsets, idx), "rows", "-1");
        fails(IllegalArgumentException.class, () -> TopK.selectMass(m, 2, -5, 0.5f, 0, 0, offsets, idx), "n", "-5");
        fails(IllegalArgumentException.class, () -> TopK.selectMass(m, 2, 5, 0.5f, 0, 6, offsets, idx), "kMax", "6");
        fails(IllegalArgumentException.class, () -> TopK.selectMass(m, 2, 5, 0.5f, 0, -1, offsets, idx), "kMax", "-1");
        fails(IllegalArgumentException.class, () -> TopK.selectMass(m, 2, 5, 0.5f, 4, 3, offsets, idx), "kMin", "4");
        fails(IllegalArgumentException.class, () -> TopK.selectMass(m, 2, 5, 0.5f, -1, 3, offsets, idx), "kMin", "-1");
        fails(IllegalArgumentException.class, () -> TopK.selectMass(m, 2, 5, Float.NaN, 0, 3, offsets, idx), "mass",
                "NaN");
        fails(IllegalArgumentException.class, () -> TopK.selectMass(m, 2, 5, 1.5f, 0, 3, offsets, idx), "mass", "1.5");
        fails(IllegalArgumentException.class, () -> TopK.selectMass(m, 2, 5, -0.1f, 0, 3, offsets, idx), "mass");
        fails(NullPointerException.class, () -> TopK.selectMass(null, 2, 5, 0.5f, 0, 3, offsets, idx), "m");
        fails(NullPointerException.class, () -> TopK.selectMass(m, 2, 5, 0.5f, 0, 3, null, idx), "offsets");
        fails(NullPointerException.class, () -> TopK.selectMass(m, 2, 5, 0.5f, 0, 3, offsets, null), "idx");
        fails(IndexOutOfBoundsException.class, () -> TopK.selectMass(m, 3, 5, 0.5f, 0, 3, new int[4], new int[9]),
                "m", "10", "15");
        fails(IndexOutOfBoundsException.class, () -> TopK.selectMass(m, 2, 5, 0.5f, 0, 3, new int[2], idx),
                "offsets", "2", "3");
        fails(IndexOutOfBoundsException.class, () -> TopK.selectMass(m, 2, 5, 0.5f, 0, 3, offsets, new int[5]),
                "idx", "5", "6");
        TopK.selectMass(new float[0], 0, 0, 1f, 0, 0, new int[1], new int[0]);
        TopK.selectMass(new float[0], 0, 7, 0.5f, 0, 3, new int[1], new int[0]);
    }
}
