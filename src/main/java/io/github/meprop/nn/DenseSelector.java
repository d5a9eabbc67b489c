package io.github.meprop.nn;

import java.util.SplittableRandom;

/** Keeps every entry: ordinary back propagation (the output layer always uses it). */
public final class DenseSelector implements Selector {
    /** The one instance. */
    public static final DenseSelector INSTANCE = new DenseSelector();

    private DenseSelector() {}

    /** For {@link Selectors}: takes no settings. */
    static Selector create(Options o) {
        o.requireAllUsed("selector dense");
        return INSTANCE;
    }

    @Override
    public void select(float[] g, int rows, int width, Selection out, SplittableRandom random) {
        out.selectAll(rows, width);
    }

    @Override
    public boolean sparse() {
        return false;
    }

    @Override
    public double expectedRate(int width) {
        return 1;
    }

    @Override
    public String name() {
        return "dense";
    }

    @Override
    public String settings() {
        return "";
    }

    @Override
    public String toString() {
        return "dense";
    }
}
