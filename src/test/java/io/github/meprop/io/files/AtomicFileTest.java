package io.github.meprop.io.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The PID of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void temporaryFilesAreNamedAfterTheTargetAndRemovedWhenTheirProcessIsGone() throws Exception {
        long dead = deadPid();
        long alive = ProcessHandle.current().parent().orElseThrow().pid();
        Path target = dir.resolve("model.safetensors");
        Files.writeString(dir.resolve(".model.safetensors.tmp-" + dead + "-0badf00d"), "half a save");
        Files.writeString(dir.resolve(".model.safetensors.tmp-" + alive + "-12345678"), "a save in progress");
        Files.writeString(dir.resolve(".other.safetensors.tmp-" + dead + "-0badf00d"), "another target's");
        Files.writeString(dir.resolve(".model.safetensors.tmp-notapid"), "not ours");

        Path[] seen = new Path[1];
        AtomicFile.write(target, out -> out.write(java.nio.ByteBuffer.wrap("new".getBytes(StandardCharsets.UTF_8))),
                temp -> seen[0] = temp);
        assertEquals("new", Files.readString(target));
        String tempName = seen[0].getFileName().toString();
        assertTrue(tempName.startsWith(".model.safetensors.tmp-" + ProcessHandle.current().pid() + "-"), tempName);
        assertEquals(List.of(".model.safetensors.tmp-" + alive + "-12345678", ".model.safetensors.tmp-notapid",
                ".other.safetensors.tmp-" + dead + "-0badf00d", "model.safetensors"), names());
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndNamesTheTarget() throws IOException {
        Path target = dir.resolve("r.json");
        Files.writeString(target, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write(java.nio.ByteBuffer.wrap(new byte[100]));
            throw new IOException("File too large");
        }));
        assertEquals(target + ": file too large or disk full", e.getMessage());
        assertInstanceOf(FileSystemException.class, e);
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("r.json"), names(), "the temporary file is gone");
    }

    @Test
    void aMissingFolderOrADirectoryTargetIsReportedBeforeWriting() throws IOException {
        Path inMissing = dir.resolve("missing/r.json");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> AtomicFile.write(inMissing, new byte[1]));
        assertEquals(inMissing + ": no such directory " + dir.resolve("missing"), e.getMessage());

        Path plain = Files.writeString(dir.resolve("plain"), "x");
        Path underFile = plain.resolve("r.json");
        e = assertThrows(NoSuchFileException.class, () -> AtomicFile.write(underFile, new byte[1]));
        assertEquals(underFile + ": " + plain + " is not a directory", e.getMessage());

        Path folder = Files.createDirectory(dir.resolve("folder"));
        FileSystemException f = assertThrows(FileSystemException.class, () -> AtomicFile.write(folder, new byte[1]));
        assertEquals(folder + ": is a directory", f.getMessage());
        assertEquals(List.of("folder", "plain"), names());
    }

    @Test
    void writesBytesExactly() throws IOException {
        byte[] b = new byte[200_000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31);
        }
        Path target = dir.resolve("bytes.bin");
        AtomicFile.write(target, b);
        assertArrayEquals(b, Files.readAllBytes(target));
        assertFalse(names().stream().anyMatch(n -> n.contains(".tmp-")));
    }

    @Test
    void veryLongNamesStillGetATemporaryFile() throws IOException {
        String name = "m".repeat(240) + ".st";
        AtomicFile.write(dir.resolve(name), new byte[] {1});
        assertEquals(List.of(name), names());
    }
}
