package io.github.meprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.io.json.Json;
import io.github.meprop.nn.ModelFile;
import io.github.meprop.nn.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train → save → eval → compress through {@link Main#run}, on a tiny synthetic IDX data set. */
class CommandLineTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void writeData() throws IOException {
        data = Cli.tinyData(dir.resolve("tiny"), 600, 200);
    }

    private static Cli.Run run(String... args) {
        return Cli.run(args);
    }

    @Test
    @SuppressWarnings("unchecked")
    void trainSimplifySaveEvalCompress() throws IOException {
        Path model = dir.resolve("models/new/model.safetensors"); // folders that do not exist yet
        Path json = dir.resolve("results/run.json");
        Cli.Run train = run("train", "--data", data.toString(), "--dev", "100", "--hidden", "40,30", "--k", "12",
                "--epochs", "4", "--batch", "25", "--threads", "1", "--progress", "none", "--simplify", "--cycle", "2",
                "--prune", "0.2", "--merge", "0.999", "--count", "selected", "--save", model.toString(), "--json", json.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("meSimp: 16 prune points, hidden 40-30 -> "), train.out());

        Model saved = ModelFile.load(model);
        Map<String, Object> r = (Map<String, Object>) Json.parse(Files.readString(json));
        List<Object> hidden = (List<Object>) r.get("hidden_sizes");
        assertEquals(saved.hiddenSizes()[0], ((Number) hidden.get(0)).intValue());
        assertEquals(saved.hiddenSizes()[1], ((Number) hidden.get(1)).intValue());
        assertEquals(saved.parameterCount(), ((Number) r.get("parameters")).longValue());
        assertTrue(saved.hiddenSizes()[0] < 40 || saved.hiddenSizes()[1] < 30, "pruned something");
        assertEquals(0.0, ((Number) r.get("dropout")).doubleValue());

        Path json2 = dir.resolve("results/dropout.json");
        Cli.Run withDropout = run("train", "--data", data.toString(), "--dev", "100", "--hidden", "40,30", "--k", "12",
                "--epochs", "1", "--batch", "25", "--threads", "1", "--progress", "none", "--dropout", "0.25",
                "--optimizer", "sgd", "--lr", "0.05", "--momentum", "0.9", "--json", json2.toString());
        assertEquals(0, withDropout.status(), withDropout.err());
        assertTrue(withDropout.out().contains("dropout"), withDropout.out());
        Map<String, Object> r2 = (Map<String, Object>) Json.parse(Files.readString(json2));
        assertEquals(0.25, ((Number) r2.get("dropout")).doubleValue());
        assertEquals("sgd(lr=0.05, momentum=0.9, clip=5.0)", r2.get("optimizer"));
        Map<String, Object> simp = (Map<String, Object>) r.get("simplification");
        assertEquals(0.2, ((Number) simp.get("prune")).doubleValue());
        assertEquals(2, ((Number) simp.get("cycle_epochs")).intValue());
        assertEquals(0.999, ((Number) simp.get("merge_tau")).doubleValue());
        assertEquals("selected", simp.get("counting"));
        assertEquals(true, simp.get("alternate_cycles"));
        assertEquals(true, simp.get("reset_moments"));
        assertEquals(16, ((List<Object>) simp.get("prune_points")).size());
        assertTrue(r.containsKey("model_epoch"));

        // What train reports is what the saved model scores.
        Cli.Run eval = run("eval", "--model", model.toString(), "--data", data.toString(), "--threads", "1");
        assertEquals(0, eval.status(), eval.err());
        assertTrue(eval.out().contains("test accuracy"), eval.out());
        String reported = TrainCommand.percent(((Number) r.get("test_accuracy")).doubleValue());
        assertTrue(eval.out().contains(reported), reported + " in " + eval.out());
        assertTrue(eval.out().contains(TrainCommand.join(saved.sizes())), eval.out());

        Path small = dir.resolve("compressed/small.safetensors");
        Cli.Run compress = run("compress", "--model", model.toString(), "--out", small.toString(), "--merge", "0.9",
                "--data", data.toString(), "--dev", "100", "--threads", "1");
        assertEquals(0, compress.status(), compress.err());
        assertTrue(compress.out().contains("test accuracy"), compress.out());
        Model c = ModelFile.load(small);
        assertTrue(c.parameterCount() <= saved.parameterCount());

        // Merging only, no data: no accuracy line.
        Path merged = dir.resolve("merged.safetensors");
        Cli.Run mergeOnly = run("compress", "--model", model.toString(), "--out", merged.toString(), "--merge", "1");
        assertEquals(0, mergeOnly.status(), mergeOnly.err());
        assertFalse(mergeOnly.out().contains("test accuracy"), mergeOnly.out());
        assertTrue(Files.exists(merged));
    }

    @Test
    void compressWithExactMergingKeepsPredictions() throws IOException {
        // A model with a planted duplicate neuron: compress --merge 1 removes it and nothing changes.
        Model m = Model.mlp(new int[] {36, 8, 10}, io.github.meprop.nn.Activation.RELU, 5);
        float[] w = m.dense(0).weights();
        System.arraycopy(w, 2 * 36, w, 6 * 36, 36);
        Path in = dir.resolve("dup.safetensors");
        ModelFile.save(in, m);
        Path out = dir.resolve("dup-merged.safetensors");
        Cli.Run r = run("compress", "--model", in.toString(), "--out", out.toString(), "--merge", "1", "--data",
                data.toString(), "--dev", "100", "--threads", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("0 of 200"), "no test prediction changed:\n" + r.out());
        Model c = ModelFile.load(out);
        assertTrue(c.hiddenSizes()[0] <= 7, "the duplicate was merged: " + c);
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(2, run("train", "--data", data.toString(), "--prune", "0.2").status(), "--prune needs --simplify");
        assertEquals(2, run("train", "--data", data.toString(), "--simplify", "--mode", "dense").status());
        assertEquals(2, run("train", "--data", data.toString(), "--simplify", "--merge", "1.5").status());
        assertEquals(2, run("train", "--data", data.toString(), "--simplify", "--activation", "tanh", "--merge", "0.9")
                .status());
        assertEquals(2, run("train", "--data", data.toString(), "--simplify", "--cycle", "0").status());
        assertEquals(2, run("train", "--data", data.toString(), "--simplify", "--count", "some").status());
        assertEquals(2, run("train", "--data", data.toString(), "--count", "selected").status());
        assertEquals(2, run("train", "--data", data.toString(), "--no-moment-reset").status());
        Cli.Run dropout = run("train", "--data", data.toString(), "--dropout", "1");
        assertEquals(2, dropout.status());
        assertTrue(dropout.err().contains("--dropout"), dropout.err());
        assertEquals(2, run("train", "--data", data.toString(), "--dropout", "-0.1").status());
        Cli.Run momentum = run("train", "--data", data.toString(), "--momentum", "0.9");
        assertEquals(2, momentum.status(), "momentum needs --optimizer sgd");
        assertTrue(momentum.err().contains("--momentum") && momentum.err().contains("optimizer adam"), momentum.err());
        assertEquals(2, run("train", "--data", data.toString(), "--optimizer", "sgd", "--momentum", "1").status());
        assertEquals(2, run("compress", "--model", "x", "--out", "y").status(), "nothing to do");
        assertEquals(2, run("compress", "--model", "x", "--out", "y", "--merge", "0").status());
        assertEquals(2, run("compress", "--out", "y", "--merge", "0.9").status(), "--model is required");
        assertEquals(2, run("eval", "--data", data.toString()).status(), "--model is required");
        assertEquals(2, run("eval", "--model").status());
    }

    @Test
    void failuresExitWith1AndOneLine() throws IOException {
        Cli.Run missing = run("eval", "--model", dir.resolve("none.safetensors").toString(), "--data", data.toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().startsWith("meprop: "), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());

        Path corrupt = dir.resolve("corrupt.safetensors");
        Files.write(corrupt, new byte[] {1, 2, 3});
        Cli.Run bad = run("eval", "--model", corrupt.toString(), "--data", data.toString());
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains(corrupt.toString()), bad.err());

        Cli.Run badCompress = run("compress", "--model", corrupt.toString(), "--out", dir.resolve("o").toString(),
                "--merge", "0.9");
        assertEquals(1, badCompress.status());
        assertFalse(Files.exists(dir.resolve("o")));

        // A model whose input width does not match the data.
        Path wrong = dir.resolve("wrong.safetensors");
        ModelFile.save(wrong, Model.mlp(new int[] {5, 4, 10}, io.github.meprop.nn.Activation.RELU, 1));
        Cli.Run width = run("eval", "--model", wrong.toString(), "--data", data.toString());
        assertEquals(1, width.status());
        assertTrue(width.err().contains("36 features") && width.err().contains("expects 5"), width.err());

        Cli.Run tanhMerge = run("compress", "--model", tanhModel().toString(), "--out", dir.resolve("t2").toString(),
                "--merge", "0.9");
        assertEquals(1, tanhMerge.status());
        assertTrue(tanhMerge.err().contains("ReLU"), tanhMerge.err());
    }

    private static Path tanhModel() throws IOException {
        Path p = dir.resolve("tanh.safetensors");
        ModelFile.save(p, Model.mlp(new int[] {36, 4, 10}, io.github.meprop.nn.Activation.TANH, 1));
        return p;
    }

    @Test
    void helpListsTheNewCommands() {
        Cli.Run help = run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("eval") && help.out().contains("compress"), help.out());
        Cli.Run trainHelp = run("train", "--help");
        assertTrue(trainHelp.out().contains("--simplify") && trainHelp.out().contains("--merge"), trainHelp.out());
    }
}
