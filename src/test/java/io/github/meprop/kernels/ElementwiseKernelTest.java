package io.github.meprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.meprop.kernels.provider.ElementwiseKernel;
import io.github.meprop.kernels.provider.KernelProvider;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The provider's element-wise kernels (SIMD in the default, 128- and 256-bit executions) against
 * the plain-Java twin, on sizes around the lane count and the MNIST shapes, with ±0, ±∞, NaN and
 * subnormals mixed in: bit for bit (the contract), plus accuracy against {@code Math}.
 */
class ElementwiseKernelTest {
    private static final ElementwiseKernel SIMD = KernelProvider.get().elementwise();
    private static final ElementwiseKernel PLAIN = KernelProvider.scalar().elementwise();
    private static final int LANES = Math.max(4, Kernels.vectorBits() / 32);
    private static final int[] SIZES = IntStream.of(0, 1, 2, 3, LANES - 1, LANES, LANES + 1, 2 * LANES + 3, 207,
            500, 702).filter(n -> n >= 0).distinct().toArray();
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -Float.MIN_VALUE, 1e-39f, Float.MAX_VALUE, -Float.MAX_VALUE, 5f, -5f, 5.0000005f, 1f,
            -1f, 20f, -20f, 90f, -90f};

    /** Gaussian data (scale s) with every tenth entry replaced by a special value. */
    private static float[] data(int n, long seed, double s, boolean specials) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextGaussian() * s);
            if (specials && rnd.nextInt(10) == 0) {
                a[i] = SPECIAL[rnd.nextInt(SPECIAL.length)];
            }
        }
        return a;
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(what + ": element " + i + " of " + expected.length + ": plain " + expected[i] + ", simd "
                        + actual[i]);
            }
        }
    }

    @Test
    void reluAndBackwardAreBitIdentical() {
        for (int n : SIZES) {
            float[] x = data(n, n, 1, true);
            float[] zs = new float[n];
            float[] zp = new float[n];
            SIMD.relu(x, zs, n);
            PLAIN.relu(x, zp, n);
            assertBits(zp, zs, "relu n=" + n);
            float[] g = data(n, n + 1, 1, true);
            float[] ds = new float[n];
            float[] dp = new float[n];
            SIMD.reluBackward(zp, g, ds, n);
            PLAIN.reluBackward(zp, g, dp, n);
            assertBits(dp, ds, "reluBackward n=" + n);
            // z is the ReLU output, so z > 0 exactly where x > 0.
            for (int i = 0; i < n; i++) {
                float expect = x[i] > 0 ? g[i] : 0f;
                assertEquals(Float.floatToIntBits(expect), Float.floatToIntBits(ds[i]), "relu mask at " + i);
            }
        }
    }

    @Test
    void reluSemantics() {
        float[] x = {-0f, 0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -3f, 3f, -Float.MIN_VALUE};
        float[] expected = {0f, 0f, Float.NaN, 0f, Float.POSITIVE_INFINITY, 0f, 3f, 0f};
        for (ElementwiseKernel k : new ElementwiseKernel[] {SIMD, PLAIN}) {
            // Pad so that the special values land in the vector body too.
            int n = 2 * LANES + x.length;
            float[] big = new float[n];
            for (int i = 0; i < n; i++) {
                big[i] = x[i % x.length];
            }
            float[] z = new float[n];
            k.relu(big, z, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToIntBits(expected[i % x.length]), Float.floatToIntBits(z[i]), "relu(" + big[i]
                        + ")");
            }
            // In place.
            k.relu(big, big, n);
            assertBits(z, big, "relu in place");
        }
    }

    @Test
    void tanhAndSigmoidAreBitIdentical() {
        for (int n : SIZES) {
            float[] x = data(n, 7 * n, 3, true);
            float[] zs = new float[n];
            float[] zp = new float[n];
            SIMD.tanh(x, zs, n);
            PLAIN.tanh(x, zp, n);
            assertBits(zp, zs, "tanh n=" + n);
            SIMD.sigmoid(x, zs, n);
            PLAIN.sigmoid(x, zp, n);
            assertBits(zp, zs, "sigmoid n=" + n);
            for (int i = 0; i < n; i++) {
                if (!Float.isNaN(x[i])) {
                    assertTrue(zs[i] >= 0f && zs[i] <= 1f, "sigmoid(" + x[i] + ") = " + zs[i]);
                }
            }
        }
    }

    /** A dense sweep over the whole interesting range: SIMD = plain bit for bit, and close to Math. */
    @Test
    void transcendentalsSweep() {
        int n = 40_000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            // -100 .. 100 with a dense middle.
            double t = (i - n / 2) / (double) (n / 2);
            x[i] = (float) (100 * t * t * t);
        }
        float[] ts = new float[n], tp = new float[n], ss = new float[n], sp = new float[n];
        SIMD.tanh(x, ts, n);
        PLAIN.tanh(x, tp, n);
        SIMD.sigmoid(x, ss, n);
        PLAIN.sigmoid(x, sp, n);
        assertBits(tp, ts, "tanh sweep");
        assertBits(sp, ss, "sigmoid sweep");
        for (int i = 0; i < n; i++) {
            assertUlps(Math.tanh(x[i]), tp[i], 2, "tanh(" + x[i] + ")");
            double sig = 1 / (1 + Math.exp(-x[i]));
            if (sig >= 0x1p-126) {
                assertUlps(sig, sp[i], 3, "sigmoid(" + x[i] + ")");
            }
        }
    }

    @Test
    void expIsWithinOneUlpAndHandlesSpecialValues() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            float x = i < 100_000 ? (float) rnd.nextDouble(-87.33, 88.72) : (float) rnd.nextDouble(-1, 1);
            assertUlps(Math.exp(x), io.github.meprop.kernels.scalar.Transcendental.exp(x), 1, "exp(" + x + ")");
        }
        assertEquals(1f, io.github.meprop.kernels.scalar.Transcendental.exp(0f));
        assertEquals(1f, io.github.meprop.kernels.scalar.Transcendental.exp(-0f));
        assertEquals(Float.POSITIVE_INFINITY, io.github.meprop.kernels.scalar.Transcendental.exp(89f));
        assertEquals(Float.POSITIVE_INFINITY, io.github.meprop.kernels.scalar.Transcendental.exp(Float.POSITIVE_INFINITY));
        assertEquals(0f, io.github.meprop.kernels.scalar.Transcendental.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, io.github.meprop.kernels.scalar.Transcendental.exp(-90f));
        assertTrue(Float.isNaN(io.github.meprop.kernels.scalar.Transcendental.exp(Float.NaN)));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(io.github.meprop.kernels.scalar.Transcendental.tanh(-0f)));
        assertEquals(-1f, io.github.meprop.kernels.scalar.Transcendental.tanh(Float.NEGATIVE_INFINITY));
        assertEquals(1f, io.github.meprop.kernels.scalar.Transcendental.tanh(50f));
        assertEquals(0.5f, io.github.meprop.kernels.scalar.Transcendental.sigmoid(0f));
        assertEquals(0f, io.github.meprop.kernels.scalar.Transcendental.sigmoid(-200f));
        assertEquals(1f, io.github.meprop.kernels.scalar.Transcendental.sigmoid(200f));
    }

    private static void assertUlps(double exact, float actual, int ulps, String what) {
        float e = (float) exact;
        if (Math.abs(exact - actual) > ulps * Math.ulp(e)) {
            fail(what + ": expected " + exact + ", was " + actual + " (" + Math.abs(exact - actual) / Math.ulp(e)
                    + " ulps)");
        }
    }

    @Test
    void tanhAndSigmoidBackwardAreBitIdentical() {
        for (int n : SIZES) {
            float[] z = data(n, 3 * n, 0.5, true);
            float[] g = data(n, 3 * n + 1, 1, true);
            float[] ds = new float[n];
            float[] dp = new float[n];
            SIMD.tanhBackward(z, g, ds, n);
            PLAIN.tanhBackward(z, g, dp, n);
            assertBits(dp, ds, "tanhBackward n=" + n);
            SIMD.sigmoidBackward(z, g, ds, n);
            PLAIN.sigmoidBackward(z, g, dp, n);
            assertBits(dp, ds, "sigmoidBackward n=" + n);
            // In place on g.
            float[] gs = g.clone();
            SIMD.sigmoidBackward(z, gs, gs, n);
            assertBits(dp, gs, "sigmoidBackward in place n=" + n);
        }
    }

    @Test
    void clipScaleZeroAreBitIdenticalAtAnyOffset() {
        for (int n : SIZES) {
            for (int off : new int[] {0, 1, 3}) {
                float[] a = data(n + off + 2, n + off, 4, true);
                float[] s = a.clone();
                float[] p = a.clone();
                SIMD.clip(s, off, n, 5f);
                PLAIN.clip(p, off, n, 5f);
                assertBits(p, s, "clip n=" + n + " off=" + off);
                for (int i = 0; i < a.length; i++) {
                    boolean inside = i >= off && i < off + n;
                    float expect = inside ? Math.min(Math.max(a[i], -5f), 5f) : a[i];
                    assertEquals(Float.floatToIntBits(expect), Float.floatToIntBits(s[i]), "clip at " + i);
                }
                SIMD.scale(s, off, n, -0.37f);
                PLAIN.scale(p, off, n, -0.37f);
                assertBits(p, s, "scale n=" + n + " off=" + off);
                SIMD.zero(s, off, n);
                PLAIN.zero(p, off, n);
                assertBits(p, s, "zero n=" + n + " off=" + off);
            }
        }
    }

    @Test
    void clipByInfinityKeepsEverything() {
        float[] a = data(100, 5, 1e30, true);
        float[] c = a.clone();
        Ops.clip(c, 0, c.length, Float.POSITIVE_INFINITY);
        assertBits(a, c, "clip(+inf)");
    }

    @Test
    void sgdIsBitIdenticalAndRowsEqualRange() {
        for (int n : SIZES) {
            float[] w = data(n, n, 1, false);
            float[] g = data(n, n + 9, 3, true);
            float[] ws = w.clone();
            float[] wp = w.clone();
            SIMD.sgd(ws, g, 0, n, 0.1f, 5f);
            PLAIN.sgd(wp, g, 0, n, 0.1f, 5f);
            assertBits(wp, ws, "sgd n=" + n);
        }
        // Rows: same as a range update restricted to those rows.
        int rows = 9;
        int len = 2 * LANES + 3;
        float[] w = data(rows * len, 1, 1, false);
        float[] g = data(rows * len, 2, 1, true);
        int[] sel = {0, 3, 4, 8};
        float[] byRows = w.clone();
        Ops.sgdRows(byRows, g, sel, sel.length, len, 0.05f, 5f);
        float[] byRange = w.clone();
        for (int r : sel) {
            PLAIN.sgd(byRange, g, r * len, len, 0.05f, 5f);
        }
        assertBits(byRange, byRows, "sgdRows");
    }

    @Test
    void sgdMomentumIsBitIdenticalAtAnyOffset() {
        for (int n : SIZES) {
            for (int off : new int[] {0, 1, 5}) {
                int len = n + off + 1;
                float[] w = data(len, n, 1, false);
                float[] v = data(len, n + 1, 0.1, true);
                float[] g = data(len, n + 3, 4, true);
                float[] ws = w.clone(), vs = v.clone();
                float[] wp = w.clone(), vp = v.clone();
                for (int step = 0; step < 3; step++) {
                    SIMD.sgdMomentum(ws, g, vs, off, n, 0.1f, 0.9f, 5f);
                    PLAIN.sgdMomentum(wp, g, vp, off, n, 0.1f, 0.9f, 5f);
                }
                assertBits(wp, ws, "sgdMomentum w n=" + n + " off=" + off);
                assertBits(vp, vs, "sgdMomentum v n=" + n + " off=" + off);
                // Outside [off, off+n) nothing moves.
                for (int i = 0; i < len; i++) {
                    if (i < off || i >= off + n) {
                        assertEquals(Float.floatToIntBits(w[i]), Float.floatToIntBits(ws[i]), "w outside at " + i);
                        assertEquals(Float.floatToIntBits(v[i]), Float.floatToIntBits(vs[i]), "v outside at " + i);
                    }
                }
            }
        }
    }

    @Test
    void sgdMomentumMatchesTheFormula() {
        float[] w = {1f, -2f, 0.5f, 3f};
        float[] g = {0.3f, -7f, Float.NaN, 0f};
        float[] v = {0.2f, 0f, 0f, -1f};
        Ops.sgdMomentum(Parallelism.serial(), w, g, v, 0, 4, 0.1f, 0.9f, 5f);
        double v0 = 0.9f * 0.2f + 0.3f;
        assertEquals(v0, v[0], 1e-7);
        assertEquals(1 - 0.1f * v0, w[0], 1e-6);
        // -7 is clipped to -5.
        assertEquals(-5f, v[1], 0f);
        assertEquals(-2 + 0.5, w[1], 1e-6);
        assertTrue(Float.isNaN(w[2]) && Float.isNaN(v[2]), "a NaN gradient poisons its weight (it is not hidden)");
        // No gradient: the velocity decays and still moves the weight.
        assertEquals(-0.9f, v[3], 1e-7);
        assertEquals(3 + 0.1 * 0.9, w[3], 1e-6);
        assertThrows(IllegalArgumentException.class,
                () -> Ops.sgdMomentum(Parallelism.serial(), w, g, v, 0, 4, 0.1f, 1f, 5f));
        assertThrows(IllegalArgumentException.class,
                () -> Ops.sgdMomentum(Parallelism.serial(), w, g, v, 0, 4, 0.1f, -0.1f, 5f));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Ops.sgdMomentum(Parallelism.serial(), w, g, new float[3], 0, 4, 0.1f, 0.9f, 5f));
    }

    @Test
    void adamIsBitIdenticalAtAnyOffset() {
        for (int n : SIZES) {
            for (int off : new int[] {0, 1, 5}) {
                int len = n + off + 1;
                float[] w = data(len, n, 1, false);
                float[] m = data(len, n + 1, 0.01, false);
                float[] v = data(len, n + 2, 0.01, false);
                for (int i = 0; i < len; i++) {
                    v[i] = Math.abs(v[i]);
                }
                float[] g = data(len, n + 3, 4, true);
                float[] ws = w.clone(), ms = m.clone(), vs = v.clone();
                float[] wp = w.clone(), mp = m.clone(), vp = v.clone();
                for (int step = 0; step < 3; step++) {
                    SIMD.adam(ws, g, ms, vs, off, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 5f);
                    PLAIN.adam(wp, g, mp, vp, off, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 5f);
                }
                assertBits(wp, ws, "adam w n=" + n + " off=" + off);
                assertBits(mp, ms, "adam m n=" + n + " off=" + off);
                assertBits(vp, vs, "adam v n=" + n + " off=" + off);
            }
        }
    }

    /**
     * Moments around 2⁻¹²⁶ and gradients that are mostly zero, so that the moments decay into the
     * subnormal range during the steps: both twins flush the momenta (Adam's m, SGD's velocity) to a
     * zero of their sign and leave Adam's v alone, bit for bit.
     */
    @Test
    void optimizersFlushSubnormalMomentsTheSameWayInBothTwins() {
        for (int n : SIZES) {
            for (int off : new int[] {0, 3}) {
                int len = n + off + 1;
                SplittableRandom rnd = new SplittableRandom(n + 77L);
                float[] w = data(len, n, 1, false);
                float[] m = new float[len];
                float[] v = new float[len];
                float[] g = new float[len];
                for (int i = 0; i < len; i++) {
                    m[i] = (float) (rnd.nextGaussian() * 4 * Float.MIN_NORMAL);
                    v[i] = (float) Math.abs(rnd.nextGaussian() * 4 * Float.MIN_NORMAL);
                    g[i] = rnd.nextInt(4) == 0 ? (float) (rnd.nextGaussian() * 1e-19) : (rnd.nextBoolean() ? 0f : -0f);
                }
                float[] ws = w.clone(), ms = m.clone(), vs = v.clone();
                float[] wp = w.clone(), mp = m.clone(), vp = v.clone();
                float[] wsm = w.clone(), vsm = m.clone(), wpm = w.clone(), vpm = m.clone();
                for (int step = 0; step < 20; step++) {
                    SIMD.adam(ws, g, ms, vs, off, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 5f);
                    PLAIN.adam(wp, g, mp, vp, off, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 5f);
                    SIMD.sgdMomentum(wsm, g, vsm, off, n, 0.1f, 0.9f, 5f);
                    PLAIN.sgdMomentum(wpm, g, vpm, off, n, 0.1f, 0.9f, 5f);
                }
                assertBits(wp, ws, "adam w n=" + n + " off=" + off);
                assertBits(mp, ms, "adam m n=" + n + " off=" + off);
                assertBits(vp, vs, "adam v n=" + n + " off=" + off);
                assertBits(wpm, wsm, "sgdMomentum w n=" + n + " off=" + off);
                assertBits(vpm, vsm, "sgdMomentum v n=" + n + " off=" + off);
                for (int i = off; i < off + n; i++) {
                    for (float x : new float[] {ms[i], vsm[i]}) {
                        assertTrue(x == 0f || Math.abs(x) >= Float.MIN_NORMAL, "a kept moment is subnormal: " + x);
                    }
                }
            }
        }
    }

    @Test
    void aMomentDecayingBelowTheNormalRangeBecomesAZeroOfItsSign() {
        // Padded so that the values land in the vector body and in the scalar tail.
        int n = 3 * LANES + 5;
        float[] m0 = {1.05f * Float.MIN_NORMAL, -1.05f * Float.MIN_NORMAL, 1e-39f, -1e-39f, 2f * Float.MIN_NORMAL,
                Float.NaN, 0.5f};
        for (ElementwiseKernel k : new ElementwiseKernel[] {SIMD, PLAIN}) {
            for (int at : new int[] {0, n - m0.length}) {
                float[] w = new float[n];
                float[] g = new float[n];
                float[] m = new float[n];
                float[] v = new float[n];
                float[] vm = new float[n];
                System.arraycopy(m0, 0, m, at, m0.length);
                System.arraycopy(m0, 0, vm, at, m0.length);
                for (int i = 0; i < m0.length; i++) {
                    v[at + i] = Math.abs(m0[i]);
                }
                k.adam(w, g, m, v, 0, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 5f);
                k.sgdMomentum(w.clone(), g, vm, 0, n, 0.1f, 0.9f, 5f);
                for (float[] moment : new float[][] {m, vm}) {
                    String where = k.getClass().getSimpleName() + " at " + at;
                    assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(moment[at]), where);
                    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(moment[at + 1]), where);
                    assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(moment[at + 2]), where);
                    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(moment[at + 3]), where);
                    assertEquals(0.9f * 2f * Float.MIN_NORMAL, moment[at + 4], 0f, where);
                    assertTrue(Float.isNaN(moment[at + 5]), where);
                    assertEquals(0.9f * 0.5f, moment[at + 6], 0f, where);
                }
                // v is not flushed: 0.999·1e-39 stays a subnormal.
                assertEquals(0.999f * 1.05f * Float.MIN_NORMAL, v[at], 0f);
                assertEquals(Math.fma(1e-39f, 0.999f, 0f), v[at + 2], 0f);
                // The weight moved by lr·m/(√v + ε) with m flushed: not at all.
                assertEquals(0f, w[at], 0f);
            }
        }
    }

    @Test
    void adamMatchesTheTextbookFormula() {
        float[] w = {1f, -2f, 0.5f};
        float[] g = {0.3f, -7f, Float.NaN};
        float[] m = {0.01f, 0f, 0f};
        float[] v = {0.001f, 0f, 0f};
        Ops.adam(w, g, m, v, 0, 3, 0.01f, 0.9f, 0.999f, 1e-8f, 5f);
        // The float constants as the kernel sees them (0.9f, 1 - 0.9f, ... are not exact decimals).
        double b1 = 0.9f, k1 = 1f - 0.9f, b2 = 0.999f, k2 = 1f - 0.999f;
        double m0 = b1 * 0.01f + k1 * 0.3f;
        double v0 = b2 * 0.001f + k2 * 0.3f * 0.3f;
        assertEquals(m0, m[0], 1e-7);
        assertEquals(v0, v[0], 1e-9);
        assertEquals(1 - 0.01f * m0 / (Math.sqrt(v0) + 1e-8), w[0], 1e-6);
        // -7 is clipped to -5: m = -5·(1−β1), v = 25·(1−β2), step = 0.01·m/√v.
        assertEquals(-5 * k1, m[1], 1e-7);
        assertEquals(25 * k2, v[1], 1e-9);
        assertEquals(-2 - 0.01f * (-5 * k1) / Math.sqrt(25 * k2), w[1], 1e-6);
        assertTrue(Float.isNaN(w[2]), "a NaN gradient poisons its weight (it is not hidden)");
    }

    @Test
    void lazyAdamRowsEqualRangeUpdatesAndLeaveOtherRowsAlone() {
        int rows = 7;
        int len = 3 * LANES + 1;
        float[] w = data(rows * len, 11, 1, false);
        float[] g = data(rows * len, 12, 1, false);
        float[] m = new float[rows * len];
        float[] v = new float[rows * len];
        int[] sel = {1, 2, 6};
        float[] w1 = w.clone(), m1 = m.clone(), v1 = v.clone();
        Ops.adamRows(w1, g, m1, v1, sel, sel.length, len, 1e-3f, 0.9f, 0.999f, 1e-8f, 5f);
        float[] w2 = w.clone(), m2 = m.clone(), v2 = v.clone();
        for (int r : sel) {
            PLAIN.adam(w2, g, m2, v2, r * len, len, 1e-3f, 0.9f, 0.999f, 1e-8f, 5f);
        }
        assertBits(w2, w1, "adamRows w");
        assertBits(m2, m1, "adamRows m");
        assertBits(v2, v1, "adamRows v");
        for (int r = 0; r < rows; r++) {
            int row = r;
            boolean selected = Arrays.stream(sel).anyMatch(s -> s == row);
            for (int i = r * len; i < (r + 1) * len; i++) {
                if (!selected) {
                    assertEquals(w[i], w1[i], "untouched row " + r);
                    assertEquals(0f, m1[i], "untouched row " + r);
                }
            }
        }
    }

    @Test
    void softmaxCrossEntropyAgreesAndIsCorrect() {
        for (int classes : new int[] {1, 2, 3, LANES - 1, LANES, LANES + 1, 10, 37}) {
            for (int batch : new int[] {0, 1, 3, 100}) {
                float[] l = data(batch * classes, 31L * classes + batch, 4, false);
                int[] y = new int[batch + 2];
                SplittableRandom rnd = new SplittableRandom(classes);
                for (int r = 0; r < y.length; r++) {
                    y[r] = rnd.nextInt(classes);
                }
                float[] ds = new float[batch * classes];
                float[] dp = new float[batch * classes];
                double ls = SIMD.softmaxCrossEntropy(l, y, 2, ds, batch, classes);
                double lp = PLAIN.softmaxCrossEntropy(l, y, 2, dp, batch, classes);
                assertEquals(lp, ls, "loss c=" + classes + " b=" + batch);
                assertBits(dp, ds, "dlogits c=" + classes + " b=" + batch);
                // Against double precision.
                double ref = 0;
                for (int r = 0; r < batch; r++) {
                    double mx = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < classes; j++) {
                        mx = Math.max(mx, l[r * classes + j]);
                    }
                    double s = 0;
                    for (int j = 0; j < classes; j++) {
                        s += Math.exp(l[r * classes + j] - mx);
                    }
                    ref += Math.log(s) + mx - l[r * classes + y[r + 2]];
                    for (int j = 0; j < classes; j++) {
                        double p = Math.exp(l[r * classes + j] - mx) / s - (j == y[r + 2] ? 1 : 0);
                        assertEquals(p / batch, ds[r * classes + j], 1e-6, "dlogits");
                    }
                }
                assertEquals(batch == 0 ? 0 : ref / batch, ls, 1e-5, "loss vs double");
                // Loss only (no gradient) gives the same loss.
                assertEquals(ls, SIMD.softmaxCrossEntropy(l, y, 2, null, batch, classes));
            }
        }
    }

    @Test
    void softmaxWithNonFiniteLogitsGivesNaNLoss() {
        float[] l = {1f, Float.NaN, 2f, 0f, 1f, 2f};
        int[] y = {0, 1};
        assertTrue(Double.isNaN(Ops.softmaxCrossEntropy(l, y, 0, new float[6], 2, 3)));
        float[] inf = {1f, Float.POSITIVE_INFINITY, 2f};
        assertTrue(Double.isNaN(Ops.softmaxCrossEntropy(inf, y, 0, null, 1, 3)));
    }

    @Test
    void argmaxRowsAgreeWithTiesZerosAndNaN() {
        int[] widths = {1, 2, LANES - 1, LANES, LANES + 1, 10, 37};
        for (int n : widths) {
            int rows = 50;
            SplittableRandom rnd = new SplittableRandom(n);
            float[] m = new float[rows * n];
            for (int i = 0; i < m.length; i++) {
                // Few distinct values: many ties; specials sprinkled in.
                m[i] = rnd.nextInt(4) - 2f;
                int c = rnd.nextInt(40);
                if (c == 0) {
                    m[i] = Float.NaN;
                } else if (c == 1) {
                    m[i] = -0f;
                } else if (c == 2) {
                    m[i] = Float.NEGATIVE_INFINITY;
                } else if (c == 3) {
                    m[i] = Float.POSITIVE_INFINITY;
                }
            }
            int[] os = new int[rows];
            int[] op = new int[rows];
            SIMD.argmaxRows(m, rows, n, os);
            PLAIN.argmaxRows(m, rows, n, op);
            for (int r = 0; r < rows; r++) {
                assertEquals(naiveArgmax(m, r * n, n), op[r], "plain row " + r + " n=" + n);
                assertEquals(op[r], os[r], "simd row " + r + " n=" + n);
            }
        }
        int[] out = new int[1];
        Ops.argmaxRows(new float[] {-0f, 0f, -1f}, 1, 3, out);
        assertEquals(0, out[0], "+0 and -0 tie: lowest position");
        Ops.argmaxRows(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, 1, 2, out);
        assertEquals(0, out[0]);
    }

    private static int naiveArgmax(float[] m, int off, int n) {
        for (int j = 0; j < n; j++) {
            if (Float.isNaN(m[off + j])) {
                return j;
            }
        }
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (m[off + j] > m[off + best]) {
                best = j;
            }
        }
        return best;
    }

    @Test
    void facadeRejectsBadArguments() {
        float[] a = new float[10];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.relu(a, a, -1));
        assertTrue(e.getMessage().contains("n") && e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Ops.relu(a, new float[5], 10));
        NullPointerException npe = assertThrows(NullPointerException.class, () -> Ops.tanh(null, a, 1));
        assertTrue(npe.getMessage().contains("x"));
        assertThrows(IndexOutOfBoundsException.class, () -> Ops.clip(a, 5, 6, 1f));
        e = assertThrows(IllegalArgumentException.class, () -> Ops.clip(a, 0, 10, 0f));
        assertTrue(e.getMessage().contains("clip"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.clip(a, 0, 10, Float.NaN));
        e = assertThrows(IllegalArgumentException.class,
                () -> Ops.adam(a, a.clone(), a.clone(), a.clone(), 0, 10, 1e-3f, 1f, 0.999f, 1e-8f, 5f));
        assertTrue(e.getMessage().contains("beta1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Ops.adam(a, a.clone(), a.clone(), a.clone(), 0, 10, 1e-3f, 0.9f, 0.999f, 0f, 5f));
        assertTrue(e.getMessage().contains("eps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Ops.sgd(a, a.clone(), 0, 10, Float.NaN, 5f));
        assertTrue(e.getMessage().contains("lr"), e.getMessage());
        IndexOutOfBoundsException oob = assertThrows(IndexOutOfBoundsException.class,
                () -> Ops.adamRows(a, a.clone(), a.clone(), new float[5], new int[] {0, 1}, 2, 5, 1e-3f, 0.9f, 0.999f,
                        1e-8f, 5f));
        assertTrue(oob.getMessage().contains("rows[1] = 1"), oob.getMessage());
        assertThrows(IndexOutOfBoundsException.class,
                () -> Ops.sgdRows(a, a.clone(), new int[] {-1}, 1, 5, 1e-3f, 5f));
        assertThrows(NullPointerException.class,
                () -> Ops.adamRows(a, a.clone(), null, a.clone(), new int[] {0}, 1, 5, 1e-3f, 0.9f, 0.999f, 1e-8f, 5f));
        e = assertThrows(IllegalArgumentException.class,
                () -> Ops.softmaxCrossEntropy(new float[6], new int[] {0, 3}, 0, null, 2, 3));
        assertTrue(e.getMessage().contains("labels[1] = 3"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class,
                () -> Ops.softmaxCrossEntropy(new float[6], new int[] {0}, 0, null, 2, 3));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Ops.softmaxCrossEntropy(new float[6], new int[] {0, 1}, 0, new float[5], 2, 3));
        e = assertThrows(IllegalArgumentException.class, () -> Ops.argmaxRows(new float[0], 1, 0, new int[1]));
        assertTrue(e.getMessage().contains("n"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Ops.argmaxRows(new float[6], 3, 2, new int[2]));
    }
}
