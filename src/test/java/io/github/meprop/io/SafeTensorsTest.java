package io.github.meprop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @TempDir
    Path dir;

    /** Values whose bit patterns a careless reader or writer would change. */
    private static final float[] AWKWARD = {
        0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f, Float.intBitsToFloat(0x007FFFFF),
        Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.NaN, Float.intBitsToFloat(0x7FC00001), Float.intBitsToFloat(0xFFC12345), Float.intBitsToFloat(0x7FFFFFFF),
        0.1f, 1f / 3
    };

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * 0.05);
        }
        return a;
    }

    private static TensorBundle sample() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "meprop");
        meta.put("note", "quotes \" backslash \\ newline \n unicode é 日本");
        return new TensorBundle(List.of(
                Tensor.of("layer0.weight", random(500 * 784, 1), 500, 784),
                Tensor.of("layer0.bias", random(500, 2), 500),
                Tensor.of("awkward", AWKWARD, AWKWARD.length),
                Tensor.of("empty", new float[0], 0, 3),
                Tensor.of("scalar", new float[] {2.5f}),
                Tensor.of("cube", random(24, 3), 2, 3, 4)), meta);
    }

    private static void assertBitExact(TensorBundle expected, TensorBundle actual) {
        assertEquals(expected.names(), actual.names());
        assertEquals(expected.metadata(), actual.metadata());
        assertEquals(List.copyOf(expected.metadata().keySet()), List.copyOf(actual.metadata().keySet()));
        for (Tensor e : expected.tensors()) {
            Tensor a = actual.tensor(e.name());
            assertArrayEquals(e.shape(), a.shape(), e.name());
            assertEquals(e.size(), a.size());
            for (int i = 0; i < e.size(); i++) {
                int want = Float.floatToRawIntBits(e.data()[i]);
                int got = Float.floatToRawIntBits(a.data()[i]);
                if (want != got) {
                    throw new AssertionError(e.name() + "[" + i + "]: wrote bits " + Integer.toHexString(want)
                            + ", read " + Integer.toHexString(got));
                }
            }
        }
        assertEquals(expected, actual);
    }

    private List<Path> filesInDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    // ----------------------------------------------------------------------------- round trips

    @Test
    void roundTripIsBitExact() throws IOException {
        Path f = dir.resolve("model.safetensors");
        TensorBundle b = sample();
        SafeTensors.write(f, b);
        assertBitExact(b, SafeTensors.read(f));
        assertEquals(List.of(f), filesInDir(), "no temporary file left behind");
    }

    @Test
    void signallingNanPayloadSurvivesWhereThePlatformKeepsIt() throws IOException {
        // Float.intBitsToFloat may quiet a signalling NaN on some platforms; where it does not
        // (x86-64, AArch64), the file must keep it bit for bit.
        float snan = Float.intBitsToFloat(0x7F800001);
        org.junit.jupiter.api.Assumptions.assumeTrue(Float.floatToRawIntBits(snan) == 0x7F800001);
        Path f = dir.resolve("snan.safetensors");
        SafeTensors.write(f, new TensorBundle(List.of(Tensor.of("x", new float[] {snan}, 1))));
        byte[] bytes = Files.readAllBytes(f);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(Float.floatToRawIntBits(snan), stored);
        assertEquals(stored, Float.floatToRawIntBits(SafeTensors.read(f).tensor("x").data()[0]));
    }

    @Test
    void layoutFollowsTheFormat() throws IOException {
        Path f = dir.resolve("m.safetensors");
        TensorBundle b = new TensorBundle(List.of(Tensor.of("a", new float[] {1f, -2f}, 2),
                Tensor.of("b", new float[] {0.5f}, 1, 1)), Map.of("k", "v"));
        SafeTensors.write(f, b);
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        assertEquals(8 + n + 3 * 4, bytes.length);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        String json = "{\"__metadata__\":{\"k\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[8,12]}}";
        assertEquals(json, header.stripTrailing());
        assertTrue(header.substring(json.length()).chars().allMatch(c -> c == ' '));
        assertTrue(header.length() - json.length() < 8);
        buf.position((int) (8 + n));
        assertEquals(1f, buf.getFloat());
        assertEquals(-2f, buf.getFloat());
        assertEquals(0.5f, buf.getFloat());
    }

    @Test
    void emptyBundleRoundTrips() throws IOException {
        Path f = dir.resolve("empty.safetensors");
        SafeTensors.write(f, new TensorBundle(List.of()));
        byte[] bytes = Files.readAllBytes(f);
        assertEquals(16, bytes.length); // length, then "{}" padded to 8
        assertEquals(new TensorBundle(List.of()), SafeTensors.read(f));
    }

    @Test
    void readsTensorsInOffsetOrderWhateverTheHeaderOrder() throws IOException {
        // Writers such as the Python package order the header keys by name, not by offset.
        Path f = craft("{\"z\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"shape\":[2],\"data_offsets\":[4,12],\"dtype\":\"F32\"}}", floats(9f, 1f, 2f));
        TensorBundle b = SafeTensors.read(f);
        assertEquals(List.of("z", "a"), b.names());
        assertArrayEquals(new float[] {1f, 2f}, b.tensor("a").data());
        assertEquals(Map.of(), b.metadata());

        Path g = craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]},"
                + "\"z\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", floats(9f, 1f, 2f));
        assertEquals(List.of("z", "a"), SafeTensors.read(g).names());
        assertArrayEquals(new int[0], SafeTensors.read(g).tensor("z").shape());
    }

    @Test
    void overwritesAnExistingFileAtomically() throws IOException {
        Path f = dir.resolve("model.safetensors");
        SafeTensors.write(f, sample());
        TensorBundle second = new TensorBundle(List.of(Tensor.of("w", new float[] {4f}, 1)));
        SafeTensors.write(f, second);
        assertEquals(second, SafeTensors.read(f));
        assertEquals(List.of(f), filesInDir());
    }

    // ----------------------------------------------------------------------------- failed saves

    @Test
    void failedSaveDeletesTheTemporaryFileAndKeepsTheOldFile() throws IOException {
        Path f = dir.resolve("model.safetensors");
        TensorBundle old = sample();
        SafeTensors.write(f, old);
        byte[] before = Files.readAllBytes(f);

        Path[] seen = new Path[1];
        IOException e = assertThrows(IOException.class, () -> SafeTensors.write(f,
                new TensorBundle(List.of(Tensor.of("w", new float[] {1f}, 1))), temp -> {
                    seen[0] = temp;
                    assertTrue(Files.size(temp) > 0);
                    assertEquals(temp.getParent(), f.toAbsolutePath().getParent(), "temporary file beside the target");
                    throw new IOException("No space left on device"); // as FileChannel.write reports it
                }));
        assertEquals(f + ": file too large or disk full", e.getMessage(), "names the target, not the temporary file");
        assertFalse(Files.exists(seen[0]), "temporary file deleted");
        assertArrayEquals(before, Files.readAllBytes(f), "old file untouched");
        assertEquals(List.of(f), filesInDir());

        RuntimeException r = assertThrows(RuntimeException.class, () -> SafeTensors.write(f,
                new TensorBundle(List.of()), temp -> {
                    throw new IllegalStateException("simulated bug");
                }));
        assertEquals("simulated bug", r.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), filesInDir());
    }

    @Test
    void saveIntoAFileInsteadOfADirectoryFailsCleanly() throws IOException {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        Path target = notADir.resolve("model.safetensors");
        IOException e = assertThrows(IOException.class, () -> SafeTensors.write(target, sample()));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertEquals(List.of(notADir), filesInDir());
        assertEquals("x", Files.readString(notADir));

        assertThrows(IOException.class, () -> SafeTensors.write(dir.resolve("missing/model.safetensors"), sample()));
        assertEquals(List.of(notADir), filesInDir());
    }

    @Test
    void saveOntoADirectoryFailsAndLeavesNothing() throws IOException {
        Path target = Files.createDirectory(dir.resolve("model.safetensors"));
        Files.writeString(target.resolve("inside"), "keep");
        IOException e = assertThrows(IOException.class, () -> SafeTensors.write(target, sample()));
        assertEquals(target + ": is a directory", e.getMessage());
        assertEquals(List.of(target), filesInDir(), "no temporary file left behind");
        assertEquals("keep", Files.readString(target.resolve("inside")));
    }

    @Test
    void inconsistentTensorsAreRejectedBeforeAnythingIsWritten() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of("w", new float[5], 2, 3));
        assertTrue(e.getMessage().contains("shape [2, 3] holds 6 values but data has 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.of("w", new float[0], 2, -1));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of("w", new float[0], 1 << 20, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of("", new float[1], 1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of("__metadata__", new float[1], 1));
        e = assertThrows(IllegalArgumentException.class, () -> new TensorBundle(List.of(
                Tensor.of("w", new float[1], 1), Tensor.of("w", new float[2], 2))));
        assertTrue(e.getMessage().contains("duplicate tensor name w"), e.getMessage());
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("k", null);
        assertThrows(NullPointerException.class, () -> new TensorBundle(List.of(), nullValue));
    }

    @Test
    void tensorIsAValue() {
        int[] shape = {2, 2};
        Tensor t = Tensor.of("w", new float[] {1, 2, 3, 4}, shape);
        shape[0] = 9;
        assertArrayEquals(new int[] {2, 2}, t.shape(), "shape copied in");
        t.shape()[0] = 7;
        assertArrayEquals(new int[] {2, 2}, t.shape(), "shape copied out");
        assertEquals(Tensor.of("w", new float[] {1, 2, 3, 4}, 2, 2), t);
        assertEquals(Tensor.of("w", new float[] {1, 2, 3, 4}, 2, 2).hashCode(), t.hashCode());
        assertFalse(t.equals(Tensor.of("w", new float[] {1, 2, 3, 4}, 4)));
        assertEquals("Tensor[w, shape [2, 2]]", t.toString());
        assertEquals(2, t.rank());
        assertEquals(4, t.size());
        TensorBundle b = new TensorBundle(List.of(t));
        assertEquals(t, b.find("w").orElseThrow());
        assertTrue(b.find("v").isEmpty());
        var e = assertThrows(java.util.NoSuchElementException.class, () -> b.tensor("v"));
        assertTrue(e.getMessage().contains("[w]"), e.getMessage());
    }

    // ----------------------------------------------------------------------------- bad files

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** A file with the given header text (padded to 8 with spaces) and data bytes. */
    private Path craft(String header, byte[] data) throws IOException {
        return craft(header.getBytes(StandardCharsets.UTF_8), data);
    }

    private Path craft(byte[] h, byte[] data) throws IOException {
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(h);
        while (b.position() < 8 + padded) {
            b.put((byte) ' ');
        }
        b.put(data);
        return Files.write(Files.createTempFile(dir, "crafted", ".safetensors"), b.array());
    }

    private static void assertRejected(Path f, String... fragments) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafeTensors.read(f));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + e.getMessage());
        }
    }

    private static final String ONE = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    @Test
    void craftedValidFileReads() throws IOException {
        assertArrayEquals(new float[] {1f, 2f}, SafeTensors.read(craft(ONE, floats(1f, 2f))).tensor("w").data());
    }

    @Test
    void rejectsTruncatedFiles() throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafeTensors.write(good, sample());
        byte[] bytes = Files.readAllBytes(good);

        Path cutData = Files.write(dir.resolve("cut-data"), Arrays.copyOf(bytes, bytes.length - 4));
        assertRejected(cutData, "truncated: the tensors need", "data section has only");

        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Path cutHeader = Files.write(dir.resolve("cut-header"), Arrays.copyOf(bytes, (int) (8 + n / 2)));
        assertRejected(cutHeader, "header length " + n + " exceeds the " + (n / 2) + " bytes that follow it");

        Path tiny = Files.write(dir.resolve("tiny"), new byte[5]);
        assertRejected(tiny, "truncated: the file has 5 bytes");
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertRejected(empty, "the file has 0 bytes");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        Path f = craft(ONE, floats(1f, 2f, 3f));
        assertRejected(f, "4 trailing bytes", "data section has 12 bytes, the tensors cover 8");
    }

    @Test
    void rejectsCorruptHeaderLength() throws IOException {
        Path f = craft(ONE, floats(1f, 2f));
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        Files.write(f, bytes);
        assertRejected(f, "header length 18446744073709551615 is beyond the limit");

        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, SafeTensors.MAX_HEADER_BYTES + 1);
        Files.write(f, bytes);
        assertRejected(f, "beyond the limit");

        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 4);
        Files.write(f, bytes);
        assertRejected(f, "not valid JSON");
    }

    @Test
    void rejectsCorruptHeaders() throws IOException {
        assertRejected(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},}", floats(1f, 2f)),
                "the header is not valid JSON", "position 54");
        assertRejected(craft("{\"w\":{\"dtype\":\"F32\" \"shape\":[2]}}", floats(1f, 2f)), "not valid JSON");
        assertRejected(craft("[1, 2]", new byte[0]), "does not start with '{'");
        assertRejected(craft("  {}", new byte[0]), "does not start with '{'");
        assertRejected(craft("{\"w\":[1]}", new byte[0]), "tensor \"w\" is not a JSON object");
        assertRejected(craft("{\"\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}", new byte[0]),
                "empty name");

        byte[] h = ONE.getBytes(StandardCharsets.UTF_8);
        h[2] = (byte) 0xC3; // a UTF-8 lead byte without its continuation byte, inside the name
        assertRejected(craft(h, floats(1f, 2f)), "not valid UTF-8");
        h[2] = (byte) 0xFF; // never valid in UTF-8
        assertRejected(craft(h, floats(1f, 2f)), "not valid UTF-8");
    }

    @Test
    void rejectsUnsupportedDtype() throws IOException {
        for (String dtype : List.of("F16", "BF16", "F64", "I32", "U8", "f32")) {
            Path f = craft("{\"w\":{\"dtype\":\"" + dtype + "\",\"shape\":[2],\"data_offsets\":[0,8]}}", floats(1f, 2f));
            assertRejected(f, "tensor \"w\" has dtype " + dtype + "; only F32 is supported");
        }
        assertRejected(craft("{\"w\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}", floats(1f, 2f)),
                "dtype is not a string: 32");
    }

    @Test
    void rejectsBadShapes() throws IOException {
        assertRejected(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", floats(1f, 2f)),
                "shape [-2] entry 0 is not an integer");
        assertRejected(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", floats(1f, 2f)),
                "shape [2.0] entry 0");
        assertRejected(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}", floats(1f, 2f)),
                "shape is not an array");
        assertRejected(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,8]}}",
                floats(1f, 2f)), "too many to load");
    }

    @Test
    void rejectsOffsetsThatDoNotMatch() throws IOException {
        assertRejected(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", floats(1f, 2f)),
                "tensor \"w\": data_offsets [0, 8] span 8 bytes, but shape [3] of F32 needs 12");
        assertRejected(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", floats(1f, 2f, 3f)),
                "tensor \"w\": data_offsets [4, 12] should begin at 0");
        assertRejected(craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", floats(1f, 2f, 3f)),
                "tensor \"b\": data_offsets [8, 12] should begin at 4");
        assertRejected(craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", floats(1f, 2f, 3f)),
                "should begin at 8");
        assertRejected(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", floats(1f, 2f)),
                "data_offsets [8,0] is not [begin, end]");
        assertRejected(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", floats(1f, 2f)),
                "data_offsets [0] is not");
        assertRejected(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8.5]}}", floats(1f, 2f)),
                "is not [begin, end]");
        assertRejected(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", floats(1f, 2f)),
                "truncated: the tensors need 16 data bytes, the data section has only 8");
    }

    @Test
    void rejectsDuplicateNamesAndBadStructure() throws IOException {
        assertRejected(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", floats(1f, 2f)),
                "duplicate key \"w\"");
        assertRejected(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", floats(1f, 2f)),
                "tensor \"w\" has no data_offsets");
        assertRejected(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}",
                floats(1f, 2f)), "unknown field \"x\"");
        assertRejected(craft("{\"__metadata__\":{\"k\":1}}", new byte[0]), "__metadata__ value of \"k\" is not a string: 1");
        assertRejected(craft("{\"__metadata__\":[]}", new byte[0]), "__metadata__ is not a JSON object");
    }

    @Test
    void writtenFilesHaveNoTemporaryLeftovers() throws IOException {
        for (int i = 0; i < 5; i++) {
            SafeTensors.write(dir.resolve("m" + i + ".safetensors"), sample());
        }
        assertEquals(5, filesInDir().size());
        assertTrue(filesInDir().stream().noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
}
