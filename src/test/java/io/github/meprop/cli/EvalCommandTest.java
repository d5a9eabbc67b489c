package io.github.meprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.data.Dataset;
import io.github.meprop.data.MnistFormat;
import io.github.meprop.data.Standardizer;
import io.github.meprop.eval.Metrics;
import io.github.meprop.io.json.Json;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.ModelFile;
import io.github.meprop.nn.ModelMetadata;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meprop eval}: the metrics it prints and writes with {@code --json}. */
class EvalCommandTest {

    @TempDir
    Path dir;

    private static void writeIdx(Path d, String prefix, int n, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] images = new byte[n * 16];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) r.nextInt(10);
            for (int p = 0; p < 16; p++) {
                images[i * 16 + p] = (byte) ((p == labels[i] ? 200 : 0) + r.nextInt(50));
            }
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(d.resolve(prefix + "-images-idx3-ubyte")))) {
            out.writeInt(0x803);
            out.writeInt(n);
            out.writeInt(4);
            out.writeInt(4);
            out.write(images);
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(d.resolve(prefix + "-labels-idx1-ubyte")))) {
            out.writeInt(0x801);
            out.writeInt(n);
            out.write(labels);
        }
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            status = Main.run(args);
        } finally {
            System.setOut(old);
        }
        assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    @SuppressWarnings("unchecked")
    void printsAndWritesMetricsWithTheModelsClassNamesAndStandardizer() throws IOException {
        Path data = dir.resolve("idx");
        Files.createDirectories(data);
        writeIdx(data, "train", 50, 1);
        writeIdx(data, "t10k", 300, 2);
        Dataset test = MnistFormat.load(data, 0).test();
        Standardizer s = Standardizer.fit(test);
        Model mlp = Model.mlp(new int[] {16, 12, 10}, Activation.RELU, 4);
        List<String> names = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
        Path model = dir.resolve("m.safetensors");
        ModelFile.save(model, mlp, ModelMetadata.EMPTY.withClassNames(names).withStandardizer(s));
        Path json = dir.resolve("out/eval.json"); // the folder does not exist yet

        String out = run("eval", "--model", model.toString(), "--data", data.toString(), "--threads", "1",
                "--batch", "64", "--json", json.toString());
        double accuracy = mlp.accuracy(s.apply(test));
        assertTrue(out.contains(TrainCommand.percent(accuracy) + " (300 examples"), out);
        assertTrue(out.contains("macro avg"), out);
        assertTrue(out.contains("seven"), out);
        assertTrue(out.contains("true \\ predicted"), out);

        Map<String, Object> r = (Map<String, Object>) Json.parse(Files.readString(json));
        assertEquals(accuracy, ((Number) r.get("accuracy")).doubleValue(), 1e-12, "the standardizer was applied");
        assertEquals(300, ((Number) r.get("examples")).intValue());
        assertEquals(names, r.get("class_names"));
        List<Map<String, Object>> perClass = (List<Map<String, Object>>) r.get("per_class");
        assertEquals(10, perClass.size());
        assertEquals("three", perClass.get(3).get("class"));
        long support = 0;
        for (Map<String, Object> c : perClass) {
            support += ((Number) c.get("support")).longValue();
        }
        assertEquals(300, support);
        List<List<Number>> confusion = (List<List<Number>>) r.get("confusion_matrix");
        long total = 0;
        for (List<Number> row : confusion) {
            for (Number v : row) {
                total += v.longValue();
            }
        }
        assertEquals(300, total);
        double logLoss = ((Number) r.get("log_loss")).doubleValue();
        assertTrue(logLoss > 0 && logLoss < 20, "log-loss " + logLoss);
        double macroF1 = ((Number) r.get("macro_f1")).doubleValue();
        assertTrue(macroF1 >= 0 && macroF1 <= 1, "macro-F1 " + macroF1);
    }

    @Test
    void softmaxRowsAreProbabilities() {
        float[] logits = {1000f, 0f, -1000f, 0.5f, 0.5f, 0.5f};
        float[] p = new float[6];
        System.arraycopy(logits, 0, p, 0, 6);
        io.github.meprop.nn.SoftmaxCrossEntropy.softmax(p, 2, 3);
        Metrics.checkProbabilities(p, 2, 3);
        assertEquals(1f, p[0]);
        assertEquals(0f, p[2]);
        assertEquals(1f / 3, p[4], 1e-7f);
    }
}
