package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.io.ModelFormatException;
import io.github.meprop.io.NonFiniteValueException;
import io.github.meprop.io.SafeTensors;
import io.github.meprop.io.Tensor;
import io.github.meprop.io.TensorBundle;
import io.github.meprop.kernels.Parallelism;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An Model as a safetensors file: round trip, what the file holds, and rejected files. */
class ModelFileTest {
    @TempDir
    Path dir;

    private static Model model() {
        Model m = Model.mlp(new int[] {7, 5, 3, 4}, Activation.RELU, 11);
        // Awkward values must survive bit for bit.
        m.dense(0).weights()[0] = -0.0f;
        m.dense(0).weights()[1] = Float.MIN_VALUE;
        m.dense(1).biases()[2] = Float.intBitsToFloat(0x7fc01234); // a NaN with a payload
        m.dense(2).biases()[0] = Float.NEGATIVE_INFINITY;
        m.dense(2).biases()[1] = 1.25e-3f;
        return m;
    }

    @Test
    void saveLoadRoundTripIsBitExact() throws IOException {
        Model m = model();
        m.keepUnits(0, new int[] {0, 1, 3}); // a simplified shape: 7-3-3-4
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, m);
        Model back = ModelFile.load(f, true); // the NaN and the infinity are let through on request
        assertArrayEquals(new int[] {7, 3, 3, 4}, back.sizes());
        assertEquals(Activation.RELU, back.dense(0).activation());
        for (int l = 0; l < m.depth(); l++) {
            assertArrayEquals(bits(m.dense(l).weights()), bits(back.dense(l).weights()), "weights of layer " + l);
            assertArrayEquals(bits(m.dense(l).biases()), bits(back.dense(l).biases()), "biases of layer " + l);
            assertEquals(Activation.RELU == m.dense(l).activation(), Activation.RELU == back.dense(l).activation());
        }
        assertEquals(Activation.IDENTITY, back.dense(2).activation());

