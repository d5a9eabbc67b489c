package io.github.meprop.nn;

import io.github.meprop.kernels.Parallelism;
import io.github.meprop.kernels.TopK;
import io.github.meprop.kernels.internal.UncheckedTopK;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Per-example top-k (the paper's CPU method): each row of g keeps its k entries with the largest
 * |g|, signs kept (ties go to the lower position, NaN ranks first: {@link TopK}). With k equal to
 * the width every entry is kept and the dense backward runs. Cost of the selection: about one pass
 * over the row plus O(k) (a SIMD quickselect, docs/topk.md).
 *
 * @param k entries kept per example: a count or a fraction of the width
 */
public record TopKSelector(KSpec k) implements Selector {

    /** Requires k. */
    public TopKSelector {
        Objects.requireNonNull(k, "k");
    }

    /**
     * Top-k with a count.
     *
     * @param k entries kept per example, ≥ 1
     * @return the selector
     * @throws IllegalArgumentException if k is below 1
     */
    public static TopKSelector of(int k) {
        return new TopKSelector(KSpec.of(k));
    }

    /** For {@link Selectors}: setting k (default 20). */
    static Selector create(Options o) {
        TopKSelector s = new TopKSelector(o.k("k", KSpec.of(20)));
        o.requireAllUsed("selector topk");
        return s;
    }

    @Override
    public void select(float[] g, int rows, int width, Selection out, SplittableRandom random) {
        int kk = k.resolve(width);
        if (kk == width) {
            out.selectAll(rows, width);
            return;
        }
        UncheckedTopK.selectRows(g, rows, width, kk, out.perRowFixed(rows, width, kk));
    }

    /** The same selection, with the rows split over {@code par}'s threads. */
    @Override
    public void select(Parallelism par, float[] g, int rows, int width, Selection out, SplittableRandom random) {
        int kk = k.resolve(width);
        if (kk == width) {
            out.selectAll(rows, width);
            return;
        }
        UncheckedTopK.selectRows(par, g, rows, width, kk, out.perRowFixed(rows, width, kk));
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
        return "topk";
    }

    @Override
    public String settings() {
        return k.toString();
    }

    @Override
    public String toString() {
        return "topk:" + k;
    }
}
