package io.github.meprop.nn;

import io.github.meprop.kernels.internal.UncheckedTopK;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Unified top-k (the paper's GPU method): one set S of k positions for the whole mini-batch, the k
 * largest column sums {@code Σ_b |g[b, j]|}. The backward is then two small dense products,
 * {@code dX = G[:, S]·W[S, :]} and {@code dW[S, :] = G[:, S]ᵀ·X}. With k equal to the width every entry
 * is kept. Cost of the selection: one pass over g plus a top-k of the width.
 *
 * @param k positions kept for the batch: a count or a fraction of the width
 */
public record UnifiedSelector(KSpec k) implements Selector {

    /** Requires k. */
    public UnifiedSelector {
        Objects.requireNonNull(k, "k");
    }

    /**
     * Unified top-k with a count.
     *
     * @param k positions kept for the batch, ≥ 1
     * @return the selector
     * @throws IllegalArgumentException if k is below 1
     */
    public static UnifiedSelector of(int k) {
        return new UnifiedSelector(KSpec.of(k));
    }

    /** For {@link Selectors}: setting k (default 20). */
    static Selector create(Options o) {
        UnifiedSelector s = new UnifiedSelector(o.k("k", KSpec.of(20)));
        o.requireAllUsed("selector unified");
        return s;
    }

    @Override
    public void select(float[] g, int rows, int width, Selection out, SplittableRandom random) {
        int kk = k.resolve(width);
        if (kk == width) {
            out.selectAll(rows, width);
            return;
        }
        UncheckedTopK.selectUnified(g, rows, width, kk, out.shared(rows, width, kk));
    }

    @Override
    public void validate(int layer, int width) {
        k.validate(layer, width);
    }

    @Override
    public double expectedRate(int width) {
        return k.resolve(width) / (double) width;
    }

    @Override
    public String name() {
        return "unified";
    }

    @Override
    public String settings() {
        return k.toString();
    }

    @Override
    public String toString() {
        return "unified:" + k;
    }
}
