package io.github.meprop.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that cannot be read as the format it should have. The message starts with the file's
 * path and then states the problem; both are also available separately. Subclasses name the
 * format ({@link ModelFormatException}, {@code data.IdxFormatException}).
 */
public abstract class FileFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    protected FileFormatException(Path file, String problem, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + Objects.requireNonNull(problem, "problem"), cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file that was being read. */
    public Path file() {
        return file;
    }

    /** What is wrong with it, without the file name. */
    public String problem() {
        return problem;
    }
}
