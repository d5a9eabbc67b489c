package io.github.meprop.data;

/**
 * Data that cannot form a {@link Dataset}: rows of different lengths, a label outside the class
 * range, a value that is NaN or infinite, arrays whose sizes do not fit together. The message
 * names the example (row) and, where it applies, the feature (column), both 0-based; they are
 * also available as {@link #row()} and {@link #column()}.
 */
public final class DatasetException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The example, or -1. */
    private final int row;
    /** The feature, or -1. */
    private final int column;

    /**
     * A problem with the data.
     *
     * @param message the full message, naming the row and column
     * @param row     the example (0-based), or -1 when the problem is not one example's
     * @param column  the feature (0-based), or -1 when the problem is not one feature's
     */
    public DatasetException(String message, int row, int column) {
        super(message);
        this.row = row;
        this.column = column;
    }

    /**
     * The example the problem is in.
     *
     * @return its index (0-based), or -1 when the problem is not one example's
     */
    public int row() {
        return row;
    }

    /**
     * The feature the problem is in.
     *
     * @return its index (0-based), or -1 when the problem is not one feature's
     */
    public int column() {
        return column;
    }
}
