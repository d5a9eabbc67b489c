package io.github.meprop.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.io.ModelFormatException;
import io.github.meprop.io.SafeTensors;
import io.github.meprop.io.Tensor;
import io.github.meprop.io.TensorBundle;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.ModelFile;
import io.github.meprop.nn.Model;
import io.github.meprop.testing.Allocation;
import io.github.meprop.testing.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Damaged safetensors and model files: {@link SafeTensors#read} and {@link ModelFile#load} either
 * succeed or throw a {@link ModelFormatException}, never anything else, in bounded time and with
 * memory in proportion to the file.
 */
class ModelFileFuzzTest {
    private static final byte[] TENSORS = bytes(path -> SafeTensors.write(path, new TensorBundle(List.of(
            Tensor.of("w", new float[] {1f, -2f, 3.5f, 0f, 1e-3f, 7f}, 2, 3), Tensor.of("b", new float[] {0.5f, -0.5f}, 2),
            Tensor.of("s", new float[] {4f})), Map.of("note", "fuzz \u00e9", "format", "x"))));
    private static final byte[] MODEL = bytes(path -> ModelFile.save(path, Model.mlp(new int[] {5, 3, 2},
            Activation.TANH, 3)));
    private static final long SLACK = 4L << 20;

    private interface Io {
        void run(Path p) throws IOException;
    }

    private static byte[] bytes(Io writer) {
        try {
            Path p = Files.createTempFile("st-fuzz", ".safetensors");
            try {
                writer.run(p);
                return Files.readAllBytes(p);
            } finally {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Header length + 8: where the mutations' field replacements land (the length, then the JSON). */
    private static int headerEnd(byte[] file) {
        return (int) (8 + ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    private static void assertTypedAndBounded(byte[] content, Io reader) throws IOException {
        Path f = Files.createTempFile("st-fuzz", ".safetensors");
        try {
            Files.write(f, content);
            long t0 = System.nanoTime();
            Allocation.Result r = Allocation.measure(() -> reader.run(f));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(r.thrown() == null || r.thrown() instanceof ModelFormatException,
                    () -> "unexpected " + r.thrown() + " for " + content.length + " bytes");
            // The header as bytes, chars and parsed JSON, then the floats: a few times the file.
            assertTrue(r.bytes() <= 32L * content.length + SLACK, () -> "allocated " + r.bytes() + " bytes for a "
                    + content.length + "-byte file");
            assertTrue(millis < 2000, () -> "took " + millis + " ms");
        } finally {
            Files.delete(f);
        }
    }

    @Property(tries = 400)
    void damagedSafetensorsFiles(@ForAll long seed) throws IOException {
        assertTypedAndBounded(Mutations.mutate(TENSORS, seed, headerEnd(TENSORS), 8, false), SafeTensors::read);
    }

    @Property(tries = 400)
    void damagedModelFiles(@ForAll long seed) throws IOException {
        assertTypedAndBounded(Mutations.mutate(MODEL, seed, headerEnd(MODEL), 8, false), ModelFile::load);
    }
}
