package io.github.meprop.data;

import static io.github.meprop.data.IdxFiles.gzip;
import static io.github.meprop.data.IdxFiles.idx;
import static io.github.meprop.data.IdxFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.testing.Allocation;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headers that lie about the size, and files that are not files: typed errors, little memory. */
class IdxReaderFaultsTest {
    /** A reader may allocate this much beyond the input it holds (buffers, exception). */
    private static final long SLACK = 8L << 20;

    @TempDir
    Path dir;

    @Test
    void aHugeClaimInASmallFileIsRejectedBeforeAllocating() throws IOException {
        // 1 MB of data claiming 2,000,000,000 images of 1 × 1.
        Path f = write(dir.resolve("claims-2e9"), idx(IdxReader.IMAGES_MAGIC, new int[] {2_000_000_000, 1, 1},
                new byte[1 << 20]));
        Allocation.Result r = Allocation.measure(() -> IdxReader.readImages(f));
        IdxFormatException e = assertInstanceOf(IdxFormatException.class, r.thrown());
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("2000000000 data bytes")
                && e.getMessage().contains("has only 1048576"), e.getMessage());
        assertTrue(r.bytes() < SLACK, "allocated " + r.bytes() + " bytes");

        Path labels = write(dir.resolve("labels-2e9"), idx(IdxReader.LABELS_MAGIC, new int[] {2_000_000_000},
                new byte[1000]));
        r = Allocation.measure(() -> IdxReader.readLabels(labels, 10));
        assertInstanceOf(IdxFormatException.class, r.thrown());
        assertTrue(r.bytes() < SLACK, "allocated " + r.bytes() + " bytes");
    }

    @Test
    void aHugeClaimInAGzipFileAllocatesOnlyWhatDecompresses() throws IOException {
        // 2 MB of zeros compress to about 2 KB; the header claims 2e9 bytes.
        byte[] content = idx(IdxReader.IMAGES_MAGIC, new int[] {2_000_000_000, 1, 1}, new byte[2 << 20]);
        Path f = write(dir.resolve("claims-2e9.gz"), gzip(content));
        Allocation.Result r = Allocation.measure(() -> IdxReader.readImages(f));
        IdxFormatException e = assertInstanceOf(IdxFormatException.class, r.thrown());
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("has only 2097152"),
                e.getMessage());
        // Buffers double up to the 2 MB present: about 2 + 4 MB of arrays, nowhere near 2 GB.
        assertTrue(r.bytes() < 4 * (2 << 20) + SLACK, "allocated " + r.bytes() + " bytes");

        byte[] labels = idx(IdxReader.LABELS_MAGIC, new int[] {2_000_000_000}, new byte[100_000]);
        Path g = write(dir.resolve("labels-2e9.gz"), gzip(labels));
        r = Allocation.measure(() -> IdxReader.readLabels(g, 10));
        assertInstanceOf(IdxFormatException.class, r.thrown());
        assertTrue(r.bytes() < SLACK, "allocated " + r.bytes() + " bytes");
    }

    @Test
    void aGzipStreamWithManyTrailingBytesIsRejectedWithoutHoldingThem() throws IOException {
        byte[] content = new byte[20 + (32 << 20)];
        System.arraycopy(idx(IdxReader.IMAGES_MAGIC, new int[] {1, 2, 2}, new byte[4]), 0, content, 0, 20);
        Path f = write(dir.resolve("trailing.gz"), gzip(content));
        Allocation.Result r = Allocation.measure(() -> IdxReader.readImages(f));
        IdxFormatException e = assertInstanceOf(IdxFormatException.class, r.thrown());
        assertTrue(e.getMessage().contains((32 << 20) + " trailing bytes (after gzip decompression)"), e.getMessage());
        assertTrue(r.bytes() < SLACK, "allocated " + r.bytes() + " bytes");
    }

    @Test
    void aDirectoryOrAMissingFileIsNamedWithTheReason() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("a-folder"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> IdxReader.readImages(folder));
        assertEquals(folder + ": is a directory", e.getMessage());

        Path missing = dir.resolve("absent");
        NoSuchFileException n = assertThrows(NoSuchFileException.class, () -> IdxReader.readLabels(missing, 10));
        assertEquals(missing + ": no such file", n.getMessage());
    }
}
