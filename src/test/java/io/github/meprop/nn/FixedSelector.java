package io.github.meprop.nn;

import java.util.SplittableRandom;

/** Test helper: a selector that always makes the selection it was given (whatever g is). */
final class FixedSelector implements Selector {
    private final Selection fixed;

    FixedSelector(Selection fixed) {
        this.fixed = fixed;
    }

    /** A sparsifier for layer 0 that makes this selection. */
    static Sparsifier sparsifier(Selection s) {
        return new Sparsifier(0, new FixedSelector(s), null, new SplittableRandom(0));
    }

    @Override
    public void select(float[] g, int rows, int width, Selection out, SplittableRandom random) {
        switch (fixed.form()) {
            case ALL -> out.selectAll(rows, width);
            case SHARED -> System.arraycopy(fixed.index(), 0, out.shared(rows, width, fixed.sharedCount()), 0,
                    fixed.sharedCount());
            case PER_ROW -> {
                int[] idx = out.perRow(rows, width, fixed.selected());
                System.arraycopy(fixed.offsets(), 0, out.offsets(), 0, rows + 1);
                System.arraycopy(fixed.index(), 0, idx, 0, (int) fixed.selected());
            }
        }
    }

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public String settings() {
        return "";
    }
}
