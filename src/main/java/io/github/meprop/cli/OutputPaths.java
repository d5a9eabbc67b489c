package io.github.meprop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output files of the commands (--save, --json, --out): their folders are created before the
 * work starts, so that a missing folder is not discovered only after a long training run.
 */
final class OutputPaths {
    private OutputPaths() {}

    /** Creates the parent folders of each non-null path; fails when a path names a folder. */
    static void prepare(Path... files) throws IOException {
        for (Path f : files) {
            if (f == null) {
                continue;
            }
            Path abs = f.toAbsolutePath();
            if (Files.isDirectory(abs)) {
                throw new IOException(f + " is a folder, not a file");
            }
            Path dir = abs.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
        }
    }
}
