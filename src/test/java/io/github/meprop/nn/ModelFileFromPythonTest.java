package io.github.meprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.meprop.io.json.Json;
import io.github.meprop.kernels.Parallelism;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A model written by Python (src/test/resources/fixtures/make_python_mlp.py, standard library
 * only) in the documented tensor layout loads, keeps its class names, ignores the metadata entry
 * meprop does not know, and computes the logits Python computed.
 */
class ModelFileFromPythonTest {

    private static final String FIXTURE = "/fixtures/python-mlp.safetensors";

    @Test
    void loadsFromAFileAndFromAStreamWithTheLogitsPythonComputed() throws IOException, URISyntaxException {
        SavedModel fromFile = ModelFile.read(Path.of(getClass().getResource(FIXTURE).toURI()));
        SavedModel fromStream;
        try (InputStream in = getClass().getResourceAsStream(FIXTURE)) {
            fromStream = ModelFile.read(in);
        }
        for (SavedModel saved : List.of(fromFile, fromStream)) {
            Model m = saved.model();
            assertArrayEquals(new int[] {4, 3, 2}, m.sizes());
            assertEquals(Activation.RELU, m.dense(0).activation());
            assertEquals(List.of("no", "yes"), saved.metadata().classNames());
            assertEquals(List.of(), saved.metadata().featureNames());
            assertNull(saved.metadata().standardizer());
            assertEquals(Map.of(), saved.metadata().user());
            checkLogits(m);
        }
        assertArrayEquals(fromFile.model().dense(0).weights(), fromStream.model().dense(0).weights());
    }

    @SuppressWarnings("unchecked")
    private void checkLogits(Model m) throws IOException {
        Map<String, Object> expected;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/python-mlp.expected.json")) {
            expected = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<List<Number>> inputs = (List<List<Number>>) expected.get("inputs");
        List<List<Number>> logits = (List<List<Number>>) expected.get("logits");
        float[] x = new float[inputs.size() * 4];
        for (int i = 0; i < inputs.size(); i++) {
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = inputs.get(i).get(j).floatValue();
            }
        }
        float[] out = new float[inputs.size() * 2];
        m.logits(Parallelism.serial(), x, inputs.size(), out);
        for (int i = 0; i < inputs.size(); i++) {
            for (int c = 0; c < 2; c++) {
                double want = logits.get(i).get(c).doubleValue();
                assertEquals(want, out[i * 2 + c], 1e-6 + 1e-6 * Math.abs(want), "row " + i + ", class " + c);
            }
        }
    }
}
