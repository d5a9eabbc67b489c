package io.github.meprop.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.meprop.testing.Mutations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Damaged {@code train --json} result files, as {@code plot} reads them: a {@link ResultFile}, a
 * {@link ResultFileException} (not JSON, a field missing or malformed) or a
 * {@link FileSystemException} naming the file (not UTF-8), nothing else.
 */
class ResultFileFuzzTest {
    private static final byte[] VALID = ("{\n  \"data\": \"mnist\",\n  \"test_accuracy\": 0.9505,\n"
            + "  \"backward_seconds\": 6.95,\n  \"mode\": \"topk\",\n  \"k\": \"20\",\n"
            + "  \"optimizer\": \"adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8, clip=5.0, dense)\",\n"
            + "  \"dropout\": 0.3,\n  \"seed\": 1,\n  \"history\": [{\"epoch\": 1, \"dev_accuracy\": 0.96}, null]\n}\n")
            .getBytes(StandardCharsets.UTF_8);

    @Property(tries = 500)
    void damagedResultFiles(@ForAll long seed) throws IOException {
        Path f = Files.createTempFile("result-fuzz", ".json");
        try {
            Files.write(f, Mutations.mutate(VALID, seed, 64, 1, true));
            try {
                ResultFile.read(f);
            } catch (ResultFileException | FileSystemException expected) {
                assertTrue(expected.getMessage().startsWith(f.toString()), expected.getMessage());
            }
        } finally {
            Files.delete(f);
        }
    }
}
