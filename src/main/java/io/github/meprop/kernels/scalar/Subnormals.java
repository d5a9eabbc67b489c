package io.github.meprop.kernels.scalar;

/**
 * Flushing subnormal floats to a zero of their sign, as the optimizers do to the momentum they keep
 * (Adam's first moment m, SGD's velocity).
 *
 * <p>Why: a momentum whose gradient stays zero decays geometrically (by β1 = 0.9 or μ per step), so
 * a few hundred steps later it is subnormal (|x| &lt; 2⁻¹²⁶ ≈ 1.18e-38) and stays so for about 150
 * more steps before it reaches zero. Sparse back propagation leaves most gradient entries zero:
 * after four MNIST epochs of per-example top-20 (784-500-500-10, no dropout), 26%, 44% and 57% of
 * the three layers' m were subnormal. Arithmetic on subnormal floats is several times slower on the
 * x86 processors measured here and Java cannot set the processor's flush-to-zero mode, so the Adam
 * step on such a state took 2.0–3.0× as long (AdamBench, moments=decayed). Flushing costs an integer
 * compare and a blend per vector (AdamBench, moments=dense: 3–14% on an Adam step whose state is in
 * cache). Adam's second moment v decays by β2 = 0.999 per step, reaching the subnormal range only
 * after tens of thousands of idle steps, and is not flushed.
 *
 * <p>What it changes: a flushed momentum moved its weight by less than lr·1.2e-38/ε (Adam; below
 * 1.2e-33 with the reference lr and ε) or lr·1.2e-38 (SGD), under half an ulp of any weight of
 * magnitude above about 1e-26, so the weights come out the same in practice (the reference runs'
 * model files are byte-identical); only the kept momenta differ, each by less than 1.2e-38.
 */
public final class Subnormals {
    /** The bits of Float.MIN_NORMAL (2⁻¹²⁶): a float whose magnitude bits are below this is zero or subnormal. */
    public static final int MIN_NORMAL_BITS = 0x0080_0000;
    /** The sign bit of a float. */
    public static final int SIGN_BIT = 0x8000_0000;
    /** The magnitude bits of a float. */
    public static final int MAGNITUDE_BITS = 0x7fff_ffff;

    private Subnormals() {
    }

    /**
     * x, or a zero of x's sign when x is subnormal; NaN and infinities pass unchanged.
     *
     * @param x any float
     * @return x with a subnormal value replaced by ±0
     */
    public static float flush(float x) {
        int bits = Float.floatToRawIntBits(x);
        return (bits & MAGNITUDE_BITS) < MIN_NORMAL_BITS ? Float.intBitsToFloat(bits & SIGN_BIT) : x;
    }
}
