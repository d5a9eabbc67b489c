package io.github.meprop.data;

import io.github.meprop.io.FileFormatException;
import io.github.meprop.io.files.FileErrors;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 * size of the data, never what the header claims: the claim is checked against the file's size
 * before anything is allocated, and for gzip input the buffer grows as data arrives, up to the
 * claim. Other I/O failures name the file and the reason (no such file, is a directory,
 * permission denied).
 */
public final class IdxReader {

    /** Magic number of an image file: unsigned bytes, 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of a label file: unsigned bytes, 1 dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    /** Largest element count a Java array can hold here. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int BUFFER_SIZE = 1 << 16;
    /** First size of the data buffer; it doubles as data arrives (gzip input, whose size is unknown). */
    private static final int INITIAL_BUFFER = 1 << 20;
    /** Trailing bytes after the data are counted up to this many (a gzip stream may expand hugely). */
    private static final long MAX_TRAILING_COUNTED = 1L << 26;

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
     * exactly as many as the dimensions say. Other I/O failures are rethrown naming the file and
     * the reason ({@link FileErrors}).
     */
    private static byte[] read(Path file, int expectedMagic, String kind, int[] dims) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory");
        }
        try {
            return readChecked(file, expectedMagic, kind, dims);
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException e) {
            throw FileErrors.naming(file, e);
        }
    }

    private static byte[] readChecked(Path file, int expectedMagic, String kind, int[] dims) throws IOException {
        boolean gzip = false;
        try (InputStream raw = Files.newInputStream(file)) {
            long fileSize = Files.size(file);
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
            String declared = "dimensions " + describe(dims, dims.length) + " need " + elements
                    + " data bytes after the " + headerBytes + "-byte header";
            if (!gzip) {
                // The file's size decides before anything is allocated.
                long present = fileSize - headerBytes;
                if (present < elements) {
                    throw new IdxFormatException(file, "truncated: " + declared + ", but the file has only " + present);
                }
                if (present > elements) {
                    long trailing = present - elements;
                    throw new IdxFormatException(file, trailing + " trailing byte" + (trailing == 1 ? "" : "s")
                            + " after the " + elements + " data bytes that dimensions " + describe(dims, dims.length)
                            + " declare");
                }
            }
            byte[] data = readUpTo(in, (int) elements);
            if (data.length < elements) {
                throw new IdxFormatException(file, "truncated: " + declared + ", but the file" + where
                        + " has only " + data.length);
            }
            if (in.read() >= 0) {
                long trailing = 1 + countRest(in);
                throw new IdxFormatException(file, (trailing > MAX_TRAILING_COUNTED ? "more than " + MAX_TRAILING_COUNTED
                        : trailing) + " trailing byte" + (trailing == 1 ? "" : "s") + where + " after the " + elements
                        + " data bytes that dimensions " + describe(dims, dims.length) + " declare");
            }
            return data;
        } catch (EOFException e) {
            if (gzip) {
                throw new IdxFormatException(file, "truncated gzip data: the compressed stream ends before its end"
                        + " marker (an incomplete download?)", e);
            }
            throw e;
        } catch (ZipException e) {
            if (gzip) {
                throw new IdxFormatException(file, "not valid gzip data: "
                        + (e.getMessage() == null ? "corrupt compressed stream" : e.getMessage()), e);
            }
            throw e;
        }
    }

    /**
     * Up to {@code limit} bytes of {@code in}: the buffer starts small and doubles as data
     * arrives, so a header that claims more than the stream holds costs only what is there.
     */
    private static byte[] readUpTo(InputStream in, int limit) throws IOException {
        byte[] buf = new byte[Math.min(limit, INITIAL_BUFFER)];
        int filled = 0;
        while (true) {
            int n = in.readNBytes(buf, filled, buf.length - filled);
            filled += n;
            if (filled < buf.length || filled == limit) {
                return filled == buf.length ? buf : Arrays.copyOf(buf, filled);
            }
            buf = Arrays.copyOf(buf, (int) Math.min(limit, 2L * buf.length));
        }
    }

    /** Bytes left in {@code in}, counted up to just past {@link #MAX_TRAILING_COUNTED}. */
    private static long countRest(InputStream in) throws IOException {
        byte[] sink = new byte[BUFFER_SIZE];
        long counted = 0;
        int n;
        while (counted < MAX_TRAILING_COUNTED && (n = in.read(sink)) >= 0) {
            counted += n;
        }
        return counted;
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
