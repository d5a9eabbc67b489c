package io.github.meprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.io.json.Json;
import io.github.meprop.kernels.Parallelism;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.ModelFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dense MLP trained outside meprop (src/test/resources/fixtures/make_python_dense_mlp.py, standard
 * library only: 16-24-24-10, half of each hidden layer planted scaled copies) and its IDX data:
 * {@code compress} takes it in the documented file layout, and the compressed file loads back in
 * Python (fixtures/load_meprop_mlp.py) with meprop's answers.
 */
class CompressPythonModelTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path model;
    static Map<?, ?> expected;

    @BeforeAll
    static void copyFixture() throws IOException {
        data = dir.resolve("data");
        Files.createDirectories(data);
        for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte", "mlp.safetensors", "expected.json")) {
            try (InputStream in = CompressPythonModelTest.class.getResourceAsStream("/fixtures/python-dense/" + f)) {
                Files.copy(in, data.resolve(f));
            }
        }
        model = data.resolve("mlp.safetensors");
        try (InputStream in = CompressPythonModelTest.class.getResourceAsStream("/fixtures/load_meprop_mlp.py")) {
            Files.copy(in, dir.resolve("load_meprop_mlp.py"));
        }
        expected = (Map<?, ?>) Json.parse(Files.readString(data.resolve("expected.json")));
    }

    private static Map<?, ?> json(Path p) throws IOException {
        return (Map<?, ?>) Json.parse(Files.readString(p));
    }

    private static double number(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @Test
    void theModelLoadsAndMepropAgreesWithPython() throws IOException {
        Model m = ModelFile.load(model);
        assertEquals("16-24-24-10", TrainCommand.join(m.sizes()));
        Cli.Run r = Cli.run("eval", "--model", model.toString(), "--data", data.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(1.0, number(expected, "test_accuracy"));
        assertTrue(r.out().contains("100.00%"), r.out());
        // The first test logits as Python computed them (double from the float32 weights).
        List<?> logits = (List<?>) expected.get("first_test_logits");
        float[] x = firstTestImages(5);
        float[] ours = new float[5 * 10];
        m.logits(Parallelism.serial(), x, 5, ours);
        for (int e = 0; e < 5; e++) {
            for (int c = 0; c < 10; c++) {
                assertEquals(((Number) ((List<?>) logits.get(e)).get(c)).doubleValue(), ours[e * 10 + c], 1e-4);
            }
        }
    }

    private static float[] firstTestImages(int n) throws IOException {
        byte[] b = Files.readAllBytes(data.resolve("t10k-images-idx3-ubyte"));
        float[] x = new float[n * 16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (b[16 + i] & 0xff) / 255f;
        }
        return x;
    }

    @Test
    void exactMergingTakesThePlantedCopiesAwayWithoutChangingAnything() throws IOException {
        Path out = dir.resolve("merged.safetensors");
        Path j = dir.resolve("merged.json");
        Cli.Run r = Cli.run("compress", "--model", model.toString(), "--out", out.toString(), "--data", data.toString(),
                "--dev", "100", "--merge", "0.9999", "--json", j.toString(), "--threads", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("0 of 300"), "no test prediction changed:\n" + r.out());
        Map<?, ?> res = json(j);
        // Never-active units go first (a dead unit's copy is dead too), then each copy merges into
        // its unit: half of what is left.
        List<?> dead = (List<?>) res.get("dead_removed");
        for (int l = 0; l < 2; l++) {
            int alive = 24 - ((Number) dead.get(l)).intValue();
            assertEquals(alive / 2, ((Number) ((List<?>) res.get("hidden_sizes")).get(l)).intValue(), res.toString());
        }
        assertEquals(1.0, number(res, "test_accuracy"));
        assertEquals("merge", res.get("method"));
        assertPythonAgrees(out, ModelFile.load(out));
    }

    @Test
    void dataAwareCompressionToATargetWidthWithFineTuning() throws IOException {
        Path out = dir.resolve("small.safetensors");
        Path j = dir.resolve("small.json");
        Cli.Run r = Cli.run("compress", "--model", model.toString(), "--out", out.toString(), "--data", data.toString(),
                "--dev", "100", "--method", "magnitude", "--target-width", "6", "--refit", "--samples", "0",
                "--fine-tune", "2", "--k", "4", "--json", j.toString(), "--threads", "1");
        assertEquals(0, r.status(), r.err());
        Map<?, ?> res = json(j);
        List<?> hidden = (List<?>) res.get("hidden_sizes");
        assertTrue(hidden.stream().mapToInt(v -> ((Number) v).intValue()).average().orElse(99) <= 6, hidden.toString());
        assertEquals(Boolean.TRUE, res.get("refit"));
        assertEquals(2, ((List<?>) res.get("fine_tune_history")).size());
        assertTrue(number(res, "test_accuracy") >= 0.95, res.toString());
        Model small = ModelFile.load(out);
        assertEquals(((Number) res.get("parameters")).longValue(), small.parameterCount());
        assertPythonAgrees(out, small);
    }

    /** Runs the stdlib loader on the compressed file when python3 is installed (skipped otherwise). */
    private static void assertPythonAgrees(Path file, Model javaModel) throws IOException {
        String python = python();
        if (python == null) {
            System.out.println("python3 not found: the Python side of this test is skipped");
            return;
        }
        Process p = new ProcessBuilder(python, dir.resolve("load_meprop_mlp.py").toString(), file.toString(),
                data.toString()).redirectErrorStream(true).start();
        String text;
        try {
            text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python3 did not finish");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertEquals(0, p.exitValue(), text);
        Map<?, ?> py = (Map<?, ?>) Json.parse(text.strip());
        assertEquals(Arrays.stream(javaModel.sizes()).boxed().toList(),
                ((List<?>) py.get("layer_sizes")).stream().map(v -> ((Number) v).intValue()).toList());
        float[] x = firstTestImages(5);
        float[] ours = new float[5 * 10];
        javaModel.logits(Parallelism.serial(), x, 5, ours);
        List<?> logits = (List<?>) py.get("first_test_logits");
        for (int e = 0; e < 5; e++) {
            for (int c = 0; c < 10; c++) {
                assertEquals(((Number) ((List<?>) logits.get(e)).get(c)).doubleValue(), ours[e * 10 + c],
                        1e-4 * (1 + Math.abs(ours[e * 10 + c])), "example " + e + ", class " + c);
            }
        }
        Cli.Run eval = Cli.run("eval", "--model", file.toString(), "--data", data.toString());
        assertTrue(eval.out().contains(String.format(java.util.Locale.ROOT, "%.2f%%",
                100 * ((Number) py.get("test_accuracy")).doubleValue())), eval.out() + " vs Python " + text);
    }

    private static String python() {
        for (String candidate : List.of("python3", "python")) {
            try {
                Process p = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException e) {
                // not installed
            }
        }
        return null;
    }
}
