package io.github.meprop.io.json;

/**
 * Text that is not strict JSON (RFC 8259). The message gives the position of the problem as a
 * 0-based character offset and as a 1-based line and column.
 */
public final class JsonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** 0-based character offset of the problem. */
    private final int position;
    /** 1-based line of the problem. */
    private final int line;
    /** 1-based column of the problem. */
    private final int column;

    JsonException(String problem, int position, int line, int column) {
        super("JSON error at position " + position + " (line " + line + ", column " + column + "): " + problem);
        this.position = position;
        this.line = line;
        this.column = column;
    }

    /**
     * Where the problem is.
     *
     * @return the 0-based character offset of the problem in the parsed text
     */
    public int position() {
        return position;
    }

    /**
     * The line of the problem.
     *
     * @return its 1-based line
     */
    public int line() {
        return line;
    }

    /**
     * The column of the problem.
     *
     * @return its 1-based column, in characters
     */
    public int column() {
        return column;
    }
}
