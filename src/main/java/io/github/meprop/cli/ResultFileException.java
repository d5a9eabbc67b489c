package io.github.meprop.cli;

import io.github.meprop.io.FileFormatException;
import java.nio.file.Path;

/** A {@code train --json} result file that {@code plot} cannot use: not JSON, or a field missing or malformed. */
final class ResultFileException extends FileFormatException {
    private static final long serialVersionUID = 1L;

    ResultFileException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
