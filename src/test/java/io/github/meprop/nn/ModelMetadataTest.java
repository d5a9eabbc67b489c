package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.data.Standardizer;
import io.github.meprop.io.ModelFormatException;
import io.github.meprop.io.SafeTensors;
import io.github.meprop.io.Tensor;
import io.github.meprop.io.TensorBundle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files from and to streams, and the metadata that travels with a model. */
class ModelMetadataTest {

    @TempDir
    Path dir;

    private static final Standardizer STANDARDIZER = Standardizer.of(
            new float[] {0.1f, -2.5f, 1e-7f, 3f, 0f}, new float[] {1f, 0.333f, 2e5f, Float.MIN_VALUE, 7f});

    private static ModelMetadata full() {
        return ModelMetadata.EMPTY
                .withClassNames(List.of("zero", "one \"quoted\"", "zwei ü"))
                .withFeatureNames(List.of("a", "b", "c", "d", "e"))
                .withStandardizer(STANDARDIZER)
                .with("author", "test")
                .with("format", "a user key may repeat a reserved name: it is stored as user.format");
    }

    @Test
    void metadataRoundTripsThroughAFileAndAStream() throws IOException {
        Model model = Model.mlp(new int[] {5, 4, 3}, Activation.TANH, 3);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, model, full());
        SavedModel fromFile = ModelFile.read(file);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelFile.save(bytes, model, full());
        assertArrayEquals(Files.readAllBytes(file), bytes.toByteArray(), "a stream gets the file's bytes");
        SavedModel fromStream = ModelFile.read(new ByteArrayInputStream(bytes.toByteArray()));

        for (SavedModel s : List.of(fromFile, fromStream)) {
            assertEquals(full(), s.metadata());
            assertArrayEquals(STANDARDIZER.mean(), s.metadata().standardizer().mean());
            assertArrayEquals(STANDARDIZER.scale(), s.metadata().standardizer().scale());
            assertEquals(List.of("author", "format"), new ArrayList<>(s.metadata().user().keySet()));
            for (int l = 0; l < model.depth(); l++) {
                assertArrayEquals(model.dense(l).weights(), s.model().dense(l).weights());
                assertArrayEquals(model.dense(l).biases(), s.model().dense(l).biases());
            }
        }
        Map<String, String> raw = SafeTensors.read(file).metadata();
        assertEquals("[\"a\",\"b\",\"c\",\"d\",\"e\"]", raw.get("feature_names"));
        assertEquals("test", raw.get("user.author"));
        assertEquals("meprop-mlp", raw.get("format"));
    }

    @Test
    void modelsWithoutMetadataReadBackEmpty() throws IOException {
        Model model = Model.mlp(new int[] {3, 2}, Activation.RELU, 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelFile.save(bytes, model);
        SavedModel s = ModelFile.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(ModelMetadata.EMPTY, s.metadata());
        assertArrayEquals(model.dense(0).weights(), ModelFile.load(new ByteArrayInputStream(bytes.toByteArray()))
                .dense(0).weights());
        assertEquals("1", s.metadata().className(1), "without names a class is its index");
    }

    @Test
    void metadataThatDoesNotFitTheModelIsRefusedOnSave() {
        Model model = Model.mlp(new int[] {5, 4, 3}, Activation.RELU, 1);
        Path file = dir.resolve("never.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(file, model,
                ModelMetadata.EMPTY.withClassNames(List.of("a", "b"))));
        assertTrue(e.getMessage().contains("2 class names for a model with 3 outputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(file, model,
                ModelMetadata.EMPTY.withFeatureNames(List.of("a"))));
        assertTrue(e.getMessage().contains("1 feature names for a model with 5 inputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(new ByteArrayOutputStream(), model,
                ModelMetadata.EMPTY.withStandardizer(Standardizer.of(new float[2], new float[] {1, 1}))));
        assertTrue(e.getMessage().contains("a standardizer of 2 features for a model with 5 inputs"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    /** A valid two-layer model file with extra metadata entries. */
    private Path withMeta(String name, Map<String, String> extra) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "meprop-mlp");
        meta.put("format_version", "1");
        meta.put("layer_sizes", "2,3");
        meta.put("activation", "relu");
        meta.putAll(extra);
        Path f = dir.resolve(name);
        SafeTensors.write(f, new TensorBundle(List.of(Tensor.of("layers.0.weight", new float[6], 3, 2),
                Tensor.of("layers.0.bias", new float[3], 3)), meta));
        return f;
    }

    @Test
    void malformedMetadataIsAModelFormatErrorNamingTheKey() throws IOException {
        Object[][] cases = {
            {Map.of("class_names", "[\"a\",\"b\"]"), "2 class names for a model with 3 outputs"},
            {Map.of("class_names", "not json"), "metadata 'class_names' is not JSON"},
            {Map.of("class_names", "{\"a\":1}"), "metadata 'class_names' must be a JSON array"},
            {Map.of("feature_names", "[1,2]"), "metadata 'feature_names' must be a JSON array of strings, has 1"},
            {Map.of("standardizer_mean", "[0,0]"), "standardizer_mean without standardizer_scale"},
            {Map.of("standardizer_mean", "[0,0]", "standardizer_scale", "[1,0]"), "scale of feature 1 is 0.0"},
            {Map.of("standardizer_mean", "[0,\"x\"]", "standardizer_scale", "[1,1]"), "must be a JSON array of numbers"},
            {Map.of("standardizer_mean", "[0,0,0]", "standardizer_scale", "[1,1,1]"),
                "a standardizer of 3 features for a model with 2 inputs"},
        };
        int i = 0;
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Path f = withMeta("bad" + i++ + ".safetensors", (Map<String, String>) c[0]);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(f));
            assertEquals(f, e.file());
            assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
            assertTrue(e.getMessage().contains((String) c[1]), e.getMessage());
        }
        SavedModel ok = ModelFile.read(withMeta("ok.safetensors", Map.of("unknown_tool_key", "ignored")));
        assertEquals(ModelMetadata.EMPTY, ok.metadata());
    }

    @Test
    void streamErrorsNameTheStream() throws IOException {
        byte[] file = Files.readAllBytes(withMeta("s.safetensors", Map.of()));
        byte[] truncated = java.util.Arrays.copyOf(file, file.length - 3);
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.load(new ByteArrayInputStream(truncated)));
        assertNull(e.file());
        assertEquals("model stream", e.source());
        assertTrue(e.getMessage().startsWith("model stream: truncated"), e.getMessage());

        byte[] notMeprop;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        SafeTensors.write(b, new TensorBundle(List.of(Tensor.of("x", new float[1], 1))));
        notMeprop = b.toByteArray();
        e = assertThrows(ModelFormatException.class, () -> ModelFile.read(new ByteArrayInputStream(notMeprop)));
        assertEquals("model stream: metadata 'format' is missing, expected \"meprop-mlp\" or \"meprop\" (not a meprop model)",
                e.getMessage());
    }
}
