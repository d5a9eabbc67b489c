package io.github.meprop.nn;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Random-k, the paper's ablation baseline: each example keeps k distinct entries drawn uniformly
 * (Floyd's sampling) from the run's generator, whatever their gradient. Cost O(k + width) per
 * example.
 *
 * @param k entries kept per example: a count or a fraction of the width
 */
public record RandomKSelector(KSpec k) implements Selector {
    private static final ThreadLocal<boolean[][]> MARKS = ThreadLocal.withInitial(() -> new boolean[1][0]);

    /** Requires k. */
    public RandomKSelector {
        Objects.requireNonNull(k, "k");
    }

    /**
     * Random-k with a count.
     *
     * @param k entries kept per example, ≥ 1
     * @return the selector
     * @throws IllegalArgumentException if k is below 1
     */
    public static RandomKSelector of(int k) {
        return new RandomKSelector(KSpec.of(k));
    }

    /** For {@link Selectors}: setting k (default 20). */
    static Selector create(Options o) {
        RandomKSelector s = new RandomKSelector(o.k("k", KSpec.of(20)));
        o.requireAllUsed("selector randomk");
        return s;
    }

    /**
     * Per example, Floyd's algorithm marks k distinct positions (one draw {@code nextInt(j + 1)} for
     * each j in width−k .. width−1), then a scan writes them in ascending order. With k equal to the
     * width the draws are still made (so the generator's stream does not depend on k) and every
     * entry is kept.
     */
    @Override
    public void select(float[] g, int rows, int width, Selection out, SplittableRandom random) {
        int kk = k.resolve(width);
        boolean[][] holder = MARKS.get();
        if (holder[0].length < width) {
            holder[0] = new boolean[width];
        }
        boolean[] m = holder[0];
        int[] sel = out.perRowFixed(rows, width, kk);
        for (int r = 0; r < rows; r++) {
            for (int j = width - kk; j < width; j++) {
                int t = random.nextInt(j + 1);
                if (m[t]) {
                    m[j] = true;
                } else {
                    m[t] = true;
                }
            }
            int o = r * kk;
            for (int j = 0; j < width; j++) {
                if (m[j]) {
                    m[j] = false;
                    sel[o++] = j;
                }
            }
        }
        if (kk == width) {
            out.selectAll(rows, width);
        }
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
        return "randomk";
    }

    @Override
    public String settings() {
        return k.toString();
    }

    @Override
    public String toString() {
        return "randomk:" + k;
    }
}
