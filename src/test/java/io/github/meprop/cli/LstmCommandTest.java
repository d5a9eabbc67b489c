package io.github.meprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.io.json.Json;
import io.github.meprop.nn.Lstm;
import io.github.meprop.nn.Model;
import io.github.meprop.nn.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --model lstm} (the 6×6 images of the tiny data set read row by row: 6 steps of 6
 * features) → save → eval → compress, meSimp on the LSTM, and the options that do not apply to it.
 */
class LstmCommandTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void writeData() throws IOException {
        data = Cli.tinyData(dir.resolve("tiny"), 600, 200);
    }

    private static String[] train(String... extra) {
        return args(List.of("--steps", "6", "--hidden", "24"), extra);
    }

    /** train --model lstm on the tiny data with {@code given} (e.g. --steps, --hidden) and then extra. */
    private static String[] args(List<String> given, String... extra) {
        List<String> b = new java.util.ArrayList<>(List.of("train", "--model", "lstm", "--data", data.toString(), "--dev",
                "100", "--epochs", "3", "--batch", "25", "--threads", "1", "--progress", "none"));
        b.addAll(given);
        String[] base = b.toArray(new String[0]);
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    @SuppressWarnings("unchecked")
    void trainSaveEvalCompressAnLstm() throws IOException {
        Path model = dir.resolve("lstm/model.safetensors");
        Path json = dir.resolve("lstm/run.json");
        Cli.Run t = Cli.run(train("--mode", "topk", "--k", "10", "--optimizer", "adam", "--lr", "0.01", "--save",
                model.toString(), "--json", json.toString()));
        assertEquals(0, t.status(), t.err());
        assertTrue(t.out().contains("LSTM 6 steps x 6 features, 24 units, output 10"), t.out());
        Map<String, Object> r = (Map<String, Object>) Json.parse(Files.readString(json));
        assertEquals("lstm", r.get("model"));
        assertEquals(6, ((Number) r.get("steps")).intValue());
        assertEquals(6, ((Number) r.get("features")).intValue());
        assertNull(r.get("activation"));
        assertEquals("topk", r.get("mode"));
        assertEquals(List.of(24L), r.get("hidden_sizes"));
        // k = 10 of the 96 gate entries per example and step: automatic dropout applies (10/96 < 1/4).
        assertEquals(0.3, ((Number) r.get("dropout")).doubleValue(), 1e-6);
        List<Object> history = (List<Object>) r.get("history");
        Map<String, Object> last = (Map<String, Object>) history.get(history.size() - 1);
        assertEquals(List.of(10.0), last.get("mean_k"));
        double acc = ((Number) r.get("test_accuracy")).doubleValue();
        assertTrue(acc > 0.5, "learned something: " + acc);

        Model saved = ModelFile.load(model);
        assertTrue(saved.layer(0) instanceof Lstm l && l.steps() == 6 && l.units() == 24, saved.toString());
        Cli.Run eval = Cli.run("eval", "--model", model.toString(), "--data", data.toString(), "--threads", "1");
        assertEquals(0, eval.status(), eval.err());
        assertTrue(eval.out().contains(TrainCommand.percent(acc)), TrainCommand.percent(acc) + " in " + eval.out());
        assertTrue(eval.out().contains("lstm, dense"), eval.out());

        // compress: dead-unit removal applies to dense hidden layers only, so nothing changes.
        Path out = dir.resolve("lstm/compressed.safetensors");
        Cli.Run c = Cli.run("compress", "--model", model.toString(), "--out", out.toString(), "--data", data.toString(),
                "--dev", "100", "--threads", "1");
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().contains("0 of 200"), c.out());
        assertEquals(saved.parameterCount(), ModelFile.load(out).parameterCount());
        Cli.Run merge = Cli.run("compress", "--model", model.toString(), "--out", dir.resolve("lstm/m").toString(),
                "--merge", "0.9");
        assertEquals(1, merge.status());
        assertTrue(merge.err().contains("ReLU"), merge.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void simplifyPrunesLstmUnits() throws IOException {
        Path json = dir.resolve("simp.json");
        Cli.Run t = Cli.run(train("--mode", "topk", "--k", "12", "--lr", "0.01", "--simplify", "--cycle", "1",
                "--prune-every-cycle", "--prune", "0.25", "--json", json.toString()));
        assertEquals(0, t.status(), t.err());
        assertTrue(t.out().contains("meSimp: 24 prune points, hidden 24 -> "), t.out());
        Map<String, Object> r = (Map<String, Object>) Json.parse(Files.readString(json));
        int kept = ((Number) ((List<Object>) r.get("hidden_sizes")).get(0)).intValue();
        assertTrue(kept < 24, "some of 24 units pruned, kept " + kept);
    }

    @Test
    void optionsThatDoNotApplyToAnLstmAreUsageErrors() {
        Cli.Run act = Cli.run(train("--activation", "tanh"));
        assertEquals(2, act.status());
        assertTrue(act.err().contains("--activation"), act.err());
        Cli.Run hidden = Cli.run(args(List.of("--steps", "6", "--hidden", "10,10")));
        assertEquals(2, hidden.status());
        assertTrue(hidden.err().contains("--hidden"), hidden.err());
        Cli.Run steps = Cli.run(args(List.of("--steps", "5")));
        assertEquals(2, steps.status());
        assertTrue(steps.err().contains("--steps") && steps.err().contains("36"), steps.err());
        Cli.Run merge = Cli.run(train("--simplify", "--merge", "0.9"));
        assertEquals(2, merge.status());
        assertTrue(merge.err().contains("--merge"), merge.err());
        Cli.Run dead = Cli.run(train("--simplify", "--rules", "prune,dead"));
        assertEquals(2, dead.status());
        assertTrue(dead.err().contains("--rules"), dead.err());
        Cli.Run k = Cli.run(train("--k", "97"));
        assertEquals(2, k.status());
        assertTrue(k.err().contains("--k") && k.err().contains("width 96"), k.err());
        Cli.Run model = Cli.run("train", "--model", "gru", "--data", data.toString());
        assertEquals(2, model.status());
        assertTrue(model.err().contains("--model"), model.err());
        Cli.Run mlpSteps = Cli.run("train", "--steps", "6", "--data", data.toString());
        assertEquals(2, mlpSteps.status());
        assertTrue(mlpSteps.err().contains("--steps"), mlpSteps.err());
    }
}
