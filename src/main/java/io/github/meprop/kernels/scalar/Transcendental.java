package io.github.meprop.kernels.scalar;

/**
 * exp, tanh and sigmoid in float built only from correctly rounded operations (+, −, ×, ÷, fma,
 * bit manipulation), so that the SIMD kernels can evaluate exactly the same sequence lane by lane
 * and every path gives bit-identical results, in every JIT tier.
 *
 * <p>Why not {@code Math.exp} / {@code VectorOperators.EXP}: the Vector API's transcendental
 * operations run Intel SVML code once C2 has compiled the loop but fall back to {@code Math} per
 * lane before that, and the two differ in the last bit for about 1% of inputs; training would then
 * depend on JIT timing and not be bit-for-bit repeatable. These polynomials are also as fast as
 * SVML (see docs/benchmarks.md).
 *
 * <ul>
 *   <li>exp: n = rint(x·log2 e) (by the 1.5·2²³ trick), r = x − n·ln 2 (two-constant Cody–Waite
 *       reduction with fma), e^r = 1 + r + r²·Q(r) with Q a degree-4 polynomial fitted (weighted
 *       least squares, float coefficients) on |r| ≤ ln2/2, then × 2^⌊n/2⌋ × 2^(n−⌊n/2⌋). Max error
 *       below 1 ulp for normal results; results below 2^−126 (x &lt; −87.336) are flushed to 0;
 *       x &gt; 88.7228 gives +∞; NaN stays NaN.</li>
 *   <li>tanh: for |x| &lt; 0.55 the odd polynomial |x| + |x|³·P(x²) (P degree 4, fitted likewise,
 *       ≤ 0.7 ulp); otherwise 1 − 2/(e^{2|x|} + 1); the sign of x is copied onto the result (so
 *       tanh(−0) = −0).</li>
 *   <li>sigmoid: 1/(1 + e^{−x}).</li>
 * </ul>
 */
public final class Transcendental {
    private Transcendental() {}

    /** log2(e), rounded to float. */
    public static final float LOG2E = 1.44269504f;
    /** High part of ln 2 (few significant bits, so n·LN2_HI is exact for |n| ≤ 2^11). */
    public static final float LN2_HI = 0.693145751953125f;
    /** ln 2 − LN2_HI. */
    public static final float LN2_LO = 1.428606765330187e-06f;
    /** 1.5·2²³: adding it rounds to an integer (nearest even) held in the low mantissa bits. */
    public static final float ROUND_MAGIC = 12582912f;
    /** Bit pattern of ROUND_MAGIC. */
    public static final int ROUND_MAGIC_BITS = 0x4B400000;
    /** Below this, e^x &lt; 2^−126: flushed to zero. */
    public static final float EXP_LO = -87.33654f;
    /** Inputs are clamped to at most this before the reduction (e^89 overflows to +∞ anyway). */
    public static final float EXP_HI = 89f;
    /** e^r = 1 + r + r²·(Q0 + Q1·r + Q2·r² + Q3·r³ + Q4·r⁴). */
    public static final float Q0 = 0.49999988079071045f;
    /** See {@link #Q0}. */
    public static final float Q1 = 0.166665181517601f;
    /** See {@link #Q0}. */
    public static final float Q2 = 0.0416693352162838f;
    /** See {@link #Q0}. */
    public static final float Q3 = 0.008368927985429764f;
    /** See {@link #Q0}. */
    public static final float Q4 = 0.0013762441230937839f;

    /** Below this |x|, tanh uses the odd polynomial. */
    public static final float TANH_SMALL = 0.55f;
    /** tanh(a) = a + a³·(P0 + P1·a² + P2·a⁴ + P3·a⁶ + P4·a⁸) for a &lt; TANH_SMALL. */
    public static final float P0 = -0.33333319425582886f;
    /** See {@link #P0}. */
    public static final float P1 = 0.13332612812519073f;
    /** See {@link #P0}. */
    public static final float P2 = -0.05385470762848854f;
    /** See {@link #P0}. */
    public static final float P3 = 0.021080538630485535f;
    /** See {@link #P0}. */
    public static final float P4 = -0.006285699550062418f;

    /** e^x (see the class comment for accuracy and special values). */
    public static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = Math.fma(xc, LOG2E, ROUND_MAGIC);
        float n = t - ROUND_MAGIC;
        int ni = Float.floatToRawIntBits(t) - ROUND_MAGIC_BITS;
        float r = Math.fma(-n, LN2_HI, xc);
        r = Math.fma(-n, LN2_LO, r);
        float q = Math.fma(Q4, r, Q3);
        q = Math.fma(q, r, Q2);
        q = Math.fma(q, r, Q1);
        q = Math.fma(q, r, Q0);
        float y = Math.fma(q, r * r, r) + 1f;
        int a = ni >> 1;
        int b = ni - a;
        y = y * Float.intBitsToFloat((a + 127) << 23) * Float.intBitsToFloat((b + 127) << 23);
        return x < EXP_LO ? 0f : y;
    }

    /**
     * tanh(x) (see the class comment). Only the branch that is used is evaluated; the SIMD version
     * evaluates both and blends, with the same result.
     */
    public static float tanh(float x) {
        float a = Math.abs(x);
        float t;
        if (a < TANH_SMALL) {
            float u = a * a;
            float p = Math.fma(P4, u, P3);
            p = Math.fma(p, u, P2);
            p = Math.fma(p, u, P1);
            p = Math.fma(p, u, P0);
            t = Math.fma(a * u, p, a);
        } else {
            t = 1f - 2f / (exp(a + a) + 1f);
        }
        return Math.copySign(t, x);
    }

    /** 1 / (1 + e^(−x)). */
    public static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }
}
