package io.github.meprop.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An IDX file that cannot be read as what it should be: wrong magic number, a header whose
 * dimensions do not match the file's length (truncated or trailing bytes), a label outside the
 * class range, images and labels that do not pair up, or a gzip stream that does not decompress.
 * The message starts with the file's path and then states the problem.
 */
public final class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public IdxFormatException(Path file, String problem) {
        this(file, problem, null);
    }

    public IdxFormatException(Path file, String problem, Throwable cause) {
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
