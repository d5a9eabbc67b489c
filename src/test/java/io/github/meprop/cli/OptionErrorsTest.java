package io.github.meprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every option value the library rejects: exit status 2 and one line that starts with the option
 * that is wrong, before any data is read or any file written.
 */
class OptionErrorsTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path model;

    @BeforeAll
    static void setUp() throws IOException {
        data = Cli.tinyData(dir.resolve("tiny"), 300, 50);
        model = dir.resolve("m.safetensors");
        io.github.meprop.nn.ModelFile.save(model, io.github.meprop.nn.Model.mlp(new int[] {36, 8, 10},
                io.github.meprop.nn.Activation.RELU, 1));
    }

    /** (the option blamed, the arguments after the command). */
    static Stream<Arguments> trainErrors() {
        List<Arguments> cases = new ArrayList<>();
        String[][] table = {
            {"--batch", "--batch", "0"},
            {"--batch", "--batch", "-5"},
            {"--epochs", "--epochs", "0"},
            {"--lr", "--lr", "NaN"},
            {"--lr", "--lr", "-0.1"},
            {"--lr", "--lr", "0", "--optimizer", "sgd"},
            {"--lr", "--lr", "Infinity"},
            {"--clip", "--clip", "-1"},
            {"--clip", "--clip", "NaN"},
            {"--k", "--k", "0"},
            {"--k", "--k", "-3"},
            {"--k", "--k", "abc"},
            {"--k", "--k", "0%"},
            {"--k", "--k", "101%"},
            {"--k", "--k", "41", "--hidden", "40"},
            {"--threads", "--threads", "0"},
            {"--threads", "--threads", "-2"},
            {"--mode", "--mode", "sideways"},
            {"--activation", "--activation", "swish"},
            {"--optimizer", "--optimizer", "rmsprop"},
            {"--hidden", "--hidden", "0"},
            {"--hidden", "--hidden", "40,-1"},
            {"--hidden", "--hidden", "20000000"},
            {"--warmup", "--warmup", "-1"},
            {"--warmup", "--warmup", "NaN"},
            {"--progress", "--progress", "fancy"},
            {"--dropout", "--dropout", "1"},
            {"--momentum", "--momentum", "0.9"},
            {"--momentum", "--momentum", "-0.5", "--optimizer", "sgd"},
            {"--dev", "--dev", "-1"},
            {"--dev", "--dev", "300"},
            {"--prune", "--simplify", "--prune", "1.5"},
            {"--cycle", "--simplify", "--cycle", "0"},
            {"--prune-points", "--simplify", "--prune-points", "0"},
            {"--merge", "--simplify", "--merge", "0"},
            {"--count", "--simplify", "--count", "all"},
            {"--simplify", "--simplify", "--mode", "dense"},
            {"--json", "--json", "same.json", "--save", "same.json"},
        };
        for (String[] row : table) {
            cases.add(Arguments.of(row[0], List.of(row).subList(1, row.length)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "train {1} blames {0}")
    @MethodSource("trainErrors")
    void trainBlamesTheOptionThatIsWrong(String option, List<String> args) {
        List<String> all = new ArrayList<>(List.of("train", "--data", data.toString()));
        String[][] defaults = {{"--epochs", "1"}, {"--progress", "none"}, {"--hidden", "40"}, {"--dev", "50"}};
        for (String[] d : defaults) {
            if (!args.contains(d[0])) {
                all.addAll(List.of(d));
            }
        }
        all.addAll(args);
        assertUsageError(option, Cli.run(all.toArray(String[]::new)));
    }

    @org.junit.jupiter.api.Test
    void aRunThatDoesNotFitTheHeapBlamesHiddenOrBatch() throws IOException {
        long heap = Runtime.getRuntime().maxMemory();
        // 36 inputs, 10 classes: the model takes about 46 × 16 bytes per hidden unit (Adam), each
        // example of a batch 12. A width whose model takes a quarter of the heap, and a batch
        // that needs two heaps (its arrays still short enough for Java).
        int width = (int) (heap / 4 / (46 * 16));
        int batch = (int) (2 * heap / (12L * width)) + 1;
        Path wide = Cli.tinyData(dir.resolve("wide"), batch + 100, 20);
        Cli.Run r = Cli.run("train", "--data", wide.toString(), "--dev", "50", "--epochs", "1", "--hidden",
                Integer.toString(width), "--batch", Integer.toString(batch));
        assertUsageError("--batch " + batch, r);
        assertTrue(r.err().contains("MEPROP_JAVA_OPTS=-Xmx"), r.err());

        Cli.Run h = Cli.run("train", "--data", data.toString(), "--dev", "50", "--epochs", "1", "--hidden", "20000000");
        assertUsageError("--hidden 20000000", h);
        assertTrue(h.err().contains("the model 36-20000000-10 needs about "), h.err());
    }

    static Stream<Arguments> otherErrors() {
        return Stream.of(
                Arguments.of("--batch", List.of("eval", "--model", "MODEL", "--data", "DATA", "--batch", "0")),
                Arguments.of("--threads", List.of("eval", "--model", "MODEL", "--data", "DATA", "--threads", "0")),
                Arguments.of("--merge", List.of("compress", "--model", "MODEL", "--out", "OUT", "--merge", "0")),
                Arguments.of("--merge", List.of("compress", "--model", "MODEL", "--out", "OUT", "--merge", "NaN")),
                Arguments.of("--dev", List.of("compress", "--model", "MODEL", "--out", "OUT", "--data", "DATA", "--dev",
                        "-1")),
                Arguments.of("--threads", List.of("compress", "--model", "MODEL", "--out", "OUT", "--merge", "0.9",
                        "--threads", "0")),
                Arguments.of("--magnitude", List.of("compress", "--model", "MODEL", "--out", "OUT", "--magnitude", "0")),
                Arguments.of("--magnitude", List.of("compress", "--model", "MODEL", "--out", "OUT", "--magnitude", "0.5",
                        "--merge", "0.5")),
                Arguments.of("--method", List.of("compress", "--model", "MODEL", "--out", "OUT", "--method", "svd",
                        "--target-width", "10")),
                Arguments.of("--method", List.of("compress", "--model", "MODEL", "--out", "OUT", "--method", "merge")),
                Arguments.of("--target-width", List.of("compress", "--model", "MODEL", "--out", "OUT", "--target-width",
                        "10")),
                Arguments.of("--target-width", List.of("compress", "--model", "MODEL", "--out", "OUT", "--method",
                        "magnitude", "--target-width", "0.5")),
                Arguments.of("--max-loss", List.of("compress", "--model", "MODEL", "--out", "OUT", "--method",
                        "magnitude", "--max-loss", "-1", "--data", "DATA")),
                Arguments.of("--max-loss", List.of("compress", "--model", "MODEL", "--out", "OUT", "--method",
                        "magnitude", "--max-loss", "0.2")),
                Arguments.of("--refit", List.of("compress", "--model", "MODEL", "--out", "OUT", "--merge", "0.5",
                        "--refit")),
                Arguments.of("--ridge", List.of("compress", "--model", "MODEL", "--out", "OUT", "--merge", "0.5",
                        "--data", "DATA", "--ridge", "0.1")),
                Arguments.of("--ridge", List.of("compress", "--model", "MODEL", "--out", "OUT", "--merge", "0.5",
                        "--data", "DATA", "--refit", "--ridge", "-1")),
                Arguments.of("--fine-tune", List.of("compress", "--model", "MODEL", "--out", "OUT", "--data", "DATA",
                        "--fine-tune", "0")),
                Arguments.of("--fine-tune", List.of("compress", "--model", "MODEL", "--out", "OUT", "--merge", "0.5",
                        "--fine-tune", "2")),
                Arguments.of("--simplify", List.of("train", "--data", "DATA", "--refit")),
                Arguments.of("--simplify", List.of("train", "--data", "DATA", "--target-width", "10")),
                Arguments.of("--moment-reset", List.of("train", "--data", "DATA", "--simplify", "--k", "5",
                        "--moment-reset", "sometimes")),
                Arguments.of("--moment-reset", List.of("train", "--data", "DATA", "--simplify", "--k", "5",
                        "--moment-reset", "reference", "--no-moment-reset")),
                Arguments.of("--count", List.of("train", "--data", "DATA", "--simplify", "--k", "5", "--count", "most")),
                Arguments.of("--init-gain", List.of("train", "--data", "DATA", "--init-gain", "0")),
                Arguments.of("--target-width", List.of("train", "--data", "DATA", "--simplify", "--k", "5",
                        "--target-width", "0")),
                Arguments.of("--max-loss", List.of("train", "--data", "DATA", "--simplify", "--k", "5", "--max-loss",
                        "-0.5")),
                Arguments.of("--ridge", List.of("train", "--data", "DATA", "--simplify", "--k", "5", "--ridge", "0.1")),
                Arguments.of("'--batch'", List.of("train", "--batch", "many")),
                Arguments.of("'--threads'", List.of("eval", "--model", "MODEL", "--threads", "1.5")),
                Arguments.of("'--bacth'", List.of("train", "--bacth", "10")));
    }

    @ParameterizedTest(name = "{1} blames {0}")
    @MethodSource("otherErrors")
    void otherCommandsBlameTheOptionThatIsWrong(String option, List<String> args) {
        String[] a = args.stream().map(s -> switch (s) {
            case "MODEL" -> model.toString();
            case "DATA" -> data.toString();
            case "OUT" -> dir.resolve("out.safetensors").toString();
            default -> s;
        }).toArray(String[]::new);
        assertUsageError(option, Cli.run(a));
    }

    private static void assertUsageError(String option, Cli.Run r) {
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.errLines(), "one line: " + r.err());
        // Our checks start with the option; picocli's own messages quote it ("Invalid value for option '--batch'").
        assertTrue(option.startsWith("'") ? r.err().contains(option) : r.err().startsWith("meprop: " + option + ":")
                || r.err().startsWith("meprop: " + option + " "),
                "blames " + option + ": " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertFalse(r.out().contains("epoch"), "nothing ran: " + r.out());
        assertFalse(Files.exists(dir.resolve("out.safetensors")));
    }
}
