package io.github.meprop.io.json;

/**
 * Text that is not strict JSON (RFC 8259). The message gives the position of the problem as a
 * 0-based character offset and as a 1-based line and column.
 */
public final class JsonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;
    private final int line;
    private final int column;

    JsonException(String problem, int position, int line, int column) {
        super("JSON error at position " + position + " (line " + line + ", column " + column + "): " + problem);
        this.position = position;
        this.line = line;
        this.column = column;
    }

    /** 0-based character offset of the problem in the parsed text. */
    public int position() {
        return position;
    }

    /** 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** 1-based column (in characters) of the problem. */
    public int column() {
        return column;
    }
}
