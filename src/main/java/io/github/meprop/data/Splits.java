package io.github.meprop.data;

import java.util.Objects;

/**
 * The three splits of a data set: {@code train} to fit on, {@code dev} to choose settings and
 * stop early on (possibly empty), {@code test} to report once. All three have the same example
 * width and number of classes.
 */
public record Splits(Dataset train, Dataset dev, Dataset test) {

    public Splits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(test, "test");
        for (Dataset other : new Dataset[] {dev, test}) {
            if (other.width() != train.width() || other.classes() != train.classes()) {
                throw new IllegalArgumentException("split " + other.name() + " has width " + other.width()
                        + " and " + other.classes() + " classes, but " + train.name() + " has width "
                        + train.width() + " and " + train.classes() + " classes");
            }
        }
    }
}
