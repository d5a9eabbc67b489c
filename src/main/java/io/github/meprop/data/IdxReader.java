package io.github.meprop.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST file format), uncompressed or gzip-compressed (detected from the
 * first two bytes, {@code 1f 8b}).
 *
 * <p>Format: big-endian; a 4-byte magic number whose third byte is the element type
 * ({@code 0x08}, unsigned byte) and whose fourth is the number of dimensions; then one
 * {@code int32} per dimension; then the elements, row-major. Images use magic
 * {@link #IMAGES_MAGIC} (3 dimensions: count, rows, cols), labels {@link #LABELS_MAGIC}
 * (1 dimension: count).
 *
 * <p>Every problem is an {@link IdxFormatException} naming the file: a wrong magic number, a
 * negative dimension, a file shorter or longer than its dimensions say, a label outside the class
 * range, or a gzip stream that does not decompress. Reading streams the file once; memory is the
 * size of the data.
 */
public final class IdxReader {

    /** Magic number of an image file: unsigned bytes, 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of a label file: unsigned bytes, 1 dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    /** Largest element count a Java array can hold here. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int BUFFER_SIZE = 1 << 16;

    private IdxReader() {
    }

    /**
     * Reads an image file: magic {@code 0x00000803}, dimensions count × rows × cols.
     *
     * @param file the file, uncompressed or gzip
     * @return the images
     * @throws IdxFormatException naming the file if it is not a valid image file
     * @throws IOException        if the file cannot be read
     */
    public static IdxImages readImages(Path file) throws IOException {
        int[] dims = new int[3];
        byte[] pixels = read(file, IMAGES_MAGIC, "an image file", dims);
        return new IdxImages(dims[0], dims[1], dims[2], pixels);
    }

    /**
     * Reads a label file (magic {@code 0x00000801}, one dimension) whose labels must lie in
     * {@code 0 .. classes - 1}.
     *
     * @param file    the file, uncompressed or gzip
     * @param classes the number of classes, 1..256
     * @return the labels
     * @throws IdxFormatException naming the file if it is not a valid label file or a label is out
     *                            of range
     * @throws IOException        if the file cannot be read
     */
    public static int[] readLabels(Path file, int classes) throws IOException {
        if (classes < 1 || classes > 256) {
            throw new IllegalArgumentException("classes must be in 1..256 for unsigned-byte labels, got " + classes);
        }
        byte[] raw = read(file, LABELS_MAGIC, "a label file", new int[1]);
        int[] labels = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            int label = raw[i] & 0xFF;
            if (label >= classes) {
                throw new IdxFormatException(file, "label " + label + " of item " + i + " is outside 0.."
                        + (classes - 1));
            }
            labels[i] = label;
        }
        return labels;
    }

    /**
     * Reads the file's header, checks the magic number, fills {@code dims} (whose length is the
     * expected number of dimensions) and returns the data bytes, checking that the file holds
     * exactly as many as the dimensions say.
     */
    private static byte[] read(Path file, int expectedMagic, String kind, int[] dims) throws IOException {
        boolean gzip = false;
        try (InputStream raw = Files.newInputStream(file)) {
            BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER_SIZE);
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            gzip = b0 == 0x1F && b1 == 0x8B;
            InputStream in = gzip ? new GZIPInputStream(buffered, BUFFER_SIZE) : buffered;
            String where = gzip ? " (after gzip decompression)" : "";

            int headerBytes = 4 + 4 * dims.length;
            byte[] magicBytes = in.readNBytes(4);
            if (magicBytes.length < 4) {
                throw new IdxFormatException(file, "truncated header: " + magicBytes.length + " bytes" + where
                        + ", an IDX file starts with a 4-byte magic number");
            }
            int magic = bigEndianInt(magicBytes, 0);
            if (magic != expectedMagic) {
                throw new IdxFormatException(file, String.format(
                        "wrong magic number 0x%08X, expected 0x%08X for %s (unsigned bytes, %d dimension%s)",
                        magic, expectedMagic, kind, dims.length, dims.length == 1 ? "" : "s"));
            }
            byte[] dimBytes = in.readNBytes(4 * dims.length);
            if (dimBytes.length < 4 * dims.length) {
                throw new IdxFormatException(file, "truncated header: " + (4 + dimBytes.length) + " bytes" + where
                        + ", expected " + headerBytes + " (magic and " + dims.length + " dimension"
                        + (dims.length == 1 ? "" : "s") + ")");
            }
            long elements = 1;
            for (int d = 0; d < dims.length; d++) {
                dims[d] = bigEndianInt(dimBytes, 4 * d);
                if (dims[d] < 0) {
                    throw new IdxFormatException(file, "dimension " + d + " is negative (" + dims[d] + ")");
                }
                elements *= dims[d];
                if (elements > MAX_ELEMENTS) {
                    throw new IdxFormatException(file, "dimensions " + describe(dims, d + 1)
                            + " hold more than " + MAX_ELEMENTS + " bytes, too many to load");
                }
            }
            byte[] data = new byte[(int) elements];
            int got = in.readNBytes(data, 0, data.length);
            if (got < elements) {
                throw new IdxFormatException(file, "truncated: dimensions " + describe(dims, dims.length) + " need "
                        + elements + " data bytes after the " + headerBytes + "-byte header, but the file"
                        + where + " has only " + got);
            }
            long trailing = in.transferTo(OutputStream.nullOutputStream());
            if (trailing > 0) {
                throw new IdxFormatException(file, trailing + " trailing byte" + (trailing == 1 ? "" : "s")
                        + where + " after the " + elements + " data bytes that dimensions "
                        + describe(dims, dims.length) + " declare");
            }
            return data;
        } catch (ZipException | EOFException e) {
            if (gzip) {
                throw new IdxFormatException(file, "unreadable gzip data: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static int bigEndianInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private static String describe(int[] dims, int count) {
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < count; d++) {
            if (d > 0) {
                s.append(" × ");
            }
            s.append(dims[d]);
        }
        return s.toString();
    }
}
