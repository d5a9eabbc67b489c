package io.github.meprop.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.kernels.provider.KernelProvider;
import io.github.meprop.kernels.provider.TopKKernel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property tests: on generated vectors (mixing ordinary numbers, repeated values, ±0, subnormals,
 * NaNs with several payloads and ±infinity), both the provider's implementation and the plain-Java
 * twin return exactly the reference's positions, and the result has the contract's shape on its
 * own terms (ascending, distinct, no unselected entry beats a selected one, ties by position).
 */
class TopKPropertiesTest {
    private static final TopKKernel PROVIDED = KernelProvider.get().topK();
    private static final TopKKernel SCALAR = KernelProvider.scalar().topK();

    @Provide
    Arbitrary<Float> elements() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.floats().between(-100f, 100f)),
                Tuple.of(3, Arbitraries.of(1f, -1f, 0.5f, 2f, -2f)),
                Tuple.of(1, Arbitraries.of(0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.NaN,
                        Float.intBitsToFloat(0xffc00000), Float.intBitsToFloat(0x7f800001),
                        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE)));
    }

    @Provide
    Arbitrary<float[]> vectors() {
        return elements().array(float[].class).ofMaxSize(1200);
    }

    /** A vector and a k in 0..n. */
    @Provide
    Arbitrary<Tuple.Tuple2<float[], Integer>> vectorAndK() {
        return vectors().flatMap(v -> Arbitraries.integers().between(0, v.length).map(k -> Tuple.of(v, k)));
    }

    @Property(tries = 300)
    void selectEqualsReference(@ForAll("vectorAndK") Tuple.Tuple2<float[], Integer> input) {
        float[] v = input.get1();
        int k = input.get2();
        int[] expected = TopKReference.select(v, 0, v.length, k);
        for (TopKKernel impl : new TopKKernel[] {PROVIDED, SCALAR}) {
            int[] idx = new int[k];
            impl.select(v, 0, v.length, k, idx, 0);
            assertArrayEquals(expected, idx);
        }
    }

    @Property(tries = 300)
    void resultHasTheContractsShape(@ForAll("vectorAndK") Tuple.Tuple2<float[], Integer> input) {
        float[] v = input.get1();
        int k = input.get2();
        int[] idx = new int[k];
        TopK.select(v, 0, v.length, k, idx, 0);
        boolean[] chosen = new boolean[v.length];
        for (int i = 0; i < k; i++) {
            assertTrue(idx[i] >= 0 && idx[i] < v.length);
            assertTrue(i == 0 || idx[i - 1] < idx[i], "ascending and distinct");
            chosen[idx[i]] = true;
        }
        for (int c : idx) {
            for (int u = 0; u < v.length; u++) {
                if (!chosen[u]) {
                    int cmp = TopKReference.compareMagnitudeDescending(v[c], v[u]);
                    // a chosen entry is larger, or equal and at a lower position
                    assertTrue(cmp < 0 || (cmp == 0 && c < u), "chosen " + c + " vs unchosen " + u);
                }
            }
        }
    }

    @Provide
    Arbitrary<float[][]> matrices() {
        return Combinators.combine(Arbitraries.integers().between(0, 12), Arbitraries.integers().between(0, 300))
                .flatAs((rows, n) -> elements().array(float[].class).ofSize(n).array(float[][].class).ofSize(rows));
    }

    @Property(tries = 150)
    void selectRowsAndUnifiedEqualReference(@ForAll("matrices") float[][] rowsOf, @ForAll("fractions") double f) {
        int rows = rowsOf.length;
        int n = rows == 0 ? 0 : rowsOf[0].length;
        int k = (int) Math.round(f * n);
        float[] m = new float[rows * n];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(rowsOf[r], 0, m, r * n, n);
        }
        int[] expectedRows = new int[rows * k];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(TopKReference.select(m, r * n, n, k), 0, expectedRows, r * k, k);
        }
        int[] expectedUnified = TopKReference.select(TopKReference.columnAbsSums(m, rows, n), 0, n, k);
        for (TopKKernel impl : new TopKKernel[] {PROVIDED, SCALAR}) {
            int[] idx = new int[rows * k];
            impl.selectRows(m, rows, n, k, idx);
            assertArrayEquals(expectedRows, idx);
            int[] uni = new int[k];
            impl.selectUnified(m, rows, n, k, uni);
            assertArrayEquals(expectedUnified, uni);
        }
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0, 1), Arbitraries.of(0.0, 0.01, 0.04, 0.16, 1.0));
    }

    /** A matrix, a mass (with 0 and 1 often), and kMin ≤ kMax in 0..n. */
    @Provide
    Arbitrary<Tuple.Tuple4<float[][], Float, Integer, Integer>> massInputs() {
        Arbitrary<Float> masses = Arbitraries.oneOf(Arbitraries.floats().between(0f, 1f),
                Arbitraries.of(0f, 0.5f, 0.9f, 0.99f, 1f));
        return Combinators.combine(matrices(), masses).flatAs((m, mass) -> {
            int n = m.length == 0 ? 0 : m[0].length;
            return Arbitraries.integers().between(0, n).flatMap(kMax -> Arbitraries.integers().between(0, kMax)
                    .map(kMin -> Tuple.of(m, mass, kMin, kMax)));
        });
    }

    @Property(tries = 150)
    void selectMassEqualsItsDefinition(@ForAll("massInputs") Tuple.Tuple4<float[][], Float, Integer, Integer> in) {
        float[][] rowsOf = in.get1();
        float mass = in.get2();
        int kMin = in.get3();
        int kMax = in.get4();
        int rows = rowsOf.length;
        int n = rows == 0 ? 0 : rowsOf[0].length;
        float[] m = new float[rows * n];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(rowsOf[r], 0, m, r * n, n);
        }
        int[][] want = TopKMassTest.expected(m, rows, n, mass, kMin, kMax);
        for (TopKKernel impl : new TopKKernel[] {PROVIDED, SCALAR}) {
            int[] offsets = new int[rows + 1];
            int[] idx = new int[rows * kMax];
            impl.selectMass(m, rows, n, mass, kMin, kMax, offsets, idx);
            assertArrayEquals(want[0], offsets);
            assertArrayEquals(want[1], java.util.Arrays.copyOf(idx, offsets[rows]));
        }
    }
}
