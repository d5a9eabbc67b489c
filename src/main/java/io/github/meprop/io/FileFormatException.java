package io.github.meprop.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Input that cannot be read as the format it should have: a file, or a stream read through one
 * of the stream methods. The message starts with the file's path (or the stream's name) and then
 * states the problem; both are also available separately. Subclasses name the format
 * ({@link ModelFormatException}, {@code data.IdxFormatException}, {@code data.CsvFormatException}).
 */
public abstract class FileFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The file, or null when the input was a stream. */
    private final transient Path file;
    /** The file's path or the stream's name, as the message starts. */
    private final String source;
    /** What is wrong, without the source. */
    private final String problem;

    /**
     * An error in a file.
     *
     * @param file    the file being read
     * @param problem what is wrong with it
     * @param cause   the underlying error, or null
     */
    protected FileFormatException(Path file, String problem, Throwable cause) {
        this(Objects.requireNonNull(file, "file"), file.toString(), problem, cause);
    }

    /**
     * An error in input that is not a file (a stream).
     *
     * @param source  a name for the input, used in the message (e.g. "model stream")
     * @param problem what is wrong with it
     * @param cause   the underlying error, or null
     */
    protected FileFormatException(String source, String problem, Throwable cause) {
        this(null, Objects.requireNonNull(source, "source"), problem, cause);
    }

    private FileFormatException(Path file, String source, String problem, Throwable cause) {
        super(source + ": " + Objects.requireNonNull(problem, "problem"), cause);
        this.file = file;
        this.source = source;
        this.problem = problem;
    }

    /**
     * The file that was being read.
     *
     * @return the file, or null when the input was a stream
     */
    public Path file() {
        return file;
    }

    /**
     * The input as the message names it.
     *
     * @return the file's path as a string, or the stream's name
     */
    public String source() {
        return source;
    }

    /**
     * What is wrong, without the file name.
     *
     * @return the problem
     */
    public String problem() {
        return problem;
    }
}
