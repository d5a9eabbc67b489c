package io.github.meprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.meprop.kernels.provider.ElementwiseKernel;
import io.github.meprop.kernels.provider.KernelProvider;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The LSTM cell kernels ({@link Ops#lstmCellForward}, {@link Ops#lstmCellBackward}): the provider's
 * (SIMD in the default and the forced 128- and 256-bit executions) against the plain-Java twin bit
 * for bit, on unit counts around the lane count and the benchmark shapes, at offsets, in place, with
 * NaN, ±∞, ±0 and subnormals mixed in; and the plain-Java twin against the equations in double.
 */
class LstmCellKernelTest {
    private static final ElementwiseKernel SIMD = KernelProvider.get().elementwise();
    private static final ElementwiseKernel PLAIN = KernelProvider.scalar().elementwise();
    private static final int LANES = Math.max(4, Kernels.vectorBits() / 32);
    private static final int[] UNITS = IntStream.of(0, 1, 2, LANES - 1, LANES, LANES + 1, 2 * LANES + 3, 128, 207,
            500, 702).filter(n -> n >= 0).distinct().toArray();
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, 1e-39f, Float.MAX_VALUE, -Float.MAX_VALUE, 0.55f, -0.55f, 20f, -20f, 90f,
        -90f};

    private static float[] data(int n, long seed, double scale, boolean specials) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextGaussian() * scale);
            if (specials && rnd.nextInt(12) == 0) {
                a[i] = SPECIAL[rnd.nextInt(SPECIAL.length)];
            }
        }
        return a;
    }

    /** Activated gates as a forward pass leaves them: σ in [0, 1] (i, f, o) and tanh in [-1, 1] (g). */
    private static float[] gates(int rows, int units, long seed, boolean specials) {
        float[] a = data(rows * 4 * units, seed, 2, specials);
        float[] g = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < 4 * units; q++) {
                int p = r * 4 * units + q;
                boolean tanh = q / Math.max(1, units) == 2;
                g[p] = tanh ? io.github.meprop.kernels.scalar.Transcendental.tanh(a[p])
                        : io.github.meprop.kernels.scalar.Transcendental.sigmoid(a[p]);
            }
        }
        return g;
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(what + ": element " + i + " of " + expected.length + ": plain " + expected[i] + ", simd "
                        + actual[i]);
            }
        }
    }

    /** The outputs of one forward call: gates, c, tanhC, h (each with its offset padding). */
    private static float[][] forward(ElementwiseKernel k, float[] gx, float[] gh, float[] cp, int rows, int units,
            int off) {
        int g = rows * 4 * units;
        int s = rows * units;
        float[] gates = new float[off + g];
        float[] c = new float[off + s];
        float[] tc = new float[off + s];
        float[] h = new float[off + s];
        k.lstmCellForward(gx, off, gh, off, cp, off, gates, off, c, off, tc, off, h, off, rows, units);
        return new float[][] {gates, c, tc, h};
    }

    @Test
    void forwardIsBitIdenticalAtAnyWidthOffsetAndWithSpecialValues() {
        for (int units : UNITS) {
            for (int rows : new int[] {1, 3}) {
                for (int off : new int[] {0, 5}) {
                    for (boolean specials : new boolean[] {false, true}) {
                        long seed = 31L * units + rows + off;
                        float[] gx = data(off + rows * 4 * units, seed, 3, specials);
                        float[] gh = data(off + rows * 4 * units, seed + 1, 3, specials);
                        float[] cp = data(off + rows * units, seed + 2, 2, specials);
                        String what = "units=" + units + " rows=" + rows + " off=" + off + " specials=" + specials;
                        float[][] p = forward(PLAIN, gx, gh, cp, rows, units, off);
                        float[][] v = forward(SIMD, gx, gh, cp, rows, units, off);
                        String[] names = {"gates", "c", "tanhC", "h"};
                        for (int o = 0; o < 4; o++) {
                            assertBits(p[o], v[o], names[o] + " " + what);
                        }
                        // In place: gates over gx, c over cPrev.
                        for (ElementwiseKernel k : new ElementwiseKernel[] {SIMD, PLAIN}) {
                            float[] gxi = gx.clone();
                            float[] cpi = cp.clone();
                            float[] tc = new float[off + rows * units];
                            float[] h = new float[off + rows * units];
                            k.lstmCellForward(gxi, off, gh, off, cpi, off, gxi, off, cpi, off, tc, off, h, off, rows,
                                    units);
                            for (int i = off; i < gxi.length; i++) {
                                assertEquals(Float.floatToIntBits(p[0][i]), Float.floatToIntBits(gxi[i]),
                                        "in-place gates " + what);
                            }
                            for (int i = off; i < cpi.length; i++) {
                                assertEquals(Float.floatToIntBits(p[1][i]), Float.floatToIntBits(cpi[i]),
                                        "in-place c " + what);
                            }
                            assertBits(p[3], h, "in-place h " + what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void backwardIsBitIdenticalAtAnyWidthOffsetAndWithSpecialValues() {
        for (int units : UNITS) {
            for (int rows : new int[] {1, 3}) {
                for (int off : new int[] {0, 7}) {
                    for (boolean specials : new boolean[] {false, true}) {
                        long seed = 17L * units + rows + off;
                        int g = off + rows * 4 * units;
                        int s = off + rows * units;
                        float[] gates = new float[g];
                        System.arraycopy(gates(rows, units, seed, specials), 0, gates, off, g - off);
                        float[] cp = data(s, seed + 1, 2, specials);
                        float[] tc = data(s, seed + 2, 0.6, specials);
                        float[] dh = data(s, seed + 3, 1, specials);
                        float[] dc0 = data(s, seed + 4, 1, specials);
                        String what = "units=" + units + " rows=" + rows + " off=" + off + " specials=" + specials;
                        float[] dcP = dc0.clone();
                        float[] dcS = dc0.clone();
                        float[] dpP = new float[g];
                        float[] dpS = new float[g];
                        PLAIN.lstmCellBackward(gates, off, cp, off, tc, off, dh, off, dcP, off, dpP, off, rows, units);
                        SIMD.lstmCellBackward(gates, off, cp, off, tc, off, dh, off, dcS, off, dpS, off, rows, units);
                        assertBits(dpP, dpS, "dpre " + what);
                        assertBits(dcP, dcS, "dc " + what);
                        for (int i = 0; i < off; i++) {
                            assertEquals(dc0[i], dcS[i], "dc before the offset is not written");
                            assertEquals(0f, dpS[i], "dpre before the offset is not written");
                        }
                    }
                }
            }
        }
    }

    /** The plain-Java twin against the equations evaluated in double (close, not bit for bit). */
    @Test
    void kernelsFollowTheEquations() {
        int rows = 4;
        int units = 9;
        float[] gx = data(rows * 4 * units, 1, 2, false);
        float[] gh = data(rows * 4 * units, 2, 2, false);
        float[] cp = data(rows * units, 3, 1, false);
        float[][] out = forward(PLAIN, gx, gh, cp, rows, units, 0);
        float[] dh = data(rows * units, 4, 1, false);
        float[] dc = data(rows * units, 5, 1, false);
        float[] dcIn = dc.clone();
        float[] dpre = new float[rows * 4 * units];
        PLAIN.lstmCellBackward(out[0], 0, cp, 0, out[2], 0, dh, 0, dc, 0, dpre, 0, rows, units);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < units; j++) {
                int b = r * 4 * units + j;
                int s = r * units + j;
                double i = sig(gx[b] + (double) gh[b]);
                double f = sig(gx[b + units] + (double) gh[b + units]);
                double g = Math.tanh(gx[b + 2 * units] + (double) gh[b + 2 * units]);
                double o = sig(gx[b + 3 * units] + (double) gh[b + 3 * units]);
                double c = f * cp[s] + i * g;
                double h = o * Math.tanh(c);
                close(i, out[0][b], "i");
                close(f, out[0][b + units], "f");
                close(g, out[0][b + 2 * units], "g");
                close(o, out[0][b + 3 * units], "o");
                close(c, out[1][s], "c");
                close(Math.tanh(c), out[2][s], "tanh c");
                close(h, out[3][s], "h");
                double tc = Math.tanh(c);
                double dct = dcIn[s] + dh[s] * o * (1 - tc * tc);
                close(dct * g * i * (1 - i), dpre[b], "dpre_i");
                close(dct * cp[s] * f * (1 - f), dpre[b + units], "dpre_f");
                close(dct * i * (1 - g * g), dpre[b + 2 * units], "dpre_g");
                close(dh[s] * tc * o * (1 - o), dpre[b + 3 * units], "dpre_o");
                close(dct * f, dc[s], "dc_prev");
            }
        }
    }

    private static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static void close(double expected, float actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 1e-5 * Math.max(1, Math.abs(expected)), what + ": expected "
                + expected + ", was " + actual);
    }

    @Test
    void facadeNamesBadArguments() {
        float[] a = new float[16];
        float[] small = new float[3];
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                () -> Ops.lstmCellForward(a, 0, a, 0, a, 0, a, 0, a, 0, a, 0, a, 0, -1, 2));
        assertTrue(neg.getMessage().contains("rows"), neg.getMessage());
        IndexOutOfBoundsException gh = assertThrows(IndexOutOfBoundsException.class,
                () -> Ops.lstmCellForward(a, 0, small, 0, a, 0, a, 0, a, 0, a, 0, a, 0, 1, 2));
        assertTrue(gh.getMessage().startsWith("gh"), gh.getMessage());
        IndexOutOfBoundsException off = assertThrows(IndexOutOfBoundsException.class,
                () -> Ops.lstmCellBackward(a, 0, a, 0, a, 0, a, 0, a, 15, a, 0, 1, 2));
        assertTrue(off.getMessage().startsWith("dc"), off.getMessage());
        assertThrows(NullPointerException.class,
                () -> Ops.lstmCellBackward(a, 0, a, 0, null, 0, a, 0, a, 0, a, 0, 1, 2));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> Ops.lstmCellBackward(a, 0, a, 0, a, 0, a, 0, a, 0, a, 0, 1 << 20, 1 << 10));
        assertTrue(big.getMessage().contains("rows × 4·units"), big.getMessage());
        // Zero rows or units: nothing to do, nothing checked beyond the arrays.
        Ops.lstmCellForward(a, 0, a, 0, a, 0, a, 0, a, 0, a, 0, a, 0, 0, 5);
        Ops.lstmCellBackward(a, 0, a, 0, a, 0, a, 0, a, 0, a, 0, 3, 0);
    }
}
