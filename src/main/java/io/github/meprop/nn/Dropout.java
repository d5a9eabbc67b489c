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
 * <p>Cost: one 32-bit draw, one compare and one multiply per element, O(batch·width) per hidden
 * layer and step. The draws are made serially in a fixed order, so a seed gives the same masks
 * whatever the number of threads.
 */
public final class Dropout {
    private static final double TWO_32 = 4294967296.0;

    private final float rate;
    private final float keepScale;
    private final long dropBelow;
    private final SplittableRandom random;

    /**
     * @param rate probability p of dropping a unit, 0 ≤ p &lt; 1
     * @param seed seed of the masks
     */
    public Dropout(float rate, long seed) {
        this.rate = checkRate(rate);
        this.keepScale = 1f / (1f - rate);
        this.dropBelow = (long) (rate * TWO_32);
        this.random = new SplittableRandom(seed);
    }

    /** Checks that a dropout rate is in [0, 1) and returns it. */
    public static float checkRate(float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), was " + rate);
        }
        return rate;
    }

    /** The probability p of dropping a unit. */
    public float rate() {
        return rate;
    }

    /**
     * Draws a new mask over {@code n} elements and applies it: {@code out[i] = h[i]·s[i]}, with
     * {@code s[i] = 0} (probability p) or {@code 1/(1 − p)}; the factors are written to scale for
     * {@link #backward}.
     */
    public void apply(float[] h, float[] out, float[] scale, int n) {
        int i = 0;
        for (; i + 1 < n; i += 2) {
            long bits = random.nextLong();
            scale[i] = factor(bits & 0xFFFF_FFFFL);
            scale[i + 1] = factor(bits >>> 32);
            out[i] = h[i] * scale[i];
            out[i + 1] = h[i + 1] * scale[i + 1];
        }
        if (i < n) {
            scale[i] = factor(random.nextLong() >>> 32);
            out[i] = h[i] * scale[i];
        }
    }

    private float factor(long uniform32) {
        return uniform32 < dropBelow ? 0f : keepScale;
    }

    /** Backward of {@link #apply}: {@code g[i] ·= scale[i]}, in place. */
    public static void backward(float[] g, float[] scale, int n) {
        for (int i = 0; i < n; i++) {
            g[i] *= scale[i];
        }
    }

    @Override
    public String toString() {
        return "Dropout[p=" + rate + "]";
    }
}
