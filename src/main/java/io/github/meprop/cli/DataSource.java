package io.github.meprop.cli;

import io.github.meprop.data.MnistFormat;
import io.github.meprop.data.Splits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Resolves {@code --data}: the names {@code mnist} and {@code fashion} mean the folders of that
 * name under the data directory ({@code $MEPROP_DATA}, else {@code ./data}), which
 * {@code bin/fetch-data} fills; anything else is a directory holding the four MNIST-format files.
 */
final class DataSource {
    private DataSource() {}

    /** The folder {@code --data} names. */
    static Path resolve(String data) {
        if (data.equals("mnist") || data.equals("fashion")) {
            String root = System.getenv("MEPROP_DATA");
            return Path.of(root == null || root.isBlank() ? "data" : root).resolve(data);
        }
        return Path.of(data);
    }

    /**
     * Loads train / dev / test, with a message saying how to fetch a named set that is missing;
     * a {@code --dev} the data set cannot satisfy is a usage error naming {@code --dev}.
     */
    static Splits load(CommandSpec spec, String data, int devSize) throws IOException {
        Path dir = resolve(data);
        if (!Files.isDirectory(dir)) {
            String hint = data.equals("mnist") || data.equals("fashion")
                    ? " (run bin/fetch-data " + data + ", or use bin/meprop, which fetches it)"
                    : "";
            throw new NoSuchFileException(dir.toString(), null, (Files.exists(dir) ? "not a directory" : "no such directory")
                    + " for --data " + data + hint);
        }
        try {
            return MnistFormat.load(dir, devSize);
        } catch (IllegalArgumentException e) {
            // MnistFormat.load rejects only the dev size this way (negative, or leaving no training image).
            throw OptionCheck.usage(spec, "--dev", e.getMessage(), e);
        }
    }
}
