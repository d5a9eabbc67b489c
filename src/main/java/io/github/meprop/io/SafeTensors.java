package io.github.meprop.io;

import io.github.meprop.io.files.AtomicFile;
import io.github.meprop.io.files.FileErrors;
import io.github.meprop.io.json.Json;
import io.github.meprop.io.json.JsonException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes model files in the safetensors format, for F32 tensors.
 *
 * <h2>Format</h2>
 * <pre>
 *   8 bytes      N, the header length: unsigned 64-bit little-endian
 *   N bytes      header: UTF-8 JSON object, padded with spaces to a multiple of 8 bytes
 *                {"__metadata__": {"key": "value", ...},
 *                 "name": {"dtype": "F32", "shape": [d0, d1, ...], "data_offsets": [begin, end]}, ...}
 *   rest         data section: each tensor's values, row-major, little-endian IEEE 754 binary32,
 *                at [begin, end) relative to the start of the data section
 * </pre>
 * Tensors are contiguous and in order: the first begins at 0, each begins where the previous
 * ends, {@code end - begin = 4 × product(shape)}, and the last ends at the end of the file. The
 * {@code __metadata__} entry is optional and maps strings to strings. Files written here open
 * with the {@code safetensors} Python package and with a few lines of numpy (see
 * docs/model-files.md).
 *
 * <h2>Writing</h2>
 * {@link #write(Path, TensorBundle)} writes a temporary file in the target's directory, forces it
 * to disk, then renames it over the target atomically; on any failure it deletes the temporary file,
 * and the previous target (if any) is untouched ({@link AtomicFile}).
 * {@link #write(OutputStream, TensorBundle)} writes the same bytes to a stream. Bit patterns are
 * kept exactly (including -0.0, subnormals, infinities and NaN payloads).
 *
 * <h2>Reading</h2>
 * {@link #read} checks everything and reports any problem as a {@link ModelFormatException}
 * naming the file: header length against the file's length, UTF-8, JSON syntax, duplicate names,
 * the entries' structure, the dtype (only {@code F32}), the shapes, the offsets, and that the data
 * section is exactly as long as the tensors need. Nothing is allocated beyond what the file holds:
 * the header length and every tensor are checked against the file's size first. The tensors come
 * back in data-offset order. Other I/O failures name the file and the reason
 * ({@link FileErrors}). {@link #read(InputStream, String)} reads a stream to its end and applies
 * the same checks, naming the stream. Values are returned as stored, NaN and infinities included
 * ({@link FiniteValues} checks them).
 */
public final class SafeTensors {

    /** The header key that holds the string metadata. */
    public static final String METADATA_KEY = "__metadata__";
    /** The only dtype read and written here. */
    public static final String F32 = "F32";
    /** Longest header accepted, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final int LENGTH_BYTES = 8;
    private static final int HEADER_ALIGNMENT = 8;
    private static final int CHUNK_BYTES = 1 << 16;
    private static final Set<String> TENSOR_KEYS = Set.of("dtype", "shape", "data_offsets");

    private SafeTensors() {
    }

    // ------------------------------------------------------------------------------------------
    // Writing

    /**
     * Saves the bundle to {@code file}, replacing it atomically if it exists (see
     * {@link AtomicFile}: a temporary file beside it, forced to disk, then renamed; temporary files
     * of earlier interrupted saves of {@code file} are deleted).
     *
     * @param file   the file
     * @param bundle the tensors and metadata
     * @throws IOException whose message starts with {@code file} and states the reason (no such
     *                     directory, permission denied, is a directory, file too large or disk
     *                     full); the temporary file is deleted and any previous {@code file} is
     *                     left as it was
     */
    public static void write(Path file, TensorBundle bundle) throws IOException {
        write(file, bundle, temp -> {
        });
    }

    static void write(Path file, TensorBundle bundle, AtomicFile.BeforeRename beforeRename) throws IOException {
        byte[] header = header(bundle);
        AtomicFile.write(file, out -> writeContents(out, header, bundle), beforeRename);
    }

    /**
     * Writes the bundle to a stream, in the same bytes as {@link #write(Path, TensorBundle)} writes
     * to a file. The stream is flushed, not closed. Nothing is written if the bundle's header is
     * invalid; an I/O error may leave part of the bytes written.
     *
     * @param out    the stream to write to
     * @param bundle the tensors and metadata
     * @throws IOException if writing to the stream fails
     */
    public static void write(OutputStream out, TensorBundle bundle) throws IOException {
        Objects.requireNonNull(out, "out");
        byte[] header = header(bundle);
        writeContents(Channels.newChannel(out), header, bundle);
        out.flush();
    }

    /** Writes the length, the header and every tensor's data, little-endian, in chunks. */
    private static void writeContents(WritableByteChannel out, byte[] header, TensorBundle bundle)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length);
        int h = 0;
        while (h < header.length) {
            int n = Math.min(buf.remaining(), header.length - h);
            buf.put(header, h, n);
            h += n;
            if (!buf.hasRemaining()) {
                drain(buf, out);
            }
        }
        drain(buf, out);
        for (Tensor t : bundle.tensors()) {
            float[] data = t.data();
            int i = 0;
            while (i < data.length) {
                int n = Math.min(buf.remaining() / Float.BYTES, data.length - i);
                buf.asFloatBuffer().put(data, i, n);
                buf.position(buf.position() + n * Float.BYTES);
                i += n;
                if (buf.remaining() < Float.BYTES) {
                    drain(buf, out);
                }
            }
        }
        drain(buf, out);
    }

    /**
     * The header bytes for {@code bundle}: the JSON object (metadata first, then the tensors in
     * order with contiguous offsets) in UTF-8, padded with spaces to a multiple of 8 bytes.
     */
    static byte[] header(TensorBundle bundle) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (!bundle.metadata().isEmpty()) {
            json.put(METADATA_KEY, bundle.metadata());
        }
        long offset = 0;
        for (Tensor t : bundle.tensors()) {
            long end = offset + (long) Float.BYTES * t.data().length;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", F32);
            entry.put("shape", t.shape());
            entry.put("data_offsets", new long[] {offset, end});
            json.put(t.name(), entry);
            offset = end;
        }
        byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + HEADER_ALIGNMENT - 1) / HEADER_ALIGNMENT * HEADER_ALIGNMENT;
        if (padded > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header would be " + padded + " bytes, more than the "
                    + MAX_HEADER_BYTES + " readers accept");
        }
        byte[] header = Arrays.copyOf(text, padded);
        Arrays.fill(header, text.length, padded, (byte) ' ');
        return header;
    }

    private static void drain(ByteBuffer buf, WritableByteChannel out) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            out.write(buf);
        }
        buf.clear();
    }

    // ------------------------------------------------------------------------------------------
    // Reading

    /** One tensor's header entry, checked on its own. */
    private record Entry(String name, int[] shape, long begin, long end) {
    }

    /**
     * Loads a model file.
     *
     * @param file the file
     * @return its tensors (in data-offset order) and metadata
     * @throws ModelFormatException naming the file and the problem if it is not a valid
     *                              safetensors file of F32 tensors
     * @throws IOException          naming the file and the reason if it cannot be read (no such
     *                              file, permission denied, is a directory)
     */
    public static TensorBundle read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory");
        }
        try {
            return readChecked(file);
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException e) {
            throw FileErrors.naming(file, e);
        }
    }

    private static TensorBundle readChecked(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        return parse(new Source() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return channel.read(dst, position);
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        }, file);
    }

    /**
     * Loads a model from a stream, read to its end (memory: the stream's length, up to 2 GB). The
     * checks are those of {@link #read(Path)}. The stream is not closed.
     *
     * @param in     the stream
     * @param source a name for the stream in error messages (e.g. a resource name)
     * @return its tensors (in data-offset order) and metadata
     * @throws ModelFormatException naming {@code source} and the problem if the bytes are not a
     *                              valid safetensors file of F32 tensors
     * @throws IOException if reading the stream fails
     */
    public static TensorBundle read(InputStream in, String source) throws IOException {
        Objects.requireNonNull(source, "source");
        byte[] bytes = in.readAllBytes();
        try {
            return parse(new Source() {
                @Override
                public long size() {
                    return bytes.length;
                }

                @Override
                public int read(ByteBuffer dst, long position) {
                    if (position >= bytes.length) {
                        return -1;
                    }
                    int n = (int) Math.min(dst.remaining(), bytes.length - position);
                    dst.put(bytes, (int) position, n);
                    return n;
                }

                @Override
                public void close() {
                }
            }, STREAM);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(source, e.problem(), e.getCause());
        }
    }

    /** Random-access bytes to parse: a file channel, or a stream's bytes in memory. */
    private interface Source extends Closeable {
        long size() throws IOException;

        /** Reads into {@code dst} from {@code position}; -1 at the end (as {@link FileChannel#read(ByteBuffer, long)}). */
        int read(ByteBuffer dst, long position) throws IOException;
    }

    /** Stands for the stream in errors raised while parsing its bytes; replaced by the stream's name. */
    private static final Path STREAM = Path.of("stream");

    private static TensorBundle parse(Source source, Path file) throws IOException {
        try (Source in = source) {
            long size = in.size();
            if (size < LENGTH_BYTES) {
                throw new ModelFormatException(file, "truncated: the file has " + size
                        + " bytes, fewer than the 8-byte header length that starts a safetensors file");
            }
            ByteBuffer lengthBytes = readFully(in, 0, LENGTH_BYTES, file);
            long headerLength = lengthBytes.order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
                throw new ModelFormatException(file, "header length " + Long.toUnsignedString(headerLength)
                        + " is beyond the limit of " + MAX_HEADER_BYTES + " bytes (corrupt header length?)");
            }
            if (headerLength > size - LENGTH_BYTES) {
                throw new ModelFormatException(file, "header length " + headerLength + " exceeds the "
                        + (size - LENGTH_BYTES) + " bytes that follow it (truncated file or corrupt header length)");
            }
            String headerText = decodeUtf8(readFully(in, LENGTH_BYTES, (int) headerLength, file), file);
            if (!headerText.startsWith("{")) {
                throw new ModelFormatException(file, "the header does not start with '{' (corrupt header)");
            }
            Object parsed;
            try {
                parsed = Json.parse(headerText);
            } catch (JsonException e) {
                throw new ModelFormatException(file, "the header is not valid JSON: " + e.getMessage(), e);
            }
            if (!(parsed instanceof Map<?, ?> header)) {
                throw new ModelFormatException(file, "the header is not a JSON object");
            }

            Map<String, String> metadata = Map.of();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : header.entrySet()) {
                String key = (String) e.getKey();
                if (key.equals(METADATA_KEY)) {
                    metadata = metadata(file, e.getValue());
                } else {
                    entries.add(entry(file, key, e.getValue()));
                }
            }
            entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));

            long dataStart = LENGTH_BYTES + headerLength;
            long dataLength = size - dataStart;
            long expected = 0;
            for (Entry e : entries) {
                if (e.begin() != expected) {
                    throw new ModelFormatException(file, "tensor " + Json.write(e.name()) + ": data_offsets [" + e.begin() + ", "
                            + e.end() + "] should begin at " + expected
                            + " (tensors must be contiguous, from 0, without gaps or overlaps)");
                }
                long needed = (long) Float.BYTES * Tensor.elementCount(e.shape());
                if (e.end() - e.begin() != needed) {
                    throw new ModelFormatException(file, "tensor " + Json.write(e.name()) + ": data_offsets [" + e.begin() + ", "
                            + e.end() + "] span " + (e.end() - e.begin()) + " bytes, but shape "
                            + Arrays.toString(e.shape()) + " of F32 needs " + needed);
                }
                expected = e.end();
            }
            if (expected < dataLength) {
                throw new ModelFormatException(file, (dataLength - expected) + " trailing bytes: the data section has "
                        + dataLength + " bytes, the tensors cover " + expected);
            }
            if (expected > dataLength) {
                throw new ModelFormatException(file, "truncated: the tensors need " + expected
                        + " data bytes, the data section has only " + dataLength);
            }

            List<Tensor> tensors = new ArrayList<>(entries.size());
            for (Entry e : entries) {
                float[] data = new float[(int) ((e.end() - e.begin()) / Float.BYTES)];
                readFloats(in, dataStart + e.begin(), data, file);
                tensors.add(new Tensor(e.name(), e.shape(), data));
            }
            return new TensorBundle(tensors, metadata);
        }
    }

    private static Map<String, String> metadata(Path file, Object value) throws ModelFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new ModelFormatException(file, METADATA_KEY + " is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new ModelFormatException(file, METADATA_KEY + " value of " + Json.write(e.getKey())
                        + " is not a string: " + Json.write(e.getValue()));
            }
            metadata.put((String) e.getKey(), s);
        }
        return metadata;
    }

    private static Entry entry(Path file, String name, Object value) throws ModelFormatException {
        String what = "tensor " + Json.write(name);
        if (name.isEmpty()) {
            throw new ModelFormatException(file, "a tensor has an empty name");
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ModelFormatException(file, what + " is not a JSON object");
        }
        for (Object key : map.keySet()) {
            if (!TENSOR_KEYS.contains(key)) {
                throw new ModelFormatException(file, what + " has an unknown field " + Json.write(key)
                        + " (expected dtype, shape, data_offsets)");
            }
        }
        for (String key : TENSOR_KEYS) {
            if (!map.containsKey(key)) {
                throw new ModelFormatException(file, what + " has no " + key);
            }
        }
        if (!(map.get("dtype") instanceof String dtype)) {
            throw new ModelFormatException(file, what + ": dtype is not a string: " + Json.write(map.get("dtype")));
        }
        if (!dtype.equals(F32)) {
            throw new ModelFormatException(file, what + " has dtype " + dtype + "; only " + F32 + " is supported");
        }
        if (!(map.get("shape") instanceof List<?> shapeList)) {
            throw new ModelFormatException(file, what + ": shape is not an array: " + Json.write(map.get("shape")));
        }
        int[] shape = new int[shapeList.size()];
        for (int d = 0; d < shape.length; d++) {
            if (!(shapeList.get(d) instanceof Long dim) || dim < 0 || dim > Integer.MAX_VALUE) {
                throw new ModelFormatException(file, what + ": shape " + Json.write(shapeList) + " entry " + d
                        + " is not an integer in 0.." + Integer.MAX_VALUE);
            }
            shape[d] = (int) (long) dim;
        }
        if (Tensor.elementCount(shape) < 0) {
            throw new ModelFormatException(file, what + ": shape " + Json.write(shapeList) + " has more than "
                    + Tensor.MAX_ELEMENTS + " elements, too many to load");
        }
        if (!(map.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)
                || begin < 0 || end < begin) {
            throw new ModelFormatException(file, what + ": data_offsets " + Json.write(map.get("data_offsets"))
                    + " is not [begin, end] with 0 <= begin <= end");
        }
        return new Entry(name, shape, begin, end);
    }

    private static String decodeUtf8(ByteBuffer bytes, Path file) throws ModelFormatException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(file, "the header is not valid UTF-8 (corrupt header)", e);
        }
    }

    private static ByteBuffer readFully(Source in, long position, int length, Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            int n = in.read(buf, position + buf.position());
            if (n < 0) {
                throw new ModelFormatException(file, "truncated while reading: the file ended at "
                        + (position + buf.position()));
            }
        }
        return buf.flip();
    }

    private static void readFloats(Source in, long position, float[] out, Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        long at = position;
        while (done < out.length) {
            int n = Math.min(CHUNK_BYTES / Float.BYTES, out.length - done);
            buf.clear().limit(n * Float.BYTES);
            while (buf.hasRemaining()) {
                int r = in.read(buf, at + buf.position());
                if (r < 0) {
                    throw new ModelFormatException(file, "truncated while reading: the file ended at "
                            + (at + buf.position()));
                }
            }
            buf.flip();
            buf.asFloatBuffer().get(out, done, n);
            done += n;
            at += (long) n * Float.BYTES;
        }
    }
}
