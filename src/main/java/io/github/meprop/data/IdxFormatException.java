package io.github.meprop.data;

import io.github.meprop.io.FileFormatException;
import java.nio.file.Path;

/**
 * An IDX file that cannot be read as what it should be: wrong magic number, a header whose
 * dimensions do not match the file's length (truncated or trailing bytes), a label outside the
 * class range, images and labels that do not pair up, or a gzip stream that does not decompress.
 * The message starts with the file's path and then states the problem.
 */
public final class IdxFormatException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * A problem in an IDX file.
     *
     * @param file    the file
     * @param problem what is wrong with it
     */
    public IdxFormatException(Path file, String problem) {
        this(file, problem, null);
    }

    /**
     * A problem in an IDX file, caused by another exception.
     *
     * @param file    the file
     * @param problem what is wrong with it
     * @param cause   the underlying error
     */
    public IdxFormatException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
