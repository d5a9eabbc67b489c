package io.github.meprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.nn.Activation;
import io.github.meprop.nn.ModelFile;
import io.github.meprop.nn.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model file with NaN weights: refused by eval and compress, and never reported as a figure. */
class NonFiniteModelTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path nan;

    @BeforeAll
    static void setUp() throws IOException {
        data = Cli.tinyData(dir.resolve("tiny"), 300, 50);
        Model m = Model.mlp(new int[] {36, 8, 10}, Activation.RELU, 1);
        m.dense(0).weights()[3 * 36 + 5] = Float.NaN;
        nan = dir.resolve("nan.safetensors");
        ModelFile.save(nan, m);
    }

    @Test
    void evalRefusesItNamingTensorAndIndex() {
        Cli.Run r = Cli.run("eval", "--model", nan.toString(), "--data", data.toString());
        assertEquals(1, r.status());
        assertEquals("meprop: " + nan + ": tensor 'layers.0.weight' holds 1 non-finite value, the first NaN at index 113"
                + " [3, 5] (diverged training or a corrupt file)", r.err().strip());
        assertFalse(r.out().contains("accuracy"), r.out());
    }

    @Test
    void evalWithTheOptInSaysTheAccuracyIsUndefined() {
        Cli.Run r = Cli.run("eval", "--model", nan.toString(), "--data", data.toString(), "--allow-non-finite");
        assertEquals(1, r.status(), "no figure, no success");
        assertTrue(r.out().contains("undefined: 50 of 50 examples have non-finite logits"), r.out());
        assertEquals("meprop: " + nan + ": test accuracy undefined: 50 of 50 examples have non-finite logits",
                r.err().strip());
        assertFalse(r.out().contains("NaN") || r.out().matches("(?s).*test accuracy\\s+\\d.*"), r.out());
    }

    @Test
    void compressRefusesItAndWithTheOptInReportsNoNaN() throws IOException {
        Path out = dir.resolve("small.safetensors");
        Cli.Run r = Cli.run("compress", "--model", nan.toString(), "--out", out.toString(), "--merge", "0.9", "--data",
                data.toString(), "--dev", "50");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("non-finite"), r.err());
        assertFalse(Files.exists(out));

        r = Cli.run("compress", "--model", nan.toString(), "--out", out.toString(), "--merge", "0.9", "--data",
                data.toString(), "--dev", "50", "--allow-non-finite");
        assertEquals(0, r.status(), r.err());
        assertFalse(r.out().contains("NaN"), r.out());
        assertTrue(r.out().contains("max |logit change| on test") && r.out().contains("undefined: "), r.out());
        assertTrue(Files.exists(out));
    }
}
