package io.github.meprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.io.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plot: series names that cannot clash, degenerate values, and output written whole or not at all. */
class PlotCommandTest {
    @TempDir
    Path dir;

    private Path result(String name, String mode, String k, String optimizer, Object accuracy, double backward,
            long seed) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", "mnist");
        m.put("test_accuracy", accuracy);
        m.put("backward_seconds", backward);
        m.put("mode", mode);
        m.put("k", k);
        m.put("optimizer", optimizer);
        m.put("dropout", 0.0);
        m.put("seed", seed);
        List<Object> history = new ArrayList<>();
        for (int e = 1; e <= 3; e++) {
            history.add(Map.of("epoch", e, "dev_accuracy", 0.9 + e * 0.01));
        }
        m.put("history", history);
        return Files.writeString(dir.resolve(name), Json.writePretty(m));
    }

    /** A result file whose epochs report the mean k per hidden layer (as train --json does now). */
    private Path withMeanK(String name, String mode, String k, double accuracy, long seed, double... meanK)
            throws IOException {
        Path p = result(name, mode, k, ADAM, accuracy, 5.0, seed);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(Files.readString(p));
        List<Object> history = new ArrayList<>();
        for (int e = 1; e <= 2; e++) {
            history.add(Map.of("epoch", e, "dev_accuracy", 0.9, "mean_k", List.of(meanK[0], meanK[1])));
        }
        m.put("history", history);
        return Files.writeString(p, Json.writePretty(m));
    }

    @Test
    void meanKChartAveragesTheSeedsOfEachSettingAtTheKTheyKept() throws IOException {
        Path a1 = withMeanK("a1.json", "adaptive", "mass=0.25,k-min=1,k-max=40", 0.98, 1, 22, 14);
        Path a2 = withMeanK("a2.json", "adaptive", "mass=0.25,k-min=1,k-max=40", 0.982, 2, 24, 16);
        Path t1 = withMeanK("t1.json", "topk", "20", 0.984, 1, 20, 20);
        Path old = result("old.json", "topk", "80", ADAM, 0.98, 9.0, 1);
        Path out = dir.resolve("img");
        Cli.Run r = Cli.run("plot", "--out", out.toString(), a1.toString(), a2.toString(), t1.toString(), old.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("mnist-accuracy-vs-k.png", "mnist-accuracy-vs-mean-k.png", "mnist-backward-vs-k.png",
                "mnist-dev-accuracy.png"), files(out));
        assertTrue(r.err().contains(old + ": no mean_k"), r.err());
        assertEquals(18.0, ResultFile.read(a1).meanK(), 1e-9);
        assertTrue(Double.isNaN(ResultFile.read(old).meanK()));
    }

    @Test
    void aWidenedFloatDropoutReadsAsTheFloatItWas() throws IOException {
        Path p = result("w.json", "topk", "20", ADAM, 0.98, 5.0, 1);
        Files.writeString(p, Files.readString(p).replace("\"dropout\": 0.0", "\"dropout\": 0.30000001192092896"));
        assertEquals(0.3, ResultFile.read(p).dropout(), 0.0);
    }

    private static final String ADAM = "adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8, clip=5.0, dense)";
    private static final String SGD = "sgd(lr=0.5, clip=5.0)";

    private List<String> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void runsWithTheSameLabelGetNamesThatTellThemApart() throws IOException {
        Path adam = result("adam-20.json", "topk", "20", ADAM, 0.95, 7.0, 1);
        Path sgd = result("sgd-20.json", "topk", "20", SGD, 0.98, 6.5, 1);
        Path adam80 = result("adam-80.json", "topk", "80", ADAM, 0.97, 9.0, 1);
        Path seed2 = result("adam-20-s2.json", "topk", "20", ADAM, 0.951, 7.1, 2);
        Path dense = result("dense.json", "dense", "", ADAM, 0.98, 20.0, 1);
        Path dense2 = result("dense-copy.json", "dense", "", ADAM, 0.98, 20.0, 1);
        Path out = dir.resolve("img");
        Cli.Run r = Cli.run("plot", "--out", out.toString(), adam.toString(), sgd.toString(), adam80.toString(),
                seed2.toString(), dense.toString(), dense2.toString(), adam.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("mnist-accuracy-vs-k.png", "mnist-backward-vs-k.png", "mnist-dev-accuracy.png"), files(out));
        assertEquals("meprop: warning: " + adam + ": given more than once; plotted once", r.err().strip());
    }

    @Test
    void degenerateValuesAreLeftOutWithAWarning() throws IOException {
        Path zero = result("k0.json", "topk", "0", ADAM, 0.5, 1.0, 1);
        Path nan = result("nan.json", "topk", "20", ADAM, null, 0.0, 1);
        Path ok = result("ok.json", "topk", "40", ADAM, 0.9, 2.0, 1);
        Path out = dir.resolve("img");
        Cli.Run r = Cli.run("plot", "--out", out.toString(), zero.toString(), nan.toString(), ok.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(3, files(out).size());
        assertTrue(r.err().contains(zero + ": k = 0 cannot be placed on the logarithmic k axis"), r.err());
        assertTrue(r.err().contains(nan + ": test accuracy (%) is not a number"), r.err());
        assertTrue(r.err().contains(nan + ": backward seconds (20 epochs) is 0.0, which the logarithmic axis cannot show"),
                r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aMalformedFieldIsNamedWithItsFile() throws IOException {
        Path badK = result("bad-k.json", "topk", "many", ADAM, 0.9, 1.0, 1);
        Cli.Run r = Cli.run("plot", "--out", dir.resolve("img").toString(), badK.toString());
        assertEquals(1, r.status());
        assertEquals("meprop: " + badK + ": field 'k' is \"many\", expected a count such as 20 or a percentage such as 4%",
                r.err().strip());
        Path noMode = Files.writeString(dir.resolve("no-mode.json"), "{\"data\":\"mnist\"}");
        r = Cli.run("plot", "--out", dir.resolve("img").toString(), noMode.toString());
        assertEquals("meprop: " + noMode + ": field 'mode' is missing", r.err().strip());
        assertFalse(Files.exists(dir.resolve("img")));
    }

    @Test
    void anUnusableOutputFolderIsNamedAndNothingIsWritten() throws IOException {
        Path ok = result("ok.json", "topk", "40", ADAM, 0.9, 2.0, 1);
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        Cli.Run r = Cli.run("plot", "--out", file.toString(), ok.toString());
        assertEquals(1, r.status());
        assertEquals("meprop: " + file + ": not a directory (--out names the folder for the PNG files)", r.err().strip());
        assertEquals("x", Files.readString(file));

        // The second PNG's name is taken by a folder: found before the first is written.
        Path out = Files.createDirectories(dir.resolve("img"));
        Files.createDirectory(out.resolve("mnist-backward-vs-k.png"));
        r = Cli.run("plot", "--out", out.toString(), ok.toString());
        assertEquals(1, r.status());
        assertEquals("meprop: " + out.resolve("mnist-backward-vs-k.png") + ": is a directory", r.err().strip());
        assertEquals(List.of("mnist-backward-vs-k.png"), files(out));
    }

    @Test
    void uniqueNamesAddTheFileThenANumber() {
        assertEquals(List.of("a", "b (f2)", "b (f3)", "c (f4)", "c (f4) #2"),
                SeriesNames.unique(List.of("a", "b", "b", "c", "c"), List.of("f1", "f2", "f3", "f4", "f4")));
    }
}
