package io.github.meprop.io;

import java.nio.file.Path;

/**
 * A model file (or model stream) that is not a valid safetensors file of F32 tensors: truncated,
 * a corrupt header (length, UTF-8, JSON, structure), an unsupported dtype, offsets that do not
 * match the shapes or the file, or duplicate names; or, for {@code nn.ModelFile}, tensors and
 * metadata that do not describe a meprop model; or, as a {@link NonFiniteValueException}, a NaN or
 * infinite value where finite ones are required. The message starts with the file's path (or the
 * stream's name) and then states the problem.
 */
public class ModelFormatException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * An error in a model file.
     *
     * @param file    the file
     * @param problem what is wrong with it
     */
    public ModelFormatException(Path file, String problem) {
        this(file, problem, null);
    }

    /**
     * An error in a model file, caused by another exception.
     *
     * @param file    the file
     * @param problem what is wrong with it
     * @param cause   the underlying error, or null
     */
    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }

    /**
     * An error in a model read from a stream.
     *
     * @param source  the stream's name, as the message starts
     * @param problem what is wrong with it
     * @param cause   the underlying error, or null
     */
    public ModelFormatException(String source, String problem, Throwable cause) {
        super(source, problem, cause);
    }
}
