package io.github.meprop.data;

import static io.github.meprop.data.IdxFiles.gzip;
import static io.github.meprop.data.IdxFiles.idx;
import static io.github.meprop.data.IdxFiles.images;
import static io.github.meprop.data.IdxFiles.labels;
import static io.github.meprop.data.IdxFiles.pixels;
import static io.github.meprop.data.IdxFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {

    @TempDir
    Path dir;

    private Path file(String name, byte[] content, boolean gzipped) throws IOException {
        return write(dir.resolve(gzipped ? name + ".gz" : name), gzipped ? gzip(content) : content);
    }

    private static void assertProblem(IdxFormatException e, Path file, String... fragments) {
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + e.getMessage());
        }
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void imagesRoundTrip(boolean gzipped) throws IOException {
        byte[] pixels = pixels(5, 4 * 3, 11);
        Path f = file("img", images(5, 4, 3, pixels), gzipped);
        IdxImages read = IdxReader.readImages(f);
        assertEquals(5, read.count());
        assertEquals(4, read.rows());
        assertEquals(3, read.cols());
        assertArrayEquals(pixels, read.pixels());

        float[] scaled = read.scaledPixels(1, 4);
        assertEquals(3 * 12, scaled.length);
        for (int i = 0; i < scaled.length; i++) {
            assertEquals((pixels[12 + i] & 0xFF) / 255f, scaled[i]);
            assertTrue(scaled[i] >= 0f && scaled[i] <= 1f);
        }
    }

    @Test
    void scaledPixelsMapsExtremesExactly() throws IOException {
        Path f = file("img", images(1, 1, 3, new byte[] {0, (byte) 255, (byte) 128}), false);
        assertArrayEquals(new float[] {0f, 1f, 128f / 255f}, IdxReader.readImages(f).scaledPixels(0, 1));
    }

    @Test
    void emptyImageSetIsValid() throws IOException {
        Path f = file("img", images(0, 28, 28, new byte[0]), false);
        IdxImages read = IdxReader.readImages(f);
        assertEquals(0, read.count());
        assertEquals(784, read.pixelsPerImage());
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void labelsRoundTrip(boolean gzipped) throws IOException {
        int[] labels = {5, 0, 4, 1, 9, 2, 1, 3, 1, 4, 3, 5, 3, 6, 1, 7, 2, 8, 6, 9};
        Path f = file("lab", labels(labels), gzipped);
        assertArrayEquals(labels, IdxReader.readLabels(f, 10));
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void rejectsLabelOutsideClasses(boolean gzipped) throws IOException {
        Path f = file("lab", labels(3, 9, 10, 1), gzipped);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(f, 10));
        assertProblem(e, f, "label 10 of item 2", "outside 0..9");

        Path g = file("lab255", labels(255), gzipped);
        assertProblem(assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(g, 10)), g, "label 255");
    }

    @Test
    void rejectsBadClassCount() {
        assertThrows(IllegalArgumentException.class, () -> IdxReader.readLabels(dir.resolve("x"), 0));
        assertThrows(IllegalArgumentException.class, () -> IdxReader.readLabels(dir.resolve("x"), 257));
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void rejectsWrongMagic(boolean gzipped) throws IOException {
        Path labelFile = file("lab", labels(1, 2, 3), gzipped);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(labelFile));
        assertProblem(e, labelFile, "wrong magic number 0x00000801", "expected 0x00000803");

        Path imageFile = file("img", images(1, 2, 2, new byte[4]), gzipped);
        e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(imageFile, 10));
        assertProblem(e, imageFile, "wrong magic number 0x00000803", "expected 0x00000801");

        // Little-endian magic, as a writer that forgot the byte order would produce.
        Path swapped = file("swapped", idx(0x03080000, new int[] {1, 1, 1}, new byte[1]), gzipped);
        e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(swapped));
        assertProblem(e, swapped, "0x03080000");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void rejectsTruncatedData(boolean gzipped) throws IOException {
        byte[] full = images(3, 2, 2, pixels(3, 4, 0));
        Path f = file("img", Arrays.copyOf(full, full.length - 1), gzipped);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(f));
        assertProblem(e, f, "truncated", "3 × 2 × 2", "need 12 data bytes", "only 11");

        Path g = file("lab", Arrays.copyOf(labels(1, 2, 3), 8 + 1), gzipped);
        e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(g, 10));
        assertProblem(e, g, "truncated", "need 3 data bytes", "only 1");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void rejectsTrailingBytes(boolean gzipped) throws IOException {
        byte[] full = images(3, 2, 2, pixels(3, 4, 0));
        Path f = file("img", Arrays.copyOf(full, full.length + 2), gzipped);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(f));
        assertProblem(e, f, "2 trailing bytes", "12 data bytes", "3 × 2 × 2");

        Path g = file("lab", Arrays.copyOf(labels(1, 2, 3), 8 + 3 + 1), gzipped);
        e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(g, 10));
        assertProblem(e, g, "1 trailing byte ");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void rejectsTruncatedHeader(boolean gzipped) throws IOException {
        Path empty = file("empty", new byte[0], gzipped);
        assertProblem(assertThrows(IdxFormatException.class, () -> IdxReader.readImages(empty)), empty,
                "truncated header: 0 bytes");

        byte[] header = images(1, 28, 28, new byte[784]);
        Path partial = file("partial", Arrays.copyOf(header, 10), gzipped);
        assertProblem(assertThrows(IdxFormatException.class, () -> IdxReader.readImages(partial)), partial,
                "truncated header: 10 bytes", "expected 16");
    }

    @Test
    void rejectsNegativeAndOversizedDimensions() throws IOException {
        Path negative = file("neg", idx(IdxReader.IMAGES_MAGIC, new int[] {2, -1, 3}, new byte[0]), false);
        assertProblem(assertThrows(IdxFormatException.class, () -> IdxReader.readImages(negative)), negative,
                "dimension 1 is negative (-1)");

        Path huge = file("huge", idx(IdxReader.IMAGES_MAGIC, new int[] {1 << 20, 1 << 10, 1 << 10}, new byte[0]),
                false);
        assertProblem(assertThrows(IdxFormatException.class, () -> IdxReader.readImages(huge)), huge,
                "too many to load");
    }

    @Test
    void rejectsUnreadableGzip() throws IOException {
        byte[] compressed = gzip(images(4, 8, 8, pixels(4, 64, 3)));

        // A gzip magic followed by garbage.
        byte[] garbage = compressed.clone();
        Arrays.fill(garbage, 2, garbage.length, (byte) 0x5A);
        Path bad = write(dir.resolve("garbage.gz"), garbage);
        assertProblem(assertThrows(IdxFormatException.class, () -> IdxReader.readImages(bad)), bad,
                "not valid gzip data: ");

        // A gzip stream cut in the middle.
        Path cut = write(dir.resolve("cut.gz"), Arrays.copyOf(compressed, compressed.length / 2));
        assertProblem(assertThrows(IdxFormatException.class, () -> IdxReader.readImages(cut)), cut,
                "truncated gzip data: the compressed stream ends");
        // Only the 8-byte trailer (CRC and length) missing.
        Path noTrailer = write(dir.resolve("no-trailer.gz"), Arrays.copyOf(compressed, compressed.length - 8));
        assertProblem(assertThrows(IdxFormatException.class, () -> IdxReader.readImages(noTrailer)), noTrailer,
                "truncated gzip data");

        // Corrupted deflate data in the middle.
        byte[] corrupt = compressed.clone();
        for (int i = 12; i < corrupt.length - 8; i++) {
            corrupt[i] ^= (byte) 0xA5;
        }
        Path flipped = write(dir.resolve("flipped.gz"), corrupt);
        assertProblem(assertThrows(IdxFormatException.class, () -> IdxReader.readImages(flipped)), flipped,
                "gzip data");
    }

    @Test
    void gzipIsDetectedByContentNotName() throws IOException {
        byte[] pixels = pixels(2, 4, 1);
        Path gzippedWithoutSuffix = write(dir.resolve("img"), gzip(images(2, 2, 2, pixels)));
        assertArrayEquals(pixels, IdxReader.readImages(gzippedWithoutSuffix).pixels());
        Path rawWithSuffix = write(dir.resolve("img2.gz"), images(2, 2, 2, pixels));
        assertArrayEquals(pixels, IdxReader.readImages(rawWithSuffix).pixels());
    }

    @Test
    void missingFileIsAnIOException() {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> IdxReader.readImages(dir.resolve("absent")));
    }
}
