package io.github.meprop.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.testing.Allocation;
import io.github.meprop.testing.Mutations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Damaged IDX files, raw and gzip: reading one either succeeds or throws an
 * {@link IdxFormatException}, never anything else, in bounded time and with memory in proportion
 * to the file (not to what its header claims).
 */
class IdxFuzzTest {
    private static final byte[] IMAGES = IdxFiles.images(3, 4, 5, IdxFiles.pixels(3, 20, 7));
    private static final byte[] LABELS = IdxFiles.labels(3, 1, 4, 1, 5, 9, 2, 6);
    /** Largest expansion of deflate (about 1032:1), rounded up. */
    private static final long DEFLATE_EXPANSION = 1100;
    private static final long SLACK = 4L << 20;

    private interface Reader {
        void read(Path file) throws IOException;
    }

    private static void assertTypedAndBounded(byte[] content, boolean gzipped, Reader reader) throws IOException {
        Path f = Files.createTempFile("idx-fuzz", gzipped ? ".gz" : "");
        try {
            Files.write(f, content);
            long t0 = System.nanoTime();
            Allocation.Result r = Allocation.measure(() -> reader.read(f));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(r.thrown() == null || r.thrown() instanceof IdxFormatException,
                    () -> "unexpected " + r.thrown() + " for " + content.length + " bytes");
            long expanded = gzipped ? DEFLATE_EXPANSION * content.length : content.length;
            // Data bytes, then ints for labels: at most 8 bytes allocated per byte the file can hold.
            assertTrue(r.bytes() <= 8 * expanded + SLACK, () -> "allocated " + r.bytes() + " bytes for a "
                    + content.length + "-byte file");
            assertTrue(millis < 2000, () -> "took " + millis + " ms");
        } finally {
            Files.delete(f);
        }
    }

    @Property(tries = 300)
    void damagedImageFiles(@ForAll long seed) throws IOException {
        assertTypedAndBounded(Mutations.mutate(IMAGES, seed, 16, 4, true), false, IdxReader::readImages);
    }

    @Property(tries = 300)
    void damagedLabelFiles(@ForAll long seed) throws IOException {
        assertTypedAndBounded(Mutations.mutate(LABELS, seed, 8, 4, true), false, f -> IdxReader.readLabels(f, 10));
    }

    @Property(tries = 300)
    void damagedGzipStreams(@ForAll long seed) throws IOException {
        byte[] gz = IdxFiles.gzip(IMAGES);
        assertTypedAndBounded(Mutations.mutate(gz, seed, 10, 4, false), true, IdxReader::readImages);
    }

    @Property(tries = 300)
    void intactGzipOfDamagedContent(@ForAll long seed) throws IOException {
        byte[] gz = IdxFiles.gzip(Mutations.mutate(IMAGES, seed, 16, 4, true));
        assertTypedAndBounded(gz, true, IdxReader::readImages);
        byte[] labels = IdxFiles.gzip(Mutations.mutate(LABELS, seed, 8, 4, true));
        assertTypedAndBounded(labels, true, f -> IdxReader.readLabels(f, 10));
    }
}
