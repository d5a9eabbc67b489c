package io.github.meprop.nn;

import java.util.SplittableRandom;

/**
 * Inverted dropout on the hidden activations during training: each unit of each example is kept
 * with probability 1 − p and scaled by 1/(1 − p), so its expected value is unchanged and
 * evaluation uses the model as it is (no dropout, no rescaling). The backward pass multiplies
 * ∂L/∂h by the same per-element factor s ∈ {0, 1/(1 − p)}.
 *
 * <p>With per-example top-k and Adam, dropout is what keeps training stable (see docs/training.md):
 * the reference's PyTorch code trains per-example meProp with dropout 0.1.
 *
 * <p>Cost: 16 random bits, a branch-free select and one multiply per element, O(batch·width) per
 * hidden layer and step: 58.9 µs for 100 × 500 elements against 226.7 µs with a branch per element
 * (JMH DropoutBench, docs/benchmarks.md). The draws are made serially in a fixed order, so a seed
 * gives the same masks whatever the number of threads.
 */
public final class Dropout {
    private static final int TWO_16 = 1 << 16;

    private final float rate;
    private final int keepScaleBits;
    private final int dropBelow;
    private final SplittableRandom random;

    /**
     * Dropout at the given rate, with masks drawn from a generator seeded with {@code seed}.
     *
     * @param rate probability p of dropping a unit, 0 ≤ p &lt; 1
     * @param seed seed of the masks
     */
    public Dropout(float rate, long seed) {
        this.rate = checkRate(rate);
        this.keepScaleBits = Float.floatToRawIntBits(1f / (1f - rate));
        this.dropBelow = (int) (rate * TWO_16);
        this.random = new SplittableRandom(seed);
    }

    /**
     * Checks that a dropout rate is in [0, 1) and returns it.
     *
     * @param rate the rate to check
     * @return {@code rate}
     * @throws InvalidSettingException (setting "dropout") if the rate is outside [0, 1)
     */
    public static float checkRate(float rate) {
        InvalidSettingException.check(rate >= 0f && rate < 1f, "dropout", "rate must be in [0, 1)", rate);
        return rate;
    }

    /**
     * The probability p of dropping a unit.
     *
     * @return the rate p, in [0, 1)
     */
    public float rate() {
        return rate;
    }

    /**
     * Draws a new mask over {@code n} elements and applies it: {@code out[i] = h[i]·s[i]}, with
     * {@code s[i] = 0} (probability p) or {@code 1/(1 − p)}; the factors are written to scale for
     * {@link #backward}. Each element takes 16 bits of a 64-bit draw (p is applied at a resolution
     * of 2⁻¹⁶), and the choice is made without a branch (a data-dependent branch per element made
     * the pass 3.85× slower, DropoutBench).
     *
     * @param h the activations, n entries read
     * @param out receives the masked activations, n entries (may be {@code h})
     * @param scale receives the factor of each element (0 or 1/(1 − p)), n entries
     * @param n number of elements, ≥ 0
     * @throws IndexOutOfBoundsException if an array is shorter than n
     */
    public void apply(float[] h, float[] out, float[] scale, int n) {
        checkLength("h", h, n);
        checkLength("out", out, n);
        checkLength("scale", scale, n);
        int i = 0;
        for (; i + 3 < n; i += 4) {
            long bits = random.nextLong();
            put(h, out, scale, i, (int) bits & 0xFFFF);
            put(h, out, scale, i + 1, (int) (bits >>> 16) & 0xFFFF);
            put(h, out, scale, i + 2, (int) (bits >>> 32) & 0xFFFF);
            put(h, out, scale, i + 3, (int) (bits >>> 48));
        }
        if (i < n) {
            long bits = random.nextLong();
            for (int shift = 0; i < n; i++, shift += 16) {
                put(h, out, scale, i, (int) (bits >>> shift) & 0xFFFF);
            }
        }
    }

    /** u uniform in [0, 2¹⁶): dropped when u &lt; dropBelow; the sign of u − dropBelow selects the factor. */
    private void put(float[] h, float[] out, float[] scale, int i, int u) {
        int keepMask = ~((u - dropBelow) >> 31);
        float s = Float.intBitsToFloat(keepScaleBits & keepMask);
        scale[i] = s;
        out[i] = h[i] * s;
    }

    /**
     * Backward of {@link #apply}: {@code g[i] ·= scale[i]}, in place.
     *
     * @param g the gradient, scaled in place, n entries
     * @param scale the factors written by {@link #apply}, n entries
     * @param n number of elements, ≥ 0
     * @throws IndexOutOfBoundsException if an array is shorter than n
     */
    public static void backward(float[] g, float[] scale, int n) {
        checkLength("g", g, n);
        checkLength("scale", scale, n);
        for (int i = 0; i < n; i++) {
            g[i] *= scale[i];
        }
    }

    private static void checkLength(String name, float[] a, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, was " + n);
        }
        if (a.length < n) {
            throw new IndexOutOfBoundsException(name + " has length " + a.length + ", needs at least " + n);
        }
    }

    @Override
    public String toString() {
        return "Dropout[p=" + rate + "]";
    }
}
