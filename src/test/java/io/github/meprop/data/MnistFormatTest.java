package io.github.meprop.data;

import static io.github.meprop.data.IdxFiles.gzip;
import static io.github.meprop.data.IdxFiles.images;
import static io.github.meprop.data.IdxFiles.labels;
import static io.github.meprop.data.IdxFiles.pixels;
import static io.github.meprop.data.IdxFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MnistFormatTest {

    private static final int ROWS = 3;
    private static final int COLS = 2;
    private static final int WIDTH = ROWS * COLS;
    private static final int[] TRAIN_LABELS = {5, 0, 4, 1, 9, 2, 1, 3};
    private static final int[] TEST_LABELS = {7, 2, 1};
    private static final byte[] TRAIN_PIXELS = pixels(TRAIN_LABELS.length, WIDTH, 7);
    private static final byte[] TEST_PIXELS = pixels(TEST_LABELS.length, WIDTH, 100);

    @TempDir
    Path root;

    /** A directory {@code name} with the four files, gzipped or not. */
    private Path dataSet(String name, boolean gzipped) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        put(dir, MnistFormat.TRAIN_IMAGES, images(TRAIN_LABELS.length, ROWS, COLS, TRAIN_PIXELS), gzipped);
        put(dir, MnistFormat.TRAIN_LABELS, labels(TRAIN_LABELS), gzipped);
        put(dir, MnistFormat.TEST_IMAGES, images(TEST_LABELS.length, ROWS, COLS, TEST_PIXELS), gzipped);
        put(dir, MnistFormat.TEST_LABELS, labels(TEST_LABELS), gzipped);
        return dir;
    }

    private static void put(Path dir, String name, byte[] content, boolean gzipped) throws IOException {
        Files.deleteIfExists(dir.resolve(name));
        Files.deleteIfExists(dir.resolve(name + ".gz"));
        write(dir.resolve(gzipped ? name + ".gz" : name), gzipped ? gzip(content) : content);
    }

    private static float[] scaled(byte[] pixels, int fromImage, int toImage) {
        float[] out = new float[(toImage - fromImage) * WIDTH];
        for (int i = 0; i < out.length; i++) {
            out[i] = (pixels[fromImage * WIDTH + i] & 0xFF) / 255f;
        }
        return out;
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void splitsTrainIntoTrainAndDev(boolean gzipped) throws IOException {
        Splits s = MnistFormat.load(dataSet("tiny", gzipped), 3);

        assertEquals("tiny/train", s.train().name());
        assertEquals(5, s.train().size());
        assertEquals(WIDTH, s.train().width());
        assertEquals(10, s.train().classes());
        assertArrayEquals(Arrays.copyOfRange(TRAIN_LABELS, 0, 5), s.train().y());
        assertArrayEquals(scaled(TRAIN_PIXELS, 0, 5), s.train().x());

        assertEquals("tiny/dev", s.dev().name());
        assertEquals(3, s.dev().size());
        assertArrayEquals(Arrays.copyOfRange(TRAIN_LABELS, 5, 8), s.dev().y());
        assertArrayEquals(scaled(TRAIN_PIXELS, 5, 8), s.dev().x());

        assertEquals("tiny/test", s.test().name());
        assertEquals(3, s.test().size());
        assertArrayEquals(TEST_LABELS, s.test().y());
        assertArrayEquals(scaled(TEST_PIXELS, 0, 3), s.test().x());
    }

    @Test
    void devSizeZeroKeepsAllTrainingImages() throws IOException {
        Splits s = MnistFormat.load(dataSet("tiny", false), 0);
        assertEquals(8, s.train().size());
        assertEquals(0, s.dev().size());
        assertEquals(0, s.dev().x().length);
        assertArrayEquals(TRAIN_LABELS, s.train().y());
    }

    @Test
    void rejectsDevSizeThatLeavesNoTrainingImage() throws IOException {
        Path dir = dataSet("tiny", false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MnistFormat.load(dir, 8));
        assertTrue(e.getMessage().contains("devSize 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MnistFormat.load(dir, -1));
        assertEquals(7, MnistFormat.load(dir, 7).dev().size());
    }

    @Test
    void defaultDevSizeIsFiveThousand() throws IOException {
        assertEquals(5_000, MnistFormat.DEFAULT_DEV_SIZE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MnistFormat.load(dataSet("tiny", false)));
        assertTrue(e.getMessage().contains("devSize 5000"), e.getMessage());
    }

    @Test
    void plainFileWinsOverGzip() throws IOException {
        Path dir = dataSet("both", true);
        int[] other = {1, 1, 1, 1, 1, 1, 1, 1};
        write(dir.resolve(MnistFormat.TRAIN_LABELS), labels(other));
        assertEquals(dir.resolve(MnistFormat.TRAIN_LABELS), MnistFormat.locate(dir, MnistFormat.TRAIN_LABELS));
        assertEquals(dir.resolve(MnistFormat.TEST_LABELS + ".gz"), MnistFormat.locate(dir, MnistFormat.TEST_LABELS));
        assertArrayEquals(Arrays.copyOf(other, 6), MnistFormat.load(dir, 2).train().y());
    }

    @Test
    void missingFileNamesBothCandidates() throws IOException {
        Path dir = dataSet("tiny", false);
        Files.delete(dir.resolve(MnistFormat.TEST_LABELS));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> MnistFormat.load(dir, 1));
        assertTrue(e.getMessage().contains(dir.resolve(MnistFormat.TEST_LABELS).toString()), e.getMessage());
        assertTrue(e.getMessage().contains(MnistFormat.TEST_LABELS + ".gz"), e.getMessage());
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void rejectsImageLabelCountMismatch(boolean gzipped) throws IOException {
        Path dir = dataSet("tiny", gzipped);
        put(dir, MnistFormat.TRAIN_LABELS, labels(Arrays.copyOf(TRAIN_LABELS, 7)), gzipped);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistFormat.load(dir, 1));
        Path images = MnistFormat.locate(dir, MnistFormat.TRAIN_IMAGES);
        assertEquals(images, e.file());
        assertTrue(e.getMessage().contains("8 images, but"), e.getMessage());
        assertTrue(e.getMessage().contains(MnistFormat.locate(dir, MnistFormat.TRAIN_LABELS) + " has 7 labels"),
                e.getMessage());

        Path dir2 = dataSet("tiny2", gzipped);
        put(dir2, MnistFormat.TEST_IMAGES, images(4, ROWS, COLS, pixels(4, WIDTH, 0)), gzipped);
        e = assertThrows(IdxFormatException.class, () -> MnistFormat.load(dir2, 1));
        assertTrue(e.getMessage().contains("4 images, but"), e.getMessage());
    }

    @Test
    void rejectsTestImagesOfAnotherShape() throws IOException {
        Path dir = dataSet("tiny", false);
        put(dir, MnistFormat.TEST_IMAGES, images(3, COLS, ROWS, TEST_PIXELS), false);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistFormat.load(dir, 1));
        assertTrue(e.getMessage().contains("images are 2 × 3 but the training images"), e.getMessage());
    }

    @Test
    void rejectsLabelOutsideZeroToNine() throws IOException {
        Path dir = dataSet("tiny", false);
        put(dir, MnistFormat.TEST_LABELS, labels(7, 10, 1), false);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistFormat.load(dir, 1));
        assertEquals(dir.resolve(MnistFormat.TEST_LABELS), e.file());
        assertTrue(e.getMessage().contains("label 10 of item 1 is outside 0..9"), e.getMessage());
    }
}
