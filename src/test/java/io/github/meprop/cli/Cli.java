package io.github.meprop.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Test helpers for the command line: a tiny MNIST-format data set, and {@link Main#run} with captured output. */
final class Cli {
    private Cli() {}

    /** Exit status and what the command printed. */
    record Run(int status, String out, String err) {
        /** stderr's lines. */
        long errLines() {
            return err.strip().lines().count();
        }
    }

    /** Runs the command line in this JVM, capturing stdout and stderr. */
    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        Run r = new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        oldOut.println("meprop " + String.join(" ", args) + " -> " + status + (r.err.isBlank() ? "" : ": " + r.err.strip()));
        return r;
    }

    /**
     * Writes a tiny data set into {@code d}: 10 classes of 6×6 images, class c lights a 2×2 block at
     * a class-specific place, plus noise; {@code train} training and {@code test} test images.
     */
    static Path tinyData(Path d, int train, int test) throws IOException {
        Files.createDirectories(d);
        writeSet(d, "train", train, 1);
        writeSet(d, "t10k", test, 2);
        return d;
    }

    private static void writeSet(Path d, String prefix, int n, long seed) throws IOException {
        int rows = 6;
        int cols = 6;
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] images = new byte[n * rows * cols];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = rnd.nextInt(10);
            labels[i] = (byte) c;
            int r0 = (c / 5) * 3;
            int c0 = c % 5;
            for (int p = 0; p < rows * cols; p++) {
                int r = p / cols;
                int q = p % cols;
                boolean on = r >= r0 && r < r0 + 2 && q >= c0 && q < c0 + 2;
                int v = on ? 200 + rnd.nextInt(56) : rnd.nextInt(60);
                images[i * rows * cols + p] = (byte) v;
            }
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(d.resolve(prefix + "-images-idx3-ubyte")))) {
            out.writeInt(0x803);
            out.writeInt(n);
            out.writeInt(rows);
            out.writeInt(cols);
            out.write(images);
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(d.resolve(prefix + "-labels-idx1-ubyte")))) {
            out.writeInt(0x801);
            out.writeInt(n);
            out.write(labels);
        }
    }
}
