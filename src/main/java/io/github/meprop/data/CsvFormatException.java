package io.github.meprop.data;

import io.github.meprop.io.FileFormatException;
import java.nio.file.Path;

/**
 * A CSV file (or stream) that cannot be read as a data set: a row with the wrong number of
 * fields, a feature that is not a finite number, an unknown label, an unterminated quote, a
 * missing label column. The message starts with the file's path, then the line (1-based) and,
 * where it applies, the column (1-based, with its header name).
 */
public final class CsvFormatException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /** The line, 1-based, or 0 when the problem is not one line's. */
    private final long line;

    /**
     * A problem in a CSV file.
     *
     * @param file    the file
     * @param line    the line (1-based), or 0 when the problem is not one line's
     * @param problem what is wrong, including the line and column
     */
    public CsvFormatException(Path file, long line, String problem) {
        super(file, problem, null);
        this.line = line;
    }

    /**
     * A problem in CSV read from a stream.
     *
     * @param source  the stream's name, as the message starts
     * @param line    the line (1-based), or 0 when the problem is not one line's
     * @param problem what is wrong, including the line and column
     */
    public CsvFormatException(String source, long line, String problem) {
        super(source, problem, null);
        this.line = line;
    }

    /**
     * The line of the problem.
     *
     * @return the line number (1-based), or 0 when the problem is not one line's
     */
    public long line() {
        return line;
    }
}
