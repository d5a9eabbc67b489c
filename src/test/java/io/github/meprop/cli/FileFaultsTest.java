package io.github.meprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.io.json.Json;
import io.github.meprop.nn.Activation;
import io.github.meprop.nn.ModelFile;
import io.github.meprop.nn.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File-system faults in every command: exit status 1 and one line "PATH: reason" naming the file
 * the user gave (never a temporary file), found before training where they can be.
 */
class FileFaultsTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path model;

    @BeforeAll
    static void setUp() throws IOException {
        data = Cli.tinyData(dir.resolve("tiny"), 300, 50);
        model = dir.resolve("m.safetensors");
        ModelFile.save(model, Model.mlp(new int[] {36, 8, 10}, Activation.RELU, 1));
    }

    private static Cli.Run train(String... more) {
        return trainOn(data, more);
    }

    private static Cli.Run trainOn(Path d, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", d.toString(), "--dev", "50",
                "--hidden", "24", "--epochs", "1", "--progress", "none", "--threads", "1"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static void assertFailure(Cli.Run r, String line) {
        assertEquals(1, r.status(), r.err());
        assertEquals("meprop: " + line, r.err().strip());
    }

    /** A folder in which no file can be created, even by root: a read-only bind or /sys. */
    private static Path unwritableFolder() throws IOException {
        Path ro = Files.createDirectories(dir.resolve("read-only"));
        ro.toFile().setWritable(false, false);
        try {
            Files.delete(Files.createFile(ro.resolve("probe")));
        } catch (IOException denied) {
            return ro; // not root: the permission bits hold
        }
        Path sys = Path.of("/sys");
        try {
            Files.delete(Files.createFile(sys.resolve("meprop-probe")));
        } catch (IOException denied) {
            return sys;
        }
        throw new IllegalStateException("no folder here refuses new files, not even /sys");
    }

    @Test
    void aMissingOrDirectoryModelIsNamedWithTheReason() throws IOException {
        Path missing = dir.resolve("none.safetensors");
        assertFailure(Cli.run("eval", "--model", missing.toString(), "--data", data.toString()),
                missing + ": no such file");
        Path folder = Files.createDirectories(dir.resolve("folder.safetensors"));
        assertFailure(Cli.run("eval", "--model", folder.toString(), "--data", data.toString()),
                folder + ": is a directory");
        assertFailure(Cli.run("compress", "--model", folder.toString(), "--out", dir.resolve("c.st").toString(),
                "--merge", "0.9"), folder + ": is a directory");
        assertFalse(Files.exists(dir.resolve("c.st")));
    }

    @Test
    void aMissingDataFolderOrDataFileIsNamed() throws IOException {
        Path nowhere = dir.resolve("nowhere");
        Cli.Run r = Cli.run("eval", "--model", model.toString(), "--data", nowhere.toString());
        assertFailure(r, nowhere + ": no such directory for --data " + nowhere);

        Path partial = Files.createDirectories(dir.resolve("partial"));
        Files.copy(data.resolve("train-images-idx3-ubyte"), partial.resolve("train-images-idx3-ubyte"));
        r = trainOn(partial);
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("meprop: " + partial.resolve("train-labels-idx1-ubyte") + ": no such file, nor train-labels-idx1-ubyte.gz"), r.err());
    }

    @Test
    void aTruncatedGzipDataFileSaysSo() throws IOException {
        Path gz = Files.createDirectories(dir.resolve("gz"));
        for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte"}) {
            byte[] raw = Files.readAllBytes(data.resolve(f));
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            try (var out = new java.util.zip.GZIPOutputStream(b)) {
                out.write(raw);
            }
            byte[] z = b.toByteArray();
            // The training images lose their last 5 bytes (part of the trailer), as an interrupted download.
            Files.write(gz.resolve(f + ".gz"), f.startsWith("train-images") ? Arrays.copyOf(z, z.length - 5) : z);
        }
        Cli.Run r = trainOn(gz);
        assertFailure(r, gz.resolve("train-images-idx3-ubyte.gz") + ": truncated gzip data: the compressed stream ends"
                + " before its end marker (an incomplete download?)");
    }

    @Test
    void unusableOutputsAreFoundBeforeTraining() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
        Path save = blocker.resolve("model.safetensors");
        Cli.Run r = train("--save", save.toString());
        assertFailure(r, save + ": cannot create folder " + blocker + ": a file of that name exists");
        assertFalse(r.out().contains("epoch"), "found before training:\n" + r.out());

        Path json = unwritableFolder().resolve("run.json");
        r = train("--json", json.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().startsWith("meprop: " + json + ": "), r.err());
        assertTrue(r.err().contains("permission denied") || r.err().contains("read-only"), r.err());
        assertFalse(r.out().contains("epoch"), "found before training:\n" + r.out());

        Path folder = Files.createDirectories(dir.resolve("out-folder"));
        assertFailure(train("--json", folder.toString()), folder + ": is a directory");
        assertFailure(Cli.run("compress", "--model", model.toString(), "--out", folder.toString(), "--merge", "0.9"),
                folder + ": is a directory");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJsonComesAfterTheModelAndSaysWhetherItWasSaved() throws IOException {
        Path out = Files.createDirectories(dir.resolve("ordered"));
        Path save = out.resolve("model.safetensors");
        Path json = out.resolve("run.json");
        // Leftovers of a save killed midway, by a process that is gone.
        Process p = new ProcessBuilder("true").start();
        long deadPid = p.pid();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        Path stale = Files.writeString(out.resolve(".model.safetensors.tmp-" + deadPid + "-0badf00d"), "half");
        Cli.Run r = train("--save", save.toString(), "--json", json.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().indexOf("model saved to") < r.out().indexOf("results written to"), r.out());
        Map<String, Object> m = (Map<String, Object>) Json.parse(Files.readString(json));
        assertEquals(save.toString(), m.get("model_file"));
        assertEquals(true, m.get("model_saved"));
        assertFalse(Files.exists(stale), "the stale temporary file of the earlier save is gone");
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("model.safetensors", "run.json"), s.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aMalformedResultFileIsNamed() throws IOException {
        Path notUtf8 = Files.write(dir.resolve("latin1.json"), new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});
        assertFailure(Cli.run("plot", "--out", dir.resolve("img").toString(), notUtf8.toString()),
                notUtf8 + ": not valid UTF-8 text");
        Path notJson = Files.writeString(dir.resolve("not.json"), "{\"data\": ");
        Cli.Run r = Cli.run("plot", "--out", dir.resolve("img").toString(), notJson.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("meprop: " + notJson + ": not a train --json result file: JSON error at position 9"),
                r.err());
        Path missing = dir.resolve("missing.json");
        assertFailure(Cli.run("plot", "--out", dir.resolve("img").toString(), missing.toString()),
                missing + ": no such file");
        assertFalse(Files.exists(dir.resolve("img")), "nothing written");
    }
}
