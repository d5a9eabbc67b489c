package io.github.meprop.data;

import java.util.List;
import java.util.Objects;

/**
 * What {@link CsvReader} read: the data set and the names of its features and classes.
 *
 * @param dataset      the examples: every column but the label column, as floats, and the labels
 * @param featureNames the header's names of the feature columns, in order; empty without a header
 * @param classNames   class k's name is {@code classNames.get(k)}; for integer labels the numbers
 *                     {@code "0" .. "C-1"}
 */
public record CsvTable(Dataset dataset, List<String> featureNames, List<String> classNames) {

    /** Copies the lists (unmodifiable). */
    public CsvTable {
        Objects.requireNonNull(dataset, "dataset");
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
    }
}
