package io.github.meprop.cli;

import io.github.meprop.io.files.AtomicFile;
import io.github.meprop.io.files.FileErrors;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output files of the commands (--save, --json, --out): checked before the work starts, so that
 * a missing or read-only folder is not discovered only after a long training run. Their folders
 * are created, and a file is created and deleted in each to prove it writable (permission bits
 * alone do not tell: root ignores them, a read-only mount does not show in them).
 */
final class OutputPaths {
    private OutputPaths() {}

    /**
     * Prepares each non-null path.
     *
     * @throws IOException whose message starts with the path: it is a directory, its folder
     *                     cannot be created, or no file can be created there
     */
    static void prepare(Path... files) throws IOException {
        for (Path f : files) {
            if (f != null) {
                prepare(f);
            }
        }
    }

    private static void prepare(Path f) throws IOException {
        Path abs = f.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new FileSystemException(f.toString(), null, "is a directory");
        }
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null) {
            throw new FileSystemException(f.toString(), null, "not a file path");
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new FileSystemException(f.toString(), null, "cannot create folder " + e.getFile()
                    + ": a file of that name exists");
        } catch (IOException e) {
            throw new FileSystemException(f.toString(), null, "cannot create folder " + dir + ": " + FileErrors.reason(e));
        }
        // Named like AtomicFile's temporary files, so that a leftover is cleaned up by the next save.
        Path probe = dir.resolve(AtomicFile.prefix(abs.getFileName().toString()) + ProcessHandle.current().pid()
                + "-probe");
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw new FileSystemException(f.toString(), null, FileErrors.reason(e) + " (cannot create files in " + dir
                    + ")");
        }
    }
}
