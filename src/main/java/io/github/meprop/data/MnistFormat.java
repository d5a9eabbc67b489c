package io.github.meprop.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Loads a data set stored as the four standard MNIST IDX files (MNIST itself, Fashion-MNIST and
 * any other set in the same layout) from one directory:
 * {@value #TRAIN_IMAGES}, {@value #TRAIN_LABELS}, {@value #TEST_IMAGES}, {@value #TEST_LABELS},
 * each either uncompressed or with a {@code .gz} suffix (the uncompressed file wins when both
 * exist).
 *
 * <p>Pixels are scaled to [0, 1] ({@code b / 255}); each image is one row of
 * {@code rows × cols} floats. The last {@code devSize} training images (5,000 by default) form
 * the dev split, the ones before them the train split; the test files form the test split.
 * Labels must lie in {@code 0 .. 9}.
 */
public final class MnistFormat {

    /** File name of the training images. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    /** File name of the training labels. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    /** File name of the test images. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** File name of the test labels. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** Classes of MNIST and Fashion-MNIST. */
    public static final int CLASSES = 10;
    /** Training images held out as the dev split unless told otherwise. */
    public static final int DEFAULT_DEV_SIZE = 5_000;

    private MnistFormat() {
    }

    /**
     * {@link #load(Path, int)} with the default dev size of {@value #DEFAULT_DEV_SIZE}.
     *
     * @param dir the folder holding the four files
     * @return train, dev and test
     * @throws IOException as {@link #load(Path, int)}
     */
    public static Splits load(Path dir) throws IOException {
        return load(dir, DEFAULT_DEV_SIZE);
    }

    /**
     * Loads the four files of {@code dir}. The splits are named {@code <dir name>/train},
     * {@code /dev} and {@code /test}.
     *
     * @param dir     the folder holding the four files
     * @param devSize training images (taken from the end) to hold out as the dev split; 0 for an
     *                empty dev split; must leave at least one training image
     * @return train, dev and test
     * @throws NoSuchFileException if one of the four files is missing (in both forms)
     * @throws IdxFormatException if a file is malformed, a label is outside 0..9, or images and
     *                            labels do not pair up
     * @throws IOException        if a file cannot be read
     */
    public static Splits load(Path dir, int devSize) throws IOException {
        if (devSize < 0) {
            throw new IllegalArgumentException("devSize must be >= 0, got " + devSize);
        }
        Path trainImagesFile = locate(dir, TRAIN_IMAGES);
        Path trainLabelsFile = locate(dir, TRAIN_LABELS);
        Path testImagesFile = locate(dir, TEST_IMAGES);
        Path testLabelsFile = locate(dir, TEST_LABELS);

        IdxImages trainImages = IdxReader.readImages(trainImagesFile);
        int[] trainLabels = IdxReader.readLabels(trainLabelsFile, CLASSES);
        checkPairs(trainImagesFile, trainImages, trainLabelsFile, trainLabels);
        IdxImages testImages = IdxReader.readImages(testImagesFile);
        int[] testLabels = IdxReader.readLabels(testLabelsFile, CLASSES);
        checkPairs(testImagesFile, testImages, testLabelsFile, testLabels);
        if (testImages.rows() != trainImages.rows() || testImages.cols() != trainImages.cols()) {
            throw new IdxFormatException(testImagesFile, "images are " + testImages.rows() + " × " + testImages.cols()
                    + " but the training images in " + trainImagesFile + " are " + trainImages.rows() + " × "
                    + trainImages.cols());
        }
        int total = trainImages.count();
        if (devSize >= total) {
            throw new IllegalArgumentException("devSize " + devSize + " must leave at least one training image: "
                    + trainImagesFile + " has " + total);
        }

        String name = dir.getFileName() != null ? dir.getFileName().toString() : dir.toString();
        int width = trainImages.pixelsPerImage();
        int trainSize = total - devSize;
        Dataset train = new Dataset(name + "/train", trainImages.scaledPixels(0, trainSize),
                Arrays.copyOfRange(trainLabels, 0, trainSize), trainSize, width, CLASSES);
        Dataset dev = new Dataset(name + "/dev", trainImages.scaledPixels(trainSize, total),
                Arrays.copyOfRange(trainLabels, trainSize, total), devSize, width, CLASSES);
        Dataset test = new Dataset(name + "/test", testImages.scaledPixels(0, testImages.count()), testLabels,
                testImages.count(), width, CLASSES);
        return new Splits(train, dev, test);
    }

    /**
     * The file {@code baseName} in {@code dir}, or {@code baseName.gz} when only that exists.
     *
     * @param dir      the folder
     * @param baseName the file name without {@code .gz}
     * @return the file that exists
     * @throws NoSuchFileException naming both candidates when neither exists
     */
    public static Path locate(Path dir, String baseName) throws NoSuchFileException {
        Path plain = dir.resolve(baseName);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gzip = dir.resolve(baseName + ".gz");
        if (Files.isRegularFile(gzip)) {
            return gzip;
        }
        throw new NoSuchFileException(plain.toString(), null, "no such file, nor " + gzip.getFileName()
                + " (bin/fetch-data downloads MNIST and Fashion-MNIST)");
    }

    private static void checkPairs(Path imagesFile, IdxImages images, Path labelsFile, int[] labels)
            throws IdxFormatException {
        if (images.count() != labels.length) {
            throw new IdxFormatException(imagesFile, images.count() + " images, but " + labelsFile + " has "
                    + labels.length + " labels");
        }
    }
}
