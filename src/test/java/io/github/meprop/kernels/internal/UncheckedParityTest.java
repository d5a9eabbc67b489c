package io.github.meprop.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.meprop.kernels.Linear;
import io.github.meprop.kernels.Ops;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.TopK;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The unchecked kernels give the facades' results bit for bit (the facades are their checks plus a
 * call to them), and they really do not check: a bad argument that a facade names reaches the
 * kernel and fails there, or not at all.
 */
class UncheckedParityTest {
    private static float[] gaussian(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }

    @Test
    void sameResultsAsTheFacades() {
        SplittableRandom rnd = new SplittableRandom(3);
        int batch = 9, in = 33, out = 21;
        float[] x = gaussian(rnd, batch * in);
        float[] w = gaussian(rnd, out * in);
        float[] dy = gaussian(rnd, batch * out);
        int[] offsets = new int[batch + 1];
        int[] idx = new int[batch * 8];
        TopK.selectMass(dy, batch, out, 0.5f, 1, 8, offsets, idx);
        int[] offsets2 = new int[batch + 1];
        int[] idx2 = new int[batch * 8];
        UncheckedTopK.selectMass(dy, batch, out, 0.5f, 1, 8, offsets2, idx2);
        assertArrayEquals(offsets, offsets2);
        assertArrayEquals(idx, idx2);

        try (Parallelism par = Parallelism.of(2)) {
            float[][] a = {new float[batch * in], gaussian(new SplittableRandom(1), out * in), new float[out]};
            float[][] b = {new float[batch * in], a[1].clone(), new float[out]};
            Linear.backwardSparse(par, x, w, dy, offsets, idx, a[0], a[1], a[2], batch, in, out, false);
            UncheckedLinear.backwardSparse(par, x, w, dy, offsets, idx, b[0], b[1], b[2], batch, in, out, false);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(a[i], b[i]);
            }
            float[] ya = new float[batch * out];
            float[] yb = new float[batch * out];
            Linear.forward(par, x, w, null, ya, batch, in, out);
            UncheckedLinear.forward(par, x, w, null, yb, batch, in, out);
            assertArrayEquals(ya, yb);
        }

        float[] wa = gaussian(rnd, 100);
        float[] wb = wa.clone();
        float[] g = gaussian(rnd, 100);
        float[] ma = new float[100];
        float[] va = new float[100];
        float[] mb = new float[100];
        float[] vb = new float[100];
        Ops.adam(wa, g, ma, va, 0, 100, 0.01f, 0.9f, 0.999f, 1e-8f, 5f);
        UncheckedOps.adam(Parallelism.serial(), wb, g, mb, vb, 0, 100, 0.01f, 0.9f, 0.999f, 1e-8f, 5f);
        assertArrayEquals(wa, wb);
        assertArrayEquals(ma, mb);
        assertArrayEquals(va, vb);
    }

    @Test
    void noArgumentIsChecked() {
        float[] w = new float[4];
        float[] g = {1f, 1f, 1f, 1f};
        // Ops names a NaN learning rate; the unchecked update just computes with it.
        assertThrows(IllegalArgumentException.class,
                () -> Ops.adam(w, g, new float[4], new float[4], 0, 4, Float.NaN, 0.9f, 0.999f, 1e-8f, 5f));
        UncheckedOps.adam(Parallelism.serial(), w, g, new float[4], new float[4], 0, 4, Float.NaN, 0.9f, 0.999f,
                1e-8f, 5f);
        assertEquals(Float.NaN, w[0]);
        // A selection out of range: the facade names it, the kernel fails where it reads.
        int[] offsets = {0, 1};
        int[] idx = {1 << 30};
        float[] x = new float[3];
        float[] wt = new float[6];
        float[] dy = new float[2];
        assertThrows(IllegalArgumentException.class, () -> Linear.backwardSparse(Parallelism.serial(), x, wt, dy,
                offsets, idx, null, new float[6], null, 1, 3, 2, false));
        assertThrows(IndexOutOfBoundsException.class, () -> UncheckedLinear.backwardSparse(Parallelism.serial(),
                x, wt, dy, offsets, idx, null, new float[6], null, 1, 3, 2, false));
    }
}
