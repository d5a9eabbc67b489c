package io.github.meprop.io.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old file or the complete new one: the content goes
 * to a temporary file beside the target ({@code .NAME.tmp-PID-RANDOM}), is forced to disk, and is
 * renamed over the target atomically. On any failure the temporary file is deleted, the target is
 * left as it was, and the exception names the target (see {@link FileErrors#naming}).
 *
 * <p>A process killed in the middle of a save cannot delete its temporary file, so every save
 * first deletes the temporary files of earlier saves of the same target whose process is gone
 * (the PID in the name tells). Internal: this package is not exported by the module.
 */
public final class AtomicFile {
    /** Longest part of the target's name kept in the temporary name (file names are limited to 255 bytes). */
    private static final int NAME_KEPT = 160;
    private static final long PID = ProcessHandle.current().pid();
    /** Temporary files this JVM is writing right now (never treated as stale). */
    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

    private AtomicFile() {}

    /** Writes the content of the temporary file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel out) throws IOException;
    }

    /** A step run on the complete, synced temporary file just before the rename (tests inject failures here). */
    @FunctionalInterface
    public interface BeforeRename {
        void run(Path temp) throws IOException;
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                out.write(b);
            }
        });
    }

    /** Writes {@code content} to {@code target} atomically. */
    public static void write(Path target, Content content) throws IOException {
        write(target, content, temp -> {
        });
    }

    /**
     * Writes {@code content} to {@code target} atomically, running {@code beforeRename} on the
     * finished temporary file.
     *
     * @throws IOException whose message starts with {@code target}: its folder does not exist or
     *                     is not writable, {@code target} is a directory, or writing failed
     */
    public static void write(Path target, Content content, BeforeRename beforeRename) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null) {
            throw new FileSystemException(target.toString(), null, "not a file path");
        }
        if (Files.isDirectory(abs)) {
            throw new FileSystemException(target.toString(), null, "is a directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString(), null, Files.exists(dir)
                    ? dir + " is not a directory" : "no such directory " + dir);
        }
        deleteStaleTemporaries(dir, abs.getFileName().toString());
        Path temp = dir.resolve(prefix(abs.getFileName().toString()) + PID + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        IN_PROGRESS.add(temp);
        boolean created = false;
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                created = true;
                content.writeTo(out);
                out.force(true);
            }
            beforeRename.run(temp);
            Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            created = false;
            syncDirectory(dir);
        } catch (IOException e) {
            deleteQuietly(created ? temp : null, e);
            throw FileErrors.naming(target, e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(created ? temp : null, e);
            throw e;
        } finally {
            IN_PROGRESS.remove(temp);
        }
    }

    /** The start of the temporary names of {@code fileName}: {@code .NAME.tmp-} (a PID, a dash and a tag follow). */
    public static String prefix(String fileName) {
        String kept = fileName.length() > NAME_KEPT ? fileName.substring(0, NAME_KEPT) : fileName;
        return "." + kept + ".tmp-";
    }

    /**
     * Deletes {@code dir/.NAME.tmp-PID-RANDOM} files left by saves of {@code fileName} whose process
     * no longer runs (or by this process, outside a save in progress). Best effort: a file that
     * cannot be listed or deleted is left alone.
     */
    static void deleteStaleTemporaries(Path dir, String fileName) {
        String prefix = prefix(fileName);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : entries) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                if (dash <= 0 || IN_PROGRESS.contains(p)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(rest.substring(0, dash));
                } catch (NumberFormatException notOurs) {
                    continue;
                }
                if (pid == PID || !alive(pid)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // Leftovers are an annoyance, not a reason to fail the save.
        }
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        return h.isPresent() && h.get().isAlive();
    }

    /** Makes the rename durable; not every platform can open a directory, which is then skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // The file itself is on disk; only the directory entry's durability is not forced.
        }
    }

    private static void deleteQuietly(Path temp, Throwable failure) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
