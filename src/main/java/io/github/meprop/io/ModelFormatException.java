package io.github.meprop.io;

import java.nio.file.Path;

/**
 * A model file that is not a valid safetensors file of F32 tensors: truncated, a corrupt header
 * (length, UTF-8, JSON, structure), an unsupported dtype, offsets that do not match the shapes or
 * the file, or duplicate names; or, as a {@link NonFiniteValueException}, a NaN or infinite
 * value where finite ones are required. The message starts with the file's path and then states
 * the problem.
 */
public class ModelFormatException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(Path file, String problem) {
        this(file, problem, null);
    }

    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
