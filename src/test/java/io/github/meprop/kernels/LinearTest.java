package io.github.meprop.kernels;

import static io.github.meprop.kernels.LinearFixtures.assertSameBits;
import static io.github.meprop.kernels.LinearFixtures.gaussian;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.kernels.provider.KernelProvider;
import io.github.meprop.kernels.provider.LinearKernel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The public facade: it validates every argument with a message naming it, then runs this JVM's kernel. */
class LinearTest {
    private static final int B = 3;
    private static final int IN = 5;
    private static final int OUT = 4;
    private static final int K = 2;

    private final SplittableRandom rnd = new SplittableRandom(11);
    private final float[] x = gaussian(rnd, B * IN);
    private final float[] w = gaussian(rnd, OUT * IN);
    private final float[] b = gaussian(rnd, OUT);
    private final float[] y = new float[B * OUT];
    private final float[] dy = gaussian(rnd, B * OUT);
    private final float[] dx = new float[B * IN];
    private final float[] dw = new float[OUT * IN];
    private final float[] db = new float[OUT];
    private final int[] rows = {0, 2, 1, 3, 0, 1};
    private final int[] shared = {1, 3};

    private static void assertThrowsNaming(Class<? extends Throwable> type, String needle, Executable call) {
        Throwable e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(needle),
                () -> "message should name " + needle + ": " + e.getMessage());
    }

    @Test
    void facadeRunsTheProvidersKernels() {
        LinearKernel impl = KernelProvider.get().linear();
        float[] expected = new float[B * OUT];
        impl.gemm().forward(x, w, b, expected, B, IN, OUT, 0, OUT);
        Linear.forward(x, w, b, y, B, IN, OUT);
        assertSameBits("y", expected, y);

        float[] dxE = new float[B * IN];
        float[] dwE = new float[OUT * IN];
        float[] dbE = new float[OUT];
        LinearFixtures.sparseKernels(impl, x, w, dy, rows, K, dxE, dwE, dbE, B, IN, OUT);
        Linear.backwardSparse(x, w, dy, rows, K, dx, dw, db, B, IN, OUT);
        assertSameBits("dx", dxE, dx);
        assertSameBits("dw", dwE, dw);
        assertSameBits("db", dbE, db);
    }

    @Test
    void negativeSizesAreRejectedByName() {
        assertThrowsNaming(IllegalArgumentException.class, "batch must be >= 0, was -1",
                () -> Linear.forward(x, w, b, y, -1, IN, OUT));
        assertThrowsNaming(IllegalArgumentException.class, "in must be >= 0, was -2",
                () -> Linear.backward(x, w, dy, dx, dw, db, B, -2, OUT));
        assertThrowsNaming(IllegalArgumentException.class, "out must be >= 0, was -3",
                () -> Linear.backwardSparse(x, w, dy, rows, K, dx, dw, db, B, IN, -3));
    }

    @Test
    void shortArraysAreRejectedByName() {
        float[] tiny = new float[1];
        assertThrowsNaming(IndexOutOfBoundsException.class, "x has length 1", () -> Linear.forward(tiny, w, b, y, B, IN, OUT));
        assertThrowsNaming(IndexOutOfBoundsException.class, "w has length 1", () -> Linear.forward(x, tiny, b, y, B, IN, OUT));
        assertThrowsNaming(IndexOutOfBoundsException.class, "b has length 1", () -> Linear.forward(x, w, tiny, y, B, IN, OUT));
        assertThrowsNaming(IndexOutOfBoundsException.class, "y has length 1", () -> Linear.forward(x, w, b, tiny, B, IN, OUT));
        assertThrowsNaming(IndexOutOfBoundsException.class, "dy has length 1",
                () -> Linear.backward(x, w, tiny, dx, dw, db, B, IN, OUT));
        assertThrowsNaming(IndexOutOfBoundsException.class, "dx has length 1",
                () -> Linear.backward(x, w, dy, tiny, dw, db, B, IN, OUT));
        assertThrowsNaming(IndexOutOfBoundsException.class, "dw has length 1",
                () -> Linear.backward(x, w, dy, dx, tiny, db, B, IN, OUT));
        assertThrowsNaming(IndexOutOfBoundsException.class, "db has length 1",
                () -> Linear.backward(x, w, dy, dx, dw, tiny, B, IN, OUT));
        assertThrowsNaming(IndexOutOfBoundsException.class, "idx has length 5",
                () -> Linear.backwardSparse(x, w, dy, new int[5], K, dx, dw, db, B, IN, OUT));
        assertThrowsNaming(IndexOutOfBoundsException.class, "idx has length 1",
                () -> Linear.backwardUnified(x, w, dy, new int[1], K, dx, dw, db, B, IN, OUT));
    }

    @Test
    void missingRequiredArraysAreRejectedByName() {
        assertThrowsNaming(NullPointerException.class, "x", () -> Linear.forward(null, w, b, y, B, IN, OUT));
        assertThrowsNaming(NullPointerException.class, "y", () -> Linear.forward(x, w, b, null, B, IN, OUT));
        assertThrowsNaming(NullPointerException.class, "dw", () -> Linear.backward(x, w, dy, dx, null, db, B, IN, OUT));
        assertThrowsNaming(NullPointerException.class, "idx",
                () -> Linear.backwardSparse(x, w, dy, null, K, dx, dw, db, B, IN, OUT));
        assertThrowsNaming(NullPointerException.class, "par",
                () -> Linear.forward(null, x, w, b, y, B, IN, OUT));
        assertThrowsNaming(NullPointerException.class, "par",
                () -> Linear.backwardUnified(null, x, w, dy, shared, K, dx, dw, db, B, IN, OUT));
    }

    @Test
    void badSelectionsAreRejectedByName() {
        assertThrowsNaming(IllegalArgumentException.class, "k must be in 0..out (4), was 5",
                () -> Linear.backwardSparse(x, w, dy, new int[15], 5, dx, dw, db, B, IN, OUT));
        assertThrowsNaming(IllegalArgumentException.class, "k must be in 0..out (4), was -1",
                () -> Linear.backwardUnified(x, w, dy, shared, -1, dx, dw, db, B, IN, OUT));
        assertThrowsNaming(IllegalArgumentException.class, "idx[3] (example 1) = 1",
                () -> Linear.backwardSparse(x, w, dy, new int[] {0, 1, 3, 1, 0, 1}, K, dx, dw, db, B, IN, OUT));
        assertThrowsNaming(IllegalArgumentException.class, "idx[5] (example 2) = 4",
                () -> Linear.backwardSparse(x, w, dy, new int[] {0, 1, 0, 1, 0, 4}, K, dx, dw, db, B, IN, OUT));
        assertThrowsNaming(IllegalArgumentException.class, "idx[0] = -1",
                () -> Linear.backwardUnified(x, w, dy, new int[] {-1, 2}, K, dx, dw, db, B, IN, OUT));
        assertThrowsNaming(IllegalArgumentException.class, "idx[1] = 1",
                () -> Linear.backwardUnified(x, w, dy, new int[] {1, 1}, K, dx, dw, db, B, IN, OUT));
        try (Parallelism par = Parallelism.allThreads(2)) {
            assertThrowsNaming(IllegalArgumentException.class, "idx[1] (example 0) = 0",
                    () -> Linear.backwardSparse(par, x, w, dy, new int[] {2, 0, 0, 1, 0, 1}, K, dx, dw, db, B, IN, OUT));
            assertThrowsNaming(IndexOutOfBoundsException.class, "dx has length 1",
                    () -> Linear.backward(par, x, w, dy, new float[1], dw, db, B, IN, OUT));
        }
    }

    @Test
    void aRejectedCallWritesNothing() {
        float[] dwBefore = dw.clone();
        float[] dxBefore = dx.clone();
        assertThrows(IllegalArgumentException.class,
                () -> Linear.backwardSparse(x, w, dy, new int[] {0, 1, 0, 1, 3, 2}, K, dx, dw, db, B, IN, OUT));
        assertSameBits("dw untouched", dwBefore, dw);
        assertSameBits("dx untouched", dxBefore, dx);
    }
}
