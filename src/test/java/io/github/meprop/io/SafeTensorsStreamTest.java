package io.github.meprop.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SafeTensors#write(java.io.OutputStream, TensorBundle)} and {@link SafeTensors#read(java.io.InputStream, String)}. */
class SafeTensorsStreamTest {

    @TempDir
    Path dir;

    private static TensorBundle bundle() {
        float[] big = new float[40_000]; // more than one 64 KiB chunk
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) Math.sin(i) * 1e3f;
        }
        return new TensorBundle(List.of(Tensor.of("w", big, 200, 200), Tensor.of("awkward",
                new float[] {-0f, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7FC00001)}, 4),
                Tensor.of("s", new float[] {2.5f})), Map.of("k", "v é"));
    }

    @Test
    void streamBytesEqualFileBytesAndReadBackBitExact() throws IOException {
        Path file = dir.resolve("a.safetensors");
        SafeTensors.write(file, bundle());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, bundle());
        assertArrayEquals(Files.readAllBytes(file), out.toByteArray());

        TensorBundle back = SafeTensors.read(new ByteArrayInputStream(out.toByteArray()), "bytes");
        assertEquals(bundle().names(), back.names());
        assertEquals(bundle().metadata(), back.metadata());
        for (Tensor t : bundle().tensors()) {
            float[] a = t.data();
            float[] b = back.tensor(t.name()).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), t.name() + "[" + i + "]");
            }
        }
    }

    @Test
    void writeFlushesButDoesNotCloseTheStream() throws IOException {
        boolean[] closed = {false};
        boolean[] flushed = {false};
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        FilterOutputStream out = new FilterOutputStream(sink) {
            @Override
            public void close() {
                closed[0] = true;
            }

            @Override
            public void flush() throws IOException {
                flushed[0] = true;
                super.flush();
            }
        };
        SafeTensors.write(out, bundle());
        assertEquals(false, closed[0]);
        assertEquals(true, flushed[0]);
    }

    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    /** Every malformed input is rejected by the stream reader with the file reader's problem, naming the stream. */
    @Test
    void streamRejectsWhatTheFileReaderRejectsWithTheSameProblem() throws IOException {
        byte[] valid = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
        List<byte[]> bad = List.of(
                new byte[3],
                Arrays.copyOf(valid, valid.length - 1),
                Arrays.copyOf(valid, valid.length + 4),
                file("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4),
                file("[1,2]", 0),
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8),
                ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        int i = 0;
        for (byte[] bytes : bad) {
            Path f = dir.resolve("bad" + i++);
            Files.write(f, bytes);
            ModelFormatException fromFile = assertThrows(ModelFormatException.class, () -> SafeTensors.read(f));
            ModelFormatException fromStream = assertThrows(ModelFormatException.class,
                    () -> SafeTensors.read(new ByteArrayInputStream(bytes), "upload #7"));
            assertEquals(fromFile.problem(), fromStream.problem(), "case " + (i - 1));
            assertEquals("upload #7: " + fromFile.problem(), fromStream.getMessage());
            assertEquals("upload #7", fromStream.source());
            assertNull(fromStream.file());
            assertEquals(f, fromFile.file());
            assertEquals(f.toString(), fromFile.source());
        }
        assertEquals(List.of("a"), SafeTensors.read(new ByteArrayInputStream(valid), "ok").names());
    }
}
