package io.github.meprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.io.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults that need a JVM of their own: a small heap (out of memory), a file-size limit (a save
 * that fails with "File too large"), a thread count far above the processors.
 */
class ProcessFaultsTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void setUp() throws IOException {
        data = Cli.tinyData(dir.resolve("tiny"), 300, 50);
    }

    private record Result(int status, String out, String err) {}

    /** Runs {@code Main} in a new JVM through bash (for ulimit), on this JVM's class path. */
    private static Result meprop(String shellPrefix, String... args) throws IOException, InterruptedException {
        // The java of this JVM, or the wrapper that runs it (-P jdk21: meprop.test.java).
        String java = System.getProperty("meprop.test.java",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(args));
        StringBuilder line = new StringBuilder(shellPrefix).append(" exec");
        for (String c : cmd) {
            line.append(" '").append(c.replace("'", "'\\''")).append("'");
        }
        Process p = new ProcessBuilder("bash", "-c", line.toString()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        // Without --add-modules the kernel provider logs which kernels it uses: not part of the failure.
        String errText = new String(err, StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("INFO: "))
                .collect(Collectors.joining("\n"));
        Result r = new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), errText);
        System.out.println(String.join(" ", args) + " -> " + r.status + ": " + r.err.strip());
        return r;
    }

    @Test
    void runningOutOfHeapIsOneLineSayingWhatAndHow() throws Exception {
        // 40,000 images of 28 × 28: 31 MB of bytes, 125 MB of floats: more than a 64 MB heap.
        Path big = Files.createDirectories(dir.resolve("big"));
        int n = 40_000;
        for (String prefix : new String[] {"train", "t10k"}) {
            java.nio.ByteBuffer images = java.nio.ByteBuffer.allocate(16 + n * 784);
            images.putInt(0x803).putInt(n).putInt(28).putInt(28);
            Files.write(big.resolve(prefix + "-images-idx3-ubyte"), images.array());
            java.nio.ByteBuffer labels = java.nio.ByteBuffer.allocate(8 + n);
            labels.putInt(0x801).putInt(n);
            Files.write(big.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
        }
        Result r = meprop("", "-Xmx64m", "io.github.meprop.cli.Main", "train", "--data", big.toString(), "--epochs", "1");
        assertEquals(1, r.status, r.err);
        String err = r.err.strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("meprop: out of memory while loading the data set " + big
                + ": the JVM may use at most "), err);
        assertTrue(err.endsWith("give it more, e.g. MEPROP_JAVA_OPTS=-Xmx2g for bin/meprop (java -Xmx2g otherwise)"), err);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSaveBeyondTheFileSizeLimitNamesTheTargetAndTheJsonSaysSo() throws Exception {
        Path out = Files.createDirectories(dir.resolve("limited"));
        Path save = out.resolve("model.safetensors");
        Path json = out.resolve("run.json");
        // ulimit -f counts 1024-byte blocks: 64 KB, less than the 36-500-10 model (about 92 KB).
        Result r = meprop("ulimit -f 64;", "io.github.meprop.cli.Main", "train", "--data", data.toString(), "--dev", "50",
                "--hidden", "500", "--epochs", "1", "--progress", "none", "--threads", "1", "--save", save.toString(),
                "--json", json.toString());
        assertEquals(1, r.status, r.err);
        assertEquals("meprop: " + save + ": file too large or disk full", r.err.strip());
        assertFalse(Files.exists(save));
        Map<String, Object> m = (Map<String, Object>) Json.parse(Files.readString(json));
        assertEquals(false, m.get("model_saved"));
        assertEquals(save + ": file too large or disk full", m.get("save_error"));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("run.json"), s.map(f -> f.getFileName().toString()).toList(), "no temporary file left");
        }
    }

    @Test
    void aThreadCountFarAboveTheProcessorsIsCappedWithAWarning() throws Exception {
        int cap = ThreadsOption.PER_PROCESSOR * Runtime.getRuntime().availableProcessors();
        Result r = meprop("", "io.github.meprop.cli.Main", "train", "--data", data.toString(), "--dev", "50", "--hidden",
                "24", "--epochs", "1", "--progress", "none", "--threads", "1000");
        assertEquals(0, r.status, r.err);
        assertTrue(r.err.contains("meprop: warning: --threads 1000 is more than " + ThreadsOption.PER_PROCESSOR
                + " per processor (" + Runtime.getRuntime().availableProcessors() + " available); using " + cap), r.err);
        assertTrue(r.out.contains(", " + cap + " threads"), r.out);
    }
}