        // Saving the loaded model again gives the same bytes.
        Path g = dir.resolve("again.safetensors");
        ModelFile.save(g, back);
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g));
    }

    @Test
    void nonFiniteWeightsAreRefusedUnlessAllowed() throws IOException {
        Model m = Model.mlp(new int[] {7, 5, 3}, Activation.RELU, 11);
        m.dense(1).weights()[1 * 5 + 2] = Float.POSITIVE_INFINITY; // W is 3 × 5
        m.dense(1).weights()[2 * 5 + 2] = Float.NaN;
        Path f = dir.resolve("diverged.safetensors");
        ModelFile.save(f, m);
        NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> ModelFile.load(f));
        assertEquals(f, e.file());
        assertEquals("layers.1.weight", e.tensor());
        assertEquals(7, e.index());
        assertEquals(Float.POSITIVE_INFINITY, e.value());
        assertEquals(f + ": tensor 'layers.1.weight' holds 2 non-finite values, the first Infinity at index 7 [1, 2]"
                + " (diverged training or a corrupt file)", e.getMessage());
        assertInstanceOf(ModelFormatException.class, e, "callers catching ModelFormatException see it too");
        Model allowed = ModelFile.load(f, true);
        assertEquals(Float.POSITIVE_INFINITY, allowed.dense(1).weights()[7]);
    }

    @Test
    void aTrainedModelPredictsTheSameAfterLoading() throws IOException {
        Model m = Model.mlp(new int[] {2, 16, 3}, Activation.TANH, 4);
        Trainer t = new Trainer(TrainConfig.builder().epochs(2).batchSize(20).build());
        t.train(m, Synthetic.rings("r", 200, 1), null, null);
        Path f = dir.resolve("tanh.safetensors");
        ModelFile.save(f, m);
        Model back = ModelFile.load(f);
        assertEquals(Activation.TANH, back.dense(0).activation());
        float[] x = Synthetic.rings("x", 50, 2).x();
        float[] a = new float[50 * 3];
        float[] b = new float[50 * 3];
        m.logits(Parallelism.serial(), x, 50, a);
        back.logits(Parallelism.serial(), x, 50, b);
        assertArrayEquals(bits(a), bits(b));
    }

    @Test
    void theFileHoldsNamedTensorsAndMetadata() throws IOException {
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, model());
        TensorBundle b = SafeTensors.read(f);
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.2.weight",
                "layers.2.bias"), b.names());
        assertArrayEquals(new int[] {5, 7}, b.tensor("layers.0.weight").shape());
        assertArrayEquals(new int[] {4}, b.tensor("layers.2.bias").shape());
        assertEquals("meprop-mlp", b.metadata().get("format"));
        assertEquals("1", b.metadata().get("format_version"));
        assertEquals("7,5,3,4", b.metadata().get("layer_sizes"));
        assertEquals("relu", b.metadata().get("activation"));
        // The header starts right after its 8-byte little-endian length and is JSON.
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":"), header);
        assertTrue(header.contains("\"dtype\":\"F32\""), header);
    }

    @Test
    void truncatedFileFailsNamingTheFile() throws IOException {
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, model());
        byte[] bytes = Files.readAllBytes(f);
        for (int cut : new int[] {0, 5, 8, 40, bytes.length - 1}) {
            Path t = dir.resolve("cut" + cut + ".safetensors");
            Files.write(t, Arrays.copyOf(bytes, cut));
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(t), "cut " + cut);
            assertEquals(t, e.file());
            assertTrue(e.getMessage().startsWith(t.toString()), e.getMessage());
        }
    }

    @Test
    void corruptHeaderFails() throws IOException {
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, model());
        byte[] bytes = Files.readAllBytes(f);
        byte[] bad = bytes.clone();
        bad[8] = '['; // the header must be a JSON object
        Path t = dir.resolve("bad.safetensors");
        Files.write(t, bad);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(t));
        assertTrue(e.getMessage().contains(t.toString()), e.getMessage());

        byte[] len = bytes.clone();
        len[7] = 0x40; // an absurd header length
        Path u = dir.resolve("len.safetensors");
        Files.write(u, len);
        assertThrows(ModelFormatException.class, () -> ModelFile.load(u));
    }

    /** A valid safetensors file whose tensors do not describe the model in its metadata. */
    private Path crafted(String name, Map<String, String> meta, Tensor... tensors) throws IOException {
        Path f = dir.resolve(name);
        SafeTensors.write(f, new TensorBundle(List.of(tensors), meta));
        return f;
    }

    private static Map<String, String> meta(String sizes) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "meprop-mlp");
        m.put("format_version", "1");
        m.put("layer_sizes", sizes);
        m.put("activation", "relu");
        return m;
    }

    @Test
    void wrongShapesAndMetadataFailWithClearMessages() throws IOException {
        Path shape = crafted("shape.safetensors", meta("3,2,2"),
                Tensor.of("layers.0.weight", new float[6], 3, 2), Tensor.of("layers.0.bias", new float[2], 2),
                Tensor.of("layers.1.weight", new float[4], 2, 2), Tensor.of("layers.1.bias", new float[2], 2));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(shape));
        assertTrue(e.getMessage().contains("'layers.0.weight' has shape [3, 2], expected [2, 3]"), e.getMessage());

        Path missing = crafted("missing.safetensors", meta("3,2,2"),
                Tensor.of("layers.0.weight", new float[6], 2, 3), Tensor.of("layers.0.bias", new float[2], 2),
                Tensor.of("layers.1.weight", new float[4], 2, 2), Tensor.of("layers.9.bias", new float[2], 2));
        e = assertThrows(ModelFormatException.class, () -> ModelFile.load(missing));
        assertTrue(e.getMessage().contains("'layers.1.bias' is missing"), e.getMessage());

        Path count = crafted("count.safetensors", meta("3,2,2,2"),
                Tensor.of("layers.0.weight", new float[6], 2, 3), Tensor.of("layers.0.bias", new float[2], 2));
        e = assertThrows(ModelFormatException.class, () -> ModelFile.load(count));
        assertTrue(e.getMessage().contains("expected 6"), e.getMessage());

        Map<String, String> notOurs = meta("3,2");
        notOurs.put("format", "pt");
        Path other = crafted("other.safetensors", notOurs);
        e = assertThrows(ModelFormatException.class, () -> ModelFile.load(other));
        assertTrue(e.getMessage().contains("not a meprop model"), e.getMessage());

        Path sizes = crafted("sizes.safetensors", meta("3,x"));
        e = assertThrows(ModelFormatException.class, () -> ModelFile.load(sizes));
        assertTrue(e.getMessage().contains("layer_sizes"), e.getMessage());

        Map<String, String> act = meta("3,2");
        act.put("activation", "swish");
        Path activation = crafted("act.safetensors", act);
        e = assertThrows(ModelFormatException.class, () -> ModelFile.load(activation));
        assertTrue(e.getMessage().contains("activation"), e.getMessage());
    }

    @Test
    void aFailedSaveLeavesNoModelFileBehind() throws IOException {
        // The target is a non-empty directory: the rename fails after the data was written.
        Path target = dir.resolve("taken");
        Files.createDirectory(target);
        Files.writeString(target.resolve("x"), "x");
        assertThrows(IOException.class, () -> ModelFile.save(target, model()));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(target), s.toList(), "no temporary or partial file left");
        }

        // Replacing an existing model: a failure keeps the old file intact.
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, model());
        byte[] old = Files.readAllBytes(f);
        Path missingDir = dir.resolve("no-such-dir").resolve("m.safetensors");
        assertThrows(IOException.class, () -> ModelFile.save(missingDir, model()));
        assertFalse(Files.exists(missingDir));
        assertArrayEquals(old, Files.readAllBytes(f));
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }
}
